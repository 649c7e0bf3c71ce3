#!/usr/bin/python3
"""Trains the two deep MNIST CNNs of docs/MNIST.md with torch and exports
them to ONNX (opset 13), the networks the ANN -> SNN conversion is measured
on beside LeNet-5.

  /usr/bin/python3 scripts/train_deep_mnist.py --mnist build/mnist \
      --model vgg --out examples/deep-mnist/vgg.onnx
  /usr/bin/python3 scripts/train_deep_mnist.py --mnist build/mnist \
      --model resnet --out examples/deep-mnist/resnet.onnx

vgg     conv 16@3x3 - BN - ReLU - conv 16@3x3 - BN - ReLU - maxpool 2 -
        conv 32@3x3 - BN - ReLU - conv 32@3x3 - BN - ReLU - maxpool 2 -
        fc 128 - ReLU - fc 10                      (7 activations: 6 ReLU)
resnet  conv 16@3x3 - BN - ReLU - maxpool 2 -
        block(16 -> 32, stride 2) - block(32 -> 64, stride 2) -
        global average pool - fc 10
        block(c -> d, stride s): conv d@3x3/s - BN - ReLU - conv d@3x3 - BN,
        plus the shortcut conv d@1x1/s - BN, added, then ReLU

Inputs are images scaled to [0, 1], NCHW [batch, 1, 28, 28]; outputs logits.
Training: SGD with Nesterov momentum 0.9 (lr 0.05, cosine annealing, weight
decay 5e-4), batches of 128, random translations of up to 1 pixel, fixed
seeds, deterministic algorithms. BatchNorm is exported in inference form
(the ONNX BatchNormalization node; the importer folds it into a scale and a
shift).
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist  # noqa: E402
from train_lenet import evaluate, shift  # noqa: E402


def conv_bn(cin, cout, k=3, stride=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False),
        nn.BatchNorm2d(cout))


class VGG(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            conv_bn(1, 16), nn.ReLU(), conv_bn(16, 16), nn.ReLU(),
            nn.MaxPool2d(2),
            conv_bn(16, 32), nn.ReLU(), conv_bn(32, 32), nn.ReLU(),
            nn.MaxPool2d(2))
        self.fc1 = nn.Linear(32 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = torch.flatten(self.features(x), 1)
        return self.fc2(F.relu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = conv_bn(cin, cout, 3, stride)
        self.conv2 = conv_bn(cout, cout, 3, 1)
        self.shortcut = conv_bn(cin, cout, 1, stride)

    def forward(self, x):
        y = self.conv2(F.relu(self.conv1(x)))
        return F.relu(y + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = conv_bn(1, 16)
        self.block1 = Block(16, 32, 2)
        self.block2 = Block(32, 64, 2)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.stem(x)), 2)
        x = self.block2(self.block1(x))
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", default="build/mnist")
    p.add_argument("--model", choices=["vgg", "resnet"], required=True)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", required=True, help="ONNX file to write")
    args = p.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    train_x, train_y = mnist.load(args.mnist, "train")
    test_x, test_y = mnist.load(args.mnist, "test")
    model = VGG() if args.model == "vgg" else ResNet()
    print(f"{args.model}: {sum(p.numel() for p in model.parameters())} "
          "parameters", flush=True)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9,
                          nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    gen = torch.Generator().manual_seed(args.seed)
    xs = torch.from_numpy(train_x).float() / 255.0
    ys = torch.from_numpy(train_y)
    for epoch in range(args.epochs):
        model.train()
        start = time.time()
        perm = torch.randperm(len(xs), generator=gen)
        total = 0.0
        for i in range(0, len(xs), 128):
            idx = perm[i : i + 128]
            opt.zero_grad()
            loss = F.cross_entropy(model(shift(xs[idx], gen, 1)), ys[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        sched.step()
        acc = evaluate(model, test_x, test_y)
        print(f"epoch {epoch + 1}: loss {total / len(xs):.4f}, "
              f"test accuracy {100 * acc:.2f}% ({time.time() - start:.0f} s)",
              flush=True)

    acc = evaluate(model, test_x, test_y)
    print(f"final test accuracy ({args.model}): {100 * acc:.2f}% "
          f"on {len(test_x)} images")
    model.eval()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), args.out,
                      opset_version=13, input_names=["image"],
                      output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"},
                                    "logits": {0: "batch"}})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
