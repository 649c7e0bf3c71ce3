//===- TileBatch.cpp - the time loop on tiles of a model batch --*- C++ -*-===//
//
// Part of snn-mlir.
//
// --snn-tile-batch: a model batch of B samples carries the state of all of
// them through every step, so each layer's pass over its neurons touches B
// samples' bytes, which leave the caches as B grows. When the samples do not
// mix in the time loop, the loop runs once per tile of T samples instead: an
// scf.for over the tiles slices the loop's inputs along their sample
// dimension, runs a copy of the loop on T samples, and inserts its results
// into tensors of all B samples; with `parallel`, the tiles are the
// iterations of an scf.forall (threads run whole time loops). Every sample's
// ops run on the same values in the same order: bit-identical.
//
// The sample dimension of each value is followed from the function's
// arguments (their dimension 0) through the ops before and in the loop (a
// forward analysis with a rule per op kind); the loop-carried values take the
// dimension that the values yielded for them have (the body is walked until
// they settle, then checked). A value without one is "shared" (constants,
// weights, scalars). Any op in the loop without a rule, or whose rule fails,
// leaves the loop as it is.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNTILEBATCHPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

namespace {
/// The sample dimension of a value: a dimension index, or one of these.
enum : int {
  kShared = -1,  // no sample dimension (constants, weights, scalars)
  kUnknown = -2, // a loop-carried value not resolved yet
  kOpaque = -3,  // produced by an op without a rule (before the loop)
};

/// The forward analysis of the sample dimension, for one function.
class SampleDims {
public:
  explicit SampleDims(int64_t batch) : batch(batch) {}

  int get(Value value) const {
    auto it = dims.find(value);
    if (it != dims.end())
      return it->second;
    // Values defined by ops the analysis did not visit (inside regions) and
    // non-tensors are shared.
    return isa<RankedTensorType>(value.getType()) ? kOpaque : kShared;
  }
  void set(Value value, int dim) { dims[value] = dim; }

  /// Sets the dimensions of `op`'s results from its operands'. Fails for an
  /// op without a rule or whose samples would mix.
  LogicalResult visit(Operation *op);

private:
  LogicalResult setAll(Operation *op, int dim) {
    for (Value result : op->getResults())
      set(result, dim);
    return success();
  }
  /// Whether `value` (shared) has size 1 at `dim` or is not a tensor of
  /// `rank` dimensions (a scalar operand, tosa.mul's shift).
  bool broadcasts(Value value, int dim, int64_t rank) const {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type || type.getRank() != rank)
      return true;
    return type.getDimSize(dim) == 1;
  }
  LogicalResult visitElementwise(Operation *op);
  LogicalResult visitSampleInput(Operation *op, Value input);
  LogicalResult visitReshape(tosa::ReshapeOp op);
  LogicalResult visitExtractSlice(tensor::ExtractSliceOp op);
  LogicalResult visitIf(scf::IfOp op);
  LogicalResult visitInsertSlice(tensor::InsertSliceOp op);
  /// Whether the slice `op` takes dimension `dim` of its (larger) tensor
  /// whole: offset 0, size `batch`, stride 1, all static.
  bool takesWhole(OffsetSizeAndStrideOpInterface op, int dim) const {
    return op.isDynamicOffset(dim) == false && op.getStaticOffset(dim) == 0 &&
           !op.isDynamicSize(dim) && op.getStaticSize(dim) == batch &&
           !op.isDynamicStride(dim) && op.getStaticStride(dim) == 1;
  }
  LogicalResult visitMatmul(tosa::MatMulOp op);
  /// An op whose result has the sample dimension of operand `input` at the
  /// same index, when `keeps(dim)` holds and the other operands are shared.
  LogicalResult visitKeeping(Operation *op, Value input,
                             function_ref<bool(int)> keeps);

  int64_t batch;
  DenseMap<Value, int> dims;
};
} // namespace

LogicalResult SampleDims::visitElementwise(Operation *op) {
  int dim = kShared;
  bool unknown = false;
  for (Value operand : op->getOperands()) {
    int d = get(operand);
    if (d == kOpaque)
      return failure();
    if (d == kUnknown) {
      unknown = true;
      continue;
    }
    if (d == kShared)
      continue;
    if (dim != kShared && dim != d)
      return failure();
    dim = d;
  }
  if (dim == kShared)
    return setAll(op, unknown ? kUnknown : kShared);
  for (Value result : op->getResults()) {
    auto type = dyn_cast<RankedTensorType>(result.getType());
    if (!type || type.getRank() <= dim || type.getDimSize(dim) != batch)
      return failure();
  }
  for (Value operand : op->getOperands())
    if (get(operand) == kShared &&
        !broadcasts(
            operand, dim,
            cast<RankedTensorType>(op->getResult(0).getType()).getRank()))
      return failure();
  return setAll(op, dim);
}

LogicalResult SampleDims::visitKeeping(Operation *op, Value input,
                                       function_ref<bool(int)> keeps) {
  int dim = get(input);
  if (dim == kOpaque || dim == kUnknown)
    return failure();
  for (Value operand : op->getOperands())
    if (operand != input && get(operand) != kShared)
      return failure();
  if (dim == kShared)
    return setAll(op, kShared);
  if (!keeps(dim))
    return failure();
  return setAll(op, dim);
}

LogicalResult SampleDims::visitSampleInput(Operation *op, Value input) {
  // Convolutions and pooling: the samples are dimension 0 of the input and
  // of the result.
  return visitKeeping(op, input, [](int dim) { return dim == 0; });
}

LogicalResult SampleDims::visitReshape(tosa::ReshapeOp op) {
  int dim = get(op.getInput1());
  if (dim == kOpaque || dim == kUnknown)
    return failure();
  if (dim == kShared)
    return setAll(op, kShared);
  // Each sample's elements stay one contiguous block only when every
  // dimension before the sample dimension has size 1, before and after.
  ArrayRef<int64_t> from = op.getInput1().getType().getShape();
  ArrayRef<int64_t> to = op.getType().getShape();
  for (int i = 0; i < dim; ++i)
    if (from[i] != 1)
      return failure();
  int newDim = 0;
  while (newDim < int(to.size()) && to[newDim] == 1)
    ++newDim;
  if (newDim == int(to.size()) || to[newDim] != batch)
    return failure();
  return setAll(op, newDim);
}

// A delay's ring buffer (time slots, then the value's dimensions): a step
// reads and writes one slot, every sample of it.
LogicalResult SampleDims::visitExtractSlice(tensor::ExtractSliceOp op) {
  int dim = get(op.getSource());
  for (Value operand : op->getOperands().drop_front())
    if (get(operand) != kShared)
      return failure();
  if (dim == kShared)
    return setAll(op, kShared);
  if (dim < 0 || !takesWhole(op, dim))
    return failure();
  llvm::SmallBitVector dropped = op.getDroppedDims();
  if (dropped.test(dim))
    return failure();
  int newDim = dim;
  for (int i = 0; i < dim; ++i)
    newDim -= dropped.test(i);
  return setAll(op, newDim);
}

LogicalResult SampleDims::visitInsertSlice(tensor::InsertSliceOp op) {
  int source = get(op.getSource()), dest = get(op.getDest());
  for (Value operand : op->getOperands().drop_front(2))
    if (get(operand) != kShared)
      return failure();
  if (source == kOpaque || dest == kOpaque || source == kShared ||
      dest == kShared)
    return failure();
  // The dimension of the destination that the source's sample dimension is
  // (the source's dimensions are the destination's not dropped, in order).
  int mapped = -1;
  if (source >= 0) {
    llvm::SmallBitVector dropped = op.getDroppedDims();
    for (int i = 0, seen = 0; i < int(dropped.size()); ++i) {
      if (dropped.test(i))
        continue;
      if (seen++ == source) {
        mapped = i;
        break;
      }
    }
    if (mapped < 0 || (dest >= 0 && dest != mapped))
      return failure();
  } else if (dest >= 0) {
    return failure(); // the source's dimension unknown (first walk)
  } else {
    return failure();
  }
  if (!takesWhole(op, mapped))
    return failure();
  return setAll(op, mapped);
}

// A branch on a shared condition (decode=trace writes the first steps'
// outputs under `t < trace-steps`): the ops of both branches, and each
// result with the dimension that both branches yield for it.
LogicalResult SampleDims::visitIf(scf::IfOp op) {
  if (get(op.getCondition()) != kShared)
    return failure();
  for (Region *region : {&op.getThenRegion(), &op.getElseRegion()})
    for (Block &block : *region)
      for (Operation &inner : block.without_terminator())
        if (failed(visit(&inner)))
          return failure();
  if (op.getNumResults() && op.getElseRegion().empty())
    return failure();
  for (auto [i, result] : llvm::enumerate(op.getResults())) {
    // A branch that yields a carried value not resolved yet agrees with the
    // other (the loop's last walk has them all).
    int then = get(op.thenYield().getOperand(i));
    int other = get(op.elseYield().getOperand(i));
    if (then == kUnknown)
      then = other;
    else if (other == kUnknown)
      other = then;
    if (then == kOpaque || then != other)
      return failure();
    set(result, then);
  }
  return success();
}

LogicalResult SampleDims::visitMatmul(tosa::MatMulOp op) {
  int a = get(op.getA()), b = get(op.getB());
  if (a == kOpaque || a == kUnknown || b == kOpaque || b == kUnknown)
    return failure();
  for (Value zp : {op.getAZp(), op.getBZp()})
    if (get(zp) != kShared)
      return failure();
  if (a == kShared && b == kShared)
    return setAll(op, kShared);
  // [N, H, W] x [N, W, C]: samples in N (both operands), in the rows H of
  // the left one, or in the columns C of the right one.
  if (a == 0 && b == 0)
    return setAll(op, 0);
  if (a == 1 && b == kShared)
    return setAll(op, 1);
  if (a == kShared && b == 2)
    return setAll(op, 2);
  return failure();
}

LogicalResult SampleDims::visit(Operation *op) {
  if (op->hasTrait<OpTrait::ConstantLike>())
    return setAll(op, kShared);
  // Scalar ops (the step counter, dt, a delay's slot).
  if (op->getNumRegions() == 0 &&
      llvm::none_of(op->getOperandTypes(), llvm::IsaPred<ShapedType>) &&
      llvm::none_of(op->getResultTypes(), llvm::IsaPred<ShapedType>))
    return setAll(op, kShared);
  if (isa<SNNDialect>(op->getDialect()) &&
      op->hasTrait<OpTrait::Elementwise>() && op->getNumRegions() == 0)
    return visitElementwise(op);
  if (op->hasTrait<OpTrait::tosa::TosaElementwiseOperator>() ||
      isa<tosa::CastOp, tosa::RescaleOp, tosa::MulOp, tosa::NegateOp,
          tosa::TableOp>(op))
    return visitElementwise(op);
  if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
    // The decoding's accumulators: identity maps, all parallel, and nothing
    // that depends on the position (linalg.index).
    if (!llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap map) { return map.isIdentity(); }) ||
        generic.getNumReductionLoops() != 0 ||
        !generic.getBody()->getOps<linalg::IndexOp>().empty())
      return failure();
    bool capturesTensor = false;
    generic.getRegion().walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        if (!generic->isAncestor(operand.getParentRegion()->getParentOp()) &&
            isa<ShapedType>(operand.getType()))
          capturesTensor = true;
    });
    if (capturesTensor)
      return failure();
    return visitElementwise(op);
  }
  if (auto empty = dyn_cast<tensor::EmptyOp>(op)) {
    // An uninitialized tensor (the destination of a linalg.generic): its
    // first dimension of the batch's size, if any; the ops that use it check
    // that it agrees with their other operands.
    if (!empty.getType().hasStaticShape())
      return failure();
    ArrayRef<int64_t> shape = empty.getType().getShape();
    auto it = llvm::find(shape, batch);
    return setAll(op, it == shape.end() ? kShared : int(it - shape.begin()));
  }
  // Convolutions, pools and resizes: samples in the first dimension of
  // their input and result.
  Value sampleInput = TypeSwitch<Operation *, Value>(op)
                          .Case<tosa::Conv2DOp, tosa::DepthwiseConv2DOp,
                                tosa::TransposeConv2DOp, tosa::AvgPool2dOp,
                                tosa::MaxPool2dOp, tosa::ResizeOp>(
                              [](auto windowed) { return windowed.getInput(); })
                          .Default([](Operation *) { return Value(); });
  if (sampleInput)
    return visitSampleInput(op, sampleInput);
  if (auto reshape = dyn_cast<tosa::ReshapeOp>(op))
    return visitReshape(reshape);
  if (auto ifOp = dyn_cast<scf::IfOp>(op))
    return visitIf(ifOp);
  if (auto extract = dyn_cast<tensor::ExtractSliceOp>(op))
    return visitExtractSlice(extract);
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(op))
    return visitInsertSlice(insert);
  if (auto matmul = dyn_cast<tosa::MatMulOp>(op))
    return visitMatmul(matmul);
  if (auto transpose = dyn_cast<tosa::TransposeOp>(op)) {
    int dim = get(transpose.getInput1());
    if (dim == kOpaque || dim == kUnknown)
      return failure();
    if (dim == kShared)
      return setAll(op, kShared);
    ArrayRef<int32_t> perms = transpose.getPerms();
    auto it = llvm::find(perms, dim);
    if (it == perms.end())
      return failure();
    return setAll(op, int(it - perms.begin()));
  }
  if (auto pad = dyn_cast<tosa::PadOp>(op)) {
    SmallVector<int64_t> padding;
    if (!tosa::getConstShapeValues(pad.getPadding().getDefiningOp(), padding))
      return failure();
    return visitKeeping(op, pad.getInput1(), [&](int dim) {
      return padding[2 * dim] == 0 && padding[2 * dim + 1] == 0;
    });
  }
  if (auto slice = dyn_cast<tosa::SliceOp>(op)) {
    SmallVector<int64_t> start, size;
    if (!tosa::getConstShapeValues(slice.getStart().getDefiningOp(), start) ||
        !tosa::getConstShapeValues(slice.getSize().getDefiningOp(), size))
      return failure();
    return visitKeeping(op, slice.getInput1(), [&](int dim) {
      return start[dim] == 0 && (size[dim] == batch || size[dim] == -1);
    });
  }
  if (auto tile = dyn_cast<tosa::TileOp>(op)) {
    SmallVector<int64_t> multiples;
    if (!tosa::getConstShapeValues(tile.getMultiples().getDefiningOp(),
                                   multiples))
      return failure();
    return visitKeeping(op, tile.getInput1(),
                        [&](int dim) { return multiples[dim] == 1; });
  }
  if (auto concat = dyn_cast<tosa::ConcatOp>(op)) {
    // Every operand has the samples at the same dimension, not the axis.
    int dim = kShared;
    for (Value operand : concat.getInput1()) {
      int d = get(operand);
      if (d < 0 || (dim != kShared && d != dim))
        return failure();
      dim = d;
    }
    if (dim == kShared || int(concat.getAxis()) == dim)
      return failure();
    return setAll(op, dim);
  }
  if (isa<tosa::ReduceSumOp, tosa::ReduceMaxOp, tosa::ReduceMinOp,
          tosa::ReduceProductOp, tosa::ReduceAllOp, tosa::ReduceAnyOp>(op)) {
    auto axis = op->getAttrOfType<IntegerAttr>("axis");
    if (!axis)
      return failure();
    return visitKeeping(op, op->getOperand(0),
                        [&](int dim) { return axis.getInt() != dim; });
  }
  return failure();
}

/// The batch of `func`: the first dimension of every tensor argument and
/// result, when they agree; 0 otherwise.
static int64_t getBatch(func::FuncOp func) {
  int64_t batch = 0;
  auto check = [&](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return isa<IntegerType, FloatType, IndexType>(type);
    if (tensor.getRank() == 0 || tensor.isDynamicDim(0))
      return false;
    if (batch && tensor.getDimSize(0) != batch)
      return false;
    batch = tensor.getDimSize(0);
    return true;
  };
  for (Type type : func.getArgumentTypes())
    if (!check(type))
      return 0;
  for (auto [i, resultType] : llvm::enumerate(func.getResultTypes())) {
    // A trace (decode=trace) has the steps first, then the samples.
    Type type = resultType;
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (tensor && tensor.getRank() >= 2 && func.getResultAttr(i, "snn.trace"))
      type = RankedTensorType::get(tensor.getShape().drop_front(),
                                   tensor.getElementType());
    if (!check(type))
      return 0;
  }
  return batch;
}

/// Whether `loop` is a time loop: its body holds an snn step op.
static bool isTimeLoop(scf::ForOp loop) {
  return llvm::any_of(loop.getBody()->getOperations(), [](Operation &op) {
    return isa<LIFStepOp, IFStepOp, IzhikevichStepOp, LowpassStepOp>(op);
  });
}

/// The sample dimensions of `loop`'s carried values (and so of its results),
/// or failure when the loop mixes samples. `dims` holds the analysis of the
/// ops before the loop and gets that of the loop's body.
static FailureOr<SmallVector<int>> analyzeLoop(scf::ForOp loop,
                                               SampleDims &dims, int64_t batch,
                                               Operation *&culprit) {
  culprit = loop;
  Block *body = loop.getBody();
  unsigned n = loop.getNumRegionIterArgs();
  SmallVector<int> carried(n, kUnknown);
  // The carried values start unknown, except where the initial value has a
  // sample dimension.
  for (unsigned i = 0; i < n; ++i) {
    int init = dims.get(loop.getInitArgs()[i]);
    if (init == kOpaque)
      return failure();
    if (init >= 0)
      carried[i] = init;
  }
  // Walks of the body: tolerant ones (an op that fails, perhaps only for
  // want of a carried value's dimension, leaves its results unknown) until
  // no carried value gets a dimension from the values yielded for it (each
  // walk resolves at least one more, or ends), then a strict one in which
  // every op must hold and every yielded value have its carried value's
  // dimension.
  auto yield = cast<scf::YieldOp>(body->getTerminator());
  for (unsigned walk = 0; walk <= n + 1; ++walk) {
    bool strict = walk == n + 1;
    dims.set(loop.getInductionVar(), kShared);
    for (unsigned i = 0; i < n; ++i)
      dims.set(loop.getRegionIterArgs()[i], carried[i]);
    for (Operation &op : body->without_terminator()) {
      if (succeeded(dims.visit(&op)))
        continue;
      if (!strict) {
        for (Value result : op.getResults())
          dims.set(result, kUnknown);
        continue;
      }
      culprit = &op;
      return failure();
    }
    bool changed = false;
    for (unsigned i = 0; i < n; ++i) {
      int d = dims.get(yield.getOperand(i));
      if (strict) {
        if (d != carried[i])
          return failure();
      } else if (carried[i] == kUnknown && d != kUnknown) {
        carried[i] = d;
        changed = true;
      }
    }
    if (!strict && !changed)
      walk = n; // the next walk is the strict one
  }
  // Every carried value has samples, at a dimension of size `batch`; its
  // initial value has them at the same one, or none (a constant).
  for (unsigned i = 0; i < n; ++i) {
    auto type =
        dyn_cast<RankedTensorType>(loop.getRegionIterArgs()[i].getType());
    if (carried[i] < 0 || !type || type.getDimSize(carried[i]) != batch)
      return failure();
    int init = dims.get(loop.getInitArgs()[i]);
    if (init != carried[i] &&
        !(init == kShared && loop.getInitArgs()[i].getDefiningOp() &&
          loop.getInitArgs()[i]
              .getDefiningOp()
              ->hasTrait<OpTrait::ConstantLike>()))
      return failure();
  }
  // Values from before the loop that the body reads: shared or with samples.
  WalkResult walk = body->walk([&](Operation *op) {
    for (Value operand : op->getOperands())
      if (!loop->isAncestor(operand.getParentRegion()->getParentOp()) &&
          dims.get(operand) == kOpaque) {
        culprit = op;
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  return carried;
}

/// `type` with `size` at `dim`.
static RankedTensorType withSize(RankedTensorType type, int dim, int64_t size) {
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] = size;
  return type.clone(shape);
}

/// The offsets, sizes and strides of the `tile` samples from `first` of a
/// value of `type` (samples at `dim`).
static void getTileSlice(OpBuilder &b, RankedTensorType type, int dim,
                         Value first, int64_t tile,
                         SmallVectorImpl<OpFoldResult> &offsets,
                         SmallVectorImpl<OpFoldResult> &sizes,
                         SmallVectorImpl<OpFoldResult> &strides) {
  offsets.assign(type.getRank(), b.getIndexAttr(0));
  strides.assign(type.getRank(), b.getIndexAttr(1));
  sizes.clear();
  for (int64_t extent : type.getShape())
    sizes.push_back(b.getIndexAttr(extent));
  offsets[dim] = first;
  sizes[dim] = b.getIndexAttr(tile);
}

/// The slice of `value` (samples at `dim`): the `tile` samples from `first`.
static Value sliceSamples(OpBuilder &b, Location loc, Value value, int dim,
                          Value first, int64_t tile) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> offsets, sizes, strides;
  getTileSlice(b, type, dim, first, tile, offsets, sizes, strides);
  return tensor::ExtractSliceOp::create(b, loc, withSize(type, dim, tile),
                                        value, offsets, sizes, strides);
}

/// Gives `clone`, a copy of `op` in the tile's loop, the tile's sample count:
/// its results' types, and the shape operands and static sizes that name it.
static void retype(Operation &op, Operation *clone, const SampleDims &dims,
                   int64_t tile, Location loc) {
  for (auto [old, result] : llvm::zip(op.getResults(), clone->getResults())) {
    int dim = dims.get(old);
    if (dim >= 0)
      result.setType(
          withSize(cast<RankedTensorType>(old.getType()), dim, tile));
  }
  int dim = clone->getNumResults() ? dims.get(op.getResult(0)) : kShared;
  if (dim < 0)
    return;
  ImplicitLocOpBuilder lb(loc, clone);
  if (auto reshape = dyn_cast<tosa::ReshapeOp>(clone)) {
    reshape.getShapeMutable().assign(
        tosa::getTosaConstShape(lb, reshape.getType().getShape()));
  } else if (auto slice = dyn_cast<tosa::SliceOp>(clone)) {
    SmallVector<int64_t> size;
    tosa::getConstShapeValues(slice.getSize().getDefiningOp(), size);
    size[dim] = tile;
    slice.getSizeMutable().assign(tosa::getTosaConstShape(lb, size));
  } else if (auto extract = dyn_cast<tensor::ExtractSliceOp>(clone)) {
    // The sample dimension of the source (the ring buffer).
    SmallVector<int64_t> sizes(extract.getStaticSizes());
    sizes[dims.get(cast<tensor::ExtractSliceOp>(op).getSource())] = tile;
    extract.setStaticSizes(sizes);
  } else if (auto insert = dyn_cast<tensor::InsertSliceOp>(clone)) {
    SmallVector<int64_t> sizes(insert.getStaticSizes());
    sizes[dim] = tile;
    insert.setStaticSizes(sizes);
  }
}

/// Builds at `nb` the time loop `loop` of the `tile` samples from `first`:
/// its inputs sliced, a copy of its body with `tile` samples. Returns the
/// copy's results.
static ValueRange buildTile(OpBuilder &nb, Location loc, scf::ForOp loop,
                            const SampleDims &dims, ArrayRef<int> carried,
                            ArrayRef<Value> sliced, Value first, int64_t tile) {
  IRMapping map;
  // Each slice copied into a tensor of its own: the loop's kernels then read
  // a buffer with the identity layout (a view at a dynamic offset keeps
  // their loops from being flattened and vectorized).
  for (Value value : sliced) {
    Value slice = sliceSamples(nb, loc, value, dims.get(value), first, tile);
    auto type = cast<RankedTensorType>(slice.getType());
    Value empty = tensor::EmptyOp::create(nb, loc, type.getShape(),
                                          type.getElementType());
    map.map(value, linalg::CopyOp::create(nb, loc, slice, empty).getResult(0));
  }
  SmallVector<Value> inits;
  for (auto [init, dim] : llvm::zip(loop.getInitArgs(), carried))
    inits.push_back(
        sliceSamples(nb, loc, map.lookupOrDefault(init), dim, first, tile));
  auto inner =
      scf::ForOp::create(nb, loc, map.lookupOrDefault(loop.getLowerBound()),
                         map.lookupOrDefault(loop.getUpperBound()),
                         map.lookupOrDefault(loop.getStep()), inits);
  map.map(loop.getInductionVar(), inner.getInductionVar());
  map.map(loop.getRegionIterArgs(), inner.getRegionIterArgs());
  // The body as created: empty (with carried values), or a terminator.
  Operation *terminator =
      inner.getBody()->empty() ? nullptr : inner.getBody()->getTerminator();
  OpBuilder ib = OpBuilder::atBlockEnd(inner.getBody());
  if (terminator)
    ib.setInsertionPoint(terminator);
  for (Operation &top : loop.getBody()->without_terminator()) {
    Operation *topClone = ib.clone(top, map);
    // The clone and its nested ops (an scf.if's), in the same order as the
    // original's.
    SmallVector<Operation *> olds, clones;
    top.walk<WalkOrder::PreOrder>([&](Operation *op) { olds.push_back(op); });
    topClone->walk<WalkOrder::PreOrder>(
        [&](Operation *op) { clones.push_back(op); });
    for (auto [opPtr, clone] : llvm::zip_equal(olds, clones))
      retype(*opPtr, clone, dims, tile, loc);
  }
  auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
  SmallVector<Value> yielded;
  for (Value value : yield.getOperands())
    yielded.push_back(map.lookupOrDefault(value));
  if (terminator)
    terminator->erase();
  ib.setInsertionPointToEnd(inner.getBody());
  scf::YieldOp::create(ib, loc, yielded);
  return inner.getResults();
}

/// Runs `loop` on tiles of `tile` samples (see the file comment), one after
/// another or, when `parallel`, as the iterations of an scf.forall.
static void tileLoop(scf::ForOp loop, const SampleDims &dims,
                     ArrayRef<int> carried, int64_t batch, int64_t tile,
                     bool parallel) {
  Location loc = loop.getLoc();
  OpBuilder b(loop);
  // The values from before the loop that the body reads, with samples.
  SetVector<Value> slicedSet;
  loop.getBody()->walk([&](Operation *op) {
    for (Value operand : op->getOperands())
      if (!loop->isAncestor(operand.getParentRegion()->getParentOp()) &&
          dims.get(operand) >= 0)
        slicedSet.insert(operand);
  });
  ArrayRef<Value> sliced = slicedSet.getArrayRef();
  // The results read after the loop (the decoded outputs, external state)
  // go into tensors of the whole batch; the final state of internal
  // populations is not kept.
  SmallVector<unsigned> kept;
  SmallVector<Value> dests;
  for (OpResult result : loop->getResults()) {
    if (result.use_empty())
      continue;
    kept.push_back(result.getResultNumber());
    auto type = cast<RankedTensorType>(result.getType());
    dests.push_back(tensor::EmptyOp::create(b, loc, type.getShape(),
                                            type.getElementType()));
  }
  SmallVector<OpFoldResult> offsets, sizes, strides;
  ValueRange results;
  if (parallel) {
    auto forall = scf::ForallOp::create(
        b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(batch)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(tile)}, dests,
        /*mapping=*/std::nullopt);
    OpBuilder nb = OpBuilder::atBlockBegin(forall.getBody());
    Value first = forall.getInductionVar(0);
    ValueRange tileResults =
        buildTile(nb, loc, loop, dims, carried, sliced, first, tile);
    // The tile's results into the whole batch's.
    nb.setInsertionPointToEnd(forall.getTerminator().getBody());
    for (auto [out, index] : llvm::zip(forall.getRegionOutArgs(), kept)) {
      getTileSlice(nb, cast<RankedTensorType>(out.getType()), carried[index],
                   first, tile, offsets, sizes, strides);
      tensor::ParallelInsertSliceOp::create(nb, loc, tileResults[index], out,
                                            offsets, sizes, strides);
    }
    results = forall.getResults();
  } else {
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value end = arith::ConstantIndexOp::create(b, loc, batch);
    Value step = arith::ConstantIndexOp::create(b, loc, tile);
    auto tiles = scf::ForOp::create(
        b, loc, zero, end, step, dests,
        [&](OpBuilder &nb, Location loc, Value first, ValueRange outs) {
          ValueRange tileResults =
              buildTile(nb, loc, loop, dims, carried, sliced, first, tile);
          // The tile's results into the whole batch's.
          SmallVector<Value> inserted;
          for (auto [out, index] : llvm::zip(outs, kept)) {
            getTileSlice(nb, cast<RankedTensorType>(out.getType()),
                         carried[index], first, tile, offsets, sizes, strides);
            inserted.push_back(tensor::InsertSliceOp::create(
                nb, loc, tileResults[index], out, offsets, sizes, strides));
          }
          scf::YieldOp::create(nb, loc, inserted);
        });
    results = tiles.getResults();
  }
  for (auto [index, result] : llvm::zip(kept, results))
    loop.getResult(index).replaceAllUsesWith(result);
  loop.erase();
}

namespace {
struct SNNTileBatchPass
    : public snn::impl::SNNTileBatchPassBase<SNNTileBatchPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    int64_t batch = getBatch(func);
    if (batch <= 1)
      return;
    SampleDims dims(batch);
    for (BlockArgument arg : func.getArguments())
      dims.set(arg, isa<RankedTensorType>(arg.getType()) ? 0 : kShared);
    SmallVector<std::pair<scf::ForOp, SmallVector<int>>> loops;
    for (Operation &op : func.getBody().front()) {
      auto loop = dyn_cast<scf::ForOp>(op);
      if (loop && isTimeLoop(loop)) {
        Operation *culprit = nullptr;
        FailureOr<SmallVector<int>> carried =
            analyzeLoop(loop, dims, batch, culprit);
        if (succeeded(carried)) {
          loops.push_back({loop, *carried});
          continue;
        }
        if (remarks)
          culprit->emitRemark()
              << "snn-tile-batch: the time loop is not tiled: this op ('"
              << culprit->getName() << "') "
              << (culprit == loop.getOperation()
                      ? "carries a value without a sample dimension"
                      : "may mix the samples (or has no rule for them)");
        // Not tiled: the results have no known sample dimension.
        for (Value result : loop.getResults())
          dims.set(result, kOpaque);
        continue;
      }
      if (failed(dims.visit(&op)))
        for (Value result : op.getResults())
          dims.set(result, kOpaque);
    }
    for (auto &[loop, carried] : loops) {
      int64_t size = tile;
      if (size <= 0) {
        // The largest divisor of the batch whose state fits.
        int64_t bytes = 0;
        for (Value value : loop.getRegionIterArgs()) {
          auto type = cast<RankedTensorType>(value.getType());
          bytes += type.getNumElements() *
                   ((type.getElementTypeBitWidth() + 7) / 8) / batch;
        }
        size = 1;
        for (int64_t d = 1; d <= batch; ++d)
          if (batch % d == 0 && d * bytes <= maxTileBytes &&
              batch / d >= minTiles)
            size = d;
      } else if (batch % size != 0) {
        // Tiles of equal static size only.
        int64_t d = size;
        while (batch % d != 0)
          --d;
        size = d;
      }
      if (size >= batch)
        continue;
      tileLoop(loop, dims, carried, batch, size, parallel);
      ++numTiled;
    }
  }
};
} // namespace
