//===- ActivationsToLIF.cpp - ANN activations to LIF neurons ----*- C++ -*-===//
//
// Part of snn-mlir.
//
// --convert-activations-to-lif: --convert-activations-to-spiking with
// neuron=lif and the thesis's defaults (amplitude 0.01, max rate 100 Hz,
// intercept 0), sharing its option resolution and patterns.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/ActivationsToSpiking/ActivationsToSpiking.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_CONVERTACTIVATIONSTOLIFPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

namespace {
struct ConvertActivationsToLIFPass
    : snn::impl::ConvertActivationsToLIFPassBase<ConvertActivationsToLIFPass> {
  using snn::impl::ConvertActivationsToLIFPassBase<
      ConvertActivationsToLIFPass>::ConvertActivationsToLIFPassBase;

  void runOnOperation() override {
    RawActivationOptions raw;
    raw.passName = getArgument().str();
    raw.neuron = stringifyNeuronKind(NeuronKind::LIF).str();
    raw.activations.assign(activations.begin(), activations.end());
    raw.skip.assign(skip.begin(), skip.end());
    raw.tauRc = tauRc;
    raw.tauRef = tauRef;
    raw.minVoltage = minVoltage;
    raw.amplitude = amplitude;
    raw.maxRate = maxRate;
    raw.intercept = intercept;
    raw.gain = gain;
    raw.bias = bias;
    raw.scaleFiringRates = scaleFiringRates;
    raw.synapse = synapse;

    ActivationConversionStats stats;
    if (failed(convertActivations(getOperation(), raw, stats)))
      return signalPassFailure();
    numConverted += stats.numConverted;
    numLossy += stats.numLossy;
    numSkipped += stats.skipped.size();
  }
};
} // namespace
