//===- PythonRuntime.h - fixed Python text of --emit-nengo ------*- C++ -*-===//
//
// Part of snn-mlir.
//
// The parts of the generated module that do not depend on the network: the
// helper functions (emitted only when used) and the runner (`run`, `main`).
// They read only the module's own constants, never model data.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_LIB_TARGET_NENGO_PYTHONRUNTIME_H
#define SNN_LIB_TARGET_NENGO_PYTHONRUNTIME_H

#include "llvm/ADT/StringRef.h"

namespace mlir {
namespace snn {
namespace nengo {

/// A helper function of the generated module, by name.
struct PythonHelper {
  llvm::StringRef name;
  llvm::StringRef code;
};

/// Every helper, in the order they are emitted.
inline constexpr PythonHelper kPythonHelpers[] = {
    {"_SNNIF", R"py(class _SNNIF(nengo.SpikingRectifiedLinear):
    """snn.if with its rectify and reset attributes (docs/Dialects/SNN.md):
    v += (rectify ? max(J, 0) : J) * dt; reset "subtract": n = max(floor(v), 0)
    spikes, v -= n; reset "zero": one spike when v > 1, then v = 0."""

    rectify = nengo.params.BoolParam("rectify")
    reset = nengo.params.EnumParam("reset", values=("subtract", "zero"))

    def __init__(self, amplitude=1.0, rectify=True, reset="subtract",
                 initial_state=None):
        super().__init__(amplitude=amplitude, initial_state=initial_state)
        self.rectify = rectify
        self.reset = reset

    def step(self, dt, J, output, voltage):
        voltage += (np.maximum(J, 0) if self.rectify else J) * dt
        if self.reset == "zero":
            spiked = voltage > 1
            output[...] = np.where(spiked, self.amplitude / dt, 0)
            voltage[spiked] = 0
            return
        n_spikes = np.floor(voltage)
        if not self.rectify:
            n_spikes = np.maximum(n_spikes, 0)
        output[...] = (self.amplitude / dt) * n_spikes
        voltage -= n_spikes)py"},
    {"_transpose_index", R"py(def _transpose_index(shape, perm):
    """Flat positions read by a transpose of a C-ordered tensor."""
    return np.arange(int(np.prod(shape))).reshape(shape).transpose(perm).ravel()
)py"},
    {"_slice_index", R"py(def _slice_index(shape, start, size):
    """Flat positions of a slice of a C-ordered tensor."""
    window = tuple(slice(b, b + n) for b, n in zip(start, size))
    return np.arange(int(np.prod(shape))).reshape(shape)[window].ravel()
)py"},
    {"_broadcast_index", R"py(def _broadcast_index(shape, to_shape):
    """Flat positions read by a numpy broadcast of a C-ordered tensor."""
    index = np.arange(int(np.prod(shape))).reshape(shape)
    return np.broadcast_to(index, to_shape).ravel()
)py"},
    {"_avg_pool_kernel", R"py(def _avg_pool_kernel(kh, kw, channels, scale=1.0):
    """Average pooling without padding as a convolution kernel."""
    kernel = np.zeros((kh, kw, channels, channels))
    kernel[:, :, np.arange(channels), np.arange(channels)] = scale / (kh * kw)
    return kernel
)py"},
    {"_avg_pool_sparse",
     R"py(def _avg_pool_sparse(shape, kernel, strides, pads, channels_last, scale=1.0):
    """Average pooling with padding as a sparse transform.

    As in TOSA and ONNX (count_include_pad=0), the divisor counts the input
    elements under the window, not the padding.
    """
    if channels_last:
        h, w, c = shape
    else:
        c, h, w = shape
    kh, kw = kernel
    sh, sw = strides
    top, bottom, left, right = pads
    oh = (h + top + bottom - kh) // sh + 1
    ow = (w + left + right - kw) // sw + 1
    index_in = np.arange(h * w * c).reshape((h, w, c) if channels_last else (c, h, w))
    index_out = np.arange(oh * ow * c).reshape(
        (oh, ow, c) if channels_last else (c, oh, ow)
    )
    rows, cols, values = [], [], []
    for oy in range(oh):
        ys = [y for y in range(oy * sh - top, oy * sh - top + kh) if 0 <= y < h]
        for ox in range(ow):
            xs = [x for x in range(ox * sw - left, ox * sw - left + kw) if 0 <= x < w]
            for ch in range(c):
                out = index_out[oy, ox, ch] if channels_last else index_out[ch, oy, ox]
                for y in ys:
                    for x in xs:
                        rows.append(out)
                        cols.append(
                            index_in[y, x, ch] if channels_last else index_in[ch, y, x]
                        )
                        values.append(scale / (len(ys) * len(xs)))
    return nengo.Sparse(
        (oh * ow * c, h * w * c),
        indices=np.stack([rows, cols], axis=1),
        init=np.array(values),
    )
)py"},
    {"_reduce_sum_sparse", R"py(def _reduce_sum_sparse(shape, axis, scale=1.0):
    """A sum over one axis of a C-ordered tensor as a sparse transform."""
    size = int(np.prod(shape))
    out_shape = list(shape)
    out_shape[axis] = 1
    rows = np.broadcast_to(
        np.arange(int(np.prod(out_shape))).reshape(out_shape), shape
    ).ravel()
    return nengo.Sparse(
        (int(np.prod(out_shape)), size),
        indices=np.stack([rows, np.arange(size)], axis=1),
        init=np.full(size, scale),
    )
)py"},
    {"_max_pool_layer",
     R"py(def _max_pool_layer(obj, shape_in, channels_last, kernel, strides, pads,
                    nengo_dl_layers=True):
    """Max pooling, which has no Nengo object form.

    With ``nengo_dl_layers`` a TensorFlow layer inside NengoDL (trainable
    around it); otherwise a Python function node that Nengo core runs.
    """
    top, bottom, left, right = pads
    kh, kw = kernel
    sh, sw = strides
    if nengo_dl_layers:
        import nengo_dl
        import tensorflow as tf

        def pool(x):
            if not channels_last:
                x = tf.transpose(x, (0, 2, 3, 1))
            if top or bottom or left or right:
                x = tf.pad(
                    x,
                    ((0, 0), (top, bottom), (left, right), (0, 0)),
                    constant_values=-np.inf,
                )
            y = tf.nn.max_pool2d(x, kernel, strides, "VALID")
            if not channels_last:
                y = tf.transpose(y, (0, 3, 1, 2))
            return y

        return nengo_dl.Layer(tf.keras.layers.Lambda(pool))(obj, shape_in=shape_in)

    h, w, c = shape_in if channels_last else (shape_in[1], shape_in[2], shape_in[0])
    oh = (h + top + bottom - kh) // sh + 1
    ow = (w + left + right - kw) // sw + 1

    def pool_step(t, x):
        x = x.reshape(shape_in)
        if not channels_last:
            x = x.transpose(1, 2, 0)
        x = np.pad(
            x, ((top, bottom), (left, right), (0, 0)), constant_values=-np.inf
        )
        y = np.full((oh, ow, c), -np.inf)
        for i in range(kh):
            for j in range(kw):
                y = np.maximum(y, x[i : i + sh * oh : sh, j : j + sw * ow : sw])
        if not channels_last:
            y = y.transpose(2, 0, 1)
        return y.ravel()

    node = nengo.Node(pool_step, size_in=h * w * c, size_out=oh * ow * c)
    nengo.Connection(obj, node, synapse=None)
    return node
)py"},
};

/// The runner: simulates the network over a data set and reports accuracy.
inline constexpr llvm::StringRef kPythonRunner =
    R"py(def run(inputs, steps=DEFAULT_STEPS, dt=0.001, batch=1, simulator="nengo_dl",
        weights_path=WEIGHTS_PATH):
    """Simulates each example of ``inputs`` for ``steps`` steps of ``dt`` seconds.

    The input is presented as a constant at every step and the network starts
    from its initial state (zero voltage) for every example. Returns the
    output averaged over the steps, one row per example (first output).
    """
    x = np.asarray(inputs, dtype=np.float32).reshape(len(inputs), -1)
    if x.shape[1] != INPUT_SIZES[0]:
        raise ValueError(
            f"an example has {x.shape[1]} values; the input "
            f"{INPUT_SHAPES[0]} needs {INPUT_SIZES[0]}"
        )
    if simulator == "nengo":
        current = [np.zeros(INPUT_SIZES[0])]
        inputs_out = [lambda t: current[0]] + [None] * (len(INPUT_SIZES) - 1)
        net, _, probes = build_network(
            weights_path, inputs_out, nengo_dl_layers=False, dt=dt
        )
        outputs = []
        with nengo.Simulator(net, dt=dt, progress_bar=False) as sim:
            for example in x:
                current[0] = example
                sim.reset()
                sim.run_steps(steps)
                outputs.append(sim.data[probes[0]].mean(axis=0))
        return np.array(outputs)

    import nengo_dl

    net, inp, probes = build_network(weights_path, dt=dt)
    node = inp[0] if isinstance(inp, tuple) else inp
    n = len(x)
    padded = np.concatenate([x, np.zeros(((-n) % batch, x.shape[1]), x.dtype)])
    data = np.repeat(padded[:, None, :], steps, axis=1)
    with nengo_dl.Simulator(net, dt=dt, minibatch_size=batch, progress_bar=False) as sim:
        out = sim.predict({node: data})
    return out[probes[0]][:n].mean(axis=1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inputs", required=True, help="examples (.npy), shape (N, ...)")
    parser.add_argument("--labels", help="labels (.npy): class indices or one-hot rows")
    parser.add_argument("--steps", type=int, default=DEFAULT_STEPS,
                        help="time steps per example (default %(default)s)")
    parser.add_argument("--dt", type=float, default=0.001,
                        help="step length in seconds (default %(default)s)")
    parser.add_argument("--batch", type=int, default=1,
                        help="NengoDL minibatch size (default %(default)s)")
    parser.add_argument("--simulator", choices=("nengo_dl", "nengo"),
                        default="nengo_dl", help="simulator (default %(default)s)")
    parser.add_argument("--weights", default=WEIGHTS_PATH,
                        help="weights file (.npz; default next to this module)")
    parser.add_argument("--save-outputs", help="write the mean outputs (.npy)")
    args = parser.parse_args(argv)
    x = np.load(args.inputs)
    out = run(x, args.steps, args.dt, args.batch, args.simulator, args.weights)
    if args.save_outputs:
        np.save(args.save_outputs, out)
    predictions = out.reshape(len(out), -1).argmax(axis=1)
    if args.labels is None:
        print("predictions:", " ".join(str(p) for p in predictions))
        return
    labels = np.load(args.labels)
    if labels.ndim > 1:
        labels = labels.reshape(len(labels), -1).argmax(axis=1)
    correct = int((predictions == labels).sum())
    print(f"accuracy: {correct / len(labels):.4f} ({correct}/{len(labels)})")


if __name__ == "__main__":
    main()
)py";

} // namespace nengo
} // namespace snn
} // namespace mlir

#endif // SNN_LIB_TARGET_NENGO_PYTHONRUNTIME_H
