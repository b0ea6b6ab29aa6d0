import ConvCore
import Testing
import TestSupport

/// A random layer: channels, filters, groups, kernel, padding on each side, stride, dilation and
/// boundary, with real-valued input, weights, biases and output gradient.
struct LayerCase: Sendable, CustomTestStringConvertible {
    let seed: UInt64
    let weights: [[Grid]]
    let biases: [Double]
    let groups: Int
    let geometry: Geometry
    let input: Volume
    let outputGradient: Volume

    init(seed: UInt64) throws {
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        groups = [1, 1, 2, 3].randomElement(using: &rng)!
        let perGroupIn = Int.random(in: 1...2, using: &rng), perGroupOut = Int.random(in: 1...2, using: &rng)
        let kr = Int.random(in: 1...4, using: &rng), kc = Int.random(in: 1...4, using: &rng)
        let stride = Axes(y: Int.random(in: 1...3, using: &rng), x: Int.random(in: 1...3, using: &rng))
        let dilation = Axes(y: Int.random(in: 1...2, using: &rng), x: Int.random(in: 1...2, using: &rng))
        let boundary = seed % 2 == 0 ? .zero : Boundary.allCases.randomElement(using: &rng)!
        let padding = Padding(top: Int.random(in: 0...2, using: &rng), bottom: Int.random(in: 0...2, using: &rng),
                              left: Int.random(in: 0...2, using: &rng), right: Int.random(in: 0...2, using: &rng))
        let rows = dilation.y * (kr - 1) + 1 + Int.random(in: 0...4, using: &rng)
        let cols = dilation.x * (kc - 1) + 1 + Int.random(in: 0...4, using: &rng)
        geometry = Geometry(padding: .explicit(padding), boundary: boundary, stride: stride, dilation: dilation)
        var w: [[Grid]] = []
        for _ in 0..<(perGroupOut * groups) {
            w.append((0..<perGroupIn).map { _ in Grid.randomReals(rows: kr, cols: kc, using: &rng) })
        }
        weights = w
        biases = (0..<(perGroupOut * groups)).map { _ in Double.random(in: -1...1, using: &rng) }
        input = .random(count: perGroupIn * groups, rows: rows, cols: cols, using: &rng)
        let l = try Layout(inputRows: rows, inputCols: cols, kernelRows: kr, kernelCols: kc, geometry: geometry)
        outputGradient = .random(count: perGroupOut * groups, rows: l.outputRows, cols: l.outputCols, using: &rng)
    }

    func layer() throws -> ConvLayer { try ConvLayer(weights: weights, biases: biases, geometry: geometry, groups: groups) }

    var testDescription: String {
        let k = weights[0][0]
        return "seed \(seed): \(input.shapeText) → \(weights.count) filters of \(k.rows)×\(k.cols), groups \(groups), "
            + "pad \(geometry.resolvedPadding(kernelRows: 1, kernelCols: 1)), stride \(geometry.stride), "
            + "dilation \(geometry.dilation), \(geometry.boundary)"
    }
}

/// A random single-channel case with integer data (so that different summation orders agree exactly),
/// either operation and any boundary.
struct ChannelCase: Sendable, CustomTestStringConvertible {
    let base: RandomCase
    let operation: ConvCore.Operation
    let boundary: Boundary
    let outputGradient: Grid

    init(seed: UInt64) throws {
        base = RandomCase(seed: seed)
        var rng = SplitMix64(seed: seed &* 7919)
        operation = seed % 2 == 0 ? .correlation : .convolution
        boundary = Boundary.allCases[Int(seed / 2) % Boundary.allCases.count]
        let plan = try Convolution2D(input: base.input, kernel: base.kernel, operation: .correlation, geometry: base.geometry)
        outputGradient = .randomIntegers(rows: plan.output.rows, cols: plan.output.cols, using: &rng)
    }

    var geometry: Geometry {
        var g = base.geometry
        g.boundary = boundary
        g.bias = 3
        return g
    }
    func plan() throws -> Convolution2D {
        try Convolution2D(input: base.input, kernel: base.kernel, operation: operation, geometry: geometry)
    }
    var testDescription: String { "\(base.testDescription), \(operation), \(boundary)" }
}

@Suite("Gradients of a convolution: ∂L/∂x, ∂L/∂k, ∂L/∂b")
struct GradientTests {
    static let layerCases = (1...30).map { try! LayerCase(seed: UInt64($0)) }
    static let channelCases = (1...40).map { try! ChannelCase(seed: UInt64($0)) }

    // MARK: - Against finite differences

    @Test("Layer gradients equal central differences of L = Σ g ⊙ y (input, weights, biases)", arguments: layerCases)
    func layerFiniteDifferences(c: LayerCase) throws {
        let layer = try c.layer()
        let grads = try layer.gradients(c.input, outputGradient: c.outputGradient)
        func loss(_ l: ConvLayer, _ x: Volume) throws -> Double {
            let y = try l.forward(x)
            return zip(y.channels, c.outputGradient.channels).reduce(0) { $0 + $1.0.dot($1.1) }
        }
        // ∂L/∂x, cell by cell.
        var numeric: [Double] = []
        for ch in 0..<c.input.count {
            for r in 0..<c.input.rows {
                for q in 0..<c.input.cols {
                    numeric.append(try centralDifference { h in
                        var x = c.input
                        x[ch, r, q] += h
                        return try loss(layer, x)
                    })
                }
            }
        }
        #expect(allClose(grads.input.flat, numeric, tolerance: 1e-6))
        // ∂L/∂w, weight by weight.
        numeric = []
        var analytic: [Double] = []
        for m in 0..<c.weights.count {
            for s in 0..<c.weights[m].count {
                for i in 0..<c.weights[m][s].values.count {
                    numeric.append(try centralDifference { h in
                        var w = c.weights
                        w[m][s].values[i] += h
                        return try loss(ConvLayer(weights: w, biases: c.biases, geometry: c.geometry, groups: c.groups), c.input)
                    })
                    analytic.append(grads.weights[m][s].values[i])
                }
            }
        }
        #expect(allClose(analytic, numeric, tolerance: 1e-6))
        // ∂L/∂b, bias by bias.
        numeric = try (0..<c.biases.count).map { m in
            try centralDifference { h in
                var b = c.biases
                b[m] += h
                return try loss(ConvLayer(weights: c.weights, biases: b, geometry: c.geometry, groups: c.groups), c.input)
            }
        }
        #expect(allClose(grads.biases, numeric, tolerance: 1e-6))
        #expect(grads.weights.count == c.weights.count && grads.input.shapeText == c.input.shapeText)
    }

    @Test("One channel: gradients equal central differences, for both operations and every boundary", arguments: channelCases)
    func channelFiniteDifferences(c: ChannelCase) throws {
        let plan = try c.plan()
        let g = c.outputGradient
        let grads = try plan.gradients(outputGradient: g)
        let numericX = try (0..<c.base.input.values.count).map { i in
            try centralDifference { h in
                var x = c.base.input
                x.values[i] += h
                return try Convolution2D(input: x, kernel: c.base.kernel, operation: c.operation, geometry: c.geometry).output.dot(g)
            }
        }
        #expect(allClose(grads.input.values, numericX, tolerance: 1e-6))
        let numericK = try (0..<c.base.kernel.values.count).map { i in
            try centralDifference { h in
                var k = c.base.kernel
                k.values[i] += h
                return try Convolution2D(input: c.base.input, kernel: k, operation: c.operation, geometry: c.geometry).output.dot(g)
            }
        }
        #expect(allClose(grads.kernel.values, numericK, tolerance: 1e-6))
        let numericB = try centralDifference { h in
            var geometry = c.geometry
            geometry.bias += h
            return try Convolution2D(input: c.base.input, kernel: c.base.kernel, operation: c.operation, geometry: geometry).output.dot(g)
        }
        #expect(abs(grads.bias - numericB) <= 1e-6 * max(1, abs(numericB)))
    }

    @Test("A one-channel layer's gradients are Convolution2D's", arguments: channelCases.prefix(12))
    func layerMatchesChannel(c: ChannelCase) throws {
        guard c.operation == .correlation else { return }   // a layer correlates
        let layer = try ConvLayer(weights: [[c.base.kernel]], biases: [3], geometry: c.geometry)
        let grads = try layer.gradients(Volume(single: c.base.input), outputGradient: Volume(single: c.outputGradient))
        let single = try c.plan().gradients(outputGradient: c.outputGradient)
        #expect(grads.input[0] == single.input && grads.weights[0][0] == single.kernel && grads.biases == [single.bias])
    }

    // MARK: - The two views

    @Test("∂L/∂x is the full convolution of the zero-inserted ∂L/∂y with the kernel; ∂L/∂k a correlation of x with ∂L/∂y",
          arguments: channelCases)
    func views(c: ChannelCase) throws {
        let plan = try c.plan()
        let grads = try plan.gradients(outputGradient: c.outputGradient)
        let asConvolution = try plan.inputGradientAsConvolution(outputGradient: c.outputGradient)
        #expect(asConvolution.inputGradient == grads.input)
        // The flip comes back: a correlating forward pass convolves backwards, and vice versa.
        #expect(asConvolution.plan.operation == (c.operation == .correlation ? .convolution : .correlation))
        #expect(asConvolution.plan.geometry.stride == Axes(1))
        #expect(asConvolution.zeroInsertedGradient == c.outputGradient.zeroInserted(stride: c.base.stride))
        // One cell of the full convolution per padded input cell.
        let p = plan.padding
        #expect(asConvolution.plan.output.rows == c.base.input.rows + p.top + p.bottom)
        #expect(asConvolution.plan.output.cols == c.base.input.cols + p.left + p.right)
        #expect(try plan.kernelGradientAsCorrelation(outputGradient: c.outputGradient).kernelGradient == grads.kernel)
    }

    @Test("Each ∂L/∂x(u,v) is the sum of its terms, exactly, for every input cell", arguments: channelCases.prefix(20))
    func inputGradientSteps(c: ChannelCase) throws {
        let plan = try c.plan()
        let grads = try plan.gradients(outputGradient: c.outputGradient)
        for r in 0..<plan.input.rows {
            for q in 0..<plan.input.cols {
                let step = try plan.inputGradientStep(at: GridIndex(r, q), outputGradient: c.outputGradient)
                #expect(step.sum == grads.input[r, q])
                for t in step.terms {
                    // The tap really read this cell: the forward step's tap at that window position.
                    let tap = try plan.step(t.output.row * plan.output.cols + t.output.col).taps[t.window.row * plan.kernel.cols + t.window.col]
                    #expect(tap.source == GridIndex(r, q) && tap.input == t.read && tap.weight == t.weight)
                    #expect(tap.kernelIndex == t.kernelIndex && t.outputGradient == c.outputGradient[t.output])
                }
            }
        }
    }

    @Test("Seen from an input cell, the kernel is flipped: the weights it met, written on the output cells, are rot180(k)")
    func flipComesBack() throws {
        let k = try Grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        var rng = SplitMix64(seed: 3)
        let x = Grid.randomIntegers(rows: 5, cols: 5, using: &rng)
        let plan = try Convolution2D(input: x, kernel: k, operation: .correlation)
        let step = try plan.inputGradientStep(at: GridIndex(2, 2), outputGradient: Grid(rows: 3, cols: 3, repeating: 1))
        // x(2,2) is read by every one of the 3×3 outputs, y(i,j) through k(2 − i, 2 − j).
        var seen = Grid(rows: 3, cols: 3)
        for t in step.terms { seen[t.output] = t.weight }
        #expect(step.terms.count == 9)
        #expect(seen == k.rotated180())
        #expect(step.terms.map(\.kernelIndex) == [GridIndex(2, 2), GridIndex(2, 1), GridIndex(2, 0), GridIndex(1, 2), GridIndex(1, 1),
                                                  GridIndex(1, 0), GridIndex(0, 2), GridIndex(0, 1), GridIndex(0, 0)])
        #expect(step.sum == 45)
        // A corner cell is read by one window only, through k(0,0).
        let corner = try plan.inputGradientStep(at: GridIndex(0, 0), outputGradient: Grid(rows: 3, cols: 3, repeating: 1))
        #expect(corner.terms.map(\.kernelIndex) == [GridIndex(0, 0)] && corner.sum == 1)
    }

    @Test("With a copying boundary, a cell collects the gradient of the padding cells that copy it")
    func foldedPadding() throws {
        // 1×3 input, 1×1 kernel 1, replicate padding 2 on the left: the padded row is x0 x0 x0 x1 x2,
        // so x0 appears three times and collects three output gradients.
        let x = try Grid([[1, 2, 3]]), k = try Grid([[1]])
        let g = Geometry(padding: .explicit(Padding(top: 0, bottom: 0, left: 2, right: 0)), boundary: .replicate)
        let plan = try Convolution2D(input: x, kernel: k, operation: .correlation, geometry: g)
        let dy = try Grid([[10, 20, 30, 40, 50]])
        let grads = try plan.gradients(outputGradient: dy)
        #expect(grads.input.values == [60, 40, 50])
        #expect(grads.kernel.values == [290])   // 10·1 + 20·1 + 30·1 + 40·2 + 50·3
        let step = try plan.inputGradientStep(at: GridIndex(0, 0), outputGradient: dy)
        #expect(step.terms.map(\.read) == [GridIndex(0, -2), GridIndex(0, -1), GridIndex(0, 0)])
        // Zero padding instead: the padding cells' gradients go nowhere.
        let zero = try Convolution2D(input: x, kernel: k, operation: .correlation,
                                     geometry: Geometry(padding: .explicit(Padding(top: 0, bottom: 0, left: 2, right: 0))))
        #expect(try zero.gradients(outputGradient: dy).input.values == [30, 40, 50])
    }

    // MARK: - By hand

    @Test("The lecture's 65 with ∂L/∂y = 1: ∂L/∂x is the kernel, ∂L/∂k the input, ∂L/∂b = 1")
    func lecture65() throws {
        let patch = try Grid([[200, 150, 150], [100, 50, 100], [25, 25, 10]])
        let kPrime = try Grid([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
        let plan = try Convolution2D(input: patch, kernel: kPrime, operation: .correlation)
        #expect(plan.output.values == [65])
        let grads = try plan.gradients(outputGradient: Grid(rows: 1, cols: 1, repeating: 1))
        #expect(grads.input == kPrime)
        #expect(grads.kernel == patch)
        #expect(grads.bias == 1)
        // The same 65 as a convolution with K = rot180(K′): the gradients are flipped to match.
        let conv = try Convolution2D(input: patch, kernel: NamedKernel.sobelX.grid, operation: .convolution)
        let cg = try conv.gradients(outputGradient: Grid(rows: 1, cols: 1, repeating: 1))
        #expect(cg.input == kPrime)                  // what multiplied each input cell
        #expect(cg.kernel == patch.rotated180())     // K(a,b) multiplied x(2 − a, 2 − b)
        // ∂L/∂y = 2 doubles everything.
        let twice = try plan.gradients(outputGradient: Grid(rows: 1, cols: 1, repeating: 2))
        #expect(twice.input.values == kPrime.values.map { 2 * $0 } && twice.bias == 2)
    }

    @Test("Stride 2 by hand: ∂L/∂x spreads ∂L/∂y with a zero between")
    func stride2ByHand() throws {
        // x = 1…5, k = [1 2 3], stride 2, valid: y0 = x0 + 2x1 + 3x2, y1 = x2 + 2x3 + 3x4.
        // With ∂L/∂y = [a b] = [10 100]: ∂L/∂x = [a, 2a, 3a + b, 2b, 3b] = [10, 20, 130, 200, 300],
        // the full convolution [10 0 100] ∗ [1 2 3]; ∂L/∂k = [a·x0 + b·x2, a·x1 + b·x3, a·x2 + b·x4].
        let x = try Grid([[1, 2, 3, 4, 5]]), k = try Grid([[1, 2, 3]])
        let plan = try Convolution2D(input: x, kernel: k, operation: .correlation, geometry: Geometry(stride: Axes(2)))
        let g = try Grid([[10, 100]])
        let grads = try plan.gradients(outputGradient: g)
        #expect(grads.input.values == [10, 20, 130, 200, 300])
        #expect(grads.kernel.values == [310, 420, 530])   // [10·1 + 100·3, 10·2 + 100·4, 10·3 + 100·5]
        let view = try plan.inputGradientAsConvolution(outputGradient: g)
        #expect(view.zeroInsertedGradient.values == [10, 0, 100])
        #expect(view.inputGradient.values == [10, 20, 130, 200, 300])
    }

    // MARK: - Errors

    @Test("A gradient of the wrong shape, a cell outside the input, a gradient volume of the wrong shape: one sentence each")
    func errors() throws {
        let plan = try Convolution2D(input: Grid(rows: 4, cols: 4, repeating: 1), kernel: Grid(rows: 3, cols: 3, repeating: 1),
                                     operation: .correlation)
        #expect(throws: ConvolutionError.shapes("The output gradient is 3×3 but the output is 2×2: give ∂L/∂y the output's shape.")) {
            try plan.gradients(outputGradient: Grid(rows: 3, cols: 3))
        }
        var bad = Grid(rows: 2, cols: 2)
        bad[1, 0] = .nan
        #expect(throws: ConvolutionError.notFinite(name: "output gradient", row: 1, col: 0)) {
            try plan.gradients(outputGradient: bad)
        }
        #expect(throws: ConvolutionError.self) { try plan.inputGradientStep(at: GridIndex(4, 0), outputGradient: Grid(rows: 2, cols: 2)) }
        let layer = try ConvLayer(weights: [[Grid(rows: 3, cols: 3, repeating: 1)]])
        #expect(throws: ConvolutionError.shapes("The output gradient is 2×2×2 but the output is 1×2×2: give ∂L/∂y the output's shape.")) {
            try layer.gradients(Volume(single: Grid(rows: 4, cols: 4)), outputGradient: Volume(count: 2, rows: 2, cols: 2))
        }
    }
}
