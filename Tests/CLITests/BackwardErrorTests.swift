@testable import ConvVizCLI
import Foundation
import Testing

/// Bad input to `compute transposed2d`, `compute layer --grad-output` and `compute layer
/// --transposed`, run as the user runs it: one sentence naming the option (and the index path into
/// a JSON array) and the fix, a non-zero exit below 128 (no trap), nothing on standard output.
@Suite("compute transposed2d, layer --grad-output, layer --transposed: bad input")
struct BackwardErrorTests {
    struct Bad: Sendable, CustomTestStringConvertible {
        let args: [String]
        /// The sentence after "Error: ", the first line of standard error.
        let sentence: String
        /// 1 for bad input (the sentence is all of standard error), 64 for a bad option (argument-parser
        /// adds the usage after it).
        let code: Int32
        var testDescription: String { sentence }
    }

    static let patch = "200 150 150; 100 50 100; 25 25 10"
    static let sobel = "[[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]]]"
    static let twoOut = "[[[[1, 1], [1, 1]], [[1, 0], [0, -1]]]]"
    static let k3 = "1 2 1; 2 4 2; 1 2 1"

    static let cases: [Bad] = [
        // --grad-output
        .init(args: ["layer", "--input", patch, "--weight", sobel, "--grad-output", "[[[1]], [[2]]]"],
              sentence: "--grad-output: The output gradient is 2×1×1 but the output is 1×1×1: give ∂L/∂y the output's shape.", code: 1),
        .init(args: ["layer", "--input", patch, "--weight", sobel, "--grad-output", "1 2"],
              sentence: "--grad-output: The output gradient is 1×1×2 but the output is 1×1×1: give ∂L/∂y the output's shape.", code: 1),
        .init(args: ["layer", "--input", "[[[1, 2, 3], [4, 5, 6]]]", "--weight", "[[[[1]]], [[[2]]]]",
                     "--grad-output", "[[[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]]]"],
              sentence: "--grad-output[1][0]: has 2 entries but --grad-output[0][0] has 3: make every row the same length.", code: 1),
        .init(args: ["layer", "--input", "[[[1, 2, 3], [4, 5, 6]]]", "--weight", "[[[[1]]], [[[2]]]]",
                     "--grad-output", "[[[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [\"x\", 5, 6]]]"],
              sentence: "--grad-output[1][1][0]: is the string \"x\", not a number: write numbers like 3, -1 or 0.25.", code: 1),
        .init(args: ["layer", "--input", patch, "--weight", sobel, "--grad-output", "[[[1]]"],
              sentence: "--grad-output: is not valid JSON (Unexpected end of file during JSON parse): write nested arrays of numbers such as [[1, 2], [3, 4]].", code: 1),
        .init(args: ["layer", "--input", patch, "--weight", sobel, "--grad-output", "[[[null]]]"],
              sentence: "--grad-output[0][0][0]: is null, not a number: write numbers like 3, -1 or 0.25.", code: 1),
        .init(args: ["layer", "--input", patch, "--weight", sobel, "--grad-output", "[[[1e308]]]"],
              sentence: "--grad-output: ∂L/∂x[0](1,0) overflowed double precision: scale the input, the weights or the output gradient down.", code: 1),
        .init(args: ["layer", "--input", patch, "--weight", sobel, "--transposed", "--grad-output", "[[[1]]]"],
              sentence: "--grad-output computes a convolution layer's backward pass, not a transposed layer's: drop --grad-output or --transposed.", code: 64),
        // --transposed
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2], [3, 4]]]", "--weight", twoOut, "--bias", "1 2 3"],
              sentence: "--bias: there are 3 biases for 2 output channels: give one bias per output channel.", code: 1),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2], [3, 4]], [[1, 2], [3, 4]]]", "--weight", twoOut],
              sentence: "--input: The input has 2 channels but the weights are for 1: give the input C×H×W with C = 1, or weights 2×C_out/g×k₁×k₂.", code: 1),
        .init(args: ["layer", "--transposed", "--input", "[[[1]], [[2]], [[3]]]", "--weight", "[[[[1]]], [[[1]]], [[[1]]]]", "--groups", "2"],
              sentence: "--groups: The 3 input channels cannot be split into 2 groups: use a number of groups that divides the number of input channels.", code: 1),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2], [3, 4]]]", "--weight", twoOut, "--padding", "2"],
              sentence: "--padding: A padding of 2 on each side removes 4 of the 3 rows of the transposed convolution's output, leaving none: use a padding of at most 1.", code: 1),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2]]]", "--weight", "[[[1]]]"],
              sentence: "--weight: is an array of 3 levels (1×1×1), but 4 levels are needed, C_in×C_out/g×k₁×k₂: write one input channel stamping one output channel as [[[[1, 0], [0, -1]]]].", code: 1),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2]]]", "--weight", "[[" + Array(repeating: "[[1]]", count: 65).joined(separator: ",") + "]]"],
              sentence: "--weight[0]: has 65 output channels, more than the limit of 64: use fewer output channels.", code: 1),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2]]]", "--weight", "[[[[1, 1], [1]]]]"],
              sentence: "--weight[0][0][1]: has 1 entry but --weight[0][0][0] has 2: make every row the same length.", code: 1),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2]]]", "--weight", twoOut, "--stride", "2", "--output-padding", "2"],
              sentence: "--output-padding: The output padding is 2 but the stride is 2 and the dilation 1: output padding must be smaller than the stride or the dilation, so use at most 1.", code: 64),
        .init(args: ["layer", "--input", "[[[1, 2]]]", "--weight", twoOut, "--output-padding", "1"],
              sentence: "--output-padding belongs to a transposed layer: add --transposed, or drop --output-padding.", code: 64),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2]]]", "--weight", twoOut, "--mode", "same"],
              sentence: "--mode same does not apply to --transposed: a transposed convolution's size comes from --padding (which crops its output) and --output-padding, so drop --mode.", code: 64),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2]]]", "--weight", twoOut, "--boundary", "reflect"],
              sentence: "--boundary reflect does not apply to --transposed: its padding crops the output and reads no cells, so drop --boundary.", code: 64),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2]]]", "--weight", twoOut, "--padding", "1,1,1,1"],
              sentence: "--padding has 4 numbers: give one, or two (rows, columns), separated by commas.", code: 64),
        .init(args: ["layer", "--transposed", "--input", "[[[1, 2]]]", "--weight", twoOut, "--steps"],
              sentence: "--steps writes a convolution layer's arithmetic, not a transposed layer's: drop it, or see one channel's stamps with 'convviz compute transposed2d --steps'.", code: 64),
        // transposed2d
        .init(args: ["transposed2d", "--input", "1 2; 3 4", "--kernel", k3, "--stride", "2", "--output-padding", "2"],
              sentence: "--output-padding: The output padding is 2 but the stride is 2 and the dilation 1: output padding must be smaller than the stride or the dilation, so use at most 1.", code: 64),
        .init(args: ["transposed2d", "--input", "1 2; 3 4", "--kernel", k3, "--stride", "2,1", "--output-padding", "1,1"],
              sentence: "--output-padding: The output padding is 1 but the stride is 1 and the dilation 1: output padding must be smaller than the stride or the dilation, so use at most 0.", code: 64),
        .init(args: ["transposed2d", "--input", "1 2; 3 4", "--kernel", k3, "--output-padding", "-1"],
              sentence: "--output-padding: The output padding is -1: output padding must be 0 or more.", code: 64),
        .init(args: ["transposed2d", "--input", "1 2; 3 4", "--kernel", k3, "--output-padding", "1,2,3"],
              sentence: "--output-padding has 3 numbers: give one, or two (rows, columns), separated by commas.", code: 64),
        .init(args: ["transposed2d", "--input", "1 2; 3 4", "--kernel", k3, "--output-padding", "one"],
              sentence: "--output-padding 'one' is not a whole number or a comma-separated list of them: write e.g. --output-padding 1.", code: 64),
        .init(args: ["transposed2d", "--input", "1 2; 3 4", "--kernel", k3, "--padding", "-1"],
              sentence: "--padding is -1: padding must be 0 or more.", code: 64),
        .init(args: ["transposed2d", "--input", "1 2; 3 4", "--kernel", k3, "--dilation", "0"],
              sentence: "--dilation is 0: it must be a whole number of at least 1.", code: 64),
        .init(args: ["transposed2d", "--input", "1 2; 3 4", "--kernel", k3, "--padding", "3"],
              sentence: "--padding: A padding of 3 on each side removes 6 of the 4 rows of the transposed convolution's output, leaving none: use a padding of at most 1.", code: 1),
        .init(args: ["transposed2d", "--input", "1 2; 3 4", "--kernel", k3, "--stride", "4096", "--dilation", "4096"],
              sentence: "transposed2d: The transposed convolution's output would have 151019521 entries, more than the limit of 16777216: use a smaller input, a smaller stride or dilation, or more padding.", code: 1),
        .init(args: ["transposed2d", "--input", "1 2; 3 4 5", "--kernel", k3],
              sentence: "--input: Row 2 of the input has 3 entries but row 1 has 2: make every row the same length.", code: 1),
        .init(args: ["transposed2d", "--input", "1 2; 3 a", "--kernel", k3],
              sentence: "--input: input row 2, column 2 is 'a', which is not a number: write numbers like 3, -1, 0.25 or 1/9.", code: 1),
        .init(args: ["transposed2d", "--input", "1e308 1e308", "--kernel", "10"],
              sentence: "transposed2d: the output y(0,0) overflowed double precision: scale the input or the kernel down.", code: 1),
        .init(args: ["transposed2d", "--input", Array(repeating: Array(repeating: "1", count: 21).joined(separator: " "), count: 20).joined(separator: "; "),
                     "--kernel", "1", "--steps"],
              sentence: "--steps: the input has 420 cells, more than the 400 stamps that --steps writes out: use a smaller input.", code: 1),
    ]

    @Test("One sentence naming the option and the fix, a clean non-zero exit", arguments: cases)
    func bad(c: Bad) throws {
        let r = try run(["compute"] + c.args)
        #expect(r.code == c.code, "exit \(r.code)")
        let lines = r.err.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first.map(String.init) == "Error: \(c.sentence)", "stderr was: \(r.err)")
        if c.code == 1 {
            #expect(r.err == "Error: \(c.sentence)\n")
        } else {
            #expect(r.err.contains("Usage: convviz compute \(c.args[0])"))
        }
        #expect(r.out.isEmpty)
    }
}
