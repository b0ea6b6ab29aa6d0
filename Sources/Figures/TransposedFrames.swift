import ConvCore
import Drawing

/// The size rule of a transposed convolution, both axes, as printed.
func transposedSizeLines(_ t: TransposedConvolution2D) -> [String] {
    let rows = t.geometry.sizeText(axis: 0, input: t.input.rows, kernel: t.kernel.rows)
    let cols = t.geometry.sizeText(axis: 1, input: t.input.cols, kernel: t.kernel.cols)
    return rows == cols ? ["size: \(rows)"] : ["rows: \(rows)", "columns: \(cols)"]
}

/// One stamp of a transposed convolution (the scatter view): input cell `z(r,c)` lays the kernel,
/// scaled by its value, onto the output; where stamps overlap they add. The output shows the sum
/// so far, this stamp's cells outlined.
public struct ScatterFrame: Figure {
    public let conv: TransposedConvolution2D
    public let stamp: Stamp
    public let label: String
    public let header: FrameHeader

    public init(conv: TransposedConvolution2D, index: Int, label: String, header: FrameHeader) throws(ConvolutionError) {
        self.conv = conv
        self.stamp = try conv.stamp(index)
        self.label = label
        self.header = header
    }

    public var title: String { "Stamp \(stamp.index + 1) of \(stamp.count): z(\(stamp.input.row),\(stamp.input.col)) = \(NumberFormat.compact(stamp.value))" }
    public var slug: String { "scatter-\(pad3(stamp.index + 1))" }
    public var altText: String { "\(title). \(stamp.text)" }

    private var partial: Grid { (try? conv.partialOutput(through: stamp.index)) ?? conv.output }

    private func views(_ c: Canvas) -> [MatrixView] {
        let z = conv.input, k = conv.kernel, y = partial
        let cell = MatrixView.cellSize(for: (z.values + k.values + conv.output.values + y.values).map(cellText), c, minimum: 34)
        let current = stamp.input.row * z.cols + stamp.input.col
        var zv = MatrixView(rows: z.rows, cols: z.cols, cell: cell, caption: "input z (\(z.rows)×\(z.cols))", captionColor: Palette.inputStroke,
                            note: "stamp \(stamp.index + 1) of \(stamp.count)")
        zv.colLabels = (0..<z.cols).map(String.init)
        zv.rowLabels = (0..<z.rows).map(String.init)
        zv.text = { r, col in cellText(z[r, col]) }
        zv.fill = { r, col in
            let i = r * z.cols + col
            return i == current ? Palette.highlightFill : Palette.input
        }
        var kv = MatrixView(rows: k.rows, cols: k.cols, cell: cell, caption: "kernel k (not flipped)", captionColor: Palette.kernelStroke,
                            note: "stamped × z(\(stamp.input.row),\(stamp.input.col))")
        kv.text = { r, col in cellText(k[r, col]) }
        kv.fill = { _, _ in Palette.kernel }
        var marks: [Int: StampMark] = [:]
        for m in stamp.marks where !m.isCropped { marks[m.output.row * y.cols + m.output.col] = m }
        var yv = MatrixView(rows: y.rows, cols: y.cols, cell: cell, caption: "output y (\(y.rows)×\(y.cols)), stamps so far",
                            captionColor: Palette.outputStroke, note: "marked: this stamp; small: what it adds")
        yv.colLabels = (0..<y.cols).map(String.init)
        yv.rowLabels = (0..<y.rows).map(String.init)
        yv.text = { r, col in cellText(y[r, col]) }
        yv.subtext = { r, col in marks[r * y.cols + col].map { "+" + NumberFormat.factor($0.product) } }
        yv.subtextColor = Palette.kernelText
        yv.fill = { r, col in marks[r * y.cols + col] != nil ? Palette.window : (y[r, col] == 0 ? Palette.pending : Palette.output) }
        return [zv, kv, yv]
    }

    public var textLines: [String] {
        let cropped = stamp.marks.filter(\.isCropped).count
        return [stamp.text]
            + (cropped > 0 ? ["\(cropped) of the \(stamp.marks.count) products fall outside the output (the padding \(conv.geometry.padding) crops them)."] : [])
            + transposedSizeLines(conv)
    }

    public func size(measuring c: Canvas) -> Size {
        let v = views(c)
        let panels = v.map { $0.size(c).width }.reduce(0, +) + 2 * 50
        let w = max(panels, 720) + 2 * Style.margin
        let lines = textLines.flatMap { StepFrame2D.wrapFormula($0, width: w - 2 * Style.margin, c) }.count
        let h = c.headerHeight(header, width: w) + (v.map { $0.size(c).height }.max() ?? 0) + 40 + Double(lines) * 20 + 40
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let g = conv.geometry
        let settings = label.isEmpty ? "stride \(g.stride), padding \(g.padding)\(g.outputPadding == Axes(0) ? "" : ", output padding \(g.outputPadding)")" : label
        let top = c.drawHeader(header, subtitle: "Scatter (\(settings)): each input cell stamps the kernel, scaled, into the output", width: w)
        let v = views(c)
        var x = Style.margin
        for view in v {
            view.draw(c, at: Point(x, top))
            x += view.size(c).width + 50
        }
        let ty = c.drawLines(textLines, at: Style.margin, y: top + (v.map { $0.size(c).height }.max() ?? 0) + 30,
                             width: w - 2 * Style.margin) { $0 == 0 ? Palette.text : Palette.formula }
        c.drawLegend([(Palette.highlightFill, Palette.grid, "this input cell"), (Palette.window, Palette.grid, "where its stamp lands"),
                      (Palette.output, Palette.grid, "earlier stamps' sum")],
                     at: Point(Style.margin, ty + 10))
    }
}

/// The same transposed convolution as a gather: zeros inserted between the inputs, a border of
/// `d(k − 1) − p`, then an ordinary stride-1 convolution with the kernel (flipped).
public struct GatherFrame: Figure {
    public let conv: TransposedConvolution2D
    public let gather: TransposedGather
    public let label: String
    public let header: FrameHeader

    public init(conv: TransposedConvolution2D, label: String, header: FrameHeader) throws(ConvolutionError) {
        self.conv = conv
        self.gather = try conv.gather()
        self.label = label
        self.header = header
    }

    public var title: String { "Transposed convolution as a convolution\(label.isEmpty ? "" : ": \(label)")" }
    public var slug: String { "gather" }
    public var altText: String { "\(title). \(textLines.joined(separator: " "))" }

    public var textLines: [String] {
        let s = conv.geometry.stride, b = gather.border
        let same = gather.output == conv.output
        let border = b.top == b.left ? "\(b.top)" : "\(b.top) (rows), \(b.left) (columns)"
        let extra = conv.geometry.outputPadding == Axes(0) ? "" : ", + output padding \(conv.geometry.outputPadding) at the bottom and right"
        return [
            "z with s − 1 = \(s.y - 1) zero\(s.y - 1 == 1 ? "" : "s") between neighbours, a border of d·(k − 1) − p = \(border)\(extra), convolved with k (∗, flipped), stride 1.",
            "y = [\(gather.output.nestedRows.map { $0.map { NumberFormat.factor($0) }.joined(separator: " ") }.joined(separator: "; "))]"
                + (same ? "  — the same numbers as stamping (scatter)" : "  — DIFFERENT from stamping (scatter)"),
        ] + transposedSizeLines(conv)
    }

    private func views(_ c: Canvas) -> [MatrixView] {
        let p = gather.paddedInput, k = conv.kernel, y = gather.output
        let cell = MatrixView.cellSize(for: (p.values + k.values + y.values).map(cellText), c, minimum: 30)
        var pv = MatrixView(rows: p.rows, cols: p.cols, cell: cell, caption: "z spread out and bordered", captionColor: Palette.inputStroke,
                            note: "grey: inserted zeros; white: border")
        pv.text = { r, col in
            if case .input = self.gather.cell(r, col) { return cellText(p[r, col]) }
            return "0"
        }
        pv.fill = { r, col in
            switch self.gather.cell(r, col) {
            case .input: return Palette.input
            case .insertedZero: return Palette.padding
            case .padding: return .white
            }
        }
        pv.textColor = { r, col in
            if case .input = self.gather.cell(r, col) { return Palette.text }
            return Palette.paddingText
        }
        var kv = MatrixView(rows: k.rows, cols: k.cols, cell: cell, caption: "k", captionColor: Palette.kernelStroke, note: "∗ flips it")
        kv.text = { r, col in cellText(k[r, col]) }
        kv.fill = { _, _ in Palette.kernel }
        var yv = MatrixView(rows: y.rows, cols: y.cols, cell: cell, caption: "output y (\(y.rows)×\(y.cols))", captionColor: Palette.outputStroke,
                            note: "a stride-1 convolution")
        yv.text = { r, col in cellText(y[r, col]) }
        yv.fill = { _, _ in Palette.output }
        return [pv, kv, yv]
    }

    public func size(measuring c: Canvas) -> Size {
        let v = views(c)
        let panels = v.map { $0.size(c).width }.reduce(0, +) + 2 * 70
        let w = max(panels, 720) + 2 * Style.margin
        let lines = textLines.flatMap { StepFrame2D.wrapFormula($0, width: w - 2 * Style.margin, c) }.count
        let h = c.headerHeight(header, width: w) + (v.map { $0.size(c).height }.max() ?? 0) + 40 + Double(lines) * 20 + 20
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let top = c.drawHeader(header, subtitle: "Gather\(label.isEmpty ? "" : " (\(label))"): an ordinary convolution over the spread-out input", width: w)
        let v = views(c)
        c.drawEquation(v, operators: ["∗", "="], at: Point(Style.margin, top), gap: 70)
        c.drawLines(textLines, at: Style.margin, y: top + (v.map { $0.size(c).height }.max() ?? 0) + 30,
                    width: w - 2 * Style.margin) { $0 == 1 ? Palette.text : Palette.formula }
    }
}

/// `C` and `Cᵀ`: the matrix of the stride-`s` convolution from the output's shape to the input's,
/// and its transpose, which maps the input back up — the transposed convolution.
public struct TransposedMatrixFrame: Figure {
    public let conv: TransposedConvolution2D
    public let matrix: ConvolutionMatrix
    public let header: FrameHeader

    public init(conv: TransposedConvolution2D, header: FrameHeader) throws(ConvolutionError) {
        self.conv = conv
        self.matrix = try ConvolutionMatrix(transposedConvolution: conv)
        self.header = header
    }

    public var title: String { "C and Cᵀ" }
    public var slug: String { "c-and-ct" }
    public var altText: String { "\(title). \(textLines.joined(separator: " "))" }

    /// `Cᵀ·vec(z) + b` computed from the matrix.
    public var product: Grid {
        let t = matrix.applyTransposed(conv.input)
        return conv.bias == 0 ? t : t.map { $0 + conv.bias }
    }

    public var textLines: [String] {
        let m = matrix.matrix
        let y = conv.output
        let same = product == y
        return [
            "C (\(m.rows)×\(m.cols)): the convolution with stride \(conv.geometry.stride), padding \(conv.geometry.padding) maps \(y.rows)×\(y.cols) = \(m.cols) values to \(conv.input.rows)×\(conv.input.cols) = \(m.rows).",
            "Cᵀ (\(m.cols)×\(m.rows)) maps \(m.rows) values back to \(m.cols): that is the transposed convolution — it restores the shape, not the values.",
            "Cᵀ·vec(z)\(conv.bias == 0 ? "" : " + b") = [\(product.values.map { NumberFormat.factor($0) }.joined(separator: ", "))]"
                + (same ? "  — the stamps' output" : "  — DIFFERENT from the stamps"),
        ]
    }

    private func tapColor(_ t: GridIndex) -> Color { Palette.tap(t.row * conv.kernel.cols + t.col).mixed(with: .white, 0.3) }

    private func views(_ c: Canvas) -> [MatrixView] {
        let m = matrix.matrix
        let cell = 28.0
        var cv = MatrixView(rows: m.rows, cols: m.cols, cell: cell, caption: "C: the convolution y → z (row = z cell, column = y cell)",
                            captionColor: Palette.formula, note: "each weight in its own colour; y and z cells numbered row by row")
        cv.colLabels = (0..<m.cols).map { "y\(subscripted($0))" }
        cv.rowLabels = (0..<m.rows).map { "z\(subscripted($0))" }
        cv.text = { r, col in cellText(m[r, col]) }
        cv.fill = { r, col in self.matrix.taps(row: r, col: col).first.map(self.tapColor) ?? .white }
        cv.textColor = { r, col in self.matrix.taps(row: r, col: col).first.map { self.tapColor($0).readableText } ?? Palette.paddingText }
        cv.valueSize = Style.smallSize
        let t = matrix.transposed
        var tv = MatrixView(rows: t.rows, cols: t.cols, cell: cell * 0.8, caption: "Cᵀ", captionColor: Palette.formula, note: "rows ↔ columns")
        tv.colLabels = (0..<t.cols).map { "z\(subscripted($0))" }
        tv.rowLabels = (0..<t.rows).map { "y\(subscripted($0))" }
        tv.text = { r, col in cellText(t[r, col]) }
        tv.fill = { r, col in self.matrix.taps(row: col, col: r).first.map(self.tapColor) ?? .white }
        tv.textColor = { r, col in self.matrix.taps(row: col, col: r).first.map { self.tapColor($0).readableText } ?? Palette.paddingText }
        tv.valueSize = Style.smallSize
        return [cv, tv]
    }

    public func size(measuring c: Canvas) -> Size {
        let v = views(c)
        let text = textLines.map { c.textWidth($0, size: Style.bodySize) }.max() ?? 0
        let w = max(v[0].size(c).width, text) + 60 + v[1].size(c).width + 2 * Style.margin
        let left = v[0].size(c).height + 30 + Double(textLines.count) * 20
        let h = c.headerHeight(header, width: w) + max(left, v[1].size(c).height) + 30
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let top = c.drawHeader(header, subtitle: "The matrix of a strided convolution and its transpose: y = Cᵀ·z is the transposed convolution", width: w)
        let v = views(c)
        v[0].draw(c, at: Point(Style.margin, top))
        v[1].draw(c, at: Point(w - Style.margin - v[1].size(c).width, top))
        var ty = top + v[0].size(c).height + 30
        for (i, line) in textLines.enumerated() {
            c.text(line, at: Point(Style.margin, ty), size: Style.bodySize, color: i == 2 ? Palette.text : Palette.formula)
            ty += 20
        }
    }
}
