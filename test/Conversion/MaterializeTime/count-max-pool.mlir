// snn.count_max_pool2d in the time loop: its counts (input shape) and last
// maximum (output shape) are loop-carried states starting at 0; one step is
// counts + input, max_pool2d of the counts, minus the last maximum.
// RUN: snn-opt %s --snn-materialize-time | FileCheck %s
// RUN: snn-opt %s --snn-materialize-time=state=external | FileCheck %s --check-prefix=EXTERNAL
// The lowering runs it (test/Execution/count-max-pool.test checks the values).
// RUN: snn-opt %s --snn-materialize-time | snn-opt --snn-lower-to-llvm | FileCheck %s --check-prefix=LLVM
// LLVM: llvm.func @net

// CHECK-LABEL: func.func @net
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>, %[[STEPS:.+]]: i64, %[[DT:.+]]: f32) -> tensor<1x2x2x2xf32>
// CHECK-DAG: %[[V0:.+]] = arith.constant dense<5.000000e-01> : tensor<1x4x4x2xf32>
// CHECK-DAG: %[[Z4:.+]] = arith.constant dense<0.000000e+00> : tensor<1x4x4x2xf32>
// CHECK-DAG: %[[Z2:.+]] = arith.constant dense<0.000000e+00> : tensor<1x2x2x2xf32>
// CHECK: scf.for {{.*}} iter_args(%[[V:.+]] = %[[V0]], %[[C:.+]] = %[[Z4]], %[[M:.+]] = %[[Z2]], %[[SUM:.+]] = %[[Z2]])
// CHECK: %[[S:.+]], %[[V1:.+]] = snn.if_step %[[X]], %[[V]], dt %[[DT]] {rectify = false}
// CHECK: %[[C1:.+]] = tosa.add %[[C]], %[[S]] : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK: %[[M1:.+]] = tosa.max_pool2d %[[C1]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK: %[[OUT:.+]] = tosa.sub %[[M1]], %[[M]] : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[OUT]] : tensor<1x2x2x2xf32>)
// CHECK: scf.yield %[[V1]], %[[C1]], %[[M1]], %{{.+}}

// With state=external the states are arguments and results named after the
// population; the IF's voltage carries its starting value.
// EXTERNAL-LABEL: func.func @net
// EXTERNAL-SAME: %{{.+}}: tensor<1x4x4x2xf32> {snn.initial_value = 5.000000e-01 : f64, snn.state = "relu/voltage"}
// EXTERNAL-SAME: %{{.+}}: tensor<1x4x4x2xf32> {snn.state = "pool/count"}
// EXTERNAL-SAME: %{{.+}}: tensor<1x2x2x2xf32> {snn.state = "pool/max"}
// EXTERNAL-SAME: -> (tensor<1x2x2x2xf32>, tensor<1x4x4x2xf32> {snn.state = "relu/voltage"}, tensor<1x4x4x2xf32> {snn.state = "pool/count"}, tensor<1x2x2x2xf32> {snn.state = "pool/max"})
func.func @net(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  %s = snn.if %x {rectify = false, initial_voltage = 0.5 : f64} : tensor<1x4x4x2xf32> loc("relu")
  %p = snn.count_max_pool2d %s {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> loc("pool")
  return %p : tensor<1x2x2x2xf32>
}
