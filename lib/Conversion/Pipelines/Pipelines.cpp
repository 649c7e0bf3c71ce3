//===- Pipelines.cpp - the snn native lowering pipeline ---------*- C++ -*-===//
//
// Part of snn-mlir.
//
// --snn-lower-to-llvm: from a spiking (or plain TOSA) network to the LLVM
// dialect, ready for snn-translate --mlir-to-llvmir or a JIT. Every stage is
// an ordinary pass with its own flag; docs/LOWERING.md lists them. Also the
// small --snn-emit-c-interface pass that marks the entry points.
//
//===----------------------------------------------------------------------===//

#include "SNN/Conversion/Passes.h"
#include "SNN/Conversion/SNNToLinalg/SNNToLinalg.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"

#include <thread>

namespace mlir {
namespace snn {
#define GEN_PASS_DEF_SNNEMITCINTERFACEPASS
#include "SNN/Conversion/Passes.h.inc"
} // namespace snn
} // namespace mlir

using namespace mlir;
using namespace mlir::snn;

//===----------------------------------------------------------------------===//
// --snn-emit-c-interface
//===----------------------------------------------------------------------===//

namespace {
struct SNNEmitCInterfacePass
    : public snn::impl::SNNEmitCInterfacePassBase<SNNEmitCInterfacePass> {
  using Base::Base;

  void runOnOperation() override {
    StringRef name = LLVM::LLVMDialect::getEmitCWrapperAttrName();
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      func->setAttr(name, UnitAttr::get(&getContext()));
      // The snn argument and result attributes (snn.state, snn.activation,
      // snn.spike_count, ...) describe the signature for the tools that
      // read it before lowering; LLVM has no use for them.
      auto isSNN = [](NamedAttribute attr) {
        return attr.getName().getValue().starts_with("snn.");
      };
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        if (DictionaryAttr attrs = func.getArgAttrDict(i))
          for (NamedAttribute attr : llvm::to_vector(attrs.getValue()))
            if (isSNN(attr))
              func.removeArgAttr(i, attr.getName());
      for (unsigned i = 0, e = func.getNumResults(); i < e; ++i)
        if (DictionaryAttr attrs = func.getResultAttrDict(i))
          for (NamedAttribute attr : llvm::to_vector(attrs.getValue()))
            if (isSNN(attr))
              func.removeResultAttr(i, attr.getName());
    }
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// --snn-lower-to-llvm
//===----------------------------------------------------------------------===//

/// The upstream stages of the pipeline, after the snn passes, in textual
/// pass-pipeline syntax, each anchored on builtin.module. Kept as text so
/// that docs/LOWERING.md can show the same strings a user would pass to
/// snn-opt.
static const char *const upstreamStages[] = {
    // Grouped convolutions as one linalg op each; TOSA to linalg, arith,
    // tensor; arith/math on tensors to linalg.
    "func.func(snn-fuse-grouped-conv,tosa-to-linalg-named,tosa-to-linalg,"
    "tosa-to-arith,"
    "tosa-to-tensor,convert-elementwise-to-linalg)",
    // Elementwise ops fused, also a neuron update into the synapse filter that
    // reads its spikes while the time loop carries its voltage.
    "canonicalize,linalg-fuse-elementwise-ops,snn-fuse-elementwise,"
    "canonicalize,cse",
    // Loop order for vectorization (bit-identical): contractions get their
    // reductions outside a unit-stride parallel innermost loop; the filter
    // transposes it adds are done now for constant filters, else hoisted out
    // of the time loop.
    "snn-schedule-linalg,snn-fold-constant-transposes,"
    "loop-invariant-code-motion,canonicalize,cse",
    // Padded inputs written in place by their producers (no strided copy).
    "snn-decompose-pads,eliminate-empty-tensors",
    // Tensors to buffers; C-compatible (identity-layout) function boundaries.
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map "
    "allow-return-allocs-from-loops}",
    // Buffers allocated in the time loop but not carried across steps are
    // allocated once, before it (no malloc and free per step).
    // The border of a padded buffer is then filled once, before the loop.
    "func.func(buffer-loop-hoisting),buffer-deallocation-pipeline,"
    "convert-bufferization-to-memref,func.func(snn-hoist-border-fills)",
    // 3x3 convolutions of an ANN with many channels by Winograd's
    // F(2x2, 3x3) (the option winograd; on threads with parallel-min-work).
    "snn-winograd-conv",
    // Loops and the LLVM dialect. Transcendental math goes to libm (accurate
    // expm1/log1p) before the rest of math lowers to LLVM intrinsics; rsqrt,
    // which libm lacks, is expanded to 1 / sqrt first.
    // Each loop nest then becomes a function of its own (LLVM compiles many
    // small functions faster than one huge one, and in parallel), identical
    // ones merged; the passes that work function by function run on the
    // functions in parallel from here on.
    "snn-vectorize-contractions,func.func(convert-linalg-to-loops),"
    "snn-outline-kernels,snn-merge-identical-functions,"
    "func.func(expand-strided-metadata,lower-affine,convert-scf-to-cf,"
    "math-expand-ops{ops=rsqrt},snn-math-to-intrinsics),convert-math-to-libm",
};
static const char *const llvmStages[] = {
    "func.func(convert-vector-to-llvm,convert-math-to-llvm,"
    "convert-arith-to-llvm,convert-index-to-llvm),finalize-memref-to-llvm,"
    "convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts",
};

/// Appends the textual pipeline `stage` to `pm`.
static void addStage(OpPassManager &pm, const char *stage) {
  if (failed(parsePassPipeline(stage, pm)))
    llvm::report_fatal_error(
        llvm::Twine("snn-lower-to-llvm: cannot parse stage '") + stage +
        "' (are the upstream passes registered?)");
}

SNNMaterializeTimePassOptions
mlir::snn::getMaterializeTimeOptions(const SNNLowerToLLVMOptions &options) {
  SNNMaterializeTimePassOptions timeOptions;
  timeOptions.decode = options.decode;
  timeOptions.decodeTau = options.decodeTau;
  timeOptions.traceSteps = options.traceSteps;
  timeOptions.initialVoltage = options.initialVoltage;
  timeOptions.seed = options.seed;
  timeOptions.encode = options.encode;
  timeOptions.encodeMaxRate = options.encodeMaxRate;
  timeOptions.state = options.state;
  timeOptions.spikeStats = options.spikeStats;
  return timeOptions;
}

void mlir::snn::addSNNTimeStage(OpPassManager &pm,
                                const SNNLowerToLLVMOptions &options) {
  // Synapses after the linear layers (contractions read spikes), then the
  // explicit time loop and state.
  if (options.sinkSynapses)
    pm.addNestedPass<func::FuncOp>(createSNNSinkSynapsesPass());
  pm.addPass(createSNNMaterializeTimePass(getMaterializeTimeOptions(options)));
  // Convolutions of max-pooled filter outputs read their changes. The two
  // values it adds to the time loop start at 0 on every call, so not with
  // state=external, whose calls continue one another.
  if (options.sinkSynapses && options.deltaMaxPool && options.skipZeros &&
      options.state != "external") {
    SNNDeltaMaxPoolPassOptions deltaOptions;
    deltaOptions.minWidth = options.skipZerosMinWidth;
    pm.addNestedPass<func::FuncOp>(createSNNDeltaMaxPoolPass(deltaOptions));
  }
}

void mlir::snn::buildSNNLowerToLLVMPipeline(
    OpPassManager &pm, const SNNLowerToLLVMOptions &options) {
  // Level 2 -> 3: explicit time loop and state.
  addSNNTimeStage(pm, options);
  // A model batch: the time loop on tiles of samples whose state fits in
  // the caches; with threads, the tiles are the iterations of a parallel
  // loop, at least one per hardware thread. (Not in addSNNTimeStage: snn-run
  // runs that stage before it knows its threads.)
  if (options.batchTileBytes > 0) {
    SNNTileBatchPassOptions tileOptions;
    tileOptions.maxTileBytes = options.batchTileBytes;
    tileOptions.parallel = options.parallelMinWork > 0;
    tileOptions.minTiles =
        tileOptions.parallel ? std::max(1u, std::thread::hardware_concurrency())
                             : 1;
    pm.addNestedPass<func::FuncOp>(createSNNTileBatchPass(tileOptions));
  }
  // Level 3 -> 4: LIF steps to vector loops (libm only in rare lanes), the
  // other snn step and rate ops to linalg, arith, math; then the upstream
  // lowering, the C interface, and the LLVM dialect.
  // The LIF vectors as wide as the contraction kernels' (16 floats with
  // AVX-512, else 8; the vector-width option when set).
  SNNVectorizeNeuronsPassOptions neuronOptions;
  neuronOptions.vectorWidth = options.vectorWidth > 0
                                  ? int64_t(options.vectorWidth)
                                  : getHostVectorDefaults().width;
  pm.addPass(createSNNVectorizeNeuronsPass(neuronOptions));
  pm.addPass(createConvertSNNToLinalgPass());
  for (const char *stage : upstreamStages) {
    std::string text = stage;
    // The contraction lowering takes the event-driven options.
    StringRef name = "snn-vectorize-contractions";
    size_t at = text.find(name.str());
    if (at != std::string::npos)
      text.insert(
          at + name.size(),
          "{skip-zeros=" + std::string(options.skipZeros ? "true" : "false") +
              " skip-zeros-min-width=" +
              std::to_string(options.skipZerosMinWidth) +
              " skip-zeros-in-loops-only=" +
              std::string(options.skipZerosInLoopsOnly ? "true" : "false") +
              " skip-zeros-lists=" +
              std::string(options.skipZerosLists ? "true" : "false") +
              " scatter-max-inputs=" +
              std::to_string(options.scatterMaxInputs) +
              " vector-width=" + std::to_string(options.vectorWidth) +
              " max-accumulators=" + std::to_string(options.maxAccumulators) +
              " weight-cache-bytes=" +
              std::to_string(options.weightCacheBytes) +
              " split-min-steps=" + std::to_string(options.splitMinSteps) +
              " stream-min-bytes=" + std::to_string(options.streamMinBytes) +
              " pack-weights=" +
              std::string(options.packWeights ? "true" : "false") +
              " parallel-min-work=" + std::to_string(options.parallelMinWork) +
              " parallel-min-weight-bytes=" +
              std::to_string(options.parallelMinWeightBytes) +
              " parallel-min-elements=" +
              std::to_string(options.parallelMinWork > 0
                                 ? int64_t(options.parallelMinElements)
                                 : int64_t(0)) +
              "}");
    if (text == "snn-winograd-conv") {
      if (!options.winograd)
        continue;
      text += "{parallel=" +
              std::string(options.parallelMinWork > 0 ? "true" : "false") +
              " vector-width=" + std::to_string(options.vectorWidth) + "}";
    }
    // With threads, the parallel loops of the kernels become OpenMP
    // worksharing loops (outlined and run by libomp's threads).
    StringRef outline = "snn-outline-kernels,";
    size_t outlineAt = text.find(outline.str());
    if (options.parallelMinWork > 0 && outlineAt != std::string::npos)
      text.insert(outlineAt + outline.size(),
                  "convert-scf-to-openmp,canonicalize,");
    addStage(pm, text.c_str());
    // The parallel loop over a batch's tiles (snn-tile-batch) as an
    // scf.parallel, like the loops of the layers' threads.
    if (options.batchTileBytes > 0 && options.parallelMinWork > 0 &&
        StringRef(stage).starts_with("one-shot-bufferize"))
      addStage(pm, "scf-forall-to-parallel");
    // Right after bufferization (the stage that bufferizes function
    // boundaries), optionally turn returned buffers into output arguments.
    if (options.resultsToOutParams &&
        StringRef(stage).starts_with("one-shot-bufferize"))
      addStage(pm, "buffer-results-to-out-params{hoist-static-allocs "
                   "modify-public-functions}");
  }
  pm.addPass(createSNNEmitCInterfacePass());
  for (const char *stage : llvmStages) {
    std::string text = stage;
    StringRef last = "reconcile-unrealized-casts";
    size_t at = text.find(last.str());
    if (options.parallelMinWork > 0 && at != std::string::npos)
      text.insert(at, "convert-openmp-to-llvm,");
    addStage(pm, text.c_str());
  }
}

void mlir::snn::registerSNNLowerToLLVMPipeline() {
  PassPipelineRegistration<SNNLowerToLLVMOptions>(
      "snn-lower-to-llvm",
      "lower a spiking or TOSA network to the LLVM dialect: time loop, snn to "
      "linalg, TOSA to linalg, fusion, bufferization, loops, LLVM",
      buildSNNLowerToLLVMPipeline);
}
