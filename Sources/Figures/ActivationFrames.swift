import Drawing
import Foundation
import InitLab

/// Which values a network figure shows.
public enum NetworkQuantity: Sendable {
    /// tanh activations h_l, histograms on [−1, 1].
    case activations
    /// back-propagated gradients ∂C/∂s_l, histograms on a shared symmetric range.
    case gradients
}

/// A grid of histograms: a row per initialisation, a column per layer, shared axes, each
/// panel's statistics printed in it and each row labelled with its formula.
public struct HistogramGridFrame: Figure {
    public let result: SimulationResult
    public let quantity: NetworkQuantity
    public let header: FrameHeader

    public init(result: SimulationResult, quantity: NetworkQuantity, header: FrameHeader) {
        self.result = result
        self.quantity = quantity
        self.header = header
    }

    public var title: String { quantity == .activations ? "Activation histograms" : "Gradient histograms" }
    public var slug: String { quantity == .activations ? "activation-histograms" : "gradient-histograms" }

    private let labelWidth = 170.0, gap = 8.0, blockGap = 26.0
    /// The content box the grid is fitted into (a 16:9 slide at fonts of 11 pt and more).
    private static let target = Size(1280, 720)
    private static let maxColumns = 10

    private func stats(_ r: InitResult) -> [LayerStats] { quantity == .activations ? r.activations : r.gradients }

    private var layers: Int { result.config.widths.count }

    /// Where each panel goes: one row per initialisation (and band of layers), one column per
    /// layer; with and without batch norm side by side in two blocks.
    struct Plan {
        /// The rows: for each initialisation, its index into `result.results` in the first block
        /// (the one in block b is `inits[i] + b · inits.count`).
        var inits: [Int]
        /// 1, or 2 when runs without and with batch norm are drawn side by side.
        var blocks: Int
        var columnsPerBlock: Int
        var bands: Int
        var panelW: Double
        var panelH: Double
        /// The layers drawn (0-based): all, or an even selection that includes the first and last.
        var shown: [Int]
        var rows: Int { inits.count * bands }
    }

    /// `count` layers out of `layers`, evenly spread, first and last included.
    static func selection(_ layers: Int, _ count: Int) -> [Int] {
        guard count < layers, count > 1 else { return Array(0..<layers) }
        return (0..<count).map { i in Int((Double(i) * Double(layers - 1) / Double(count - 1)).rounded()) }
    }

    func plan(_ c: Canvas) -> Plan {
        let both = result.results.contains(where: \.batchNorm) && result.results.contains { !$0.batchNorm }
        let blocks = both ? 2 : 1
        let rowsPerBlock = result.results.count / blocks
        let columns = max(1, min(layers, HistogramGridFrame.maxColumns / blocks))
        // Wrap into at most two bands (one when both runs are drawn); beyond that, a selection.
        let maxBands = blocks == 2 ? 1 : 2
        let shown = HistogramGridFrame.selection(layers, min(layers, columns * maxBands))
        let bands = (shown.count + columns - 1) / columns
        let t = HistogramGridFrame.target
        let availableW = t.width - 2 * Style.margin - labelWidth - Double(blocks - 1) * blockGap - Double(columns * blocks) * gap
        let panelW = min(150, max(70, availableW / Double(columns * blocks)))
        let fixed = c.headerHeight(header, width: t.width) + 44 + Double(noteLines(c, width: t.width).count) * 16 + 30
        let rows = Double(rowsPerBlock * bands)
        let panelH = min(112, max(56, (t.height - fixed) / rows - gap))
        return Plan(inits: Array(0..<rowsPerBlock), blocks: blocks, columnsPerBlock: columns, bands: bands, panelW: panelW, panelH: panelH,
                    shown: shown)
    }

    private func panelOrigin(_ p: Plan, left: Double, top: Double, row: Int, block: Int, column: Int) -> Point {
        let x = left + Double(block) * (Double(p.columnsPerBlock) * (p.panelW + gap) + blockGap) + Double(column) * (p.panelW + gap)
        return Point(x, top + Double(row) * (p.panelH + gap))
    }

    public func size(measuring c: Canvas) -> Size {
        let p = plan(c)
        let w = Style.margin * 2 + labelWidth + Double(p.blocks) * Double(p.columnsPerBlock) * (p.panelW + gap) + Double(p.blocks - 1) * blockGap
        let h = c.headerHeight(header, width: max(w, 720)) + 6 + 26 + Double(p.rows) * (p.panelH + gap) + 24
            + Double(noteLines(c, width: max(w, 720)).count) * 16 + 12
        return Size(max(w, 720).rounded(.up), h.rounded(.up))
    }

    /// The y-axis top for `rows`: at most 3 × the median panel peak, so that one spike does not
    /// flatten every other panel; taller bars are clipped and marked.
    private func yMax(_ rows: [InitResult]) -> Double {
        let peaks = rows.flatMap { r in stats(r).map { s in (0..<s.histogram.count).map(s.density).max() ?? 0 } }.sorted()
        guard let top = peaks.last else { return 1 }
        let median = peaks[peaks.count / 2]
        return min(top, max(median * 3, 1e-300)) * 1.08
    }

    public func draw(on c: Canvas, width: Double) {
        let natural = size(measuring: c)
        let sz = Size(max(width, natural.width), natural.height)
        let what = quantity == .activations
            ? "tanh activations h_l, normalised histograms on [−1, 1]"
            : "back-propagated gradients ∂C/∂s_l, normalised histograms on ±R per row"
        let cfg = result.config
        let widths = Set(cfg.widths).count == 1 ? "\(cfg.widths[0])" : cfg.widths.map(String.init).joined(separator: "/")
        let subtitle = "\(what) · \(cfg.widths.count) layer\(cfg.widths.count == 1 ? "" : "s") of \(widths) · batch \(cfg.batch)\(batchNormNote)"
        let top = c.drawHeader(header, subtitle: subtitle, width: sz.width) + 6
        let left = Style.margin + labelWidth
        let p = plan(c)
        // Column titles: the layer, or (in bands) the block's name; blocks named above.
        for b in 0..<p.blocks {
            for col in 0..<p.columnsPerBlock {
                let o = panelOrigin(p, left: left, top: top, row: 0, block: b, column: col)
                let title = p.bands == 1 && p.shown.count == layers ? "layer \(col + 1)"
                    : (col == 0 ? (p.shown.count < layers ? "layers \(p.shown.map { String($0 + 1) }.joined(separator: ", ")) (L in each panel)" : "layers in rows of \(p.columnsPerBlock) (L in each panel)") : "")
                if p.blocks == 2 && col == 0 {
                    c.text(b == 0 ? "without batch norm" : "with batch norm", at: Point(o.x, top + 2), size: Style.labelSize + 1,
                           color: Palette.text, weight: .bold)
                }
                if !title.isEmpty {
                    let centred = p.bands == 1 && p.shown.count == layers
                    c.text(title, at: Point(centred ? o.x + p.panelW / 2 : o.x, top + 20), size: Style.labelSize,
                           color: Palette.text, weight: .bold, align: centred ? .center : .left)
                }
            }
        }
        // Activations share both axes across the grid; gradients, which differ by orders of
        // magnitude between initialisations, share them along each row.
        var clipped = false
        let rowsTop = top + 26
        for (i, k0) in p.inits.enumerated() {
            let first = result.results[k0]
            let color = seriesColor(first.initialization)
            let rowTop = rowsTop + Double(i * p.bands) * (p.panelH + gap)
            let name = first.initialization.displayName
            let nameLines = c.wrap(name, width: labelWidth - 12, size: Style.labelSize + 1, weight: .bold)
            for (n, line) in nameLines.enumerated() {
                c.text(line, at: Point(Style.margin, rowTop + 16 + Double(n) * 15), size: Style.labelSize + 1, color: color, weight: .bold)
            }
            let formula = first.initialization.formula == name ? "" : first.initialization.formula
            var y = rowTop + 16 + Double(nameLines.count) * 15
            for line in (formula.isEmpty ? [] : c.wrap(formula, width: labelWidth - 12, size: Style.labelSize)).prefix(2) {
                c.text(line, at: Point(Style.margin, y), size: Style.labelSize, color: Palette.muted)
                y += 14
            }
            for b in 0..<p.blocks {
                let k = k0 + b * p.inits.count
                let r = result.results[k]
                // Each row has its own density scale (both blocks of an init share it), so that a
                // spread-out row is as readable as a spike; taller bars are clipped and marked.
                let ymax = yMax([r])
                if quantity == .activations {
                    let tops = (0..<p.blocks).map { sig(yMax([result.results[k0 + $0 * p.inits.count]])) }
                    if b == 0 { c.text("density top \(tops.joined(separator: " | "))", at: Point(Style.margin, y + 2), size: Style.labelSize, color: Palette.muted) }
                }
                if quantity == .gradients && (b == 0 || p.blocks == 1) {
                    c.text("R = \(sig(result.gradientRanges[k].upperBound))" + (p.blocks == 2 ? " | \(sig(result.gradientRanges[k0 + p.inits.count].upperBound))" : ""),
                           at: Point(Style.margin, y + 2), size: Style.labelSize, color: Palette.text)
                }
                let all = stats(r)
                for (n, l) in p.shown.enumerated() where l < all.count {
                    let st = all[l]
                    let band = n / p.columnsPerBlock, col = n % p.columnsPerBlock
                    let o = panelOrigin(p, left: left, top: rowsTop, row: i * p.bands + band, block: b, column: col)
                    let panel = Rect(x: o.x, y: o.y, width: p.panelW, height: p.panelH)
                    let labelled = p.bands > 1 || p.shown.count < layers
                    clipped = drawPanel(c, st, in: panel, color: color, ymax: ymax, layer: labelled ? l + 1 : nil) || clipped
                }
            }
        }
        // x axis labels under the last row, and the common scale.
        let bottom = rowsTop + Double(p.rows) * (p.panelH + gap)
        let (low, high) = quantity == .activations ? ("−1", "1") : ("−R", "+R")
        for b in 0..<p.blocks {
            for col in 0..<p.columnsPerBlock {
                let x0 = panelOrigin(p, left: left, top: rowsTop, row: 0, block: b, column: col).x
                c.text(low, at: Point(x0 + 1, bottom + 8), size: Style.smallSize, color: Palette.muted, align: .left)
                c.text("0", at: Point(x0 + p.panelW / 2, bottom + 8), size: Style.smallSize, color: Palette.muted, align: .center)
                c.text(high, at: Point(x0 + p.panelW - 1, bottom + 8), size: Style.smallSize, color: Palette.muted, align: .right)
            }
        }
        let notes = noteLines(c, width: sz.width, clipped: clipped)
        var y = bottom + 30
        for line in notes {
            c.text(line, at: Point(Style.margin, y), size: Style.labelSize, color: Palette.muted)
            y += 16
        }
    }

    /// The notes under the grid, wrapped to `width`: scales, what the panels show, and the
    /// sentences computed from the run (per-layer factor, what ε does).
    func noteLines(_ c: Canvas, width: Double, clipped: Bool = true) -> [String] {
        let cfg = result.config
        var notes = [quantity == .activations
            ? "Every panel spans [−1, 1]; each row (and each side) has its own density scale, its top under the row's name: compare shapes along a row, σ across rows."
            : "Each row shares its axes: x from −R to +R (R = the row's largest 98th percentile of |∂C/∂s|), one density scale. Compare rows on the next page (log scale)."]
        if clipped { notes.append("▲ marks a bar taller than the scale, with its density: a spike.") }
        if quantity == .activations {
            notes.append("In each panel: σ standard deviation; where there is room, sat share with |h| > \(sig(Double(cfg.saturation))), μ mean and p98 98th percentile of |h| (all of them in statistics.csv).")
            notes.append(NetworkNotes.factorLine(result))
            if let eps = NetworkNotes.epsilonLine(result) { notes.append(eps) }
        } else {
            notes.append("Cost C = Σ g·h_L with fixed g ~ N(0, 1). Histograms from every \(cfg.gradientSampleStride)th gradient; σ, μ, p98 from all. Values beyond the range fall in the edge bins.")
        }
        return notes.flatMap { c.wrap($0, width: width - 2 * Style.margin, size: Style.labelSize) }
    }

    /// "· batch norm", or "· without and with batch norm" when both runs are drawn.
    private var batchNormNote: String {
        let with = result.results.contains(where: \.batchNorm), without = result.results.contains { !$0.batchNorm }
        return with && without ? " · without and with batch norm" : (with ? " · batch norm" : "")
    }

    /// Returns true when a bar was clipped.
    private func drawPanel(_ c: Canvas, _ s: LayerStats, in r: Rect, color: Color, ymax: Double, layer: Int?) -> Bool {
        c.fill(r, Color(hex: 0xFAFAFA))
        let compact = r.height < 80
        let band = compact ? 17.0 : 30.0
        let plot = Rect(x: r.minX, y: r.minY + band, width: r.width, height: r.height - band)
        c.line([Point(plot.center.x, plot.minY), Point(plot.center.x, plot.maxY)], Palette.grid.mixed(with: .white, 0.4), width: 0.6)
        let n = s.histogram.count
        let bw = plot.width / Double(max(n, 1))
        var tallest: (index: Int, density: Double)?
        for i in 0..<n {
            let d = s.density(i)
            guard d > 0 else { continue }
            let h = min(1, d / ymax) * plot.height
            c.fill(Rect(x: plot.minX + Double(i) * bw, y: plot.maxY - h, width: bw + 0.05, height: h), color.mixed(with: .white, 0.25))
            if d > ymax && d > (tallest?.density ?? 0) { tallest = (i, d) }
        }
        // One mark per panel, on its tallest clipped bar.
        if let t = tallest {
            let x = min(max(plot.minX + Double(t.index) * bw + bw / 2, plot.minX + 24), plot.maxX - 24)
            c.text("▲ \(sig(t.density))", at: Point(x + 4, plot.minY + 10), size: Style.smallSize, color: Palette.text, align: .left)
        }
        c.stroke(r, Palette.grid, width: 0.75)
        let wide = r.width >= 140
        var line1 = (layer.map { "L\($0) " } ?? "") + "σ \(sig(s.std))" + (wide ? "  μ \(sig(s.mean, 1))" : "")
        var line2 = quantity == .activations ? "sat \(percent(s.saturated))" + (wide ? "  p98 \(sig(s.p98))" : "") : "p98 \(sig(s.p98))"
        // Say what happened rather than print numbers that mean nothing.
        if s.overflowed {
            line1 = "overflowed"
            line2 = "\(s.nonFinite) ±∞/NaN"
        } else if s.collapsed {
            line1 = "collapsed to 0"
            line2 = "σ \(sig(s.std))  p98 \(sig(s.p98))"
        }
        c.text(line1, at: Point(r.minX + 4, r.minY + 12), size: Style.smallSize, color: Palette.text)
        if !compact { c.text(line2, at: Point(r.minX + 4, r.minY + 25), size: Style.smallSize, color: Palette.text) }
        return tallest != nil
    }
}

/// Line charts per layer, one line per initialisation: standard deviation and saturation
/// (activations) or standard deviation and 98th percentile (gradients, on a log scale).
public struct LayerChartFrame: Figure {
    public let result: SimulationResult
    public let quantity: NetworkQuantity
    public let header: FrameHeader

    public init(result: SimulationResult, quantity: NetworkQuantity, header: FrameHeader) {
        self.result = result
        self.quantity = quantity
        self.header = header
    }

    public var title: String { quantity == .activations ? "Activation statistics per layer" : "Gradient statistics per layer" }
    public var slug: String { quantity == .activations ? "activation-statistics" : "gradient-statistics" }

    public func size(measuring c: Canvas) -> Size {
        // A 16:9 slide's worth: the charts take the height the header and the legend leave.
        Size(1200, max(675, (c.headerHeight(header, width: 1200) + 420 + 90).rounded(.up)))
    }

    public func draw(on c: Canvas, width: Double) {
        let natural = size(measuring: c)
        let sz = Size(max(width, natural.width), natural.height)
        let subtitle = quantity == .activations
            ? "How the spread of tanh activations changes with depth, per initialisation"
            : "How the back-propagated gradient ∂C/∂s changes with depth, per initialisation"
        let top = c.drawHeader(header, subtitle: subtitle, width: sz.width)
        let items = result.results.map { r in
            let i = r.initialization
            return (i.displayName == i.formula ? NetworkNotes.label(r) : NetworkNotes.label(r) + "  " + i.formula, seriesColor(i))
        }
        let dashed = Set(result.results.indices.filter { result.results[$0].batchNorm && result.results.contains { !$0.batchNorm } })
        let legendBottom = drawSeriesLegend(c, items, at: Point(Style.margin, top + 12), width: sz.width - 2 * Style.margin, dashed: dashed)
        let chartTop = legendBottom + 8
        let chartHeight = max(380, sz.height - chartTop - 40)
        let half = (sz.width - 2 * Style.margin - 30) / 2
        let colored = result.results.map { (seriesColor($0.initialization), $0) }
        var left: LineChart, right: LineChart
        switch quantity {
        case .activations:
            left = LineChart(title: "standard deviation of h_l (log scale)", yLabel: "σ(h); dotted: σ(x)·∏√(n_in·Var(W)), tanh taken as linear",
                             series: colored.map { (color, r) in (NetworkNotes.label(r), color, r.activations.map(\.std)) },
                             logScale: true, frame: Rect(x: Style.margin, y: chartTop, width: half, height: chartHeight))
            left.predicted = result.results.map { NetworkNotes.predictedActivationStd($0, config: result.config) }
            right = LineChart(title: "saturated share: |h| > \(sig(Double(result.config.saturation)))", yLabel: "share of units",
                              series: colored.map { (color, r) in (NetworkNotes.label(r), color, r.activations.map(\.saturated)) },
                              logScale: false, frame: Rect(x: Style.margin + half + 30, y: chartTop, width: half, height: chartHeight))
        case .gradients:
            left = LineChart(title: "standard deviation of ∂C/∂s_l (log scale)",
                             yLabel: "σ(∂C/∂s); dotted: from the top layer down, ×√(n_out·Var(W)) per layer, tanh′ taken as 1",
                             series: colored.map { (color, r) in (NetworkNotes.label(r), color, r.gradients.map(\.std)) },
                             logScale: true, frame: Rect(x: Style.margin, y: chartTop, width: half, height: chartHeight))
            left.predicted = result.results.map { NetworkNotes.predictedGradientStd($0, config: result.config) }
            right = LineChart(title: "98th percentile of |∂C/∂s_l| (log scale)", yLabel: "p98 |∂C/∂s|",
                              series: colored.map { (color, r) in (NetworkNotes.label(r), color, r.gradients.map(\.p98)) },
                              logScale: true, frame: Rect(x: Style.margin + half + 30, y: chartTop, width: half, height: chartHeight))
        }
        left.dashed = dashed
        right.dashed = dashed
        left.endLabels = result.results.map { $0.initialization.displayName + ($0.batchNorm ? " + BN" : "") }
        right.endLabels = left.endLabels
        left.draw(c)
        right.draw(c)
        let note = quantity == .activations
            ? "Var(W) = 1/n_in keeps the forward variance; Glorot's compromise Var(W) = 2/(n_in + n_out) balances forward and backward."
            : (result.config.widths.count == 1 ? "One layer: the gradient reaches it straight from the cost."
               : "Gradients flow from layer \(result.config.widths.count) back to layer 1: a line falling to the left means vanishing gradients in the lower layers.")
        c.text(note, at: Point(Style.margin, chartTop + chartHeight + 12), size: Style.labelSize, color: Palette.muted)
        // Layers left off the charts, named: a line that stops is explained, not a mystery.
        var gaps: [String] = []
        for r in result.results {
            let stats = quantity == .activations ? r.activations : r.gradients
            if let l = stats.firstIndex(where: \.overflowed) {
                gaps.append("\(r.initialization.displayName) overflowed from layer \(l + 1)")
            } else if let l = stats.firstIndex(where: \.collapsed) {
                gaps.append("\(r.initialization.displayName) collapsed to 0 from layer \(l + 1)")
            }
        }
        if !gaps.isEmpty {
            c.text(gaps.joined(separator: "; ") + ".", at: Point(Style.margin, chartTop + 380 + 28), size: Style.labelSize, color: Palette.highlight)
        }
    }
}

/// One colour per initialisation, the same in every figure and lesson.
func seriesColor(_ i: Initialization) -> Color {
    Palette.series(Initialization.allCases.firstIndex(of: i) ?? 0)
}
