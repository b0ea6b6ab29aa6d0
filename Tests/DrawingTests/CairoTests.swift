import CCairo
import Drawing
import Foundation
import Testing

@Suite("Cairo links and the drawing layer writes real files")
struct CairoTests {
    let dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-drawing-\(getpid())")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    @Test("CCairo links: a raw Cairo call writes a non-empty PDF")
    func rawCairoWritesPDF() throws {
        let path = dir.appendingPathComponent("raw.pdf").path
        let surface = cairo_pdf_surface_create(path, 100, 100)
        let cr = cairo_create(surface)
        cairo_rectangle(cr, 10, 10, 50, 50)
        cairo_fill(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        #expect(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
        cairo_surface_destroy(surface)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.count > 200)
        #expect(data.prefix(5) == Data("%PDF-".utf8))
    }

    @Test("A PNG pixel has the colour that was filled there")
    func pixelColour() throws {
        let s = try Surface.image(size: Size(40, 20), scale: 2)
        let c = try Canvas(s)
        c.fill(Rect(x: 0, y: 0, width: 40, height: 20), .white)
        c.fill(Rect(x: 20, y: 0, width: 20, height: 20), Color(hex: 0x2A9D8F))
        try c.check()
        #expect(s.pixel(x: 10, y: 10)! == (255, 255, 255))
        #expect(s.pixel(x: 60, y: 20)! == (0x2A, 0x9D, 0x8F))
        let path = dir.appendingPathComponent("p.png").path
        try s.writePNG(to: path)
        let back = try GrayImage.load(path: path)
        #expect(back.width == 80 && back.height == 40)
        #expect(back.values[0] == 255)
    }

    @Test("A PNG holds every pixel of the image: many colours, anti-aliased text, odd sizes")
    func pngRoundTrip() throws {
        for (w, h) in [(1, 1), (37, 23), (300, 170)] {
            let s = try Surface.image(size: Size(Double(w), Double(h)))
            let c = try Canvas(s)
            // A raster of distinct colours, then text and a line over it (anti-aliased edges).
            var colors: [Color] = []
            for k in 0..<(w * h) { colors.append(Color(hex: UInt32((k * 2_654_435_761) & 0xFFFFFF))) }
            c.raster(width: w, height: h, colors: colors, in: Rect(x: 0, y: 0, width: Double(w), height: Double(h)))
            c.text("65 ⋆ k", at: Point(2, Double(h) * 0.7), size: 11, color: .black)
            c.line([Point(0, 0), Point(Double(w), Double(h))], Color(hex: 0x2A9D8F), width: 1.3)
            try c.check()
            let path = dir.appendingPathComponent("round-\(w)x\(h).png").path
            try s.writePNG(to: path)
            let back = try RGBImage.load(path: path)
            #expect(back.width == w && back.height == h)
            var differing = 0
            for y in 0..<h {
                for x in 0..<w {
                    let p = try #require(s.pixel(x: x, y: y))
                    let k = y * w + x
                    if (Double(p.0), Double(p.1), Double(p.2)) != (back.channels[0][k], back.channels[1][k], back.channels[2][k]) {
                        differing += 1
                    }
                }
            }
            #expect(differing == 0, "\(w)×\(h): \(differing) pixels differ")
        }
    }

    @Test("Writing into a folder that does not exist is a typed error, not a crash")
    func unwritable() throws {
        #expect(throws: DrawingError.self) {
            let s = try Surface.pdf(path: "/nonexistent-folder/x.pdf", size: Size(10, 10), title: "t")
            try s.finish()
        }
        #expect(throws: DrawingError.self) { try GrayImage.load(path: "/nonexistent.png") }
        let junk = dir.appendingPathComponent("junk.png").path
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(throws: DrawingError.self) { try GrayImage.load(path: junk) }
    }
}
