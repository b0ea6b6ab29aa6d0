import ConvCore
import Testing
import TestSupport

/// A random transposed convolution: kernel, stride, padding, output padding (below the stride or
/// the dilation) and dilation per axis, with integer data so that every identity holds exactly.
struct TransposedCase: Sendable, CustomTestStringConvertible {
    let seed: UInt64
    let input: Grid
    let kernel: Grid
    let geometry: TransposedGeometry
    let bias: Double

    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(seed: seed &+ 1000)
        let kr = Int.random(in: 1...4, using: &rng), kc = Int.random(in: 1...4, using: &rng)
        let s = Axes(y: Int.random(in: 1...3, using: &rng), x: Int.random(in: 1...3, using: &rng))
        let d = Axes(y: Int.random(in: 1...3, using: &rng), x: Int.random(in: 1...3, using: &rng))
        let op = Axes(y: Int.random(in: 0..<max(s.y, d.y), using: &rng), x: Int.random(in: 0..<max(s.x, d.x), using: &rng))
        input = .randomIntegers(rows: Int.random(in: 1...5, using: &rng), cols: Int.random(in: 1...5, using: &rng), using: &rng)
        kernel = .randomIntegers(rows: kr, cols: kc, using: &rng)
        // Any padding that leaves at least one output cell (it may exceed d(k−1): the gather then crops).
        var p = Axes(y: Int.random(in: 0...3, using: &rng), x: Int.random(in: 0...3, using: &rng))
        while (input.rows - 1) * s.y - 2 * p.y + d.y * (kr - 1) + op.y + 1 < 1 { p.y -= 1 }
        while (input.cols - 1) * s.x - 2 * p.x + d.x * (kc - 1) + op.x + 1 < 1 { p.x -= 1 }
        geometry = TransposedGeometry(stride: s, padding: p, outputPadding: op, dilation: d)
        bias = Double(Int.random(in: -3...3, using: &rng))
    }

    func plan() throws -> TransposedConvolution2D {
        try TransposedConvolution2D(input: input, kernel: kernel, geometry: geometry, bias: bias)
    }

    var testDescription: String {
        "seed \(seed): \(input.rows)×\(input.cols) input, \(kernel.rows)×\(kernel.cols) kernel, stride \(geometry.stride), "
            + "padding \(geometry.padding), output padding \(geometry.outputPadding), dilation \(geometry.dilation)"
    }
}

/// A random transposed layer: input channels, output channels per group, groups, and a geometry.
struct TransposedLayerCase: Sendable, CustomTestStringConvertible {
    let base: TransposedCase
    let weights: [[Grid]]
    let biases: [Double]
    let groups: Int
    let input: Volume

    init(seed: UInt64) {
        let base = TransposedCase(seed: seed)
        self.base = base
        var rng = SplitMix64(seed: seed &+ 2000)
        groups = [1, 2, 3].randomElement(using: &rng)!
        let perGroupIn = Int.random(in: 1...2, using: &rng), perGroupOut = Int.random(in: 1...2, using: &rng)
        var w: [[Grid]] = []
        for _ in 0..<(perGroupIn * groups) {
            w.append((0..<perGroupOut).map { _ in
                Grid.randomIntegers(rows: base.kernel.rows, cols: base.kernel.cols, using: &rng)
            })
        }
        weights = w
        biases = (0..<(perGroupOut * groups)).map { _ in Double(Int.random(in: -3...3, using: &rng)) }
        let groups = self.groups
        input = try! Volume((0..<(perGroupIn * groups)).map { _ in
            Grid.randomIntegers(rows: base.input.rows, cols: base.input.cols, using: &rng)
        })
    }

    func layer() throws -> TransposedConvLayer {
        try TransposedConvLayer(weights: weights, biases: biases, geometry: base.geometry, groups: groups)
    }

    var testDescription: String {
        "\(base.testDescription), \(input.count) → \(biases.count) channels, groups \(groups)"
    }
}

@Suite("Transposed convolution: scatter, gather, Cᵀ and the gradient")
struct TransposedTests {
    static let cases = (1...60).map { TransposedCase(seed: UInt64($0)) }
    static let layerCases = (1...30).map { TransposedLayerCase(seed: UInt64($0)) }

    @Test("Scatter (stamps) and gather (zero-inserted input ∗ kernel, flipped) give the same numbers", arguments: cases)
    func scatterEqualsGather(c: TransposedCase) throws {
        let t = try c.plan()
        let gather = try t.gather()
        #expect(gather.output == t.output)
        #expect(gather.plan.operation == .convolution && gather.plan.geometry.stride == Axes(1))
        #expect(gather.plan.geometry.dilation == c.geometry.dilation)
        #expect(gather.zeroInsertedInput == c.input.zeroInserted(stride: c.geometry.stride))
        // Border d(k−1) − p on each side, and the output padding at the bottom and right only.
        let g = c.geometry
        #expect(gather.border.top == g.dilation.y * (c.kernel.rows - 1) - g.padding.y)
        #expect(gather.border.bottom == gather.border.top + g.outputPadding.y)
        #expect(gather.border.right == gather.border.left + g.outputPadding.x)
        // Every cell of the padded input says what it holds.
        for r in 0..<gather.paddedInput.rows {
            for q in 0..<gather.paddedInput.cols {
                switch gather.cell(r, q) {
                case .input(let at): #expect(gather.paddedInput[r, q] == c.input[at])
                case .insertedZero, .padding: #expect(gather.paddedInput[r, q] == 0)
                }
            }
        }
        let inputs = (0..<gather.paddedInput.rows).flatMap { r in (0..<gather.paddedInput.cols).map { gather.cell(r, $0) } }
            .filter { if case .input = $0 { true } else { false } }
        // Every input cell appears once, unless the padding cropped it (p > d(k−1)).
        #expect(inputs.count <= c.input.values.count)
        if gather.border.top >= 0 && gather.border.bottom >= 0 && gather.border.left >= 0 && gather.border.right >= 0 {
            #expect(inputs.count == c.input.values.count)
        }
    }

    @Test("It is the gradient with respect to the input of the matching convolution", arguments: cases)
    func isTheInputGradient(c: TransposedCase) throws {
        let t = try c.plan()
        let conv = try t.matchingConvolution()
        #expect(conv.input.rows == t.output.rows && conv.input.cols == t.output.cols)
        #expect(conv.operation == .correlation && conv.geometry.stride == c.geometry.stride)
        // The forward convolution maps the output's shape back to the input's (with output padding
        // below the stride; otherwise it has extra cells, which meet zeros).
        let g = c.geometry
        if g.outputPadding.y < g.stride.y { #expect(conv.output.rows == c.input.rows) }
        if g.outputPadding.x < g.stride.x { #expect(conv.output.cols == c.input.cols) }
        let dy = c.input.zeroExtended(rows: conv.output.rows, cols: conv.output.cols)
        let grads = try conv.gradients(outputGradient: dy)
        #expect(grads.input.map { $0 + c.bias } == t.output)
    }

    @Test("It is Cᵀ·x for the matching convolution's matrix C, and that C gives y = C·z", arguments: cases)
    func isCTransposed(c: TransposedCase) throws {
        let t = try c.plan()
        let m = try ConvolutionMatrix(transposedConvolution: t)
        #expect(m.matrix.rows == c.input.values.count && m.matrix.cols == t.output.values.count)
        #expect(m.transposed.rows == t.output.values.count)
        #expect(m.applyTransposed(c.input).map { $0 + c.bias } == t.output)
        // Cᵀ written out: column r of Cᵀ is input cell r's stamp.
        for r in 0..<m.matrix.rows {
            let stamp = try t.stamp(r)
            for mark in stamp.marks where !mark.isCropped {
                guard t.output.contains(mark.output.row, mark.output.col) else {
                    Issue.record("mark \(mark.output) lies outside the output but is not marked cropped")
                    continue
                }
                #expect(m.transposed[mark.output.row * t.output.cols + mark.output.col, r] == mark.weight)
            }
        }
        // And C itself is the forward convolution: y = C·z.
        var rng = SplitMix64(seed: c.seed)
        let z = Grid.randomIntegers(rows: t.output.rows, cols: t.output.cols, using: &rng)
        let p = c.geometry.padding
        let y = try Convolution2D(input: z, kernel: c.kernel, operation: .correlation,
                                  geometry: Geometry(padding: .explicit(Padding(top: p.y, bottom: p.y, left: p.x, right: p.x)),
                                                     stride: c.geometry.stride, dilation: c.geometry.dilation)).output
        let cz = m.apply(z)
        for i in 0..<c.input.rows { for j in 0..<c.input.cols { #expect(cz[i, j] == y[i, j]) } }
    }

    @Test("Stamps list every product; after the last one, plus the bias, the output exactly", arguments: cases.prefix(20))
    func stamps(c: TransposedCase) throws {
        let t = try c.plan()
        var sum = Grid(rows: t.output.rows, cols: t.output.cols)
        for i in 0..<t.stampCount {
            let stamp = try t.stamp(i)
            #expect(stamp.marks.count == c.kernel.values.count)
            #expect(stamp.value == c.input[stamp.input])
            for mark in stamp.marks {
                #expect(mark.product == stamp.value * c.kernel[mark.kernelIndex])
                #expect(mark.output.row == stamp.origin.row + c.geometry.dilation.y * mark.kernelIndex.row)
                let inside = t.output.contains(mark.output.row, mark.output.col)
                #expect(mark.isCropped == !inside)
                if inside { sum[mark.output] += mark.product }
            }
            #expect(try t.partialOutput(through: i) == sum)
        }
        #expect(sum.map { $0 + c.bias } == t.output)
        #expect(throws: ConvolutionError.stepOutOfRange(step: t.stampCount, count: t.stampCount)) { try t.stamp(t.stampCount) }
    }

    @Test("A transposed layer is its matching convolution layer's input gradient (plus biases)", arguments: layerCases)
    func layerIsTheGradient(c: TransposedLayerCase) throws {
        let layer = try c.layer()
        let y = try layer.forward(c.input)
        #expect(y.count == c.biases.count)
        let conv = try layer.matchingConvolution()
        #expect(conv.filterCount == layer.inputChannels && conv.inputChannels == layer.outputChannels)
        let zeros = Volume(count: layer.outputChannels, rows: y.rows, cols: y.cols)
        let outRows = try conv.layout(for: zeros)
        let grads = try conv.gradients(zeros, outputGradient: c.input.zeroExtended(rows: outRows.outputRows, cols: outRows.outputCols))
        for o in 0..<y.count { #expect(grads.input[o].map { $0 + c.biases[o] } == y[o]) }
        // Channel by channel it is a sum of one-channel transposed convolutions.
        for o in 0..<y.count {
            var expected = Grid(rows: y.rows, cols: y.cols, repeating: c.biases[o])
            for ch in 0..<layer.inputChannels {
                for slice in 0..<layer.outputChannelsPerGroup where layer.outputChannel(input: ch, slice: slice) == o {
                    let t = try TransposedConvolution2D(input: c.input[ch], kernel: c.weights[ch][slice], geometry: c.base.geometry)
                    for i in 0..<expected.values.count { expected.values[i] += t.output.values[i] }
                }
            }
            #expect(expected == y[o])
        }
    }

    // MARK: - By hand

    @Test("Output sizes from conv_arithmetic (Dumoulin & Visin): (i−1)s − 2p + d(k−1) + output_padding + 1",
          arguments: zip([(2, 3, 1, 0, 0, 1), (3, 3, 2, 1, 0, 1), (3, 3, 2, 1, 1, 1), (2, 3, 2, 0, 0, 1),
                          (7, 3, 1, 2, 0, 1), (5, 3, 1, 1, 0, 1), (3, 3, 1, 0, 0, 2)],
                         [4, 5, 6, 5, 5, 5, 7]))
    func sizes(config: (Int, Int, Int, Int, Int, Int), expected: Int) throws {
        let (i, k, s, p, op, d) = config
        let t = try TransposedConvolution2D(input: Grid(rows: i, cols: i, repeating: 1), kernel: Grid(rows: k, cols: k, repeating: 1),
                                            geometry: TransposedGeometry(stride: Axes(s), padding: Axes(p), outputPadding: Axes(op),
                                                                         dilation: Axes(d)))
        #expect(t.output.rows == expected && t.output.cols == expected)
        #expect(transposedOutputSize(input: i, kernel: k, stride: s, padding: p, outputPadding: op, dilation: d) == expected)
        // The forward convolution with the same k, s, p, d maps the size back.
        #expect(outputSize(input: expected, kernel: k, padding: p, stride: s, dilation: d) == i)
    }

    @Test("Stride 2 by hand: overlapping stamps add, padding crops, output padding adds a row and a column")
    func stride2ByHand() throws {
        // x = [1 2; 3 4], k = 3×3 ones, stride 2: x(r,c) stamps a 3×3 block of x(r,c) at (2r, 2c).
        // The blocks overlap in row and column 2:
        //     1  1  1+2  2  2           1  1  3  2  2
        //     1  1  1+2  2  2           1  1  3  2  2
        //   1+3 1+3 1+2+3+4 2+4 2+4  =  4  4 10  6  6        5×5 = (2−1)·2 + 3
        //     3  3  3+4  4  4           3  3  7  4  4
        //     3  3  3+4  4  4           3  3  7  4  4
        let x = try Grid([[1, 2], [3, 4]]), k = Grid(rows: 3, cols: 3, repeating: 1)
        let full = try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(stride: Axes(2)))
        #expect(full.output.nestedRows == [[1, 1, 3, 2, 2], [1, 1, 3, 2, 2], [4, 4, 10, 6, 6], [3, 3, 7, 4, 4], [3, 3, 7, 4, 4]])
        // Padding 1 crops one ring: 3×3 = (2−1)·2 − 2 + 3.
        let cropped = try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(stride: Axes(2), padding: Axes(1)))
        #expect(cropped.output.nestedRows == [[1, 3, 2], [4, 10, 6], [3, 7, 4]])
        // Output padding 1 keeps one more row and column at the bottom and right: 4×4, bias 0.5 on every cell.
        let extended = try TransposedConvolution2D(input: x, kernel: k,
                                                   geometry: TransposedGeometry(stride: Axes(2), padding: Axes(1), outputPadding: Axes(1)),
                                                   bias: 0.5)
        #expect(extended.output.nestedRows == [[1.5, 3.5, 2.5, 2.5], [4.5, 10.5, 6.5, 6.5], [3.5, 7.5, 4.5, 4.5], [3.5, 7.5, 4.5, 4.5]])
        // The gather: x↑ = [1 0 2; 0 0 0; 3 0 4] with a border of d(k−1) − p = 2 zeros.
        let gather = try full.gather()
        #expect(gather.zeroInsertedInput.nestedRows == [[1, 0, 2], [0, 0, 0], [3, 0, 4]])
        #expect(gather.border == Padding(2) && gather.paddedInput.rows == 7)
        #expect(gather.cell(2, 2) == .input(GridIndex(0, 0)) && gather.cell(2, 3) == .insertedZero && gather.cell(0, 0) == .padding)
    }

    @Test("Per-axis settings: stride 1,2, padding 0,1, output padding 0,1")
    func perAxis() throws {
        // Rows: stride 1, no padding: (2−1)·1 + 2 = 3. Columns: stride 2, padding 1, output padding 1:
        // (2−1)·2 − 2 + 1 + 1 + 1 = 3. Uncropped columns of row r: [x(r,0)k0, x(r,0)k1, x(r,1)k0, x(r,1)k1, 0]
        // with k = [1 10; 100 1000] row-wise; the columns kept are 1, 2, 3.
        let x = try Grid([[1, 2], [3, 4]]), k = try Grid([[1, 10], [100, 1000]])
        let t = try TransposedConvolution2D(input: x, kernel: k,
                                            geometry: TransposedGeometry(stride: Axes(y: 1, x: 2), padding: Axes(y: 0, x: 1),
                                                                         outputPadding: Axes(y: 0, x: 1)))
        // Row 0: x row 0 with k row 0: [1·1, 1·10, 2·1, 2·10, 0] → kept [10, 2, 20]
        // Row 1: x row 0 with k row 1 + x row 1 with k row 0: [100, 1000, 200, 2000, 0] + [3, 30, 4, 40, 0] → [1030, 204, 2040]
        // Row 2: x row 1 with k row 1: [300, 3000, 400, 4000, 0] → [3000, 400, 4000]
        #expect(t.output.nestedRows == [[10, 2, 20], [1030, 204, 2040], [3000, 400, 4000]])
        #expect(try t.gather().output == t.output)
    }

    // MARK: - Errors

    @Test("Output padding not below the stride or the dilation, and other bad settings, are refused in one sentence")
    func errors() throws {
        let x = Grid(rows: 3, cols: 3, repeating: 1), k = Grid(rows: 3, cols: 3, repeating: 1)
        #expect(throws: ConvolutionError.shapes("The output padding is 2 but the stride is 2 and the dilation 1: output padding must be smaller than the stride or the dilation, so use at most 1.")) {
            try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(stride: Axes(2), outputPadding: Axes(2)))
        }
        // Below the dilation is enough (PyTorch's rule).
        #expect(throws: Never.self) {
            try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(outputPadding: Axes(1), dilation: Axes(2)))
        }
        #expect(throws: ConvolutionError.shapes("The output padding is -1: output padding must be 0 or more.")) {
            try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(outputPadding: Axes(y: 0, x: -1)))
        }
        #expect(throws: ConvolutionError.shapes("A padding of 3 on each side removes 6 of the 5 rows of the transposed convolution's output, leaving none: use a padding of at most 2.")) {
            try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(padding: Axes(y: 3, x: 0)))
        }
        #expect(throws: ConvolutionError.nonPositive(field: "stride", value: 0)) {
            try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(stride: Axes(0)))
        }
        #expect(throws: ConvolutionError.negativePadding(value: -1)) {
            try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(padding: Axes(-1)))
        }
        #expect(throws: ConvolutionError.beyondLimit(field: "dilation", value: 5000, limit: Limits.maxSetting)) {
            try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(dilation: Axes(5000)))
        }
        // (3 − 1)·4096 + 3 = 8195 rows and columns: 67 158 025 cells.
        #expect(throws: ConvolutionError.shapes("The transposed convolution's output would have 67158025 entries, more than the limit of 16777216: use a smaller input, a smaller stride or dilation, or more padding.")) {
            try TransposedConvolution2D(input: x, kernel: k, geometry: TransposedGeometry(stride: Axes(4096)))
        }
        // Layers: shapes that do not fit.
        #expect(throws: ConvolutionError.shapes("The 3 input channels cannot be split into 2 groups: use a number of groups that divides the number of input channels.")) {
            try TransposedConvLayer(weights: Array(repeating: [k], count: 3), groups: 2)
        }
        #expect(throws: ConvolutionError.shapes("There are 1 biases for 2 output channels: give one bias per output channel.")) {
            try TransposedConvLayer(weights: [[k, k]], biases: [1])
        }
        #expect(throws: ConvolutionError.beyondLimit(field: "number of output channels", value: 65, limit: 64)) {
            try TransposedConvLayer(weights: [Array(repeating: Grid(rows: 1, cols: 1), count: 65)])
        }
        let layer = try TransposedConvLayer(weights: [[k], [k]])
        #expect(throws: ConvolutionError.shapes("The input has 1 channel but the weights are for 2: give the input C×H×W with C = 2, or weights 1×C_out/g×k₁×k₂.")) {
            try layer.forward(Volume(single: x))
        }
    }
}
