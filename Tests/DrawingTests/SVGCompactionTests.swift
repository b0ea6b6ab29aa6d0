@testable import Drawing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Collects every element's name and attributes, in document order.
private final class Elements: NSObject, XMLParserDelegate {
    var list: [(name: String, attributes: [String: String])] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        list.append((name, attributes))
    }
    static func of(_ text: String) -> Elements? {
        let e = Elements(), parser = XMLParser(data: Data(text.utf8))
        parser.delegate = e
        return parser.parse() ? e : nil
    }
}

/// The numbers in a string, in order.
private func numbers(_ s: String) -> [Double] {
    s.split(whereSeparator: { !"0123456789.-".contains($0) }).compactMap { Double($0) }
}

@Suite("SVG compaction: smaller files that draw the same")
struct SVGCompactionTests {
    func compact(_ s: String) -> String { String(decoding: SVGCompaction.compact(Array(s.utf8)), as: UTF8.self) }

    @Test("Numbers are rounded to two decimals; ids, versions and short numbers are left alone")
    func numbersRounded() {
        #expect(compact("d=\"M 7.757812 -12.390625 L -0.001 0.004999 C 1.5 2.25 10 3.999\"")
                == "d=\"M 7.76 -12.39 L 0 0 C 1.5 2.25 10 4\"")
        #expect(compact("<?xml version=\"1.0\"?><use xlink:href=\"#glyph12-345\" x=\"0.105\"/>")
                == "<?xml version=\"1.0\"?><use xlink:href=\"#glyph12-345\" x=\"0.11\"/>")
        #expect(compact("matrix(1,0,0,1,-7.123456,3.5)") == "matrix(1,0,0,1,-7.12,3.5)")
        #expect(compact("id=\"a1.23456\"") == "id=\"a1.23456\"")
    }

    @Test("Cairo's percentage colours become the same 8-bit colour in hex", arguments: [0, 1, 13, 128, 214, 254, 255])
    func colours(level: Int) {
        // Cairo writes channel n as n/255 in percent with six decimals.
        let percent = String(format: "%f%%", Double(level) / 255 * 100)
        let hex = String(format: "%02x", level)
        #expect(compact("fill:rgb(\(percent),\(percent),\(percent));") == "fill:#\(hex)\(hex)\(hex);")
    }

    @Test("Indentation goes; the document keeps its elements, attributes and (to 0.005) its numbers")
    func sameDocument() throws {
        let raw = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="1328pt" height="747pt" viewBox="0 0 1328 747" version="1.1">
        <defs>
        <g>
        <symbol overflow="visible" id="glyph1-2">
        <path style="stroke:none;" d="M 10.78125 -5.65625 C 7.78125 -5.125 7.757812 -5.679688 7.71875 -5.984375 Z "/>
        </symbol>
        </g>
        </defs>
        <path style="fill:rgb(83.921569%,15.686275%,22.352941%);stroke-width:1.5;" d="M 452.757812 512.5 L 466.757812 512.5 Z " transform="matrix(1,0,0,1,100,1)"/>
        <g style="fill:rgb(13.333333%,13.333333%,13.333333%);fill-opacity:1;">
          <use xlink:href="#glyph1-2" x="571.757812" y="524.5"/>
          <use xlink:href="#glyph1-2" x="576.266846" y="524.5"/>
        </g>
        </svg>
        """
        let small = compact(raw)
        #expect(small.utf8.count < raw.utf8.count)
        #expect(!small.contains("\n "))
        let a = try #require(Elements.of(raw)), b = try #require(Elements.of(small))
        #expect(a.list.map(\.name) == b.list.map(\.name))
        #expect(b.list.filter { $0.name == "use" }.count == 2)
        for (x, y) in zip(a.list, b.list) {
            #expect(x.attributes.keys.sorted() == y.attributes.keys.sorted())
            for (key, value) in x.attributes where key != "style" {
                let u = numbers(value), v = numbers(y.attributes[key] ?? "")
                #expect(u.count == v.count, "\(key)")
                for (p, q) in zip(u, v) { #expect(abs(p - q) <= 0.005, "\(key): \(p) became \(q)") }
            }
        }
        #expect(b.list.last?.attributes["x"] == "576.27")
        #expect(small.contains("fill:#d62839;") && small.contains("fill:#222222;"))
        // A second pass changes nothing: the result is a fixed point.
        #expect(compact(small) == small)
    }
}

@Suite("Glyph outlines shared between font sizes")
struct SVGGlyphSharingTests {
    /// An SVG with `text` at each size (regular), and once in bold at the last size.
    func svg(_ text: String, sizes: [Double]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("glyphs-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try Surface.svg(path: path, size: Size(400, 300))
        let c = try Canvas(s)
        for (i, size) in sizes.enumerated() { c.text(text, at: Point(10, 40 + 50 * Double(i)), size: size) }
        c.text(text, at: Point(10, 280), size: sizes.last ?? 12, weight: .bold)
        try s.finish()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// `id` → the symbol's body.
    func symbols(_ svg: String) -> [String: String] {
        var out: [String: String] = [:]
        var rest = svg[...]
        while let a = rest.range(of: "<symbol overflow=\"visible\" id=\""), let q = rest[a.upperBound...].firstIndex(of: "\""),
              let b = rest[q...].range(of: "</symbol>") {
            let body = rest[rest.index(after: q)..<b.lowerBound]
            out[String(rest[a.upperBound..<q])] = String(body.drop { $0 != ">" }.dropFirst()).trimmingCharacters(in: .whitespacesAndNewlines)
            rest = rest[b.upperBound...]
        }
        return out
    }

    @Test("The same characters at 11 and 17 pt are drawn from one outline, scaled by 11/17; bold keeps its own")
    func shared() throws {
        let file = try svg("Hello 65", sizes: [11, 17])
        let bodies = symbols(file)
        let pointers = bodies.filter { $0.value.hasPrefix("<use") }
        // "Hello 65" has 6 distinct outlines (H e l o 6 5; the space has none).
        #expect(pointers.count == 6, "\(bodies.keys.sorted())")
        for (_, body) in pointers {
            let scale = body.components(separatedBy: "scale(").last.flatMap { Double($0.prefix { $0 != ")" }) } ?? 0
            #expect(abs(scale - 11.0 / 17) < 0.002, "\(body)")
            // The outline pointed at is a path, and exists.
            let target = body.components(separatedBy: "#").last?.prefix { $0 != "\"" } ?? ""
            #expect(bodies[String(target)]?.hasPrefix("<path") == true, "\(target)")
        }
        // Bold outlines are different shapes: none of them points anywhere, none is pointed at by bold.
        #expect(bodies.values.filter { $0.hasPrefix("<path") }.count >= 6 * 2)
    }

    @Test("Without a .notdef box to measure a size by, nothing is shared")
    func untouched() {
        let text = #"<symbol overflow="visible" id="glyph1-2"><path style="stroke:none;" d="M 1 2 L 3 4 Z"/></symbol><symbol overflow="visible" id="glyph2-2"><path style="stroke:none;" d="M 2 4 L 6 8 Z"/></symbol>"#
        #expect(SVGGlyphSharing.share(Array(text.utf8)) == Array(text.utf8))
    }
}

@Suite("Glyph sharing on a hand-written file")
struct SVGGlyphSharingByHandTests {
    /// Two fonts: .notdef boxes 10 and 5 high; "a" in both (the small one half the size, to 0.01),
    /// "b" only in the small one, and "c" in both but of another shape.
    static let file = """
    <symbol overflow="visible" id="glyph1-1"><path style="stroke:none;" d="M 1 2 L 1 -8 L 6 -8 L 6 2 Z M 2 1 L 5 1 L 5 -7 L 2 -7 Z M 2 1 "/></symbol>
    <symbol overflow="visible" id="glyph1-2"><path style="stroke:none;" d="M 2 -4 L 6 -4 C 7 -5 7 -6 6 -7 Z M 2 -4 "/></symbol>
    <symbol overflow="visible" id="glyph1-3"><path style="stroke:none;" d="M 0 0 L 4 0 L 4 -4 Z M 0 0 "/></symbol>
    <symbol overflow="visible" id="glyph2-1"><path style="stroke:none;" d="M 0.5 1 L 0.5 -4 L 3 -4 L 3 1 Z M 1 0.5 L 2.5 0.5 L 2.5 -3.5 L 1 -3.5 Z M 1 0.5 "/></symbol>
    <symbol overflow="visible" id="glyph2-2"><path style="stroke:none;" d="M 1.01 -2 L 3 -2 C 3.5 -2.5 3.5 -3 3 -3.5 Z M 1.01 -2 "/></symbol>
    <symbol overflow="visible" id="glyph2-3"><path style="stroke:none;" d="M 9 9 L 9 9 Z"/></symbol>
    <symbol overflow="visible" id="glyph2-4"><path style="stroke:none;" d="M 0 0 L 2 0 L 2 -1 Z M 0 0 "/></symbol>
    """

    @Test("The small font's 'a' becomes a use of the big one scaled by 5/10; the rest stays")
    func byHand() {
        let out = String(decoding: SVGGlyphSharing.share(Array(Self.file.utf8)), as: UTF8.self)
        let expected = Self.file.replacingOccurrences(
            of: #"<symbol overflow="visible" id="glyph2-2"><path style="stroke:none;" d="M 1.01 -2 L 3 -2 C 3.5 -2.5 3.5 -3 3 -3.5 Z M 1.01 -2 "/></symbol>"#,
            with: ##"<symbol overflow="visible" id="glyph2-2"><use xlink:href="#glyph1-2" transform="scale(0.5)"/></symbol>"##)
        #expect(out != Self.file)
        #expect(out == expected)
    }
}
