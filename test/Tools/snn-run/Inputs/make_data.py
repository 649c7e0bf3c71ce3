"""Writes the data of the snn-run tests into the directory given as argv[1]:
x.npy (7 samples of 4 values), x_u8.npy (the same scaled to uint8), the
reference outputs ref.npy of Inputs/mlp.mlir (relu(x @ W)), labels, and
malformed files for the error tests."""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(0)
x = rng.standard_normal((7, 4)).astype(np.float32)
w = np.array(
    [[0.5, 0.25, -1.0], [-0.25, 0.75, 0.5], [1.0, -0.5, 0.25], [0.0, 1.0, 0.5]],
    np.float32,
)
y = np.maximum(x @ w, 0)
np.save(os.path.join(out, "x.npy"), x)
np.save(os.path.join(out, "x64.npy"), x.astype(np.float64))
np.save(os.path.join(out, "ref.npy"), y)
np.save(os.path.join(out, "labels.npy"), y.argmax(1).astype(np.int64))
u8 = rng.integers(0, 256, (5, 4)).astype(np.uint8)
np.save(os.path.join(out, "u8.npy"), u8)
np.save(os.path.join(out, "ref_u8.npy"), np.maximum((u8 / 255.0).astype(np.float32) @ w, 0))
# Malformed inputs.
np.save(os.path.join(out, "wrong_shape.npy"), np.zeros((3, 5), np.float32))
np.save(os.path.join(out, "no_samples.npy"), np.zeros((0, 4), np.float32))
np.save(os.path.join(out, "complex.npy"), np.zeros((3, 4), np.complex64))
np.save(os.path.join(out, "fortran.npy"), np.asfortranarray(np.zeros((3, 4), np.float32)))
np.save(os.path.join(out, "float_labels.npy"), np.zeros(7, np.float32))
np.save(os.path.join(out, "few_labels.npy"), np.zeros(3, np.int64))
np.save(os.path.join(out, "outside_labels.npy"), np.array([0, 1, 2, 3, -1, 0, 1], np.int64))
with open(os.path.join(out, "x.npy"), "rb") as f:
    blob = f.read()
with open(os.path.join(out, "truncated.npy"), "wb") as f:
    f.write(blob[: len(blob) - 10])
with open(os.path.join(out, "garbage.npy"), "wb") as f:
    f.write(b"this is not numpy")
