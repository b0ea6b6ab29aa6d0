import ConvCore
import Foundation

/// Reads matrices written by people: inline (`"200 150 150; 100 50 100; 25 25 10"`, rows split by
/// `;` or new lines, entries by spaces or commas), CSV or whitespace-separated text files, or a
/// kernel name (`sobel-x`).
///
/// - Line ends may be `\n` or `\r\n` (files saved on Windows).
/// - Text of several lines has one row per line; there `;` separates entries like `,` (CSV saved
///   with semicolons), and in a line that uses `;` a comma is a decimal comma (`0,5;1,5`).
/// - An entry may be a number (`3`, `-1`, `−1`, `0.25`, `1e-3`) or a simple fraction
///   (`1/9`, `-1/16`): its value is the quotient.
public enum MatrixText {
    /// Parses inline or file text. `name` says what it is ("input", "kernel") for messages.
    /// `echo` quotes a bad entry in the message (off for files, which may hold anything);
    /// `rowsPerLine` reads one row per line even from a single line (files).
    public static func parse(_ text: String, name: String, location: String, field: String? = nil,
                             echo: Bool = true, rowsPerLine: Bool = false) throws(InputError) -> Grid {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let multiLine = rowsPerLine || lines.filter { !$0.isEmpty }.count > 1
        let rowTexts = (multiLine ? lines : text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        var rows: [[Double]] = []
        for (r, rowText) in rowTexts.enumerated() {
            let decimalComma = multiLine && rowText.contains(";")
            let tokens = rowText.split(whereSeparator: { $0 == ";" || $0 == " " || $0 == "\t" || (!decimalComma && $0 == ",") })
            var row: [Double] = []
            for (c, token) in tokens.enumerated() {
                let written = decimalComma ? token.replacingOccurrences(of: ",", with: ".") : String(token)
                let quoted = echo ? " is '\(InputError.excerpt(token))', which" : ""
                guard let v = number(written) else {
                    throw InputError(location, field: field,
                                     "\(name) row \(r + 1), column \(c + 1)\(quoted) is not a number: write numbers like 3, -1, 0.25 or 1/9.")
                }
                guard v.isFinite else {
                    throw InputError(location, field: field,
                                     "\(name) row \(r + 1), column \(c + 1)\(echo ? " is '\(InputError.excerpt(token))'" : ""): use finite numbers only (no NaN or infinity, no division by 0).")
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

    /// A number as people write it: `3`, `-1`, `−1` (a real minus), `0.25`, `1e-3`, or a fraction
    /// `n/q` of two such numbers (`1/9`, `-1/16`), whose value is the quotient.
    public static func number(_ token: some StringProtocol) -> Double? {
        let t = token.replacingOccurrences(of: "−", with: "-")
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return Double(t)
        case 2:
            guard let n = Double(parts[0]), let q = Double(parts[1]), !parts[1].hasPrefix("-") else { return nil }
            return n / q
        default:
            return nil
        }
    }

    /// Whether `text` names a file rather than numbers: a `.csv`/`.txt` name, or a path with a
    /// letter in it (`1/9` is a fraction, `data/x` a path).
    static func looksLikePath(_ text: String) -> Bool {
        text.hasSuffix(".csv") || text.hasSuffix(".txt") || (text.contains("/") && text.contains(where: \.isLetter))
    }

    /// Resolves a command-line or lesson value: an existing file, a kernel name, or inline numbers.
    /// `baseDirectory` anchors relative file paths (a lesson's folder).
    public static func resolve(_ value: String, name: String, location: String,
                               allowKernelName: Bool, baseDirectory: URL? = nil,
                               field: String? = nil) throws(InputError) -> Grid {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if allowKernelName, let k = NamedKernel(name: trimmed) { return k.grid }
        let url = baseDirectory.map { URL(fileURLWithPath: trimmed, relativeTo: $0) } ?? URL(fileURLWithPath: trimmed)
        var isFolder: ObjCBool = false
        let isOneLine = !trimmed.contains(where: \.isNewline)
        if !trimmed.isEmpty && isOneLine && (looksLikePath(trimmed) || FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)) {
            return try readFile(url, shown: trimmed, name: name, location: location, field: field)
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

    /// A CSV or text file of numbers: a regular file of at most `LessonLimits.maxMatrixFileBytes`,
    /// whose contents are never echoed in a message.
    private static func readFile(_ url: URL, shown: String, name: String, location: String,
                                 field: String?) throws(InputError) -> Grid {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw InputError(location, field: field, "the file '\(InputError.excerpt(shown, limit: 80))' does not exist: check the path.")
        }
        guard !isFolder.boolValue else {
            throw InputError(location, field: field, "'\(InputError.excerpt(shown, limit: 80))' is a folder: give a CSV or text file, or numbers.")
        }
        let attributes = try? fm.attributesOfItem(atPath: url.path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw InputError(url.path, field: field, "is not a regular file: give a CSV or text file of numbers.")
        }
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= LessonLimits.maxMatrixFileBytes else {
            throw InputError(url.path, field: field, "the file is \(size >> 20) MB, more than the limit of \(LessonLimits.maxMatrixFileBytes >> 20) MB for a matrix: use a smaller one.")
        }
        guard let data = fm.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(url.path, field: field, "the file cannot be read as UTF-8 text: give a CSV or whitespace-separated text file.")
        }
        return try parse(text, name: name, location: url.path, field: nil, echo: false, rowsPerLine: true)
    }
}
