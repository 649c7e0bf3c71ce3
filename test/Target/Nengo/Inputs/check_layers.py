# ===- check_layers.py - layers.mlir in Nengo core vs numpy --------------=== #
#
# Usage: check_layers.py MODULE.py
#
# MODULE.py is emitted from layers.mlir with its snn.if populations replaced
# by ReLU (rate neurons, so one step gives the exact result). Compares both
# outputs with a numpy transcription of layers.mlir (explicit padding,
# batch-norm scaling, subtraction, padded max and average pooling, concat,
# sums over axes, a slice).
#
# ===---------------------------------------------------------------------=== #
import importlib.util
import sys

import nengo
import numpy as np

spec = importlib.util.spec_from_file_location("emitted", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
w = np.load(mod.WEIGHTS_PATH)


def conv_nhwc(x, k, pads):  # x (H, W, C), k (O, KH, KW, I), stride 1
    top, bottom, left, right = pads
    x = np.pad(x, ((top, bottom), (left, right), (0, 0)))
    o, kh, kw, _ = k.shape
    oh, ow = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    y = np.zeros((oh, ow, o))
    for i in range(oh):
        for j in range(ow):
            y[i, j] = np.einsum("abc,oabc->o", x[i : i + kh, j : j + kw], k)
    return y


def pool_nhwc(x, pads, mode):  # 2x2, stride 1
    top, bottom, left, right = pads
    h, wd, c = x.shape
    y = np.zeros((h + top + bottom - 1, wd + left + right - 1, c))
    for i in range(y.shape[0]):
        for j in range(y.shape[1]):
            rows = [r for r in (i - top, i - top + 1) if 0 <= r < h]
            cols = [q for q in (j - left, j - left + 1) if 0 <= q < wd]
            win = x[rows][:, cols].reshape(-1, c)
            y[i, j] = win.max(0) if mode == "max" else win.mean(0)
    return y


relu = lambda v: np.maximum(v, 0)  # noqa: E731
nchw = lambda v: v.transpose(2, 0, 1)  # noqa: E731
nhwc = lambda v: v.transpose(1, 2, 0)  # noqa: E731

rng = np.random.RandomState(0)
for trial in range(3):
    x = rng.randn(2, 2, 2)  # CHW
    a = relu(nchw(conv_nhwc(nhwc(x), w["wa"], (1, 0, 1, 0))))
    cb = nchw(conv_nhwc(nhwc(a), w["conv_b_weight"], (0, 0, 0, 0)) +
              w["conv_b_bias"])
    b = relu(cb * w["bn_scale"][0] + w["bn_shift"][0])
    res = relu(a - b)
    mp = nchw(pool_nhwc(nhwc(res), (0, 1, 0, 1), "max"))
    c = np.concatenate([mp, a], axis=0)
    gap = relu(c.sum(axis=(1, 2)) * 0.25)
    first = gap[:2]
    ap = nchw(pool_nhwc(nhwc(c), (0, 1, 0, 1), "avg"))

    net, inp, probes = mod.build_network(input_outputs=[x.ravel()],
                                         nengo_dl_layers=False)
    with nengo.Simulator(net, progress_bar=False) as sim:
        sim.run_steps(1)
    for name, probe, want in [("pooled", probes[0], ap), ("first", probes[1], first)]:
        got = sim.data[probe][0]
        err = np.abs(got - want.ravel()).max()
        if err > 1e-6:
            sys.exit(f"trial {trial}: {name} differs by {err}")
    print(f"trial {trial}: pooled and first agree")
