import ArgumentParser
import ConvCore
import Foundation
import Lessons

extension ConvViz {
    /// `convviz compute layer`: a convolution layer on one example, as PyTorch's `conv2d` computes
    /// it — channels, filters, a bias per filter — printed as numbers, and on request the
    /// arithmetic of output cells channel by channel, and its backward pass for a given `∂L/∂y`
    /// (`--grad-output`). With `--transposed`, a transposed convolution layer
    /// (`conv_transpose2d`) instead.
    struct ComputeLayer: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "layer",
            abstract: "Run a convolution layer (channels, filters, bias), or a transposed one, on one input; print its feature maps and, given ∂L/∂y, its gradients.",
            discussion: """
            y[m](i,j) = Σ_c (x[c] ⋆ w[m,c])(i,j) + b[m]: every filter cross-correlates each input channel with its own kernel (not flipped, as deep-learning libraries do), adds the channels up and adds its bias. The input is C×H×W and the weights M×C×k₁×k₂, in PyTorch's layout; the output is M×H′×W′. --format csv prints one block per output channel, blocks separated by a blank line.

            --grad-output G (∂L/∂y, M×H′×W′) adds the backward pass: ∂L/∂x (C×H×W; each filter's gradient convolved with its kernel, which flips it back), ∂L/∂w (M×C/g×k₁×k₂; the input cross-correlated with the gradient) and ∂L/∂b (the gradient's sum per filter), as PyTorch's x.grad, weight.grad and bias.grad. --format json prints them as "grad_input", "grad_weight" and "grad_bias"; csv and table print every block under its name.

            --transposed runs a transposed convolution layer (PyTorch's conv_transpose2d): the weights are C_in×C_out/g×k₁×k₂ as ConvTranspose2d stores them, each input channel stamps its kernels into the output channels of its group, --padding (P or PY,PX) crops the output and --output-padding adds rows and columns at its bottom and right; one bias per output channel. For one channel's stamps written out, use 'convviz compute transposed2d --steps'.

            Examples:
              convviz compute layer --input "[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]" --weight "[[[[1]], [[1]]], [[[1]], [[-1]]]]" --bias "0 10"
              convviz compute layer --input photo.png --weight filters.json --padding 1 --format json
              convviz compute layer --input x.json --weight w.json --cell 0,1,1
              convviz compute layer --input "200 150 150; 100 50 100; 25 25 10" --weight "[[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]]]" --grad-output "[[[1]]]"
              convviz compute layer --transposed --input "[[[1, 2], [3, 4]]]" --weight "[[[[1, 1], [1, 1]], [[1, 0], [0, -1]]]]" --stride 2
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

        @Option(parsing: .unconditional,
                help: ArgumentHelp("∂L/∂y, the gradient of a loss with respect to the output, M×H′×W′ (read as --input is): also print ∂L/∂x, ∂L/∂w and ∂L/∂b. Example: --grad-output \"[[[1]]]\"",
                                   valueName: "G"))
        var gradOutput: String?

        mutating func validate() throws {
            try layerOptions.validateFlags()
            if layerOptions.transposed {
                if gradOutput != nil {
                    throw ValidationError("--grad-output computes a convolution layer's backward pass, not a transposed layer's: drop --grad-output or --transposed.")
                }
                if steps || cell != nil {
                    throw ValidationError("--\(steps ? "steps" : "cell") writes a convolution layer's arithmetic, not a transposed layer's: drop it, or see one channel's stamps with 'convviz compute transposed2d --steps'.")
                }
            }
        }

        func run() throws {
            print(try output(), terminator: "")
        }

        /// Everything `run` prints.
        func output() throws -> String {
            if layerOptions.transposed { return try transposedOutput() }
            let (layer, x) = try layerOptions.read()
            let y: Volume
            do {
                y = try layer.forward(x)
            } catch {
                throw InputError("layer", error)
            }
            // Finite inputs can still overflow (1e308 · 10): say so rather than print "inf".
            try checkFinite(y.channels, at: "layer") { "the output y[\($0)]" }
            let grads = try gradOutput.map { try gradients(layer, x, outputGradient: $0) }
            let cellSteps = try stepList(layer, x, output: y)
            switch format {
            case .json:
                var object: [String: Any] = [
                    "operation": "layer", "shape": [y.count, y.rows, y.cols], "output": OutputText.jsonNested(y),
                ]
                if let grads {
                    object["grad_input"] = OutputText.jsonNested(grads.input)
                    object["grad_weight"] = grads.weights.map { $0.map { $0.nestedRows.map { $0.map(OutputText.jsonNumber) } } }
                    object["grad_bias"] = grads.biases.map(OutputText.jsonNumber)
                }
                if !cellSteps.isEmpty { object["steps"] = cellSteps.map(stepJSON) }
                return try OutputText.json(object)
            case .csv, .table:
                var text: String
                if let grads {
                    text = gradientText(y, grads, layer)
                } else {
                    text = format == .csv ? OutputText.csv(y) : OutputText.table(y) { "output channel \($0) (filter \($0)):" }
                }
                if !cellSteps.isEmpty {
                    var lines = try layer.formulaText(for: x)
                    for s in cellSteps { lines += [""] + s.lines }
                    text += "\n" + lines.joined(separator: "\n") + "\n"
                }
                return text
            }
        }

        /// The transposed layer's output (`--transposed`): csv, table or JSON
        /// `{"operation": "transposed-layer", "shape": [C_out, H′, W′], "output"}`.
        private func transposedOutput() throws -> String {
            let (layer, x) = try layerOptions.readTransposed()
            let y: Volume
            do {
                y = try layer.forward(x)
            } catch {
                throw InputError("layer", error)
            }
            try checkFinite(y.channels, at: "layer") { "the output y[\($0)]" }
            switch format {
            case .json:
                return try OutputText.json([
                    "operation": "transposed-layer", "shape": [y.count, y.rows, y.cols], "output": OutputText.jsonNested(y),
                ])
            case .csv:
                return OutputText.csv(y)
            case .table:
                return OutputText.table(y) { "output channel \($0):" }
            }
        }

        /// `∂L/∂x`, `∂L/∂w` and `∂L/∂b` for the `--grad-output` given as `text`.
        private func gradients(_ layer: ConvLayer, _ x: Volume, outputGradient text: String) throws -> LayerGradients {
            let g = try VolumeText.volume(text, location: "--grad-output")
            let grads: LayerGradients
            do {
                grads = try layer.gradients(x, outputGradient: g)
            } catch {
                throw InputError("--grad-output", error)
            }
            let fix = "scale the input, the weights or the output gradient down."
            try checkFinite(grads.input.channels, at: "--grad-output", fix: fix) { "∂L/∂x[\($0)]" }
            for (m, filter) in grads.weights.enumerated() {
                try checkFinite(filter, at: "--grad-output", fix: fix) { "∂L/∂w[\(m)][\($0)]" }
            }
            if let m = grads.biases.firstIndex(where: { !$0.isFinite }) {
                throw InputError("--grad-output", "∂L/∂b[\(m)] overflowed double precision: \(fix)")
            }
            return grads
        }

        /// Throws, at `location`, when a value of `grids[i]` (named `name(i)`) is not finite: finite
        /// inputs can still overflow (1e308 · 10); say so rather than print "inf".
        private func checkFinite(_ grids: [Grid], at location: String, fix: String = "scale the input or the weights down.",
                                 name: (Int) -> String) throws {
            for (i, grid) in grids.enumerated() {
                if let n = grid.values.firstIndex(where: { !$0.isFinite }) {
                    throw InputError(location, "\(name(i))(\(n / grid.cols),\(n % grid.cols)) overflowed double precision: \(fix)")
                }
            }
        }

        /// The output and the three gradients as labelled blocks: `y[m]`, `∂L/∂x[c]`,
        /// `∂L/∂w[m][c]` (filter m, its channel slice c), `∂L/∂b` (one row, a value per filter).
        /// `table` aligns each of the four parts to one column width and names the channels.
        private func gradientText(_ y: Volume, _ grads: LayerGradients, _ layer: ConvLayer) -> String {
            let table = format == .table
            let parts: [[(title: String, grid: Grid)]] = [
                y.channels.enumerated().map { m, grid in (table ? "output channel \(m) (filter \(m)):" : "y[\(m)]", grid) },
                grads.input.channels.enumerated().map { c, grid in (table ? "∂L/∂x[\(c)] (input channel \(c)):" : "∂L/∂x[\(c)]", grid) },
                grads.weights.enumerated().flatMap { m, filter in
                    filter.enumerated().map { c, grid in
                        (table ? "∂L/∂w[\(m)][\(c)] (filter \(m), input channel \(layer.inputChannel(filter: m, slice: c))):" : "∂L/∂w[\(m)][\(c)]", grid)
                    }
                },
                [(table ? "∂L/∂b (one per filter):" : "∂L/∂b", Grid(rows: 1, cols: grads.biases.count, values: grads.biases))],
            ]
            return table ? parts.map { OutputText.table(blocks: $0) }.joined(separator: "\n")
                : OutputText.csv(blocks: parts.flatMap { $0 })
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
