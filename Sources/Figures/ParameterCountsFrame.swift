import ConvCore
import Drawing

/// The lecture's argument from a linear layer to a convolution layer, in numbers: each count's
/// formula with symbols, with the lesson's values and evaluated — and, for a small 1D case, the
/// connections each layer has: every input to every node, local windows, shared weights (one
/// colour per weight), M features.
public struct ParameterCountsFrame: Figure {
    public let counts: ParameterCounts
    public let header: FrameHeader

    public init(counts: ParameterCounts, header: FrameHeader) {
        self.counts = counts
        self.header = header
    }

    public var title: String { "Parameter counts" }
    public var slug: String { "parameters" }
    public var altText: String { "\(title). " + tableLines.map { $0.joined(separator: " ") }.joined(separator: "; ") }

    /// The small 1D case drawn: 8 inputs, a window of 3, 6 nodes per feature, 2 features.
    static let small: ParameterCounts? = try? ParameterCounts(channels: 1, height: 1, width: 8, kernelRows: 1, kernelCols: 3,
                                                               filters: 2, outputRows: 1, outputCols: 6)

    /// Each row as printed: name, formula, the formula with numbers, `= count`.
    public var tableLines: [[String]] {
        counts.rows.map { r in
            [r.name, r.formula.symbolic, r.formula.numeric, "= " + (r.count.map(ParameterCountsFrame.grouped) ?? "more than 9·10¹⁸")]
        }
    }

    /// `1600040000` → `1 600 040 000` (thin spaces between groups of three).
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{2009}" }
            out.append(d)
        }
        return (n < 0 ? "−" : "") + out
    }

    private var symbolsLine: String {
        "C = \(counts.channels) channel\(counts.channels == 1 ? "" : "s"), H × W = \(counts.height) × \(counts.width), K₁ × K₂ = \(counts.kernelRows) × \(counts.kernelCols), "
            + "M = \(counts.filters) feature\(counts.filters == 1 ? "" : "s"), N = H′·W′ = \(counts.outputRows)·\(counts.outputCols) nodes per feature map"
    }

    private static let rowHeight = 30.0
    private static let panelW = 250.0, panelH = 150.0

    private func columnWidths(_ c: Canvas) -> [Double] {
        let all = [["layer", "parameters", "with the numbers", "count"]] + tableLines
        return (0..<4).map { col in (all.map { c.textWidth($0[col], size: Style.bodySize + 1, weight: col == 3 ? .bold : .regular) }.max() ?? 0) + 28 }
    }

    public func size(measuring c: Canvas) -> Size {
        let tableW = columnWidths(c).reduce(0, +)
        let w = max(tableW, 4 * ParameterCountsFrame.panelW + 3 * Style.panelGap, c.textWidth(symbolsLine, size: Style.bodySize)) + 2 * Style.margin
        let h = c.headerHeight(header, width: w) + 24 + Double(tableLines.count + 1) * ParameterCountsFrame.rowHeight + 40
            + ParameterCountsFrame.panelH + 98
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let natural = size(measuring: c)
        let w = max(width, natural.width)
        let top = c.drawHeader(header, subtitle: "Parameters of one layer: every connection, local windows, shared weights, M features", width: w)
        var y = top + 4
        c.text(symbolsLine, at: Point(Style.margin, y + 10), size: Style.bodySize, color: Palette.muted)
        y += 24
        let widths = columnWidths(c)
        let heads = ["layer", "parameters", "with the numbers", "count"]
        var x = Style.margin
        for (i, h) in heads.enumerated() {
            c.text(h, at: Point(x, y + 18), size: Style.bodySize + 1, color: Palette.muted, weight: .bold)
            x += widths[i]
        }
        y += ParameterCountsFrame.rowHeight
        c.line([Point(Style.margin, y - 6), Point(Style.margin + widths.reduce(0, +), y - 6)], Palette.grid)
        for (n, row) in tableLines.enumerated() {
            x = Style.margin
            let isConv = n == 3
            if isConv { c.fill(Rect(x: Style.margin - 6, y: y - 4, width: widths.reduce(0, +) + 12, height: ParameterCountsFrame.rowHeight - 2), Palette.output) }
            for (i, cell) in row.enumerated() {
                c.text(cell, at: Point(x, y + 16), size: Style.bodySize + 1, color: i == 1 ? Palette.formula : Palette.text,
                       weight: i == 3 || isConv && i == 0 ? .bold : .regular)
                x += widths[i]
            }
            y += ParameterCountsFrame.rowHeight
        }
        y += 28
        drawConnectivity(c, top: y)
    }

    // MARK: - The small 1D case

    private func drawConnectivity(_ c: Canvas, top: Double) {
        guard let s = ParameterCountsFrame.small else { return }
        let n = s.width, nodes = s.outputCols, k = s.kernelCols
        let counts = s.rows.map { $0.count ?? 0 }
        // Biases per panel: one per node (linear, local), one (shared), one per feature.
        let biases = [nodes, nodes, 1, 2]
        let titles = ["linear", "local windows", "shared weights", "M = 2 features"]
        let panels = (0..<4).map { "\(counts[$0] - biases[$0]) weights + \(biases[$0]) bias\(biases[$0] == 1 ? "" : "es") = \(counts[$0])" }
        // One colour per shared weight: feature 0's three taps, then feature 1's; the six tap
        // colours dark enough for a thin line on white (not the lime or the lavender).
        let tapColors = [0, 2, 1, 3, 8, 5].map(Palette.tap)
        c.text("The same counts for 8 inputs, windows of 3, 6 nodes per feature (each line is one weight; the biases are not drawn):",
               at: Point(Style.margin, top), size: Style.bodySize, color: Palette.text)
        for (p, label) in panels.enumerated() {
            let ox = Style.margin + Double(p) * (ParameterCountsFrame.panelW + Style.panelGap)
            let oy = top + 16
            c.text(titles[p], at: Point(ox, oy + 14), size: Style.labelSize + 1, color: Palette.text, weight: .bold)
            c.text(label, at: Point(ox, oy + 30), size: Style.labelSize, color: Palette.text)
            let inY = oy + ParameterCountsFrame.panelH + 6, outY = oy + 58
            let dx = (ParameterCountsFrame.panelW - 20) / Double(n - 1)
            func inPoint(_ i: Int) -> Point { Point(ox + 10 + Double(i) * dx, inY) }
            let features = p == 3 ? 2 : 1
            let odx = (ParameterCountsFrame.panelW - 20 - 2 * dx) / Double(nodes - 1)
            func outPoint(_ j: Int, _ f: Int) -> Point {
                Point(ox + 10 + dx + Double(j) * odx + (features == 2 ? (f == 0 ? -7 : 7) : 0), outY + (features == 2 ? Double(f) * 26 : 0))
            }
            for f in 0..<features {
                for j in 0..<nodes {
                    let inputs: [Int] = p == 0 ? Array(0..<n) : Array(j..<(j + k))
                    for i in inputs {
                        let color = p < 2 ? Palette.muted : tapColors[f * 3 + (i - j)]
                        c.line([outPoint(j, f), inPoint(i)], color, width: p < 2 ? 0.8 : 1.6, dash: f == 1 ? [4, 3] : [])
                    }
                }
            }
            for i in 0..<n { c.circle(center: inPoint(i), radius: 4.5, fill: Palette.inputStroke) }
            for f in 0..<features { for j in 0..<nodes { c.circle(center: outPoint(j, f), radius: 4.5, fill: Palette.outputStroke) } }
            if p >= 2 {
                let names = (0..<(3 * features)).map { features == 1 ? "h[\($0)]" : "h\(LayerNames.sub($0 / 3))[\($0 % 3)]" }
                for (t, name) in names.enumerated() {
                    // Three weights per row: feature 0's (solid) above feature 1's (dashed).
                    let lx = ox + Double(t % 3) * 70, ly = inY + 22 + Double(t / 3) * 18 - (features == 1 ? 0 : 0)
                    c.line([Point(lx, ly), Point(lx + 18, ly)], tapColors[t], width: 2.5, dash: t >= 3 ? [4, 3] : [])
                    c.text(name, at: Point(lx + 22, ly + 4), size: Style.smallSize, color: Palette.text)
                }
            }
        }
        c.drawLegend([(Palette.inputStroke, Palette.inputStroke, "input"), (Palette.outputStroke, Palette.outputStroke, "node")],
                     at: Point(Style.margin, top + ParameterCountsFrame.panelH + 84))
    }
}
