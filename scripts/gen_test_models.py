#!/usr/bin/python3
# ===- gen_test_models.py - small ONNX models for the importer tests -----=== #
#
# Exports small PyTorch models with torch.onnx.export into
# test/Target/ONNX/Inputs/*.onnx, the real-exporter inputs of the
# --import-onnx lit tests. The files are checked in; regenerate them with
#
#   /usr/bin/python3 scripts/gen_test_models.py
#
# Needs Debian's python3-torch (1.13) and python3-onnx (1.12); use
# /usr/bin/python3, not a python3 earlier on PATH without them. Seeds are
# fixed, so a rerun with the same torch gives the same models.
#
# ===---------------------------------------------------------------------=== #
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test",
                   "Target", "ONNX", "Inputs")


class LeNet(nn.Module):
    """LeNet-style CNN: conv/pool stages with Relu, Tanh and Sigmoid."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 5, padding=2)
        self.conv2 = nn.Conv2d(4, 8, 5)
        self.fc1 = nn.Linear(8 * 5 * 5, 32)
        self.fc2 = nn.Linear(32, 16)
        self.fc3 = nn.Linear(16, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.avg_pool2d(torch.tanh(self.conv2(x)), 2)
        x = x.view(x.size(0), -1)
        x = torch.sigmoid(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(14 * 14, 64),
                                 nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 32),
                                 nn.LeakyReLU(0.1), nn.Linear(32, 10),
                                 nn.Softmax(dim=1))

    def forward(self, x):
        return self.net(x)


class Residual(nn.Module):
    """A ResNet basic block: conv-bn-relu-conv-bn + identity, relu."""

    def __init__(self, c=8):
        super().__init__()
        self.stem = nn.Conv2d(3, c, 3, padding=1, bias=False)
        self.bn0 = nn.BatchNorm2d(c)
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.fc = nn.Linear(c, 10)

    def forward(self, x):
        x = F.relu(self.bn0(self.stem(x)))
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        x = F.relu(x + y)
        x = F.adaptive_avg_pool2d(x, 1)
        return self.fc(torch.flatten(x, 1))


class ConcatBranch(nn.Module):
    """Inception-style block: parallel 1x1 / 3x3 / pool branches, concat."""

    def __init__(self):
        super().__init__()
        self.b1 = nn.Conv2d(3, 4, 1)
        self.b3 = nn.Conv2d(3, 4, 3, padding=1)
        self.dw = nn.Conv2d(4, 4, 3, padding=1, groups=4)
        self.bp = nn.Conv2d(3, 4, 1)
        self.fc = nn.Linear(12 * 4 * 4, 10)

    def forward(self, x):
        a = F.relu(self.b1(x))
        b = F.relu6(self.dw(F.relu(self.b3(x))))
        c = self.bp(F.max_pool2d(x, 3, stride=1, padding=1))
        y = torch.cat([a, b, c], dim=1)
        y = F.avg_pool2d(y, 2)
        return self.fc(y.reshape(y.shape[0], -1))


# name: (module, input shape, keep BatchNormalization nodes). By default
# torch.onnx.export folds an inference batch norm into the preceding conv;
# the residual block keeps them (TrainingMode.PRESERVE on an eval() model) so
# that the importer's BatchNormalization is exercised by a real export.
MODELS = {
    "lenet": (LeNet, (1, 1, 28, 28), False),
    "mlp": (MLP, (1, 1, 14, 14), False),
    "residual": (Residual, (1, 3, 8, 8), True),
    "concat-branch": (ConcatBranch, (1, 3, 8, 8), False),
}


def write_external_weights():
    """Side file of external-data.textproto: 6 floats 0.5, 1.0, ..., 3.0
    after 8 bytes of padding (the test reads it with offset 8)."""
    import struct
    path = os.path.join(OUT, "external-weights.bin")
    with open(path, "wb") as f:
        f.write(b"\0" * 8)
        f.write(struct.pack("<6f", *[0.5 * (i + 1) for i in range(6)]))
    print("wrote", os.path.relpath(path), os.path.getsize(path), "bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    write_external_weights()
    for i, (name, (cls, shape, keep_bn)) in enumerate(sorted(MODELS.items())):
        torch.manual_seed(1234 + i)
        model = cls().eval()
        # Give batch norms non-trivial statistics.
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
        x = torch.randn(*shape)
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(model, x, path, input_names=["input"],
                          output_names=["output"], opset_version=13,
                          do_constant_folding=True,
                          training=(torch.onnx.TrainingMode.PRESERVE
                                    if keep_bn else
                                    torch.onnx.TrainingMode.EVAL))
        print("wrote", os.path.relpath(path), os.path.getsize(path), "bytes")


if __name__ == "__main__":
    sys.exit(main())
