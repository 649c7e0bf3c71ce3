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
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNSCHEDULELINALGPASS
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
