//===- ONNXSNNOps.h - the ai.onnx.snn operator table ------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// One entry per operator of the ONNX-SNN domain: its op_type, the snn op it
// stands for, and its attributes with their defaults and constraints (those
// of include/SNN/Dialect/SNN/SNNOps.td). Shared by the exporter and by the
// import handlers (lib/Target/ONNX/SNNDomain.cpp). Header-only.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_LIB_TARGET_ONNXSNN_ONNXSNNOPS_H
#define SNN_LIB_TARGET_ONNXSNN_ONNXSNNOPS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace mlir {
namespace snn {
namespace onnx_snn {

/// The constraint on one parameter.
enum class Bound {
  Positive,
  NonNegative,
  NonPositive,
  NonPositiveOrNegInf,
  Finite,
  /// In [0, 1) (IF's initial voltage, below the threshold).
  UnitInterval
};

/// One attribute of a spiking node.
struct ParamInfo {
  const char *name;
  double defaultValue;
  Bound bound;
};

/// The kind of a non-float attribute of a node.
enum class ExtraKind {
  /// An INT attribute holding 0 or 1; the snn attribute is a BoolAttr.
  Bool,
  /// An INT attribute holding a number >= 1; the snn attribute is an i64.
  PositiveInt,
  /// A STRING attribute, one of `choices`; the snn attribute is a string.
  Choice,
};

/// One non-float attribute of a node (IF's rectify and reset, Delay's
/// steps).
struct ExtraInfo {
  const char *name;
  ExtraKind kind;
  /// Without a default, the attribute is required.
  bool hasDefault;
  int64_t defaultInt;
  const char *defaultString;
  llvm::ArrayRef<const char *> choices;
};

/// One operator of the domain.
struct OpInfo {
  /// The ONNX op_type.
  const char *opType;
  /// The snn op's full name.
  const char *opName;
  llvm::ArrayRef<ParamInfo> params;
  llvm::ArrayRef<ExtraInfo> extras = {};
};

inline constexpr ParamInfo kTauRc{"tau_rc", 0.02, Bound::Positive};
inline constexpr ParamInfo kTauRef{"tau_ref", 0.002, Bound::NonNegative};
inline constexpr ParamInfo kMinVoltage{"min_voltage", 0.0,
                                       Bound::NonPositiveOrNegInf};
inline constexpr ParamInfo kAmplitude{"amplitude", 1.0, Bound::Positive};
inline constexpr ParamInfo kGain{"gain", 1.0, Bound::Finite};
inline constexpr ParamInfo kBias{"bias", 0.0, Bound::Finite};
inline constexpr ParamInfo kSigma{"sigma", 1.0, Bound::Positive};
inline constexpr ParamInfo kTauRecovery{"tau_recovery", 0.02, Bound::Positive};
inline constexpr ParamInfo kCoupling{"coupling", 0.2, Bound::Finite};
inline constexpr ParamInfo kResetVoltage{"reset_voltage", -65.0, Bound::Finite};
inline constexpr ParamInfo kResetRecovery{"reset_recovery", 8.0, Bound::Finite};
inline constexpr ParamInfo kTau{"tau", 0.005, Bound::NonNegative};
inline constexpr ParamInfo kInitialVoltage{"initial_voltage", 0.0,
                                           Bound::UnitInterval};

inline constexpr ParamInfo kLIFParams[] = {kTauRc,     kTauRef, kMinVoltage,
                                           kAmplitude, kGain,   kBias};
inline constexpr ParamInfo kIFParams[] = {kAmplitude, kGain, kBias,
                                          kInitialVoltage};
inline constexpr ParamInfo kIzhikevichParams[] = {
    kTauRecovery, kCoupling, kResetVoltage, kResetRecovery, kGain, kBias};
inline constexpr ParamInfo kLIFRateParams[] = {kTauRc, kTauRef, kAmplitude,
                                               kGain, kBias};
inline constexpr ParamInfo kSoftLIFRateParams[] = {kSigma,     kTauRc, kTauRef,
                                                   kAmplitude, kGain,  kBias};
inline constexpr ParamInfo kLowpassParams[] = {kTau};

inline constexpr const char *kResetChoices[] = {"subtract", "zero"};
inline constexpr ExtraInfo kIFExtras[] = {
    {"rectify", ExtraKind::Bool, true, 1, nullptr, {}},
    {"reset", ExtraKind::Choice, true, 0, "subtract", kResetChoices},
};
inline constexpr ExtraInfo kDelayExtras[] = {
    {"steps", ExtraKind::PositiveInt, false, 0, nullptr, {}},
};

/// The operators of ai.onnx.snn version 1.
inline llvm::ArrayRef<OpInfo> getOps() {
  static const OpInfo ops[] = {
      {"LIF", "snn.lif", kLIFParams},
      {"IF", "snn.if", kIFParams, kIFExtras},
      {"Izhikevich", "snn.izhikevich", kIzhikevichParams},
      {"LIFRate", "snn.lif_rate", kLIFRateParams},
      {"SoftLIFRate", "snn.soft_lif_rate", kSoftLIFRateParams},
      {"Lowpass", "snn.lowpass", kLowpassParams},
      {"Delay", "snn.delay", {}, kDelayExtras},
  };
  return ops;
}

/// The entry for `opType` (import) or null.
inline const OpInfo *lookupByOpType(llvm::StringRef opType) {
  for (const OpInfo &op : getOps())
    if (opType == op.opType)
      return &op;
  return nullptr;
}

/// The entry for the snn op `opName` (export) or null.
inline const OpInfo *lookupByOpName(llvm::StringRef opName) {
  for (const OpInfo &op : getOps())
    if (opName == op.opName)
      return &op;
  return nullptr;
}

/// True when `v` satisfies `bound`.
inline bool satisfies(double v, Bound bound) {
  if (bound == Bound::NonPositiveOrNegInf && std::isinf(v) && v < 0)
    return true;
  if (!std::isfinite(v))
    return false;
  switch (bound) {
  case Bound::Positive:
    return v > 0;
  case Bound::NonNegative:
    return v >= 0;
  case Bound::NonPositive:
  case Bound::NonPositiveOrNegInf:
    return v <= 0;
  case Bound::Finite:
    return true;
  case Bound::UnitInterval:
    return v >= 0 && v < 1;
  }
  return false;
}

/// The constraint as words, for diagnostics.
inline const char *describe(Bound bound) {
  switch (bound) {
  case Bound::Positive:
    return "positive";
  case Bound::NonNegative:
    return "non-negative";
  case Bound::NonPositive:
    return "non-positive";
  case Bound::NonPositiveOrNegInf:
    return "non-positive or -inf";
  case Bound::Finite:
    return "finite";
  case Bound::UnitInterval:
    return "in [0, 1)";
  }
  return "";
}

/// The double that a FLOAT attribute stands for: its shortest decimal
/// representation read as a double, so that 0.02f gives back 0.02.
inline double floatToDouble(float f) {
  if (!std::isfinite(f))
    return double(f);
  char buf[64];
  std::to_chars_result r = std::to_chars(buf, buf + sizeof(buf) - 1, f);
  *r.ptr = '\0';
  return std::strtod(buf, nullptr);
}

/// The shortest decimal form of `v` ("0.0005", "inf"), for diagnostics.
inline std::string formatDouble(double v) {
  char buf[64];
  std::to_chars_result r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

/// Suffix of the optional DOUBLE tensor attribute that carries a parameter's
/// exact f64 value when the FLOAT attribute cannot represent it.
inline constexpr const char *kExactSuffix = "_f64";

} // namespace onnx_snn
} // namespace snn
} // namespace mlir

#endif // SNN_LIB_TARGET_ONNXSNN_ONNXSNNOPS_H
