#!/usr/bin/env python3
# compare_weights.py - check that every initializer of a source model is in an
# exported model under its name (or, for weights the importer permuted, its
# sanitized name: '.' -> '_'), with the same shape
# and the same bytes.
#
# Usage: compare_weights.py source.onnx exported.onnx
import re
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def main():
    src = onnx.load(sys.argv[1])
    out = onnx.load(sys.argv[2])
    exported = {t.name: numpy_helper.to_array(t) for t in out.graph.initializer}
    count = 0
    for t in src.graph.initializer:
        a = numpy_helper.to_array(t)
        if a.dtype != np.float32 or a.ndim < 1 or t.name.startswith("/"):
            continue
        name = t.name
        b = exported.get(name)
        if b is None:
            name = re.sub(r"[^A-Za-z0-9_]", "_", t.name)
            b = exported.get(name)
        if b is None:
            print("missing: %s" % name)
            return 1
        if a.shape != b.shape or a.tobytes() != b.tobytes():
            print("differs: %s %s %s" % (name, a.shape, b.shape))
            return 1
        count += 1
    print("%d weights identical" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
