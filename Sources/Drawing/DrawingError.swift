/// Why drawing or writing a figure failed.
public enum DrawingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Cairo reported `status` while doing `operation`.
    case cairo(operation: String, status: String)
    /// A file could not be read or written.
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case .cairo(let operation, let status):
            return "Cairo failed to \(operation): \(status)."
        case .file(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
