#!/usr/bin/env bash
#===- demo.sh - the main job on the bundled example ----------------------===#
#
# Usage: scripts/demo.sh [build-dir] [steps]
#
# The bundled LeNet-5 (examples/lenet5/lenet5.onnx, trained on MNIST) goes
# ONNX -> MLIR (TOSA) -> spiking network (IF neurons) -> native code, and runs
# on the bundled 1,000 MNIST test images (examples/mnist): first the ANN,
# then the spiking network, each JIT-compiled by snn-run.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
steps=${2:-50}
bin=$build/bin
work=$build/demo
mkdir -p "$work"

images=$root/examples/mnist/test-1000-images.npy
labels=$root/examples/mnist/test-1000-labels.npy
scale=0.00392156862745098 # uint8 pixels to [0, 1], as in training

echo "== 1. import: snn-translate --import-onnx examples/lenet5/lenet5.onnx"
"$bin/snn-translate" --import-onnx "$root/examples/lenet5/lenet5.onnx" \
  -o "$work/lenet5.mlir"
echo "   $(grep -c 'tosa\.' "$work/lenet5.mlir") TOSA ops -> $work/lenet5.mlir"

# Rate scaling s (Nengo's scale_firing_rates): IF neurons fire s times as
# often, with amplitude 1/s, so the mean output is still ReLU's.
echo "== 2. convert: snn-opt --convert-activations-to-spiking{neuron=if scale-firing-rates=200}"
"$bin/snn-opt" "$work/lenet5.mlir" \
  --convert-activations-to-spiking="neuron=if scale-firing-rates=200" \
  -o "$work/lenet5-if.mlir"
echo "   $(grep -c 'snn\.if' "$work/lenet5-if.mlir") populations of IF neurons -> $work/lenet5-if.mlir"

echo "== 3. run the ANN natively: snn-run"
"$bin/snn-run" "$work/lenet5.mlir" --input "$images" --input-scale $scale \
  --labels "$labels" --output "$work/ann-logits.npy"

echo "== 4. run the spiking network natively for $steps steps of 1 ms: snn-run"
"$bin/snn-run" "$work/lenet5-if.mlir" --input "$images" --input-scale $scale \
  --labels "$labels" --steps "$steps" --dt 0.001 --output "$work/snn-logits.npy"
