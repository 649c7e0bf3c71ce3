#!/usr/bin/env bash
# Model batches of spiking networks with and without tiles of samples
# (snn-tile-batch, docs/LOWERING.md "Tiles of a model batch").
#
# Usage: bench/batch_tiles.sh [build-dir] [--batch B] [--steps T]
#                             [--images N] [--zoo-images M] [--rounds R]
#                             [--models m1,m2] [--work DIR]
#
# For each model (lenet5: examples/lenet5, IF conversion as in bench/run.sh;
# vgg, resnet: examples/deep-mnist, the default conversion on statistics of
# the 1,000 bundled training images; any other name: a torchvision model of
# scripts/model_zoo.py, e.g. resnet18 or squeezenet1_1, random weights
# (seed 0), exported at 64x64 with a symbolic batch, made spiking with
# bench/zoo_bench.py's conversion on statistics of 16 random images, run on
# M random images, default 16), imported at batch 1 and at batch B,
# snn-run over N test images at T steps, rounds interleaved:
#   B=1, 2 workers        the reference (one sample per call)
#   B, 2 workers, whole   --batch-tile-bytes=0: every step over all B samples
#   B, 2 workers, tiles   the default: tiles one after another
#   B, 1 worker, whole    --jobs 1 --layer-threads 2 --batch-tile-bytes=0:
#                         threads inside the layers only
#   B, 1 worker, tiles    --jobs 1 --layer-threads 2: tiles on both threads
# Prints images/s per round, the best and the median, and whether each
# variant's outputs are the same bytes as the reference's. Models, inputs
# and outputs go to DIR (default build-dir/bench/batch-tiles).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
[[ $# -gt 0 && $1 != --* ]] && { build=$(cd "$1" && pwd); shift; }
batch=16 steps=50 images=1000 zoo_images=16 rounds=3 models=lenet5,vgg,resnet
work=
while [[ $# -gt 0 ]]; do
  case $1 in
    --batch) batch=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --images) images=$2; shift 2 ;;
    --zoo-images) zoo_images=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bin=$build/bin
for v in "$batch" "$steps" "$images" "$zoo_images" "$rounds"; do
  [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "--batch, --steps, --images, --zoo-images and --rounds take positive integers (got '$v')" >&2; exit 2; }
done
[[ -n $work ]] || work=$build/bench/batch-tiles
mkdir -p "$work"
PY=/usr/bin/python3

import_onnx() { # onnx batch out: remarks (a symbolic dimension bound) go to a
            # log, shown if the import fails
  "$bin/snn-translate" --import-onnx "$1" --onnx-dim batch="$2" --mlir-print-debuginfo \
      -o "$3" 2>"$3.log" || { cat "$3.log" >&2; return 1; }
}

convert() { # name ann stats out
  local conv
  if [[ $1 == lenet5 ]]; then
    conv="neuron=if if-integration=rectified initial-voltage=0 max-pool=after-neuron normalize-per-channel=false normalize=$3 synapse=0.001"
  elif [[ $1 != vgg && $1 != resnet ]]; then # bench/zoo_bench.py's CONVERT
    conv="neuron=if if-integration=rectified initial-voltage=0 max-pool=after-neuron normalize-per-channel=false normalize=$3 synapse=0.001 activations=relu,clip"
  else
    conv="neuron=if normalize=$3"
  fi
  "$bin/snn-opt" "$2" --mlir-print-debuginfo --convert-activations-to-spiking="$conv" -o "$4"
}

variants=("b1|--jobs 2" "whole|--jobs 2 --batch-tile-bytes=0" "tiles|--jobs 2"
  "whole-1w|--jobs 1 --layer-threads 2 --batch-tile-bytes=0" "tiles-1w|--jobs 1 --layer-threads 2")
for m in ${models//,/ }; do
  n=$(( images / batch * batch ))
  x=$root/examples/mnist/test-1000-images.npy train=$root/examples/mnist/train-1000-images.npy
  scale=0.00392156862745098
  case $m in
    lenet5) onnx=$root/examples/lenet5/lenet5.onnx ;;
    vgg|resnet) onnx=$root/examples/deep-mnist/$m.onnx ;;
    *) # A torchvision model, exported with a symbolic batch (a few seconds).
      onnx=$work/$m.onnx x=$work/$m-x.npy train=$work/$m-calib.npy scale=1
      n=$(( zoo_images / batch * batch ))
      $PY - "$root/scripts" "$m" "$onnx" "$x" "$train" "$zoo_images" <<'PYEOF' || exit 2
import sys, warnings
sys.path.insert(0, sys.argv[1])
import numpy as np
import torch
from model_zoo import build
name, onnx_path, x_path, calib_path, n = sys.argv[2:7]
try:
    model = build(name, 0)
except Exception as e:
    sys.exit("unknown model %s: %s" % (name, str(e).splitlines()[0]))
x = torch.randn(int(n), 3, 64, 64, generator=torch.Generator().manual_seed(1))
calib = torch.randn(16, 3, 64, 64, generator=torch.Generator().manual_seed(2))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    torch.onnx.export(model, x[:1], onnx_path, opset_version=13,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"},
                                    "output": {0: "batch"}})
np.save(x_path, x.numpy())
np.save(calib_path, calib.numpy())
PYEOF
      ;;
  esac
  (( n > 0 )) || { echo "$m: fewer images than one batch of $batch" >&2; exit 2; }
  # The ANN at batch 1 gives the statistics and the batch-1 SNN.
  import_onnx "$onnx" 1 "$work/$m-ann.mlir"
  import_onnx "$onnx" "$batch" "$work/$m-ann-b$batch.mlir"
  "$bin/snn-run" "$work/$m-ann.mlir" --input "$train" --input-scale $scale --no-progress --quiet \
    --stats-file "$work/$m-stats.json"
  convert "$m" "$work/$m-ann.mlir" "$work/$m-stats.json" "$work/$m-b1.mlir"
  convert "$m" "$work/$m-ann-b$batch.mlir" "$work/$m-stats.json" "$work/$m-b$batch.mlir"
  echo "== $m: batch $batch, T = $steps, $n images (images/s per round; best, median)"
  declare -A all=()
  for r in $(seq "$rounds"); do
    for v in "${variants[@]}"; do
      name=${v%%|*} flags=${v#*|}
      model=$work/$m-b$batch.mlir; [[ $name == b1 ]] && model=$work/$m-b1.mlir
      # shellcheck disable=SC2086
      ips=$("$bin/snn-run" "$model" --input "$x" --input-scale $scale --limit "$n" --steps "$steps" \
              --no-progress --output "$work/$m-$name.npy" $flags 2>&1 |
            sed -n 's/.*throughput: \([0-9.]*\) samples\/s.*/\1/p')
      all[$name]="${all[$name]:-} $ips"
    done
  done
  for v in "${variants[@]}"; do
    name=${v%%|*}
    same=same; cmp -s "$work/$m-$name.npy" "$work/$m-b1.npy" || same=DIFFERENT
    $PY -c "
import statistics, sys
v = [float(a) for a in sys.argv[3:]]
print('  %-9s %-58s %s  best %.1f  median %.1f  %s' % (sys.argv[1], sys.argv[2], ' '.join('%.1f' % a for a in v), max(v), statistics.median(v), '$same'))
" "$name" "${v#*|}" ${all[$name]}
  done
  unset all
done
