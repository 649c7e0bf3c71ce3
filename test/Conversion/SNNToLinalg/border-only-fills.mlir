// RUN: snn-opt %s --pass-pipeline="builtin.module(func.func(snn-hoist-border-fills))" | FileCheck %s
// RUN: snn-opt %s --pass-pipeline="builtin.module(func.func(snn-hoist-border-fills{border-only=false}))" | FileCheck %s --check-prefix=WHOLE

#id4 = affine_map<(a, b, c, d) -> (a, b, c, d)>
#id2 = affine_map<(a, b) -> (a, b)>

// Straight-line code (an ANN's padded input): the fill of the 1x6x7x2
// buffer, whose interior [0, 1, 2, 0] [1, 4, 3, 2] the next op overwrites,
// becomes fills of the border: rows 0 and 5 whole, then in rows 1-4 the
// columns 0-1 and 5-6 (dimension 0 and 3 are not padded: no slabs).
// CHECK-LABEL: func.func @ann_pad(
// CHECK:       %[[PAD:.+]] = memref.alloc() : memref<1x6x7x2xf32>
// CHECK-NEXT:  %[[S0:.+]] = memref.subview %[[PAD]][0, 0, 0, 0] [1, 1, 7, 2] [1, 1, 1, 1]
// CHECK-NEXT:  linalg.fill ins(%[[V:.+]] : f32) outs(%[[S0]] :
// CHECK-NEXT:  %[[S1:.+]] = memref.subview %[[PAD]][0, 5, 0, 0] [1, 1, 7, 2] [1, 1, 1, 1]
// CHECK-NEXT:  linalg.fill ins(%[[V]] : f32) outs(%[[S1]] :
// CHECK-NEXT:  %[[S2:.+]] = memref.subview %[[PAD]][0, 1, 0, 0] [1, 4, 2, 2] [1, 1, 1, 1]
// CHECK-NEXT:  linalg.fill ins(%[[V]] : f32) outs(%[[S2]] :
// CHECK-NEXT:  %[[S3:.+]] = memref.subview %[[PAD]][0, 1, 5, 0] [1, 4, 2, 2] [1, 1, 1, 1]
// CHECK-NEXT:  linalg.fill ins(%[[V]] : f32) outs(%[[S3]] :
// CHECK-NOT:   linalg.fill
// CHECK:       %[[IN:.+]] = memref.subview %[[PAD]][0, 1, 2, 0] [1, 4, 3, 2] [1, 1, 1, 1]
// CHECK-NEXT:  linalg.generic {{.*}} outs(%[[IN]] :
// WHOLE-LABEL: func.func @ann_pad(
// WHOLE:       linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : memref<1x6x7x2xf32>)
// WHOLE-NOT:   memref.subview %{{.+}}[0, 0, 0, 0]
func.func @ann_pad(%x: memref<1x4x3x2xf32>, %y: memref<1x6x7x2xf32>) {
  %v = arith.constant 0xFF800000 : f32
  %pad = memref.alloc() : memref<1x6x7x2xf32>
  linalg.fill ins(%v : f32) outs(%pad : memref<1x6x7x2xf32>)
  %inner = memref.subview %pad[0, 1, 2, 0] [1, 4, 3, 2] [1, 1, 1, 1] : memref<1x6x7x2xf32> to memref<1x4x3x2xf32, strided<[84, 14, 2, 1], offset: 18>>
  linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : memref<1x4x3x2xf32>) outs(%inner : memref<1x4x3x2xf32, strided<[84, 14, 2, 1], offset: 18>>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.mulf %in, %in : f32
    linalg.yield %s : f32
  }
  memref.copy %pad, %y : memref<1x6x7x2xf32> to memref<1x6x7x2xf32>
  memref.dealloc %pad : memref<1x6x7x2xf32>
  return
}

// Padding on one side only: one slab per padded dimension.
// CHECK-LABEL: func.func @one_side(
// CHECK:       memref.subview %{{.+}}[3, 0] [1, 5] [1, 1]
// CHECK-NEXT:  linalg.fill
// CHECK-NEXT:  memref.subview %{{.+}}[0, 4] [3, 1] [1, 1]
// CHECK-NEXT:  linalg.fill
// CHECK-NOT:   linalg.fill
// CHECK:       return
func.func @one_side(%x: memref<3x4xf32>, %y: memref<4x5xf32>) {
  %v = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<4x5xf32>
  linalg.fill ins(%v : f32) outs(%pad : memref<4x5xf32>)
  %inner = memref.subview %pad[0, 0] [3, 4] [1, 1] : memref<4x5xf32> to memref<3x4xf32, strided<[5, 1]>>
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : memref<3x4xf32>) outs(%inner : memref<3x4xf32, strided<[5, 1]>>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  memref.copy %pad, %y : memref<4x5xf32> to memref<4x5xf32>
  memref.dealloc %pad : memref<4x5xf32>
  return
}

// The writer reads what it writes (accumulates into the interior): the
// fill's values there matter, the fill stays whole.
// CHECK-LABEL: func.func @writer_reads(
// CHECK:       linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : memref<4x5xf32>)
func.func @writer_reads(%x: memref<3x4xf32>, %y: memref<4x5xf32>) {
  %v = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<4x5xf32>
  linalg.fill ins(%v : f32) outs(%pad : memref<4x5xf32>)
  %inner = memref.subview %pad[0, 0] [3, 4] [1, 1] : memref<4x5xf32> to memref<3x4xf32, strided<[5, 1]>>
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : memref<3x4xf32>) outs(%inner : memref<3x4xf32, strided<[5, 1]>>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  memref.copy %pad, %y : memref<4x5xf32> to memref<4x5xf32>
  memref.dealloc %pad : memref<4x5xf32>
  return
}

// A strided view (every other column) leaves holes: the fill stays whole.
// CHECK-LABEL: func.func @strided_view(
// CHECK:       linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : memref<4x8xf32>)
func.func @strided_view(%x: memref<4x4xf32>, %y: memref<4x8xf32>) {
  %v = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<4x8xf32>
  linalg.fill ins(%v : f32) outs(%pad : memref<4x8xf32>)
  %inner = memref.subview %pad[0, 0] [4, 4] [1, 2] : memref<4x8xf32> to memref<4x4xf32, strided<[8, 2]>>
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xf32>) outs(%inner : memref<4x4xf32, strided<[8, 2]>>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  memref.copy %pad, %y : memref<4x8xf32> to memref<4x8xf32>
  memref.dealloc %pad : memref<4x8xf32>
  return
}
