@testable import ConvVizCLI
import ArgumentParser
import Drawing
import Foundation
import Testing

@Suite("convviz compute layer")
struct ComputeLayerTests {
    func layer(_ args: [String]) throws -> String {
        try ConvViz.ComputeLayer.parse(args).output()
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // Two channels x[0] = [1 2; 3 4], x[1] = [5 6; 7 8]; filter 0 adds them (weights 1, 1, bias 0),
    // filter 1 subtracts the second (weights 1, −1) and adds 10:
    // y[0] = [1+5 2+6; 3+7 4+8] = [6 8; 10 12],  y[1] = [1−5+10 2−6+10; 3−7+10 4−8+10] = [6 6; 6 6].
    let sumAndDifference = ["--input", "[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]",
                            "--weight", "[[[[1]], [[1]]], [[[1]], [[-1]]]]", "--bias", "0 10"]

    @Test("csv: one block per output channel, blocks separated by a blank line")
    func csv() throws {
        #expect(try layer(sumAndDifference) == "6,8\n10,12\n\n6,6\n6,6\n")
    }

    @Test("table: each output channel under its name, one column width")
    func table() throws {
        #expect(try layer(sumAndDifference + ["--format", "table"])
                == "output channel 0 (filter 0):\n 6   8\n10  12\n\noutput channel 1 (filter 1):\n 6   6\n 6   6\n")
    }

    @Test("json: the output as an M×H′×W′ nested array of numbers, with its shape")
    func json() throws {
        let o = try json(try layer(sumAndDifference + ["--format", "json"]))
        #expect(o["operation"] as? String == "layer")
        #expect(o["shape"] as? [Int] == [2, 2, 2])
        #expect(o["output"] as? [[[Int]]] == [[[6, 8], [10, 12]], [[6, 6], [6, 6]]])
        #expect(o["steps"] == nil)
    }

    // x[0] = [1 2 3; 4 5 6; 7 8 9], x[1] = [1 0 1; 0 1 0; 1 0 1]; one filter, w[0,0] = [1 0; 0 1],
    // w[0,1] = [2 0; 0 −1], bias 5. y(0,0) = (1 + 5) + (2·1 − 1·1) + 5 = 6 + 1 + 5 = 12.
    let twoChannels = ["--input", "[[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 1], [0, 1, 0], [1, 0, 1]]]",
                       "--weight", "[[[[1, 0], [0, 1]], [[2, 0], [0, -1]]]]", "--bias", "5"]

    @Test("--steps writes each cell channel by channel, then the partial sums and the bias")
    func steps() throws {
        let out = try layer(twoChannels + ["--steps"])
        #expect(out.hasPrefix("12,13\n17,20\n\n"))
        #expect(out.contains("y[m](i,j) = Σ_c Σ_a Σ_b x[c](i + a, j + b)·w[m,c](a,b) + b[m],  c ∈ 0…C − 1, a ∈ 0…k₁ − 1, b ∈ 0…k₂ − 1\nwhere C = 2, k₁ = 2, k₂ = 2\n"))
        #expect(out.contains("""
            y[0](0,0) = x[0] ⋆ w[0,0] + x[1] ⋆ w[0,1] + b[0]
              x[0] ⋆ w[0,0] = 1·1 + 2·0 + 4·0 + 5·1 = 6
              x[1] ⋆ w[0,1] = 1·2 + 0·0 + 0·0 + 1·(−1) = 1
              y[0](0,0) = 6 + 1 + 5 = 12
            """))
        // (1,1): (5 + 9) + (2·1 − 1·1) + 5 = 14 + 1 + 5 = 20.
        #expect(out.contains("  y[0](1,1) = 14 + 1 + 5 = 20\n"))
        #expect(out.components(separatedBy: "+ b[0]").count == 5)
    }

    @Test("--cell m,i,j writes that cell only; in JSON the step carries every channel's taps")
    func cell() throws {
        let out = try layer(twoChannels + ["--cell", "0,1,0"])
        // (1,0): (4 + 8) + (0·2 − 1·0) + 5 = 12 + 0 + 5 = 17.
        #expect(out.hasSuffix("\ny[0](1,0) = x[0] ⋆ w[0,0] + x[1] ⋆ w[0,1] + b[0]\n  x[0] ⋆ w[0,0] = 4·1 + 5·0 + 7·0 + 8·1 = 12\n  x[1] ⋆ w[0,1] = 0·2 + 1·0 + 1·0 + 0·(−1) = 0\n  y[0](1,0) = 12 + 0 + 5 = 17\n"))
        let o = try json(try layer(twoChannels + ["--cell", "0,1,1", "--format", "json"]))
        let steps = try #require(o["steps"] as? [[String: Any]])
        #expect(steps.count == 1)
        let s = steps[0]
        #expect(s["filter"] as? Int == 0 && s["output"] as? [Int] == [1, 1])
        #expect(s["total"] as? Int == 15 && s["bias"] as? Int == 5 && s["result"] as? Int == 20)
        let channels = try #require(s["channels"] as? [[String: Any]])
        #expect(channels.map { $0["partial"] as? Int } == [14, 1])
        // The partial sums are the products read back from the JSON.
        for c in channels {
            let products = (c["taps"] as? [[String: Any]] ?? []).compactMap { ($0["product"] as? NSNumber)?.doubleValue }
            #expect(products.reduce(0, +) == (c["partial"] as? NSNumber)?.doubleValue)
        }
        #expect((s["text"] as? String)?.hasSuffix("y[0](1,1) = 14 + 1 + 5 = 20") == true)
    }

    @Test("Padding, stride and groups reach the layer")
    func geometryAndGroups() throws {
        // One channel [1 2; 3 4], a 1×1 weight 1, padding 1, stride 2: 4×4 padded, cells (0,0), (0,2), (2,0), (2,2)
        // of the padded grid: 0, 0, 0, 4.
        #expect(try layer(["--input", "1 2; 3 4", "--weight", "[[[[1]]]]", "--padding", "1", "--stride", "2"]) == "0,0\n0,4\n")
        // Groups 2: filter 0 sums channels 0 and 1 (1 + 10), filter 1 channels 2 and 3 (100 + 1000).
        #expect(try layer(["--input", "[[[1]], [[10]], [[100]], [[1000]]]", "--weight", "[[[[1]], [[1]]], [[[1]], [[1]]]]",
                           "--groups", "2"]) == "11\n\n1100\n")
    }

    @Test("A PNG is read as three channels R, G, B (0…255)")
    func png() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-layer-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("rgb.png")
        try RGBImage.write(width: 2, height: 1, channels: [[255, 1], [0, 128], [10, 254]], to: url.path)
        // Filter 0 picks red, 1 green, 2 blue (1×1 weights 1 on its channel, 0 elsewhere): the output is the picture.
        let identity = "[[[[1]], [[0]], [[0]]], [[[0]], [[1]], [[0]]], [[[0]], [[0]], [[1]]]]"
        #expect(try layer(["--input", url.path, "--weight", identity]) == "255,1\n\n0,128\n\n10,254\n")
        // Filter 0 = R + G + B: 265 and 383.
        #expect(try layer(["--input", url.path, "--weight", "[[[[1]], [[1]], [[1]]]]"]) == "265,383\n")
    }

    @Test("Input and weights from .json files")
    func files() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-layer-json-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let x = dir.appendingPathComponent("x.json"), w = dir.appendingPathComponent("w.json")
        try "[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]\n".write(to: x, atomically: true, encoding: .utf8)
        try "[[[[1]], [[1]]], [[[1]], [[-1]]]]".write(to: w, atomically: true, encoding: .utf8)
        #expect(try layer(["--input", x.path, "--weight", w.path, "--bias", "[0, 10]"]) == "6,8\n10,12\n\n6,6\n6,6\n")
    }
}
