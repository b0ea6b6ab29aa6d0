import ConvCore
import Drawing

/// An image through a bank of kernels, as heat maps with colour bars and value ranges: a diverging
/// map centred on 0 for signed responses, a sequential one for non-negative ones (magnitudes, blurs).
public struct FeatureMapsFrame: Figure {
    public let image: Grid
    public let maps: [(name: String, map: Grid)]
    public let operation: Operation
    public let header: FrameHeader
    public let note: String
    /// Each map's kernel, shown under it (a map computed from others, like the gradient
    /// magnitude, has none).
    public let kernels: [String: Grid]

    public init(image: Grid, maps: [(name: String, map: Grid)], operation: Operation, note: String, header: FrameHeader,
                kernels: [String: Grid] = [:]) {
        self.image = image
        self.maps = maps
        self.operation = operation
        self.note = note
        self.header = header
        self.kernels = kernels
    }

    /// A kernel in one line: `k = [−1 0 1; −2 0 2; −1 0 1]`, `k = [1 2 1; 2 4 2; 1 2 1]/16`,
    /// or for a larger one its rows once: `k = [1 4 6 4 1]ᵀ[1 4 6 4 1]/256` is not attempted —
    /// `k: 5×5` with its denominator.
    static func kernelLine(_ g: Grid) -> String {
        let t = KernelText(g)
        let over = t.denominator == 1 ? "" : "/\(t.denominator)"
        guard g.rows <= 3 && g.cols <= 3 else { return "k: \(g.rows)×\(g.cols)\(over.isEmpty ? "" : ", weights ×1" + over)" }
        let rows = (0..<g.rows).map { r in (0..<g.cols).map { t.cell(r, $0) }.joined(separator: " ") }
        return "k = [" + rows.joined(separator: "; ") + "]" + over
    }

    public var title: String { "Feature maps" }
    public var slug: String { "feature-maps" }

    private var panelSide: Double {
        let longest = Double(max(image.rows, image.cols))
        return max(150, min(200, (longest * 2).rounded()))
    }
    private var columns: Int { min(3, maps.count + 1) }
    private var panelW: Double { panelSide + 70 }
    private var panelH: Double { panelSide + 84 }

    public func size(measuring c: Canvas) -> Size {
        let rows = (maps.count + 1 + columns - 1) / columns
        let w = max(Double(columns) * panelW + 2 * Style.margin, 720)
        let h = c.headerHeight(header, width: w) + Double(rows) * panelH + 50
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let natural = size(measuring: c)
        let sz = Size(max(width, natural.width), natural.height)
        let subtitle = "\(operation == .convolution ? "Convolution" : "Cross-correlation") of one image with a bank of kernels"
        let top = c.drawHeader(header, subtitle: subtitle, width: sz.width)
        let items: [(String, Grid)] = [("input image x", image)] + maps.map { ($0.name, $0.map) }
        for (i, (name, g)) in items.enumerated() {
            let col = i % columns, row = i / columns
            let origin = Point(Style.margin + Double(col) * panelW, top + Double(row) * panelH)
            drawPanel(c, name: name, grid: g, at: origin, isInput: i == 0)
        }
        let y = top + Double((items.count + columns - 1) / columns) * panelH + 18
        c.text(note, at: Point(Style.margin, y), size: Style.labelSize, color: Palette.muted)
    }

    private func drawPanel(_ c: Canvas, name: String, grid g: Grid, at o: Point, isInput: Bool) {
        let footer = kernels[name].map { [FeatureMapsFrame.kernelLine($0)] } ?? []
        HeatMapPanel(name: name, grid: g, isInput: isInput, footer: footer).draw(c, at: o, side: panelSide)
    }
}

/// A grid drawn as a heat map with its colour bar and range: grey 0…255 for an input picture, a
/// diverging map centred on 0 for signed values, a sequential one from 0 for non-negative ones;
/// under it the range and `footer` lines (the kernel that made it).
struct HeatMapPanel {
    var name: String
    var grid: Grid
    var isInput: Bool
    var footer: [String]
    /// What the two ends of a diverging map mean (negative, positive), said under the name.
    var meaning: (String, String)? = nil

    func draw(_ c: Canvas, at o: Point, side: Double) {
        let g = grid
        let (lo, hi) = g.range
        let signed = lo < 0
        let aspect = Double(g.cols) / Double(g.rows)
        let w = aspect >= 1 ? side : side * aspect, h = aspect >= 1 ? side / aspect : side
        var scaleNote = isInput ? "grayscale 0…255" : (signed ? "diverging, centred on 0" : "sequential, from 0")
        if let meaning, signed, !isInput { scaleNote = "purple: \(meaning.0), green: \(meaning.1)" }
        c.text(name, at: Point(o.x, o.y + 14), size: Style.labelSize + 1, color: isInput ? Palette.inputStroke : Palette.outputStroke, weight: .bold)
        c.text(scaleNote, at: Point(o.x, o.y + 27), size: Style.smallSize, color: Palette.muted)
        let rect = Rect(x: o.x, y: o.y + 34, width: w, height: h)
        let m = max(abs(lo), abs(hi), 1e-12)
        let colors: [Color] = g.values.map { v in
            if isInput { return Palette.gray(v / 255) }
            return signed ? Palette.diverging(v / m) : Palette.sequential(v / max(hi, 1e-12))
        }
        c.raster(width: g.cols, height: g.rows, colors: colors, in: rect)
        c.stroke(rect, Palette.grid, width: 0.75)
        // Colour bar with its range.
        let bar = Rect(x: rect.maxX + 8, y: rect.minY, width: 10, height: h)
        let steps = 64
        let barColors: [Color] = (0..<steps).map { i in
            let t = 1 - Double(i) / Double(steps - 1)
            if isInput { return Palette.gray(t) }
            return signed ? Palette.diverging(2 * t - 1) : Palette.sequential(t)
        }
        c.raster(width: 1, height: steps, colors: barColors, in: bar)
        c.stroke(bar, Palette.grid, width: 0.75)
        let topLabel = isInput ? "255" : NumberFormat.compact(signed ? m : hi, digits: 1)
        let bottomLabel = isInput ? "0" : (signed ? NumberFormat.compact(-m, digits: 1) : "0")
        c.text(topLabel, at: Point(bar.maxX + 3, bar.minY + 8), size: Style.smallSize, color: Palette.muted)
        c.text(bottomLabel, at: Point(bar.maxX + 3, bar.maxY), size: Style.smallSize, color: Palette.muted)
        if signed && !isInput {
            c.text("0", at: Point(bar.maxX + 3, bar.center.y + 3), size: Style.smallSize, color: Palette.muted)
        }
        c.text("range \(NumberFormat.compact(lo, digits: 1)) … \(NumberFormat.compact(hi, digits: 1))",
               at: Point(o.x, rect.maxY + 14), size: Style.smallSize, color: Palette.text)
        for (i, line) in footer.enumerated() {
            c.text(line, at: Point(o.x, rect.maxY + 28 + Double(i) * 13), size: Style.smallSize, color: Palette.kernelStroke)
        }
    }
}
