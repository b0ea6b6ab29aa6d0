import Drawing

/// The page every frame of a lesson is drawn on: one size per lesson, so that stepping through the
/// PDF (or the PNGs) never moves what did not change.
public enum PageFormat: Equatable, Sendable, CustomStringConvertible {
    /// A page of this width-to-height ratio, as small as the lesson's largest frame allows
    /// (16:9 for projectors and slides, 4:3 for older ones).
    case aspect(width: Double, height: Double)
    /// A fixed size in points; frames larger than it are scaled down to fit.
    case points(Size)

    public static let widescreen = PageFormat.aspect(width: 16, height: 9)
    /// A4 landscape, 297 × 210 mm.
    public static let a4 = PageFormat.points(Size(842, 595))

    /// Reads `16:9`, `4:3`, `a4` or `WIDTHxHEIGHT` (points, e.g. `1280x720`); nil for anything else.
    public init?(_ text: String) {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        if t == "a4" { self = .a4; return }
        for separator in [":", "x", "×"] {
            let parts = t.split(separator: Character(separator), omittingEmptySubsequences: false)
            guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]),
                  a.isFinite, b.isFinite, a > 0, b > 0 else { continue }
            if separator == ":" {
                guard a / b >= 0.25 && a / b <= 4 else { return nil }
                self = .aspect(width: a, height: b)
            } else {
                guard a >= 100, b >= 100, a <= 20_000, b <= 20_000 else { return nil }
                self = .points(Size(a, b))
            }
            return
        }
        return nil
    }

    public var description: String {
        switch self {
        case .aspect(let w, let h): return "\(Int(w)):\(Int(h))"
        case .points(let s): return s == PageFormat.a4.fixedSize ? "a4" : "\(Int(s.width))x\(Int(s.height))"
        }
    }

    var fixedSize: Size? {
        if case .points(let s) = self { return s }
        return nil
    }

    /// Where frames of at most `content` points go on the page, and at what scale.
    public func placement(content: Size) -> (page: Size, origin: Point, scale: Double) {
        switch self {
        case .aspect(let w, let h):
            let ratio = w / h
            let width = max(content.width, content.height * ratio).rounded(.up)
            let height = width / ratio
            return (Size(width, height), Point(((width - content.width) / 2).rounded(), ((height - content.height) / 2).rounded()), 1)
        case .points(let page):
            let scale = min(1, page.width / content.width, page.height / content.height)
            let w = content.width * scale, h = content.height * scale
            return (page, Point((page.width - w) / 2, (page.height - h) / 2), scale)
        }
    }
}
