//===- FoldConstantTransposes.cpp - transpose constants when compiling ----===//
//
// Part of snn-mlir.
//
// --snn-fold-constant-transposes: a linalg.transpose of an arith.constant
// becomes an arith.constant of the transposed values (docs/LOWERING.md,
// "Compile time").
//
//===----------------------------------------------------------------------===//

#include "../SNNToLinalg/ConstantData.h"
#include "SNN/Conversion/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Threading.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNFOLDCONSTANTTRANSPOSESPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;

/// Copies `batch` row-major matrices `in` (rows x cols elements of `Bytes`
/// each) to `out` transposed, in blocks that stay in the cache.
template <int64_t Bytes>
static void transposeMatrices(const char *in, char *out, int64_t batch,
                              int64_t rows, int64_t cols) {
  constexpr int64_t block = 32;
  for (int64_t b = 0; b < batch; ++b) {
    const char *from = in + b * rows * cols * Bytes;
    char *to = out + b * rows * cols * Bytes;
    for (int64_t r0 = 0; r0 < rows; r0 += block)
      for (int64_t c0 = 0; c0 < cols; c0 += block)
        for (int64_t c = c0, ce = std::min(c0 + block, cols); c < ce; ++c)
          for (int64_t r = r0, re = std::min(r0 + block, rows); r < re; ++r)
            std::memcpy(to + (c * rows + r) * Bytes,
                        from + (r * cols + c) * Bytes, Bytes);
  }
}

/// Copies the row-major tensor `in` of shape `inShape` to `out` transposed:
/// output dimension i is input dimension `perm[i]`; elements of `bytes`.
static void transposeBytes(const char *in, char *out, ArrayRef<int64_t> inShape,
                           ArrayRef<int64_t> perm, int64_t bytes) {
  int64_t rank = inShape.size();
  // Leading dimensions in place, then dimension k moved last and the others
  // in order: a batch of matrix transposes [D_k, rest] -> [rest, D_k]. A
  // convolution filter FHWC -> HWCF (k = 0), a grouped one GFHWC -> GHWCF
  // (k = 1).
  int64_t k = 0;
  while (k < rank && perm[k] == k)
    ++k;
  bool batched = k + 1 < rank && perm.back() == k;
  for (int64_t i = k; batched && i + 1 < rank; ++i)
    batched = perm[i] == i + 1;
  if (batched && (bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8)) {
    int64_t batch = 1, cols = 1;
    for (int64_t d : inShape.take_front(k))
      batch *= d;
    for (int64_t d : inShape.drop_front(k + 1))
      cols *= d;
    int64_t rows = inShape[k];
    switch (bytes) {
    case 1:
      return transposeMatrices<1>(in, out, batch, rows, cols);
    case 2:
      return transposeMatrices<2>(in, out, batch, rows, cols);
    case 4:
      return transposeMatrices<4>(in, out, batch, rows, cols);
    default:
      return transposeMatrices<8>(in, out, batch, rows, cols);
    }
  }
  SmallVector<int64_t> inStrides(rank, bytes);
  for (int64_t d = rank - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inShape[d + 1];
  SmallVector<int64_t> outShape, strides;
  for (int64_t p : perm) {
    outShape.push_back(inShape[p]);
    strides.push_back(inStrides[p]);
  }
  int64_t total = 1;
  for (int64_t d : outShape)
    total *= d;
  if (total == 0)
    return;
  if (rank == 0) {
    std::memcpy(out, in, bytes);
    return;
  }
  // Walk the output in order; the last dimension is the inner loop.
  SmallVector<int64_t> index(rank, 0);
  int64_t inner = outShape.back(), innerStride = strides.back();
  int64_t offset = 0;
  for (int64_t done = 0; done < total; done += inner) {
    const char *from = in + offset;
    for (int64_t i = 0; i < inner; ++i) {
      std::memcpy(out, from, bytes);
      out += bytes;
      from += innerStride;
    }
    // Next index of the outer dimensions.
    for (int64_t d = rank - 2; d >= 0; --d) {
      offset += strides[d];
      if (++index[d] < outShape[d])
        break;
      offset -= strides[d] * outShape[d];
      index[d] = 0;
    }
  }
}

namespace {
/// A transpose to fold: its input's bytes, and where the output goes.
struct Fold {
  linalg::TransposeOp op;
  RankedTensorType inType, outType;
  int64_t bytes = 0;
  /// The input's bytes.
  ArrayRef<char> input;
  /// The input resource's key, or empty for a dense attribute.
  std::string key;
  /// The output: a blob for a resource input, else plain memory.
  std::optional<AsmResourceBlob> blob;
  std::vector<char> data;
  /// A splat's folded value (nothing to copy).
  Attribute splat;
};
} // namespace

/// What folding `op` takes, if its input is a constant of whole-byte ints or
/// floats with static shapes.
static std::optional<Fold> analyze(linalg::TransposeOp op) {
  if (!op.hasPureTensorSemantics() || op->getNumResults() != 1)
    return std::nullopt;
  // The constant, through reshapes (they keep the element order).
  Value source = op.getInput();
  while (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(
      source.getDefiningOp()))
    source = source.getDefiningOp()->getOperand(0);
  Attribute value;
  if (auto constant = source.getDefiningOp<arith::ConstantOp>())
    value = constant.getValue();
  else if (auto constant = source.getDefiningOp<tosa::ConstOp>())
    value = constant.getValuesAttr();
  if (!value)
    return std::nullopt;
  Fold fold;
  fold.op = op;
  fold.inType = dyn_cast<RankedTensorType>(op.getInput().getType());
  fold.outType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!fold.inType || !fold.outType || !fold.inType.hasStaticShape() ||
      !fold.outType.hasStaticShape())
    return std::nullopt;
  Type element = fold.inType.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  fold.bytes = element.getIntOrFloatBitWidth() / 8;
  int64_t size = fold.inType.getNumElements() * fold.bytes;
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (dense.isSplat()) {
      fold.splat = dense.reshape(fold.outType);
      return fold;
    }
  }
  std::optional<snn::ConstantBytes> bytes = snn::getConstantBytes(value);
  if (!bytes)
    return std::nullopt;
  fold.input = bytes->data;
  fold.key = bytes->key;
  if (static_cast<int64_t>(fold.input.size()) != size)
    return std::nullopt;
  return fold;
}

/// Transposes `fold`'s bytes (any thread).
static void transpose(Fold &fold) {
  if (fold.splat)
    return;
  char *out;
  if (!fold.key.empty()) {
    fold.blob = snn::allocateBlob(fold.input.size());
    out = fold.blob->getMutableData().data();
  } else {
    fold.data.resize(fold.input.size());
    out = fold.data.data();
  }
  transposeBytes(fold.input.data(), out, fold.inType.getShape(),
                 fold.op.getPermutation(), fold.bytes);
}

namespace {
struct SNNFoldConstantTransposesPass
    : public snn::impl::SNNFoldConstantTransposesPassBase<
          SNNFoldConstantTransposesPass> {
  using Base::Base;

  void runOnOperation() override {
    // One sweep (a folded transpose makes no new ones): the transposes on
    // the context's threads, then the new constants in place of the ops.
    std::vector<Fold> folds;
    getOperation()->walk([&](linalg::TransposeOp op) {
      if (std::optional<Fold> fold = analyze(op))
        folds.push_back(std::move(*fold));
    });
    parallelForEach(&getContext(), folds, transpose);
    IRRewriter rewriter(&getContext());
    for (Fold &fold : folds) {
      Attribute folded = fold.splat;
      if (!folded && fold.blob)
        folded = DenseResourceElementsAttr::get(
            fold.outType, fold.key + "_transposed", std::move(*fold.blob));
      else if (!folded)
        folded = DenseElementsAttr::getFromRawBuffer(fold.outType, fold.data);
      rewriter.setInsertionPoint(fold.op);
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(fold.op,
                                                     cast<TypedAttr>(folded));
      ++numFolded;
    }
  }
};
} // namespace
