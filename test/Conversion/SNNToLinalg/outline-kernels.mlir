// --snn-outline-kernels: each top-level loop nest becomes a private,
// internal, noinline function called in its place; the body of a loop that
// holds several loops (a time loop) is searched instead; nests under
// min-ops operations stay.
//
// RUN: snn-opt %s --snn-outline-kernels=min-ops=4 | FileCheck %s
// RUN: snn-opt %s --snn-outline-kernels=min-ops=1000 | FileCheck %s --check-prefix=BIG

// CHECK: func.func private @net_kernel0(%{{.+}}: memref<4xf32>, %{{.+}}: memref<4xf32>, {{.*}}) attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK: scf.for
// CHECK: memref.load
// CHECK: arith.mulf
// CHECK: func.func private @net_kernel1(
// CHECK: arith.addf
// CHECK: func.func private @net_kernel2(
// CHECK: arith.subf
// CHECK-LABEL: func.func @net(
// CHECK-SAME: %[[A:[a-z0-9]+]]: memref<4xf32>, %[[B:[a-z0-9]+]]: memref<4xf32>
// CHECK-NEXT: arith.constant
// CHECK-NEXT: arith.constant
// CHECK-NEXT: arith.constant
// CHECK-NEXT: call @net_kernel0(%[[A]], %[[B]], {{.*}}) : (memref<4xf32>, memref<4xf32>, index, index, index) -> ()
// CHECK-NEXT: scf.for
// CHECK-NEXT: func.call @net_kernel1(%[[B]], %[[A]], {{.*}})
// CHECK-NEXT: func.call @net_kernel2(%[[A]], %[[B]], {{.*}})
// CHECK-NEXT: }
// CHECK-NEXT: return
// BIG-NOT: call
// BIG-NOT: kernel
func.func @net(%a: memref<4xf32>, %b: memref<4xf32>, %steps: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %x = memref.load %a[%i] : memref<4xf32>
    %y = arith.mulf %x, %x : f32
    memref.store %y, %b[%i] : memref<4xf32>
  }
  scf.for %t = %c0 to %steps step %c1 {
    scf.for %i = %c0 to %c4 step %c1 {
      %x = memref.load %b[%i] : memref<4xf32>
      %y = arith.addf %x, %x : f32
      memref.store %y, %a[%i] : memref<4xf32>
    }
    scf.for %i = %c0 to %c4 step %c1 {
      %x = memref.load %a[%i] : memref<4xf32>
      %y = arith.subf %x, %x : f32
      memref.store %y, %b[%i] : memref<4xf32>
    }
  }
  return
}

// A nest whose ops carry the layer's name (an imported ONNX node) gets it
// in the kernel's name, made symbol-friendly (runs of other characters
// become one '_'), for profiles; an scf.parallel nest (threads inside a
// layer) is a kernel too.
// CHECK-LABEL: func.func private @named_kernel0_layer1_layer1_0_conv1_Conv(
// CHECK: scf.parallel
// CHECK-LABEL: func.func @named(
// CHECK: call @named_kernel0_layer1_layer1_0_conv1_Conv(
func.func @named(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %x = memref.load %a[%i] : memref<4xf32> loc("/layer1/layer1.0/conv1/Conv")
    %y = arith.mulf %x, %x : f32
    memref.store %y, %b[%i] : memref<4xf32>
    scf.reduce
  }
  return
}
