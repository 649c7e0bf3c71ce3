#!/usr/bin/env python3
# ===- onnx_node_tests.py - ONNX backend node tests through the importer --=== #
#
# Imports every ONNX backend node test (Debian's libonnx-testdata) of the
# operators the importer supports with `snn-translate --import-onnx`, pipes
# the result through `snn-opt` (the verifier), and compares the outcome with
# EXPECTED_FAILURES below. Standard library only.
#
#   onnx_node_tests.py --bin <build>/bin [--data DIR] [--markdown]
#
# Exit status 0 when every test behaves as expected (pass, or fail with the
# listed reason); --markdown prints the table for docs/ONNX-IMPORT.md.
#
# ===---------------------------------------------------------------------=== #
import argparse
import os
import re
import subprocess
import sys

DEFAULT_DATA = "/usr/share/libonnx-testdata/data/node"

# Operators of the importer, and the node-test name pattern that selects them.
OPS = {
    "Add": r"add(_bcast)?",
    "Sub": r"sub(_bcast|_example)?",
    "Mul": r"mul(_bcast|_example)?",
    "Div": r"div(_bcast|_example)?",
    "Relu": r"relu",
    "LeakyRelu": r"leakyrelu(_default|_example)?",
    "Sigmoid": r"sigmoid(_example)?",
    "Tanh": r"tanh(_example)?",
    "Clip": r"clip(_.*)?",
    "Softmax": r"softmax_(?!.*expanded).*",
    "AveragePool": r"averagepool_.*",
    "MaxPool": r"maxpool_.*",
    "GlobalAveragePool": r"globalaveragepool(_precomputed)?",
    "GlobalMaxPool": r"globalmaxpool(_precomputed)?",
    "Flatten": r"flatten_.*",
    "Reshape": r"reshape_.*",
    "Transpose": r"transpose_.*",
    "Concat": r"concat_.*",
    "Squeeze": r"squeeze(_negative_axes)?",
    "Unsqueeze": r"unsqueeze_.*",
    "BatchNormalization": r"batchnorm_.*",
    "Dropout": r"dropout_.*",
    "Identity": r"identity",
    "Constant": r"constant",
    "Pad": r"constant_pad",
    "Conv": r"conv_with_.*|basic_conv_.*",
    "Gemm": r"gemm_.*",
    "MatMul": r"matmul_(2d|3d|4d)",
    "Shape": r"shape(_.*)?",
    "Gather": r"gather_[0-9](_.*)?|gather_negative_indices",
    "ConstantOfShape": r"constantofshape_.*",
    "Cast": r"cast_.*",
    "Abs": r"abs",
    "Neg": r"neg(_example)?",
    "Exp": r"exp(_example)?",
    "Log": r"log(_example)?",
    "Reciprocal": r"reciprocal(_example)?",
    "Floor": r"floor(_example)?",
    "Ceil": r"ceil(_example)?",
    "Sqrt": r"sqrt(_example)?",
    "Erf": r"erf",
    "Pow": r"pow(_.*)?",
    "HardSigmoid": r"hardsigmoid(_default|_example)?",
    "HardSwish": r"hardswish(_expanded)?",
    "Softplus": r"softplus(_example)?",
    "Max": r"max_.*",
    "Min": r"min_.*",
    "ReduceMean": r"reduce_mean_.*",
    "ReduceMax": r"reduce_max_.*",
    "ReduceMin": r"reduce_min_.*",
    "ReduceSum": r"reduce_sum_(?!square).*",
    "ReduceSumSquare": r"reduce_sum_square_.*",
    "ReduceProd": r"reduce_prod_.*",
    "Slice": r"slice(_.*)?",
    "Range": r"range_(?!.*expanded).*",
    "Expand": r"expand_.*",
    "Equal": r"equal(_bcast)?",
    "Where": r"where_.*",
    "Not": r"not_.*",
    "Mod": r"mod_.*",
    "Size": r"size(_example)?",
}

# Tests that exercise a mode the importer does not support, with the reason.
EXPECTED_FAILURES = {
    "test_add_uint8": "unsigned integer tensors (TOSA has signless integers)",
    "test_sub_uint8": "unsigned integer tensors (TOSA has signless integers)",
    "test_mul_uint8": "unsigned integer tensors (TOSA has signless integers)",
    "test_div_uint8": "unsigned integer tensors (TOSA has signless integers)",
    "test_maxpool_2d_uint8": "unsigned integer tensors",
    "test_averagepool_1d_default": "only 2-D pooling",
    "test_averagepool_3d_default": "only 2-D pooling",
    "test_maxpool_1d_default": "only 2-D pooling",
    "test_maxpool_3d_default": "only 2-D pooling",
    "test_maxpool_2d_dilations": "MaxPool dilations (no TOSA equivalent)",
    "test_maxpool_with_argmax_2d_precomputed_pads": "the Indices output",
    "test_maxpool_with_argmax_2d_precomputed_strides": "the Indices output",
    "test_batchnorm_epsilon_training_mode": "training mode",
    "test_batchnorm_example_training_mode": "training mode",
    "test_dropout_default_mask": "the mask output (training)",
    "test_dropout_default_mask_ratio": "the mask output (training)",
    "test_globalaveragepool": "opset 1 model (supported opsets: 7 to 17)",
    "test_globalaveragepool_precomputed": "opset 1 model (supported opsets: 7 to 17)",
    "test_globalmaxpool": "opset 1 model (supported opsets: 7 to 17)",
    "test_globalmaxpool_precomputed": "opset 1 model (supported opsets: 7 to 17)",
    "test_cast_FLOAT_to_STRING": "string tensors",
    "test_cast_STRING_to_FLOAT": "string tensors",
    "test_reshape_allowzero_reordered": "zero-size tensors (not valid in TOSA)",
    "test_constantofshape_int_shape_zero": "zero-size tensors (not valid in TOSA)",
    "test_slice_start_out_of_bounds": "zero-size tensors (not valid in TOSA)",
    "test_hardsigmoid": "opset 6 model (supported opsets: 7 to 17)",
    "test_hardsigmoid_default": "opset 6 model (supported opsets: 7 to 17)",
    "test_hardsigmoid_example": "opset 6 model (supported opsets: 7 to 17)",
    "test_not_2d": "opset 1 model (supported opsets: 7 to 17)",
    "test_not_3d": "opset 1 model (supported opsets: 7 to 17)",
    "test_not_4d": "opset 1 model (supported opsets: 7 to 17)",
    "test_softplus": "opset 1 model (supported opsets: 7 to 17)",
    "test_softplus_example": "opset 1 model (supported opsets: 7 to 17)",
    "test_pow_types_float": "integer base (Pow is imported for floating point)",
    "test_pow_types_int32_float32": "integer base (Pow is imported for floating point)",
    "test_pow_types_int32_int32": "integer base (Pow is imported for floating point)",
    "test_pow_types_int64_float32": "integer base (Pow is imported for floating point)",
    "test_pow_types_int64_int64": "integer base (Pow is imported for floating point)",
}
for _name in ["broadcast", "int64_fmod", "uint8", "uint16", "uint32", "uint64"] + [
        "mixed_sign_" + t for t in ["float16", "float32", "float64", "int8",
                                    "int16", "int32", "int64"]]:
    EXPECTED_FAILURES["test_mod_" + _name] = (
        "Mod of values not known at import time (only shape arithmetic on "
        "constants is folded)")


def select(data):
    tests = []
    for name in sorted(os.listdir(data)):
        for op, pattern in OPS.items():
            if re.fullmatch("test_(%s)" % pattern, name):
                tests.append((op, name))
                break
    return tests


def run(bindir, model, frozen=()):
    args = [os.path.join(bindir, "snn-translate"), "--import-onnx", model]
    for index, path in frozen:
        args.append("--onnx-const-input=%d=%s" % (index, path))
    translate = subprocess.run(
        args,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if translate.returncode != 0:
        err = translate.stderr.decode(errors="replace").strip().splitlines()
        return False, "import: " + (err[0] if err else "crashed (code %d)" %
                                    translate.returncode)
    verify = subprocess.run([os.path.join(bindir, "snn-opt")],
                            input=translate.stdout, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, timeout=120)
    if verify.returncode != 0:
        err = verify.stderr.decode(errors="replace").strip().splitlines()
        return False, "verify: " + (err[0] if err else "failed")
    return True, ""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True, help="directory of snn-translate and snn-opt")
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    results = []
    unexpected = 0
    for op, name in select(args.data):
        model = os.path.join(args.data, name, "model.onnx")
        ok, why = run(args.bin, model)
        if not ok and "must be a constant known at import time" in why:
            # Shape operands (Reshape's shape, Squeeze's axes, Clip's bounds,
            # ...) that the test feeds as inputs: freeze inputs 1.. to the
            # test's own data, as a static-shape compiler needs them.
            data = os.path.join(args.data, name, "test_data_set_0")
            for first in (1, 0):
                frozen = []
                for k in range(first, 8):
                    path = os.path.join(data, "input_%d.pb" % k)
                    if os.path.exists(path):
                        frozen.append((k, path))
                ok, why = run(args.bin, model, frozen)
                if ok:
                    why = "frozen inputs %s (test data)" % ", ".join(
                        str(k) for k, _ in frozen)
                    break
        expected_fail = name in EXPECTED_FAILURES
        if ok and not expected_fail:
            status = "pass"
        elif not ok and expected_fail:
            status = "expected failure"
            why = EXPECTED_FAILURES[name]
        elif ok:
            status = "UNEXPECTED PASS"
            unexpected += 1
        else:
            status = "FAIL"
            unexpected += 1
        results.append((op, name, status, why))
    print_results(results, args.markdown)
    passed = sum(1 for r in results if r[2] == "pass")
    xfail = sum(1 for r in results if r[2] == "expected failure")
    print("%d node tests: %d pass, %d expected failures, %d unexpected" %
          (len(results), passed, xfail, unexpected),
          file=sys.stderr if args.markdown else sys.stdout)
    return 1 if unexpected else 0


def print_results(results, markdown):
    """Prints (operator, test, status, note) rows as a table: markdown for
    the docs, or aligned text."""
    if markdown:
        print("| operator | node test | result | note |")
        print("|---|---|---|---|")
        for op, name, status, why in results:
            print("| %s | `%s` | %s | %s |" % (op, name, status, why.replace("|", "\\|")))
    else:
        for op, name, status, why in results:
            print("%-18s %-52s %s %s" % (op, name, status, why))


if __name__ == "__main__":
    sys.exit(main())
