import ArgumentParser
import ConvCore
import Foundation
import Lessons

extension ConvViz {
    /// `convviz compute transposed2d`: a transposed convolution of one channel, as PyTorch's
    /// `conv_transpose2d` computes it, and on request every stamp and the size arithmetic.
    struct ComputeTransposed: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transposed2d",
            abstract: "Run a transposed convolution of one channel (each input cell stamps the kernel) and print the result.",
            discussion: """
            y(s·r − p + d·a, s·c − p + d·b) += x(r,c)·k(a,b) for every input cell (r,c) and tap (a,b), then + bias: every input cell stamps the kernel, scaled by its value and not flipped, into the output; where stamps overlap they add, and marks outside the output are cropped. This is PyTorch's conv_transpose2d for one channel: the transpose of the stride-s, padding-p cross-correlation, and that convolution's gradient with respect to its input. The output has (n − 1)·s − 2p + d·(k − 1) + output_padding + 1 rows (columns likewise). X and K are read as by 'convviz compute conv2d'. --steps writes the size arithmetic and every stamp, the input cell named z(r,c) as in the lecture.

            Examples:
              convviz compute transposed2d --input "1 2; 3 4" --kernel "1 2 1; 2 4 2; 1 2 1" --stride 2
              convviz compute transposed2d --input "1 2; 3 4" --kernel "1 2 1; 2 4 2; 1 2 1" --stride 2 --padding 1 --output-padding 1 --steps
              convviz compute transposed2d --input x.csv --kernel "1 1; 1 1" --stride 2 --format json
            """,
            helpNames: [.short, .long]
        )

        /// Largest number of stamps `--steps` writes out.
        static let maxSteps = 400

        @Option(parsing: .unconditional,
                help: ArgumentHelp("The input x: inline numbers or a file. Example: --input \"1 2; 3 4\"", valueName: "X"))
        var input: String

        @Option(parsing: .unconditional,
                help: ArgumentHelp("The kernel k, stamped as written: inline numbers, a file, or a name such as gaussian-3. Example: --kernel \"1 2 1; 2 4 2; 1 2 1\"",
                                   valueName: "K"))
        var kernel: String

        @OptionGroup var window: TransposedWindowOptions

        @Option(parsing: .unconditional, help: ArgumentHelp("A bias added to every output cell. Example: --bias -5", valueName: "b"))
        var bias: Double = 0

        @Option(help: ArgumentHelp("How to print the output. Example: --format table", valueName: "format"))
        var format: TextFormat = .csv

        @Flag(help: "Write the output size's arithmetic and every stamp, e.g. z(0,1) = 2 stamps 2·k with k(0,0) on y(0,2): 2·1 = 2, … (at most 400 stamps; with --format json, inside the JSON).")
        var steps = false

        mutating func validate() throws {
            guard bias.isFinite else { throw ValidationError("--bias must be a finite number.") }
            _ = try window.geometry()
        }

        func run() throws {
            print(try output(), terminator: "")
        }

        /// Everything `run` prints.
        func output() throws -> String {
            let g = try window.geometry()
            let x = try MatrixText.resolve(input, name: "input", location: "--input", allowKernelName: false)
            let k = try MatrixText.resolve(kernel, name: "kernel", location: "--kernel", allowKernelName: true)
            let conv: TransposedConvolution2D
            do {
                conv = try TransposedConvolution2D(input: x, kernel: k, geometry: g, bias: bias)
            } catch {
                throw InputError(g.culprit(inputRows: x.rows, inputCols: x.cols, kernelRows: k.rows, kernelCols: k.cols,
                                           otherwise: "transposed2d"), error)
            }
            // Finite inputs can still overflow (1e308 · 10): say so rather than print "inf".
            let y = conv.output
            if let i = y.values.firstIndex(where: { !$0.isFinite }) {
                throw InputError("transposed2d", "the output y(\(i / y.cols),\(i % y.cols)) overflowed double precision: scale the input or the kernel down.")
            }
            if steps && conv.stampCount > ComputeTransposed.maxSteps {
                throw InputError("--steps", "the input has \(conv.stampCount) cells, more than the \(ComputeTransposed.maxSteps) stamps that --steps writes out: use a smaller input.")
            }
            let stamps = steps ? try (0..<conv.stampCount).map { try conv.stamp($0) } : []
            let size = (rows: g.sizeText(axis: 0, input: x.rows, kernel: k.rows), cols: g.sizeText(axis: 1, input: x.cols, kernel: k.cols))
            switch format {
            case .json:
                var object: [String: Any] = [
                    "operation": "transposed2d", "rows": y.rows, "cols": y.cols,
                    "output": y.nestedRows.map { $0.map(OutputText.jsonNumber) },
                ]
                if steps {
                    object["size"] = ["rows": size.rows, "cols": size.cols]
                    object["bias"] = OutputText.jsonNumber(bias)
                    object["steps"] = stamps.map(stampJSON)
                }
                return try OutputText.json(object)
            case .csv, .table:
                var text = format == .csv ? OutputText.csv(y) : OutputText.table(y)
                if steps {
                    var lines = size.rows == size.cols ? ["size: \(size.rows)"] : ["rows: \(size.rows)", "columns: \(size.cols)"]
                    lines += ["", "each input cell z(r,c) adds z(r,c)·k(a,b) to y(s·r − p + d·a, s·c − p + d·b), the kernel not flipped; products outside y are cropped:"]
                    lines += stamps.map(\.text)
                    if bias != 0 {
                        lines.append("then + \(NumberFormat.string(bias, unicodeMinus: true)) (the bias) on every cell")
                    }
                    text += "\n" + lines.joined(separator: "\n") + "\n"
                }
                return text
            }
        }

        /// `{"input": [r, c], "value", "origin": [r, c], "marks": [{"kernel": [a, b], "output": [u, v],
        /// "cropped", "weight", "product"}], "text"}`.
        private func stampJSON(_ s: Stamp) -> [String: Any] {
            [
                "input": [s.input.row, s.input.col], "value": OutputText.jsonNumber(s.value),
                "origin": [s.origin.row, s.origin.col],
                "marks": s.marks.map { m -> [String: Any] in
                    ["kernel": [m.kernelIndex.row, m.kernelIndex.col], "output": [m.output.row, m.output.col],
                     "cropped": m.isCropped, "weight": OutputText.jsonNumber(m.weight),
                     "product": OutputText.jsonNumber(m.product)]
                },
                "text": s.text,
            ]
        }
    }
}
