import Foundation
import Testing

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func scratch(_ name: String) -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-cmd-\(name)-\(getpid())")
    try? FileManager.default.removeItem(at: u)
    try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

@Suite("convviz list, lesson and verify", .serialized)
struct LessonCommandTests {
    let lessons = repoRoot.appendingPathComponent("lessons").path

    @Test("list shows every lesson with its title")
    func list() throws {
        let r = try run(["list", "--lessons", lessons])
        #expect(r.code == 0)
        // Name, then the title, in columns as wide as the longest name.
        let line = r.out.split(separator: "\n").first { $0.hasPrefix("01-cross-correlation-by-hand ") }
        #expect(line?.hasSuffix("   Cross-correlation by hand") == true, "\(r.out)")
        #expect(r.out.split(separator: "\n").count >= 8)
    }

    @Test("A lesson's number alone names it; verify with only refused lessons prints the errors, not an empty table")
    func numberAndRefused() throws {
        let r = try run(["verify", "17", "--lessons", lessons])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("pool y₀(0,0)"))
        let bad = scratch("refused")
        defer { try? FileManager.default.removeItem(at: bad) }
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try "title: t\ninput: \"1 2\"\n".write(to: bad.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
        let v = try run(["verify", bad.appendingPathComponent("x.yaml").path])
        #expect(v.code == 1)
        #expect(v.out.isEmpty, "\(v.out)")
        #expect(v.err.contains("'kernel'"))
    }

    @Test("lesson renders into output/NAME and prints a summary; --format chooses the files")
    func lesson() throws {
        let out = scratch("lesson")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try run(["lesson", "01-cross-correlation-by-hand", "--lessons", lessons, "--output", out.path, "--format", "png"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("01-cross-correlation-by-hand: 1 frame, 1 file"))
        #expect(r.out.contains("Wrote 1 files for 1 of 1 lessons"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("01-cross-correlation-by-hand").path)
        #expect(files.filter { $0.hasSuffix(".png") }.count == 1)
        #expect(files.filter { $0.hasSuffix(".svg") || $0.hasSuffix(".pdf") }.isEmpty)
    }

    @Test("Several lessons render two at a time: lines in the order given, an error in its place, every lesson in the index")
    func severalInOrder() throws {
        let dir = scratch("several")
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (k, n) in [5, 1, 4, 2, 3].enumerated() {
            let file = dir.appendingPathComponent("l\(k)-\(n).yaml")
            // Lessons of different lengths (n steps), so that they finish out of order.
            let input = (1...(n + 1)).map(String.init).joined(separator: " ")
            let text = k == 2 ? "title: Broken\ninput: \"1 2\"\n" : "title: L\(k)\ninput: \"\(input)\"\nkernel: \"1 1\"\ndimension: 1\n"
            try text.write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }
        let out = dir.appendingPathComponent("out")
        let r = try run(["lesson"] + files + ["--output", out.path, "--format", "svg,html"])
        #expect(r.code == 1)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.map { $0.prefix(5) } == ["l0-5:", "l1-1:", "l3-2:", "l4-3:", "Wrote"], "\(r.out)")
        #expect(lines.first?.hasPrefix("l0-5: 5 frames") == true)
        #expect(r.err.contains("l2-4.yaml") && r.err.split(separator: "\n").count == 1, "\(r.err)")
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        for name in ["l0-5", "l1-1", "l3-2", "l4-3"] { #expect(index.contains("<code>\(name)</code>"), "\(name) missing from the index") }
    }

    @Test("lesson takes a path to one's own file")
    func ownFile() throws {
        let dir = scratch("own")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("my-lesson.yaml")
        try "title: Mine\ninput: \"1 2 3\"\nkernel: \"1 1\"\ndimension: 1\nexpect:\n  - {at: 0, value: 3}\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try run(["lesson", file.path, "--output", dir.appendingPathComponent("out").path])
        #expect(r.code == 0, "\(r.err)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/my-lesson/my-lesson.pdf").path))
        let v = try run(["verify", file.path])
        #expect(v.code == 0 && v.out.contains("1 passed, 0 failed"))
    }

    @Test("A wrong hand value makes lesson fail: the mismatch is named on standard error, the figures are still written")
    func wrongExpectation() throws {
        let dir = scratch("wrong-expect")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("wrong.yaml")
        try "title: Wrong\ninput: \"1 2 3\"\nkernel: \"1 1\"\ndimension: 1\nexpect:\n  - {at: 0, value: 3}\n  - {at: 1, value: 6}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try run(["lesson", file.path, "--output", dir.appendingPathComponent("out").path])
        #expect(r.code == 1)
        #expect(r.err.contains("\(file.path): 1 of 2 expectations do not match"))
        #expect(r.err.contains("MISMATCH \(file.path):7"))
        #expect(r.err.contains("6") && r.err.contains("5"), "expected 6, computed 2 + 3 = 5: \(r.err)")
        #expect(!r.err.contains("y[0]"), "only the failed check is listed: \(r.err)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/wrong/wrong.pdf").path))
    }

    @Test("Bad names, bad formats and unknown lessons fail with one sentence", arguments: [
        (["lesson", "../escape"], "may not contain '/' or '..'"),
        (["lesson", "01-cross-correlation-by-hnd"], "did you mean '01-cross-correlation-by-hand'?"),
        (["lesson", "--all", "--format", "bmp"], "The value 'bmp' is invalid for '--format <formats>'"),
        (["lesson"], "Name a lesson"),
        (["verify", "no-such-lesson"], "there is no lesson of that name"),
        (["verify", "--output", "out"], "Unknown option '--output'"),
        (["list", "--output", "out"], "Unknown option '--output'"),
    ])
    func refused(args: [String], message: String) throws {
        let r = try run(args + ["--lessons", lessons])
        #expect(r.code != 0 && r.code < 128)
        #expect(r.err.contains(message), "\(r.err)")
    }

    @Test("verify prints expected versus computed and exits non-zero on a mismatch")
    func verifyMismatch() throws {
        let dir = scratch("verify")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "title: Wrong\ninput: \"200 150 150; 100 50 100; 25 25 10\"\nkernel: sobel-x-flipped\nexpect:\n  - {at: [0, 0], value: 64}\n"
            .write(to: dir.appendingPathComponent("wrong.yaml"), atomically: true, encoding: .utf8)
        let r = try run(["verify", "--lessons", dir.path])
        #expect(r.code == 1)
        #expect(r.out.contains("64") && r.out.contains("65") && r.out.contains("MISMATCH"))
        #expect(r.out.contains("0 passed, 1 failed"))
        let good = try run(["verify", "--lessons", lessons])
        #expect(good.code == 0, "\(good.out)\(good.err)")
        #expect(good.out.contains(" 0 failed"))
    }

    @Test("A small network lesson renders four frames with statistics; a bad one writes nothing")
    func networkLesson() throws {
        let dir = scratch("network")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "title: Small\nnetwork:\n  depth: 3\n  width: 40\n  batch: 30\n  inits: [standard, he]\n"
            .write(to: dir.appendingPathComponent("small-net.yaml"), atomically: true, encoding: .utf8)
        try "title: Bad\nnetwork:\n  depth: 3\n  inits: [xavier]\n"
            .write(to: dir.appendingPathComponent("bad-net.yaml"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let good = try run(["lesson", "small-net", "--lessons", dir.path, "--output", out.path])
        #expect(good.code == 0, "\(good.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("small-net").path)
        #expect(files.filter { $0.hasSuffix(".png") }.count == 4)
        #expect(files.contains("statistics.csv") && files.contains("statistics.json"))
        let statistics = try Data(contentsOf: out.appendingPathComponent("small-net/statistics.json"))
        let parsed = try JSONSerialization.jsonObject(with: statistics) as? [String: Any]
        #expect((parsed?["results"] as? [[String: Any]])?.count == 2, "statistics.json parses, one result per init")
        let bad = try run(["lesson", "bad-net", "--lessons", dir.path, "--output", out.path])
        #expect(bad.code == 1)
        #expect(bad.err.contains("'xavier' is not one of standard, xavier-uniform"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("bad-net").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["index.html", "small-net"])
    }

    @Test("The number in front of a lesson's name is optional")
    func unnumbered() throws {
        let r = try run(["verify", "cross-correlation-by-hand", "--lessons", lessons])
        #expect(r.code == 0 && r.out.contains("01-cross-correlation-by-hand"))
    }
}

@Suite("convviz network")
struct NetworkCommandTests {
    @Test("Prints the statistics per layer; the standard init's first layer has σ ≈ 0.30")
    func table() throws {
        let r = try run(["network", "--depth", "2", "--width", "1000", "--batch", "300", "--inits", "standard", "--format", "csv"])
        #expect(r.code == 0, "\(r.err)")
        let rows = r.out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 3)  // header and two activation rows (no gradients without --gradients)
        let std = Double(rows[1][5]) ?? 0
        #expect(abs(std - 0.30) < 0.015, "σ = \(std)")
    }

    @Test("Bad settings: one sentence, non-zero exit, nothing written", arguments: [
        (["--depth", "0"], "--depth is 0: it must be at least 1."),
        (["--width", "0"], "The width must be at least 1, not 0."),
        (["--batch", "0"], "The batch must be at least 2"),
        (["--inits", "xavier"], "did you mean 'xavier-uniform'?"),
        (["--inits", "standard,lecunn"], "did you mean 'lecun'?"),
        (["--width", "100000", "--batch", "100000"], "over the 8 GiB limit"),
        (["--widths", "10,x"], "--widths '10,x' is not a comma-separated list"),
    ])
    func refused(args: [String], message: String) throws {
        let out = scratch("network-bad")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try run(["network"] + args + ["--output", out.path])
        #expect(r.code != 0 && r.code < 128)
        #expect(r.err.contains(message), "\(r.err)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: out.path))?.isEmpty ?? true)
    }
}
