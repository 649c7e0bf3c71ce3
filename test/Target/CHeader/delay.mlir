// A delay's ring buffer is one more state of the C API, named
// "<population>/buffer", of shape steps x (input shape); the header owns
// it like the neurons' state (errors.mlir: at level 2 it is refused like
// the other population ops).
// RUN: snn-opt %s --snn-materialize-time=state=external \
// RUN:   | snn-translate --emit-c-header --c-api-name=net | FileCheck %s
// RUN: snn-opt %s --snn-materialize-time=state=external \
// RUN:   | snn-opt --snn-lower-to-llvm=results-to-out-params \
// RUN:   | snn-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVM

func.func @net(%x: tensor<1x4xf32> {onnx.name = "in"}) -> (tensor<1x4xf32> {onnx.name = "out"}) {
  %s = snn.if %x : tensor<1x4xf32> loc("spikes")
  %d = snn.delay %s {steps = 3 : i64} : tensor<1x4xf32> loc("late")
  return %d : tensor<1x4xf32>
}

// CHECK: #define SNN_NET_NUM_STATES 2
// CHECK: /* state 0: 1x4 f32, "spikes/voltage" */
// CHECK: /* state 1: 3x1x4 f32, "late/buffer" */
// CHECK: #define SNN_NET_STATE1_SIZE 12
// CHECK: #define SNN_NET_STATE1_NAME "late/buffer"
// LLVM: define void @_mlir_ciface_net(
