//===- ImportONNXFuzzer.cpp - libFuzzer target of --import-onnx -*- C++ -*-===//
//
// Part of snn-mlir.
//
// Feeds arbitrary bytes to importONNX() (binary format; text format when the
// first byte is odd) and verifies what it returns. Diagnostics are dropped:
// only crashes, hangs, leaks and sanitizer reports count. External data is
// refused (no model path), so the target never reads files.
//
//===----------------------------------------------------------------------===//

#include "SNN/Target/ImportONNX.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context;
  context.getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  mlir::snn::ImportONNXOptions options;
  if (size > 0) {
    options.textFormat = data[0] & 1;
    ++data;
    --size;
  }
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::snn::importONNX(bytes, /*modelPath=*/"", &context, options);
  if (module)
    (void)mlir::verify(*module);
  return 0;
}
