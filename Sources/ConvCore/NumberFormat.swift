/// How numbers are written everywhere in ConvViz: integers without a decimal point (`65`, not
/// `65.0`), other values as the shortest decimal that reads back to the same `Double`.
public enum NumberFormat {
    /// `65` → "65", `-0.0` → "0", `0.5` → "0.5", `1/3` → "0.3333333333333333".
    /// `unicodeMinus` writes negatives with "−" (U+2212) for figures and arithmetic.
    public static func string(_ v: Double, unicodeMinus: Bool = false) -> String {
        var s: String
        if v == 0 {
            s = "0"
        } else if v.rounded() == v && abs(v) < 1e15 {
            s = String(Int(v))
        } else {
            s = v.description
        }
        if unicodeMinus && s.hasPrefix("-") { s = "−" + s.dropFirst() }
        return s
    }

    /// A number as a factor in written arithmetic: negatives in parentheses, e.g. `(−1)`.
    public static func factor(_ v: Double) -> String {
        let s = string(v, unicodeMinus: true)
        return v < 0 ? "(\(s))" : s
    }

    /// A value rounded to at most `digits` decimals for tight spaces in figures (`0.333`).
    /// Integers stay exact; the full value is always in the step data and the PDF text.
    public static func compact(_ v: Double, digits: Int = 3, unicodeMinus: Bool = true) -> String {
        if v.rounded() == v && abs(v) < 1e15 { return string(v, unicodeMinus: unicodeMinus) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (v * scale).rounded() / scale
        if r == 0 { return string(0) }
        var s = string(r, unicodeMinus: unicodeMinus)
        if s.contains("e") { s = string(v, unicodeMinus: unicodeMinus) }
        return s
    }
}

extension Step {
    /// The step as the lecture writes it: `200·1 + 150·0 + 150·(−1) + … = 65`
    /// (with `+ b` before the `=` when there is a bias).
    public func arithmetic(bias showBias: Bool? = nil) -> String {
        var terms = taps.map { "\(NumberFormat.factor($0.value))·\(NumberFormat.factor($0.weight))" }
            .joined(separator: " + ")
        if showBias ?? (bias != 0) { terms += " + \(NumberFormat.factor(bias))" }
        return "\(terms) = \(NumberFormat.string(result, unicodeMinus: true))"
    }
}
