import ConvCore
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fully connected tanh network at initialisation, as in Glorot & Bengio (2010):
///
/// ```
/// s_l = h_{l−1} · W_l            (biases 0)
/// ŝ_l = BN(s_l)                  (optional: batch mean, biased batch variance, ε; γ = 1, β = 0)
/// h_l = tanh(ŝ_l)
/// ```
/// and the back-propagated gradients of the stated cost
///
/// ```
/// C = Σ_b Σ_i g_{b,i} · h_{L,i}(b),   g ~ N(0, 1) fixed by the seed   (a random linear read-out)
/// ∂C/∂h_L = g,   ∂C/∂ŝ_l = ∂C/∂h_l ⊙ (1 − h_l²),   ∂C/∂s_l = BN′(∂C/∂ŝ_l),   ∂C/∂h_{l−1} = ∂C/∂s_l · W_lᵀ
/// ```
/// Matrix products use BLAS (`sgemm`, single precision) on every core; everything else is explicit
/// loops, split over the cores in fixed chunks so that results do not depend on scheduling.
public struct NetworkConfig: Sendable, Equatable {
    /// Width of the input.
    public var inputWidth: Int
    /// Width of each hidden layer (the depth is `widths.count`).
    public var widths: [Int]
    public var batch: Int
    public var input: InputDistribution
    public var seed: UInt64
    public var batchNorm: Bool
    public var epsilon: Float
    public var initializations: [Initialization]
    /// Histogram bins on [−1, 1] for activations (and on the shared range for gradients).
    public var bins: Int
    /// |a| beyond this counts as saturated.
    public var saturation: Float

    /// The paper's setting: 5 hidden layers of 1000 units, inputs U(−1, 1), batch 1000.
    public init(inputWidth: Int = 1000, widths: [Int] = Array(repeating: 1000, count: 5), batch: Int = 1000,
                input: InputDistribution = .uniform, seed: UInt64 = 2010, batchNorm: Bool = false, epsilon: Float = 1e-5,
                initializations: [Initialization] = [.standard, .xavierUniform, .normalSmall, .normalOne],
                bins: Int = 50, saturation: Float = 0.97) {
        self.inputWidth = inputWidth
        self.widths = widths
        self.batch = batch
        self.input = input
        self.seed = seed
        self.batchNorm = batchNorm
        self.epsilon = epsilon
        self.initializations = initializations
        self.bins = bins
        self.saturation = saturation
    }

    /// Bytes the simulation holds at once (in 4-byte floats): one weight matrix (weights are drawn
    /// again for the backward pass, not kept), every layer's activations (the backward pass needs
    /// them), a few batch-sized working arrays (the input and the cost's read-out among them, kept
    /// for every run), and one run's gradient samples for the histograms.
    /// Saturates at `Int.max` rather than overflowing, whatever the sizes.
    public var estimatedBytes: Int {
        let widthsAll = [inputWidth] + widths
        var weights = 0
        for l in 0..<widths.count { weights = max(weights, product(widthsAll[l], widthsAll[l + 1])) }
        let perLayer = product(widths.reduce(0, sum), batch)
        let working = product(6, product(batch, max(inputWidth, widths.max() ?? 0)))
        let floats = sum(sum(weights, perLayer), sum(working, perLayer / gradientSampleStride))
        return product(4, floats)
    }

    /// Largest allowed simulation: 8 GiB (this machine has 24).
    public static let memoryLimit = 8 << 30
    /// Most hidden layers.
    public static let maxDepth = 10_000
    /// Most units in a layer, or examples in a batch.
    public static let maxSide = 1 << 20

    /// Every `gradientSampleStride`-th gradient is kept for the gradient histograms.
    public var gradientSampleStride: Int { 4 }

    /// Checks a depth before an array of that many widths is made: a typo must not allocate.
    public static func validateDepth(_ depth: Int) throws(NetworkError) {
        if depth < 1 { throw .invalid(field: "depth", message: "must be at least 1, not \(depth)") }
        if depth > maxDepth { throw .invalid(field: "depth", message: "is \(depth), over the limit of \(maxDepth) layers") }
    }

    /// Checks the sizes; the message says what to fix.
    public func validate() throws(NetworkError) {
        if widths.isEmpty { throw .invalid(field: "depth", message: "must be at least 1") }
        try NetworkConfig.validateDepth(widths.count)
        if let w = widths.first(where: { $0 < 1 }) { throw .invalid(field: "width", message: "must be at least 1, not \(w)") }
        if inputWidth < 1 { throw .invalid(field: "input width", message: "must be at least 1, not \(inputWidth)") }
        if batch < 2 { throw .invalid(field: "batch", message: "must be at least 2 (statistics and batch norm need a batch), not \(batch)") }
        if initializations.isEmpty { throw .invalid(field: "inits", message: "list at least one initialisation") }
        if bins < 2 || bins > 1000 { throw .invalid(field: "bins", message: "must be between 2 and 1000") }
        if !(epsilon > 0 && epsilon <= 1) {
            throw .invalid(field: "epsilon", message: "must be a positive number of at most 1 (the default is 1e-5), not \(epsilon)")
        }
        if !(saturation > 0 && saturation < 1) {
            throw .invalid(field: "saturation", message: "must lie strictly between 0 and 1 (the default is 0.97), not \(saturation)")
        }
        for (field, side) in [("width", widths.max() ?? 0), ("input width", inputWidth), ("batch", batch)]
        where side > NetworkConfig.maxSide {
            throw .invalid(field: field, message: "is \(side), over the limit of \(NetworkConfig.maxSide): use fewer units or examples")
        }
        let bytes = estimatedBytes
        if bytes > NetworkConfig.memoryLimit {
            let need = bytes == Int.max ? "far more than 8 GiB" : "about \(bytes >> 20) MiB, over the 8 GiB limit"
            throw .invalid(field: "network", message: "needs \(need): use fewer units, layers or examples")
        }
    }
}

/// `a · b`, or `Int.max` when it would overflow (sizes are non-negative).
private func product(_ a: Int, _ b: Int) -> Int {
    let (r, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow || r < 0 ? Int.max : r
}

/// `a + b`, or `Int.max` when it would overflow.
private func sum(_ a: Int, _ b: Int) -> Int {
    let (r, overflow) = a.addingReportingOverflow(b)
    return overflow || r < 0 ? Int.max : r
}

/// Why a simulation cannot run.
public enum NetworkError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalid(field: String, message: String)

    public var description: String {
        switch self {
        case .invalid(let field, let message): return "The \(field) \(message)."
        }
    }
}

/// Per initialisation: the statistics of every layer.
public struct InitResult: Sendable {
    public var initialization: Initialization
    public var activations: [LayerStats]
    public var gradients: [LayerStats]
    /// Whether this run normalised each layer's batch (figures draw runs with and without side by side).
    public var batchNorm: Bool = false
}

public struct SimulationResult: Sendable {
    public var config: NetworkConfig
    public var results: [InitResult]
    /// The range of each initialisation's gradient histograms, shared by its layers: ± the largest
    /// 98th percentile of |∂C/∂s| over them (gradients differ by orders of magnitude between inits).
    public var gradientRanges: [ClosedRange<Double>]
}

/// Runs the network once per initialisation (one after the other, so memory holds one network).
///
/// Streamed: what is kept of a run is its statistics and histograms, not its tensors. Within one
/// run, the backward pass needs each layer's `h_l` (or, with batch norm, `ŝ_l`, from which
/// `h_l = tanh(ŝ_l)` is recomputed) and `W_l`: the activations are kept, the weights are drawn
/// again from their seeded streams (the same numbers), so a run holds one weight matrix at a time.
public func simulate(_ config: NetworkConfig) throws(NetworkError) -> SimulationResult {
    try config.validate()
    var results: [InitResult] = []
    var ranges: [ClosedRange<Double>] = []
    let inputs = NetworkInputs(config)
    for (k, initialization) in config.initializations.enumerated() {
        var (acts, grads, samples) = runNetwork(config, initialization, index: k, inputs)
        // Gradient histograms, from the kept samples, on a range shared by this init's layers:
        // the largest finite, non-zero p98; 1 when every layer collapsed to 0 or overflowed.
        let reach = grads.map(\.p98).filter { $0.isFinite && $0 > 0 }.max() ?? 1
        let range = -reach...reach
        for l in grads.indices {
            grads[l].histogram = samples[l].withUnsafeBufferPointer { histogram($0, bins: config.bins, range: range) }
            grads[l].range = range
            grads[l].count = samples[l].count
            samples[l] = []
        }
        ranges.append(range)
        results.append(InitResult(initialization: initialization, activations: acts, gradients: grads, batchNorm: config.batchNorm))
    }
    return SimulationResult(config: config, results: results, gradientRanges: ranges)
}

/// What every initialisation's run shares: the input batch `x` and the cost's read-out `g`, drawn
/// once. Streams: 0 input, 1 cost, 100 + … weights (see `layerWeights`).
struct NetworkInputs {
    /// batch × input width, U(−1, 1) or N(0, 1).
    let x: [Float]
    /// batch × last width, N(0, 1): ∂C/∂h_L.
    let g: [Float]

    init(_ c: NetworkConfig) {
        func draw(_ count: Int, stream: UInt64, _ law: Initialization.Law) -> [Float] {
            [Float](unsafeUninitializedCapacity: count) { buf, initialized in
                var rng = Xoshiro(seed: c.seed, stream: stream)
                rng.fill(buf, law)
                initialized = count
            }
        }
        x = draw(c.batch * c.inputWidth, stream: 0, c.input == .uniform ? .uniform(bound: 1) : .normal(std: 1))
        g = draw(c.batch * (c.widths.last ?? 0), stream: 1, .normal(std: 1))
    }
}

/// `W_l` (n_in × n_out) of initialisation number `k`: rows in fixed chunks, each drawn from its own
/// stream, so the same numbers come out on any machine and every time it is drawn again.
func layerWeights(_ c: NetworkConfig, _ initialization: Initialization, index k: Int, layer l: Int,
                  nIn: Int, nOut: Int) -> [Float] {
    let law = initialization.law(nIn: nIn, nOut: nOut)
    let chunks = 8
    return [Float](unsafeUninitializedCapacity: nIn * nOut) { buf, initialized in
        nonisolated(unsafe) let base = buf
        parallelFor(count: chunks, chunks: chunks) { range in
            for chunk in range {
                let lo = nIn * chunk / chunks, hi = nIn * (chunk + 1) / chunks
                var rng = Xoshiro(seed: c.seed &+ UInt64(k) &* 7919, stream: UInt64(100 + l * 64 + chunk))
                rng.fill(UnsafeMutableBufferPointer(rebasing: base[(lo * nOut)..<(hi * nOut)]), law)
            }
        }
        initialized = nIn * nOut
    }
}

/// Forward and backward pass of one network: per-layer statistics (gradient histograms are left
/// to the caller, which knows their shared range) and every `gradientSampleStride`-th gradient.
func runNetwork(_ c: NetworkConfig, _ initialization: Initialization, index k: Int, _ inputs: NetworkInputs)
    -> ([LayerStats], [LayerStats], [[Float]]) {
    let B = c.batch
    let widths = [c.inputWidth] + c.widths
    let L = c.widths.count

    // Forward. Kept per layer: h_l, or ŝ_l with batch norm (h_l = tanh(ŝ_l) is recomputed).
    var kept: [[Float]] = []       // l = 1…L
    var sigmas: [[Float]] = []
    var activationStats: [LayerStats] = []
    for l in 0..<L {
        let nIn = widths[l], nOut = widths[l + 1]
        let w = layerWeights(c, initialization, index: k, layer: l, nIn: nIn, nOut: nOut)
        var s: [Float]
        if l == 0 {
            s = matmul(inputs.x, rows: B, inner: nIn, w, cols: nOut)
        } else if c.batchNorm {
            let h = tanhOf(kept[l - 1])
            s = matmul(h, rows: B, inner: nIn, w, cols: nOut)
        } else {
            s = matmul(kept[l - 1], rows: B, inner: nIn, w, cols: nOut)
        }
        if c.batchNorm {
            sigmas.append(batchNormalize(&s, rows: B, cols: nOut, epsilon: c.epsilon))
            kept.append(s)
            activationStats.append(stats(tanhOf(s), bins: c.bins, range: -1...1, saturation: c.saturation))
        } else {
            applyTanh(&s)
            activationStats.append(stats(s, bins: c.bins, range: -1...1, saturation: c.saturation))
            kept.append(s)
        }
    }

    // Backward: δ_L = g ⊙ (1 − h_L²), then through BN and W.
    var gradientStats = [LayerStats](repeating: LayerStats(mean: 0, std: 0, saturated: 0, p98: 0, histogram: [], range: 0...1, count: 0), count: L)
    var samples = [[Float]](repeating: [], count: L)
    var delta = inputs.g
    for l in stride(from: L - 1, through: 0, by: -1) {
        let nOut = widths[l + 1]
        // h_l is no longer needed after this layer: release it as we go down.
        let hl = c.batchNorm ? tanhOf(kept[l]) : kept[l]
        if !c.batchNorm { kept[l] = [] }
        delta.withUnsafeMutableBufferPointer { d in
            hl.withUnsafeBufferPointer { a in
                let dd = d
                parallelFor(count: dd.count) { r in for i in r { dd[i] *= 1 - a[i] * a[i] } }
            }
        }
        if c.batchNorm {
            batchNormBackward(&delta, normalized: kept[l], sigma: sigmas[l], rows: B, cols: nOut)
            kept[l] = []
        }
        gradientStats[l] = stats(delta, bins: 0, range: 0...1, saturation: .infinity)
        samples[l] = stride(from: 0, to: delta.count, by: c.gradientSampleStride).map { delta[$0] }
        if l > 0 {
            let w = layerWeights(c, initialization, index: k, layer: l, nIn: widths[l], nOut: nOut)
            delta = matmulTransposed(delta, rows: B, inner: nOut, w, cols: widths[l])
        }
    }
    return (activationStats, gradientStats, samples)
}

/// `tanh` of every value, in place, on every core.
func applyTanh(_ s: inout [Float]) {
    let count = s.count
    s.withUnsafeMutableBufferPointer { buf in
        let b = buf
        parallelFor(count: count) { r in for i in r { b[i] = fastTanh(b[i]) } }
    }
}

/// `tanh` of every value, as a new array.
func tanhOf(_ s: [Float]) -> [Float] {
    var h = s
    applyTanh(&h)
    return h
}

// MARK: - Pieces

/// `out (rows × cols) = a (rows × inner) · w (inner × cols)`, row-major, single precision.
func matmul(_ a: [Float], rows: Int, inner: Int, _ w: [Float], cols: Int) -> [Float] {
    gemm(a, rows: rows, inner: inner, w, cols: cols, transposed: false)
}

/// `out (rows × cols) = d (rows × inner) · wᵀ`, where `w` is (cols × inner).
func matmulTransposed(_ d: [Float], rows: Int, inner: Int, _ w: [Float], cols: Int) -> [Float] {
    gemm(d, rows: rows, inner: inner, w, cols: cols, transposed: true)
}

/// `a · w` or `a · wᵀ`. The rows are split over the cores, each block one single-threaded
/// `sgemm` (BLAS's own threads would spin idle between products and take the cores from the loops
/// in between). With β = 0, `sgemm` writes every entry of the result without reading it: the
/// result is not zeroed first.
private func gemm(_ a: [Float], rows: Int, inner: Int, _ w: [Float], cols: Int, transposed: Bool) -> [Float] {
    blasSingleThreaded
    return [Float](unsafeUninitializedCapacity: rows * cols) { op, initialized in
        a.withUnsafeBufferPointer { ap in
            w.withUnsafeBufferPointer { wp in
                nonisolated(unsafe) let (ab, wb, ob) = (ap.baseAddress!, wp.baseAddress!, op.baseAddress!)
                parallelFor(count: rows, chunks: blockCount(rows)) { r in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, transposed ? CblasTrans : CblasNoTrans,
                                Int32(r.count), Int32(cols), Int32(inner), 1, ab + r.lowerBound * inner, Int32(inner),
                                wb, Int32(transposed ? inner : cols), 0, ob + r.lowerBound * cols, Int32(cols))
                }
            }
        }
        initialized = rows * cols
    }
}

/// Row blocks for a product: one per core, none smaller than 64 rows.
private func blockCount(_ rows: Int) -> Int {
    max(1, min(Cores.count, rows / 64))
}

/// Sets BLAS to one thread, once.
private let blasSingleThreaded: Void = {
    #if !canImport(Accelerate)
    openblas_set_num_threads(1)
    #endif
}()


/// Batch normalisation over the rows (the batch), per column (unit), γ = 1, β = 0 — Ioffe &
/// Szegedy, Algorithm 1: μ = mean, σ² = biased variance, x̂ = (x − μ)/√(σ² + ε). Returns √(σ² + ε).
func batchNormalize(_ s: inout [Float], rows: Int, cols: Int, epsilon: Float) -> [Float] {
    var mean = [Double](repeating: 0, count: cols), sq = [Double](repeating: 0, count: cols)
    for r in 0..<rows {
        for j in 0..<cols { mean[j] += Double(s[r * cols + j]) }
    }
    for j in 0..<cols { mean[j] /= Double(rows) }
    for r in 0..<rows {
        for j in 0..<cols { let d = Double(s[r * cols + j]) - mean[j]; sq[j] += d * d }
    }
    let sigma = (0..<cols).map { Float((sq[$0] / Double(rows) + Double(epsilon)).squareRoot()) }
    let mu = mean.map { Float($0) }
    for r in 0..<rows {
        for j in 0..<cols { s[r * cols + j] = (s[r * cols + j] - mu[j]) / sigma[j] }
    }
    return sigma
}

/// Gradient through batch normalisation (γ = 1): `∂C/∂s = (∂C/∂x̂ − mean(∂C/∂x̂) − x̂·mean(∂C/∂x̂ · x̂)) / σ`.
func batchNormBackward(_ d: inout [Float], normalized xhat: [Float], sigma: [Float], rows: Int, cols: Int) {
    var meanD = [Double](repeating: 0, count: cols), meanDX = [Double](repeating: 0, count: cols)
    for r in 0..<rows {
        for j in 0..<cols {
            let g = Double(d[r * cols + j])
            meanD[j] += g
            meanDX[j] += g * Double(xhat[r * cols + j])
        }
    }
    for j in 0..<cols { meanD[j] /= Double(rows); meanDX[j] /= Double(rows) }
    for r in 0..<rows {
        for j in 0..<cols {
            let i = r * cols + j
            d[i] = Float((Double(d[i]) - meanD[j] - Double(xhat[i]) * meanDX[j]) / Double(sigma[j]))
        }
    }
}
