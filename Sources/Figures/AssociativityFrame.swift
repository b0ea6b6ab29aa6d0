import ConvCore
import Drawing

/// Associativity of convolution: F ∗ (G ∗ x) computed in two passes next to (F ∗ G) ∗ x in one
/// pass with the combined kernel, and their difference (all zeros).
public struct AssociativityFrame: Figure {
    public let x: Grid
    public let f: (name: String, grid: Grid)
    public let g: (name: String, grid: Grid)
    public let gx: Grid
    public let twoPasses: Grid
    public let combined: Grid
    public let onePass: Grid
    public let header: FrameHeader

    public init(x: Grid, f: (String, Grid), g: (String, Grid), gx: Grid, twoPasses: Grid, combined: Grid, onePass: Grid, header: FrameHeader) {
        self.x = x
        self.f = f
        self.g = g
        self.gx = gx
        self.twoPasses = twoPasses
        self.combined = combined
        self.onePass = onePass
        self.header = header
    }

    public var title: String { "Associativity: F ∗ (G ∗ x) = (F ∗ G) ∗ x" }
    public var slug: String { "associativity" }

    private func views(_ c: Canvas) -> [[MatrixView]] {
        let diff = twoPasses.subtracting(onePass)
        let all = x.values + f.grid.values + g.grid.values + gx.values + twoPasses.values + combined.values + diff.values
        let cell = MatrixView.cellSize(for: all.map(cellText), c, minimum: 26, size: 10.5)
        func v(_ m: Grid, _ caption: String, _ fill: Color, _ stroke: Color, note: String = "") -> MatrixView {
            var view = MatrixView(rows: m.rows, cols: m.cols, cell: cell, caption: caption, captionColor: stroke, note: note)
            view.text = { r, col in cellText(m[r, col]) }
            view.fill = { _, _ in fill }
            view.valueSize = 10.5
            return view
        }
        return [
            [v(x, "input x", Palette.input, Palette.inputStroke),
             v(g.grid, "G = \(g.name)", Palette.kernel, Palette.kernelStroke),
             v(gx, "G ∗ x (first pass)", Palette.output, Palette.outputStroke, note: "full convolution"),
             v(twoPasses, "F ∗ (G ∗ x), F = \(f.name)", Palette.output, Palette.outputStroke, note: "second pass")],
            [v(f.grid, "F = \(f.name)", Palette.kernel, Palette.kernelStroke),
             v(combined, "F ∗ G (one combined kernel)", Palette.kernel, Palette.kernelStroke, note: "computed once"),
             v(onePass, "(F ∗ G) ∗ x (one pass)", Palette.output, Palette.outputStroke),
             v(diff, "difference", Color.white, Palette.text, note: "two passes − one pass")],
        ]
    }

    public func size(measuring c: Canvas) -> Size {
        let rows = views(c).map { row in row.map { $0.size(c) } }
        let w = (rows.map { r in r.reduce(0) { $0 + $1.width } + Double(r.count - 1) * Style.panelGap }.max() ?? 0) + 2 * Style.margin
        let h = rows.map { r in r.map(\.height).max() ?? 0 }.reduce(0, +) + 30
        return Size(max(w, 720).rounded(.up), (c.headerHeight(header, width: w) + h + 60).rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let natural = size(measuring: c)
        let sz = Size(max(width, natural.width), natural.height)
        var y = c.drawHeader(header, subtitle: "Convolution is associative: filter twice, or once with the combined kernel", width: sz.width)
        for row in views(c) {
            var x = Style.margin
            var height = 0.0
            for v in row {
                v.draw(c, at: Point(x, y))
                let s = v.size(c)
                x += s.width + Style.panelGap
                height = max(height, s.height)
            }
            y += height + 30
        }
        let same = twoPasses == onePass
        c.text(same ? "Every cell of the difference is 0: the two routes agree exactly (full convolution, exact arithmetic)."
                    : "The two routes differ: see the difference map.",
               at: Point(Style.margin, y + 4), size: Style.bodySize + 1, color: Palette.text, weight: .bold)
        c.text("Why it matters: a stack of linear filters can be merged into one kernel of size k_F + k_G − 1.",
               at: Point(Style.margin, y + 4 + Style.lineHeight + 2), size: Style.labelSize, color: Palette.muted)
    }
}
