/// The tags of an SVG file, read from its UTF-8 bytes without building a tree: where each tag is,
/// its name, whether it opens, closes or is empty (`<use …/>`), the tag that closes an open one,
/// and its attributes on demand. Enough for the rewrites of ``SVGFinishing``, which change
/// attribute values and drop whole elements, and only for files as Cairo writes them: one XML
/// declaration, no comments, no CDATA, attribute values in double quotes. Anything else (a tag
/// left open, a close tag that matches nothing) gives `nil`, and the rewrites leave the file alone.
struct SVGMarkup {
    enum Kind { case open, close, empty, other }

    struct Tag {
        /// From `<` to `>` included.
        var range: Range<Int>
        var name: Range<Int>
        var kind: Kind
        /// For an open tag, the index (in ``tags``) of the tag that closes it.
        var close: Int = -1
    }

    struct Attribute {
        /// From the space before the name to the closing quote: what removing it removes.
        var whole: Range<Int>
        var name: Range<Int>
        var value: Range<Int>
    }

    let bytes: [UInt8]
    private(set) var tags: [Tag] = []

    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        guard let tags = bytes.withUnsafeBufferPointer({ SVGMarkup.tags(in: $0) }) else { return nil }
        self.tags = tags
    }

    /// The tags of `bytes`, closes matched to opens; nil for what Cairo does not write.
    private static func tags(in bytes: UnsafeBufferPointer<UInt8>) -> [Tag]? {
        var tags: [Tag] = []
        var stack: [Int] = []
        let n = bytes.count
        var i = 0
        while i < n {
            guard let lt = bytes.firstIndex(of: 60, from: i) else { break }  // <
            i = lt
            var j = i + 1
            var quote: UInt8 = 0
            while j < n {
                let c = bytes[j]
                if quote != 0 { if c == quote { quote = 0 } } else if c == 34 || c == 39 { quote = c } else if c == 62 { break }
                j += 1
            }
            guard j < n, i + 1 < n else { return nil }
            let first = bytes[i + 1]
            let kind: Kind = first == 47 ? .close : (first == 63 || first == 33) ? .other : (bytes[j - 1] == 47 ? .empty : .open)
            if first == 33 && j - i >= 3 && bytes[i + 2] == 45 { return nil }  // a comment: not Cairo's
            let nameStart = kind == .close ? i + 2 : i + 1
            var nameEnd = nameStart
            while nameEnd < j && !SVGMarkup.isSpace(bytes[nameEnd]) && bytes[nameEnd] != 47 && bytes[nameEnd] != 62 { nameEnd += 1 }
            let tag = Tag(range: i..<(j + 1), name: nameStart..<nameEnd, kind: kind)
            switch kind {
            case .open:
                stack.append(tags.count)
            case .close:
                guard let o = stack.popLast(), bytes[tags[o].name].elementsEqual(bytes[nameStart..<nameEnd]) else { return nil }
                tags[o].close = tags.count
            case .empty, .other:
                break
            }
            tags.append(tag)
            i = j + 1
        }
        guard stack.isEmpty else { return nil }
        return tags
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 10 || c == 9 || c == 13 }

    func name(_ t: Tag) -> ArraySlice<UInt8> { bytes[t.name] }

    func isNamed(_ t: Tag, _ name: StaticString) -> Bool {
        t.name.count == name.utf8CodeUnitCount
            && name.withUTF8Buffer { bytes[t.name].elementsEqual($0) }
    }

    /// Calls `body` with each attribute of an open or empty tag, in order, until it returns false.
    func forEachAttribute(of t: Tag, _ body: (Attribute) -> Bool) {
        guard t.kind == .open || t.kind == .empty else { return }
        var i = t.name.upperBound
        let end = t.range.upperBound - 1
        while i < end {
            let start = i
            while i < end && SVGMarkup.isSpace(bytes[i]) { i += 1 }
            let nameStart = i
            while i < end && bytes[i] != 61 && !SVGMarkup.isSpace(bytes[i]) && bytes[i] != 47 { i += 1 }
            let nameEnd = i
            guard nameEnd > nameStart, i + 1 < end, bytes[i] == 61, bytes[i + 1] == 34 || bytes[i + 1] == 39 else { return }
            let quote = bytes[i + 1]
            var v = i + 2
            while v < end && bytes[v] != quote { v += 1 }
            guard v < end else { return }
            guard body(Attribute(whole: start..<(v + 1), name: nameStart..<nameEnd, value: (i + 2)..<v)) else { return }
            i = v + 1
        }
    }

    /// Every attribute of an open or empty tag, in order.
    func attributes(of t: Tag) -> [Attribute] {
        var out: [Attribute] = []
        forEachAttribute(of: t) { out.append($0); return true }
        return out
    }

    /// The attribute called `name`, if the tag has it.
    func attribute(_ name: StaticString, of t: Tag) -> Attribute? {
        var found: Attribute? = nil
        name.withUTF8Buffer { n in
            forEachAttribute(of: t) { a in
                if a.name.count == n.count && bytes[a.name].elementsEqual(n) { found = a; return false }
                return true
            }
        }
        return found
    }

    func value(_ name: StaticString, of t: Tag) -> ArraySlice<UInt8>? {
        attribute(name, of: t).map { bytes[$0.value] }
    }
}

/// Replacements of byte ranges of a file, applied in one copy.
struct SVGEdits {
    private var edits: [(range: Range<Int>, with: [UInt8])] = []

    var isEmpty: Bool { edits.isEmpty }

    mutating func replace(_ range: Range<Int>, with bytes: [UInt8]) { edits.append((range, bytes)) }
    mutating func remove(_ range: Range<Int>) { edits.append((range, [])) }
    mutating func insert(_ bytes: [UInt8], at i: Int) { edits.append((i..<i, bytes)) }

    /// `bytes` with every edit made. An edit that starts inside an earlier one is dropped (removing
    /// an element removes what is in it); insertions at one place keep their order.
    func applied(to bytes: [UInt8]) -> [UInt8] {
        guard !edits.isEmpty else { return bytes }
        let ordered = edits.enumerated().sorted { a, b in
            a.element.range.lowerBound != b.element.range.lowerBound
                ? a.element.range.lowerBound < b.element.range.lowerBound : a.offset < b.offset
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var copied = 0
        for (_, e) in ordered {
            if e.range.lowerBound < copied { continue }
            out += bytes[copied..<e.range.lowerBound]
            out += e.with
            copied = e.range.upperBound
        }
        out += bytes[copied...]
        return out
    }
}
