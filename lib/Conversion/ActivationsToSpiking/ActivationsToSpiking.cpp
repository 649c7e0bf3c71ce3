//===- ActivationsToSpiking.cpp - activations to snn neurons ----*- C++ -*-===//
//
// Part of snn-mlir.
//
// --convert-activations-to-spiking, and the option resolution and patterns
// that --convert-activations-to-lif shares with it. The activation forms are
// those the ONNX importer writes (TOSA 1.0): ReLU as a clamp to [0, max] or
// a maximum with zero, LeakyRelu as max(x, x * alpha), Clip as a clamp,
// Sigmoid and Tanh as tosa.sigmoid and tosa.tanh.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/ActivationsToSpiking/ActivationsToSpiking.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_CONVERTACTIVATIONSTOSPIKINGPASS
#define GEN_PASS_DEF_SNNEXPOSEACTIVATIONSPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

//===----------------------------------------------------------------------===//
// Neuron kinds and Nengo's gain/bias formulas
//===----------------------------------------------------------------------===//

std::optional<NeuronKind> mlir::snn::parseNeuronKind(StringRef name) {
  return llvm::StringSwitch<std::optional<NeuronKind>>(name)
      .Case("if", NeuronKind::IF)
      .Case("lif", NeuronKind::LIF)
      .Case("lif-rate", NeuronKind::LIFRate)
      .Case("soft-lif-rate", NeuronKind::SoftLIFRate)
      .Case("izhikevich", NeuronKind::Izhikevich)
      .Default(std::nullopt);
}

StringRef mlir::snn::stringifyNeuronKind(NeuronKind kind) {
  switch (kind) {
  case NeuronKind::IF:
    return "if";
  case NeuronKind::LIF:
    return "lif";
  case NeuronKind::LIFRate:
    return "lif-rate";
  case NeuronKind::SoftLIFRate:
    return "soft-lif-rate";
  case NeuronKind::Izhikevich:
    return "izhikevich";
  }
  llvm_unreachable("unknown neuron kind");
}

/// Returns the name of the op a neuron kind becomes.
static StringRef getNeuronOpName(NeuronKind kind) {
  switch (kind) {
  case NeuronKind::IF:
    return IFOp::getOperationName();
  case NeuronKind::LIF:
    return LIFOp::getOperationName();
  case NeuronKind::LIFRate:
    return LIFRateOp::getOperationName();
  case NeuronKind::SoftLIFRate:
    return SoftLIFRateOp::getOperationName();
  case NeuronKind::Izhikevich:
    return IzhikevichOp::getOperationName();
  }
  llvm_unreachable("unknown neuron kind");
}

static bool isLIFFamily(NeuronKind kind) {
  return kind == NeuronKind::LIF || kind == NeuronKind::LIFRate ||
         kind == NeuronKind::SoftLIFRate;
}

std::pair<double, double> mlir::snn::getLIFGainBias(double maxRate,
                                                    double intercept,
                                                    double tauRc,
                                                    double tauRef) {
  double jMax = 1.0 / (1.0 - std::exp((tauRef - 1.0 / maxRate) / tauRc));
  double gain = (1.0 - jMax) / (intercept - 1.0);
  double bias = 1.0 - gain * intercept;
  return {gain, bias};
}

std::pair<double, double> mlir::snn::getIFGainBias(double maxRate,
                                                   double intercept) {
  double gain = maxRate / (1.0 - intercept);
  // Written so that intercept 0 gives bias +0, not -0.
  double bias = intercept == 0.0 ? 0.0 : -gain * intercept;
  return {gain, bias};
}

//===----------------------------------------------------------------------===//
// Option resolution
//===----------------------------------------------------------------------===//

/// Formats a number the way a user writes it.
static std::string formatNumber(double value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format("%g", value);
  return text;
}

/// A numeric option is given unless it holds the NaN that means "unset".
static bool isGiven(double value) { return !std::isnan(value); }

static LogicalResult
loadNormalization(const RawActivationOptions &options,
                  ActivationConversionConfig &config,
                  function_ref<InFlightDiagnostic()> error);

FailureOr<ActivationConversionConfig>
mlir::snn::resolveActivationConversionConfig(
    const RawActivationOptions &options,
    function_ref<InFlightDiagnostic()> emitError) {
  auto error = [&]() {
    InFlightDiagnostic diag = emitError();
    diag << options.passName << ": ";
    return diag;
  };

  ActivationConversionConfig config;
  NeuronParams &params = config.neuron;

  // The neuron model.
  std::optional<NeuronKind> kind = parseNeuronKind(options.neuron);
  if (!kind) {
    error() << "unknown neuron '" << options.neuron
            << "' (expected if, lif, lif-rate, soft-lif-rate or izhikevich)";
    return failure();
  }
  params.kind = *kind;
  StringRef neuronName = stringifyNeuronKind(*kind);

  // The activations to convert.
  if (!options.activations.empty()) {
    config.relu = false;
    for (StringRef name : options.activations) {
      bool *flag = llvm::StringSwitch<bool *>(name)
                       .Case("relu", &config.relu)
                       .Case("sigmoid", &config.sigmoid)
                       .Case("tanh", &config.tanh)
                       .Case("leaky-relu", &config.leakyRelu)
                       .Case("clip", &config.clip)
                       .Default(nullptr);
      if (!flag) {
        error() << "unknown activation '" << name
                << "' (expected relu, sigmoid, tanh, leaky-relu or clip)";
        return failure();
      }
      *flag = true;
    }
  }
  for (StringRef name : options.skip)
    config.skip.insert(name);

  // Numeric options: every given one must be finite and apply to the neuron.
  bool lifFamily = isLIFFamily(*kind);
  bool izhikevich = *kind == NeuronKind::Izhikevich;
  struct NumericOption {
    StringRef name;
    double value;
    bool applies;
  };
  NumericOption numeric[] = {
      {"tau-rc", options.tauRc, lifFamily},
      {"tau-ref", options.tauRef, lifFamily},
      {"min-voltage", options.minVoltage, *kind == NeuronKind::LIF},
      {"amplitude", options.amplitude, !izhikevich},
      {"max-rate", options.maxRate, !izhikevich},
      {"intercept", options.intercept, !izhikevich},
      {"gain", options.gain, true},
      {"bias", options.bias, true},
      {"sigma", options.sigma, *kind == NeuronKind::SoftLIFRate},
      {"tau-recovery", options.tauRecovery, izhikevich},
      {"coupling", options.coupling, izhikevich},
      {"reset-voltage", options.resetVoltage, izhikevich},
      {"reset-recovery", options.resetRecovery, izhikevich},
      {"scale-firing-rates", options.scaleFiringRates, true},
      {"synapse", options.synapse, true},
      {"initial-voltage", options.initialVoltage, *kind == NeuronKind::IF},
  };
  for (const NumericOption &option : numeric) {
    if (!isGiven(option.value))
      continue;
    if (!std::isfinite(option.value)) {
      error() << "option '" << option.name << "' must be finite, got "
              << formatNumber(option.value);
      return failure();
    }
    if (!option.applies) {
      error() << "option '" << option.name << "' does not apply to neuron '"
              << neuronName << "'";
      return failure();
    }
  }

  // Picks a given value or the default, and checks its bound.
  enum class Bound { Any, Positive, NonNegative, NonPositive, BelowOne };
  bool valid = true;
  auto resolve = [&](StringRef name, double value, double defaultValue,
                     Bound bound) {
    double result = isGiven(value) ? value : defaultValue;
    StringRef relation;
    bool ok = true;
    switch (bound) {
    case Bound::Any:
      break;
    case Bound::Positive:
      relation = "> 0";
      ok = result > 0;
      break;
    case Bound::NonNegative:
      relation = ">= 0";
      ok = result >= 0;
      break;
    case Bound::NonPositive:
      relation = "<= 0";
      ok = result <= 0;
      break;
    case Bound::BelowOne:
      relation = "< 1";
      ok = result < 1;
      break;
    }
    if (!ok && valid) {
      error() << "option '" << name << "' must be " << relation << ", got "
              << formatNumber(result);
      valid = false;
    }
    return result;
  };

  params.tauRc = resolve("tau-rc", options.tauRc, 0.02, Bound::Positive);
  params.tauRef = resolve("tau-ref", options.tauRef, 0.002, Bound::NonNegative);
  params.minVoltage =
      resolve("min-voltage", options.minVoltage, 0.0, Bound::NonPositive);
  params.amplitude = resolve("amplitude", options.amplitude,
                             lifFamily ? 0.01 : 1.0, Bound::Positive);
  params.sigma = resolve("sigma", options.sigma, 1.0, Bound::Positive);
  params.tauRecovery =
      resolve("tau-recovery", options.tauRecovery, 0.02, Bound::Positive);
  params.coupling = resolve("coupling", options.coupling, 0.2, Bound::Any);
  params.resetVoltage =
      resolve("reset-voltage", options.resetVoltage, -65.0, Bound::Any);
  params.resetRecovery =
      resolve("reset-recovery", options.resetRecovery, 8.0, Bound::Any);
  double scale = resolve("scale-firing-rates", options.scaleFiringRates, 1.0,
                         Bound::Positive);
  params.synapse = resolve("synapse", options.synapse, 0.0, Bound::NonNegative);
  if (!valid)
    return failure();

  // The IF neuron's integration and initial voltage: by default, in the
  // general pass, the conversion-grade IF (signed integration, reset by
  // subtraction, v0 at half the threshold).
  if (!options.ifIntegration.empty()) {
    if (*kind != NeuronKind::IF) {
      error() << "option 'if-integration' does not apply to neuron '"
              << neuronName << "'";
      return failure();
    }
    if (options.ifIntegration != "signed" &&
        options.ifIntegration != "rectified") {
      error() << "unknown if-integration '" << options.ifIntegration
              << "' (expected signed or rectified)";
      return failure();
    }
    params.rectify = options.ifIntegration == "rectified";
  } else {
    params.rectify = !options.conversionGradeIF;
  }
  params.initialVoltage =
      isGiven(options.initialVoltage)
          ? options.initialVoltage
          : (options.conversionGradeIF && *kind == NeuronKind::IF ? 0.5 : 0.0);
  if (!(params.initialVoltage >= 0.0 && params.initialVoltage < 1.0)) {
    error() << "option 'initial-voltage' must be in [0, 1), got "
            << formatNumber(params.initialVoltage);
    return failure();
  }
  std::optional<MaxPoolMode> maxPool =
      llvm::StringSwitch<std::optional<MaxPoolMode>>(options.maxPool)
          .Case("after-neuron", MaxPoolMode::AfterNeuron)
          .Case("before-neuron", MaxPoolMode::BeforeNeuron)
          .Case("count", MaxPoolMode::Count)
          // The general pass counts (docs/MNIST.md measures it); the LIF
          // pass keeps the ANN's max pool, as the thesis's NengoDL code.
          .Case("", options.conversionGradeIF ? MaxPoolMode::Count
                                              : MaxPoolMode::AfterNeuron)
          .Default(std::nullopt);
  if (!maxPool) {
    error() << "unknown max-pool '" << options.maxPool
            << "' (expected after-neuron, before-neuron or count)";
    return failure();
  }
  config.maxPool = *maxPool;

  // Gain and bias: explicit, or from max-rate and intercept (Nengo).
  bool gainGiven = isGiven(options.gain), biasGiven = isGiven(options.bias);
  bool rangeGiven = isGiven(options.maxRate) || isGiven(options.intercept);
  if (gainGiven != biasGiven) {
    error() << "options 'gain' and 'bias' must be given together";
    return failure();
  }
  if (gainGiven && rangeGiven) {
    error() << "give either 'gain' and 'bias' or 'max-rate' and 'intercept', "
               "not both";
    return failure();
  }
  if (gainGiven) {
    params.gain = options.gain;
    params.bias = options.bias;
  } else if (izhikevich) {
    params.gain = 1.0;
    params.bias = 0.0;
  } else {
    double maxRate = resolve("max-rate", options.maxRate,
                             lifFamily ? 100.0 : 1.0, Bound::Positive);
    double intercept =
        resolve("intercept", options.intercept, 0.0, Bound::BelowOne);
    if (!valid)
      return failure();
    if (lifFamily) {
      if (1.0 / maxRate <= params.tauRef) {
        error() << "option 'max-rate' must be below 1 / tau-ref = "
                << formatNumber(1.0 / params.tauRef) << " Hz, got "
                << formatNumber(maxRate);
        return failure();
      }
      std::tie(params.gain, params.bias) =
          getLIFGainBias(maxRate, intercept, params.tauRc, params.tauRef);
    } else {
      std::tie(params.gain, params.bias) = getIFGainBias(maxRate, intercept);
    }
  }

  // Nengo's scale_firing_rates: same mean output, more spikes.
  if (scale != 1.0) {
    if (izhikevich) {
      error() << "option 'scale-firing-rates' needs a neuron with an "
                 "amplitude, and 'izhikevich' has none";
      return failure();
    }
    params.gain *= scale;
    params.bias *= scale;
    params.amplitude /= scale;
  }
  if (!std::isfinite(params.gain) || !std::isfinite(params.bias)) {
    error() << "the neuron's gain and bias are not finite (gain "
            << formatNumber(params.gain) << ", bias "
            << formatNumber(params.bias) << ")";
    return failure();
  }

  // The percentile and the rate tune 'normalize' and mean nothing without
  // it: a value other than the default is a mistake to report, not to
  // ignore (a printed pipeline carries the defaults, which pass;
  // normalize-per-channel, a mode of the normalization, may be left in a
  // shared option string).
  if (options.normalize.empty()) {
    RawActivationOptions defaults;
    const char *given =
        options.normalizePercentile != defaults.normalizePercentile
            ? "normalize-percentile"
        : options.normalizeRate != defaults.normalizeRate ? "normalize-rate"
                                                          : nullptr;
    if (given) {
      error() << "option '" << given
              << "' applies only with option 'normalize' (the activation "
                 "statistics of snn-run --stats-file)";
      return failure();
    }
  }
  // Data-based normalization: a per-layer scale-firing-rates.
  if (!options.normalize.empty()) {
    if (*kind != NeuronKind::IF) {
      error() << "option 'normalize' needs neuron 'if' (its rate is linear "
                 "in the current), got '"
              << neuronName << "'";
      return failure();
    }
    if (scale != 1.0) {
      error() << "options 'normalize' and 'scale-firing-rates' exclude each "
                 "other: normalization sets a scale per layer";
      return failure();
    }
    if (!(options.normalizePercentile > 0 &&
          options.normalizePercentile <= 100)) {
      error() << "option 'normalize-percentile' must be in (0, 100], got "
              << formatNumber(options.normalizePercentile);
      return failure();
    }
    if (!(options.normalizeRate > 0) || !std::isfinite(options.normalizeRate)) {
      error() << "option 'normalize-rate' must be > 0, got "
              << formatNumber(options.normalizeRate);
      return failure();
    }
    if (failed(loadNormalization(options, config, error)))
      return failure();
  }
  return config;
}

//===----------------------------------------------------------------------===//
// Matching helpers
//===----------------------------------------------------------------------===//

/// Returns the value of a float constant that is a scalar or a splat.
static std::optional<double> getSplatFloat(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  if (auto floatAttr = dyn_cast<FloatAttr>(attr))
    return floatAttr.getValueAsDouble();
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr))
    if (dense.isSplat())
      return FloatAttr::getValueAsDouble(dense.getSplatValue<APFloat>());
  return std::nullopt;
}

static bool isSplatZero(Value value) {
  std::optional<double> splat = getSplatFloat(value);
  return splat && *splat == 0.0;
}

/// Appends the names of the NameLocs in `loc` (also inside fused and
/// call-site locations).
static void collectLocationNames(Location loc,
                                 SmallVectorImpl<StringRef> &names) {
  loc->walk([&](Location nested) {
    if (auto nameLoc = dyn_cast<NameLoc>(nested))
      names.push_back(nameLoc.getName().getValue());
    return WalkResult::advance();
  });
}

//===----------------------------------------------------------------------===//
// Neuron op creation
//===----------------------------------------------------------------------===//

/// Creates the population op of `params` on `input`, and the synapse after
/// it when there is one; returns the value that replaces the activation.
static Value createNeuron(OpBuilder &builder, Location loc, Value input,
                          const NeuronParams &params) {
  Type type = input.getType();
  auto attr = [&](double value) { return builder.getF64FloatAttr(value); };
  Value output;
  switch (params.kind) {
  case NeuronKind::IF:
    // Reset by subtraction (the op's default); signed or rectified (Nengo)
    // integration; rectify and initial_voltage are written only when they
    // differ from the op's defaults (rectify = true, initial_voltage = 0).
    {
      OperationState state(loc, IFOp::getOperationName());
      state.addOperands(input);
      state.addTypes(type);
      state.addAttribute("amplitude", attr(params.amplitude));
      state.addAttribute("gain", attr(params.gain));
      state.addAttribute("bias", attr(params.bias));
      if (!params.rectify)
        state.addAttribute("rectify", builder.getBoolAttr(false));
      if (params.initialVoltage != 0.0)
        state.addAttribute("initial_voltage", attr(params.initialVoltage));
      output = builder.create(state)->getResult(0);
    }
    break;
  case NeuronKind::LIF:
    output = LIFOp::create(builder, loc, type, input, attr(params.tauRc),
                           attr(params.tauRef), attr(params.minVoltage),
                           attr(params.amplitude), attr(params.gain),
                           attr(params.bias));
    break;
  case NeuronKind::LIFRate:
    output = LIFRateOp::create(builder, loc, type, input, attr(params.tauRc),
                               attr(params.tauRef), attr(params.amplitude),
                               attr(params.gain), attr(params.bias));
    break;
  case NeuronKind::SoftLIFRate:
    output = SoftLIFRateOp::create(builder, loc, type, input,
                                   attr(params.sigma), attr(params.tauRc),
                                   attr(params.tauRef), attr(params.amplitude),
                                   attr(params.gain), attr(params.bias));
    break;
  case NeuronKind::Izhikevich:
    output = IzhikevichOp::create(
        builder, loc, type, input, attr(params.tauRecovery),
        attr(params.coupling), attr(params.resetVoltage),
        attr(params.resetRecovery), attr(params.gain), attr(params.bias));
    break;
  }
  if (params.synapse > 0)
    output =
        LowpassOp::create(builder, loc, type, output, attr(params.synapse));
  return output;
}

/// Returns a `tosa.const` of `type`'s element type and rank, every dimension
/// 1 but `axis` (of size values.size()), holding `values`.
static Value createChannelConst(OpBuilder &builder, Location loc,
                                RankedTensorType type, int64_t axis,
                                ArrayRef<double> values) {
  auto elementType = cast<FloatType>(type.getElementType());
  SmallVector<int64_t> shape(type.getRank(), 1);
  shape[axis] = values.size();
  auto constType = RankedTensorType::get(shape, elementType);
  SmallVector<APFloat> elements;
  for (double v : values) {
    APFloat value(v);
    bool losesInfo = false;
    value.convert(elementType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
    elements.push_back(value);
  }
  return tosa::ConstOp::create(builder, loc, constType,
                               DenseElementsAttr::get(constType, elements));
}

/// Per-channel normalization: the neuron population of `params` on `input`,
/// channel `c` (along `axis`) scaled by `scales[c]`, as a per-channel
/// scale-firing-rates. The neuron's gain and bias move into a
/// `tosa.mul` (and a `tosa.add` when the bias is not 0) before it, times
/// the channel's scale, and its output is multiplied by 1 / scale after it
/// (and after the synapse): the neuron op itself has gain 1 and bias 0.
static Value createPerChannelNeuron(OpBuilder &builder, Location loc,
                                    Value input, NeuronParams params,
                                    int64_t axis, ArrayRef<double> scales) {
  auto type = cast<RankedTensorType>(input.getType());
  // The scaling ops are named after the activation ("<name>/channel_gain",
  // "<name>/channel_amplitude"), so that the neuron op alone carries its
  // name in the emitters' outputs.
  auto derivedLoc = [&](StringRef suffix) -> Location {
    SmallVector<StringRef> names;
    collectLocationNames(loc, names);
    if (names.empty())
      return loc;
    return NameLoc::get(
        StringAttr::get(builder.getContext(), names.front() + suffix), loc);
  };
  Location gainLoc = derivedLoc("/channel_gain");
  Location amplitudeLoc = derivedLoc("/channel_amplitude");
  SmallVector<double> gains, biases, inverses;
  for (double scale : scales) {
    gains.push_back(params.gain * scale);
    biases.push_back(params.bias * scale);
    inverses.push_back(1.0 / scale);
  }
  auto shiftType = RankedTensorType::get({1}, builder.getI8Type());
  auto zeroShift = [&]() -> Value {
    return tosa::ConstOp::create(
        builder, loc, shiftType,
        DenseElementsAttr::get(shiftType, builder.getI8IntegerAttr(0)));
  };
  Value current = tosa::MulOp::create(
      builder, gainLoc, type, input,
      createChannelConst(builder, gainLoc, type, axis, gains), zeroShift());
  if (params.bias != 0.0)
    current = tosa::AddOp::create(
        builder, gainLoc, type, current,
        createChannelConst(builder, gainLoc, type, axis, biases));
  params.gain = 1.0;
  params.bias = 0.0;
  Value output = createNeuron(builder, loc, current, params);
  return tosa::MulOp::create(
      builder, amplitudeLoc, type, output,
      createChannelConst(builder, amplitudeLoc, type, axis, inverses),
      zeroShift());
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {
/// The shared part of the activation patterns: checks, skip list, remark,
/// replacement and statistics.
class ActivationConverter {
public:
  ActivationConverter(const ActivationConversionConfig &config,
                      ActivationConversionStats *stats)
      : config(config), stats(stats) {}

  /// Replaces the activation `op`, whose argument is `input`, by the neuron
  /// op. A non-empty `lossyReason` makes the conversion emit a remark.
  LogicalResult replace(PatternRewriter &rewriter, Operation *op, Value input,
                        StringRef activation, StringRef lossyReason) const {
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type || !isa<FloatType>(type.getElementType()))
      return rewriter.notifyMatchFailure(
          op, "the input is not a ranked tensor of floats");
    if (op->getNumResults() != 1 || op->getResult(0).getType() != type)
      return rewriter.notifyMatchFailure(
          op, "the activation's result type differs from its input's");

    // A collection run records the activation and changes nothing.
    if (stats && stats->collected) {
      stats->collected->push_back(op);
      return failure();
    }

    SmallVector<StringRef> names;
    collectLocationNames(op->getLoc(), names);
    bool skipped = false;
    for (StringRef name : names) {
      if (!config.skip.contains(name))
        continue;
      skipped = true;
      if (stats)
        stats->skipNamesUsed.insert(name);
    }
    if (skipped) {
      if (stats)
        stats->skipped.insert(op);
      return rewriter.notifyMatchFailure(op, "listed in the skip option");
    }

    if (!lossyReason.empty()) {
      emitRemark(op->getLoc())
          << "lossy conversion of " << activation << " to '"
          << getNeuronOpName(config.neuron.kind) << "': " << lossyReason;
      if (stats)
        ++stats->numLossy;
    }
    NeuronParams params = config.neuron;
    if (config.normalize) {
      if (names.empty() && stats && stats->positionalNames.count(op))
        names.push_back(stats->positionalNames[op]);
      auto it = llvm::find_if(names, [&](StringRef name) {
        return config.layerScales.count(name);
      });
      if (it == names.end()) {
        if (stats)
          stats->unscaled.push_back(op);
        return rewriter.notifyMatchFailure(op, "no normalization scale");
      }
      // The axis as the statistics saw it, before any activation was
      // converted (applyActivationsToSpiking records it).
      std::optional<int64_t> axis;
      if (stats && stats->channelAxes.count(op))
        axis = stats->channelAxes.lookup(op);
      else
        axis = getActivationChannelAxis(op);
      if (config.perChannel && axis && *axis >= 0) {
        auto scales = config.channelScales.find(*it);
        std::string problem;
        if (scales == config.channelScales.end()) {
          problem = "has no per-channel statistics in '" +
                    config.normalizeFile +
                    "' (rerun snn-run --stats-file, which writes them, or "
                    "convert with normalize-per-channel=false)";
        } else if (config.channelAxes.lookup(*it) != *axis ||
                   type.getDimSize(*axis) !=
                       static_cast<int64_t>(scales->second.size())) {
          problem = "has " + std::to_string(scales->second.size()) +
                    " channels on axis " +
                    std::to_string(config.channelAxes.lookup(*it)) +
                    " in the statistics, but its tensor has " +
                    std::to_string(type.getDimSize(*axis)) + " on axis " +
                    std::to_string(*axis) + " (statistics of another model?)";
        }
        if (!problem.empty()) {
          if (stats)
            stats->badChannels.push_back({op, it->str() + "' " + problem});
          return rewriter.notifyMatchFailure(op, "bad channel statistics");
        }
        rewriter.replaceOp(op, createPerChannelNeuron(rewriter, op->getLoc(),
                                                      input, params, *axis,
                                                      scales->second));
        if (stats)
          ++stats->numConverted;
        return success();
      }
      double scale = config.layerScales.lookup(*it);
      params.gain *= scale;
      params.bias *= scale;
      params.amplitude /= scale;
    }
    rewriter.replaceOp(op, createNeuron(rewriter, op->getLoc(), input, params));
    if (stats)
      ++stats->numConverted;
    return success();
  }

  /// Records `op` as a producer to erase if the conversion leaves it unused.
  void noteMaybeDead(Operation *op) const {
    if (stats && op)
      stats->maybeDead.push_back(op);
  }

  ActivationConversionConfig config;
  ActivationConversionStats *stats;
};

/// ReLU (`tosa.clamp` to [0, >= the largest float]) and Clip (any other
/// float clamp).
struct ClampConversion : OpRewritePattern<tosa::ClampOp> {
  ClampConversion(MLIRContext *context, const ActivationConverter &converter)
      : OpRewritePattern(context), converter(converter) {}

  LogicalResult matchAndRewrite(tosa::ClampOp op,
                                PatternRewriter &rewriter) const override {
    auto minAttr = dyn_cast<FloatAttr>(op.getMinValAttr());
    auto maxAttr = dyn_cast<FloatAttr>(op.getMaxValAttr());
    auto elementType =
        dyn_cast<FloatType>(getElementTypeOrSelf(op.getInput().getType()));
    if (!minAttr || !maxAttr || !elementType)
      return rewriter.notifyMatchFailure(op, "not a float clamp");
    double lo = minAttr.getValueAsDouble();
    double hi = maxAttr.getValueAsDouble();
    double largest = FloatAttr::getValueAsDouble(
        APFloat::getLargest(elementType.getFloatSemantics()));
    bool unbounded = hi >= largest;

    if (lo == 0.0 && unbounded) {
      if (!converter.config.relu)
        return rewriter.notifyMatchFailure(op, "relu is not converted");
      return converter.replace(rewriter, op, op.getInput(), "relu", "");
    }

    if (!converter.config.clip)
      return rewriter.notifyMatchFailure(op, "clip is not converted");
    SmallVector<std::string, 2> parts;
    if (lo <= -largest)
      parts.push_back("is never negative");
    else if (lo != 0.0)
      parts.push_back("starts at 0, not " + formatNumber(lo));
    if (!unbounded)
      parts.push_back("is not bounded by " + formatNumber(hi));
    std::string reason = "the neuron's output " + llvm::join(parts, ", and ");
    std::string activation =
        "clip [" + formatNumber(lo) + ", " + formatNumber(hi) + "]";
    return converter.replace(rewriter, op, op.getInput(), activation, reason);
  }

  ActivationConverter converter;
};

/// ReLU as `tosa.maximum(x, 0)` and LeakyRelu as
/// `tosa.maximum(x, tosa.mul(x, alpha))`, in either operand order.
struct MaximumConversion : OpRewritePattern<tosa::MaximumOp> {
  MaximumConversion(MLIRContext *context, const ActivationConverter &converter)
      : OpRewritePattern(context), converter(converter) {}

  LogicalResult matchAndRewrite(tosa::MaximumOp op,
                                PatternRewriter &rewriter) const override {
    std::pair<Value, Value> orders[] = {{op.getInput1(), op.getInput2()},
                                        {op.getInput2(), op.getInput1()}};
    for (auto [input, other] : orders) {
      if (!isSplatZero(other))
        continue;
      if (!converter.config.relu)
        return rewriter.notifyMatchFailure(op, "relu is not converted");
      Operation *zero = other.getDefiningOp();
      if (failed(converter.replace(rewriter, op, input, "relu", "")))
        return failure();
      converter.noteMaybeDead(zero);
      return success();
    }

    for (auto [input, other] : orders) {
      auto mul = other.getDefiningOp<tosa::MulOp>();
      if (!mul)
        continue;
      Value alphaValue;
      if (mul.getInput1() == input)
        alphaValue = mul.getInput2();
      else if (mul.getInput2() == input)
        alphaValue = mul.getInput1();
      else
        continue;
      std::optional<double> alpha = getSplatFloat(alphaValue);
      if (!alpha || !(*alpha >= 0.0 && *alpha < 1.0))
        continue;
      if (!converter.config.leakyRelu)
        return rewriter.notifyMatchFailure(op, "leaky-relu is not converted");
      std::string activation =
          "leaky relu (alpha " + formatNumber(*alpha) + ")";
      std::string reason =
          *alpha == 0.0 ? "" : "the neuron's output is never negative";
      if (failed(converter.replace(rewriter, op, input, activation, reason)))
        return failure();
      converter.noteMaybeDead(mul);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not a relu or leaky relu");
  }

  ActivationConverter converter;
};

/// ReLU as `arith.maximumf(x, 0)` or `arith.maxnumf(x, 0)`.
template <typename OpTy>
struct ArithMaximumConversion : OpRewritePattern<OpTy> {
  ArithMaximumConversion(MLIRContext *context,
                         const ActivationConverter &converter)
      : OpRewritePattern<OpTy>(context), converter(converter) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (!converter.config.relu)
      return rewriter.notifyMatchFailure(op, "relu is not converted");
    std::pair<Value, Value> orders[] = {{op.getLhs(), op.getRhs()},
                                        {op.getRhs(), op.getLhs()}};
    for (auto [input, other] : orders) {
      if (!isSplatZero(other))
        continue;
      Operation *zero = other.getDefiningOp();
      if (failed(converter.replace(rewriter, op, input, "relu", "")))
        return failure();
      converter.noteMaybeDead(zero);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not a maximum with zero");
  }

  ActivationConverter converter;
};

/// Sigmoid and Tanh: unary TOSA ops, always lossy.
template <typename OpTy>
struct UnaryActivationConversion : OpRewritePattern<OpTy> {
  UnaryActivationConversion(MLIRContext *context,
                            const ActivationConverter &converter, bool selected,
                            StringRef activation, StringRef reason)
      : OpRewritePattern<OpTy>(context), converter(converter),
        selected(selected), activation(activation), reason(reason) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (!selected)
      return rewriter.notifyMatchFailure(op, activation + " is not converted");
    return converter.replace(rewriter, op, op.getInput(), activation, reason);
  }

  ActivationConverter converter;
  bool selected;
  std::string activation;
  std::string reason;
};
} // namespace

void mlir::snn::populateActivationsToSpikingPatterns(
    RewritePatternSet &patterns, const ActivationConversionConfig &config,
    ActivationConversionStats *stats) {
  MLIRContext *context = patterns.getContext();
  ActivationConverter converter(config, stats);
  patterns.add<ClampConversion, MaximumConversion,
               ArithMaximumConversion<arith::MaximumFOp>,
               ArithMaximumConversion<arith::MaxNumFOp>>(context, converter);
  patterns.add<UnaryActivationConversion<tosa::SigmoidOp>>(
      context, converter, config.sigmoid, "sigmoid",
      "the neuron's rate does not follow the sigmoid curve (it is 0 below "
      "the neuron's threshold)");
  patterns.add<UnaryActivationConversion<tosa::TanhOp>>(
      context, converter, config.tanh, "tanh",
      "the neuron's output is never negative");
}

LogicalResult mlir::snn::convertActivations(Operation *root,
                                            const RawActivationOptions &options,
                                            ActivationConversionStats &stats) {
  FailureOr<ActivationConversionConfig> config =
      resolveActivationConversionConfig(
          options, [&] { return emitError(root->getLoc()); });
  if (failed(config))
    return failure();
  return applyActivationsToSpiking(root, *config, stats);
}

/// Returns true if `op` is the importer's ReLU: a float `tosa.clamp` to
/// [0, >= the largest finite value].
static bool isReluClamp(tosa::ClampOp op) {
  auto minAttr = dyn_cast<FloatAttr>(op.getMinValAttr());
  auto maxAttr = dyn_cast<FloatAttr>(op.getMaxValAttr());
  auto elementType =
      dyn_cast<FloatType>(getElementTypeOrSelf(op.getInput().getType()));
  if (!minAttr || !maxAttr || !elementType)
    return false;
  double largest = FloatAttr::getValueAsDouble(
      APFloat::getLargest(elementType.getFloatSemantics()));
  return minAttr.getValueAsDouble() == 0.0 &&
         maxAttr.getValueAsDouble() >= largest;
}

/// max-pool=before-neuron: moves every ReLU clamp whose only use is a max
/// pool (through single-use transposes and reshapes, as the importer writes
/// NCHW pooling) to after the pool: relu(max(x)) = max(relu(x)), ReLU being
/// monotone (a padded window still holds one real element). The moved clamp
/// keeps its location, hence its name. Returns the number moved.
static unsigned moveReluAfterMaxPool(Operation *root) {
  SmallVector<std::pair<tosa::ClampOp, tosa::MaxPool2dOp>> moves;
  root->walk([&](tosa::ClampOp clamp) {
    if (!isReluClamp(clamp))
      return;
    Value value = clamp.getResult();
    // Unused users (the importer leaves a dead NCHW transpose) do not count.
    auto liveUsers = [](Value v) {
      SmallVector<Operation *> users;
      for (Operation *user : v.getUsers())
        if (!isOpTriviallyDead(user))
          users.push_back(user);
      return users;
    };
    for (SmallVector<Operation *> users = liveUsers(value); users.size() == 1;
         users = liveUsers(value)) {
      Operation *user = users.front();
      if (auto pool = dyn_cast<tosa::MaxPool2dOp>(user)) {
        moves.push_back({clamp, pool});
        return;
      }
      if (!isa<tosa::TransposeOp, tosa::ReshapeOp>(user) ||
          user->getNumResults() != 1 || user->getOperand(0) != value)
        return;
      value = user->getResult(0);
    }
  });
  for (auto [clamp, pool] : moves) {
    for (Operation *user : llvm::make_early_inc_range(clamp->getUsers()))
      if (isOpTriviallyDead(user))
        user->erase();
    OpBuilder builder(pool->getContext());
    builder.setInsertionPointAfter(pool);
    Operation *moved = builder.clone(*clamp);
    moved->setOperand(0, pool.getResult());
    moved->getResult(0).setType(pool.getResult().getType());
    pool.getResult().replaceAllUsesExcept(moved->getResult(0), moved);
    clamp.getResult().replaceAllUsesWith(clamp.getInput());
    clamp->erase();
  }
  return moves.size();
}

/// max-pool=count: replaces every statically shaped tosa.max_pool2d whose
/// input depends on a spiking population (snn.if, snn.lif, snn.izhikevich,
/// through any ops) by snn.count_max_pool2d with the same windows and
/// location. Returns the number replaced.
static unsigned replaceMaxPoolsOfSpikes(Operation *root) {
  llvm::DenseSet<Operation *> dependent;
  SmallVector<tosa::MaxPool2dOp> pools;
  root->walk([&](Operation *op) {
    bool spiking = isa<IFOp, LIFOp, IzhikevichOp>(op);
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        spiking |= dependent.contains(def);
    if (!spiking)
      return;
    dependent.insert(op);
    auto pool = dyn_cast<tosa::MaxPool2dOp>(op);
    if (pool && cast<ShapedType>(pool.getInput().getType()).hasStaticShape() &&
        cast<ShapedType>(pool.getType()).hasStaticShape())
      pools.push_back(pool);
  });
  for (tosa::MaxPool2dOp pool : pools) {
    OpBuilder builder(pool);
    auto type = cast<RankedTensorType>(pool.getType());
    Value count = CountMaxPool2dOp::create(
        builder, pool.getLoc(), type, pool.getInput(), pool.getKernelAttr(),
        pool.getStrideAttr(), pool.getPadAttr());
    pool.getResult().replaceAllUsesWith(count);
    pool->erase();
  }
  return pools.size();
}

LogicalResult
mlir::snn::applyActivationsToSpiking(Operation *root,
                                     const ActivationConversionConfig &config,
                                     ActivationConversionStats &stats) {
  if (config.maxPool == MaxPoolMode::BeforeNeuron && config.relu)
    moveReluAfterMaxPool(root);
  if (config.normalize) {
    SmallVector<Operation *> activations;
    collectActivations(root, getAllActivationsConfig(config), activations);
    for (auto [op, name] :
         llvm::zip_equal(activations, getActivationNames(activations))) {
      stats.positionalNames[op] = name;
      // Channel axes on the unconverted network, as the statistics (an
      // activation after a converted one would see a neuron op).
      std::optional<int64_t> axis = getActivationChannelAxis(op);
      stats.channelAxes[op] = axis ? *axis : -1;
    }
  }
  RewritePatternSet patterns(root->getContext());
  populateActivationsToSpikingPatterns(patterns, config, &stats);
  walkAndApplyPatterns(root, FrozenRewritePatternSet(std::move(patterns)));

  // Erase what the conversion left unused: LeakyRelu's multiplication and
  // its alpha, ReLU's zero constant (once no other op uses them).
  SmallVector<Operation *> worklist(stats.maybeDead.rbegin(),
                                    stats.maybeDead.rend());
  llvm::DenseSet<Operation *> erased;
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (erased.contains(op) || !isOpTriviallyDead(op))
      continue;
    for (Value operand : op->getOperands())
      if (Operation *producer = operand.getDefiningOp())
        worklist.push_back(producer);
    erased.insert(op);
    op->erase();
  }
  stats.maybeDead.clear();

  if (config.maxPool == MaxPoolMode::Count && stats.unscaled.empty())
    replaceMaxPoolsOfSpikes(root);

  if (!stats.badChannels.empty()) {
    for (auto &[op, message] : stats.badChannels)
      emitError(op->getLoc()) << "normalization: activation '" << message;
    return failure();
  }

  if (!stats.unscaled.empty()) {
    for (Operation *op : stats.unscaled) {
      std::string name = getActivationName(op);
      if (name.empty())
        name = stats.positionalNames.lookup(op);
      emitError(op->getLoc())
          << "normalization: no statistics for activation '"
          << (name.empty() ? "<unnamed>" : name) << "' in '"
          << config.normalizeFile
          << "' (run snn-run --stats-file on the same ANN, or name the "
             "activation in skip)";
    }
    return failure();
  }

  for (const auto &entry : config.skip)
    if (!stats.skipNamesUsed.contains(entry.getKey()))
      emitWarning(root->getLoc())
          << "skip name '" << entry.getKey()
          << "' matches no activation selected for conversion";
  return success();
}

ActivationConversionConfig
mlir::snn::getAllActivationsConfig(const ActivationConversionConfig &config) {
  ActivationConversionConfig all = config;
  all.relu = all.sigmoid = all.tanh = all.leakyRelu = all.clip = true;
  return all;
}

void mlir::snn::collectActivations(Operation *root,
                                   const ActivationConversionConfig &config,
                                   SmallVectorImpl<Operation *> &activations) {
  ActivationConversionConfig collectConfig = config;
  collectConfig.skip.clear();
  collectConfig.normalize = false;
  SmallVector<Operation *> found;
  ActivationConversionStats stats;
  stats.collected = &found;
  RewritePatternSet patterns(root->getContext());
  populateActivationsToSpikingPatterns(patterns, collectConfig, &stats);
  walkAndApplyPatterns(root, FrozenRewritePatternSet(std::move(patterns)));
  // The walk visits each op once, in program order.
  activations.append(found.begin(), found.end());
}

std::string mlir::snn::getActivationName(Operation *op) {
  SmallVector<StringRef> names;
  collectLocationNames(op->getLoc(), names);
  return names.empty() ? std::string() : names.front().str();
}

SmallVector<std::string>
mlir::snn::getActivationNames(ArrayRef<Operation *> activations) {
  SmallVector<std::string> names;
  for (auto [i, op] : llvm::enumerate(activations)) {
    names.push_back(getActivationName(op));
    if (names.back().empty())
      names.back() = "activation" + std::to_string(i);
  }
  return names;
}

std::optional<int64_t> mlir::snn::getActivationChannelAxis(Operation *op) {
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || type.getRank() < 2)
    return std::nullopt;
  int64_t rank = type.getRank();
  if (rank <= 3)
    return rank - 1;
  // Rank 4 and more: NHWC when a TOSA convolution or pooling computes the
  // value, through element-wise ops of the same shape (a bias, a residual
  // addition); ONNX's NCHW otherwise.
  Value value = op->getOperand(0);
  for (int depth = 0; depth < 32; ++depth) {
    Operation *def = value.getDefiningOp();
    if (!def)
      break;
    if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp,
            tosa::Conv3DOp, tosa::MaxPool2dOp, tosa::AvgPool2dOp>(def))
      return rank - 1;
    if (!isa<tosa::AddOp, tosa::SubOp, tosa::MulOp, tosa::ClampOp,
             tosa::MaximumOp, tosa::MinimumOp, tosa::NegateOp, tosa::CastOp,
             tosa::IdentityOp>(def))
      break;
    Value next;
    for (Value operand : def->getOperands())
      if (operand.getType() == type) {
        next = operand;
        break;
      }
    if (!next)
      break;
    value = next;
  }
  return 1;
}

//===----------------------------------------------------------------------===//
// Normalization statistics
//===----------------------------------------------------------------------===//

/// Reads the per-layer percentiles of `options.normalize` (the JSON file of
/// `snn-run --stats-file`, docs/CONVERSION.md) and sets the per-layer scales
/// of `config`: for an IF neuron of gain g and bias b, the scale s that makes
/// the rate at the percentile p equal `normalizeRate`:
/// `s = normalizeRate / (g * p + b)`.
static LogicalResult
loadNormalization(const RawActivationOptions &options,
                  ActivationConversionConfig &config,
                  function_ref<InFlightDiagnostic()> error) {
  std::string message;
  auto buffer = llvm::MemoryBuffer::getFile(options.normalize);
  if (!buffer) {
    error() << "option 'normalize': cannot read '" << options.normalize
            << "': " << buffer.getError().message();
    return failure();
  }
  llvm::Expected<llvm::json::Value> parsed =
      llvm::json::parse((*buffer)->getBuffer());
  if (!parsed) {
    error() << "option 'normalize': '" << options.normalize
            << "' is not valid JSON: " << llvm::toString(parsed.takeError());
    return failure();
  }
  auto bad = [&](const llvm::Twine &what) {
    error() << "option 'normalize': '" << options.normalize << "': " << what;
    return failure();
  };
  const llvm::json::Object *root = parsed->getAsObject();
  if (!root || root->getString("format") != "snn-activation-stats")
    return bad("not an activation statistics file (format "
               "'snn-activation-stats', written by snn-run --stats-file on "
               "an ANN)");
  const llvm::json::Array *layers = root->getArray("layers");
  if (!layers)
    return bad("no 'layers' array");
  for (const llvm::json::Value &layerValue : *layers) {
    const llvm::json::Object *layer = layerValue.getAsObject();
    std::optional<StringRef> name =
        layer ? layer->getString("name") : std::nullopt;
    const llvm::json::Array *percentiles =
        layer ? layer->getArray("percentiles") : nullptr;
    if (!name || !percentiles)
      return bad("a layer without 'name' or 'percentiles'");
    std::optional<double> value;
    for (const llvm::json::Value &entry : *percentiles) {
      const llvm::json::Array *pair = entry.getAsArray();
      if (!pair || pair->size() != 2)
        return bad("layer '" + *name +
                   "': percentiles must be [percentile, value] pairs");
      std::optional<double> q = (*pair)[0].getAsNumber();
      std::optional<double> v = (*pair)[1].getAsNumber();
      if (!q || !v)
        return bad("layer '" + *name + "': non-numeric percentile");
      if (std::abs(*q - options.normalizePercentile) < 1e-9)
        value = *v;
    }
    if (!value)
      return bad("layer '" + *name + "' has no " +
                 formatNumber(options.normalizePercentile) +
                 "th percentile (see option 'normalize-percentile')");
    // The scale that makes the rate at percentile value `p` normalizeRate,
    // or `fallback` for a layer or channel that is (almost) never active.
    auto scaleFor = [&](double p, double fallback) {
      double rate = config.neuron.gain * p + config.neuron.bias;
      return rate > 0 && std::isfinite(rate) ? options.normalizeRate / rate
                                             : fallback;
    };
    double layerScale = scaleFor(*value, 1.0);
    config.layerScales[*name] = layerScale;
    if (!options.normalizePerChannel)
      continue;
    // Per channel: the same percentile of each channel's values.
    const llvm::json::Array *channelPercentiles =
        layer->getArray("channel_percentiles");
    if (!channelPercentiles)
      continue;
    std::optional<int64_t> axis = layer->getInteger("channel_axis");
    if (!axis || *axis < 0)
      return bad("layer '" + *name +
                 "': 'channel_percentiles' without a 'channel_axis'");
    const llvm::json::Array *channelValues = nullptr;
    for (const llvm::json::Value &entry : *channelPercentiles) {
      const llvm::json::Array *pair = entry.getAsArray();
      std::optional<double> q =
          pair && pair->size() == 2 ? (*pair)[0].getAsNumber() : std::nullopt;
      const llvm::json::Array *values =
          pair && pair->size() == 2 ? (*pair)[1].getAsArray() : nullptr;
      if (!q || !values)
        return bad("layer '" + *name +
                   "': channel_percentiles must be [percentile, [values]] "
                   "pairs");
      if (std::abs(*q - options.normalizePercentile) < 1e-9)
        channelValues = values;
    }
    if (!channelValues)
      return bad("layer '" + *name + "' has no per-channel " +
                 formatNumber(options.normalizePercentile) +
                 "th percentile (see option 'normalize-percentile')");
    SmallVector<double> &scales = config.channelScales[*name];
    for (const llvm::json::Value &v : *channelValues) {
      std::optional<double> p = v.getAsNumber();
      if (!p)
        return bad("layer '" + *name + "': non-numeric channel percentile");
      scales.push_back(scaleFor(*p, layerScale));
    }
    config.channelAxes[*name] = *axis;
  }
  config.normalize = true;
  config.perChannel = options.normalizePerChannel;
  config.normalizeFile = options.normalize;
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct ConvertActivationsToSpikingPass
    : snn::impl::ConvertActivationsToSpikingPassBase<
          ConvertActivationsToSpikingPass> {
  using snn::impl::ConvertActivationsToSpikingPassBase<
      ConvertActivationsToSpikingPass>::ConvertActivationsToSpikingPassBase;

  void runOnOperation() override {
    RawActivationOptions raw;
    raw.passName = getArgument().str();
    raw.neuron = neuron;
    raw.activations.assign(activations.begin(), activations.end());
    raw.skip.assign(skip.begin(), skip.end());
    raw.tauRc = tauRc;
    raw.tauRef = tauRef;
    raw.minVoltage = minVoltage;
    raw.amplitude = amplitude;
    raw.maxRate = maxRate;
    raw.intercept = intercept;
    raw.gain = gain;
    raw.bias = bias;
    raw.sigma = sigma;
    raw.tauRecovery = tauRecovery;
    raw.coupling = coupling;
    raw.resetVoltage = resetVoltage;
    raw.resetRecovery = resetRecovery;
    raw.scaleFiringRates = scaleFiringRates;
    raw.synapse = synapse;
    raw.normalize = normalize;
    raw.normalizePercentile = normalizePercentile;
    raw.normalizeRate = normalizeRate;
    raw.normalizePerChannel = normalizePerChannel;
    raw.ifIntegration = ifIntegration;
    raw.initialVoltage = initialVoltage;
    // The general pass's IF defaults to the conversion-grade IF (signed
    // integration, v0 = 0.5): docs/MNIST.md measures it against Nengo's
    // SpikingRectifiedLinear on the bundled MNIST networks.
    raw.conversionGradeIF = true;
    raw.maxPool = maxPool;

    ActivationConversionStats stats;
    if (failed(convertActivations(getOperation(), raw, stats)))
      return signalPassFailure();
    numConverted += stats.numConverted;
    numLossy += stats.numLossy;
    numSkipped += stats.skipped.size();
  }
};

/// --snn-expose-activations
struct SNNExposeActivationsPass
    : snn::impl::SNNExposeActivationsPassBase<SNNExposeActivationsPass> {
  using Base::Base;

  void runOnOperation() override {
    RawActivationOptions raw;
    raw.passName = getArgument().str();
    raw.activations.assign(activations.begin(), activations.end());
    // By default every kind: statistics for whatever a conversion selects.
    if (raw.activations.empty())
      raw.activations = {"relu", "sigmoid", "tanh", "leaky-relu", "clip"};
    FailureOr<ActivationConversionConfig> config =
        resolveActivationConversionConfig(
            raw, [&] { return emitError(getOperation().getLoc()); });
    if (failed(config))
      return signalPassFailure();
    MLIRContext *context = &getContext();
    StringAttr attrName = StringAttr::get(context, "snn.activation");
    // Names by position among all activations of the module, as the
    // conversion's normalization names unnamed activations.
    SmallVector<Operation *> all;
    collectActivations(getOperation(), getAllActivationsConfig(*config), all);
    SmallVector<std::string> names = getActivationNames(all);
    llvm::DenseMap<Operation *, StringRef> nameOf;
    for (auto [op, name] : llvm::zip_equal(all, names))
      nameOf[op] = name;
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.isPublic())
        continue;
      auto returnOp =
          dyn_cast<func::ReturnOp>(func.getBody().back().getTerminator());
      if (!returnOp)
        continue;
      SmallVector<Operation *> found;
      collectActivations(func, *config, found);
      for (Operation *op : found) {
        // Only activations whose result is visible at the return.
        if (op->getBlock() != returnOp->getBlock())
          continue;
        StringRef name = nameOf.lookup(op);
        Value value = op->getResult(0);
        SmallVector<NamedAttribute, 2> attrs = {
            NamedAttribute(attrName, StringAttr::get(context, name))};
        // The axis per-channel statistics group the values by.
        if (std::optional<int64_t> axis = getActivationChannelAxis(op))
          attrs.emplace_back(
              StringAttr::get(context, "snn.channel_axis"),
              IntegerAttr::get(IntegerType::get(context, 64), *axis));
        if (failed(func.insertResult(func.getNumResults(), value.getType(),
                                     DictionaryAttr::get(context, attrs)))) {
          func.emitError("cannot add a result for activation '") << name << "'";
          return signalPassFailure();
        }
        returnOp->insertOperands(returnOp->getNumOperands(), value);
        ++numExposed;
      }
    }
  }
};
} // namespace
