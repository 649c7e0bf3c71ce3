//===- PerfMap.cpp - perf symbol map of JIT-compiled code -------*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#include "PerfMap.h"

#include "llvm/ExecutionEngine/JITLink/JITLink.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <mutex>
#include <unistd.h>

using namespace llvm;

namespace {
/// Writes one "start size name" line per defined function of each graph,
/// after its addresses are final.
class PerfMapPlugin : public orc::ObjectLinkingLayer::Plugin {
public:
  void modifyPassConfig(orc::MaterializationResponsibility &,
                        jitlink::LinkGraph &,
                        jitlink::PassConfiguration &config) override {
    config.PostFixupPasses.push_back([this](jitlink::LinkGraph &graph) {
      std::lock_guard<std::mutex> lock(mutex);
      std::error_code ec;
      raw_fd_ostream os(("/tmp/perf-" + Twine(getpid()) + ".map").str(), ec,
                        sys::fs::OF_Append);
      if (ec)
        return Error::success(); // a profiling aid: never fail the link
      for (jitlink::Symbol *symbol : graph.defined_symbols())
        if (symbol->hasName() && symbol->isCallable())
          os << format("%llx %llx ",
                       (unsigned long long)symbol->getAddress().getValue(),
                       (unsigned long long)std::max<uint64_t>(symbol->getSize(),
                                                              1))
             << symbol->getName() << "\n";
      return Error::success();
    });
  }
  Error notifyFailed(orc::MaterializationResponsibility &) override {
    return Error::success();
  }
  Error notifyRemovingResources(orc::JITDylib &, orc::ResourceKey) override {
    return Error::success();
  }
  void notifyTransferringResources(orc::JITDylib &, orc::ResourceKey,
                                   orc::ResourceKey) override {}

private:
  std::mutex mutex;
};
} // namespace

void snn_run::addPerfMap(orc::LLJIT &jit) {
  if (!std::getenv("SNN_PERF_MAP"))
    return;
  if (auto *layer =
          dyn_cast<orc::ObjectLinkingLayer>(&jit.getObjLinkingLayer()))
    layer->addPlugin(std::make_shared<PerfMapPlugin>());
}
