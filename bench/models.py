#!/usr/bin/python3
"""Helpers of bench/run.sh (ONNX models, data, agreement, the report).

  macs MODEL.onnx              MACs of Conv/Gemm/MatMul at batch 1: the whole
                               network, and those that run at every time step
                               (after the first activation; what precedes it
                               is computed once for a constant input)
  ort-model IN.onnx OUT.onnx   the model with ai.onnx.snn rate nodes
                               (SoftLIFRate, LIFRate) written in standard ONNX
                               ops, so ONNX Runtime can run the ANN
  input-shape MODEL.onnx       the input's shape (symbolic dims as 1), e.g. 1x3x8x8
  random-input MODEL.onnx N SEED OUT.npy
                               N uniform [0, 1) float32 inputs, fixed seed
  agree A.npy B.npy            argmax agreement of two outputs (first rows of
                               the longer one): "matches total percent maxdiff"
  report RESULTS.tsv           the table and the targets
"""
import math
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference, TensorProto

ACTIVATIONS = {"Relu", "SoftLIFRate", "LIFRate", "Sigmoid", "Tanh",
               "LeakyRelu", "Clip"}


def input_dims(model):
    inits = {i.name for i in model.graph.initializer}
    inp = [i for i in model.graph.input if i.name not in inits][0]
    return inp, [d.dim_value if d.dim_value > 0 else 1
                 for d in inp.type.tensor_type.shape.dim]


def macs(path):
    model = onnx.load(path)
    inp, dims = input_dims(model)
    for d, v in zip(inp.type.tensor_type.shape.dim, dims):
        d.Clear()
        d.dim_value = v
    # custom-domain rate nodes: shape-preserving, give them their input's shape
    model = ort_model_proto(model)
    inferred = shape_inference.infer_shapes(model)
    shapes = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.input) + \
            list(inferred.graph.output):
        shapes[vi.name] = [d.dim_value for d in vi.type.tensor_type.shape.dim]
    for i in model.graph.initializer:
        shapes[i.name] = list(i.dims)
    total = per_step = 0
    dyn = set()
    for n in onnx.load(path).graph.node:  # the original graph
        if n.op_type in ACTIVATIONS or any(i in dyn for i in n.input):
            dyn.update(n.output)
        m = 0
        if n.op_type == "Conv":
            w = shapes[n.input[1]]
            m = int(np.prod(shapes[n.output[0]])) * int(np.prod(w[1:]))
        elif n.op_type == "Gemm":
            trans_b = next((a.i for a in n.attribute if a.name == "transB"), 0)
            w = shapes[n.input[1]]
            k = w[1] if trans_b else w[0]
            m = int(np.prod(shapes[n.output[0]])) * k
        elif n.op_type == "MatMul":
            k = shapes[n.input[1]][-2]
            m = int(np.prod(shapes[n.output[0]])) * k
        total += m
        if n.output[0] in dyn:
            per_step += m
    print(f"macs_total={total} macs_per_step={per_step}")


def ort_model_proto(model):
    """Replaces ai.onnx.snn SoftLIFRate/LIFRate nodes by standard ops."""
    g = model.graph
    nodes = []
    counter = [0]

    def const(value):
        counter[0] += 1
        name = f"bench_c{counter[0]}"
        g.initializer.append(numpy_helper.from_array(np.array(value, np.float32), name))
        return name

    def tmp(prefix):
        counter[0] += 1
        return f"{prefix}_bench{counter[0]}"

    for n in g.node:
        if n.domain != "ai.onnx.snn" or n.op_type not in ("SoftLIFRate", "LIFRate"):
            nodes.append(n)
            continue
        a = {x.name: helper.get_attribute_value(x) for x in n.attribute}
        gain, bias = a.get("gain", 1.0), a.get("bias", 0.0)
        amp, tau_rc, tau_ref = a.get("amplitude", 1.0), a.get("tau_rc", 0.02), a.get("tau_ref", 0.002)
        x, y = n.input[0], n.output[0]
        add = lambda op, ins, out=None, **kw: (nodes.append(
            helper.make_node(op, ins, [out or tmp(y)], **kw)), nodes[-1].output[0])[1]
        jm1 = add("Add", [add("Mul", [x, const(gain)]), const(bias - 1.0)])  # J - 1
        if n.op_type == "SoftLIFRate":
            sigma = a.get("sigma", 1.0)
            js = add("Div", [jm1, const(sigma)])
            z = add("Mul", [const(sigma), add("Where", [
                add("Greater", [js, const(30.0)]), js, add("Softplus", [js])])])
            q_soft = add("Log", [add("Add", [const(1.0), add("Reciprocal", [z])])])
            q_lin = add("Sub", [add("Neg", [js]), const(math.log(sigma))])
            q = add("Where", [add("Greater", [js, const(-20.0)]), q_soft, q_lin])
            add("Div", [const(amp), add("Add", [const(tau_ref), add("Mul", [const(tau_rc), q])])], y)
        else:
            pos = add("Greater", [jm1, const(0.0)])
            safe = add("Where", [pos, jm1, const(1.0)])
            q = add("Log", [add("Add", [const(1.0), add("Reciprocal", [safe])])])
            rate = add("Div", [const(amp), add("Add", [const(tau_ref), add("Mul", [const(tau_rc), q])])])
            add("Where", [pos, rate, const(0.0)], y)
    del g.node[:]
    g.node.extend(nodes)
    ops = [o for o in model.opset_import if o.domain != "ai.onnx.snn"]
    del model.opset_import[:]
    model.opset_import.extend(ops)
    return model


def ort_model(src, dst):
    model = ort_model_proto(onnx.load(src))
    onnx.checker.check_model(model)
    onnx.save(model, dst)


def input_shape(path):
    print("x".join(str(d) for d in input_dims(onnx.load(path))[1]))


def random_input(path, n, seed, out):
    dims = input_dims(onnx.load(path))[1]
    rng = np.random.RandomState(int(seed))
    np.save(out, rng.rand(int(n), *dims[1:]).astype(np.float32))


def agree(a_path, b_path):
    a, b = np.load(a_path), np.load(b_path)
    n = min(len(a), len(b))
    a, b = a[:n].reshape(n, -1), b[:n].reshape(n, -1)
    same = int((a.argmax(1) == b.argmax(1)).sum())
    print(f"{same} {n} {100.0 * same / n:.2f} {float(np.abs(a - b).max()):.6g}")


def fmt(x, digits=1):
    return "-" if x is None else f"{x:,.{digits}f}"


def report(path):
    """RESULTS.tsv rows: model, contender, images/s, us/step, agreement, note."""
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    models = []
    for r in rows:
        if r[0] not in models:
            models.append(r[0])
    num = lambda s: float(s) if s not in ("", "-") else None
    targets = []
    for m in models:
        mr = [r for r in rows if r[0] == m]
        ref = next((num(r[2]) for r in mr if r[1] == "snn-run"), None)
        print(f"\n{m}")
        print(f"  {'contender':<40} {'images/s':>12} {'us/image-step':>14} "
              f"{'vs snn-run':>10}  {'agreement':<22} note")
        for r in mr:
            ips, us = num(r[2]), num(r[3])
            ratio = f"{ips / ref:.2f}x" if ips and ref else "-"
            print(f"  {r[1]:<40} {fmt(ips, 2):>12} {fmt(us, 2):>14} {ratio:>10}  "
                  f"{r[4]:<22} {r[5] if len(r) > 5 else ''}")
        get = lambda name: next((num(r[2]) for r in mr if r[1] == name), None)
        if m.startswith("lenet5") and ref:
            # the fastest PyTorch row of any batch size and thread count
            # (on a loaded machine one thread can beat two)
            trows = [(num(r[2]), r[1]) for r in mr
                     if r[1].startswith("pytorch") and num(r[2])]
            torch_best, torch_row = max(trows) if trows else (None, None)
            # the faster ORT median-latency row (2 or 1 threads)
            orows = [(num(r[2]), r[1]) for r in mr
                     if r[1].startswith("onnxruntime x T (median") and num(r[2])]
            ort_t, ort_row = max(orows) if orows else (None, None)
            roof = get("roofline (dense MACs, 2 threads)")
            t = lambda ok: "PASS" if ok else "MISS"
            if torch_best:
                targets.append(f"{m}: snn-run / PyTorch best >= 10x: "
                               f"{ref / torch_best:.2f}x  {t(ref >= 10 * torch_best)}"
                               f"  (best: {torch_row})")
            else:
                targets.append(f"{m}: snn-run / PyTorch best >= 10x: no PyTorch figure  MISS")
            if ort_t:
                # per-step cost ratio: snn-run us/step over ORT us/forward
                targets.append(f"{m}: snn-run step / ORT dense forward <= 1.0x: "
                               f"{ort_t / ref:.2f}x  {t(ref >= ort_t)}  (ORT: {ort_row})")
            else:
                targets.append(f"{m}: snn-run step / ORT dense forward <= 1.0x: no ORT figure  MISS")
            if roof:
                targets.append(f"{m}: snn-run >= 0.5 x dense-FLOP roofline: "
                               f"{ref / roof:.4f}x  {t(ref >= 0.5 * roof)}")
    if targets:
        print("\ntargets (same run):")
        for line in targets:
            print("  " + line)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"macs": macs, "ort-model": ort_model, "input-shape": input_shape,
     "random-input": random_input, "agree": agree, "report": report}[cmd](*args)


if __name__ == "__main__":
    main()
