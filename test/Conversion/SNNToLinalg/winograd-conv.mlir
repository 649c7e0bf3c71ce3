// RUN: snn-opt %s --snn-winograd-conv="min-channels=1 min-tiles=1 vector-width=4" --split-input-file | FileCheck %s
// RUN: snn-opt %s --snn-winograd-conv="min-channels=1 min-tiles=1 vector-width=4 parallel=true" --split-input-file | FileCheck %s --check-prefix=PAR
// RUN: snn-opt %s --snn-winograd-conv="min-channels=1 min-tiles=1 vector-width=1" --split-input-file | FileCheck %s --check-prefix=ONE
// By default (128 channels, 32 blocks) none of these small layers qualifies.
// RUN: snn-opt %s --snn-winograd-conv --split-input-file | FileCheck %s --check-prefix=DEFAULT
// DEFAULT-NOT: winograd
// DEFAULT-NOT: vector.load

#in = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>

// A 4 -> 4 channel convolution, 6x6 input, 4x4 output: 4 blocks. The
// input transform stores 16 rows of V per block and vector of channels, the
// products are one generic over (ab, block, c, f) reading the transformed
// filter, and the output transform adds A^T M A to the output's 2x2 block.
// The old filter global is gone.
// CHECK-NOT: memref.global "private" constant @w4 :
// CHECK: memref.global "private" constant @w4_winograd : memref<16x4x4xf32> = dense_resource<w4_winograd> {alignment = 64 : i64}
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: memref<1x6x6x4xf32>, %[[OUT:.*]]: memref<1x4x4x4xf32>)
// CHECK: %[[V:.*]] = memref.alloc() {alignment = 64 : i64} : memref<16x4x4xf32>
// CHECK: %[[M:.*]] = memref.alloc() {alignment = 64 : i64} : memref<16x4x4xf32>
// CHECK: scf.for %[[R:.*]] = %c0 to %c2 step %c1
// CHECK: scf.for %[[TX:.*]] = %c0 to %c2 step %c1
// CHECK: scf.for %[[C:.*]] = %c0 to %c4 step %c4
// CHECK-COUNT-16: vector.load %[[X]]
// CHECK-COUNT-16: vector.store {{.*}}, %[[V]]
// CHECK: %[[U:.*]] = memref.get_global @w4_winograd : memref<16x4x4xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[M]] : memref<16x4x4xf32>)
// CHECK: linalg.generic {{{.*}}iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%[[V]], %[[U]] : memref<16x4x4xf32>, memref<16x4x4xf32>) outs(%[[M]] : memref<16x4x4xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c4
// CHECK-COUNT-16: vector.load %[[M]]
// CHECK-COUNT-4: vector.store {{.*}}, %[[OUT]]
// CHECK: memref.dealloc %[[V]]
// CHECK: memref.dealloc %[[M]]
// CHECK-NOT: linalg.generic
// CHECK: return
// PAR-LABEL: func.func @conv
// PAR: scf.parallel
// PAR: linalg.generic
// PAR: scf.parallel
memref.global "private" constant @w4 : memref<3x3x4x4xf32> = dense<"0x000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF">
func.func @conv(%x: memref<1x6x6x4xf32>, %out: memref<1x4x4x4xf32>) {
  %w = memref.get_global @w4 : memref<3x3x4x4xf32>
  linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : memref<1x6x6x4xf32>, memref<3x3x4x4xf32>) outs(%out : memref<1x4x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#in = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>

// The filter transform, exactly: g = [1 2 3; 4 5 6; 7 8 9], one channel
// (so only with vector-width=1), gives U = G g G^T = [1 3 1 3; 6 11.25 3.75
// 9; 2 3.75 1.25 3; 7 12 4 9] (the blob: its alignment, 64, in 4 bytes, then the
// floats).
// ONE: w1_winograd: "0x400000000000803F000040400000803F000040400000C04000003441000070400000104100000040000070400000A03F000040400000E040000040410000804000001041"
// CHECK-LABEL: func.func @one_channel
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]
memref.global "private" constant @w1 : memref<3x3x1x1xf32> = dense<[[[[1.0]], [[2.0]], [[3.0]]], [[[4.0]], [[5.0]], [[6.0]]], [[[7.0]], [[8.0]], [[9.0]]]]>
func.func @one_channel(%x: memref<1x4x4x1xf32>, %out: memref<1x2x2x1xf32>) {
  %w = memref.get_global @w1 : memref<3x3x1x1xf32>
  linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : memref<1x4x4x1xf32>, memref<3x3x1x1xf32>) outs(%out : memref<1x2x2x1xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#in = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
#in2 = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
#w = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>

// Left alone: a convolution in a loop (an SNN's step), a strided one, an
// odd output, a filter that is not a constant global.
// CHECK-LABEL: func.func @in_loop
// CHECK-NOT: vector.load
// CHECK: scf.for
// CHECK: linalg.generic
// CHECK-LABEL: func.func @strided
// CHECK-NOT: vector.load
// CHECK: linalg.generic
// CHECK-LABEL: func.func @odd
// CHECK-NOT: vector.load
// CHECK: linalg.generic
// CHECK-LABEL: func.func @argument
// CHECK-NOT: vector.load
// CHECK: linalg.generic
memref.global "private" constant @w4 : memref<3x3x4x4xf32> = dense<"0x000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF000020BF000000BF0000C0BE000080BE000000BE000000000000003E0000803E0000C03E0000003F0000203F0000403F000040BF">
func.func @in_loop(%x: memref<1x6x6x4xf32>, %out: memref<1x4x4x4xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %w = memref.get_global @w4 : memref<3x3x4x4xf32>
  scf.for %i = %c0 to %n step %c1 {
    linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : memref<1x6x6x4xf32>, memref<3x3x4x4xf32>) outs(%out : memref<1x4x4x4xf32>) {
    ^bb0(%a: f32, %b: f32, %o: f32):
      %p = arith.mulf %a, %b : f32
      %s = arith.addf %o, %p : f32
      linalg.yield %s : f32
    }
  }
  return
}
func.func @strided(%x: memref<1x9x9x4xf32>, %out: memref<1x4x4x4xf32>) {
  %w = memref.get_global @w4 : memref<3x3x4x4xf32>
  linalg.generic {indexing_maps = [#in2, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : memref<1x9x9x4xf32>, memref<3x3x4x4xf32>) outs(%out : memref<1x4x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func @odd(%x: memref<1x5x6x4xf32>, %out: memref<1x3x4x4xf32>) {
  %w = memref.get_global @w4 : memref<3x3x4x4xf32>
  linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : memref<1x5x6x4xf32>, memref<3x3x4x4xf32>) outs(%out : memref<1x3x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func @argument(%x: memref<1x6x6x4xf32>, %w: memref<3x3x4x4xf32>, %out: memref<1x4x4x4xf32>) {
  linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%x, %w : memref<1x6x6x4xf32>, memref<3x3x4x4xf32>) outs(%out : memref<1x4x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}
