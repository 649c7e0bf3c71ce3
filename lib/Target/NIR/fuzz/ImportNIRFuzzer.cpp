//===- ImportNIRFuzzer.cpp - libFuzzer target of --import-nir ---*- C++ -*-===//
//
// Part of snn-mlir.
//
// Feeds arbitrary bytes to importNIR() and verifies what it returns; a graph
// that imports is written back with emitNIR() and imported again, so the
// emitter and the HDF5 writer are fuzzed too. Diagnostics are dropped: only
// crashes, hangs, leaks and sanitizer reports count. The whole file lives in
// memory (HDF5's core driver): the target never touches the disk.
//
//===----------------------------------------------------------------------===//

#include "SNN/Target/NIR.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context;
  context.getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  mlir::snn::NIRImportOptions options;
  // In this process, so that coverage and sanitizers see libhdf5's code;
  // snn-translate reads in a child (a libhdf5 crash there is an error).
  options.isolateHDF5 = false;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::snn::importNIR(bytes, &context, options);
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;
  std::string image;
  llvm::raw_string_ostream os(image);
  mlir::snn::NIREmitOptions emitOptions;
  emitOptions.lossy = true;
  if (mlir::succeeded(mlir::snn::emitNIR(*module, os, emitOptions))) {
    mlir::OwningOpRef<mlir::ModuleOp> again =
        mlir::snn::importNIR(image, &context, options);
    if (again)
      (void)mlir::verify(*again);
  }
  return 0;
}
