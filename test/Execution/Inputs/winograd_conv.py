#!/usr/bin/python3
"""Models and checks for test/Execution/winograd-conv.test.

  make DIR      writes DIR/model.mlir: two TOSA 3x3 convolutions (128 -> 128
                channels with a bias and padding 1, then a ReLU and 128 ->
                144 channels without padding, output 14x12) with random
                constant filters (seed 0); DIR/x.npy, 3 random inputs
                (1x16x14x128 each); DIR/ref.npy, the network in float64
  check DIR A B  A and B are snn-run outputs with and without Winograd:
                both within 2e-6 of ref relative to its largest value
                (a float32 direct convolution's error), and A != B (the
                rewrite ran)
"""
import sys

import numpy as np


def conv(x, w, b, pad):
    # x: N, H, W, C; w: F, 3, 3, C (TOSA's OHWI) -> N, H', W', F, float64
    x = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    n, h, wd, _ = x.shape
    out = np.zeros((n, h - 2, wd - 2, w.shape[0]))
    for i in range(3):
        for j in range(3):
            out += np.einsum("nhwc,fc->nhwf", x[:, i:i + h - 2, j:j + wd - 2],
                             w[:, i, j, :])
    return out + b


def make(d):
    rng = np.random.default_rng(0)
    w1 = rng.standard_normal((128, 3, 3, 128)).astype(np.float32) * 0.05
    b1 = rng.standard_normal(128).astype(np.float32) * 0.1
    w2 = rng.standard_normal((144, 3, 3, 128)).astype(np.float32) * 0.05
    x = rng.standard_normal((3, 16, 14, 128)).astype(np.float32)

    def const(name, a):
        t = "x".join(str(s) for s in a.shape) + "xf32"
        return (f'    %{name} = "tosa.const"() <{{values = dense<"0x'
                f'{a.astype("<f4").tobytes().hex().upper()}"> : tensor<{t}>}}>'
                f' : () -> tensor<{t}>\n')

    attrs = "acc_type = f32, dilation = array<i64: 1, 1>, stride = array<i64: 1, 1>"
    text = ("func.func @net(%x: tensor<1x16x14x128xf32>) -> tensor<1x14x12x144xf32> {\n"
            + const("w1", w1) + const("b1", b1) + const("w2", w2)
            + const("b2", np.zeros(144, np.float32))
            + '    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n'
            f"    %y = tosa.conv2d %x, %w1, %b1, %zp, %zp {{{attrs}, pad = array<i64: 1, 1, 1, 1>}}"
            " : (tensor<1x16x14x128xf32>, tensor<128x3x3x128xf32>, tensor<128xf32>, tensor<1xf32>,"
            " tensor<1xf32>) -> tensor<1x16x14x128xf32>\n"
            "    %r = tosa.clamp %y {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32}"
            " : (tensor<1x16x14x128xf32>) -> tensor<1x16x14x128xf32>\n"
            f"    %z = tosa.conv2d %r, %w2, %b2, %zp, %zp {{{attrs}, pad = array<i64: 0, 0, 0, 0>}}"
            " : (tensor<1x16x14x128xf32>, tensor<144x3x3x128xf32>, tensor<144xf32>, tensor<1xf32>,"
            " tensor<1xf32>) -> tensor<1x14x12x144xf32>\n"
            "    return %z : tensor<1x14x12x144xf32>\n}\n")
    open(f"{d}/model.mlir", "w").write(text)
    np.save(f"{d}/x.npy", x)
    y = np.maximum(conv(x.astype(np.float64), w1, b1, 1), 0)
    np.save(f"{d}/ref.npy", conv(y, w2, 0, 0))


def check(d, a, b):
    ref = np.load(f"{d}/ref.npy")
    scale = np.abs(ref).max()
    errors = []
    for name in (a, b):
        out = np.load(name).reshape(ref.shape).astype(np.float64)
        errors.append(np.abs(out - ref).max() / scale)
    print("relative error: winograd %.2e, direct %.2e" % tuple(errors))
    same = np.array_equal(np.load(a), np.load(b))
    print("outputs differ" if not same else "outputs are identical")
    return int(max(errors) > 2e-6 or same)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        sys.exit(check(*sys.argv[2:5]))
