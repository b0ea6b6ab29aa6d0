import ArgumentParser
import ConvCore

/// Where the kernel goes: padding, boundary, stride, dilation, indexing, bias. Shared by commands.
struct GeometryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output size: full, same or valid (default: valid, or as --padding gives).",
                               discussion: "full: every overlap; same: as large as the input; valid: kernel wholly inside. Example: --mode same",
                               valueName: "mode"))
    var mode: String?

    @Option(help: ArgumentHelp("Padding: P on every side, or T,B,L,R (1D: P or L,R). Example: --padding 1",
                               valueName: "P|T,B,L,R"))
    var padding: String?

    @Option(help: ArgumentHelp("What padding cells hold: zero, reflect, symmetric, replicate or wrap. Example: --boundary reflect",
                               valueName: "rule"))
    var boundary: String = "zero"

    @Option(help: ArgumentHelp("Step between windows: S, or SY,SX. Example: --stride 2", valueName: "S|SY,SX"))
    var stride: String = "1"

    @Option(help: ArgumentHelp("Gap between taps: D, or DY,DX (1 = no gap). Example: --dilation 2", valueName: "D|DY,DX"))
    var dilation: String = "1"

    @Option(help: ArgumentHelp("Tap numbering: centered (−1,0,1) or corner (0,1,2). Example: --indexing centered",
                               valueName: "scheme"))
    var indexing: String = "corner"

    @Option(help: ArgumentHelp("A bias added to every output. Example: --bias 5", valueName: "b"))
    var bias: Double = 0

    /// Builds the reference module's geometry, or says which flag is wrong.
    func geometry(oneD: Bool) throws -> Geometry {
        guard let boundary = Boundary(rawValue: boundary) else {
            throw ValidationError(unknown(boundary, "--boundary", Boundary.allCases.map(\.rawValue)))
        }
        guard let indexing = Indexing(rawValue: indexing) else {
            throw ValidationError(unknown(indexing, "--indexing", Indexing.allCases.map(\.rawValue)))
        }
        guard bias.isFinite else { throw ValidationError("--bias must be a finite number.") }
        var rule = PaddingRule.mode(.valid)
        if let mode {
            guard let m = Mode(rawValue: mode) else {
                throw ValidationError(unknown(mode, "--mode", Mode.allCases.map(\.rawValue)))
            }
            if padding != nil && m != .valid {
                throw ValidationError("--padding cannot be combined with --mode \(m.rawValue): drop --mode, or use --mode valid.")
            }
            rule = .mode(m)
        }
        if let padding { rule = .explicit(try parsePadding(padding, oneD: oneD)) }
        return Geometry(padding: rule, boundary: boundary,
                        stride: try parseAxes(stride, flag: "--stride", oneD: oneD),
                        dilation: try parseAxes(dilation, flag: "--dilation", oneD: oneD),
                        indexing: indexing, bias: bias)
    }
}

func unknown(_ value: String, _ flag: String, _ known: [String]) -> String {
    let hint = closestMatch(to: value, in: known).map { " Did you mean '\($0)'?" } ?? ""
    return "\(flag) '\(value)' is unknown: use one of \(known.joined(separator: ", ")).\(hint)"
}

private func integers(_ text: String, flag: String) throws -> [Int] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    return try parts.map { part in
        guard let v = Int(part.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(flag) '\(text)' is not a whole number or a comma-separated list of them: write e.g. \(flag) 1.")
        }
        return v
    }
}

func parseAxes(_ text: String, flag: String, oneD: Bool) throws -> Axes {
    let v = try integers(text, flag: flag)
    let axes: Axes
    switch v.count {
    case 1: axes = Axes(v[0])
    case 2 where !oneD: axes = Axes(y: v[0], x: v[1])
    default:
        throw ValidationError("\(flag) '\(text)' has \(v.count) numbers: give one\(oneD ? "" : ", or two as Y,X").")
    }
    for n in [axes.y, axes.x] where n < 1 {
        throw ValidationError("\(flag) is \(n): it must be a whole number of at least 1.")
    }
    return oneD ? Axes(y: 1, x: axes.x) : axes
}

func parsePadding(_ text: String, oneD: Bool) throws -> Padding {
    let v = try integers(text, flag: "--padding")
    for n in v where n < 0 { throw ValidationError("--padding is \(n): padding must be 0 or more.") }
    switch (v.count, oneD) {
    case (1, true): return Padding(top: 0, bottom: 0, left: v[0], right: v[0])
    case (2, true): return Padding(top: 0, bottom: 0, left: v[0], right: v[1])
    case (1, false): return Padding(v[0])
    case (4, false): return Padding(top: v[0], bottom: v[1], left: v[2], right: v[3])
    default:
        throw ValidationError("--padding '\(text)' has \(v.count) numbers: give P\(oneD ? " or LEFT,RIGHT" : " or TOP,BOTTOM,LEFT,RIGHT").")
    }
}
