//===- SNNInterfaces.h - snn op interfaces ----------------------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_DIALECT_SNN_SNNINTERFACES_H
#define SNN_DIALECT_SNN_SNNINTERFACES_H

#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include "SNN/Dialect/SNN/SNNInterfaces.h.inc"

#endif // SNN_DIALECT_SNN_SNNINTERFACES_H
