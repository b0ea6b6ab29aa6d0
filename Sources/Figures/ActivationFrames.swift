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

    private let labelWidth = 190.0
    private let panelW = 150.0, panelH = 112.0, gap = 10.0

    private func stats(_ r: InitResult) -> [LayerStats] { quantity == .activations ? r.activations : r.gradients }

    private var layers: Int { result.config.widths.count }

    public func size(measuring c: Canvas) -> Size {
        let w = Style.margin * 2 + labelWidth + Double(layers) * (panelW + gap)
        let h = c.headerHeight(header, width: max(w, 720)) + 40 + Double(result.results.count) * (panelH + gap) + 24
            + Double(noteLines(c, width: max(w, 720)).count) * 15 + 16
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
        let subtitle = "\(what) · \(cfg.widths.count) layers of \(cfg.widths.map(String.init).joined(separator: "/")) · batch \(cfg.batch)\(batchNormNote)"
        let top = c.drawHeader(header, subtitle: subtitle, width: sz.width) + 6
        let left = Style.margin + labelWidth
        for l in 0..<layers {
            c.text("layer \(l + 1)", at: Point(left + Double(l) * (panelW + gap) + panelW / 2, top + 14), size: Style.labelSize + 1,
                   color: Palette.text, weight: .bold, align: .center)
        }
        // Activations share both axes across the grid; gradients, which differ by orders of
        // magnitude between initialisations, share them along each row.
        let gridMax = yMax(result.results)
        var clipped = false
        for (k, r) in result.results.enumerated() {
            let ymax = quantity == .activations ? gridMax : yMax([r])
            let rowTop = top + 26 + Double(k) * (panelH + gap)
            let color = seriesColor(r.initialization)
            let nameLines = c.wrap(NetworkNotes.label(r), width: labelWidth - 12, size: Style.labelSize + 1.5, weight: .bold)
            for (i, line) in nameLines.enumerated() {
                c.text(line, at: Point(Style.margin, rowTop + 30 + Double(i) * 16), size: Style.labelSize + 1.5, color: color, weight: .bold)
            }
            let formula = r.initialization.formula == r.initialization.displayName ? "" : r.initialization.formula
            let formulaLines = formula.isEmpty ? [] : c.wrap(formula, width: labelWidth - 12, size: Style.labelSize)
            let formulaTop = rowTop + 48 + Double(nameLines.count - 1) * 16
            for (i, line) in formulaLines.prefix(2).enumerated() {
                c.text(line, at: Point(Style.margin, formulaTop + Double(i) * 14), size: Style.labelSize, color: Palette.muted)
            }
            if quantity == .gradients {
                c.text("R = \(sig(result.gradientRanges[k].upperBound))", at: Point(Style.margin, formulaTop + 4 + Double(min(formulaLines.count, 2)) * 14),
                       size: Style.labelSize, color: Palette.text)
            }
            for (l, s) in stats(r).enumerated() {
                let panel = Rect(x: left + Double(l) * (panelW + gap), y: rowTop, width: panelW, height: panelH)
                clipped = drawPanel(c, s, in: panel, color: color, ymax: ymax) || clipped
            }
        }
        // x axis labels under the last row, and the common scale.
        let bottom = top + 26 + Double(result.results.count) * (panelH + gap)
        let (low, high) = quantity == .activations ? ("−1", "1") : ("−R", "+R")
        for l in 0..<layers {
            let x0 = left + Double(l) * (panelW + gap)
            c.text(low, at: Point(x0 + 1, bottom + 2), size: Style.smallSize, color: Palette.muted, align: .left)
            c.text("0", at: Point(x0 + panelW / 2, bottom + 2), size: Style.smallSize, color: Palette.muted, align: .center)
            c.text(high, at: Point(x0 + panelW - 1, bottom + 2), size: Style.smallSize, color: Palette.muted, align: .right)
        }
        let notes = noteLines(c, width: sz.width, clipped: clipped)
        var y = bottom + 24
        for line in notes {
            c.text(line, at: Point(Style.margin, y), size: Style.labelSize, color: Palette.muted)
            y += 15
        }
    }

    /// The notes under the grid, wrapped to `width`: scales, what the panels show, and the
    /// sentences computed from the run (per-layer factor, what ε does).
    func noteLines(_ c: Canvas, width: Double, clipped: Bool = true) -> [String] {
        let cfg = result.config
        var notes = [quantity == .activations
            ? "Shared axes: every panel spans [−1, 1] on the same density scale (top = \(sig(yMax(result.results))))."
            : "Each row shares its axes: x from −R to +R (R = the row's largest 98th percentile of |∂C/∂s|), one density scale. Compare rows on the next page (log scale)."]
        if clipped { notes.append("▲ marks a bar taller than the scale, with its density: a spike.") }
        if quantity == .activations {
            notes.append("In each panel: σ standard deviation, μ mean, sat share with |h| > \(sig(Double(cfg.saturation))), p98 98th percentile of |h|.")
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
    private func drawPanel(_ c: Canvas, _ s: LayerStats, in r: Rect, color: Color, ymax: Double) -> Bool {
        c.fill(r, Color(hex: 0xFAFAFA))
        let plot = Rect(x: r.minX, y: r.minY + 30, width: r.width, height: r.height - 30)
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
        var line1 = "σ \(sig(s.std))  μ \(sig(s.mean, 1))"
        var line2 = quantity == .activations ? "sat \(percent(s.saturated))  p98 \(sig(s.p98))" : "p98 \(sig(s.p98))"
        // Say what happened rather than print numbers that mean nothing.
        if s.overflowed {
            line1 = "overflowed: \(s.nonFinite) of \(s.count)"
            line2 = "values are ±∞ or NaN"
        } else if s.collapsed {
            line1 = "collapsed to 0"
            line2 = "σ \(sig(s.std))  p98 \(sig(s.p98))"
        }
        c.text(line1, at: Point(r.minX + 5, r.minY + 12), size: Style.smallSize + 0.5, color: Palette.text)
        c.text(line2, at: Point(r.minX + 5, r.minY + 24), size: Style.smallSize + 0.5, color: Palette.text)
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
        Size(1000, (c.headerHeight(header, width: 1000) + 420 + 90).rounded(.up))
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
        let half = (sz.width - 2 * Style.margin - 30) / 2
        let colored = result.results.map { (seriesColor($0.initialization), $0) }
        var left: LineChart, right: LineChart
        switch quantity {
        case .activations:
            left = LineChart(title: "standard deviation of h_l", yLabel: "σ(h)",
                             series: colored.map { (color, r) in (NetworkNotes.label(r), color, r.activations.map(\.std)) },
                             logScale: false, frame: Rect(x: Style.margin, y: chartTop, width: half, height: 380))
            right = LineChart(title: "saturated share: |h| > \(sig(Double(result.config.saturation)))", yLabel: "share of units",
                              series: colored.map { (color, r) in (NetworkNotes.label(r), color, r.activations.map(\.saturated)) },
                              logScale: false, frame: Rect(x: Style.margin + half + 30, y: chartTop, width: half, height: 380))
        case .gradients:
            left = LineChart(title: "standard deviation of ∂C/∂s_l (log scale)", yLabel: "σ(∂C/∂s)",
                             series: colored.map { (color, r) in (NetworkNotes.label(r), color, r.gradients.map(\.std)) },
                             logScale: true, frame: Rect(x: Style.margin, y: chartTop, width: half, height: 380))
            right = LineChart(title: "98th percentile of |∂C/∂s_l| (log scale)", yLabel: "p98 |∂C/∂s|",
                              series: colored.map { (color, r) in (NetworkNotes.label(r), color, r.gradients.map(\.p98)) },
                              logScale: true, frame: Rect(x: Style.margin + half + 30, y: chartTop, width: half, height: 380))
        }
        left.dashed = dashed
        right.dashed = dashed
        left.draw(c)
        right.draw(c)
        let note = quantity == .activations
            ? "Var(W) = 1/n_in keeps the forward variance; Glorot's compromise Var(W) = 2/(n_in + n_out) balances forward and backward."
            : "Gradients flow from layer \(result.config.widths.count) back to layer 1: a line falling to the left means vanishing gradients in the lower layers."
        c.text(note, at: Point(Style.margin, chartTop + 380 + 12), size: Style.labelSize, color: Palette.muted)
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
