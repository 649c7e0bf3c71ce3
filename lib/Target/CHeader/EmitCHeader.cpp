//===- EmitCHeader.cpp - C API header of an AOT network ---------*- C++ -*-===//
//
// Part of snn-mlir.
//
// --emit-c-header: reads the signature of a network's entry function at
// level 3 (after --snn-materialize-time=state=external) or of an ANN, and
// writes a C header for the object that --snn-lower-to-llvm=
// results-to-out-params compiles it to:
//
//   func @fn(%x0..., %s0..., %num_steps: i64, %dt: f32) -> (%y0..., %s0'...)
//
// becomes
//
//   void _mlir_ciface_fn(x0*, ..., s0*, ..., int64_t, float, y0*, ..., s0'*)
//
// (memref descriptors by pointer, scalars by value, one out-parameter per
// result after the arguments), wrapped in static inline functions that own
// the state (two buffers per state variable, swapped after every run, so that
// the new state never aliases the old one). docs/AOT.md describes it.
//
//===----------------------------------------------------------------------===//

#include "SNN/Target/EmitCHeader.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace mlir;
using namespace mlir::snn;

namespace {
/// One tensor of the C API: an input, an output or a state variable.
struct CTensor {
  /// `onnx.name` or `snn.state`; may be empty.
  std::string name;
  RankedTensorType type;
  /// A state's starting value (`snn.initial_value`, e.g. an snn.if's
  /// initial voltage); 0 otherwise.
  double initial = 0.0;
  int64_t numElements() const { return type.getNumElements(); }
  int64_t rank() const { return type.getRank(); }
};

/// The entry function's signature, classified.
struct CSignature {
  func::FuncOp func;
  SmallVector<CTensor> inputs, outputs, states;
  /// Whether the function takes `num_steps: i64, dt: f32` (a network with a
  /// time loop); an ANN does not.
  bool hasTime = false;
};
} // namespace

/// The attribute naming a state argument and result.
static constexpr llvm::StringLiteral kStateAttr = "snn.state";
/// The attribute giving a state argument's starting value when it is not 0.
static constexpr llvm::StringLiteral kInitialValueAttr = "snn.initial_value";
/// The attribute naming an imported ONNX input or output.
static constexpr llvm::StringLiteral kOnnxNameAttr = "onnx.name";

/// Returns true if `name` is a C identifier.
static bool isCIdentifier(StringRef name) {
  if (name.empty() || llvm::isDigit(name.front()))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// Turns `name` into a C identifier: other characters become '_'.
static std::string sanitize(StringRef name) {
  std::string result;
  for (char c : name)
    result += (llvm::isAlnum(c) || c == '_') ? c : '_';
  if (result.empty())
    result = "net";
  return result;
}

/// Escapes `text` for a C string literal: '"' and '\\' are escaped, bytes that
/// are not printable become '_'.
static std::string escape(StringRef text) {
  std::string result;
  for (char c : text) {
    if (c == '"' || c == '\\')
      result += '\\';
    result += llvm::isPrint(c) ? c : '_';
  }
  return result;
}

/// Makes `text` safe inside a C comment: "*/" becomes "* /".
static std::string commentSafe(StringRef text) {
  std::string result;
  for (char c : text) {
    if (c == '/' && !result.empty() && result.back() == '*')
      result += ' ';
    result += llvm::isPrint(c) ? c : '_';
  }
  return result;
}

/// Returns the string attribute `name` of argument or result `index`.
static std::string getStringAttr(DictionaryAttr attrs, StringRef name) {
  if (!attrs)
    return "";
  if (auto value = attrs.getAs<StringAttr>(name))
    return value.str();
  return "";
}

/// Returns the tensor type of `type` if the C API supports it (a statically
/// shaped ranked tensor of f32), or a null type.
static RankedTensorType getSupportedTensorType(Type type) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType || !tensorType.hasStaticShape() ||
      !tensorType.getElementType().isF32())
    return {};
  return tensorType;
}

/// Chooses the function to expose: `name`, or the only public function with
/// a body.
static FailureOr<func::FuncOp> selectFunction(Operation *op, StringRef name) {
  if (auto func = dyn_cast<func::FuncOp>(op)) {
    if (!name.empty() && func.getSymName() != name)
      return op->emitError()
             << "--c-api-function=" << name << ": the input is the function @"
             << func.getSymName();
    if (func.isExternal())
      return op->emitError()
             << "function @" << func.getSymName() << " has no body";
    return func;
  }
  SmallVector<func::FuncOp> candidates;
  op->walk([&](func::FuncOp func) {
    if (name.empty() ? (func.isPublic() && !func.isExternal())
                     : func.getSymName() == name)
      candidates.push_back(func);
  });
  if (!name.empty()) {
    if (candidates.empty())
      return op->emitError() << "--c-api-function=" << name
                             << ": no function named '" << name << "'";
    if (candidates.front().isExternal())
      return candidates.front().emitError()
             << "function @" << name << " has no body";
    return candidates.front();
  }
  if (candidates.empty())
    return op->emitError() << "no public function with a body to expose";
  if (candidates.size() > 1) {
    InFlightDiagnostic diag = op->emitError()
                              << "the module has " << candidates.size()
                              << " public functions with a body (";
    llvm::interleaveComma(candidates, diag, [&](func::FuncOp func) {
      diag << "@" << func.getSymName();
    });
    diag << "); choose one with --c-api-function=<name>";
    return diag;
  }
  return candidates.front();
}

/// Classifies the arguments and results of `func` (docs/AOT.md): data
/// tensors, then state tensors (`snn.state`), then `num_steps: i64, dt: f32`;
/// results: data tensors, then the new states in the arguments' order.
static FailureOr<CSignature> analyze(func::FuncOp func) {
  CSignature sig;
  sig.func = func;
  StringRef fn = func.getSymName();
  if (!isCIdentifier(fn))
    return func.emitError()
           << "function @" << fn
           << ": the name is not a C identifier, so its C interface "
              "_mlir_ciface_"
           << fn << " cannot be declared in C";

  // Level 2 has no explicit state: the caller could not own it.
  WalkResult walk = func.walk([&](Operation *op) {
    if (!hasImplicitState(op))
      return WalkResult::advance();
    op->emitError() << "'" << op->getName()
                    << "' has implicit state: run snn-opt "
                       "--snn-materialize-time=state=external before "
                       "--emit-c-header";
    return WalkResult::interrupt();
  });
  if (walk.wasInterrupted())
    return failure();

  FunctionType type = func.getFunctionType();
  ArrayRef<Type> args = type.getInputs();
  unsigned numArgs = args.size();
  // Trailing num_steps: i64, dt: f32.
  if (numArgs >= 2 && args[numArgs - 2].isInteger(64) &&
      args[numArgs - 1].isF32()) {
    sig.hasTime = true;
    numArgs -= 2;
  }
  for (unsigned i = 0; i < numArgs; ++i) {
    RankedTensorType tensorType = getSupportedTensorType(args[i]);
    if (!tensorType)
      return func.emitError()
             << "argument #" << i << " of @" << fn << " has type " << args[i]
             << ": the C API supports statically shaped tensors of f32 and "
                "the trailing 'num_steps: i64, dt: f32' only";
    std::string state = getStringAttr(func.getArgAttrDict(i), kStateAttr);
    if (state.empty()) {
      if (!sig.states.empty())
        return func.emitError()
               << "argument #" << i << " of @" << fn
               << " is a data argument after the state arguments (those "
                  "with '"
               << kStateAttr << "')";
      sig.inputs.push_back(
          {getStringAttr(func.getArgAttrDict(i), kOnnxNameAttr), tensorType});
    } else {
      CTensor tensor{state, tensorType};
      if (DictionaryAttr attrs = func.getArgAttrDict(i))
        if (auto initial = attrs.getAs<FloatAttr>(kInitialValueAttr))
          tensor.initial = initial.getValueAsDouble();
      if (!std::isfinite(tensor.initial))
        return func.emitError()
               << "argument #" << i << " of @" << fn << " has a non-finite '"
               << kInitialValueAttr << "'";
      sig.states.push_back(tensor);
    }
  }
  if (!sig.states.empty() && !sig.hasTime)
    return func.emitError() << "@" << fn
                            << " has state arguments but no trailing "
                               "'num_steps: i64, dt: f32'";

  ArrayRef<Type> results = type.getResults();
  unsigned numStateResults = 0;
  for (auto [i, resultType] : llvm::enumerate(results)) {
    RankedTensorType tensorType = getSupportedTensorType(resultType);
    if (!tensorType)
      return func.emitError()
             << "result #" << i << " of @" << fn << " has type " << resultType
             << ": the C API supports statically shaped tensors of f32 only";
    std::string state = getStringAttr(func.getResultAttrDict(i), kStateAttr);
    if (state.empty()) {
      if (numStateResults)
        return func.emitError() << "result #" << i << " of @" << fn
                                << " is a data result after the state "
                                   "results (those with '"
                                << kStateAttr << "')";
      sig.outputs.push_back(
          {getStringAttr(func.getResultAttrDict(i), kOnnxNameAttr),
           tensorType});
      continue;
    }
    if (numStateResults >= sig.states.size())
      return func.emitError()
             << "result #" << i << " of @" << fn << " is state '" << state
             << "' but the function has " << sig.states.size()
             << " state argument(s)";
    const CTensor &arg = sig.states[numStateResults];
    if (arg.name != state || arg.type != tensorType)
      return func.emitError()
             << "result #" << i << " of @" << fn << " (state '" << state
             << "', " << tensorType << ") does not match state argument '"
             << arg.name << "' (" << arg.type
             << "): new states must follow the state arguments' order";
    ++numStateResults;
  }
  if (numStateResults != sig.states.size())
    return func.emitError() << "@" << fn << " takes " << sig.states.size()
                            << " state argument(s) but returns "
                            << numStateResults << " new state(s)";
  return sig;
}

/// The C type of a rank-`rank` f32 memref descriptor.
static std::string descriptorType(int64_t rank) {
  return "snn_memref_f32_" + std::to_string(rank) + "d";
}

/// Writes the initializer of a descriptor of `tensor` over buffer `buffer`.
static void writeDescriptor(raw_ostream &os, const CTensor &tensor,
                            StringRef buffer) {
  os << "{" << buffer << ", " << buffer << ", 0";
  if (tensor.rank() > 0) {
    ArrayRef<int64_t> shape = tensor.type.getShape();
    SmallVector<int64_t> strides(shape.size(), 1);
    for (int64_t d = tensor.rank() - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * shape[d + 1];
    os << ", {";
    llvm::interleaveComma(shape, os);
    os << "}, {";
    llvm::interleaveComma(strides, os);
    os << "}";
  }
  os << "}";
}

/// Writes `value` as a C float literal ("0.5f", "0.0f", "1e-07f").
static std::string cFloat(double value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.9g", value);
  if (text.find_first_of(".e") == std::string::npos)
    text += ".0";
  return text + "f";
}

/// Writes the shape of `tensor` as in MLIR ("1x10").
static std::string shapeString(const CTensor &tensor) {
  std::string result;
  llvm::raw_string_ostream os(result);
  llvm::interleave(tensor.type.getShape(), os, "x");
  if (tensor.rank() == 0)
    os << "scalar";
  return result;
}

static void writeHeader(raw_ostream &os, const CSignature &sig, StringRef name,
                        StringRef sourceName) {
  func::FuncOp func = sig.func;
  std::string fn = func.getSymName().str();
  std::string entry = "_mlir_ciface_" + fn;
  std::string api = "snn_" + name.str();
  std::string macro = "SNN_" + StringRef(name).upper();
  std::string guard = macro + "_H";
  size_t numIn = sig.inputs.size(), numOut = sig.outputs.size(),
         numState = sig.states.size();

  os << "/* " << api << ".h - C API of the network @" << fn
     << " compiled ahead of time.\n"
     << " *\n"
     << " * Generated by snn-translate --emit-c-header from "
     << commentSafe(sourceName) << "; do not edit.\n"
     << " * The object it goes with comes from snn-opt\n"
     << " * --snn-materialize-time=state=external\n"
     << " * --snn-lower-to-llvm=results-to-out-params (scripts/snn-aot.sh);\n"
     << " * docs/AOT.md describes the API. The functions are static inline:\n"
     << " * include this header wherever they are used, link the object once.\n"
     << " * C99 and C++. */\n\n";
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << "#include <stddef.h>\n#include <stdint.h>\n#include <stdlib.h>\n"
        "#include <string.h>\n\n";
  os << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";

  // Sizes and names.
  os << "#define " << macro << "_NUM_INPUTS " << numIn << "\n";
  os << "#define " << macro << "_NUM_OUTPUTS " << numOut << "\n";
  os << "#define " << macro << "_NUM_STATES " << numState << "\n";
  os << "/* 1 if run() simulates time (steps and dt are used), 0 for an ANN. "
        "*/\n";
  os << "#define " << macro << "_HAS_TIME " << (sig.hasTime ? 1 : 0) << "\n";
  auto writeTensorMacros = [&](StringRef kind, ArrayRef<CTensor> tensors) {
    for (auto [i, t] : llvm::enumerate(tensors)) {
      os << "/* " << kind.lower() << " " << i << ": " << shapeString(t)
         << " f32";
      if (!t.name.empty())
        os << ", \"" << commentSafe(t.name) << "\"";
      os << " */\n";
      os << "#define " << macro << "_" << kind << i << "_SIZE "
         << t.numElements() << "\n";
      os << "#define " << macro << "_" << kind << i << "_NAME \""
         << escape(t.name) << "\"\n";
      // A state's starting value (create and reset set it).
      if (kind == "STATE")
        os << "#define " << macro << "_" << kind << i << "_INITIAL "
           << cFloat(t.initial) << "\n";
    }
  };
  writeTensorMacros("INPUT", sig.inputs);
  writeTensorMacros("OUTPUT", sig.outputs);
  writeTensorMacros("STATE", sig.states);
  os << "\n";

  // Descriptor types, shared by every generated header.
  llvm::SmallSet<int64_t, 4> ranks;
  for (ArrayRef<CTensor> list :
       {ArrayRef<CTensor>(sig.inputs), ArrayRef<CTensor>(sig.outputs),
        ArrayRef<CTensor>(sig.states)})
    for (const CTensor &t : list)
      ranks.insert(t.rank());
  SmallVector<int64_t> sortedRanks(ranks.begin(), ranks.end());
  llvm::sort(sortedRanks);
  os << "/* Memref descriptors of the MLIR C interface (rank R): buffer as "
        "allocated,\n"
        " * aligned, offset and, in elements, sizes[R] and strides[R]. */\n";
  for (int64_t rank : sortedRanks) {
    std::string type = descriptorType(rank);
    std::string typeGuard = "SNN_MEMREF_F32_" + std::to_string(rank) + "D";
    os << "#ifndef " << typeGuard << "\n#define " << typeGuard << "\n";
    os << "typedef struct {\n  float *allocated;\n  float *aligned;\n"
          "  int64_t offset;\n";
    if (rank > 0)
      os << "  int64_t sizes[" << rank << "];\n  int64_t strides[" << rank
         << "];\n";
    os << "} " << type << ";\n#endif\n";
  }
  os << "\n";

  // The entry point, as the object defines it.
  os << "/* The compiled function @" << fn << ": inputs, states, then";
  if (sig.hasTime)
    os << " num_steps, dt, then";
  os << " one out-parameter\n * per result (outputs, new states), filled by "
        "the callee. */\n";
  os << "extern void " << entry << "(";
  SmallVector<std::string> params;
  for (auto [i, t] : llvm::enumerate(sig.inputs))
    params.push_back(descriptorType(t.rank()) + " *input" + std::to_string(i));
  for (auto [i, t] : llvm::enumerate(sig.states))
    params.push_back(descriptorType(t.rank()) + " *state" + std::to_string(i));
  if (sig.hasTime) {
    params.push_back("int64_t num_steps");
    params.push_back("float dt");
  }
  for (auto [i, t] : llvm::enumerate(sig.outputs))
    params.push_back(descriptorType(t.rank()) + " *output" + std::to_string(i));
  for (auto [i, t] : llvm::enumerate(sig.states))
    params.push_back(descriptorType(t.rank()) + " *new_state" +
                     std::to_string(i));
  if (params.empty())
    os << "void";
  for (auto [i, p] : llvm::enumerate(params))
    os << (i ? ",\n    " : "\n    ") << p;
  os << ");\n\n";

  // The state object.
  auto count = [](size_t n) { return std::to_string(n ? n : 1); };
  os << "/* The network's state: its state variables (two buffers each, "
        "used in turn),\n"
        " * copies of the inputs and the outputs of the last run. Private: "
        "use the\n"
        " * functions below. */\n";
  os << "typedef struct " << api << " " << api << ";\n";
  os << "struct " << api << " {\n"
     << "  float *buffer; /* one allocation holding everything below */\n"
     << "  float *inputs[" << count(numIn) << "];\n"
     << "  float *outputs[" << count(numOut) << "];\n"
     << "  float *states[" << count(numState) << "][2];\n"
     << "  int current; /* states[i][current] is the current state */\n"
     << "};\n\n";

  // create
  int64_t total = 0;
  for (const CTensor &t : sig.inputs)
    total += t.numElements();
  for (const CTensor &t : sig.outputs)
    total += t.numElements();
  for (const CTensor &t : sig.states)
    total += 2 * t.numElements();
  if (llvm::any_of(sig.states,
                   [](const CTensor &t) { return t.initial != 0.0; })) {
    os << "/* Sets the states that do not start at 0 (snn.initial_value: an "
          "IF's initial\n * voltage) to their starting value. Private. */\n";
    os << "static inline void " << api << "_init_states(" << api
       << " *net) {\n  int64_t i;\n";
    for (auto [i, t] : llvm::enumerate(sig.states)) {
      if (t.initial == 0.0)
        continue;
      os << "  for (i = 0; i < " << macro << "_STATE" << i << "_SIZE; ++i)\n"
         << "    net->states[" << i << "][0][i] = net->states[" << i
         << "][1][i] = " << macro << "_STATE" << i << "_INITIAL;\n";
    }
    os << "}\n\n";
  }
  os << "/* Returns a new network with its state at its starting value, or "
        "NULL when out\n * of memory. */\n";
  os << "static inline " << api << " *" << api << "_create(void) {\n";
  os << "  " << api << " *net = (" << api << " *)calloc(1, sizeof(" << api
     << "));\n";
  os << "  float *p;\n";
  os << "  if (!net)\n    return NULL;\n";
  os << "  net->buffer = (float *)calloc(" << (total ? total : 1)
     << ", sizeof(float));\n";
  os << "  if (!net->buffer) {\n    free(net);\n    return NULL;\n  }\n";
  os << "  p = net->buffer;\n";
  for (size_t i = 0; i < numIn; ++i)
    os << "  net->inputs[" << i << "] = p;\n  p += " << macro << "_INPUT" << i
       << "_SIZE;\n";
  for (size_t i = 0; i < numOut; ++i)
    os << "  net->outputs[" << i << "] = p;\n  p += " << macro << "_OUTPUT" << i
       << "_SIZE;\n";
  for (size_t i = 0; i < numState; ++i)
    for (int k = 0; k < 2; ++k)
      os << "  net->states[" << i << "][" << k << "] = p;\n  p += " << macro
         << "_STATE" << i << "_SIZE;\n";
  // States that do not start at 0 (an IF's initial voltage).
  bool hasInitial = llvm::any_of(
      sig.states, [](const CTensor &t) { return t.initial != 0.0; });
  if (hasInitial)
    os << "  " << api << "_init_states(net);\n";
  os << "  (void)p;\n  return net;\n}\n\n";

  // destroy
  os << "/* Frees the network (NULL is ignored). */\n";
  os << "static inline void " << api << "_destroy(" << api << " *net) {\n"
     << "  if (!net)\n    return;\n  free(net->buffer);\n  free(net);\n}\n\n";

  // reset
  os << "/* Sets the state back to its starting value (0, or an IF's initial "
        "voltage)\n * and the outputs to zero. */\n";
  os << "static inline void " << api << "_reset(" << api << " *net) {\n"
     << "  if (!net)\n    return;\n"
     << "  memset(net->buffer, 0, sizeof(float) * " << (total ? total : 1)
     << ");\n";
  if (hasInitial)
    os << "  " << api << "_init_states(net);\n";
  os << "  net->current = 0;\n}\n\n";

  // run
  os << "/* Runs the network on inputs[0.." << macro << "_NUM_INPUTS-1] (each "
     << macro << "_INPUT<i>_SIZE\n"
     << " * floats, row-major, copied before the call) for `steps` steps of "
        "`dt` seconds,\n"
     << " * continuing from the current state, and keeps the decoded outputs "
        "over\n"
     << " * these steps. An ANN ignores steps and dt. Returns 0, or -1 for a "
        "NULL\n"
     << " * network or inputs or negative steps. */\n";
  os << "static inline int " << api << "_run(" << api
     << " *net, const float *const *inputs,\n"
     << "    int64_t steps, float dt) {\n";
  os << "  int current, next;\n";
  os << "  if (!net || (" << macro
     << "_NUM_INPUTS > 0 && !inputs) || steps "
        "< 0)\n    return -1;\n";
  os << "  current = net->current;\n  next = 1 - current;\n";
  for (size_t i = 0; i < numIn; ++i)
    os << "  memcpy(net->inputs[" << i << "], inputs[" << i
       << "], sizeof(float) * " << macro << "_INPUT" << i << "_SIZE);\n";
  os << "  {\n";
  for (auto [i, t] : llvm::enumerate(sig.inputs)) {
    os << "    " << descriptorType(t.rank()) << " input" << i << " = ";
    writeDescriptor(os, t, "net->inputs[" + std::to_string(i) + "]");
    os << ";\n";
  }
  for (auto [i, t] : llvm::enumerate(sig.states)) {
    os << "    " << descriptorType(t.rank()) << " state" << i << " = ";
    writeDescriptor(os, t, "net->states[" + std::to_string(i) + "][current]");
    os << ";\n";
  }
  for (auto [i, t] : llvm::enumerate(sig.outputs)) {
    os << "    " << descriptorType(t.rank()) << " output" << i << " = ";
    writeDescriptor(os, t, "net->outputs[" + std::to_string(i) + "]");
    os << ";\n";
  }
  for (auto [i, t] : llvm::enumerate(sig.states)) {
    os << "    " << descriptorType(t.rank()) << " new_state" << i << " = ";
    writeDescriptor(os, t, "net->states[" + std::to_string(i) + "][next]");
    os << ";\n";
  }
  os << "    " << entry << "(";
  SmallVector<std::string> callArgs;
  for (size_t i = 0; i < numIn; ++i)
    callArgs.push_back("&input" + std::to_string(i));
  for (size_t i = 0; i < numState; ++i)
    callArgs.push_back("&state" + std::to_string(i));
  if (sig.hasTime) {
    callArgs.push_back("steps");
    callArgs.push_back("dt");
  }
  for (size_t i = 0; i < numOut; ++i)
    callArgs.push_back("&output" + std::to_string(i));
  for (size_t i = 0; i < numState; ++i)
    callArgs.push_back("&new_state" + std::to_string(i));
  llvm::interleaveComma(callArgs, os);
  os << ");\n  }\n";
  if (!sig.hasTime)
    os << "  (void)steps;\n  (void)dt;\n";
  os << "  net->current = " << (numState ? "next" : "current") << ";\n";
  if (!numState)
    os << "  (void)next;\n";
  os << "  return 0;\n}\n\n";

  // output, state
  os << "/* The decoded output `index` of the last run (" << macro
     << "_OUTPUT<index>_SIZE floats),\n"
     << " * valid until the next run, reset or destroy; NULL if index is out "
        "of range. */\n";
  os << "static inline const float *" << api << "_output(const " << api
     << " *net, int index) {\n"
     << "  if (!net || index < 0 || index >= " << macro << "_NUM_OUTPUTS)\n"
     << "    return NULL;\n  return net->outputs[index];\n}\n\n";
  os << "/* The current value of state variable `index` (" << macro
     << "_STATE<index>_SIZE floats,\n"
     << " * named " << macro
     << "_STATE<index>_NAME); NULL if index is out of range. */\n";
  os << "static inline const float *" << api << "_state(const " << api
     << " *net, int index) {\n"
     << "  if (!net || index < 0 || index >= " << macro << "_NUM_STATES)\n"
     << "    return NULL;\n  return net->states[index][net->current];\n}\n\n";

  os << "#ifdef __cplusplus\n} /* extern \"C\" */\n#endif\n\n";
  os << "#endif /* " << guard << " */\n";
}

LogicalResult mlir::snn::emitCHeader(Operation *op, raw_ostream &os,
                                     const CHeaderEmitOptions &options) {
  FailureOr<func::FuncOp> func = selectFunction(op, options.entryFunction);
  if (failed(func))
    return failure();
  FailureOr<CSignature> sig = analyze(*func);
  if (failed(sig))
    return failure();
  std::string name =
      sanitize(options.apiName.empty() ? func->getSymName() : options.apiName);
  writeHeader(os, *sig, name,
              options.sourceName.empty() ? "<unknown>" : options.sourceName);
  return success();
}

void mlir::snn::registerEmitCHeaderTranslation() {
  static llvm::cl::opt<std::string> apiName(
      "c-api-name",
      llvm::cl::desc("--emit-c-header: the API prefix (snn_<name>_run, "
                     "SNN_<NAME>_...; default: the function's name)"),
      llvm::cl::value_desc("name"), llvm::cl::init(""));
  static llvm::cl::opt<std::string> entry(
      "c-api-function",
      llvm::cl::desc("--emit-c-header: the function to expose (default: the "
                     "only public one)"),
      llvm::cl::value_desc("name"), llvm::cl::init(""));

  static TranslateFromMLIRRegistration registration(
      "emit-c-header",
      "emit the C API header of a network compiled ahead of time "
      "(docs/AOT.md)",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        CHeaderEmitOptions options;
        options.apiName = apiName;
        options.entryFunction = entry;
        if (auto loc = dyn_cast<FileLineColLoc>(op->getLoc()))
          options.sourceName = llvm::sys::path::filename(loc.getFilename());
        return emitCHeader(op, os, options);
      },
      [](DialectRegistry &registry) {
        // A level-3 module holds ops of many dialects (TOSA, arith, scf,
        // tensor, snn); only the signature is read.
        mlir::registerAllDialects(registry);
        registry.insert<snn::SNNDialect>();
      });
}
