import ConvCore

/// How a kernel's weights are shown in cells: as integers over a common denominator when that is
/// what they are (a Gaussian's binomial weights / 16 or / 256), otherwise as decimals.
struct KernelText {
    /// The denominator the cells leave out (1: none).
    let denominator: Int
    let grid: Grid

    init(_ grid: Grid) {
        self.grid = grid
        let nonInteger = grid.values.contains { $0.rounded() != $0 }
        var found = 1
        if nonInteger {
            for q in [2, 4, 8, 16, 32, 64, 128, 256, 3, 9, 27, 5, 10, 25, 100] {
                let fits = grid.values.allSatisfy { v in
                    let n = v * Double(q)
                    return n.rounded() == n && abs(n) <= 9999 && Double(Int(n)) / Double(q) == v
                }
                if fits { found = q; break }
            }
        }
        denominator = found
    }

    /// The cell text of weight `(r, c)`: `6` for 6/256 when the denominator is 256.
    func cell(_ r: Int, _ c: Int) -> String {
        denominator == 1 ? cellText(grid[r, c]) : cellText(grid[r, c] * Double(denominator))
    }

    /// The caption's note: "weights × 1/256" or "".
    var note: String { denominator == 1 ? "" : "×1/\(denominator)" }

    /// A weight as a small label on the input cell it multiplies: "×0.5", or over a denominator
    /// the integer the kernel panel shows ("×6" for 6/256; the panels' notes say "× 1/256").
    func factor(_ v: Double) -> String {
        "×" + (denominator == 1 ? cellText(v) : cellText(v * Double(denominator)))
    }
}
