/// Cairo draws a line of text as a `<g style="fill:…">` holding one `<use>` per glyph, each
/// placed with its own `x` and `y`, pointing at a `<symbol>` that holds the glyph's outline:
///
/// ```
/// <g style="fill:#222222;">
/// <use xlink:href="#glyph1-2" x="88" y="41"/>
/// <use xlink:href="#glyph1-5" x="99.6" y="41"/>
/// ```
/// Three rewrites make that smaller and draw the same:
///
/// - ``dropUnusedGlyphs(_:)``: a glyph whose outline is empty (the space) draws nothing; its symbol
///   and every `<use>` of it go, and so does a group left with nothing in it, and a symbol nothing
///   points at (each font's ".notdef" box, which Cairo writes whether it is drawn or not);
/// - ``hoistBaselines(_:)``: a run whose glyphs all sit on one baseline says it once, on the group:
///   `<g style="fill:#222222;" transform="translate(0,41)">` and `<use xlink:href="#glyph1-2" x="88"/>`
///   (a `<use>` at x, y is the element moved by (x, y); moving the group by (0, y) instead is the
///   same sum);
/// - ``shortenGlyphIDs(_:)``: `glyph1-2` → `g1`, numbered in order of first appearance.
///
/// Each is a pure function of the file and leaves a file it cannot read (see ``SVGMarkup``) alone.
enum SVGGlyphRuns {
    // MARK: - Glyphs that draw nothing

    static func dropUnusedGlyphs(_ bytes: [UInt8]) -> [UInt8] {
        guard let svg = SVGMarkup(bytes) else { return bytes }
        let tags = svg.tags
        var symbols: [(id: ArraySlice<UInt8>, open: Int)] = []
        for (k, t) in tags.enumerated() where t.kind == .open && svg.isNamed(t, "symbol") {
            guard let id = svg.value("id", of: t) else { continue }
            symbols.append((id, k))
        }
        guard !symbols.isEmpty else { return bytes }
        // Symbols holding one path with no drawing in it, or a <use> of such a symbol.
        var empty: Set<ArraySlice<UInt8>> = []
        while true {
            var grew = false
            for s in symbols where !empty.contains(s.id) {
                let open = tags[s.open]
                guard open.close == s.open + 2 else { continue }   // exactly one element inside
                let child = tags[s.open + 1]
                guard child.kind == .empty else { continue }
                if svg.isNamed(child, "path"), let d = svg.value("d", of: child), d.allSatisfy(SVGMarkup.isSpace) {
                    empty.insert(s.id); grew = true
                } else if svg.isNamed(child, "use"), let target = reference(svg, child), empty.contains(target) {
                    empty.insert(s.id); grew = true
                }
            }
            if !grew { break }
        }
        var gone = [Bool](repeating: false, count: tags.count)
        func drop(_ k: Int) { for j in k...(tags[k].kind == .open ? tags[k].close : k) { gone[j] = true } }
        for (k, t) in tags.enumerated() where t.kind == .empty && svg.isNamed(t, "use") && svg.value("id", of: t) == nil {
            if let target = reference(svg, t), empty.contains(target) { drop(k) }
        }
        // Then every symbol no <use> left points at (the empty ones, the .notdef boxes), until none
        // is left: only a <use> draws a symbol.
        let uses = tags.indices.filter { tags[$0].kind != .close && svg.isNamed(tags[$0], "use") }
        var dropped = Set<Int>()
        while true {
            var used = Set<ArraySlice<UInt8>>()
            for k in uses where !gone[k] {
                if let target = reference(svg, tags[k]) { used.insert(target) }
            }
            let unused = symbols.filter { !dropped.contains($0.open) && !used.contains($0.id) }
            if unused.isEmpty { break }
            for s in unused { dropped.insert(s.open); drop(s.open) }
        }
        // Groups (without an id) left with nothing, innermost first.
        for k in tags.indices.reversed() where tags[k].kind == .open && svg.isNamed(tags[k], "g") && svg.value("id", of: tags[k]) == nil {
            let inside = (k + 1)..<tags[k].close
            if !inside.isEmpty && inside.allSatisfy({ gone[$0] }) { drop(k) }
        }
        var edits = SVGEdits()
        var k = 0
        while k < tags.count {
            guard gone[k] else { k += 1; continue }
            let last = tags[k].kind == .open ? tags[k].close : k
            var end = tags[last].range.upperBound
            if end < bytes.count && bytes[end] == 10 { end += 1 }
            edits.remove(tags[k].range.lowerBound..<end)
            k = last + 1
        }
        return edits.applied(to: bytes)
    }

    /// The id a `<use>` points at (`xlink:href="#ID"` or `href="#ID"`).
    private static func reference(_ svg: SVGMarkup, _ t: SVGMarkup.Tag) -> ArraySlice<UInt8>? {
        guard let v = svg.value("xlink:href", of: t) ?? svg.value("href", of: t), v.first == 35 else { return nil }
        return v.dropFirst()
    }

    // MARK: - One baseline per run

    static func hoistBaselines(_ bytes: [UInt8]) -> [UInt8] {
        guard let svg = SVGMarkup(bytes) else { return bytes }
        let tags = svg.tags
        var edits = SVGEdits()
        // Groups with a style at most: a transform would move a clip path or a mask along.
        for (k, g) in tags.enumerated() where g.kind == .open && svg.isNamed(g, "g")
            && svg.attributes(of: g).allSatisfy({ svg.bytes[$0.name].elementsEqual("style".utf8) }) {
            let inside = (k + 1)..<g.close
            guard !inside.isEmpty else { continue }
            var baseline: ArraySlice<UInt8>? = nil
            var ys: [Range<Int>] = []
            for j in inside {
                let t = tags[j]
                guard t.kind == .empty, svg.isNamed(t, "use") else { baseline = nil; break }
                let attributes = svg.attributes(of: t)
                // Only href, x and y: a transform or a style of its own would not commute.
                guard attributes.allSatisfy({ a in placing.contains { svg.bytes[a.name].elementsEqual($0) } }),
                      let y = attributes.first(where: { svg.bytes[$0.name].elementsEqual("y".utf8) }),
                      baseline == nil || baseline!.elementsEqual(svg.bytes[y.value]) else { baseline = nil; break }
                baseline = svg.bytes[y.value]
                ys.append(y.whole)
            }
            guard let baseline else { continue }
            let transform = Array(" transform=\"translate(0,".utf8) + baseline + Array(")\"".utf8)
            // Worth it only when the y attributes removed are longer than the transform added.
            guard ys.reduce(0, { $0 + $1.count }) > transform.count else { continue }
            edits.insert(transform, at: g.range.upperBound - 1)
            for y in ys { edits.remove(y) }
        }
        return edits.applied(to: bytes)
    }

    private static let placing: [[UInt8]] = ["xlink:href", "href", "x", "y"].map { Array($0.utf8) }

    // MARK: - Short ids

    static func shortenGlyphIDs(_ bytes: [UInt8]) -> [UInt8] {
        guard let svg = SVGMarkup(bytes) else { return bytes }
        var names: [ArraySlice<UInt8>: [UInt8]] = [:]
        var edits = SVGEdits()
        var taken = false
        for t in svg.tags where t.kind == .open || t.kind == .empty {
            svg.forEachAttribute(of: t) { a in
                let name = svg.bytes[a.name]
                var value = a.value
                if name.elementsEqual("id".utf8) {
                    // A short name already taken: leave the file as it is.
                    if isShortName(svg.bytes[value]) { taken = true; return false }
                } else if name.elementsEqual("xlink:href".utf8) || name.elementsEqual("href".utf8), svg.bytes[value].first == 35 {
                    value = (value.lowerBound + 1)..<value.upperBound
                } else {
                    return true
                }
                let id = svg.bytes[value]
                guard isGlyphID(id) else { return true }
                let short = names[id] ?? Array("g\(names.count + 1)".utf8)
                names[id] = short
                edits.replace(value, with: short)
                return true
            }
            if taken { return bytes }
        }
        return edits.applied(to: bytes)
    }

    /// `glyphF-G` or `glyph-F-G`.
    static func isGlyphID(_ id: ArraySlice<UInt8>) -> Bool {
        guard id.starts(with: "glyph".utf8) else { return false }
        var rest = id.dropFirst(5)
        if rest.first == 45 { rest = rest.dropFirst() }
        guard let dash = rest.firstIndex(of: 45) else { return false }
        let font = rest[..<dash], glyph = rest[(dash + 1)...]
        return !font.isEmpty && !glyph.isEmpty && font.allSatisfy(isDigit) && glyph.allSatisfy(isDigit)
    }

    /// `gN`: the form ``shortenGlyphIDs(_:)`` writes.
    private static func isShortName(_ id: ArraySlice<UInt8>) -> Bool {
        id.count > 1 && id.first == 103 && id.dropFirst().allSatisfy(isDigit)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}
