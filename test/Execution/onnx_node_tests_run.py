#!/usr/bin/env python3
# ===- onnx_node_tests_run.py - ONNX node tests, imported and run natively === #
#
# The numerical counterpart of test/Target/ONNX/onnx_node_tests.py: every
# ONNX backend node test (Debian's libonnx-testdata) that the importer
# supports goes through the non-spiking path
#
#   snn-translate --import-onnx model.onnx  (same selection, same frozen
#                                            shape inputs as the import test)
#   snn-run model.mlir --input input_K.pb ... --output out_I.npy ...
#
# and every output is compared with the test's output_I.pb with ONNX's own
# backend-test tolerance (onnx/backend/test/loader: rtol 1e-3, atol 1e-7,
# numpy.testing.assert_allclose; the shape must match exactly).
#
#   onnx_node_tests_run.py --bin <build>/bin [--data DIR] [--jobs N]
#                          [--markdown] [--only REGEX]
#
# Tests the importer rejects are expected import failures (the import test's
# EXPECTED_FAILURES) and are left out here. Tests that import but cannot be
# run or do not match are listed in EXPECTED_FAILURES below with the reason;
# the run fails when a test outside the list fails, or a listed one passes,
# so the list stays true. Prints "unsupported: ..." and exits 0 when numpy,
# onnx or the test data are missing.
#
# ===---------------------------------------------------------------------=== #
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "Target", "ONNX"))
import onnx_node_tests as importtests  # noqa: E402  (selection, import list)

RTOL = 1e-3
ATOL = 1e-7

# Imported tests that are not run or do not match: (reason, pattern). The
# pattern must occur in the failure message, so a listed test that fails for
# another reason (a wrong value, say) is still a failure.
NON_F32_INPUT = (
    "a graph input is not f32 (snn-run takes static f32 tensors only)",
    r"argument #\d+ of @\w+ has type tensor<[0-9x]*(bf16|f16|f64|u?i\d+)>")
NON_F32_RESULT = (
    "a graph output is not f32 (snn-run writes static f32 tensors only)",
    r"result #\d+ of @\w+ has type tensor<[0-9x]*(bf16|f16|f64|u?i\d+)>")
EXPECTED_FAILURES = {
    "test_cast_BFLOAT16_to_FLOAT": NON_F32_INPUT,
    "test_cast_DOUBLE_to_FLOAT": NON_F32_INPUT,
    "test_cast_DOUBLE_to_FLOAT16": NON_F32_INPUT,
    "test_cast_FLOAT16_to_DOUBLE": NON_F32_INPUT,
    "test_cast_FLOAT16_to_FLOAT": NON_F32_INPUT,
    "test_cast_FLOAT_to_BFLOAT16": NON_F32_RESULT,
    "test_cast_FLOAT_to_DOUBLE": NON_F32_RESULT,
    "test_cast_FLOAT_to_FLOAT16": NON_F32_RESULT,
    "test_clip_default_int8_inbounds": NON_F32_INPUT,
    "test_clip_default_int8_max": NON_F32_INPUT,
    "test_clip_default_int8_min": NON_F32_INPUT,
    "test_constantofshape_int_zeros": NON_F32_RESULT,
    "test_shape": NON_F32_RESULT,
    "test_shape_clip_end": NON_F32_RESULT,
    "test_shape_clip_start": NON_F32_RESULT,
    "test_shape_end_1": NON_F32_RESULT,
    "test_shape_end_negative_1": NON_F32_RESULT,
    "test_shape_example": NON_F32_RESULT,
    "test_shape_start_1": NON_F32_RESULT,
    "test_shape_start_1_end_2": NON_F32_RESULT,
    "test_shape_start_1_end_negative_1": NON_F32_RESULT,
    "test_shape_start_negative_1": NON_F32_RESULT,
    "test_equal": NON_F32_INPUT,
    "test_equal_bcast": NON_F32_INPUT,
    "test_pow_types_float32_int32": NON_F32_INPUT,
    "test_pow_types_float32_int64": NON_F32_INPUT,
    "test_pow_types_float32_uint32": NON_F32_INPUT,
    "test_pow_types_float32_uint64": NON_F32_INPUT,
    "test_pow_types_int": NON_F32_INPUT,
    "test_range_int32_type_negative_delta": NON_F32_RESULT,
    "test_size": NON_F32_RESULT,
    "test_size_example": NON_F32_RESULT,
    "test_where_example": NON_F32_INPUT,
    "test_where_long_example": NON_F32_INPUT,
}
for _op in ("max", "min"):
    for _type in ("float16", "float64", "int8", "int16", "int32", "int64",
                  "uint8", "uint16", "uint32", "uint64"):
        EXPECTED_FAILURES["test_%s_%s" % (_op, _type)] = NON_F32_INPUT


def first_line(data, fallback):
    lines = data.decode(errors="replace").strip().splitlines()
    for line in lines:
        if "error" in line:
            return line.strip()
    return lines[0].strip() if lines else fallback


def translate(bindir, model, frozen):
    args = [os.path.join(bindir, "snn-translate"), "--import-onnx", model]
    for index, path in frozen:
        args.append("--onnx-const-input=%d=%s" % (index, path))
    try:
        proc = subprocess.run(args, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    if proc.returncode != 0:
        return None, first_line(proc.stderr,
                                "crashed (code %d)" % proc.returncode)
    return proc.stdout, ""


def import_model(bindir, testdir):
    """Imports like the import test: shape operands the importer needs as
    constants are frozen to the test data. Returns (mlir, frozen, error)."""
    model = os.path.join(testdir, "model.onnx")
    mlir, why = translate(bindir, model, ())
    if mlir is not None or "must be a constant known at import time" not in why:
        return mlir, [], why
    data = os.path.join(testdir, "test_data_set_0")
    for first in (1, 0):
        frozen = []
        for k in range(first, 8):
            path = os.path.join(data, "input_%d.pb" % k)
            if os.path.exists(path):
                frozen.append((k, path))
        mlir, why = translate(bindir, model, frozen)
        if mlir is not None:
            return mlir, [k for k, _ in frozen], ""
    return None, [], why


def pb_files(data, prefix):
    files = []
    k = 0
    while os.path.exists(os.path.join(data, "%s_%d.pb" % (prefix, k))):
        files.append(os.path.join(data, "%s_%d.pb" % (prefix, k)))
        k += 1
    return files


def load_pb(path):
    import onnx
    from onnx import numpy_helper
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def mismatch(expected, actual):
    """ONNX's check: float32, assert_allclose(rtol, atol); "" when equal."""
    import numpy as np
    try:
        np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL)
    except AssertionError:
        diff = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
        return "max abs error %.3g (rtol %g, atol %g)" % (
            np.nanmax(diff) if diff.size else 0.0, RTOL, ATOL)
    return ""


def compare(expected, actual):
    """Same dtype (float32), same shape, values within ONNX's tolerance."""
    import numpy as np
    if expected.dtype != np.float32:
        return "expected output is %s, snn-run writes float32" % expected.dtype
    if tuple(actual.shape) != tuple(expected.shape):
        return "shape %s, expected %s" % (tuple(actual.shape),
                                          tuple(expected.shape))
    return mismatch(expected, actual)


def run_one(bindir, datadir, name, workdir):
    """Returns (ok, note): ok is None when the importer rejects the model."""
    import numpy as np
    testdir = os.path.join(datadir, name)
    mlir, frozen, why = import_model(bindir, testdir)
    if mlir is None:
        return None, "import: " + why
    tmp = os.path.join(workdir, name)
    os.makedirs(tmp)
    model = os.path.join(tmp, "model.mlir")
    with open(model, "wb") as f:
        f.write(mlir)
    data = os.path.join(testdir, "test_data_set_0")
    inputs = [p for k, p in enumerate(pb_files(data, "input"))
              if k not in frozen]
    expected = pb_files(data, "output")
    outputs = [os.path.join(tmp, "out_%d.npy" % i)
               for i in range(len(expected))]
    args = [os.path.join(bindir, "snn-run"), model, "--quiet"]
    for path in inputs:
        args += ["--input", path]
    for path in outputs:
        args += ["--output", path]
    try:
        proc = subprocess.run(args, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
    except subprocess.TimeoutExpired:
        return False, "snn-run: timed out"
    note = ""
    if frozen:
        note = "inputs %s frozen to the test data" % ", ".join(map(str, frozen))
    if proc.returncode != 0:
        return False, "snn-run: " + first_line(
            proc.stderr, "crashed (code %d)" % proc.returncode)
    problems = []
    for i, (want, got) in enumerate(zip(expected, outputs)):
        problem = compare(load_pb(want), np.load(got))
        if problem:
            problems.append("output %d: %s" % (i, problem))
    if problems:
        return False, "; ".join(problems)
    return True, note


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True,
                        help="directory of snn-translate and snn-run")
    parser.add_argument("--data", default=importtests.DEFAULT_DATA)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--only", help="run only the tests matching REGEX")
    args = parser.parse_args()
    try:
        import numpy  # noqa: F401
        import onnx  # noqa: F401
    except ImportError as error:
        print("unsupported: %s" % error)
        return 0
    if not os.path.isdir(args.data):
        print("unsupported: no ONNX node tests in %s" % args.data)
        return 0

    tests = importtests.select(args.data)
    if args.only:
        tests = [t for t in tests if re.search(args.only, t[1])]
    workdir = tempfile.mkdtemp(prefix="onnx-node-run-")
    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            futures = [pool.submit(run_one, args.bin, args.data, name, workdir)
                       for _, name in tests]
            outcomes = [f.result() for f in futures]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    results = []
    unexpected = 0
    for (op, name), (ok, why) in zip(tests, outcomes):
        listed = name in EXPECTED_FAILURES
        if ok is None:
            status = "not imported"
            if name in importtests.EXPECTED_FAILURES:
                why = importtests.EXPECTED_FAILURES[name]
            else:
                status = "FAIL"
                unexpected += 1
        elif ok and not listed:
            status = "pass"
        elif not ok and listed and re.search(EXPECTED_FAILURES[name][1], why):
            status = "expected failure"
            why = EXPECTED_FAILURES[name][0]
        elif ok:
            status = "UNEXPECTED PASS"
            why = "listed: " + EXPECTED_FAILURES[name][0]
            unexpected += 1
        elif listed:
            status = "FAIL"
            why = "%s (listed for another reason: %s)" % (
                why, EXPECTED_FAILURES[name][0])
            unexpected += 1
        else:
            status = "FAIL"
            unexpected += 1
        results.append((op, name, status, why))

    importtests.print_results(results, args.markdown)
    passed = sum(1 for r in results if r[2] == "pass")
    xfail = sum(1 for r in results if r[2] == "expected failure")
    skipped = sum(1 for r in results if r[2] == "not imported")
    print("%d node tests: %d passed, %d expected failures, %d not imported, "
          "%d unexpected" % (len(results), passed, xfail, skipped, unexpected),
          file=sys.stderr if args.markdown else sys.stdout)
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
