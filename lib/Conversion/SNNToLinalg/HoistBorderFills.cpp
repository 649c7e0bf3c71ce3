//===- HoistBorderFills.cpp - pad borders filled once, before the loop ----===//
//
// Part of snn-mlir.
//
// --snn-hoist-border-fills: a linalg.fill in a loop whose buffer, allocated
// before the loop, is then overwritten in a view (the interior of a padded
// buffer) by the next op that touches it, and written by nothing else in
// the loop, leaves the same values outside the view at every iteration:
// it moves before the loop. A fill that stays is reduced to the border
// outside such a view. See Passes.td for the conditions.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNHOISTBORDERFILLSPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;

/// Collects `buffer` and every view of it (transitively) into `aliases`.
static void collectViews(Value buffer, SmallVectorImpl<Value> &aliases) {
  aliases.push_back(buffer);
  for (unsigned i = 0; i < aliases.size(); ++i)
    for (Operation *user : aliases[i].getUsers())
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == aliases[i])
          for (Value result : user->getResults())
            aliases.push_back(result);
}

/// Whether every element of `operand`, an init of `op`, is written by `op`
/// without being read: only parallel loops, a permutation map, and the
/// payload does not use the operand's value.
static bool overwritesWhole(linalg::LinalgOp op, OpOperand &operand) {
  if (!op.isDpsInit(&operand) || op.getNumLoops() != op.getNumParallelLoops())
    return false;
  if (!op.getMatchingIndexingMap(&operand).isPermutation())
    return false;
  return !op.payloadUsesValueFromOperand(&operand);
}

namespace {
/// The op that first touches a filled buffer after the fill, when it
/// overwrites one view of it whole (see `findWriter`).
struct Writer {
  linalg::LinalgOp op;
  Value view;                              // the alias it writes whole
  SmallVector<Value> aliases;              // the buffer and its views
  llvm::SmallPtrSet<Operation *, 8> users; // their users
};
} // namespace

/// The writer of `fill`'s buffer: the first op after the fill in its block
/// that uses the buffer or a view of it (views aside), when it is a linalg
/// op on buffers that writes one alias whole without reading it and
/// touches no other alias.
static std::optional<Writer> findWriter(linalg::FillOp fill) {
  if (!fill.hasPureBufferSemantics())
    return std::nullopt;
  Writer w;
  collectViews(fill.getOutputs()[0], w.aliases);
  for (Value alias : w.aliases)
    for (Operation *user : alias.getUsers())
      w.users.insert(user);
  Operation *writer = nullptr;
  for (Operation *op = fill->getNextNode(); op && !writer;
       op = op->getNextNode()) {
    if (isa<ViewLikeOpInterface>(op) && w.users.contains(op) &&
        !isa<linalg::LinalgOp>(op))
      continue;
    bool uses = false;
    op->walk([&](Operation *nested) {
      if (w.users.contains(nested))
        uses = true;
    });
    if (uses)
      writer = op;
  }
  w.op = dyn_cast_or_null<linalg::LinalgOp>(writer);
  if (!w.op || !w.op.hasPureBufferSemantics())
    return std::nullopt;
  for (OpOperand &operand : w.op->getOpOperands()) {
    if (!llvm::is_contained(w.aliases, operand.get()))
      continue;
    if (!overwritesWhole(w.op, operand) || w.view)
      return std::nullopt;
    w.view = operand.get();
  }
  if (!w.view)
    return std::nullopt;
  return w;
}

/// Whether `fill`, whose buffer `w` writes, can move before its parent loop
/// (Passes.td).
static bool canHoist(linalg::FillOp fill, const Writer &w,
                     LoopLikeOpInterface loop) {
  Value buffer = fill.getOutputs()[0];
  if (!loop.isDefinedOutsideOfLoop(buffer) ||
      !loop.isDefinedOutsideOfLoop(fill.getInputs()[0]) ||
      !buffer.getDefiningOp<memref::AllocOp>())
    return false;
  Operation *writer = w.op;
  Block *block = fill->getBlock();
  // Every other use: a view, a dealloc outside the loop, or in the loop a
  // read before the fill or after the writer.
  for (Operation *user : w.users) {
    if (user == fill || user == writer)
      continue;
    if (isa<ViewLikeOpInterface>(user) && !isa<linalg::LinalgOp>(user))
      continue;
    if (!loop->isAncestor(user)) {
      if (isa<memref::DeallocOp>(user))
        continue;
      return false;
    }
    bool reads = false;
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(user)) {
      reads = linalgOp.hasPureBufferSemantics() &&
              llvm::none_of(linalgOp.getDpsInitsMutable(), [&](OpOperand &o) {
                return llvm::is_contained(w.aliases, o.get());
              });
    } else {
      reads = isa<memref::LoadOp>(user);
    }
    if (!reads)
      return false;
    Operation *ancestor = block->findAncestorOpInBlock(*user);
    if (!ancestor ||
        !(ancestor->isBeforeInBlock(fill) || writer->isBeforeInBlock(ancestor)))
      return false;
  }
  return true;
}

/// Replaces `fill` by fills of the part of its buffer outside the view that
/// `w` overwrites next (a static, unit-stride `memref.subview` of the
/// buffer itself): per dimension d, the slabs before and after the view
/// along d, inside it along the dimensions before d and whole along those
/// after. They cover every element outside the view once. Returns false
/// (and changes nothing) for other views.
static bool fillBorderOnly(linalg::FillOp fill, const Writer &w) {
  Value buffer = fill.getOutputs()[0];
  auto view = w.view.getDefiningOp<memref::SubViewOp>();
  auto type = dyn_cast<MemRefType>(buffer.getType());
  if (!view || view.getSource() != buffer || !type || !type.hasStaticShape() ||
      view.getSourceType().getRank() != view.getType().getRank())
    return false;
  ArrayRef<int64_t> shape = type.getShape();
  ArrayRef<int64_t> offsets = view.getStaticOffsets();
  ArrayRef<int64_t> sizes = view.getStaticSizes();
  if (llvm::any_of(offsets, ShapedType::isDynamic) ||
      llvm::any_of(sizes, ShapedType::isDynamic) ||
      llvm::any_of(view.getStaticStrides(), [](int64_t s) { return s != 1; }))
    return false;
  // The view must be inside the buffer (a subview's verifier does not
  // check static bounds in every case).
  int64_t rank = type.getRank();
  for (int64_t d = 0; d < rank; ++d)
    if (offsets[d] < 0 || offsets[d] + sizes[d] > shape[d])
      return false;
  OpBuilder b(fill);
  Location loc = fill.getLoc();
  Value value = fill.getInputs()[0];
  for (int64_t d = 0; d < rank; ++d) {
    SmallVector<std::pair<int64_t, int64_t>> slabs; // (offset, size) along d
    if (offsets[d] > 0)
      slabs.push_back({0, offsets[d]});
    if (offsets[d] + sizes[d] < shape[d])
      slabs.push_back(
          {offsets[d] + sizes[d], shape[d] - offsets[d] - sizes[d]});
    for (auto [offset, size] : slabs) {
      SmallVector<int64_t> o(rank, 0), z(shape), one(rank, 1);
      for (int64_t e = 0; e < d; ++e) {
        o[e] = offsets[e];
        z[e] = sizes[e];
      }
      o[d] = offset;
      z[d] = size;
      auto slab = memref::SubViewOp::create(b, loc, buffer, o, z, one);
      linalg::FillOp::create(b, loc, ValueRange{value},
                             ValueRange{slab.getResult()});
    }
  }
  fill.erase();
  return true;
}

namespace {
struct SNNHoistBorderFillsPass
    : public snn::impl::SNNHoistBorderFillsPassBase<SNNHoistBorderFillsPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<linalg::FillOp> fills;
    getOperation().walk([&](linalg::FillOp fill) { fills.push_back(fill); });
    for (linalg::FillOp fill : fills) {
      std::optional<Writer> writer = findWriter(fill);
      if (!writer)
        continue;
      auto loop = dyn_cast<LoopLikeOpInterface>(fill->getParentOp());
      if (loop && canHoist(fill, *writer, loop)) {
        fill->moveBefore(loop);
        ++numHoisted;
        continue;
      }
      if (borderOnly && fillBorderOnly(fill, *writer))
        ++numShrunk;
    }
  }
};
} // namespace
