//===- CompileCache.h - snn-run's cache of compiled models ------*- C++ -*-===//
//
// Part of snn-mlir.
//
// snn-run compiles a model to native code on every run (MLIR lowering, then
// LLVM's optimizer and code generator, Compile.h), which takes seconds on
// big CNNs. The cache keeps the object files of each compiled model, keyed
// by everything that decides the code: the model's bytes, the lowering
// options and pipeline, the entry, the host CPU and its features, LLVM's
// version and snn-run's own executable. A second run of the same model
// loads the objects into an ORC LLJIT and skips both the lowering and LLVM.
//
// An entry is `<key>.snnobj`: a magic line, the XXH3-128 checksum of the
// metadata, and the metadata: the number of object files (the partitions
// snn-run compiled in parallel), then each one's size and bytes; the number
// of weights (Compile.h), then each one's symbol, alignment, size, digest
// and either its offset in the file, where its bytes follow the metadata
// (aligned: a hit maps the file into memory and uses them in place), or, for
// the bytes of one of the model's resource blobs (most weights), the blob's
// key: a hit, which parses the model anyway, uses the parsed blob. The bytes
// are written from where they are and checked against their digests when
// read. An entry that fails a check or does not load is a warning and the
// model is compiled again (and the entry rewritten). New entries are written
// to a temporary file and renamed into place, so concurrent runs never see
// half an entry. The directory is trimmed to a size limit, least recently
// used entries first.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TOOLS_SNN_RUN_COMPILECACHE_H
#define SNN_TOOLS_SNN_RUN_COMPILECACHE_H

#include "Compile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace snn_run {

/// The cache directory: $SNN_CACHE_DIR, else $XDG_CACHE_HOME/snn-mlir, else
/// $HOME/.cache/snn-mlir; empty when none of them is set.
std::string defaultCacheDir();

/// Hashes the parts (each length-prefixed, so that boundaries count) with
/// the identity of this snn-run build (LLVM's version, the executable's
/// bytes, the host CPU and its features) into a 32-digit hex key.
std::string cacheKey(llvm::ArrayRef<llvm::StringRef> parts, const char *argv0);

/// The bytes of the model's resource blob `key`, if it has one.
using ResourceLookup =
    llvm::function_ref<std::optional<llvm::StringRef>(llvm::StringRef key)>;

/// The compiled model stored for `key` in `dir`, checked, its weights that
/// refer to resource blobs found with `lookup`; std::nullopt when there is
/// no entry. A corrupt entry (or a blob that is missing or differs) is an
/// error (the caller warns and compiles again).
llvm::Expected<std::optional<CompiledModel>>
readEntry(llvm::StringRef dir, llvm::StringRef key, ResourceLookup lookup);

/// Stores `model` as the entry for `key`, then trims `dir` to `maxBytes`.
/// Weights from a resource blob that `lookup` finds with the same bytes are
/// stored as references to it.
llvm::Error writeEntry(llvm::StringRef dir, llvm::StringRef key,
                       const CompiledModel &model, uint64_t maxBytes,
                       ResourceLookup lookup);

/// A compiled model loaded for execution.
struct LoadedObject {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  void (*entry)(void **) = nullptr;
};

/// Links `model`'s objects in a new LLJIT, its weight symbols defined at
/// their bytes' addresses (`model.weights` must outlive the calls) and other
/// external symbols resolved in this process and in `sharedLibs`, and finds
/// `symbol`.
llvm::Expected<LoadedObject>
loadObjects(const CompiledModel &model, llvm::StringRef symbol,
            llvm::ArrayRef<llvm::StringRef> sharedLibs);

} // namespace snn_run

#endif // SNN_TOOLS_SNN_RUN_COMPILECACHE_H
