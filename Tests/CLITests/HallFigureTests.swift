import Foundation
import Testing
import TestSupport

/// `convviz network --output` figures, read back from their PDF: one 16:9 page size, and every word
/// readable from the back of a lecture hall (18 px at 1080p), inside the page, overlapping nothing.
@Suite("Network figures for a lecture hall", .serialized)
struct HallFigureTests {
    @Test("Depth 1, 2, 5 and 20, and a funnel of widths, meet the legibility floor", arguments: [
        ["--depth", "1"], ["--depth", "2"], ["--depth", "5"], ["--depth", "20"],
        ["--widths", "300,150,75"], ["--depth", "12", "--batchnorm"],
    ])
    func floor(args: [String]) throws {
        let out = scratch("hall-\(args.joined())")
        defer { try? FileManager.default.removeItem(at: out) }
        var command = ["network"] + args + ["--output", out.path, "--name", "net", "--gradients"]
        if !args.contains("--widths") { command += ["--width", "96"] }
        command += ["--batch", "64"]
        let r = try run(command)
        #expect(r.code == 0, "\(r.err)")
        let pages = try PDFPage.read(out.appendingPathComponent("net/net.pdf").path)
        #expect(pages.count == 4)
        #expect(Set(pages.map { "\($0.width)×\($0.height)" }).count == 1)
        if let p = pages.first { #expect(abs(p.width / p.height - 16.0 / 9) < 0.01) }
        for (i, page) in pages.enumerated() {
            let problems = page.legibilityProblems()
            #expect(problems.isEmpty, "page \(i + 1): \(problems.prefix(6))")
        }
    }
}

@Suite("Page options")
struct PageOptionTests {
    @Test("--page 4:3, a4 and WxH set the PDF's page; --png-width the PNG's; bad values are refused", arguments: [
        (["--page", "4:3"], 4.0 / 3.0), (["--page", "a4"], 842.0 / 595.0), (["--page", "1280x720"], 16.0 / 9.0), ([], 16.0 / 9.0),
    ])
    func page(args: [String], ratio: Double) throws {
        let out = scratch("page-\(args.joined())")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try run(["lesson", "01-cross-correlation-by-hand", "--lessons", repoRoot.appendingPathComponent("lessons").path,
                         "--output", out.path, "--png-width", "800"] + args)
        #expect(r.code == 0, "\(r.err)")
        let pages = try PDFPage.read(out.appendingPathComponent("01-cross-correlation-by-hand/01-cross-correlation-by-hand.pdf").path)
        let p = try #require(pages.first)
        #expect(abs(p.width / p.height - ratio) < 0.01, "\(p.width)×\(p.height)")
        if args.contains("a4") { #expect(p.width == 842 && p.height == 595) }
        if args.contains("1280x720") { #expect(p.width == 1280 && p.height == 720) }
        // The PNG is 800 pixels wide: its IHDR width, bytes 16–19.
        let png = try Data(contentsOf: out.appendingPathComponent("01-cross-correlation-by-hand/frame-001-step-001.png"))
        #expect(png[16..<20].reduce(0) { $0 << 8 | Int($1) } == 800)
    }

    @Test("A page or PNG width that makes no sense is refused with one sentence", arguments: [
        ["--page", "3x3"], ["--page", "16:0"], ["--page", "wide"], ["--png-width", "10"], ["--png-width", "99999"],
    ])
    func refused(args: [String]) throws {
        let r = try run(["lesson", "01-cross-correlation-by-hand", "--lessons", repoRoot.appendingPathComponent("lessons").path,
                         "--output", scratch("page-bad").path] + args)
        #expect(r.code != 0 && r.code < 128)
        #expect(r.err.contains(args[0]))
    }
}
