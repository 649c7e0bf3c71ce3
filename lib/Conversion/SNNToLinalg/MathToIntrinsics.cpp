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
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
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

/// snn.compress to llvm.experimental.vector.compress (the other lanes
/// poison), on vectors of at most 512 bits: on wider ones LLVM 22's x86
/// backend splits the compress and miscompiles it (an aligned store at an
/// unaligned offset), so they are left (the pass then fails, naming the
/// op). LLVM 22 cannot legalize the intrinsic on some lane counts either
/// (1, 3 and 7 crash it), so a vector whose lane count is not a power of
/// two of at least 2 is compressed as the next one: its lanes first (the
/// padding lanes' mask unset), then the first lanes taken back.
constexpr int64_t kMaxCompressBits = 512;

struct CompressToIntrinsic : OpRewritePattern<CompressOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CompressOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<VectorType>(op.getType());
    if (!LLVM::isCompatibleType(type))
      return failure();
    Location loc = op.getLoc();
    int64_t lanes = type.getNumElements();
    int64_t padded = std::max<int64_t>(llvm::PowerOf2Ceil(lanes), 2);
    if (padded * type.getElementTypeBitWidth() > kMaxCompressBits)
      return rewriter.notifyMatchFailure(op, "wider than 512 bits");
    Value value = op.getValue(), mask = op.getMask();
    VectorType compressType = type;
    if (padded != lanes) {
      SmallVector<int64_t> widen, narrow;
      for (int64_t i = 0; i < padded; ++i)
        widen.push_back(i < lanes ? i : lanes);
      for (int64_t i = 0; i < lanes; ++i)
        narrow.push_back(i);
      value = vector::ShuffleOp::create(rewriter, loc, value, value, widen);
      Value unset = arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(cast<ShapedType>(mask.getType()), false));
      mask = vector::ShuffleOp::create(rewriter, loc, mask, unset, widen);
      compressType = VectorType::get({padded}, type.getElementType());
      Value packed = compress(rewriter, loc, compressType, value, mask);
      rewriter.replaceOpWithNewOp<vector::ShuffleOp>(op, packed, packed,
                                                     narrow);
      return success();
    }
    rewriter.replaceOp(op, compress(rewriter, loc, type, value, mask));
    return success();
  }

  static Value compress(PatternRewriter &rewriter, Location loc, Type type,
                        Value value, Value mask) {
    Value poison = LLVM::PoisonOp::create(rewriter, loc, type);
    return LLVM::CallIntrinsicOp::create(
               rewriter, loc, type,
               rewriter.getStringAttr("llvm.experimental.vector.compress"),
               ValueRange{value, mask, poison})
        .getResult(0);
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
                 CountTrailingZerosToIntrinsic, CountOnesToIntrinsic,
                 CompressToIntrinsic>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    WalkResult left = getOperation()->walk([](CompressOp op) {
      if (!LLVM::isCompatibleType(op.getType()))
        op.emitOpError() << "on " << op.getType()
                         << " is not lowered: its element type has no LLVM "
                            "equivalent";
      else
        op.emitOpError() << "on " << op.getType()
                         << " is not lowered: vectors of more than "
                         << kMaxCompressBits
                         << " bits (after padding to a power of two lanes) "
                            "are miscompiled by LLVM 22; split it";
      return WalkResult::interrupt();
    });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
