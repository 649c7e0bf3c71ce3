// RUN: not snn-opt %s --convert-rate-to-spiking="min-voltage=0.5" 2>&1 | FileCheck %s --check-prefix=MINV
// MINV: error: convert-rate-to-spiking: option 'min-voltage' must be <= 0, got 0.5

// RUN: snn-opt %s --convert-rate-to-spiking --verify-diagnostics --split-input-file

// A scalar rate op (as in a lowered loop body) has no population form.
func.func @scalar(%x: f32) -> f32 {
  // expected-error @+1 {{'snn.soft_lif_rate' op on 'f32' has no spiking population form (tensors only)}}
  %0 = snn.soft_lif_rate %x : f32
  return %0 : f32
}
