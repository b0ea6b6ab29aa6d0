/// The shape of an operation before any arithmetic: padding on each side and the output size.
/// Building one checks every rule a user can break (stride, dilation, padding, fit, size).
public struct Layout: Equatable, Sendable {
    public let padding: Padding
    public let outputRows: Int
    public let outputCols: Int

    public init(inputRows: Int, inputCols: Int, kernelRows: Int, kernelCols: Int,
                geometry g: Geometry) throws(ConvolutionError) {
        for s in [g.stride.y, g.stride.x] where s < 1 { throw .nonPositive(field: "stride", value: s) }
        for d in [g.dilation.y, g.dilation.x] where d < 1 { throw .nonPositive(field: "dilation", value: d) }
        for s in [g.stride.y, g.stride.x] where s > Limits.maxSetting {
            throw .beyondLimit(field: "stride", value: s, limit: Limits.maxSetting)
        }
        for d in [g.dilation.y, g.dilation.x] where d > Limits.maxSetting {
            throw .beyondLimit(field: "dilation", value: d, limit: Limits.maxSetting)
        }
        guard g.bias.isFinite else { throw .notFinite(name: "bias", row: 0, col: 0) }
        let p = g.resolvedPadding(kernelRows: kernelRows, kernelCols: kernelCols)
        for side in [p.top, p.bottom, p.left, p.right] {
            if side < 0 { throw .negativePadding(value: side) }
            if side > Limits.maxSetting { throw .beyondLimit(field: "padding", value: side, limit: Limits.maxSetting) }
        }
        let rows = outputSize(input: inputRows, kernel: kernelRows, paddingBefore: p.top,
                              paddingAfter: p.bottom, stride: g.stride.y, dilation: g.dilation.y)
        let cols = outputSize(input: inputCols, kernel: kernelCols, paddingBefore: p.left,
                              paddingAfter: p.right, stride: g.stride.x, dilation: g.dilation.x)
        if rows < 1 {
            throw .kernelTooLarge(axis: "rows", span: g.dilation.y * (kernelRows - 1) + 1,
                                  available: inputRows + p.top + p.bottom)
        }
        if cols < 1 {
            throw .kernelTooLarge(axis: "columns", span: g.dilation.x * (kernelCols - 1) + 1,
                                  available: inputCols + p.left + p.right)
        }
        // The limits are on what is stored: the input (checked by the caller) and the output. The
        // padding a mode adds is never stored whole (the loops make padded rows as they go), so a
        // 4096² input filters in `same` mode.
        let (outputCount, overflow) = rows.multipliedReportingOverflow(by: cols)
        if overflow || outputCount > Limits.maxOutputValues {
            throw .tooLarge(name: "output", count: overflow ? Int.max : outputCount, limit: Limits.maxOutputValues)
        }
        padding = p
        outputRows = rows
        outputCols = cols
    }
}
