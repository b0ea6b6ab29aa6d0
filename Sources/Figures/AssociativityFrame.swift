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

    /// The rows and columns of `grids` that hold a non-zero value (all of them when none does).
    static func nonZeroWindow(_ grids: [Grid]) -> (rows: ClosedRange<Int>, cols: ClosedRange<Int>)? {
        var rows: [Int] = [], cols: [Int] = []
        for g in grids {
            for r in 0..<g.rows { for c in 0..<g.cols where g[r, c] != 0 { rows.append(r); cols.append(c) } }
        }
        guard let r0 = rows.min(), let r1 = rows.max(), let c0 = cols.min(), let c1 = cols.max() else { return nil }
        return (r0...r1, c0...c1)
    }

    private func views(_ c: Canvas) -> [[MatrixView]] {
        let diff = twoPasses.subtracting(onePass)
        // Outputs trimmed to the cells that are not 0, the same window for all three (and G ∗ x its own).
        let outWindow = AssociativityFrame.nonZeroWindow([twoPasses, onePass])
        let gxWindow = AssociativityFrame.nonZeroWindow([gx])
        let gText = KernelText(g.grid), fText = KernelText(f.grid), fgText = KernelText(combined)
        func trimmed(_ m: Grid, _ w: (rows: ClosedRange<Int>, cols: ClosedRange<Int>)?) -> (Grid, [Int], [Int], String) {
            guard let w, w.rows.count < m.rows || w.cols.count < m.cols else {
                return (m, Array(0..<m.rows), Array(0..<m.cols), "")
            }
            let sub = Grid(rows: w.rows.count, cols: w.cols.count,
                           values: w.rows.flatMap { r in w.cols.map { col in m[r, col] } })
            return (sub, Array(w.rows), Array(w.cols), "of \(m.rows)×\(m.cols); the rest is 0")
        }
        let all = x.values + gx.values + twoPasses.values + diff.values
        let kernelStrings = (0..<g.grid.values.count).map { gText.cell($0 / g.grid.cols, $0 % g.grid.cols) }
            + (0..<f.grid.values.count).map { fText.cell($0 / f.grid.cols, $0 % f.grid.cols) }
            + (0..<combined.values.count).map { fgText.cell($0 / combined.cols, $0 % combined.cols) }
        let cell = MatrixView.cellSize(for: all.map(cellText) + kernelStrings, c, minimum: 30)
        func v(_ m: Grid, _ caption: String, _ fill: Color, _ stroke: Color, note: String = "",
               window: (rows: ClosedRange<Int>, cols: ClosedRange<Int>)?? = .none, kernel: KernelText? = nil) -> MatrixView {
            let (shown, rowIdx, colIdx, trimNote) = window.map { trimmed(m, $0) } ?? (m, Array(0..<m.rows), Array(0..<m.cols), "")
            let notes = [note, kernel.map { $0.note.isEmpty ? "" : "weights \($0.note)" } ?? "", trimNote].filter { !$0.isEmpty }
            var view = MatrixView(rows: shown.rows, cols: shown.cols, cell: cell, caption: caption, captionColor: stroke,
                                  note: notes.joined(separator: ", "))
            view.text = { r, col in kernel.map { $0.cell(r, col) } ?? cellText(shown[r, col]) }
            view.fill = { _, _ in fill }
            if !trimNote.isEmpty {
                view.rowLabels = rowIdx.map(String.init)
                view.colLabels = colIdx.map(String.init)
            }
            return view
        }
        return [
            [v(x, "input x", Palette.input, Palette.inputStroke),
             v(g.grid, "G = \(g.name)", Palette.kernel, Palette.kernelStroke, kernel: gText),
             v(gx, "G ∗ x (first pass)", Palette.output, Palette.outputStroke, note: "full", window: gxWindow),
             v(twoPasses, "F ∗ (G ∗ x)", Palette.output, Palette.outputStroke, note: "second pass", window: outWindow)],
            [v(f.grid, "F = \(f.name)", Palette.kernel, Palette.kernelStroke, kernel: fText),
             v(combined, "F ∗ G", Palette.kernel, Palette.kernelStroke, note: "one kernel", kernel: fgText),
             v(onePass, "(F ∗ G) ∗ x (one pass)", Palette.output, Palette.outputStroke, window: outWindow),
             v(diff, "difference", Color.white, Palette.text, note: "two passes − one", window: outWindow)],
        ]
    }

    public func size(measuring c: Canvas) -> Size {
        let rows = views(c).map { row in row.map { $0.size(c) } }
        let w = (rows.map { r in r.reduce(0) { $0 + $1.width } + Double(r.count - 1) * Style.panelGap }.max() ?? 0) + 2 * Style.margin
        let h = rows.map { r in r.map(\.height).max() ?? 0 }.reduce(0, +) + 24
        return Size(max(w, 720).rounded(.up), (c.headerHeight(header, width: w) + h + 52).rounded(.up))
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
            y += height + 24
        }
        let same = twoPasses == onePass
        c.text(same ? "Every cell of the difference is 0: the two routes agree exactly (full convolution, exact arithmetic)."
                    : "The two routes differ: see the difference map.",
               at: Point(Style.margin, y + 4), size: Style.bodySize + 1, color: Palette.text, weight: .bold)
        c.text("Why it matters: a stack of linear filters can be merged into one kernel of size k_F + k_G − 1.",
               at: Point(Style.margin, y + 4 + Style.lineHeight + 2), size: Style.labelSize, color: Palette.muted)
    }
}
