"""A filtered spiking layer read by linear layers, for sink-synapses.test.

  sink_synapses.py make OUT_DIR
      writes net.mlir (an IF layer, its spikes filtered by a 2 ms lowpass,
      read by a convolution with a bias, a residual sum with another
      convolution, average pooling, a reshape and a matrix product, and a
      max pool and a convolution with a bias to 32 channels) and x.npy (3 samples of
      constant input current).
  sink_synapses.py check OUT_DIR RUN...
      for each RUN (a prefix of .npy files written by snn-run --decode trace:
      RUN-spikes.npy, RUN-conv.npy, RUN-res.npy, RUN-fc.npy, RUN-pool.npy)
      filters the
      run's own spikes in float64 and applies the layers in numpy; prints
      PASS or FAIL per run and exits 1 on a failure.
"""
import sys

import numpy as np

STEPS, DT, TAU = 20, 0.001, 0.002


def weights():
    rng = np.random.default_rng(11)
    return (rng.uniform(-1, 1, (3, 3, 3, 4)).astype(np.float32),  # OHWI
            rng.uniform(-1, 1, 3).astype(np.float32),
            rng.uniform(-1, 1, (4, 1, 1, 4)).astype(np.float32),
            rng.uniform(-1, 1, 4).astype(np.float32),
            rng.uniform(-1, 1, (1, 4, 5)).astype(np.float32),
            rng.uniform(-1, 1, (32, 1, 1, 4)).astype(np.float32),
            rng.uniform(-1, 1, 32).astype(np.float32))


def dense(a):
    return "dense<%s>" % np.array2string(
        a, separator=", ", threshold=1 << 30, floatmode="unique").replace(
            "\n", "")


def make(out):
    w1, b1, w2, b2, wm, w3, b3 = weights()
    zp = 'tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>'
    conv = ("tosa.conv2d %s, %s, %s, %%zp, %%zp {acc_type = f32, dilation = "
            "array<i64: 1, 1>, pad = array<i64: %s>, stride = array<i64: 1, 1>}"
            " : (tensor<1x4x4x4xf32>, tensor<%s>, tensor<%dxf32>, tensor<1xf32>,"
            " tensor<1xf32>) -> tensor<1x%s%dxf32>")
    text = f"""func.func @net(%x: tensor<1x4x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x4xf32>, tensor<1x1x5xf32>, tensor<1x2x2x32xf32>) {{
  %s = snn.if %x {{amplitude = 0.5 : f64}} : tensor<1x4x4x4xf32>
  %f = snn.lowpass %s {{tau = {TAU} : f64}} : tensor<1x4x4x4xf32>
  %zp = "{zp}
  %w1 = "tosa.const"() <{{values = {dense(w1)} : tensor<3x3x3x4xf32>}}> : () -> tensor<3x3x3x4xf32>
  %b1 = "tosa.const"() <{{values = {dense(b1)} : tensor<3xf32>}}> : () -> tensor<3xf32>
  %conv = {conv % ("%f", "%w1", "%b1", "1, 1, 1, 1", "3x3x3x4xf32", 3, "4x4x", 3)}
  %w2 = "tosa.const"() <{{values = {dense(w2)} : tensor<4x1x1x4xf32>}}> : () -> tensor<4x1x1x4xf32>
  %b2 = "tosa.const"() <{{values = {dense(b2)} : tensor<4xf32>}}> : () -> tensor<4xf32>
  %c2 = {conv % ("%f", "%w2", "%b2", "0, 0, 0, 0", "4x1x1x4xf32", 4, "4x4x", 4)}
  %res = tosa.add %c2, %f : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %pool = tosa.avg_pool2d %f, %zp, %zp {{acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 4, 4>}} : (tensor<1x4x4x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x4xf32>
  %shape = tosa.const_shape {{values = dense<[1, 1, 4]> : tensor<3xindex>}} : () -> !tosa.shape<3>
  %flat = tosa.reshape %pool, %shape : (tensor<1x1x1x4xf32>, !tosa.shape<3>) -> tensor<1x1x4xf32>
  %wm = "tosa.const"() <{{values = {dense(wm)} : tensor<1x4x5xf32>}}> : () -> tensor<1x4x5xf32>
  %fc = tosa.matmul %flat, %wm, %zp, %zp : (tensor<1x1x4xf32>, tensor<1x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5xf32>
  %max = tosa.max_pool2d %f {{kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}} : (tensor<1x4x4x4xf32>) -> tensor<1x2x2x4xf32>
  %w3 = "tosa.const"() <{{values = {dense(w3)} : tensor<32x1x1x4xf32>}}> : () -> tensor<32x1x1x4xf32>
  %b3 = "tosa.const"() <{{values = {dense(b3)} : tensor<32xf32>}}> : () -> tensor<32xf32>
  %pc = {conv.replace("tensor<1x4x4x4xf32>, tensor<%s>", "tensor<1x2x2x4xf32>, tensor<%s>") % ("%max", "%w3", "%b3", "0, 0, 0, 0", "32x1x1x4xf32", 32, "2x2x", 32)}
  return %s, %conv, %res, %fc, %pc : tensor<1x4x4x4xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x4xf32>, tensor<1x1x5xf32>, tensor<1x2x2x32xf32>
}}
"""
    with open(out + "/net.mlir", "w") as f:
        f.write(text)
    rng = np.random.default_rng(5)
    x = rng.uniform(-200, 700, (3, 1, 4, 4, 4)).astype(np.float32)
    np.save(out + "/x.npy", x)


def conv_nhwc(f, w, b, pad):
    # f [..., H, W, C], w [O, KH, KW, C]
    kh, kw = w.shape[1:3]
    fp = np.pad(f, [(0, 0)] * (f.ndim - 3) + [(pad, pad), (pad, pad), (0, 0)])
    h, wd = f.shape[-3:-1]
    y = np.zeros(f.shape[:-3] + (h, wd, w.shape[0]))
    for i in range(kh):
        for j in range(kw):
            y += np.einsum("...hwc,oc->...hwo", fp[..., i:i + h, j:j + wd, :],
                           w[:, i, j, :].astype(np.float64))
    return y + b


def check(out, runs):
    w1, b1, w2, b2, wm, w3, b3 = weights()
    a = np.exp(-DT / TAU)
    status = 0
    for run in runs:
        s = np.load(run + "-spikes.npy").astype(np.float64)
        s = s.reshape(3, STEPS, 4, 4, 4)
        f = np.zeros_like(s)
        state = np.zeros(s.shape[:1] + s.shape[2:])
        for t in range(STEPS):
            state = a * state + (1 - a) * s[:, t]
            f[:, t] = state
        want = {
            "conv": conv_nhwc(f, w1, b1, 1),
            "res": conv_nhwc(f, w2, b2, 0) + f,
            "fc": np.einsum("nti,io->nto", f.mean(axis=(2, 3)), wm[0]),
            "pool": conv_nhwc(f.reshape(3, STEPS, 2, 2, 2, 2, 4).max(axis=(3, 5)),
                              w3, b3, 0),
        }
        ok = s.sum() > 0 and (s == 0).sum() > 0
        worst = 0.0
        for name, ref in want.items():
            got = np.load("%s-%s.npy" % (run, name)).astype(np.float64)
            err = abs(got.reshape(ref.shape) - ref).max() / abs(ref).max()
            worst = max(worst, err)
            ok &= err < 1e-6
        print("%s: %s (max error %.1e of the largest output, %d spikes of %d)" % (
            "PASS" if ok else "FAIL", run.split("/")[-1], worst,
            int((s != 0).sum()), s.size))
        status |= not ok
    return status


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2], sys.argv[3:]))
