//===- Npy.h - read and write NumPy .npy arrays -----------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// The .npy format (version 1.0/2.0/3.0 headers, C order) for the element
// types snn-mlir exchanges with Python: float32/64 data and integer labels.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_SUPPORT_NPY_H
#define SNN_SUPPORT_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir {
namespace snn {

/// Element types of .npy arrays we read and write.
enum class NpyDType { F32, F64, U8, I8, I16, I32, I64, U16, U32, U64 };

/// A dense, C-ordered array loaded from a .npy file.
struct NpyArray {
  NpyDType dtype = NpyDType::F32;
  llvm::SmallVector<int64_t> shape;
  /// Raw little-endian element bytes.
  std::vector<char> data;

  /// Number of elements (product of the shape; 1 for a scalar).
  int64_t numElements() const;
  /// Size of one element in bytes.
  size_t elementSize() const;
  /// Element `i` converted to double.
  double getAsDouble(int64_t i) const;
  /// True for integer dtypes.
  bool isInteger() const;
};

/// Returns the numpy descr string ("<f4", "|u1", ...) of `dtype`.
llvm::StringRef getNpyDescr(NpyDType dtype);

/// Parses a .npy file held in `buffer`; `name` is used in error messages.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef buffer, llvm::StringRef name);

/// Reads and parses the .npy file at `path`.
llvm::Expected<NpyArray> readNpyFile(llvm::StringRef path);

/// Writes a float32 array of `shape` to `os` in .npy format (version 1.0).
void writeNpyF32(llvm::raw_ostream &os, llvm::ArrayRef<int64_t> shape,
                 llvm::ArrayRef<float> values);

/// Writes a float32 array to the file at `path`.
llvm::Error writeNpyF32File(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                            llvm::ArrayRef<float> values);

} // namespace snn
} // namespace mlir

#endif // SNN_SUPPORT_NPY_H
