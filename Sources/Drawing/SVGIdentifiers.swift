/// Cairo numbers the ids in an SVG (`surface12`, `image7`, `clip3`, …; newer versions write
/// `clip-3`, `source-5`, `glyph-0-1`) from counters shared by the whole process, so the same
/// figure drawn twice, or by another thread, gets other numbers. This renumbers each kind of id
/// in order of first appearance, making the file a pure function of what was drawn.
///
/// Forms: `NAMEn` and `NAME-n` for surface, image, pattern, clip, mask and source; glyphs
/// `glyphF-G` and `glyph-F-G` (font F, glyph G), the font renumbered among fonts and the glyph
/// among that font's glyphs.
enum SVGIdentifiers {
    static let prefixes: [[UInt8]] = ["surface", "image", "pattern", "clip", "mask", "source", "glyph"].map { Array($0.utf8) }
    static let glyph = 6

    static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { normalize($0) }
    }

    private static func normalize(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        // Per kind (and dashed or not): old number → new number. Glyphs: per font, too.
        var maps = [[[UInt8]: Int]](repeating: [:], count: 2 * prefixes.count)
        var glyphMaps: [Int: [[UInt8]: Int]] = [:]
        func isWord(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45 }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        let n = bytes.count
        /// The end of the digits starting at `i` (`i` itself when there are none).
        func digits(from i: Int) -> Int {
            var end = i
            while end < n && isDigit(bytes[end]) { end += 1 }
            return end
        }
        // bytes[copied..<i] are unchanged and not yet in `out`.
        var copied = 0
        var i = 0
        outer: while i < n {
            let b = bytes[i]
            // Only a word start can begin an id.
            if (b == 115 || b == 105 || b == 112 || b == 99 || b == 109 || b == 103) && (i == 0 || !isWord(bytes[i - 1])) {
                for (k, prefix) in prefixes.enumerated() where i + prefix.count < n && bytes[i] == prefix[0] {
                    guard bytes[i..<(i + prefix.count)].elementsEqual(prefix) else { continue }
                    var start = i + prefix.count
                    let dashed = bytes[start] == 45
                    if dashed { start += 1 }
                    let end = digits(from: start)
                    guard end > start else { continue }
                    let map = 2 * k + (dashed ? 1 : 0)
                    let number = Array(bytes[start..<end])
                    let id = maps[map][number] ?? maps[map].count + 1
                    if k == glyph {
                        // glyphF-G: the glyph's own number after a dash.
                        guard end < n && bytes[end] == 45 else { continue }
                        let glyphEnd = digits(from: end + 1)
                        guard glyphEnd > end + 1, glyphEnd == n || !isWord(bytes[glyphEnd]) else { continue }
                        maps[map][number] = id
                        let font = 2 * id + (dashed ? 1 : 0)
                        let g = Array(bytes[(end + 1)..<glyphEnd])
                        let glyphID = glyphMaps[font, default: [:]][g] ?? (glyphMaps[font]?.count ?? 0) + 1
                        glyphMaps[font, default: [:]][g] = glyphID
                        out.append(contentsOf: bytes[copied..<start])
                        out.appendDecimal(UInt(id))
                        out.append(45)
                        out.appendDecimal(UInt(glyphID))
                        i = glyphEnd
                        copied = i
                        continue outer
                    }
                    guard end == n || !isWord(bytes[end]) else { continue }
                    maps[map][number] = id
                    out.append(contentsOf: bytes[copied..<start])
                    out.appendDecimal(UInt(id))
                    i = end
                    copied = i
                    continue outer
                }
            }
            i += 1
        }
        out.append(contentsOf: bytes[copied..<n])
        return out
    }
}
