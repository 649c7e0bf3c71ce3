"""MNIST idx files as numpy arrays (see scripts/fetch_mnist.sh)."""
import gzip
import os

import numpy as np


def _open(path):
    if os.path.exists(path):
        return open(path, "rb")
    if os.path.exists(path + ".gz"):
        return gzip.open(path + ".gz", "rb")
    raise FileNotFoundError(f"{path} not found; run scripts/fetch_mnist.sh first")


def read_idx(path):
    """Reads an idx file (ubyte images or labels) into a numpy array."""
    with _open(path) as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    if magic >> 8 != 0x08:  # unsigned byte data
        raise ValueError(f"{path}: unsupported idx type {magic:#x}")
    ndim = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    arr = np.frombuffer(data, np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(dims)


def load(directory, split):
    """Returns (images uint8 [N, 1, 28, 28], labels int64 [N]) of a split
    ("train" or "test")."""
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(os.path.join(directory, f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(os.path.join(directory, f"{prefix}-labels-idx1-ubyte"))
    return images[:, None, :, :].copy(), labels.astype(np.int64)
