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

/// The register tiling --snn-vectorize-contractions uses when its
/// vector-width and max-accumulators options are 0: from the host CPU.
struct HostVectorDefaults {
  int64_t width;        // floats per vector
  int64_t accumulators; // vector registers held as accumulators
  int64_t threads;      // hardware threads (parallel loops are balanced
                        // for this many)
};
HostVectorDefaults getHostVectorDefaults();

/// Registers every snn conversion pass (and pipeline) with the global registry.
#define GEN_PASS_REGISTRATION
#include "SNN/Conversion/Passes.h.inc"

} // namespace snn
} // namespace mlir

#endif // SNN_CONVERSION_PASSES_H
