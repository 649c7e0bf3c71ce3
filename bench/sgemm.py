#!/usr/bin/python3
"""The best FP32 matrix multiply on this machine (the roofline's check).

  bench/sgemm.py [--sizes 1024,2048] [--threads 1,2] [--reps 5]
                 [--libs numpy,torch]

Times C = A @ B on n x n float32 matrices (uniform [0, 1), seed 0), the
best of --reps calls after one warm-up call, for every size and thread
count, with numpy (its BLAS: Debian's libblas.so.3, OpenBLAS pthread here;
OPENBLAS_NUM_THREADS / OMP_NUM_THREADS set before numpy is imported, one
subprocess per thread count) and torch (torch.set_num_threads, also in its
own subprocess). One multiply is n^3 multiply-accumulates (MACs). Prints
  SGEMM lib=numpy threads=1 n=2048 seconds=... mac_per_s=...
  SGEMM_BEST threads=1 mac_per_s=... lib=... n=...
and "SGEMM lib=torch skipped (...)" when a library does not import.
"""
import argparse
import os
import subprocess
import sys
import time


def child(lib, threads, sizes, reps):
    if lib == "numpy":
        import numpy as np
        mm = lambda a, b: a @ b
        make = lambda n, rng: rng.rand(n, n).astype(np.float32)
    else:
        import numpy as np
        import torch
        torch.set_num_threads(threads)
        mm = torch.mm
        make = lambda n, rng: torch.from_numpy(rng.rand(n, n).astype(np.float32))
    for n in sizes:
        rng = np.random.RandomState(0)
        a, b = make(n, rng), make(n, rng)
        mm(a, b)  # warm-up: thread pool, page faults of the output
        best = float("inf")
        for _ in range(reps):
            t0 = time.perf_counter()
            mm(a, b)
            best = min(best, time.perf_counter() - t0)
        print(f"SGEMM lib={lib} threads={threads} n={n} seconds={best:.6f} "
              f"mac_per_s={n ** 3 / best:.4g}", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="1024,2048")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--libs", default="numpy,torch")
    p.add_argument("--child", help=argparse.SUPPRESS)
    a = p.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    if a.child:
        lib, threads = a.child.split(":")
        child(lib, int(threads), sizes, a.reps)
        return
    best = {}
    for lib in a.libs.split(","):
        for t in [int(s) for s in a.threads.split(",")]:
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(t),
                       OMP_NUM_THREADS=str(t), MKL_NUM_THREADS=str(t))
            r = subprocess.run([sys.executable, __file__, "--child", f"{lib}:{t}",
                                "--sizes", a.sizes, "--reps", str(a.reps)],
                               env=env, capture_output=True, text=True)
            lines = [l for l in r.stdout.splitlines() if l.startswith("SGEMM ")]
            if r.returncode != 0 or not lines:
                why = (r.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"SGEMM lib={lib} threads={t} skipped ({why})", flush=True)
                continue
            for line in lines:
                print(line, flush=True)
                kv = dict(f.split("=", 1) for f in line.split()[1:])
                rate = float(kv["mac_per_s"])
                if rate > best.get(t, (0,))[0]:
                    best[t] = (rate, lib, kv["n"])
    for t in sorted(best):
        rate, lib, n = best[t]
        print(f"SGEMM_BEST threads={t} mac_per_s={rate:.4g} lib={lib} n={n}")


if __name__ == "__main__":
    main()
