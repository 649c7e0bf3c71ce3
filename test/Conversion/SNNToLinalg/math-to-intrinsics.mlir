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
