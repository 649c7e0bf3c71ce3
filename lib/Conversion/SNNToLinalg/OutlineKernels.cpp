//===- OutlineKernels.cpp - one function per loop nest ----------*- C++ -*-===//
//
// Part of snn-mlir.
//
// --snn-outline-kernels: after linalg is lowered to loops, a network is one
// function holding a loop nest per layer (inside the time loop for a spiking
// network). LLVM's optimizer and code generator handle one huge function
// slowly (several of their passes grow faster than linearly with function
// size) and on one thread. This pass moves each loop nest into a private
// function of its own (internal, noinline) and calls it in place: the same
// loops and arithmetic in the same order, so the results are unchanged, and
// the functions can be compiled separately (and in parallel).
//
// A loop whose body holds two or more loops directly (the time loop) is not
// a kernel: its body is searched instead.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNOUTLINEKERNELSPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

/// Number of operations nested in `op` (itself included).
static int64_t countOps(Operation *op) {
  int64_t n = 0;
  op->walk([&](Operation *) { ++n; });
  return n;
}

/// The first name (NameLoc) in `loc`, looking into fused and call-site
/// locations.
static StringRef findName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().getValue();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (StringRef name = findName(inner); !name.empty())
        return name;
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return findName(callSite.getCallee());
  return "";
}

/// A symbol-friendly form of the name of the layer that `loop` computes
/// (the location of the loop or of the first op in it that has a name),
/// its last 48 characters at most; "" when there is none.
static std::string getLayerName(Operation *loop) {
  StringRef name;
  loop->walk<WalkOrder::PreOrder>([&](Operation *op) {
    name = findName(op->getLoc());
    return name.empty() ? WalkResult::advance() : WalkResult::interrupt();
  });
  std::string out;
  for (char c : name) {
    if (llvm::isAlnum(c))
      out.push_back(c);
    else if (!out.empty() && out.back() != '_')
      out.push_back('_');
  }
  while (!out.empty() && out.back() == '_')
    out.pop_back();
  // The end of a long name is the part that tells layers apart.
  if (out.size() > 48)
    out = out.substr(out.size() - 48);
  return out;
}

namespace {
struct SNNOutlineKernelsPass
    : public snn::impl::SNNOutlineKernelsPassBase<SNNOutlineKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    IRRewriter rewriter(&getContext());
    for (func::FuncOp func : funcs) {
      if (func.isDeclaration())
        continue;
      SmallVector<LoopLikeOpInterface> kernels;
      tileLoops.clear();
      collect(func.getBody().front(), kernels);
      unsigned index = 0;
      for (LoopLikeOpInterface loop : kernels) {
        std::string name;
        // The layer's name (its location), when it has one, makes profiles
        // readable: net_kernel3 becomes net_kernel3__layer1_0_conv1_Conv.
        std::string layer = getLayerName(loop);
        do {
          name = (func.getSymName() + "_kernel" + llvm::Twine(index++)).str();
          if (!layer.empty())
            name += "_" + layer;
        } while (symbols.lookup(name));
        if (failed(outline(rewriter, loop, name, symbols)))
          return signalPassFailure();
        ++numOutlined;
      }
      // The body of a parallel loop over a batch's tiles, once its kernels
      // are calls, becomes a function of its own too, so that the parallel
      // loop's body is one call, as in the layers' parallel loops
      // (convert-scf-to-openmp wraps it in a memref.alloca_scope, which must
      // keep a single block when the loops in it become branches).
      for (scf::ParallelOp parallel : tileLoops) {
        std::string name;
        do {
          name = (func.getSymName() + "_tile" + llvm::Twine(index++)).str();
        } while (symbols.lookup(name));
        Location loc = parallel.getLoc();
        Block *body = parallel.getBody();
        rewriter.setInsertionPointToStart(body);
        auto region = scf::ExecuteRegionOp::create(rewriter, loc, TypeRange());
        Block *inner = rewriter.createBlock(&region.getRegion());
        rewriter.setInsertionPointToEnd(inner);
        auto yield = scf::YieldOp::create(rewriter, loc);
        while (&*std::next(Block::iterator(region)) != body->getTerminator())
          std::next(Block::iterator(region))->moveBefore(yield);
        if (failed(outlineRegion(rewriter, region, name, symbols)))
          return signalPassFailure();
        ++numOutlined;
      }
    }
  }

  /// Whether `op` is a time loop: an scf.for with a bound that is not a
  /// constant (the number of steps is an argument) around several loops.
  static bool isTimeLoop(Operation &op) {
    auto loop = dyn_cast<scf::ForOp>(op);
    if (!loop || (matchPattern(loop.getLowerBound(), m_Constant()) &&
                  matchPattern(loop.getUpperBound(), m_Constant())))
      return false;
    unsigned loops = 0;
    for (Operation &inner : *loop.getBody())
      loops += isa<scf::ForOp, scf::ParallelOp>(inner);
    return loops >= 2;
  }

  /// The kernels of `block`: its loop nests, and those of the bodies of
  /// loops that hold several loops or a time loop (a batch's tiles); the
  /// parallel loops over tiles go to `tileLoops`.
  void collect(Block &block, SmallVectorImpl<LoopLikeOpInterface> &kernels) {
    for (Operation &op : block) {
      if (auto parallel = dyn_cast<scf::ParallelOp>(op)) {
        // A parallel loop (threads inside a layer) is a kernel; one over the
        // tiles of a batch (snn-tile-batch), around a time loop, holds them.
        if (llvm::any_of(*parallel.getBody(), isTimeLoop)) {
          collect(*parallel.getBody(), kernels);
          tileLoops.push_back(parallel);
          continue;
        }
        if (countOps(parallel) >= minOps)
          kernels.push_back(parallel);
        continue;
      }
      auto loop = dyn_cast<scf::ForOp>(op);
      if (!loop)
        continue;
      auto inner = loop.getBody()->getOps<scf::ForOp>();
      if (std::distance(inner.begin(), inner.end()) >= 2 ||
          llvm::any_of(*loop.getBody(), isTimeLoop)) {
        collect(*loop.getBody(), kernels);
        continue;
      }
      if (countOps(loop) >= minOps)
        kernels.push_back(loop);
    }
  }

  /// The parallel loops over a batch's tiles (around a time loop).
  SmallVector<scf::ParallelOp> tileLoops;

  LogicalResult outline(IRRewriter &rewriter, LoopLikeOpInterface loop,
                        StringRef name, SymbolTable &symbols) {
    Location loc = loop.getLoc();
    // Wrap the loop in an scf.execute_region, then outline that region.
    rewriter.setInsertionPoint(loop);
    auto region =
        scf::ExecuteRegionOp::create(rewriter, loc, loop->getResultTypes());
    Block *body = rewriter.createBlock(&region.getRegion());
    rewriter.setInsertionPointToEnd(body);
    auto yield = scf::YieldOp::create(rewriter, loc, loop->getResults());
    loop->moveBefore(yield);
    for (auto [from, to] : llvm::zip(loop->getResults(), region->getResults()))
      rewriter.replaceAllUsesExcept(from, to, yield);
    if (failed(outlineRegion(rewriter, region, name, symbols)))
      return loop.emitError("snn-outline-kernels: cannot outline this loop");
    return success();
  }

  /// Outlines the body of `region` into a private, internal, never-inlined
  /// function `name`, called in its place.
  LogicalResult outlineRegion(IRRewriter &rewriter, scf::ExecuteRegionOp region,
                              StringRef name, SymbolTable &symbols) {
    Location loc = region.getLoc();
    func::CallOp call;
    FailureOr<func::FuncOp> kernel = outlineSingleBlockRegion(
        rewriter, loc, region.getRegion(), name, &call);
    if (failed(kernel))
      return failure();
    // Back to a plain call in the parent block.
    Block &callBlock = region.getRegion().front();
    Operation *terminator = callBlock.getTerminator();
    SmallVector<Value> results(terminator->getOperands());
    rewriter.eraseOp(terminator);
    rewriter.inlineBlockBefore(&callBlock, region);
    rewriter.replaceOp(region, results);
    kernel->setPrivate();
    (*kernel)->setAttr(
        "passthrough",
        rewriter.getArrayAttr({rewriter.getStringAttr("noinline")}));
    (*kernel)->setAttr(
        "llvm.linkage",
        LLVM::LinkageAttr::get(rewriter.getContext(), LLVM::Linkage::Internal));
    symbols.insert(*kernel);
    return success();
  }
};
} // namespace
