import ConvCore
import TestSupport

/// True when every `a[i]` is within `tolerance·max(1, |b[i]|)` of `b[i]` and the counts agree.
func allClose(_ a: [Double], _ b: [Double], tolerance: Double) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

extension Volume {
    /// Every value, channel after channel.
    var flat: [Double] { channels.flatMap(\.values) }

    /// Uniform random values in `-1...1` (not exact: for finite differences and tolerances).
    static func random(count: Int, rows: Int, cols: Int, using rng: inout SplitMix64) -> Volume {
        let grids = (0..<count).map { _ in Grid.randomReals(rows: rows, cols: cols, using: &rng) }
        return try! Volume(grids)
    }

    /// This volume with zero rows and columns added at the bottom and right up to `rows × cols`.
    func zeroExtended(rows: Int, cols: Int) -> Volume {
        try! Volume(channels.map { $0.zeroExtended(rows: rows, cols: cols) })
    }
}

extension Grid {
    /// Uniform random values in `-1...1`.
    static func randomReals(rows: Int, cols: Int, using rng: inout SplitMix64) -> Grid {
        Grid(rows: rows, cols: cols, values: (0..<(rows * cols)).map { _ in Double.random(in: -1...1, using: &rng) })
    }

    /// This grid with zero rows and columns added at the bottom and right up to `rows × cols`.
    func zeroExtended(rows: Int, cols: Int) -> Grid {
        var out = Grid(rows: rows, cols: cols)
        for r in 0..<self.rows { for c in 0..<self.cols { out[r, c] = self[r, c] } }
        return out
    }

    /// `Σ self ⊙ other`: the loss `L = Σ g ⊙ y` whose gradient with respect to `y` is `g`.
    func dot(_ other: Grid) -> Double { zip(values, other.values).reduce(0) { $0 + $1.0 * $1.1 } }
}

/// The central difference `(f(θ + h) − f(θ − h)) / 2h`.
func centralDifference(step h: Double = 1e-4, _ f: (Double) throws -> Double) rethrows -> Double {
    (try f(h) - (try f(-h))) / (2 * h)
}
