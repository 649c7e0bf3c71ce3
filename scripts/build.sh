#!/usr/bin/env bash
#===- build.sh - configure and build snn-mlir ----------------------------===#
#
# Usage: scripts/build.sh [build-dir]   (default: build)
# Configures with CMake + Ninja against Debian's LLVM/MLIR 22 (clang-22 and
# lld-22 when installed) and builds the tools and the test dependencies.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}

args=(-G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
      -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir)
if command -v clang++-22 >/dev/null 2>&1; then
  args+=(-DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22)
  if command -v ld.lld-22 >/dev/null 2>&1; then
    args+=(-DLLVM_USE_LINKER=lld-22)
  fi
fi
if [[ ! -f "$build/build.ninja" ]]; then
  cmake "${args[@]}"
fi
cmake --build "$build"
