//===- Passes.h - snn conversion passes -------------------------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_CONVERSION_PASSES_H
#define SNN_CONVERSION_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace snn {

#define GEN_PASS_DECL
#include "SNN/Conversion/Passes.h.inc"

/// Registers every snn conversion pass (and pipeline) with the global registry.
#define GEN_PASS_REGISTRATION
#include "SNN/Conversion/Passes.h.inc"

} // namespace snn
} // namespace mlir

#endif // SNN_CONVERSION_PASSES_H
