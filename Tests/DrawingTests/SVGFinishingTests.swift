@testable import Drawing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The rewrites of a finished SVG, each on a small hand-written file whose result is written out by hand.
private func text(_ f: ([UInt8]) -> [UInt8], _ s: String) -> String { String(decoding: f(Array(s.utf8)), as: UTF8.self) }

@Suite("SVG markup: tags, their nesting and attributes")
struct SVGMarkupTests {
    @Test("Kinds, names, the closing tag of each open one, attributes (a > inside a value is not an end)")
    func tags() throws {
        let s = ##"<?xml version="1.0"?><svg a="1"><g style="x:1"><use xlink:href="#g1" x="2"/></g><path d="M 1 2" t="x>y"/></svg>"##
        let svg = try #require(SVGMarkup(Array(s.utf8)))
        #expect(svg.tags.map(\.kind) == [.other, .open, .open, .empty, .close, .empty, .close])
        #expect(svg.tags.map { String(decoding: svg.name($0), as: UTF8.self) } == ["?xml", "svg", "g", "use", "g", "path", "svg"])
        #expect(svg.tags[1].close == 6 && svg.tags[2].close == 4)
        let use = svg.attributes(of: svg.tags[3]).map { (String(decoding: svg.bytes[$0.name], as: UTF8.self), String(decoding: svg.bytes[$0.value], as: UTF8.self)) }
        #expect(use.map(\.0) == ["xlink:href", "x"] && use.map(\.1) == ["#g1", "2"])
        #expect(svg.value("t", of: svg.tags[5]).map { String(decoding: $0, as: UTF8.self) } == "x>y")
        // Removing an attribute's whole range leaves the tag well-formed.
        let x = try #require(svg.attribute("x", of: svg.tags[3]))
        #expect(String(decoding: svg.bytes[x.whole], as: UTF8.self) == ##" x="2""##)
    }

    @Test("What Cairo does not write is not read", arguments: ["<g><path/>", "<g></svg>", "<svg><!-- a --></svg>", "<svg a=\"1></svg>"])
    func unreadable(_ s: String) {
        #expect(SVGMarkup(Array(s.utf8)) == nil)
    }

    @Test("Edits: in order of place; one inside an earlier removal is dropped; insertions at one place keep their order")
    func edits() {
        var e = SVGEdits()
        e.insert(Array("!".utf8), at: 5)
        e.remove(2..<3)
        e.replace(1..<3, with: Array("XY".utf8))
        e.insert(Array("?".utf8), at: 5)
        #expect(String(decoding: e.applied(to: Array("abcdef".utf8)), as: UTF8.self) == "aXYde!?f")
    }
}

@Suite("Glyph runs: unused glyphs, one baseline per run, short ids")
struct SVGGlyphRunsTests {
    @Test("The space (an empty outline), a scaled use of it and the .notdef box go; so do their uses and a group left empty")
    func unused() {
        let input = """
        <svg>
        <defs>
        <g>
        <symbol overflow="visible" id="glyph1-1">
        <path style="stroke:none;" d="M 0 1 L 0 -5 L 3 -5 Z M 0 1 "/>
        </symbol>
        <symbol overflow="visible" id="glyph1-2">
        <path style="stroke:none;" d=""/>
        </symbol>
        <symbol overflow="visible" id="glyph1-3">
        <path style="stroke:none;" d="M 1 1 L 2 2 Z"/>
        </symbol>
        <symbol overflow="visible" id="glyph2-2"><use xlink:href="#glyph1-2" transform="scale(0.5)"/></symbol>
        </g>
        </defs>
        <g style="fill:#222222;">
        <use xlink:href="#glyph1-3" x="1" y="9"/>
        <use xlink:href="#glyph1-2" x="4" y="9"/>
        </g>
        <g style="fill:#222222;">
        <use xlink:href="#glyph2-2" x="8" y="9"/>
        </g>
        </svg>
        """
        #expect(text(SVGGlyphRuns.dropUnusedGlyphs, input) == """
        <svg>
        <defs>
        <g>
        <symbol overflow="visible" id="glyph1-3">
        <path style="stroke:none;" d="M 1 1 L 2 2 Z"/>
        </symbol>
        </g>
        </defs>
        <g style="fill:#222222;">
        <use xlink:href="#glyph1-3" x="1" y="9"/>
        </g>
        </svg>
        """)
    }

    @Test("A use with an id of its own, the symbol it points at and a group with an id stay")
    func named() {
        let input = ##"<svg><symbol id="s"><path d=" "/></symbol><g id="a"><use xlink:href="#s" x="1"/></g><use id="u" xlink:href="#s"/></svg>"##
        #expect(text(SVGGlyphRuns.dropUnusedGlyphs, input)
                == ##"<svg><symbol id="s"><path d=" "/></symbol><g id="a"></g><use id="u" xlink:href="#s"/></svg>"##)
    }

    @Test("A run on one baseline says its y once, on the group (four times ` y=\"41.5\"` is longer than the transform)")
    func baseline() {
        let input = """
        <g style="fill:#222222;">
        <use xlink:href="#g1" x="88" y="41.5"/>
        <use xlink:href="#g2" x="99.6" y="41.5"/>
        <use xlink:href="#g1" x="111.7" y="41.5"/>
        <use xlink:href="#g3" x="120" y="41.5"/>
        </g>
        """
        #expect(text(SVGGlyphRuns.hoistBaselines, input) == """
        <g style="fill:#222222;" transform="translate(0,41.5)">
        <use xlink:href="#g1" x="88"/>
        <use xlink:href="#g2" x="99.6"/>
        <use xlink:href="#g1" x="111.7"/>
        <use xlink:href="#g3" x="120"/>
        </g>
        """)
    }

    @Test("Left alone: two baselines, a clipped group, a run too short to gain, a use with a transform", arguments: [
        ##"<g style="fill:#222222;"><use xlink:href="#g1" x="1" y="41.5"/><use xlink:href="#g1" x="2" y="41.5"/><use xlink:href="#g1" x="3" y="41.5"/><use xlink:href="#g1" x="4" y="50"/></g>"##,
        ##"<g clip-path="url(#clip1)"><use xlink:href="#g1" x="1" y="41.5"/><use xlink:href="#g1" x="2" y="41.5"/><use xlink:href="#g1" x="3" y="41.5"/><use xlink:href="#g1" x="4" y="41.5"/></g>"##,
        ##"<g style="fill:#222222;"><use xlink:href="#g1" x="1" y="41.5"/><use xlink:href="#g1" x="2" y="41.5"/></g>"##,
        ##"<g><use xlink:href="#i" x="1" y="4" transform="scale(2)"/><use xlink:href="#i" x="1" y="4"/><use xlink:href="#i" x="1" y="4"/><use xlink:href="#i" x="1" y="4"/></g>"##,
    ])
    func baselineKept(_ input: String) {
        #expect(text(SVGGlyphRuns.hoistBaselines, input) == input)
    }

    @Test("Glyph ids become gN in order of first appearance, in ids and references; other ids stay")
    func shortIDs() {
        let input = ##"<symbol id="glyph2-5"/><symbol id="glyph1-1"/><use xlink:href="#glyph1-1"/><use href="#glyph2-5"/><symbol id="glyph-3-1"/><g id="clip1"/><use xlink:href="#glyph-3-1" clip-path="url(#clip1)"/><g id="glyph1-1x"/>"##
        #expect(text(SVGGlyphRuns.shortenGlyphIDs, input)
                == ##"<symbol id="g1"/><symbol id="g2"/><use xlink:href="#g2"/><use href="#g1"/><symbol id="g3"/><g id="clip1"/><use xlink:href="#g3" clip-path="url(#clip1)"/><g id="glyph1-1x"/>"##)
        // A gN already there: nothing is renamed.
        let taken = ##"<symbol id="glyph1-1"/><g id="g7"/><use xlink:href="#glyph1-1"/>"##
        #expect(text(SVGGlyphRuns.shortenGlyphIDs, taken) == taken)
    }
}

@Suite("Style declarations that hold anyway")
struct SVGStylesTests {
    @Test("Cairo's styles lose their initial values, the stroke details of what is not stroked, miter limits of round joins")
    func cairo() {
        let input = """
        <svg>
        <g style="fill:#222222;fill-opacity:1;">
        <use xlink:href="#g1" x="1"/>
        </g>
        <path style=" stroke:none;fill-rule:nonzero;fill:#ffffff;fill-opacity:1;" d="M 0 0"/>
        <path style="fill-rule:nonzero;fill:#dce8f7;fill-opacity:1;stroke-width:0.75;stroke-linecap:butt;stroke-linejoin:miter;stroke:#b5b5b5;stroke-opacity:1;stroke-miterlimit:10;" d="M 0 0"/>
        <path style="fill:none;stroke-width:0.6;stroke-linecap:round;stroke-linejoin:round;stroke:#2f6db5;stroke-opacity:1;stroke-miterlimit:10;" d="M 0 0"/>
        <path style="stroke:none;stroke-width:3;" d="M 0 0"/>
        <rect x="0" y="0" width="1" height="1" style="fill:#ffffff;fill-opacity:1;stroke:none;"/>
        </svg>
        """
        #expect(text(SVGStyles.dropDefaults, input) == """
        <svg>
        <g style="fill:#222222">
        <use xlink:href="#g1" x="1"/>
        </g>
        <path style="fill:#ffffff" d="M 0 0"/>
        <path style="fill:#dce8f7;stroke-width:0.75;stroke:#b5b5b5;stroke-miterlimit:10" d="M 0 0"/>
        <path style="fill:none;stroke-width:0.6;stroke-linecap:round;stroke-linejoin:round;stroke:#2f6db5" d="M 0 0"/>
        <path d="M 0 0"/>
        <rect x="0" y="0" width="1" height="1" style="fill:#ffffff"/>
        </svg>
        """)
    }

    @Test("What a container sets is inherited: the same value on a shape inside then says something and stays")
    func containers() {
        #expect(text(SVGStyles.dropDefaults, ##"<g style="fill-opacity:0.5;stroke:#000000"><path style="fill-opacity:1;stroke:none;stroke-width:2;fill-rule:nonzero"/></g>"##)
                == ##"<g style="fill-opacity:0.5;stroke:#000000"><path style="fill-opacity:1;stroke:none"/></g>"##)
        // Set by a presentation attribute, a stroke inherited (so the shape is stroked), or
        // set on a <use> (its symbol inherits from it).
        for kept in [##"<g stroke-linecap="round"><path style="stroke:#000000;stroke-linecap:butt"/></g>"##,
                     ##"<g style="stroke:#000000"><path style="stroke-width:2;stroke-miterlimit:10"/></g>"##,
                     ##"<use xlink:href="#p" style="stroke-width:3"/><path id="p" style="stroke:#000000;stroke-width:1"/>"##,
                     ##"<g><path style="fill-opacity:inherit"/><path style="fill-opacity:1"/></g>"##] {
            #expect(text(SVGStyles.dropDefaults, kept) == kept)
        }
    }
}

@Suite("Path data in its short form")
struct SVGPathDataTests {
    @Test("Cairo's rectangle: H and V, no closing move, the translation added to the points")
    func rectangle() {
        #expect(text(SVGPathData.compact, ##"<path style="fill:#dce8f7" d="M 48 184.5 L 82 184.5 L 82 218.5 L 48 218.5 Z M 48 184.5 " transform="matrix(1,0,0,1,64,0)"/>"##)
                == ##"<path style="fill:#dce8f7" d="M112 184.5H146V218.5H112Z"/>"##)
        #expect(text(SVGPathData.compact, ##"<path d="M 0.5 -1 L 0.5 2" transform="matrix(1,0,0,1,-0.75,10.25)"/>"##)
                == ##"<path d="M-0.25 9.25V12.25"/>"##)
    }

    @Test("Letters only when the command changes, lines after a move without L, no space before a minus")
    func outline() {
        #expect(text(SVGPathData.compact, ##"<path d="M 10.78 -5.66 L 10.78 0 L 7.78 0 L 7.78 -4.31 C 7.78 -5.13 7.76 -5.68 7.72 -5.98 C 7.69 -6.3 7.63 -6.52 7.55 -6.67 L 1 2 L 3 4 Z M 10.78 -5.66 "/>"##)
                == ##"<path d="M10.78-5.66V0H7.78V-4.31C7.78-5.13 7.76-5.68 7.72-5.98 7.69-6.3 7.63-6.52 7.55-6.67L1 2 3 4Z"/>"##)
        #expect(text(SVGPathData.compact, ##"<path d="M 0 0 L 3 4 L 5 6"/>"##) == ##"<path d="M0 0 3 4 5 6"/>"##)
        // A final move somewhere else stays (it would not draw either, but it is not Cairo's habit).
        #expect(text(SVGPathData.compact, ##"<path d="M 0 0 L 1 1 Z M 5 5"/>"##) == ##"<path d="M0 0 1 1ZM5 5"/>"##)
    }

    @Test("The translation stays where it moves a paint or a clip, or is not a translation; other path data is left as it is", arguments: [
        (##"<path style="fill:url(#pattern1)" d="M 0 0 L 1 0" transform="matrix(1,0,0,1,5,5)"/>"##, ##"<path style="fill:url(#pattern1)" d="M0 0H1" transform="matrix(1,0,0,1,5,5)"/>"##),
        (##"<path clip-path="url(#c)" d="M 0 0 L 1 0" transform="matrix(1,0,0,1,5,5)"/>"##, ##"<path clip-path="url(#c)" d="M0 0H1" transform="matrix(1,0,0,1,5,5)"/>"##),
        (##"<path d="M 0 0 L 1 0" transform="matrix(2,0,0,2,5,5)"/>"##, ##"<path d="M0 0H1" transform="matrix(2,0,0,2,5,5)"/>"##),
        (##"<path d="M 0 0 A 1 1 0 0 1 2 2"/>"##, ##"<path d="M 0 0 A 1 1 0 0 1 2 2"/>"##),
        (##"<path d="M 0.125 0 L 1 1"/>"##, ##"<path d="M 0.125 0 L 1 1"/>"##),
        (##"<path d="M 0 0 L 1"/>"##, ##"<path d="M 0 0 L 1"/>"##),
    ])
    func leftAlone(_ input: String, _ expected: String) {
        #expect(text(SVGPathData.compact, input) == expected)
    }
}

@Suite("A finished SVG from Cairo")
struct SVGFinishingTests {
    @Test("Text with spaces and a stroked rectangle: well-formed, every reference found, no glyph left unused or empty, smaller than Cairo's")
    func finished() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("finish-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try Surface.svg(path: path, size: Size(300, 200))
        let c = try Canvas(s)
        c.text("a b  c", at: Point(10, 40), size: 14)
        c.text("b a", at: Point(10, 80), size: 9)
        c.withOrigin(Point(7, 3)) {
            c.fill(Rect(x: 20, y: 100, width: 30, height: 40), Color(hex: 0x808080))
            c.stroke(Rect(x: 20, y: 100, width: 30, height: 40), Color(hex: 0x000000), width: 2)
        }
        try s.finish()
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        let ids = Set(svg.components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
        let targets = svg.components(separatedBy: "href=\"#").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(!targets.isEmpty && targets.allSatisfy(ids.contains))
        // Every symbol is drawn, none is empty, every glyph id is short.
        let symbols = ids.filter { $0.hasPrefix("g") && $0.dropFirst().allSatisfy(\.isNumber) }
        #expect(symbols.allSatisfy(targets.contains))
        #expect(!svg.contains("d=\"\"") && !svg.contains("glyph"))
        // "a", "b", "c" at 14 pt; "a", "b" at 9 pt from them.
        #expect(svg.components(separatedBy: "<symbol").count - 1 == 5)
        #expect(svg.components(separatedBy: "<use").count - 1 == 3 + 2 + 2)
        // The stroked rectangle, moved by (7, 3), with the move in its points.
        #expect(svg.contains("d=\"M27 103H57V143H27Z\""), "\(svg)")
        #expect(!svg.contains("matrix("))
    }
}
