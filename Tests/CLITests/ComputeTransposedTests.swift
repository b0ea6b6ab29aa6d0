@testable import ConvVizCLI
import ArgumentParser
import Foundation
import Testing

@Suite("convviz compute transposed2d")
struct ComputeTransposedTests {
    func transposed(_ args: [String]) throws -> String {
        try ConvViz.ComputeTransposed.parse(args).output()
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// `csv` read back as numbers, row by row.
    func numbers(_ csv: String) -> [[Double]] {
        csv.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }
    }

    // The lecture's case: x = [1 2; 3 4] stamps k = [1 2 1; 2 4 2; 1 2 1] two cells apart.
    // y(u,v) = Σ x(r,c)·k(u − 2r, v − 2c), 5×5: the four stamps overlap in the middle row and column.
    // Centre y(2,2) = 1·k(2,2) + 2·k(2,0) + 3·k(0,2) + 4·k(0,0) = 1 + 2 + 3 + 4 = 10;
    // y(2,3) = 2·k(2,1) + 4·k(0,1) = 4 + 8 = 12.
    let lecture = ["--input", "1 2; 3 4", "--kernel", "1 2 1; 2 4 2; 1 2 1", "--stride", "2"]

    @Test("Stride 2: 5×5, centre 10, y(2,3) = 12")
    func stride2() throws {
        let y = numbers(try transposed(lecture))
        try #require(y.count == 5 && y.allSatisfy { $0.count == 5 })
        #expect(y[2][2] == 10 && y[2][3] == 12)
        #expect(y == [[1, 2, 3, 4, 2], [2, 4, 6, 8, 4], [4, 8, 10, 12, 6], [6, 12, 14, 16, 8], [3, 6, 7, 8, 4]])
    }

    @Test("Padding 1 crops a cell from each end, output padding 1 adds one back at the bottom and right: 4×4")
    func paddingAndOutputPadding() throws {
        // The 5×5 above without its first row and column, y(u,v) = full(u + 1, v + 1): y(0,0) = 4·1, y(1,1) = 10, y(3,3) = 4·1.
        let y = numbers(try transposed(lecture + ["--padding", "1", "--output-padding", "1"]))
        try #require(y.count == 4 && y.allSatisfy { $0.count == 4 })
        #expect(y[0][0] == 4 && y[1][1] == 10 && y[3][3] == 4)
        #expect(y == [[4, 6, 8, 4], [8, 10, 12, 6], [12, 14, 16, 8], [6, 7, 8, 4]])
        // Without the output padding it is 3×3: (2 − 1)·2 − 2·1 + 1·(3 − 1) + 0 + 1 = 3.
        #expect(numbers(try transposed(lecture + ["--padding", "1"])) == [[4, 6, 8], [8, 10, 12], [12, 14, 16]])
    }

    @Test("Per-axis settings: --stride 2,1, --output-padding 1,0, --padding 0,1")
    func perAxis() throws {
        // k = [1 1] (1×2); stride 2 down, 1 across: rows (2 − 1)·2 + 0 + 1 = 3, columns (2 − 1)·1 + 1 + 1 = 3.
        // Row 0: x(0,0) on columns 0,1 and x(0,1) on columns 1,2 → 1, 1 + 2, 2; row 1 gets no stamp; row 2 likewise 3, 7, 4.
        let base = ["--input", "1 2; 3 4", "--kernel", "1 1", "--stride", "2,1"]
        #expect(numbers(try transposed(base)) == [[1, 3, 2], [0, 0, 0], [3, 7, 4]])
        // Output padding 1 on the rows only: one more row at the bottom, nothing stamped there.
        #expect(numbers(try transposed(base + ["--output-padding", "1,0"])) == [[1, 3, 2], [0, 0, 0], [3, 7, 4], [0, 0, 0]])
        // Padding 0 on the rows, 1 on the columns: the first and last column cropped.
        #expect(numbers(try transposed(base + ["--padding", "0,1"])) == [[3], [0], [7]])
    }

    @Test("Dilation spreads the taps; an output padding below the dilation is allowed at stride 1")
    func dilation() throws {
        // x = [1 2], k = [1 1] with dilation 2: x(0,0) marks columns 0 and 2, x(0,1) columns 1 and 3.
        let base = ["--input", "1 2", "--kernel", "1 1", "--dilation", "2"]
        #expect(try transposed(base) == "1,2,1,2\n")
        // Output padding 0 on the rows (stride 1, dilation 1 there), 1 on the columns (below the dilation 2).
        #expect(try transposed(base + ["--output-padding", "0,1"]) == "1,2,1,2,0\n")
        // 1 on both: a row is added too.
        #expect(try transposed(base + ["--output-padding", "1"]) == "1,2,1,2,0\n0,0,0,0,0\n")
    }

    @Test("--bias is added to every cell; a kernel name works as in conv2d")
    func biasAndName() throws {
        let y = numbers(try transposed(lecture + ["--bias", "-1"]))
        try #require(y.count == 5 && y.allSatisfy { $0.count == 5 })
        #expect(y[2][2] == 9 && y[0][0] == 0)
        // identity (3×3, a 1 in the middle) at stride 1: the input surrounded by a ring of zeros.
        #expect(try transposed(["--input", "1 2; 3 4", "--kernel", "identity"]) == "0,0,0,0\n0,1,2,0\n0,3,4,0\n0,0,0,0\n")
    }

    @Test("table: right-aligned columns")
    func table() throws {
        #expect(try transposed(["--input", "1 2", "--kernel", "1 -10", "--format", "table"]) == "  1   -8  -20\n")
    }

    @Test("--steps writes the size arithmetic, the rule and every stamp, cropped products marked")
    func steps() throws {
        let out = try transposed(lecture + ["--padding", "1", "--output-padding", "1", "--bias", "2", "--steps"])
        let lines = out.components(separatedBy: "\n")
        try #require(lines.count == 14, "\(out)")
        #expect(lines.prefix(5) == ["6,8,10,6", "10,12,14,8", "14,16,18,10", "8,9,10,6", ""])
        #expect(lines[5] == "size: (i − 1)·s − 2p + d·(k − 1) + output_padding + 1 = (2 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 4")
        #expect(lines[7].hasPrefix("each input cell z(r,c) adds z(r,c)·k(a,b) to y(s·r − p + d·a, s·c − p + d·b)"))
        #expect(lines[8].hasPrefix("z(0,0) = 1 stamps 1·k with k(0,0) on y(−1,−1): 1·1 = 1 (cropped),  "))
        #expect(lines[8].components(separatedBy: "(cropped)").count - 1 == 5)
        #expect(lines[11] == "z(1,1) = 4 stamps 4·k with k(0,0) on y(1,1): 4·1 = 4,  4·2 = 8,  4·1 = 4,  4·2 = 8,  4·4 = 16,  4·2 = 8,  4·1 = 4,  4·2 = 8,  4·1 = 4")
        #expect(lines[12] == "then + 2 (the bias) on every cell")
        #expect(lines[13].isEmpty)
        // Rows and columns of different sizes get a line each.
        let wide = try transposed(["--input", "1 2", "--kernel", "1", "--stride", "3", "--steps"])
        #expect(wide.contains("\nrows: (i − 1)·s − 2p + d·(k − 1) + output_padding + 1 = (1 − 1)·3 − 2·0 + 1·(1 − 1) + 0 + 1 = 1\n"))
        #expect(wide.contains("\ncolumns: (i − 1)·s − 2p + d·(k − 1) + output_padding + 1 = (2 − 1)·3 − 2·0 + 1·(1 − 1) + 0 + 1 = 4\n"))
    }

    @Test("json: the output, and with --steps the size texts and every stamp; the marks add up to the output")
    func json() throws {
        let plain = try json(try transposed(lecture + ["--format", "json"]))
        #expect(plain["operation"] as? String == "transposed2d")
        #expect(plain["rows"] as? Int == 5 && plain["cols"] as? Int == 5)
        #expect((plain["output"] as? [[Int]])?.dropFirst(2).first == [4, 8, 10, 12, 6])
        #expect(plain["steps"] == nil && plain["size"] == nil)

        let o = try json(try transposed(lecture + ["--padding", "1", "--output-padding", "1", "--bias", "2", "--format", "json", "--steps"]))
        let output = try #require(o["output"] as? [[Int]])
        #expect(output == [[6, 8, 10, 6], [10, 12, 14, 8], [14, 16, 18, 10], [8, 9, 10, 6]])
        #expect(o["bias"] as? Int == 2)
        let size = try #require(o["size"] as? [String: String])
        #expect(size["rows"]?.hasSuffix("(2 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 4") == true && size["cols"] == size["rows"])
        let steps = try #require(o["steps"] as? [[String: Any]])
        try #require(steps.count == 4)
        #expect(steps[1]["input"] as? [Int] == [0, 1] && steps[1]["value"] as? Int == 2 && steps[1]["origin"] as? [Int] == [-1, 1])
        // The text is the line --steps writes.
        let text = try transposed(lecture + ["--padding", "1", "--output-padding", "1", "--bias", "2", "--steps"])
        for s in steps { #expect(text.contains("\n\(s["text"] as? String ?? "?")\n")) }
        // Every mark not cropped lands in the output; their sum per cell, plus the bias, is the output.
        var sum = Array(repeating: Array(repeating: 2, count: 4), count: 4)
        var cropped = 0
        for s in steps {
            for m in try #require(s["marks"] as? [[String: Any]]) {
                let at = try #require(m["output"] as? [Int])
                let product = try #require(m["product"] as? Int)
                #expect(product == (m["weight"] as? Int ?? 0) * (s["value"] as? Int ?? 0))
                if m["cropped"] as? Bool == true {
                    cropped += 1
                    #expect(!(0..<4).contains(at[0]) || !(0..<4).contains(at[1]))
                } else if (0..<4).contains(at[0]) && (0..<4).contains(at[1]) {
                    sum[at[0]][at[1]] += product
                } else {
                    Issue.record("the mark at \(at) lies outside the output but is not marked cropped")
                }
            }
        }
        #expect(sum == output)
        #expect(cropped == 5 + 3 + 3 + 0)
    }

    @Test("transposed2d explains every option with an example and is listed under compute")
    func help() throws {
        let r = try run(["compute", "transposed2d", "--help"])
        #expect(r.code == 0)
        for option in ["--input", "--kernel", "--stride", "--padding", "--output-padding", "--dilation", "--bias", "--format", "--steps"] {
            #expect(r.out.contains(option), "\(option)")
        }
        #expect(r.out.contains("Example"))
        for paragraph in ConvViz.ComputeTransposed.configuration.discussion.components(separatedBy: "\n\n") {
            let prose = paragraph.split(separator: "\n").filter { !$0.hasPrefix("  ") && !$0.hasSuffix(":") }
            #expect(prose.count <= 1, "a paragraph broken by hand: \(paragraph)")
        }
        #expect(try run(["help", "compute"]).out.contains("  transposed2d "))
        #expect(try run(["compute", "--help"]).out.contains("convviz compute transposed2d --help"))
    }
}
