//===- ONNXOpHandlers.cpp - ONNX operators to TOSA --------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// One handler per ONNX operator, found through a table keyed by domain and
// op_type: supporting a new domain (e.g. the ONNX-SNN nodes) is one more
// table entry. Handlers read inputs and attributes through the ONNXImporter,
// emit TOSA ops at the node's NameLoc and bind the node outputs. ONNX is NCHW
// and TOSA convolutions and pools are NHWC: those handlers transpose around
// the TOSA op; constant weights are permuted at import time instead.
//
//===----------------------------------------------------------------------===//

#include "ONNXImporter.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::onnx_import;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static RankedTensorType getType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "," : "") + std::to_string(d);
  return s + "]";
}

/// Normalizes a possibly negative `axis` of a rank-`rank` tensor.
static FailureOr<int64_t> normalizeAxis(ONNXImporter &imp, int64_t axis,
                                        int64_t rank, StringRef what = "axis") {
  if (axis < -rank || axis >= rank) {
    imp.nodeError() << what << " " << axis << " is out of range for rank "
                    << rank;
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

static bool isFloat(Value v) {
  return isa<FloatType>(getType(v).getElementType());
}

static LogicalResult requireFloat(ONNXImporter &imp, Value v) {
  if (isFloat(v))
    return success();
  return imp.nodeError() << "unsupported element type "
                         << getType(v).getElementType()
                         << " (only floating point is supported)";
}

/// Numpy broadcasting of `a` and `b`: reshapes the lower-rank operand to the
/// higher rank (TOSA needs equal ranks) and checks the dimensions.
static FailureOr<std::pair<Value, Value>>
broadcast(ONNXImporter &imp, Value a, Value b, SmallVector<int64_t> &out) {
  RankedTensorType ta = getType(a), tb = getType(b);
  if (ta.getElementType() != tb.getElementType()) {
    imp.nodeError() << "element type mismatch: " << ta.getElementType()
                    << " vs " << tb.getElementType();
    return failure();
  }
  int64_t rank = std::max(ta.getRank(), tb.getRank());
  auto extend = [&](RankedTensorType t) {
    SmallVector<int64_t> shape(rank - t.getRank(), 1);
    llvm::append_range(shape, t.getShape());
    return shape;
  };
  SmallVector<int64_t> sa = extend(ta), sb = extend(tb);
  out.clear();
  for (int64_t d = 0; d < rank; ++d) {
    if (sa[d] != sb[d] && sa[d] != 1 && sb[d] != 1) {
      imp.nodeError() << "shape mismatch: cannot broadcast "
                      << shapeStr(ta.getShape()) << " and "
                      << shapeStr(tb.getShape());
      return failure();
    }
    out.push_back(sa[d] == 1 ? sb[d] : sa[d]);
  }
  return std::make_pair(imp.createReshape(a, sa), imp.createReshape(b, sb));
}

/// The largest finite value of a float type, or the int range bound.
static Attribute boundAttr(Type elementType, bool upper,
                           std::optional<double> value) {
  if (auto ft = dyn_cast<FloatType>(elementType)) {
    if (value)
      return FloatAttr::get(ft, *value);
    return FloatAttr::get(
        ft, APFloat::getLargest(ft.getFloatSemantics(), /*Negative=*/!upper));
  }
  auto it = cast<IntegerType>(elementType);
  unsigned w = it.getWidth();
  APInt bound =
      it.isUnsigned()
          ? (upper ? APInt::getMaxValue(w) : APInt::getMinValue(w))
          : (upper ? APInt::getSignedMaxValue(w) : APInt::getSignedMinValue(w));
  if (value)
    bound = APInt(w, int64_t(*value), /*isSigned=*/!it.isUnsigned());
  return IntegerAttr::get(it, bound);
}

/// Applies the elementwise `build` to `x`, in NHWC when `x` has an NHWC twin
/// (see ONNXImporter::hasNHWC), and binds the node's output.
template <typename BuildFn>
static LogicalResult setElementwiseOutput(ONNXImporter &imp, Value x,
                                          BuildFn build) {
  if (!imp.hasNHWC(x))
    return imp.setOutput(0, build(x));
  return imp.setOutput(0, imp.fromNHWC(build(imp.getNHWC(x))));
}

//===----------------------------------------------------------------------===//
// Folding of integer shape arithmetic
//===----------------------------------------------------------------------===//
//
// Exporters compute reshape targets, slice bounds and split sizes at run time
// from Shape (ShuffleNet's channel shuffle: Shape, Gather, Div, Reshape). All
// shapes are static here, so such chains are evaluated at import time on the
// `ints` of ONNXValue and only their final consumer (Reshape, Slice, ...) is
// emitted. An elementwise node folds when every input is a known integer
// tensor; otherwise it is imported as TOSA ops.

/// The known contents of an integer tensor entry, or null.
static const SmallVector<int64_t> *knownInts(const ONNXValue *e) {
  if (!e->ints || !isa<IntegerType>(e->type.getElementType()))
    return nullptr;
  return &*e->ints;
}

/// Wraps `v` to the range of the integer type `t` (i1: 0 or 1).
static int64_t wrapInt(Type t, int64_t v) {
  unsigned w = cast<IntegerType>(t).getWidth();
  if (w == 1)
    return v != 0;
  return w >= 64 ? v : llvm::SignExtend64(uint64_t(v), w);
}

static int64_t product(ArrayRef<int64_t> shape) {
  int64_t p = 1;
  for (int64_t d : shape)
    p *= d;
  return p;
}

/// Numpy broadcasting of `shapes`; nullopt when they do not broadcast.
static std::optional<SmallVector<int64_t>>
broadcastShapes(ArrayRef<SmallVector<int64_t>> shapes) {
  size_t rank = 0;
  for (const SmallVector<int64_t> &s : shapes)
    rank = std::max(rank, s.size());
  SmallVector<int64_t> out(rank, 1);
  for (const SmallVector<int64_t> &s : shapes) {
    for (size_t d = 0; d < s.size(); ++d) {
      int64_t &o = out[rank - s.size() + d];
      if (s[d] == o || s[d] == 1)
        continue;
      if (o != 1)
        return std::nullopt;
      o = s[d];
    }
  }
  return out;
}

/// The flat index into a tensor of shape `in` (broadcast to `out`) of the
/// element at flat index `flat` of `out`.
static int64_t broadcastIndex(ArrayRef<int64_t> out, ArrayRef<int64_t> in,
                              int64_t flat) {
  int64_t index = 0, stride = 1;
  int64_t di = int64_t(in.size()) - 1;
  for (int64_t d = int64_t(out.size()) - 1; d >= 0; --d, --di) {
    int64_t coord = flat % out[d];
    flat /= out[d];
    if (di < 0)
      continue;
    if (in[di] != 1)
      index += coord * stride;
    stride *= in[di];
  }
  return index;
}

/// Folded elementwise results larger than this are imported as ops.
static constexpr int64_t kMaxFoldedElements = 1 << 16;

using IntElementwiseFn =
    llvm::function_ref<FailureOr<int64_t>(ArrayRef<int64_t>)>;

/// Folds the current elementwise node when all its inputs are known integer
/// tensors: nullopt when one is not (import it as ops), else the result of
/// binding output 0 to `fn` applied with numpy broadcasting. The result has
/// `resultType`, or the element type of input `typeFrom`.
static std::optional<LogicalResult> foldIntsElementwise(ONNXImporter &imp,
                                                        IntElementwiseFn fn,
                                                        Type resultType = {},
                                                        unsigned typeFrom = 0) {
  SmallVector<const SmallVector<int64_t> *> values;
  SmallVector<SmallVector<int64_t>> shapes;
  for (unsigned i = 0; i < imp.getNumInputs(); ++i) {
    if (!imp.hasInput(i))
      return std::nullopt;
    FailureOr<ONNXValue *> e = imp.getInputEntry(i);
    if (failed(e))
      return failure();
    const SmallVector<int64_t> *ints = knownInts(*e);
    if (!ints)
      return std::nullopt;
    values.push_back(ints);
    shapes.emplace_back((*e)->type.getShape());
    if (i == typeFrom && !resultType)
      resultType = (*e)->type.getElementType();
  }
  std::optional<SmallVector<int64_t>> out = broadcastShapes(shapes);
  if (!out) {
    InFlightDiagnostic diag = imp.nodeError();
    diag << "shape mismatch: cannot broadcast";
    for (auto [i, s] : llvm::enumerate(shapes))
      diag << (i ? " and " : " ") << shapeStr(s);
    return failure();
  }
  int64_t n = product(*out);
  if (n > kMaxFoldedElements)
    return std::nullopt;
  SmallVector<int64_t> result, args(values.size());
  for (int64_t k = 0; k < n; ++k) {
    for (size_t j = 0; j < values.size(); ++j)
      args[j] = (*values[j])[broadcastIndex(*out, shapes[j], k)];
    FailureOr<int64_t> r = fn(args);
    if (failed(r))
      return failure();
    result.push_back(wrapInt(resultType, *r));
  }
  return imp.setOutputInts(0, result, *out, resultType);
}

/// The integer function of a binary arithmetic node, for folding.
static FailureOr<int64_t> foldArith(ONNXImporter &imp, StringRef op, int64_t a,
                                    int64_t b, bool fmod = false) {
  auto wrap = [](uint64_t v) { return int64_t(v); };
  if (op == "Add")
    return wrap(uint64_t(a) + uint64_t(b));
  if (op == "Sub")
    return wrap(uint64_t(a) - uint64_t(b));
  if (op == "Mul")
    return wrap(uint64_t(a) * uint64_t(b));
  if (op == "Min")
    return std::min(a, b);
  if (op == "Max")
    return std::max(a, b);
  if (b == 0)
    return imp.nodeError() << "integer division by zero (in shape arithmetic "
                              "folded at import time)";
  if (a == std::numeric_limits<int64_t>::min() && b == -1)
    return op == "Div" ? a : 0;
  if (op == "Div") // Truncation, as C and onnxruntime do.
    return a / b;
  // Mod: fmod = 1 takes the sign of the dividend, fmod = 0 of the divisor.
  int64_t r = a % b;
  if (!fmod && r != 0 && ((r < 0) != (b < 0)))
    r += b;
  return r;
}

/// Folds the current binary arithmetic node on known integers.
static std::optional<LogicalResult> foldBinaryInts(ONNXImporter &imp,
                                                   bool fmod = false) {
  StringRef op = imp.getNode().op_type();
  return foldIntsElementwise(imp,
                             [&](ArrayRef<int64_t> a) -> FailureOr<int64_t> {
                               return foldArith(imp, op, a[0], a[1], fmod);
                             });
}

static LogicalResult importMod(ONNXImporter &imp) {
  FailureOr<int64_t> fmod = imp.getIntAttr("fmod", 0);
  if (failed(fmod))
    return failure();
  if (std::optional<LogicalResult> folded = foldBinaryInts(imp, *fmod != 0))
    return *folded;
  return imp.nodeError() << "only integer Mod of values known at import time "
                            "(shape arithmetic) is supported";
}

static LogicalResult importEqual(ONNXImporter &imp) {
  Type i1 = imp.getBuilder().getI1Type();
  if (std::optional<LogicalResult> folded = foldIntsElementwise(
          imp,
          [](ArrayRef<int64_t> a) -> FailureOr<int64_t> {
            return a[0] == a[1];
          },
          i1))
    return *folded;
  FailureOr<Value> a = imp.getInput(0), b = imp.getInput(1);
  if (failed(a) || failed(b))
    return failure();
  SmallVector<int64_t> shape;
  auto operands = broadcast(imp, *a, *b, shape);
  if (failed(operands))
    return failure();
  return imp.setOutput(
      0, tosa::EqualOp::create(imp.getBuilder(), imp.getLoc(),
                               RankedTensorType::get(shape, i1),
                               operands->first, operands->second));
}

static LogicalResult importNot(ONNXImporter &imp) {
  if (std::optional<LogicalResult> folded = foldIntsElementwise(
          imp,
          [](ArrayRef<int64_t> a) -> FailureOr<int64_t> { return a[0] == 0; }))
    return *folded;
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  if (!getType(*x).getElementType().isInteger(1))
    return imp.nodeError() << "input must be a boolean tensor";
  return imp.setOutput(0, tosa::LogicalNotOp::create(
                              imp.getBuilder(), imp.getLoc(), getType(*x), *x));
}

static LogicalResult importWhere(ONNXImporter &imp) {
  if (std::optional<LogicalResult> folded = foldIntsElementwise(
          imp,
          [](ArrayRef<int64_t> a) -> FailureOr<int64_t> {
            return a[0] ? a[1] : a[2];
          },
          {}, /*typeFrom=*/1))
    return *folded;
  SmallVector<Value, 3> in;
  SmallVector<SmallVector<int64_t>> shapes;
  for (unsigned i = 0; i < 3; ++i) {
    FailureOr<Value> v = imp.getInput(i);
    if (failed(v))
      return failure();
    in.push_back(*v);
    shapes.emplace_back(getType(*v).getShape());
  }
  if (!getType(in[0]).getElementType().isInteger(1))
    return imp.nodeError() << "condition must be a boolean tensor";
  if (getType(in[1]).getElementType() != getType(in[2]).getElementType())
    return imp.nodeError() << "element type mismatch: "
                           << getType(in[1]).getElementType() << " vs "
                           << getType(in[2]).getElementType();
  std::optional<SmallVector<int64_t>> out = broadcastShapes(shapes);
  if (!out)
    return imp.nodeError() << "shape mismatch: cannot broadcast "
                           << shapeStr(shapes[0]) << ", " << shapeStr(shapes[1])
                           << " and " << shapeStr(shapes[2]);
  for (auto [v, s] : llvm::zip(in, shapes)) {
    SmallVector<int64_t> ranked(out->size() - s.size(), 1);
    llvm::append_range(ranked, s);
    v = imp.createReshape(v, ranked);
  }
  return imp.setOutput(0, tosa::SelectOp::create(imp.getBuilder(), imp.getLoc(),
                                                 getType(in[1]).clone(*out),
                                                 in[0], in[1], in[2]));
}

static LogicalResult importSize(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  if (failed(entry))
    return failure();
  return imp.setOutputInts(0, {(*entry)->type.getNumElements()}, {});
}

/// Reads a scalar (one-element) integer input known at import time.
static FailureOr<int64_t> getScalarInt(ONNXImporter &imp, unsigned i,
                                       StringRef what) {
  FailureOr<SmallVector<int64_t>> v = imp.getConstantInts(i, what);
  if (failed(v))
    return failure();
  if (v->size() != 1)
    return imp.nodeError() << what << " must be a scalar";
  return v->front();
}

static LogicalResult importRange(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  if (failed(entry))
    return failure();
  Type et = (*entry)->type.getElementType();
  static const char *names[] = {"start", "limit", "delta"};
  if (isa<IntegerType>(et)) {
    int64_t v[3];
    for (unsigned i = 0; i < 3; ++i) {
      FailureOr<int64_t> s = getScalarInt(imp, i, names[i]);
      if (failed(s))
        return failure();
      v[i] = *s;
    }
    if (v[2] == 0)
      return imp.nodeError() << "delta must be nonzero";
    SmallVector<int64_t> ints;
    for (int64_t x = v[0]; v[2] > 0 ? x < v[1] : x > v[1]; x += v[2]) {
      if (ints.size() >= size_t(kMaxFoldedElements))
        return imp.nodeError() << "the range has more than "
                               << kMaxFoldedElements << " elements";
      ints.push_back(x);
    }
    return imp.setOutputInts(0, ints, {int64_t(ints.size())}, et);
  }
  auto ft = dyn_cast<FloatType>(et);
  if (!ft)
    return imp.nodeError() << "unsupported element type " << et;
  double v[3];
  for (unsigned i = 0; i < 3; ++i) {
    std::optional<SmallVector<double>> s = imp.getConstantFloats(i);
    if (!s)
      return imp.nodeError()
             << names[i] << " (input '" << imp.getNode().input(i)
             << "') must be a constant known at import time";
    if (s->size() != 1)
      return imp.nodeError() << names[i] << " must be a scalar";
    v[i] = s->front();
  }
  if (v[2] == 0)
    return imp.nodeError() << "delta must be nonzero";
  double count = std::ceil((v[1] - v[0]) / v[2]);
  if (!(count >= 1))
    return imp.nodeError() << "the range is empty (zero-size tensors are "
                              "not supported)";
  if (count > kMaxFoldedElements)
    return imp.nodeError() << "the range has more than " << kMaxFoldedElements
                           << " elements";
  SmallVector<APFloat> values;
  for (int64_t i = 0; i < int64_t(count); ++i) {
    APFloat f(v[0] + double(i) * v[2]);
    bool lost;
    f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(f);
  }
  auto type = RankedTensorType::get({int64_t(count)}, ft);
  return imp.setOutputConstant(
      0, cast<ElementsAttr>(DenseElementsAttr::get(type, values)));
}

static LogicalResult importExpand(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  FailureOr<SmallVector<int64_t>> target = imp.getConstantInts(1, "shape");
  if (failed(entry) || failed(target))
    return failure();
  RankedTensorType t = (*entry)->type;
  SmallVector<int64_t> in(t.getShape());
  std::optional<SmallVector<int64_t>> out = broadcastShapes({in, *target});
  if (!out)
    return imp.nodeError() << "shape mismatch: cannot expand " << shapeStr(in)
                           << " to " << shapeStr(*target);
  if (llvm::any_of(*out, [](int64_t d) { return d < 0; }))
    return imp.nodeError() << "invalid shape " << shapeStr(*target);
  if (const SmallVector<int64_t> *ints = knownInts(*entry)) {
    if (product(*out) <= kMaxFoldedElements) {
      SmallVector<int64_t> result;
      for (int64_t k = 0, n = product(*out); k < n; ++k)
        result.push_back((*ints)[broadcastIndex(*out, in, k)]);
      return imp.setOutputInts(0, result, *out, t.getElementType());
    }
  }
  if (product(*out) == 0)
    return imp.nodeError() << "the result " << shapeStr(*out)
                           << " is empty (zero-size tensors are not supported)";
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> ranked(out->size() - in.size(), 1);
  llvm::append_range(ranked, in);
  Value y = imp.createReshape(*x, ranked);
  SmallVector<int64_t> multiples;
  for (auto [o, i] : llvm::zip(*out, ranked))
    multiples.push_back(i == o ? 1 : o);
  if (llvm::any_of(multiples, [](int64_t m) { return m != 1; }))
    y = tosa::TileOp::create(imp.getBuilder(), imp.getLoc(), t.clone(*out), y,
                             imp.createConstShape(multiples));
  return imp.setOutput(0, y);
}

static LogicalResult importSlice(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  if (failed(entry))
    return failure();
  SmallVector<int64_t> starts, ends, axes, steps;
  auto read = [&](unsigned i, StringRef name,
                  SmallVector<int64_t> &out) -> LogicalResult {
    FailureOr<SmallVector<int64_t>> v = imp.getOpset() < 10
                                            ? imp.getIntsAttr(name)
                                            : imp.getConstantInts(i, name);
    if (failed(v))
      return failure();
    out = *v;
    return success();
  };
  if (failed(read(1, "starts", starts)) || failed(read(2, "ends", ends)))
    return failure();
  if ((imp.getOpset() < 10 || imp.hasInput(3)) && failed(read(3, "axes", axes)))
    return failure();
  if (imp.getOpset() >= 10 && imp.hasInput(4) &&
      failed(read(4, "steps", steps)))
    return failure();
  RankedTensorType t = (*entry)->type;
  int64_t rank = t.getRank();
  if (rank < 1)
    return imp.nodeError() << "data must have rank 1 or more";
  if (starts.size() != ends.size() ||
      (!axes.empty() && axes.size() != starts.size()) ||
      (!steps.empty() && steps.size() != starts.size()))
    return imp.nodeError() << "starts, ends, axes and steps must have the "
                              "same length";
  if (axes.empty())
    for (size_t k = 0; k < starts.size(); ++k)
      axes.push_back(k);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  SmallVector<int64_t> begin(rank, 0), step(rank, 1), size(t.getShape());
  SmallVector<bool> seen(rank, false);
  for (size_t k = 0; k < starts.size(); ++k) {
    FailureOr<int64_t> axis = normalizeAxis(imp, axes[k], rank);
    if (failed(axis))
      return failure();
    if (seen[*axis])
      return imp.nodeError() << "axis " << *axis << " is repeated";
    seen[*axis] = true;
    int64_t dim = t.getDimSize(*axis), st = steps[k];
    if (st == 0)
      return imp.nodeError() << "steps must be nonzero";
    int64_t s = starts[k], e = ends[k];
    if (s < 0)
      s += dim;
    if (e < 0)
      e += dim;
    int64_t n;
    if (st > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      n = e > s ? (e - s - 1) / st + 1 : 0;
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
      n = s > e ? (s - e - 1) / -st + 1 : 0;
    }
    begin[*axis] = s;
    step[*axis] = st;
    size[*axis] = n;
  }
  if (const SmallVector<int64_t> *ints = knownInts(*entry)) {
    SmallVector<int64_t> result;
    for (int64_t k = 0, n = product(size); k < n; ++k) {
      int64_t flat = k, index = 0, stride = 1;
      for (int64_t d = rank - 1; d >= 0; --d) {
        int64_t coord = flat % size[d];
        flat /= size[d];
        index += (begin[d] + coord * step[d]) * stride;
        stride *= t.getDimSize(d);
      }
      result.push_back((*ints)[index]);
    }
    return imp.setOutputInts(0, result, size, t.getElementType());
  }
  if (product(size) == 0)
    return imp.nodeError() << "the result " << shapeStr(size)
                           << " is empty (zero-size tensors are not supported)";
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  OpBuilder &builder = imp.getBuilder();
  Location loc = imp.getLoc();
  if (llvm::all_of(step, [](int64_t s) { return s == 1; })) {
    if (rank == 4 && imp.hasNHWC(*x)) {
      // Slice the NHWC twin (ShuffleNet's channel split).
      auto nhwc = [](ArrayRef<int64_t> v) {
        return SmallVector<int64_t>{v[0], v[2], v[3], v[1]};
      };
      return imp.setOutput(0, imp.fromNHWC(imp.createSlice(
                                  imp.getNHWC(*x), nhwc(begin), nhwc(size))));
    }
    return imp.setOutput(0, imp.createSlice(*x, begin, size));
  }
  // Strided slices, one axis at a time: a negative step reverses the axis;
  // step s > 1 takes n * s elements (padded at the end when the input is
  // shorter), reshapes the axis to [n, s] and keeps column 0.
  Value y = *x;
  for (int64_t d = 0; d < rank; ++d) {
    if (step[d] == 1)
      continue;
    RankedTensorType yt = getType(y);
    int64_t dim = yt.getDimSize(d), st = step[d], b = begin[d], n = size[d];
    if (st < 0) {
      y = tosa::ReverseOp::create(builder, loc, yt, y,
                                  builder.getI32IntegerAttr(d));
      b = dim - 1 - b;
      st = -st;
    }
    SmallVector<int64_t> start(rank, 0), sz(yt.getShape());
    start[d] = b;
    sz[d] = std::min(n * st, dim - b);
    y = imp.createSlice(y, start, sz);
    if (sz[d] < n * st) {
      SmallVector<int64_t> padding(2 * rank, 0), padded(sz);
      padding[2 * d + 1] = n * st - sz[d];
      padded[d] = n * st;
      y = tosa::PadOp::create(builder, loc, yt.clone(padded), y,
                              imp.createConstShape(padding),
                              imp.createSplat({1}, yt.getElementType(), 0.0));
    }
    if (st > 1) {
      SmallVector<int64_t> split(yt.getShape().take_front(d));
      split.push_back(n);
      split.push_back(st);
      llvm::append_range(split, yt.getShape().drop_front(d + 1));
      y = imp.createReshape(y, split);
      SmallVector<int64_t> start2(rank + 1, 0), sz2(split);
      sz2[d + 1] = 1;
      y = imp.createSlice(y, start2, sz2);
      SmallVector<int64_t> joined(yt.getShape());
      joined[d] = n;
      y = imp.createReshape(y, joined);
    }
    begin[d] = 0;
  }
  if (getType(y).getShape() != ArrayRef<int64_t>(size))
    y = imp.createSlice(y, begin, size);
  return imp.setOutput(0, y);
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

template <typename OpTy> static LogicalResult importBinary(ONNXImporter &imp) {
  if (std::optional<LogicalResult> folded = foldBinaryInts(imp))
    return *folded;
  FailureOr<Value> a = imp.getInput(0), b = imp.getInput(1);
  if (failed(a) || failed(b))
    return failure();
  OpBuilder &builder = imp.getBuilder();
  auto build = [&](Value lhs, Value rhs, RankedTensorType type) -> Value {
    if constexpr (std::is_same_v<OpTy, tosa::MulOp>)
      return tosa::MulOp::create(builder, imp.getLoc(), type, lhs, rhs,
                                 imp.createMulShift());
    else
      return OpTy::create(builder, imp.getLoc(), type, lhs, rhs);
  };
  if (getType(*a) == getType(*b) && imp.hasNHWC(*a) && imp.hasNHWC(*b)) {
    Value lhs = imp.getNHWC(*a), rhs = imp.getNHWC(*b);
    return imp.setOutput(0, imp.fromNHWC(build(lhs, rhs, getType(lhs))));
  }
  SmallVector<int64_t> shape;
  auto operands = broadcast(imp, *a, *b, shape);
  if (failed(operands))
    return failure();
  auto type = RankedTensorType::get(shape, getType(*a).getElementType());
  return imp.setOutput(0, build(operands->first, operands->second, type));
}

static LogicalResult importDiv(ONNXImporter &imp) {
  if (std::optional<LogicalResult> folded = foldBinaryInts(imp))
    return *folded;
  FailureOr<Value> a = imp.getInput(0), b = imp.getInput(1);
  if (failed(a) || failed(b))
    return failure();
  SmallVector<int64_t> shape;
  auto operands = broadcast(imp, *a, *b, shape);
  if (failed(operands))
    return failure();
  OpBuilder &builder = imp.getBuilder();
  Type elementType = getType(*a).getElementType();
  auto type = RankedTensorType::get(shape, elementType);
  if (elementType.isInteger(32))
    return imp.setOutput(0, tosa::IntDivOp::create(builder, imp.getLoc(), type,
                                                   operands->first,
                                                   operands->second));
  if (isa<IntegerType>(elementType))
    return imp.nodeError()
           << "integer division is supported for i32 tensors, and for "
              "integer tensors known at import time (shape arithmetic, "
              "folded); got "
           << elementType << " operands not known at import time";
  if (failed(requireFloat(imp, *a)))
    return failure();
  Value rhs = operands->second;
  Value recip =
      tosa::ReciprocalOp::create(builder, imp.getLoc(), getType(rhs), rhs);
  return imp.setOutput(0, tosa::MulOp::create(builder, imp.getLoc(), type,
                                              operands->first, recip,
                                              imp.createMulShift()));
}

static LogicalResult importRelu(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  Type et = getType(*x).getElementType();
  return setElementwiseOutput(imp, *x, [&](Value v) -> Value {
    return tosa::ClampOp::create(imp.getBuilder(), imp.getLoc(), getType(v), v,
                                 boundAttr(et, false, 0.0),
                                 boundAttr(et, true, std::nullopt));
  });
}

static LogicalResult importClip(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  Type et = getType(*x).getElementType();
  std::optional<double> lo, hi;
  if (imp.getOpset() < 11) {
    if (imp.findAttr("min")) {
      FailureOr<float> v = imp.getFloatAttr("min", 0);
      if (failed(v))
        return failure();
      lo = *v;
    }
    if (imp.findAttr("max")) {
      FailureOr<float> v = imp.getFloatAttr("max", 0);
      if (failed(v))
        return failure();
      hi = *v;
    }
  } else {
    for (unsigned i : {1u, 2u}) {
      if (!imp.hasInput(i))
        continue;
      std::optional<SmallVector<double>> v = imp.getConstantFloats(i);
      if (!v)
        return imp.nodeError() << (i == 1 ? "min" : "max") << " (input '"
                               << imp.getNode().input(i)
                               << "') must be a constant known at import time";
      if (v->size() != 1)
        return imp.nodeError()
               << (i == 1 ? "min" : "max") << " must be a scalar";
      (i == 1 ? lo : hi) = v->front();
    }
  }
  return setElementwiseOutput(imp, *x, [&](Value v) -> Value {
    return tosa::ClampOp::create(imp.getBuilder(), imp.getLoc(), getType(v), v,
                                 boundAttr(et, false, lo),
                                 boundAttr(et, true, hi));
  });
}

template <typename OpTy> static LogicalResult importUnary(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x) || failed(requireFloat(imp, *x)))
    return failure();
  return setElementwiseOutput(imp, *x, [&](Value v) -> Value {
    return OpTy::create(imp.getBuilder(), imp.getLoc(), getType(v), v);
  });
}

static LogicalResult importLeakyRelu(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  FailureOr<float> alpha = imp.getFloatAttr("alpha", 0.01f);
  if (failed(x) || failed(alpha) || failed(requireFloat(imp, *x)))
    return failure();
  if (*alpha > 1.0f)
    return imp.nodeError() << "unsupported attribute value alpha = " << *alpha
                           << " (must be at most 1)";
  return setElementwiseOutput(imp, *x, [&](Value v) -> Value {
    RankedTensorType type = getType(v);
    SmallVector<int64_t> ones(type.getRank(), 1);
    Value a = imp.createSplat(ones, type.getElementType(), *alpha);
    OpBuilder &builder = imp.getBuilder();
    Value m = tosa::MulOp::create(builder, imp.getLoc(), type, v, a,
                                  imp.createMulShift());
    return tosa::MaximumOp::create(builder, imp.getLoc(), type, v, m);
  });
}

static LogicalResult importSoftmax(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x) || failed(requireFloat(imp, *x)))
    return failure();
  RankedTensorType type = getType(*x);
  int64_t rank = type.getRank();
  FailureOr<int64_t> axisAttr =
      imp.getIntAttr("axis", imp.getOpset() < 13 ? 1 : -1);
  if (failed(axisAttr))
    return failure();
  FailureOr<int64_t> axis =
      normalizeAxis(imp, *axisAttr, std::max<int64_t>(rank, 1));
  if (failed(axis))
    return failure();
  Value in = *x;
  int64_t reduceAxis = *axis;
  if (imp.getOpset() < 13) {
    // Coerce to 2-D [prod(dims < axis), prod(dims >= axis)].
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < rank; ++d)
      (d < *axis ? outer : inner) *= type.getDimSize(d);
    in = imp.createReshape(in, {outer, inner});
    reduceAxis = 1;
  }
  OpBuilder &builder = imp.getBuilder();
  Location loc = imp.getLoc();
  RankedTensorType inType = getType(in);
  SmallVector<int64_t> reducedShape(inType.getShape());
  reducedShape[reduceAxis] = 1;
  auto reducedType = inType.clone(reducedShape);
  auto axisI32 = builder.getI32IntegerAttr(reduceAxis);
  Value max = tosa::ReduceMaxOp::create(builder, loc, reducedType, in, axisI32);
  Value shifted = tosa::SubOp::create(builder, loc, inType, in, max);
  Value exp = tosa::ExpOp::create(builder, loc, inType, shifted);
  Value sum =
      tosa::ReduceSumOp::create(builder, loc, reducedType, exp, axisI32);
  Value recip = tosa::ReciprocalOp::create(builder, loc, reducedType, sum);
  Value y = tosa::MulOp::create(builder, loc, inType, exp, recip,
                                imp.createMulShift());
  return imp.setOutput(0, imp.createReshape(y, type.getShape()));
}

/// A splat of `value` with `v`'s element type and rank (all dims 1).
static Value splatLike(ONNXImporter &imp, Value v, double value) {
  SmallVector<int64_t> ones(getType(v).getRank(), 1);
  return imp.createSplat(ones, getType(v).getElementType(), value);
}

static Value createMul(ONNXImporter &imp, Value a, Value b) {
  return tosa::MulOp::create(imp.getBuilder(), imp.getLoc(), getType(a), a, b,
                             imp.createMulShift());
}

/// clamp(alpha * v + beta, 0, 1).
static Value createHardSigmoid(ONNXImporter &imp, Value v, double alpha,
                               double beta) {
  OpBuilder &builder = imp.getBuilder();
  Location loc = imp.getLoc();
  RankedTensorType type = getType(v);
  Type et = type.getElementType();
  Value y = createMul(imp, v, splatLike(imp, v, alpha));
  y = tosa::AddOp::create(builder, loc, type, y, splatLike(imp, v, beta));
  return tosa::ClampOp::create(builder, loc, type, y, boundAttr(et, false, 0.0),
                               boundAttr(et, true, 1.0));
}

static LogicalResult importHardSigmoid(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  FailureOr<float> alpha = imp.getFloatAttr("alpha", 0.2f);
  FailureOr<float> beta = imp.getFloatAttr("beta", 0.5f);
  if (failed(x) || failed(alpha) || failed(beta) ||
      failed(requireFloat(imp, *x)))
    return failure();
  return setElementwiseOutput(imp, *x, [&](Value v) {
    return createHardSigmoid(imp, v, *alpha, *beta);
  });
}

static LogicalResult importHardSwish(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x) || failed(requireFloat(imp, *x)))
    return failure();
  return setElementwiseOutput(imp, *x, [&](Value v) {
    return createMul(imp, v, createHardSigmoid(imp, v, 1.0 / 6.0, 0.5));
  });
}

/// sqrt(x) as 1 / rsqrt(x): TOSA has no sqrt. Both lower to LLVM's sqrt and
/// a division (within 2 ulp); sqrt(0) = 1 / inf = 0, negative x gives NaN.
static Value createSqrt(ONNXImporter &imp, Value v) {
  OpBuilder &builder = imp.getBuilder();
  Value r = tosa::RsqrtOp::create(builder, imp.getLoc(), getType(v), v);
  return tosa::ReciprocalOp::create(builder, imp.getLoc(), getType(v), r);
}

static LogicalResult importSqrt(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x) || failed(requireFloat(imp, *x)))
    return failure();
  return setElementwiseOutput(imp, *x,
                              [&](Value v) { return createSqrt(imp, v); });
}

static LogicalResult importNeg(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x) || failed(requireFloat(imp, *x)))
    return failure();
  return setElementwiseOutput(imp, *x, [&](Value v) -> Value {
    Type et = getType(v).getElementType();
    return tosa::NegateOp::create(imp.getBuilder(), imp.getLoc(), getType(v), v,
                                  imp.createZeroPoint(et),
                                  imp.createZeroPoint(et));
  });
}

/// softplus(x) = log(1 + exp(x)), computed as max(x, 0) + log(1 + exp(-|x|))
/// so that exp cannot overflow. TOSA has no log1p: for |x| > ~17 the second
/// term rounds to 0, an absolute error below 1e-7.
static LogicalResult importSoftplus(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x) || failed(requireFloat(imp, *x)))
    return failure();
  return setElementwiseOutput(imp, *x, [&](Value v) -> Value {
    OpBuilder &builder = imp.getBuilder();
    Location loc = imp.getLoc();
    RankedTensorType type = getType(v);
    Value abs = tosa::AbsOp::create(builder, loc, type, v);
    Value neg =
        tosa::SubOp::create(builder, loc, type, splatLike(imp, v, 0.0), abs);
    Value e = tosa::ExpOp::create(builder, loc, type, neg);
    Value sum =
        tosa::AddOp::create(builder, loc, type, e, splatLike(imp, v, 1.0));
    Value log = tosa::LogOp::create(builder, loc, type, sum);
    Value relu =
        tosa::MaximumOp::create(builder, loc, type, v, splatLike(imp, v, 0.0));
    return tosa::AddOp::create(builder, loc, type, relu, log);
  });
}

static LogicalResult importPow(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  FailureOr<ONNXValue *> yEntry = imp.getInputEntry(1);
  if (failed(x) || failed(yEntry) || failed(requireFloat(imp, *x)))
    return failure();
  RankedTensorType xt = getType(*x), yt = (*yEntry)->type;
  Type et = xt.getElementType();
  std::optional<SmallVector<double>> exponent = imp.getConstantFloats(1);
  if (exponent && exponent->size() == 1 && yt.getRank() <= xt.getRank()) {
    // A scalar constant exponent (LayerNorm's x^2): common powers as
    // multiplications and square roots, the rest as tosa.pow.
    double p = exponent->front();
    return setElementwiseOutput(imp, *x, [&](Value v) -> Value {
      OpBuilder &builder = imp.getBuilder();
      RankedTensorType type = getType(v);
      if (p == 1.0)
        return v;
      if (p == 2.0)
        return createMul(imp, v, v);
      if (p == 3.0)
        return createMul(imp, createMul(imp, v, v), v);
      if (p == 0.5)
        return createSqrt(imp, v);
      if (p == -0.5)
        return tosa::RsqrtOp::create(builder, imp.getLoc(), type, v);
      if (p == -1.0)
        return tosa::ReciprocalOp::create(builder, imp.getLoc(), type, v);
      // TOSA leaves pow undefined for x < 0; it lowers to math.powf, which
      // is C's powf (defined for integral exponents).
      return tosa::PowOp::create(builder, imp.getLoc(), type, v,
                                 splatLike(imp, v, p));
    });
  }
  FailureOr<Value> y = imp.getInput(1);
  if (failed(y))
    return failure();
  Value yv = *y;
  Type yet = getType(yv).getElementType();
  if (yet != et) {
    if (!isa<IntegerType, FloatType>(yet))
      return imp.nodeError() << "unsupported exponent element type " << yet;
    yv = tosa::CastOp::create(imp.getBuilder(), imp.getLoc(),
                              getType(yv).clone(et), yv);
  }
  SmallVector<int64_t> shape;
  auto operands = broadcast(imp, *x, yv, shape);
  if (failed(operands))
    return failure();
  return imp.setOutput(0, tosa::PowOp::create(imp.getBuilder(), imp.getLoc(),
                                              xt.clone(shape), operands->first,
                                              operands->second));
}

/// Max and Min of one or more inputs, with broadcasting.
template <typename OpTy>
static LogicalResult importVariadic(ONNXImporter &imp) {
  if (imp.getNumInputs() == 2)
    if (std::optional<LogicalResult> folded = foldBinaryInts(imp))
      return *folded;
  if (imp.getNumInputs() < 1)
    return imp.nodeError() << "needs at least one input";
  FailureOr<Value> first = imp.getInput(0);
  if (failed(first))
    return failure();
  Value y = *first;
  for (unsigned i = 1; i < imp.getNumInputs(); ++i) {
    FailureOr<Value> v = imp.getInput(i);
    if (failed(v))
      return failure();
    SmallVector<int64_t> shape;
    auto operands = broadcast(imp, y, *v, shape);
    if (failed(operands))
      return failure();
    y = OpTy::create(imp.getBuilder(), imp.getLoc(), getType(y).clone(shape),
                     operands->first, operands->second);
  }
  return imp.setOutput(0, y);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

namespace {
enum class ReduceKind { Sum, Mean, Max, Min, Prod, SumSquare };
} // namespace

/// ReduceSum/Mean/Max/Min/Prod/SumSquare: one TOSA reduction per reduced
/// axis (they keep the axis with size 1), the mean as a product with
/// 1 / count, and a reshape when keepdims = 0. Axes are an attribute before
/// opset 18, an input from opset 13 for ReduceSum.
template <ReduceKind kind>
static LogicalResult importReduce(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  FailureOr<int64_t> keepDims = imp.getIntAttr("keepdims", 1);
  FailureOr<int64_t> noop = imp.getIntAttr("noop_with_empty_axes", 0);
  if (failed(entry) || failed(keepDims) || failed(noop))
    return failure();
  bool axesInput =
      imp.getOpset() >= 18 || (kind == ReduceKind::Sum && imp.getOpset() >= 13);
  SmallVector<int64_t> axes;
  if (axesInput) {
    if (imp.findAttr("axes"))
      return imp.nodeError() << "attribute 'axes' is not allowed at opset "
                             << imp.getOpset() << " (axes is an input)";
    if (imp.hasInput(1)) {
      FailureOr<SmallVector<int64_t>> a = imp.getConstantInts(1, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  } else {
    FailureOr<SmallVector<int64_t>> a = imp.getIntsAttr("axes");
    if (failed(a))
      return failure();
    axes = *a;
  }
  if (axes.empty() && *noop)
    return imp.forwardInput(0, 0);
  RankedTensorType t = (*entry)->type;
  int64_t rank = t.getRank();
  SmallVector<bool> reduce(rank, axes.empty());
  for (int64_t a : axes) {
    FailureOr<int64_t> axis = normalizeAxis(imp, a, rank);
    if (failed(axis))
      return failure();
    if (reduce[*axis])
      return imp.nodeError() << "axis " << *axis << " is repeated";
    reduce[*axis] = true;
  }
  SmallVector<int64_t> keptShape(t.getShape()), outShape;
  for (int64_t d = 0; d < rank; ++d) {
    if (reduce[d])
      keptShape[d] = 1;
    if (!reduce[d] || *keepDims)
      outShape.push_back(keptShape[d]);
  }
  Type et = t.getElementType();
  if (const SmallVector<int64_t> *ints = knownInts(*entry);
      ints && kind != ReduceKind::Mean && product(keptShape) > 0) {
    // Integer shape arithmetic (e.g. a product of dimensions).
    SmallVector<int64_t> result(product(keptShape));
    SmallVector<bool> set(result.size(), false);
    for (int64_t k = 0, n = t.getNumElements(); k < n; ++k) {
      int64_t flat = k, index = 0, stride = 1;
      for (int64_t d = rank - 1; d >= 0; --d) {
        int64_t coord = flat % t.getDimSize(d);
        flat /= t.getDimSize(d);
        index += (reduce[d] ? 0 : coord) * stride;
        stride *= keptShape[d];
      }
      int64_t v = (*ints)[k], &r = result[index];
      if (kind == ReduceKind::SumSquare)
        v = int64_t(uint64_t(v) * uint64_t(v));
      if (!set[index])
        r = v;
      else if (kind == ReduceKind::Sum || kind == ReduceKind::SumSquare)
        r = int64_t(uint64_t(r) + uint64_t(v));
      else if (kind == ReduceKind::Prod)
        r = int64_t(uint64_t(r) * uint64_t(v));
      else if (kind == ReduceKind::Max)
        r = std::max(r, v);
      else
        r = std::min(r, v);
      set[index] = true;
    }
    for (int64_t &r : result)
      r = wrapInt(et, r);
    return imp.setOutputInts(0, result, outShape, et);
  }
  if (t.getNumElements() == 0)
    return imp.nodeError() << "zero-size tensors are not supported";
  if (kind == ReduceKind::Mean || kind == ReduceKind::SumSquare) {
    if (!isa<FloatType>(et))
      return imp.nodeError() << "unsupported element type " << et
                             << " (only floating point is supported)";
  } else if (!isa<FloatType>(et) && !et.isInteger(32)) {
    return imp.nodeError() << "unsupported element type " << et
                           << " (only floating point and i32 are supported)";
  }
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  OpBuilder &builder = imp.getBuilder();
  Location loc = imp.getLoc();
  // Reduce an NHWC twin in place (MNASNet's mean over H and W).
  bool nhwc = rank == 4 && imp.hasNHWC(*x);
  const int64_t nhwcPos[] = {0, 3, 1, 2};
  Value y = nhwc ? imp.getNHWC(*x) : *x;
  if (rank == 0)
    y = imp.createReshape(y, {1});
  if (kind == ReduceKind::SumSquare)
    y = createMul(imp, y, y);
  int64_t count = 1;
  for (int64_t d = 0; d < std::max<int64_t>(rank, 1); ++d) {
    if (rank > 0 && !reduce[d])
      continue;
    int64_t pos = nhwc ? nhwcPos[d] : d;
    SmallVector<int64_t> shape(getType(y).getShape());
    count *= shape[pos];
    shape[pos] = 1;
    auto type = getType(y).clone(shape);
    auto axis = builder.getI32IntegerAttr(pos);
    switch (kind) {
    case ReduceKind::Sum:
    case ReduceKind::Mean:
    case ReduceKind::SumSquare:
      y = tosa::ReduceSumOp::create(builder, loc, type, y, axis);
      break;
    case ReduceKind::Max:
      y = tosa::ReduceMaxOp::create(builder, loc, type, y, axis);
      break;
    case ReduceKind::Min:
      y = tosa::ReduceMinOp::create(builder, loc, type, y, axis);
      break;
    case ReduceKind::Prod:
      y = tosa::ReduceProductOp::create(builder, loc, type, y, axis);
      break;
    }
  }
  if (kind == ReduceKind::Mean && count != 1)
    y = createMul(imp, y, splatLike(imp, y, 1.0 / count));
  if (nhwc)
    y = imp.fromNHWC(y);
  if (getType(y).getShape() != ArrayRef<int64_t>(outShape))
    y = imp.createReshape(y, outShape);
  return imp.setOutput(0, y);
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

namespace {
/// A 2-D window (kernel, strides, dilations, pads) in TOSA terms.
struct Window {
  SmallVector<int64_t, 2> kernel, stride, dilation, output;
  /// Per spatial dim: pad at the beginning and at the end.
  SmallVector<int64_t, 2> padBegin, padEnd;
  /// Rows/columns to drop at the end of the input (floor mode remainders
  /// that the end padding cannot absorb).
  SmallVector<int64_t, 2> crop;
  /// The ONNX pads before ceil/floor adjustment (for count_include_pad).
  SmallVector<int64_t, 2> onnxPadBegin, onnxPadEnd;

  SmallVector<int64_t, 4> tosaPad() const {
    return {padBegin[0], padEnd[0], padBegin[1], padEnd[1]};
  }
};
} // namespace

/// Reads strides, dilations, pads, auto_pad (and ceil_mode when `allowCeil`)
/// for a 2-D window over `in` (H, W), and makes the TOSA output size exact.
static FailureOr<Window> computeWindow(ONNXImporter &imp, ArrayRef<int64_t> in,
                                       ArrayRef<int64_t> kernel,
                                       bool allowCeil) {
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  FailureOr<SmallVector<int64_t>> strides = imp.getIntsAttr("strides");
  FailureOr<SmallVector<int64_t>> dilations = imp.getIntsAttr("dilations");
  FailureOr<SmallVector<int64_t>> pads = imp.getIntsAttr("pads");
  FailureOr<std::string> autoPad = imp.getStringAttr("auto_pad", "NOTSET");
  FailureOr<int64_t> ceilMode = imp.getIntAttr("ceil_mode", 0);
  if (failed(strides) || failed(dilations) || failed(pads) || failed(autoPad) ||
      failed(ceilMode))
    return failure();
  if (strides->empty())
    strides->assign(2, 1);
  if (dilations->empty())
    dilations->assign(2, 1);
  if (pads->empty())
    pads->assign(4, 0);
  if (strides->size() != 2 || dilations->size() != 2 || pads->size() != 4) {
    imp.nodeError() << "strides, dilations and pads must describe 2 spatial "
                       "dimensions";
    return failure();
  }
  if (*ceilMode && !allowCeil) {
    imp.nodeError() << "unsupported attribute value ceil_mode = " << *ceilMode;
    return failure();
  }
  for (int64_t d = 0; d < 2; ++d) {
    if ((*strides)[d] < 1 || (*dilations)[d] < 1 || (*pads)[d] < 0 ||
        (*pads)[d + 2] < 0 || kernel[d] < 1) {
      imp.nodeError() << "kernel, strides and dilations must be positive and "
                         "pads non-negative";
      return failure();
    }
  }
  w.stride.assign(strides->begin(), strides->end());
  w.dilation.assign(dilations->begin(), dilations->end());
  for (int64_t d = 0; d < 2; ++d) {
    int64_t eff = (kernel[d] - 1) * w.dilation[d] + 1;
    int64_t pb = (*pads)[d], pe = (*pads)[d + 2];
    if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
      int64_t out = (in[d] + w.stride[d] - 1) / w.stride[d];
      int64_t total =
          std::max<int64_t>(0, (out - 1) * w.stride[d] + eff - in[d]);
      pb = *autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      pe = total - pb;
    } else if (*autoPad == "VALID") {
      pb = pe = 0;
    } else if (*autoPad != "NOTSET") {
      imp.nodeError() << "unsupported attribute value auto_pad = '" << *autoPad
                      << "'";
      return failure();
    }
    w.onnxPadBegin.push_back(pb);
    w.onnxPadEnd.push_back(pe);
    int64_t span = in[d] + pb + pe - eff;
    if (span < 0) {
      imp.nodeError() << "shape mismatch: the kernel (" << eff
                      << ") is larger than the padded input ("
                      << in[d] + pb + pe << ")";
      return failure();
    }
    int64_t out, crop = 0;
    if (*ceilMode) {
      out = (span + w.stride[d] - 1) / w.stride[d] + 1;
      pe = (out - 1) * w.stride[d] + eff - in[d] - pb;
    } else {
      out = span / w.stride[d] + 1;
      pe -= span % w.stride[d];
      if (pe < 0) {
        crop = -pe;
        pe = 0;
      }
    }
    w.output.push_back(out);
    w.padBegin.push_back(pb);
    w.padEnd.push_back(pe);
    w.crop.push_back(crop);
  }
  return w;
}

/// NCHW -> NHWC, dropping `crop` trailing rows/columns.
static Value toNHWC(ONNXImporter &imp, Value x, const Window &w) {
  Value t = imp.getNHWC(x);
  if (!w.crop[0] && !w.crop[1])
    return t;
  ArrayRef<int64_t> shape = getType(t).getShape();
  return imp.createSlice(
      t, {0, 0, 0, 0},
      {shape[0], shape[1] - w.crop[0], shape[2] - w.crop[1], shape[3]});
}

static LogicalResult importConv(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  FailureOr<ONNXValue *> wEntry = imp.getInputEntry(1);
  if (failed(x) || failed(wEntry) || failed(requireFloat(imp, *x)))
    return failure();
  RankedTensorType xt = getType(*x), wt = (*wEntry)->type;
  if (xt.getRank() != 4 || wt.getRank() != 4)
    return imp.nodeError() << "only 2-D convolution (4-D input and weight) is "
                              "supported, got input rank "
                           << xt.getRank() << " and weight rank "
                           << wt.getRank();
  if (wt.getElementType() != xt.getElementType())
    return imp.nodeError() << "element type mismatch between input and weight";
  int64_t n = xt.getDimSize(0), c = xt.getDimSize(1);
  int64_t m = wt.getDimSize(0), cg = wt.getDimSize(1);
  int64_t kh = wt.getDimSize(2), kw = wt.getDimSize(3);
  FailureOr<int64_t> group = imp.getIntAttr("group", 1);
  FailureOr<SmallVector<int64_t>> kernelShape = imp.getIntsAttr("kernel_shape");
  if (failed(group) || failed(kernelShape))
    return failure();
  if (*group < 1 || c != cg * *group || m % *group != 0)
    return imp.nodeError() << "shape mismatch: input has " << c
                           << " channels, weight " << shapeStr(wt.getShape())
                           << " with group " << *group;
  if (!kernelShape->empty() &&
      ArrayRef<int64_t>(*kernelShape) != ArrayRef<int64_t>{kh, kw})
    return imp.nodeError() << "shape mismatch: kernel_shape "
                           << shapeStr(*kernelShape) << " but weight is "
                           << shapeStr(wt.getShape());
  FailureOr<Window> w =
      computeWindow(imp, {xt.getDimSize(2), xt.getDimSize(3)}, {kh, kw}, false);
  if (failed(w))
    return failure();

  OpBuilder &builder = imp.getBuilder();
  Location loc = imp.getLoc();
  Type et = xt.getElementType();
  Value bias;
  if (imp.hasInput(2)) {
    FailureOr<Value> b = imp.getInput(2);
    if (failed(b))
      return failure();
    if (getType(*b).getShape() != ArrayRef<int64_t>{m})
      return imp.nodeError()
             << "shape mismatch: bias " << shapeStr(getType(*b).getShape())
             << " for " << m << " output channels";
    bias = *b;
  } else {
    bias = imp.createSplat({m}, et, 0.0);
  }
  Value input = toNHWC(imp, *x, *w);
  auto accType = TypeAttr::get(builder.getF32Type());
  auto outType = RankedTensorType::get({n, w->output[0], w->output[1], m}, et);
  Value y;
  if (*group == 1) {
    FailureOr<Value> weight = imp.getTransposedInput(1, {0, 2, 3, 1});
    if (failed(weight))
      return failure();
    y = tosa::Conv2DOp::create(
        builder, loc, outType, input, *weight, bias, imp.createZeroPoint(et),
        imp.createZeroPoint(et), builder.getDenseI64ArrayAttr(w->tosaPad()),
        builder.getDenseI64ArrayAttr(w->stride),
        builder.getDenseI64ArrayAttr(w->dilation), accType);
  } else if (*group == c && cg == 1) {
    // Depthwise: [C*M', 1, KH, KW] -> [C, M', KH, KW] -> [KH, KW, C, M'].
    int64_t mult = m / c;
    FailureOr<Value> weight =
        imp.getTransposedInput(1, {2, 3, 0, 1}, {c, mult, kh, kw});
    if (failed(weight))
      return failure();
    y = tosa::DepthwiseConv2DOp::create(
        builder, loc, outType, input, *weight, bias, imp.createZeroPoint(et),
        imp.createZeroPoint(et), builder.getDenseI64ArrayAttr(w->tosaPad()),
        builder.getDenseI64ArrayAttr(w->stride),
        builder.getDenseI64ArrayAttr(w->dilation), accType);
  } else {
    // Grouped: one conv2d per group on its channel slice, concatenated.
    FailureOr<Value> weight = imp.getTransposedInput(1, {0, 2, 3, 1});
    if (failed(weight))
      return failure();
    int64_t mg = m / *group;
    ArrayRef<int64_t> in = getType(input).getShape();
    auto partType =
        RankedTensorType::get({n, w->output[0], w->output[1], mg}, et);
    SmallVector<Value> parts;
    for (int64_t g = 0; g < *group; ++g) {
      Value xs =
          imp.createSlice(input, {0, 0, 0, g * cg}, {in[0], in[1], in[2], cg});
      Value ws = imp.createSlice(*weight, {g * mg, 0, 0, 0}, {mg, kh, kw, cg});
      Value bs = imp.createSlice(bias, {g * mg}, {mg});
      parts.push_back(tosa::Conv2DOp::create(
          builder, loc, partType, xs, ws, bs, imp.createZeroPoint(et),
          imp.createZeroPoint(et), builder.getDenseI64ArrayAttr(w->tosaPad()),
          builder.getDenseI64ArrayAttr(w->stride),
          builder.getDenseI64ArrayAttr(w->dilation), accType));
    }
    y = tosa::ConcatOp::create(builder, loc, outType, parts,
                               builder.getI32IntegerAttr(3));
  }
  return imp.setOutput(0, imp.fromNHWC(y));
}

template <bool isMax> static LogicalResult importPool(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x) || failed(requireFloat(imp, *x)))
    return failure();
  RankedTensorType xt = getType(*x);
  if (xt.getRank() != 4)
    return imp.nodeError() << "only 2-D pooling (4-D input) is supported, got "
                              "rank "
                           << xt.getRank();
  if (imp.hasOutput(1))
    return imp.nodeError() << "the Indices output is not supported";
  FailureOr<SmallVector<int64_t>> kernel = imp.getIntsAttr("kernel_shape");
  FailureOr<int64_t> storageOrder = imp.getIntAttr("storage_order", 0);
  FailureOr<int64_t> countIncludePad = imp.getIntAttr("count_include_pad", 0);
  if (failed(kernel) || failed(storageOrder) || failed(countIncludePad))
    return failure();
  if (kernel->size() != 2)
    return imp.nodeError() << "kernel_shape must have 2 values";
  FailureOr<Window> w =
      computeWindow(imp, {xt.getDimSize(2), xt.getDimSize(3)}, *kernel, true);
  if (failed(w))
    return failure();
  if (w->dilation[0] != 1 || w->dilation[1] != 1)
    return imp.nodeError() << "unsupported attribute value dilations = "
                           << shapeStr(w->dilation);
  OpBuilder &builder = imp.getBuilder();
  Location loc = imp.getLoc();
  Type et = xt.getElementType();
  Value input = toNHWC(imp, *x, *w);
  SmallVector<int64_t, 4> pad = w->tosaPad();
  if (!isMax && *countIncludePad &&
      llvm::any_of(pad, [](int64_t p) { return p != 0; })) {
    // Padding counts in the average: pad with zeros explicitly. Only the
    // ONNX pads count; the ceil_mode extension stays implicit.
    RankedTensorType it = getType(input);
    int64_t pt = w->onnxPadBegin[0], pl = w->onnxPadBegin[1];
    int64_t pbm = std::min(w->onnxPadEnd[0], pad[1]);
    int64_t prm = std::min(w->onnxPadEnd[1], pad[3]);
    SmallVector<int64_t> padded = {
        it.getDimSize(0), it.getDimSize(1) + pt + pbm,
        it.getDimSize(2) + pl + prm, it.getDimSize(3)};
    input = tosa::PadOp::create(
        builder, loc, it.clone(padded), input,
        imp.createConstShape({0, 0, pt, pbm, pl, prm, 0, 0}),
        imp.createSplat({1}, et, 0.0));
    pad = {0, pad[1] - pbm, 0, pad[3] - prm};
  }
  auto outType = RankedTensorType::get(
      {xt.getDimSize(0), w->output[0], w->output[1], xt.getDimSize(1)}, et);
  Value y;
  if constexpr (isMax)
    y = tosa::MaxPool2dOp::create(builder, loc, outType, input,
                                  builder.getDenseI64ArrayAttr(*kernel),
                                  builder.getDenseI64ArrayAttr(w->stride),
                                  builder.getDenseI64ArrayAttr(pad));
  else
    y = tosa::AvgPool2dOp::create(
        builder, loc, outType, input, imp.createZeroPoint(et),
        imp.createZeroPoint(et), builder.getDenseI64ArrayAttr(*kernel),
        builder.getDenseI64ArrayAttr(w->stride),
        builder.getDenseI64ArrayAttr(pad), TypeAttr::get(builder.getF32Type()));
  return imp.setOutput(0, imp.fromNHWC(y));
}

template <bool isMax> static LogicalResult importGlobalPool(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x) || failed(requireFloat(imp, *x)))
    return failure();
  RankedTensorType xt = getType(*x);
  if (xt.getRank() < 3)
    return imp.nodeError() << "input must have rank 3 or more";
  OpBuilder &builder = imp.getBuilder();
  Location loc = imp.getLoc();
  // Spatial axes: 2.. in NCHW, 1 and 2 in an NHWC twin.
  bool nhwc = imp.hasNHWC(*x);
  Value y = nhwc ? imp.getNHWC(*x) : *x;
  SmallVector<int64_t> shape(getType(y).getShape());
  int64_t count = 1;
  int64_t first = nhwc ? 1 : 2, last = nhwc ? 3 : xt.getRank();
  for (int64_t d = first; d < last; ++d) {
    count *= shape[d];
    shape[d] = 1;
    auto type = getType(y).clone(shape);
    auto axis = builder.getI32IntegerAttr(d);
    if constexpr (isMax)
      y = tosa::ReduceMaxOp::create(builder, loc, type, y, axis);
    else
      y = tosa::ReduceSumOp::create(builder, loc, type, y, axis);
  }
  if (!isMax) {
    SmallVector<int64_t> ones(xt.getRank(), 1);
    Value scale = imp.createSplat(ones, xt.getElementType(), 1.0 / count);
    y = tosa::MulOp::create(builder, loc, getType(y), y, scale,
                            imp.createMulShift());
  }
  return imp.setOutput(0, nhwc ? imp.fromNHWC(y) : y);
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

/// tosa.matmul of [B, M, K] x [B, K, N].
static Value createMatMul(ONNXImporter &imp, Value a, Value b) {
  RankedTensorType ta = getType(a), tb = getType(b);
  auto type = RankedTensorType::get(
      {ta.getDimSize(0), ta.getDimSize(1), tb.getDimSize(2)},
      ta.getElementType());
  Type et = ta.getElementType();
  return tosa::MatMulOp::create(imp.getBuilder(), imp.getLoc(), type, a, b,
                                imp.createZeroPoint(et),
                                imp.createZeroPoint(et));
}

static LogicalResult importGemm(ONNXImporter &imp) {
  FailureOr<ONNXValue *> aEntry = imp.getInputEntry(0);
  FailureOr<ONNXValue *> bEntry = imp.getInputEntry(1);
  FailureOr<int64_t> transA = imp.getIntAttr("transA", 0);
  FailureOr<int64_t> transB = imp.getIntAttr("transB", 0);
  FailureOr<float> alpha = imp.getFloatAttr("alpha", 1.0f);
  FailureOr<float> beta = imp.getFloatAttr("beta", 1.0f);
  if (failed(aEntry) || failed(bEntry) || failed(transA) || failed(transB) ||
      failed(alpha) || failed(beta))
    return failure();
  RankedTensorType ta = (*aEntry)->type, tb = (*bEntry)->type;
  if (ta.getRank() != 2 || tb.getRank() != 2)
    return imp.nodeError() << "A and B must be 2-D, got ranks " << ta.getRank()
                           << " and " << tb.getRank();
  if (ta.getElementType() != tb.getElementType() ||
      !isa<FloatType>(ta.getElementType()))
    return imp.nodeError() << "A and B must have the same floating-point "
                              "element type";
  int64_t m = ta.getDimSize(*transA ? 1 : 0),
          k = ta.getDimSize(*transA ? 0 : 1);
  int64_t kb = tb.getDimSize(*transB ? 1 : 0),
          n = tb.getDimSize(*transB ? 0 : 1);
  if (k != kb)
    return imp.nodeError() << "shape mismatch: A is " << shapeStr(ta.getShape())
                           << (*transA ? " (transposed)" : "") << ", B is "
                           << shapeStr(tb.getShape())
                           << (*transB ? " (transposed)" : "");
  FailureOr<Value> a =
      *transA ? imp.getTransposedInput(0, {1, 0}) : imp.getInput(0);
  FailureOr<Value> b =
      *transB ? imp.getTransposedInput(1, {1, 0}) : imp.getInput(1);
  if (failed(a) || failed(b))
    return failure();
  OpBuilder &builder = imp.getBuilder();
  Location loc = imp.getLoc();
  Type et = ta.getElementType();
  Value y = createMatMul(imp, imp.createReshape(*a, {1, m, k}),
                         imp.createReshape(*b, {1, k, n}));
  y = imp.createReshape(y, {m, n});
  auto type = RankedTensorType::get({m, n}, et);
  if (*alpha != 1.0f)
    y = tosa::MulOp::create(builder, loc, type, y,
                            imp.createSplat({1, 1}, et, *alpha),
                            imp.createMulShift());
  if (imp.hasInput(2) && *beta != 0.0f) {
    FailureOr<Value> c = imp.getInput(2);
    if (failed(c))
      return failure();
    Value cv = *c;
    if (*beta != 1.0f) {
      SmallVector<int64_t> ones(getType(cv).getRank(), 1);
      cv = tosa::MulOp::create(builder, loc, getType(cv), cv,
                               imp.createSplat(ones, et, *beta),
                               imp.createMulShift());
    }
    SmallVector<int64_t> shape;
    auto operands = broadcast(imp, y, cv, shape);
    if (failed(operands))
      return failure();
    if (ArrayRef<int64_t>(shape) != ArrayRef<int64_t>{m, n})
      return imp.nodeError()
             << "shape mismatch: C " << shapeStr(getType(cv).getShape())
             << " does not broadcast to " << shapeStr({m, n});
    y = tosa::AddOp::create(builder, loc, type, operands->first,
                            operands->second);
  }
  return imp.setOutput(0, y);
}

static LogicalResult importMatMul(ONNXImporter &imp) {
  FailureOr<Value> a = imp.getInput(0), b = imp.getInput(1);
  if (failed(a) || failed(b) || failed(requireFloat(imp, *a)))
    return failure();
  RankedTensorType ta = getType(*a), tb = getType(*b);
  if (ta.getElementType() != tb.getElementType())
    return imp.nodeError() << "element type mismatch";
  if (ta.getRank() < 1 || tb.getRank() < 1)
    return imp.nodeError() << "operands must have rank 1 or more";
  SmallVector<int64_t> sa(ta.getShape()), sb(tb.getShape());
  bool vecA = sa.size() == 1, vecB = sb.size() == 1;
  if (vecA)
    sa.insert(sa.begin(), 1);
  if (vecB)
    sb.push_back(1);
  int64_t m = sa[sa.size() - 2], k = sa.back();
  int64_t kb = sb[sb.size() - 2], n = sb.back();
  if (k != kb)
    return imp.nodeError() << "shape mismatch: cannot multiply "
                           << shapeStr(ta.getShape()) << " by "
                           << shapeStr(tb.getShape());
  ArrayRef<int64_t> batchA = ArrayRef<int64_t>(sa).drop_back(2);
  ArrayRef<int64_t> batchB = ArrayRef<int64_t>(sb).drop_back(2);
  auto product = [](ArrayRef<int64_t> s) {
    int64_t p = 1;
    for (int64_t d : s)
      p *= d;
    return p;
  };
  SmallVector<int64_t> outShape;
  Value y;
  if (product(batchB) == 1) {
    // Fold A's batch into its rows.
    int64_t rows = product(batchA) * m;
    y = createMatMul(imp, imp.createReshape(*a, {1, rows, k}),
                     imp.createReshape(*b, {1, k, n}));
    outShape.assign(batchA.begin(), batchA.end());
    if (batchB.size() > batchA.size())
      outShape.insert(outShape.begin(), batchB.size() - batchA.size(), 1);
  } else {
    SmallVector<int64_t> bshape;
    // Equal batch dimensions only (after dropping leading ones).
    SmallVector<int64_t> ba(batchA), bb(batchB);
    while (ba.size() < bb.size())
      ba.insert(ba.begin(), 1);
    while (bb.size() < ba.size())
      bb.insert(bb.begin(), 1);
    if (ba != bb)
      return imp.nodeError()
             << "unsupported batch broadcasting: " << shapeStr(ta.getShape())
             << " by " << shapeStr(tb.getShape());
    int64_t batch = product(ba);
    y = createMatMul(imp, imp.createReshape(*a, {batch, m, k}),
                     imp.createReshape(*b, {batch, k, n}));
    outShape = ba;
  }
  if (!vecA)
    outShape.push_back(m);
  if (!vecB)
    outShape.push_back(n);
  return imp.setOutput(0, imp.createReshape(y, outShape));
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

static LogicalResult importBatchNorm(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  FailureOr<float> epsilon = imp.getFloatAttr("epsilon", 1e-5f);
  FailureOr<int64_t> training = imp.getIntAttr("training_mode", 0);
  if (failed(x) || failed(epsilon) || failed(training) ||
      failed(requireFloat(imp, *x)))
    return failure();
  if (*training)
    return imp.nodeError() << "unsupported attribute value training_mode = "
                           << *training << " (inference only)";
  for (unsigned i = 1; i < unsigned(imp.getNode().output_size()); ++i)
    if (imp.hasOutput(i))
      return imp.nodeError() << "training outputs (running mean/var) are "
                                "not supported";
  RankedTensorType xt = getType(*x);
  if (xt.getRank() < 2)
    return imp.nodeError() << "input must have rank 2 or more";
  int64_t c = xt.getDimSize(1);
  // Per-channel parameters broadcast along dim 1, or along the last dim of
  // an NHWC twin (same data either way: only the channel varies).
  bool nhwc = imp.hasNHWC(*x);
  Value input = nhwc ? imp.getNHWC(*x) : *x;
  SmallVector<int64_t> paramShape(xt.getRank(), 1);
  paramShape[nhwc ? 3 : 1] = c;
  Type et = xt.getElementType();
  OpBuilder &builder = imp.getBuilder();
  Location loc = imp.getLoc();
  auto paramType = RankedTensorType::get(paramShape, et);

  // Constant parameters: fold into one scale and one shift at import time.
  SmallVector<std::optional<SmallVector<double>>, 4> params;
  for (unsigned i = 1; i <= 4; ++i) {
    FailureOr<ONNXValue *> entry = imp.getInputEntry(i);
    if (failed(entry))
      return failure();
    if ((*entry)->type.getNumElements() != c)
      return imp.nodeError() << "shape mismatch: parameter #" << i << " has "
                             << (*entry)->type.getNumElements()
                             << " elements for " << c << " channels";
    params.push_back(imp.getConstantFloats(i));
  }
  Value scale, shift;
  if (et.isF32() &&
      llvm::all_of(params, [](auto &p) { return p.has_value(); })) {
    std::vector<float> s(c), t(c);
    for (int64_t i = 0; i < c; ++i) {
      double f = (*params[0])[i] / std::sqrt((*params[3])[i] + *epsilon);
      s[i] = float(f);
      t[i] = float((*params[1])[i] - (*params[2])[i] * f);
    }
    std::string name = imp.getNode().name().empty() ? imp.getNode().output(0)
                                                    : imp.getNode().name();
    auto bytes = [](const std::vector<float> &v) {
      return ArrayRef<char>(reinterpret_cast<const char *>(v.data()),
                            v.size() * sizeof(float));
    };
    scale = imp.createConst(
        imp.createBlobAttr(paramType, name + "_scale", bytes(s)));
    shift = imp.createConst(
        imp.createBlobAttr(paramType, name + "_shift", bytes(t)));
  } else {
    SmallVector<Value, 4> p;
    for (unsigned i = 1; i <= 4; ++i) {
      FailureOr<Value> v = imp.getInput(i);
      if (failed(v))
        return failure();
      if (getType(*v).getElementType() != et)
        return imp.nodeError() << "element type mismatch";
      p.push_back(imp.createReshape(*v, paramShape));
    }
    SmallVector<int64_t> ones(xt.getRank(), 1);
    Value eps = imp.createSplat(ones, et, *epsilon);
    Value var = tosa::AddOp::create(builder, loc, paramType, p[3], eps);
    Value rs = tosa::RsqrtOp::create(builder, loc, paramType, var);
    scale = tosa::MulOp::create(builder, loc, paramType, p[0], rs,
                                imp.createMulShift());
    Value ms = tosa::MulOp::create(builder, loc, paramType, p[2], scale,
                                   imp.createMulShift());
    shift = tosa::SubOp::create(builder, loc, paramType, p[1], ms);
  }
  RankedTensorType it = getType(input);
  Value y =
      tosa::MulOp::create(builder, loc, it, input, scale, imp.createMulShift());
  y = tosa::AddOp::create(builder, loc, it, y, shift);
  return imp.setOutput(0, nhwc ? imp.fromNHWC(y) : y);
}

//===----------------------------------------------------------------------===//
// Shapes and data movement
//===----------------------------------------------------------------------===//

static LogicalResult importIdentity(ONNXImporter &imp) {
  return imp.forwardInput(0, 0);
}

static LogicalResult importDropout(ONNXImporter &imp) {
  if (imp.hasOutput(1))
    return imp.nodeError() << "the mask output is not supported (inference "
                              "only)";
  if (imp.hasInput(2)) {
    std::optional<SmallVector<double>> mode = imp.getConstantFloats(2);
    if (!mode || mode->size() != 1 || mode->front() != 0)
      return imp.nodeError() << "training_mode must be a constant false";
  }
  FailureOr<int64_t> isTest = imp.getIntAttr("is_test", 1);
  if (failed(isTest))
    return failure();
  return imp.forwardInput(0, 0);
}

/// Reshapes input 0 to `shape`, folding known integer contents.
static LogicalResult reshapeTo(ONNXImporter &imp, ArrayRef<int64_t> shape) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  if (failed(entry))
    return failure();
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  if (count != (*entry)->type.getNumElements())
    return imp.nodeError() << "shape mismatch: cannot reshape "
                           << shapeStr((*entry)->type.getShape()) << " to "
                           << shapeStr(shape);
  if (const SmallVector<int64_t> *known = knownInts(*entry)) {
    SmallVector<int64_t> ints = *known;
    return imp.setOutputInts(0, ints, shape, (*entry)->type.getElementType());
  }
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  return imp.setOutput(0, imp.createReshape(*x, shape));
}

static LogicalResult importReshape(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  FailureOr<SmallVector<int64_t>> target = imp.getConstantInts(1, "shape");
  FailureOr<int64_t> allowZero = imp.getIntAttr("allowzero", 0);
  if (failed(entry) || failed(target) || failed(allowZero))
    return failure();
  ArrayRef<int64_t> in = (*entry)->type.getShape();
  SmallVector<int64_t> shape;
  int64_t inferred = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(*target)) {
    if (d == 0 && !*allowZero) {
      if (i >= in.size())
        return imp.nodeError() << "shape mismatch: shape entry " << i
                               << " copies a dimension the input lacks";
      d = in[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return imp.nodeError() << "shape has more than one -1";
      inferred = i;
    } else if (d < 0) {
      return imp.nodeError() << "invalid shape entry " << d;
    } else if (llvm::MulOverflow(known, d, known)) {
      return imp.nodeError()
             << "shape mismatch: cannot reshape " << shapeStr(in) << " to "
             << shapeStr(*target) << " (the element count overflows)";
    }
    shape.push_back(d);
  }
  if (inferred >= 0) {
    int64_t total = (*entry)->type.getNumElements();
    if (known == 0 || total % known != 0)
      return imp.nodeError() << "shape mismatch: cannot reshape "
                             << shapeStr(in) << " to " << shapeStr(*target);
    shape[inferred] = total / known;
  }
  return reshapeTo(imp, shape);
}

static LogicalResult importFlatten(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  FailureOr<int64_t> axisAttr = imp.getIntAttr("axis", 1);
  if (failed(entry) || failed(axisAttr))
    return failure();
  ArrayRef<int64_t> in = (*entry)->type.getShape();
  int64_t rank = in.size();
  if (*axisAttr < -rank || *axisAttr > rank)
    return imp.nodeError() << "axis " << *axisAttr
                           << " is out of range for rank " << rank;
  int64_t axis = *axisAttr < 0 ? *axisAttr + rank : *axisAttr;
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < axis ? outer : inner) *= in[d];
  return reshapeTo(imp, {outer, inner});
}

static FailureOr<SmallVector<int64_t>> getAxes(ONNXImporter &imp) {
  if (imp.getOpset() >= 13) {
    if (!imp.hasInput(1))
      return SmallVector<int64_t>();
    return imp.getConstantInts(1, "axes");
  }
  return imp.getIntsAttr("axes");
}

static LogicalResult importSqueeze(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  FailureOr<SmallVector<int64_t>> axes = getAxes(imp);
  if (failed(entry) || failed(axes))
    return failure();
  ArrayRef<int64_t> in = (*entry)->type.getShape();
  int64_t rank = in.size();
  SmallVector<bool> drop(rank, false);
  if (axes->empty()) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = in[d] == 1;
  }
  for (int64_t a : *axes) {
    FailureOr<int64_t> axis = normalizeAxis(imp, a, rank);
    if (failed(axis))
      return failure();
    if (in[*axis] != 1)
      return imp.nodeError() << "shape mismatch: cannot squeeze dimension "
                             << *axis << " of size " << in[*axis];
    drop[*axis] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      shape.push_back(in[d]);
  return reshapeTo(imp, shape);
}

static LogicalResult importUnsqueeze(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  FailureOr<SmallVector<int64_t>> axes = getAxes(imp);
  if (failed(entry) || failed(axes))
    return failure();
  ArrayRef<int64_t> in = (*entry)->type.getShape();
  int64_t rank = in.size() + axes->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t a : *axes) {
    FailureOr<int64_t> axis = normalizeAxis(imp, a, rank);
    if (failed(axis))
      return failure();
    if (inserted[*axis])
      return imp.nodeError() << "axis " << *axis << " is repeated";
    inserted[*axis] = true;
  }
  SmallVector<int64_t> shape;
  size_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(inserted[d] ? 1 : in[next++]);
  return reshapeTo(imp, shape);
}

static LogicalResult importTranspose(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  FailureOr<SmallVector<int64_t>> perm = imp.getIntsAttr("perm");
  if (failed(entry) || failed(perm))
    return failure();
  int64_t rank = (*entry)->type.getRank();
  if (perm->empty())
    for (int64_t d = rank - 1; d >= 0; --d)
      perm->push_back(d);
  SmallVector<bool> seen(rank, false);
  if (int64_t(perm->size()) != rank)
    return imp.nodeError() << "perm has " << perm->size()
                           << " entries for rank " << rank;
  for (int64_t p : *perm) {
    if (p < 0 || p >= rank || seen[p])
      return imp.nodeError()
             << "perm " << shapeStr(*perm) << " is not a permutation";
    seen[p] = true;
  }
  if (rank == 0)
    return imp.forwardInput(0, 0);
  FailureOr<Value> y = imp.getTransposedInput(0, *perm);
  if (failed(y))
    return failure();
  return imp.setOutput(0, *y);
}

static LogicalResult importConcat(ONNXImporter &imp) {
  FailureOr<int64_t> axisAttr = imp.getIntAttr("axis", INT64_MAX);
  if (failed(axisAttr))
    return failure();
  if (*axisAttr == INT64_MAX)
    return imp.nodeError() << "missing attribute 'axis'";
  SmallVector<ONNXValue *> entries;
  for (unsigned i = 0; i < imp.getNumInputs(); ++i) {
    FailureOr<ONNXValue *> e = imp.getInputEntry(i);
    if (failed(e))
      return failure();
    entries.push_back(*e);
  }
  if (entries.empty())
    return imp.nodeError() << "needs at least one input";
  RankedTensorType first = entries.front()->type;
  int64_t rank = first.getRank();
  FailureOr<int64_t> axis = normalizeAxis(imp, *axisAttr, rank);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  shape[*axis] = 0;
  bool allInts = true;
  for (ONNXValue *e : entries) {
    if (e->type.getRank() != rank ||
        e->type.getElementType() != first.getElementType())
      return imp.nodeError() << "shape mismatch: inputs differ in rank or "
                                "element type";
    for (int64_t d = 0; d < rank; ++d)
      if (d != *axis && e->type.getDimSize(d) != shape[d])
        return imp.nodeError()
               << "shape mismatch: " << shapeStr(first.getShape()) << " and "
               << shapeStr(e->type.getShape()) << " differ outside axis "
               << *axis;
    shape[*axis] += e->type.getDimSize(*axis);
    allInts &= knownInts(e) && rank == 1;
  }
  if (allInts) {
    SmallVector<int64_t> ints;
    for (ONNXValue *e : entries)
      llvm::append_range(ints, *e->ints);
    return imp.setOutputInts(0, ints, shape, first.getElementType());
  }
  SmallVector<Value> values;
  for (unsigned i = 0; i < entries.size(); ++i) {
    if (entries[i]->type.getDimSize(*axis) == 0)
      continue;
    FailureOr<Value> v = imp.getInput(i);
    if (failed(v))
      return failure();
    values.push_back(*v);
  }
  if (values.size() == 1)
    return imp.setOutput(0, values.front());
  if (rank == 4 && *axis == 1 &&
      llvm::all_of(values, [&](Value v) { return imp.hasNHWC(v); })) {
    // Channel concat of NHWC twins: concat on their last axis.
    SmallVector<Value> twins;
    for (Value v : values)
      twins.push_back(imp.getNHWC(v));
    SmallVector<int64_t> nhwcShape = {shape[0], shape[2], shape[3], shape[1]};
    Value y = tosa::ConcatOp::create(imp.getBuilder(), imp.getLoc(),
                                     first.clone(nhwcShape), twins,
                                     imp.getBuilder().getI32IntegerAttr(3));
    return imp.setOutput(0, imp.fromNHWC(y));
  }
  return imp.setOutput(
      0, tosa::ConcatOp::create(imp.getBuilder(), imp.getLoc(),
                                first.clone(shape), values,
                                imp.getBuilder().getI32IntegerAttr(*axis)));
}

static LogicalResult importShape(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  FailureOr<int64_t> start = imp.getIntAttr("start", 0);
  FailureOr<int64_t> end = imp.getIntAttr("end", INT64_MAX);
  if (failed(entry) || failed(start) || failed(end))
    return failure();
  ArrayRef<int64_t> shape = (*entry)->type.getShape();
  int64_t rank = shape.size();
  auto clampIndex = [&](int64_t i) {
    if (i < 0)
      i += rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  int64_t s = clampIndex(*start), e = clampIndex(*end);
  SmallVector<int64_t> dims;
  for (int64_t i = s; i < e; ++i)
    dims.push_back(shape[i]);
  return imp.setOutputInts(0, dims, {int64_t(dims.size())});
}

static LogicalResult importGather(ONNXImporter &imp) {
  FailureOr<ONNXValue *> data = imp.getInputEntry(0);
  FailureOr<SmallVector<int64_t>> indices = imp.getConstantInts(1, "indices");
  FailureOr<ONNXValue *> indicesEntry = imp.getInputEntry(1);
  FailureOr<int64_t> axisAttr = imp.getIntAttr("axis", 0);
  if (failed(data) || failed(indices) || failed(indicesEntry) ||
      failed(axisAttr))
    return failure();
  RankedTensorType dt = (*data)->type;
  int64_t rank = dt.getRank();
  if (rank < 1)
    return imp.nodeError() << "data must have rank 1 or more";
  FailureOr<int64_t> axis = normalizeAxis(imp, *axisAttr, rank);
  if (failed(axis))
    return failure();
  int64_t size = dt.getDimSize(*axis);
  for (int64_t &i : *indices) {
    if (i < -size || i >= size)
      return imp.nodeError()
             << "index " << i << " is out of range for size " << size;
    if (i < 0)
      i += size;
  }
  ArrayRef<int64_t> idxShape = (*indicesEntry)->type.getShape();
  SmallVector<int64_t> outShape(dt.getShape().take_front(*axis));
  llvm::append_range(outShape, idxShape);
  llvm::append_range(outShape, dt.getShape().drop_front(*axis + 1));
  if (const SmallVector<int64_t> *known = knownInts(*data)) {
    // Gather along `axis` of a known integer tensor (shape chains).
    int64_t inner = product(dt.getShape().drop_front(*axis + 1));
    int64_t outer = product(dt.getShape().take_front(*axis));
    SmallVector<int64_t> ints;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i : *indices)
        for (int64_t k = 0; k < inner; ++k)
          ints.push_back((*known)[(o * size + i) * inner + k]);
    return imp.setOutputInts(0, ints, outShape, dt.getElementType());
  }
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  SmallVector<Value> slices;
  for (int64_t i : *indices) {
    SmallVector<int64_t> start(rank, 0), sizes(dt.getShape());
    start[*axis] = i;
    sizes[*axis] = 1;
    slices.push_back(imp.createSlice(*x, start, sizes));
  }
  if (slices.empty())
    return imp.nodeError() << "empty indices are not supported";
  Value y = slices.front();
  if (slices.size() > 1) {
    SmallVector<int64_t> shape(dt.getShape());
    shape[*axis] = slices.size();
    y = tosa::ConcatOp::create(imp.getBuilder(), imp.getLoc(), dt.clone(shape),
                               slices,
                               imp.getBuilder().getI32IntegerAttr(*axis));
  }
  return imp.setOutput(0, imp.createReshape(y, outShape));
}

static LogicalResult importCast(ONNXImporter &imp) {
  FailureOr<ONNXValue *> entry = imp.getInputEntry(0);
  FailureOr<int64_t> to = imp.getIntAttr("to", 0);
  if (failed(entry) || failed(to))
    return failure();
  Type et = imp.convertElementType(*to);
  if (!et)
    return imp.nodeError() << "unsupported attribute value to = " << *to;
  if (const SmallVector<int64_t> *known = knownInts(*entry)) {
    // Known integers stay known: wrapped to an integer type, or a constant
    // of a float type.
    ArrayRef<int64_t> shape = (*entry)->type.getShape();
    if (isa<IntegerType>(et)) {
      SmallVector<int64_t> ints;
      for (int64_t v : *known)
        ints.push_back(wrapInt(et, v));
      return imp.setOutputInts(0, ints, shape, et);
    }
    if (auto ft = dyn_cast<FloatType>(et)) {
      SmallVector<APFloat> values;
      for (int64_t v : *known) {
        APFloat f(static_cast<double>(v));
        bool lost;
        f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
        values.push_back(f);
      }
      return imp.setOutputConstant(
          0, cast<ElementsAttr>(DenseElementsAttr::get(
                 RankedTensorType::get(shape, ft), values)));
    }
  }
  if ((*entry)->type.getElementType() == et)
    return imp.forwardInput(0, 0);
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  return imp.setOutput(0, tosa::CastOp::create(imp.getBuilder(), imp.getLoc(),
                                               getType(*x).clone(et), *x));
}

static LogicalResult importConstant(ONNXImporter &imp) {
  const onnx::NodeProto &node = imp.getNode();
  if (node.attribute_size() != 1)
    return imp.nodeError() << "expects exactly one value attribute";
  const onnx::AttributeProto &attr = node.attribute(0);
  OpBuilder &builder = imp.getBuilder();
  StringRef name = attr.name();
  if (name == "value") {
    if (attr.type() != onnx::AttributeProto::TENSOR)
      return imp.nodeError() << "attribute 'value' must be a tensor";
    FailureOr<ElementsAttr> value = imp.convertTensor(attr.t(), imp.getLoc());
    if (failed(value))
      return failure();
    return imp.setOutputConstant(0, *value);
  }
  if (name == "value_float" || name == "value_floats") {
    SmallVector<float> values;
    if (name == "value_float")
      values.push_back(attr.f());
    else
      values.assign(attr.floats().begin(), attr.floats().end());
    SmallVector<int64_t> shape;
    if (name == "value_floats")
      shape.push_back(values.size());
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    return imp.setOutputConstant(
        0, cast<ElementsAttr>(DenseElementsAttr::get(type, ArrayRef(values))));
  }
  if (name == "value_int" || name == "value_ints") {
    SmallVector<int64_t> values;
    if (name == "value_int")
      values.push_back(attr.i());
    else
      values.assign(attr.ints().begin(), attr.ints().end());
    SmallVector<int64_t> shape;
    if (name == "value_ints")
      shape.push_back(values.size());
    return imp.setOutputInts(0, values, shape);
  }
  return imp.nodeError() << "unsupported attribute '" << name << "'";
}

static LogicalResult importConstantOfShape(ONNXImporter &imp) {
  FailureOr<SmallVector<int64_t>> shape = imp.getConstantInts(0, "shape");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0)
      return imp.nodeError() << "invalid shape " << shapeStr(*shape);
  Type et = imp.getBuilder().getF32Type();
  Attribute scalar = FloatAttr::get(et, 0.0);
  if (const onnx::AttributeProto *attr = imp.findAttr("value")) {
    if (attr->type() != onnx::AttributeProto::TENSOR)
      return imp.nodeError() << "attribute 'value' must be a tensor";
    FailureOr<ElementsAttr> value = imp.convertTensor(attr->t(), imp.getLoc());
    if (failed(value))
      return failure();
    auto dense = dyn_cast<DenseElementsAttr>(*value);
    if (!dense || dense.getNumElements() != 1)
      return imp.nodeError() << "attribute 'value' must hold one element";
    scalar = dense.getSplatValue<Attribute>();
    et = dense.getElementType();
  }
  auto type = RankedTensorType::get(*shape, et);
  return imp.setOutputConstant(
      0, cast<ElementsAttr>(DenseElementsAttr::get(type, scalar)));
}

static LogicalResult importPad(ONNXImporter &imp) {
  FailureOr<Value> x = imp.getInput(0);
  FailureOr<std::string> mode = imp.getStringAttr("mode", "constant");
  if (failed(x) || failed(mode))
    return failure();
  if (*mode != "constant")
    return imp.nodeError() << "unsupported attribute value mode = '" << *mode
                           << "' (only constant)";
  RankedTensorType xt = getType(*x);
  int64_t rank = xt.getRank();
  SmallVector<int64_t> pads;
  double value = 0.0;
  if (imp.getOpset() < 11) {
    FailureOr<SmallVector<int64_t>> p = imp.getIntsAttr("pads");
    FailureOr<float> v = imp.getFloatAttr("value", 0.0f);
    if (failed(p) || failed(v))
      return failure();
    pads = *p;
    value = *v;
  } else {
    FailureOr<SmallVector<int64_t>> p = imp.getConstantInts(1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (imp.hasInput(2)) {
      std::optional<SmallVector<double>> v = imp.getConstantFloats(2);
      if (!v || v->size() != 1)
        return imp.nodeError() << "constant_value must be a constant scalar";
      value = v->front();
    }
    if (imp.hasInput(3))
      return imp.nodeError() << "the axes input is not supported";
  }
  if (int64_t(pads.size()) != 2 * rank)
    return imp.nodeError() << "pads has " << pads.size() << " entries for rank "
                           << rank;
  for (int64_t p : pads)
    if (p < 0)
      return imp.nodeError() << "unsupported negative pads " << shapeStr(pads);
  // An NHWC twin is padded in its own dimension order.
  bool nhwc = rank == 4 && imp.hasNHWC(*x);
  Value input = nhwc ? imp.getNHWC(*x) : *x;
  const int64_t nhwcOrder[] = {0, 2, 3, 1};
  SmallVector<int64_t> padding, shape;
  RankedTensorType it = getType(input);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t src = nhwc ? nhwcOrder[d] : d;
    padding.push_back(pads[src]);
    padding.push_back(pads[src + rank]);
    shape.push_back(it.getDimSize(d) + pads[src] + pads[src + rank]);
  }
  Value y =
      tosa::PadOp::create(imp.getBuilder(), imp.getLoc(), it.clone(shape),
                          input, imp.createConstShape(padding),
                          imp.createSplat({1}, xt.getElementType(), value));
  return imp.setOutput(0, nhwc ? imp.fromNHWC(y) : y);
}

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

ONNXOpHandler mlir::snn::onnx_import::lookupONNXOpHandler(StringRef domain,
                                                          StringRef opType) {
  // Keyed "<domain>::<op_type>"; "" is the default ONNX domain. A new domain
  // (e.g. the spiking nodes of ONNX-SNN) is one more entry per op.
  static const llvm::StringMap<ONNXOpHandler> handlers = {
      {"::Abs", importUnary<tosa::AbsOp>},
      {"::Add", importBinary<tosa::AddOp>},
      {"::AveragePool", importPool<false>},
      {"::BatchNormalization", importBatchNorm},
      {"::Cast", importCast},
      {"::Clip", importClip},
      {"::Concat", importConcat},
      {"::Constant", importConstant},
      {"::ConstantOfShape", importConstantOfShape},
      {"::Conv", importConv},
      {"::Ceil", importUnary<tosa::CeilOp>},
      {"::Div", importDiv},
      {"::Equal", importEqual},
      {"::Erf", importUnary<tosa::ErfOp>},
      {"::Exp", importUnary<tosa::ExpOp>},
      {"::Expand", importExpand},
      {"::Dropout", importDropout},
      {"::Flatten", importFlatten},
      {"::Floor", importUnary<tosa::FloorOp>},
      {"::Gather", importGather},
      {"::Gemm", importGemm},
      {"::GlobalAveragePool", importGlobalPool<false>},
      {"::GlobalMaxPool", importGlobalPool<true>},
      {"::HardSigmoid", importHardSigmoid},
      {"::HardSwish", importHardSwish},
      {"::Identity", importIdentity},
      {"::LeakyRelu", importLeakyRelu},
      {"::Log", importUnary<tosa::LogOp>},
      {"::MatMul", importMatMul},
      {"::Max", importVariadic<tosa::MaximumOp>},
      {"::MaxPool", importPool<true>},
      {"::Min", importVariadic<tosa::MinimumOp>},
      {"::Mod", importMod},
      {"::Mul", importBinary<tosa::MulOp>},
      {"::Neg", importNeg},
      {"::Not", importNot},
      {"::Pad", importPad},
      {"::Pow", importPow},
      {"::Range", importRange},
      {"::Reciprocal", importUnary<tosa::ReciprocalOp>},
      {"::ReduceMax", importReduce<ReduceKind::Max>},
      {"::ReduceMean", importReduce<ReduceKind::Mean>},
      {"::ReduceMin", importReduce<ReduceKind::Min>},
      {"::ReduceProd", importReduce<ReduceKind::Prod>},
      {"::ReduceSum", importReduce<ReduceKind::Sum>},
      {"::ReduceSumSquare", importReduce<ReduceKind::SumSquare>},
      {"::Relu", importRelu},
      {"::Reshape", importReshape},
      {"::Shape", importShape},
      {"::Sigmoid", importUnary<tosa::SigmoidOp>},
      {"::Size", importSize},
      {"::Slice", importSlice},
      {"::Softmax", importSoftmax},
      {"::Softplus", importSoftplus},
      {"::Sqrt", importSqrt},
      {"::Squeeze", importSqueeze},
      {"::Sub", importBinary<tosa::SubOp>},
      {"::Tanh", importUnary<tosa::TanhOp>},
      {"::Transpose", importTranspose},
      {"::Unsqueeze", importUnsqueeze},
      {"::Where", importWhere},
  };
  auto it = handlers.find((domain + "::" + opType).str());
  if (it != handlers.end())
    return it->second;
  // Domains served by one handler for all their op_types.
  static const llvm::StringMap<ONNXOpHandler> domainHandlers = {
      {"ai.onnx.snn", importSNNDomainNode},
  };
  auto domainIt = domainHandlers.find(domain);
  return domainIt == domainHandlers.end() ? nullptr : domainIt->second;
}
