/// Drops from `style` attributes what holds anyway. Cairo writes every property of every path:
///
/// ```
/// style="fill-rule:nonzero;fill:#dce8f7;fill-opacity:1;stroke-width:0.75;stroke-linecap:butt;
///        stroke-linejoin:miter;stroke:#b5b5b5;stroke-opacity:1;stroke-miterlimit:10;"
/// style=" stroke:none;fill-rule:nonzero;fill:#ffffff;fill-opacity:1;"
/// ```
/// and these become `fill:#dce8f7;stroke-width:0.75;stroke:#b5b5b5;stroke-miterlimit:10` and
/// `fill:#ffffff`. A declaration goes when
///
/// - it sets a property to its initial value (SVG 1.1: `fill-rule:nonzero`, `fill-opacity:1`,
///   `stroke:none`, `stroke-width:1`, `stroke-linecap:butt`, `stroke-linejoin:miter`,
///   `stroke-miterlimit:4`, `stroke-opacity:1`, …) and no container in the file (an element
///   that can have children or, as `<use>`, lends its properties to what it draws) sets that
///   property to anything else: then every element without the declaration inherits, or starts
///   from, that same initial value;
/// - it is a stroke detail (`stroke-width`, `-linecap`, `-linejoin`, `-miterlimit`, `-dasharray`,
///   `-dashoffset`, `-opacity`) of a shape that is not stroked (its own `stroke:none`, or no
///   stroke of its own and no container with one);
/// - it is `stroke-miterlimit` of a shape whose own `stroke-linejoin` is `round` or `bevel`, or
///   `fill-rule` or `fill-opacity` of a shape whose own `fill` is `none`.
///
/// Nothing is dropped for a property that any element sets to `inherit`. A style left empty is
/// removed. Pure function of the file; a file ``SVGMarkup`` cannot read is left alone.
enum SVGStyles {
    private typealias Bytes = ArraySlice<UInt8>

    private static func bytes(_ s: String) -> Bytes { Bytes(s.utf8) }

    private static let initial: [Bytes: Bytes] = Dictionary(uniqueKeysWithValues: [
        ("fill-rule", "nonzero"), ("fill-opacity", "1"), ("clip-rule", "nonzero"), ("opacity", "1"),
        ("stroke", "none"), ("stroke-width", "1"), ("stroke-linecap", "butt"), ("stroke-linejoin", "miter"),
        ("stroke-miterlimit", "4"), ("stroke-opacity", "1"), ("stroke-dasharray", "none"), ("stroke-dashoffset", "0"),
    ].map { (bytes($0.0), bytes($0.1)) })

    private static let strokeDetails: Set<Bytes> = Set(["stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
                                                        "stroke-dasharray", "stroke-dashoffset", "stroke-opacity"].map(bytes))
    private static let fillDetails: Set<Bytes> = Set(["fill-rule", "fill-opacity"].map(bytes))
    /// Elements that have no children and lend nothing to other elements.
    private static let shapes: Set<Bytes> = Set(["path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image"].map(bytes))

    private static let stroke = bytes("stroke"), fill = bytes("fill"), linejoin = bytes("stroke-linejoin")
    private static let miterlimit = bytes("stroke-miterlimit"), none = bytes("none"), inherit = bytes("inherit")
    private static let round = bytes("round"), bevel = bytes("bevel")

    /// Could `name` be in ``initial``? (Every one starts with c, f, o or s and has at least 6
    /// letters; `x`, `d`, `xlink:href`, `transform` are not looked up.)
    private static func mayBeProperty(_ name: Bytes) -> Bool {
        guard name.count >= 6, let c = name.first else { return false }
        return c == 99 || c == 102 || c == 111 || c == 115
    }

    /// One `name:value` of a style, both trimmed; `whole` is the declaration trimmed.
    private struct Declaration {
        var name: Range<Int>, value: Range<Int>, whole: Range<Int>
    }

    private static func declarations(_ b: [UInt8], _ range: Range<Int>) -> [Declaration] {
        var out: [Declaration] = []
        var i = range.lowerBound
        while i < range.upperBound {
            var end = i
            while end < range.upperBound && b[end] != 59 { end += 1 }   // ;
            var lo = i, hi = end
            while lo < hi && SVGMarkup.isSpace(b[lo]) { lo += 1 }
            while hi > lo && SVGMarkup.isSpace(b[hi - 1]) { hi -= 1 }
            if lo < hi, let colon = b[lo..<hi].firstIndex(of: 58) {
                var nameEnd = colon, valueStart = colon + 1
                while nameEnd > lo && SVGMarkup.isSpace(b[nameEnd - 1]) { nameEnd -= 1 }
                while valueStart < hi && SVGMarkup.isSpace(b[valueStart]) { valueStart += 1 }
                out.append(Declaration(name: lo..<nameEnd, value: valueStart..<hi, whole: lo..<hi))
            }
            i = end + 1
        }
        return out
    }

    static func dropDefaults(_ input: [UInt8]) -> [UInt8] {
        guard let svg = SVGMarkup(input) else { return input }
        let b = svg.bytes
        // What containers set, and what anything sets to `inherit`: from styles and from
        // presentation attributes (`fill-opacity="0.5"`) alike.
        var setByContainers: Set<Bytes> = [], inherited: Set<Bytes> = []
        for t in svg.tags where t.kind == .open || t.kind == .empty {
            let isShape = shapes.contains(svg.name(t))
            func note(_ name: Bytes, _ value: Bytes) {
                if value == inherit { inherited.insert(name) }
                if !isShape, mayBeProperty(name), let v = initial[name], v != value { setByContainers.insert(name) }
            }
            svg.forEachAttribute(of: t) { a in
                if b[a.name].elementsEqual("style".utf8) {
                    for d in declarations(b, a.value) { note(b[d.name], b[d.value]) }
                } else {
                    note(b[a.name], b[a.value])
                }
                return true
            }
        }
        var edits = SVGEdits()
        for t in svg.tags where t.kind == .open || t.kind == .empty {
            guard let style = svg.attribute("style", of: t) else { continue }
            let attributes = svg.attributes(of: t)
            let isShape = shapes.contains(svg.name(t))
            let list = declarations(b, style.value)
            /// The element's own value of a property: its style's, else its attribute's.
            func own(_ name: Bytes) -> Bytes? {
                if let d = list.last(where: { b[$0.name] == name }) { return b[d.value] }
                return attributes.first { b[$0.name] == name }.map { b[$0.value] }
            }
            let ownStroke = own(stroke)
            let unstroked = isShape && (ownStroke == none || (ownStroke == nil && !setByContainers.contains(stroke)))
            let unfilled = isShape && own(fill) == none
            let roundJoins = isShape && (own(linejoin) == round || own(linejoin) == bevel)
            var kept: [UInt8] = []
            for d in list {
                let name = b[d.name], value = b[d.value]
                let isInitial = !(!inherited.isEmpty && inherited.contains(name)) && initial[name] == value
                    && !(!setByContainers.isEmpty && setByContainers.contains(name))
                let irrelevant = (unstroked && strokeDetails.contains(name)) || (unfilled && fillDetails.contains(name))
                    || (roundJoins && name == miterlimit)
                if isInitial || irrelevant { continue }
                if !kept.isEmpty { kept.append(59) }
                kept += b[d.whole]
            }
            if kept.isEmpty { edits.remove(style.whole) } else { edits.replace(style.value, with: kept) }
        }
        return edits.applied(to: input)
    }
}
