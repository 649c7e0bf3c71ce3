#!/usr/bin/python3
"""Writes the first N MNIST test images (uint8 [N, 1, 28, 28]) and labels
(int64 [N]) as .npy files: the bundled example data in examples/mnist.

  /usr/bin/python3 scripts/make_mnist_subset.py --mnist build/mnist --n 1000
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist  # noqa: E402

p = argparse.ArgumentParser(description=__doc__)
p.add_argument("--mnist", default="build/mnist")
p.add_argument("--n", type=int, default=1000)
p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..",
                                             "examples", "mnist"))
p.add_argument("--split", choices=["train", "test"], default="test")
args = p.parse_args()
images, labels = mnist.load(args.mnist, args.split)
n = len(images) if args.n <= 0 else args.n
os.makedirs(args.out, exist_ok=True)
tag = f"{args.split}-{n}"
np.save(os.path.join(args.out, f"{tag}-images.npy"), images[:n])
np.save(os.path.join(args.out, f"{tag}-labels.npy"), labels[:n])
print(f"wrote {tag}-images.npy and {tag}-labels.npy in {args.out}")
