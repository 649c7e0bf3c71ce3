// Data-based normalization: --convert-activations-to-spiking{neuron=if
// normalize=FILE} reads the activation statistics of `snn-run --stats-file`
// and gives each IF population gain * s, bias * s and amplitude / s with
// s = normalize-rate / (gain * p + bias), p the layer's normalize-percentile
// value. Unnamed activations are matched by position ("activation<i>"); a
// layer whose rate at p is not positive keeps its parameters.
// RUN: rm -rf %t && split-file %s %t
//
// Defaults (percentile 99.9, rate 1000, gain 1, bias 0): relu1 p = 4 gives
// s = 250, activation1 p = 8 gives s = 125, relu3 p = 0 keeps s = 1.
// RUN: snn-opt %t/net.mlir "--convert-activations-to-spiking=neuron=if normalize=%t/stats.json" | FileCheck %s --check-prefix=DEF
// DEF-LABEL: func.func @net
// DEF: %[[A:.+]] = snn.if %{{.+}} {amplitude = 4.000000e-03 : f64, gain = 2.500000e+02 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false} : tensor<4xf32>
// DEF-NEXT: %[[B:.+]] = snn.if %[[A]] {amplitude = 8.000000e-03 : f64, gain = 1.250000e+02 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false} : tensor<4xf32>
// DEF-NEXT: %[[C:.+]] = snn.if %[[B]] {initial_voltage = 5.000000e-01 : f64, rectify = false} : tensor<4xf32>
// DEF-NEXT: return %[[C]]
//
// The if neuron is the default; percentile 99 and rate 100: relu1 p = 2 gives
// s = 50, activation1 p = 0.5 gives s = 200.
// RUN: snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats.json normalize-percentile=99 normalize-rate=100" | FileCheck %s --check-prefix=P99
// P99: snn.if %{{.+}} {amplitude = 2.000000e-02 : f64, gain = 5.000000e+01 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// P99-NEXT: snn.if %{{.+}} {amplitude = 5.000000e-03 : f64, gain = 2.000000e+02 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// P99-NEXT: snn.if %{{.+}} {initial_voltage = 5.000000e-01 : f64, rectify = false} : tensor<4xf32>
//
// Percentile 100 (the maximum).
// RUN: snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats.json normalize-percentile=100" | FileCheck %s --check-prefix=P100
// P100: snn.if %{{.+}} {amplitude = 5.000000e-03 : f64, gain = 2.000000e+02 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// P100-NEXT: snn.if %{{.+}} {amplitude = 1.000000e-02 : f64, gain = 1.000000e+02 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// P100-NEXT: snn.if %{{.+}} {amplitude = 1.000000e-03 : f64, gain = 1.000000e+03 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
//
// Explicit gain 2 and bias 1: rates 2p + 1 = 9, 17 and 1 at p = 4, 8, 0, so
// s = 1000/9, 1000/17 and 1000.
// RUN: snn-opt %t/net.mlir "--convert-activations-to-spiking=gain=2 bias=1 normalize=%t/stats.json" | FileCheck %s --check-prefix=GB
// GB: snn.if %{{.+}} {amplitude = {{9.000000e-03|0.0089999999[0-9]*}} : f64, bias = 111.11111{{[0-9]*}} : f64, gain = 222.22222{{[0-9]*}} : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// GB-NEXT: snn.if %{{.+}} {amplitude = 1.700000e-02 : f64, bias = 58.823529{{[0-9]*}} : f64, gain = 117.64705{{[0-9]*}} : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// GB-NEXT: snn.if %{{.+}} {amplitude = 1.000000e-03 : f64, bias = 1.000000e+03 : f64, gain = 2.000000e+03 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
//
// max-rate 400 and intercept 0.25 (gain 1600/3, bias -400/3): relu1's rate at
// p = 4 is 2000, s = 0.5; activation1's is 4133.33, s = 0.2419...; relu3's is
// negative: unchanged.
// RUN: snn-opt %t/net.mlir "--convert-activations-to-spiking=max-rate=400 intercept=0.25 normalize=%t/stats.json" | FileCheck %s --check-prefix=RANGE
// RANGE: snn.if %{{.+}} {amplitude = {{2.000000e\+00|2.0000000000000[0-9]*|1.9999999999999[0-9]*}} : f64, bias = -66.666666{{[0-9]*}} : f64, gain = 266.66666{{[0-9]*}} : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// RANGE-NEXT: snn.if %{{.+}} {amplitude = 4.1333333{{[0-9]*}} : f64, bias = -32.258064{{[0-9]*}} : f64, gain = 129.03225{{[0-9]*}} : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// RANGE-NEXT: snn.if %{{.+}} {bias = -133.33333{{[0-9]*}} : f64, gain = 533.33333{{[0-9]*}} : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
//
// A skipped activation needs no statistics (stats-no-relu3.json has none for
// relu3); the others are still normalized.
// RUN: snn-opt %t/net.mlir "--convert-activations-to-spiking=skip=relu3 normalize=%t/stats-no-relu3.json" | FileCheck %s --check-prefix=SKIP
// SKIP: snn.if %{{.+}} {amplitude = 4.000000e-03 : f64, gain = 2.500000e+02 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// SKIP-NEXT: snn.if %{{.+}} {amplitude = 8.000000e-03 : f64, gain = 1.250000e+02 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// SKIP-NEXT: tosa.clamp
//
// normalize-per-channel: a scale per channel from the file's per-channel
// percentiles (channel_axis 3 of the NHWC conv output: p = 4, 0.5, 0 give
// s = 250, 2000 and, for the silent channel, the layer's 1000 / 2 = 500),
// applied by tosa.mul before the neuron (gain * s; and tosa.add of bias * s)
// and tosa.mul by 1 / s after it; the neuron keeps amplitude 1, gain 1 and
// bias 0. The rank-1 activations of @net have no channel axis and keep the
// layer scale.
// RUN: snn-opt %t/conv.mlir "--convert-activations-to-spiking=normalize=%t/channels.json normalize-per-channel=true" | FileCheck %s --check-prefix=PC
// PC-LABEL: func.func @conv
// PC: %[[G:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.500000e+02, 2.000000e+03, 5.000000e+02]]]]> : tensor<1x1x1x3xf32>}>
// PC: %[[M:.+]] = tosa.mul %{{.+}}, %[[G]], %{{.+}} : (tensor<1x2x2x3xf32>, tensor<1x1x1x3xf32>, tensor<1xi8>) -> tensor<1x2x2x3xf32>
// PC-NEXT: %[[S:.+]] = snn.if %[[M]] {initial_voltage = 5.000000e-01 : f64, rectify = false} : tensor<1x2x2x3xf32>
// PC: %[[A:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}4.000000e-03, 5.000000e-04, 2.000000e-03]]]]> : tensor<1x1x1x3xf32>}>
// PC: tosa.mul %[[S]], %[[A]], %{{.+}} : (tensor<1x2x2x3xf32>, tensor<1x1x1x3xf32>, tensor<1xi8>) -> tensor<1x2x2x3xf32>
// With a bias (gain 2, bias 1: rates 9, 2 and 1 at p = 4, 0.5 and 0) a
// tosa.add of bias * s follows the tosa.mul of gain * s.
// RUN: snn-opt %t/conv.mlir "--convert-activations-to-spiking=gain=2 bias=1 normalize=%t/channels.json normalize-per-channel=true" | FileCheck %s --check-prefix=PCB
// PCB: "tosa.const"() <{values = dense<{{\[\[\[\[}}222.22222{{[0-9]*}}, 1.000000e+03, 2.000000e+03]]]]> : tensor<1x1x1x3xf32>}>
// PCB: tosa.mul
// PCB: "tosa.const"() <{values = dense<{{\[\[\[\[}}111.11111{{[0-9]*}}, 5.000000e+02, 1.000000e+03]]]]> : tensor<1x1x1x3xf32>}>
// PCB: tosa.add
// PCB-NEXT: snn.if
// PCB: tosa.mul
// RUN: snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats.json normalize-per-channel=true" | FileCheck %s --check-prefix=DEF
// Per-channel errors: a file without per-channel percentiles (an older
// snn-run), one of another model, one without the percentile.
// RUN: not snn-opt %t/conv.mlir "--convert-activations-to-spiking=normalize=%t/channels-none.json normalize-per-channel=true" 2>&1 | FileCheck %s --check-prefix=PC-NONE
// PC-NONE: error: {{.*}}normalization: activation 'relu' has no per-channel statistics in '{{.*}}channels-none.json' (rerun snn-run --stats-file, which writes them, or convert with normalize-per-channel=false)
// RUN: not snn-opt %t/conv.mlir "--convert-activations-to-spiking=normalize=%t/channels-other.json normalize-per-channel=true" 2>&1 | FileCheck %s --check-prefix=PC-OTHER
// PC-OTHER: error: {{.*}}normalization: activation 'relu' has 2 channels on axis 3 in the statistics, but its tensor has 3 on axis 3 (statistics of another model?)
// RUN: not snn-opt %t/conv.mlir "--convert-activations-to-spiking=normalize=%t/channels.json normalize-per-channel=true normalize-percentile=99" 2>&1 | FileCheck %s --check-prefix=PC-PCT
// PC-PCT: error: convert-activations-to-spiking: option 'normalize': '{{.*}}channels.json': layer 'relu' has no per-channel 99th percentile (see option 'normalize-percentile')
//
// Errors.
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: convert-activations-to-spiking: option 'normalize': cannot read '{{.*}}missing.json': No such file or directory
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/invalid.json" 2>&1 | FileCheck %s --check-prefix=INVALID
// INVALID: error: convert-activations-to-spiking: option 'normalize': '{{.*}}invalid.json' is not valid JSON:
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/spikes.json" 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: convert-activations-to-spiking: option 'normalize': '{{.*}}spikes.json': not an activation statistics file (format 'snn-activation-stats', written by snn-run --stats-file on an ANN)
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats.json normalize-percentile=90" 2>&1 | FileCheck %s --check-prefix=NOPCT
// NOPCT: error: convert-activations-to-spiking: option 'normalize': '{{.*}}stats.json': layer 'relu1' has no 90th percentile (see option 'normalize-percentile')
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats-no-relu3.json" 2>&1 | FileCheck %s --check-prefix=NOSTATS
// NOSTATS: error: {{.*}}normalization: no statistics for activation 'relu3' in '{{.*}}stats-no-relu3.json' (run snn-run --stats-file on the same ANN, or name the activation in skip)
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats-no-unnamed.json" 2>&1 | FileCheck %s --check-prefix=NOSTATS1
// NOSTATS1: error: {{.*}}normalization: no statistics for activation 'activation1' in '{{.*}}stats-no-unnamed.json'
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=neuron=lif normalize=%t/stats.json" 2>&1 | FileCheck %s --check-prefix=LIF
// LIF: error: convert-activations-to-spiking: option 'normalize' needs neuron 'if' (its rate is linear in the current), got 'lif'
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats.json scale-firing-rates=10" 2>&1 | FileCheck %s --check-prefix=SCALE
// SCALE: error: convert-activations-to-spiking: options 'normalize' and 'scale-firing-rates' exclude each other: normalization sets a scale per layer
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats.json normalize-percentile=0" 2>&1 | FileCheck %s --check-prefix=PCT0
// PCT0: error: convert-activations-to-spiking: option 'normalize-percentile' must be in (0, 100], got 0
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats.json normalize-percentile=100.5" 2>&1 | FileCheck %s --check-prefix=PCT101
// PCT101: error: convert-activations-to-spiking: option 'normalize-percentile' must be in (0, 100], got 100.5
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats.json normalize-rate=0" 2>&1 | FileCheck %s --check-prefix=RATE0
// RATE0: error: convert-activations-to-spiking: option 'normalize-rate' must be > 0, got 0
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize=%t/stats.json normalize-rate=-5" 2>&1 | FileCheck %s --check-prefix=RATENEG
// RATENEG: error: convert-activations-to-spiking: option 'normalize-rate' must be > 0, got -5
// The percentile and the rate without 'normalize': an error, not ignored.
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize-percentile=99" 2>&1 | FileCheck %s --check-prefix=NO-FILE-PCT
// NO-FILE-PCT: error: convert-activations-to-spiking: option 'normalize-percentile' applies only with option 'normalize' (the activation statistics of snn-run --stats-file)
// RUN: not snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize-rate=2000" 2>&1 | FileCheck %s --check-prefix=NO-FILE-RATE
// NO-FILE-RATE: error: convert-activations-to-spiking: option 'normalize-rate' applies only
// Their defaults (as a printed pipeline spells them) pass, and so does
// normalize-per-channel, a mode of the normalization that shared option
// strings may carry.
// RUN: snn-opt %t/net.mlir "--convert-activations-to-spiking=normalize-percentile=99.9 normalize-rate=1000 normalize-per-channel=false" -o /dev/null

//--- net.mlir
func.func @net(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("relu1")
  %1 = tosa.maximum %0, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc(fused["relu3", "other"])
  return %2 : tensor<4xf32>
}

//--- conv.mlir
func.func @conv(%x: tensor<1x2x2x3xf32>, %w: tensor<3x1x1x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x2x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x3xf32>, tensor<3x1x1x3xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> loc("relu")
  return %r : tensor<1x2x2x3xf32>
}

//--- channels.json
{"format": "snn-activation-stats", "version": 1, "layers": [
  {"name": "relu", "percentiles": [[99, 1.0], [99.9, 2.0]],
   "channel_axis": 3, "channels": 3,
   "channel_percentiles": [[99.9, [4.0, 0.5, 0.0]]]}
]}

//--- channels-none.json
{"format": "snn-activation-stats", "version": 1, "layers": [
  {"name": "relu", "percentiles": [[99.9, 2.0]]}
]}

//--- channels-other.json
{"format": "snn-activation-stats", "version": 1, "layers": [
  {"name": "relu", "percentiles": [[99.9, 2.0]],
   "channel_axis": 3, "channels": 2,
   "channel_percentiles": [[99.9, [4.0, 0.5]]]}
]}

//--- stats.json
{"format": "snn-activation-stats", "version": 1, "layers": [
  {"name": "relu1", "percentiles": [[50, 1.0], [99, 2.0], [99.9, 4.0], [100, 5.0]]},
  {"name": "activation1", "percentiles": [[99, 0.5], [99.9, 8], [100, 10]]},
  {"name": "relu3", "percentiles": [[99, 0.0], [99.9, 0.0], [100, 1.0]]},
  {"name": "unused", "percentiles": [[99, 3.0], [99.9, 3.0], [100, 3.0]]}
]}

//--- stats-no-relu3.json
{"format": "snn-activation-stats", "layers": [
  {"name": "relu1", "percentiles": [[99.9, 4.0]]},
  {"name": "activation1", "percentiles": [[99.9, 8.0]]}
]}

//--- stats-no-unnamed.json
{"format": "snn-activation-stats", "layers": [
  {"name": "relu1", "percentiles": [[99.9, 4.0]]},
  {"name": "relu3", "percentiles": [[99.9, 4.0]]}
]}

//--- invalid.json
{"format": "snn-activation-stats", "layers": [

//--- spikes.json
{"format": "snn-spike-stats", "layers": []}
