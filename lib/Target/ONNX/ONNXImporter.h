//===- ONNXImporter.h - private state of the ONNX importer ------*- C++ -*-===//
//
// Part of snn-mlir.
//
// The ONNXImporter owns the builder, the module being built and the scoped
// name->value table; operator handlers (ONNXOpHandlers.cpp) read node inputs
// and attributes through it and bind node outputs in it.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_LIB_TARGET_ONNX_ONNXIMPORTER_H
#define SNN_LIB_TARGET_ONNX_ONNXIMPORTER_H

#include "SNN/Target/ImportONNX.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include <onnx/onnx_pb.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
namespace snn {
namespace onnx_import {

/// What the importer knows about one ONNX value name.
struct ONNXValue {
  /// The SSA value, once materialized (null for a constant not used yet).
  Value value;
  /// Its static tensor type.
  RankedTensorType type;
  /// Its contents when known at import time (initializers, Constant nodes,
  /// folded shape computations).
  ElementsAttr constant;
  /// Its contents as integers, for small integer tensors (shape chains).
  std::optional<SmallVector<int64_t>> ints;
};

class ONNXImporter;

/// An operator handler: imports the current node of `importer`.
using ONNXOpHandler = LogicalResult (*)(ONNXImporter &importer);

/// Returns the handler for `opType` of `domain` ("" is the default ONNX
/// domain), or null.
ONNXOpHandler lookupONNXOpHandler(llvm::StringRef domain,
                                  llvm::StringRef opType);

/// Imports the current node of the ai.onnx.snn domain (SNNDomain.cpp).
LogicalResult importSNNDomainNode(ONNXImporter &importer);
/// Copies the ONNX-SNN SimulationSettings of `model` (metadata_props) into
/// the `snn.simulation` attribute of `module` (SNNDomain.cpp).
LogicalResult importSNNSimulationSettings(const onnx::ModelProto &model,
                                          ModuleOp module);

/// Imports one ONNX model into a module.
class ONNXImporter {
public:
  ONNXImporter(MLIRContext *context, const ImportONNXOptions &options,
               llvm::StringRef modelPath);

  /// Imports `model`; null after diagnostics on failure.
  OwningOpRef<ModuleOp> importModel(const onnx::ModelProto &model);

  //===--------------------------------------------------------------------===//
  // Interface for operator handlers.
  //===--------------------------------------------------------------------===//

  OpBuilder &getBuilder() { return builder; }
  MLIRContext *getContext() { return context; }
  /// The location of the node being imported.
  Location getLoc() const { return loc; }
  const onnx::NodeProto &getNode() const { return *node; }
  /// The opset version of the current node's domain.
  int64_t getOpset() const { return opset; }

  /// Emits an error at the current node, prefixed with its name and op_type.
  InFlightDiagnostic nodeError();

  /// Number of inputs, counting empty (absent optional) ones.
  unsigned getNumInputs() const { return node->input_size(); }
  /// True when input `i` is present (exists and is not the empty name).
  bool hasInput(unsigned i) const;
  /// The entry of input `i`; fails (with a diagnostic) when it is absent.
  FailureOr<ONNXValue *> getInputEntry(unsigned i);
  /// The materialized value of input `i`.
  FailureOr<Value> getInput(unsigned i);
  /// The integer contents of input `i` when known at import time; fails with
  /// a diagnostic naming `what` otherwise.
  FailureOr<SmallVector<int64_t>> getConstantInts(unsigned i,
                                                  llvm::StringRef what);
  /// The float contents of input `i` when known; nullopt otherwise.
  std::optional<SmallVector<double>> getConstantFloats(unsigned i);
  /// True when output `i` is requested (exists and is not the empty name).
  bool hasOutput(unsigned i) const;

  /// Binds output `i` of the current node to `value`.
  LogicalResult setOutput(unsigned i, Value value);
  /// Binds output `i` to a known integer tensor (materialized lazily) of
  /// `elementType` (i64 when null; i1 for booleans, stored as 0/1).
  LogicalResult setOutputInts(unsigned i, llvm::ArrayRef<int64_t> ints,
                              llvm::ArrayRef<int64_t> shape,
                              Type elementType = {});
  /// Binds output `i` to a constant (materialized lazily).
  LogicalResult setOutputConstant(unsigned i, ElementsAttr constant);
  /// Binds output `i` to the same value as input `j` (Identity).
  LogicalResult forwardInput(unsigned j, unsigned i);

  /// Attribute access. Each fails with a diagnostic on a type mismatch.
  const onnx::AttributeProto *findAttr(llvm::StringRef name) const;
  FailureOr<int64_t> getIntAttr(llvm::StringRef name, int64_t dflt);
  FailureOr<float> getFloatAttr(llvm::StringRef name, float dflt);
  FailureOr<std::string> getStringAttr(llvm::StringRef name,
                                       llvm::StringRef dflt);
  FailureOr<SmallVector<int64_t>> getIntsAttr(llvm::StringRef name);
  /// Converts a tensor (initializer, Constant value) to an elements attr.
  FailureOr<ElementsAttr> convertTensor(const onnx::TensorProto &tensor,
                                        Location loc);

  //===--------------------------------------------------------------------===//
  // IR helpers.
  //===--------------------------------------------------------------------===//

  /// A tosa.const holding `attr`.
  Value createConst(ElementsAttr attr);
  /// A splat constant of `shape` and `elementType`.
  Value createSplat(llvm::ArrayRef<int64_t> shape, Type elementType,
                    double value);
  /// A one-element zero point constant for `elementType`.
  Value createZeroPoint(Type elementType);
  /// The shift operand of tosa.mul (tensor<1xi8> zero).
  Value createMulShift();
  /// A !tosa.shape constant.
  Value createConstShape(llvm::ArrayRef<int64_t> values);
  Value createReshape(Value input, llvm::ArrayRef<int64_t> shape);
  Value createTranspose(Value input, llvm::ArrayRef<int64_t> perm);
  Value createSlice(Value input, llvm::ArrayRef<int64_t> start,
                    llvm::ArrayRef<int64_t> size);
  /// Transposes input `i`: permutes its data at import time when it is a
  /// constant (no transpose op left), otherwise emits tosa.transpose.
  FailureOr<Value>
  getTransposedInput(unsigned i, llvm::ArrayRef<int64_t> perm,
                     llvm::ArrayRef<int64_t> reshapeFirst = {});
  /// Layout: a rank-4 NCHW value produced by transposing an NHWC value (the
  /// result of a TOSA conv or pool) remembers that NHWC twin, so that the
  /// next layer reads the twin instead of transposing back and forth;
  /// elementwise ops on values with a twin are applied in NHWC. Transposes
  /// left without users are removed by --canonicalize.
  bool hasNHWC(Value nchw) const {
    return options.propagateNHWC && nhwcTwins.count(nchw);
  }
  /// The NHWC twin of `nchw`, or a new (cached) tosa.transpose.
  Value getNHWC(Value nchw);
  /// Transposes `nhwc` to NCHW and records the pair.
  Value fromNHWC(Value nhwc);

  /// A blob-backed constant with `type` and `data` (copied once).
  ElementsAttr createBlobAttr(RankedTensorType type, llvm::StringRef name,
                              llvm::ArrayRef<char> data);
  /// Converts an ONNX element type to MLIR; null when unsupported.
  Type convertElementType(int32_t dataType);

private:
  LogicalResult importGraph(const onnx::GraphProto &graph);
  LogicalResult importNode(const onnx::NodeProto &node);
  /// Binds graph input `info` to the TensorProto stored in `file`.
  LogicalResult bindConstantInput(const onnx::ValueInfoProto &info,
                                  llvm::StringRef file, Location loc);
  LogicalResult bind(llvm::StringRef name, ONNXValue entry, Location loc);
  FailureOr<ONNXValue *> lookup(llvm::StringRef name, Location loc);
  Value materialize(ONNXValue &entry, llvm::StringRef name);
  FailureOr<RankedTensorType>
  convertValueInfoType(const onnx::ValueInfoProto &info, bool bindDims,
                       Location loc);
  /// The bytes of an external-data tensor (a view of the mapped file).
  FailureOr<std::unique_ptr<llvm::MemoryBuffer>>
  readExternalData(const onnx::TensorProto &t, Location loc);
  Location nodeLoc(const onnx::NodeProto &node);

  MLIRContext *context;
  const ImportONNXOptions &options;
  std::string modelPath;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  /// Opset version per domain ("" for the default domain).
  llvm::StringMap<int64_t> opsets;
  /// One name->value scope per graph (subgraphs would push a scope).
  std::vector<llvm::StringMap<ONNXValue>> scopes;
  /// NCHW value -> its NHWC twin.
  llvm::DenseMap<Value, Value> nhwcTwins;
  /// Every name some node of the current graph defines.
  llvm::StringSet<> nodeOutputNames;
  /// The symbolic dimensions of the graph's inputs, in order of appearance,
  /// and the --onnx-dim bindings that named one of them.
  llvm::SmallVector<std::string> inputDimParams;
  llvm::StringSet<> usedDimBindings;

  const onnx::NodeProto *node = nullptr;
  Location loc;
  int64_t opset = 0;
};

} // namespace onnx_import
} // namespace snn
} // namespace mlir

#endif // SNN_LIB_TARGET_ONNX_ONNXIMPORTER_H
