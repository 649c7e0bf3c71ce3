//===- NpzWriter.h - numpy .npz archives (private) --------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// Writes the weights file of `--emit-nengo`: an uncompressed zip archive of
// `.npy` arrays, as `numpy.savez` writes it and `numpy.load` reads it.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_LIB_TARGET_NENGO_NPZWRITER_H
#define SNN_LIB_TARGET_NENGO_NPZWRITER_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir {
namespace snn {
namespace nengo {

/// One array of the archive: stored as `<name>.npy`, little-endian, C order.
struct NpyArray {
  /// The key `numpy.load` returns it under.
  std::string name;
  /// The numpy type string: `<f4`, `<f8`, `<f2`.
  std::string descr;
  /// The array's shape (empty for a scalar).
  llvm::SmallVector<int64_t> shape;
  /// The elements, little-endian, C order.
  std::vector<char> data;
};

/// Returns the `.npy` file (header and data) of `array`.
std::string serializeNpy(const NpyArray &array);

/// Writes `arrays` as an uncompressed zip archive to `path`, atomically
/// (through a temporary file). Fails beyond the 4 GiB of a zip without
/// zip64 extensions.
llvm::Error writeNpz(llvm::StringRef path, llvm::ArrayRef<NpyArray> arrays);

} // namespace nengo
} // namespace snn
} // namespace mlir

#endif // SNN_LIB_TARGET_NENGO_NPZWRITER_H
