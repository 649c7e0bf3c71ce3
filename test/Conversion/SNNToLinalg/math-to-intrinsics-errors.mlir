// --snn-math-to-intrinsics leaves an snn.compress of more than 512 bits
// (LLVM 22 splits the intrinsic and miscompiles it on AVX-512) and fails,
// naming the op; --snn-vectorize-neurons never makes one.
//
// RUN: snn-opt %s --snn-math-to-intrinsics --verify-diagnostics --split-input-file

func.func @too_wide(%v: vector<32xf32>, %m: vector<32xi1>) -> vector<32xf32> {
  // expected-error @+1 {{'snn.compress' op on 'vector<32xf32>' is not lowered: vectors of more than 512 bits (after padding to a power of two lanes) are miscompiled by LLVM 22; split it}}
  %0 = snn.compress %v, %m : vector<32xf32>, vector<32xi1>
  return %0 : vector<32xf32>
}

// -----

// 12 lanes of f64 are padded to 16 (1,024 bits).
func.func @too_wide_padded(%v: vector<12xf64>, %m: vector<12xi1>) -> vector<12xf64> {
  // expected-error @+1 {{'snn.compress' op on 'vector<12xf64>' is not lowered}}
  %0 = snn.compress %v, %m : vector<12xf64>, vector<12xi1>
  return %0 : vector<12xf64>
}

// -----

func.func @index_lanes(%v: vector<4xindex>, %m: vector<4xi1>) -> vector<4xindex> {
  // expected-error @+1 {{'snn.compress' op on 'vector<4xindex>' is not lowered: its element type has no LLVM equivalent}}
  %0 = snn.compress %v, %m : vector<4xindex>, vector<4xi1>
  return %0 : vector<4xindex>
}
