import ArgumentParser
import ConvCore
import Lessons

/// A convolution layer and its input as the command line gives them, in PyTorch's layout: the
/// input `C × H × W`, the weights `M × C × k₁ × k₂`, one bias per filter, the window and groups —
/// or, with `--transposed`, a transposed convolution layer (`ConvTranspose2d`): weights
/// `C_in × C_out/g × k₁ × k₂`, one bias per output channel, an output padding.
struct LayerOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("The input x, C×H×W: a JSON nested array (inline or a .json file), a PNG (3 channels R, G, B, 0…255), or one channel as a matrix. Example: --input \"[[[1, 2], [3, 4]]]\"",
                               valueName: "X"))
    var input: String

    @Option(parsing: .unconditional,
            help: ArgumentHelp("The weights w, M×C×k₁×k₂ (PyTorch's Conv2d.weight; with --transposed C_in×C_out/g×k₁×k₂, ConvTranspose2d.weight): a JSON nested array, inline or a .json file. Example: --weight \"[[[[1, 0], [0, 1]]]]\"",
                               valueName: "W"))
    var weight: String

    @Option(parsing: .unconditional,
            help: ArgumentHelp("One bias per filter (with --transposed: per output channel; default: all 0). Example: --bias \"1 -2\"", valueName: "b₀ b₁ …"))
    var bias: String?

    @OptionGroup var window: WindowOptions

    @Option(help: ArgumentHelp("Split the channels into g groups; filter m sees only its group's C/g channels (PyTorch's groups). Example: --groups 2",
                               valueName: "g"))
    var groups: Int = 1

    @Flag(help: "A transposed convolution layer (PyTorch's ConvTranspose2d): each input channel stamps its kernels w[c][o], not flipped, into the output channels of its group; --padding (P or PY,PX) crops the output, --output-padding adds to it.")
    var transposed = false

    @Option(parsing: .unconditional,
            help: ArgumentHelp("With --transposed: rows and columns added at the bottom and right of the output, smaller than the stride or the dilation: P, or PY,PX. Example: --output-padding 1",
                               valueName: "P|PY,PX"))
    var outputPadding: String?

    /// Checks the flags that need no input: the window, and the options that belong to one kind
    /// of layer only.
    func validateFlags() throws {
        if transposed {
            _ = try window.transposed(outputPadding: outputPadding)
        } else {
            if outputPadding != nil {
                throw ValidationError("--output-padding belongs to a transposed layer: add --transposed, or drop --output-padding.")
            }
            _ = try window.geometry(oneD: false)
        }
    }

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

    /// The transposed layer (`--transposed`) and its input, or one sentence naming the option at fault.
    func readTransposed() throws -> (layer: TransposedConvLayer, input: Volume) {
        let geometry = try window.transposed(outputPadding: outputPadding)
        let x = try VolumeText.volume(input, location: "--input")
        let w = try VolumeText.weights(weight, location: "--weight", transposed: true)
        let b = try bias.map { try VolumeText.numbers($0, name: "bias list", location: "--bias") }
        var layer: TransposedConvLayer
        do {
            layer = try TransposedConvLayer(weights: w, geometry: geometry, groups: groups)
        } catch {
            throw InputError(groups == 1 ? "--weight" : "--groups", error)
        }
        if let b {
            let n = layer.outputChannels
            guard b.count == n else {
                throw InputError("--bias", "there \(b.count == 1 ? "is 1 bias" : "are \(b.count) biases") for \(n) output channel\(n == 1 ? "" : "s"): give one bias per output channel.")
            }
            do {
                layer = try TransposedConvLayer(weights: w, biases: b, geometry: geometry, groups: groups)
            } catch {
                throw InputError("--bias", error)
            }
        }
        do {
            _ = try layer.outputShape(for: x)
        } catch {
            // The input's channels against the weights', or the output's size: cropped away by the
            // padding, or beyond its limit.
            let culprit = x.count == layer.inputChannels
                ? geometry.culprit(inputRows: x.rows, inputCols: x.cols, kernelRows: layer.kernelRows,
                                   kernelCols: layer.kernelCols, otherwise: "--input")
                : "--input"
            throw InputError(culprit, error)
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
