//===- GroupedConv.cpp - one linalg op per grouped convolution --*- C++ -*-===//
//
// Part of snn-mlir.
//
// --snn-fuse-grouped-conv: TOSA has no grouped convolution, so the ONNX and
// NIR importers write one as a tosa.concat (on channels) of one tosa.conv2d
// per group, each on its slice of the input channels. The snn emitters
// (Nengo, ONNX-SNN, NIR) read that form back; native code should not: a
// RegNet with 64 groups per layer became thousands of loop nests, and LLVM
// spent minutes on them. Before tosa-to-linalg, this pass rewrites such a
// concat into a single linalg.generic over (n, oh, ow, g, f; kh, kw, c):
//
//   x  [N, H, W, G*Cg] --pad, expand--> [N, Hp, Wp, G, Cg]
//   w  [G*Fg, KH, KW, Cg] --expand, transpose--> [G, KH, KW, Cg, Fg]
//   y  [N, OH, OW, G, Fg] = bias + sum_{kh,kw,c} x[...] * w[g, kh, kw, c, f]
//   y  --collapse--> [N, OH, OW, G*Fg]
//
// Each output element starts from its bias and accumulates its terms in the
// order kh, kw, c, as the per-group convolutions did after tosa-to-linalg:
// the results are bit-identical. The filter keeps output channels innermost
// (as snn-schedule-linalg does for ordinary convolutions), so the innermost
// loop after scheduling is a unit-stride loop over f.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"

#include <cstring>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNFUSEGROUPEDCONVPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

/// The f32 values of a constant tensor (tosa.const or arith.constant, dense
/// or a dense resource), or std::nullopt.
static std::optional<SmallVector<float>> getConstantF32(Value v) {
  ElementsAttr attr;
  if (auto op = v.getDefiningOp<tosa::ConstOp>())
    attr = op.getValuesAttr();
  else if (auto op = v.getDefiningOp<arith::ConstantOp>())
    attr = dyn_cast<ElementsAttr>(op.getValue());
  if (!attr || !attr.getElementType().isF32())
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto values = dense.getValues<float>();
    return SmallVector<float>(values.begin(), values.end());
  }
  if (auto blob = dyn_cast<DenseResourceElementsAttr>(attr)) {
    ArrayRef<char> raw = blob.getData();
    int64_t n = cast<ShapedType>(attr.getType()).getNumElements();
    if (static_cast<int64_t>(raw.size()) != n * 4)
      return std::nullopt;
    SmallVector<float> values(n);
    std::memcpy(values.data(), raw.data(), raw.size());
    return values;
  }
  return std::nullopt;
}

/// The tensor that `parts` are consecutive slices of along `axis` (the
/// slices covering it exactly, all other dimensions whole); else null.
static Value getSlicedSource(ArrayRef<Value> parts, int64_t axis) {
  Value source;
  int64_t next = 0;
  for (Value part : parts) {
    auto slice = part.getDefiningOp<tosa::SliceOp>();
    if (!slice || (source && slice.getInput1() != source))
      return nullptr;
    source = slice.getInput1();
    SmallVector<int64_t> start, size;
    if (!tosa::getConstShapeValues(slice.getStart().getDefiningOp(), start) ||
        !tosa::getConstShapeValues(slice.getSize().getDefiningOp(), size))
      return nullptr;
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(source.getType()).getShape();
    if (start.size() != shape.size() || size.size() != shape.size())
      return nullptr;
    for (int64_t d = 0, e = shape.size(); d < e; ++d) {
      if (d == axis)
        continue;
      if (start[d] != 0 || size[d] != shape[d])
        return nullptr;
    }
    if (start[axis] != next)
      return nullptr;
    next += size[axis];
  }
  if (!source ||
      next != cast<RankedTensorType>(source.getType()).getDimSize(axis))
    return nullptr;
  return source;
}

/// `parts` joined along axis 0 (weights, biases): their source when they are
/// its slices, one constant when they are all constants, else a tosa.concat.
static Value joinLeading(OpBuilder &b, Location loc, ArrayRef<Value> parts) {
  if (Value source = getSlicedSource(parts, 0))
    return source;
  auto first = cast<RankedTensorType>(parts.front().getType());
  SmallVector<int64_t> shape(first.getShape());
  shape[0] = 0;
  for (Value part : parts)
    shape[0] += cast<RankedTensorType>(part.getType()).getDimSize(0);
  auto type = first.clone(shape);
  SmallVector<float> values;
  bool allConstant = true;
  for (Value part : parts) {
    std::optional<SmallVector<float>> v = getConstantF32(part);
    if (!v) {
      allConstant = false;
      break;
    }
    values.append(v->begin(), v->end());
  }
  if (allConstant)
    return tosa::ConstOp::create(
        b, loc, type, DenseElementsAttr::get(type, ArrayRef<float>(values)));
  return tosa::ConcatOp::create(b, loc, type, parts, b.getI32IntegerAttr(0));
}

/// concat(conv2d(x_g, w_g, b_g) for g) on channels -> one grouped linalg op.
static LogicalResult fuseGroupedConv(tosa::ConcatOp concat,
                                     RewriterBase &rewriter) {
  auto outType = dyn_cast<RankedTensorType>(concat.getType());
  if (!outType || outType.getRank() != 4 || concat.getAxis() != 3 ||
      !outType.hasStaticShape() || !outType.getElementType().isF32())
    return rewriter.notifyMatchFailure(concat, "not an f32 NHWC concat");
  int64_t groups = concat.getNumOperands();
  if (groups < 2)
    return failure();
  SmallVector<tosa::Conv2DOp> convs;
  for (Value v : concat.getInput1()) {
    auto conv = v.getDefiningOp<tosa::Conv2DOp>();
    if (!conv || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(concat, "not all parts are convs");
    convs.push_back(conv);
  }
  tosa::Conv2DOp c0 = convs.front();
  auto xType = dyn_cast<RankedTensorType>(c0.getInput().getType());
  auto wType = dyn_cast<RankedTensorType>(c0.getWeight().getType());
  auto yType = dyn_cast<RankedTensorType>(c0.getType());
  if (!xType || !wType || !yType || !xType.hasStaticShape() ||
      !wType.hasStaticShape() || !xType.getElementType().isF32() ||
      !wType.getElementType().isF32() || !c0.getAccType().isF32())
    return rewriter.notifyMatchFailure(concat, "not static f32 convs");
  for (tosa::Conv2DOp conv : convs) {
    if (conv.getInput().getType() != xType ||
        conv.getWeight().getType() != wType || conv.getType() != yType ||
        conv.getBias().getType() != c0.getBias().getType() ||
        conv.getPad() != c0.getPad() || conv.getStride() != c0.getStride() ||
        conv.getDilation() != c0.getDilation() ||
        conv.getAccType() != c0.getAccType())
      return rewriter.notifyMatchFailure(concat, "convs differ");
    // Float convolutions: zero points must be zero.
    for (Value zp : {conv.getInputZp(), conv.getWeightZp()}) {
      std::optional<SmallVector<float>> z = getConstantF32(zp);
      if (!z || llvm::any_of(*z, [](float v) { return v != 0.0f; }))
        return rewriter.notifyMatchFailure(concat, "non-zero zero point");
    }
  }
  int64_t n = xType.getDimSize(0), h = xType.getDimSize(1),
          w = xType.getDimSize(2), cg = xType.getDimSize(3);
  int64_t fg = wType.getDimSize(0), kh = wType.getDimSize(1),
          kw = wType.getDimSize(2);
  if (wType.getDimSize(3) != cg || yType.getDimSize(3) != fg)
    return failure();
  // A bias of one value is broadcast by tosa.conv2d.
  auto bType = cast<RankedTensorType>(c0.getBias().getType());
  if (bType.getRank() != 1 || bType.getDimSize(0) != fg)
    return rewriter.notifyMatchFailure(concat, "bias is not per channel");

  Location loc = concat.getLoc();
  SmallVector<Value> xs, ws, bs;
  for (tosa::Conv2DOp conv : convs) {
    xs.push_back(conv.getInput());
    ws.push_back(conv.getWeight());
    bs.push_back(conv.getBias());
  }
  Value x = getSlicedSource(xs, 3);
  if (!x) {
    auto type = xType.clone({n, h, w, groups * cg});
    x = tosa::ConcatOp::create(rewriter, loc, type, xs,
                               rewriter.getI32IntegerAttr(3));
  }
  Value weight = joinLeading(rewriter, loc, ws);
  Value bias = joinLeading(rewriter, loc, bs);

  // Pad: tosa.conv2d's [top, bottom, left, right].
  ArrayRef<int64_t> pad = c0.getPad();
  Type f32 = rewriter.getF32Type();
  Value zero =
      arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0));
  int64_t hp = h + pad[0] + pad[1], wp = w + pad[2] + pad[3];
  if (llvm::any_of(pad, [](int64_t p) { return p != 0; })) {
    auto paddedType = RankedTensorType::get({n, hp, wp, groups * cg}, f32);
    SmallVector<OpFoldResult> low = {
        rewriter.getIndexAttr(0), rewriter.getIndexAttr(pad[0]),
        rewriter.getIndexAttr(pad[2]), rewriter.getIndexAttr(0)};
    SmallVector<OpFoldResult> high = {
        rewriter.getIndexAttr(0), rewriter.getIndexAttr(pad[1]),
        rewriter.getIndexAttr(pad[3]), rewriter.getIndexAttr(0)};
    x = tensor::PadOp::create(rewriter, loc, paddedType, x, low, high, zero);
  }
  x = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get({n, hp, wp, groups, cg}, f32), x,
      SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
  // [G*Fg, KH, KW, Cg] -> [G, Fg, KH, KW, Cg] -> [G, KH, KW, Cg, Fg].
  Value w5 = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get({groups, fg, kh, kw, cg}, f32),
      weight, SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
  Value filterInit = tensor::EmptyOp::create(
      rewriter, loc, ArrayRef<int64_t>{groups, kh, kw, cg, fg}, f32);
  Value filter = linalg::TransposeOp::create(rewriter, loc, w5, filterInit,
                                             ArrayRef<int64_t>{0, 2, 3, 4, 1})
                     ->getResult(0);
  Value b2 = tensor::ExpandShapeOp::create(
      rewriter, loc, RankedTensorType::get({groups, fg}, f32), bias,
      SmallVector<ReassociationIndices>{{0, 1}});

  int64_t oh = yType.getDimSize(1), ow = yType.getDimSize(2);
  auto y5Type = RankedTensorType::get({n, oh, ow, groups, fg}, f32);
  MLIRContext *ctx = rewriter.getContext();
  // Dims: n, oh, ow, g, f, kh, kw, c.
  AffineExpr dN, dOH, dOW, dG, dF, dKH, dKW, dC;
  bindDims(ctx, dN, dOH, dOW, dG, dF, dKH, dKW, dC);
  // The output starts as the bias, broadcast.
  Value empty = tensor::EmptyOp::create(rewriter, loc, y5Type.getShape(), f32);
  auto bcastIn = AffineMap::get(5, 0, {dG, dF}, ctx);
  auto bcastOut = AffineMap::get(5, 0, {dN, dOH, dOW, dG, dF}, ctx);
  SmallVector<utils::IteratorType> par5(5, utils::IteratorType::parallel);
  Value init = linalg::GenericOp::create(
                   rewriter, loc, y5Type, ValueRange{b2}, ValueRange{empty},
                   ArrayRef<AffineMap>{bcastIn, bcastOut}, par5,
                   [](OpBuilder &b, Location l, ValueRange args) {
                     linalg::YieldOp::create(b, l, args[0]);
                   })
                   ->getResult(0);
  ArrayRef<int64_t> stride = c0.getStride(), dilation = c0.getDilation();
  auto inMap = AffineMap::get(8, 0,
                              {dN, dOH * stride[0] + dKH * dilation[0],
                               dOW * stride[1] + dKW * dilation[1], dG, dC},
                              ctx);
  auto filterMap = AffineMap::get(8, 0, {dG, dKH, dKW, dC, dF}, ctx);
  auto outMap = AffineMap::get(8, 0, {dN, dOH, dOW, dG, dF}, ctx);
  SmallVector<utils::IteratorType> iters(5, utils::IteratorType::parallel);
  iters.append(3, utils::IteratorType::reduction);
  Value y5 = linalg::GenericOp::create(
                 rewriter, loc, y5Type, ValueRange{x, filter}, ValueRange{init},
                 ArrayRef<AffineMap>{inMap, filterMap, outMap}, iters,
                 [](OpBuilder &b, Location l, ValueRange args) {
                   Value product =
                       arith::MulFOp::create(b, l, args[0], args[1]);
                   Value sum = arith::AddFOp::create(b, l, args[2], product);
                   linalg::YieldOp::create(b, l, sum);
                 })
                 ->getResult(0);
  Value y = tensor::CollapseShapeOp::create(
      rewriter, loc, outType, y5,
      SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
  rewriter.replaceOp(concat, y);
  // The per-group convolutions, then their slices if nothing else uses
  // them (the rest is left to canonicalization).
  for (tosa::Conv2DOp conv : convs) {
    SmallVector<Value> operands(conv->getOperands());
    rewriter.eraseOp(conv);
    for (Value v : operands)
      if (auto slice = v.getDefiningOp<tosa::SliceOp>();
          slice && slice->use_empty())
        rewriter.eraseOp(slice);
  }
  return success();
}

namespace {
struct SNNFuseGroupedConvPass
    : public snn::impl::SNNFuseGroupedConvPassBase<SNNFuseGroupedConvPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<tosa::ConcatOp> concats;
    getOperation()->walk([&](tosa::ConcatOp op) { concats.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (tosa::ConcatOp concat : concats) {
      rewriter.setInsertionPoint(concat);
      if (succeeded(fuseGroupedConv(concat, rewriter)))
        ++numFused;
    }
  }
};
} // namespace
