import ArgumentParser
import ConvCore

/// How the window moves over the input: output size (a mode or explicit padding), what padding
/// holds, stride and dilation. Shared by every command that slides a kernel (`compute conv2d …`
/// through ``GeometryOptions``, `compute layer`). The numbers are checked by ConvCore's
/// `GeometryReader`, as in lesson files.
struct WindowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output size (default: valid, or as --padding gives).",
                               discussion: "full: every overlap; same: as large as the input; valid: kernel wholly inside. Example: --mode same",
                               valueName: "mode"))
    var mode: Mode?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Padding: P on every side, or T,B,L,R (1D: P or L,R). Example: --padding 1", valueName: "P|T,B,L,R"))
    var padding: String?

    @Option(help: ArgumentHelp("What padding cells hold. Example: --boundary reflect", valueName: "rule"))
    var boundary: Boundary = .zero

    @Option(parsing: .unconditional, help: ArgumentHelp("Step between windows: S, or SY,SX. Example: --stride 2", valueName: "S|SY,SX"))
    var stride: String = "1"

    @Option(parsing: .unconditional, help: ArgumentHelp("Gap between taps: D, or DY,DX (1 = no gap). Example: --dilation 2", valueName: "D|DY,DX"))
    var dilation: String = "1"

    /// The reference module's geometry with `indexing` and `bias`, or says which flag is wrong.
    func geometry(oneD: Bool, indexing: Indexing = .corner, bias: Double = 0) throws -> Geometry {
        let reader = GeometryReader(oneD: oneD)
        do {
            let rule = try reader.paddingRule(mode: mode, padding: try padding.map { try integers($0, flag: "--padding") })
            return Geometry(padding: rule, boundary: boundary,
                            stride: try reader.axes(try integers(stride, flag: "--stride"), field: "stride"),
                            dilation: try reader.axes(try integers(dilation, flag: "--dilation"), field: "dilation"),
                            indexing: indexing, bias: bias)
        } catch let error as ConvolutionError {
            throw ValidationError(flagSentence(error))
        }
    }

    /// The window of a transposed convolution (`compute layer --transposed`): `--stride` and
    /// `--dilation` as always, `--padding` as `P` or `PY,PX` (it crops the output), and the output
    /// padding; a mode or a boundary rule, which a transposed convolution does not have, is refused.
    func transposed(outputPadding: String?) throws -> TransposedGeometry {
        if let mode {
            throw ValidationError("--mode \(mode.rawValue) does not apply to --transposed: a transposed convolution's size comes from --padding (which crops its output) and --output-padding, so drop --mode.")
        }
        if boundary != .zero {
            throw ValidationError("--boundary \(boundary.rawValue) does not apply to --transposed: its padding crops the output and reads no cells, so drop --boundary.")
        }
        return try transposedGeometry(stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation)
    }
}

/// Where the kernel goes: the window (``WindowOptions``), indexing and a bias. Used by
/// `compute conv1d|corr1d|conv2d|corr2d`. Options that take numbers accept a leading minus as
/// written (`--bias -5`).
struct GeometryOptions: ParsableArguments {
    @OptionGroup var window: WindowOptions

    @Option(help: ArgumentHelp("Tap numbering: centered (−1,0,1) or corner (0,1,2). Example: --indexing centered", valueName: "scheme"))
    var indexing: Indexing = .corner

    @Option(parsing: .unconditional, help: ArgumentHelp("A bias added to every output. Example: --bias -5", valueName: "b"))
    var bias: Double = 0

    /// Builds the reference module's geometry, or says which flag is wrong.
    func geometry(oneD: Bool) throws -> Geometry {
        guard bias.isFinite else { throw ValidationError("--bias must be a finite number.") }
        return try window.geometry(oneD: oneD, indexing: indexing, bias: bias)
    }
}

/// A ConvCore error about a setting, told in terms of its flag: "--stride is 0: …".
func flagSentence(_ error: ConvolutionError) -> String {
    switch error {
    case .nonPositive(let field, let value):
        return "--\(field) is \(value): it must be a whole number of at least 1."
    case .negativePadding(let value):
        return "--padding is \(value): padding must be 0 or more."
    case .beyondLimit(let field, let value, let limit):
        return "--\(field) is \(value), more than the limit of \(limit): use a smaller one."
    case .wrongCount(let field, let count, let expected):
        return "--\(field) has \(count) numbers: give \(expected), separated by commas."
    case .paddingWithMode(let mode):
        return "--padding cannot be combined with --mode \(mode.rawValue): drop --mode, or use --mode valid."
    default:
        return error.description
    }
}

/// A whole number, or several separated by commas (`2`, `2,3`); `flag` names the option in the
/// message when one is not.
func integers(_ text: String, flag: String) throws -> [Int] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    return try parts.map { part in
        guard let v = Int(part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-")) else {
            throw ValidationError("\(flag) '\(String(text.prefix(40)))' is not a whole number or a comma-separated list of them: write e.g. \(flag) 1.")
        }
        return v
    }
}
