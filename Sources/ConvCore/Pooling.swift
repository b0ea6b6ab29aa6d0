/// Max or average pooling of one channel, as PyTorch's `max_pool2d` / `avg_pool2d` compute it
/// (`ceil_mode = False`):
///
/// ```
/// max:  y(i,j) = max_{a,b} x(s·i − p + a, s·j − p + b)           padding cells count as −∞
/// avg:  y(i,j) = Σ_{a,b} x(s·i − p + a, s·j − p + b) / n         padding cells count as 0
/// ```
/// `n = k₁·k₂` with `count_include_pad` (PyTorch's default), else the number of real cells in the
/// window. Output size as for a convolution with dilation 1: `⌊(H + 2p − k)/s⌋ + 1`. Padding may be
/// at most half the window (PyTorch's rule), so every window holds a real cell. A max-pool step
/// keeps the cell that won (the first largest, in row-major order, as PyTorch's kernel does): the
/// gradient of max-pooling flows back only there.
public struct Pooling: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case max
        case average = "avg"
    }

    public var kind: Kind
    public var size: Axes
    public var stride: Axes
    public var padding: Axes
    public var countIncludePad: Bool

    /// `stride` defaults to the window size, as in PyTorch.
    public init(kind: Kind, size: Axes, stride: Axes? = nil, padding: Axes = Axes(0),
                countIncludePad: Bool = true) throws(ConvolutionError) {
        for v in [size.y, size.x] where v < 1 { throw .nonPositive(field: "pooling size", value: v) }
        for v in [size.y, size.x] where v > 64 { throw .beyondLimit(field: "pooling size", value: v, limit: 64) }
        let stride = stride ?? size
        for v in [stride.y, stride.x] where v < 1 { throw .nonPositive(field: "pooling stride", value: v) }
        for v in [stride.y, stride.x] where v > Limits.maxSetting {
            throw .beyondLimit(field: "pooling stride", value: v, limit: Limits.maxSetting)
        }
        for v in [padding.y, padding.x] where v < 0 { throw .negativePadding(value: v) }
        if padding.y > size.y / 2 || padding.x > size.x / 2 {
            throw .shapes("The pooling padding \(padding) is more than half the window \(size): use padding at most \(Axes(y: size.y / 2, x: size.x / 2)).")
        }
        self.kind = kind
        self.size = size
        self.stride = stride
        self.padding = padding
        self.countIncludePad = countIncludePad
    }

    /// Output rows and columns for an `rows × cols` input; throws when the window does not fit.
    public func outputShape(rows: Int, cols: Int) throws(ConvolutionError) -> (rows: Int, cols: Int) {
        let r = outputSize(input: rows, kernel: size.y, padding: padding.y, stride: stride.y, dilation: 1)
        let c = outputSize(input: cols, kernel: size.x, padding: padding.x, stride: stride.x, dilation: 1)
        if r < 1 { throw .kernelTooLarge(axis: "rows", span: size.y, available: rows + 2 * padding.y) }
        if c < 1 { throw .kernelTooLarge(axis: "columns", span: size.x, available: cols + 2 * padding.x) }
        return (r, c)
    }

    /// Input coordinates of the window's top-left cell for output cell `o` (negative in the padding).
    public func windowOrigin(for o: GridIndex) -> GridIndex {
        GridIndex(o.row * stride.y - padding.y, o.col * stride.x - padding.x)
    }

    /// The pooled grid, and for max-pooling the input cell each output took its value from.
    public func apply(_ x: Grid) throws(ConvolutionError) -> PoolResult {
        try x.validate(name: "input", limit: Limits.maxInputValues)
        let shape = try outputShape(rows: x.rows, cols: x.cols)
        var out = Grid(rows: shape.rows, cols: shape.cols)
        var winners: [GridIndex] = []
        if kind == .max { winners.reserveCapacity(shape.rows * shape.cols) }
        for i in 0..<shape.rows {
            for j in 0..<shape.cols {
                let w = window(x, output: GridIndex(i, j))
                out[i, j] = w.result
                if let at = w.winner { winners.append(at) }
            }
        }
        return PoolResult(output: out, winners: winners)
    }

    /// One output cell: the cells of its window, the result and (max) the winning cell.
    public func step(_ x: Grid, output o: GridIndex) throws(ConvolutionError) -> PoolStep {
        try x.validate(name: "input", limit: Limits.maxInputValues)
        let shape = try outputShape(rows: x.rows, cols: x.cols)
        guard o.row >= 0 && o.row < shape.rows && o.col >= 0 && o.col < shape.cols else {
            throw .stepOutOfRange(step: o.row * shape.cols + o.col, count: shape.rows * shape.cols)
        }
        return window(x, output: o)
    }

    /// Every window, in row-major order of the output (one check of `x` for all of them).
    public func steps(_ x: Grid) throws(ConvolutionError) -> [PoolStep] {
        try x.validate(name: "input", limit: Limits.maxInputValues)
        let shape = try outputShape(rows: x.rows, cols: x.cols)
        var list: [PoolStep] = []
        list.reserveCapacity(shape.rows * shape.cols)
        for i in 0..<shape.rows {
            for j in 0..<shape.cols { list.append(window(x, output: GridIndex(i, j))) }
        }
        return list
    }

    private func window(_ x: Grid, output o: GridIndex) -> PoolStep {
        let origin = windowOrigin(for: o)
        var cells: [GridIndex] = []
        var best = -Double.infinity, winner: GridIndex?
        var sum = 0.0, real = 0
        for a in 0..<size.y {
            for b in 0..<size.x {
                let at = GridIndex(origin.row + a, origin.col + b)
                cells.append(at)
                guard x.contains(at.row, at.col) else { continue }
                let v = x[at]
                real += 1
                sum += v
                if v > best { best = v; winner = at }
            }
        }
        switch kind {
        case .max:
            return PoolStep(output: o, cells: cells, divisor: nil, sum: nil, result: best, winner: winner)
        case .average:
            let n = countIncludePad ? size.y * size.x : real
            return PoolStep(output: o, cells: cells, divisor: n, sum: sum, result: sum / Double(n), winner: nil)
        }
    }
}

/// A pooled grid and, for max-pooling, the input cell each output cell took its value from
/// (row-major, one per output cell; empty for average pooling).
public struct PoolResult: Equatable, Sendable {
    public var output: Grid
    public var winners: [GridIndex]
}

/// One pooling window.
public struct PoolStep: Equatable, Sendable {
    public var output: GridIndex
    /// The window's cells in input coordinates, row-major; cells outside the input are padding.
    public var cells: [GridIndex]
    /// Average pooling: what the sum is divided by, and the sum.
    public var divisor: Int?
    public var sum: Double?
    public var result: Double
    /// Max-pooling: the first cell holding the largest value.
    public var winner: GridIndex?
}

extension Volume {
    /// Every channel pooled (pooling never mixes channels).
    public func pooled(_ p: Pooling) throws(ConvolutionError) -> Volume {
        var maps: [Grid] = []
        for c in 0..<count { maps.append(try p.apply(self[c]).output) }
        return try Volume(maps, name: "output")
    }
}

extension PoolStep {
    /// The window written out: `z(0,1) = max(0, 12, 3, 0) = 12` (padding cells as −∞), or
    /// `z(0,1) = (0 + 12 + 3 + 0) / 4 = 3.75` (padding cells as 0); `output` names the pooled map.
    public func text(_ x: Grid, output outputName: String = "y") -> String {
        let values = cells.map { x.contains($0.row, $0.col) ? NumberFormat.factor(x[$0]) : nil }
        let name = "\(outputName)(\(output.row),\(output.col))"
        let result = NumberFormat.string(self.result, unicodeMinus: true)
        if let divisor {
            // Padding counted: its zeros are terms; not counted: only the real cells are.
            let terms = divisor == cells.count ? values.map { $0 ?? "0" } : values.compactMap { $0 }
            return "\(name) = (\(terms.joined(separator: " + "))) / \(divisor) = \(result)"
        }
        return "\(name) = max(\(values.map { $0 ?? "−∞" }.joined(separator: ", "))) = \(result)"
    }
}
