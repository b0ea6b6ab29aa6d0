import Drawing

/// Inlining a frame's SVG into the player, on its UTF-8 bytes: one scan per rewrite, no regular
/// expressions and no String indices (this ran a quarter of `convviz lesson --all` when it used
/// NSRegularExpression). Cairo's SVG is ASCII, so "a digit", "a word character" and "white space"
/// are ASCII here.
extension HTMLPlayer {
    /// Glyph outlines, each defined once, in order of first use.
    struct Glyphs {
        private(set) var definitions: [String] = []
        private var ids: [[UInt8]: [UInt8]] = [:]

        /// The shared id of an outline (`g12`), defining it on first use.
        mutating func id(for body: [UInt8]) -> [UInt8] {
            if let id = ids[body] { return id }
            let id = Array("g\(definitions.count + 1)".utf8)
            ids[body] = id
            definitions.append("<symbol overflow=\"visible\" id=\"\(String(decoding: id, as: UTF8.self))\">"
                               + "\(String(decoding: body, as: UTF8.self))</symbol>")
            return id
        }
    }

    /// The frame's SVG with its glyph symbols moved to `glyphs`, its other ids made unique to the
    /// frame (`f3-clip1`), no XML declaration, and sized by its view box. In order:
    ///
    /// 1. every number cut to two decimals (`1.23456` → `1.23`: what a screen shows);
    /// 2. everything before `<svg` dropped;
    /// 3. each `<symbol … id="ID">BODY</symbol>` removed; an outline's BODY (trimmed) defined once
    ///    in `glyphs`, then each BODY that only points at another size's outline
    ///    (`<use xlink:href="#g5" transform="scale(…)"/>`, see SVGGlyphSharing) defined with
    ///    its reference renamed to the shared id of the outline;
    /// 4. `id="ID"` → the shared id of its glyph, else `id="fN-ID"`; then `href="#ID"` and
    ///    `url(#ID` likewise;
    /// 5. `xlink:href=` → `href=` (HTML needs no prefix), and indentation `\n  <` → `\n<`;
    /// 6. ` x="12.345"` and ` y="…"` cut to one decimal (glyphs placed to a tenth of a point);
    /// 7. the first `width="…" height="…"` → `width="100%" role="img" aria-label="LABEL"`.
    static func inline(_ svg: String, frame n: Int, glyphs: inout Glyphs, label: String) -> [UInt8] {
        var text = Array(svg.utf8)
        text = rounded(text)
        if let start = text.withUnsafeBufferPointer({ $0.firstIndex(of: Array("<svg".utf8), from: 0) }) {
            text.removeSubrange(0..<start)
        }
        var local: [[UInt8]: [UInt8]] = [:]
        let symbols = text.withUnsafeBufferPointer { symbolBlocks(in: $0) }
        var pointers: [(id: [UInt8], body: [UInt8])] = []
        for s in symbols {
            let id = Array(text[s.id]), body = Array(text[s.body])
            if body.starts(with: Array("<use".utf8)) { pointers.append((id, body)); continue }
            local[id] = glyphs.id(for: body)
        }
        for (id, body) in pointers {
            local[id] = glyphs.id(for: renamingFirstXlinkTarget(body, local))
        }
        var kept: [UInt8] = []
        kept.reserveCapacity(text.count)
        var last = 0
        for s in symbols {
            kept += text[last..<s.whole.lowerBound]
            last = s.whole.upperBound
        }
        kept += text[last...]
        func rename(_ id: ArraySlice<UInt8>) -> [UInt8] { local[Array(id)] ?? Array("f\(n)-".utf8) + id }
        text = renameIDs(kept, rename)
        text = renameReferences(text, rename)
        text = replacing(Array("xlink:href=".utf8), with: Array("href=".utf8), in: text)
        text = replacing(Array("\n  <".utf8), with: Array("\n<".utf8), in: text)
        text = placesCutToOneDecimal(text)
        return sizedByViewBox(text, label: Array("width=\"100%\" role=\"img\" aria-label=\"\(escape(label))\"".utf8))
    }

    // MARK: - The rewrites, each one scan

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private static func isWord(_ b: UInt8) -> Bool { isDigit(b) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
    private static let quote: UInt8 = 34

    /// The first `byte` in `b[from...]`.
    private static func find(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while i < b.count { if b[i] == byte { return i }; i += 1 }
        return nil
    }

    /// Does `pattern` start at `i`?
    private static func matches(_ pattern: [UInt8], in b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i >= 0, i + pattern.count <= b.count else { return false }
        for k in 0..<pattern.count where b[i + k] != pattern[k] { return false }
        return true
    }

    /// `D.DD` followed by more digits keeps `D.DD` (the first digit before the point must be one).
    static func rounded(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            while i < n {
                if i + 4 < n, isDigit(b[i]), b[i + 1] == 46, isDigit(b[i + 2]), isDigit(b[i + 3]), isDigit(b[i + 4]) {
                    out.append(b[i]); out.append(46); out.append(b[i + 2]); out.append(b[i + 3])
                    i += 4
                    while i < n && isDigit(b[i]) { i += 1 }
                    continue
                }
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    /// A `<symbol …>…</symbol>` block: the whole of it, its id's value and its body (trimmed).
    struct SymbolBlock {
        var whole: Range<Int>, id: Range<Int>, body: Range<Int>
    }

    /// Every `<symbol … id="ID" …>BODY</symbol>` in order: the id is the last `id="…"` of the tag
    /// (after a non-word character), the body ends at the first `</symbol>`.
    static func symbolBlocks(in b: UnsafeBufferPointer<UInt8>) -> [SymbolBlock] {
        let open = Array("<symbol".utf8), close = Array("</symbol>".utf8), idOpen = Array("id=\"".utf8)
        var blocks: [SymbolBlock] = []
        var i = 0
        while let p = b.firstIndex(of: open, from: i) {
            guard let tagEnd = find(62, in: b, from: p + open.count) else { break }
            // The last id="…" in the tag, with a value and its closing quote inside the tag.
            var id: Range<Int>? = nil
            var q = tagEnd - idOpen.count
            while q >= p + open.count {
                if matches(idOpen, in: b, at: q), !isWord(b[q - 1]),
                   let end = find(quote, in: b, from: q + idOpen.count), end > q + idOpen.count, end < tagEnd {
                    id = (q + idOpen.count)..<end
                    break
                }
                q -= 1
            }
            guard let id else { i = p + 1; continue }
            guard let bodyEnd = b.firstIndex(of: close, from: tagEnd + 1) else { break }
            var lo = tagEnd + 1, hi = bodyEnd
            func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
            while lo < hi && isSpace(b[lo]) { lo += 1 }
            while hi > lo && isSpace(b[hi - 1]) { hi -= 1 }
            blocks.append(SymbolBlock(whole: p..<(bodyEnd + close.count), id: id, body: lo..<hi))
            i = bodyEnd + close.count
        }
        return blocks
    }

    /// `body` with its first `xlink:href="#ID"` written `href="#SHARED"` (`ID` itself if not shared).
    private static func renamingFirstXlinkTarget(_ body: [UInt8], _ local: [[UInt8]: [UInt8]]) -> [UInt8] {
        let open = Array("xlink:href=\"#".utf8)
        return body.withUnsafeBufferPointer { b in
            var from = 0
            while let p = b.firstIndex(of: open, from: from) {
                let start = p + open.count
                guard let end = find(quote, in: b, from: start) else { break }
                guard end > start else { from = p + 1; continue }
                let target = Array(b[start..<end])
                return Array(b[0..<p]) + Array("href=\"#".utf8) + (local[target] ?? target) + [quote] + Array(b[(end + 1)...])
            }
            return body
        }
    }

    /// Every `id="ID"` (after a non-word character) → `id="NEW"`.
    private static func renameIDs(_ text: [UInt8], _ rename: (ArraySlice<UInt8>) -> [UInt8]) -> [UInt8] {
        let open = Array("id=\"".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 4096)
        text.withUnsafeBufferPointer { b in
            var i = 0, copied = 0
            while let p = b.firstIndex(of: open, from: i) {
                let start = p + open.count
                guard p == 0 || !isWord(b[p - 1]), let end = find(quote, in: b, from: start), end > start else { i = p + 1; continue }
                out += b[copied..<start]
                out += rename(text[start..<end])
                copied = end
                i = end + 1
            }
            out += b[copied...]
        }
        return out
    }

    /// Every `href="#ID` and `url(#ID` (ID up to a quote or a parenthesis) → the same with NEW.
    private static func renameReferences(_ text: [UInt8], _ rename: (ArraySlice<UInt8>) -> [UInt8]) -> [UInt8] {
        let href = Array("href=\"#".utf8), url = Array("url(#".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 4096)
        text.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0, copied = 0
            while i < n {
                let c = b[i]
                let length = c == 104 && matches(href, in: b, at: i) ? href.count : c == 117 && matches(url, in: b, at: i) ? url.count : 0
                guard length > 0 else { i += 1; continue }
                let start = i + length
                var end = start
                while end < n && b[end] != quote && b[end] != 41 { end += 1 }
                guard end > start else { i += 1; continue }
                out += b[copied..<start]
                out += rename(text[start..<end])
                copied = end
                i = end
            }
            out += b[copied...]
        }
        return out
    }

    /// Every `pattern` → `replacement`, left to right.
    private static func replacing(_ pattern: [UInt8], with replacement: [UInt8], in text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        text.withUnsafeBufferPointer { b in
            var i = 0
            while let p = b.firstIndex(of: pattern, from: i) {
                out += b[i..<p]
                out += replacement
                i = p + pattern.count
            }
            out += b[i...]
        }
        return out
    }

    /// ` x="DIGITS.D…"` and ` y="…"` → ` x="DIGITS.D"`.
    private static func placesCutToOneDecimal(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        text.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0, copied = 0
            while i + 4 < n {
                guard b[i] == 32, b[i + 1] == 120 || b[i + 1] == 121, b[i + 2] == 61, b[i + 3] == quote else { i += 1; continue }
                var j = i + 4
                while j < n && isDigit(b[j]) { j += 1 }
                guard j > i + 4, j + 1 < n, b[j] == 46, isDigit(b[j + 1]) else { i += 1; continue }
                var k = j + 2
                while k < n && isDigit(b[k]) { k += 1 }
                guard k < n, b[k] == quote else { i += 1; continue }
                out += b[copied..<(j + 2)]
                copied = k
                i = k + 1
            }
            out += b[copied...]
        }
        return out
    }

    /// The first `width="…" height="…"` → `replacement`.
    private static func sizedByViewBox(_ text: [UInt8], label replacement: [UInt8]) -> [UInt8] {
        let width = Array("width=\"".utf8), height = Array(" height=\"".utf8)
        return text.withUnsafeBufferPointer { b in
            var from = 0
            while let p = b.firstIndex(of: width, from: from) {
                guard let w = find(quote, in: b, from: p + width.count), matches(height, in: b, at: w + 1),
                      let h = find(quote, in: b, from: w + 1 + height.count) else { from = p + 1; continue }
                return Array(b[0..<p]) + replacement + Array(b[(h + 1)...])
            }
            return text
        }
    }
}
