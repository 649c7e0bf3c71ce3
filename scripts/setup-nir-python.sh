#!/usr/bin/env bash
#===- setup-nir-python.sh - NIR's Python package from a source checkout ---===#
#
# Usage: scripts/setup-nir-python.sh NIR-CHECKOUT [DIR]   (default DIR: /tmp/nir-python)
#
# Makes neuromorphs/NIR's Python package importable by Debian's python3
# (numpy, h5py) without pip: copies its `nir/` package into DIR and adds the
# `nir-<version>.dist-info/METADATA` stub that `importlib.metadata.version`
# (and so `nir.write`) needs. Prints the PYTHONPATH to use; with it the lit
# feature `nir` turns on (test/Target/NIR/nir-package.test):
#   PYTHONPATH=$(scripts/setup-nir-python.sh ~/src/NIR) cmake --build build --target check-snn
# The checkout is never copied into this repository.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
src=${1:?usage: setup-nir-python.sh NIR-CHECKOUT [DIR]}
dir=${2:-/tmp/nir-python}
version=${NIR_VERSION:-1.0.0}
[[ -d $src/nir ]] || { echo "setup-nir-python: no nir/ package in $src" >&2; exit 1; }
mkdir -p "$dir"
rm -rf "$dir/nir"
cp -r "$src/nir" "$dir/nir"
mkdir -p "$dir/nir-$version.dist-info"
printf 'Metadata-Version: 2.1\nName: nir\nVersion: %s\n' "$version" \
  > "$dir/nir-$version.dist-info/METADATA"
/usr/bin/python3 -c "import sys; sys.path.insert(0, '$dir'); import nir" >&2
echo "$dir"
