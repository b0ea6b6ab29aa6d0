@testable import Lessons
import Testing

/// `HTMLPlayer.inline` on small hand-written frames: every rewrite, with the result written out by hand.
@Suite("A frame's SVG inlined into the player")
struct PlayerInlineTests {
    static let frame = """
    <?xml version="1.0" encoding="UTF-8"?>
    <svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="5pt" viewBox="0 0 10 5" version="1.1">
    <defs>
    <g>
    <symbol overflow="visible" id="glyph1-1">
    <path d="M 1.23456 0 L 2 -1.5 Z"/>
    </symbol>
    <symbol overflow="visible" id="glyph2-1"><use xlink:href="#glyph1-1" transform="scale(0.5)"/></symbol>
    </g>
    <clipPath id="clip1"><path d="M 0 0 L 1 1"/></clipPath>
    </defs>
    <g clip-path="url(#clip1)" fooid="k"><use xlink:href="#glyph2-1" x="3.456" y="2"/><use xlink:href="#glyph1-1" x="-1.25" y="12.5"/></g>
    </svg>
    """

    @Test("Glyphs go to the shared definitions, other ids get the frame's prefix, places are cut to a tenth, the size to the view box")
    func oneFrame() {
        var glyphs = HTMLPlayer.Glyphs()
        let out = String(decoding: HTMLPlayer.inline(Self.frame, frame: 3, glyphs: &glyphs, label: "A <b> & \"c\""), as: UTF8.self)
        #expect(out == """
        <svg xmlns="http://www.w3.org/2000/svg" width="100%" role="img" aria-label="A &lt;b&gt; &amp; &quot;c&quot;" viewBox="0 0 10 5" version="1.1">
        <defs>
        <g>


        </g>
        <clipPath id="f3-clip1"><path d="M 0 0 L 1 1"/></clipPath>
        </defs>
        <g clip-path="url(#f3-clip1)" fooid="k"><use href="#g2" x="3.4" y="2"/><use href="#g1" x="-1.25" y="12.5"/></g>
        </svg>
        """)
        #expect(glyphs.definitions == [
            "<symbol overflow=\"visible\" id=\"g1\"><path d=\"M 1.23 0 L 2 -1.5 Z\"/></symbol>",
            "<symbol overflow=\"visible\" id=\"g2\"><use href=\"#g1\" transform=\"scale(0.5)\"/></symbol>",
        ])
    }

    @Test("A second frame with the same outlines defines nothing new and points at the same ids")
    func secondFrame() {
        var glyphs = HTMLPlayer.Glyphs()
        _ = HTMLPlayer.inline(Self.frame, frame: 1, glyphs: &glyphs, label: "one")
        // The same outline under other ids, in the other order.
        let other = """
        <svg width="1pt" height="1pt"><symbol overflow="visible" id="glyph1-7"><use xlink:href="#glyph1-9" transform="scale(0.5)"/></symbol>\
        <symbol overflow="visible" id="glyph1-9"> <path d="M 1.23 0 L 2 -1.5 Z"/> </symbol><use xlink:href="#glyph1-7" x="1" y="1"/></svg>
        """
        let out = String(decoding: HTMLPlayer.inline(other, frame: 2, glyphs: &glyphs, label: "two"), as: UTF8.self)
        #expect(out == "<svg width=\"100%\" role=\"img\" aria-label=\"two\"><use href=\"#g2\" x=\"1\" y=\"1\"/></svg>")
        #expect(glyphs.definitions.count == 2)
    }

    @Test("Numbers are cut (not rounded) to two decimals; ids and short numbers are left alone")
    func cut() {
        func rounded(_ s: String) -> String { String(decoding: HTMLPlayer.rounded(Array(s.utf8)), as: UTF8.self) }
        #expect(rounded("x=\"12.3456\" y=\"-0.129\" z=\"7.5\" id=\"a1.234\" v=\"1.23.456\"")
                == "x=\"12.34\" y=\"-0.12\" z=\"7.5\" id=\"a1.23\" v=\"1.23.45\"")
    }
}
