//===- VectorLists.h - marked lanes appended to lists -------*- C++ -*-===//
//
// Part of snn-mlir.
//
// Helpers shared by --snn-vectorize-neurons and --snn-vectorize-contractions:
// both build lists (of spikes, of the arguments of libm calls, of an input
// row's non-zeros) from the lanes of a vector that a compare marks.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_LIB_CONVERSION_SNNTOLINALG_VECTORLISTS_H
#define SNN_LIB_CONVERSION_SNNTOLINALG_VECTORLISTS_H

#include "mlir/IR/Builders.h"

namespace mlir {
namespace snn {

/// The number of lanes that the i1 vector `lanes` marks, as an index: the
/// vector bitcast to an integer of its width (a mask register move on
/// AVX-512), then `math.ctpop`.
Value countLanes(OpBuilder &b, Location loc, Value lanes);

/// The i32 vector `at + lane` of `lanes` lanes (`at` an index): the
/// element indices of a vector of `lanes` elements from `at`.
Value laneIndices(OpBuilder &b, Location loc, Value at, int64_t lanes);

/// Appends the lanes of the 1-D vector `value` that `mask` marks, in lane
/// order, to the list at `list[leading..., at]`: the lanes packed in a
/// register (`snn.compress`) and the whole vector stored there, in pieces
/// of at most 512 bits (LLVM 22 miscompiles the compress of wider vectors
/// on AVX-512). The caller guarantees that `at` plus the vector's width
/// stays inside the list (a list that never holds more entries than the
/// lanes before the vector does). The list's entries after the appended
/// ones are overwritten with unspecified values.
void appendLanes(OpBuilder &b, Location loc, Value list, ValueRange leading,
                 Value at, Value mask, Value value);

} // namespace snn
} // namespace mlir

#endif // SNN_LIB_CONVERSION_SNNTOLINALG_VECTORLISTS_H
