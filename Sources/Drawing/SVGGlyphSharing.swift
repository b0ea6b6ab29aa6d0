/// Shares glyph outlines between font sizes in Cairo's SVG: Cairo writes every glyph once per
/// font size and face (`glyph1-5` for "6" at 17 pt, `glyph3-5` for "6" at 11 pt, …), as a path
/// in that size's coordinates. The outline of a character at one size is the outline at another
/// size scaled (Cairo's SVG glyphs are unhinted), so each outline is kept once, at the largest
/// size it appears in, and the others become
///
/// ```
/// <symbol overflow="visible" id="glyph3-5"><use xlink:href="#glyph1-5" transform="scale(0.6471)"/></symbol>
/// ```
/// which every `<use xlink:href="#glyph3-5" …/>` of the figure still finds.
///
/// **How a size is known.** Every font's first glyph (`glyphF-1` after ``SVGIdentifiers``) is
/// its ".notdef" box, two nested rectangles whose height is proportional to the size; a font
/// whose first glyph is not such a box is left alone. **When two outlines are the same.** Same
/// commands in the same order, and every coordinate, divided by its box height, within 0.004 of
/// the other's (Cairo rounds outlines to 1/64 unit and the compaction to 1/100 pt: at 11 pt that
/// is at most 0.0013 of the box; two different characters differ by far more). Deterministic: a
/// pure function of the file.
enum SVGGlyphSharing {
    /// One `<symbol …>…</symbol>` block of the file.
    private struct Glyph {
        var font: Int, number: Int
        var range: Range<String.Index>
        var commands: String
        var numbers: [Double]
    }

    static let tolerance = 0.004

    static func share(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        let glyphs = symbols(in: text)
        guard glyphs.count > 1 else { return bytes }
        // Each font's box height, from its .notdef box.
        var height: [Int: Double] = [:]
        for g in glyphs where g.number == 1 {
            if let h = boxHeight(g) { height[g.font] = h }
        }
        // Candidates share commands; the representative is the one from the tallest font.
        var groups: [String: [Int]] = [:]
        for (k, g) in glyphs.enumerated() where height[g.font] != nil && g.number != 1 && !g.numbers.isEmpty {
            groups[g.commands, default: []].append(k)
        }
        var replacement: [Int: String] = [:]   // glyph index → new symbol text
        for (_, members) in groups.sorted(by: { $0.key < $1.key }) where members.count > 1 {
            // Tallest font first; ties by font number, so the choice is deterministic.
            let ordered = members.sorted {
                let a = glyphs[$0], b = glyphs[$1]
                let ha = height[a.font] ?? 0, hb = height[b.font] ?? 0
                return ha != hb ? ha > hb : (a.font, a.number) < (b.font, b.number)
            }
            var representatives: [Int] = []
            for k in ordered {
                let g = glyphs[k]
                guard let h = height[g.font] else { continue }
                if let r = representatives.first(where: { same(glyphs[$0], height[glyphs[$0].font] ?? 1, g, h) }) {
                    let rep = glyphs[r]
                    let scale = h / (height[rep.font] ?? h)
                    replacement[k] = "<symbol overflow=\"visible\" id=\"glyph\(g.font)-\(g.number)\">"
                        + "<use xlink:href=\"#glyph\(rep.font)-\(rep.number)\" transform=\"scale(\(format(scale)))\"/></symbol>"
                } else {
                    representatives.append(k)
                }
            }
        }
        guard !replacement.isEmpty else { return bytes }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var last = text.startIndex
        for (k, g) in glyphs.enumerated() {
            guard let new = replacement[k] else { continue }
            out += text[last..<g.range.lowerBound]
            out += new
            last = g.range.upperBound
        }
        out += text[last...]
        return Array(out.utf8)
    }

    /// Every `<symbol overflow="visible" id="glyphF-N">` with a single path, in file order.
    private static func symbols(in text: String) -> [Glyph] {
        var glyphs: [Glyph] = []
        var rest = text[...]
        let open = "<symbol overflow=\"visible\" id=\"glyph"
        while let start = rest.range(of: open) {
            guard let end = rest[start.upperBound...].range(of: "</symbol>") else { break }
            let block = rest[start.lowerBound..<end.upperBound]
            rest = rest[end.upperBound...]
            let idText = block[start.upperBound...].prefix { $0 != "\"" }
            let parts = idText.split(separator: "-")
            guard parts.count == 2, let font = Int(parts[0]), let number = Int(parts[1]),
                  let dStart = block.range(of: " d=\""), let dEnd = block[dStart.upperBound...].firstIndex(of: "\""),
                  block.components(separatedBy: "<path").count == 2 else { continue }
            let d = block[dStart.upperBound..<dEnd]
            var commands = "", numbers: [Double] = []
            var ok = true
            for token in d.split(separator: " ") {
                if let v = Double(token) { numbers.append(v) } else if token.count == 1 { commands += token } else { ok = false; break }
            }
            guard ok else { continue }
            glyphs.append(Glyph(font: font, number: number, range: block.startIndex..<block.endIndex, commands: commands, numbers: numbers))
        }
        return glyphs
    }

    /// The height of a .notdef box: `M x y1 L x y2 L x2 y2 L x2 y1 Z M …` (two rectangles).
    private static func boxHeight(_ g: Glyph) -> Double? {
        guard g.commands == "MLLLZMLLLZM", g.numbers.count >= 8 else { return nil }
        let n = g.numbers
        // The outer rectangle: x stays, y changes, x changes, y returns.
        guard n[0] == n[2], n[3] == n[5], n[4] == n[6], n[1] == n[7] else { return nil }
        let h = abs(n[1] - n[3])
        return h > 0 ? h : nil
    }

    private static func same(_ a: Glyph, _ ha: Double, _ b: Glyph, _ hb: Double) -> Bool {
        guard a.commands == b.commands, a.numbers.count == b.numbers.count else { return false }
        for (x, y) in zip(a.numbers, b.numbers) where abs(x / ha - y / hb) > tolerance { return false }
        return true
    }

    /// A scale to four decimals, without trailing zeros.
    private static func format(_ v: Double) -> String {
        var s = String(Int((v * 10000).rounded()))
        while s.count < 5 { s = "0" + s }
        var whole = String(s.dropLast(4)), frac = String(s.suffix(4))
        while frac.hasSuffix("0") { frac.removeLast() }
        if whole.isEmpty { whole = "0" }
        return frac.isEmpty ? whole : whole + "." + frac
    }
}
