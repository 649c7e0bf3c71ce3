//===- NpzWriter.cpp - numpy .npz archives ----------------------*- C++ -*-===//
//
// Part of snn-mlir.
//
// The .npy format (version 1.0): the magic string "\x93NUMPY", the version,
// a little-endian uint16 header length and a Python dict literal padded with
// spaces to a multiple of 64 bytes and ended by a newline; then the raw data.
// The zip container uses "stored" entries (no compression), each with its
// CRC-32, followed by the central directory, as numpy.savez writes it.
//
//===----------------------------------------------------------------------===//

#include "NpzWriter.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace mlir;
using namespace mlir::snn::nengo;

std::string mlir::snn::nengo::serializeNpy(const NpyArray &array) {
  std::string dict =
      "{'descr': '" + array.descr + "', 'fortran_order': False, 'shape': (";
  for (int64_t d : array.shape)
    dict += std::to_string(d) + ", ";
  if (array.shape.size() > 1)
    dict.erase(dict.size() - 2);
  else if (array.shape.size() == 1)
    dict.pop_back();
  dict += "), }";
  // magic (6) + version (2) + header length (2) + dict + '\n', padded to 64.
  size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += char(dict.size() & 0xff);
  out += char((dict.size() >> 8) & 0xff);
  out += dict;
  out.append(array.data.begin(), array.data.end());
  return out;
}

static void put16(std::string &s, uint32_t v) {
  s += char(v & 0xff);
  s += char((v >> 8) & 0xff);
}

static void put32(std::string &s, uint32_t v) {
  put16(s, v & 0xffff);
  put16(s, v >> 16);
}

llvm::Error mlir::snn::nengo::writeNpz(StringRef path,
                                       ArrayRef<NpyArray> arrays) {
  // Fixed DOS date (1980-01-01 00:00): the archive is reproducible.
  const uint32_t dosTime = 0, dosDate = (1 << 5) | 1;
  std::string central;
  uint64_t offset = 0;
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &os) -> llvm::Error {
    for (const NpyArray &array : arrays) {
      std::string name = array.name + ".npy";
      std::string file = serializeNpy(array);
      uint32_t crc = llvm::crc32(llvm::ArrayRef<uint8_t>(
          reinterpret_cast<const uint8_t *>(file.data()), file.size()));
      if (offset + file.size() + name.size() + 30 >
              std::numeric_limits<uint32_t>::max() ||
          name.size() > 0xffff)
        return llvm::createStringError(
            "the weights exceed the 4 GiB of a zip archive without zip64");
      std::string local;
      put32(local, 0x04034b50);
      put16(local, 20); // version needed to extract
      put16(local, 0);  // flags
      put16(local, 0);  // method: stored
      put16(local, dosTime);
      put16(local, dosDate);
      put32(local, crc);
      put32(local, file.size());
      put32(local, file.size());
      put16(local, name.size());
      put16(local, 0); // extra field length
      local += name;

      put32(central, 0x02014b50);
      put16(central, 20); // version made by
      put16(central, 20); // version needed to extract
      put16(central, 0);
      put16(central, 0);
      put16(central, dosTime);
      put16(central, dosDate);
      put32(central, crc);
      put32(central, file.size());
      put32(central, file.size());
      put16(central, name.size());
      put16(central, 0); // extra field length
      put16(central, 0); // comment length
      put16(central, 0); // disk number
      put16(central, 0); // internal attributes
      put32(central, 0); // external attributes
      put32(central, offset);
      central += name;

      os << local << file;
      offset += local.size() + file.size();
    }
    if (arrays.size() > 0xffff ||
        offset + central.size() > std::numeric_limits<uint32_t>::max())
      return llvm::createStringError(
          "the weights exceed the limits of a zip archive without zip64");
    std::string end;
    put32(end, 0x06054b50);
    put16(end, 0); // this disk
    put16(end, 0); // disk of the central directory
    put16(end, arrays.size());
    put16(end, arrays.size());
    put32(end, central.size());
    put32(end, offset);
    put16(end, 0); // comment length
    os << central << end;
    return llvm::Error::success();
  });
}
