extension Step {
    /// The step with every factor named, in the plan's indexing: `x(0,0)·k(−1,−1) + x(0,1)·k(−1,0) + …`
    /// (2D) or `h[1]·x[0] + h[0]·x[1]` (1D); the labels are the tap labels of ``ConvolutionFormula``.
    public func symbolicSum(oneD: Bool) -> String {
        var terms = taps.map { t in
            oneD ? "h[\(minus(t.label.col))]·x[\(minus(t.input.col))]"
                 : "x(\(minus(t.input.row)),\(minus(t.input.col)))·k(\(minus(t.label.row)),\(minus(t.label.col)))"
        }
        if bias != 0 { terms.append("bias") }
        return terms.joined(separator: " + ")
    }
}

extension Step {
    /// 1D written sum in the lecture's order of factors, `h·x`: `3·1 + 2·2 + 1·3 = 10`.
    public func arithmetic1D() -> String {
        var terms = taps.map { "\(NumberFormat.factor($0.weight))·\(NumberFormat.factor($0.value))" }
        if bias != 0 { terms.append(NumberFormat.factor(bias)) }
        return terms.joined(separator: " + ") + " = \(NumberFormat.string(result, unicodeMinus: true))"
    }
}

extension Convolution2D {
    /// What `convviz compute --steps` prints: the general formula in the plan's operation and
    /// indexing (with its parameters), then for each output the written sum, named and with numbers.
    /// 1D outputs are numbered as the lecture numbers them (`y[k]`, see ``ConvolutionFormula``).
    public func stepsText(oneD: Bool) throws(ConvolutionError) -> [String] {
        let f = ConvolutionFormula(self, oneD: oneD)
        var lines = [f.general + ",  " + f.tapRanges]
        if oneD { lines.append("output i is y[k] with \(f.lectureNumbering)") }
        if !f.parameterValues.isEmpty { lines.append("where " + f.parameterValues) }
        for i in 0..<stepCount {
            let s = try step(i)
            let name = oneD ? "y[\(minus(f.lectureIndex(ofOutput: s.output.col) ?? s.output.col))]" : "y\(s.output)"
            lines.append("")
            lines.append("\(name) = \(s.symbolicSum(oneD: oneD))")
            lines.append(String(repeating: " ", count: name.count) + " = \(oneD ? s.arithmetic1D() : s.arithmetic())")
        }
        return lines
    }
}
