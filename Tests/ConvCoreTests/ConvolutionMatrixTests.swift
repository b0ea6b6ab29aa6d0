import ConvCore
import Testing
import TestSupport

@Suite("The convolution matrix C and its transpose")
struct ConvolutionMatrixTests {
    static let cases = (1...30).map { RandomCase(seed: UInt64(500 + $0)) }

    @Test("C·vec(x) + b is the sliding window, for every boundary and both operations", arguments: cases)
    func applyIsSlidingWindow(c: RandomCase) throws {
        for boundary in Boundary.allCases {
            for op in Operation.allCases {
                var g = c.geometry
                g.boundary = boundary
                g.bias = 3
                let plan = try Convolution2D(input: c.input, kernel: c.kernel, operation: op, geometry: g)
                guard plan.stepCount * c.input.values.count <= ConvolutionMatrix.maxEntries else { continue }
                let matrix = try ConvolutionMatrix(plan: plan)
                // Integer data: the matrix product and the window add the same products, exactly.
                #expect(matrix.apply(c.input) == plan.output, "\(boundary) \(op)")
            }
        }
    }

    @Test("Cᵀ·g is the transpose applied: Σ_r C[r][q]·g[r], computed here from the matrix", arguments: cases)
    func transposedIsTranspose(c: RandomCase) throws {
        var rng = SplitMix64(seed: c.seed)
        for boundary in Boundary.allCases {
            var g = c.geometry
            g.boundary = boundary
            let plan = try Convolution2D(input: c.input, kernel: c.kernel, operation: .correlation, geometry: g)
            let matrix = try ConvolutionMatrix(plan: plan)
            let grad = Grid.randomIntegers(rows: plan.output.rows, cols: plan.output.cols, using: &rng)
            let c0 = matrix.matrix
            var expected = [Double](repeating: 0, count: c0.cols)
            for q in 0..<c0.cols {
                for r in 0..<c0.rows { expected[q] += c0[r, q] * grad.values[r] }
            }
            let x = matrix.applyTransposed(grad)
            #expect(x.rows == c.input.rows && x.cols == c.input.cols)
            #expect(x.values == expected, "\(boundary)")
            #expect(matrix.transposed.rows == c0.cols && matrix.transposed[0, 0] == c0[0, 0])
        }
    }

    @Test("Zero padding: every row of C holds the kernel's weights once (doubly blocked Toeplitz)")
    func toeplitz() throws {
        let x = try Grid([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), k = try Grid([[1, 2], [3, 4]])
        let m = try ConvolutionMatrix(plan: Convolution2D(input: x, kernel: k, operation: .correlation))
        // Output (0,0) reads x(0,0), x(0,1), x(1,0), x(1,1) with weights 1, 2, 3, 4: columns 0, 1, 3, 4.
        #expect(m.matrix.nestedRows[0] == [1, 2, 0, 3, 4, 0, 0, 0, 0])
        #expect(m.matrix.nestedRows[3] == [0, 0, 0, 0, 1, 2, 0, 3, 4])
        #expect(m.taps(row: 0, col: 4) == [GridIndex(1, 1)])
        #expect(m.taps(row: 0, col: 2).isEmpty)
    }
}
