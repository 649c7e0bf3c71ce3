"""snnTorch's NIR importer against snn-mlir, for snntorch.test.

  snntorch_compare.py write OUT.nir OUT.x.npy   a LIF network NIR file (two
                                                Affine + LIF layers) and inputs
  snntorch_compare.py write-rleaky OUT.nir OUT.x.npy
      a recurrent LIF layer the way snnTorch writes its RLeaky: the LIF and
      its recurrent Affine in a two-node cycle without a Delay node
  snntorch_compare.py run-rleaky IN.nir X.npy STEPS OUT.npy
      the same as run, for such a file (see run_rleaky)
  snntorch_compare.py run IN.nir X.npy STEPS OUT.npy
      imports IN.nir with snntorch.import_nir.import_from_nir (a fresh network
      per sample, the input held constant) and saves the output spikes as
      [samples, STEPS, N], the layout of `snn-run --decode trace`.

snnTorch steps LIF neurons with forward Euler at dt = 1e-4 (its importer
hard-codes it: beta = 1 - dt/tau, threshold divided by r dt/tau, reset to
zero), so the file to compare is one written at that dt in that
discretization. Needs torch, NIR's package, nirtorch and snntorch on
PYTHONPATH (see scripts/setup-nir-python.sh).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nir_cases  # noqa: E402


def write(path, x_path):
    rng = np.random.default_rng(11)
    f32 = nir_cases.f32
    # snnTorch needs v_leak = 0 and one r dt / tau and one threshold per node.
    nodes = {
        "input": ("Input", {"shape": np.array([8])}),
        "fc1": ("Affine", {"weight": f32(rng.normal(0, 0.8, (10, 8))),
                           "bias": f32(rng.normal(0.2, 0.2, 10))}),
        "lif1": nir_cases.lif(10, 0.001, r=np.full(10, 10.0), vth=1.0),
        "fc2": ("Affine", {"weight": f32(rng.normal(0, 0.8, (4, 10))),
                           "bias": f32(np.full(4, 0.1))}),
        "lif2": nir_cases.lif(4, 0.0005, r=np.full(4, 2.5), vth=0.5),
        "output": ("Output", {"shape": np.array([4])}),
    }
    edges = [("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"),
             ("fc2", "lif2"), ("lif2", "output")]
    nir_cases.write(path, nodes, edges)
    np.save(x_path, rng.uniform(0, 1, (3, 8)).astype(np.float32))


def write_rleaky(path, x_path):
    rng = np.random.default_rng(12)
    f32 = nir_cases.f32
    # snnTorch's RLeaky import needs r = tau / dt (dt = 1e-4): w_scale = 1.
    nodes = {
        "input": ("Input", {"shape": np.array([6])}),
        "fc": ("Affine", {"weight": f32(rng.normal(0, 0.6, (8, 6))),
                          "bias": f32(np.full(8, 0.05))}),
        "lif": nir_cases.lif(8, 0.001, r=np.full(8, 10.0), vth=1.0),
        "w_rec": ("Affine", {"weight": f32(rng.normal(0, 0.5, (8, 8))),
                             "bias": f32(rng.normal(0, 0.1, 8))}),
        "output": ("Output", {"shape": np.array([8])}),
    }
    edges = [("input", "fc"), ("fc", "lif"), ("lif", "w_rec"),
             ("w_rec", "lif"), ("lif", "output")]
    nir_cases.write(path, nodes, edges)
    np.save(x_path, rng.uniform(0, 1, (3, 6)).astype(np.float32))


def run(path, x_path, steps, out_path):
    import contextlib
    import io

    import nir
    import torch
    from snntorch import import_nir

    x = np.load(x_path)
    samples = []
    for s in range(x.shape[0]):
        # snnTorch prints its threshold rescaling; keep stdout for results.
        with contextlib.redirect_stdout(io.StringIO()):
            net = import_nir.import_from_nir(nir.read(path))
        inp = torch.tensor(x[s:s + 1])
        state, spikes = None, []
        with torch.no_grad():
            for _ in range(steps):
                out, state = net(inp) if state is None else net(inp, state)
                spikes.append(out.numpy()[0])
        samples.append(np.stack(spikes))
    out = np.stack(samples).astype(np.float32)
    np.save(out_path, out)
    print(f"snntorch: {x.shape[0]} samples x {steps} steps, "
          f"{int(out.sum())} output spikes")


def run_rleaky(path, x_path, steps, out_path):
    """snnTorch's own RLeaky import of a recurrent file: its
    _replace_rnn_subgraph_with_nirgraph and _nir_to_snntorch_module build
    the modules (an snn.RLeaky for the LIF and its recurrent weights), run
    here in the graph's order. nirtorch's GraphExecutor (what
    import_from_nir returns) fails on the nested graph that rewriting makes
    (`'GraphModule' object has no attribute 'items'` in
    _construct_state_recursive), so it is not used."""
    import contextlib
    import io

    import nir
    import torch
    from snntorch import import_nir

    x = np.load(x_path)
    samples = []
    for s in range(x.shape[0]):
        with contextlib.redirect_stdout(io.StringIO()):
            graph = import_nir._replace_rnn_subgraph_with_nirgraph(
                nir.read(path))
            modules = {k: import_nir._nir_to_snntorch_module(
                n, init_hidden=True) for k, n in graph.nodes.items()}
        preds = {k: [a for a, b in graph.edges if b == k] for k in modules}
        order, seen = [], set()

        def visit(k):
            if k not in seen:
                seen.add(k)
                for p in preds[k]:
                    visit(p)
                order.append(k)

        for k in modules:
            visit(k)
        out_name = [k for k, n in graph.nodes.items()
                    if isinstance(n, nir.Output)][0]
        inp = torch.tensor(x[s:s + 1])
        spikes = []
        with torch.no_grad():
            for _ in range(steps):
                val = {}
                for k in order:
                    if isinstance(graph.nodes[k], nir.Input):
                        val[k] = inp
                        continue
                    i = sum(val[p] for p in preds[k])
                    val[k] = modules[k](i) if modules[k] is not None else i
                spikes.append(val[out_name].numpy()[0])
        samples.append(np.stack(spikes))
    out = np.stack(samples).astype(np.float32)
    np.save(out_path, out)
    kinds = sorted({type(m).__name__ for m in modules.values()
                    if m is not None})
    print(f"snntorch: {x.shape[0]} samples x {steps} steps, "
          f"{int(out.sum())} output spikes; modules {' '.join(kinds)}")


def main(argv):
    if len(argv) == 4 and argv[1] == "write":
        write(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "write-rleaky":
        write_rleaky(argv[2], argv[3])
    elif len(argv) == 6 and argv[1] == "run-rleaky":
        run_rleaky(argv[2], argv[3], int(argv[4]), argv[5])
    elif len(argv) == 6 and argv[1] == "run":
        run(argv[2], argv[3], int(argv[4]), argv[5])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
