// --snn-vectorize-contractions with weight-cache-bytes: a reduction whose
// weights for one group of output channels exceed the budget is split, so
// that consecutive register tiles read a slice of the weights that stays in
// cache. A 1-D convolution (10 positions, 3 taps, 8 input and 8 output
// channels) in vectors of 4 with 4 accumulators is one group of 2 vectors
// (8 channels, 32 bytes per reduction step) for blocks of 2 positions. With
// 128 bytes: the 3 * 8 steps (768 bytes) and one tap's 8 steps (256) do not
// fit, 4 channels (128) do: the loop over taps and a loop over chunks of 4
// input channels run outside the loop over positions, and each tile loads
// its accumulators, adds the 4 steps of its chunk, and stores them. Every
// output still takes its terms in (tap, channel) order; the execution test
// (test/Execution/vectorize-contractions.mlir, split rows) checks the bits.
//
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4 weight-cache-bytes=128 split-min-steps=4" --canonicalize --cse | FileCheck %s --check-prefix=SPLIT
// With split-min-steps=8, chunks of 4 channels are too short: only the taps
// move out (8 steps per tile). With 9, not even that: without a budget or
// when any split leaves a tile fewer than split-min-steps steps, the tiles
// run the whole reduction (taps, then channels) inside.
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4 weight-cache-bytes=128 split-min-steps=8" --canonicalize --cse | FileCheck %s --check-prefix=TAPS
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4 weight-cache-bytes=0" --canonicalize --cse | FileCheck %s --check-prefix=WHOLE
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=4 weight-cache-bytes=128 split-min-steps=9" --canonicalize --cse | FileCheck %s --check-prefix=WHOLE

// SPLIT-LABEL: func.func @conv(
// SPLIT-SAME: %[[IN:[^:]+]]: memref<12x8xf32>, %[[W:[^:]+]]: memref<3x8x8xf32>, %[[OUT:[^:]+]]: memref<10x8xf32>)
// SPLIT:      scf.for %[[K:.+]] = %c0 to %c3 step %c1 {
// SPLIT-NEXT:   scf.for %[[C0:.+]] = %c0 to %c8 step %c4 {
// SPLIT-NEXT:     scf.for %[[P:.+]] = %c0 to %c10 step %c2 {
// SPLIT-NEXT:       vector.load %[[OUT]][%[[P]], %c0]
// SPLIT-COUNT-3:    vector.load %[[OUT]]
// SPLIT-NEXT:       scf.for %[[C1:.+]] = %c0 to %c4 step %c1 iter_args(
// SPLIT-NEXT:         %[[C:.+]] = arith.addi %[[C0]], %[[C1]] : index
// SPLIT:              memref.load %[[IN]][%{{.+}}, %[[C]]]
// SPLIT:              vector.load %[[W]][%[[K]], %[[C]], %c0]
// SPLIT:              scf.yield
// SPLIT-COUNT-4:    vector.store {{.+}}, %[[OUT]]
// SPLIT-NOT:  scf.for
// SPLIT:      return

// WHOLE-LABEL: func.func @conv(
// WHOLE:      scf.for %[[P:.+]] = %c0 to %c10 step %c2 {
// WHOLE-COUNT-4: vector.load
// WHOLE-NEXT:   scf.for %[[K:.+]] = %c0 to %c3 step %c1 iter_args(
// WHOLE-NEXT:     scf.for %[[C:.+]] = %c0 to %c8 step %c1 iter_args(
// WHOLE:      scf.yield
// WHOLE:      scf.yield
// WHOLE-COUNT-4: vector.store

// TAPS-LABEL: func.func @conv(
// TAPS:      scf.for %[[K:.+]] = %c0 to %c3 step %c1 {
// TAPS-NEXT:   scf.for %[[P:.+]] = %c0 to %c10 step %c2 {
// TAPS-COUNT-4: vector.load
// TAPS-NEXT:     scf.for %[[C:.+]] = %c0 to %c8 step %c1 iter_args(
// TAPS:          vector.load %{{.+}}[%[[K]], %[[C]], %c0]
// TAPS-NOT:  scf.for
// TAPS:      return
#mIn = affine_map<(p, k, c, f) -> (p + k, c)>
#mW = affine_map<(p, k, c, f) -> (k, c, f)>
#mOut = affine_map<(p, k, c, f) -> (p, f)>
func.func @conv(%in: memref<12x8xf32>, %w: memref<3x8x8xf32>, %out: memref<10x8xf32>) {
  linalg.generic {indexing_maps = [#mIn, #mW, #mOut], iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
    ins(%in, %w : memref<12x8xf32>, memref<3x8x8xf32>) outs(%out : memref<10x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// A matrix-vector product (one position): each group is one tile, and
// reads a piece of every weight row. When all the groups' weights (64 rows
// of 40 floats, 10 KB) are at least stream-min-bytes (here 1 KB; by
// default 32 MiB: weights that come from memory on every call), the rows
// are taken in chunks of
// split-min-steps outside the loop over groups, so that the groups read
// each row in turn, whole. Each output still sums its terms in row order.
// STREAM-LABEL: func.func @gemv(
// STREAM-SAME: %[[A:[^:]+]]: memref<1x64xf32>, %[[B:[^:]+]]: memref<64x40xf32>, %[[C:[^:]+]]: memref<1x40xf32>)
// STREAM:      scf.for %[[K0:.+]] = %c0 to %c64 step %c16 {
// STREAM-NEXT:   scf.for %[[G:.+]] = %c0 to %c40 step %c8 {
// STREAM-NEXT:     vector.load %[[C]][%c0, %[[G]]]
// STREAM:          vector.load %[[C]]
// STREAM-NEXT:     scf.for %[[K1:.+]] = %c0 to %c16 step %c1 iter_args(
// STREAM-NEXT:       %[[K:.+]] = arith.addi %[[K0]], %[[K1]] : index
// STREAM:            vector.load %[[B]][%[[K]], %[[G]]]
// STREAM:          scf.yield
// STREAM-COUNT-2:  vector.store {{.+}}, %[[C]]
// STREAM-NOT:  scf.for
// STREAM:      return
// With threads, each takes a contiguous range of the groups, outermost.
// STREAM-PAR-LABEL: func.func @gemv(
// STREAM-PAR:      scf.parallel (%[[T:.+]]) = (%c0) to
// STREAM-PAR:        %[[HI:.+]] = arith.minsi %{{.+}}, %c40 : index
// STREAM-PAR-NEXT:   scf.for %[[K0:.+]] = %c0 to %c64 step %c16 {
// STREAM-PAR-NEXT:     scf.for %[[G:.+]] = %{{.+}} to %[[HI]] step %c8 {
// Weights under stream-min-bytes: groups outermost, the whole reduction inside.
// GEMV-WHOLE-LABEL: func.func @gemv(
// GEMV-WHOLE:      scf.for %[[G:.+]] = %c0 to %c40 step %c8 {
// GEMV-WHOLE-COUNT-2: vector.load
// GEMV-WHOLE-NEXT:   scf.for %{{.+}} = %c0 to %c64 step %c1 iter_args(
//
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 weight-cache-bytes=1024 stream-min-bytes=1024 split-min-steps=16" --canonicalize --cse | FileCheck %s --check-prefix=STREAM
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 weight-cache-bytes=1024 stream-min-bytes=1024 split-min-steps=16 parallel-min-work=100" --canonicalize --cse | FileCheck %s --check-prefix=STREAM-PAR
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 weight-cache-bytes=1024 stream-min-bytes=16384 split-min-steps=16" --canonicalize --cse | FileCheck %s --check-prefix=GEMV-WHOLE
#mA = affine_map<(i, k, j) -> (i, k)>
#mB = affine_map<(i, k, j) -> (k, j)>
#mC = affine_map<(i, k, j) -> (i, j)>
func.func @gemv(%a: memref<1x64xf32>, %b: memref<64x40xf32>, %c: memref<1x40xf32>) {
  linalg.generic {indexing_maps = [#mA, #mB, #mC], iterator_types = ["parallel", "reduction", "parallel"]}
    ins(%a, %b : memref<1x64xf32>, memref<64x40xf32>) outs(%c : memref<1x40xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// The same product with a reduction dimension of one step after the rows
// (a 1x1 convolution's window, as the importer's Gemm-as-convolution has):
// the rows are still the chunked dimension, not moved out one by one.
// STREAM-LABEL: func.func @gemv_unit(
// STREAM:      scf.for %[[K0:.+]] = %c0 to %c64 step %c16 {
// STREAM-NEXT:   scf.for %[[G:.+]] = %c0 to %c40 step %c8 {
// STREAM:          scf.for %{{.+}} = %c0 to %c16 step %c1 iter_args(
// STREAM:      return
#uA = affine_map<(i, k, u, j) -> (i, k)>
#uB = affine_map<(i, k, u, j) -> (k, u, j)>
#uC = affine_map<(i, k, u, j) -> (i, j)>
func.func @gemv_unit(%a: memref<1x64xf32>, %b: memref<64x1x40xf32>, %c: memref<1x40xf32>) {
  linalg.generic {indexing_maps = [#uA, #uB, #uC], iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
    ins(%a, %b : memref<1x64xf32>, memref<64x1x40xf32>) outs(%c : memref<1x40xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}

// A fully connected layer after a flatten (VGG's 512 x 7 x 7 -> 4096): the
// reduction has three dimensions; parts are one channel's 3 x 3 = 9 steps
// (at most split-min-steps = 16, at least 8), so the channels move out one
// at a time and the groups read each channel's 9 weight rows in turn.
// STREAM-LABEL: func.func @gemv3d(
// STREAM:      scf.for %[[C:.+]] = %c0 to %c4 step %c1 {
// STREAM-NEXT:   scf.for %[[G:.+]] = %c0 to %c40 step %c8 {
// STREAM:          scf.for %{{.+}} = %c0 to %c3 step %c1 iter_args(
// STREAM-NEXT:       scf.for %{{.+}} = %c0 to %c3 step %c1 iter_args(
// STREAM:      return
#vA = affine_map<(i, c, h, w, j) -> (i, c, h, w)>
#vB = affine_map<(i, c, h, w, j) -> (c, h, w, j)>
#vC = affine_map<(i, c, h, w, j) -> (i, j)>
func.func @gemv3d(%a: memref<1x4x3x3xf32>, %b: memref<4x3x3x40xf32>, %c: memref<1x40xf32>) {
  linalg.generic {indexing_maps = [#vA, #vB, #vC], iterator_types = ["parallel", "reduction", "reduction", "reduction", "parallel"]}
    ins(%a, %b : memref<1x4x3x3xf32>, memref<4x3x3x40xf32>) outs(%c : memref<1x40xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  }
  return
}
