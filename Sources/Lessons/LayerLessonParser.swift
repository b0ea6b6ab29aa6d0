import ConvCore
import Drawing
import Foundation
import Yams

extension LessonParser {
    static let layerTopFields = ["title", "explanation", "layer", "parameters", "receptive-fields", "backward", "transposed", "render", "expect"]
    static let backwardFields = ["input", "kernel", "operation", "grad-output", "mode", "padding", "stride", "dilation", "boundary", "cells"]
    static let transposedFields = ["label", "input", "kernel", "stride", "padding", "output-padding", "dilation", "bias"]
    static let layerFields = ["input", "image", "crop", "filters", "mode", "padding", "boundary", "stride", "dilation",
                              "groups", "relu", "pool", "indexing"]
    static let filterFields = ["name", "weights", "bias", "meaning"]
    static let poolFields = ["kind", "size", "stride", "padding", "count-include-pad"]
    static let parameterFields = ["input-shape", "kernel", "filters", "stride", "padding", "mode", "dilation"]
    static let stackFields = ["label", "layers", "input-size"]
    static let layerExpectFields = ["filter", "at", "stage", "count", "stack", "layer", "size", "jump", "start", "gradient", "case",
                                    "value", "tolerance"]
    /// Most pixels a layer lesson's input may have: its figures draw every value.
    static let maxLayerInputValues = 3 * 128 * 128
}

extension Reader {
    /// A layer lesson: `layer:`, `parameters:` and/or `receptive-fields:`, with `render` and `expect`.
    func layerLesson(_ top: Node.Mapping, node: Node) throws(InputError) -> LayerLesson {
        try checkKeys(top, allowed: LessonParser.layerTopFields, context: "layer lesson")
        var lesson = LayerLesson(input: nil, imagePath: nil, isColorImage: false, picture: nil, crop: nil, layer: nil, filterNames: [], relu: false,
                                 pool: nil, parameters: nil, stacks: [], render: [], expectations: [])
        if let n = top["layer"] { try layerSection(n, into: &lesson) }
        if let n = top["parameters"] { lesson.parameters = try parameters(n) }
        if let n = top["receptive-fields"] { lesson.stacks = try stacks(n) }
        if let n = top["backward"] { lesson.backward = try backward(n) }
        if let n = top["transposed"] { lesson.transposed = try transposed(n) }

        // What to draw: by default everything the lesson has data for.
        if let r = top["render"] {
            for item in r.sequence ?? [r] {
                let kind = try choice(item, field: "render", RenderKind.self)
                guard kind.isLayerKind else {
                    throw InputError(at(item), field: "render", "a layer lesson renders layer-steps, layer-maps, pool-steps, matrix, parameters or receptive-field, not \(kind.rawValue).")
                }
                let needs: (Bool, String) = switch kind {
                case .parameters: (lesson.parameters != nil, "a 'parameters:' section")
                case .receptiveField: (!lesson.stacks.isEmpty, "a 'receptive-fields:' list")
                case .poolSteps: (lesson.pool != nil, "'pool:' in the layer")
                case .inputGradient, .weightGradient: (lesson.backward != nil, "a 'backward:' section")
                case .scatter, .gather, .transposedMatrix: (!lesson.transposed.isEmpty, "a 'transposed:' section")
                default: (lesson.layer != nil, "a 'layer:' section")
                }
                if !needs.0 { throw InputError(at(item), field: "render", "\(kind.rawValue) needs \(needs.1): add it, or remove \(kind.rawValue).") }
                if kind == .matrix, let layer = lesson.layer, layer.inputChannels != 1 || layer.filterCount != 1 {
                    throw InputError(at(item), field: "render", "matrix draws one channel and one filter, but the layer has \(layer.inputChannels) channels and \(layer.filterCount) filters: use one of each.")
                }
                lesson.render.append(kind)
            }
        } else {
            if lesson.layer != nil { lesson.render.append(.layerSteps) }
            if lesson.pool != nil { lesson.render.append(.poolSteps) }
            if lesson.parameters != nil { lesson.render.append(.parameters) }
            if !lesson.stacks.isEmpty { lesson.render.append(.receptiveField) }
            if lesson.backward != nil { lesson.render += [.inputGradient, .weightGradient] }
            if !lesson.transposed.isEmpty { lesson.render += [.scatter, .gather] }
        }
        if lesson.render.isEmpty {
            throw InputError(at(node), field: "layer", "is missing: a layer lesson needs 'layer:', 'parameters:', 'receptive-fields:', 'backward:' or 'transposed:'.")
        }
        try checkLayerDrawingLimits(&lesson, top: top)
        if let e = top["expect"] { lesson.expectations = try layerExpectations(e, lesson) }
        return lesson
    }

    // MARK: - layer:

    private func layerSection(_ n: Node, into lesson: inout LayerLesson) throws(InputError) {
        guard let m = n.mapping else {
            throw InputError(at(n), field: "layer", "must be a mapping (input:, filters:, stride:, …).")
        }
        try checkKeys(m, allowed: LessonParser.layerFields, context: "layer")
        // The input: channels of numbers, or a PNG (RGB: 3 channels; grey: 1).
        var input: Volume
        if let imageNode = m["image"] {
            let rel = try string(imageNode, field: "layer.image")
            let url = URL(fileURLWithPath: rel, relativeTo: base)
            do {
                let img = try RGBImage.load(path: url.path)
                if img.width * img.height > LessonParser.maxLayerInputValues {
                    throw InputError(at(imageNode), field: "layer.image", "is \(img.width)×\(img.height), more than a layer lesson draws (\(LessonParser.maxLayerInputValues / 3) pixels): use a smaller picture or 'crop:'.")
                }
                // Always R, G, B, as the command line reads a PNG (a grey picture has three equal channels).
                let isColor = true
                let channels = img.channels.map { Grid(rows: img.height, cols: img.width, values: $0) }
                input = try Volume(channels, name: "image")
                lesson.isColorImage = isColor
            } catch let e as InputError {
                throw e
            } catch let e as DrawingError {
                throw InputError(at(imageNode), field: "layer.image", e.description)
            } catch {
                throw InputError(at(imageNode), field: "layer.image", "\(error)")
            }
            lesson.imagePath = url.path
        } else if let inputNode = m["input"] {
            input = try volume(inputNode, field: "layer.input")
        } else {
            throw InputError(at(n), field: "layer.input", "is missing: give 'input:' (one matrix per channel) or 'image:' (a PNG).")
        }
        if let cropNode = m["crop"] {
            let v = try ints(cropNode, field: "layer.crop")
            guard v.count == 4, v[0] >= 0, v[1] >= 0, v[2] >= 1, v[3] >= 1,
                  v[0] + v[2] <= input.rows, v[1] + v[3] <= input.cols else {
                throw InputError(at(cropNode), field: "layer.crop", "must be [top, left, height, width] inside the \(input.rows)×\(input.cols) input.")
            }
            var channels: [Grid] = []
            for c in 0..<input.count {
                var g = Grid(rows: v[2], cols: v[3])
                for r in 0..<v[2] { for col in 0..<v[3] { g[r, col] = input[c, v[0] + r, v[1] + col] } }
                channels.append(g)
            }
            if lesson.imagePath != nil {
                lesson.picture = input
                lesson.crop = (v[0], v[1], v[2], v[3])
            }
            do { input = try Volume(channels) } catch { throw InputError(at(cropNode), field: "layer.crop", error) }
        }
        if input.count > ConvLayer.maxChannels {
            throw InputError(at(m["input"] ?? n), field: "layer.input", ConvolutionError.beyondLimit(field: "number of channels", value: input.count, limit: ConvLayer.maxChannels))
        }
        // Filters: each a name, one matrix per channel (of its group), and a bias.
        guard let filtersNode = m["filters"], let seq = filtersNode.sequence, !seq.isEmpty else {
            throw InputError(at(m["filters"] ?? n), field: "layer.filters", "must list the filters, each {name: …, weights: [one matrix per channel], bias: 0}.")
        }
        if seq.count > ConvLayer.maxFilters {
            throw InputError(at(filtersNode), field: "layer.filters", ConvolutionError.beyondLimit(field: "number of filters", value: seq.count, limit: ConvLayer.maxFilters))
        }
        var weights: [[Grid]] = [], biases: [Double] = [], names: [String] = []
        var meanings: [(String, String)?] = []
        for (i, f) in seq.enumerated() {
            guard let fm = f.mapping else {
                throw InputError(at(f), field: "layer.filters", "filter \(i) must be a mapping {name: …, weights: […], bias: 0} (filters count from 0).")
            }
            try checkKeys(fm, allowed: LessonParser.filterFields, context: "filter")
            guard let wNode = fm["weights"], let wSeq = wNode.sequence, !wSeq.isEmpty else {
                throw InputError(at(fm["weights"] ?? f), field: "layer.filters.weights", "filter \(i) needs 'weights:', a list with one matrix (or kernel name) per input channel (filters count from 0).")
            }
            var kernels: [Grid] = []
            for w in wSeq { kernels.append(try matrix(w, field: "layer.filters.weights", allowKernelName: true)) }
            weights.append(kernels)
            biases.append(try fm["bias"].map { b throws(InputError) in try number(b, field: "layer.filters.bias") } ?? 0)
            names.append(try fm["name"].map { b throws(InputError) in try string(b, field: "layer.filters.name") } ?? "filter \(i)")
            if let mNode = fm["meaning"] {
                guard let seq = mNode.sequence, seq.count == 2 else {
                    throw InputError(at(mNode), field: "layer.filters.meaning", "must be two words for the negative and the positive end, e.g. [more green, more red].")
                }
                meanings.append((try string(seq[0], field: "layer.filters.meaning"), try string(seq[1], field: "layer.filters.meaning")))
            } else {
                meanings.append(nil)
            }
        }
        var g = Geometry()
        if let v = m["boundary"] { g.boundary = try choice(v, field: "layer.boundary", Boundary.self) }
        if let v = m["indexing"] { g.indexing = try choice(v, field: "layer.indexing", Indexing.self) }
        try readGeometry(m, node: n, section: "layer", into: &g)
        let groups = try m["groups"].map { v throws(InputError) in try int(v, field: "layer.groups") } ?? 1
        let layer: ConvLayer
        do {
            layer = try ConvLayer(weights: weights, biases: biases, geometry: g, groups: groups)
            _ = try layer.layout(for: input)
        } catch {
            let node = error.field.flatMap { m[$0] } ?? (error.field == "kernel" ? filtersNode : nil) ?? filtersNode
            throw InputError(at(node), field: "layer", error)
        }
        lesson.input = input
        lesson.layer = layer
        lesson.filterNames = names
        lesson.filterMeanings = meanings
        if let v = m["relu"] { lesson.relu = try bool(v, field: "layer.relu") }
        if let p = m["pool"] { lesson.pool = try pooling(p, after: layer, input: input) }
    }

    /// Channels: a list of matrices (each any matrix form), or one matrix for one channel.
    private func volume(_ n: Node, field: String) throws(InputError) -> Volume {
        var channels: [Grid] = []
        if let seq = n.sequence, let first = seq.first,
           first.sequence?.first?.sequence != nil || first.scalar != nil && seq.allSatisfy({ $0.scalar != nil }) && first.scalar.map({ $0.string.contains(";") || $0.string.hasSuffix(".csv") }) == true {
            // [[[…]]] (channel, row, column) or ["1 2; 3 4", "5 6; 7 8"]
            for c in seq { channels.append(try matrix(c, field: field, allowKernelName: false)) }
        } else {
            channels = [try matrix(n, field: field, allowKernelName: false)]
        }
        if channels.count > ConvLayer.maxChannels {
            throw InputError(at(n), field: field, ConvolutionError.beyondLimit(field: "number of channels", value: channels.count, limit: ConvLayer.maxChannels))
        }
        do {
            return try Volume(channels)
        } catch {
            throw InputError(at(n), field: field, error)
        }
    }

    private func pooling(_ n: Node, after layer: ConvLayer, input: Volume) throws(InputError) -> Pooling {
        guard let m = n.mapping else { throw InputError(at(n), field: "layer.pool", "must be a mapping {kind: max, size: 2}.") }
        try checkKeys(m, allowed: LessonParser.poolFields, context: "pool")
        let kind = try m["kind"].map { v throws(InputError) in try choice(v, field: "layer.pool.kind", Pooling.Kind.self) } ?? .max
        let reader = GeometryReader(oneD: false)
        do {
            guard let sizeNode = m["size"] else { throw InputError(at(n), field: "layer.pool.size", "is missing: give the window size, e.g. size: 2.") }
            let size = try reader.axes(try ints(sizeNode, field: "layer.pool.size"), field: "pooling size")
            var stride: Axes?
            if let v = m["stride"] { stride = try reader.axes(try ints(v, field: "layer.pool.stride"), field: "pooling stride") }
            var pad = Axes(0)
            if let raw = m["padding"] {
                let v = try ints(raw, field: "layer.pool.padding")
                guard v.count == 1 || v.count == 2, v.allSatisfy({ $0 >= 0 }) else {
                    throw InputError(at(raw), field: "layer.pool.padding", "must be P or [rows, columns], each 0 or more.")
                }
                pad = v.count == 1 ? Axes(v[0]) : Axes(y: v[0], x: v[1])
            }
            let include = try m["count-include-pad"].map { v throws(InputError) in try bool(v, field: "layer.pool.count-include-pad") } ?? true
            let pool = try Pooling(kind: kind, size: size, stride: stride, padding: pad, countIncludePad: include)
            let l = try layer.layout(for: input)
            do {
                _ = try pool.outputShape(rows: l.outputRows, cols: l.outputCols)
            } catch {
                throw InputError(at(m["size"] ?? n), field: "layer.pool.size", "is \(size) but the feature map is \(l.outputRows)×\(l.outputCols) (with padding \(pad): \(l.outputRows + 2 * pad.y)×\(l.outputCols + 2 * pad.x)): use a smaller window.")
            }
            return pool
        } catch let e as InputError {
            throw e
        } catch let e as ConvolutionError {
            throw InputError(at(n), field: "layer.pool", e)
        } catch {
            throw InputError(at(n), field: "layer.pool", "\(error)")
        }
    }

    // MARK: - parameters:, receptive-fields:

    private func parameters(_ n: Node) throws(InputError) -> ParameterCounts {
        guard let m = n.mapping else {
            throw InputError(at(n), field: "parameters", "must be a mapping {input-shape: [1, 200, 200], kernel: [3, 3], filters: 64}.")
        }
        try checkKeys(m, allowed: LessonParser.parameterFields, context: "parameters")
        guard let shapeNode = m["input-shape"], let kernelNode = m["kernel"], let filtersNode = m["filters"] else {
            throw InputError(at(n), field: "parameters", "needs input-shape [C, H, W], kernel [K₁, K₂] and filters M.")
        }
        let shape = try ints(shapeNode, field: "parameters.input-shape")
        guard shape.count == 3 else { throw InputError(at(shapeNode), field: "parameters.input-shape", "must be [C, H, W], e.g. [1, 200, 200].") }
        let k = try ints(kernelNode, field: "parameters.kernel")
        guard k.count == 1 || k.count == 2 else { throw InputError(at(kernelNode), field: "parameters.kernel", "must be K or [K₁, K₂], e.g. [3, 3].") }
        let filters = try int(filtersNode, field: "parameters.filters")
        var g = Geometry(padding: .mode(.same))
        try readGeometry(m, node: n, section: "parameters", into: &g, keepPaddingUnlessGiven: true)
        do {
            return try ParameterCounts(channels: shape[0], height: shape[1], width: shape[2], kernelRows: k[0],
                                       kernelCols: k.count == 2 ? k[1] : k[0], filters: filters, geometry: g)
        } catch {
            throw InputError(at(n), field: "parameters", error)
        }
    }

    private func stacks(_ n: Node) throws(InputError) -> [FieldStack] {
        guard let seq = n.sequence, !seq.isEmpty else {
            throw InputError(at(n), field: "receptive-fields", "must be a list of stacks, each {label: …, layers: \"conv3, conv3\", input-size: 16}.")
        }
        if seq.count > 8 { throw InputError(at(n), field: "receptive-fields", "has \(seq.count) stacks: a lesson draws at most 8.") }
        var out: [FieldStack] = []
        for item in seq {
            guard let m = item.mapping else { throw InputError(at(item), field: "receptive-fields", "each stack must be a mapping {label: …, layers: …}.") }
            try checkKeys(m, allowed: LessonParser.stackFields, context: "receptive-field stack")
            guard let layersNode = m["layers"] else { throw InputError(at(item), field: "receptive-fields.layers", "is missing: e.g. layers: \"conv3, conv3\".") }
            let layers: [FieldLayer]
            do {
                layers = try FieldLayer.parseStack(try string(layersNode, field: "receptive-fields.layers"))
            } catch let e as InputError {
                throw e
            } catch let e as ConvolutionError {
                throw InputError(at(layersNode), field: "receptive-fields.layers", e)
            } catch {
                throw InputError(at(layersNode), field: "receptive-fields.layers", "\(error)")
            }
            if layers.count > 8 { throw InputError(at(layersNode), field: "receptive-fields.layers", "has \(layers.count) layers: the figure draws at most 8.") }
            let size = try m["input-size"].map { v throws(InputError) in try int(v, field: "receptive-fields.input-size") } ?? 16
            guard size >= 1 && size <= 64 else { throw InputError(at(m["input-size"] ?? item), field: "receptive-fields.input-size", "must be 1 to 64 (the figure draws every cell).") }
            var units = size
            for (i, l) in layers.enumerated() {
                units = outputSize(input: units, kernel: l.kernel, padding: l.padding, stride: l.stride, dilation: l.dilation)
                if units < 1 { throw InputError(at(layersNode), field: "receptive-fields.layers", "layer \(i + 1) (\(l)) leaves no units of an input of \(size): use a larger input-size.") }
            }
            let label = try m["label"].map { v throws(InputError) in try string(v, field: "receptive-fields.label") } ?? layers.map(\.description).joined(separator: ", ")
            out.append(FieldStack(label: label, layers: layers, inputSize: size, location: at(item)))
        }
        return out
    }

    // MARK: - geometry

    /// `mode`, `padding`, `stride` and `dilation` of a section (`layer`, `parameters`, `backward`),
    /// read by the same ``GeometryReader`` as parts and the command line; an error points at the
    /// line of the setting it is about. With `keepPaddingUnlessGiven`, `g`'s padding stays unless
    /// `mode` or `padding` is written.
    func readGeometry(_ m: Node.Mapping, node n: Node, section: String, into g: inout Geometry,
                      keepPaddingUnlessGiven: Bool = false) throws(InputError) {
        let reader = GeometryReader(oneD: false)
        do {
            let mode = try m["mode"].map { v throws(InputError) in try choice(v, field: "\(section).mode", Mode.self) }
            let padding = try m["padding"].map { v throws(InputError) in try ints(v, field: "\(section).padding") }
            if let v = m["stride"] { g.stride = try reader.axes(try ints(v, field: "\(section).stride"), field: "stride") }
            if let v = m["dilation"] { g.dilation = try reader.axes(try ints(v, field: "\(section).dilation"), field: "dilation") }
            if !keepPaddingUnlessGiven || mode != nil || padding != nil { g.padding = try reader.paddingRule(mode: mode, padding: padding) }
        } catch let error as InputError {
            throw error
        } catch let error as ConvolutionError {
            throw InputError(at(error.field.flatMap { m[$0] } ?? n), field: "\(section).\(error.field ?? "geometry")", error)
        } catch {
            throw InputError(at(n), "\(error)")
        }
    }

    // MARK: - backward:, transposed:

    private func backward(_ n: Node) throws(InputError) -> BackwardSection {
        guard let m = n.mapping else {
            throw InputError(at(n), field: "backward", "must be a mapping (input:, kernel:, grad-output:, stride:, …).")
        }
        try checkKeys(m, allowed: LessonParser.backwardFields, context: "backward")
        guard let inputNode = m["input"], let kernelNode = m["kernel"] else {
            throw InputError(at(n), field: "backward", "needs 'input:' and 'kernel:' (the forward pass).")
        }
        let x = try matrix(inputNode, field: "backward.input", allowKernelName: false)
        let k = try matrix(kernelNode, field: "backward.kernel", allowKernelName: true)
        let op = try m["operation"].map { v throws(InputError) in try choice(v, field: "backward.operation", Operation.self) } ?? .correlation
        var g = Geometry()
        if let v = m["boundary"] { g.boundary = try choice(v, field: "backward.boundary", Boundary.self) }
        try readGeometry(m, node: n, section: "backward", into: &g)
        let plan: Convolution2D
        do {
            plan = try Convolution2D(input: x, kernel: k, operation: op, geometry: g)
        } catch {
            throw InputError(at(error.field.flatMap { m[$0] } ?? n), field: "backward.\(error.field ?? "kernel")", error)
        }
        if x.values.count > 12 * 12 || k.values.count > 5 * 5 || plan.stepCount > 64 {
            throw InputError(at(n), field: "backward", "draws every cell of x, k and ∂L/∂y, so it takes at most a 12×12 input, a 5×5 kernel and 64 output cells: use a smaller example.")
        }
        var gradient = Grid(rows: plan.output.rows, cols: plan.output.cols, repeating: 1)
        if let gNode = m["grad-output"] {
            gradient = try matrix(gNode, field: "backward.grad-output", allowKernelName: false)
            guard gradient.rows == plan.output.rows && gradient.cols == plan.output.cols else {
                throw InputError(at(gNode), field: "backward.grad-output", "is \(gradient.rows)×\(gradient.cols) but the output y is \(plan.output.rows)×\(plan.output.cols): give ∂L/∂y the output's shape.")
            }
        }
        var cells = (0..<x.values.count).map { GridIndex($0 / x.cols, $0 % x.cols) }
        if let cNode = m["cells"] {
            guard let seq = cNode.sequence, !seq.isEmpty else {
                throw InputError(at(cNode), field: "backward.cells", "must list input cells, e.g. [[0, 0], [1, 1]].")
            }
            cells = []
            for item in seq {
                let v = try ints(item, field: "backward.cells")
                guard v.count == 2, x.contains(v[0], v[1]) else {
                    throw InputError(at(item), field: "backward.cells", "each cell must be [row, column] inside the \(x.rows)×\(x.cols) input.")
                }
                cells.append(GridIndex(v[0], v[1]))
            }
        }
        return BackwardSection(plan: plan, outputGradient: gradient, cells: cells)
    }

    private func transposed(_ n: Node) throws(InputError) -> [TransposedSection] {
        let items = n.sequence ?? [n]
        if items.isEmpty || items.count > 8 { throw InputError(at(n), field: "transposed", "must be one case or a list of 1 to 8 cases.") }
        var out: [TransposedSection] = []
        for item in items {
            guard let m = item.mapping else {
                throw InputError(at(item), field: "transposed", "each case must be a mapping (input:, kernel:, stride:, …).")
            }
            try checkKeys(m, allowed: LessonParser.transposedFields, context: "transposed")
            guard let inputNode = m["input"], let kernelNode = m["kernel"] else {
                throw InputError(at(item), field: "transposed", "needs 'input:' and 'kernel:'.")
            }
            let x = try matrix(inputNode, field: "transposed.input", allowKernelName: false)
            let k = try matrix(kernelNode, field: "transposed.kernel", allowKernelName: true)
            let reader = GeometryReader(oneD: false)
            func axes(_ key: String, _ field: String, zero: Bool) throws(InputError) -> Axes? {
                guard let v = m[key] else { return nil }
                let list = try ints(v, field: "transposed.\(key)")
                do {
                    if zero {
                        guard (1...2).contains(list.count), list.allSatisfy({ $0 >= 0 && $0 <= Limits.maxSetting }) else {
                            throw InputError(at(v), field: "transposed.\(key)", "must be P or [rows, columns], each 0 to \(Limits.maxSetting).")
                        }
                        return list.count == 1 ? Axes(list[0]) : Axes(y: list[0], x: list[1])
                    }
                    return try reader.axes(list, field: field)
                } catch let e as InputError {
                    throw e
                } catch let e as ConvolutionError {
                    throw InputError(at(v), field: "transposed.\(key)", e)
                } catch {
                    throw InputError(at(v), field: "transposed.\(key)", "\(error)")
                }
            }
            var g = TransposedGeometry()
            if let s = try axes("stride", "stride", zero: false) { g.stride = s }
            if let d = try axes("dilation", "dilation", zero: false) { g.dilation = d }
            if let p = try axes("padding", "padding", zero: true) { g.padding = p }
            if let p = try axes("output-padding", "output padding", zero: true) { g.outputPadding = p }
            let bias = try m["bias"].map { v throws(InputError) in try number(v, field: "transposed.bias") } ?? 0
            let conv: TransposedConvolution2D
            do {
                conv = try TransposedConvolution2D(input: x, kernel: k, geometry: g, bias: bias)
            } catch {
                throw InputError(at(item), field: "transposed", error)
            }
            if x.values.count > 36 || k.values.count > 25 || conv.output.values.count > 15 * 15 {
                throw InputError(at(item), field: "transposed", "draws every stamp and cell, so it takes at most a 6×6 input, a 5×5 kernel and a 15×15 output: use a smaller case.")
            }
            let label = try m["label"].map { v throws(InputError) in try string(v, field: "transposed.label") } ?? ""
            out.append(TransposedSection(label: label, conv: conv, location: at(item)))
        }
        return out
    }

    // MARK: - limits and expect

    private func checkLayerDrawingLimits(_ lesson: inout LayerLesson, top: Node.Mapping) throws(InputError) {
        guard let layer = lesson.layer, let input = lesson.input, let node = top["layer"] else { return }
        let values = input.count * input.rows * input.cols
        if values > LessonParser.maxLayerInputValues {
            throw InputError(at(node), field: "layer.input", "has \(values) values, more than a layer lesson draws (\(LessonParser.maxLayerInputValues)): use a smaller input or 'crop:'.")
        }
        if lesson.render.contains(.layerSteps) {
            let steps = (try? layer.stepCount(for: input)) ?? 0
            if steps > 200 || input.rows * input.cols > 15 * 15 || input.count > 4 || layer.filterCount > 4 {
                throw InputError(at(node), field: "layer", "layer-steps draws every channel and step, so it takes at most 4 channels of 15×15, 4 filters and 200 steps (this layer: \(input.shapeText), \(layer.filterCount) filters, \(steps) steps): use a smaller input, or render layer-maps.")
            }
        }
        if lesson.render.contains(.matrix) {
            let l = try? layer.layout(for: input)
            let entries = (l.map { $0.outputRows * $0.outputCols } ?? 0) * input.rows * input.cols
            if entries > 16 * 25 {
                throw InputError(at(node), field: "layer", "matrix draws every entry of C, at most 400 (output cells × input cells; this layer has \(entries)): use an input of at most 5×5.")
            }
        }
        if lesson.render.contains(.poolSteps), let pool = lesson.pool, let l = try? layer.layout(for: input) {
            let shape = (try? pool.outputShape(rows: l.outputRows, cols: l.outputCols)) ?? (0, 0)
            if l.outputRows * l.outputCols > 12 * 12 || shape.0 * shape.1 > 64 {
                throw InputError(at(node), field: "layer.pool", "pool-steps draws every cell of the feature map (at most 12×12) and a frame per window (at most 64): use a smaller input or 'crop:'.")
            }
        }
    }

    private func layerExpectations(_ e: Node, _ lesson: LayerLesson) throws(InputError) -> [LayerExpectation] {
        var out: [LayerExpectation] = []
        for (item, em) in try expectEntries(e, example: "{filter: 0, at: [0, 0], value: 65}", allowed: LessonParser.layerExpectFields,
                                            context: "layer expect") {
            // A field entry carries its value under the quantity's name ({stack: 1, layer: 2, size: 5}).
            let quantityKey = LayerTarget.FieldQuantity.allCases.first { em[$0.rawValue] != nil }
            guard let valueNode = em["value"] ?? quantityKey.flatMap({ em[$0.rawValue] }) else {
                throw InputError(at(item), field: "expect.value", "is missing: give the hand-computed value.")
            }
            let value = try number(valueNode, field: "expect.value")
            let tol = try em["tolerance"].map { n throws(InputError) in try number(n, field: "expect.tolerance") } ?? 1e-9
            let target: LayerTarget
            if let gNode = em["gradient"] {
                let of = try choice(gNode, field: "expect.gradient", LayerTarget.GradientOf.self)
                guard let b = lesson.backward else { throw InputError(at(gNode), field: "expect.gradient", "needs a 'backward:' section.") }
                var cell = GridIndex(0, 0)
                if of != .bias {
                    guard let atNode = em["at"] else { throw InputError(at(item), field: "expect.at", "is missing: give [row, column], e.g. at: [0, 0].") }
                    let idx = try ints(atNode, field: "expect.at")
                    let shape = of == .input ? (b.plan.input.rows, b.plan.input.cols) : (b.plan.kernel.rows, b.plan.kernel.cols)
                    guard idx.count == 2, idx[0] >= 0, idx[1] >= 0, idx[0] < shape.0, idx[1] < shape.1 else {
                        throw InputError(at(atNode), field: "expect.at", "must be [row, column] inside the \(shape.0)×\(shape.1) \(of == .input ? "input" : "kernel").")
                    }
                    cell = GridIndex(idx[0], idx[1])
                }
                target = .gradient(of: of, at: cell)
            } else if let caseNode = em["case"] ?? (lesson.transposed.isEmpty ? nil : em["at"]) {
                let n = em["case"] == nil ? 1 : try int(caseNode, field: "expect.case")
                if lesson.transposed.isEmpty { throw InputError(at(caseNode), field: "expect.case", "needs a 'transposed:' section.") }
                guard n >= 1 && n <= lesson.transposed.count else {
                    throw InputError(at(caseNode), field: "expect.case", "is \(n): the transposed cases are numbered 1 to \(lesson.transposed.count).")
                }
                guard let atNode = em["at"] else { throw InputError(at(item), field: "expect.at", "is missing: give [row, column], e.g. at: [0, 0].") }
                let idx = try ints(atNode, field: "expect.at")
                guard idx.count == 2 else { throw InputError(at(atNode), field: "expect.at", "must be [row, column], e.g. at: [0, 0].") }
                target = .transposed(case: n, at: GridIndex(idx[0], idx[1]))
            } else if let countNode = em["count"] {
                let name = try string(countNode, field: "expect.count")
                guard let p = lesson.parameters else { throw InputError(at(countNode), field: "expect.count", "needs a 'parameters:' section.") }
                let names = p.rows.map(\.name)
                guard names.contains(name) else {
                    throw InputError(at(countNode), field: "expect.count", "'\(InputError.excerpt(name))' is not a row of the table: \(names.joined(separator: ", ")).")
                }
                target = .count(row: name)
            } else if let stackNode = em["stack"] {
                let s = try int(stackNode, field: "expect.stack")
                if lesson.stacks.isEmpty { throw InputError(at(stackNode), field: "expect.stack", "needs a 'receptive-fields:' list.") }
                guard s >= 1 && s <= lesson.stacks.count else {
                    throw InputError(at(stackNode), field: "expect.stack", "is \(s): the stacks are numbered 1 to \(lesson.stacks.count).")
                }
                guard let layerNode = em["layer"] else { throw InputError(at(item), field: "expect.layer", "is missing: which layer of the stack (1 is the first).") }
                let l = try int(layerNode, field: "expect.layer")
                guard l >= 0 && l <= lesson.stacks[s - 1].layers.count else {
                    throw InputError(at(layerNode), field: "expect.layer", "is \(l): stack \(s) has layers 1 to \(lesson.stacks[s - 1].layers.count) (0 is the input).")
                }
                let quantities = LayerTarget.FieldQuantity.allCases.filter { em[$0.rawValue] != nil }
                guard quantities.count == 1, let q = quantities.first, em["value"] == nil else {
                    throw InputError(at(item), field: "expect", "a receptive-field entry gives one of size, jump or start with its value, e.g. {stack: 1, layer: 2, size: 5}.")
                }
                target = .field(stack: s, layer: l, quantity: q)
            } else {
                guard let layer = lesson.layer, let input = lesson.input else {
                    throw InputError(at(item), field: "expect", "an output value needs a 'layer:' section; for counts use {count: …}, for fields {stack: …}.")
                }
                guard let atNode = em["at"] else { throw InputError(at(item), field: "expect.at", "is missing: give [row, column], e.g. at: [0, 0].") }
                let idx = try ints(atNode, field: "expect.at")
                guard idx.count == 2 else { throw InputError(at(atNode), field: "expect.at", "must be [row, column], e.g. at: [0, 0].") }
                let filter = try em["filter"].map { n throws(InputError) in try int(n, field: "expect.filter") } ?? 0
                guard filter >= 0 && filter < layer.filterCount else {
                    throw InputError(at(em["filter"] ?? item), field: "expect.filter", "is \(filter): the filters are numbered 0 to \(layer.filterCount - 1).")
                }
                let stage = try em["stage"].map { n throws(InputError) in try choice(n, field: "expect.stage", LayerTarget.Stage.self) } ?? .output
                if stage == .pool && lesson.pool == nil { throw InputError(at(em["stage"] ?? item), field: "expect.stage", "is pool, but the layer has no 'pool:'.") }
                if stage == .relu && !lesson.relu { throw InputError(at(em["stage"] ?? item), field: "expect.stage", "is relu, but the layer has no 'relu: true'.") }
                _ = input
                target = .cell(stage: stage, filter: filter, at: GridIndex(idx[0], idx[1]))
            }
            out.append(LayerExpectation(target: target, value: value, tolerance: abs(tol), location: at(item)))
        }
        return out
    }
}
