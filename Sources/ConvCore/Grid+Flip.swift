extension Grid {
    /// The kernel rotated by 180°: `K′(a, b) = K(k₁−1−a, k₂−1−b)`.
    ///
    /// ```
    /// K = 1 2 3        K′ = 9 8 7
    ///     4 5 6             6 5 4
    ///     7 8 9             3 2 1
    /// ```
    /// This is the lecture's "flip". Convolution is cross-correlation with the flipped kernel:
    /// `conv(x, K) = corr(x, rot180(K))` in every mode and indexing. Flipping twice is the identity.
    /// For a one-row grid (a 1D kernel) this reverses the taps: `h′[n] = h[N−1−n]`.
    public func rotated180() -> Grid {
        var out = Grid(rows: rows, cols: cols)
        for a in 0..<rows {
            for b in 0..<cols {
                out[a, b] = self[rows - 1 - a, cols - 1 - b]
            }
        }
        return out
    }
}

/// The 1D flip: `h′[n] = h[N−1−n]`. Convolution in 1D is correlation with `flip(h)`.
public func flip(_ h: [Double]) -> [Double] {
    Array(h.reversed())
}
