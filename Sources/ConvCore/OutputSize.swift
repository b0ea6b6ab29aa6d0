/// The number of output positions along one axis:
///
/// ```
/// out = ⌊(H + p_before + p_after − d·(k − 1) − 1) / s⌋ + 1
/// ```
/// With equal padding `p` on both sides this is the familiar `⌊(H + 2p − d(k−1) − 1)/s⌋ + 1`
/// (PyTorch's `Conv2d` documentation writes the same rule). `d·(k−1) + 1` is the span of a dilated
/// kernel. Returns 0 or less when the kernel does not fit; callers report that as an error.
/// This is the only place the rule is written down: everything else calls it.
public func outputSize(input h: Int, kernel k: Int, paddingBefore: Int, paddingAfter: Int,
                       stride s: Int, dilation d: Int) -> Int {
    let span = d * (k - 1) + 1
    let room = h + paddingBefore + paddingAfter - span
    guard room >= 0, s > 0 else { return 0 }
    return room / s + 1
}

/// ``outputSize(input:kernel:paddingBefore:paddingAfter:stride:dilation:)`` with the same padding on both sides.
public func outputSize(input h: Int, kernel k: Int, padding p: Int, stride s: Int, dilation d: Int) -> Int {
    outputSize(input: h, kernel: k, paddingBefore: p, paddingAfter: p, stride: s, dilation: d)
}

/// The number of output positions of a **transposed** convolution along one axis (PyTorch's
/// `ConvTranspose2d` rule, the inverse of ``outputSize(input:kernel:padding:stride:dilation:)``):
///
/// ```
/// out = (n − 1)·s − 2p + d·(k − 1) + output_padding + 1
/// ```
/// `n` input cells, each stamping a kernel of span `d(k−1) + 1` at multiples of `s`; the padding
/// `p` crops that many cells from each end, `output_padding` adds cells at the end (bottom/right)
/// only. A forward convolution with the same `k, s, p, d` maps `out` cells back to `n`, for every
/// `output_padding` below the stride: that is the size the padding chooses among. Returns 0 or
/// less when the padding crops everything; callers report that as an error.
public func transposedOutputSize(input n: Int, kernel k: Int, stride s: Int, padding p: Int,
                                 outputPadding: Int, dilation d: Int) -> Int {
    (n - 1) * s - 2 * p + d * (k - 1) + outputPadding + 1
}
