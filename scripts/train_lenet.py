#!/usr/bin/python3
"""Trains a LeNet-5 on MNIST with torch and exports it to ONNX.

  /usr/bin/python3 scripts/train_lenet.py --mnist build/mnist \
      --activation relu --out examples/lenet5/lenet5.onnx

LeNet-5 here: conv 6@5x5 (pad 2) - act - avgpool 2 - conv 16@5x5 - act -
avgpool 2 - fc 120 - act - fc 84 - act - fc 10 (logits). Inputs are images
scaled to [0, 1], NCHW [batch, 1, 28, 28].

--activation relu     the ANN that spiking IF conversion starts from;
--activation softlif  NengoDL's SoftLIFRate (J = gain * x + bias with the
                      thesis's LIF setting: amplitude 0.01, max rate 100 Hz,
                      intercept 0 -> gain 2.0328, bias 1), exported as the
                      ONNX-SNN node ai.onnx.snn::SoftLIFRate so that snn-mlir
                      can swap it for spiking LIF neurons.

Training: SGD with Nesterov momentum 0.9 (lr 0.05, cosine annealing over the
epochs, weight decay 5e-4), batches of 128, random translations of up to 1
pixel. Reproducible: fixed seeds, single-threaded,
deterministic algorithms.
"""
import argparse
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist  # noqa: E402

SNN_DOMAIN = "ai.onnx.snn"


def lif_gain_bias(max_rate, intercept, tau_rc, tau_ref):
    """Nengo's LIF gain and bias for a maximum rate and an intercept."""
    j_max = 1.0 / (1.0 - math.exp((tau_ref - 1.0 / max_rate) / tau_rc))
    gain = (1.0 - j_max) / (intercept - 1.0)
    return gain, 1.0 - gain * intercept


class SoftLIFRateFn(torch.autograd.Function):
    """NengoDL's SoftLIFRate of J = gain * x + bias (NEURON-SEMANTICS.md),
    exported as one ONNX-SNN node."""

    @staticmethod
    def forward(ctx, x, sigma, tau_rc, tau_ref, amplitude, gain, bias):
        with torch.enable_grad():
            xd = x.detach().requires_grad_(True)
            y = soft_lif_rate(xd, sigma, tau_rc, tau_ref, amplitude, gain, bias)
        ctx.save_for_backward(xd, y)
        return y.detach()

    @staticmethod
    def backward(ctx, grad):
        xd, y = ctx.saved_tensors
        (gx,) = torch.autograd.grad(y, xd, grad)
        return gx, None, None, None, None, None, None

    @staticmethod
    def symbolic(g, x, sigma, tau_rc, tau_ref, amplitude, gain, bias):
        return g.op(
            SNN_DOMAIN + "::SoftLIFRate",
            x,
            sigma_f=sigma,
            tau_rc_f=tau_rc,
            tau_ref_f=tau_ref,
            amplitude_f=amplitude,
            gain_f=gain,
            bias_f=bias,
        )


def soft_lif_rate(x, sigma, tau_rc, tau_ref, amplitude, gain, bias):
    j = gain * x + bias - 1.0
    js = j / sigma
    smooth = js > -20.0
    # Both branches are evaluated; keep the unused one finite (also in its
    # gradient) by feeding it a clamped input.
    z = sigma * F.softplus(torch.where(smooth, js, torch.full_like(js, -20.0)),
                           threshold=30.0)
    q_smooth = torch.log1p(1.0 / z)
    q_tail = -js - math.log(sigma)
    q = torch.where(smooth, q_smooth, q_tail)
    return amplitude / (tau_ref + tau_rc * q)


class SoftLIFRate(nn.Module):
    def __init__(self, sigma=0.02, tau_rc=0.02, tau_ref=0.002, amplitude=0.01,
                 max_rate=100.0, intercept=0.0):
        super().__init__()
        gain, bias = lif_gain_bias(max_rate, intercept, tau_rc, tau_ref)
        self.params = (sigma, tau_rc, tau_ref, amplitude, gain, bias)

    def forward(self, x):
        return SoftLIFRateFn.apply(x, *self.params)


class LeNet5(nn.Module):
    def __init__(self, act):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.act1 = act()
        self.pool1 = nn.AvgPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.act2 = act()
        self.pool2 = nn.AvgPool2d(2)
        self.fc1 = nn.Linear(400, 120)
        self.act3 = act()
        self.fc2 = nn.Linear(120, 84)
        self.act4 = act()
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(self.act1(self.conv1(x)))
        x = self.pool2(self.act2(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = self.act3(self.fc1(x))
        x = self.act4(self.fc2(x))
        return self.fc3(x)


def shift(x, gen, max_shift=2):
    """Translates every image by a random offset of up to max_shift pixels
    (zero fill): the augmentation that lifts LeNet-5 past 99%."""
    b, _, h, w = x.shape
    padded = F.pad(x, (max_shift,) * 4)
    dy = torch.randint(0, 2 * max_shift + 1, (b,), generator=gen)
    dx = torch.randint(0, 2 * max_shift + 1, (b,), generator=gen)
    rows = (dy[:, None] + torch.arange(h))[:, :, None]
    cols = (dx[:, None] + torch.arange(w))[:, None, :]
    return padded[torch.arange(b)[:, None, None], 0, rows, cols][:, None]


def evaluate(model, images, labels, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = torch.from_numpy(images[i : i + batch]).float() / 255.0
            correct += (model(x).argmax(1).numpy() == labels[i : i + batch]).sum()
    return correct / len(images)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", default="build/mnist")
    p.add_argument("--activation", choices=["relu", "softlif"], default="relu")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", required=True, help="ONNX file to write")
    p.add_argument("--subset", type=int, default=1000,
                   help="also write the first N test images, labels and the "
                   "model's logits next to the ONNX file (0: none)")
    args = p.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    train_x, train_y = mnist.load(args.mnist, "train")
    test_x, test_y = mnist.load(args.mnist, "test")
    act = nn.ReLU if args.activation == "relu" else SoftLIFRate
    model = LeNet5(act)
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
    print(f"final test accuracy ({args.activation}): {100 * acc:.2f}% "
          f"on {len(test_x)} images")
    model.eval()
    dummy = torch.zeros(1, 1, 28, 28)
    kwargs = {}
    if args.activation == "softlif":
        kwargs["custom_opsets"] = {SNN_DOMAIN: 1}
    torch.onnx.export(model, dummy, args.out, opset_version=13,
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                      **kwargs)
    print(f"wrote {args.out}")
    if args.subset:
        base = os.path.splitext(args.out)[0]
        n = args.subset
        with torch.no_grad():
            logits = model(torch.from_numpy(test_x[:n]).float() / 255.0).numpy()
        np.save(base + f"-test{n}-logits.npy", logits.astype(np.float32))
        print(f"wrote {base}-test{n}-logits.npy")


if __name__ == "__main__":
    main()
