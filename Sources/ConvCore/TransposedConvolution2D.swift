/// A 2D transposed convolution of one channel, PyTorch's `conv_transpose2d`: every input cell
/// stamps the kernel, scaled by its value, into the output; where stamps overlap they add.
///
/// ```
/// y(s·r − p + d·a, s·c − p + d·b) += x(r,c)·k(a,b)      for every input cell (r,c) and tap (a,b)
/// y += bias                                              (marks outside the output are cropped)
/// ```
/// Output `(n − 1)·s − 2p + d·(k − 1) + output_padding + 1` per axis (``TransposedGeometry``).
/// The kernel is **not flipped** in this, the scatter form (the definition). Read as a gather —
/// each output cell collecting what lands on it — the same numbers are an ordinary stride-1
/// **convolution** (kernel flipped) over the input with `s − 1` zeros inserted between its cells
/// (``gather()``).
///
/// It is the transpose of a convolution: the stride-`s`, padding-`p` cross-correlation `C` from the
/// output's shape to the input's (``matchingConvolution()``) gives `y = Cᵀ·x + bias` — which is why
/// the gradient of a convolution with respect to its input is a transposed convolution, and why
/// it is sometimes (wrongly) called a deconvolution: it restores shapes, not values.
public struct TransposedConvolution2D: Sendable {
    public let input: Grid
    /// The kernel as written (and as stamped).
    public let kernel: Grid
    public let geometry: TransposedGeometry
    /// Added to every output cell after all stamps.
    public let bias: Double
    public let output: Grid

    public init(input: Grid, kernel: Grid, geometry: TransposedGeometry = TransposedGeometry(),
                bias: Double = 0) throws(ConvolutionError) {
        try input.validate(name: "input", limit: Limits.maxInputValues)
        try kernel.validate(name: "kernel", limit: Limits.maxKernelValues)
        guard bias.isFinite else { throw .notFinite(name: "bias", row: 0, col: 0) }
        try ConvLayer.checkWork(cells: input.rows * input.cols, perCell: kernel.rows * kernel.cols,
                                limit: Limits.maxLoopProducts, what: "The transposed convolution")
        let shape = try geometry.outputShape(inputRows: input.rows, inputCols: input.cols,
                                             kernelRows: kernel.rows, kernelCols: kernel.cols)
        self.input = input
        self.kernel = kernel
        self.geometry = geometry
        self.bias = bias
        var y = scatter(input, kernel, geometry, upTo: input.values.count, rows: shape.rows, cols: shape.cols)
        if bias != 0 { y = y.map { $0 + bias } }
        self.output = y
    }

    /// One stamp per input cell, in row-major order.
    public var stampCount: Int { input.rows * input.cols }

    /// Stamp `i`: input cell `(r, c)`, its value, and where each tap's product lands.
    public func stamp(_ i: Int) throws(ConvolutionError) -> Stamp {
        guard i >= 0 && i < stampCount else { throw .stepOutOfRange(step: i, count: stampCount) }
        let r = i / input.cols, c = i % input.cols
        let s = geometry.stride, p = geometry.padding, d = geometry.dilation
        let x = input[r, c]
        var marks: [StampMark] = []
        marks.reserveCapacity(kernel.rows * kernel.cols)
        for a in 0..<kernel.rows {
            for b in 0..<kernel.cols {
                let at = GridIndex(s.y * r - p.y + d.y * a, s.x * c - p.x + d.x * b)
                marks.append(StampMark(kernelIndex: GridIndex(a, b), output: at, isCropped: !output.contains(at.row, at.col),
                                       weight: kernel[a, b], product: x * kernel[a, b]))
            }
        }
        return Stamp(index: i, count: stampCount, input: GridIndex(r, c), value: x,
                     origin: GridIndex(s.y * r - p.y, s.x * c - p.x), marks: marks)
    }

    /// The output after stamps `0 … i` (no bias yet): what a figure shows while the stamps pile up.
    /// After the last stamp, plus the bias, it is ``output`` exactly.
    public func partialOutput(through i: Int) throws(ConvolutionError) -> Grid {
        guard i >= 0 && i < stampCount else { throw .stepOutOfRange(step: i, count: stampCount) }
        return scatter(input, kernel, geometry, upTo: i + 1, rows: output.rows, cols: output.cols)
    }

    /// The convolution this is the transpose of: a cross-correlation (kernel not flipped) with the
    /// same kernel, stride, padding `p` on every side and dilation, from an input of the output's
    /// shape (all zeros here: only its geometry matters). Its output has the input's shape — or,
    /// when the output padding is not below the stride (allowed if it is below the dilation), a
    /// few more rows or columns, which the transposed convolution treats as zeros.
    public func matchingConvolution() throws(ConvolutionError) -> Convolution2D {
        let p = geometry.padding
        return try Convolution2D(input: Grid(rows: output.rows, cols: output.cols), kernel: kernel, operation: .correlation,
                                 geometry: Geometry(padding: .explicit(Padding(top: p.y, bottom: p.y, left: p.x, right: p.x)),
                                                    stride: geometry.stride, dilation: geometry.dilation))
    }
}

/// The scatter loops over the first `count` input cells (row-major): the definition.
func scatter(_ x: Grid, _ k: Grid, _ g: TransposedGeometry, upTo count: Int, rows: Int, cols: Int) -> Grid {
    let sy = g.stride.y, sx = g.stride.x, py = g.padding.y, px = g.padding.x, dy = g.dilation.y, dx = g.dilation.x
    var y = Grid(rows: rows, cols: cols)
    for n in 0..<count {
        let r = n / x.cols, c = n % x.cols
        let xrc = x[r, c]
        for a in 0..<k.rows {
            let u = sy * r - py + dy * a
            // Rows cropped by the padding (or beyond the output) receive nothing.
            guard u >= 0 && u < rows else { continue }
            for b in 0..<k.cols {
                let v = sx * c - px + dx * b
                guard v >= 0 && v < cols else { continue }
                y[u, v] += xrc * k[a, b]
            }
        }
    }
    return y
}

/// One input cell's stamp: the kernel, scaled by the cell's value, laid into the output.
public struct Stamp: Equatable, Sendable {
    /// Zero-based stamp number and how many there are.
    public var index: Int
    public var count: Int
    /// The input cell `(r, c)`.
    public var input: GridIndex
    /// `x(r, c)`.
    public var value: Double
    /// Where `k(0,0)`'s mark lands: `(s·r − p, s·c − p)` (outside the output when cropped).
    public var origin: GridIndex
    /// One mark per kernel tap, in kernel order (row-major).
    public var marks: [StampMark]
}

/// One tap's mark in a stamp: `x(r,c)·k(a,b)` added to output cell `(s·r − p + d·a, s·c − p + d·b)`.
public struct StampMark: Equatable, Sendable {
    /// The tap `(a, b)` of the kernel as written (a transposed convolution's scatter does not flip).
    public var kernelIndex: GridIndex
    /// The output cell the product is added to; outside the output when `isCropped`.
    public var output: GridIndex
    /// True when the padding cropped this cell away (or it lies past the output): the product is lost.
    public var isCropped: Bool
    public var weight: Double
    /// `value · weight`.
    public var product: Double
}
