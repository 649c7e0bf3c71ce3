//===- EmitNengo.h - spiking network to Nengo/NengoDL Python ----*- C++ -*-===//
//
// Part of snn-mlir.
//
// The `--emit-nengo` translation: a spiking network in MLIR (TOSA layers and
// snn neuron ops, ARCHITECTURE.md level 2) becomes a Python module that
// builds the same network from plain Nengo objects (nodes, ensembles,
// connections with Dense/Sparse/Convolution transforms), plus a `.npz` file
// holding the model's parameters. docs/NENGO.md describes the output.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_EMITNENGO_H
#define SNN_TARGET_EMITNENGO_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir {
class Operation;

namespace snn {

/// Options of the Nengo emitter.
struct NengoEmitOptions {
  /// Where the weights file (.npz) is written. Required: the translation
  /// derives it from the output file when not given on the command line.
  std::string weightsPath;
  /// How the generated module finds the weights file by default: a path
  /// relative to the module's directory (when the weights sit next to it) or
  /// the path itself. Empty means `weightsPath`.
  std::string weightsPathInModule;
  /// Fail on ops that need NengoDL/TensorFlow (MaxPool as a nengo_dl.Layer,
  /// SoftLIFRate) instead of emitting them.
  bool coreOnly = false;
  /// The function to emit; empty means the only function with a body.
  std::string entryFunction;
  /// The model the module came from, named in the header comment.
  std::string sourceName;
};

/// Emits the network held by `op` (a module or a func.func) as a Python
/// module on `os` and writes its parameters to `options.weightsPath`.
/// Nothing is written and diagnostics name the offending op on failure.
LogicalResult emitNengo(Operation *op, llvm::raw_ostream &os,
                        const NengoEmitOptions &options);

/// Registers the `--emit-nengo` translation and its options
/// (`--nengo-weights`, `--nengo-core-only`, `--nengo-entry`).
void registerEmitNengoTranslation();

} // namespace snn
} // namespace mlir

#endif // SNN_TARGET_EMITNENGO_H
