#!/usr/bin/env bash
#===- run-fuzzer.sh - fuzz the NIR importer -------------------------------===#
#
# Usage: lib/Target/NIR/fuzz/run-fuzzer.sh <build-dir> [seconds] [seed-dir...]
#
# Needs a build configured with -DSNN_ENABLE_NIR_FUZZER=ON (clang-22 and
# Debian's libclang-rt-22-dev). Seeds: every .nir file under the given
# directories (e.g. the lit suite's output, build/test/Target/NIR/Output,
# after a check-snn run). The target parses in its own process, so libhdf5's
# own crashes on corrupt files show up too: the run keeps going past them
# (libFuzzer's fork mode), and at the end every input in <build-dir>/nir-fuzz/
# artifacts is replayed through snn-translate --import-nir (which reads HDF5
# in a child process): it must exit 0 or 1, never die on a signal or hang.
# A failure there is a bug of ours; keep the input as a test under
# test/Target/NIR once fixed.
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
# stop the run at its first such input (and fork mode's child processes
# take the setting from ASAN_OPTIONS).
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$fuzzer" -max_total_time="$seconds" -max_len=262144 -timeout=20 -detect_leaks=0 \
  -rss_limit_mb=4096 -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  "$work/corpus" "$work/seeds" || true

translate=$build/bin/snn-translate
found=0 bad=0
for input in "$work"/artifacts/*; do
  [[ -f "$input" ]] || continue
  found=$((found + 1))
  status=0
  timeout 600 "$translate" --import-nir "$input" -o /dev/null \
    > "$work/replay.log" 2>&1 || status=$?
  if [[ $status -gt 1 ]] || grep -q "Stack dump" "$work/replay.log"; then
    bad=$((bad + 1))
    echo "run-fuzzer: FAIL (exit $status): snn-translate --import-nir $input"
  fi
done
echo "run-fuzzer: $found libhdf5 findings replayed through snn-translate, $bad not handled"
[[ $bad -eq 0 ]]
