import ArgumentParser
import ConvCore
import Drawing
import InitLab

// MARK: - Options that take one of a few words
//
// Each is an enum that argument-parser reads itself: `--help` lists the values, and a value that
// is not one of them is refused with the list (and, through `Suggestions`, the nearest one).

extension Mode: ExpressibleByArgument {}
extension Boundary: ExpressibleByArgument {}
extension Indexing: ExpressibleByArgument {}
extension InputDistribution: ExpressibleByArgument {}
extension Initialization: ExpressibleByArgument {}
extension FileFormat: ExpressibleByArgument {}

/// The four operations `convviz compute` runs.
enum ComputeOperation: String, CaseIterable, ExpressibleByArgument {
    case conv1d, corr1d, conv2d, corr2d

    /// Convolution (the kernel flipped) or cross-correlation (as written).
    var operation: ConvCore.Operation { self == .conv1d || self == .conv2d ? .convolution : .correlation }
    var oneD: Bool { self == .conv1d || self == .corr1d }
}

/// How numbers are printed: comma-separated rows, one JSON object, or aligned columns.
enum TextFormat: String, CaseIterable, ExpressibleByArgument {
    case csv, json, table
}

/// A comma-separated list of choices (`--inits standard,he`, `--format png,pdf`): each item one
/// of `Item`'s values, none repeated.
struct ChoiceList<Item: RawRepresentable & CaseIterable & Hashable & Sendable>: ExpressibleByArgument, Sendable
where Item.RawValue == String {
    var items: [Item]

    init(_ items: [Item]) {
        self.items = items
    }

    init?(argument: String) {
        var items: [Item] = []
        for word in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard let item = Item(rawValue: word) else { return nil }
            if !items.contains(item) { items.append(item) }
        }
        guard !items.isEmpty else { return nil }
        self.items = items
    }

    var defaultValueDescription: String { items.map(\.rawValue).joined(separator: ",") }

    static var allValueStrings: [String] { Item.allCases.map(\.rawValue) }
}

// MARK: - "Did you mean …?" for a mistyped value

/// Adds the nearest known value to argument-parser's message for a value it could not read,
/// e.g. `--inits xavier` → "Did you mean 'xavier-uniform'?".
enum Suggestions {
    /// The values each option takes, per subcommand (`--format` differs between commands).
    static func candidates(command: String?, option: String) -> [String] {
        switch option {
        case "--mode": return Mode.allCases.map(\.rawValue)
        case "--boundary": return Boundary.allCases.map(\.rawValue)
        case "--indexing": return Indexing.allCases.map(\.rawValue)
        case "--input" where command == "network": return InputDistribution.allCases.map(\.rawValue)
        case "--inits": return Initialization.allCases.map(\.rawValue)
        case "--format" where command == "lesson": return FileFormat.allCases.map(\.rawValue)
        case "--format": return TextFormat.allCases.map(\.rawValue)
        case "--kind": return Pooling.Kind.allCases.map(\.rawValue)
        case "<operation>":
            // `compute layr …` reaches the default subcommand's <operation>: suggest a subcommand too.
            return ComputeOperation.allCases.map(\.rawValue) + ConvViz.ComputeCommands.configuration.subcommands
                .filter { $0.configuration.shouldDisplay }.compactMap { $0.configuration.commandName }
        default: return []
        }
    }

    /// `message` with a suggestion added when it is argument-parser's "The value 'V' is invalid
    /// for 'OPTION <name>'" and one of V's comma-separated words is close to a known value.
    static func improve(_ message: String, arguments: [String]) -> String {
        guard let valueStart = message.range(of: "The value '"),
              let valueEnd = message.range(of: "' is invalid for '", range: valueStart.upperBound..<message.endIndex) else {
            return message
        }
        let value = String(message[valueStart.upperBound..<valueEnd.lowerBound])
        let rest = message[valueEnd.upperBound...]
        let option = rest.hasPrefix("<") ? String(rest.prefix { $0 != ">" }) + ">" : String(rest.prefix { $0 != " " && $0 != "'" })
        let command = arguments.first { !$0.hasPrefix("-") }
        let known = candidates(command: command, option: option)
        let words = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let unknown = words.first(where: { !known.contains($0) }),
              let nearest = closestMatch(to: unknown, in: known) ?? known.first(where: { $0.hasPrefix(unknown) && !unknown.isEmpty }) else {
            return message
        }
        // After the option's name, before argument-parser's list of the values.
        guard let listStart = message.range(of: "'. Please provide", range: valueEnd.upperBound..<message.endIndex) else {
            return message + " Did you mean '\(nearest)'?"
        }
        return message.replacingCharacters(in: listStart, with: "': did you mean '\(nearest)'? Please provide")
    }
}
