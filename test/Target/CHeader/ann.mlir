// An ANN (no time, no state): the header declares the C interface of
// --snn-lower-to-llvm=results-to-out-params (input descriptors, then one
// out-parameter per result) and the API around it; docs/AOT.md.
// RUN: snn-translate --emit-c-header %s | FileCheck %s
// RUN: snn-translate --emit-c-header --c-api-name=my-net.v2 %s \
// RUN:   | FileCheck %s --check-prefix=NAME
//
// The header is C99 and C++.
// RUN: snn-translate --emit-c-header %s -o %t.h
// RUN: clang -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only -include %t.h -x c /dev/null
// RUN: clang -std=c++11 -Wall -Wextra -Werror -fsyntax-only -include %t.h -x c++ /dev/null
// REQUIRES: clang

func.func @mlp(%x: tensor<2x3xf32> {onnx.name = "x"}, %b: tensor<f32>)
    -> (tensor<2x3xf32> {onnx.name = "y"}, tensor<4xf32>) {
  %c = arith.constant dense<1.0> : tensor<4xf32>
  return %x, %c : tensor<2x3xf32>, tensor<4xf32>
}

// CHECK: #ifndef SNN_MLP_H
// CHECK: #include <stdint.h>
// CHECK: extern "C" {
// CHECK: #define SNN_MLP_NUM_INPUTS 2
// CHECK: #define SNN_MLP_NUM_OUTPUTS 2
// CHECK: #define SNN_MLP_NUM_STATES 0
// CHECK: #define SNN_MLP_HAS_TIME 0
// CHECK: /* input 0: 2x3 f32, "x" */
// CHECK: #define SNN_MLP_INPUT0_SIZE 6
// CHECK: #define SNN_MLP_INPUT0_NAME "x"
// CHECK: /* input 1: scalar f32 */
// CHECK: #define SNN_MLP_INPUT1_SIZE 1
// CHECK: #define SNN_MLP_INPUT1_NAME ""
// CHECK: #define SNN_MLP_OUTPUT0_SIZE 6
// CHECK: #define SNN_MLP_OUTPUT0_NAME "y"
// CHECK: #define SNN_MLP_OUTPUT1_SIZE 4
// CHECK: typedef struct {
// CHECK-NEXT:   float *allocated;
// CHECK-NEXT:   float *aligned;
// CHECK-NEXT:   int64_t offset;
// CHECK-NEXT: } snn_memref_f32_0d;
// CHECK: int64_t sizes[1];
// CHECK-NEXT: int64_t strides[1];
// CHECK-NEXT: } snn_memref_f32_1d;
// CHECK: } snn_memref_f32_2d;
// CHECK:      extern void _mlir_ciface_mlp(
// CHECK-NEXT:     snn_memref_f32_2d *input0,
// CHECK-NEXT:     snn_memref_f32_0d *input1,
// CHECK-NEXT:     snn_memref_f32_2d *output0,
// CHECK-NEXT:     snn_memref_f32_1d *output1);
// CHECK: typedef struct snn_mlp snn_mlp;
// CHECK: float *states[1][2];
// CHECK: static inline snn_mlp *snn_mlp_create(void) {
// CHECK: net->buffer = (float *)calloc(17, sizeof(float));
// CHECK: static inline void snn_mlp_destroy(snn_mlp *net) {
// CHECK: static inline void snn_mlp_reset(snn_mlp *net) {
// CHECK: static inline int snn_mlp_run(snn_mlp *net, const float *const *inputs,
// CHECK-NEXT: int64_t steps, float dt) {
// CHECK: snn_memref_f32_2d input0 = {net->inputs[0], net->inputs[0], 0, {2, 3}, {3, 1}};
// CHECK: snn_memref_f32_0d input1 = {net->inputs[1], net->inputs[1], 0};
// CHECK: snn_memref_f32_1d output1 = {net->outputs[1], net->outputs[1], 0, {4}, {1}};
// CHECK: _mlir_ciface_mlp(&input0, &input1, &output0, &output1);
// CHECK: (void)steps;
// CHECK: static inline const float *snn_mlp_output(const snn_mlp *net, int index) {
// CHECK: static inline const float *snn_mlp_state(const snn_mlp *net, int index) {
// CHECK: #endif /* SNN_MLP_H */

// NAME: #ifndef SNN_MY_NET_V2_H
// NAME: #define SNN_MY_NET_V2_NUM_INPUTS 2
// NAME: extern void _mlir_ciface_mlp(
// NAME: static inline snn_my_net_v2 *snn_my_net_v2_create(void) {
