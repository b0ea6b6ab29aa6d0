/// 1D convolution, written as the lecture writes it:
///
/// ```
/// y[k] = Σₙ h[n] · x[k − n]          (n = 0 … N−1)
///
/// y₀ = h₀·x₀
/// y₁ = h₁·x₀ + h₀·x₁
/// y₂ = h₂·x₀ + h₁·x₁ + h₀·x₂
/// ```
/// The kernel is **flipped**: as `k` moves forward, `n` walks the kernel backwards.
/// `x[i]` outside the signal comes from the boundary rule (zero by default). In `full` mode
/// (padding N−1 on both sides) `y[k]` is exactly the sum above; `same` and `valid` pick the
/// middle and the fully-overlapping part, following the same rules as 2D (see ``Convolution2D``).
/// Full convolution is commutative: `conv1D(x, h) == conv1D(h, x)`.
/// Output length: ``outputSize(input:kernel:paddingBefore:paddingAfter:stride:dilation:)``.
public func convolve1D(_ x: [Double], _ h: [Double], _ geometry: Geometry = Geometry(padding: .mode(.full))) throws(ConvolutionError) -> [Double] {
    let plan = try Plan1D(x, h, geometry)
    let N = h.count, s = geometry.stride.x, d = geometry.dilation.x
    var y = [Double](repeating: 0, count: plan.outputLength)
    for k in 0..<plan.outputLength {
        // The input position under tap n = 0 (the last cell of the window).
        let end = k * s - plan.before + d * (N - 1)
        // Walk the kernel from its end back to its start, so the window is read left to right.
        for n in stride(from: N - 1, through: 0, by: -1) {
            y[k] += h[n] * plan.x(end - n * d)
        }
        y[k] += geometry.bias
    }
    return y
}

/// 1D cross-correlation: the kernel is **not** flipped.
///
/// ```
/// y[k] = Σₙ h[n] · x[k + n]          (n = 0 … N−1)
/// ```
/// Equals ``convolve1D(_:_:_:)`` with ``flip(_:)`` of the kernel, in every mode.
public func correlate1D(_ x: [Double], _ h: [Double], _ geometry: Geometry = Geometry(padding: .mode(.valid))) throws(ConvolutionError) -> [Double] {
    let plan = try Plan1D(x, h, geometry)
    let N = h.count, s = geometry.stride.x, d = geometry.dilation.x
    var y = [Double](repeating: 0, count: plan.outputLength)
    for k in 0..<plan.outputLength {
        // The input position under tap n = 0 (the first cell of the window).
        let start = k * s - plan.before
        for n in 0..<N {
            y[k] += h[n] * plan.x(start + n * d)
        }
        y[k] += geometry.bias
    }
    return y
}

/// Shared checks and the boundary-extended signal for the 1D loops.
private struct Plan1D {
    let signal: [Double]
    let boundary: Boundary
    let before: Int
    let outputLength: Int

    init(_ x: [Double], _ h: [Double], _ g: Geometry) throws(ConvolutionError) {
        if x.isEmpty { throw .empty(name: "signal") }
        if h.isEmpty { throw .empty(name: "kernel") }
        try Grid(signal: x).validate(name: "signal", limit: Limits.maxInputValues)
        try Grid(signal: h).validate(name: "kernel", limit: Limits.maxKernelValues)
        let g1 = Geometry(padding: g.padding, boundary: g.boundary,
                          stride: Axes(y: 1, x: g.stride.x), dilation: Axes(y: 1, x: g.dilation.x), bias: g.bias)
        let layout = try Layout(inputRows: 1, inputCols: x.count, kernelRows: 1, kernelCols: h.count, geometry: g1)
        if layout.padding.top != 0 || layout.padding.bottom != 0 {
            throw .verticalPaddingIn1D
        }
        signal = x
        boundary = g.boundary
        before = layout.padding.left
        outputLength = layout.outputCols
    }

    /// `x[i]`, with `i` outside `0..<count` filled by the boundary rule.
    func x(_ i: Int) -> Double {
        guard let j = boundary.source(of: i, length: signal.count) else { return 0 }
        return signal[j]
    }
}
