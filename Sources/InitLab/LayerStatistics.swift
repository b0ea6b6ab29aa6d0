/// The statistics the figures draw of one layer's values: mean, σ, the saturated share, the 98th
/// percentile of |x| and a histogram, all from one pass over the layer.

/// Statistics of one layer's values.
public struct LayerStats: Sendable, Equatable {
    public var mean: Double
    public var std: Double
    /// Share of values with |v| > the saturation threshold (activations only).
    public var saturated: Double
    /// 98th percentile of |v|.
    public var p98: Double
    /// Counts per bin over `range`; values outside fall in the edge bins.
    public var histogram: [Int]
    public var range: ClosedRange<Double>
    public var count: Int
    /// Values that overflowed single precision (±∞) or became NaN; the statistics above leave
    /// them out.
    public var nonFinite: Int = 0

    /// Some values overflowed: the figure says so instead of plotting them.
    public var overflowed: Bool { nonFinite > 0 }

    /// Nearly every value is 0 or too small for single precision (a denormal): the layer carries
    /// no signal, and the figure says "collapsed to 0".
    public var collapsed: Bool { !overflowed && !(p98 >= Double(Float.leastNormalMagnitude)) }

    /// Density of bin `i` (count / (N · bin width)): histograms of any N compare.
    public func density(_ i: Int) -> Double {
        let width = (range.upperBound - range.lowerBound) / Double(histogram.count)
        return Double(histogram[i]) / (Double(count) * width)
    }
}

/// Mean, standard deviation, share beyond `saturation`, 98th percentile of |v| and a histogram.
/// NaN and ±∞ (a layer that overflowed single precision) are counted in `nonFinite` and left out
/// of the other statistics; with no finite value at all, mean, σ and p98 are NaN.
func stats(_ v: [Float], bins: Int, range: ClosedRange<Double>, saturation: Float) -> LayerStats {
    let n = v.count
    let q = 0.98
    // One pass: sums, saturation, the histogram and the counts of a bracket around the quantile.
    let bracket = n >= QuantileBracket.worthSampling ? v.withUnsafeBufferPointer { QuantileBracket($0, q) } : nil
    let lo = range.lowerBound, perUnit = Double(bins) / (range.upperBound - range.lowerBound)
    let partial = v.withUnsafeBufferPointer { b in
        // Fixed chunks (parallelMap's 8), whatever the cores: the sums, added chunk by chunk, come
        // out the same on every machine.
        parallelMap(count: n) { r in
            ChunkSums(b, r, bins: bins, lo: lo, perUnit: perUnit, saturation: saturation, bracket: bracket)
        }
    }
    let sum = partial.reduce(0) { $0 + $1.sum }, sumSq = partial.reduce(0) { $0 + $1.sumSq }
    let saturated = partial.reduce(0) { $0 + $1.saturated }, nonFinite = partial.reduce(0) { $0 + $1.nonFinite }
    let finite = Double(n - nonFinite)
    let mean = sum / finite
    let variance = max(0, sumSq / finite - mean * mean)
    let p98 = bracket?.quantile(q, finite: n - nonFinite, partial.map(\.bracket)) ?? v.withUnsafeBufferPointer { absQuantile($0, q) }
    var hist = [Int](repeating: 0, count: bins)
    for p in partial { for i in 0..<bins { hist[i] += Int(p.histogram[i]) } }
    return LayerStats(mean: mean, std: finite > 0 ? variance.squareRoot() : .nan, saturated: Double(saturated) / Double(n),
                      p98: Double(p98), histogram: hist, range: range, count: n, nonFinite: nonFinite)
}

/// What `stats` adds up over one chunk of the values, in one pass.
///
/// A count waits for the count before it when both land in the same bin, and a saturated layer puts
/// most of its values in the two edge bins. So the pass keeps four copies of the histogram and
/// counts the chunk's values in the copies in turn (the `k`-th value from the chunk's start in copy
/// `k % 4`; a last one to three values in copy 0): four counts are under way at once. The sums,
/// likewise, run in four parts. The copies are added up at the end of the chunk.
///
/// Counts are `UInt32`: a chunk holds at most 2³¹ values, since a layer holds at most 2³¹
/// (``NetworkConfig/memoryLimit``, 8 GiB of 4-byte floats) and is split in at least two chunks.
struct ChunkSums {
    static let lanes = 4
    var sum = 0.0, sumSq = 0.0
    var saturated = 0, nonFinite = 0
    /// Counts per bin of the figure's histogram (values outside in the edge bins, NaN in none).
    var histogram: [UInt32]
    /// The quantile bracket's counts (empty without a bracket).
    var bracket = QuantileBracket.Counts()

    init(_ v: UnsafeBufferPointer<Float>, _ r: Range<Int>, bins: Int, lo: Double, perUnit: Double, saturation: Float,
         bracket: QuantileBracket?) {
        let lanes = ChunkSums.lanes
        // One spare bin: a pointer even when the figure wants no histogram (gradients).
        var h = [UInt32](repeating: 0, count: lanes * bins + 1)
        // Without a bracket, bounds that count nothing.
        let bounds = bracket ?? QuantileBracket(low: -.infinity, high: -.infinity)
        let room = bracket == nil ? 0 : Int(Double(r.count) * QuantileBracket.keptPerValue) + 64
        var pass = Pass()
        let between = [Float](unsafeUninitializedCapacity: room + 1) { keep, initialized in
            initialized = 0
            h.withUnsafeMutableBufferPointer { hb in
                guard let values = v.baseAddress, let hp = hb.baseAddress, let kp = keep.baseAddress else { return }
                pass = ChunkSums.accumulate(values, r, bins: bins, hp, lo: lo, perUnit: perUnit, saturation: saturation,
                                            bounds, between: kp, room: room)
            }
            initialized = pass.kept
        }
        (sum, sumSq, saturated, nonFinite) = (pass.sum, pass.sumSq, pass.saturated, pass.nonFinite)
        self.bracket = QuantileBracket.Counts(below: pass.below, atLow: pass.atLow, atHigh: pass.atHigh, between: between,
                                              overflowed: pass.overflowed)
        for lane in 1..<lanes {
            for i in 0..<bins { h[i] &+= h[lane * bins + i] }
        }
        histogram = Array(h.prefix(bins))
    }

    /// The totals of one chunk's loop.
    private struct Pass {
        var sum = 0.0, sumSq = 0.0
        var saturated = 0, nonFinite = 0, below = 0, atLow = 0, atHigh = 0, kept = 0
        var overflowed = false
    }

    /// The loop itself, on plain pointers and local totals, so that the totals stay in registers.
    private static func accumulate(_ v: UnsafePointer<Float>, _ r: Range<Int>, bins: Int, _ h: UnsafeMutablePointer<UInt32>,
                                   lo: Double, perUnit: Double, saturation: Float,
                                   _ bracket: QuantileBracket, between: UnsafeMutablePointer<Float>, room: Int) -> Pass {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
        var saturated = 0, nonFinite = 0, below = 0, atLow = 0, atHigh = 0, kept = 0, overflowed = false
        let (low, high) = (bracket.low, bracket.high)
        @inline(__always)
        func count(_ x: Float, _ h: UnsafeMutablePointer<UInt32>, _ s: inout Double, _ q: inout Double) {
            if bins > 0, let bin = histogramBin(x, lo: lo, perUnit: perUnit, bins: bins) { h[bin] &+= 1 }
            guard x.isFinite else { nonFinite &+= 1; return }
            let d = Double(x)
            s += d
            q += d * d
            let a = abs(x)
            saturated &+= a > saturation ? 1 : 0
            // The bracket (see QuantileBracket): most values lie below it.
            if a < low { below &+= 1; return }
            guard a <= high else { return }
            if a == low { atLow &+= 1 } else if a == high { atHigh &+= 1 } else if kept < room {
                between[kept] = a
                kept &+= 1
            } else {
                overflowed = true
            }
        }
        var i = r.lowerBound
        while i + lanes <= r.upperBound {
            count(v[i], h, &s0, &q0)
            count(v[i + 1], h + bins, &s1, &q1)
            count(v[i + 2], h + 2 * bins, &s2, &q2)
            count(v[i + 3], h + 3 * bins, &s3, &q3)
            i += lanes
        }
        while i < r.upperBound {
            count(v[i], h, &s0, &q0)
            i += 1
        }
        return Pass(sum: (s0 + s1) + (s2 + s3), sumSq: (q0 + q1) + (q2 + q3), saturated: saturated, nonFinite: nonFinite,
                    below: below, atLow: atLow, atHigh: atHigh, kept: kept, overflowed: overflowed)
    }
}

/// The bin of `value` in a histogram of `bins` bins from `lo`, `perUnit` bins to a unit: values
/// outside the range (±∞ included) go to the edge bins, NaN to none.
@inline(__always)
func histogramBin(_ value: Float, lo: Double, perUnit: Double, bins: Int) -> Int? {
    let t = (Double(value) - lo) * perUnit
    guard !t.isNaN else { return nil }
    let last = bins - 1
    return t <= 0 ? 0 : (t >= Double(last) ? last : Int(t))
}

/// Counts per bin; values outside `range` (±∞ included) go to the edge bins, NaN to none.
/// Computed in `Double`, so that a tiny range (denormal gradients) cannot make the scale infinite.
func histogram(_ v: UnsafeBufferPointer<Float>, bins: Int, range: ClosedRange<Double>) -> [Int] {
    let lo = range.lowerBound, perUnit = Double(bins) / (range.upperBound - range.lowerBound)
    let parts = parallelMap(count: v.count) { r -> [Int] in
        var h = [Int](repeating: 0, count: bins)
        for i in r {
            if let bin = histogramBin(v[i], lo: lo, perUnit: perUnit, bins: bins) { h[bin] += 1 }
        }
        return h
    }
    var total = [Int](repeating: 0, count: bins)
    for p in parts { for i in 0..<bins { total[i] += p[i] } }
    return total
}

/// The `q`-quantile (nearest rank, `⌈q·n⌉`-th smallest) by quickselect; reorders `v`.
func quantile(_ v: inout [Float], _ q: Double) -> Float {
    guard !v.isEmpty else { return 0 }
    return quantileRank(&v, max(0, min(v.count - 1, Int((q * Double(v.count)).rounded(.up)) - 1)))
}
