import ConvCore
import InitLab

/// One checked expectation: what the lesson says, what the reference module computes.
public struct Check: Sendable {
    public var lesson: String
    public var what: String
    public var expected: Double
    public var computed: Double?
    public var location: String
    public var passed: Bool
    public var note: String
}

extension LessonPart {
    /// The plan for this part's operation (or `operation`), with its geometry.
    public func plan(_ operation: Operation? = nil) throws(ConvolutionError) -> Convolution2D {
        try Convolution2D(input: input, kernel: kernel, operation: operation ?? self.operation, geometry: geometry)
    }

    /// Feature maps: each bank kernel applied with the part's operation and geometry; the
    /// gradient magnitude is √(Gx² + Gy²) of the sobel-x and sobel-y responses.
    public func featureMaps() throws(ConvolutionError) -> [(name: String, map: Grid)] {
        var maps: [(String, Grid)] = []
        for k in kernels {
            if let g = k.grid {
                maps.append((k.name, try Convolution2D(input: input, kernel: g, operation: operation, geometry: geometry).output))
            } else {
                let gx = try Convolution2D(input: input, kernel: NamedKernel.sobelX.grid, operation: operation, geometry: geometry).output
                let gy = try Convolution2D(input: input, kernel: NamedKernel.sobelY.grid, operation: operation, geometry: geometry).output
                let mag = Grid(rows: gx.rows, cols: gx.cols,
                               values: zip(gx.values, gy.values).map { ($0 * $0 + $1 * $1).squareRoot() })
                maps.append((k.name, mag))
            }
        }
        return maps
    }

    /// Associativity with kernels [F, G] in full convolution:
    /// `twoPasses = F ∗ (G ∗ x)`, `combined = F ∗ G`, `onePass = (F ∗ G) ∗ x`.
    public func associativity() throws(ConvolutionError) -> (gx: Grid, twoPasses: Grid, combined: Grid, onePass: Grid) {
        guard kernels.count == 2, let f = kernels[0].grid, let g = kernels[1].grid else {
            throw .empty(name: "kernel pair for associativity")
        }
        let full = Geometry(padding: .mode(.full))
        let gx = try convolve2D(input, g, full)
        let two = try convolve2D(gx, f, full)
        let fg = try convolve2D(g, f, full)
        let one = try convolve2D(input, fg, full)
        return (gx, two, fg, one)
    }
}

extension Lesson {
    /// Every `expect` checked against the reference module, plus the identities a part draws
    /// (associativity: both sides equal).
    public func verify(simulation: SimulationResult? = nil) -> [Check] {
        if let network { return verifyNetwork(network, simulation: simulation) }
        if let layer { return verifyLayer(layer) }
        var checks: [Check] = []
        for (pi, part) in parts.enumerated() {
            let partName = part.label.isEmpty ? (parts.count > 1 ? "part \(pi + 1)" : "") : part.label
            // Each output a part's expectations ask for is computed once, however many cells they check.
            var maps: [(name: String, map: Grid)]?
            var association: (gx: Grid, twoPasses: Grid, combined: Grid, onePass: Grid)?
            var outputs: [ConvCore.Operation: Grid] = [:]
            for e in part.expectations {
                var computed: Double?
                var what: String
                var note = ""
                do {
                    let grid: Grid
                    if let map = e.map {
                        what = "\(map) y\(e.at)"
                        if maps == nil { maps = try part.featureMaps() }
                        guard let found = maps?.first(where: { $0.name == map }) else {
                            throw ConvolutionError.empty(name: "feature map \(map)")
                        }
                        grid = found.map
                    } else if part.render.contains(.associativity) {
                        what = "(F∗G)∗x y\(e.at)"
                        let a = try association ?? part.associativity()
                        association = a
                        grid = a.onePass
                    } else {
                        let op = e.operation ?? part.operation
                        what = (op == .convolution ? "x∗k" : "x⋆k") + (part.dimension == 1 ? " y[\(e.at.col)]" : " y\(e.at)")
                        let out = try outputs[op] ?? part.plan(op).output
                        outputs[op] = out
                        grid = out
                    }
                    if grid.contains(e.at.row, e.at.col) {
                        computed = grid[e.at]
                    } else {
                        note = "no such output cell: the output is \(grid.rows)×\(grid.cols)"
                    }
                } catch {
                    what = "y\(e.at)"
                    note = "\(error)"
                }
                if !partName.isEmpty { what = "\(partName): \(what)" }
                let ok = computed.map { abs($0 - e.value) <= e.tolerance * max(1, abs(e.value)) } ?? false
                checks.append(Check(lesson: name, what: what, expected: e.value, computed: computed,
                                    location: e.location, passed: ok, note: note))
            }
            if part.render.contains(.associativity), let a = try? association ?? part.associativity() {
                let diff = zip(a.twoPasses.values, a.onePass.values).map { abs($0 - $1) }.max() ?? 0
                checks.append(Check(lesson: name, what: "\(partName.isEmpty ? "" : partName + ": ")max |F∗(G∗x) − (F∗G)∗x|",
                                    expected: 0, computed: diff, location: part.location, passed: diff == 0, note: ""))
            }
        }
        return checks
    }
}

extension Lesson {
    func verifyNetwork(_ network: NetworkLesson, simulation: SimulationResult?) -> [Check] {
        let result: SimulationResult
        do {
            result = try simulation ?? simulate(network.config)
        } catch {
            return [Check(lesson: name, what: "simulation", expected: 0, computed: nil, location: path, passed: false, note: "\(error)")]
        }
        return network.expectations.map { e in
            let r = result.results.first { $0.initialization == e.initialization }!
            let s = (e.gradient ? r.gradients : r.activations)[e.layer - 1]
            let value: Double
            switch e.statistic {
            case .std: value = s.std
            case .mean: value = s.mean
            case .saturated: value = s.saturated
            case .p98: value = s.p98
            }
            let what = "\(e.initialization.rawValue) layer \(e.layer) \(e.gradient ? "gradient" : "activation") \(e.statistic.rawValue)"
            let ok = abs(value - e.value) <= e.tolerance * max(abs(e.value), 1e-12)
            return Check(lesson: name, what: what, expected: e.value, computed: value, location: e.location, passed: ok,
                         note: "within \(NumberFormat.string(e.tolerance * 100)) %")
        }
    }
}

