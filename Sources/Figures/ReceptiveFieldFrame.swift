import ConvCore
import Drawing

/// The receptive field of one unit, layer by layer: each layer's units along one axis (the input
/// at the bottom), the cells one unit of the top layer depends on highlighted in every layer below
/// with the connections that reach them, and each layer's field size, jump and start.
public struct ReceptiveFieldFrame: Figure {
    public let label: String
    public let layers: [FieldLayer]
    public let inputSize: Int
    public let fields: [ReceptiveField]
    public let header: FrameHeader
    /// Which stack of the lesson (for the file name).
    public let number: Int

    public init(label: String, layers: [FieldLayer], inputSize: Int, header: FrameHeader, number: Int = 1) throws(ConvolutionError) {
        self.number = number
        self.label = label
        self.layers = layers
        self.inputSize = inputSize
        self.fields = try ReceptiveField.stack(layers, inputSize: inputSize)
        self.header = header
    }

    public var title: String { "Receptive field: \(label)" }
    public var slug: String { "field-\(number)" }
    public var altText: String { "\(title). " + rows.map { $0.joined(separator: " ") }.joined(separator: "; ") }

    /// Units of each layer (the input first).
    private var units: [Int] { fields.map { $0.units ?? 0 } }

    /// The units of each layer that the middle unit of the top layer depends on (the input first),
    /// and the connections between them (unit above → unit below).
    public var dependence: (cells: [Set<Int>], links: [[(Int, Int)]]) {
        var cells = Array(repeating: Set<Int>(), count: layers.count + 1)
        var links = Array(repeating: [(Int, Int)](), count: layers.count + 1)
        cells[layers.count] = [max(0, units[layers.count] - 1) / 2]
        for l in stride(from: layers.count, to: 0, by: -1) {
            let layer = layers[l - 1]
            for u in cells[l].sorted() {
                for t in 0..<layer.kernel {
                    let below = u * layer.stride - layer.padding + t * layer.dilation
                    links[l].append((u, below))
                    if below >= 0 && below < units[l - 1] { cells[l - 1].insert(below) }
                }
            }
        }
        return (cells, links)
    }

    /// The table as printed: layer, settings, field `r` with its arithmetic, jump, start.
    public var rows: [[String]] {
        var out = [["input", "", "r₀ = 1", "j₀ = 1", "start 0", "\(inputSize) cells"]]
        for (n, l) in layers.enumerated() {
            let prev = fields[n], f = fields[n + 1]
            let growth = l.dilation == 1 ? "\(l.kernel - 1)·\(prev.jump)" : "\(l.dilation)·\(l.kernel - 1)·\(prev.jump)"
            out.append(["\(n + 1): \(l.kind.rawValue)\(l.kernel)",
                        "s \(l.stride), p \(l.padding), d \(l.dilation)",
                        "r\(LayerNames.sub(n + 1)) = \(prev.size) + \(growth) = \(f.size)",
                        "j\(LayerNames.sub(n + 1)) = \(prev.jump)·\(l.stride) = \(f.jump)",
                        "start \(NumberFormat.compact(f.start))",
                        "\(f.units ?? 0) unit\(f.units == 1 ? "" : "s")"])
        }
        return out
    }

    private static let labelW = 70.0
    private static let rowGap = 62.0
    private var cellW: Double { max(10, min(30, 620 / Double(inputSize))) }

    private func tableWidths(_ c: Canvas) -> [Double] {
        (0..<6).map { col in (rows.map { c.textWidth($0[col], size: Style.bodySize) }.max() ?? 0) + 18 }
    }

    public func size(measuring c: Canvas) -> Size {
        let left = Double(inputSize) * cellW + ReceptiveFieldFrame.labelW
        let w = Style.margin * 2 + left + 30 + tableWidths(c).reduce(0, +)
        let h = c.headerHeight(header, width: w) + 30 + Double(layers.count + 1) * ReceptiveFieldFrame.rowGap + 70
        return Size(max(w, 720).rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let natural = size(measuring: c)
        let w = max(width, natural.width)
        let top = c.drawHeader(header, subtitle: "The receptive field of one unit: \(label)", width: w)
        let dep = dependence
        let cw = cellW
        let bottomY = top + 30 + Double(layers.count) * ReceptiveFieldFrame.rowGap
        let x0 = Style.margin + ReceptiveFieldFrame.labelW
        /// Centre of unit `u` of layer `l`: drawn above the centre of its own field in the input.
        func centre(_ l: Int, _ u: Int) -> Point {
            let f = fields[l]
            let inputPos = f.centre + Double(u * f.jump)
            return Point(x0 + (inputPos + 0.5) * cw, bottomY - Double(l) * ReceptiveFieldFrame.rowGap + 8)
        }
        // Connections first, under the units.
        for l in stride(from: layers.count, to: 0, by: -1) {
            for (u, below) in dep.links[l] {
                let inside = below >= 0 && below < units[l - 1]
                c.line([centre(l, u), inside ? centre(l - 1, below) : Point(centre(l - 1, 0).x + Double(below * fields[l - 1].jump) * cw, centre(l - 1, 0).y)],
                       inside ? Palette.kernelStroke : Palette.paddingText, width: 1.2, dash: inside ? [] : [3, 3])
            }
        }
        for l in 0...layers.count {
            let y = centre(l, 0).y
            c.text(l == 0 ? "input" : "\(l): \(layers[l - 1].kind.rawValue)\(layers[l - 1].kernel)", at: Point(Style.margin, y + 4),
                   size: Style.labelSize, color: Palette.muted)
            for u in 0..<units[l] {
                let p = centre(l, u)
                let side = l == 0 ? cw - 2 : min(cw - 2, 14)
                let r = Rect(x: p.x - side / 2, y: p.y - 7, width: side, height: 14)
                let hit = dep.cells[l].contains(u)
                let isTop = l == layers.count && hit
                let depends = Palette.output.mixed(with: Palette.outputStroke, 0.45)
                c.fill(r, isTop ? Palette.highlightFill : (hit ? (l == 0 ? Palette.window : depends) : (l == 0 ? Palette.input : Palette.output)))
                c.stroke(r, isTop ? Palette.highlight : Palette.grid, width: isTop ? 1.5 : 0.75)
            }
        }
        // The field's extent on the input, with its size.
        let f = fields[layers.count]
        let unit = max(0, units[layers.count] - 1) / 2
        let first = f.start + Double(unit * f.jump)
        let lx = x0 + first * cw, rx = x0 + (first + Double(f.size)) * cw
        let by = bottomY + 22
        c.line([Point(lx, by), Point(rx, by)], Palette.highlight, width: 2)
        c.line([Point(lx, by - 5), Point(lx, by + 5)], Palette.highlight, width: 2)
        c.line([Point(rx, by - 5), Point(rx, by + 5)], Palette.highlight, width: 2)
        c.text("field of the highlighted unit: \(f.size) input cells (\(f.size)×\(f.size) in 2D)", at: Point(lx, by + 20),
               size: Style.labelSize, color: Palette.highlight)
        // The table.
        let widths = tableWidths(c)
        var ty = top + 30
        let tx = Style.margin + Double(inputSize) * cw + ReceptiveFieldFrame.labelW + 30
        for (n, row) in rows.enumerated() {
            var x = tx
            for (i, cell) in row.enumerated() {
                c.text(cell, at: Point(x, ty + 4), size: Style.bodySize, color: i == 2 ? Palette.formula : Palette.text,
                       weight: i == 2 && n == rows.count - 1 ? .bold : .regular)
                x += widths[i]
            }
            ty += 24
        }
        c.text("r = r_prev + d·(k − 1)·j_prev,  j = j_prev·s,  start = first input cell of unit 0's field",
               at: Point(tx, ty + 10), size: Style.smallSize, color: Palette.muted)
        c.drawLegend([(Palette.window, Palette.grid, "input cells the unit sees"),
                      (Palette.output.mixed(with: Palette.outputStroke, 0.45), Palette.grid, "units it depends on"),
                      (Palette.highlightFill, Palette.highlight, "the unit")], at: Point(Style.margin, by + 50))
    }
}
