import ArgumentParser
import ConvCore
import Foundation
import InitLab
import Lessons

extension ConvViz {
    /// `convviz network`: the deep-tanh-network simulation from the command line.
    struct Network: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate a deep tanh network at initialisation and print its statistics per layer.",
            discussion: """
            Glorot & Bengio (2010): activations (and, with --gradients, back-propagated gradients) layer by layer under several weight initialisations. With --output the four figures and the statistics are written as for a lesson.

            Examples:
              convviz network
              convviz network --inits xavier-uniform,lecture-misprint --depth 3 --width 500
              convviz network --batchnorm --inits normal-1 --gradients --format csv
              convviz network --output output --name my-network
            """
        )

        @Option(parsing: .unconditional, help: ArgumentHelp("Hidden layers. Example: --depth 5", valueName: "n"))
        var depth: Int = 5

        @Option(parsing: .unconditional, help: ArgumentHelp("Units per hidden layer. Example: --width 1000", valueName: "n"))
        var width: Int = 1000

        @Option(parsing: .unconditional,
                help: ArgumentHelp("Widths layer by layer, instead of --depth and --width. Example: --widths 1000,500,250", valueName: "list"))
        var widths: String?

        @Option(name: .customLong("input-width"), parsing: .unconditional,
                help: ArgumentHelp("Width of the input (default: the first layer's). Example: --input-width 784", valueName: "n"))
        var inputWidth: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("Examples in the batch. Example: --batch 1000", valueName: "n"))
        var batch: Int = 1000

        @Option(help: ArgumentHelp("Input distribution: uniform U(−1, 1) or gaussian N(0, 1). Example: --input gaussian", valueName: "law"))
        var input: InputDistribution = .uniform

        @Option(help: ArgumentHelp("Comma-separated initialisations. Example: --inits standard,xavier-uniform", valueName: "list"))
        var inits: ChoiceList<Initialization> = ChoiceList([.standard, .xavierUniform, .normalSmall, .normalOne])

        @Option(parsing: .unconditional,
                help: ArgumentHelp("Random seed, any whole number (negative ones are taken modulo 2⁶⁴). Example: --seed -1", valueName: "n"))
        var seed: Int64 = 2010

        @Flag(help: "Batch normalisation before each tanh (γ = 1, β = 0).")
        var batchnorm = false

        @Flag(help: "Also print the back-propagated gradients ∂C/∂s per layer.")
        var gradients = false

        @Option(help: ArgumentHelp("How to print the statistics. Example: --format csv", valueName: "format"))
        var format: TextFormat = .table

        @Option(help: ArgumentHelp("Write the figures and statistics into FOLDER/NAME/. Example: --output output", valueName: "folder"))
        var output: String?

        @Option(help: ArgumentHelp("The output folder's name; needs --output. Example: --name tanh-500", valueName: "name"))
        var name: String?

        @OptionGroup var figures: FigureOptions

        func config() throws -> NetworkConfig {
            var c = NetworkConfig(batch: batch, seed: UInt64(bitPattern: seed), batchNorm: batchnorm)
            do {
                if let widths {
                    let list = widths.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                    guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else {
                        throw ValidationError("--widths '\(String(widths.prefix(40)))' is not a comma-separated list of whole numbers: write e.g. --widths 1000,500.")
                    }
                    c.widths = list.compactMap { $0 }
                } else {
                    // Before an array of `depth` widths is made: a typo must not allocate.
                    guard depth >= 1 else { throw ValidationError("--depth is \(depth): it must be at least 1.") }
                    try NetworkConfig.validateDepth(depth)
                    c.widths = Array(repeating: width, count: depth)
                }
                c.inputWidth = inputWidth ?? c.widths[0]
                c.input = input
                c.initializations = inits.items
                try c.validate()
            } catch let error as NetworkError {
                throw ValidationError(error.description)
            }
            return c
        }

        mutating func validate() throws {
            if let name {
                guard output != nil else {
                    throw ValidationError("--name '\(String(name.prefix(40)))' names the output folder and needs --output: add e.g. --output output.")
                }
                try LessonParser.validateName(name, location: "--name")
            }
            _ = try config()
        }

        func run() throws {
            let c = try config()
            if let output {
                guard c.widths.count <= NetworkLesson.maxDrawnLayers else {
                    throw ValidationError("--output draws the figures, at most \(NetworkLesson.maxDrawnLayers) layers, and this network has \(c.widths.count): leave out --output to print the statistics.")
                }
                let lesson = Lessons.Lesson(name: name ?? "network", path: "convviz network", title: c.widths.count == 1 ? "A tanh network at initialisation" : "A deep tanh network at initialisation",
                                            explanation: "Simulated with convviz network: \(c.widths.count) layer\(c.widths.count == 1 ? "" : "s") of \(Set(c.widths).count == 1 ? "\(c.widths[0])" : c.widths.map(String.init).joined(separator: "/")), batch \(c.batch)\(c.batchNorm ? ", batch norm" : "").",
                                            parts: [], network: NetworkLesson(config: c, render: [.activations, .gradients], expectations: []))
                let summary = try LessonRenderer(outputRoot: URL(fileURLWithPath: output), page: figures.page,
                                                 pngWidth: Double(figures.pngWidth)).render(lesson)
                print("\(summary.lesson): \(summary.frames) frame\(summary.frames == 1 ? "" : "s"), \(summary.files.count) file\(summary.files.count == 1 ? "" : "s") in \(summary.folder)/")
                return
            }
            let result = try simulate(c)
            print(try Self.text(result, format: format, gradients: gradients), terminator: "")
        }

        /// The statistics as a table, CSV or JSON.
        static func text(_ r: SimulationResult, format: TextFormat, gradients: Bool) throws -> String {
            switch format {
            case .csv:
                return NetworkExport.csv(r, gradients: gradients)
            case .json:
                return try NetworkExport.json(r, gradients: gradients)
            case .table:
                var rows: [[String]] = [["init", "quantity", "layer", "mean", "std", "saturated", "p98"]]
                for x in r.results {
                    for (kind, stats) in [("activation", x.activations)] + (gradients ? [("gradient", x.gradients)] : []) {
                        for (l, s) in stats.enumerated() {
                            var row = [x.initialization.rawValue, kind, "\(l + 1)", fixed(s.mean), fixed(s.std),
                                       kind == "activation" ? String(format: "%.1f %%", s.saturated * 100) : "", fixed(s.p98)]
                            if s.overflowed { row[6] += "  (overflowed: \(s.nonFinite) values)" }
                            rows.append(row)
                        }
                    }
                }
                let widths = (0..<rows[0].count).map { i in rows.map { $0[i].count }.max() ?? 0 }
                return rows.map { row in
                    row.enumerated().map { i, s in i < 2 ? s.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                                                        : String(repeating: " ", count: max(0, widths[i] - s.count)) + s }
                        .joined(separator: "  ")
                }.joined(separator: "\n") + "\nsaturated: |h| > \(r.config.saturation); p98: 98th percentile of |value|\n"
            }
        }

        private static func fixed(_ v: Double) -> String {
            guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "inf" : "-inf") }
            return abs(v) >= 1e-3 || v == 0 ? String(format: "%.4f", v) : String(format: "%.2e", v)
        }
    }
}
