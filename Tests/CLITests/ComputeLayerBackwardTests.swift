@testable import ConvVizCLI
import ArgumentParser
import Foundation
import Testing

@Suite("convviz compute layer --grad-output and --transposed")
struct ComputeLayerBackwardTests {
    func layer(_ args: [String]) throws -> String {
        try ConvViz.ComputeLayer.parse(args).output()
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // MARK: - The backward pass

    // The lecture's 3×3 patch under K′ = [1 0 −1; 2 0 −2; 1 0 −1] (cross-correlated: 65), and
    // ∂L/∂y = [[[1]]]: the single window sends 1·K′ back to the input, 1·patch to the kernel, 1 to the bias.
    let lecture = ["--input", "200 150 150; 100 50 100; 25 25 10",
                   "--weight", "[[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]]]", "--grad-output", "[[[1]]]"]

    @Test("The lecture's patch: ∂L/∂x = K′, ∂L/∂w = the patch, ∂L/∂b = [1]")
    func lecturePatch() throws {
        let o = try json(try layer(lecture + ["--format", "json"]))
        #expect(o["output"] as? [[[Int]]] == [[[65]]])
        #expect(o["grad_input"] as? [[[Int]]] == [[[1, 0, -1], [2, 0, -2], [1, 0, -1]]])
        #expect(o["grad_weight"] as? [[[[Int]]]] == [[[[200, 150, 150], [100, 50, 100], [25, 25, 10]]]])
        #expect(o["grad_bias"] as? [Int] == [1])
        #expect(o["operation"] as? String == "layer" && o["shape"] as? [Int] == [1, 1, 1])
    }

    @Test("csv: the output, then ∂L/∂x per channel, ∂L/∂w per filter and channel, ∂L/∂b, each under its name")
    func csv() throws {
        #expect(try layer(lecture) == """
            y[0]
            65

            ∂L/∂x[0]
            1,0,-1
            2,0,-2
            1,0,-1

            ∂L/∂w[0][0]
            200,150,150
            100,50,100
            25,25,10

            ∂L/∂b
            1

            """)
    }

    // Three filters of 1×1 over two channels: y₀ = x₀, y₁ = x₁, y₂ = x₀ + x₁, with ∂L/∂y₀ = [1 0; 0 0],
    // ∂L/∂y₁ = [0 0; 0 1], ∂L/∂y₂ = all ones. ∂L/∂w[m][c] = Σ g_m·x_c: w[0] = (x₀(0,0), x₁(0,0)) = (1, 0),
    // w[1] = (x₀(1,1), x₁(1,1)) = (4, 0), w[2] = (Σx₀, Σx₁) = (10, 2). ∂L/∂x_c = Σ_m g_m·w[m][c]:
    // x₀ gets g₀ + g₂ = [2 1; 1 1], x₁ gets g₁ + g₂ = [1 1; 1 2]. ∂L/∂b = (1, 1, 4).
    let threeFilters = ["--input", "[[[1, 2], [3, 4]], [[0, 1], [1, 0]]]",
                        "--weight", "[[[[1]], [[0]]], [[[0]], [[1]]], [[[1]], [[1]]]]",
                        "--grad-output", "[[[1, 0], [0, 0]], [[0, 0], [0, 1]], [[1, 1], [1, 1]]]"]

    @Test("JSON layouts are PyTorch's: grad_input C×H×W, grad_weight M×C×k₁×k₂ (3×2 here, not 2×3), grad_bias M")
    func layouts() throws {
        let o = try json(try layer(threeFilters + ["--format", "json"]))
        #expect(o["output"] as? [[[Int]]] == [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[1, 3], [4, 4]]])
        #expect(o["grad_input"] as? [[[Int]]] == [[[2, 1], [1, 1]], [[1, 1], [1, 2]]])
        #expect(o["grad_weight"] as? [[[[Int]]]] == [[[[1]], [[0]]], [[[4]], [[0]]], [[[10]], [[2]]]])
        #expect(o["grad_bias"] as? [Int] == [1, 1, 4])
    }

    @Test("table: every part aligned under its name, ∂L/∂w naming its filter and input channel")
    func table() throws {
        #expect(try layer(threeFilters + ["--format", "table"]) == """
            output channel 0 (filter 0):
            1  2
            3  4

            output channel 1 (filter 1):
            0  1
            1  0

            output channel 2 (filter 2):
            1  3
            4  4

            ∂L/∂x[0] (input channel 0):
            2  1
            1  1

            ∂L/∂x[1] (input channel 1):
            1  1
            1  2

            ∂L/∂w[0][0] (filter 0, input channel 0):
             1

            ∂L/∂w[0][1] (filter 0, input channel 1):
             0

            ∂L/∂w[1][0] (filter 1, input channel 0):
             4

            ∂L/∂w[1][1] (filter 1, input channel 1):
             0

            ∂L/∂w[2][0] (filter 2, input channel 0):
            10

            ∂L/∂w[2][1] (filter 2, input channel 1):
             2

            ∂L/∂b (one per filter):
            1  1  4

            """)
    }

    @Test("Groups: grad_weight is M×C/g×k₁×k₂ and each filter sends gradient to its own channel only")
    func groups() throws {
        // Filter 0 reads channel 0 with [1 0; 0 1], filter 1 channel 1 with [2 0; 0 −1]. ∂L/∂y₀ = 1 at
        // (0,0), ∂L/∂y₁ = 1 at (1,1): ∂L/∂w[0][0] is x₀'s window at (0,0), ∂L/∂w[1][0] x₁'s at (1,1);
        // ∂L/∂x₀ is w[0][0] laid at (0,0), ∂L/∂x₁ is w[1][0] laid at (1,1).
        let o = try json(try layer([
            "--input", "[[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 1], [0, 1, 0], [1, 0, 1]]]",
            "--weight", "[[[[1, 0], [0, 1]]], [[[2, 0], [0, -1]]]]", "--groups", "2",
            "--grad-output", "[[[1, 0], [0, 0]], [[0, 0], [0, 1]]]", "--format", "json",
        ]))
        #expect(o["grad_weight"] as? [[[[Int]]]] == [[[[1, 2], [4, 5]]], [[[1, 0], [0, 1]]]])
        #expect(o["grad_input"] as? [[[Int]]] == [[[1, 0, 0], [0, 1, 0], [0, 0, 0]], [[0, 0, 0], [0, 2, 0], [0, 0, -1]]])
        #expect(o["grad_bias"] as? [Int] == [1, 1])
    }

    @Test("Stride and padding: the gradient reaches only the cells the window read, zero padding takes none")
    func strideAndPadding() throws {
        // x = 1…9 (3×3), w = 1…9 (3×3), padding 1, stride 2: a 2×2 output. ∂L/∂y = 1 at (1,1), whose
        // window covers padded rows and columns 2…4, i.e. input rows and columns 1…3 (3 is padding).
        // ∂L/∂x(u,v) = w(u − 1, v − 1) for u, v ∈ {1, 2}; ∂L/∂w(a,b) = x(1 + a, 1 + b) where that exists, else 0.
        let o = try json(try layer([
            "--input", "1 2 3; 4 5 6; 7 8 9", "--weight", "[[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]",
            "--padding", "1", "--stride", "2", "--grad-output", "[[[0, 0], [0, 1]]]", "--format", "json",
        ]))
        #expect(o["grad_input"] as? [[[Int]]] == [[[0, 0, 0], [0, 1, 2], [0, 4, 5]]])
        #expect(o["grad_weight"] as? [[[[Int]]]] == [[[[5, 6, 0], [8, 9, 0], [0, 0, 0]]]])
        #expect(o["grad_bias"] as? [Int] == [1])
    }

    @Test("--grad-output reads a matrix or a .json file as --input does; --cell still writes the forward arithmetic")
    func readers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("h11cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("g.json")
        try Data("[[[2]]]".utf8).write(to: file)
        let base = Array(lecture.dropLast(2)) + ["--format", "json"]
        let fromFile = try json(try layer(base + ["--grad-output", file.path]))
        #expect(fromFile["grad_bias"] as? [Int] == [2])
        #expect(fromFile["grad_input"] as? [[[Int]]] == [[[2, 0, -2], [4, 0, -4], [2, 0, -2]]])
        let fromMatrix = try json(try layer(base + ["--grad-output", "-1"]))
        #expect(fromMatrix["grad_weight"] as? [[[[Int]]]] == [[[[-200, -150, -150], [-100, -50, -100], [-25, -25, -10]]]])
        let withCell = try layer(lecture + ["--cell", "0,0,0"])
        #expect(withCell.contains("\n∂L/∂b\n1\n\n") && withCell.hasSuffix("\n  y[0](0,0) = 65 + 0 = 65\n"))
    }

    // MARK: - The transposed layer

    // One input channel x = [1 2; 3 4] stamping two output channels at stride 2: w[0][0] = all ones
    // copies each value into a 2×2 block; w[0][1] = [1 0; 0 −1] puts x(r,c) at (2r, 2c) and −x(r,c)
    // at (2r + 1, 2c + 1).
    let oneToTwo = ["--transposed", "--input", "[[[1, 2], [3, 4]]]",
                    "--weight", "[[[[1, 1], [1, 1]], [[1, 0], [0, -1]]]]", "--stride", "2"]

    @Test("--transposed: each input channel stamps its kernels; csv one block per output channel")
    func transposedLayer() throws {
        #expect(try layer(oneToTwo) == "1,1,2,2\n1,1,2,2\n3,3,4,4\n3,3,4,4\n\n1,0,2,0\n0,-1,0,-2\n3,0,4,0\n0,-3,0,-4\n")
        let o = try json(try layer(oneToTwo + ["--bias", "0 5", "--format", "json"]))
        #expect(o["operation"] as? String == "transposed-layer" && o["shape"] as? [Int] == [2, 4, 4])
        #expect(o["output"] as? [[[Int]]] == [[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]],
                                               [[6, 5, 7, 5], [5, 4, 5, 3], [8, 5, 9, 5], [5, 2, 5, 1]]])
        #expect(try layer(oneToTwo + ["--format", "table"]).hasPrefix("output channel 0:\n 1   1   2   2\n"))
    }

    @Test("--transposed weights are C_in×C_out/g×k₁×k₂: two input channels into one output channel")
    func transposedLayout() throws {
        // y₀ = x₀·w[0][0] + x₁·w[1][0] = 1·[1 2] + 2·[10 20] = [21 42].
        let args = ["--transposed", "--input", "[[[1]], [[2]]]", "--weight", "[[[[1, 2]]], [[[10, 20]]]]"]
        #expect(try layer(args) == "21,42\n")
        // Two groups: input channel c stamps output channel c only; a bias per output channel.
        #expect(try layer(args + ["--groups", "2", "--bias", "100 200"]) == "101,102\n\n220,240\n")
    }

    @Test("--transposed with --padding and --output-padding (P or PY,PX) agrees with transposed2d")
    func transposedOutputPadding() throws {
        let k = "[[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]"
        let base = ["--transposed", "--input", "1 2; 3 4", "--weight", k, "--stride", "2", "--padding", "1"]
        let four = try layer(base + ["--output-padding", "1"])
        #expect(four == "4,6,8,4\n8,10,12,6\n12,14,16,8\n6,7,8,4\n")
        #expect(four == (try ConvViz.ComputeTransposed.parse(["--input", "1 2; 3 4", "--kernel", "1 2 1; 2 4 2; 1 2 1",
                                                               "--stride", "2", "--padding", "1", "--output-padding", "1"]).output()))
        // Output padding on the rows only: 4×3.
        #expect(try layer(base + ["--output-padding", "1,0"]) == "4,6,8\n8,10,12\n12,14,16\n6,7,8\n")
        // Padding 1 on the rows, 0 on the columns: 3×5.
        #expect(try layer(Array(base.dropLast(2)) + ["--padding", "1,0"]) == "2,4,6,8,4\n4,8,10,12,6\n6,12,14,16,8\n")
    }
}
