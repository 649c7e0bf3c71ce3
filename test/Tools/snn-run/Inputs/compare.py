"""compare.py A.npy B.npy [rtol] [atol]: exit 1 unless the arrays have the
same shape and are close; prints the largest difference."""
import sys

import numpy as np

a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
rtol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-5
atol = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-6
if a.shape != b.shape:
    print(f"shape mismatch: {a.shape} vs {b.shape}")
    sys.exit(1)
diff = float(np.max(np.abs(a.astype(np.float64) - b))) if a.size else 0.0
ok = np.allclose(a, b, rtol=rtol, atol=atol)
print(f"{'match' if ok else 'MISMATCH'}: shape {a.shape}, max abs diff {diff:.3g}")
sys.exit(0 if ok else 1)
