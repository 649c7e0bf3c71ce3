//===- InitAll.cpp - register everything snn-mlir provides ------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#include "SNN/InitAll.h"
#include "SNN/Conversion/Passes.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "mlir/IR/DialectRegistry.h"

void mlir::snn::registerAllDialects(DialectRegistry &registry) {
  registry.insert<SNNDialect>();
}

void mlir::snn::registerAllPasses() { registerSNNConversionPasses(); }

void mlir::snn::registerAllTranslations() {}
