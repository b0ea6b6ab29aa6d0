import ConvCore
import Drawing

/// A grid of numbered cells with a caption above, and optional index labels above the columns and
/// left of the rows. Everything that draws a matrix goes through here, so all grids look alike.
struct MatrixView {
    var rows: Int
    var cols: Int
    var cell: Double
    var caption: String
    var captionColor: Color = Palette.text
    var note: String = ""
    /// Labels above columns / left of rows (nil: none).
    var colLabels: [String]?
    var rowLabels: [String]?
    var text: (Int, Int) -> String? = { _, _ in nil }
    /// Small text at the bottom of a cell (e.g. a tap's original index, or the weight that
    /// multiplies it); cells without one keep their value centred.
    var subtext: ((Int, Int) -> String?)?
    var subtextColor: Color = Palette.muted
    var fill: (Int, Int) -> Color = { _, _ in .white }
    var textColor: (Int, Int) -> Color = { _, _ in Palette.text }
    var border: Color = Palette.grid
    var valueSize: Double = Style.valueSize

    static let captionBand = 40.0
    static let labelBand = 18.0

    var labelLeft: Double { rowLabels == nil ? 0 : MatrixView.labelBand + 6 }
    var labelTop: Double { colLabels == nil ? 0 : MatrixView.labelBand }

    func size(_ c: Canvas) -> Size {
        let gridW = Double(cols) * cell + labelLeft
        let capW = max(c.textWidth(caption, size: Style.labelSize + 1, weight: .bold), c.textWidth(note, size: Style.smallSize + 1))
        return Size(max(gridW, capW), MatrixView.captionBand + labelTop + Double(rows) * cell)
    }

    /// The rectangle of cell `(r, c)` when the view is drawn at `origin`.
    func cellRect(_ r: Int, _ c: Int, origin: Point) -> Rect {
        Rect(x: origin.x + labelLeft + Double(c) * cell,
             y: origin.y + MatrixView.captionBand + labelTop + Double(r) * cell, width: cell, height: cell)
    }

    func gridRect(origin: Point) -> Rect {
        Rect(x: origin.x + labelLeft, y: origin.y + MatrixView.captionBand + labelTop,
             width: Double(cols) * cell, height: Double(rows) * cell)
    }

    func draw(_ c: Canvas, at origin: Point) {
        c.text(caption, at: Point(origin.x, origin.y + 14), size: Style.labelSize + 1, color: captionColor, weight: .bold)
        if !note.isEmpty {
            c.text(note, at: Point(origin.x, origin.y + 28), size: Style.smallSize + 1, color: Palette.muted)
        }
        for r in 0..<rows {
            for col in 0..<cols {
                let rect = cellRect(r, col, origin: origin)
                c.fill(rect, fill(r, col))
                c.stroke(rect, border, width: 0.75)
                if let sub = subtext?(r, col) {
                    if let t = text(r, col) {
                        c.text(t, centeredIn: Rect(x: rect.x + 2, y: rect.y + 2, width: rect.width - 4, height: rect.height * 0.6),
                               size: valueSize, color: textColor(r, col))
                    }
                    c.text(sub, centeredIn: Rect(x: rect.x + 1, y: rect.y + rect.height * 0.58, width: rect.width - 2, height: rect.height * 0.4),
                           size: Style.smallSize, color: subtextColor)
                } else if let t = text(r, col) {
                    c.text(t, centeredIn: rect.insetBy(2.5), size: valueSize, color: textColor(r, col))
                }
            }
        }
        if let colLabels {
            for (i, l) in colLabels.enumerated() where i < cols {
                let rect = cellRect(0, i, origin: origin)
                c.text(l, at: Point(rect.center.x, rect.minY - 4), size: Style.smallSize, color: Palette.muted, align: .center)
            }
        }
        if let rowLabels {
            for (i, l) in rowLabels.enumerated() where i < rows {
                let rect = cellRect(i, 0, origin: origin)
                c.text(l, at: Point(rect.minX - 5, rect.center.y + 3), size: Style.smallSize, color: Palette.muted, align: .right)
            }
        }
    }

    /// A cell size that fits every string at the value font size (at least `minimum`).
    static func cellSize(for strings: [String], _ c: Canvas, minimum: Double = 30, size: Double = Style.valueSize) -> Double {
        let widest = strings.map { c.textWidth($0, size: size) }.max() ?? 0
        return max(minimum, (widest + 7).rounded(.up))
    }
}

/// How numbers appear in cells: exact integers, decimals to three places.
func cellText(_ v: Double) -> String {
    NumberFormat.compact(v, digits: 3)
}
