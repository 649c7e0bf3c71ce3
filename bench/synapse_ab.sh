#!/bin/bash
# Interleaved A/B of the synapse stages of the native lowering
# (docs/LOWERING.md: snn-sink-synapses, snn-delta-max-pool) on the zoo's
# spiking models, with ONNX Runtime's forward pass in the same rounds.
#
#   bash bench/synapse_ab.sh [build-dir] [--rounds N] [--models a,b,...]
#
# Needs the models of a previous `bench/zoo_bench.py` run (its work dir,
# BUILD/bench/zoo: MODEL.snn.mlir, MODEL.snn-sparse.mlir, MODEL.xt.npy,
# MODEL.x.npy, MODEL.onnx) and onnxruntime-node in BUILD/bench/node (from
# bench/run.sh). For each round, model and spike rate (snn: the zoo's
# conversion; snn-sparse: its --sparse-rate conversion, 250 Hz) it runs
# snn-run three ways, one thread, T = 32:
#   all       the default lowering
#   no-delta  --delta-max-pool=false (the filter move only)
#   none      --sink-synapses=false (the filters where the model has them)
# and prints the median latency of a call (32 steps) in ms, then ORT's
# median forward pass in ms. Compare within a round: this VM drifts.
set -u
build=build
rounds=3
models=resnet18,squeezenet1_1,vgg11_bn
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    -*) echo "synapse_ab.sh: unknown option $1" >&2; exit 2 ;;
    *) build=$1; shift ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/ab_common.sh
source "$root/bench/ab_common.sh"
build=$(cd "$build" && pwd)
zoo=$build/bench/zoo
nm=$build/bench/node/node_modules
run=$build/bin/snn-run
for m in ${models//,/ }; do
  for f in $zoo/$m.snn.mlir $zoo/$m.snn-sparse.mlir $zoo/$m.xt.npy; do
    [[ -e $f ]] || { echo "synapse_ab.sh: $f missing (run bench/zoo_bench.py first)" >&2; exit 1; }
  done
done
echo "synapse A/B: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-14s %-11s %10s %10s %10s %10s\n' round model rate all no-delta none ort
for ((r = 1; r <= rounds; r++)); do
  for m in ${models//,/ }; do
    limit=$(zoo_limit "$m")
    ort=$(ort_median_ms "$root" "$nm" "$zoo/$m.onnx" "$zoo/$m.x.npy")
    for v in snn snn-sparse; do
      row=()
      for flags in "" "--delta-max-pool=false" "--sink-synapses=false"; do
        # shellcheck disable=SC2086
        us=$("$run" "$zoo/$m.$v.mlir" --input "$zoo/$m.xt.npy" --output /dev/null \
               --no-progress --no-cache --jobs 1 --layer-threads 1 --limit $limit \
               --steps 32 --dt 0.001 $flags 2>&1 |
             sed -n 's/.*call latency: median \([0-9.]*\) us.*/\1/p')
        row+=("$(awk -v u="${us:-0}" 'BEGIN { printf "%.2f", u / 1000 }')")
      done
      rate=1000Hz
      [[ $v == snn-sparse ]] && rate=250Hz
      printf '%-6s %-14s %-11s %10s %10s %10s %10s\n' "$r" "$m" "$rate" "${row[@]}" "$ort"
    done
  done
done
