#!/usr/bin/env python3
# ===- onnx_op_models_run.py - the importer's op models, run natively ----=== #
#
# Every model of test/Target/ONNX/Inputs/make_op_models.py that comes with a
# numpy reference (<name>.input.npy, <name>.expected.npy) goes through
# snn-translate --import-onnx and snn-run, and its output must match the
# reference (rtol 1e-5, atol 1e-6).
#
#   onnx_op_models_run.py --bin <build>/bin DIR
#
# ===---------------------------------------------------------------------=== #
import argparse
import os
import subprocess
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True)
    parser.add_argument("dir")
    args = parser.parse_args()
    names = sorted(f[:-len(".input.npy")] for f in os.listdir(args.dir)
                   if f.endswith(".input.npy"))
    bad = 0
    for name in names:
        base = os.path.join(args.dir, name)
        mlir, out = base + ".mlir", base + ".out.npy"
        steps = [
            [os.path.join(args.bin, "snn-translate"), "--import-onnx",
             base + ".onnx", "-o", mlir],
            [os.path.join(args.bin, "snn-run"), mlir, "--quiet", "--input",
             base + ".input.npy", "--output", out],
        ]
        problem = ""
        for step in steps:
            proc = subprocess.run(step, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, timeout=300)
            if proc.returncode != 0:
                problem = "%s failed: %s" % (
                    os.path.basename(step[0]),
                    proc.stderr.decode(errors="replace").strip())
                break
        if not problem:
            got, want = np.load(out), np.load(base + ".expected.npy")
            if got.shape != want.shape:
                problem = "shape %s, expected %s" % (got.shape, want.shape)
            elif not np.allclose(got, want, rtol=1e-5, atol=1e-6):
                problem = "max abs error %.3g" % np.max(np.abs(
                    got.astype(np.float64) - want))
        print("%-20s %s" % (name, problem or "match"))
        bad += bool(problem)
    print("%d models: %d match, %d differ" % (len(names), len(names) - bad,
                                             bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
