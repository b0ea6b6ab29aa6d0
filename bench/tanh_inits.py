"""The numpy + matplotlib equivalent of `convviz lesson 10-tanh-inits`, for bench/tanh.

Same work: 4 initialisations x 5 tanh layers of 1000 units (or `tanh_inits.py OUT DEPTH WIDTH`), batch 1000, inputs U(-1, 1), float32;
forward and backward (cost C = sum(g * h_L), g ~ N(0, 1)); per layer mean, std, share of |h| > 0.97,
98th percentile of |h| (and of |dC/ds|), 50-bin histograms; the same four figures drawn into one PDF.
Written the way one would write it with numpy and matplotlib, without tricks in either direction.
"""
import sys

import matplotlib

matplotlib.use("pdf")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages

out = sys.argv[1] if len(sys.argv) > 1 else "tanh-inits-numpy.pdf"
# Optional: depth and width (bench/tanh also runs 20 layers of 2000 units).
depth = int(sys.argv[2]) if len(sys.argv) > 2 else 5
n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
batch, bins = 1000, 50
rng = np.random.default_rng(2010)


def init(name, n_in, n_out):
    if name == "standard":
        b = 1 / np.sqrt(n_in)
        return rng.uniform(-b, b, (n_in, n_out)).astype(np.float32)
    if name == "xavier-uniform":
        b = np.sqrt(6) / np.sqrt(n_in + n_out)
        return rng.uniform(-b, b, (n_in, n_out)).astype(np.float32)
    if name == "normal-0.01":
        return rng.normal(0, 0.01, (n_in, n_out)).astype(np.float32)
    return rng.normal(0, 1, (n_in, n_out)).astype(np.float32)


def stats(v):
    a = np.abs(v)
    return dict(mean=float(v.mean()), std=float(v.std()), sat=float((a > 0.97).mean()),
                p98=float(np.percentile(a, 98, method="inverted_cdf")))


inits = ["standard", "xavier-uniform", "normal-0.01", "normal-1"]
x = rng.uniform(-1, 1, (batch, n)).astype(np.float32)
g = rng.normal(0, 1, (batch, n)).astype(np.float32)
results = {}
for name in inits:
    ws, hs = [], []
    h = x
    for _ in range(depth):
        w = init(name, n, n)
        h = np.tanh(h @ w)
        ws.append(w)
        hs.append(h)
    act = [stats(h) | {"hist": np.histogram(h, bins, (-1, 1), density=True)[0]} for h in hs]
    grads = [None] * depth
    up = g
    for l in reversed(range(depth)):
        d = up * (1 - hs[l] ** 2)
        grads[l] = d
        up = d @ ws[l].T
    gst = [stats(d) for d in grads]
    r = max(s["p98"] for s in gst)
    for s, d in zip(gst, grads):
        s["hist"] = np.histogram(np.clip(d.ravel()[::4], -r, r), bins, (-r, r), density=True)[0]
    results[name] = (act, gst, r)


def grid(pdf, key, title):
    fig, axes = plt.subplots(len(inits), depth, figsize=(16, 11), sharex=key == "act", sharey="row")
    for i, name in enumerate(inits):
        act, gst, r = results[name]
        rows = act if key == "act" else gst
        lo, hi = (-1, 1) if key == "act" else (-r, r)
        edges = np.linspace(lo, hi, bins + 1)
        for l, s in enumerate(rows):
            ax = axes[i, l]
            ax.stairs(s["hist"], edges, fill=True, color=f"C{i}")
            text = f"σ {s['std']:.2g} μ {s['mean']:.1g}\n" + (f"sat {100 * s['sat']:.1f}% " if key == "act" else "") + f"p98 {s['p98']:.2g}"
            ax.text(0.03, 0.95, text, transform=ax.transAxes, va="top", fontsize=7)
            if i == 0:
                ax.set_title(f"layer {l + 1}")
        axes[i, 0].set_ylabel(name)
    fig.suptitle(title)
    pdf.savefig(fig)
    plt.close(fig)


def lines(pdf, key, title):
    fig, (a, b) = plt.subplots(1, 2, figsize=(14, 6))
    for i, name in enumerate(inits):
        act, gst, _ = results[name]
        rows = act if key == "act" else gst
        layers = range(1, depth + 1)
        a.plot(layers, [s["std"] for s in rows], "o-", label=name)
        b.plot(layers, [s["sat" if key == "act" else "p98"] for s in rows], "o-", label=name)
    if key != "act":
        a.set_yscale("log")
        b.set_yscale("log")
    a.legend()
    fig.suptitle(title)
    pdf.savefig(fig)
    plt.close(fig)


with PdfPages(out) as pdf:
    grid(pdf, "act", "tanh activations per layer")
    lines(pdf, "act", "activation std and saturation per layer")
    grid(pdf, "grad", "back-propagated gradients per layer")
    lines(pdf, "grad", "gradient std and p98 per layer")
print("standard std per layer:", [round(s["std"], 3) for s in results["standard"][0]])
print("xavier   std per layer:", [round(s["std"], 3) for s in results["xavier-uniform"][0]])
