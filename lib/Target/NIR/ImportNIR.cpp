//===- ImportNIR.cpp - NIR file to a spiking network in MLIR ----*- C++ -*-===//
//
// Part of snn-mlir.
//
// `--import-nir`: a NIR graph becomes one func.func @nir whose arguments are
// the graph's Input nodes and whose results are its Output nodes, each with a
// batch axis of 1 in front of NIR's channel-first shape. Linear nodes become
// TOSA ops (convolutions and pools in NHWC between transposes), neurons
// become snn ops whose threshold is normalized to 1 and reset to 0 (gain and
// bias absorb r, v_leak, v_threshold, v_reset), with amplitude = dt so that a
// spike is 1.0 as in NIR. docs/NIR.md has the mapping and the
// discretization.
//
//===----------------------------------------------------------------------===//

#include "NIRFile.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "SNN/Target/NIR.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::nir;
using llvm::StringMap;

namespace {

/// A node of the flattened graph (subgraphs inlined).
struct FlatNode {
  std::string name;
  /// NIR type, or "Identity" for an inlined subgraph's Input/Output.
  std::string type;
  const Node *node = nullptr;
  SmallVector<unsigned> inputs;
  SmallVector<int64_t> shape;
  Value value;
  /// A Delay that closes a cycle: imported as an snn.feedback_delay read
  /// before its inputs are computed, and given them by an
  /// snn.feedback_input at the end of the function.
  bool feedback = false;
  /// Whether `shape` is known yet: a feedback delay's may only be known once
  /// its input's is.
  bool shapeKnown = false;
  /// The shape of the sum of the incoming edges (for a feedback delay's
  /// consumers, checked once that delay's shape is known).
  SmallVector<int64_t> inputShape;
  /// A one-step Delay inserted by --nir-implicit-delay (no NIR node).
  bool implicit = false;
};

class NIRImporter {
public:
  NIRImporter(MLIRContext *context, const NIRImportOptions &options)
      : context(context), builder(context), options(options) {}

  OwningOpRef<ModuleOp> run(const File &file);

private:
  // Graph preparation.
  LogicalResult flatten(const Graph &graph, StringRef prefix,
                        StringMap<unsigned> &index);
  LogicalResult connect(const Graph &graph, StringRef prefix,
                        StringMap<unsigned> &index);
  LogicalResult order();
  LogicalResult inferShape(FlatNode &n, bool &deferred);
  LogicalResult inferShapes();
  LogicalResult checkEdgeShapes();
  LogicalResult lower(FlatNode &n);
  FailureOr<int64_t> getDelaySteps(const FlatNode &n);
  LogicalResult lowerFeedbackDelay(FlatNode &n);
  LogicalResult lowerFeedbackInputs();

  // Diagnostics.
  InFlightDiagnostic nodeError(const FlatNode &n) {
    return emitError(getLoc(n))
           << "node '" << n.name << "' (" << n.type << "): ";
  }
  Location getLoc(const FlatNode &n) {
    return NameLoc::get(builder.getStringAttr(n.name));
  }

  // Parameters.
  FailureOr<const Array *> getParam(const FlatNode &n, StringRef name,
                                    bool required = true);
  FailureOr<SmallVector<double>> getNumbers(const FlatNode &n, StringRef name,
                                            int64_t count,
                                            std::optional<double> dflt = {});
  FailureOr<double> getUniform(const FlatNode &n, StringRef name,
                               std::optional<double> dflt = {});
  FailureOr<SmallVector<int64_t>> getPair(const FlatNode &n, StringRef name,
                                          std::optional<int64_t> dflt = {});

  // IR helpers (values are tensor<1 x shape>).
  RankedTensorType tensorType(ArrayRef<int64_t> shape) {
    SmallVector<int64_t> full{1};
    full.append(shape.begin(), shape.end());
    return RankedTensorType::get(full, builder.getF32Type());
  }
  Value constant(ArrayRef<int64_t> shape, ArrayRef<double> values,
                 StringRef name);
  Value splat(ArrayRef<int64_t> shape, double value);
  Value zeroPoint() { return splat({1}, 0.0); }
  Value mulShift();
  Value constShape(ArrayRef<int64_t> values);
  Value reshape(Value v, ArrayRef<int64_t> shape);
  Value transpose(Value v, ArrayRef<int32_t> perm);
  Value mulBy(Value v, ArrayRef<double> values, const FlatNode &n,
              StringRef what);
  Value addBy(Value v, ArrayRef<double> values, const FlatNode &n,
              StringRef what);
  double timeConstant(double tau) const;

  // Node lowerings.
  LogicalResult lowerAffine(FlatNode &n, Value x);
  LogicalResult lowerConv(FlatNode &n, Value x);
  LogicalResult lowerPool(FlatNode &n, Value x, bool average);
  LogicalResult lowerNeuron(FlatNode &n, Value x);
  FailureOr<Value> restoreFromMetadata(FlatNode &n, Value x);

  MLIRContext *context;
  OpBuilder builder;
  NIRImportOptions options;
  double dt = 0.001;
  NIRDiscretization discretization = NIRDiscretization::Exact;
  std::vector<FlatNode> nodes;
  std::vector<unsigned> topo;
  /// Scale nodes that carry the amplitude of a neuron rebuilt from metadata.
  llvm::DenseSet<unsigned> amplitudeScales;
};
} // namespace

//===----------------------------------------------------------------------===//
// Graph preparation
//===----------------------------------------------------------------------===//

/// Adds the nodes of `graph` (and, recursively, of its subgraphs) to `nodes`.
LogicalResult NIRImporter::flatten(const Graph &graph, StringRef prefix,
                                   StringMap<unsigned> &index) {
  for (const std::unique_ptr<Node> &node : graph.nodes) {
    std::string name = (prefix + node->name).str();
    if (node->subgraph) {
      if (failed(flatten(*node->subgraph, name + ".", index)))
        return failure();
      continue;
    }
    FlatNode n;
    n.name = name;
    n.type = node->type;
    n.node = node.get();
    bool inner = !prefix.empty();
    if (inner && (n.type == "Input" || n.type == "Output"))
      n.type = "Identity";
    if (!index.try_emplace(name, nodes.size()).second)
      return emitError(UnknownLoc::get(context))
             << "node '" << name << "' is defined twice";
    nodes.push_back(std::move(n));
  }
  return success();
}

/// The flattened node an edge endpoint names: a node, or a subgraph (its
/// only Input when `asDestination`, its only Output otherwise), or
/// `subgraph.port`.
static FailureOr<unsigned> resolveEndpoint(const Graph &graph, StringRef prefix,
                                           StringRef name, bool asDestination,
                                           StringMap<unsigned> &index,
                                           std::string &error) {
  std::string full = (prefix + name).str();
  auto it = index.find(full);
  if (it != index.end())
    return it->second;
  // A subgraph node: find its single Input or Output.
  if (Node *node = graph.lookup(name)) {
    if (node->subgraph) {
      StringRef want = asDestination ? "Input" : "Output";
      std::string found;
      int count = 0;
      for (const std::unique_ptr<Node> &inner : node->subgraph->nodes)
        if (inner->type == want) {
          found = full + "." + inner->name;
          ++count;
        }
      if (count == 1)
        return index.lookup(found);
      error = llvm::formatv("subgraph '{0}' has {1} {2} nodes; name one as "
                            "'{0}.<node>' in the edge",
                            full, count, want)
                  .str();
      return failure();
    }
  }
  error = "no node named '" + full + "'";
  return failure();
}

LogicalResult NIRImporter::connect(const Graph &graph, StringRef prefix,
                                   StringMap<unsigned> &index) {
  for (const auto &[from, to] : graph.edges) {
    std::string error;
    FailureOr<unsigned> src =
        resolveEndpoint(graph, prefix, from, false, index, error);
    if (failed(src))
      return emitError(UnknownLoc::get(context))
             << "edge '" << prefix << from << "' -> '" << prefix << to
             << "': " << error;
    FailureOr<unsigned> dst =
        resolveEndpoint(graph, prefix, to, true, index, error);
    if (failed(dst))
      return emitError(UnknownLoc::get(context))
             << "edge '" << prefix << from << "' -> '" << prefix << to
             << "': " << error;
    if (nodes[*src].type == "Output" || nodes[*dst].type == "Input")
      return emitError(UnknownLoc::get(context))
             << "edge '" << nodes[*src].name << "' -> '" << nodes[*dst].name
             << "': edges leave Input nodes and enter Output nodes";
    nodes[*dst].inputs.push_back(*src);
  }
  for (const std::unique_ptr<Node> &node : graph.nodes)
    if (node->subgraph &&
        failed(
            connect(*node->subgraph, (prefix + node->name + ".").str(), index)))
      return failure();
  return success();
}

/// Whether NIR node type `type` is a neuron (a node with state).
static bool isNeuronType(StringRef type) {
  return type == "LIF" || type == "IF" || type == "LI" || type == "CubaLIF" ||
         type == "CubaLI";
}

/// Topological order. A cycle through a Delay node is a recurrent
/// connection: that Delay becomes a feedback delay, whose inputs are not
/// needed before it (it outputs its past inputs), and the order is tried
/// again. A cycle without a Delay is an error that names its nodes.
LogicalResult NIRImporter::order() {
  enum Mark { None, Active, Done };
  // Each round either orders the graph, fails, or turns one more Delay into
  // a feedback delay: at most one round per Delay, plus one.
  while (true) {
    std::vector<Mark> mark(nodes.size(), None);
    std::vector<unsigned> stack;
    std::optional<unsigned> newFeedback;
    std::optional<std::pair<unsigned, unsigned>> implicitEdge;
    topo.clear();
    std::function<LogicalResult(unsigned)> visit =
        [&](unsigned i) -> LogicalResult {
      if (mark[i] == Done)
        return success();
      if (mark[i] == Active) {
        // The stack walks against the edges: print the cycle along them.
        auto begin = llvm::find(stack, i);
        SmallVector<unsigned> cycle(begin, stack.end());
        std::reverse(cycle.begin(), cycle.end());
        std::string path = "'" + nodes[i].name + "'";
        for (unsigned k : ArrayRef<unsigned>(cycle).drop_back())
          path += " -> '" + nodes[k].name + "'";
        path += " -> '" + nodes[i].name + "'";
        for (unsigned k : cycle)
          if (nodes[k].type == "Delay") {
            newFeedback = k;
            return failure();
          }
        if (options.implicitDelay) {
          // The cycle as edges cycle[j] -> cycle[j + 1] (closing back to
          // cycle[0]): prefer an edge that leaves a neuron (its spikes of
          // the previous step come back), else the closing edge.
          size_t count = cycle.size(), pick = count - 1;
          for (size_t j = 0; j < count; ++j)
            if (isNeuronType(nodes[cycle[j]].type)) {
              pick = j;
              break;
            }
          implicitEdge = {cycle[pick], cycle[(pick + 1) % count]};
          return failure();
        }
        return emitError(getLoc(nodes[i]))
               << "cycle without a delay: " << path
               << " (a cycle needs a Delay node to be computable; "
                  "--nir-implicit-delay gives it one step, as snnTorch and "
                  "Norse simulate it)";
      }
      mark[i] = Active;
      stack.push_back(i);
      // A feedback delay's output does not depend on its inputs this step.
      if (!nodes[i].feedback)
        for (unsigned in : nodes[i].inputs)
          if (failed(visit(in)))
            return failure();
      stack.pop_back();
      mark[i] = Done;
      topo.push_back(i);
      return success();
    };
    bool ok = true;
    for (unsigned i = 0; i < nodes.size() && ok; ++i)
      ok = succeeded(visit(i));
    if (ok)
      return success();
    if (implicitEdge) {
      // src -> dst becomes src -> (one-step delay) -> dst.
      auto [src, dst] = *implicitEdge;
      FlatNode delay;
      delay.name = nodes[src].name + "->" + nodes[dst].name + ".delay";
      delay.type = "Delay";
      delay.inputs = {src};
      delay.feedback = delay.implicit = true;
      unsigned index = nodes.size();
      for (unsigned &in : nodes[dst].inputs)
        if (in == src)
          in = index;
      nodes.push_back(std::move(delay));
      continue;
    }
    if (!newFeedback)
      return failure();
    nodes[*newFeedback].feedback = true;
  }
}

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

FailureOr<const Array *> NIRImporter::getParam(const FlatNode &n,
                                               StringRef name, bool required) {
  auto it = n.node->params.find(name.str());
  if (it == n.node->params.end()) {
    if (required)
      return nodeError(n) << "missing parameter '" << name << "'", failure();
    return static_cast<const Array *>(nullptr);
  }
  const Array &a = it->second;
  if (a.isString())
    return nodeError(n) << "parameter '" << name << "' must be numeric",
           failure();
  for (double v : a.numbers)
    if (!std::isfinite(v))
      return nodeError(n) << "parameter '" << name << "' has a "
                          << (std::isnan(v) ? "NaN" : "infinite") << " value",
             failure();
  return &a;
}

/// `count` values of parameter `name` (a scalar or a one-element array is
/// broadcast).
FailureOr<SmallVector<double>>
NIRImporter::getNumbers(const FlatNode &n, StringRef name, int64_t count,
                        std::optional<double> dflt) {
  FailureOr<const Array *> a = getParam(n, name, !dflt.has_value());
  if (failed(a))
    return failure();
  if (!*a)
    return SmallVector<double>(count, *dflt);
  const Array &arr = **a;
  if (arr.size() == 1)
    return SmallVector<double>(count, arr.numbers.front());
  if (arr.size() != count)
    return nodeError(n) << "parameter '" << name << "' has " << arr.size()
                        << " values, the node has " << count << " neurons",
           failure();
  return SmallVector<double>(arr.numbers.begin(), arr.numbers.end());
}

FailureOr<double> NIRImporter::getUniform(const FlatNode &n, StringRef name,
                                          std::optional<double> dflt) {
  FailureOr<const Array *> a = getParam(n, name, !dflt.has_value());
  if (failed(a))
    return failure();
  if (!*a)
    return *dflt;
  const Array &arr = **a;
  if (arr.numbers.empty())
    return nodeError(n) << "parameter '" << name << "' is empty", failure();
  for (double v : arr.numbers)
    if (v != arr.numbers.front())
      return nodeError(n) << "parameter '" << name
                          << "' must be the same for every element",
             failure();
  return arr.numbers.front();
}

/// A pair (height, width) given as a scalar or two values.
FailureOr<SmallVector<int64_t>>
NIRImporter::getPair(const FlatNode &n, StringRef name,
                     std::optional<int64_t> dflt) {
  FailureOr<const Array *> a = getParam(n, name, !dflt.has_value());
  if (failed(a))
    return failure();
  if (!*a)
    return SmallVector<int64_t>{*dflt, *dflt};
  const Array &arr = **a;
  SmallVector<int64_t> out;
  for (double v : arr.numbers) {
    if (v != std::floor(v) || std::fabs(v) > 1e9)
      return nodeError(n) << "parameter '" << name << "' must be integral",
             failure();
    out.push_back(static_cast<int64_t>(v));
  }
  if (out.size() == 1)
    out.push_back(out.front());
  if (out.size() != 2)
    return nodeError(n) << "parameter '" << name
                        << "' must have 1 or 2 values, got " << out.size(),
           failure();
  return out;
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

/// A number as a user writes it (`%g`).
static std::string fmt(double value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format("%g", value);
  return text;
}

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "(";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? ", " : "") + std::to_string(d);
  return s + ")";
}

static int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// The output size of a convolution or pooling window along one axis.
static int64_t windowOutput(int64_t in, int64_t pad, int64_t kernel,
                            int64_t stride, int64_t dilation) {
  return (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
}

LogicalResult NIRImporter::inferShape(FlatNode &n, bool &deferred) {
  deferred = false;
  const std::string &t = n.type;
  SmallVector<int64_t> in;
  if (n.feedback) {
    // Its inputs come later in the order. NIR's own rule (Delay's input
    // type is the shape of its `delay` parameter) gives the shape when the
    // parameter is not a scalar; else it is its input's, once known.
    if (!n.implicit) {
      FailureOr<const Array *> delay = getParam(n, "delay");
      if (failed(delay))
        return failure();
      if (!(*delay)->shape.empty()) {
        n.shape.assign((*delay)->shape.begin(), (*delay)->shape.end());
        return success();
      }
    }
    for (unsigned i : n.inputs)
      if (nodes[i].shapeKnown) {
        n.shape = nodes[i].shape;
        return success();
      }
    deferred = true;
    return success();
  }
  // The shape of the sum of the inputs whose shape is known (a feedback
  // delay's may not be yet; checkEdgeShapes checks every edge at the end).
  std::optional<unsigned> first;
  for (unsigned i : n.inputs)
    if (nodes[i].shapeKnown) {
      first = i;
      break;
    }
  if (!n.inputs.empty() && !first) {
    deferred = true;
    return success();
  }
  if (first) {
    in = nodes[*first].shape;
    n.inputShape = in;
    for (unsigned i : n.inputs)
      if (nodes[i].shapeKnown && nodes[i].shape != in)
        return emitError(getLoc(n))
               << "shape mismatch on the edges into node '" << n.name << "': '"
               << nodes[*first].name << "' gives " << shapeStr(in) << ", '"
               << nodes[i].name << "' gives " << shapeStr(nodes[i].shape);
  } else if (t != "Input") {
    return nodeError(n) << "has no incoming edge";
  }
  auto expectInput = [&](ArrayRef<int64_t> want) -> LogicalResult {
    if (ArrayRef<int64_t>(in) == want)
      return success();
    return emitError(getLoc(n))
           << "shape mismatch on the edge '" << nodes[*first].name << "' -> '"
           << n.name << "': " << shapeStr(in) << " into a " << t
           << " node that takes " << shapeStr(want);
  };
  auto shapeParam = [&](StringRef name) -> FailureOr<SmallVector<int64_t>> {
    FailureOr<const Array *> a = getParam(n, name);
    if (failed(a))
      return failure();
    SmallVector<int64_t> shape;
    for (double v : (*a)->numbers) {
      if (v < 1 || v != std::floor(v) || v > 1e9)
        return nodeError(n) << "'" << name << "' must hold positive integers",
               failure();
      shape.push_back(static_cast<int64_t>(v));
    }
    if (shape.empty() || shape.size() > 6)
      return nodeError(n) << "'" << name << "' must have 1 to 6 dimensions",
             failure();
    return shape;
  };
  if (t == "Input") {
    FailureOr<SmallVector<int64_t>> s = shapeParam("shape");
    if (failed(s))
      return failure();
    n.shape = *s;
    return success();
  }
  if (t == "Output") {
    FailureOr<SmallVector<int64_t>> s = shapeParam("shape");
    if (failed(s) || failed(expectInput(*s)))
      return failure();
    n.shape = *s;
    return success();
  }
  if (t == "Identity" || t == "Delay" || t == "Threshold") {
    n.shape = in;
    return success();
  }
  if (t == "Affine" || t == "Linear") {
    FailureOr<const Array *> w = getParam(n, "weight");
    if (failed(w))
      return failure();
    if ((*w)->shape.size() != 2)
      return nodeError(n) << "weight must be 2-D (out, in), got "
                          << shapeStr((*w)->shape),
             failure();
    if (failed(expectInput({(*w)->shape[1]})))
      return failure();
    n.shape = {(*w)->shape[0]};
    return success();
  }
  if (t == "Scale") {
    n.shape = in;
    return success();
  }
  if (t == "Flatten") {
    int64_t rank = in.size();
    FailureOr<double> start = getUniform(n, "start_dim", 0.0);
    FailureOr<double> end = getUniform(n, "end_dim", -1.0);
    if (failed(start) || failed(end))
      return failure();
    int64_t s = static_cast<int64_t>(*start), e = static_cast<int64_t>(*end);
    if (s < 0)
      s += rank;
    if (e < 0)
      e += rank;
    if (s < 0 || e >= rank || s > e)
      return nodeError(n) << "start_dim " << fmt(*start) << " / end_dim "
                          << fmt(*end) << " do not fit an input of shape "
                          << shapeStr(in),
             failure();
    SmallVector<int64_t> out(in.begin(), in.begin() + s);
    out.push_back(product(ArrayRef<int64_t>(in).slice(s, e - s + 1)));
    out.append(in.begin() + e + 1, in.end());
    n.shape = out;
    return success();
  }
  if (t == "Conv2d") {
    FailureOr<const Array *> w = getParam(n, "weight");
    if (failed(w))
      return failure();
    if ((*w)->shape.size() != 4)
      return nodeError(n) << "weight must be 4-D (O, I/groups, kH, kW), got "
                          << shapeStr((*w)->shape),
             failure();
    FailureOr<double> groups = getUniform(n, "groups", 1.0);
    if (failed(groups))
      return failure();
    int64_t g = static_cast<int64_t>(*groups);
    ArrayRef<int64_t> ws = (*w)->shape;
    if (in.size() != 3)
      return emitError(getLoc(n))
             << "shape mismatch on the edge '" << nodes[n.inputs.front()].name
             << "' -> '" << n.name << "': Conv2d takes (C, H, W), got "
             << shapeStr(in);
    if (g < 1 || ws[0] % g != 0 || in[0] != ws[1] * g)
      return emitError(getLoc(n))
             << "shape mismatch on the edge '" << nodes[n.inputs.front()].name
             << "' -> '" << n.name << "': " << in[0]
             << " input channels for a weight " << shapeStr(ws)
             << " with groups " << g;
    FailureOr<SmallVector<int64_t>> stride = getPair(n, "stride", 1);
    FailureOr<SmallVector<int64_t>> dilation = getPair(n, "dilation", 1);
    if (failed(stride) || failed(dilation))
      return failure();
    if ((*stride)[0] < 1 || (*stride)[1] < 1 || (*dilation)[0] < 1 ||
        (*dilation)[1] < 1)
      return nodeError(n) << "stride and dilation must be positive", failure();
    auto pad = n.node->params.find("padding");
    int64_t oh, ow;
    if (pad != n.node->params.end() && pad->second.isString()) {
      StringRef mode = pad->second.strings.front();
      if (mode == "same") {
        oh = in[1];
        ow = in[2];
      } else if (mode == "valid") {
        oh = windowOutput(in[1], 0, ws[2], (*stride)[0], (*dilation)[0]);
        ow = windowOutput(in[2], 0, ws[3], (*stride)[1], (*dilation)[1]);
      } else {
        return nodeError(n) << "padding must be 'same', 'valid' or numbers, "
                               "got '"
                            << mode << "'",
               failure();
      }
    } else {
      FailureOr<SmallVector<int64_t>> p = getPair(n, "padding", 0);
      if (failed(p))
        return failure();
      oh = windowOutput(in[1], (*p)[0], ws[2], (*stride)[0], (*dilation)[0]);
      ow = windowOutput(in[2], (*p)[1], ws[3], (*stride)[1], (*dilation)[1]);
    }
    if (oh < 1 || ow < 1)
      return nodeError(n) << "the kernel does not fit the input "
                          << shapeStr(in),
             failure();
    n.shape = {ws[0], oh, ow};
    return success();
  }
  if (t == "AvgPool2d" || t == "SumPool2d") {
    if (in.size() != 3)
      return emitError(getLoc(n))
             << "shape mismatch on the edge '" << nodes[n.inputs.front()].name
             << "' -> '" << n.name << "': " << t << " takes (C, H, W), got "
             << shapeStr(in);
    FailureOr<SmallVector<int64_t>> k = getPair(n, "kernel_size");
    if (failed(k))
      return failure();
    FailureOr<SmallVector<int64_t>> s = getPair(n, "stride", (*k)[0]);
    FailureOr<SmallVector<int64_t>> p = getPair(n, "padding", 0);
    if (failed(s) || failed(p))
      return failure();
    if ((*k)[0] < 1 || (*k)[1] < 1 || (*s)[0] < 1 || (*s)[1] < 1 ||
        (*p)[0] < 0 || (*p)[1] < 0)
      return nodeError(n) << "kernel_size and stride must be positive, "
                             "padding non-negative",
             failure();
    int64_t oh = windowOutput(in[1], (*p)[0], (*k)[0], (*s)[0], 1);
    int64_t ow = windowOutput(in[2], (*p)[1], (*k)[1], (*s)[1], 1);
    if (oh < 1 || ow < 1)
      return nodeError(n) << "the window does not fit the input "
                          << shapeStr(in),
             failure();
    n.shape = {in[0], oh, ow};
    return success();
  }
  if (t == "LIF" || t == "IF" || t == "LI" || t == "CubaLIF" || t == "CubaLI") {
    // The shape of the parameters, when they are arrays, must be the input's.
    for (const auto &[name, array] : n.node->params)
      if (!array.isString() && array.size() != 1 &&
          ArrayRef<int64_t>(array.shape) != ArrayRef<int64_t>(in))
        return emitError(getLoc(n))
               << "shape mismatch on the edge '" << nodes[n.inputs.front()].name
               << "' -> '" << n.name << "': " << shapeStr(in)
               << " into neurons whose '" << name << "' has shape "
               << shapeStr(array.shape);
    n.shape = in;
    return success();
  }
  return nodeError(n) << "unsupported NIR node type '" << t
                      << "' (supported: Input, Output, Affine, Linear, Scale, "
                         "Conv2d, AvgPool2d, SumPool2d, Flatten, LIF, IF, LI, "
                         "CubaLIF, CubaLI, Delay, Threshold, NIRGraph)";
}

//===----------------------------------------------------------------------===//
// IR helpers
//===----------------------------------------------------------------------===//

Value NIRImporter::constant(ArrayRef<int64_t> shape, ArrayRef<double> values,
                            StringRef name) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  SmallVector<float> data(values.begin(), values.end());
  ElementsAttr attr;
  if (data.size() <= 64) {
    attr = DenseElementsAttr::get(type, ArrayRef<float>(data));
  } else {
    ArrayRef<char> bytes(reinterpret_cast<const char *>(data.data()),
                         data.size() * sizeof(float));
    // 64: as the lowering aligns constant buffers (see ImportONNX.cpp).
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        bytes, /*align=*/64, /*dataIsMutable=*/false);
    std::string key;
    for (char c : name)
      key.push_back(llvm::isAlnum(c) || c == '_' ? c : '_');
    if (key.empty() || llvm::isDigit(key.front()))
      key.insert(key.begin(), '_');
    attr = DenseResourceElementsAttr::get(type, key, std::move(blob));
  }
  return tosa::ConstOp::create(builder, builder.getUnknownLoc(), type, attr);
}

Value NIRImporter::splat(ArrayRef<int64_t> shape, double value) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return tosa::ConstOp::create(
      builder, builder.getUnknownLoc(), type,
      DenseElementsAttr::get(type, builder.getF32FloatAttr(value)));
}

Value NIRImporter::mulShift() {
  auto type = RankedTensorType::get({1}, builder.getIntegerType(8));
  return tosa::ConstOp::create(
      builder, builder.getUnknownLoc(), type,
      DenseElementsAttr::get(
          type, builder.getIntegerAttr(builder.getIntegerType(8), 0)));
}

Value NIRImporter::constShape(ArrayRef<int64_t> values) {
  auto type =
      RankedTensorType::get({int64_t(values.size())}, builder.getIndexType());
  return tosa::ConstShapeOp::create(
      builder, builder.getUnknownLoc(),
      tosa::shapeType::get(context, values.size()),
      DenseIntElementsAttr::get(type, values));
}

Value NIRImporter::reshape(Value v, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == shape)
    return v;
  return tosa::ReshapeOp::create(builder, v.getLoc(), type.clone(shape), v,
                                 constShape(shape));
}

Value NIRImporter::transpose(Value v, ArrayRef<int32_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  for (int32_t p : perm)
    shape.push_back(type.getDimSize(p));
  return tosa::TransposeOp::create(builder, v.getLoc(), type.clone(shape), v,
                                   builder.getDenseI32ArrayAttr(perm));
}

static bool isUniform(ArrayRef<double> values, double value) {
  return llvm::all_of(values, [&](double v) { return v == value; });
}

/// `v * values` element-wise (values in the shape of v without the batch
/// axis; a uniform value becomes a splat). Skipped when all are 1.
Value NIRImporter::mulBy(Value v, ArrayRef<double> values, const FlatNode &n,
                         StringRef what) {
  if (isUniform(values, 1.0))
    return v;
  auto type = cast<RankedTensorType>(v.getType());
  Value c;
  if (isUniform(values, values.front()))
    c = splat(SmallVector<int64_t>(type.getRank(), 1), values.front());
  else
    c = constant(type.getShape(), values, n.name + "_" + what.str());
  return tosa::MulOp::create(builder, getLoc(n), type, v, c, mulShift());
}

Value NIRImporter::addBy(Value v, ArrayRef<double> values, const FlatNode &n,
                         StringRef what) {
  if (isUniform(values, 0.0))
    return v;
  auto type = cast<RankedTensorType>(v.getType());
  Value c;
  if (isUniform(values, values.front()))
    c = splat(SmallVector<int64_t>(type.getRank(), 1), values.front());
  else
    c = constant(type.getShape(), values, n.name + "_" + what.str());
  return tosa::AddOp::create(builder, getLoc(n), type, v, c);
}

/// The time constant of the exact (zero-order hold) update that equals the
/// chosen discretization of `tau dv/dt = vinf - v`: tau itself, or for Euler
/// the tau' with exp(-dt/tau') = 1 - dt/tau.
double NIRImporter::timeConstant(double tau) const {
  if (discretization == NIRDiscretization::Exact)
    return tau;
  return -dt / std::log1p(-dt / tau);
}

//===----------------------------------------------------------------------===//
// Node lowerings
//===----------------------------------------------------------------------===//

LogicalResult NIRImporter::lowerAffine(FlatNode &n, Value x) {
  const Array &w = n.node->params.at("weight");
  int64_t out = w.shape[0], in = w.shape[1];
  // B = W^T as [1, in, out].
  std::vector<double> b(in * out);
  for (int64_t o = 0; o < out; ++o)
    for (int64_t i = 0; i < in; ++i)
      b[i * out + o] = w.numbers[o * in + i];
  Location loc = getLoc(n);
  Value weight = constant({1, in, out}, b, n.name + "_weight");
  Value x3 = reshape(x, {1, 1, in});
  auto mmType = RankedTensorType::get({1, 1, out}, builder.getF32Type());
  Value y = tosa::MatMulOp::create(builder, loc, mmType, x3, weight,
                                   zeroPoint(), zeroPoint());
  y = reshape(y, {1, out});
  if (n.type == "Affine") {
    FailureOr<SmallVector<double>> bias = getNumbers(n, "bias", out, 0.0);
    if (failed(bias))
      return failure();
    if (!isUniform(*bias, 0.0))
      y = tosa::AddOp::create(builder, loc, tensorType({out}), y,
                              constant({1, out}, *bias, n.name + "_bias"));
  }
  n.value = y;
  return success();
}

LogicalResult NIRImporter::lowerConv(FlatNode &n, Value x) {
  const Array &w = n.node->params.at("weight");
  ArrayRef<int64_t> ws = w.shape;
  int64_t o = ws[0], ig = ws[1], kh = ws[2], kw = ws[3];
  ArrayRef<int64_t> in = nodes[n.inputs.front()].shape;
  int64_t c = in[0];
  int64_t groups = static_cast<int64_t>(*getUniform(n, "groups", 1.0));
  SmallVector<int64_t> stride = *getPair(n, "stride", 1);
  SmallVector<int64_t> dilation = *getPair(n, "dilation", 1);
  SmallVector<int64_t> pad; // top, bottom, left, right
  auto padIt = n.node->params.find("padding");
  if (padIt != n.node->params.end() && padIt->second.isString()) {
    if (padIt->second.strings.front() == "same") {
      if (stride[0] != 1 || stride[1] != 1)
        return nodeError(n) << "padding 'same' needs stride 1";
      int64_t th = dilation[0] * (kh - 1), tw = dilation[1] * (kw - 1);
      pad = {th / 2, th - th / 2, tw / 2, tw - tw / 2};
    } else {
      pad = {0, 0, 0, 0};
    }
  } else {
    SmallVector<int64_t> p = *getPair(n, "padding", 0);
    if (p[0] < 0 || p[1] < 0)
      return nodeError(n) << "padding must be non-negative";
    pad = {p[0], p[0], p[1], p[1]};
  }
  FailureOr<SmallVector<double>> bias = getNumbers(n, "bias", o, 0.0);
  if (failed(bias))
    return failure();
  Location loc = getLoc(n);
  Value xh = transpose(x, {0, 2, 3, 1});
  auto outType = RankedTensorType::get({1, n.shape[1], n.shape[2], o},
                                       builder.getF32Type());
  auto accType = TypeAttr::get(builder.getF32Type());
  auto padAttr = builder.getDenseI64ArrayAttr(pad);
  auto strideAttr = builder.getDenseI64ArrayAttr(stride);
  auto dilationAttr = builder.getDenseI64ArrayAttr(dilation);
  // OIHW -> OHWI for conv2d.
  auto ohwi = [&](int64_t oBegin, int64_t oCount) {
    std::vector<double> out(oCount * kh * kw * ig);
    for (int64_t oo = 0; oo < oCount; ++oo)
      for (int64_t i = 0; i < ig; ++i)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t z = 0; z < kw; ++z)
            out[((oo * kh + y) * kw + z) * ig + i] =
                w.numbers[(((oBegin + oo) * ig + i) * kh + y) * kw + z];
    return out;
  };
  Value y;
  if (groups == 1) {
    y = tosa::Conv2DOp::create(
        builder, loc, outType, xh,
        constant({o, kh, kw, ig}, ohwi(0, o), n.name + "_weight"),
        constant({o}, *bias, n.name + "_bias"), zeroPoint(), zeroPoint(),
        padAttr, strideAttr, dilationAttr, accType);
  } else if (groups == c && ig == 1) {
    // Depthwise: output channel ch * m + k reads input channel ch;
    // TOSA's weight is [kH, kW, C, M].
    int64_t m = o / c;
    std::vector<double> dw(kh * kw * c * m);
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t k = 0; k < m; ++k)
        for (int64_t yy = 0; yy < kh; ++yy)
          for (int64_t z = 0; z < kw; ++z)
            dw[((yy * kw + z) * c + ch) * m + k] =
                w.numbers[((ch * m + k) * kh + yy) * kw + z];
    y = tosa::DepthwiseConv2DOp::create(
        builder, loc, outType, xh,
        constant({kh, kw, c, m}, dw, n.name + "_weight"),
        constant({o}, *bias, n.name + "_bias"), zeroPoint(), zeroPoint(),
        padAttr, strideAttr, dilationAttr, accType);
  } else {
    // Grouped: one conv2d per group on its channel slice, concatenated.
    int64_t og = o / groups;
    auto partType = RankedTensorType::get({1, n.shape[1], n.shape[2], og},
                                          builder.getF32Type());
    SmallVector<Value> parts;
    for (int64_t g = 0; g < groups; ++g) {
      auto sliceType =
          RankedTensorType::get({1, in[1], in[2], ig}, builder.getF32Type());
      Value xs = tosa::SliceOp::create(builder, loc, sliceType, xh,
                                       constShape({0, 0, 0, g * ig}),
                                       constShape({1, in[1], in[2], ig}));
      SmallVector<double> bs(bias->begin() + g * og,
                             bias->begin() + (g + 1) * og);
      parts.push_back(tosa::Conv2DOp::create(
          builder, loc, partType, xs,
          constant({og, kh, kw, ig}, ohwi(g * og, og),
                   n.name + "_weight_g" + std::to_string(g)),
          constant({og}, bs, n.name + "_bias"), zeroPoint(), zeroPoint(),
          padAttr, strideAttr, dilationAttr, accType));
    }
    y = tosa::ConcatOp::create(builder, loc, outType, parts,
                               builder.getI32IntegerAttr(3));
  }
  n.value = transpose(y, {0, 3, 1, 2});
  return success();
}

LogicalResult NIRImporter::lowerPool(FlatNode &n, Value x, bool average) {
  SmallVector<int64_t> k = *getPair(n, "kernel_size");
  SmallVector<int64_t> s = *getPair(n, "stride", k[0]);
  SmallVector<int64_t> p = *getPair(n, "padding", 0);
  int64_t c = n.shape[0];
  Location loc = getLoc(n);
  Value xh = transpose(x, {0, 2, 3, 1});
  auto outType = RankedTensorType::get({1, n.shape[1], n.shape[2], c},
                                       builder.getF32Type());
  Value y;
  if (average && p[0] == 0 && p[1] == 0) {
    y = tosa::AvgPool2dOp::create(builder, loc, outType, xh, zeroPoint(),
                                  zeroPoint(), builder.getDenseI64ArrayAttr(k),
                                  builder.getDenseI64ArrayAttr(s),
                                  builder.getDenseI64ArrayAttr({0, 0, 0, 0}),
                                  TypeAttr::get(builder.getF32Type()));
  } else {
    // A depthwise convolution with a constant kernel: sums over the window
    // with zero padding; for AvgPool2d divided by the whole window (padding
    // included, as torch's AvgPool2d counts it).
    double v = average ? 1.0 / double(k[0] * k[1]) : 1.0;
    y = tosa::DepthwiseConv2DOp::create(
        builder, loc, outType, xh, splat({k[0], k[1], c, 1}, v),
        splat({c}, 0.0), zeroPoint(), zeroPoint(),
        builder.getDenseI64ArrayAttr({p[0], p[0], p[1], p[1]}),
        builder.getDenseI64ArrayAttr(s), builder.getDenseI64ArrayAttr({1, 1}),
        TypeAttr::get(builder.getF32Type()));
  }
  n.value = transpose(y, {0, 3, 1, 2});
  return success();
}

/// A neuron written by --emit-nir with its exact snn op under metadata/
/// (`snn_op` and one `snn_<attribute>` per attribute).
FailureOr<Value> NIRImporter::restoreFromMetadata(FlatNode &n, Value x) {
  const auto &md = n.node->metadata;
  auto opIt = md.find("snn_op");
  if (opIt == md.end() || !opIt->second.isString() ||
      opIt->second.strings.size() != 1)
    return Value();
  StringRef opName = opIt->second.strings.front();
  static const char *const kKnown[] = {"snn.lif",      "snn.if",
                                       "snn.lif_rate", "snn.soft_lif_rate",
                                       "snn.lowpass",  "snn.izhikevich"};
  if (!llvm::is_contained(kKnown, opName))
    return nodeError(n) << "metadata names an unknown snn op '" << opName
                        << "'",
           failure();
  OperationState state(getLoc(n), opName);
  state.addOperands(x);
  state.addTypes(x.getType());
  for (const auto &[key, array] : md) {
    StringRef name(key);
    if (!name.consume_front("snn_") || name == "op")
      continue;
    if (array.isString()) {
      if (array.strings.size() != 1)
        return nodeError(n) << "metadata '" << key << "' must be one string",
               failure();
      state.addAttribute(name, builder.getStringAttr(array.strings.front()));
    } else if (array.size() != 1) {
      return nodeError(n) << "metadata '" << key << "' must be a scalar",
             failure();
    } else if (name == "rectify") {
      state.addAttribute(name, builder.getBoolAttr(array.numbers.front()));
    } else {
      state.addAttribute(name, builder.getF64FloatAttr(array.numbers.front()));
    }
  }
  Operation *op = builder.create(state);
  if (failed(mlir::verify(op)))
    return nodeError(n) << "the snn op recorded in its metadata is invalid",
           failure();
  return op->getResult(0);
}

LogicalResult NIRImporter::lowerNeuron(FlatNode &n, Value x) {
  if (options.useMetadata) {
    FailureOr<Value> restored = restoreFromMetadata(n, x);
    if (failed(restored))
      return failure();
    if (*restored) {
      n.value = *restored;
      return success();
    }
  }
  int64_t count = product(n.shape);
  Location loc = getLoc(n);
  auto type = cast<RankedTensorType>(x.getType());
  const std::string &t = n.type;
  auto f64 = [&](double v) { return builder.getF64FloatAttr(v); };
  auto checkTau = [&](StringRef name) -> FailureOr<double> {
    FailureOr<double> tau = getUniform(n, name);
    if (failed(tau))
      return failure();
    if (!(*tau > 0))
      return nodeError(n) << "'" << name << "' must be > 0, got " << fmt(*tau),
             failure();
    if (discretization == NIRDiscretization::Euler && !(dt < *tau))
      return nodeError(n) << "Euler steps need dt < " << name
                          << " (dt = " << fmt(dt) << ", " << name << " = "
                          << fmt(*tau) << ")",
             failure();
    return timeConstant(*tau);
  };
  // CubaLIF / CubaLI: the synaptic current first.
  if (t == "CubaLIF" || t == "CubaLI") {
    FailureOr<SmallVector<double>> wIn = getNumbers(n, "w_in", count, 1.0);
    FailureOr<double> tauSyn = checkTau("tau_syn");
    if (failed(wIn) || failed(tauSyn))
      return failure();
    x = mulBy(x, *wIn, n, "w_in");
    x = LowpassOp::create(builder, loc, type, x, f64(*tauSyn));
  }
  if (t == "LI" || t == "CubaLI") {
    FailureOr<double> tau = checkTau(t == "LI" ? "tau" : "tau_mem");
    FailureOr<SmallVector<double>> r = getNumbers(n, "r", count);
    FailureOr<SmallVector<double>> leak = getNumbers(n, "v_leak", count, 0.0);
    if (failed(tau) || failed(r) || failed(leak))
      return failure();
    Value u = addBy(mulBy(x, *r, n, "r"), *leak, n, "v_leak");
    n.value = LowpassOp::create(builder, loc, type, u, f64(*tau));
    return success();
  }
  // Spiking: threshold normalized to 1, reset to 0.
  FailureOr<SmallVector<double>> r = getNumbers(n, "r", count);
  FailureOr<SmallVector<double>> vth = getNumbers(n, "v_threshold", count);
  FailureOr<SmallVector<double>> vreset = getNumbers(n, "v_reset", count, 0.0);
  if (failed(r) || failed(vth) || failed(vreset))
    return failure();
  SmallVector<double> gain(count), bias(count, 0.0);
  SmallVector<double> leak(count, 0.0);
  if (t != "IF") {
    FailureOr<SmallVector<double>> l = getNumbers(n, "v_leak", count, 0.0);
    if (failed(l))
      return failure();
    leak = *l;
  }
  for (int64_t i = 0; i < count; ++i) {
    double range = (*vth)[i] - (*vreset)[i];
    if (!(range > 0))
      return nodeError(n) << "v_threshold must be above v_reset (neuron " << i
                          << ": " << fmt((*vth)[i])
                          << " <= " << fmt((*vreset)[i]) << ")",
             failure();
    gain[i] = (*r)[i] / range;
    bias[i] = (leak[i] - (*vreset)[i]) / range;
  }
  double g = 1.0, b = 0.0;
  if (isUniform(gain, gain.front()))
    g = gain.front();
  else
    x = mulBy(x, gain, n, "gain");
  if (isUniform(bias, bias.front()))
    b = bias.front();
  else
    x = addBy(x, bias, n, "bias");
  if (t == "IF") {
    if (b != 0.0)
      return nodeError(n) << "internal error: IF with a bias", failure();
    OperationState state(loc, IFOp::getOperationName());
    state.addOperands(x);
    state.addTypes(type);
    state.addAttribute("amplitude", f64(dt));
    state.addAttribute("gain", f64(g));
    state.addAttribute("rectify", builder.getBoolAttr(false));
    state.addAttribute("reset", builder.getStringAttr("zero"));
    n.value = builder.create(state)->getResult(0);
    return success();
  }
  FailureOr<double> tau = checkTau(t == "LIF" ? "tau" : "tau_mem");
  if (failed(tau))
    return failure();
  OperationState state(loc, LIFOp::getOperationName());
  state.addOperands(x);
  state.addTypes(type);
  state.addAttribute("tau_rc", f64(*tau));
  state.addAttribute("tau_ref", f64(0.0));
  state.addAttribute("min_voltage",
                     f64(-std::numeric_limits<double>::infinity()));
  state.addAttribute("amplitude", f64(dt));
  state.addAttribute("gain", f64(g));
  state.addAttribute("bias", f64(b));
  n.value = builder.create(state)->getResult(0);
  return success();
}

/// Shapes in topological order, again while that makes progress: a node
/// whose inputs all come through feedback delays of unknown shape waits for
/// them, and a feedback delay for its input.
LogicalResult NIRImporter::inferShapes() {
  for (bool progress = true; progress;) {
    progress = false;
    for (unsigned i : topo) {
      FlatNode &n = nodes[i];
      if (n.shapeKnown)
        continue;
      bool deferred;
      if (failed(inferShape(n, deferred)))
        return failure();
      if (!deferred)
        n.shapeKnown = progress = true;
    }
  }
  for (unsigned i : topo)
    if (!nodes[i].shapeKnown)
      return nodeError(nodes[i])
                 << "the shape of its input is not known: it comes only "
                    "through Delays on a cycle whose 'delay' is a scalar; "
                    "give one delay per element",
             failure();
  return checkEdgeShapes();
}

/// Every edge agrees with the shapes: inferShape saw only the inputs whose
/// shape was known at the time, and none of a feedback delay's.
LogicalResult NIRImporter::checkEdgeShapes() {
  for (FlatNode &n : nodes) {
    if (n.feedback) {
      for (unsigned i : n.inputs)
        if (nodes[i].shape != n.shape)
          return emitError(getLoc(n))
                 << "shape mismatch on the edge '" << nodes[i].name << "' -> '"
                 << n.name << "': " << shapeStr(nodes[i].shape)
                 << " into a Delay node of shape " << shapeStr(n.shape)
                 << (n.implicit ? "" : " (the shape of its 'delay' parameter)");
      continue;
    }
    for (unsigned i : n.inputs)
      if (nodes[i].shape != n.inputShape)
        return emitError(getLoc(n))
               << "shape mismatch on the edges into node '" << n.name << "': '"
               << nodes[i].name << "' gives " << shapeStr(nodes[i].shape)
               << ", the others " << shapeStr(n.inputShape);
  }
  return success();
}

LogicalResult NIRImporter::lower(FlatNode &n) {
  const std::string &t = n.type;
  if (t == "Input")
    return success(); // Set up as a function argument.
  if (n.feedback)
    return lowerFeedbackDelay(n);
  // The sum of every incoming edge.
  Value x = nodes[n.inputs.front()].value;
  for (unsigned i : ArrayRef<unsigned>(n.inputs).drop_front())
    x = tosa::AddOp::create(builder, getLoc(n), x.getType(), x, nodes[i].value);
  Location loc = getLoc(n);
  if (t == "Identity" || t == "Output") {
    n.value = x;
    return success();
  }
  if (t == "Affine" || t == "Linear")
    return lowerAffine(n, x);
  if (t == "Conv2d")
    return lowerConv(n, x);
  if (t == "AvgPool2d" || t == "SumPool2d")
    return lowerPool(n, x, t == "AvgPool2d");
  if (t == "Flatten") {
    SmallVector<int64_t> shape{1};
    shape.append(n.shape.begin(), n.shape.end());
    n.value = reshape(x, shape);
    return success();
  }
  if (t == "Scale") {
    if (amplitudeScales.contains(&n - nodes.data())) {
      n.value = x;
      return success();
    }
    FailureOr<SmallVector<double>> s = getNumbers(n, "scale", product(n.shape));
    if (failed(s))
      return failure();
    n.value = mulBy(x, *s, n, "scale");
    return success();
  }
  if (t == "Threshold") {
    FailureOr<SmallVector<double>> thr =
        getNumbers(n, "threshold", product(n.shape));
    if (failed(thr))
      return failure();
    auto type = cast<RankedTensorType>(x.getType());
    Value c = isUniform(*thr, thr->front())
                  ? splat(SmallVector<int64_t>(type.getRank(), 1), thr->front())
                  : constant(type.getShape(), *thr, n.name + "_threshold");
    Value cmp = tosa::GreaterOp::create(builder, loc,
                                        type.clone(builder.getI1Type()), x, c);
    n.value = tosa::CastOp::create(builder, loc, type, cmp);
    return success();
  }
  if (t == "Delay") {
    FailureOr<int64_t> steps = getDelaySteps(n);
    if (failed(steps))
      return failure();
    n.value = *steps == 0 ? x
                          : DelayOp::create(builder, loc, x.getType(), x,
                                            builder.getI64IntegerAttr(*steps))
                                .getResult();
    return success();
  }
  return lowerNeuron(n, x);
}

/// The delay of Delay node `n` in whole steps of dt.
FailureOr<int64_t> NIRImporter::getDelaySteps(const FlatNode &n) {
  if (n.implicit)
    return 1;
  FailureOr<double> delay = getUniform(n, "delay");
  if (failed(delay))
    return failure();
  double steps = *delay / dt;
  double whole = std::round(steps);
  if (!(whole >= 0) || whole > 1e9 ||
      std::fabs(steps - whole) > 1e-6 * std::max(1.0, whole))
    return nodeError(n) << "delay " << fmt(*delay)
                        << " s is not a whole number of steps of dt = "
                        << fmt(dt) << " s",
           failure();
  return static_cast<int64_t>(whole);
}

LogicalResult NIRImporter::lowerFeedbackDelay(FlatNode &n) {
  FailureOr<int64_t> steps = getDelaySteps(n);
  if (failed(steps))
    return failure();
  if (*steps == 0)
    return nodeError(n) << "closes a cycle but delays by 0 steps of dt = "
                        << fmt(dt)
                        << " s: a cycle needs a delay of at least one step",
           failure();
  n.value = FeedbackDelayOp::create(builder, getLoc(n), tensorType(n.shape),
                                    builder.getI64IntegerAttr(*steps));
  return success();
}

LogicalResult NIRImporter::lowerFeedbackInputs() {
  for (FlatNode &n : nodes) {
    if (!n.feedback)
      continue;
    Location loc = getLoc(n);
    Value x = nodes[n.inputs.front()].value;
    for (unsigned i : ArrayRef<unsigned>(n.inputs).drop_front())
      x = tosa::AddOp::create(builder, loc, x.getType(), x, nodes[i].value);
    FeedbackInputOp::create(builder, loc, n.value, x);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> NIRImporter::run(const File &file) {
  Location unknown = UnknownLoc::get(context);
  // dt and the discretization: options, else the graph's metadata.
  dt = 0.001;
  const auto &gm = file.graph.metadata;
  if (auto it = gm.find("dt");
      it != gm.end() && !it->second.isString() && it->second.size() == 1)
    dt = it->second.numbers.front();
  if (options.dt)
    dt = *options.dt;
  if (!(dt > 0) || !std::isfinite(dt))
    return emitError(unknown) << "dt must be > 0, got " << fmt(dt), nullptr;
  discretization = NIRDiscretization::Exact;
  if (auto it = gm.find("discretization");
      it != gm.end() && it->second.isString() && it->second.strings.size() == 1)
    discretization = it->second.strings.front() == "euler"
                         ? NIRDiscretization::Euler
                         : NIRDiscretization::Exact;
  if (options.discretization)
    discretization = *options.discretization;

  StringMap<unsigned> index;
  if (failed(flatten(file.graph, "", index)) ||
      failed(connect(file.graph, "", index)) || failed(order()))
    return nullptr;
  SmallVector<unsigned> inputs, outputs;
  for (auto [i, n] : llvm::enumerate(nodes)) {
    if (n.type == "Input")
      inputs.push_back(i);
    if (n.type == "Output")
      outputs.push_back(i);
  }
  if (inputs.empty() || outputs.empty())
    return emitError(unknown) << "the graph needs at least one Input and one "
                                 "Output node",
           nullptr;
  if (failed(inferShapes()))
    return nullptr;
  // Scales that carry the amplitude of a neuron restored from metadata.
  if (options.useMetadata)
    for (auto [i, n] : llvm::enumerate(nodes))
      if (n.type == "Scale" && n.node->metadata.count("snn_amplitude_of") &&
          n.inputs.size() == 1) {
        const FlatNode &src = nodes[n.inputs.front()];
        if (src.node && src.node->metadata.count("snn_op"))
          amplitudeScales.insert(i);
      }

  OwningOpRef<ModuleOp> module = ModuleOp::create(unknown);
  builder.setInsertionPointToEnd(module->getBody());
  SmallVector<Type> argTypes, resultTypes;
  for (unsigned i : inputs)
    argTypes.push_back(tensorType(nodes[i].shape));
  for (unsigned i : outputs)
    resultTypes.push_back(tensorType(nodes[i].shape));
  auto func = func::FuncOp::create(
      builder, unknown, "nir", builder.getFunctionType(argTypes, resultTypes));
  Block *body = func.addEntryBlock();
  for (auto [k, i] : llvm::enumerate(inputs)) {
    func.setArgAttr(k, "nir.name", builder.getStringAttr(nodes[i].name));
    body->getArgument(k).setLoc(getLoc(nodes[i]));
    nodes[i].value = body->getArgument(k);
  }
  for (auto [k, i] : llvm::enumerate(outputs))
    func.setResultAttr(k, "nir.name", builder.getStringAttr(nodes[i].name));
  builder.setInsertionPointToEnd(body);
  for (unsigned i : topo)
    if (failed(lower(nodes[i])))
      return nullptr;
  if (failed(lowerFeedbackInputs()))
    return nullptr;
  SmallVector<Value> results;
  for (unsigned i : outputs)
    results.push_back(nodes[i].value);
  func::ReturnOp::create(builder, unknown, results);
  (*module)->setAttr("snn.nir.dt", builder.getF64FloatAttr(dt));
  (*module)->setAttr(
      "snn.nir.discretization",
      builder.getStringAttr(
          discretization == NIRDiscretization::Euler ? "euler" : "exact"));
  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> mlir::snn::importNIR(StringRef bytes,
                                           MLIRContext *context,
                                           const NIRImportOptions &options) {
  context->loadDialect<func::FuncDialect, tosa::TosaDialect, SNNDialect>();
  nir::ReadOptions readOptions;
  readOptions.isolate = options.isolateHDF5;
  llvm::Expected<File> file =
      readNIRFile(ArrayRef<char>(bytes.data(), bytes.size()), readOptions);
  if (!file) {
    emitError(UnknownLoc::get(context))
        << "cannot read the NIR file: " << llvm::toString(file.takeError());
    return nullptr;
  }
  NIRImporter importer(context, options);
  return importer.run(*file);
}
