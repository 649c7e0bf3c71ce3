//===- SNNFolds.cpp - snn dialect folds -------------------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// Folds that hold under the dialect's semantics:
// * a lowpass with tau = 0 is the identity;
// * a rate model of a constant input is a constant;
// * a spiking population whose constant current never reaches threshold
//   (IF: J <= 0, LIF: J <= 1) never spikes, whatever its initial voltage in
//   [0, 1): its output is 0 at every step.
//
// Constant inputs are folded when they are scalars or splat tensors, so that
// folding never expands weights into per-element attributes.
//
//===----------------------------------------------------------------------===//

#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APFloat.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::snn;

/// Converts any float to double (rounding wide formats).
static double toDouble(APFloat value) {
  bool losesInfo = false;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  return value.convertToDouble();
}

/// Rounds `value` to the float format `semantics`.
static APFloat fromDouble(double value, const llvm::fltSemantics &semantics) {
  APFloat result(value);
  bool losesInfo = false;
  result.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
  return result;
}

/// Returns the single value of a scalar float constant or a splat float
/// tensor/vector constant.
static std::optional<APFloat> getSplatFloat(Attribute attr) {
  if (auto floatAttr = dyn_cast_if_present<FloatAttr>(attr))
    return floatAttr.getValue();
  if (auto dense = dyn_cast_if_present<DenseFPElementsAttr>(attr))
    if (dense.isSplat())
      return dense.getSplatValue<APFloat>();
  return std::nullopt;
}

/// Builds a constant of `type` (scalar or shaped) holding `value` everywhere.
static Attribute makeSplat(Type type, double value) {
  Type elementType = getElementTypeOrSelf(type);
  auto floatType = dyn_cast<FloatType>(elementType);
  if (!floatType)
    return {};
  APFloat element = fromDouble(value, floatType.getFloatSemantics());
  if (auto shaped = dyn_cast<ShapedType>(type)) {
    if (!shaped.hasStaticShape())
      return {};
    return DenseElementsAttr::get(shaped, element);
  }
  return FloatAttr::get(floatType, element);
}

/// Folds an element-wise function of a constant scalar or splat operand.
static Attribute foldUnary(Attribute operand, Type resultType,
                           llvm::function_ref<double(double)> fn) {
  std::optional<APFloat> value = getSplatFloat(operand);
  if (!value)
    return {};
  return makeSplat(resultType, fn(toDouble(*value)));
}

/// Returns true if every element of the constant `operand` (scalar, splat or
/// dense float tensor; not a resource blob) gives a current
/// `gain * x + bias <= limit`.
static bool currentNeverExceeds(Attribute operand, double gain, double bias,
                                double limit) {
  if (std::optional<APFloat> value = getSplatFloat(operand))
    return gain * toDouble(*value) + bias <= limit;
  auto dense = dyn_cast_if_present<DenseFPElementsAttr>(operand);
  if (!dense)
    return false;
  for (APFloat value : dense.getValues<APFloat>())
    if (!(gain * toDouble(value) + bias <= limit))
      return false;
  return true;
}

//===----------------------------------------------------------------------===//
// Synapse
//===----------------------------------------------------------------------===//

OpFoldResult LowpassOp::fold(FoldAdaptor) {
  if (getTau().isZero())
    return getInput();
  return {};
}

OpFoldResult LowpassStepOp::fold(FoldAdaptor) {
  // a = exp(-dt / 0) = 0: the output is the input.
  if (getTau().isZero())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// Rate models
//===----------------------------------------------------------------------===//

/// Nengo's LIFRate of current J.
static double lifRate(double current, double tauRc, double tauRef,
                      double amplitude) {
  double j = current - 1.0;
  if (!(j > 0.0))
    return 0.0;
  return amplitude / (tauRef + tauRc * std::log1p(1.0 / j));
}

/// NengoDL's SoftLIFRate of current J.
static double softLifRate(double current, double sigma, double tauRc,
                          double tauRef, double amplitude) {
  double js = (current - 1.0) / sigma;
  double z = sigma * (js > 30.0 ? js : std::log1p(std::exp(js)));
  double q = js > -20.0 ? std::log1p(1.0 / z) : -js - std::log(sigma);
  return amplitude / (tauRef + tauRc * q);
}

OpFoldResult LIFRateOp::fold(FoldAdaptor adaptor) {
  double gain = getGainValue(), bias = getBiasValue();
  double tauRc = getTauRc().convertToDouble();
  double tauRef = getTauRef().convertToDouble();
  double amplitude = getAmplitudeValue();
  return foldUnary(adaptor.getInput(), getType(), [&](double x) {
    return lifRate(gain * x + bias, tauRc, tauRef, amplitude);
  });
}

OpFoldResult SoftLIFRateOp::fold(FoldAdaptor adaptor) {
  double gain = getGainValue(), bias = getBiasValue();
  double sigma = getSigma().convertToDouble();
  double tauRc = getTauRc().convertToDouble();
  double tauRef = getTauRef().convertToDouble();
  double amplitude = getAmplitudeValue();
  return foldUnary(adaptor.getInput(), getType(), [&](double x) {
    return softLifRate(gain * x + bias, sigma, tauRc, tauRef, amplitude);
  });
}

//===----------------------------------------------------------------------===//
// Silent spiking populations
//===----------------------------------------------------------------------===//

OpFoldResult IFOp::fold(FoldAdaptor adaptor) {
  // v only grows by max(J, 0) * dt (rectify) or J * dt: with J <= 0 it never
  // reaches 1 from its initial voltage (< 1, verified), whatever the reset.
  if (currentNeverExceeds(adaptor.getInput(), getGainValue(), getBiasValue(),
                          0.0))
    return makeSplat(getType(), 0.0);
  return {};
}

OpFoldResult LIFOp::fold(FoldAdaptor adaptor) {
  // v relaxes monotonically towards J from v0 < 1: with J <= 1 it never
  // exceeds 1.
  if (currentNeverExceeds(adaptor.getInput(), getGainValue(), getBiasValue(),
                          1.0))
    return makeSplat(getType(), 0.0);
  return {};
}
