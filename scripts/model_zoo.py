#!/usr/bin/env python3
# ===- model_zoo.py - torchvision classifiers through the native ANN path -=== #
#
# Exports torchvision classification architectures with random weights
# (torch.manual_seed(--seed)) to ONNX (torch.onnx.export, --opset, batch 1,
# --size x --size input), imports each with snn-translate --import-onnx, runs
# it natively with snn-run (JIT, the non-spiking path) and compares the
# output with torch's, printing one row per model:
#
#   model | ONNX nodes | import s | compile s | run ms | max abs err | max rel err
#
# The relative error is the max abs error over the largest |torch output|.
# Weight matrices that an architecture initializes to zero (ViT's head) are
# given small random values, so that no output is trivially zero.
# A model whose import or run fails gets its first error line instead.
#
#   /usr/bin/python3 scripts/model_zoo.py [--bin build/bin] [--models a,b,...]
#       [--all] [--exclude a,b,...] [--size 64] [--opset 13] [--seed 0]
#       [--markdown] [--tolerance 1e-4] [--keep DIR [--reuse]] [--timeout S]
#       [--compile-only] [--repeat N]
#
# --compile-only: snn-run compiles and runs no sample (no torch comparison);
# --repeat N: the fastest of N snn-run runs (compile and run times); --reuse:
# the ONNX, MLIR and input files that an earlier run left in --keep DIR are
# used again. The last line gives the load average before and after (the
# times are wall-clock: other jobs on the machine slow them down).
#
# Default models: the small set (--models small); --all takes every
# architecture of torchvision.models that classifies (ViT/Swin/MaxViT,
# AlexNet and VGG are given 224x224 inputs (FIXED_SIZE), which their export
# requires). Exit status 1 when a model fails or exceeds --tolerance
# (relative error).
#
# Needs torch, torchvision, onnx and numpy (/usr/bin/python3 on Debian:
# python3-torch, python3-torchvision, python3-onnx).
#
# ===---------------------------------------------------------------------=== #
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SMALL = ["mobilenet_v3_small", "mnasnet0_5", "shufflenet_v2_x0_5",
         "squeezenet1_1"]

# Architectures that need a fixed input size.
FIXED_SIZE = {"vit_b_16": 224, "vit_b_32": 224, "vit_l_16": 224,
              "vit_l_32": 224, "vit_h_14": 224, "swin_t": 224, "swin_s": 224,
              "swin_b": 224, "swin_v2_t": 256, "swin_v2_s": 256,
              "swin_v2_b": 256, "maxvit_t": 224, "inception_v3": 96,
              # Adaptive average pooling to 6x6 (AlexNet) or 7x7 (VGG):
              # torch exports it only when the feature map is a multiple.
              "alexnet": 224, "vgg11": 224, "vgg11_bn": 224, "vgg13": 224,
              "vgg13_bn": 224, "vgg16": 224, "vgg16_bn": 224, "vgg19": 224,
              "vgg19_bn": 224}


def all_models():
    import torchvision
    names = torchvision.models.list_models(module=torchvision.models)
    return [n for n in names if not n.startswith("quantized")]


def build(name, seed):
    import torch
    import torchvision
    torch.manual_seed(seed)
    kwargs = {"weights": None}
    if name in ("inception_v3", "googlenet"):
        kwargs["aux_logits"] = False
        kwargs["init_weights"] = True
    model = torchvision.models.get_model(name, **kwargs)
    # Some architectures zero-initialize a layer (ViT's head): the output
    # would be all zeros and the comparison empty. Such weights get small
    # random values.
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() >= 2 and not p.any():
                p.normal_(0.0, 0.02)
    return model.eval()


def first_error(text, fallback):
    lines = text.decode(errors="replace").strip().splitlines()
    for line in lines:
        if "error" in line:
            return line.strip()
    return lines[-1].strip() if lines else fallback


def run_model(name, args, workdir):
    import numpy as np
    import onnx
    row = {"model": name}
    onnx_path = os.path.join(workdir, name + ".onnx")
    mlir_path = os.path.join(workdir, name + ".mlir")
    x_path = os.path.join(workdir, name + ".input.npy")
    want_path = os.path.join(workdir, name + ".torch.npy")
    y_path = os.path.join(workdir, name + ".output.npy")
    kept = [onnx_path, mlir_path, x_path]
    if not args.compile_only:
        kept.append(want_path)
    if not (args.reuse and all(os.path.exists(p) for p in kept)):
        import torch
        size = FIXED_SIZE.get(name, args.size)
        model = build(name, args.seed)
        gen = torch.Generator().manual_seed(args.seed + 1)
        x = torch.randn(1, 3, size, size, generator=gen)
        if not args.compile_only:
            with torch.no_grad():
                np.save(want_path, model(x).numpy())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, x, onnx_path, opset_version=args.opset,
                              input_names=["input"], output_names=["output"])
        start = time.time()
        proc = subprocess.run(
            [os.path.join(args.bin, "snn-translate"), "--import-onnx",
             onnx_path, "-o", mlir_path], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=args.timeout)
        row["import"] = time.time() - start
        if proc.returncode != 0:
            row["error"] = "import: " + first_error(proc.stderr, "failed")
            return row
        np.save(x_path, x.numpy())
    row["nodes"] = len(onnx.load(onnx_path, load_external_data=False)
                       .graph.node)
    command = [os.path.join(args.bin, "snn-run"), mlir_path, "--input",
               x_path, "--output", y_path, "--jobs", "1", "--no-cache"]
    if args.compile_only:
        command += ["--limit", "0"]
    # The fastest of --repeat compiles (the machine may be busy).
    for _ in range(args.repeat):
        try:
            proc = subprocess.run(command, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE,
                                  timeout=args.timeout)
        except subprocess.TimeoutExpired:
            row["error"] = "snn-run: timed out after %d s" % args.timeout
            return row
        if proc.returncode != 0:
            row["error"] = "snn-run: " + first_error(proc.stderr, "failed")
            return row
        m = re.search(r"compile: ([0-9.]+) s, run: ([0-9.]+) s",
                      proc.stdout.decode(errors="replace"))
        if m:
            row["compile"] = min(row.get("compile", float("inf")),
                                 float(m.group(1)))
            if not args.compile_only:
                row["run"] = min(row.get("run", float("inf")),
                                 float(m.group(2)) * 1000.0)
    if args.compile_only:
        return row
    want = np.load(want_path)
    got = np.load(y_path)
    if got.shape != want.shape:
        row["error"] = "output shape %s, torch %s" % (got.shape, want.shape)
        return row
    diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
    row["abs"] = float(diff.max())
    row["rel"] = float(diff.max() / max(np.abs(want).max(), 1e-30))
    return row


COLUMNS = ["model", "ONNX nodes", "import s", "compile s", "run ms",
           "max abs err", "max rel err"]


def cells(row):
    def fmt(key, spec):
        return spec % row[key] if key in row else "-"
    out = [row["model"], fmt("nodes", "%d"), fmt("import", "%.2f"),
           fmt("compile", "%.2f"), fmt("run", "%.1f"), fmt("abs", "%.2e"),
           fmt("rel", "%.2e")]
    if "error" in row:
        out.append(row["error"])
    return out


def main():
    parser = argparse.ArgumentParser(
        description="torchvision classifiers: snn-run's native ANN output "
        "against torch")
    parser.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"),
                        help="directory of snn-translate and snn-run")
    parser.add_argument("--models", default="small",
                        help="comma-separated names, or 'small'")
    parser.add_argument("--all", action="store_true",
                        help="every torchvision classification model")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--opset", type=int, default=13)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tolerance", type=float, default=1e-4,
                        help="largest accepted relative error")
    parser.add_argument("--timeout", type=int, default=1800,
                        help="seconds per import or run")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--keep", help="keep the ONNX/MLIR files in DIR")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: use the files a former run kept "
                        "there (no export, no import)")
    parser.add_argument("--exclude", default="",
                        help="comma-separated names to leave out")
    parser.add_argument("--compile-only", action="store_true",
                        help="compile only (snn-run --limit 0): no sample "
                        "run, no comparison with torch")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run snn-run N times and report the fastest "
                        "compile (and run)")
    args = parser.parse_args()
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep DIR")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        import numpy  # noqa: F401
        import onnx  # noqa: F401
        import torch
        import torchvision  # noqa: F401
    except ImportError as error:
        print("unsupported: %s" % error)
        return 0
    torch.set_num_threads(1)
    if args.all:
        names = all_models()
    elif args.models == "small":
        names = SMALL
    else:
        names = [n for n in args.models.split(",") if n]
    excluded = set(n for n in args.exclude.split(",") if n)
    names = [n for n in names if n not in excluded]
    load_start = os.getloadavg()[0]
    workdir = args.keep or tempfile.mkdtemp(prefix="snn-model-zoo-")
    os.makedirs(workdir, exist_ok=True)
    failures = 0
    if args.markdown:
        print("| " + " | ".join(COLUMNS + ["note"]) + " |")
        print("|" + "---|" * (len(COLUMNS) + 1))
    else:
        print("%-20s %6s %9s %9s %9s %11s %11s" % tuple(COLUMNS))
    try:
        for name in names:
            try:
                row = run_model(name, args, workdir)
            except Exception as error:  # export failures, bad names
                row = {"model": name,
                       "error": "export: %s: %s" % (type(error).__name__,
                                                    str(error)[:200])}
            if not args.keep:
                # Big models take gigabytes: one model's files at a time.
                shutil.rmtree(workdir, ignore_errors=True)
                os.makedirs(workdir, exist_ok=True)
            bad = "error" in row or row.get("rel", 0.0) > args.tolerance
            failures += bad
            c = cells(row)
            if args.markdown:
                note = c[7] if len(c) > 7 else ""
                print("| " + " | ".join(c[:7] + [note.replace("|", "\\|")])
                      + " |", flush=True)
            else:
                print("%-20s %6s %9s %9s %9s %11s %11s" % tuple(c[:7]) +
                      ("  " + c[7] if len(c) > 7 else "") +
                      ("  EXCEEDS TOLERANCE" if bad and "error" not in row
                       else ""), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    load_end = os.getloadavg()[0]
    print("load average: %.2f before, %.2f after" % (load_start, load_end),
          file=sys.stderr if args.markdown else sys.stdout)
    print("%d models: %d ok, %d failed" % (len(names), len(names) - failures,
                                           failures),
          file=sys.stderr if args.markdown else sys.stdout)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
