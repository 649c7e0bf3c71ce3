//===- MaterializeTime.cpp - explicit time loop -----------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// Level 2 -> 3 of docs/ARCHITECTURE.md: a function whose body uses population
// ops (implicit state) gets the number of steps and dt as arguments, and the
// part of its body that depends on a population op is run in an scf.for over
// the steps, with every population op turned into its step op and its state
// threaded through the loop's iter_args (or, with state=external, passed in
// and returned). Input encoding: constant current, or Poisson spikes from a
// counter-based hash. Output decoding: mean over the steps, a lowpass, spike
// counts, or the trace of the first steps. Initial state: zeros, or uniform
// voltages. Optionally, the spike counts of every population are returned for
// statistics.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

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
static bool isPopulationOp(Operation *op) { return hasImplicitState(op); }

/// Returns true for the population ops that are neurons (whose first state
/// is a voltage, and which spike).
static bool isNeuronPopulation(Operation *op) {
  return isa<LIFOp, IFOp, IzhikevichOp>(op);
}

/// Returns the type of state variable `index` of population op `op`: its
/// output's type, or for a delay of `N` steps the ring buffer
/// `tensor<N x (output shape)>`, or for snn.count_max_pool2d the input's
/// type (the counts) and the output's (the last maximum).
static RankedTensorType getStateType(Operation *op, unsigned index) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (isa<CountMaxPool2dOp>(op) && index == 0)
    return cast<RankedTensorType>(op->getOperand(0).getType());
  IntegerAttr steps;
  if (auto delay = dyn_cast<DelayOp>(op))
    steps = delay.getStepsAttr();
  else if (auto delay = dyn_cast<FeedbackDelayOp>(op))
    steps = delay.getStepsAttr();
  else
    return type;
  SmallVector<int64_t> shape = {steps.getInt()};
  llvm::append_range(shape, type.getShape());
  return RankedTensorType::get(shape, type.getElementType());
}

/// Returns the initial voltage an op asks for itself (snn.if's
/// `initial_voltage`), 0 for the others.
static double getOwnInitialVoltage(Operation *op) {
  if (auto ifOp = dyn_cast<IFOp>(op))
    return ifOp.getInitialVoltage().convertToDouble();
  return 0.0;
}

/// Returns the number of state variables of population op `op`.
static unsigned getNumStates(Operation *op) {
  return isa<LIFOp, IzhikevichOp, CountMaxPool2dOp>(op) ? 2 : 1;
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

/// Replaces snn.count_max_pool2d `op` by one step on its state `state`
/// (counts, last maximum): `c = c + x`, `m' = max_pool2d(c)`, output
/// `m' - m`; returns the new state (c, m').
static SmallVector<Value>
replaceCountMaxPool(OpBuilder &builder, CountMaxPool2dOp op, ValueRange state) {
  builder.setInsertionPoint(op);
  Location loc = op->getLoc();
  Value counts = tosa::AddOp::create(builder, loc, op.getInput().getType(),
                                     state[0], op.getInput());
  Value max = tosa::MaxPool2dOp::create(
      builder, loc, op.getType(), counts, op.getKernelAttr(),
      op.getStrideAttr(), op.getPadAttr(),
      tosa::NanPropagationModeAttr::get(builder.getContext(),
                                        tosa::NanPropagationMode::PROPAGATE));
  Value output = tosa::SubOp::create(builder, loc, op.getType(), max, state[1]);
  op.getResult().replaceAllUsesWith(output);
  op->erase();
  return {counts, max};
}

/// Replaces population op `op` by its step op, reading the state from
/// `state` and `dt`; returns the new state values.
static SmallVector<Value> replaceByStepOp(OpBuilder &builder, Operation *op,
                                          ValueRange state, Value dt) {
  if (auto pool = dyn_cast<CountMaxPool2dOp>(op))
    return replaceCountMaxPool(builder, pool, state);
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
  else if (auto ifOp = dyn_cast<IFOp>(op)) {
    // The initial voltage is the state's initial value, not a step
    // parameter.
    SmallVector<NamedAttribute> attrs;
    for (NamedAttribute attr : op->getAttrs())
      if (attr.getName() != ifOp.getInitialVoltageAttrName())
        attrs.push_back(attr);
    step = IFStepOp::create(builder, loc, resultTypes, operands, attrs);
  } else if (isa<IzhikevichOp>(op))
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
/// How time-dependent results are decoded.
enum class Decoding {
  /// The mean over the steps.
  Mean,
  /// The last step through a lowpass of time constant `decodeTau`.
  Lowpass,
  /// The number of spikes of a spiking population over the steps.
  Count,
  /// The output of each of the first `traceSteps` steps.
  Trace,
};

/// The choices of the pass's options.
struct TimeOptions {
  Decoding decoding = Decoding::Mean;
  double decodeTau = 0.005;
  /// The number of steps decode=trace records.
  int64_t traceSteps = 0;
  /// Initial voltages: false, zeros; true, uniform in [0, 1) from the
  /// splitmix64 stream seeded with `seed`.
  bool uniformVoltage = false;
  /// Otherwise, the initial voltage of every neuron (0 by default).
  double initialVoltage = 0.0;
  uint64_t seed = 0;
  /// Input encoding: false, constant current; true, Poisson spikes at
  /// `poissonMaxRate` Hz for an input of magnitude 1.
  bool poisson = false;
  double poissonMaxRate = 1000.0;
  /// State: false, created in the function (zeros or uniform voltages);
  /// true, passed in as arguments and returned as results.
  bool externalState = false;
  /// Return, per spiking population, its spike counts and the number of
  /// steps in which a neuron fired more than once.
  bool spikeStats = false;
};
} // namespace

/// Returns the constant that state variable `index` of population `op`
/// starts from: a neuron's voltage starts at the pass's initial-voltage
/// number when it is not 0, else at an snn.if's own initial_voltage; every
/// other state (and a voltage under initial-voltage=uniform, which is no
/// constant) starts at 0.
static double getInitialStateValue(Operation *op, unsigned index,
                                   const TimeOptions &options) {
  if (index != 0 || !isNeuronPopulation(op) || options.uniformVoltage)
    return 0.0;
  return options.initialVoltage != 0.0 ? options.initialVoltage
                                       : getOwnInitialVoltage(op);
}

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

//===----------------------------------------------------------------------===//
// Poisson encoding
//===----------------------------------------------------------------------===//

// The random numbers of the Poisson encoding come from a counter-based hash,
// computed at run time in 32-bit integer arithmetic (vectorizable, no state):
//   fmix32(h)  = MurmurHash3's finalizer
//   s0         = fmix32(lo32(seed) ^ hi32(seed) ^ 0x5BD1E995)
//   k(t)       = fmix32(t * 0x9E3779B9 + s0)                    step t
//   h(a, i, t) = fmix32(i * 0x85EBCA6B + k(t) + a * 0xC2B2AE35) argument a,
//                                                     row-major element i
//   u          = (h >> 8) * 2^-24                               in [0, 1)
// scripts/neuron_reference.py computes the same numbers.

static constexpr uint32_t kSeedSalt = 0x5BD1E995u;
static constexpr uint32_t kStepMultiplier = 0x9E3779B9u;
static constexpr uint32_t kElementMultiplier = 0x85EBCA6Bu;
static constexpr uint32_t kArgumentMultiplier = 0xC2B2AE35u;

/// MurmurHash3's 32-bit finalizer, at compile time.
static uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  h *= 0xC2B2AE35u;
  h ^= h >> 16;
  return h;
}

/// Returns an i32 constant holding `value`'s bits.
static Value buildI32(OpBuilder &builder, Location loc, uint32_t value) {
  return arith::ConstantOp::create(
      builder, loc, builder.getI32IntegerAttr(static_cast<int32_t>(value)));
}

/// MurmurHash3's 32-bit finalizer on the i32 value `h`.
static Value buildFmix32(OpBuilder &b, Location loc, Value h) {
  auto shiftXor = [&](Value v, uint32_t shift) {
    return arith::XOrIOp::create(
        b, loc, v, arith::ShRUIOp::create(b, loc, v, buildI32(b, loc, shift)));
  };
  h = shiftXor(h, 16);
  h = arith::MulIOp::create(b, loc, h, buildI32(b, loc, 0x85EBCA6Bu));
  h = shiftXor(h, 13);
  h = arith::MulIOp::create(b, loc, h, buildI32(b, loc, 0xC2B2AE35u));
  return shiftXor(h, 16);
}

/// Builds, at the current point of the loop body, the Poisson encoding of the
/// float tensor `x` (function argument number `argIndex`) at step `iv`:
/// element-wise `u < min(|x| * rate * dt, 1) ? sign(x) / (rate * dt) : 0`, so
/// that the mean over the steps is `x` while `|x| * rate * dt <= 1`.
static Value buildPoissonEncoding(OpBuilder &builder, Location loc, Value x,
                                  unsigned argIndex, Value iv, Value dt,
                                  const TimeOptions &options) {
  auto type = cast<RankedTensorType>(x.getType());
  auto floatType = cast<FloatType>(type.getElementType());
  uint32_t s0 = fmix32(static_cast<uint32_t>(options.seed) ^
                       static_cast<uint32_t>(options.seed >> 32) ^ kSeedSalt);
  // k(t), once per step.
  Value t = arith::IndexCastOp::create(builder, loc, builder.getI32Type(), iv);
  Value stepKey = buildFmix32(
      builder, loc,
      arith::AddIOp::create(
          builder, loc,
          arith::MulIOp::create(builder, loc, t,
                                buildI32(builder, loc, kStepMultiplier)),
          buildI32(builder, loc, s0)));
  stepKey = arith::AddIOp::create(
      builder, loc, stepKey,
      buildI32(builder, loc, argIndex * kArgumentMultiplier));
  // rate * dt and its inverse, in the element type.
  Value rate = arith::ConstantOp::create(
      builder, loc, builder.getFloatAttr(floatType, options.poissonMaxRate));
  Value typedDt = dt;
  if (floatType.getWidth() > 32)
    typedDt = arith::ExtFOp::create(builder, loc, floatType, dt);
  else if (floatType.getWidth() < 32)
    typedDt = arith::TruncFOp::create(builder, loc, floatType, dt);
  Value rateDt = arith::MulFOp::create(builder, loc, rate, typedDt);
  Value one = arith::ConstantOp::create(builder, loc,
                                        builder.getFloatAttr(floatType, 1.0));
  Value spike = arith::DivFOp::create(builder, loc, one, rateDt);
  Value zero = arith::ConstantOp::create(builder, loc,
                                         builder.getFloatAttr(floatType, 0.0));
  Value ulp = arith::ConstantOp::create(
      builder, loc, builder.getFloatAttr(floatType, std::ldexp(1.0, -24)));

  ArrayRef<int64_t> shape = type.getShape();
  return buildElementwise(
      builder, loc, type, {x}, [&](OpBuilder &b, Location l, ValueRange args) {
        // Row-major linear index of the element.
        Value linear;
        for (unsigned d = 0; d < shape.size(); ++d) {
          Value index = linalg::IndexOp::create(b, l, d);
          if (!linear) {
            linear = index;
            continue;
          }
          Value size = arith::ConstantIndexOp::create(b, l, shape[d]);
          linear = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, linear, size), index);
        }
        if (!linear)
          linear = arith::ConstantIndexOp::create(b, l, 0);
        Value i = arith::IndexCastOp::create(b, l, b.getI32Type(), linear);
        Value h =
            buildFmix32(b, l,
                        arith::AddIOp::create(
                            b, l,
                            arith::MulIOp::create(
                                b, l, i, buildI32(b, l, kElementMultiplier)),
                            stepKey));
        Value bits = arith::ShRUIOp::create(b, l, h, buildI32(b, l, 8));
        Value u = arith::MulFOp::create(
            b, l, arith::UIToFPOp::create(b, l, floatType, bits), ulp);
        Value p = arith::MinimumFOp::create(
            b, l,
            arith::MulFOp::create(b, l, math::AbsFOp::create(b, l, args[0]),
                                  rateDt),
            one);
        Value fires =
            arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, u, p);
        Value negative = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT,
                                               args[0], zero);
        Value signedSpike = arith::SelectOp::create(
            b, l, negative, arith::NegFOp::create(b, l, spike), spike);
        return arith::SelectOp::create(b, l, fires, signedSpike, zero);
      });
}

//===----------------------------------------------------------------------===//
// Spike counts
//===----------------------------------------------------------------------===//

/// Returns the number of spikes per neuron in the output `out` of a spiking
/// population of amplitude `amplitude`: `roundeven(out * dt / amplitude)`
/// (an output is `amplitude * n / dt` for n spikes).
static Value buildSpikeCount(OpBuilder &builder, Location loc, Value out,
                             Value dt, double amplitude) {
  Type type = out.getType();
  auto floatType = cast<FloatType>(getElementTypeOrSelf(type));
  Value scale = arith::DivFOp::create(
      builder, loc, dt,
      arith::ConstantOp::create(builder, loc,
                                builder.getFloatAttr(floatType, amplitude)));
  return buildElementwise(builder, loc, type, {out},
                          [&](OpBuilder &b, Location l, ValueRange a) {
                            return math::RoundEvenOp::create(
                                b, l, arith::MulFOp::create(b, l, a[0], scale));
                          });
}

/// Returns `sum + term` element-wise, written into `sum` on tensors (so that
/// the loop-carried sum is updated in place).
static Value buildAccumulate(OpBuilder &builder, Location loc, Value sum,
                             Value term) {
  bool isTensor = isa<RankedTensorType>(term.getType());
  return buildElementwise(
      builder, loc, term.getType(),
      isTensor ? ValueRange{term} : ValueRange{sum, term},
      [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        // Scalars: (sum, term); tensors: (term, sum).
        Value total = isTensor ? args[1] : args[0];
        Value value = isTensor ? args[0] : args[1];
        return arith::AddFOp::create(b, l, total, value);
      },
      /*init=*/isTensor ? sum : Value());
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

/// Returns the first NameLoc name in `loc` (the ONNX node name of imported
/// models), or an empty string.
static std::string getLocationName(Location loc) {
  std::string name;
  loc->walk([&](Location nested) {
    if (auto nameLoc = dyn_cast<NameLoc>(nested)) {
      name = nameLoc.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

/// Returns a name for each population op: its location's name, or
/// `population<i>`; repeated names get `#<k>` appended.
static SmallVector<std::string>
getPopulationNames(ArrayRef<Operation *> populations) {
  SmallVector<std::string> names;
  llvm::StringMap<unsigned> seen;
  for (auto [i, op] : llvm::enumerate(populations)) {
    std::string name = getLocationName(op->getLoc());
    if (name.empty())
      name = "population" + std::to_string(i);
    unsigned count = seen[name]++;
    if (count)
      name += "#" + std::to_string(count);
    names.push_back(name);
  }
  return names;
}

/// Returns the state variable names of population op `op`.
static SmallVector<StringRef> getStateNames(Operation *op) {
  if (auto neuron = dyn_cast<NeuronOpInterface>(op))
    return neuron.getStateNames();
  if (isa<DelayOp, FeedbackDelayOp>(op))
    return {"buffer"};
  if (isa<CountMaxPool2dOp>(op))
    return {"count", "max"};
  return {"x"};
}

//===----------------------------------------------------------------------===//
// Delays and traces
//===----------------------------------------------------------------------===//

/// Returns the offsets, sizes and strides of slice `index` (along the first
/// dimension) of a tensor of type `type`.
static void getLeadingSlice(OpBuilder &builder, RankedTensorType type,
                            OpFoldResult index,
                            SmallVectorImpl<OpFoldResult> &offsets,
                            SmallVectorImpl<OpFoldResult> &sizes,
                            SmallVectorImpl<OpFoldResult> &strides) {
  offsets.assign(type.getRank(), builder.getIndexAttr(0));
  offsets[0] = index;
  sizes.clear();
  sizes.push_back(builder.getIndexAttr(1));
  for (int64_t d : type.getShape().drop_front())
    sizes.push_back(builder.getIndexAttr(d));
  strides.assign(type.getRank(), builder.getIndexAttr(1));
}

/// Writes `value` (a float or a tensor) into slice `index` of `dest` (a
/// tensor with one more leading dimension), in place.
static Value buildInsertLeading(OpBuilder &builder, Location loc, Value value,
                                Value dest, Value index) {
  if (!isa<RankedTensorType>(value.getType()))
    return tensor::InsertOp::create(builder, loc, value, dest,
                                    ValueRange{index});
  SmallVector<OpFoldResult> offsets, sizes, strides;
  getLeadingSlice(builder, cast<RankedTensorType>(dest.getType()), index,
                  offsets, sizes, strides);
  return tensor::InsertSliceOp::create(builder, loc, value, dest, offsets,
                                       sizes, strides);
}

namespace {
/// A delay's write of its input into its ring buffer, built at the end of
/// the step.
struct PendingDelayWrite {
  Value input, buffer, slot;
  /// The snn.feedback_input of a feedback delay: its operand is read (and
  /// the op erased) when the write is built, as the op defining it may be
  /// replaced by a step op after the delay was.
  FeedbackInputOp feedbackInput;
};
} // namespace

/// Replaces delay `op` (an snn.delay or an snn.feedback_delay, of `steps`
/// steps, delaying `input`) by a read of slot `t mod N` of its ring buffer
/// `buffer` (the input of step t - N, or 0); the write of the input into the
/// same slot is returned in `pending`, to be built at the end of the step,
/// after every read of the output. A feedback delay's snn.feedback_input is
/// kept until then.
static void replaceDelay(OpBuilder &builder, Operation *op, Value buffer,
                         Value iv, PendingDelayWrite &pending) {
  builder.setInsertionPoint(op);
  Location loc = op->getLoc();
  int64_t numSteps;
  Value input;
  if (auto delay = dyn_cast<DelayOp>(op)) {
    numSteps = delay.getStepsAttr().getInt();
    input = delay.getInput();
  } else {
    auto feedback = cast<FeedbackDelayOp>(op);
    numSteps = feedback.getStepsAttr().getInt();
    pending.feedbackInput = feedback.getFeedbackInput();
  }
  Value steps = arith::ConstantIndexOp::create(builder, loc, numSteps);
  Value slot = arith::RemUIOp::create(builder, loc, iv, steps);
  SmallVector<OpFoldResult> offsets, sizes, strides;
  getLeadingSlice(builder, cast<RankedTensorType>(buffer.getType()), slot,
                  offsets, sizes, strides);
  Value output = tensor::ExtractSliceOp::create(
      builder, loc, cast<RankedTensorType>(op->getResult(0).getType()), buffer,
      offsets, sizes, strides);
  pending.input = input;
  pending.buffer = buffer;
  pending.slot = slot;
  op->getResult(0).replaceAllUsesWith(output);
  op->erase();
}

/// Returns the type of the trace of `steps` steps of a value of type `type`
/// (a float or a static tensor): `tensor<steps x (shape)>`.
static RankedTensorType getTraceType(Type type, int64_t steps) {
  SmallVector<int64_t> shape = {steps};
  if (auto tensorType = dyn_cast<RankedTensorType>(type)) {
    llvm::append_range(shape, tensorType.getShape());
    return RankedTensorType::get(shape, tensorType.getElementType());
  }
  return RankedTensorType::get(shape, type);
}

//===----------------------------------------------------------------------===//
// The rewrite
//===----------------------------------------------------------------------===//

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

  Block &body = func.front();
  auto returnOp = cast<func::ReturnOp>(body.getTerminator());
  unsigned numArgs = func.getNumArguments();
  unsigned numResults = func.getNumResults();

  // With Poisson encoding, the float tensor arguments are spike trains that
  // change at every step.
  SmallVector<unsigned> encodedArgs;
  if (options.poisson) {
    for (BlockArgument arg : body.getArguments()) {
      auto type = dyn_cast<RankedTensorType>(arg.getType());
      if (!type || !isa<FloatType>(type.getElementType()) || arg.use_empty())
        continue;
      if (!type.hasStaticShape())
        return func.emitError()
               << "encode=poisson needs a static shape for argument #"
               << arg.getArgNumber();
      encodedArgs.push_back(arg.getArgNumber());
    }
  }
  auto isEncoded = [&](Value value) {
    auto arg = dyn_cast<BlockArgument>(value);
    return arg && arg.getOwner() == &body &&
           llvm::is_contained(encodedArgs, arg.getArgNumber());
  };

  // The ops that depend, transitively, on a population op (or an encoded
  // argument) run at every step; the others (the constant-current encoding
  // of the input) run once.
  llvm::SetVector<Operation *> loopOps;
  for (Operation &op : body.without_terminator()) {
    bool dependent = isPopulationOp(&op);
    if (!dependent)
      op.walk([&](Operation *nestedOp) {
        for (Value operand : nestedOp->getOperands()) {
          if (Operation *def = operand.getDefiningOp())
            dependent |= loopOps.contains(def);
          else
            dependent |= isEncoded(operand);
        }
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
  SmallVector<double> decodedAmplitudes;
  for (OpOperand &operand : returnOp->getOpOperands()) {
    Operation *def = operand.get().getDefiningOp();
    if (!def || !loopOps.contains(def))
      continue;
    if (!isDecodableType(operand.get().getType()))
      return returnOp.emitError()
             << "result #" << operand.getOperandNumber()
             << " depends on neuron state but is not a float or a statically "
                "shaped tensor of floats; it cannot be averaged over time";
    if (options.decoding == Decoding::Count) {
      auto neuron = dyn_cast<NeuronOpInterface>(def);
      if (!neuron || !isNeuronPopulation(def))
        return returnOp.emitError()
               << "decode=count needs result #" << operand.getOperandNumber()
               << " to be the output of a spiking population (snn.lif, "
                  "snn.if or snn.izhikevich), but it is produced by '"
               << def->getName() << "'";
      decodedAmplitudes.push_back(neuron.getAmplitudeValue());
    }
    decoded.push_back(operand.getOperandNumber());
  }

  // The populations, their names, and the spiking ones (for statistics).
  SmallVector<Operation *> populations;
  for (Operation *op : loopOps)
    if (isPopulationOp(op))
      populations.push_back(op);
  SmallVector<std::string> populationNames = getPopulationNames(populations);

  // New arguments: the external state (if asked), the number of steps, dt.
  MLIRContext *context = func.getContext();
  Location loc = func.getLoc();
  Type i64 = IntegerType::get(context, 64), f32 = Float32Type::get(context);
  StringAttr stateAttrName = StringAttr::get(context, "snn.state");
  StringAttr initialAttrName = StringAttr::get(context, "snn.initial_value");
  SmallVector<Type> stateTypes;
  SmallVector<std::string> stateNames;
  SmallVector<double> stateInitials;
  for (auto [op, name] : llvm::zip_equal(populations, populationNames))
    for (auto [i, variable] : llvm::enumerate(getStateNames(op))) {
      stateTypes.push_back(getStateType(op, i));
      stateNames.push_back(name + "/" + variable.str());
      stateInitials.push_back(getInitialStateValue(op, i, options));
    }
  if (options.externalState && options.decoding == Decoding::Lowpass)
    for (unsigned index : decoded) {
      stateTypes.push_back(returnOp.getOperand(index).getType());
      stateNames.push_back("result" + std::to_string(index) + "/decode");
      stateInitials.push_back(0.0);
    }
  if (options.externalState) {
    // A state that does not start at 0 (an snn.if's initial_voltage) says
    // so, for the caller that creates and resets it.
    for (auto [i, type] : llvm::enumerate(stateTypes)) {
      SmallVector<NamedAttribute, 2> attrs = {NamedAttribute(
          stateAttrName, StringAttr::get(context, stateNames[i]))};
      if (stateInitials[i] != 0.0)
        attrs.emplace_back(
            initialAttrName,
            FloatAttr::get(Float64Type::get(context), stateInitials[i]));
      if (failed(func.insertArgument(numArgs + i, type,
                                     DictionaryAttr::get(context, attrs), loc)))
        return func.emitError("cannot add the state arguments");
    }
  }
  unsigned timeArgs = func.getNumArguments();
  if (failed(func.insertArgument(timeArgs, i64, {}, loc)) ||
      failed(func.insertArgument(timeArgs + 1, f32, {}, loc)))
    return func.emitError("cannot add the time arguments");
  Value numSteps = func.getArgument(timeArgs);
  Value dt = func.getArgument(timeArgs + 1);
  ValueRange externalStates = func.getArguments().slice(
      numArgs, options.externalState ? stateTypes.size() : 0);

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
  SmallVector<Value> inits;
  uint64_t randomState = options.seed;
  for (Operation *op : populations) {
    for (unsigned i = 0, e = getNumStates(op); i < e; ++i) {
      RankedTensorType type = getStateType(op, i);
      double initial = getInitialStateValue(op, i, options);
      if (options.externalState)
        inits.push_back(externalStates[inits.size()]);
      // The voltage is the first state of the neuron models (not of a
      // lowpass or a delay).
      else if (i == 0 && options.uniformVoltage && isNeuronPopulation(op))
        inits.push_back(buildUniform(builder, loc, type, randomState));
      else if (initial != 0.0)
        inits.push_back(arith::ConstantOp::create(
            builder, loc,
            DenseElementsAttr::get(
                type, builder.getFloatAttr(type.getElementType(), initial))));
      else
        inits.push_back(getZero(type));
      (void)getDt(type.getElementType());
    }
  }
  unsigned numStates = inits.size();
  for (unsigned index : decoded) {
    Type type = returnOp.getOperand(index).getType();
    if (options.externalState && options.decoding == Decoding::Lowpass)
      inits.push_back(externalStates[inits.size()]);
    else if (options.decoding == Decoding::Trace)
      inits.push_back(getZero(getTraceType(type, options.traceSteps)));
    else
      inits.push_back(getZero(type));
    (void)getDt(getElementTypeOrSelf(type));
  }
  // Spike statistics: per spiking population, its spike counts and its
  // counts of steps with more than one spike.
  SmallVector<unsigned> statPopulations;
  if (options.spikeStats)
    for (auto [i, op] : llvm::enumerate(populations)) {
      if (!isNeuronPopulation(op))
        continue;
      statPopulations.push_back(i);
      Type type = op->getResult(0).getType();
      inits.push_back(getZero(type));
      inits.push_back(getZero(type));
    }

  Value lower = arith::ConstantIndexOp::create(builder, loc, 0);
  Value step = arith::ConstantIndexOp::create(builder, loc, 1);
  Value upper = arith::IndexCastOp::create(builder, loc, builder.getIndexType(),
                                           numSteps);
  auto forOp = scf::ForOp::create(builder, loc, lower, upper, step, inits);
  Block *loopBody = forOp.getBody();
  for (Operation *op : loopOps)
    op->moveBefore(loopBody, loopBody->end());

  // Encoded inputs, at the start of every step.
  if (!encodedArgs.empty()) {
    builder.setInsertionPointToStart(loopBody);
    for (unsigned argIndex : encodedArgs) {
      BlockArgument arg = func.getArgument(argIndex);
      Value encoded = buildPoissonEncoding(
          builder, loc, arg, argIndex, forOp.getInductionVar(), dt, options);
      Operation *encoder = encoded.getDefiningOp();
      arg.replaceUsesWithIf(encoded, [&](OpOperand &use) {
        return use.getOwner() != encoder &&
               forOp->isProperAncestor(use.getOwner());
      });
    }
  }

  // Population ops become step ops on the loop-carried state; delays read
  // their ring buffer now and write it at the end of the step.
  SmallVector<Value> yielded;
  SmallVector<std::pair<unsigned, PendingDelayWrite>> delayWrites;
  ValueRange stateArgs = forOp.getRegionIterArgs().take_front(numStates);
  for (Operation *op : populations) {
    unsigned count = getNumStates(op);
    if (isa<DelayOp, FeedbackDelayOp>(op)) {
      PendingDelayWrite pending;
      replaceDelay(builder, op, stateArgs.front(), forOp.getInductionVar(),
                   pending);
      delayWrites.emplace_back(yielded.size(), pending);
      yielded.push_back(Value());
    } else {
      Value opDt = getDt(getElementTypeOrSelf(op->getResult(0).getType()));
      llvm::append_range(
          yielded,
          replaceByStepOp(builder, op, stateArgs.take_front(count), opDt));
    }
    stateArgs = stateArgs.drop_front(count);
    ++numPopulations;
  }
  // The step ops, in population order (their first result is the output).
  SmallVector<Operation *> stepOps;
  for (Operation &op : *loopBody)
    if (isa<LIFStepOp, IFStepOp, IzhikevichStepOp, LowpassStepOp>(op))
      stepOps.push_back(&op);
  // Spike statistics index them among the neuron populations.
  SmallVector<Operation *> neuronStepOps;
  for (Operation *op : stepOps)
    if (!isa<LowpassStepOp>(op))
      neuronStepOps.push_back(op);

  // Accumulate (or filter, or count) the decoded results.
  builder.setInsertionPointToEnd(loopBody);
  ValueRange sums = forOp.getRegionIterArgs().slice(numStates, decoded.size());
  for (auto [i, index, sum] : llvm::enumerate(decoded, sums)) {
    Value value = returnOp.getOperand(index);
    Type type = value.getType();
    Value typedDt = getDt(getElementTypeOrSelf(type));
    switch (options.decoding) {
    case Decoding::Lowpass:
      yielded.push_back(
          LowpassStepOp::create(builder, loc, type, value, sum, typedDt,
                                builder.getF64FloatAttr(options.decodeTau)));
      break;
    case Decoding::Count:
      yielded.push_back(buildAccumulate(
          builder, loc, sum,
          buildSpikeCount(builder, loc, value, typedDt, decodedAmplitudes[i])));
      break;
    case Decoding::Mean:
      yielded.push_back(buildAccumulate(builder, loc, sum, value));
      break;
    case Decoding::Trace: {
      // Steps t < trace-steps write slice t; later ones are not recorded.
      Value iv = forOp.getInductionVar();
      Value recorded = arith::CmpIOp::create(
          builder, loc, arith::CmpIPredicate::ult, iv,
          arith::ConstantIndexOp::create(builder, loc, options.traceSteps));
      auto ifOp = scf::IfOp::create(builder, loc, TypeRange{sum.getType()},
                                    recorded, /*withElseRegion=*/true);
      {
        OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPointToStart(&ifOp.getThenRegion().front());
        scf::YieldOp::create(builder, loc,
                             buildInsertLeading(builder, loc, value, sum, iv));
        builder.setInsertionPointToStart(&ifOp.getElseRegion().front());
        scf::YieldOp::create(builder, loc, sum);
      }
      yielded.push_back(ifOp.getResult(0));
      break;
    }
    }
  }
  ValueRange statSums =
      forOp.getRegionIterArgs().drop_front(numStates + decoded.size());
  for (auto [k, p] : llvm::enumerate(statPopulations)) {
    (void)p;
    Operation *stepOp = neuronStepOps[k];
    Value out = stepOp->getResult(0);
    Type type = out.getType();
    auto floatType = cast<FloatType>(getElementTypeOrSelf(type));
    Value spikes =
        buildSpikeCount(builder, loc, out, getDt(floatType),
                        cast<NeuronOpInterface>(stepOp).getAmplitudeValue());
    Value one = arith::ConstantOp::create(builder, loc,
                                          builder.getFloatAttr(floatType, 1.0));
    Value zero = arith::ConstantOp::create(
        builder, loc, builder.getFloatAttr(floatType, 0.0));
    Value several = buildElementwise(
        builder, loc, type, {spikes},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value more =
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, a[0], one);
          return arith::SelectOp::create(b, l, more, one, zero);
        });
    yielded.push_back(buildAccumulate(builder, loc, statSums[0], spikes));
    yielded.push_back(buildAccumulate(builder, loc, statSums[1], several));
    statSums = statSums.drop_front(2);
  }
  // The delays' writes, after every read of their outputs in the step.
  for (auto &[position, write] : delayWrites) {
    Value input = write.input;
    if (write.feedbackInput) {
      input = write.feedbackInput.getInput();
      write.feedbackInput.erase();
    }
    yielded[position] =
        buildInsertLeading(builder, loc, input, write.buffer, write.slot);
  }
  scf::YieldOp::create(builder, loc, yielded);

  // Mean decoding divides the sums by the number of steps; lowpass decoding
  // returns the filters' last state; counts are returned as they are.
  builder.setInsertionPoint(returnOp);
  ValueRange results = forOp.getResults().slice(numStates, decoded.size());
  for (auto [index, sum] : llvm::zip_equal(decoded, results)) {
    if (options.decoding != Decoding::Mean) {
      returnOp.setOperand(index, sum);
      if (options.decoding == Decoding::Trace)
        func.setResultAttr(index, "snn.trace", UnitAttr::get(context));
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

  // Traces change the result types.
  func.setFunctionType(FunctionType::get(context, func.getArgumentTypes(),
                                         returnOp.getOperandTypes()));

  // New results: the final external state, then the spike statistics.
  SmallVector<Value> newResults;
  SmallVector<NamedAttribute> newResultAttrs;
  if (options.externalState) {
    llvm::append_range(newResults, forOp.getResults().take_front(numStates));
    if (options.decoding == Decoding::Lowpass)
      llvm::append_range(newResults, results);
    for (const std::string &name : stateNames)
      newResultAttrs.emplace_back(stateAttrName,
                                  StringAttr::get(context, name));
  }
  ValueRange statResults =
      forOp.getResults().drop_front(numStates + decoded.size());
  for (unsigned p : statPopulations) {
    StringAttr name = StringAttr::get(context, populationNames[p]);
    newResults.push_back(statResults[0]);
    newResultAttrs.emplace_back(StringAttr::get(context, "snn.spike_count"),
                                name);
    newResults.push_back(statResults[1]);
    newResultAttrs.emplace_back(
        StringAttr::get(context, "snn.multi_spike_steps"), name);
    statResults = statResults.drop_front(2);
  }
  for (auto [i, value, attr] : llvm::enumerate(newResults, newResultAttrs)) {
    if (failed(func.insertResult(numResults + i, value.getType(),
                                 DictionaryAttr::get(context, {attr}))))
      return func.emitError("cannot add the state and statistics results");
    returnOp->insertOperands(returnOp->getNumOperands(), value);
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
    options.poissonMaxRate = encodeMaxRate;
    options.spikeStats = spikeStats;
    auto error = [&]() {
      InFlightDiagnostic diag = module.emitError();
      return diag;
    };
    std::optional<Decoding> decoding =
        llvm::StringSwitch<std::optional<Decoding>>(decode)
            .Case("mean", Decoding::Mean)
            .Case("lowpass", Decoding::Lowpass)
            .Case("count", Decoding::Count)
            .Case("trace", Decoding::Trace)
            .Default(std::nullopt);
    if (!decoding) {
      error() << "unknown decoding '" << decode
              << "': expected 'mean', 'lowpass', 'count' or 'trace'";
      return signalPassFailure();
    }
    options.decoding = *decoding;
    if (options.decoding == Decoding::Trace && traceSteps < 1) {
      error() << "decode=trace needs trace-steps >= 1, got "
              << static_cast<int64_t>(traceSteps);
      return signalPassFailure();
    }
    options.traceSteps = traceSteps;
    double constantVoltage = 0.0;
    if (initialVoltage == "uniform") {
      options.uniformVoltage = true;
    } else if (initialVoltage != "zero") {
      if (StringRef(initialVoltage).getAsDouble(constantVoltage) ||
          !std::isfinite(constantVoltage)) {
        error() << "unknown initial voltage '" << initialVoltage
                << "': expected 'zero', 'uniform' or a number";
        return signalPassFailure();
      }
      options.initialVoltage = constantVoltage;
    }
    if (encode == "poisson") {
      options.poisson = true;
    } else if (encode != "current") {
      error() << "unknown encoding '" << encode
              << "': expected 'current' or 'poisson'";
      return signalPassFailure();
    }
    if (state == "external") {
      options.externalState = true;
    } else if (state != "internal") {
      error() << "unknown state '" << state
              << "': expected 'internal' or 'external'";
      return signalPassFailure();
    }
    if (!(decodeTau >= 0.0) || !std::isfinite(decodeTau)) {
      error() << "decode-tau must be finite and >= 0, got " << decodeTau;
      return signalPassFailure();
    }
    if (!(encodeMaxRate > 0.0) || !std::isfinite(encodeMaxRate)) {
      error() << "encode-max-rate must be finite and > 0, got "
              << encodeMaxRate;
      return signalPassFailure();
    }
    if (options.externalState && options.uniformVoltage) {
      error() << "initial-voltage=uniform needs state=internal: with "
                 "state=external the caller supplies the initial state (a "
                 "constant initial voltage is recorded as the state "
                 "argument's snn.initial_value)";
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
