//===- VectorizeContractions.cpp - register-blocked contraction loops -----===//
//
// Part of snn-mlir.
//
// --snn-vectorize-contractions: lowers linalg.generic ops on buffers whose
// iterators are ordered as --snn-schedule-linalg leaves them (parallel...,
// reduction..., innermost parallel) into scf loops over vectors: the
// innermost (unit-stride) dimension is cut into vectors (16 or 8 elements)
// that stay in registers, as accumulators, over the reduction loops, for a
// block of consecutive positions of the last outer parallel dimension. A
// reduction whose weights do not fit in cache is split (its leading loops
// outside the loops over positions), in the same order of terms.
// Every output element is still computed by the generic's body, applied to
// its terms in the same order (starting from the output's initial value), so
// the results are bit-identical to the scalar loops.
//
// With `skip-zeros`, a reduction step whose broadcast (scalar) input is
// exactly zero is skipped: for finite weights, out + 0 * w == out, so this is
// exact except for the sign of a zero output. Spike tensors are mostly zero,
// so this is the event-driven form of a layer fed by spikes.
//
//===----------------------------------------------------------------------===//

#include "ConstantData.h"
#include "SNN/Conversion/Passes.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "VectorLists.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Threading.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "llvm/TargetParser/Host.h"

#include <cstring>
#include <functional>
#include <thread>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNVECTORIZECONTRACTIONSPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

namespace {
/// How an operand of the generic is read in the vector loop.
enum class Access { Scalar, Vector };

struct Plan {
  unsigned numLoops = 0;
  unsigned inner = 0;               // the innermost parallel dimension
  SmallVector<unsigned> outerDims;  // parallel dimensions before reductions
  SmallVector<unsigned> reduceDims; // reduction dimensions, in order
  SmallVector<int64_t> bounds;      // static loop bounds
  SmallVector<Access> access;       // per operand (inputs, then the init)
};
} // namespace

/// Returns whether `map` reads a unit-stride row along `inner`: `inner` is
/// the last result, a plain dimension, and appears in no other result.
static bool isInnerContiguous(AffineMap map, unsigned inner) {
  if (map.getNumResults() == 0)
    return false;
  auto last = dyn_cast<AffineDimExpr>(map.getResults().back());
  if (!last || last.getPosition() != inner)
    return false;
  for (AffineExpr expr : map.getResults().drop_back())
    if (expr.isFunctionOfDim(inner))
      return false;
  return true;
}

static bool hasUnitInnerStride(Value memref) {
  auto type = dyn_cast<MemRefType>(memref.getType());
  if (!type || type.getRank() == 0)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  return strides.back() == 1;
}

/// Returns the input whose zero makes a step a no-op: the scalar (broadcast)
/// float factor `x` of a body `out + x * y` (either order); or -1.
static int getSkippableInput(linalg::GenericOp op, const Plan &plan) {
  Block *block = op.getBody();
  auto yield = cast<linalg::YieldOp>(block->getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (!add)
    return -1;
  Value out = block->getArguments().back();
  Value product = add.getLhs() == out ? add.getRhs() : add.getLhs();
  if (add.getLhs() != out && add.getRhs() != out)
    return -1;
  auto mul = product.getDefiningOp<arith::MulFOp>();
  if (!mul)
    return -1;
  for (Value factor : {mul.getLhs(), mul.getRhs()}) {
    auto arg = dyn_cast<BlockArgument>(factor);
    if (!arg || arg.getOwner() != block ||
        arg.getArgNumber() >= op.getNumDpsInputs())
      continue;
    if (plan.access[arg.getArgNumber()] == Access::Scalar)
      return arg.getArgNumber();
  }
  return -1;
}

/// Checks that `op` can be lowered and returns its plan.
static std::optional<Plan> getPlan(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0)
    return std::nullopt;
  Plan plan;
  plan.numLoops = op.getNumLoops();
  std::optional<SmallVector<int64_t>> ranges = op.getStaticLoopRanges();
  if (!ranges)
    return std::nullopt;
  plan.bounds = *ranges;
  // Static and not empty (an empty innermost dimension has no vector piece;
  // an empty iteration space leaves the output as it is anyway).
  for (int64_t bound : plan.bounds)
    if (ShapedType::isDynamic(bound) || bound == 0)
      return std::nullopt;
  // Iterators: parallel..., reduction..., one parallel.
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators.back() != utils::IteratorType::parallel)
    return std::nullopt;
  plan.inner = plan.numLoops - 1;
  bool inReductions = false;
  for (unsigned i = 0; i + 1 < plan.numLoops; ++i) {
    if (iterators[i] == utils::IteratorType::reduction) {
      inReductions = true;
      plan.reduceDims.push_back(i);
    } else if (inReductions) {
      return std::nullopt;
    } else {
      plan.outerDims.push_back(i);
    }
  }
  // The output: a unit-stride row along `inner`, not indexed by reductions.
  OpOperand *init = op.getDpsInitOperand(0);
  AffineMap outMap = op.getMatchingIndexingMap(init);
  if (!isInnerContiguous(outMap, plan.inner) ||
      !hasUnitInnerStride(init->get()))
    return std::nullopt;
  for (unsigned dim : plan.reduceDims)
    if (outMap.isFunctionOfDim(dim))
      return std::nullopt;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (!isa<MemRefType>(input->get().getType()))
      return std::nullopt;
    if (!map.isFunctionOfDim(plan.inner)) {
      plan.access.push_back(Access::Scalar);
      continue;
    }
    if (!isInnerContiguous(map, plan.inner) ||
        !hasUnitInnerStride(input->get()))
      return std::nullopt;
    plan.access.push_back(Access::Vector);
  }
  plan.access.push_back(Access::Vector);
  // The body: elementwise arith/math ops on scalars only.
  for (Operation &bodyOp : op.getBody()->without_terminator()) {
    if (bodyOp.getNumRegions() != 0 || bodyOp.getNumResults() != 1 ||
        !(isa<arith::ArithDialect>(bodyOp.getDialect())) ||
        !(bodyOp.hasTrait<OpTrait::Elementwise>() ||
          isa<arith::ConstantOp>(bodyOp)))
      return std::nullopt;
    for (Type type : bodyOp.getOperandTypes())
      if (!type.isIntOrIndexOrFloat())
        return std::nullopt;
  }
  return plan;
}

/// Whether `input` is read alike by every position of `op`: a vector
/// operand that no outer dimension of more than one position indexes (the
/// weights; a dimension of one position, e.g. a batch of 1, does not
/// count).
static bool isWeightOperand(linalg::GenericOp op, const Plan &plan,
                            OpOperand *input) {
  if (plan.access[input->getOperandNumber()] != Access::Vector)
    return false;
  AffineMap map = op.getMatchingIndexingMap(input);
  return llvm::none_of(plan.outerDims, [&](unsigned dim) {
    return plan.bounds[dim] > 1 && map.isFunctionOfDim(dim);
  });
}

/// The buffer a view is a view of.
static Value getRootBuffer(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

namespace {
/// An op that writes the initial value of a contraction's whole output: a
/// fill with a scalar, or a broadcast of a 1-D bias along the innermost
/// dimension.
struct FusableInit {
  Operation *op = nullptr;
  Value scalar, bias;
};
} // namespace

/// Finds the op that initializes the output of `op` just before it (only
/// allocations, constants and ops on other buffers in between), if the
/// contraction can start its accumulators from that value instead.
static FusableInit findFusableInit(linalg::GenericOp op) {
  Value out = op.getDpsInitOperand(0)->get();
  auto outType = dyn_cast<MemRefType>(out.getType());
  if (!outType || !outType.hasStaticShape() || outType.getRank() == 0)
    return {};
  // The contraction writes every element of the output.
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!outMap.isProjectedPermutation())
    return {};
  Value root = getRootBuffer(out);
  auto touchesOut = [&](Operation *other) {
    for (Value operand : other->getOperands())
      if (isa<MemRefType>(operand.getType()) && getRootBuffer(operand) == root)
        return true;
    return false;
  };
  for (Operation *prev = op->getPrevNode(); prev; prev = prev->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(prev)) {
      if (fill.getOutputs()[0] == out && fill.hasPureBufferSemantics() &&
          fill.value().getType() == outType.getElementType())
        return {prev, fill.value(), Value()};
    }
    if (auto generic = dyn_cast<linalg::GenericOp>(prev)) {
      // A fill written as a generic op (no input, a value from outside).
      if (generic.getNumDpsInputs() == 0 && generic.getNumDpsInits() == 1 &&
          generic.getDpsInitOperand(0)->get() == out &&
          generic.hasPureBufferSemantics() &&
          generic.getNumLoops() == generic.getNumParallelLoops() &&
          generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
              .isIdentity()) {
        auto yield = cast<linalg::YieldOp>(generic.getBody()->getTerminator());
        Value value = yield.getValues()[0];
        if (value.getType() == outType.getElementType() &&
            value.getParentRegion()->isProperAncestor(&generic.getRegion()))
          return {prev, value, Value()};
      }
      if (generic.getNumDpsInputs() == 1 && generic.getNumDpsInits() == 1 &&
          generic.getDpsInitOperand(0)->get() == out &&
          generic.hasPureBufferSemantics() &&
          generic.getNumReductionLoops() == 0) {
        OpOperand *input = generic.getDpsInputOperand(0);
        AffineMap inMap = generic.getMatchingIndexingMap(input);
        AffineMap initMap =
            generic.getMatchingIndexingMap(generic.getDpsInitOperand(0));
        auto biasType = dyn_cast<MemRefType>(input->get().getType());
        auto yield = cast<linalg::YieldOp>(generic.getBody()->getTerminator());
        unsigned rank = initMap.getNumDims();
        if (initMap.isIdentity() && biasType && biasType.getRank() == 1 &&
            hasUnitInnerStride(input->get()) &&
            biasType.getElementType() == outType.getElementType() &&
            inMap.getNumResults() == 1 &&
            inMap.getResult(0) == getAffineDimExpr(rank - 1, op.getContext()) &&
            yield.getValues()[0] == generic.getBody()->getArgument(0))
          return {prev, Value(), input->get()};
      }
    }
    // Ops in between may not touch the output's buffer, nor hide effects
    // in regions of their own (loops).
    if (isa<memref::AllocOp, memref::GetGlobalOp, arith::ConstantOp>(prev))
      continue;
    if (touchesOut(prev))
      return {};
    if (prev->getNumRegions() != 0 && !isa<linalg::LinalgOp>(prev))
      return {};
  }
  return {};
}

/// Whether every op of `generic`'s body is scalar arithmetic that the
/// emitter can apply to vectors lane by lane: `arith` and `math` ops with
/// one integer or float result and no regions.
static bool hasVectorizableBody(linalg::GenericOp generic) {
  for (Operation &bodyOp : generic.getBody()->without_terminator()) {
    Dialect *dialect = bodyOp.getDialect();
    if (!dialect || !isa<arith::ArithDialect, math::MathDialect>(dialect) ||
        bodyOp.getNumResults() != 1 || bodyOp.getNumRegions() != 0 ||
        !bodyOp.getResult(0).getType().isIntOrFloat())
      return false;
  }
  return true;
}

/// Finds the elementwise op that consumes the output of contraction `op`
/// after it and whose computation the contraction's stores can apply
/// instead (an epilogue: a ReLU, a residual addition and its ReLU): a
/// linalg.generic on buffers with only parallel loops, identity maps and
/// operands of the output's shape with unit innermost strides, that reads
/// the output, does not read its own init, and whose body is scalar
/// arithmetic. The output must be an allocation that nothing but the two
/// ops, ops before the contraction (its initialization) and its dealloc
/// use, unless the elementwise op writes it in place; the elementwise op
/// may not write a buffer the contraction reads, and reads no other view
/// of the output or of the buffer it writes.
/// The ops in between may only be deallocations (left in place) and
/// constants, allocations, views and fills (the next padded buffer's) that
/// touch no buffer of the contraction's operands: those are moved before
/// the contraction (they commute with it), so that the elementwise op
/// still comes after them.
static linalg::GenericOp findFusableEpilogue(linalg::GenericOp op) {
  Value out = op.getDpsInitOperand(0)->get();
  auto outType = dyn_cast<MemRefType>(out.getType());
  if (!outType || !outType.hasStaticShape() ||
      !out.getDefiningOp<memref::AllocOp>())
    return {};
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!outMap.isProjectedPermutation())
    return {};
  DenseSet<Value> opRoots;
  for (OpOperand &operand : op->getOpOperands())
    opRoots.insert(getRootBuffer(operand.get()));
  auto touchesOp = [&](Operation *other) {
    WalkResult result = other->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (isa<BaseMemRefType>(operand.getType()) &&
            opRoots.contains(getRootBuffer(operand)))
          return WalkResult::interrupt();
      return WalkResult::advance();
    });
    return result.wasInterrupted();
  };
  // The elementwise op: the next op that touches a buffer of the
  // contraction's; those before it must commute with the contraction.
  // Deallocations stay where they are: the elementwise op, which now runs
  // before them, reads nothing they free (it ran after them).
  SmallVector<Operation *> between;
  Operation *next = op->getNextNode();
  for (; next; next = next->getNextNode()) {
    if (isa<memref::DeallocOp>(next))
      continue;
    if (touchesOp(next))
      break;
    bool view = isa<ViewLikeOpInterface>(next) && isMemoryEffectFree(next);
    if (!view && !isa<arith::ConstantOp, memref::AllocOp, linalg::FillOp>(next))
      return {};
    between.push_back(next);
  }
  auto generic = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!generic || !generic.hasPureBufferSemantics() ||
      generic.getNumDpsInits() != 1 ||
      generic.getNumLoops() != generic.getNumParallelLoops() ||
      !hasVectorizableBody(generic))
    return {};
  OpOperand *dest = generic.getDpsInitOperand(0);
  if (generic.payloadUsesValueFromOperand(dest))
    return {};
  bool readsOut = false;
  Value destRoot = getRootBuffer(dest->get());
  for (OpOperand &operand : generic->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type || type.getShape() != outType.getShape() ||
        !type.getElementType().isIntOrFloat() ||
        !generic.getMatchingIndexingMap(&operand).isIdentity() ||
        !hasUnitInnerStride(operand.get()))
      return {};
    if (operand.get() == out && generic.isDpsInput(&operand))
      readsOut = true;
    // Another view of the output holds partial sums, or nothing, while
    // the tiles run.
    if (generic.isDpsInput(&operand) && operand.get() != out &&
        getRootBuffer(operand.get()) == out)
      return {};
    // Another view of the written buffer could be read after a tile wrote
    // it; the same view is read and written at the same index only.
    if (generic.isDpsInput(&operand) && operand.get() != dest->get() &&
        getRootBuffer(operand.get()) == destRoot)
      return {};
  }
  if (!readsOut)
    return {};
  // The contraction still reads its inputs while its tiles store.
  for (OpOperand *input : op.getDpsInputOperands())
    if (getRootBuffer(input->get()) == destRoot)
      return {};
  // Other users only before the contraction (its initialization), unless
  // the elementwise op writes the output in place: then the output holds
  // its values at the end either way.
  if (dest->get() != out)
    for (Operation *user : out.getUsers())
      if (user != op && user != generic && !isa<memref::DeallocOp>(user) &&
          !(user->getBlock() == op->getBlock() && user->isBeforeInBlock(op)))
        return {};
  for (Operation *other : between)
    other->moveBefore(op);
  return generic;
}

namespace {
/// The positions a register tile covers: `cols` consecutive positions of
/// the last outer parallel dimension, and when `rows` > 1 (then `cols` is
/// that whole dimension) `rows` consecutive positions of the one before.
struct TileBlock {
  int64_t rows = 1;
  int64_t cols = 1;
  int64_t size() const { return rows * cols; }
};

/// One kind of register tile: `pieces` (offset in the group, width) of the
/// innermost dimension, for the positions of `block`.
struct GroupKind {
  int64_t start = 0;  // offset of the first group in the innermost dimension
  int64_t repeat = 1; // consecutive groups of this kind (a loop when > 1)
  SmallVector<std::pair<int64_t, int64_t>> pieces; // (offset, width)
  TileBlock block;
  /// The columns of one group: the step from one group to the next.
  int64_t columns() const {
    int64_t step = 0;
    for (auto [offset, width] : pieces)
      step = std::max(step, offset + width);
    return step;
  }
};

/// Register tiling of one generic: which vectors of the row are kept in
/// registers together, and for which positions.
struct Tiling {
  SmallVector<GroupKind> groups;
};

/// The extents of the last two outer parallel dimensions (1 when absent)
/// that tiles may block.
struct Extents {
  int64_t rows = 1;
  int64_t cols = 1;
};
} // namespace

/// Loads per position and reduction step of a tile of `v` vectors: each
/// tile loads its `v` vectors and one scalar per position; the last tile
/// along each blocked dimension may be smaller.
static double tileLoads(int64_t v, TileBlock block, Extents extents) {
  auto perDim = [](int64_t size, int64_t step) {
    SmallVector<int64_t> parts(size / step, step);
    if (size % step)
      parts.push_back(size % step);
    return parts;
  };
  double loads = 0;
  for (int64_t rows : perDim(extents.rows, block.rows))
    for (int64_t cols : perDim(extents.cols, block.cols))
      loads += v + rows * cols;
  return loads / (extents.rows * extents.cols);
}

/// The best block for a tile of `v` vectors: fewest loads per position,
/// within the accumulator budget and `maxBlock` positions; ties to the
/// smaller block. Rows are blocked only when a block holds whole rows.
static TileBlock blockFor(int64_t v, int64_t budget, Extents extents,
                          int64_t maxBlock) {
  int64_t limit = std::max<int64_t>(
      1, std::min(budget / std::max<int64_t>(v, 1), maxBlock));
  TileBlock best;
  auto consider = [&](TileBlock block) {
    if (tileLoads(v, block, extents) < tileLoads(v, best, extents) - 1e-9)
      best = block;
  };
  for (int64_t cols = 2; cols <= std::min(limit, extents.cols); ++cols)
    consider({1, cols});
  for (int64_t rows = 2; rows <= extents.rows && rows * extents.cols <= limit;
       ++rows)
    consider({rows, extents.cols});
  return best;
}

/// Trip count of the loop over outer dimension `level` (of `bounds`) for
/// tiles of `block` positions: the last dimension goes in steps of
/// `block.cols`, or (when `block.rows` > 1) lies inside the tile while the
/// one before goes in steps of `block.rows`.
static int64_t getTripCount(ArrayRef<int64_t> bounds, TileBlock block,
                            unsigned level) {
  unsigned numOuter = bounds.size();
  int64_t size = bounds[level];
  bool last = level + 1 == numOuter;
  if (block.rows > 1) {
    if (level + 2 == numOuter)
      return size / std::min(block.rows, size);
    return last ? 1 : size;
  }
  return last ? size / std::min(block.cols, size) : size;
}

/// The most iterations of any outer loop for tiles of `block`.
static int64_t getMaxTripCount(ArrayRef<int64_t> bounds, TileBlock block) {
  int64_t best = 1;
  for (unsigned level = 0; level < bounds.size(); ++level)
    best = std::max(best, getTripCount(bounds, block, level));
  return best;
}

/// Chooses the tiling of a row of `n` elements in vectors of `width` and
/// `budget` accumulators: groups of `v` full vectors (a loop over groups
/// when there are several), then one group with the rest of the full
/// vectors and the last, narrower piece. `v` minimizes the loads per
/// reduction step of the whole row (`tileLoads` summed over the groups);
/// ties go to the larger `v`. Tiles are one position when `extents` are
/// all 1 (no blocking).
static Tiling chooseTiling(int64_t n, int64_t width, int64_t budget,
                           Extents extents, int64_t maxBlock,
                           ArrayRef<int64_t> outerBounds, int64_t threads) {
  int64_t full = n / width, rest = n % width;
  auto make = [&](int64_t v) {
    Tiling tiling;
    int64_t groups = full / v;
    if (groups > 0) {
      GroupKind kind;
      kind.start = 0;
      kind.repeat = groups;
      for (int64_t i = 0; i < v; ++i)
        kind.pieces.push_back({i * width, width});
      kind.block = blockFor(v, budget, extents, maxBlock);
      tiling.groups.push_back(kind);
    }
    int64_t left = full - groups * v;
    if (left > 0 || rest > 0) {
      GroupKind kind;
      kind.start = groups * v * width;
      for (int64_t i = 0; i < left; ++i)
        kind.pieces.push_back({i * width, width});
      if (rest > 0)
        kind.pieces.push_back({left * width, rest});
      kind.block = blockFor(kind.pieces.size(), budget, extents, maxBlock);
      tiling.groups.push_back(kind);
    }
    return tiling;
  };
  // With threads, a kind's loads are spread over its parallel loop (the one
  // with the most iterations): the slowest thread's share counts.
  auto cost = [&](const Tiling &tiling) {
    double loads = 0;
    for (const GroupKind &kind : tiling.groups) {
      double share = 1;
      if (threads > 1) {
        int64_t trips = std::max<int64_t>(
            kind.repeat, getMaxTripCount(outerBounds, kind.block));
        share = double((trips + threads - 1) / threads) / trips;
      }
      loads += kind.repeat * share *
               tileLoads(kind.pieces.size(), kind.block, extents);
    }
    return loads;
  };
  int64_t total = full + (rest > 0 ? 1 : 0);
  Tiling best;
  double bestCost = 0;
  for (int64_t v = std::min(total, budget); v >= 1; --v) {
    Tiling tiling = make(v);
    double c = cost(tiling);
    if (best.groups.empty() || c < bestCost - 1e-9) {
      best = std::move(tiling);
      bestCost = c;
    }
  }
  return best;
}

namespace {
/// Emits the vector loops of one generic.
class Emitter {
public:
  Emitter(OpBuilder &b, linalg::GenericOp op, const Plan &plan,
          const Tiling &tiling, int skipInput, bool parallelize)
      : b(b), op(op), plan(plan), tiling(tiling), skipInput(skipInput),
        parallelize(parallelize), loc(op.getLoc()), dims(plan.numLoops) {
    for (unsigned dim : plan.outerDims)
      outerBounds.push_back(plan.bounds[dim]);
  }

  void emit();
  /// Loops emitted as scf.parallel.
  int64_t numParallel = 0;
  /// Event-driven ops given lists of non-zeros.
  int64_t numCompressed = 0;
  /// Use lists of non-zeros for event-driven steps where possible.
  bool compressEvents = true;
  /// The most bytes of the operands reused by every tile of a group (the
  /// weights) that one sweep of the tiles may read; 0: no limit.
  int64_t cacheBytes = 0;
  /// The fewest reduction steps of a tile between loads and stores of its
  /// accumulators when the reduction is split.
  int64_t splitMinSteps = 64;
  /// The least weight bytes of a matrix-vector product streamed by rows.
  int64_t streamMinBytes = 0;
  /// Ops whose reduction was split for the cache.
  int64_t numSplit = 0;
  /// Threads of the host (the parts of a streamed parallel loop).
  int64_t threads = 1;
  /// Bytes of the op's weights (operands no outer position indexes) and of
  /// its other inputs: with threads, a kind whose share of the weights
  /// exceeds the other inputs splits its groups among the threads (each
  /// reads a part of the weights) instead of positions (each would read
  /// all of them).
  int64_t weightBytes = 0, otherInputBytes = 0;
  /// The output's initial value when the op that wrote it (a fill or a
  /// broadcast of a bias along the innermost dimension) is fused: the
  /// accumulators start from it instead of a load of the output.
  Value initScalar, initBias;
  /// An elementwise op applied to the finished outputs before they are
  /// stored (findFusableEpilogue): the tiles store its results into its
  /// init instead of the contraction's output (which still takes the
  /// partial sums of a split reduction).
  linalg::GenericOp epilogue;
  /// Event-driven ops whose lists are at most this long (the input rows'
  /// length) and that have taps besides them scatter each input's terms
  /// (emitScatter); 0: never.
  int64_t scatterMaxInputs = 0;
  /// Elements per vector and the most accumulators (for a scattered row).
  int64_t vectorWidth = 8, maxAccumulators = 12;
  /// Ops emitted by emitScatter.
  int64_t numScattered = 0;
  /// Weights packed for the tiles (packConstantWeights): per input operand
  /// number, a 1-D buffer holding, for each group of the tiling (a run of
  /// `step` columns from `base`), its rows over the whole reduction one after
  /// another (`base * R + r * step + offset`, R the reduction's steps, r the
  /// step in loop order), so that a group reads one contiguous stream.
  DenseMap<unsigned, Value> packed;
  /// Makes the packed copy of a vector operand's weights for this tiling,
  /// or returns null (then the tiles read the operand as it is).
  std::function<Value(OpOperand *)> packWeights;

private:
  static constexpr int kNoParallel = -2, kGroupLevel = -1;
  /// The most taps of a scattered op's innermost tap dimension added at
  /// once (emitScatter).
  static constexpr int64_t kMaxUnrolledTaps = 8;
  /// The event-driven scalar operand as per-row lists of its non-zeros
  /// (count[row], index[row, k], value[row, k]), built before the tiles.
  struct Compressed {
    Value count, index, value;
    AffineMap linearize; // the row of the operand's leading indices
  };
  void buildLists();
  /// A loop from `lower` to `upper`, an scf.for or (when `parallel`) a
  /// one-dimensional scf.parallel; sets `iv` and the insertion point to the
  /// start of its body. Returns the scf.for, if it is one.
  scf::ForOp createLoop(int64_t lower, int64_t upper, int64_t step,
                        bool parallel, Value &iv);
  void emitGroups(const GroupKind &kind);
  void chooseSplit(const GroupKind &kind);
  void openParts();
  Value createRangesWithParts(int64_t lower, int64_t upper, int64_t step,
                              bool parallel);
  void createLoopWithParts(int64_t upper, int64_t step, unsigned level,
                           Value &iv);
  void emitOuter(const GroupKind &kind, Value base, unsigned level);
  void emitTile(const GroupKind &kind, Value base, TileBlock tile);
  /// How the event-driven input's leading indices determine the output
  /// position of a term: per leading input index, the outer dimension it
  /// sets and the reduction dimension (a tap) subtracted from it, or the
  /// reduction dimension it sets.
  struct ScatterMap {
    SmallVector<int> outer, tap, reduction; // -1: none
  };
  std::optional<ScatterMap> getScatterMap();
  void emitScatter(const ScatterMap &map);

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  /// Indices of operand `operand` for the dimension values `dims`.
  SmallVector<Value> indices(OpOperand *operand, ArrayRef<Value> dims,
                             bool dropLast = false) {
    AffineMap map = op.getMatchingIndexingMap(operand);
    SmallVector<Value> result;
    ArrayRef<AffineExpr> results = map.getResults();
    if (dropLast)
      results = results.drop_back();
    for (AffineExpr expr : results) {
      AffineMap one = AffineMap::get(map.getNumDims(), 0, expr);
      result.push_back(
          affine::makeComposedAffineApply(b, loc, one, getAsOpFoldResult(dims))
              .getResult());
    }
    return result;
  }
  /// The body applied to vectors of `width` elements.
  Value body(ArrayRef<Value> operands, int64_t width) {
    return body(op, operands, width);
  }
  /// The body of `generic` on vectors of `width` lanes, its block arguments
  /// bound to `operands` (those left out must be unused).
  Value body(linalg::GenericOp generic, ArrayRef<Value> operands,
             int64_t width) {
    IRMapping mapping;
    Block *block = generic.getBody();
    for (auto [arg, value] : llvm::zip(block->getArguments(), operands))
      mapping.map(arg, value);
    for (Operation &bodyOp : block->without_terminator()) {
      if (auto constant = dyn_cast<arith::ConstantOp>(bodyOp)) {
        auto type = VectorType::get({width}, constant.getType());
        mapping.map(
            constant.getResult(),
            arith::ConstantOp::create(
                b, loc, DenseElementsAttr::get(type, constant.getValue())));
        continue;
      }
      SmallVector<Value> newOperands;
      for (Value operand : bodyOp.getOperands()) {
        if (Value mapped = mapping.lookupOrNull(operand)) {
          newOperands.push_back(mapped);
          continue;
        }
        // A scalar captured from outside the body.
        newOperands.push_back(vector::BroadcastOp::create(
            b, loc, VectorType::get({width}, operand.getType()), operand));
      }
      OperationState state(loc, bodyOp.getName());
      state.addOperands(newOperands);
      state.addAttributes(bodyOp.getAttrs());
      state.addTypes(VectorType::get({width}, bodyOp.getResult(0).getType()));
      Operation *newOp = b.create(state);
      mapping.map(bodyOp.getResult(0), newOp->getResult(0));
    }
    auto yield = cast<linalg::YieldOp>(block->getTerminator());
    return mapping.lookup(yield.getValues()[0]);
  }

  OpBuilder &b;
  linalg::GenericOp op;
  const Plan &plan;
  const Tiling &tiling;
  int skipInput;
  bool parallelize;
  int parallelLevel = kNoParallel; // of the kind being emitted
  /// Reduction split of the kind being emitted: its first `hoisted`
  /// reduction loops run outside the loops over positions, and when
  /// `chunk` > 0 also the next one, in chunks of `chunk` (the tiles loop
  /// over one chunk from `chunkBase`).
  unsigned hoisted = 0;
  int64_t chunk = 0;
  Value chunkBase;
  /// The parts of the reduction are outside the loop over groups too (one
  /// tile per group).
  bool stream = false;
  /// The outer level inside whose loop the parts are opened (the parallel
  /// one, so that each thread sweeps its own positions part by part, with
  /// one fork per group), or -1: around all outer loops.
  int partsLevel = -1;
  std::optional<Compressed> compressed;
  /// Columns per group of the kind being emitted (its step).
  int64_t groupStep = 0;
  /// The index of a packed weight vector: column `offset` of the group at
  /// `base`, at the current reduction step.
  Value packedIndex(Value base, int64_t offset) {
    SmallVector<Value> operands{base};
    int64_t stride = groupStep, rows = 1;
    for (unsigned dim : plan.reduceDims)
      rows *= plan.bounds[dim];
    AffineExpr expr = getAffineSymbolExpr(0, b.getContext()) * rows + offset;
    for (int i = plan.reduceDims.size() - 1; i >= 0; --i) {
      unsigned dim = plan.reduceDims[i];
      expr =
          expr + getAffineSymbolExpr(operands.size(), b.getContext()) * stride;
      operands.push_back(dims[dim]);
      stride *= plan.bounds[dim];
    }
    AffineMap map = AffineMap::get(0, operands.size(), expr);
    return affine::makeComposedAffineApply(b, loc, map,
                                           getAsOpFoldResult(operands))
        .getResult();
  }
  Location loc;
  SmallVector<Value> dims; // current value of each loop dimension
  SmallVector<int64_t> outerBounds;
};
} // namespace

void Emitter::emit() {
  if (skipInput >= 0 && compressEvents)
    buildLists();
  if (std::optional<ScatterMap> map = getScatterMap()) {
    emitScatter(*map);
    ++numScattered;
  } else {
    // (The scattered form reads the weights by their own indices.)
    if (packWeights)
      for (OpOperand *input : op.getDpsInputOperands())
        if (plan.access[input->getOperandNumber()] == Access::Vector)
          if (Value buffer = packWeights(input))
            packed[input->getOperandNumber()] = buffer;
    for (const GroupKind &kind : tiling.groups)
      emitGroups(kind);
  }
  if (compressed)
    for (Value buffer :
         {compressed->count, compressed->index, compressed->value})
      memref::DeallocOp::create(b, loc, buffer);
}

/// Whether the event-driven scalar operand `x` of `op` can be read as
/// per-row lists of its non-zeros: its map ends with the innermost
/// reduction dimension, which no other result uses, and it is a static
/// buffer with unit innermost stride (contiguous, or a view such as the
/// interior of a padded buffer).
static bool canCompress(linalg::GenericOp op, const Plan &plan, int skipInput) {
  if (skipInput < 0 || plan.reduceDims.empty())
    return false;
  OpOperand *input = op.getDpsInputOperands()[skipInput];
  auto type = dyn_cast<MemRefType>(input->get().getType());
  if (!type || !type.hasStaticShape() || type.getRank() == 0 ||
      !hasUnitInnerStride(input->get()))
    return false;
  AffineMap map = op.getMatchingIndexingMap(input);
  unsigned c = plan.reduceDims.back();
  auto last = dyn_cast<AffineDimExpr>(map.getResults().back());
  if (!last || last.getPosition() != c)
    return false;
  for (AffineExpr expr : map.getResults().drop_back())
    if (expr.isFunctionOfDim(c))
      return false;
  return true;
}

void Emitter::buildLists() {
  OpOperand *input = op.getDpsInputOperands()[skipInput];
  if (!canCompress(op, plan, skipInput))
    return;
  auto type = cast<MemRefType>(input->get().getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t columns = shape.back(), rows = 1;
  for (int64_t size : shape.drop_back())
    rows *= size;
  // row(i_0, ..., i_{r-2}) = i_0 * s_1 * ... + ... + i_{r-2}.
  AffineExpr linear = b.getAffineConstantExpr(0);
  for (int64_t d = 0, e = shape.size() - 1; d < e; ++d)
    linear = linear * shape[d] + b.getAffineDimExpr(d);
  Compressed lists;
  lists.linearize = AffineMap::get(shape.size() - 1, 0, linear);
  lists.count = memref::AllocOp::create(
      b, loc, MemRefType::get({rows}, b.getIndexType()));
  lists.index = memref::AllocOp::create(
      b, loc, MemRefType::get({rows, columns}, b.getI32Type()));
  lists.value = memref::AllocOp::create(
      b, loc, MemRefType::get({rows, columns}, type.getElementType()));
  ReassociationIndices leading, trailing{int64_t(shape.size()) - 1};
  for (int64_t d = 0, e = shape.size() - 1; d < e; ++d)
    leading.push_back(d);
  Value matrix = input->get();
  bool contiguous = type.getLayout().isIdentity();
  if (shape.size() != 2 && contiguous)
    matrix = memref::CollapseShapeOp::create(
        b, loc, input->get(),
        shape.size() == 1
            ? SmallVector<ReassociationIndices>{trailing}
            : SmallVector<ReassociationIndices>{leading, trailing});
  // Whole vectors first, branch-free: a vector compare marks the non-zeros
  // (`une 0`: NaNs too), whose values and columns are packed in registers
  // and stored at position k (`appendLanes`), and k moves on by their count.
  // (Before, a vector of zeros cost a branch and the others appended their
  // lanes one by one, unrolled; a loop over the set bits, with cttz,
  // mispredicted its exit about once per vector.) Then the columns after
  // the last whole vector, one by one, branch-free: every element is written
  // at position k, and k moves on by its bit. The list holds the non-zeros
  // in column order.
  // (The lanes' count must fit an i64: wider vectors take the tail path.)
  int64_t width = std::max<int64_t>(1, vectorWidth);
  int64_t whole = width > 1 && width <= 64 ? columns / width * width : 0;
  auto rowLoop = scf::ForOp::create(b, loc, index(0), index(rows), index(1));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rowLoop.getBody());
    Value r = rowLoop.getInductionVar();
    // For a view, the row's leading indices, once per row.
    SmallVector<Value> at;
    if (!contiguous && shape.size() > 2) {
      int64_t inner = 1;
      for (int64_t d = shape.size() - 2; d >= 0; --d) {
        AffineExpr expr = b.getAffineDimExpr(0).floorDiv(inner) % shape[d];
        at.push_back(affine::AffineApplyOp::create(
            b, loc, AffineMap::get(1, 0, expr), ValueRange{r}));
        inner *= shape[d];
      }
      std::reverse(at.begin(), at.end());
    }
    // The memref and indices of column `c` of the row.
    auto element = [&](Value c) -> std::pair<Value, SmallVector<Value>> {
      if (shape.size() == 1)
        return {input->get(), {c}};
      if (contiguous || shape.size() == 2)
        return {matrix, {r, c}};
      SmallVector<Value> indices(at);
      indices.push_back(c);
      return {input->get(), indices};
    };
    auto load = [&](Value c) {
      auto [memref, indices] = element(c);
      return memref::LoadOp::create(b, loc, memref, indices).getResult();
    };
    // Appends column `c` (value `x`) at position `k`.
    auto append = [&](Value c, Value x, Value k) {
      Value c32 = arith::IndexCastOp::create(b, loc, b.getI32Type(), c);
      memref::StoreOp::create(b, loc, c32, lists.index, ValueRange{r, k});
      memref::StoreOp::create(b, loc, x, lists.value, ValueRange{r, k});
    };
    Type elementType = type.getElementType();
    Value zero =
        arith::ConstantOp::create(b, loc, b.getFloatAttr(elementType, 0.0));
    Value count = index(0);
    if (whole > 0) {
      auto vecLoop = scf::ForOp::create(b, loc, index(0), index(whole),
                                        index(width), ValueRange{count});
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(vecLoop.getBody());
      Value c = vecLoop.getInductionVar();
      Value k = vecLoop.getRegionIterArgs()[0];
      auto vecType = VectorType::get({width}, elementType);
      auto [memref, indices] = element(c);
      Value x = vector::LoadOp::create(b, loc, vecType, memref, indices);
      Value zeros = vector::BroadcastOp::create(b, loc, vecType, zero);
      Value nonZero =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x, zeros);
      // The non-zeros' values and columns appended at k (whole vectors
      // stored: k is at most c, so they stay inside the row), k moved on by
      // their count.
      Value cols = laneIndices(b, loc, c, width);
      appendLanes(b, loc, lists.index, ValueRange{r}, k, nonZero, cols);
      appendLanes(b, loc, lists.value, ValueRange{r}, k, nonZero, x);
      scf::YieldOp::create(b, loc,
                           ValueRange{arith::AddIOp::create(
                               b, loc, k, countLanes(b, loc, nonZero))});
      count = vecLoop.getResult(0);
    }
    if (whole < columns) {
      auto colLoop = scf::ForOp::create(b, loc, index(whole), index(columns),
                                        index(1), ValueRange{count});
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(colLoop.getBody());
      Value c = colLoop.getInductionVar();
      Value k = colLoop.getRegionIterArgs()[0];
      Value x = load(c);
      append(c, x, k);
      Value nonZero =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x, zero);
      Value step = arith::SelectOp::create(b, loc, nonZero, index(1), index(0));
      scf::YieldOp::create(b, loc,
                           ValueRange{arith::AddIOp::create(b, loc, k, step)});
      count = colLoop.getResult(0);
    }
    memref::StoreOp::create(b, loc, count, lists.count, r);
  }
  compressed = lists;
  ++numCompressed;
}

scf::ForOp Emitter::createLoop(int64_t lower, int64_t upper, int64_t step,
                               bool parallel, Value &iv) {
  if (!parallel) {
    auto loop =
        scf::ForOp::create(b, loc, index(lower), index(upper), index(step));
    iv = loop.getInductionVar();
    b.setInsertionPointToStart(loop.getBody());
    return loop;
  }
  auto loop = scf::ParallelOp::create(b, loc, ValueRange{index(lower)},
                                      ValueRange{index(upper)},
                                      ValueRange{index(step)});
  iv = loop.getInductionVars()[0];
  b.setInsertionPointToStart(loop.getBody());
  ++numParallel;
  return nullptr;
}

void Emitter::emitGroups(const GroupKind &kind) {
  // The loop run by several threads: the one with the most iterations
  // (the outermost of those), among the loop over groups and the loops
  // over outer dimensions; none for small ops.
  parallelLevel = kNoParallel;
  if (parallelize) {
    int64_t best = 1;
    if (kind.repeat > best) {
      best = kind.repeat;
      parallelLevel = kGroupLevel;
    }
    for (unsigned level = 0; level < plan.outerDims.size(); ++level) {
      int64_t trips = getTripCount(outerBounds, kind.block, level);
      if (trips > best) {
        best = trips;
        parallelLevel = level;
      }
    }
    // Bound by the weights (a convolution on a small map): the threads
    // take whole groups when they divide evenly, so that each reads its
    // share of the weights once rather than all of them.
    int64_t n = plan.bounds[plan.inner];
    int64_t kindWeights = weightBytes * kind.repeat * kind.columns() / n;
    if (parallelLevel != kGroupLevel && threads > 1 &&
        kind.repeat % threads == 0 && kindWeights > otherInputBytes)
      parallelLevel = kGroupLevel;
  }
  chooseSplit(kind);
  // The reduction loops moved out of the tiles: for each of their
  // iterations every tile loads its accumulators from the output, adds the
  // terms of that part of the reduction and stores them back. Each output
  // element still takes its terms in the same order, so the sums are the
  // same bit for bit.
  int64_t step = kind.columns();
  int64_t end = kind.start + kind.repeat * step;
  groupStep = step;
  OpBuilder::InsertionGuard guard(b);
  partsLevel = -1;
  if (stream) {
    // One tile per group (a matrix-vector product): the parts of the
    // reduction outside the loop over groups, so that the groups read each
    // weight row in turn, as one stream. With threads, each thread takes a
    // contiguous range of groups (the parallel loop outermost).
    Value group = createRangesWithParts(kind.start, end, step,
                                        parallelLevel == kGroupLevel);
    emitOuter(kind, group, 0);
    return;
  }
  // The groups of this kind: a loop over their first element when there
  // are several, else a constant; the parts of a split reduction inside it.
  Value base = index(kind.start);
  if (kind.repeat > 1)
    createLoop(kind.start, end, step, parallelLevel == kGroupLevel, base);
  bool split = hoisted > 0 || chunk > 0;
  partsLevel = split && parallelLevel >= 0 ? parallelLevel : -1;
  if (partsLevel < 0)
    openParts();
  emitOuter(kind, base, 0);
}

/// Opens the loops of the parts of a split reduction (moved out of the
/// tiles) at the insertion point.
void Emitter::openParts() {
  for (unsigned level = 0; level < hoisted; ++level) {
    unsigned dim = plan.reduceDims[level];
    auto loop =
        scf::ForOp::create(b, loc, index(0), index(plan.bounds[dim]), index(1));
    b.setInsertionPointToStart(loop.getBody());
    dims[dim] = loop.getInductionVar();
  }
  if (chunk > 0) {
    unsigned dim = plan.reduceDims[hoisted];
    auto loop = scf::ForOp::create(b, loc, index(0), index(plan.bounds[dim]),
                                   index(chunk));
    b.setInsertionPointToStart(loop.getBody());
    chunkBase = loop.getInductionVar();
  }
}

/// Splits the reduction of `kind`'s tiles when the operands that every tile
/// of a group reads alike (the weights: vector operands not indexed by a
/// position) take more than `cacheBytes` over the whole reduction. Then
/// consecutive tiles, which read the same slice, would each bring it from
/// memory or a far cache; instead the leading reduction loops move outside
/// the loops over positions (and the next one is cut into chunks), until
/// the slice that the tiles of one sweep read fits. The innermost reduction
/// of an event-driven op (its list of non-zeros) is never cut.
void Emitter::chooseSplit(const GroupKind &kind) {
  hoisted = 0;
  chunk = 0;
  stream = false;
  chunkBase = nullptr;
  if (cacheBytes <= 0)
    return;
  int64_t width = kind.columns();
  int64_t bytesPerStep = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (!isWeightOperand(op, plan, input))
      continue;
    Type element = getElementTypeOrSelf(input->get());
    bytesPerStep += width * ((element.getIntOrFloatBitWidth() + 7) / 8);
  }
  if (bytesPerStep == 0)
    return;
  int64_t tiles = 1;
  for (unsigned level = 0; level < outerBounds.size(); ++level)
    tiles *= getTripCount(outerBounds, kind.block, level);
  unsigned numReduce = plan.reduceDims.size();
  SmallVector<int64_t> inner(numReduce + 1, 1); // steps of dims i.. inside
  for (int i = numReduce - 1; i >= 0; --i)
    inner[i] = inner[i + 1] * plan.bounds[plan.reduceDims[i]];
  // Keep enough steps inside a tile for its loads and stores of the
  // accumulators to be a small part of its work.
  const int64_t kMinSteps = std::max<int64_t>(1, splitMinSteps);
  bool listed = compressed.has_value();
  if (tiles < 2) {
    // One tile per group: nothing is read twice, but a group reads its
    // slice of every weight row, a short piece at a large stride, which
    // memory serves at a fraction of its streaming bandwidth. When all the
    // groups' weights are at least stream-min-bytes (more than the caches
    // hold: they come from memory on every call), the groups go inside the
    // parts of the reduction (of up to split-min-steps steps each), so that
    // each weight row is read whole, in order.
    // Packed weights are one stream per group already.
    if (listed || !packed.empty() || kind.repeat < 2 || streamMinBytes <= 0 ||
        inner[0] * bytesPerStep * kind.repeat < streamMinBytes)
      return;
    // Parts of S consecutive steps, least <= S <= split-min-steps, as
    // large as possible: the leading dimensions moved out whole, the next
    // one in chunks of c (a divisor of its size), S = c * the steps of the
    // dimensions after it.
    int64_t least = std::max<int64_t>(2, std::min<int64_t>(8, kMinSteps));
    bool found = false;
    for (unsigned i = 0; i < numReduce && !found; ++i) {
      int64_t bound = plan.bounds[plan.reduceDims[i]];
      for (int64_t c = bound; c >= 1 && !found; --c) {
        int64_t steps = c * inner[i + 1];
        if (bound % c != 0 || steps > kMinSteps || steps < least ||
            (i == 0 && c == bound))
          continue;
        hoisted = i;
        chunk = c == bound ? 0 : c;
        found = true;
      }
    }
    if (!found)
      return;
    stream = true;
    ++numSplit;
    return;
  }
  for (unsigned i = 0; i < numReduce; ++i) {
    if (inner[i] * bytesPerStep <= cacheBytes)
      break;
    if (listed && i + 1 == numReduce)
      break;
    int64_t bound = plan.bounds[plan.reduceDims[i]];
    // The largest chunk of this dimension that fits and divides it.
    int64_t best = 0;
    for (int64_t c = bound - 1; c >= 2; --c)
      if (bound % c == 0 && c * inner[i + 1] * bytesPerStep <= cacheBytes &&
          c * inner[i + 1] >= kMinSteps) {
        best = c;
        break;
      }
    if (best > 0) {
      hoisted = i;
      chunk = best;
      break;
    }
    if (i + 1 == numReduce || inner[i + 1] < kMinSteps)
      break;
    hoisted = i + 1;
  }
  if (hoisted > 0 || chunk > 0)
    ++numSplit;
}

/// A loop from `lower` to `upper` by `step` with the parts of a split
/// reduction opened around it; when `parallel`, the threads' shares are
/// contiguous ranges (an scf.parallel over them, outermost), each swept part
/// by part (`for part: for iterations of the range`), so that a thread's
/// tiles share the slice of the weights of a part. Leaves the insertion point
/// in the loop's body and returns its induction variable.
Value Emitter::createRangesWithParts(int64_t lower, int64_t upper, int64_t step,
                                     bool parallel) {
  int64_t trips = (upper - lower) / step;
  int64_t parts = std::max<int64_t>(
      1, std::min(trips, parallel ? std::max<int64_t>(threads, 1) : 1));
  int64_t perPart = (trips + parts - 1) / parts * step;
  Value from = index(lower), to = index(upper);
  if (parts > 1) {
    Value part;
    createLoop(0, parts, 1, /*parallel=*/true, part);
    from = arith::AddIOp::create(
        b, loc, from, arith::MulIOp::create(b, loc, part, index(perPart)));
    to = arith::MinSIOp::create(
        b, loc, arith::AddIOp::create(b, loc, from, index(perPart)), to);
  }
  openParts();
  auto loop = scf::ForOp::create(b, loc, from, to, index(step));
  b.setInsertionPointToStart(loop.getBody());
  return loop.getInductionVar();
}

/// The loop over outer level `level` from 0 to `upper`: the ranges of
/// createRangesWithParts when the parts of a split reduction open at this
/// level, else createLoop.
void Emitter::createLoopWithParts(int64_t upper, int64_t step, unsigned level,
                                  Value &iv) {
  bool parallel = parallelLevel == int(level);
  if (partsLevel != int(level)) {
    createLoop(0, upper, step, parallel, iv);
    return;
  }
  iv = createRangesWithParts(0, upper, step, parallel);
}

/// Whether the op scatters (see emitScatter): an event-driven op with
/// lists of at most scatterMaxInputs entries per row, on one thread, whose
/// other reduction dimensions (the taps) and outer dimensions each appear in
/// one leading index of the event-driven input as `outer + tap`, `outer` or
/// `tap`, the taps in the order of their indices, and whose other operands
/// (the weights) do not depend on the position. Then each input row
/// contributes to the outputs `input index - tap`, and taking the inputs
/// in row-major order adds each output's terms in the dense loop's order.
std::optional<Emitter::ScatterMap> Emitter::getScatterMap() {
  if (!compressed || scatterMaxInputs <= 0 || parallelize)
    return std::nullopt;
  OpOperand *input = op.getDpsInputOperands()[skipInput];
  ArrayRef<int64_t> shape = cast<MemRefType>(input->get().getType()).getShape();
  if (shape.back() > scatterMaxInputs || plan.reduceDims.size() < 2)
    return std::nullopt;
  int64_t pieces = (plan.bounds[plan.inner] + vectorWidth - 1) / vectorWidth;
  if (pieces > maxAccumulators)
    return std::nullopt;
  auto isOuter = [&](unsigned d) {
    return llvm::is_contained(plan.outerDims, d);
  };
  auto isTap = [&](unsigned d) {
    return llvm::is_contained(plan.reduceDims, d) &&
           d != plan.reduceDims.back();
  };
  AffineMap map = op.getMatchingIndexingMap(input);
  ScatterMap result;
  unsigned numLeading = map.getNumResults() - 1;
  result.outer.assign(numLeading, -1);
  result.tap.assign(numLeading, -1);
  result.reduction.assign(numLeading, -1);
  llvm::SmallDenseSet<unsigned> seen;
  for (unsigned j = 0; j < numLeading; ++j) {
    AffineExpr expr = map.getResult(j);
    if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
      unsigned d = dim.getPosition();
      if (isOuter(d))
        result.outer[j] = d;
      else if (isTap(d))
        result.reduction[j] = d;
      else
        return std::nullopt;
      if (!seen.insert(d).second)
        return std::nullopt;
      continue;
    }
    auto sum = dyn_cast<AffineBinaryOpExpr>(expr);
    if (!sum || sum.getKind() != AffineExprKind::Add)
      return std::nullopt;
    auto lhs = dyn_cast<AffineDimExpr>(sum.getLHS());
    auto rhs = dyn_cast<AffineDimExpr>(sum.getRHS());
    if (!lhs || !rhs)
      return std::nullopt;
    unsigned a = lhs.getPosition(), t = rhs.getPosition();
    if (isTap(a) && isOuter(t))
      std::swap(a, t);
    if (!isOuter(a) || !isTap(t) || !seen.insert(a).second ||
        !seen.insert(t).second)
      return std::nullopt;
    result.outer[j] = a;
    result.tap[j] = t;
  }
  // Every outer dimension and tap is set by one leading index, the taps in
  // the order of their indices.
  for (unsigned d : plan.outerDims)
    if (!seen.contains(d))
      return std::nullopt;
  int last = -1;
  for (unsigned d : ArrayRef<unsigned>(plan.reduceDims).drop_back()) {
    int j = -1;
    for (unsigned i = 0; i < numLeading; ++i)
      if (result.tap[i] == int(d) || result.reduction[i] == int(d))
        j = i;
    if (j <= last)
      return std::nullopt;
    last = j;
  }
  // The other operands: vectors that do not depend on the position.
  for (OpOperand *other : op.getDpsInputOperands()) {
    if (int(other->getOperandNumber()) == skipInput)
      continue;
    if (plan.access[other->getOperandNumber()] != Access::Vector)
      return std::nullopt;
    for (unsigned d : plan.outerDims)
      if (op.getMatchingIndexingMap(other).isFunctionOfDim(d))
        return std::nullopt;
  }
  return result;
}

/// The scattered form of an event-driven op with short lists and taps (a
/// 3x3 convolution of a few channels of spikes): instead of gathering, for
/// each output position, the lists of all the input rows its taps read
/// (mostly empty: a branch and a loop each), each input row with a
/// non-empty list adds its terms to the outputs it reaches, one output row
/// of accumulators at a time, loaded and stored around the list. The
/// outputs start from their initial value (written first when it is
/// fused). Every output takes its terms in the order of the dense loop
/// (taps, then the list in increasing channel), so the sums are the same
/// bits as the gathering form's.
void Emitter::emitScatter(const ScatterMap &map) {
  OpBuilder::InsertionGuard guard(b);
  OpOperand *input = op.getDpsInputOperands()[skipInput];
  OpOperand *init = op.getDpsInitOperand(0);
  Type elementType = getElementTypeOrSelf(init->get());
  ArrayRef<int64_t> shape = cast<MemRefType>(input->get().getType()).getShape();
  int64_t n = plan.bounds[plan.inner];
  SmallVector<std::pair<int64_t, int64_t>> pieces;
  for (int64_t offset = 0; offset < n; offset += vectorWidth)
    pieces.push_back({offset, std::min(vectorWidth, n - offset)});
  auto at = [&](int64_t offset) {
    SmallVector<Value> values(dims);
    values[plan.inner] = index(offset);
    return values;
  };
  auto openLoop = [&](int64_t upper) {
    auto loop = scf::ForOp::create(b, loc, index(0), index(upper), index(1));
    b.setInsertionPointToStart(loop.getBody());
    return loop.getInductionVar();
  };
  // The fused initial value, written to every output position.
  if (initScalar || initBias) {
    OpBuilder::InsertionGuard initGuard(b);
    for (unsigned d : plan.outerDims)
      dims[d] = openLoop(plan.bounds[d]);
    for (auto [offset, width] : pieces) {
      auto type = VectorType::get({width}, elementType);
      Value value = initScalar
                        ? vector::BroadcastOp::create(b, loc, type, initScalar)
                              .getResult()
                        : vector::LoadOp::create(b, loc, type, initBias,
                                                 ValueRange{index(offset)})
                              .getResult();
      vector::StoreOp::create(b, loc, value, init->get(),
                              indices(init, at(offset)));
    }
  }
  // The input rows in row-major order; those with terms.
  SmallVector<Value> rowIndices;
  for (int64_t size : shape.drop_back())
    rowIndices.push_back(openLoop(size));
  Value row =
      affine::AffineApplyOp::create(b, loc, compressed->linearize, rowIndices);
  Value count = memref::LoadOp::create(b, loc, compressed->count, row);
  Value any =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, count, index(0));
  auto ifAny = scf::IfOp::create(b, loc, TypeRange{}, any, false);
  b.setInsertionPointToStart(&ifAny.getThenRegion().front());
  // The taps in order; the reductions an index sets. The innermost tap
  // that moves the output position (a convolution's kernel column) may be
  // unrolled (below): it is not opened as a loop here.
  ArrayRef<unsigned> taps = ArrayRef<unsigned>(plan.reduceDims).drop_back();
  int unrolled = -1; // the leading input index whose tap is unrolled
  if (!taps.empty()) {
    for (unsigned j = 0; j < rowIndices.size(); ++j)
      if (map.tap[j] == int(taps.back()))
        unrolled = j;
    int64_t k = plan.bounds[taps.back()];
    if (unrolled >= 0 && (k < 2 || k > kMaxUnrolledTaps ||
                          k * int64_t(pieces.size()) > maxAccumulators))
      unrolled = -1;
  }
  for (unsigned d : taps) {
    auto it = llvm::find(map.reduction, int(d));
    if (it != map.reduction.end())
      dims[d] = rowIndices[it - map.reduction.begin()];
    else if (unrolled < 0 || d != taps.back())
      dims[d] = openLoop(plan.bounds[d]);
  }
  // Whether input index `rowIndex` through tap `tap` reaches an output
  // position, `position` = rowIndex - tap, inside [0, bound).
  auto reaches = [&](Value rowIndex, Value tap, Value position,
                     int64_t bound) -> Value {
    Value low =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, rowIndex, tap);
    Value high = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                       position, index(bound));
    return arith::AndIOp::create(b, loc, low, high);
  };
  // The output position, if inside the output (all but the unrolled tap's).
  Value inside;
  for (unsigned j = 0; j < rowIndices.size(); ++j) {
    if (map.outer[j] < 0 || int(j) == unrolled)
      continue;
    unsigned d = map.outer[j];
    if (map.tap[j] < 0) {
      dims[d] = rowIndices[j];
      continue;
    }
    Value tap = dims[map.tap[j]];
    dims[d] = arith::SubIOp::create(b, loc, rowIndices[j], tap);
    Value both = reaches(rowIndices[j], tap, dims[d], plan.bounds[d]);
    inside = inside ? arith::AndIOp::create(b, loc, inside, both) : both;
  }
  // Adds the row's terms to the outputs of the taps `tapValues` of the
  // unrolled dimension (one output row of accumulators each, their chains
  // independent), or, without unrolling, of the taps opened above.
  auto accumulate = [&](ArrayRef<Value> tapValues) {
    SmallVector<SmallVector<Value>> positions;
    auto place = [&](unsigned i) {
      if (unrolled < 0)
        return;
      unsigned d = map.outer[unrolled];
      dims[map.tap[unrolled]] = tapValues[i];
      dims[d] =
          arith::SubIOp::create(b, loc, rowIndices[unrolled], tapValues[i]);
    };
    unsigned numTaps = unrolled < 0 ? 1 : tapValues.size();
    SmallVector<Value> accs;
    for (unsigned i = 0; i < numTaps; ++i) {
      place(i);
      positions.push_back(SmallVector<Value>(dims));
      for (auto [offset, width] : pieces)
        accs.push_back(vector::LoadOp::create(
            b, loc, VectorType::get({width}, elementType), init->get(),
            indices(init, at(offset))));
    }
    auto loop = scf::ForOp::create(b, loc, index(0), count, index(1), accs);
    {
      OpBuilder::InsertionGuard listGuard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value k = loop.getInductionVar();
      Value c =
          memref::LoadOp::create(b, loc, compressed->index, ValueRange{row, k});
      Value channel = arith::IndexCastOp::create(b, loc, b.getIndexType(), c);
      Value x =
          memref::LoadOp::create(b, loc, compressed->value, ValueRange{row, k});
      SmallVector<Value> next;
      for (unsigned i = 0; i < numTaps; ++i) {
        dims.assign(positions[i].begin(), positions[i].end());
        dims[plan.reduceDims.back()] = channel;
        for (auto [j, piece] : llvm::enumerate(pieces)) {
          auto [offset, width] = piece;
          SmallVector<Value> operands;
          for (OpOperand *operand : op.getDpsInputOperands()) {
            auto type =
                VectorType::get({width}, getElementTypeOrSelf(operand->get()));
            if (int(operand->getOperandNumber()) == skipInput)
              operands.push_back(vector::BroadcastOp::create(b, loc, type, x));
            else
              operands.push_back(vector::LoadOp::create(
                  b, loc, type, operand->get(), indices(operand, at(offset))));
          }
          operands.push_back(loop.getRegionIterArgs()[i * pieces.size() + j]);
          next.push_back(body(operands, width));
        }
      }
      scf::YieldOp::create(b, loc, next);
    }
    for (unsigned i = 0; i < numTaps; ++i) {
      dims.assign(positions[i].begin(), positions[i].end());
      for (auto [j, piece] : llvm::enumerate(pieces))
        vector::StoreOp::create(b, loc, loop.getResult(i * pieces.size() + j),
                                init->get(), indices(init, at(piece.first)));
    }
  };
  if (unrolled < 0) {
    if (inside) {
      auto ifInside = scf::IfOp::create(b, loc, TypeRange{}, inside, false);
      b.setInsertionPointToStart(&ifInside.getThenRegion().front());
    }
    accumulate({});
    return;
  }
  // Unrolled: where every tap of the dimension reaches an output (the
  // input index at least K - 1 and below the output's extent), all K at
  // once; elsewhere (the edges) one tap at a time, as without unrolling.
  // Each output still takes this row's term in the same place of its sum
  // (one tap of a row reaches it), so the bits are the same.
  unsigned d = map.outer[unrolled];
  int64_t k = plan.bounds[map.tap[unrolled]];
  Value rowIndex = rowIndices[unrolled];
  Value all = arith::AndIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, rowIndex,
                            index(k - 1)),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, rowIndex,
                            index(plan.bounds[d])));
  if (inside)
    all = arith::AndIOp::create(b, loc, inside, all);
  auto ifAll = scf::IfOp::create(b, loc, TypeRange{}, all, true);
  {
    OpBuilder::InsertionGuard allGuard(b);
    b.setInsertionPointToStart(&ifAll.getThenRegion().front());
    SmallVector<Value> tapValues;
    for (int64_t t = 0; t < k; ++t)
      tapValues.push_back(index(t));
    accumulate(tapValues);
  }
  b.setInsertionPointToStart(&ifAll.getElseRegion().front());
  Value tap = openLoop(k);
  Value one =
      reaches(rowIndex, tap, arith::SubIOp::create(b, loc, rowIndex, tap),
              plan.bounds[d]);
  if (inside)
    one = arith::AndIOp::create(b, loc, inside, one);
  auto ifOne = scf::IfOp::create(b, loc, TypeRange{}, one, false);
  b.setInsertionPointToStart(&ifOne.getThenRegion().front());
  accumulate({tap});
}

void Emitter::emitOuter(const GroupKind &kind, Value base, unsigned level) {
  unsigned numOuter = plan.outerDims.size();
  if (level == numOuter) {
    emitTile(kind, base, TileBlock());
    return;
  }
  unsigned dim = plan.outerDims[level];
  int64_t size = plan.bounds[dim];
  bool last = level + 1 == numOuter;
  bool rowDim = level + 2 == numOuter && kind.block.rows > 1;
  if (rowDim) {
    // Blocks of whole rows: this dimension in steps of `rows`, the last
    // dimension (all of it) inside the tile.
    unsigned colDim = plan.outerDims.back();
    int64_t rows = std::min(kind.block.rows, size);
    int64_t mainEnd = size / rows * rows;
    if (mainEnd > 0) {
      OpBuilder::InsertionGuard guard(b);
      createLoopWithParts(mainEnd, rows, level, dims[dim]);
      dims[colDim] = index(0);
      emitTile(kind, base, kind.block);
    }
    if (mainEnd < size) {
      OpBuilder::InsertionGuard guard(b);
      if (partsLevel == int(level))
        openParts();
      dims[dim] = index(mainEnd);
      dims[colDim] = index(0);
      emitTile(kind, base, {size - mainEnd, kind.block.cols});
    }
    return;
  }
  int64_t block = last ? std::min(kind.block.cols, size) : 1;
  int64_t mainEnd = size / block * block;
  if (mainEnd > 0) {
    OpBuilder::InsertionGuard guard(b);
    createLoopWithParts(mainEnd, block, level, dims[dim]);
    if (last)
      emitTile(kind, base, {1, block});
    else
      emitOuter(kind, base, level + 1);
  }
  if (mainEnd < size) {
    // The last positions of the blocked dimension, in one smaller block.
    OpBuilder::InsertionGuard guard(b);
    if (partsLevel == int(level))
      openParts();
    dims[dim] = index(mainEnd);
    emitTile(kind, base, {1, size - mainEnd});
  }
}

void Emitter::emitTile(const GroupKind &kind, Value base, TileBlock tile) {
  ArrayRef<std::pair<int64_t, int64_t>> group = kind.pieces;
  Type elementType = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());
  int64_t block = tile.size();
  unsigned numOuter = plan.outerDims.size();
  // Dimension values of tile position `p` (row-major over the tile) and
  // piece offset `offset`.
  auto dimsAt = [&](int64_t p, int64_t offset) {
    SmallVector<Value> values(dims);
    int64_t row = p / tile.cols, col = p % tile.cols;
    if (col > 0) {
      unsigned colDim = plan.outerDims.back();
      values[colDim] = arith::AddIOp::create(b, loc, dims[colDim], index(col));
    }
    if (row > 0) {
      unsigned rowDim = plan.outerDims[numOuter - 2];
      values[rowDim] = arith::AddIOp::create(b, loc, dims[rowDim], index(row));
    }
    values[plan.inner] =
        offset == 0 ? base : arith::AddIOp::create(b, loc, base, index(offset));
    return values;
  };
  OpOperand *init = op.getDpsInitOperand(0);
  auto loadAccs = [&]() {
    SmallVector<Value> values;
    for (int64_t p = 0; p < block; ++p)
      for (auto [offset, width] : group)
        values.push_back(vector::LoadOp::create(
            b, loc, VectorType::get({width}, elementType), init->get(),
            indices(init, dimsAt(p, offset))));
    return values;
  };
  // A fused initial value: a splat of the fill's scalar, or the bias's
  // vector (the same for every position).
  auto initialAccs = [&]() {
    SmallVector<Value> values;
    SmallVector<Value> pieces;
    for (auto [offset, width] : group) {
      auto type = VectorType::get({width}, elementType);
      if (initScalar)
        pieces.push_back(vector::BroadcastOp::create(b, loc, type, initScalar));
      else
        pieces.push_back(vector::LoadOp::create(
            b, loc, type, initBias, ValueRange{dimsAt(0, offset)[plan.inner]}));
    }
    for (int64_t p = 0; p < block; ++p)
      llvm::append_range(values, pieces);
    return values;
  };
  SmallVector<Value> accs;
  if (!initScalar && !initBias) {
    accs = loadAccs();
  } else if (hoisted == 0 && chunk == 0) {
    accs = initialAccs();
  } else {
    // A split reduction: the first part starts from the initial value,
    // the others from the output.
    Value first;
    auto isZero = [&](Value v) {
      return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, v,
                                   index(0));
    };
    for (unsigned level = 0; level < hoisted; ++level) {
      Value zero = isZero(dims[plan.reduceDims[level]]);
      first = first ? arith::AndIOp::create(b, loc, first, zero) : zero;
    }
    if (chunk > 0) {
      Value zero = isZero(chunkBase);
      first = first ? arith::AndIOp::create(b, loc, first, zero) : zero;
    }
    SmallVector<Type> types;
    for (int64_t p = 0; p < block; ++p)
      for (auto [offset, width] : group)
        types.push_back(VectorType::get({width}, elementType));
    auto ifOp =
        scf::IfOp::create(b, loc, types, first, /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&ifOp.getThenRegion().front());
      scf::YieldOp::create(b, loc, initialAccs());
      b.setInsertionPointToStart(&ifOp.getElseRegion().front());
      scf::YieldOp::create(b, loc, loadAccs());
    }
    accs = SmallVector<Value>(ifOp.getResults());
  }
  // Reduction loops carrying the accumulators.
  // The scalar factor of an event-driven step when it comes from the
  // compressed lists (then it is never zero, and not loaded again).
  Value listValue;
  auto buildReduce = [&](auto &&self, unsigned level,
                         ValueRange current) -> SmallVector<Value> {
    // Reduction loops moved outside the tile (their values are set).
    if (level < hoisted)
      return self(self, level + 1, current);
    if (chunk > 0 && level == hoisted) {
      // This tile's chunk of the split dimension.
      unsigned dim = plan.reduceDims[level];
      auto loop =
          scf::ForOp::create(b, loc, index(0), index(chunk), index(1), current);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      dims[dim] =
          arith::AddIOp::create(b, loc, chunkBase, loop.getInductionVar());
      SmallVector<Value> next = self(self, level + 1, loop.getRegionIterArgs());
      scf::YieldOp::create(b, loc, next);
      return SmallVector<Value>(loop.getResults());
    }
    if (compressed && level + 1 == plan.reduceDims.size()) {
      // The innermost reduction over the list of the non-zero factors of
      // this row of the scalar operand: for k < count[row], c = index[row,
      // k], x = value[row, k], in increasing c (the order of the dense
      // loop, zeros left out).
      unsigned dim = plan.reduceDims[level];
      OpOperand *input = op.getDpsInputOperands()[skipInput];
      dims[dim] = index(0); // not used by the row's indices
      SmallVector<Value> rowIndices =
          indices(input, dimsAt(0, 0), /*dropLast=*/true);
      Value row = affine::AffineApplyOp::create(b, loc, compressed->linearize,
                                                rowIndices);
      Value count = memref::LoadOp::create(b, loc, compressed->count, row);
      auto loop =
          scf::ForOp::create(b, loc, index(0), count, index(1), current);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value k = loop.getInductionVar();
      Value c =
          memref::LoadOp::create(b, loc, compressed->index, ValueRange{row, k});
      dims[dim] = arith::IndexCastOp::create(b, loc, b.getIndexType(), c);
      listValue =
          memref::LoadOp::create(b, loc, compressed->value, ValueRange{row, k});
      SmallVector<Value> next = self(self, level + 1, loop.getRegionIterArgs());
      scf::YieldOp::create(b, loc, next);
      listValue = nullptr;
      return SmallVector<Value>(loop.getResults());
    }
    if (level < plan.reduceDims.size()) {
      unsigned dim = plan.reduceDims[level];
      auto loop = scf::ForOp::create(b, loc, index(0), index(plan.bounds[dim]),
                                     index(1), current);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      dims[dim] = loop.getInductionVar();
      SmallVector<Value> next = self(self, level + 1, loop.getRegionIterArgs());
      scf::YieldOp::create(b, loc, next);
      return SmallVector<Value>(loop.getResults());
    }
    SmallVector<Value> next;
    unsigned k = 0;
    for (int64_t p = 0; p < block; ++p) {
      // Scalars of this position, loaded once for all pieces.
      SmallVector<Value> scalars(op.getNumDpsInputs());
      Value anyNonZero;
      for (OpOperand *input : op.getDpsInputOperands()) {
        unsigned i = input->getOperandNumber();
        if (plan.access[i] != Access::Scalar)
          continue;
        if (listValue && static_cast<int>(i) == skipInput) {
          scalars[i] = listValue;
          continue;
        }
        scalars[i] = memref::LoadOp::create(b, loc, input->get(),
                                            indices(input, dimsAt(p, 0)));
      }
      auto compute = [&]() {
        SmallVector<Value> results;
        for (auto [j, piece] : llvm::enumerate(group)) {
          auto [offset, width] = piece;
          SmallVector<Value> operands;
          for (OpOperand *input : op.getDpsInputOperands()) {
            unsigned i = input->getOperandNumber();
            Type type =
                VectorType::get({width}, getElementTypeOrSelf(input->get()));
            if (plan.access[i] == Access::Scalar)
              operands.push_back(
                  vector::BroadcastOp::create(b, loc, type, scalars[i]));
            else if (Value buffer = packed.lookup(i))
              operands.push_back(vector::LoadOp::create(
                  b, loc, cast<VectorType>(type), buffer,
                  ValueRange{packedIndex(base, offset)}));
            else
              operands.push_back(vector::LoadOp::create(
                  b, loc, cast<VectorType>(type), input->get(),
                  indices(input, dimsAt(p, offset))));
          }
          operands.push_back(current[k + j]);
          results.push_back(body(operands, width));
        }
        return results;
      };
      // Skip the step when the scalar factor of `out + x * y` is zero.
      if (skipInput >= 0 && !listValue) {
        Value scalar = scalars[skipInput];
        Value zero = arith::ConstantOp::create(
            b, loc, b.getFloatAttr(scalar.getType(), 0.0));
        anyNonZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE,
                                           scalar, zero);
      }
      if (anyNonZero) {
        SmallVector<Type> types;
        for (size_t j = 0; j < group.size(); ++j)
          types.push_back(current[k + j].getType());
        auto ifOp = scf::IfOp::create(b, loc, types, anyNonZero,
                                      /*withElseRegion=*/true);
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(&ifOp.getThenRegion().front());
          scf::YieldOp::create(b, loc, compute());
          b.setInsertionPointToStart(&ifOp.getElseRegion().front());
          scf::YieldOp::create(b, loc, current.slice(k, group.size()));
        }
        llvm::append_range(next, ifOp.getResults());
      } else {
        llvm::append_range(next, compute());
      }
      k += group.size();
    }
    return next;
  };
  SmallVector<Value> results = buildReduce(buildReduce, 0, accs);
  // The sums into the output, or (finished, with an epilogue) the
  // epilogue's values of them into its init. Its operands have the output's
  // shape and identity maps: the output's indices index them all.
  auto store = [&](bool finished) {
    unsigned k = 0;
    for (int64_t p = 0; p < block; ++p) {
      for (auto [offset, width] : group) {
        SmallVector<Value> at = indices(init, dimsAt(p, offset));
        Value value = results[k++];
        if (!finished || !epilogue) {
          vector::StoreOp::create(b, loc, value, init->get(), at);
          continue;
        }
        SmallVector<Value> operands;
        for (OpOperand *input : epilogue.getDpsInputOperands()) {
          if (input->get() == init->get()) {
            operands.push_back(value);
            continue;
          }
          auto type =
              VectorType::get({width}, getElementTypeOrSelf(input->get()));
          operands.push_back(
              vector::LoadOp::create(b, loc, type, input->get(), at));
        }
        vector::StoreOp::create(b, loc, body(epilogue, operands, width),
                                epilogue.getDpsInitOperand(0)->get(), at);
      }
    }
  };
  if (!epilogue || (hoisted == 0 && chunk == 0)) {
    store(/*finished=*/true);
    return;
  }
  // A split reduction: only the last part's sums are finished.
  Value last;
  auto isLast = [&](Value v, int64_t lastValue) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, v,
                                 index(lastValue));
  };
  for (unsigned level = 0; level < hoisted; ++level) {
    unsigned dim = plan.reduceDims[level];
    Value test = isLast(dims[dim], plan.bounds[dim] - 1);
    last = last ? arith::AndIOp::create(b, loc, last, test) : test;
  }
  if (chunk > 0) {
    Value test =
        isLast(chunkBase, plan.bounds[plan.reduceDims[hoisted]] - chunk);
    last = last ? arith::AndIOp::create(b, loc, last, test) : test;
  }
  auto ifOp = scf::IfOp::create(b, loc, TypeRange(), last,
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  store(/*finished=*/true);
  b.setInsertionPointToStart(&ifOp.getElseRegion().front());
  store(/*finished=*/false);
}

/// Whether every operand of `op` is a static, contiguous (identity layout)
/// buffer that it reads or writes whole, element by element in the same
/// order (identity indexing maps): then all its loops can be one.
static bool isContiguousElementwise(linalg::LinalgOp op) {
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity())
      return false;
    if (!op.getMatchingIndexingMap(&operand).isIdentity())
      return false;
  }
  return true;
}

/// Replaces `loop` (no iter_args) by an scf.parallel with its bounds and
/// body.
static void makeParallel(RewriterBase &rewriter, scf::ForOp loop) {
  rewriter.setInsertionPoint(loop);
  auto parallel = scf::ParallelOp::create(
      rewriter, loop.getLoc(), ValueRange{loop.getLowerBound()},
      ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
  Block *body = parallel.getBody();
  // Move the loop's body before the parallel loop's terminator.
  rewriter.eraseOp(loop.getBody()->getTerminator());
  rewriter.inlineBlockBefore(loop.getBody(), body->getTerminator(),
                             parallel.getInductionVars());
  rewriter.eraseOp(loop);
}

/// The bytes of the statically shaped inputs of `op` that are weights (the
/// operands of isWeightOperand) when `weights`, else of the others.
static int64_t getInputBytes(linalg::GenericOp op, const Plan &plan,
                             bool weights) {
  int64_t bytes = 0;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto type = dyn_cast<MemRefType>(input->get().getType());
    if (isWeightOperand(op, plan, input) != weights || !type ||
        !type.hasStaticShape() || !type.getElementType().isIntOrFloat())
      continue;
    bytes += type.getNumElements() *
             ((type.getElementType().getIntOrFloatBitWidth() + 7) / 8);
  }
  return bytes;
}

/// The `memref.get_global` that `value` reads, through reshapes (which
/// keep the row-major order of the elements); `value` must be a static
/// buffer with the identity layout.
static memref::GetGlobalOp getConstantGlobal(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity())
    return nullptr;
  while (Operation *def = value.getDefiningOp()) {
    if (auto get = dyn_cast<memref::GetGlobalOp>(def))
      return get;
    if (!isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(def))
      return nullptr;
    value = def->getOperand(0);
    auto source = dyn_cast<MemRefType>(value.getType());
    if (!source || !source.getLayout().isIdentity())
      return nullptr;
  }
  return nullptr;
}

/// Packs the weights read through `input` (a vector operand of a
/// contraction that no position indexes: every tile of a group reads them
/// alike) for `tiling`, when they are a constant global in `symbols`'s
/// module and `input`'s map is the reduction dimensions (each once, in any
/// order, with outer dimensions of one position) followed by the innermost
/// one: a new constant global holds, for each group of the tiling (its
/// `step` columns from `base`), the group's columns of every reduction step
/// in loop order, at `base * R + r * step` (R steps). A tile then reads one
/// contiguous stream instead of a short piece of each weight row at the
/// row's stride (a 3x3 convolution's filter, HWCF, 2 KB apart for 512
/// output channels), which memory and the prefetchers serve at about half
/// the bandwidth. The same values are read in the same order. Returns a
/// `memref.get_global` of the new global (inserted at `b`), or null.
static Value packConstantWeights(OpBuilder &b, SymbolTable &symbols,
                                 linalg::GenericOp op, const Plan &plan,
                                 const Tiling &tiling, OpOperand *input) {
  memref::GetGlobalOp get = getConstantGlobal(input->get());
  if (!get)
    return nullptr;
  auto global = symbols.lookup<memref::GlobalOp>(get.getName());
  if (!global || !global.getConstant() || !global.getInitialValue())
    return nullptr;
  std::optional<ConstantBytes> bytes =
      getConstantBytes(*global.getInitialValue());
  auto type = cast<MemRefType>(input->get().getType());
  Type element = type.getElementType();
  if (!bytes || !element.isIntOrFloat() ||
      element.getIntOrFloatBitWidth() % 8 != 0)
    return nullptr;
  int64_t elementBytes = element.getIntOrFloatBitWidth() / 8;
  if (int64_t(bytes->data.size()) != type.getNumElements() * elementBytes)
    return nullptr;
  // The map: reduction dimensions, each once, and outer ones of extent 1,
  // then the innermost dimension; the shape matches the bounds.
  AffineMap map = op.getMatchingIndexingMap(input);
  ArrayRef<int64_t> shape = type.getShape();
  unsigned numResults = map.getNumResults();
  if (numResults == 0 ||
      map.getResult(numResults - 1) !=
          getAffineDimExpr(plan.inner, op.getContext()) ||
      shape.back() != plan.bounds[plan.inner])
    return nullptr;
  // Per reduction level, the source stride of its dimension.
  SmallVector<int64_t> sourceStrides(plan.reduceDims.size(), -1);
  int64_t stride = 1;
  for (int k = numResults - 1; k >= 0; --k) {
    auto dim = dyn_cast<AffineDimExpr>(map.getResult(k));
    if (!dim)
      return nullptr;
    unsigned d = dim.getPosition();
    if (shape[k] != plan.bounds[d])
      return nullptr;
    if (k + 1 < int(numResults)) {
      auto it = llvm::find(plan.reduceDims, d);
      if (it != plan.reduceDims.end()) {
        int64_t &slot = sourceStrides[it - plan.reduceDims.begin()];
        if (slot >= 0)
          return nullptr;
        slot = stride;
      } else if (plan.bounds[d] != 1) {
        return nullptr;
      }
    }
    stride *= shape[k];
  }
  if (llvm::is_contained(sourceStrides, -1))
    return nullptr;
  int64_t n = plan.bounds[plan.inner];
  int64_t rows = type.getNumElements() / n;
  // One group of the whole row, reduction steps in the source's order: the
  // packed copy would be the same bytes.
  if (tiling.groups.size() == 1 && tiling.groups[0].repeat == 1 &&
      tiling.groups[0].start == 0) {
    bool same = true;
    int64_t expected = n;
    for (int i = plan.reduceDims.size() - 1; i >= 0; --i) {
      same &= sourceStrides[i] == expected;
      expected *= plan.bounds[plan.reduceDims[i]];
    }
    if (same)
      return nullptr;
  }
  // Copy: for each reduction step (in loop order) and group, the group's
  // columns.
  size_t size = bytes->data.size();
  std::optional<AsmResourceBlob> blob;
  std::vector<char> data;
  char *out;
  if (!bytes->key.empty()) {
    blob = allocateBlob(size);
    out = blob->getMutableData().data();
  } else {
    data.resize(size);
    out = data.data();
  }
  // The source offset of each reduction step (in loop order, the last
  // dimension fastest), then each group's rows written one after another,
  // the groups on the context's threads.
  std::vector<int64_t> sourceRows(rows);
  unsigned numReduce = plan.reduceDims.size();
  SmallVector<int64_t> index(numReduce, 0);
  int64_t source = 0;
  for (int64_t r = 0; r < rows; ++r) {
    sourceRows[r] = source;
    for (int i = numReduce - 1; i >= 0; --i) {
      source += sourceStrides[i];
      if (++index[i] < plan.bounds[plan.reduceDims[i]])
        break;
      source -= sourceStrides[i] * index[i];
      index[i] = 0;
    }
  }
  SmallVector<std::pair<int64_t, int64_t>> groups; // (base, step)
  for (const GroupKind &kind : tiling.groups)
    for (int64_t g = 0; g < kind.repeat; ++g)
      groups.push_back({kind.start + g * kind.columns(), kind.columns()});
  const char *in = bytes->data.data();
  parallelFor(op.getContext(), 0, groups.size(), [&](size_t g) {
    auto [base, step] = groups[g];
    char *to = out + base * rows * elementBytes;
    for (int64_t r = 0; r < rows; ++r, to += step * elementBytes)
      std::memcpy(to, in + (sourceRows[r] + base) * elementBytes,
                  step * elementBytes);
  });
  auto tensorType = RankedTensorType::get({type.getNumElements()}, element);
  ElementsAttr value;
  if (blob)
    value = DenseResourceElementsAttr::get(tensorType, bytes->key + "_packed",
                                           std::move(*blob));
  else
    value = cast<ElementsAttr>(
        DenseElementsAttr::getFromRawBuffer(tensorType, data));
  auto packedType = MemRefType::get({type.getNumElements()}, element);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(global);
  auto packedGlobal = memref::GlobalOp::create(
      b, global.getLoc(), (global.getSymName() + "_packed").str(),
      b.getStringAttr("private"), packedType, value, /*constant=*/true,
      b.getI64IntegerAttr(64));
  symbols.insert(packedGlobal);
  b.setInsertionPoint(op);
  return memref::GetGlobalOp::create(b, op.getLoc(), packedType,
                                     packedGlobal.getSymName());
}

mlir::snn::HostVectorDefaults mlir::snn::getHostVectorDefaults() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  // AVX-512 (with VL): 16 floats per vector and 32 vector registers, of
  // which 24 hold accumulators; otherwise (AVX2, SSE, other hosts) 8 floats
  // and 16 registers, 12 of them accumulators.
  int64_t threads = std::max(1u, std::thread::hardware_concurrency());
  if (features.lookup("avx512f") && features.lookup("avx512vl"))
    return {16, 24, threads};
  return {8, 12, threads};
}

namespace {
struct SNNVectorizeContractionsPass
    : public snn::impl::SNNVectorizeContractionsPassBase<
          SNNVectorizeContractionsPass> {
  using Base::Base;

  /// The operand whose zero steps `op` skips (event-driven), or -1: only
  /// for rows of at least skip-zeros-min-width, and (with
  /// skip-zeros-in-loops-only) inside a loop, the time loop of a spiking
  /// network, where the inputs are spikes; straight-line code (an ANN, or
  /// the layers a spiking network runs once before its time loop) stays
  /// dense and blocked, which is faster for inputs that are rarely zero.
  int getEventInput(linalg::GenericOp op, const Plan &plan) {
    bool inLoop = op->getParentOfType<LoopLikeOpInterface>() != nullptr;
    if (skipZeros && (inLoop || !skipZerosInLoopsOnly) &&
        plan.bounds[plan.inner] >= skipZerosMinWidth)
      return getSkippableInput(op, plan);
    return -1;
  }

  void runOnOperation() override {
    HostVectorDefaults host = getHostVectorDefaults();
    if (threads > 0)
      host.threads = threads;
    int64_t width = vectorWidth > 0 ? int64_t(vectorWidth) : host.width;
    int64_t budget =
        maxAccumulators > 0 ? int64_t(maxAccumulators) : host.accumulators;
    if (maxBlock < 1) {
      emitError(getOperation()->getLoc())
          << "snn-vectorize-contractions: max-block must be at least 1";
      return signalPassFailure();
    }
    // The fills and bias broadcasts that only initialize a contraction's
    // output: the contraction's accumulators start from their value (no
    // pass over the output to write it, no load of it), and the op goes.
    DenseMap<Operation *, FusableInit> fusedInits;
    DenseSet<Operation *> initOps;
    if (fuseInits) {
      getOperation()->walk([&](linalg::GenericOp op) {
        if (!getPlan(op))
          return;
        FusableInit found = findFusableInit(op);
        if (found.op && initOps.insert(found.op).second)
          fusedInits[op] = found;
      });
    }
    // Elementwise ops right after a dense contraction that read its output
    // (a ReLU, a residual addition and ReLU): applied by the contraction's
    // tiles to their finished vectors before the store (no second pass over
    // the output, serial below parallel-min-elements). Kept out of the
    // rewrites of elementwise ops below; erased once their contraction is
    // lowered.
    DenseMap<Operation *, linalg::GenericOp> epilogues;
    DenseSet<Operation *> epilogueOps;
    if (fuseEpilogues) {
      SmallVector<linalg::GenericOp> candidates;
      getOperation()->walk(
          [&](linalg::GenericOp op) { candidates.push_back(op); });
      for (linalg::GenericOp op : candidates) {
        std::optional<Plan> plan = getPlan(op);
        if (!plan || getEventInput(op, *plan) >= 0)
          continue;
        linalg::GenericOp epilogue = findFusableEpilogue(op);
        if (epilogue && !initOps.contains(epilogue) && !getPlan(epilogue) &&
            epilogueOps.insert(epilogue).second)
          epilogues[op] = epilogue;
      }
    }
    // Copies into or out of strided views (a layer's input put into a
    // padded buffer, a slice of a concatenation), instead of a call to the
    // runtime's generic element-by-element memrefCopy: with unit innermost
    // strides, a loop nest over the outer dimensions that copies each
    // contiguous row with a memref.copy of 1-D views (an llvm.memcpy of a
    // constant size: a few vector moves, and little for LLVM to compile,
    // where DenseNet-161 has 1,065 concatenation copies); otherwise a
    // linalg.copy, which convert-linalg-to-loops turns into loops.
    SmallVector<memref::CopyOp> copies;
    getOperation()->walk([&](memref::CopyOp op) { copies.push_back(op); });
    for (memref::CopyOp copy : copies) {
      auto source = dyn_cast<MemRefType>(copy.getSource().getType());
      auto target = dyn_cast<MemRefType>(copy.getTarget().getType());
      if (!source || !target || !source.hasStaticShape() ||
          (source.getLayout().isIdentity() && target.getLayout().isIdentity()))
        continue;
      OpBuilder builder(copy);
      Location loc = copy.getLoc();
      if (source.getRank() >= 2 && hasUnitInnerStride(copy.getSource()) &&
          hasUnitInnerStride(copy.getTarget())) {
        int64_t rank = source.getRank();
        SmallVector<Value> ivs;
        for (int64_t d = 0; d + 1 < rank; ++d) {
          Value lb = arith::ConstantIndexOp::create(builder, loc, 0);
          Value ub = arith::ConstantIndexOp::create(builder, loc,
                                                    source.getDimSize(d));
          Value step = arith::ConstantIndexOp::create(builder, loc, 1);
          auto loop = scf::ForOp::create(builder, loc, lb, ub, step);
          builder.setInsertionPointToStart(loop.getBody());
          ivs.push_back(loop.getInductionVar());
        }
        SmallVector<OpFoldResult> offsets(ivs.begin(), ivs.end());
        offsets.push_back(builder.getIndexAttr(0));
        SmallVector<OpFoldResult> sizes(rank - 1, builder.getIndexAttr(1));
        sizes.push_back(builder.getIndexAttr(source.getShape().back()));
        SmallVector<OpFoldResult> strides(rank, builder.getIndexAttr(1));
        auto row = [&](Value view, MemRefType type) -> Value {
          auto rowType = memref::SubViewOp::inferRankReducedResultType(
              {type.getShape().back()}, type, offsets, sizes, strides);
          return memref::SubViewOp::create(builder, loc,
                                           cast<MemRefType>(rowType), view,
                                           offsets, sizes, strides);
        };
        Value from = row(copy.getSource(), source);
        Value to = row(copy.getTarget(), target);
        memref::CopyOp::create(builder, loc, from, to);
        copy->erase();
        continue;
      }
      linalg::CopyOp::create(builder, loc, copy.getSource(), copy.getTarget());
      copy->erase();
    }

    // Elementwise ops over whole contiguous buffers (neuron updates, ReLUs,
    // scalings) as one loop over all elements, which LLVM vectorizes: over
    // NHWC tensors the innermost loop is only as long as the channels (6 in
    // LeNet-5's first layer), too short for vectors.
    {
      SmallVector<linalg::LinalgOp> collapsible;
      getOperation()->walk([&](linalg::LinalgOp op) {
        if (isa<linalg::GenericOp, linalg::CopyOp>(op.getOperation()) &&
            !initOps.contains(op) && !epilogueOps.contains(op) &&
            op.hasPureBufferSemantics() && op.getNumReductionLoops() == 0 &&
            op.getNumLoops() >= 2 && isContiguousElementwise(op))
          collapsible.push_back(op);
      });
      IRRewriter rewriter(&getContext());
      for (linalg::LinalgOp op : collapsible) {
        ReassociationIndices all;
        for (int64_t i = 0, e = op.getNumLoops(); i < e; ++i)
          all.push_back(i);
        rewriter.setInsertionPoint(op);
        FailureOr<linalg::CollapseResult> collapsed =
            linalg::collapseOpIterationDims(op, {all}, rewriter);
        if (failed(collapsed))
          continue;
        rewriter.eraseOp(op);
        ++numCollapsed;
      }
    }

    // Large ops without reductions (elementwise layers, fills, copies) as
    // loops whose outermost loop of two or more iterations is parallel.
    if (parallelMinElements > 0) {
      SmallVector<linalg::LinalgOp> elementwise;
      getOperation()->walk([&](linalg::LinalgOp op) {
        if (!initOps.contains(op) && !epilogueOps.contains(op) &&
            op.hasPureBufferSemantics() && op.getNumReductionLoops() == 0 &&
            op.getNumLoops() > 0 && !op->getParentOfType<scf::ParallelOp>())
          elementwise.push_back(op);
      });
      IRRewriter rewriter(&getContext());
      for (linalg::LinalgOp op : elementwise) {
        std::optional<SmallVector<int64_t>> ranges = op.getStaticLoopRanges();
        if (!ranges || llvm::any_of(*ranges, ShapedType::isDynamic))
          continue;
        int64_t count = 1;
        for (int64_t range : *ranges)
          count *= range;
        if (count < parallelMinElements)
          continue;
        rewriter.setInsertionPoint(op);
        FailureOr<linalg::LinalgLoops> loops =
            linalg::linalgOpToLoops(rewriter, op);
        if (failed(loops))
          continue;
        rewriter.eraseOp(op);
        for (Operation *loop : *loops) {
          auto forOp = dyn_cast<scf::ForOp>(loop);
          if (!forOp || !forOp.getInitArgs().empty())
            break;
          std::optional<APInt> trips = forOp.getStaticTripCount();
          if (!trips)
            break;
          if (trips->getSExtValue() < 2)
            continue;
          makeParallel(rewriter, forOp);
          ++numParallelOps;
          break;
        }
      }
    }

    // Constant weights are packed into new globals of the module (not when
    // the pass runs on a function alone: the module is not its to change).
    std::optional<SymbolTable> symbols;
    if (packWeights && getOperation()->hasTrait<OpTrait::SymbolTable>())
      symbols.emplace(getOperation());
    SmallVector<Operation *> unpacked; // what read the weights packed
    SmallVector<linalg::GenericOp> generics;
    getOperation()->walk([&](linalg::GenericOp op) { generics.push_back(op); });
    for (linalg::GenericOp op : generics) {
      std::optional<Plan> plan = getPlan(op);
      if (!plan)
        continue;
      int64_t n = plan->bounds[plan->inner];
      int skipInput = getEventInput(op, *plan);
      // Register tiles: vectors of the row times positions of the last
      // outer dimension (blocked only when dense).
      Extents extents;
      unsigned numOuter = plan->outerDims.size();
      if (skipInput < 0 && numOuter >= 1)
        extents.cols = plan->bounds[plan->outerDims[numOuter - 1]];
      if (skipInput < 0 && numOuter >= 2)
        extents.rows = plan->bounds[plan->outerDims[numOuter - 2]];
      // Threads for ops with enough work: the product of all loop bounds
      // (multiply-adds of a contraction) at least parallel-min-work.
      int64_t work = 1;
      for (int64_t bound : plan->bounds)
        work *= bound;
      // An event-driven op does a fraction of its dense work (a few spikes
      // in ten): it must be 4x larger to be worth the threads.
      int64_t minWork = skipInput >= 0 ? 4 * parallelMinWork : parallelMinWork;
      // Inside a parallel loop (over the tiles of a batch, snn-tile-batch)
      // the threads are taken: a nested one would run on one thread anyway.
      bool nested = op->getParentOfType<scf::ParallelOp>() != nullptr;
      bool parallelize = parallelMinWork > 0 && work >= minWork && !nested;
      // A dense op that reads many bytes of weights (a fully connected
      // layer at batch 1, a convolution on a small map) is bound by memory
      // and gains from a second thread's bandwidth whatever its work.
      int64_t weightBytes = getInputBytes(op, *plan, /*weights=*/true);
      if (parallelMinWork > 0 && parallelMinWeightBytes > 0 && skipInput < 0 &&
          !nested && weightBytes >= parallelMinWeightBytes)
        parallelize = true;
      SmallVector<int64_t> outerBounds;
      for (unsigned dim : plan->outerDims)
        outerBounds.push_back(plan->bounds[dim]);
      Tiling tiling = chooseTiling(n, width, budget, extents, maxBlock,
                                   outerBounds, parallelize ? host.threads : 1);
      OpBuilder builder(op);
      Emitter emitter(builder, op, *plan, tiling, skipInput, parallelize);
      emitter.compressEvents = skipZerosLists;
      emitter.cacheBytes = weightCacheBytes;
      emitter.splitMinSteps = splitMinSteps;
      emitter.streamMinBytes = streamMinBytes;
      emitter.threads = host.threads;
      if (parallelize) {
        emitter.weightBytes = weightBytes;
        emitter.otherInputBytes = getInputBytes(op, *plan, /*weights=*/false);
      }
      emitter.scatterMaxInputs = scatterMaxInputs;
      emitter.vectorWidth = width;
      emitter.maxAccumulators = budget;
      if (symbols)
        emitter.packWeights = [&](OpOperand *input) -> Value {
          Value buffer =
              packConstantWeights(builder, *symbols, op, *plan, tiling, input);
          if (buffer) {
            unpacked.push_back(input->get().getDefiningOp());
            ++numPackedWeights;
          }
          return buffer;
        };
      auto fused = fusedInits.find(op);
      if (fused != fusedInits.end()) {
        emitter.initScalar = fused->second.scalar;
        emitter.initBias = fused->second.bias;
      }
      auto epilogue = epilogues.find(op);
      if (epilogue != epilogues.end())
        emitter.epilogue = epilogue->second;
      emitter.emit();
      numSplitOps += emitter.numSplit > 0;
      if (fused != fusedInits.end()) {
        fused->second.op->erase();
        ++numFusedInits;
      }
      numCompressedOps += emitter.numCompressed;
      numScatteredOps += emitter.numScattered;
      if (emitter.numParallel > 0)
        ++numParallelOps;
      op->erase();
      ++numVectorized;
    }
    for (auto [contraction, epilogue] : epilogues) {
      epilogue->erase();
      ++numFusedEpilogues;
    }
    // The weights that were packed (the reshapes, the get_global and the
    // global), when nothing else reads them.
    DenseSet<Operation *> erased;
    for (Operation *op : unpacked) {
      while (op && !erased.contains(op) && op->use_empty()) {
        Operation *source =
            op->getNumOperands() ? op->getOperand(0).getDefiningOp() : nullptr;
        StringAttr name;
        if (auto get = dyn_cast<memref::GetGlobalOp>(op))
          name = get.getNameAttr().getAttr();
        erased.insert(op);
        op->erase();
        if (name)
          if (Operation *global = symbols->lookup(name))
            if (SymbolTable::symbolKnownUseEmpty(global, getOperation()))
              symbols->erase(global);
        op = source;
      }
    }
  }
};
} // namespace
