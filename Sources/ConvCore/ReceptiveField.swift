/// One layer of a stack, as the receptive-field arithmetic sees it: a window of `kernel` cells,
/// spread by `dilation`, moved by `stride`, after `padding` cells on each side.
public struct FieldLayer: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case conv, pool }
    public var kind: Kind
    public var kernel: Int
    public var stride: Int
    public var dilation: Int
    public var padding: Int

    public init(kind: Kind, kernel: Int, stride: Int = 1, dilation: Int = 1, padding: Int = 0) {
        self.kind = kind
        self.kernel = kernel
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
    }

    /// `conv3`, `conv3 s2 p1`, `pool2` (a pool's stride defaults to its size).
    public var description: String {
        var s = "\(kind.rawValue)\(kernel)"
        if stride != (kind == .pool ? kernel : 1) { s += " s\(stride)" }
        if padding != 0 { s += " p\(padding)" }
        if dilation != 1 { s += " d\(dilation)" }
        return s
    }

    /// The span of the dilated window: `d·(k − 1) + 1`.
    public var span: Int { dilation * (kernel - 1) + 1 }

    /// Reads a stack written as `conv3, conv3 s2 p1, pool2, conv3 d2`: layers separated by commas,
    /// each `conv` or `pool` with its size, then optional `sN` (stride), `pN` (padding), `dN`
    /// (dilation). A pool's stride defaults to its size, a conv's to 1.
    public static func parseStack(_ text: String) throws(ConvolutionError) -> [FieldLayer] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.split(separator: " ").map(String.init) }
        guard !(items.count == 1 && items[0].isEmpty) else { throw .empty(name: "layer list") }
        if items.count > 64 { throw .beyondLimit(field: "number of layers", value: items.count, limit: 64) }
        var layers: [FieldLayer] = []
        for (n, words) in items.enumerated() {
            func bad(_ what: String) -> ConvolutionError {
                .shapes("Layer \(n + 1) (\"\(words.joined(separator: " "))\") \(what): write each layer as conv3 or pool2, then optional s2 (stride), p1 (padding), d2 (dilation), and separate layers with commas.")
            }
            guard let head = words.first else { throw bad("is empty") }
            let kind: Kind
            let sizeText: Substring
            if head.hasPrefix("conv") { kind = .conv; sizeText = head.dropFirst(4) }
            else if head.hasPrefix("pool") { kind = .pool; sizeText = head.dropFirst(4) }
            else { throw bad("does not start with conv or pool") }
            guard let k = Int(sizeText), k >= 1, k <= 64 else { throw bad("needs a size from 1 to 64 right after \(kind.rawValue)") }
            var layer = FieldLayer(kind: kind, kernel: k, stride: kind == .pool ? k : 1)
            var seen = Set<Character>()
            for w in words.dropFirst() {
                guard let letter = w.first, "sdp".contains(letter), let v = Int(w.dropFirst()) else { throw bad("has \"\(w)\", not a setting") }
                guard seen.insert(letter).inserted else { throw bad("sets \(letter) twice") }
                let low = letter == "p" ? 0 : 1
                guard v >= low && v <= 64 else {
                    let name = letter == "s" ? "stride" : (letter == "d" ? "dilation" : "padding")
                    throw bad("has \(name) \(v), outside \(low)…64")
                }
                switch letter {
                case "s" where v >= 1: layer.stride = v
                case "d" where v >= 1: layer.dilation = v
                case "p": layer.padding = v
                default: throw bad("has \"\(w)\", not a setting")
                }
            }
            layers.append(layer)
        }
        return layers
    }
}

/// What one unit of a layer sees of the input, along one axis:
///
/// ```
/// r_l = r_{l−1} + d_l·(k_l − 1)·j_{l−1}          size of the field (r₀ = 1)
/// j_l = j_{l−1}·s_l                               jump: input cells between neighbouring units (j₀ = 1)
/// c_l = c_{l−1} + (d_l·(k_l − 1)/2 − p_l)·j_{l−1}  centre of the first unit's field (c₀ = 0)
/// ```
/// Two 3×3 convolutions see 5×5; three see 7×7; a stride multiplies every later layer's growth.
/// `start` (`c_l − (r_l − 1)/2`) is the first input cell of unit 0's field; negative means padding.
public struct ReceptiveField: Equatable, Sendable {
    /// Field size in input cells.
    public var size: Int
    /// Input cells between the fields of neighbouring units.
    public var jump: Int
    /// Centre of unit 0's field in input coordinates (a half for even spans).
    public var centre: Double
    /// First input cell of unit 0's field.
    public var start: Double { centre - Double(size - 1) / 2 }
    /// Units along the axis, when the input size is known.
    public var units: Int?

    /// The input itself (`r = 1, j = 1, c = 0`), then one entry per layer.
    ///
    /// Throws when a layer's setting is out of range (kernel, stride, dilation 1…64, padding
    /// 0…64, as ``FieldLayer/parseStack(_:)`` reads them), when `inputSize` is not
    /// 1…``Limits/maxInputValues``, when a layer leaves no units of an input of `inputSize`, and when
    /// a field grows past 2⁴⁰ cells (a stack no image could feed).
    public static func stack(_ layers: [FieldLayer], inputSize: Int? = nil) throws(ConvolutionError) -> [ReceptiveField] {
        if let n = inputSize {
            if n < 1 { throw .nonPositive(field: "input size", value: n) }
            if n > Limits.maxInputValues { throw .beyondLimit(field: "input size", value: n, limit: Limits.maxInputValues) }
        }
        var fields = [ReceptiveField(size: 1, jump: 1, centre: 0, units: inputSize)]
        let cap = 1 << 40
        for (n, l) in layers.enumerated() {
            for (field, v) in [("kernel size", l.kernel), ("stride", l.stride), ("dilation", l.dilation)] {
                if v < 1 { throw .nonPositive(field: "\(field) of layer \(n + 1)", value: v) }
                if v > 64 { throw .beyondLimit(field: "\(field) of layer \(n + 1)", value: v, limit: 64) }
            }
            if l.padding < 0 { throw .negativePadding(value: l.padding) }
            if l.padding > 64 { throw .beyondLimit(field: "padding of layer \(n + 1)", value: l.padding, limit: 64) }
            let prev = fields[fields.count - 1]
            var units: Int?
            if let before = prev.units {
                let after = outputSize(input: before, kernel: l.kernel, padding: l.padding, stride: l.stride, dilation: l.dilation)
                guard after >= 1 else {
                    throw .shapes("Layer \(n + 1) (\(l)) spans \(l.span) cells but gets only \(before + 2 * l.padding) (\(counted(before, "unit")) and padding \(l.padding) on each side): use a larger input size, or fewer or smaller layers.")
                }
                units = after
            }
            // Each factor is at most 64 and the previous jump at most 2⁴⁰, so none of these overflows.
            let growth = l.dilation * (l.kernel - 1) * prev.jump
            let jump = prev.jump * l.stride
            let size = prev.size + growth
            guard jump <= cap, size <= cap else {
                throw .beyondLimit(field: "receptive field after layer \(n + 1)", value: max(size, jump), limit: cap)
            }
            fields.append(ReceptiveField(
                size: size,
                jump: jump,
                centre: prev.centre + (Double(l.dilation * (l.kernel - 1)) / 2 - Double(l.padding)) * Double(prev.jump),
                units: units))
        }
        return fields
    }
}
