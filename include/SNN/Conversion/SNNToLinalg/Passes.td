//===- Passes.td - SNNToLinalg passes ---------------------*- tablegen -*-===//
//
// Part of snn-mlir. Included by SNN/Conversion/Passes.td.
//
// The native-execution lowering: time materialization (level 2 -> 3 of
// docs/ARCHITECTURE.md), snn step and rate ops to linalg/arith/math (level 3
// -> 4), and the helper that marks entry points for the C interface. The
// whole chain is the `--snn-lower-to-llvm` pipeline (docs/LOWERING.md).
//
//===----------------------------------------------------------------------===//

#ifndef SNN_CONVERSION_SNNTOLINALG_PASSES_TD
#define SNN_CONVERSION_SNNTOLINALG_PASSES_TD

include "mlir/Pass/PassBase.td"

def SNNMaterializeTimePass : Pass<"snn-materialize-time", "mlir::ModuleOp"> {
  let summary = "wrap networks with population ops in an explicit time loop";
  let description = [{
    Makes time explicit (level 3 of docs/ARCHITECTURE.md). Every `func.func`
    whose body contains population ops (`snn.lif`, `snn.if`,
    `snn.izhikevich`, `snn.lowpass`, `snn.delay`, `snn.feedback_delay`,
    `snn.count_max_pool2d`) is rewritten so that:

    * two arguments are appended to its signature: the number of steps
      `%num_steps: i64` and the step length `%dt: f32` (seconds);
    * the ops that depend on a population op (transitively) move into an
      `scf.for` over `[0, num_steps)`; each population op becomes its step
      op (`snn.lif_step`, `snn.if_step`, `snn.izhikevich_step`,
      `snn.lowpass_step`) whose state is threaded through the loop's
      `iter_args`; a `snn.delay` of `N` steps becomes a read of slot
      `t mod N` of a loop-carried ring buffer `tensor<N x (shape)>`
      (`tensor.extract_slice`) and, at the end of the step, a write of its
      input into that slot (`tensor.insert_slice`); a `snn.feedback_delay`
      likewise, its input being the operand of its `snn.feedback_input`
      (erased), so a cycle closes across steps; a `snn.count_max_pool2d`
      becomes `tosa.add` of its input to its loop-carried counts,
      `tosa.max_pool2d` of the counts and `tosa.sub` of the last maximum
      (its second state);
    * the ops that do not depend on a population op stay before the loop
      and are computed once: the input is a constant current, the same at
      every step (constant-current encoding);
    * every returned value that depends on a population op is decoded over
      the steps: by default as the mean (`sum / num_steps`, accumulated in the
      loop); with `decode=lowpass`, as its last step filtered by a lowpass of
      time constant `decode-tau` (Nengo's probe with a synapse), computed with
      `snn.lowpass_step` in the loop; with `decode=trace`, as the output of
      every one of the first `trace-steps` steps: the result becomes
      `tensor<trace-steps x (shape)>` (marked `snn.trace`), written with a
      `tensor.insert_slice` at offset `t` guarded by `t < trace-steps`
      (zeros for the steps not run; later steps are run but not recorded).

    The initial state is deterministic: every voltage, refractory time,
    recovery and filter state starts at 0, except the voltage of an
    `snn.if` with an `initial_voltage`, which starts there; a number given
    as `initial-voltage` overrides both for every neuron; with
    `initial-voltage=uniform` the voltages start uniform in [0, 1) (as in
    Nengo), drawn at compile time from a seeded generator. With
    `state=external` the caller supplies the state: a state argument whose
    state does not start at 0 carries its starting value as
    `snn.initial_value` (f64; `--emit-c-header`'s create and reset use it);
    `initial-voltage=uniform` is then an error.

    Functions without population ops are left as they are. A function with
    population ops must have a single block, static shapes for its
    populations and time-dependent results, float results, and no callers.

    Example:

    ```mlir
    func.func @net(%x: tensor<4xf32>) -> tensor<4xf32> {
      %s = snn.lif %x : tensor<4xf32>
      return %s : tensor<4xf32>
    }
    ```

    becomes (schematically)

    ```mlir
    func.func @net(%x: tensor<4xf32>, %num_steps: i64, %dt: f32)
        -> tensor<4xf32> {
      %r:3 = scf.for %t = %c0 to %n step %c1
          iter_args(%v = %zero, %ref = %zero, %sum = %zero) -> (...) {
        %s, %v1, %r1 = snn.lif_step %x, %v, %ref, dt %dt : tensor<4xf32>
        %sum1 = <%sum + %s>
        scf.yield %v1, %r1, %sum1 : ...
      }
      return <%r#2 / num_steps>
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::tosa::TosaDialect",
  ];
  let options = [
    Option<"decode", "decode", "std::string", /*default=*/"\"mean\"",
           "output decoding: 'mean' (mean over the steps), 'lowpass' (the "
           "last step through a lowpass filter of time constant decode-tau), "
           "'count' (spikes per neuron over the steps; results must be "
           "outputs of spiking populations) or 'trace' (the output of each "
           "of the first trace-steps steps, in a new leading dimension)">,
    Option<"traceSteps", "trace-steps", "int64_t", /*default=*/"0",
           "number of steps (>= 1) that decode=trace records">,
    Option<"decodeTau", "decode-tau", "double", /*default=*/"0.005",
           "time constant in seconds (>= 0) of decode=lowpass; the default "
           "is Nengo's default synapse">,
    Option<"encode", "encode", "std::string", /*default=*/"\"current\"",
           "input encoding: 'current' (the input is a constant current) or "
           "'poisson' (every float tensor argument becomes a train of "
           "spikes of height 1 / (encode-max-rate * dt), seeded with `seed`; "
           "docs/LOWERING.md)">,
    Option<"encodeMaxRate", "encode-max-rate", "double",
           /*default=*/"1000.0",
           "firing rate in Hz of encode=poisson for an input of magnitude 1 "
           "(> 0)">,
    Option<"initialVoltage", "initial-voltage", "std::string",
           /*default=*/"\"zero\"",
           "initial voltage of LIF, IF and Izhikevich neurons: 'zero', "
           "'uniform' (in [0, 1), as Nengo, from a splitmix64 stream seeded "
           "with `seed`; docs/LOWERING.md) or a number (e.g. 0.5, half the "
           "threshold: spike counts round instead of truncating)">,
    Option<"seed", "seed", "uint64_t", /*default=*/"0",
           "seed of initial-voltage=uniform and encode=poisson">,
    Option<"state", "state", "std::string", /*default=*/"\"internal\"",
           "'internal' (the state starts fresh at every call) or 'external' "
           "(the state is passed in as arguments after the inputs and "
           "returned after the results, marked `snn.state`, so that a caller "
           "can run a network in chunks of steps)">,
    Option<"spikeStats", "spike-stats", "bool", /*default=*/"false",
           "also return, per spiking population, its spike count per neuron "
           "(`snn.spike_count`) and its number of steps with more than one "
           "spike per neuron (`snn.multi_spike_steps`)">,
  ];
  let statistics = [
    Statistic<"numFunctions", "num-functions",
              "Number of functions given a time loop">,
    Statistic<"numPopulations", "num-populations",
              "Number of population ops turned into step ops">,
  ];
}

def ConvertSNNToLinalgPass : Pass<"convert-snn-to-linalg", "mlir::ModuleOp"> {
  let summary = "lower snn step and rate ops to linalg, arith and math";
  let description = [{
    Lowers every step op (`snn.lif_step`, `snn.if_step`,
    `snn.izhikevich_step`, `snn.lowpass_step`) and rate op
    (`snn.lif_rate`, `snn.soft_lif_rate`) to the equations of
    docs/NEURON-SEMANTICS.md, computed in the op's element type in the order
    the equations give, starting with `J = gain * x + bias`:

    * ranked tensor operands: one parallel `linalg.generic` whose body is the
      scalar computation in `arith` and `math`; the new state reuses the old
      state's tensor as its destination;
    * scalars and vectors: `arith` and `math` ops directly (constants and
      `dt` are splat/broadcast for vectors).

    Population ops (`snn.lif`, `snn.if`, `snn.izhikevich`, `snn.lowpass`)
    have implicit state and need a time loop first: the pass fails on them
    and names `--snn-materialize-time`.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def SNNSinkSynapsesPass : Pass<"snn-sink-synapses"> {
  let summary = "move lowpass synapses after the linear layers that read them";
  let description = [{
    Moves each `snn.lowpass` past the linear, time-invariant TOSA ops that
    read it: `transpose`, `reshape`, `slice`, `pad` (zero padding),
    `avg_pool2d`, `reduce_sum`, `negate`, `mul` and `matmul` by a constant,
    `conv2d`, `depthwise_conv2d`, `transpose_conv2d` and `conv3d` with
    constant weights (their bias is added after the filter), and `add`,
    `sub`, `concat` whose operands are all filtered with the same time
    constant. The filter (zero initial state) commutes with each of them:
    `L(lowpass(s)) = lowpass(L(s))`, so the network is the same in exact
    arithmetic; float rounding differs. Nengo's builder applies a
    connection's synapse after its transform the same way.

    The point is native speed: the contractions then read the spikes, which
    are mostly zeros at every step and so make the event-driven kernels of
    `snn-vectorize-contractions` cheap, instead of filtered traces, which
    are non-zero at every step after a neuron's first spike. A filter read
    by several ops is copied for each; one left without uses is erased.
    A convolution whose result is concatenated (a grouped convolution, which
    `snn-fuse-grouped-conv` fuses in that form) keeps its filtered input.

    Example:

    ```mlir
    %f = snn.lowpass %s {tau = 1.0e-3 : f64} : tensor<1x8x8x16xf32>
    %y = tosa.conv2d %f, %w, %b, %zp, %zp {...}
    ```

    becomes

    ```mlir
    %c = tosa.conv2d %s, %w, %zeros, %zp, %zp {...}
    %l = snn.lowpass %c {tau = 1.0e-3 : f64} : tensor<1x8x8x32xf32>
    %y = tosa.add %l, %b_1x1x1x32
    ```
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
}

def SNNDeltaMaxPoolPass : Pass<"snn-delta-max-pool"> {
  let summary = "convolutions of max-pooled synapse traces read their changes";
  let description = [{
    Runs on the time loop of `--snn-materialize-time`. A `tosa.max_pool2d`
    of a filter's output (`snn.lowpass_step`) is not linear, so
    `snn-sink-synapses` leaves the filter in front of it, and a convolution
    after the pool reads the maximum of filtered traces, non-zero wherever
    a neuron of the window has ever spiked. Between spikes every trace of a
    window decays by the same factor `a = exp(-dt / tau)`, and so does
    their maximum, exactly in float32 (the filter computes `a * x + 0` for
    an input of 0, and rounding is monotonic). So the change
    `e[t] = m[t] - a * m[t-1]` of the pooled value `m` is exactly 0 in every
    window where no neuron spiked at step `t`, and for the convolution `L`
    without its bias, `L(m[t]) = y[t]` with `y[t] = a * y[t-1] + L(e[t])`
    (both recurrences start from 0). This pass makes each `tosa.conv2d` and
    `tosa.depthwise_conv2d` of such a pool (weights, bias and zero points
    from outside the loop) read `e`, which its event-driven kernel skips
    where it is 0, and adds `m[t-1]` and `y[t-1]` to the loop-carried
    values; the bias is added to `y`. The same network in exact
    arithmetic; float rounding differs. Functions with external state
    (`snn.state` arguments, `state=external`) are left alone: the two values
    added to the loop start at 0 on every call, while the caller's state
    continues from the previous one. Only convolutions with at least
    `min-width` output channels are rewritten: `snn-vectorize-contractions`
    makes only rows that wide event-driven (its `skip-zeros-min-width`,
    which the pipeline passes), and a dense convolution gains nothing from
    the zeros. Part of `--snn-lower-to-llvm` with `sink-synapses` (the
    default), `skip-zeros` and internal state.
  }];
  let options = [
    Option<"minWidth", "min-width", "int64_t", /*default=*/"32",
           "the fewest output channels of a convolution rewritten">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::tosa::TosaDialect",
  ];
}

def SNNTileBatchPass : Pass<"snn-tile-batch", "::mlir::func::FuncOp"> {
  let summary = "run the time loop of a model batch on tiles of samples";
  let description = [{
    Runs on the time loop of `--snn-materialize-time`. A model with a batch
    of `B` samples (every tensor argument and result of the function has
    `B` as its first dimension) carries the state of all `B` samples through
    each step: every layer's pass over its neurons and synapses touches
    `B` times the bytes of one sample, which leave the core's caches when
    `B` grows (the spiking LeNet-5 reads and writes about 85 KB of state per
    sample and step). When the samples do not mix in the loop, this pass
    runs the whole time loop once per tile of `T` consecutive samples
    instead: an `scf.for` over the tiles slices the loop's inputs (the
    values computed before it, the initial state) along their sample
    dimension (`tensor.extract_slice`), runs a copy of the time loop whose
    ops have `T` samples, and inserts its results into tensors of all `B`
    samples (`tensor.insert_slice`), which the ops after the loop (the
    decoding) read as before. Each sample's ops and values are the same in
    the same order: results are bit-identical.

    The sample dimension of every value is followed from the function's
    arguments (dimension 0) through the ops before and in the loop; the
    loop is tiled only when every op in it keeps the samples apart:
    `snn` step and rate ops, TOSA elementwise ops (broadcast operands with
    size 1 there), convolutions, pooling and `tosa.resize` (the sample
    dimension of the input, weights without one), `tosa.matmul` (the batch dimension of
    both operands, or the rows of the left one with the right one
    constant), `tosa.reshape` that keeps the samples' elements contiguous
    (all dimensions before the sample dimension of size 1, before and
    after), `tosa.transpose`, `tosa.pad`, `tosa.slice`, `tosa.concat`,
    `tosa.reduce_*` and `tosa.tile` that leave the sample dimension whole,
    `linalg.generic` with identity maps and no `linalg.index` (the
    decoding's accumulators, spike statistics), `tensor.empty`,
    `tensor.extract_slice` and `tensor.insert_slice` that take the sample
    dimension whole (a delay's or a feedback delay's ring buffer: time
    slots, then the samples), `scf.if` on a shared condition whose
    branches yield values with the same sample dimension (`decode=trace`
    writes the first steps under `t < trace-steps`; a trace result, marked
    `snn.trace`, has its samples in dimension 1); every loop-carried value
    must have a sample dimension, which it takes from the values yielded
    for it (the body is walked until none gets one more, then checked).
    Anything else leaves the loop as it is (Poisson encoding, which hashes
    each element's index).

    `T` is `tile` when set, else the largest divisor of `B` whose tile's
    loop-carried state takes at most `max-tile-bytes` and that leaves at
    least `min-tiles` tiles (at least 1); a loop with `T >= B` is left
    alone. With `parallel`, the tiles are the iterations of an `scf.forall`
    whose results are written with `tensor.parallel_insert_slice`: each
    thread runs whole time loops, with no synchronization between steps.
    `remarks` names the op that keeps a loop from being tiled.

    Part of `--snn-lower-to-llvm` (its option `batch-tile-bytes`, 0 to
    disable), after the time stage; with threads (`parallel-min-work`) it
    sets `parallel` and `min-tiles` to the host's hardware threads, and
    `scf-forall-to-parallel` after bufferization makes the loop the same
    OpenMP worksharing loop as the layers' (`snn-outline-kernels` then
    outlines its body, whose layers are kernels of their own).
  }];
  let options = [
    Option<"tile", "tile", "int64_t", /*default=*/"0",
           "samples per tile (0: from max-tile-bytes)">,
    Option<"maxTileBytes", "max-tile-bytes", "int64_t",
           /*default=*/"262144",
           "the most bytes of loop-carried state of a tile (when tile is 0)">,
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "tiles as the iterations of an scf.forall (threads)">,
    Option<"minTiles", "min-tiles", "int64_t", /*default=*/"1",
           "the fewest tiles (when tile is 0): e.g. the threads">,
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "emit a remark at the op that keeps a time loop from being tiled">,
  ];
  let statistics = [
    Statistic<"numTiled", "num-tiled", "time loops run on tiles of samples">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::tosa::TosaDialect",
  ];
}

def SNNEmitCInterfacePass : Pass<"snn-emit-c-interface", "mlir::ModuleOp"> {
  let summary = "mark public functions for the C interface";
  let description = [{
    Sets `llvm.emit_c_interface` on every public `func.func` that has a
    body, so that `--convert-func-to-llvm` also emits the
    `_mlir_ciface_<name>` wrapper taking memref descriptors by pointer: the
    entry point that native runners and C code call.
  }];
}

def SNNFuseGroupedConvPass : Pass<"snn-fuse-grouped-conv"> {
  let summary = "one linalg op per grouped convolution (not one per group)";
  let description = [{
    TOSA has no grouped convolution: `--import-onnx` and `--import-nir` write
    one as a `tosa.concat` on channels of one `tosa.conv2d` per group, each
    on its slice of the input channels (the form the snn emitters read).
    Before `tosa-to-linalg`, this pass turns such a concat into a single
    `linalg.generic` over `(n, oh, ow, g, f; kh, kw, c)`: the input padded
    and viewed as `[N, H, W, G, Cg]`, the filter as `[G, KH, KW, Cg, Fg]`
    (output channels innermost), the output initialized with the bias and
    collapsed back to `[N, OH, OW, G*Fg]`. Weights and biases that are the
    slices of one tensor are used whole; constants are joined into one
    constant. Each output element accumulates the same terms in the same
    order as before (bias, then kh, kw, c), so the results are
    bit-identical; the code is one loop nest instead of one per group
    (RegNet: 64 groups in a layer).

    Matched: every operand of a channel concat (axis 3, static f32 NHWC) is
    a single-use `tosa.conv2d` of the same types and attributes, with zero
    zero points and per-channel biases.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
  let statistics = [
    Statistic<"numFused", "num-fused",
              "Number of grouped convolutions made one linalg op">,
  ];
}

def SNNMathToIntrinsicsPass : Pass<"snn-math-to-intrinsics"> {
  let summary = "exact math ops and exp as LLVM intrinsics";
  let description = [{
    Rewrites `math.floor`, `ceil`, `trunc`, `round`, `roundeven`, `absf`,
    `sqrt`, `copysign` (exact: correctly rounded by definition) and
    `math.exp` on f32/f64 scalars and vectors into the LLVM intrinsics
    (`llvm.intr.floor`, ...), before `convert-math-to-libm` would make them
    libm calls. The values do not change (`llvm.intr.exp` is code-generated
    as the same libm call), but LLVM treats intrinsics as free of side
    effects: it vectorizes the IF neuron's loop (floor) and hoists a
    lowpass synapse's decay `exp(-dt / tau)` out of its loop over elements.
    `math.expm1` and `math.log1p` stay libm calls (their accuracy is why the
    pipeline uses libm). `math.cttz` and `math.ctpop` on integers become
    `llvm.intr.cttz` (defined for 0) and `llvm.intr.ctpop`
    (`convert-math-to-libm` fails on them). `snn.compress` becomes
    `llvm.experimental.vector.compress` (its other lanes poison).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::vector::VectorDialect"];
}

def SNNOutlineKernelsPass : Pass<"snn-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "move each loop nest into a function of its own";
  let description = [{
    After `convert-linalg-to-loops`, a network is one function with a loop
    nest per layer. LLVM optimizes and compiles one huge function slowly
    (several of its passes grow faster than linearly with function size) and
    on one thread. This pass moves each top-level `scf.for` nest into a
    private `func.func` (`<function>_kernel<N>`; internal linkage and LLVM's
    `noinline`, through `llvm.linkage` and `passthrough`) and calls it in its
    place; a loop whose body holds two or more loops
    directly (the time loop of a spiking network), or a time loop (a loop
    with a bound that is not a constant around several loops: the serial
    tiles of `snn-tile-batch`), is searched instead of outlined. An
    `scf.parallel` is outlined whole (the threads of a layer) unless it
    holds a time loop (a batch's tiles in parallel): then its kernels are
    outlined, and then its whole body into `<function>_tile<N>`, so that
    `convert-scf-to-openmp`'s `memref.alloca_scope` around the body holds
    one call and no branches. The loops and their arithmetic are unchanged,
    so are the results. Values the nest uses from outside become arguments
    (index constants are cloned in).
  }];
  let options = [
    Option<"minOps", "min-ops", "int64_t", /*default=*/"8",
           "Outline only loop nests of at least this many operations">,
  ];
  let dependentDialects = [
    "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::scf::SCFDialect",
  ];
  let statistics = [
    Statistic<"numOutlined", "num-outlined", "Number of loop nests outlined">,
  ];
}

def SNNFuseElementwisePass : Pass<"snn-fuse-elementwise"> {
  let summary = "fuse elementwise linalg ops whose producer has other uses";
  let description = [{
    `linalg-fuse-elementwise-ops` with one more case: a producer whose
    results have uses besides the consumer is fused too, when all those
    other uses come after the consumer in its block (the `scf.yield` of the
    time loop, typically). The fused op computes the producer's body once
    and yields the results still used elsewhere; the producer is erased. In
    a spiking network this is the neuron update (new voltage and spikes)
    and the synapse filter that reads the spikes: one loop over the state
    per step instead of two, and no buffer of spikes written and read back.
    Every element is computed by the same operations in the same order, so
    the results are bit-identical.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def SNNDecomposePadsPass : Pass<"snn-decompose-pads"> {
  let summary = "padding as a fill and an insert_slice, before bufferization";
  let description = [{
    Rewrites each `tensor.pad` with a constant padding value (the padded
    input of a convolution or pooling, from `tosa-to-linalg`) into a
    `linalg.fill` of a `tensor.empty` and a `tensor.insert_slice` of the
    unpadded tensor. Run after the last CSE and followed by
    `eliminate-empty-tensors`, this lets one-shot bufferization make the
    producer of the unpadded tensor write straight into the interior of the
    padded buffer, instead of a strided copy there (`memrefCopy`) on every
    call. The values are unchanged.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def SNNHoistBorderFillsPass
    : Pass<"snn-hoist-border-fills", "::mlir::func::FuncOp"> {
  let summary = "fill a padded buffer's border once, before the loop, or "
                "fill only its border";
  let description = [{
    After bufferization, the padded input of a convolution in the time loop
    is a buffer allocated once before the loop (`buffer-loop-hoisting`)
    that every step fills whole with the padding value (`linalg.fill`, from
    `snn-decompose-pads`) and whose interior the producer then overwrites:
    a store to every element per step of which only the border's survive,
    and the border never changes. This pass moves such a fill before the
    loop when, in the loop:

    - the fill's buffer (an allocation made outside the loop, used outside
      it only by `memref.dealloc`) and value are defined outside the loop;
    - the first op after the fill that uses the buffer or a view of it is a
      `linalg` op with only parallel loops that writes a view of it
      through a permutation map without reading that operand: it
      overwrites every element of the view;
    - no other op in the loop writes the buffer or a view of it (reads
      after that writer, or before the fill, are fine; any other use keeps
      the fill where it is).

    Then the elements outside the view hold the fill's value at every step
    either way, and those inside it the writer's: the results are
    bit-identical, for one store pass per padded buffer and step less.

    With `border-only` (default), a fill that stays where it is (straight-line
    code such as an ANN's padded inputs, or a loop the conditions above rule
    out) but whose writer overwrites a static, unit-stride `memref.subview`
    of the buffer is replaced by fills of the border alone: per dimension,
    the slabs before and after the view (inside it along the earlier
    dimensions, whole along the later ones). The interior's fill values were
    overwritten before anything read them: the results are bit-identical,
    for stores to the border only (on an 18x18 map padded from 16x16, 21 %
    of the elements).
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect",
  ];
  let options = [
    Option<"borderOnly", "border-only", "bool", /*default=*/"true",
           "fill only the border of a padded buffer whose interior the next "
           "op overwrites">,
  ];
  let statistics = [
    Statistic<"numHoisted", "num-hoisted",
              "Number of fills moved before their loop">,
    Statistic<"numShrunk", "num-shrunk",
              "Number of fills reduced to the border of a padded buffer">,
  ];
}

def SNNWinogradConvPass
    : Pass<"snn-winograd-conv", "::mlir::ModuleOp"> {
  let summary = "3x3 convolutions of an ANN by Winograd's F(2x2, 3x3)";
  let description = [{
    Rewrites a dense 3x3 convolution (after bufferization: the
    `linalg.generic` of `snn-schedule-linalg`, `out[n, y, x, f] +=
    in[n, y + i, x + j, c] * filter[i, j, c, f]`, stride 1, no dilation,
    f32) into Winograd's minimal filtering F(2x2, 3x3): each 2x2 block of
    the output comes from the 4x4 block of the input that covers it,

    - `V = B^T d B` for every block and input channel (a vector loop over
      the channels: 16 loads, 32 additions, 16 stores per vector),
    - `M = V . U`, 16 matrix products over the input channels in one
      `linalg.generic` (ab, tile, c, f) that `snn-vectorize-contractions`
      tiles, packs and splits among threads like any contraction; `U = G g
      G^T` is the filter transformed when compiling (in double, rounded
      once) into a new constant global,
    - `out += A^T M A` (a vector loop over the output channels; `out`
      holds the bias or whatever the convolution added to).

    16 multiply-adds per block and pair of channels instead of 36: 2.25x
    fewer. The sums are not the direct convolution's (other terms, other
    rounding; errors like a float32 direct convolution's, a few units in
    the last place of the largest terms): the rewrite is for ANN layers,
    which are compared with torch and ONNX Runtime within tolerances, not
    bit for bit. Rewritten only when:

    - the op is not inside a loop (an SNN's time step keeps its
      convolutions, event-driven or bit-identical to the reference);
    - the filter is a constant global (`memref.get_global`, identity
      layout), the output's height and width are even, the input and
      output channels multiples of the vector width;
    - both channel counts are at least `min-channels` and there are at least
      `min-tiles` 2x2 blocks: the transformed input and products (16 x
      blocks x channels floats each) go through memory, which only layers
      with many channels pay back, and the transformed filter is 16/9 the
      size of the original, which slows down layers bound by their weights
      (a small map with many channels).

    With `parallel`, the loops over the rows of blocks are `scf.parallel`
    (threads through `convert-scf-to-openmp`).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"0",
           "floats per vector (0: the host's, 16 with AVX-512, else 8)">,
    Option<"minChannels", "min-channels", "int64_t", /*default=*/"128",
           "the fewest input and output channels of a rewritten convolution">,
    Option<"minTiles", "min-tiles", "int64_t", /*default=*/"32",
           "the fewest 2x2 output blocks of a rewritten convolution">,
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "emit the transforms' loops over block rows as scf.parallel">,
  ];
  let statistics = [
    Statistic<"numRewritten", "num-rewritten",
              "Number of convolutions rewritten">,
  ];
}

def SNNMergeFunctionsPass
    : Pass<"snn-merge-identical-functions", "::mlir::ModuleOp"> {
  let summary = "keep one copy of private functions with the same body";
  let description = [{
    After `snn-outline-kernels`, networks with repeated blocks (ResNet's
    bottlenecks, a transformer's encoder layers) have many kernels that
    differ only in their name: the weights and buffers they work on are
    arguments. This pass keeps the first of each set of private `func.func`s
    with the same type, attributes (but the name) and body (up to
    locations), makes every call to the others call it, and erases them, so
    that the rest of the lowering and LLVM compile each kernel once. Each
    call runs the same operations on the same arguments as before, so the
    results are unchanged. Functions referenced other than by `func.call`
    are left alone.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
  let statistics = [
    Statistic<"numMerged", "num-merged",
              "Number of functions replaced by an identical one">,
  ];
}

def SNNFoldConstantTransposesPass : Pass<"snn-fold-constant-transposes"> {
  let summary = "transpose constant tensors at compile time";
  let description = [{
    Replaces each `linalg.transpose` of a constant (`arith.constant` or
    `tosa.const` holding a dense or dense-resource tensor of whole-byte
    integers or floats, also through `tensor.expand_shape` and
    `collapse_shape`, as a grouped filter of `--snn-fuse-grouped-conv`) with
    a constant holding the transposed values (a resource blob, aligned to
    64 bytes, for a resource input). `snn-schedule-linalg` transposes every
    convolution filter to HWCF; for a network's constant filters this pass
    does it once, when compiling, instead of on every call (where it was,
    in ResNet-50, more than half of the run time). The values are copied
    unchanged, so the results are bit-identical.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numFolded", "num-folded", "Number of transposes folded">,
  ];
}

def SNNScheduleLinalgPass : Pass<"snn-schedule-linalg"> {
  let summary = "reorder the loops of linalg contractions for vectorization";
  let description = [{
    Prepares convolutions, matrix products and pooling for fast native code
    (docs/LOWERING.md, "Loop order"), without changing any result bit:

    * `linalg.conv_2d_nhwc_fhwc` becomes `linalg.conv_2d_nhwc_hwcf`, its
      filter transposed by a `linalg.transpose` (hoisted out of loops by
      `loop-invariant-code-motion` when the filter is loop-invariant), so
      that output channels are contiguous in the filter;
    * `linalg.depthwise_conv_2d_nhwc_hwcm` with a channel multiplier of 1
      (TOSA's depthwise convolutions) becomes `depthwise_conv_2d_nhwc_hwc`
      on the filter and output without that unit dimension, so that the
      channels, not the multiplier, are innermost;
    * every linalg op with reduction iterators is generalized and its
      iterators reordered: parallel iterators first, then the reductions in
      their original order, then the parallel iterator of the output's
      innermost (contiguous) dimension. Each output element still
      accumulates its terms in the same order, so results are bit-identical;
      the innermost loop is a parallel, unit-stride loop that LLVM's loop
      vectorizer turns into SIMD code.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
  let statistics = [
    Statistic<"numInterchanged", "num-interchanged",
              "Number of linalg ops whose loops were reordered">,
    Statistic<"numTransposedConvs", "num-transposed-convs",
              "Number of FHWC convolutions turned into HWCF">,
    Statistic<"numUnitMultipliers", "num-unit-multipliers",
              "Number of depthwise convolutions without their unit "
              "multiplier dimension">,
  ];
}

def SNNVectorizeContractionsPass : Pass<"snn-vectorize-contractions"> {
  let summary = "lower scheduled linalg contractions to register-blocked "
                "vector loops";
  let description = [{
    Lowers every `linalg.generic` on buffers whose iterators are ordered
    parallel..., reduction..., parallel (as `--snn-schedule-linalg` leaves
    convolutions, matrix products and pooling), whose output and vector
    operands are unit-stride along the innermost dimension, whose bounds are
    static and whose body is elementwise `arith`, to `scf.for` loops over
    `vector` values: the innermost dimension is cut into vectors of
    `vector-width` elements (from the host by default: 16 with AVX-512,
    else 8), kept in registers as accumulators over the reduction loops,
    for a block of consecutive positions of the last outer parallel
    dimension. Each output element is computed by the same body applied to
    the same terms in the same order: results are bit-identical to
    `convert-linalg-to-loops`. Other generics are left alone.

    When the weights that every tile of a group of vectors reads (a vector
    operand not indexed by the positions) take more than
    `weight-cache-bytes` over the whole reduction, the reduction is split:
    its leading loops (and, in chunks, the next one) run outside the loops
    over positions, each tile adding only its part of the reduction to the
    output, so that consecutive tiles read a slice of the weights that
    stays in cache. With one tile per group (a matrix-vector product) and
    weights of at least `stream-min-bytes`, which come from memory on every
    call, the parts of the reduction (runs of up to `split-min-steps`
    steps) go outside the loop over groups instead, so that each weight row
    is read whole, in order. The order of each output's terms is unchanged.

    With `pack-weights` (default), when the pass runs on a module, the
    constant weights of an op (a vector operand not indexed by the
    positions, a `memref.get_global` of a constant global, possibly through
    reshapes, indexed by the reduction dimensions and then the innermost
    one) are copied at compile time into a new global `<name>_packed` in
    the order the tiles read them: for each group of output vectors (its
    `step` columns from `base`), its columns of every reduction step in
    loop order, at `base * R + r * step` (R reduction steps). A tile then
    reads one contiguous stream instead of a short piece of every weight
    row at the row's stride. The original global goes when nothing else
    reads it; a row that is one group read in the source's order (the copy
    would be the same bytes) is not copied. Event-driven ops read the
    packed rows of the inputs that fired (the scattered form reads the
    weights as they are). Same values, same order of terms. With packed weights, a matrix-vector product is not streamed by
    rows (each group's weights are one stream already).

    With `parallel-min-work`, an op with enough work (or, with
    `parallel-min-weight-bytes`, enough bytes of weights) gets one
    `scf.parallel` loop, for `threads` threads (the host's cores by
    default): of each kind of group, the loop over groups or over an outer
    dimension with the most iterations; but when the kind's share of the
    weights takes more bytes than the op's other inputs (a convolution on a
    small map) and its groups divide evenly among the threads, the loop
    over groups, so that each thread reads its part of the weights once
    instead of all of them. An op already inside an `scf.parallel` (the
    tiles of a batch, `snn-tile-batch`) gets no loop of its own, nor do
    the elementwise ops of `parallel-min-elements` there.

    With `fuse-epilogues`, an elementwise `linalg.generic` right after a
    dense op (only constants, allocations and views in between) that reads
    its output (a ReLU, a residual addition and its ReLU) is applied by the
    tiles to their finished vectors, which they store into its init instead
    of the op's output: one pass over the output less, and threads for it
    whenever the op has them. It must have only parallel loops, identity
    maps, operands of the output's shape with unit innermost strides, a
    body of scalar `arith`/`math` ops, and not read its init; the output
    must be an allocation that only the two ops (and a dealloc) use; it may
    not write a buffer the op reads, nor read another view of the buffer it
    writes. A split reduction stores its partial sums into the output and
    applies the epilogue in its last part. Same operations on the same
    values: bit-identical.

    With `fuse-inits`, a `linalg.fill` or a broadcast of a 1-D bias along
    the innermost dimension that writes the output just before the op (only
    allocations, constants and ops on other buffers in between) is folded
    into it: the accumulators start from that value, and the op is erased.

    With `skip-zeros`, for a body `out + x * y` whose `x` is a scalar read
    (the same for the whole row), a reduction step with `x == 0` is skipped
    (event-driven: a row of weights is accumulated only for inputs that
    spiked). For finite weights this is exact, up to the sign of a zero
    output. Only rows of at least `skip-zeros-min-width` elements are
    event-driven; narrower ones are blocked and dense.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::snn::SNNDialect",
    "::mlir::vector::VectorDialect",
  ];
  let options = [
    Option<"skipZeros", "skip-zeros", "bool", /*default=*/"false",
           "skip the reduction steps whose broadcast factor is zero">,
    Option<"skipZerosMinWidth", "skip-zeros-min-width", "int64_t",
           /*default=*/"32",
           "the narrowest row (innermost extent) made event-driven">,
    Option<"skipZerosLists", "skip-zeros-lists", "bool", /*default=*/"true",
           "event-driven steps read per-row lists of the non-zero inputs, "
           "built once per call (no branch per input); where the input "
           "cannot be listed, and with false, each step tests its input">,
    Option<"skipZerosInLoopsOnly", "skip-zeros-in-loops-only", "bool",
           /*default=*/"true",
           "make only contractions inside a loop (the time loop of a spiking "
           "network) event-driven; straight-line code (an ANN, the layers "
           "before the time loop) stays dense and blocked">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"0",
           "elements per vector (0: 16 on a host with AVX-512, else 8)">,
    Option<"maxAccumulators", "max-accumulators", "int64_t",
           /*default=*/"0",
           "vectors kept in registers as accumulators (0: 24 on a host with "
           "AVX-512, else 12)">,
    Option<"maxBlock", "max-block", "int64_t", /*default=*/"12",
           "the most positions in one register tile">,
    Option<"parallelMinWork", "parallel-min-work", "int64_t",
           /*default=*/"0",
           "make one loop of each op with at least this many iterations in "
           "all (multiply-adds; 4x as many for an event-driven op) an "
           "scf.parallel, for threads (0: never)">,
    Option<"fuseEpilogues", "fuse-epilogues", "bool", /*default=*/"true",
           "apply an elementwise op that reads a dense op's output right "
           "after it (a ReLU, a residual addition) in the op's tiles, before "
           "their stores">,
    Option<"threads", "threads", "int64_t", /*default=*/"0",
           "threads the parallel loops are planned for (0: the host's "
           "cores)">,
    Option<"parallelMinWeightBytes", "parallel-min-weight-bytes", "int64_t",
           /*default=*/"1048576",
           "with parallel-min-work set, also give a parallel loop to a dense "
           "op whose weights (the operands every position reads alike) take "
           "at least this many bytes: such an op is bound by memory, and a "
           "second thread adds bandwidth (0: never)">,
    Option<"parallelMinElements", "parallel-min-elements", "int64_t",
           /*default=*/"0",
           "lower linalg ops without reductions (elementwise layers, fills, "
           "copies) of at least this many iterations to loops whose "
           "outermost loop (of two or more iterations) is an scf.parallel "
           "(0: leave them to convert-linalg-to-loops)">,
    Option<"weightCacheBytes", "weight-cache-bytes", "int64_t",
           /*default=*/"262144",
           "split the reduction of an op whose weights (the operands every "
           "tile of a group reads alike) exceed this many bytes for one "
           "group: its leading reduction loops run outside the loops over "
           "positions, so that consecutive tiles find their slice in cache; "
           "same sums, bit for bit (0: never split)">,
    Option<"fuseInits", "fuse-inits", "bool", /*default=*/"true",
           "start the accumulators from the fill or bias broadcast that "
           "initializes the output just before (the op goes; no pass over "
           "the output to write it, no load of it)">,
    Option<"streamMinBytes", "stream-min-bytes", "int64_t",
           /*default=*/"33554432",
           "stream a matrix-vector product (one position) by weight rows "
           "when its weights take at least this many bytes, more than the "
           "caches hold (0: never)">,
    Option<"splitMinSteps", "split-min-steps", "int64_t", /*default=*/"64",
           "the fewest reduction steps a tile of a split reduction does per "
           "load and store of its accumulators">,
    Option<"packWeights", "pack-weights", "bool", /*default=*/"true",
           "copy the constant weights of a dense contraction (a global of the "
           "module) into a new global in the order its register tiles read "
           "them: each group of output vectors one contiguous stream over the "
           "whole reduction; same values in the same order (only when the "
           "pass runs on the module)">,
    Option<"scatterMaxInputs", "scatter-max-inputs", "int64_t",
           /*default=*/"32",
           "an event-driven op on one thread whose lists hold at most this "
           "many inputs (the event-driven input's rows: a few channels) and "
           "that has taps besides them (a 3x3 convolution) adds each listed "
           "input's terms to the outputs it reaches instead of gathering, "
           "per output, the mostly empty lists of its taps (the taps of its "
           "innermost kernel dimension at once, up to 8, when their "
           "accumulators fit in max-accumulators); same sums in the same "
           "order, bit for bit (0: never)">,
  ];
  let statistics = [
    Statistic<"numVectorized", "num-vectorized",
              "Number of linalg ops lowered to vector loops">,
    Statistic<"numFusedEpilogues", "num-fused-epilogues",
              "Number of elementwise ops applied by a contraction's tiles">,
    Statistic<"numFusedInits", "num-fused-inits",
              "Number of output initializations fused into contractions">,
    Statistic<"numSplitOps", "num-split",
              "Number of linalg ops whose reduction was split for the cache">,
    Statistic<"numParallelOps", "num-parallel",
              "Number of linalg ops given a parallel loop">,
    Statistic<"numCompressedOps", "num-compressed",
              "Number of event-driven ops given lists of non-zeros">,
    Statistic<"numScatteredOps", "num-scattered",
              "Number of event-driven ops that scatter their inputs' terms">,
    Statistic<"numPackedWeights", "num-packed-weights",
              "Number of constant weights packed for the register tiles">,
    Statistic<"numCollapsed", "num-collapsed",
              "Number of elementwise ops made one loop over all elements">,
  ];
}

def SNNVectorizeNeuronsPass : Pass<"snn-vectorize-neurons", "mlir::ModuleOp"> {
  let summary = "lower LIF steps on static tensors to vector loops, libm "
                "called only for the lanes that need it, from lists";
  let description = [{
    Lowers every `snn.lif_step` on a statically shaped ranked tensor to
    loops over `vector` values of `vector-width` elements of the flattened
    tensor (the last piece may be shorter), read and written with
    `vector.transfer_read`/`transfer_write` (the state in place), in chunks
    of about 1,024 elements. Per chunk, four phases: (1) on vectors, each
    lane's decay into a buffer of the chunk: `expm1(-dt / tau_rc)` where
    `delta` is `dt` and `-0 / tau_rc` (its own `expm1`) where it is 0, both
    computed once, before the loops; elsewhere (`0 < delta < dt`, or a NaN
    delta) `delta`, and the lane appends its index to a list; (2) each
    listed `delta` is replaced by `expm1(-delta / tau_rc)`; (3) on
    vectors, the decays read back, the voltage, the spikes, the outputs and
    `r - dt`; the lanes that spiked append their element index to a list;
    (4) for each spike, its current and voltage, `log1p`, the spike time,
    the new refractory time and the reset, written at its index. A lane
    appends with `snn.compress` and a `vector.store` of the whole vector
    (at most 512 bits at a time; the lists have room for it), not
    `vector.compressstore`, whose store-to-memory form measured slow on
    AMD Zen 5 (docs/LOWERING.md). The buffer and the lists are
    `memref.alloca`s at the start of the function, or of the body of the
    `scf.forall` or `scf.parallel` around the step (each thread its own);
    the counts are the
    masks' `math.ctpop` (`--snn-math-to-intrinsics` makes it
    `llvm.intr.ctpop`). libm (`expm1f`, `log1pf`) is called only where the
    scalar body of `--convert-snn-to-linalg` calls it, and every value is
    the same, bit for bit, as `--convert-snn-to-linalg`'s. Other ops (and
    widths over 32, and ops outside a function) are left alone (for
    `--convert-snn-to-linalg`).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"8",
           "elements per vector">,
  ];
  let statistics = [
    Statistic<"numVectorized", "num-vectorized",
              "Number of LIF steps lowered to vector loops">,
  ];
}

#endif // SNN_CONVERSION_SNNTOLINALG_PASSES_TD
