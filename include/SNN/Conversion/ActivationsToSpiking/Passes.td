//===- Passes.td - ActivationsToSpiking passes -------------*- tablegen -*-===//
//
// Part of snn-mlir. Included by SNN/Conversion/Passes.td.
//
// The ANN -> SNN conversions of ARCHITECTURE.md level 2 and their reverse:
// --convert-activations-to-spiking, --convert-activations-to-lif and
// --convert-spiking-to-rate. docs/CONVERSION.md describes their options,
// defaults and formulas.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_CONVERSION_ACTIVATIONSTOSPIKING_PASSES_TD
#define SNN_CONVERSION_ACTIVATIONSTOSPIKING_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Options shared by the activation conversions
//===----------------------------------------------------------------------===//

// A numeric option whose default is "not given" (NaN): the pass then uses
// the neuron's documented default, and can tell a given value from a default
// one (to reject options that do not apply, or that contradict each other).
class SNNUnsetDoubleOption<string varName, string arg, string desc>
    : Option<varName, arg, "double", "std::numeric_limits<double>::quiet_NaN()",
             desc>;

defvar SNNActivationSelectionOptions = [
  ListOption<"activations", "activations", "std::string",
    "Activations to convert, comma-separated: relu (the default), sigmoid, "
    "tanh, leaky-relu, clip. All but relu are lossy (a remark says so)">,
  ListOption<"skip", "skip", "std::string",
    "ONNX node names (matched against the activation's NameLoc) whose "
    "activation stays non-spiking">,
];

defvar SNNActivationLIFOptions = [
  SNNUnsetDoubleOption<"tauRc", "tau-rc",
    "Membrane RC time constant in seconds, > 0 (default 0.02)">,
  SNNUnsetDoubleOption<"tauRef", "tau-ref",
    "Refractory period in seconds, >= 0 (default 0.002)">,
];

defvar SNNActivationMinVoltageOption = SNNUnsetDoubleOption<
  "minVoltage", "min-voltage",
  "Lower bound of the LIF voltage, <= 0 (default 0; lif only)">;

// The operating range; max-rate, whose default depends on the neuron, comes
// first and is declared by each pass.
defvar SNNActivationRangeOptions = [
  SNNUnsetDoubleOption<"intercept", "intercept",
    "Input at which firing starts, Nengo's intercepts, < 1 (default 0)">,
  SNNUnsetDoubleOption<"gain", "gain",
    "Explicit gain (J = gain * x + bias), given together with bias, instead "
    "of max-rate and intercept">,
  SNNUnsetDoubleOption<"bias", "bias",
    "Explicit bias, given together with gain, instead of max-rate and "
    "intercept">,
];

defvar SNNActivationSharedOptions = [
  Option<"scaleFiringRates", "scale-firing-rates", "double", "1.0",
    "Nengo's scale_firing_rates s > 0: gain and bias times s, amplitude "
    "divided by s (same mean output, s times the spikes; default 1)">,
  Option<"synapse", "synapse", "double", "0.0",
    "Time constant in seconds of a snn.lowpass inserted after each neuron "
    "op, >= 0 (default 0: none)">,
];

defvar SNNActivationStatistics = [
  Statistic<"numConverted", "num-converted",
    "Number of activations replaced by neuron ops">,
  Statistic<"numLossy", "num-lossy",
    "Number of those conversions that do not preserve the activation">,
  Statistic<"numSkipped", "num-skipped",
    "Number of activations left non-spiking by the skip option">,
];

//===----------------------------------------------------------------------===//
// convert-activations-to-spiking
//===----------------------------------------------------------------------===//

def ConvertActivationsToSpikingPass
    : Pass<"convert-activations-to-spiking", "mlir::ModuleOp"> {
  let summary = "Replace ANN activations by spiking (or rate) neuron ops";
  let description = [{
    Replaces the activations of an imported ANN (TOSA ops, as the ONNX
    importer writes them) by `snn` neuron populations acting on the same
    tensor: `%y = relu(%x)` becomes `%y = snn.<neuron> %x {...}`. The layers
    around the activation are left as they are.

    Recognized activations (option `activations`, default `relu` only):

    * `relu`: `tosa.clamp` with `min_val = 0` and `max_val` at least the
      largest finite value of the element type (or +inf);
      `tosa.maximum(%x, 0)`, `arith.maximumf(%x, 0)` and
      `arith.maxnumf(%x, 0)` with a splat zero constant on either side.
    * `sigmoid`: `tosa.sigmoid`; `tanh`: `tosa.tanh`.
    * `leaky-relu`: `tosa.maximum(%x, tosa.mul(%x, alpha))` with a splat
      `0 <= alpha < 1`, in either operand order.
    * `clip`: any other float `tosa.clamp`.

    A neuron's rate is never negative and (IF) never saturates, so every
    activation but ReLU is changed by the conversion: the pass says so with a
    remark at the activation's location, and converts it all the same.

    Neurons (option `neuron`): `if` (the default: with gain 1, bias 0 and
    amplitude 1 its mean output is exactly ReLU), `lif`, `lif-rate`,
    `soft-lif-rate` and `izhikevich`. Every neuron gets `gain` and `bias`,
    either explicit or computed with Nengo's formulas from `max-rate` and
    `intercept` (not for izhikevich); see docs/CONVERSION.md for the defaults
    of each neuron. The IF neuron integrates its signed current from half
    its threshold (`if-integration=signed initial-voltage=0.5`, the
    conversion-grade IF: `snn.if {rectify = false, initial_voltage = 0.5}`);
    `if-integration=rectified initial-voltage=0` gives Nengo's
    `SpikingRectifiedLinear` (plain `snn.if`). Options that do not apply to
    the chosen neuron are errors. Invalid option values are errors reported
    on the module.

    `scale-firing-rates=s` multiplies gain and bias by `s` and divides the
    amplitude by `s`; `synapse=tau` inserts `snn.lowpass {tau}` after every
    neuron op; `skip` leaves the named activations as they are.

    Max pooling of spikes (`max-pool`): by default every `tosa.max_pool2d`
    whose input depends on a spiking population becomes
    `snn.count_max_pool2d`, whose running spike count is the largest running
    count of its window, so its mean output is exactly the maximum of the
    input means (the ANN's max pool of spike trains overestimates it).
    Data-based normalization (`normalize`, with the statistics of
    `snn-run --stats-file`) scales every channel by default
    (`normalize-per-channel`), every layer otherwise.

    Example (`neuron=lif`):

    ```mlir
    %y = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32}
        : (tensor<1x84xf32>) -> tensor<1x84xf32> loc("relu3")
    // becomes
    %y = snn.lif %x {amplitude = 0.01 : f64, gain = 2.0332... : f64,
                     bias = 1.0 : f64} : tensor<1x84xf32> loc("relu3")
    ```
  }];
  let dependentDialects = ["mlir::snn::SNNDialect"];
  let options = !listconcat([
    Option<"neuron", "neuron", "std::string", "\"if\"",
      "Neuron model: if (default), lif, lif-rate, soft-lif-rate, izhikevich">,
  ], SNNActivationSelectionOptions, SNNActivationLIFOptions,
  [SNNActivationMinVoltageOption], [
    SNNUnsetDoubleOption<"amplitude", "amplitude",
      "Output scale, > 0 (default 1 for if, 0.01 for the LIF family; not "
      "izhikevich)">,
    SNNUnsetDoubleOption<"maxRate", "max-rate",
      "Firing rate in Hz at input 1 (Nengo's max_rates), > 0, turned into "
      "gain and bias with intercept (default 100 for the LIF family, 1 for "
      "if; not izhikevich)">,
  ], SNNActivationRangeOptions, [
    SNNUnsetDoubleOption<"sigma", "sigma",
      "Smoothing of soft-lif-rate, > 0 (default 1; soft-lif-rate only)">,
    SNNUnsetDoubleOption<"tauRecovery", "tau-recovery",
      "Izhikevich a, > 0 (default 0.02; izhikevich only)">,
    SNNUnsetDoubleOption<"coupling", "coupling",
      "Izhikevich b (default 0.2; izhikevich only)">,
    SNNUnsetDoubleOption<"resetVoltage", "reset-voltage",
      "Izhikevich c (default -65; izhikevich only)">,
    SNNUnsetDoubleOption<"resetRecovery", "reset-recovery",
      "Izhikevich d (default 8; izhikevich only)">,
    Option<"ifIntegration", "if-integration", "std::string", "\"\"",
      "IF integration (if only): signed (the default: v += J * dt, the "
      "voltage can go below 0, so inhibitory input cancels excitatory input "
      "of other steps; snn.if rectify = false) or rectified (Nengo's "
      "SpikingRectifiedLinear, v += max(J, 0) * dt)">,
    SNNUnsetDoubleOption<"initialVoltage", "initial-voltage",
      "IF voltage before the first step, in [0, 1) (default 0.5, half the "
      "threshold: spike counts round the integrated current instead of "
      "flooring it, as with 0; if only)">,
    Option<"maxPool", "max-pool", "std::string", "\"\"",
      "Max pooling of spikes: count (the default: every tosa.max_pool2d "
      "whose input depends on a spiking population becomes "
      "snn.count_max_pool2d, whose spike count is at every step the largest "
      "running count in its window, so its mean is exactly the maximum of "
      "the input means), after-neuron (the ANN's max pool on spike trains, "
      "the maximum at every step, which overestimates the maximum rate) or "
      "before-neuron (a ReLU clamp whose only use is a max pool, through "
      "transposes and reshapes, moves after the pool, where the two "
      "commute: the pool then takes the maximum of the input currents)">,
    Option<"normalize", "normalize", "std::string", "\"\"",
      "Data-based normalization (if only): the activation statistics file "
      "written by `snn-run --stats-file` on the same ANN; each layer gets "
      "its own scale-firing-rates so that its normalize-percentile activation "
      "fires at normalize-rate Hz">,
    Option<"normalizePercentile", "normalize-percentile", "double", "99.9",
      "Percentile of each layer's activations used by normalize (one of "
      "those in the file; default 99.9)">,
    Option<"normalizeRate", "normalize-rate", "double", "1000.0",
      "Rate in Hz of the normalize-percentile activation (default 1000: one "
      "spike per step of 1 ms)">,
    Option<"normalizePerChannel", "normalize-per-channel", "bool", "true",
      "With normalize: one scale per channel (the default: the "
      "normalize-percentile of each channel's activations, from the "
      "statistics file's per-channel percentiles; the neuron's gain, bias "
      "and amplitude become a tosa.mul, and tosa.add, by per-channel "
      "constants before the neuron op and a tosa.mul after it) or, when "
      "false, one per layer (the layer's percentile; the scale goes into "
      "the neuron's attributes)">,
  ], SNNActivationSharedOptions);
  let statistics = SNNActivationStatistics;
}

//===----------------------------------------------------------------------===//
// snn-expose-activations
//===----------------------------------------------------------------------===//

def SNNExposeActivationsPass
    : Pass<"snn-expose-activations", "mlir::ModuleOp"> {
  let summary = "Return every convertible activation as an extra result";
  let description = [{
    For calibration (data-based normalization, docs/CONVERSION.md): appends
    to every public function, after its results, the result of each
    activation that `--convert-activations-to-spiking` recognizes (the same
    matching; by default every kind: relu, sigmoid, tanh, leaky-relu and
    clip, so that a conversion with any `activations` selection finds its
    statistics), in program order, marked `{snn.activation = "<name>"}` with
    the activation's ONNX node name (the first NameLoc of its location;
    without one `activation<i>`, `i` its position among the activations of
    every kind, as the conversion names it) and, for a tensor of rank 2 or
    more, `{snn.channel_axis = <axis>}`, the axis per-channel statistics
    group its values by (the last axis of NHWC and of [N, F] tensors, axis 1
    of NCHW ones). `snn-run --stats` runs it on an ANN and reports
    percentiles of each layer's activations, per layer and per channel.
  }];
  let dependentDialects = ["mlir::func::FuncDialect"];
  let options = [
    ListOption<"activations", "activations", "std::string",
      "Activations to expose, as for convert-activations-to-spiking (default: "
      "all of relu, sigmoid, tanh, leaky-relu and clip)">,
  ];
  let statistics = [
    Statistic<"numExposed", "num-exposed", "Number of activations exposed">,
  ];
}

//===----------------------------------------------------------------------===//
// convert-activations-to-lif
//===----------------------------------------------------------------------===//

def ConvertActivationsToLIFPass
    : Pass<"convert-activations-to-lif", "mlir::ModuleOp"> {
  let summary = "Replace ANN activations by LIF neurons (the thesis's "
                "conversion)";
  let description = [{
    `--convert-activations-to-spiking{neuron=lif}` with the defaults of the
    ONNX-SNN thesis's generated NengoDL code: LIF neurons with tau_rc 0.02 s,
    tau_ref 0.002 s, amplitude 0.01, and gain and bias of an ensemble with
    max rate 100 Hz and intercept 0:
    `J_max = 1 / (1 - exp((tau_ref - 1 / max_rate) / tau_rc))`,
    `gain = (1 - J_max) / (intercept - 1)` (about 2.033),
    `bias = 1 - gain * intercept` (1). Without that bias a LIF neuron stays
    silent below a current of 1 and a converted ReLU network collapses.

    Every ReLU becomes `snn.lif`; `activations` adds sigmoid, tanh,
    leaky-relu and clip (lossy, with a remark). See
    `--convert-activations-to-spiking` for the activation forms and the
    shared options, docs/CONVERSION.md for the formulas.

    Example:

    ```mlir
    %y = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32}
        : (tensor<1x84xf32>) -> tensor<1x84xf32> loc("relu3")
    // becomes
    %y = snn.lif %x {amplitude = 0.01 : f64, gain = 2.0332... : f64,
                     bias = 1.0 : f64} : tensor<1x84xf32> loc("relu3")
    ```
  }];
  let dependentDialects = ["mlir::snn::SNNDialect"];
  let options = !listconcat(SNNActivationSelectionOptions,
    SNNActivationLIFOptions, [SNNActivationMinVoltageOption,
     Option<"amplitude", "amplitude", "double", "0.01",
       "Output scale, > 0 (default 0.01)">,
     SNNUnsetDoubleOption<"maxRate", "max-rate",
       "Firing rate in Hz at input 1 (Nengo's max_rates), > 0, turned into "
       "gain and bias with intercept (default 100)">],
    SNNActivationRangeOptions, SNNActivationSharedOptions);
  let statistics = SNNActivationStatistics;
}

//===----------------------------------------------------------------------===//
// convert-spiking-to-rate
//===----------------------------------------------------------------------===//

def ConvertSpikingToRatePass
    : Pass<"convert-spiking-to-rate", "mlir::ModuleOp"> {
  let summary = "Replace spiking neuron populations by their rate models";
  let description = [{
    The reverse of `--convert-activations-to-spiking`, for inspection and
    training: every spiking population becomes the stateless model of its
    mean output, with the same parameters.

    * `snn.lif` becomes `snn.lif_rate` (its steady-state rate; `min_voltage`
      does not change it and is dropped), or `snn.soft_lif_rate` with the
      given `sigma` when `sigma > 0`.
    * `snn.if` becomes `amplitude * max(gain * x + bias, 0)` in TOSA:
      `tosa.mul` by `amplitude * gain` and `tosa.add` of `amplitude * bias`
      (each only when needed) and a ReLU `tosa.clamp` (min 0, max the largest
      finite value of the element type), so that a plain `snn.if` turns back
      into the importer's ReLU. `rectify = false` gives the same rate (under
      a constant current, `J <= 0` never spikes and `J > 0` integrates as
      when rectified).
    * `snn.izhikevich`, and `snn.if` with `reset = "zero"` (whose rate,
      `amplitude / (dt * (floor(1 / (J * dt)) + 1))`, depends on `dt`), have
      no rate model: each is an error naming the op, unless
      `keep-unsupported` is set, which leaves it spiking with a warning.

    * `snn.count_max_pool2d` becomes `tosa.max_pool2d` with the same
      windows (its mean output is exactly the maximum of its inputs' means).

    Rate ops, `snn.lowpass` and the step forms are left as they are.

    Example:

    ```mlir
    %s = snn.lif %x {amplitude = 0.01 : f64, gain = 2.0 : f64, bias = 1.0 : f64}
        : tensor<1x84xf32>
    // becomes
    %s = snn.lif_rate %x {amplitude = 0.01 : f64, gain = 2.0 : f64,
                          bias = 1.0 : f64} : tensor<1x84xf32>
    ```
  }];
  let dependentDialects = ["mlir::snn::SNNDialect", "mlir::tosa::TosaDialect"];
  let options = [
    Option<"sigma", "sigma", "double", "0.0",
      "When > 0, snn.lif becomes snn.soft_lif_rate with this smoothing "
      "width instead of snn.lif_rate (default 0)">,
    Option<"keepUnsupported", "keep-unsupported", "bool", "false",
      "Leave neurons without a rate model (izhikevich) spiking, with a "
      "warning, instead of failing">,
  ];
  let statistics = [
    Statistic<"numConverted", "num-converted",
      "Number of spiking populations replaced by rate models">,
  ];
}

def ConvertRateToSpikingPass
    : Pass<"convert-rate-to-spiking", "mlir::ModuleOp"> {
  let summary = "Replace LIF rate models by spiking LIF neurons";
  let description = [{
    The thesis's workflow for LIF networks: train with a smooth rate model
    (NengoDL's SoftLIFRate, imported from an `ai.onnx.snn::SoftLIFRate`
    node as `snn.soft_lif_rate`), then run with spiking LIF neurons of the
    same parameters. Every `snn.lif_rate` and `snn.soft_lif_rate` becomes an
    `snn.lif` with the same `tau_rc`, `tau_ref`, `amplitude`, `gain` and
    `bias` (`sigma` only smooths the rate curve and is dropped), and the
    `min-voltage` option. Its mean output is then the LIF rate curve that
    `snn.lif_rate` computes. Step forms are left as they are.

    Example:

    ```mlir
    %r = snn.soft_lif_rate %x {sigma = 0.02 : f64, amplitude = 0.01 : f64}
        : tensor<1x84xf32>
    // becomes
    %r = snn.lif %x {amplitude = 0.01 : f64} : tensor<1x84xf32>
    ```
  }];
  let dependentDialects = ["mlir::snn::SNNDialect"];
  let options = [
    Option<"minVoltage", "min-voltage", "double", "0.0",
      "Lower bound of the LIF voltage, <= 0 (default 0)">,
  ];
  let statistics = [
    Statistic<"numConverted", "num-converted",
      "Number of rate models replaced by spiking LIF populations">,
  ];
}

#endif // SNN_CONVERSION_ACTIVATIONSTOSPIKING_PASSES_TD
