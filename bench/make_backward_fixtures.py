"""Writes Tests/ConvCoreTests/BackwardFixtures.swift: gradients of convolution layers and outputs
of transposed convolutions, computed with numpy by an implementation that shares no code (and no
loop structure) with ConvViz: im2col patches, einsum for the products, np.add.at for every
scatter, np.pad for the boundary rules. The Swift tests compare within 1e-9.

Conventions are PyTorch's: conv2d is a cross-correlation with weights M × C/g × k1 × k2;
conv_transpose2d has weights C_in × C_out/g × k1 × k2 and output
(n - 1)·s - 2p + d·(k - 1) + output_padding + 1 per axis.

Run from the repository root: python3 bench/make_backward_fixtures.py
"""
import numpy as np

rng = np.random.default_rng(11)

# ConvViz's boundary names -> np.pad's modes.
PAD_MODES = {"zero": "constant", "reflect": "reflect", "symmetric": "symmetric", "replicate": "edge", "wrap": "wrap"}


def patches(xp, kh, kw, sy, sx, dy, dx, oh, ow):
    """im2col: P[c, a, b, i, j] = xp[c, sy*i + dy*a, sx*j + dx*b]."""
    a = np.arange(kh)[:, None, None, None]
    b = np.arange(kw)[None, :, None, None]
    i = np.arange(oh)[None, None, :, None]
    j = np.arange(ow)[None, None, None, :]
    return xp[:, sy * i + dy * a, sx * j + dx * b]


def conv_layer(x, w, bias, groups, pad, stride, dil, boundary):
    """Forward pass and a closure computing the three gradients for an output gradient g."""
    C, H, W = x.shape
    M, Cg, kh, kw = w.shape
    top, bottom, left, right = pad
    sy, sx = stride
    dy, dx = dil
    mode = PAD_MODES[boundary]
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right)), mode=mode)
    oh = (H + top + bottom - dy * (kh - 1) - 1) // sy + 1
    ow = (W + left + right - dx * (kw - 1) - 1) // sx + 1
    P = patches(xp, kh, kw, sy, sx, dy, dx, oh, ow)          # C × kh × kw × oh × ow
    Mg = M // groups
    y = np.empty((M, oh, ow))
    for gi in range(groups):
        ws = w[gi * Mg:(gi + 1) * Mg]                       # Mg × Cg × kh × kw
        ps = P[gi * Cg:(gi + 1) * Cg]
        y[gi * Mg:(gi + 1) * Mg] = np.einsum("mcab,cabij->mij", ws, ps)
    y += bias[:, None, None]

    # Where every padded cell's value comes from: pad an array of flat indices the same way.
    # (For zero padding the padded cells point at a dummy slot that is thrown away.)
    idx = np.arange(C * H * W).reshape(C, H, W)
    if boundary == "zero":
        idxp = np.pad(idx, ((0, 0), (top, bottom), (left, right)), mode="constant", constant_values=C * H * W)
    else:
        idxp = np.pad(idx, ((0, 0), (top, bottom), (left, right)), mode=mode)

    def grads(g):
        dw = np.empty_like(w)
        dP = np.empty(P.shape)
        for gi in range(groups):
            gs = g[gi * Mg:(gi + 1) * Mg]
            dw[gi * Mg:(gi + 1) * Mg] = np.einsum("mij,cabij->mcab", gs, P[gi * Cg:(gi + 1) * Cg])
            dP[gi * Cg:(gi + 1) * Cg] = np.einsum("mcab,mij->cabij", w[gi * Mg:(gi + 1) * Mg], gs)
        # col2im: every patch entry's gradient goes to the padded cell it read ...
        dxp = np.zeros(xp.shape)
        a = np.arange(kh)[:, None, None, None]
        b = np.arange(kw)[None, :, None, None]
        i = np.arange(oh)[None, None, :, None]
        j = np.arange(ow)[None, None, None, :]
        for c in range(C):
            np.add.at(dxp[c], (sy * i + dy * a, sx * j + dx * b), dP[c])
        # ... and every padded cell's gradient to the input cell it holds (or nowhere, for a zero).
        flat = np.zeros(C * H * W + 1)
        np.add.at(flat, idxp.ravel(), dxp.ravel())
        dx_ = flat[:C * H * W].reshape(C, H, W)
        return dx_, dw, g.sum(axis=(1, 2))

    return y, grads


def conv_transpose(x, w, bias, groups, stride, pad, out_pad, dil):
    """conv_transpose2d by scatter: every product x[c,r,q]·w[c,o,a,b] added with np.add.at."""
    Cin, H, W = x.shape
    _, Og, kh, kw = w.shape
    sy, sx = stride
    py, px = pad
    opy, opx = out_pad
    dy, dx = dil
    oh = (H - 1) * sy - 2 * py + dy * (kh - 1) + opy + 1
    ow = (W - 1) * sx - 2 * px + dx * (kw - 1) + opx + 1
    # A canvas large enough for every stamp and the output padding, before cropping p.
    full = np.zeros((Og * groups, (H - 1) * sy + dy * (kh - 1) + 1 + opy, (W - 1) * sx + dx * (kw - 1) + 1 + opx))
    Cg = Cin // groups
    r = np.arange(H)[:, None, None, None]
    q = np.arange(W)[None, :, None, None]
    a = np.arange(kh)[None, None, :, None]
    b = np.arange(kw)[None, None, None, :]
    rows = np.broadcast_to(sy * r + dy * a, (H, W, kh, kw))
    cols = np.broadcast_to(sx * q + dx * b, (H, W, kh, kw))
    for c in range(Cin):
        gi = c // Cg
        for o in range(Og):
            prod = x[c][:, :, None, None] * w[c, o][None, None, :, :]    # H × W × kh × kw
            np.add.at(full[gi * Og + o], (rows, cols), prod)
    y = full[:, py:py + oh, px:px + ow]
    assert y.shape[1:] == (oh, ow)
    return y + bias[:, None, None]


def vals(shape):
    return np.round(rng.uniform(-2, 2, shape), 2)


gradient_cases = []
boundaries = ["zero"] * 5 + ["reflect", "symmetric", "replicate", "wrap"]
for n in range(36):
    groups = int(rng.choice([1, 1, 2, 3]))
    Cg = int(rng.integers(1, 3))
    Mg = int(rng.integers(1, 3))
    kh, kw = (int(v) for v in rng.integers(1, 4, 2))
    sy, sx = (int(v) for v in rng.integers(1, 4, 2))
    dy, dx = (int(v) for v in rng.integers(1, 3, 2))
    boundary = boundaries[n % len(boundaries)]
    H = dy * (kh - 1) + 1 + int(rng.integers(0, 5))
    W = dx * (kw - 1) + 1 + int(rng.integers(0, 5))
    # numpy's reflect needs the padding below the size; keep every rule within one reflection.
    pmax = min(2, H - 1, W - 1)
    pad = tuple(int(v) for v in rng.integers(0, pmax + 1, 4))
    x = vals((Cg * groups, H, W))
    w = vals((Mg * groups, Cg, kh, kw))
    bias = vals(Mg * groups)
    y, grads = conv_layer(x, w, bias, groups, pad, (sy, sx), (dy, dx), boundary)
    g = vals(y.shape)
    dx_, dw, db = grads(g)
    # Self-checks: L = Σ g·y is linear in x and in w, so Σ g·(y − b) = Σ ∂L/∂x·x = Σ ∂L/∂w·w.
    assert np.isclose((g * (y - bias[:, None, None])).sum(), (dx_ * x).sum())
    assert np.isclose((g * (y - bias[:, None, None])).sum(), (dw * w).sum())
    gradient_cases.append((f"layer {n} {boundary}", x, w, bias, groups, pad, (sy, sx), (dy, dx), boundary, g, y, dx_, dw, db))

transposed_cases = []
for n in range(36):
    groups = int(rng.choice([1, 1, 2]))
    Cg = int(rng.integers(1, 3))
    Og = int(rng.integers(1, 3))
    kh, kw = (int(v) for v in rng.integers(1, 5, 2))
    sy, sx = (int(v) for v in rng.integers(1, 4, 2))
    dy, dx = (int(v) for v in rng.integers(1, 3, 2))
    opy = int(rng.integers(0, max(sy, dy)))
    opx = int(rng.integers(0, max(sx, dx)))
    H, W = (int(v) for v in rng.integers(1, 5, 2))
    # Any padding that leaves at least one output cell.
    py = int(rng.integers(0, 3))
    px = int(rng.integers(0, 3))
    while (H - 1) * sy - 2 * py + dy * (kh - 1) + opy + 1 < 1:
        py -= 1
    while (W - 1) * sx - 2 * px + dx * (kw - 1) + opx + 1 < 1:
        px -= 1
    x = vals((Cg * groups, H, W))
    w = vals((Cg * groups, Og, kh, kw))
    bias = vals(Og * groups)
    y = conv_transpose(x, w, bias, groups, (sy, sx), (py, px), (opy, opx), (dy, dx))
    # Self-check: the transposed convolution is the adjoint of the convolution with the same
    # weight tensor: <convT(x) − b, z> = <x, conv(z)> (extra conv outputs, when output_padding ≥ stride, meet zeros).
    z = vals((Og * groups,) + y.shape[1:])
    cz, _ = conv_layer(z, w, np.zeros(Cg * groups), groups, (py, py, px, px), (sy, sx), (dy, dx), "zero")
    assert np.isclose(((y - bias[:, None, None]) * z).sum(), (x * cz[:, :H, :W]).sum())
    transposed_cases.append((f"transposed {n}", x, w, bias, groups, (sy, sx), (py, px), (opy, opx), (dy, dx), y))


def lit(a):
    """A nested Swift array literal of Doubles."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        return "[" + ", ".join(repr(float(v)) for v in a) + "]"
    return "[" + ", ".join(lit(s) for s in a) + "]"


def ints(t):
    return "[" + ", ".join(str(int(v)) for v in t) + "]"


lines = [
    "// Generated by bench/make_backward_fixtures.py with numpy " + np.__version__ + " — do not edit.",
    "// Gradients by im2col + einsum + np.add.at; transposed convolutions by scatter with np.add.at.",
    "",
    "struct GradientFixture: Sendable {",
    "    let name: String",
    "    let input: [[[Double]]]",
    "    let weights: [[[[Double]]]]",
    "    let biases: [Double]",
    "    let groups: Int",
    "    /// top, bottom, left, right",
    "    let padding: [Int]",
    "    let stride: [Int]",
    "    let dilation: [Int]",
    "    let boundary: String",
    "    let outputGradient: [[[Double]]]",
    "    let output: [[[Double]]]",
    "    let inputGradient: [[[Double]]]",
    "    let weightGradient: [[[[Double]]]]",
    "    let biasGradient: [Double]",
    "}",
    "",
    "struct TransposedFixture: Sendable {",
    "    let name: String",
    "    let input: [[[Double]]]",
    "    /// C_in × C_out/g × k₁ × k₂",
    "    let weights: [[[[Double]]]]",
    "    let biases: [Double]",
    "    let groups: Int",
    "    let stride: [Int]",
    "    let padding: [Int]",
    "    let outputPadding: [Int]",
    "    let dilation: [Int]",
    "    let output: [[[Double]]]",
    "}",
    "",
    "let gradientFixtures: [GradientFixture] = [",
]
for (name, x, w, bias, groups, pad, s, d, boundary, g, y, dx_, dw, db) in gradient_cases:
    lines.append(f'    GradientFixture(name: "{name}", input: {lit(x)},')
    lines.append(f"                    weights: {lit(w)}, biases: {lit(bias)}, groups: {groups},")
    lines.append(f'                    padding: {ints(pad)}, stride: {ints(s)}, dilation: {ints(d)}, boundary: "{boundary}",')
    lines.append(f"                    outputGradient: {lit(g)},")
    lines.append(f"                    output: {lit(y)},")
    lines.append(f"                    inputGradient: {lit(dx_)},")
    lines.append(f"                    weightGradient: {lit(dw)}, biasGradient: {lit(db)}),")
lines.append("]")
lines.append("")
lines.append("let transposedFixtures: [TransposedFixture] = [")
for (name, x, w, bias, groups, s, p, op, d, y) in transposed_cases:
    lines.append(f'    TransposedFixture(name: "{name}", input: {lit(x)},')
    lines.append(f"                      weights: {lit(w)}, biases: {lit(bias)}, groups: {groups},")
    lines.append(f"                      stride: {ints(s)}, padding: {ints(p)}, outputPadding: {ints(op)}, dilation: {ints(d)},")
    lines.append(f"                      output: {lit(y)}),")
lines.append("]")
open("Tests/ConvCoreTests/BackwardFixtures.swift", "w").write("\n".join(lines) + "\n")
print(len(gradient_cases), "gradient cases,", len(transposed_cases), "transposed cases")
