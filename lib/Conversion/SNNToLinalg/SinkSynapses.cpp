//===- SinkSynapses.cpp - lowpass filters after linear layers ---*- C++ -*-===//
//
// Part of snn-mlir.
//
// --snn-sink-synapses: a converted network filters each population's spikes
// (snn.lowpass) before the next layer's weights, so a convolution or matrix
// product reads filtered traces: after a neuron's first spike its trace is
// non-zero at every later step (exp(-dt/tau) per step never reaches 0 in
// float32 within a run), and the event-driven kernels, which skip zero
// inputs, do nearly dense work. The filter is linear and time-invariant and
// starts at 0, so it commutes with every linear, time-invariant map L:
//
//   L(lowpass(s)) = lowpass(L(s))
//
// (Nengo's builder applies a connection's synapse after its transform too.)
// This pass moves each snn.lowpass past the linear TOSA ops that read it, so
// that the contractions read the spikes themselves and the filter runs on
// their outputs. A bias is added after the filter:
// conv(lowpass(s), W, b) = lowpass(conv(s, W, 0)) + b. The network is the
// same in exact arithmetic; float rounding differs (the filter's terms are
// summed in another order).
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNSINKSYNAPSESPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

/// Whether `v` is computed from constants alone (no function argument, no
/// snn op): the same at every time step, whatever the input encoding.
static bool isTimeInvariant(Value v, DenseMap<Value, bool> &memo) {
  auto it = memo.find(v);
  if (it != memo.end())
    return it->second;
  Operation *def = v.getDefiningOp();
  bool invariant = def && !isa<SNNDialect>(def->getDialect()) &&
                   def->getNumRegions() == 0 && isPure(def);
  memo[v] = invariant; // cut cycles (there are none in a graph region)
  if (invariant)
    for (Value operand : def->getOperands())
      if (!isTimeInvariant(operand, memo)) {
        invariant = false;
        break;
      }
  return memo[v] = invariant;
}

static LowpassOp getLowpass(Value v) { return v.getDefiningOp<LowpassOp>(); }

namespace {
/// Moves the snn.lowpass read by a linear TOSA op to its result.
struct SinkLowpass : public RewritePattern {
  SinkLowpass(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  /// The operand of `op` in which it is linear (the others must be time
  /// invariant), or -1. `bias` is set to the operand that is added to the
  /// result, which must stay out of the filter.
  static int linearOperand(Operation *op, int &bias) {
    bias = -1;
    if (isa<tosa::TransposeOp, tosa::ReshapeOp, tosa::SliceOp,
            tosa::AvgPool2dOp, tosa::ReduceSumOp, tosa::NegateOp>(op))
      return 0;
    if (auto pad = dyn_cast<tosa::PadOp>(op))
      return matchPattern(pad.getPadConst(), m_AnyZeroFloat()) ? 0 : -1;
    if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp,
            tosa::Conv3DOp>(op)) {
      bias = 2;
      return 0;
    }
    if (isa<tosa::MatMulOp, tosa::MulOp>(op))
      return getLowpass(op->getOperand(0)) ? 0 : 1;
    return -1;
  }

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumResults() != 1 || isa<SNNDialect>(op->getDialect()))
      return failure();
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resultType || !resultType.getElementType().isF32())
      return failure();
    if (isa<tosa::AddOp, tosa::SubOp, tosa::ConcatOp>(op))
      return sinkFromAll(op, resultType, rewriter);

    int bias;
    int index = linearOperand(op, bias);
    if (index < 0)
      return failure();
    LowpassOp filter = getLowpass(op->getOperand(index));
    if (!filter)
      return failure();
    DenseMap<Value, bool> memo;
    for (auto [i, operand] : llvm::enumerate(op->getOperands()))
      if (int(i) != index && !isTimeInvariant(operand, memo))
        return failure();
    // A grouped convolution (one tosa.conv2d per group, concatenated) is
    // fused into one op by snn-fuse-grouped-conv only in that form.
    if (bias >= 0 && llvm::any_of(op->getUsers(), [](Operation *user) {
          return isa<tosa::ConcatOp>(user);
        }))
      return failure();

    Value biasValue;
    RankedTensorType biasType;
    if (bias >= 0 && !matchPattern(op->getOperand(bias), m_AnyZeroFloat())) {
      biasValue = op->getOperand(bias);
      biasType = dyn_cast<RankedTensorType>(biasValue.getType());
      if (!biasType || !biasType.hasStaticShape() || biasType.getRank() != 1 ||
          !biasType.getElementType().isF32())
        return failure();
    }

    Location loc = op->getLoc();
    Value zeros;
    if (biasValue)
      zeros = tosa::ConstOp::create(
          rewriter, loc, biasType,
          DenseElementsAttr::get(biasType, rewriter.getF32FloatAttr(0.0f)));
    Operation *clone = rewriter.clone(*op);
    clone->setOperand(index, filter.getInput());
    if (zeros)
      clone->setOperand(bias, zeros);
    Value result = LowpassOp::create(rewriter, loc, resultType,
                                     clone->getResult(0), filter.getTauAttr());
    if (biasValue) {
      // The bias broadcast along the innermost (channel) dimension.
      SmallVector<int64_t> shape(resultType.getRank(), 1);
      shape.back() = cast<RankedTensorType>(biasValue.getType()).getDimSize(0);
      auto shapedType = RankedTensorType::get(shape, rewriter.getF32Type());
      Value reshaped = tosa::ReshapeOp::create(
          rewriter, loc, shapedType, biasValue,
          tosa::getTosaConstShape(rewriter, loc, shape));
      result = tosa::AddOp::create(rewriter, loc, resultType, result, reshaped);
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  /// add, sub, concat of filtered values, all with the same time constant
  /// and of the result's type (no broadcast): the filter of their sum,
  /// difference or concatenation.
  static LogicalResult sinkFromAll(Operation *op, RankedTensorType resultType,
                                   PatternRewriter &rewriter) {
    FloatAttr tau;
    SmallVector<Value> inputs;
    for (Value operand : op->getOperands()) {
      LowpassOp filter = getLowpass(operand);
      if (!filter || (tau && filter.getTauAttr() != tau))
        return failure();
      if (!isa<tosa::ConcatOp>(op) && operand.getType() != resultType)
        return failure();
      tau = filter.getTauAttr();
      inputs.push_back(filter.getInput());
    }
    if (!tau)
      return failure();
    Operation *clone = rewriter.clone(*op);
    clone->setOperands(inputs);
    rewriter.replaceOpWithNewOp<LowpassOp>(op, resultType, clone->getResult(0),
                                           tau);
    return success();
  }
};

struct SNNSinkSynapsesPass
    : public snn::impl::SNNSinkSynapsesPassBase<SNNSinkSynapsesPass> {
  using Base::Base;

  void runOnOperation() override {
    bool hasFilters = false;
    getOperation()->walk([&](LowpassOp) {
      hasFilters = true;
      return WalkResult::interrupt();
    });
    if (!hasFilters)
      return;
    RewritePatternSet patterns(&getContext());
    patterns.add<SinkLowpass>(&getContext());
    // Only the moves: no folding of the other ops on the way.
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};
} // namespace
