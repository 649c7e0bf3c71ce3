// --snn-vectorize-contractions on buffers: generics ordered parallel...,
// reduction..., parallel (as --snn-schedule-linalg leaves them) become scf
// loops over vector<8xf32> accumulators (the last piece of a row shorter),
// kept in registers over the reduction loops, for a block of positions of
// the last outer parallel dimension; with skip-zeros, rows of at least
// skip-zeros-min-width elements of a body `out + x * y` with a scalar `x`
// skip the steps where x == 0 (scf.if). Other generics are left alone.
// (--canonicalize --cse only fold the index arithmetic for readability.)
//
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=10" --canonicalize --cse | FileCheck %s --check-prefixes=CHECK,DENSE
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=10 skip-zeros=false skip-zeros-min-width=1" --canonicalize --cse | FileCheck %s --check-prefixes=CHECK,DENSE
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=10 skip-zeros=true skip-zeros-lists=false skip-zeros-in-loops-only=false" --canonicalize --cse | FileCheck %s --check-prefixes=CHECK,SKIP32
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=10 skip-zeros=true skip-zeros-lists=false skip-zeros-in-loops-only=false skip-zeros-min-width=19" --canonicalize --cse | FileCheck %s --check-prefixes=CHECK,SKIP19
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=10 skip-zeros=true skip-zeros-lists=false skip-zeros-in-loops-only=false skip-zeros-min-width=20" --canonicalize --cse | FileCheck %s --check-prefixes=CHECK,SKIP20
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=10 skip-zeros=true skip-zeros-lists=false skip-zeros-in-loops-only=false skip-zeros-min-width=1" | FileCheck %s --check-prefix=RAW
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=10 skip-zeros=true skip-zeros-in-loops-only=false skip-zeros-min-width=19" --canonicalize --cse | FileCheck %s --check-prefix=LISTS
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=10 skip-zeros=true skip-zeros-in-loops-only=false skip-zeros-min-width=8 scatter-max-inputs=4" --canonicalize --cse | FileCheck %s --check-prefix=SCATTER
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=2 skip-zeros=true skip-zeros-in-loops-only=false skip-zeros-min-width=8 scatter-max-inputs=4" --canonicalize --cse | FileCheck %s --check-prefix=SCATTER1
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=8 max-accumulators=10 skip-zeros=true skip-zeros-in-loops-only=false skip-zeros-min-width=8 scatter-max-inputs=3" --canonicalize --cse | FileCheck %s --check-prefix=GATHER
//
// (The SKIP runs use the per-step test, skip-zeros-lists=false; LISTS the
// default lists of non-zeros, on @matmul.)

// The index maps of @conv (below), printed at the top.
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d0 * 2 + d1)>
// CHECK-DAG: #[[COL2:.+]] = affine_map<(d0) -> (d0 + 2)>
// CHECK-DAG: #[[COL8:.+]] = affine_map<(d0) -> (d0 + 8)>

#mA = affine_map<(i, k, j) -> (i, k)>
#mB = affine_map<(i, k, j) -> (k, j)>
#mC = affine_map<(i, k, j) -> (i, j)>
#s1in = affine_map<(n, h, w, kh, kw, c, f) -> (n, h + kh, w + kw, c)>
#s1w = affine_map<(n, h, w, kh, kw, c, f) -> (kh, kw, c, f)>
#s1out = affine_map<(n, h, w, kh, kw, c, f) -> (n, h, w, f)>

// A 4x5 @ 5x19 matrix product. Dense: a row is 8 + 8 + 3 elements (three
// accumulators), and rows are blocked by two (i step 2: six accumulators,
// at most 10); each scalar of %a is loaded once and broadcast per piece.
// With skip-zeros and a minimum width of 19 (but not 20), the row is
// event-driven instead: one row at a time, each step under
// `scf.if (a[i, k] != 0)`, the accumulators passed through otherwise.
// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:[^:]+]]: memref<4x5xf32>, %[[B:[^:]+]]: memref<5x19xf32>, %[[C:[^:]+]]: memref<4x19xf32>)
// DENSE-DAG:  %[[C0:.+]] = arith.constant 0 : index
// DENSE-DAG:  %[[C1:.+]] = arith.constant 1 : index
// DENSE-DAG:  %[[C2:.+]] = arith.constant 2 : index
// DENSE-DAG:  %[[C4:.+]] = arith.constant 4 : index
// DENSE-DAG:  %[[C5:.+]] = arith.constant 5 : index
// DENSE-DAG:  %[[C8:.+]] = arith.constant 8 : index
// DENSE-DAG:  %[[C16:.+]] = arith.constant 16 : index
// DENSE:      scf.for %[[I:.+]] = %[[C0]] to %[[C4]] step %[[C2]] {
// DENSE-NEXT:   %[[A00:.+]] = vector.load %[[C]][%[[I]], %[[C0]]] : memref<4x19xf32>, vector<8xf32>
// DENSE-NEXT:   %[[A01:.+]] = vector.load %[[C]][%[[I]], %[[C8]]] : memref<4x19xf32>, vector<8xf32>
// DENSE-NEXT:   %[[A02:.+]] = vector.load %[[C]][%[[I]], %[[C16]]] : memref<4x19xf32>, vector<3xf32>
// DENSE-NEXT:   %[[I1:.+]] = arith.addi %[[I]], %[[C1]] : index
// DENSE-NEXT:   %[[A10:.+]] = vector.load %[[C]][%[[I1]], %[[C0]]] : memref<4x19xf32>, vector<8xf32>
// DENSE-NEXT:   %[[A11:.+]] = vector.load %[[C]][%[[I1]], %[[C8]]] : memref<4x19xf32>, vector<8xf32>
// DENSE-NEXT:   %[[A12:.+]] = vector.load %[[C]][%[[I1]], %[[C16]]] : memref<4x19xf32>, vector<3xf32>
// DENSE-NEXT:   %[[R:.+]]:6 = scf.for %[[K:.+]] = %[[C0]] to %[[C5]] step %[[C1]] iter_args(%[[S00:.+]] = %[[A00]], %[[S01:.+]] = %[[A01]], %[[S02:.+]] = %[[A02]], %[[S10:.+]] = %[[A10]], %[[S11:.+]] = %[[A11]], %[[S12:.+]] = %[[A12]]) -> (vector<8xf32>, vector<8xf32>, vector<3xf32>, vector<8xf32>, vector<8xf32>, vector<3xf32>) {
// DENSE-NEXT:     %[[X0:.+]] = memref.load %[[A]][%[[I]], %[[K]]] : memref<4x5xf32>
// DENSE-NEXT:     %[[X0V8:.+]] = vector.broadcast %[[X0]] : f32 to vector<8xf32>
// DENSE-NEXT:     %[[W0:.+]] = vector.load %[[B]][%[[K]], %[[C0]]] : memref<5x19xf32>, vector<8xf32>
// DENSE-NEXT:     %[[P00:.+]] = arith.mulf %[[X0V8]], %[[W0]] : vector<8xf32>
// DENSE-NEXT:     %[[N00:.+]] = arith.addf %[[S00]], %[[P00]] : vector<8xf32>
// DENSE-NEXT:     %[[W1:.+]] = vector.load %[[B]][%[[K]], %[[C8]]] : memref<5x19xf32>, vector<8xf32>
// DENSE-NEXT:     %[[P01:.+]] = arith.mulf %[[X0V8]], %[[W1]] : vector<8xf32>
// DENSE-NEXT:     %[[N01:.+]] = arith.addf %[[S01]], %[[P01]] : vector<8xf32>
// DENSE-NEXT:     %[[X0V3:.+]] = vector.broadcast %[[X0]] : f32 to vector<3xf32>
// DENSE-NEXT:     %[[W2:.+]] = vector.load %[[B]][%[[K]], %[[C16]]] : memref<5x19xf32>, vector<3xf32>
// DENSE-NEXT:     %[[P02:.+]] = arith.mulf %[[X0V3]], %[[W2]] : vector<3xf32>
// DENSE-NEXT:     %[[N02:.+]] = arith.addf %[[S02]], %[[P02]] : vector<3xf32>
// DENSE-NEXT:     %[[X1:.+]] = memref.load %[[A]][%[[I1]], %[[K]]] : memref<4x5xf32>
// DENSE:          arith.addf %[[S10]], %{{.+}} : vector<8xf32>
// DENSE:          arith.addf %[[S11]], %{{.+}} : vector<8xf32>
// DENSE:          %[[N12:.+]] = arith.addf %[[S12]], %{{.+}} : vector<3xf32>
// DENSE-NEXT:     scf.yield %[[N00]], %[[N01]], %[[N02]], %{{.+}}, %{{.+}}, %[[N12]] :
// DENSE-NEXT:   }
// DENSE-NEXT:   vector.store %[[R]]#0, %[[C]][%[[I]], %[[C0]]] : memref<4x19xf32>, vector<8xf32>
// DENSE-NEXT:   vector.store %[[R]]#1, %[[C]][%[[I]], %[[C8]]] : memref<4x19xf32>, vector<8xf32>
// DENSE-NEXT:   vector.store %[[R]]#2, %[[C]][%[[I]], %[[C16]]] : memref<4x19xf32>, vector<3xf32>
// DENSE-NEXT:   vector.store %[[R]]#3, %[[C]][%[[I1]], %[[C0]]] : memref<4x19xf32>, vector<8xf32>
// DENSE-NEXT:   vector.store %[[R]]#4, %[[C]][%[[I1]], %[[C8]]] : memref<4x19xf32>, vector<8xf32>
// DENSE-NEXT:   vector.store %[[R]]#5, %[[C]][%[[I1]], %[[C16]]] : memref<4x19xf32>, vector<3xf32>
// DENSE-NOT:  scf.if
// DENSE-NOT:  linalg.generic
//
// SKIP32-NOT: scf.if
// SKIP32:     scf.for %{{.+}} = %{{.+}} to %{{.+}} step %c2
// SKIP32-NOT: scf.if
// SKIP20-NOT: scf.if
// SKIP20:     scf.for %{{.+}} = %{{.+}} to %{{.+}} step %c2
// SKIP20-NOT: scf.if
//
// SKIP19-DAG:  %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// SKIP19-DAG:  %[[S0:.+]] = arith.constant 0 : index
// SKIP19-DAG:  %[[S1:.+]] = arith.constant 1 : index
// SKIP19-DAG:  %[[S4:.+]] = arith.constant 4 : index
// SKIP19:      scf.for %[[SI:.+]] = %[[S0]] to %[[S4]] step %[[S1]] {
// SKIP19-COUNT-3: vector.load %[[C]][%[[SI]], %{{.+}}] : memref<4x19xf32>
// SKIP19-NEXT:   %[[SR:.+]]:3 = scf.for %[[SK:.+]] = {{.+}} iter_args(%[[T0:.+]] = %{{.+}}, %[[T1:.+]] = %{{.+}}, %[[T2:.+]] = %{{.+}}) -> (vector<8xf32>, vector<8xf32>, vector<3xf32>) {
// SKIP19-NEXT:     %[[SX:.+]] = memref.load %[[A]][%[[SI]], %[[SK]]] : memref<4x5xf32>
// SKIP19-NEXT:     %[[NZ:.+]] = arith.cmpf une, %[[SX]], %[[ZERO]] : f32
// SKIP19-NEXT:     %[[IF:.+]]:3 = scf.if %[[NZ]] -> (vector<8xf32>, vector<8xf32>, vector<3xf32>) {
// SKIP19:            arith.addf %[[T0]], %{{.+}} : vector<8xf32>
// SKIP19:            arith.addf %[[T1]], %{{.+}} : vector<8xf32>
// SKIP19:            arith.addf %[[T2]], %{{.+}} : vector<3xf32>
// SKIP19:            scf.yield
// SKIP19-NEXT:     } else {
// SKIP19-NEXT:       scf.yield %[[T0]], %[[T1]], %[[T2]] : vector<8xf32>, vector<8xf32>, vector<3xf32>
// SKIP19-NEXT:     }
// SKIP19-NEXT:     scf.yield %[[IF]]#0, %[[IF]]#1, %[[IF]]#2 :
// SKIP19-NEXT:   }
// SKIP19-COUNT-3: vector.store %[[SR]]#{{[0-2]}}, %[[C]][%[[SI]], %{{.+}}] : memref<4x19xf32>
// SKIP19-NOT:  linalg.generic
// With lists (the default): before the tiles, one pass over %a writes, per
// row, every column index and value at position k and moves k past the
// non-zeros only (no branch); the event-driven reduction then runs over k <
// count[i], reading the column and value from the lists, in increasing
// column order (that of the dense loop), with no test per step.
// LISTS-LABEL: func.func @matmul(
// LISTS-SAME: %[[A:[^:]+]]: memref<4x5xf32>, %[[B:[^:]+]]: memref<5x19xf32>, %[[C:[^:]+]]: memref<4x19xf32>)
// LISTS:      %[[CNT:.+]] = memref.alloc() : memref<4xindex>
// LISTS-NEXT: %[[IDX:.+]] = memref.alloc() : memref<4x5xi32>
// LISTS-NEXT: %[[VAL:.+]] = memref.alloc() : memref<4x5xf32>
// LISTS-NEXT: scf.for %[[R:.+]] = %c0 to %c4 step %c1 {
// LISTS-NEXT:   %[[N:.+]] = scf.for %[[CI:.+]] = %c0 to %c5 step %c1 iter_args(%[[K:.+]] = %c0) -> (index) {
// LISTS-NEXT:     %[[X:.+]] = memref.load %[[A]][%[[R]], %[[CI]]] : memref<4x5xf32>
// LISTS-NEXT:     %[[CI32:.+]] = arith.index_cast %[[CI]] : index to i32
// LISTS-NEXT:     memref.store %[[CI32]], %[[IDX]][%[[R]], %[[K]]] : memref<4x5xi32>
// LISTS-NEXT:     memref.store %[[X]], %[[VAL]][%[[R]], %[[K]]] : memref<4x5xf32>
// LISTS-NEXT:     %[[NZ:.+]] = arith.cmpf une, %[[X]], %{{.+}} : f32
// LISTS-NEXT:     %[[STEP:.+]] = arith.select %[[NZ]], %c1, %c0 : index
// LISTS-NEXT:     %[[K1:.+]] = arith.addi %[[K]], %[[STEP]] : index
// LISTS-NEXT:     scf.yield %[[K1]] : index
// LISTS-NEXT:   }
// LISTS-NEXT:   memref.store %[[N]], %[[CNT]][%[[R]]] : memref<4xindex>
// LISTS-NEXT: }
// LISTS-NEXT: scf.for %[[I:.+]] = %c0 to %c4 step %c1 {
// LISTS-COUNT-3: vector.load %[[C]][%[[I]], %{{.+}}] : memref<4x19xf32>
// LISTS-NEXT:   %[[NI:.+]] = memref.load %[[CNT]][%[[I]]] : memref<4xindex>
// LISTS-NEXT:   scf.for %[[J:.+]] = %c0 to %[[NI]] step %c1 iter_args({{.+}}) -> (vector<8xf32>, vector<8xf32>, vector<3xf32>) {
// LISTS-NEXT:     %[[COL32:.+]] = memref.load %[[IDX]][%[[I]], %[[J]]] : memref<4x5xi32>
// LISTS-NEXT:     %[[COL:.+]] = arith.index_cast %[[COL32]] : i32 to index
// LISTS-NEXT:     %[[V:.+]] = memref.load %[[VAL]][%[[I]], %[[J]]] : memref<4x5xf32>
// LISTS-NEXT:     %[[VB:.+]] = vector.broadcast %[[V]] : f32 to vector<8xf32>
// LISTS-NEXT:     vector.load %[[B]][%[[COL]], %c0] : memref<5x19xf32>, vector<8xf32>
// LISTS-NOT:      scf.if
// LISTS:          scf.yield
// LISTS-NEXT:   }
// LISTS-COUNT-3: vector.store
// LISTS:      memref.dealloc %[[CNT]]
// LISTS-NEXT: memref.dealloc %[[IDX]]
// LISTS-NEXT: memref.dealloc %[[VAL]]
func.func @matmul(%a: memref<4x5xf32>, %b: memref<5x19xf32>, %c: memref<4x19xf32>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<4x5xf32>, memref<5x19xf32>) outs(%c : memref<4x19xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// A 3x3 convolution of 4 channels of spikes (lists of at most 4 inputs,
// scatter-max-inputs=4): each padded input position with a non-empty list
// adds its terms to the outputs its taps reach (output = input - tap, when
// inside); the fused bias is written to the outputs first. The kernel
// columns are unrolled: where all three reach an output (the input column
// in [2, 4)), one pass over the list adds to the three outputs at once
// (three accumulators, independent chains); at the edges one column at a
// time, each inside its bounds. With max-accumulators=2 (SCATTER1), too few
// for three columns, always one tap at a time. With scatter-max-inputs=3
// every output gathers the lists of its nine taps instead.
// SCATTER-LABEL: func.func @conv_scatter(
// SCATTER-SAME: %[[X:[^:]+]]: memref<1x6x6x4xf32>, %[[W:[^:]+]]: memref<3x3x4x8xf32>, %[[B:[^:]+]]: memref<8xf32>, %[[O:[^:]+]]: memref<1x4x4x8xf32>)
// SCATTER:      %[[CNT:.+]] = memref.alloc() : memref<36xindex>
// SCATTER:      vector.load %[[B]][%c0] : memref<8xf32>, vector<8xf32>
// SCATTER:      vector.store %{{.+}}, %[[O]]
// SCATTER:      scf.for %[[IH:.+]] = %c0 to %c6 step %c1 {
// SCATTER-NEXT:   scf.for %[[IW:.+]] = %c0 to %c6 step %c1 {
// SCATTER:          %[[N:.+]] = memref.load %[[CNT]]
// SCATTER:          scf.if
// SCATTER-NEXT:       scf.for %[[KH:.+]] = %c0 to %c3 step %c1 {
// SCATTER-NEXT:         %[[OH:.+]] = arith.subi %[[IH]], %[[KH]] : index
// SCATTER-DAG:          arith.cmpi uge, %[[IH]], %[[KH]]
// SCATTER-DAG:          arith.cmpi uge, %[[IW]], %c2 : index
// SCATTER-DAG:          arith.cmpi ult, %[[IW]], %c4 : index
// SCATTER:              scf.if
// SCATTER-NEXT:           %[[A0:.+]] = vector.load %[[O]][%c0, %[[OH]], %[[IW]], %c0]
// SCATTER-NEXT:           %[[OW1:.+]] = arith.subi %[[IW]], %c1 : index
// SCATTER-NEXT:           %[[A1:.+]] = vector.load %[[O]][%c0, %[[OH]], %[[OW1]], %c0]
// SCATTER-NEXT:           %[[OW2:.+]] = arith.subi %[[IW]], %c2 : index
// SCATTER-NEXT:           %[[A2:.+]] = vector.load %[[O]][%c0, %[[OH]], %[[OW2]], %c0]
// SCATTER-NEXT:           %[[SUMS:.+]]:3 = scf.for %{{.+}} = %c0 to %[[N]] step %c1 iter_args(%{{.+}} = %[[A0]], %{{.+}} = %[[A1]], %{{.+}} = %[[A2]]) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// SCATTER-COUNT-3:          vector.load %[[W]][%[[KH]], %c{{[0-2]}}, %{{.+}}, %c0]
// SCATTER:                }
// SCATTER-NEXT:           vector.store %[[SUMS]]#0, %[[O]][%c0, %[[OH]], %[[IW]], %c0]
// SCATTER-NEXT:           vector.store %[[SUMS]]#1, %[[O]][%c0, %[[OH]], %[[OW1]], %c0]
// SCATTER-NEXT:           vector.store %[[SUMS]]#2, %[[O]][%c0, %[[OH]], %[[OW2]], %c0]
// SCATTER-NEXT:         } else {
// SCATTER-NEXT:           scf.for %[[KW:.+]] = %c0 to %c3 step %c1 {
// SCATTER-DAG:              arith.cmpi uge, %[[IW]], %[[KW]]
// SCATTER:                  scf.if
// SCATTER:                    %[[ACC:.+]] = vector.load %[[O]]
// SCATTER-NEXT:               %[[SUM:.+]] = scf.for %{{.+}} = %c0 to %[[N]] step %c1 iter_args(%{{.+}} = %[[ACC]]) -> (vector<8xf32>) {
// SCATTER:                    vector.store %[[SUM]], %[[O]]
// SCATTER1-LABEL: func.func @conv_scatter(
// SCATTER1:      scf.for %[[IH:.+]] = %c0 to %c6 step %c1 {
// SCATTER1-NEXT:   scf.for %[[IW:.+]] = %c0 to %c6 step %c1 {
// SCATTER1:          scf.if
// SCATTER1-NEXT:       scf.for %[[KH:.+]] = %c0 to %c3 step %c1 {
// SCATTER1-NEXT:         scf.for %[[KW:.+]] = %c0 to %c3 step %c1 {
// SCATTER1-DAG:            arith.cmpi uge, %[[IH]], %[[KH]]
// SCATTER1-DAG:            arith.cmpi uge, %[[IW]], %[[KW]]
// SCATTER1:                scf.if
// SCATTER1:                  %[[ACC:.+]] = vector.load
// SCATTER1-NEXT:             %[[SUM:.+]] = scf.for %{{.+}} iter_args(%{{.+}} = %[[ACC]]) -> (vector<8xf32>) {
// SCATTER1:                  vector.store %[[SUM]]
// SCATTER1-NOT:  scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>
// SCATTER1:      return
// GATHER-LABEL: func.func @conv_scatter(
// GATHER-NOT:   arith.cmpi uge
// GATHER:       return
func.func @conv_scatter(%x: memref<1x6x6x4xf32>, %w: memref<3x3x4x8xf32>, %b: memref<8xf32>, %o: memref<1x4x4x8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(n, h, w, f) -> (f)>, affine_map<(n, h, w, f) -> (n, h, w, f)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
    ins(%b : memref<8xf32>) outs(%o : memref<1x4x4x8xf32>) {
  ^bb0(%v: f32, %out: f32):
    linalg.yield %v : f32
  }
  linalg.generic {indexing_maps = [#s1in, #s1w, #s1out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
    ins(%x, %w : memref<1x6x6x4xf32>, memref<3x3x4x8xf32>) outs(%o : memref<1x4x4x8xf32>) {
  ^bb0(%in: f32, %wt: f32, %out: f32):
    %m = arith.mulf %in, %wt : f32
    %s = arith.addf %out, %m : f32
    linalg.yield %s : f32
  }
  return
}

// An event-driven input that is a view (the interior of a padded buffer):
// its lists are built from the view's own indices (the row delinearized),
// as for a contiguous input. Its rows are 3 whole vectors of 8: each is
// compared with 0 at once; the non-zeros' columns and values are packed in
// registers (snn.compress) and stored whole at position k, and k moves on
// by their count (the mask bitcast to an i8, ctpop), branch-free; no column
// is left for a one-by-one tail.
// LISTS-LABEL: func.func @strided_lists(
// LISTS-SAME: %[[X:[^:]+]]: memref<1x4x4x24xf32, strided<[864, 144, 24, 1], offset: 168>>
// LISTS-DAG:  %[[ZEROS:.+]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// LISTS-DAG:  %[[LANES:.+]] = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : vector<8xi32>
// LISTS:      %[[CNT:.+]] = memref.alloc() : memref<16xindex>
// LISTS-NEXT: %[[IDX:.+]] = memref.alloc() : memref<16x24xi32>
// LISTS-NEXT: %[[VAL:.+]] = memref.alloc() : memref<16x24xf32>
// LISTS-NEXT: scf.for %[[R:.+]] = %c0 to %c16 step %c1 {
// LISTS:        %[[N:.+]] = scf.for %[[C:.+]] = %c0 to %c24 step %c8 iter_args(%[[K:.+]] = %c0) -> (index) {
// LISTS-NEXT:     %[[V:.+]] = vector.load %[[X]][%c0, %{{.+}}, %{{.+}}, %[[C]]] : memref<1x4x4x24xf32, strided<[864, 144, 24, 1], offset: 168>>, vector<8xf32>
// LISTS-NEXT:     %[[M:.+]] = arith.cmpf une, %[[V]], %[[ZEROS]] : vector<8xf32>
// LISTS-NEXT:     %[[C32:.+]] = arith.index_cast %[[C]] : index to i32
// LISTS-NEXT:     %[[CB:.+]] = vector.broadcast %[[C32]] : i32 to vector<8xi32>
// LISTS-NEXT:     %[[COLS:.+]] = arith.addi %[[CB]], %[[LANES]] : vector<8xi32>
// LISTS-NEXT:     %[[PC:.+]] = snn.compress %[[COLS]], %[[M]] : vector<8xi32>, vector<8xi1>
// LISTS-NEXT:     vector.store %[[PC]], %[[IDX]][%[[R]], %[[K]]] : memref<16x24xi32>, vector<8xi32>
// LISTS-NEXT:     %[[PV:.+]] = snn.compress %[[V]], %[[M]] : vector<8xf32>, vector<8xi1>
// LISTS-NEXT:     vector.store %[[PV]], %[[VAL]][%[[R]], %[[K]]] : memref<16x24xf32>, vector<8xf32>
// LISTS-NEXT:     %[[B:.+]] = vector.bitcast %[[M]] : vector<8xi1> to vector<1xi8>
// LISTS-NEXT:     %[[B8:.+]] = vector.extract %[[B]][0] : i8 from vector<1xi8>
// LISTS-NEXT:     %[[P:.+]] = math.ctpop %[[B8]] : i8
// LISTS-NEXT:     %[[PI:.+]] = arith.index_castui %[[P]] : i8 to index
// LISTS-NEXT:     %[[KN:.+]] = arith.addi %[[K]], %[[PI]] : index
// LISTS-NEXT:     scf.yield %[[KN]] : index
// LISTS-NEXT:   }
// LISTS-NEXT:   memref.store %[[N]], %[[CNT]][%[[R]]] : memref<16xindex>
// LISTS-NEXT: }
func.func @strided_lists(%x: memref<1x4x4x24xf32, strided<[864, 144, 24, 1], offset: 168>>, %w: memref<24x19xf32>, %o: memref<1x4x4x19xf32>) {
  linalg.generic {indexing_maps = [affine_map<(n, h, w, c, f) -> (n, h, w, c)>, affine_map<(n, h, w, c, f) -> (c, f)>, affine_map<(n, h, w, c, f) -> (n, h, w, f)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]}
    ins(%x, %w : memref<1x4x4x24xf32, strided<[864, 144, 24, 1], offset: 168>>, memref<24x19xf32>) outs(%o : memref<1x4x4x19xf32>) {
  ^bb0(%in: f32, %wt: f32, %out: f32):
    %m = arith.mulf %in, %wt : f32
    %s = arith.addf %out, %m : f32
    linalg.yield %s : f32
  }
  return
}

// A fully connected layer 1x3 @ 3x96 (12 vectors of 8): at most 10
// accumulators at a time, so two passes over the reduction (10 vectors, then
// 2). The body `y * x + out` (operands swapped) is still `out + x * y`: with
// the default minimum width (32), each pass skips the zero inputs.
// CHECK-LABEL: func.func @fc_wide(
// CHECK-SAME: %[[A:[^:]+]]: memref<1x3xf32>, %[[B:[^:]+]]: memref<3x96xf32>, %[[C:[^:]+]]: memref<1x96xf32>)
// CHECK-COUNT-10: vector.load %[[C]]{{.*}} vector<8xf32>
// CHECK-NEXT:  %[[R1:.+]]:10 = scf.for
// DENSE-NOT:   scf.if
// SKIP32:      %[[X:.+]] = memref.load %[[A]]
// SKIP32-NEXT: %[[NZ:.+]] = arith.cmpf une, %[[X]], %{{.+}} : f32
// SKIP32-NEXT: scf.if %[[NZ]] -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK:       vector.load %[[B]][%{{.+}}, %c72] : memref<3x96xf32>, vector<8xf32>
// CHECK-NOT:   vector.load %[[B]]
// CHECK-COUNT-10: vector.store %[[R1]]#
// CHECK-COUNT-2: vector.load %[[C]]{{.*}} vector<8xf32>
// CHECK-NEXT:  %[[R2:.+]]:2 = scf.for
// DENSE-NOT:   scf.if
// SKIP32:      arith.cmpf une
// SKIP32-NEXT: scf.if %{{.+}} -> (vector<8xf32>, vector<8xf32>)
// CHECK:       vector.load %[[B]][%{{.+}}, %c80] : memref<3x96xf32>, vector<8xf32>
// CHECK:       vector.load %[[B]][%{{.+}}, %c88] : memref<3x96xf32>, vector<8xf32>
// CHECK-COUNT-2: vector.store %[[R2]]#
// CHECK-NOT:   linalg.generic
func.func @fc_wide(%a: memref<1x3xf32>, %b: memref<3x96xf32>, %c: memref<1x96xf32>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<1x3xf32>, memref<3x96xf32>) outs(%c : memref<1x96xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %y, %x : f32
    %s = arith.addf %m, %o : f32
    linalg.yield %s : f32
  }
  return
}

// A scheduled HWCF convolution, stride 2, 5 output channels: one
// vector<5xf32> per output pixel; the tile is two whole rows of the 6x5
// output (oh step 2, all 5 positions of ow: 10 accumulators, one scalar
// load per position and one filter load for all ten per reduction step),
// three reduction loops (kh, kw, c) carry the accumulators; the input pixel
// is a scalar read at (2 * (oh + r) + kh, 2 * c' + kw, c) for tile row r
// and column c'. 5 channels < any minimum width here: dense in every run.
// CHECK-LABEL: func.func @conv(
// CHECK-SAME: %[[X:[^:]+]]: memref<1x13x11x3xf32>, %[[W:[^:]+]]: memref<3x3x3x5xf32>, %[[O:[^:]+]]: memref<1x6x5x5xf32>)
// CHECK:      scf.for %[[OH:.+]] = %{{.+}} to %c6 step %c2 {
// CHECK-COUNT-5: vector.load %[[O]][%c0, %[[OH]], %{{.+}}, %c0] : memref<1x6x5x5xf32>, vector<5xf32>
// CHECK-NEXT:   %[[OH1:.+]] = arith.addi %[[OH]], %c1 : index
// CHECK-COUNT-5: vector.load %[[O]][%c0, %[[OH1]], %{{.+}}, %c0] : memref<1x6x5x5xf32>, vector<5xf32>
// CHECK-NEXT:   scf.for %[[KH:.+]] = %c0 to %c3 step %c1 iter_args({{.+}}) -> (vector<5xf32>, vector<5xf32>, vector<5xf32>, vector<5xf32>, vector<5xf32>, vector<5xf32>, vector<5xf32>, vector<5xf32>, vector<5xf32>, vector<5xf32>) {
// CHECK-NEXT:     scf.for %[[KW:.+]] = %c0 to %c3 step %c1
// CHECK-NEXT:       scf.for %[[CI:.+]] = %c0 to %c3 step %c1
// CHECK-NEXT:         %[[IH:.+]] = affine.apply #[[ROW]](%[[OH]], %[[KH]])
// CHECK-NEXT:         %[[P0:.+]] = memref.load %[[X]][%c0, %[[IH]], %[[KW]], %[[CI]]] : memref<1x13x11x3xf32>
// CHECK-NEXT:         vector.broadcast %[[P0]] : f32 to vector<5xf32>
// CHECK-NEXT:         vector.load %[[W]][%[[KH]], %[[KW]], %[[CI]], %c0] : memref<3x3x3x5xf32>, vector<5xf32>
// CHECK-NOT:          scf.if
// CHECK:              %[[IW1:.+]] = affine.apply #[[COL2]](%[[KW]])
// CHECK-NEXT:         memref.load %[[X]][%c0, %[[IH]], %[[IW1]], %[[CI]]]
// CHECK-NOT:          scf.if
// CHECK:              %[[IW4:.+]] = affine.apply #[[COL8]](%[[KW]])
// CHECK-NEXT:         memref.load %[[X]][%c0, %[[IH]], %[[IW4]], %[[CI]]]
// CHECK-NOT:          scf.if
// CHECK:              %[[IH1:.+]] = affine.apply #[[ROW]](%[[OH1]], %[[KH]])
// CHECK-NEXT:         memref.load %[[X]][%c0, %[[IH1]], %[[KW]], %[[CI]]]
// CHECK-NOT:          vector.load %[[W]]
// CHECK-NOT:          scf.if
// CHECK-COUNT-10: vector.store %{{.+}}, %[[O]][%c0, %{{.+}}, %{{.+}}, %c0] : memref<1x6x5x5xf32>, vector<5xf32>
// CHECK-NOT:   linalg.generic
#cin = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
#cw = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
#cout = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
func.func @conv(%x: memref<1x13x11x3xf32>, %w: memref<3x3x3x5xf32>, %o: memref<1x6x5x5xf32>) {
  linalg.generic {indexing_maps = [#cin, #cw, #cout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
    ins(%x, %w : memref<1x13x11x3xf32>, memref<3x3x3x5xf32>) outs(%o : memref<1x6x5x5xf32>) {
  ^bb0(%in: f32, %f: f32, %out: f32):
    %m = arith.mulf %in, %f : f32
    %s = arith.addf %out, %m : f32
    linalg.yield %s : f32
  }
  return
}

// Sum pooling, 40 channels (5 vectors): the input is a vector operand, the
// window's (unused) kernel operand a scalar; ow blocked by 2 (10
// accumulators). No `x * y` in the body: never event-driven, even though
// 40 >= 32.
// CHECK-LABEL: func.func @pool(
// CHECK-SAME: %[[X:[^:]+]]: memref<1x8x8x40xf32>, %{{[^:]+}}: memref<2x2xf32>, %[[O:[^:]+]]: memref<1x4x4x40xf32>)
// CHECK:      scf.for %[[OH:.+]] = %c0 to %c4 step %c1 {
// CHECK-NEXT:   scf.for %[[OW:.+]] = %c0 to %c4 step %c2 {
// CHECK-COUNT-10: vector.load %[[O]]
// CHECK-NEXT:     scf.for %{{.+}} = %c0 to %c2 step %c1 iter_args({{.+}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK-NEXT:       scf.for
// CHECK-NOT:          scf.if
// CHECK:              %[[V:.+]] = vector.load %[[X]]{{.+}} : memref<1x8x8x40xf32>, vector<8xf32>
// CHECK-NEXT:         arith.addf %{{.+}}, %[[V]] : vector<8xf32>
// CHECK-NOT:          scf.if
// CHECK-COUNT-10: vector.store
// CHECK-NOT:   linalg.generic
#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 2 + d4, d5)>
#pk = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
func.func @pool(%x: memref<1x8x8x40xf32>, %k: memref<2x2xf32>, %o: memref<1x4x4x40xf32>) {
  linalg.generic {indexing_maps = [#pin, #pk, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
    ins(%x, %k : memref<1x8x8x40xf32>, memref<2x2xf32>) outs(%o : memref<1x4x4x40xf32>) {
  ^bb0(%in: f32, %unused: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  }
  return
}

// A body with a constant and a scalar from outside: both become vectors of
// each piece's width (20 = 8 + 8 + 4). `out + (x * y * 0.5) * g` is not
// `out + x * y`: never event-driven; rows blocked by 2.
// CHECK-LABEL: func.func @scaled(
// CHECK-SAME: %{{[^:]+}}: memref<2x5xf32>, %{{[^:]+}}: memref<5x20xf32>, %{{[^:]+}}: memref<2x20xf32>, %[[G:[^:]+]]: f32)
// CHECK-DAG:  %[[H8:.+]] = arith.constant dense<5.000000e-01> : vector<8xf32>
// CHECK-DAG:  %[[H4:.+]] = arith.constant dense<5.000000e-01> : vector<4xf32>
// CHECK-NOT:  scf.if
// CHECK:      %{{.+}}:6 = scf.for
// CHECK:      %[[M8:.+]] = arith.mulf %{{.+}}, %[[H8]] : vector<8xf32>
// CHECK-NEXT: %[[G8:.+]] = vector.broadcast %[[G]] : f32 to vector<8xf32>
// CHECK-NEXT: arith.mulf %[[M8]], %[[G8]] : vector<8xf32>
// CHECK:      %[[M4:.+]] = arith.mulf %{{.+}}, %[[H4]] : vector<4xf32>
// CHECK-NEXT: %[[G4:.+]] = vector.broadcast %[[G]] : f32 to vector<4xf32>
// CHECK-NEXT: arith.mulf %[[M4]], %[[G4]] : vector<4xf32>
// CHECK-NOT:  scf.if
// CHECK-NOT:  linalg.generic
func.func @scaled(%a: memref<2x5xf32>, %b: memref<5x20xf32>, %c: memref<2x20xf32>, %g: f32) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<2x5xf32>, memref<5x20xf32>) outs(%c : memref<2x20xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %h = arith.constant 0.5 : f32
    %m = arith.mulf %x, %y : f32
    %n = arith.mulf %m, %h : f32
    %p = arith.mulf %n, %g : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}

// A body with a comparison, a select and fast-math flags: predicates and
// flags are kept, the i1 becomes a vector<3xi1>.
// CHECK-LABEL: func.func @select_body(
// CHECK:      %[[V:.+]] = vector.load %{{.+}} : memref<1x8x8x3xf32>, vector<3xf32>
// CHECK-NEXT: %[[GT:.+]] = arith.cmpf ugt, %[[V]], %[[ACC:[^ ]+]] : vector<3xf32>
// CHECK-NEXT: %[[SEL:.+]] = arith.select %[[GT]], %[[V]], %[[ACC]] : vector<3xi1>, vector<3xf32>
// CHECK-NEXT: arith.addf %[[SEL]], %[[SEL]] fastmath<nnan> : vector<3xf32>
// CHECK-NOT:  linalg.generic
func.func @select_body(%x: memref<1x8x8x3xf32>, %k: memref<2x2xf32>, %o: memref<1x4x4x3xf32>) {
  linalg.generic {indexing_maps = [#pin, #pk, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
    ins(%x, %k : memref<1x8x8x3xf32>, memref<2x2xf32>) outs(%o : memref<1x4x4x3xf32>) {
  ^bb0(%in: f32, %unused: f32, %out: f32):
    %c = arith.cmpf ugt, %in, %out : f32
    %s = arith.select %c, %in, %out : f32
    %t = arith.addf %s, %s fastmath<nnan> : f32
    linalg.yield %t : f32
  }
  return
}

// An empty innermost dimension (0 elements): left alone (this used to divide
// by zero choosing the block). Checked without --canonicalize, which erases
// a linalg op on an empty buffer.
// CHECK-LABEL: func.func @empty(
// CHECK-NOT: vector.
// RAW-LABEL: func.func @empty(
// RAW-NOT: vector.
// RAW: linalg.generic
// RAW-NOT: vector.
// RAW: return
func.func @empty(%a: memref<4x5xf32>, %b: memref<5x0xf32>, %c: memref<4x0xf32>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<4x5xf32>, memref<5x0xf32>) outs(%c : memref<4x0xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// Left alone (for convert-linalg-to-loops): dynamic shapes, an output or
// input with a non-unit innermost stride (layout or map), a non-arith body
// (math, linalg.index), reductions innermost (not scheduled), no reduction
// at all, tensors.
// CHECK-LABEL: func.func @dynamic(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
// CHECK-LABEL: func.func @strided_out(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
// CHECK-LABEL: func.func @strided_in(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
// CHECK-LABEL: func.func @strided_map(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
// CHECK-LABEL: func.func @math_body(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
// CHECK-LABEL: func.func @index_body(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
// CHECK-LABEL: func.func @unscheduled(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
// CHECK-LABEL: func.func @elementwise(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
// CHECK-LABEL: func.func @tensors(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
func.func @dynamic(%a: memref<?x5xf32>, %b: memref<5x19xf32>, %c: memref<?x19xf32>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<?x5xf32>, memref<5x19xf32>) outs(%c : memref<?x19xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
func.func @strided_out(%a: memref<4x5xf32>, %b: memref<5x19xf32>, %c: memref<4x19xf32, strided<[38, 2]>>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<4x5xf32>, memref<5x19xf32>) outs(%c : memref<4x19xf32, strided<[38, 2]>>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
func.func @strided_in(%a: memref<4x5xf32>, %b: memref<5x19xf32, strided<[40, 2]>>, %c: memref<4x19xf32>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<4x5xf32>, memref<5x19xf32, strided<[40, 2]>>) outs(%c : memref<4x19xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
func.func @strided_map(%a: memref<4x5xf32>, %b: memref<5x38xf32>, %c: memref<4x19xf32>) {
  linalg.generic {indexing_maps = [#mA, affine_map<(i, k, j) -> (k, j * 2)>, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<4x5xf32>, memref<5x38xf32>) outs(%c : memref<4x19xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
func.func @math_body(%a: memref<4x5xf32>, %b: memref<5x19xf32>, %c: memref<4x19xf32>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<4x5xf32>, memref<5x19xf32>) outs(%c : memref<4x19xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %e = math.exp %m : f32
    %s = arith.addf %o, %e : f32
    linalg.yield %s : f32
  }
  return
}
func.func @index_body(%a: memref<4x5xf32>, %b: memref<5x19xf32>, %c: memref<4x19xf32>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<4x5xf32>, memref<5x19xf32>) outs(%c : memref<4x19xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %i = linalg.index 2 : index
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    %m = arith.mulf %x, %f : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
func.func @unscheduled(%a: memref<4x5xf32>, %b: memref<5x19xf32>, %c: memref<4x19xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%a, %b : memref<4x5xf32>, memref<5x19xf32>) outs(%c : memref<4x19xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
func.func @elementwise(%a: memref<4x19xf32>, %c: memref<4x19xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
    ins(%a : memref<4x19xf32>) outs(%c : memref<4x19xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %o, %x : f32
    linalg.yield %s : f32
  }
  return
}
func.func @tensors(%a: tensor<4x5xf32>, %b: tensor<5x19xf32>, %c: tensor<4x19xf32>) -> tensor<4x19xf32> {
  %r = linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : tensor<4x5xf32>, tensor<5x19xf32>) outs(%c : tensor<4x19xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x19xf32>
  return %r : tensor<4x19xf32>
}
