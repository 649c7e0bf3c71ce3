// --snn-materialize-time on snn.delay (a ring buffer threaded through the
// loop) and with decode=trace (every step's output in a new leading
// dimension). Their numbers are checked by test/Execution/delay-trace.mlir.
// RUN: snn-opt %s --snn-materialize-time | FileCheck %s
// RUN: snn-opt %s --snn-materialize-time="decode=trace trace-steps=5" | FileCheck %s --check-prefix=TRACE
// RUN: snn-opt %s --snn-materialize-time="state=external initial-voltage=zero" | FileCheck %s --check-prefix=EXTERNAL

// A delay of N steps: slot t mod N of a tensor<N x shape> buffer (zeros at
// first) is read where the op was, and its input is written into the same
// slot at the end of the step, after every read of the output.
// CHECK-LABEL: func.func @delay(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %{{.*}}: i64, %[[DT:.*]]: f32) -> tensor<2x3xf32>
// CHECK-DAG: %[[ZB:.*]] = arith.constant dense<0.000000e+00> : tensor<4x2x3xf32>
// CHECK: %[[L:.*]]:5 = scf.for %[[T:.*]] = %{{.*}} iter_args(%[[V:.*]] = %{{.*}}, %[[BUF:.*]] = %[[ZB]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}})
// CHECK: %[[S:[a-z0-9_]+]], %{{.*}} = snn.if_step %[[X]], %[[V]]
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[SLOT:.*]] = arith.remui %[[T]], %[[C4]] : index
// CHECK: %[[OLD:.*]] = tensor.extract_slice %[[BUF]][%[[SLOT]], 0, 0] [1, 2, 3] [1, 1, 1] : tensor<4x2x3xf32> to tensor<2x3xf32>
// CHECK: snn.lif_step %[[OLD]]
// CHECK: %[[NEW:.*]] = tensor.insert_slice %[[S]] into %[[BUF]][%[[SLOT]], 0, 0] [1, 2, 3] [1, 1, 1] : tensor<2x3xf32> into tensor<4x2x3xf32>
// CHECK-NEXT: scf.yield %{{.*}}, %[[NEW]], %{{.*}}, %{{.*}}, %{{.*}} :
func.func @delay(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = snn.if %x : tensor<2x3xf32>
  %d = snn.delay %s {steps = 4 : i64} : tensor<2x3xf32> loc("d1")
  %l = snn.lif %d : tensor<2x3xf32>
  return %l : tensor<2x3xf32>
}

// External state: the buffer is a state variable named "<population>/buffer".
// EXTERNAL-LABEL: func.func @delay(
// EXTERNAL-SAME: %{{.*}}: tensor<2x3xf32> {snn.state = "population0/voltage"}, %{{.*}}: tensor<4x2x3xf32> {snn.state = "d1/buffer"},
// EXTERNAL-SAME: -> (tensor<2x3xf32>, tensor<2x3xf32> {snn.state = "population0/voltage"}, tensor<4x2x3xf32> {snn.state = "d1/buffer"},

// Trace: tensor<5 x shape> results marked snn.trace; step t < 5 writes slice
// t (tensor.insert for a scalar result); the result that does not depend on
// a population is unchanged.
// TRACE-LABEL: func.func @trace(
// TRACE-SAME: %[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: f32, %{{.*}}: i64, %{{.*}}: f32) -> (tensor<5x3xf32> {snn.trace}, tensor<5xf32> {snn.trace}, f32)
// TRACE: %[[L:.*]]:3 = scf.for %[[T:.*]] = %{{.*}} iter_args(%{{.*}} = %{{.*}}, %[[TR:.*]] = %{{.*}}, %[[TS:.*]] = %{{.*}})
// TRACE: %[[S:[a-z0-9_]+]], %{{.*}} = snn.if_step
// TRACE: %[[E:.*]] = tensor.extract %[[S]]
// TRACE: %[[C5:.*]] = arith.constant 5 : index
// TRACE: %[[IN:.*]] = arith.cmpi ult, %[[T]], %[[C5]] : index
// TRACE: scf.if %[[IN]] -> (tensor<5x3xf32>) {
// TRACE:   tensor.insert_slice %[[S]] into %[[TR]][%[[T]], 0] [1, 3] [1, 1] : tensor<3xf32> into tensor<5x3xf32>
// TRACE: } else {
// TRACE:   scf.yield %[[TR]] : tensor<5x3xf32>
// TRACE: tensor.insert %[[E]] into %[[TS]][%[[T]]] : tensor<5xf32>
// TRACE: return %[[L]]#1, %[[L]]#2, %[[Y]] : tensor<5x3xf32>, tensor<5xf32>, f32
func.func @trace(%x: tensor<3xf32>, %y: f32) -> (tensor<3xf32>, f32, f32) {
  %s = snn.if %x : tensor<3xf32>
  %c0 = arith.constant 0 : index
  %e = tensor.extract %s[%c0] : tensor<3xf32>
  return %s, %e, %y : tensor<3xf32>, f32, f32
}

// The pipeline forwards trace-steps to its time stage.
// RUN: snn-opt %s --snn-lower-to-llvm="decode=trace trace-steps=7" --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPELINE
// PIPELINE: snn-materialize-time{decode=trace {{.*}}trace-steps=7}

// A feedback delay is a ring buffer like snn.delay: read where the delay op
// was, written with the snn.feedback_input's operand at the end of the step;
// the snn.feedback_input is gone.
// CHECK-LABEL: func.func @feedback(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %{{.*}}: i64, %{{.*}}: f32) -> tensor<2x3xf32>
// CHECK-DAG: %[[ZB:.*]] = arith.constant dense<0.000000e+00> : tensor<2x2x3xf32>
// CHECK: scf.for %[[T:.*]] = %{{.*}} iter_args(%[[BUF:.*]] = %[[ZB]], %[[V:.*]] = %{{.*}}, %[[R:.*]] = %{{.*}}, %{{.*}} = %{{.*}})
// CHECK: %[[SLOT:.*]] = arith.remui %[[T]], %{{.*}} : index
// CHECK: %[[OLD:.*]] = tensor.extract_slice %[[BUF]][%[[SLOT]], 0, 0] [1, 2, 3] [1, 1, 1] : tensor<2x2x3xf32> to tensor<2x3xf32>
// CHECK: %[[SUM:.*]] = tosa.add %[[X]], %[[OLD]]
// CHECK: %[[S:[a-z0-9_]+]], %{{.*}}, %{{.*}} = snn.lif_step %[[SUM]], %[[V]], %[[R]]
// CHECK-NOT: snn.feedback_input
// CHECK: %[[NEW:.*]] = tensor.insert_slice %[[S]] into %[[BUF]][%[[SLOT]], 0, 0] [1, 2, 3] [1, 1, 1] : tensor<2x3xf32> into tensor<2x2x3xf32>
// CHECK-NEXT: scf.yield %[[NEW]], %{{.*}}, %{{.*}}, %{{.*}} :
func.func @feedback(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %f = snn.feedback_delay {steps = 2 : i64} : tensor<2x3xf32>
  %sum = tosa.add %x, %f : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %s = snn.lif %sum : tensor<2x3xf32>
  snn.feedback_input %f, %s : tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}
