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

    /// A value as written in a sum: `n/q` when it is exactly a fraction with a small denominator
    /// (`q ≤ 256`) and either has no finite decimal form (`1/9`, `−1/3`) or is a weight-sized
    /// fraction (|v| < 1) whose decimal is longer than four characters (`1/16`, not `0.0625`;
    /// `3/8`, not `0.375`); otherwise ``string(_:unicodeMinus:)``: `0.5`, `0.25`, `−7.25` stay.
    public static func exact(_ v: Double, unicodeMinus: Bool = false) -> String {
        let decimal = string(v, unicodeMinus: unicodeMinus)
        guard let (n, q) = smallFraction(v) else { return decimal }
        var q2 = q
        while q2 % 2 == 0 { q2 /= 2 }
        while q2 % 5 == 0 { q2 /= 5 }
        let weightLike = abs(v) < 1 && decimal.drop { $0 == "-" || $0 == "−" }.count > 4
        guard q2 > 1 || weightLike else { return decimal }
        return "\(string(Double(n), unicodeMinus: unicodeMinus))/\(q)"
    }

    /// `(n, q)` with the smallest `q` in `2…256` such that `n/q` is exactly `v` (as a `Double`).
    static func smallFraction(_ v: Double) -> (Int, Int)? {
        guard v.isFinite, v.rounded() != v, abs(v) < 1e12 else { return nil }
        for q in 2...256 {
            let n = (v * Double(q)).rounded()
            if n / Double(q) == v { return (Int(n), q) }
        }
        return nil
    }

    /// A number as a factor in written arithmetic: negatives in parentheses, e.g. `(−1)`;
    /// fractions as ``exact(_:unicodeMinus:)`` writes them (`1/9`).
    public static func factor(_ v: Double) -> String {
        let s = exact(v, unicodeMinus: true)
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
