import ArgumentParser
import ConvCore

/// Stride, padding, output padding and dilation of a transposed convolution, as
/// `compute transposed2d` takes them (PyTorch's `conv_transpose2d` meaning: the padding crops the
/// output, the output padding adds rows and columns at its bottom and right). Read by
/// ``transposedGeometry(stride:padding:outputPadding:dilation:)``, as `compute layer --transposed`
/// reads its own flags.
struct TransposedWindowOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Input cells stamp the kernel S output cells apart: S, or SY,SX. Example: --stride 2", valueName: "S|SY,SX"))
    var stride: String = "1"

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Cells cropped from each end of the output (the forward convolution's padding): P, or PY,PX. Example: --padding 1",
                               valueName: "P|PY,PX"))
    var padding: String = "0"

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Rows and columns added at the bottom and right of the output, smaller than the stride or the dilation: P, or PY,PX. Example: --output-padding 1",
                               valueName: "P|PY,PX"))
    var outputPadding: String = "0"

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Gap between the kernel's taps: D, or DY,DX (1 = no gap). Example: --dilation 2", valueName: "D|DY,DX"))
    var dilation: String = "1"

    func geometry() throws -> TransposedGeometry {
        try transposedGeometry(stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation)
    }
}

/// The transposed geometry the flags describe, or one sentence naming the flag at fault (a
/// `ValidationError`): stride and dilation `S` or `SY,SX` as ConvCore's `GeometryReader` reads
/// them, padding and output padding `P` or `PY,PX` from 0, the output padding smaller than the
/// stride or the dilation (the reference module's rule and sentence).
func transposedGeometry(stride: String, padding: String?, outputPadding: String?,
                        dilation: String) throws -> TransposedGeometry {
    let reader = GeometryReader(oneD: false)
    /// `P` or `PY,PX`.
    func pair(_ text: String?, flag: String) throws -> Axes {
        guard let text else { return Axes(0) }
        let v = try integers(text, flag: "--\(flag)")
        switch v.count {
        case 1: return Axes(v[0])
        case 2: return Axes(y: v[0], x: v[1])
        default: throw ConvolutionError.wrongCount(field: flag, count: v.count, expected: "one, or two (rows, columns)")
        }
    }
    var g = TransposedGeometry()
    do {
        g.stride = try reader.axes(try integers(stride, flag: "--stride"), field: "stride")
        g.dilation = try reader.axes(try integers(dilation, flag: "--dilation"), field: "dilation")
        g.padding = try pair(padding, flag: "padding")
        for p in [g.padding.y, g.padding.x] {
            if p < 0 { throw ConvolutionError.negativePadding(value: p) }
            if p > Limits.maxSetting { throw ConvolutionError.beyondLimit(field: "padding", value: p, limit: Limits.maxSetting) }
        }
        // Negative or too large: the reference module's rule below says so, with the largest allowed.
        g.outputPadding = try pair(outputPadding, flag: "output-padding")
    } catch let error as ConvolutionError {
        throw ValidationError(flagSentence(error))
    }
    // The output padding (at least 0, smaller than the stride or the dilation): with no padding and
    // a 1×1 input and kernel the output cannot be cropped away or too large, so only that rule is
    // left to fail.
    var unpadded = g
    unpadded.padding = Axes(0)
    do {
        _ = try unpadded.outputShape(inputRows: 1, inputCols: 1, kernelRows: 1, kernelCols: 1)
    } catch {
        throw ValidationError("--output-padding: \(error.description)")
    }
    return g
}

extension TransposedGeometry {
    /// The option to blame when ``outputShape(inputRows:inputCols:kernelRows:kernelCols:)``
    /// refuses these shapes: `--padding` when it crops every row or column away, else `otherwise`
    /// (the output is too large).
    func culprit(inputRows: Int, inputCols: Int, kernelRows: Int, kernelCols: Int, otherwise: String) -> String {
        let rows = transposedOutputSize(input: inputRows, kernel: kernelRows, stride: stride.y, padding: padding.y,
                                        outputPadding: outputPadding.y, dilation: dilation.y)
        let cols = transposedOutputSize(input: inputCols, kernel: kernelCols, stride: stride.x, padding: padding.x,
                                        outputPadding: outputPadding.x, dilation: dilation.x)
        return rows < 1 || cols < 1 ? "--padding" : otherwise
    }
}
