"""make_dense_model.py DIR: writes DIR/dense.mlir, a model whose weights are
plain dense attributes (not resource blobs) of at least 1 KiB, one of them a
splat: y = (x @ W1) @ W2 with W1 16x32 (values), W2 32x16 (all 0.25); and
DIR/dense_x.npy (5 samples) and DIR/dense_ref.npy (numpy's outputs)."""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(1)
w1 = (rng.integers(-8, 8, (16, 32)) / 8.0).astype(np.float32)
values = ", ".join(
    "[" + ", ".join(repr(float(v)) for v in row) + "]" for row in w1)
with open(os.path.join(out, "dense.mlir"), "w") as f:
    f.write(f"""func.func @dense(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {{
  %w1 = "tosa.const"() <{{values = dense<[[{values}]]> : tensor<1x16x32xf32>}}> : () -> tensor<1x16x32xf32>
  %w2 = "tosa.const"() <{{values = dense<0.25> : tensor<1x32x16xf32>}}> : () -> tensor<1x32x16xf32>
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}}> : () -> tensor<1xf32>
  %s3 = tosa.const_shape {{values = dense<[1, 1, 16]> : tensor<3xindex>}} : () -> !tosa.shape<3>
  %s2 = tosa.const_shape {{values = dense<[1, 16]> : tensor<2xindex>}} : () -> !tosa.shape<2>
  %x3 = tosa.reshape %x, %s3 : (tensor<1x16xf32>, !tosa.shape<3>) -> tensor<1x1x16xf32>
  %h = tosa.matmul %x3, %w1, %zp, %zp : (tensor<1x1x16xf32>, tensor<1x16x32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x32xf32>
  %y3 = tosa.matmul %h, %w2, %zp, %zp : (tensor<1x1x32xf32>, tensor<1x32x16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x16xf32>
  %y = tosa.reshape %y3, %s2 : (tensor<1x1x16xf32>, !tosa.shape<2>) -> tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}}
""")
x = (rng.integers(-16, 16, (5, 16)) / 16.0).astype(np.float32)
np.save(os.path.join(out, "dense_x.npy"), x)
# Exact in float32: small multiples of powers of two.
np.save(os.path.join(out, "dense_ref.npy"), (x @ w1) @ np.full((32, 16), 0.25, np.float32))
