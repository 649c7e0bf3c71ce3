// --snn-expose-activations appends every convertible activation of a public
// function (by default of every kind) as an extra result, in program order,
// marked with its ONNX node name (the first NameLoc) or "activation<i>", i
// its position among all the activations of every kind of the module, and
// with the axis per-channel statistics group it by. Activations in nested
// regions are not exposed; private functions get no results but their
// activations count for the positions.
// RUN: snn-opt %s --snn-expose-activations | FileCheck %s
// RUN: snn-opt %s --snn-expose-activations=activations=relu | FileCheck %s --check-prefix=RELU
// RUN: snn-opt %s --snn-expose-activations=activations=relu,sigmoid,tanh | FileCheck %s --check-prefix=SIG
// RUN: snn-opt %s --snn-expose-activations=activations=tanh | FileCheck %s --check-prefix=TANH
// RUN: not snn-opt %s --snn-expose-activations=activations=gelu 2>&1 | FileCheck %s --check-prefix=BAD

// The private function's activation is activation0 (unnamed, first in the
// module); it is not exposed.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME: -> tensor<4xf32>
// CHECK-NOT: snn.activation
// CHECK: return %{{.+}} : tensor<4xf32>

// Exposed in program order: relu1 (named), sigmoid2, the unnamed maximum
// with 0 (activation3: helper's clamp is 0, relu1 is 1, sigmoid2 is 2),
// relu3 (a fused location: its first NameLoc) and the tanh (activation6:
// the nested ReLU is 5). The ReLU inside scf.if is not exposed. Rank-1
// tensors have no channel axis.
// CHECK-LABEL: func.func @net
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4xf32>, %[[C:[^:]+]]: i1)
// CHECK-SAME: -> (tensor<4xf32>, tensor<4xf32> {snn.activation = "relu1"}, tensor<4xf32> {snn.activation = "sigmoid2"}, tensor<4xf32> {snn.activation = "activation3"}, tensor<4xf32> {snn.activation = "relu3"}, tensor<4xf32> {snn.activation = "activation6"})
// CHECK: %[[R1:.+]] = tosa.clamp %[[X]]
// CHECK: %[[SG:.+]] = tosa.sigmoid %[[R1]]
// CHECK: %[[M:.+]] = tosa.maximum %[[SG]]
// CHECK: %[[R3:.+]] = tosa.clamp %[[M]]
// CHECK: %[[IF:.+]] = scf.if %[[C]]
// CHECK: %[[T:.+]] = tosa.tanh %[[IF]]
// CHECK: return %[[T]], %[[R1]], %[[SG]], %[[M]], %[[R3]], %[[T]] : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
// RELU-LABEL: func.func @net
// RELU-SAME: -> (tensor<4xf32>, tensor<4xf32> {snn.activation = "relu1"}, tensor<4xf32> {snn.activation = "activation3"}, tensor<4xf32> {snn.activation = "relu3"})

// A public function without activations is unchanged.
// CHECK-LABEL: func.func @none
// CHECK-SAME: -> tensor<4xf32> {
// CHECK-NEXT: return %{{.+}} : tensor<4xf32>

// A selection exposes fewer activations under the same names.
// SIG-LABEL: func.func @net
// SIG-SAME: -> (tensor<4xf32>, tensor<4xf32> {snn.activation = "relu1"}, tensor<4xf32> {snn.activation = "sigmoid2"}, tensor<4xf32> {snn.activation = "activation3"}, tensor<4xf32> {snn.activation = "relu3"}, tensor<4xf32> {snn.activation = "activation6"})
// SIG: return %[[T:[^,]+]], %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %[[T]] :
// TANH-LABEL: func.func @net
// TANH-SAME: -> (tensor<4xf32>, tensor<4xf32> {snn.activation = "activation6"})
// TANH: return %[[T:[^,]+]], %[[T]] :
// BAD: error: snn-expose-activations: unknown activation 'gelu'

func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

func.func @net(%x: tensor<4xf32>, %c: i1) -> tensor<4xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("relu1")
  %1 = tosa.sigmoid %0 : (tensor<4xf32>) -> tensor<4xf32> loc("sigmoid2")
  %2 = tosa.maximum %1, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = tosa.clamp %2 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc(fused["relu3", "other"])
  %4 = scf.if %c -> tensor<4xf32> {
    %5 = tosa.clamp %3 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32> loc("nested")
    scf.yield %5 : tensor<4xf32>
  } else {
    scf.yield %3 : tensor<4xf32>
  }
  %6 = tosa.tanh %4 : (tensor<4xf32>) -> tensor<4xf32>
  return %6 : tensor<4xf32>
}

func.func @none(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// Channel axes: the last axis of [N, F] and of an NHWC tensor a TOSA
// convolution or pooling computes (through element-wise ops), axis 1 of
// other tensors of rank 4 (NCHW).
// CHECK-LABEL: func.func @channels
// CHECK-SAME: tensor<1x8xf32> {snn.activation = "fc", snn.channel_axis = 1 : i64}
// CHECK-SAME: tensor<1x2x2x3xf32> {snn.activation = "pooled", snn.channel_axis = 3 : i64}
// CHECK-SAME: tensor<1x3x4x4xf32> {snn.activation = "nchw", snn.channel_axis = 1 : i64}
func.func @channels(%a: tensor<1x8xf32>, %b: tensor<1x4x4x3xf32>, %c: tensor<1x3x4x4xf32>) -> tensor<1x8xf32> {
  %0 = tosa.clamp %a {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32> loc("fc")
  %p = tosa.max_pool2d %b {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x2x2x3xf32>
  %s = tosa.add %p, %p : (tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %1 = tosa.clamp %s {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> loc("pooled")
  %2 = tosa.clamp %c {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> loc("nchw")
  return %0 : tensor<1x8xf32>
}
