// --snn-fuse-grouped-conv: a channel concat of per-group tosa.conv2d ops
// (the importers' form of a grouped convolution) becomes one linalg.generic
// over (n, oh, ow, g, f; kh, kw, c); per-group constant weights and biases
// (the NIR importer's form) are joined into one constant each. Convs that
// differ are left alone. test/Execution/grouped-conv.test checks that the
// outputs are bit-identical.
//
// RUN: snn-opt %s --snn-fuse-grouped-conv --split-input-file | FileCheck %s

// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
// CHECK-DAG: #[[FILTER:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d5, d6, d7, d4)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @two_groups(
// CHECK-SAME: %[[X:.+]]: tensor<1x4x4x4xf32>
// CHECK-DAG: %[[W:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]], {{\[\[\[}}3.000000e+00, 4.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>}>
// CHECK: %[[XP:.+]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: %[[X5:.+]] = tensor.expand_shape %[[XP]] {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 6, 6, 2, 2]
// CHECK: %[[W5:.+]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 1, 1, 1, 2]
// CHECK: %[[WT:.+]] = linalg.transpose ins(%[[W5]] : tensor<2x1x1x1x2xf32>) outs(%{{.+}} : tensor<2x1x1x2x1xf32>) permutation = [0, 2, 3, 4, 1]
// CHECK: %[[B2:.+]] = tensor.expand_shape %[[B]] {{\[}}[0, 1]] output_shape [2, 1]
// CHECK: %[[INIT:.+]] = linalg.generic {{.*}} ins(%[[B2]] : tensor<2x1xf32>) outs(%{{.+}} : tensor<1x6x6x2x1xf32>)
// CHECK: %[[Y5:.+]] = linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[X5]], %[[WT]] : tensor<1x6x6x2x2xf32>, tensor<2x1x1x2x1xf32>) outs(%[[INIT]] : tensor<1x6x6x2x1xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[Y:.+]] = tensor.collapse_shape %[[Y5]] {{\[}}[0], [1], [2], [3, 4]] : tensor<1x6x6x2x1xf32> into tensor<1x6x6x2xf32>
// CHECK: return %[[Y]]
// CHECK-NOT: tosa.conv2d
// CHECK-NOT: tosa.concat
func.func @two_groups(%x: tensor<1x4x4x4xf32>) -> tensor<1x6x6x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s0 = tosa.const_shape {values = dense<0> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s1 = tosa.const_shape {values = dense<[0, 0, 0, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 4, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %x0 = tosa.slice %x, %s0, %size : (tensor<1x4x4x4xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x4x4x2xf32>
  %x1 = tosa.slice %x, %s1, %size : (tensor<1x4x4x4xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x4x4x2xf32>
  %w0 = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %w1 = "tosa.const"() <{values = dense<[[[[3.0, 4.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %b0 = "tosa.const"() <{values = dense<[0.5]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b1 = "tosa.const"() <{values = dense<[-0.5]> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c0 = tosa.conv2d %x0, %w0, %b0, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x1xf32>
  %c1 = tosa.conv2d %x1, %w1, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x1xf32>
  %y = tosa.concat %c0, %c1 {axis = 3 : i32} : (tensor<1x6x6x1xf32>, tensor<1x6x6x1xf32>) -> tensor<1x6x6x2xf32>
  return %y : tensor<1x6x6x2xf32>
}

// -----

// Different dilations (the same shapes with 1x1 kernels): not one grouped
// convolution, left alone.
// CHECK-LABEL: func.func @different_dilations(
// CHECK-COUNT-2: tosa.conv2d
// CHECK: tosa.concat
// CHECK-NOT: linalg.generic
func.func @different_dilations(%x0: tensor<1x4x4x2xf32>, %x1: tensor<1x4x4x2xf32>, %w: tensor<1x1x1x2xf32>, %b: tensor<1xf32>) -> tensor<1x4x4x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c0 = tosa.conv2d %x0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %c1 = tosa.conv2d %x1, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %y = tosa.concat %c0, %c1 {axis = 3 : i32} : (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}
