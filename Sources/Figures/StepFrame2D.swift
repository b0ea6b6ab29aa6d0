import ConvCore
import Drawing

/// One stride step of a 2D convolution or cross-correlation: the input with the window outlined,
/// the kernel as used (with tap labels), every product, the sum written out, and the output
/// filling in — the current cell highlighted, cells still to come left empty.
public struct StepFrame2D: Figure {
    public let plan: Convolution2D
    public let step: Step
    public let header: FrameHeader

    /// Throws when `index` is not a step of `plan`.
    public init(plan: Convolution2D, index: Int, header: FrameHeader) throws(ConvolutionError) {
        self.plan = plan
        self.step = try plan.step(index)
        self.header = header
    }

    public var title: String { "Step \(step.index + 1) of \(step.count): y\(step.output) = \(NumberFormat.compact(step.result))" }
    public var slug: String { "step-\(pad3(step.index + 1))" }

    public var altText: String { "\(title). \(sumText)" }

    /// The gap between the input and the kernel, wide enough for the operator and its name.
    static let operatorGap = 68.0

    // MARK: - Layout

    struct Layout {
        var cell: Double
        var input: MatrixView
        var kernel: MatrixView
        var products: MatrixView
        var output: MatrixView
        var positions: [Point]
        var panelsBottom: Double
        var textTop: Double
        /// Where the text block starts: under all panels, or beside a tall input (right of it).
        var textX: Double
        var legendTop: Double
        var sumLines: [String]
        var width: Double
        var height: Double
    }

    private var padding: Padding { plan.padding }

    /// The layout for a page `pageWidth` wide (at least the natural width).
    func layout(_ c: Canvas, pageWidth: Double = 0) -> Layout {
        let x = plan.input, k = plan.kernelAsUsed, y = plan.output
        let pad = padding
        let inRows = x.rows + pad.top + pad.bottom, inCols = x.cols + pad.left + pad.right
        let padded = plan.paddedInput()
        // Each panel's cell fits that panel's numbers, the same for every step (products by a bound).
        let kText = KernelText(k)
        let inputCell = max(MatrixView.cellSize(for: padded.values.map(cellText), c, minimum: 34),
                            MatrixView.cellSize(for: k.values.map(kText.factor), c, minimum: 34, size: Style.smallSize))
        let kernelCell = MatrixView.cellSize(for: (0..<k.rows).flatMap { r in (0..<k.cols).map { kText.cell(r, $0) } }, c, minimum: 30)
        let productCell: Double
        if plan.stepCount * k.values.count <= 4096 {
            // Every product of every step, so the panel is the same on every page.
            let all = (0..<plan.stepCount).flatMap { i in ((try? plan.step(i))?.taps ?? []).map { cellText($0.product) } }
            productCell = MatrixView.cellSize(for: all, c, minimum: 34)
        } else {
            let maxProduct = (padded.values.map(abs).max() ?? 0) * (k.values.map(abs).max() ?? 0)
            let integral = padded.values.allSatisfy { $0.rounded() == $0 } && k.values.allSatisfy { $0.rounded() == $0 }
            productCell = MatrixView.cellSize(for: ["−" + NumberFormat.compact(maxProduct.rounded(.up)) + (integral ? "" : ".888")], c, minimum: 34)
        }
        let outputCell = MatrixView.cellSize(for: y.values.map(cellText), c, minimum: 34)
        let cell = inputCell

        // Which padded cells are under a tap at this step.
        var underTap = Set<Int>()
        for t in step.taps { underTap.insert((t.input.row + pad.top) * inCols + (t.input.col + pad.left)) }

        var input = MatrixView(rows: inRows, cols: inCols, cell: cell, caption: "input x (\(x.rows)×\(x.cols))",
                               captionColor: Palette.inputStroke,
                               note: pad.isZero ? "" : "grey: padding (\(plan.geometry.boundary.rawValue))")
        input.colLabels = (0..<inCols).map { signed($0 - pad.left) }
        input.rowLabels = (0..<inRows).map { signed($0 - pad.top) }
        input.text = { r, c in cellText(padded[r, c]) }
        input.fill = { r, c in
            let isPad = !x.contains(r - pad.top, c - pad.left)
            if underTap.contains(r * inCols + c) { return isPad ? Palette.window.mixed(with: Palette.padding, 0.5) : Palette.window }
            return isPad ? Palette.padding : Palette.input
        }
        input.textColor = { r, c in x.contains(r - pad.top, c - pad.left) ? Palette.text : Palette.paddingText }
        // conv_arithmetic's small numbers: each tap's weight on the input cell it multiplies.
        var weightAt: [Int: Double] = [:]
        for t in step.taps { weightAt[(t.input.row + pad.top) * inCols + (t.input.col + pad.left)] = t.weight }
        input.subtext = { r, c in weightAt[r * inCols + c].map { kText.factor($0) } }
        if kText.denominator != 1 { input.note = [input.note, "small: weight × \(kText.denominator)"].filter { !$0.isEmpty }.joined(separator: "; ") }
        input.subtextColor = Palette.kernelText

        let flipped = plan.operation == .convolution
        let kernelNote = [flipped ? "rot180(k); labels k(a,b)" : "labels k(a,b)", kText.note.isEmpty ? "" : "weights " + kText.note].filter { !$0.isEmpty }
        var kernel = MatrixView(rows: k.rows, cols: k.cols, cell: kernelCell,
                                caption: flipped ? "kernel k, flipped" : "kernel k (not flipped)",
                                captionColor: Palette.kernelStroke,
                                note: kernelNote.joined(separator: "; "))
        kernel.colLabels = (0..<k.cols).map { signed(plan.tapLabel(window: 0, $0).col) }
        kernel.rowLabels = (0..<k.rows).map { signed(plan.tapLabel(window: $0, 0).row) }
        kernel.text = { r, c in kText.cell(r, c) }
        kernel.fill = { _, _ in Palette.kernel }

        var products = MatrixView(rows: k.rows, cols: k.cols, cell: productCell, caption: "products x·k",
                                  captionColor: Palette.text, note: "sum = \(cellText(step.sum))")
        products.text = { r, c in cellText(step.taps[r * k.cols + c].product) }
        products.fill = { r, c in step.taps[r * k.cols + c].isPadding ? Palette.padding : Palette.kernel.mixed(with: .white, 0.5) }

        var output = MatrixView(rows: y.rows, cols: y.cols, cell: outputCell, caption: "output y (\(y.rows)×\(y.cols))",
                                captionColor: Palette.outputStroke, note: "step \(step.index + 1) of \(step.count)")
        output.colLabels = (0..<y.cols).map(String.init)
        output.rowLabels = (0..<y.rows).map(String.init)
        let current = step.index
        output.text = { r, c in r * y.cols + c <= current ? cellText(y[r, c]) : nil }
        output.fill = { r, c in
            let i = r * y.cols + c
            return i == current ? Palette.highlightFill : (i < current ? Palette.output : Palette.pending)
        }

        let views = [input, kernel, products, output]
        var xPos = Style.margin
        var xs: [Double] = []
        var panelsHeight = 0.0
        for (i, v) in views.enumerated() {
            xs.append(xPos)
            let s = v.size(c)
            // The operator between input and kernel is named in words under it: a wider gap.
            xPos += s.width + (i == 0 ? StepFrame2D.operatorGap : Style.panelGap)
            panelsHeight = max(panelsHeight, s.height)
        }
        var width = max(xPos - Style.panelGap + Style.margin, 720)
        let legendW = c.legendWidth(legendItems.map(\.2)) + 2 * Style.margin
        width = max(width, legendW, pageWidth)
        let top = c.headerHeight(header, width: width)
        let positions = xs.map { Point($0, top) }
        let line = Style.lineHeight + 2
        func block(_ textWidth: Double) -> (sum: [String], height: Double) {
            let sum = c.wrapTerms(sumText, width: textWidth, size: Style.bodySize + 1)
            let formulas = textLines.map { StepFrame2D.wrapFormula($0, width: textWidth, c).count }.reduce(0, +)
            return (sum, Double(sum.count + (sumNote.isEmpty ? 0 : 1) + formulas) * line + 4)
        }
        // Under every panel, or (when the input is tall) beside it, under the kernel and the rest.
        let inputHeight = input.size(c).height
        let rightHeight = [kernel, products, output].map { $0.size(c).height }.max() ?? 0
        let under = block(width - 2 * Style.margin)
        let sideX = xs[1]
        let side = block(width - sideX - Style.margin)
        let underBottom = top + max(inputHeight, rightHeight) + 22 + under.height
        let sideBottom = max(top + inputHeight, top + rightHeight + 22 + side.height)
        let beside = sideBottom + 12 < underBottom
        let textTop = beside ? top + rightHeight + 22 : top + max(inputHeight, rightHeight) + 22
        let legendTop = (beside ? sideBottom : underBottom) + 22
        let height = legendTop + 18
        return Layout(cell: cell, input: input, kernel: kernel, products: products, output: output,
                      positions: positions, panelsBottom: top + max(inputHeight, rightHeight), textTop: textTop,
                      textX: beside ? sideX : Style.margin, legendTop: legendTop, sumLines: beside ? side.sum : under.sum,
                      width: width.rounded(.up), height: height.rounded(.up))
    }

    /// The formula lines (general, parameters, this step's instance), as printed.
    public var formulaText: StepText { Formulas.stepLines(plan, step) }

    /// A formula line that does not fit is broken where its parts meet (",  ", "; "), and only
    /// then between words, so that an expression is not cut in the middle.
    static func wrapFormula(_ text: String, width: Double, _ c: Canvas) -> [String] {
        if c.textWidth(text, size: Style.bodySize) <= width { return [text] }
        var lines: [String] = []
        for separator in [",  ", ";  ", "; "] where text.contains(separator) {
            var line = ""
            let mark = separator.trimmingCharacters(in: .whitespaces)
            for part in text.components(separatedBy: separator).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let candidate = line.isEmpty ? part : line + mark + " " + part
                if line.isEmpty || c.textWidth(candidate, size: Style.bodySize) <= width {
                    line = candidate
                } else {
                    lines.append(line + mark)
                    line = part
                }
            }
            lines.append(line)
            if lines.allSatisfy({ c.textWidth($0, size: Style.bodySize) <= width }) { return lines }
            lines = []
        }
        return c.wrap(text, width: width, size: Style.bodySize)
    }

    /// Terms of a kernel this large or larger that are 0 are left out of the written sum.
    static let dropZeroTermsFrom = 16

    private var dropsZeros: Bool { step.taps.count >= StepFrame2D.dropZeroTermsFrom }

    /// The written sum, as printed (before wrapping), taps in window order: `y(0,0) = 200·1 + 150·0 + … = 65`.
    /// Weights that share a denominator are written as integers over it:
    /// `y(1,1) = ((−200)·1 + 33·4 + … + 255·4) / 256 = 9.14453125`. For kernels of 16 or more
    /// taps, terms that are 0 (padding, or a 0 in x or k) are left out, and ``sumNote`` says so.
    public var sumText: String {
        let q = KernelText(plan.kernelAsUsed).denominator
        let shown = step.taps.filter { !(dropsZeros && $0.product == 0) }
        var terms = shown.map { t in
            "\(NumberFormat.factor(t.value))·\(NumberFormat.factor(q == 1 ? t.weight : t.weight * Double(q)))"
        }
        if terms.isEmpty { terms = ["0"] }
        var body = terms.joined(separator: " + ")
        if q != 1 { body = "(" + body + ") / \(q)" }
        if step.bias != 0 { body += " + \(NumberFormat.factor(step.bias))" }
        return "y\(step.output) = \(body) = \(NumberFormat.string(step.result, unicodeMinus: true))"
    }

    /// Says which terms the written sum leaves out ("" when none).
    public var sumNote: String {
        let dropped = step.taps.filter { dropsZeros && $0.product == 0 }.count
        guard dropped > 0 else { return "" }
        return "(the \(dropped) terms that are 0 — padding, or a 0 in x or in k — are left out)"
    }

    /// The formula lines, then the size rule, as drawn under the arithmetic.
    var textLines: [String] {
        let sizes = Formulas.sizeArithmetic(plan)
        let f = formulaText
        return [f.general, f.parameters, f.instance].filter { !$0.isEmpty }
            + [sizes[0] + ";  " + Formulas.geometryNote(plan), sizes[1]]
    }

    private var formulaLineCount: Int { textLines.count - 2 }

    var legendItems: [(Color, Color, String)] {
        [(Palette.input, Palette.inputStroke, "input"), (Palette.window, Palette.highlight, "under the window"),
         (Palette.padding, Palette.paddingText, "padding"), (Palette.kernel, Palette.kernelStroke, "kernel"),
         (Palette.output, Palette.outputStroke, "output"), (Palette.highlightFill, Palette.highlight, "this step"),
         (Palette.highlight, Palette.highlight, "dot: the cell k(0,0) multiplies")]
    }

    /// Where the input, kernel, products and output grids are drawn on a page `pageWidth` wide.
    public func panelOrigins(measuring c: Canvas, pageWidth: Double = 0) -> [Point] {
        layout(c, pageWidth: pageWidth).positions
    }

    /// Where output cell `o` is drawn, in points (for checks on rendered images).
    public func outputCellRect(_ o: GridIndex, measuring c: Canvas, pageWidth: Double = 0) -> Rect {
        let l = layout(c, pageWidth: pageWidth)
        return l.output.cellRect(o.row, o.col, origin: l.positions[3])
    }

    public func size(measuring c: Canvas) -> Size {
        let l = layout(c)
        return Size(l.width, l.height)
    }

    // MARK: - Drawing

    public func draw(on c: Canvas, width: Double) {
        let l = layout(c, pageWidth: width)
        let subtitle = "\(Formulas.operationName(plan.operation)) · step \(step.index + 1) of \(step.count)"
        _ = c.drawHeader(header, subtitle: subtitle, width: l.width)
        l.input.draw(c, at: l.positions[0])
        l.kernel.draw(c, at: l.positions[1])
        l.products.draw(c, at: l.positions[2])
        l.output.draw(c, at: l.positions[3])

        // The window: the dilated span outlined in red.
        let pad = padding
        let o = step.windowOrigin
        let g = plan.geometry
        let first = l.input.cellRect(o.row + pad.top, o.col + pad.left, origin: l.positions[0])
        let spanR = g.dilation.y * (plan.kernel.rows - 1) + 1, spanC = g.dilation.x * (plan.kernel.cols - 1) + 1
        let window = Rect(x: first.minX, y: first.minY, width: Double(spanC) * l.cell, height: Double(spanR) * l.cell)
        c.stroke(window, Palette.highlight, width: 2.5)
        // The cell that k(0,0) multiplies: the kernel centre (centered), the window's top-left
        // (corner correlation) or its bottom-right (corner convolution).
        let anchorCell = l.input.cellRect(step.anchor.row + pad.top, step.anchor.col + pad.left, origin: l.positions[0])
        c.circle(center: Point(anchorCell.maxX - 6, anchorCell.minY + 6), radius: 3.2, fill: Palette.highlight)
        // The current output cell.
        let outRect = l.output.cellRect(step.output.row, step.output.col, origin: l.positions[3])
        c.stroke(outRect, Palette.highlight, width: 2.5)

        // Operators between the panels.
        let symbols = [plan.operation.symbol, "→", "Σ"]
        let gridMid = l.kernel.gridRect(origin: l.positions[1]).center.y
        for (i, s) in symbols.enumerated() {
            let gx = l.positions[i + 1].x - (i == 0 ? StepFrame2D.operatorGap : Style.panelGap) / 2
            if i == 0 {
                // ⋆ and ∗ are the only mark that tells the two apart: large, and named.
                c.text(s, at: Point(gx, gridMid + 14), size: 44, color: Palette.text, align: .center)
                // Nudged right, into the kernel's row-label band, clear of the input's edge.
                c.text(plan.operation == .convolution ? "convolution" : "correlation", at: Point(gx + 6, gridMid + 34),
                       size: Style.smallSize, color: Palette.text, align: .center)
            } else {
                c.text(s, at: Point(gx, gridMid + 8), size: 22, color: Palette.muted, align: .center)
            }
        }

        // The arithmetic, the formula and the size rule.
        let textWidth = l.width - l.textX - Style.margin
        var y = l.textTop + 4
        for (i, line) in l.sumLines.enumerated() {
            c.text(line, at: Point(l.textX + (i == 0 ? 0 : 24), y), size: Style.bodySize + 1, color: Palette.text,
                   weight: i == l.sumLines.count - 1 ? .bold : .regular)
            y += Style.lineHeight + 2
        }
        if !sumNote.isEmpty {
            c.text(sumNote, at: Point(l.textX, y), size: Style.labelSize, color: Palette.muted)
            y += Style.lineHeight + 2
        }
        y += 4
        for (i, text) in textLines.enumerated() {
            let formula = i < formulaLineCount
            for line in StepFrame2D.wrapFormula(text, width: textWidth, c) {
                c.text(line, at: Point(l.textX, y), size: formula ? Style.bodySize : Style.labelSize,
                       color: formula ? Palette.formula : Palette.muted)
                y += Style.lineHeight + 2
            }
        }
        c.drawLegend(legendItems, at: Point(Style.margin, l.legendTop))
    }
}

func pad3(_ n: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, 3 - s.count)) + s
}
