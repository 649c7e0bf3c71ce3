//===- EmitONNXSNN.cpp - spiking network to an ONNX-SNN model ---*- C++ -*-===//
//
// Part of snn-mlir.
//
// The exporter inverts the ONNX importer (lib/Target/ONNX): each TOSA
// sequence that a standard ONNX operator imports to is written back as that
// operator, in NCHW, so that re-importing the model gives the same IR. Every
// MLIR value maps to an ONNX tensor and a layout: a rank-4 NHWC value that
// the importer derived from an NCHW tensor (a conv or pool result, its
// elementwise successors) maps to that NCHW tensor, and the importer's
// layout transposes map to nothing. Weights permuted at import time
// ("<name>_permuted" blobs) are permuted back and written under their
// original name. Spiking ops become nodes of the domain "ai.onnx.snn".
//
//===----------------------------------------------------------------------===//

#include "SNN/Target/EmitONNXSNN.h"
#include "ONNXSNNOps.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CommandLine.h"

#include "onnx_snn.pb.h"
#include <google/protobuf/text_format.h>
#include <onnx/onnx_pb.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;
using namespace mlir::snn;

namespace {
/// The ONNX tensor an MLIR value maps to.
struct ONNXRef {
  std::string name;
  /// The value is transpose(tensor, [0, 2, 3, 1]): an NHWC view of an NCHW
  /// ONNX tensor.
  bool nhwc = false;
};

class ONNXSNNExporter {
public:
  ONNXSNNExporter(func::FuncOp func, onnx::GraphProto &graph)
      : func(func), graph(graph) {}

  LogicalResult run();

private:
  FailureOr<ONNXRef> get(Value v);
  /// The ONNX tensor equal to `v`.
  FailureOr<std::string> getPlain(Value v);
  /// The NCHW ONNX tensor of the rank-4 NHWC value `v`.
  FailureOr<std::string> getNCHW(Value v);
  LogicalResult emitOp(Operation *op);

  std::string uniqueName(StringRef base);
  std::string nodeName(Operation *op);
  onnx::NodeProto *addNode(StringRef opType, StringRef name,
                           ArrayRef<std::string> inputs, StringRef output);
  std::string addInitializer(StringRef name, RankedTensorType type,
                             ArrayRef<char> data);
  std::string addInts(StringRef name, ArrayRef<int64_t> values);
  std::string addFloatScalar(StringRef name, float value);
  FailureOr<std::string> addConstant(Operation *user, Value v,
                                     ArrayRef<int64_t> perm = {},
                                     ArrayRef<int64_t> shape = {},
                                     bool stripPermuted = false,
                                     StringRef nameOverride = "");
  void bind(Value v, StringRef name, bool nhwc) {
    refs[v] = ONNXRef{name.str(), nhwc};
  }

  LogicalResult emitTranspose(tosa::TransposeOp op);
  LogicalResult emitReshape(tosa::ReshapeOp op);
  LogicalResult emitConv(Operation *op, bool depthwise);
  LogicalResult emitPool(Operation *op);
  LogicalResult emitClamp(tosa::ClampOp op);
  LogicalResult emitUnary(Operation *op, StringRef opType);
  LogicalResult emitBinary(Operation *op, StringRef opType);
  LogicalResult emitGemm(tosa::AddOp add);
  LogicalResult emitGemmValue(Operation *root, tosa::MatMulOp matmul,
                              Value cValue);
  LogicalResult emitBatchNorm(tosa::AddOp add, tosa::MulOp mul);
  LogicalResult emitGlobalPool(Operation *root, Value x, bool isMax);
  LogicalResult emitPad(tosa::PadOp op);
  LogicalResult emitConcat(tosa::ConcatOp op);
  LogicalResult emitNeuron(Operation *op, const onnx_snn::OpInfo &info);

  func::FuncOp func;
  onnx::GraphProto &graph;
  DenseMap<Value, ONNXRef> refs;
  /// Plain/NCHW forms materialized by a Transpose node, per tensor name.
  llvm::StringMap<std::string> plainOf, nchwOf;
  llvm::StringSet<> names;
  DenseSet<Operation *> emitted;
  /// Inner ops of patterns (LeakyRelu, Softmax), emitted with their root.
  DenseSet<Operation *> inner;
};
} // namespace

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static RankedTensorType getType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// The name a location carries (NameLoc, possibly inside fused/call-site
/// locations); empty when none.
static std::string getLocName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location l : fused.getLocations()) {
      std::string n = getLocName(l);
      if (!n.empty())
        return n;
    }
  }
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return getLocName(call.getCallee());
  return "";
}

static int32_t getONNXDataType(Type t) {
  if (t.isF32())
    return onnx::TensorProto::FLOAT;
  if (t.isF64())
    return onnx::TensorProto::DOUBLE;
  if (t.isF16())
    return onnx::TensorProto::FLOAT16;
  if (t.isBF16())
    return onnx::TensorProto::BFLOAT16;
  if (t.isInteger(64))
    return onnx::TensorProto::INT64;
  if (t.isInteger(32))
    return onnx::TensorProto::INT32;
  if (t.isInteger(16))
    return onnx::TensorProto::INT16;
  if (t.isInteger(8))
    return t.isUnsignedInteger() ? onnx::TensorProto::UINT8
                                 : onnx::TensorProto::INT8;
  if (t.isInteger(1))
    return onnx::TensorProto::BOOL;
  return onnx::TensorProto::UNDEFINED;
}

/// The raw bytes of a constant (row-major, expanded when splat); failure for
/// element types without a byte layout or elided resources.
static FailureOr<std::vector<char>> getRawBytes(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  unsigned bits = type.getElementTypeBitWidth();
  if (bits % 8 != 0)
    return failure();
  size_t elemBytes = bits / 8, count = type.getNumElements();
  if (auto res = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob)
      return failure();
    ArrayRef<char> data = blob->getData();
    if (data.size() != elemBytes * count)
      return failure();
    return std::vector<char>(data.begin(), data.end());
  }
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return failure();
  ArrayRef<char> raw = dense.getRawData();
  std::vector<char> out;
  if (dense.isSplat()) {
    out.reserve(elemBytes * count);
    for (size_t i = 0; i < count; ++i)
      out.insert(out.end(), raw.begin(), raw.begin() + elemBytes);
    return out;
  }
  return std::vector<char>(raw.begin(), raw.end());
}

/// Permutes row-major `data` of `shape` by `perm` (out dim d = in dim
/// perm[d]).
static std::vector<char> permute(ArrayRef<char> data, ArrayRef<int64_t> shape,
                                 ArrayRef<int64_t> perm, size_t elemBytes) {
  int64_t rank = shape.size();
  SmallVector<int64_t> strides(rank, 1), outShape;
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  for (int64_t p : perm)
    outShape.push_back(shape[p]);
  std::vector<char> out(data.size());
  SmallVector<int64_t> index(rank, 0);
  int64_t count = data.size() / elemBytes;
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t src = 0;
    for (int64_t d = 0; d < rank; ++d)
      src += index[d] * strides[perm[d]];
    std::memcpy(out.data() + flat * elemBytes, data.data() + src * elemBytes,
                elemBytes);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

static std::optional<ElementsAttr> getConstAttr(Value v) {
  if (auto c = v.getDefiningOp<tosa::ConstOp>())
    return c.getValues();
  if (auto c = v.getDefiningOp<arith::ConstantOp>())
    if (auto attr = dyn_cast<ElementsAttr>(c.getValue()))
      return attr;
  return std::nullopt;
}

/// True when `v` is a constant whose elements are all `value`.
static bool isSplatConst(Value v, double value) {
  std::optional<ElementsAttr> attr = getConstAttr(v);
  if (!attr)
    return false;
  auto dense = dyn_cast<DenseElementsAttr>(*attr);
  if (!dense || !dense.isSplat() || !isa<FloatType>(dense.getElementType()))
    return false;
  return dense.getSplatValue<APFloat>().convertToDouble() == value;
}

static std::optional<double> getSplatFloat(Value v) {
  std::optional<ElementsAttr> attr = getConstAttr(v);
  if (!attr)
    return std::nullopt;
  auto dense = dyn_cast<DenseElementsAttr>(*attr);
  if (!dense || !dense.isSplat() || !isa<FloatType>(dense.getElementType()))
    return std::nullopt;
  return dense.getSplatValue<APFloat>().convertToDouble();
}

static StringRef getResourceKey(Value v) {
  std::optional<ElementsAttr> attr = getConstAttr(v);
  if (!attr)
    return "";
  if (auto res = dyn_cast<DenseResourceElementsAttr>(*attr))
    return res.getRawHandle().getKey();
  return "";
}

/// The importer's resource-key sanitizer (ImportONNX.cpp).
static std::string sanitize(StringRef name) {
  std::string out;
  for (char c : name)
    out.push_back(llvm::isAlnum(c) || c == '_' ? c : '_');
  if (out.empty())
    out = "onnx_tensor";
  if (llvm::isDigit(out.front()))
    out.insert(out.begin(), '_');
  return out;
}

static bool hasPerm(tosa::TransposeOp op, ArrayRef<int32_t> perm) {
  return op.getPerms() == perm;
}

//===----------------------------------------------------------------------===//
// Graph building
//===----------------------------------------------------------------------===//

std::string ONNXSNNExporter::uniqueName(StringRef base) {
  std::string name = base.empty() ? std::string("tensor") : base.str();
  if (names.insert(name).second)
    return name;
  for (unsigned i = 1;; ++i) {
    std::string candidate = name + "_" + std::to_string(i);
    if (names.insert(candidate).second)
      return candidate;
  }
}

std::string ONNXSNNExporter::nodeName(Operation *op) {
  std::string name = getLocName(op->getLoc());
  if (name.empty())
    name = op->getName().stripDialect().str();
  return name;
}

onnx::NodeProto *ONNXSNNExporter::addNode(StringRef opType, StringRef name,
                                          ArrayRef<std::string> inputs,
                                          StringRef output) {
  onnx::NodeProto *node = graph.add_node();
  node->set_op_type(opType.str());
  node->set_name(name.str());
  for (const std::string &in : inputs)
    node->add_input(in);
  node->add_output(output.str());
  return node;
}

static void addIntsAttr(onnx::NodeProto *node, StringRef name,
                        ArrayRef<int64_t> values) {
  onnx::AttributeProto *a = node->add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values)
    a->add_ints(v);
}

static void addIntAttr(onnx::NodeProto *node, StringRef name, int64_t value) {
  onnx::AttributeProto *a = node->add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(value);
}

static void addFloatAttr(onnx::NodeProto *node, StringRef name, float value) {
  onnx::AttributeProto *a = node->add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(value);
}

std::string ONNXSNNExporter::addInitializer(StringRef name,
                                            RankedTensorType type,
                                            ArrayRef<char> data) {
  std::string unique = uniqueName(name);
  onnx::TensorProto *t = graph.add_initializer();
  t->set_name(unique);
  t->set_data_type(getONNXDataType(type.getElementType()));
  for (int64_t d : type.getShape())
    t->add_dims(d);
  t->set_raw_data(std::string(data.data(), data.size()));
  return unique;
}

std::string ONNXSNNExporter::addInts(StringRef name, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({int64_t(values.size())},
                                    IntegerType::get(func.getContext(), 64));
  return addInitializer(
      name, type,
      ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(int64_t)));
}

std::string ONNXSNNExporter::addFloatScalar(StringRef name, float value) {
  auto type = RankedTensorType::get({}, Float32Type::get(func.getContext()));
  return addInitializer(
      name, type,
      ArrayRef<char>(reinterpret_cast<const char *>(&value), sizeof(float)));
}

/// Writes the constant `v` as an initializer, permuted by `perm` and then
/// reshaped to `shape` when given. `stripPermuted` drops the "_permuted"
/// suffix that the importer adds to weights it permutes.
FailureOr<std::string> ONNXSNNExporter::addConstant(Operation *user, Value v,
                                                    ArrayRef<int64_t> perm,
                                                    ArrayRef<int64_t> shape,
                                                    bool stripPermuted,
                                                    StringRef nameOverride) {
  std::optional<ElementsAttr> attr = getConstAttr(v);
  if (!attr)
    return user->emitOpError()
           << "cannot be exported: operand is not a constant";
  FailureOr<std::vector<char>> bytes = getRawBytes(*attr);
  RankedTensorType type = getType(v);
  if (failed(bytes) ||
      getONNXDataType(type.getElementType()) == onnx::TensorProto::UNDEFINED)
    return user->emitOpError() << "cannot be exported: constant of type "
                               << type << " has no readable data";
  std::vector<char> data = std::move(*bytes);
  if (!perm.empty()) {
    data =
        permute(data, type.getShape(), perm, type.getElementTypeBitWidth() / 8);
    SmallVector<int64_t> permShape;
    for (int64_t p : perm)
      permShape.push_back(type.getDimSize(p));
    type = type.clone(permShape);
  }
  if (!shape.empty())
    type = type.clone(shape);
  std::string name = nameOverride.str();
  if (!name.empty()) {
  } else if (auto res = dyn_cast<DenseResourceElementsAttr>(*attr)) {
    // The initializer's original name, which the constant's location keeps
    // (e.g. "fc1.bias" for the blob "fc1_bias"); a permuted weight only has
    // its blob key.
    StringRef key = res.getRawHandle().getKey();
    std::string locName = getLocName(v.getLoc());
    if (stripPermuted)
      key.consume_back("_permuted");
    else if (!locName.empty() && sanitize(locName) == key)
      key = locName;
    name = key.str();
  } else {
    name = getLocName(v.getLoc());
    if (name.empty())
      name = nodeName(user) + "_const";
  }
  return addInitializer(name, type, data);
}

FailureOr<ONNXRef> ONNXSNNExporter::get(Value v) {
  auto it = refs.find(v);
  if (it != refs.end())
    return it->second;
  Operation *op = v.getDefiningOp();
  if (!op)
    return emitError(v.getLoc()) << "block argument without an ONNX name";
  if (isa<tosa::ConstOp, arith::ConstantOp>(op)) {
    FailureOr<std::string> name = addConstant(op, v);
    if (failed(name))
      return failure();
    bind(v, *name, false);
    return refs[v];
  }
  if (failed(emitOp(op)))
    return failure();
  it = refs.find(v);
  if (it == refs.end())
    return op->emitOpError() << "cannot be exported to ONNX-SNN";
  return it->second;
}

FailureOr<std::string> ONNXSNNExporter::getPlain(Value v) {
  FailureOr<ONNXRef> ref = get(v);
  if (failed(ref))
    return failure();
  if (!ref->nhwc)
    return ref->name;
  std::string &plain = plainOf[ref->name];
  if (plain.empty()) {
    plain = uniqueName(ref->name + "_nhwc");
    onnx::NodeProto *n = addNode("Transpose", plain, {ref->name}, plain);
    addIntsAttr(n, "perm", {0, 2, 3, 1});
  }
  return plain;
}

FailureOr<std::string> ONNXSNNExporter::getNCHW(Value v) {
  FailureOr<ONNXRef> ref = get(v);
  if (failed(ref))
    return failure();
  if (ref->nhwc)
    return ref->name;
  std::string &nchw = nchwOf[ref->name];
  if (nchw.empty()) {
    nchw = uniqueName(ref->name + "_nchw");
    onnx::NodeProto *n = addNode("Transpose", nchw, {ref->name}, nchw);
    addIntsAttr(n, "perm", {0, 3, 1, 2});
  }
  return nchw;
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

LogicalResult ONNXSNNExporter::emitTranspose(tosa::TransposeOp op) {
  FailureOr<ONNXRef> in = get(op.getInput1());
  if (failed(in))
    return failure();
  if (getType(op.getInput1()).getRank() == 4) {
    // The importer's layout transposes.
    if (in->nhwc && hasPerm(op, {0, 3, 1, 2})) {
      bind(op.getResult(), in->name, false);
      return success();
    }
    if (!in->nhwc && hasPerm(op, {0, 2, 3, 1})) {
      bind(op.getResult(), in->name, true);
      return success();
    }
  }
  FailureOr<std::string> x = getPlain(op.getInput1());
  if (failed(x))
    return failure();
  std::string name = nodeName(op);
  std::string out = uniqueName(name + "_output_0");
  onnx::NodeProto *n = addNode("Transpose", name, {*x}, out);
  SmallVector<int64_t> perm(op.getPerms().begin(), op.getPerms().end());
  addIntsAttr(n, "perm", perm);
  bind(op.getResult(), out, false);
  return success();
}

LogicalResult ONNXSNNExporter::emitReshape(tosa::ReshapeOp op) {
  FailureOr<std::string> x = getPlain(op.getInput1());
  if (failed(x))
    return failure();
  std::string name = nodeName(op);
  std::string shape =
      addInts(name + "_shape", getType(op.getResult()).getShape());
  std::string out = uniqueName(name + "_output_0");
  addNode("Reshape", name, {*x, shape}, out);
  bind(op.getResult(), out, false);
  return success();
}

/// TOSA pads [top, bottom, left, right] as ONNX pads.
static SmallVector<int64_t> onnxPads(ArrayRef<int64_t> pad) {
  return {pad[0], pad[2], pad[1], pad[3]};
}

LogicalResult ONNXSNNExporter::emitConv(Operation *op, bool depthwise) {
  Value input = op->getOperand(0), weight = op->getOperand(1),
        bias = op->getOperand(2);
  if (!isSplatConst(op->getOperand(3), 0) ||
      !isSplatConst(op->getOperand(4), 0))
    return op->emitOpError() << "cannot be exported: non-zero zero points";
  FailureOr<std::string> x = getNCHW(input);
  if (failed(x))
    return failure();
  RankedTensorType wt = getType(weight);
  FailureOr<std::string> w;
  int64_t group = 1;
  if (!depthwise) {
    // [O, KH, KW, I] -> [O, I, KH, KW].
    w = addConstant(op, weight, {0, 3, 1, 2}, {}, /*stripPermuted=*/true);
  } else {
    // [KH, KW, C, M] -> [C, M, KH, KW] -> [C * M, 1, KH, KW].
    int64_t kh = wt.getDimSize(0), kw = wt.getDimSize(1), c = wt.getDimSize(2),
            m = wt.getDimSize(3);
    group = c;
    w = addConstant(op, weight, {2, 3, 0, 1}, {c * m, 1, kh, kw},
                    /*stripPermuted=*/true);
  }
  if (failed(w))
    return failure();
  SmallVector<std::string> inputs = {*x, *w};
  if (!isSplatConst(bias, 0)) {
    FailureOr<std::string> b = getPlain(bias);
    if (failed(b))
      return failure();
    inputs.push_back(*b);
  }
  auto getArray = [&](StringRef name) {
    return cast<DenseI64ArrayAttr>(op->getAttr(name)).asArrayRef();
  };
  std::string name = nodeName(op);
  std::string out = uniqueName(name + "_output_0");
  onnx::NodeProto *n = addNode("Conv", name, inputs, out);
  ArrayRef<int64_t> wshape = wt.getShape();
  addIntsAttr(n, "dilations", getArray("dilation"));
  addIntAttr(n, "group", group);
  addIntsAttr(n, "kernel_shape",
              depthwise ? ArrayRef<int64_t>{wshape[0], wshape[1]}
                        : ArrayRef<int64_t>{wshape[1], wshape[2]});
  addIntsAttr(n, "pads", onnxPads(getArray("pad")));
  addIntsAttr(n, "strides", getArray("stride"));
  bind(op->getResult(0), out, true);
  return success();
}

LogicalResult ONNXSNNExporter::emitPool(Operation *op) {
  bool isMax = isa<tosa::MaxPool2dOp>(op);
  if (!isMax && (!isSplatConst(op->getOperand(1), 0) ||
                 !isSplatConst(op->getOperand(2), 0)))
    return op->emitOpError() << "cannot be exported: non-zero zero points";
  FailureOr<std::string> x = getNCHW(op->getOperand(0));
  if (failed(x))
    return failure();
  auto getArray = [&](StringRef name) {
    return cast<DenseI64ArrayAttr>(op->getAttr(name)).asArrayRef();
  };
  std::string name = nodeName(op);
  std::string out = uniqueName(name + "_output_0");
  onnx::NodeProto *n =
      addNode(isMax ? "MaxPool" : "AveragePool", name, {*x}, out);
  addIntsAttr(n, "kernel_shape", getArray("kernel"));
  addIntsAttr(n, "pads", onnxPads(getArray("pad")));
  addIntsAttr(n, "strides", getArray("stride"));
  bind(op->getResult(0), out, true);
  return success();
}

LogicalResult ONNXSNNExporter::emitUnary(Operation *op, StringRef opType) {
  FailureOr<ONNXRef> in = get(op->getOperand(0));
  if (failed(in))
    return failure();
  std::string name = nodeName(op);
  std::string out = uniqueName(name + "_output_0");
  addNode(opType, name, {in->name}, out);
  bind(op->getResult(0), out, in->nhwc);
  return success();
}

LogicalResult ONNXSNNExporter::emitClamp(tosa::ClampOp op) {
  auto minAttr = dyn_cast<FloatAttr>(op.getMinValAttr());
  auto maxAttr = dyn_cast<FloatAttr>(op.getMaxValAttr());
  if (!minAttr || !maxAttr)
    return op.emitOpError() << "cannot be exported: only floating-point "
                               "clamps are supported";
  const llvm::fltSemantics &sem = maxAttr.getValue().getSemantics();
  bool noMax = maxAttr.getValue() == APFloat::getLargest(sem, false);
  bool noMin = minAttr.getValue() == APFloat::getLargest(sem, true);
  if (!noMin && minAttr.getValueAsDouble() == 0.0 && noMax)
    return emitUnary(op, "Relu");
  FailureOr<ONNXRef> in = get(op.getInput());
  if (failed(in))
    return failure();
  std::string name = nodeName(op);
  SmallVector<std::string> inputs = {in->name};
  inputs.push_back(
      noMin ? std::string()
            : addFloatScalar(name + "_min", minAttr.getValueAsDouble()));
  if (!noMax)
    inputs.push_back(addFloatScalar(name + "_max", maxAttr.getValueAsDouble()));
  std::string out = uniqueName(name + "_output_0");
  addNode("Clip", name, inputs, out);
  bind(op.getResult(), out, in->nhwc);
  return success();
}

LogicalResult ONNXSNNExporter::emitBinary(Operation *op, StringRef opType) {
  Value a = op->getOperand(0), b = op->getOperand(1);
  FailureOr<ONNXRef> ra = get(a), rb = get(b);
  if (failed(ra) || failed(rb))
    return failure();
  std::string name = nodeName(op);
  std::string out = uniqueName(name + "_output_0");
  if (ra->nhwc && rb->nhwc && getType(a) == getType(b)) {
    addNode(opType, name, {ra->name, rb->name}, out);
    bind(op->getResult(0), out, true);
    return success();
  }
  FailureOr<std::string> pa = getPlain(a), pb = getPlain(b);
  if (failed(pa) || failed(pb))
    return failure();
  addNode(opType, name, {*pa, *pb}, out);
  bind(op->getResult(0), out, false);
  return success();
}

/// Matches `add(reshape(matmul(reshape(A), reshape(B))), reshape(C))`, the
/// importer's Gemm.
static tosa::MatMulOp matchGemmProduct(Value v) {
  auto reshape = v.getDefiningOp<tosa::ReshapeOp>();
  if (!reshape || getType(reshape.getResult()).getRank() != 2)
    return nullptr;
  auto matmul = reshape.getInput1().getDefiningOp<tosa::MatMulOp>();
  if (!matmul || !matmul->hasOneUse())
    return nullptr;
  auto ra = matmul.getA().getDefiningOp<tosa::ReshapeOp>();
  auto rb = matmul.getB().getDefiningOp<tosa::ReshapeOp>();
  if (!ra || !rb || getType(rb.getInput1()).getRank() != 2 ||
      getType(matmul.getA()).getDimSize(0) != 1 ||
      !isSplatConst(matmul.getAZp(), 0) || !isSplatConst(matmul.getBZp(), 0))
    return nullptr;
  return matmul;
}

LogicalResult ONNXSNNExporter::emitGemmValue(Operation *root,
                                             tosa::MatMulOp matmul,
                                             Value cValue) {
  Value a = matmul.getA().getDefiningOp<tosa::ReshapeOp>().getInput1();
  Value b = matmul.getB().getDefiningOp<tosa::ReshapeOp>().getInput1();
  FailureOr<std::string> pa = getPlain(a);
  if (failed(pa))
    return failure();
  std::string name = nodeName(root);
  if (getType(a).getRank() != 2) {
    // After --canonicalize, A's reshapes are folded into one: flatten here.
    ArrayRef<int64_t> a3 = getType(matmul.getA()).getShape();
    std::string shape = addInts(name + "_shape", {a3[1], a3[2]});
    std::string flat = uniqueName(name + "_flatten");
    addNode("Reshape", flat, {*pa, shape}, flat);
    pa = flat;
  }
  // A weight the importer transposed (transB = 1) is written back in its
  // original [N, K] layout.
  bool transB = getResourceKey(b).ends_with("_permuted");
  FailureOr<std::string> pb =
      transB ? addConstant(root, b, {1, 0}, {}, /*stripPermuted=*/true)
             : getPlain(b);
  if (failed(pb))
    return failure();
  SmallVector<std::string> inputs = {*pa, *pb};
  if (cValue) {
    FailureOr<std::string> pc = getPlain(cValue);
    if (failed(pc))
      return failure();
    inputs.push_back(*pc);
  }
  std::string out = uniqueName(name + "_output_0");
  onnx::NodeProto *n = addNode("Gemm", name, inputs, out);
  addFloatAttr(n, "alpha", 1.0f);
  addFloatAttr(n, "beta", 1.0f);
  if (transB)
    addIntAttr(n, "transB", 1);
  bind(root->getResult(0), out, false);
  return success();
}

LogicalResult ONNXSNNExporter::emitGemm(tosa::AddOp add) {
  tosa::MatMulOp matmul = matchGemmProduct(add.getInput1());
  Value c = add.getInput2();
  // The importer reshapes C to [M, N] (rank 2) when it is lower-rank.
  if (auto r = c.getDefiningOp<tosa::ReshapeOp>())
    if (getType(r.getInput1()).getRank() < 2)
      c = r.getInput1();
  return emitGemmValue(add, matmul, c);
}

/// The importer's folded BatchNormalization: mul(x, "<node>_scale") followed
/// by add(.., "<node>_shift").
static bool isBatchNormMul(tosa::MulOp mul, tosa::AddOp &addOut) {
  StringRef scale = getResourceKey(mul.getInput2());
  if (!scale.ends_with("_scale") || !mul->hasOneUse())
    return false;
  auto add = dyn_cast<tosa::AddOp>(*mul->user_begin());
  if (!add || add.getInput1() != mul.getResult())
    return false;
  StringRef shift = getResourceKey(add.getInput2());
  if (shift.drop_back(6) != scale.drop_back(6) || !shift.ends_with("_shift"))
    return false;
  addOut = add;
  return true;
}

LogicalResult ONNXSNNExporter::emitBatchNorm(tosa::AddOp add, tosa::MulOp mul) {
  Value x = mul.getInput1();
  FailureOr<ONNXRef> in = get(x);
  if (failed(in))
    return failure();
  std::string name = nodeName(add);
  RankedTensorType pt = getType(mul.getInput2());
  int64_t c = pt.getNumElements();
  // gamma = scale, beta = shift, mean = 0, var = 1, epsilon = 0: the importer
  // folds them back to exactly scale and shift. gamma and beta are not named
  // after those "<node>_scale"/"_shift" blobs: the names would clash.
  FailureOr<std::string> gamma =
      addConstant(add, mul.getInput2(), {}, {c}, false, name + "_gamma");
  FailureOr<std::string> beta =
      addConstant(add, add.getInput2(), {}, {c}, false, name + "_beta");
  if (failed(gamma) || failed(beta))
    return failure();
  auto vt = RankedTensorType::get({c}, pt.getElementType());
  std::vector<float> zeros(c, 0.0f), ones(c, 1.0f);
  auto bytes = [](const std::vector<float> &v) {
    return ArrayRef<char>(reinterpret_cast<const char *>(v.data()),
                          v.size() * sizeof(float));
  };
  std::string mean = addInitializer(name + "_mean", vt, bytes(zeros));
  std::string var = addInitializer(name + "_var", vt, bytes(ones));
  // The importer names the folded blobs "<node>_scale" and "<node>_shift":
  // the node keeps the name the blobs were made from.
  std::string out = uniqueName(name + "_output_0");
  onnx::NodeProto *n = addNode("BatchNormalization", name,
                               {in->name, *gamma, *beta, mean, var}, out);
  addFloatAttr(n, "epsilon", 0.0f);
  bind(add.getResult(), out, in->nhwc);
  return success();
}

/// Matches the importer's global pools: reduce over the spatial axes (1, 2 in
/// NHWC; 2.. in NCHW), then (average) multiply by 1/count.
LogicalResult ONNXSNNExporter::emitGlobalPool(Operation *root, Value x,
                                              bool isMax) {
  FailureOr<ONNXRef> in = get(x);
  if (failed(in))
    return failure();
  std::string name = nodeName(root);
  std::string out = uniqueName(name + "_output_0");
  addNode(isMax ? "GlobalMaxPool" : "GlobalAveragePool", name, {in->name}, out);
  bind(root->getResult(0), out, in->nhwc);
  return success();
}

/// The value reduced by a chain of `OpTy` over the spatial axes of a rank-4
/// tensor ending at `v`, if that is what `v` is; `nhwc` tells the layout.
template <typename OpTy> static Value matchSpatialReduce(Value v, bool &nhwc) {
  SmallVector<int64_t> axes;
  Value cur = v;
  while (auto r = cur.getDefiningOp<OpTy>()) {
    axes.insert(axes.begin(), r.getAxis());
    cur = r.getInput();
  }
  if (axes.empty() || getType(cur).getRank() != 4)
    return Value();
  if (axes == SmallVector<int64_t>{1, 2}) {
    nhwc = true;
    return cur;
  }
  if (axes == SmallVector<int64_t>{2, 3}) {
    nhwc = false;
    return cur;
  }
  return Value();
}

LogicalResult ONNXSNNExporter::emitPad(tosa::PadOp op) {
  FailureOr<ONNXRef> in = get(op.getInput1());
  if (failed(in))
    return failure();
  auto shapeOp = op.getPadding().getDefiningOp<tosa::ConstShapeOp>();
  std::optional<double> value = getSplatFloat(op.getPadConst());
  if (!shapeOp || !value)
    return op.emitOpError() << "cannot be exported: padding and pad value "
                               "must be constants";
  SmallVector<int64_t> padding;
  for (const APInt &v : shapeOp.getValues().getValues<APInt>())
    padding.push_back(v.getSExtValue());
  int64_t rank = getType(op.getInput1()).getRank();
  // padding[2d], padding[2d+1]: begin/end of dim d of the MLIR value. The
  // ONNX tensor's dim of an NHWC view's dim d is {0, 2, 3, 1}[d].
  const int64_t nhwcOrder[] = {0, 2, 3, 1};
  SmallVector<int64_t> pads(2 * rank, 0);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dst = in->nhwc ? nhwcOrder[d] : d;
    pads[dst] = padding[2 * d];
    pads[dst + rank] = padding[2 * d + 1];
  }
  std::string name = nodeName(op);
  std::string p = addInts(name + "_pads", pads);
  std::string v = addFloatScalar(name + "_value", *value);
  std::string out = uniqueName(name + "_output_0");
  onnx::NodeProto *n = addNode("Pad", name, {in->name, p, v}, out);
  onnx::AttributeProto *mode = n->add_attribute();
  mode->set_name("mode");
  mode->set_type(onnx::AttributeProto::STRING);
  mode->set_s("constant");
  bind(op.getResult(), out, in->nhwc);
  return success();
}

LogicalResult ONNXSNNExporter::emitConcat(tosa::ConcatOp op) {
  int64_t axis = op.getAxis();
  SmallVector<ONNXRef> ins;
  bool allNHWC = getType(op.getResult()).getRank() == 4 && axis == 3;
  for (Value v : op.getInput1()) {
    FailureOr<ONNXRef> r = get(v);
    if (failed(r))
      return failure();
    allNHWC &= r->nhwc;
    ins.push_back(*r);
  }
  SmallVector<std::string> inputs;
  for (Value v : op.getInput1()) {
    if (allNHWC) {
      inputs.push_back(refs[v].name);
      continue;
    }
    FailureOr<std::string> p = getPlain(v);
    if (failed(p))
      return failure();
    inputs.push_back(*p);
  }
  std::string name = nodeName(op);
  std::string out = uniqueName(name + "_output_0");
  onnx::NodeProto *n = addNode("Concat", name, inputs, out);
  addIntAttr(n, "axis", allNHWC ? 1 : axis);
  bind(op.getResult(), out, allNHWC);
  return success();
}

LogicalResult ONNXSNNExporter::emitNeuron(Operation *op,
                                          const onnx_snn::OpInfo &info) {
  FailureOr<ONNXRef> in = get(op->getOperand(0));
  if (failed(in))
    return failure();
  std::string name = nodeName(op);
  std::string out = uniqueName(name + "_output_0");
  onnx::NodeProto *n = addNode(info.opType, name, {in->name}, out);
  n->set_domain(kONNXSNNDomain);
  for (const onnx_snn::ParamInfo &p : info.params) {
    double value = p.defaultValue;
    if (auto attr = op->getAttrOfType<FloatAttr>(p.name))
      value = attr.getValueAsDouble();
    // IF's initial_voltage, added later to the domain, is written only when
    // it is not 0 (its default), so that the files of version 1 networks
    // stay as they were.
    if (p.defaultValue == value &&
        StringRef(p.name) == onnx_snn::kInitialVoltage.name)
      continue;
    addFloatAttr(n, p.name, float(value));
    // FLOAT attributes hold 32 bits; the dialect's parameters are f64. When
    // the float does not give the value back (read as its shortest decimal,
    // see SNNDomain.cpp), the exact value goes along as a DOUBLE scalar.
    if (onnx_snn::floatToDouble(float(value)) != value) {
      onnx::AttributeProto *a = n->add_attribute();
      a->set_name(std::string(p.name) + onnx_snn::kExactSuffix);
      a->set_type(onnx::AttributeProto::TENSOR);
      onnx::TensorProto *t = a->mutable_t();
      t->set_data_type(onnx::TensorProto::DOUBLE);
      t->add_double_data(value);
    }
  }
  // The non-float attributes, defaults included, as INTs and STRINGs.
  for (const onnx_snn::ExtraInfo &e : info.extras) {
    Attribute attr = op->getAttr(e.name);
    switch (e.kind) {
    case onnx_snn::ExtraKind::Bool: {
      auto b = dyn_cast_if_present<BoolAttr>(attr);
      addIntAttr(n, e.name, b ? int64_t(b.getValue()) : e.defaultInt);
      break;
    }
    case onnx_snn::ExtraKind::PositiveInt:
      if (auto i = dyn_cast_if_present<IntegerAttr>(attr))
        addIntAttr(n, e.name, i.getInt());
      break;
    case onnx_snn::ExtraKind::Choice: {
      auto str = dyn_cast_if_present<StringAttr>(attr);
      onnx::AttributeProto *a = n->add_attribute();
      a->set_name(e.name);
      a->set_type(onnx::AttributeProto::STRING);
      a->set_s(str ? str.str() : std::string(e.defaultString));
      break;
    }
    }
  }
  bind(op->getResult(0), out, in->nhwc);
  return success();
}

namespace {
/// The importer's Softmax (opset >= 13 form).
struct SoftmaxMatch {
  Value input;
  int64_t axis;
  SmallVector<Operation *> inner;
};
} // namespace

/// Matches mul(exp(sub(x, reduce_max(x))), reciprocal(reduce_sum(exp))).
static std::optional<SoftmaxMatch> matchSoftmax(tosa::MulOp mul) {
  auto exp = mul.getInput1().getDefiningOp<tosa::ExpOp>();
  auto recip = mul.getInput2().getDefiningOp<tosa::ReciprocalOp>();
  if (!exp || !recip)
    return std::nullopt;
  auto sum = recip.getInput1().getDefiningOp<tosa::ReduceSumOp>();
  auto sub = exp.getInput1().getDefiningOp<tosa::SubOp>();
  if (!sum || !sub || sum.getInput() != exp.getResult())
    return std::nullopt;
  auto max = sub.getInput2().getDefiningOp<tosa::ReduceMaxOp>();
  if (!max || max.getInput() != sub.getInput1() ||
      max.getAxis() != sum.getAxis())
    return std::nullopt;
  return SoftmaxMatch{
      sub.getInput1(), int64_t(sum.getAxis()), {exp, recip, sum, sub, max}};
}

LogicalResult ONNXSNNExporter::emitOp(Operation *op) {
  if (!emitted.insert(op).second)
    return success();
  if (auto info = onnx_snn::lookupByOpName(op->getName().getStringRef()))
    return emitNeuron(op, *info);
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](tosa::TransposeOp t) { return emitTranspose(t); })
      .Case([&](tosa::ReshapeOp r) {
        if (tosa::MatMulOp mm = matchGemmProduct(r.getResult()))
          return emitGemmValue(r, mm, Value());
        return emitReshape(r);
      })
      .Case([&](tosa::Conv2DOp c) { return emitConv(c, false); })
      .Case([&](tosa::DepthwiseConv2DOp c) { return emitConv(c, true); })
      .Case<tosa::MaxPool2dOp, tosa::AvgPool2dOp>(
          [&](Operation *p) { return emitPool(p); })
      .Case([&](tosa::ClampOp c) { return emitClamp(c); })
      .Case([&](tosa::SigmoidOp s) { return emitUnary(s, "Sigmoid"); })
      .Case([&](tosa::TanhOp s) { return emitUnary(s, "Tanh"); })
      .Case([&](tosa::ExpOp s) { return emitUnary(s, "Exp"); })
      .Case([&](tosa::AddOp a) {
        if (auto mul = a.getInput1().getDefiningOp<tosa::MulOp>()) {
          tosa::AddOp bnAdd;
          if (isBatchNormMul(mul, bnAdd) && bnAdd == a)
            return emitBatchNorm(a, mul);
        }
        if (matchGemmProduct(a.getInput1()))
          return emitGemm(a);
        return emitBinary(a, "Add");
      })
      .Case([&](tosa::SubOp s) { return emitBinary(s, "Sub"); })
      .Case([&](tosa::MatMulOp m) -> LogicalResult {
        if (!isSplatConst(m.getAZp(), 0) || !isSplatConst(m.getBZp(), 0))
          return m.emitOpError() << "cannot be exported: non-zero zero points";
        return emitBinary(m, "MatMul");
      })
      .Case([&](tosa::MulOp m) -> LogicalResult {
        if (std::optional<SoftmaxMatch> sm = matchSoftmax(m)) {
          FailureOr<std::string> x = getPlain(sm->input);
          if (failed(x))
            return failure();
          std::string name = nodeName(m);
          std::string out = uniqueName(name + "_output_0");
          onnx::NodeProto *n = addNode("Softmax", name, {*x}, out);
          addIntAttr(n, "axis", sm->axis);
          bind(m.getResult(), out, false);
          return success();
        }
        bool nhwc = false;
        if (std::optional<double> scale = getSplatFloat(m.getInput2())) {
          if (Value x =
                  matchSpatialReduce<tosa::ReduceSumOp>(m.getInput1(), nhwc)) {
            RankedTensorType xt = getType(x);
            int64_t count = nhwc ? xt.getDimSize(1) * xt.getDimSize(2)
                                 : xt.getDimSize(2) * xt.getDimSize(3);
            auto et = cast<FloatType>(xt.getElementType());
            APFloat expect(1.0 / count);
            bool lost;
            expect.convert(et.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                           &lost);
            if (expect.convertToDouble() == *scale) {
              FailureOr<ONNXRef> in = get(x);
              if (failed(in))
                return failure();
              if (in->nhwc == nhwc)
                return emitGlobalPool(m, x, false);
            }
          }
        }
        return emitBinary(m, "Mul");
      })
      .Case([&](tosa::ReduceMaxOp r) -> LogicalResult {
        bool nhwc = false;
        if (Value x = matchSpatialReduce<tosa::ReduceMaxOp>(r, nhwc)) {
          FailureOr<ONNXRef> in = get(x);
          if (failed(in))
            return failure();
          if (in->nhwc == nhwc)
            return emitGlobalPool(r, x, true);
        }
        return r.emitOpError() << "cannot be exported to ONNX-SNN";
      })
      .Case([&](tosa::MaximumOp m) -> LogicalResult {
        auto mul = m.getInput2().getDefiningOp<tosa::MulOp>();
        std::optional<double> alpha;
        if (mul && mul.getInput1() == m.getInput1())
          alpha = getSplatFloat(mul.getInput2());
        if (!alpha)
          return emitBinary(m, "Max");
        FailureOr<ONNXRef> in = get(m.getInput1());
        if (failed(in))
          return failure();
        std::string name = nodeName(m);
        std::string out = uniqueName(name + "_output_0");
        onnx::NodeProto *n = addNode("LeakyRelu", name, {in->name}, out);
        addFloatAttr(n, "alpha", float(*alpha));
        bind(m.getResult(), out, in->nhwc);
        return success();
      })
      .Case([&](tosa::PadOp p) { return emitPad(p); })
      .Case([&](tosa::ConcatOp c) { return emitConcat(c); })
      .Case<mlir::snn::LIFStepOp, mlir::snn::IFStepOp,
            mlir::snn::IzhikevichStepOp, mlir::snn::LowpassStepOp>(
          [&](Operation *s) {
            return s->emitOpError()
                   << "cannot be exported: step ops (explicit time, level 3) "
                      "have no ONNX-SNN form; export the network before "
                      "time materialization";
          })
      .Case([&](mlir::snn::CountMaxPool2dOp p) {
        return p.emitOpError()
               << "cannot be exported to ONNX-SNN: the ai.onnx.snn domain has "
                  "no max pooling of spike counts (convert with "
                  "max-pool=after-neuron to export the ANN's MaxPool, or run "
                  "it natively or in Nengo)";
      })
      .Case<mlir::snn::FeedbackDelayOp, mlir::snn::FeedbackInputOp>(
          [&](Operation *f) {
            return f->emitOpError()
                   << "cannot be exported to ONNX-SNN: an ONNX graph is "
                      "acyclic, so a recurrent connection has no ONNX-SNN "
                      "form (write it to NIR, or run it natively)";
          })
      .Default([&](Operation *o) {
        return o->emitOpError() << "cannot be exported to ONNX-SNN: "
                                   "unsupported operation";
      });
}

/// Ops emitted only when a consumer asks for them: layout glue and the inner
/// ops of patterns (Gemm, global pools, folded batch norms).
static bool isLazy(Operation *op) {
  return isa<tosa::ConstOp, arith::ConstantOp, tosa::ConstShapeOp,
             tosa::TransposeOp, tosa::ReshapeOp, tosa::MatMulOp,
             tosa::ReduceSumOp, tosa::ReduceMaxOp>(op);
}

static void setValueInfo(onnx::ValueInfoProto *info, StringRef name,
                         RankedTensorType type) {
  info->set_name(name.str());
  onnx::TypeProto::Tensor *t = info->mutable_type()->mutable_tensor_type();
  t->set_elem_type(getONNXDataType(type.getElementType()));
  onnx::TensorShapeProto *shape = t->mutable_shape();
  for (int64_t d : type.getShape()) {
    onnx::TensorShapeProto::Dimension *dim = shape->add_dim();
    if (ShapedType::isDynamic(d))
      dim->set_dim_param("?");
    else
      dim->set_dim_value(d);
  }
}

LogicalResult ONNXSNNExporter::run() {
  graph.set_name(func.getSymName().str());
  Block &body = func.getBody().front();
  for (BlockArgument arg : body.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type ||
        getONNXDataType(type.getElementType()) == onnx::TensorProto::UNDEFINED)
      return func.emitOpError()
             << "cannot be exported: argument #" << arg.getArgNumber()
             << " has type " << arg.getType();
    std::string name;
    if (auto attr =
            func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "onnx.name"))
      name = attr.str();
    if (name.empty())
      name = getLocName(arg.getLoc());
    if (name.empty())
      name = "input_" + std::to_string(arg.getArgNumber());
    name = uniqueName(name);
    setValueInfo(graph.add_input(), name, type);
    bind(arg, name, false);
  }
  // Reserve the output names.
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  SmallVector<std::string> outNames;
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    std::string name;
    if (auto attr = func.getResultAttrOfType<StringAttr>(i, "onnx.name"))
      name = attr.str();
    if (name.empty())
      name = "output_" + std::to_string(i);
    outNames.push_back(name);
  }
  for (Operation &op : body.without_terminator()) {
    if (auto max = dyn_cast<tosa::MaximumOp>(op))
      if (auto mul = max.getInput2().getDefiningOp<tosa::MulOp>())
        if (mul.getInput1() == max.getInput1() && mul->hasOneUse())
          inner.insert(mul);
    if (auto mul = dyn_cast<tosa::MulOp>(op))
      if (auto sm = matchSoftmax(mul))
        inner.insert(sm->inner.begin(), sm->inner.end());
  }
  for (Operation &op : body.without_terminator()) {
    if (isLazy(&op))
      continue;
    if (auto mul = dyn_cast<tosa::MulOp>(op)) {
      tosa::AddOp add;
      if (isBatchNormMul(mul, add))
        continue;
    }
    if (inner.contains(&op))
      continue;
    if (failed(emitOp(&op)))
      return failure();
  }
  llvm::StringSet<> graphInputs;
  for (const onnx::ValueInfoProto &in : graph.input())
    graphInputs.insert(in.name());
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    FailureOr<std::string> name = getPlain(v);
    if (failed(name))
      return failure();
    std::string want = outNames[i];
    // Rename the producing node's output when it is a node output used by
    // no other graph output; otherwise (an input, a weight) go through an
    // Identity, which the importer forwards.
    bool renamed = false;
    if (!graphInputs.contains(*name) && !names.contains(want)) {
      for (onnx::NodeProto &n : *graph.mutable_node()) {
        for (std::string &in : *n.mutable_input())
          if (in == *name)
            in = want;
        for (std::string &out : *n.mutable_output())
          if (out == *name) {
            out = want;
            renamed = true;
          }
      }
      if (renamed) {
        for (auto &[value, ref] : refs)
          if (ref.name == *name)
            ref.name = want;
        names.insert(want);
      }
    }
    if (!renamed && *name != want) {
      want = uniqueName(want);
      addNode("Identity", want, {*name}, want);
    }
    setValueInfo(graph.add_output(), want, getType(v));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Simulation settings
//===----------------------------------------------------------------------===//

static LogicalResult applyOptions(Operation *op,
                                  ::snn::onnx_snn::SimulationSettings &s,
                                  const ONNXSNNEmitOptions &o) {
  using namespace ::snn::onnx_snn;
  if (o.dt) {
    if (!(*o.dt > 0) || !std::isfinite(*o.dt))
      return op->emitError()
             << "invalid --onnx-snn-dt " << onnx_snn::formatDouble(*o.dt)
             << ", expected a positive time step";
    s.set_dt(*o.dt);
  }
  if (o.steps) {
    if (*o.steps < 1)
      return op->emitError() << "invalid --onnx-snn-steps " << *o.steps
                             << ", expected a positive number of steps";
    s.set_steps(*o.steps);
  }
  if (o.encoding) {
    if (*o.encoding == "constant")
      s.mutable_encoding()->set_kind(InputEncoding::CONSTANT);
    else if (*o.encoding == "poisson")
      s.mutable_encoding()->set_kind(InputEncoding::POISSON);
    else
      return op->emitError() << "invalid --onnx-snn-encoding '" << *o.encoding
                             << "', expected constant or poisson";
  }
  if (o.maxRate) {
    if (!(*o.maxRate > 0))
      return op->emitError() << "invalid --onnx-snn-max-rate "
                             << onnx_snn::formatDouble(*o.maxRate)
                             << ", expected a positive rate";
    s.mutable_encoding()->set_max_rate(*o.maxRate);
  }
  if (o.decoding) {
    if (*o.decoding == "mean")
      s.mutable_decoding()->set_kind(OutputDecoding::MEAN);
    else if (*o.decoding == "last-lowpass")
      s.mutable_decoding()->set_kind(OutputDecoding::LAST_LOWPASS);
    else if (*o.decoding == "spike-count")
      s.mutable_decoding()->set_kind(OutputDecoding::SPIKE_COUNT);
    else
      return op->emitError() << "invalid --onnx-snn-decoding '" << *o.decoding
                             << "', expected mean, last-lowpass or spike-count";
  }
  if (o.decodingTau) {
    if (!(*o.decodingTau >= 0))
      return op->emitError() << "invalid --onnx-snn-decoding-tau "
                             << onnx_snn::formatDouble(*o.decodingTau)
                             << ", expected a value >= 0";
    s.mutable_decoding()->set_tau(*o.decodingTau);
  }
  if (o.synapse) {
    if (!(*o.synapse >= 0))
      return op->emitError()
             << "invalid --onnx-snn-synapse "
             << onnx_snn::formatDouble(*o.synapse) << ", expected a value >= 0";
    s.set_synapse(*o.synapse);
  }
  if (o.initialState) {
    if (*o.initialState == "zero")
      s.mutable_initial_state()->set_kind(InitialState::ZERO);
    else if (*o.initialState == "uniform-voltage")
      s.mutable_initial_state()->set_kind(InitialState::UNIFORM_VOLTAGE);
    else
      return op->emitError()
             << "invalid --onnx-snn-initial-state '" << *o.initialState
             << "', expected zero or uniform-voltage";
  }
  if (o.seed) {
    s.mutable_encoding()->set_seed(*o.seed);
    s.mutable_initial_state()->set_seed(*o.seed);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Public API and registration
//===----------------------------------------------------------------------===//

LogicalResult mlir::snn::emitONNXSNN(Operation *op, llvm::raw_ostream &os,
                                     const ONNXSNNEmitOptions &options) {
  func::FuncOp func = dyn_cast<func::FuncOp>(op);
  ModuleOp module = dyn_cast<ModuleOp>(op);
  if (!func) {
    if (!module)
      module = op->getParentOfType<ModuleOp>();
    if (!module)
      return op->emitError() << "expected a module or a func.func";
    for (auto f : module.getOps<func::FuncOp>()) {
      if (f.isExternal())
        continue;
      if (!options.entryFunction.empty()) {
        if (f.getSymName() == options.entryFunction)
          func = f;
        continue;
      }
      if (func)
        return emitError(module.getLoc())
               << "more than one function; choose one with --onnx-snn-entry";
      func = f;
    }
    if (!func)
      return emitError(module.getLoc())
             << (options.entryFunction.empty()
                     ? std::string("no function to export")
                     : "no function named '" + options.entryFunction + "'");
  }
  if (!module)
    module = func->getParentOfType<ModuleOp>();
  if (!func.getBody().hasOneBlock())
    return func.emitOpError() << "cannot be exported: expected one block";

  ::snn::onnx_snn::SimulationSettings settings;
  if (module) {
    if (Attribute attr = module->getAttr(kSimulationSettingsAttr)) {
      auto text = dyn_cast<StringAttr>(attr);
      if (!text ||
          !google::protobuf::TextFormat::ParseFromString(text.str(), &settings))
        return emitError(module.getLoc())
               << "invalid '" << kSimulationSettingsAttr
               << "' attribute: expected a SimulationSettings message in "
                  "protobuf text format";
    }
  }
  if (failed(applyOptions(func, settings, options)))
    return failure();
  // Every field explicit, so that a reader sees the whole configuration.
  if (!settings.has_dt())
    settings.set_dt(settings.dt());
  if (!settings.has_steps())
    settings.set_steps(settings.steps());
  if (!settings.encoding().has_kind())
    settings.mutable_encoding()->set_kind(settings.encoding().kind());
  if (!settings.decoding().has_kind())
    settings.mutable_decoding()->set_kind(settings.decoding().kind());
  if (!settings.has_synapse())
    settings.set_synapse(settings.synapse());
  if (!settings.initial_state().has_kind())
    settings.mutable_initial_state()->set_kind(settings.initial_state().kind());
  settings.mutable_domain()->set_domain(kONNXSNNDomain);
  settings.mutable_domain()->set_version(kONNXSNNDomainVersion);

  onnx::ModelProto model;
  model.set_ir_version(7);
  model.set_producer_name("snn-mlir");
  model.set_producer_version("0.1");
  onnx::OperatorSetIdProto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(13);
  opset = model.add_opset_import();
  opset->set_domain(kONNXSNNDomain);
  opset->set_version(kONNXSNNDomainVersion);
  ONNXSNNExporter exporter(func, *model.mutable_graph());
  if (failed(exporter.run()))
    return failure();
  std::string text;
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(false);
  printer.PrintToString(settings, &text);
  onnx::StringStringEntryProto *meta = model.add_metadata_props();
  meta->set_key(kONNXSNNSettingsKey);
  meta->set_value(text);
  std::string bytes;
  if (!model.SerializeToString(&bytes))
    return func.emitError() << "cannot serialize the ONNX model";
  os.write(bytes.data(), bytes.size());
  return success();
}

void mlir::snn::registerEmitONNXSNNTranslation() {
  static llvm::cl::opt<double> dt(
      "onnx-snn-dt",
      llvm::cl::desc("Simulation time step in s (--emit-onnx-snn)"));
  static llvm::cl::opt<int64_t> steps(
      "onnx-snn-steps",
      llvm::cl::desc("Number of time steps per sample (--emit-onnx-snn)"));
  static llvm::cl::opt<std::string> encoding(
      "onnx-snn-encoding",
      llvm::cl::desc("Input encoding: constant or poisson (--emit-onnx-snn)"));
  static llvm::cl::opt<double> maxRate(
      "onnx-snn-max-rate",
      llvm::cl::desc("Poisson encoding maximum rate in Hz (--emit-onnx-snn)"));
  static llvm::cl::opt<std::string> decoding(
      "onnx-snn-decoding",
      llvm::cl::desc("Output decoding: mean, last-lowpass or spike-count "
                     "(--emit-onnx-snn)"));
  static llvm::cl::opt<double> decodingTau(
      "onnx-snn-decoding-tau",
      llvm::cl::desc("Time constant of the last-lowpass decoding in s "
                     "(--emit-onnx-snn)"));
  static llvm::cl::opt<double> synapse(
      "onnx-snn-synapse",
      llvm::cl::desc("Lowpass synapse after every neuron in s, 0 for none "
                     "(--emit-onnx-snn)"));
  static llvm::cl::opt<std::string> initialState(
      "onnx-snn-initial-state",
      llvm::cl::desc("Initial state: zero or uniform-voltage "
                     "(--emit-onnx-snn)"));
  static llvm::cl::opt<uint64_t> seed(
      "onnx-snn-seed", llvm::cl::desc("Seed of the encoding and initial state "
                                      "(--emit-onnx-snn)"));
  static llvm::cl::opt<std::string> entry(
      "onnx-snn-entry",
      llvm::cl::desc("The function to export (--emit-onnx-snn)"));

  static TranslateFromMLIRRegistration registration(
      "emit-onnx-snn",
      "write a spiking network as an ONNX-SNN model (ONNX with ai.onnx.snn "
      "nodes)",
      [](Operation *op, llvm::raw_ostream &os) {
        ONNXSNNEmitOptions options;
        if (dt.getNumOccurrences())
          options.dt = dt;
        if (steps.getNumOccurrences())
          options.steps = steps;
        if (encoding.getNumOccurrences())
          options.encoding = encoding;
        if (maxRate.getNumOccurrences())
          options.maxRate = maxRate;
        if (decoding.getNumOccurrences())
          options.decoding = decoding;
        if (decodingTau.getNumOccurrences())
          options.decodingTau = decodingTau;
        if (synapse.getNumOccurrences())
          options.synapse = synapse;
        if (initialState.getNumOccurrences())
          options.initialState = initialState;
        if (seed.getNumOccurrences())
          options.seed = seed;
        options.entryFunction = entry;
        return emitONNXSNN(op, os, options);
      },
      [](DialectRegistry &registry) {
        registry
            .insert<func::FuncDialect, tosa::TosaDialect, tensor::TensorDialect,
                    arith::ArithDialect, SNNDialect>();
      });
}
