// max-pool=count: every tosa.max_pool2d whose input depends on a spiking
// population (through any ops) becomes snn.count_max_pool2d with the same
// windows and location; a pool of the input (before any neuron) stays, and
// so do the pools of rate neurons. after-neuron keeps every tosa.max_pool2d.
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="max-pool=count" | FileCheck %s
// count is the default of the general pass; --convert-activations-to-lif
// keeps the ANN's max pools (the thesis's NengoDL code).
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking | FileCheck %s
// RUN: snn-opt %s --split-input-file --convert-activations-to-lif | FileCheck %s --check-prefix=AFTER
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="max-pool=after-neuron" | FileCheck %s --check-prefix=AFTER
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="neuron=lif-rate max-pool=count" | FileCheck %s --check-prefix=RATE
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="neuron=lif max-pool=count" | FileCheck %s --check-prefix=LIF
// RUN: not snn-opt %s --split-input-file --convert-activations-to-spiking="max-pool=sideways" 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: error: convert-activations-to-spiking: unknown max-pool 'sideways' (expected after-neuron, before-neuron or count)

// CHECK-LABEL: func.func @pools
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x8x2xf32>)
// CHECK-NEXT: %[[P0:.+]] = tosa.max_pool2d %[[X]]
// CHECK-NEXT: %[[S:.+]] = snn.if %[[P0]]
// CHECK-NEXT: %[[P1:.+]] = snn.count_max_pool2d %[[S]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: %[[N:.+]] = tosa.add %[[P1]], %[[P1]]
// CHECK-NEXT: %[[P2:.+]] = snn.count_max_pool2d %[[N]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x1x1x2xf32>
// CHECK-NEXT: return %[[P2]]
// AFTER-LABEL: func.func @pools
// AFTER-NOT: count_max_pool2d
// AFTER-COUNT-3: tosa.max_pool2d
// RATE-LABEL: func.func @pools
// RATE: snn.lif_rate
// RATE-NOT: count_max_pool2d
// LIF-LABEL: func.func @pools
// LIF: snn.lif
// LIF-COUNT-2: snn.count_max_pool2d
func.func @pools(%x: tensor<1x8x8x2xf32>) -> tensor<1x1x1x2xf32> {
  %p0 = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x2xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %p0 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("relu1")
  %p1 = tosa.max_pool2d %r {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %n = tosa.add %p1, %p1 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %p2 = tosa.max_pool2d %n {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x1x1x2xf32>
  return %p2 : tensor<1x1x1x2xf32>
}
