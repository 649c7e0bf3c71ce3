//===- EmitONNXSNN.h - spiking network to an ONNX-SNN model -----*- C++ -*-===//
//
// Part of snn-mlir.
//
// The `--emit-onnx-snn` translation: a spiking network in MLIR (TOSA layers
// and snn neuron ops, ARCHITECTURE.md level 2) becomes an ONNX ModelProto.
// Layers are standard ONNX operators in NCHW with the original weights; every
// snn op is a node of the domain "ai.onnx.snn"; the simulation settings are a
// SimulationSettings message (proto/onnx_snn.proto) in the model's
// metadata_props. docs/ONNX-SNN.md is the specification.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_EMITONNXSNN_H
#define SNN_TARGET_EMITONNXSNN_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace mlir {
class Operation;

namespace snn {

/// The key of the SimulationSettings text in ModelProto.metadata_props.
inline constexpr const char *kONNXSNNSettingsKey = "ai.onnx.snn.simulation";
/// The spiking operator domain and its version.
inline constexpr const char *kONNXSNNDomain = "ai.onnx.snn";
inline constexpr int64_t kONNXSNNDomainVersion = 1;
/// The module attribute holding the SimulationSettings text (set by the
/// importer, read by the exporter).
inline constexpr const char *kSimulationSettingsAttr = "snn.simulation";

/// Options of the ONNX-SNN exporter. Unset fields keep the value found in the
/// module's `snn.simulation` attribute, or the schema's default.
struct ONNXSNNEmitOptions {
  std::optional<double> dt;
  std::optional<int64_t> steps;
  /// "constant" or "poisson".
  std::optional<std::string> encoding;
  std::optional<double> maxRate;
  /// "mean", "last-lowpass" or "spike-count".
  std::optional<std::string> decoding;
  std::optional<double> decodingTau;
  std::optional<double> synapse;
  /// "zero", "uniform-voltage" or "explicit".
  std::optional<std::string> initialState;
  std::optional<uint64_t> seed;
  /// The function to emit; empty means the only function with a body.
  std::string entryFunction;
};

/// Writes the network held by `op` (a module or a func.func) as a binary ONNX
/// ModelProto on `os`. Nothing is written and diagnostics name the offending
/// op on failure.
LogicalResult emitONNXSNN(Operation *op, llvm::raw_ostream &os,
                          const ONNXSNNEmitOptions &options);

/// Registers the `--emit-onnx-snn` translation and its options
/// (`--onnx-snn-dt`, `--onnx-snn-steps`, `--onnx-snn-encoding`, ...).
void registerEmitONNXSNNTranslation();

} // namespace snn
} // namespace mlir

#endif // SNN_TARGET_EMITONNXSNN_H
