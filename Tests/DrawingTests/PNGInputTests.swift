@testable import Drawing
import Foundation
import Testing

/// PNG files built byte by byte (stored deflate blocks, so no compressor is needed), to read
/// what real files hold: 16-bit samples, alpha.
enum TestPNG {
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    /// A PNG of `rows` (each row's samples as bytes, without the filter byte).
    static func make(width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, rows: [[UInt8]]) -> Data {
        var raw: [UInt8] = []
        for row in rows { raw.append(0); raw += row }
        // zlib: header, one stored block, Adler-32.
        var a: UInt32 = 1, b: UInt32 = 0
        for x in raw { a = (a + UInt32(x)) % 65521; b = (b + a) % 65521 }
        let len = UInt16(raw.count)
        var zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)]
        zlib += raw
        zlib += bigEndian(b << 16 | a)
        var ihdr = bigEndian(UInt32(width))
        ihdr += bigEndian(UInt32(height))
        ihdr += [bitDepth, colorType, 0, 0, 0]
        var png = GrayImage.pngSignature
        png += chunk("IHDR", ihdr)
        png += chunk("IDAT", zlib)
        png += chunk("IEND", [])
        return Data(png)
    }
}

@Suite("PNG input: 16-bit, alpha, Cairo's formats, and what is not a PNG")
struct PNGInputTests {
    let dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-png-\(getpid())-\(UUID().uuidString.prefix(6))")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    func load(_ data: Data, _ name: String) throws -> GrayImage {
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return try GrayImage.load(path: url.path)
    }

    @Test("A 16-bit grayscale PNG reads at 8-bit scale")
    func sixteenBit() throws {
        // Samples 0x0000, 0x8080, 0xFFFF, 0x4000.
        let png = TestPNG.make(width: 2, height: 2, bitDepth: 16, colorType: 0, rows: [[0x00, 0x00, 0x80, 0x80], [0xFF, 0xFF, 0x40, 0x00]])
        let image = try load(png, "gray16.png")
        #expect(image.width == 2 && image.height == 2)
        #expect(image.values == [0, 128, 255, 64])
    }

    @Test("A half-transparent pixel reads its own colour: Cairo's premultiplied value is divided by alpha")
    func premultipliedAlpha() throws {
        // RGBA: gray 200 at alpha 128, gray 100 opaque, gray 255 at alpha 0 (no colour left: 0).
        let png = TestPNG.make(width: 3, height: 1, bitDepth: 8, colorType: 6,
                               rows: [[200, 200, 200, 128, 100, 100, 100, 255, 255, 255, 255, 0]])
        let image = try load(png, "alpha.png")
        #expect(abs(image.values[0] - 200) <= 1, "\(image.values[0])")
        #expect(image.values[1] == 100)
        #expect(image.values[2] == 0)
    }

    @Test("A 16-bit PNG with alpha reads un-premultiplied too")
    func sixteenBitAlpha() throws {
        // Gray+alpha, 16 bits: gray 0xC8C8 (200) at alpha 0x8080.
        let png = TestPNG.make(width: 1, height: 1, bitDepth: 16, colorType: 4, rows: [[0xC8, 0xC8, 0x80, 0x80]])
        #expect(abs(try load(png, "ga16.png").values[0] - 200) <= 1)
    }

    @Test("Every pixel format Cairo may hand back is read, an unknown one refused", arguments: [
        // (format, bytes of one pixel, expected gray)
        (Int32(2), [UInt8(77)], 77.0),                                       // A8
        (Int32(1), [UInt8(30), 60, 90, 0], 66.0),                            // RGB24, little-endian B G R x: 0.299·90 + 0.587·60 + 0.114·30
        (Int32(0), [UInt8(50), 50, 50, 128], 100.0),                         // ARGB32, premultiplied 50 at alpha 128 ≈ 100
    ])
    func formats(format: Int32, pixel: [UInt8], expected: Double) throws {
        let values = pixel.withUnsafeBytes { GrayImage.luminance($0.baseAddress!, format: format, width: 1, height: 1, stride: pixel.count) }
        #expect(abs((values?[0] ?? -1) - expected) <= 1, "\(String(describing: values))")
    }

    @Test("The float formats of newer Cairo (RGB96F, RGBA128F) read; RGB30 and RGB16_565 are refused")
    func floatFormats() {
        let rgb: [Float] = [0.5, 0.5, 0.5]
        let rgba: [Float] = [0.25, 0.25, 0.25, 0.5]  // premultiplied: straight 0.5
        let a = rgb.withUnsafeBytes { GrayImage.luminance($0.baseAddress!, format: 6, width: 1, height: 1, stride: 12) }
        let b = rgba.withUnsafeBytes { GrayImage.luminance($0.baseAddress!, format: 7, width: 1, height: 1, stride: 16) }
        #expect(a == [128] && b == [128])
        let word: [UInt8] = [0, 0, 0, 0]
        for unknown: Int32 in [3, 4, 5, 99] {
            #expect(word.withUnsafeBytes { GrayImage.luminance($0.baseAddress!, format: unknown, width: 1, height: 1, stride: 4) } == nil)
        }
    }

    @Test("Not a PNG: a JPEG and a text file are named as such; a header announcing a huge image is refused before decoding")
    func notPNG() throws {
        let jpeg = dir.appendingPathComponent("photo.png")
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0, count: 40)).write(to: jpeg)
        #expect { try GrayImage.load(path: jpeg.path) } throws: { "\($0)".contains("is not a PNG file (it is a JPEG)") }
        let text = dir.appendingPathComponent("text.png")
        try Data("hello".utf8).write(to: text)
        #expect { try GrayImage.load(path: text.path) } throws: { "\($0)".contains("is not a PNG file:") }
        var huge = [UInt8](TestPNG.make(width: 1, height: 1, bitDepth: 8, colorType: 0, rows: [[0]]))
        huge.replaceSubrange(16..<24, with: TestPNG.bigEndian(100_000) + TestPNG.bigEndian(100_000))
        let big = dir.appendingPathComponent("huge.png")
        try Data(huge).write(to: big)
        #expect { try GrayImage.load(path: big.path) } throws: { "\($0)".contains("100000×100000, larger than the 4096×4096 limit") }
    }
}

@Suite("SVG ids are renumbered in order of first appearance")
struct SVGIdentifierTests {
    func normalized(_ s: String) -> String {
        String(decoding: SVGIdentifiers.normalize(Array(s.utf8)), as: UTF8.self)
    }

    @Test("Cairo 1.16's ids: surface7, clip3, image12")
    func oldForms() {
        #expect(normalized("<g id=\"surface7\"><clipPath id=\"clip3\"/><use xlink:href=\"#image12\" clip-path=\"url(#clip3)\"/></g>")
                == "<g id=\"surface1\"><clipPath id=\"clip1\"/><use xlink:href=\"#image1\" clip-path=\"url(#clip1)\"/></g>")
    }

    @Test("Newer Cairo's ids with a dash: clip-%d, source-%d, mask-%d, image-%d, pattern-%d, glyph-%d-%d",
          arguments: [("clip-", "clip-"), ("source-", "source-"), ("mask-", "mask-"), ("image-", "image-"), ("pattern-", "pattern-")])
    func newForms(prefix: String, expected: String) {
        let text = "<x id=\"\(prefix)41\"/><x id=\"\(prefix)7\"/><use href=\"#\(prefix)41\"/><use href=\"url(#\(prefix)7)\"/>"
        #expect(normalized(text) == "<x id=\"\(expected)1\"/><x id=\"\(expected)2\"/><use href=\"#\(expected)1\"/><use href=\"url(#\(expected)2)\"/>")
    }

    @Test("glyph-F-G: both numbers renumbered, the font and the glyph each in order")
    func glyphs() {
        let text = "<g id=\"glyph-3-9\"/><g id=\"glyph-3-2\"/><g id=\"glyph-5-9\"/><use href=\"#glyph-3-2\"/><use href=\"#glyph-5-9\"/>"
        #expect(normalized(text) == "<g id=\"glyph-1-1\"/><g id=\"glyph-1-2\"/><g id=\"glyph-2-1\"/><use href=\"#glyph-1-2\"/><use href=\"#glyph-2-1\"/>")
    }

    @Test("Words that merely start like an id are left alone")
    func notIds() {
        let text = "<text>clipping surface12x mask image</text><g class=\"source\"/>"
        #expect(normalized(text) == text)
    }
}
