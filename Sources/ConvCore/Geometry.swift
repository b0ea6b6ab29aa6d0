/// Which operation: the kernel flipped (convolution) or not (cross-correlation).
public enum Operation: String, CaseIterable, Sendable {
    /// `y(r,c) = Σ_a Σ_b x(r−a, c−b)·k(a,b)`: the kernel is **flipped** (rotated 180°).
    case convolution
    /// `y(r,c) = Σ_a Σ_b x(r+a, c+b)·k(a,b)`: the kernel is used **as written** (what deep-learning
    /// libraries call "convolution").
    case correlation

    public var symbol: String { self == .convolution ? "∗" : "⋆" }
}

/// How the output size is chosen when no explicit padding is given (scipy's names).
public enum Mode: String, CaseIterable, Sendable {
    /// Every position where kernel and input overlap at all: padding `d(k−1)` on each side.
    case full
    /// Output as large as the input (for stride 1): total padding `d(k−1)`, `⌊d(k−1)/2⌋` before.
    /// For an even kernel the tap at index `(k−1)//2` sits on the output pixel, as in scipy's
    /// `correlate2d` and PyTorch's `padding='same'`.
    case same
    /// Only positions where the kernel lies wholly inside the input: no padding.
    case valid
}

/// How taps and output pixels are numbered (the lecture uses both).
public enum Indexing: String, CaseIterable, Sendable {
    /// Taps `a ∈ −(k₁−1)/2 … (k₁−1)/2`; the output pixel sits under the kernel's centre.
    /// The lecture writes convolution this way: `y(r,c) = Σ_a Σ_b x(r−a, c−b)·k(a,b)`.
    case centered
    /// Taps `a ∈ 0 … k₁−1`; the output pixel sits at the window's top-left.
    /// The lecture writes cross-correlation this way: `y(r,c) = Σ_a Σ_b x(r+a, c+b)·k(a,b)`.
    case corner
}

/// Padding given either by a mode or explicitly.
public enum PaddingRule: Equatable, Sendable {
    case mode(Mode)
    case explicit(Padding)
}

/// A per-axis pair: vertical (`y`, rows) and horizontal (`x`, columns).
public struct Axes: Equatable, Sendable, CustomStringConvertible {
    public var y: Int
    public var x: Int
    public init(_ both: Int) { y = both; x = both }
    public init(y: Int, x: Int) { self.y = y; self.x = x }
    public var description: String { y == x ? "\(y)" : "\(y),\(x)" }
}

/// Everything about *where* the kernel goes, shared by convolution and correlation:
/// padding, boundary, stride, dilation, indexing and the bias added to every output.
public struct Geometry: Equatable, Sendable {
    public var padding: PaddingRule
    public var boundary: Boundary
    public var stride: Axes
    public var dilation: Axes
    public var indexing: Indexing
    public var bias: Double

    public init(padding: PaddingRule = .mode(.valid), boundary: Boundary = .zero,
                stride: Axes = Axes(1), dilation: Axes = Axes(1),
                indexing: Indexing = .corner, bias: Double = 0) {
        self.padding = padding
        self.boundary = boundary
        self.stride = stride
        self.dilation = dilation
        self.indexing = indexing
        self.bias = bias
    }

    /// The padding on each side for a kernel of `kernelRows × kernelCols`.
    public func resolvedPadding(kernelRows: Int, kernelCols: Int) -> Padding {
        switch padding {
        case .explicit(let p):
            return p
        case .mode(let mode):
            let spanY = dilation.y * (kernelRows - 1)
            let spanX = dilation.x * (kernelCols - 1)
            switch mode {
            case .valid: return .zero
            case .full: return Padding(top: spanY, bottom: spanY, left: spanX, right: spanX)
            case .same:
                return Padding(top: spanY / 2, bottom: spanY - spanY / 2,
                               left: spanX / 2, right: spanX - spanX / 2)
            }
        }
    }
}
