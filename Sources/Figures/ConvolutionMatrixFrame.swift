import ConvCore
import Drawing

/// A convolution written as a matrix: the input, the kernel and the sliding window's output; the
/// matrix `C` with `vec(y) = C·vec(x) + b` — each shared weight in its own colour, zeros as zeros —
/// beside a dense layer's matrix of the same shape, where every entry is a weight of its own.
public struct ConvolutionMatrixFrame: Figure {
    public let plan: Convolution2D
    public let matrix: ConvolutionMatrix
    public let header: FrameHeader

    public init(plan: Convolution2D, header: FrameHeader) throws(ConvolutionError) {
        self.plan = plan
        self.matrix = try ConvolutionMatrix(plan: plan)
        self.header = header
    }

    public var title: String { "Convolution as a matrix" }
    public var slug: String { "matrix" }
    public var altText: String { "\(title). " + textLines.joined(separator: " ") }

    /// `C·vec(x)` computed from the matrix (what the figure prints as the product).
    public var product: Grid { matrix.apply(plan.input) }

    /// The lines under the matrices, as printed.
    public var textLines: [String] {
        let n = matrix.matrix.cols, m = matrix.matrix.rows
        let nonZero = (0..<m).reduce(0) { acc, r in acc + (0..<n).filter { !matrix.taps(row: r, col: $0).isEmpty }.count }
        let y = product.values.map { NumberFormat.factor($0) }.joined(separator: ", ")
        let window = plan.output.values.map { NumberFormat.factor($0) }.joined(separator: ", ")
        let same = product == plan.output
        return [
            "vec(y) = C·vec(x)\(plan.geometry.bias != 0 ? " + b" : ""):  C is \(m)×\(n) = \(m * n) entries; \(nonZero) hold one of the kernel's \(plan.kernel.values.count) weights, \(m * n - nonZero) are 0.",
            "A dense layer from \(n) inputs to \(m) outputs has \(m * n) weights of its own (+ \(m) biases); the convolution shares \(plan.kernel.values.count) (+ 1 bias).",
            "C·vec(x) = [\(y)];  sliding window: [\(window)]  \(same ? "— the same numbers" : "— DIFFERENT")",
        ]
    }

    private static let cell = 32.0

    private func tapColor(_ t: GridIndex) -> Color {
        Palette.tap(t.row * plan.kernel.cols + t.col).mixed(with: .white, 0.3)
    }

    private func views(_ c: Canvas) -> [MatrixView] {
        let x = plan.input, k = plan.kernel, y = plan.output
        let cell = max(ConvolutionMatrixFrame.cell, MatrixView.cellSize(for: (x.values + k.values + y.values).map(cellText), c, minimum: 32))
        var xv = MatrixView(rows: x.rows, cols: x.cols, cell: cell, caption: "input x (\(x.rows)×\(x.cols))", captionColor: Palette.inputStroke,
                            note: "vec(x): row by row, x₀ … x\(subscripted(x.values.count - 1))")
        xv.text = { r, col in cellText(x[r, col]) }
        xv.subtext = { r, col in "x\(subscripted(r * x.cols + col))" }
        xv.fill = { _, _ in Palette.input }
        var kv = MatrixView(rows: k.rows, cols: k.cols, cell: cell, caption: "kernel k", captionColor: Palette.kernelStroke, note: "one colour per weight")
        kv.text = { r, col in cellText(k[r, col]) }
        kv.fill = { r, col in self.tapColor(GridIndex(r, col)) }
        kv.textColor = { r, col in self.tapColor(GridIndex(r, col)).readableText }
        var yv = MatrixView(rows: y.rows, cols: y.cols, cell: cell, caption: "output y = x \(plan.operation.symbol) k", captionColor: Palette.outputStroke,
                            note: "sliding window")
        yv.text = { r, col in cellText(y[r, col]) }
        yv.fill = { _, _ in Palette.output }
        let cm = matrix.matrix
        var cv = MatrixView(rows: cm.rows, cols: cm.cols, cell: ConvolutionMatrixFrame.cell, caption: "C (\(cm.rows)×\(cm.cols)): the convolution",
                            captionColor: Palette.formula, note: "row = output cell, column = input cell")
        cv.colLabels = (0..<cm.cols).map { "x\(subscripted($0))" }
        cv.rowLabels = (0..<cm.rows).map { "y\(subscripted($0))" }
        cv.text = { r, col in cellText(cm[r, col]) }
        cv.fill = { r, col in self.matrix.taps(row: r, col: col).first.map(self.tapColor) ?? .white }
        cv.textColor = { r, col in self.matrix.taps(row: r, col: col).first.map { self.tapColor($0).readableText } ?? Palette.paddingText }
        var dv = MatrixView(rows: cm.rows, cols: cm.cols, cell: ConvolutionMatrixFrame.cell, caption: "W (\(cm.rows)×\(cm.cols)): a dense layer",
                            captionColor: Palette.text, note: "every entry its own weight")
        dv.colLabels = cv.colLabels
        dv.rowLabels = cv.rowLabels
        dv.text = { r, col in "w\(subscripted(r * cm.cols + col))" }
        dv.fill = { _, _ in Palette.padding }
        dv.valueSize = Style.smallSize
        return [xv, kv, yv, cv, dv]
    }

    public func size(measuring c: Canvas) -> Size {
        let v = views(c)
        let top = v[0...2].map { $0.size(c).width }.reduce(0, +) + 2 * 60
        let bottom = v[3].size(c).width + 40 + v[4].size(c).width
        let text = textLines.map { c.textWidth($0, size: Style.bodySize) }.max() ?? 0
        let w = max(top, bottom, text) + 2 * Style.margin
        let h = c.headerHeight(header, width: w) + (v[0...2].map { $0.size(c).height }.max() ?? 0) + 20
            + max(v[3].size(c).height, v[4].size(c).height) + 30 + Double(textLines.count) * 19 + 10
        return Size(max(w, 720).rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let top = c.drawHeader(header, subtitle: "The same \(plan.operation == .convolution ? "convolution" : "cross-correlation") as one matrix product: vec(y) = C·vec(x)", width: w)
        let v = views(c)
        c.drawEquation(Array(v[0...2]), operators: [plan.operation.symbol, "="], at: Point(Style.margin, top), gap: 60, symbolSize: 24)
        let mTop = top + (v[0...2].map { $0.size(c).height }.max() ?? 0) + 20
        v[3].draw(c, at: Point(Style.margin, mTop))
        v[4].draw(c, at: Point(Style.margin + v[3].size(c).width + 40, mTop))
        var ty = mTop + max(v[3].size(c).height, v[4].size(c).height) + 30
        for (i, line) in textLines.enumerated() {
            c.text(line, at: Point(Style.margin, ty), size: Style.bodySize, color: i == 2 ? Palette.text : Palette.formula)
            ty += 19
        }
    }
}
