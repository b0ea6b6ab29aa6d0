import ArgumentParser
import ConvCore
import Foundation
import Lessons

extension Pooling.Kind: ExpressibleByArgument {}

extension ConvViz {
    /// `convviz compute pool`: max or average pooling of every channel, as PyTorch's `max_pool2d`
    /// and `avg_pool2d` compute it.
    struct ComputePool: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pool",
            abstract: "Max- or average-pool every channel of an input and print the result.",
            discussion: """
            max: y(i,j) = max over the window x(s·i − p + a, s·j − p + b), padding counting as −∞; avg: the window's sum divided by K₁·K₂ (padding counts as 0), or with --exclude-padding by the number of input cells in the window. Channels are pooled separately. The input is C×H×W (a matrix is one channel); --format json adds, for max-pooling, the input cell each output took its value from ("argmax", [row, column], the first largest in row-major order, as PyTorch picks it).

            Examples:
              convviz compute pool --input "1 2 5 6; 3 4 7 8; 9 10 13 14; 11 12 15 16" --kind max --size 2
              convviz compute pool --input "[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]" --kind avg --size 2 --stride 1 --padding 1 --exclude-padding
              convviz compute pool --input photo.png --kind max --size 2 --format json
            """,
            helpNames: [.short, .long]
        )

        /// Largest number of windows `--steps` writes out.
        static let maxStepCells = 400

        @Option(parsing: .unconditional,
                help: ArgumentHelp("The input, C×H×W: a JSON nested array (inline or a .json file), a PNG (3 channels R, G, B), or one channel as a matrix. Example: --input \"1 2; 3 4\"",
                                   valueName: "X"))
        var input: String

        @Option(help: ArgumentHelp("Max or average pooling. Example: --kind max", valueName: "kind"))
        var kind: Pooling.Kind

        @Option(parsing: .unconditional, help: ArgumentHelp("Window size: K, or K₁,K₂. Example: --size 2", valueName: "K|K₁,K₂"))
        var size: String

        @Option(parsing: .unconditional,
                help: ArgumentHelp("Step between windows: S, or SY,SX (default: the window size). Example: --stride 1", valueName: "S|SY,SX"))
        var stride: String?

        @Option(parsing: .unconditional,
                help: ArgumentHelp("Padding on each side: P, or PY,PX (at most half the window). Example: --padding 1", valueName: "P|PY,PX"))
        var padding: String = "0"

        @Flag(help: "Average pooling: divide by the input cells in the window, not by K₁·K₂ (PyTorch's count_include_pad=False).")
        var excludePadding = false

        @Option(help: ArgumentHelp("How to print the output. Example: --format json", valueName: "format"))
        var format: TextFormat = .csv

        @Flag(help: "Write every window: its values and the result (at most 400 windows).")
        var steps = false

        mutating func validate() throws {
            _ = try pooling()
        }

        func run() throws {
            print(try output(), terminator: "")
        }

        /// The pooling the options describe, or one sentence naming the option at fault.
        func pooling() throws -> Pooling {
            func axes(_ text: String, flag: String, minimum: Int) throws -> Axes {
                let v = try integers(text, flag: flag)
                for n in v where n < minimum {
                    throw ValidationError("\(flag) is \(n): it must be a whole number of at least \(minimum).")
                }
                switch v.count {
                case 1: return Axes(v[0])
                case 2: return Axes(y: v[0], x: v[1])
                default: throw ValidationError("\(flag) has \(v.count) numbers: give one, or two (rows, columns), separated by commas.")
                }
            }
            if excludePadding && kind == .max {
                throw ValidationError("--exclude-padding is for average pooling: drop it, or use --kind avg.")
            }
            let p = try axes(padding, flag: "--padding", minimum: 0)
            let k = try axes(size, flag: "--size", minimum: 1)
            let s = try stride.map { try axes($0, flag: "--stride", minimum: 1) }
            do {
                return try Pooling(kind: kind, size: k, stride: s, padding: p, countIncludePad: !excludePadding)
            } catch {
                throw ValidationError(flagSentence(error).replacingOccurrences(of: "--pooling ", with: "--"))
            }
        }

        /// Everything `run` prints.
        func output() throws -> String {
            let pool = try pooling()
            let x = try VolumeText.volume(input, location: "--input")
            var maps: [Grid] = [], winners: [[GridIndex]] = []
            for c in 0..<x.count {
                do {
                    let r = try pool.apply(x[c])
                    maps.append(r.output)
                    winners.append(r.winners)
                } catch .kernelTooLarge(let axis, let span, let available) {
                    throw InputError("--size", "the window spans \(span) \(axis) but the padded input has only \(available): use a smaller --size, or more --padding.")
                } catch {
                    throw InputError("--input", error)
                }
            }
            let y = try Volume(maps, name: "output")
            let count = y.count * y.rows * y.cols
            if steps && count > ComputePool.maxStepCells {
                throw InputError("--steps", "the output has \(count) cells, more than the \(ComputePool.maxStepCells) that --steps writes out: use a smaller input.")
            }
            switch format {
            case .json:
                var object: [String: Any] = [
                    "operation": "pool", "kind": kind.rawValue, "size": [pool.size.y, pool.size.x],
                    "stride": [pool.stride.y, pool.stride.x], "padding": [pool.padding.y, pool.padding.x],
                    "shape": [y.count, y.rows, y.cols], "output": OutputText.jsonNested(y),
                ]
                if kind == .max {
                    object["argmax"] = winners.map { list in
                        (0..<y.rows).map { i in (0..<y.cols).map { j in [list[i * y.cols + j].row, list[i * y.cols + j].col] } }
                    }
                } else {
                    object["count_include_pad"] = pool.countIncludePad
                }
                if steps { object["steps"] = try stepTexts(pool, x, y) }
                return try OutputText.json(object)
            case .csv, .table:
                var text = format == .csv ? OutputText.csv(y) : OutputText.table(y) { "output channel \($0):" }
                if steps { text += "\n" + (try stepTexts(pool, x, y)).joined(separator: "\n") + "\n" }
                return text
            }
        }

        /// One line per window: `y[0](0,0) = max(1, 2, 3, 4) = 4 at x(1,1)`,
        /// `y[0](0,0) = (0 + 0 + 0 + 1)/4 = 0.25` (padding cells written as `pad`, counted as 0).
        private func stepTexts(_ pool: Pooling, _ x: Volume, _ y: Volume) throws -> [String] {
            var lines: [String] = []
            for c in 0..<y.count {
                for s in try pool.steps(x[c]) {
                    do {
                        let (i, j) = (s.output.row, s.output.col)
                        let values = s.cells.map { x[c].contains($0.row, $0.col) ? NumberFormat.string(x[c][$0], unicodeMinus: true) : "pad" }
                        let result = NumberFormat.string(s.result, unicodeMinus: true)
                        let name = "y[\(c)](\(i),\(j))"
                        if let w = s.winner {
                            lines.append("\(name) = max(\(values.joined(separator: ", "))) = \(result) at x[\(c)](\(w.row),\(w.col))")
                        } else if let n = s.divisor {
                            // Padding counts as 0 in the sum; without count_include_pad it is left out altogether.
                            let cells = pool.countIncludePad ? s.cells : s.cells.filter { x[c].contains($0.row, $0.col) }
                            let sum = cells.map { x[c].contains($0.row, $0.col) ? NumberFormat.factor(x[c][$0]) : "0" }
                            let total = sum.count == 1 ? sum[0] : "(\(sum.joined(separator: " + ")))"
                            lines.append("\(name) = \(total)/\(n) = \(result)")
                        }
                    }
                }
            }
            return lines
        }
    }
}
