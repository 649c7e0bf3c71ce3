// A spiking network at level 3 with its state as arguments and results
// (--snn-materialize-time=state=external): inputs, states, num_steps, dt;
// out-parameters for the outputs, then for the new states. Two buffers per
// state, swapped after each run.
// RUN: snn-opt %s --snn-materialize-time=state=external \
// RUN:   | snn-translate --emit-c-header --c-api-name=net | FileCheck %s
//
// The entry point is declared exactly as the object defines it.
// RUN: snn-opt %s --snn-materialize-time=state=external \
// RUN:   | snn-opt --snn-lower-to-llvm=results-to-out-params \
// RUN:   | snn-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVM
//
// Population ops (level 2) are refused.
// RUN: not snn-translate --emit-c-header %s 2>&1 | FileCheck %s --check-prefix=LEVEL2

func.func @net(%x: tensor<1x4xf32> {onnx.name = "in"}) -> (tensor<1x4xf32> {onnx.name = "out"}) {
  %s = snn.lif %x : tensor<1x4xf32>
  %f = snn.lowpass %s {tau = 0.005 : f64} : tensor<1x4xf32>
  return %f : tensor<1x4xf32>
}

// CHECK: #define SNN_NET_NUM_INPUTS 1
// CHECK: #define SNN_NET_NUM_OUTPUTS 1
// CHECK: #define SNN_NET_NUM_STATES 3
// CHECK: #define SNN_NET_HAS_TIME 1
// CHECK: #define SNN_NET_INPUT0_NAME "in"
// CHECK: #define SNN_NET_OUTPUT0_NAME "out"
// CHECK: /* state 0: 1x4 f32, "[[S0:.*]]" */
// CHECK: #define SNN_NET_STATE0_SIZE 4
// CHECK: #define SNN_NET_STATE0_NAME "[[S0]]"
// CHECK: #define SNN_NET_STATE1_NAME "[[S1:.*]]"
// CHECK: #define SNN_NET_STATE2_NAME "[[S2:.*]]"
// CHECK:      extern void _mlir_ciface_net(
// CHECK-NEXT:     snn_memref_f32_2d *input0,
// CHECK-NEXT:     snn_memref_f32_2d *state0,
// CHECK-NEXT:     snn_memref_f32_2d *state1,
// CHECK-NEXT:     snn_memref_f32_2d *state2,
// CHECK-NEXT:     int64_t num_steps,
// CHECK-NEXT:     float dt,
// CHECK-NEXT:     snn_memref_f32_2d *output0,
// CHECK-NEXT:     snn_memref_f32_2d *new_state0,
// CHECK-NEXT:     snn_memref_f32_2d *new_state1,
// CHECK-NEXT:     snn_memref_f32_2d *new_state2);
// CHECK: float *states[3][2];
// CHECK: net->buffer = (float *)calloc(32, sizeof(float));
// CHECK: net->states[2][1] = p;
// CHECK: static inline int snn_net_run(
// CHECK: current = net->current;
// CHECK-NEXT: next = 1 - current;
// CHECK: snn_memref_f32_2d state0 = {net->states[0][current], net->states[0][current], 0, {1, 4}, {4, 1}};
// CHECK: snn_memref_f32_2d new_state2 = {net->states[2][next], net->states[2][next], 0, {1, 4}, {4, 1}};
// CHECK: _mlir_ciface_net(&input0, &state0, &state1, &state2, steps, dt, &output0, &new_state0, &new_state1, &new_state2);
// CHECK: net->current = next;
// CHECK: return net->states[index][net->current];

// LLVM: define void @_mlir_ciface_net(ptr %0, ptr %1, ptr %2, ptr %3, i64 %4, float %5, ptr %6, ptr %7, ptr %8, ptr %9)

// LEVEL2: error: 'snn.lif' has implicit state: run snn-opt --snn-materialize-time=state=external before --emit-c-header
