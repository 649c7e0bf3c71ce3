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

//--- net.mlir
func.func @net(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("relu1")
  %1 = tosa.maximum %0, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc(fused["relu3", "other"])
  return %2 : tensor<4xf32>
}

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
