//===- EmitCHeader.h - C API header of an AOT-compiled network --*- C++ -*-===//
//
// Part of snn-mlir.
//
// The `--emit-c-header` translation: from a network at level 3 (after
// `--snn-materialize-time=state=external`, still on tensors) or an ANN, a
// self-contained C99/C++ header declaring the `_mlir_ciface_<fn>` entry point
// of the object that `--snn-lower-to-llvm=results-to-out-params` produces,
// and a small API around it (create, run T steps, read the outputs, reset,
// destroy). docs/AOT.md describes the output.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_EMITCHEADER_H
#define SNN_TARGET_EMITCHEADER_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir {
class Operation;

namespace snn {

/// Options of the C header emitter.
struct CHeaderEmitOptions {
  /// The API prefix: functions are `snn_<name>_...`, macros `SNN_<NAME>_...`.
  /// Empty means the function's name. Sanitized to a C identifier.
  std::string apiName;
  /// The function to expose; empty means the only public function with a
  /// body.
  std::string entryFunction;
  /// The model the module came from, named in the header comment.
  std::string sourceName;
};

/// Emits the C header of the network held by `op` (a module or a func.func)
/// on `os`. Nothing is written and diagnostics name the offending function,
/// argument or op on failure.
LogicalResult emitCHeader(Operation *op, llvm::raw_ostream &os,
                          const CHeaderEmitOptions &options);

/// Registers the `--emit-c-header` translation and its options
/// (`--c-api-name`, `--c-api-function`).
void registerEmitCHeaderTranslation();

} // namespace snn
} // namespace mlir

#endif // SNN_TARGET_EMITCHEADER_H
