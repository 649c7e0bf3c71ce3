//===- ActivationsToSpiking.h - ANN activations to neurons ------*- C++ -*-===//
//
// Part of snn-mlir.
//
// The machinery of --convert-activations-to-spiking and
// --convert-activations-to-lif: option resolution (Nengo's gain and bias
// formulas, per-neuron defaults, validation) and the rewrite patterns that
// replace activations by snn neuron ops.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_CONVERSION_ACTIVATIONSTOSPIKING_ACTIVATIONSTOSPIKING_H
#define SNN_CONVERSION_ACTIVATIONSTOSPIKING_ACTIVATIONSTOSPIKING_H

#include "SNN/Conversion/Passes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <limits>
#include <optional>
#include <string>
#include <utility>

namespace mlir {
class RewritePatternSet;

namespace snn {

/// The neuron models an activation can become.
enum class NeuronKind { IF, LIF, LIFRate, SoftLIFRate, Izhikevich };

/// Parses a neuron name as the `neuron` option spells it (`if`, `lif`,
/// `lif-rate`, `soft-lif-rate`, `izhikevich`).
std::optional<NeuronKind> parseNeuronKind(StringRef name);

/// Returns the `neuron` option spelling of `kind`.
StringRef stringifyNeuronKind(NeuronKind kind);

/// Returns Nengo's LIF gain and bias for an ensemble whose neurons fire at
/// `maxRate` Hz at input 1 and start firing at input `intercept`:
/// `J_max = 1 / (1 - exp((tau_ref - 1 / max_rate) / tau_rc))`,
/// `gain = (1 - J_max) / (intercept - 1)`, `bias = 1 - gain * intercept`.
/// Requires `1 / maxRate > tauRef` and `intercept < 1`.
std::pair<double, double> getLIFGainBias(double maxRate, double intercept,
                                         double tauRc, double tauRef);

/// Returns Nengo's IF (SpikingRectifiedLinear) gain and bias:
/// `gain = max_rate / (1 - intercept)`, `bias = -gain * intercept`.
std::pair<double, double> getIFGainBias(double maxRate, double intercept);

/// Fully resolved parameters of the neuron ops a conversion creates.
struct NeuronParams {
  NeuronKind kind = NeuronKind::IF;
  double tauRc = 0.02;
  double tauRef = 0.002;
  double minVoltage = 0.0;
  double amplitude = 1.0;
  double gain = 1.0;
  double bias = 0.0;
  double sigma = 1.0;
  double tauRecovery = 0.02;
  double coupling = 0.2;
  double resetVoltage = -65.0;
  double resetRecovery = 8.0;
  /// Time constant of the snn.lowpass after each neuron op; 0 for none.
  double synapse = 0.0;
  /// IF: integrate max(J, 0) (Nengo) or J (signed), and the voltage before
  /// the first step.
  bool rectify = true;
  double initialVoltage = 0.0;
};

/// Where max pooling goes in a spiking network (option `max-pool`).
enum class MaxPoolMode {
  /// The ANN's tosa.max_pool2d on spike trains (the maximum at every step).
  AfterNeuron,
  /// A ReLU clamp whose only use is a max pool moves after the pool.
  BeforeNeuron,
  /// Every max pool on spikes becomes snn.count_max_pool2d (the maximum of
  /// the running spike counts).
  Count,
};

/// What the activation conversion patterns replace and by what.
struct ActivationConversionConfig {
  NeuronParams neuron;
  bool relu = true;
  bool sigmoid = false;
  bool tanh = false;
  bool leakyRelu = false;
  bool clip = false;
  /// Activations whose location carries one of these names (NameLoc) stay.
  llvm::StringSet<> skip;
  /// Data-based normalization: when set, every converted activation must
  /// have a scale here, keyed by a name of its location, which multiplies
  /// gain and bias and divides the amplitude (a per-layer
  /// scale-firing-rates).
  bool normalize = false;
  llvm::StringMap<double> layerScales;
  /// Per-channel normalization: the scale of every channel, and the axis
  /// of the activation's tensor that holds the channels, per layer name.
  bool perChannel = false;
  llvm::StringMap<SmallVector<double>> channelScales;
  llvm::StringMap<int64_t> channelAxes;
  /// The statistics file the scales come from (for diagnostics).
  std::string normalizeFile;
  /// Where max pools go.
  MaxPoolMode maxPool = MaxPoolMode::AfterNeuron;
};

/// Counters the patterns update (the passes turn them into statistics).
struct ActivationConversionStats {
  unsigned numConverted = 0;
  unsigned numLossy = 0;
  /// Activations left alone because of `skip`.
  llvm::SmallPtrSet<Operation *, 8> skipped;
  /// The `skip` names that matched an activation.
  llvm::StringSet<> skipNamesUsed;
  /// Activations without a scale in `layerScales` (normalization).
  SmallVector<Operation *> unscaled;
  /// Activations whose per-channel statistics are missing or do not fit
  /// (per-channel normalization), with the rest of the message after their
  /// name.
  SmallVector<std::pair<Operation *, std::string>> badChannels;
  /// Names of the activations without a NameLoc: `activation<i>`, i being
  /// the position among all activations of every kind under the root in
  /// program order (as --snn-expose-activations names them).
  llvm::DenseMap<Operation *, std::string> positionalNames;
  /// The channel axis of every activation (getActivationChannelAxis; -1 for
  /// none) before the conversion changed the network (normalization).
  llvm::DenseMap<Operation *, int64_t> channelAxes;
  /// The activations a collection run (collectActivations) found, in
  /// program order.
  SmallVector<Operation *> *collected = nullptr;
  /// Producers of converted activations (LeakyRelu's multiplication, ReLU's
  /// zero constant) that applyActivationsToSpiking erases once unused.
  SmallVector<Operation *> maybeDead;
};

/// The options of the activation conversion passes as given: a NaN number
/// means "not given", in which case the neuron's default applies.
struct RawActivationOptions {
  /// The pass argument, prefixed to diagnostics.
  std::string passName = "convert-activations-to-spiking";
  std::string neuron = "if";
  SmallVector<std::string> activations;
  SmallVector<std::string> skip;
  double tauRc = std::numeric_limits<double>::quiet_NaN();
  double tauRef = std::numeric_limits<double>::quiet_NaN();
  double minVoltage = std::numeric_limits<double>::quiet_NaN();
  double amplitude = std::numeric_limits<double>::quiet_NaN();
  double maxRate = std::numeric_limits<double>::quiet_NaN();
  double intercept = std::numeric_limits<double>::quiet_NaN();
  double gain = std::numeric_limits<double>::quiet_NaN();
  double bias = std::numeric_limits<double>::quiet_NaN();
  double sigma = std::numeric_limits<double>::quiet_NaN();
  double tauRecovery = std::numeric_limits<double>::quiet_NaN();
  double coupling = std::numeric_limits<double>::quiet_NaN();
  double resetVoltage = std::numeric_limits<double>::quiet_NaN();
  double resetRecovery = std::numeric_limits<double>::quiet_NaN();
  double scaleFiringRates = 1.0;
  double synapse = 0.0;
  /// IF only: "signed" or "rectified"; empty for the default (signed when
  /// `conversionGradeIF`, as --convert-activations-to-spiking sets it;
  /// rectified otherwise).
  std::string ifIntegration;
  double initialVoltage = std::numeric_limits<double>::quiet_NaN();
  /// Whether an unset if-integration and initial-voltage mean the
  /// conversion-grade IF (signed, v0 = 0.5; the general pass) or Nengo's
  /// SpikingRectifiedLinear from 0.
  bool conversionGradeIF = false;
  /// "after-neuron", "before-neuron" or "count"; empty for the default
  /// (count when `conversionGradeIF`, after-neuron otherwise).
  std::string maxPool;
  /// Data-based normalization: the statistics file written by
  /// `snn-run --stats-file` on the ANN (empty: none), the percentile of each
  /// layer's activations that is mapped to `normalizeRate` Hz.
  std::string normalize;
  double normalizePercentile = 99.9;
  double normalizeRate = 1000.0;
  /// One scale per channel (from the file's per-channel percentiles)
  /// instead of one per layer (the pass's default).
  bool normalizePerChannel = true;
};

/// Validates `options`, fills in the neuron's defaults and computes gain and
/// bias. Reports the first invalid option through `emitError` and fails.
FailureOr<ActivationConversionConfig>
resolveActivationConversionConfig(const RawActivationOptions &options,
                                  function_ref<InFlightDiagnostic()> emitError);

/// Adds the patterns that replace the activations selected by `config` with
/// its neuron ops. `stats`, when given, must outlive the patterns.
void populateActivationsToSpikingPatterns(
    RewritePatternSet &patterns, const ActivationConversionConfig &config,
    ActivationConversionStats *stats = nullptr);

/// Runs the activation conversion on `root` (patterns applied once per
/// activation, then dead producers such as LeakyRelu's multiplication
/// erased) and warns about `skip` names that matched nothing.
LogicalResult
applyActivationsToSpiking(Operation *root,
                          const ActivationConversionConfig &config,
                          ActivationConversionStats &stats);

/// Appends to `activations` the ops under `root` that the conversion with
/// `config` would replace by neurons, in program order (nothing is changed;
/// `skip` is ignored).
void collectActivations(Operation *root,
                        const ActivationConversionConfig &config,
                        SmallVectorImpl<Operation *> &activations);

/// Returns `config` with every kind of activation selected. Unnamed
/// activations are named by their position among all activations of every
/// kind (`activation<i>`), so that statistics and a conversion that select
/// different kinds agree on the names.
ActivationConversionConfig
getAllActivationsConfig(const ActivationConversionConfig &config);

/// Returns the name of an activation for statistics and normalization: the
/// first NameLoc name of its location (the ONNX node name of imported
/// models), or an empty string.
std::string getActivationName(Operation *op);

/// Returns the names of `activations` (in program order under one root):
/// getActivationName, or `activation<i>` for the i-th when it has none.
SmallVector<std::string> getActivationNames(ArrayRef<Operation *> activations);

/// Returns the channel axis of activation `op`'s tensor, the axis over which
/// per-channel statistics and normalization group its values: the last
/// axis of an NHWC tensor (one computed, through element-wise ops, by a
/// TOSA convolution or pooling) and of a tensor of rank 2 or 3 ([N, F],
/// [N, L, F]), axis 1 of any other tensor of rank 4 or more (ONNX's NCHW);
/// nothing for a tensor of rank 0 or 1.
std::optional<int64_t> getActivationChannelAxis(Operation *op);

/// What both activation passes run: resolves `options` (errors at `root`'s
/// location) and applies the conversion to `root`.
LogicalResult convertActivations(Operation *root,
                                 const RawActivationOptions &options,
                                 ActivationConversionStats &stats);

} // namespace snn
} // namespace mlir

#endif // SNN_CONVERSION_ACTIVATIONSTOSPIKING_ACTIVATIONSTOSPIKING_H
