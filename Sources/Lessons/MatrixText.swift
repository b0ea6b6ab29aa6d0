import ConvCore
import Foundation

/// Reads matrices written by people: inline (`"200 150 150; 100 50 100; 25 25 10"`, rows split by
/// `;` or new lines, entries by spaces or commas), CSV or whitespace-separated text files, or a
/// kernel name (`sobel-x`).
public enum MatrixText {
    /// Parses inline or file text. `name` says what it is ("input", "kernel") for messages.
    public static func parse(_ text: String, name: String, location: String, field: String? = nil) throws(InputError) -> Grid {
        let rowTexts = text.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        var rows: [[Double]] = []
        for (r, rowText) in rowTexts.enumerated() {
            let tokens = rowText.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            var row: [Double] = []
            for (c, token) in tokens.enumerated() {
                let t = token.replacingOccurrences(of: "−", with: "-")
                guard let v = Double(t) else {
                    throw InputError(location, field: field,
                                     "\(name) row \(r + 1), column \(c + 1) is '\(InputError.excerpt(token))', which is not a number: write numbers like 3, -1 or 0.25.")
                }
                guard v.isFinite else {
                    throw InputError(location, field: field,
                                     "\(name) row \(r + 1), column \(c + 1) is '\(InputError.excerpt(token))': use finite numbers only (no NaN or infinity).")
                }
                row.append(v)
            }
            rows.append(row)
        }
        do {
            return try Grid(rows, name: name)
        } catch {
            throw InputError(location, field: field, error)
        }
    }

    /// Resolves a command-line or lesson value: an existing file, a kernel name, or inline numbers.
    /// `baseDirectory` anchors relative file paths (a lesson's folder).
    public static func resolve(_ value: String, name: String, location: String,
                               allowKernelName: Bool, baseDirectory: URL? = nil,
                               field: String? = nil) throws(InputError) -> Grid {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if allowKernelName, let k = NamedKernel(name: trimmed) { return k.grid }
        let looksLikePath = trimmed.hasSuffix(".csv") || trimmed.hasSuffix(".txt") || trimmed.contains("/")
        let url = baseDirectory.map { URL(fileURLWithPath: trimmed, relativeTo: $0) } ?? URL(fileURLWithPath: trimmed)
        var isFolder: ObjCBool = false
        if !trimmed.isEmpty && (looksLikePath || FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)) {
            guard !isFolder.boolValue else {
                throw InputError(location, field: field, "'\(InputError.excerpt(trimmed))' is a folder: give a CSV or text file, or numbers.")
            }
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw InputError(location, field: field, "the file '\(InputError.excerpt(trimmed, limit: 80))' does not exist: check the path.")
            }
            guard let data = FileManager.default.contents(atPath: url.path),
                  let text = String(data: data, encoding: .utf8) else {
                throw InputError(url.path, field: field, "the file cannot be read as UTF-8 text: give a CSV or whitespace-separated text file.")
            }
            return try parse(text, name: name, location: url.path, field: nil)
        }
        let hasDigit = trimmed.contains(where: \.isNumber)
        if allowKernelName && !hasDigit {
            let known = NamedKernel.allCases.map(\.rawValue).joined(separator: ", ")
            if let s = NamedKernel.suggestion(for: trimmed) {
                throw InputError(location, field: field, "'\(InputError.excerpt(trimmed))' is not a kernel name: did you mean '\(s)'? (known: \(known))")
            }
            throw InputError(location, field: field, "'\(InputError.excerpt(trimmed))' is not a kernel name, a file or numbers: use one of \(known), or write the numbers.")
        }
        return try parse(trimmed, name: name, location: location, field: field)
    }
}
