import Foundation

/// Cairo numbers the ids in an SVG (`surface12`, `image7`, `clip3`, …) from counters shared by the
/// whole process, so the same figure drawn twice, or by another thread, gets other numbers.
/// This renumbers each kind of id in order of first appearance, making the file a pure function
/// of what was drawn.
enum SVGIdentifiers {
    static let prefixes: [[UInt8]] = ["surface", "image", "pattern", "clip", "mask", "source"].map { Array($0.utf8) }

    static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var maps = [[ArraySlice<UInt8>: Int]](repeating: [:], count: prefixes.count)
        func isWord(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45 }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        var i = 0
        let n = bytes.count
        outer: while i < n {
            let b = bytes[i]
            // Only a word start can begin an id.
            if (b == 115 || b == 105 || b == 112 || b == 99 || b == 109) && (i == 0 || !isWord(bytes[i - 1])) {
                for (k, prefix) in prefixes.enumerated() where i + prefix.count < n && bytes[i] == prefix[0] {
                    var matches = true
                    for j in 1..<prefix.count where bytes[i + j] != prefix[j] { matches = false; break }
                    guard matches else { continue }
                    var end = i + prefix.count
                    while end < n && isDigit(bytes[end]) { end += 1 }
                    guard end > i + prefix.count, end == n || !isWord(bytes[end]) else { continue }
                    let number = bytes[(i + prefix.count)..<end]
                    let id = maps[k][number] ?? maps[k].count + 1
                    maps[k][number] = id
                    out += prefix
                    out += Array(String(id).utf8)
                    i = end
                    continue outer
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }

    static func normalizeFile(at path: String) throws(DrawingError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file(path: path, reason: "cannot read the SVG back to finish it.")
        }
        let fixed = normalize([UInt8](data))
        do {
            try Data(fixed).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .file(path: path, reason: "cannot write the SVG (\(error.localizedDescription)).")
        }
    }
}
