//===- SNNToLinalg.cpp - snn step and rate ops to linalg --------*- C++ -*-===//
//
// Part of snn-mlir.
//
// Lowers the explicit-state step ops and the rate ops of the snn dialect to
// the equations of docs/NEURON-SEMANTICS.md: a parallel linalg.generic with a
// scalar arith/math body for ranked tensors, arith/math directly for scalars
// and vectors. Every equation is computed in the op's element type, in the
// order of operations the document gives, so that a float32 reference that
// follows the document reproduces the results.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/SNNToLinalg/SNNToLinalg.h"
#include "SNN/Conversion/Passes.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "VectorLists.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>
#include <limits>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_CONVERTSNNTOLINALGPASS
#define GEN_PASS_DEF_SNNVECTORIZENEURONSPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

//===----------------------------------------------------------------------===//
// Equation builder
//===----------------------------------------------------------------------===//

namespace {
/// Builds arith/math ops on values of one type: a float, or a vector of
/// floats (constants are then splats). Parameters, given as doubles, are
/// rounded to the element type, as a float32 reference rounds them.
class EquationBuilder {
public:
  EquationBuilder(OpBuilder &builder, Location loc, Type type)
      : builder(builder), loc(loc), type(type) {}

  /// Returns `value` rounded to the element type, as a constant of `type`.
  Value constant(double value) {
    auto floatType = cast<FloatType>(getElementTypeOrSelf(type));
    APFloat element(value);
    bool losesInfo = false;
    element.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
    TypedAttr attr;
    if (auto vectorType = dyn_cast<VectorType>(type))
      attr = DenseElementsAttr::get(vectorType, element);
    else
      attr = FloatAttr::get(floatType, element);
    return arith::ConstantOp::create(builder, loc, attr);
  }

  /// Returns the scalar `value` (of the element type) as a value of `type`.
  Value splat(Value value) {
    if (auto vectorType = dyn_cast<VectorType>(type))
      return vector::BroadcastOp::create(builder, loc, vectorType, value);
    return value;
  }

  Value add(Value lhs, Value rhs) {
    return arith::AddFOp::create(builder, loc, lhs, rhs);
  }
  Value sub(Value lhs, Value rhs) {
    return arith::SubFOp::create(builder, loc, lhs, rhs);
  }
  Value mul(Value lhs, Value rhs) {
    return arith::MulFOp::create(builder, loc, lhs, rhs);
  }
  Value div(Value lhs, Value rhs) {
    return arith::DivFOp::create(builder, loc, lhs, rhs);
  }
  Value neg(Value operand) {
    return arith::NegFOp::create(builder, loc, operand);
  }
  Value max(Value lhs, Value rhs) {
    return arith::MaximumFOp::create(builder, loc, lhs, rhs);
  }
  Value min(Value lhs, Value rhs) {
    return arith::MinimumFOp::create(builder, loc, lhs, rhs);
  }
  Value cmp(arith::CmpFPredicate predicate, Value lhs, Value rhs) {
    return arith::CmpFOp::create(builder, loc, predicate, lhs, rhs);
  }
  Value select(Value condition, Value ifTrue, Value ifFalse) {
    return arith::SelectOp::create(builder, loc, condition, ifTrue, ifFalse);
  }
  Value exp(Value operand) {
    return math::ExpOp::create(builder, loc, operand);
  }
  Value expm1(Value operand) {
    return math::ExpM1Op::create(builder, loc, operand);
  }
  Value log(Value operand) {
    return math::LogOp::create(builder, loc, operand);
  }
  Value log1p(Value operand) {
    return math::Log1pOp::create(builder, loc, operand);
  }
  Value floor(Value operand) {
    return math::FloorOp::create(builder, loc, operand);
  }

  /// Returns the input current `J = gain * x + bias`. A gain of 1 and a bias
  /// of 0 are exact identities and are not materialized.
  Value current(Value x, double gain, double bias) {
    Value current = x;
    if (gain != 1.0)
      current = mul(constant(gain), current);
    if (bias != 0.0)
      current = add(current, constant(bias));
    return current;
  }

  OpBuilder &getBuilder() { return builder; }
  Location getLoc() { return loc; }

private:
  OpBuilder &builder;
  Location loc;
  Type type;
};
} // namespace

static double toDouble(const APFloat &value) { return value.convertToDouble(); }

//===----------------------------------------------------------------------===//
// Equations (docs/NEURON-SEMANTICS.md)
//===----------------------------------------------------------------------===//
//
// Each `buildEquations` takes the op's data operands (input, then state) as
// values of the builder's type and `dt` (splat to that type; null for rate
// models), and returns the op's results in order.

using Pred = arith::CmpFPredicate;

/// LIF, the seven steps of NEURON-SEMANTICS.md. With `decayAtDt` (the
/// scalar body of a tensor op: `expm1(-dt / tau_rc)`, computed before the
/// generic), the two libm calls are made only when needed, in `scf.if`s:
/// expm1 only during the refractory period, log1p only for a spike. The
/// values are the same.
static SmallVector<Value> buildEquations(EquationBuilder &eb, LIFStepOp op,
                                         ValueRange args, Value dt,
                                         Value decayAtDt = Value()) {
  Value current = eb.current(args[0], op.getGainValue(), op.getBiasValue());
  Value voltage = args[1], refractory = args[2];
  Value zero = eb.constant(0.0), one = eb.constant(1.0);
  Value tauRc = eb.constant(toDouble(op.getTauRc()));
  // 1. r = r - dt
  refractory = eb.sub(refractory, dt);
  // 2. delta = clip(dt - r, 0, dt)
  Value delta = eb.min(eb.max(eb.sub(dt, refractory), zero), dt);
  // 3. v = v - (J - v) * expm1(-delta / tau_rc)
  Value decay;
  if (decayAtDt) {
    // Scalar body of a tensor op: outside the refractory period delta == dt,
    // whose expm1 was computed once, before the loop (the same value).
    auto ifOp = scf::IfOp::create(eb.getBuilder(), eb.getLoc(),
                                  TypeRange{delta.getType()},
                                  eb.cmp(Pred::OEQ, delta, dt), true);
    OpBuilder::InsertionGuard guard(eb.getBuilder());
    eb.getBuilder().setInsertionPointToStart(&ifOp.getThenRegion().front());
    scf::YieldOp::create(eb.getBuilder(), eb.getLoc(), decayAtDt);
    eb.getBuilder().setInsertionPointToStart(&ifOp.getElseRegion().front());
    scf::YieldOp::create(eb.getBuilder(), eb.getLoc(),
                         eb.expm1(eb.div(eb.neg(delta), tauRc)));
    decay = ifOp.getResult(0);
  } else {
    decay = eb.expm1(eb.div(eb.neg(delta), tauRc));
  }
  voltage = eb.sub(voltage, eb.mul(eb.sub(current, voltage), decay));
  // 4. spiked = v > 1; output = spiked ? amplitude / dt : 0
  Value spiked = eb.cmp(Pred::OGT, voltage, one);
  Value spike = eb.div(eb.constant(toDouble(op.getAmplitude())), dt);
  Value output = eb.select(spiked, spike, zero);
  // 5. t_spike = dt + tau_rc * log1p(-(v - 1) / (J - 1))
  auto spikeTime = [&]() {
    Value overshoot =
        eb.div(eb.neg(eb.sub(voltage, one)), eb.sub(current, one));
    return eb.add(dt, eb.mul(tauRc, eb.log1p(overshoot)));
  };
  Value tSpike;
  if (decayAtDt) {
    // Only a neuron that spiked uses it (step 7): compute it only then.
    auto ifOp = scf::IfOp::create(eb.getBuilder(), eb.getLoc(),
                                  TypeRange{voltage.getType()}, spiked, true);
    OpBuilder::InsertionGuard guard(eb.getBuilder());
    eb.getBuilder().setInsertionPointToStart(&ifOp.getThenRegion().front());
    scf::YieldOp::create(eb.getBuilder(), eb.getLoc(), spikeTime());
    eb.getBuilder().setInsertionPointToStart(&ifOp.getElseRegion().front());
    scf::YieldOp::create(eb.getBuilder(), eb.getLoc(), zero);
    tSpike = ifOp.getResult(0);
  } else {
    tSpike = spikeTime();
  }
  // 6. v = max(v, min_voltage); min_voltage = -inf is no bound (max(v, -inf)
  // is v, NaN included): left out.
  if (!std::isinf(toDouble(op.getMinVoltage())))
    voltage = eb.max(voltage, eb.constant(toDouble(op.getMinVoltage())));
  // 7. spiked: v = 0, r = tau_ref + t_spike
  voltage = eb.select(spiked, zero, voltage);
  Value newRefractory = eb.add(eb.constant(toDouble(op.getTauRef())), tSpike);
  refractory = eb.select(spiked, newRefractory, refractory);
  return {output, voltage, refractory};
}

/// IF (SpikingRectifiedLinear by default; NIR's IF with rectify = false,
/// reset = "zero").
static SmallVector<Value> buildEquations(EquationBuilder &eb, IFStepOp op,
                                         ValueRange args, Value dt) {
  Value current = eb.current(args[0], op.getGainValue(), op.getBiasValue());
  Value zero = eb.constant(0.0);
  // v = v + (rectify ? max(J, 0) : J) * dt
  if (op.getRectify())
    current = eb.max(current, zero);
  Value voltage = eb.add(args[1], eb.mul(current, dt));
  double amplitude = toDouble(op.getAmplitude());
  if (op.getReset() == "zero") {
    // spiked = v > 1; output = spiked ? amplitude / dt : 0; v = spiked ? 0 : v
    Value spiked = eb.cmp(Pred::OGT, voltage, eb.constant(1.0));
    Value output = eb.select(spiked, eb.div(eb.constant(amplitude), dt), zero);
    return {output, eb.select(spiked, zero, voltage)};
  }
  // n = max(floor(v), 0); output = amplitude * n / dt; v = v - n. Rectified,
  // v stays >= 0 from a non-negative start and the max is left out, as
  // Nengo's SpikingRectifiedLinear does.
  Value spikes = eb.floor(voltage);
  if (!op.getRectify())
    spikes = eb.max(spikes, zero);
  Value output = eb.div(eb.mul(eb.constant(amplitude), spikes), dt);
  voltage = eb.sub(voltage, spikes);
  return {output, voltage};
}

/// Izhikevich (time in ms inside the equations).
static SmallVector<Value> buildEquations(EquationBuilder &eb,
                                         IzhikevichStepOp op, ValueRange args,
                                         Value dt) {
  Value voltage = args[1], recovery = args[2];
  Value thousand = eb.constant(1000.0);
  // 1. J = max(J, -30)
  Value current =
      eb.max(eb.current(args[0], op.getGainValue(), op.getBiasValue()),
             eb.constant(-30.0));
  // 2. v = v + (0.04 v^2 + 5 v + 140 - u + J) * 1000 * dt
  Value dv = eb.add(eb.mul(eb.constant(0.04), eb.mul(voltage, voltage)),
                    eb.mul(eb.constant(5.0), voltage));
  dv = eb.add(eb.sub(eb.add(dv, eb.constant(140.0)), recovery), current);
  voltage = eb.add(voltage, eb.mul(eb.mul(dv, thousand), dt));
  // 3. spiked = v >= 30; output = spiked / dt; spiked: v = c
  Value spiked = eb.cmp(Pred::OGE, voltage, eb.constant(30.0));
  Value output =
      eb.select(spiked, eb.div(eb.constant(1.0), dt), eb.constant(0.0));
  voltage =
      eb.select(spiked, eb.constant(toDouble(op.getResetVoltage())), voltage);
  // 4. u = u + a * (b * v - u) * 1000 * dt; spiked: u = u + d
  Value du =
      eb.mul(eb.constant(toDouble(op.getTauRecovery())),
             eb.sub(eb.mul(eb.constant(toDouble(op.getCoupling())), voltage),
                    recovery));
  recovery = eb.add(recovery, eb.mul(eb.mul(du, thousand), dt));
  recovery = eb.select(
      spiked, eb.add(recovery, eb.constant(toDouble(op.getResetRecovery()))),
      recovery);
  return {output, voltage, recovery};
}

/// Lowpass synapse, zero-order hold.
static SmallVector<Value> buildEquations(EquationBuilder &eb, LowpassStepOp op,
                                         ValueRange args, Value dt) {
  // a = exp(-dt / tau); x = a * x + (1 - a) * u
  Value a = eb.exp(eb.div(eb.neg(dt), eb.constant(toDouble(op.getTau()))));
  Value output =
      eb.add(eb.mul(a, args[1]), eb.mul(eb.sub(eb.constant(1.0), a), args[0]));
  return {output};
}

/// LIFRate: amplitude / (tau_ref + tau_rc * log1p(1 / j)) for j > 0, else 0.
static SmallVector<Value> buildEquations(EquationBuilder &eb, LIFRateOp op,
                                         ValueRange args, Value) {
  Value current = eb.current(args[0], op.getGainValue(), op.getBiasValue());
  Value zero = eb.constant(0.0);
  Value j = eb.sub(current, eb.constant(1.0));
  Value period = eb.add(eb.constant(toDouble(op.getTauRef())),
                        eb.mul(eb.constant(toDouble(op.getTauRc())),
                               eb.log1p(eb.div(eb.constant(1.0), j))));
  Value rate = eb.div(eb.constant(toDouble(op.getAmplitude())), period);
  return {eb.select(eb.cmp(Pred::OGT, j, zero), rate, zero)};
}

/// SoftLIFRate (NengoDL).
static SmallVector<Value> buildEquations(EquationBuilder &eb, SoftLIFRateOp op,
                                         ValueRange args, Value) {
  Value current = eb.current(args[0], op.getGainValue(), op.getBiasValue());
  Value sigma = eb.constant(toDouble(op.getSigma()));
  // j = J - 1; js = j / sigma
  Value js = eb.div(eb.sub(current, eb.constant(1.0)), sigma);
  // z = sigma * (js > 30 ? js : log1p(exp(js)))
  Value softplus = eb.select(eb.cmp(Pred::OGT, js, eb.constant(30.0)), js,
                             eb.log1p(eb.exp(js)));
  Value z = eb.mul(sigma, softplus);
  // q = js > -20 ? log1p(1 / z) : -js - log(sigma)
  Value q = eb.select(eb.cmp(Pred::OGT, js, eb.constant(-20.0)),
                      eb.log1p(eb.div(eb.constant(1.0), z)),
                      eb.sub(eb.neg(js), eb.log(sigma)));
  // rate = amplitude / (tau_ref + tau_rc * q)
  Value period = eb.add(eb.constant(toDouble(op.getTauRef())),
                        eb.mul(eb.constant(toDouble(op.getTauRc())), q));
  return {eb.div(eb.constant(toDouble(op.getAmplitude())), period)};
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Returns `dt` for step ops, null for rate ops.
template <typename OpTy> static Value getDt(OpTy op, ValueRange operands) {
  if constexpr (std::is_same_v<OpTy, LIFRateOp> ||
                std::is_same_v<OpTy, SoftLIFRateOp>)
    return Value();
  else
    return operands.back();
}

namespace {
/// Lowers one element-wise step or rate op. The data operands are the input
/// followed by the state (result `i > 0` is the new value of state operand
/// `i`); step ops end with the scalar `dt`.
template <typename OpTy>
struct ElementwiseNeuronLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange operands = adaptor.getOperands();
    Value dt = getDt(op, operands);
    ValueRange data = dt ? operands.drop_back() : operands;
    Type type = data.front().getType();

    auto tensorType = dyn_cast<RankedTensorType>(type);
    if (!tensorType) {
      if (!isa<FloatType, VectorType>(type))
        return rewriter.notifyMatchFailure(op, "expected a float, vector or "
                                               "ranked tensor operand");
      EquationBuilder eb(rewriter, loc, type);
      rewriter.replaceOp(
          op, buildEquations(eb, op, data, dt ? eb.splat(dt) : Value()));
      return success();
    }

    // Ranked tensors: one parallel linalg.generic whose only input is `x`.
    // The state is read from, and written back to, the generic's outputs
    // (initialized with the old state), so that bufferization updates it in
    // place; the output gets a fresh tensor, except a lowpass's, which is
    // its new state.
    bool outputIsState = std::is_same_v<OpTy, LowpassStepOp>;
    Type elementType = tensorType.getElementType();
    SmallVector<Value> inits;
    if (!outputIsState)
      inits.push_back(tensor::EmptyOp::create(
          rewriter, loc, tensor::getMixedSizes(rewriter, loc, data.front()),
          elementType));
    llvm::append_range(inits, data.drop_front());
    unsigned rank = tensorType.getRank();
    SmallVector<AffineMap> maps(
        1 + inits.size(),
        AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext()));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    // LIF: expm1(-dt / tau_rc), the decay outside the refractory period.
    Value decayAtDt;
    if constexpr (std::is_same_v<OpTy, LIFStepOp>) {
      EquationBuilder eb(rewriter, loc, elementType);
      decayAtDt =
          eb.expm1(eb.div(eb.neg(dt), eb.constant(toDouble(op.getTauRc()))));
    }
    auto generic = linalg::GenericOp::create(
        rewriter, loc, op->getResultTypes(), data.front(), inits, maps,
        iterators, [&](OpBuilder &builder, Location bodyLoc, ValueRange args) {
          // args: x, then the outputs' current values.
          SmallVector<Value> scalars = {args[0]};
          llvm::append_range(scalars, args.drop_front(outputIsState ? 1 : 2));
          EquationBuilder eb(builder, bodyLoc, elementType);
          SmallVector<Value> results;
          if constexpr (std::is_same_v<OpTy, LIFStepOp>)
            results = buildEquations(eb, op, scalars, dt, decayAtDt);
          else
            results = buildEquations(eb, op, scalars, dt);
          linalg::YieldOp::create(builder, bodyLoc, results);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};
} // namespace

void mlir::snn::populateSNNToLinalgConversionPatterns(
    RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ElementwiseNeuronLowering<LIFStepOp>,
               ElementwiseNeuronLowering<IFStepOp>,
               ElementwiseNeuronLowering<IzhikevichStepOp>,
               ElementwiseNeuronLowering<LowpassStepOp>,
               ElementwiseNeuronLowering<LIFRateOp>,
               ElementwiseNeuronLowering<SoftLIFRateOp>>(context);
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

namespace {
struct ConvertSNNToLinalgPass
    : public snn::impl::ConvertSNNToLinalgPassBase<ConvertSNNToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    // Population ops have implicit state: they need the time loop first.
    bool hasPopulation = false;
    getOperation()->walk([&](Operation *op) {
      if (!hasImplicitState(op))
        return;
      op->emitError() << "'" << op->getName()
                      << "' has implicit state and cannot be lowered on its "
                         "own; run --snn-materialize-time first";
      hasPopulation = true;
    });
    if (hasPopulation)
      return signalPassFailure();

    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect, vector::VectorDialect>();
    target.addIllegalOp<LIFStepOp, IFStepOp, IzhikevichStepOp, LowpassStepOp,
                        LIFRateOp, SoftLIFRateOp>();
    RewritePatternSet patterns(context);
    populateSNNToLinalgConversionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// --snn-vectorize-neurons
//===----------------------------------------------------------------------===//

/// Elements of a LIF population taken through the four phases of
/// `vectorizeLIFStep` at a time (their lists stay in L1).
static constexpr int64_t kLIFChunk = 1024;

/// Lowers `op` (on a static tensor) to vector loops over its flattened
/// elements, `width` (at most 32) at a time, in chunks of about `kLIFChunk`
/// elements. Per chunk, four phases:
///  1. (vectors) `delta` and each lane's decay into a buffer of the
///     chunk: `expm1(-dt / tau_rc)` where `delta == dt` and
///     `-0 / tau_rc == expm1(-0 / tau_rc)` where it is 0, both computed
///     once; elsewhere (`0 < delta < dt`, or a NaN delta) `delta`, whose
///     lane appends its index to a list (`snn.compress`);
///  2. (list) each listed `delta` replaced by `expm1(-delta / tau_rc)`;
///  3. (vectors) the decays read back, the voltage, the spikes, the outputs
///     and the refractory time `r - dt`; the lanes that spiked append
///     their element index to a list (and keep their voltage);
///  4. (list) for each spike, its current (the same ops) and voltage, the
///     spike time (`log1p`), the new refractory time `tau_ref + t_spike`
///     and the reset, written at its index.
/// Every lane takes the scalar body's operations in its order, so the
/// values are those of `convert-snn-to-linalg`, bit for bit, and libm is
/// called only where the scalar body calls it, in tight loops (not between
/// vector code whose registers a call clobbers). Returns false (and does
/// nothing) when it does not apply.
static bool vectorizeLIFStep(LIFStepOp op, int64_t width) {
  auto tensorType = dyn_cast<RankedTensorType>(op.getInput().getType());
  if (!tensorType || !tensorType.hasStaticShape() ||
      tensorType.getRank() == 0 || tensorType.getNumElements() == 0 ||
      tensorType.getNumElements() > std::numeric_limits<int32_t>::max() ||
      width < 1 || width > 32)
    return false;
  // The lists go at the start of the function, which must see the op's
  // region (no isolated region in between).
  auto function = op->getParentOfType<FunctionOpInterface>();
  if (!function || function.isExternal() ||
      op->getParentWithTrait<OpTrait::IsIsolatedFromAbove>() !=
          function.getOperation())
    return false;
  Location loc = op.getLoc();
  Type elementType = tensorType.getElementType();
  int64_t n = tensorType.getNumElements();
  unsigned rank = tensorType.getRank();
  int64_t chunk = std::min(n, std::max<int64_t>(kLIFChunk / width, 1) * width);
  // The buffers, on the stack, once per function (the op may sit in the
  // time loop): the decays of a chunk; the indices in it of the arguments
  // of expm1; the element indices of the spikes. In a parallel loop (the
  // tiles of a batch, snn-tile-batch), once per iteration of its body:
  // each thread has its own.
  Block *home = &function.getFunctionBody().front();
  if (auto forall = op->getParentOfType<scf::ForallOp>())
    home = forall.getBody();
  else if (auto parallel = op->getParentOfType<scf::ParallelOp>())
    home = parallel.getBody();
  OpBuilder entry(home, home->begin());
  auto listType = [&](Type element) {
    return MemRefType::get({chunk}, element);
  };
  Value decays =
      memref::AllocaOp::create(entry, loc, listType(elementType)).getResult();
  Value expIndices =
      memref::AllocaOp::create(entry, loc, listType(entry.getI32Type()))
          .getResult();
  Value spikeIndices =
      memref::AllocaOp::create(entry, loc, listType(entry.getI32Type()))
          .getResult();

  OpBuilder b(op);
  auto flatType = RankedTensorType::get({n}, elementType);
  SmallVector<ReassociationIndices> reassociation(1);
  for (unsigned i = 0; i < rank; ++i)
    reassociation[0].push_back(i);
  auto flatten = [&](Value value) -> Value {
    if (rank == 1)
      return value;
    return tensor::CollapseShapeOp::create(b, loc, flatType, value,
                                           reassociation);
  };
  Value dt = op.getDt();
  EquationBuilder sb(b, loc, elementType);
  double tauRcValue = toDouble(op.getTauRc());
  // expm1(-dt / tau_rc), the decay outside the refractory period, and the
  // output of a spike, amplitude / dt, once.
  Value decayAtDt = sb.expm1(sb.div(sb.neg(dt), sb.constant(tauRcValue)));
  // The decay where delta is 0: delta is then +0 (the max with +0 of a
  // value that is not NaN; a -0 only if dt is -0, where delta == dt and the
  // decay is decayAtDt), whose -delta / tau_rc, -0 / tau_rc, is its own
  // expm1; computed once instead of a vector division in phase 3.
  Value decayAtZero = sb.div(sb.neg(sb.constant(0.0)), sb.constant(tauRcValue));
  Value spike = sb.div(sb.constant(toDouble(op.getAmplitude())), dt);
  Value pad = sb.constant(0.0);
  Value x = flatten(op.getInput());
  SmallVector<Value> tensors = {
      tensor::EmptyOp::create(b, loc, flatType.getShape(), elementType),
      flatten(op.getVoltage()), flatten(op.getRefractory())};
  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };

  // `r - dt`, `delta`, the lanes where it is `dt` and those whose decay
  // needs expm1, of a piece of lanes (phase 1).
  struct Delta {
    Value refractory, full, partial, delta;
  };
  auto computeDelta = [&](EquationBuilder &vb, Value r) -> Delta {
    Value zero = vb.constant(0.0);
    Value dtv = vb.splat(dt);
    Value refractory = vb.sub(r, dtv);
    Value delta = vb.min(vb.max(vb.sub(dtv, refractory), zero), dtv);
    Value full = vb.cmp(Pred::OEQ, delta, dtv);
    Value none = vb.cmp(Pred::OEQ, delta, zero);
    Value usual = arith::OrIOp::create(b, loc, full, none);
    Value partial = arith::XOrIOp::create(
        b, loc, usual,
        arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(cast<ShapedType>(usual.getType()), true)));
    return {refractory, full, partial, delta};
  };
  auto read = [&](Value tensor, Value offset, int64_t w) -> Value {
    return vector::TransferReadOp::create(
        b, loc, VectorType::get({w}, elementType), tensor, ValueRange{offset},
        pad, ArrayRef<bool>{true});
  };
  // Runs `piece(offset, w, carried)` over `vectors` vectors of `width` lanes
  // from `start`, then over a last one of `tail` lanes; returns the carried
  // values.
  auto overPieces =
      [&](Value start, int64_t vectors, int64_t tail, ValueRange init,
          function_ref<SmallVector<Value>(Value, int64_t, ValueRange)> piece)
      -> SmallVector<Value> {
    SmallVector<Value> carried(init);
    if (vectors > 0) {
      auto loop = scf::ForOp::create(
          b, loc, start,
          arith::AddIOp::create(b, loc, start, index(vectors * width)),
          index(width), carried);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      scf::YieldOp::create(
          b, loc,
          piece(loop.getInductionVar(), width, loop.getRegionIterArgs()));
      carried = SmallVector<Value>(loop.getResults());
    }
    if (tail > 0)
      carried =
          piece(arith::AddIOp::create(b, loc, start, index(vectors * width)),
                tail, carried);
    return carried;
  };

  // The four phases over `size` elements from `start`.
  auto emitChunk = [&](Value start, int64_t size,
                       ValueRange current) -> SmallVector<Value> {
    int64_t vectors = size / width, tail = size % width;
    Value c0 = index(0), c1 = index(1);
    // 1. The decays, and the deltas of the lanes that need expm1.
    Value expCount = overPieces(
        start, vectors, tail, ValueRange{c0},
        [&](Value offset, int64_t w, ValueRange carried) -> SmallVector<Value> {
          EquationBuilder vb(b, loc, VectorType::get({w}, elementType));
          Delta d = computeDelta(vb, read(current[2], offset, w));
          Value decay =
              vb.select(d.full, vb.splat(decayAtDt), vb.splat(decayAtZero));
          Value at = arith::SubIOp::create(b, loc, offset, start);
          vector::StoreOp::create(b, loc, vb.select(d.partial, d.delta, decay),
                                  decays, ValueRange{at});
          appendLanes(b, loc, expIndices, {}, carried[0], d.partial,
                      laneIndices(b, loc, at, w));
          return {arith::AddIOp::create(b, loc, carried[0],
                                        countLanes(b, loc, d.partial))};
        })[0];
    // 2. expm1(-delta / tau_rc) of each listed lane, in place (the
    // division too: a vector division per vector in phase 1 cost more than
    // one per listed lane).
    {
      auto loop = scf::ForOp::create(b, loc, c0, expCount, c1);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value at = arith::IndexCastOp::create(
          b, loc, b.getIndexType(),
          memref::LoadOp::create(b, loc, expIndices, loop.getInductionVar()));
      Value delta = memref::LoadOp::create(b, loc, decays, at);
      Value argument = sb.div(sb.neg(delta), sb.constant(tauRcValue));
      memref::StoreOp::create(b, loc, sb.expm1(argument), decays, at);
    }
    // 3. The step on vectors; the spikes' lists.
    SmallVector<Value> init = {c0};
    llvm::append_range(init, current);
    SmallVector<Value> results = overPieces(
        start, vectors, tail, init,
        [&](Value offset, int64_t w, ValueRange carried) -> SmallVector<Value> {
          auto vectorType = VectorType::get({w}, elementType);
          EquationBuilder vb(b, loc, vectorType);
          Value xv = read(x, offset, w), vv = read(carried[2], offset, w),
                rv = read(carried[3], offset, w);
          Value current = vb.current(xv, op.getGainValue(), op.getBiasValue());
          Value refractory = vb.sub(rv, vb.splat(dt));
          Value decay = vector::LoadOp::create(
              b, loc, vectorType, decays,
              ValueRange{arith::SubIOp::create(b, loc, offset, start)});
          Value voltage = vb.sub(vv, vb.mul(vb.sub(current, vv), decay));
          Value zero = vb.constant(0.0);
          Value spiked = vb.cmp(Pred::OGT, voltage, vb.constant(1.0));
          Value output = vb.select(spiked, vb.splat(spike), zero);
          // The spikes' element indices (i32: one compress of 16 lanes).
          Value spikeAt = carried[0];
          Value indices = laneIndices(b, loc, offset, w);
          appendLanes(b, loc, spikeIndices, {}, spikeAt, spiked, indices);
          Value spikeNext = arith::AddIOp::create(b, loc, spikeAt,
                                                  countLanes(b, loc, spiked));
          // A neuron that spiked keeps its voltage until phase 4 has read
          // it (and resets it there).
          if (!std::isinf(toDouble(op.getMinVoltage())))
            voltage = vb.select(
                spiked, voltage,
                vb.max(voltage, vb.constant(toDouble(op.getMinVoltage()))));
          auto write = [&](Value vector, Value tensor) -> Value {
            return vector::TransferWriteOp::create(b, loc, vector, tensor,
                                                   ValueRange{offset},
                                                   ArrayRef<bool>{true})
                .getResult();
          };
          return {spikeNext, write(output, carried[1]),
                  write(voltage, carried[2]), write(refractory, carried[3])};
        });
    // 4. For each spike: its current (the same ops as on vectors) and
    // voltage, its time (log1p), the new refractory time, the reset.
    auto loop = scf::ForOp::create(b, loc, c0, results[0], c1,
                                   ValueRange{results[2], results[3]});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value i = loop.getInductionVar();
      Value at = arith::IndexCastOp::create(
          b, loc, b.getIndexType(),
          memref::LoadOp::create(b, loc, spikeIndices, i));
      Value voltages = loop.getRegionIterArgs()[0];
      Value refractories = loop.getRegionIterArgs()[1];
      Value one = sb.constant(1.0);
      Value current =
          sb.current(tensor::ExtractOp::create(b, loc, x, ValueRange{at}),
                     op.getGainValue(), op.getBiasValue());
      Value voltage =
          tensor::ExtractOp::create(b, loc, voltages, ValueRange{at});
      Value overshoot =
          sb.div(sb.neg(sb.sub(voltage, one)), sb.sub(current, one));
      Value tSpike =
          sb.add(dt, sb.mul(sb.constant(tauRcValue), sb.log1p(overshoot)));
      Value refractory = sb.add(sb.constant(toDouble(op.getTauRef())), tSpike);
      scf::YieldOp::create(
          b, loc,
          ValueRange{tensor::InsertOp::create(b, loc, sb.constant(0.0),
                                              voltages, ValueRange{at}),
                     tensor::InsertOp::create(b, loc, refractory, refractories,
                                              ValueRange{at})});
    }
    return {results[1], loop.getResult(0), loop.getResult(1)};
  };

  int64_t chunks = n / chunk, rest = n % chunk;
  if (chunks > 1) {
    auto loop = scf::ForOp::create(b, loc, index(0), index(chunks * chunk),
                                   index(chunk), tensors);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    scf::YieldOp::create(
        b, loc,
        emitChunk(loop.getInductionVar(), chunk, loop.getRegionIterArgs()));
    tensors = SmallVector<Value>(loop.getResults());
  } else if (chunks == 1) {
    tensors = emitChunk(index(0), chunk, tensors);
  }
  if (rest > 0)
    tensors = emitChunk(index(chunks * chunk), rest, tensors);
  SmallVector<Value> results;
  for (Value tensor : tensors)
    results.push_back(rank == 1 ? tensor
                                : tensor::ExpandShapeOp::create(
                                      b, loc, tensorType, tensor, reassociation)
                                      .getResult());
  op->replaceAllUsesWith(results);
  op->erase();
  return true;
}

namespace {
struct SNNVectorizeNeuronsPass
    : public snn::impl::SNNVectorizeNeuronsPassBase<SNNVectorizeNeuronsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<LIFStepOp> ops;
    getOperation()->walk([&](LIFStepOp op) { ops.push_back(op); });
    for (LIFStepOp op : ops)
      if (vectorizeLIFStep(op, vectorWidth))
        ++numVectorized;
  }
};
} // namespace
