import ConvCore
import Testing

/// Values computed by hand (or printed in the lecture), never by the module under test.
@Suite("Hand-computed values")
struct HandComputedTests {
    let patch = try! Grid([[200, 150, 150], [100, 50, 100], [25, 25, 10]])
    let kPrime = try! Grid([[1, 0, -1], [2, 0, -2], [1, 0, -1]])

    @Test("The lecture's patch ⋆ K′ is 65")
    func lecture65() throws {
        // 200·1 + 150·0 + 150·(−1) + 100·2 + 50·0 + 100·(−2) + 25·1 + 25·0 + 10·(−1)
        // = 200 − 150 + 200 − 200 + 25 − 10 = 65
        let y = try correlate2D(patch, kPrime)
        #expect(y.rows == 1 && y.cols == 1)
        #expect(y[0, 0] == 65)
        #expect(NumberFormat.string(y[0, 0]) == "65")
    }

    @Test("65 is also the lecture's K (Sobel x) *convolved* with the patch, because K′ = rot180(K)")
    func lecture65ByConvolution() throws {
        let k = NamedKernel.sobelX.grid
        #expect(k.rotated180() == kPrime)
        #expect(try convolve2D(patch, k)[0, 0] == 65)
        // and the bias is added on top: 65 + b
        #expect(try correlate2D(patch, kPrime, Geometry(bias: 5))[0, 0] == 70)
    }

    @Test("The step for the lecture's patch lists nine products and reads as the lecture writes it")
    func lectureStep() throws {
        let op = try Convolution2D(input: patch, kernel: kPrime, operation: .correlation)
        let step = try op.step(0)
        #expect(step.taps.map(\.product) == [200, 0, -150, 200, 0, -200, 25, 0, -10])
        #expect(step.arithmetic() == "200·1 + 150·0 + 150·(−1) + 100·2 + 50·0 + 100·(−2) + 25·1 + 25·0 + 10·(−1) = 65")
    }

    @Test("x = 1…6, w = 1,2,3: valid convolution and correlation")
    func oneDValid() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6], w: [Double] = [1, 2, 3]
        // conv: y[k] = 3·x[k] + 2·x[k+1] + 1·x[k+2]: 3+4+3 = 10, 6+6+4 = 16, …
        #expect(try convolve1D(x, w, Geometry(padding: .mode(.valid))) == [10, 16, 22, 28])
        // corr: y[k] = 1·x[k] + 2·x[k+1] + 3·x[k+2]: 1+4+9 = 14, 2+6+12 = 20, …
        #expect(try correlate1D(x, w, Geometry(padding: .mode(.valid))) == [14, 20, 26, 32])
    }

    @Test("The lecture's 1D expansions y₀ … y₃ come out of the loop")
    func lectureExpansions() throws {
        // Choose h and x as powers of distinct primes' exponents so each product is identifiable:
        // h = (1, 10, 100, 1000), x = (1, 2, 3, 4).
        let h: [Double] = [1, 10, 100, 1000], x: [Double] = [1, 2, 3, 4]
        let y = try convolve1D(x, h)
        #expect(y[0] == h[0] * x[0])
        #expect(y[1] == h[1] * x[0] + h[0] * x[1])
        #expect(y[2] == h[2] * x[0] + h[1] * x[1] + h[0] * x[2])
        #expect(y[3] == h[3] * x[0] + h[2] * x[1] + h[1] * x[2] + h[0] * x[3])
        #expect(y.count == 7)
        #expect(y[0...3] == [1, 12, 123, 1234])
    }

    @Test("Sobel x on a vertical step edge responds only at the edge, with the sign of the operation")
    func sobelOnStepEdge() throws {
        // Dark (0) on the left, bright (10) on the right: the edge lies between columns 2 and 3.
        let image = try Grid((0..<5).map { _ in [0, 0, 0, 10, 10, 10] })
        let corr = try correlate2D(image, NamedKernel.sobelX.grid)
        // Windows over columns 1…3 and 2…4 straddle the edge: (1 + 2 + 1)·10 = 40.
        #expect(corr.nestedRows == Array(repeating: [0, 40, 40, 0], count: 3))
        let conv = try convolve2D(image, NamedKernel.sobelX.grid)
        #expect(conv.nestedRows == Array(repeating: [0, -40, -40, 0], count: 3))
    }

    @Test("Boundary modes fill padding as numpy does", arguments: [
        (Boundary.zero, [0, 0, 1, 2, 3, 4, 0, 0]),
        (.reflect, [3, 2, 1, 2, 3, 4, 3, 2]),
        (.symmetric, [2, 1, 1, 2, 3, 4, 4, 3]),
        (.replicate, [1, 1, 1, 2, 3, 4, 4, 4]),
        (.wrap, [3, 4, 1, 2, 3, 4, 1, 2]),
    ])
    func boundaryModes(boundary: Boundary, expected: [Double]) {
        let x = Grid(signal: [1, 2, 3, 4])
        #expect(x.padded(by: Padding(top: 0, bottom: 0, left: 2, right: 2), boundary: boundary).values == expected)
    }

    @Test("Padding wider than the input keeps reflecting (numpy: pad([1,2,3], 5, 'reflect'))")
    func wideReflect() {
        let x = Grid(signal: [1, 2, 3])
        // numpy.pad([1,2,3], 5, mode='reflect') = [2 1 2 3 2 1 2 3 2 1 2 3 2]
        #expect(x.padded(by: Padding(top: 0, bottom: 0, left: 5, right: 5), boundary: .reflect).values
                == [2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2])
        // numpy.pad([1,2,3], 4, mode='symmetric') = [3 3 2 1 1 2 3 3 2 1 1]
        #expect(x.padded(by: Padding(top: 0, bottom: 0, left: 4, right: 4), boundary: .symmetric).values
                == [3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1])
    }

    @Test("Even kernel in same mode: the tap at (M−1)//2 sits on the output pixel (scipy correlate2d)")
    func evenSame() throws {
        // y[i] = x[i]·1 + x[i+1]·10 — tap 0 on the pixel, no padding before, one after:
        // 1 + 20 = 21, 2 + 30 = 32, …, 5 + 0 = 5. (scipy.signal.correlate2d([[1,2,3,4,5]], [[1,10]], 'same')
        // and torch conv1d(padding='same') print the same.)
        #expect(try correlate1D([1, 2, 3, 4, 5], [1, 10], Geometry(padding: .mode(.same))) == [21, 32, 43, 54, 5])
        // Convolution = correlation with the flipped kernel [10, 1], same padding: 10 + 2 = 12, …, 50 + 0 = 50.
        #expect(try convolve1D([1, 2, 3, 4, 5], [1, 10], Geometry(padding: .mode(.same))) == [12, 23, 34, 45, 50])
        // (scipy.signal.convolve2d([[1,2,3,4,5]], [[1,10]], 'same') is [1, 12, 23, 34, 45]: one position off, as documented.)
    }

    @Test("Parameter counts from the lecture")
    func parameterCounts() throws {
        // A 200×200 grey image, 3×3 kernels, 64 features, maps as large as the image (N = 40 000).
        let counts = try ParameterCounts(channels: 1, height: 200, width: 200, kernelRows: 3, kernelCols: 3, filters: 64,
                                         outputRows: 200, outputCols: 200)
        let byName = Dictionary(uniqueKeysWithValues: counts.rows.map { ($0.name, $0) })
        // Linear, M = 40 000 inputs to N = 40 000 outputs: M·N + N.
        #expect(byName["linear"]?.count == 1_600_040_000)
        #expect(byName["linear"]?.formula.symbolic == "C·H·W·N + N")
        // Local receptive fields: (K₁·K₂ + 1)·N = 10·40 000.
        #expect(byName["local receptive fields"]?.count == 400_000)
        #expect(byName["shared weights"]?.count == 10)
        #expect(byName["M features"]?.count == 640)
        #expect(byName["M features"]?.formula.symbolic == "(C·K₁·K₂ + 1)·M")
        #expect(byName["M features"]?.formula.numeric == "(1·3·3 + 1)·64")
        // A conv layer with 3×3 kernels over 3 channels and 64 filters: (3·3·3 + 1)·64 = 1792.
        let rgb = try ParameterCounts(channels: 3, height: 224, width: 224, kernelRows: 3, kernelCols: 3, filters: 64,
                                      outputRows: 224, outputCols: 224)
        #expect(rgb.rows[3].count == 1792)
    }

    @Test("A two-filter, two-channel layer sums channels and adds each filter's bias")
    func layer() throws {
        let c0 = try Grid([[1, 2], [3, 4]]), c1 = try Grid([[10, 20], [30, 40]])
        let ones = Grid(rows: 1, cols: 1, repeating: 1), twos = Grid(rows: 1, cols: 1, repeating: 2)
        let layer = try ConvLayer(weights: [[ones, ones], [twos, ones]], biases: [0, 100])
        let maps = try layer.forward(Volume([c0, c1])).channels
        #expect(maps[0].values == [11, 22, 33, 44])
        #expect(maps[1].values == [112, 124, 136, 148])
        #expect(layer.parameterCount == (1 * 1 * 2 + 1) * 2)
    }

    @Test("Named kernels are what their documentation says")
    func namedKernels() {
        #expect(NamedKernel.sobelX.grid.nestedRows == [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
        #expect(NamedKernel.sobelY.grid.nestedRows == [[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
        #expect(NamedKernel.gaussian3.grid.values.reduce(0, +) == 1)
        #expect(NamedKernel.gaussian5.grid.values.reduce(0, +) == 1)
        #expect(NamedKernel.gaussian5.grid[2, 2] == 36.0 / 256)
        #expect(NamedKernel.laplacian.isSymmetricUnderFlip)
        #expect(!NamedKernel.sobelX.isSymmetricUnderFlip)
        #expect(NamedKernel.suggestion(for: "sobelx") == "sobel-x")
        #expect(NamedKernel.suggestion(for: "gausian-5") == "gaussian-5")
        #expect(NamedKernel.suggestion(for: "zzzzzzzzz") == nil)
    }

    @Test("Numbers print exactly", arguments: zip(
        [65.0, -0.0, 0.5, -3, 1.0 / 3, 1e20, 0.1 + 0.2],
        ["65", "0", "0.5", "-3", "0.3333333333333333", "1e+20", "0.30000000000000004"]))
    func numberFormat(value: Double, text: String) {
        #expect(NumberFormat.string(value) == text)
    }
}
