import ConvCore
import Drawing
import Foundation

/// Reads the volumes and weights of a convolution layer as people give them, in PyTorch's layout:
///
/// - an input `C × H × W` as a JSON nested array (`[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]`), inline or
///   in a `.json` file; an `H × W` array, or any matrix ``MatrixText`` reads (`"1 2; 3 4"`, CSV), is
///   one channel; a PNG is three channels, red, green and blue, 0…255;
/// - weights `M × C × k₁ × k₂` as a JSON nested array of four levels, inline or in a `.json` file;
/// - a list of numbers (`"1 -2 0.5"`, `"1,2"` or `[1, 2]`), e.g. one bias per filter.
///
/// JSON is read by Foundation's `JSONSerialization`. Every error is one sentence that names the
/// option and the index path of the entry at fault (`--weight[1][0][2]`) and says what would fix it;
/// a file's contents are never quoted.
public enum VolumeText {
    /// Largest JSON file read, in bytes: a `3 × 512 × 512` input written with ten characters a
    /// value fits with room to spare. (Larger inputs: a PNG, or one channel as CSV.)
    public static let maxJSONFileBytes = 16 << 20

    /// A `C × H × W` input: JSON (inline or a `.json` file, three levels, or two for one channel), a
    /// PNG (three channels), or one channel as ``MatrixText`` reads it. At most
    /// ``ConvLayer/maxChannels`` channels and ``Limits/maxInputValues`` values in all.
    public static func volume(_ value: String, location: String, baseDirectory: URL? = nil) throws(InputError) -> Volume {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let source: Source
        if trimmed.hasPrefix("[") {
            source = try Source(inline: trimmed, location: location)
        } else if trimmed.lowercased().hasSuffix(".png") {
            return try image(trimmed, location: location, baseDirectory: baseDirectory)
        } else if trimmed.lowercased().hasSuffix(".json") {
            source = try Source(file: trimmed, location: location, baseDirectory: baseDirectory)
        } else {
            let grid = try MatrixText.resolve(value, name: "input", location: location, allowKernelName: false,
                                              baseDirectory: baseDirectory)
            return Volume(single: grid)
        }
        let array = try source.array(levels: [2, 3], shapeName: "C×H×W (or H×W for one channel)") { shape -> Problem? in
            if shape.count == 3 && shape[0] > ConvLayer.maxChannels {
                return ([], "has \(shape[0]) channels, more than the limit of \(ConvLayer.maxChannels): use fewer channels.")
            }
            if (product(shape) ?? Int.max) > Limits.maxInputValues {
                return ([], "is \(shape.map(String.init).joined(separator: "×")), more than the limit of \(Limits.maxInputValues) values: use a smaller input.")
            }
            return nil
        }
        let channels = array.shape.count == 3 ? array.shape[0] : 1
        let rows = array.shape[array.shape.count - 2], cols = array.shape[array.shape.count - 1]
        let perChannel = rows * cols
        let grids = (0..<channels).map { c in
            Grid(rows: rows, cols: cols, values: Array(array.values[(c * perChannel)..<((c + 1) * perChannel)]))
        }
        do {
            return try Volume(grids)
        } catch {
            throw InputError(location, error as ConvolutionError)
        }
    }

    /// Weights `M × C × k₁ × k₂` (PyTorch's `Conv2d.weight`), as JSON inline or in a `.json` file:
    /// `weights[m][c]` is the kernel filter `m` applies to channel `c`. At most
    /// ``ConvLayer/maxFilters`` filters, ``ConvLayer/maxChannels`` channels and
    /// ``Limits/maxKernelValues`` values a kernel.
    ///
    /// `transposed`: the weights of a transposed layer, `C_in × C_out/g × k₁ × k₂`
    /// (PyTorch's `ConvTranspose2d.weight`), `weights[c][o]` the kernel input channel `c` stamps
    /// into output channel `o` of its group; messages name input and output channels instead.
    public static func weights(_ value: String, location: String, transposed: Bool = false,
                               baseDirectory: URL? = nil) throws(InputError) -> [[Grid]] {
        let layout = transposed ? "C_in×C_out/g×k₁×k₂" : "M×C×k₁×k₂"
        let outer = transposed ? "input channels" : "filters", inner = transposed ? "output channels" : "channels"
        let example = transposed ? "one input channel stamping one output channel" : "one filter over one channel"
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let source: Source
        if trimmed.hasPrefix("[") {
            source = try Source(inline: trimmed, location: location)
        } else if trimmed.lowercased().hasSuffix(".json") {
            source = try Source(file: trimmed, location: location, baseDirectory: baseDirectory)
        } else {
            throw InputError(location, "is neither a JSON array nor a .json file: give the weights as \(layout) nested arrays, e.g. [[[[1, 0], [0, -1]]]] for \(example).")
        }
        let array = try source.array(levels: [4], shapeName: layout,
                                     example: "write \(example) as [[[[1, 0], [0, -1]]]].") { shape -> Problem? in
            if shape[0] > ConvLayer.maxFilters {
                return ([], "has \(shape[0]) \(outer), more than the limit of \(ConvLayer.maxFilters): use fewer \(outer).")
            }
            if shape[1] > ConvLayer.maxChannels {
                return ([0], "has \(shape[1]) \(inner), more than the limit of \(ConvLayer.maxChannels): use fewer \(inner).")
            }
            if (product(shape[2...]) ?? Int.max) > Limits.maxKernelValues {
                return ([0, 0], "is a \(shape[2])×\(shape[3]) kernel, more than the limit of \(Limits.maxKernelValues) values: use a kernel of at most 64×64.")
            }
            return nil
        }
        let (m, c, kr, kc) = (array.shape[0], array.shape[1], array.shape[2], array.shape[3])
        return (0..<m).map { f in
            (0..<c).map { ch in
                let start = (f * c + ch) * kr * kc
                return Grid(rows: kr, cols: kc, values: Array(array.values[start..<(start + kr * kc)]))
            }
        }
    }

    /// A list of numbers: `"1 -2 0.5"` or `"1, 2"` (as ``MatrixText`` reads one row, fractions
    /// such as `1/3` included) or a JSON array `[1, -2, 0.5]`. `name` says what they are.
    public static func numbers(_ value: String, name: String, location: String) throws(InputError) -> [Double] {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") {
            return try Source(inline: trimmed, location: location).array(levels: [1], shapeName: "a list of numbers") { _ in nil }.values
        }
        let grid = try MatrixText.parse(trimmed, name: name, location: location)
        guard grid.rows == 1 else {
            throw InputError(location, "the \(name) has \(grid.rows) rows: give the numbers in one row, separated by spaces or commas.")
        }
        return grid.values
    }

    /// What is wrong with an array's shape: the index path of the array at fault and the message.
    private typealias Problem = (path: [Int], message: String)

    /// `n₁·n₂·…`, or `nil` when it does not fit in an `Int`.
    private static func product(_ sizes: some Sequence<Int>) -> Int? {
        var total = 1
        for n in sizes {
            let (p, overflow) = total.multipliedReportingOverflow(by: n)
            if overflow { return nil }
            total = p
        }
        return total
    }

    // MARK: - PNG

    private static func image(_ path: String, location: String, baseDirectory: URL?) throws(InputError) -> Volume {
        let url = baseDirectory.map { URL(fileURLWithPath: path, relativeTo: $0) } ?? URL(fileURLWithPath: path)
        let picture: RGBImage
        do {
            picture = try RGBImage.load(path: url.path)
        } catch {
            throw InputError(location, error.description)
        }
        let grids = picture.channels.map { Grid(rows: picture.height, cols: picture.width, values: $0) }
        do {
            return try Volume(grids)
        } catch {
            throw InputError(location, error as ConvolutionError)
        }
    }

    // MARK: - JSON

    /// Parsed JSON and where it came from, for messages.
    private struct Source {
        let json: Any
        /// The option (`--weight`), the base of every index path.
        let location: String
        /// The file, when the JSON came from one (its contents are then never quoted).
        let file: String?

        init(inline text: String, location: String) throws(InputError) {
            self.location = location
            file = nil
            json = try Source.parse(Data(text.utf8), location: location, file: nil)
        }

        init(file path: String, location: String, baseDirectory: URL?) throws(InputError) {
            let url = baseDirectory.map { URL(fileURLWithPath: path, relativeTo: $0) } ?? URL(fileURLWithPath: path)
            let shown = InputError.excerpt(path, limit: 80)
            let fm = FileManager.default
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw InputError(location, "the file '\(shown)' does not exist: check the path.")
            }
            let attributes = try? fm.attributesOfItem(atPath: url.path)
            guard !isFolder.boolValue, attributes?[.type] as? FileAttributeType == .typeRegular else {
                throw InputError(location, "'\(shown)' is not a regular file: give a .json file of nested arrays.")
            }
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
            guard size <= VolumeText.maxJSONFileBytes else {
                throw InputError(location, "the file '\(shown)' is \(size >> 20) MB, more than the limit of \(VolumeText.maxJSONFileBytes >> 20) MB for JSON: give a large input as a PNG, or one channel as CSV.")
            }
            guard let data = fm.contents(atPath: url.path) else {
                throw InputError(location, "the file '\(shown)' cannot be read: check its permissions.")
            }
            self.location = location
            file = shown
            json = try Source.parse(data, location: location, file: shown)
        }

        static func parse(_ data: Data, location: String, file: String?) throws(InputError) -> Any {
            do {
                return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                let why = (error as NSError).userInfo["NSDebugDescription"] as? String
                let reason = why.map { " (\($0.hasSuffix(".") ? String($0.dropLast()) : $0))" } ?? ""
                let what = file.map { "the file '\($0)' is" } ?? "is"
                throw InputError(location, "\(what) not valid JSON\(reason): write nested arrays of numbers such as [[1, 2], [3, 4]].")
            }
        }

        /// `location` with an index path: `--weight[1][0]`, and the file when there is one.
        func place(_ path: [Int]) -> String {
            location + path.map { "[\($0)]" }.joined() + (file.map { " in '\($0)'" } ?? "")
        }

        /// The JSON as a nested array of one of `levels` levels (the first level whose shape it
        /// has), its shape and its values in row-major order. `check` sees the shape before any
        /// value is read and returns what is wrong with it, if anything. `example` is the fix
        /// offered when the array has too few levels (a default per level count otherwise).
        func array(levels: [Int], shapeName: String, example: String? = nil, check: ([Int]) -> Problem?)
            throws(InputError) -> (shape: [Int], values: [Double]) {
            func at(_ path: [Int], _ message: String) -> InputError { InputError(place(path), message) }
            // The shape, from the first entry of every level.
            var shape: [Int] = []
            var node: Any = json
            var path: [Int] = []
            while let list = node as? [Any] {
                guard let first = list.first else {
                    throw at(path, "is an empty array: give at least one number in every array.")
                }
                shape.append(list.count)
                node = first
                path.append(0)
            }
            guard levels.contains(shape.count) else {
                let wanted = levels.map { "\($0)" }.joined(separator: " or ")
                let have = shape.isEmpty ? "is not an array" : "is an array of \(shape.count) level\(shape.count == 1 ? "" : "s") (\(shape.map(String.init).joined(separator: "×")))"
                throw at([], "\(have), but \(wanted) level\(levels == [1] ? "" : "s") are needed, \(shapeName): \(hint(levels.max() ?? 1, have: shape.count, example: example))")
            }
            if let problem = check(shape) { throw at(problem.path, problem.message) }
            var values: [Double] = []
            values.reserveCapacity(shape.reduce(1, *))
            try walk(json, level: 0, shape: shape, path: [], into: &values)
            return (shape, values)
        }

        private func hint(_ want: Int, have: Int, example: String?) -> String {
            if have > want { return "drop the outer \(have - want) level\(have - want == 1 ? "" : "s") (a batch of one example is written without its batch level)." }
            if let example { return example }
            if want == 1 { return "write e.g. [1, -2, 0.5]." }
            return "write e.g. [[[1, 2], [3, 4]]] for one channel of 2×2."
        }

        private func walk(_ node: Any, level: Int, shape: [Int], path: [Int], into values: inout [Double]) throws(InputError) {
            if level == shape.count {
                values.append(try number(node, path: path))
                return
            }
            guard let list = node as? [Any] else {
                throw InputError(place(path), "is \(kind(node)) where an array of \(entries(shape[level])) belongs: give every entry the same nesting.")
            }
            guard list.count == shape[level] else {
                // The shape was read from the first entry of every level: compare with that one.
                let first = Array(repeating: 0, count: path.count)
                let row = level == shape.count - 1 ? "row" : "array"
                throw InputError(place(path), "has \(entries(list.count)) but \(location)\(first.map { "[\($0)]" }.joined()) has \(shape[level]): make every \(row) the same length.")
            }
            for (i, item) in list.enumerated() {
                try walk(item, level: level + 1, shape: shape, path: path + [i], into: &values)
            }
        }

        private func entries(_ n: Int) -> String { n == 1 ? "1 entry" : "\(n) entries" }

        private func number(_ node: Any, path: [Int]) throws(InputError) -> Double {
            guard let n = node as? NSNumber, !isBoolean(n) else {
                if node is [Any] {
                    throw InputError(place(path), "is an array where a number belongs: give every entry the same nesting.")
                }
                throw InputError(place(path), "is \(kind(node)), not a number: write numbers like 3, -1 or 0.25.")
            }
            let v = n.doubleValue
            guard v.isFinite else { throw InputError(place(path), "is not a finite number: use finite numbers only.") }
            return v
        }

        private func isBoolean(_ n: NSNumber) -> Bool {
            String(cString: n.objCType) == "c"
        }

        /// What a JSON value is, for a message; inline strings are quoted (cut to 40 characters).
        private func kind(_ node: Any) -> String {
            switch node {
            case let s as String: return file == nil ? "the string \"\(InputError.excerpt(s))\"" : "a string"
            case is NSNull: return "null"
            case let n as NSNumber: return isBoolean(n) ? (n.boolValue ? "true" : "false") : "the number \(n)"
            case is [Any]: return "an array"
            case is [String: Any]: return "an object"
            default: return "not a number"
            }
        }
    }
}
