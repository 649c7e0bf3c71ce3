# ===- check_npz.py - the .npz of --emit-nengo vs the MLIR constants -----=== #
#
# Usage: check_npz.py WEIGHTS.npz MODEL.mlir [UNUSED_NAME...]
#
# Reads every non-splat float tosa.const of MODEL.mlir (dense<[...]> literals
# and dense_resource<...> blobs), keyed as the emitter keys them (the blob
# name, else the loc("...") name, sanitized), and checks that the weights
# file holds exactly those arrays (minus the UNUSED_NAMEs, constants the
# network does not read), bit for bit, with their shapes.
#
# ===---------------------------------------------------------------------=== #
import ast
import re
import sys

import numpy as np


def unescape(name):
    """Undoes the MLIR string escapes (backslash, quote, n, t, two hex digits)."""
    out, i = bytearray(), 0
    raw = name.encode()
    while i < len(raw):
        if raw[i : i + 1] == b"\\":
            nxt = raw[i + 1 : i + 2]
            if nxt in (b"\\", b'"'):
                out += nxt
                i += 2
            elif nxt in (b"n", b"t"):
                out += b"\n" if nxt == b"n" else b"\t"
                i += 2
            else:
                out.append(int(raw[i + 1 : i + 3], 16))
                i += 3
        else:
            out.append(raw[i])
            i += 1
    return out.decode("utf-8", "replace")


def sanitize(name):
    s = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")
    if not s:
        return "param"
    return "param_" + s if s[0].isdigit() else s


def main():
    npz_path, mlir_path = sys.argv[1], sys.argv[2]
    unused = set(sys.argv[3:])
    text = open(mlir_path).read()
    blobs = dict(re.findall(r'^\s*(\w+): "0x([0-9A-Fa-f]+)"', text, re.M))
    expected = {}
    pattern = re.compile(
        r'"tosa\.const"\(\) <\{values = (dense|dense_resource)<(.*?)> : '
        r'tensor<([0-9x]*)x?(f16|f32|f64)>\}>.*?(?:loc\("((?:[^"\\]|\\.)*)"\))?$',
        re.M,
    )
    dtypes = {"f16": np.float16, "f32": np.float32, "f64": np.float64}
    for kind, value, shape, et, loc in pattern.findall(text):
        dims = tuple(int(d) for d in shape.split("x") if d)
        if kind == "dense_resource":
            data = bytes.fromhex(blobs[value])[4:]  # skip the alignment word
            array = np.frombuffer(data, dtypes[et]).reshape(dims)
            name = value
        else:
            if not value.startswith("["):
                continue  # a splat: inlined in the code, not a parameter
            array = np.array(ast.literal_eval(value), dtypes[et]).reshape(dims)
            name = unescape(loc)
        if name in unused:
            continue
        expected[sanitize(name)] = array
    with np.load(npz_path) as npz:
        got = {key: npz[key] for key in npz.files}
    if sorted(got) != sorted(expected):
        sys.exit(f"keys differ: npz {sorted(got)}, expected {sorted(expected)}")
    for key, array in expected.items():
        if got[key].dtype != array.dtype or got[key].shape != array.shape:
            sys.exit(f"{key}: {got[key].dtype}{got[key].shape} != "
                     f"{array.dtype}{array.shape}")
        if got[key].tobytes() != array.tobytes():
            sys.exit(f"{key}: values differ")
    print(f"npz ok: {len(expected)} arrays")


if __name__ == "__main__":
    main()
