import CConvKernels

/// Why an operation cannot run. Every case reads as one sentence that says what to fix.
public enum ConvolutionError: Error, Equatable, CustomStringConvertible, Sendable {
    case empty(name: String)
    case raggedRows(name: String, row: Int, expected: Int, found: Int)
    case notFinite(name: String, row: Int, col: Int)
    case nonPositive(field: String, value: Int)
    case negativePadding(value: Int)
    case kernelTooLarge(axis: String, span: Int, available: Int)
    case tooLarge(name: String, count: Int, limit: Int)
    case notOneRow(name: String, rows: Int)
    case stepOutOfRange(step: Int, count: Int)
    case verticalPaddingIn1D
    /// A setting (padding, stride, dilation) beyond its documented limit.
    case beyondLimit(field: String, value: Int, limit: Int)
    /// A setting written with the wrong number of numbers (`expected` says which are right).
    case wrongCount(field: String, count: Int, expected: String)
    /// Explicit padding together with a mode other than `valid`.
    case paddingWithMode(Mode)
    /// Shapes that do not fit together (channels, filters, biases, gradients); the sentence names
    /// both shapes and the fix.
    case shapes(String)

    public var description: String {
        switch self {
        case .empty(let name):
            return "The \(name) is empty: give at least one row with at least one number."
        case .raggedRows(let name, let row, let expected, let found):
            return "Row \(row + 1) of the \(name) has \(counted(found, "entry", plural: "entries")) but row 1 has \(expected): make every row the same length."
        case .notFinite(let name, let row, let col):
            return "The \(name) has a NaN or infinity at row \(row + 1), column \(col + 1): use finite numbers only."
        case .nonPositive(let field, let value):
            return "The \(field) is \(value): it must be a whole number of at least 1."
        case .negativePadding(let value):
            return "The padding is \(value): padding must be 0 or more."
        case .kernelTooLarge(let axis, let span, let available):
            return "The kernel spans \(span) \(axis) (after dilation) but the padded input has only \(available): use a smaller kernel or dilation, or more padding."
        case .tooLarge("output", let count, let limit):
            return "The output would have \(count) entries, more than the limit of \(limit): use a smaller input, less padding or a larger stride."
        case .tooLarge(let name, let count, let limit):
            return "The \(name) has \(count) entries, more than the limit of \(limit): use a smaller one."
        case .notOneRow(let name, let rows):
            return "A 1D operation takes a single row, but the \(name) has \(rows) rows: give one row, or use the 2D operation."
        case .verticalPaddingIn1D:
            return "A 1D signal has no top or bottom: give the padding as P or LEFT,RIGHT."
        case .stepOutOfRange(let step, let count):
            return "Step \(step) does not exist: this operation has steps 0 to \(count - 1)."
        case .beyondLimit(let field, let value, let limit):
            return "The \(field) is \(value), more than the limit of \(limit): use a smaller \(field)."
        case .wrongCount(let field, let count, let expected):
            return "The \(field) has \(count) numbers: give \(expected)."
        case .shapes(let sentence):
            return sentence
        case .paddingWithMode(let mode):
            return "Padding cannot be combined with mode \(mode.rawValue): give one of them, or use mode valid."
        }
    }
}

/// Documented size limits. They keep a typo (an extra zero) from exhausting memory.
public enum Limits {
    /// Largest input: 4096 × 4096 = 16 777 216 values.
    public static let maxInputValues = 4096 * 4096
    /// Largest kernel: 64 × 64 = 4096 taps.
    public static let maxKernelValues = 64 * 64
    /// Most products one layer (or transposed layer) computes: 2³⁵ ≈ 34 billion, a few seconds on
    /// two cores. A kernel typed 64×64 instead of 6×6 over a large picture would otherwise run for hours.
    public static let maxLayerProducts = 1 << 35
    /// Most products of the lecture-shaped loops that have no fast path (gradients, transposed
    /// convolutions): 2³⁰ ≈ 1.1 billion, a few seconds.
    public static let maxLoopProducts = 1 << 30
    /// Largest output: also 16 777 216 values. Padding is not counted (it is never stored whole).
    public static let maxOutputValues = 4096 * 4096
    /// Largest padding (per side), stride or dilation: 4096.
    public static let maxSetting = 4096
}

extension Grid {
    /// Checks that the grid is non-empty, finite and within `limit` values.
    public func validate(name: String, limit: Int) throws(ConvolutionError) {
        try validateSize(name: name, limit: limit)
        try validateValues(name: name)
    }

    /// Checks that the grid is non-empty and within `limit` values.
    func validateSize(name: String, limit: Int) throws(ConvolutionError) {
        guard rows > 0, cols > 0 else { throw .empty(name: name) }
        guard values.count <= limit else { throw .tooLarge(name: name, count: values.count, limit: limit) }
    }

    /// Checks that every value is finite; the error names the first that is not.
    func validateValues(name: String) throws(ConvolutionError) {
        let i = values.withUnsafeBufferPointer { convviz_first_nonfinite($0.baseAddress, $0.count) }
        if i >= 0 { throw .notFinite(name: name, row: i / cols, col: i % cols) }
    }
}

extension ConvolutionError {
    /// The setting the problem is about (`"padding"`, `"stride"`, `"kernel"`, …), so that a
    /// lesson file can point at the line that wrote it; `nil` when no single setting is at fault.
    public var field: String? {
        switch self {
        case .nonPositive(let field, _), .beyondLimit(let field, _, _), .wrongCount(let field, _, _): return field
        case .negativePadding, .paddingWithMode, .verticalPaddingIn1D: return "padding"
        case .kernelTooLarge: return "kernel"
        case .tooLarge(let name, _, _): return name == "output" ? "padding" : name
        case .empty(let name), .raggedRows(let name, _, _, _), .notFinite(let name, _, _), .notOneRow(let name, _): return name
        case .stepOutOfRange, .shapes: return nil
        }
    }
}
