/// The gradients of a ``ConvLayer`` for one example: with respect to its input, every weight and
/// every bias, given `∂L/∂y` for its output volume.
///
/// The layer cross-correlates (kernel not flipped) in its forward pass,
/// `y_m(i,j) = Σ_c Σ_a Σ_b xp_c(s·i + d·a, s·j + d·b)·w_{m,c}(a,b) + b_m`, so by the chain rule
///
/// ```
/// ∂L/∂x_c  = Σ_m  (∂L/∂y_m)↑ ∗ w_{m,c}        a full CONVOLUTION (kernel flipped) per filter,
///                                            summed over the filters that read channel c
/// ∂L/∂w_{m,c}(a,b) = Σ_i Σ_j ∂L/∂y_m(i,j)·xp_c(s·i + d·a, s·j + d·b)    a CORRELATION
/// ∂L/∂b_m  = Σ_i Σ_j ∂L/∂y_m(i,j)
/// ```
/// (`↑`: `s − 1` zeros inserted between neighbours; see ``ConvolutionGradients`` for one channel.)
/// With groups, filter `m` sends gradient only to the channels of its group. Padding cells filled
/// by a boundary rule other than zero pass their gradient on to the input cell they copy.
public struct LayerGradients: Equatable, Sendable {
    /// `∂L/∂x`: `C × H × W`, the input's shape.
    public var input: Volume
    /// `∂L/∂w`: `weights[m][c]`, the layer's `M × C/g × k₁ × k₂`.
    public var weights: [[Grid]]
    /// `∂L/∂b`: one per filter.
    public var biases: [Double]
}

extension ConvLayer {
    /// `∂L/∂x`, `∂L/∂w` and `∂L/∂b` for input `x` and output gradient `g = ∂L/∂y` (`M × H′ × W′`),
    /// by sending `g` back along every product of the forward pass (see ``LayerGradients``):
    ///
    /// ```
    /// for each filter m, its channel slice c, output cell (i,j) and tap (a,b):
    ///     (r, q) = (s·i − p_top + d·a, s·j − p_left + d·b)      the cell the tap read
    ///     ∂L/∂x_ch(source of (r,q)) += g_m(i,j)·w_{m,c}(a,b)     ch = the slice's input channel
    ///     ∂L/∂w_{m,c}(a,b)          += g_m(i,j)·xp_ch(r,q)
    /// ∂L/∂b_m = Σ_i Σ_j g_m(i,j)
    /// ```
    /// Throws when `x` does not fit the weights, or `g` is not `M × H′ × W′` or not finite.
    public func gradients(_ x: Volume, outputGradient g: Volume) throws(ConvolutionError) -> LayerGradients {
        let l = try layout(for: x)
        // Two passes of loops (∂L/∂x and ∂L/∂w), each output cell × channel × tap.
        try ConvLayer.checkWork(cells: filterCount * l.outputRows * l.outputCols, perCell: 2 * channelsPerFilter * kernelRows * kernelCols,
                                limit: Limits.maxLoopProducts, what: "The backward pass")
        guard g.count == filterCount && g.rows == l.outputRows && g.cols == l.outputCols else {
            throw .shapes("The output gradient is \(g.shapeText) but the output is \(filterCount)×\(l.outputRows)×\(l.outputCols): give ∂L/∂y the output's shape.")
        }
        for m in 0..<g.count { try g[m].validate(name: "output gradient, channel \(m + 1)", limit: Limits.maxOutputValues) }
        let sy = geometry.stride.y, sx = geometry.stride.x, dy = geometry.dilation.y, dx = geometry.dilation.x
        let p = l.padding, boundary = geometry.boundary
        var gradX = Volume(count: x.count, rows: x.rows, cols: x.cols)
        var gradW = weights.map { filter in filter.map { Grid(rows: $0.rows, cols: $0.cols) } }
        var gradB = Array(repeating: 0.0, count: filterCount)
        for m in 0..<filterCount {
            for i in 0..<l.outputRows {
                for j in 0..<l.outputCols { gradB[m] += g[m, i, j] }
            }
            for c in 0..<channelsPerFilter {
                let ch = inputChannel(filter: m, slice: c)
                let w = weights[m][c], xc = x[ch]
                var gx = gradX[ch], gw = gradW[m][c]
                for i in 0..<l.outputRows {
                    for j in 0..<l.outputCols {
                        let gmij = g[m, i, j]
                        for a in 0..<kernelRows {
                            for b in 0..<kernelCols {
                                let r = sy * i - p.top + dy * a, q = sx * j - p.left + dx * b
                                // A zero padding cell depends on nothing: its gradient goes nowhere.
                                guard let sr = boundary.source(of: r, length: x.rows),
                                      let sq = boundary.source(of: q, length: x.cols) else { continue }
                                gx[sr, sq] += gmij * w[a, b]
                                gw[a, b] += gmij * xc[sr, sq]
                            }
                        }
                    }
                }
                gradX[ch] = gx
                gradW[m][c] = gw
            }
        }
        return LayerGradients(input: gradX, weights: gradW, biases: gradB)
    }
}
