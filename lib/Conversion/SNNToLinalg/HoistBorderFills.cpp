//===- HoistBorderFills.cpp - pad borders filled once, before the loop ----===//
//
// Part of snn-mlir.
//
// --snn-hoist-border-fills: a linalg.fill in a loop whose buffer, allocated
// before the loop, is then overwritten in a view (the interior of a padded
// buffer) by the next op that touches it, and written by nothing else in
// the loop, leaves the same values outside the view at every iteration:
// it moves before the loop. See Passes.td for the conditions.
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

/// Whether `fill` can move before its parent loop (Passes.td).
static bool canHoist(linalg::FillOp fill, LoopLikeOpInterface loop) {
  if (!fill.hasPureBufferSemantics())
    return false;
  Value buffer = fill.getOutputs()[0];
  if (!loop.isDefinedOutsideOfLoop(buffer) ||
      !loop.isDefinedOutsideOfLoop(fill.getInputs()[0]) ||
      !buffer.getDefiningOp<memref::AllocOp>())
    return false;
  SmallVector<Value> aliases;
  collectViews(buffer, aliases);
  Block *block = fill->getBlock();
  // The writer: the first op after the fill in its block that uses an alias
  // (views aside).
  Operation *writer = nullptr;
  llvm::SmallPtrSet<Operation *, 8> users;
  for (Value alias : aliases)
    for (Operation *user : alias.getUsers())
      users.insert(user);
  for (Operation *op = fill->getNextNode(); op && !writer;
       op = op->getNextNode()) {
    if (isa<ViewLikeOpInterface>(op) && users.contains(op) &&
        !isa<linalg::LinalgOp>(op))
      continue;
    bool uses = false;
    op->walk([&](Operation *nested) {
      if (users.contains(nested))
        uses = true;
    });
    if (uses)
      writer = op;
  }
  auto writerOp = dyn_cast_or_null<linalg::LinalgOp>(writer);
  if (!writerOp || !writerOp.hasPureBufferSemantics())
    return false;
  // The writer writes one alias whole and touches no other.
  bool wholeWrite = false;
  for (OpOperand &operand : writerOp->getOpOperands()) {
    if (!llvm::is_contained(aliases, operand.get()))
      continue;
    if (!overwritesWhole(writerOp, operand) || wholeWrite)
      return false;
    wholeWrite = true;
  }
  if (!wholeWrite)
    return false;
  // Every other use: a view, a dealloc outside the loop, or in the loop a
  // read before the fill or after the writer.
  for (Operation *user : users) {
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
                return llvm::is_contained(aliases, o.get());
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

namespace {
struct SNNHoistBorderFillsPass
    : public snn::impl::SNNHoistBorderFillsPassBase<SNNHoistBorderFillsPass> {
  void runOnOperation() override {
    SmallVector<linalg::FillOp> fills;
    getOperation().walk([&](linalg::FillOp fill) { fills.push_back(fill); });
    for (linalg::FillOp fill : fills) {
      auto loop = dyn_cast<LoopLikeOpInterface>(fill->getParentOp());
      if (!loop || !canHoist(fill, loop))
        continue;
      fill->moveBefore(loop);
      ++numHoisted;
    }
  }
};
} // namespace
