// --snn-delta-max-pool (after --snn-materialize-time): a convolution of the
// max pool of a filter's output reads the pool's change e = m - a * m_prev
// and accumulates y = a * y_prev + conv(e), a = exp(-dt / tau) computed as
// the filter's step computes it, m_prev and y_prev carried by the time loop
// (starting at 0), the bias added to y. A pool of unfiltered spikes, and a
// convolution whose weights change in the loop, are left alone.
//
// RUN: snn-opt %s --snn-materialize-time --snn-delta-max-pool="min-width=16" | FileCheck %s
//
// Convolutions narrower than min-width (default 32, the pipeline passes
// skip-zeros-min-width: narrower rows are dense, the zeros would not be
// skipped) are left alone; so are functions with external state (the
// caller carries the state from call to call, while the values the pass
// adds to the loop would restart at 0 on every call).
// RUN: snn-opt %s --snn-materialize-time --snn-delta-max-pool | FileCheck %s --check-prefix=KEPT
// RUN: snn-opt %s --snn-materialize-time="state=external" --snn-delta-max-pool="min-width=16" | FileCheck %s --check-prefix=KEPT
// KEPT-LABEL: func.func @pooled(
// KEPT-NOT:   math.exp
// KEPT:       %[[M:.+]] = tosa.max_pool2d
// KEPT-NOT:   math.exp
// KEPT:       tosa.conv2d %[[M]],
// KEPT-NOT:   math.exp
// KEPT:       return

// CHECK-LABEL: func.func @pooled(
// CHECK-SAME:      %{{.+}}: tensor<1x4x4x8xf32>, %{{.+}}: i64, %[[DT:.+]]: f32)
// CHECK:         %[[Z:.+]] = arith.constant dense<0.000000e+00> : tensor<1x2x2x8xf32>
// CHECK:         %[[ZY:.+]] = arith.constant dense<0.000000e+00> : tensor<1x2x2x16xf32>
// CHECK:         scf.for {{.*}} iter_args({{.*}}, %[[MP:.+]] = %[[Z]], %[[YP:.+]] = %[[ZY]])
// CHECK:           %[[F:.+]] = snn.lowpass_step %{{.+}}, %{{.+}}, dt %[[DT]] {tau = 2.000000e-03 : f64}
// CHECK:           %[[M:.+]] = tosa.max_pool2d %[[F]]
// CHECK:           %[[TAU:.+]] = arith.constant 2.000000e-03 : f32
// CHECK:           %[[NEG:.+]] = arith.negf %[[DT]] : f32
// CHECK:           %[[Q:.+]] = arith.divf %[[NEG]], %[[TAU]] : f32
// CHECK:           %[[A:.+]] = math.exp %[[Q]] : f32
// CHECK:           %[[E:.+]] = linalg.generic {{.*}} ins(%[[M]], %[[MP]] :
// CHECK:           %[[C:.+]] = tosa.conv2d %[[E]], %{{.+}}, %[[ZB:[^,]+]],
// CHECK:           %[[Y:.+]] = linalg.generic {{.*}} ins(%[[C]], %[[YP]] :
// CHECK:           %[[B:.+]] = tosa.reshape %{{.+}}, %{{.+}} : (tensor<16xf32>, !tosa.shape<4>) -> tensor<1x1x1x16xf32>
// CHECK:           %[[R:.+]] = tosa.add %[[Y]], %[[B]]
// CHECK:           scf.yield {{.*}}, %[[M]], %[[Y]] :
func.func @pooled(%x: tensor<1x4x4x8xf32>) -> tensor<1x2x2x16xf32> {
  %s = snn.if %x : tensor<1x4x4x8xf32>
  %f = snn.lowpass %s {tau = 0.002 : f64} : tensor<1x4x4x8xf32>
  %m = tosa.max_pool2d %f {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>) -> tensor<1x2x2x8xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<16x1x1x8xf32>}> : () -> tensor<16x1x1x8xf32>
  %b = "tosa.const"() <{values = dense<1.5> : tensor<16xf32>}> : () -> tensor<16xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %m, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x8xf32>, tensor<16x1x1x8xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x16xf32>
  return %y : tensor<1x2x2x16xf32>
}

// CHECK-LABEL: func.func @left_alone(
// CHECK-NOT:     math.exp
// CHECK:         %[[M1:.+]] = tosa.max_pool2d %{{.+}} : (tensor<1x4x4x8xf32>)
// CHECK-NOT:     math.exp
// CHECK:         tosa.conv2d %[[M1]],
// CHECK-NOT:     math.exp
// CHECK:         %[[M2:.+]] = tosa.max_pool2d %{{.+}} : (tensor<1x4x4x8xf32>)
// CHECK-NOT:     math.exp
// CHECK:         tosa.conv2d %[[M2]],
// CHECK-NOT:     math.exp
// CHECK:         return
func.func @left_alone(%x: tensor<1x4x4x8xf32>, %v: tensor<16x1x1x8xf32>) -> (tensor<1x2x2x16xf32>, tensor<1x2x2x16xf32>) {
  %s = snn.if %x : tensor<1x4x4x8xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<16x1x1x8xf32>}> : () -> tensor<16x1x1x8xf32>
  %b = "tosa.const"() <{values = dense<1.5> : tensor<16xf32>}> : () -> tensor<16xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // Spikes pooled without a filter.
  %m1 = tosa.max_pool2d %s {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>) -> tensor<1x2x2x8xf32>
  %y1 = tosa.conv2d %m1, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x8xf32>, tensor<16x1x1x8xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x16xf32>
  // Weights that change from step to step (filtered spikes of their own).
  %f = snn.lowpass %s {tau = 0.002 : f64} : tensor<1x4x4x8xf32>
  %m2 = tosa.max_pool2d %f {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>) -> tensor<1x2x2x8xf32>
  %vs = snn.if %v : tensor<16x1x1x8xf32>
  %y2 = tosa.conv2d %m2, %vs, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x8xf32>, tensor<16x1x1x8xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x16xf32>
  return %y1, %y2 : tensor<1x2x2x16xf32>, tensor<1x2x2x16xf32>
}
