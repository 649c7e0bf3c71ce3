//===- Compile.h - snn-run's parallel native code generation ----*- C++ -*-===//
//
// Part of snn-mlir.
//
// Turns a module in the LLVM dialect into object files for the host CPU on
// several threads: the module is translated to LLVM IR, given the packed
// entry `_mlir_<entry>(void **args)` that snn-run calls, split into
// partitions (llvm::SplitModule; snn-outline-kernels made each layer a
// function of its own), and each partition is optimized
// (mlir::makeOptimizingTransformer) and compiled in its own LLVMContext.
// MLIR's ExecutionEngine does the same work on one thread, on one module.
//
// The weights (constant globals of at least kMinExternalWeightBytes) do not
// go through LLVM: before the translation each becomes an external
// declaration, and its bytes are kept aside (Weights) for the loader to
// define the symbol at their address. Translating, splitting, optimizing and
// compiling then handle the code alone, and the object files hold no data.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TOOLS_SNN_RUN_COMPILE_H
#define SNN_TOOLS_SNN_RUN_COMPILE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace snn_run {

/// Constant globals at least this big (bytes) become external weights.
constexpr uint64_t kMinExternalWeightBytes = 1024;

/// One weight: the symbol the compiled code refers to and its bytes.
struct Weight {
  std::string symbol;
  /// The alignment the code may assume (a power of two).
  uint64_t alignment = 1;
  /// The bytes, in memory owned by the Weights (or by the MLIR context the
  /// module lives in, while it lives).
  llvm::StringRef bytes;
  /// The key of the dense resource blob (`dense_resource<key>`) whose bytes
  /// these are, if any: the compile cache refers to the model's blobs
  /// rather than storing their bytes again.
  std::string resource;
};

/// The weights of a compiled model and the memory that holds them.
class Weights {
public:
  std::vector<Weight> list;

  /// Copies `bytes` into memory aligned to `alignment`, owned by this.
  llvm::StringRef copy(llvm::StringRef bytes, uint64_t alignment);
  /// Keeps `buffer` alive as long as this (weights point into it).
  void keep(std::unique_ptr<llvm::MemoryBuffer> buffer) {
    buffers.push_back(std::move(buffer));
  }
  uint64_t totalBytes() const;

private:
  std::vector<std::unique_ptr<char[]>> storage;
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> buffers;
};

/// A compiled model: object files and the weights they refer to.
struct CompiledModel {
  std::vector<std::string> objects;
  Weights weights;
};

/// Where compileModule's time went (wall-clock seconds unless noted).
struct CompileTimes {
  double weights = 0;   ///< setting the weights aside (Weights)
  double translate = 0; ///< LLVM dialect to LLVM IR, packed entry
  double split = 0;     ///< SplitModule and the partitions' bitcode
  double parallel = 0;  ///< optimizing and compiling all partitions
  double optimize = 0;  ///< LLVM's optimizer, summed over partitions
  double codegen = 0;   ///< code generation, summed over partitions
  double slowest = 0;   ///< the slowest partition (read, opt, codegen)
  unsigned partitions = 0;
  uint64_t objectBytes = 0;
  /// The biggest functions (LLVM IR instructions before optimization).
  std::vector<std::pair<std::string, uint64_t>> largest;
};

/// How compileModule compiles.
struct CompileOptions {
  /// Threads that optimize and compile partitions (>= 1; one partition with
  /// 1, else up to 4 per thread).
  unsigned threads = 1;
  /// LLVM's optimization level, 0-3 (as `opt -O<n>`).
  unsigned optLevel = 2;
  /// The target triple (empty: the host's) and CPU ("native": the host's,
  /// with all its features; otherwise the CPU's own features only).
  std::string triple;
  std::string cpu = "native";
  /// One object file to link into a program, instead of objects for the JIT:
  /// the weights are defined inside it (as arrays of bytes), every symbol but
  /// the entry is internal, no packed entry is added, and the module is not
  /// split (LLVM runs on one thread).
  bool objectFile = false;
};

/// Compiles `module` (LLVM dialect), whose C-interface entry is `entry`.
/// For the JIT (not `options.objectFile`) it adds the packed entry
/// `_mlir_<entry>`, and the module's big constant globals become external
/// declarations (see above): the weights returned point into the module's
/// attributes, which must outlive them.
llvm::Expected<CompiledModel> compileModule(mlir::ModuleOp module,
                                            llvm::StringRef entry,
                                            const CompileOptions &options,
                                            CompileTimes *times = nullptr);

} // namespace snn_run

#endif // SNN_TOOLS_SNN_RUN_COMPILE_H
