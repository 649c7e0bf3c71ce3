//===- MergeFunctions.cpp - one copy of identical private functions -------===//
//
// Part of snn-mlir.
//
// --snn-merge-identical-functions: after snn-outline-kernels, the kernels of
// repeated blocks are identical but for their names. Functions are bucketed
// by a structural hash (types, op names and attributes, no locations), then
// compared within a bucket with OperationEquivalence; each duplicate's
// calls are redirected to the first copy and the duplicate erased.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Hashing.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNMERGEFUNCTIONSPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;

/// A hash of `func`'s signature and body that identical functions share:
/// the type, the attributes but the name, and every nested operation's name,
/// attributes, result types and operand count (not locations, not values).
static llvm::hash_code hashFunction(func::FuncOp func) {
  llvm::hash_code hash = llvm::hash_combine(
      func.getFunctionType(), func.getArgAttrsAttr(), func.getResAttrsAttr(),
      func->getDiscardableAttrDictionary());
  func.getBody().walk([&](Operation *op) {
    hash =
        llvm::hash_combine(hash, OperationEquivalence::computeHash(
                                     op, OperationEquivalence::ignoreHashValue,
                                     OperationEquivalence::ignoreHashValue,
                                     OperationEquivalence::IgnoreLocations));
  });
  return hash;
}

/// Whether `a` and `b` differ only in their names (and locations).
static bool isSameFunction(func::FuncOp a, func::FuncOp b) {
  if (a.getFunctionType() != b.getFunctionType() ||
      a.getArgAttrsAttr() != b.getArgAttrsAttr() ||
      a.getResAttrsAttr() != b.getResAttrsAttr() ||
      a.getSymVisibilityAttr() != b.getSymVisibilityAttr() ||
      a.getNoInline() != b.getNoInline() ||
      a->getDiscardableAttrDictionary() != b->getDiscardableAttrDictionary())
    return false;
  return OperationEquivalence::isRegionEquivalentTo(
      &a.getBody(), &b.getBody(), OperationEquivalence::IgnoreLocations);
}

namespace {
struct SNNMergeFunctionsPass
    : public snn::impl::SNNMergeFunctionsPassBase<SNNMergeFunctionsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Functions that something other than a call refers to stay.
    llvm::DenseSet<StringAttr> pinned;
    if (auto uses = SymbolTable::getSymbolUses(&module.getBodyRegion())) {
      for (const SymbolTable::SymbolUse &use : *uses)
        if (!isa<func::CallOp>(use.getUser()))
          pinned.insert(use.getSymbolRef().getRootReference());
    } else {
      return; // Unknown symbol uses: merge nothing.
    }
    // Candidates by hash, in module order; the first of each class stays.
    llvm::DenseMap<llvm::hash_code, SmallVector<func::FuncOp, 1>> buckets;
    llvm::DenseMap<StringAttr, StringAttr> replacement;
    SmallVector<func::FuncOp> erased;
    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      if (!func.isPrivate() || func.isDeclaration() ||
          pinned.contains(func.getSymNameAttr()))
        continue;
      SmallVector<func::FuncOp, 1> &bucket = buckets[hashFunction(func)];
      auto same = llvm::find_if(bucket, [&](func::FuncOp kept) {
        return isSameFunction(kept, func);
      });
      if (same == bucket.end()) {
        bucket.push_back(func);
        continue;
      }
      replacement[func.getSymNameAttr()] = same->getSymNameAttr();
      erased.push_back(func);
    }
    if (erased.empty())
      return;
    module.walk([&](func::CallOp call) {
      auto it = replacement.find(call.getCalleeAttr().getAttr());
      if (it != replacement.end())
        call.setCalleeAttr(FlatSymbolRefAttr::get(it->second));
    });
    for (func::FuncOp func : erased)
      func.erase();
    numMerged += erased.size();
  }
};
} // namespace
