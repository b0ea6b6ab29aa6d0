import ConvCore
import Drawing
import Figures
import InitLab

/// The frames of a lesson, in order, each made on demand from (lesson, index).
public struct LessonFrames: Sendable {
    public let lesson: Lesson
    /// For each part, the frames it contributes, as (part index, kind, step).
    enum Entry: Sendable {
        case flip(part: Int)
        case step(part: Int, index: Int)
        case compare(part: Int)
        case featureMaps(part: Int)
        case associativity(part: Int)
        case histograms(NetworkQuantity)
        case chart(NetworkQuantity)
        case layerStep(Int)
        case layerMaps
        case relu
        case poolStep(Int)
        case matrix
        case parameters
        case receptiveField(stack: Int)
        case inputGradient(Int)
        case gradientAsConvolution
        case weightGradient(Int)
        case scatter(case: Int, stamp: Int)
        case gather(case: Int)
        case transposedMatrix(case: Int)
    }
    let entries: [Entry]
    /// The network simulation, for a network lesson (run once, here).
    public let simulation: SimulationResult?
    /// What the network figures draw: the simulation, and for a batch-norm lesson the same
    /// network without batch norm beside it (rows "… + batch norm" under the plain ones).
    let drawn: SimulationResult?
    /// A layer lesson's output volume (computed once, here).
    let layerOutput: Volume?

    public init(_ lesson: Lesson) throws {
        self.lesson = lesson
        var entries: [Entry] = []
        if let network = lesson.network {
            let sim = try simulate(network.config)
            simulation = sim
            layerOutput = nil
            if network.config.batchNorm {
                var plain = network.config
                plain.batchNorm = false
                let baseline = try simulate(plain)
                var both = sim
                both.results = baseline.results + sim.results
                both.gradientRanges = baseline.gradientRanges + sim.gradientRanges
                drawn = both
            } else {
                drawn = sim
            }
            for kind in network.render {
                let q: NetworkQuantity = kind == .activations ? .activations : .gradients
                entries += [.histograms(q), .chart(q)]
            }
            self.entries = entries
            return
        }
        simulation = nil
        drawn = nil
        if let layer = lesson.layer {
            layerOutput = try layer.output()
            for kind in layer.render {
                switch kind {
                case .layerSteps:
                    if let l = layer.layer, let x = layer.input { entries += (0..<(try l.stepCount(for: x))).map { .layerStep($0) } }
                case .layerMaps: entries.append(.layerMaps)
                case .poolSteps:
                    entries.append(.relu)
                    if let pooled = try layer.pooled() { entries += (0..<(pooled.rows * pooled.cols)).map { .poolStep($0) } }
                case .matrix: entries.append(.matrix)
                case .parameters: entries.append(.parameters)
                case .receptiveField: entries += layer.stacks.indices.map { .receptiveField(stack: $0) }
                case .inputGradient:
                    if let b = layer.backward { entries += b.cells.indices.map { .inputGradient($0) } + [.gradientAsConvolution] }
                case .weightGradient:
                    if let b = layer.backward { entries += (0..<b.plan.kernel.values.count).map { .weightGradient($0) } }
                case .scatter:
                    for (n, t) in layer.transposed.enumerated() { entries += (0..<t.conv.stampCount).map { .scatter(case: n, stamp: $0) } }
                case .gather: entries += layer.transposed.indices.map { .gather(case: $0) }
                case .transposedMatrix: entries += layer.transposed.indices.map { .transposedMatrix(case: $0) }
                default: break  // refused by the parser for layer lessons
                }
            }
            self.entries = entries
            return
        }
        layerOutput = nil
        for (i, part) in lesson.parts.enumerated() {
            for kind in part.render {
                switch kind {
                case .steps:
                    if part.operation == .convolution && !part.render.contains(.flip) { entries.append(.flip(part: i)) }
                    let plan = try part.plan()
                    entries += (0..<plan.stepCount).map { .step(part: i, index: $0) }
                case .flip: entries.append(.flip(part: i))
                case .compare: entries.append(.compare(part: i))
                case .featureMaps: entries.append(.featureMaps(part: i))
                case .associativity: entries.append(.associativity(part: i))
                case .activations, .gradients, .layerSteps, .layerMaps, .poolSteps, .matrix, .parameters, .receptiveField,
                 .inputGradient, .weightGradient, .scatter, .gather, .transposedMatrix:
                    break  // refused by the parser for convolution lessons
                }
            }
        }
        self.entries = entries
    }

    public var count: Int { entries.count }

    func header(_ part: LessonPart) -> FrameHeader {
        let title = part.label.isEmpty ? lesson.title : "\(lesson.title) — \(part.label)"
        return FrameHeader(title: title, explanation: lesson.explanation)
    }

    /// Frame `i`; throws for an index out of range.
    public func frame(_ i: Int) throws(ConvolutionError) -> any Figure {
        guard i >= 0 && i < entries.count else { throw .stepOutOfRange(step: i, count: entries.count) }
        func networkHeader(_ q: NetworkQuantity) -> FrameHeader {
            FrameHeader(title: "\(lesson.title): \(q == .activations ? "activations" : "back-propagated gradients")",
                        explanation: lesson.explanation)
        }
        switch (entries[i], drawn) {
        case (.histograms(let q), let sim?): return HistogramGridFrame(result: sim, quantity: q, header: networkHeader(q))
        case (.chart(let q), let sim?): return LayerChartFrame(result: sim, quantity: q, header: networkHeader(q))
        default:
            if let layer = lesson.layer { return try layerFrame(i, layer) }
            return try convolutionFrame(i)
        }
    }

    private func convolutionFrame(_ i: Int) throws(ConvolutionError) -> any Figure {
        guard i >= 0 && i < entries.count else { throw .stepOutOfRange(step: i, count: entries.count) }
        switch entries[i] {
        case .flip(let p):
            let part = lesson.parts[p]
            return FlipFrame(kernel: part.kernel, header: header(part), oneD: part.dimension == 1)
        case .step(let p, let index):
            let part = lesson.parts[p]
            let plan = try part.plan()
            if part.dimension == 1 { return try StepFrame1D(plan: plan, index: index, header: header(part)) }
            return try StepFrame2D(plan: plan, index: index, header: header(part))
        case .compare(let p):
            let part = lesson.parts[p]
            return try CompareFrame(input: part.input, kernel: part.kernel, geometry: part.geometry, header: header(part))
        case .featureMaps(let p):
            let part = lesson.parts[p]
            let note = "Image \(part.input.cols)×\(part.input.rows); \(Formulas_geometry(part)). Gradient magnitude = √(Gx² + Gy²) of the Sobel x and y responses."
            var kernels: [String: Grid] = [:]
            for k in part.kernels { if let g = k.grid { kernels[k.name] = g } }
            return FeatureMapsFrame(image: part.input, maps: try part.featureMaps(), operation: part.operation, note: note,
                                    header: header(part), kernels: kernels)
        case .associativity(let p):
            let part = lesson.parts[p]
            let a = try part.associativity()
            let f = part.kernels[0], g = part.kernels[1]
            guard let fGrid = f.grid, let gGrid = g.grid else { throw .empty(name: "kernel pair for associativity") }
            return AssociativityFrame(x: part.input, f: (f.name, fGrid), g: (g.name, gGrid), gx: a.gx,
                                      twoPasses: a.twoPasses, combined: a.combined, onePass: a.onePass, header: header(part))
        case .histograms, .chart, .layerStep, .layerMaps, .relu, .poolStep, .matrix, .parameters, .receptiveField,
             .inputGradient, .gradientAsConvolution, .weightGradient, .scatter, .gather, .transposedMatrix:
            throw .stepOutOfRange(step: i, count: entries.count)
        }
    }

    private func layerFrame(_ i: Int, _ l: LayerLesson) throws(ConvolutionError) -> any Figure {
        let header = FrameHeader(title: lesson.title, explanation: lesson.explanation)
        switch entries[i] {
        case .layerStep(let n):
            guard let layer = l.layer, let x = l.input, let y = layerOutput else { break }
            return try LayerStepFrame(input: x, layer: layer, output: y, index: n, filterNames: l.filterNames, header: header)
        case .parameters:
            if let p = l.parameters { return ParameterCountsFrame(counts: p, header: header) }
        case .layerMaps:
            guard let layer = l.layer, let x = l.input, let y = layerOutput else { break }
            return LayerMapsFrame(input: x, layer: layer, output: y, filterNames: l.filterNames, meanings: l.filterMeanings,
                                  isPicture: l.imagePath != nil, header: header)
        case .matrix:
            guard let layer = l.layer, let x = l.input else { break }
            var g = layer.geometry
            g.bias = layer.biases[0]
            let plan = try Convolution2D(input: x[0], kernel: layer.weights[0][0], operation: .correlation, geometry: g)
            return try ConvolutionMatrixFrame(plan: plan, header: header)
        case .relu:
            guard let y = layerOutput else { break }
            let name = l.filterNames.first ?? "filter 0"
            return ReluFrame(map: y[0], mapName: "y₀ (\(name))", picture: l.picture ?? (l.imagePath != nil ? l.input : nil),
                             crop: l.crop, header: header)
        case .poolStep(let n):
            guard let y = layerOutput, let pool = l.pool else { break }
            let name = l.filterNames.first ?? "filter 0"
            return try PoolStepFrame(map: l.relu ? y[0].relu() : y[0], mapName: (l.relu ? "ReLU(y₀)" : "y₀") + ", \(name)",
                                     pooling: pool, index: n, header: header)
        case .inputGradient(let n):
            guard let b = l.backward else { break }
            return try InputGradientFrame(plan: b.plan, outputGradient: b.outputGradient, cells: b.cells, index: n, header: header)
        case .gradientAsConvolution:
            guard let b = l.backward else { break }
            return try GradientAsConvolutionFrame(plan: b.plan, outputGradient: b.outputGradient, header: header)
        case .weightGradient(let n):
            guard let b = l.backward else { break }
            return try WeightGradientFrame(plan: b.plan, outputGradient: b.outputGradient, index: n, header: header)
        case .scatter(let n, let stamp):
            let t = l.transposed[n]
            return try ScatterFrame(conv: t.conv, index: stamp, label: t.label, header: header)
        case .gather(let n):
            let t = l.transposed[n]
            return try GatherFrame(conv: t.conv, label: t.label, header: header)
        case .transposedMatrix(let n):
            return try TransposedMatrixFrame(conv: l.transposed[n].conv, header: header)
        case .receptiveField(let s):
            let stack = l.stacks[s]
            return try ReceptiveFieldFrame(label: stack.label, layers: stack.layers, inputSize: stack.inputSize, header: header, number: s + 1)
        default:
            break
        }
        throw .stepOutOfRange(step: i, count: entries.count)
    }
}

private func Formulas_geometry(_ part: LessonPart) -> String {
    let g = part.geometry
    var mode = ""
    switch g.padding {
    case .mode(let m): mode = "mode \(m.rawValue)"
    case .explicit(let p): mode = "padding \(p.description)"
    }
    return "\(mode), boundary \(g.boundary.rawValue)"
}
