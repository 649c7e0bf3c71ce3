// The whole native lowering, as one pipeline and stage by stage; the result
// is LLVM dialect only and translates to LLVM IR.
//
// RUN: snn-opt %s --snn-lower-to-llvm | FileCheck %s
// RUN: snn-opt %s --snn-lower-to-llvm="vector-width=8" | snn-translate --mlir-to-llvmir > %t.ll
// RUN: FileCheck %s --check-prefix=LLVMIR < %t.ll
// RUN: FileCheck %s --check-prefix=NO16 < %t.ll
// RUN: snn-opt %s --snn-lower-to-llvm="vector-width=16" | snn-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR16
//
// The same stages, one snn-opt each (docs/LOWERING.md):
// RUN: snn-opt %s --pass-pipeline="builtin.module(func.func(snn-sink-synapses))" \
// RUN: | snn-opt --snn-materialize-time \
// RUN: | snn-opt --pass-pipeline="builtin.module(func.func(snn-delta-max-pool))" \
// RUN: | snn-opt --snn-vectorize-neurons \
// RUN: | snn-opt --convert-snn-to-linalg \
// RUN: | snn-opt --pass-pipeline="builtin.module(func.func(snn-fuse-grouped-conv,tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith,tosa-to-tensor,convert-elementwise-to-linalg))" \
// RUN: | snn-opt --canonicalize --linalg-fuse-elementwise-ops --snn-fuse-elementwise --canonicalize --cse \
// RUN: | snn-opt --snn-schedule-linalg --snn-fold-constant-transposes --loop-invariant-code-motion --canonicalize --cse \
// RUN: | snn-opt --snn-decompose-pads --eliminate-empty-tensors \
// RUN: | snn-opt --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops" \
// RUN: | snn-opt --pass-pipeline="builtin.module(func.func(buffer-loop-hoisting),buffer-deallocation-pipeline,convert-bufferization-to-memref,func.func(snn-hoist-border-fills))" \
// RUN: | snn-opt --pass-pipeline="builtin.module(func.func(snn-vectorize-contractions,convert-linalg-to-loops),snn-outline-kernels,snn-merge-identical-functions,func.func(expand-strided-metadata,lower-affine,convert-scf-to-cf,math-expand-ops{ops=rsqrt},snn-math-to-intrinsics),convert-math-to-libm,snn-emit-c-interface)" \
// RUN: | snn-opt --pass-pipeline="builtin.module(func.func(convert-vector-to-llvm,convert-math-to-llvm,convert-arith-to-llvm,convert-index-to-llvm),finalize-memref-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts)" \
// RUN: | FileCheck %s

// Only the LLVM dialect is left; the network takes (x, num_steps, dt) and
// has a C interface; expm1/log1p come from libm.
// CHECK-NOT: snn.
// CHECK-NOT: tosa.
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK-NOT: memref.
// CHECK-NOT: scf.
// CHECK-DAG: llvm.func @expm1f(f32) -> f32
// CHECK-DAG: llvm.func @log1pf(f32) -> f32
// CHECK-DAG: llvm.func @net({{.*}}, %{{.+}}: i64, %{{.+}}: f32) -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> attributes {llvm.emit_c_interface}
// CHECK-DAG: llvm.func @_mlir_ciface_net(%{{.+}}: !llvm.ptr, %{{.+}}: !llvm.ptr, %{{.+}}: !llvm.ptr, %{{.+}}: i64, %{{.+}}: f32)
// CHECK-DAG: llvm.func @ann(
// CHECK-DAG: llvm.func @_mlir_ciface_ann(%{{.+}}: !llvm.ptr, %{{.+}}: !llvm.ptr)

// The C entry point: result descriptor, x and w descriptors, steps, dt.
// LLVMIR-DAG: declare float @expm1f(float)
// LLVMIR-DAG: declare float @log1pf(float)
// LLVMIR-DAG: define void @_mlir_ciface_net(ptr %0, ptr %1, ptr %2, i64 %3, float %4)
// LLVMIR-DAG: call float @expm1f(float
// The LIF populations' common case on vectors (--snn-vectorize-neurons, 8
// wide with vector-width=8; the default is the host's width):
// LLVMIR-DAG: fcmp ogt <4 x float>
// LLVMIR-DAG: fcmp ogt <8 x float>
// The pipeline's vector-width reaches the LIF updates too: @wide_lif's 40
// neurons in pieces of 16 (and a last one of 8) with vector-width=16, of 8
// with vector-width=8 (no LLVM vectorizer runs here: only
// --snn-vectorize-neurons writes vector compares).
// NO16-NOT: <16 x float>
// LLVMIR16-DAG: fcmp ogt <16 x float>
// LLVMIR16-DAG: fcmp ogt <8 x float>

func.func @net(%x: tensor<1x4xf32>, %w: tensor<1x4x3xf32>) -> tensor<1x3xf32> {
  %j = tosa.clamp %x {min_val = 0.0 : f32, max_val = 10.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %s = snn.lif %j {amplitude = 0.01 : f64} : tensor<1x4xf32>
  %sh = tosa.const_shape {values = dense<[1, 1, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s3 = tosa.reshape %s, %sh : (tensor<1x4xf32>, !tosa.shape<3>) -> tensor<1x1x4xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %m = tosa.matmul %s3, %w, %zp, %zp : (tensor<1x1x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  %sh2 = tosa.const_shape {values = dense<[1, 3]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %m2 = tosa.reshape %m, %sh2 : (tensor<1x1x3xf32>, !tosa.shape<2>) -> tensor<1x3xf32>
  %f = snn.lowpass %m2 {tau = 0.01 : f64} : tensor<1x3xf32>
  %r = snn.soft_lif_rate %f : tensor<1x3xf32>
  return %r : tensor<1x3xf32>
}

// Convolution, pooling and weights as a resource blob (as the ONNX importer
// writes them) go through TOSA's lowering inside the time loop; the filter,
// transposed to HWCF when compiling, is a new blob.
// CHECK-DAG: llvm.func @conv_net(
// CHECK-DAG: llvm.mlir.global private constant @__constant_3x3x1x4xf32(dense_resource<conv_weights_transposed>
func.func @conv_net(%x: tensor<1x8x8x1xf32>) -> tensor<1x10xf32> {
  %w = "tosa.const"() {values = dense_resource<conv_weights> : tensor<4x3x3x1xf32>} : () -> tensor<4x3x3x1xf32>
  %b = "tosa.const"() {values = dense<0.1> : tensor<4xf32>} : () -> tensor<4xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<4x3x3x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  %s = snn.if %c {gain = 10.0 : f64} : tensor<1x8x8x4xf32>
  %p = tosa.avg_pool2d %s, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32>
  %sh = tosa.const_shape {values = dense<[1, 1, 64]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %f = tosa.reshape %p, %sh : (tensor<1x4x4x4xf32>, !tosa.shape<3>) -> tensor<1x1x64xf32>
  %w2 = "tosa.const"() {values = dense<0.01> : tensor<1x64x10xf32>} : () -> tensor<1x64x10xf32>
  %m = tosa.matmul %f, %w2, %zp, %zp : (tensor<1x1x64xf32>, tensor<1x64x10xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x10xf32>
  %sh2 = tosa.const_shape {values = dense<[1, 10]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %m2 = tosa.reshape %m, %sh2 : (tensor<1x1x10xf32>, !tosa.shape<2>) -> tensor<1x10xf32>
  %y = snn.lif %m2 : tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// A plain ANN (no neurons) goes through unchanged in signature.
func.func @ann(%x: tensor<8xf32>) -> tensor<8xf32> {
  %y = tosa.clamp %x {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

{-#
  dialect_resources: {
    builtin: {
      conv_weights: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F"
    }
  }
#-}

func.func @wide_lif(%x: tensor<1x40xf32>) -> tensor<1x40xf32> {
  %s = snn.lif %x {amplitude = 0.01 : f64} : tensor<1x40xf32>
  return %s : tensor<1x40xf32>
}
