// --snn-schedule-linalg: FHWC convolutions become HWCF (the filter through a
// linalg.transpose), and every linalg op with reductions is generalized with
// its iterators ordered parallel..., reductions (in their original order),
// then the parallel iterator of the output's innermost dimension. Elementwise
// ops and generics already in that order are left alone.
//
// RUN: snn-opt %s --snn-schedule-linalg --split-input-file | FileCheck %s
// With --snn-fold-constant-transposes after it (as in snn-lower-to-llvm),
// constant filters are transposed at compile time:
// RUN: snn-opt %s --snn-schedule-linalg --snn-fold-constant-transposes --split-input-file | FileCheck %s --check-prefix=FOLD
//
// (The pass's statistics, num-interchanged and num-transposed-convs, are not
// checked: Debian's LLVM is built without statistics, so
// --mlir-pass-statistics prints none.)

// FHWC (5x3x3x3: F, H, W, C) -> the filter transposed to HWCF (3x3x3x5) and
// a generic with the output channel (d6) innermost, after the reductions
// kh, kw, c (d3, d4, d5); stride 2 stays in the input's map.
// CHECK-DAG: #[[CIN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
// CHECK-DAG: #[[CW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-DAG: #[[COUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
// CHECK-LABEL: func.func @conv_fhwc(
// CHECK-SAME: %[[X:.+]]: tensor<1x13x11x3xf32>, %[[W:.+]]: tensor<5x3x3x3xf32>, %[[O:.+]]: tensor<1x6x5x5xf32>)
// CHECK: %[[E:.+]] = tensor.empty() : tensor<3x3x3x5xf32>
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[W]] : tensor<5x3x3x3xf32>) outs(%[[E]] : tensor<3x3x3x5xf32>) permutation = [1, 2, 3, 0]
// CHECK: linalg.generic {indexing_maps = [#[[CIN]], #[[CW]], #[[COUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[T]] : tensor<1x13x11x3xf32>, tensor<3x3x3x5xf32>) outs(%[[O]] : tensor<1x6x5x5xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: linalg.conv
func.func @conv_fhwc(%x: tensor<1x13x11x3xf32>, %w: tensor<5x3x3x3xf32>, %o: tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32> {
  %r = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%x, %w : tensor<1x13x11x3xf32>, tensor<5x3x3x3xf32>) outs(%o : tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32>
  return %r : tensor<1x6x5x5xf32>
}

// -----

// HWCF: no transpose; (n, oh, ow, f, kh, kw, c) -> (n, oh, ow, kh, kw, c, f).
// CHECK-DAG: #[[HIN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-DAG: #[[HW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-DAG: #[[HOUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
// CHECK-LABEL: func.func @conv_hwcf(
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {indexing_maps = [#[[HIN]], #[[HW]], #[[HOUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
// CHECK-NOT: linalg.conv
func.func @conv_hwcf(%x: tensor<1x13x11x3xf32>, %w: tensor<3x3x3x5xf32>, %o: tensor<1x11x9x5xf32>) -> tensor<1x11x9x5xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x13x11x3xf32>, tensor<3x3x3x5xf32>) outs(%o : tensor<1x11x9x5xf32>) -> tensor<1x11x9x5xf32>
  return %r : tensor<1x11x9x5xf32>
}

// -----

// Matrix product (i, j, k) -> (i, k, j): j, the output's contiguous
// dimension, innermost; the body is unchanged.
// CHECK-DAG: #[[MA:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[MB:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[MC:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @matmul(
// CHECK: linalg.generic {indexing_maps = [#[[MA]], #[[MB]], #[[MC]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%{{.+}}, %{{.+}} : tensor<7x37xf32>, tensor<37x19xf32>) outs(%{{.+}} : tensor<7x19xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f32, %[[B:.+]]: f32, %[[C:.+]]: f32):
// CHECK-NEXT: %[[M:.+]] = arith.mulf %[[A]], %[[B]] : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[C]], %[[M]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: tensor<7x37xf32>, %b: tensor<37x19xf32>, %c: tensor<7x19xf32>) -> tensor<7x19xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<7x37xf32>, tensor<37x19xf32>) outs(%c : tensor<7x19xf32>) -> tensor<7x19xf32>
  return %r : tensor<7x19xf32>
}

// -----

// Batched: (b, i, j, k) -> (b, i, k, j).
// CHECK-DAG: #[[BA:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[BB:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[BC:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-LABEL: func.func @batch_matmul(
// CHECK: linalg.generic {indexing_maps = [#[[BA]], #[[BB]], #[[BC]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
func.func @batch_matmul(%a: tensor<1x7x37xf32>, %b: tensor<1x37x19xf32>, %c: tensor<1x7x19xf32>) -> tensor<1x7x19xf32> {
  %r = linalg.batch_matmul ins(%a, %b : tensor<1x7x37xf32>, tensor<1x37x19xf32>) outs(%c : tensor<1x7x19xf32>) -> tensor<1x7x19xf32>
  return %r : tensor<1x7x19xf32>
}

// -----

// Pooling (n, oh, ow, c, kh, kw) -> (n, oh, ow, kh, kw, c); sum and max.
// CHECK-DAG: #[[PIN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
// CHECK-DAG: #[[PK:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
// CHECK-DAG: #[[POUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @pool_sum(
// CHECK: linalg.generic {indexing_maps = [#[[PIN]], #[[PK]], #[[POUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK: arith.addf
// CHECK-LABEL: func.func @pool_max(
// CHECK: linalg.generic {indexing_maps = [#[[PIN]], #[[PK]], #[[POUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK: arith.maximumf
// CHECK-NOT: linalg.pooling
func.func @pool_sum(%x: tensor<1x8x8x4xf32>, %o: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %k = tensor.empty() : tensor<2x2xf32>
  %r = linalg.pooling_nhwc_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%x, %k : tensor<1x8x8x4xf32>, tensor<2x2xf32>) outs(%o : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}
func.func @pool_max(%x: tensor<1x8x8x4xf32>, %o: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %k = tensor.empty() : tensor<2x2xf32>
  %r = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%x, %k : tensor<1x8x8x4xf32>, tensor<2x2xf32>) outs(%o : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}

// -----

// A generic with several reductions, out of order: (r0, p1, p2, r3) with
// the output (d1, d2) becomes (p1, r0, r3, p2).
// CHECK-DAG: #[[GIN:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d3, d2)>
// CHECK-DAG: #[[GOUT:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d3)>
// CHECK-LABEL: func.func @generic_reorder(
// CHECK: linalg.generic {indexing_maps = [#[[GIN]], #[[GOUT]]], iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
#gin = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#gout = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
func.func @generic_reorder(%x: tensor<2x3x4x5xf32>, %o: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %r = linalg.generic {indexing_maps = [#gin, #gout], iterator_types = ["reduction", "parallel", "parallel", "reduction"]}
    ins(%x : tensor<2x3x4x5xf32>) outs(%o : tensor<3x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

// linalg.reduce over the last dimension: generalized and reordered too (the
// reduction outside, the output's dimension inside). The input is then read
// with a stride of 19 in the innermost loop; results are unchanged.
// CHECK-DAG: #[[RIN:.+]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG: #[[ROUT:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @reduce_rows(
// CHECK: linalg.generic {indexing_maps = [#[[RIN]], #[[ROUT]]], iterator_types = ["reduction", "parallel"]}
func.func @reduce_rows(%a: tensor<7x19xf32>, %c: tensor<7xf32>) -> tensor<7xf32> {
  %r = linalg.reduce ins(%a : tensor<7x19xf32>) outs(%c : tensor<7xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %s = arith.addf %init, %in : f32
      linalg.yield %s : f32
    }
  return %r : tensor<7xf32>
}

// -----

// Left alone: ops without reductions (named and generic), a generic already
// in order, a generic with two outputs, and a full reduction to a scalar
// (no output dimension; linalg.dot is generalized, its single reduction
// iterator kept).
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[TA:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[TB:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[TC:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[TWOIN:.+]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG: #[[TWOOUT:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @elementwise(
// CHECK: linalg.add ins
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-LABEL: func.func @already_scheduled(
// CHECK: linalg.generic {indexing_maps = [#[[TA]], #[[TB]], #[[TC]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-LABEL: func.func @two_outputs(
// CHECK: linalg.generic {indexing_maps = [#[[TWOIN]], #[[TWOIN]], #[[TWOOUT]], #[[TWOOUT]]], iterator_types = ["parallel", "reduction"]}
// CHECK-LABEL: func.func @dot(
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction"]}
func.func @elementwise(%a: tensor<7x19xf32>, %b: tensor<7x19xf32>, %c: tensor<7x19xf32>) -> (tensor<7x19xf32>, tensor<7x19xf32>) {
  %r = linalg.add ins(%a, %b : tensor<7x19xf32>, tensor<7x19xf32>) outs(%c : tensor<7x19xf32>) -> tensor<7x19xf32>
  %e = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
    ins(%a : tensor<7x19xf32>) outs(%c : tensor<7x19xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<7x19xf32>
  return %r, %e : tensor<7x19xf32>, tensor<7x19xf32>
}
func.func @already_scheduled(%a: tensor<7x37xf32>, %b: tensor<37x19xf32>, %c: tensor<7x19xf32>) -> tensor<7x19xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(i, k, j) -> (i, k)>, affine_map<(i, k, j) -> (k, j)>, affine_map<(i, k, j) -> (i, j)>], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : tensor<7x37xf32>, tensor<37x19xf32>) outs(%c : tensor<7x19xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<7x19xf32>
  return %r : tensor<7x19xf32>
}
func.func @two_outputs(%a: tensor<19x7xf32>, %s0: tensor<7xf32>, %m0: tensor<7xf32>) -> (tensor<7xf32>, tensor<7xf32>) {
  %r:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
    ins(%a, %a : tensor<19x7xf32>, tensor<19x7xf32>) outs(%s0, %m0 : tensor<7xf32>, tensor<7xf32>) {
  ^bb0(%x: f32, %y: f32, %s: f32, %m: f32):
    %0 = arith.addf %s, %x : f32
    %1 = arith.maximumf %m, %y : f32
    linalg.yield %0, %1 : f32, f32
  } -> (tensor<7xf32>, tensor<7xf32>)
  return %r#0, %r#1 : tensor<7xf32>, tensor<7xf32>
}
func.func @dot(%a: tensor<37xf32>, %b: tensor<37xf32>, %c: tensor<f32>) -> tensor<f32> {
  %r = linalg.dot ins(%a, %b : tensor<37xf32>, tensor<37xf32>) outs(%c : tensor<f32>) -> tensor<f32>
  return %r : tensor<f32>
}

// -----

// A constant filter: snn-schedule-linalg transposes it like any other;
// snn-fold-constant-transposes then does that at compile time: the
// linalg.transpose is gone and the generic reads a new constant holding the
// filter in HWCF order. The filter is w[f, h, w, c] = 1000 f + 100 h + 10 w + c (F = 2,
// H = W = 1, C = 3), so its transpose [h, w, c, f] reads 0, 1000, 1, 1001,
// 2, 1002. A dense resource (as the ONNX importer writes weights) becomes a
// dense resource too.
// CHECK-LABEL: func.func @conv_const_filter(
// CHECK: linalg.transpose
// FOLD-LABEL: func.func @conv_const_filter(
// FOLD-NOT: linalg.transpose
// FOLD: %[[T:.+]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00, 1.000000e+03], [1.000000e+00, 1.001000e+03], [2.000000e+00, 1.002000e+03]]]]> : tensor<1x1x3x2xf32>
// FOLD-NOT: linalg.transpose
// FOLD: linalg.generic
// FOLD-SAME: ins(%{{.+}}, %[[T]] : tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>)
func.func @conv_const_filter(%x: tensor<1x4x4x3xf32>, %o: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0, 2.0]]], [[[1000.0, 1001.0, 1002.0]]]]> : tensor<2x1x1x3xf32>
  %r = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>) outs(%o : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}

// -----

// Depthwise with a channel multiplier of 1: the unit dimension goes
// (collapse_shape of the filter and the init, expand_shape of the result)
// and the channels become the innermost iterator.
// CHECK-LABEL: func.func @depthwise_unit_multiplier(
// CHECK-SAME: %[[X:.+]]: tensor<1x6x6x8xf32>, %[[W:.+]]: tensor<3x3x8x1xf32>, %[[O:.+]]: tensor<1x4x4x8x1xf32>
// CHECK-DAG: %[[WC:.+]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1], [2, 3]] : tensor<3x3x8x1xf32> into tensor<3x3x8xf32>
// CHECK-DAG: %[[OC:.+]] = tensor.collapse_shape %[[O]] {{\[}}[0], [1], [2], [3, 4]] : tensor<1x4x4x8x1xf32> into tensor<1x4x4x8xf32>
// CHECK: %[[G:.+]] = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
// CHECK-SAME: ins(%[[X]], %[[WC]] : tensor<1x6x6x8xf32>, tensor<3x3x8xf32>) outs(%[[OC]] : tensor<1x4x4x8xf32>)
// CHECK: %[[E:.+]] = tensor.expand_shape %[[G]] {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 4, 4, 8, 1]
// CHECK: return %[[E]]
func.func @depthwise_unit_multiplier(%x: tensor<1x6x6x8xf32>, %w: tensor<3x3x8x1xf32>, %o: tensor<1x4x4x8x1xf32>) -> tensor<1x4x4x8x1xf32> {
  %r = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x1xf32>) outs(%o : tensor<1x4x4x8x1xf32>) -> tensor<1x4x4x8x1xf32>
  return %r : tensor<1x4x4x8x1xf32>
}

// -----

// A multiplier of 2 keeps the op's dimensions (the multiplier innermost).
// CHECK-LABEL: func.func @depthwise_multiplier_2(
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.+}} : tensor<1x4x4x8x2xf32>)
func.func @depthwise_multiplier_2(%x: tensor<1x6x6x8xf32>, %w: tensor<3x3x8x2xf32>, %o: tensor<1x4x4x8x2xf32>) -> tensor<1x4x4x8x2xf32> {
  %r = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x2xf32>) outs(%o : tensor<1x4x4x8x2xf32>) -> tensor<1x4x4x8x2xf32>
  return %r : tensor<1x4x4x8x2xf32>
}

// -----

// CHECK-LABEL: func.func @conv_resource_filter(
// CHECK: linalg.transpose
// FOLD-LABEL: func.func @conv_resource_filter(
// FOLD-NOT: linalg.transpose
// FOLD: %[[T:.+]] = arith.constant dense_resource<filter_transposed> : tensor<1x1x3x2xf32>
// FOLD-NOT: linalg.transpose
// FOLD: linalg.generic
// FOLD-SAME: ins(%{{.+}}, %[[T]] : tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>)
// The blob: 64-byte alignment, then 0, 1000, 1, 1001, 2, 1002 as
// little-endian floats.
// FOLD: filter_transposed: "0x400000000000000000007A440000803F00407A440000004000807A44"
func.func @conv_resource_filter(%x: tensor<1x4x4x3xf32>, %o: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense_resource<filter> : tensor<2x1x1x3xf32>
  %r = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%x, %w : tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>) outs(%o : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      filter: "0x04000000000000000000803F0000004000007A4400407A4400807A44"
    }
  }
#-}
