// --snn-decompose-pads (with eliminate-empty-tensors, before bufferization):
// the ReLU whose result two padded convolutions read writes it straight
// into the interior of the padded buffer (a subview), with no copy there;
// the bias broadcast that CSE made the init of both convolutions is
// computed once per convolution, into each one's own output buffer, instead
// of being copied. Without the pass, both copies are there.
//
// RUN: snn-opt %s --pass-pipeline="builtin.module(func.func(tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith,tosa-to-tensor),canonicalize,cse,snn-schedule-linalg,canonicalize,cse,snn-decompose-pads,eliminate-empty-tensors,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},canonicalize)" | FileCheck %s
// RUN: snn-opt %s --pass-pipeline="builtin.module(func.func(tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith,tosa-to-tensor),canonicalize,cse,snn-schedule-linalg,canonicalize,cse,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},canonicalize)" | FileCheck %s --check-prefix=PLAIN

// CHECK-LABEL: func.func @two_convs(
// CHECK:       %[[PAD:.+]] = memref.alloc() {{.*}} : memref<1x6x6x2xf32>
// CHECK:       linalg.fill ins(%{{.+}} : f32) outs(%[[PAD]] : memref<1x6x6x2xf32>)
// CHECK:       %[[IN:.+]] = memref.subview %[[PAD]][0, 1, 1, 0] [1, 4, 4, 2] [1, 1, 1, 1]
// CHECK:       linalg.generic {{.*}} outs(%[[IN]] : memref<1x4x4x2xf32, strided<[72, 12, 2, 1], offset: 14>>)
// CHECK:         arith.maximumf
// CHECK-COUNT-2: linalg.generic {{.*}} ins(%{{.+}} : memref<2xf32>) outs(%{{.+}} : memref<1x4x4x2xf32>)
// CHECK-NOT:   memref.copy
// PLAIN-LABEL: func.func @two_convs(
// PLAIN-COUNT-2: memref.copy
func.func @two_convs(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %r = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %w1 = "tosa.const"() {values = dense<0.5> : tensor<2x3x3x2xf32>} : () -> tensor<2x3x3x2xf32>
  %w2 = "tosa.const"() {values = dense<0.25> : tensor<2x3x3x2xf32>} : () -> tensor<2x3x3x2xf32>
  %b = "tosa.const"() {values = dense<[0.1, 0.2]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c1 = tosa.conv2d %r, %w1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %c2 = tosa.conv2d %r, %w2, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %c1, %c2 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}
