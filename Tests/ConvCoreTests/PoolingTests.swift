import ConvCore
import Testing
import TestSupport

@Suite("Pooling")
struct PoolingTests {
    let x = try! Grid([[1, 2, 5, 6],
                       [3, 4, 7, 8],
                       [9, 10, 13, 14],
                       [11, 12, 15, 16]])

    @Test("Max-pooling 2×2, stride 2: each quadrant's largest value, and where it was")
    func maxByHand() throws {
        let p = try Pooling(kind: .max, size: Axes(2))
        let r = try p.apply(x)
        // Quadrants {1,2,3,4}, {5,6,7,8}, {9,10,11,12}, {13,14,15,16}: the bottom-right cell wins each.
        #expect(r.output.nestedRows == [[4, 8], [12, 16]])
        #expect(r.winners == [GridIndex(1, 1), GridIndex(1, 3), GridIndex(3, 1), GridIndex(3, 3)])
    }

    @Test("Max-pooling ties: the first largest in row-major order wins, as in PyTorch")
    func maxTies() throws {
        let p = try Pooling(kind: .max, size: Axes(2))
        // Window [[7, 9], [9, 9]]: 9 first appears at (0,1).
        let r = try p.apply(try Grid([[7, 9], [9, 9]]))
        #expect(r.output[0, 0] == 9 && r.winners == [GridIndex(0, 1)])
        // A negative input with padding: padding is −∞ for max, so a real cell still wins.
        let padded = try Pooling(kind: .max, size: Axes(2), stride: Axes(2), padding: Axes(1))
        let n = try padded.apply(try Grid([[-5, -3], [-4, -6]]))
        // Windows: {pad, pad, pad, −5}, {pad, pad, −3, pad}, {pad, −4, pad, pad}, {−6, pad, pad, pad}.
        #expect(n.output.nestedRows == [[-5, -3], [-4, -6]])
        #expect(n.winners == [GridIndex(0, 0), GridIndex(0, 1), GridIndex(1, 0), GridIndex(1, 1)])
    }

    @Test("Average pooling, with and without count_include_pad")
    func averageByHand() throws {
        let three = try Grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        let include = try Pooling(kind: .average, size: Axes(2), stride: Axes(2), padding: Axes(1))
        // Output 2×2 (⌊(3 + 2 − 2)/2⌋ + 1 = 2). Windows start at −1 and 1:
        // (0,0): {pad, pad, pad, 1} → 1/4;  (0,1): {pad, pad, 2, 3} → 5/4
        // (1,0): {pad, 4, pad, 7} → 11/4;   (1,1): {5, 6, 8, 9} → 28/4 = 7
        #expect(try include.apply(three).output.nestedRows == [[0.25, 1.25], [2.75, 7]])
        let exclude = try Pooling(kind: .average, size: Axes(2), stride: Axes(2), padding: Axes(1), countIncludePad: false)
        // The same sums over the real cells only: 1/1, 5/2, 11/2, 28/4.
        #expect(try exclude.apply(three).output.nestedRows == [[1, 2.5], [5.5, 7]])
        let s = try exclude.step(three, output: GridIndex(0, 1))
        #expect(s.divisor == 2 && s.sum == 5 && s.result == 2.5 && s.winner == nil)
        #expect(s.cells == [GridIndex(-1, 1), GridIndex(-1, 2), GridIndex(0, 1), GridIndex(0, 2)])
    }

    @Test("Pooling keeps channels apart; steps are the windows of apply")
    func volumes() throws {
        let v = try Volume([x, x.map { -$0 }])
        let p = try Pooling(kind: .max, size: Axes(2))
        let y = try v.pooled(p)
        #expect(y[0].nestedRows == [[4, 8], [12, 16]] && y[1].nestedRows == [[-1, -5], [-9, -13]])
        let r = try p.apply(x)
        #expect(try p.steps(x).map(\.result) == r.output.values)
        #expect(try p.steps(x).compactMap(\.winner) == r.winners)
    }

    @Test("Settings out of range are refused")
    func badSettings() throws {
        #expect(throws: ConvolutionError.nonPositive(field: "pooling size", value: 0)) { try Pooling(kind: .max, size: Axes(0)) }
        #expect(throws: ConvolutionError.self) { try Pooling(kind: .max, size: Axes(2), padding: Axes(2)) }
        let p = try Pooling(kind: .max, size: Axes(5))
        #expect(throws: ConvolutionError.kernelTooLarge(axis: "rows", span: 5, available: 4)) { try p.apply(x) }
    }
}

@Suite("Receptive fields")
struct ReceptiveFieldTests {
    func sizes(_ text: String, inputSize: Int? = nil) throws -> [Int] {
        try ReceptiveField.stack(FieldLayer.parseStack(text), inputSize: inputSize).map(\.size)
    }

    @Test("Two 3×3 convolutions see 5×5, three see 7×7")
    func classics() throws {
        // r = 1 + 2 + 2 (+ 2): each 3×3 layer adds k − 1 = 2 cells at jump 1.
        #expect(try sizes("conv3, conv3") == [1, 3, 5])
        #expect(try sizes("conv3, conv3, conv3") == [1, 3, 5, 7])
    }

    @Test("Stride, pooling and dilation, by hand")
    func strideAndDilation() throws {
        // conv3 s2: r = 3, j = 2; conv3: r = 3 + 2·2 = 7, j = 2.
        let strided = try ReceptiveField.stack(FieldLayer.parseStack("conv3 s2, conv3"))
        #expect(strided.map(\.size) == [1, 3, 7] && strided.map(\.jump) == [1, 2, 2])
        // Unit 0's field is centred on cell 1 after the first layer, and on 1 + 1·2 = 3 after the
        // second (which moves 2 cells a step): it covers cells 0…6, so it starts at 0.
        #expect(strided.map(\.centre) == [0, 1, 3] && strided.map(\.start) == [0, 0, 0])
        // conv3 (r 3) → pool2 (r 3 + 1·1 = 4, j 2) → conv3 d2 (r 4 + 2·2·2 = 12, j 2).
        let mixed = try ReceptiveField.stack(FieldLayer.parseStack("conv3, pool2, conv3 d2"))
        #expect(mixed.map(\.size) == [1, 3, 4, 12] && mixed.map(\.jump) == [1, 1, 2, 2])
        // Padding 1 before every conv: unit 0's field starts 1, then 1 + 1 cells into the padding.
        let padded = try ReceptiveField.stack(FieldLayer.parseStack("conv3 p1, conv3 p1"))
        #expect(padded.map(\.start) == [0, -1, -2])
        // Two poolings multiply the jump: conv3 (r 3) → pool2 (r 4, j 2) → conv3 (r 4 + 2·2 = 8)
        // → pool2 (r 8 + 1·2 = 10, j 4) → conv3 (r 10 + 2·4 = 18).
        let vgg = try ReceptiveField.stack(FieldLayer.parseStack("conv3, pool2, conv3, pool2, conv3"))
        #expect(vgg.map(\.size) == [1, 3, 4, 8, 10, 18] && vgg.map(\.jump) == [1, 1, 2, 2, 4, 4])
        // Strides 2 and 3: jumps 2 and 6; r = 3, 3 + 2·2 = 7, 7 + 2·6 = 19.
        let strides = try ReceptiveField.stack(FieldLayer.parseStack("conv3 s2, conv3 s3, conv3"))
        #expect(strides.map(\.size) == [1, 3, 7, 19] && strides.map(\.jump) == [1, 2, 6, 6])
        // A dilated 3×3 spans 5 cells: d(k − 1) + 1.
        #expect(try sizes("conv3 d2") == [1, 5])
    }

    @Test("Units per layer for a given input size: ⌊(n + 2p − d(k−1) − 1)/s⌋ + 1")
    func units() throws {
        // 32 → conv3 p1: 32 → pool2: 16 → conv3 d2: 16 − 4 = 12.
        let f = try ReceptiveField.stack(FieldLayer.parseStack("conv3 p1, pool2, conv3 d2"), inputSize: 32)
        #expect(f.map(\.units) == [32, 32, 16, 12])
        #expect(throws: ConvolutionError.self) { try ReceptiveField.stack(FieldLayer.parseStack("conv3, conv3, conv3"), inputSize: 5) }
        #expect(throws: ConvolutionError.nonPositive(field: "input size", value: 0)) {
            try ReceptiveField.stack(FieldLayer.parseStack("conv3"), inputSize: 0)
        }
    }

    @Test("Layer syntax: a mistake is named with its layer")
    func syntax() throws {
        #expect(try FieldLayer.parseStack("conv3 s2 p1, pool2, conv3 d2").map(\.description) == ["conv3 s2 p1", "pool2", "conv3 d2"])
        #expect(throws: ConvolutionError.self) { try FieldLayer.parseStack("conv3, cnv3") }
        #expect(throws: ConvolutionError.self) { try FieldLayer.parseStack("conv3 s0") }
        #expect(throws: ConvolutionError.empty(name: "layer list")) { try FieldLayer.parseStack("  ") }
        // Programmatic layers are checked too: a stride of 0 or a kernel of 1000 cannot slip through.
        #expect(throws: ConvolutionError.nonPositive(field: "stride of layer 1", value: 0)) {
            try ReceptiveField.stack([FieldLayer(kind: .conv, kernel: 3, stride: 0)])
        }
        #expect(throws: ConvolutionError.beyondLimit(field: "kernel size of layer 1", value: 1000, limit: 64)) {
            try ReceptiveField.stack([FieldLayer(kind: .conv, kernel: 1000)])
        }
    }
}

@Suite("Parameter counts")
struct ParameterCountTests {
    @Test("The lecture's formulas with C = 1, evaluated by hand")
    func lecture() throws {
        // A 32×32 grey image, 5×5 kernels, 6 filters, maps 28×28 (valid): N = 784.
        let c = try ParameterCounts(channels: 1, height: 32, width: 32, kernelRows: 5, kernelCols: 5, filters: 6,
                                    geometry: Geometry())
        #expect(c.outputRows == 28 && c.outputCols == 28)
        let rows = Dictionary(uniqueKeysWithValues: c.rows.map { ($0.name, $0) })
        // Linear: 1·32·32·784 + 784 = 802 816 + 784 = 803 600.
        #expect(rows["linear"]?.count == 803_600)
        #expect(rows["linear"]?.formula.numeric == "1·32·32·784 + 784")
        // Local receptive fields: (1·5·5 + 1)·784 = 26·784 = 20 384.
        #expect(rows["local receptive fields"]?.count == 20_384)
        #expect(rows["local receptive fields"]?.formula.symbolic == "(C·K₁·K₂ + 1)·N")
        // Shared weights: 26; six features: 156 (LeNet-5's C1).
        #expect(rows["shared weights"]?.count == 26)
        #expect(rows["M features"]?.count == 156)
        // Linear with M·N = 4704 outputs: 1024·4704 + 4704 = 4 821 600.
        #expect(rows["linear, M·N outputs"]?.count == 4_821_600)
        #expect(rows["linear, M·N outputs"]?.formula.symbolic == "C·H·W·M·N + M·N")
    }

    @Test("Sizes are checked before any arithmetic: a huge height is refused, not overflowed")
    func limits() throws {
        #expect(throws: ConvolutionError.beyondLimit(field: "height", value: Int.max, limit: 4096)) {
            try ParameterCounts(channels: 1, height: Int.max, width: 3, kernelRows: 3, kernelCols: 3, filters: 1, geometry: Geometry())
        }
        #expect(throws: ConvolutionError.nonPositive(field: "kernel width", value: 0)) {
            try ParameterCounts(channels: 1, height: 3, width: 3, kernelRows: 3, kernelCols: 0, filters: 1, geometry: Geometry())
        }
    }
}
