//===- Compile.cpp - snn-run's parallel native code generation --*- C++ -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#include "Compile.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/Transforms/IPO/Internalize.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

using namespace snn_run;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

static Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

namespace {
/// Seconds since construction (or the last lap).
struct Stopwatch {
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
  double lap() {
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - start).count();
    start = now;
    return seconds;
  }
};
} // namespace

llvm::StringRef Weights::copy(StringRef bytes, uint64_t alignment) {
  alignment = std::max<uint64_t>(alignment, 1);
  storage.push_back(std::make_unique<char[]>(bytes.size() + alignment));
  char *raw = storage.back().get();
  char *aligned = reinterpret_cast<char *>(
      llvm::alignTo(reinterpret_cast<uintptr_t>(raw), alignment));
  std::memcpy(aligned, bytes.data(), bytes.size());
  return StringRef(aligned, bytes.size());
}

uint64_t Weights::totalBytes() const {
  uint64_t total = 0;
  for (const Weight &w : list)
    total += w.bytes.size();
  return total;
}

/// Bytes of an LLVM-dialect type built of arrays of ints and floats, or 0.
static uint64_t getPlainSize(mlir::Type type) {
  if (auto array = mlir::dyn_cast<mlir::LLVM::LLVMArrayType>(type))
    return array.getNumElements() * getPlainSize(array.getElementType());
  if (type.isIntOrFloat() && type.getIntOrFloatBitWidth() % 8 == 0)
    return type.getIntOrFloatBitWidth() / 8;
  return 0;
}

/// The bytes of `value` in LLVM's memory layout (row-major, packed), when
/// it is a dense or dense-resource array of whole-byte ints or floats;
/// splats are expanded into `weights`' memory.
static std::optional<StringRef> getBytes(mlir::Attribute value,
                                         Weights &weights, uint64_t alignment) {
  auto shaped = mlir::dyn_cast<mlir::ElementsAttr>(value);
  if (!shaped)
    return std::nullopt;
  mlir::Type element = shaped.getShapedType().getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  uint64_t elementBytes = element.getIntOrFloatBitWidth() / 8;
  uint64_t size = shaped.getNumElements() * elementBytes;
  if (auto resource = mlir::dyn_cast<mlir::DenseResourceElementsAttr>(value)) {
    mlir::AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != size)
      return std::nullopt;
    return StringRef(blob->getData().data(), size);
  }
  auto dense = mlir::dyn_cast<mlir::DenseElementsAttr>(value);
  if (!dense)
    return std::nullopt;
  llvm::ArrayRef<char> raw = dense.getRawData();
  if (!dense.isSplat())
    return raw.size() == size ? std::optional(StringRef(raw.data(), size))
                              : std::nullopt;
  if (raw.size() != elementBytes)
    return std::nullopt;
  std::string expanded;
  expanded.reserve(size);
  for (int64_t i = 0, e = shaped.getNumElements(); i < e; ++i)
    expanded.append(raw.data(), elementBytes);
  return weights.copy(expanded, alignment);
}

/// Turns every constant global of at least kMinExternalWeightBytes into an
/// external declaration and returns the weights' bytes (aligned as the
/// global asks, copied where the attribute's are not).
static Weights externalizeWeights(mlir::ModuleOp module) {
  Weights weights;
  for (auto global : module.getOps<mlir::LLVM::GlobalOp>()) {
    if (!global.getConstant() || !global.getValueAttr() ||
        !global.getInitializer().empty())
      continue;
    uint64_t size = getPlainSize(global.getGlobalType());
    if (size < kMinExternalWeightBytes)
      continue;
    uint64_t alignment = global.getAlignment().value_or(1);
    std::optional<StringRef> bytes =
        getBytes(global.getValueAttr(), weights, alignment);
    if (!bytes || bytes->size() != size)
      continue;
    if (reinterpret_cast<uintptr_t>(bytes->data()) % alignment != 0)
      bytes = weights.copy(*bytes, alignment);
    std::string resource;
    if (auto blob = mlir::dyn_cast<mlir::DenseResourceElementsAttr>(
            global.getValueAttr()))
      resource = blob.getRawHandle().getKey().str();
    weights.list.push_back(
        {global.getSymName().str(), alignment, *bytes, std::move(resource)});
    global.setValueAttr(nullptr);
    global.setLinkage(mlir::LLVM::Linkage::External);
    global.setUnnamedAddr(std::nullopt);
  }
  return weights;
}

/// The target machine builder: `options`' triple and CPU (the host's, with
/// its features, for "native"), O3 code generation, PIC and the small code
/// model (what ORC's JIT linker expects, and what static and shared
/// libraries take).
static Expected<llvm::orc::JITTargetMachineBuilder>
targetBuilder(const CompileOptions &options) {
  std::string host = llvm::sys::getProcessTriple();
  llvm::Triple triple(options.triple.empty() ? host : options.triple);
  bool native = options.cpu.empty() || options.cpu == "native";
  if (native && triple.str() != llvm::Triple(host).str())
    return makeError("--mcpu=native needs the host's triple (" + host +
                     "), not '" + options.triple + "': name a CPU");
  std::string error;
  if (!llvm::TargetRegistry::lookupTarget(triple, error))
    return makeError("no target for triple '" + triple.str() + "': " + error);
  llvm::orc::JITTargetMachineBuilder builder(triple);
  if (native) {
    auto host = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!host)
      return host.takeError();
    builder = std::move(*host);
    builder.setCPU(llvm::sys::getHostCPUName().str());
  } else {
    builder.setCPU(options.cpu);
  }
  builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  builder.setRelocationModel(llvm::Reloc::PIC_);
  builder.setCodeModel(llvm::CodeModel::Small);
  auto machine = builder.createTargetMachine();
  if (!machine)
    return machine.takeError();
  if (!native &&
      !(*machine)->getMCSubtargetInfo()->isCPUStringValid(options.cpu))
    return makeError("'" + options.cpu + "' is not a CPU of " + triple.str() +
                     " (llc -mtriple=" + triple.str() +
                     " -mcpu=help lists them)");
  return builder;
}

/// Adds `void _mlir_<entry>(void **args)`: args[i] points to argument i of
/// `entry` (and, for a non-void entry, the last one to its result).
static Error addPackedEntry(llvm::Module &module, StringRef entry) {
  llvm::Function *callee = module.getFunction(entry);
  if (!callee || callee->isDeclaration())
    return makeError("the lowered module has no function '" + entry + "'");
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  auto *type =
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptr}, false);
  auto *packed = llvm::Function::Create(
      type, llvm::GlobalValue::ExternalLinkage, "_mlir_" + entry, module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", packed));
  llvm::Value *args = packed->getArg(0);
  llvm::SmallVector<llvm::Value *> values;
  for (auto [i, param] : llvm::enumerate(callee->args())) {
    llvm::Value *slot = b.CreateConstGEP1_64(ptr, args, i);
    llvm::Value *address = b.CreateLoad(ptr, slot);
    values.push_back(b.CreateLoad(param.getType(), address));
  }
  llvm::Value *result = b.CreateCall(callee, values);
  if (!callee->getReturnType()->isVoidTy()) {
    llvm::Value *slot = b.CreateConstGEP1_64(ptr, args, callee->arg_size());
    b.CreateStore(result, b.CreateLoad(ptr, slot));
  }
  b.CreateRetVoid();
  return Error::success();
}

/// LLVM's optimizer at `optLevel` and code generation of `module`.
static Expected<std::string>
optimizeAndEmit(llvm::Module &module, llvm::TargetMachine &machine,
                unsigned optLevel, double &optSeconds, double &codegenSeconds) {
  Stopwatch watch;
  auto optimize = mlir::makeOptimizingTransformer(optLevel, 0, &machine);
  if (Error err = optimize(&module))
    return std::move(err);
  optSeconds = watch.lap();
  llvm::SmallVector<char, 0> object;
  llvm::raw_svector_ostream os(object);
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return makeError("the target cannot emit object files");
  codegen.run(module);
  codegenSeconds = watch.lap();
  return std::string(object.begin(), object.end());
}

/// The same for one partition (bitcode), read into a context of its own.
static Expected<std::string>
compilePartition(StringRef bitcode, llvm::orc::JITTargetMachineBuilder builder,
                 unsigned optLevel, double &optSeconds,
                 double &codegenSeconds) {
  llvm::LLVMContext ctx;
  auto module = llvm::parseBitcodeFile(
      llvm::MemoryBufferRef(bitcode, "snn-run-partition"), ctx);
  if (!module)
    return module.takeError();
  auto machine = builder.createTargetMachine();
  if (!machine)
    return machine.takeError();
  return optimizeAndEmit(**module, **machine, optLevel, optSeconds,
                         codegenSeconds);
}

/// Splits `module` into `parts` modules for `keep`, the biggest first. As
/// llvm::SplitModule does, local symbols become hidden external ones, each
/// definition goes to one part and the others declare it; unlike it, the
/// functions are spread by size (instructions; the largest first, each to
/// the part with the fewest so far), so that no part holds much more than
/// its share.
static void
partitionModule(llvm::Module &module, unsigned parts,
                llvm::function_ref<void(std::unique_ptr<llvm::Module>)> keep) {
  for (llvm::GlobalValue &gv : module.global_values()) {
    if (gv.hasLocalLinkage()) {
      gv.setLinkage(llvm::GlobalValue::ExternalLinkage);
      gv.setVisibility(llvm::GlobalValue::HiddenVisibility);
    }
    if (!gv.hasName())
      gv.setName("__snn_unnamed");
  }
  std::vector<std::pair<uint64_t, const llvm::Function *>> functions;
  for (const llvm::Function &f : module)
    if (!f.isDeclaration())
      functions.push_back({f.getInstructionCount(), &f});
  llvm::stable_sort(functions, [](const auto &a, const auto &b) {
    return a.first > b.first;
  });
  llvm::DenseMap<const llvm::GlobalValue *, unsigned> part;
  std::vector<uint64_t> load(parts, 0);
  for (auto [size, f] : functions) {
    unsigned least = std::min_element(load.begin(), load.end()) - load.begin();
    part[f] = least;
    load[least] += std::max<uint64_t>(size, 1);
  }
  // Other definitions (small constants: the weights are declarations).
  for (const llvm::GlobalVariable &g : module.globals())
    part[&g] = 0;
  for (const llvm::GlobalAlias &a : module.aliases())
    part[&a] = 0;
  std::vector<unsigned> order(parts);
  for (unsigned i = 0; i < parts; ++i)
    order[i] = i;
  llvm::stable_sort(order,
                    [&](unsigned a, unsigned b) { return load[a] > load[b]; });
  for (unsigned i : order) {
    llvm::ValueToValueMapTy map;
    keep(llvm::CloneModule(module, map, [&](const llvm::GlobalValue *gv) {
      auto it = part.find(gv);
      return it != part.end() && it->second == i;
    }));
  }
}

/// Defines the weights' external declarations in `module`, as arrays of
/// their bytes (emitted as one block each), internal.
static void defineWeights(llvm::Module &module, const Weights &weights) {
  llvm::Type *byte = llvm::Type::getInt8Ty(module.getContext());
  for (const Weight &w : weights.list) {
    llvm::GlobalVariable *declaration = module.getGlobalVariable(w.symbol);
    if (!declaration || !declaration->isDeclaration())
      continue;
    llvm::Constant *bytes =
        llvm::ConstantDataArray::getRaw(w.bytes, w.bytes.size(), byte);
    auto *definition = new llvm::GlobalVariable(
        module, bytes->getType(), /*isConstant=*/true,
        llvm::GlobalValue::InternalLinkage, bytes, "", nullptr,
        llvm::GlobalValue::NotThreadLocal, declaration->getAddressSpace());
    definition->setAlignment(llvm::Align(w.alignment));
    definition->takeName(declaration);
    declaration->replaceAllUsesWith(definition);
    declaration->eraseFromParent();
  }
}

Expected<CompiledModel> snn_run::compileModule(mlir::ModuleOp module,
                                               StringRef entry,
                                               const CompileOptions &options,
                                               CompileTimes *times) {
  CompileTimes local;
  if (!times)
    times = &local;
  Stopwatch watch;
  unsigned threads = std::max(1u, options.threads);
  auto builder = targetBuilder(options);
  if (!builder)
    return builder.takeError();
  auto machine = builder->createTargetMachine();
  if (!machine)
    return machine.takeError();

  CompiledModel compiled;
  compiled.weights = externalizeWeights(module);
  times->weights = watch.lap();

  // Translate. An object file: the weights inside, only `entry` exported,
  // compiled here. Otherwise split into partitions, serialized to bitcode so
  // that each can be read into a context of its own (an LLVMContext is not
  // thread-safe).
  std::vector<std::string> bitcodes;
  {
    llvm::LLVMContext ctx;
    std::unique_ptr<llvm::Module> llvmModule =
        mlir::translateModuleToLLVMIR(module, ctx);
    if (!llvmModule)
      return makeError("cannot translate the lowered module to LLVM IR");
    llvmModule->setDataLayout((*machine)->createDataLayout());
    llvmModule->setTargetTriple((*machine)->getTargetTriple());
    llvm::Function *entryFunction = llvmModule->getFunction(entry);
    if (!entryFunction || entryFunction->isDeclaration())
      return makeError("the lowered module has no function '" + entry + "'");
    for (llvm::Function &f : *llvmModule)
      if (!f.isDeclaration())
        times->largest.push_back({f.getName().str(), f.getInstructionCount()});
    llvm::sort(times->largest, [](const auto &a, const auto &b) {
      return a.second > b.second;
    });
    if (times->largest.size() > 3)
      times->largest.resize(3);
    if (options.objectFile) {
      defineWeights(*llvmModule, compiled.weights);
      compiled.weights = Weights();
      llvm::internalizeModule(*llvmModule, [&](const llvm::GlobalValue &gv) {
        return gv.getName() == entry;
      });
      times->translate = watch.lap();
      times->partitions = 1;
      Expected<std::string> object =
          optimizeAndEmit(*llvmModule, **machine, options.optLevel,
                          times->optimize, times->codegen);
      if (!object)
        return makeError("compiling the lowered module failed: " +
                         llvm::toString(object.takeError()));
      times->parallel = times->slowest = watch.lap();
      times->objectBytes = object->size();
      compiled.objects.push_back(std::move(*object));
      return std::move(compiled);
    }
    if (Error err = addPackedEntry(*llvmModule, entry))
      return std::move(err);
    times->translate = watch.lap();
    unsigned functions = 0;
    for (llvm::Function &f : *llvmModule)
      functions += !f.isDeclaration();
    // More partitions than threads, so that big and small ones even out.
    unsigned parts = threads == 1 ? 1 : std::min(functions, 4 * threads);
    auto keep = [&](std::unique_ptr<llvm::Module> part) {
      std::string bitcode;
      llvm::raw_string_ostream os(bitcode);
      llvm::WriteBitcodeToFile(*part, os);
      os.flush();
      bitcodes.push_back(std::move(bitcode));
    };
    if (parts <= 1)
      keep(std::move(llvmModule));
    else
      partitionModule(*llvmModule, parts, keep);
  }
  times->split = watch.lap();

  std::vector<std::string> &objects = compiled.objects;
  objects.resize(bitcodes.size());
  std::vector<std::string> errors(bitcodes.size());
  std::vector<double> optSeconds(bitcodes.size()),
      codegenSeconds(bitcodes.size()), partSeconds(bitcodes.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < bitcodes.size(); i = next++) {
      Stopwatch part;
      Expected<std::string> object =
          compilePartition(bitcodes[i], *builder, options.optLevel,
                           optSeconds[i], codegenSeconds[i]);
      partSeconds[i] = part.lap();
      if (object)
        objects[i] = std::move(*object);
      else
        errors[i] = llvm::toString(object.takeError());
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::min<size_t>(threads, bitcodes.size()); ++t)
    pool.emplace_back(work);
  work();
  for (std::thread &t : pool)
    t.join();
  times->parallel = watch.lap();
  times->partitions = bitcodes.size();
  for (size_t i = 0; i < bitcodes.size(); ++i) {
    times->optimize += optSeconds[i];
    times->codegen += codegenSeconds[i];
    times->slowest = std::max(times->slowest, partSeconds[i]);
    times->objectBytes += objects[i].size();
  }
  for (const std::string &error : errors)
    if (!error.empty())
      return makeError("compiling the lowered module failed: " + error);
  return std::move(compiled);
}
