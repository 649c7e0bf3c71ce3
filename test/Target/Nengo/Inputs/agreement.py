"""agreement.py NENGO.npy NATIVE.npy: prints how many samples get the same
prediction (arg-max) from Nengo and from snn-run; exit 1 unless all do."""
import sys

import numpy as np

a = np.load(sys.argv[1]).reshape(-1, 10)
b = np.load(sys.argv[2]).reshape(-1, 10)
same = int((a.argmax(1) == b.argmax(1)).sum())
print(f"agreement: {same}/{len(a)}")
sys.exit(0 if same == len(a) else 1)
