/// The words a layer step prints, built from the same ``ConvolutionFormula`` as a single 2D step,
/// with the layer's names: channel `c`, filter `m`, weights `w_m,c`, bias `b_m`.
extension ConvLayer {
    /// The formula of one channel's correlation (filter 0, channel 0 stand for all: they share the geometry).
    func channelFormula(_ x: Volume) throws(ConvolutionError) -> ConvolutionFormula {
        let plan = try Convolution2D(input: x[inputChannel(filter: 0, slice: 0)], kernel: weights[0][0],
                                     operation: .correlation, geometry: channelGeometry)
        return ConvolutionFormula(plan)
    }

    /// `y_m(i,j) = Σ_c Σ_a Σ_b x_c(s·i − p_top + a, s·j − p_left + b)·w_m,c(a,b) + b_m` — the
    /// general 2D formula with a sum over channels and the filter's bias.
    public func generalFormula(_ x: Volume) throws(ConvolutionError) -> String {
        let f = try channelFormula(x)
        return ConvLayer.layerForm(f.general, output: "y_m(i,j)", weight: "w_m,c", bias: "b_m")
    }

    /// The parameters' values (`s = 2, p_top = 1, …`), empty when every one is trivial.
    public func parameterValues(_ x: Volume) throws(ConvolutionError) -> String {
        try channelFormula(x).parameterValues
    }

    /// This step's instance: `y₁(0,0) = Σ_c Σ_a Σ_b x_c(−1 + a, −1 + b)·w₁,c(a,b) + b₁,  a ∈ 0…2, b ∈ 0…2`.
    public func instance(_ x: Volume, filter m: Int, output o: GridIndex) throws(ConvolutionError) -> String {
        let f = try channelFormula(x)
        let text = f.instance(output: o)
        let name = "y\(LayerNames.sub(m))(\(o.row),\(o.col))"
        return ConvLayer.layerForm(text, output: name, weight: "w\(LayerNames.sub(m)),c", bias: "b\(LayerNames.sub(m))",
                                   outputPrefix: "y(\(o.row),\(o.col))")
    }

    /// Rewrites a single-channel formula in the layer's names.
    static func layerForm(_ text: String, output: String, weight: String, bias: String, outputPrefix: String = "y(i,j)") -> String {
        var t = text
        if t.hasPrefix(outputPrefix) { t = output + t.dropFirst(outputPrefix.count) }
        t = t.replacingFirst("Σ_a", with: "Σ_c Σ_a")
        t = t.replacingFirst(" x(", with: " x_c(")
        t = t.replacingFirst("·k(a,b)", with: "·\(weight)(a,b)")
        // The channel correlation has no bias (the filter's is added once): add it by name.
        if let comma = t.firstRange(of: ",  ") {
            t.insert(contentsOf: " + \(bias)", at: comma.lowerBound)
        } else {
            t += " + \(bias)"
        }
        return t
    }
}

extension LayerStep {
    /// Channel `c`'s partial sum written out: `p₀ = 0·1 + 1·0 + … = 3` (terms in window order).
    public func partialText(_ n: Int) -> String {
        let t = terms[n]
        let body = t.step.taps.map { "\(NumberFormat.factor($0.value))·\(NumberFormat.factor($0.weight))" }.joined(separator: " + ")
        return "p\(LayerNames.sub(t.channel)) = \(body) = \(NumberFormat.string(t.partial, unicodeMinus: true))"
    }

    /// The total: `y₁(0,0) = p₀ + p₁ + p₂ + b₁ = 3 + (−2) + 1 + 1 = 3`.
    public var totalText: String {
        let names = terms.map { "p\(LayerNames.sub($0.channel))" } + ["b\(LayerNames.sub(filter))"]
        let values = terms.map { NumberFormat.factor($0.partial) } + [NumberFormat.factor(bias)]
        return "\(outputName) = \(names.joined(separator: " + ")) = \(values.joined(separator: " + ")) = \(NumberFormat.string(result, unicodeMinus: true))"
    }

    /// `y₁(0,2)`: filter as a subscript, then the cell.
    public var outputName: String { "y\(LayerNames.sub(filter))(\(output.row),\(output.col))" }
}

/// Subscript digits for filter and channel numbers.
public enum LayerNames {
    public static func sub(_ n: Int) -> String {
        let digits = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(n).compactMap { $0.wholeNumberValue.map { digits[$0] } }.joined()
    }
}

extension String {
    /// The first place `target` occurs (no Foundation in this module).
    func firstRange(of target: String) -> Range<String.Index>? {
        guard !target.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<(index(i, offsetBy: target.count)) }
            i = index(after: i)
        }
        return nil
    }

    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = firstRange(of: target) else { return self }
        var s = self
        s.replaceSubrange(r, with: replacement)
        return s
    }
}

// MARK: - The command line's form (plain brackets: y[m](i,j), x[c] ⋆ w[m,c]), printed by 'compute layer --steps'

extension ConvLayer {
    /// The layer's formula in the lecture's corner form, built from the same index model as
    /// ``ConvolutionFormula`` (parameters that change nothing left out):
    ///
    /// ```
    /// y[m](i,j) = Σ_c Σ_a Σ_b x[c](s·i − p_top + d·a, s·j − p_left + d·b)·w[m,c](a,b) + b[m],  c ∈ 0…C − 1, a ∈ 0…k₁ − 1, b ∈ 0…k₂ − 1
    /// where C = 3, s = 2, p_top = 1, p_left = 1, k₁ = 3, k₂ = 3
    /// ```
    /// With groups, `c` runs over the `C/g` channels of filter `m`'s group and `w[m,c]` is the
    /// kernel for the channel's place in that group; a third line says so.
    public func formulaText(for x: Volume) throws(ConvolutionError) -> [String] {
        _ = try layout(for: x)
        let plan = try Convolution2D(input: x[0], kernel: weights[0][0], operation: .correlation,
                                     geometry: channelGeometry)
        let f = ConvolutionFormula(plan)
        let inside = f.axes.map(f.generalIndex).joined(separator: ", ")
        let channels = groups == 1 ? "c ∈ 0…C − 1" : "c ∈ the C/g channels of filter m's group"
        var lines = ["y[m](i,j) = Σ_c Σ_a Σ_b x[c](\(inside))·w[m,c](a,b) + b[m],  \(channels), \(f.tapRanges)"]
        let parameters = f.parameterValues
        var values = ["C = \(inputChannels)"]
        if groups != 1 { values.append("g = \(groups)") }
        if !parameters.isEmpty { values.append(parameters) }
        lines.append("where " + values.joined(separator: ", "))
        if groups != 1 {
            lines.append("filter m sees input channels ⌊m·g/M⌋·C/g … ⌊m·g/M⌋·C/g + C/g − 1 (M = \(filterCount), C/g = \(channelsPerFilter))")
        }
        return lines
    }
}

extension LayerStep {
    /// `y[0](1,2)`: the output cell's name.
    public var name: String { "y[\(filter)](\(output.row),\(output.col))" }

    /// The term of one channel: `x[2] ⋆ w[1,0]` (input channel 2 through slice 0 of filter 1).
    public func termName(_ t: ChannelTerm, slice: Int) -> String {
        "x[\(t.channel)] ⋆ w[\(filter),\(slice)]"
    }

    /// The cell channel by channel, then the partial sums and the bias:
    ///
    /// ```
    /// y[0](0,0) = x[0] ⋆ w[0,0] + x[1] ⋆ w[0,1] + b[0]
    ///   x[0] ⋆ w[0,0] = 1·1 + 2·0 + 4·0 + 5·1 = 6
    ///   x[1] ⋆ w[0,1] = 5·0 + 6·1 + 7·1 + 8·0 = 13
    ///   y[0](0,0) = 6 + 13 + 1 = 20
    /// ```
    /// Products are written in window order, partial sums in channel order: the order the layer
    /// adds them, so the last number is the output cell exactly.
    public var lines: [String] {
        let names = terms.enumerated().map { termName($1, slice: $0) }
        var lines = ["\(name) = \(names.joined(separator: " + ")) + b[\(filter)]"]
        for (t, n) in zip(terms, names) {
            lines.append("  \(n) = \(t.step.arithmetic(bias: false))")
        }
        let partials = terms.map { NumberFormat.factor($0.partial) } + [NumberFormat.factor(bias)]
        lines.append("  \(name) = \(partials.joined(separator: " + ")) = \(NumberFormat.string(result, unicodeMinus: true))")
        return lines
    }
}
