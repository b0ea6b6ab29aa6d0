import Drawing
import Foundation

/// Numbers for axes and panel statistics: 2–3 significant digits, scientific when tiny or huge,
/// with a real minus sign.
func sig(_ v: Double, _ digits: Int = 2) -> String {
    if v == 0 { return "0" }
    guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "∞" : "−∞") }
    let a = abs(v)
    var s: String
    if a >= 1e-3 && a < 1e4 {
        let decimals = max(0, digits - 1 - Int(floor(log10(a))))
        s = String(format: "%.\(decimals)f", v)
    } else {
        s = String(format: "%.\(max(0, digits - 1))e", v)
        // 3.2e-04 → 3.2e−4
        if let e = s.firstIndex(of: "e") {
            let mantissa = s[..<e]
            let exponent = Int(s[s.index(after: e)...]) ?? 0
            s = "\(mantissa)e\(exponent)"
        }
    }
    return s.replacingOccurrences(of: "-", with: "−")
}

/// A percentage with one decimal: "3.6 %".
func percent(_ v: Double) -> String {
    String(format: "%.1f %%", v * 100)
}

/// A line chart panel: x = layer 1…n, one polyline per series, optional log scale on y.
struct LineChart {
    var title: String
    var yLabel: String
    var series: [(name: String, color: Color, values: [Double])]
    var logScale: Bool
    var frame: Rect
    /// Series drawn dashed (runs with batch norm beside the same initialisation without).
    var dashed: Set<Int> = []
    /// What theory predicts for each series (same order), drawn thin and dotted beside it.
    var predicted: [[Double]] = []
    /// Names written at the right end of each line; lines that end within a few points of each
    /// other share one label ("A = B"), so a line hidden under another is still named.
    var endLabels: [String] = []

    func draw(_ c: Canvas) {
        c.text(title, at: Point(frame.minX, frame.minY + 14), size: Style.labelSize + 1.5, color: Palette.text, weight: .bold)
        let labelRoom = endLabels.isEmpty ? 0.0 : 135.0
        // The y axis is named above the plot, the x axis (layers) under it.
        c.text(yLabel, at: Point(frame.minX, frame.minY + 32), size: Style.smallSize, color: Palette.muted)
        let plot = Rect(x: frame.minX + 58, y: frame.minY + 42, width: frame.width - 70 - labelRoom, height: frame.height - 82)
        c.fill(plot, Color(hex: 0xFAFAFA))
        c.stroke(plot, Palette.grid, width: 0.8)
        // Only finite values are plotted (and only positive ones on a log scale): a layer that
        // overflowed or collapsed to 0 is named under the chart, not drawn off it.
        func plotted(_ v: Double) -> Bool { v.isFinite && (logScale ? v > 0 : true) }
        let all = (series.flatMap(\.values) + predicted.flatMap { $0 }).filter(plotted)
        guard let vmax = all.max(), let vmin = all.min() else {
            c.text("nothing to plot: every value collapsed to 0 or overflowed", at: plot.center, size: Style.labelSize,
                   color: Palette.muted, align: .center)
            return
        }
        // y range
        var lo: Double, hi: Double
        if logScale {
            lo = floor(log10(max(vmin, 1e-300)) - 0.05)
            hi = ceil(log10(vmax) + 0.05)
            if hi <= lo { hi = lo + 1 }
        } else {
            lo = 0
            hi = min(vmax * 1.12, Double.greatestFiniteMagnitude)
            if !(hi > 0) { hi = 1 }
        }
        func y(_ v: Double) -> Double {
            let t = logScale ? (log10(max(v, 1e-300)) - lo) / (hi - lo) : (v - lo) / (hi - lo)
            return plot.maxY - t * plot.height
        }
        let n = series.first?.values.count ?? 0
        func x(_ i: Int) -> Double {
            n <= 1 ? plot.center.x : plot.minX + 20 + Double(i) * (plot.width - 40) / Double(n - 1)
        }
        // Grid lines and y ticks.
        // At most a dozen ticks, whatever the range (a loop adding a step to a value must end
        // even when the step is lost in the value's rounding).
        var ticks: [Double] = []
        if logScale {
            let step = max(1, ((hi - lo) / 6).rounded(.up))
            for i in 0...12 where lo + Double(i) * step <= hi { ticks.append(pow(10, lo + Double(i) * step)) }
        } else {
            let raw = hi / 5
            let mag = pow(10, floor(log10(raw)))
            let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw && $0 > 0 } ?? raw
            for i in 0...12 where Double(i) * step <= hi * (1 + 1e-12) { ticks.append(Double(i) * step) }
        }
        for t in ticks {
            let yy = y(t)
            guard yy >= plot.minY - 0.5 && yy <= plot.maxY + 0.5 else { continue }
            c.line([Point(plot.minX, yy), Point(plot.maxX, yy)], Palette.grid.mixed(with: .white, 0.5), width: 0.6)
            c.text(logScale ? sig(t, 1) : sig(t, 2), at: Point(plot.minX - 6, yy + 3.5), size: Style.smallSize, color: Palette.muted, align: .right)
        }
        // Layer numbers, as many as fit side by side (the last one always), the word once.
        let labelWidth = c.textWidth("\(n)", size: Style.smallSize) + 10
        let spacing = n <= 1 ? plot.width : (plot.width - 40) / Double(n - 1)
        let every = max(1, Int((labelWidth / spacing).rounded(.up)))
        for i in 0..<n where (i % every == 0 && (n - 1 - i >= every || i == n - 1)) || i == n - 1 {
            c.text("\(i + 1)", at: Point(x(i), plot.maxY + 15), size: Style.smallSize, color: Palette.muted, align: .center)
        }
        c.text("layer", at: Point(plot.maxX, plot.maxY + 32), size: Style.smallSize, color: Palette.muted, align: .right)
        // Earlier series are drawn wider, so a line hidden under an equal one still shows at its edges.
        for (k, s) in series.enumerated() {
            let pts = s.values.enumerated().compactMap { (i, v) -> Point? in plotted(v) ? Point(x(i), y(v)) : nil }
            let width = 2 + 1.3 * Double(series.count - 1 - k)
            c.line(pts, s.color, width: width, dash: dashed.contains(k) ? [7, 4] : [])
            for p in pts { c.circle(center: p, radius: 1.6 + width / 2, fill: s.color) }
        }
        for (k, values) in predicted.enumerated() where k < series.count {
            let pts = values.enumerated().compactMap { (i, v) -> Point? in plotted(v) && y(v) >= plot.minY && y(v) <= plot.maxY ? Point(x(i), y(v)) : nil }
            c.line(pts, series[k].color, width: 1.2, dash: [2, 3])
        }
        // End labels: lines that end on the same value (within 1 %) share one label "A = B";
        // the others are stacked so that none overlaps, each in its line's colour.
        var ends: [(value: Double, y: Double, names: [String], color: Color)] = []
        for (k, s) in series.enumerated() where k < endLabels.count {
            guard let last = s.values.last(where: plotted) else { continue }
            if let i = ends.firstIndex(where: { abs($0.value - last) <= 0.01 * max(abs($0.value), abs(last)) }) {
                ends[i].names.append(endLabels[k])
            } else {
                ends.append((last, y(last), [endLabels[k]], s.color))
            }
        }
        var lastY = -Double.infinity
        for e in ends.sorted(by: { $0.y < $1.y }) {
            for (i, name) in e.names.enumerated() {
                let yy = max(e.y + 4, lastY + 14)
                c.text((i == 0 ? "" : "= ") + name, at: Point(plot.maxX + 6, yy), size: Style.smallSize,
                       color: e.names.count > 1 ? Palette.text : e.color)
                lastY = yy
            }
        }
    }
}

/// A legend: coloured line samples with names, in rows that fit `width`.
func drawSeriesLegend(_ c: Canvas, _ items: [(String, Color)], at origin: Point, width: Double, dashed: Set<Int> = []) -> Double {
    var x = origin.x, y = origin.y
    for (k, (name, color)) in items.enumerated() {
        let w = 26 + c.textWidth(name, size: Style.labelSize) + 18
        if x + w > origin.x + width { x = origin.x; y += 18 }
        c.line([Point(x, y - 4), Point(x + 20, y - 4)], color, width: 2.5, dash: dashed.contains(k) ? [5, 3] : [])
        c.circle(center: Point(x + 10, y - 4), radius: 3, fill: color)
        c.text(name, at: Point(x + 26, y), size: Style.labelSize, color: Palette.text)
        x += w
    }
    return y + 8
}
