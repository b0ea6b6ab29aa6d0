/// Reads padding, stride and dilation as people write them — one number, or one per axis (or
/// side) — and checks each against its rule and limit. The command line and lesson files both
/// read their geometry here, so the same mistake gets the same sentence wherever it is made.
///
/// Every error names its setting (``ConvolutionError/field``): a lesson file points at the line
/// that wrote it, the command line at the flag.
public struct GeometryReader: Sendable {
    /// 1D operations take one number per setting (padding: `P` or `LEFT,RIGHT`).
    public var oneD: Bool

    public init(oneD: Bool) {
        self.oneD = oneD
    }

    /// Padding: `P` on every side, or `TOP, BOTTOM, LEFT, RIGHT` (1D: `P` or `LEFT, RIGHT`).
    /// Each side is `0 … Limits.maxSetting`.
    public func padding(_ v: [Int]) throws(ConvolutionError) -> Padding {
        for n in v where n < 0 { throw .negativePadding(value: n) }
        for n in v where n > Limits.maxSetting { throw .beyondLimit(field: "padding", value: n, limit: Limits.maxSetting) }
        switch (v.count, oneD) {
        case (1, true): return Padding(top: 0, bottom: 0, left: v[0], right: v[0])
        case (2, true): return Padding(top: 0, bottom: 0, left: v[0], right: v[1])
        case (1, false): return Padding(v[0])
        case (4, false): return Padding(top: v[0], bottom: v[1], left: v[2], right: v[3])
        default:
            throw .wrongCount(field: "padding", count: v.count,
                              expected: oneD ? "one, or two (left, right)" : "one, or four (top, bottom, left, right)")
        }
    }

    /// Stride or dilation (`field`): `S` for both axes, or `ROWS, COLUMNS` (1D: one number).
    /// Each is `1 … Limits.maxSetting`.
    public func axes(_ v: [Int], field: String) throws(ConvolutionError) -> Axes {
        for n in v where n < 1 { throw .nonPositive(field: field, value: n) }
        for n in v where n > Limits.maxSetting { throw .beyondLimit(field: field, value: n, limit: Limits.maxSetting) }
        switch (v.count, oneD) {
        case (1, true): return Axes(y: 1, x: v[0])
        case (1, false): return Axes(v[0])
        case (2, false): return Axes(y: v[0], x: v[1])
        default:
            throw .wrongCount(field: field, count: v.count, expected: oneD ? "one" : "one, or two (rows, columns)")
        }
    }

    /// The padding rule from an optional mode and optional explicit padding; explicit padding
    /// goes only with `valid` (or no mode).
    public func paddingRule(mode: Mode?, padding: [Int]?) throws(ConvolutionError) -> PaddingRule {
        if let padding {
            if let mode, mode != .valid { throw .paddingWithMode(mode) }
            return .explicit(try self.padding(padding))
        }
        return .mode(mode ?? .valid)
    }
}
