// --snn-fold-constant-transposes: a linalg.transpose of a constant (dense,
// splat or resource; whole-byte elements) becomes a constant of the
// transposed values; other transposes stay.
//
// RUN: snn-opt %s --snn-fold-constant-transposes | FileCheck %s

// CHECK-LABEL: func.func @dense
// CHECK: %[[T:.+]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK: return %[[T]]
// CHECK-LABEL: func.func @splat
// CHECK: %[[S:.+]] = arith.constant dense<7> : tensor<3x2xi32>
// CHECK: return %[[S]]
// The filter [3][2][1][1] = [[1, 2], [3, 4], [5, 6]] as HWCF-like [2][1][1][3]:
// [[1, 3, 5], [2, 4, 6]], in a new 64-byte-aligned blob.
// CHECK-LABEL: func.func @resource
// CHECK: %[[R:.+]] = arith.constant dense_resource<filter_transposed> : tensor<2x1x1x3xi16>
// CHECK: return %[[R]]
// A grouped filter GFHWC -> GHWCF: a batch of matrix transposes (numpy:
// np.transpose(a, (0, 2, 3, 4, 1))).
// CHECK-LABEL: func.func @grouped
// CHECK: arith.constant dense<{{\[\[\[\[\[}}0, 3], [1, 4], [2, 5]]]], {{\[\[\[\[}}6, 9], [7, 10], [8, 11]]]]]> : tensor<2x1x1x3x2xi32>
// CHECK-NOT: linalg.transpose
// Not a rotation of the dimensions (numpy: np.transpose(a, (2, 0, 1))).
// CHECK-LABEL: func.func @generic
// CHECK: arith.constant dense<{{\[\[\[}}0, 2, 4], [6, 8, 10]], {{\[\[}}1, 3, 5], [7, 9, 11]]]> : tensor<2x2x3xi32>
// CHECK-NOT: linalg.transpose
// Through reshapes of the constant (a grouped filter's expand_shape) and
// from a tosa.const.
// CHECK-LABEL: func.func @reshaped
// CHECK: %[[X:.+]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK: return %[[X]]
// CHECK-LABEL: func.func @tosa_const
// CHECK: %[[Y:.+]] = arith.constant dense<{{\[}}[1, 3], [2, 4]]> : tensor<2x2xi32>
// CHECK-NOT: linalg.transpose
// CHECK: return %[[Y]]
// CHECK-LABEL: func.func @not_constant
// CHECK: linalg.transpose
// CHECK-LABEL: func.func @bits
// CHECK: linalg.transpose
// CHECK: filter_transposed: "0x40000000010003000500020004000600"
func.func @dense() -> tensor<3x2xf32> {
  %c = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %e = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%c : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t : tensor<3x2xf32>
}
func.func @splat() -> tensor<3x2xi32> {
  %c = arith.constant dense<7> : tensor<2x3xi32>
  %e = tensor.empty() : tensor<3x2xi32>
  %t = linalg.transpose ins(%c : tensor<2x3xi32>) outs(%e : tensor<3x2xi32>) permutation = [1, 0]
  return %t : tensor<3x2xi32>
}
func.func @resource() -> tensor<2x1x1x3xi16> {
  %c = arith.constant dense_resource<filter> : tensor<3x2x1x1xi16>
  %e = tensor.empty() : tensor<2x1x1x3xi16>
  %t = linalg.transpose ins(%c : tensor<3x2x1x1xi16>) outs(%e : tensor<2x1x1x3xi16>) permutation = [1, 2, 3, 0]
  return %t : tensor<2x1x1x3xi16>
}
func.func @grouped() -> tensor<2x1x1x3x2xi32> {
  %c = arith.constant dense<[[[[[0, 1, 2]]], [[[3, 4, 5]]]], [[[[6, 7, 8]]], [[[9, 10, 11]]]]]> : tensor<2x2x1x1x3xi32>
  %e = tensor.empty() : tensor<2x1x1x3x2xi32>
  %t = linalg.transpose ins(%c : tensor<2x2x1x1x3xi32>) outs(%e : tensor<2x1x1x3x2xi32>) permutation = [0, 2, 3, 4, 1]
  return %t : tensor<2x1x1x3x2xi32>
}
func.func @generic() -> tensor<2x2x3xi32> {
  %c = arith.constant dense<[[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]]> : tensor<2x3x2xi32>
  %e = tensor.empty() : tensor<2x2x3xi32>
  %t = linalg.transpose ins(%c : tensor<2x3x2xi32>) outs(%e : tensor<2x2x3xi32>) permutation = [2, 0, 1]
  return %t : tensor<2x2x3xi32>
}
func.func @reshaped() -> tensor<3x2xf32> {
  %c = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %r = tensor.expand_shape %c [[0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
  %e = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%r : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t : tensor<3x2xf32>
}
func.func @tosa_const() -> tensor<2x2xi32> {
  %c = "tosa.const"() {values = dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>} : () -> tensor<2x2xi32>
  %e = tensor.empty() : tensor<2x2xi32>
  %t = linalg.transpose ins(%c : tensor<2x2xi32>) outs(%e : tensor<2x2xi32>) permutation = [1, 0]
  return %t : tensor<2x2xi32>
}
func.func @not_constant(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %e = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%x : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t : tensor<3x2xf32>
}
func.func @bits() -> tensor<3x2xi1> {
  %c = arith.constant dense<[[true, false, true], [false, false, true]]> : tensor<2x3xi1>
  %e = tensor.empty() : tensor<3x2xi1>
  %t = linalg.transpose ins(%c : tensor<2x3xi1>) outs(%e : tensor<3x2xi1>) permutation = [1, 0]
  return %t : tensor<3x2xi1>
}
{-#
  dialect_resources: {
    builtin: {
      filter: "0x02000000010002000300040005000600"
    }
  }
#-}
