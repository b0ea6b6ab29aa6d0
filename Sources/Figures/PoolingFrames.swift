import ConvCore
import Drawing

/// A feature map before and after ReLU, `max(0, x)`: the negative responses become 0.
public struct ReluFrame: Figure {
    public let map: Grid
    public let mapName: String
    /// The picture the map came from, drawn small with the cropped region outlined (RGB or grey, 0…255).
    public let picture: Volume?
    public let crop: (top: Int, left: Int, height: Int, width: Int)?
    public let header: FrameHeader

    public init(map: Grid, mapName: String, picture: Volume?, crop: (top: Int, left: Int, height: Int, width: Int)?, header: FrameHeader) {
        self.map = map
        self.mapName = mapName
        self.picture = picture
        self.crop = crop
        self.header = header
    }

    public var title: String { "ReLU of \(mapName)" }
    public var slug: String { "relu" }
    public var altText: String {
        "\(title): \(map.values.filter { $0 < 0 }.count) of \(map.values.count) responses are negative and become 0."
    }

    private func cell(_ c: Canvas) -> Double { MatrixView.cellSize(for: map.values.map(cellText), c, minimum: 32) }

    private static let pictureSide = 200.0

    public func size(measuring c: Canvas) -> Size {
        let grid = Double(map.cols) * cell(c) + 24
        let w = Style.margin * 2 + (picture == nil ? 0 : ReluFrame.pictureSide + 60) + 2 * grid + 90
        let pictureH = picture == nil ? 0 : ReluFrame.pictureSide * 1.4 + 2 * MatrixView.captionBand + 20
        let h = c.headerHeight(header, width: w) + max(MatrixView.captionBand + 18 + Double(map.rows) * cell(c) + 70, pictureH)
        return Size(max(w, 720).rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let top = c.drawHeader(header, subtitle: "ReLU(x) = max(0, x): the negative responses of \(mapName) become 0", width: w)
        var x = Style.margin
        if let picture {
            PictureView.draw(c, picture, at: Point(x, top), side: ReluFrame.pictureSide * 0.6, crop: crop, caption: "input picture")
            if let crop, let patch = try? Volume((0..<picture.count).map { ch in
                Grid(rows: crop.height, cols: crop.width, values: (0..<(crop.height * crop.width)).map {
                    picture[ch, crop.top + $0 / crop.width, crop.left + $0 % crop.width] })
            }) {
                PictureView.draw(c, patch, at: Point(x, top + ReluFrame.pictureSide * 0.6 + 56), side: ReluFrame.pictureSide * 0.8,
                                 crop: nil, caption: "the patch (\(crop.height)×\(crop.width))")
            }
            x += ReluFrame.pictureSide + 60
        }
        let cs = cell(c)
        let m = max(abs(map.range.min), abs(map.range.max), 1e-12)
        var before = MatrixView(rows: map.rows, cols: map.cols, cell: cs, caption: "feature map: \(mapName)", captionColor: Palette.outputStroke,
                                note: "purple < 0 < green")
        before.text = { r, col in cellText(self.map[r, col]) }
        before.fill = { r, col in Palette.diverging(self.map[r, col] / m) }
        before.textColor = { r, col in abs(self.map[r, col]) / m > 0.6 ? .white : Palette.text }
        before.colLabels = (0..<map.cols).map(String.init)
        before.rowLabels = (0..<map.rows).map(String.init)
        before.draw(c, at: Point(x, top))
        let bw = before.size(c).width
        c.text("ReLU", at: Point(x + bw + 45, top + MatrixView.captionBand + 18 + Double(map.rows) * cs / 2 - 8), size: 16,
               color: Palette.formula, weight: .bold, align: .center)
        c.arrow(from: Point(x + bw + 20, top + MatrixView.captionBand + 18 + Double(map.rows) * cs / 2),
                to: Point(x + bw + 70, top + MatrixView.captionBand + 18 + Double(map.rows) * cs / 2), Palette.formula)
        let relu = map.relu()
        var after = MatrixView(rows: map.rows, cols: map.cols, cell: cs, caption: "after ReLU", captionColor: Palette.outputStroke,
                               note: "grey 0: was negative")
        after.text = { r, col in cellText(relu[r, col]) }
        after.fill = { r, col in self.map[r, col] < 0 ? Palette.padding : Palette.diverging(relu[r, col] / m) }
        after.textColor = { r, col in self.map[r, col] < 0 ? Palette.paddingText : (relu[r, col] / m > 0.6 ? .white : Palette.text) }
        after.colLabels = before.colLabels
        after.rowLabels = before.rowLabels
        after.draw(c, at: Point(x + bw + 90, top))
        let negatives = map.values.filter { $0 < 0 }.count
        c.text("\(negatives) of \(map.values.count) responses were negative; ReLU keeps the rest unchanged.",
               at: Point(Style.margin, top + MatrixView.captionBand + 18 + Double(map.rows) * cs + 36), size: Style.bodySize, color: Palette.text)
    }
}

/// One pooling window: the (activated) feature map with the window outlined and, for max-pooling,
/// the cell that wins marked; the pooled map filling in; the window written out.
public struct PoolStepFrame: Figure {
    public let map: Grid
    public let mapName: String
    public let pooling: Pooling
    public let pooled: Grid
    public let step: PoolStep
    public let index: Int
    public let header: FrameHeader

    public init(map: Grid, mapName: String, pooling: Pooling, index: Int, header: FrameHeader) throws(ConvolutionError) {
        self.map = map
        self.mapName = mapName
        self.pooling = pooling
        self.pooled = try pooling.apply(map).output
        guard index >= 0 && index < pooled.values.count else { throw .stepOutOfRange(step: index, count: pooled.values.count) }
        self.step = try pooling.step(map, output: GridIndex(index / pooled.cols, index % pooled.cols))
        self.index = index
        self.header = header
    }

    private var kindName: String { pooling.kind == .max ? "max-pooling" : "average pooling" }
    public var title: String { "Step \(index + 1) of \(pooled.values.count): \(kindName) z(\(step.output.row),\(step.output.col)) = \(NumberFormat.compact(step.result))" }
    public var slug: String { "pool-\(pad3(index + 1))" }
    public var altText: String { "\(title). \(sumText)" }
    /// The window written out, as printed.
    public var sumText: String { step.text(map, output: "z") }

    private func views(_ c: Canvas) -> (input: MatrixView, output: MatrixView) {
        let p = pooling.padding
        let rows = map.rows + 2 * p.y, cols = map.cols + 2 * p.x
        let cell = MatrixView.cellSize(for: map.values.map(cellText), c, minimum: 32)
        let inWindow = Set(step.cells.map { ($0.row + p.y) * cols + $0.col + p.x })
        let winner = step.winner.map { ($0.row + p.y) * cols + $0.col + p.x }
        var input = MatrixView(rows: rows, cols: cols, cell: cell, caption: "input a = \(mapName)", captionColor: Palette.inputStroke,
                               note: p.y + p.x > 0 ? "grey: padding (\(pooling.kind == .max ? "−∞" : "0"))" : "")
        input.text = { r, col in self.map.contains(r - p.y, col - p.x) ? cellText(self.map[r - p.y, col - p.x]) : "" }
        input.fill = { r, col in
            let i = r * cols + col
            if i == winner { return Palette.highlightFill }
            if inWindow.contains(i) { return Palette.window }
            return self.map.contains(r - p.y, col - p.x) ? Palette.input : Palette.padding
        }
        input.colLabels = (0..<cols).map { signed($0 - p.x) }
        input.rowLabels = (0..<rows).map { signed($0 - p.y) }
        let outCell = MatrixView.cellSize(for: pooled.values.map(cellText), c, minimum: 32)
        var output = MatrixView(rows: pooled.rows, cols: pooled.cols, cell: outCell, caption: "output z (\(pooled.rows)×\(pooled.cols))",
                                captionColor: Palette.outputStroke, note: "step \(index + 1) of \(pooled.values.count)")
        let current = index
        output.text = { r, col in r * self.pooled.cols + col <= current ? cellText(self.pooled[r, col]) : nil }
        output.fill = { r, col in
            let i = r * self.pooled.cols + col
            return i == current ? Palette.highlightFill : (i < current ? Palette.output : Palette.pending)
        }
        output.colLabels = (0..<pooled.cols).map(String.init)
        output.rowLabels = (0..<pooled.rows).map(String.init)
        return (input, output)
    }

    private var settings: String {
        "\(kindName): window \(pooling.size), stride \(pooling.stride), padding \(pooling.padding)"
            + (pooling.kind == .average ? (pooling.countIncludePad ? ", padding counted" : ", padding not counted") : "")
    }

    public func size(measuring c: Canvas) -> Size {
        let v = views(c)
        let a = v.input.size(c), b = v.output.size(c)
        let w = max(Style.margin * 2 + a.width + 60 + b.width, c.textWidth(sumText, size: Style.bodySize + 1, weight: .bold) + 2 * Style.margin, 720)
        let h = c.headerHeight(header, width: w) + max(a.height, b.height) + 100
        return Size(w.rounded(.up), h.rounded(.up))
    }

    public func draw(on c: Canvas, width: Double) {
        let w = max(width, size(measuring: c).width)
        let top = c.drawHeader(header, subtitle: settings, width: w)
        let v = views(c)
        v.input.draw(c, at: Point(Style.margin, top))
        // The window's outline.
        if let first = step.cells.first, let last = step.cells.last {
            let p = pooling.padding
            let a = v.input.cellRect(first.row + p.y, first.col + p.x, origin: Point(Style.margin, top))
            let b = v.input.cellRect(last.row + p.y, last.col + p.x, origin: Point(Style.margin, top))
            c.stroke(Rect(x: a.minX, y: a.minY, width: b.maxX - a.minX, height: b.maxY - a.minY), Palette.inputStroke, width: 2.5)
        }
        if let wnr = step.winner {
            let r = v.input.cellRect(wnr.row + pooling.padding.y, wnr.col + pooling.padding.x, origin: Point(Style.margin, top))
            c.stroke(r.insetBy(1.5), Palette.highlight, width: 2)
        }
        let a = v.input.size(c)
        v.output.draw(c, at: Point(Style.margin + a.width + 60, top))
        let ty = top + max(a.height, v.output.size(c).height) + 30
        c.text(sumText, at: Point(Style.margin, ty), size: Style.bodySize + 1, color: Palette.text, weight: .bold)
        if let wnr = step.winner {
            let ties = step.cells.filter { map.contains($0.row, $0.col) && map[$0] == step.result }.count
            let which = ties > 1 ? "The first of the \(ties) largest values is a(\(wnr.row),\(wnr.col))" : "The largest value is a(\(wnr.row),\(wnr.col))"
            c.text("\(which): in the backward pass the gradient of z(\(step.output.row),\(step.output.col)) flows to that cell alone.",
                   at: Point(Style.margin, ty + 20), size: Style.bodySize, color: Palette.muted)
        }
        var legend: [(Color, Color, String)] = [(Palette.window, Palette.inputStroke, "window")]
        if step.winner != nil { legend.append((Palette.highlightFill, Palette.highlight, "largest value (the argmax) and where it goes")) }
        legend.append((Palette.output, Palette.grid, "done"))
        c.drawLegend(legend, at: Point(Style.margin, ty + 48))
    }
}

/// A picture (RGB or grey, 0…255) drawn into a square, with an optional region outlined.
enum PictureView {
    static func draw(_ c: Canvas, _ v: Volume, at o: Point, side: Double, crop: (top: Int, left: Int, height: Int, width: Int)?, caption: String) {
        c.text(caption, at: Point(o.x, o.y + 14), size: Style.labelSize + 1, color: Palette.inputStroke, weight: .bold)
        c.text("\(v.cols)×\(v.rows), \(v.count == 3 ? "RGB" : "grey") 0…255", at: Point(o.x, o.y + 28), size: Style.smallSize + 1, color: Palette.muted)
        let aspect = Double(v.cols) / Double(v.rows)
        let w = aspect >= 1 ? side : side * aspect, h = aspect >= 1 ? side / aspect : side
        let rect = Rect(x: o.x, y: o.y + MatrixView.captionBand, width: w, height: h)
        let n = v.rows * v.cols
        let colors: [Color] = (0..<n).map { i in
            let r = v[0].values[i] / 255
            if v.count >= 3 { return Color(red: clamp(r), green: clamp(v[1].values[i] / 255), blue: clamp(v[2].values[i] / 255)) }
            return Palette.gray(r)
        }
        c.raster(width: v.cols, height: v.rows, colors: colors, in: rect)
        c.stroke(rect, Palette.grid, width: 0.75)
        if let crop {
            let sx = w / Double(v.cols), sy = h / Double(v.rows)
            let r = Rect(x: rect.minX + Double(crop.left) * sx, y: rect.minY + Double(crop.top) * sy,
                         width: Double(crop.width) * sx, height: Double(crop.height) * sy)
            c.stroke(r, Palette.inputStroke, width: 2)
        }
    }

    private static func clamp(_ t: Double) -> Double { t.isFinite ? max(0, min(1, t)) : 0 }
}
