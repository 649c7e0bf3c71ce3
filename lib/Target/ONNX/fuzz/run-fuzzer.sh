#!/usr/bin/env bash
#===- run-fuzzer.sh - fuzz the ONNX importer ------------------------------===#
#
# Usage: lib/Target/ONNX/fuzz/run-fuzzer.sh <build-dir> [seconds] [jobs]
#
# Needs a build configured with -DSNN_ENABLE_ONNX_FUZZER=ON (clang-22 and
# Debian's libclang-rt-22-dev). The seed corpus is made of the importer's
# test models: the binary models under test/Target/ONNX/Inputs, the
# text-format tests (prefixed with an odd byte, which selects the text
# parser) and, when installed, the libonnx-testdata node test models.
# Crashing inputs land in <build-dir>/onnx-fuzz/artifacts; keep each as a
# regression test under test/Target/ONNX once fixed.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
build=${1:?usage: run-fuzzer.sh <build-dir> [seconds] [jobs]}
seconds=${2:-1800}
jobs=${3:-1}
fuzzer=$build/bin/snn-onnx-import-fuzzer
work=$build/onnx-fuzz
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"

# Binary models: a leading even byte selects the binary parser.
for f in "$root"/test/Target/ONNX/Inputs/*.onnx \
         /usr/share/libonnx-testdata/data/node/test_*/model.onnx; do
  [[ -f $f ]] || continue
  name=$(echo "$f" | sed 's|.*/\(test_[^/]*\)/model.onnx|\1|; s|.*/||')
  { printf '\000'; cat "$f"; } > "$work/seeds/bin-$name"
done
# Text models: a leading odd byte selects the text parser.
for f in "$root"/test/Target/ONNX/*.textproto; do
  { printf '\001'; cat "$f"; } > "$work/seeds/txt-$(basename "$f")"
done

args=(-max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096
      -artifact_prefix="$work/artifacts/" -print_final_stats=1)
if (( jobs > 1 )); then
  # Parallel workers write fuzz-N.log into the working directory.
  cd "$work"
  args+=(-jobs="$jobs" -workers="$jobs")
fi
exec "$fuzzer" "$work/corpus" "$work/seeds" "${args[@]}"
