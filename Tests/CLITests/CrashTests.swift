import Foundation
import Testing

/// Inputs that once crashed or hung `convviz`, each run as a separate process under a 4 GiB
/// address-space limit: a clean exit (below 128, so no signal), one sentence naming the file (and
/// line and field for lessons), nothing half-written, and all within 10 seconds.
@Suite("No input crashes it", .serialized)
struct CrashTests {
    /// Runs `convviz` under `ulimit -v 4 GiB`; returns the exit code, the output and the seconds taken.
    func limitedRun(_ arguments: [String], in directory: URL? = nil) throws -> (code: Int32, out: String, err: String, seconds: Double) {
        let binary = try convvizBinary().path
        let quoted = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -v 4194304; exec \(quoted)"]
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let start = Date()
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), Date().timeIntervalSince(start))
    }

    struct BadLessonFile: Sendable, CustomTestStringConvertible {
        let name: String
        /// The file's text (or, for `bytes`, its size in bytes of a repeated line).
        let text: String
        var bytes: Int = 0
        /// What the one sentence must contain besides the file name.
        let says: [String]
        var testDescription: String { name }
    }

    static let lessons: [BadLessonFile] = [
        .init(name: "depth 2³¹", text: "title: t\nnetwork:\n  depth: 2147483648\n", says: [":3:", "'network.depth'", "over the limit of 10000"]),
        .init(name: "depth Int.max", text: "title: t\nnetwork:\n  depth: 9223372036854775807\n", says: [":3:", "'network.depth'"]),
        .init(name: "width 2⁶²", text: "title: t\nnetwork:\n  width: 4611686018427387904\n", says: [":3:", "'network.width'", "over the limit"]),
        .init(name: "epsilon -1", text: "title: t\nnetwork:\n  depth: 2\n  width: 8\n  batch: 4\n  batchnorm: true\n  epsilon: -1\n",
              says: [":7:", "'network.epsilon'", "must be a positive number"]),
        .init(name: "alias bomb as mapping keys",
              text: "title: t\na: &a [x, x, x, x, x, x, x, x, x]\n" + (1...9).map { i in
                  "k\(i): &k\(i)\n" + (0..<9).map { "  ? *\(i == 1 ? "a" : "k\(i - 1)")\n    : \($0)" }.joined(separator: "\n")
              }.joined(separator: "\n") + "\n",
              says: ["YAML aliases"]),
        .init(name: "brackets nested 100 000 deep", text: "title: t\ninput: " + String(repeating: "[", count: 100_000) + "\n",
              says: [":2:", "nested more than 64 deep"]),
        .init(name: "a 50 MB lesson file", text: "# filler line of a huge lesson file\n", bytes: 50 << 20, says: ["more than the limit of 256 KB"]),
        .init(name: "compare on a 300×300 input", text: "title: t\ninput: big.csv\nkernel: sobel-x\nrender: [compare]\n",
              says: [":2:", "'input'", "is 300×300", "limited to 20×20"]),
        .init(name: "associativity of two 33×33 kernels",
              text: "title: t\ninput: \"1 2; 3 4\"\nkernels: [k33.csv, k33.csv]\nrender: [associativity]\n",
              says: [":3:", "'kernels'", "limited to 9×9"]),
        .init(name: "compare with a 65×65 kernel", text: "title: t\ninput: big.csv\nkernel: k65.csv\nrender: [compare]\n",
              says: [":3:", "'kernel'", "more than the limit of 4096"]),
        .init(name: "padding 5000", text: "title: t\ninput: \"1 2; 3 4\"\nkernel: \"1\"\npadding: 5000\n",
              says: [":4:", "'padding'", "The padding is 5000, more than the limit of 4096"]),
        .init(name: "dilation 5000", text: "title: t\ninput: \"1 2; 3 4\"\nkernel: \"1 1\"\ndilation: 5000\n",
              says: [":4:", "'dilation'", "The dilation is 5000, more than the limit of 4096"]),
        .init(name: "feature maps of a big image with many big kernels",
              text: "title: t\ninput: big.csv\nkernels: [k65.csv]\nrender: [feature-maps]\n",
              says: [":3:", "'kernel"]),
    ]

    @Test("A bad lesson file: clean exit, one sentence with file and line, no output, within 10 s and 4 GiB", arguments: lessons)
    func badLesson(c: BadLessonFile) throws {
        let dir = scratch("crash")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        if c.bytes > 0 {
            let line = Data(c.text.utf8)
            var data = Data(capacity: c.bytes)
            while data.count < c.bytes { data.append(line) }
            try data.write(to: file)
        } else {
            try c.text.write(to: file, atomically: true, encoding: .utf8)
        }
        let row300 = (0..<300).map { String($0 % 7) }.joined(separator: ",")
        try String(repeating: row300 + "\n", count: 300).write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        for side in [33, 65] {
            let row = Array(repeating: "1", count: side).joined(separator: ",")
            try String(repeating: row + "\n", count: side).write(to: dir.appendingPathComponent("k\(side).csv"), atomically: true, encoding: .utf8)
        }
        let out = dir.appendingPathComponent("out")
        for command in ["lesson", "verify"] {
            let r = try limitedRun([command, file.path, "--lessons", dir.path] + (command == "lesson" ? ["--output", out.path] : []))
            #expect(r.code != 0 && r.code < 128, "\(command): exit \(r.code): \(r.err)")
            #expect(r.seconds < 10, "\(command) took \(r.seconds) s")
            let lines = r.err.split(separator: "\n")
            #expect(lines.count == 1, "\(command): one sentence, not \(lines.count) lines: \(r.err.prefix(500))")
            #expect(r.err.contains(file.path), "\(command) names the file: \(r.err)")
            for s in c.says { #expect(r.err.contains(s), "\(command): \(r.err) should say \(s)") }
            #expect(r.err.count < 400, "\(command): the sentence is short: \(r.err.count) characters")
            #expect((try? FileManager.default.contentsOfDirectory(atPath: out.path))?.isEmpty ?? true, "nothing written")
        }
    }

    struct BadCommand: Sendable, CustomTestStringConvertible {
        let args: [String]
        let says: String
        var testDescription: String { args.joined(separator: " ") }
    }

    static let commands: [BadCommand] = [
        .init(args: ["network", "--width", "4000000000"], says: "The width is 4000000000, over the limit of 1048576"),
        .init(args: ["network", "--depth", "2147483648"], says: "The depth is 2147483648, over the limit of 10000 layers"),
        .init(args: ["network", "--widths", "4611686018427387904,4611686018427387904"], says: "over the limit"),
        .init(args: ["network", "--input-width", "1048576", "--width", "1048576", "--batch", "2"], says: "over the 8 GiB limit"),
        .init(args: ["compute", "corr2d", "--input", "1 2", "--kernel", "1", "--padding", "5000"], says: "--padding is 5000, more than the limit of 4096"),
        .init(args: ["compute", "corr2d", "--input", "1 2", "--kernel", "1", "--stride", "99999999999999999999"], says: "--stride '99999999999999999999' is not a whole number"),
        .init(args: ["network", "--depth", "60", "--width", "4", "--batch", "2", "--output", "out"], says: "at most 50 layers"),
    ]

    @Test("A bad command line: clean exit, one sentence, within 10 s and 4 GiB", arguments: commands)
    func badCommand(c: BadCommand) throws {
        let dir = scratch("crash-cmd")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try limitedRun(c.args, in: dir)
        #expect(r.code != 0 && r.code < 128, "exit \(r.code): \(r.err)")
        #expect(r.seconds < 10)
        #expect(r.err.contains(c.says), "\(r.err)")
        #expect(r.out.isEmpty)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.isEmpty ?? true, "nothing written")
    }

    @Test("Networks whose values vanish into denormals or overflow run to the end and say so", arguments: [
        ["network", "--depth", "30", "--width", "500", "--batch", "500", "--inits", "lecture-misprint"],
        ["network", "--depth", "2000", "--width", "32", "--batch", "32", "--batchnorm", "--inits", "he", "--gradients"],
    ])
    func vanishingAndOverflowing(args: [String]) throws {
        let r = try limitedRun(args)
        #expect(r.code == 0, "exit \(r.code): \(r.err)")
        #expect(r.seconds < 10)
        #expect(r.out.contains(args.contains("he") ? "overflowed" : "0.0000"), "\(r.out.suffix(600))")
    }

    @Test("A network lesson that collapses to 0 renders, and its figures say so")
    func collapsedLesson() throws {
        let dir = scratch("collapsed")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "title: Misprint, deep\nnetwork:\n  depth: 30\n  width: 500\n  batch: 500\n  inits: [lecture-misprint]\n"
            .write(to: dir.appendingPathComponent("deep.yaml"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try limitedRun(["lesson", "deep", "--lessons", dir.path, "--output", out.path, "--format", "pdf"])
        #expect(r.code == 0, "exit \(r.code): \(r.err)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["pdftotext", out.appendingPathComponent("deep/deep.pdf").path, "-"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.contains("collapsed to 0"), "\(text.prefix(400))")
    }
}
