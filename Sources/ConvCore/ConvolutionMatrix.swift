/// A 2D convolution or cross-correlation written as one matrix product, `vec(y) = C·vec(x) + b`:
/// row `r` of `C` belongs to output cell `r` (row-major), column `q` to input cell `q`, and the
/// entry is the weight that multiplies `x_q` in `y_r` — zero where the window does not reach.
///
/// For zero padding each row holds the kernel's weights once, shifted (a doubly blocked Toeplitz
/// matrix: Toeplitz blocks, arranged as a Toeplitz matrix of blocks). Other boundaries fold a
/// padding cell's weight onto the input cell it copies, so an entry may be the sum of several taps;
/// ``taps(row:col:)`` says which. `Cᵀ` maps the output's shape back to the input's: it is the
/// transposed convolution, and the gradient `∂L/∂x = Cᵀ·∂L/∂y`.
public struct ConvolutionMatrix: Equatable, Sendable {
    /// Most entries (output cells × input cells) a matrix is built for: it is a figure, not a kernel.
    public static let maxEntries = 1 << 20

    public let inputRows: Int, inputCols: Int
    public let outputRows: Int, outputCols: Int
    /// `C`: `outputRows·outputCols` rows, `inputRows·inputCols` columns.
    public let matrix: Grid
    /// For each entry, the kernel cells (as the user wrote the kernel) whose weights it holds.
    let tapList: [Int: [GridIndex]]
    public let bias: Double

    public init(plan: Convolution2D) throws(ConvolutionError) {
        let n = plan.input.rows * plan.input.cols, m = plan.output.rows * plan.output.cols
        let (entries, overflow) = n.multipliedReportingOverflow(by: m)
        if overflow || entries > ConvolutionMatrix.maxEntries {
            throw .tooLarge(name: "convolution matrix (output cells × input cells)", count: overflow ? Int.max : entries,
                            limit: ConvolutionMatrix.maxEntries)
        }
        var c = Grid(rows: m, cols: n)
        var taps: [Int: [GridIndex]] = [:]
        for r in 0..<m {
            // Row r is step r's products, each weight placed at the input cell it multiplies.
            for tap in try plan.step(r).taps {
                guard let source = tap.source else { continue }   // a zero: adds nothing
                let q = source.row * plan.input.cols + source.col
                c[r, q] += tap.weight
                taps[r * n + q, default: []].append(tap.kernelIndex)
            }
        }
        inputRows = plan.input.rows
        inputCols = plan.input.cols
        outputRows = plan.output.rows
        outputCols = plan.output.cols
        matrix = c
        tapList = taps
        bias = plan.geometry.bias
    }

    /// The kernel cells whose weights entry `(row, col)` holds (empty: a structural zero).
    public func taps(row: Int, col: Int) -> [GridIndex] {
        tapList[row * matrix.cols + col] ?? []
    }

    /// `Cᵀ`: input cells × output cells.
    public var transposed: Grid {
        var t = Grid(rows: matrix.cols, cols: matrix.rows)
        for r in 0..<matrix.rows { for q in 0..<matrix.cols { t[q, r] = matrix[r, q] } }
        return t
    }

    /// `C·vec(x) + b`, reshaped to the output's rows and columns.
    public func apply(_ x: Grid) -> Grid {
        precondition(x.rows == inputRows && x.cols == inputCols, "input shape differs")
        var y = Grid(rows: outputRows, cols: outputCols)
        for r in 0..<matrix.rows {
            var sum = 0.0
            for q in 0..<matrix.cols { sum += matrix[r, q] * x.values[q] }
            y.values[r] = sum + bias
        }
        return y
    }

    /// `Cᵀ·vec(g)`, reshaped to the input's rows and columns (no bias): the transposed convolution
    /// of `g`, and the gradient with respect to the input for an output gradient `g`.
    public func applyTransposed(_ g: Grid) -> Grid {
        precondition(g.rows == outputRows && g.cols == outputCols, "output shape differs")
        var x = Grid(rows: inputRows, cols: inputCols)
        for r in 0..<matrix.rows {
            for q in 0..<matrix.cols { x.values[q] += matrix[r, q] * g.values[r] }
        }
        return x
    }
}
