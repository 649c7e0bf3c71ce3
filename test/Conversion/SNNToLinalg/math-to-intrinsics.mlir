// --snn-math-to-intrinsics: exact math ops and math.exp on f32/f64 (scalars
// and vectors) become LLVM intrinsics, so that convert-math-to-libm leaves
// them alone; expm1/log1p (accuracy) and ops on other types are not touched.
//
// RUN: snn-opt %s --snn-math-to-intrinsics | FileCheck %s
// RUN: snn-opt %s --snn-math-to-intrinsics --convert-math-to-libm | FileCheck %s --check-prefix=LIBM

// CHECK-LABEL: func.func @exact(
// CHECK: llvm.intr.floor(%{{.+}}) : (f32) -> f32
// CHECK: llvm.intr.ceil(%{{.+}}) : (f32) -> f32
// CHECK: llvm.intr.trunc(%{{.+}}) : (f64) -> f64
// CHECK: llvm.intr.round(%{{.+}}) : (f32) -> f32
// CHECK: llvm.intr.roundeven(%{{.+}}) : (f32) -> f32
// CHECK: llvm.intr.fabs(%{{.+}}) : (vector<8xf32>) -> vector<8xf32>
// CHECK: llvm.intr.sqrt(%{{.+}}) : (f32) -> f32
// CHECK: llvm.intr.copysign(%{{.+}}, %{{.+}}) : (f32, f32) -> f32
// CHECK: llvm.intr.exp(%{{.+}}) : (f32) -> f32
// CHECK: math.expm1
// CHECK: math.log1p
// CHECK: math.floor %{{.+}} : f16
// LIBM-LABEL: func.func @exact(
// LIBM-NOT: call @floorf
// LIBM-NOT: call @expf
// LIBM: call @expm1f
// LIBM: call @log1pf
func.func @exact(%a: f32, %b: f64, %v: vector<8xf32>, %h: f16) -> (f32, f32, f64, f32, f32, vector<8xf32>, f32, f32, f32, f32, f32, f16) {
  %0 = math.floor %a : f32
  %1 = math.ceil %a : f32
  %2 = math.trunc %b : f64
  %3 = math.round %a : f32
  %4 = math.roundeven %a : f32
  %5 = math.absf %v : vector<8xf32>
  %6 = math.sqrt %a : f32
  %7 = math.copysign %a, %0 : f32
  %8 = math.exp %a : f32
  %9 = math.expm1 %a : f32
  %10 = math.log1p %a : f32
  %11 = math.floor %h : f16
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : f32, f32, f64, f32, f32, vector<8xf32>, f32, f32, f32, f32, f32, f16
}

// math.cttz on an integer (the lists of non-zeros of snn-vectorize-
// contractions) becomes llvm.intr.cttz, defined for 0 (the bit width):
// convert-math-to-libm fails on math.cttz.
// CHECK-LABEL: func.func @count_trailing_zeros(
// CHECK: "llvm.intr.cttz"(%{{.+}}) <{is_zero_poison = false}> : (i64) -> i64
// CHECK-NOT: math.cttz
// LIBM-LABEL: func.func @count_trailing_zeros(
// LIBM: llvm.intr.cttz
func.func @count_trailing_zeros(%a: i64) -> i64 {
  %0 = math.cttz %a : i64
  return %0 : i64
}

// math.ctpop on an integer (the number of lanes snn-vectorize-neurons
// appends to a list) becomes llvm.intr.ctpop: convert-math-to-libm fails on
// math.ctpop.
// CHECK-LABEL: func.func @count_ones(
// CHECK: %{{.+}} = llvm.intr.ctpop(%{{.+}}) : (i16) -> i16
// CHECK-NOT: math.ctpop
// LIBM-LABEL: func.func @count_ones(
// LIBM: llvm.intr.ctpop
func.func @count_ones(%a: i16) -> i16 {
  %0 = math.ctpop %a : i16
  return %0 : i16
}

// snn.compress (the lists of snn-vectorize-neurons) becomes
// llvm.experimental.vector.compress, its other lanes poison; a lane count
// that is not a power of two of at least 2 (LLVM 22 crashes on 1, 3 and 7)
// is compressed as the next one, the padding lanes' mask unset, and its
// first lanes taken back.
// CHECK-LABEL: func.func @compress(
// CHECK-SAME: %[[V:.+]]: vector<16xf32>, %[[M:.+]]: vector<16xi1>, %[[W:.+]]: vector<5xi32>, %[[N:.+]]: vector<5xi1>, %[[S:.+]]: vector<1xf64>, %[[T:.+]]: vector<1xi1>)
// CHECK-DAG: %[[P:.+]] = llvm.mlir.poison : vector<16xf32>
// CHECK-DAG: %[[P8:.+]] = llvm.mlir.poison : vector<8xi32>
// CHECK-DAG: %[[F:.+]] = arith.constant dense<false> : vector<5xi1>
// CHECK: %[[C:.+]] = llvm.call_intrinsic "llvm.experimental.vector.compress"(%[[V]], %[[M]], %[[P]]) : (vector<16xf32>, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
// CHECK: %[[W8:.+]] = vector.shuffle %[[W]], %[[W]] [0, 1, 2, 3, 4, 5, 5, 5] : vector<5xi32>, vector<5xi32>
// CHECK: %[[N8:.+]] = vector.shuffle %[[N]], %[[F]] [0, 1, 2, 3, 4, 5, 5, 5] : vector<5xi1>, vector<5xi1>
// CHECK: %[[C8:.+]] = llvm.call_intrinsic "llvm.experimental.vector.compress"(%[[W8]], %[[N8]], %[[P8]]) : (vector<8xi32>, vector<8xi1>, vector<8xi32>) -> vector<8xi32>
// CHECK: %[[C5:.+]] = vector.shuffle %[[C8]], %[[C8]] [0, 1, 2, 3, 4] : vector<8xi32>, vector<8xi32>
// CHECK: %[[S2:.+]] = vector.shuffle %[[S]], %[[S]] [0, 1] : vector<1xf64>, vector<1xf64>
// CHECK: %[[C2:.+]] = llvm.call_intrinsic "llvm.experimental.vector.compress"(%[[S2]], %{{.+}}, %{{.+}}) : (vector<2xf64>, vector<2xi1>, vector<2xf64>) -> vector<2xf64>
// CHECK: %[[C1:.+]] = vector.shuffle %[[C2]], %[[C2]] [0] : vector<2xf64>, vector<2xf64>
// CHECK-NOT: snn.compress
// CHECK: return %[[C]], %[[C5]], %[[C1]]
func.func @compress(%v: vector<16xf32>, %m: vector<16xi1>, %w: vector<5xi32>, %n: vector<5xi1>, %s: vector<1xf64>, %t: vector<1xi1>) -> (vector<16xf32>, vector<5xi32>, vector<1xf64>) {
  %0 = snn.compress %v, %m : vector<16xf32>, vector<16xi1>
  %1 = snn.compress %w, %n : vector<5xi32>, vector<5xi1>
  %2 = snn.compress %s, %t : vector<1xf64>, vector<1xi1>
  return %0, %1, %2 : vector<16xf32>, vector<5xi32>, vector<1xf64>
}
