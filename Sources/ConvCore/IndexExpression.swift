/// A name in the lecture's index formulas: an output index (`i`, `j`, `k`), a tap label (`a`, `b`,
/// `n`) or a parameter of the geometry (`s`, `p_top`, `d`, `k₁`, `c₁`, …).
///
/// Symbols are compared by identity (`role`, `axis`); `name` is how the formula prints them, so the
/// same stride prints as `s` when both axes share it and as `s₁`, `s₂` when they differ.
public struct IndexSymbol: Hashable, Sendable {
    /// What a symbol stands for. The order is the order in which terms are printed.
    public enum Role: Int, Sendable, Comparable {
        case stride, outputIndex, lectureIndex, padding, dilation, kernelSize, centre, tap
        public static func < (l: Role, r: Role) -> Bool { l.rawValue < r.rawValue }
    }
    public let role: Role
    /// 0: rows (or the only axis in 1D), 1: columns.
    public let axis: Int
    public let name: String

    public init(_ role: Role, axis: Int, name: String) {
        self.role = role
        self.axis = axis
        self.name = name
    }

    public static func == (l: IndexSymbol, r: IndexSymbol) -> Bool { l.role == r.role && l.axis == r.axis }
    public func hash(into h: inout Hasher) {
        h.combine(role)
        h.combine(axis)
    }
}

/// An integer polynomial in ``IndexSymbol``s — what an index inside `x(·)` is:
/// `s·i − p_top + d·a`, `7 − 2a`, `k − n`.
///
/// It can be printed (``text``), partly evaluated (``substituting(_:)``) and evaluated
/// (``value(_:)``), so the words on a figure and the numbers a test checks come from one value.
/// Like terms are combined, so `(k₁ − 1) − (a + k₁ − 1 − c₁)` is `c₁ − a`.
public struct IndexExpression: Equatable, Sendable {
    /// A product of symbols, kept sorted; `[]` is the constant term.
    typealias Monomial = [IndexSymbol]
    /// Each monomial with its non-zero coefficient.
    private(set) var terms: [Monomial: Int]

    public init(_ constant: Int) { terms = constant == 0 ? [:] : [[]: constant] }
    public init(_ symbol: IndexSymbol) { terms = [[symbol]: 1] }
    private init(terms: [Monomial: Int]) { self.terms = terms.filter { $0.value != 0 } }

    /// The symbols this expression still contains.
    public var symbols: Set<IndexSymbol> { Set(terms.keys.flatMap { $0 }) }

    /// The value when every symbol is bound; `nil` when one is not.
    public func value(_ bindings: [IndexSymbol: Int]) -> Int? {
        let e = substituting(bindings)
        guard e.symbols.isEmpty else { return nil }
        return e.terms[[]] ?? 0
    }

    /// Replaces every bound symbol by its value and combines like terms.
    public func substituting(_ bindings: [IndexSymbol: Int]) -> IndexExpression {
        var out: [Monomial: Int] = [:]
        for (monomial, coefficient) in terms {
            var c = coefficient
            var rest: Monomial = []
            for s in monomial {
                if let v = bindings[s] { c *= v } else { rest.append(s) }
            }
            out[rest, default: 0] += c
        }
        return IndexExpression(terms: out)
    }

    /// Replaces a symbol by an expression (the step from one form of a formula to another).
    public func replacing(_ symbol: IndexSymbol, with e: IndexExpression) -> IndexExpression {
        var out = IndexExpression(0)
        for (monomial, coefficient) in terms {
            var product = IndexExpression(coefficient)
            for s in monomial { product = product * (s == symbol ? e : IndexExpression(s)) }
            out = out + product
        }
        return out
    }

    public static func + (l: IndexExpression, r: IndexExpression) -> IndexExpression {
        IndexExpression(terms: l.terms.merging(r.terms, uniquingKeysWith: +))
    }

    public static prefix func - (e: IndexExpression) -> IndexExpression {
        IndexExpression(terms: e.terms.mapValues { -$0 })
    }

    public static func - (l: IndexExpression, r: IndexExpression) -> IndexExpression { l + (-r) }

    public static func * (l: IndexExpression, r: IndexExpression) -> IndexExpression {
        var out: [Monomial: Int] = [:]
        for (m1, c1) in l.terms {
            for (m2, c2) in r.terms {
                out[(m1 + m2).sorted(by: IndexExpression.precedes), default: 0] += c1 * c2
            }
        }
        return IndexExpression(terms: out)
    }

    // MARK: - Text

    /// Symbols inside a product print stride and dilation first (`s·i`, `d·a`), then by role.
    private static func precedes(_ l: IndexSymbol, _ r: IndexSymbol) -> Bool {
        (l.role.rawValue, l.axis) < (r.role.rawValue, r.axis)
    }

    /// Where a term goes in a sum: output index terms, padding, kernel sizes, constants, taps.
    private static func rank(_ m: Monomial) -> (Int, Int, String) {
        guard let top = m.map(\.role).max() else { return (IndexSymbol.Role.centre.rawValue * 2 + 1, 0, "") }
        return (top.rawValue * 2, m.first?.axis ?? 0, m.map(\.name).joined())
    }

    /// The expression as the figures print it: `s·i − p_top + d·a`, `3 + 2a`, `k − n`, `0`.
    /// A number times symbols is written without a dot (`2a`); symbols times symbols with one.
    public var text: String {
        let ordered = terms.sorted { IndexExpression.rank($0.key) < IndexExpression.rank($1.key) }
        guard !ordered.isEmpty else { return "0" }
        var out = ""
        for (n, (monomial, coefficient)) in ordered.enumerated() {
            let magnitude = abs(coefficient)
            let product = monomial.map(\.name).joined(separator: "·")
            let body = monomial.isEmpty ? "\(magnitude)" : (magnitude == 1 ? product : "\(magnitude)\(product)")
            if n == 0 {
                out = (coefficient < 0 ? "−" : "") + body
            } else {
                out += (coefficient < 0 ? " − " : " + ") + body
            }
        }
        return out
    }

    /// True when the expression prints as one term (no `+` or `−` between terms).
    public var isSingleTerm: Bool { terms.count <= 1 }
}

extension IndexExpression: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
