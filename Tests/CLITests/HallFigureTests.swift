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
