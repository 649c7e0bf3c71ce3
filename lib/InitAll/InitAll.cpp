//===- InitAll.cpp - register everything snn-mlir provides ------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#include "SNN/InitAll.h"
#include "SNN/Conversion/Passes.h"
#include "SNN/Conversion/SNNToLinalg/SNNToLinalg.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Target/EmitCHeader.h"
#include "SNN/Target/EmitNengo.h"
#include "SNN/Target/EmitONNXSNN.h"
#include "SNN/Target/ImportONNX.h"
#include "SNN/Target/NIR.h"
#include "mlir/IR/DialectRegistry.h"

void mlir::snn::registerAllDialects(DialectRegistry &registry) {
  registry.insert<SNNDialect>();
}

void mlir::snn::registerAllPasses() {
  registerSNNConversionPasses();
  registerSNNLowerToLLVMPipeline();
}

void mlir::snn::registerAllTranslations() {
  registerImportONNXTranslation();
  registerEmitNengoTranslation();
  registerEmitONNXSNNTranslation();
  registerEmitCHeaderTranslation();
  registerNIRTranslations();
}
