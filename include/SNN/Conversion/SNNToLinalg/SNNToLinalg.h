//===- SNNToLinalg.h - snn to linalg lowering and pipeline ------*- C++ -*-===//
//
// Part of snn-mlir.
//
// Public entry points of the native-execution lowering: the patterns of
// --convert-snn-to-linalg and the --snn-lower-to-llvm pipeline. The passes
// themselves are declared in SNN/Conversion/Passes.h.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_CONVERSION_SNNTOLINALG_SNNTOLINALG_H
#define SNN_CONVERSION_SNNTOLINALG_SNNTOLINALG_H

#include "SNN/Conversion/Passes.h"
#include "mlir/Pass/PassOptions.h"

#include <cstdint>
#include <string>

namespace mlir {
class OpPassManager;
class RewritePatternSet;

namespace snn {

/// Options of `--snn-lower-to-llvm`: those of its time-materialization stage
/// (see `--snn-materialize-time`).
struct SNNLowerToLLVMOptions
    : public PassPipelineOptions<SNNLowerToLLVMOptions> {
  PassOptions::Option<std::string> decode{
      *this, "decode",
      llvm::cl::desc("output decoding: 'mean', 'lowpass', 'count' or 'trace'"),
      llvm::cl::init("mean")};
  PassOptions::Option<int64_t> traceSteps{
      *this, "trace-steps",
      llvm::cl::desc("steps recorded by decode=trace (>= 1)"),
      llvm::cl::init(0)};
  PassOptions::Option<double> decodeTau{
      *this, "decode-tau",
      llvm::cl::desc("time constant (s) of decode=lowpass"),
      llvm::cl::init(0.005)};
  PassOptions::Option<std::string> initialVoltage{
      *this, "initial-voltage",
      llvm::cl::desc("initial voltage: 'zero' or 'uniform'"),
      llvm::cl::init("zero")};
  PassOptions::Option<uint64_t> seed{
      *this, "seed",
      llvm::cl::desc("seed of initial-voltage=uniform and encode=poisson"),
      llvm::cl::init(0)};
  PassOptions::Option<std::string> encode{
      *this, "encode", llvm::cl::desc("input encoding: 'current' or 'poisson'"),
      llvm::cl::init("current")};
  PassOptions::Option<double> encodeMaxRate{
      *this, "encode-max-rate",
      llvm::cl::desc("rate (Hz) of encode=poisson at input magnitude 1"),
      llvm::cl::init(1000.0)};
  PassOptions::Option<std::string> state{
      *this, "state",
      llvm::cl::desc("neuron state: 'internal' or 'external' (arguments "
                     "and results)"),
      llvm::cl::init("internal")};
  PassOptions::Option<bool> spikeStats{
      *this, "spike-stats",
      llvm::cl::desc("also return per-population spike statistics"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> sinkSynapses{
      *this, "sink-synapses",
      llvm::cl::desc("move each lowpass synapse after the linear layers that "
                     "read it (snn-sink-synapses), so that they read spikes: "
                     "the same network in exact arithmetic, faster "
                     "event-driven steps, other float rounding"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> deltaMaxPool{
      *this, "delta-max-pool",
      llvm::cl::desc("with sink-synapses: convolutions of max-pooled synapse "
                     "outputs read the pools' changes from step to step "
                     "(snn-delta-max-pool; needs skip-zeros and internal "
                     "state)"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> batchTileBytes{
      *this, "batch-tile-bytes",
      llvm::cl::desc("a model batch runs its time loop on tiles of samples "
                     "whose loop-carried state takes at most this many bytes "
                     "(snn-tile-batch; 0: the whole batch at once)"),
      llvm::cl::init(262144)};
  PassOptions::Option<bool> skipZeros{
      *this, "skip-zeros",
      llvm::cl::desc("event-driven contractions: skip the reduction steps "
                     "whose broadcast input is zero (see "
                     "--snn-vectorize-contractions)"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> skipZerosMinWidth{
      *this, "skip-zeros-min-width",
      llvm::cl::desc("the narrowest row made event-driven by skip-zeros"),
      llvm::cl::init(32)};
  PassOptions::Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc(
          "threads inside a layer: each contraction with at least this many "
          "multiply-adds gets an OpenMP worksharing loop (the compiled code "
          "then calls libomp: link it with -lomp); 0 (default): none"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> parallelMinWeightBytes{
      *this, "parallel-min-weight-bytes",
      llvm::cl::desc("with parallel-min-work, dense contractions whose "
                     "weights take at least this many bytes (bound by "
                     "memory) get an OpenMP worksharing loop too (0: never)"),
      llvm::cl::init(1 << 20)};
  PassOptions::Option<int64_t> parallelMinElements{
      *this, "parallel-min-elements",
      llvm::cl::desc("with parallel-min-work: ops without reductions "
                     "(elementwise layers, fills, copies) of at least this "
                     "many elements get an OpenMP worksharing loop too"),
      llvm::cl::init(1 << 17)};
  PassOptions::Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("elements per vector of the contraction kernels and "
                     "the LIF updates (0: from the host, 16 with AVX-512, "
                     "else 8)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> maxAccumulators{
      *this, "max-accumulators",
      llvm::cl::desc("vector registers the contraction kernels keep as "
                     "accumulators (0: from the host, 24 with AVX-512, "
                     "else 12)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> weightCacheBytes{
      *this, "weight-cache-bytes",
      llvm::cl::desc("contraction kernels whose weights for one group of "
                     "output channels exceed this many bytes split their "
                     "reduction so that consecutive tiles read them from "
                     "cache (same sums; 0: never)"),
      llvm::cl::init(262144)};
  PassOptions::Option<int64_t> streamMinBytes{
      *this, "stream-min-bytes",
      llvm::cl::desc("matrix-vector products with at least this many bytes "
                     "of weights read them row by row (0: never)"),
      llvm::cl::init(33554432)};
  PassOptions::Option<bool> packWeights{
      *this, "pack-weights",
      llvm::cl::desc("contraction kernels read their constant weights from "
                     "a copy packed in the order their register tiles read "
                     "them (one contiguous stream per group of output "
                     "vectors; same values, same order)"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> splitMinSteps{
      *this, "split-min-steps",
      llvm::cl::desc("the fewest reduction steps a tile of a split "
                     "reduction does per load and store of its accumulators"),
      llvm::cl::init(64)};
  PassOptions::Option<int64_t> scatterMaxInputs{
      *this, "scatter-max-inputs",
      llvm::cl::desc("event-driven layers on one thread with at most this "
                     "many inputs per list and taps besides (a 3x3 "
                     "convolution of a few channels) scatter each input's "
                     "terms (see --snn-vectorize-contractions; 0: never)"),
      llvm::cl::init(32)};
  PassOptions::Option<bool> skipZerosLists{
      *this, "skip-zeros-lists",
      llvm::cl::desc("event-driven layers read lists of their non-zero "
                     "inputs, built once per step (false: test each input)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> skipZerosInLoopsOnly{
      *this, "skip-zeros-in-loops-only",
      llvm::cl::desc("skip-zeros only inside loops (the time loop): an ANN "
                     "and the layers before the time loop stay dense"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> winograd{
      *this, "winograd",
      llvm::cl::desc("3x3 convolutions of an ANN with many channels by "
                     "Winograd's F(2x2, 3x3): 2.25x fewer multiply-adds, "
                     "other rounding (see --snn-winograd-conv)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> resultsToOutParams{
      *this, "results-to-out-params",
      llvm::cl::desc("return results through caller-allocated output "
                     "arguments appended to the signature (as snn-run and "
                     "the C API expect)"),
      llvm::cl::init(false)};
};

/// Adds the patterns that lower snn step ops and rate ops to linalg.generic
/// (ranked tensors) or arith/math (scalars, vectors), per
/// docs/NEURON-SEMANTICS.md.
void populateSNNToLinalgConversionPatterns(RewritePatternSet &patterns);

/// Returns the options of the pipeline's time stage (--snn-materialize-time)
/// from `options`: for tools that run that stage on its own first.
SNNMaterializeTimePassOptions
getMaterializeTimeOptions(const SNNLowerToLLVMOptions &options);

/// Appends the pipeline's time stage to `pm` (anchored on builtin.module):
/// snn-sink-synapses on every function when `options.sinkSynapses`, then
/// snn-materialize-time, then snn-delta-max-pool when also
/// `options.deltaMaxPool`, `options.skipZeros` and internal state. For tools
/// that run that stage on its own first.
void addSNNTimeStage(OpPassManager &pm, const SNNLowerToLLVMOptions &options);

/// Appends the whole native lowering (time materialization, snn to linalg,
/// TOSA to linalg, fusion, bufferization, loops, LLVM dialect) to `pm`, which
/// must be anchored on builtin.module. The upstream stages are parsed from
/// their textual form (docs/LOWERING.md), so the upstream passes must be
/// registered first (mlir::registerAllPasses); otherwise this aborts with a
/// fatal error naming the stage.
void buildSNNLowerToLLVMPipeline(OpPassManager &pm,
                                 const SNNLowerToLLVMOptions &options);

/// Registers `--snn-lower-to-llvm` with the global pass pipeline registry.
void registerSNNLowerToLLVMPipeline();

} // namespace snn
} // namespace mlir

#endif // SNN_CONVERSION_SNNTOLINALG_SNNTOLINALG_H
