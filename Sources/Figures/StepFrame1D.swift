import ConvCore
import Drawing

/// One step of a 1D convolution or correlation: the signal as a strip, the kernel as used sliding
/// beneath it, the products, the output filling in, and the lecture's expansion of this output
/// (`y₂ = h₂·x₀ + h₁·x₁ + h₀·x₂ = …`).
public struct StepFrame1D: Figure {
    public let plan: Convolution2D
    public let step: Step
    public let header: FrameHeader

    public init(plan: Convolution2D, index: Int, header: FrameHeader) throws(ConvolutionError) {
        self.plan = plan
        self.step = try plan.step(index)
        self.header = header
    }

    public var title: String { "Step \(step.index + 1) of \(step.count): y[\(lectureIndex(step.output.col))] = \(NumberFormat.compact(step.result))" }
    public var slug: String { "step-\(pad3(step.index + 1))" }

    public var altText: String { "\(title). " + expansion.prefix(2).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }

    private var pad: Padding { plan.padding }
    private var paddedCount: Int { plan.input.cols + pad.left + pad.right }

    private func cell(_ c: Canvas) -> Double {
        let strings = plan.paddedInput().values.map(cellText) + plan.kernelAsUsed.values.map(cellText)
            + step.taps.map { cellText($0.product) } + plan.output.values.map(cellText)
        return MatrixView.cellSize(for: strings, c, minimum: 34)
    }

    private var formula: ConvolutionFormula { ConvolutionFormula(plan, oneD: true) }

    /// The lecture's index `k` of output `i`: the index of the `x` that `h[0]` multiplies.
    private func lectureIndex(_ i: Int) -> Int { formula.lectureIndex(ofOutput: i) ?? i }

    /// The written sum, symbolic then with numbers: `y₂ = h₂·x₀ + h₁·x₁ + h₀·x₂`,
    /// `= 3·1 + 2·2 + 1·3 = 10`. Taps are in window order (x ascending), labelled as in the
    /// general formula; taps over zero padding are left out, as the lecture does.
    public var expansion: [String] {
        let y = "y\(subscripted(lectureIndex(step.output.col)))"
        let zeroPad = plan.geometry.boundary == .zero
        let shown = step.taps.filter { !(zeroPad && $0.isPadding) }
        let symbolic = shown.map { "h\(subscripted($0.label.col))·x\(subscripted($0.input.col))" }
        let numeric = shown.map { "\(NumberFormat.factor($0.weight))·\(NumberFormat.factor($0.value))" }
        let biasTerm = step.bias != 0 ? " + \(NumberFormat.factor(step.bias))" : ""
        var lines = ["\(y) = " + (symbolic.isEmpty ? "0" : symbolic.joined(separator: " + ")) + (step.bias != 0 ? " + bias" : ""),
                     "    = " + (numeric.isEmpty ? "0" : numeric.joined(separator: " + ")) + biasTerm
                        + " = \(NumberFormat.string(step.result, unicodeMinus: true))"]
        if zeroPad && shown.count < step.taps.count {
            lines.append("(taps over zero padding add 0 and are left out, as in the lecture)")
        }
        return lines
    }

    /// The formula lines: general (with the tap range), how outputs are numbered, the parameters,
    /// and this step's instance. Tests parse and evaluate exactly these strings.
    public var formulaText: [String] {
        let f = formula
        let last = plan.output.cols - 1
        var lines = [f.general + ",  " + f.tapRanges,
                     "output i = 0…\(last) is y[k] with \(f.lectureNumbering): k is the index of the x that h[0] multiplies"]
        if !f.parameterValues.isEmpty { lines.append("where " + f.parameterValues) }
        lines.append("this step: " + f.instance(output: step.output))
        return lines
    }

    private var rowTops: (x: Double, k: Double, p: Double, y: Double) { (0, 78, 142, 206) }

    public func size(measuring c: Canvas) -> Size {
        let cl = cell(c)
        let stripW = Double(paddedCount) * cl + 130
        let outW = Double(plan.output.cols) * cl + 130
        let texts = (expansion + ["", ""]).prefix(3) + formulaText + Formulas.sizeArithmetic(plan, oneD: true)
        let textW = texts.map { c.textWidth($0, size: Style.bodySize + 1) }.max() ?? 0
        let w = max(stripW, outW, textW) + 2 * Style.margin
        let h = c.headerHeight(header, width: max(w, 720)) + rowTops.y + cl + 40 + Double(texts.count + 2) * (Style.lineHeight + 2)
        return Size(max(w, 720).rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let natural = size(measuring: c)
        let sz = Size(max(width, natural.width), natural.height)
        let subtitle = "\(Formulas.operationName(plan.operation, oneD: true)) · step \(step.index + 1) of \(step.count)"
        let top = c.drawHeader(header, subtitle: subtitle, width: sz.width) + 16
        let cl = cell(c)
        let left = Style.margin + 120
        let padded = plan.paddedInput()
        func colRect(_ i: Int, _ rowTop: Double) -> Rect {
            Rect(x: left + Double(i) * cl, y: top + rowTop, width: cl, height: cl)
        }
        func rowLabel(_ s: String, _ rowTop: Double, _ color: Color) {
            c.text(s, at: Point(Style.margin, top + rowTop + cl / 2 + 4), size: Style.labelSize + 1, color: color, weight: .bold)
        }
        // The signal.
        rowLabel("input x", rowTops.x, Palette.inputStroke)
        let tapped = Set(step.taps.map { $0.input.col + pad.left })
        for i in 0..<paddedCount {
            let r = colRect(i, rowTops.x)
            let isPad = !plan.input.contains(0, i - pad.left)
            let fill = tapped.contains(i) ? (isPad ? Palette.window.mixed(with: Palette.padding, 0.5) : Palette.window) : (isPad ? Palette.padding : Palette.input)
            c.fill(r, fill)
            c.stroke(r, Palette.grid, width: 0.75)
            c.text(cellText(padded[0, i]), centeredIn: r.insetBy(2.5), size: Style.valueSize, color: isPad ? Palette.paddingText : Palette.text)
            c.text("x\(subscripted(i - pad.left))", at: Point(r.center.x, r.minY - 5), size: Style.labelSize, color: Palette.muted, align: .center)
        }
        // The window outline over the dilated span.
        if let first = step.taps.first, let last = step.taps.last {
            let a = colRect(first.input.col + pad.left, rowTops.x), b = colRect(last.input.col + pad.left, rowTops.x)
            c.stroke(Rect(x: a.minX, y: a.minY, width: b.maxX - a.minX, height: cl), Palette.highlight, width: 2.5)
        }
        // The kernel as used, under the window, and the products under it.
        rowLabel(plan.operation == .convolution ? "h, reversed" : "h, as written", rowTops.k, Palette.kernelStroke)
        rowLabel("products", rowTops.p, Palette.text)
        for t in step.taps {
            let i = t.input.col + pad.left
            let kr = colRect(i, rowTops.k)
            c.fill(kr, Palette.kernel)
            c.stroke(kr, Palette.kernelStroke, width: 1)
            c.text(cellText(t.weight), centeredIn: kr.insetBy(2.5), size: Style.valueSize)
            c.text("h\(subscripted(t.label.col))", at: Point(kr.center.x, kr.maxY + 11), size: Style.labelSize, color: Palette.kernelStroke, align: .center)
            c.line([Point(kr.center.x, top + rowTops.x + cl + 2), Point(kr.center.x, kr.minY - 2)], Palette.kernelStroke, width: 0.8, dash: [2, 2])
            let pr = colRect(i, rowTops.p)
            c.fill(pr, t.isPadding ? Palette.padding : Palette.kernel.mixed(with: .white, 0.5))
            c.stroke(pr, Palette.grid, width: 0.75)
            c.text(cellText(t.product), centeredIn: pr.insetBy(2.5), size: Style.valueSize)
        }
        // The output, filling in: y[k] under the x that h[0] multiplies.
        rowLabel("output y", rowTops.y, Palette.outputStroke)
        for j in 0..<plan.output.cols {
            let k = lectureIndex(j)
            let r = colRect(k + pad.left, rowTops.y)
            let fill = j == step.index ? Palette.highlightFill : (j < step.index ? Palette.output : Palette.pending)
            c.fill(r, fill)
            c.stroke(r, Palette.grid, width: 0.75)
            if j <= step.index {
                c.text(cellText(plan.output[0, j]), centeredIn: r.insetBy(2.5), size: Style.valueSize)
            }
            c.text("y\(subscripted(k))", at: Point(r.center.x, r.maxY + 12), size: Style.labelSize, color: Palette.muted, align: .center)
            if j == step.index { c.stroke(r, Palette.highlight, width: 2.5) }
        }
        var y = top + rowTops.y + cl + 40
        // Three lines always (the third says when padding taps are left out), so the formulas
        // below stay in place from step to step.
        for (i, line) in (expansion + ["", ""]).prefix(3).enumerated() {
            c.text(line, at: Point(Style.margin, y), size: i == 2 ? Style.labelSize : Style.bodySize + 1,
                   color: i == 1 ? Palette.text : (i == 2 ? Palette.muted : Palette.formula), weight: i == 1 ? .bold : .regular)
            y += Style.lineHeight + 2
        }
        y += 4
        for line in formulaText {
            c.text(line, at: Point(Style.margin, y), size: Style.bodySize, color: Palette.formula)
            y += Style.lineHeight + 2
        }
        for line in Formulas.sizeArithmetic(plan, oneD: true) {
            c.text(line, at: Point(Style.margin, y), size: Style.labelSize, color: Palette.muted)
            y += Style.lineHeight
        }
        c.text(Formulas.geometryNote(plan, oneD: true), at: Point(Style.margin, y), size: Style.labelSize, color: Palette.muted)
    }
}
