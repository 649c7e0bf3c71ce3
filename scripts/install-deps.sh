#!/usr/bin/env bash
#===- install-deps.sh - Install every Debian package snn-mlir needs ------===#
#
# Idempotent: installs only what is missing. Run as root on Debian 12.
# Usage: scripts/install-deps.sh [--full]   (--full adds torch for the model
# generation and training scripts)
# Used by the README's set-up commands and by .ci/run.
#
#===----------------------------------------------------------------------===#
set -euo pipefail

# Build: compiler toolchain, MLIR/LLVM 22 (shared libMLIR.so), ONNX protobuf,
# HDF5 (NIR files), LLVM's OpenMP runtime (threads inside a layer).
BUILD_PKGS=(
  cmake ninja-build ccache git gcc libc6-dev
  clang-22 lld-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libprotobuf-dev protobuf-compiler libonnx-dev libhdf5-dev libomp-22-dev
  zlib1g-dev libzstd-dev libcurl4-openssl-dev libedit-dev libxml2-dev libffi-dev
)
# Tests: Python with numpy, ONNX (checker, reference data) and h5py (NIR
# files written by hand), and ONNX's
# own per-operator conformance tests.
PY_PKGS=(
  python3 python3-numpy python3-onnx python3-protobuf python3-h5py
  libonnx-testdata
)
# Model generation and training (torch), the benchmark's PyTorch contender,
# the accuracy-versus-steps plot (matplotlib): only with --full.
FULL_PKGS=(
  python3-torch python3-torchvision libopenblas0-pthread python3-matplotlib
)

want=("${BUILD_PKGS[@]}" "${PY_PKGS[@]}")
if [[ "${1:-}" == "--full" ]]; then
  want+=("${FULL_PKGS[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
