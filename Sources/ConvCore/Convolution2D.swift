/// A 2D convolution or cross-correlation, planned once: the padded input, the output shape,
/// the output itself and every step that produced it.
///
/// ```swift
/// let patch = try Grid([[200, 150, 150], [100, 50, 100], [25, 25, 10]])
/// let k = try Grid([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
/// let op = try Convolution2D(input: patch, kernel: k, operation: .correlation)
/// op.output[0, 0]          // 65
/// try op.step(0).result    // 65, with the nine products that make it
/// ```
/// Semantics with padding, stride and dilation are PyTorch's `conv2d` (a cross-correlation);
/// `full`/`same`/`valid` are scipy's `correlate2d`. Convolution is always cross-correlation with
/// ``Grid/rotated180()`` of the kernel, so for an even kernel its `same` output sits one position
/// off scipy's `convolve2d` (which centres the flipped kernel differently); `full` and `valid` agree.
public struct Convolution2D: Sendable {
    public let input: Grid
    /// The kernel as the user wrote it.
    public let kernel: Grid
    /// The kernel as the sliding window uses it: flipped for convolution, as written for correlation.
    public let kernelAsUsed: Grid
    public let operation: Operation
    public let geometry: Geometry
    public let padding: Padding
    public let output: Grid

    /// Outputs with more cells than this are computed by the fast path (SIMD over neighbouring
    /// output cells, bands of rows on every core, see `correlateFast`), smaller ones — every
    /// step-by-step figure — by the lecture-shaped loops below. Both add the same products in the
    /// same order, so the output is bit for bit the same either way and equals `step(i).result`.
    public static let fastPathThreshold = 4096

    public init(input: Grid, kernel: Grid, operation: Operation, geometry: Geometry = Geometry()) throws(ConvolutionError) {
        try input.validateSize(name: "input", limit: Limits.maxInputValues)
        let layout: Layout
        do throws(ConvolutionError) {
            try kernel.validate(name: "kernel", limit: Limits.maxKernelValues)
            layout = try Layout(inputRows: input.rows, inputCols: input.cols,
                                kernelRows: kernel.rows, kernelCols: kernel.cols, geometry: geometry)
        } catch {
            // A NaN or infinity in the input is reported before anything else, whichever path runs.
            try input.validateValues(name: "input")
            throw error
        }
        let padding = layout.padding
        self.input = input
        self.kernel = kernel
        self.kernelAsUsed = operation == .convolution ? kernel.rotated180() : kernel
        self.operation = operation
        self.geometry = geometry
        self.padding = padding
        if layout.outputRows * layout.outputCols > Convolution2D.fastPathThreshold {
            // The same sums in the same order, vectorised over output cells and run on every core.
            // It checks the input's values itself, each core a share of the rows before it sums.
            self.output = try correlateFast(input, kernelAsUsed, geometry, padding,
                                            rows: layout.outputRows, cols: layout.outputCols)
        } else {
            try input.validateValues(name: "input")
            var out = Grid(rows: layout.outputRows, cols: layout.outputCols)
            switch operation {
            case .correlation: correlateLoops(input, kernel, geometry, padding, into: &out)
            case .convolution: convolveLoops(input, kernel, geometry, padding, into: &out)
            }
            self.output = out
        }
    }

    /// The input with its padding filled in; cell `(r, c)` is input `(r − top, c − left)`.
    public func paddedInput() -> Grid {
        input.padded(by: padding, boundary: geometry.boundary)
    }

    /// One step per output cell, in row-major order.
    public var stepCount: Int { output.rows * output.cols }

    /// The output cell that step `i` computes.
    public func outputIndex(ofStep i: Int) -> GridIndex {
        GridIndex(i / output.cols, i % output.cols)
    }

    /// Input coordinates (unpadded; negative or past the end inside the padding) of the window's
    /// top-left cell for output cell `o`.
    public func windowOrigin(for o: GridIndex) -> GridIndex {
        GridIndex(o.row * geometry.stride.y - padding.top, o.col * geometry.stride.x - padding.left)
    }

    /// The input cell that the tap labelled `(0,0)` reads for output cell `o` — where the lecture
    /// puts the output pixel: the window's top-left for corner correlation, the kernel centre for
    /// centered indexing, the window's bottom-right for corner convolution (as `y[k] = Σ h[n]·x[k−n]`
    /// puts `y[k]` over the `x` that `h[0]` multiplies). From ``ConvolutionFormula``.
    public func anchor(for o: GridIndex) -> GridIndex {
        let f = ConvolutionFormula(self)
        let w = windowOrigin(for: o)
        return GridIndex(f.position(axis: 0, output: o.row, label: 0) ?? w.row,
                         f.position(axis: 1, output: o.col, label: 0) ?? w.col)
    }

    /// The tap label `(a, b)` of the lecture's formula for the tap at window position `(i, j)`.
    ///
    /// Correlation labels the kernel as used; convolution labels the *original* kernel `k(a,b)`,
    /// which sits at window position `(k₁−1−a, k₂−1−b)` after the flip. Corner labels run
    /// `0 … k−1`; centered labels are shifted so that the centre tap is `0`.
    public func tapLabel(window i: Int, _ j: Int) -> GridIndex {
        let kr = kernel.rows, kc = kernel.cols
        switch (operation, geometry.indexing) {
        case (.correlation, .corner): return GridIndex(i, j)
        case (.correlation, .centered): return GridIndex(i - (kr - 1) / 2, j - (kc - 1) / 2)
        case (.convolution, .corner): return GridIndex(kr - 1 - i, kc - 1 - j)
        case (.convolution, .centered): return GridIndex(kr - 1 - i - kr / 2, kc - 1 - j - kc / 2)
        }
    }

    /// The range of tap labels along rows and columns (e.g. `−1...1` centered, `0...2` corner).
    public var tapLabelRange: (rows: ClosedRange<Int>, cols: ClosedRange<Int>) {
        let a = tapLabel(window: 0, 0), b = tapLabel(window: kernel.rows - 1, kernel.cols - 1)
        return (min(a.row, b.row)...max(a.row, b.row), min(a.col, b.col)...max(a.col, b.col))
    }

    /// Step `i`: the window, every tap's input cell, value, weight and product, the sum and the result.
    ///
    /// Products are listed and summed in window order (top-left to bottom-right), the order the
    /// output loops add them, so `step(i).result == output` cell `i` exactly.
    public func step(_ i: Int) throws(ConvolutionError) -> Step {
        guard i >= 0 && i < stepCount else { throw .stepOutOfRange(step: i, count: stepCount) }
        let o = outputIndex(ofStep: i)
        let origin = windowOrigin(for: o)
        var taps: [Tap] = []
        taps.reserveCapacity(kernel.rows * kernel.cols)
        var sum = 0.0
        for wi in 0..<kernel.rows {
            for wj in 0..<kernel.cols {
                let at = GridIndex(origin.row + wi * geometry.dilation.y, origin.col + wj * geometry.dilation.x)
                let inside = input.contains(at.row, at.col)
                let sr = geometry.boundary.source(of: at.row, length: input.rows)
                let sc = geometry.boundary.source(of: at.col, length: input.cols)
                var source: GridIndex?
                if let sr, let sc { source = GridIndex(sr, sc) }
                let x = source.map { input[$0] } ?? 0
                let label = tapLabel(window: wi, wj)
                let kernelIndex = operation == .convolution
                    ? GridIndex(kernel.rows - 1 - wi, kernel.cols - 1 - wj) : GridIndex(wi, wj)
                let w = kernelAsUsed[wi, wj]
                let product = x * w
                sum += product
                taps.append(Tap(window: GridIndex(wi, wj), label: label, kernelIndex: kernelIndex,
                                input: at, source: source, isPadding: !inside,
                                value: x, weight: w, product: product))
            }
        }
        return Step(index: i, count: stepCount, output: o, anchor: anchor(for: o), windowOrigin: origin,
                    taps: taps, sum: sum, bias: geometry.bias, result: sum + geometry.bias)
    }
}

// MARK: - The loops

/// Cross-correlation in the lecture's corner form, over the padded input `xp`:
/// `y(r,c) = Σ_a Σ_b xp(r·s + a·d, c·s + b·d) · k(a,b)` — the kernel is **not** flipped.
/// The innermost loop runs along a padded row, contiguous in memory.
func correlateLoops(_ x: Grid, _ k: Grid, _ g: Geometry, _ p: Padding, into y: inout Grid) {
    let sy = g.stride.y, sx = g.stride.x, dy = g.dilation.y, dx = g.dilation.x
    let outCols = y.cols
    PaddedRows.each(of: x, padding: p, boundary: g.boundary, output: &y) { r, yRow, xp in
        for a in 0..<k.rows {
            // A row of zero padding adds nothing (0·k = 0), so it is skipped.
            guard let xRow = xp(r * sy + a * dy) else { continue }
            for b in 0..<k.cols {
                let kab = k[a, b]
                let xStart = xRow + b * dx
                if sx == 1 {
                    for c in 0..<outCols { yRow[c] += xStart[c] * kab }
                } else {
                    for c in 0..<outCols { yRow[c] += xStart[c * sx] * kab }
                }
            }
        }
        if g.bias != 0 { for c in 0..<outCols { yRow[c] += g.bias } }
    }
}

/// Convolution in the lecture's form, over the padded input `xp`:
/// `y(r,c) = Σ_a Σ_b xp(r·s + d(k₁−1) − a·d, c·s + d(k₂−1) − b·d) · k(a,b)` — the kernel is
/// **flipped**: "start at the end of the kernel and move back" while the window moves forward.
/// `a` runs from `k₁−1` down to 0 so products are added in window order, exactly as
/// ``correlateLoops(_:_:_:_:into:)`` adds them for `rot180(k)`.
func convolveLoops(_ x: Grid, _ k: Grid, _ g: Geometry, _ p: Padding, into y: inout Grid) {
    let sy = g.stride.y, sx = g.stride.x, dy = g.dilation.y, dx = g.dilation.x
    let outCols = y.cols
    PaddedRows.each(of: x, padding: p, boundary: g.boundary, output: &y) { r, yRow, xp in
        for a in stride(from: k.rows - 1, through: 0, by: -1) {
            guard let xRow = xp(r * sy + dy * (k.rows - 1) - a * dy) else { continue }
            for b in stride(from: k.cols - 1, through: 0, by: -1) {
                let kab = k[a, b]
                let xStart = xRow + dx * (k.cols - 1) - b * dx
                if sx == 1 {
                    for c in 0..<outCols { yRow[c] += xStart[c] * kab }
                } else {
                    for c in 0..<outCols { yRow[c] += xStart[c * sx] * kab }
                }
            }
        }
        if g.bias != 0 { for c in 0..<outCols { yRow[c] += g.bias } }
    }
}

/// Hands the loops one padded input row at a time, without building the whole padded image:
/// rows of the input are used in place when there is no left/right padding, and otherwise
/// copied with their padding into a small reused buffer.
enum PaddedRows {
    typealias RowLookup = (Int) -> UnsafePointer<Double>?

    static func each(of x: Grid, padding p: Padding, boundary: Boundary, output y: inout Grid,
                     body: (Int, UnsafeMutablePointer<Double>, RowLookup) -> Void) {
        let paddedCols = x.cols + p.left + p.right
        let sourceCol = (0..<paddedCols).map { boundary.source(of: $0 - p.left, length: x.cols) }
        let outCols = y.cols, outRows = y.rows
        var buffer = [Double](repeating: 0, count: paddedCols)
        var bufferRow = Int.min
        x.values.withUnsafeBufferPointer { src in
            buffer.withUnsafeMutableBufferPointer { buf in
                y.values.withUnsafeMutableBufferPointer { out in
                    let lookup: RowLookup = { paddedRow in
                        guard let sr = boundary.source(of: paddedRow - p.top, length: x.rows) else { return nil }
                        let srcRow = src.baseAddress! + sr * x.cols
                        if p.left == 0 && p.right == 0 { return srcRow }
                        if bufferRow != sr {
                            let b = buf.baseAddress!
                            (b + p.left).update(from: srcRow, count: x.cols)
                            for c in 0..<p.left { b[c] = sourceCol[c].map { srcRow[$0] } ?? 0 }
                            for c in (p.left + x.cols)..<paddedCols { b[c] = sourceCol[c].map { srcRow[$0] } ?? 0 }
                            bufferRow = sr
                        }
                        return UnsafePointer(buf.baseAddress!)
                    }
                    for r in 0..<outRows {
                        body(r, out.baseAddress! + r * outCols, lookup)
                    }
                }
            }
        }
    }
}

// MARK: - Convenience

/// 2D cross-correlation `x ⋆ k` (kernel **not** flipped). See ``Convolution2D``.
public func correlate2D(_ x: Grid, _ k: Grid, _ geometry: Geometry = Geometry()) throws(ConvolutionError) -> Grid {
    try Convolution2D(input: x, kernel: k, operation: .correlation, geometry: geometry).output
}

/// 2D convolution `x ∗ k` (kernel **flipped**, rotated 180°). See ``Convolution2D``.
public func convolve2D(_ x: Grid, _ k: Grid, _ geometry: Geometry = Geometry()) throws(ConvolutionError) -> Grid {
    try Convolution2D(input: x, kernel: k, operation: .convolution, geometry: geometry).output
}
