// With threads, the parallel loop of an op bound by its weights is the loop
// over groups, so that each thread reads a part of the weights: here 8
// positions of a 16-step reduction against 16x16 weights (1,024 bytes,
// more than the 512 bytes of the other input) in 2 groups of 2 vectors of 4.
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 pack-weights=false parallel-min-work=1 threads=2" | FileCheck %s --check-prefix=GROUPS
// Groups that do not divide among the threads (2 groups, 4 threads) keep
// the loop with the most iterations, the positions'; so do two threads
// when the other input is the larger (64 positions: 4,096 bytes).
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 pack-weights=false parallel-min-work=1 threads=4" | FileCheck %s --check-prefix=ROWS
// One thread: no change of loop.
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 pack-weights=false parallel-min-work=1 threads=1" | FileCheck %s --check-prefix=ROWS

// GROUPS-LABEL: func.func @small_map(
// GROUPS: scf.parallel (%{{.+}}) = (%c0{{.*}}) to (%c16{{.*}}) step (%c8{{.*}})
// GROUPS-NOT: scf.parallel
// GROUPS: return
// ROWS-LABEL: func.func @small_map(
// ROWS: scf.parallel (%{{.+}}) = (%c0{{.*}}) to (%c8{{.*}}) step (%c1{{.*}})
// ROWS-NOT: scf.parallel
// ROWS: return
func.func @small_map(%a: memref<8x16xf32>, %w: memref<16x16xf32>, %c: memref<8x16xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (k, n)>, affine_map<(m, k, n) -> (m, n)>], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}

// GROUPS-LABEL: func.func @large_map(
// GROUPS: scf.parallel (%{{.+}}) = (%c0{{.*}}) to (%c64{{.*}}) step (%c1{{.*}})
// GROUPS-NOT: scf.parallel
// GROUPS: return
func.func @large_map(%a: memref<64x16xf32>, %w: memref<16x16xf32>, %c: memref<64x16xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (k, n)>, affine_map<(m, k, n) -> (m, n)>], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<64x16xf32>, memref<16x16xf32>) outs(%c : memref<64x16xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}
