//===- Npy.cpp - read and write NumPy .npy arrays ---------------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#include "SNN/Support/Npy.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstring>

using namespace mlir;
using namespace mlir::snn;
using llvm::StringRef;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

size_t NpyArray::elementSize() const {
  switch (dtype) {
  case NpyDType::U8:
  case NpyDType::I8:
    return 1;
  case NpyDType::I16:
  case NpyDType::U16:
    return 2;
  case NpyDType::F32:
  case NpyDType::I32:
  case NpyDType::U32:
    return 4;
  case NpyDType::F64:
  case NpyDType::I64:
  case NpyDType::U64:
    return 8;
  }
  llvm_unreachable("unknown npy dtype");
}

bool NpyArray::isInteger() const {
  return dtype != NpyDType::F32 && dtype != NpyDType::F64;
}

template <typename T>
static T loadAt(const std::vector<char> &data, int64_t i) {
  T value;
  std::memcpy(&value, data.data() + i * sizeof(T), sizeof(T));
  return value;
}

double NpyArray::getAsDouble(int64_t i) const {
  switch (dtype) {
  case NpyDType::F32:
    return loadAt<float>(data, i);
  case NpyDType::F64:
    return loadAt<double>(data, i);
  case NpyDType::U8:
    return loadAt<uint8_t>(data, i);
  case NpyDType::I8:
    return loadAt<int8_t>(data, i);
  case NpyDType::I16:
    return loadAt<int16_t>(data, i);
  case NpyDType::U16:
    return loadAt<uint16_t>(data, i);
  case NpyDType::I32:
    return loadAt<int32_t>(data, i);
  case NpyDType::U32:
    return loadAt<uint32_t>(data, i);
  case NpyDType::I64:
    return static_cast<double>(loadAt<int64_t>(data, i));
  case NpyDType::U64:
    return static_cast<double>(loadAt<uint64_t>(data, i));
  }
  llvm_unreachable("unknown npy dtype");
}

StringRef mlir::snn::getNpyDescr(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::F32:
    return "<f4";
  case NpyDType::F64:
    return "<f8";
  case NpyDType::U8:
    return "|u1";
  case NpyDType::I8:
    return "|i1";
  case NpyDType::I16:
    return "<i2";
  case NpyDType::U16:
    return "<u2";
  case NpyDType::I32:
    return "<i4";
  case NpyDType::U32:
    return "<u4";
  case NpyDType::I64:
    return "<i8";
  case NpyDType::U64:
    return "<u8";
  }
  llvm_unreachable("unknown npy dtype");
}

/// Extracts the value text of `'key':` in the header dictionary.
static std::optional<StringRef> findHeaderValue(StringRef header,
                                                StringRef key) {
  std::string quoted = ("'" + key + "'").str();
  size_t pos = header.find(quoted);
  if (pos == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(pos + quoted.size()).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  return rest.ltrim();
}

llvm::Expected<NpyArray> mlir::snn::parseNpy(StringRef buffer, StringRef name) {
  auto fail = [&](const llvm::Twine &what) {
    return makeError("'" + name + "' is not a valid .npy file: " + what);
  };
  if (!buffer.starts_with("\x93NUMPY") || buffer.size() < 10)
    return fail("missing the \\x93NUMPY magic");
  unsigned major = static_cast<unsigned char>(buffer[6]);
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(buffer[8]) |
                (static_cast<unsigned char>(buffer[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (buffer.size() < 12)
      return fail("truncated header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |=
          static_cast<size_t>(static_cast<unsigned char>(buffer[8 + i]))
          << (8 * i);
    headerStart = 12;
  } else {
    return fail("unsupported format version " + llvm::Twine(major));
  }
  if (headerStart + headerLen > buffer.size())
    return fail("truncated header");
  StringRef header = buffer.substr(headerStart, headerLen);

  NpyArray array;
  std::optional<StringRef> descr = findHeaderValue(header, "descr");
  if (!descr || descr->size() < 2 || (*descr)[0] != '\'')
    return fail("no 'descr' in the header");
  StringRef d =
      descr->drop_front().take_until([](char c) { return c == '\''; });
  static const std::pair<StringRef, NpyDType> kinds[] = {
      {"<f4", NpyDType::F32}, {"<f8", NpyDType::F64}, {"|u1", NpyDType::U8},
      {"<u1", NpyDType::U8},  {"|i1", NpyDType::I8},  {"<i1", NpyDType::I8},
      {"<i2", NpyDType::I16}, {"<u2", NpyDType::U16}, {"<i4", NpyDType::I32},
      {"<u4", NpyDType::U32}, {"<i8", NpyDType::I64}, {"<u8", NpyDType::U64}};
  bool known = false;
  for (auto [text, kind] : kinds) {
    if (d == text) {
      array.dtype = kind;
      known = true;
    }
  }
  if (!known)
    return fail("unsupported dtype '" + d +
                "' (expected float32/float64 or a little-endian integer)");

  std::optional<StringRef> order = findHeaderValue(header, "fortran_order");
  if (!order)
    return fail("no 'fortran_order' in the header");
  if (order->starts_with("True"))
    return fail("Fortran-ordered arrays are not supported; save with "
                "np.ascontiguousarray");

  std::optional<StringRef> shapeText = findHeaderValue(header, "shape");
  if (!shapeText || !shapeText->starts_with("("))
    return fail("no 'shape' in the header");
  StringRef dims =
      shapeText->drop_front().take_until([](char c) { return c == ')'; });
  llvm::SmallVector<StringRef> parts;
  dims.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim < 0)
      return fail("bad dimension '" + part + "' in the shape");
    array.shape.push_back(dim);
  }

  size_t dataStart = headerStart + headerLen;
  int64_t count = array.numElements();
  size_t bytes = static_cast<size_t>(count) * array.elementSize();
  if (count < 0 || buffer.size() - dataStart < bytes)
    return fail("expected " + llvm::Twine(bytes) + " bytes of data, found " +
                llvm::Twine(buffer.size() - dataStart));
  array.data.assign(buffer.data() + dataStart,
                    buffer.data() + dataStart + bytes);
  return array;
}

llvm::Expected<NpyArray> mlir::snn::readNpyFile(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return makeError("cannot read '" + path +
                     "': " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

void mlir::snn::writeNpyF32(llvm::raw_ostream &os,
                            llvm::ArrayRef<int64_t> shape,
                            llvm::ArrayRef<float> values) {
  std::string dims;
  for (int64_t dim : shape)
    dims += (dims.empty() ? "" : ", ") + std::to_string(dim);
  if (shape.size() == 1)
    dims += ",";
  std::string dict =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + ")";
  dict += ", }";
  // Pad with spaces so that the data starts on a 64-byte boundary.
  size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  os << "\x93NUMPY" << '\x01' << '\x00';
  uint16_t len = static_cast<uint16_t>(dict.size());
  os << static_cast<char>(len & 0xff) << static_cast<char>(len >> 8);
  os << dict;
  os.write(reinterpret_cast<const char *>(values.data()),
           values.size() * sizeof(float));
}

llvm::Error mlir::snn::writeNpyF32File(StringRef path,
                                       llvm::ArrayRef<int64_t> shape,
                                       llvm::ArrayRef<float> values) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return makeError("cannot write '" + path + "': " + ec.message());
  writeNpyF32(os, shape, values);
  os.close();
  if (os.has_error())
    return makeError("cannot write '" + path + "'");
  return llvm::Error::success();
}
