//===- SNNDialect.h - snn dialect declaration -------------------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_DIALECT_SNN_SNNDIALECT_H
#define SNN_DIALECT_SNN_SNNDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "SNN/Dialect/SNN/SNNOpsDialect.h.inc"

#endif // SNN_DIALECT_SNN_SNNDIALECT_H
