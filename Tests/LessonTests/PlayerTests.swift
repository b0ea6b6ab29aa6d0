import CGif
import Drawing
import Figures
import Foundation
@testable import Lessons
import Testing
import TestSupport

/// The offline HTML player, the index page, the GIF and `--frames`-style selections.
@Suite("Player, index and GIF", .serialized)
struct PlayerTests {
    static func render(_ file: String, formats: Set<FileFormat>, selection: [Int]? = nil, into out: URL) throws -> (Lesson, URL) {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        var renderer = LessonRenderer(outputRoot: out, formats: formats)
        renderer.selection = selection
        _ = try renderer.render(lesson)
        return (lesson, out.appendingPathComponent(lesson.name))
    }

    @Test("The player is one small, self-contained file: frames inline, each glyph defined once, no address outside the page")
    func selfContained() throws {
        let out = temporaryFolder("player")
        defer { try? FileManager.default.removeItem(at: out) }
        let (lesson, folder) = try Self.render("05-centered-vs-corner.yaml", formats: [.html], into: out)
        let html = try String(contentsOf: folder.appendingPathComponent("\(lesson.name).html"), encoding: .utf8)
        let size = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("\(lesson.name).html").path)[.size] as? Int ?? 0
        #expect(size <= 1_500_000, "05 (18 frames) is \(size) bytes")
        #expect(html.components(separatedBy: "<figure class=\"frame\"").count - 1 == 18)
        // No script, style, image or font from elsewhere; the only URLs are XML namespace names.
        for pattern in ["src=\"http", "href=\"http", "url(http", "@import", "<link"] { #expect(!html.contains(pattern), "\(pattern)") }
        #expect(html.contains("Content-Security-Policy"))
        // Glyph outlines are shared: no two symbols hold the same outline.
        let symbols = html.components(separatedBy: "<symbol").dropFirst().map { $0.components(separatedBy: "</symbol>")[0].drop { $0 != ">" } }
        #expect(Set(symbols).count == symbols.count && symbols.count > 20)
        // Glyphs shared between sizes point at a symbol of this page: every href="#…" names an id defined here.
        let ids = Set(html.components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
        let targets = html.components(separatedBy: "href=\"#").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(!targets.isEmpty && targets.allSatisfy(ids.contains), "\(targets.filter { !ids.contains($0) }.prefix(5))")
        #expect(html.contains("transform=\"scale("), "some glyphs are drawn from another size's outline")
        // Controls a screen reader can name, and a text alternative per frame.
        for label in ["Previous step", "Next step", "Play", "Step", "Playback speed", "First step", "Last step"] {
            #expect(html.contains("aria-label=\"\(label)\""), "\(label)")
        }
        #expect(html.components(separatedBy: "role=\"img\" aria-label=\"Step ").count - 1 == 18)
        #expect(html.contains("y(1,1) = 1·1 + 2·2 + 3·0"), "the written sum is in the text alternative")
        // The checks, expected against computed.
        #expect(html.contains("<td>7</td><td>7</td><td>✓ matches</td>"))
        // No SVG files were asked for, so none are left.
        #expect(files(in: folder, ending: ".svg").isEmpty)
        // One frame: at most 300 KB.
        let (one, oneFolder) = try Self.render("01-cross-correlation-by-hand.yaml", formats: [.html], into: out)
        let oneSize = try FileManager.default.attributesOfItem(atPath: oneFolder.appendingPathComponent("\(one.name).html").path)[.size] as? Int ?? 0
        #expect(oneSize <= 300_000, "01 is \(oneSize) bytes")
        // The index lists both, with their titles and links.
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("Centered versus corner indexing") && index.contains("Cross-correlation by hand"))
        #expect(index.contains("href=\"05-centered-vs-corner/05-centered-vs-corner.html\""))
    }

    @Test("The GIF loops, shows each step for its time (flip and last frame longer), stores changed rectangles, and shows what the PNG shows")
    func gif() throws {
        let out = temporaryFolder("gif")
        defer { try? FileManager.default.removeItem(at: out) }
        let (lesson, folder) = try Self.render("02-kernel-flip.yaml", formats: [.gif, .png], into: out)
        let path = folder.appendingPathComponent("\(lesson.name).gif").path
        var error: Int32 = 0
        let gif = try #require(DGifOpenFileName(path, &error))
        defer { DGifCloseFile(gif, &error) }
        #expect(DGifSlurp(gif) == GIF_OK)
        let frames = try LessonFrames(lesson)
        #expect(Int(gif.pointee.ImageCount) == frames.count)
        #expect(gif.pointee.SWidth == 1280 && gif.pointee.SHeight == 720)
        var delays: [Int32] = []
        for i in 0..<Int(gif.pointee.ImageCount) {
            var gcb = GraphicsControlBlock()
            #expect(DGifSavedExtensionToGCB(gif, Int32(i), &gcb) == GIF_OK)
            delays.append(gcb.DelayTime)
        }
        // 1200 ms a step; the flip frame (first) and the last one 3000 ms.
        #expect(delays.first == 300 && delays.last == 300)
        #expect(delays.dropFirst().dropLast().allSatisfy { $0 == 120 })
        // Later frames store less than the whole picture.
        let second = gif.pointee.SavedImages[1].ImageDesc
        #expect(Int(second.Width) * Int(second.Height) < 1280 * 720)
        // Frame 2 (step 1): the current output cell is the highlight's yellow, as in the PNG.
        let writer = FrameWriter()
        let page = try writer.placement(count: frames.count, frame: frames.frame)
        let step = try #require(try frames.frame(1) as? StepFrame2D)
        let measure = try Canvas(try Surface.image(size: Size(1, 1)))
        let cell = step.outputCellRect(step.step.output, measuring: measure, pageWidth: page.contentWidth)
        let gx = Int((page.origin.x + cell.minX + 6) * 1280 / page.page.width), gy = Int((page.origin.y + cell.minY + 6) * 1280 / page.page.width)
        // Composite frames 0 and 1 (frame 1 may store only a rectangle).
        func pixel(_ f: Int, _ x: Int, _ y: Int) -> UInt8? {
            let img = gif.pointee.SavedImages[f]
            let d = img.ImageDesc
            guard x >= d.Left, y >= d.Top, x < d.Left + d.Width, y < d.Top + d.Height else { return nil }
            return img.RasterBits[(y - Int(d.Top)) * Int(d.Width) + (x - Int(d.Left))]
        }
        let index = try #require(pixel(1, gx, gy) ?? pixel(0, gx, gy))
        let color = try #require(gif.pointee.SColorMap).pointee.Colors[Int(index)]
        #expect((color.Red, color.Green, color.Blue) == (0xFF, 0xD9, 0x5A), "GIF pixel at the current cell")
        let png = try PixelImage.load(path: folder.appendingPathComponent(FrameWriter.baseName(1, step) + ".png").path)
        let px = try #require(png.color(x: Int((page.origin.x + cell.minX + 6) * 1920 / page.page.width),
                                        y: Int((page.origin.y + cell.minY + 6) * 1920 / page.page.width)))
        #expect(px == (0xFF, 0xD9, 0x5A), "PNG pixel at the same place")
        // A 9-step lesson's GIF stays under 2 MB.
        let (nine, nineFolder) = try Self.render("06-padding-stride-dilation.yaml", formats: [.gif], into: out)
        let size = try FileManager.default.attributesOfItem(atPath: nineFolder.appendingPathComponent("\(nine.name).gif").path)[.size] as? Int ?? 0
        #expect(size < 2_000_000, "\(size) bytes")
    }

    @Test("Chosen frames only: every format gets just those frames, named by their number; the rest of the lesson is kept")
    func chosenFrames() throws {
        let out = temporaryFolder("frames")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try Self.render("06-padding-stride-dilation.yaml", formats: [.png, .pdf], into: out)
        let (lesson, folder) = try Self.render("06-padding-stride-dilation.yaml", formats: Set(FileFormat.allCases), selection: [2, 4, 5, 6], into: out)
        // The chosen frames in every per-frame format; the other frames' PNGs from the first render are kept.
        #expect(files(in: folder, ending: ".svg") == ["frame-003-step-003.svg", "frame-005-step-005.svg", "frame-006-step-006.svg", "frame-007-step-007.svg"])
        #expect(files(in: folder, ending: ".png").count == 9)
        // The selection's PDF, player and GIF have their own names; the whole lesson's PDF stays.
        let sub = "\(lesson.name)-frames-3,5-7"
        #expect(try PDFPage.read(folder.appendingPathComponent("\(sub).pdf").path).count == 4)
        #expect(try PDFPage.read(folder.appendingPathComponent("\(lesson.name).pdf").path).count == 9)
        let html = try String(contentsOf: folder.appendingPathComponent("\(sub).html"), encoding: .utf8)
        #expect(html.contains("data-step=\"3\"") && html.contains("data-step=\"7\"") && !html.contains("data-step=\"1\""))
        var error: Int32 = 0
        let gif = try #require(DGifOpenFileName(folder.appendingPathComponent("\(sub).gif").path, &error))
        defer { DGifCloseFile(gif, &error) }
        #expect(DGifSlurp(gif) == GIF_OK && gif.pointee.ImageCount == 4)
        #expect(LessonRenderer.selectionSuffix([4]) == "-frames-5" && LessonRenderer.selectionSuffix(nil) == "")
    }

    @Test("In a real browser: → three times, the written sum, play, #step=5, and not one network request")
    func browser() throws {
        let out = temporaryFolder("browser")
        defer { try? FileManager.default.removeItem(at: out) }
        let (lesson, folder) = try Self.render("06-padding-stride-dilation.yaml", formats: [.html], into: out)
        let page = folder.appendingPathComponent("\(lesson.name).html")
        let browser = try WebDriver()
        try browser.open(page)
        #expect(try browser.run("return document.getElementById('step').textContent") as? String == "Step 1 of 9")
        try browser.press(["\u{E014}", "\u{E014}", "\u{E014}"])
        #expect(try browser.run("return document.getElementById('step').textContent") as? String == "Step 4 of 9")
        let written = try browser.run("return document.getElementById('written').textContent") as? String ?? ""
        // Step 4 computes y(1,0): padding 1, stride 2, dilation 2 → x(1,−1)·0 + … + x(5,3)·1 = 0 + 23 + 39 = 62.
        #expect(written.contains("y(1,0) = ") && written.hasSuffix("= 62"), "\(written)")
        #expect(try browser.run("return location.hash") as? String == "#step=4")
        let visible = try browser.run("return Array.from(document.querySelectorAll('.frame')).filter(f => !f.hidden).map(f => f.dataset.step).join()")
        #expect(visible as? String == "4")
        // Play: the step advances by itself.
        try browser.click("#play")
        usleep(1_700_000)
        let playing = try browser.run("return document.getElementById('step').textContent") as? String ?? ""
        #expect(playing != "Step 4 of 9" && playing.hasPrefix("Step "), "\(playing)")
        try browser.press([" "])
        #expect(try browser.run("return document.getElementById('play').getAttribute('aria-label')") as? String == "Play")
        // A link to step 5.
        try browser.open(URL(string: page.absoluteString + "#step=5")!)
        _ = try browser.run("location.reload(); return 0")
        usleep(300_000)
        #expect(try browser.run("return document.getElementById('step').textContent") as? String == "Step 5 of 9")
        try browser.press(["\u{E010}"])
        #expect(try browser.run("return document.getElementById('step').textContent") as? String == "Step 9 of 9")
        try browser.press(["\u{E011}"])
        #expect(try browser.run("return document.getElementById('step').textContent") as? String == "Step 1 of 9")
        // Nothing was fetched: the page is the only resource.
        #expect(try browser.run("return performance.getEntriesByType('resource').length") as? Int == 0)
    }
}
