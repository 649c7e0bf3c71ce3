// RUN: snn-opt %s --pass-pipeline="builtin.module(func.func(snn-hoist-border-fills{border-only=false}))" | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>

// A padded buffer: filled whole every step, its interior overwritten by the
// producer, the whole read by a consumer. The fill moves before the loop.
// CHECK-LABEL: func.func @padded(
// CHECK:       %[[PAD:.+]] = memref.alloc() : memref<6x6xf32>
// CHECK-NEXT:  linalg.fill ins(%{{.+}} : f32) outs(%[[PAD]] : memref<6x6xf32>)
// CHECK-NEXT:  scf.for
// CHECK-NOT:     linalg.fill
// CHECK:         %[[IN:.+]] = memref.subview %[[PAD]][1, 1] [4, 4] [1, 1]
// CHECK:         linalg.generic {{.*}} outs(%[[IN]] :
// CHECK:         linalg.generic {{.*}} ins(%[[PAD]] :
// CHECK:       memref.dealloc %[[PAD]]
func.func @padded(%x: memref<4x4xf32>, %y: memref<6x6xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<6x6xf32>
  scf.for %i = %c0 to %n step %c1 {
    linalg.fill ins(%zero : f32) outs(%pad : memref<6x6xf32>)
    %inner = memref.subview %pad[1, 1] [4, 4] [1, 1] : memref<6x6xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xf32>) outs(%inner : memref<4x4xf32, strided<[6, 1], offset: 7>>) {
    ^bb0(%in: f32, %out: f32):
      %s = arith.mulf %in, %in : f32
      linalg.yield %s : f32
    }
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%pad : memref<6x6xf32>) outs(%y : memref<6x6xf32>) {
    ^bb0(%in: f32, %out: f32):
      %s = arith.addf %in, %out : f32
      linalg.yield %s : f32
    }
  }
  memref.dealloc %pad : memref<6x6xf32>
  return
}

// The producer also reads what it writes (accumulates into the interior):
// the fill's zeros there matter, it stays.
// CHECK-LABEL: func.func @writer_reads(
// CHECK:       scf.for
// CHECK-NEXT:    linalg.fill
func.func @writer_reads(%x: memref<4x4xf32>, %y: memref<6x6xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<6x6xf32>
  scf.for %i = %c0 to %n step %c1 {
    linalg.fill ins(%zero : f32) outs(%pad : memref<6x6xf32>)
    %inner = memref.subview %pad[1, 1] [4, 4] [1, 1] : memref<6x6xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xf32>) outs(%inner : memref<4x4xf32, strided<[6, 1], offset: 7>>) {
    ^bb0(%in: f32, %out: f32):
      %s = arith.addf %in, %out : f32
      linalg.yield %s : f32
    }
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%pad : memref<6x6xf32>) outs(%y : memref<6x6xf32>) {
    ^bb0(%in: f32, %out: f32):
      %s = arith.addf %in, %out : f32
      linalg.yield %s : f32
    }
  }
  memref.dealloc %pad : memref<6x6xf32>
  return
}

// A read between the fill and the producer sees the zeros of the interior:
// the fill stays.
// CHECK-LABEL: func.func @read_before_writer(
// CHECK:       scf.for
// CHECK-NEXT:    linalg.fill
func.func @read_before_writer(%x: memref<4x4xf32>, %y: memref<6x6xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<6x6xf32>
  scf.for %i = %c0 to %n step %c1 {
    linalg.fill ins(%zero : f32) outs(%pad : memref<6x6xf32>)
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%pad : memref<6x6xf32>) outs(%y : memref<6x6xf32>) {
    ^bb0(%in: f32, %out: f32):
      %s = arith.addf %in, %out : f32
      linalg.yield %s : f32
    }
    %inner = memref.subview %pad[1, 1] [4, 4] [1, 1] : memref<6x6xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xf32>) outs(%inner : memref<4x4xf32, strided<[6, 1], offset: 7>>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    }
  }
  memref.dealloc %pad : memref<6x6xf32>
  return
}

// Another op in the loop writes the border (a second view): the fill stays.
// So it does when the buffer is read after the loop (a loop of no
// iterations would leave it unfilled), or when the fill's value changes in
// the loop.
// CHECK-LABEL: func.func @second_writer(
// CHECK:       scf.for
// CHECK-NEXT:    linalg.fill
// CHECK-LABEL: func.func @read_after_loop(
// CHECK:       scf.for
// CHECK-NEXT:    linalg.fill
// CHECK-LABEL: func.func @value_in_loop(
// CHECK:       scf.for
// CHECK:         linalg.fill
func.func @second_writer(%x: memref<4x4xf32>, %y: memref<6x6xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %pad = memref.alloc() : memref<6x6xf32>
  scf.for %i = %c0 to %n step %c1 {
    linalg.fill ins(%zero : f32) outs(%pad : memref<6x6xf32>)
    %inner = memref.subview %pad[1, 1] [4, 4] [1, 1] : memref<6x6xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xf32>) outs(%inner : memref<4x4xf32, strided<[6, 1], offset: 7>>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    }
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%pad : memref<6x6xf32>) outs(%y : memref<6x6xf32>) {
    ^bb0(%in: f32, %out: f32):
      %s = arith.addf %in, %out : f32
      linalg.yield %s : f32
    }
    %row = memref.subview %pad[0, 0] [1, 6] [1, 1] : memref<6x6xf32> to memref<1x6xf32, strided<[6, 1]>>
    linalg.fill ins(%one : f32) outs(%row : memref<1x6xf32, strided<[6, 1]>>)
  }
  memref.dealloc %pad : memref<6x6xf32>
  return
}
func.func @read_after_loop(%x: memref<4x4xf32>, %y: memref<6x6xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<6x6xf32>
  scf.for %i = %c0 to %n step %c1 {
    linalg.fill ins(%zero : f32) outs(%pad : memref<6x6xf32>)
    %inner = memref.subview %pad[1, 1] [4, 4] [1, 1] : memref<6x6xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xf32>) outs(%inner : memref<4x4xf32, strided<[6, 1], offset: 7>>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    }
  }
  %v = memref.load %pad[%c0, %c0] : memref<6x6xf32>
  memref.dealloc %pad : memref<6x6xf32>
  return %v : f32
}
func.func @value_in_loop(%x: memref<4x4xf32>, %y: memref<6x6xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %pad = memref.alloc() : memref<6x6xf32>
  scf.for %i = %c0 to %n step %c1 {
    %j = arith.index_cast %i : index to i32
    %v = arith.sitofp %j : i32 to f32
    linalg.fill ins(%v : f32) outs(%pad : memref<6x6xf32>)
    %inner = memref.subview %pad[1, 1] [4, 4] [1, 1] : memref<6x6xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xf32>) outs(%inner : memref<4x4xf32, strided<[6, 1], offset: 7>>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    }
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%pad : memref<6x6xf32>) outs(%y : memref<6x6xf32>) {
    ^bb0(%in: f32, %out: f32):
      %s = arith.addf %in, %out : f32
      linalg.yield %s : f32
    }
  }
  memref.dealloc %pad : memref<6x6xf32>
  return
}
