//===- MaterializeTime.cpp - explicit time loop -----------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// Level 2 -> 3 of docs/ARCHITECTURE.md: a function whose body uses population
// ops (implicit state) gets the number of steps and dt as arguments, and the
// part of its body that depends on a population op is run in an scf.for over
// the steps, with every population op turned into its step op and its state
// threaded through the loop's iter_args. Input encoding: constant current.
// Output decoding: mean over the steps. Initial state: zeros.
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
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNMATERIALIZETIMEPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

/// Returns true for the ops with implicit state.
static bool isPopulationOp(Operation *op) {
  return isa<LIFOp, IFOp, IzhikevichOp, LowpassOp>(op);
}

/// Returns the number of state variables of population op `op`.
static unsigned getNumStates(Operation *op) {
  return isa<LIFOp, IzhikevichOp>(op) ? 2 : 1;
}

/// Returns true if `type` is a float or a statically shaped ranked tensor of
/// floats: what the loop can carry and average.
static bool isDecodableType(Type type) {
  if (isa<FloatType>(type))
    return true;
  auto tensorType = dyn_cast<RankedTensorType>(type);
  return tensorType && tensorType.hasStaticShape() &&
         isa<FloatType>(tensorType.getElementType());
}

/// Builds `fn` applied element-wise to `inputs` (all of type `type`): arith on
/// a float, a parallel linalg.generic on a ranked tensor, written into `init`
/// (a new tensor if null). On tensors, `fn` also receives the current element
/// of `init`, after the inputs.
static Value
buildElementwise(OpBuilder &builder, Location loc, Type type, ValueRange inputs,
                 function_ref<Value(OpBuilder &, Location, ValueRange)> fn,
                 Value init = Value()) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType)
    return fn(builder, loc, inputs);
  if (!init)
    init = tensor::EmptyOp::create(builder, loc, tensorType.getShape(),
                                   tensorType.getElementType());
  unsigned rank = tensorType.getRank();
  SmallVector<AffineMap> maps(
      inputs.size() + 1,
      AffineMap::getMultiDimIdentityMap(rank, builder.getContext()));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{type}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = fn(nested, nestedLoc, args);
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

/// Returns a zero of `type` (float or static tensor of floats).
static Value buildZero(OpBuilder &builder, Location loc, Type type) {
  return arith::ConstantOp::create(builder, loc,
                                   cast<TypedAttr>(builder.getZeroAttr(type)));
}

/// Replaces population op `op` by its step op, reading the state from
/// `state` and `dt`; returns the new state values.
static SmallVector<Value> replaceByStepOp(OpBuilder &builder, Operation *op,
                                          ValueRange state, Value dt) {
  builder.setInsertionPoint(op);
  Location loc = op->getLoc();
  Type type = op->getResult(0).getType();
  SmallVector<Value> operands = {op->getOperand(0)};
  llvm::append_range(operands, state);
  operands.push_back(dt);
  SmallVector<Type> resultTypes(1 + (isa<LowpassOp>(op) ? 0 : state.size()),
                                type);
  Operation *step = nullptr;
  if (isa<LIFOp>(op))
    step =
        LIFStepOp::create(builder, loc, resultTypes, operands, op->getAttrs());
  else if (isa<IFOp>(op))
    step =
        IFStepOp::create(builder, loc, resultTypes, operands, op->getAttrs());
  else if (isa<IzhikevichOp>(op))
    step = IzhikevichStepOp::create(builder, loc, resultTypes, operands,
                                    op->getAttrs());
  else
    step = LowpassStepOp::create(builder, loc, resultTypes, operands,
                                 op->getAttrs());
  op->getResult(0).replaceAllUsesWith(step->getResult(0));
  op->erase();
  // A lowpass's output is its new state.
  if (isa<LowpassStepOp>(step))
    return {step->getResult(0)};
  return SmallVector<Value>(step->getResults().drop_front());
}

namespace {
/// The choices of the pass's options.
struct TimeOptions {
  /// Decoding: false, the mean over the steps; true, the last step through
  /// a lowpass of time constant `decodeTau` (s).
  bool lowpassDecoding = false;
  double decodeTau = 0.005;
  /// Initial voltages: false, zeros; true, uniform in [0, 1) from the
  /// splitmix64 stream seeded with `seed`.
  bool uniformVoltage = false;
  uint64_t seed = 0;
};
} // namespace

/// Returns the next value of the splitmix64 generator with state `state`.
static uint64_t splitMix64(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Returns a constant of the static float tensor type `type` whose elements,
/// in row-major order, are uniform in [0, 1): the top p bits of the next
/// values of `state`, times 2^-p, p being the element type's precision (so
/// that every value is exact).
static Value buildUniform(OpBuilder &builder, Location loc,
                          RankedTensorType type, uint64_t &state) {
  auto floatType = cast<FloatType>(type.getElementType());
  const llvm::fltSemantics &semantics = floatType.getFloatSemantics();
  unsigned precision = APFloat::semanticsPrecision(semantics);
  SmallVector<APFloat> values;
  values.reserve(type.getNumElements());
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    uint64_t bits = splitMix64(state) >> (64 - precision);
    APFloat value(
        std::ldexp(static_cast<double>(bits), -static_cast<int>(precision)));
    bool losesInfo = false;
    value.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
    values.push_back(value);
  }
  return arith::ConstantOp::create(builder, loc,
                                   DenseElementsAttr::get(type, values));
}

/// Materializes time in `func`; increments the statistics' counters.
static LogicalResult materializeTime(func::FuncOp func, ModuleOp module,
                                     const TimeOptions &options,
                                     unsigned &numPopulations) {
  if (func.isExternal())
    return success();

  // The population ops, all at the top level of the body.
  bool nested = false, found = false;
  func.walk([&](Operation *op) {
    if (!isPopulationOp(op))
      return;
    found = true;
    if (op->getParentOp() == func.getOperation())
      return;
    op->emitError() << "'" << op->getName()
                    << "' inside a nested region is not supported by time "
                       "materialization";
    nested = true;
  });
  if (nested)
    return failure();
  if (!found)
    return success();
  if (!func.getBody().hasOneBlock())
    return func.emitError(
        "time materialization expects a function with a single block");
  if (!SymbolTable::symbolKnownUseEmpty(func, module))
    return func.emitError("cannot materialize time in a function that has "
                          "uses: its signature changes");

  // The ops that depend, transitively, on a population op run at every step;
  // the others (the constant-current encoding of the input) run once.
  Block &body = func.front();
  auto returnOp = cast<func::ReturnOp>(body.getTerminator());
  llvm::SetVector<Operation *> loopOps;
  for (Operation &op : body.without_terminator()) {
    bool dependent = isPopulationOp(&op);
    if (!dependent)
      op.walk([&](Operation *nestedOp) {
        for (Value operand : nestedOp->getOperands())
          if (Operation *def = operand.getDefiningOp())
            dependent |= loopOps.contains(def);
      });
    if (!dependent)
      continue;
    if (isPopulationOp(&op) &&
        !cast<RankedTensorType>(op.getResult(0).getType()).hasStaticShape())
      return op.emitError() << "'" << op.getName()
                            << "' needs a static shape for time "
                               "materialization";
    loopOps.insert(&op);
  }
  SmallVector<unsigned> decoded;
  for (OpOperand &operand : returnOp->getOpOperands()) {
    Operation *def = operand.get().getDefiningOp();
    if (!def || !loopOps.contains(def))
      continue;
    if (!isDecodableType(operand.get().getType()))
      return returnOp.emitError()
             << "result #" << operand.getOperandNumber()
             << " depends on neuron state but is not a float or a statically "
                "shaped tensor of floats; it cannot be averaged over time";
    decoded.push_back(operand.getOperandNumber());
  }

  // New arguments: the number of steps and dt.
  MLIRContext *context = func.getContext();
  Location loc = func.getLoc();
  unsigned numArgs = func.getNumArguments();
  Type i64 = IntegerType::get(context, 64), f32 = Float32Type::get(context);
  if (failed(func.insertArgument(numArgs, i64, {}, loc)) ||
      failed(func.insertArgument(numArgs + 1, f32, {}, loc)))
    return func.emitError("cannot add the time arguments");
  Value numSteps = func.getArgument(numArgs);
  Value dt = func.getArgument(numArgs + 1);

  // Before the loop: dt in each element type, initial states, accumulators.
  OpBuilder builder(returnOp);
  llvm::DenseMap<Type, Value> dtByType, zeroByType;
  auto getDt = [&](Type elementType) {
    Value &value = dtByType[elementType];
    if (value)
      return value;
    auto floatType = cast<FloatType>(elementType);
    if (floatType == f32)
      value = dt;
    else if (floatType.getWidth() > 32)
      value = arith::ExtFOp::create(builder, loc, floatType, dt);
    else
      value = arith::TruncFOp::create(builder, loc, floatType, dt);
    return value;
  };
  auto getZero = [&](Type type) {
    Value &value = zeroByType[type];
    if (!value)
      value = buildZero(builder, loc, type);
    return value;
  };
  SmallVector<Operation *> populations;
  SmallVector<Value> inits;
  uint64_t randomState = options.seed;
  for (Operation *op : loopOps) {
    if (!isPopulationOp(op))
      continue;
    populations.push_back(op);
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    // The voltage is the first state of the neuron models (not of a lowpass).
    if (options.uniformVoltage && !isa<LowpassOp>(op))
      inits.push_back(buildUniform(builder, loc, type, randomState));
    else
      inits.push_back(getZero(type));
    for (unsigned i = 1, e = getNumStates(op); i < e; ++i)
      inits.push_back(getZero(type));
    (void)getDt(type.getElementType());
  }
  unsigned numStates = inits.size();
  for (unsigned index : decoded) {
    Type type = returnOp.getOperand(index).getType();
    inits.push_back(getZero(type));
    if (options.lowpassDecoding)
      (void)getDt(getElementTypeOrSelf(type));
  }

  Value lower = arith::ConstantIndexOp::create(builder, loc, 0);
  Value step = arith::ConstantIndexOp::create(builder, loc, 1);
  Value upper = arith::IndexCastOp::create(builder, loc, builder.getIndexType(),
                                           numSteps);
  auto forOp = scf::ForOp::create(builder, loc, lower, upper, step, inits);
  Block *loopBody = forOp.getBody();
  for (Operation *op : loopOps)
    op->moveBefore(loopBody, loopBody->end());

  // Population ops become step ops on the loop-carried state.
  SmallVector<Value> yielded;
  ValueRange stateArgs = forOp.getRegionIterArgs().take_front(numStates);
  for (Operation *op : populations) {
    unsigned count = getNumStates(op);
    Value opDt = getDt(getElementTypeOrSelf(op->getResult(0).getType()));
    llvm::append_range(
        yielded,
        replaceByStepOp(builder, op, stateArgs.take_front(count), opDt));
    stateArgs = stateArgs.drop_front(count);
    ++numPopulations;
  }

  // Accumulate (or filter) the decoded results, then yield.
  builder.setInsertionPointToEnd(loopBody);
  ValueRange sums = forOp.getRegionIterArgs().drop_front(numStates);
  for (auto [index, sum] : llvm::zip_equal(decoded, sums)) {
    Value value = returnOp.getOperand(index);
    if (options.lowpassDecoding) {
      Type type = value.getType();
      yielded.push_back(LowpassStepOp::create(
          builder, loc, type, value, sum, getDt(getElementTypeOrSelf(type)),
          builder.getF64FloatAttr(options.decodeTau)));
      continue;
    }
    // On tensors, the sum is read from (and written to) the generic's
    // output, so that it is updated in place.
    bool isTensor = isa<RankedTensorType>(value.getType());
    yielded.push_back(buildElementwise(
        builder, loc, value.getType(),
        isTensor ? ValueRange{value} : ValueRange{sum, value},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          // Scalars: (sum, value); tensors: (value, sum).
          Value total = isTensor ? args[1] : args[0];
          Value term = isTensor ? args[0] : args[1];
          return arith::AddFOp::create(b, l, total, term);
        },
        /*init=*/sum));
  }
  scf::YieldOp::create(builder, loc, yielded);

  // Lowpass decoding returns the filters' last state; mean decoding
  // divides the sums by the number of steps.
  builder.setInsertionPoint(returnOp);
  ValueRange results = forOp.getResults().drop_front(numStates);
  for (auto [index, sum] : llvm::zip_equal(decoded, results)) {
    if (options.lowpassDecoding) {
      returnOp.setOperand(index, sum);
      continue;
    }
    Type type = sum.getType();
    Value count = arith::SIToFPOp::create(builder, loc,
                                          getElementTypeOrSelf(type), numSteps);
    Value mean = buildElementwise(
        builder, loc, type, {sum},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::DivFOp::create(b, l, args[0], count);
        });
    returnOp.setOperand(index, mean);
  }
  return success();
}

namespace {
struct SNNMaterializeTimePass
    : public snn::impl::SNNMaterializeTimePassBase<SNNMaterializeTimePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    TimeOptions options;
    options.decodeTau = decodeTau;
    options.seed = seed;
    if (decode == "lowpass") {
      options.lowpassDecoding = true;
    } else if (decode != "mean") {
      module.emitError() << "unknown decoding '" << decode
                         << "': expected 'mean' or 'lowpass'";
      return signalPassFailure();
    }
    if (initialVoltage == "uniform") {
      options.uniformVoltage = true;
    } else if (initialVoltage != "zero") {
      module.emitError() << "unknown initial voltage '" << initialVoltage
                         << "': expected 'zero' or 'uniform'";
      return signalPassFailure();
    }
    if (!(decodeTau >= 0.0) || !std::isfinite(decodeTau)) {
      module.emitError() << "decode-tau must be finite and >= 0, got "
                         << decodeTau;
      return signalPassFailure();
    }
    bool failedAny = false;
    for (auto func :
         llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      unsigned populations = 0;
      if (failed(materializeTime(func, module, options, populations))) {
        failedAny = true;
        continue;
      }
      if (populations) {
        ++numFunctions;
        numPopulations += populations;
      }
    }
    if (failedAny)
      signalPassFailure();
  }
};
} // namespace
