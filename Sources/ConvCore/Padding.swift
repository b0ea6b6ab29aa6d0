/// How many cells are added on each side of the input before the kernel slides over it.
public struct Padding: Equatable, Sendable, CustomStringConvertible {
    public var top: Int
    public var bottom: Int
    public var left: Int
    public var right: Int

    public init(top: Int, bottom: Int, left: Int, right: Int) {
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
    }

    /// The same padding `p` on all four sides.
    public init(_ p: Int) {
        self.init(top: p, bottom: p, left: p, right: p)
    }

    public static let zero = Padding(0)

    public var isZero: Bool { self == .zero }
    public var isUniform: Bool { top == bottom && bottom == left && left == right }

    public var description: String {
        isUniform ? "\(top)" : "top \(top), bottom \(bottom), left \(left), right \(right)"
    }
}

/// What a padding cell holds. Shown on `a b c d` padded by 2 on each side:
///
/// ```
/// zero       0 0 | a b c d | 0 0
/// reflect    c b | a b c d | c b      (numpy 'reflect', PyTorch 'reflect': edge not repeated)
/// symmetric  b a | a b c d | d c      (numpy 'symmetric', scipy 'symm': edge repeated)
/// replicate  a a | a b c d | d d      (numpy 'edge', PyTorch 'replicate')
/// wrap       c d | a b c d | a b      (numpy 'wrap', PyTorch 'circular', scipy 'wrap')
/// ```
/// Padding wider than the input keeps reflecting (or wrapping) as numpy does.
public enum Boundary: String, CaseIterable, Sendable {
    case zero, reflect, symmetric, replicate, wrap

    /// The input index whose value padding position `i` takes along an axis of length `n`,
    /// or `nil` when the cell is a zero.
    public func source(of i: Int, length n: Int) -> Int? {
        if i >= 0 && i < n { return i }
        switch self {
        case .zero:
            return nil
        case .replicate:
            return i < 0 ? 0 : n - 1
        case .wrap:
            return ((i % n) + n) % n
        case .reflect:
            guard n > 1 else { return 0 }
            let period = 2 * (n - 1)
            let m = ((i % period) + period) % period
            return m < n ? m : period - m
        case .symmetric:
            let period = 2 * n
            let m = ((i % period) + period) % period
            return m < n ? m : period - 1 - m
        }
    }
}

extension Grid {
    /// This grid with `padding` added around it, the new cells filled as `boundary` says.
    /// Cell `(r, c)` of the result is input cell `(r − top, c − left)`.
    public func padded(by padding: Padding, boundary: Boundary = .zero) -> Grid {
        if padding.isZero { return self }
        let outRows = rows + padding.top + padding.bottom
        let outCols = cols + padding.left + padding.right
        var out = Grid(rows: outRows, cols: outCols)
        // Where each padded column reads from, computed once per column.
        let sourceCol = (0..<outCols).map { boundary.source(of: $0 - padding.left, length: cols) }
        let interior = padding.left..<(padding.left + cols)
        values.withUnsafeBufferPointer { src in
            out.values.withUnsafeMutableBufferPointer { dst in
                for r in 0..<outRows {
                    guard let sr = boundary.source(of: r - padding.top, length: rows) else { continue }
                    let dstRow = dst.baseAddress! + r * outCols
                    let srcRow = src.baseAddress! + sr * cols
                    // The input's own cells: one contiguous copy per row.
                    (dstRow + padding.left).update(from: srcRow, count: cols)
                    // The padding columns, each from where the boundary rule says.
                    for c in 0..<outCols where !interior.contains(c) {
                        if let sc = sourceCol[c] { dstRow[c] = srcRow[sc] }
                    }
                }
            }
        }
        return out
    }
}
