// A state that does not start at 0: the voltage of the conversion's default
// IF (initial_voltage = 0.5) becomes a state argument with
// snn.initial_value = 0.5 (--snn-materialize-time=state=external), and the
// header's create and reset set it (both buffers) through
// SNN_<NAME>_STATE<i>_INITIAL; the other states start at 0.
// test/Examples/aot.test runs the default conversion of LeNet-5 this way.
// RUN: snn-opt %s --snn-materialize-time=state=external \
// RUN:   | snn-translate --emit-c-header --c-api-name=net | FileCheck %s

func.func @net(%x: tensor<1x4xf32> {onnx.name = "in"}) -> (tensor<1x4xf32> {onnx.name = "out"}) {
  %s = snn.if %x {rectify = false, initial_voltage = 0.5 : f64} : tensor<1x4xf32> loc("relu")
  %f = snn.lowpass %s {tau = 0.005 : f64} : tensor<1x4xf32>
  return %f : tensor<1x4xf32>
}

// CHECK: #define SNN_NET_NUM_STATES 2
// CHECK: #define SNN_NET_STATE0_NAME "relu/voltage"
// CHECK-NEXT: #define SNN_NET_STATE0_INITIAL 0.5f
// CHECK: #define SNN_NET_STATE1_NAME "{{.*}}/x"
// CHECK-NEXT: #define SNN_NET_STATE1_INITIAL 0.0f
// CHECK-LABEL: static inline void snn_net_init_states(snn_net *net) {
// CHECK-NEXT:   int64_t i;
// CHECK-NEXT:   for (i = 0; i < SNN_NET_STATE0_SIZE; ++i)
// CHECK-NEXT:     net->states[0][0][i] = net->states[0][1][i] = SNN_NET_STATE0_INITIAL;
// CHECK-NEXT: }
// CHECK-LABEL: static inline snn_net *snn_net_create(void) {
// CHECK: snn_net_init_states(net);
// CHECK-NEXT: (void)p;
// CHECK-NEXT: return net;
// CHECK-LABEL: static inline void snn_net_reset(snn_net *net) {
// CHECK: memset(net->buffer, 0,
// CHECK-NEXT: snn_net_init_states(net);
// CHECK-NEXT: net->current = 0;
