/// Stride, padding, output padding and dilation of a transposed convolution, per axis, with
/// PyTorch's `conv_transpose2d` meaning:
///
/// ```
/// out = (n − 1)·s − 2p + d·(k − 1) + output_padding + 1       (per axis)
/// ```
/// - `stride` `s`: input cells stamp the kernel `s` output cells apart (zeros inserted between
///   them, in the gather view).
/// - `padding` `p`: *removes* `p` cells from each end of the output — the padding of the forward
///   convolution this one is the transpose of, not padding added to the input.
/// - `outputPadding`: adds cells at the bottom/right end only, to pick among the output sizes
///   that a stride-`s` forward convolution maps to the same `n`. Must be smaller than the stride
///   or the dilation (PyTorch's rule).
/// - `dilation` `d`: spaces the kernel's taps `d` cells apart.
///
/// There is no boundary rule: a transposed convolution's padding crops, it never reads.
public struct TransposedGeometry: Equatable, Sendable {
    public var stride: Axes
    public var padding: Axes
    public var outputPadding: Axes
    public var dilation: Axes

    public init(stride: Axes = Axes(1), padding: Axes = Axes(0), outputPadding: Axes = Axes(0),
                dilation: Axes = Axes(1)) {
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.dilation = dilation
    }

    /// The output's rows and columns for an input of `inputRows × inputCols` and a kernel of
    /// `kernelRows × kernelCols`, after checking every rule a user can break: stride and dilation
    /// at least 1, padding and output padding at least 0, every setting within
    /// ``Limits/maxSetting``, output padding below the stride or the dilation, an output of at
    /// least one cell and at most ``Limits/maxOutputValues``.
    public func outputShape(inputRows: Int, inputCols: Int, kernelRows: Int,
                            kernelCols: Int) throws(ConvolutionError) -> (rows: Int, cols: Int) {
        for s in [stride.y, stride.x] {
            if s < 1 { throw .nonPositive(field: "stride", value: s) }
            if s > Limits.maxSetting { throw .beyondLimit(field: "stride", value: s, limit: Limits.maxSetting) }
        }
        for d in [dilation.y, dilation.x] {
            if d < 1 { throw .nonPositive(field: "dilation", value: d) }
            if d > Limits.maxSetting { throw .beyondLimit(field: "dilation", value: d, limit: Limits.maxSetting) }
        }
        for p in [padding.y, padding.x] {
            if p < 0 { throw .negativePadding(value: p) }
            if p > Limits.maxSetting { throw .beyondLimit(field: "padding", value: p, limit: Limits.maxSetting) }
        }
        for (op, s, d) in [(outputPadding.y, stride.y, dilation.y), (outputPadding.x, stride.x, dilation.x)] {
            if op < 0 {
                throw .shapes("The output padding is \(op): output padding must be 0 or more.")
            }
            guard op < s || op < d else {
                throw .shapes("The output padding is \(op) but the stride is \(s) and the dilation \(d): output padding must be smaller than the stride or the dilation, so use at most \(max(s, d) - 1).")
            }
        }
        let rows = transposedOutputSize(input: inputRows, kernel: kernelRows, stride: stride.y, padding: padding.y,
                                        outputPadding: outputPadding.y, dilation: dilation.y)
        let cols = transposedOutputSize(input: inputCols, kernel: kernelCols, stride: stride.x, padding: padding.x,
                                        outputPadding: outputPadding.x, dilation: dilation.x)
        for (size, axis, p) in [(rows, "rows", padding.y), (cols, "columns", padding.x)] where size < 1 {
            let uncropped = size + 2 * p
            throw .shapes("A padding of \(p) on each side removes \(2 * p) of the \(uncropped) \(axis) of the transposed convolution's output, leaving none: use a padding of at most \((uncropped - 1) / 2).")
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
        if overflow || count > Limits.maxOutputValues {
            let n = overflow ? "more than \(Int.max)" : "\(count)"
            throw .shapes("The transposed convolution's output would have \(n) entries, more than the limit of \(Limits.maxOutputValues): use a smaller input, a smaller stride or dilation, or more padding.")
        }
        return (rows, cols)
    }
}
