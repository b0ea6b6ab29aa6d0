@testable import ConvVizCLI
import Foundation
import Testing

@Suite("convviz compute pool")
struct ComputePoolTests {
    func pool(_ args: [String]) throws -> String {
        try ConvViz.ComputePool.parse(args).output()
    }

    // Quadrants {1,2,3,4}, {5,6,7,8}, {9,10,11,12}, {13,14,15,16}; each one's largest is at its bottom right.
    let quadrants = ["--input", "1 2 5 6; 3 4 7 8; 9 10 13 14; 11 12 15 16", "--size", "2"]

    @Test("max, csv and table")
    func maxText() throws {
        #expect(try pool(quadrants + ["--kind", "max"]) == "4,8\n12,16\n")
        #expect(try pool(quadrants + ["--kind", "max", "--format", "table"]) == "output channel 0:\n 4   8\n12  16\n")
    }

    @Test("max, json: the output and where each value came from")
    func maxJSON() throws {
        let o = try #require(try JSONSerialization.jsonObject(with: Data(try pool(quadrants + ["--kind", "max", "--format", "json"]).utf8)) as? [String: Any])
        #expect(o["output"] as? [[[Int]]] == [[[4, 8], [12, 16]]])
        #expect(o["argmax"] as? [[[[Int]]]] == [[[[1, 1], [1, 3]], [[3, 1], [3, 3]]]])
        #expect(o["shape"] as? [Int] == [1, 2, 2] && o["size"] as? [Int] == [2, 2] && o["stride"] as? [Int] == [2, 2])
    }

    @Test("avg with and without count_include_pad, on two channels")
    func average() throws {
        let x = ["--input", "[[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0, 0, 0], [0, 4, 0], [0, 0, 0]]]",
                 "--kind", "avg", "--size", "2", "--padding", "1"]
        // Channel 0, windows from −1 and 1: {1} → 1/4, {2, 3} → 5/4, {4, 7} → 11/4, {5, 6, 8, 9} → 28/4;
        // channel 1: only the window {5…} holds the 4 → 4/4.
        #expect(try pool(x) == "0.25,1.25\n2.75,7\n\n0,0\n0,1\n")
        // Without padding in the count: 1/1, 5/2, 11/2, 28/4.
        #expect(try pool(x + ["--exclude-padding"]) == "1,2.5\n5.5,7\n\n0,0\n0,1\n")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(try pool(x + ["--exclude-padding", "--format", "json"]).utf8)) as? [String: Any])
        #expect(o["count_include_pad"] as? Bool == false && o["argmax"] == nil)
    }

    @Test("--steps writes each window")
    func steps() throws {
        let out = try pool(quadrants + ["--kind", "max", "--steps"])
        #expect(out.contains("y[0](0,0) = max(1, 2, 3, 4) = 4 at x[0](1,1)\n"))
        let avg = try pool(["--input", "1 2 3; 4 5 6; 7 8 9", "--kind", "avg", "--size", "2", "--padding", "1", "--steps"])
        #expect(avg.contains("y[0](0,1) = (0 + 0 + 2 + 3)/4 = 1.25\n"))
        let exclude = try pool(["--input", "1 2 3; 4 5 6; 7 8 9", "--kind", "avg", "--size", "2", "--padding", "1", "--exclude-padding", "--steps"])
        #expect(exclude.contains("y[0](0,1) = (2 + 3)/2 = 2.5\n"))
    }
}
