# ===- check_onnx_ann.py - an emitted ANN in Nengo core vs PyTorch -------=== #
#
# Usage: check_onnx_ann.py MODULE.py MODEL SCRIPTS_DIR
#
# Rebuilds MODEL (lenet, mlp, residual, concat-branch) in PyTorch as
# SCRIPTS_DIR/gen_test_models.py built it for the bundled .onnx file (same
# seed), runs both on random inputs (the module for one step of Nengo core)
# and prints the largest difference; fails beyond 1e-5.
#
# ===---------------------------------------------------------------------=== #
import importlib.util
import sys

import numpy as np
import torch
import torch.nn as nn

module_path, name, scripts = sys.argv[1:4]
sys.path.insert(0, scripts)
import gen_test_models as g  # noqa: E402

for i, (key, (cls, shape, _)) in enumerate(sorted(g.MODELS.items())):
    if key == name:
        torch.manual_seed(1234 + i)
        model = cls().eval()
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
        break
else:
    sys.exit(f"unknown model {name}")

spec = importlib.util.spec_from_file_location("emitted", module_path)
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)

x = np.random.RandomState(0).randn(4, *shape[1:]).astype(np.float32)
with torch.no_grad():
    want = model(torch.tensor(x)).numpy().reshape(len(x), -1)
got = mod.run(x, steps=1, simulator="nengo")
err = float(np.abs(got - want).max())
agree = float((got.argmax(1) == want.argmax(1)).mean())
print(f"{name}: max error {err:.3g}, argmax agreement {agree:.2f}")
if err > 1e-5:
    sys.exit(1)
