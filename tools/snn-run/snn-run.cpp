//===- snn-run.cpp - JIT-run a (spiking) network on data --------*- C++ -*-===//
//
// Part of snn-mlir.
//
// snn-run MODEL.mlir --input X.npy [--labels Y.npy] [--output OUT.npy]
//
// Lowers the model (an ANN or a spiking network, at any IR level) to the LLVM
// dialect, JIT-compiles it (Compile.h, CompileCache.h) and runs it on every
// sample of the inputs: the first axis of each .npy file indexes samples.
// ONNX TensorProto files (.pb) hold exactly one model input each. With
// labels, it reports the accuracy of the arg-max of the first output.
//
//===----------------------------------------------------------------------===//

#include "Compile.h"
#include "CompileCache.h"
#include "SNN/Conversion/Passes.h"
#include "SNN/Conversion/SNNToLinalg/SNNToLinalg.h"
#include "SNN/Dialect/SNN/SNNOps.h"
#include "SNN/InitAll.h"
#include "SNN/Support/Npy.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/onnx_pb.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <malloc.h>
#include <omp.h>
#include <thread>

using namespace mlir;
using llvm::StringRef;

namespace cl = llvm::cl;

static cl::OptionCategory runCategory("snn-run options");

static cl::opt<std::string> modelFile(cl::Positional, cl::Required,
                                      cl::desc("<model.mlir>"),
                                      cl::cat(runCategory));
static cl::list<std::string>
    inputFiles("input",
               cl::desc("Input data, one file per model input in argument "
                        "order: .npy (first axis = samples; float32/float64, "
                        "or integers scaled by --input-scale) or an ONNX "
                        "TensorProto .pb (exactly one model input)"),
               cl::cat(runCategory));
static cl::opt<std::string>
    labelsFile("labels",
               cl::desc("Integer class labels (.npy, one per sample): report "
                        "the accuracy of the arg-max of the first output"),
               cl::cat(runCategory));
static cl::list<std::string>
    outputFiles("output",
                cl::desc("Write the i-th result of the model, for all "
                         "samples, to the i-th file (.npy, float32)"),
                cl::cat(runCategory));
static cl::opt<int64_t>
    numSteps("steps", cl::init(100),
             cl::desc("Time steps per sample for spiking networks"),
             cl::cat(runCategory));
static cl::opt<double> dt("dt", cl::init(0.001),
                          cl::desc("Time step in seconds for spiking networks"),
                          cl::cat(runCategory));
static cl::opt<double>
    inputScale("input-scale", cl::init(1.0),
               cl::desc("Multiply every input value by this (e.g. "
                        "0.00392156862745098 for uint8 images in [0, 1])"),
               cl::cat(runCategory));
static cl::opt<int64_t> limit("limit", cl::init(-1),
                              cl::desc("Use only the first N samples (default: "
                                       "all; 0 compiles the model and runs "
                                       "no sample)"),
                              cl::cat(runCategory));
static cl::opt<std::string>
    entryName("entry",
              cl::desc("Function to run (default: the only public function)"),
              cl::cat(runCategory));
static cl::opt<std::string> decode(
    "decode",
    cl::desc("Output decoding of spiking networks: 'mean' over all steps "
             "(default), 'lowpass' (the last step through a lowpass of "
             "--decode-tau), 'count' (spikes per neuron; the outputs must "
             "be spiking populations) or 'trace' (the output of every one of "
             "the first --trace-steps steps: each --output gets a time axis "
             "after the sample axis)"),
    cl::init("mean"), cl::cat(runCategory));
static cl::opt<int64_t>
    traceSteps("trace-steps", cl::init(0),
               cl::desc("Steps that --decode trace records (default 0: all "
                        "--steps; steps past --steps are zeros)"),
               cl::cat(runCategory));
static cl::opt<double> decodeTau("decode-tau", cl::init(0.005),
                                 cl::desc("Time constant (s) of --decode "
                                          "lowpass"),
                                 cl::cat(runCategory));
static cl::opt<std::string> initialVoltage(
    "initial-voltage",
    cl::desc("Initial neuron voltage: 'zero' (default, deterministic), "
             "'uniform' in [0, 1) as Nengo does, seeded by --seed, or a "
             "number (e.g. 0.5)"),
    cl::init("zero"), cl::cat(runCategory));
static cl::opt<uint64_t>
    seed("seed", cl::init(0),
         cl::desc("Seed of --initial-voltage uniform and --encode poisson"),
         cl::cat(runCategory));
static cl::opt<std::string> encode(
    "encode",
    cl::desc("Input encoding of spiking networks: 'current' (default: the "
             "input is a constant current) or 'poisson' (spike trains at "
             "--encode-max-rate for |x| = 1, seeded by --seed)"),
    cl::init("current"), cl::cat(runCategory));
static cl::opt<double>
    encodeMaxRate("encode-max-rate", cl::init(1000.0),
                  cl::desc("Rate in Hz of --encode poisson at |x| = 1"),
                  cl::cat(runCategory));
/// --stats. LLVM registers an option of that name (statistics), which
/// snn-run does not use: main() replaces it, so it is not a global.
static constexpr const char *kStatsHelp =
    "Print per-layer statistics: for an ANN, percentiles of each activation "
    "(the calibration data of --convert-activations-to-spiking{normalize=...}"
    "; --stats-file also writes them per channel); for a spiking network, "
    "spikes per neuron per step of each population";
static cl::opt<std::string>
    statsFile("stats-file",
              cl::desc("Also write the --stats statistics to this JSON file "
                       "(implies --stats)"),
              cl::cat(runCategory));
static cl::opt<unsigned>
    numThreads("jobs", cl::init(0),
               cl::desc("Worker threads, each running whole samples "
                        "(default 0: one per core; -j N for short)"),
               cl::cat(runCategory));
static cl::alias numThreadsShort("j", cl::desc("Alias for --jobs"),
                                 cl::aliasopt(numThreads),
                                 cl::cat(runCategory));
static cl::opt<unsigned> layerThreads(
    "layer-threads", cl::init(0),
    cl::desc("Threads inside a layer: the large contractions of one sample "
             "are split between this many threads (OpenMP) within each "
             "--jobs worker (default 0: the cores not used by the workers, "
             "e.g. 2 for one sample on 2 cores, 1 when 2 workers share 2 "
             "cores)"),
    cl::cat(runCategory));
static cl::opt<int64_t> parallelMinWork(
    "parallel-min-work", cl::init(1 << 21),
    cl::desc("The smallest contraction (in multiply-adds) compiled with a "
             "loop split between --layer-threads threads (0: compile no "
             "parallel loop)"),
    cl::cat(runCategory));
static cl::opt<std::string> pipeline(
    "pipeline",
    cl::desc("Lowering pipeline to LLVM instead of snn-lower-to-llvm (its "
             "entry must return results through output arguments)"),
    cl::cat(runCategory));
static cl::opt<bool> sinkSynapses(
    "sink-synapses", cl::init(true),
    cl::desc("Move each lowpass synapse after the linear layers that read it "
             "(snn-sink-synapses), so that convolutions and matrix products "
             "read spikes, which makes their event-driven steps cheap: the "
             "same network in exact arithmetic, other float rounding "
             "(default true; false keeps the model's order)"),
    cl::cat(runCategory));
static cl::opt<bool> winograd(
    "winograd", cl::init(true),
    cl::desc("3x3 convolutions of an ANN with at least 128 input and output "
             "channels by Winograd's F(2x2, 3x3) (snn-winograd-conv): 2.25x "
             "fewer multiply-adds, other float rounding (default true; false "
             "keeps the direct convolution)"),
    cl::cat(runCategory));
static cl::opt<int64_t> batchTileBytes(
    "batch-tile-bytes", cl::init(262144),
    cl::desc(
        "A model batch (e.g. --onnx-dim batch=32 at import) runs its "
        "time loop on tiles of samples whose loop-carried state takes at "
        "most this many bytes, so that it stays in the caches; with "
        "layer threads the tiles run in parallel, at least one per hardware "
        "thread "
        "(snn-tile-batch; bit-identical; default 262144, 0 runs the "
        "whole batch at once)"),
    cl::cat(runCategory));
static cl::opt<bool> deltaMaxPool(
    "delta-max-pool", cl::init(true),
    cl::desc("With --sink-synapses: a convolution of the max pool of "
             "filtered spikes reads the pool's change from step to step "
             "(snn-delta-max-pool), exactly 0 where no neuron of the window "
             "spiked (default true)"),
    cl::cat(runCategory));
static cl::opt<bool> printPipeline("print-pipeline",
                                   cl::desc("Print the lowering pipeline "
                                            "before running it"),
                                   cl::cat(runCategory));
static cl::opt<bool>
    noProgress("no-progress",
               cl::desc("Do not draw a progress bar on stderr (it is drawn "
                        "only when stderr is a terminal anyway)"),
               cl::cat(runCategory));
static cl::opt<bool> quiet("quiet", cl::desc("Print no summary"),
                           cl::cat(runCategory));
static cl::opt<std::string> cacheDir(
    "cache-dir",
    cl::desc("Directory of the compile cache: compiled models are kept as "
             "object files, keyed by the model, the lowering options and "
             "pipeline, the host CPU and this snn-run, so that a second run "
             "of the same model does not compile again (default: "
             "$SNN_CACHE_DIR, else $XDG_CACHE_HOME/snn-mlir, else "
             "~/.cache/snn-mlir)"),
    cl::cat(runCategory));
static cl::opt<bool> noCache("no-cache",
                             cl::desc("Compile the model even if the cache "
                                      "holds it, and do not store it"),
                             cl::cat(runCategory));
static cl::opt<unsigned> compileJobs(
    "compile-jobs", cl::init(0),
    cl::desc("Threads that optimize and compile the model's functions "
             "(default 0: one per core)"),
    cl::cat(runCategory));
static cl::opt<unsigned> optLevel(
    "opt-level", cl::init(2),
    cl::desc("LLVM optimization level of the compiled model, 0-3 (default 2: "
             "as fast as 3 on the bundled and zoo models, and faster to "
             "compile)"),
    cl::cat(runCategory));
static cl::opt<bool> timeCompile(
    "time-compile",
    cl::desc("Print where the compile time goes on stderr: the phases "
             "(parsing, lowering, translation to LLVM IR, splitting, LLVM's "
             "optimizer and code generator, loading) and every lowering "
             "pass"),
    cl::cat(runCategory));
static cl::opt<std::string> emitObject(
    "emit-object",
    cl::desc("Compile the model ahead of time into this position-independent "
             "object file instead of running it: the weights inside, only "
             "_mlir_ciface_<entry> exported, LLVM on one thread, no cache "
             "(scripts/snn-aot.sh; docs/AOT.md)"),
    cl::value_desc("file.o"), cl::cat(runCategory));
static cl::opt<std::string>
    targetCPU("mcpu", cl::init("native"),
              cl::desc("CPU of --emit-object (default 'native': the host's "
                       "CPU and all its features; e.g. x86-64-v3 for any CPU "
                       "with that feature level)"),
              cl::cat(runCategory));
static cl::opt<std::string>
    targetTriple("mtriple",
                 cl::desc("Target triple of --emit-object (default: the "
                          "host's; only the host's architecture is built in)"),
                 cl::cat(runCategory));
static cl::opt<uint64_t> cacheMaxMB(
    "cache-max-mb", cl::init(4096),
    cl::desc("Size limit of the compile cache in MiB; least recently used "
             "models are removed first (default 4096)"),
    cl::cat(runCategory));

static int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "snn-run") << message << "\n";
  return 1;
}

namespace {
/// One model argument or result: a statically shaped float tensor.
struct TensorSpec {
  std::string name;
  SmallVector<int64_t> shape;
  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

/// Input data for one model input: `count` samples of `perSample` values.
struct InputData {
  std::vector<float> values;
  int64_t count = 0;
  int64_t perSample = 0;
};

/// A strided memref descriptor with the layout LLVM lowering gives it:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}, 8 bytes each.
struct Descriptor {
  std::vector<int64_t> words;
  Descriptor(float *data, ArrayRef<int64_t> shape) {
    words.resize(3 + 2 * shape.size());
    std::memcpy(&words[0], &data, sizeof(float *));
    std::memcpy(&words[1], &data, sizeof(float *));
    words[2] = 0;
    int64_t stride = 1;
    for (int64_t i = shape.size() - 1; i >= 0; --i) {
      words[3 + i] = shape[i];
      words[3 + shape.size() + i] = stride;
      stride *= shape[i];
    }
  }
};
/// A result that the statistics passes appended (--stats).
struct StatResult {
  enum Kind { Activation, SpikeCount, MultiSpikeSteps } kind = Activation;
  /// The activation or population name (the ONNX node name).
  std::string layer;
  /// The index among the entry's results.
  unsigned index = 0;
  /// Activations: the axis per-channel statistics group the values by
  /// (`snn.channel_axis`; -1: none), the number of channels on it and the
  /// number of values per channel entry (the product of the later
  /// dimensions).
  int64_t channelAxis = -1;
  int64_t channels = 1, inner = 1;
};

/// What one worker thread accumulates for the statistics results.
struct StatAccumulator {
  /// Activation values (a bounded, evenly spread sample of them), per
  /// channel (one list without a channel axis), their number and each
  /// channel's maximum.
  std::vector<std::vector<float>> values;
  size_t numValues = 0;
  std::vector<double> channelMax;
  /// Number of values seen, their sum and their maximum.
  int64_t seen = 0;
  double sum = 0, max = -INFINITY;
  /// Positive values seen.
  int64_t positive = 0;
  /// Spike counts: total spikes, total neuron-steps with several spikes.
  double spikes = 0, multiSteps = 0;
};
} // namespace

/// Keeps at most this many activation values per layer and thread (every
/// k-th value beyond, for percentiles).
static constexpr size_t kMaxStatValues = size_t(1) << 24;

/// Returns the q-th percentile (0 < q <= 100) of `values` (nearest rank on
/// the sorted values, linear interpolation between neighbours), reordering
/// `values`.
static double getPercentile(std::vector<float> &values, double q) {
  if (values.empty())
    return 0.0;
  double rank = q / 100.0 * (values.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(rank));
  size_t hi = std::min(lo + 1, values.size() - 1);
  std::nth_element(values.begin(), values.begin() + lo, values.end());
  double a = values[lo];
  double b = a;
  if (hi != lo)
    b = *std::min_element(values.begin() + lo + 1, values.end());
  return a + (b - a) * (rank - lo);
}

/// The percentiles --stats reports for activations (100 is the maximum).
static const double kPercentiles[] = {50, 90, 99, 99.9, 99.99, 100};

/// Prints the --stats table (unless --quiet) and writes --stats-file.
static LogicalResult
reportStats(ArrayRef<StatResult> statResults,
            std::vector<std::vector<StatAccumulator>> &accumulators,
            ArrayRef<TensorSpec> results, ArrayRef<int64_t> resultPerSample,
            int64_t samples, int64_t steps) {
  llvm::json::Array layers;
  bool spiking = !statResults.empty() &&
                 statResults.front().kind != StatResult::Activation;
  double totalSpikes = 0, totalNeuronSteps = 0;
  if (!quiet) {
    if (statResults.empty())
      llvm::outs() << "stats: the model has no "
                   << (steps ? "spiking populations"
                             : "convertible activations")
                   << "\n";
    else if (spiking)
      llvm::outs() << llvm::format("%-24s %10s %14s %14s\n", "population",
                                   "neurons", "spikes/neuron/step",
                                   "multi-spike steps");
    else
      llvm::outs() << llvm::format("%-24s %10s %10s %10s %10s %10s %8s\n",
                                   "activation", "values", "mean", "p99",
                                   "p99.9", "max", ">0");
  }
  for (unsigned i = 0; i < statResults.size(); ++i) {
    const StatResult &stat = statResults[i];
    // Merge the threads' accumulators.
    StatAccumulator merged;
    for (std::vector<StatAccumulator> &perThread : accumulators) {
      StatAccumulator &a = perThread[i];
      merged.seen += a.seen;
      merged.sum += a.sum;
      merged.max = std::max(merged.max, a.max);
      merged.positive += a.positive;
      merged.spikes += a.spikes;
      merged.multiSteps += a.multiSteps;
      merged.values.resize(std::max(merged.values.size(), a.values.size()));
      merged.channelMax.resize(merged.values.size(), -INFINITY);
      for (auto [c, values] : llvm::enumerate(a.values)) {
        merged.values[c].insert(merged.values[c].end(), values.begin(),
                                values.end());
        merged.channelMax[c] = std::max(merged.channelMax[c], a.channelMax[c]);
      }
      std::vector<std::vector<float>>().swap(a.values);
    }
    if (stat.kind == StatResult::Activation) {
      // Without values (no samples) the maximum is 0 like the percentiles,
      // not -inf, which JSON cannot hold.
      if (merged.seen == 0)
        merged.max = 0.0;
      // Per channel first (each channel's values are reordered), then the
      // whole layer.
      llvm::json::Array channelPercentiles;
      if (stat.channelAxis >= 0) {
        merged.values.resize(stat.channels);
        merged.channelMax.resize(stat.channels, -INFINITY);
        for (double q : kPercentiles) {
          llvm::json::Array perChannel;
          for (auto [values, max] : llvm::zip(merged.values, merged.channelMax))
            perChannel.push_back(values.empty() ? 0.0
                                 : q == 100     ? max
                                                : getPercentile(values, q));
          channelPercentiles.push_back(
              llvm::json::Array{q, std::move(perChannel)});
        }
      }
      std::vector<float> all;
      for (std::vector<float> &values : merged.values) {
        all.insert(all.end(), values.begin(), values.end());
        std::vector<float>().swap(values);
      }
      llvm::json::Array percentiles;
      double values[std::size(kPercentiles)];
      for (auto [q, value] : llvm::zip(kPercentiles, values)) {
        value = q == 100 ? merged.max : getPercentile(all, q);
        percentiles.push_back(llvm::json::Array{q, value});
      }
      double mean = merged.seen ? merged.sum / merged.seen : 0.0;
      double positive =
          merged.seen ? static_cast<double>(merged.positive) / merged.seen : 0;
      llvm::json::Object layer{{"name", stat.layer},
                               {"values", merged.seen},
                               {"mean", mean},
                               {"max", merged.max},
                               {"fraction_positive", positive},
                               {"percentiles", std::move(percentiles)}};
      if (stat.channelAxis >= 0) {
        layer["channel_axis"] = stat.channelAxis;
        layer["channels"] = stat.channels;
        layer["channel_percentiles"] = std::move(channelPercentiles);
      }
      layers.push_back(std::move(layer));
      if (!quiet)
        llvm::outs() << llvm::format(
            "%-24s %10lld %10.4g %10.4g %10.4g %10.4g %7.1f%%\n",
            stat.layer.c_str(), static_cast<long long>(merged.seen), mean,
            values[2], values[3], merged.max, 100 * positive);
      continue;
    }
    // Spike statistics come in pairs: counts, then multi-spike steps.
    if (stat.kind != StatResult::SpikeCount)
      continue;
    double multi = 0;
    if (i + 1 < statResults.size() &&
        statResults[i + 1].kind == StatResult::MultiSpikeSteps)
      for (std::vector<StatAccumulator> &perThread : accumulators)
        multi += perThread[i + 1].multiSteps;
    int64_t neurons = resultPerSample[stat.index];
    double neuronSteps = static_cast<double>(neurons) * samples * steps;
    double rate = neuronSteps > 0 ? merged.spikes / neuronSteps : 0;
    double multiFraction = neuronSteps > 0 ? multi / neuronSteps : 0;
    totalSpikes += merged.spikes;
    totalNeuronSteps += neuronSteps;
    layers.push_back(
        llvm::json::Object{{"name", stat.layer},
                           {"neurons", neurons},
                           {"spikes", merged.spikes},
                           {"spikes_per_neuron_per_step", rate},
                           {"multi_spike_steps", multi},
                           {"multi_spike_fraction", multiFraction}});
    if (!quiet)
      llvm::outs() << llvm::format(
          "%-24s %10lld %18.4f %16.4f%%\n", stat.layer.c_str(),
          static_cast<long long>(neurons), rate, 100 * multiFraction);
  }
  if (spiking && !quiet)
    llvm::outs() << llvm::format(
        "%-24s %10s %18.4f\n", "all", "",
        totalNeuronSteps > 0 ? totalSpikes / totalNeuronSteps : 0.0);
  if (statsFile.empty())
    return success();
  llvm::json::Object root{
      {"format", spiking ? "snn-spike-stats" : "snn-activation-stats"},
      {"version", 1},
      {"model", std::string(modelFile)},
      {"samples", samples},
      {"layers", std::move(layers)}};
  if (spiking) {
    root["steps"] = steps;
    root["dt"] = dt.getValue();
    root["spikes_per_neuron_per_step"] =
        totalNeuronSteps > 0 ? totalSpikes / totalNeuronSteps : 0.0;
  }
  std::error_code error;
  llvm::raw_fd_ostream os(statsFile, error);
  if (error) {
    fail("cannot write '" + statsFile + "': " + error.message());
    return failure();
  }
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return success();
}

/// Describes `type` as a static float32 tensor, or fails with a message.
static FailureOr<TensorSpec> getTensorSpec(Type type, const llvm::Twine &what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() || !tensor.getElementType().isF32()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << type;
    fail(what + " has type " + text +
         "; snn-run supports statically shaped tensors of f32");
    return failure();
  }
  TensorSpec spec;
  spec.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  return spec;
}

/// Loads an ONNX TensorProto (.pb) holding float data.
static FailureOr<InputData> loadTensorProto(StringRef path,
                                            const TensorSpec &spec) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    fail("cannot read '" + path + "': " + buffer.getError().message());
    return failure();
  }
  onnx::TensorProto tensor;
  StringRef bytes = (*buffer)->getBuffer();
  if (!tensor.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    fail("'" + path + "' is not a valid ONNX TensorProto file");
    return failure();
  }
  if (tensor.data_type() != onnx::TensorProto::FLOAT) {
    fail("'" + path + "' holds ONNX data type " +
         llvm::Twine(tensor.data_type()) + "; only FLOAT (1) is supported");
    return failure();
  }
  int64_t count = 1;
  for (int64_t d : tensor.dims())
    count *= d;
  InputData data;
  data.values.resize(count);
  if (tensor.has_raw_data()) {
    if (tensor.raw_data().size() != count * sizeof(float)) {
      fail("'" + path + "': raw_data holds " +
           llvm::Twine(tensor.raw_data().size()) + " bytes, expected " +
           llvm::Twine(count * sizeof(float)));
      return failure();
    }
    std::memcpy(data.values.data(), tensor.raw_data().data(),
                count * sizeof(float));
  } else {
    if (tensor.float_data_size() != count) {
      fail("'" + path + "': float_data holds " +
           llvm::Twine(tensor.float_data_size()) + " values, expected " +
           llvm::Twine(count));
      return failure();
    }
    llvm::copy(tensor.float_data(), data.values.begin());
  }
  if (count != spec.numElements()) {
    fail("'" + path + "' holds " + llvm::Twine(count) + " values but input '" +
         spec.name + "' takes " + llvm::Twine(spec.numElements()));
    return failure();
  }
  data.count = 1;
  data.perSample = count;
  return data;
}

/// Loads a .npy input whose first axis indexes samples.
static FailureOr<InputData> loadNpyInput(StringRef path) {
  llvm::Expected<snn::NpyArray> array = snn::readNpyFile(path);
  if (!array) {
    fail(llvm::toString(array.takeError()));
    return failure();
  }
  if (array->shape.empty()) {
    fail("'" + path + "' is a scalar; the first axis must index samples");
    return failure();
  }
  if (array->shape[0] == 0) {
    fail("'" + path +
         "' holds no samples (its first axis, which indexes "
         "samples, is 0)");
    return failure();
  }
  InputData data;
  data.count = array->shape[0];
  data.perSample = array->numElements() / data.count;
  int64_t n = array->numElements();
  data.values.resize(n);
  double scale = inputScale;
  for (int64_t i = 0; i < n; ++i)
    data.values[i] = static_cast<float>(array->getAsDouble(i) * scale);
  return data;
}

/// Draws a progress bar on stderr.
static void drawProgress(int64_t done, int64_t total, double seconds) {
  constexpr int width = 30;
  int filled = total ? static_cast<int>(width * done / total) : width;
  llvm::errs() << "\r[";
  for (int i = 0; i < width; ++i)
    llvm::errs() << (i < filled ? '=' : (i == filled ? '>' : ' '));
  llvm::errs() << "] " << done << "/" << total << " samples";
  if (seconds > 0)
    llvm::errs() << llvm::format("  %.1f samples/s", done / seconds);
  llvm::errs().flush();
}

int main(int argc, char **argv) {
  // The compiled model allocates its layers' buffers on every call and
  // frees them at the end. Keep freed memory in the process (no mmap per
  // buffer, no trimming of the heap): otherwise each call maps fresh pages
  // and the kernel zero-fills them on first touch, a cost paid per sample.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerAllPasses();
  snn::registerAllPasses();
  cl::HideUnrelatedOptions(runCategory);
  // Take over '--stats' from LLVM's statistics option.
  if (cl::Option *llvmStats = cl::getRegisteredOptions().lookup("stats"))
    llvmStats->removeArgument();
  static cl::opt<bool> stats("stats", cl::desc(kStatsHelp),
                             cl::cat(runCategory));
  cl::ParseCommandLineOptions(
      argc, argv,
      "snn-run: JIT-compile a network (ANN or spiking, .mlir at any level) "
      "and run it on data\n\n"
      "  snn-run model.mlir --input images.npy --input-scale 0.0039215686 \\\n"
      "          --labels labels.npy --output scores.npy\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  snn::registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
  MLIRContext context(registry);
  // A pass's error names the op by its location; the op itself, which MLIR
  // would print under the error, is here the whole model with its weights.
  context.printOpOnDiagnostic(false);

  // --time-compile: wall-clock seconds of each compile phase.
  SmallVector<std::pair<std::string, double>> phases;
  auto phaseStart = std::chrono::steady_clock::now();
  auto endPhase = [&](StringRef name) {
    auto now = std::chrono::steady_clock::now();
    phases.push_back(
        {name.str(), std::chrono::duration<double>(now - phaseStart).count()});
    phaseStart = now;
  };

  auto printPhases = [&](double compileSeconds) {
    if (!timeCompile)
      return;
    llvm::errs() << "compile phases (wall-clock seconds):\n";
    for (const auto &[name, seconds] : phases) {
      if (seconds >= 0)
        llvm::errs() << llvm::format("  %8.3f  ", seconds);
      else
        llvm::errs().indent(12);
      llvm::errs() << name << "\n";
    }
    llvm::errs() << llvm::format("  %8.3f  ", compileSeconds)
                 << "compile (as in the summary: all but parse)\n";
  };

  llvm::SourceMgr sourceMgr;
  std::string errorMessage;
  auto file = openInputFile(modelFile, &errorMessage);
  if (!file)
    return fail(errorMessage);
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;
  endPhase("parse");

  // The model's resource blobs (most weights): the compile cache refers to
  // them instead of storing their bytes again.
  llvm::StringSet<> modelResources;
  module->walk([&](Operation *op) {
    op->getAttrDictionary().walk([&](DenseResourceElementsAttr attr) {
      if (attr.getRawHandle().getBlob())
        modelResources.insert(attr.getRawHandle().getKey());
    });
  });
  auto lookupResource = [&](StringRef key) -> std::optional<StringRef> {
    if (!modelResources.contains(key))
      return std::nullopt;
    auto *entry = DenseResourceElementsHandle::getManagerInterface(&context)
                      .getBlobManager()
                      .lookup(key);
    if (!entry || !entry->getBlob())
      return std::nullopt;
    ArrayRef<char> data = entry->getBlob()->getData();
    return StringRef(data.data(), data.size());
  };

  // The entry function and its signature, before lowering.
  func::FuncOp entry;
  for (auto fn : module->getOps<func::FuncOp>()) {
    if (fn.isDeclaration())
      continue;
    if (!entryName.empty() ? fn.getSymName() == entryName : fn.isPublic()) {
      if (entry && entryName.empty())
        return fail("the model has several public functions ('" +
                    entry.getSymName() + "', '" + fn.getSymName() +
                    "'); choose one with --entry");
      entry = fn;
    }
  }
  if (!entry)
    return fail(entryName.empty()
                    ? llvm::Twine("the model has no public function to run")
                    : "the model has no function '" + entryName + "'");
  std::string entrySym = entry.getSymName().str();

  // Spiking networks get their time loop first (snn-materialize-time), which
  // appends the run-time arguments num_steps (i64) and dt (f32).
  auto compileStart = std::chrono::steady_clock::now();
  bool hasPopulations = false;
  module->walk([&](Operation *op) {
    if (snn::hasImplicitState(op))
      hasPopulations = true;
  });
  bool wantStats = stats || !statsFile.empty();
  snn::SNNLowerToLLVMOptions lowerOptions;
  lowerOptions.decode = decode;
  lowerOptions.decodeTau = decodeTau;
  // Only decode=trace uses it; elsewhere it stays 0, so that --steps does not
  // change the compiled code (nor the compile cache's key).
  if (decode == "trace")
    lowerOptions.traceSteps = traceSteps > 0 ? traceSteps : numSteps;
  lowerOptions.initialVoltage = initialVoltage;
  lowerOptions.seed = seed;
  lowerOptions.encode = encode;
  lowerOptions.encodeMaxRate = encodeMaxRate;
  lowerOptions.spikeStats = wantStats;
  lowerOptions.resultsToOutParams = true;
  lowerOptions.sinkSynapses = sinkSynapses;
  lowerOptions.deltaMaxPool = deltaMaxPool;
  lowerOptions.winograd = winograd;
  lowerOptions.batchTileBytes = batchTileBytes;
  if (hasPopulations) {
    // The pipeline's own time stage then finds nothing left to do.
    PassManager timePM(&context);
    snn::addSNNTimeStage(timePM, lowerOptions);
    if (failed(timePM.run(*module)))
      return fail("making time explicit in '" + modelFile + "' failed");
  } else if (wantStats) {
    // An ANN: its activations become extra results.
    PassManager exposePM(&context);
    exposePM.addPass(snn::createSNNExposeActivationsPass());
    if (failed(exposePM.run(*module)))
      return fail("exposing the activations of '" + modelFile + "' failed");
  }

  // The entry's arguments: data tensors, then the time arguments.
  enum class ArgKind { Tensor, Steps, Dt };
  SmallVector<ArgKind> argKinds;
  SmallVector<TensorSpec> inputs, results;
  for (auto [i, type] : llvm::enumerate(entry.getArgumentTypes())) {
    if (type.isInteger(64) || type.isIndex()) {
      argKinds.push_back(ArgKind::Steps);
      continue;
    }
    if (type.isF32()) {
      argKinds.push_back(ArgKind::Dt);
      continue;
    }
    FailureOr<TensorSpec> spec =
        getTensorSpec(type, "argument #" + llvm::Twine(i) + " of @" + entrySym);
    if (failed(spec))
      return 1;
    spec->name = "#" + std::to_string(i);
    if (auto name = entry.getArgAttrOfType<StringAttr>(i, "onnx.name"))
      spec->name = name.str();
    inputs.push_back(*spec);
    argKinds.push_back(ArgKind::Tensor);
  }
  bool timed = llvm::is_contained(argKinds, ArgKind::Steps);
  if (timed && numSteps < 1)
    return fail("--steps must be at least 1");
  if (limit.getNumOccurrences() && limit < 0)
    return fail("--limit must be at least 0 (leave it out for all samples)");
  // Options of one decoding, given with another: said, not silently
  // dropped.
  if (decodeTau.getNumOccurrences() && decode != "lowpass")
    llvm::WithColor::warning(llvm::errs(), "snn-run")
        << "--decode-tau applies only to --decode lowpass (the decoding is '"
        << decode << "')\n";
  if (traceSteps.getNumOccurrences() && decode != "trace")
    llvm::WithColor::warning(llvm::errs(), "snn-run")
        << "--trace-steps applies only to --decode trace (the decoding is '"
        << decode << "')\n";
  if (optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3");
  if (emitObject.empty() &&
      (targetCPU.getNumOccurrences() || targetTriple.getNumOccurrences()))
    return fail("--mcpu and --mtriple are options of --emit-object (the JIT "
                "compiles for the host)");
  if (timed && !(dt > 0))
    return fail("--dt must be > 0");
  // Results: the model's own, then (with --stats) the statistics results
  // that the passes above appended, recognized by their attributes.
  SmallVector<StatResult> statResults;
  unsigned numDataResults = 0;
  // Results of decode=trace (`snn.trace`): tensor<steps x (shape)>.
  SmallVector<bool> isTrace;
  for (unsigned i = 0, e = entry.getNumResults(); i < e; ++i)
    isTrace.push_back(bool(entry.getResultAttr(i, "snn.trace")));
  for (auto [i, type] : llvm::enumerate(entry.getResultTypes())) {
    FailureOr<TensorSpec> spec =
        getTensorSpec(type, "result #" + llvm::Twine(i) + " of @" + entrySym);
    if (failed(spec))
      return 1;
    spec->name = "#" + std::to_string(i);
    if (auto name = entry.getResultAttrOfType<StringAttr>(i, "onnx.name"))
      spec->name = name.str();
    results.push_back(*spec);
    StatResult stat;
    stat.index = i;
    if (auto name =
            entry.getResultAttrOfType<StringAttr>(i, "snn.activation")) {
      stat.kind = StatResult::Activation;
      stat.layer = name.str();
      auto axis = entry.getResultAttrOfType<IntegerAttr>(i, "snn.channel_axis");
      if (axis && axis.getInt() >= 1 &&
          axis.getInt() < static_cast<int64_t>(spec->shape.size())) {
        stat.channelAxis = axis.getInt();
        stat.channels = spec->shape[stat.channelAxis];
        for (int64_t d : ArrayRef(spec->shape).drop_front(stat.channelAxis + 1))
          stat.inner *= d;
      }
    } else if (auto name = entry.getResultAttrOfType<StringAttr>(
                   i, "snn.spike_count")) {
      stat.kind = StatResult::SpikeCount;
      stat.layer = name.str();
    } else if (auto name = entry.getResultAttrOfType<StringAttr>(
                   i, "snn.multi_spike_steps")) {
      stat.kind = StatResult::MultiSpikeSteps;
      stat.layer = name.str();
    } else {
      if (!statResults.empty())
        return fail("result #" + llvm::Twine(i) + " of @" + entrySym +
                    " follows the statistics results");
      ++numDataResults;
      continue;
    }
    statResults.push_back(stat);
  }
  if (numDataResults == 0)
    return fail("@" + entrySym + " returns nothing");
  entry->setAttr("llvm.emit_c_interface", UnitAttr::get(&context));

  // Load the data, before lowering: how many calls the workers share
  // decides whether one sample's layers may run on several threads, and so
  // whether the code needs parallel loops (not counted as compile time).
  auto loadStart = std::chrono::steady_clock::now();
  SmallVector<InputData> data;
  int64_t batch = 1, samples = -1;
  bool wholeTensors = false;
  if (emitObject.empty()) {
    if (inputFiles.size() != inputs.size())
      return fail("@" + entrySym + " takes " + llvm::Twine(inputs.size()) +
                  " input(s), but " + llvm::Twine(inputFiles.size()) +
                  " --input file(s) were given");
    // Samples per call: the model's leading (batch) dimension when the data's
    // samples fill it, else 1.
    for (auto [spec, path] : llvm::zip(inputs, inputFiles)) {
      FailureOr<InputData> loaded = StringRef(path).ends_with(".pb")
                                        ? loadTensorProto(path, spec)
                                        : loadNpyInput(path);
      if (failed(loaded))
        return 1;
      int64_t total = spec.numElements();
      int64_t lead = spec.shape.empty() ? 1 : spec.shape.front();
      int64_t thisBatch;
      if (loaded->perSample == total)
        thisBatch = 1;
      else if (loaded->perSample * lead == total)
        thisBatch = lead;
      else
        return fail("'" + path + "' has " + llvm::Twine(loaded->perSample) +
                    " values per sample, but input '" + spec.name + "' takes " +
                    llvm::Twine(total) +
                    (lead > 1 ? " (or " + llvm::Twine(total / lead) +
                                    " per sample of a batch of " +
                                    llvm::Twine(lead) + ")"
                              : llvm::Twine("")));
      if (samples >= 0 && loaded->count != samples)
        return fail("the input files hold different numbers of samples (" +
                    llvm::Twine(samples) + " and " +
                    llvm::Twine(loaded->count) + ")");
      if (!data.empty() && thisBatch != batch)
        return fail("the inputs disagree on the batch size");
      samples = loaded->count;
      batch = thisBatch;
      data.push_back(std::move(*loaded));
    }
    // A model without inputs is run once.
    if (inputs.empty())
      samples = 1;
    wholeTensors = llvm::all_of(inputFiles, [](const std::string &path) {
      return StringRef(path).ends_with(".pb");
    });
    if (limit >= 0 && limit < samples)
      samples = limit;
  }
  auto loadTime = std::chrono::steady_clock::now() - loadStart;
  compileStart += loadTime;
  phaseStart += loadTime;
  // Worker threads, each running whole calls (one sample, or one batch), and
  // the OpenMP threads each gives a sample's layers: by default one worker
  // per core (at most one per call) and the cores they leave to each.
  int64_t numCalls = std::max<int64_t>(1, (samples + batch - 1) / batch);
  unsigned threads = numThreads
                         ? numThreads
                         : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(
      std::max<int64_t>(1, std::min<int64_t>(threads, numCalls)));
  unsigned threadsPerWorker =
      layerThreads > 0
          ? layerThreads.getValue()
          : std::max(1u, std::thread::hardware_concurrency() / threads);
  // Threads inside a layer: parallel loops in the code only when each worker
  // has several threads (run alone they cost ~15 % on ResNet-18 and
  // SqueezeNet at one thread, 2-6 % on a batch of the spiking LeNet-5); an
  // object file gets them whenever more than one thread may run a sample.
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (emitObject.empty() ? threadsPerWorker > 1 : cores > 1 || layerThreads > 1)
    lowerOptions.parallelMinWork = parallelMinWork;

  // Lower to LLVM.
  PassManager pm(&context);
  if (pipeline.empty()) {
    snn::buildSNNLowerToLLVMPipeline(pm, lowerOptions);
  } else {
    // Accept the pipeline with or without its builtin.module(...) anchor, or
    // with the any(...) anchor that --print-pipeline writes (`pm` is
    // op-agnostic). Kept, `any(...)` would nest a pass manager that runs on
    // the module's functions, not on the module: nothing would be lowered.
    StringRef pipelineText = StringRef(pipeline).trim();
    if (pipelineText.consume_front("builtin.module(") ||
        pipelineText.consume_front("any("))
      pipelineText.consume_back(")");
    if (failed(parsePassPipeline(pipelineText, pm, llvm::errs())))
      return fail("invalid lowering pipeline");
  }
  if (printPipeline) {
    pm.printAsTextualPipeline(llvm::outs());
    llvm::outs() << "\n";
  }

  // Lowered code may call MLIR's C runner utilities (e.g. memrefCopy for
  // strided copies).
  SmallVector<StringRef> sharedLibs;
  if (llvm::sys::fs::exists(SNN_MLIR_C_RUNNER_UTILS))
    sharedLibs.push_back(SNN_MLIR_C_RUNNER_UTILS);
  std::string packedSymbol = "_mlir__mlir_ciface_" + entrySym;

  // The compile cache: the key covers the model's bytes and everything the
  // lowering and LLVM are given (the pipeline text carries every pass
  // option); snn_run::cacheKey adds LLVM, this executable and the host CPU.
  bool useCache = !noCache && emitObject.empty();
  std::string cachePath = useCache ? cacheDir.getValue() : "";
  if (useCache && cachePath.empty())
    cachePath = snn_run::defaultCacheDir();
  std::string key, cacheStatus = noCache ? "off (--no-cache)" : "off";
  // The compiled model (its weights) outlives `cached`, which refers to it.
  snn_run::CompiledModel compiled;
  snn_run::LoadedObject cached;
  void (*fn)(void **) = nullptr;
  if (!cachePath.empty()) {
    std::string pipelineText;
    llvm::raw_string_ostream pipelineOS(pipelineText);
    pm.printAsTextualPipeline(pipelineOS);
    std::string optionText = llvm::formatv(
        "decode={0};tau={1};trace={2};v0={3};seed={4};encode={5};rate={6};"
        "spikestats={7};populations={8};stats={9};entry={10};opt={11};"
        "sink={12};delta={13}",
        lowerOptions.decode, lowerOptions.decodeTau, lowerOptions.traceSteps,
        lowerOptions.initialVoltage, lowerOptions.seed, lowerOptions.encode,
        lowerOptions.encodeMaxRate, lowerOptions.spikeStats, hasPopulations,
        wantStats, entrySym, optLevel.getValue(), lowerOptions.sinkSynapses,
        lowerOptions.deltaMaxPool);
    StringRef modelBytes =
        sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())->getBuffer();
    key = snn_run::cacheKey({modelBytes, pipelineText, optionText}, argv[0]);
    endPhase("prepare, cache key");
    auto entryOrErr = snn_run::readEntry(cachePath, key, lookupResource);
    if (!entryOrErr) {
      llvm::WithColor::warning(llvm::errs(), "snn-run")
          << llvm::toString(entryOrErr.takeError()) << "; compiling again\n";
    } else if (*entryOrErr) {
      compiled = std::move(**entryOrErr);
      auto loaded = snn_run::loadObjects(compiled, packedSymbol, sharedLibs);
      if (loaded) {
        cached = std::move(*loaded);
        fn = cached.entry;
        cacheStatus = "hit";
        endPhase("cache read, load");
      } else {
        llvm::WithColor::warning(llvm::errs(), "snn-run")
            << "cannot load cached model " << key << ": "
            << llvm::toString(loaded.takeError()) << "; compiling again\n";
      }
    }
  }

  if (!fn) {
    if (phases.size() < 2)
      endPhase("prepare");
    if (timeCompile)
      pm.enableTiming();
    if (failed(pm.run(*module)))
      return fail("lowering '" + modelFile + "' to LLVM failed");
    endPhase("lowering (MLIR)");
    // O3 and code generation for the host CPU, on several threads
    // (Compile.h); LLVM's vectorizers see the real vector width.
    unsigned threads = compileJobs > 0
                           ? compileJobs.getValue()
                           : std::max(1u, std::thread::hardware_concurrency());
    if (!emitObject.empty())
      threads = 1;
    snn_run::CompileTimes times;
    snn_run::CompileOptions compileOptions;
    compileOptions.threads = threads;
    compileOptions.optLevel = optLevel;
    compileOptions.objectFile = !emitObject.empty();
    if (compileOptions.objectFile) {
      compileOptions.cpu = targetCPU;
      compileOptions.triple = targetTriple;
    }
    auto compiledOrErr = snn_run::compileModule(
        *module, "_mlir_ciface_" + entrySym, compileOptions, &times);
    if (!compiledOrErr)
      return fail((compileOptions.objectFile ? "compilation failed: "
                                             : "JIT compilation failed: ") +
                  llvm::toString(compiledOrErr.takeError()));
    compiled = std::move(*compiledOrErr);
    phases.push_back({"weights aside", times.weights});
    phases.push_back({"translate to LLVM IR", times.translate});
    phases.push_back({"split, bitcode", times.split});
    auto size = [](uint64_t bytes) {
      return bytes >= 1000000 ? llvm::formatv("{0:f1} MB", bytes / 1e6).str()
                              : llvm::formatv("{0:f1} KB", bytes / 1e3).str();
    };
    phases.push_back(
        {llvm::formatv("optimize + codegen: {0} partitions on {1} "
                       "thread(s); opt {2:f2} s + codegen {3:f2} s summed, "
                       "slowest partition {4:f2} s; objects {5}, weights {6} "
                       "({7} external symbols)",
                       times.partitions, threads, times.optimize, times.codegen,
                       times.slowest, size(times.objectBytes),
                       size(compiled.weights.totalBytes()),
                       compiled.weights.list.size())
             .str(),
         times.parallel});
    std::string largest = "  largest functions (LLVM IR instructions):";
    for (const auto &[name, count] : times.largest)
      largest += llvm::formatv(" {0} {1},", name, count).str();
    largest.pop_back();
    phases.push_back({largest, -1.0}); // No time of its own.
    phaseStart = std::chrono::steady_clock::now();
    if (compileOptions.objectFile) {
      std::error_code error;
      llvm::raw_fd_ostream os(emitObject, error, llvm::sys::fs::OF_None);
      if (error)
        return fail("cannot write '" + emitObject + "': " + error.message());
      os << compiled.objects.front();
      os.close();
      if (os.has_error()) {
        os.clear_error();
        return fail("cannot write '" + emitObject + "'");
      }
      endPhase("write");
      double seconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - compileStart)
                           .count();
      printPhases(seconds);
      if (!quiet)
        llvm::outs() << llvm::formatv(
            "wrote {0} ({1:f1} MB, entry _mlir_ciface_{2}, -mcpu={3}) in "
            "{4:f3} s\n",
            emitObject, compiled.objects.front().size() / 1e6, entrySym,
            targetCPU, seconds);
      return 0;
    }
    auto loaded = snn_run::loadObjects(compiled, packedSymbol, sharedLibs);
    if (!loaded)
      return fail("cannot load the compiled model: " +
                  llvm::toString(loaded.takeError()));
    cached = std::move(*loaded);
    fn = cached.entry;
    endPhase("load (JIT link)");
    if (!cachePath.empty()) {
      if (llvm::Error err =
              snn_run::writeEntry(cachePath, key, compiled,
                                  cacheMaxMB * 1024 * 1024, lookupResource))
        llvm::WithColor::warning(llvm::errs(), "snn-run")
            << "cannot store the compiled model in the cache: "
            << llvm::toString(std::move(err)) << "\n";
      else
        cacheStatus = "stored";
      endPhase("cache store");
    }
  }
  double compileSeconds = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - compileStart)
                              .count();
  printPhases(compileSeconds);

  std::vector<int64_t> labels;
  if (!labelsFile.empty()) {
    llvm::Expected<snn::NpyArray> array = snn::readNpyFile(labelsFile);
    if (!array)
      return fail(llvm::toString(array.takeError()));
    if (!array->isInteger() || array->shape.size() != 1)
      return fail("'" + labelsFile + "' must be a 1-D array of integer labels");
    if (array->shape[0] < samples)
      return fail("'" + labelsFile + "' has " + llvm::Twine(array->shape[0]) +
                  " labels for " + llvm::Twine(samples) + " samples");
    for (int64_t i = 0; i < samples; ++i)
      labels.push_back(static_cast<int64_t>(array->getAsDouble(i)));
  }

  // Per-sample result sizes: with a batch, the leading dimension is split.
  if (!labels.empty() && isTrace.front())
    return fail("--labels needs a decoded first output, not --decode trace");
  SmallVector<int64_t> resultPerSample;
  for (auto [spec, trace] : llvm::zip(results, isTrace)) {
    int64_t total = spec.numElements();
    // A trace's batch dimension follows its time dimension.
    ArrayRef<int64_t> dims = spec.shape;
    if (trace)
      dims = dims.drop_front();
    if (batch > 1 && (dims.empty() || dims.front() != batch))
      return fail("the model takes a batch of " + llvm::Twine(batch) +
                  " but result '" + spec.name +
                  "' has no leading dimension of that size");
    resultPerSample.push_back(total / batch);
  }
  // A label no arg-max can equal (negative, or past the classes of the first
  // output) counts as a wrong prediction: said once, with how many.
  if (!labels.empty()) {
    int64_t classes = resultPerSample.front();
    int64_t outside = llvm::count_if(
        labels, [&](int64_t l) { return l < 0 || l >= classes; });
    if (outside)
      llvm::WithColor::warning(llvm::errs(), "snn-run")
          << outside << " of " << labels.size() << " labels in '" << labelsFile
          << "' are outside [0, " << classes
          << "), the classes of the first output; they count as wrong\n";
  }

  // Each worker thread runs whole calls (one sample, or one batch) with its
  // own buffers; results land in `collected` at the sample's offset.
  SmallVector<std::vector<float>> collected(results.size());
  for (auto [i, perSample] : llvm::enumerate(resultPerSample))
    if (i < numDataResults)
      collected[i].resize(samples * perSample);
  std::vector<std::vector<StatAccumulator>> accumulators(
      threads, std::vector<StatAccumulator>(statResults.size()));
  std::atomic<int64_t> nextCall{0}, samplesDone{0};
  // The duration of every model call (seconds), per worker: the median is
  // the steady latency of a warm model (as ONNX Runtime's users time
  // session.run), without the first calls' page faults.
  std::vector<std::vector<double>> callSeconds(threads);

  auto worker = [&](unsigned thread) {
    omp_set_num_threads(static_cast<int>(threadsPerWorker));
    SmallVector<std::vector<float>> inBuffers, outBuffers;
    for (const TensorSpec &spec : inputs)
      inBuffers.emplace_back(spec.numElements(), 0.0f);
    for (const TensorSpec &spec : results)
      outBuffers.emplace_back(spec.numElements(), 0.0f);
    SmallVector<Descriptor> descriptors;
    for (auto [spec, buffer] : llvm::zip(inputs, inBuffers))
      descriptors.emplace_back(buffer.data(), spec.shape);
    for (auto [spec, buffer] : llvm::zip(results, outBuffers))
      descriptors.emplace_back(buffer.data(), spec.shape);
    // The packed call takes a pointer to every C-interface argument: memref
    // descriptors by pointer, scalars by value, outputs last.
    int64_t stepsValue = numSteps;
    float dtValue = static_cast<float>(dt);
    SmallVector<void *> descriptorPtrs;
    for (Descriptor &d : descriptors)
      descriptorPtrs.push_back(d.words.data());
    SmallVector<void *> packedArgs;
    unsigned nextTensor = 0;
    for (ArgKind kind : argKinds) {
      switch (kind) {
      case ArgKind::Tensor:
        packedArgs.push_back(&descriptorPtrs[nextTensor++]);
        break;
      case ArgKind::Steps:
        packedArgs.push_back(&stepsValue);
        break;
      case ArgKind::Dt:
        packedArgs.push_back(&dtValue);
        break;
      }
    }
    for (unsigned i = inputs.size(); i < descriptorPtrs.size(); ++i)
      packedArgs.push_back(&descriptorPtrs[i]);

    std::vector<StatAccumulator> &acc = accumulators[thread];
    for (int64_t call = nextCall++; call < numCalls; call = nextCall++) {
      int64_t first = call * batch;
      int64_t n = std::min(batch, samples - first);
      for (auto [input, buffer] : llvm::zip(data, inBuffers)) {
        std::fill(buffer.begin(), buffer.end(), 0.0f);
        std::memcpy(buffer.data(),
                    input.values.data() + first * input.perSample,
                    n * input.perSample * sizeof(float));
      }
      auto callStart = std::chrono::steady_clock::now();
      fn(packedArgs.data());
      callSeconds[thread].push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                        callStart)
              .count());
      for (unsigned i = 0; i < numDataResults; ++i) {
        if (!isTrace[i] || batch == 1) {
          std::copy(outBuffers[i].begin(),
                    outBuffers[i].begin() + n * resultPerSample[i],
                    collected[i].begin() + first * resultPerSample[i]);
          continue;
        }
        // A trace of a batch is [steps][batch][rest]: sample k's steps are
        // gathered from every step's slice.
        int64_t steps = results[i].shape.front();
        int64_t rest = resultPerSample[i] / steps;
        for (int64_t k = 0; k < n; ++k)
          for (int64_t t = 0; t < steps; ++t)
            std::copy_n(outBuffers[i].begin() + (t * batch + k) * rest, rest,
                        collected[i].begin() +
                            (first + k) * resultPerSample[i] + t * rest);
      }
      for (auto [stat, a] : llvm::zip(statResults, acc)) {
        const std::vector<float> &out = outBuffers[stat.index];
        int64_t count = n * resultPerSample[stat.index];
        for (int64_t k = 0; k < count; ++k) {
          float v = out[k];
          if (stat.kind == StatResult::SpikeCount) {
            a.spikes += v;
            continue;
          }
          if (stat.kind == StatResult::MultiSpikeSteps) {
            a.multiSteps += v;
            continue;
          }
          a.sum += v;
          a.max = std::max<double>(a.max, v);
          a.positive += v > 0;
          // The value's channel (the batch is the leading dimension).
          int64_t c = (k / stat.inner) % stat.channels;
          if (a.values.empty()) {
            a.values.resize(stat.channels);
            a.channelMax.assign(stat.channels, -INFINITY);
          }
          a.channelMax[c] = std::max<double>(a.channelMax[c], v);
          // Keep every value while there is room, then every k-th.
          int64_t stride = 1 + a.seen / static_cast<int64_t>(kMaxStatValues);
          if (a.seen % stride == 0 && a.numValues < 2 * kMaxStatValues) {
            a.values[c].push_back(v);
            ++a.numValues;
          }
          ++a.seen;
        }
      }
      samplesDone += n;
    }
  };

  bool showProgress =
      !noProgress && llvm::sys::Process::StandardErrIsDisplayed();
  auto runStart = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         runStart)
        .count();
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(worker, t);
  if (showProgress && threads > 1) {
    // The main thread draws the progress bar while the others work.
    std::thread last(worker, 0);
    while (samplesDone < samples) {
      drawProgress(samplesDone, samples, elapsed());
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    last.join();
  } else {
    worker(0);
  }
  for (std::thread &t : pool)
    t.join();
  double runSeconds = elapsed();
  if (showProgress) {
    drawProgress(samples, samples, runSeconds);
    llvm::errs() << "\n";
  }

  int64_t correct = 0;
  if (!labels.empty()) {
    int64_t classes = resultPerSample.front();
    for (int64_t s = 0; s < samples; ++s) {
      const float *row = collected.front().data() + s * classes;
      int64_t best = std::max_element(row, row + classes) - row;
      correct += best == labels[s];
    }
  }

  for (auto [i, path] : llvm::enumerate(outputFiles)) {
    if (i >= numDataResults)
      return fail("more --output files than model results (" +
                  llvm::Twine(numDataResults) + ")");
    SmallVector<int64_t> shape;
    // TensorProto inputs (or none) are one whole model call: the outputs keep
    // the model's shape.
    if (wholeTensors)
      shape.assign(results[i].shape.begin(), results[i].shape.end());
    else {
      shape.push_back(samples);
      ArrayRef<int64_t> dims = results[i].shape;
      // A trace: [samples, steps, ...] with the rest as below.
      if (isTrace[i]) {
        shape.push_back(dims.front());
        dims = dims.drop_front();
      }
      // Drop the model's leading batch (or singleton) dimension.
      if (!dims.empty() && (batch > 1 || dims.front() == 1))
        dims = dims.drop_front();
      shape.append(dims.begin(), dims.end());
    }
    if (llvm::Error error = snn::writeNpyF32File(path, shape, collected[i]))
      return fail(llvm::toString(std::move(error)));
  }

  if (!quiet) {
    llvm::outs() << "model: " << modelFile << " (@" << entrySym << ")\n";
    llvm::outs() << llvm::format("samples: %lld, batch: %lld\n",
                                 static_cast<long long>(samples),
                                 static_cast<long long>(batch));
    if (timed)
      llvm::outs() << llvm::format("steps: %lld, dt: %g s\n",
                                   static_cast<long long>(numSteps),
                                   dt.getValue());
    llvm::outs() << llvm::format("compile: %.3f s, run: %.3f s, "
                                 "throughput: %.1f samples/s\n",
                                 compileSeconds, runSeconds,
                                 runSeconds > 0 ? samples / runSeconds : 0.0);
    std::vector<double> calls;
    for (const std::vector<double> &perWorker : callSeconds)
      calls.insert(calls.end(), perWorker.begin(), perWorker.end());
    if (!calls.empty()) {
      double first = callSeconds.front().empty() ? calls.front()
                                                 : callSeconds.front().front();
      auto mid = calls.begin() + calls.size() / 2;
      std::nth_element(calls.begin(), mid, calls.end());
      llvm::outs() << llvm::format(
          "call latency: median %.1f us over %zu calls (first %.1f us)\n",
          *mid * 1e6, calls.size(), first * 1e6);
    }
    llvm::outs() << "cache: " << cacheStatus;
    if (!key.empty() && cacheStatus != "off")
      llvm::outs() << " (" << cachePath << ", " << key << ")";
    llvm::outs() << "\n";
    if (!labels.empty())
      llvm::outs() << llvm::format(
          "accuracy: %.2f%% (%lld/%lld)\n",
          100.0 * correct / std::max<int64_t>(samples, 1),
          static_cast<long long>(correct), static_cast<long long>(samples));
    if (threads > 1)
      llvm::outs() << "threads: " << threads << "\n";
  }
  if (wantStats &&
      failed(reportStats(statResults, accumulators, results, resultPerSample,
                         samples, timed ? numSteps.getValue() : 0)))
    return 1;
  return 0;
}
