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
            Glorot & Bengio (2010): activations (and, with --gradients, back-propagated gradients) layer by
            layer under several weight initialisations. With --output the four figures and the statistics
            are written as for a lesson.

            Initialisations: \(Initialization.allCases.map(\.rawValue).joined(separator: ", ")).

            Examples:
              convviz network
              convviz network --inits xavier-uniform,lecture-misprint --depth 3 --width 500
              convviz network --batchnorm --inits normal-1 --gradients --format csv
              convviz network --output output --name my-network
            """
        )

        @Option(help: ArgumentHelp("Hidden layers. Example: --depth 5", valueName: "n"))
        var depth: Int = 5

        @Option(help: ArgumentHelp("Units per hidden layer. Example: --width 1000", valueName: "n"))
        var width: Int = 1000

        @Option(help: ArgumentHelp("Widths layer by layer, instead of --depth and --width. Example: --widths 1000,500,250", valueName: "list"))
        var widths: String?

        @Option(name: .customLong("input-width"), help: ArgumentHelp("Width of the input (default: the first layer's). Example: --input-width 784", valueName: "n"))
        var inputWidth: Int?

        @Option(help: ArgumentHelp("Examples in the batch. Example: --batch 1000", valueName: "n"))
        var batch: Int = 1000

        @Option(help: ArgumentHelp("Input distribution: uniform U(−1, 1) or gaussian N(0, 1). Example: --input gaussian", valueName: "law"))
        var input: String = "uniform"

        @Option(help: ArgumentHelp("Comma-separated initialisations. Example: --inits standard,xavier-uniform", valueName: "list"))
        var inits: String = "standard,xavier-uniform,normal-0.01,normal-1"

        @Option(help: ArgumentHelp("Random seed. Example: --seed 7", valueName: "n"))
        var seed: UInt64 = 2010

        @Flag(help: "Batch normalisation before each tanh (γ = 1, β = 0).")
        var batchnorm = false

        @Flag(help: "Also print the back-propagated gradients ∂C/∂s per layer.")
        var gradients = false

        @Option(help: ArgumentHelp("table (default), csv or json. Example: --format csv", valueName: "format"))
        var format: String = "table"

        @Option(help: ArgumentHelp("Write the figures and statistics into FOLDER/NAME/. Example: --output output", valueName: "folder"))
        var output: String?

        @Option(help: ArgumentHelp("The output folder's name, with --output. Example: --name tanh-500", valueName: "name"))
        var name: String = "network"

        func config() throws -> NetworkConfig {
            var c = NetworkConfig(batch: batch, seed: seed, batchNorm: batchnorm)
            if let widths {
                let list = widths.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else {
                    throw ValidationError("--widths '\(widths)' is not a comma-separated list of whole numbers: write e.g. --widths 1000,500.")
                }
                c.widths = list.compactMap { $0 }
            } else {
                guard depth >= 1 else { throw ValidationError("--depth is \(depth): it must be at least 1.") }
                c.widths = Array(repeating: width, count: depth)
            }
            c.inputWidth = inputWidth ?? c.widths[0]
            guard let law = InputDistribution(rawValue: input) else {
                throw ValidationError(unknown(input, "--input", InputDistribution.allCases.map(\.rawValue)))
            }
            c.input = law
            var list: [Initialization] = []
            for name in inits.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let i = Initialization(rawValue: name) else {
                    throw ValidationError(unknown(name, "--inits", Initialization.allCases.map(\.rawValue)))
                }
                list.append(i)
            }
            c.initializations = list
            do {
                try c.validate()
            } catch {
                throw ValidationError(error.description)
            }
            return c
        }

        mutating func validate() throws {
            guard ["table", "csv", "json"].contains(format) else {
                throw ValidationError(unknown(format, "--format", ["table", "csv", "json"]))
            }
            if output != nil { try LessonParser.validateName(name, location: "--name") }
            _ = try config()
        }

        func run() throws {
            let c = try config()
            if let output {
                let lesson = Lessons.Lesson(name: name, path: "convviz network", title: "A deep tanh network at initialisation",
                                            explanation: "Simulated with convviz network: \(c.widths.count) layers of \(c.widths.map(String.init).joined(separator: "/")), batch \(c.batch)\(c.batchNorm ? ", batch norm" : "").",
                                            parts: [], network: NetworkLesson(config: c, render: [.activations, .gradients], expectations: []))
                let summary = try LessonRenderer(outputRoot: URL(fileURLWithPath: output)).render(lesson)
                print("\(summary.lesson): \(summary.frames) frames, \(summary.files.count) files in \(summary.folder)/")
                return
            }
            let result = try simulate(c)
            print(Self.text(result, format: format, gradients: gradients), terminator: "")
        }

        /// The statistics as a table, CSV or JSON.
        static func text(_ r: SimulationResult, format: String, gradients: Bool) -> String {
            switch format {
            case "csv":
                let csv = NetworkExport.csv(r)
                return gradients ? csv : csv.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.contains(",gradient,") }.joined(separator: "\n")
            case "json":
                return NetworkExport.json(r)
            default:
                var rows: [[String]] = [["init", "quantity", "layer", "mean", "std", "saturated", "p98"]]
                for x in r.results {
                    for (kind, stats) in [("activation", x.activations)] + (gradients ? [("gradient", x.gradients)] : []) {
                        for (l, s) in stats.enumerated() {
                            rows.append([x.initialization.rawValue, kind, "\(l + 1)", fixed(s.mean), fixed(s.std),
                                         kind == "activation" ? String(format: "%.1f %%", s.saturated * 100) : "", fixed(s.p98)])
                        }
                    }
                }
                let widths = (0..<rows[0].count).map { i in rows.map { $0[i].count }.max() ?? 0 }
                return rows.map { row in
                    row.enumerated().map { i, s in i < 2 ? s.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                                                        : String(repeating: " ", count: widths[i] - s.count) + s }
                        .joined(separator: "  ")
                }.joined(separator: "\n") + "\nsaturated: |h| > \(r.config.saturation); p98: 98th percentile of |value|\n"
            }
        }

        private static func fixed(_ v: Double) -> String {
            abs(v) >= 1e-3 || v == 0 ? String(format: "%.4f", v) : String(format: "%.2e", v)
        }
    }
}
