// --snn-vectorize-contractions: register tiles larger than one vector row,
// threads, and what the pass does besides contractions. With vectors of 4
// and 6 accumulators, a 6x7 @ 7x80 product (rows of 20 vectors) is tiled as
// a loop over groups of 3 vectors (12 elements, 6 groups up to element 72)
// times blocks of 2 rows, then one group of the 2 vectors left (72..79) for
// blocks of 3 rows; each scalar of %a is loaded once per row and reduction
// step and each vector of %b once per tile and step (canonicalize and cse
// merge the repeated loads the pass writes).
//
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=6" --canonicalize --cse | FileCheck %s --check-prefixes=CHECK,SERIAL
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=6 parallel-min-work=100 parallel-min-elements=1000" --canonicalize --cse | FileCheck %s --check-prefixes=CHECK,PAR

// CHECK-LABEL: func.func @wide(
// CHECK-SAME: %[[A:[^:]+]]: memref<6x7xf32>, %[[B:[^:]+]]: memref<7x80xf32>, %[[C:[^:]+]]: memref<6x80xf32>)
// SERIAL:      scf.for %[[G:.+]] = %c0 to %c72 step %c12 {
// PAR:         scf.parallel (%[[G:.+]]) = (%c0) to (%c72) step (%c12) {
// CHECK-NEXT:    scf.for %[[I:.+]] = %c0 to %c6 step %c2 {
// CHECK-NEXT:      vector.load %[[C]][%[[I]], %[[G]]] : memref<6x80xf32>, vector<4xf32>
// CHECK-NEXT:      %[[G4:.+]] = arith.addi %[[G]], %c4 : index
// CHECK-NEXT:      vector.load %[[C]][%[[I]], %[[G4]]] : memref<6x80xf32>, vector<4xf32>
// CHECK-NEXT:      %[[G8:.+]] = arith.addi %[[G]], %c8 : index
// CHECK-NEXT:      vector.load %[[C]][%[[I]], %[[G8]]] : memref<6x80xf32>, vector<4xf32>
// CHECK-NEXT:      %[[I1:.+]] = arith.addi %[[I]], %c1 : index
// CHECK-COUNT-3:   vector.load %[[C]][%[[I1]], %{{.+}}] : memref<6x80xf32>, vector<4xf32>
// CHECK-NEXT:      scf.for %[[K:.+]] = %c0 to %c7 step %c1 iter_args({{.+}}) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>) {
// CHECK-NEXT:        memref.load %[[A]][%[[I]], %[[K]]]
// CHECK-NEXT:        vector.broadcast
// CHECK-NEXT:        vector.load %[[B]][%[[K]], %[[G]]]
// CHECK:             vector.load %[[B]][%[[K]], %[[G4]]]
// CHECK:             vector.load %[[B]][%[[K]], %[[G8]]]
// CHECK:             memref.load %[[A]][%[[I1]], %[[K]]]
// CHECK-NOT:         vector.load %[[B]]
// CHECK:             scf.yield
// CHECK-COUNT-6:   vector.store
// The rest: 2 vectors (elements 72..79) for 3 rows at a time.
// SERIAL:      scf.for %[[J:.+]] = %c0 to %c6 step %c3 {
// PAR:         scf.parallel (%[[J:.+]]) = (%c0) to (%c6) step (%c3) {
// CHECK-NEXT:    vector.load %[[C]][%[[J]], %c72] : memref<6x80xf32>, vector<4xf32>
// CHECK-NEXT:    vector.load %[[C]][%[[J]], %c76] : memref<6x80xf32>, vector<4xf32>
// CHECK:         scf.for %{{.+}} = %c0 to %c7 step %c1 iter_args({{.+}}) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>) {
// CHECK-COUNT-6: vector.store
// CHECK-NOT:   linalg.generic
#mA = affine_map<(i, k, j) -> (i, k)>
#mB = affine_map<(i, k, j) -> (k, j)>
#mC = affine_map<(i, k, j) -> (i, j)>
func.func @wide(%a: memref<6x7xf32>, %b: memref<7x80xf32>, %c: memref<6x80xf32>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<6x7xf32>, memref<7x80xf32>) outs(%c : memref<6x80xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// A copy into a strided view (a layer's input put into its padded buffer,
// a slice of a concatenation) with unit innermost strides becomes a loop
// over the rows, each a memref.copy of contiguous 1-D views (a memcpy),
// instead of a call to the C runner utilities' memrefCopy; a contiguous
// copy stays a memref.copy. Other strided copies become a linalg.copy.
// CHECK-LABEL: func.func @strided_copy(
// CHECK:       %[[V:.+]] = memref.subview %{{.+}}[1, 1] [2, 3] [1, 1]
// CHECK:       scf.for %[[I:.+]] = %c0 to %c2 step %c1 {
// CHECK-NEXT:    %[[S:.+]] = memref.subview %{{.+}}[%[[I]], 0] [1, 3] [1, 1] : memref<2x3xf32> to memref<3xf32, strided<[1], offset: ?>>
// CHECK-NEXT:    %[[T:.+]] = memref.subview %[[V]][%[[I]], 0] [1, 3] [1, 1] : memref<2x3xf32, strided<[5, 1], offset: 6>> to memref<3xf32, strided<[1], offset: ?>>
// CHECK-NEXT:    memref.copy %[[S]], %[[T]] : memref<3xf32, strided<[1], offset: ?>> to memref<3xf32, strided<[1], offset: ?>>
// CHECK-NEXT:  }
// CHECK-NEXT:  memref.copy %{{.+}}, %{{.+}} : memref<2x3xf32> to memref<2x3xf32>
// CHECK:       linalg.copy ins(%{{.+}} : memref<2x3xf32>) outs(%{{.+}} : memref<2x3xf32, strided<[10, 2]>>)
// CHECK-NOT:   memref.copy
func.func @strided_copy(%a: memref<2x3xf32>, %b: memref<4x5xf32>, %c: memref<2x3xf32>) {
  %v = memref.subview %b[1, 1] [2, 3] [1, 1] : memref<4x5xf32> to memref<2x3xf32, strided<[5, 1], offset: 6>>
  memref.copy %a, %v : memref<2x3xf32> to memref<2x3xf32, strided<[5, 1], offset: 6>>
  memref.copy %a, %c : memref<2x3xf32> to memref<2x3xf32>
  %w = memref.subview %b[0, 0] [2, 3] [2, 2] : memref<4x5xf32> to memref<2x3xf32, strided<[10, 2]>>
  memref.copy %a, %w : memref<2x3xf32> to memref<2x3xf32, strided<[10, 2]>>
  return
}

// An elementwise op over whole contiguous buffers becomes one loop over all
// elements (collapsed buffers), which LLVM vectorizes. At least
// parallel-min-elements (2,048 >= 1,000) long, that loop is parallel;
// without the option (or smaller) it is left to convert-linalg-to-loops.
// CHECK-LABEL: func.func @relu(
// CHECK-DAG:   %[[A1:.+]] = memref.collapse_shape %{{.+}} {{\[\[}}0, 1]] : memref<64x32xf32> into memref<2048xf32>
// CHECK-DAG:   %[[B1:.+]] = memref.collapse_shape %{{.+}} {{\[\[}}0, 1]] : memref<64x32xf32> into memref<2048xf32>
// SERIAL:      linalg.generic {{.*}} ins(%[[A1]] : memref<2048xf32>) outs(%[[B1]] : memref<2048xf32>)
// PAR-NOT:     linalg.generic
// PAR:         scf.parallel (%[[R:.+]]) = (%c0) to (%c2048) step (%c1) {
// PAR-NEXT:      memref.load %[[A1]][%[[R]]]
// PAR-NEXT:      arith.maximumf
// PAR-NEXT:      memref.store %{{.+}}, %[[B1]][%[[R]]]
// CHECK-LABEL: func.func @small_relu(
// CHECK:       linalg.generic {{.*}} memref<256xf32>
// A broadcast operand (a bias per channel) keeps the loops as they are.
// CHECK-LABEL: func.func @bias(
// CHECK-NOT:   memref.collapse_shape
// CHECK:       linalg.generic {{.*}} ins(%{{.+}} : memref<32xf32>) outs(%{{.+}} : memref<8x32xf32>)
func.func @relu(%a: memref<64x32xf32>, %b: memref<64x32xf32>) {
  %z = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
    ins(%a : memref<64x32xf32>) outs(%b : memref<64x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %z : f32
    linalg.yield %m : f32
  }
  return
}
func.func @small_relu(%a: memref<8x32xf32>, %b: memref<8x32xf32>) {
  %z = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
    ins(%a : memref<8x32xf32>) outs(%b : memref<8x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %z : f32
    linalg.yield %m : f32
  }
  return
}
func.func @bias(%a: memref<32xf32>, %b: memref<8x32xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
    ins(%a : memref<32xf32>) outs(%b : memref<8x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  return
}
