"""convergence.py ANN.npy SNN_T1.npy SNN_T2.npy ...: prints the largest
absolute error of each spiking run's mean output against the ANN's, and
exits 1 unless the error shrinks as the number of steps grows and the last
one is below 1% of the ANN's largest output."""
import sys

import numpy as np

ann = np.load(sys.argv[1])
errors = [float(np.abs(np.load(p) - ann).max()) for p in sys.argv[2:]]
scale = float(np.abs(ann).max())
for path, err in zip(sys.argv[2:], errors):
    print(f"{path.rsplit('/', 1)[-1]}: max abs error {err:.3g}")
shrinking = all(b < a for a, b in zip(errors, errors[1:]))
small = errors[-1] < 0.01 * scale
print("converges" if shrinking and small else "DOES NOT CONVERGE")
sys.exit(0 if shrinking and small else 1)
