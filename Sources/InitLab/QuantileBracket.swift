/// Two bounds that hold the `q`-quantile of |v| with near certainty, read from a sample of `v`,
/// so that one pass over `v` can find the quantile exactly (Floyd & Rivest's selection, 1975):
///
/// ```
/// sample one value at random in each stretch of n / 8192, take its ranks q·m ± 4·√(m·q·(1 − q)) + 2
/// as [low, high]
/// one pass: count |x| < low, |x| = low and |x| = high; keep the few values with low < |x| < high
/// rank k = ⌈q·n⌉ − 1 lies in [low, high] → select it among the kept values
/// ```
/// When the sample misled (the rank falls outside, or too many values lie between), the caller
/// selects through ``MagnitudeBins`` instead: the answer is exact either way.
struct QuantileBracket: Sendable {
    var low: Float
    var high: Float
    /// A chunk keeps at most this share of its values (plus 64) between the bounds; expected: about 1 %.
    static let keptPerValue = 1.0 / 16
    /// Fewer values than this are selected directly.
    static let worthSampling = 1 << 16

    init(low: Float, high: Float) {
        self.low = low
        self.high = high
    }

    /// The bounds for the `q`-quantile of |v|, or nil when too few sampled values are finite.
    init?(_ v: UnsafeBufferPointer<Float>, _ q: Double) {
        var sample = QuantileBracket.samplePositions(count: v.count).compactMap { v[$0].isFinite ? abs(v[$0]) : nil }
        let m = sample.count
        guard m >= 1024 else { return nil }
        let centre = q * Double(m), margin = 4 * (Double(m) * q * (1 - q)).squareRoot() + 2
        let lowRank = max(0, min(m - 1, Int(centre - margin))), highRank = max(0, min(m - 1, Int(centre + margin)))
        high = quantileRank(&sample, highRank)
        low = quantileRank(&sample, lowRank)
    }

    /// The positions sampled among `count` values: one at random in each stretch of `count / 8192`
    /// (from a fixed stream, so the same every time), not every stretch's first value: a stretch
    /// that is a multiple of the layer's width would sample the same unit again and again.
    static func samplePositions(count: Int) -> [Int] {
        let step = max(1, count / 8192)
        var rng = Xoshiro(seed: 0x5A3B_1E5E, stream: 0)
        return Swift.stride(from: 0, to: count, by: step).map { start in
            start + Int(rng.next() % UInt64(min(step, count - start)))
        }
    }

    /// What one chunk's pass found.
    struct Counts: Sendable {
        /// Finite values with |x| below `low`, equal to `low`, and equal to `high` (when high > low).
        var below = 0, atLow = 0, atHigh = 0
        /// |x| of the values strictly between the bounds.
        var between: [Float] = []
        /// More values lay between than could be kept: the bracket is no use.
        var overflowed = false
    }

    /// The `q`-quantile (nearest rank) of the `finite` finite values of |v|, from the chunks'
    /// counts; nil when the rank is not within the bounds (or a chunk overflowed).
    func quantile(_ q: Double, finite: Int, _ chunks: [Counts]) -> Float? {
        guard finite > 0, !chunks.contains(where: \.overflowed) else { return nil }
        let k = max(0, min(finite - 1, Int((q * Double(finite)).rounded(.up)) - 1))
        var rank = k - chunks.reduce(0) { $0 + $1.below }
        guard rank >= 0 else { return nil }
        let atLow = chunks.reduce(0) { $0 + $1.atLow }
        if rank < atLow { return low }
        rank -= atLow
        var between = Array(chunks.map(\.between).joined())
        if rank < between.count { return quantileRank(&between, rank) }
        rank -= between.count
        return rank < chunks.reduce(0) { $0 + $1.atHigh } ? high : nil
    }
}
