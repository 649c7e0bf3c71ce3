// --convert-activations-to-lif: every ReLU form of the importer becomes
// snn.lif with the thesis's defaults (amplitude 0.01; max rate 100 Hz and
// intercept 0, i.e. gain 2.0332..., bias 1); other activations stay unless
// selected; options change the parameters.
// RUN: snn-opt %s --split-input-file --convert-activations-to-lif | FileCheck %s
// RUN: snn-opt %s --split-input-file --convert-activations-to-lif --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC
// RUN: snn-opt %s --split-input-file --convert-activations-to-lif="tau-rc=0.05 tau-ref=0.001 min-voltage=-1 amplitude=0.1" | FileCheck %s --check-prefix=PARAMS
// RUN: snn-opt %s --split-input-file --convert-activations-to-lif="max-rate=200 intercept=-0.5" | FileCheck %s --check-prefix=RANGE
// RUN: snn-opt %s --split-input-file --convert-activations-to-lif="gain=3 bias=0.5" | FileCheck %s --check-prefix=GAINBIAS
// RUN: snn-opt %s --split-input-file --convert-activations-to-lif="scale-firing-rates=10" | FileCheck %s --check-prefix=SCALE
// RUN: snn-opt %s --split-input-file --convert-activations-to-lif="synapse=0.005" | FileCheck %s --check-prefix=SYN

// The importer's Relu: a clamp to [0, FLT_MAX].
// CHECK-LABEL: func.func @relu_clamp
// CHECK-SAME: (%[[X:.+]]: tensor<1x84xf32>)
// CHECK-NEXT: %[[S:.+]] = snn.lif %[[X]] {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.03324478{{[0-9]*}} : f64} : tensor<1x84xf32>
// CHECK-NEXT: return %[[S]]
// LOC-LABEL: func.func @relu_clamp
// LOC: snn.lif {{.*}} loc(#[[RELU1:.+]])
// LOC: #[[RELU1]] = loc("relu1")
// PARAMS-LABEL: func.func @relu_clamp
// PARAMS: snn.lif %{{.+}} {amplitude = 1.000000e-01 : f64, bias = 1.000000e+00 : f64, gain = 5.07054746{{[0-9]*}} : f64, min_voltage = -1.000000e+00 : f64, tau_rc = 5.000000e-02 : f64, tau_ref = 1.000000e-03 : f64}
// RANGE-LABEL: func.func @relu_clamp
// RANGE: snn.lif %{{.+}} {amplitude = 1.000000e-02 : f64, bias = 3.05972066{{[0-9]*}} : f64, gain = 4.11944132{{[0-9]*}} : f64}
// GAINBIAS-LABEL: func.func @relu_clamp
// GAINBIAS: snn.lif %{{.+}} {amplitude = 1.000000e-02 : f64, bias = 5.000000e-01 : f64, gain = 3.000000e+00 : f64}
// SCALE-LABEL: func.func @relu_clamp
// SCALE: snn.lif %{{.+}} {amplitude = 1.000000e-03 : f64, bias = 1.000000e+01 : f64, gain = 20.3324478{{[0-9]*}} : f64}
// SYN-LABEL: func.func @relu_clamp
// SYN-NEXT: %[[S:.+]] = snn.lif %{{.+}} : tensor<1x84xf32>
// SYN-NEXT: %[[F:.+]] = snn.lowpass %[[S]] : tensor<1x84xf32>
// SYN-NEXT: return %[[F]]
func.func @relu_clamp(%x: tensor<1x84xf32>) -> tensor<1x84xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x84xf32>) -> tensor<1x84xf32> loc("relu1")
  return %0 : tensor<1x84xf32>
}

// -----

// An infinite upper bound is a ReLU too, in f16 as in f32.
// CHECK-LABEL: func.func @relu_clamp_inf
// CHECK: snn.lif %{{.+}} : tensor<2x3xf16>
// CHECK-NOT: tosa.clamp
func.func @relu_clamp_inf(%x: tensor<2x3xf16>) -> tensor<2x3xf16> {
  %0 = tosa.clamp %x {min_val = 0.0 : f16, max_val = 0x7C00 : f16} : (tensor<2x3xf16>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// CHECK-LABEL: func.func @relu_clamp_f16_max
// CHECK: snn.lif %{{.+}} : tensor<4xf16>
func.func @relu_clamp_f16_max(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = tosa.clamp %x {min_val = 0.0 : f16, max_val = 65504.0 : f16} : (tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// ReLU as tosa.maximum with a splat zero, either operand order; the zero
// constant goes once unused.
// CHECK-LABEL: func.func @relu_maximum
// CHECK-SAME: (%[[X:.+]]: tensor<1x16xf32>)
// CHECK-NOT: tosa.const
// CHECK: %[[A:.+]] = snn.lif %[[X]]
// CHECK: %[[B:.+]] = snn.lif %[[A]]
// CHECK: return %[[B]]
func.func @relu_maximum(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1xf32>} : () -> tensor<1x1xf32>
  %0 = tosa.maximum %x, %zero : (tensor<1x16xf32>, tensor<1x1xf32>) -> tensor<1x16xf32>
  %1 = tosa.maximum %zero, %0 : (tensor<1x1xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %1 : tensor<1x16xf32>
}

// -----

// ReLU as arith.maximumf with zero.
// CHECK-LABEL: func.func @relu_arith
// CHECK-NOT: arith.constant
// CHECK: %[[S:.+]] = snn.lif %{{.+}} : tensor<8xf32>
// CHECK-NEXT: return %[[S]]
func.func @relu_arith(%x: tensor<8xf32>) -> tensor<8xf32> {
  %zero = arith.constant dense<0.0> : tensor<8xf32>
  %0 = arith.maximumf %x, %zero : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// Not ReLUs, or not selected by default: left alone.
// CHECK-LABEL: func.func @not_relu
// CHECK-NOT: snn.
// CHECK: tosa.clamp %{{.+}} {max_val = 6.000000e+00 : f32, min_val = 0.000000e+00 : f32}
// CHECK: tosa.clamp %{{.+}} {max_val = 3.40282347E+38 : f32, min_val = 1.000000e+00 : f32}
// CHECK: tosa.maximum
// CHECK: tosa.sigmoid
// CHECK: tosa.tanh
// CHECK: tosa.clamp %{{.+}} {max_val = 127 : i8, min_val = 0 : i8}
func.func @not_relu(%x: tensor<4xf32>, %i: tensor<4xi8>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi8>) {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = tosa.clamp %x {min_val = 1.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %half = "tosa.const"() {values = dense<0.5> : tensor<1xf32>} : () -> tensor<1xf32>
  %2 = tosa.maximum %x, %half : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  %3 = tosa.sigmoid %x : (tensor<4xf32>) -> tensor<4xf32>
  %4 = tosa.tanh %x : (tensor<4xf32>) -> tensor<4xf32>
  %5 = tosa.clamp %i {min_val = 0 : i8, max_val = 127 : i8} : (tensor<4xi8>) -> tensor<4xi8>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi8>
}

// -----

// A maximum whose zero broadcasts the input to a larger shape is no
// element-wise ReLU of that input.
// CHECK-LABEL: func.func @relu_broadcast
// CHECK-NOT: snn.lif
// CHECK: tosa.maximum
func.func @relu_broadcast(%x: tensor<1x1xf32>) -> tensor<1x8xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x8xf32>} : () -> tensor<1x8xf32>
  %0 = tosa.maximum %x, %zero : (tensor<1x1xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// A LeNet-like body: each ReLU between the layers becomes a LIF population,
// the layers stay.
// CHECK-LABEL: func.func @mlp
// CHECK: tosa.matmul
// CHECK-NEXT: snn.lif
// CHECK-NEXT: tosa.matmul
// CHECK-NEXT: snn.lif
// CHECK-NEXT: return
func.func @mlp(%x: tensor<1x4x8xf32>, %w1: tensor<1x8x16xf32>, %w2: tensor<1x16x4xf32>) -> tensor<1x4x4xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = tosa.matmul %x, %w1, %zp, %zp : (tensor<1x4x8xf32>, tensor<1x8x16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x16xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x16xf32>) -> tensor<1x4x16xf32> loc("relu1")
  %2 = tosa.matmul %1, %w2, %zp, %zp : (tensor<1x4x16xf32>, tensor<1x16x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4xf32>
  %3 = tosa.clamp %2 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32> loc("relu2")
  return %3 : tensor<1x4x4xf32>
}
