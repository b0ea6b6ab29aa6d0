import ConvCore
import Drawing

/// Convolution and cross-correlation of the same input and kernel, side by side, with the
/// difference map and a sentence saying what the reader sees.
public struct CompareFrame: Figure {
    public let conv: Convolution2D
    public let corr: Convolution2D
    public let header: FrameHeader

    public init(input: Grid, kernel: Grid, geometry: Geometry, header: FrameHeader) throws(ConvolutionError) {
        conv = try Convolution2D(input: input, kernel: kernel, operation: .convolution, geometry: geometry)
        corr = try Convolution2D(input: input, kernel: kernel, operation: .correlation, geometry: geometry)
        self.header = header
    }

    public var title: String { "Convolution vs correlation" }
    public var slug: String { "compare" }

    var difference: Grid { conv.output.subtracting(corr.output) }

    /// What the reader sees, in one or two sentences, read off the two outputs (and explained by
    /// the kernel): "… are identical", "… exactly the negative of …" or "… differ by up to …".
    public var verdict: String {
        let k = conv.kernel, flipped = k.rotated180(), b = conv.geometry.bias
        let a = conv.output.values, c = corr.output.values
        if a == c {
            return flipped == k
                ? "rot180(K) = K (the kernel is symmetric under the flip), so x ∗ K = x ⋆ rot180(K) = x ⋆ K: the two outputs are identical."
                : "For this input the two outputs are identical, although rot180(K) ≠ K: another input would tell them apart."
        }
        let negated = zip(a, c).allSatisfy { x, y in abs((x - b) + (y - b)) <= 1e-9 * max(1, abs(x), abs(y)) }
        if negated {
            let reason = flipped == k.map({ -$0 })
                ? "rot180(K) = −K (the kernel is antisymmetric, like Sobel), so x ∗ K = x ⋆ rot180(K) = x ⋆ (−K) = −(x ⋆ K)"
                : "For this input"
            return reason + ": convolution is exactly the negative of correlation" + (b != 0 ? ", once the bias is taken away." : ".")
        }
        let worst = zip(a, c).map { abs($0 - $1) }.max() ?? 0
        return "rot180(K) is neither K nor −K, so the two outputs differ by up to \(NumberFormat.compact(worst))."
    }

    /// One colour scale for both outputs and their difference: ± the largest magnitude among them.
    private var heatScale: Double {
        max(1e-12, (conv.output.values + corr.output.values + difference.values).map { abs($0) }.max() ?? 1)
    }

    private var bar: ColorBar { ColorBar.diverging(heatScale) }

    private func verdictLines(_ c: Canvas, width: Double) -> [String] {
        c.wrap(verdict, width: width - 2 * Style.margin, size: Style.bodySize + 1, weight: .bold)
    }

    private func views(_ c: Canvas) -> [MatrixView] {
        let x = conv.input, k = conv.kernel, a = conv.output, b = corr.output, d = difference
        let kf = k.rotated180()
        let cell = MatrixView.cellSize(for: (x.values + k.values + a.values + b.values + d.values).map(cellText), c)
        let scale = heatScale
        func view(_ g: Grid, _ caption: String, _ color: Color, heat: Bool, note: String = "") -> MatrixView {
            var v = MatrixView(rows: g.rows, cols: g.cols, cell: cell, caption: caption, captionColor: color, note: note)
            v.text = { r, col in cellText(g[r, col]) }
            v.fill = { r, col in heat ? Palette.diverging(g[r, col] / scale) : (color == Palette.kernelStroke ? Palette.kernel : Palette.input) }
            if heat { v.textColor = { r, col in abs(g[r, col] / scale) > 0.6 ? .white : Palette.text } }
            return v
        }
        return [
            view(x, "input x", Palette.inputStroke, heat: false),
            view(k, "kernel K (as written)", Palette.kernelStroke, heat: false, note: "used by x ⋆ K"),
            view(kf, "K′ = rot180(K)", Palette.kernelStroke, heat: false, note: "used by x ∗ K = x ⋆ K′"),
            view(a, "x ∗ K: convolution", Palette.outputStroke, heat: true, note: "K flipped"),
            view(b, "x ⋆ K: correlation", Palette.outputStroke, heat: true, note: "K as written"),
            view(d, "difference (∗) − (⋆)", Palette.text, heat: true, note: "0 means equal"),
        ]
    }

    public func size(measuring c: Canvas) -> Size {
        let v = views(c).map { $0.size(c) }
        let row1 = v[0].width + v[1].width + v[2].width + 2 * Style.panelGap
        let row2 = v[3].width + v[4].width + v[5].width + 3 * Style.panelGap + bar.width(c)
        let w = max(max(row1, row2) + 2 * Style.margin, 720)
        let lines = Double(verdictLines(c, width: w).count + 2)
        let h = c.headerHeight(header, width: w) + max(v[0].height, v[1].height, v[2].height) + 24 + max(v[3].height, v[4].height, v[5].height)
            + 30 + lines * (Style.lineHeight + 2)
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let natural = size(measuring: c)
        let sz = Size(max(width, natural.width), natural.height)
        let top = c.drawHeader(header, subtitle: "Convolution (kernel flipped) vs cross-correlation (not flipped), same input and kernel", width: sz.width)
        let vs = views(c)
        let s = vs.map { $0.size(c) }
        var x = Style.margin
        for i in 0...2 {
            vs[i].draw(c, at: Point(x, top))
            x += s[i].width + Style.panelGap
        }
        let row2 = top + max(s[0].height, s[1].height, s[2].height) + 24
        x = Style.margin
        for i in 3...5 {
            vs[i].draw(c, at: Point(x, row2))
            x += s[i].width + Style.panelGap
        }
        let grid = vs[5].gridRect(origin: Point(x - s[5].width - Style.panelGap, row2))
        bar.draw(c, in: Rect(x: x, y: grid.minY, width: 12, height: grid.height))
        var y = row2 + max(s[3].height, s[4].height, s[5].height) + 30
        for line in verdictLines(c, width: sz.width) {
            c.text(line, at: Point(Style.margin, y), size: Style.bodySize + 1, color: Palette.text, weight: .bold)
            y += Style.lineHeight + 2
        }
        c.text("Colours: purple negative, white 0, green positive — one scale (the bar) for both outputs and their difference.", at: Point(Style.margin, y),
               size: Style.labelSize, color: Palette.muted)
        c.text(Formulas.geometryNote(conv), at: Point(Style.margin, y + Style.lineHeight), size: Style.labelSize, color: Palette.muted)
    }
}
