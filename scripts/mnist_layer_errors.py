#!/usr/bin/python3
#===- mnist_layer_errors.py - SNN rates against ANN activations per layer -===#
#
# Part of snn-mlir.
#
# Where does a converted network go wrong? For a bundled MNIST model, runs
# the ANN with every activation exposed (--snn-expose-activations) and the
# same network converted to IF neurons, whose exposed activations are then
# the populations' outputs (decoded as the mean over T steps), on the first
# N test images, and prints per layer (and for the logits) the relative bias
# sum(snn - ann) / sum(|ann|) and the relative L1 error
# sum(|snn - ann|) / sum(|ann|), for each T. An error that shrinks as 1/T is
# quantization; one that stays is a systematic difference between the
# spiking network and the ANN (docs/CONVERSION.md, "Deep networks").
#
#   /usr/bin/python3 scripts/mnist_layer_errors.py BUILD MODEL
#       [--images 200] [--steps 25,100,400] [--options "max-pool=count ..."]
#
# MODEL: lenet5, vgg or resnet (scripts/mnist_accuracy_table.py's models).
# Normalization is calibrated on the bundled 1,000 MNIST training images;
# the conversion is `neuron=if normalize=STATS` plus --options.
#
#===----------------------------------------------------------------------===#

import argparse
import json
import os
import sys

import numpy as np

from mnist_runs import ROOT, SCALE, run, test_data

MODELS = {
    "lenet5": "examples/lenet5/lenet5.onnx",
    "vgg": "examples/deep-mnist/vgg.onnx",
    "resnet": "examples/deep-mnist/resnet.onnx",
}


def expose(bin_dir, source, target, conversion=None):
    """Writes `source` with its activations exposed as ordinary (named)
    results, converted with `conversion` when given."""
    passes = ["--snn-expose-activations"]
    if conversion:
        passes.append("--convert-activations-to-spiking=" + conversion)
    run([f"{bin_dir}/snn-opt", source, "--mlir-print-debuginfo", "-o", target]
        + passes)
    # snn-run treats snn.activation results as statistics: make them data.
    with open(target) as f:
        text = f.read()
    with open(target, "w") as f:
        f.write(text.replace("snn.activation = ", "onnx.name = "))


def main():
    parser = argparse.ArgumentParser(
        description="per-layer error of a converted MNIST model")
    parser.add_argument("build", help="the build directory (its bin/ tools)")
    parser.add_argument("model", choices=sorted(MODELS))
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--steps", default="25,100,400")
    parser.add_argument("--options", default="",
                        help="conversion options after neuron=if "
                        "normalize=STATS")
    parser.add_argument("--work", help="default: BUILD/mnist-layer-errors")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    bin_dir = os.path.join(build, "bin")
    work = args.work or os.path.join(build, "mnist-layer-errors")
    os.makedirs(work, exist_ok=True)
    images, _ = test_data(build, args.images, work)
    n = args.images
    common = ["--input", images, "--input-scale", SCALE, "--limit", str(n),
              "--no-progress", "--quiet"]

    ann = os.path.join(work, f"{args.model}-ann.mlir")
    run([f"{bin_dir}/snn-translate", "--import-onnx",
         os.path.join(ROOT, MODELS[args.model]), "--mlir-print-debuginfo",
         "-o", ann])
    stats = os.path.join(work, f"{args.model}-stats.json")
    run([f"{bin_dir}/snn-run", ann, "--input",
         os.path.join(ROOT, "examples/mnist/train-1000-images.npy"),
         "--input-scale", SCALE, "--no-progress", "--quiet", "--stats-file",
         stats])
    names = ["logits"] + [layer["name"]
                          for layer in json.load(open(stats))["layers"]]

    def outputs(model, tag, extra):
        files = [os.path.join(work, f"{args.model}-{tag}-{i}.npy")
                 for i in range(len(names))]
        run([f"{bin_dir}/snn-run", model] + common + extra +
            sum([["--output", f] for f in files], []))
        return [np.load(f).reshape(n, -1).astype(np.float64) for f in files]

    ann_exposed = os.path.join(work, f"{args.model}-ann-exposed.mlir")
    expose(bin_dir, ann, ann_exposed)
    reference = outputs(ann_exposed, "ann", [])
    snn_exposed = os.path.join(work, f"{args.model}-snn-exposed.mlir")
    expose(bin_dir, ann, snn_exposed,
           f"neuron=if normalize={stats} {args.options}".strip())
    steps = [int(t) for t in args.steps.split(",")]
    errors = {}
    for t in steps:
        for name, a, s in zip(names, reference,
                              outputs(snn_exposed, f"snn-T{t}",
                                      ["--steps", str(t)])):
            scale = np.abs(a).sum()
            errors[name, t] = ((s - a).sum() / scale, np.abs(s - a).sum() / scale)

    print(f"{args.model}, `neuron=if normalize=STATS {args.options}`, first "
          f"{n} test images: relative bias / relative L1 error of the mean "
          "output over T steps against the ANN")
    print()
    print("| layer | " + " | ".join(f"T={t}" for t in steps) + " |")
    print("|---|" + "---:|" * len(steps))
    for name in names[1:] + names[:1]:
        print(f"| `{name}` | " + " | ".join(
            f"{errors[name, t][0]:+.3f} / {errors[name, t][1]:.3f}"
            for t in steps) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
