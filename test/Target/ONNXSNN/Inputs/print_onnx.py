#!/usr/bin/env python3
# print_onnx.py - load an ONNX model, run the ONNX checker on it and print it
# one line per item, for FileCheck.
#
# Usage: print_onnx.py model.onnx
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def fmt_attr(a):
    v = onnx.helper.get_attribute_value(a)
    if a.type == onnx.AttributeProto.FLOAT:
        return "%s=%.9g" % (a.name, v)
    if a.type == onnx.AttributeProto.TENSOR:
        arr = numpy_helper.to_array(v)
        return "%s=%s:%s" % (a.name, arr.dtype, repr(arr.tolist()))
    if isinstance(v, bytes):
        v = v.decode()
    return "%s=%s" % (a.name, v)


def main():
    model = onnx.load(sys.argv[1])
    onnx.checker.check_model(model)
    print("checker: ok")
    print("ir_version: %d" % model.ir_version)
    for o in model.opset_import:
        print("opset: '%s' %d" % (o.domain, o.version))
    g = model.graph
    print("graph: %s" % g.name)
    for i in g.input:
        dims = [d.dim_value for d in i.type.tensor_type.shape.dim]
        print("input: %s %s" % (i.name, dims))
    for t in g.initializer:
        arr = numpy_helper.to_array(t)
        flat = arr.flatten()
        print(
            "initializer: %s %s %s %s"
            % (t.name, arr.dtype, list(arr.shape),
               np.array2string(flat[:4], precision=6, separator=","))
        )
    for n in g.node:
        attrs = " ".join(fmt_attr(a) for a in n.attribute)
        print(
            "node: %s %s%s(%s) -> %s {%s}"
            % (n.name, (n.domain + "::") if n.domain else "", n.op_type,
               ", ".join(n.input), ", ".join(n.output), attrs)
        )
    for o in g.output:
        dims = [d.dim_value for d in o.type.tensor_type.shape.dim]
        print("output: %s %s" % (o.name, dims))
    for p in model.metadata_props:
        print("metadata: %s" % p.key)
        for line in p.value.splitlines():
            print("  " + line)


if __name__ == "__main__":
    main()
