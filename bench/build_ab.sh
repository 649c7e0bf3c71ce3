#!/bin/bash
# Interleaved A/B of two builds of snn-run on the zoo's spiking models and
# the spiking LeNet-5, with ONNX Runtime's forward pass in the same rounds:
# how a change to the lowering moves the spiking step, on this VM whose
# speed drifts by more than such changes between runs.
#
#   bash bench/build_ab.sh BASE-BUILD [NEW-BUILD] [--rounds N] [--models a,b,...]
#                          [--no-lenet]
#
# BASE-BUILD and NEW-BUILD (default build) are build directories (their
# bin/snn-run). Needs the models of a previous `bench/zoo_bench.py` run in
# NEW-BUILD/bench/zoo (MODEL.snn.mlir, MODEL.snn-sparse.mlir, MODEL.xt.npy,
# MODEL.x.npy, MODEL.onnx), onnxruntime-node in NEW-BUILD/bench/node and,
# for LeNet-5, NEW-BUILD/bench/lenet5-if.mlir (both from bench/run.sh).
# For each round, model and spike rate (snn: the zoo's conversion;
# snn-sparse: its --sparse-rate conversion, 250 Hz) it runs the base
# snn-run and then the new one, one thread, T = 32, without the compile
# cache, and prints the median latency of a call (32 steps) in ms, their
# ratio (new/base below 1: the new build is faster) and ORT's median
# forward pass in ms; LeNet-5 (IF, T = 100, 1,000 MNIST test images, 2
# workers as in bench/run.sh) gives images/s (new/base above 1: faster).
# At the end it compares the two builds' outputs of the last round byte for
# byte.
set -u
base=
new=build
rounds=3
models=resnet18,mobilenet_v2,squeezenet1_1,vgg11_bn
lenet=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --no-lenet) lenet=0; shift ;;
    -*) echo "build_ab.sh: unknown option $1" >&2; exit 2 ;;
    *) if [[ -z $base ]]; then base=$1; else new=$1; fi; shift ;;
  esac
done
[[ -n $base ]] || { echo "usage: build_ab.sh BASE-BUILD [NEW-BUILD] [--rounds N] [--models a,b] [--no-lenet]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/ab_common.sh
source "$root/bench/ab_common.sh"
base=$(cd "$base" && pwd)
new=$(cd "$new" && pwd)
for b in "$base" "$new"; do
  [[ -x $b/bin/snn-run ]] || { echo "build_ab.sh: $b/bin/snn-run missing" >&2; exit 1; }
done
zoo=$new/bench/zoo
nm=$new/bench/node/node_modules
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for m in ${models//,/ }; do
  for f in $zoo/$m.snn.mlir $zoo/$m.snn-sparse.mlir $zoo/$m.xt.npy; do
    [[ -e $f ]] || { echo "build_ab.sh: $f missing (run bench/zoo_bench.py first)" >&2; exit 1; }
  done
done
lenet_model=$new/bench/lenet5-if.mlir
lenet_x=$root/examples/mnist/test-1000-images.npy
if [[ $lenet == 1 && ! -e $lenet_model ]]; then
  echo "build_ab.sh: $lenet_model missing (run bench/run.sh first); LeNet-5 skipped" >&2
  lenet=0
fi
echo "build A/B: $(date -u +%Y-%m-%dT%H:%MZ), base $base, new $new, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-14s %-8s %10s %10s %10s %10s\n' round model rate base new new/base ort
step() { # build model-file input limit steps output [extra...]
  local b=$1 model=$2 input=$3 limit=$4 steps=$5 output=$6
  shift 6
  "$b/bin/snn-run" "$model" --input "$input" --output "$output" --no-progress \
    --no-cache --limit "$limit" --steps "$steps" --dt 0.001 "$@" 2>&1
}
for ((r = 1; r <= rounds; r++)); do
  for m in ${models//,/ }; do
    limit=$(zoo_limit "$m")
    ort=$(ort_median_ms "$root" "$nm" "$zoo/$m.onnx" "$zoo/$m.x.npy")
    for v in snn snn-sparse; do
      row=()
      for side in base new; do
        b=$base
        [[ $side == new ]] && b=$new
        us=$(step "$b" "$zoo/$m.$v.mlir" "$zoo/$m.xt.npy" $limit 32 "$out/$m.$v.$side.npy" \
               --jobs 1 --layer-threads 1 |
             sed -n 's/.*call latency: median \([0-9.]*\) us.*/\1/p')
        if [[ -z $us ]]; then
          row+=(FAILED)
        else
          row+=("$(awk -v u="$us" 'BEGIN { printf "%.2f", u / 1000 }')")
        fi
      done
      ratio=$(awk -v a="${row[0]}" -v b="${row[1]}" 'BEGIN { if (a > 0 && b > 0) printf "%.3f", b / a; else print "-" }')
      rate=1000Hz
      [[ $v == snn-sparse ]] && rate=250Hz
      printf '%-6s %-14s %-8s %10s %10s %10s %10s\n' "$r" "$m" "$rate" "${row[@]}" "$ratio" "$ort"
    done
  done
  if [[ $lenet == 1 ]]; then
    row=()
    for side in base new; do
      b=$base
      [[ $side == new ]] && b=$new
      ips=$(step "$b" "$lenet_model" "$lenet_x" 1000 100 "$out/lenet5.$side.npy" \
              --input-scale 0.00392156862745098 --jobs 2 |
            sed -n 's/.*throughput: \([0-9.]*\) samples.*/\1/p')
      row+=("${ips:-FAILED}")
    done
    ratio=$(awk -v a="${row[0]}" -v b="${row[1]}" 'BEGIN { if (a > 0 && b > 0) printf "%.3f", b / a; else print "-" }')
    printf '%-6s %-14s %-8s %10s %10s %10s %10s\n' "$r" lenet5-if "img/s" "${row[@]}" "$ratio" -
  fi
done
echo "outputs of the last round, base against new:"
shopt -s nullglob
for f in "$out"/*.base.npy; do
  g=${f%.base.npy}.new.npy
  name=$(basename "${f%.base.npy}")
  if [[ ! -e $g ]]; then
    echo "  $name: no output from the new build"
  elif cmp -s "$f" "$g"; then
    echo "  $name: same bytes"
  else
    echo "  $name: DIFFERENT"
  fi
done
