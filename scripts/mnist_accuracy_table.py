#!/usr/bin/python3
#===- mnist_accuracy_table.py - ANN and SNN accuracy of the MNIST models -===#
#
# Part of snn-mlir.
#
# Runs the bundled MNIST networks (the ReLU LeNet-5 of examples/lenet5 and
# the deep CNNs of examples/deep-mnist) natively with snn-run: the ANN, and
# its IF conversion with data-based normalization under several conversion
# settings, for several numbers of time steps. Prints a markdown table and
# writes a plot of accuracy against steps (PNG; Debian's python3-matplotlib).
#
#   /usr/bin/python3 scripts/mnist_accuracy_table.py BUILD IMAGES
#       [--steps 25,50,100] [--models lenet5,vgg,resnet]
#       [--settings rectified-syn,signed,...] [--markdown FILE] [--plot FILE]
#
# IMAGES: the first IMAGES images of the MNIST test set (fetched by
# scripts/fetch_mnist.sh into BUILD/mnist; 1000 or fewer use the bundled
# examples/mnist subset, the same images). Normalization is calibrated on the
# bundled 1,000 MNIST *training* images, never on test data.
#
# Each spiking network runs once, for the largest T, with `--decode trace`;
# the accuracy at a smaller T is the arg-max of the mean of the first T
# steps' outputs, which is what `snn-run --steps T` (decode mean) computes:
# the networks are deterministic and start from the same state.
# `--check-direct N` reruns the first N images with `--steps T` for every T
# and fails when an arg-max differs. Besides the accuracy, each row counts
# the test images the SNN predicts unlike the ANN at each T, and (snn-run
# --stats, `--spike-images N`) the spikes per neuron per step.
#
#===----------------------------------------------------------------------===#

import argparse
import os
import re
import sys
import time

import numpy as np

from mnist_runs import ROOT, SCALE, accuracy_of, run, test_data

MODELS = {
    "lenet5": ("LeNet-5", "examples/lenet5/lenet5.onnx"),
    "vgg": ("VGG", "examples/deep-mnist/vgg.onnx"),
    "resnet": ("ResNet", "examples/deep-mnist/resnet.onnx"),
}

# name -> (label, conversion options after `neuron=if normalize=STATS`).
# Every lever is spelled out, so that the rows do not depend on the pass's
# defaults ("default" is what the defaults are now).
RECT = "if-integration=rectified initial-voltage=0"
SIGNED = "if-integration=signed initial-voltage=0.5"
LAYER = "normalize-per-channel=false"
CHANNEL = "normalize-per-channel=true"
SETTINGS = {
    "rectified": ("rectified, v0 = 0 (Nengo's IF)",
                  f"{RECT} max-pool=after-neuron {LAYER}"),
    "rectified-syn": ("rectified, v0 = 0, 1 ms synapse",
                      f"{RECT} max-pool=after-neuron {LAYER} synapse=0.001"),
    "signed": ("signed, v0 = 0.5",
               f"{SIGNED} max-pool=after-neuron {LAYER}"),
    "signed-syn": ("signed, v0 = 0.5, 1 ms synapse",
                   f"{SIGNED} max-pool=after-neuron {LAYER} synapse=0.001"),
    "count": ("signed, v0 = 0.5, count max pool",
              f"{SIGNED} max-pool=count {LAYER}"),
    "default": ("signed, v0 = 0.5, count max pool, per channel (defaults)",
                f"{SIGNED} max-pool=count {CHANNEL}"),
}
# More spikes at the percentile (normalize-rate, 1000 Hz: one per 1 ms
# step): finer rates at a given T, for more spikes.
for _r in ["2000", "4000"]:
    SETTINGS["default-r" + _r] = (
        f"signed, v0 = 0.5, count max pool, per channel, {_r} Hz",
        f"{SIGNED} max-pool=count {CHANNEL} normalize-rate={_r}")
# The percentile that gets one spike per step (normalize-percentile; 99.9
# above).
for _q in ["99", "99.99", "100"]:
    SETTINGS["count-p" + _q] = (
        f"signed, v0 = 0.5, count max pool, p{_q}",
        f"{SIGNED} max-pool=count {LAYER} normalize-percentile={_q}")
    SETTINGS["default-p" + _q] = (
        f"signed, v0 = 0.5, count max pool, per channel, p{_q}",
        f"{SIGNED} max-pool=count {CHANNEL} normalize-percentile={_q}")


def main():
    parser = argparse.ArgumentParser(
        description="ANN and SNN accuracy of the bundled MNIST models")
    parser.add_argument("build", help="the build directory (its bin/ tools)")
    parser.add_argument("images", type=int,
                        help="the first IMAGES MNIST test images")
    parser.add_argument("--steps", default="25,50,100")
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--settings", default="rectified,rectified-syn,signed,"
                        "signed-syn,count,default",
                        help="comma-separated rows (default: every setting "
                        "but the count-p* and default-p* percentile rows; "
                        "names: " + ", ".join(SETTINGS) + ")")
    parser.add_argument("--work", help="models, statistics and traces "
                        "(default: BUILD/mnist-accuracy)")
    parser.add_argument("--markdown", help="also write the table here")
    parser.add_argument("--plot", help="write the plot here (PNG)")
    parser.add_argument("--check-direct", type=int, default=0, metavar="N",
                        help="rerun the first N images with --steps T for "
                        "every T and compare with the trace")
    parser.add_argument("--jobs", default="0", help="snn-run --jobs")
    parser.add_argument("--spike-images", type=int, default=100, metavar="N",
                        help="also measure the spikes per neuron per step "
                        "(snn-run --stats, all populations) on the first N "
                        "images for the largest T (0: do not)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the traces a previous run left in the "
                        "work directory (same images, largest T and "
                        "conversion options, which a .options file beside "
                        "each trace records) instead of running the spiking "
                        "networks again, e.g. to redraw the plot")
    args = parser.parse_args()
    steps = sorted(int(t) for t in args.steps.split(","))
    models = args.models.split(",")
    settings = args.settings.split(",")
    for m in models:
        if m not in MODELS:
            sys.exit(f"error: unknown model {m} (expected {', '.join(MODELS)})")
    for s in settings:
        if s not in SETTINGS:
            sys.exit(f"error: unknown setting {s} "
                     f"(expected {', '.join(SETTINGS)})")
    build = os.path.abspath(args.build)
    bin_dir = os.path.join(build, "bin")
    work = args.work or os.path.join(build, "mnist-accuracy")
    os.makedirs(work, exist_ok=True)
    images, labels = test_data(build, args.images, work)
    label_array = np.load(labels)[:args.images]
    if len(label_array) < args.images:
        sys.exit(f"error: only {len(label_array)} test images")
    common = ["--input", images, "--input-scale", SCALE, "--limit",
              str(args.images), "--no-progress", "--jobs", args.jobs]

    ann_accuracy = {}
    snn_accuracy = {}  # (model, setting, T) -> %
    differs = {}  # (model, setting, T) -> images predicted unlike the ANN
    differs_curve = {}  # (model, setting) -> the same at every T
    spike_rate = {}  # (model, setting) -> spikes per neuron per step
    seconds = {}
    for model in models:
        name, onnx = MODELS[model]
        ann = os.path.join(work, f"{model}-ann.mlir")
        run([f"{bin_dir}/snn-translate", "--import-onnx",
             os.path.join(ROOT, onnx), "--mlir-print-debuginfo", "-o", ann])
        stats = os.path.join(work, f"{model}-train-stats.json")
        run([f"{bin_dir}/snn-run", ann, "--input",
             os.path.join(ROOT, "examples/mnist/train-1000-images.npy"),
             "--input-scale", SCALE, "--no-progress", "--quiet",
             "--jobs", args.jobs, "--stats-file", stats])
        ann_out = os.path.join(work, f"{model}-ann-{args.images}.npy")
        ann_accuracy[model] = accuracy_of(
            run([f"{bin_dir}/snn-run", ann, "--labels", labels, "--output",
                 ann_out] + common))
        ann_predicted = np.argmax(
            np.load(ann_out).reshape(args.images, -1), axis=1)
        print(f"{name} ANN: {ann_accuracy[model]:.2f}%", flush=True)
        for setting in settings:
            label, options = SETTINGS[setting]
            snn = os.path.join(work, f"{model}-{setting}.mlir")
            run([f"{bin_dir}/snn-opt", ann, "--mlir-print-debuginfo", "-o",
                 snn, "--convert-activations-to-spiking="
                 f"neuron=if normalize={stats} {options}"])
            trace_file = os.path.join(
                work, f"{model}-{setting}-{args.images}-T{steps[-1]}-trace.npy")
            options_file = trace_file + ".options"
            start = time.time()
            reusable = (args.reuse and os.path.exists(trace_file) and
                        os.path.exists(options_file) and
                        open(options_file).read() == options)
            if not reusable:
                run([f"{bin_dir}/snn-run", snn, "--steps", str(steps[-1]),
                     "--decode", "trace", "--output", trace_file] + common)
                with open(options_file, "w") as f:
                    f.write(options)
            seconds[model, setting] = time.time() - start
            trace = np.load(trace_file)  # [images, steps, 10]
            if trace.shape[0] != args.images or trace.shape[1] != steps[-1]:
                sys.exit(f"error: {trace_file} has shape {trace.shape}")
            trace = trace.reshape(trace.shape[0], trace.shape[1], -1)
            cumulative = np.cumsum(trace.astype(np.float64), axis=1)
            differs_curve[model, setting] = np.sum(
                np.argmax(cumulative, axis=2) != ann_predicted[:, None], axis=0)
            for t in steps:
                predicted = np.argmax(cumulative[:, t - 1, :], axis=1)
                snn_accuracy[model, setting, t] = 100.0 * np.mean(
                    predicted == label_array)
                differs[model, setting, t] = int(
                    np.sum(predicted != ann_predicted))
            if args.spike_images:
                out = run([f"{bin_dir}/snn-run", snn, "--steps",
                           str(steps[-1]), "--stats", "--input", images,
                           "--input-scale", SCALE, "--limit",
                           str(args.spike_images), "--no-progress", "--jobs",
                           args.jobs])
                match = re.search(r"^all\s+([0-9.]+)", out, re.M)
                if not match:
                    sys.exit(f"error: no spike rate in snn-run's output:\n{out}")
                spike_rate[model, setting] = float(match.group(1))
            print(f"{name}, {label}: " + ", ".join(
                f"T={t} {snn_accuracy[model, setting, t]:.2f}%"
                for t in steps) + f" ({seconds[model, setting]:.0f} s)" +
                (f", {spike_rate[model, setting]:.4f} spikes/neuron/step"
                 if args.spike_images else ""), flush=True)
            if args.check_direct:
                n = args.check_direct
                for t in steps:
                    out_file = os.path.join(work, f"{model}-{setting}-T{t}.npy")
                    run([f"{bin_dir}/snn-run", snn, "--steps", str(t),
                         "--output", out_file, "--input", images,
                         "--input-scale", SCALE, "--limit", str(n),
                         "--no-progress", "--jobs", args.jobs])
                    direct = np.load(out_file).reshape(n, -1)
                    same = np.argmax(direct, axis=1) == np.argmax(
                        cumulative[:n, t - 1, :], axis=1)
                    if not same.all():
                        sys.exit(f"error: {model} {setting} T={t}: the trace "
                                 f"and --steps {t} disagree on "
                                 f"{int((~same).sum())} of {n} images")
                print(f"  trace = --steps T on the first {n} images",
                      flush=True)

    lines = [
        f"First {args.images} MNIST test images; IF neurons with data-based "
        "normalization (the normalize-percentile, 99.9 unless the row says "
        "otherwise, of 1,000 training images at one spike per 1 ms step); "
        "accuracy at T steps of 1 ms; *differs*: test images the SNN "
        "predicts unlike the ANN at each T; *spikes*: spikes per neuron per "
        f"step over all populations (first {args.spike_images} images, "
        f"T = {steps[-1]}).",
        "",
        "| model | ANN | conversion | " +
        " | ".join(f"T={t}" for t in steps) + " | differs (" +
        " / ".join(f"T={t}" for t in steps) + ")" +
        (" | spikes" if args.spike_images else "") + " |",
        "|---|---:|---|" + "---:|" * (len(steps) + 1) +
        ("---:|" if args.spike_images else ""),
    ]
    for model in models:
        for i, setting in enumerate(settings):
            ann_cell = f"{ann_accuracy[model]:.2f}%" if i == 0 else ""
            model_cell = MODELS[model][0] if i == 0 else ""
            cells = [f"{snn_accuracy[model, setting, t]:.2f}%" for t in steps]
            cells.append(" / ".join(str(differs[model, setting, t])
                                    for t in steps))
            if args.spike_images:
                cells.append(f"{spike_rate[model, setting]:.4f}")
            lines.append(f"| {model_cell} | {ann_cell} | "
                         f"`{SETTINGS[setting][1]}` | " + " | ".join(cells) +
                         " |")
    table = "\n".join(lines) + "\n"
    print()
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(f"<!-- Written by scripts/mnist_accuracy_table.py BUILD "
                    f"{args.images} --steps {args.steps} --models "
                    f"{args.models} --settings {args.settings} -->\n")
            f.write(table)

    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        # Rows: accuracy over the whole range, accuracy around the ANN, and
        # the test images predicted unlike the ANN at every T.
        fig, axes = plt.subplots(3, len(models), figsize=(4.4 * len(models),
                                                         11.5), squeeze=False)
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        handles = []
        for column, model in enumerate(models):
            ann_value = ann_accuracy[model]
            values = [snn_accuracy[model, s, t] for s in settings for t in steps]
            ranges = [(max(0.0, min(values + [ann_value]) - 1.0), 100.0),
                      (ann_value - 1.0, min(100.0, ann_value + 0.5))]
            for row, (low, high) in enumerate(ranges):
                ax = axes[row][column]
                for k, setting in enumerate(settings):
                    line, = ax.plot(
                        steps, [snn_accuracy[model, setting, t] for t in steps],
                        marker="o", color=colors[k % len(colors)],
                        linewidth=2.5 if setting == "default" else 1.2,
                        label=SETTINGS[setting][0])
                    if row == 0 and column == 0:
                        handles.append(line)
                ann_line = ax.axhline(ann_value, color="black", linestyle="--",
                                      label="ANN")
                band = ax.axhline(ann_value - 0.2, color="gray", linestyle=":",
                                  label="ANN - 0.2 pp")
                ax.set_xscale("log")
                ax.set_xticks(steps)
                ax.set_xticklabels([str(t) for t in steps])
                ax.minorticks_off()
                ax.set_ylim(low, high)
                ax.set_title(f"{MODELS[model][0]}, ANN {ann_value:.2f}%" +
                             (" (around the ANN)" if row else ""))
                ax.set_xlabel("time steps T (1 ms each)")
                ax.set_ylabel("MNIST test accuracy (%)")
                ax.grid(True, alpha=0.3)
            ax = axes[2][column]
            t_all = np.arange(1, steps[-1] + 1)
            for k, setting in enumerate(settings):
                ax.plot(t_all, differs_curve[model, setting],
                        color=colors[k % len(colors)],
                        linewidth=2.5 if setting == "default" else 1.2)
            ax.set_xscale("log")
            ax.set_yscale("symlog", linthresh=1)
            ax.set_xlim(5, steps[-1])
            ticks = sorted({5, 10} | set(steps))
            ax.set_xticks(ticks)
            ax.set_xticklabels([str(t) for t in ticks])
            ax.minorticks_off()
            ax.set_ylim(0, args.images)
            ax.set_title(f"{MODELS[model][0]}: predicted unlike the ANN")
            ax.set_xlabel("time steps T (1 ms each)")
            ax.set_ylabel(f"test images (of {args.images})")
            ax.grid(True, alpha=0.3)
        if handles:
            fig.legend(handles + [ann_line, band],
                       [h.get_label() for h in handles] +
                       ["ANN", "ANN - 0.2 pp"], loc="lower center", ncol=3,
                       fontsize=8)
        fig.suptitle(f"IF conversion (data-based normalization) run natively "
                     f"by snn-run, first {args.images} MNIST test images")
        fig.tight_layout(rect=(0, 0.07, 1, 0.98))
        fig.savefig(args.plot, dpi=100)
        print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
