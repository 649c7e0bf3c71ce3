#!/usr/bin/python3
"""The same spiking network in PyTorch: the benchmark's PyTorch contender.

Builds the network generically from the ONNX graph (weights through
onnx.numpy_helper) and replaces each activation node (Relu, SoftLIFRate, ...)
in order by the neuron population that the CONVERTED .mlir has at the same
position (snn.if / snn.lif attributes, dialect defaults when not printed).
The time loop follows NEURON-SEMANTICS.md and docs/LOWERING.md:

  * constant input current: every node that does not depend on a neuron is
    computed once per batch, before the loop (as --snn-materialize-time does);
  * no delay between layers: a population uses the current of the same step;
  * zero initial state;
  * mean decoding: every graph output is summed over the steps and divided
    by T, in float32.

All arithmetic is float32, neuron equations in the documented order, the
parameters rounded to float32 as the native code rounds them. Eager mode,
torch.no_grad(), torch.set_num_threads(--threads). Batched: every batch size
of --batch is timed; the outputs written with --output are those of the
largest batch size, which always runs over all images.

Prints, for each batch size:
  RESULT batch=B images=N seconds=S images_per_s=X us_per_image_step=Y
and, with --compare (snn-run --output of the same model on the same images):
  AGREEMENT matches=K total=N percent=P max_abs_diff=D
"""
import argparse
import re
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

ACTIVATIONS = {"Relu", "SoftLIFRate", "LIFRate", "Sigmoid", "Tanh",
               "LeakyRelu", "Clip", "IF", "LIF", "SpikingRectifiedLinear"}
NEURON_RE = re.compile(
    r"snn\.(if|lif|izhikevich|lowpass|lif_rate|soft_lif_rate)\s+%[\w#]+\s*"
    r"(?:\{([^}]*)\})?\s*:")
ATTR_RE = re.compile(r"(\w+)\s*=\s*([-+0-9.eE]+|inf|nan)\s*:\s*f64")
DEFAULTS = {
    "if": {"amplitude": 1.0, "gain": 1.0, "bias": 0.0},
    "lif": {"tau_rc": 0.02, "tau_ref": 0.002, "min_voltage": 0.0,
            "amplitude": 1.0, "gain": 1.0, "bias": 0.0},
}


def parse_neurons(mlir_path):
    """The neuron ops of the converted model, in program order."""
    text = open(mlir_path).read()
    neurons = []
    for m in NEURON_RE.finditer(text):
        kind = m.group(1)
        if kind == "lowpass" and neurons:
            # A synapse after the previous neuron (conversion option synapse).
            tau = dict(ATTR_RE.findall(m.group(2) or "")).get("tau", "0.005")
            neurons[-1][1]["synapse"] = float(tau)
            continue
        if kind not in DEFAULTS:
            sys.exit(f"torch_snn: '{kind}' is not supported by this contender")
        attrs = dict(DEFAULTS[kind])
        for name, value in ATTR_RE.findall(m.group(2) or ""):
            attrs[name] = float(value)
        neurons.append((kind, attrs))
    return neurons


def f32(x):
    return torch.tensor(x, dtype=torch.float32)


class IF:
    def __init__(self, a, dt):
        self.gain, self.bias = f32(a["gain"]), f32(a["bias"])
        self.amp, self.dt = f32(a["amplitude"]), dt
        self.unit = a["gain"] == 1.0 and a["bias"] == 0.0

    def init(self, x):
        return [torch.zeros_like(x)]

    def step(self, x, state):
        (v,) = state
        j = x if self.unit else x * self.gain + self.bias
        v = v + torch.clamp(j, min=0) * self.dt
        n = torch.floor(v)
        out = self.amp * n / self.dt
        state[0] = v - n
        return out


class LIF:
    def __init__(self, a, dt):
        self.gain, self.bias = f32(a["gain"]), f32(a["bias"])
        self.amp, self.dt = f32(a["amplitude"]), dt
        self.tau_rc, self.tau_ref = f32(a["tau_rc"]), f32(a["tau_ref"])
        self.vmin = f32(a["min_voltage"])
        self.unit = a["gain"] == 1.0 and a["bias"] == 0.0
        self.zero, self.one = f32(0.0), f32(1.0)

    def init(self, x):
        return [torch.zeros_like(x), torch.zeros_like(x)]

    def step(self, x, state):
        v, r = state
        dt = self.dt
        j = x if self.unit else x * self.gain + self.bias
        r = r - dt
        delta = torch.clamp(dt - r, min=0)
        delta = torch.minimum(delta, dt)
        v = v - (j - v) * torch.expm1(-delta / self.tau_rc)
        spiked = v > self.one
        out = torch.where(spiked, self.amp / dt, self.zero)
        t_spike = dt + self.tau_rc * torch.log1p(-(v - self.one) / (j - self.one))
        v = torch.maximum(v, self.vmin)
        state[0] = torch.where(spiked, self.zero, v)
        state[1] = torch.where(spiked, self.tau_ref + t_spike, r)
        return out


class Synapse:
    """A neuron followed by a lowpass: x = a * x + (1 - a) * u,
    a = exp(-dt / tau) (NEURON-SEMANTICS.md)."""

    def __init__(self, neuron, tau, dt):
        self.neuron = neuron
        self.a = torch.exp(-f32(dt) / f32(tau))
        self.b = f32(1.0) - self.a

    def init(self, x):
        return [self.neuron.init(x), torch.zeros_like(x)]

    def step(self, x, state):
        u = self.neuron.step(x, state[0])
        state[1] = self.a * state[1] + self.b * u
        return state[1]


def attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def pad_torch(pads):
    """ONNX [b1, b2, ..., e1, e2, ...] for the spatial axes -> F.pad order."""
    k = len(pads) // 2
    out = []
    for i in reversed(range(k)):
        out += [pads[i], pads[k + i]]
    return out


class Net:
    """The ONNX graph as a list of torch closures, activations -> neurons."""

    def __init__(self, onnx_path, neurons, dt):
        model = onnx.load(onnx_path)
        g = model.graph
        self.consts = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy())
                       for i in g.initializer}
        init_names = set(self.consts)
        self.inputs = [i for i in g.input if i.name not in init_names]
        self.input_shape = [d.dim_value or 1
                            for d in self.inputs[0].type.tensor_type.shape.dim]
        self.outputs = [o.name for o in g.output]
        self.nodes = list(g.node)
        acts = [n for n in self.nodes if n.op_type in ACTIVATIONS]
        self.spiking = bool(neurons)
        self.neuron_of = {}
        if neurons:
            if len(acts) != len(neurons):
                sys.exit(f"torch_snn: the ONNX graph has {len(acts)} activations, "
                         f"the converted model {len(neurons)} neuron ops")
            for node, (kind, a) in zip(acts, neurons):
                neuron = IF(a, dt) if kind == "if" else LIF(a, dt)
                if a.get("synapse", 0.0) > 0:
                    neuron = Synapse(neuron, a["synapse"], dt)
                self.neuron_of[node.name or node.output[0]] = neuron
        # Which values depend on a neuron (run every step)?
        dyn = set()
        for n in self.nodes:
            if (n.name or n.output[0]) in self.neuron_of or any(i in dyn for i in n.input):
                dyn.update(n.output)
        self.static_nodes = [n for n in self.nodes if n.output[0] not in dyn]
        self.dynamic_nodes = [n for n in self.nodes if n.output[0] in dyn]

    def value(self, env, name):
        return env[name] if name in env else self.consts[name]

    def run_node(self, n, env, states):
        op = n.op_type
        x = [self.value(env, i) if i else None for i in n.input]
        key = n.name or n.output[0]
        if key in self.neuron_of:
            neuron = self.neuron_of[key]
            if key not in states:
                states[key] = neuron.init(x[0])
            y = neuron.step(x[0], states[key])
        elif op == "Conv":
            pads = attr(n, "pads", [0] * 4)
            inp = x[0]
            if pads[:2] != pads[2:]:
                inp, padding = F.pad(inp, pad_torch(pads)), 0
            else:
                padding = tuple(pads[:2])
            y = F.conv2d(inp, x[1], x[2] if len(x) > 2 else None,
                         stride=tuple(attr(n, "strides", [1, 1])), padding=padding,
                         dilation=tuple(attr(n, "dilations", [1, 1])),
                         groups=attr(n, "group", 1))
        elif op == "Gemm":
            a, b = x[0], x[1]
            if attr(n, "transA", 0):
                a = a.t()
            if attr(n, "transB", 0):
                y = F.linear(a, b)
            else:
                y = a @ b
            alpha, beta = attr(n, "alpha", 1.0), attr(n, "beta", 1.0)
            if alpha != 1.0:
                y = y * alpha
            if len(x) > 2 and x[2] is not None:
                y = y + (x[2] if beta == 1.0 else beta * x[2])
        elif op == "MatMul":
            y = x[0] @ x[1]
        elif op in ("Add", "Sub", "Mul", "Div"):
            y = {"Add": torch.add, "Sub": torch.sub, "Mul": torch.mul,
                 "Div": torch.div}[op](x[0], x[1])
        elif op in ("AveragePool", "MaxPool"):
            k = tuple(attr(n, "kernel_shape"))
            s = tuple(attr(n, "strides", [1] * len(k)))
            pads = attr(n, "pads", [0] * 2 * len(k))
            ceil = bool(attr(n, "ceil_mode", 0))
            inp = x[0]
            if op == "MaxPool":
                if pads[:2] != pads[2:]:
                    inp, pads = F.pad(inp, pad_torch(pads), value=-float("inf")), [0] * 4
                y = F.max_pool2d(inp, k, s, tuple(pads[:2]), ceil_mode=ceil)
            else:
                cip = bool(attr(n, "count_include_pad", 0))
                if pads[:2] != pads[2:]:
                    sys.exit("torch_snn: asymmetric AveragePool pads not supported")
                y = F.avg_pool2d(inp, k, s, tuple(pads[:2]), ceil_mode=ceil,
                                 count_include_pad=cip)
        elif op == "GlobalAveragePool":
            y = x[0].mean(dim=(2, 3), keepdim=True)
        elif op == "Flatten":
            ax = attr(n, "axis", 1)
            y = x[0].reshape(int(np.prod(x[0].shape[:ax])), -1)
        elif op == "Reshape":
            shape = [int(v) for v in x[1].tolist()]
            if shape and shape[0] in (0, 1) and -1 not in shape[1:]:
                shape[0] = -1  # the batch dimension
            shape = [x[0].shape[i] if v == 0 else v for i, v in enumerate(shape)]
            y = x[0].reshape(shape)
        elif op == "Pad":
            pads = [int(v) for v in x[1].tolist()] if len(x) > 1 else attr(n, "pads")
            value = float(x[2]) if len(x) > 2 and x[2] is not None else 0.0
            if attr(n, "mode", b"constant") not in (b"constant", "constant"):
                sys.exit("torch_snn: only constant Pad is supported")
            k = len(pads) // 2
            y = F.pad(x[0], pad_torch(pads)[:2 * k], value=value)
        elif op == "Constant":
            y = torch.from_numpy(numpy_helper.to_array(attr(n, "value")).copy())
        elif op in ("Identity", "Dropout"):
            y = x[0]
        elif op == "BatchNormalization":
            eps = attr(n, "epsilon", 1e-5)
            y = F.batch_norm(x[0], x[3], x[4], x[1], x[2], False, 0.0, eps)
        elif op == "Concat":
            y = torch.cat(x, dim=attr(n, "axis"))
        elif op == "Transpose":
            y = x[0].permute(*attr(n, "perm"))
        elif op == "Relu":
            y = torch.relu(x[0])
        elif op == "Softmax":
            y = torch.softmax(x[0], dim=attr(n, "axis", -1))
        else:
            sys.exit(f"torch_snn: ONNX op {op} is not supported")
        env[n.output[0]] = y

    def forward(self, x, steps):
        env = {self.inputs[0].name: x}
        for n in self.static_nodes:  # before the loop: runs once
            self.run_node(n, env, None)
        if not self.spiking:
            return [env[o] for o in self.outputs]
        states = {}
        sums = None
        for _ in range(steps):
            for n in self.dynamic_nodes:
                self.run_node(n, env, states)
            outs = [env[o] for o in self.outputs]
            sums = outs if sums is None else [s + o for s, o in zip(sums, outs)]
        t = torch.tensor(float(steps), dtype=torch.float32)
        return [s / t for s in sums]


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--onnx", required=True, help="the original ONNX model")
    p.add_argument("--mlir", help="the converted model (neuron parameters); "
                   "without it the ANN runs once")
    p.add_argument("--input", required=True, help=".npy, first axis = samples")
    p.add_argument("--input-scale", type=float, default=1.0)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--dt", type=float, default=0.001)
    p.add_argument("--batch", default="1,32,256,1000",
                   help="comma-separated batch sizes to time (default %(default)s)")
    p.add_argument("--max-seconds", type=float, default=20.0,
                   help="stop timing a batch size (all but the largest) after "
                        "this many seconds; its rate is over the images done")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--output", help="write the outputs (.npy, float32)")
    p.add_argument("--compare", help="snn-run --output of the same model and "
                   "images: print the prediction agreement")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    neurons = parse_neurons(args.mlir) if args.mlir else []
    dt = torch.tensor(args.dt, dtype=torch.float32)
    net = Net(args.onnx, neurons, dt)
    data = np.load(args.input)
    if args.limit:
        data = data[:args.limit]
    # as snn-run: value * scale in double, then rounded to float32
    x_all = (data.astype(np.float64) * args.input_scale).astype(np.float32)
    x_all = torch.from_numpy(
        np.ascontiguousarray(x_all.reshape([len(data)] + net.input_shape[1:])))
    n_all = len(x_all)
    steps = args.steps if net.spiking else 1
    batches = sorted({min(int(b), n_all) for b in args.batch.split(",")})
    print(f"torch: {torch.__version__}, threads {torch.get_num_threads()}, "
          f"{len(neurons)} neuron populations "
          f"({', '.join(sorted({k for k, _ in neurons})) or 'ANN'}), "
          f"{len(net.static_nodes)} nodes hoisted before the loop, "
          f"{len(net.dynamic_nodes)} per step", flush=True)
    outputs = None
    with torch.no_grad():
        net.forward(x_all[:1], 2)  # warm-up
        for b in batches:
            largest = b == batches[-1]
            outs, done = [], 0
            start = time.perf_counter()
            while done < n_all:
                outs.append(net.forward(x_all[done:done + b], steps)[0])
                done += len(outs[-1])
                if not largest and time.perf_counter() - start > args.max_seconds:
                    break
            secs = time.perf_counter() - start
            rate = done / secs
            print(f"RESULT batch={b} images={done} seconds={secs:.3f} "
                  f"images_per_s={rate:.3f} "
                  f"us_per_image_step={1e6 / (rate * steps):.3f}", flush=True)
            if largest:
                outputs = torch.cat(outs).reshape(n_all, -1).numpy()
    if args.output:
        np.save(args.output, outputs.astype(np.float32))
    if args.compare:
        ref = np.load(args.compare).reshape(-1, outputs.shape[1])[:n_all]
        same = int((ref.argmax(1) == outputs.argmax(1)).sum())
        diff = float(np.abs(ref - outputs).max())
        print(f"AGREEMENT matches={same} total={n_all} "
              f"percent={100.0 * same / n_all:.2f} max_abs_diff={diff:.6g}")


if __name__ == "__main__":
    main()
