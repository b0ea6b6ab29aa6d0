import ConvCore

/// A problem with something the user gave us: a file, a lesson field, a command-line value.
/// Every case reads as one sentence naming where the problem is and how to fix it.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where: a file path, optionally with a line ("lessons/x.yaml:12"), or an option ("--input").
    public var location: String
    /// Which field, if any ("kernel", "expect[2].at").
    public var field: String?
    /// What is wrong and what to do about it.
    public var message: String

    public init(_ location: String, field: String? = nil, _ message: String) {
        self.location = location
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "\(location): field '\(field)': \(message)" }
        return "\(location): \(message)"
    }
}

extension InputError {
    /// Wraps a reference-module error with the place it came from.
    public init(_ location: String, field: String? = nil, _ error: ConvolutionError) {
        self.init(location, field: field, error.description)
    }
}

extension InputError {
    /// A value as quoted in a message: on one line, and cut to its first 40 characters ("…"),
    /// so that a long key or a whole file is never echoed back.
    public static func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
        let oneLine = text.map { $0.isNewline ? " " : $0 }
        return oneLine.count > limit ? String(oneLine.prefix(limit)) + "…" : String(oneLine)
    }
}
