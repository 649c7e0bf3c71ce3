//===- PerfMap.h - perf symbol map of JIT-compiled code ---------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_RUN_PERFMAP_H
#define SNN_RUN_PERFMAP_H

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace snn_run {
/// When the environment variable SNN_PERF_MAP is set (to anything), makes
/// `jit` append every function it links, internal ones included (the
/// outlined kernels), to /tmp/perf-<pid>.map, where `perf report` finds the
/// names of JIT-compiled code. Does nothing otherwise.
void addPerfMap(llvm::orc::LLJIT &jit);
} // namespace snn_run

#endif // SNN_RUN_PERFMAP_H
