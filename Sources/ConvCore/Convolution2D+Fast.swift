import CConvKernels
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
/// vector registers is neighbouring *output cells*, never the terms of one sum, and products are
/// rounded before they are added (no fused multiply-add). So the output is bit for bit the
/// reference loop's and equals ``Convolution2D/step(_:)``'s result, at every ``KernelLevel``.
///
/// What makes it fast:
/// - the kernel (`convviz_correlate_rows`, in C) keeps 2 rows × 64 neighbouring sums in registers
///   (with AVX-512) until their last tap, loads each input row once for both output rows, and
///   runs the widest instructions this CPU has (the reference loop adds into memory);
/// - bands of output rows run on every core (`convviz_parallel_for`), each band writing only its
///   own rows;
/// - nothing is copied: the window's rows are the input's own rows (or none, for a row of zero
///   padding, skipped as in the reference loop), and the few output columns whose window reaches
///   into the left or right padding are summed here, a cell at a time, through the boundary.
func correlateFast(_ x: Grid, _ k: Grid, _ g: Geometry, _ p: Padding, rows outRows: Int, cols outCols: Int,
                   level: KernelLevel = .best) throws(ConvolutionError) -> Grid {
    let columns = FastPath.Columns(inputCols: x.cols, kernelCols: k.cols, geometry: g, padding: p, outputCols: outCols)
    let count = outRows * outCols
    // Small plans are not worth a thread.
    let bands = count * k.rows * k.cols < 1 << 18 ? 1 : min(outRows, 16 * FastPath.cores)
    // With stride and dilation 1 every input cell is under some window, and a NaN or infinity
    // under a window makes its sum one too: the input need only be searched when an output cell
    // is not finite (a sum can also overflow). Otherwise each band searches a share of the input.
    let everyCellRead = g.stride == Axes(1) && g.dilation == Axes(1)
    // Per band: the index of the first NaN or infinity in its share of the input (−1: none), and
    // whether an output cell it wrote is not finite.
    var firstBad = [Int](repeating: -1, count: bands)
    var nonFiniteOutput = [Bool](repeating: false, count: bands)
    // Uninitialised storage: every cell is written once, by the band that owns its row, so the
    // pages are touched in parallel and never zero-filled first.
    let values = [Double](unsafeUninitializedCapacity: count) { out, initialized in
        FastPath.adviseHugePages(out)
        x.values.withUnsafeBufferPointer { src in
            k.values.withUnsafeBufferPointer { kp in
                firstBad.withUnsafeMutableBufferPointer { bad in
                    nonFiniteOutput.withUnsafeMutableBufferPointer { nonFinite in
                        // Each band reads the input and kernel and writes only its own output rows and slots.
                        nonisolated(unsafe) let (src, kp, out, bad, nonFinite) =
                            (src.baseAddress!, kp.baseAddress!, out.baseAddress!, bad, nonFinite)
                        FastPath.onEveryCore(bands) { band in
                            if !everyCellRead {
                                let from = x.rows * band / bands * x.cols, to = x.rows * (band + 1) / bands * x.cols
                                let i = convviz_first_nonfinite(src + from, to - from)
                                bad[band] = i < 0 ? -1 : from + i
                            }
                            let lo = outRows * band / bands, hi = outRows * (band + 1) / bands
                            nonFinite[band] = FastPath.band(
                                rows: lo..<hi, input: src, inputRows: x.rows, inputCols: x.cols,
                                kernel: kp, kernelRows: k.rows, kernelCols: k.cols, geometry: g, padding: p,
                                columns: columns, level: level, output: out, outputCols: outCols)
                        }
                    }
                }
            }
        }
        initialized = count
    }
    if let i = firstBad.filter({ $0 >= 0 }).min() { throw .notFinite(name: "input", row: i / x.cols, col: i % x.cols) }
    if everyCellRead && nonFiniteOutput.contains(true) { try x.validateValues(name: "input") }
    return Grid(rows: outRows, cols: outCols, values: values)
}

/// The instruction set the fast path's row kernel runs with. Every level computes the same bits;
/// tests run each one this CPU has.
enum KernelLevel: Int, CaseIterable, Comparable, Sendable {
    /// Plain C on 8-double vectors: SSE2 on x86-64, NEON on arm64.
    case portable
    case avx2
    case avx512

    /// The widest level this CPU runs, asked once.
    static let best = KernelLevel(rawValue: Int(convviz_best_level().rawValue)) ?? .portable

    static func < (a: KernelLevel, b: KernelLevel) -> Bool { a.rawValue < b.rawValue }

    var c: convviz_level { convviz_level(rawValue: UInt32(rawValue)) }
}

enum FastPath {
    static var cores: Int { Cores.count }

    /// Calls `body` for each of `0..<count` on every core, and returns when all calls have
    /// returned (`convviz_parallel_for`: threads that stay awake a moment after each job, so that
    /// the next finds its cores awake; Dispatch's sleep at once).
    static func onEveryCore(_ count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: body) { context in
                convviz_parallel_for(count, { context, i in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(i)
                }, UnsafeMutableRawPointer(mutating: context))
            }
        }
    }

    /// Asks Linux to back a large output with 2 MB pages: 512 times fewer page faults when its
    /// fresh pages are first written (numpy does the same for its arrays). Only from 32 MB, which
    /// malloc always maps afresh; smaller outputs reuse memory that is already mapped.
    static func adviseHugePages(_ out: UnsafeMutableBufferPointer<Double>) {
        #if os(Linux)
        let huge = 2 << 20
        guard out.count * 8 >= 32 << 20, let base = out.baseAddress else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base + out.count)) & ~(huge - 1)
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
        #endif
    }

    /// Which output columns read the input rows in place, and where the others read from.
    struct Columns: Sendable {
        /// Output columns whose whole window lies inside the input's columns.
        let inner: Range<Int>
        /// The others, on the left and on the right.
        let edges: [Int]
        /// The input column each padded column shows (−1: a zero), for the columns outside `inner`.
        let source: [Int]

        init(inputCols: Int, kernelCols kc: Int, geometry g: Geometry, padding p: Padding, outputCols: Int) {
            let sx = g.stride.x, span = g.dilation.x * (kc - 1)
            // First: c·s ≥ left. Last: c·s + span − left ≤ inputCols − 1.
            let first = min(outputCols, (p.left + sx - 1) / sx)
            let lastNumerator = inputCols - 1 + p.left - span
            let end = lastNumerator < 0 ? 0 : min(outputCols, lastNumerator / sx + 1)
            inner = first..<max(first, end)
            edges = Array(0..<inner.lowerBound) + Array(inner.upperBound..<outputCols)
            source = (0..<(inputCols + p.left + p.right)).map {
                g.boundary.source(of: $0 - p.left, length: inputCols) ?? -1
            }
        }
    }

    /// Output rows `rows` of the correlation. Returns whether any cell written is infinite or NaN.
    static func band(rows: Range<Int>, input src: UnsafePointer<Double>, inputRows: Int, inputCols: Int,
                     kernel kp: UnsafePointer<Double>, kernelRows kr: Int, kernelCols kc: Int,
                     geometry g: Geometry, padding p: Padding, columns: Columns, level: KernelLevel,
                     output out: UnsafeMutablePointer<Double>, outputCols outCols: Int) -> Bool {
        guard !rows.isEmpty else { return false }
        let sy = g.stride.y, sx = g.stride.x, dy = g.dilation.y, dx = g.dilation.x
        // The input rows under the band's windows, in order (nil: a row of zero padding). Output
        // row `rows.lowerBound + i` reads `window[i·s + a·d]` for a in 0..<k₁.
        let first = rows.lowerBound * sy - p.top
        let window: [UnsafePointer<Double>?] = (0..<((rows.count - 1) * sy + (kr - 1) * dy + 1)).map {
            g.boundary.source(of: first + $0, length: inputRows).map { src + $0 * inputCols }
        }
        let inner = columns.inner
        var nonFinite = false
        if !inner.isEmpty {
            // The same rows from the input column where the first inner cell's window starts.
            let innerStart = inner.lowerBound * sx - p.left
            let innerWindow = window.map { $0.map { $0 + innerStart } }
            var kernel = convviz_kernel(weights: kp, rows: kr, cols: kc, stride_rows: sy, stride_cols: sx,
                                        dilation_rows: dy, dilation_cols: dx, bias: g.bias)
            nonFinite = convviz_correlate_rows(level.c, &kernel, innerWindow, rows.count,
                                               out + rows.lowerBound * outCols + inner.lowerBound, outCols, inner.count) != 0
        }
        window.withUnsafeBufferPointer { w in
            for (i, r) in rows.enumerated() {
                let y = out + r * outCols
                for c in columns.edges {
                    y[c] = edgeCell(c, w, from: i * sy, kp, kr, kc, g, columns.source)
                    if !y[c].isFinite { nonFinite = true }
                }
            }
        }
        return nonFinite
    }

    /// An output cell whose window reaches into the left or right padding, summed as the reference
    /// loop sums it: every tap in window order, a padding zero multiplied like any other value.
    /// Its window's rows are `w[first + a·d]`.
    static func edgeCell(_ c: Int, _ w: UnsafeBufferPointer<UnsafePointer<Double>?>, from first: Int,
                         _ kp: UnsafePointer<Double>, _ kr: Int, _ kc: Int, _ g: Geometry, _ source: [Int]) -> Double {
        var acc = 0.0
        for a in 0..<kr {
            guard let row = w[first + a * g.dilation.y] else { continue }
            for b in 0..<kc {
                let s = source[c * g.stride.x + b * g.dilation.x]
                acc += (s < 0 ? 0 : row[s]) * kp[a * kc + b]
            }
        }
        if g.bias != 0 { acc += g.bias }
        return acc
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
