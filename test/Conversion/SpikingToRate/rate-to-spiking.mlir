// RUN: snn-opt %s --convert-rate-to-spiking --split-input-file | FileCheck %s
// RUN: snn-opt %s --convert-rate-to-spiking="min-voltage=-1.0" --split-input-file | FileCheck %s --check-prefix=MINV
// RUN: snn-opt %s --convert-rate-to-spiking --split-input-file --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// SoftLIFRate (trained) becomes spiking LIF with the same parameters; sigma
// is dropped.
// CHECK-LABEL: func.func @soft_lif_rate
// CHECK-SAME: (%[[X:.+]]: tensor<1x84xf32>)
// CHECK-NEXT: %[[S:.+]] = snn.lif %[[X]] {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.033000e+00 : f64, tau_rc = 5.000000e-02 : f64} : tensor<1x84xf32>
// CHECK-NEXT: return %[[S]]
// MINV-LABEL: func.func @soft_lif_rate
// MINV: snn.lif %{{.+}} {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.033000e+00 : f64, min_voltage = -1.000000e+00 : f64, tau_rc = 5.000000e-02 : f64}
func.func @soft_lif_rate(%x: tensor<1x84xf32>) -> tensor<1x84xf32> {
  %0 = snn.soft_lif_rate %x {sigma = 0.02 : f64, amplitude = 0.01 : f64, gain = 2.033 : f64, bias = 1.0 : f64, tau_rc = 0.05 : f64} : tensor<1x84xf32>
  return %0 : tensor<1x84xf32>
}

// -----

// CHECK-LABEL: func.func @lif_rate
// CHECK-NEXT: %[[S:.+]] = snn.lif %{{.+}} {tau_ref = 1.000000e-03 : f64} : tensor<2x3xf32>
// CHECK-NEXT: return %[[S]]
func.func @lif_rate(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = snn.lif_rate %x {tau_ref = 0.001 : f64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Spiking ops and other ops are left alone; locations are kept.
// CHECK-LABEL: func.func @mixed
// CHECK: snn.if %{{.+}} : tensor<4xf32>
// CHECK: snn.lif %{{.+}} : tensor<4xf32>
// LOC-LABEL: func.func @mixed
// LOC: snn.lif %{{.+}} : tensor<4xf32> loc(#[[L:.+]])
// LOC: #[[L]] = loc("act1")
// CHECK-NOT: snn.lif_rate
func.func @mixed(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = snn.if %x : tensor<4xf32>
  %1 = snn.lif_rate %0 : tensor<4xf32> loc("act1")
  return %1 : tensor<4xf32>
}
