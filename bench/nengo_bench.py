#!/usr/bin/python3
"""Nengo core contender: the module written by `snn-translate --emit-nengo`
for the converted model, simulated with nengo.Simulator (Nengo core, numpy),
one image after another (sim.reset(), run_steps(T), mean of the output probe
over the steps: the mean decoding snn-run uses).

Usage: bench/nengo_bench.py MODULE.py --input X.npy [--input-scale S]
         [--limit N] [--steps T] [--dt DT] [--output Y.npy]

Prints "RESULT images=N seconds=S images_per_s=X us_per_image_step=Y
build_seconds=B" (the simulator build is timed separately, not in the rate),
or "nengo: skipped (not importable: ...)" and exits 3.
"""
import argparse
import importlib.util
import time

import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("module")
    p.add_argument("--input", required=True)
    p.add_argument("--input-scale", type=float, default=1.0)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--dt", type=float, default=0.001)
    p.add_argument("--output")
    args = p.parse_args()
    try:
        import nengo
    except Exception as e:  # noqa: BLE001 - any import failure means skip
        print(f"nengo: skipped (not importable: {e})")
        raise SystemExit(3)

    spec = importlib.util.spec_from_file_location("bench_nengo_model", args.module)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)

    x = np.load(args.input)[:args.limit]
    x = (x.astype(np.float64) * args.input_scale).astype(np.float32)  # as snn-run
    x = x.reshape(len(x), -1)
    current = [np.zeros(mod.INPUT_SIZES[0])]
    inputs = [lambda t: current[0]] + [None] * (len(mod.INPUT_SIZES) - 1)
    t0 = time.perf_counter()
    net, _, probes = mod.build_network(mod.WEIGHTS_PATH, inputs, nengo_dl_layers=False,
                                       dt=args.dt)
    outputs = []
    with nengo.Simulator(net, dt=args.dt, progress_bar=False) as sim:
        build = time.perf_counter() - t0
        start = time.perf_counter()
        for example in x:
            current[0] = example
            sim.reset()
            sim.run_steps(args.steps)
            outputs.append(sim.data[probes[0]].mean(axis=0))
        secs = time.perf_counter() - start
    rate = len(x) / secs
    print(f"RESULT images={len(x)} seconds={secs:.3f} images_per_s={rate:.4f} "
          f"us_per_image_step={1e6 / (rate * args.steps):.3f} "
          f"build_seconds={build:.3f} nengo={nengo.__version__}")
    if args.output:
        np.save(args.output, np.array(outputs, dtype=np.float32).reshape(len(x), -1))


if __name__ == "__main__":
    main()
