#!/usr/bin/env bash
#===- run-fuzzer.sh - fuzz the NIR importer -------------------------------===#
#
# Usage: lib/Target/NIR/fuzz/run-fuzzer.sh <build-dir> [seconds] [seed-dir...]
#
# Needs a build configured with -DSNN_ENABLE_NIR_FUZZER=ON (clang-22 and
# Debian's libclang-rt-22-dev). Seeds: every .nir file under the given
# directories (e.g. the lit suite's output, build/test/Target/NIR/Output,
# after a check-snn run). Crashing inputs land in <build-dir>/nir-fuzz/
# artifacts; keep each as a regression test under test/Target/NIR once fixed.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
build=${1:?usage: run-fuzzer.sh <build-dir> [seconds] [seed-dir...]}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : $# ))
fuzzer=$build/bin/snn-nir-import-fuzzer
work=$build/nir-fuzz
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
for dir in "${@:-$build/test/Target/NIR/Output}"; do
  find "$dir" -name '*.nir' -size -256k -exec cp {} "$work/seeds/" \; 2>/dev/null || true
done
echo "run-fuzzer: $(ls "$work/seeds" | wc -l) seeds, $seconds s"
# -detect_leaks=0: libhdf5 1.10 leaks small blocks of its own free lists on
# some corrupt files (424 bytes, allocated and lost inside libhdf5); that would
# stop the run at its first such input.
"$fuzzer" -max_total_time="$seconds" -max_len=262144 -timeout=20 -detect_leaks=0 \
  -rss_limit_mb=4096 -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  "$work/corpus" "$work/seeds"
