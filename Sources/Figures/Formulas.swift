import ConvCore

/// The formula lines of a step frame: the general formula with its tap ranges, the values of
/// its parameters, and this step's instance. Tests parse and evaluate exactly these strings.
public struct StepText: Sendable, Equatable {
    /// `y(i,j) = Σ_a Σ_b x(s·i − p_top + d·a, s·j − p_left + d·b)·k(a,b),  a ∈ 0…k₁ − 1, b ∈ 0…k₂ − 1`
    public let general: String
    /// `where s = 2, p_top = 1, …` (empty when every parameter is trivial).
    public let parameters: String
    /// `this step: y(2,2) = Σ_a Σ_b x(3 + 2a, 3 + 2b)·k(a,b),  a ∈ 0…2, b ∈ 0…2`
    public let instance: String
}

/// The lecture's formulas as text, general and with one step's indices substituted.
enum Formulas {
    /// The lines a 2D step frame prints under the written sum, all from one ``ConvolutionFormula``.
    static func stepLines(_ plan: Convolution2D, _ step: Step) -> StepText {
        let f = ConvolutionFormula(plan)
        return StepText(general: f.general + ",  " + f.tapRanges,
                        parameters: f.parameterValues.isEmpty ? "" : "where " + f.parameterValues,
                        instance: "this step: " + f.instance(output: step.output))
    }

    /// The output-size rule with the plan's numbers: "rows ⌊(5 + 1 + 1 − 1·2 − 1)/2⌋ + 1 = 3".
    static func sizeArithmetic(_ plan: Convolution2D, oneD: Bool = false) -> [String] {
        let p = plan.padding, g = plan.geometry
        func axis(_ name: String, _ h: Int, _ p1: Int, _ p2: Int, _ d: Int, _ k: Int, _ s: Int, _ out: Int) -> String {
            "\(name): ⌊(\(h) + \(p1) + \(p2) − \(d)·(\(k)−1) − 1) / \(s)⌋ + 1 = \(out)"
        }
        let rule = "output size = ⌊(H + p_before + p_after − d·(k−1) − 1) / s⌋ + 1"
        let cols = axis(oneD ? "length" : "columns", plan.input.cols, p.left, p.right, g.dilation.x, plan.kernel.cols, g.stride.x, plan.output.cols)
        if oneD { return [rule, cols] }
        let rows = axis("rows", plan.input.rows, p.top, p.bottom, g.dilation.y, plan.kernel.rows, g.stride.y, plan.output.rows)
        return [rule, rows + ";   " + cols]
    }

    /// A plain-words name of the operation, saying whether the kernel is flipped.
    static func operationName(_ op: Operation, oneD: Bool = false) -> String {
        if oneD {
            return op == .convolution ? "1D convolution x ∗ h (h reversed)" : "1D cross-correlation x ⋆ h (h not reversed)"
        }
        return op == .convolution ? "Convolution x ∗ k (kernel flipped: rotated 180°)" : "Cross-correlation x ⋆ k (kernel not flipped)"
    }

    /// A description of the geometry: "padding 1 (zero), stride 2, dilation 1, centered indexing".
    static func geometryNote(_ plan: Convolution2D, oneD: Bool = false) -> String {
        let g = plan.geometry
        var parts: [String] = []
        switch g.padding {
        case .mode(let m): parts.append("mode \(m.rawValue)")
        case .explicit: break
        }
        let p = plan.padding
        let padding = oneD ? (p.left == p.right ? "\(p.left)" : "left \(p.left), right \(p.right)") : p.description
        parts.append("padding \(padding)\(p.isZero ? "" : " (\(g.boundary.rawValue))")")
        parts.append("stride \(oneD ? "\(g.stride.x)" : g.stride.description)")
        parts.append("dilation \(oneD ? "\(g.dilation.x)" : g.dilation.description)")
        parts.append("\(g.indexing.rawValue) indexing")
        if g.bias != 0 { parts.append("bias \(NumberFormat.compact(g.bias))") }
        return parts.joined(separator: ", ")
    }
}
