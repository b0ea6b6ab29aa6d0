@testable import ConvVizCLI
import Foundation
import Testing

/// The built `convviz` executable, next to the test bundle in the build folder.
func convvizBinary() throws -> URL {
    var dir = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("convviz")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir.deleteLastPathComponent()
    }
    // Fall back to the package's default build folder.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    for sub in [".build/debug/convviz", ".build/release/convviz"] {
        let u = root.appendingPathComponent(sub)
        if FileManager.default.isExecutableFile(atPath: u.path) { return u }
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "convviz"])
}

/// Runs `convviz` with `arguments` in `directory`; returns exit code, stdout and stderr.
func run(_ arguments: [String], in directory: URL? = nil) throws -> (code: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = try convvizBinary()
    p.arguments = arguments
    if let directory { p.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Suite("convviz compute")
struct ComputeTests {
    func compute(_ args: [String]) throws -> String {
        let command = try ConvViz.Compute.parse(args)
        return try command.output()
    }

    @Test("The lecture's 65, printed as 65")
    func lecture65() throws {
        let out = try compute(["corr2d", "--input", "200 150 150; 100 50 100; 25 25 10", "--kernel", "1 0 -1; 2 0 -2; 1 0 -1"])
        #expect(out == "65\n")
    }

    @Test("--steps writes the lecture's arithmetic")
    func steps() throws {
        let out = try compute(["corr2d", "--input", "200 150 150; 100 50 100; 25 25 10", "--kernel", "sobel-x-flipped", "--steps"])
        #expect(out.contains("       = 200·1 + 150·0 + 150·(−1) + 100·2 + 50·0 + 100·(−2) + 25·1 + 25·0 + 10·(−1) = 65"))
        let oneD = try compute(["conv1d", "--input", "1,2,3,4,5,6", "--kernel", "1 2 3", "--steps", "--bias", "1"])
        #expect(oneD.hasPrefix("11,17,23,29\n"))
        // valid mode: the first output is the lecture's y[2] = h₂x₀ + h₁x₁ + h₀x₂ (+ bias).
        #expect(oneD.contains("output i is y[k] with k = i + 2"))
        #expect(oneD.contains("y[2] = h[2]·x[0] + h[1]·x[1] + h[0]·x[2] + bias\n     = 3·1 + 2·2 + 1·3 + 1 = 11"))
    }

    @Test("--steps labels taps in the chosen indexing: centered taps run −1…1, corner taps 0…2")
    func stepsIndexing() throws {
        let args = ["corr2d", "--input", "200 150 150; 100 50 100; 25 25 10", "--kernel", "1 0 -1; 2 0 -2; 1 0 -1", "--mode", "same", "--steps"]
        let centered = try compute(args + ["--indexing", "centered"])
        let corner = try compute(args + ["--indexing", "corner"])
        #expect(centered.contains("a ∈ −c₁…c₁, b ∈ −c₂…c₂"))
        #expect(corner.contains("a ∈ 0…k₁ − 1, b ∈ 0…k₂ − 1"))
        // Output (1,1) is the lecture's 65 either way; its first tap reads x(0,0) with weight 1.
        #expect(centered.contains("y(1,1) = x(0,0)·k(−1,−1) + x(0,1)·k(−1,0) + x(0,2)·k(−1,1) + x(1,0)·k(0,−1) + x(1,1)·k(0,0)"))
        #expect(corner.contains("y(1,1) = x(0,0)·k(0,0) + x(0,1)·k(0,1) + x(0,2)·k(0,2) + x(1,0)·k(1,0) + x(1,1)·k(1,1)"))
        #expect(centered.contains("= 200·1 + 150·0 + 150·(−1) + 100·2 + 50·0 + 100·(−2) + 25·1 + 25·0 + 10·(−1) = 65"))
        // Convolution, centered: the lecture's x(r−a, c−b) — tap k(1,1) reads the cell up and left of the centre.
        let conv = try compute(["conv2d", "--input", "1 2 3; 4 5 6; 7 8 9", "--kernel", "1 2 3; 4 5 6; 7 8 9", "--indexing", "centered", "--steps"])
        #expect(conv.contains("y(0,0) = x(0,0)·k(1,1) + x(0,1)·k(1,0) + x(0,2)·k(1,−1)"))
    }

    @Test("Formats: csv, json, table")
    func formats() throws {
        let args = ["conv2d", "--input", "1 2 3; 4 5 6; 7 8 9", "--kernel", "1 0; 0 -1"]
        // Convolution flips [[1,0],[0,-1]] to [[-1,0],[0,1]]: y = x(r+1,c+1) − x(r,c) = 4 everywhere.
        #expect(try compute(args) == "4,4\n4,4\n")
        let json = try JSONSerialization.jsonObject(with: Data(try compute(args + ["--format", "json"]).utf8)) as? [String: Any]
        #expect(json?["operation"] as? String == "conv2d" && json?["rows"] as? Int == 2 && json?["cols"] as? Int == 2)
        #expect(json?["output"] as? [[Int]] == [[4, 4], [4, 4]])
        #expect(try compute(["corr2d", "--input", "1 -200; 3 4.5", "--kernel", "1", "--format", "table"])
                == "   1  -200\n   3   4.5\n")
    }

    @Test("Padding, stride, dilation and modes reach the reference module")
    func geometry() throws {
        // x = 1…5, kernel [1, 1], padding 1, stride 2: windows (0,1), (2,3), (4,5) → 1, 5, 9.
        #expect(try compute(["corr1d", "--input", "1 2 3 4 5", "--kernel", "1 1", "--padding", "1", "--stride", "2"]) == "1,5,9\n")
        // dilation 2 on x = 1…5 with [1, 1]: x[k] + x[k+2] = 4, 6, 8.
        #expect(try compute(["corr1d", "--input", "1 2 3 4 5", "--kernel", "1 1", "--dilation", "2"]) == "4,6,8\n")
        // full convolution of [1,2,3] with [1,1]: 1, 3, 5, 3.
        #expect(try compute(["conv1d", "--input", "1 2 3", "--kernel", "1 1", "--mode", "full"]) == "1,3,5,3\n")
        // reflect boundary: [1,2,3] padded by 1 → 2 1 2 3 2; sums of pairs: 3, 3, 5, 5.
        #expect(try compute(["corr1d", "--input", "1 2 3", "--kernel", "1 1", "--padding", "1", "--boundary", "reflect"]) == "3,3,5,5\n")
    }

    @Test("Inline matrices, CSV files and text files all read the same")
    func files() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let csv = dir.appendingPathComponent("x.csv"), txt = dir.appendingPathComponent("x.txt")
        try "200,150,150\n100,50,100\n25,25,10\n".write(to: csv, atomically: true, encoding: .utf8)
        try "# a comment\n200 150 150\n100  50 100\n25 25 10\n".write(to: txt, atomically: true, encoding: .utf8)
        for f in [csv, txt] {
            #expect(try compute(["corr2d", "--input", f.path, "--kernel", "sobel-x-flipped"]) == "65\n")
        }
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        let args: [String]
        let message: String
        var testDescription: String { message }
    }

    static let bad: [BadInput] = [
        .init(args: ["corr2d", "--input", "1 2 3; 4 5", "--kernel", "1"], message: "Row 2 of the input has 2 entries but row 1 has 3"),
        .init(args: ["corr2d", "--input", "", "--kernel", "1"], message: "The input is empty"),
        .init(args: ["corr2d", "--input", "1 2; 3 x", "--kernel", "1"], message: "input row 2, column 2 is 'x', which is not a number"),
        .init(args: ["corr2d", "--input", "1 nan", "--kernel", "1"], message: "use finite numbers only"),
        .init(args: ["corr2d", "--input", "1 inf", "--kernel", "1"], message: "use finite numbers only"),
        .init(args: ["corr2d", "--input", "1 2; 3 4", "--kernel", "sobel-x"], message: "The kernel spans 3 rows (after dilation) but the padded input has only 2"),
        .init(args: ["corr2d", "--input", "1 2", "--kernel", "1", "--stride", "0"], message: "--stride is 0: it must be a whole number of at least 1."),
        .init(args: ["corr2d", "--input", "1 2", "--kernel", "1", "--dilation=-2"], message: "--dilation is -2"),
        .init(args: ["corr2d", "--input", "1 2", "--kernel", "1", "--padding=-1"], message: "--padding is -1: padding must be 0 or more."),
        .init(args: ["corr2d", "--input", "1 2", "--kernel", "sobelx"], message: "did you mean 'sobel-x'?"),
        .init(args: ["corr2d", "--input", "1 2", "--kernel", "1", "--padding", "1", "--mode", "same"], message: "--padding cannot be combined with --mode same"),
        .init(args: ["corr1d", "--input", "1 2; 3 4", "--kernel", "1"], message: "A 1D operation takes a single row"),
        .init(args: ["corr2d", "--input", "/no/such/file.csv", "--kernel", "1"], message: "the file '/no/such/file.csv' does not exist"),
        .init(args: ["corr3d", "--input", "1", "--kernel", "1"], message: "The value 'corr3d' is invalid for '<operation>'"),
        .init(args: ["corr2d", "--input", "1", "--kernel", "1", "--boundary", "reflekt"], message: "did you mean 'reflect'?"),
    ]

    @Test("Bad input: one clear sentence on stderr, a non-zero exit, no crash", arguments: bad)
    func badInput(c: BadInput) throws {
        let r = try run(["compute"] + c.args)
        #expect(r.code != 0)
        #expect(r.code < 128, "a signal means a crash")
        #expect(r.err.contains(c.message), "stderr was: \(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test("A size beyond the documented limit is refused")
    func tooLarge() throws {
        let big = Array(repeating: "1", count: 65 * 65).joined(separator: " ")
        let r = try run(["compute", "corr2d", "--input", "1 2 3", "--kernel", big])
        #expect(r.code != 0 && r.err.contains("more than the limit of 4096"))
    }

    @Test("--help explains every option with an example")
    func help() throws {
        let r = try run(["compute", "--help"])
        #expect(r.code == 0)
        for option in ["--input", "--kernel", "--mode", "--padding", "--boundary", "--stride", "--dilation", "--indexing", "--bias", "--format", "--steps"] {
            #expect(r.out.contains(option))
        }
        #expect(r.out.components(separatedBy: "Example").count >= 11)
    }
}
