// A dense op with many bytes of weights gets a parallel loop whatever its
// work (parallel-min-weight-bytes, with parallel-min-work set): a 1x64 @
// 64x32 product does 2,048 multiply-adds (under parallel-min-work=100000)
// and reads 8,192 bytes of weights.
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 pack-weights=false parallel-min-work=100000 parallel-min-weight-bytes=8192" | FileCheck %s --check-prefix=PAR
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 pack-weights=false parallel-min-work=100000 parallel-min-weight-bytes=8193" | FileCheck %s --check-prefix=SERIAL
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 pack-weights=false parallel-min-work=100000 parallel-min-weight-bytes=0" | FileCheck %s --check-prefix=SERIAL
// Without threads (parallel-min-work=0) nothing is parallel.
// RUN: snn-opt %s --snn-vectorize-contractions="vector-width=4 max-accumulators=2 pack-weights=false parallel-min-work=0 parallel-min-weight-bytes=8192" | FileCheck %s --check-prefix=SERIAL

// The groups of 2 vectors (8 columns) split between the threads.
// PAR-LABEL: func.func @matvec(
// PAR: scf.parallel (%{{.+}}) = (%c0{{.*}}) to (%c32{{.*}}) step (%c8{{.*}})
// SERIAL-LABEL: func.func @matvec(
// SERIAL-NOT: scf.parallel
func.func @matvec(%a: memref<1x64xf32>, %w: memref<64x32xf32>, %c: memref<1x32xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (k, n)>, affine_map<(m, k, n) -> (m, n)>], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %w : memref<1x64xf32>, memref<64x32xf32>) outs(%c : memref<1x32xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %o, %p : f32
    linalg.yield %s : f32
  }
  return
}
