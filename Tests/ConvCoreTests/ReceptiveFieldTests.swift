import ConvCore
import Testing

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
