//===- Passes.td - ActivationsToSpiking passes ---------------------*- tablegen -*-===//
//
// Part of snn-mlir. Included by SNN/Conversion/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_CONVERSION_ACTIVATIONSTOSPIKING_PASSES_TD
#define SNN_CONVERSION_ACTIVATIONSTOSPIKING_PASSES_TD

include "mlir/Pass/PassBase.td"

#endif
