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
