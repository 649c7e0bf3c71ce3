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
// Elementwise
//===----------------------------------------------------------------------===//

template <typename OpTy> static LogicalResult importBinary(ONNXImporter &imp) {
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
  if ((*entry)->ints && !(*entry)->value &&
      (*entry)->type.getElementType().isInteger(64)) {
    SmallVector<int64_t> ints = *(*entry)->ints;
    return imp.setOutputInts(0, ints, shape);
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
    allInts &= e->ints.has_value() && !e->value && rank == 1 &&
               e->type.getElementType().isInteger(64);
  }
  if (allInts) {
    SmallVector<int64_t> ints;
    for (ONNXValue *e : entries)
      llvm::append_range(ints, *e->ints);
    return imp.setOutputInts(0, ints, shape);
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
  if ((*data)->ints && !(*data)->value && rank == 1 &&
      dt.getElementType().isInteger(64)) {
    SmallVector<int64_t> ints;
    for (int64_t i : *indices)
      ints.push_back((**data).ints->operator[](i));
    return imp.setOutputInts(0, ints, outShape);
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
  if ((*entry)->ints && !(*entry)->value && et.isInteger(64)) {
    SmallVector<int64_t> ints = *(*entry)->ints;
    return imp.setOutputInts(0, ints, (*entry)->type.getShape());
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
      {"::Add", importBinary<tosa::AddOp>},
      {"::AveragePool", importPool<false>},
      {"::BatchNormalization", importBatchNorm},
      {"::Cast", importCast},
      {"::Clip", importClip},
      {"::Concat", importConcat},
      {"::Constant", importConstant},
      {"::ConstantOfShape", importConstantOfShape},
      {"::Conv", importConv},
      {"::Div", importDiv},
      {"::Dropout", importDropout},
      {"::Flatten", importFlatten},
      {"::Gather", importGather},
      {"::Gemm", importGemm},
      {"::GlobalAveragePool", importGlobalPool<false>},
      {"::GlobalMaxPool", importGlobalPool<true>},
      {"::Identity", importIdentity},
      {"::LeakyRelu", importLeakyRelu},
      {"::MatMul", importMatMul},
      {"::MaxPool", importPool<true>},
      {"::Mul", importBinary<tosa::MulOp>},
      {"::Pad", importPad},
      {"::Relu", importRelu},
      {"::Reshape", importReshape},
      {"::Shape", importShape},
      {"::Sigmoid", importUnary<tosa::SigmoidOp>},
      {"::Softmax", importSoftmax},
      {"::Squeeze", importSqueeze},
      {"::Sub", importBinary<tosa::SubOp>},
      {"::Tanh", importUnary<tosa::TanhOp>},
      {"::Transpose", importTranspose},
      {"::Unsqueeze", importUnsqueeze},
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
