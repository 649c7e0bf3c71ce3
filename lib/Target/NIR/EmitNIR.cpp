//===- EmitNIR.cpp - spiking network in MLIR to a NIR file ------*- C++ -*-===//
//
// Part of snn-mlir.
//
// `--emit-nir`: walks one function of a spiking network (TOSA layers and snn
// ops, level 2) and writes the NIR graph it computes. Every tensor value is
// tracked as a signal: the NIR nodes whose outputs sum to it, NIR's
// channel-first shape without the batch axis, and how the MLIR dims map onto
// it (so the importer's NHWC convolutions and transposes map back to NIR's
// CHW). Constants are read where they are used (weights, biases, scales).
// Neuron ops become NIR neurons with threshold 1 and reset 0; their output
// amplitude / dt becomes a Scale node; their exact attributes go under
// metadata/ so that --import-nir rebuilds them. docs/NIR.md.
//
//===----------------------------------------------------------------------===//

#include "NIRFile.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "SNN/Target/NIR.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::nir;

namespace {

/// What an MLIR tensor value is in the NIR graph.
struct Signal {
  /// NIR nodes whose outputs sum to this value.
  SmallVector<std::string> sources;
  /// NIR's shape (channel-first, no batch axis).
  SmallVector<int64_t> shape;
  /// For each MLIR dim after the batch axis, the NIR dim it is, or -1 for a
  /// unit dim that NIR does not have.
  SmallVector<int64_t> dims;
  /// The value is the unshared output of a Linear/Affine/Conv2d node that
  /// nothing else reads yet (a following constant add can become its bias).
  bool fresh = false;
};

/// A constant read from the IR: row-major values of `shape`.
struct Constant {
  SmallVector<int64_t> shape;
  std::vector<double> values;
};

class NIREmitter {
public:
  NIREmitter(func::FuncOp func, double dt, NIRDiscretization discretization,
             const NIREmitOptions &options)
      : func(func), dt(dt), discretization(discretization), options(options) {}
  LogicalResult run(Graph &graph);

private:
  LogicalResult emitOp(Operation *op);
  FailureOr<const Signal *> getSignal(Operation *op, Value v);
  /// A fresh node name from the op's location name (plus `suffix`), else
  /// `fallback`.
  std::string uniqueName(Operation *op, StringRef fallback,
                         StringRef suffix = "");
  Node &addNode(StringRef name, StringRef type, const Signal *input);
  Signal outputOf(StringRef node, const Signal &like);

  // Op handlers.
  LogicalResult emitReshape(tosa::ReshapeOp op);
  LogicalResult emitTranspose(tosa::TransposeOp op);
  LogicalResult emitMatMul(tosa::MatMulOp op);
  LogicalResult emitConv(Operation *op, Value input, Value weight, Value bias,
                         ArrayRef<int64_t> pad, ArrayRef<int64_t> stride,
                         ArrayRef<int64_t> dilation, bool depthwise);
  LogicalResult emitAvgPool(tosa::AvgPool2dOp op);
  LogicalResult emitAdd(tosa::AddOp op);
  LogicalResult emitMul(tosa::MulOp op);
  LogicalResult emitNeuron(Operation *op);
  LogicalResult emitDelay(Operation *op);
  /// Adds a Delay node of `steps` steps with the edges of `input` (none if
  /// null), of the shape of `like`, as the signal of `op`'s result; returns
  /// its name.
  std::string addDelayNode(Operation *op, const Signal *input,
                           const Signal &like, int64_t steps);
  LogicalResult emitFeedbackDelay(FeedbackDelayOp op);
  LogicalResult emitFeedbackInput(FeedbackInputOp op);

  FailureOr<Constant> getConstant(Value v);
  FailureOr<std::vector<double>> toNIROrder(Operation *op, const Constant &c,
                                            const Signal &sig);
  bool isNHWC(const Signal &sig) const;
  double nirTau(double tau) const;
  void recordAttributes(Operation *op, Node &node);
  bool lossy(Operation *op, const llvm::Twine &what);

  func::FuncOp func;
  double dt;
  NIRDiscretization discretization;
  NIREmitOptions options;
  Graph *graph = nullptr;
  DenseMap<Value, Signal> signals;
  llvm::StringSet<> names;
  llvm::StringMap<Node *> nodeByName;
  /// The Delay node of each snn.feedback_delay.
  llvm::DenseMap<Operation *, std::string> feedbackNodes;
};
} // namespace

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static std::string getLocName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations()) {
      std::string n = getLocName(l);
      if (!n.empty())
        return n;
    }
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return getLocName(call.getCallee());
  return "";
}

/// NIR node names are HDF5 link names and snnTorch splits them at dots.
static std::string sanitizeName(StringRef name) {
  std::string out;
  for (char c : name)
    out.push_back(llvm::isAlnum(c) || c == '_' || c == '-' ? c : '_');
  size_t first = out.find_first_not_of('_');
  out = first == std::string::npos ? "" : out.substr(first);
  return out;
}

static RankedTensorType getType(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}

/// A number as a user writes it (`%g`).
static std::string fmt(double value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format("%g", value);
  return text;
}

static int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static Array f64Array(ArrayRef<int64_t> shape, double value) {
  return Array::tensor(shape, std::vector<double>(product(shape), value),
                       Array::DType::F64);
}

static Array i64Pair(int64_t a, int64_t b) {
  return Array::vector({double(a), double(b)}, Array::DType::I64);
}

std::string NIREmitter::uniqueName(Operation *op, StringRef fallback,
                                   StringRef suffix) {
  std::string base = op ? sanitizeName(getLocName(op->getLoc())) : "";
  if (base.empty())
    base = fallback.str();
  else
    base += suffix.str();
  std::string name = base;
  for (int i = 1; names.contains(name); ++i)
    name = base + "_" + std::to_string(i);
  names.insert(name);
  return name;
}

Node &NIREmitter::addNode(StringRef name, StringRef type, const Signal *input) {
  auto node = std::make_unique<Node>();
  node->name = name.str();
  node->type = type.str();
  Node &ref = *node;
  graph->nodes.push_back(std::move(node));
  nodeByName[name] = &ref;
  if (input)
    for (const std::string &src : input->sources)
      graph->edges.emplace_back(src, name.str());
  return ref;
}

Signal NIREmitter::outputOf(StringRef node, const Signal &like) {
  Signal s;
  s.sources = {node.str()};
  s.shape = like.shape;
  s.dims = like.dims;
  return s;
}

FailureOr<const Signal *> NIREmitter::getSignal(Operation *op, Value v) {
  auto it = signals.find(v);
  if (it == signals.end()) {
    if (succeeded(getConstant(v)))
      return op->emitOpError()
                 << "cannot be written to NIR: operand is a constant where "
                    "NIR needs a signal",
             failure();
    return op->emitOpError()
               << "cannot be written to NIR: an operand comes from an op "
                  "that has no NIR counterpart",
           failure();
  }
  return &it->second;
}

/// Whether the MLIR value (N, H, W, C) is NIR's (C, H, W) in channel-last
/// order.
bool NIREmitter::isNHWC(const Signal &sig) const {
  if (sig.shape.size() != 3 || sig.dims.size() != 3)
    return false;
  static const int64_t want[3] = {1, 2, 0};
  for (int i = 0; i < 3; ++i)
    if (sig.dims[i] != want[i] &&
        !(sig.dims[i] == -1 && sig.shape[want[i]] == 1))
      return false;
  return true;
}

/// Whether the MLIR element order of the value is NIR's row-major order.
static bool isOrderPreserving(const Signal &sig) {
  int64_t last = -1;
  for (int64_t d : sig.dims) {
    if (d < 0 || sig.shape[d] == 1)
      continue;
    if (d < last)
      return false;
    last = d;
  }
  return true;
}

/// The continuous-time constant whose chosen discretization equals the exact
/// step of `tau` (the inverse of the importer's mapping).
double NIREmitter::nirTau(double tau) const {
  if (discretization == NIRDiscretization::Exact)
    return tau;
  return -dt / std::expm1(-dt / tau);
}

FailureOr<Constant> NIREmitter::getConstant(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return failure();
  ElementsAttr attr;
  if (auto c = dyn_cast<tosa::ConstOp>(def))
    attr = c.getValues();
  else if (auto c = dyn_cast<arith::ConstantOp>(def))
    attr = dyn_cast<ElementsAttr>(c.getValue());
  if (attr) {
    auto type = cast<ShapedType>(attr.getType());
    if (!type.getElementType().isF32() && !type.getElementType().isF64())
      return failure();
    Constant c;
    c.shape.assign(type.getShape().begin(), type.getShape().end());
    int64_t count = type.getNumElements();
    if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
      for (APFloat f : dense.getValues<APFloat>())
        c.values.push_back(f.convertToDouble());
      if (dense.isSplat())
        c.values.assign(count, c.values.front());
      return c;
    }
    if (auto res = dyn_cast<DenseResourceElementsAttr>(attr)) {
      AsmResourceBlob *blob = res.getRawHandle().getBlob();
      if (!blob)
        return failure();
      ArrayRef<char> data = blob->getData();
      bool f32 = type.getElementType().isF32();
      size_t width = f32 ? 4 : 8;
      if (data.size() != width * count)
        return failure();
      for (int64_t i = 0; i < count; ++i) {
        if (f32) {
          float f;
          std::memcpy(&f, data.data() + i * 4, 4);
          c.values.push_back(f);
        } else {
          double d;
          std::memcpy(&d, data.data() + i * 8, 8);
          c.values.push_back(d);
        }
      }
      return c;
    }
    return failure();
  }
  if (auto reshape = dyn_cast<tosa::ReshapeOp>(def)) {
    FailureOr<Constant> c = getConstant(reshape.getInput1());
    if (failed(c))
      return failure();
    auto shape = getType(reshape.getResult()).getShape();
    c->shape.assign(shape.begin(), shape.end());
    return c;
  }
  if (auto transpose = dyn_cast<tosa::TransposeOp>(def)) {
    FailureOr<Constant> c = getConstant(transpose.getInput1());
    if (failed(c))
      return failure();
    ArrayRef<int32_t> perm = transpose.getPerms();
    int64_t rank = c->shape.size();
    SmallVector<int64_t> strides(rank, 1), outShape;
    for (int64_t d = rank - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * c->shape[d + 1];
    for (int32_t p : perm)
      outShape.push_back(c->shape[p]);
    Constant out;
    out.shape = outShape;
    out.values.resize(c->values.size());
    SmallVector<int64_t> index(rank, 0);
    for (size_t flat = 0; flat < out.values.size(); ++flat) {
      int64_t src = 0;
      for (int64_t d = 0; d < rank; ++d)
        src += index[d] * strides[perm[d]];
      out.values[flat] = c->values[src];
      for (int64_t d = rank - 1; d >= 0; --d) {
        if (++index[d] < outShape[d])
          break;
        index[d] = 0;
      }
    }
    return out;
  }
  return failure();
}

/// A constant operand of an element-wise op on `sig`, broadcast to the op's
/// MLIR shape and laid out in NIR's order and shape.
FailureOr<std::vector<double>>
NIREmitter::toNIROrder(Operation *op, const Constant &c, const Signal &sig) {
  auto type = getType(op->getResult(0));
  ArrayRef<int64_t> full = type.getShape();
  int64_t rank = full.size();
  if (int64_t(c.shape.size()) != rank)
    return op->emitOpError()
               << "cannot be written to NIR: constant of rank "
               << c.shape.size() << " for a rank-" << rank << " value",
           failure();
  // Strides of the constant with broadcasting (stride 0 on unit dims).
  SmallVector<int64_t> cstride(rank, 0);
  int64_t s = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    cstride[d] = c.shape[d] == 1 ? 0 : s;
    s *= c.shape[d];
  }
  // Each NIR element: find its MLIR coordinates through sig.dims.
  int64_t nirRank = sig.shape.size();
  std::vector<double> out(product(sig.shape));
  SmallVector<int64_t> nirIndex(nirRank, 0);
  for (size_t flat = 0; flat < out.size(); ++flat) {
    int64_t src = 0;
    for (int64_t d = 1; d < rank; ++d) {
      int64_t nd = sig.dims[d - 1];
      int64_t coord = nd < 0 ? 0 : nirIndex[nd];
      src += coord * cstride[d];
    }
    out[flat] = c.values[src];
    for (int64_t d = nirRank - 1; d >= 0; --d) {
      if (++nirIndex[d] < sig.shape[d])
        break;
      nirIndex[d] = 0;
    }
  }
  return out;
}

bool NIREmitter::lossy(Operation *op, const llvm::Twine &what) {
  if (!options.lossy) {
    op->emitOpError() << "cannot be written to NIR exactly: " << what
                      << " (pass --nir-lossy to write it anyway, with the "
                         "exact value kept under the node's metadata/)";
    return false;
  }
  op->emitWarning() << "written to NIR approximately: " << what
                    << "; the exact value is kept under the node's metadata/";
  return true;
}

/// Records every attribute of `op` under the node's metadata as
/// `snn_<name>`, with `snn_op` naming the op.
void NIREmitter::recordAttributes(Operation *op, Node &node) {
  node.metadata["snn_op"] = Array::string(op->getName().getStringRef());
  for (NamedAttribute attr : op->getAttrs()) {
    std::string key = "snn_" + attr.getName().str();
    if (auto f = dyn_cast<FloatAttr>(attr.getValue()))
      node.metadata[key] = Array::scalar(f.getValueAsDouble());
    else if (auto b = dyn_cast<BoolAttr>(attr.getValue()))
      node.metadata[key] = Array::scalar(b.getValue(), Array::DType::I8);
    else if (auto i = dyn_cast<IntegerAttr>(attr.getValue()))
      node.metadata[key] = Array::scalar(double(i.getInt()), Array::DType::I64);
    else if (auto s = dyn_cast<StringAttr>(attr.getValue()))
      node.metadata[key] = Array::string(s.getValue());
  }
}

//===----------------------------------------------------------------------===//
// Op handlers
//===----------------------------------------------------------------------===//

LogicalResult NIREmitter::emitReshape(tosa::ReshapeOp op) {
  FailureOr<const Signal *> in = getSignal(op, op.getInput1());
  if (failed(in))
    return failure();
  const Signal &sig = **in;
  ArrayRef<int64_t> to = getType(op.getResult()).getShape();
  if (to.empty() || to[0] != 1)
    return op.emitOpError() << "cannot be written to NIR: the batch axis "
                               "must stay first and of size 1";
  if (!isOrderPreserving(sig))
    return op.emitOpError()
           << "cannot be written to NIR: reshape of a channel-last value "
              "reorders its elements";
  SmallVector<int64_t> nirNonUnit, toNonUnit;
  for (int64_t d : sig.shape)
    if (d != 1)
      nirNonUnit.push_back(d);
  for (int64_t d : to.drop_front())
    if (d != 1)
      toNonUnit.push_back(d);
  Signal out;
  out.fresh = sig.fresh && op.getInput1().hasOneUse();
  if (nirNonUnit == toNonUnit) {
    out.sources = sig.sources;
    out.shape = sig.shape;
    // Non-unit dims in order; unit dims take NIR's unused unit dims in
    // order, or none.
    SmallVector<int64_t> nirDims;
    for (auto [i, d] : llvm::enumerate(sig.shape))
      if (d != 1)
        nirDims.push_back(i);
    SmallVector<int64_t> unitDims;
    for (auto [i, d] : llvm::enumerate(sig.shape))
      if (d == 1)
        unitDims.push_back(i);
    size_t k = 0, u = 0;
    int64_t unitCount = llvm::count(to.drop_front(), 1);
    bool useUnits = unitCount == int64_t(unitDims.size());
    for (int64_t d : to.drop_front()) {
      if (d != 1)
        out.dims.push_back(nirDims[k++]);
      else
        out.dims.push_back(useUnits ? unitDims[u++] : -1);
    }
    signals[op.getResult()] = out;
    return success();
  }
  if (toNonUnit.size() <= 1) {
    // A flatten of the whole value.
    std::string name = uniqueName(op, "flatten");
    Node &node = addNode(name, "Flatten", &sig);
    node.params["start_dim"] = Array::scalar(0, Array::DType::I64);
    node.params["end_dim"] = Array::scalar(-1, Array::DType::I64);
    std::vector<double> shape(sig.shape.begin(), sig.shape.end());
    node.params["input_type"] = Array::vector(shape, Array::DType::I64);
    out.sources = {name};
    out.shape = {product(sig.shape)};
    for (int64_t d : to.drop_front())
      out.dims.push_back(d == 1 && out.shape[0] != 1 ? -1 : 0);
    if (out.shape[0] == 1) {
      // All dims are unit: map the first to NIR's only dim.
      for (auto &d : out.dims)
        d = -1;
      if (!out.dims.empty())
        out.dims.front() = 0;
    }
    out.fresh = false;
    signals[op.getResult()] = out;
    return success();
  }
  return op.emitOpError() << "cannot be written to NIR: reshape to a shape "
                             "that is neither the same dims nor a flatten";
}

LogicalResult NIREmitter::emitTranspose(tosa::TransposeOp op) {
  FailureOr<const Signal *> in = getSignal(op, op.getInput1());
  if (failed(in))
    return failure();
  ArrayRef<int32_t> perm = op.getPerms();
  if (perm.empty() || perm[0] != 0)
    return op.emitOpError()
           << "cannot be written to NIR: the batch axis must stay first";
  Signal out = **in;
  out.fresh = (*in)->fresh && op.getInput1().hasOneUse();
  for (size_t d = 1; d < perm.size(); ++d)
    out.dims[d - 1] = (*in)->dims[perm[d] - 1];
  signals[op.getResult()] = out;
  return success();
}

LogicalResult NIREmitter::emitMatMul(tosa::MatMulOp op) {
  FailureOr<const Signal *> in = getSignal(op, op.getA());
  if (failed(in))
    return failure();
  const Signal &sig = **in;
  FailureOr<Constant> b = getConstant(op.getB());
  if (failed(b))
    return op.emitOpError()
           << "cannot be written to NIR: the right operand must be constant "
              "weights";
  auto at = getType(op.getA());
  if (at.getDimSize(0) != 1 || at.getDimSize(1) != 1 || sig.shape.size() != 1 ||
      !isOrderPreserving(sig))
    return op.emitOpError() << "cannot be written to NIR: expected a "
                               "[1, 1, K] vector times [1, K, N] weights";
  int64_t k = b->shape[1], n = b->shape[2];
  std::vector<double> w(n * k);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < n; ++j)
      w[j * k + i] = b->values[i * n + j];
  std::string name = uniqueName(op, "linear");
  Node &node = addNode(name, "Linear", &sig);
  node.params["weight"] = Array::tensor({n, k}, w, Array::DType::F32);
  Signal out;
  out.sources = {name};
  out.shape = {n};
  out.dims = {-1, 0};
  out.fresh = true;
  signals[op.getResult()] = out;
  return success();
}

LogicalResult NIREmitter::emitConv(Operation *op, Value input, Value weight,
                                   Value bias, ArrayRef<int64_t> pad,
                                   ArrayRef<int64_t> stride,
                                   ArrayRef<int64_t> dilation, bool depthwise) {
  FailureOr<const Signal *> in = getSignal(op, input);
  if (failed(in))
    return failure();
  const Signal &sig = **in;
  if (!isNHWC(sig))
    return op->emitOpError() << "cannot be written to NIR: the input is not "
                                "an NHWC view of a (C, H, W) signal";
  FailureOr<Constant> w = getConstant(weight);
  FailureOr<Constant> b = getConstant(bias);
  if (failed(w) || failed(b))
    return op->emitOpError()
           << "cannot be written to NIR: weights and bias must be constants";
  if (pad[0] != pad[1] || pad[2] != pad[3])
    return op->emitOpError()
           << "cannot be written to NIR: asymmetric padding [" << pad[0] << ", "
           << pad[1] << ", " << pad[2] << ", " << pad[3]
           << "] (NIR's Conv2d pads both sides alike)";
  int64_t c = sig.shape[0];
  int64_t o, ig, kh, kw, groups;
  std::vector<double> oihw;
  if (!depthwise) {
    // OHWI -> OIHW.
    o = w->shape[0];
    kh = w->shape[1];
    kw = w->shape[2];
    ig = w->shape[3];
    groups = 1;
    oihw.resize(o * ig * kh * kw);
    for (int64_t a = 0; a < o; ++a)
      for (int64_t y = 0; y < kh; ++y)
        for (int64_t z = 0; z < kw; ++z)
          for (int64_t i = 0; i < ig; ++i)
            oihw[((a * ig + i) * kh + y) * kw + z] =
                w->values[((a * kh + y) * kw + z) * ig + i];
  } else {
    // [kH, kW, C, M] -> (C*M, 1, kH, kW).
    kh = w->shape[0];
    kw = w->shape[1];
    int64_t m = w->shape[3];
    o = c * m;
    ig = 1;
    groups = c;
    oihw.resize(o * kh * kw);
    for (int64_t y = 0; y < kh; ++y)
      for (int64_t z = 0; z < kw; ++z)
        for (int64_t ch = 0; ch < c; ++ch)
          for (int64_t k = 0; k < m; ++k)
            oihw[((ch * m + k) * kh + y) * kw + z] =
                w->values[((y * kw + z) * c + ch) * m + k];
  }
  std::string name = uniqueName(op, "conv");
  Node &node = addNode(name, "Conv2d", &sig);
  node.params["weight"] =
      Array::tensor({o, ig, kh, kw}, oihw, Array::DType::F32);
  node.params["bias"] = Array::vector(b->values, Array::DType::F32);
  node.params["stride"] = i64Pair(stride[0], stride[1]);
  node.params["padding"] = i64Pair(pad[0], pad[2]);
  node.params["dilation"] = i64Pair(dilation[0], dilation[1]);
  node.params["groups"] = Array::scalar(double(groups), Array::DType::I64);
  node.params["input_shape"] = i64Pair(sig.shape[1], sig.shape[2]);
  auto rt = getType(op->getResult(0));
  Signal out;
  out.sources = {name};
  out.shape = {rt.getDimSize(3), rt.getDimSize(1), rt.getDimSize(2)};
  out.dims = {1, 2, 0};
  out.fresh = true;
  signals[op->getResult(0)] = out;
  return success();
}

LogicalResult NIREmitter::emitAvgPool(tosa::AvgPool2dOp op) {
  FailureOr<const Signal *> in = getSignal(op, op.getInput());
  if (failed(in))
    return failure();
  const Signal &sig = **in;
  if (!isNHWC(sig))
    return op.emitOpError() << "cannot be written to NIR: the input is not "
                               "an NHWC view of a (C, H, W) signal";
  ArrayRef<int64_t> pad = op.getPad();
  if (llvm::any_of(pad, [](int64_t p) { return p != 0; }))
    return op.emitOpError()
           << "cannot be written to NIR: padded average pooling (TOSA "
              "excludes the padding from the count, NIR's AvgPool2d does not)";
  ArrayRef<int64_t> k = op.getKernel(), s = op.getStride();
  std::string name = uniqueName(op, "avgpool");
  Node &node = addNode(name, "AvgPool2d", &sig);
  node.params["kernel_size"] = i64Pair(k[0], k[1]);
  node.params["stride"] = i64Pair(s[0], s[1]);
  node.params["padding"] = i64Pair(0, 0);
  auto rt = op.getType();
  Signal out;
  out.sources = {name};
  out.shape = {rt.getDimSize(3), rt.getDimSize(1), rt.getDimSize(2)};
  out.dims = {1, 2, 0};
  signals[op.getResult()] = out;
  return success();
}

LogicalResult NIREmitter::emitAdd(tosa::AddOp op) {
  Value lhs = op.getInput1(), rhs = op.getInput2();
  bool lhsSignal = signals.count(lhs), rhsSignal = signals.count(rhs);
  if (lhsSignal && rhsSignal) {
    const Signal &a = signals[lhs], &b = signals[rhs];
    if (a.shape != b.shape || a.dims != b.dims)
      return op.emitOpError() << "cannot be written to NIR: the two summed "
                                 "values have different layouts";
    Signal out = a;
    out.sources.append(b.sources.begin(), b.sources.end());
    out.fresh = false;
    signals[op.getResult()] = out;
    return success();
  }
  Value signal = lhsSignal ? lhs : rhs, other = lhsSignal ? rhs : lhs;
  FailureOr<const Signal *> in = getSignal(op, signal);
  if (failed(in))
    return failure();
  FailureOr<Constant> c = getConstant(other);
  if (failed(c))
    return op.emitOpError() << "cannot be written to NIR: an operand comes "
                               "from an op that has no NIR counterpart";
  const Signal &sig = **in;
  Node *node =
      sig.sources.size() == 1 ? nodeByName.lookup(sig.sources[0]) : nullptr;
  if (!sig.fresh || !signal.hasOneUse() || !node ||
      (node->type != "Linear" && node->type != "Conv2d"))
    return op.emitOpError()
           << "cannot be written to NIR: a constant added to a value that is "
              "not the output of a Linear or Conv2d layer (NIR has no bias "
              "node)";
  FailureOr<std::vector<double>> values = toNIROrder(op, *c, sig);
  if (failed(values))
    return failure();
  if (node->type == "Linear") {
    node->type = "Affine";
    node->params["bias"] = Array::vector(*values, Array::DType::F32);
  } else {
    // Per output channel: the added constant must not vary over H and W.
    Array &bias = node->params["bias"];
    int64_t channels = sig.shape[0], plane = sig.shape[1] * sig.shape[2];
    for (int64_t ch = 0; ch < channels; ++ch) {
      for (int64_t p = 1; p < plane; ++p)
        if ((*values)[ch * plane + p] != (*values)[ch * plane])
          return op.emitOpError()
                 << "cannot be written to NIR: the added constant varies "
                    "over the spatial dims";
      bias.numbers[ch] = float(bias.numbers[ch] + (*values)[ch * plane]);
    }
  }
  Signal out = sig;
  signals[op.getResult()] = out;
  return success();
}

LogicalResult NIREmitter::emitMul(tosa::MulOp op) {
  Value lhs = op.getInput1(), rhs = op.getInput2();
  Value signal = signals.count(lhs) ? lhs : rhs;
  Value other = signal == lhs ? rhs : lhs;
  FailureOr<const Signal *> in = getSignal(op, signal);
  if (failed(in))
    return failure();
  FailureOr<Constant> c = getConstant(other);
  if (failed(c))
    return op.emitOpError() << "cannot be written to NIR: only products with "
                               "a constant (NIR's Scale) are supported";
  const Signal &sig = **in;
  FailureOr<std::vector<double>> values = toNIROrder(op, *c, sig);
  if (failed(values))
    return failure();
  std::string name = uniqueName(op, "scale");
  Node &node = addNode(name, "Scale", &sig);
  node.params["scale"] = Array::tensor(sig.shape, *values, Array::DType::F32);
  signals[op.getResult()] = outputOf(name, sig);
  return success();
}

LogicalResult NIREmitter::emitDelay(Operation *op) {
  FailureOr<const Signal *> in = getSignal(op, op->getOperand(0));
  if (failed(in))
    return failure();
  auto steps = op->getAttrOfType<IntegerAttr>("steps");
  if (!steps)
    return op->emitOpError() << "has no integer 'steps' attribute";
  addDelayNode(op, *in, **in, steps.getInt());
  return success();
}

std::string NIREmitter::addDelayNode(Operation *op, const Signal *input,
                                     const Signal &like, int64_t steps) {
  std::string name = uniqueName(op, "delay");
  Node &node = addNode(name, "Delay", input);
  node.params["delay"] = f64Array(like.shape, double(steps) * dt);
  recordAttributes(op, node);
  signals[op->getResult(0)] = outputOf(name, like);
  return name;
}

/// The signal of a function argument or a feedback delay: NIR's shape is
/// the MLIR shape without the batch axis, in the same order.
static Signal batchlessSignal(RankedTensorType type) {
  Signal s;
  s.shape.assign(type.getShape().begin() + 1, type.getShape().end());
  for (int64_t d = 0; d < type.getRank() - 1; ++d)
    s.dims.push_back(d);
  return s;
}

/// A feedback delay is a Delay node whose incoming edges are added by its
/// snn.feedback_input, later in the function: NIR's graphs may have cycles.
/// Its value is channel-first, as every value the NIR importer builds.
LogicalResult NIREmitter::emitFeedbackDelay(FeedbackDelayOp op) {
  auto type = getType(op.getOutput());
  if (!type || type.getRank() < 2 || type.getDimSize(0) != 1 ||
      !type.hasStaticShape())
    return op.emitOpError() << "cannot be written to NIR: the delayed value "
                               "must be a static tensor with a batch axis of 1";
  feedbackNodes[op] = addDelayNode(op, nullptr, batchlessSignal(type),
                                   op.getStepsAttr().getInt());
  return success();
}

LogicalResult NIREmitter::emitFeedbackInput(FeedbackInputOp op) {
  FailureOr<const Signal *> in = getSignal(op, op.getInput());
  if (failed(in))
    return failure();
  const Signal &sig = **in;
  const Signal &delay = signals[op.getDelay()];
  if (!isOrderPreserving(sig) || sig.shape != delay.shape)
    return op.emitOpError()
           << "cannot be written to NIR: the value fed back is not in the "
              "delay's channel-first layout";
  std::string name = feedbackNodes.lookup(op.getDelayOp().getOperation());
  for (const std::string &src : sig.sources)
    graph->edges.emplace_back(src, name);
  return success();
}

static double getF64(Operation *op, StringRef name, double dflt) {
  if (auto attr = op->getAttrOfType<FloatAttr>(name))
    return attr.getValueAsDouble();
  return dflt;
}

LogicalResult NIREmitter::emitNeuron(Operation *op) {
  FailureOr<const Signal *> in = getSignal(op, op->getOperand(0));
  if (failed(in))
    return failure();
  const Signal &sig = **in;
  double gain = getF64(op, "gain", 1.0), bias = getF64(op, "bias", 0.0);
  double amplitude = getF64(op, "amplitude", 1.0);
  ArrayRef<int64_t> shape = sig.shape;
  std::string name = isa<LowpassOp>(op) ? uniqueName(op, "synapse", "_synapse")
                                        : uniqueName(op, "neuron");
  Node *node = nullptr;
  bool spiking = true;
  if (isa<LowpassOp>(op)) {
    node = &addNode(name, "LI", &sig);
    node->params["tau"] = f64Array(shape, nirTau(getF64(op, "tau", 0.005)));
    node->params["r"] = f64Array(shape, 1.0);
    node->params["v_leak"] = f64Array(shape, 0.0);
    spiking = false;
  } else if (isa<LIFOp, LIFRateOp, SoftLIFRateOp>(op)) {
    if (isa<LIFRateOp, SoftLIFRateOp>(op) &&
        !lossy(op, "NIR has no rate neurons; written as the spiking LIF"))
      return failure();
    double tauRef = getF64(op, "tau_ref", 0.002);
    double minVoltage = getF64(op, "min_voltage", 0.0);
    if (isa<LIFOp>(op)) {
      if (tauRef != 0.0 &&
          !lossy(op, "NIR's LIF has no refractory period (tau_ref = " +
                         fmt(tauRef) + ")"))
        return failure();
      if (!std::isinf(minVoltage) &&
          !lossy(op, "NIR's LIF has no voltage floor (min_voltage = " +
                         fmt(minVoltage) + "; -inf is none)"))
        return failure();
    }
    node = &addNode(name, "LIF", &sig);
    node->params["tau"] = f64Array(shape, nirTau(getF64(op, "tau_rc", 0.02)));
    node->params["r"] = f64Array(shape, gain);
    node->params["v_leak"] = f64Array(shape, bias);
    node->params["v_threshold"] = f64Array(shape, 1.0);
    node->params["v_reset"] = f64Array(shape, 0.0);
    spiking = isa<LIFOp>(op);
  } else if (isa<IFOp>(op)) {
    auto rectify = op->getAttrOfType<BoolAttr>("rectify");
    auto reset = op->getAttrOfType<StringAttr>("reset");
    bool isRectified = !rectify || rectify.getValue();
    bool isSubtract = !reset || reset.getValue() == "subtract";
    if (isRectified &&
        !lossy(op, "NIR's IF integrates negative input too (snn.if "
                   "rectifies it: rectify = true)"))
      return failure();
    if (isSubtract &&
        !lossy(op, "NIR's IF resets to v_reset (snn.if subtracts the "
                   "threshold: reset = \"subtract\")"))
      return failure();
    if (bias != 0.0 &&
        !lossy(op, "NIR's IF has no bias current (bias = " + fmt(bias) + ")"))
      return failure();
    auto v0 = op->getAttrOfType<FloatAttr>("initial_voltage");
    if (v0 && !v0.getValue().isZero() &&
        !lossy(op, "NIR's IF has no initial voltage (initial_voltage = " +
                       fmt(v0.getValueAsDouble()) + "; NIR starts at 0)"))
      return failure();
    node = &addNode(name, "IF", &sig);
    node->params["r"] = f64Array(shape, gain);
    node->params["v_threshold"] = f64Array(shape, 1.0);
    node->params["v_reset"] = f64Array(shape, 0.0);
  } else {
    return op->emitOpError() << "cannot be written to NIR: NIR has no "
                                "counterpart of this neuron model";
  }
  recordAttributes(op, *node);
  Signal out = outputOf(name, sig);
  // NIR's spikes are 1; ours are amplitude / dt (rates: amplitude * rate).
  double scale = spiking ? amplitude / dt : 1.0;
  if (!spiking && !isa<LowpassOp>(op))
    scale = amplitude / dt; // Rate written as a spiking LIF.
  if (scale != 1.0) {
    std::string scaleName = uniqueName(nullptr, name + "_amplitude");
    Node &s = addNode(scaleName, "Scale", &out);
    s.params["scale"] = f64Array(shape, scale);
    s.metadata["snn_amplitude_of"] = Array::string(name);
    out = outputOf(scaleName, sig);
  }
  signals[op->getResult(0)] = out;
  return success();
}

LogicalResult NIREmitter::emitOp(Operation *op) {
  if (isa<tosa::ConstOp, tosa::ConstShapeOp, arith::ConstantOp>(op))
    return success();
  // Ops on constants only (reshapes and transposes of weights) are read
  // where the constant is used.
  if (op->getNumResults() == 1 && succeeded(getConstant(op->getResult(0))))
    return success();
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](tosa::ReshapeOp o) { return emitReshape(o); })
      .Case([&](tosa::TransposeOp o) { return emitTranspose(o); })
      .Case([&](tosa::MatMulOp o) { return emitMatMul(o); })
      .Case([&](tosa::Conv2DOp o) {
        return emitConv(o, o.getInput(), o.getWeight(), o.getBias(), o.getPad(),
                        o.getStride(), o.getDilation(), false);
      })
      .Case([&](tosa::DepthwiseConv2DOp o) {
        return emitConv(o, o.getInput(), o.getWeight(), o.getBias(), o.getPad(),
                        o.getStride(), o.getDilation(), true);
      })
      .Case([&](tosa::AvgPool2dOp o) { return emitAvgPool(o); })
      .Case<tosa::MaxPool2dOp, CountMaxPool2dOp>([&](Operation *o) {
        return o->emitOpError()
               << "cannot be written to NIR: NIR has no max pooling";
      })
      .Case([&](tosa::PadOp o) -> LogicalResult {
        // Only a pad by zero rows and columns (left by the ONNX exporter)
        // is a no-op; NIR pads inside its Conv2d and pooling nodes.
        if (getType(o.getInput1()) != getType(o.getResult()))
          return o.emitOpError()
                 << "cannot be written to NIR: NIR has no padding node";
        FailureOr<const Signal *> in = getSignal(o, o.getInput1());
        if (failed(in))
          return failure();
        signals[o.getResult()] = **in;
        return success();
      })
      .Case([&](tosa::AddOp o) { return emitAdd(o); })
      .Case([&](tosa::MulOp o) { return emitMul(o); })
      .Case<LIFOp, IFOp, LowpassOp, LIFRateOp, SoftLIFRateOp, IzhikevichOp>(
          [&](Operation *o) { return emitNeuron(o); })
      .Case([&](FeedbackDelayOp o) { return emitFeedbackDelay(o); })
      .Case([&](FeedbackInputOp o) { return emitFeedbackInput(o); })
      .Default([&](Operation *o) -> LogicalResult {
        if (o->getName().getStringRef() == "snn.delay")
          return emitDelay(o);
        if (isa<func::ReturnOp>(o))
          return success();
        return o->emitOpError()
               << "cannot be written to NIR: no NIR node computes it";
      });
}

LogicalResult NIREmitter::run(Graph &g) {
  graph = &g;
  Block &body = func.getBody().front();
  for (BlockArgument arg : body.getArguments()) {
    auto type = getType(arg);
    if (!type || type.getRank() < 2 || type.getDimSize(0) != 1 ||
        !type.hasStaticShape())
      return func.emitOpError()
             << "cannot be written to NIR: argument #" << arg.getArgNumber()
             << " must be a static tensor with a batch axis of 1";
    std::string fallback = "input";
    if (auto n =
            func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "onnx.name"))
      fallback = n.str();
    else if (auto n = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                        "nir.name"))
      fallback = n.str();
    std::string name = sanitizeName(fallback);
    if (name.empty())
      name = "input";
    std::string unique = name;
    for (int i = 1; names.contains(unique); ++i)
      unique = name + "_" + std::to_string(i);
    names.insert(unique);
    Signal s = batchlessSignal(type);
    s.sources = {unique};
    Node &node = addNode(unique, "Input", nullptr);
    std::vector<double> shape(s.shape.begin(), s.shape.end());
    node.params["shape"] = Array::vector(shape, Array::DType::I64);
    signals[arg] = s;
  }
  for (Operation &op : body)
    if (failed(emitOp(&op)))
      return failure();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    FailureOr<const Signal *> sig = getSignal(ret, v);
    if (failed(sig))
      return failure();
    if (!isOrderPreserving(**sig))
      return ret.emitOpError() << "cannot be written to NIR: result #" << i
                               << " is in channel-last order";
    std::string fallback = "output";
    if (auto n = func.getResultAttrOfType<StringAttr>(i, "onnx.name"))
      fallback = n.str();
    else if (auto n = func.getResultAttrOfType<StringAttr>(i, "nir.name"))
      fallback = n.str();
    std::string name = sanitizeName(fallback);
    if (name.empty())
      name = "output";
    std::string unique = name;
    for (int k = 1; names.contains(unique); ++k)
      unique = name + "_" + std::to_string(k);
    names.insert(unique);
    Node &node = addNode(unique, "Output", *sig);
    std::vector<double> shape((*sig)->shape.begin(), (*sig)->shape.end());
    node.params["shape"] = Array::vector(shape, Array::DType::I64);
  }
  g.metadata["dt"] = Array::scalar(dt);
  g.metadata["discretization"] = Array::string(
      discretization == NIRDiscretization::Euler ? "euler" : "exact");
  g.metadata["producer"] = Array::string("snn-mlir");
  return success();
}

//===----------------------------------------------------------------------===//
// Public API and registration
//===----------------------------------------------------------------------===//

LogicalResult mlir::snn::emitNIR(Operation *op, llvm::raw_ostream &os,
                                 const NIREmitOptions &options) {
  func::FuncOp func = dyn_cast<func::FuncOp>(op);
  if (!func) {
    ModuleOp module = dyn_cast<ModuleOp>(op);
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
               << "more than one function; choose one with --nir-entry";
      func = f;
    }
    if (!func)
      return emitError(module.getLoc())
             << (options.entryFunction.empty()
                     ? std::string("no function to write")
                     : "no function named '" + options.entryFunction + "'");
  }
  if (!func.getBody().hasOneBlock())
    return func.emitOpError() << "cannot be written to NIR: expected one block";
  // dt and the discretization: the options, else what --import-nir recorded.
  ModuleOp module = func->getParentOfType<ModuleOp>();
  double dt = 0.001;
  NIRDiscretization discretization = NIRDiscretization::Exact;
  if (module) {
    if (auto attr = module->getAttrOfType<FloatAttr>("snn.nir.dt"))
      dt = attr.getValueAsDouble();
    if (auto attr = module->getAttrOfType<StringAttr>("snn.nir.discretization"))
      if (attr.getValue() == "euler")
        discretization = NIRDiscretization::Euler;
  }
  if (options.dt)
    dt = *options.dt;
  if (options.discretization)
    discretization = *options.discretization;
  if (!(dt > 0) || !std::isfinite(dt))
    return op->emitError() << "--nir-dt must be > 0, got " << dt;
  File file;
  file.version = "1.0.0";
  NIREmitter emitter(func, dt, discretization, options);
  if (failed(emitter.run(file.graph)))
    return failure();
  llvm::Expected<std::vector<char>> image = writeNIRFile(file);
  if (!image)
    return func.emitError() << "cannot write the NIR file: "
                            << llvm::toString(image.takeError());
  os.write(image->data(), image->size());
  return success();
}

static std::optional<NIRDiscretization> parseDiscretization(StringRef text) {
  if (text == "exact")
    return NIRDiscretization::Exact;
  if (text == "euler")
    return NIRDiscretization::Euler;
  return std::nullopt;
}

void mlir::snn::registerNIRTranslations() {
  static llvm::cl::opt<double> dt(
      "nir-dt",
      llvm::cl::desc("Time step in s of the NIR network (--import-nir: "
                     "default the file's metadata/dt, else 0.001; "
                     "--emit-nir: default 0.001). Spikes are 1 / step and "
                     "Euler time constants depend on it"));
  static llvm::cl::opt<std::string> discretization(
      "nir-discretization",
      llvm::cl::desc("How NIR's continuous-time neurons are stepped: exact "
                     "(zero-order hold, as Nengo; default) or euler (as "
                     "snnTorch and Norse)"));
  static llvm::cl::opt<bool> lossy(
      "nir-lossy",
      llvm::cl::desc("--emit-nir: write what NIR cannot express (refractory "
                     "period, voltage floor, rectified IF, rate neurons) "
                     "approximately, with a warning, keeping the exact values "
                     "under the node's metadata/"));
  static llvm::cl::opt<bool> ignoreMetadata(
      "nir-ignore-metadata",
      llvm::cl::desc("--import-nir: import NIR's own semantics even where "
                     "--emit-nir recorded the exact snn op under metadata/"));
  static llvm::cl::opt<bool> implicitDelay(
      "nir-implicit-delay",
      llvm::cl::desc("--import-nir: give a cycle without a Delay node a "
                     "delay of one step on an edge leaving one of its "
                     "neurons, as snnTorch (RLeaky), Norse and Lava-DL "
                     "simulate recurrent graphs; default: such a cycle is an "
                     "error"));
  static llvm::cl::opt<std::string> entry(
      "nir-entry", llvm::cl::desc("--emit-nir: the function to write"));

  static TranslateToMLIRRegistration importRegistration(
      "import-nir",
      "import a NIR graph (HDF5) as a spiking network (snn ops and TOSA)",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        NIRImportOptions options;
        if (dt.getNumOccurrences())
          options.dt = dt;
        if (discretization.getNumOccurrences()) {
          options.discretization = parseDiscretization(discretization);
          if (!options.discretization) {
            emitError(UnknownLoc::get(context))
                << "unknown --nir-discretization '" << discretization
                << "', expected exact or euler";
            return nullptr;
          }
        }
        options.useMetadata = !ignoreMetadata;
        options.implicitDelay = implicitDelay;
        OwningOpRef<ModuleOp> module =
            importNIR(buffer->getBuffer(), context, options);
        if (!module)
          return nullptr;
        return OwningOpRef<Operation *>(module.release());
      });

  static TranslateFromMLIRRegistration emitRegistration(
      "emit-nir", "write a spiking network as a NIR graph (HDF5)",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        NIREmitOptions options;
        if (dt.getNumOccurrences())
          options.dt = dt;
        if (discretization.getNumOccurrences()) {
          std::optional<NIRDiscretization> d =
              parseDiscretization(discretization);
          if (!d)
            return op->emitError()
                   << "unknown --nir-discretization '" << discretization
                   << "', expected exact or euler";
          options.discretization = *d;
        }
        options.lossy = lossy;
        options.entryFunction = entry;
        return emitNIR(op, os, options);
      },
      [](DialectRegistry &registry) {
        registry
            .insert<func::FuncDialect, tosa::TosaDialect, tensor::TensorDialect,
                    arith::ArithDialect, SNNDialect>();
      });
}
