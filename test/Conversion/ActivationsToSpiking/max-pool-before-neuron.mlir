// max-pool=before-neuron: a ReLU whose only (live) use is a max pool,
// through transposes as the importer writes NCHW pooling, moves after the
// pool (relu(max(x)) = max(relu(x))) and becomes the neuron there; a ReLU
// with another use stays before the pool.
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="max-pool=before-neuron" | FileCheck %s
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="max-pool=after-neuron" | FileCheck %s --check-prefix=AFTER

// CHECK-LABEL: func.func @pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>)
// CHECK-NEXT: %[[P:.+]] = tosa.max_pool2d %[[X]]
// CHECK-NEXT: %[[S:.+]] = snn.if %[[P]] {initial_voltage = 5.000000e-01 : f64, rectify = false} : tensor<1x2x2x2xf32>
// CHECK-NEXT: %[[T:.+]] = tosa.transpose %[[S]]
// CHECK-NEXT: return %[[T]]
// AFTER-LABEL: func.func @pool
// AFTER: snn.if %{{.*}} : tensor<1x4x4x2xf32>
// AFTER: tosa.max_pool2d
func.func @pool(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  %r = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("relu1")
  %dead = tosa.transpose %r {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %p = tosa.max_pool2d %r {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %t = tosa.transpose %p {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %t : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @two_uses
// CHECK: snn.if %{{.*}} : tensor<1x4x4x2xf32>
// CHECK: tosa.max_pool2d
func.func @two_uses(%x: tensor<1x4x4x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32>) {
  %r = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %p = tosa.max_pool2d %r {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %p, %r : tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32>
}
