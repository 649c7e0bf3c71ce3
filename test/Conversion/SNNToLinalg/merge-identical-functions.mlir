// --snn-merge-identical-functions: of the private functions that differ
// only in their names (and locations), the first stays and every call to the
// others calls it; functions that differ in an operation, an attribute, a
// constant or their type stay, as do public ones and those referenced other
// than by a call.
//
// RUN: snn-opt %s --snn-merge-identical-functions | FileCheck %s

// CHECK-LABEL: func.func private @k0(
// CHECK: arith.mulf
// @k1 (the same body, other locations) and @k4 (the same too) are gone.
// CHECK-NOT: func.func private @k1(
// CHECK-LABEL: func.func private @k2(
// CHECK: arith.addf
// CHECK-LABEL: func.func private @k3(
// CHECK: arith.constant 2.0
// CHECK-NOT: func.func private @k4(
// CHECK-LABEL: func.func private @k5(
// CHECK-SAME: passthrough = ["noinline"]
// CHECK-LABEL: func.func private @k6(
// CHECK-SAME: memref<8xf32>
// CHECK-LABEL: func.func @k7(
// CHECK-LABEL: func.func private @k8(
// CHECK-LABEL: func.func @net(
// CHECK-NEXT: call @k0(%arg0, %arg1)
// CHECK-NEXT: call @k0(%arg1, %arg0)
// CHECK-NEXT: call @k2(%arg0, %arg1)
// CHECK-NEXT: call @k3(%arg0, %arg1)
// CHECK-NEXT: call @k0(%arg0, %arg0)
// CHECK-NEXT: call @k5(%arg0, %arg1)
// CHECK-NEXT: call @k6(%arg2, %arg2)
// CHECK-NEXT: call @k7(%arg0, %arg1)
// CHECK-NEXT: call @k8(%arg0, %arg1)
// CHECK-NEXT: constant @k8
func.func private @k0(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %x = memref.load %a[%c0] : memref<4xf32>
  %y = arith.mulf %x, %x : f32
  memref.store %y, %b[%c0] : memref<4xf32>
  return
}
func.func private @k1(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index loc("elsewhere")
  %x = memref.load %a[%c0] : memref<4xf32> loc("elsewhere")
  %y = arith.mulf %x, %x : f32 loc("elsewhere")
  memref.store %y, %b[%c0] : memref<4xf32>
  return
}
// Another operation.
func.func private @k2(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %x = memref.load %a[%c0] : memref<4xf32>
  %y = arith.addf %x, %x : f32
  memref.store %y, %b[%c0] : memref<4xf32>
  return
}
// Another constant.
func.func private @k3(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %two = arith.constant 2.0 : f32
  %x = memref.load %a[%c0] : memref<4xf32>
  %y = arith.mulf %x, %two : f32
  memref.store %y, %b[%c0] : memref<4xf32>
  return
}
func.func private @k4(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %x = memref.load %a[%c0] : memref<4xf32>
  %y = arith.mulf %x, %x : f32
  memref.store %y, %b[%c0] : memref<4xf32>
  return
}
// Another attribute.
func.func private @k5(%a: memref<4xf32>, %b: memref<4xf32>) attributes {passthrough = ["noinline"]} {
  %c0 = arith.constant 0 : index
  %x = memref.load %a[%c0] : memref<4xf32>
  %y = arith.mulf %x, %x : f32
  memref.store %y, %b[%c0] : memref<4xf32>
  return
}
// Another type.
func.func private @k6(%a: memref<8xf32>, %b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %x = memref.load %a[%c0] : memref<8xf32>
  %y = arith.mulf %x, %x : f32
  memref.store %y, %b[%c0] : memref<8xf32>
  return
}
// Public.
func.func @k7(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %x = memref.load %a[%c0] : memref<4xf32>
  %y = arith.mulf %x, %x : f32
  memref.store %y, %b[%c0] : memref<4xf32>
  return
}
// Referenced by func.constant.
func.func private @k8(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %x = memref.load %a[%c0] : memref<4xf32>
  %y = arith.mulf %x, %x : f32
  memref.store %y, %b[%c0] : memref<4xf32>
  return
}
func.func @net(%a: memref<4xf32>, %b: memref<4xf32>, %c: memref<8xf32>) -> ((memref<4xf32>, memref<4xf32>) -> ()) {
  call @k0(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
  call @k1(%b, %a) : (memref<4xf32>, memref<4xf32>) -> ()
  call @k2(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
  call @k3(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
  call @k4(%a, %a) : (memref<4xf32>, memref<4xf32>) -> ()
  call @k5(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
  call @k6(%c, %c) : (memref<8xf32>, memref<8xf32>) -> ()
  call @k7(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
  call @k8(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
  %f = func.constant @k8 : (memref<4xf32>, memref<4xf32>) -> ()
  return %f : (memref<4xf32>, memref<4xf32>) -> ()
}
