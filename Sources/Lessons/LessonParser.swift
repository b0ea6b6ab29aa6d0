import ConvCore
import Drawing
import Foundation
import InitLab
import Yams

/// Reads a lesson file (YAML) into a ``Lesson``, checking every field. Errors name the file,
/// the line, the field and the fix; an unknown field gets "did you mean …".
public enum LessonParser {
    static let partFields = ["label", "dimension", "input", "image", "kernel", "kernels", "operation", "indexing",
                             "mode", "padding", "boundary", "stride", "dilation", "bias", "render", "expect"]
    static let topFields = ["title", "explanation", "parts", "network", "layer", "parameters", "receptive-fields", "backward", "transposed"] + partFields
    static let networkFields = ["depth", "width", "widths", "input-width", "batch", "input", "seed", "inits",
                                "batchnorm", "epsilon", "bins", "saturation"]
    static let networkExpectFields = ["init", "layer", "stat", "gradient", "value", "tolerance"]
    static let expectFields = ["at", "value", "map", "operation", "tolerance"]

    /// A lesson name must be a plain file name: letters, digits, `-` and `_`.
    public static func validateName(_ name: String, location: String) throws(InputError) {
        let ok = !name.isEmpty && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        if !ok {
            throw InputError(location, "the lesson name '\(InputError.excerpt(name))' may use only letters, digits, '-' and '_' (no '/', '..' or spaces): rename the file.")
        }
    }

    /// Loads and checks the lesson at `path`.
    public static func load(path: String) throws(InputError) -> Lesson {
        let url = URL(fileURLWithPath: path)
        let name = url.deletingPathExtension().lastPathComponent
        try validateName(name, location: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw InputError(path, "the lesson file does not exist: check the name with 'convviz list'.")
        }
        guard !isFolder.boolValue else { throw InputError(path, "is a folder, not a lesson file: give a .yaml file.") }
        // The size first: a huge file is refused before a byte of it is read.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size > LessonLimits.maxFileBytes {
            throw InputError(path, "the lesson file is \(size >> 10) KB, more than the limit of \(LessonLimits.maxFileBytes >> 10) KB: a lesson is a short text; put large inputs in a CSV file or an image.")
        }
        guard let data = FileManager.default.contents(atPath: path), data.count <= LessonLimits.maxFileBytes,
              let text = String(data: data, encoding: .utf8) else {
            throw InputError(path, "the lesson file cannot be read as UTF-8 text of at most \(LessonLimits.maxFileBytes >> 10) KB.")
        }
        return try parse(text, name: name, path: path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Parses lesson text; `path` is used in messages, `baseDirectory` anchors relative files.
    public static func parse(_ text: String, name: String, path: String, baseDirectory: URL) throws(InputError) -> Lesson {
        let root: Node
        do {
            try YAMLPrecheck.check(text, path: path)
            guard let node = try Yams.compose(yaml: text) else {
                throw InputError(path, "the file is empty: start with 'title:', see the README for the fields.")
            }
            root = node
        } catch let e as InputError {
            throw e
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            let keys = duplicates.map { "'\(InputError.excerpt($0))'" }.joined(separator: ", ")
            throw InputError("\(path):\(context.mark.line)", "the key \(keys) appears twice in the same mapping: keep one of them.")
        } catch let e as YamlError {
            throw InputError(yamlLocation(e, path: path), "this is not valid YAML (\(InputError.excerpt(yamlProblem(e), limit: 80))): check indentation and colons.")
        } catch {
            throw InputError(path, "this is not valid YAML: \(InputError.excerpt("\(error)", limit: 80))")
        }
        let r = Reader(path: path, base: baseDirectory)
        guard let top = root.mapping else {
            throw InputError(r.at(root), "a lesson is a mapping of fields (title:, input:, kernel:, …), not a \(kind(root)).")
        }
        try r.checkKeys(top, allowed: topFields, context: "lesson")
        guard let titleNode = top["title"] else { throw InputError("\(path):1", field: "title", "is missing: add 'title: …' at the top.") }
        let title = try r.string(titleNode, field: "title")
        let explanation = try top["explanation"].map { n throws(InputError) in try r.string(n, field: "explanation") } ?? ""
        var parts: [LessonPart] = []
        if ["layer", "parameters", "receptive-fields", "backward", "transposed"].contains(where: { top[$0] != nil }) {
            if let other = ["network", "parts", "input", "image", "kernel", "kernels"].first(where: { top[$0] != nil }), let n = top[other] {
                throw InputError(r.at(n), field: other, "does not belong in a layer lesson: put the input and filters under 'layer:', or move this to its own lesson.")
            }
            let layer = try r.layerLesson(top, node: root)
            return Lesson(name: name, path: path, title: title, explanation: explanation, parts: [], network: nil, layer: layer)
        }
        if let networkNode = top["network"] {
            for key in ["input", "image", "kernel", "kernels", "parts", "operation", "mode", "padding"] where top[key] != nil {
                throw InputError(r.at(top[key]!), field: key, "does not belong in a network lesson: remove it, or move 'network' to its own lesson.")
            }
            let network = try r.network(networkNode, render: top["render"], expect: top["expect"])
            return Lesson(name: name, path: path, title: title, explanation: explanation, parts: [], network: network)
        }
        if let partsNode = top["parts"] {
            guard let seq = partsNode.sequence, seq.count > 0 else {
                throw InputError(r.at(partsNode), field: "parts", "must be a list of parts (each starting with '- '): add at least one.")
            }
            for (i, p) in seq.enumerated() {
                guard let m = p.mapping else {
                    throw InputError(r.at(p), field: "parts[\(i + 1)]", "must be a mapping of fields (input:, kernel:, …).")
                }
                try r.checkKeys(m, allowed: partFields, context: "part")
                parts.append(try r.part(m, defaults: top, index: i + 1, node: p))
            }
        } else {
            parts.append(try r.part(top, defaults: nil, index: 1, node: root))
        }
        return Lesson(name: name, path: path, title: title, explanation: explanation, parts: parts, network: nil)
    }

    private static func yamlLocation(_ e: YamlError, path: String) -> String {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return "\(path):\(mark.line)"
        case .reader(_, let offset?, _, let yaml):
            // The reader counts bytes: its line is one more than the line breaks before them.
            return "\(path):\(yaml.utf8.prefix(max(0, offset)).reduce(1) { $0 + ($1 == 10 ? 1 : 0) })"
        default:
            return path
        }
    }

    private static func yamlProblem(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _), .reader(let problem, _, _, _):
            return problem
        default:
            return "\(e)"
        }
    }

    static func kind(_ n: Node) -> String {
        switch n {
        case .scalar: return "single value"
        case .sequence: return "list"
        case .mapping: return "mapping"
        case .alias: return "alias"
        }
    }
}

/// Field-by-field reading with locations.
struct Reader {
    let path: String
    let base: URL

    func at(_ n: Node) -> String {
        n.mark.map { "\(path):\($0.line)" } ?? path
    }

    func checkKeys(_ m: Node.Mapping, allowed: [String], context: String) throws(InputError) {
        for (k, _) in m {
            let key = k.string ?? ""
            if !allowed.contains(key) {
                let hint = closestMatch(to: key, in: allowed).map { "did you mean '\($0)'?" }
                    ?? "known fields: \(allowed.joined(separator: ", "))."
                throw InputError(at(k), field: InputError.excerpt(key), "is not a \(context) field: \(hint)")
            }
        }
    }

    func string(_ n: Node, field: String) throws(InputError) -> String {
        guard case .scalar(let s) = n else {
            throw InputError(at(n), field: field, "must be text, not a \(LessonParser.kind(n)).")
        }
        return s.string
    }

    func int(_ n: Node, field: String) throws(InputError) -> Int {
        guard case .scalar(let s) = n, let v = Int(s.string) else {
            throw InputError(at(n), field: field, "must be a whole number, e.g. \(field): 1.")
        }
        return v
    }

    func number(_ n: Node, field: String) throws(InputError) -> Double {
        guard case .scalar(let s) = n, let v = MatrixText.number(s.string), v.isFinite else {
            throw InputError(at(n), field: field, "must be a finite number, e.g. \(field): 65.")
        }
        return v
    }

    /// `true` or `false`.
    func bool(_ n: Node, field: String) throws(InputError) -> Bool {
        guard case .scalar(let sc) = n, let b = Bool(sc.string.lowercased()) else {
            throw InputError(at(n), field: field, "must be true or false.")
        }
        return b
    }

    /// The entries of an `expect:` list, each a mapping with only `allowed` keys.
    func expectEntries(_ e: Node, example: String, allowed: [String], context: String) throws(InputError) -> [(Node, Node.Mapping)] {
        guard let seq = e.sequence else {
            throw InputError(at(e), field: "expect", "must be a list, e.g. '- \(example)'.")
        }
        var entries: [(Node, Node.Mapping)] = []
        for item in seq {
            guard let em = item.mapping else {
                throw InputError(at(item), field: "expect", "each entry must be a mapping like \(example).")
            }
            try checkKeys(em, allowed: allowed, context: context)
            entries.append((item, em))
        }
        return entries
    }

    /// A whole number or a list of them.
    func ints(_ n: Node, field: String) throws(InputError) -> [Int] {
        if let seq = n.sequence {
            var out: [Int] = []
            for item in seq { out.append(try int(item, field: field)) }
            return out
        }
        return [try int(n, field: field)]
    }

    func choice<T: RawRepresentable & CaseIterable>(_ n: Node, field: String, _: T.Type) throws(InputError) -> T where T.RawValue == String {
        let s = try string(n, field: field)
        if let v = T(rawValue: s) { return v }
        let known = T.allCases.map(\.rawValue)
        let hint = closestMatch(to: s, in: known).map { " Did you mean '\($0)'?" } ?? ""
        throw InputError(at(n), field: field, "'\(InputError.excerpt(s))' is not one of \(known.joined(separator: ", ")).\(hint)")
    }

    /// A matrix: inline text, a list of rows, a file, or (kernels) a name; within the input or
    /// kernel size limit.
    func matrix(_ n: Node, field: String, allowKernelName: Bool) throws(InputError) -> Grid {
        let grid = try matrixValues(n, field: field, allowKernelName: allowKernelName)
        let limit = allowKernelName ? Limits.maxKernelValues : Limits.maxInputValues
        if grid.values.count > limit {
            throw InputError(at(n), field: field, ConvolutionError.tooLarge(name: allowKernelName ? "kernel" : "input", count: grid.values.count, limit: limit))
        }
        return grid
    }

    private func matrixValues(_ n: Node, field: String, allowKernelName: Bool) throws(InputError) -> Grid {
        switch n {
        case .scalar(let s):
            return try MatrixText.resolve(s.string, name: field, location: at(n), allowKernelName: allowKernelName,
                                          baseDirectory: base, field: field)
        case .sequence(let seq):
            var rows: [[Double]] = []
            let nested = seq.contains { $0.sequence != nil }
            if nested {
                for (r, row) in seq.enumerated() {
                    guard let cells = row.sequence else {
                        throw InputError(at(row), field: field, "row \(r + 1) must be a list like [1, 2, 3].")
                    }
                    var values: [Double] = []
                    for c in cells { values.append(try number(c, field: field)) }
                    rows.append(values)
                }
            } else {
                var values: [Double] = []
                for c in seq { values.append(try number(c, field: field)) }
                rows.append(values)
            }
            do {
                return try Grid(rows, name: field)
            } catch {
                throw InputError(at(n), field: field, error)
            }
        default:
            throw InputError(at(n), field: field, "must be numbers (\"1 2; 3 4\" or [[1, 2], [3, 4]]), a file name\(allowKernelName ? " or a kernel name" : "").")
        }
    }

    /// The `network:` mapping of a network lesson, its `render` and its `expect` list.
    func network(_ n: Node, render renderNode: Node?, expect: Node?) throws(InputError) -> NetworkLesson {
        guard let m = n.mapping else {
            throw InputError(at(n), field: "network", "must be a mapping (depth:, width:, batch:, inits:, …).")
        }
        try checkKeys(m, allowed: LessonParser.networkFields, context: "network")
        var c = NetworkConfig()
        func positive(_ key: String, _ allowZero: Bool = false) throws(InputError) -> Int? {
            guard let v = m[key] else { return nil }
            let x = try int(v, field: "network.\(key)")
            if x < 1 { throw InputError(at(v), field: "network.\(key)", "is \(x): it must be at least 1.") }
            return x
        }
        let depth = try positive("depth")
        let width = try positive("width")
        if let ws = m["widths"] {
            let list = try ints(ws, field: "network.widths")
            if let bad = list.first(where: { $0 < 1 }) {
                throw InputError(at(ws), field: "network.widths", "has \(bad): every width must be at least 1.")
            }
            if list.isEmpty { throw InputError(at(ws), field: "network.widths", "is empty: list one width per layer.") }
            if depth != nil || width != nil {
                throw InputError(at(ws), field: "network.widths", "cannot be combined with depth or width: give widths alone, or depth and width.")
            }
            c.widths = list
        } else {
            if let depth, let node = m["depth"] {
                do {
                    try NetworkConfig.validateDepth(depth)
                } catch {
                    throw InputError(at(node), field: "network.depth", error.description)
                }
            }
            c.widths = Array(repeating: width ?? 1000, count: depth ?? 5)
        }
        if let v = try positive("input-width") { c.inputWidth = v } else { c.inputWidth = width ?? c.widths[0] }
        if let v = try positive("batch") { c.batch = v }
        if let v = m["input"] { c.input = try choice(v, field: "network.input", InputDistribution.self) }
        if let v = m["seed"] { c.seed = UInt64(truncatingIfNeeded: try int(v, field: "network.seed")) }
        if let v = m["batchnorm"] { c.batchNorm = try bool(v, field: "network.batchnorm") }
        if let v = m["epsilon"] { c.epsilon = Float(try number(v, field: "network.epsilon")) }
        if let v = try positive("bins") { c.bins = v }
        if let v = m["saturation"] { c.saturation = Float(try number(v, field: "network.saturation")) }
        if let v = m["inits"] {
            guard let seq = v.sequence, !seq.isEmpty else {
                throw InputError(at(v), field: "network.inits", "must be a list, e.g. [standard, xavier-uniform].")
            }
            var inits: [Initialization] = []
            for item in seq { inits.append(try choice(item, field: "network.inits", Initialization.self)) }
            c.initializations = inits
        }
        do {
            try c.validate()
        } catch {
            // Point at the field the check is about, when the lesson wrote it.
            guard case .invalid(let what, _) = error else { throw InputError(at(n), field: "network", error.description) }
            let key = what.replacingOccurrences(of: " ", with: "-")
            if let node = m[key] { throw InputError(at(node), field: "network.\(key)", error.description) }
            throw InputError(at(n), field: "network", error.description)
        }
        var render: [RenderKind] = [.activations, .gradients]
        if let r = renderNode {
            let items = r.sequence ?? [r]
            render = []
            for item in items {
                let kind = try choice(item, field: "render", RenderKind.self)
                guard kind == .activations || kind == .gradients else {
                    throw InputError(at(item), field: "render", "a network lesson renders activations and/or gradients, not \(kind.rawValue).")
                }
                render.append(kind)
            }
        }
        if !render.isEmpty && c.widths.count > NetworkLesson.maxDrawnLayers {
            throw InputError(at(m["depth"] ?? m["widths"] ?? n), field: m["widths"] != nil ? "network.widths" : "network.depth",
                             "has \(c.widths.count) layers, but the figures draw at most \(NetworkLesson.maxDrawnLayers): use fewer layers (convviz network prints the statistics of deeper ones).")
        }
        var expectations: [NetworkExpectation] = []
        if let e = expect {
            for (item, em) in try expectEntries(e, example: "{init: standard, layer: 1, stat: std, value: 0.30}",
                                                allowed: LessonParser.networkExpectFields, context: "network expect") {
                guard let initNode = em["init"], let layerNode = em["layer"], let valueNode = em["value"] else {
                    throw InputError(at(item), field: "expect", "each entry needs 'init', 'layer' and 'value' (and 'stat', default std).")
                }
                let initialization = try choice(initNode, field: "expect.init", Initialization.self)
                if !c.initializations.contains(initialization) {
                    throw InputError(at(initNode), field: "expect.init", "'\(initialization.rawValue)' is not in network.inits: add it there.")
                }
                let layer = try int(layerNode, field: "expect.layer")
                if layer < 1 || layer > c.widths.count {
                    throw InputError(at(layerNode), field: "expect.layer", "is \(layer): layers are numbered 1 to \(c.widths.count).")
                }
                let stat = try em["stat"].map { n throws(InputError) in try choice(n, field: "expect.stat", NetworkStatistic.self) } ?? .std
                let gradient = try em["gradient"].map { n throws(InputError) in try bool(n, field: "expect.gradient") } ?? false
                let tol = try em["tolerance"].map { n throws(InputError) in try number(n, field: "expect.tolerance") } ?? 0.05
                expectations.append(NetworkExpectation(initialization: initialization, layer: layer, statistic: stat, gradient: gradient,
                                                       value: try number(valueNode, field: "expect.value"), tolerance: abs(tol),
                                                       location: at(item)))
            }
        }
        return NetworkLesson(config: c, render: render, expectations: expectations)
    }

    /// Looks a field up in the part, then in the lesson's top level.
    func lookup(_ key: String, _ m: Node.Mapping, _ defaults: Node.Mapping?) -> Node? {
        m[key] ?? defaults?[key]
    }

    func part(_ m: Node.Mapping, defaults: Node.Mapping?, index: Int, node: Node) throws(InputError) -> LessonPart {
        func get(_ key: String) -> Node? { lookup(key, m, defaults) }
        let location = at(node)
        let label = try get("label").map { n throws(InputError) in try string(n, field: "label") } ?? ""
        var dimension = 2
        if let n = get("dimension") {
            dimension = try int(n, field: "dimension")
            if dimension != 1 && dimension != 2 { throw InputError(at(n), field: "dimension", "must be 1 or 2.") }
        }
        let oneD = dimension == 1
        let render: [RenderKind]
        if let r = get("render") {
            if let seq = r.sequence {
                var kinds: [RenderKind] = []
                for item in seq { kinds.append(try choice(item, field: "render", RenderKind.self)) }
                render = kinds
            } else {
                render = [try choice(r, field: "render", RenderKind.self)]
            }
        } else {
            render = [.steps]
        }
        if let r = get("render"), let kind = render.first(where: \.isLayerKind) {
            throw InputError(at(r), field: "render", "\(kind.rawValue) needs a 'layer:' lesson (see lessons/13-layer-65-plus-bias.yaml), not an input and a kernel.")
        }
        if let r = get("render"), render.contains(.activations) || render.contains(.gradients) {
            throw InputError(at(r), field: "render", "activations and gradients need a 'network:' lesson (see lessons/10-tanh-inits.yaml), not an input and a kernel.")
        }
        // The input: numbers, a file, or an image.
        var input: Grid
        var imagePath: String?
        if let imageNode = get("image") {
            let rel = try string(imageNode, field: "image")
            let url = URL(fileURLWithPath: rel, relativeTo: base)
            do {
                let img = try GrayImage.load(path: url.path)
                input = Grid(rows: img.height, cols: img.width, values: img.values)
            } catch {
                throw InputError(at(imageNode), field: "image", "\(error.description)")
            }
            imagePath = url.path
        } else if let inputNode = get("input") {
            input = try matrix(inputNode, field: "input", allowKernelName: false)
        } else {
            throw InputError(location, field: "input", "is missing: give 'input:' (numbers or a file) or 'image:' (a PNG).")
        }
        if oneD && input.rows != 1 {
            throw InputError(get("input").map(at) ?? location, field: "input", ConvolutionError.notOneRow(name: "input", rows: input.rows))
        }
        // Kernels.
        var kernels: [BankKernel] = []
        if let kn = get("kernels") {
            guard let seq = kn.sequence, !seq.isEmpty else {
                throw InputError(at(kn), field: "kernels", "must be a list of kernel names or matrices, e.g. [sobel-x, sobel-y].")
            }
            for item in seq {
                if case .scalar(let s) = item, s.string == "gradient-magnitude" {
                    kernels.append(BankKernel(name: s.string, grid: nil))
                } else {
                    let g = try matrix(item, field: "kernels", allowKernelName: true)
                    let name = item.string.flatMap { NamedKernel(name: $0)?.rawValue } ?? "kernel \(kernels.count + 1)"
                    kernels.append(BankKernel(name: name, grid: g))
                }
            }
        }
        let kernel: Grid
        if let kNode = get("kernel") {
            kernel = try matrix(kNode, field: "kernel", allowKernelName: true)
            if oneD && kernel.rows != 1 {
                throw InputError(at(kNode), field: "kernel", ConvolutionError.notOneRow(name: "kernel", rows: kernel.rows))
            }
        } else if let first = kernels.first(where: { $0.grid != nil })?.grid {
            kernel = first
        } else {
            throw InputError(location, field: "kernel", "is missing: give 'kernel:' (a name such as sobel-x, or numbers).")
        }
        if render.contains(.featureMaps) && kernels.isEmpty {
            throw InputError(location, field: "kernels", "is needed for feature-maps: list the kernels, e.g. [sobel-x, sobel-y, gradient-magnitude].")
        }
        if render.contains(.associativity) && kernels.count != 2 {
            throw InputError(location, field: "kernels", "associativity needs exactly two kernels [F, G]: it compares F ∗ (G ∗ x) with (F ∗ G) ∗ x.")
        }
        let operation = try get("operation").map { n throws(InputError) in try choice(n, field: "operation", Operation.self) } ?? .correlation

        // Geometry, read by the same reader as the command line's flags.
        var g = Geometry()
        if let n = get("indexing") { g.indexing = try choice(n, field: "indexing", Indexing.self) }
        if let n = get("boundary") { g.boundary = try choice(n, field: "boundary", Boundary.self) }
        if let n = get("bias") { g.bias = try number(n, field: "bias") }
        let reader = GeometryReader(oneD: oneD)
        /// The line that wrote the setting an error is about.
        func located(_ error: ConvolutionError) -> InputError {
            let field = error.field ?? "kernel"
            let node = get(field) ?? (field == "padding" ? get("mode") : nil) ?? (field == "kernel" ? get("kernels") : nil) ?? node
            return InputError(at(node), field: field, error)
        }
        do {
            let mode = try get("mode").map { n throws(InputError) in try choice(n, field: "mode", Mode.self) }
            let padding = try get("padding").map { n throws(InputError) in try ints(n, field: "padding") }
            if let stride = get("stride") { g.stride = try reader.axes(try ints(stride, field: "stride"), field: "stride") }
            if let dilation = get("dilation") { g.dilation = try reader.axes(try ints(dilation, field: "dilation"), field: "dilation") }
            g.padding = try reader.paddingRule(mode: mode, padding: padding)
        } catch let error as InputError {
            throw error
        } catch let error as ConvolutionError {
            throw located(error)
        } catch {
            throw InputError(location, "\(error)")
        }
        try checkDrawingLimits(render: render, input: input, kernel: kernel, kernels: kernels, geometry: g,
                               get: get, location: location)
        // Check the geometry now, so that a bad lesson fails while loading, with its line: the
        // kernel with the part's geometry, the bank for feature maps (associativity uses full
        // convolution, which always fits).
        do {
            if !render.allSatisfy({ $0 == .associativity || $0 == .featureMaps }) {
                _ = try Layout(inputRows: input.rows, inputCols: input.cols, kernelRows: kernel.rows, kernelCols: kernel.cols, geometry: g)
            }
            for k in kernels where render.contains(.featureMaps) { if let kg = k.grid {
                _ = try Layout(inputRows: input.rows, inputCols: input.cols, kernelRows: kg.rows, kernelCols: kg.cols, geometry: g)
            } }
        } catch {
            throw located(error)
        }

        // Expectations.
        var expectations: [Expectation] = []
        if let e = get("expect") {
            for (item, em) in try expectEntries(e, example: "{at: [0, 0], value: 65}", allowed: LessonParser.expectFields, context: "expect") {
                guard let atNode = em["at"], let valueNode = em["value"] else {
                    throw InputError(at(item), field: "expect", "each entry needs 'at' (the output cell) and 'value' (the hand-computed number).")
                }
                let idx = try ints(atNode, field: "expect.at")
                let cell: GridIndex
                switch (idx.count, oneD) {
                case (1, true): cell = GridIndex(0, idx[0])
                case (2, _): cell = GridIndex(idx[0], idx[1])
                default: throw InputError(at(atNode), field: "expect.at", "must be \(oneD ? "an index, e.g. at: 2" : "[row, column], e.g. at: [0, 0]").")
                }
                let mapName = try em["map"].map { n throws(InputError) in try string(n, field: "expect.map") }
                if let mapName, !kernels.contains(where: { $0.name == mapName }) {
                    throw InputError(at(em["map"]!), field: "expect.map", "'\(InputError.excerpt(mapName))' is not one of this part's kernels: \(kernels.map(\.name).joined(separator: ", ")).")
                }
                let op = try em["operation"].map { n throws(InputError) in try choice(n, field: "expect.operation", Operation.self) }
                let tol = try em["tolerance"].map { n throws(InputError) in try number(n, field: "expect.tolerance") } ?? 1e-9
                expectations.append(Expectation(at: cell, value: try number(valueNode, field: "expect.value"), map: mapName,
                                                operation: op, tolerance: abs(tol), location: at(item)))
            }
        }
        return LessonPart(label: label, dimension: dimension, input: input, imagePath: imagePath, kernel: kernel,
                          kernels: kernels, operation: operation, geometry: g, render: render,
                          expectations: expectations, location: location)
    }
}
