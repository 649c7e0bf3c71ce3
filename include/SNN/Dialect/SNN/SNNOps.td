//===- SNNOps.td - snn dialect ops -------------------------*- tablegen -*-===//
//
// Part of snn-mlir.
//
// Neuron, rate and synapse ops, in population form (implicit state) and step
// form (explicit state). The equations are those of
// docs/NEURON-SEMANTICS (Nengo's).
//
//===----------------------------------------------------------------------===//

#ifndef SNN_DIALECT_SNN_SNNOPS_TD
#define SNN_DIALECT_SNN_SNNOPS_TD

include "SNN/Dialect/SNN/SNNDialect.td"
include "SNN/Dialect/SNN/SNNInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Types and parameters
//===----------------------------------------------------------------------===//

// Population ops act on ranked tensors of floats.
def SNN_FloatTensor : RankedTensorOf<[AnyFloat]>;
// Step and rate ops are element-wise mappable: scalar, vector or tensor.
def SNN_FloatLike : AnyTypeOf<[AnyFloat, VectorOfAnyRankOf<[AnyFloat]>,
                               RankedTensorOf<[AnyFloat]>],
                              "float or vector/ranked tensor of floats">;

// Neuron and synapse parameters: f64 attributes with Nengo's defaults. The
// summary (shown in the generated docs) states the unit, constraint and
// default.
class SNN_Param<string default, string what>
    : DefaultValuedAttr<F64Attr, default> {
  let summary = what # "; default " # default;
}

defvar TauRcAttr        = SNN_Param<"0.02", "membrane RC time constant in s, > 0">;
defvar TauRefAttr       = SNN_Param<"0.002", "refractory period in s, >= 0">;
defvar MinVoltageAttr   = SNN_Param<"0.0", "lower bound of the voltage, <= 0 or -inf (none)">;
defvar AmplitudeAttr    = SNN_Param<"1.0", "output scale, > 0">;
defvar GainAttr         = SNN_Param<"1.0", "gain of J = gain * x + bias, finite">;
defvar BiasAttr         = SNN_Param<"0.0", "bias of J = gain * x + bias, finite">;
defvar SigmaAttr        = SNN_Param<"1.0", "smoothing width, > 0">;
defvar TauRecoveryAttr  = SNN_Param<"0.02", "recovery time scale a, > 0">;
defvar CouplingAttr     = SNN_Param<"0.2", "recovery sensitivity b to voltage, finite">;
defvar ResetVoltageAttr = SNN_Param<"-65.0", "voltage c after a spike, finite">;
defvar ResetRecoveryAttr= SNN_Param<"8.0", "recovery increment d after a spike, finite">;
defvar TauAttr          = SNN_Param<"0.005", "synaptic time constant in s, >= 0">;

// The delay of snn.delay, in steps (an i64 attribute; the verifier checks
// the bound and names a bad value).
def SNN_DelayStepsAttr : TypedSignlessIntegerAttrBase<
    I64, "uint64_t", "delay in time steps, i64 >= 1; required">;

// The IF neuron's integration and reset (NIR's IF is rectify = false,
// reset = "zero").
def SNN_RectifyAttr : DefaultValuedAttr<BoolAttr, "true"> {
  let summary = "integrate max(J, 0) (true) or J (false); default true";
}
def SNN_InitialVoltageAttr : SNN_Param<"0.0",
    "voltage of every neuron before the first step, in [0, 1)">;
def SNN_ResetAttr : DefaultValuedStrAttr<StrAttr, "subtract"> {
  let summary = "reset after a spike: \"subtract\" (v = v - n) or \"zero\" "
                "(v = 0, one spike per step); default \"subtract\"";
}

// Shared documentation of the parameters, appended to op descriptions.
defvar GainBiasDoc = [{
    * `gain` (default 1), `bias` (default 0): the input current is
      `J = gain * x + bias`, as in a Nengo ensemble. They place the neuron's
      threshold and rate range; Nengo derives them from a maximum rate and an
      intercept (see the dialect documentation's introduction and
      `--convert-activations-to-spiking`). The preceding layer's own bias
      stays in that layer.
}];
defvar LIFParamDoc = [{
    * `tau_rc` (default 0.02 s, > 0): membrane RC time constant.
    * `tau_ref` (default 0.002 s, >= 0): absolute refractory period.
    * `amplitude` (default 1, > 0): scale of the output.
}];

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

class SNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<SNN_Dialect, mnemonic, traits>;

// A neuron population with implicit state: tensor in, tensor out.
class SNN_PopulationOp<string mnemonic, list<Trait> traits = []>
    : SNN_Op<mnemonic, !listconcat(traits, [
        Pure, Elementwise, AllTypesMatch<["input", "output"]>,
        DeclareOpInterfaceMethods<SNN_NeuronOpInterface,
          ["getAmplitudeValue", "isSpiking", "getStateNames"]>])> {
  let results = (outs SNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

// A stateless rate model: element-wise mappable.
class SNN_RateOp<string mnemonic, list<Trait> traits = []>
    : SNN_Op<mnemonic, !listconcat(traits, [
        Pure, ElementwiseMappable, AllTypesMatch<["input", "output"]>,
        DeclareOpInterfaceMethods<SNN_NeuronOpInterface,
          ["getAmplitudeValue", "isSpiking", "getStateNames"]>])> {
  let results = (outs SNN_FloatLike:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

// One time step of a stateful model: pure, element-wise mappable; `dt` is a
// scalar of the input's element type.
class SNN_StepOp<string mnemonic, list<Trait> traits = []>
    : SNN_Op<mnemonic, !listconcat(traits, [
        Pure, ElementwiseMappable,
        TypesMatchWith<"dt is a scalar of the input's element type",
                       "input", "dt", "::mlir::getElementTypeOrSelf($_self)">])> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Spiking neuron populations (implicit state)
//===----------------------------------------------------------------------===//

def SNN_LIFOp : SNN_PopulationOp<"lif"> {
  let summary = "leaky integrate-and-fire neurons (nengo.LIF)";
  let description = !strconcat([{
    A population of leaky integrate-and-fire neurons, one per element of
    `input`, with Nengo's `LIF` dynamics. At every time step each neuron
    integrates `J = gain * x + bias`; the output is `amplitude / dt` on a step
    where the neuron spikes and 0 otherwise. State (voltage `v`, refractory
    time `r`) is implicit; it starts at 0 unless the time-stepping pass is
    told otherwise.

    One step of length `dt` (what `snn.lif_step` computes):

    1. `r = r - dt`
    2. `delta = clip(dt - r, 0, dt)`
    3. `v = v - (J - v) * expm1(-delta / tau_rc)`
    4. `spiked = v > 1`; output `= spiked ? amplitude / dt : 0`
    5. spiked: `t_spike = dt + tau_rc * log1p(-(v - 1) / (J - 1))`
    6. `v = max(v, min_voltage)`
    7. spiked: `v = 0`, `r = tau_ref + t_spike`

    Parameters:
  }], LIFParamDoc, [{
    * `min_voltage` (default 0, <= 0 or -inf): lower bound on the voltage;
      `-inf` means no bound (NIR's LIF), written
      `min_voltage = 0xFFF0000000000000 : f64` (MLIR prints infinities as hex
      floats).
  }], GainBiasDoc, [{

    Example:

    ```mlir
    %s = snn.lif %x {amplitude = 0.01 : f64, gain = 2.033 : f64, bias = 1.0 : f64}
        : tensor<1x6x28x28xf32>
    ```
  }]);
  let arguments = (ins SNN_FloatTensor:$input, TauRcAttr:$tau_rc,
                   TauRefAttr:$tau_ref, MinVoltageAttr:$min_voltage,
                   AmplitudeAttr:$amplitude, GainAttr:$gain, BiasAttr:$bias);
  let hasFolder = 1;
}

def SNN_IFOp : SNN_PopulationOp<"if"> {
  let summary = "integrate-and-fire neurons (nengo.SpikingRectifiedLinear)";
  let description = !strconcat([{
    A population of non-leaky integrate-and-fire neurons (by default Nengo's
    `SpikingRectifiedLinear`), one per element of `input`. With the default
    `rectify = true` and `reset = "subtract"`, its output averaged over time
    is `amplitude * max(J, 0)`: the spiking counterpart of ReLU. State
    (voltage `v`, starting at `initial_voltage`, default 0) is implicit.

    One step of length `dt` (what `snn.if_step` computes):

    1. `v = v + (rectify ? max(J, 0) : J) * dt`
    2. `reset = "subtract"`: `n = max(floor(v), 0)`; output
       `= amplitude * n / dt`; `v = v - n`. A neuron can spike more than once
       in a step when `J * dt > 1`. (With `rectify = true` the lowering
       computes `n = floor(v)`, as Nengo does: the same whenever `v >= 0`,
       i.e. unless the initial voltage is negative.)
    3. `reset = "zero"`: `spiked = v > 1`; output
       `= spiked ? amplitude / dt : 0`; `v = spiked ? 0 : v`. At most one
       spike per step: NIR's `IF` with its threshold normalized to 1 and its
       reset to 0.

    Parameters:

    * `amplitude` (default 1, > 0): scale of the output.
    * `rectify` (default true): integrate `max(J, 0)` (Nengo) or `J` (NIR;
      the voltage can then go negative, without a floor).
    * `reset` (default `"subtract"`): `"subtract"` or `"zero"`, see above.
    * `initial_voltage` (default 0, in [0, 1)): the voltage of every neuron
      before the first step. ANN-to-SNN conversion uses 0.5, half the
      threshold: the spike count after `T` steps is then the rounded, not
      the floored, integral of the current (Rueckauer et al. 2017);
      `--convert-activations-to-spiking` writes 0.5 and `rectify = false`
      by default. The
      time-stepping pass's `initial-voltage` option, when it is `uniform` or
      a non-zero number, overrides it.
  }], GainBiasDoc, [{

    Example:

    ```mlir
    %s = snn.if %x {gain = 4.0 : f64} : tensor<1x120xf32>
    %n = snn.if %x {rectify = false, reset = "zero"} : tensor<1x120xf32>
    %c = snn.if %x {rectify = false, initial_voltage = 5.0e-01 : f64}
        : tensor<1x120xf32>
    ```
  }]);
  let arguments = (ins SNN_FloatTensor:$input, AmplitudeAttr:$amplitude,
                   GainAttr:$gain, BiasAttr:$bias, SNN_RectifyAttr:$rectify,
                   SNN_ResetAttr:$reset,
                   SNN_InitialVoltageAttr:$initial_voltage);
  let hasFolder = 1;
}

def SNN_IzhikevichOp : SNN_PopulationOp<"izhikevich"> {
  let summary = "Izhikevich neurons (nengo.Izhikevich)";
  let description = !strconcat([{
    A population of Izhikevich neurons, one per element of `input`, with
    Nengo's `Izhikevich` dynamics (time in the equations is in milliseconds,
    hence the factors of 1000). The output is `1 / dt` on a spike step and 0
    otherwise. State: voltage `v` and recovery `u`.

    One step of length `dt` (what `snn.izhikevich_step` computes):

    1. `J = max(J, -30)`
    2. `v = v + (0.04 v^2 + 5 v + 140 - u + J) * 1000 * dt`
    3. `spiked = v >= 30`; output `= spiked / dt`; spiked: `v = reset_voltage`
    4. `u = u + tau_recovery * (coupling * v - u) * 1000 * dt`;
       spiked: `u = u + reset_recovery`

    Parameters:

    * `tau_recovery` (a, default 0.02, > 0): time scale of the recovery.
    * `coupling` (b, default 0.2): sensitivity of `u` to `v`.
    * `reset_voltage` (c, default -65): voltage after a spike.
    * `reset_recovery` (d, default 8): increment of `u` after a spike.
  }], GainBiasDoc, [{

    Example:

    ```mlir
    %s = snn.izhikevich %x {reset_voltage = -55.0 : f64, reset_recovery = 4.0 : f64}
        : tensor<16xf32>
    ```
  }]);
  let arguments = (ins SNN_FloatTensor:$input, TauRecoveryAttr:$tau_recovery,
                   CouplingAttr:$coupling, ResetVoltageAttr:$reset_voltage,
                   ResetRecoveryAttr:$reset_recovery, GainAttr:$gain,
                   BiasAttr:$bias);
}

//===----------------------------------------------------------------------===//
// Rate models (stateless)
//===----------------------------------------------------------------------===//

def SNN_LIFRateOp : SNN_RateOp<"lif_rate"> {
  let summary = "steady-state LIF firing rate (nengo.LIFRate)";
  let description = !strconcat([{
    The firing rate a LIF neuron settles to under a constant current:
    with `J = gain * x + bias` and `j = J - 1`,
    `rate = amplitude / (tau_ref + tau_rc * log1p(1 / j))` for `j > 0`, else 0.
    Stateless and element-wise: applies to scalars, vectors and tensors.

    Parameters:
  }], LIFParamDoc, GainBiasDoc, [{

    Example:

    ```mlir
    %r = snn.lif_rate %x {tau_rc = 0.05 : f64} : tensor<1x84xf32>
    ```
  }]);
  let arguments = (ins SNN_FloatLike:$input, TauRcAttr:$tau_rc,
                   TauRefAttr:$tau_ref, AmplitudeAttr:$amplitude,
                   GainAttr:$gain, BiasAttr:$bias);
}

def SNN_SoftLIFRateOp : SNN_RateOp<"soft_lif_rate"> {
  let summary = "smoothed LIF rate for training (nengo_dl.SoftLIFRate)";
  let description = !strconcat([{
    NengoDL's `SoftLIFRate`: the LIF rate curve with its corner at threshold
    smoothed by a softplus of width `sigma`, so that it is differentiable and
    a network can be trained with it and then run with `snn.lif`. With
    `J = gain * x + bias`, `j = J - 1` and `js = j / sigma`:

    `z = sigma * (js > 30 ? js : log1p(exp(js)))`,
    `q = js > -20 ? log1p(1 / z) : -js - log(sigma)`,
    `rate = amplitude / (tau_ref + tau_rc * q)`.

    Parameters:

    * `sigma` (default 1, > 0): smoothing width.
  }], LIFParamDoc, GainBiasDoc, [{

    Example:

    ```mlir
    %r = snn.soft_lif_rate %x {sigma = 0.02 : f64, amplitude = 0.01 : f64} : tensor<8xf32>
    ```
  }]);
  let arguments = (ins SNN_FloatLike:$input, SigmaAttr:$sigma,
                   TauRcAttr:$tau_rc, TauRefAttr:$tau_ref,
                   AmplitudeAttr:$amplitude, GainAttr:$gain, BiasAttr:$bias);
}

//===----------------------------------------------------------------------===//
// Synapse
//===----------------------------------------------------------------------===//

def SNN_LowpassOp : SNN_Op<"lowpass", [Pure, Elementwise,
                                        AllTypesMatch<["input", "output"]>]> {
  let summary = "first-order lowpass synapse (nengo.Lowpass)";
  let description = [{
    Filters every element of `input` over time with `1 / (tau s + 1)`,
    discretized with a zero-order hold as Nengo does: `a = exp(-dt / tau)`,
    `x = a * x + (1 - a) * u`, output `x` (no extra one-step delay). The
    filter state `x` is implicit and starts at 0.

    Parameters:

    * `tau` (default 0.005 s, Nengo's default synapse, >= 0): time constant.
      `tau = 0` is no filter: the op folds to its input.

    Example:

    ```mlir
    %y = snn.lowpass %s {tau = 0.01 : f64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins SNN_FloatTensor:$input, TauAttr:$tau);
  let results = (outs SNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def SNN_DelayOp : SNN_Op<"delay", [Pure, Elementwise,
                                    AllTypesMatch<["input", "output"]>]> {
  let summary = "delay by a whole number of time steps";
  let description = [{
    Delays every element of `input` by `steps` time steps: the output at step
    `t` is the input at step `t - steps`, and 0 for the first `steps` steps.
    The state (the last `steps` inputs) is implicit and starts at 0;
    `--snn-materialize-time` keeps it in one loop-carried buffer of type
    `tensor<steps x (input shape)>`, used as a ring (state name `buffer`).

    Parameters:

    * `steps` (i64, >= 1, required): the delay in time steps.

    Example:

    ```mlir
    %y = snn.delay %s {steps = 3 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins SNN_FloatTensor:$input, SNN_DelayStepsAttr:$steps);
  let results = (outs SNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def SNN_FeedbackDelayOp : SNN_Op<"feedback_delay"> {
  let summary = "the output of a delay whose input is given later (recurrence)";
  let description = [{
    A delay by `steps` time steps, as `snn.delay`, whose input is given by
    the one `snn.feedback_input` that names this op's result. The output at
    step `t` is that input at step `t - steps`, and 0 for the first `steps`
    steps. Splitting the delay in two ops lets a value depend on its own
    past in SSA form: a recurrent connection reads `snn.feedback_delay`
    before the value it delays is computed. The state is implicit;
    `--snn-materialize-time` keeps it in one loop-carried ring buffer of type
    `tensor<steps x (output shape)>` (state name `buffer`), read at the
    op and written at the end of each step.

    Parameters:

    * `steps` (i64, >= 1, required): the delay in time steps.

    Example: a recurrent LIF layer, its own spikes fed back through `%w`.

    ```mlir
    %fb = snn.feedback_delay {steps = 1 : i64} : tensor<1x10xf32>
    %rec = tosa.matmul ... %fb ...           // recurrent weights
    %sum = tosa.add %in, %rec : ...
    %spikes = snn.lif %sum : tensor<1x10xf32>
    snn.feedback_input %fb, %spikes : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins SNN_DelayStepsAttr:$steps);
  let results = (outs SNN_FloatTensor:$output);
  let assemblyFormat = "attr-dict `:` type($output)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The snn.feedback_input that gives this delay its input.
    FeedbackInputOp getFeedbackInput();
  }];
}

def SNN_FeedbackInputOp : SNN_Op<"feedback_input", [
    AllTypesMatch<["delay", "input"]>,
    MemoryEffects<[MemWrite]>]> {
  let summary = "the input of an snn.feedback_delay";
  let description = [{
    Gives `input` as the input of the `snn.feedback_delay` that produced
    `delay`: it is read back `steps` steps later. Every `snn.feedback_delay`
    has exactly one `snn.feedback_input`, in the same block. It has no
    result; its (modelled) write keeps it alive.

    ```mlir
    snn.feedback_input %fb, %spikes : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins SNN_FloatTensor:$delay, SNN_FloatTensor:$input);
  let assemblyFormat = "$delay `,` $input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The delay this op gives its input.
    FeedbackDelayOp getDelayOp();
  }];
}

//===----------------------------------------------------------------------===//
// Pooling of spike trains
//===----------------------------------------------------------------------===//

def SNN_CountMaxPool2dOp : SNN_Op<"count_max_pool2d", [Pure]> {
  let summary = "max pooling of spike counts (NHWC, implicit state)";
  let description = [{
    Max pooling for spike trains, with the windows of `tosa.max_pool2d`
    (NHWC input, `kernel = [kh, kw]`, `stride = [sh, sw]`,
    `pad = [top, bottom, left, right]`; padded elements never win). The
    state is the running sum `c` of every input element (input shape) and
    the last pooled maximum `m` (output shape), both starting at 0. One step:

    1. `c = c + x`
    2. `m' = max_pool2d(c)`; output `= m' - m`; `m = m'`

    So after every step `t` the sum of the outputs is the maximum, over the
    window, of the sums of the inputs: the output's mean over the first `t`
    steps is the maximum of the inputs' means over the first `t` steps,
    exactly. Fed with spike trains of equal amplitude (non-negative multiples
    of `amplitude / dt`), the output is a spike train of that amplitude too
    (the running maximum only grows, in whole spikes), whose spike count is,
    at every step, the largest spike count in the window.

    `tosa.max_pool2d` on spike trains takes the maximum at every step
    instead, and its count, the sum of the per-step maxima, overestimates
    the largest count whenever the inputs of a window spike in different
    steps: `--convert-activations-to-spiking=max-pool=count` replaces the max
    pools of a converted network by this op (docs/CONVERSION.md).
    `--snn-materialize-time` keeps the state in the time loop (state names
    `count` and `max`) and computes the step with `tosa.add`,
    `tosa.max_pool2d` and `tosa.sub`.

    Example:

    ```mlir
    %p = snn.count_max_pool2d %s {kernel = array<i64: 2, 2>,
        stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>}
        : (tensor<1x28x28x16xf32>) -> tensor<1x14x14x16xf32>
    ```
  }];
  let arguments = (ins SNN_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$pad);
  let results = (outs SNN_FloatTensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type($input, $output)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Step forms (explicit state)
//===----------------------------------------------------------------------===//

def SNN_LIFStepOp : SNN_StepOp<"lif_step", [
    AllTypesMatch<["input", "voltage", "refractory", "output", "new_voltage",
                   "new_refractory"]>,
    DeclareOpInterfaceMethods<SNN_NeuronOpInterface,
      ["getAmplitudeValue", "isSpiking", "getStateNames"]>]> {
  let summary = "one time step of LIF neurons with explicit state";
  let description = !strconcat([{
    Advances LIF neurons (see `snn.lif` for the equations) by one step of
    length `dt`. `voltage` and `refractory` are the state before the step;
    the results are the step's output (`amplitude / dt` or 0), and the new
    voltage and refractory time. Pure: the state lives in SSA values, e.g.
    the `iter_args` of an `scf.for` over time steps.

    Parameters: as `snn.lif`:
  }], LIFParamDoc, [{
    * `min_voltage` (default 0, <= 0 or -inf): lower bound on the voltage;
      `-inf` (`0xFFF0000000000000 : f64`) means none.
  }], GainBiasDoc, [{

    Example:

    ```mlir
    %out, %v1, %r1 = snn.lif_step %x, %v0, %r0, dt %dt {tau_rc = 0.05 : f64}
        : tensor<1x84xf32>
    ```
  }]);
  let arguments = (ins SNN_FloatLike:$input, SNN_FloatLike:$voltage,
                   SNN_FloatLike:$refractory, AnyFloat:$dt, TauRcAttr:$tau_rc,
                   TauRefAttr:$tau_ref, MinVoltageAttr:$min_voltage,
                   AmplitudeAttr:$amplitude, GainAttr:$gain, BiasAttr:$bias);
  let results = (outs SNN_FloatLike:$output, SNN_FloatLike:$new_voltage,
                      SNN_FloatLike:$new_refractory);
  let assemblyFormat = [{
    $input `,` $voltage `,` $refractory `,` `dt` $dt attr-dict `:` type($input)
  }];
}

def SNN_IFStepOp : SNN_StepOp<"if_step", [
    AllTypesMatch<["input", "voltage", "output", "new_voltage"]>,
    DeclareOpInterfaceMethods<SNN_NeuronOpInterface,
      ["getAmplitudeValue", "isSpiking", "getStateNames"]>]> {
  let summary = "one time step of IF neurons with explicit state";
  let description = !strconcat([{
    Advances integrate-and-fire neurons (see `snn.if`) by one step of length
    `dt`: `v = v + (rectify ? max(J, 0) : J) * dt`; then with
    `reset = "subtract"`, `n = max(floor(v), 0)`, output
    `amplitude * n / dt`, new voltage `v - n`; with `reset = "zero"`,
    `spiked = v > 1`, output `spiked ? amplitude / dt : 0`, new voltage
    `spiked ? 0 : v`.

    Parameters: as `snn.if`:

    * `amplitude` (default 1, > 0): scale of the output.
    * `rectify` (default true): integrate `max(J, 0)` or `J`.
    * `reset` (default `"subtract"`): `"subtract"` or `"zero"`.
  }], GainBiasDoc, [{

    Example:

    ```mlir
    %out, %v1 = snn.if_step %x, %v0, dt %dt : tensor<1x120xf32>
    %o2, %v2 = snn.if_step %x, %v0, dt %dt {rectify = false, reset = "zero"}
        : tensor<1x120xf32>
    ```
  }]);
  let arguments = (ins SNN_FloatLike:$input, SNN_FloatLike:$voltage,
                   AnyFloat:$dt, AmplitudeAttr:$amplitude, GainAttr:$gain,
                   BiasAttr:$bias, SNN_RectifyAttr:$rectify,
                   SNN_ResetAttr:$reset);
  let results = (outs SNN_FloatLike:$output, SNN_FloatLike:$new_voltage);
  let assemblyFormat = [{
    $input `,` $voltage `,` `dt` $dt attr-dict `:` type($input)
  }];
}

def SNN_IzhikevichStepOp : SNN_StepOp<"izhikevich_step", [
    AllTypesMatch<["input", "voltage", "recovery", "output", "new_voltage",
                   "new_recovery"]>,
    DeclareOpInterfaceMethods<SNN_NeuronOpInterface,
      ["getAmplitudeValue", "isSpiking", "getStateNames"]>]> {
  let summary = "one time step of Izhikevich neurons with explicit state";
  let description = !strconcat([{
    Advances Izhikevich neurons (see `snn.izhikevich` for the equations) by
    one step of length `dt`, from voltage `voltage` and recovery `recovery`.
    Returns the output (`1 / dt` or 0), the new voltage and the new recovery.

    Parameters: as `snn.izhikevich`:

    * `tau_recovery` (a, default 0.02, > 0), `coupling` (b, default 0.2),
      `reset_voltage` (c, default -65), `reset_recovery` (d, default 8).
  }], GainBiasDoc, [{

    Example:

    ```mlir
    %out, %v1, %u1 = snn.izhikevich_step %x, %v0, %u0, dt %dt : tensor<16xf32>
    ```
  }]);
  let arguments = (ins SNN_FloatLike:$input, SNN_FloatLike:$voltage,
                   SNN_FloatLike:$recovery, AnyFloat:$dt,
                   TauRecoveryAttr:$tau_recovery, CouplingAttr:$coupling,
                   ResetVoltageAttr:$reset_voltage,
                   ResetRecoveryAttr:$reset_recovery, GainAttr:$gain,
                   BiasAttr:$bias);
  let results = (outs SNN_FloatLike:$output, SNN_FloatLike:$new_voltage,
                      SNN_FloatLike:$new_recovery);
  let assemblyFormat = [{
    $input `,` $voltage `,` $recovery `,` `dt` $dt attr-dict `:` type($input)
  }];
}

def SNN_LowpassStepOp : SNN_StepOp<"lowpass_step", [
    AllTypesMatch<["input", "state", "output"]>]> {
  let summary = "one time step of a lowpass synapse with explicit state";
  let description = [{
    Advances a lowpass filter (see `snn.lowpass`) by one step of length `dt`:
    `a = exp(-dt / tau)`, output `a * state + (1 - a) * input`. The output is
    also the new filter state. `tau = 0` folds to `input`.

    Example:

    ```mlir
    %y = snn.lowpass_step %s, %x0, dt %dt {tau = 0.01 : f64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins SNN_FloatLike:$input, SNN_FloatLike:$state,
                   AnyFloat:$dt, TauAttr:$tau);
  let results = (outs SNN_FloatLike:$output);
  let assemblyFormat = [{
    $input `,` $state `,` `dt` $dt attr-dict `:` type($input)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Lowering helpers
//===----------------------------------------------------------------------===//

def SNN_CompressOp : SNN_Op<"compress", [Pure,
    AllTypesMatch<["value", "result"]>]> {
  let summary = "the lanes of a vector that a mask marks, packed to its front";
  let description = [{
    The lanes of `value` whose `mask` lane is set, in lane order, as the
    first lanes of the result; the result's other lanes are unspecified
    (poison). A 1-D vector and an `i1` mask of as many lanes.

    `--snn-vectorize-neurons` appends lanes to lists with it and an
    unmasked `vector.store` of the whole vector (its lists leave room for
    that), instead of `vector.compressstore`, whose store-to-memory form is
    slow on some CPUs (docs/LOWERING.md). `--snn-math-to-intrinsics` lowers
    it to `llvm.experimental.vector.compress` (one instruction on AVX-512;
    LLVM expands it elsewhere), padding a lane count that is not a power of
    two; it rejects vectors of more than 512 bits (after that padding),
    whose compress LLVM 22 miscompiles on AVX-512.

    Example:

    ```mlir
    %packed = snn.compress %v, %mask : vector<16xf32>, vector<16xi1>
    ```
  }];
  let arguments = (ins VectorOfRankAndType<[1], [AnyType]>:$value,
                   VectorOfRankAndType<[1], [I1]>:$mask);
  let results = (outs VectorOfRankAndType<[1], [AnyType]>:$result);
  let assemblyFormat = [{
    $value `,` $mask attr-dict `:` type($value) `,` type($mask)
  }];
  let hasVerifier = 1;
}

#endif // SNN_DIALECT_SNN_SNNOPS_TD
