extension ConvolutionMatrix {
    /// The matrix `C` whose transpose *is* the transposed convolution `t`: `vec(y) = Cᵀ·vec(x) + bias`.
    ///
    /// `C` is the matrix of ``TransposedConvolution2D/matchingConvolution()`` — the
    /// cross-correlation with the same kernel, stride, padding and dilation, from `t`'s output
    /// shape to its input shape — so `C` has one row per cell of `t.input` and one column per cell of
    /// `t.output`:
    ///
    /// ```
    /// forward:     vec(z) = C·vec(x′)      x′: t.output's shape  →  z: t.input's shape
    /// transposed:  vec(y) = Cᵀ·vec(x)      x: t.input's shape    →  y: t.output's shape
    /// ```
    /// A stride `s` shows up as rows that skip `s` columns' worth of positions; `Cᵀ` scatters each
    /// input cell back along its row of `C`. When the output padding is not below the stride
    /// (allowed when it is below the dilation), the forward convolution has extra output cells
    /// the transposed one never sees; their rows are left out. The matrix's `bias` is 0: apply
    /// `t.bias` yourself.
    public init(transposedConvolution t: TransposedConvolution2D) throws(ConvolutionError) {
        let full = try ConvolutionMatrix(plan: t.matchingConvolution())
        guard full.outputRows != t.input.rows || full.outputCols != t.input.cols else {
            self = full
            return
        }
        // Keep the rows of the output cells (i, j) with i < rows and j < cols of t's input.
        let rows = t.input.rows, cols = t.input.cols, n = full.matrix.cols
        var c = Grid(rows: rows * cols, cols: n)
        var taps: [Int: [GridIndex]] = [:]
        for i in 0..<rows {
            for j in 0..<cols {
                let from = i * full.outputCols + j, to = i * cols + j
                for q in 0..<n {
                    c[to, q] = full.matrix[from, q]
                    if let list = full.tapList[from * n + q] { taps[to * n + q] = list }
                }
            }
        }
        inputRows = full.inputRows
        inputCols = full.inputCols
        outputRows = rows
        outputCols = cols
        matrix = c
        tapList = taps
        bias = 0
    }
}
