import ArgumentParser
@testable import ConvVizCLI
import Foundation
import Testing

/// Values typed as people type them: a leading minus, fractions, CSV from Excel.
@Suite("Values as people type them")
struct TypedValuesTests {
    func compute(_ args: [String]) throws -> String {
        try ConvViz.Compute.parse(args).output()
    }

    @Test("--kernel \"-1 0 1\": a matrix starting with a minus is a value, not an option")
    func negativeKernel() throws {
        // corr1d of 1 2 4 with [-1, 0, 1]: -1 + 4 = 3.
        #expect(try compute(["corr1d", "--input", "1 2 4", "--kernel", "-1 0 1"]) == "3\n")
    }

    @Test("--input \"-2 1; 0 3\": an input starting with a minus")
    func negativeInput() throws {
        // The 2×2 input summed by a 2×2 kernel of ones: -2 + 1 + 0 + 3 = 2.
        #expect(try compute(["corr2d", "--input", "-2 1; 0 3", "--kernel", "1 1; 1 1"]) == "2\n")
    }

    @Test("--bias -5 is a negative bias")
    func negativeBias() throws {
        #expect(try compute(["corr1d", "--input", "1 2", "--kernel", "1", "--bias", "-5"]) == "-4,-3\n")
    }

    @Test("--seed -1 is accepted (as 2⁶⁴ − 1) and gives the same numbers as --seed 18446744073709551615")
    func negativeSeed() throws {
        let a = try ConvViz.Network.parse(["--seed", "-1", "--depth", "1", "--width", "8", "--batch", "4"]).config()
        #expect(a.seed == UInt64.max)
        let r = try run(["network", "--seed", "-1", "--depth", "1", "--width", "8", "--batch", "4", "--inits", "he"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("he"))
    }

    @Test("Every option taking numbers accepts a leading minus and then checks it", arguments: [
        (["--padding", "-1"], "--padding is -1: padding must be 0 or more."),
        (["--stride", "-2"], "--stride is -2: it must be a whole number of at least 1."),
        (["--dilation", "-1,2"], "--dilation is -1"),
    ])
    func negativeSettings(args: [String], message: String) throws {
        let r = try run(["compute", "corr2d", "--input", "1 2; 3 4", "--kernel", "1"] + args)
        #expect(r.code != 0 && r.code < 128)
        #expect(r.err.contains(message), "\(r.err)")
    }

    @Test("Fractions in inline matrices: 1/3 1/3 1/3 averages, and the written sum keeps 1/3")
    func fractions() throws {
        #expect(try compute(["corr1d", "--input", "3 6 9", "--kernel", "1/3 1/3 1/3"]) == "6\n")
        let steps = try compute(["corr1d", "--input", "3 6 9", "--kernel", "1/3 1/3 1/3", "--steps"])
        // Correlation numbers y[k] by the x under h[0]: y[0] = h[0]·x[0] + h[1]·x[1] + h[2]·x[2].
        #expect(steps.contains("y[0] = h[0]·x[0] + h[1]·x[1] + h[2]·x[2]\n     = 1/3·3 + 1/3·6 + 1/3·9 = 6"), "\(steps)")
        // −1/16 is read as the quotient.
        #expect(try compute(["corr1d", "--input", "16", "--kernel", "-1/16"]) == "-1\n")
        // 1/0 is not a finite number.
        #expect(throws: (any Error).self) { try compute(["corr1d", "--input", "1", "--kernel", "1/0"]) }
    }

    @Test("CSV files with CRLF line ends, with ';' separators, and with decimal commas read like plain CSV")
    func csvDialects() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-csv-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = [
            "crlf.csv": "200,150,150\r\n100,50,100\r\n25,25,10\r\n",
            "semicolon.csv": "200;150;150\n100;50;100\n25;25;10\n",
            "semicolon-crlf.csv": "200;150;150\r\n100;50;100\r\n25;25;10",
            "decimal-comma.csv": "200,0;150;150\n100;50,0;100\n25;25;10,0\n",
        ]
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            #expect(try compute(["corr2d", "--input", url.path, "--kernel", "sobel-x-flipped"]) == "65\n", "\(name)")
        }
        // A one-line file with ';' is one row, not a column.
        let row = dir.appendingPathComponent("row.csv")
        try "1;2;3\r\n".write(to: row, atomically: true, encoding: .utf8)
        #expect(try compute(["corr1d", "--input", row.path, "--kernel", "1"]) == "1,2,3\n")
    }

    @Test("A file's contents are not echoed in a message (e.g. --input /etc/passwd)")
    func noEcho() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-echo-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = dir.appendingPathComponent("secret")
        try "root:x:0:0:secret-line\n".write(to: secret, atomically: true, encoding: .utf8)
        let r = try run(["compute", "corr2d", "--input", secret.path, "--kernel", "1"])
        #expect(r.code != 0 && r.code < 128)
        #expect(r.err.contains("row 1, column 1 is not a number"), "\(r.err)")
        #expect(!r.err.contains("secret-line") && !r.err.contains("root:x"), "\(r.err)")
    }

    @Test("--help lists the values of every word option", arguments: [
        (["compute", "--help"], ["full", "same", "valid", "zero", "reflect", "symmetric", "replicate", "wrap", "centered", "corner", "csv", "json", "table", "conv1d", "corr2d"]),
        (["network", "--help"], ["uniform", "gaussian", "xavier-uniform", "lecture-misprint", "table", "csv", "json"]),
        (["lesson", "--help"], ["svg", "png", "pdf"]),
    ])
    func helpListsValues(args: [String], values: [String]) throws {
        let r = try run(args)
        #expect(r.code == 0)
        for v in values { #expect(r.out.contains(v), "\(args): \(v) missing from\n\(r.out)") }
    }

    @Test("A mistyped word gets the nearest one", arguments: [
        (["compute", "corr2d", "--input", "1", "--kernel", "1", "--mode", "sme"], "did you mean 'same'?"),
        (["compute", "corr2d", "--input", "1", "--kernel", "1", "--indexing", "centred"], "did you mean 'centered'?"),
        (["compute", "corr2d", "--input", "1", "--kernel", "1", "--format", "jsn"], "did you mean 'json'?"),
        (["network", "--input", "gauss"], "did you mean 'gaussian'?"),
        (["lesson", "--all", "--format", "svg,pnq"], "did you mean 'png'?"),
    ])
    func suggestions(args: [String], message: String) throws {
        let r = try run(args)
        #expect(r.code != 0 && r.code < 128)
        #expect(r.err.contains(message), "\(r.err)")
    }

    @Test("--name without --output is an error, not silently ignored")
    func nameNeedsOutput() throws {
        let r = try run(["network", "--name", "funnel", "--depth", "1", "--width", "4", "--batch", "2"])
        #expect(r.code != 0 && r.code < 128)
        #expect(r.err.contains("--name 'funnel' names the output folder and needs --output"), "\(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test("Help texts have no hard line breaks inside a paragraph (only examples are set line by line)")
    func noHardBreaks() {
        let commands: [any ParsableCommand.Type] = [ConvViz.self, ConvViz.Compute.self, ConvViz.Network.self, ConvViz.Lesson.self,
                                                   ConvViz.Verify.self, ConvViz.List.self, ConvViz.Kernels.self]
        for command in commands {
            for paragraph in command.configuration.discussion.components(separatedBy: "\n\n") {
                let lines = paragraph.split(separator: "\n")
                let prose = lines.filter { !$0.hasPrefix("  ") && !$0.hasSuffix(":") }
                #expect(prose.count <= 1, "\(command): a paragraph broken by hand: \(paragraph)")
            }
        }
    }
}
