@testable import ConvVizCLI
import ArgumentParser
import Foundation
import Testing

/// Bad input to `compute layer|pool|params|receptive-field`, run as the user runs it: one sentence
/// on standard error naming the option (and the index path into a JSON array) and the fix, a
/// non-zero exit below 128 (no trap), nothing on standard output.
@Suite("compute layer, pool, params, receptive-field: bad input")
struct ComputeLayerErrorTests {
    struct Bad: Sendable, CustomTestStringConvertible {
        let args: [String]
        /// The whole sentence after "Error: ".
        let sentence: String
        var testDescription: String { sentence }
    }

    static let oneFilter = "[[[[1]]]]"

    static let cases: [Bad] = [
        .init(args: ["layer", "--input", "[[[1, 2], [3]]]", "--weight", oneFilter],
              sentence: "--input[0][1]: has 1 entry but --input[0][0] has 2: make every row the same length."),
        .init(args: ["layer", "--input", "[[[1, 2], [3, 4, 5]]]", "--weight", oneFilter],
              sentence: "--input[0][1]: has 3 entries but --input[0][0] has 2: make every row the same length."),
        .init(args: ["layer", "--input", "[[[1, 2]], [[3, 4], [5, 6]]]", "--weight", oneFilter],
              sentence: "--input[1]: has 2 entries but --input[0] has 1: make every array the same length."),
        .init(args: ["layer", "--input", "[[[1, 2], [3, 4]], [[1, 2], [3, 4]]]", "--weight", oneFilter],
              sentence: "--input: The input has 2 channels but each filter has 1: give the input C×H×W with C = 1, or weights M×2×k₁×k₂."),
        .init(args: ["layer", "--input", "[[[1, 2], [3, 4]]]", "--weight", "[[[[1, \"a\"]]]]"],
              sentence: "--weight[0][0][0][1]: is the string \"a\", not a number: write numbers like 3, -1 or 0.25."),
        .init(args: ["layer", "--input", "[[[1, true]]]", "--weight", oneFilter],
              sentence: "--input[0][0][1]: is true, not a number: write numbers like 3, -1 or 0.25."),
        .init(args: ["layer", "--input", "[[[1, 2]]]", "--weight", "[" + Array(repeating: "[[[1]]]", count: 65).joined(separator: ",") + "]"],
              sentence: "--weight: has 65 filters, more than the limit of 64: use fewer filters."),
        .init(args: ["layer", "--input", "[" + Array(repeating: "[[1]]", count: 65).joined(separator: ",") + "]", "--weight", oneFilter],
              sentence: "--input: has 65 channels, more than the limit of 64: use fewer channels."),
        .init(args: ["layer", "--input", "[[[1, 2], [3, 4]]", "--weight", oneFilter],
              sentence: "--input: is not valid JSON (Unexpected end of file during JSON parse): write nested arrays of numbers such as [[1, 2], [3, 4]]."),
        .init(args: ["layer", "--input", "[[[1, 2]]]", "--weight", "[[[1]]]"],
              sentence: "--weight: is an array of 3 levels (1×1×1), but 4 levels are needed, M×C×k₁×k₂: write one filter over one channel as [[[[1, 0], [0, -1]]]]."),
        .init(args: ["layer", "--input", "[[[[1, 2]]]]", "--weight", oneFilter],
              sentence: "--input: is an array of 4 levels (1×1×1×2), but 2 or 3 levels are needed, C×H×W (or H×W for one channel): drop the outer 1 level (a batch of one example is written without its batch level)."),
        .init(args: ["layer", "--input", "[[[1, [2]]]]", "--weight", oneFilter],
              sentence: "--input[0][0][1]: is an array where a number belongs: give every entry the same nesting."),
        .init(args: ["layer", "--input", "[[[1, 2]]]", "--weight", oneFilter, "--bias", "1 2"],
              sentence: "--bias: there are 2 biases for 1 filter: give one bias per filter."),
        .init(args: ["layer", "--input", "[[[1, 2]]]", "--weight", "[[[[1]]], [[[1]]], [[[1]]]]", "--groups", "2"],
              sentence: "--groups: 3 filters cannot be split into 2 groups: use a number of groups that divides the number of filters."),
        .init(args: ["layer", "--input", "[[[1, 2]]]", "--weight", oneFilter, "--cell", "0,0,2"],
              sentence: "--cell: output cell (0,2) does not exist: each feature map is 1×2, so rows run 0 to 0 and columns 0 to 1."),
        .init(args: ["layer", "--input", Array(repeating: "1 2 3 4 5 6 7 8 9 10 11", count: 40).joined(separator: "; "), "--weight", oneFilter, "--steps"],
              sentence: "--steps: the output has 440 cells, more than the 400 that --steps writes out: pick one with --cell m,i,j."),
        .init(args: ["layer", "--input", "/no/such/picture.png", "--weight", oneFilter],
              sentence: "--input: /no/such/picture.png: the image does not exist: check the path."),
        .init(args: ["layer", "--input", "1 2", "--weight", "weights"],
              sentence: "--weight: is neither a JSON array nor a .json file: give the weights as M×C×k₁×k₂ nested arrays, e.g. [[[[1, 0], [0, -1]]]] for one filter over one channel."),
        .init(args: ["pool", "--input", "[[[1, 2], [3]]]", "--kind", "max", "--size", "1"],
              sentence: "--input[0][1]: has 1 entry but --input[0][0] has 2: make every row the same length."),
        .init(args: ["pool", "--input", "1 2; 3 4", "--kind", "avg", "--size", "3"],
              sentence: "--size: the window spans 3 rows but the padded input has only 2: use a smaller --size, or more --padding."),
        .init(args: ["receptive-field", "--layers", "conv3, cnv3"],
              sentence: "--layers: Layer 2 (\"cnv3\") does not start with conv or pool: write each layer as conv3 or pool2, then optional s2 (stride), p1 (padding), d2 (dilation), and separate layers with commas."),
        .init(args: ["receptive-field", "--layers", "conv3 x2"],
              sentence: "--layers: Layer 1 (\"conv3 x2\") has \"x2\", not a setting: write each layer as conv3 or pool2, then optional s2 (stride), p1 (padding), d2 (dilation), and separate layers with commas."),
        .init(args: ["receptive-field", "--layers", "conv3, conv3", "--input-size", "4"],
              sentence: "--input-size: Layer 2 (conv3) spans 3 cells but gets only 2 (2 units and padding 0 on each side): use a larger input size, or fewer or smaller layers."),
    ]

    @Test("One sentence, the option and index path, a clean non-zero exit", arguments: cases)
    func bad(c: Bad) throws {
        let r = try run(["compute"] + c.args)
        #expect(r.code != 0 && r.code < 128, "exit \(r.code)")
        #expect(r.err == "Error: \(c.sentence)\n", "stderr was: \(r.err)")
        #expect(r.out.isEmpty)
    }

    struct BadFlag: Sendable, CustomTestStringConvertible {
        let args: [String]
        let says: String
        var testDescription: String { says }
    }

    /// Mistakes in the options themselves: argument-parser's message (with usage), which names the flag.
    static let flags: [BadFlag] = [
        .init(args: ["pool", "--input", "1 2", "--kind", "maxx", "--size", "2"], says: "did you mean 'max'?"),
        .init(args: ["pool", "--input", "1 2; 3 4", "--kind", "max", "--size", "2", "--padding", "2"],
              says: "Error: The pooling padding 2 is more than half the window 2: use padding at most 1."),
        .init(args: ["pool", "--input", "1 2", "--kind", "max", "--size", "0"], says: "Error: --size is 0: it must be a whole number of at least 1."),
        .init(args: ["pool", "--input", "1 2", "--kind", "max", "--size", "2", "--exclude-padding"],
              says: "Error: --exclude-padding is for average pooling: drop it, or use --kind avg."),
        .init(args: ["params", "--input-shape", "3,224,224", "--kernel", "3", "--filters", "65"],
              says: "Error: --filters is 65, more than the limit of 64: use a smaller one."),
        .init(args: ["params", "--input-shape", "3,9223372036854775807,2", "--kernel", "3", "--filters", "1"],
              says: "Error: --input-shape (H) is 9223372036854775807, more than the limit of 4096: use a smaller one."),
        .init(args: ["params", "--input-shape", "3", "--kernel", "3", "--filters", "1"],
              says: "Error: --input-shape has 1 number: give C,H,W (or H,W for one channel)."),
        .init(args: ["layer", "--input", "1", "--weight", "[[[[1]]]]", "--stride", "0"], says: "Error: --stride is 0: it must be a whole number of at least 1."),
        .init(args: ["layr", "--input", "1", "--kernel", "1"], says: "did you mean 'layer'?"),
    ]

    @Test("Bad options are named, with a clean non-zero exit", arguments: flags)
    func badFlag(c: BadFlag) throws {
        let r = try run(["compute"] + c.args)
        #expect(r.code != 0 && r.code < 128, "exit \(r.code)")
        #expect(r.err.contains(c.says), "stderr was: \(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test("Each new subcommand explains every option with an example; paragraphs are not broken by hand")
    func help() throws {
        let commands: [(String, any ParsableCommand.Type, [String])] = [
            ("layer", ConvViz.ComputeLayer.self, ["--input", "--weight", "--bias", "--padding", "--stride", "--dilation", "--boundary", "--groups", "--format", "--steps", "--cell"]),
            ("pool", ConvViz.ComputePool.self, ["--input", "--kind", "--size", "--stride", "--padding", "--exclude-padding", "--format", "--steps"]),
            ("params", ConvViz.ComputeParams.self, ["--input-shape", "--kernel", "--filters", "--padding", "--stride", "--dilation", "--format"]),
            ("receptive-field", ConvViz.ComputeReceptiveField.self, ["--layers", "--input-size", "--format"]),
        ]
        for (name, command, options) in commands {
            let r = try run(["compute", name, "--help"])
            #expect(r.code == 0)
            for option in options { #expect(r.out.contains(option), "\(name) \(option)") }
            #expect(r.out.contains("Example"))
            for paragraph in command.configuration.discussion.components(separatedBy: "\n\n") {
                let prose = paragraph.split(separator: "\n").filter { !$0.hasPrefix("  ") && !$0.hasSuffix(":") }
                #expect(prose.count <= 1, "\(name): a paragraph broken by hand: \(paragraph)")
            }
        }
        // `compute --help` is still the convolution's help, and names the new subcommands.
        let top = try run(["compute", "--help"])
        #expect(top.out.contains("--kernel") && top.out.contains("convviz compute layer --help"))
        // `convviz help compute` lists them.
        let list = try run(["help", "compute"])
        for name in ["layer", "pool", "params", "receptive-field"] { #expect(list.out.contains("  \(name) ")) }
    }
}
