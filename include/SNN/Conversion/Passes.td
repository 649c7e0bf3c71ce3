//===- Passes.td - snn conversion passes -------------------*- tablegen -*-===//
//
// Part of snn-mlir.
//
// Every conversion pass of snn-mlir, one file per conversion, registered
// together (registerSNNConversionPasses).
//
//===----------------------------------------------------------------------===//

#ifndef SNN_CONVERSION_PASSES_TD
#define SNN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"
include "SNN/Conversion/ActivationsToSpiking/Passes.td"
include "SNN/Conversion/SNNToLinalg/Passes.td"

#endif // SNN_CONVERSION_PASSES_TD
