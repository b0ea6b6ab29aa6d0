import Foundation

/// Cairo numbers the ids in an SVG (`surface12`, `image7`, `clip3`, …) from counters shared by the
/// whole process, so the same figure drawn twice, or by another thread, gets other numbers.
/// This renumbers each kind of id in order of first appearance, making the file a pure function
/// of what was drawn.
enum SVGIdentifiers {
    static let prefixes = ["surface", "image", "pattern", "clip", "mask", "source"]

    static func normalize(_ text: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "\\b(\(prefixes.joined(separator: "|")))([0-9]+)\\b") else { return text }
        let ns = text as NSString
        var maps: [String: [String: Int]] = [:]
        var out = ""
        var last = 0
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let prefix = ns.substring(with: m.range(at: 1)), number = ns.substring(with: m.range(at: 2))
            var map = maps[prefix, default: [:]]
            let n = map[number] ?? map.count + 1
            map[number] = n
            maps[prefix] = map
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += "\(prefix)\(n)"
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    static func normalizeFile(at path: String) throws(DrawingError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file(path: path, reason: "cannot read the SVG back to finish it.")
        }
        let fixed = normalize(String(decoding: data, as: UTF8.self))
        do {
            try Data(fixed.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .file(path: path, reason: "cannot write the SVG (\(error.localizedDescription)).")
        }
    }
}
