import ConvCore
import Drawing

/// The first frame of every convolution: K beside K′ = rot180(K), in the kernel's colour. Each tap
/// keeps its original index as a label, and k(0,0) is outlined in both, so the reader sees where it goes.
public struct FlipFrame: Figure {
    public let kernel: Grid
    public let header: FrameHeader
    public let oneD: Bool

    public init(kernel: Grid, header: FrameHeader, oneD: Bool = false) {
        self.kernel = kernel
        self.header = header
        self.oneD = oneD
    }

    public var title: String { oneD ? "The flip: h reversed, h′[n] = h[N−1−n]" : "The flip: K′ = rot180(K)" }
    public var slug: String { "flip" }

    private func index(_ r: Int, _ c: Int) -> String {
        oneD ? "h\(subscripted(c))" : "k(\(r),\(c))"
    }

    private func views(_ c: Canvas) -> (MatrixView, MatrixView) {
        let k = kernel, f = kernel.rotated180()
        let cell = max(MatrixView.cellSize(for: k.values.map(cellText), c, minimum: 46),
                       c.textWidth("k(\(k.rows - 1),\(k.cols - 1))", size: Style.smallSize) + 10)
        var left = MatrixView(rows: k.rows, cols: k.cols, cell: cell, caption: oneD ? "kernel h, as written" : "kernel K, as written",
                              captionColor: Palette.kernelStroke)
        left.text = { r, col in cellText(k[r, col]) }
        left.subtext = { r, col in index(r, col) }
        left.fill = { _, _ in Palette.kernel }
        var right = MatrixView(rows: k.rows, cols: k.cols, cell: cell,
                               caption: oneD ? "h reversed: h′[n] = h[N−1−n]" : "K′ = rot180(K), flipped",
                               captionColor: Palette.kernelStroke)
        right.text = { r, col in cellText(f[r, col]) }
        right.subtext = { r, col in index(k.rows - 1 - r, k.cols - 1 - col) }
        right.fill = { _, _ in Palette.kernel }
        return (left, right)
    }

    private var lines: [String] {
        let symmetric = kernel == kernel.rotated180()
        var out = [
            oneD ? "h′[n] = h[N−1−n]: the last tap comes first. Convolution is correlation with h′:  x ∗ h = x ⋆ h′."
                 : "K′(a,b) = K(k₁−1−a, k₂−1−b): the top-left tap goes to the bottom-right. Convolution is correlation with K′:  x ∗ K = x ⋆ K′.",
            "The small labels give each tap's place in the original kernel; the outlined tap is k(0,0) before and after.",
        ]
        out.append(symmetric ? "This kernel equals its own rotation, so here convolution and correlation give the same output."
                             : (oneD ? "Every following step slides h′ (not h) along the signal." : "Every following step slides K′ (not K) over the input."))
        return out
    }

    private let arrowGap = 150.0

    public func size(measuring c: Canvas) -> Size {
        let (l, r) = views(c)
        let ls = l.size(c), rs = r.size(c)
        let textW = lines.map { c.textWidth($0, size: Style.bodySize) }.max() ?? 0
        let w = max(Style.margin * 2 + ls.width + arrowGap + rs.width, textW + 2 * Style.margin, 640)
        let h = c.headerHeight(header, width: w) + max(ls.height, rs.height) + 30 + Double(lines.count) * Style.lineHeight + 20
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let natural = size(measuring: c)
        let sz = Size(max(width, natural.width), natural.height)
        let top = c.drawHeader(header, subtitle: oneD ? "1D convolution, step 0: reverse the kernel h" : "Convolution, step 0: flip the kernel (rotate it 180°)", width: sz.width)
        let (l, r) = views(c)
        let ls = l.size(c)
        let lp = Point(Style.margin, top), rp = Point(Style.margin + ls.width + arrowGap, top)
        l.draw(c, at: lp)
        r.draw(c, at: rp)
        let lg = l.gridRect(origin: lp), rg = r.gridRect(origin: rp)
        let midY = lg.center.y
        c.arrow(from: Point(lg.maxX + 22, midY), to: Point(rg.minX - 22, midY), Palette.kernelStroke, width: 2)
        c.text(oneD ? "reverse" : "rotate 180°", at: Point((lg.maxX + rg.minX) / 2, midY - 10), size: Style.labelSize, color: Palette.kernelStroke, align: .center)
        // Follow the first tap: K(0,0) ends at K′(k₁−1, k₂−1).
        let from = l.cellRect(0, 0, origin: lp), to = r.cellRect(kernel.rows - 1, kernel.cols - 1, origin: rp)
        c.stroke(from, Palette.text, width: 2.5)
        c.stroke(to, Palette.text, width: 2.5)
        c.line([Point(from.minX, from.center.y), Point(lg.minX - 12, from.center.y), Point(lg.minX - 12, lg.maxY + 14),
                Point(to.center.x, lg.maxY + 14), Point(to.center.x, to.maxY)],
               Palette.text, width: 1.2, dash: [4, 3])
        var y = max(lg.maxY, rg.maxY) + 38
        for line in lines {
            c.text(line, at: Point(Style.margin, y), size: Style.bodySize, color: Palette.text)
            y += Style.lineHeight
        }
    }
}
