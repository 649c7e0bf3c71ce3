"""make_op_models.py OUTDIR: small ONNX models (onnx.helper) for the
importer's reductions, activations and folded shape arithmetic.

Writes OUTDIR/<name>.onnx for every model below and, for the ones with a
numpy reference, OUTDIR/<name>.input.npy and OUTDIR/<name>.expected.npy (the
inputs hold one sample for snn-run)."""
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
RNG = np.random.default_rng(0)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def model(name, nodes, inputs, outputs, inits=(), opset=13, x=None, y=None):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s)
         for n, s in inputs],
        [helper.make_tensor_value_info(n, t, s) for n, t, s in outputs],
        list(inits))
    m = helper.make_model(graph, producer_name="snn-mlir-tests",
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, name + ".onnx"))
    if x is not None:
        # One sample: a leading 1 of the model's input is snn-run's batch.
        x, y = np.asarray(x, np.float32), np.asarray(y, np.float32)
        if x.shape[0] != 1:
            x, y = x[None], y[None]
        np.save(os.path.join(OUT, name + ".input.npy"), x)
        np.save(os.path.join(OUT, name + ".expected.npy"), y)


F = TensorProto.FLOAT
N = helper.make_node

# --- Reductions ------------------------------------------------------------
x = RNG.standard_normal((2, 3, 4)).astype(np.float32)
model("reduce_mean", [N("ReduceMean", ["x"], ["y"], name="mean",
                        axes=[-1], keepdims=1)],
      [("x", [2, 3, 4])], [("y", F, [2, 3, 1])],
      x=x, y=x.mean(axis=-1, keepdims=True))
model("reduce_max", [N("ReduceMax", ["x"], ["y"], name="max", axes=[0, 2],
                       keepdims=0)],
      [("x", [2, 3, 4])], [("y", F, [3])], x=x, y=x.max(axis=(0, 2)))
model("reduce_min_all", [N("ReduceMin", ["x"], ["y"], name="min",
                           keepdims=0)],
      [("x", [2, 3, 4])], [("y", F, [])], x=x, y=x.min())
model("reduce_sum", [N("ReduceSum", ["x", "axes"], ["y"], name="sum",
                       keepdims=1)],
      [("x", [2, 3, 4])], [("y", F, [2, 1, 4])],
      [const("axes", np.array([1], np.int64))],
      x=x, y=x.sum(axis=1, keepdims=True))
model("reduce_sum_noop", [N("ReduceSum", ["x"], ["y"], name="sum",
                            noop_with_empty_axes=1)],
      [("x", [2, 3, 4])], [("y", F, [2, 3, 4])], x=x, y=x)
model("reduce_sum_square", [N("ReduceSumSquare", ["x"], ["y"], name="ss",
                              axes=[1], keepdims=0)],
      [("x", [2, 3, 4])], [("y", F, [2, 4])], x=x, y=(x * x).sum(axis=1))
model("reduce_sum_opset11", [N("ReduceSum", ["x"], ["y"], name="sum",
                               axes=[2], keepdims=0)],
      [("x", [2, 3, 4])], [("y", F, [2, 3])], opset=11, x=x,
      y=x.sum(axis=2))
# MNASNet's head: the mean over H and W of a convolution's output is taken
# on its NHWC twin.
w = RNG.standard_normal((4, 3, 1, 1)).astype(np.float32)
xi = RNG.standard_normal((1, 3, 5, 5)).astype(np.float32)
conv = np.einsum("oc,nchw->nohw", w[:, :, 0, 0], xi)
model("conv_mean", [N("Conv", ["x", "w"], ["c"], name="conv"),
                    N("ReduceMean", ["c"], ["y"], name="mean", axes=[2, 3],
                      keepdims=0)],
      [("x", [1, 3, 5, 5])], [("y", F, [1, 4])], [const("w", w)],
      x=xi, y=conv.mean(axis=(2, 3)))

# --- Activations and elementwise math --------------------------------------
v = np.linspace(-4, 4, 12, dtype=np.float32).reshape(3, 4)
erf = np.vectorize(math.erf)
model("hardsigmoid", [N("HardSigmoid", ["x"], ["y"], name="hs", alpha=0.25,
                        beta=0.4)],
      [("x", [3, 4])], [("y", F, [3, 4])], x=v,
      y=np.clip(0.25 * v + 0.4, 0, 1))
model("hardswish", [N("HardSwish", ["x"], ["y"], name="hsw")],
      [("x", [3, 4])], [("y", F, [3, 4])], opset=14, x=v,
      y=v * np.clip(v / 6 + 0.5, 0, 1))
model("erf", [N("Erf", ["x"], ["y"], name="erf")],
      [("x", [3, 4])], [("y", F, [3, 4])], x=v, y=erf(v))
# torch 1.13's GELU: x * 0.5 * (1 + erf(x / sqrt(2))).
model("gelu", [N("Div", ["x", "sqrt2"], ["d"], name="div"),
               N("Erf", ["d"], ["e"], name="erf"),
               N("Add", ["e", "one"], ["a"], name="add"),
               N("Mul", ["x", "a"], ["m"], name="mul"),
               N("Mul", ["m", "half"], ["y"], name="mul2")],
      [("x", [3, 4])], [("y", F, [3, 4])],
      [const("sqrt2", np.float32(math.sqrt(2))), const("one", np.float32(1)),
       const("half", np.float32(0.5))],
      x=v, y=v * 0.5 * (1 + erf(v / math.sqrt(2))))
model("pow_square", [N("Pow", ["x", "p"], ["y"], name="pow")],
      [("x", [3, 4])], [("y", F, [3, 4])], [const("p", np.float32(2))],
      x=v, y=v * v)
model("pow_general", [N("Pow", ["x", "p"], ["y"], name="pow")],
      [("x", [3, 4])], [("y", F, [3, 4])], [const("p", np.float32(1.5))],
      x=abs(v), y=abs(v) ** 1.5)
model("pow_tensor", [N("Pow", ["x", "p"], ["y"], name="pow")],
      [("x", [3, 4])], [("y", F, [3, 4])],
      [const("p", np.array([1, 2, 3, 0.5], np.float32))],
      x=abs(v), y=abs(v) ** np.array([1, 2, 3, 0.5], np.float32))
model("sqrt", [N("Sqrt", ["x"], ["y"], name="sqrt")],
      [("x", [3, 4])], [("y", F, [3, 4])], x=abs(v), y=np.sqrt(abs(v)))
model("softplus", [N("Softplus", ["x"], ["y"], name="sp")],
      [("x", [3, 4])], [("y", F, [3, 4])], x=v * 10,
      y=np.logaddexp(0, v * 10))
model("unary", [N("Neg", ["x"], ["a"], name="neg"),
                N("Exp", ["a"], ["b"], name="exp"),
                N("Log", ["b"], ["c"], name="log"),
                N("Abs", ["c"], ["d"], name="abs"),
                N("Reciprocal", ["d"], ["e"], name="recip"),
                N("Floor", ["e"], ["f"], name="floor"),
                N("Ceil", ["d"], ["g"], name="ceil"),
                N("Max", ["f", "g", "x"], ["h"], name="max"),
                N("Min", ["h", "ten"], ["y"], name="min")],
      [("x", [3, 4])], [("y", F, [3, 4])], [const("ten", np.float32(10))],
      x=v + 0.05, y=np.minimum(np.maximum.reduce(
          [np.floor(1 / abs(v + 0.05)), np.ceil(abs(v + 0.05)), v + 0.05]),
          10))
# ConvNeXt's LayerNorm over channels: (x - mean) / sqrt(var + eps) * g + b.
ln = RNG.standard_normal((2, 3, 8)).astype(np.float32)
g = RNG.standard_normal(8).astype(np.float32)
b = RNG.standard_normal(8).astype(np.float32)
mu = ln.mean(-1, keepdims=True)
var = ((ln - mu) ** 2).mean(-1, keepdims=True)
model("layer_norm", [N("ReduceMean", ["x"], ["m"], name="mean", axes=[-1]),
                     N("Sub", ["x", "m"], ["d"], name="sub"),
                     N("Pow", ["d", "two"], ["p"], name="pow"),
                     N("ReduceMean", ["p"], ["v"], name="var", axes=[-1]),
                     N("Add", ["v", "eps"], ["ve"], name="addeps"),
                     N("Sqrt", ["ve"], ["s"], name="sqrt"),
                     N("Div", ["d", "s"], ["n"], name="div"),
                     N("Mul", ["n", "g"], ["ng"], name="scale"),
                     N("Add", ["ng", "b"], ["y"], name="shift")],
      [("x", [2, 3, 8])], [("y", F, [2, 3, 8])],
      [const("two", np.float32(2)), const("eps", np.float32(1e-6)),
       const("g", g), const("b", b)],
      x=ln, y=(ln - mu) / np.sqrt(var + 1e-6) * g + b)

# --- Folded shape arithmetic -----------------------------------------------
# ShuffleNet's channel shuffle as torch 1.13 exports it:
#   n, c, h, w = x.size(); x.view(n, 2, c // 2, h, w).transpose(1, 2)
#   .reshape(n, c, h, w), the split x.chunk(2, dim=1) as Slice with bounds
# computed from Shape/Gather/Add/Div.
xs = RNG.standard_normal((1, 4, 3, 3)).astype(np.float32)
nodes = [N("Shape", ["x"], ["s"], name="shape")]
shape_inits = [const("i0", np.int64(0)), const("i1", np.int64(1)),
               const("i2", np.int64(2)), const("i3", np.int64(3)),
               const("two", np.int64(2)), const("u0", np.array([0], np.int64))]
for k, i in enumerate(["i0", "i1", "i2", "i3"]):
    nodes.append(N("Gather", ["s", i], ["d%d" % k], name="gather%d" % k,
                   axis=0))
nodes += [N("Div", ["d1", "two"], ["half"], name="div"),
          N("Unsqueeze", ["d0", "u0"], ["n"], name="unsq_n"),
          N("Unsqueeze", ["two", "u0"], ["g"], name="unsq_g"),
          N("Unsqueeze", ["half", "u0"], ["cg"], name="unsq_cg"),
          N("Unsqueeze", ["d2", "u0"], ["h"], name="unsq_h"),
          N("Unsqueeze", ["d3", "u0"], ["w"], name="unsq_w"),
          N("Unsqueeze", ["d1", "u0"], ["c"], name="unsq_c"),
          N("Concat", ["n", "g", "cg", "h", "w"], ["s5"], name="cat5", axis=0),
          N("Reshape", ["x", "s5"], ["r5"], name="view"),
          N("Transpose", ["r5"], ["t5"], name="transpose",
            perm=[0, 2, 1, 3, 4]),
          N("Concat", ["n", "c", "h", "w"], ["s4"], name="cat4", axis=0),
          N("Reshape", ["t5", "s4"], ["shuffled"], name="reshape"),
          # chunk(2, dim=1): starts [0] and [c/2], ends [c/2] and [c].
          N("Shape", ["shuffled"], ["ss"], name="shape2"),
          N("Gather", ["ss", "i1"], ["sc"], name="gather_c", axis=0),
          N("Add", ["sc", "i1"], ["sc1"], name="add"),
          N("Div", ["sc1", "two"], ["chunk"], name="div2"),
          N("Mul", ["chunk", "i1"], ["end0"], name="mul"),
          N("Unsqueeze", ["end0", "u0"], ["e0"], name="unsq_e0"),
          N("Mul", ["chunk", "two"], ["end1"], name="mul2"),
          N("Unsqueeze", ["end1", "u0"], ["e1"], name="unsq_e1"),
          N("Slice", ["shuffled", "u0", "e0", "ax1"], ["left"], name="slice0"),
          N("Slice", ["shuffled", "e0", "e1", "ax1"], ["right"],
            name="slice1"),
          N("Sub", ["left", "right"], ["y"], name="sub")]
shuffled = xs.reshape(1, 2, 2, 3, 3).transpose(0, 2, 1, 3, 4).reshape(
    1, 4, 3, 3)
model("channel_shuffle", nodes, [("x", [1, 4, 3, 3])],
      [("y", F, [1, 2, 3, 3])],
      shape_inits + [const("ax1", np.array([1], np.int64))],
      x=xs, y=shuffled[:, :2] - shuffled[:, 2:])

# ViT's class token: expand(n, -1, -1) as ConstantOfShape/Mul/Equal/Where
# and Expand, then Concat with the sequence and a Gather of token 0.
tok = RNG.standard_normal((1, 1, 4)).astype(np.float32)
seq = RNG.standard_normal((1, 3, 4)).astype(np.float32)
model("class_token",
      [N("Shape", ["x"], ["s"], name="shape"),
       N("Gather", ["s", "i0"], ["n"], name="gather", axis=0),
       N("Unsqueeze", ["n", "u0"], ["nu"], name="unsq"),
       N("Concat", ["nu", "m1", "m1"], ["target"], name="cat", axis=0),
       N("ConstantOfShape", ["three"], ["ones"], name="cos",
         value=helper.make_tensor("v", TensorProto.INT64, [1], [1])),
       N("Mul", ["ones", "m1"], ["neg"], name="mul"),
       N("Equal", ["target", "neg"], ["eq"], name="eq"),
       N("Where", ["eq", "ones", "target"], ["shp"], name="where"),
       N("Expand", ["tok", "shp"], ["t"], name="expand"),
       N("Concat", ["t", "x"], ["cat"], name="cat2", axis=1),
       N("Gather", ["cat", "i0"], ["y"], name="token0", axis=1)],
      [("x", [1, 3, 4])], [("y", F, [1, 4])],
      [const("i0", np.int64(0)), const("u0", np.array([0], np.int64)),
       const("m1", np.array([-1], np.int64)),
       const("three", np.array([3], np.int64)), const("tok", tok)],
      x=seq, y=tok[:, 0])

# Range, Cast, Mod, Squeeze, ConstantOfShape folded; Expand and a strided,
# reversed Slice on a tensor.
xr = RNG.standard_normal((2, 6)).astype(np.float32)
model("range_expand",
      [N("Range", ["start", "limit", "delta"], ["r"], name="range"),
       N("Mod", ["r", "three"], ["m"], name="mod"),
       N("Cast", ["m", ], ["mf"], name="cast", to=TensorProto.FLOAT),
       N("Unsqueeze", ["mf", "u0"], ["row"], name="unsq"),
       N("Expand", ["row", "shape26"], ["e"], name="expand"),
       N("Add", ["x", "e"], ["a"], name="add"),
       N("Slice", ["a", "st", "en", "ax", "sp"], ["y"], name="slice")],
      [("x", [2, 6])], [("y", F, [2, 3])],
      [const("start", np.int64(0)), const("limit", np.int64(6)),
       const("delta", np.int64(1)), const("three", np.int64(3)),
       const("u0", np.array([0], np.int64)),
       const("shape26", np.array([2, 1], np.int64)),
       const("st", np.array([-1], np.int64)),
       const("en", np.array([-7], np.int64)),
       const("ax", np.array([1], np.int64)),
       const("sp", np.array([-2], np.int64))],
      x=xr, y=(xr + (np.arange(6) % 3).astype(np.float32))[:, -1:-7:-2])
model("slice_steps",
      [N("Slice", ["x", "st", "en", "ax", "sp"], ["y"], name="slice")],
      [("x", [1, 2, 7])], [("y", F, [1, 1, 3])],
      [const("st", np.array([1, 0], np.int64)),
       const("en", np.array([2, 100], np.int64)),
       const("ax", np.array([1, 2], np.int64)),
       const("sp", np.array([1, 3], np.int64))],
      x=np.arange(14, dtype=np.float32).reshape(1, 2, 7),
      y=np.arange(14, dtype=np.float32).reshape(1, 2, 7)[:, 1:2, ::3])
