#!/usr/bin/env bash
#===- bench/run.sh - the performance benchmark ---------------------------===#
#
# Usage: bench/run.sh [build-dir] [--images N] [--steps T] [--quick]
#                     [--no-resnet] [--resnet-llvmir] [--no-scaling]
#
# For the bundled LeNet-5 (IF and LIF) and the residual test model, over N
# MNIST test images (default 1000; the residual model gets N random inputs,
# seed 0), T steps of 1 ms (default 100), prints images/s and µs per
# image-step of: snn-run (JIT), the AOT build (when scripts/snn-aot.sh
# exists), the same spiking network in PyTorch (eager, batched, 2 threads),
# ONNX Runtime's ANN forward pass x T (median session.run latency, warm,
# batch 1, 2 and 1 threads), Nengo core (small sample, when `import nengo`
# works), and the dense-FLOP roofline (max of bench/roofline.c's FMA peak
# and numpy/torch sgemm, bench/sgemm.py); the agreement of
# every contender's predictions with snn-run's; the targets (PASS/MISS); the
# scaling with T (LeNet-5, and the deep MNIST VGG and ResNet), with the
# model batch size (the spiking LeNet-5 and its ANN), and ResNet-50's compile time and peak
# memory. docs/BENCHMARK.md explains every figure.
#
# --quick: 100 images, fewer PyTorch batch sizes, 20-image scaling runs (a
# smoke test; its ratios are not the benchmark's). --resnet-llvmir adds the
# translation of the lowered ResNet-50 to LLVM IR (minutes, ~3 GB, a 600 MB
# .ll deleted afterwards).
#
# Environment: BENCH_CONVERT_IF (one snn-opt argument, replaces the IF
# conversion below), NENGO_PATH (a nengo checkout to put on PYTHONPATH;
# default /tmp/nengo-src when it exists), BENCH_TORCH_THREADS (2).
#
#===----------------------------------------------------------------------===#
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build
if (( $# )) && [[ $1 != --* ]]; then build=$(cd "$1" && pwd); shift; fi
images=1000 steps=100 quick=0 resnet=1 scaling=1 llvmir=0
while (( $# )); do
  case $1 in
    --images) images=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --no-resnet) resnet=0; shift ;;
    --resnet-llvmir) llvmir=1; shift ;;
    --no-scaling) scaling=0; shift ;;
    -h|--help) sed -n '3,28p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
(( quick )) && images=100

#===----------------------------------------------------------------------===#
# THE IF CONVERSION (LeNet-5 IF and the residual model): data-based
# normalization (@STATS@ is each model's activation statistics, from
# snn-run --stats-file on calibration data: 1,000 MNIST training images for
# LeNet-5, other random inputs for the residual model) and a 1 ms synapse,
# as in docs/MNIST.md, with the rectified IF from 0, one scale per layer
# and max pools of spikes spelled out: the network bench/torch_snn.py
# rebuilds in PyTorch (the conversion's defaults changed since, issue 11).
# BENCH_CONVERT_IF replaces it (one snn-opt argument).
CONVERT_IF=(--convert-activations-to-spiking="neuron=if if-integration=rectified initial-voltage=0 max-pool=after-neuron normalize-per-channel=false normalize=@STATS@ synapse=0.001")
[[ -n ${BENCH_CONVERT_IF:-} ]] && CONVERT_IF=("$BENCH_CONVERT_IF")
# The LIF model: the SoftLIFRate-trained LeNet-5, its rate neurons made spiking.
CONVERT_LIF=(--convert-rate-to-spiking)
#===----------------------------------------------------------------------===#

PY=/usr/bin/python3
bin=$build/bin
work=$build/bench
mkdir -p "$work"
results=$work/results.tsv
: > "$results"
scale=0.00392156862745098 # uint8 pixels to [0, 1], as in training
dt=0.001
torch_threads=${BENCH_TORCH_THREADS:-2}
if (( quick )); then
  torch_batches=1,32,$images torch_max_s=5 nengo_n=5 scal_n=20 batch_n=20
else
  torch_batches=1,32,256,1000 torch_max_s=20 nengo_n=20 scal_n=200 batch_n=1000
  (( images > 1000 )) && torch_batches=$torch_batches,$images
fi
nengo_path=${NENGO_PATH:-/tmp/nengo-src}
log() { echo "$@" >&2; }
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$results"; }
kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" | head -1; } # key=value from a RESULT line
calc() { "$PY" -c "print($1)"; }
us_step() { calc "'%.3f' % (1e6 / ($1 * $2))"; } # images/s, steps

echo "snn-mlir benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores" \
     "($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "images: $images, steps: $steps of $dt s, work dir: $work"
echo "IF conversion: snn-opt ${CONVERT_IF[*]}"

#===- data ---------------------------------------------------------------===#
if (( images <= 1000 )); then
  x=$root/examples/mnist/test-1000-images.npy
  y=$root/examples/mnist/test-1000-labels.npy
else
  if ! bash "$root/scripts/fetch_mnist.sh" "$build/mnist" >/dev/null; then
    echo "bench: more than 1000 images need the MNIST test set (scripts/fetch_mnist.sh failed)"; exit 1
  fi
  "$PY" "$root/scripts/make_mnist_subset.py" --mnist "$build/mnist" --n 0 --out "$work" >/dev/null
  x=$work/test-10000-images.npy y=$work/test-10000-labels.npy
fi
"$PY" "$root/bench/models.py" random-input "$root/test/Target/ONNX/Inputs/residual.onnx" \
  "$images" 0 "$work/residual-inputs.npy"

#===- models -------------------------------------------------------------===#
opt() { "$bin/snn-opt" "$@"; }
set -e
trap 'echo "bench: preparing the models failed (bench/run.sh line $LINENO); nothing measured" >&2' ERR
# Converts $1 (imported ANN) to $2 with CONVERT_IF, calibrated on $3.
convert_if() {
  "$bin/snn-run" "$1" --input "$3" --input-scale "$4" --no-progress --quiet \
    --stats-file "$2.stats.json"
  opt "$1" --mlir-print-debuginfo "${CONVERT_IF[@]//@STATS@/$2.stats.json}" -o "$2"
}
"$bin/snn-translate" --import-onnx "$root/examples/lenet5/lenet5.onnx" --mlir-print-debuginfo \
  -o "$work/lenet5-if.ann.mlir" 2>/dev/null
convert_if "$work/lenet5-if.ann.mlir" "$work/lenet5-if.mlir" \
  "$root/examples/mnist/train-1000-images.npy" $scale
"$bin/snn-translate" --import-onnx "$root/examples/lenet5/lenet5-softlif.onnx" -o "$work/lenet5-lif.ann.mlir" 2>/dev/null
opt "$work/lenet5-lif.ann.mlir" "${CONVERT_LIF[@]}" -o "$work/lenet5-lif.mlir"
"$bin/snn-translate" --import-onnx "$root/test/Target/ONNX/Inputs/residual.onnx" --mlir-print-debuginfo \
  -o "$work/residual-if.ann.mlir" 2>/dev/null
"$PY" "$root/bench/models.py" random-input "$root/test/Target/ONNX/Inputs/residual.onnx" \
  200 1 "$work/residual-calibration.npy"
convert_if "$work/residual-if.ann.mlir" "$work/residual-if.mlir" "$work/residual-calibration.npy" 1
"$PY" "$root/bench/models.py" ort-model "$root/examples/lenet5/lenet5-softlif.onnx" "$work/lenet5-lif.ort.onnx"
cp "$root/examples/lenet5/lenet5.onnx" "$work/lenet5-if.ort.onnx"
cp "$root/test/Target/ONNX/Inputs/residual.onnx" "$work/residual-if.ort.onnx"
cc -O2 -march=native -pthread "$root/bench/roofline.c" -o "$work/roofline" 2>/dev/null ||
  cc -O2 -pthread "$root/bench/roofline.c" -o "$work/roofline"
set +e
trap - ERR

#===- tools that may be missing -------------------------------------------===#
threads_opt=0
"$bin/snn-run" --help 2>&1 | grep -q -- '--jobs' && threads_opt=1
node_modules=$work/node/node_modules
ort_ok=1
if [[ ! -e $node_modules/onnxruntime-node ]]; then
  log "bench: installing onnxruntime-node into $work/node"
  if ! npm install --prefix "$work/node" onnxruntime-node --ignore-scripts --no-audit --no-fund >"$work/npm.log" 2>&1; then
    ort_ok=0; ort_why="npm install onnxruntime-node failed (no network?), see $work/npm.log"
  fi
fi
nengo_ok=0
if PYTHONPATH=$nengo_path${PYTHONPATH:+:$PYTHONPATH} "$PY" -c "import nengo" 2>/dev/null; then
  nengo_ok=1; export PYTHONPATH=$nengo_path${PYTHONPATH:+:$PYTHONPATH}
fi
aot_ok=0
[[ -f $root/scripts/snn-aot.sh ]] && aot_ok=1

if (( ort_ok )); then
  echo "onnxruntime-node: $(sed -n 's/^ *"version": "\([^"]*\)".*/\1/p' \
    "$node_modules/onnxruntime-node/package.json" | head -1)"
fi
echo "== the roofline: peak FP32 FMA throughput (bench/roofline.c) and the best sgemm (bench/sgemm.py)"
echo "   load before: $(cut -d' ' -f1-3 /proc/loadavg)"
peak=$("$work/roofline")
echo "$peak" | grep -v '^VARIANT' | sed 's/^/   /'
echo "$peak" > "$work/roofline.log"
fma1=$(echo "$peak" | sed -n 's/^PEAK threads=1 mac_per_s=\([^ ]*\).*/\1/p')
fma2=$(echo "$peak" | sed -n 's/^PEAK threads=2 mac_per_s=\([^ ]*\).*/\1/p')
sgemm=$("$PY" "$root/bench/sgemm.py" 2>&1)
echo "$sgemm" | sed 's/^/   /'
sg1=$(echo "$sgemm" | sed -n 's/^SGEMM_BEST threads=1 mac_per_s=\([^ ]*\).*/\1/p')
sg2=$(echo "$sgemm" | sed -n 's/^SGEMM_BEST threads=2 mac_per_s=\([^ ]*\).*/\1/p')
# The roofline: max(FMA peak, best sgemm) per thread count; the 2-thread
# one at least the 1-thread one (two cores can do what one does; a lower
# 2-thread figure means the other core was busy).
maxof() { "$PY" -c "import sys; v=[float(a) for a in sys.argv[1:] if a]; print('%.4g' % max(v) if v else '')" "$@"; }
peak1=$(maxof "$fma1" "$sg1")
peak2=$(maxof "$fma2" "$sg2" "$peak1")
echo "   ROOFLINE threads=1 mac_per_s=$peak1 (FMA ${fma1:-?}, sgemm ${sg1:-?})"
echo "   ROOFLINE threads=2 mac_per_s=$peak2 (FMA ${fma2:-?}, sgemm ${sg2:-?})"
[[ -n $fma2 && -n $peak1 && $(calc "int($fma2 < 1.5 * $peak1)") == 1 ]] &&
  echo "   warning: the 2-thread FMA peak is under 1.5x the 1-thread roofline: the machine was not quiet"
echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#===- one model -----------------------------------------------------------===#
# snnrun MODEL OUTPUT [options...] -> "images/s" on stdout, the log in $work
snnrun() {
  local model=$1 out=$2; shift 2
  "$bin/snn-run" "$model" --no-progress --output "$out" "$@" > "$out.log" 2>&1 ||
    { log "snn-run $model failed: $(tail -3 "$out.log")"; return 1; }
  sed -n 's/.*throughput: \([0-9.]*\) samples\/s.*/\1/p' "$out.log"
}

bench_model() { # name onnx input scale labels
  local name=$1 onnx=$2 input=$3 sc=$4 labels=$5
  local m=$work/$name n=$images
  echo "== $name: $(basename "$onnx"), $n inputs, T = $steps"
  local lab=(); [[ -n $labels ]] && lab=(--labels "$labels")
  local common=(--input "$input" --input-scale "$sc" --limit "$n")

  # MACs
  local macs; macs=$("$PY" "$root/bench/models.py" macs "$onnx")
  local macs_total=${macs#macs_total=}; macs_total=${macs_total%% *}
  local macs_step=${macs##*macs_per_step=}
  echo "   MACs: $macs_total per dense forward pass, $macs_step in the time loop (the rest runs once)"

  # snn-run, ANN (reference of ONNX Runtime) and SNN
  local ann_ips snn_ips acc
  ann_ips=$(snnrun "$m.ann.mlir" "$m.ann.npy" "${common[@]}" "${lab[@]}")
  local snn_threads=()
  (( threads_opt )) && snn_threads=(--jobs 2)
  snn_ips=$(snnrun "$m.mlir" "$m.snn.npy" "${common[@]}" "${lab[@]}" --steps "$steps" --dt $dt "${snn_threads[@]}")
  if [[ -z $snn_ips ]]; then
    row "$name" "snn-run" - - - "FAILED: $(tail -1 "$m.snn.npy.log")"
  else
    acc=$(sed -n 's/^accuracy: \([0-9.]*%\).*/\1/p' "$m.snn.npy.log")
    local annagree; annagree=$("$PY" "$root/bench/models.py" agree "$m.snn.npy" "$m.ann.npy" | cut -d' ' -f3)
    row "$name" "snn-run" "$snn_ips" "$(us_step "$snn_ips" "$steps")" "reference" \
        "JIT${snn_threads:+, --jobs 2}${acc:+; accuracy $acc}; ANN/SNN agree ${annagree}%"
  fi
  if (( threads_opt )); then
    local one; one=$(snnrun "$m.mlir" "$m.snn1.npy" "${common[@]}" --steps "$steps" --dt $dt --jobs 1)
    [[ -n $one ]] && row "$name" "snn-run (--jobs 1)" "$one" "$(us_step "$one" "$steps")" \
      "$(agree "$m.snn1.npy" "$m.snn.npy")" ""
  fi
  [[ -n $ann_ips ]] && row "$name" "snn-run ANN x T (1 pass/image)" "$(calc "$ann_ips / $steps")" \
    "$(calc "'%.3f' % (1e6 / $ann_ips)")" "-" "the ANN once per image, JIT; rate / T"

  # AOT
  if (( aot_ok )); then
    local cname=${name//-/_} aotdir=$work/aot
    local uname=${cname^^}
    mkdir -p "$aotdir"
    if bash "$root/scripts/snn-aot.sh" "$m.mlir" "$aotdir" "$cname" > "$aotdir/$cname.log" 2>&1 &&
       { cc -O2 -DNAME="$cname" -DUNAME="$uname" -include "$aotdir/$cname.h" \
            "$root/bench/aot_bench.c" "$aotdir/$cname.o" -lm -o "$aotdir/$cname-bench" 2>>"$aotdir/$cname.log" ||
         cc -O2 -DNAME="$cname" -DUNAME="$uname" -include "$aotdir/$cname.h" \
            "$root/bench/aot_bench.c" "$aotdir/$cname.o" -L/usr/lib/llvm-22/lib \
            -Wl,-rpath,/usr/lib/llvm-22/lib -lmlir_c_runner_utils -lm -o "$aotdir/$cname-bench" 2>>"$aotdir/$cname.log"; } &&
       "$aotdir/$cname-bench" "$input" "$sc" "$n" "$steps" "$dt" "$aotdir/$cname.npy" > "$aotdir/$cname.run" 2>&1; then
      local aips; aips=$(sed -n 's/.*throughput: \([0-9.]*\) samples\/s.*/\1/p' "$aotdir/$cname.run")
      row "$name" "AOT (scripts/snn-aot.sh)" "$aips" "$(us_step "$aips" "$steps")" \
        "$(agree "$aotdir/$cname.npy" "$m.snn.npy")" "reset + run per image"
    else
      row "$name" "AOT (scripts/snn-aot.sh)" - - - "FAILED: $(tail -1 "$aotdir/$cname.log" "$aotdir/$cname.run" 2>/dev/null | tr '\n' ' ' | cut -c1-120)"
    fi
  else
    row "$name" "AOT" - - - "skipped (scripts/snn-aot.sh missing)"
  fi

  # PyTorch
  local tlog=$m.torch.log
  if OMP_NUM_THREADS=$torch_threads "$PY" "$root/bench/torch_snn.py" --onnx "$onnx" --mlir "$m.mlir" \
       "${common[@]}" --steps "$steps" --dt $dt --batch "$torch_batches" \
       --max-seconds "$torch_max_s" --threads "$torch_threads" \
       --output "$m.torch.npy" --compare "$m.snn.npy" > "$tlog" 2>&1; then
    local ag; ag=$(grep '^AGREEMENT' "$tlog")
    local agtxt="$(echo "$ag" | kv percent)% ($(echo "$ag" | kv matches)/$(echo "$ag" | kv total))"
    local best=0 bestb=
    while read -r line; do
      local b ips imgs; b=$(echo "$line" | kv batch); ips=$(echo "$line" | kv images_per_s)
      imgs=$(echo "$line" | kv images)
      row "$name" "pytorch (batch $b)" "$ips" "$(echo "$line" | kv us_per_image_step)" \
        "$( [[ $imgs == "$n" ]] && echo "$agtxt" || echo "-")" "timed on $imgs images"
      if [[ $(calc "int($ips > $best)") == 1 ]]; then best=$ips bestb=$b; fi
    done < <(grep '^RESULT' "$tlog")
    row "$name" "pytorch (best batch)" "$best" "$(us_step "$best" "$steps")" "$agtxt" \
      "batch $bestb, $torch_threads threads, max |diff| $(echo "$ag" | kv max_abs_diff)"
  else
    row "$name" "pytorch" - - - "FAILED: $(tail -1 "$tlog")"
  fi
  # the largest batch on one thread
  local big=${torch_batches##*,}
  if (( torch_threads != 1 )) &&
     OMP_NUM_THREADS=1 "$PY" "$root/bench/torch_snn.py" --onnx "$onnx" --mlir "$m.mlir" \
       "${common[@]}" --steps "$steps" --dt $dt --batch "$big" --threads 1 \
       --output "$m.torch1.npy" > "$m.torch1.log" 2>&1; then
    local line; line=$(grep '^RESULT' "$m.torch1.log" | tail -1)
    row "$name" "pytorch (batch $(echo "$line" | kv batch), 1 thread)" "$(echo "$line" | kv images_per_s)" \
      "$(echo "$line" | kv us_per_image_step)" "$(agree "$m.torch1.npy" "$m.snn.npy")" "1 thread"
  fi

  # ONNX Runtime, the ANN: median latency of session.run (warm, batch 1)
  # on 2 and 1 intra-op threads; the per-image loop (all N images, for the
  # predictions) and batches for information
  if (( ort_ok )); then
    local olog=$m.ort.log
    node "$root/bench/ort_ann.js" --model "$m.ort.onnx" --input "$input" --input-scale "$sc" \
      --limit "$n" --steps "$steps" --threads 2 --batch 1000 --node-modules "$node_modules" \
      --output "$m.ort.npy" > "$olog" 2>&1
    node "$root/bench/ort_ann.js" --model "$m.ort.onnx" --input "$input" --input-scale "$sc" \
      --limit "$n" --steps "$steps" --threads 1 --node-modules "$node_modules" \
      > "$m.ort1.log" 2>&1
    if grep -q '^RESULT mode=latency' "$olog"; then
      local oag; oag=$(agree "$m.ort.npy" "$m.ann.npy")
      local th lg line
      for th in 2 1; do
        lg=$olog; (( th == 1 )) && lg=$m.ort1.log
        line=$(grep '^RESULT mode=latency' "$lg")
        [[ -z $line ]] && { row "$name" "onnxruntime x T (median, $th thread$( (( th > 1 )) && echo s))" - - - "FAILED: $(tail -1 "$lg")"; continue; }
        row "$name" "onnxruntime x T (median, $th thread$( (( th > 1 )) && echo s))" "$(echo "$line" | kv ort_x_T_images_per_s)" \
          "$(echo "$line" | kv us_median)" "$( (( th == 2 )) && echo "$oag vs ANN" || echo -)" \
          "session.run median $(echo "$line" | kv us_median) us (p10 $(echo "$line" | kv us_p10), p90 $(echo "$line" | kv us_p90)), $(echo "$line" | kv runs) runs, warm, batch 1"
      done
      while read -r line; do
        local mode; mode=$(echo "$line" | kv mode)
        local label="onnxruntime x T (loop, 2 threads)"
        [[ $mode != per-image ]] && label="onnxruntime x T (${mode/batch/batch }, 2 threads)"
        row "$name" "$label" "$(echo "$line" | kv ort_x_T_images_per_s)" \
          "$(echo "$line" | kv ort_x_T_us_per_image_step)" "-" \
          "$(echo "$line" | kv us_per_image) us/image over $(echo "$line" | kv images) images"
      done < <(grep -e '^RESULT mode=per-image' -e '^RESULT mode=batch' "$olog")
      line=$(grep '^RESULT mode=per-image' "$m.ort1.log")
      [[ -n $line ]] && row "$name" "onnxruntime x T (loop, 1 thread)" \
        "$(echo "$line" | kv ort_x_T_images_per_s)" "$(echo "$line" | kv ort_x_T_us_per_image_step)" \
        "-" "$(echo "$line" | kv us_per_image) us/image over $(echo "$line" | kv images) images"
      grep '^NOTE' "$olog" | sed "s/^NOTE /   onnxruntime: /"
    else
      row "$name" "onnxruntime x T" - - - "FAILED: $(tail -1 "$olog")"
    fi
  else
    row "$name" "onnxruntime x T" - - - "skipped: $ort_why"
  fi

  # Nengo core
  if (( nengo_ok )); then
    local nlog=$m.nengo.log
    if "$bin/snn-translate" --emit-nengo "$m.mlir" -o "$m.nengo.py" > "$nlog" 2>&1 &&
       "$PY" "$root/bench/nengo_bench.py" "$m.nengo.py" --input "$input" --input-scale "$sc" \
         --limit "$nengo_n" --steps "$steps" --dt $dt --output "$m.nengo.npy" >> "$nlog" 2>&1; then
      local r; r=$(grep '^RESULT' "$nlog")
      row "$name" "nengo core (sample)" "$(echo "$r" | kv images_per_s)" \
        "$(echo "$r" | kv us_per_image_step)" "$(agree "$m.nengo.npy" "$m.snn.npy")" \
        "$(echo "$r" | kv images) images; build $(echo "$r" | kv build_seconds) s not counted"
    else
      row "$name" "nengo core" - - - "FAILED: $(grep -v Warn "$nlog" | tail -1)"
    fi
  else
    row "$name" "nengo core" - - - "skipped (not importable)"
  fi

  # Roofline
  if [[ -n $peak2 ]]; then
    row "$name" "roofline (dense MACs, 2 threads)" "$(calc "$peak2 / ($macs_total * $steps)")" \
      "$(calc "'%.3f' % (1e6 * $macs_total / $peak2)")" "-" "$macs_total MACs/step at $peak2 MAC/s (max of FMA peak, sgemm)"
    row "$name" "roofline (loop MACs, 2 threads)" "$(calc "$peak2 / ($macs_step * $steps)")" \
      "$(calc "'%.3f' % (1e6 * $macs_step / $peak2)")" "-" "$macs_step MACs/step (hoisted layers excluded)"
    row "$name" "roofline (dense MACs, 1 thread)" "$(calc "$peak1 / ($macs_total * $steps)")" \
      "$(calc "'%.3f' % (1e6 * $macs_total / $peak1)")" "-" "at $peak1 MAC/s (max of FMA peak, sgemm)"
  fi
}
agree() { # A B -> "P% (k/n)"
  "$PY" "$root/bench/models.py" agree "$1" "$2" | awk '{printf "%s%% (%s/%s)", $3, $1, $2}'
}

bench_model lenet5-if "$root/examples/lenet5/lenet5.onnx" "$x" "$scale" "$y"
bench_model lenet5-lif "$root/examples/lenet5/lenet5-softlif.onnx" "$x" "$scale" "$y"
bench_model residual-if "$root/test/Target/ONNX/Inputs/residual.onnx" "$work/residual-inputs.npy" 1 ""

echo
echo "==== results (images/s: higher is better; us/image-step = 1e6 / (images/s x T);"
echo "     agreement: argmax predictions equal to snn-run's on the same inputs)"
"$PY" "$root/bench/models.py" report "$results"
(( aot_ok )) || echo "aot: skipped (scripts/snn-aot.sh missing)"
(( nengo_ok )) || echo "nengo: skipped (not importable; NENGO_PATH=$nengo_path)"
(( ort_ok )) || echo "onnxruntime: skipped ($ort_why)"
(( threads_opt )) || echo "snn-run: no --jobs option; it runs on one thread"

#===- scaling -------------------------------------------------------------===#
if (( scaling )); then
  echo
  echo "==== scaling: snn-run, lenet5-if, $scal_n images (peak RSS from /usr/bin/time -v)"
  printf '  %6s %12s %16s %14s\n' T images/s us/image-step "peak RSS MB"
  declare -A us_t rss_t
  for t in 25 50 100 200; do
    /usr/bin/time -v "$bin/snn-run" "$work/lenet5-if.mlir" --input "$x" --input-scale "$scale" \
      --limit "$scal_n" --steps "$t" --dt $dt --no-progress > "$work/scale-T$t.log" 2>&1
    ips=$(sed -n 's/.*throughput: \([0-9.]*\) samples\/s.*/\1/p' "$work/scale-T$t.log")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/scale-T$t.log")
    if [[ -n $ips ]]; then
      printf '  %6s %12s %16s %14s\n' "$t" "$ips" "$(us_step "$ips" "$t")" "$(calc "'%.1f' % ($rss / 1024)")"
      us_t[$t]=$(us_step "$ips" "$t") rss_t[$t]=$rss
    else
      printf '  %6s FAILED: %s\n' "$t" "$(tail -1 "$work/scale-T$t.log")"
    fi
  done
  if [[ -n ${us_t[25]:-} && -n ${us_t[200]:-} ]]; then
    calc "'  time linear in T: us/image-step at T=200 / T=25 = %.2f  %s (flat within 25%%)' % (${us_t[200]} / ${us_t[25]}, 'PASS' if 0.75 <= ${us_t[200]} / ${us_t[25]} <= 1.25 else 'MISS')"
    calc "'  memory independent of T: peak RSS at T=200 / T=25 = %.3f  %s (within 5%%)' % (${rss_t[200]} / ${rss_t[25]}, 'PASS' if ${rss_t[200]} <= 1.05 * ${rss_t[25]} else 'MISS')"
  fi

  # The deep MNIST CNNs (examples/deep-mnist: BatchNorm, max pools, strided
  # residual blocks), converted with the defaults on statistics of the
  # 1,000 bundled training images, as in docs/MNIST.md: time per step flat
  # in T (issue 13, item 5).
  for deep in vgg resnet; do
    echo
    echo "==== scaling: snn-run, deep-mnist $deep (default IF conversion), $scal_n images"
    printf '  %6s %12s %16s\n' T images/s us/image-step
    d=$work/deep-$deep
    if ! { "$bin/snn-translate" --import-onnx "$root/examples/deep-mnist/$deep.onnx" \
             --mlir-print-debuginfo -o "$d-ann.mlir" &&
           "$bin/snn-run" "$d-ann.mlir" --input "$root/examples/mnist/train-1000-images.npy" \
             --input-scale "$scale" --no-progress --quiet --stats-file "$d-stats.json" &&
           "$bin/snn-opt" "$d-ann.mlir" --mlir-print-debuginfo -o "$d-snn.mlir" \
             --convert-activations-to-spiking="neuron=if normalize=$d-stats.json"; } > "$d.log" 2>&1; then
      echo "  FAILED: $(tail -1 "$d.log")"; continue
    fi
    declare -A us_d=()
    for t in 25 50 100; do
      ips=$(snnrun "$d-snn.mlir" "$d-T$t.npy" --input "$x" --input-scale "$scale" \
            --limit "$scal_n" --steps "$t" --dt $dt)
      if [[ -n ${ips:-} ]]; then
        printf '  %6s %12s %16s\n' "$t" "$ips" "$(us_step "$ips" "$t")"
        us_d[$t]=$(us_step "$ips" "$t")
      else
        printf '  %6s FAILED\n' "$t"
      fi
      ips=
    done
    if [[ -n ${us_d[25]:-} && -n ${us_d[100]:-} ]]; then
      calc "'  time linear in T: us/image-step at T=100 / T=25 = %.2f  %s (flat within 25%%)' % (${us_d[100]} / ${us_d[25]}, 'PASS' if 0.75 <= ${us_d[100]} / ${us_d[25]} <= 1.25 else 'MISS')"
    fi
  done

  echo
  echo "==== scaling: batch size (lenet5-if, T = $steps)"
  echo "  pytorch: see the 'pytorch (batch B)' rows above"
  printf '  %-28s %12s %16s %8s\n' "snn-run, model batch B" images/s us/image-step agree
  for b in 1 10 100; do
    (( b > images )) && continue
    # batch_n images: at B = 100, several calls per worker (200 would be one
    # each, mostly its first call's page faults).
    nb=$(( images / b * b )); (( nb > batch_n )) && nb=$(( (batch_n + b - 1) / b * b ))
    # The batch-1 model's statistics (the same activations, same names).
    "$bin/snn-translate" --import-onnx "$root/examples/lenet5/lenet5.onnx" --onnx-dim batch=$b \
        --mlir-print-debuginfo 2>/dev/null |
      opt --mlir-print-debuginfo "${CONVERT_IF[@]//@STATS@/$work/lenet5-if.mlir.stats.json}" \
        -o "$work/lenet5-if-b$b.mlir" &&
    ips=$(snnrun "$work/lenet5-if-b$b.mlir" "$work/lenet5-if-b$b.npy" --input "$x" \
          --input-scale "$scale" --limit "$nb" --steps "$steps" --dt $dt)
    if [[ -n ${ips:-} ]]; then
      printf '  %-28s %12s %16s %8s\n' "B = $b ($nb images)" "$ips" "$(us_step "$ips" "$steps")" \
        "$(agree "$work/lenet5-if-b$b.npy" "$work/lenet5-if.snn.npy" | cut -d' ' -f1)"
    else
      printf '  %-28s FAILED\n' "B = $b"
    fi
    ips=
    # The largest batch also without tiles of samples (the whole batch's
    # state through every step), and as one worker whose tiles run on both
    # cores (snn-tile-batch, docs/LOWERING.md).
    if (( b == 100 )); then
      extra= label=
      for extra in "--batch-tile-bytes=0" "--jobs 1"; do
        label="B = $b, $extra"
        ips=$(snnrun "$work/lenet5-if-b$b.mlir" "$work/lenet5-if-b$b-x.npy" --input "$x" \
              --input-scale "$scale" --limit "$nb" --steps "$steps" --dt $dt $extra)
        if [[ -n ${ips:-} ]]; then
          printf '  %-28s %12s %16s %8s\n' "$label" "$ips" "$(us_step "$ips" "$steps")" \
            "$(agree "$work/lenet5-if-b$b-x.npy" "$work/lenet5-if.snn.npy" | cut -d' ' -f1)"
        else
          printf '  %-28s FAILED\n' "$label"
        fi
        ips=
      done
    fi
  done
  # The ANN (one forward pass per image) at model batch B, over the test
  # images repeated to 20 x N (a pass takes ~10 us).
  printf '  %-28s %12s %16s %8s\n' "snn-run ANN, model batch B" images/s us/image agree
  "$PY" -c "import numpy as np; x = np.load('$x'); np.save('$work/ann-batch-images.npy', np.concatenate([x] * 20))"
  na=$(( images * 20 ))
  for b in 1 32; do
    nb=$(( na / b * b ))
    "$bin/snn-translate" --import-onnx "$root/examples/lenet5/lenet5.onnx" --onnx-dim batch=$b \
      -o "$work/lenet5-ann-b$b.mlir" &&
    ips=$(snnrun "$work/lenet5-ann-b$b.mlir" "$work/lenet5-ann-b$b.npy" \
          --input "$work/ann-batch-images.npy" --input-scale "$scale" --limit "$nb")
    if [[ -n ${ips:-} ]]; then
      printf '  %-28s %12s %16s %8s\n' "B = $b ($nb images)" "$ips" "$(calc "'%.3f' % (1e6 / $ips)")" \
        "$(agree "$work/lenet5-ann-b$b.npy" "$work/lenet5-ann-b1.npy" | cut -d' ' -f1)"
    else
      printf '  %-28s FAILED\n' "B = $b"
    fi
    ips=
  done
fi

#===- ResNet-50 compile time and memory -----------------------------------===#
if (( resnet )); then
  echo
  echo "==== ResNet-50: import -> convert (IF) -> lower, wall time and peak RSS"
  r=$work/resnet50
  if [[ ! -s $r.onnx ]]; then
    "$PY" "$root/bench/resnet50.py" "$r.onnx" 2>"$r.export.log" | sed 's/^/  /' ||
      echo "  export failed: $(tail -1 "$r.export.log")"
  fi
  if [[ -s $r.onnx ]]; then
    stage() { # label command...
      local label=$1; shift
      local lg=$r.${label%% *}.log
      /usr/bin/time -v "$@" > "$lg" 2>&1
      local rc=$? wall rss
      wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$lg")
      rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$lg")
      if (( rc == 0 )); then
        printf '  %-44s %10s %10s MB\n' "$label" "$wall" "$(calc "'%.0f' % ($rss / 1024)")"
      else
        printf '  %-44s FAILED: %s\n' "$label" "$(grep -v -e '^\s' "$lg" | tail -1)"
      fi
      return $rc
    }
    printf '  %-44s %10s %13s\n' stage "wall m:ss" "peak RSS"
    stage "import (snn-translate --import-onnx)" "$bin/snn-translate" --import-onnx "$r.onnx" -o "$r.mlir" &&
    # Without calibration data for this random-weight network, the IF
    # conversion without normalization (one scale more per layer would not
    # change the cost).
    stage "convert (snn-opt, IF conversion)" "$bin/snn-opt" "$r.mlir" \
      --convert-activations-to-spiking="neuron=if synapse=0.001" -o "$r.if.mlir" &&
    stage "lower (snn-opt --snn-lower-to-llvm)" "$bin/snn-opt" "$r.if.mlir" --snn-lower-to-llvm -o "$r.llvm.mlir" &&
    if (( llvmir )); then
      stage "llvmir (snn-translate --mlir-to-llvmir)" "$bin/snn-translate" --mlir-to-llvmir "$r.llvm.mlir" -o "$r.ll"
    else
      echo "  (LLVM IR translation not timed; --resnet-llvmir adds it)"
    fi
    rm -f "$r.mlir" "$r.if.mlir" "$r.llvm.mlir" "$r.ll" # ~200 MB each
  fi
fi
exit 0
