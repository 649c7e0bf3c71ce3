// --convert-activations-to-spiking: each neuron model with its defaults and
// options, the shared options (scale-firing-rates, synapse, skip), and the
// skip-list warning. The lossy activations and their remarks are in
// activations-to-spiking-remarks.mlir.
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking | FileCheck %s --check-prefix=IF
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="if-integration=rectified initial-voltage=0" | FileCheck %s --check-prefix=IFNENGO
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking=neuron=lif | FileCheck %s --check-prefix=LIF
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking=neuron=lif-rate | FileCheck %s --check-prefix=LIFRATE
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="neuron=soft-lif-rate sigma=0.02" | FileCheck %s --check-prefix=SOFT
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking=neuron=izhikevich | FileCheck %s --check-prefix=IZH
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="neuron=izhikevich tau-recovery=0.1 coupling=0.25 reset-voltage=-55 reset-recovery=4 gain=10 bias=2" | FileCheck %s --check-prefix=IZHOPT
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="max-rate=400 intercept=0.25" | FileCheck %s --check-prefix=IFRANGE
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="scale-firing-rates=100" | FileCheck %s --check-prefix=IFSCALE
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="neuron=lif scale-firing-rates=2 synapse=0.01" | FileCheck %s --check-prefix=LIFSCALE
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="skip=relu_b,relu_c,nothere" | FileCheck %s --check-prefix=SKIP
// RUN: snn-opt %s --convert-activations-to-spiking="skip=relu_b,nothere" 2>&1 >/dev/null | FileCheck %s --check-prefix=SKIPWARN
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="activations=sigmoid" | FileCheck %s --check-prefix=SIGONLY

// IF-LABEL: func.func @relu
// IF-SAME: (%[[X:.+]]: tensor<1x6x28x28xf32>)
// The default IF is the conversion-grade one: signed integration from half
// the threshold.
// IF-NEXT: %[[S:.+]] = snn.if %[[X]] {initial_voltage = 5.000000e-01 : f64, rectify = false} : tensor<1x6x28x28xf32>
// IF-NEXT: return %[[S]]
// Nengo's SpikingRectifiedLinear from 0 (the default before issue 11): the
// op's defaults, no attributes.
// IFNENGO-LABEL: func.func @relu
// IFNENGO-SAME: (%[[X:.+]]: tensor<1x6x28x28xf32>)
// IFNENGO-NEXT: %[[S:.+]] = snn.if %[[X]] : tensor<1x6x28x28xf32>
// IFNENGO-NEXT: return %[[S]]
// LIF-LABEL: func.func @relu
// LIF-NEXT: snn.lif %{{.+}} {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.03324478{{[0-9]*}} : f64} : tensor<1x6x28x28xf32>
// LIFRATE-LABEL: func.func @relu
// LIFRATE-NEXT: snn.lif_rate %{{.+}} {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.03324478{{[0-9]*}} : f64} : tensor<1x6x28x28xf32>
// SOFT-LABEL: func.func @relu
// SOFT-NEXT: snn.soft_lif_rate %{{.+}} {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.03324478{{[0-9]*}} : f64, sigma = 2.000000e-02 : f64} : tensor<1x6x28x28xf32>
// IZH-LABEL: func.func @relu
// IZH-NEXT: snn.izhikevich %{{.+}} : tensor<1x6x28x28xf32>
// IZHOPT-LABEL: func.func @relu
// IZHOPT-NEXT: snn.izhikevich %{{.+}} {bias = 2.000000e+00 : f64, coupling = 2.500000e-01 : f64, gain = 1.000000e+01 : f64, reset_recovery = 4.000000e+00 : f64, reset_voltage = -5.500000e+01 : f64, tau_recovery = 1.000000e-01 : f64}
// IFRANGE-LABEL: func.func @relu
// IFRANGE-NEXT: snn.if %{{.+}} {bias = -133.33333{{[0-9]*}} : f64, gain = 533.33333{{[0-9]*}} : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// IFSCALE-LABEL: func.func @relu
// IFSCALE-NEXT: snn.if %{{.+}} {amplitude = 1.000000e-02 : f64, gain = 1.000000e+02 : f64, initial_voltage = 5.000000e-01 : f64, rectify = false}
// LIFSCALE-LABEL: func.func @relu
// LIFSCALE-NEXT: %[[S:.+]] = snn.lif %{{.+}} {amplitude = 5.000000e-03 : f64, bias = 2.000000e+00 : f64, gain = 4.06648956{{[0-9]*}} : f64}
// LIFSCALE-NEXT: %[[F:.+]] = snn.lowpass %[[S]] {tau = 1.000000e-02 : f64}
// LIFSCALE-NEXT: return %[[F]]
// SIGONLY-LABEL: func.func @relu
// SIGONLY-NEXT: tosa.clamp
func.func @relu(%x: tensor<1x6x28x28xf32>) -> tensor<1x6x28x28xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x6x28x28xf32>) -> tensor<1x6x28x28xf32>
  return %0 : tensor<1x6x28x28xf32>
}

// -----

// skip: activations whose NameLoc (also inside a fused location) is listed
// stay non-spiking; the others are converted.
// SKIP-LABEL: func.func @skip
// SKIP: %[[A:.+]] = snn.if
// SKIP: %[[B:.+]] = tosa.clamp %[[A]]
// SKIP: %[[C:.+]] = tosa.maximum %[[B]]
// SKIP: %[[D:.+]] = snn.if %[[C]]
// SKIP: return %[[D]]
// (SKIPWARN runs on the whole file as one module.)
// SKIPWARN: warning: skip name 'nothere' matches no activation selected for conversion
// SKIPWARN-NOT: skip name 'relu_b'
func.func @skip(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("relu_a")
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("relu_b")
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %2 = tosa.maximum %1, %zero : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32> loc(fused["relu_c", "block1"])
  %3 = tosa.clamp %2 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("relu_d")
  return %3 : tensor<4xf32>
}

// -----

// Every neuron model gets its own op; the dynamic batch dimension is kept.
// LIF-LABEL: func.func @dynamic
// LIF-NEXT: snn.lif %{{.+}} {{.*}} : tensor<?x10xf32>
// IZH-LABEL: func.func @dynamic
// IZH-NEXT: snn.izhikevich %{{.+}} : tensor<?x10xf32>
func.func @dynamic(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}
