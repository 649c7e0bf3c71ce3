//===- CompileCache.cpp - snn-run's cache of compiled models ----*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#include "CompileCache.h"
#include "PerfMap.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <cstring>
#include <utime.h>
#include <vector>

using namespace snn_run;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

/// First line of every entry; bump the version when the layout changes.
static constexpr StringRef kMagic = "snn-run compile cache v4\n";

/// Weight bytes start at file offsets that are multiples of this (and of
/// their alignment), so that they can be used where the file is mapped.
static constexpr uint64_t kFileAlignment = 64;

static Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static std::string hex128(llvm::XXH128_hash_t h) {
  return llvm::formatv("{0:x-16}{1:x-16}", h.high64, h.low64).str();
}

static llvm::XXH128_hash_t hashBytes(StringRef bytes) {
  return llvm::xxh3_128bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()));
}

std::string snn_run::defaultCacheDir() {
  if (std::optional<std::string> dir =
          llvm::sys::Process::GetEnv("SNN_CACHE_DIR"))
    return *dir;
  llvm::SmallString<256> path;
  if (std::optional<std::string> xdg =
          llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      xdg && !xdg->empty()) {
    path = *xdg;
  } else if (std::optional<std::string> home =
                 llvm::sys::Process::GetEnv("HOME");
             home && !home->empty()) {
    path = *home;
    llvm::sys::path::append(path, ".cache");
  } else {
    return "";
  }
  llvm::sys::path::append(path, "snn-mlir");
  return std::string(path);
}

std::string snn_run::cacheKey(llvm::ArrayRef<StringRef> parts,
                              const char *argv0) {
  std::vector<std::string> identity;
  identity.push_back(LLVM_VERSION_STRING);
  static int anchor;
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, &anchor);
  if (auto buffer = llvm::MemoryBuffer::getFile(exe))
    identity.push_back(hex128(hashBytes((*buffer)->getBuffer())));
  else
    identity.push_back("exe:" + exe);
  identity.push_back(llvm::sys::getProcessTriple());
  identity.push_back(llvm::sys::getHostCPUName().str());
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  std::vector<std::string> enabled;
  for (const auto &feature : features)
    if (feature.getValue())
      enabled.push_back(feature.getKey().str());
  llvm::sort(enabled);
  std::string featureText;
  for (const std::string &f : enabled)
    featureText += f + ",";
  identity.push_back(featureText);

  // Digest of each part, then of the digests.
  std::string digests;
  auto add = [&](StringRef part) {
    llvm::XXH128_hash_t h = hashBytes(part);
    digests.append(reinterpret_cast<const char *>(&h), sizeof(h));
    uint64_t size = part.size();
    digests.append(reinterpret_cast<const char *>(&size), sizeof(size));
  };
  for (const std::string &part : identity)
    add(part);
  for (StringRef part : parts)
    add(part);
  return hex128(hashBytes(digests));
}

static std::string entryPath(StringRef dir, StringRef key) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, key + ".snnobj");
  return std::string(path);
}

/// The 16 bytes of `bytes`' XXH3-128 digest.
static std::string digest(StringRef bytes) {
  llvm::XXH128_hash_t h = hashBytes(bytes);
  std::string out(16, '\0');
  std::memcpy(&out[0], &h.high64, 8);
  std::memcpy(&out[8], &h.low64, 8);
  return out;
}

Expected<std::optional<CompiledModel>>
snn_run::readEntry(StringRef dir, StringRef key, ResourceLookup lookup) {
  std::string path = entryPath(dir, key);
  if (!llvm::sys::fs::exists(path))
    return std::nullopt;
  // Mapped (not read) where the system allows: the weights are used in place.
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false,
                                            /*IsVolatile=*/false);
  if (!buffer)
    return makeError("cannot read cache entry '" + path +
                     "': " + buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  const size_t header = kMagic.size() + 32 + 1;
  if (!bytes.starts_with(kMagic) || bytes.size() < header + 8 ||
      bytes[header - 1] != '\n')
    return makeError("cache entry '" + path + "' is not an snn-run object");
  auto checksumFailure = [&] {
    return makeError("cache entry '" + path + "' fails its checksum");
  };
  uint64_t metaSize = 0;
  std::memcpy(&metaSize, bytes.data() + header, 8);
  if (metaSize > bytes.size() - header - 8)
    return checksumFailure();
  StringRef checksum = bytes.substr(kMagic.size(), 32);
  if (hex128(hashBytes(bytes.substr(header, 8 + metaSize))) != checksum)
    return checksumFailure();
  StringRef payload = bytes.substr(header + 8, metaSize);
  auto take = [&](uint64_t &v) {
    if (payload.size() < 8)
      return false;
    std::memcpy(&v, payload.data(), 8);
    payload = payload.drop_front(8);
    return true;
  };
  auto takeBytes = [&](uint64_t size, StringRef &out) {
    if (size > payload.size())
      return false;
    out = payload.take_front(size);
    payload = payload.drop_front(size);
    return true;
  };
  auto malformed = [&] {
    return makeError("cache entry '" + path + "' is malformed");
  };
  uint64_t count = 0;
  CompiledModel model;
  if (!take(count) || count == 0 || count > payload.size() / 8)
    return malformed();
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t size = 0;
    StringRef object;
    if (!take(size) || !takeBytes(size, object))
      return malformed();
    model.objects.push_back(object.str());
  }
  if (!take(count) || count > payload.size() / 32)
    return malformed();
  for (uint64_t i = 0; i < count; ++i) {
    Weight weight;
    uint64_t nameSize = 0, size = 0, kind = 0;
    StringRef name, sum;
    if (!take(nameSize) || !takeBytes(nameSize, name) ||
        !take(weight.alignment) || !take(size) || !take(kind) ||
        !llvm::isPowerOf2_64(weight.alignment) || kind > 1)
      return malformed();
    weight.symbol = name.str();
    if (kind == 1) {
      // A resource blob of the model: its key and digest.
      uint64_t keySize = 0;
      StringRef resource;
      if (!take(keySize) || !takeBytes(keySize, resource) ||
          !takeBytes(16, sum))
        return malformed();
      weight.resource = resource.str();
      std::optional<StringRef> blob = lookup(weight.resource);
      if (!blob || blob->size() != size || digest(*blob) != sum)
        return makeError("cache entry '" + path + "' refers to resource '" +
                         weight.resource + "', which the model " +
                         (blob ? "holds with other bytes" : "lacks"));
      weight.bytes = *blob;
    } else {
      // Bytes in the file, at an offset, and their digest.
      uint64_t offset = 0;
      if (!take(offset) || !takeBytes(16, sum))
        return malformed();
      if (offset > bytes.size() || size > bytes.size() - offset)
        return malformed();
      weight.bytes = bytes.substr(offset, size);
      if (digest(weight.bytes) != sum)
        return checksumFailure();
    }
    // A blob aligned to less, or a buffer read rather than mapped: a copy.
    if (reinterpret_cast<uintptr_t>(weight.bytes.data()) % weight.alignment)
      weight.bytes = model.weights.copy(weight.bytes, weight.alignment);
    model.weights.list.push_back(std::move(weight));
  }
  if (!payload.empty())
    return malformed();
  model.weights.keep(std::move(*buffer));
  // Mark it recently used (for trimming).
  ::utime(path.c_str(), nullptr);
  return std::optional<CompiledModel>(std::move(model));
}

/// Deletes the least recently used entries until `dir` holds at most
/// `maxBytes` of them.
static void trim(StringRef dir, uint64_t maxBytes) {
  struct Entry {
    std::string path;
    uint64_t size;
    llvm::sys::TimePoint<> used;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (llvm::sys::path::extension(it->path()) != ".snnobj")
      continue;
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(it->path(), status))
      continue;
    entries.push_back(
        {it->path(), status.getSize(), status.getLastModificationTime()});
    total += status.getSize();
  }
  llvm::sort(entries,
             [](const Entry &a, const Entry &b) { return a.used < b.used; });
  for (const Entry &e : entries) {
    if (total <= maxBytes)
      break;
    if (!llvm::sys::fs::remove(e.path))
      total -= e.size;
  }
}

Error snn_run::writeEntry(StringRef dir, StringRef key,
                          const CompiledModel &model, uint64_t maxBytes,
                          ResourceLookup lookup) {
  // The metadata (objects, the weight table), checksummed; the bytes of the
  // weights that are not resource blobs of the model follow, each at an
  // aligned offset, written from where they are (no copy).
  const size_t header = kMagic.size() + 32 + 1;
  std::string meta;
  auto put = [&](uint64_t v) {
    meta.append(reinterpret_cast<const char *>(&v), 8);
  };
  put(model.objects.size());
  for (const std::string &o : model.objects) {
    put(o.size());
    meta += o;
  }
  put(model.weights.list.size());
  // (meta position of the offset field, weight) of the bytes to write.
  std::vector<std::pair<size_t, const Weight *>> inline_;
  for (const Weight &w : model.weights.list) {
    put(w.symbol.size());
    meta += w.symbol;
    put(w.alignment);
    put(w.bytes.size());
    if (!w.resource.empty()) {
      std::optional<StringRef> blob = lookup(w.resource);
      if (blob && *blob == w.bytes) {
        put(1);
        put(w.resource.size());
        meta += w.resource;
        meta += digest(w.bytes);
        continue;
      }
    }
    put(0);
    inline_.push_back({meta.size(), &w});
    put(0); // The offset, set below.
    meta += digest(w.bytes);
  }
  uint64_t end = header + 8 + meta.size();
  std::vector<uint64_t> offsets;
  for (auto [at, w] : inline_) {
    uint64_t offset =
        llvm::alignTo(end, std::max<uint64_t>(w->alignment, kFileAlignment));
    std::memcpy(&meta[at], &offset, 8);
    offsets.push_back(offset);
    end = offset + w->bytes.size();
  }
  uint64_t metaSize = meta.size();
  std::string sized(reinterpret_cast<const char *>(&metaSize), 8);
  sized += meta;

  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return makeError("cannot create cache directory '" + dir +
                     "': " + ec.message());
  llvm::SmallString<256> tmpModel(dir);
  llvm::sys::path::append(tmpModel, key + "-%%%%%%.part");
  int fd;
  llvm::SmallString<256> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(tmpModel, fd, tmp))
    return makeError("cannot create a file in cache directory '" + dir +
                     "': " + ec.message());
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << kMagic << hex128(hashBytes(sized)) << '\n' << sized;
    uint64_t at = header + sized.size();
    for (auto [offset, w] : llvm::zip(offsets, inline_)) {
      os.indent(offset - at);
      os << w.second->bytes;
      at = offset + w.second->bytes.size();
    }
    os.close();
    if (os.has_error()) {
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return makeError("cannot write cache entry in '" + dir + "'");
    }
  }
  std::string path = entryPath(dir, key);
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    return makeError("cannot store cache entry '" + path +
                     "': " + ec.message());
  }
  trim(dir, maxBytes);
  return Error::success();
}

Expected<LoadedObject>
snn_run::loadObjects(const CompiledModel &model, StringRef symbol,
                     llvm::ArrayRef<StringRef> sharedLibs) {
  auto machine = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machine)
    return machine.takeError();
  auto jit = llvm::orc::LLJITBuilder()
                 .setJITTargetMachineBuilder(std::move(*machine))
                 .create();
  if (!jit)
    return jit.takeError();
  addPerfMap(**jit);
  llvm::orc::JITDylib &main = (*jit)->getMainJITDylib();
  char prefix = (*jit)->getDataLayout().getGlobalPrefix();
  auto process =
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(prefix);
  if (!process)
    return process.takeError();
  main.addGenerator(std::move(*process));
  for (StringRef lib : sharedLibs) {
    auto generator = llvm::orc::DynamicLibrarySearchGenerator::Load(
        lib.str().c_str(), prefix);
    if (!generator)
      return generator.takeError();
    main.addGenerator(std::move(*generator));
  }
  // The weights: absolute symbols at their bytes.
  llvm::orc::SymbolMap weightSymbols;
  for (const Weight &w : model.weights.list)
    weightSymbols[(*jit)->mangleAndIntern(w.symbol)] = {
        llvm::orc::ExecutorAddr::fromPtr(w.bytes.data()),
        llvm::JITSymbolFlags::Exported};
  if (!weightSymbols.empty())
    if (Error err =
            main.define(llvm::orc::absoluteSymbols(std::move(weightSymbols))))
      return std::move(err);
  for (const std::string &object : model.objects)
    if (Error err = (*jit)->addObjectFile(
            llvm::MemoryBuffer::getMemBufferCopy(object, "snn-run.o")))
      return std::move(err);
  if (Error err = (*jit)->initialize(main))
    return std::move(err);
  auto address = (*jit)->lookup(symbol);
  if (!address)
    return address.takeError();
  LoadedObject loaded;
  loaded.entry = address->toPtr<void (*)(void **)>();
  loaded.jit = std::move(*jit);
  return loaded;
}
