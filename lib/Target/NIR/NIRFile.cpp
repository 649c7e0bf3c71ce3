//===- NIRFile.cpp - NIR graphs in HDF5 files (HDF5 C API) ------*- C++ -*-===//
//
// Part of snn-mlir.
//
// Reads and writes NIR's HDF5 layout through the HDF5 C API, entirely in
// memory (the core driver with a file image), so the translation works on
// the buffer mlir-translate hands over and writes to its output stream.
// HDF5's own error printing is switched off; every failure becomes an
// llvm::Error that names the group or dataset.
//
//===----------------------------------------------------------------------===//

#include "NIRFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <hdf5.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>

#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace mlir::snn::nir;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// Arrays and graphs
//===----------------------------------------------------------------------===//

int64_t Array::size() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

Array Array::scalar(double value, DType dtype) {
  Array a;
  a.dtype = dtype;
  a.numbers = {value};
  return a;
}

Array Array::string(StringRef text) {
  Array a;
  a.dtype = DType::String;
  a.strings = {text.str()};
  return a;
}

Array Array::vector(llvm::ArrayRef<double> values, DType dtype) {
  Array a;
  a.dtype = dtype;
  a.shape = {static_cast<int64_t>(values.size())};
  a.numbers.assign(values.begin(), values.end());
  return a;
}

Array Array::tensor(llvm::ArrayRef<int64_t> shape, std::vector<double> values,
                    DType dtype) {
  Array a;
  a.dtype = dtype;
  a.shape.assign(shape.begin(), shape.end());
  a.numbers = std::move(values);
  return a;
}

Node *Graph::lookup(StringRef name) const {
  for (const std::unique_ptr<Node> &node : nodes)
    if (node->name == name)
      return node.get();
  return nullptr;
}

//===----------------------------------------------------------------------===//
// HDF5 handles
//===----------------------------------------------------------------------===//

namespace {
/// Closes an HDF5 identifier with the matching close function.
class Handle {
public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t)) : id(id), close(close) {}
  Handle(const Handle &) = delete;
  Handle &operator=(const Handle &) = delete;
  Handle(Handle &&other) : id(other.id), close(other.close) { other.id = -1; }
  Handle &operator=(Handle &&other) {
    reset();
    id = other.id;
    close = other.close;
    other.id = -1;
    return *this;
  }
  ~Handle() { reset(); }
  void reset() {
    if (id >= 0 && close)
      close(id);
    id = -1;
  }
  bool valid() const { return id >= 0; }
  hid_t get() const { return id; }

private:
  hid_t id = -1;
  herr_t (*close)(hid_t) = nullptr;
};

/// Turns off HDF5's automatic error printing for the lifetime of the object.
class QuietHDF5 {
public:
  QuietHDF5() {
    H5Eget_auto2(H5E_DEFAULT, &func, &data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHDF5() { H5Eset_auto2(H5E_DEFAULT, func, data); }

private:
  H5E_auto2_t func = nullptr;
  void *data = nullptr;
};
} // namespace

static Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The innermost message of HDF5's current error stack, for context.
static std::string hdf5Reason() {
  std::string reason;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t *err, void *data) -> herr_t {
        auto *out = static_cast<std::string *>(data);
        if (out->empty() && err->desc)
          *out = err->desc;
        return 0;
      },
      &reason);
  H5Eclear2(H5E_DEFAULT);
  return reason;
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

/// Names of the links of a group, in name order.
static Expected<std::vector<std::string>> listMembers(hid_t group,
                                                      StringRef path) {
  std::vector<std::string> names;
  hsize_t index = 0;
  herr_t status = H5Literate(
      group, H5_INDEX_NAME, H5_ITER_INC, &index,
      [](hid_t, const char *name, const H5L_info_t *, void *data) -> herr_t {
        static_cast<std::vector<std::string> *>(data)->push_back(name);
        return 0;
      },
      &names);
  if (status < 0)
    return makeError("cannot list group '" + path + "': " + hdf5Reason());
  return names;
}

/// Whether the member `name` of `group` is a group (else a dataset).
static Expected<bool> isGroup(hid_t group, const std::string &name,
                              StringRef path) {
  Handle object(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose);
  if (!object.valid())
    return makeError("cannot open '" + path + "/" + name +
                     "': " + hdf5Reason());
  H5I_type_t type = H5Iget_type(object.get());
  if (type == H5I_GROUP)
    return true;
  if (type == H5I_DATASET)
    return false;
  return makeError("'" + path + "/" + name +
                   "' is neither a group nor a dataset");
}

/// Reads one dataset: numbers (any integer, float, bool/enum type) widened to
/// double, or strings (fixed or variable length).
/// Little-endian unsigned integer of `width` bytes at `at` (caller checks
/// bounds).
static uint64_t readLE(llvm::ArrayRef<char> image, size_t at, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i)
    value |= uint64_t(static_cast<unsigned char>(image[at + i])) << (8 * i);
  return value;
}

/// The size of the file image being read: no dataset may claim more
/// elements than a generous multiple of it (HDF5 trusts the sizes a file
/// states, and a corrupt file would make it allocate gigabytes).
static thread_local size_t currentImageSize = 0;
/// The file image and its superblock's offset size, for checkVlenLengths.
static thread_local llvm::ArrayRef<char> currentImage;
static thread_local size_t currentOffsetSize = 0;
/// The global heap collections checkGlobalHeaps found: byte offset ->
/// (object index -> object size).
static thread_local std::map<uint64_t, std::map<unsigned, uint64_t>>
    currentHeaps;

/// libhdf5 allocates a variable-length element's buffer from the length
/// that the dataset's raw data states, before it reads the element, so a
/// corrupt length makes it allocate gigabytes. Reads the raw elements (4-byte
/// length, global heap address, 4-byte index) from the image and refuses
/// lengths no string in the file could have. Only contiguous storage can be
/// checked this way, so variable-length strings must be stored contiguously
/// (as h5py and our writer store them); storage not yet allocated holds no
/// lengths.
static Error checkVlenLengths(hid_t dataset, int64_t count,
                              const std::string &where) {
  Handle plist(H5Dget_create_plist(dataset), H5Pclose);
  if (!plist.valid())
    return makeError("cannot read the layout of '" + where + "'");
  if (H5Pget_layout(plist.get()) != H5D_CONTIGUOUS)
    return makeError("dataset '" + where +
                     "': variable-length strings must be stored contiguously");
  haddr_t offset = H5Dget_offset(dataset);
  if (offset == HADDR_UNDEF)
    return Error::success();
  size_t elementSize = 8 + currentOffsetSize;
  if (currentOffsetSize == 0 || offset > currentImage.size() ||
      uint64_t(count) * elementSize > currentImage.size() - offset)
    return makeError("dataset '" + where + "' lies outside the file");
  for (int64_t i = 0; i < count; ++i) {
    size_t at = offset + i * elementSize;
    uint64_t length = readLE(currentImage, at, 4);
    std::string what = "dataset '" + where + "': string " + std::to_string(i);
    if (length > currentImage.size())
      return makeError(what + " claims " + std::to_string(length) +
                       " bytes, more than the file holds");
    // HDF5 looks the object up without checking that the collection has it,
    // and copies the whole object into a buffer of `length` bytes.
    uint64_t heap = readLE(currentImage, at + 4, currentOffsetSize);
    if (heap == 0)
      continue; // a null string
    unsigned index = static_cast<unsigned>(
        readLE(currentImage, at + 4 + currentOffsetSize, 4));
    auto collection = currentHeaps.find(heap);
    if (collection == currentHeaps.end())
      return makeError(what + " points at byte " + std::to_string(heap) +
                       ", where no global heap collection is");
    auto object = collection->second.find(index);
    if (index == 0 || object == collection->second.end())
      return makeError(what + " names object " + std::to_string(index) +
                       " of the global heap collection at byte " +
                       std::to_string(heap) + ", which has no such object");
    if (object->second > length)
      return makeError(what + " is " + std::to_string(length) +
                       " bytes long but its heap object has " +
                       std::to_string(object->second));
  }
  return Error::success();
}

static Expected<Array> readDataset(hid_t parent, const std::string &name,
                                   StringRef path) {
  std::string where = (path + "/" + name).str();
  Handle dataset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid())
    return makeError("cannot open dataset '" + where + "': " + hdf5Reason());
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  Handle type(H5Dget_type(dataset.get()), H5Tclose);
  if (!space.valid() || !type.valid())
    return makeError("cannot read dataset '" + where + "': " + hdf5Reason());
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 8)
    return makeError("dataset '" + where + "' has an unsupported rank");
  Array array;
  hsize_t dims[8] = {0};
  if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims, nullptr) < 0)
    return makeError("cannot read the shape of '" + where + "'");
  int64_t count = 1;
  int64_t maxCount =
      std::max<int64_t>(int64_t(1) << 20, int64_t(currentImageSize) * 256);
  for (int i = 0; i < rank; ++i) {
    if (dims[i] > (1ull << 31))
      return makeError("dataset '" + where + "' is too large");
    array.shape.push_back(static_cast<int64_t>(dims[i]));
    count *= static_cast<int64_t>(dims[i]);
    if (count > maxCount)
      return makeError("dataset '" + where + "' claims " +
                       std::to_string(count) +
                       " elements, more than the file can hold");
  }
  H5T_class_t cls = H5Tget_class(type.get());
  if (cls == H5T_STRING) {
    array.dtype = Array::DType::String;
    htri_t variable = H5Tis_variable_str(type.get());
    if (variable < 0)
      return makeError("cannot read the string type of '" + where + "'");
    if (variable) {
      if (Error err = checkVlenLengths(dataset.get(), count, where))
        return std::move(err);
      Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
      H5Tset_size(memType.get(), H5T_VARIABLE);
      H5Tset_cset(memType.get(), H5Tget_cset(type.get()));
      std::vector<char *> values(count, nullptr);
      if (H5Dread(dataset.get(), memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                  values.data()) < 0)
        return makeError("cannot read strings of '" + where +
                         "': " + hdf5Reason());
      for (char *v : values)
        array.strings.push_back(v ? v : "");
      H5Dvlen_reclaim(memType.get(), space.get(), H5P_DEFAULT, values.data());
      return array;
    }
    size_t width = H5Tget_size(type.get());
    if (width == 0 || width > (1u << 20))
      return makeError("dataset '" + where + "' has a bad string width");
    Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memType.get(), width);
    H5Tset_strpad(memType.get(), H5T_STR_NULLPAD);
    std::vector<char> buffer(width * count);
    if (H5Dread(dataset.get(), memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                buffer.data()) < 0)
      return makeError("cannot read strings of '" + where +
                       "': " + hdf5Reason());
    for (int64_t i = 0; i < count; ++i) {
      const char *begin = buffer.data() + i * width;
      array.strings.emplace_back(begin, strnlen(begin, width));
    }
    return array;
  }
  hid_t memType;
  if (cls == H5T_FLOAT) {
    array.dtype =
        H5Tget_size(type.get()) == 4 ? Array::DType::F32 : Array::DType::F64;
    memType = H5T_NATIVE_DOUBLE;
  } else if (cls == H5T_INTEGER || cls == H5T_ENUM) {
    array.dtype = Array::DType::I64;
    memType = H5T_NATIVE_INT64;
  } else {
    return makeError("dataset '" + where + "' is neither numeric nor a string");
  }
  if (cls == H5T_ENUM) {
    // h5py stores booleans as an enum over int8: read the base integers.
    Handle base(H5Tget_super(type.get()), H5Tclose);
    std::vector<int64_t> values(count);
    Handle nativeBase(H5Tget_native_type(base.get(), H5T_DIR_ASCEND), H5Tclose);
    size_t width = H5Tget_size(nativeBase.get());
    if (width == 0 || width > 8)
      return makeError("dataset '" + where + "' has a bad enum base type");
    std::vector<char> raw(width * count);
    // Read the raw enum values (same size as the base type).
    if (H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                raw.data()) < 0)
      return makeError("cannot read '" + where + "': " + hdf5Reason());
    bool isSigned = H5Tget_sign(nativeBase.get()) == H5T_SGN_2;
    for (int64_t i = 0; i < count; ++i) {
      int64_t v = 0;
      const char *p = raw.data() + i * width;
      if (width == 1)
        v = isSigned ? int64_t(*reinterpret_cast<const int8_t *>(p))
                     : int64_t(*reinterpret_cast<const uint8_t *>(p));
      else if (width == 2)
        v = isSigned ? int64_t(*reinterpret_cast<const int16_t *>(p))
                     : int64_t(*reinterpret_cast<const uint16_t *>(p));
      else if (width == 4)
        v = isSigned ? int64_t(*reinterpret_cast<const int32_t *>(p))
                     : int64_t(*reinterpret_cast<const uint32_t *>(p));
      else
        std::memcpy(&v, p, 8);
      array.numbers.push_back(static_cast<double>(v));
    }
    return array;
  }
  if (memType == H5T_NATIVE_DOUBLE) {
    array.numbers.resize(count);
    if (H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                array.numbers.data()) < 0)
      return makeError("cannot read '" + where + "': " + hdf5Reason());
    return array;
  }
  std::vector<int64_t> values(count);
  if (H5Dread(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT,
              values.data()) < 0)
    return makeError("cannot read '" + where + "': " + hdf5Reason());
  for (int64_t v : values)
    array.numbers.push_back(static_cast<double>(v));
  return array;
}

/// Reads every dataset of a group (sub-groups are an error) into `out`.
static Error readFlatGroup(hid_t parent, const std::string &name,
                           StringRef path, std::map<std::string, Array> &out) {
  std::string where = (path + "/" + name).str();
  Handle group(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose);
  if (!group.valid())
    return makeError("cannot open group '" + where + "': " + hdf5Reason());
  Expected<std::vector<std::string>> members = listMembers(group.get(), where);
  if (!members)
    return members.takeError();
  for (const std::string &member : *members) {
    Expected<bool> sub = isGroup(group.get(), member, where);
    if (!sub)
      return sub.takeError();
    if (*sub)
      continue; // Nested metadata is not interpreted.
    Expected<Array> array = readDataset(group.get(), member, where);
    if (!array)
      return array.takeError();
    out[member] = std::move(*array);
  }
  return Error::success();
}

static Error readGraph(hid_t group, StringRef path, Graph &graph, int depth);

/// Reads the node group `name` of `nodesGroup`.
static Expected<std::unique_ptr<Node>>
readNode(hid_t nodesGroup, const std::string &name, StringRef path, int depth) {
  std::string where = (path + "/" + name).str();
  Handle group(H5Gopen2(nodesGroup, name.c_str(), H5P_DEFAULT), H5Gclose);
  if (!group.valid())
    return makeError("node '" + name + "': cannot open group '" + where +
                     "': " + hdf5Reason());
  auto node = std::make_unique<Node>();
  node->name = name;
  Expected<std::vector<std::string>> members = listMembers(group.get(), where);
  if (!members)
    return members.takeError();
  for (const std::string &member : *members) {
    Expected<bool> sub = isGroup(group.get(), member, where);
    if (!sub)
      return sub.takeError();
    if (*sub) {
      if (member == "metadata") {
        if (Error err =
                readFlatGroup(group.get(), member, where, node->metadata))
          return std::move(err);
      }
      // "nodes" of a subgraph is read below; other groups are ignored.
      continue;
    }
    Expected<Array> array = readDataset(group.get(), member, where);
    if (!array)
      return array.takeError();
    if (member == "type") {
      if (!array->isString() || array->strings.size() != 1)
        return makeError("node '" + name + "': 'type' is not a string");
      node->type = array->strings.front();
      continue;
    }
    node->params[member] = std::move(*array);
  }
  if (node->type.empty())
    return makeError("node '" + name + "' has no 'type'");
  if (node->type == "NIRGraph") {
    node->subgraph = std::make_unique<Graph>();
    if (Error err = readGraph(group.get(), where, *node->subgraph, depth + 1))
      return std::move(err);
    node->params.erase("edges");
  }
  return node;
}

/// Reads a NIRGraph group: `nodes/` and `edges`.
static Error readGraph(hid_t group, StringRef path, Graph &graph, int depth) {
  if (depth > 16)
    return makeError("subgraphs nested more than 16 deep at '" + path + "'");
  htri_t hasNodes = H5Lexists(group, "nodes", H5P_DEFAULT);
  if (hasNodes <= 0)
    return makeError("graph '" + path + "' has no 'nodes' group");
  std::string nodesPath = (path + "/nodes").str();
  Handle nodes(H5Gopen2(group, "nodes", H5P_DEFAULT), H5Gclose);
  if (!nodes.valid())
    return makeError("cannot open '" + nodesPath + "': " + hdf5Reason());
  Expected<std::vector<std::string>> names =
      listMembers(nodes.get(), nodesPath);
  if (!names)
    return names.takeError();
  for (const std::string &name : *names) {
    Expected<std::unique_ptr<Node>> node =
        readNode(nodes.get(), name, nodesPath, depth);
    if (!node)
      return node.takeError();
    graph.nodes.push_back(std::move(*node));
  }
  htri_t hasEdges = H5Lexists(group, "edges", H5P_DEFAULT);
  if (hasEdges > 0) {
    Expected<Array> edges = readDataset(group, "edges", path);
    if (!edges)
      return edges.takeError();
    bool empty = edges->size() == 0;
    if (!empty && (!edges->isString() || edges->shape.size() != 2 ||
                   edges->shape[1] != 2))
      return makeError("'" + path +
                       "/edges' must be an E x 2 array of node "
                       "names");
    for (size_t i = 0; !empty && i + 1 < edges->strings.size(); i += 2)
      graph.edges.emplace_back(edges->strings[i], edges->strings[i + 1]);
  }
  htri_t hasMetadata = H5Lexists(group, "metadata", H5P_DEFAULT);
  if (hasMetadata > 0)
    if (Error err = readFlatGroup(group, "metadata", path, graph.metadata))
      return err;
  return Error::success();
}

/// Checks every global heap collection in the image (where HDF5 keeps
/// variable-length strings) before HDF5 parses one. libhdf5 1.10 walks a
/// collection's objects trusting their sizes: a free-space object (index 0) of
/// size 0 makes it loop forever, and sizes that run past the collection make
/// it step outside. Walks each collection the way HDF5 will, with bounds, and
/// refuses the file instead. A collection starts with "GCOL", version 1, three
/// reserved bytes and its size (`lengthSize` bytes); each object has a 2-byte
/// index, 2-byte reference count, 4 reserved bytes and its size, and is padded
/// to 8 bytes, except the free-space object, whose size covers its header.
static Error checkGlobalHeaps(llvm::ArrayRef<char> image, size_t lengthSize) {
  const size_t headerSize = 8 + lengthSize, objectHeaderSize = 8 + lengthSize;
  for (size_t at = 0; at + headerSize <= image.size(); ++at) {
    if (std::memcmp(image.data() + at, "GCOL", 4) != 0 || image[at + 4] != 1)
      continue;
    uint64_t size = readLE(image, at + 8, lengthSize);
    // A collection that does not fit in the image makes HDF5's read fail.
    if (size > image.size() - at || size < headerSize)
      continue;
    uint64_t offset = headerSize;
    while (offset < size) {
      if (offset + objectHeaderSize > size)
        break; // tail too small for an object: HDF5 takes it as free space
      unsigned index = static_cast<unsigned>(readLE(image, at + offset, 2));
      uint64_t objectSize = readLE(image, at + offset + 8, lengthSize);
      uint64_t remaining = size - offset;
      bool bad = index == 0 ? objectSize == 0 || objectSize > remaining
                            : objectSize > remaining - objectHeaderSize;
      if (bad)
        return makeError("corrupt HDF5 global heap collection at byte " +
                         std::to_string(at) + ": object " +
                         std::to_string(index) + " has size " +
                         std::to_string(objectSize) + " at byte " +
                         std::to_string(at + offset) + ", " +
                         std::to_string(remaining) + " bytes left");
      currentHeaps[at][index] = objectSize;
      offset += index == 0 ? objectSize
                           : objectHeaderSize + ((objectSize + 7) & ~7ull);
    }
  }
  return Error::success();
}

/// Parses `image` in this process. libhdf5 may still crash or hang on a
/// corrupt file that passes the guards above; readNIRFile() runs this in a
/// child process for that reason.
static Expected<File> readInProcess(llvm::ArrayRef<char> image) {
  QuietHDF5 quiet;
  currentImageSize = image.size();
  currentImage = image;
  currentOffsetSize = 0;
  currentHeaps.clear();
  static const char kSignature[8] = {'\x89', 'H',  'D',    'F',
                                     '\r',   '\n', '\x1a', '\n'};
  if (image.size() < 8 || std::memcmp(image.data(), kSignature, 8) != 0)
    return makeError("not an HDF5 file (no HDF5 signature)");
  // The superblock's end-of-file address: HDF5's in-memory driver grows its
  // buffer to it, so a corrupt one would allocate gigabytes. It must not lie
  // past the end of the image (which would be a truncated file anyway).
  if (image.size() < 16)
    return makeError("truncated HDF5 file (no complete superblock)");
  unsigned version = static_cast<unsigned char>(image[8]);
  size_t offsetSize = 0, lengthSize = 0, eofAt = 0;
  if (version <= 1) {
    offsetSize = static_cast<unsigned char>(image[13]);
    lengthSize = static_cast<unsigned char>(image[14]);
    eofAt = (version == 0 ? 24 : 28) + 2 * offsetSize;
  } else if (version <= 3) {
    offsetSize = static_cast<unsigned char>(image[9]);
    lengthSize = static_cast<unsigned char>(image[10]);
    eofAt = 12 + 2 * offsetSize;
  }
  if (offsetSize == 2 || offsetSize == 4 || offsetSize == 8) {
    currentOffsetSize = offsetSize;
    if (image.size() < eofAt + offsetSize)
      return makeError("truncated HDF5 file (no complete superblock)");
    uint64_t eof = readLE(image, eofAt, offsetSize);
    if (eof > image.size())
      return makeError("truncated HDF5 file: its superblock says " +
                       std::to_string(eof) + " bytes, the file has " +
                       std::to_string(image.size()));
  }
  if (lengthSize == 2 || lengthSize == 4 || lengthSize == 8)
    if (Error err = checkGlobalHeaps(image, lengthSize))
      return std::move(err);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (!fapl.valid() || H5Pset_fapl_core(fapl.get(), 1 << 20, false) < 0)
    return makeError("cannot set up HDF5's in-memory driver");
  // HDF5 copies the image (no callbacks), so the buffer stays read-only.
  if (H5Pset_file_image(fapl.get(), const_cast<char *>(image.data()),
                        image.size()) < 0)
    return makeError("cannot hand the file image to HDF5: " + hdf5Reason());
  Handle file(H5Fopen("nir-image", H5F_ACC_RDONLY, fapl.get()), H5Fclose);
  if (!file.valid())
    return makeError("cannot open the HDF5 file (truncated or corrupt?): " +
                     hdf5Reason());
  File result;
  if (H5Lexists(file.get(), "version", H5P_DEFAULT) > 0) {
    Expected<Array> version = readDataset(file.get(), "version", "");
    if (!version)
      return version.takeError();
    if (version->isString() && version->strings.size() == 1)
      result.version = version->strings.front();
  }
  if (H5Lexists(file.get(), "node", H5P_DEFAULT) <= 0)
    return makeError("no '/node' group: not a NIR file");
  Handle root(H5Gopen2(file.get(), "node", H5P_DEFAULT), H5Gclose);
  if (!root.valid())
    return makeError("cannot open '/node': " + hdf5Reason());
  if (H5Lexists(root.get(), "type", H5P_DEFAULT) > 0) {
    Expected<Array> type = readDataset(root.get(), "type", "/node");
    if (!type)
      return type.takeError();
    if (!type->isString() || type->strings.size() != 1 ||
        type->strings.front() != "NIRGraph")
      return makeError("'/node' must be a NIRGraph");
  }
  if (Error err = readGraph(root.get(), "/node", result.graph, 0))
    return std::move(err);
  return result;
}

//===----------------------------------------------------------------------===//
// Reading in a child process
//===----------------------------------------------------------------------===//
//
// libhdf5 trusts the addresses and sizes inside a file far below its API, and
// the guards above cannot cover every structure of the format (the fuzzer
// found a corrupt group's local heap that makes libhdf5 1.10 dereference a
// null pointer inside H5Lexists). So the HDF5 part of an import runs in a
// forked child: it parses the image, sends the graph back over a pipe as a
// flat byte stream, and exits. A child that dies on a signal or runs past the
// time limit becomes an error here; the compiler itself never crashes.

namespace {
/// Appends the graph's fields to a byte string (native byte order: both ends
/// are the same binary).
class Packer {
public:
  std::string bytes;

  void u64(uint64_t v) { bytes.append(reinterpret_cast<char *>(&v), 8); }
  void f64(double v) { bytes.append(reinterpret_cast<char *>(&v), 8); }
  void str(StringRef s) {
    u64(s.size());
    bytes.append(s.data(), s.size());
  }
  void array(const Array &a) {
    u64(static_cast<uint64_t>(a.dtype));
    u64(a.shape.size());
    for (int64_t d : a.shape)
      u64(static_cast<uint64_t>(d));
    u64(a.numbers.size());
    bytes.append(reinterpret_cast<const char *>(a.numbers.data()),
                 a.numbers.size() * sizeof(double));
    u64(a.strings.size());
    for (const std::string &s : a.strings)
      str(s);
  }
  void arrays(const std::map<std::string, Array> &m) {
    u64(m.size());
    for (const auto &[key, a] : m) {
      str(key);
      array(a);
    }
  }
  void graph(const Graph &g) {
    u64(g.nodes.size());
    for (const std::unique_ptr<Node> &n : g.nodes) {
      str(n->name);
      str(n->type);
      arrays(n->params);
      arrays(n->metadata);
      u64(n->subgraph ? 1 : 0);
      if (n->subgraph)
        graph(*n->subgraph);
    }
    u64(g.edges.size());
    for (const auto &[from, to] : g.edges) {
      str(from);
      str(to);
    }
    arrays(g.metadata);
  }
};

/// Reads what Packer wrote; every count is checked against the bytes left.
class Unpacker {
public:
  explicit Unpacker(StringRef bytes) : rest(bytes) {}
  bool failed = false;

  uint64_t u64() {
    uint64_t v = 0;
    take(&v, 8);
    return v;
  }
  double f64() {
    double v = 0;
    take(&v, 8);
    return v;
  }
  std::string str() {
    uint64_t n = count(1);
    std::string s(rest.take_front(n));
    rest = rest.drop_front(n);
    return s;
  }
  /// A count of items of at least `itemBytes` bytes each.
  uint64_t count(uint64_t itemBytes) {
    uint64_t n = u64();
    if (failed || n > rest.size() / itemBytes) {
      failed = true;
      return 0;
    }
    return n;
  }
  Array array() {
    Array a;
    uint64_t dtype = u64();
    if (dtype > static_cast<uint64_t>(Array::DType::String))
      failed = true;
    else
      a.dtype = static_cast<Array::DType>(dtype);
    for (uint64_t i = 0, e = count(8); i < e; ++i)
      a.shape.push_back(static_cast<int64_t>(u64()));
    a.numbers.resize(count(8));
    take(a.numbers.data(), a.numbers.size() * sizeof(double));
    for (uint64_t i = 0, e = count(8); i < e; ++i)
      a.strings.push_back(str());
    return a;
  }
  void arrays(std::map<std::string, Array> &m) {
    for (uint64_t i = 0, e = count(16); i < e && !failed; ++i) {
      std::string key = str();
      m[key] = array();
    }
  }
  void graph(Graph &g, int depth) {
    if (depth > 64) {
      failed = true;
      return;
    }
    for (uint64_t i = 0, e = count(48); i < e && !failed; ++i) {
      auto n = std::make_unique<Node>();
      n->name = str();
      n->type = str();
      arrays(n->params);
      arrays(n->metadata);
      if (u64()) {
        n->subgraph = std::make_unique<Graph>();
        graph(*n->subgraph, depth + 1);
      }
      g.nodes.push_back(std::move(n));
    }
    for (uint64_t i = 0, e = count(16); i < e && !failed; ++i) {
      std::string from = str();
      g.edges.emplace_back(from, str());
    }
    arrays(g.metadata);
  }
  bool atEnd() const { return rest.empty(); }

private:
  void take(void *out, size_t n) {
    if (failed || rest.size() < n) {
      failed = true;
      return;
    }
    if (n)
      std::memcpy(out, rest.data(), n);
    rest = rest.drop_front(n);
  }
  StringRef rest;
};
} // namespace

static bool writeAll(int fd, const std::string &bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += n;
  }
  return true;
}

/// The child's side: parse, send "0" + graph or "1" + message, exit without
/// running the parent's exit handlers.
[[noreturn]] static void runChild(llvm::ArrayRef<char> image, int fd) {
  // A crash here is reported by the parent: no LLVM stack dump (the
  // parent's handlers were inherited), no core file.
  for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP})
    std::signal(sig, SIG_DFL);
  struct rlimit noCore = {0, 0};
  ::setrlimit(RLIMIT_CORE, &noCore);
  Packer packer;
  Expected<File> file = readInProcess(image);
  if (file) {
    packer.u64(0);
    packer.str(file->version);
    packer.graph(file->graph);
  } else {
    packer.u64(1);
    packer.str(llvm::toString(file.takeError()));
  }
  bool sent = writeAll(fd, packer.bytes);
  ::close(fd);
  ::_exit(sent ? 0 : 3);
}

static Expected<File> readInChild(llvm::ArrayRef<char> image,
                                  unsigned timeoutSeconds) {
  int fds[2];
  if (::pipe(fds) != 0)
    return makeError(llvm::Twine("cannot create a pipe for the HDF5 reader: ") +
                     std::strerror(errno));
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    int err = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return makeError(llvm::Twine("cannot start the HDF5 reader process: ") +
                     std::strerror(err));
  }
  if (pid == 0) {
    ::close(fds[0]);
    runChild(image, fds[1]);
  }
  ::close(fds[1]);
  std::string bytes;
  bool timedOut = false;
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  char buffer[1 << 16];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      timedOut = true;
      break;
    }
    struct pollfd p = {fds[0], POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1000)));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready == 0)
      continue;
    ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    bytes.append(buffer, n);
  }
  ::close(fds[0]);
  if (timedOut)
    ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timedOut)
    return makeError("libhdf5 did not finish reading the file in " +
                     llvm::Twine(timeoutSeconds) +
                     " s (corrupt HDF5 structures?)");
  if (WIFSIGNALED(status))
    return makeError(llvm::Twine("libhdf5 crashed reading the file (") +
                     strsignal(WTERMSIG(status)) +
                     "): its HDF5 structures are corrupt");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return makeError("the HDF5 reader process failed (exit status " +
                     llvm::Twine(WEXITSTATUS(status)) + ")");
  Unpacker unpacker(bytes);
  uint64_t tag = unpacker.u64();
  if (tag == 1) {
    std::string message = unpacker.str();
    if (!unpacker.failed)
      return makeError(message);
  } else if (tag == 0) {
    File file;
    file.version = unpacker.str();
    unpacker.graph(file.graph, 0);
    if (!unpacker.failed && unpacker.atEnd())
      return file;
  }
  return makeError("the HDF5 reader process sent a malformed reply");
}

Expected<File> mlir::snn::nir::readNIRFile(llvm::ArrayRef<char> image,
                                           const ReadOptions &options) {
  if (!options.isolate)
    return readInProcess(image);
  return readInChild(image, options.timeoutSeconds);
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

static Error writeDataset(hid_t parent, const std::string &name,
                          const Array &array, StringRef path) {
  std::string where = (path + "/" + name).str();
  llvm::SmallVector<hsize_t> dims(array.shape.begin(), array.shape.end());
  Handle space(array.shape.empty()
                   ? H5Screate(H5S_SCALAR)
                   : H5Screate_simple(dims.size(), dims.data(), nullptr),
               H5Sclose);
  if (!space.valid())
    return makeError("cannot create the dataspace of '" + where + "'");
  if (array.isString()) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    Handle dataset(H5Dcreate2(parent, name.c_str(), type.get(), space.get(),
                              H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose);
    std::vector<const char *> pointers;
    for (const std::string &s : array.strings)
      pointers.push_back(s.c_str());
    if (!dataset.valid() ||
        (!pointers.empty() &&
         H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                  pointers.data()) < 0))
      return makeError("cannot write '" + where + "': " + hdf5Reason());
    return Error::success();
  }
  hid_t fileType, memType;
  std::vector<float> f32;
  std::vector<int64_t> i64;
  std::vector<int8_t> i8;
  const void *data = nullptr;
  switch (array.dtype) {
  case Array::DType::F32:
    fileType = H5T_IEEE_F32LE;
    memType = H5T_NATIVE_FLOAT;
    f32.assign(array.numbers.begin(), array.numbers.end());
    data = f32.data();
    break;
  case Array::DType::F64:
    fileType = H5T_IEEE_F64LE;
    memType = H5T_NATIVE_DOUBLE;
    data = array.numbers.data();
    break;
  case Array::DType::I64:
    fileType = H5T_STD_I64LE;
    memType = H5T_NATIVE_INT64;
    for (double v : array.numbers)
      i64.push_back(static_cast<int64_t>(v));
    data = i64.data();
    break;
  case Array::DType::I8:
    fileType = H5T_STD_I8LE;
    memType = H5T_NATIVE_INT8;
    for (double v : array.numbers)
      i8.push_back(static_cast<int8_t>(v));
    data = i8.data();
    break;
  case Array::DType::String:
    llvm_unreachable("strings are written above");
  }
  Handle dataset(H5Dcreate2(parent, name.c_str(), fileType, space.get(),
                            H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.valid() ||
      (array.size() > 0 && H5Dwrite(dataset.get(), memType, H5S_ALL, H5S_ALL,
                                    H5P_DEFAULT, data) < 0))
    return makeError("cannot write '" + where + "': " + hdf5Reason());
  return Error::success();
}

static Error writeFlatGroup(hid_t parent, const std::string &name,
                            const std::map<std::string, Array> &arrays,
                            StringRef path) {
  std::string where = (path + "/" + name).str();
  Handle group(
      H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Gclose);
  if (!group.valid())
    return makeError("cannot create group '" + where + "'");
  for (const auto &[key, array] : arrays)
    if (Error err = writeDataset(group.get(), key, array, where))
      return err;
  return Error::success();
}

static Error writeGraph(hid_t group, const Graph &graph, StringRef path) {
  if (Error err = writeDataset(group, "type", Array::string("NIRGraph"), path))
    return err;
  std::string nodesPath = (path + "/nodes").str();
  Handle nodes(
      H5Gcreate2(group, "nodes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      H5Gclose);
  if (!nodes.valid())
    return makeError("cannot create '" + nodesPath + "'");
  for (const std::unique_ptr<Node> &node : graph.nodes) {
    std::string where = nodesPath + "/" + node->name;
    Handle nodeGroup(H5Gcreate2(nodes.get(), node->name.c_str(), H5P_DEFAULT,
                                H5P_DEFAULT, H5P_DEFAULT),
                     H5Gclose);
    if (!nodeGroup.valid())
      return makeError("cannot create group '" + where + "'");
    if (node->subgraph) {
      if (Error err = writeGraph(nodeGroup.get(), *node->subgraph, where))
        return err;
    } else if (Error err = writeDataset(nodeGroup.get(), "type",
                                        Array::string(node->type), where)) {
      return err;
    }
    for (const auto &[key, array] : node->params)
      if (Error err = writeDataset(nodeGroup.get(), key, array, where))
        return err;
    if (!node->metadata.empty())
      if (Error err = writeFlatGroup(nodeGroup.get(), "metadata",
                                     node->metadata, where))
        return err;
  }
  Array edges;
  edges.dtype = Array::DType::String;
  edges.shape = {static_cast<int64_t>(graph.edges.size()), 2};
  for (const auto &[from, to] : graph.edges) {
    edges.strings.push_back(from);
    edges.strings.push_back(to);
  }
  if (Error err = writeDataset(group, "edges", edges, path))
    return err;
  if (!graph.metadata.empty())
    if (Error err = writeFlatGroup(group, "metadata", graph.metadata, path))
      return err;
  return Error::success();
}

Expected<std::vector<char>> mlir::snn::nir::writeNIRFile(const File &file) {
  QuietHDF5 quiet;
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (!fapl.valid() || H5Pset_fapl_core(fapl.get(), 1 << 20, false) < 0)
    return makeError("cannot set up HDF5's in-memory driver");
  Handle h5(H5Fcreate("nir-output", H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
            H5Fclose);
  if (!h5.valid())
    return makeError("cannot create an HDF5 file in memory: " + hdf5Reason());
  if (Error err =
          writeDataset(h5.get(), "version", Array::string(file.version), ""))
    return std::move(err);
  {
    Handle root(
        H5Gcreate2(h5.get(), "node", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Gclose);
    if (!root.valid())
      return makeError("cannot create '/node'");
    if (Error err = writeGraph(root.get(), file.graph, "/node"))
      return std::move(err);
  }
  if (H5Fflush(h5.get(), H5F_SCOPE_GLOBAL) < 0)
    return makeError("cannot flush the HDF5 file: " + hdf5Reason());
  ssize_t size = H5Fget_file_image(h5.get(), nullptr, 0);
  if (size <= 0)
    return makeError("cannot get the HDF5 file image: " + hdf5Reason());
  std::vector<char> image(size);
  if (H5Fget_file_image(h5.get(), image.data(), image.size()) != size)
    return makeError("cannot copy the HDF5 file image: " + hdf5Reason());
  return image;
}
