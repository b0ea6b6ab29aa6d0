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

/// The `q`-quantile of |v| (nearest rank: the ⌈q·n⌉-th smallest), exactly, in linear time:
/// a histogram of |v| finds the bin that holds the rank, then only that bin's values are selected.
/// NaN and ±∞ are left out (`n` counts the finite values); NaN when no value is finite. The
/// scale is a `Double`: a denormal maximum would make a `Float` scale infinite.
func absQuantile(_ v: UnsafeBufferPointer<Float>, _ q: Double) -> Float {
    let parts = parallelMap(count: v.count) { r -> (top: Float, finite: Int) in
        var m: Float = 0, finite = 0
        for i in r where v[i].isFinite {
            m = max(m, abs(v[i]))
            finite += 1
        }
        return (m, finite)
    }
    return absQuantile(v, q, top: parts.map(\.top).max() ?? 0, finite: parts.reduce(0) { $0 + $1.finite })
}

/// The same, for a caller whose own pass over `v` already found the largest finite |v| (`top`)
/// and the number of finite values.
func absQuantile(_ v: UnsafeBufferPointer<Float>, _ q: Double, top: Float, finite n: Int) -> Float {
    guard v.count > 0 else { return 0 }
    guard n > 0 else { return .nan }
    let k = max(0, min(n - 1, Int((q * Double(n)).rounded(.up)) - 1))
    guard top > 0 else { return 0 }
    let bins = AbsoluteBins(top: top)
    // Each chunk's histogram is kept: its count in the target bin says where its values go below.
    // `a <= top` leaves out NaN and ±∞.
    let chunkCounts = parallelMap(count: v.count) { r -> [Int] in
        var h = [Int](repeating: 0, count: AbsoluteBins.count)
        h.withUnsafeMutableBufferPointer { hb in
            for i in r {
                let a = abs(v[i])
                if a <= top { hb[bins.bin(a)] += 1 }
            }
        }
        return h
    }
    var counts = [Int](repeating: 0, count: AbsoluteBins.count)
    for h in chunkCounts { for i in 0..<AbsoluteBins.count { counts[i] += h[i] } }
    var below = 0, target = 0
    for b in 0..<AbsoluteBins.count {
        if below + counts[b] > k { target = b; break }
        below += counts[b]
    }
    let (low, high) = bins.bounds(target)
    var starts = [0]
    for h in chunkCounts { starts.append(starts[starts.count - 1] + h[target]) }
    var inBin = [Float](repeating: 0, count: counts[target])
    inBin.withUnsafeMutableBufferPointer { out in
        nonisolated(unsafe) let slots = out
        // The same chunks as above: chunk c's values start at starts[c].
        _ = parallelMap(count: v.count) { c, r in
            var o = starts[c]
            for i in r {
                let a = abs(v[i])
                if a >= low && a <= high && bins.bin(a) == target { slots[o] = a; o += 1 }
            }
        }
    }
    return quantileRank(&inBin, k - below)
}

/// The bins of |x| ∈ [0, top] for the quantile: 4096 of equal width, the last one closed.
/// Any bin function that never decreases as |x| grows keeps the selection exact; in `Float` it is
/// twice as fast as in `Double`, but a denormal `top` makes the `Float` scale infinite, and then
/// it is `Double`.
struct AbsoluteBins {
    static let count = 4096
    let top: Float
    let scale: Double
    let floatScale: Float
    let inFloat: Bool

    init(top: Float) {
        self.top = top
        scale = Double(Self.count) / Double(top)
        floatScale = Float(scale)
        inFloat = floatScale.isFinite
    }

    /// The bin of `a` (finite, 0 ≤ a ≤ top).
    @inline(__always) func bin(_ a: Float) -> Int {
        min(Self.count - 1, inFloat ? Int(a * floatScale) : Int(Double(a) * scale))
    }

    /// Bounds a little wider than bin `t`'s, so that most values are passed over with two
    /// comparisons and the bin itself decides at the edges (NaN and ±∞ fail them): 2⁻²⁰ covers
    /// the `Float` bin's two roundings, one step of a `Float` covers converting the bound.
    func bounds(_ t: Int) -> (low: Float, high: Float) {
        (Float(Double(t) / scale * (1 - 0x1p-20)).nextDown,
         t == Self.count - 1 ? top : Float(Double(t + 1) / scale * (1 + 0x1p-20)).nextUp)
    }
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
