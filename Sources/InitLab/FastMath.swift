/// tanh for single precision as a rational function (the minimax approximation Eigen uses for
/// `float`): `x·P(x²)/Q(x²)` on [−7.9, 7.9], ±1 beyond, where tanh rounds to ±1 in `Float`.
/// Accurate to a few units in the last place, and a loop of it vectorises, unlike a call to `tanhf`.
@inline(__always)
func fastTanh(_ input: Float) -> Float {
    let x = max(-7.905_311_1, min(7.905_311_1, input))
    if abs(x) < 0.0004 { return x }
    let x2 = x * x
    var p: Float = -2.760_768_5e-16
    p = p * x2 + 2.000_187_9e-13
    p = p * x2 + -8.604_671_5e-11
    p = p * x2 + 5.122_297e-08
    p = p * x2 + 1.485_722_4e-05
    p = p * x2 + 6.372_619_3e-04
    p = p * x2 + 4.893_524_6e-03
    p = p * x
    var q: Float = 1.198_258_4e-06
    q = q * x2 + 1.185_347_1e-04
    q = q * x2 + 2.268_434_6e-03
    q = q * x2 + 4.893_525_2e-03
    return p / q
}

/// Bins of |x| by the high bits of its IEEE pattern: for non-negative floats the pattern grows
/// with the value, so the bins are in order (64 to a binade, denormals and zero at the bottom),
/// whatever the values' scale. Any bins in order keep the selection below exact; these need no
/// largest value first, so one pass fills them. (The statistics pass tries ``QuantileBracket``
/// first; this is its exact fallback.)
enum MagnitudeBins {
    static let shift: UInt32 = 17
    /// Finite magnitudes fill bins 0…16319; ±∞ and NaN would fall above.
    static let count = 1 << (31 - Int(shift))
    /// Fewer values than this are selected directly: a histogram of `count` bins per chunk would
    /// cost more than the values (a deep, narrow network has thousands of small layers).
    static let worthBinning = 4 * count

    @inline(__always) static func bin(_ x: Float) -> Int { Int(abs(x).bitPattern >> shift) }
}

/// The `q`-quantile of |v| (nearest rank: the ⌈q·n⌉-th smallest), exactly, in linear time:
/// a histogram of |v| finds the bin that holds the rank, then only that bin's values are selected.
/// NaN and ±∞ are left out (`n` counts the finite values); NaN when no value is finite.
func absQuantile(_ v: UnsafeBufferPointer<Float>, _ q: Double) -> Float {
    guard v.count >= MagnitudeBins.worthBinning else {
        var finite = v.filter(\.isFinite).map { abs($0) }
        guard !finite.isEmpty else { return v.isEmpty ? 0 : .nan }
        return quantile(&finite, q)
    }
    let chunks = parallelMap(count: v.count) { r -> [UInt32] in
        var h = [UInt32](repeating: 0, count: MagnitudeBins.count)
        h.withUnsafeMutableBufferPointer { hb in
            for i in r where v[i].isFinite { hb[MagnitudeBins.bin(v[i])] += 1 }
        }
        return h
    }
    return absQuantile(v, q, histograms: chunks)
}

/// The same, from the ``MagnitudeBins`` histograms of the finite values of `parallelMap`'s
/// chunks of `v` (in chunk order).
func absQuantile(_ v: UnsafeBufferPointer<Float>, _ q: Double, histograms chunks: [[UInt32]]) -> Float {
    guard v.count > 0 else { return 0 }
    var counts = [Int](repeating: 0, count: MagnitudeBins.count)
    for h in chunks { for i in 0..<MagnitudeBins.count { counts[i] += Int(h[i]) } }
    let n = counts.reduce(0, +)
    guard n > 0 else { return .nan }
    let k = max(0, min(n - 1, Int((q * Double(n)).rounded(.up)) - 1))
    var below = 0, target = 0
    for b in 0..<MagnitudeBins.count {
        if below + counts[b] > k { target = b; break }
        below += counts[b]
    }
    // The target bin's values, each chunk's at its own offset (the bins of NaN and ±∞ are above
    // every finite value's, so the target is never theirs).
    var starts = [0]
    for h in chunks { starts.append(starts[starts.count - 1] + Int(h[target])) }
    var inBin = [Float](repeating: 0, count: counts[target])
    inBin.withUnsafeMutableBufferPointer { out in
        nonisolated(unsafe) let slots = out
        _ = parallelMap(count: v.count, chunks: chunks.count) { c, r in
            var o = starts[c]
            for i in r where MagnitudeBins.bin(v[i]) == target {
                slots[o] = abs(v[i])
                o += 1
            }
        }
    }
    return quantileRank(&inBin, k - below)
}

/// The `k`-th smallest value (0-based) by quickselect; reorders `v`.
func quantileRank(_ v: inout [Float], _ k: Int) -> Float {
    var lo = 0, hi = v.count - 1
    return v.withUnsafeMutableBufferPointer { a in
        while lo < hi {
            let pivot = a[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return a[k]
    }
}
