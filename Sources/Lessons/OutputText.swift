import ConvCore
import Foundation

/// Text other programs read: JSON through Foundation's `JSONSerialization`, CSV with every field
/// quoted when it needs to be (RFC 4180), numbers as `NumberFormat` writes them.
public enum OutputText {
    /// A number for JSON: an integer when it is one (`65`, not `65.0`), `null` when it is not
    /// finite (NaN or ±∞, which JSON cannot write).
    public static func jsonNumber(_ v: Double) -> Any {
        guard v.isFinite else { return NSNull() }
        return v.rounded() == v && abs(v) < 1e15 ? Int(v) as Any : v as Any
    }

    /// A JSON document (keys sorted, so the same data gives the same bytes), with a final newline.
    public static func json(_ object: Any, pretty: Bool = false) throws -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys]
        if pretty { options.insert(.prettyPrinted) }
        let data = try JSONSerialization.data(withJSONObject: object, options: options)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One CSV field: quoted (with `"` doubled) when it holds a comma, a quote or a line break.
    public static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV line, ending in a line break.
    public static func csvRow(_ fields: [String]) -> String {
        fields.map(csvField).joined(separator: ",") + "\n"
    }

    /// A grid as CSV: a line per row.
    public static func csv(_ y: Grid) -> String {
        y.nestedRows.map { csvRow($0.map { NumberFormat.string($0) }) }.joined()
    }

    /// A grid as right-aligned columns.
    public static func table(_ y: Grid) -> String {
        let cells = y.nestedRows.map { $0.map { NumberFormat.string($0) } }
        let width = cells.flatMap { $0 }.map(\.count).max() ?? 1
        return cells.map { row in
            row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A volume as CSV: one block per channel, a line per row, blocks separated by a blank line.
    public static func csv(_ v: Volume) -> String {
        v.channels.map(csv).joined(separator: "\n")
    }

    /// A volume as right-aligned columns, one block per channel under `title(c)`, blocks
    /// separated by a blank line; every block uses the same column width.
    public static func table(_ v: Volume, title: (Int) -> String) -> String {
        table(blocks: v.channels.enumerated().map { c, grid in (title(c), grid) })
    }

    /// Grids under their titles as right-aligned columns, blocks separated by a blank line; every
    /// block uses the same column width.
    public static func table(blocks: [(title: String, grid: Grid)]) -> String {
        let width = blocks.flatMap(\.grid.values).map { NumberFormat.string($0).count }.max() ?? 1
        return blocks.map { title, grid in
            title + "\n" + grid.nestedRows.map { row in
                row.map { let s = NumberFormat.string($0); return String(repeating: " ", count: width - s.count) + s }
                    .joined(separator: "  ")
            }.joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// Grids under their titles as CSV: the title alone on a line (a one-field record), then a
    /// line per row; blocks separated by a blank line.
    public static func csv(blocks: [(title: String, grid: Grid)]) -> String {
        blocks.map { title, grid in csvRow([title]) + csv(grid) }.joined(separator: "\n")
    }

    /// A volume as nested JSON arrays `[channel][row][col]`, integers written as integers.
    public static func jsonNested(_ v: Volume) -> [[[Any]]] {
        v.nested.map { $0.map { $0.map(jsonNumber) } }
    }
}
