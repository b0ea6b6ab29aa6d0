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
