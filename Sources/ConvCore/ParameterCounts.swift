/// A parameter-count formula as the lecture writes it — `(K₁·K₂ + 1)·N` — that can be printed with
/// symbols, printed with the lesson's numbers, and evaluated, so the words and the number come
/// from one value.
public indirect enum CountExpression: Equatable, Sendable {
    /// A named quantity and its value, e.g. `("K₁", 3)`.
    case symbol(String, Int)
    case number(Int)
    case sum([CountExpression])
    case product([CountExpression])

    /// With symbols: `(C·K₁·K₂ + 1)·M`.
    public var symbolic: String { text(numbers: false, inProduct: false) }
    /// With the values: `(3·3·3 + 1)·64`.
    public var numeric: String { text(numbers: true, inProduct: false) }

    /// The value, or `nil` if it does not fit in an `Int`.
    public var value: Int? {
        switch self {
        case .symbol(_, let v), .number(let v): return v
        case .sum(let parts):
            var total = 0
            for p in parts {
                guard let v = p.value else { return nil }
                let (t, o) = total.addingReportingOverflow(v)
                if o { return nil }
                total = t
            }
            return total
        case .product(let parts):
            var total = 1
            for p in parts {
                guard let v = p.value else { return nil }
                let (t, o) = total.multipliedReportingOverflow(by: v)
                if o { return nil }
                total = t
            }
            return total
        }
    }

    private func text(numbers: Bool, inProduct: Bool) -> String {
        switch self {
        case .symbol(let name, let v): return numbers ? "\(v)" : name
        case .number(let v): return "\(v)"
        case .sum(let parts):
            let body = parts.map { $0.text(numbers: numbers, inProduct: false) }.joined(separator: " + ")
            return inProduct ? "(\(body))" : body
        case .product(let parts):
            return parts.map { $0.text(numbers: numbers, inProduct: true) }.joined(separator: "·")
        }
    }
}

/// The lecture's parameter counts, from a linear layer to a convolution layer, for an input of
/// `C × H × W`, kernels of `K₁ × K₂` and `M` filters whose feature maps have `N = H′·W′` nodes:
///
/// | layer | parameters |
/// |---|---|
/// | linear (every input to each of the N nodes) | `C·H·W·N + N` — the lecture's `M·N + N` with M inputs |
/// | local receptive fields (each node sees a K₁×K₂ window) | `(C·K₁·K₂ + 1)·N` |
/// | shared weights (every node uses the same window weights) | `C·K₁·K₂ + 1` |
/// | M features (one set of shared weights per feature) | `(C·K₁·K₂ + 1)·M` |
/// | linear with the same M·N outputs as the convolution layer | `C·H·W·M·N + M·N` |
///
/// With `C = 1` the formulas are the lecture's, symbol for symbol.
public struct ParameterCounts: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        /// Short name: "linear", "local receptive fields", …
        public var name: String
        public var formula: CountExpression
        /// `nil` when the count does not fit in an `Int`.
        public var count: Int? { formula.value }
    }

    public let channels: Int, height: Int, width: Int
    public let kernelRows: Int, kernelCols: Int
    public let filters: Int
    /// Nodes of one feature map (`H′·W′`).
    public let outputRows: Int, outputCols: Int

    /// Counts for a layer whose feature maps are `outputRows × outputCols` (the same size as the
    /// input unless a geometry says otherwise; see ``init(channels:height:width:kernelRows:kernelCols:filters:geometry:)``).
    public init(channels: Int, height: Int, width: Int, kernelRows: Int, kernelCols: Int, filters: Int,
                outputRows: Int, outputCols: Int) throws(ConvolutionError) {
        try ParameterCounts.check(channels: channels, height: height, width: width, kernelRows: kernelRows,
                                  kernelCols: kernelCols, filters: filters)
        for (field, v) in [("output height", outputRows), ("output width", outputCols)] {
            if v < 1 { throw .nonPositive(field: field, value: v) }
            if v > 4096 { throw .beyondLimit(field: field, value: v, limit: 4096) }
        }
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelRows = kernelRows
        self.kernelCols = kernelCols
        self.filters = filters
        self.outputRows = outputRows
        self.outputCols = outputCols
    }

    /// Counts for feature maps of the size `geometry` gives (stride, padding, dilation).
    public init(channels: Int, height: Int, width: Int, kernelRows: Int, kernelCols: Int, filters: Int,
                geometry: Geometry) throws(ConvolutionError) {
        // The sizes first: the output-size arithmetic must never see a size it could overflow on.
        try ParameterCounts.check(channels: channels, height: height, width: width, kernelRows: kernelRows,
                                  kernelCols: kernelCols, filters: filters)
        let l = try Layout(inputRows: height, inputCols: width, kernelRows: kernelRows, kernelCols: kernelCols, geometry: geometry)
        try self.init(channels: channels, height: height, width: width, kernelRows: kernelRows, kernelCols: kernelCols,
                      filters: filters, outputRows: l.outputRows, outputCols: l.outputCols)
    }

    /// Each size is at least 1 and at most its limit: 64 channels, filters and kernel rows or
    /// columns, 4096 rows or columns of input.
    private static func check(channels: Int, height: Int, width: Int, kernelRows: Int, kernelCols: Int,
                              filters: Int) throws(ConvolutionError) {
        for (field, v, limit) in [("number of channels", channels, ConvLayer.maxChannels), ("height", height, 4096),
                                  ("width", width, 4096), ("kernel height", kernelRows, 64), ("kernel width", kernelCols, 64),
                                  ("number of filters", filters, ConvLayer.maxFilters)] {
            if v < 1 { throw .nonPositive(field: field, value: v) }
            if v > limit { throw .beyondLimit(field: field, value: v, limit: limit) }
        }
    }

    private var c: CountExpression { .symbol("C", channels) }
    private var inputs: CountExpression { .product([c, .symbol("H", height), .symbol("W", width)]) }
    private var nodes: CountExpression { .symbol("N", outputRows * outputCols) }
    private var window: CountExpression { .sum([.product([c, .symbol("K₁", kernelRows), .symbol("K₂", kernelCols)]), .number(1)]) }
    private var m: CountExpression { .symbol("M", filters) }

    /// The five rows of the table above, in the lecture's order.
    public var rows: [Row] {
        [
            Row(name: "linear", formula: .sum([.product([inputs, nodes]), nodes])),
            Row(name: "local receptive fields", formula: .product([window, nodes])),
            Row(name: "shared weights", formula: window),
            Row(name: "M features", formula: .product([window, m])),
            Row(name: "linear, M·N outputs", formula: .sum([.product([inputs, m, nodes]), .product([m, nodes])])),
        ]
    }
}
