import ConvCore
import Drawing
import Figures
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Lessons
import Testing
import TestSupport

@Suite("Every shipped lesson loads, verifies and renders", .serialized)
struct ShippedLessonTests {
    @Test("There are the eight lessons the course needs")
    func catalogue() {
        #expect(shippedLessons.count >= 8)
    }

    @Test("Load, verify, render, and check the output", arguments: shippedLessons)
    func lesson(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        // Verify: every hand-computed value matches the reference module.
        let checks = lesson.verify()
        #expect(!checks.isEmpty, "a shipped lesson should carry hand-computed expectations")
        for c in checks { #expect(c.passed, "\(c.what): expected \(c.expected), computed \(String(describing: c.computed)) \(c.note)") }

        // Frame count: one per output cell (+1 flip frame for convolution) for steps; one per other figure.
        var expectedFrames = 2 * (lesson.network?.render.count ?? 0)
        for part in lesson.parts {
            for kind in part.render {
                if kind == .steps {
                    let y = try part.plan().output
                    expectedFrames += y.rows * y.cols + (part.operation == .convolution ? 1 : 0)
                } else {
                    expectedFrames += 1
                }
            }
        }
        if let layer = lesson.layer, let x = layer.input, let l = layer.layer {
            for kind in layer.render {
                switch kind {
                case .layerSteps: expectedFrames += try l.stepCount(for: x)
                case .poolSteps: expectedFrames += 1 + ((try layer.pooled()).map { $0.rows * $0.cols } ?? 0)
                case .receptiveField: expectedFrames += layer.stacks.count
                default: expectedFrames += 1
                }
            }
        } else if let layer = lesson.layer {
            for kind in layer.render {
                switch kind {
                case .parameters: expectedFrames += 1
                case .receptiveField: expectedFrames += layer.stacks.count
                case .inputGradient: expectedFrames += (layer.backward?.cells.count ?? 0) + 1
                case .weightGradient: expectedFrames += layer.backward?.plan.kernel.values.count ?? 0
                case .scatter: expectedFrames += layer.transposed.map { $0.conv.input.values.count }.reduce(0, +)
                case .gather, .transposedMatrix: expectedFrames += layer.transposed.count
                default: break
                }
            }
        }
        let out = temporaryFolder("lesson")
        defer { try? FileManager.default.removeItem(at: out) }
        let summary = try LessonRenderer(outputRoot: out).render(lesson)
        let folder = out.appendingPathComponent(lesson.name)
        #expect(summary.frames == expectedFrames)
        #expect(files(in: folder, ending: ".svg").count == expectedFrames)
        #expect(files(in: folder, ending: ".png").count == expectedFrames)

        // The PDF: one page per frame, and its text holds the lesson's title and numbers.
        // By default every lesson also gets its player and its GIF, and the index links them.
        for file in ["\(lesson.name).html", "\(lesson.name).gif"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("href=\"\(lesson.name)/\(lesson.name).html\"") && index.contains("\(lesson.name)/\(lesson.name).gif"))
        let pdf = folder.appendingPathComponent("\(lesson.name).pdf").path
        let info = try tool("pdfinfo", [pdf])
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") }
        #expect(pages == expectedFrames)
        // A bookmark per frame: Cairo writes each outline item as "<< /Title …".
        let pdfBytes = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdf)), as: UTF8.self)
        #expect(pdfBytes.contains("/Type /Outlines"))
        #expect(pdfBytes.components(separatedBy: "<< /Title").count - 1 == expectedFrames)
        // For a lecture hall: one 16:9 page size, and every word at least 18 px tall at 1080p,
        // inside the page, overlapping no other word.
        let pdfPages = try PDFPage.read(pdf)
        #expect(pdfPages.count == expectedFrames)
        #expect(Set(pdfPages.map { "\($0.width)×\($0.height)" }).count == 1, "one page size per lesson")
        if let first = pdfPages.first { #expect(abs(first.width / first.height - 16.0 / 9) < 0.01, "16:9") }
        for (i, page) in pdfPages.enumerated() {
            let problems = page.legibilityProblems()
            #expect(problems.isEmpty, "page \(i + 1): \(problems.prefix(6))")
        }
        let text = try tool("pdftotext", [pdf, "-"])
        #expect(text.contains(lesson.title))
        for part in lesson.parts {
            for e in part.expectations where e.map == nil {
                let shown = NumberFormat.compact(e.value)
                #expect(text.contains(shown), "the PDF should show \(shown)")
            }
        }

        if let network = lesson.network {
            for r in network.config.initializations { #expect(text.contains(r.displayName), "the PDF should name \(r.displayName)") }
            // Statistics beside the figures: a CSV row per init, quantity and layer; JSON that parses.
            let csv = try String(contentsOf: folder.appendingPathComponent("statistics.csv"), encoding: .utf8)
            #expect(csv.split(separator: "\n").count == 1 + network.config.initializations.count * 2 * network.config.widths.count)
            let json = try Data(contentsOf: folder.appendingPathComponent("statistics.json"))
            let object = try JSONSerialization.jsonObject(with: json) as? [String: Any]
            #expect((object?["results"] as? [Any])?.count == network.config.initializations.count)
        }

        // Every SVG is well-formed XML.
        for svg in files(in: folder, ending: ".svg") {
            let parser = XMLParser(contentsOf: folder.appendingPathComponent(svg))!
            #expect(parser.parse(), "\(svg) is not well-formed XML: \(String(describing: parser.parserError))")
        }

        // Rendering again gives the same bytes.
        let again = temporaryFolder("again")
        defer { try? FileManager.default.removeItem(at: again) }
        _ = try LessonRenderer(outputRoot: again).render(lesson)
        for name in files(in: folder, ending: "") where !name.hasPrefix(".") {
            let a = try Data(contentsOf: folder.appendingPathComponent(name))
            let b = try Data(contentsOf: again.appendingPathComponent(lesson.name).appendingPathComponent(name))
            #expect(a == b, "\(name) differs between two renders")
        }
        // No temporary folders are left behind.
        #expect(files(in: out, ending: "").filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("The PNG shows the highlight at the current output cell, filled cells before it and empty cells after")
    func highlightPixels() throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent("06-padding-stride-dilation.yaml").path)
        let out = temporaryFolder("pixels")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try LessonRenderer(outputRoot: out).render(lesson)
        let part = lesson.parts[0]
        let plan = try part.plan()
        let measure = try Canvas(try Surface.image(size: Size(1, 1)))
        let writer = FrameWriter()
        let frames = try LessonFrames(lesson)
        let page = try writer.placement(count: frames.count, frame: frames.frame)
        let scale = writer.pngWidth / page.page.width
        for stepIndex in [0, 4, plan.stepCount - 1] {
            let frame = try StepFrame2D(plan: plan, index: stepIndex, header: FrameHeader(title: lesson.title, explanation: lesson.explanation))
            let png = out.appendingPathComponent(lesson.name).appendingPathComponent(FrameWriter.baseName(stepIndex, frame) + ".png")
            let image = try PixelImage.load(path: png.path)
            func colour(of cell: GridIndex) -> (UInt8, UInt8, UInt8)? {
                let r = frame.outputCellRect(cell, measuring: measure, pageWidth: page.contentWidth)
                // A point inside the cell, clear of its border and of the number in its middle.
                return image.color(x: Int((page.origin.x + r.minX + 5) * scale), y: Int((page.origin.y + r.minY + 5) * scale))
            }
            let current = plan.outputIndex(ofStep: stepIndex)
            #expect(colour(of: current)! == Palette.highlightFill.rgb8, "step \(stepIndex): current cell")
            if stepIndex > 0 { #expect(colour(of: plan.outputIndex(ofStep: 0))! == Palette.output.rgb8) }
            if stepIndex < plan.stepCount - 1 {
                #expect(colour(of: plan.outputIndex(ofStep: plan.stepCount - 1))! == Palette.pending.rgb8)
            }
        }
    }
}

@Suite("Stepping through a lesson never moves what did not change")
struct StableLayoutTests {
    @Test("Every step frame of a part puts its four grids at the same places", arguments: shippedLessons)
    func gridsStay(file: String) throws {
        let lesson = try LessonParser.load(path: lessonsFolder.appendingPathComponent(file).path)
        guard lesson.network == nil else { return }
        let frames = try LessonFrames(lesson)
        let page = try FrameWriter().placement(count: frames.count, frame: frames.frame)
        let measure = try Canvas(try Surface.image(size: Size(1, 1)))
        var origins: [String: [Point]] = [:]
        for n in 0..<frames.count {
            guard let f = try frames.frame(n) as? StepFrame2D else { continue }
            let key = "\(f.header.title)"
            let here = f.panelOrigins(measuring: measure, pageWidth: page.contentWidth)
            if let first = origins[key] { #expect(here == first, "frame \(n + 1) moved its grids") } else { origins[key] = here }
        }
    }
}
