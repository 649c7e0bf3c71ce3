//===- SpikingToRate.cpp - spiking neurons to rate models -------*- C++ -*-===//
//
// Part of snn-mlir.
//
// --convert-spiking-to-rate: replaces each spiking population by the
// stateless model of its mean output. snn.lif becomes snn.lif_rate (or
// snn.soft_lif_rate), snn.if becomes amplitude * max(gain * x + bias, 0) in
// TOSA ops. snn.izhikevich and snn.if with reset = "zero" have no rate model:
// an error, or a warning with keep-unsupported.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/ActivationsToSpiking/SpikingToRate.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_CONVERTSPIKINGTORATEPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

/// Returns a `tosa.const` of rank `type.getRank()`, all dimensions 1, holding
/// `value` in `type`'s element type (it broadcasts against `type`).
static Value createSplatConst(OpBuilder &builder, Location loc,
                              RankedTensorType type, double value) {
  auto elementType = cast<FloatType>(type.getElementType());
  auto constType = RankedTensorType::get(
      SmallVector<int64_t>(type.getRank(), 1), elementType);
  auto attr = DenseElementsAttr::get(
      constType, builder.getFloatAttr(elementType, value).getValue());
  return tosa::ConstOp::create(builder, loc, constType, attr);
}

namespace {
/// snn.lif -> snn.lif_rate, or snn.soft_lif_rate when sigma > 0.
struct LIFToRateConversion : OpConversionPattern<LIFOp> {
  LIFToRateConversion(MLIRContext *context, double sigma)
      : OpConversionPattern(context), sigma(sigma) {}

  LogicalResult
  matchAndRewrite(LIFOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto attr = [&](const APFloat &value) {
      return rewriter.getF64FloatAttr(value.convertToDouble());
    };
    if (sigma > 0) {
      rewriter.replaceOpWithNewOp<SoftLIFRateOp>(
          op, op.getType(), adaptor.getInput(), rewriter.getF64FloatAttr(sigma),
          attr(op.getTauRc()), attr(op.getTauRef()), attr(op.getAmplitude()),
          attr(op.getGain()), attr(op.getBias()));
      return success();
    }
    rewriter.replaceOpWithNewOp<LIFRateOp>(
        op, op.getType(), adaptor.getInput(), attr(op.getTauRc()),
        attr(op.getTauRef()), attr(op.getAmplitude()), attr(op.getGain()),
        attr(op.getBias()));
    return success();
  }

  double sigma;
};

/// snn.if -> tosa.clamp(amplitude * gain * x + amplitude * bias, 0, max):
/// amplitude * max(gain * x + bias, 0), as amplitude > 0. With
/// rectify = false (and reset = "subtract"), the rate under a constant
/// current is the same: J <= 0 never spikes, J > 0 integrates as rectified.
/// Reset "zero" has none (the rate depends on dt); the pass rejects it.
struct IFToRateConversion : OpConversionPattern<IFOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IFOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    auto elementType = dyn_cast<FloatType>(type.getElementType());
    if (!elementType)
      return rewriter.notifyMatchFailure(op, "not a tensor of floats");
    if (op.getReset() != "subtract")
      return rewriter.notifyMatchFailure(op, "reset has no rate model");
    double amplitude = op.getAmplitude().convertToDouble();
    double scale = amplitude * op.getGain().convertToDouble();
    double offset = amplitude * op.getBias().convertToDouble();

    Location loc = op.getLoc();
    Value current = adaptor.getInput();
    if (scale != 1.0) {
      Value factor = createSplatConst(rewriter, loc, type, scale);
      auto shiftType = RankedTensorType::get({1}, rewriter.getI8Type());
      Value shift = tosa::ConstOp::create(
          rewriter, loc, shiftType,
          DenseElementsAttr::get(shiftType, rewriter.getI8IntegerAttr(0)));
      current =
          tosa::MulOp::create(rewriter, loc, type, current, factor, shift);
    }
    if (offset != 0.0) {
      Value addend = createSplatConst(rewriter, loc, type, offset);
      current = tosa::AddOp::create(rewriter, loc, type, current, addend);
    }
    APFloat largest = APFloat::getLargest(elementType.getFloatSemantics());
    rewriter.replaceOpWithNewOp<tosa::ClampOp>(
        op, type, current, rewriter.getFloatAttr(elementType, 0.0),
        rewriter.getFloatAttr(elementType, largest));
    return success();
  }
};

/// snn.count_max_pool2d -> tosa.max_pool2d with the same windows: the mean of
/// its output is the maximum of its inputs' means.
struct CountMaxPoolToRateConversion : OpConversionPattern<CountMaxPool2dOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CountMaxPool2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<tosa::MaxPool2dOp>(
        op, op.getType(), adaptor.getInput(), op.getKernelAttr(),
        op.getStrideAttr(), op.getPadAttr(),
        tosa::NanPropagationModeAttr::get(rewriter.getContext(),
                                          tosa::NanPropagationMode::PROPAGATE));
    return success();
  }
};
} // namespace

void mlir::snn::populateSpikingToRatePatterns(RewritePatternSet &patterns,
                                              double sigma) {
  patterns.add<LIFToRateConversion>(patterns.getContext(), sigma);
  patterns.add<IFToRateConversion, CountMaxPoolToRateConversion>(
      patterns.getContext());
}

namespace {
struct ConvertSpikingToRatePass
    : snn::impl::ConvertSpikingToRatePassBase<ConvertSpikingToRatePass> {
  using snn::impl::ConvertSpikingToRatePassBase<
      ConvertSpikingToRatePass>::ConvertSpikingToRatePassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!(sigma >= 0.0) || !std::isfinite(sigma)) {
      emitError(module.getLoc())
          << getArgument() << ": option 'sigma' must be >= 0, got " << sigma;
      return signalPassFailure();
    }

    // Neurons without a rate model, and the number of conversions.
    bool unsupported = false;
    unsigned count = 0;
    // An IF that resets to zero spikes once every ceil-ish(1 / (J * dt))
    // steps: its rate depends on dt, which rate models do not have.
    auto hasNoRate = [](IFOp op) { return op.getReset() != "subtract"; };
    module.walk([&](Operation *op) {
      auto ifOp = dyn_cast<IFOp>(op);
      if (isa<LIFOp>(op) || (ifOp && !hasNoRate(ifOp))) {
        ++count;
      } else if (isa<IzhikevichOp>(op) || ifOp) {
        // "'snn.if' op with reset = "zero" has no rate model ..."
        StringRef why = ifOp ? "with reset = \"zero\" " : "";
        if (keepUnsupported) {
          op->emitWarning() << "'" << op->getName() << "' op " << why
                            << "has no rate model; left spiking";
        } else {
          op->emitOpError() << why << "has no rate model; " << getArgument()
                            << " cannot replace it (keep-unsupported=true "
                               "leaves it spiking)";
          unsupported = true;
        }
      }
    });
    if (unsupported)
      return signalPassFailure();

    ConversionTarget target(getContext());
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    target.addIllegalOp<LIFOp, CountMaxPool2dOp>();
    target.addDynamicallyLegalOp<IFOp>(hasNoRate);
    RewritePatternSet patterns(&getContext());
    populateSpikingToRatePatterns(patterns, sigma);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    numConverted += count;
  }
};
} // namespace
