//===- NIR.h - NIR (Neuromorphic Intermediate Representation) ---*- C++ -*-===//
//
// Part of snn-mlir.
//
// The `--import-nir` and `--emit-nir` translations between NIR files (HDF5,
// neuromorphs/NIR's layout) and spiking networks in MLIR (snn neuron ops and
// TOSA layers, ARCHITECTURE.md level 2). docs/NIR.md is the specification:
// the node mapping, the discretization of NIR's continuous-time equations,
// and what NIR cannot express.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_NIR_H
#define SNN_TARGET_NIR_H

#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace mlir {
class MLIRContext;
class ModuleOp;
class Operation;

namespace snn {

/// How NIR's continuous-time neuron equations become time steps.
enum class NIRDiscretization {
  /// Zero-order hold: the exact solution for an input held over the step
  /// (`v = vinf + (v - vinf) * exp(-dt/tau)`), as Nengo integrates LIF.
  Exact,
  /// Forward Euler (`v += dt/tau * (vinf - v)`), as snnTorch and Norse do.
  Euler,
};

/// Options of the NIR importer.
struct NIRImportOptions {
  /// Step length in s; unset: the graph's `metadata/dt`, else 0.001.
  std::optional<double> dt;
  /// Unset: the graph's `metadata/discretization`, else exact.
  std::optional<NIRDiscretization> discretization;
  /// Rebuilds the exact snn op recorded under a node's `metadata/` by
  /// `--emit-nir` (refractory period, voltage floor, rectification, ...).
  bool useMetadata = true;
  /// A cycle without a Delay node gets a delay of one step on an edge that
  /// leaves a neuron of the cycle (else on the edge that closes it), as
  /// snnTorch, Norse and Lava-DL simulate such graphs (e.g. snnTorch's
  /// RLeaky: a LIF and its recurrent weights). Off: such a cycle is an
  /// error.
  bool implicitDelay = false;
  /// Runs libhdf5 in a child process (see docs/NIR.md, "Errors"), so that
  /// a libhdf5 crash or hang on a corrupt file is an error, never a crash of
  /// the caller. Off only for the fuzzer, which must see libhdf5's code.
  bool isolateHDF5 = true;
};

/// Options of the NIR emitter.
struct NIREmitOptions {
  /// Step length in s the network is meant to run with (written to the
  /// graph's metadata; sets the spike amplitude and the Euler time
  /// constants). Unset: the module's `snn.nir.dt` (set by --import-nir), else
  /// 0.001.
  std::optional<double> dt;
  /// Unset: the module's `snn.nir.discretization`, else exact.
  std::optional<NIRDiscretization> discretization;
  /// Writes what NIR cannot express (refractory period, voltage floor, rate
  /// neurons, rectified integration) with a warning, keeping the exact values
  /// under the node's `metadata/`, instead of failing.
  bool lossy = false;
  /// The function to emit; empty means the only function with a body.
  std::string entryFunction;
};

/// Imports the NIR file image in `bytes` into a new module holding one
/// func.func `@nir`. Returns null after emitting diagnostics on failure.
OwningOpRef<ModuleOp> importNIR(llvm::StringRef bytes, MLIRContext *context,
                                const NIRImportOptions &options);

/// Writes the spiking network held by `op` (a module or a func.func) as a NIR
/// file on `os`. Nothing is written and diagnostics name the offending op on
/// failure.
LogicalResult emitNIR(Operation *op, llvm::raw_ostream &os,
                      const NIREmitOptions &options);

/// Registers `--import-nir` and `--emit-nir` and their options (`--nir-dt`,
/// `--nir-discretization`, `--nir-lossy`, `--nir-ignore-metadata`,
/// `--nir-entry`).
void registerNIRTranslations();

} // namespace snn
} // namespace mlir

#endif // SNN_TARGET_NIR_H
