# ===- check_count_pool.py - Nengo core vs snn-run, step by step -------=== #
#
# Usage: check_count_pool.py MODULE.py X.npy NATIVE.npy STEPS
#
# Simulates the network emitted from count-pool-net.mlir in Nengo core (the
# max pooling as a Python function node) on every input of X.npy and checks
# that its output at every step is snn-run's (--decode trace, NATIVE.npy):
# snn.count_max_pool2d's running sum, max pooling and one-step-delayed
# difference compute what the native time loop computes.
#
# ===---------------------------------------------------------------------=== #
import importlib.util
import sys

import nengo
import numpy as np

spec = importlib.util.spec_from_file_location("emitted", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
xs = np.load(sys.argv[2])
native = np.load(sys.argv[3])
steps = int(sys.argv[4])
native = native.reshape(len(xs), steps, -1).astype(np.float64)

agree = 0
for trial, x in enumerate(xs):
    net, inp, probes = mod.build_network(
        input_outputs=[x.ravel()], nengo_dl_layers=False)
    with nengo.Simulator(net, dt=0.001, progress_bar=False) as sim:
        sim.run_steps(steps)
    got = sim.data[probes[0]]
    # float64 in Nengo, float32 natively: the same spikes, outputs within
    # float32 rounding of a sum of 18 terms of size 250.
    ok = np.isclose(got, native[trial], rtol=1e-5, atol=1e-2)
    if not ok.all():
        bad = np.argwhere(~ok)[0]
        sys.exit(f"trial {trial}: first mismatch at step {bad[0]}: "
                 f"nengo {got[bad[0]]} native {native[trial][bad[0]]}")
    agree += 1
    print(f"trial {trial}: {steps} steps agree "
          f"({int(np.count_nonzero(got.any(axis=1)))} with output)")
print(f"agreement: {agree}/{len(xs)}")
