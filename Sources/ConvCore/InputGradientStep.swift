/// One input cell's gradient, term by term: every output cell the input cell fed in the forward
/// pass, through which kernel tap, and what flows back along that product.
///
/// ```
/// ∂L/∂x(u,v) = Σ over terms  ∂L/∂y(i,j) · k(a,b)      where tap (a,b) of y(i,j)'s window read x(u,v)
/// ```
/// Why the kernel comes back flipped: for a stride-1 cross-correlation, `x(u,v)` is read by
/// `y(u − a, v − b)` through `k(a,b)`. Walking the output cells it fed left to right, top to
/// bottom, the taps run from `k(k₁−1, k₂−1)` back to `k(0,0)`; written onto those output cells,
/// the weights form `rot180(k)` — the gradient is a convolution. (With stride `s` only every
/// `s`-th tap meets an output cell; with a boundary rule other than zero, a cell also collects
/// the terms of the padding cells that copy it, marked by ``GradientTerm/read``.)
public struct InputGradientStep: Equatable, Sendable {
    /// The input cell `(u, v)`.
    public var input: GridIndex
    /// One term per (output cell, tap) that read this cell, in output order (row-major), then tap
    /// order: the order ``Convolution2D/gradients(outputGradient:)`` adds them.
    public var terms: [GradientTerm]
    /// `Σ products`, added in `terms` order: equals `∂L/∂x(u,v)` exactly. 0 for a cell no window read.
    public var sum: Double
}

/// One product of the forward pass, seen from the input cell it read.
public struct GradientTerm: Equatable, Sendable {
    /// The output cell `y(i,j)` whose window read the input cell.
    public var output: GridIndex
    /// The tap's position in the window (the kernel as used, after any flip).
    public var window: GridIndex
    /// The tap in the kernel as the user wrote it (differs from `window` for a convolution).
    public var kernelIndex: GridIndex
    /// The input coordinates the tap read: the input cell itself, or a padding cell that a boundary
    /// rule filled with a copy of it (outside the input).
    public var read: GridIndex
    /// `∂L/∂y(i,j)`.
    public var outputGradient: Double
    /// The weight as used, `k_used(window)`.
    public var weight: Double
    /// `outputGradient · weight`.
    public var product: Double
}

extension Convolution2D {
    /// The terms of `∂L/∂x(u,v)` for the output gradient `g` (see ``InputGradientStep``).
    ///
    /// Throws when `cell` is outside the input or `g` does not have the output's shape.
    public func inputGradientStep(at cell: GridIndex, outputGradient g: Grid) throws(ConvolutionError) -> InputGradientStep {
        try checkOutputGradient(g)
        guard input.contains(cell.row, cell.col) else {
            throw .shapes("The cell \(cell) is outside the \(input.rows)×\(input.cols) input: give a row in 0…\(input.rows - 1) and a column in 0…\(input.cols - 1).")
        }
        let sy = geometry.stride.y, sx = geometry.stride.x, dy = geometry.dilation.y, dx = geometry.dilation.x
        let boundary = geometry.boundary
        var terms: [GradientTerm] = []
        var sum = 0.0
        for i in 0..<output.rows {
            for j in 0..<output.cols {
                for a in 0..<kernel.rows {
                    for b in 0..<kernel.cols {
                        let r = sy * i - padding.top + dy * a, c = sx * j - padding.left + dx * b
                        guard boundary.source(of: r, length: input.rows) == cell.row,
                              boundary.source(of: c, length: input.cols) == cell.col else { continue }
                        let w = kernelAsUsed[a, b]
                        let product = g[i, j] * w
                        sum += product
                        let kernelIndex = operation == .convolution
                            ? GridIndex(kernel.rows - 1 - a, kernel.cols - 1 - b) : GridIndex(a, b)
                        terms.append(GradientTerm(output: GridIndex(i, j), window: GridIndex(a, b), kernelIndex: kernelIndex,
                                                  read: GridIndex(r, c), outputGradient: g[i, j], weight: w, product: product))
                    }
                }
            }
        }
        return InputGradientStep(input: cell, terms: terms, sum: sum)
    }
}
