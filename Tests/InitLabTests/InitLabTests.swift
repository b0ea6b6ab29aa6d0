@testable import InitLab
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Deep tanh networks at initialisation (Glorot & Bengio 2010)")
struct InitLabTests {
    /// The paper's setting: U(−1, 1) inputs, 5 layers of 1000, batch 1000.
    static let paper = try! simulate(NetworkConfig(initializations: [.standard, .xavierUniform]))

    @Test("Standard init: std per layer ≈ 0.30, 0.17, 0.097, 0.056, 0.032 (within 5 %)")
    func standard() {
        let expected = [0.30, 0.17, 0.097, 0.056, 0.032]
        let got = Self.paper.results[0].activations.map(\.std)
        for (e, g) in zip(expected, got) { #expect(abs(g - e) <= 0.05 * e, "got \(got)") }
    }

    @Test("Xavier uniform: std per layer ≈ 0.46, 0.39, 0.35, 0.31, 0.29 (within 5 %)")
    func xavier() {
        let expected = [0.46, 0.39, 0.35, 0.31, 0.29]
        let got = Self.paper.results[1].activations.map(\.std)
        for (e, g) in zip(expected, got) { #expect(abs(g - e) <= 0.05 * e, "got \(got)") }
    }

    @Test("Gradients: shrinking towards the input under the standard init, steadier under Xavier (the paper's Figure 7)")
    func gradients() {
        let standard = Self.paper.results[0].gradients.map(\.std)
        let xavier = Self.paper.results[1].gradients.map(\.std)
        // Var(W) = 1/(3n) shrinks the backward signal by about √3 per layer.
        for l in 0..<4 { #expect(standard[l] < standard[l + 1] * 0.75, "\(standard)") }
        // Xavier keeps it within a factor 2 over the five layers.
        #expect(xavier.max()! / xavier.min()! < 2, "\(xavier)")
    }

    @Test("Batch norm puts every layer at tanh(N(0, 1)): std ≈ 0.628, 3.6 % beyond 0.97, whatever the weight scale",
          arguments: [Initialization.normalSmall, .normalOne, .standard])
    func batchNorm(initialization: Initialization) throws {
        let r = try simulate(NetworkConfig(batchNorm: true, initializations: [initialization]))
        // E[tanh(z)²] for z ~ N(0, 1) is 0.3943 (std 0.628); P(|z| > atanh 0.97 = 2.092) = 0.0364.
        for layer in r.results[0].activations {
            #expect(abs(layer.std - 0.628) < 0.01, "std \(layer.std)")
            #expect(abs(layer.saturated - 0.0364) < 0.004, "saturated \(layer.saturated)")
        }
    }

    @Test("Without batch norm, N(0, 1) weights saturate and N(0, 0.01²) weights vanish")
    func extremes() throws {
        let r = try simulate(NetworkConfig(inputWidth: 500, widths: [500, 500], batch: 300,
                                           initializations: [.normalOne, .normalSmall, .lectureMisprint]))
        #expect(r.results[0].activations[1].saturated > 0.9)
        // Nearly linear regime: each layer multiplies the std by 0.01·√500 ≈ 0.224, from √(1/3):
        // layer 1 ≈ 0.129 (0.127 after tanh), layer 2 ≈ 0.0284.
        #expect(abs(r.results[1].activations[0].std - 0.127) < 0.005)
        #expect(abs(r.results[1].activations[1].std - 0.0284) < 0.002)
        // The slide's bound √6/1000 gives Var(W) = 1.2e-5, a factor √(500·1.2e-5) ≈ 0.077 per layer.
        #expect(r.results[2].activations[1].std < 0.01)
    }

    @Test("The slide's bound is √(n_in + n_out) times too small: ~45× for 1000-wide layers")
    func misprint() {
        let xavier = Initialization.xavierUniform.variance(nIn: 1000, nOut: 1000)
        let slide = Initialization.lectureMisprint.variance(nIn: 1000, nOut: 1000)
        #expect(abs((xavier / slide).squareRoot() - 2000.0.squareRoot()) < 1e-9)
        #expect(abs(xavier - 2.0 / 2000) < 1e-15)
        #expect(abs(Initialization.standard.variance(nIn: 1000, nOut: 1000) - 1.0 / 3000) < 1e-15)
        #expect(abs(Initialization.he.variance(nIn: 1000, nOut: 10) - 2.0 / 1000) < 1e-15)
    }

    @Test("The same configuration gives the same numbers")
    func deterministic() throws {
        let c = NetworkConfig(widths: [64, 64, 64], batch: 50, initializations: [.xavierUniform, .he])
        let a = try simulate(c), b = try simulate(c)
        for (x, y) in zip(a.results, b.results) {
            #expect(x.activations == y.activations)
            #expect(x.gradients == y.gradients)
        }
    }

    @Test("Bad configurations are refused with a sentence")
    func errors() {
        #expect(throws: NetworkError.self) { try simulate(NetworkConfig(widths: [])) }
        #expect(throws: NetworkError.self) { try simulate(NetworkConfig(widths: [10, 0])) }
        #expect(throws: NetworkError.self) { try simulate(NetworkConfig(batch: 0)) }
        #expect(throws: NetworkError.self) { try simulate(NetworkConfig(initializations: [])) }
        #expect(throws: NetworkError.self) { try simulate(NetworkConfig(widths: [100_000, 100_000], batch: 100_000)) }
    }

    // MARK: - The pieces, against definitions written here

    @Test("sgemm products agree with the textbook triple loop (one block of rows, and rows split over the cores)",
          arguments: [3, 130])
    func products(rows: Int) {
        let a: [Float] = (0..<(rows * 5)).map { Float($0 % 7) - 3 }      // rows × 5
        let w: [Float] = (0..<20).map { Float($0 % 5) - 2 }              // 5 × 4
        let out = matmul(a, rows: rows, inner: 5, w, cols: 4)
        #expect(out.count == rows * 4)
        for i in 0..<rows { for j in 0..<4 {
            var s: Float = 0
            for k in 0..<5 { s += a[i * 5 + k] * w[k * 4 + j] }
            #expect(out[i * 4 + j] == s)
        } }
        // d (rows × 4) · wᵀ (4 × 5)
        let d: [Float] = (0..<(rows * 4)).map { Float($0 % 3) - 1 }
        let back = matmulTransposed(d, rows: rows, inner: 4, w, cols: 5)
        #expect(back.count == rows * 5)
        for i in 0..<rows { for k in 0..<5 {
            var s: Float = 0
            for j in 0..<4 { s += d[i * 4 + j] * w[k * 4 + j] }
            #expect(back[i * 5 + k] == s)
        } }
    }

    @Test("Forward and backward (weights drawn again for it) agree with textbook loops", arguments: [1, 40])
    func wholeNetwork(batch: Int) throws {
        let c = NetworkConfig(inputWidth: 7, widths: [6, 5, 4], batch: batch, seed: 3, initializations: [.normalOne])
        let (acts, grads, samples) = runNetwork(c, .normalOne, index: 0, NetworkInputs(c))
        // The same network written out: h_{l+1} = tanh(h_l · W_l), δ_L = g ⊙ (1 − h_L²),
        // δ_l = (δ_{l+1} · W_lᵀ) ⊙ (1 − h_l²).
        let widths = [7, 6, 5, 4]
        var x = [Float](repeating: 0, count: batch * 7)
        x.withUnsafeMutableBufferPointer { var r = Xoshiro(seed: 3, stream: 0); r.fill($0, .uniform(bound: 1)) }
        var h = [x]
        for l in 0..<3 {
            let w = layerWeights(c, .normalOne, index: 0, layer: l, nIn: widths[l], nOut: widths[l + 1])
            var next = [Float](repeating: 0, count: batch * widths[l + 1])
            for b in 0..<batch { for j in 0..<widths[l + 1] {
                var s: Double = 0
                for i in 0..<widths[l] { s += Double(h[l][b * widths[l] + i]) * Double(w[i * widths[l + 1] + j]) }
                next[b * widths[l + 1] + j] = Float(tanh(s))
            } }
            h.append(next)
        }
        var delta = [Float](repeating: 0, count: batch * 4)
        delta.withUnsafeMutableBufferPointer { var r = Xoshiro(seed: 3, stream: 1); r.fill($0, .normal(std: 1)) }
        var deltas: [[Float]] = Array(repeating: [], count: 3)
        for l in stride(from: 2, through: 0, by: -1) {
            for i in delta.indices { delta[i] *= 1 - h[l + 1][i] * h[l + 1][i] }
            deltas[l] = delta
            guard l > 0 else { break }
            let w = layerWeights(c, .normalOne, index: 0, layer: l, nIn: widths[l], nOut: widths[l + 1])
            var down = [Float](repeating: 0, count: batch * widths[l])
            for b in 0..<batch { for i in 0..<widths[l] {
                var s: Double = 0
                for j in 0..<widths[l + 1] { s += Double(delta[b * widths[l + 1] + j]) * Double(w[i * widths[l + 1] + j]) }
                down[b * widths[l] + i] = Float(s)
            } }
            delta = down
        }
        for l in 0..<3 {
            let mean = h[l + 1].reduce(0.0) { $0 + Double($1) } / Double(h[l + 1].count)
            #expect(abs(acts[l].mean - mean) < 1e-5, "layer \(l + 1) activations")
            let gradMean = deltas[l].reduce(0.0) { $0 + Double($1) } / Double(deltas[l].count)
            #expect(abs(grads[l].mean - gradMean) < 1e-5 * max(1, abs(gradMean)), "layer \(l + 1) gradients")
            let expected = stride(from: 0, to: deltas[l].count, by: c.gradientSampleStride).map { deltas[l][$0] }
            #expect(samples[l].count == expected.count)
            for (a, b) in zip(samples[l], expected) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b)), "layer \(l + 1): \(a) vs \(b)") }
        }
    }

    @Test("Batch-norm backward agrees with finite differences")
    func batchNormGradient() {
        let rows = 6, cols = 3
        let s0: [Float] = (0..<(rows * cols)).map { Float(sin(Double($0) * 1.7)) * 2 + Float($0 % 4) }
        let g: [Float] = (0..<(rows * cols)).map { Float(cos(Double($0) * 0.9)) }
        // f(s) = Σ g · BN(s), computed in double here.
        func f(_ s: [Float]) -> Double {
            var v = s
            _ = batchNormalize(&v, rows: rows, cols: cols, epsilon: 1e-5)
            return zip(v, g).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        var xhat = s0
        let sigma = batchNormalize(&xhat, rows: rows, cols: cols, epsilon: 1e-5)
        var analytic = g
        batchNormBackward(&analytic, normalized: xhat, sigma: sigma, rows: rows, cols: cols)
        for i in 0..<(rows * cols) {
            var plus = s0, minus = s0
            let h: Float = 1e-2
            plus[i] += h
            minus[i] -= h
            let numeric = (f(plus) - f(minus)) / Double(2 * h)
            #expect(abs(numeric - Double(analytic[i])) < 2e-3, "entry \(i): \(numeric) vs \(analytic[i])")
        }
    }

    @Test("The fast tanh agrees with tanhf to 5e-7 (a few ulps) over the whole line")
    func tanhAccuracy() {
        var worst: Float = 0
        var x: Float = -12
        while x <= 12 {
            worst = max(worst, abs(fastTanh(x) - tanhf(x)))
            x += 0.000_37
        }
        #expect(worst < 5e-7, "worst error \(worst)")
        #expect(fastTanh(0) == 0 && fastTanh(30) == 1 && fastTanh(-30) == -1)
    }

    @Test("The histogram-then-select quantile equals the sorted rank", arguments: [1, 7, 1000, 100_003])
    func fastQuantile(n: Int) {
        var rng = Xoshiro(seed: 5, stream: UInt64(n))
        var v = [Float](repeating: 0, count: n)
        v.withUnsafeMutableBufferPointer { rng.fill($0, .normal(std: 1)) }
        let sorted = v.map { abs($0) }.sorted()
        for q in [0.0, 0.5, 0.98, 1.0] {
            let expected = sorted[max(0, Int((q * Double(n)).rounded(.up)) - 1)]
            #expect(v.withUnsafeBufferPointer { absQuantile($0, q) } == expected)
        }
    }

    @Test("The quantile is exact for values on bin edges, ties, and tiny (denormal) values")
    func quantileOnBinEdges() {
        // top = 4096·u puts value j·u exactly on the edge of bin j; a value either side of each edge
        // too, each several times, and a few denormals and non-finite values.
        for u in [Float(1) / 64, 0.3, 0.7, 1.3, 0.011, 3.7, 1e-30, Float.leastNonzeroMagnitude * 3] {
            var v: [Float] = []
            for j in 0...4096 {
                let edge = Float(j) * u
                v += [edge, edge.nextDown, edge.nextDown.nextDown, -edge.nextUp, edge.nextUp.nextUp]
            }
            v += [4096 * u, -4096 * u, .nan, -.infinity, Float.leastNonzeroMagnitude]
            // Short arrays are selected directly, long ones through the bins: both, on the same values.
            for copies in [1, 4] {
                let w = Array([[Float]](repeating: v, count: copies).joined())
                #expect((w.count >= MagnitudeBins.worthBinning) == (copies == 4))
                let finite = w.filter(\.isFinite).map { abs($0) }.sorted()
                func rank(_ q: Double) -> Float { finite[max(0, min(finite.count - 1, Int((q * Double(finite.count)).rounded(.up)) - 1))] }
                for q in [0.0, 0.01, 0.25, 0.5, 0.98, 0.999, 1.0] {
                    #expect(w.withUnsafeBufferPointer { absQuantile($0, q) } == rank(q), "u = \(u), q = \(q), \(copies) copies")
                }
                #expect(stats(w, bins: 10, range: -1...1, saturation: 0.97).p98 == Double(rank(0.98)), "u = \(u), \(copies) copies")
            }
        }
    }

    @Test("The quantile's magnitude bins never decrease as |x| grows, from 0 through denormals to the largest float")
    func magnitudeBinsInOrder() {
        var values: [Float] = [0, .leastNonzeroMagnitude, .leastNormalMagnitude, Float.leastNormalMagnitude.nextDown, 1, Float(1).nextDown,
                               .greatestFiniteMagnitude]
        var x: UInt32 = 7
        for _ in 0..<100_000 {
            x = x &* 1_664_525 &+ 1_013_904_223
            values.append(Float(bitPattern: x % 0x7F80_0000))
        }
        values.sort()
        for (a, b) in zip(values, values.dropFirst()) {
            #expect(MagnitudeBins.bin(a) <= MagnitudeBins.bin(b), "\(a) < \(b) but its bin is higher")
            #expect(MagnitudeBins.bin(a) == MagnitudeBins.bin(-a))
        }
        #expect(MagnitudeBins.bin(.greatestFiniteMagnitude) < MagnitudeBins.bin(.infinity))
        #expect(MagnitudeBins.bin(.greatestFiniteMagnitude) < MagnitudeBins.count)
    }

    @Test("Normal draws follow N(0, 1): moments, the distribution function at 41 points, and the tail beyond 3.44")
    func normalDraws() {
        let n = 4_000_000
        var v = [Float](repeating: 0, count: n)
        v.withUnsafeMutableBufferPointer { var r = Xoshiro(seed: 11, stream: 5); r.fill($0, .normal(std: 1)) }
        var m1 = 0.0, m2 = 0.0, m3 = 0.0, m4 = 0.0
        for x in v { let d = Double(x); m1 += d; m2 += d * d; m3 += d * d * d; m4 += d * d * d * d }
        m1 /= Double(n); m2 /= Double(n); m3 /= Double(n); m4 /= Double(n)
        // Standard errors for n = 4·10⁶: mean 0.0005, variance 0.0007, third moment 0.0012, fourth 0.005.
        #expect(abs(m1) < 0.0025, "mean \(m1)")
        #expect(abs(m2 - 1) < 0.0035, "variance \(m2)")
        #expect(abs(m3) < 0.006, "third moment \(m3)")
        #expect(abs(m4 - 3) < 0.025, "fourth moment \(m4)")
        // The distribution function Φ(t) = erfc(−t/√2)/2 at t = −4, −3.8, …, 4: the largest gap
        // (Kolmogorov–Smirnov at these points) below 1.63/√n, its 1 % level.
        var below = [Int](repeating: 0, count: 42)   // below[k + 1]: draws in (t_k − 0.2, t_k]
        for x in v { below[min(41, max(0, Int(((Double(x) + 4) / 0.2).rounded(.up)) + 1))] += 1 }
        var worst = 0.0, count = below[0]
        for k in 0...40 {
            let t = -4 + 0.2 * Double(k)
            count += below[k + 1]
            worst = max(worst, abs(Double(count) / Double(n) - erfc(-t / 2.0.squareRoot()) / 2))
        }
        #expect(worst < 1.63 / Double(n).squareRoot(), "largest gap \(worst)")
        // The base layer's tail beyond r = 3.4426 (drawn by its own method): P(|x| > r) = erfc(r/√2).
        let beyond = Double(v.filter { abs($0) > 3.442_62 }.count)
        let expected = Double(n) * erfc(3.442_62 / 2.0.squareRoot())
        #expect(abs(beyond - expected) < 5 * expected.squareRoot(), "\(beyond) beyond r, \(expected) expected")
        // …and its shape: P(|x| > 4) and P(|x| > 4.5).
        for t in [4.0, 4.5] {
            let far = Double(v.filter { abs(Double($0)) > t }.count), p = Double(n) * erfc(t / 2.0.squareRoot())
            #expect(abs(far - p) < 5 * p.squareRoot() + 1, "\(far) beyond \(t), \(p) expected")
        }
        #expect(v.allSatisfy { $0.isFinite })
    }

    /// p98 through the sampled bracket alone (nil when the bracket cannot decide), as `stats` finds it.
    private func bracketP98(_ v: [Float]) -> Float? {
        v.withUnsafeBufferPointer { b in
            guard let bracket = QuantileBracket(b, 0.98) else { return nil }
            let halves = [0..<(b.count / 2), (b.count / 2)..<b.count].map {
                ChunkSums(b, $0, bins: 0, lo: 0, perUnit: 1, saturation: 1, bracket: bracket)
            }
            return bracket.quantile(0.98, finite: b.count - halves.reduce(0) { $0 + $1.nonFinite }, halves.map(\.bracket))
        }
    }

    private func sortedP98(_ v: [Float]) -> Float {
        let finite = v.filter(\.isFinite).map { abs($0) }.sorted()
        return finite[max(0, Int((0.98 * Double(finite.count)).rounded(.up)) - 1)]
    }

    @Test("The sampled bracket finds p98 exactly: spread values, ties at ±1 (a saturated layer), a few non-finite")
    func bracketQuantile() {
        var rng = Xoshiro(seed: 11, stream: 3)
        var spread = [Float](repeating: 0, count: 200_003)
        spread.withUnsafeMutableBufferPointer { rng.fill($0, .normal(std: 1)) }
        // Saturated: most values exactly ±1, the rest spread below.
        let saturated = spread.enumerated().map { $0.offset % 10 == 0 ? fastTanh($0.element) : ($0.element < 0 ? -1 : 1) }
        var broken = spread
        for i in Swift.stride(from: 5, to: broken.count, by: 997) { broken[i] = i % 2 == 0 ? .nan : -.infinity }
        // Ties just inside the bracket: a few values repeated many times around the 98th percentile.
        let ties = spread.map { ($0 * 8).rounded() / 8 }
        for (name, v) in [("spread", spread), ("saturated", saturated), ("non-finite", broken), ("ties", ties)] {
            #expect(bracketP98(v) == sortedP98(v), "\(name)")
            #expect(stats(v, bins: 10, range: -1...1, saturation: 0.97).p98 == Double(sortedP98(v)), "\(name)")
        }
    }

    @Test("The bracket's ranks: below, at the low bound, between, at the high bound, above")
    func bracketRanks() {
        // Eight finite values: 2 below 1, one at 1, 2 and 2.5 between (in two chunks), two at 3, one above.
        let bracket = QuantileBracket(low: 1, high: 3)
        let chunks = [QuantileBracket.Counts(below: 2, atLow: 1, atHigh: 1, between: [2.5]),
                      QuantileBracket.Counts(below: 0, atLow: 0, atHigh: 1, between: [2])]
        let expected: [Float?] = [nil, nil, 1, 2, 2.5, 3, 3, nil]
        for (k, value) in expected.enumerated() {
            #expect(bracket.quantile(Double(k + 1) / 8, finite: 8, chunks) == value, "rank \(k)")
        }
        var overflowed = chunks
        overflowed[1].overflowed = true
        #expect(bracket.quantile(0.5, finite: 8, overflowed) == nil)
    }

    @Test("The bracket decides when the layer's width divides the sampling stretch (units of different scales)")
    func bracketAcrossUnits() {
        // 8192 examples × 16 units, unit j scaled by 1 + j: a sample of every 16th value would see
        // unit 0 only, and bounds far below the 98th percentile.
        var rng = Xoshiro(seed: 13, stream: 5)
        var v = [Float](repeating: 0, count: 8192 * 16)
        v.withUnsafeMutableBufferPointer { rng.fill($0, .normal(std: 1)) }
        for i in v.indices { v[i] *= Float(1 + i % 16) }
        #expect(bracketP98(v) == sortedP98(v))
    }

    @Test("When the sample misleads, the bracket says so and stats still finds p98 exactly")
    func bracketMisled() {
        let n = 8192 * 24
        let sampled = Set(QuantileBracket.samplePositions(count: n))
        #expect(sampled.count == 8192 && sampled.allSatisfy { (0..<n).contains($0) })
        // Every sampled position holds 0, every other its index: the bounds are both 0 and the
        // rank lies far above them.
        let v: [Float] = (0..<n).map { sampled.contains($0) ? 0 : Float($0) }
        #expect(bracketP98(v) == nil)
        #expect(stats(v, bins: 10, range: -1...1, saturation: 0.97).p98 == Double(sortedP98(v)))
        // Too many values strictly between the bounds for a chunk to keep: the sample spreads
        // from 0 to n, every other value lies just inside the bounds it picks (about 0.98·n).
        let crowd: [Float] = (0..<n).map { sampled.contains($0) ? Float($0) : 192_000 + Float($0 % 23 + 1) / 32 }
        let bounds = crowd.withUnsafeBufferPointer { QuantileBracket($0, 0.98) }
        #expect(bounds.map { $0.low < 192_000 && $0.high > 192_001 } == true)
        if let bounds {
            let chunk = crowd.withUnsafeBufferPointer { ChunkSums($0, 0..<n, bins: 0, lo: 0, perUnit: 1, saturation: 1, bracket: bounds) }
            #expect(chunk.bracket.overflowed)
            #expect(bounds.quantile(0.98, finite: n, [chunk.bracket]) == nil)
        }
        #expect(bracketP98(crowd) == nil)
        #expect(stats(crowd, bins: 10, range: -1...1, saturation: 0.97).p98 == Double(sortedP98(crowd)))
    }

    @Test("One pass: mean, σ, saturated share, histogram and non-finite count agree with plain loops")
    func statsAgainstLoops() {
        var rng = Xoshiro(seed: 12, stream: 4)
        for n in [1, 5, 1003, 100_003] {
            var v = [Float](repeating: 0, count: n)
            v.withUnsafeMutableBufferPointer { rng.fill($0, .normal(std: 0.8)) }
            if n > 100 { v[7] = .nan; v[n - 2] = .infinity; v[n / 2] = -.infinity }
            let s = stats(v, bins: 7, range: -1...1, saturation: 0.9)
            let finite = v.filter(\.isFinite).map(Double.init)
            let mean = finite.reduce(0, +) / Double(finite.count)
            let variance = finite.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finite.count)
            #expect(abs(s.mean - mean) <= 1e-12 * max(1, abs(mean)), "n = \(n)")
            #expect(abs(s.std - variance.squareRoot()) <= 1e-9, "n = \(n)")
            #expect(s.saturated == Double(finite.filter { abs($0) > 0.9 }.count) / Double(n), "n = \(n)")
            #expect(s.nonFinite == n - finite.count)
            var hist = [Int](repeating: 0, count: 7)
            for x in v where !x.isNaN {
                let t = (Double(x) + 1) * 3.5
                hist[t <= 0 ? 0 : (t >= 6 ? 6 : Int(t))] += 1
            }
            #expect(s.histogram == hist, "n = \(n)")
            #expect(s.p98 == Double(sortedP98(v)), "n = \(n)")
        }
    }

    @Test("Statistics: quantile by selection equals the sorted rank; histograms count everything")
    func statistics() {
        var v: [Float] = (0..<1001).map { Float(($0 * 7919) % 1001) / 1000 * 2 - 1 }
        let sorted = v.map { abs($0) }.sorted()
        let s = stats(v, bins: 20, range: -1...1, saturation: 0.97)
        #expect(Float(s.p98) == sorted[Int((0.98 * 1001).rounded(.up)) - 1])
        #expect(s.histogram.reduce(0, +) == 1001)
        let integral = (0..<20).reduce(0.0) { $0 + s.density($1) * 0.1 }
        #expect(abs(integral - 1) < 1e-12)
        #expect(abs(s.mean) < 1e-6)
        var copy = v
        #expect(quantile(&copy, 0.5) == v.sorted()[500])
        v = [3, 1, 2]
        #expect(quantile(&v, 1) == 3)
    }
}
