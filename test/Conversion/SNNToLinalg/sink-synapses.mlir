// --snn-sink-synapses: each snn.lowpass moves past the linear, time-invariant
// TOSA ops that read it, so that convolutions and matrix products read
// spikes; a bias is added after the filter; a filter read by several ops is
// copied for each. Non-linear ops (max pool), time-varying weights, a
// non-zero padding value, a convolution of a grouped convolution's concat
// and sums of differently filtered values keep their filtered inputs.
//
// RUN: snn-opt %s --split-input-file --snn-sink-synapses | FileCheck %s

// CHECK-LABEL: func.func @conv_bias(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x4x4x2xf32>
// CHECK:         %[[S:.+]] = snn.if %[[X]]
// CHECK:         %[[Z:.+]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<3xf32>}>
// CHECK:         %[[C:.+]] = tosa.conv2d %[[S]], %{{.+}}, %[[Z]],
// CHECK:         %[[F:.+]] = snn.lowpass %[[C]] {tau = 2.000000e-03 : f64} : tensor<1x4x4x3xf32>
// CHECK:         %[[B:.+]] = tosa.reshape %{{.+}}, %{{.+}} : (tensor<3xf32>, !tosa.shape<4>) -> tensor<1x1x1x3xf32>
// CHECK:         %[[Y:.+]] = tosa.add %[[F]], %[[B]]
// CHECK:         return %[[Y]]
func.func @conv_bias(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %s = snn.if %x : tensor<1x4x4x2xf32>
  %f = snn.lowpass %s {tau = 0.002 : f64} : tensor<1x4x4x2xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<3x3x3x2xf32>}> : () -> tensor<3x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %f, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// A zero bias adds nothing. The filter goes through the transpose and
// reshape before the matrix product; the max pool keeps its own filter.
// CHECK-LABEL: func.func @chain_and_two_uses(
// CHECK:         %[[S:.+]] = snn.if
// CHECK-DAG:     %[[KEEP:.+]] = snn.lowpass %[[S]] {tau = 1.000000e-03 : f64} : tensor<1x2x2x4xf32>
// CHECK-DAG:     %[[P:.+]] = tosa.max_pool2d %[[KEEP]]
// CHECK-DAG:     %[[T:.+]] = tosa.transpose %[[S]]
// CHECK-DAG:     %[[R:.+]] = tosa.reshape %[[T]]
// CHECK-DAG:     %[[M:.+]] = tosa.matmul %[[R]],
// CHECK-DAG:     %[[MF:.+]] = snn.lowpass %[[M]] {tau = 1.000000e-03 : f64} : tensor<1x1x5xf32>
// CHECK-NOT:     snn.lowpass
// CHECK-NOT:     tosa.add
// CHECK:         return %[[MF]], %[[P]]
func.func @chain_and_two_uses(%x: tensor<1x2x2x4xf32>) -> (tensor<1x1x5xf32>, tensor<1x1x1x4xf32>) {
  %s = snn.if %x : tensor<1x2x2x4xf32>
  %f = snn.lowpass %s {tau = 0.001 : f64} : tensor<1x2x2x4xf32>
  %t = tosa.transpose %f {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x4xf32>) -> tensor<1x4x2x2xf32>
  %shape = tosa.const_shape {values = dense<[1, 1, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %r = tosa.reshape %t, %shape : (tensor<1x4x2x2xf32>, !tosa.shape<3>) -> tensor<1x1x16xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<1x16x5xf32>}> : () -> tensor<1x16x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %r, %w, %zp, %zp : (tensor<1x1x16xf32>, tensor<1x16x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5xf32>
  %p = tosa.max_pool2d %f {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4xf32>) -> tensor<1x1x1x4xf32>
  return %m, %p : tensor<1x1x5xf32>, tensor<1x1x1x4xf32>
}

// -----

// Sums of values filtered alike become one filter of the sum; a constant
// factor and zero padding let the filter through.
// CHECK-LABEL: func.func @sums(
// CHECK:         %[[A:.+]] = snn.if %arg0
// CHECK:         %[[B:.+]] = snn.if %arg1
// CHECK:         %[[ADD:.+]] = tosa.add %[[A]], %[[B]]
// CHECK:         %[[MUL:.+]] = tosa.mul %[[ADD]], %{{.+}}, %{{.+}}
// CHECK:         %[[PAD:.+]] = tosa.pad %[[MUL]]
// CHECK:         %[[F:.+]] = snn.lowpass %[[PAD]] : tensor<10xf32>
// CHECK-NOT:     snn.lowpass
// CHECK:         return %[[F]]
func.func @sums(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<10xf32> {
  %a = snn.if %x : tensor<8xf32>
  %b = snn.if %y : tensor<8xf32>
  %fa = snn.lowpass %a {tau = 0.005 : f64} : tensor<8xf32>
  %fb = snn.lowpass %b {tau = 0.005 : f64} : tensor<8xf32>
  %sum = tosa.add %fa, %fb : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %c = "tosa.const"() <{values = dense<3.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %mul = tosa.mul %sum, %c, %shift : (tensor<8xf32>, tensor<8xf32>, tensor<1xi8>) -> tensor<8xf32>
  %padding = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %pad = tosa.pad %mul, %padding, %zero : (tensor<8xf32>, !tosa.shape<2>, tensor<1xf32>) -> tensor<10xf32>
  return %pad : tensor<10xf32>
}

// -----

// What stays: a sum of differently filtered values, a product by a
// time-varying value, a non-zero padding value, a convolution with
// time-varying weights, and a convolution that is one group of a grouped
// convolution (a concat of convolutions).
// CHECK-LABEL: func.func @stays(
// CHECK:         %[[A:.+]] = snn.if %arg0
// CHECK:         %[[FA:.+]] = snn.lowpass %[[A]] : tensor<8xf32>
// CHECK:         %[[FB:.+]] = snn.lowpass %{{.+}} {tau = 1.000000e-03 : f64}
// CHECK:         tosa.add %[[FA]], %[[FB]]
// CHECK:         tosa.mul %[[FA]], %arg1,
// CHECK:         tosa.pad %[[FA]],
// CHECK:         %[[FC:.+]] = snn.lowpass %{{.+}} {tau = 1.000000e-03 : f64} : tensor<1x2x2x2xf32>
// CHECK:         tosa.conv2d %[[FC]], %arg2,
// CHECK:         tosa.slice %{{.+}} :
// CHECK:         %[[G0:.+]] = snn.lowpass %{{.+}} {tau = 1.000000e-03 : f64} : tensor<1x2x2x1xf32>
// CHECK:         tosa.slice %{{.+}} :
// CHECK:         %[[G1:.+]] = snn.lowpass %{{.+}} {tau = 1.000000e-03 : f64} : tensor<1x2x2x1xf32>
// CHECK:         %[[C0:.+]] = tosa.conv2d %[[G0]],
// CHECK:         %[[C1:.+]] = tosa.conv2d %[[G1]],
// CHECK:         tosa.concat %[[C0]], %[[C1]]
func.func @stays(%x: tensor<8xf32>, %y: tensor<8xf32>, %w: tensor<2x1x1x2xf32>, %z: tensor<1x2x2x2xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<10xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %a = snn.if %x : tensor<8xf32>
  %fa = snn.lowpass %a {tau = 0.005 : f64} : tensor<8xf32>
  %b = snn.if %y : tensor<8xf32>
  %fb = snn.lowpass %b {tau = 0.001 : f64} : tensor<8xf32>
  %sum = tosa.add %fa, %fb : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %mul = tosa.mul %fa, %y, %shift : (tensor<8xf32>, tensor<8xf32>, tensor<1xi8>) -> tensor<8xf32>
  %padding = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %one = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %pad = tosa.pad %fa, %padding, %one : (tensor<8xf32>, !tosa.shape<2>, tensor<1xf32>) -> tensor<10xf32>
  %c = snn.if %z : tensor<1x2x2x2xf32>
  %fc = snn.lowpass %c {tau = 0.001 : f64} : tensor<1x2x2x2xf32>
  %bias = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %conv = tosa.conv2d %fc, %w, %bias, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %start0 = tosa.const_shape {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %start1 = tosa.const_shape {values = dense<[0, 0, 0, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 2, 2, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s0 = tosa.slice %fc, %start0, %size : (tensor<1x2x2x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x2x1xf32>
  %s1 = tosa.slice %fc, %start1, %size : (tensor<1x2x2x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x2x1xf32>
  %wg = "tosa.const"() <{values = dense<2.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %bg = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %g0 = tosa.conv2d %s0, %wg, %bg, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %g1 = tosa.conv2d %s1, %wg, %bg, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %cat = tosa.concat %g0, %g1 {axis = 3 : i32} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32>
  return %sum, %mul, %pad, %conv, %cat : tensor<8xf32>, tensor<8xf32>, tensor<10xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
