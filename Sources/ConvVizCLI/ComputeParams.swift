import ArgumentParser
import ConvCore
import Foundation
import Lessons

extension ConvViz {
    /// `convviz compute params`: the lecture's parameter counts, from a linear layer to a
    /// convolution layer, each with its formula in symbols and in numbers (``ParameterCounts``).
    struct ComputeParams: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "params",
            abstract: "Count the parameters of a linear, a locally connected and a convolution layer, with the formulas.",
            discussion: """
            For an input of C×H×W, kernels of K₁×K₂ and M filters whose feature maps have N = H′·W′ nodes: a linear layer joining every input to each of N nodes has C·H·W·N + N parameters, local receptive fields (C·K₁·K₂ + 1)·N, shared weights C·K₁·K₂ + 1, M features (a convolution layer) (C·K₁·K₂ + 1)·M, and a linear layer with the same M·N outputs C·H·W·M·N + M·N. The feature maps are as large as the input (--padding same, stride 1) unless --padding, --stride or --dilation say otherwise.

            Examples:
              convviz compute params --input-shape 1,200,200 --kernel 3 --filters 64
              convviz compute params --input-shape 3,224,224 --kernel 3,3 --filters 64 --padding valid --stride 2 --format json
            """,
            helpNames: [.short, .long]
        )

        @Option(help: ArgumentHelp("The input's channels, rows and columns: C,H,W (or H,W for one channel). Example: --input-shape 3,224,224",
                                   valueName: "C,H,W"))
        var inputShape: String

        @Option(help: ArgumentHelp("Kernel size: K, or K₁,K₂. Example: --kernel 3", valueName: "K|K₁,K₂"))
        var kernel: String

        @Option(help: ArgumentHelp("Number of filters (feature maps). Example: --filters 64", valueName: "M"))
        var filters: Int

        @Option(parsing: .unconditional,
                help: ArgumentHelp("Padding: same (maps as large as the input at stride 1), valid, full, P, or T,B,L,R. Example: --padding 1",
                                   valueName: "same|valid|full|P|T,B,L,R"))
        var padding: String = "same"

        @Option(parsing: .unconditional, help: ArgumentHelp("Step between windows: S, or SY,SX. Example: --stride 2", valueName: "S|SY,SX"))
        var stride: String = "1"

        @Option(parsing: .unconditional, help: ArgumentHelp("Gap between taps: D, or DY,DX (1 = no gap). Example: --dilation 2", valueName: "D|DY,DX"))
        var dilation: String = "1"

        @Option(help: ArgumentHelp("How to print the counts. Example: --format json", valueName: "format"))
        var format: TextFormat = .table

        mutating func validate() throws {
            _ = try counts()
        }

        func run() throws {
            print(try output(), terminator: "")
        }

        /// The counts the options describe, or one sentence naming the option at fault.
        func counts() throws -> ParameterCounts {
            let shape = try integers(inputShape, flag: "--input-shape")
            guard shape.count == 2 || shape.count == 3 else {
                throw ValidationError("--input-shape has \(shape.count) number\(shape.count == 1 ? "" : "s"): give C,H,W (or H,W for one channel).")
            }
            let (c, h, w) = shape.count == 3 ? (shape[0], shape[1], shape[2]) : (1, shape[0], shape[1])
            let k = try integers(kernel, flag: "--kernel")
            guard k.count == 1 || k.count == 2 else {
                throw ValidationError("--kernel has \(k.count) numbers: give K, or K₁,K₂.")
            }
            let (k1, k2) = (k[0], k.count == 2 ? k[1] : k[0])
            let reader = GeometryReader(oneD: false)
            let geometry: Geometry
            do {
                let rule: PaddingRule = try Mode(rawValue: padding.trimmingCharacters(in: .whitespaces).lowercased()).map { .mode($0) }
                    ?? .explicit(try reader.padding(try integers(padding, flag: "--padding")))
                geometry = Geometry(padding: rule, stride: try reader.axes(try integers(stride, flag: "--stride"), field: "stride"),
                                    dilation: try reader.axes(try integers(dilation, flag: "--dilation"), field: "dilation"))
            } catch let error as ConvolutionError {
                throw ValidationError(flagSentence(error))
            }
            do {
                return try ParameterCounts(channels: c, height: h, width: w, kernelRows: k1, kernelCols: k2, filters: filters,
                                           geometry: geometry)
            } catch {
                throw ValidationError(sentence(error))
            }
        }

        /// A ConvCore error about a size, told in terms of its option.
        private func sentence(_ error: ConvolutionError) -> String {
            let flags = ["number of channels": "--input-shape (C)", "height": "--input-shape (H)", "width": "--input-shape (W)",
                         "kernel height": "--kernel (K₁)", "kernel width": "--kernel (K₂)", "number of filters": "--filters"]
            switch error {
            case .nonPositive(let field, let value) where flags[field] != nil:
                return "\(flags[field] ?? field) is \(value): it must be a whole number of at least 1."
            case .beyondLimit(let field, let value, let limit) where flags[field] != nil:
                return "\(flags[field] ?? field) is \(value), more than the limit of \(limit): use a smaller one."
            default:
                return flagSentence(error)
            }
        }

        /// Everything `run` prints.
        func output() throws -> String {
            let counts = try counts()
            let rows = counts.rows
            let n = counts.outputRows * counts.outputCols
            func count(_ r: ParameterCounts.Row) -> String { r.count.map(String.init) ?? "more than 2⁶³" }
            switch format {
            case .json:
                let object: [String: Any] = [
                    "input": [counts.channels, counts.height, counts.width], "kernel": [counts.kernelRows, counts.kernelCols],
                    "filters": counts.filters, "output": [counts.outputRows, counts.outputCols], "nodes": n,
                    "rows": rows.map { r -> [String: Any] in
                        ["layer": r.name, "formula": r.formula.symbolic, "numbers": r.formula.numeric,
                         "parameters": r.count.map { $0 as Any } ?? NSNull()]
                    },
                ]
                return try OutputText.json(object)
            case .csv:
                return OutputText.csvRow(["layer", "formula", "numbers", "parameters"])
                    + rows.map { OutputText.csvRow([$0.name, $0.formula.symbolic, $0.formula.numeric, count($0)]) }.joined()
            case .table:
                let header = "input \(counts.channels)×\(counts.height)×\(counts.width), kernels \(counts.kernelRows)×\(counts.kernelCols), \(counts.filters) filter\(counts.filters == 1 ? "" : "s"), feature maps \(counts.outputRows)×\(counts.outputCols) (N = \(n))"
                let cells = [["layer", "formula", "with the numbers", "parameters"]]
                    + rows.map { [$0.name, $0.formula.symbolic, $0.formula.numeric, count($0)] }
                return header + "\n\n" + alignedColumns(cells, rightAligned: [3])
            }
        }
    }
}

/// Rows of text as columns two spaces apart, padded to each column's widest cell (counted in
/// characters); the columns in `rightAligned` are aligned right. Ends with a line break.
func alignedColumns(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { c, cell in
            let pad = String(repeating: " ", count: widths[c] - cell.count)
            if rightAligned.contains(c) { return pad + cell }
            return c == row.count - 1 ? cell : cell + pad
        }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
}
