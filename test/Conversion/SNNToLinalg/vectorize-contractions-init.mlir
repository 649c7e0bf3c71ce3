// --snn-vectorize-contractions fuses the op that initializes a
// contraction's output (a bias broadcast along the innermost dimension, or
// a fill) into the contraction: the register tiles start their
// accumulators from the bias (or the scalar) instead of loading the output,
// and the initializing op, a whole pass over the output, goes. The sums
// start from the same value, so the results are the same bits (the
// execution test, test/Execution/vectorize-contractions.mlir, runs the
// biased convolutions both ways).
//
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4" --canonicalize --cse | FileCheck %s
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4 fuse-inits=false" --canonicalize --cse | FileCheck %s --check-prefix=NOFUSE
// With a split reduction, only the first part starts from the bias.
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4 weight-cache-bytes=128 split-min-steps=8" --canonicalize --cse | FileCheck %s --check-prefix=SPLIT

#mIn = affine_map<(p, k, c, f) -> (p + k, c)>
#mW = affine_map<(p, k, c, f) -> (k, c, f)>
#mOut = affine_map<(p, k, c, f) -> (p, f)>
#bias = affine_map<(p, f) -> (f)>
#id = affine_map<(p, f) -> (p, f)>

// CHECK-LABEL: func.func @bias(
// CHECK-SAME: %[[IN:[^:]+]]: memref<12x8xf32>, %[[W:[^:]+]]: memref<3x8x8xf32>, %[[B:[^:]+]]: memref<8xf32>, %[[OUT:[^:]+]]: memref<10x8xf32>)
// CHECK-NOT:  linalg.generic
// CHECK:      scf.for %[[P:.+]] = %c0 to %c10 step %c2 {
// CHECK-NEXT:   %[[B0:.+]] = vector.load %[[B]][%c0] : memref<8xf32>, vector<4xf32>
// CHECK-NEXT:   %[[B1:.+]] = vector.load %[[B]][%c4] : memref<8xf32>, vector<4xf32>
// CHECK-NOT:    vector.load %[[OUT]]
// CHECK:        scf.for %{{.+}} = %c0 to %c3 step %c1 iter_args(%{{.+}} = %[[B0]], %{{.+}} = %[[B1]], %{{.+}} = %[[B0]], %{{.+}} = %[[B1]])
// CHECK:      return
// NOFUSE-LABEL: func.func @bias(
// NOFUSE:       linalg.generic
// NOFUSE-SAME:  outs(%{{.+}} : memref<10x8xf32>)
// NOFUSE:       vector.load %{{.+}} : memref<10x8xf32>, vector<4xf32>
// SPLIT-LABEL: func.func @bias(
// SPLIT:       scf.for %[[K:.+]] = %c0 to %c3 step %c1 {
// SPLIT:         %[[FIRST:.+]] = arith.cmpi eq, %[[K]], %c0 : index
// SPLIT-NEXT:    scf.if %[[FIRST]] -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>) {
// SPLIT:           vector.load %{{.+}}[%c0] : memref<8xf32>, vector<4xf32>
// SPLIT:         } else {
// SPLIT:           vector.load %{{.+}} : memref<10x8xf32>, vector<4xf32>
func.func @bias(%in: memref<12x8xf32>, %w: memref<3x8x8xf32>, %b: memref<8xf32>, %out: memref<10x8xf32>) {
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel"]}
    ins(%b : memref<8xf32>) outs(%out : memref<10x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [#mIn, #mW, #mOut], iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
    ins(%in, %w : memref<12x8xf32>, memref<3x8x8xf32>) outs(%out : memref<10x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// A fill, with an allocation and an op on another buffer in between.
// CHECK-LABEL: func.func @fill(
// CHECK-SAME: %[[OUT:[^:]+]]: memref<10x8xf32>)
// CHECK:      %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : vector<4xf32>
// CHECK:      linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : memref<4xf32>)
// CHECK-NOT:  linalg.fill
// CHECK:      scf.for
// CHECK-NOT:    vector.load %[[OUT]]
// CHECK:        scf.for %{{.+}} = %c0 to %c3 step %c1 iter_args(%{{.+}} = %[[ZERO]], %{{.+}} = %[[ZERO]], %{{.+}} = %[[ZERO]], %{{.+}} = %[[ZERO]])
func.func @fill(%in: memref<12x8xf32>, %w: memref<3x8x8xf32>, %out: memref<10x8xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<10x8xf32>)
  %other = memref.alloc() : memref<4xf32>
  linalg.fill ins(%zero : f32) outs(%other : memref<4xf32>)
  linalg.generic {indexing_maps = [#mIn, #mW, #mOut], iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
    ins(%in, %w : memref<12x8xf32>, memref<3x8x8xf32>) outs(%out : memref<10x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  memref.dealloc %other : memref<4xf32>
  return
}

// A fill written as a generic op without inputs (how some fills reach the
// pass after the elementwise fusions): fused the same way.
// CHECK-LABEL: func.func @generic_fill(
// CHECK-SAME: %[[OUT:[^:]+]]: memref<10x8xf32>)
// CHECK:      %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : vector<4xf32>
// CHECK-NOT:  linalg.generic
// CHECK:      scf.for
// CHECK-NOT:    vector.load %[[OUT]]
// CHECK:        scf.for %{{.+}} = %c0 to %c3 step %c1 iter_args(%{{.+}} = %[[ZERO]], %{{.+}} = %[[ZERO]], %{{.+}} = %[[ZERO]], %{{.+}} = %[[ZERO]])
// NOFUSE-LABEL: func.func @generic_fill(
// NOFUSE:       linalg.{{fill|generic}}
// NOFUSE:       vector.load %{{.+}} : memref<10x8xf32>, vector<4xf32>
func.func @generic_fill(%in: memref<12x8xf32>, %w: memref<3x8x8xf32>, %out: memref<10x8xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
    outs(%out : memref<10x8xf32>) {
  ^bb0(%o: f32):
    linalg.yield %zero : f32
  }
  linalg.generic {indexing_maps = [#mIn, #mW, #mOut], iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
    ins(%in, %w : memref<12x8xf32>, memref<3x8x8xf32>) outs(%out : memref<10x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// Not when an op in between touches the output (here through a view).
// CHECK-LABEL: func.func @touched(
// CHECK:      linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : memref<10x8xf32>)
// CHECK:      memref.store
// CHECK:      vector.load %{{.+}} : memref<10x8xf32>, vector<4xf32>
func.func @touched(%in: memref<12x8xf32>, %w: memref<3x8x8xf32>, %out: memref<10x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %c0 = arith.constant 0 : index
  linalg.fill ins(%zero : f32) outs(%out : memref<10x8xf32>)
  %row = memref.subview %out[0, 0] [1, 8] [1, 1] : memref<10x8xf32> to memref<8xf32, strided<[1]>>
  memref.store %one, %row[%c0] : memref<8xf32, strided<[1]>>
  linalg.generic {indexing_maps = [#mIn, #mW, #mOut], iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
    ins(%in, %w : memref<12x8xf32>, memref<3x8x8xf32>) outs(%out : memref<10x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
