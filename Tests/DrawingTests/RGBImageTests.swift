@testable import Drawing
import Foundation
import Testing

@Suite("RGB input: three channels from a PNG")
struct RGBImageTests {
    let dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-rgb-\(getpid())-\(UUID().uuidString.prefix(6))")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    @Test("An 8-bit RGB PNG reads as its red, green and blue values")
    func rgb() throws {
        // Two pixels: (255, 0, 10) and (1, 128, 254); colour type 2 = RGB.
        let url = dir.appendingPathComponent("rgb.png")
        try TestPNG.make(width: 2, height: 1, bitDepth: 8, colorType: 2, rows: [[255, 0, 10, 1, 128, 254]]).write(to: url)
        let image = try RGBImage.load(path: url.path)
        #expect(image.width == 2 && image.height == 1)
        #expect(image.channels == [[255, 1], [0, 128], [10, 254]])
    }

    @Test("Transparent pixels are un-premultiplied; a fully transparent one reads 0, 0, 0")
    func alpha() throws {
        // RGBA (colour type 6): (200, 100, 50) at alpha 255, the same at alpha 128, and at alpha 0.
        let url = dir.appendingPathComponent("rgba.png")
        try TestPNG.make(width: 3, height: 1, bitDepth: 8, colorType: 6,
                         rows: [[200, 100, 50, 255, 200, 100, 50, 128, 200, 100, 50, 0]]).write(to: url)
        let image = try RGBImage.load(path: url.path)
        #expect(image.channels.map { $0[0] } == [200, 100, 50])
        // Cairo stores ⌊c·a/255⌉; dividing by a again gives c back within rounding.
        for (c, expected) in zip(image.channels.map { $0[1] }, [200.0, 100, 50]) { #expect(abs(c - expected) <= 1) }
        #expect(image.channels.map { $0[2] } == [0, 0, 0])
    }

    @Test("What RGBImage.write writes, RGBImage.load reads back; a grey PNG gives three equal channels")
    func roundTrip() throws {
        let url = dir.appendingPathComponent("round.png")
        let channels: [[Double]] = [[0, 255, 7, 8], [1, 2, 3, 4], [250, 100, 50, 0]]
        try RGBImage.write(width: 2, height: 2, channels: channels, to: url.path)
        #expect(try RGBImage.load(path: url.path).channels == channels)
        let grey = dir.appendingPathComponent("grey.png")
        try TestPNG.make(width: 2, height: 1, bitDepth: 8, colorType: 0, rows: [[9, 200]]).write(to: grey)
        #expect(try RGBImage.load(path: grey.path).channels == [[9, 200], [9, 200], [9, 200]])
    }

    @Test("Not a PNG: the same sentence as for grey images")
    func notPNG() throws {
        let url = dir.appendingPathComponent("photo.png")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0]).write(to: url)
        #expect(throws: DrawingError.file(path: url.path, reason: "is not a PNG file (it is a JPEG): save the picture as PNG.")) {
            try RGBImage.load(path: url.path)
        }
    }
}
