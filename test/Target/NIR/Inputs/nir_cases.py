"""NIR test files written by hand with h5py (NIR's layout, not our writer),
and a numpy reference of NIR's documented equations for them.

  nir_cases.py write CASE OUT.nir      the file of CASE
  nir_cases.py input CASE OUT.npy      the input samples of CASE
  nir_cases.py reference CASE IN.npy STEPS DISCRETIZATION DT OUT.npy
                                       NIR's equations, (samples, steps, out)
  nir_cases.py compare A.npy B.npy     exit 1 unless equal (prints mismatches)
  nir_cases.py corrupt-heap HOW IN.nir OUT.nir
                                       IN with its first global heap collection
                                       (HDF5's store of variable-length strings)
                                       corrupted: HOW = free-size-0 (the
                                       free-space object's size set to 0, which
                                       makes libhdf5 1.10 loop forever) or
                                       object-too-big (the first object's size
                                       running past the collection)

The reference reads the file back with h5py and simulates it in float64:
every step, nodes in topological order, each node's input the sum of its
predecessors' outputs, the graph input held constant. LIF: exact
`v = vinf + (v - vinf) exp(-dt/tau)` or Euler `v += dt/tau (vinf - v)` with
`vinf = v_leak + r I`; spike `v > v_threshold`, then `v = v_reset`; IF:
`v += dt r I`; LI: the LIF voltage without spikes; CubaLIF: the synaptic
current `tau_syn dI/dt = -I + w_in S` first, then the membrane with the new
current; Delay: the input `delay / dt` steps earlier.
"""

import sys

import h5py
import numpy as np

STR = h5py.string_dtype()


def write_graph(group, nodes, edges):
    group.create_dataset("type", data="NIRGraph", dtype=STR)
    ng = group.create_group("nodes")
    for name, (typ, params) in nodes.items():
        n = ng.create_group(name)
        if typ == "NIRGraph":
            write_graph(n, *params)
            continue
        n.create_dataset("type", data=typ, dtype=STR)
        for k, v in params.items():
            if isinstance(v, str):
                n.create_dataset(k, data=v, dtype=STR)
            else:
                n.create_dataset(k, data=v)
    group.create_dataset("edges", data=np.array(edges, dtype=object), dtype=STR)


def write(path, nodes, edges):
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="1.0.0", dtype=STR)
        write_graph(f.create_group("node"), nodes, edges)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def lif(n, tau=0.02, r=None, vth=1.0, leak=0.0):
    r = np.full(n, 1.0) if r is None else r
    return ("LIF", {"tau": np.full(n, tau), "r": r, "v_leak": np.full(n, leak),
                    "v_threshold": np.full(n, vth), "v_reset": np.zeros(n)})


def cases():
    rng = np.random.default_rng(7)
    c = {}
    # (a) two dense LIF layers; per-neuron r.
    c["mlp"] = ({
        "input": ("Input", {"shape": np.array([4])}),
        "fc1": ("Affine", {"weight": f32(rng.normal(0, 1.5, (6, 4))),
                           "bias": f32(rng.normal(0, 0.3, 6))}),
        "lif1": lif(6, 0.02, r=rng.uniform(60, 150, 6), vth=1.0),
        "fc2": ("Affine", {"weight": f32(rng.normal(0, 0.6, (3, 6))),
                           "bias": f32(np.zeros(3))}),
        "lif2": lif(3, 0.01, r=np.full(3, 120.0), vth=0.8),
        "output": ("Output", {"shape": np.array([3])}),
    }, [("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"), ("fc2", "lif2"),
        ("lif2", "output")])
    # (b) convolution, IF, sum pooling, flatten.
    c["conv"] = ({
        "input": ("Input", {"shape": np.array([1, 6, 6])}),
        "conv": ("Conv2d", {"weight": f32(rng.normal(0, 1.0, (2, 1, 3, 3))),
                            "bias": f32([0.2, 0.4]), "stride": np.array([1, 1]),
                            "padding": np.array([1, 1]),
                            "dilation": np.array([1, 1]), "groups": 1,
                            "input_shape": np.array([6, 6])}),
        "if1": ("IF", {"r": np.full((2, 6, 6), 30.0),
                       "v_threshold": np.full((2, 6, 6), 1.0),
                       "v_reset": np.zeros((2, 6, 6))}),
        "pool": ("SumPool2d", {"kernel_size": np.array([2, 2]),
                               "stride": np.array([2, 2]),
                               "padding": np.array([0, 0])}),
        "flat": ("Flatten", {"start_dim": 0, "end_dim": -1,
                             "input_type": np.array([2, 3, 3])}),
        "fc": ("Affine", {"weight": f32(rng.normal(0, 1.0, (3, 18))),
                          "bias": f32(np.full(3, 0.5))}),
        "lif": lif(3, 0.02, r=np.full(3, 30.0)),
        "output": ("Output", {"shape": np.array([3])}),
    }, [("input", "conv"), ("conv", "if1"), ("if1", "pool"), ("pool", "flat"),
        ("flat", "fc"), ("fc", "lif"), ("lif", "output")])
    # (c) CubaLIF, then a leaky integrator read-out.
    c["cuba"] = ({
        "input": ("Input", {"shape": np.array([4])}),
        "w": ("Linear", {"weight": f32(rng.normal(0, 2.0, (5, 4)))}),
        "cuba": ("CubaLIF", {"tau_syn": np.full(5, 0.005),
                             "tau_mem": np.full(5, 0.02),
                             "r": np.full(5, 40.0), "v_leak": np.zeros(5),
                             "v_threshold": np.ones(5), "v_reset": np.zeros(5),
                             "w_in": np.full(5, 1.0)}),
        "readout": ("Linear", {"weight": f32(rng.normal(0, 1.0, (2, 5)))}),
        "li": ("LI", {"tau": np.full(2, 0.01), "r": np.full(2, 1.0),
                      "v_leak": np.zeros(2)}),
        "output": ("Output", {"shape": np.array([2])}),
    }, [("input", "w"), ("w", "cuba"), ("cuba", "readout"), ("readout", "li"),
        ("li", "output")])
    # (d) a feed-forward delay of 3 steps (at dt = 1 ms) and a skip edge.
    c["delay"] = ({
        "input": ("Input", {"shape": np.array([4])}),
        "fc1": ("Affine", {"weight": f32(rng.normal(0, 1.5, (4, 4))),
                           "bias": f32(np.full(4, 0.3))}),
        "lif1": lif(4, 0.02, r=np.full(4, 40.0)),
        "delay": ("Delay", {"delay": np.full(4, 0.003)}),
        "fc2": ("Linear", {"weight": f32(rng.normal(0, 1.0, (4, 4)))}),
        "lif2": lif(4, 0.02, r=np.full(4, 40.0)),
        "output": ("Output", {"shape": np.array([4])}),
    }, [("input", "fc1"), ("fc1", "lif1"), ("lif1", "delay"),
        ("delay", "fc2"), ("fc2", "lif2"), ("fc1", "lif2"),
        ("lif2", "output")])
    # (f) a recurrent LIF layer: its spikes come back through recurrent
    # weights and a Delay of one step (at dt = 1 ms), plus a two-step
    # self-connection of the read-out.
    c["recurrent"] = ({
        "input": ("Input", {"shape": np.array([4])}),
        "fc_in": ("Affine", {"weight": f32(rng.normal(0, 1.5, (5, 4))),
                             "bias": f32(np.full(5, 0.2))}),
        "lif": lif(5, 0.02, r=np.full(5, 50.0)),
        "w_rec": ("Linear", {"weight": f32(rng.normal(0, 1.0, (5, 5)))}),
        "rec_delay": ("Delay", {"delay": np.full(5, 0.001)}),
        "fc_out": ("Linear", {"weight": f32(rng.normal(0, 1.0, (3, 5)))}),
        "lif_out": lif(3, 0.01, r=np.full(3, 60.0)),
        "self": ("Scale", {"scale": f32([0.5, -0.5, 1.0])}),
        "self_delay": ("Delay", {"delay": np.full(3, 0.002)}),
        "output": ("Output", {"shape": np.array([3])}),
    }, [("input", "fc_in"), ("fc_in", "lif"), ("lif", "w_rec"),
        ("w_rec", "rec_delay"), ("rec_delay", "lif"), ("lif", "fc_out"),
        ("fc_out", "lif_out"), ("lif_out", "self"), ("self", "self_delay"),
        ("self_delay", "lif_out"), ("lif_out", "output")])
    # (g) snnTorch's recurrent layer (RLeaky): a LIF and its recurrent
    # weights in a two-node cycle without a Delay (the simulator delays the
    # spikes by a step), and the same graph with that Delay explicit.
    rleaky = {
        "input": ("Input", {"shape": np.array([4])}),
        "fc": ("Affine", {"weight": f32(rng.normal(0, 1.5, (5, 4))),
                          "bias": f32(np.full(5, 0.1))}),
        "lif": lif(5, 0.02, r=np.full(5, 50.0)),
        "w_rec": ("Affine", {"weight": f32(rng.normal(0, 1.0, (5, 5))),
                             "bias": f32(rng.normal(0, 0.3, 5))}),
        "output": ("Output", {"shape": np.array([5])}),
    }
    rleaky_edges = [("input", "fc"), ("fc", "lif"), ("lif", "w_rec"),
                    ("w_rec", "lif"), ("lif", "output")]
    c["rleaky"] = (rleaky, rleaky_edges)
    explicit = dict(rleaky)
    explicit["d"] = ("Delay", {"delay": np.full(5, 0.001)})
    c["rleaky-delay"] = (explicit, [e for e in rleaky_edges
                                    if e != ("lif", "w_rec")]
                         + [("lif", "d"), ("d", "w_rec")])
    # (e) a nested subgraph.
    inner = ({
        "in": ("Input", {"shape": np.array([4])}),
        "fc": ("Affine", {"weight": f32(rng.normal(0, 1.5, (3, 4))),
                          "bias": f32(np.full(3, 0.2))}),
        "lif": lif(3, 0.02, r=np.full(3, 50.0)),
        "out": ("Output", {"shape": np.array([3])}),
    }, [("in", "fc"), ("fc", "lif"), ("lif", "out")])
    c["subgraph"] = ({
        "input": ("Input", {"shape": np.array([4])}),
        "block": ("NIRGraph", inner),
        "output": ("Output", {"shape": np.array([3])}),
    }, [("input", "block"), ("block", "output")])
    # Bad files.
    good_nodes, good_edges = c["mlp"]
    bad = dict(good_nodes)
    bad["lif1"] = ("Izhikevich2", {})
    c["bad-type"] = (bad, good_edges)
    bad = dict(good_nodes)
    bad["lif2"] = lif(4, 0.01)
    c["bad-shape"] = (bad, good_edges)
    bad = dict(good_nodes)
    t, p = bad["lif1"]
    p = dict(p)
    p["tau"] = np.array([0.02, np.nan, 0.02, 0.02, 0.02, 0.02])
    bad["lif1"] = (t, p)
    c["bad-nan"] = (bad, good_edges)
    c["bad-cycle"] = (good_nodes, good_edges + [("lif2", "fc1")])
    # A recurrent Delay whose output does not fit where it goes back in.
    nodes = dict(good_nodes)
    nodes["rec"] = ("Delay", {"delay": np.full(6, 0.001)})
    c["bad-recurrent"] = (nodes, good_edges + [("lif1", "rec"), ("rec", "fc1")])
    # A recurrent Delay whose shape is not given by its parameter: its
    # input's, once known.
    nodes = dict(good_nodes)
    nodes["rec"] = ("Delay", {"delay": np.float64(0.001)})
    c["recurrent-scalar"] = (nodes, good_edges + [("lif1", "rec"),
                                                  ("rec", "lif1")])
    # ... unless nothing outside the cycle gives it.
    nodes = dict(good_nodes)
    nodes["rec"] = ("Delay", {"delay": np.float64(0.001)})
    nodes["loop"] = ("Scale", {"scale": np.float32(0.5)})
    c["bad-recurrent-unknown"] = (nodes, good_edges + [("rec", "loop"),
                                                       ("loop", "rec"),
                                                       ("loop", "lif2")])
    # A recurrent Delay fed a value of another shape.
    nodes = dict(good_nodes)
    nodes["rec"] = ("Delay", {"delay": np.full(6, 0.001)})
    c["bad-recurrent-input"] = (nodes, good_edges + [("fc2", "rec"),
                                                     ("rec", "lif1")])
    # A recurrent Delay of less than one step.
    nodes = dict(good_nodes)
    nodes["rec"] = ("Delay", {"delay": np.full(6, 0.0)})
    c["bad-recurrent-zero"] = (nodes, good_edges + [("lif1", "rec"),
                                                    ("rec", "lif1")])
    return c


def load(path):
    """The graph of a NIR file: {name: (type, params)}, edges; subgraphs
    inlined with dotted names."""
    nodes, edges, ports = {}, [], {}

    def walk(group, prefix):
        for name, node in group["nodes"].items():
            full = prefix + name
            typ = node["type"][()].decode()
            if typ == "NIRGraph":
                walk(node, full + ".")
                continue
            if prefix and typ in ("Input", "Output"):
                ports[(prefix[:-1], typ)] = full
                typ = "Identity"
            nodes[full] = (typ, {k: node[k][()] for k in node if k != "type"})
        for a, b in group["edges"][()]:
            a, b = prefix + a.decode(), prefix + b.decode()
            a = ports.get((a, "Output"), a)
            b = ports.get((b, "Input"), b)
            edges.append((a, b))

    with h5py.File(path, "r") as f:
        walk(f["node"], "")
    return nodes, edges


def reference(path, x, steps, disc, dt):
    nodes, edges = load(path)
    preds = {k: [a for a, b in edges if b == k] for k in nodes}
    order, seen = [], set()

    # A Delay outputs its past inputs: it needs no input before it runs, and
    # takes this step's input at the end of the step (so cycles through a
    # Delay are computable).
    def visit(k):
        if k in seen:
            return
        seen.add(k)
        if nodes[k][0] != "Delay":
            for p in preds[k]:
                visit(p)
        order.append(k)

    for k in nodes:
        visit(k)
    out_name = [k for k, (t, _) in nodes.items() if t == "Output"][0]
    results = []
    for sample in x:
        state, trace = {}, []
        for _ in range(steps):
            val = {}
            for k in order:
                t, p = nodes[k]
                if t == "Input":
                    val[k] = sample.astype(np.float64)
                    continue
                if t == "Delay":
                    i = None  # read at the end of the step
                else:
                    i = sum(val[q] for q in preds[k])
                if t in ("Output", "Identity"):
                    val[k] = i
                elif t == "Affine":
                    val[k] = p["weight"].astype(np.float64) @ i + p["bias"]
                elif t == "Linear":
                    val[k] = p["weight"].astype(np.float64) @ i
                elif t == "Scale":
                    val[k] = p["scale"].astype(np.float64) * i
                elif t == "Flatten":
                    val[k] = i.reshape(-1)
                elif t == "Conv2d":
                    w = p["weight"].astype(np.float64)
                    pad = p["padding"]
                    ip = np.pad(i, ((0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
                    o, _, kh, kw = w.shape
                    hh, ww = ip.shape[1] - kh + 1, ip.shape[2] - kw + 1
                    y = np.zeros((o, hh, ww))
                    for a in range(hh):
                        for b in range(ww):
                            y[:, a, b] = np.tensordot(
                                w, ip[:, a:a + kh, b:b + kw], axes=3)
                    val[k] = y + p["bias"][:, None, None]
                elif t == "SumPool2d":
                    kh, kw = p["kernel_size"]
                    c, h, w = i.shape
                    val[k] = i.reshape(c, h // kh, kh, w // kw, kw).sum((2, 4))
                elif t == "Delay":
                    n = int(round(float(np.unique(p["delay"])[0]) / dt))
                    buf = state.setdefault(
                        k, [np.zeros(np.shape(p["delay"]))] * n)
                    val[k] = buf[0]
                elif t in ("LIF", "IF", "LI", "CubaLIF"):
                    if t == "CubaLIF":
                        cur = state.get(k + "/i", np.zeros_like(i))
                        a = np.exp(-dt / p["tau_syn"]) if disc == "exact" \
                            else 1 - dt / p["tau_syn"]
                        cur = a * cur + (1 - a) * p["w_in"] * i
                        state[k + "/i"] = cur
                        i = cur
                    reset = p.get("v_reset", np.zeros_like(i))
                    v = state.get(k, reset * np.ones_like(i))
                    if t == "IF":
                        v = v + dt * p["r"] * i
                    else:
                        tau = p["tau"] if "tau" in p else p["tau_mem"]
                        vinf = p["v_leak"] + p["r"] * i
                        if disc == "exact":
                            v = vinf + (v - vinf) * np.exp(-dt / tau)
                        else:
                            v = v + dt / tau * (vinf - v)
                    if t == "LI":
                        state[k] = v
                        val[k] = v
                        continue
                    z = v > p["v_threshold"]
                    state[k] = np.where(z, reset, v)
                    val[k] = z.astype(np.float64)
                else:
                    raise SystemExit(f"reference: node type {t} not supported")
            for k in order:
                if nodes[k][0] == "Delay":
                    i = sum(val[q] for q in preds[k])
                    state[k] = state[k][1:] + [i]
            trace.append(val[out_name])
        results.append(trace)
    return np.array(results, dtype=np.float32)


def corrupt_heap(how, src, dst):
    data = bytearray(open(src, "rb").read())
    at = data.find(b"GCOL\x01")
    size = int.from_bytes(data[at + 8:at + 16], "little")
    offset = 16
    while offset + 16 <= size:
        index = int.from_bytes(data[at + offset:at + offset + 2], "little")
        field = at + offset + 8
        length = int.from_bytes(data[field:field + 8], "little")
        if how == "object-too-big" and index > 0:
            data[field:field + 8] = (size * 2).to_bytes(8, "little")
            break
        if how == "free-size-0" and index == 0:
            data[field:field + 8] = bytes(8)
            break
        offset += length if index == 0 else 16 + (length + 7) // 8 * 8
    else:
        raise SystemExit(f"{src}: no object to corrupt for {how}")
    open(dst, "wb").write(bytes(data))


def main(argv):
    cmd = argv[1]
    if cmd == "corrupt-heap":
        corrupt_heap(argv[2], argv[3], argv[4])
        return 0
    if cmd == "write":
        nodes, edges = cases()[argv[2]]
        write(argv[3], nodes, edges)
    elif cmd == "input":
        shape = {"mlp": [4], "conv": [1, 6, 6], "cuba": [4], "delay": [4],
                 "recurrent": [4], "rleaky": [4], "rleaky-delay": [4],
                 "subgraph": [4]}[argv[2]]
        rng = np.random.default_rng(3)
        np.save(argv[3], rng.uniform(0.0, 1.0, [5] + shape).astype(np.float32))
    elif cmd == "reference":
        x = np.load(argv[3])
        np.save(argv[7], reference(argv[2], x, int(argv[4]), argv[5],
                                   float(argv[6])))
    elif cmd == "compare":
        a, b = np.load(argv[2]), np.load(argv[3])
        tol = float(argv[4]) if len(argv) > 4 else 0.0
        a = a.reshape(b.shape)
        bad = np.abs(a - b) > tol * np.maximum(1.0, np.abs(b))
        print(f"compare: {bad.sum()} of {b.size} entries differ; "
              f"{int((b != 0).sum())} nonzero in the reference")
        return 1 if bad.any() else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
