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
//===----------------------------------------------------------------------===//

#ifndef SNN_TOOLS_SNN_RUN_COMPILE_H
#define SNN_TOOLS_SNN_RUN_COMPILE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace snn_run {

/// Where compileModule's time went (wall-clock seconds unless noted).
struct CompileTimes {
  double translate = 0;  ///< LLVM dialect to LLVM IR, packed entry
  double split = 0;      ///< SplitModule and the partitions' bitcode
  double parallel = 0;   ///< optimizing and compiling all partitions
  double optimize = 0;   ///< LLVM's optimizer, summed over partitions
  double codegen = 0;    ///< code generation, summed over partitions
  double slowest = 0;    ///< the slowest partition (read, opt, codegen)
  unsigned partitions = 0;
  uint64_t objectBytes = 0;
};

/// Object files of `module` (LLVM dialect), whose C-interface entry is
/// `entry`; `threads` >= 1 compile in parallel; `optLevel` is LLVM's
/// optimization level (0-3, as `opt -O<n>`).
llvm::Expected<std::vector<std::string>> compileModule(mlir::ModuleOp module,
                                                       llvm::StringRef entry,
                                                       unsigned threads,
                                                       unsigned optLevel,
                                                       CompileTimes *times = nullptr);

} // namespace snn_run

#endif // SNN_TOOLS_SNN_RUN_COMPILE_H
