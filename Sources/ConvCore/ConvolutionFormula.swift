/// Where one tap reads the input, along one axis, for one output index:
///
/// ```
/// position = origin + d·offset        origin = s·i − p_top        (rows; columns alike)
/// ```
/// `offset` is the tap's place in the window, written with the tap label (`a`, `b` or `n`):
/// `a` (correlation, corner), `c₁ + a` (correlation, centered), `k₁ − 1 − a` (convolution, corner),
/// `c₁ − a` (convolution, centered). The label runs over `tapRange`.
public struct AxisFormula: Sendable {
    public let outputIndex: IndexSymbol
    public let tap: IndexSymbol
    public let stride: IndexSymbol
    public let padding: IndexSymbol
    public let dilation: IndexSymbol
    public let kernelSize: IndexSymbol
    public let centre: IndexSymbol
    /// `s·i − p_top`: the window's first cell, in input coordinates.
    public let origin: IndexExpression
    /// The tap's place in the window as a function of its label.
    public let offset: IndexExpression
    /// The first and last tap label: `0 … k₁ − 1` (corner) or `−c₁ … k₁ − 1 − c₁` (centered).
    public let tapRange: (first: IndexExpression, last: IndexExpression)

    /// The input index read by the tap: `origin + d·offset`.
    public var position: IndexExpression { origin + IndexExpression(dilation) * offset }

    /// Builds the formula for one axis, deriving each form from the corner correlation:
    /// the flip replaces the kernel index `m` by `k − 1 − m`; centered indexing replaces the
    /// label `a` by `a + m₀`, where `m₀` is the kernel index that sits on the output pixel.
    init(axis: Int, names: AxisNames, operation: Operation, indexing: Indexing) {
        outputIndex = IndexSymbol(.outputIndex, axis: axis, name: names.output)
        tap = IndexSymbol(.tap, axis: axis, name: names.tap)
        stride = IndexSymbol(.stride, axis: axis, name: names.stride)
        padding = IndexSymbol(.padding, axis: axis, name: names.padding)
        dilation = IndexSymbol(.dilation, axis: axis, name: names.dilation)
        kernelSize = IndexSymbol(.kernelSize, axis: axis, name: names.kernel)
        centre = IndexSymbol(.centre, axis: axis, name: names.centre)
        origin = IndexExpression(stride) * IndexExpression(outputIndex) - IndexExpression(padding)

        // The window position of kernel index m, as used: m itself, or flipped.
        let m = IndexSymbol(.tap, axis: axis + 2, name: "m")
        let k = IndexExpression(kernelSize), c = IndexExpression(centre)
        let used: IndexExpression = operation == .correlation ? IndexExpression(m) : k - 1 - IndexExpression(m)
        // The kernel index of label a: a itself (corner), or a shifted so that label 0 is the tap on
        // the output pixel — the window's centre, c = ⌊(k−1)/2⌋ — (centered).
        let centreIndex: IndexExpression = operation == .correlation ? c : k - 1 - c
        let shift: IndexExpression = indexing == .corner ? 0 : centreIndex
        offset = used.replacing(m, with: IndexExpression(tap) + shift)
        tapRange = (-shift, k - 1 - shift)
    }
}

/// The names a formula prints, per axis.
struct AxisNames {
    var output, tap, stride, padding, dilation, kernel, centre: String
}

/// The lecture's formula for one convolution or cross-correlation, as data: what a figure prints
/// and what a test evaluates are the same value.
///
/// 2D, correlation, corner indexing (the other forms are derived, see ``AxisFormula``):
/// ```
/// y(i,j) = Σ_a Σ_b x(s·i − p_top + d·a, s·j − p_left + d·b)·k(a,b) + bias
/// ```
/// 1D, in the lecture's numbering: output `y[k]` is numbered by the input index under `h[0]`,
/// `k = s·i − p + d·offset(0)`, so that `y[k] = Σₙ h[n]·x[k − n]` (convolution; `x[k + n]` for
/// correlation, `x[k − d·n]` with dilation) holds literally in every mode.
public struct ConvolutionFormula: Sendable {
    public let operation: Operation
    public let indexing: Indexing
    public let oneD: Bool
    /// Rows (or the only axis in 1D) and columns.
    public let axes: [AxisFormula]
    /// The value of every parameter symbol for this plan.
    public let parameters: [IndexSymbol: Int]
    public let bias: Double
    /// 1D only: the lecture's output index `k`.
    public let lectureIndex: IndexSymbol

    public init(_ plan: Convolution2D, oneD: Bool = false) {
        let g = plan.geometry, p = plan.padding
        operation = plan.operation
        indexing = g.indexing
        self.oneD = oneD
        bias = g.bias
        lectureIndex = IndexSymbol(.lectureIndex, axis: 0, name: "k")
        let sameStride = g.stride.y == g.stride.x, sameDilation = g.dilation.y == g.dilation.x
        func names(_ axis: Int) -> AxisNames {
            let sub = axis == 0 ? "₁" : "₂"
            if oneD {
                return AxisNames(output: "i", tap: "n", stride: "s", padding: "p", dilation: "d", kernel: "N", centre: "c")
            }
            return AxisNames(output: axis == 0 ? "i" : "j", tap: axis == 0 ? "a" : "b",
                             stride: sameStride ? "s" : "s" + sub, padding: axis == 0 ? "p_top" : "p_left",
                             dilation: sameDilation ? "d" : "d" + sub, kernel: "k" + sub, centre: "c" + sub)
        }
        let axisCount = oneD ? 1 : 2
        axes = (0..<axisCount).map { AxisFormula(axis: $0, names: names($0), operation: plan.operation, indexing: g.indexing) }
        var values: [IndexSymbol: Int] = [:]
        let perAxis: [(stride: Int, padding: Int, dilation: Int, kernel: Int)] = oneD
            ? [(g.stride.x, p.left, g.dilation.x, plan.kernel.cols)]
            : [(g.stride.y, p.top, g.dilation.y, plan.kernel.rows), (g.stride.x, p.left, g.dilation.x, plan.kernel.cols)]
        for (a, v) in zip(axes, perAxis) {
            values[a.stride] = v.stride
            values[a.padding] = v.padding
            values[a.dilation] = v.dilation
            values[a.kernelSize] = v.kernel
            values[a.centre] = (v.kernel - 1) / 2
        }
        parameters = values
    }

    // MARK: - Evaluation

    /// The input index that tap `label` reads along `axis` for output index `output`.
    public func position(axis: Int, output: Int, label: Int) -> Int? {
        let a = axes[axis]
        var b = parameters
        b[a.outputIndex] = output
        b[a.tap] = label
        return a.position.value(b)
    }

    /// The tap labels along `axis`, first to last.
    public func labels(axis: Int) -> ClosedRange<Int> {
        let a = axes[axis]
        let lo = a.tapRange.first.value(parameters) ?? 0, hi = a.tapRange.last.value(parameters) ?? 0
        return min(lo, hi)...max(lo, hi)
    }

    /// 1D: the lecture's index `k` of output `i` — the input index read by `h[0]`.
    public func lectureIndex(ofOutput i: Int) -> Int? {
        position(axis: 0, output: i, label: 0)
    }

    // MARK: - Text

    private var isTrivial: [IndexSymbol: Int] {
        // Parameters with no effect (stride 1, dilation 1, padding 0) are left out of the general form.
        parameters.filter { s, v in
            (s.role == .stride && v == 1) || (s.role == .dilation && v == 1) || (s.role == .padding && v == 0)
        }
    }

    /// One axis's index inside `x(·)`: `s·i − p_top + d·(k₁ − 1 − a)`; trivial parameters dropped.
    func generalIndex(_ a: AxisFormula) -> String {
        let drop = isTrivial
        let origin = a.origin.substituting(drop)
        if drop[a.dilation] != nil {
            return (origin + a.offset).text
        }
        let d = a.dilation.name
        let tapPart = a.offset.isSingleTerm && a.offset.substituting([a.tap: 1]).value([:]) == 1
            ? "\(d)·\(a.offset.text)" : "\(d)·(\(a.offset.text))"
        let o = origin.text
        return o == "0" ? tapPart : "\(o) + \(tapPart)"
    }

    /// The general formula: `y(i,j) = Σ_a Σ_b x(s·i − p_top + d·a, s·j − p_left + d·b)·k(a,b) + bias`,
    /// or in 1D `y[k] = Σₙ h[n]·x[k − n]`.
    public var general: String {
        let biasTerm = bias != 0 ? " + bias" : ""
        if oneD {
            return "y[k] = Σₙ h[n]·x[\(lectureOffset.text)]\(biasTerm)"
        }
        let r = axes[0], c = axes[1]
        return "y(i,j) = Σ_a Σ_b x(\(generalIndex(r)), \(generalIndex(c)))·k(a,b)\(biasTerm)"
    }

    /// 1D: the index inside `x[·]` in terms of `k`: `k − n`, `k + n`, `k − d·n`.
    var lectureOffset: IndexExpression {
        let a = axes[0]
        let drop = isTrivial
        let d = IndexExpression(a.dilation).substituting(drop)
        let relative = a.offset - a.offset.replacing(a.tap, with: 0)
        return IndexExpression(lectureIndex) + (d * relative)
    }

    /// 1D: how output `i` is numbered: `k = i + 2` (valid), `k = i` (full) or `k = 2i − 1`.
    public var lectureNumbering: String {
        let a = axes[0]
        let k = a.origin + IndexExpression(a.dilation) * a.offset.replacing(a.tap, with: 0)
        return "k = \(k.substituting(parameters).text)"
    }

    /// The ranges of the tap labels: `a ∈ 0…k₁−1, b ∈ 0…k₂−1` (general, symbolic).
    public var tapRanges: String {
        axes.map { a in
            // For an odd kernel k = 2c + 1, so the centered range −c…k−1−c reads −c…c, as in the lecture.
            let odd = (parameters[a.kernelSize] ?? 0) % 2 == 1
            let k = odd ? IndexExpression(2) * IndexExpression(a.centre) + 1 : IndexExpression(a.kernelSize)
            let first = a.tapRange.first.replacing(a.kernelSize, with: k), last = a.tapRange.last.replacing(a.kernelSize, with: k)
            let simple = indexing == .centered ? (first, last) : a.tapRange
            return "\(a.tap.name) ∈ \(simple.0.text)…\(simple.1.text)"
        }.joined(separator: ", ")
    }

    /// The parameters' values: `s = 2, d = 2, p_top = 1, p_left = 1, k₁ = 3, k₂ = 3`.
    public var parameterValues: String {
        var parts: [String] = []
        var seen = Set<String>()
        let trivial = isTrivial
        let kinds: [(AxisFormula) -> IndexSymbol] = [\.stride, \.dilation, \.padding, \.kernelSize]
            + (indexing == .centered ? [\.centre] : [])
        for kind in kinds {
            for s in axes.map(kind) where trivial[s] == nil && !seen.contains(s.name) {
                seen.insert(s.name)
                parts.append("\(s.name) = \(parameters[s] ?? 0)")
            }
        }
        if indexing == .centered { parts.append(oneD ? "c = ⌊(N−1)/2⌋" : "c = ⌊(k−1)/2⌋") }
        return parts.joined(separator: ", ")
    }

    /// This step's instance: `y(2,2) = Σ_a Σ_b x(3 + 2a, 3 + 2b)·k(a,b)`, labels ranging over
    /// numbers; 1D: `y[3] = Σₙ h[n]·x[3 − n], n ∈ 0…2`.
    public func instance(output o: GridIndex) -> String {
        let biasTerm = bias != 0 ? " + \(NumberFormat.factor(bias))" : ""
        if oneD {
            let a = axes[0]
            var b = parameters
            b[a.outputIndex] = o.col
            let k = lectureIndex(ofOutput: o.col) ?? 0
            let range = labels(axis: 0)
            return "y[\(minus(k))] = Σₙ h[n]·x[\(a.position.substituting(b).text)]\(biasTerm),  n ∈ \(minus(range.lowerBound))…\(minus(range.upperBound))"
        }
        let idx = [o.row, o.col]
        let inside = axes.enumerated().map { n, a in
            var b = parameters
            b[a.outputIndex] = idx[n]
            return a.position.substituting(b).text
        }
        let ranges = (0..<2).map { n in
            let r = labels(axis: n)
            return "\(axes[n].tap.name) ∈ \(minus(r.lowerBound))…\(minus(r.upperBound))"
        }
        return "y(\(o.row),\(o.col)) = Σ_a Σ_b x(\(inside[0]), \(inside[1]))·k(a,b)\(biasTerm),  \(ranges.joined(separator: ", "))"
    }
}

/// An integer with a Unicode minus, as the formulas print it.
func minus(_ n: Int) -> String { n < 0 ? "−\(-n)" : "\(n)" }
