// --convert-spiking-to-rate: spiking populations become their rate models
// with the same parameters; rate ops, synapses and step forms stay.
// RUN: snn-opt %s --split-input-file --convert-spiking-to-rate | FileCheck %s
// RUN: snn-opt %s --split-input-file --convert-spiking-to-rate=sigma=0.02 | FileCheck %s --check-prefix=SOFT
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking --convert-spiking-to-rate | FileCheck %s --check-prefix=ROUNDTRIP

// CHECK-LABEL: func.func @lif
// CHECK-SAME: (%[[X:.+]]: tensor<1x84xf32>)
// CHECK-NEXT: %[[R:.+]] = snn.lif_rate %[[X]] {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.000000e+00 : f64, tau_rc = 5.000000e-02 : f64, tau_ref = 1.000000e-03 : f64} : tensor<1x84xf32>
// CHECK-NEXT: %[[D:.+]] = snn.lif_rate %[[R]] : tensor<1x84xf32>
// CHECK-NEXT: return %[[D]]
// SOFT-LABEL: func.func @lif
// SOFT-NEXT: %[[R:.+]] = snn.soft_lif_rate %{{.+}} {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.000000e+00 : f64, sigma = 2.000000e-02 : f64, tau_rc = 5.000000e-02 : f64, tau_ref = 1.000000e-03 : f64} : tensor<1x84xf32>
// SOFT-NEXT: snn.soft_lif_rate %[[R]] {sigma = 2.000000e-02 : f64} : tensor<1x84xf32>
func.func @lif(%x: tensor<1x84xf32>) -> tensor<1x84xf32> {
  %0 = snn.lif %x {amplitude = 0.01 : f64, gain = 2.0 : f64, bias = 1.0 : f64, tau_rc = 0.05 : f64, tau_ref = 0.001 : f64, min_voltage = -1.0 : f64} : tensor<1x84xf32>
  %1 = snn.lif %0 : tensor<1x84xf32>
  return %1 : tensor<1x84xf32>
}

// -----

// A plain snn.if is exactly a ReLU: the importer's clamp.
// CHECK-LABEL: func.func @if_plain
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[R:.+]] = tosa.clamp %[[X]] {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @if_plain(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = snn.if %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// amplitude * max(gain * x + bias, 0) = max(amplitude * gain * x +
// amplitude * bias, 0).
// CHECK-LABEL: func.func @if_gain_bias
// CHECK-SAME: (%[[X:.+]]: tensor<1x4xf32>)
// CHECK-NEXT: %[[SCALE:.+]] = "tosa.const"() <{values = dense<2.000000e+00> : tensor<1x1xf32>}>
// CHECK-NEXT: %[[SHIFT:.+]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// CHECK-NEXT: %[[M:.+]] = tosa.mul %[[X]], %[[SCALE]], %[[SHIFT]]
// CHECK-NEXT: %[[OFFSET:.+]] = "tosa.const"() <{values = dense<-5.000000e-01> : tensor<1x1xf32>}>
// CHECK-NEXT: %[[A:.+]] = tosa.add %[[M]], %[[OFFSET]]
// CHECK-NEXT: %[[R:.+]] = tosa.clamp %[[A]] {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32}
// CHECK: return %[[R]]
func.func @if_gain_bias(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = snn.if %x {amplitude = 0.5 : f64, gain = 4.0 : f64, bias = -1.0 : f64} : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Only a scale (no bias), in f16 with a dynamic dimension.
// CHECK-LABEL: func.func @if_scale_f16
// CHECK: %[[SCALE:.+]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1xf16>}>
// CHECK: %[[M:.+]] = tosa.mul %{{.+}}, %[[SCALE]], %{{.+}} : (tensor<?x8xf16>, tensor<1x1xf16>, tensor<1xi8>) -> tensor<?x8xf16>
// CHECK-NOT: tosa.add
// CHECK: tosa.clamp %[[M]] {max_val = 6.550400e+04 : f16, min_val = 0.000000e+00 : f16}
func.func @if_scale_f16(%x: tensor<?x8xf16>) -> tensor<?x8xf16> {
  %0 = snn.if %x {amplitude = 0.5 : f64} : tensor<?x8xf16>
  return %0 : tensor<?x8xf16>
}

// -----

// Rate ops, synapses and step forms are left alone.
// CHECK-LABEL: func.func @others
// CHECK: snn.lif_rate
// CHECK: snn.soft_lif_rate
// CHECK: snn.lowpass
// CHECK: snn.lif_step
func.func @others(%x: tensor<4xf32>, %v: tensor<4xf32>, %r: tensor<4xf32>, %dt: f32) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = snn.lif_rate %x : tensor<4xf32>
  %1 = snn.soft_lif_rate %0 : tensor<4xf32>
  %2 = snn.lowpass %1 : tensor<4xf32>
  %3, %4, %5 = snn.lif_step %2, %v, %r, dt %dt : tensor<4xf32>
  return %2, %3 : tensor<4xf32>, tensor<4xf32>
}

// -----

// --convert-activations-to-spiking (IF, the default) and back gives the
// importer's ReLU again.
// ROUNDTRIP-LABEL: func.func @roundtrip
// ROUNDTRIP-NEXT: tosa.clamp %{{.+}} {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32} : (tensor<1x10xf32>) -> tensor<1x10xf32>
// ROUNDTRIP-NEXT: return
func.func @roundtrip(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x10xf32>) -> tensor<1x10xf32> loc("relu1")
  return %0 : tensor<1x10xf32>
}

// -----

// Without rectification (reset subtract) the rate under a constant current
// is the same ReLU.
// CHECK-LABEL: func.func @if_no_rectify
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[R:.+]] = tosa.clamp %[[X]] {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @if_no_rectify(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = snn.if %x {rectify = false} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// snn.count_max_pool2d's mean output is the maximum of its inputs' means: a
// tosa.max_pool2d with the same windows.
// CHECK-LABEL: func.func @count_max_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>)
// CHECK-NEXT: %[[P:.+]] = tosa.max_pool2d %[[X]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: return %[[P]]
func.func @count_max_pool(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}
