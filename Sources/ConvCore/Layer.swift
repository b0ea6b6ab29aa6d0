/// A convolution layer on one example, as the lecture builds it and PyTorch's `conv2d` computes it:
/// `C` input channels, `M` filters of `C × k₁ × k₂` weights, one bias per filter. Like every
/// deep-learning library, the layer **cross-correlates** (the kernel is *not* flipped):
///
/// ```
/// y_m(i,j) = Σ_c Σ_a Σ_b x_c(s·i − p_top + d·a, s·j − p_left + d·b) · w_{m,c}(a,b)  +  b_m
///          = Σ_c (x_c ⋆ w_{m,c})(i,j)  +  b_m
/// ```
/// So a layer is a sum over channels of 2D cross-correlations (``Convolution2D``, whose loops are
/// the definition), plus the filter's bias. With `groups = g` the channels are split into `g`
/// groups and filter `m` sees only the `C/g` channels of group `⌊m·g/M⌋` (PyTorch's `groups`).
///
/// The partial sums are added in channel order and the bias last, `((p₀ + p₁) + p₂) + b`, the
/// same order ``step(_:filter:output:)`` writes them, so a step's result is the output cell exactly.
///
/// Output: `M × H′ × W′` with `H′ = ⌊(H + p_top + p_bottom − d(k₁−1) − 1)/s⌋ + 1` (``outputSize``).
/// Parameters: `(C/g · k₁ · k₂ + 1) · M`.
public struct ConvLayer: Sendable {
    /// Most input channels and filters a layer takes (a typo's extra digit should not exhaust memory).
    public static let maxChannels = 64
    public static let maxFilters = 64

    /// `weights[m][c]`: the kernel filter `m` applies to channel `c` of its group (PyTorch's
    /// `M × C/g × k₁ × k₂` layout).
    public let weights: [[Grid]]
    /// One bias per filter.
    public let biases: [Double]
    /// Padding, boundary, stride and dilation, as for ``Convolution2D``. Its `bias` is not used
    /// (each filter has its own) and its `indexing` only names the taps in steps.
    public let geometry: Geometry
    public let groups: Int

    public init(weights: [[Grid]], biases: [Double]? = nil, geometry: Geometry = Geometry(),
                groups: Int = 1) throws(ConvolutionError) {
        guard let first = weights.first, let k = first.first else { throw .empty(name: "weights") }
        if weights.count > ConvLayer.maxFilters {
            throw .beyondLimit(field: "number of filters", value: weights.count, limit: ConvLayer.maxFilters)
        }
        if first.count > ConvLayer.maxChannels {
            throw .beyondLimit(field: "number of channels per filter", value: first.count, limit: ConvLayer.maxChannels)
        }
        guard groups >= 1 else { throw .nonPositive(field: "number of groups", value: groups) }
        guard weights.count % groups == 0 else {
            throw .shapes("\(counted(weights.count, "filter").capitalizedFirst) cannot be split into \(groups) groups: use a number of groups that divides the number of filters.")
        }
        for (m, filter) in weights.enumerated() {
            guard filter.count == first.count else {
                throw .shapes("Filter \(m + 1) has \(counted(filter.count, "channel")) but filter 1 has \(first.count): give every filter the same number of channels.")
            }
            for (c, w) in filter.enumerated() {
                try w.validate(name: "weights of filter \(m + 1), channel \(c + 1)", limit: Limits.maxKernelValues)
                guard w.rows == k.rows && w.cols == k.cols else {
                    throw .shapes("Filter \(m + 1), channel \(c + 1) is \(w.rows)×\(w.cols) but filter 1, channel 1 is \(k.rows)×\(k.cols): give every kernel the same size.")
                }
            }
        }
        let biases = biases ?? Array(repeating: 0, count: weights.count)
        guard biases.count == weights.count else {
            throw .shapes("There \(biases.count == 1 ? "is" : "are") \(counted(biases.count, "bias", plural: "biases")) for \(counted(weights.count, "filter")): give one bias per filter.")
        }
        for (m, b) in biases.enumerated() where !b.isFinite { throw .notFinite(name: "bias list", row: 0, col: m) }
        self.weights = weights
        self.biases = biases
        self.geometry = geometry
        self.groups = groups
    }

    /// `M`.
    public var filterCount: Int { weights.count }
    /// Channels each filter sees (`C/g`).
    public var channelsPerFilter: Int { weights[0].count }
    /// Channels the input must have (`C`).
    public var inputChannels: Int { channelsPerFilter * groups }
    public var kernelRows: Int { weights[0][0].rows }
    public var kernelCols: Int { weights[0][0].cols }

    /// The input channel that slice `c` of filter `m` reads.
    public func inputChannel(filter m: Int, slice c: Int) -> Int {
        m / (filterCount / groups) * channelsPerFilter + c
    }

    /// `(C/g · k₁ · k₂ + 1) · M`: every weight plus one bias per filter. It does not depend on the
    /// image size: the weights are shared by every position.
    public var parameterCount: Int {
        (channelsPerFilter * kernelRows * kernelCols + 1) * filterCount
    }

    /// The geometry one channel's correlation runs with (no bias: the filter's bias is added once).
    var channelGeometry: Geometry {
        var g = geometry
        g.bias = 0
        return g
    }

    /// Checks that `x` has the channels the weights expect and returns the output's layout.
    /// The whole output volume, `M·H′·W′` values, is held to ``Limits/maxOutputValues``.
    public func layout(for x: Volume) throws(ConvolutionError) -> Layout {
        if x.count > ConvLayer.maxChannels {
            throw .beyondLimit(field: "number of input channels", value: x.count, limit: ConvLayer.maxChannels)
        }
        guard x.count == inputChannels else {
            let want = groups == 1 ? "each filter has \(channelsPerFilter)" : "\(groups) groups of \(channelsPerFilter) need \(inputChannels)"
            let otherWeights = x.count % groups == 0 ? ", or weights M×\(x.count / groups)×k₁×k₂" : ""
            throw .shapes("The input has \(counted(x.count, "channel")) but \(want): give the input C×H×W with C = \(inputChannels)\(otherWeights).")
        }
        for c in 0..<x.count { try x[c].validate(name: "input channel \(c + 1)", limit: Limits.maxInputValues) }
        let l = try Layout(inputRows: x.rows, inputCols: x.cols, kernelRows: kernelRows, kernelCols: kernelCols,
                           geometry: geometry)
        let (total, overflow) = (l.outputRows * l.outputCols).multipliedReportingOverflow(by: filterCount)
        if overflow || total > Limits.maxOutputValues {
            throw .tooLarge(name: "output", count: overflow ? Int.max : total, limit: Limits.maxOutputValues)
        }
        try ConvLayer.checkWork(cells: total, perCell: channelsPerFilter * kernelRows * kernelCols)
        return l
    }

    /// Refuses a layer whose products (output cells × products per cell) exceed ``Limits/maxLayerProducts``.
    static func checkWork(cells: Int, perCell: Int, limit: Int = Limits.maxLayerProducts, what: String = "The layer") throws(ConvolutionError) {
        let (products, overflow) = cells.multipliedReportingOverflow(by: perCell)
        if overflow || products > limit {
            throw .shapes("\(what) would compute \(overflow ? "more than 9·10¹⁸" : "\(products)") products, more than the limit of \(limit) (a few seconds' work): use a smaller input, fewer filters or smaller kernels.")
        }
    }

    /// The output volume `M × H′ × W′`: `y_m = Σ_c x_c ⋆ w_{m,c} + b_m`.
    public func forward(_ x: Volume) throws(ConvolutionError) -> Volume {
        _ = try layout(for: x)
        var maps: [Grid] = []
        maps.reserveCapacity(filterCount)
        for m in 0..<filterCount {
            var total: Grid?
            for c in 0..<channelsPerFilter {
                // One channel's partial sum: an ordinary 2D cross-correlation.
                let partial = try Convolution2D(input: x[inputChannel(filter: m, slice: c)], kernel: weights[m][c],
                                                operation: .correlation, geometry: channelGeometry).output
                if var t = total {
                    t.values.withUnsafeMutableBufferPointer { t in
                        partial.values.withUnsafeBufferPointer { p in
                            for i in t.indices { t[i] += p[i] }
                        }
                    }
                    total = t
                } else {
                    total = partial
                }
            }
            let b = biases[m]
            maps.append(total.map { t in t.map { $0 + b } } ?? Grid(rows: 0, cols: 0))
        }
        return try Volume(maps, name: "output")
    }

    /// Steps in the order the figures fill the output volume: filter by filter, each in row-major order.
    public func stepCount(for x: Volume) throws(ConvolutionError) -> Int {
        let l = try layout(for: x)
        return filterCount * l.outputRows * l.outputCols
    }

    /// Filter and output cell of step `i`.
    public func position(ofStep i: Int, for x: Volume) throws(ConvolutionError) -> (filter: Int, output: GridIndex) {
        let l = try layout(for: x)
        let perMap = l.outputRows * l.outputCols
        guard i >= 0 && i < filterCount * perMap else { throw .stepOutOfRange(step: i, count: filterCount * perMap) }
        return (i / perMap, GridIndex(i % perMap / l.outputCols, i % perMap % l.outputCols))
    }

    /// One output cell `y_m(i,j)` channel by channel: each channel's window, taps and partial sum,
    /// their total and the bias.
    public func step(_ x: Volume, filter m: Int, output o: GridIndex) throws(ConvolutionError) -> LayerStep {
        let l = try layout(for: x)
        guard m >= 0 && m < filterCount else {
            throw .shapes("Filter \(m) does not exist: this layer has filters 0 to \(filterCount - 1).")
        }
        guard o.row >= 0 && o.row < l.outputRows && o.col >= 0 && o.col < l.outputCols else {
            throw .shapes("Output cell \(o) does not exist: each feature map is \(l.outputRows)×\(l.outputCols), so rows run 0 to \(l.outputRows - 1) and columns 0 to \(l.outputCols - 1).")
        }
        return try cellStep(filter: m, output: o, cols: l.outputCols, plans: plans(x, filter: m))
    }

    /// Every step, filter by filter, each in row-major order (the order of ``position(ofStep:for:)``),
    /// with one plan per filter and channel rather than one per step.
    public func steps(_ x: Volume) throws(ConvolutionError) -> [LayerStep] {
        let l = try layout(for: x)
        var list: [LayerStep] = []
        list.reserveCapacity(filterCount * l.outputRows * l.outputCols)
        for m in 0..<filterCount {
            let plans = try plans(x, filter: m)
            for i in 0..<l.outputRows {
                for j in 0..<l.outputCols {
                    list.append(try cellStep(filter: m, output: GridIndex(i, j), cols: l.outputCols, plans: plans))
                }
            }
        }
        return list
    }

    /// Filter `m`'s correlation with each channel it sees: the input channel and its plan.
    private func plans(_ x: Volume, filter m: Int) throws(ConvolutionError) -> [(channel: Int, plan: Convolution2D)] {
        var plans: [(channel: Int, plan: Convolution2D)] = []
        for c in 0..<channelsPerFilter {
            let ch = inputChannel(filter: m, slice: c)
            plans.append((ch, try Convolution2D(input: x[ch], kernel: weights[m][c], operation: .correlation,
                                                geometry: channelGeometry)))
        }
        return plans
    }

    /// `y_m(o)` from the channels' plans: each channel's step, the partial sums added in channel
    /// order, then the bias — the order ``forward(_:)`` adds them.
    private func cellStep(filter m: Int, output o: GridIndex, cols: Int,
                          plans: [(channel: Int, plan: Convolution2D)]) throws(ConvolutionError) -> LayerStep {
        var terms: [LayerStep.ChannelTerm] = []
        var total = 0.0
        for (c, p) in plans.enumerated() {
            let step = try p.plan.step(o.row * cols + o.col)
            total = c == 0 ? step.sum : total + step.sum
            terms.append(LayerStep.ChannelTerm(channel: p.channel, step: step))
        }
        return LayerStep(filter: m, output: o, terms: terms, total: total, bias: biases[m], result: total + biases[m])
    }
}

/// One output cell of a layer, `y_m(i,j) = Σ_c p_c + b_m`, with every channel's arithmetic.
public struct LayerStep: Equatable, Sendable {
    /// One channel's share: the 2D step of `x_c ⋆ w_{m,c}` at this cell; `step.sum` is the partial sum.
    public struct ChannelTerm: Equatable, Sendable {
        /// The input channel (0-based).
        public var channel: Int
        public var step: Step
        public var partial: Double { step.sum }
    }
    public var filter: Int
    public var output: GridIndex
    public var terms: [ChannelTerm]
    /// `Σ_c p_c`, added in channel order.
    public var total: Double
    public var bias: Double
    /// `total + bias`: the output cell exactly.
    public var result: Double
}

/// `1 filter`, `2 filters`: a count with its noun.
func counted(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    "\(n) \(n == 1 ? noun : plural ?? noun + "s")"
}

extension String {
    /// The string with its first letter in upper case: `"2 filters"` stays, `"one"` → `"One"`.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
