// --snn-decompose-pads computes again, in the loop, a fill that
// loop-invariant code motion hoisted out of it but that initializes a
// contraction inside it: the contraction then accumulates into a buffer of
// its own, filled each iteration, which buffer-loop-hoisting allocates once
// before the loop. Without the pass, bufferization allocates a buffer in the
// loop and copies the hoisted fill into it on every iteration.
//
// RUN: snn-opt %s --pass-pipeline="builtin.module(snn-decompose-pads,eliminate-empty-tensors,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops},func.func(buffer-loop-hoisting),canonicalize)" | FileCheck %s
// RUN: snn-opt %s --pass-pipeline="builtin.module(eliminate-empty-tensors,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops},func.func(buffer-loop-hoisting),canonicalize)" | FileCheck %s --check-prefix=PLAIN

// CHECK-LABEL: func.func @hoisted_fill(
// CHECK:       %[[BUF:.+]] = memref.alloc() {{.*}} : memref<4x8xf32>
// CHECK-NOT:   linalg.fill
// CHECK:       scf.for
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.copy
// CHECK:         linalg.fill ins(%{{.+}} : f32) outs(%[[BUF]] : memref<4x8xf32>)
// CHECK-NEXT:    linalg.matmul ins(%{{.+}}, %{{.+}} : memref<4x16xf32>, memref<16x8xf32>) outs(%[[BUF]] : memref<4x8xf32>)
// CHECK:       }
// PLAIN-LABEL: func.func @hoisted_fill(
// PLAIN:       linalg.fill
// PLAIN:       scf.for
// PLAIN:         memref.copy
// PLAIN:         linalg.matmul
func.func @hoisted_fill(%a: tensor<4x16xf32>, %b: tensor<16x8xf32>, %init: tensor<4x8xf32>, %n: index) -> tensor<4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x8xf32>) -> tensor<4x8xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> tensor<4x8xf32> {
    %m = linalg.matmul ins(%a, %b : tensor<4x16xf32>, tensor<16x8xf32>) outs(%fill : tensor<4x8xf32>) -> tensor<4x8xf32>
    %s = linalg.add ins(%acc, %m : tensor<4x8xf32>, tensor<4x8xf32>) outs(%acc : tensor<4x8xf32>) -> tensor<4x8xf32>
    scf.yield %s : tensor<4x8xf32>
  }
  return %r : tensor<4x8xf32>
}

// The same when the fill's destination is a reshape of a tensor.empty (a
// depthwise convolution's output without its unit channel multiplier).
// CHECK-LABEL: func.func @hoisted_fill_of_reshape(
// CHECK:       %[[BUF:.+]] = memref.alloc() {{.*}} : memref<4x8xf32>
// CHECK-NOT:   linalg.fill
// CHECK:       scf.for
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.copy
// CHECK:         linalg.fill ins(%{{.+}} : f32) outs(%[[BUF]] : memref<4x8xf32>)
// CHECK-NEXT:    linalg.matmul ins(%{{.+}}, %{{.+}} : memref<4x16xf32>, memref<16x8xf32>) outs(%[[BUF]] : memref<4x8xf32>)
// CHECK:       }
// PLAIN-LABEL: func.func @hoisted_fill_of_reshape(
// PLAIN:       linalg.fill
// PLAIN:       scf.for
// PLAIN:         memref.copy
// PLAIN:         linalg.matmul
func.func @hoisted_fill_of_reshape(%a: tensor<4x16xf32>, %b: tensor<16x8xf32>, %init: tensor<4x8xf32>, %n: index) -> tensor<4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8x1xf32>
  %flat = tensor.collapse_shape %empty [[0], [1, 2]] : tensor<4x8x1xf32> into tensor<4x8xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%flat : tensor<4x8xf32>) -> tensor<4x8xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> tensor<4x8xf32> {
    %m = linalg.matmul ins(%a, %b : tensor<4x16xf32>, tensor<16x8xf32>) outs(%fill : tensor<4x8xf32>) -> tensor<4x8xf32>
    %s = linalg.add ins(%acc, %m : tensor<4x8xf32>, tensor<4x8xf32>) outs(%acc : tensor<4x8xf32>) -> tensor<4x8xf32>
    scf.yield %s : tensor<4x8xf32>
  }
  return %r : tensor<4x8xf32>
}
