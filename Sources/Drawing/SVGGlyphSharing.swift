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
    /// One `<symbol …>…</symbol>` block of the file: where it is, its font and number, its path's
    /// commands (`MLLLZ…`) and numbers.
    private struct Glyph {
        var font: Int, number: Int
        var range: Range<Int>
        var commands: [UInt8]
        var numbers: [Double]
    }

    static let tolerance = 0.004

    static func share(_ bytes: [UInt8]) -> [UInt8] {
        let glyphs = bytes.withUnsafeBufferPointer { symbols(in: $0) }
        guard glyphs.count > 1 else { return bytes }
        // Each font's box height, from its .notdef box.
        var height: [Int: Double] = [:]
        for g in glyphs where g.number == 1 {
            if let h = boxHeight(g) { height[g.font] = h }
        }
        // Candidates share commands; the representative is the one from the tallest font.
        var groups: [[UInt8]: [Int]] = [:]
        for (k, g) in glyphs.enumerated() where height[g.font] != nil && g.number != 1 && !g.numbers.isEmpty {
            groups[g.commands, default: []].append(k)
        }
        var replacement: [Int: String] = [:]   // glyph index → new symbol text
        for (_, members) in groups.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) where members.count > 1 {
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
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var last = 0
        for (k, g) in glyphs.enumerated() {
            guard let new = replacement[k] else { continue }
            out += bytes[last..<g.range.lowerBound]
            out += new.utf8
            last = g.range.upperBound
        }
        out += bytes[last...]
        return out
    }

    // MARK: - Reading the symbols

    private static let open = Array("<symbol overflow=\"visible\" id=\"glyph".utf8), close = Array("</symbol>".utf8)
    private static let pathOpen = Array("<path".utf8), dOpen = Array(" d=\"".utf8)

    /// Every `<symbol overflow="visible" id="glyphF-N">` with a single path, in file order.
    private static func symbols(in b: UnsafeBufferPointer<UInt8>) -> [Glyph] {
        var glyphs: [Glyph] = []
        var from = 0
        while let start = b.firstIndex(of: open, from: from) {
            let idStart = start + open.count
            guard let closing = b.firstIndex(of: close, from: idStart) else { break }
            let end = closing + close.count
            from = end
            // glyphF-N: two numbers around a dash, then the quote.
            guard let (font, dash) = integer(in: b, from: idStart, end: end), dash < end, b[dash] == 45,
                  let (number, quote) = integer(in: b, from: dash + 1, end: end), quote < end, b[quote] == 34,
                  let path = b.firstIndex(of: pathOpen, from: start, end: end),
                  b.firstIndex(of: pathOpen, from: path + 1, end: end) == nil,
                  let d = b.firstIndex(of: dOpen, from: start, end: end) else { continue }
            var dEnd = d + dOpen.count
            while dEnd < end && b[dEnd] != 34 { dEnd += 1 }
            guard dEnd < end, let (commands, numbers) = pathData(b, from: d + dOpen.count, to: dEnd) else { continue }
            glyphs.append(Glyph(font: font, number: number, range: start..<end, commands: commands, numbers: numbers))
        }
        return glyphs
    }

    /// The digits at `from` as a number, and where they end.
    private static func integer(in b: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> (Int, Int)? {
        var i = from, value = 0
        while i < end, b[i] >= 48, b[i] <= 57, i - from < 18 { value = value * 10 + Int(b[i] - 48); i += 1 }
        return i > from ? (value, i) : nil
    }

    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// Path data as space-separated tokens: a number, or a one-letter command. `nil` for anything else.
    private static func pathData(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> ([UInt8], [Double])? {
        var commands: [UInt8] = [], numbers: [Double] = []
        var i = from
        while i < to {
            if b[i] == 32 { i += 1; continue }
            var j = i
            while j < to && b[j] != 32 { j += 1 }
            if let v = number(b, from: i, to: j) {
                numbers.append(v)
            } else if j - i == 1 {
                commands.append(b[i])
            } else if let base = b.baseAddress,
                      String(decoding: UnsafeBufferPointer(start: base + i, count: j - i), as: UTF8.self).count == 1 {
                commands += b[i..<j]   // one character of several bytes, as `Character` counts
            } else {
                return nil
            }
            i = j
        }
        return (commands, numbers)
    }

    /// `-?DIGITS(.DIGITS)?` read exactly as `Double(String)` would (an integer of at most 15
    /// digits divided by a power of ten is correctly rounded); other spellings go through `Double`.
    private static func number(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Double? {
        var i = from
        let negative = i < to && b[i] == 45
        if negative { i += 1 }
        var mantissa = 0, digits = 0, decimals = 0, point = false
        while i < to {
            let c = b[i]
            if c >= 48 && c <= 57 {
                mantissa = mantissa &* 10 &+ Int(c - 48)
                digits += 1
                if point { decimals += 1 }
            } else if c == 46 && !point {
                point = true
            } else {
                break
            }
            i += 1
        }
        if i == to, digits > 0, digits <= 15, !(point && decimals == 0), b[negative ? from + 1 : from] != 46 {
            let v = Double(mantissa) / powersOfTen[decimals]
            return negative ? -v : v
        }
        // Not the plain form: whatever Swift's parser makes of it ("1e3", "+2", "inf", or nothing).
        guard let first = b.baseAddress else { return nil }
        return Double(String(decoding: UnsafeBufferPointer(start: first + from, count: to - from), as: UTF8.self))
    }

    // MARK: - Comparing outlines

    /// The height of a .notdef box: `M x y1 L x y2 L x2 y2 L x2 y1 Z M …` (two rectangles).
    private static func boxHeight(_ g: Glyph) -> Double? {
        guard g.commands == Array("MLLLZMLLLZM".utf8), g.numbers.count >= 8 else { return nil }
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
