#!/usr/bin/env bash
#===- demo.sh - the main job on the bundled example ----------------------===#
#
# Runs the longest pipeline that works today on the bundled example.
# Usage: scripts/demo.sh [build-dir]
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
bin=$build/bin

echo "== examples/spiking-mlp.mlir: verify and canonicalize the spiking network"
"$bin/snn-opt" "$root/examples/spiking-mlp.mlir" --canonicalize
