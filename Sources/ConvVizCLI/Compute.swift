import ArgumentParser
import ConvCore
import Foundation
import Lessons

extension ConvViz {
    /// `convviz compute conv1d|corr1d|conv2d|corr2d`: one convolution or cross-correlation, the
    /// numbers without figures. It is the default subcommand of `convviz compute`
    /// (``ComputeCommands``), so the operation follows `compute` directly.
    struct Compute: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convolution",
            abstract: "Convolve or cross-correlate numbers and print the result.",
            usage: """
            convviz compute <operation> --input <X> --kernel <K> [<options>]
            convviz compute transposed2d|layer|pool|params|receptive-field <options>
            """,
            discussion: """
            conv1d/conv2d flip the kernel (rotate it 180°); corr1d/corr2d use it as written. X and K are inline matrices (rows split by ';', entries by spaces or commas; negative numbers and fractions such as -1/9 as written), CSV or text files; K may also be a kernel name (run 'convviz kernels'). 1D operations take one row.

            Examples:
              convviz compute corr2d --input "200 150 150; 100 50 100; 25 25 10" --kernel sobel-x-flipped
              convviz compute conv1d --input "1 2 3 4 5 6" --kernel "-1 0 1" --steps
              convviz compute conv2d --input image.csv --kernel gaussian-3 --mode same --format table

            Transposed convolution, the layer of a network (channels, filters, bias, gradients), pooling, parameter counts and receptive fields have their own subcommands; each explains itself with --help:
              convviz compute transposed2d --help
              convviz compute layer --help
              convviz compute pool --help
              convviz compute params --help
              convviz compute receptive-field --help
            """,
            shouldDisplay: false,
            helpNames: [.short, .long]
        )

        @Argument(help: ArgumentHelp("Convolution (conv) or cross-correlation (corr), 1D or 2D.", valueName: "operation"))
        var operation: ComputeOperation

        @Option(parsing: .unconditional,
                help: ArgumentHelp("The input x: inline numbers or a file. Example: --input \"-2 1; 0 3\"", valueName: "X"))
        var input: String

        @Option(parsing: .unconditional,
                help: ArgumentHelp("The kernel k: inline numbers, a file, or a name such as sobel-x. Example: --kernel \"-1 0 1\"", valueName: "K"))
        var kernel: String

        @OptionGroup var geometry: GeometryOptions

        @Option(help: ArgumentHelp("How to print the output. Example: --format table", valueName: "format"))
        var format: TextFormat = .csv

        @Flag(help: "Print every step as arithmetic, e.g. y(0,0) = 200·1 + 150·0 + … = 65 (with --format json, as a \"steps\" list inside the JSON).")
        var steps = false

        mutating func validate() throws {
            _ = try geometry.geometry(oneD: operation.oneD)
        }

        func run() throws {
            print(try output(), terminator: "")
        }

        /// Everything `run` prints.
        func output() throws -> String {
            let oneD = operation.oneD
            let g = try geometry.geometry(oneD: oneD)
            let x = try MatrixText.resolve(input, name: "input", location: "--input", allowKernelName: false)
            let k = try MatrixText.resolve(kernel, name: "kernel", location: "--kernel", allowKernelName: true)
            if oneD {
                if x.rows != 1 { throw InputError("--input", ConvolutionError.notOneRow(name: "input", rows: x.rows)) }
                if k.rows != 1 { throw InputError("--kernel", ConvolutionError.notOneRow(name: "kernel", rows: k.rows)) }
            }
            let plan: Convolution2D
            do {
                plan = try Convolution2D(input: x, kernel: k, operation: operation.operation, geometry: g)
            } catch {
                throw InputError(operation.rawValue, error)
            }
            // Finite inputs can still overflow (1e308 · 10): say so rather than print "inf".
            if let i = plan.output.values.firstIndex(where: { !$0.isFinite }) {
                throw InputError(operation.rawValue, "the output \(label(GridIndex(i / plan.output.cols, i % plan.output.cols), oneD: oneD)) overflowed double precision: scale the input or the kernel down.")
            }
            let stepList = steps ? try (0..<plan.stepCount).map { try plan.step($0) } : []
            switch format {
            case .json:
                return try OutputText.json(computeJSON(plan.output, steps: stepList, oneD: oneD))
            case .csv, .table:
                var text = format == .csv ? OutputText.csv(plan.output) : OutputText.table(plan.output)
                if steps {
                    text += "\n" + (try plan.stepsText(oneD: oneD)).joined(separator: "\n") + "\n"
                }
                return text
            }
        }

        /// `y(i,j)`, or in 1D the output position `y[i]` (the JSON's `output` index; text output
        /// numbers 1D outputs as the lecture does, see `stepsText`).
        private func label(_ cell: GridIndex, oneD: Bool) -> String {
            oneD ? "y[\(cell.col)]" : "y\(cell)"
        }

        /// `{"operation", "rows", "cols", "output", "steps"?}`, each step
        /// `{"output": [r, c], "taps": [...], "sum", "bias", "result", "text"}`.
        private func computeJSON(_ y: Grid, steps: [Step], oneD: Bool) -> [String: Any] {
            var object: [String: Any] = [
                "operation": operation.rawValue, "rows": y.rows, "cols": y.cols,
                "output": y.nestedRows.map { $0.map(OutputText.jsonNumber) },
            ]
            if self.steps {
                object["steps"] = steps.map { s -> [String: Any] in
                    [
                        "output": [s.output.row, s.output.col],
                        "taps": s.taps.map { t -> [String: Any] in
                            ["input": [t.input.row, t.input.col], "padding": t.isPadding, "kernel": [t.kernelIndex.row, t.kernelIndex.col],
                             "label": [t.label.row, t.label.col],
                             "value": OutputText.jsonNumber(t.value), "weight": OutputText.jsonNumber(t.weight),
                             "product": OutputText.jsonNumber(t.product)]
                        },
                        "sum": OutputText.jsonNumber(s.sum), "bias": OutputText.jsonNumber(s.bias),
                        "result": OutputText.jsonNumber(s.result),
                        "text": "\(label(s.output, oneD: oneD)) = \(s.symbolicSum(oneD: oneD)) = \(oneD ? s.arithmetic1D() : s.arithmetic())",
                    ]
                }
            }
            return object
        }
    }

    /// `convviz kernels`: the named kernels.
    struct Kernels: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the named kernels with their values.")

        func run() {
            for k in NamedKernel.allCases {
                print("\(k.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(k.summary)")
            }
        }
    }
}
