//===- MathToIntrinsics.cpp - exact math ops as LLVM intrinsics -*- C++ -*-===//
//
// Part of snn-mlir.
//
// --snn-math-to-intrinsics: math ops whose result is exact (correctly
// rounded by definition: floor, ceil, trunc, round, roundeven, absf, sqrt,
// copysign), math.exp, math.cttz and math.ctpop (on integers) become the LLVM
// intrinsics, before convert-math-to-libm would turn them into calls to libm.
// The values are the same (the exact ops are one instruction each; llvm.exp is
// code-generated as the same libm expf/exp call), but LLVM knows intrinsics
// have no side effects: it vectorizes loops holding floor (the IF neuron), and
// hoists a loop-invariant exp (a lowpass synapse's decay) out of the loop over
// elements, where a libm call (which may write errno) stays per element.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNMATHTOINTRINSICSPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

namespace {
/// Rewrites `From` on f32/f64 scalars or vectors into the intrinsic `To`
/// with the same operands.
template <typename From, typename To>
struct ToIntrinsic : OpRewritePattern<From> {
  using OpRewritePattern<From>::OpRewritePattern;
  LogicalResult matchAndRewrite(From op,
                                PatternRewriter &rewriter) const override {
    Type element = getElementTypeOrSelf(op.getType());
    if (!element.isF32() && !element.isF64())
      return failure();
    if (op->getNumOperands() == 0 || !LLVM::isCompatibleType(op.getType()))
      return failure();
    rewriter.replaceOpWithNewOp<To>(op, op.getType(), op->getOperands());
    return success();
  }
};

/// math.cttz on integers to llvm.intr.cttz (zero input defined: the bit
/// width), which convert-math-to-libm would otherwise reject.
struct CountTrailingZerosToIntrinsic
    : OpRewritePattern<math::CountTrailingZerosOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::CountTrailingZerosOp op,
                                PatternRewriter &rewriter) const override {
    if (!LLVM::isCompatibleType(op.getType()))
      return failure();
    rewriter.replaceOpWithNewOp<LLVM::CountTrailingZerosOp>(
        op, op.getType(), op.getOperand(), /*is_zero_poison=*/false);
    return success();
  }
};

/// math.ctpop on integers to llvm.intr.ctpop, which convert-math-to-libm
/// would otherwise reject.
struct CountOnesToIntrinsic : OpRewritePattern<math::CtPopOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::CtPopOp op,
                                PatternRewriter &rewriter) const override {
    if (!LLVM::isCompatibleType(op.getType()))
      return failure();
    rewriter.replaceOpWithNewOp<LLVM::CtPopOp>(op, op.getType(),
                                               op.getOperand());
    return success();
  }
};

struct SNNMathToIntrinsicsPass
    : public snn::impl::SNNMathToIntrinsicsPassBase<SNNMathToIntrinsicsPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ToIntrinsic<math::FloorOp, LLVM::FFloorOp>,
                 ToIntrinsic<math::CeilOp, LLVM::FCeilOp>,
                 ToIntrinsic<math::TruncOp, LLVM::FTruncOp>,
                 ToIntrinsic<math::RoundOp, LLVM::RoundOp>,
                 ToIntrinsic<math::RoundEvenOp, LLVM::RoundEvenOp>,
                 ToIntrinsic<math::AbsFOp, LLVM::FAbsOp>,
                 ToIntrinsic<math::SqrtOp, LLVM::SqrtOp>,
                 ToIntrinsic<math::CopySignOp, LLVM::CopySignOp>,
                 ToIntrinsic<math::ExpOp, LLVM::ExpOp>,
                 CountTrailingZerosToIntrinsic, CountOnesToIntrinsic>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
