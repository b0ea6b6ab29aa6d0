import ConvCore
import Testing

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
