//===- ScheduleLinalg.cpp - loop order of linalg contractions ---*- C++ -*-===//
//
// Part of snn-mlir.
//
// --snn-schedule-linalg: reorders the iterators of linalg ops with reductions
// (convolutions, matrix products, pooling) so that, once lowered to loops,
// the innermost loop is a parallel loop over the output's contiguous
// dimension, which LLVM vectorizes. Reductions keep their relative order, so
// every output element accumulates its terms in the same order as before:
// results are bit-identical.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNSCHEDULELINALGPASS
#define GEN_PASS_DEF_SNNDECOMPOSEPADSPASS
#define GEN_PASS_DEF_SNNFUSEELEMENTWISEPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

/// Returns the permutation that puts the parallel iterators first (except
/// the one indexing the innermost dimension of the single output), then the
/// reductions, then that innermost parallel iterator; or an empty vector when
/// the op has no reduction, several outputs, or the order is already right.
static SmallVector<unsigned> getSchedule(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0)
    return {};
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (outMap.getNumResults() == 0)
    return {};
  auto innermost = dyn_cast<AffineDimExpr>(outMap.getResults().back());
  if (!innermost)
    return {};
  unsigned inner = innermost.getPosition();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators[inner] != utils::IteratorType::parallel)
    return {};
  SmallVector<unsigned> order;
  for (unsigned i = 0, e = iterators.size(); i < e; ++i)
    if (i != inner && iterators[i] == utils::IteratorType::parallel)
      order.push_back(i);
  for (unsigned i = 0, e = iterators.size(); i < e; ++i)
    if (iterators[i] == utils::IteratorType::reduction)
      order.push_back(i);
  order.push_back(inner);
  if (order.size() != iterators.size())
    return {};
  bool identity = true;
  for (auto [i, position] : llvm::enumerate(order))
    identity &= i == position;
  return identity ? SmallVector<unsigned>() : order;
}

/// linalg.depthwise_conv_2d_nhwc_hwcm with a multiplier (m) of 1 ->
/// linalg.depthwise_conv_2d_nhwc_hwc on the filter and output without m
/// (collapse_shape), the result expanded back: the same terms in the same
/// order, but channels innermost.
static LogicalResult dropUnitMultiplier(linalg::DepthwiseConv2DNhwcHwcmOp op,
                                        RewriterBase &rewriter) {
  if (!op.hasPureTensorSemantics())
    return failure();
  auto filterType = dyn_cast<RankedTensorType>(op.getInputs()[1].getType());
  auto outType = dyn_cast<RankedTensorType>(op.getOutputs()[0].getType());
  if (!filterType || !outType || filterType.getRank() != 4 ||
      outType.getRank() != 5 || filterType.getDimSize(3) != 1 ||
      outType.getDimSize(4) != 1)
    return failure();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<ReassociationIndices> filterMap = {{0}, {1}, {2, 3}};
  SmallVector<ReassociationIndices> outMap = {{0}, {1}, {2}, {3, 4}};
  Value filter = tensor::CollapseShapeOp::create(rewriter, loc,
                                                 op.getInputs()[1], filterMap);
  Value init = tensor::CollapseShapeOp::create(rewriter, loc,
                                               op.getOutputs()[0], outMap);
  auto conv = linalg::DepthwiseConv2DNhwcHwcOp::create(
      rewriter, loc, TypeRange{init.getType()},
      ValueRange{op.getInputs()[0], filter}, ValueRange{init},
      op.getStridesAttr(), op.getDilationsAttr());
  Value result = tensor::ExpandShapeOp::create(rewriter, loc, outType,
                                               conv->getResult(0), outMap);
  rewriter.replaceOp(op, result);
  return success();
}

namespace {
struct SNNScheduleLinalgPass
    : public snn::impl::SNNScheduleLinalgPassBase<SNNScheduleLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());

    // FHWC convolutions to HWCF: output channels contiguous in the filter.
    SmallVector<linalg::Conv2DNhwcFhwcOp> convs;
    getOperation()->walk(
        [&](linalg::Conv2DNhwcFhwcOp op) { convs.push_back(op); });
    for (linalg::Conv2DNhwcFhwcOp conv : convs) {
      rewriter.setInsertionPoint(conv);
      if (succeeded(linalg::transposeConv2D(rewriter, conv)))
        ++numTransposedConvs;
    }

    // Depthwise convolutions with a channel multiplier of 1 (TOSA's, from
    // MobileNet's and EfficientNet's layers) without their unit dimension,
    // so that the channels become the innermost (vectorized) dimension.
    SmallVector<linalg::DepthwiseConv2DNhwcHwcmOp> depthwise;
    getOperation()->walk(
        [&](linalg::DepthwiseConv2DNhwcHwcmOp op) { depthwise.push_back(op); });
    for (linalg::DepthwiseConv2DNhwcHwcmOp op : depthwise)
      if (succeeded(dropUnitMultiplier(op, rewriter)))
        ++numUnitMultipliers;

    // Generalize ops with reductions and reorder their iterators.
    SmallVector<linalg::LinalgOp> candidates;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (op.getNumReductionLoops() > 0 && op.getNumDpsInits() == 1)
        candidates.push_back(op);
    });
    for (linalg::LinalgOp op : candidates) {
      linalg::GenericOp generic = dyn_cast<linalg::GenericOp>(*op);
      if (!generic) {
        // Only generalize what would be reordered.
        rewriter.setInsertionPoint(op);
        FailureOr<linalg::GenericOp> generalized =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue;
        generic = *generalized;
      }
      SmallVector<unsigned> order = getSchedule(generic);
      if (order.empty())
        continue;
      rewriter.setInsertionPoint(generic);
      if (succeeded(linalg::interchangeGenericOp(rewriter, generic, order)))
        ++numInterchanged;
    }
  }
};
} // namespace

/// Whether `value` holds no data: a tensor.empty, or a static reshape of
/// one (a depthwise convolution's init without its unit multiplier).
static bool isEmptyTensor(Value value) {
  if (value.getDefiningOp<tensor::EmptyOp>())
    return true;
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return false;
  if (auto collapse = value.getDefiningOp<tensor::CollapseShapeOp>())
    return isEmptyTensor(collapse.getSrc());
  if (auto expand = value.getDefiningOp<tensor::ExpandShapeOp>())
    return isEmptyTensor(expand.getSrc());
  return false;
}

/// Whether `op` computes its result without reading its init (a fill, a
/// broadcast, an elementwise op into a tensor.empty).
static bool isCheapInitProducer(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      linalgOp.getNumReductionLoops() != 0 || op->getNumResults() != 1)
    return false;
  for (OpOperand &init : linalgOp.getDpsInitsMutable())
    if (!isEmptyTensor(init.get()) ||
        linalgOp.payloadUsesValueFromOperand(&init))
      return false;
  return true;
}

/// Makes `use` take a copy of `producer` (a cheap init producer) computed
/// right before its owner, into a tensor.empty of its own.
static void cloneProducerAt(Operation *producer, OpOperand *use) {
  OpBuilder builder(use->getOwner());
  IRMapping mapping;
  for (Value operand : producer->getOperands()) {
    if (auto empty = operand.getDefiningOp<tensor::EmptyOp>())
      mapping.map(operand, builder.clone(*empty)->getResult(0));
    else if (isEmptyTensor(operand))
      mapping.map(
          operand,
          tensor::EmptyOp::create(
              builder, operand.getLoc(),
              cast<RankedTensorType>(operand.getType()).getShape(),
              cast<RankedTensorType>(operand.getType()).getElementType())
              .getResult());
  }
  Operation *clone = builder.clone(*producer, mapping);
  use->set(clone->getResult(0));
}

namespace {
struct SNNDecomposePadsPass
    : public snn::impl::SNNDecomposePadsPassBase<SNNDecomposePadsPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateDecomposePadPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();

    // A fill or broadcast that CSE made the init of several ops (the bias
    // of two convolutions, the -inf of two max pools) is computed once per
    // use, into each op's own buffer, rather than copied for all uses but
    // one by bufferization.
    SmallVector<Operation *> producers;
    getOperation()->walk([&](Operation *op) {
      if (isCheapInitProducer(op) && !op->getResult(0).hasOneUse())
        producers.push_back(op);
    });
    for (Operation *producer : producers) {
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : producer->getResult(0).getUses()) {
        auto dps = dyn_cast<DestinationStyleOpInterface>(use.getOwner());
        if (dps && dps.isDpsInit(&use))
          uses.push_back(&use);
      }
      // Keep the original for the first use (and any non-init uses).
      if (uses.size() < 2)
        continue;
      for (OpOperand *use : llvm::drop_begin(uses))
        cloneProducerAt(producer, use);
    }

    // A fill or broadcast that loop-invariant code motion hoisted out of a
    // loop (the time loop) but that initializes an op inside it is computed
    // again in the loop, into the buffer the op then updates in place:
    // otherwise bufferization allocates a buffer and copies the hoisted
    // value into it on every iteration.
    SmallVector<OpOperand *> hoistedUses;
    getOperation()->walk([&](Operation *op) {
      if (!isCheapInitProducer(op))
        return;
      for (OpOperand &use : op->getResult(0).getUses()) {
        auto dps = dyn_cast<DestinationStyleOpInterface>(use.getOwner());
        if (!dps || !dps.isDpsInit(&use))
          continue;
        Operation *loop =
            use.getOwner()->getParentOfType<LoopLikeOpInterface>();
        if (loop && !loop->isAncestor(op))
          hoistedUses.push_back(&use);
      }
    });
    for (OpOperand *use : hoistedUses) {
      Operation *producer = use->get().getDefiningOp();
      cloneProducerAt(producer, use);
      if (producer->use_empty())
        producer->erase();
    }
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// --snn-fuse-elementwise
//===----------------------------------------------------------------------===//

/// Whether the producer of `operand` may be fused into its consumer: every
/// use other than the consumer (upstream's rule allows none) comes after the
/// consumer in the consumer's block, so that the fused op, which takes the
/// consumer's place and also yields the producer's results, dominates them.
static bool canFuseProducer(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  Operation *consumer = operand->getOwner();
  if (!producer)
    return false;
  for (Operation *user : producer->getUsers())
    if (user != consumer && (user->getBlock() != consumer->getBlock() ||
                             !consumer->isBeforeInBlock(user)))
      return false;
  return true;
}

namespace {
/// Fuses a producer generic into a consumer generic through one of the
/// consumer's inputs (linalg::fuseElementwiseOps), then replaces every use of
/// the producer's results, not only the consumer's (upstream's pattern keeps
/// the producer alive for its other users, computing it twice).
struct FuseProducerWithOtherUses : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    for (OpOperand *operand : consumer.getDpsInputOperands()) {
      auto producer = operand->get().getDefiningOp<linalg::GenericOp>();
      if (!producer || !canFuseProducer(operand) ||
          !linalg::areElementwiseOpsFusable(operand))
        continue;
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, operand);
      if (failed(fused))
        continue;
      for (auto [original, replacement] : fused->replacements)
        rewriter.replaceAllUsesWith(original, replacement);
      rewriter.eraseOp(consumer);
      if (producer->use_empty())
        rewriter.eraseOp(producer);
      return success();
    }
    return failure();
  }
};

struct SNNFuseElementwisePass
    : public snn::impl::SNNFuseElementwisePassBase<SNNFuseElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseProducerWithOtherUses>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
