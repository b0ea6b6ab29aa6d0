import ConvCore
import Drawing

/// A picture through a convolution layer: the picture (in colour when it has three channels) and
/// each filter's feature map as a heat map with its colour bar, each filter's weights under it,
/// one line per input channel.
public struct LayerMapsFrame: Figure {
    public let input: Volume
    public let layer: ConvLayer
    public let output: Volume
    public let filterNames: [String]
    /// For each filter, what its negative and positive values mean (nil: just their sign).
    public let meanings: [(String, String)?]
    /// True when the input is a picture (drawn in colour, 0…255); numbers are drawn as a heat map of channel 0.
    public let isPicture: Bool
    public let header: FrameHeader

    public init(input: Volume, layer: ConvLayer, output: Volume, filterNames: [String], meanings: [(String, String)?] = [],
                isPicture: Bool = true, header: FrameHeader) {
        self.meanings = meanings
        self.isPicture = isPicture
        self.input = input
        self.layer = layer
        self.output = output
        self.filterNames = filterNames
        self.header = header
    }

    public var title: String { "Feature maps of \(output.count) filters" }
    public var slug: String { "layer-maps" }
    public var altText: String {
        "\(title): " + (0..<output.count).map { m in
            let r = output[m].range
            return "\(name(m)) from \(NumberFormat.compact(r.min, digits: 1)) to \(NumberFormat.compact(r.max, digits: 1))"
        }.joined(separator: "; ")
    }

    private func name(_ m: Int) -> String { m < filterNames.count ? filterNames[m] : "filter \(m)" }

    /// Channel names for the weight lines.
    private var channelNames: [String] { input.count == 3 ? ["R", "G", "B"] : (0..<input.count).map { "c\($0)" } }

    /// The lines under map `m`: each channel's slice of the filter, then the bias.
    public func weightLines(_ m: Int) -> [String] {
        layer.weights[m].enumerated().map { c, w in
            "\(channelNames[layer.inputChannel(filter: m, slice: c)]): \(LayerMapsFrame.describe(w))"
        }
    }

    /// A slice by name when it is a named kernel (or its negative, or all zeros), else its numbers.
    static func describe(_ w: Grid) -> String {
        if w.values.allSatisfy({ $0 == 0 }) { return "0" }
        if let k = NamedKernel.allCases.first(where: { $0.grid == w }) { return k.rawValue }
        if let k = NamedKernel.allCases.first(where: { $0.grid == w.map { -$0 } }) { return "−" + k.rawValue }
        return FeatureMapsFrame.kernelLine(w).replacingOccurrences(of: "k = ", with: "")
    }

    private static let side = 150.0
    private var columns: Int { min(5, output.count + 1) }
    private var footerLines: Int { (0..<output.count).map { weightLines($0).count }.max() ?? 0 }
    private var panelH: Double { LayerMapsFrame.side + 56 + Double(footerLines) * 13 + 16 }

    private func panelW(_ c: Canvas) -> Double {
        let widest = (0..<output.count).flatMap(weightLines).map { c.textWidth($0, size: Style.smallSize) }.max() ?? 0
        return max(LayerMapsFrame.side + 70, widest + 16)
    }

    public func size(measuring c: Canvas) -> Size {
        let rows = (output.count + columns) / columns
        let w = max(Double(columns) * panelW(c) + 2 * Style.margin, 720)
        let h = c.headerHeight(header, width: w) + Double(rows) * panelH + 30
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let geometry = layer.geometry
        let pad = geometry.resolvedPadding(kernelRows: layer.kernelRows, kernelCols: layer.kernelCols)
        let subtitle = "\(input.shapeText) input, \(output.count) filters of \(layer.channelsPerFilter)×\(layer.kernelRows)×\(layer.kernelCols): each map is Σ over channels + b (cross-correlation, padding \(pad), \(geometry.boundary.rawValue))"
        let top = c.drawHeader(header, subtitle: subtitle, width: w)
        let pw = panelW(c)
        if isPicture && (input.count == 3 || input.count == 1) {
            PictureView.draw(c, input, at: Point(Style.margin, top), side: LayerMapsFrame.side, crop: nil, caption: "input picture x")
        } else {
            HeatMapPanel(name: input.count == 1 ? "input x" : "input channel 0 (of \(input.count))", grid: input[0], isInput: false, footer: [])
                .draw(c, at: Point(Style.margin, top), side: LayerMapsFrame.side)
        }
        for m in 0..<output.count {
            let i = m + 1
            let o = Point(Style.margin + Double(i % columns) * pw, top + Double(i / columns) * panelH)
            let bias = layer.biases[m] == 0 ? "" : ", b = \(NumberFormat.compact(layer.biases[m]))"
            HeatMapPanel(name: "y\(LayerNames.sub(m)): \(name(m))\(bias)", grid: output[m], isInput: false, footer: weightLines(m),
                         meaning: m < meanings.count ? meanings[m] : nil)
                .draw(c, at: o, side: LayerMapsFrame.side)
        }
    }
}
