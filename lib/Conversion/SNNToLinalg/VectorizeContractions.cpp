//===- VectorizeContractions.cpp - register-blocked contraction loops -----===//
//
// Part of snn-mlir.
//
// --snn-vectorize-contractions: lowers linalg.generic ops on buffers whose
// iterators are ordered as --snn-schedule-linalg leaves them (parallel...,
// reduction..., innermost parallel) into scf loops over vectors: the
// innermost (unit-stride) dimension is cut into vectors of up to 8 elements
// that stay in registers, as accumulators, over all the reduction loops,
// for a block of consecutive positions of the last outer parallel dimension.
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

#include "SNN/Conversion/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

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
  int64_t block = 1;                // positions of the last outer dim
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

namespace {
/// Emits the vector loops of one generic.
class Emitter {
public:
  Emitter(OpBuilder &b, linalg::GenericOp op, const Plan &plan, int skipInput)
      : b(b), op(op), plan(plan), skipInput(skipInput), loc(op.getLoc()) {}

  void emit();

private:
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  /// Indices of operand `operand` for the dimension values `dims`.
  SmallVector<Value> indices(OpOperand *operand, ArrayRef<Value> dims) {
    AffineMap map = op.getMatchingIndexingMap(operand);
    SmallVector<Value> result;
    for (AffineExpr expr : map.getResults()) {
      AffineMap one = AffineMap::get(map.getNumDims(), 0, expr);
      result.push_back(
          affine::makeComposedAffineApply(b, loc, one, getAsOpFoldResult(dims))
              .getResult());
    }
    return result;
  }
  /// The body applied to vectors of `width` elements.
  Value body(ArrayRef<Value> operands, int64_t width) {
    IRMapping mapping;
    Block *block = op.getBody();
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
  int skipInput;
  Location loc;
};
} // namespace

void Emitter::emit() {
  constexpr int64_t vectorWidth = 8;
  constexpr int64_t maxAccumulators = 10;
  int64_t n = plan.bounds[plan.inner];
  // Pieces of the inner dimension: full vectors, then the rest.
  SmallVector<std::pair<int64_t, int64_t>> pieces; // (offset, width)
  for (int64_t offset = 0; offset < n; offset += vectorWidth)
    pieces.push_back({offset, std::min(vectorWidth, n - offset)});
  // Groups of pieces that fit the accumulator budget with the block.
  int64_t block = plan.block;
  int64_t perGroup = std::max<int64_t>(1, maxAccumulators / block);
  Type elementType = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());

  SmallVector<Value> dims(plan.numLoops);
  auto buildOuter = [&](auto &&self, unsigned level) -> void {
    if (level < plan.outerDims.size()) {
      unsigned dim = plan.outerDims[level];
      bool blocked = level + 1 == plan.outerDims.size() && block > 1;
      auto loop = scf::ForOp::create(b, loc, index(0), index(plan.bounds[dim]),
                                     index(blocked ? block : 1));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      dims[dim] = loop.getInductionVar();
      self(self, level + 1);
      return;
    }
    // Innermost: groups of pieces of the inner dimension.
    bool hasBlockedDim = block > 1 && !plan.outerDims.empty();
    unsigned blockedDim = hasBlockedDim ? plan.outerDims.back() : 0;
    for (size_t first = 0; first < pieces.size(); first += perGroup) {
      ArrayRef<std::pair<int64_t, int64_t>> group = ArrayRef(pieces).slice(
          first, std::min<size_t>(perGroup, pieces.size() - first));
      // Dimension values of block position `p` (and piece offset).
      auto dimsAt = [&](int64_t p, int64_t offset) {
        SmallVector<Value> values(dims);
        if (hasBlockedDim && p > 0)
          values[blockedDim] =
              arith::AddIOp::create(b, loc, dims[blockedDim], index(p));
        values[plan.inner] = index(offset);
        return values;
      };
      OpOperand *init = op.getDpsInitOperand(0);
      SmallVector<Value> accs;
      for (int64_t p = 0; p < block; ++p)
        for (auto [offset, width] : group)
          accs.push_back(vector::LoadOp::create(
              b, loc, VectorType::get({width}, elementType), init->get(),
              indices(init, dimsAt(p, offset))));
      // Reduction loops carrying the accumulators.
      auto buildReduce = [&](auto &&self, unsigned level,
                             ValueRange current) -> SmallVector<Value> {
        if (level < plan.reduceDims.size()) {
          unsigned dim = plan.reduceDims[level];
          auto loop = scf::ForOp::create(
              b, loc, index(0), index(plan.bounds[dim]), index(1), current);
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(loop.getBody());
          dims[dim] = loop.getInductionVar();
          SmallVector<Value> next =
              self(self, level + 1, loop.getRegionIterArgs());
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
                Type type = VectorType::get({width},
                                            getElementTypeOrSelf(input->get()));
                if (plan.access[i] == Access::Scalar)
                  operands.push_back(
                      vector::BroadcastOp::create(b, loc, type, scalars[i]));
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
          if (skipInput >= 0) {
            Value scalar = scalars[skipInput];
            Value zero = arith::ConstantOp::create(
                b, loc, b.getFloatAttr(scalar.getType(), 0.0));
            anyNonZero = arith::CmpFOp::create(
                b, loc, arith::CmpFPredicate::UNE, scalar, zero);
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
      unsigned k = 0;
      for (int64_t p = 0; p < block; ++p)
        for (auto [offset, width] : group)
          vector::StoreOp::create(b, loc, results[k++], init->get(),
                                  indices(init, dimsAt(p, offset)));
    }
  };
  buildOuter(buildOuter, 0);
}

namespace {
struct SNNVectorizeContractionsPass
    : public snn::impl::SNNVectorizeContractionsPassBase<
          SNNVectorizeContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> generics;
    getOperation()->walk([&](linalg::GenericOp op) { generics.push_back(op); });
    for (linalg::GenericOp op : generics) {
      std::optional<Plan> plan = getPlan(op);
      if (!plan)
        continue;
      // Event-driven steps for wide enough rows.
      int64_t n = plan->bounds[plan->inner];
      int skipInput = -1;
      if (skipZeros && n >= skipZerosMinWidth)
        skipInput = getSkippableInput(op, *plan);
      // Block the last outer dimension when the inner one is short.
      int64_t pieces = (n + 7) / 8;
      if (!plan->outerDims.empty() && skipInput < 0) {
        int64_t size = plan->bounds[plan->outerDims.back()];
        for (int64_t block = std::min<int64_t>(8, 10 / pieces); block > 1;
             --block) {
          if (size % block == 0) {
            plan->block = block;
            break;
          }
        }
      }
      OpBuilder builder(op);
      Emitter(builder, op, *plan, skipInput).emit();
      op->erase();
      ++numVectorized;
    }
  }
};
} // namespace
