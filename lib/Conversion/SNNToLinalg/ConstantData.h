//===- ConstantData.h - bytes of constant tensors ------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// Helpers for the passes that make new constants from old ones at compile
// time (--snn-fold-constant-transposes, the packed weights of
// --snn-vectorize-contractions): the bytes of a constant, and memory for
// new ones.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_LIB_CONVERSION_SNNTOLINALG_CONSTANTDATA_H
#define SNN_LIB_CONVERSION_SNNTOLINALG_CONSTANTDATA_H

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <optional>
#include <string>

namespace mlir {
namespace snn {

/// The bytes of a non-splat constant: a dense attribute's raw data or a
/// dense resource's blob, with the resource's key (empty for a dense
/// attribute); nothing for a splat, an unloaded resource or another kind.
struct ConstantBytes {
  ArrayRef<char> data;
  std::string key;
};
std::optional<ConstantBytes> getConstantBytes(Attribute value);

/// A mutable blob of `size` bytes aligned to 64. Big ones are mapped with
/// transparent huge pages where Linux offers them: a network's filters are
/// gigabytes, and faulting them in 4 KiB at a time costs more than copying.
AsmResourceBlob allocateBlob(size_t size);

} // namespace snn
} // namespace mlir

#endif // SNN_LIB_CONVERSION_SNNTOLINALG_CONSTANTDATA_H
