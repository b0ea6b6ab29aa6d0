/// `∂L/∂x` computed the second way: as a full convolution of the zero-inserted output gradient
/// with the kernel, the backward pass written as a forward one.
///
/// ```
/// g↑ = ∂L/∂y with s − 1 zeros between neighbours               ((n−1)·s + 1 cells per axis)
/// full = g↑ padded by d(k−1) on each side (+ the r rows/cols the forward pass never reached,
///        at the bottom/right), then CONVOLVED with k (kernel flipped), stride 1, dilation d
/// ∂L/∂x(u,v) = full(u + p_top, v + p_left)
/// ```
/// `full` has one cell per cell of the *padded* input. With zero padding the cells over the
/// padding are simply dropped; with a boundary rule that copies input cells into the padding,
/// each padding cell's value is added onto the cell it copies (the same fold as
/// ``Convolution2D/gradients(outputGradient:)``). If the forward pass was a convolution, the
/// backward one is a cross-correlation (the flip undoes itself); ``plan`` says which.
///
/// Equals ``ConvolutionGradients/input`` up to rounding (the same products, added in another
/// order; exactly for integers).
public struct InputGradientAsConvolution: Sendable {
    /// `g↑`: the output gradient with `s − 1` zeros inserted between neighbours.
    public let zeroInsertedGradient: Grid
    /// The full convolution over `g↑` (its padding is `plan.padding`): steps for a figure.
    public let plan: Convolution2D
    /// The forward pass's padding: `plan.output` cell `(t, w)` belongs to padded-input cell
    /// `(t, w)`, i.e. input cell `(t − top, w − left)`.
    public let forwardPadding: Padding
    /// `∂L/∂x`: `plan.output` with the padding cropped (zero boundary) or folded back.
    public let inputGradient: Grid
}

/// `∂L/∂k` computed the second way: a cross-correlation of the (padded) input with the output
/// gradient used as a kernel.
///
/// ```
/// ∂L/∂k_used(a,b) = Σ_i Σ_j xp(d·a + s·i, d·b + s·j)·∂L/∂y(i,j)
///                 = correlation of x with ∂L/∂y (dilated by the forward stride s,
///                   moved with the forward dilation d as its stride), same padding and boundary
/// ```
/// The correlation may produce a few more rows or columns than the kernel has (positions the
/// forward windows never reached when the stride does not divide the input evenly); they are cut
/// off. For a forward convolution the result is rotated back to the kernel as written.
public struct KernelGradientAsCorrelation: Sendable {
    /// `x ⋆ ∂L/∂y` with the roles above: steps for a figure. Its kernel is the output gradient.
    public let plan: Convolution2D
    /// `∂L/∂k` for the kernel as written.
    public let kernelGradient: Grid
}

extension Operation {
    /// The other one: what the backward pass does with the kernel when the forward pass did `self`.
    public var opposite: Operation { self == .convolution ? .correlation : .convolution }
}

extension Convolution2D {
    /// `∂L/∂x` as the full convolution of the zero-inserted `g = ∂L/∂y` with the kernel
    /// (see ``InputGradientAsConvolution``). Throws when `g` does not have the output's shape.
    public func inputGradientAsConvolution(outputGradient g: Grid) throws(ConvolutionError) -> InputGradientAsConvolution {
        try checkOutputGradient(g)
        let s = geometry.stride, d = geometry.dilation
        let spread = g.zeroInserted(stride: s)
        let paddedRows = input.rows + padding.top + padding.bottom
        let paddedCols = input.cols + padding.left + padding.right
        let spanY = d.y * (kernel.rows - 1), spanX = d.x * (kernel.cols - 1)
        // Rows (columns) at the bottom (right) of the padded input that no window reached.
        let unreadRows = paddedRows - (spread.rows + spanY)
        let unreadCols = paddedCols - (spread.cols + spanX)
        let full = Padding(top: spanY, bottom: spanY + unreadRows, left: spanX, right: spanX + unreadCols)
        let plan = try Convolution2D(input: spread, kernel: kernel, operation: operation.opposite,
                                     geometry: Geometry(padding: .explicit(full), dilation: d))
        var gradX = Grid(rows: input.rows, cols: input.cols)
        for t in 0..<plan.output.rows {
            for w in 0..<plan.output.cols {
                // Padded cell (t, w) is input cell (t − top, w − left), or a copy of one, or a zero.
                guard let u = geometry.boundary.source(of: t - padding.top, length: input.rows),
                      let v = geometry.boundary.source(of: w - padding.left, length: input.cols) else { continue }
                gradX[u, v] += plan.output[t, w]
            }
        }
        return InputGradientAsConvolution(zeroInsertedGradient: spread, plan: plan, forwardPadding: padding,
                                          inputGradient: gradX)
    }

    /// `∂L/∂k` as the cross-correlation of the input with `g = ∂L/∂y` (see
    /// ``KernelGradientAsCorrelation``). Throws when `g` does not have the output's shape or has
    /// more cells than a kernel may (``Limits/maxKernelValues``).
    public func kernelGradientAsCorrelation(outputGradient g: Grid) throws(ConvolutionError) -> KernelGradientAsCorrelation {
        try checkOutputGradient(g)
        guard g.values.count <= Limits.maxKernelValues else {
            throw .shapes("The output gradient has \(g.values.count) cells, more than the \(Limits.maxKernelValues) a kernel may have, so ∂L/∂k cannot be shown as a correlation with it: use gradients(outputGradient:) instead.")
        }
        let plan = try Convolution2D(input: input, kernel: g, operation: .correlation,
                                     geometry: Geometry(padding: .explicit(padding), boundary: geometry.boundary,
                                                        stride: geometry.dilation, dilation: geometry.stride))
        var used = Grid(rows: kernel.rows, cols: kernel.cols)
        for a in 0..<kernel.rows {
            for b in 0..<kernel.cols { used[a, b] = plan.output[a, b] }
        }
        return KernelGradientAsCorrelation(plan: plan, kernelGradient: operation == .convolution ? used.rotated180() : used)
    }
}
