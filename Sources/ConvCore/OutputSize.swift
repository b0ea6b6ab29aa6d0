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
