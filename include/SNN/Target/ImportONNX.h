//===- ImportONNX.h - ONNX model to MLIR importer ---------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// The `--import-onnx` translation: an ONNX model (binary or protobuf text
// format) becomes a module with one func.func per graph, whose layers are
// upstream TOSA ops and whose weights are DenseResourceElementsAttr blobs.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_IMPORTONNX_H
#define SNN_TARGET_IMPORTONNX_H

#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace mlir {
class MLIRContext;
class ModuleOp;

namespace snn {

/// Options of the ONNX importer.
struct ImportONNXOptions {
  /// Values bound to symbolic input dimensions (`dim_param`), by name. A
  /// symbolic dimension without a binding becomes 1, with a remark.
  llvm::StringMap<int64_t> dimBindings;
  /// Graph inputs replaced by constants: graph input (by name, or by its
  /// position among the non-initializer inputs) -> file holding a serialized
  /// onnx.TensorProto. Lets a model whose shape operands are inputs (e.g. the
  /// ONNX node tests) import with static shapes.
  llvm::StringMap<std::string> constantInputs;
  /// Keeps values produced by TOSA convolutions and pools in NHWC across
  /// the layers that follow (activations, batch norms, adds, pads, channel
  /// concats), so that no transposes are left between layers after
  /// canonicalization. When false, every layer reads and writes NCHW.
  bool propagateNHWC = true;
  /// Reads the model as protobuf text format instead of binary. When unset,
  /// the format follows the extension of `modelPath`.
  bool textFormat = false;
};

/// Returns true when `path` names a protobuf text-format model (by extension:
/// `.textproto`, `.pbtxt`, `.txt`).
bool isONNXTextFormatPath(llvm::StringRef path);

/// Imports the ONNX model held in `bytes` into a new module. `modelPath` is
/// the file the bytes came from: it names the locations of file-level errors
/// and is the directory against which external data is resolved (external
/// data is refused when `modelPath` is empty). Returns null after emitting
/// diagnostics on failure.
OwningOpRef<ModuleOp> importONNX(llvm::StringRef bytes,
                                 llvm::StringRef modelPath,
                                 MLIRContext *context,
                                 const ImportONNXOptions &options);

/// Registers the `--import-onnx` translation and its options
/// (`--onnx-dim name=value`).
void registerImportONNXTranslation();

} // namespace snn
} // namespace mlir

#endif // SNN_TARGET_IMPORTONNX_H
