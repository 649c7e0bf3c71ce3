// Constant weights packed for the register tiles (pack-weights, default):
// each group of the tiling (here vectors of 2, 2 accumulators: a group of
// columns 0-3 and one of columns 4-5) reads its columns of every reduction
// step as one contiguous run, `base * R + r * step + offset`.
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=2 max-accumulators=2" --canonicalize --cse | FileCheck %s
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=2 max-accumulators=2 pack-weights=false" --canonicalize --cse | FileCheck %s --check-prefix=NOPACK
// A pass run on a function alone does not change the module's globals.
// RUN: snn-opt %s --pass-pipeline="builtin.module(func.func(snn-vectorize-contractions{vector-width=2 max-accumulators=2}))" | FileCheck %s --check-prefix=NOPACK

// The index maps of the loads of @matvec's two groups.
// CHECK-DAG: #[[G0:.*]] = affine_map<()[s0] -> (s0 * 4)>
// CHECK-DAG: #[[G0B:.*]] = affine_map<()[s0] -> (s0 * 4 + 2)>
// CHECK-DAG: #[[G1:.*]] = affine_map<()[s0] -> (s0 * 2 + 8)>
// Rows [0 1 2 3 4 5] and [6 7 8 9 10 11]: group 0 (columns 0-3) reads
// 0 1 2 3, then 6 7 8 9; group 1 (columns 4-5) 4 5, then 10 11.
// CHECK-DAG: memref.global "private" constant @w_packed : memref<12xf32> = dense<[0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00, 9.000000e+00, 4.000000e+00, 5.000000e+00, 1.000000e+01, 1.100000e+01]> {alignment = 64 : i64}
// The same from a reshape of a flat global.
// CHECK-DAG: memref.global "private" constant @u_packed : memref<12xf32> = dense<[0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00, 9.000000e+00, 4.000000e+00, 5.000000e+00, 1.000000e+01, 1.100000e+01]> {alignment = 64 : i64}
// Read by a copy too: packed, and the original kept.
// CHECK-DAG: memref.global "private" constant @v : memref<2x6xf32>
// CHECK-DAG: memref.global "private" constant @v_packed : memref<12xf32>
// A reduction over two dimensions (kh, c), 5 columns: group 0 (columns
// 0-3) reads f[kh][c][0:4] for (kh, c) = (0, 0), (0, 1), (1, 0), (1, 1),
// then group 1 (column 4, a piece of one element) f[kh][c][4] of each.
// CHECK-DAG: memref.global "private" constant @f_packed : memref<20xf32> = dense<[0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00, 1.000000e+01, 1.100000e+01, 1.200000e+01, 1.300000e+01, 1.500000e+01, 1.600000e+01, 1.700000e+01, 1.800000e+01, 4.000000e+00, 9.000000e+00, 1.400000e+01, 1.900000e+01]> {alignment = 64 : i64}
// One group of the whole row: the packed copy would be the same bytes.
// CHECK-DAG: memref.global "private" constant @s : memref<3x2xf32>
// CHECK-NOT: memref.global "private" constant @w :
// CHECK-NOT: memref.global "private" constant @u :
// CHECK-NOT: memref.global "private" constant @f :
// CHECK-NOT: @s_packed

// CHECK-LABEL: func.func @matvec(
// CHECK: %[[P:.*]] = memref.get_global @w_packed : memref<12xf32>
// CHECK: scf.for %[[K:[^ ]*]] =
// CHECK: %[[I0:.*]] = affine.apply #[[G0]]()[%[[K]]]
// CHECK: vector.load %[[P]][%[[I0]]] : memref<12xf32>, vector<2xf32>
// CHECK: %[[I1:.*]] = affine.apply #[[G0B]]()[%[[K]]]
// CHECK: vector.load %[[P]][%[[I1]]] : memref<12xf32>, vector<2xf32>
// CHECK: scf.for %[[K2:[^ ]*]] =
// CHECK: %[[I2:.*]] = affine.apply #[[G1]]()[%[[K2]]]
// CHECK: vector.load %[[P]][%[[I2]]] : memref<12xf32>, vector<2xf32>
// NOPACK-NOT: _packed
// NOPACK: memref.global "private" constant @w : memref<2x6xf32>
// NOPACK-NOT: _packed

#mv = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (k, n)>, affine_map<(m, k, n) -> (m, n)>]
#it = ["parallel", "reduction", "parallel"]
memref.global "private" constant @w : memref<2x6xf32> = dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0, 11.0]]> {alignment = 64 : i64}
memref.global "private" constant @u : memref<12xf32> = dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0]> {alignment = 64 : i64}
memref.global "private" constant @v : memref<2x6xf32> = dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0, 11.0]]> {alignment = 64 : i64}
memref.global "private" constant @f : memref<2x2x5xf32> = dense<[[[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0, 9.0]], [[10.0, 11.0, 12.0, 13.0, 14.0], [15.0, 16.0, 17.0, 18.0, 19.0]]]> {alignment = 64 : i64}
memref.global "private" constant @s : memref<3x2xf32> = dense<[[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]> {alignment = 64 : i64}
func.func @matvec(%a: memref<1x2xf32>, %c: memref<1x6xf32>) {
  %w = memref.get_global @w : memref<2x6xf32>
  linalg.generic {indexing_maps = #mv, iterator_types = #it} ins(%a, %w : memref<1x2xf32>, memref<2x6xf32>) outs(%c : memref<1x6xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func @reshaped(%a: memref<1x2xf32>, %c: memref<1x6xf32>) {
  %u = memref.get_global @u : memref<12xf32>
  %w = memref.expand_shape %u [[0, 1]] output_shape [2, 6] : memref<12xf32> into memref<2x6xf32>
  linalg.generic {indexing_maps = #mv, iterator_types = #it} ins(%a, %w : memref<1x2xf32>, memref<2x6xf32>) outs(%c : memref<1x6xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func @kept(%a: memref<1x2xf32>, %c: memref<1x6xf32>, %d: memref<2x6xf32>) {
  %v = memref.get_global @v : memref<2x6xf32>
  linalg.generic {indexing_maps = #mv, iterator_types = #it} ins(%a, %v : memref<1x2xf32>, memref<2x6xf32>) outs(%c : memref<1x6xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  memref.copy %v, %d : memref<2x6xf32> to memref<2x6xf32>
  return
}
// A 1-D convolution-like contraction: out[p, n] += x[p + kh, c] * f[kh, c, n].
func.func @taps(%x: memref<3x2xf32>, %o: memref<2x5xf32>) {
  %f = memref.get_global @f : memref<2x2x5xf32>
  linalg.generic {indexing_maps = [affine_map<(p, kh, c, n) -> (p + kh, c)>, affine_map<(p, kh, c, n) -> (kh, c, n)>, affine_map<(p, kh, c, n) -> (p, n)>], iterator_types = ["parallel", "reduction", "reduction", "parallel"]} ins(%x, %f : memref<3x2xf32>, memref<2x2x5xf32>) outs(%o : memref<2x5xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func @onegroup(%a: memref<1x3xf32>, %c: memref<1x2xf32>) {
  %s0 = memref.get_global @s : memref<3x2xf32>
  linalg.generic {indexing_maps = #mv, iterator_types = #it} ins(%a, %s0 : memref<1x3xf32>, memref<3x2xf32>) outs(%c : memref<1x2xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}
