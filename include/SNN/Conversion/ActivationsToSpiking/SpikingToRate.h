//===- SpikingToRate.h - spiking neurons to rate models ---------*- C++ -*-===//
//
// Part of snn-mlir.
//
// The patterns of --convert-spiking-to-rate.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_CONVERSION_ACTIVATIONSTOSPIKING_SPIKINGTORATE_H
#define SNN_CONVERSION_ACTIVATIONSTOSPIKING_SPIKINGTORATE_H

#include "SNN/Conversion/Passes.h"

namespace mlir {
class RewritePatternSet;

namespace snn {

/// Adds the patterns of --convert-spiking-to-rate: snn.lif becomes
/// snn.lif_rate (snn.soft_lif_rate with `sigma` when `sigma > 0`), snn.if
/// becomes `amplitude * max(gain * x + bias, 0)` in TOSA ops. snn.izhikevich,
/// which has no rate model, is left to the caller.
void populateSpikingToRatePatterns(RewritePatternSet &patterns, double sigma);

} // namespace snn
} // namespace mlir

#endif // SNN_CONVERSION_ACTIVATIONSTOSPIKING_SPIKINGTORATE_H
