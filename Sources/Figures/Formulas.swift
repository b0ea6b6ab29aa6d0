import ConvCore

/// The lecture's formulas as text, general and with one step's indices substituted.
enum Formulas {
    /// "a" term inside x(·): `r+a`, `r−a`, `r+2a`, `r+2−a` … depending on operation and indexing.
    private static func term(_ base: String, _ tap: String, op: Operation, indexing: Indexing,
                             dilation d: Int, kernel k: Int) -> String {
        let dt = d == 1 ? tap : "\(d)\(tap)"
        switch (op, indexing) {
        case (.correlation, _):
            return "\(base)+\(dt)"
        case (.convolution, .centered):
            return "\(base)−\(dt)"
        case (.convolution, .corner):
            // Window top-left at (r,c); original tap a sits at window row k−1−a.
            let span = d * (k - 1)
            return "\(base)+\(span)−\(dt)"
        }
    }

    /// `y(r,c) = Σ_a Σ_b x(r+a, c+b)·k(a,b)` in the plan's operation and indexing.
    static func general(_ plan: Convolution2D, oneD: Bool = false) -> String {
        let op = plan.operation, ix = plan.geometry.indexing
        let range = plan.tapLabelRange
        if oneD {
            let inner = term("k", "n", op: op, indexing: ix, dilation: plan.geometry.dilation.x, kernel: plan.kernel.cols)
            return "y[k] = Σₙ h[n]·x[\(inner)],  n ∈ \(signed(range.cols.lowerBound))…\(signed(range.cols.upperBound))"
        }
        let ra = term("r", "a", op: op, indexing: ix, dilation: plan.geometry.dilation.y, kernel: plan.kernel.rows)
        let cb = term("c", "b", op: op, indexing: ix, dilation: plan.geometry.dilation.x, kernel: plan.kernel.cols)
        return "y(r,c) = Σ_a Σ_b x(\(ra), \(cb))·k(a,b),  a ∈ \(signed(range.rows.lowerBound))…\(signed(range.rows.upperBound)), b ∈ \(signed(range.cols.lowerBound))…\(signed(range.cols.upperBound))"
    }

    /// The general formula with this step's anchor substituted for (r, c).
    static func substituted(_ plan: Convolution2D, _ step: Step, oneD: Bool = false) -> String {
        let op = plan.operation, ix = plan.geometry.indexing
        let a = step.anchor
        if oneD {
            let inner = term(signed(a.col), "n", op: op, indexing: ix, dilation: plan.geometry.dilation.x, kernel: plan.kernel.cols)
            return "y[\(step.output.col)] = Σₙ h[n]·x[\(inner)]"
        }
        let ra = term(signed(a.row), "a", op: op, indexing: ix, dilation: plan.geometry.dilation.y, kernel: plan.kernel.rows)
        let cb = term(signed(a.col), "b", op: op, indexing: ix, dilation: plan.geometry.dilation.x, kernel: plan.kernel.cols)
        let anchorNote = ix == .corner ? "window's top-left" : "kernel centre"
        return "here (r,c) = (\(signed(a.row)),\(signed(a.col))), the \(anchorNote):  y\(step.output) = Σ_a Σ_b x(\(ra), \(cb))·k(a,b)"
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
    static func operationName(_ op: Operation) -> String {
        op == .convolution ? "Convolution x ∗ k (kernel flipped: rotated 180°)" : "Cross-correlation x ⋆ k (kernel not flipped)"
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
