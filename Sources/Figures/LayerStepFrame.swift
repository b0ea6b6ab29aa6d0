import ConvCore
import Drawing

/// One output cell of a convolution layer, cs231n-style: every input channel with the window
/// outlined and the weights of the current filter's slice on the cells they multiply, that slice
/// as a grid with the channel's partial sum, the partial sums added and the bias, and the output
/// volume (one map per filter) filling in.
public struct LayerStepFrame: Figure {
    public let input: Volume
    public let layer: ConvLayer
    public let output: Volume
    public let step: LayerStep
    /// Zero-based step number among `count` (filter by filter, each row-major).
    public let index: Int
    public let count: Int
    public let filterNames: [String]
    public let header: FrameHeader

    /// Step `index` of the layer on `input`; throws when there is no such step.
    public init(input: Volume, layer: ConvLayer, output: Volume, index: Int, filterNames: [String], header: FrameHeader) throws(ConvolutionError) {
        self.input = input
        self.layer = layer
        self.output = output
        let pos = try layer.position(ofStep: index, for: input)
        self.step = try layer.step(input, filter: pos.filter, output: pos.output)
        self.index = index
        self.count = try layer.stepCount(for: input)
        self.filterNames = filterNames
        self.header = header
    }

    public var title: String { "Step \(index + 1) of \(count): \(step.outputName) = \(NumberFormat.compact(step.result))" }
    public var slug: String { "step-\(pad3(index + 1))" }
    public var altText: String { "\(title). \(step.totalText)" }

    /// The lines under the panels, as printed: the general formula, its parameters, this step's
    /// instance, each channel's partial sum and the total.
    public var textLines: [String] {
        let general = (try? layer.generalFormula(input)) ?? ""
        let params = (try? layer.parameterValues(input)) ?? ""
        let instance = (try? layer.instance(input, filter: step.filter, output: step.output)) ?? ""
        return [general + (params.isEmpty ? "" : ",  where " + params), instance]
            + step.terms.indices.map(step.partialText) + [step.totalText]
    }

    // MARK: - Layout

    private var padding: Padding {
        layer.geometry.resolvedPadding(kernelRows: layer.kernelRows, kernelCols: layer.kernelCols)
    }

    private func cellSizes(_ c: Canvas) -> (input: Double, kernel: Double, output: Double) {
        let padded = input.channels.flatMap { $0.padded(by: padding, boundary: layer.geometry.boundary).values }
        let weights = layer.weights.flatMap { $0.flatMap(\.values) }
        let inputCell = max(MatrixView.cellSize(for: padded.map(cellText), c, minimum: 30),
                            MatrixView.cellSize(for: weights.map { NumberFormat.factor($0) }, c, minimum: 30, size: Style.smallSize))
        let kernelCell = MatrixView.cellSize(for: weights.map(cellText), c, minimum: 26)
        let outputCell = MatrixView.cellSize(for: output.channels.flatMap(\.values).map(cellText), c, minimum: 30)
        return (inputCell, kernelCell, outputCell)
    }

    private func views(_ c: Canvas) -> (inputs: [MatrixView], kernels: [MatrixView], outputs: [MatrixView]) {
        let cells = cellSizes(c)
        let pad = padding
        var inputs: [MatrixView] = [], kernels: [MatrixView] = []
        for term in step.terms {
            let ch = term.channel
            let x = input[ch]
            let padded = x.padded(by: pad, boundary: layer.geometry.boundary)
            let inRows = padded.rows, inCols = padded.cols
            var under: [Int: Double] = [:]
            for t in term.step.taps { under[(t.input.row + pad.top) * inCols + (t.input.col + pad.left)] = t.weight }
            var v = MatrixView(rows: inRows, cols: inCols, cell: cells.input,
                               caption: input.count == 1 ? "input x (\(x.rows)×\(x.cols))" : "input channel \(ch): x\(LayerNames.sub(ch)) (\(x.rows)×\(x.cols))",
                               captionColor: Palette.inputStroke,
                               note: pad.isZero ? "" : "grey: padding")
            v.colLabels = (0..<inCols).map { signed($0 - pad.left) }
            v.rowLabels = (0..<inRows).map { signed($0 - pad.top) }
            v.text = { r, col in cellText(padded[r, col]) }
            v.fill = { r, col in
                let isPad = !x.contains(r - pad.top, col - pad.left)
                if under[r * inCols + col] != nil { return isPad ? Palette.window.mixed(with: Palette.padding, 0.5) : Palette.window }
                return isPad ? Palette.padding : Palette.input
            }
            v.textColor = { r, col in x.contains(r - pad.top, col - pad.left) ? Palette.text : Palette.paddingText }
            v.subtext = { r, col in under[r * inCols + col].map { NumberFormat.factor($0) } }
            v.subtextColor = Palette.kernelText
            inputs.append(v)

            let w = layer.weights[step.filter][ch - layer.inputChannel(filter: step.filter, slice: 0)]
            var k = MatrixView(rows: w.rows, cols: w.cols, cell: cells.kernel,
                               caption: "w\(LayerNames.sub(step.filter)),\(LayerNames.sub(ch))", captionColor: Palette.kernelStroke,
                               note: "filter \(step.filter), channel \(ch)")
            k.text = { r, col in cellText(w[r, col]) }
            k.fill = { _, _ in Palette.kernel }
            kernels.append(k)
        }
        var outputs: [MatrixView] = []
        let perMap = output.rows * output.cols
        for m in 0..<output.count {
            let y = output[m]
            let name = m < filterNames.count ? filterNames[m] : "filter \(m)"
            var v = MatrixView(rows: y.rows, cols: y.cols, cell: cells.output,
                               caption: "output y\(LayerNames.sub(m)) (\(y.rows)×\(y.cols))", captionColor: Palette.outputStroke,
                               note: "filter \(m): \(name), b\(LayerNames.sub(m)) = \(NumberFormat.compact(layer.biases[m]))")
            v.colLabels = (0..<y.cols).map(String.init)
            v.rowLabels = (0..<y.rows).map(String.init)
            let current = index
            v.text = { r, col in m * perMap + r * y.cols + col <= current ? cellText(y[r, col]) : nil }
            v.fill = { r, col in
                let i = m * perMap + r * y.cols + col
                return i == current ? Palette.highlightFill : (i < current ? Palette.output : Palette.pending)
            }
            outputs.append(v)
        }
        return (inputs, kernels, outputs)
    }

    private static let sumGap = 12.0

    private func measure(_ c: Canvas, width pageWidth: Double) -> (width: Double, height: Double, top: Double, textTop: Double, lines: [String]) {
        let v = views(c)
        let channelsW = v.inputs.map { $0.size(c).width }.reduce(0, +) + Double(max(0, v.inputs.count - 1)) * Style.panelGap * 1.5
        let outW = v.outputs.map { $0.size(c).width }.max() ?? 0
        var width = Style.margin + channelsW + 48 + outW + Style.margin
        width = max(width, 720, pageWidth)
        let top = c.headerHeight(header, width: width)
        let inputH = v.inputs.map { $0.size(c).height }.max() ?? 0
        let kernelH = v.kernels.map { $0.size(c).height }.max() ?? 0
        let leftH = inputH + LayerStepFrame.sumGap + kernelH
        let outH = v.outputs.map { $0.size(c).height + 8 }.reduce(0, +)
        let textTop = top + max(leftH, outH) + 24
        var lines: [String] = []
        // The total is drawn bold and a size larger: wrapped to a narrower measure to fit.
        for (i, l) in textLines.enumerated() {
            let bold = i == textLines.count - 1
            lines += StepFrame2D.wrapFormula(l, width: (width - 2 * Style.margin) * (bold ? 0.85 : 1), c)
        }
        let height = textTop + Double(lines.count) * (Style.lineHeight + 2) + 30
        return (width.rounded(.up), height.rounded(.up), top, textTop, lines)
    }

    public func size(measuring c: Canvas) -> Size {
        let m = measure(c, width: 0)
        return Size(m.width, m.height)
    }

    public func draw(on c: Canvas, width: Double) {
        let m = measure(c, width: width)
        let v = views(c)
        let name = step.filter < filterNames.count ? filterNames[step.filter] : "filter \(step.filter)"
        let sums = step.terms.count == 1 ? "the window's sum p₀" : "one partial sum per channel"
        let subtitle = "Step \(index + 1) of \(count): filter \(step.filter), \(name), at output (\(step.output.row),\(step.output.col)): \(sums), then + b\(LayerNames.sub(step.filter))"
        _ = c.drawHeader(header, subtitle: subtitle, width: m.width)
        var x = Style.margin
        for (n, (inView, kView)) in zip(v.inputs, v.kernels).enumerated() {
            let s = inView.size(c)
            inView.draw(c, at: Point(x, m.top))
            let kOrigin = Point(x + inView.labelLeft, m.top + s.height + LayerStepFrame.sumGap)
            kView.draw(c, at: kOrigin)
            let ks = kView.size(c)
            let partial = "p\(LayerNames.sub(step.terms[n].channel)) = \(NumberFormat.compact(step.terms[n].partial))"
            c.text(partial, at: Point(kOrigin.x + ks.width + 14, kOrigin.y + MatrixView.captionBand + ks.height / 2 - 4),
                   size: Style.bodySize + 2, color: Palette.text, weight: .bold)
            // The window: every cell a tap reads, outlined.
            if let first = step.terms[n].step.taps.first, let last = step.terms[n].step.taps.last {
                let pad = padding
                let a = inView.cellRect(first.input.row + pad.top, first.input.col + pad.left, origin: Point(x, m.top))
                let b = inView.cellRect(last.input.row + pad.top, last.input.col + pad.left, origin: Point(x, m.top))
                c.stroke(Rect(x: a.minX, y: a.minY, width: b.maxX - a.minX, height: b.maxY - a.minY), Palette.inputStroke, width: 2.5)
            }
            if n + 1 < v.inputs.count {
                c.text("+", at: Point(x + s.width + Style.panelGap * 0.75, m.top + MatrixView.captionBand + s.height / 2),
                       size: 22, color: Palette.muted, align: .center)
            }
            x += s.width + Style.panelGap * 1.5
        }
        // The output volume, one map per filter.
        var y = m.top
        let outX = x - Style.panelGap * 1.5 + 48
        for o in v.outputs {
            o.draw(c, at: Point(outX, y))
            y += o.size(c).height + 8
        }
        // The formula, the instance, the partial sums and the total.
        var ty = m.textTop
        for (i, line) in m.lines.enumerated() {
            let isTotal = i == m.lines.count - 1
            c.text(line, at: Point(Style.margin, ty), size: Style.bodySize + (isTotal ? 1 : 0),
                   color: i < 2 ? Palette.formula : Palette.text, weight: isTotal ? .bold : .regular)
            ty += Style.lineHeight + 2
        }
        var legend: [(Color, Color, String)] = [(Palette.window, Palette.inputStroke, "window (its weights in orange)")]
        if !padding.isZero { legend.append((Palette.padding, Palette.grid, "padding")) }
        legend += [(Palette.highlightFill, Palette.grid, "this output cell"), (Palette.output, Palette.grid, "done")]
        c.drawLegend(legend, at: Point(Style.margin, ty + 6))
    }
}
