# ===- check_spiking.py - Nengo core vs NEURON-SEMANTICS.md, step by step -=== #
#
# Usage: check_spiking.py MODULE.py   (the module emitted from spiking-net.mlir)
#
# Simulates the emitted network in Nengo core and a numpy transcription of
# docs/NEURON-SEMANTICS.md (LIF, lowpass, IF; zero initial state; no delay
# between layers) on the same inputs, and checks that the outputs agree at
# every step.
#
# ===---------------------------------------------------------------------=== #
import importlib.util
import sys

import nengo
import numpy as np

spec = importlib.util.spec_from_file_location("emitted", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)

dt, steps = 0.001, 200
w = np.load(mod.WEIGHTS_PATH)
w1, b1, w2 = w["w1"].reshape(4, 3), w["b1"].reshape(3), w["w2"].reshape(3, 2)


def reference(x):
    v1, r1, s, v2 = np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(2)
    a = np.exp(-dt / 0.01)
    outs = []
    for _ in range(steps):
        j = 2.0332303384 * (x @ w1 + b1) + 1.0
        r1 = r1 - dt
        delta = np.clip(dt - r1, 0, dt)
        v1 = v1 - (j - v1) * np.expm1(-delta / 0.02)
        spiked = v1 > 1
        out1 = spiked * 0.01 / dt
        t_spike = dt + 0.02 * np.log1p(-(v1[spiked] - 1) / (j[spiked] - 1))
        v1 = np.maximum(v1, -0.5)
        v1[spiked] = 0
        r1[spiked] = 0.002 + t_spike
        s = a * s + (1 - a) * out1
        j2 = 20.0 * (s @ w2) + 0.5
        v2 = v2 + np.maximum(j2, 0) * dt
        n = np.floor(v2)
        outs.append(0.5 * n / dt)
        v2 = v2 - n
    return np.array(outs)


rng = np.random.RandomState(0)
for trial in range(3):
    x = rng.uniform(-1, 1, 4)
    net, inp, probes = mod.build_network(input_outputs=[x])
    with nengo.Simulator(net, dt=dt, progress_bar=False) as sim:
        sim.run_steps(steps)
    got = sim.data[probes[0]]
    want = reference(x)
    if not np.allclose(got, want, rtol=1e-9, atol=1e-9):
        bad = np.argwhere(~np.isclose(got, want, rtol=1e-9, atol=1e-9))[0]
        sys.exit(f"trial {trial}: first mismatch at step {bad[0]}: "
                 f"{got[bad[0]]} != {want[bad[0]]}")
    print(f"trial {trial}: {int((got > 0).sum())} output spike steps agree")
