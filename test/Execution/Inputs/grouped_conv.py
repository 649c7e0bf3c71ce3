"""Grouped convolutions for grouped-conv.test.

  grouped_conv.py make OUT_DIR
      writes model.onnx (two grouped convolutions: 4 groups, padding, stride
      2, dilation 2, bias; then 2 groups without bias, with a Relu between),
      x.npy (3 samples) and ref.npy (the outputs by a direct numpy loop).
  grouped_conv.py without-pass SNN_RUN MODEL OUT ARGS...
      runs SNN_RUN with the built-in lowering pipeline minus
      snn-fuse-grouped-conv (from its --print-pipeline), writing OUT.
"""
import os
import subprocess
import sys

import numpy as np


def conv(x, w, b, group, stride, pad, dilation):
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh = (h + 2 * pad - dilation * (kh - 1) - 1) // stride + 1
    ow = (wd + 2 * pad - dilation * (kw - 1) - 1) // stride + 1
    y = np.zeros((n, m, oh, ow), np.float64)
    mg = m // group
    for o in range(m):
        g = o // mg
        for i in range(oh):
            for j in range(ow):
                patch = xp[:, g * cg:(g + 1) * cg,
                           i * stride:i * stride + dilation * (kh - 1) + 1:dilation,
                           j * stride:j * stride + dilation * (kw - 1) + 1:dilation]
                y[:, o, i, j] = (patch * w[o]).sum(axis=(1, 2, 3)) + b[o]
    return y


def make(out):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(7)
    w1 = rng.standard_normal((8, 2, 3, 3)).astype(np.float32)  # 4 groups
    b1 = rng.standard_normal(8).astype(np.float32)
    w2 = rng.standard_normal((6, 4, 1, 1)).astype(np.float32)  # 2 groups
    x = rng.standard_normal((3, 8, 9, 9)).astype(np.float32)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="grouped4",
                         group=4, pads=[1, 1, 1, 1], strides=[2, 2],
                         dilations=[2, 2], kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu"),
        helper.make_node("Conv", ["r1", "w2"], ["y"], name="grouped2",
                         group=2),
    ]
    h1 = (9 + 2 - 2 * 2 - 1) // 2 + 1
    graph = helper.make_graph(
        nodes, "grouped",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8, 9, 9])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 6, h1, h1])],
        [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"),
         numpy_helper.from_array(w2, "w2")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    os.makedirs(out, exist_ok=True)
    onnx.save(model, os.path.join(out, "model.onnx"))
    np.save(os.path.join(out, "x.npy"), x)
    y = np.maximum(conv(x.astype(np.float64), w1, b1, 4, 2, 1, 2), 0)
    y = conv(y, w2, np.zeros(6), 2, 1, 0, 1)
    np.save(os.path.join(out, "ref.npy"), y.astype(np.float32))


def without_pass(snn_run, model, out, args):
    text = subprocess.run([snn_run, model, "--print-pipeline", "--quiet"] + args,
                          check=True, stdout=subprocess.PIPE,
                          universal_newlines=True).stdout.splitlines()[0]
    if "snn-fuse-grouped-conv," not in text:
        sys.exit("the built-in pipeline has no snn-fuse-grouped-conv: " + text)
    text = text.replace("snn-fuse-grouped-conv,", "")
    subprocess.run([snn_run, model, "--pipeline", text, "--output", out,
                    "--quiet"] + args, check=True)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        without_pass(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
