#!/usr/bin/env bash
#===- mnist_eval.sh - accuracy of the bundled LeNet-5s on MNIST ----------===#
#
# Usage: scripts/mnist_eval.sh [build-dir] [images] [steps...]
#   images: how many MNIST test images (default 10000, the full test set,
#           fetched by scripts/fetch_mnist.sh; 1000 uses the bundled subset)
#   steps:  time steps of 1 ms for the spiking runs (default: 50)
#
# Prints the native accuracy of: the ReLU ANN; its IF conversion with
# data-based normalization (each layer's 99.9th-percentile activation, on
# 1,000 MNIST training images, fires at one spike per 1 ms step) and a 1 ms
# synapse, with the rectified IF from 0 and one scale per layer
# (if-integration=rectified initial-voltage=0 normalize-per-channel=false:
# the conversion's defaults when docs/MNIST.md's first table was made;
# LeNet-5 has no max pool); and the SoftLIFRate-trained LeNet-5 run with spiking LIF
# neurons (--convert-rate-to-spiking). scripts/accuracy_vs_steps.py makes the
# accuracy-versus-steps table with more conversions,
# scripts/mnist_accuracy_table.py the table of the current defaults.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
images=${2:-10000}
shift $(( $# > 2 ? 2 : $# ))
steps=("$@")
(( ${#steps[@]} )) || steps=(50)
bin=$build/bin
work=$build/mnist-eval
mkdir -p "$work"

if (( images <= 1000 )); then
  x=$root/examples/mnist/test-1000-images.npy
  y=$root/examples/mnist/test-1000-labels.npy
else
  bash "$root/scripts/fetch_mnist.sh" "$build/mnist" >/dev/null
  /usr/bin/python3 "$root/scripts/make_mnist_subset.py" --mnist "$build/mnist" \
    --n 0 --out "$work" >/dev/null
  x=$work/test-10000-images.npy
  y=$work/test-10000-labels.npy
fi
run() { # model [snn-run options...]
  "$bin/snn-run" "$1" --input "$x" --input-scale 0.00392156862745098 \
    --labels "$y" --limit "$images" --no-progress "${@:2}" |
    sed -n 's/^accuracy: \([0-9.]*%\).*/\1/p'
}

debug=--mlir-print-debuginfo
"$bin/snn-translate" --import-onnx "$root/examples/lenet5/lenet5.onnx" $debug \
  -o "$work/ann.mlir" 2>/dev/null
"$bin/snn-run" "$work/ann.mlir" --input "$root/examples/mnist/train-1000-images.npy" \
  --input-scale 0.00392156862745098 --no-progress --quiet \
  --stats-file "$work/stats.json"
"$bin/snn-opt" "$work/ann.mlir" $debug -o "$work/if.mlir" \
  --convert-activations-to-spiking="neuron=if if-integration=rectified initial-voltage=0 max-pool=after-neuron normalize=$work/stats.json normalize-per-channel=false synapse=0.001"
"$bin/snn-translate" --import-onnx "$root/examples/lenet5/lenet5-softlif.onnx" \
  $debug 2>/dev/null | "$bin/snn-opt" --convert-rate-to-spiking $debug -o "$work/lif.mlir"

echo "MNIST test images: $images"
echo "ANN (ReLU LeNet-5): $(run "$work/ann.mlir")"
for t in "${steps[@]}"; do
  echo "IF, normalized (p99.9) + 1 ms synapse, T=$t: $(run "$work/if.mlir" --steps "$t")"
  echo "LIF (SoftLIFRate-trained), T=$t: $(run "$work/lif.mlir" --steps "$t")"
done
