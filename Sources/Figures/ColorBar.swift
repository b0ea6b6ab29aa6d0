import ConvCore
import Drawing

/// A vertical colour bar beside a colour-mapped grid or image, labelled with its range, so that a
/// colour can be read back as a number.
struct ColorBar {
    /// The map, from the bottom (t = 0) to the top (t = 1).
    var map: (Double) -> Color
    /// Labels from the bottom up at fractions of the height: (fraction, text).
    var labels: [(Double, String)]

    /// A diverging bar from −m to +m, with 0 in the middle.
    static func diverging(_ m: Double) -> ColorBar {
        ColorBar(map: { Palette.diverging(2 * $0 - 1) },
                 labels: [(0, NumberFormat.compact(-m, digits: 1)), (0.5, "0"), (1, NumberFormat.compact(m, digits: 1))])
    }

    /// Drawn into `r` (10 or so points wide), labels to its right.
    func draw(_ c: Canvas, in r: Rect) {
        let steps = 64
        let colors: [Color] = (0..<steps).map { i in map(1 - Double(i) / Double(steps - 1)) }
        c.raster(width: 1, height: steps, colors: colors, in: r)
        c.stroke(r, Palette.grid, width: 0.75)
        for (t, label) in labels {
            let y = r.maxY - t * r.height
            c.text(label, at: Point(r.maxX + 4, min(max(y + 4, r.minY + 9), r.maxY)), size: Style.smallSize, color: Palette.muted)
        }
    }

    /// Width the bar and its labels take.
    func width(_ c: Canvas) -> Double {
        14 + (labels.map { c.textWidth($0.1, size: Style.smallSize) }.max() ?? 0) + 6
    }
}
