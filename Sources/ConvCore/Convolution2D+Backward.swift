/// The three gradients of one 2D convolution or cross-correlation, for a given `∂L/∂y`.
///
/// For the cross-correlation `y(i,j) = Σ_a Σ_b xp(s·i + d·a, s·j + d·b)·k(a,b) + b₀` over the
/// padded input `xp`, the chain rule sends `∂L/∂y(i,j)` back along every product:
///
/// ```
/// ∂L/∂x(u,v) = Σ_{i,j,a,b : s·i − p + d·a = u, s·j − p + d·b = v}  ∂L/∂y(i,j)·k(a,b)
///            = (∂L/∂y↑ ∗ k)(u + p, v + p)     a full CONVOLUTION (kernel flipped) of the
///                                             zero-inserted gradient
/// ∂L/∂k(a,b) = Σ_i Σ_j ∂L/∂y(i,j)·xp(s·i + d·a, s·j + d·b)
///            = (xp ⋆ ∂L/∂y↑)(d·a, d·b)         a CORRELATION of the input with the gradient
/// ∂L/∂b₀     = Σ_i Σ_j ∂L/∂y(i,j)
/// ```
/// So a layer that correlates in its forward pass convolves in its backward pass (and the other
/// way round): the flip comes back. ``Convolution2D/inputGradientAsConvolution(outputGradient:)``
/// and ``Convolution2D/kernelGradientAsCorrelation(outputGradient:)`` compute the two right-hand
/// sides; ``Convolution2D/inputGradientStep(at:outputGradient:)`` lists the terms of one
/// `∂L/∂x(u,v)`.
///
/// `kernel` is the gradient with respect to the kernel **as the user wrote it** (for a convolution
/// the forward pass used it flipped; the gradient is flipped back). Padding cells: a zero cell
/// depends on nothing, so its gradient is dropped; a cell a boundary rule copied (reflect,
/// symmetric, replicate, wrap) passes its gradient on to the input cell it copies, which thus
/// collects gradient from every copy of itself.
public struct ConvolutionGradients: Equatable, Sendable {
    /// `∂L/∂x`, the input's shape.
    public var input: Grid
    /// `∂L/∂k`, the kernel's shape, for the kernel as written.
    public var kernel: Grid
    /// `∂L/∂b = Σ ∂L/∂y`.
    public var bias: Double
}

extension Convolution2D {
    /// Checks that `g` can be the gradient of this operation's output (same shape, finite).
    func checkOutputGradient(_ g: Grid) throws(ConvolutionError) {
        guard g.rows == output.rows && g.cols == output.cols else {
            throw .shapes("The output gradient is \(g.rows)×\(g.cols) but the output is \(output.rows)×\(output.cols): give ∂L/∂y the output's shape.")
        }
        try g.validate(name: "output gradient", limit: Limits.maxOutputValues)
        try ConvLayer.checkWork(cells: output.rows * output.cols, perCell: 2 * kernel.rows * kernel.cols,
                                limit: Limits.maxLoopProducts, what: "The backward pass")
    }

    /// `∂L/∂x`, `∂L/∂k` and `∂L/∂b` for the output gradient `g = ∂L/∂y`, by the chain rule on every
    /// product of the forward pass (see ``ConvolutionGradients``):
    ///
    /// ```
    /// for each output cell (i,j) and tap (a,b) of the kernel as used:
    ///     (r, c) = (s·i − p_top + d·a, s·j − p_left + d·b)     the cell the tap read
    ///     ∂L/∂x(source of (r,c)) += g(i,j)·k_used(a,b)
    ///     ∂L/∂k_used(a,b)        += g(i,j)·xp(r,c)
    /// ```
    /// Terms reach each `∂L/∂x(u,v)` in output order (row-major) and tap order, the order
    /// ``inputGradientStep(at:outputGradient:)`` lists them, so its sum equals the cell exactly.
    /// Throws when `g` does not have the output's shape or is not finite.
    public func gradients(outputGradient g: Grid) throws(ConvolutionError) -> ConvolutionGradients {
        try checkOutputGradient(g)
        let sy = geometry.stride.y, sx = geometry.stride.x, dy = geometry.dilation.y, dx = geometry.dilation.x
        let boundary = geometry.boundary
        var gradX = Grid(rows: input.rows, cols: input.cols)
        var gradK = Grid(rows: kernel.rows, cols: kernel.cols)
        var gradB = 0.0
        for i in 0..<output.rows {
            for j in 0..<output.cols {
                let gij = g[i, j]
                gradB += gij
                for a in 0..<kernel.rows {
                    for b in 0..<kernel.cols {
                        let r = sy * i - padding.top + dy * a, c = sx * j - padding.left + dx * b
                        // A zero padding cell depends on nothing: its gradient goes nowhere.
                        guard let sr = boundary.source(of: r, length: input.rows),
                              let sc = boundary.source(of: c, length: input.cols) else { continue }
                        gradX[sr, sc] += gij * kernelAsUsed[a, b]
                        // The kernel as written: flipped back for a convolution.
                        let (ka, kb) = operation == .convolution ? (kernel.rows - 1 - a, kernel.cols - 1 - b) : (a, b)
                        gradK[ka, kb] += gij * input[sr, sc]
                    }
                }
            }
        }
        return ConvolutionGradients(input: gradX, kernel: gradK, bias: gradB)
    }
}
