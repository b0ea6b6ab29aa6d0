/// A transposed convolution read as a gather: an ordinary stride-1 **convolution** (kernel
/// flipped) over the input spread out by zeros — the same numbers as the scatter, cell by cell.
///
/// ```
/// x↑  = x with s − 1 zeros inserted between neighbours                 ((n−1)·s + 1 per axis)
/// x↑p = x↑ with d(k−1) − p zeros added on each side, + output_padding more at the bottom/right
/// y(u,v) = Σ_a Σ_b x↑p(u + d·(k₁−1) − d·a, v + d·(k₂−1) − d·b)·k(a,b) + bias
///        = (x↑p ⋆ rot180(k))(u,v) + bias    stride 1, dilation d, no further padding
/// ```
/// When `p > d(k−1)` the "padding" is negative: that many rows or columns of `x↑` are cut off
/// instead (``border`` keeps the sign). Summed in window order rather than stamp order, the
/// output equals ``TransposedConvolution2D/output`` up to rounding (exactly for integers).
public struct TransposedGather: Sendable {
    /// What a cell of ``paddedInput`` holds, for a figure to colour it.
    public enum Cell: Equatable, Sendable {
        /// Input cell `x(r, c)`.
        case input(GridIndex)
        /// One of the `s − 1` zeros inserted between input cells.
        case insertedZero
        /// A zero of the border (`d(k−1) − p` on each side, plus the output padding).
        case padding
    }

    /// `x↑`: the input with `s − 1` zeros between neighbours.
    public let zeroInsertedInput: Grid
    /// Cells added around `x↑` on each side: `d(k−1) − p` (bottom/right: plus the output
    /// padding). Negative: that many cells of `x↑` cut off instead.
    public let border: Padding
    /// `x↑p`: `x↑` with its border; row `t` is row `t − border.top` of `x↑`.
    public let paddedInput: Grid
    /// The convolution `x↑p ∗ k` (kernel flipped), stride 1, dilation `d`, no padding: its steps
    /// are the gather's, and its output plus the bias is the transposed convolution's output.
    public let plan: Convolution2D
    public let bias: Double
    let stride: Axes
    let inputRows: Int, inputCols: Int

    /// The output: `plan.output + bias`.
    public var output: Grid { bias == 0 ? plan.output : plan.output.map { $0 + bias } }

    /// What cell `(t, w)` of ``paddedInput`` holds.
    public func cell(_ t: Int, _ w: Int) -> Cell {
        let r = t - border.top, c = w - border.left
        let spreadRows = (inputRows - 1) * stride.y + 1, spreadCols = (inputCols - 1) * stride.x + 1
        guard r >= 0 && r < spreadRows && c >= 0 && c < spreadCols else { return .padding }
        guard r % stride.y == 0 && c % stride.x == 0 else { return .insertedZero }
        return .input(GridIndex(r / stride.y, c / stride.x))
    }
}

extension TransposedConvolution2D {
    /// The same output computed as a gather (see ``TransposedGather``). Throws when the spread,
    /// bordered input would exceed ``Limits/maxInputValues``.
    public func gather() throws(ConvolutionError) -> TransposedGather {
        let s = geometry.stride, p = geometry.padding, op = geometry.outputPadding, d = geometry.dilation
        let spread = input.zeroInserted(stride: s)
        let top = d.y * (kernel.rows - 1) - p.y, left = d.x * (kernel.cols - 1) - p.x
        let border = Padding(top: top, bottom: top + op.y, left: left, right: left + op.x)
        let rows = spread.rows + border.top + border.bottom, cols = spread.cols + border.left + border.right
        let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
        if overflow || count > Limits.maxInputValues {
            throw .tooLarge(name: "zero-inserted, padded input of the gather", count: overflow ? Int.max : count,
                            limit: Limits.maxInputValues)
        }
        // x↑p(t, w) = x↑(t − top, w − left), zero outside x↑ (a negative border crops).
        var padded = Grid(rows: rows, cols: cols)
        for t in 0..<rows {
            for w in 0..<cols where spread.contains(t - border.top, w - border.left) {
                padded[t, w] = spread[t - border.top, w - border.left]
            }
        }
        let plan = try Convolution2D(input: padded, kernel: kernel, operation: .convolution,
                                     geometry: Geometry(dilation: d))
        return TransposedGather(zeroInsertedInput: spread, border: border, paddedInput: padded, plan: plan, bias: bias,
                                stride: s, inputRows: input.rows, inputCols: input.cols)
    }
}
