import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - The fast path

/// Cross-correlation with the kernel **as used** (already flipped for convolution), the same sums
/// as ``correlateLoops(_:_:_:_:into:)`` computed faster:
///
/// ```
/// y(r,c) = Σ_a Σ_b xp(r·s + a·d, c·s + b·d) · k(a,b)      (a, b in window order)
/// ```
/// **The same additions in the same order.** Every output cell is still
/// `((0 + p(0,0)) + p(0,1)) + … + p(k₁−1,k₂−1)`, then `+ bias`: what runs side by side in the
/// SIMD registers is 16 *neighbouring output cells* (two `SIMD8<Double>` accumulators), never the
/// terms of one sum, and products are rounded before they are added (no fused multiply-add). So
/// the output is bit for bit the reference loop's and equals ``Convolution2D/step(_:)``'s result.
///
/// What makes it fast:
/// - the sum of a cell stays in a register until its last tap (the reference loop adds into memory);
/// - bands of output rows run on every core (`DispatchQueue.concurrentPerform`), each band writing
///   only its own rows;
/// - a padded input row is made once per band and kept while the window needs it, in a cache of
///   `k₁` rows: the padded image is never built (4096² in `same` mode needs 15 rows × 4110
///   columns per band, not a 16.8-million-entry copy). Rows of zero padding are skipped (0·k = 0),
///   as in the reference loop.
func correlateFast(_ x: Grid, _ k: Grid, _ g: Geometry, _ p: Padding, rows outRows: Int, cols outCols: Int) -> Grid {
    // Uninitialised storage: every cell is written once, by the band that owns its row, so the
    // pages are touched in parallel and never zero-filled first.
    let count = outRows * outCols
    let values = [Double](unsafeUninitializedCapacity: count) { out, initialized in
        // Small plans are not worth a thread.
        let work = count * k.rows * k.cols
        let bands = work < 1 << 18 ? 1 : min(outRows, 4 * FastPath.cores)
        x.values.withUnsafeBufferPointer { src in
            k.values.withUnsafeBufferPointer { kp in
                // Each band reads the input and kernel and writes only its own output rows.
                nonisolated(unsafe) let (src, kp, out) = (src, kp, out)
                DispatchQueue.concurrentPerform(iterations: bands) { band in
                    let lo = outRows * band / bands, hi = outRows * (band + 1) / bands
                    FastPath.band(rows: lo..<hi, input: src, inputRows: x.rows, inputCols: x.cols,
                                  kernel: kp, kernelRows: k.rows, kernelCols: k.cols,
                                  geometry: g, padding: p, output: out, outputCols: outCols)
                }
            }
        }
        initialized = count
    }
    return Grid(rows: outRows, cols: outCols, values: values)
}

enum FastPath {
    static var cores: Int { Cores.count }

    /// Output rows `rows` of the correlation, with their own cache of padded input rows.
    static func band(rows: Range<Int>, input src: UnsafeBufferPointer<Double>, inputRows: Int, inputCols: Int,
                     kernel kp: UnsafeBufferPointer<Double>, kernelRows kr: Int, kernelCols kc: Int,
                     geometry g: Geometry, padding p: Padding,
                     output out: UnsafeMutableBufferPointer<Double>, outputCols outCols: Int) {
        guard !rows.isEmpty else { return }
        let sy = g.stride.y, sx = g.stride.x, dy = g.dilation.y, dx = g.dilation.x
        let paddedCols = inputCols + p.left + p.right
        let inPlace = p.left == 0 && p.right == 0
        // Where each padding column reads from (−1: a zero).
        var leftSource = [Int](repeating: -1, count: p.left), rightSource = [Int](repeating: -1, count: p.right)
        for c in 0..<p.left { leftSource[c] = g.boundary.source(of: c - p.left, length: inputCols) ?? -1 }
        for c in 0..<p.right { rightSource[c] = g.boundary.source(of: inputCols + c, length: inputCols) ?? -1 }
        // k₁ slots of padded rows, each tagged with the input row it holds.
        var storage = [Double](repeating: 0, count: inPlace ? 0 : kr * paddedCols)
        var tags = [Int](repeating: -1, count: kr)
        var used = [Bool](repeating: false, count: kr)
        var window = [UnsafePointer<Double>?](repeating: nil, count: kr)
        let base = src.baseAddress!
        storage.withUnsafeMutableBufferPointer { store in
            /// The padded row whose input row is `sr`, from the cache or made now.
            func paddedRow(_ sr: Int) -> UnsafePointer<Double> {
                let srcRow = base + sr * inputCols
                if inPlace { return srcRow }
                var slot = -1
                for s in 0..<kr where tags[s] == sr { slot = s; break }
                if slot < 0 {
                    // A slot this output row does not use: the one holding the earliest row.
                    for s in 0..<kr where !used[s] && (slot < 0 || tags[s] < tags[slot]) { slot = s }
                    let row = store.baseAddress! + slot * paddedCols
                    (row + p.left).update(from: srcRow, count: inputCols)
                    for c in 0..<p.left { row[c] = leftSource[c] < 0 ? 0 : srcRow[leftSource[c]] }
                    for c in 0..<p.right { row[p.left + inputCols + c] = rightSource[c] < 0 ? 0 : srcRow[rightSource[c]] }
                    tags[slot] = sr
                }
                used[slot] = true
                return UnsafePointer(store.baseAddress! + slot * paddedCols)
            }
            window.withUnsafeMutableBufferPointer { w in
                for r in rows {
                    for s in 0..<kr { used[s] = false }
                    // The window's rows; nil for a row of zero padding (skipped, as 0·k adds nothing).
                    for a in 0..<kr {
                        let sr = g.boundary.source(of: r * sy + a * dy - p.top, length: inputRows)
                        w[a] = sr.map(paddedRow)
                    }
                    let yRow = out.baseAddress! + r * outCols
                    if sx == 1 {
                        unitStrideRow(w, kernel: kp.baseAddress!, kr: kr, kc: kc, dx: dx, into: yRow, count: outCols)
                    } else {
                        stridedRow(w, kernel: kp.baseAddress!, kr: kr, kc: kc, dx: dx, sx: sx, into: yRow, count: outCols)
                    }
                    if g.bias != 0 { for c in 0..<outCols { yRow[c] += g.bias } }
                }
            }
        }
    }

    /// One output row with stride 1: `y[c] = Σ_a Σ_b row_a[c + b·d] · k(a,b)`, 16 cells at a time.
    @inline(__always)
    static func unitStrideRow(_ w: UnsafeMutableBufferPointer<UnsafePointer<Double>?>, kernel kp: UnsafePointer<Double>,
                              kr: Int, kc: Int, dx: Int, into y: UnsafeMutablePointer<Double>, count n: Int) {
        var c = 0
        while c + 16 <= n {
            var acc0 = SIMD8<Double>(), acc1 = SIMD8<Double>()
            for a in 0..<kr {
                guard let xRow = w[a] else { continue }
                let kRow = kp + a * kc
                var q = xRow + c
                for b in 0..<kc {
                    let kab = kRow[b]
                    acc0 += load(q) * kab
                    acc1 += load(q + 8) * kab
                    q += dx
                }
            }
            store(acc0, y + c)
            store(acc1, y + c + 8)
            c += 16
        }
        if c + 8 <= n {
            var acc = SIMD8<Double>()
            for a in 0..<kr {
                guard let xRow = w[a] else { continue }
                let kRow = kp + a * kc
                for b in 0..<kc { acc += load(xRow + c + b * dx) * kRow[b] }
            }
            store(acc, y + c)
            c += 8
        }
        while c < n {
            var acc = 0.0
            for a in 0..<kr {
                guard let xRow = w[a] else { continue }
                let kRow = kp + a * kc
                for b in 0..<kc { acc += xRow[c + b * dx] * kRow[b] }
            }
            y[c] = acc
            c += 1
        }
    }

    /// One output row with stride `sx` > 1: `y[c] = Σ_a Σ_b row_a[c·s + b·d] · k(a,b)`, a cell at a time.
    static func stridedRow(_ w: UnsafeMutableBufferPointer<UnsafePointer<Double>?>, kernel kp: UnsafePointer<Double>,
                           kr: Int, kc: Int, dx: Int, sx: Int, into y: UnsafeMutablePointer<Double>, count n: Int) {
        for c in 0..<n {
            var acc = 0.0
            for a in 0..<kr {
                guard let xRow = w[a] else { continue }
                let kRow = kp + a * kc
                for b in 0..<kc { acc += xRow[c * sx + b * dx] * kRow[b] }
            }
            y[c] = acc
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
    }
}

/// The number of cores, without Foundation (shared with the network simulation).
public enum Cores {
    public static let count: Int = {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }()
}
