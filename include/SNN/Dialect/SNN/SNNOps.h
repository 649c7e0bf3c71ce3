//===- SNNOps.h - snn dialect ops -------------------------------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_DIALECT_SNN_SNNOPS_H
#define SNN_DIALECT_SNN_SNNOPS_H

#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Dialect/SNN/SNNInterfaces.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "SNN/Dialect/SNN/SNNOps.h.inc"

namespace mlir {
namespace snn {
/// Returns true for the ops with implicit state (the population form:
/// neurons, synapses, delays, snn.count_max_pool2d), which need
/// `--snn-materialize-time` before they can be lowered.
bool hasImplicitState(Operation *op);
} // namespace snn
} // namespace mlir

#endif // SNN_DIALECT_SNN_SNNOPS_H
