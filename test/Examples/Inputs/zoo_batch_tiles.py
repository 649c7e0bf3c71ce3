# Helper of ../zoo-batch-tiles.test: export torchvision models with a symbolic
# batch (first call), then import, convert and run them at batch 4 and 1
# (second call, --run BIN).
import os
import subprocess
import sys

import numpy as np

CONVERT = ("neuron=if if-integration=rectified initial-voltage=0 "
           "max-pool=after-neuron normalize-per-channel=false "
           "normalize={stats} synapse=0.001 activations=relu,clip")

work = sys.argv[1]
if sys.argv[2] != "--run":
    import torch
    import torchvision
    torch.manual_seed(0)
    for name in sys.argv[2:]:
        model = getattr(torchvision.models, name)(weights=None).eval()
        torch.onnx.export(model, torch.randn(2, 3, 32, 32),
                          os.path.join(work, name + ".onnx"),
                          opset_version=13, input_names=["x"],
                          output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    rng = np.random.default_rng(1)
    np.save(os.path.join(work, "x.npy"),
            rng.standard_normal((4, 3, 32, 32)).astype(np.float32))
    np.save(os.path.join(work, "calib.npy"),
            rng.standard_normal((8, 3, 32, 32)).astype(np.float32))
    sys.exit(0)

bin_dir = sys.argv[3]


def tool(name, *args, **kwargs):
    return subprocess.run([os.path.join(bin_dir, name)] + list(args),
                          check=True, capture_output=True, text=True,
                          **kwargs)


for name in sys.argv[4:]:
    base = os.path.join(work, name)
    tool("snn-translate", "--import-onnx", base + ".onnx", "--onnx-dim",
         "batch=1", "-o", base + "-ann1.mlir")
    tool("snn-run", base + "-ann1.mlir", "--input",
         os.path.join(work, "calib.npy"), "--quiet", "--no-progress",
         "--stats-file", base + "-stats.json")
    for batch in (1, 4):
        tool("snn-translate", "--import-onnx", base + ".onnx", "--onnx-dim",
             "batch=%d" % batch, "-o", base + "-ann%d.mlir" % batch)
        tool("snn-opt", base + "-ann%d.mlir" % batch,
             "--convert-activations-to-spiking=" +
             CONVERT.format(stats=base + "-stats.json"),
             "-o", base + "-snn%d.mlir" % batch)
    # The pass on its own, as the pipeline runs it with threads.
    out = tool("snn-opt", base + "-snn4.mlir", "--snn-sink-synapses",
               "--snn-materialize-time", "--snn-delta-max-pool",
               "--snn-tile-batch=remarks parallel min-tiles=2")
    tiled = "scf.forall" in out.stdout and "remark" not in out.stderr
    runs = {}
    for batch, flags in ((4, ["--jobs", "1", "--layer-threads", "2"]),
                         (1, ["--jobs", "2"])):
        path = base + "-out%d.npy" % batch
        tool("snn-run", base + "-snn%d.mlir" % batch, "--input",
             os.path.join(work, "x.npy"), "--steps", "32", "--quiet",
             "--no-progress", "--output", path, *flags)
        runs[batch] = np.load(path)
    same = runs[4].tobytes() == runs[1].tobytes()
    print("%s: %s, %dx%d outputs %s as batch 1 (nonzero: %d)"
          % (name, "tiled" if tiled else "NOT TILED", runs[4].shape[0],
             runs[4].shape[1], "the same bytes" if same else "DIFFERENT",
             int((np.abs(runs[4]).sum(1) > 0).sum())))
