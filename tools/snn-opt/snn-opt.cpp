//===- snn-opt.cpp - the snn-mlir optimizer driver --------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// MlirOptMain with the snn dialect and passes plus every upstream dialect,
// extension and pass (the lowering pipeline uses func, arith, math, tensor,
// linalg, tosa, scf, memref, bufferization, llvm, ...).
//
//===----------------------------------------------------------------------===//

#include "SNN/InitAll.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::snn::registerAllPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::snn::registerAllDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv,
      "snn-mlir optimizer driver: the snn dialect (spiking neurons, rate "
      "models, synapses) and its passes, with all upstream MLIR dialects and "
      "passes\n",
      registry));
}
