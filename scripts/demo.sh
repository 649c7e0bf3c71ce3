#!/usr/bin/env bash
#===- demo.sh - the main job on the bundled example ----------------------===#
#
# Usage: scripts/demo.sh [build-dir] [steps]
#   (files go to build-dir/demo, or to $SNN_DEMO_WORK when set)
#
# The bundled LeNet-5 (examples/lenet5/lenet5.onnx, trained on MNIST) goes
# ONNX -> MLIR (TOSA) -> spiking network (IF neurons, data-based
# normalization) -> native code, and runs on the bundled 1,000 MNIST test
# images (examples/mnist): first the ANN, then the spiking network, each
# JIT-compiled by snn-run. The normalization is calibrated on the bundled
# 1,000 MNIST training images.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
steps=${2:-50}
bin=$build/bin
work=${SNN_DEMO_WORK:-$build/demo}
mkdir -p "$work"

images=$root/examples/mnist/test-1000-images.npy
labels=$root/examples/mnist/test-1000-labels.npy
calibration=$root/examples/mnist/train-1000-images.npy
scale=0.00392156862745098 # uint8 pixels to [0, 1], as in training
# --mlir-print-debuginfo keeps the ONNX node names (locations) between tools:
# the statistics and the populations are named after them.
debug=--mlir-print-debuginfo

echo "== 1. import: snn-translate --import-onnx examples/lenet5/lenet5.onnx"
"$bin/snn-translate" --import-onnx "$root/examples/lenet5/lenet5.onnx" $debug \
  -o "$work/lenet5.mlir"
echo "   $(grep -c '= tosa\.' "$work/lenet5.mlir") TOSA ops -> $work/lenet5.mlir"

echo "== 2. calibrate: snn-run --stats on 1,000 MNIST training images"
"$bin/snn-run" "$work/lenet5.mlir" --input "$calibration" --input-scale $scale \
  --no-progress --stats --stats-file "$work/stats.json" | grep -v '^model:\|^samples:\|^compile:\|^threads:' 

# Data-based normalization: each channel's 99.9th-percentile activation
# fires at 1000 Hz (one spike per 1 ms step); a 1 ms synapse filters each
# layer's spikes. The IF neurons and the normalization are the conversion's
# defaults: signed integration from half the threshold, one scale per
# channel (docs/MNIST.md, "Deep CNNs").
convert="neuron=if normalize=$work/stats.json synapse=0.001"
echo "== 3. convert: snn-opt --convert-activations-to-spiking{$convert}"
"$bin/snn-opt" "$work/lenet5.mlir" $debug \
  --convert-activations-to-spiking="$convert" -o "$work/lenet5-if.mlir"
echo "   $(grep -c '= snn\.if' "$work/lenet5-if.mlir") populations of IF neurons -> $work/lenet5-if.mlir"

echo "== 4. run the ANN natively: snn-run"
"$bin/snn-run" "$work/lenet5.mlir" --input "$images" --input-scale $scale \
  --labels "$labels" --output "$work/ann-logits.npy" | tee "$work/ann.log"

echo "== 5. run the spiking network natively for $steps steps of 1 ms: snn-run"
"$bin/snn-run" "$work/lenet5-if.mlir" --input "$images" --input-scale $scale \
  --labels "$labels" --steps "$steps" --dt 0.001 --stats \
  --output "$work/snn-logits.npy" | tee "$work/snn.log"

accuracy() { sed -n 's/^accuracy: \([0-9.]*%\).*/\1/p' "$1"; }
throughput() { sed -n 's/.*throughput: \([0-9.]* samples\/s\).*/\1/p' "$1"; }
echo "== summary (1,000 MNIST test images)"
echo "   ANN accuracy:     $(accuracy "$work/ann.log")  ($(throughput "$work/ann.log"))"
echo "   spiking accuracy: $(accuracy "$work/snn.log")  ($steps steps of 1 ms, IF neurons, $(throughput "$work/snn.log"))"
