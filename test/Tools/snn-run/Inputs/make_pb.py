"""Writes ONNX TensorProto files for the snn-run tests into argv[1]."""
import os
import sys

import numpy as np
from onnx import numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
x = np.array([[0.5, -1.0, 2.0, 0.25]], np.float32)
w = np.array(
    [[0.5, 0.25, -1.0], [-0.25, 0.75, 0.5], [1.0, -0.5, 0.25], [0.0, 1.0, 0.5]],
    np.float32,
)
for name, arr in [
    ("input_0.pb", x),
    ("output_0.pb", np.maximum(x @ w, 0)),
    ("int_input.pb", x.astype(np.int32)),
    ("five.pb", np.zeros((1, 5), np.float32)),
]:
    with open(os.path.join(out, name), "wb") as f:
        f.write(numpy_helper.from_array(arr, "x").SerializeToString())
np.save(os.path.join(out, "expected.npy"), np.maximum(x @ w, 0))
with open(os.path.join(out, "broken.pb"), "wb") as f:
    f.write(b"\xff\xff\xff\xff")
