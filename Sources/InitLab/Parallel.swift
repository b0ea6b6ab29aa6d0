import Dispatch

/// Splits `0..<count` into `chunks` contiguous ranges and runs `body` on them concurrently.
/// Results come back in chunk order, so reductions are deterministic.
func parallelMap<T>(count: Int, chunks: Int = 8, _ body: (Range<Int>) -> T) -> [T] {
    parallelMap(count: count, chunks: chunks) { _, r in body(r) }
}

/// `parallelMap` whose body is also told which chunk it has (0, 1, …).
func parallelMap<T>(count: Int, chunks: Int = 8, _ body: (Int, Range<Int>) -> T) -> [T] {
    let n = max(1, min(chunks, count))
    var results = [T?](repeating: nil, count: n)
    results.withUnsafeMutableBufferPointer { out in
        // Each chunk writes only its own slot and reads only its own range.
        nonisolated(unsafe) let slots = out
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: n) { i in
            let lo = count * i / n, hi = count * (i + 1) / n
            slots[i] = body(i, lo..<hi)
        }
    }
    return results.map { $0! }
}

/// Runs `body` over `0..<count` in concurrent contiguous chunks.
func parallelFor(count: Int, chunks: Int = 8, _ body: (Range<Int>) -> Void) {
    _ = parallelMap(count: count, chunks: chunks) { body($0) }
}

