// An elementwise op that reads a contraction's output right after it (a
// ReLU, a residual addition and ReLU) is applied by the contraction's tiles
// to their finished vectors, which go to its init (fuse-epilogues).
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4" | FileCheck %s
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4 fuse-epilogues=false" | FileCheck %s --check-prefix=OFF
// A split reduction (a weight cache of 64 bytes): the partial sums go to the
// output, the last part's through the epilogue.
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4 weight-cache-bytes=64 split-min-steps=2" | FileCheck %s --check-prefix=SPLIT

#mk = affine_map<(m, k, n) -> (m, k)>
#kn = affine_map<(m, k, n) -> (k, n)>
#mn = affine_map<(m, k, n) -> (m, n)>
#id = affine_map<(m, n) -> (m, n)>

// CHECK-LABEL: func.func @relu(
// CHECK-SAME:    %[[A:.+]]: memref<8x16xf32>, %[[W:.+]]: memref<16x16xf32>, %[[D:.+]]: memref<8x16xf32>)
// CHECK:         %[[R:.+]] = arith.maximumf %{{.+}}, %{{.+}} : vector<4xf32>
// CHECK-NEXT:    vector.store %[[R]], %[[D]][%{{.+}}, %{{.+}}] : memref<8x16xf32>, vector<4xf32>
// CHECK-NOT:     linalg.generic
// CHECK:         return
// OFF-LABEL: func.func @relu(
// OFF:         linalg.generic
// OFF:           arith.maximumf %{{.+}}, %{{.+}} : f32
// SPLIT-LABEL: func.func @relu(
// SPLIT-SAME:    %[[A:.+]]: memref<8x16xf32>, %[[W:.+]]: memref<16x16xf32>, %[[D:.+]]: memref<8x16xf32>)
// SPLIT:         %[[C:.+]] = memref.alloc() : memref<8x16xf32>
// SPLIT:         scf.for %[[K:.+]] = %{{.+}} to %c16{{.*}} step %c2
// SPLIT:         arith.cmpi eq, %[[K]], %c0
// SPLIT:         %[[LAST:.+]] = arith.cmpi eq, %[[K]], %c14
// SPLIT-NEXT:    scf.if %[[LAST]] {
// SPLIT:           arith.maximumf %{{.+}}, %{{.+}} : vector<4xf32>
// SPLIT:           vector.store %{{.+}}, %[[D]]
// SPLIT:         } else {
// SPLIT-NOT:       arith.maximumf
// SPLIT:           vector.store %{{.+}}, %[[C]]
// SPLIT:         }
// SPLIT-NOT:     linalg.generic
// SPLIT:         return
func.func @relu(%a: memref<8x16xf32>, %w: memref<16x16xf32>, %d: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<8x16xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%c : memref<8x16xf32>) outs(%d : memref<8x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %c : memref<8x16xf32>
  return
}

// A residual addition and ReLU in place on the output, which is returned:
// the tiles load the residual at the same indices and store the results
// into the output. The fill and view of the next padded buffer, in between,
// move before the contraction.
// CHECK-LABEL: func.func @residual_in_place(
// CHECK-SAME:    %[[A:.+]]: memref<8x16xf32>, %[[W:.+]]: memref<16x16xf32>, %[[RES:.+]]: memref<8x16xf32>)
// CHECK:         %[[C:.+]] = memref.alloc() : memref<8x16xf32>
// CHECK:         %[[P:.+]] = memref.alloc() : memref<10x16xf32>
// CHECK:         linalg.fill ins(%{{.+}} : f32) outs(%[[P]] :
// CHECK:         scf.for
// CHECK:           %[[X:.+]] = vector.load %[[RES]][%{{.+}}, %{{.+}}] : memref<8x16xf32>, vector<4xf32>
// CHECK-NEXT:      %[[S:.+]] = arith.addf %{{.+}}, %[[X]] : vector<4xf32>
// CHECK:           %[[R:.+]] = arith.maximumf %[[S]], %{{.+}} : vector<4xf32>
// CHECK-NEXT:      vector.store %[[R]], %[[C]][%{{.+}}, %{{.+}}] : memref<8x16xf32>, vector<4xf32>
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[C]], %[[P]]
func.func @residual_in_place(%a: memref<8x16xf32>, %w: memref<16x16xf32>, %res: memref<8x16xf32>) -> (memref<8x16xf32>, memref<10x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<8x16xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  %pad = memref.alloc() : memref<10x16xf32>
  linalg.fill ins(%zero : f32) outs(%pad : memref<10x16xf32>)
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%c, %res : memref<8x16xf32>, memref<8x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %r: f32, %o: f32):
    %s = arith.addf %x, %r : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }
  return %c, %pad : memref<8x16xf32>, memref<10x16xf32>
}

// The output is read again after the elementwise op, which writes another
// buffer: it must keep the sums, nothing is fused.
// CHECK-LABEL: func.func @read_later(
// CHECK:         linalg.generic
// CHECK:           arith.maximumf %{{.+}}, %{{.+}} : f32
func.func @read_later(%a: memref<8x16xf32>, %w: memref<16x16xf32>, %d: memref<8x16xf32>, %e: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<8x16xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%c : memref<8x16xf32>) outs(%d : memref<8x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.copy %c, %e : memref<8x16xf32> to memref<8x16xf32>
  memref.dealloc %c : memref<8x16xf32>
  return
}

// The elementwise op writes the contraction's input, which later tiles
// still read: nothing is fused.
// CHECK-LABEL: func.func @writes_input(
// CHECK:         linalg.generic
// CHECK:           arith.maximumf %{{.+}}, %{{.+}} : f32
func.func @writes_input(%a: memref<8x16xf32>, %w: memref<16x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<8x16xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%c : memref<8x16xf32>) outs(%a : memref<8x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %c : memref<8x16xf32>
  return
}

// An op in between that touches the contraction's buffers (a copy of its
// input) stops the search: nothing is fused.
// CHECK-LABEL: func.func @touched_between(
// CHECK:         memref.copy
// CHECK:         linalg.generic
// CHECK:           arith.maximumf %{{.+}}, %{{.+}} : f32
func.func @touched_between(%a: memref<8x16xf32>, %w: memref<16x16xf32>, %d: memref<8x16xf32>, %e: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<8x16xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  memref.copy %a, %e : memref<8x16xf32> to memref<8x16xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%c : memref<8x16xf32>) outs(%d : memref<8x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %c : memref<8x16xf32>
  return
}

// A deallocation of the contraction's input between the two ops stays in
// place (the elementwise op does not read that buffer): fused.
// CHECK-LABEL: func.func @dealloc_between(
// CHECK:         arith.maximumf %{{.+}}, %{{.+}} : vector<4xf32>
// CHECK:         memref.dealloc %{{.+}} : memref<8x16xf32>
// CHECK-NOT:     linalg.generic
// CHECK:         return
func.func @dealloc_between(%x: memref<8x16xf32>, %w: memref<16x16xf32>, %d: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %a = memref.alloc() : memref<8x16xf32>
  memref.copy %x, %a : memref<8x16xf32> to memref<8x16xf32>
  %c = memref.alloc() : memref<8x16xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x0: f32, %y: f32, %o: f32):
    %p = arith.mulf %x0, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  memref.dealloc %a : memref<8x16xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%c : memref<8x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  }
  memref.copy %c, %d : memref<8x16xf32> to memref<8x16xf32>
  memref.dealloc %c : memref<8x16xf32>
  return
}

// The elementwise op also reads another view of the output (made before
// the contraction), which would hold partial sums or nothing while the
// tiles run: nothing is fused.
// CHECK-LABEL: func.func @reads_output_view(
// CHECK:         linalg.generic
// CHECK:           arith.maximumf %{{.+}}, %{{.+}} : f32
func.func @reads_output_view(%a: memref<8x16xf32>, %w: memref<16x16xf32>, %d: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<8x16xf32>
  %v = memref.subview %c[0, 0] [8, 16] [1, 1] : memref<8x16xf32> to memref<8x16xf32, strided<[16, 1]>>
  linalg.fill ins(%zero : f32) outs(%c : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%c, %v : memref<8x16xf32>, memref<8x16xf32, strided<[16, 1]>>) outs(%d : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %c : memref<8x16xf32>
  return
}
