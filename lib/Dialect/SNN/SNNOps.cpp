//===- SNNOps.cpp - snn dialect ops: verifiers and interfaces ---*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <string>

using namespace mlir;
using namespace mlir::snn;

#include "SNN/Dialect/SNN/SNNInterfaces.cpp.inc"

//===----------------------------------------------------------------------===//
// Parameter verification
//===----------------------------------------------------------------------===//

namespace {
/// The constraint a neuron or synapse parameter must satisfy.
enum class Bound { Finite, Positive, NonNegative, NonPositive };
} // namespace

/// Formats a parameter value the way a user writes it (`%g`).
static std::string formatValue(double value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format("%g", value);
  return text;
}

/// Checks that parameter `name` is finite and satisfies `bound`.
static LogicalResult verifyParam(Operation *op, StringRef name,
                                 const APFloat &apValue, Bound bound) {
  double value = apValue.convertToDouble();
  if (!std::isfinite(value))
    return op->emitOpError() << "parameter '" << name
                             << "' must be finite, got " << formatValue(value);
  StringRef relation;
  bool ok = true;
  switch (bound) {
  case Bound::Finite:
    return success();
  case Bound::Positive:
    relation = "> 0";
    ok = value > 0;
    break;
  case Bound::NonNegative:
    relation = ">= 0";
    ok = value >= 0;
    break;
  case Bound::NonPositive:
    relation = "<= 0";
    ok = value <= 0;
    break;
  }
  if (ok)
    return success();
  return op->emitOpError() << "parameter '" << name << "' must be " << relation
                           << ", got " << formatValue(value);
}

/// Parameters shared by the LIF family (LIF, LIFRate, SoftLIFRate).
template <typename OpTy> static LogicalResult verifyLIFFamily(OpTy op) {
  Operation *o = op.getOperation();
  if (failed(verifyParam(o, "tau_rc", op.getTauRc(), Bound::Positive)) ||
      failed(verifyParam(o, "tau_ref", op.getTauRef(), Bound::NonNegative)) ||
      failed(verifyParam(o, "amplitude", op.getAmplitude(), Bound::Positive)) ||
      failed(verifyParam(o, "gain", op.getGain(), Bound::Finite)) ||
      failed(verifyParam(o, "bias", op.getBias(), Bound::Finite)))
    return failure();
  return success();
}

template <typename OpTy> static LogicalResult verifyLIF(OpTy op) {
  if (failed(verifyLIFFamily(op)))
    return failure();
  // -inf: no lower bound on the voltage.
  double minVoltage = op.getMinVoltage().convertToDouble();
  if (std::isinf(minVoltage) && minVoltage < 0)
    return success();
  if (std::isfinite(minVoltage) && minVoltage <= 0)
    return success();
  return op->emitOpError() << "parameter 'min_voltage' must be <= 0 or -inf, "
                              "got "
                           << formatValue(minVoltage);
}

template <typename OpTy> static LogicalResult verifyIF(OpTy op) {
  Operation *o = op.getOperation();
  if (failed(verifyParam(o, "amplitude", op.getAmplitude(), Bound::Positive)) ||
      failed(verifyParam(o, "gain", op.getGain(), Bound::Finite)) ||
      failed(verifyParam(o, "bias", op.getBias(), Bound::Finite)))
    return failure();
  if (op.getReset() != "subtract" && op.getReset() != "zero")
    return op->emitOpError() << "attribute 'reset' must be \"subtract\" or "
                                "\"zero\", got \""
                             << op.getReset() << "\"";
  return success();
}

template <typename OpTy> static LogicalResult verifyIzhikevich(OpTy op) {
  Operation *o = op.getOperation();
  if (failed(verifyParam(o, "tau_recovery", op.getTauRecovery(),
                         Bound::Positive)) ||
      failed(verifyParam(o, "coupling", op.getCoupling(), Bound::Finite)) ||
      failed(verifyParam(o, "reset_voltage", op.getResetVoltage(),
                         Bound::Finite)) ||
      failed(verifyParam(o, "reset_recovery", op.getResetRecovery(),
                         Bound::Finite)) ||
      failed(verifyParam(o, "gain", op.getGain(), Bound::Finite)) ||
      failed(verifyParam(o, "bias", op.getBias(), Bound::Finite)))
    return failure();
  return success();
}

LogicalResult LIFOp::verify() { return verifyLIF(*this); }
LogicalResult LIFStepOp::verify() { return verifyLIF(*this); }
LogicalResult IFOp::verify() {
  if (failed(verifyIF(*this)))
    return failure();
  double v0 = getInitialVoltage().convertToDouble();
  if (!(v0 >= 0.0 && v0 < 1.0))
    return emitOpError() << "parameter 'initial_voltage' must be in [0, 1), "
                            "got "
                         << formatValue(v0);
  return success();
}
LogicalResult IFStepOp::verify() { return verifyIF(*this); }
LogicalResult IzhikevichOp::verify() { return verifyIzhikevich(*this); }
LogicalResult IzhikevichStepOp::verify() { return verifyIzhikevich(*this); }
LogicalResult LIFRateOp::verify() { return verifyLIFFamily(*this); }

LogicalResult SoftLIFRateOp::verify() {
  if (failed(verifyParam(*this, "sigma", getSigma(), Bound::Positive)))
    return failure();
  return verifyLIFFamily(*this);
}

LogicalResult LowpassOp::verify() {
  return verifyParam(*this, "tau", getTau(), Bound::NonNegative);
}
static LogicalResult verifyDelaySteps(Operation *op, IntegerAttr steps) {
  // The generated accessor is unsigned: read the signed value.
  if (steps.getInt() < 1)
    return op->emitOpError()
           << "attribute 'steps' must be >= 1, got " << steps.getInt();
  return success();
}

FeedbackInputOp FeedbackDelayOp::getFeedbackInput() {
  for (OpOperand &use : getOutput().getUses())
    if (auto input = dyn_cast<FeedbackInputOp>(use.getOwner()))
      if (use.getOperandNumber() == 0)
        return input;
  return nullptr;
}

LogicalResult FeedbackDelayOp::verify() {
  if (failed(verifyDelaySteps(*this, getStepsAttr())))
    return failure();
  unsigned inputs = 0;
  for (OpOperand &use : getOutput().getUses()) {
    if (!isa<FeedbackInputOp>(use.getOwner()))
      continue;
    if (use.getOperandNumber() != 0)
      return emitOpError() << "is the delayed input of an "
                              "'snn.feedback_input', not its delay: a "
                              "feedback loop without a step of delay";
    ++inputs;
    if (use.getOwner()->getBlock() != (*this)->getBlock())
      return emitOpError() << "has its 'snn.feedback_input' in another block";
  }
  if (inputs != 1)
    return emitOpError() << "needs exactly one 'snn.feedback_input' giving "
                            "its input, found "
                         << inputs;
  return success();
}

FeedbackDelayOp FeedbackInputOp::getDelayOp() {
  return getDelay().getDefiningOp<FeedbackDelayOp>();
}

LogicalResult FeedbackInputOp::verify() {
  if (!getDelayOp())
    return emitOpError() << "expects the result of an 'snn.feedback_delay' "
                            "as its first operand";
  return success();
}

bool mlir::snn::hasImplicitState(Operation *op) {
  return isa<LIFOp, IFOp, IzhikevichOp, LowpassOp, DelayOp, FeedbackDelayOp,
             CountMaxPool2dOp>(op);
}

LogicalResult CountMaxPool2dOp::verify() {
  ArrayRef<int64_t> kernel = getKernel(), stride = getStride(), pad = getPad();
  if (kernel.size() != 2 || stride.size() != 2 || pad.size() != 4)
    return emitOpError() << "expects kernel and stride of 2 values and pad "
                            "of 4, got "
                         << kernel.size() << ", " << stride.size() << " and "
                         << pad.size();
  if (llvm::any_of(kernel, [](int64_t k) { return k < 1; }) ||
      llvm::any_of(stride, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(pad, [](int64_t p) { return p < 0; }))
    return emitOpError() << "expects kernel and stride >= 1 and pad >= 0";
  // Padding below the kernel: every window holds an input element.
  if (pad[0] >= kernel[0] || pad[1] >= kernel[0] || pad[2] >= kernel[1] ||
      pad[3] >= kernel[1])
    return emitOpError() << "expects every pad below the kernel size";
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getOutput().getType());
  if (in.getRank() != 4 || out.getRank() != 4)
    return emitOpError() << "expects NHWC tensors of rank 4";
  if (in.getElementType() != out.getElementType())
    return emitOpError() << "expects the same element type in and out";
  if (!in.hasStaticShape() || !out.hasStaticShape())
    return emitOpError() << "expects static shapes";
  // As tosa.max_pool2d: the windows cover the padded input exactly.
  int64_t spanH = in.getDimSize(1) + pad[0] + pad[1] - kernel[0];
  int64_t spanW = in.getDimSize(2) + pad[2] + pad[3] - kernel[1];
  if (spanH < 0 || spanW < 0 || spanH % stride[0] || spanW % stride[1])
    return emitOpError() << "expects the padded input minus the kernel to be "
                            "a non-negative multiple of the stride";
  int64_t oh = spanH / stride[0] + 1;
  int64_t ow = spanW / stride[1] + 1;
  if (out.getDimSize(0) != in.getDimSize(0) || out.getDimSize(1) != oh ||
      out.getDimSize(2) != ow || out.getDimSize(3) != in.getDimSize(3))
    return emitOpError() << "expects the output shape " << in.getDimSize(0)
                         << "x" << oh << "x" << ow << "x" << in.getDimSize(3)
                         << " of these windows, got " << out;
  return success();
}

LogicalResult DelayOp::verify() {
  return verifyDelaySteps(*this, getStepsAttr());
}
LogicalResult LowpassStepOp::verify() {
  return verifyParam(*this, "tau", getTau(), Bound::NonNegative);
}

//===----------------------------------------------------------------------===//
// NeuronOpInterface
//===----------------------------------------------------------------------===//

static SmallVector<StringRef> lifStateNames() {
  return {"voltage", "refractory_time"};
}
static SmallVector<StringRef> ifStateNames() { return {"voltage"}; }
static SmallVector<StringRef> izhikevichStateNames() {
  return {"voltage", "recovery"};
}

double LIFOp::getAmplitudeValue() { return getAmplitude().convertToDouble(); }
bool LIFOp::isSpiking() { return true; }
SmallVector<StringRef> LIFOp::getStateNames() { return lifStateNames(); }

double LIFStepOp::getAmplitudeValue() {
  return getAmplitude().convertToDouble();
}
bool LIFStepOp::isSpiking() { return true; }
SmallVector<StringRef> LIFStepOp::getStateNames() { return lifStateNames(); }

double IFOp::getAmplitudeValue() { return getAmplitude().convertToDouble(); }
bool IFOp::isSpiking() { return true; }
SmallVector<StringRef> IFOp::getStateNames() { return ifStateNames(); }

double IFStepOp::getAmplitudeValue() {
  return getAmplitude().convertToDouble();
}
bool IFStepOp::isSpiking() { return true; }
SmallVector<StringRef> IFStepOp::getStateNames() { return ifStateNames(); }

double IzhikevichOp::getAmplitudeValue() { return 1.0; }
bool IzhikevichOp::isSpiking() { return true; }
SmallVector<StringRef> IzhikevichOp::getStateNames() {
  return izhikevichStateNames();
}

double IzhikevichStepOp::getAmplitudeValue() { return 1.0; }
bool IzhikevichStepOp::isSpiking() { return true; }
SmallVector<StringRef> IzhikevichStepOp::getStateNames() {
  return izhikevichStateNames();
}

double LIFRateOp::getAmplitudeValue() {
  return getAmplitude().convertToDouble();
}
bool LIFRateOp::isSpiking() { return false; }
SmallVector<StringRef> LIFRateOp::getStateNames() { return {}; }

double SoftLIFRateOp::getAmplitudeValue() {
  return getAmplitude().convertToDouble();
}
bool SoftLIFRateOp::isSpiking() { return false; }
SmallVector<StringRef> SoftLIFRateOp::getStateNames() { return {}; }

LogicalResult CompressOp::verify() {
  auto value = cast<VectorType>(getValue().getType());
  auto mask = cast<VectorType>(getMask().getType());
  if (value.isScalable() || mask.isScalable() ||
      value.getNumElements() != mask.getNumElements())
    return emitOpError() << "expects a fixed-length value and mask of as "
                            "many lanes, got "
                         << value << " and " << mask;
  return success();
}

#define GET_OP_CLASSES
#include "SNN/Dialect/SNN/SNNOps.cpp.inc"
