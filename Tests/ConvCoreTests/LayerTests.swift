import ConvCore
import Testing
import TestSupport

/// A random layer: channels, filters, groups, kernel, padding, stride, dilation, boundary, bias.
/// Integer data, so sums in any order are exact and identities hold with `==`.
struct RandomLayerCase: Sendable, CustomTestStringConvertible {
    let seed: UInt64
    let input: Volume
    let weights: [[Grid]]
    let biases: [Double]
    let geometry: Geometry
    let groups: Int

    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        let groups = [1, 1, 2, 3].randomElement(using: &rng) ?? 1
        let perGroup = Int.random(in: 1...3, using: &rng), filtersPerGroup = Int.random(in: 1...3, using: &rng)
        let kr = Int.random(in: 1...4, using: &rng), kc = Int.random(in: 1...4, using: &rng)
        let dilation = Axes(y: Int.random(in: 1...2, using: &rng), x: Int.random(in: 1...2, using: &rng))
        let h = dilation.y * (kr - 1) + 1 + Int.random(in: 0...6, using: &rng)
        let w = dilation.x * (kc - 1) + 1 + Int.random(in: 0...6, using: &rng)
        input = try! Volume((0..<(groups * perGroup)).map { _ in Grid.randomIntegers(rows: h, cols: w, using: &rng) })
        weights = (0..<(groups * filtersPerGroup)).map { _ in
            (0..<perGroup).map { _ in Grid.randomIntegers(rows: kr, cols: kc, using: &rng) }
        }
        biases = weights.map { _ in Double(Int.random(in: -20...20, using: &rng)) }
        let padding = Padding(top: Int.random(in: 0...2, using: &rng), bottom: Int.random(in: 0...2, using: &rng),
                              left: Int.random(in: 0...2, using: &rng), right: Int.random(in: 0...2, using: &rng))
        geometry = Geometry(padding: .explicit(padding), boundary: Boundary.allCases.randomElement(using: &rng) ?? .zero,
                            stride: Axes(y: Int.random(in: 1...3, using: &rng), x: Int.random(in: 1...3, using: &rng)),
                            dilation: dilation)
        self.groups = groups
    }

    var layer: ConvLayer { try! ConvLayer(weights: weights, biases: biases, geometry: geometry, groups: groups) }

    var testDescription: String {
        "seed \(seed): \(input.shapeText) input, \(weights.count) filters of \(weights[0].count)×\(weights[0][0].rows)×\(weights[0][0].cols), groups \(groups), \(geometry.boundary)"
    }
}

@Suite("The convolution layer")
struct LayerTests {
    static let cases = (1...40).map { RandomLayerCase(seed: UInt64(1000 + $0)) }

    // MARK: - Hand-computed values

    @Test("The lecture's patch as one channel, through K′ with bias b, is 65 + b")
    func lecture65PlusBias() throws {
        let patch = try Grid([[200, 150, 150], [100, 50, 100], [25, 25, 10]])
        let kPrime = try Grid([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
        // 200·1 + 150·0 + 150·(−1) + 100·2 + 50·0 + 100·(−2) + 25·1 + 25·0 + 10·(−1) = 65; + b = 65 − 7 = 58.
        let layer = try ConvLayer(weights: [[kPrime]], biases: [-7])
        let y = try layer.forward(Volume(single: patch))
        #expect(y.shapeText == "1×1×1")
        #expect(y[0, 0, 0] == 58)
        let step = try layer.step(Volume(single: patch), filter: 0, output: GridIndex(0, 0))
        #expect(step.terms.count == 1 && step.terms[0].partial == 65 && step.bias == -7 && step.result == 58)
        #expect(step.lines == [
            "y[0](0,0) = x[0] ⋆ w[0,0] + b[0]",
            "  x[0] ⋆ w[0,0] = 200·1 + 150·0 + 150·(−1) + 100·2 + 50·0 + 100·(−2) + 25·1 + 25·0 + 10·(−1) = 65",
            "  y[0](0,0) = 65 + (−7) = 58",
        ])
    }

    @Test("Two channels, two filters of 2×2, a bias each")
    func twoChannelsTwoFilters() throws {
        let x = try Volume([Grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), Grid([[1, 0, 1], [0, 1, 0], [1, 0, 1]])])
        // Filter 0: w[0,0] = [1 0; 0 1] (main diagonal), w[0,1] = [2 0; 0 -1]; bias 5.
        // Filter 1: w[1,0] = [0 1; 1 0] (anti-diagonal), w[1,1] = [1 1; 1 1]; bias −1.
        let layer = try ConvLayer(weights: [[Grid([[1, 0], [0, 1]]), Grid([[2, 0], [0, -1]])],
                                            [Grid([[0, 1], [1, 0]]), Grid([[1, 1], [1, 1]])]], biases: [5, -1])
        let y = try layer.forward(x)
        // y[0](0,0) = (1 + 5) + (2·1 − 1·1) + 5 = 6 + 1 + 5 = 12;  (0,1) = (2 + 6) + (0 − 0) + 5 = 13
        // y[0](1,0) = (4 + 8) + (0 − 0) + 5 = 17;                    (1,1) = (5 + 9) + (2 − 1) + 5 = 20
        #expect(y[0].nestedRows == [[12, 13], [17, 20]])
        // y[1](0,0) = (2 + 4) + (1 + 0 + 0 + 1) − 1 = 7;   (0,1) = (3 + 5) + (0 + 1 + 1 + 0) − 1 = 9
        // y[1](1,0) = (5 + 7) + (0 + 1 + 1 + 0) − 1 = 13;  (1,1) = (6 + 8) + (1 + 0 + 0 + 1) − 1 = 15
        #expect(y[1].nestedRows == [[7, 9], [13, 15]])
        #expect(layer.parameterCount == (2 * 2 * 2 + 1) * 2)
        let s = try layer.step(x, filter: 0, output: GridIndex(1, 1))
        #expect(s.lines.last == "  y[0](1,1) = 14 + 1 + 5 = 20")
        #expect(s.terms.map(\.channel) == [0, 1])
        #expect(s.terms[1].step.taps.map(\.product) == [2, 0, 0, -1])
    }

    @Test("Groups: with g = 2, filter 0 sees channels 0–1 and filter 1 channels 2–3")
    func groupsByHand() throws {
        let ones = Grid(rows: 1, cols: 1, repeating: 1)
        let x = try Volume([1, 10, 100, 1000].map { Grid(rows: 1, cols: 1, repeating: $0) })
        let layer = try ConvLayer(weights: [[ones, ones], [ones, ones]], groups: 2)
        // Filter 0: 1 + 10 = 11; filter 1: 100 + 1000 = 1100.
        #expect(try layer.forward(x).channels.map { $0[0, 0] } == [11, 1100])
        #expect(layer.inputChannels == 4 && layer.parameterCount == (2 + 1) * 2)
    }

    @Test("The layer's formula reads like the lecture's, with the parameters that matter")
    func formula() throws {
        var rng = SplitMix64(seed: 10)
        let x = try Volume([Grid.randomIntegers(rows: 5, cols: 5, using: &rng), Grid.randomIntegers(rows: 5, cols: 5, using: &rng)])
        let plain = try ConvLayer(weights: [[Grid(rows: 3, cols: 3, repeating: 1), Grid(rows: 3, cols: 3, repeating: 1)]])
        #expect(try plain.formulaText(for: x) == [
            "y[m](i,j) = Σ_c Σ_a Σ_b x[c](i + a, j + b)·w[m,c](a,b) + b[m],  c ∈ 0…C − 1, a ∈ 0…k₁ − 1, b ∈ 0…k₂ − 1",
            "where C = 2, k₁ = 3, k₂ = 3",
        ])
        let strided = try ConvLayer(weights: plain.weights, geometry: Geometry(padding: .explicit(Padding(1)), stride: Axes(2)))
        #expect(try strided.formulaText(for: x)[0].contains("x[c](s·i − p_top + a, s·j − p_left + b)"))
    }

    // MARK: - Properties

    @Test("One channel, one filter: the layer is correlate2D exactly (bias included)", arguments: cases)
    func oneChannelIsCorrelation(c: RandomLayerCase) throws {
        let x = c.input[0], k = c.weights[0][0], b = c.biases[0]
        let layer = try ConvLayer(weights: [[k]], biases: [b], geometry: c.geometry)
        var g = c.geometry
        g.bias = b
        let expected = try correlate2D(x, k, g)
        let y = try layer.forward(Volume(single: x))
        #expect(y.count == 1)
        #expect(y[0].values.map(\.bitPattern) == expected.values.map(\.bitPattern))
    }

    @Test("A layer is the sum over its channels of 2D correlations, plus the bias", arguments: cases)
    func sumOfCorrelations(c: RandomLayerCase) throws {
        let layer = c.layer
        let y = try layer.forward(c.input)
        for m in 0..<layer.filterCount {
            // The filter's group, written out here rather than asked of the layer.
            let group = m / (layer.filterCount / c.groups)
            var sum: [Double]?
            for slice in 0..<c.weights[m].count {
                let channel = group * c.weights[m].count + slice
                let p = try correlate2D(c.input[channel], c.weights[m][slice], c.geometry).values
                sum = sum.map { zip($0, p).map(+) } ?? p
            }
            #expect(y[m].values == (sum ?? []).map { $0 + c.biases[m] }, "filter \(m)")
        }
    }

    @Test("Linearity: f(αx + βx′) − b = α(f(x) − b) + β(f(x′) − b)", arguments: cases.prefix(20))
    func linearity(c: RandomLayerCase) throws {
        var rng = SplitMix64(seed: c.seed)
        let other = try Volume(c.input.channels.map { Grid.randomIntegers(rows: $0.rows, cols: $0.cols, using: &rng) })
        let (alpha, beta) = (3.0, -2.0)
        let mixed = try Volume(zip(c.input.channels, other.channels).map { a, b in
            Grid(rows: a.rows, cols: a.cols, values: zip(a.values, b.values).map { alpha * $0 + beta * $1 })
        })
        let layer = c.layer
        let (y, y1, y2) = (try layer.forward(mixed), try layer.forward(c.input), try layer.forward(other))
        for m in 0..<layer.filterCount {
            let b = c.biases[m]
            let expected = zip(y1[m].values, y2[m].values).map { alpha * ($0 - b) + beta * ($1 - b) }
            #expect(y[m].values.map { $0 - b } == expected)
        }
    }

    @Test("Groups: a grouped layer is its groups run as separate layers, stacked", arguments: cases.filter { $0.groups > 1 })
    func groupsAreSeparateLayers(c: RandomLayerCase) throws {
        let y = try c.layer.forward(c.input)
        let perGroup = c.weights.count / c.groups, channels = c.weights[0].count
        for g in 0..<c.groups {
            let part = try ConvLayer(weights: Array(c.weights[(g * perGroup)..<((g + 1) * perGroup)]),
                                     biases: Array(c.biases[(g * perGroup)..<((g + 1) * perGroup)]), geometry: c.geometry)
            let x = try Volume(Array(c.input.channels[(g * channels)..<((g + 1) * channels)]))
            let yg = try part.forward(x)
            for m in 0..<perGroup { #expect(yg[m] == y[g * perGroup + m], "group \(g), filter \(m)") }
        }
    }

    @Test("Every step's result is its output cell exactly, and its partials are the channels' steps", arguments: cases)
    func stepsEqualOutput(c: RandomLayerCase) throws {
        let layer = c.layer
        let y = try layer.forward(c.input)
        #expect(try layer.stepCount(for: c.input) == y.count * y.rows * y.cols)
        let all = try layer.steps(c.input)
        #expect(all.count == y.count * y.rows * y.cols)
        for i in 0..<(try layer.stepCount(for: c.input)) {
            let (m, o) = try layer.position(ofStep: i, for: c.input)
            let s = try layer.step(c.input, filter: m, output: o)
            #expect(all[i] == s)
            #expect(s.result.bitPattern == y[m, o.row, o.col].bitPattern)
            #expect(s.total + s.bias == s.result)
            #expect(s.terms.map(\.partial).reduce(0, +) == s.total)
        }
    }

    @Test("Shapes that do not fit are refused with a sentence")
    func badShapes() throws {
        let k = Grid(rows: 2, cols: 2, repeating: 1)
        let x = try Volume([Grid(rows: 3, cols: 3), Grid(rows: 3, cols: 3)])
        let layer = try ConvLayer(weights: [[k, k, k]])
        #expect(throws: ConvolutionError.shapes("The input has 2 channels but each filter has 3: give the input C×H×W with C = 3, or weights M×2×k₁×k₂.")) {
            try layer.forward(x)
        }
        #expect(throws: ConvolutionError.shapes("There are 2 biases for 1 filter: give one bias per filter.")) {
            try ConvLayer(weights: [[k]], biases: [1, 2])
        }
        #expect(throws: ConvolutionError.shapes("3 filters cannot be split into 2 groups: use a number of groups that divides the number of filters.")) {
            try ConvLayer(weights: [[k], [k], [k]], groups: 2)
        }
        #expect(throws: ConvolutionError.beyondLimit(field: "number of filters", value: 65, limit: 64)) {
            try ConvLayer(weights: Array(repeating: [k], count: 65))
        }
        // 64 filters of 1×1 over a 1024×1024 input: each map is within the limit, the 64 together are not.
        let many = try ConvLayer(weights: Array(repeating: [Grid(rows: 1, cols: 1, repeating: 1)], count: 64))
        #expect(throws: ConvolutionError.tooLarge(name: "output", count: 64 * 1024 * 1024, limit: Limits.maxOutputValues)) {
            try many.layout(for: Volume(single: Grid(rows: 1024, cols: 1024)))
        }
        #expect(throws: ConvolutionError.shapes("Filter 1 does not exist: this layer has filters 0 to 0.")) {
            try layer.step(Volume([Grid(rows: 3, cols: 3), Grid(rows: 3, cols: 3), Grid(rows: 3, cols: 3)]), filter: 1, output: GridIndex(0, 0))
        }
    }
}

@Suite("A layer's work is bounded")
struct LayerWorkTests {
    @Test("64 filters of 3×64×64 over a 3×512×512 picture (1.6·10¹¹ products) are refused at once, in one sentence")
    func tooMuchWork() throws {
        let k = Grid(rows: 64, cols: 64)
        let layer = try ConvLayer(weights: Array(repeating: [k, k, k], count: 64))
        let x = Volume(count: 3, rows: 512, cols: 512)
        // 449² output cells per map × 64 maps × 3·64·64 products each = 158 545 477 632.
        #expect(throws: ConvolutionError.shapes("The layer would compute 158545477632 products, more than the limit of 34359738368 (a few seconds' work): use a smaller input, fewer filters or smaller kernels.")) {
            _ = try layer.forward(x)
        }
        // 8 filters: 8 · 449² · 12 288 = 1.98·10¹⁰ products, within the limit.
        let small = try ConvLayer(weights: Array(repeating: [k, k, k], count: 8))
        #expect(throws: Never.self) { _ = try small.layout(for: x) }
    }
}

@Suite("Loops without a fast path are bounded")
struct LoopWorkTests {
    @Test("A transposed convolution of 1024² with a 64×64 kernel, and the gradients of a large layer, are refused at once")
    func bounded() throws {
        // 1024² stamps of 4096 products = 4 294 967 296 > 2³⁰.
        #expect(throws: ConvolutionError.shapes("The transposed convolution would compute 4294967296 products, more than the limit of 1073741824 (a few seconds' work): use a smaller input, fewer filters or smaller kernels.")) {
            _ = try TransposedConvolution2D(input: Grid(rows: 1024, cols: 1024), kernel: Grid(rows: 64, cols: 64))
        }
        // 16 filters over 16 channels of 256², 9×9, same padding: 16·256² cells × 2·16·81 = 2 717 908 992 > 2³⁰.
        let k = Grid(rows: 9, cols: 9)
        let layer = try ConvLayer(weights: Array(repeating: Array(repeating: k, count: 16), count: 16), geometry: Geometry(padding: .mode(.same)))
        let x = Volume(count: 16, rows: 256, cols: 256)
        let g = Volume(count: 16, rows: 256, cols: 256)
        #expect(throws: ConvolutionError.shapes("The backward pass would compute 2717908992 products, more than the limit of 1073741824 (a few seconds' work): use a smaller input, fewer filters or smaller kernels.")) {
            _ = try layer.gradients(x, outputGradient: g)
        }
    }
}
