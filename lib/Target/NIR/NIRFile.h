//===- NIRFile.h - NIR graphs in memory and in HDF5 files -------*- C++ -*-===//
//
// Part of snn-mlir.
//
// The NIR file format (neuromorphs/NIR, `nir/serialization.py`) as plain
// data: a graph is a set of named nodes, each with a type string and one
// array per parameter, and a list of edges; a node of type "NIRGraph" holds a
// nested graph. readNIRFile() and writeNIRFile() convert between this and an
// HDF5 file image through the HDF5 C API (no exceptions). Private to
// lib/Target/NIR.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_LIB_TARGET_NIR_NIRFILE_H
#define SNN_LIB_TARGET_NIR_NIRFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mlir {
namespace snn {
namespace nir {

/// One dataset: a numeric array (values widened to double) or strings.
struct Array {
  /// How the array is stored when written.
  enum class DType { F32, F64, I64, I8, String };
  DType dtype = DType::F64;
  /// Empty for a scalar.
  std::vector<int64_t> shape;
  std::vector<double> numbers;
  std::vector<std::string> strings;

  bool isString() const { return dtype == DType::String; }
  /// Number of elements (1 for a scalar).
  int64_t size() const;

  static Array scalar(double value, DType dtype = DType::F64);
  static Array string(llvm::StringRef text);
  static Array vector(llvm::ArrayRef<double> values, DType dtype);
  static Array tensor(llvm::ArrayRef<int64_t> shape, std::vector<double> values,
                      DType dtype);
};

struct Graph;

/// One node of a graph.
struct Node {
  std::string name;
  std::string type;
  /// Parameters, by dataset name (without `type` and `metadata`).
  std::map<std::string, Array> params;
  /// The node's `metadata/` group, if any.
  std::map<std::string, Array> metadata;
  /// The nested graph of a node of type "NIRGraph".
  std::unique_ptr<Graph> subgraph;
};

/// A graph: nodes (in the file's order) and edges (source, destination).
struct Graph {
  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
  std::map<std::string, Array> metadata;

  /// The node named `name`, or null.
  Node *lookup(llvm::StringRef name) const;
};

/// A whole file: `/version` and the graph under `/node`.
struct File {
  std::string version;
  Graph graph;
};

/// How readNIRFile() runs libhdf5.
struct ReadOptions {
  /// Parse in a forked child process, so that a libhdf5 crash or hang on a
  /// corrupt file becomes an error instead of taking the compiler down.
  /// Off: in this process (the fuzzer, which must see libhdf5's code).
  bool isolate = true;
  /// The child's time limit.
  unsigned timeoutSeconds = 300;
};

/// Parses an HDF5 file image holding a NIR graph. Errors say which group or
/// dataset is wrong.
llvm::Expected<File> readNIRFile(llvm::ArrayRef<char> image,
                                 const ReadOptions &options = {});

/// Writes `file` as an HDF5 file image in NIR's layout.
llvm::Expected<std::vector<char>> writeNIRFile(const File &file);

} // namespace nir
} // namespace snn
} // namespace mlir

#endif // SNN_LIB_TARGET_NIR_NIRFILE_H
