import ArgumentParser
import ConvCore
import Foundation
import Lessons

extension ConvViz {
    /// `convviz compute receptive-field`: what one unit of each layer of a stack sees of the
    /// input (``ReceptiveField``), along one axis.
    struct ComputeReceptiveField: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "receptive-field",
            abstract: "Print the receptive field of every layer of a stack of convolutions and poolings.",
            discussion: """
            Along one axis, layer l sees r_l = r_{l−1} + d_l·(k_l − 1)·j_{l−1} input cells (r₀ = 1), and neighbouring units are j_l = j_{l−1}·s_l cells apart (the jump); start is the first input cell of unit 0's field (negative: in the padding). Two 3×3 convolutions see 5×5, three see 7×7. With --input-size the table adds the units each layer has.

            Each layer is conv or pool with its size, then optional sN (stride), pN (padding on each side), dN (dilation); a pool's stride defaults to its size, a conv's to 1.

            Examples:
              convviz compute receptive-field --layers "conv3, conv3, conv3"
              convviz compute receptive-field --layers "conv3 p1, pool2, conv3 d2" --input-size 32 --format csv
            """,
            helpNames: [.short, .long]
        )

        @Option(help: ArgumentHelp("The layers, first to last, separated by commas. Example: --layers \"conv3, conv3 s2 p1, pool2, conv3 d2\"",
                                   valueName: "layers"))
        var layers: String

        @Option(help: ArgumentHelp("The input's size along the axis, to count each layer's units. Example: --input-size 224",
                                   valueName: "N"))
        var inputSize: Int?

        @Option(help: ArgumentHelp("How to print the fields. Example: --format csv", valueName: "format"))
        var format: TextFormat = .table

        func run() throws {
            print(try output(), terminator: "")
        }

        /// Everything `run` prints.
        func output() throws -> String {
            let stack: [FieldLayer], fields: [ReceptiveField]
            do {
                stack = try FieldLayer.parseStack(layers)
            } catch {
                throw InputError("--layers", error)
            }
            do {
                fields = try ReceptiveField.stack(stack, inputSize: inputSize)
            } catch {
                throw InputError(inputSize == nil ? "--layers" : "--input-size", error)
            }
            let names = ["input"] + stack.map(\.description)
            let units = inputSize != nil
            switch format {
            case .json:
                let list = zip(names, fields).enumerated().map { n, pair -> [String: Any] in
                    var o: [String: Any] = ["layer": n, "name": pair.0, "size": pair.1.size, "jump": pair.1.jump,
                                            "start": OutputText.jsonNumber(pair.1.start)]
                    if let u = pair.1.units { o["units"] = u }
                    if n > 0 {
                        let l = stack[n - 1]
                        o["kind"] = l.kind.rawValue
                        o["kernel"] = l.kernel
                        o["stride"] = l.stride
                        o["padding"] = l.padding
                        o["dilation"] = l.dilation
                    }
                    return o
                }
                var object: [String: Any] = ["fields": list]
                if let inputSize { object["input_size"] = inputSize }
                return try OutputText.json(object)
            case .csv, .table:
                var rows = [["layer", "name", "size", "jump", "start"] + (units ? ["units"] : [])]
                for (n, (name, f)) in zip(names, fields).enumerated() {
                    rows.append(["\(n)", name, "\(f.size)", "\(f.jump)", NumberFormat.string(f.start)]
                                + (units ? [f.units.map(String.init) ?? ""] : []))
                }
                if format == .csv { return rows.map(OutputText.csvRow).joined() }
                return alignedColumns(rows, rightAligned: [0, 2, 3, 4, 5])
                    + "\nsize r_l = r_{l−1} + d_l·(k_l − 1)·j_{l−1}, jump j_l = j_{l−1}·s_l, start = first input cell unit 0 sees\n"
            }
        }
    }
}
