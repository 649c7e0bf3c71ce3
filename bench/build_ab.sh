#!/bin/bash
# Interleaved A/B of two builds of snn-run on the zoo's spiking models and
# the spiking LeNet-5, with ONNX Runtime's forward pass in the same rounds:
# how a change to the lowering moves the spiking step, on this VM whose
# speed drifts by more than such changes between runs.
#
#   bash bench/build_ab.sh BASE-BUILD [NEW-BUILD] [--rounds N] [--models a,b,...]
#                          [--no-lenet] [--lenet-jobs N] [--images N]
#                          [--variants snn,snn-sparse,ann] [--threads K]
#
# BASE-BUILD and NEW-BUILD (default build) are build directories (their
# bin/snn-run). Needs the models of a previous `bench/zoo_bench.py` run in
# NEW-BUILD/bench/zoo (MODEL.snn.mlir, MODEL.snn-sparse.mlir, MODEL.xt.npy,
# MODEL.x.npy, MODEL.onnx), onnxruntime-node in NEW-BUILD/bench/node and,
# for LeNet-5, NEW-BUILD/bench/lenet5-if.mlir and lenet5-lif.mlir (both
# from bench/run.sh; a missing one is skipped).
# For each round, model and spike rate (snn: the zoo's conversion;
# snn-sparse: its --sparse-rate conversion, 250 Hz) it runs the base
# snn-run and then the new one, --threads threads (one by default), T = 32, without the compile
# cache, and prints the median latency of a call (32 steps) in ms, their
# ratio (new/base below 1: the new build is faster) and ORT's median
# forward pass in ms; LeNet-5 (IF and LIF, T = 100, 1,000 MNIST test
# images, --lenet-jobs workers: 2 as in bench/run.sh by default) gives
# images/s (new/base above 1: faster). --models '' runs LeNet-5 only.
# --images N: images per zoo run (default 16, VGG-11 4). --variants: which
# of the zoo's models run (default snn,snn-sparse; ann: the imported ANN,
# MODEL.ann.mlir, one call per image, rate column "ann"). --threads K: the
# zoo runs' --layer-threads (threads inside each layer, one image at a
# time) and ORT's intra-op threads (default 1). At the end it
# prints, per model and rate, the best of the rounds of each build (the
# least ms, the most images/s: the runs least disturbed by the VM) and
# their ratio, and compares the two builds' outputs of the last round byte
# for byte.
set -u
base=
new=build
rounds=3
models=resnet18,mobilenet_v2,squeezenet1_1,vgg11_bn
lenet=1
lenet_jobs=2
images=
variants=snn,snn-sparse
threads=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --no-lenet) lenet=0; shift ;;
    --lenet-jobs) lenet_jobs=$2; shift 2 ;;
    --images) images=$2; shift 2 ;;
    --variants) variants=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -*) echo "build_ab.sh: unknown option $1" >&2; exit 2 ;;
    *) if [[ -z $base ]]; then base=$1; else new=$1; fi; shift ;;
  esac
done
[[ -n $base ]] || { echo "usage: build_ab.sh BASE-BUILD [NEW-BUILD] [--rounds N] [--models a,b] [--no-lenet] [--lenet-jobs N] [--images N] [--variants snn,snn-sparse,ann] [--threads K]" >&2; exit 2; }
for v in ${variants//,/ }; do
  case $v in
    snn | snn-sparse | ann) ;;
    *) echo "build_ab.sh: unknown variant $v (snn, snn-sparse, ann)" >&2; exit 2 ;;
  esac
done
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
  for f in $zoo/$m.xt.npy; do
    [[ -e $f ]] || { echo "build_ab.sh: $f missing (run bench/zoo_bench.py first)" >&2; exit 1; }
  done
  for v in ${variants//,/ }; do
    [[ -e $zoo/$m.$v.mlir ]] || { echo "build_ab.sh: $zoo/$m.$v.mlir missing (run bench/zoo_bench.py first)" >&2; exit 1; }
  done
done
lenet_x=$root/examples/mnist/test-1000-images.npy
lenets=()
if [[ $lenet == 1 ]]; then
  for l in lenet5-if lenet5-lif; do
    if [[ -e $new/bench/$l.mlir ]]; then
      lenets+=("$l")
    else
      echo "build_ab.sh: $new/bench/$l.mlir missing (run bench/run.sh first); skipped" >&2
    fi
  done
fi
echo "build A/B: $(date -u +%Y-%m-%dT%H:%MZ), base $base, new $new, zoo threads $threads, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-14s %-8s %10s %10s %10s %10s\n' round model rate base new new/base ort
step() { # build model-file input limit steps output [extra...]; steps 0: an ANN
  local b=$1 model=$2 input=$3 limit=$4 steps=$5 output=$6 time=()
  shift 6
  [[ $steps -gt 0 ]] && time=(--steps "$steps" --dt 0.001)
  "$b/bin/snn-run" "$model" --input "$input" --output "$output" --no-progress \
    --no-cache --limit "$limit" "${time[@]}" "$@" 2>&1
}
for ((r = 1; r <= rounds; r++)); do
  for m in ${models//,/ }; do
    limit=${images:-$(zoo_limit "$m")}
    ort=$(ort_median_ms "$root" "$nm" "$zoo/$m.onnx" "$zoo/$m.x.npy" "$threads")
    for v in ${variants//,/ }; do
      steps=32
      [[ $v == ann ]] && steps=0
      row=()
      for side in base new; do
        b=$base
        [[ $side == new ]] && b=$new
        us=$(step "$b" "$zoo/$m.$v.mlir" "$zoo/$m.xt.npy" $limit $steps "$out/$m.$v.$side.npy" \
               --jobs 1 --layer-threads "$threads" |
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
      [[ $v == ann ]] && rate=ann
      printf '%-6s %-14s %-8s %10s %10s %10s %10s\n' "$r" "$m" "$rate" "${row[@]}" "$ratio" "$ort" |
        tee -a "$out/rows"
    done
  done
  for l in "${lenets[@]}"; do
    row=()
    for side in base new; do
      b=$base
      [[ $side == new ]] && b=$new
      ips=$(step "$b" "$new/bench/$l.mlir" "$lenet_x" 1000 100 "$out/$l.$side.npy" \
              --input-scale 0.00392156862745098 --jobs "$lenet_jobs" |
            sed -n 's/.*throughput: \([0-9.]*\) samples.*/\1/p')
      row+=("${ips:-FAILED}")
    done
    ratio=$(awk -v a="${row[0]}" -v b="${row[1]}" 'BEGIN { if (a > 0 && b > 0) printf "%.3f", b / a; else print "-" }')
    printf '%-6s %-14s %-8s %10s %10s %10s %10s\n' "$r" "$l" "img/s" "${row[@]}" "$ratio" - |
      tee -a "$out/rows"
  done
done
echo "best of $rounds rounds (ms: least, img/s: most), base against new:"
awk '$4 != "FAILED" && $5 != "FAILED" {
       k = $2 " " $3; more = ($3 == "img/s")
       if (!(k in b)) { order[++n] = k; b[k] = $4; w[k] = $5 }
       if (more ? $4 > b[k] : $4 < b[k]) b[k] = $4
       if (more ? $5 > w[k] : $5 < w[k]) w[k] = $5
     }
     END { for (i = 1; i <= n; i++) { k = order[i]; split(k, p, " ")
             printf "  %-14s %-8s %10s %10s %10.3f\n", p[1], p[2], b[k], w[k], w[k] / b[k] } }' "$out/rows"
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
