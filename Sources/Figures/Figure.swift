import Drawing

/// One frame of a lesson: a pure function of the lesson data and the step index.
/// `size` and `draw` may measure text with the canvas they are given; they change nothing else.
public protocol Figure: Sendable {
    /// A short name for the PDF bookmark and the file name ("step 3 of 9: y(0,2)").
    var title: String { get }
    /// A file-name-safe slug ("step-003").
    var slug: String { get }
    /// The frame's natural size in points, measured with `canvas`.
    func size(measuring canvas: Canvas) -> Size
    /// Draws the whole frame at the origin, laid out for `width` points (at least the natural
    /// width): every frame of a lesson gets the same width, so headers wrap alike and a grid that
    /// does not change stays in place from one page to the next.
    func draw(on canvas: Canvas, width: Double)
    /// The frame in words (defaults to its title).
    var altText: String { get }
}

extension Figure {
    /// What the frame says in words, for readers who cannot see it (the HTML player's text
    /// alternative): its title, and for a step its written sum.
    public var altText: String { title }

    /// Draws the frame at its natural width.
    public func draw(on canvas: Canvas) {
        draw(on: canvas, width: size(measuring: canvas).width)
    }
}

/// Text shared by every frame: the lesson's title and a short explanation.
public struct FrameHeader: Sendable {
    public var title: String
    public var explanation: String

    public init(title: String, explanation: String = "") {
        self.title = title
        self.explanation = explanation
    }
}

enum Style {
    static let margin = 24.0
    static let titleSize = 17.0
    static let subtitleSize = 12.5
    static let bodySize = 11.5
    static let labelSize = 11.5
    static let smallSize = 11.0
    static let valueSize = 11.0
    static let panelGap = 24.0
    static let lineHeight = 17.0
}

extension Canvas {
    /// Splits `text` into lines no wider than `width` at spaces.
    func wrap(_ text: String, width: Double, size: Double, weight: FontWeight = .regular) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if textWidth(candidate, size: size, weight: weight) <= width || line.isEmpty {
                    line = candidate
                } else {
                    lines.append(line)
                    line = String(word)
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// Splits written arithmetic at " + " so that each line fits `width`; continuation lines start with "+".
    func wrapTerms(_ text: String, width: Double, size: Double) -> [String] {
        let parts = text.components(separatedBy: " + ")
        var lines: [String] = []
        var line = ""
        for (i, part) in parts.enumerated() {
            let piece = i == 0 ? part : (line.isEmpty ? "+ " + part : " + " + part)
            if !line.isEmpty && textWidth(line + piece, size: size, mono: false) > width {
                lines.append(line)
                line = "+ " + part
            } else {
                line += piece
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Draws the lesson title, a subtitle and the explanation; returns the y below them.
    func drawHeader(_ header: FrameHeader, subtitle: String, width: Double) -> Double {
        fill(Rect(x: 0, y: 0, width: width, height: 10_000), Palette.background)
        var y = Style.margin + Style.titleSize
        text(header.title, at: Point(Style.margin, y), size: Style.titleSize, color: Palette.text, weight: .bold)
        y += Style.subtitleSize + 8
        text(subtitle, at: Point(Style.margin, y), size: Style.subtitleSize, color: Palette.formula, weight: .bold)
        for line in wrap(header.explanation, width: width - 2 * Style.margin, size: Style.bodySize).prefix(4)
        where !header.explanation.isEmpty {
            y += Style.lineHeight
            text(line, at: Point(Style.margin, y), size: Style.bodySize, color: Palette.muted)
        }
        return y + 14
    }

    func headerHeight(_ header: FrameHeader, width: Double) -> Double {
        let lines = header.explanation.isEmpty ? 0 : min(4, wrap(header.explanation, width: width - 2 * Style.margin, size: Style.bodySize).count)
        return Style.margin + Style.titleSize + Style.subtitleSize + 8 + Double(lines) * Style.lineHeight + 14
    }

    /// A row of colour swatches with their meaning.
    func drawLegend(_ items: [(Color, Color, String)], at origin: Point) {
        var x = origin.x
        for (fillColor, strokeColor, label) in items {
            let r = Rect(x: x, y: origin.y - 10, width: 14, height: 14)
            fill(r, fillColor)
            stroke(r, strokeColor, width: 1.5)
            text(label, at: Point(x + 19, origin.y + 1), size: Style.labelSize, color: Palette.text)
            x += 19 + textWidth(label, size: Style.labelSize) + 16
        }
    }

    /// Grids side by side from `origin`, `gap` apart, with an operator between each pair
    /// (`x ⋆ k = y`: `operators` ["⋆", "="]) drawn `symbolSize` large, centred in the gap.
    func drawEquation(_ views: [MatrixView], operators: [String], at origin: Point, gap: Double, symbolSize: Double = 30) {
        var x = origin.x
        for (i, view) in views.enumerated() {
            let s = view.size(self)
            view.draw(self, at: Point(x, origin.y))
            if i < operators.count {
                text(operators[i], at: Point(x + s.width + gap / 2, origin.y + MatrixView.captionBand + (s.height - MatrixView.captionBand) / 2 + symbolSize / 4),
                     size: symbolSize, color: Palette.formula, weight: .bold, align: .center)
            }
            x += s.width + gap
        }
    }

    /// Lines of text from `y` down, each wrapped to `width` (between the parts of a formula first),
    /// in the regular weight they were measured in, coloured by line; returns the y below them.
    @discardableResult
    func drawLines(_ lines: [String], at x: Double, y: Double, width: Double, color: (Int) -> Color) -> Double {
        var ty = y
        for (i, line) in lines.enumerated() {
            for l in StepFrame2D.wrapFormula(line, width: width, self) {
                text(l, at: Point(x, ty), size: Style.bodySize, color: color(i))
                ty += 20
            }
        }
        return ty
    }

    func legendWidth(_ labels: [String]) -> Double {
        labels.reduce(0) { $0 + 19 + textWidth($1, size: Style.labelSize) + 16 }
    }
}

/// Unicode subscripts for indices in formulas: 12 → "₁₂", −1 → "₋₁".
func subscripted(_ n: Int) -> String {
    let digits = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
    let body = String(abs(n)).compactMap { $0.wholeNumberValue.map { digits[$0] } }.joined()
    return n < 0 ? "₋" + body : body
}

/// An integer with a Unicode minus.
func signed(_ n: Int) -> String {
    n < 0 ? "−\(-n)" : "\(n)"
}
