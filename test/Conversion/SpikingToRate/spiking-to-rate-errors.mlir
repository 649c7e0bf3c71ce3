// --convert-spiking-to-rate: snn.izhikevich and snn.if with reset = "zero"
// have no rate model. It is an error
// naming the op, or with keep-unsupported a warning, and the op stays.
// RUN: snn-opt %s --split-input-file --verify-diagnostics --convert-spiking-to-rate
// RUN: snn-opt %s --convert-spiking-to-rate=keep-unsupported 2>&1 | FileCheck %s
// RUN: not snn-opt %s --convert-spiking-to-rate=sigma=-1 2>&1 | FileCheck %s --check-prefix=SIGMA

// CHECK: warning: 'snn.izhikevich' op has no rate model; left spiking
// CHECK: warning: 'snn.if' op with reset = "zero" has no rate model; left spiking
// CHECK-LABEL: func.func @izhikevich
// CHECK: snn.izhikevich
// CHECK: snn.lif_rate
// SIGMA: error: convert-spiking-to-rate: option 'sigma' must be >= 0, got -1
func.func @izhikevich(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.izhikevich' op has no rate model; convert-spiking-to-rate cannot replace it (keep-unsupported=true leaves it spiking)}}
  %0 = snn.izhikevich %x : tensor<4xf32>
  %1 = snn.lif %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// An IF that resets to zero has no rate model (its rate depends on dt).
// CHECK-LABEL: func.func @if_reset_zero
// CHECK: snn.if %{{.*}} {reset = "zero"}
func.func @if_reset_zero(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.if' op with reset = "zero" has no rate model; convert-spiking-to-rate cannot replace it (keep-unsupported=true leaves it spiking)}}
  %0 = snn.if %x {reset = "zero"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
