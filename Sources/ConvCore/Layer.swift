/// A convolutional layer: `C_in` input channels, `M` filters, each filter `C_in × k₁ × k₂`
/// plus one bias. Like every deep-learning library, the layer **cross-correlates** (no flip):
///
/// ```
/// y_m(r,c) = b_m + Σ_ch Σ_a Σ_b x_ch(r·s + a·d, c·s + b·d) · w_{m,ch}(a,b)
/// ```
public struct ConvLayer: Sendable {
    /// `filters[m][ch]` is the kernel filter `m` applies to channel `ch`.
    public let filters: [[Grid]]
    public let biases: [Double]
    public let geometry: Geometry

    public init(filters: [[Grid]], biases: [Double], geometry: Geometry = Geometry()) throws(ConvolutionError) {
        guard let first = filters.first, let k = first.first else { throw .empty(name: "filter bank") }
        guard biases.count == filters.count else {
            throw .raggedRows(name: "bias list (one per filter)", row: 0, expected: filters.count, found: biases.count)
        }
        for (m, f) in filters.enumerated() {
            guard f.count == first.count else {
                throw .raggedRows(name: "filter bank (channels per filter)", row: m, expected: first.count, found: f.count)
            }
            for w in f where w.rows != k.rows || w.cols != k.cols {
                throw .raggedRows(name: "filter bank (kernel sizes)", row: m, expected: k.cols, found: w.cols)
            }
        }
        self.filters = filters
        self.biases = biases
        self.geometry = geometry
    }

    public var inputChannels: Int { filters[0].count }
    public var filterCount: Int { filters.count }

    /// `(K₁·K₂·C_in + 1)·M`: weights plus one bias per filter.
    public var parameterCount: Int {
        convolutionParameterCount(kernelRows: filters[0][0].rows, kernelCols: filters[0][0].cols,
                                  inputChannels: inputChannels, filters: filterCount)
    }

    /// One feature map per filter.
    public func apply(_ channels: [Grid]) throws(ConvolutionError) -> [Grid] {
        guard channels.count == inputChannels else {
            throw .raggedRows(name: "input (channels)", row: 0, expected: inputChannels, found: channels.count)
        }
        var maps: [Grid] = []
        for (m, filter) in filters.enumerated() {
            var g = geometry
            g.bias = 0
            // y_m = b_m + Σ_ch x_ch ⋆ w_{m,ch}
            var sum = try correlate2D(channels[0], filter[0], g)
            for ch in 1..<filter.count {
                let y = try correlate2D(channels[ch], filter[ch], g)
                for i in sum.values.indices { sum.values[i] += y.values[i] }
            }
            maps.append(sum.map { $0 + biases[m] })
        }
        return maps
    }
}

/// Parameters of a fully connected layer from `M` inputs to `N` outputs: `M·N` weights + `N` biases.
public func linearParameterCount(inputs m: Int, outputs n: Int) -> Int {
    m * n + n
}

/// Parameters of a convolution layer: `(K₁·K₂·C_in + 1)·M` — weights shared across positions,
/// so the count does not depend on the image size.
public func convolutionParameterCount(kernelRows k1: Int, kernelCols k2: Int, inputChannels c: Int, filters m: Int) -> Int {
    (k1 * k2 * c + 1) * m
}
