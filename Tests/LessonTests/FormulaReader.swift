import Foundation

/// Reads back the text a figure prints — index expressions, written sums — written for the tests
/// only, independently of the code that prints them: a mistake in the formula builder shows up as
/// a wrong number here.
enum FormulaReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    // MARK: - Index expressions: "s·i − p_top + d·(k₁ − 1 − a)", "3 + 2a", "k − n"

    private enum Token: Equatable {
        case number(Int), name(String), plus, minus, times, open, close
    }

    private static func tokens(_ s: String) throws -> [Token] {
        var out: [Token] = []
        var chars = Array(s)[...]
        while let ch = chars.first {
            if ch == " " { chars = chars.dropFirst(); continue }
            if ch.isASCII && ch.isNumber {
                let digits = chars.prefix { $0.isASCII && $0.isNumber }
                out.append(.number(Int(String(digits))!))
                chars = chars.dropFirst(digits.count)
                continue
            }
            if ch.isLetter {
                let name = chars.prefix { $0.isLetter || $0 == "_" || "₀₁₂₃₄₅₆₇₈₉".contains($0) }
                out.append(.name(String(name)))
                chars = chars.dropFirst(name.count)
                continue
            }
            switch ch {
            case "+": out.append(.plus)
            case "−", "-": out.append(.minus)
            case "·", "*": out.append(.times)
            case "(": out.append(.open)
            case ")": out.append(.close)
            default: throw Failure(description: "unexpected '\(ch)' in '\(s)'")
            }
            chars = chars.dropFirst()
        }
        return out
    }

    /// The symbol names an expression uses.
    static func names(_ s: String) -> [String] {
        ((try? tokens(s)) ?? []).compactMap { if case .name(let n) = $0 { return n } else { return nil } }
    }

    /// Evaluates an integer index expression with the given symbol values.
    static func evaluate(_ s: String, _ env: [String: Int]) throws -> Int {
        var ts = try tokens(s)[...]
        func factor() throws -> Int {
            guard let t = ts.popFirst() else { throw Failure(description: "'\(s)' ends early") }
            switch t {
            case .number(let n): return n
            case .name(let n):
                guard let v = env[n] else { throw Failure(description: "'\(n)' in '\(s)' has no value") }
                return v
            case .open:
                let v = try sum()
                guard ts.popFirst() == .close else { throw Failure(description: "unbalanced '(' in '\(s)'") }
                return v
            case .minus: return -(try factor())
            default: throw Failure(description: "unexpected \(t) in '\(s)'")
            }
        }
        func product() throws -> Int {
            var v = try factor()
            while let t = ts.first {
                if t == .times { ts = ts.dropFirst(); v *= try factor(); continue }
                // "2a", "2(…)": a number followed by a name or a bracket multiplies.
                if case .name = t { v *= try factor(); continue }
                if t == .open { v *= try factor(); continue }
                break
            }
            return v
        }
        func sum() throws -> Int {
            var v = try product()
            while let t = ts.first, t == .plus || t == .minus {
                ts = ts.dropFirst()
                v += (t == .plus ? 1 : -1) * (try product())
            }
            return v
        }
        let v = try sum()
        guard ts.isEmpty else { throw Failure(description: "trailing text in '\(s)'") }
        return v
    }

    // MARK: - Numbers and written sums

    /// "65", "(−1)", "−19.6171875", "1/16", "(−1/9)".
    static func number(_ s: String) throws -> Double {
        var t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-")
        if t.hasPrefix("(") && t.hasSuffix(")") { t = String(t.dropFirst().dropLast()) }
        if let slash = t.firstIndex(of: "/"), let n = Double(t[..<slash]), let q = Double(t[t.index(after: slash)...]) {
            return n / q
        }
        guard let v = Double(t) else { throw Failure(description: "'\(s)' is not a number") }
        return v
    }

    /// Splits `f(A, B)` at its top-level comma: the text inside the brackets after `prefix`.
    static func arguments(after prefix: String, in s: String, open: Character = "(", close: Character = ")") throws -> [String] {
        guard let r = s.range(of: prefix) else { throw Failure(description: "no '\(prefix)' in '\(s)'") }
        var depth = 1
        var parts: [String] = [""]
        for ch in s[r.upperBound...] {
            if ch == open { depth += 1 }
            if ch == close {
                depth -= 1
                if depth == 0 { return parts.map { $0.trimmingCharacters(in: .whitespaces) } }
            }
            if ch == "," && depth == 1 { parts.append("") } else { parts[parts.count - 1].append(ch) }
        }
        throw Failure(description: "unbalanced brackets in '\(s)'")
    }

    /// "a ∈ 0…k₁ − 1" → the two bounds as text.
    static func range(of tap: String, in s: String) throws -> (String, String) {
        guard let r = s.range(of: "\(tap) ∈ ") else { throw Failure(description: "no range of \(tap) in '\(s)'") }
        let rest = s[r.upperBound...]
        let end = rest.range(of: ", ")?.lowerBound ?? rest.endIndex
        let bounds = rest[..<end].components(separatedBy: "…")
        guard bounds.count == 2 else { throw Failure(description: "bad range in '\(s)'") }
        return (bounds[0], bounds[1])
    }

    /// "where s = 2, d = 2, p_top = 1, …" → the entries that give a symbol an integer.
    static func parameters(_ s: String) -> [String: Int] {
        var out: [String: Int] = [:]
        let body = s.hasPrefix("where ") ? String(s.dropFirst(6)) : s
        for entry in body.components(separatedBy: ", ") {
            let kv = entry.components(separatedBy: " = ")
            if kv.count == 2, let v = Int(kv[1].replacingOccurrences(of: "−", with: "-")) { out[kv[0]] = v }
        }
        return out
    }

    /// Unicode subscripts back to an integer: "₋₁₂" → −12.
    static func subscriptNumber(_ s: Substring) throws -> Int {
        let digits = "₀₁₂₃₄₅₆₇₈₉"
        var v = 0, sign = 1
        for ch in s {
            if ch == "₋" { sign = -1; continue }
            guard let i = digits.firstIndex(of: ch) else { throw Failure(description: "'\(s)' is not a subscript") }
            v = v * 10 + digits.distance(from: digits.startIndex, to: i)
        }
        return sign * v
    }
}
