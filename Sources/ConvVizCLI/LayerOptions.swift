import ArgumentParser
import ConvCore
import Lessons

/// A convolution layer and its input as the command line gives them, in PyTorch's layout: the
/// input `C × H × W`, the weights `M × C × k₁ × k₂`, one bias per filter, the window and groups.
/// Shared by the commands that run a layer (`compute layer`, and later its backward pass).
struct LayerOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("The input x, C×H×W: a JSON nested array (inline or a .json file), a PNG (3 channels R, G, B, 0…255), or one channel as a matrix. Example: --input \"[[[1, 2], [3, 4]]]\"",
                               valueName: "X"))
    var input: String

    @Option(parsing: .unconditional,
            help: ArgumentHelp("The weights w, M×C×k₁×k₂ (PyTorch's Conv2d.weight): a JSON nested array, inline or a .json file. Example: --weight \"[[[[1, 0], [0, 1]]]]\"",
                               valueName: "W"))
    var weight: String

    @Option(parsing: .unconditional,
            help: ArgumentHelp("One bias per filter (default: all 0). Example: --bias \"1 -2\"", valueName: "b₀ b₁ …"))
    var bias: String?

    @OptionGroup var window: WindowOptions

    @Option(help: ArgumentHelp("Split the channels into g groups; filter m sees only its group's C/g channels (PyTorch's groups). Example: --groups 2",
                               valueName: "g"))
    var groups: Int = 1

    /// The layer and its input, or one sentence naming the option at fault.
    func read() throws -> (layer: ConvLayer, input: Volume) {
        let geometry = try window.geometry(oneD: false)
        let x = try VolumeText.volume(input, location: "--input")
        let w = try VolumeText.weights(weight, location: "--weight")
        let b = try bias.map { try VolumeText.numbers($0, name: "bias list", location: "--bias") }
        if let b, b.count != w.count {
            throw InputError("--bias", "there \(b.count == 1 ? "is 1 bias" : "are \(b.count) biases") for \(w.count) filter\(w.count == 1 ? "" : "s"): give one bias per filter.")
        }
        let layer: ConvLayer
        do {
            layer = try ConvLayer(weights: w, biases: b, geometry: geometry, groups: groups)
        } catch {
            throw InputError(groups == 1 ? "--weight" : "--groups", error)
        }
        do {
            _ = try layer.layout(for: x)
        } catch {
            // The input's channels and size against the weights' (or the output against its limit).
            throw InputError("--input", error)
        }
        return (layer, x)
    }
}

/// An output cell of a layer, `m,i,j` (filter, row, column), as `--cell` takes it.
struct LayerCell: ExpressibleByArgument {
    var filter: Int
    var output: GridIndex

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let m = parts[0], let i = parts[1], let j = parts[2] else { return nil }
        filter = m
        output = GridIndex(i, j)
    }

    var defaultValueDescription: String { "\(filter),\(output.row),\(output.col)" }
}
