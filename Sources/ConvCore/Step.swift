/// One tap of the kernel at one step: which input cell it reads, the weight, the product.
public struct Tap: Equatable, Sendable {
    /// Position inside the window / the kernel as used, `(0,0)` top-left.
    public var window: GridIndex
    /// The tap's label `(a, b)` in the lecture's formula for the chosen indexing and operation.
    public var label: GridIndex
    /// Index into the kernel as the user wrote it (differs from `window` for convolution).
    public var kernelIndex: GridIndex
    /// Input coordinates read by this tap; outside the input when `isPadding`.
    public var input: GridIndex
    /// The input cell a padding value was copied from (boundary modes), `nil` for a zero.
    public var source: GridIndex?
    public var isPadding: Bool
    /// `x` at `input`.
    public var value: Double
    /// The kernel weight as used (after the flip, for convolution).
    public var weight: Double
    /// `value · weight`.
    public var product: Double
}

/// Everything that happened to produce one output cell.
public struct Step: Equatable, Sendable {
    /// Zero-based step number and how many steps there are.
    public var index: Int
    public var count: Int
    /// The output cell being computed.
    public var output: GridIndex
    /// The output pixel's position in input coordinates, per the indexing (see ``Convolution2D/anchor(for:)``).
    public var anchor: GridIndex
    /// The window's top-left cell in input coordinates.
    public var windowOrigin: GridIndex
    /// Taps in window order, top-left to bottom-right.
    public var taps: [Tap]
    /// `Σ products`, added in `taps` order.
    public var sum: Double
    public var bias: Double
    /// `sum + bias`: equals the output cell exactly.
    public var result: Double
}
