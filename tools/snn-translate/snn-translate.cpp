//===- snn-translate.cpp - the snn-mlir translation driver ------*- C++ -*-===//
//
// Part of snn-mlir.
//
// mlirTranslateMain with the snn translations (importers and emitters) and
// the upstream ones (e.g. --mlir-to-llvmir).
//
//===----------------------------------------------------------------------===//

#include "SNN/InitAll.h"
#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  mlir::snn::registerAllTranslations();
  return mlir::failed(mlir::mlirTranslateMain(
      argc, argv,
      "snn-mlir translation driver: ONNX import, ONNX-SNN and NengoDL "
      "emission, and the upstream MLIR translations\n"));
}
