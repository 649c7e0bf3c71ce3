//===- VectorLists.cpp - a vector's marked lanes appended to lists -----===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#include "VectorLists.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

Value snn::countLanes(OpBuilder &b, Location loc, Value lanes) {
  int64_t w = cast<VectorType>(lanes.getType()).getNumElements();
  Value bits = lanes;
  if (w > 1)
    bits = vector::BitCastOp::create(
        b, loc, VectorType::get({1}, b.getIntegerType(w)), lanes);
  bits = vector::ExtractOp::create(b, loc, bits, ArrayRef<int64_t>{0});
  Value count = math::CtPopOp::create(b, loc, bits);
  return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), count);
}

Value snn::laneIndices(OpBuilder &b, Location loc, Value at, int64_t lanes) {
  auto type = VectorType::get({lanes}, b.getI32Type());
  SmallVector<int32_t> laneNumbers;
  for (int64_t lane = 0; lane < lanes; ++lane)
    laneNumbers.push_back(int32_t(lane));
  return arith::AddIOp::create(
      b, loc,
      arith::ConstantOp::create(b, loc,
                                DenseIntElementsAttr::get(type, laneNumbers)),
      vector::BroadcastOp::create(
          b, loc, type,
          arith::IndexCastOp::create(b, loc, b.getI32Type(), at)));
}

// `vector.compressstore` would write the marked lanes only, but its
// store-to-memory form (VCOMPRESSPS with a memory operand) was where most of
// the LIF lowering's vector phases spent their time on this project's AMD
// Zen 5 machine (docs/LOWERING.md); the register form and a plain store are
// cheap. LLVM 22 splits a compress of more than 512 bits on AVX-512 and
// stores its second half with an aligned store at an unaligned offset.
void snn::appendLanes(OpBuilder &b, Location loc, Value list,
                      ValueRange leading, Value at, Value mask, Value value) {
  auto type = cast<VectorType>(value.getType());
  int64_t lanes = type.getNumElements();
  int64_t pieceLanes = std::max<int64_t>(
      1, 512 / std::max<int64_t>(1, type.getElementTypeBitWidth()));
  if (lanes <= pieceLanes) {
    Value packed = CompressOp::create(b, loc, type, value, mask);
    SmallVector<Value> indices(leading);
    indices.push_back(at);
    vector::StoreOp::create(b, loc, packed, list, indices);
    return;
  }
  for (int64_t first = 0; first < lanes; first += pieceLanes) {
    int64_t size = std::min(pieceLanes, lanes - first);
    auto piece = [&](Value vector) -> Value {
      return vector::ExtractStridedSliceOp::create(
          b, loc, vector, ArrayRef<int64_t>{first}, ArrayRef<int64_t>{size},
          ArrayRef<int64_t>{1});
    };
    Value pieceMask = piece(mask);
    appendLanes(b, loc, list, leading, at, pieceMask, piece(value));
    if (first + size < lanes)
      at = arith::AddIOp::create(b, loc, at, countLanes(b, loc, pieceMask));
  }
}
