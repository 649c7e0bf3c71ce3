#!/usr/bin/env python3
# compare_layers.py - check that the layers of an exported model are those of
# its source model: every source node of the listed op types has a node of
# the same name and op_type in the export, with the same attributes (ONNX
# defaults filled in). Prints one line per node.
#
# Usage: compare_layers.py source.onnx exported.onnx
import sys

import onnx

DEFAULTS = {
    "Conv": {"group": 1, "dilations": [1, 1], "strides": [1, 1],
             "pads": [0, 0, 0, 0]},
    "MaxPool": {"strides": [1, 1], "pads": [0, 0, 0, 0]},
    "AveragePool": {"strides": [1, 1], "pads": [0, 0, 0, 0]},
    "Gemm": {"alpha": 1.0, "beta": 1.0, "transA": 0, "transB": 0},
    "Concat": {},
    "Add": {},
}
IGNORED = {"ceil_mode": 0, "count_include_pad": 0}


def attrs(node):
    a = dict(DEFAULTS[node.op_type])
    for at in node.attribute:
        v = onnx.helper.get_attribute_value(at)
        if at.name in IGNORED and v == IGNORED[at.name]:
            continue
        a[at.name] = list(v) if isinstance(v, (list, tuple)) else v
    return a


def main():
    src = onnx.load(sys.argv[1])
    out = onnx.load(sys.argv[2])
    exported = {n.name: n for n in out.graph.node}
    for n in src.graph.node:
        if n.op_type not in DEFAULTS:
            continue
        e = exported.get(n.name)
        if e is None or e.op_type != n.op_type:
            print("missing: %s %s" % (n.name, n.op_type))
            return 1
        if attrs(n) != attrs(e):
            print("differs: %s %s vs %s" % (n.name, attrs(n), attrs(e)))
            return 1
        print("same: %s %s" % (n.name, n.op_type))
    return 0


if __name__ == "__main__":
    sys.exit(main())
