import ConvCore
import Drawing

/// One input cell's gradient, term by term: `∂L/∂y` with every output cell this input cell fed
/// marked and the weight that connected them written on it — read across, they are the kernel
/// *flipped* — the kernel with those taps marked, and `∂L/∂x` filling in.
public struct InputGradientFrame: Figure {
    public let plan: Convolution2D
    public let outputGradient: Grid
    public let step: InputGradientStep
    /// The cells drawn so far (this one last): their gradients are shown.
    public let done: [GridIndex]
    public let index: Int, count: Int
    public let header: FrameHeader

    public init(plan: Convolution2D, outputGradient: Grid, cells: [GridIndex], index: Int, header: FrameHeader) throws(ConvolutionError) {
        guard index >= 0 && index < cells.count else { throw .stepOutOfRange(step: index, count: cells.count) }
        self.plan = plan
        self.outputGradient = outputGradient
        self.step = try plan.inputGradientStep(at: cells[index], outputGradient: outputGradient)
        self.done = Array(cells[...index])
        self.index = index
        self.count = cells.count
        self.header = header
    }

    public var title: String { "∂L/∂x(\(step.input.row),\(step.input.col)) = \(NumberFormat.compact(step.sum))" }
    public var slug: String { "input-gradient-\(pad3(index + 1))" }
    public var altText: String { "\(title). \(textLines.joined(separator: " "))" }

    /// The lines under the grids, as printed.
    public var textLines: [String] {
        let forward = plan.operation == .correlation ? "y(i,j) = Σ_a Σ_b x(s·i − p + d·a, s·j − p + d·b)·k(a,b)" : "y = x ∗ k"
        return ["Forward: \(forward). Each window that read x(\(step.input.row),\(step.input.col)) sends back ∂L/∂y(i,j) times the weight that read it:",
                step.symbolicText, step.arithmeticText] + (flipLine.map { [$0] } ?? [])
    }

    /// When the weights written on the outputs form a block, that block next to the taps it came
    /// from: `[5 4; 2 1]` on ∂L/∂y is `[1 2; 4 5]` of k rotated by 180°.
    public var flipLine: String? {
        let terms = step.terms.filter { $0.read == step.input }
        guard terms.count > 1, terms.count == step.terms.count else { return nil }
        let rows = Set(terms.map(\.output.row)).sorted(), cols = Set(terms.map(\.output.col)).sorted()
        guard rows.count * cols.count == terms.count else { return nil }
        var onOutputs = Grid(rows: rows.count, cols: cols.count)
        var taps = [[GridIndex]](repeating: [GridIndex](repeating: GridIndex(0, 0), count: cols.count), count: rows.count)
        for t in terms {
            guard let r = rows.firstIndex(of: t.output.row), let c = cols.firstIndex(of: t.output.col) else { return nil }
            onOutputs[r, c] = t.weight
            taps[r][c] = t.kernelIndex
        }
        // The taps' own block of k, in k's order.
        let kr = Set(terms.map(\.kernelIndex.row)).sorted(), kc = Set(terms.map(\.kernelIndex.col)).sorted()
        guard kr.count == rows.count, kc.count == cols.count, let r0 = kr.first, let c0 = kc.first else { return nil }
        var block = Grid(rows: kr.count, cols: kc.count)
        for r in 0..<kr.count { for c in 0..<kc.count { block[r, c] = plan.kernel[kr[r], kc[c]] } }
        let written = onOutputs.nestedRows.map { $0.map { NumberFormat.factor($0) }.joined(separator: " ") }.joined(separator: "; ")
        let original = block.nestedRows.map { $0.map { NumberFormat.factor($0) }.joined(separator: " ") }.joined(separator: "; ")
        let flipped = block.rotated180() == onOutputs && plan.operation == .correlation
        _ = (r0, c0, taps)
        return flipped
            ? "On ∂L/∂y the weights read [\(written)]: the taps [\(original)] of k rotated by 180° — the gradient convolves."
            : "On ∂L/∂y the weights read [\(written)]; in k they are [\(original)]."
    }

    private func views(_ c: Canvas) -> [MatrixView] {
        let g = outputGradient, k = plan.kernel
        let fed = Dictionary(step.terms.map { ($0.output.row * g.cols + $0.output.col, $0) }, uniquingKeysWith: { a, _ in a })
        // With a copying boundary a window may read the cell more than once (the cell and its copies).
        let reads = Dictionary(step.terms.map { ($0.output.row * g.cols + $0.output.col, 1) }, uniquingKeysWith: +)
        // Every tap's label, so the grids keep their size from one cell to the next.
        let subtexts = (0..<k.values.count).map { "k(\($0 / k.cols),\($0 % k.cols))=\(NumberFormat.compact(plan.kernelAsUsed.values[$0]))" } + ["9 taps"]
        let cell = max(MatrixView.cellSize(for: (g.values + k.values).map(cellText), c, minimum: 36),
                       MatrixView.cellSize(for: subtexts, c, minimum: 36, size: Style.smallSize))
        var gv = MatrixView(rows: g.rows, cols: g.cols, cell: cell, caption: "∂L/∂y (\(g.rows)×\(g.cols)), from the layer above",
                            captionColor: Palette.outputStroke, note: "marked: the outputs x(\(step.input.row),\(step.input.col)) fed; small: the weight")
        gv.colLabels = (0..<g.cols).map(String.init)
        gv.rowLabels = (0..<g.rows).map(String.init)
        gv.text = { r, col in cellText(g[r, col]) }
        gv.subtext = { r, col in
            let i = r * g.cols + col
            if let n = reads[i], n > 1 { return "\(n) taps" }
            return fed[i].map { "k(\($0.kernelIndex.row),\($0.kernelIndex.col))=\(NumberFormat.compact($0.weight))" }
        }
        gv.subtextColor = Palette.kernelText
        gv.fill = { r, col in fed[r * g.cols + col] != nil ? Palette.window : Palette.output }
        let used = Set(step.terms.map { $0.kernelIndex.row * k.cols + $0.kernelIndex.col })
        var kv = MatrixView(rows: k.rows, cols: k.cols, cell: cell, caption: "kernel k (as written)", captionColor: Palette.kernelStroke,
                            note: "marked: the taps that read it")
        kv.colLabels = (0..<k.cols).map(String.init)
        kv.rowLabels = (0..<k.rows).map(String.init)
        kv.text = { r, col in cellText(k[r, col]) }
        let usedFill = Palette.kernel.mixed(with: Palette.kernelStroke, 0.65)
        kv.fill = { r, col in used.contains(r * k.cols + col) ? usedFill : Palette.kernel }
        kv.textColor = { r, col in used.contains(r * k.cols + col) ? usedFill.readableText : Palette.text }
        let x = plan.input
        let grads = (try? plan.gradients(outputGradient: outputGradient))?.input ?? Grid(rows: x.rows, cols: x.cols)
        let shown = Set(done.map { $0.row * x.cols + $0.col })
        let gxCell = MatrixView.cellSize(for: grads.values.map(cellText), c, minimum: 36)
        var xv = MatrixView(rows: x.rows, cols: x.cols, cell: gxCell, caption: "∂L/∂x (\(x.rows)×\(x.cols)), one per input cell",
                            captionColor: Palette.inputStroke, note: "cell \(index + 1) of \(count)")
        xv.colLabels = (0..<x.cols).map(String.init)
        xv.rowLabels = (0..<x.rows).map(String.init)
        let current = step.input.row * x.cols + step.input.col
        xv.text = { r, col in shown.contains(r * x.cols + col) ? cellText(grads[r, col]) : nil }
        xv.fill = { r, col in
            let i = r * x.cols + col
            return i == current ? Palette.highlightFill : (shown.contains(i) ? Palette.input : Palette.pending)
        }
        return [gv, kv, xv]
    }

    public func size(measuring c: Canvas) -> Size {
        let v = views(c)
        let panels = v.map { $0.size(c).width }.reduce(0, +) + 2 * 50
        let text = textLines.map { c.textWidth($0, size: Style.bodySize + 1) }.max() ?? 0
        // Long sums (a copying boundary reads a cell many times) wrap rather than widen the page.
        let w = max(panels, min(text, 1000), 720) + 2 * Style.margin
        let lines = textLines.flatMap { StepFrame2D.wrapFormula($0, width: w - 2 * Style.margin, c) }.count
        let h = c.headerHeight(header, width: w) + (v.map { $0.size(c).height }.max() ?? 0) + 40 + Double(lines) * 20 + 50
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let top = c.drawHeader(header, subtitle: "Backward pass, cell \(index + 1) of \(count): the gradient reaching x(\(step.input.row),\(step.input.col))", width: w)
        let v = views(c)
        var x = Style.margin
        for view in v {
            view.draw(c, at: Point(x, top))
            x += view.size(c).width + 50
        }
        let ty = c.drawLines(textLines, at: Style.margin, y: top + (v.map { $0.size(c).height }.max() ?? 0) + 34,
                             width: w - 2 * Style.margin) { $0 == 0 || $0 == 3 ? Palette.formula : Palette.text }
        c.drawLegend([(Palette.window, Palette.grid, "outputs this cell fed"), (Palette.kernel.mixed(with: Palette.kernelStroke, 0.65), Palette.grid, "taps that read it"),
                      (Palette.highlightFill, Palette.grid, "this input cell"), (Palette.input, Palette.grid, "done")], at: Point(Style.margin, ty + 10))
    }
}

/// `∂L/∂x` at once, as a forward pass: `∂L/∂y` with `s − 1` zeros between neighbours, padded by
/// `d(k − 1)`, *convolved* with the kernel (flipped) — where the forward pass correlated.
public struct GradientAsConvolutionFrame: Figure {
    public let plan: Convolution2D
    public let outputGradient: Grid
    public let view: InputGradientAsConvolution
    public let header: FrameHeader

    public init(plan: Convolution2D, outputGradient: Grid, header: FrameHeader) throws(ConvolutionError) {
        self.plan = plan
        self.outputGradient = outputGradient
        self.view = try plan.inputGradientAsConvolution(outputGradient: outputGradient)
        self.header = header
    }

    public var title: String { "∂L/∂x as a full \(view.plan.operation == .convolution ? "convolution" : "correlation")" }
    public var slug: String { "input-gradient-as-convolution" }
    public var altText: String { "\(title). \(textLines.joined(separator: " "))" }

    public var textLines: [String] {
        let s = plan.geometry.stride, d = plan.geometry.dilation
        let p = view.plan.padding
        let op = view.plan.operation == .convolution ? "convolved with k (∗, flipped)" : "correlated with k (⋆: the forward convolution's flip undone)"
        let direct = (try? plan.gradients(outputGradient: outputGradient))?.input
        let same = direct == view.inputGradient
        let fp = view.forwardPadding
        let drop = fp.isZero ? "" : "; the cells over the forward padding are then dropped\(plan.geometry.boundary == .zero ? "" : " or folded onto the cells they copy") (a border of d·(k − 1) − p, as a transposed convolution has)"
        let sides = p.top == p.left ? "\(p.top) on each side" : "\(p.top) (rows), \(p.left) (columns)"
        let bias = (try? plan.gradients(outputGradient: outputGradient))?.bias ?? 0
        return [
            "Backward: ∂L/∂y with s − 1 = \(s.y - 1)\(s.x == s.y ? "" : ",\(s.x - 1)") zeros between neighbours, padded by d·(k − 1) = \(sides), \(op), stride 1\(d.y > 1 || d.x > 1 ? ", dilation \(d)" : "")\(drop). And ∂L/∂b = Σ ∂L/∂y = \(NumberFormat.string(bias, unicodeMinus: true)).",
            "∂L/∂x = [\(view.inputGradient.nestedRows.map { $0.map { NumberFormat.factor($0) }.joined(separator: " ") }.joined(separator: "; "))]"
                + (same ? "  — the same numbers as term by term" : "  — DIFFERENT from term by term"),
        ]
    }

    private func views(_ c: Canvas) -> [MatrixView] {
        let spread = view.plan.paddedInput(), k = plan.kernel, full = view.plan.output
        let pad = view.plan.padding, s = plan.geometry.stride
        let zi = view.zeroInsertedGradient
        let cell = MatrixView.cellSize(for: (spread.values + k.values + full.values).map(cellText), c, minimum: 30)
        var gv = MatrixView(rows: spread.rows, cols: spread.cols, cell: cell, caption: "backward: ∂L/∂y spread and padded",
                            captionColor: Palette.outputStroke, note: "grey: inserted zeros; white: padding")
        gv.text = { r, col in cellText(spread[r, col]) }
        gv.fill = { r, col in
            let rr = r - pad.top, cc = col - pad.left
            guard rr >= 0 && cc >= 0 && rr < zi.rows && cc < zi.cols else { return .white }   // the border
            return rr % s.y == 0 && cc % s.x == 0 ? Palette.output : Palette.padding            // a gradient, or an inserted zero
        }
        gv.textColor = { r, col in gv.fill(r, col) == Palette.output ? Palette.text : Palette.paddingText }
        var kv = MatrixView(rows: k.rows, cols: k.cols, cell: cell, caption: "k", captionColor: Palette.kernelStroke,
                            note: view.plan.operation == .convolution ? "∗ flips it" : "⋆: not flipped")
        kv.text = { r, col in cellText(k[r, col]) }
        kv.fill = { _, _ in Palette.kernel }
        let fp = view.forwardPadding
        let x = plan.input
        let folds = plan.geometry.boundary != .zero && !fp.isZero
        var fv = MatrixView(rows: full.rows, cols: full.cols, cell: cell,
                            caption: folds ? "full convolution, before folding" : "result: ∂L/∂x", captionColor: Palette.inputStroke,
                            note: fp.isZero ? "one cell per input cell"
                                : (folds ? "white cells are added onto the cells they copy (below)" : "outlined: over the input; white: dropped"))
        fv.text = { r, col in cellText(full[r, col]) }
        fv.fill = { r, col in x.contains(r - fp.top, col - fp.left) ? Palette.input : .white }
        fv.textColor = { r, col in x.contains(r - fp.top, col - fp.left) ? Palette.text : Palette.paddingText }
        return [gv, kv, fv]
    }

    /// The forward pass, small: x ⋆ k = y.
    private func forwardViews(_ c: Canvas) -> [MatrixView] {
        let x = plan.input, k = plan.kernel, y = plan.output
        let cell = max(24, MatrixView.cellSize(for: (x.values + k.values + y.values).map(cellText), c, minimum: 24, size: Style.smallSize))
        let g = plan.geometry
        let settings = [g.stride == Axes(1) ? nil : "stride \(g.stride)", plan.padding.isZero ? nil : "padding \(plan.padding)",
                        g.dilation == Axes(1) ? nil : "dilation \(g.dilation)"].compactMap { $0 }
        var xv = MatrixView(rows: x.rows, cols: x.cols, cell: cell, caption: "forward: x", captionColor: Palette.inputStroke,
                            note: settings.joined(separator: ", "))
        xv.text = { r, col in cellText(x[r, col]) }
        xv.fill = { _, _ in Palette.input }
        xv.valueSize = Style.smallSize
        var kv = MatrixView(rows: k.rows, cols: k.cols, cell: cell, caption: "k", captionColor: Palette.kernelStroke)
        kv.text = { r, col in cellText(k[r, col]) }
        kv.fill = { _, _ in Palette.kernel }
        kv.valueSize = Style.smallSize
        var yv = MatrixView(rows: y.rows, cols: y.cols, cell: cell, caption: "y", captionColor: Palette.outputStroke)
        yv.text = { r, col in cellText(y[r, col]) }
        yv.fill = { _, _ in Palette.output }
        yv.valueSize = Style.smallSize
        return [xv, kv, yv]
    }

    private func forwardHeight(_ c: Canvas) -> Double { (forwardViews(c).map { $0.size(c).height }.max() ?? 0) + 16 }

    public func size(measuring c: Canvas) -> Size {
        let v = views(c)
        let panels = v.map { $0.size(c).width }.reduce(0, +) + 2 * 70
        let text = textLines.map { c.textWidth($0, size: Style.bodySize) }.max() ?? 0
        let w = max(panels, min(text, 1000), 720) + 2 * Style.margin
        let lines = textLines.flatMap { StepFrame2D.wrapFormula($0, width: w - 2 * Style.margin, c) }.count
        let h = c.headerHeight(header, width: w) + forwardHeight(c) + (v.map { $0.size(c).height }.max() ?? 0) + 30 + Double(lines) * 20 + 10
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let fwd = plan.operation == .correlation ? "correlated (⋆)" : "convolved (∗)"
        let headerBottom = c.drawHeader(header, subtitle: "The forward pass \(fwd); the backward pass \(view.plan.operation == .convolution ? "convolves (∗): the flip comes back" : "correlates (⋆)")", width: w)
        // The forward pass, small, above.
        c.drawEquation(forwardViews(c), operators: [plan.operation.symbol, "="], at: Point(Style.margin, headerBottom), gap: 40, symbolSize: 20)
        let top = headerBottom + forwardHeight(c)
        let v = views(c)
        c.drawEquation(v, operators: [self.view.plan.operation.symbol, "="], at: Point(Style.margin, top), gap: 70)
        // Outline the cells over the input in the result.
        let fp = self.view.forwardPadding
        if !fp.isZero {
            let origin = Point(Style.margin + v[0].size(c).width + 70 + v[1].size(c).width + 70, top)
            let a = v[2].cellRect(fp.top, fp.left, origin: origin)
            let b = v[2].cellRect(fp.top + plan.input.rows - 1, fp.left + plan.input.cols - 1, origin: origin)
            c.stroke(Rect(x: a.minX, y: a.minY, width: b.maxX - a.minX, height: b.maxY - a.minY), Palette.inputStroke, width: 2.5)
        }
        c.drawLines(textLines, at: Style.margin, y: top + (v.map { $0.size(c).height }.max() ?? 0) + 30,
                    width: w - 2 * Style.margin) { $0 == 1 ? Palette.text : Palette.formula }
    }
}

/// One weight's gradient: `∂L/∂k(a,b) = Σ_i Σ_j x(s·i − p + d·a, s·j − p + d·b)·∂L/∂y(i,j)`, the
/// cross-correlation of the input with `∂L/∂y` — every window position's input cell under tap
/// `(a,b)`, times that position's output gradient.
public struct WeightGradientFrame: Figure {
    public let plan: Convolution2D
    public let outputGradient: Grid
    public let correlation: KernelGradientAsCorrelation
    public let step: Step
    /// The weight `(a, b)` of the kernel as written whose gradient this frame computes.
    public let tap: GridIndex
    public let header: FrameHeader

    /// Frame `index` computes weight `index` of the kernel as written (row-major). For a forward
    /// convolution the correlation's cell is the flipped one: the kernel was used rotated.
    public init(plan: Convolution2D, outputGradient: Grid, index: Int, header: FrameHeader) throws(ConvolutionError) {
        self.plan = plan
        self.outputGradient = outputGradient
        self.correlation = try plan.kernelGradientAsCorrelation(outputGradient: outputGradient)
        let k = plan.kernel
        guard index >= 0 && index < k.values.count else { throw .stepOutOfRange(step: index, count: k.values.count) }
        let written = GridIndex(index / k.cols, index % k.cols)
        // Output (a, b) of the correlation is the weight as used at (a, b).
        let used = plan.operation == .convolution ? GridIndex(k.rows - 1 - written.row, k.cols - 1 - written.col) : written
        self.step = try correlation.plan.step(used.row * correlation.plan.output.cols + used.col)
        self.tap = written
        self.header = header
    }
    public var title: String { "∂L/∂k(\(tap.row),\(tap.col)) = \(NumberFormat.compact(step.result))" }
    public var slug: String { "weight-gradient-\(pad3(tap.row * plan.kernel.cols + tap.col + 1))" }
    public var altText: String { "\(title). \(sumText)" }

    /// `∂L/∂k(0,1) = 150·1 + 50·1 + … = 265`: each input cell under the tap times its `∂L/∂y`.
    public var sumText: String {
        "∂L/∂k(\(tap.row),\(tap.col)) = " + step.taps.map { "\(NumberFormat.factor($0.value))·\(NumberFormat.factor($0.weight))" }.joined(separator: " + ")
            + " = \(NumberFormat.string(step.result, unicodeMinus: true))"
    }

    private func views(_ c: Canvas) -> [MatrixView] {
        let x = plan.input, g = outputGradient, k = plan.kernel
        let pad = plan.padding
        let padded = plan.paddedInput()
        var under: [Int: Double] = [:]
        for t in step.taps { under[(t.input.row + pad.top) * padded.cols + t.input.col + pad.left] = t.weight }
        let cell = MatrixView.cellSize(for: (padded.values + g.values).map(cellText), c, minimum: 36)
        var xv = MatrixView(rows: padded.rows, cols: padded.cols, cell: cell, caption: "input x", captionColor: Palette.inputStroke,
                            note: "marked: what tap (\(tap.row),\(tap.col)) read at each step; small: that step's ∂L/∂y")
        xv.colLabels = (0..<padded.cols).map { signed($0 - pad.left) }
        xv.rowLabels = (0..<padded.rows).map { signed($0 - pad.top) }
        xv.text = { r, col in cellText(padded[r, col]) }
        xv.subtext = { r, col in under[r * padded.cols + col].map { NumberFormat.factor($0) } }
        xv.subtextColor = Palette.outputStroke.mixed(with: .black, 0.4)
        xv.fill = { r, col in
            let isPad = !x.contains(r - pad.top, col - pad.left)
            if under[r * padded.cols + col] != nil { return Palette.window }
            return isPad ? Palette.padding : Palette.input
        }
        var gv = MatrixView(rows: g.rows, cols: g.cols, cell: cell, caption: "∂L/∂y", captionColor: Palette.outputStroke,
                            note: "the \"kernel\" of this correlation")
        gv.text = { r, col in cellText(g[r, col]) }
        gv.fill = { _, _ in Palette.output }
        let result = correlation.kernelGradient
        let current = tap.row * k.cols + tap.col
        let kc = MatrixView.cellSize(for: result.values.map(cellText), c, minimum: 36)
        var kv = MatrixView(rows: k.rows, cols: k.cols, cell: kc, caption: "∂L/∂k (\(k.rows)×\(k.cols))", captionColor: Palette.kernelStroke,
                            note: "weight \(current + 1) of \(k.values.count)")
        kv.colLabels = (0..<k.cols).map(String.init)
        kv.rowLabels = (0..<k.rows).map(String.init)
        kv.text = { r, col in r * k.cols + col <= current ? cellText(result[r, col]) : nil }
        kv.fill = { r, col in
            let i = r * k.cols + col
            return i == current ? Palette.highlightFill : (i < current ? Palette.kernel : Palette.pending)
        }
        return [xv, gv, kv]
    }

    public func size(measuring c: Canvas) -> Size {
        let v = views(c)
        let panels = v.map { $0.size(c).width }.reduce(0, +) + 2 * 60
        let w = max(panels, min(c.textWidth(sumText, size: Style.bodySize + 1), 1000), 720) + 2 * Style.margin
        let h = c.headerHeight(header, width: w) + (v.map { $0.size(c).height }.max() ?? 0) + 150
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let top = c.drawHeader(header, subtitle: "Weight gradient: ∂L/∂k = x ⋆ ∂L/∂y, one weight at a time", width: w)
        let v = views(c)
        c.drawEquation(v, operators: ["⋆", "="], at: Point(Style.margin, top), gap: 60)
        var ty = top + (v.map { $0.size(c).height }.max() ?? 0) + 30
        c.text("∂L/∂k(a,b) = Σ_i Σ_j x(s·i − p + d·a, s·j − p + d·b)·∂L/∂y(i,j): the input under tap (a,b) at every step, times that step's gradient",
               at: Point(Style.margin, ty), size: Style.bodySize, color: Palette.formula)
        ty += 22
        for l in c.wrapTerms(sumText, width: (w - 2 * Style.margin) * 0.9, size: Style.bodySize + 1) {   // drawn bold
            c.text(l, at: Point(Style.margin, ty), size: Style.bodySize + 1, color: Palette.text, weight: .bold)
            ty += 20
        }
        c.drawLegend([(Palette.window, Palette.grid, "input cells under this weight"), (Palette.highlightFill, Palette.grid, "this weight"),
                      (Palette.kernel, Palette.grid, "done")], at: Point(Style.margin, ty + 10))
    }
}
