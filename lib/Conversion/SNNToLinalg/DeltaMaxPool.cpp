//===- DeltaMaxPool.cpp - convolutions of pooled traces by change -*- C++ -*-=//
//
// Part of snn-mlir.
//
// --snn-delta-max-pool: a max pool is not linear, so snn-sink-synapses
// leaves the synapse filter in front of it, and the convolution after the
// pool reads the maximum of filtered traces, non-zero wherever a neuron of
// the window has ever spiked. But between spikes every trace of a window
// decays by the same factor a = exp(-dt / tau), and so does their maximum:
// m[t] = a * m[t-1] exactly, in float32 too (the filter computes
// fl(a * x) + 0 for an input of 0, and rounding is monotonic, so the maximum
// of the rounded products is the rounded product of the maximum). The
// change
//
//   e[t] = m[t] - a * m[t-1]
//
// is therefore exactly 0 in every window where no neuron spiked at step t.
// For a linear map L (the convolution without its bias),
//
//   L(m[t]) = y[t],  y[t] = a * y[t-1] + L(e[t]),  y[-1] = 0, m[-1] = 0,
//
// so this pass (on the time loop of --snn-materialize-time) makes each such
// convolution read e, event-driven on its non-zeros, and carries m[t-1] and
// y[t-1] as two more loop-carried values; the bias is added to y. The same
// network in exact arithmetic; float rounding differs.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNDELTAMAXPOOLPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

namespace {
/// A convolution of the max pool of a filter's output, in a time loop.
struct Candidate {
  LowpassStepOp filter;
  tosa::MaxPool2dOp pool;
  Operation *conv;
};
} // namespace

/// Whether `op` is a convolution of `pool`'s result, with weights, bias and
/// zero points from outside `loop`, static f32 types, a 1-D bias and at
/// least `minWidth` output channels (the rows that snn-vectorize-contractions
/// makes event-driven; narrower ones are dense and would gain nothing).
static bool isCandidate(Operation *op, tosa::MaxPool2dOp pool, scf::ForOp loop,
                        int64_t minWidth) {
  if (!isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp>(op) ||
      op->getBlock() != loop.getBody() || op->getOperand(0) != pool.getResult())
    return false;
  for (Value operand : op->getOperands().drop_front())
    if (!loop.isDefinedOutsideOfLoop(operand))
      return false;
  auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  auto biasType = dyn_cast<RankedTensorType>(op->getOperand(2).getType());
  return resultType && resultType.hasStaticShape() &&
         resultType.getElementType().isF32() && resultType.getRank() > 0 &&
         resultType.getShape().back() >= minWidth && biasType &&
         biasType.hasStaticShape() && biasType.getRank() == 1 &&
         biasType.getElementType().isF32();
}

/// An elementwise linalg.generic of `x` and `p` (same static type) computing
/// `fn(x, p)`.
static Value
buildElementwise(OpBuilder &b, Location loc, Value x, Value p,
                 function_ref<Value(OpBuilder &, Location, Value, Value)> fn) {
  auto type = cast<RankedTensorType>(x.getType());
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{x, p}, ValueRange{init},
      ArrayRef<AffineMap>{id, id, id}, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc,
                                fn(nested, nestedLoc, args[0], args[1]));
      });
  return generic.getResult(0);
}

static Value buildZeros(OpBuilder &b, Location loc, Type type) {
  return arith::ConstantOp::create(b, loc,
                                   cast<TypedAttr>(b.getZeroAttr(type)));
}

/// Rewrites the candidates of `loop` (which is replaced by a loop with two
/// more loop-carried values per candidate).
static void rewriteLoop(scf::ForOp loop,
                        MutableArrayRef<Candidate> candidates) {
  IRRewriter rewriter(loop.getContext());
  rewriter.setInsertionPoint(loop);
  SmallVector<Value> inits;
  for (Candidate &c : candidates) {
    inits.push_back(buildZeros(rewriter, loop.getLoc(), c.pool.getType()));
    inits.push_back(
        buildZeros(rewriter, loop.getLoc(), c.conv->getResult(0).getType()));
  }
  unsigned added = inits.size();
  FailureOr<LoopLikeOpInterface> replaced = loop.replaceWithAdditionalYields(
      rewriter, inits, /*replaceInitOperandUsesInLoop=*/false,
      [](OpBuilder &, Location, ArrayRef<BlockArgument> args) {
        return SmallVector<Value>(args.begin(), args.end());
      });
  if (failed(replaced))
    return;
  auto newLoop = cast<scf::ForOp>(replaced->getOperation());
  ValueRange state = newLoop.getRegionIterArgs().take_back(added);
  auto yield = cast<scf::YieldOp>(newLoop.getBody()->getTerminator());
  unsigned firstYield = yield.getNumOperands() - added;

  for (auto [i, c] : llvm::enumerate(candidates)) {
    Value previousMax = state[2 * i], previousSum = state[2 * i + 1];
    Operation *conv = c.conv;
    Location loc = conv->getLoc();
    rewriter.setInsertionPoint(conv);
    // a = exp(-dt / tau), computed as the filter's step computes it (the
    // changes are exactly 0 only with the same a).
    Value dt = c.filter.getDt();
    Value tau = arith::ConstantOp::create(
        rewriter, loc,
        FloatAttr::get(dt.getType(), c.filter.getTau().convertToDouble()));
    Value a = math::ExpOp::create(
        rewriter, loc,
        arith::DivFOp::create(rewriter, loc,
                              arith::NegFOp::create(rewriter, loc, dt), tau));
    Value max = c.pool.getResult();
    Value change = buildElementwise(
        rewriter, loc, max, previousMax,
        [&](OpBuilder &b, Location l, Value m, Value p) -> Value {
          return arith::SubFOp::create(b, l, m,
                                       arith::MulFOp::create(b, l, a, p));
        });
    // The convolution of the change, without bias.
    auto biasType = cast<RankedTensorType>(conv->getOperand(2).getType());
    Value bias = conv->getOperand(2);
    bool hasBias = !matchPattern(bias, m_AnyZeroFloat());
    Operation *clone = rewriter.clone(*conv);
    clone->setOperand(0, change);
    if (hasBias) {
      rewriter.setInsertionPoint(newLoop);
      Value zeros = tosa::ConstOp::create(
          rewriter, loc, biasType,
          DenseElementsAttr::get(biasType, rewriter.getF32FloatAttr(0.0f)));
      clone->setOperand(2, zeros);
      rewriter.setInsertionPointAfter(clone);
    }
    Value sum = buildElementwise(
        rewriter, loc, clone->getResult(0), previousSum,
        [&](OpBuilder &b, Location l, Value v, Value p) -> Value {
          return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, a, p),
                                       v);
        });
    Value result = sum;
    if (hasBias) {
      auto resultType = cast<RankedTensorType>(sum.getType());
      SmallVector<int64_t> shape(resultType.getRank(), 1);
      shape.back() = biasType.getDimSize(0);
      Value reshaped = tosa::ReshapeOp::create(
          rewriter, loc, RankedTensorType::get(shape, rewriter.getF32Type()),
          bias,
          tosa::ConstShapeOp::create(
              rewriter, loc,
              tosa::shapeType::get(rewriter.getContext(), shape.size()),
              rewriter.getIndexTensorAttr(shape)));
      result = tosa::AddOp::create(rewriter, loc, resultType, sum, reshaped);
    }
    rewriter.replaceOp(conv, result);
    yield.setOperand(firstYield + 2 * i, max);
    yield.setOperand(firstYield + 2 * i + 1, sum);
  }
}

namespace {
struct SNNDeltaMaxPoolPass
    : public snn::impl::SNNDeltaMaxPoolPassBase<SNNDeltaMaxPoolPass> {
  using Base::Base;

  void runOnOperation() override {
    // With state=external (snn.state arguments) the caller carries the state
    // from one call to the next; the values added here would restart at 0.
    SmallVector<scf::ForOp> loops;
    getOperation()->walk([&](FunctionOpInterface func) {
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        if (func.getArgAttr(i, "snn.state"))
          return;
      func->walk([&](scf::ForOp loop) { loops.push_back(loop); });
    });
    for (scf::ForOp loop : loops) {
      SmallVector<Candidate> candidates;
      for (Operation &op : loop.getBody()->without_terminator()) {
        auto pool = dyn_cast<tosa::MaxPool2dOp>(&op);
        if (!pool)
          continue;
        auto filter = pool.getInput().getDefiningOp<LowpassStepOp>();
        auto filterType =
            filter ? dyn_cast<RankedTensorType>(filter.getType()) : nullptr;
        if (!filterType || filter->getBlock() != loop.getBody() ||
            !filterType.getElementType().isF32() ||
            !filter.getDt().getType().isF32() ||
            filter.getTau().convertToDouble() <= 0.0)
          continue;
        for (Operation *user : pool->getUsers())
          if (isCandidate(user, pool, loop, minWidth) &&
              llvm::none_of(candidates,
                            [&](const Candidate &c) { return c.conv == user; }))
            candidates.push_back({filter, pool, user});
      }
      if (!candidates.empty())
        rewriteLoop(loop, candidates);
    }
  }
};
} // namespace
