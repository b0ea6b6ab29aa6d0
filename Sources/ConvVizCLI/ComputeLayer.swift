import ArgumentParser
import ConvCore
import Foundation
import Lessons

extension ConvViz {
    /// `convviz compute layer`: a convolution layer on one example, as PyTorch's `conv2d` computes
    /// it — channels, filters, a bias per filter — printed as numbers, and on request the
    /// arithmetic of output cells channel by channel.
    struct ComputeLayer: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "layer",
            abstract: "Run a convolution layer (channels, filters, bias) on one input and print its feature maps.",
            discussion: """
            y[m](i,j) = Σ_c (x[c] ⋆ w[m,c])(i,j) + b[m]: every filter cross-correlates each input channel with its own kernel (not flipped, as deep-learning libraries do), adds the channels up and adds its bias. The input is C×H×W and the weights M×C×k₁×k₂, in PyTorch's layout; the output is M×H′×W′. --format csv prints one block per output channel, blocks separated by a blank line.

            Examples:
              convviz compute layer --input "[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]" --weight "[[[[1]], [[1]]], [[[1]], [[-1]]]]" --bias "0 10"
              convviz compute layer --input photo.png --weight filters.json --padding 1 --format json
              convviz compute layer --input x.json --weight w.json --cell 0,1,1
            """,
            helpNames: [.short, .long]
        )

        /// Largest number of cells `--steps` writes out without `--cell`.
        static let maxStepCells = 400

        @OptionGroup var layerOptions: LayerOptions

        @Option(help: ArgumentHelp("How to print the output. Example: --format json", valueName: "format"))
        var format: TextFormat = .csv

        @Flag(help: "Write every output cell's arithmetic, channel by channel, then the bias (at most 400 cells; else use --cell).")
        var steps = false

        @Option(help: ArgumentHelp("Write the arithmetic of this output cell only: filter m, row i, column j, from 0. Example: --cell 0,1,1",
                                   valueName: "m,i,j"))
        var cell: LayerCell?

        mutating func validate() throws {
            _ = try layerOptions.window.geometry(oneD: false)
        }

        func run() throws {
            print(try output(), terminator: "")
        }

        /// Everything `run` prints.
        func output() throws -> String {
            let (layer, x) = try layerOptions.read()
            let y: Volume
            do {
                y = try layer.forward(x)
            } catch {
                throw InputError("layer", error)
            }
            // Finite inputs can still overflow (1e308 · 10): say so rather than print "inf".
            for (m, map) in y.channels.enumerated() {
                if let i = map.values.firstIndex(where: { !$0.isFinite }) {
                    throw InputError("layer", "the output y[\(m)](\(i / map.cols),\(i % map.cols)) overflowed double precision: scale the input or the weights down.")
                }
            }
            let cellSteps = try stepList(layer, x, output: y)
            switch format {
            case .json:
                var object: [String: Any] = [
                    "operation": "layer", "shape": [y.count, y.rows, y.cols], "output": OutputText.jsonNested(y),
                ]
                if !cellSteps.isEmpty { object["steps"] = cellSteps.map(stepJSON) }
                return try OutputText.json(object)
            case .csv, .table:
                var text = format == .csv ? OutputText.csv(y) : OutputText.table(y) { "output channel \($0) (filter \($0)):" }
                if !cellSteps.isEmpty {
                    var lines = try layer.formulaText(for: x)
                    for s in cellSteps { lines += [""] + s.lines }
                    text += "\n" + lines.joined(separator: "\n") + "\n"
                }
                return text
            }
        }

        /// The steps to write: the `--cell`, every cell with `--steps`, or none.
        private func stepList(_ layer: ConvLayer, _ x: Volume, output y: Volume) throws -> [LayerStep] {
            if let cell {
                guard cell.filter >= 0 && cell.filter < layer.filterCount else {
                    throw InputError("--cell", "filter \(cell.filter) does not exist: this layer has filters 0 to \(layer.filterCount - 1).")
                }
                guard y[0].contains(cell.output.row, cell.output.col) else {
                    throw InputError("--cell", "output cell (\(cell.output.row),\(cell.output.col)) does not exist: each feature map is \(y.rows)×\(y.cols), so rows run 0 to \(y.rows - 1) and columns 0 to \(y.cols - 1).")
                }
                return [try layer.step(x, filter: cell.filter, output: cell.output)]
            }
            guard steps else { return [] }
            let count = y.count * y.rows * y.cols
            guard count <= ComputeLayer.maxStepCells else {
                throw InputError("--steps", "the output has \(count) cells, more than the \(ComputeLayer.maxStepCells) that --steps writes out: pick one with --cell m,i,j.")
            }
            return try layer.steps(x)
        }

        /// `{"filter", "output": [i, j], "channels": [{"channel", "slice", "taps", "partial", "text"}],
        /// "total", "bias", "result", "text"}`.
        private func stepJSON(_ s: LayerStep) -> [String: Any] {
            [
                "filter": s.filter,
                "output": [s.output.row, s.output.col],
                "channels": s.terms.enumerated().map { slice, t -> [String: Any] in
                    [
                        "channel": t.channel, "slice": slice,
                        "taps": t.step.taps.map { tap -> [String: Any] in
                            ["input": [tap.input.row, tap.input.col], "padding": tap.isPadding,
                             "kernel": [tap.kernelIndex.row, tap.kernelIndex.col],
                             "value": OutputText.jsonNumber(tap.value), "weight": OutputText.jsonNumber(tap.weight),
                             "product": OutputText.jsonNumber(tap.product)]
                        },
                        "partial": OutputText.jsonNumber(t.partial),
                        "text": "\(s.termName(t, slice: slice)) = \(t.step.arithmetic(bias: false))",
                    ]
                },
                "total": OutputText.jsonNumber(s.total), "bias": OutputText.jsonNumber(s.bias),
                "result": OutputText.jsonNumber(s.result),
                "text": s.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n"),
            ]
        }
    }
}
