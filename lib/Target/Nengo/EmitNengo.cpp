//===- EmitNengo.cpp - spiking network to Nengo/NengoDL Python --*- C++ -*-===//
//
// Part of snn-mlir.
//
// Emits a spiking network (TOSA layers and snn neuron ops) as a Python module
// that builds it from plain Nengo objects, as NengoDL's Keras converter does:
// an input nengo.Node per function argument, a nengo.Ensemble per neuron op
// (connected through `.neurons`), and connections whose transforms hold the
// layers' weights.
//
// Between neuron populations every value is linear in Nengo objects: the
// emitter tracks each value as a sum of terms `scale * op(source[pre])[post]`
// plus a constant bias vector (a Python expression). Reshapes are free (Nengo
// signals are flat, C order), transposes and slices are index maps, a layer
// (conv, matmul, pooling) is the `op` of a term; residual adds are several
// terms. A value becomes Nengo objects only where it must: a neuron op (its
// terms become connections into the ensemble, its bias the ensemble's bias),
// a second layer applied to a term (a passthrough nengo.Node), a concat, a
// synapse, an output. The whole module is generated in memory first, so a
// failure leaves neither a half script nor a weights file.
//
//===----------------------------------------------------------------------===//

#include "SNN/Target/EmitNengo.h"
#include "NpzWriter.h"
#include "PythonRuntime.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Support/IndentedOstream.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <functional>
#include <optional>

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::nengo;

//===----------------------------------------------------------------------===//
// Python literals and names
//===----------------------------------------------------------------------===//

/// Appends `cp` as a Python escape.
static void appendEscape(std::string &out, uint32_t cp) {
  char buf[16];
  if (cp < 0x100)
    snprintf(buf, sizeof(buf), "\\x%02x", unsigned(cp));
  else if (cp < 0x10000)
    snprintf(buf, sizeof(buf), "\\u%04x", unsigned(cp));
  else
    snprintf(buf, sizeof(buf), "\\U%08x", unsigned(cp));
  out += buf;
}

/// Escapes `s` so that it holds only printable ASCII: quotes and backslashes
/// are escaped, other characters become \x, \u or \U escapes of their code
/// points (UTF-8 decoded; an invalid byte becomes U+FFFD).
static std::string escapeText(StringRef s, bool quotes = true) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c >= 0x20 && c < 0x7f) {
      if (quotes && (c == '\\' || c == '"'))
        out += '\\';
      out += char(c);
      ++i;
      continue;
    }
    if (c == '\n' || c == '\r' || c == '\t') {
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
      ++i;
      continue;
    }
    // UTF-8 sequence.
    unsigned len = c >= 0xf0 && c < 0xf8   ? 4
                   : c >= 0xe0 && c < 0xf0 ? 3
                   : c >= 0xc2 && c < 0xe0 ? 2
                                           : 0;
    uint32_t cp = len == 4 ? c & 0x07 : len == 3 ? c & 0x0f : c & 0x1f;
    bool valid = len != 0 && i + len <= s.size();
    for (unsigned k = 1; valid && k < len; ++k) {
      unsigned char cc = s[i + k];
      valid = (cc & 0xc0) == 0x80;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (!valid || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) {
      appendEscape(out, 0xfffd);
      ++i;
      continue;
    }
    appendEscape(out, cp);
    i += len;
  }
  return out;
}

/// One level of Python indentation (4 spaces; the stream's step is 2).
static void indent(raw_indented_ostream &os) { os.indent().indent(); }
static void unindent(raw_indented_ostream &os) { os.unindent().unindent(); }

/// A Python string literal holding `s`.
static std::string pyStr(StringRef s) { return "\"" + escapeText(s) + "\""; }

/// Text safe inside a Python comment: one line of printable ASCII.
static std::string commentText(StringRef s) { return escapeText(s, false); }

/// A Python float literal that reads back as `v`.
static std::string pyFloat(double v) {
  if (std::isnan(v))
    return "float(\"nan\")";
  if (std::isinf(v))
    return v > 0 ? "float(\"inf\")" : "-float(\"inf\")";
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    snprintf(buf, sizeof(buf), "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  std::string s = buf;
  if (s.find_first_of(".en") == std::string::npos)
    s += ".0";
  return s;
}

/// A Python tuple of integers: `()`, `(3,)`, `(1, 2)`.
static std::string pyTuple(ArrayRef<int64_t> values) {
  std::string s = "(";
  for (auto [i, v] : llvm::enumerate(values))
    s += (i ? ", " : "") + std::to_string(v);
  return s + (values.size() == 1 ? ",)" : ")");
}

static std::string shapeText(ArrayRef<int64_t> shape) {
  std::string s;
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "x" : "") + std::to_string(d);
  return s.empty() ? "scalar" : s;
}

static int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Names the module defines or uses, Python keywords and the builtins: a
/// layer name never shadows them.
static const char *const kReservedNames[] = {
    // keywords
    "False", "None", "True", "and", "as", "assert", "async", "await", "break",
    "class", "continue", "def", "del", "elif", "else", "except", "finally",
    "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    "match", "case", "type",
    // the module's own names
    "np", "nengo", "nengo_dl", "tf", "os", "argparse", "w", "npz", "key", "net",
    "build_network", "run", "main", "weights_path", "input_outputs",
    "WEIGHTS_PATH", "INPUT_SHAPES", "INPUT_SIZES", "OUTPUT_SHAPES",
    "DEFAULT_STEPS",
    // builtins
    "abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray",
    "bytes", "callable", "chr", "classmethod", "compile", "complex",
    "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate",
    "eval", "exec", "exit", "filter", "float", "format", "frozenset", "getattr",
    "globals", "hasattr", "hash", "help", "hex", "id", "input", "int",
    "isinstance", "issubclass", "iter", "len", "license", "list", "locals",
    "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord",
    "pow", "print", "property", "quit", "range", "repr", "reversed", "round",
    "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super",
    "tuple", "vars", "zip"};

namespace {
/// Turns arbitrary names (ONNX node names) into unique Python identifiers:
/// only [A-Za-z0-9_], never a keyword, builtin or name of the module itself.
class NameUniquer {
public:
  NameUniquer() {
    for (const char *name : kReservedNames)
      used.insert(name);
  }

  std::string get(StringRef name, StringRef fallback) {
    std::string s;
    for (char c : name) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9');
      if (ok)
        s += c;
      else if (!s.empty() && s.back() != '_')
        s += '_';
      if (s.size() >= 48)
        break;
    }
    while (!s.empty() && s.back() == '_')
      s.pop_back();
    if (s.empty())
      s = fallback.str();
    else if (s[0] >= '0' && s[0] <= '9')
      s = fallback.str() + "_" + s;
    if (used.contains(s))
      s += "_";
    std::string candidate = s;
    for (unsigned i = 2; used.contains(candidate); ++i)
      candidate = s + std::to_string(i);
    used.insert(candidate);
    return candidate;
  }

private:
  llvm::StringSet<> used;
};
} // namespace

/// The ONNX name a location carries: the first NameLoc inside it.
static std::string getLocName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations()) {
      std::string s = getLocName(inner);
      if (!s.empty())
        return s;
    }
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return getLocName(callSite.getCallee());
  return "";
}

//===----------------------------------------------------------------------===//
// Linear values
//===----------------------------------------------------------------------===//

namespace {
/// A gather `y[i] = x[idx[i]]`, known concretely (to recognize identities and
/// permutations) and as a Python expression (empty: the identity).
struct IndexMap {
  std::string expr;
  std::vector<int64_t> idx;
  int64_t size = 0;   // of y
  int64_t inSize = 0; // of x

  bool isIdentity() const { return expr.empty(); }
  int64_t at(int64_t i) const { return isIdentity() ? i : idx[i]; }

  static IndexMap identity(int64_t n) {
    IndexMap m;
    m.size = m.inSize = n;
    return m;
  }

  /// A map that is the identity when `idx` is.
  static IndexMap get(std::vector<int64_t> idx, std::string expr,
                      int64_t inSize) {
    IndexMap m;
    m.size = idx.size();
    m.inSize = inSize;
    bool identity = m.size == inSize;
    for (int64_t i = 0; identity && i < m.size; ++i)
      identity = idx[i] == i;
    if (!identity) {
      m.idx = std::move(idx);
      m.expr = std::move(expr);
    }
    return m;
  }

  /// `first` then `second`: `z[i] = x[first[second[i]]]`.
  static IndexMap compose(const IndexMap &first, const IndexMap &second) {
    if (second.isIdentity())
      return first;
    if (first.isIdentity())
      return second;
    std::vector<int64_t> idx(second.size);
    for (int64_t i = 0; i < second.size; ++i)
      idx[i] = first.idx[second.idx[i]];
    return get(std::move(idx), "(" + first.expr + ")[" + second.expr + "]",
               first.inSize);
  }

  bool isPermutation() const {
    if (isIdentity())
      return true;
    if (size != inSize)
      return false;
    std::vector<bool> seen(size, false);
    for (int64_t i : idx) {
      if (seen[i])
        return false;
      seen[i] = true;
    }
    return true;
  }

  bool hasRepeats() const {
    if (isIdentity())
      return false;
    std::vector<bool> seen(inSize, false);
    for (int64_t i : idx) {
      if (seen[i])
        return true;
      seen[i] = true;
    }
    return false;
  }

  /// The inverse of a permutation.
  IndexMap inverse() const {
    if (isIdentity())
      return *this;
    std::vector<int64_t> inv(size);
    for (int64_t i = 0; i < size; ++i)
      inv[idx[i]] = i;
    return get(std::move(inv), "np.argsort(" + expr + ")", inSize);
  }
};

/// A Nengo object a connection can start from.
struct Source {
  /// The Python expression of the object (`relu1.neurons`, `pool1`).
  std::string ref;
  int64_t size = 0;
};

/// A connection transform. `render(scale)` returns its Python code with
/// `scale` folded into the weights.
struct LinOp {
  std::function<std::string(double)> render; // null: no transform (identity)
  int64_t inSize = 0, outSize = 0;
  bool denseMatrix = false; // a 2-D nengo.Dense: no repeated pre indices
  std::string what;         // comment: which layer this is
};

/// `scale * op(source[pre])[post]`.
struct Term {
  Source src;
  IndexMap pre;
  LinOp op;
  IndexMap post;
  double scale = 1.0;

  bool hasOp() const { return bool(op.render); }
};

/// A tensor value between neuron populations: the sum of its terms plus a
/// constant (a Python expression of a flat array, empty for none), flattened
/// in C order.
struct LinValue {
  SmallVector<Term, 2> terms;
  std::string bias;
  RankedTensorType type;
  /// The ONNX name of the op that computed it (names passthrough nodes).
  std::string origin;
  int64_t size() const { return type.getNumElements(); }
};

/// A constant tensor: a Python expression of an ndarray of its shape.
struct ConstValue {
  std::string expr;
  RankedTensorType type;
  std::optional<double> splat;
};

/// A parameter: one array of the weights file.
struct Param {
  std::string key;
  ElementsAttr attr;
  Operation *op;
};

//===----------------------------------------------------------------------===//
// NengoEmitter
//===----------------------------------------------------------------------===//

class NengoEmitter {
public:
  NengoEmitter(raw_indented_ostream &os, const NengoEmitOptions &options)
      : os(os), options(options) {}

  LogicalResult emitFunction(func::FuncOp func);
  LogicalResult emitOperation(Operation &op);
  LogicalResult writeModule(raw_ostream &out, func::FuncOp func);
  LogicalResult writeWeights(func::FuncOp func);

  //===--------------------------------------------------------------------===//
  // Values

  /// The value as a linear value (constants become a bias).
  FailureOr<LinValue> getLin(Operation *user, Value v);
  const ConstValue *getConst(Value v) {
    auto it = consts.find(v);
    return it == consts.end() ? nullptr : &it->second;
  }
  void setLin(Value v, LinValue lin) {
    lin.type = cast<RankedTensorType>(v.getType());
    Operation *def = v.getDefiningOp();
    if (def && lin.origin.empty())
      lin.origin = getLocName(def->getLoc());
    // A layer whose output has several users is computed once, in a node:
    // its weights are not duplicated (nor trained apart by NengoDL).
    bool hasLayer =
        llvm::any_of(lin.terms, [](const Term &t) { return t.hasOp(); });
    if (def && hasLayer && numLiveUses(v) > 1) {
      Source src = materialize(lin, def, "output used several times");
      LinValue shared;
      shared.type = lin.type;
      shared.origin = lin.origin;
      Term term;
      term.src = src;
      term.pre = term.post = IndexMap::identity(src.size);
      shared.terms.push_back(term);
      lin = std::move(shared);
    }
    lins[v] = std::move(lin);
  }
  void setConst(Value v, std::string expr, std::optional<double> splat = {}) {
    consts[v] =
        ConstValue{std::move(expr), cast<RankedTensorType>(v.getType()), splat};
  }
  LogicalResult recordConstant(Operation *op, Value result, Attribute attr);

  //===--------------------------------------------------------------------===//
  // Code

  /// Whether the op's results reach the function's results.
  bool isLive(Operation *op) {
    auto [it, inserted] = live.try_emplace(op, false);
    if (!inserted)
      return it->second;
    bool result = isa<func::ReturnOp>(op);
    for (Value v : op->getResults())
      for (Operation *user : v.getUsers())
        result = result || isLive(user);
    return live[op] = result;
  }
  unsigned numLiveUses(Value v) {
    unsigned n = 0;
    for (Operation *user : v.getUsers())
      n += isLive(user);
    return n;
  }

  /// A fresh Python identifier from the op's ONNX name.
  std::string nameFor(Operation *op, StringRef fallback) {
    return names.get(getLocName(op->getLoc()), fallback);
  }
  /// The op's ONNX name for comments and labels (its kind when unnamed).
  static std::string layerName(Operation *op) {
    std::string name = getLocName(op->getLoc());
    return name.empty() ? op->getName().getStringRef().str() : name;
  }
  void useHelper(StringRef name) { helpers.insert(name); }
  void blankLine() { os << "\n"; }
  void comment(const Twine &text) {
    os << "# " << commentText(text.str()) << "\n";
  }
  /// `[ix]` for a gather of an object, binding the index array to a name.
  std::string sliceOf(const IndexMap &map);

  /// Connects every term of `value` to `target[dest]`, and its bias through
  /// a constant node unless `withBias` is false.
  void connect(const LinValue &value, StringRef target, const IndexMap &dest,
               bool withBias);
  void connectTerm(const Term &term, StringRef target, const IndexMap &dest);
  /// The value as one Nengo object (a passthrough node when needed).
  Source materialize(const LinValue &value, Operation *op, StringRef what);
  /// The value as `scale * src[gather]`, materializing when needed.
  void asGather(const LinValue &value, Operation *op, Source &src,
                IndexMap &gather, double &scale, bool forDense = false);
  /// Applies a gather to every term and to the bias.
  static LinValue gathered(const LinValue &value, const IndexMap &map,
                           RankedTensorType type);

  /// The index maps of the data movement ops.
  IndexMap transposeIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> perm);
  IndexMap sliceIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> start,
                      ArrayRef<int64_t> size);
  IndexMap broadcastIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> to);

  /// A nonlinear op without a Nengo object form as a Python function node
  /// `lambda t, x: <body>` over the concatenated (flattened) operands.
  LogicalResult emitFunctionNode(Operation *op, ArrayRef<Value> operands,
                                 StringRef body, StringRef what);

  /// An ensemble for a neuron op: `neuronType` is its Python code.
  LogicalResult emitEnsemble(Operation *op, Value input, StringRef neuronType,
                             double gain, double bias, StringRef kind);

  raw_indented_ostream &os;
  const NengoEmitOptions &options;
  NameUniquer names;
  llvm::DenseMap<Value, LinValue> lins;
  llvm::DenseMap<Value, ConstValue> consts;
  llvm::DenseMap<Operation *, bool> live;
  std::vector<Param> params;
  NameUniquer paramKeys;
  llvm::StringSet<> helpers;
  llvm::StringMap<std::string> indexNames;
  unsigned numIndexNames = 0;
  SmallVector<std::string> inputNames;
  SmallVector<int64_t> inputSizes;
  SmallVector<std::string> inputShapes, outputShapes;
  SmallVector<std::string> probeNames;
  bool usesNengoDL = false;
  bool usesDelay = false;
};
} // namespace

std::string NengoEmitter::sliceOf(const IndexMap &map) {
  if (map.isIdentity())
    return "";
  std::string &name = indexNames[map.expr];
  if (name.empty()) {
    name = names.get("ix" + std::to_string(++numIndexNames), "ix");
    os << name << " = " << map.expr << "\n";
  }
  return "[" + name + "]";
}

IndexMap NengoEmitter::transposeIndex(ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> perm) {
  int64_t rank = shape.size(), n = product(shape);
  SmallVector<int64_t> strides(rank, 1), outShape;
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  for (int64_t p : perm)
    outShape.push_back(shape[p]);
  std::vector<int64_t> idx(n);
  SmallVector<int64_t> index(rank, 0);
  for (int64_t flat = 0; flat < n; ++flat) {
    int64_t src = 0;
    for (int64_t d = 0; d < rank; ++d)
      src += index[d] * strides[perm[d]];
    idx[flat] = src;
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  useHelper("_transpose_index");
  return IndexMap::get(
      std::move(idx),
      "_transpose_index(" + pyTuple(shape) + ", " + pyTuple(perm) + ")", n);
}

IndexMap NengoEmitter::sliceIndex(ArrayRef<int64_t> shape,
                                  ArrayRef<int64_t> start,
                                  ArrayRef<int64_t> size) {
  int64_t rank = shape.size(), n = product(size);
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  std::vector<int64_t> idx(n);
  SmallVector<int64_t> index(rank, 0);
  for (int64_t flat = 0; flat < n; ++flat) {
    int64_t src = 0;
    for (int64_t d = 0; d < rank; ++d)
      src += (start[d] + index[d]) * strides[d];
    idx[flat] = src;
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < size[d])
        break;
      index[d] = 0;
    }
  }
  useHelper("_slice_index");
  return IndexMap::get(std::move(idx),
                       "_slice_index(" + pyTuple(shape) + ", " +
                           pyTuple(start) + ", " + pyTuple(size) + ")",
                       product(shape));
}

IndexMap NengoEmitter::broadcastIndex(ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> to) {
  int64_t rank = to.size(), n = product(to);
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  std::vector<int64_t> idx(n);
  SmallVector<int64_t> index(rank, 0);
  for (int64_t flat = 0; flat < n; ++flat) {
    int64_t src = 0;
    for (int64_t d = 0; d < rank; ++d)
      src += (shape[d] == 1 ? 0 : index[d]) * strides[d];
    idx[flat] = src;
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < to[d])
        break;
      index[d] = 0;
    }
  }
  useHelper("_broadcast_index");
  return IndexMap::get(std::move(idx),
                       "_broadcast_index(" + pyTuple(shape) + ", " +
                           pyTuple(to) + ")",
                       product(shape));
}

LinValue NengoEmitter::gathered(const LinValue &value, const IndexMap &map,
                                RankedTensorType type) {
  LinValue out;
  out.type = type;
  out.origin = value.origin;
  for (const Term &t : value.terms) {
    Term term = t;
    if (term.hasOp()) {
      term.post = IndexMap::compose(term.post, map);
    } else {
      term.pre = IndexMap::compose(IndexMap::compose(term.pre, term.post), map);
      term.post = IndexMap::identity(map.size);
    }
    out.terms.push_back(std::move(term));
  }
  if (!value.bias.empty())
    out.bias = map.isIdentity() ? value.bias
                                : "(" + value.bias + ")[" + map.expr + "]";
  return out;
}

FailureOr<LinValue> NengoEmitter::getLin(Operation *user, Value v) {
  auto it = lins.find(v);
  if (it != lins.end())
    return it->second;
  if (const ConstValue *c = getConst(v)) {
    LinValue lin;
    lin.type = c->type;
    if (c->splat)
      lin.bias = "np.full(" + std::to_string(c->type.getNumElements()) + ", " +
                 pyFloat(*c->splat) + ")";
    else
      lin.bias = "np.ravel(" + c->expr + ")";
    return lin;
  }
  Operation *def = v.getDefiningOp();
  InFlightDiagnostic diag = user->emitOpError() << "has an operand ";
  if (def)
    diag << "computed by '" << def->getName()
         << "', which the Nengo emitter cannot express";
  else
    diag << "the Nengo emitter cannot express";
  return failure();
}

void NengoEmitter::connectTerm(const Term &term, StringRef target,
                               const IndexMap &dest) {
  if (!term.hasOp()) {
    IndexMap pre = IndexMap::compose(term.pre, term.post);
    std::string pres = sliceOf(pre), posts = sliceOf(dest);
    os << "nengo.Connection(" << term.src.ref << pres << ", " << target
       << posts;
    if (term.scale != 1.0)
      os << ", transform=" << pyFloat(term.scale);
    os << ", synapse=None)\n";
    return;
  }
  if (!term.op.what.empty())
    comment(term.op.what);
  IndexMap to = dest;
  std::string midTarget;
  if (!term.post.isIdentity()) {
    if (term.post.isPermutation()) {
      to = IndexMap::compose(dest, term.post.inverse());
    } else {
      // The layer's output is only partly used: a node holds all of it.
      midTarget = names.get("", "layer_out");
      os << midTarget << " = nengo.Node(size_in=" << term.op.outSize << ")\n";
    }
  }
  std::string pres = sliceOf(term.pre);
  std::string posts = midTarget.empty() ? sliceOf(to) : "";
  os << "nengo.Connection(\n";
  indent(os);
  os << term.src.ref << pres << ",\n";
  os << (midTarget.empty() ? target.str() : midTarget) << posts << ",\n";
  os << "transform=" << term.op.render(term.scale) << ",\n";
  os << "synapse=None,\n";
  unindent(os);
  os << ")\n";
  if (!midTarget.empty()) {
    std::string pre = sliceOf(term.post);
    std::string post = sliceOf(dest);
    os << "nengo.Connection(" << midTarget << pre << ", " << target << post
       << ", synapse=None)\n";
  }
}

void NengoEmitter::connect(const LinValue &value, StringRef target,
                           const IndexMap &dest, bool withBias) {
  for (const Term &term : value.terms)
    connectTerm(term, target, dest);
  if (withBias && !value.bias.empty()) {
    std::string posts = sliceOf(dest);
    os << "nengo.Connection(nengo.Node(" << value.bias << ", label=\"bias\"), "
       << target << posts << ", synapse=None)\n";
  }
}

Source NengoEmitter::materialize(const LinValue &value, Operation *op,
                                 StringRef what) {
  if (value.terms.size() == 1 && value.bias.empty()) {
    const Term &t = value.terms.front();
    if (!t.hasOp() && t.scale == 1.0 && t.pre.isIdentity() &&
        t.post.isIdentity() && t.src.size == value.size())
      return t.src;
  }
  Source src;
  std::string label = value.origin.empty() ? layerName(op) : value.origin;
  src.ref = names.get(label, "node");
  src.size = value.size();
  comment(label + " (" + shapeText(value.type.getShape()) + "), " + what +
          " of " + layerName(op) + ", in a passthrough node");
  os << src.ref << " = nengo.Node(size_in=" << src.size
     << ", label=" << pyStr(label) << ")\n";
  connect(value, src.ref, IndexMap::identity(src.size), /*withBias=*/true);
  return src;
}

void NengoEmitter::asGather(const LinValue &value, Operation *op, Source &src,
                            IndexMap &gather, double &scale, bool forDense) {
  if (value.terms.size() == 1 && value.bias.empty() &&
      !value.terms.front().hasOp()) {
    const Term &t = value.terms.front();
    IndexMap g = IndexMap::compose(t.pre, t.post);
    if (!forDense || !g.hasRepeats()) {
      src = t.src;
      gather = g;
      scale = t.scale;
      return;
    }
  }
  src = materialize(value, op, "input");
  gather = IndexMap::identity(src.size);
  scale = 1.0;
}

LogicalResult NengoEmitter::recordConstant(Operation *op, Value result,
                                           Attribute attr) {
  auto elements = dyn_cast<ElementsAttr>(attr);
  auto type = dyn_cast<RankedTensorType>(result.getType());
  if (!elements || !type || !isa<FloatType>(type.getElementType()))
    return success(); // not a float tensor: only shapes and zero points
  if (auto dense = dyn_cast<DenseElementsAttr>(attr);
      dense && dense.isSplat()) {
    double v = dense.getSplatValue<APFloat>().convertToDouble();
    setConst(result,
             "np.full(" + pyTuple(type.getShape()) + ", " + pyFloat(v) + ")",
             v);
    return success();
  }
  Type et = type.getElementType();
  if (!et.isF32() && !et.isF64() && !et.isF16())
    return op->emitOpError() << "has a constant of element type " << et
                             << ", which the weights file cannot hold "
                                "(supported: f16, f32, f64)";
  // The key: the blob's name (the ONNX initializer), else the ONNX node.
  std::string name;
  if (auto blob = dyn_cast<DenseResourceElementsAttr>(attr))
    name = blob.getRawHandle().getKey().str();
  if (name.empty())
    name = getLocName(op->getLoc());
  std::string key = paramKeys.get(name, "param");
  params.push_back(Param{key, elements, op});
  setConst(result, "w[" + pyStr(key) + "]");
  return success();
}

//===----------------------------------------------------------------------===//
// Ensembles
//===----------------------------------------------------------------------===//

LogicalResult NengoEmitter::emitEnsemble(Operation *op, Value input,
                                         StringRef neuronType, double gain,
                                         double bias, StringRef kind) {
  FailureOr<LinValue> in = getLin(op, input);
  if (failed(in))
    return failure();
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  std::string name = nameFor(op, "ens");
  int64_t n = type.getNumElements();
  blankLine();
  comment(layerName(op) + ": " + kind + ", " + std::to_string(n) +
          " neurons (" + shapeText(type.getShape()) + ")");
  std::string biasCode;
  if (in->bias.empty())
    biasCode = "nengo.dists.Choice([" + pyFloat(bias) + "])";
  else
    biasCode =
        (gain == 1.0 ? in->bias : pyFloat(gain) + " * (" + in->bias + ")") +
        (bias == 0.0 ? "" : " + " + pyFloat(bias));
  os << name << " = nengo.Ensemble(\n";
  indent(os);
  os << n << ",\n1,\n";
  os << "neuron_type=" << neuronType << ",\n";
  os << "gain=nengo.dists.Choice([" << pyFloat(gain) << "]),\n";
  os << "bias=" << biasCode << ",\n";
  os << "label=" << pyStr(layerName(op)) << ",\n";
  unindent(os);
  os << ")\n";
  connect(*in, name + ".neurons", IndexMap::identity(n), /*withBias=*/false);
  LinValue out;
  Term term;
  term.src = Source{name + ".neurons", n};
  term.pre = IndexMap::identity(n);
  term.post = IndexMap::identity(n);
  out.terms.push_back(std::move(term));
  setLin(op->getResult(0), std::move(out));
  return success();
}

LogicalResult NengoEmitter::emitFunctionNode(Operation *op,
                                             ArrayRef<Value> operands,
                                             StringRef body, StringRef what) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<LinValue, 2> ins;
  int64_t sizeIn = 0;
  for (Value v : operands) {
    FailureOr<LinValue> in = getLin(op, v);
    if (failed(in))
      return failure();
    // Element-wise operands are broadcast to the result first.
    auto vType = cast<RankedTensorType>(v.getType());
    if (operands.size() > 1 && vType.getShape() != type.getShape()) {
      IndexMap map = broadcastIndex(vType.getShape(), type.getShape());
      in = gathered(*in, map, type);
    }
    sizeIn += in->size();
    ins.push_back(*in);
  }
  std::string name = nameFor(op, "func");
  blankLine();
  comment(layerName(op) + ": " + what +
          " has no Nengo object form: a Python function node (Nengo core "
          "and NengoDL; sim.fit does not train through it)");
  os << name << " = nengo.Node(lambda t, x: " << body << ", size_in=" << sizeIn
     << ", size_out=" << type.getNumElements()
     << ", label=" << pyStr(layerName(op)) << ")\n";
  int64_t offset = 0;
  for (const LinValue &in : ins) {
    IndexMap dest = ins.size() == 1
                        ? IndexMap::identity(sizeIn)
                        : sliceIndex({sizeIn}, {offset}, {in.size()});
    connect(in, name, dest, /*withBias=*/true);
    offset += in.size();
  }
  LinValue out;
  Term term;
  term.src = Source{name, type.getNumElements()};
  term.pre = term.post = IndexMap::identity(type.getNumElements());
  out.terms.push_back(term);
  setLin(op->getResult(0), std::move(out));
  return success();
}

static std::string zeroState(ArrayRef<StringRef> names) {
  std::string s = "{";
  for (auto [i, name] : llvm::enumerate(names))
    s += std::string(i ? ", " : "") + "\"" + name.str() +
         "\": nengo.dists.Choice([0])";
  return s + "}";
}

static LogicalResult printOperation(NengoEmitter &e, snn::LIFOp op) {
  std::string type =
      "nengo.LIF(tau_rc=" + pyFloat(op.getTauRc().convertToDouble()) +
      ", tau_ref=" + pyFloat(op.getTauRef().convertToDouble()) +
      ", min_voltage=" + pyFloat(op.getMinVoltage().convertToDouble()) +
      ", amplitude=" + pyFloat(op.getAmplitude().convertToDouble()) +
      ", initial_state=" + zeroState({"voltage", "refractory_time"}) + ")";
  return e.emitEnsemble(op, op.getInput(), type, op.getGain().convertToDouble(),
                        op.getBias().convertToDouble(), "snn.lif");
}

static LogicalResult printOperation(NengoEmitter &e, snn::IFOp op) {
  // The voltage starts at initial_voltage (0 by default).
  double v0 = op.getInitialVoltage().convertToDouble();
  std::string state =
      v0 == 0.0 ? zeroState({"voltage"})
                : "{\"voltage\": nengo.dists.Choice([" + pyFloat(v0) + "])}";
  std::string type = "nengo.SpikingRectifiedLinear(amplitude=" +
                     pyFloat(op.getAmplitude().convertToDouble()) +
                     ", initial_state=" + state + ")";
  // Without rectification or with reset to zero: the runtime's subclass of
  // SpikingRectifiedLinear with those equations.
  if (!op.getRectify() || op.getReset() != "subtract") {
    e.useHelper("_SNNIF");
    type = "_SNNIF(amplitude=" + pyFloat(op.getAmplitude().convertToDouble()) +
           ", rectify=" + (op.getRectify() ? "True" : "False") +
           ", reset=" + pyStr(op.getReset()) + ", initial_state=" + state + ")";
  }
  return e.emitEnsemble(op, op.getInput(), type, op.getGain().convertToDouble(),
                        op.getBias().convertToDouble(), "snn.if");
}

static LogicalResult printOperation(NengoEmitter &e, snn::IzhikevichOp op) {
  if (op.getCoupling().isNegative())
    return op.emitOpError()
           << "has coupling " << pyFloat(op.getCoupling().convertToDouble())
           << " < 0, which nengo.Izhikevich rejects";
  std::string type =
      "nengo.Izhikevich(tau_recovery=" +
      pyFloat(op.getTauRecovery().convertToDouble()) +
      ", coupling=" + pyFloat(op.getCoupling().convertToDouble()) +
      ", reset_voltage=" + pyFloat(op.getResetVoltage().convertToDouble()) +
      ", reset_recovery=" + pyFloat(op.getResetRecovery().convertToDouble()) +
      ", initial_state=" + zeroState({"voltage", "recovery"}) + ")";
  return e.emitEnsemble(op, op.getInput(), type, op.getGain().convertToDouble(),
                        op.getBias().convertToDouble(), "snn.izhikevich");
}

static LogicalResult printOperation(NengoEmitter &e, snn::LIFRateOp op) {
  if (!isa<RankedTensorType>(op.getType()))
    return op.emitOpError() << "on a scalar or vector cannot be emitted for "
                               "Nengo (expected a tensor)";
  std::string type =
      "nengo.LIFRate(tau_rc=" + pyFloat(op.getTauRc().convertToDouble()) +
      ", tau_ref=" + pyFloat(op.getTauRef().convertToDouble()) +
      ", amplitude=" + pyFloat(op.getAmplitude().convertToDouble()) + ")";
  return e.emitEnsemble(op, op.getInput(), type, op.getGain().convertToDouble(),
                        op.getBias().convertToDouble(), "snn.lif_rate");
}

static LogicalResult printOperation(NengoEmitter &e, snn::SoftLIFRateOp op) {
  if (!isa<RankedTensorType>(op.getType()))
    return op.emitOpError() << "on a scalar or vector cannot be emitted for "
                               "Nengo (expected a tensor)";
  if (e.options.coreOnly)
    return op.emitOpError() << "needs nengo_dl.SoftLIFRate (NengoDL), which "
                               "--nengo-core-only excludes";
  e.usesNengoDL = true;
  std::string type =
      "nengo_dl.SoftLIFRate(sigma=" + pyFloat(op.getSigma().convertToDouble()) +
      ", tau_rc=" + pyFloat(op.getTauRc().convertToDouble()) +
      ", tau_ref=" + pyFloat(op.getTauRef().convertToDouble()) +
      ", amplitude=" + pyFloat(op.getAmplitude().convertToDouble()) + ")";
  return e.emitEnsemble(op, op.getInput(), type, op.getGain().convertToDouble(),
                        op.getBias().convertToDouble(), "snn.soft_lif_rate");
}

/// True when `attr` is at least the largest finite value of its type.
static bool isUnbounded(Attribute attr) {
  auto f = dyn_cast<FloatAttr>(attr);
  if (!f)
    return false;
  APFloat v = f.getValue();
  if (v.isInfinity() && !v.isNegative())
    return true;
  APFloat largest = APFloat::getLargest(v.getSemantics());
  return v.compare(largest) != APFloat::cmpLessThan;
}

static LogicalResult printOperation(NengoEmitter &e, tosa::ClampOp op) {
  auto minAttr = dyn_cast<FloatAttr>(op.getMinValAttr());
  if (!minAttr || !minAttr.getValue().isZero() ||
      !isUnbounded(op.getMaxValAttr())) {
    auto lo = dyn_cast<FloatAttr>(op.getMinValAttr());
    auto hi = dyn_cast<FloatAttr>(op.getMaxValAttr());
    if (!lo || !hi)
      return op.emitOpError() << "clamps integers, which the Nengo emitter "
                                 "does not support";
    return e.emitFunctionNode(op, {op.getInput()},
                              "np.clip(x, " + pyFloat(lo.getValueAsDouble()) +
                                  ", " + pyFloat(hi.getValueAsDouble()) + ")",
                              "a clip (non-spiking)");
  }
  return e.emitEnsemble(op, op.getInput(), "nengo.RectifiedLinear()", 1.0, 0.0,
                        "ReLU (non-spiking)");
}

static LogicalResult printOperation(NengoEmitter &e, tosa::SigmoidOp op) {
  return e.emitEnsemble(op, op.getInput(), "nengo.Sigmoid(tau_ref=1.0)", 1.0,
                        0.0, "sigmoid (non-spiking)");
}

static LogicalResult printOperation(NengoEmitter &e, tosa::TanhOp op) {
  return e.emitEnsemble(op, op.getInput(), "nengo.Tanh(tau_ref=1.0)", 1.0, 0.0,
                        "tanh (non-spiking)");
}

static LogicalResult printOperation(NengoEmitter &e, snn::LowpassOp op) {
  FailureOr<LinValue> in = e.getLin(op, op.getInput());
  if (failed(in))
    return failure();
  double tau = op.getTau().convertToDouble();
  if (tau == 0.0) {
    e.setLin(op.getResult(), *in);
    return success();
  }
  // Nengo's own synapses act one step late (they update after the step);
  // the native lowpass does not: y[t] = a y[t-1] + (1 - a) u[t]. A node with
  // a recurrent connection through a one-step delay computes exactly that.
  Source src = e.materialize(*in, op, "input of the synapse");
  std::string name = e.nameFor(op, "lowpass");
  std::string a = "np.exp(-dt / " + pyFloat(tau) + ")";
  e.blankLine();
  e.comment(NengoEmitter::layerName(op) + ": snn.lowpass, tau = " +
            pyFloat(tau) + " s: y[t] = a y[t-1] + (1 - a) u[t], a = " + a);
  e.os << name << " = nengo.Node(size_in=" << src.size
       << ", label=" << pyStr(NengoEmitter::layerName(op)) << ")\n";
  e.os << "nengo.Connection(" << src.ref << ", " << name
       << ", transform=-np.expm1(-dt / " << pyFloat(tau)
       << "), synapse=None)\n";
  e.os << "nengo.Connection(" << name << ", " << name << ", transform=" << a
       << ", synapse=_ONE_STEP_DELAY)\n";
  LinValue out;
  Term term;
  term.src = Source{name, src.size};
  term.pre = term.post = IndexMap::identity(src.size);
  out.terms.push_back(term);
  e.setLin(op.getResult(), std::move(out));
  e.usesDelay = true;
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement and element-wise linear ops
//===----------------------------------------------------------------------===//

static FailureOr<SmallVector<int64_t>> getShapeValues(Operation *user,
                                                      Value v) {
  auto op = v.getDefiningOp<tosa::ConstShapeOp>();
  if (!op) {
    user->emitOpError() << "needs a constant shape operand (tosa.const_shape)";
    return failure();
  }
  SmallVector<int64_t> values;
  for (const APInt &i : op.getValues().getValues<APInt>())
    values.push_back(i.getSExtValue());
  return values;
}

static LogicalResult printOperation(NengoEmitter &e, tosa::ExpOp op) {
  return e.emitFunctionNode(op, {op.getInput1()}, "np.exp(x)", "exp");
}

static LogicalResult printOperation(NengoEmitter &e, tosa::ReciprocalOp op) {
  return e.emitFunctionNode(op, {op.getInput1()}, "1.0 / x", "a reciprocal");
}

static LogicalResult printOperation(NengoEmitter &e, tosa::MaximumOp op) {
  auto type = cast<RankedTensorType>(op.getType());
  int64_t n = type.getNumElements();
  return e.emitFunctionNode(op, {op.getInput1(), op.getInput2()},
                            "np.maximum(x[:" + std::to_string(n) + "], x[" +
                                std::to_string(n) + ":])",
                            "a maximum");
}

static LogicalResult printOperation(NengoEmitter &e, tosa::ReduceMaxOp op) {
  auto inType = cast<RankedTensorType>(op.getInput().getType());
  return e.emitFunctionNode(
      op, {op.getInput()},
      "x.reshape(" + pyTuple(inType.getShape()) + ").max(axis=" +
          std::to_string(op.getAxis()) + ", keepdims=True).ravel()",
      "a maximum over axis " + std::to_string(op.getAxis()));
}

static LogicalResult printOperation(NengoEmitter &e, tosa::ReshapeOp op) {
  if (const ConstValue *c = e.getConst(op.getInput1())) {
    e.setConst(op.getResult(),
               "np.reshape(" + c->expr + ", " +
                   pyTuple(op.getType().getShape()) + ")",
               c->splat);
    return success();
  }
  FailureOr<LinValue> in = e.getLin(op, op.getInput1());
  if (failed(in))
    return failure();
  e.setLin(op.getResult(), *in);
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::TransposeOp op) {
  ArrayRef<int32_t> perms = op.getPerms();
  SmallVector<int64_t> perm(perms.begin(), perms.end());
  auto inType = cast<RankedTensorType>(op.getInput1().getType());
  if (const ConstValue *c = e.getConst(op.getInput1())) {
    e.setConst(op.getResult(),
               "np.transpose(" + c->expr + ", " + pyTuple(perm) + ")",
               c->splat);
    return success();
  }
  FailureOr<LinValue> in = e.getLin(op, op.getInput1());
  if (failed(in))
    return failure();
  IndexMap map = e.transposeIndex(inType.getShape(), perm);
  e.setLin(op.getResult(), NengoEmitter::gathered(
                               *in, map, cast<RankedTensorType>(op.getType())));
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::SliceOp op) {
  FailureOr<SmallVector<int64_t>> start = getShapeValues(op, op.getStart());
  if (failed(start))
    return failure();
  auto inType = cast<RankedTensorType>(op.getInput1().getType());
  ArrayRef<int64_t> size = op.getType().getShape();
  if (const ConstValue *c = e.getConst(op.getInput1())) {
    std::string window;
    for (auto [i, b] : llvm::enumerate(*start))
      window += (i ? ", " : "") + std::to_string(b) + ":" +
                std::to_string(b + size[i]);
    e.setConst(op.getResult(), "(" + c->expr + ")[" + window + "]", c->splat);
    return success();
  }
  FailureOr<LinValue> in = e.getLin(op, op.getInput1());
  if (failed(in))
    return failure();
  IndexMap map = e.sliceIndex(inType.getShape(), *start, size);
  e.setLin(op.getResult(), NengoEmitter::gathered(
                               *in, map, cast<RankedTensorType>(op.getType())));
  return success();
}

/// The value broadcast to `to` (numpy rules at equal rank).
static LinValue broadcastTo(NengoEmitter &e, const LinValue &value,
                            RankedTensorType to) {
  if (value.type.getShape() == to.getShape())
    return value;
  IndexMap map = e.broadcastIndex(value.type.getShape(), to.getShape());
  return NengoEmitter::gathered(value, map, to);
}

static LinValue scaled(const LinValue &value, double s) {
  LinValue out = value;
  out.origin.clear();
  for (Term &t : out.terms)
    t.scale *= s;
  if (!out.bias.empty())
    out.bias = pyFloat(s) + " * (" + out.bias + ")";
  return out;
}

template <typename OpTy>
static LogicalResult printAddSub(NengoEmitter &e, OpTy op, bool subtract) {
  Value a = op.getInput1(), b = op.getInput2();
  const ConstValue *ca = e.getConst(a), *cb = e.getConst(b);
  if (ca && cb) {
    e.setConst(op.getResult(),
               "(" + ca->expr + (subtract ? " - " : " + ") + cb->expr + ")");
    return success();
  }
  FailureOr<LinValue> la = e.getLin(op, a);
  if (failed(la))
    return failure();
  FailureOr<LinValue> lb = e.getLin(op, b);
  if (failed(lb))
    return failure();
  auto type = cast<RankedTensorType>(op.getType());
  LinValue x = broadcastTo(e, *la, type);
  LinValue y = broadcastTo(e, *lb, type);
  if (subtract)
    y = scaled(y, -1.0);
  LinValue out = x;
  out.origin.clear();
  llvm::append_range(out.terms, y.terms);
  if (out.bias.empty())
    out.bias = y.bias;
  else if (!y.bias.empty())
    out.bias = "(" + out.bias + ") + (" + y.bias + ")";
  e.setLin(op.getResult(), std::move(out));
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::AddOp op) {
  return printAddSub(e, op, false);
}

static LogicalResult printOperation(NengoEmitter &e, tosa::SubOp op) {
  return printAddSub(e, op, true);
}

static LogicalResult printOperation(NengoEmitter &e, tosa::NegateOp op) {
  if (const ConstValue *c = e.getConst(op.getInput1())) {
    e.setConst(op.getResult(), "(-" + c->expr + ")",
               c->splat ? std::optional<double>(-*c->splat) : std::nullopt);
    return success();
  }
  FailureOr<LinValue> in = e.getLin(op, op.getInput1());
  if (failed(in))
    return failure();
  e.setLin(op.getResult(), scaled(*in, -1.0));
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::MulOp op) {
  Value a = op.getInput1(), b = op.getInput2();
  const ConstValue *ca = e.getConst(a), *cb = e.getConst(b);
  if (ca && cb) {
    e.setConst(op.getResult(), "(" + ca->expr + " * " + cb->expr + ")");
    return success();
  }
  if (!ca && !cb) {
    if (a == b)
      return e.emitFunctionNode(op, {a}, "x * x", "a square");
    int64_t n = op.getType().getNumElements();
    return e.emitFunctionNode(op, {a, b},
                              "x[:" + std::to_string(n) + "] * x[" +
                                  std::to_string(n) + ":]",
                              "a product of two computed tensors");
  }
  Value x = ca ? b : a;
  const ConstValue *c = ca ? ca : cb;
  FailureOr<LinValue> in = e.getLin(op, x);
  if (failed(in))
    return failure();
  auto type = cast<RankedTensorType>(op.getType());
  LinValue v = broadcastTo(e, *in, type);
  if (c->splat) {
    e.setLin(op.getResult(), scaled(v, *c->splat));
    return success();
  }
  // Element-wise scaling: a diagonal nengo.Dense on a gather.
  std::string factor = "np.broadcast_to(" + c->expr + ", " +
                       pyTuple(type.getShape()) + ").ravel()";
  int64_t n = type.getNumElements();
  bool allGathers =
      llvm::all_of(v.terms, [](const Term &t) { return !t.hasOp(); });
  if (!allGathers) {
    Source src = e.materialize(v, op, "input of the element-wise product");
    Term term;
    term.src = src;
    term.pre = IndexMap::identity(n);
    term.post = IndexMap::identity(n);
    v.terms.assign(1, term);
    v.bias.clear();
  }
  std::string what = NengoEmitter::layerName(op) + ": element-wise product";
  for (Term &t : v.terms) {
    t.pre = IndexMap::compose(t.pre, t.post);
    t.post = IndexMap::identity(n);
    t.op.inSize = t.op.outSize = n;
    t.op.what = what;
    t.op.render = [n, factor](double s) {
      std::string init = s == 1.0 ? factor : pyFloat(s) + " * " + factor;
      return "nengo.Dense((" + std::to_string(n) + ", " + std::to_string(n) +
             "), init=" + init + ")";
    };
  }
  if (!v.bias.empty())
    v.bias = "(" + v.bias + ") * " + factor;
  e.setLin(op.getResult(), std::move(v));
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::PadOp op) {
  FailureOr<SmallVector<int64_t>> padding = getShapeValues(op, op.getPadding());
  if (failed(padding))
    return failure();
  auto type = cast<RankedTensorType>(op.getType());
  auto inType = cast<RankedTensorType>(op.getInput1().getType());
  if (llvm::all_of(*padding, [](int64_t p) { return p == 0; })) {
    if (const ConstValue *c = e.getConst(op.getInput1())) {
      e.consts[op.getResult()] = *c;
      return success();
    }
    FailureOr<LinValue> in = e.getLin(op, op.getInput1());
    if (failed(in))
      return failure();
    e.setLin(op.getResult(), *in);
    return success();
  }
  const ConstValue *value = e.getConst(op.getPadConst());
  if (!value || !value->splat || *value->splat != 0.0)
    return op.emitOpError() << "pads with a value other than a constant 0, "
                               "which the Nengo emitter does not support";
  FailureOr<LinValue> in = e.getLin(op, op.getInput1());
  if (failed(in))
    return failure();
  SmallVector<int64_t> start;
  for (int64_t d = 0; d < type.getRank(); ++d)
    start.push_back((*padding)[2 * d]);
  std::string name = e.nameFor(op, "pad");
  e.blankLine();
  e.comment(NengoEmitter::layerName(op) + ": zero padding to " +
            shapeText(type.getShape()) + " in a passthrough node");
  e.os << name << " = nengo.Node(size_in=" << type.getNumElements()
       << ", label=" << pyStr(NengoEmitter::layerName(op)) << ")\n";
  IndexMap dest = e.sliceIndex(type.getShape(), start, inType.getShape());
  e.connect(*in, name, dest, /*withBias=*/true);
  LinValue out;
  Term term;
  term.src = Source{name, type.getNumElements()};
  term.pre = term.post = IndexMap::identity(type.getNumElements());
  out.terms.push_back(term);
  e.setLin(op.getResult(), std::move(out));
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::ConcatOp op) {
  int64_t axis = op.getAxis();
  auto type = op.getType();
  SmallVector<const ConstValue *> cs;
  for (Value v : op.getInput1())
    cs.push_back(e.getConst(v));
  if (llvm::all_of(cs, [](const ConstValue *c) { return c != nullptr; })) {
    std::string list;
    for (auto [i, c] : llvm::enumerate(cs))
      list += (i ? ", " : "") + c->expr;
    e.setConst(op.getResult(), "np.concatenate([" + list +
                                   "], axis=" + std::to_string(axis) + ")");
    return success();
  }
  SmallVector<LinValue, 4> ins;
  for (Value v : op.getInput1()) {
    FailureOr<LinValue> in = e.getLin(op, v);
    if (failed(in))
      return failure();
    ins.push_back(*in);
  }
  std::string name = e.nameFor(op, "concat");
  e.blankLine();
  e.comment(NengoEmitter::layerName(op) + ": concatenation on axis " +
            std::to_string(axis) + " (" + shapeText(type.getShape()) +
            "), each input into its slice of a passthrough node");
  e.os << name << " = nengo.Node(size_in=" << type.getNumElements()
       << ", label=" << pyStr(NengoEmitter::layerName(op)) << ")\n";
  int64_t offset = 0;
  for (const LinValue &in : ins) {
    SmallVector<int64_t> start(type.getRank(), 0);
    start[axis] = offset;
    IndexMap dest = e.sliceIndex(type.getShape(), start, in.type.getShape());
    e.connect(in, name, dest, /*withBias=*/true);
    offset += in.type.getDimSize(axis);
  }
  LinValue out;
  Term term;
  term.src = Source{name, type.getNumElements()};
  term.pre = term.post = IndexMap::identity(type.getNumElements());
  out.terms.push_back(term);
  e.setLin(op.getResult(), std::move(out));
  return success();
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

namespace {
/// A 2-D window op on an NHWC tensor, placed on the Nengo signal: either the
/// source is already channels-first (NCHW order) or it is read in NHWC order.
struct WindowInput {
  Source src;
  IndexMap pre;
  IndexMap post; // NHWC output from the op's output order
  double scale = 1.0;
  bool channelsLast = true;
  int64_t h = 0, w = 0, c = 0;
  std::string shapeIn() const {
    return channelsLast ? pyTuple({h, w, c}) : pyTuple({c, h, w});
  }
};
} // namespace

/// Places the NHWC `input` of a window op with output NHWC `outShape`.
static FailureOr<WindowInput> placeWindowInput(NengoEmitter &e, Operation *op,
                                               Value input,
                                               ArrayRef<int64_t> outShape) {
  FailureOr<LinValue> in = e.getLin(op, input);
  if (failed(in))
    return failure();
  ArrayRef<int64_t> shape = in->type.getShape();
  if (shape.size() != 4 || shape[0] != 1) {
    op->emitOpError() << "needs a batch of 1 (input " << shapeText(shape)
                      << "): Nengo simulates one example per network "
                         "(batches are NengoDL minibatches)";
    return failure();
  }
  WindowInput wi;
  wi.h = shape[1];
  wi.w = shape[2];
  wi.c = shape[3];
  IndexMap gather;
  e.asGather(*in, op, wi.src, gather, wi.scale);
  // The source in NHWC order: channels last, no index array. Else, when the
  // source is in NCHW order (u = V[t] is the identity): channels first.
  IndexMap t = e.transposeIndex(shape, {0, 3, 1, 2});
  IndexMap cf = IndexMap::compose(gather, t);
  if (!gather.isIdentity() && cf.isIdentity()) {
    wi.channelsLast = false;
    wi.pre = cf;
    SmallVector<int64_t> nchw = {1, outShape[3], outShape[1], outShape[2]};
    wi.post = e.transposeIndex(nchw, {0, 2, 3, 1});
  } else {
    wi.pre = gather;
    wi.post = IndexMap::identity(product(outShape));
  }
  return wi;
}

/// TF "same" padding for one spatial dimension, or none.
static bool isSamePadding(int64_t in, int64_t out, int64_t k, int64_t s,
                          int64_t before, int64_t after) {
  if (out != (in + s - 1) / s)
    return false;
  int64_t total = std::max<int64_t>((out - 1) * s + k - in, 0);
  return before == total / 2 && after == total - total / 2;
}

/// Pads the window input explicitly: a node holding the padded tensor.
static void padExplicitly(NengoEmitter &e, Operation *op, WindowInput &wi,
                          ArrayRef<int64_t> pad) {
  int64_t ph = wi.h + pad[0] + pad[1], pw = wi.w + pad[2] + pad[3];
  SmallVector<int64_t> shape, start, size;
  if (wi.channelsLast) {
    shape = {ph, pw, wi.c};
    start = {pad[0], pad[2], 0};
    size = {wi.h, wi.w, wi.c};
  } else {
    shape = {wi.c, ph, pw};
    start = {0, pad[0], pad[2]};
    size = {wi.c, wi.h, wi.w};
  }
  IndexMap dest = e.sliceIndex(shape, start, size);
  std::string name = e.names.get(getLocName(op->getLoc()) + "_padded", "pad");
  e.comment(NengoEmitter::layerName(op) + ": zero padding " + pyTuple(pad) +
            " (top, bottom, left, right)");
  e.os << name << " = nengo.Node(size_in=" << product(shape) << ")\n";
  std::string pres = e.sliceOf(wi.pre), posts = e.sliceOf(dest);
  e.os << "nengo.Connection(" << wi.src.ref << pres << ", " << name << posts;
  if (wi.scale != 1.0)
    e.os << ", transform=" << pyFloat(wi.scale);
  e.os << ", synapse=None)\n";
  wi.src = Source{name, product(shape)};
  wi.pre = IndexMap::identity(product(shape));
  wi.scale = 1.0;
  wi.h = ph;
  wi.w = pw;
}

/// The conv output's bias (per output channel) as a flat NHWC array.
static std::string channelBias(const ConstValue *bias, int64_t spatial,
                               int64_t channels) {
  if (!bias || (bias->splat && *bias->splat == 0.0))
    return "";
  if (bias->splat)
    return "np.full(" + std::to_string(spatial * channels) + ", " +
           pyFloat(*bias->splat) + ")";
  return "np.tile(np.ravel(" + bias->expr + "), " + std::to_string(spatial) +
         ")";
}

template <typename OpTy>
static LogicalResult printConv(NengoEmitter &e, OpTy op, bool depthwise) {
  auto outType = cast<RankedTensorType>(op.getType());
  ArrayRef<int64_t> out = outType.getShape();
  const ConstValue *weight = e.getConst(op.getWeight());
  const ConstValue *bias = e.getConst(op.getBias());
  if (!weight)
    return op.emitOpError() << "needs constant weights";
  if (!bias)
    return op.emitOpError() << "needs a constant bias";
  if (llvm::any_of(op.getDilation(), [](int64_t d) { return d != 1; }))
    return op.emitOpError() << "has dilations " << pyTuple(op.getDilation())
                            << ", which nengo.Convolution does not support";
  ArrayRef<int64_t> ws = weight->type.getShape();
  FailureOr<WindowInput> wi = placeWindowInput(e, op, op.getInput(), out);
  if (failed(wi))
    return failure();
  ArrayRef<int64_t> pad = op.getPad(), stride = op.getStride();
  int64_t kh = depthwise ? ws[0] : ws[1], kw = depthwise ? ws[1] : ws[2];
  std::string padding = "valid";
  if (llvm::any_of(pad, [](int64_t p) { return p != 0; })) {
    if (isSamePadding(wi->h, out[1], kh, stride[0], pad[0], pad[1]) &&
        isSamePadding(wi->w, out[2], kw, stride[1], pad[2], pad[3]))
      padding = "same";
    else
      padExplicitly(e, op, *wi, pad);
  }
  int64_t filters = out[3];
  std::string kernel, groups;
  if (depthwise) {
    // [KH, KW, C, M] -> [KH, KW, 1, C * M]; groups = C.
    kernel = "np.reshape(" + weight->expr + ", " +
             pyTuple({kh, kw, 1, ws[2] * ws[3]}) + ")";
    groups = ", groups=" + std::to_string(ws[2]);
  } else {
    // [O, KH, KW, I] -> [KH, KW, I, O].
    kernel = "np.transpose(" + weight->expr + ", (1, 2, 3, 0))";
  }
  std::string head =
      "nengo.Convolution(" + std::to_string(filters) + ", " + wi->shapeIn() +
      ", kernel_size=" + pyTuple({kh, kw}) + ", strides=" + pyTuple(stride) +
      ", padding=\"" + padding +
      "\", channels_last=" + (wi->channelsLast ? "True" : "False") + groups +
      ", init=";
  Term term;
  term.src = wi->src;
  term.pre = wi->pre;
  term.post = wi->post;
  term.scale = wi->scale;
  term.op.inSize = wi->src.size;
  term.op.outSize = outType.getNumElements();
  term.op.what = NengoEmitter::layerName(op) + ": " + std::to_string(kh) + "x" +
                 std::to_string(kw) + (depthwise ? " depthwise" : "") +
                 " convolution, " + std::to_string(filters) +
                 " filters, strides " + pyTuple(stride);
  term.op.render = [head, kernel](double s) {
    return head + (s == 1.0 ? kernel : pyFloat(s) + " * " + kernel) + ")";
  };
  LinValue v;
  v.terms.push_back(std::move(term));
  v.bias = channelBias(bias, out[1] * out[2], out[3]);
  e.setLin(op.getResult(), std::move(v));
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::Conv2DOp op) {
  return printConv(e, op, false);
}

static LogicalResult printOperation(NengoEmitter &e,
                                    tosa::DepthwiseConv2DOp op) {
  return printConv(e, op, true);
}

static LogicalResult printOperation(NengoEmitter &e, tosa::AvgPool2dOp op) {
  ArrayRef<int64_t> out = op.getType().getShape();
  FailureOr<WindowInput> wi = placeWindowInput(e, op, op.getInput(), out);
  if (failed(wi))
    return failure();
  ArrayRef<int64_t> kernel = op.getKernel(), stride = op.getStride(),
                    pad = op.getPad();
  bool padded = llvm::any_of(pad, [](int64_t p) { return p != 0; });
  int64_t c = wi->c;
  std::string shapeIn = wi->shapeIn();
  bool channelsLast = wi->channelsLast;
  Term term;
  term.src = wi->src;
  term.pre = wi->pre;
  term.post = wi->post;
  term.scale = wi->scale;
  term.op.inSize = wi->src.size;
  term.op.outSize = op.getType().getNumElements();
  term.op.what =
      NengoEmitter::layerName(op) + ": " + std::to_string(kernel[0]) + "x" +
      std::to_string(kernel[1]) + " average pooling, strides " +
      pyTuple(stride) +
      (padded ? ", padded (sparse transform)" : " (fixed convolution)");
  if (!padded) {
    e.useHelper("_avg_pool_kernel");
    std::string head =
        "nengo.Convolution(" + std::to_string(c) + ", " + shapeIn +
        ", kernel_size=" + pyTuple(kernel) + ", strides=" + pyTuple(stride) +
        ", padding=\"valid\", channels_last=" +
        (channelsLast ? "True" : "False") + ", init=_avg_pool_kernel(" +
        std::to_string(kernel[0]) + ", " + std::to_string(kernel[1]) + ", " +
        std::to_string(c);
    term.op.render = [head](double s) {
      return head + (s == 1.0 ? "" : ", scale=" + pyFloat(s)) + "))";
    };
  } else {
    e.useHelper("_avg_pool_sparse");
    std::string head = "_avg_pool_sparse(" + shapeIn + ", " + pyTuple(kernel) +
                       ", " + pyTuple(stride) + ", " + pyTuple(pad) + ", " +
                       (channelsLast ? "True" : "False");
    term.op.render = [head](double s) {
      return head + (s == 1.0 ? "" : ", scale=" + pyFloat(s)) + ")";
    };
  }
  LinValue v;
  v.terms.push_back(std::move(term));
  e.setLin(op.getResult(), std::move(v));
  return success();
}

/// Makes `wi` read a whole object of its own (a node holding the gathered,
/// scaled input) when it reads a gather or a scaling of one: the max pooling
/// layers take an object.
static void materializeWindowInput(NengoEmitter &e, Operation *op,
                                   WindowInput &wi, Type elementType) {
  if (wi.pre.isIdentity() && wi.scale == 1.0)
    return;
  LinValue in;
  in.type = RankedTensorType::get(wi.channelsLast
                                      ? SmallVector<int64_t>{wi.h, wi.w, wi.c}
                                      : SmallVector<int64_t>{wi.c, wi.h, wi.w},
                                  elementType);
  Term t;
  t.src = wi.src;
  t.pre = wi.pre;
  t.post = IndexMap::identity(in.size());
  t.scale = wi.scale;
  in.terms.push_back(t);
  wi.src = e.materialize(in, op, "input of the max pooling");
  wi.pre = IndexMap::identity(wi.src.size);
}

static LogicalResult printOperation(NengoEmitter &e, tosa::MaxPool2dOp op) {
  if (e.options.coreOnly)
    return op.emitOpError()
           << "has no Nengo object form (max pooling is not linear): it "
              "needs a nengo_dl.Layer, which --nengo-core-only excludes";
  auto outType = cast<RankedTensorType>(op.getType());
  ArrayRef<int64_t> out = outType.getShape();
  FailureOr<WindowInput> wi = placeWindowInput(e, op, op.getInput(), out);
  if (failed(wi))
    return failure();
  e.usesNengoDL = true;
  e.useHelper("_max_pool_layer");
  // The layer reads a whole object: materialize a gathered or scaled input.
  materializeWindowInput(e, op, *wi, outType.getElementType());
  std::string name = e.nameFor(op, "max_pool");
  e.blankLine();
  e.comment(NengoEmitter::layerName(op) + ": " +
            std::to_string(op.getKernel()[0]) + "x" +
            std::to_string(op.getKernel()[1]) +
            " max pooling has no Nengo object form: a TensorFlow layer in "
            "NengoDL, a Python function node in Nengo core");
  e.os << name << " = _max_pool_layer(" << wi->src.ref << ", " << wi->shapeIn()
       << ", " << (wi->channelsLast ? "True" : "False") << ", "
       << pyTuple(op.getKernel()) << ", " << pyTuple(op.getStride()) << ", "
       << pyTuple(op.getPad()) << ", nengo_dl_layers)\n";
  int64_t n = outType.getNumElements();
  LinValue node;
  node.type = outType;
  node.terms.push_back(Term{Source{name, n}, IndexMap::identity(n), LinOp{},
                            IndexMap::identity(n), 1.0});
  LinValue v = NengoEmitter::gathered(node, wi->post, outType);
  e.setLin(op.getResult(), std::move(v));
  return success();
}

/// snn.count_max_pool2d: the running sum of the input (a node with a
/// recurrent connection through a one-step delay), max pooled by
/// `_max_pool_layer`, and differenced (the pooled sum minus the pooled sum
/// of the step before, through a one-step delay): after every step the sum
/// of the outputs is the pooled maximum of the input sums, as natively.
static LogicalResult printOperation(NengoEmitter &e, snn::CountMaxPool2dOp op) {
  if (e.options.coreOnly)
    return op.emitOpError()
           << "has no Nengo object form (max pooling is not linear): it "
              "needs a nengo_dl.Layer, which --nengo-core-only excludes";
  auto outType = cast<RankedTensorType>(op.getType());
  ArrayRef<int64_t> out = outType.getShape();
  FailureOr<WindowInput> wi = placeWindowInput(e, op, op.getInput(), out);
  if (failed(wi))
    return failure();
  e.usesNengoDL = true;
  e.usesDelay = true;
  e.useHelper("_max_pool_layer");
  // The running sum reads a whole object: materialize a gathered or scaled
  // input.
  materializeWindowInput(e, op, *wi, outType.getElementType());
  std::string label = NengoEmitter::layerName(op);
  std::string base = getLocName(op->getLoc());
  std::string counts =
      e.names.get(base.empty() ? "" : base + "_counts", "counts");
  std::string pooled =
      e.names.get(base.empty() ? "" : base + "_max_counts", "max_counts");
  std::string name = e.nameFor(op, "count_max_pool");
  int64_t n = outType.getNumElements();
  e.blankLine();
  e.comment(label + ": snn.count_max_pool2d, " +
            std::to_string(op.getKernel()[0]) + "x" +
            std::to_string(op.getKernel()[1]) +
            " max pooling of the running sums c[t] = c[t-1] + x[t]; output "
            "m[t] - m[t-1], m = max_pool(c)");
  e.os << counts << " = nengo.Node(size_in=" << wi->src.size
       << ", label=" << pyStr(label + " (counts)") << ")\n";
  e.os << "nengo.Connection(" << wi->src.ref << ", " << counts
       << ", synapse=None)\n";
  e.os << "nengo.Connection(" << counts << ", " << counts
       << ", synapse=_ONE_STEP_DELAY)\n";
  e.os << pooled << " = _max_pool_layer(" << counts << ", " << wi->shapeIn()
       << ", " << (wi->channelsLast ? "True" : "False") << ", "
       << pyTuple(op.getKernel()) << ", " << pyTuple(op.getStride()) << ", "
       << pyTuple(op.getPad()) << ", nengo_dl_layers)\n";
  e.os << name << " = nengo.Node(size_in=" << n << ", label=" << pyStr(label)
       << ")\n";
  e.os << "nengo.Connection(" << pooled << ", " << name << ", synapse=None)\n";
  e.os << "nengo.Connection(" << pooled << ", " << name
       << ", transform=-1, synapse=_ONE_STEP_DELAY)\n";
  LinValue node;
  node.type = outType;
  node.terms.push_back(Term{Source{name, n}, IndexMap::identity(n), LinOp{},
                            IndexMap::identity(n), 1.0});
  e.setLin(op.getResult(), NengoEmitter::gathered(node, wi->post, outType));
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::MatMulOp op) {
  ArrayRef<int64_t> out = op.getType().getShape();
  int64_t b = out[0], m = out[1], n = out[2];
  auto aType = cast<RankedTensorType>(op.getA().getType());
  int64_t k = aType.getDimSize(2);
  const ConstValue *ca = e.getConst(op.getA()), *cb = e.getConst(op.getB());
  if (ca && cb) {
    e.setConst(op.getResult(), "np.matmul(" + ca->expr + ", " + cb->expr + ")");
    return success();
  }
  if (!ca && !cb)
    return op.emitOpError() << "multiplies two computed tensors: Nengo "
                               "connections only apply constant weights";
  if (b != 1)
    return op.emitOpError() << "has a batch of " << b
                            << " matrix products; the Nengo emitter supports "
                               "one (fold the batch into the rows)";
  FailureOr<LinValue> in = e.getLin(op, ca ? op.getB() : op.getA());
  if (failed(in))
    return failure();
  Term term;
  e.asGather(*in, op, term.src, term.pre, term.scale, /*forDense=*/true);
  std::string matrix;
  if (cb) {
    // y[m, n] = sum_k x[m, k] W[k, n]: W^T for each row.
    matrix = "np.reshape(" + cb->expr + ", " + pyTuple({k, n}) + ").T";
    if (m != 1)
      matrix = "np.kron(np.eye(" + std::to_string(m) + "), " + matrix + ")";
  } else {
    // y[m, n] = sum_k A[m, k] x[k, n].
    matrix = "np.kron(np.reshape(" + ca->expr + ", " + pyTuple({m, k}) +
             "), np.eye(" + std::to_string(n) + "))";
  }
  int64_t inSize = in->size(), outSize = b * m * n;
  term.post = IndexMap::identity(outSize);
  term.op.inSize = inSize;
  term.op.outSize = outSize;
  term.op.denseMatrix = true;
  term.op.what = NengoEmitter::layerName(op) + ": dense, " +
                 std::to_string(inSize) + " -> " + std::to_string(outSize);
  term.op.render = [inSize, outSize, matrix](double s) {
    return "nengo.Dense(" + pyTuple({outSize, inSize}) +
           ", init=" + (s == 1.0 ? matrix : pyFloat(s) + " * " + matrix) + ")";
  };
  LinValue v;
  v.terms.push_back(std::move(term));
  e.setLin(op.getResult(), std::move(v));
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::ReduceSumOp op) {
  int64_t axis = op.getAxis();
  auto inType = cast<RankedTensorType>(op.getInput().getType());
  if (const ConstValue *c = e.getConst(op.getInput())) {
    e.setConst(op.getResult(), "np.sum(" + c->expr + ", axis=" +
                                   std::to_string(axis) + ", keepdims=True)");
    return success();
  }
  FailureOr<LinValue> in = e.getLin(op, op.getInput());
  if (failed(in))
    return failure();
  Term term;
  e.asGather(*in, op, term.src, term.pre, term.scale);
  int64_t outSize = op.getType().getNumElements();
  term.post = IndexMap::identity(outSize);
  term.op.inSize = inType.getNumElements();
  term.op.outSize = outSize;
  term.op.what = NengoEmitter::layerName(op) + ": sum over axis " +
                 std::to_string(axis) + " of " + shapeText(inType.getShape());
  e.useHelper("_reduce_sum_sparse");
  std::string head = "_reduce_sum_sparse(" + pyTuple(inType.getShape()) + ", " +
                     std::to_string(axis);
  term.op.render = [head](double s) {
    return head + (s == 1.0 ? "" : ", scale=" + pyFloat(s)) + ")";
  };
  LinValue v;
  v.terms.push_back(std::move(term));
  e.setLin(op.getResult(), std::move(v));
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::CastOp op) {
  if (op.getInput().getType() != op.getType())
    return op.emitOpError() << "changes the element type, which the Nengo "
                               "emitter does not support";
  if (const ConstValue *c = e.getConst(op.getInput())) {
    e.consts[op.getResult()] = *c;
    return success();
  }
  FailureOr<LinValue> in = e.getLin(op, op.getInput());
  if (failed(in))
    return failure();
  e.setLin(op.getResult(), *in);
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::IdentityOp op) {
  if (const ConstValue *c = e.getConst(op.getInput1())) {
    e.consts[op.getResult()] = *c;
    return success();
  }
  FailureOr<LinValue> in = e.getLin(op, op.getInput1());
  if (failed(in))
    return failure();
  e.setLin(op.getResult(), *in);
  return success();
}

static LogicalResult printOperation(NengoEmitter &e, tosa::ConstOp op) {
  return e.recordConstant(op, op.getResult(), op.getValues());
}

static LogicalResult printOperation(NengoEmitter &e, arith::ConstantOp op) {
  return e.recordConstant(op, op.getResult(), op.getValue());
}

static LogicalResult printOperation(NengoEmitter &e, func::ReturnOp op) {
  auto func = op->getParentOfType<func::FuncOp>();
  for (auto [i, v] : llvm::enumerate(op.getOperands())) {
    FailureOr<LinValue> out = e.getLin(op, v);
    if (failed(out))
      return failure();
    std::string onnxName;
    if (auto attr = func.getResultAttrOfType<StringAttr>(i, "onnx.name"))
      onnxName = attr.getValue().str();
    if (onnxName.empty())
      onnxName = "output" + std::to_string(i);
    e.blankLine();
    e.comment("Output " + std::to_string(i) + " '" + onnxName + "' (" +
              shapeText(out->type.getShape()) + ")");
    std::string probe = e.names.get(onnxName + "_probe", "probe");
    Source src;
    const Term *only = out->terms.size() == 1 && out->bias.empty()
                           ? &out->terms.front()
                           : nullptr;
    if (only && !only->hasOp() && only->scale == 1.0 &&
        only->pre.isIdentity() && only->post.isIdentity() &&
        only->src.size == out->size()) {
      src = only->src;
    } else {
      std::string name = e.names.get(onnxName, "output");
      e.os << name << " = nengo.Node(size_in=" << out->size()
           << ", label=" << pyStr(onnxName) << ")\n";
      e.connect(*out, name, IndexMap::identity(out->size()), true);
      src = Source{name, out->size()};
    }
    e.os << probe << " = nengo.Probe(" << src.ref
         << ", synapse=None, label=" << pyStr(onnxName) << ")\n";
    e.probeNames.push_back(probe);
    e.outputShapes.push_back(pyTuple(out->type.getShape()));
  }
  return success();
}

LogicalResult NengoEmitter::emitOperation(Operation &op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(&op)
      .Case<snn::LIFOp, snn::IFOp, snn::IzhikevichOp, snn::LIFRateOp,
            snn::SoftLIFRateOp, snn::LowpassOp, snn::CountMaxPool2dOp,
            tosa::ConstOp, arith::ConstantOp, tosa::ReshapeOp,
            tosa::TransposeOp, tosa::SliceOp, tosa::PadOp, tosa::ConcatOp,
            tosa::AddOp, tosa::SubOp, tosa::NegateOp, tosa::MulOp,
            tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::AvgPool2dOp,
            tosa::MaxPool2dOp, tosa::MatMulOp, tosa::ReduceSumOp, tosa::CastOp,
            tosa::IdentityOp, tosa::ClampOp, tosa::SigmoidOp, tosa::TanhOp,
            tosa::ExpOp, tosa::ReciprocalOp, tosa::MaximumOp, tosa::ReduceMaxOp,
            func::ReturnOp>([&](auto op) { return printOperation(*this, op); })
      .Case<tosa::ConstShapeOp>([](auto) { return success(); })
      .Case<snn::DelayOp>([](snn::DelayOp op) {
        return op.emitOpError()
               << "cannot be emitted for Nengo: --emit-nengo has no delay of "
                  "whole steps (run it natively, or export it to ONNX-SNN)";
      })
      .Case<snn::FeedbackDelayOp, snn::FeedbackInputOp>([](Operation *op) {
        return op->emitOpError()
               << "cannot be emitted for Nengo: --emit-nengo has no "
                  "recurrent connection through a delay of whole steps (run "
                  "it natively, or write it to NIR)";
      })
      .Default([](Operation *op) {
        return op->emitOpError()
               << "has no Nengo equivalent (not supported by --emit-nengo)";
      });
}

//===----------------------------------------------------------------------===//
// The module
//===----------------------------------------------------------------------===//

LogicalResult NengoEmitter::emitFunction(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return func.emitOpError() << "must have a single block to be emitted "
                                 "for Nengo";
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape() ||
        !isa<FloatType>(type.getElementType()))
      return func.emitOpError()
             << "argument #" << i
             << " must be a statically shaped float tensor for Nengo";
    std::string onnxName;
    if (auto attr = func.getArgAttrOfType<StringAttr>(i, "onnx.name"))
      onnxName = attr.getValue().str();
    if (onnxName.empty())
      onnxName = getLocName(arg.getLoc());
    if (onnxName.empty())
      onnxName = "input" + std::to_string(i);
    std::string name = names.get(onnxName, "input");
    int64_t n = type.getNumElements();
    comment("Input " + std::to_string(i) + " '" + onnxName + "' (" +
            shapeText(type.getShape()) + ")");
    os << name << " = nengo.Node(\n";
    indent(os);
    os << "np.zeros(" << n << ") if input_outputs[" << i
       << "] is None else input_outputs[" << i << "],\n";
    os << "size_out=" << n << ",\nlabel=" << pyStr(onnxName) << ",\n";
    unindent(os);
    os << ")\n";
    LinValue v;
    Term term;
    term.src = Source{name, n};
    term.pre = term.post = IndexMap::identity(n);
    v.terms.push_back(term);
    v.type = type;
    lins[arg] = std::move(v);
    inputNames.push_back(name);
    inputSizes.push_back(n);
    inputShapes.push_back(pyTuple(type.getShape()));
  }
  for (Operation &op : func.getBody().front()) {
    for (Type t : op.getResultTypes())
      if (auto tt = dyn_cast<TensorType>(t); tt && !tt.hasStaticShape())
        return op.emitOpError() << "has a dynamically shaped result, which "
                                   "Nengo cannot hold";
    if (failed(emitOperation(op)))
      return failure();
  }
  return success();
}

/// Selects the function to emit.
static FailureOr<func::FuncOp> selectFunction(Operation *op,
                                              const NengoEmitOptions &opts) {
  if (auto func = dyn_cast<func::FuncOp>(op))
    return func;
  SmallVector<func::FuncOp> funcs;
  op->walk([&](func::FuncOp f) {
    if (!f.isExternal() &&
        (opts.entryFunction.empty() || f.getSymName() == opts.entryFunction))
      funcs.push_back(f);
  });
  if (funcs.size() == 1)
    return funcs.front();
  if (funcs.empty()) {
    if (opts.entryFunction.empty())
      emitError(op->getLoc()) << "no function with a body to emit for Nengo";
    else
      emitError(op->getLoc()) << "no function named '" << opts.entryFunction
                              << "' to emit for Nengo";
  } else {
    emitError(op->getLoc())
        << "several functions to emit for Nengo; choose one with "
           "--nengo-entry";
  }
  return failure();
}

/// The bytes of a parameter, with its numpy type string.
static LogicalResult getParamData(const Param &p, NpyArray &array) {
  auto type = cast<RankedTensorType>(p.attr.getType());
  Type et = type.getElementType();
  array.name = p.key;
  array.descr = et.isF64() ? "<f8" : et.isF16() ? "<f2" : "<f4";
  array.shape.assign(type.getShape().begin(), type.getShape().end());
  size_t bytes =
      size_t(type.getNumElements()) * (et.getIntOrFloatBitWidth() / 8);
  ArrayRef<char> data;
  if (auto blob = dyn_cast<DenseResourceElementsAttr>(p.attr)) {
    AsmResourceBlob *b = blob.getRawHandle().getBlob();
    if (!b)
      return p.op->emitOpError()
             << "has a resource constant without data (elided?); the "
                "weights file needs the values";
    data = b->getData();
  } else if (auto dense = dyn_cast<DenseElementsAttr>(p.attr)) {
    data = dense.getRawData();
  } else {
    return p.op->emitOpError() << "has a constant attribute the Nengo "
                                  "emitter cannot read";
  }
  if (data.size() != bytes)
    return p.op->emitOpError()
           << "has a constant of " << data.size() << " bytes, its type " << type
           << " needs " << bytes;
  array.data.assign(data.begin(), data.end());
  return success();
}

LogicalResult NengoEmitter::writeWeights(func::FuncOp func) {
  SmallVector<NpyArray> arrays;
  for (const Param &p : params) {
    NpyArray array;
    if (failed(getParamData(p, array)))
      return failure();
    arrays.push_back(std::move(array));
  }
  if (llvm::Error err = writeNpz(options.weightsPath, arrays)) {
    emitError(func.getLoc())
        << "cannot write the weights file '" << options.weightsPath
        << "': " << llvm::toString(std::move(err));
    return failure();
  }
  return success();
}

LogicalResult mlir::snn::emitNengo(Operation *op, raw_ostream &out,
                                   const NengoEmitOptions &options) {
  FailureOr<func::FuncOp> func = selectFunction(op, options);
  if (failed(func))
    return failure();

  // The network, in memory: nothing is written on failure.
  std::string body;
  llvm::raw_string_ostream bodyStream(body);
  raw_indented_ostream os(bodyStream);
  NengoEmitter emitter(os, options);
  indent(os);
  indent(os);
  if (failed(emitter.emitFunction(*func)))
    return failure();
  if (emitter.inputNames.empty())
    return func->emitOpError() << "has no inputs: a Nengo network needs an "
                                  "input node";
  if (emitter.probeNames.empty())
    return func->emitOpError() << "returns nothing: a Nengo network needs an "
                                  "output to probe";

  // Only the parameters the code reads go to the weights file.
  llvm::erase_if(emitter.params, [&](const Param &p) {
    return body.find("w[" + pyStr(p.key) + "]") == std::string::npos;
  });

  std::string module;
  llvm::raw_string_ostream m(module);
  m << "# Generated by snn-translate --emit-nengo; edit the model, not this "
       "file.\n";
  m << "# Model: " << commentText(options.sourceName) << ", function "
    << commentText(func->getSymName()) << "\n";
  m << "# Options: " << (options.coreOnly ? "--nengo-core-only" : "(default)")
    << "; weights: "
    << commentText(options.weightsPathInModule.empty()
                       ? options.weightsPath
                       : options.weightsPathInModule)
    << "\n";
  m << "\"\"\"A spiking network for Nengo and NengoDL.\n\n"
       "build_network() builds it from plain Nengo objects (nodes, ensembles "
       "and\nconnections); run() and the command line simulate it over a "
       "data set with\nNengoDL (default) or Nengo core and report the "
       "accuracy.\n\"\"\"\n\n";
  m << "import argparse\nimport os\n\nimport nengo\nimport numpy as np\n";
  if (emitter.usesNengoDL)
    m << "\ntry:\n    import nengo_dl\nexcept ImportError:  # only needed by "
         "the layers that use it\n    nengo_dl = None\n";
  m << "\n";
  std::string weights = options.weightsPathInModule.empty()
                            ? options.weightsPath
                            : options.weightsPathInModule;
  if (llvm::sys::path::has_parent_path(weights))
    m << "WEIGHTS_PATH = " << pyStr(weights) << "\n";
  else
    m << "WEIGHTS_PATH = os.path.join(os.path.dirname(os.path.abspath("
         "__file__)), "
      << pyStr(weights) << ")\n";
  auto list = [&](ArrayRef<std::string> items) {
    std::string s = "[";
    for (auto [i, item] : llvm::enumerate(items))
      s += (i ? ", " : "") + item;
    return s + "]";
  };
  SmallVector<std::string> sizes;
  for (int64_t n : emitter.inputSizes)
    sizes.push_back(std::to_string(n));
  m << "INPUT_SHAPES = " << list(emitter.inputShapes) << "\n";
  m << "INPUT_SIZES = " << list(sizes) << "\n";
  m << "OUTPUT_SHAPES = " << list(emitter.outputShapes) << "\n";
  m << "DEFAULT_STEPS = 100\n";
  if (emitter.usesDelay)
    m << "# Delays a connection by one step (Nengo applies synapses after the "
         "step).\n_ONE_STEP_DELAY = nengo.LinearFilter([1], [1], "
         "analog=False)\n";
  m << "\n\n";
  for (const PythonHelper &helper : kPythonHelpers)
    if (emitter.helpers.contains(helper.name))
      m << helper.code << "\n\n";

  m << "def build_network(weights_path=WEIGHTS_PATH, input_outputs=None, "
       "nengo_dl_layers=True,\n                  dt=0.001):\n";
  m << "    \"\"\"Builds the network; returns (net, input_node, "
       "output_probes).\n\n"
       "    ``input_node`` is the input nengo.Node (a tuple of them for "
       "several\n"
       "    inputs), ``output_probes`` the list of output probes. "
       "``input_outputs``\n"
       "    optionally gives each input node's output (an array or a "
       "function of\n"
       "    time) instead of zeros; NengoDL feeds inputs as data instead.\n"
       "    ``nengo_dl_layers=False`` builds the layers without a Nengo object "
       "form\n"
       "    (max pooling) as Python function nodes, for Nengo core. ``dt`` is "
       "the\n    step the simulator will use (the synapses are discretized "
       "for it).\n"
       "    \"\"\"\n";
  if (emitter.params.empty()) {
    m << "    # The model has no parameters: weights_path is not read.\n";
  } else {
    m << "    with np.load(weights_path) as npz:\n";
    m << "        w = {key: npz[key] for key in npz.files}\n";
  }
  m << "    if input_outputs is None:\n";
  m << "        input_outputs = [None] * " << emitter.inputNames.size() << "\n";
  m << "    with nengo.Network(label=" << pyStr(func->getSymName())
    << ") as net:\n";
  m << body;
  std::string inputs = emitter.inputNames.size() == 1
                           ? emitter.inputNames.front()
                           : "(" + llvm::join(emitter.inputNames, ", ") + ",)";
  m << "    return net, " << inputs << ", " << list(emitter.probeNames)
    << "\n\n\n";
  m << kPythonRunner;

  if (failed(emitter.writeWeights(*func)))
    return failure();
  out << module;
  return success();
}

//===----------------------------------------------------------------------===//
// Registration
//===----------------------------------------------------------------------===//

/// The output file of snn-translate (`-o`), or "" for standard output.
static std::string getOutputFilename() {
  auto &opts = llvm::cl::getRegisteredOptions();
  auto it = opts.find("o");
  if (it == opts.end())
    return "";
  auto *opt = static_cast<llvm::cl::opt<std::string> *>(it->second);
  std::string name = opt->getValue();
  return name == "-" ? "" : name;
}

void mlir::snn::registerEmitNengoTranslation() {
  static llvm::cl::opt<std::string> weightsPath(
      "nengo-weights",
      llvm::cl::desc("Weights file (.npz) written by --emit-nengo (default: "
                     "the output file with the extension .npz)"),
      llvm::cl::value_desc("path"), llvm::cl::init(""));
  static llvm::cl::opt<bool> coreOnly(
      "nengo-core-only",
      llvm::cl::desc("--emit-nengo: fail on layers that need NengoDL "
                     "(max pooling, SoftLIFRate) instead of emitting them"),
      llvm::cl::init(false));
  static llvm::cl::opt<std::string> entry(
      "nengo-entry",
      llvm::cl::desc("--emit-nengo: the function to emit (default: the only "
                     "one)"),
      llvm::cl::value_desc("name"), llvm::cl::init(""));

  static TranslateFromMLIRRegistration registration(
      "emit-nengo", "emit a Nengo/NengoDL Python module and its weights (.npz)",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        NengoEmitOptions options;
        options.coreOnly = coreOnly;
        options.entryFunction = entry;
        std::string output = getOutputFilename();
        if (auto loc = dyn_cast<FileLineColLoc>(op->getLoc()))
          options.sourceName = llvm::sys::path::filename(loc.getFilename());
        if (options.sourceName.empty())
          options.sourceName = "<unknown>";
        std::string weights = weightsPath;
        if (weights.empty()) {
          if (output.empty())
            return emitError(op->getLoc())
                   << "--emit-nengo writes to standard output: give the "
                      "weights file with --nengo-weights";
          SmallString<256> path(output);
          llvm::sys::path::replace_extension(path, ".npz");
          weights = path.str().str();
        }
        options.weightsPath = weights;
        // The module finds its weights next to itself when they are there.
        SmallString<256> absWeights(weights), absOutput(output);
        llvm::sys::fs::make_absolute(absWeights);
        llvm::sys::path::remove_dots(absWeights, true);
        if (!output.empty()) {
          llvm::sys::fs::make_absolute(absOutput);
          llvm::sys::path::remove_dots(absOutput, true);
        }
        if (!output.empty() && llvm::sys::path::parent_path(absWeights) ==
                                   llvm::sys::path::parent_path(absOutput))
          options.weightsPathInModule =
              llvm::sys::path::filename(absWeights).str();
        else
          options.weightsPathInModule = absWeights.str().str();
        return emitNengo(op, os, options);
      },
      [](DialectRegistry &registry) {
        registry
            .insert<func::FuncDialect, tosa::TosaDialect, arith::ArithDialect,
                    tensor::TensorDialect, snn::SNNDialect>();
      });
}
