//===- InitAll.h - register everything snn-mlir provides --------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_INITALL_H
#define SNN_INITALL_H

namespace mlir {
class DialectRegistry;

namespace snn {

/// Adds the snn dialect to `registry`.
void registerAllDialects(DialectRegistry &registry);

/// Registers every snn pass and pass pipeline with the global registry.
void registerAllPasses();

/// Registers every snn translation (importers and emitters).
void registerAllTranslations();

} // namespace snn
} // namespace mlir

#endif // SNN_INITALL_H
