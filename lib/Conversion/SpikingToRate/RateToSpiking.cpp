//===- RateToSpiking.cpp - LIF rate models to spiking LIF -------*- C++ -*-===//
//
// Part of snn-mlir.
//
// --convert-rate-to-spiking: snn.lif_rate and snn.soft_lif_rate become
// snn.lif with the same parameters (train with SoftLIFRate, run with LIF).
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_CONVERTRATETOSPIKINGPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

/// Replaces the LIF rate model `op` by a spiking LIF population.
template <typename RateOpTy>
static void replaceByLIF(RewriterBase &rewriter, RateOpTy op,
                         double minVoltage) {
  auto attr = [&](const APFloat &value) {
    return rewriter.getF64FloatAttr(value.convertToDouble());
  };
  rewriter.setInsertionPoint(op);
  auto lif = LIFOp::create(
      rewriter, op.getLoc(), op.getType(), op.getInput(), attr(op.getTauRc()),
      attr(op.getTauRef()), rewriter.getF64FloatAttr(minVoltage),
      attr(op.getAmplitude()), attr(op.getGain()), attr(op.getBias()));
  rewriter.replaceOp(op, lif.getResult());
}

namespace {
struct ConvertRateToSpikingPass
    : public snn::impl::ConvertRateToSpikingPassBase<ConvertRateToSpikingPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!(minVoltage <= 0.0) || !std::isfinite(minVoltage)) {
      emitError(module.getLoc())
          << getArgument() << ": option 'min-voltage' must be <= 0, got "
          << llvm::formatv("{0}", minVoltage.getValue()).str();
      return signalPassFailure();
    }
    // Population ops take ranked tensors only; a scalar or vector rate op
    // (e.g. inside a lowered loop body) has no population form.
    bool failedOp = false;
    SmallVector<Operation *> rateOps;
    module.walk([&](Operation *op) {
      if (!isa<LIFRateOp, SoftLIFRateOp>(op))
        return;
      if (!isa<RankedTensorType>(op->getResult(0).getType())) {
        op->emitOpError() << "on " << op->getResult(0).getType()
                          << " has no spiking population form (tensors only)";
        failedOp = true;
        return;
      }
      rateOps.push_back(op);
    });
    if (failedOp)
      return signalPassFailure();

    IRRewriter rewriter(&getContext());
    for (Operation *op : rateOps) {
      if (auto rate = dyn_cast<LIFRateOp>(op))
        replaceByLIF(rewriter, rate, minVoltage);
      else
        replaceByLIF(rewriter, cast<SoftLIFRateOp>(op), minVoltage);
    }
    numConverted += rateOps.size();
  }
};
} // namespace
