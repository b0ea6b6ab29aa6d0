/// The words the backward-pass and transposed-convolution figures print, built from the steps
/// (so that a test can evaluate them against the numbers).
extension InputGradientStep {
    /// `∂L/∂x(1,1) = ∂L/∂y(0,0)·k(1,1) + ∂L/∂y(0,1)·k(1,0) + …` (kernel cells as written); a cell
    /// no window read gets `= 0 (no window reads it)`.
    public var symbolicText: String {
        let name = "∂L/∂x(\(input.row),\(input.col))"
        guard !terms.isEmpty else { return "\(name) = 0  (no window reads this cell)" }
        return "\(name) = " + terms.map { "∂L/∂y(\($0.output.row),\($0.output.col))·k(\($0.kernelIndex.row),\($0.kernelIndex.col))" }
            .joined(separator: " + ")
    }

    /// `= 1·5 + 2·4 + … = 23`: each term's `∂L/∂y` times its weight, and the sum.
    public var arithmeticText: String {
        guard !terms.isEmpty else { return "= 0" }
        return "= " + terms.map { "\(NumberFormat.factor($0.outputGradient))·\(NumberFormat.factor($0.weight))" }.joined(separator: " + ")
            + " = \(NumberFormat.string(sum, unicodeMinus: true))"
    }
}

extension Stamp {
    /// `z(0,1) = 2 stamps 2·k with k(0,0) at y(−1,1): 2·1 = 2, 2·0 = 0, …` — cropped products marked.
    public var text: String {
        let products = marks.map { m in
            "\(NumberFormat.factor(value))·\(NumberFormat.factor(m.weight)) = \(NumberFormat.string(m.product, unicodeMinus: true))\(m.isCropped ? " (cropped)" : "")"
        }
        // Two spaces after each comma: a figure breaks a long line there, never inside a product.
        return "z(\(input.row),\(input.col)) = \(NumberFormat.string(value, unicodeMinus: true)) stamps \(NumberFormat.factor(value))·k with k(0,0) on y(\(minus(origin.row)),\(minus(origin.col))): "
            + products.joined(separator: ",  ")
    }
}

extension TransposedGeometry {
    /// The output size written out for one axis (0: rows, 1: columns), as conv_arithmetic writes it:
    /// `(i − 1)·s − 2p + d·(k − 1) + output_padding + 1 = (2 − 1)·2 − 2·0 + 1·(3 − 1) + 0 + 1 = 5`.
    public func sizeText(axis: Int, input i: Int, kernel k: Int) -> String {
        let s = axis == 0 ? stride.y : stride.x, p = axis == 0 ? padding.y : padding.x
        let d = axis == 0 ? dilation.y : dilation.x, op = axis == 0 ? outputPadding.y : outputPadding.x
        let out = transposedOutputSize(input: i, kernel: k, stride: s, padding: p, outputPadding: op, dilation: d)
        return "(i − 1)·s − 2p + d·(k − 1) + output_padding + 1 = (\(i) − 1)·\(s) − 2·\(p) + \(d)·(\(k) − 1) + \(op) + 1 = \(out)"
    }
}
