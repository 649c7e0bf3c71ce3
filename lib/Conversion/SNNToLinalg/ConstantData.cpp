//===- ConstantData.cpp - bytes of constant tensors -----------------------===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#include "ConstantData.h"

#include "mlir/IR/DialectResourceBlobManager.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

using namespace mlir;

std::optional<snn::ConstantBytes> snn::getConstantBytes(Attribute value) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (dense.isSplat())
      return std::nullopt;
    return ConstantBytes{dense.getRawData(), std::string()};
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    return ConstantBytes{blob->getData(),
                         resource.getRawHandle().getKey().str()};
  }
  return std::nullopt;
}

AsmResourceBlob snn::allocateBlob(size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (size >= (size_t(8) << 20)) {
    void *data = ::mmap(nullptr, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data != MAP_FAILED) {
      ::madvise(data, size, MADV_HUGEPAGE);
      return AsmResourceBlob(
          ArrayRef<char>(static_cast<char *>(data), size), /*align=*/64,
          [](void *data, size_t size, size_t) { ::munmap(data, size); },
          /*dataIsMutable=*/true);
    }
  }
#endif
  return HeapAsmResourceBlob::allocate(size, /*align=*/64,
                                       /*dataIsMutable=*/true);
}
