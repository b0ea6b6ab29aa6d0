/// A position in a grid: `row` first, then `col`, both zero-based.
///
/// Coordinates outside `0..<rows` / `0..<cols` are meaningful: they name padding cells
/// (for example `(-1, -1)` is the padding cell diagonally above-left of `x(0,0)`).
public struct GridIndex: Hashable, Sendable, CustomStringConvertible {
    public var row: Int
    public var col: Int

    public init(_ row: Int, _ col: Int) {
        self.row = row
        self.col = col
    }

    public var description: String { "(\(row),\(col))" }
}

/// A dense, row-major matrix of `Double`s: an image, a kernel or a feature map.
///
/// Storage is one contiguous array so that the convolution loops run over memory in order.
/// A 1D signal is a grid with one row.
public struct Grid: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    /// Row-major values: `values[r * cols + c]` is `x(r, c)`.
    public var values: [Double]

    /// A `rows × cols` grid filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "Grid dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.values = Array(repeating: value, count: rows * cols)
    }

    /// A grid from row-major `values`; `values.count` must equal `rows * cols`.
    public init(rows: Int, cols: Int, values: [Double]) {
        precondition(values.count == rows * cols, "Grid needs rows × cols values")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A grid from nested rows, e.g. `Grid([[1, 0, -1], [2, 0, -2], [1, 0, -1]])`.
    /// Throws ``ConvolutionError/raggedRows(name:row:expected:found:)`` when rows differ in length.
    public init(_ nested: [[Double]], name: String = "matrix") throws(ConvolutionError) {
        guard let first = nested.first, !first.isEmpty else { throw ConvolutionError.empty(name: name) }
        for (r, row) in nested.enumerated() where row.count != first.count {
            throw ConvolutionError.raggedRows(name: name, row: r, expected: first.count, found: row.count)
        }
        self.init(rows: nested.count, cols: first.count, values: nested.flatMap { $0 })
    }

    /// A one-row grid holding a 1D signal.
    public init(signal: [Double]) {
        self.init(rows: 1, cols: signal.count, values: signal)
    }

    /// `x(r, c)`. Traps when out of range: callers index padding through ``Boundary``.
    @inlinable
    public subscript(_ r: Int, _ c: Int) -> Double {
        get { values[r * cols + c] }
        set { values[r * cols + c] = newValue }
    }

    public subscript(_ index: GridIndex) -> Double {
        get { self[index.row, index.col] }
        set { self[index.row, index.col] = newValue }
    }

    /// True when `(r, c)` lies inside the grid.
    public func contains(_ r: Int, _ c: Int) -> Bool {
        r >= 0 && r < rows && c >= 0 && c < cols
    }

    /// The rows as nested arrays (for printing and JSON).
    public var nestedRows: [[Double]] {
        (0..<rows).map { r in Array(values[(r * cols)..<((r + 1) * cols)]) }
    }

    /// Smallest and largest value; `(0, 0)` for an empty grid.
    public var range: (min: Double, max: Double) {
        guard let lo = values.min(), let hi = values.max() else { return (0, 0) }
        return (lo, hi)
    }

    /// Element-wise `self − other`; both must have the same shape.
    public func subtracting(_ other: Grid) -> Grid {
        precondition(rows == other.rows && cols == other.cols, "shapes differ")
        return Grid(rows: rows, cols: cols, values: zip(values, other.values).map { $0 - $1 })
    }

    /// Applies `transform` to every value.
    public func map(_ transform: (Double) -> Double) -> Grid {
        Grid(rows: rows, cols: cols, values: values.map(transform))
    }
}
