import ConvCore
import TestSupport


extension Grid {
    /// Random integers in `-9...9` (exact in Double, so identities can be checked with `==`).
    static func randomIntegers(rows: Int, cols: Int, using rng: inout SplitMix64) -> Grid {
        Grid(rows: rows, cols: cols, values: (0..<(rows * cols)).map { _ in Double(Int.random(in: -9...9, using: &rng)) })
    }
}

/// The textbook definition, written independently of the module: PyTorch `conv2d` semantics
/// (cross-correlation over a zero-padded input) with padding per side, stride and dilation.
/// Convolution here flips by indexing the kernel from its end, never by calling `rotated180`.
func naive(_ x: [[Double]], _ k: [[Double]], flip: Bool, top: Int, bottom: Int, left: Int, right: Int,
           sy: Int, sx: Int, dy: Int, dx: Int) -> [[Double]] {
    let H = x.count, W = x[0].count, kh = k.count, kw = k[0].count
    func at(_ r: Int, _ c: Int) -> Double { (r >= 0 && r < H && c >= 0 && c < W) ? x[r][c] : 0 }
    let outH = (H + top + bottom - dy * (kh - 1) - 1) / sy + 1
    let outW = (W + left + right - dx * (kw - 1) - 1) / sx + 1
    var y = [[Double]](repeating: [Double](repeating: 0, count: outW), count: outH)
    for i in 0..<outH {
        for j in 0..<outW {
            var s = 0.0
            for u in 0..<kh {
                for v in 0..<kw {
                    let w = flip ? k[kh - 1 - u][kw - 1 - v] : k[u][v]
                    s += at(i * sy - top + u * dy, j * sx - left + v * dx) * w
                }
            }
            y[i][j] = s
        }
    }
    return y
}
