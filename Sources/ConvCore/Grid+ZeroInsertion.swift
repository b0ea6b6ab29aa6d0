extension Grid {
    /// The grid with `s − 1` zeros inserted between neighbouring cells along each axis (nothing
    /// before the first or after the last cell): what a stride does to a gradient on its way back.
    ///
    /// ```
    /// g(i, j)  →  g↑(s_y·i, s_x·j) = g(i, j),  all other cells 0
    ///
    /// a b      stride 2     a 0 b
    /// c d        ──→        0 0 0
    ///                       c 0 d
    /// ```
    /// An `n`-cell axis becomes `(n − 1)·s + 1` cells; stride 1 returns the grid unchanged. A
    /// stride-`s` convolution reads only every `s`-th window, so its gradient (and the transposed
    /// convolution) is an ordinary stride-1 operation on this spread-out grid.
    public func zeroInserted(stride s: Axes) -> Grid {
        if s.y == 1 && s.x == 1 { return self }
        var out = Grid(rows: (rows - 1) * s.y + 1, cols: (cols - 1) * s.x + 1)
        for i in 0..<rows {
            for j in 0..<cols {
                out[s.y * i, s.x * j] = self[i, j]
            }
        }
        return out
    }

    /// The cell of the original grid that cell `(r, c)` of ``zeroInserted(stride:)`` holds, or
    /// `nil` for an inserted zero (or a position outside the spread grid).
    public func sourceOfZeroInserted(row r: Int, col c: Int, stride s: Axes) -> GridIndex? {
        guard r >= 0, c >= 0, r % s.y == 0, c % s.x == 0, r / s.y < rows, c / s.x < cols else { return nil }
        return GridIndex(r / s.y, c / s.x)
    }
}
