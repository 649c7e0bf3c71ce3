#!/usr/bin/env bash
#===- snn-aot.sh - compile a network ahead of time: object + C header ------===#
#
# Usage: scripts/snn-aot.sh [--mcpu=CPU] [--time=OPTIONS] MODEL OUTDIR NAME
#                           [SNN-OPT-ARG...]
#
# MODEL is an .onnx file (imported with snn-translate --import-onnx) or an
# .mlir file (level 1 or 2: an ANN or a spiking network). The SNN-OPT-ARGs
# run on it first (e.g. a conversion:
# '--convert-activations-to-spiking=neuron=if scale-firing-rates=200'); then
#
#   snn-opt --snn-materialize-time="state=external OPTIONS"   -> NAME.mlir
#   snn-translate --emit-c-header --c-api-name=NAME           -> NAME.h
#   snn-run --emit-object --opt-level 3 --mcpu=CPU            -> NAME.o
#
# (snn-run lowers as --snn-lower-to-llvm=results-to-out-params, optimizes
# at O3 and compiles in memory, the weights as raw bytes: no textual LLVM
# IR, so big models take seconds; only _mlir_ciface_<fn> is exported.)
#
# --time=OPTIONS: more options of --snn-materialize-time (e.g.
# "decode=lowpass decode-tau=0.01"). --mcpu=CPU: the target CPU; default
# `native` (the host, as snn-run's JIT), `x86-64` for an object that runs on
# any x86-64 ($SNN_AOT_TRIPLE: another triple of the host's architecture).
# Link: cc app.c OUTDIR/NAME.o -lm, plus MLIR's C runner utilities
# (-lmlir_c_runner_utils) when the object needs them, e.g. memrefCopy, and
# LLVM's OpenMP runtime (-lomp) when it has parallel loops: the script
# prints the link line (docs/AOT.md).
#
# Tools: snn-opt, snn-translate and snn-run from $SNN_BIN_DIR, else from
# PATH, else from build/bin; llvm-nm from $LLVM_BIN_DIR
# (/usr/lib/llvm-22/bin).
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  sed -n '3,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

mcpu=native
time_options=
while [[ $# -gt 0 ]]; do
  case $1 in
    --mcpu=*) mcpu=${1#--mcpu=}; shift ;;
    --time=*) time_options=${1#--time=}; shift ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[[ $# -ge 3 ]] || usage
model=$1 outdir=$2 name=$3
shift 3
if [[ ! $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
  echo "snn-aot.sh: NAME '$name' is not a C identifier" >&2
  exit 2
fi

if [[ -n ${SNN_BIN_DIR:-} ]]; then
  bin=$SNN_BIN_DIR
elif command -v snn-opt >/dev/null && command -v snn-translate >/dev/null &&
     command -v snn-run >/dev/null; then
  bin=$(dirname "$(command -v snn-run)")
else
  bin=$root/build/bin
fi
snn_opt=$bin/snn-opt snn_translate=$bin/snn-translate snn_run=$bin/snn-run
llvm_bin=${LLVM_BIN_DIR:-/usr/lib/llvm-22/bin}

mkdir -p "$outdir"
base=$outdir/$name

# 1. Import (ONNX), the caller's passes, and the time loop with the state
#    as arguments and results (level 3, tensors).
input=$model
if [[ $model == *.onnx ]]; then
  "$snn_translate" --import-onnx "$model" -o "$base.ann.mlir"
  input=$base.ann.mlir
fi
"$snn_opt" "$input" "$@" \
  --snn-materialize-time="state=external${time_options:+ $time_options}" \
  -o "$base.mlir"

# 2. The C header, from the level-3 signature.
"$snn_translate" --emit-c-header --c-api-name="$name" "$base.mlir" \
  -o "$base.h"
fn=$(sed -n 's/^extern void _mlir_ciface_\([A-Za-z0-9_]*\)(.*/\1/p' "$base.h")

# 3. Lowered with the results as out-parameters (materialize-time has
#    nothing left to do in the pipeline), optimized at O3 for the CPU and
#    compiled to a position-independent object that exports only the C
#    interface (so that the function itself, e.g. @main, does not clash with
#    the caller's symbols), the weights inside as raw bytes.
target=(--mcpu="$mcpu")
[[ -n ${SNN_AOT_TRIPLE:-} ]] && target+=(--mtriple="$SNN_AOT_TRIPLE")
"$snn_run" "$base.mlir" --entry="$fn" --emit-object="$base.o" \
  --opt-level=3 "${target[@]}" --quiet

# 4. What the object needs from outside (libc's malloc/free, libm, and
#    MLIR's C runner utilities, e.g. memrefCopy for strided copies).
undefined=$("$llvm_bin/llvm-nm" --undefined-only --format=just-symbols \
  "$base.o" | tr '\n' ' ')
echo "snn-aot.sh: wrote $base.o and $base.h (API snn_${name}_*, entry" \
  "_mlir_ciface_$fn, -mcpu=$mcpu); undefined symbols: ${undefined:-none}"
# The runtime library is needed when the object uses one of its symbols
# (memrefCopy at least, when the library cannot be read).
mlir_lib_dir=${MLIR_LIB_DIR:-$(dirname "$llvm_bin")/lib}
runtime=$mlir_lib_dir/libmlir_c_runner_utils.so
needs_runtime=false
if [[ -r $runtime ]]; then
  provided=$("$llvm_bin/llvm-nm" -D --defined-only --format=just-symbols \
    "$runtime" 2>/dev/null || true)
  for symbol in $undefined; do
    if grep -qxF -- "$symbol" <<<"$provided"; then
      needs_runtime=true
      break
    fi
  done
fi
if [[ " $undefined " == *" memrefCopy "* ]]; then
  needs_runtime=true
fi
# LLVM's OpenMP runtime when the object has parallel loops (threads inside
# layers, or a batch's tiles in parallel: compiled when the host has
# several cores); the object then runs on OMP_NUM_THREADS threads.
omp=
if [[ " $undefined " == *" __kmpc_"* ]]; then
  omp=" -L$mlir_lib_dir -lomp -Wl,-rpath,$mlir_lib_dir"
fi
if $needs_runtime; then
  echo "snn-aot.sh: link with: cc app.c $base.o -L$mlir_lib_dir" \
    "-lmlir_c_runner_utils -Wl,-rpath,$mlir_lib_dir$omp -lm"
else
  echo "snn-aot.sh: link with: cc app.c $base.o$omp -lm"
fi
