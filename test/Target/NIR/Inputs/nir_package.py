"""Checks with NIR's own Python package (neuromorphs/NIR from a source
checkout on PYTHONPATH; scripts/setup-nir-python.sh):

  nir_package.py read FILE.nir     nir.read (with its type checks), then one
                                   line per node: name, type, shapes
  nir_package.py write FILE.nir    an Affine -> LIF -> Affine -> LIF graph
                                   made with the nir API and nir.write
"""

import sys

import nir
import numpy as np


def main(argv):
    if argv[1] == "read":
        graph = nir.read(argv[2])
        for name in sorted(graph.nodes):
            node = graph.nodes[name]
            fields = []
            for key in ("weight", "bias", "tau", "r", "v_threshold", "scale",
                        "tau_syn", "tau_mem", "delay"):
                value = getattr(node, key, None)
                if isinstance(value, np.ndarray):
                    fields.append(f"{key}={value.shape}")
            print(name, type(node).__name__, " ".join(fields))
        print("edges", len(graph.edges))
        return 0
    rng = np.random.default_rng(11)
    graph = nir.NIRGraph.from_list(
        nir.Input(input_type=np.array([5])),
        nir.Affine(weight=rng.normal(0, 1.5, (7, 5)).astype(np.float32),
                   bias=np.full(7, 0.2, np.float32)),
        nir.LIF(tau=np.full(7, 0.02), r=np.full(7, 80.0), v_leak=np.zeros(7),
                v_threshold=np.ones(7)),
        nir.Affine(weight=rng.normal(0, 1.0, (3, 7)).astype(np.float32),
                   bias=np.zeros(3, np.float32)),
        nir.LIF(tau=np.full(3, 0.01), r=np.full(3, 150.0), v_leak=np.zeros(3),
                v_threshold=np.ones(3)),
        nir.Output(output_type=np.array([3])),
    )
    nir.write(argv[2], graph)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
