import ArgumentParser
import ConvCore
import Foundation
import Lessons

extension ConvViz {
    /// `convviz compute`: the numbers, without figures.
    struct Compute: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convolve or cross-correlate numbers and print the result.",
            discussion: """
            conv1d/conv2d flip the kernel (rotate it 180°); corr1d/corr2d use it as written.
            X and K are inline matrices (rows split by ';', entries by spaces or commas), CSV or
            text files; K may also be a kernel name (run 'convviz kernels'). 1D operations take one row.

            Examples:
              convviz compute corr2d --input "200 150 150; 100 50 100; 25 25 10" --kernel sobel-x-flipped
              convviz compute conv1d --input "1 2 3 4 5 6" --kernel "1 2 3" --steps
              convviz compute conv2d --input image.csv --kernel gaussian-3 --mode same --format table
            """
        )

        @Argument(help: ArgumentHelp("conv1d, corr1d, conv2d or corr2d.", valueName: "operation"))
        var operation: String

        @Option(help: ArgumentHelp("The input x: inline numbers or a file. Example: --input \"1 2 3; 4 5 6\"",
                                   valueName: "X"))
        var input: String

        @Option(help: ArgumentHelp("The kernel k: inline numbers, a file, or a name such as sobel-x. Example: --kernel \"1 0 -1\"",
                                   valueName: "K"))
        var kernel: String

        @OptionGroup var geometry: GeometryOptions

        @Option(help: ArgumentHelp("csv (default), json or table. Example: --format table", valueName: "format"))
        var format: String = "csv"

        @Flag(help: "Print every step as arithmetic, e.g. y(0,0) = 200·1 + 150·0 + … = 65.")
        var steps = false

        mutating func validate() throws {
            guard Self.operations[operation] != nil else {
                throw ValidationError(unknown(operation, "operation", Self.operations.keys.sorted()))
            }
            guard ["csv", "json", "table"].contains(format) else {
                throw ValidationError(unknown(format, "--format", ["csv", "json", "table"]))
            }
            _ = try geometry.geometry(oneD: Self.operations[operation]?.oneD ?? false)
        }

        static let operations: [String: (ConvCore.Operation, oneD: Bool)] = [
            "conv1d": (.convolution, true), "corr1d": (.correlation, true),
            "conv2d": (.convolution, false), "corr2d": (.correlation, false),
        ]

        func run() throws {
            print(try output(), terminator: "")
        }

        /// Everything `run` prints.
        func output() throws -> String {
            guard let (op, oneD) = Self.operations[operation] else { throw ValidationError("unknown operation") }
            let g = try geometry.geometry(oneD: oneD)
            let x = try MatrixText.resolve(input, name: "input", location: "--input", allowKernelName: false)
            let k = try MatrixText.resolve(kernel, name: "kernel", location: "--kernel", allowKernelName: true)
            if oneD {
                if x.rows != 1 { throw InputError("--input", ConvolutionError.notOneRow(name: "input", rows: x.rows)) }
                if k.rows != 1 { throw InputError("--kernel", ConvolutionError.notOneRow(name: "kernel", rows: k.rows)) }
            }
            let plan: Convolution2D
            do {
                plan = try Convolution2D(input: x, kernel: k, operation: op, geometry: g)
            } catch let error as ConvolutionError {
                throw InputError(operation, error)
            }
            var text = Self.format(plan.output, as: format, operation: operation)
            if steps {
                text += "\n" + (try plan.stepsText(oneD: oneD)).joined(separator: "\n") + "\n"
            }
            return text
        }

        static func format(_ y: Grid, as format: String, operation: String) -> String {
            let cells = y.nestedRows.map { $0.map { NumberFormat.string($0) } }
            switch format {
            case "json":
                let rows = cells.map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: ", ")
                return "{\"operation\": \"\(operation)\", \"rows\": \(y.rows), \"cols\": \(y.cols), \"output\": [\(rows)]}\n"
            case "table":
                let width = cells.flatMap { $0 }.map(\.count).max() ?? 1
                return cells.map { row in
                    row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: "  ")
                }.joined(separator: "\n") + "\n"
            default:
                return cells.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
            }
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
