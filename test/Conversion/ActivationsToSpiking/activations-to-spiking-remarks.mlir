// --convert-activations-to-spiking{activations=...}: the lossy activations
// (sigmoid, tanh, leaky-relu, clip) are converted only on request, each with
// a remark at its location.
// RUN: snn-opt %s --split-input-file --verify-diagnostics --convert-activations-to-spiking="activations=relu,sigmoid,tanh,leaky-relu,clip" | FileCheck %s --check-prefix=ALL

// ALL-LABEL: func.func @lossy
// ALL-SAME: (%[[X:.+]]: tensor<8xf32>)
// ALL-NEXT: %[[S:.+]] = snn.if %[[X]]
// ALL-NEXT: %[[T:.+]] = snn.if %[[S]]
// ALL-NEXT: %[[C:.+]] = snn.if %[[T]]
// ALL-NEXT: %[[D:.+]] = snn.if %[[C]]
// ALL-NEXT: %[[E:.+]] = snn.if %[[D]]
// ALL-NEXT: return %[[E]]
func.func @lossy(%x: tensor<8xf32>) -> tensor<8xf32> {
  // expected-remark @+1 {{lossy conversion of sigmoid to 'snn.if': the neuron's rate does not follow the sigmoid curve (it is 0 below the neuron's threshold)}}
  %0 = tosa.sigmoid %x : (tensor<8xf32>) -> tensor<8xf32>
  // expected-remark @+1 {{lossy conversion of tanh to 'snn.if': the neuron's output is never negative}}
  %1 = tosa.tanh %0 : (tensor<8xf32>) -> tensor<8xf32>
  // expected-remark @+1 {{lossy conversion of clip [0, 6] to 'snn.if': the neuron's output is not bounded by 6}}
  %2 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  // expected-remark @+1 {{lossy conversion of clip [-1, 1] to 'snn.if': the neuron's output starts at 0, not -1, and is not bounded by 1}}
  %3 = tosa.clamp %2 {min_val = -1.0 : f32, max_val = 1.0 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  // A Clip without min (the importer's lowest float) and with max.
  // expected-remark @+1 {{lossy conversion of clip [-3.40282e+38, 2] to 'snn.if': the neuron's output is never negative, and is not bounded by 2}}
  %4 = tosa.clamp %3 {min_val = -3.40282347E+38 : f32, max_val = 2.0 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  return %4 : tensor<8xf32>
}

// -----

// LeakyRelu: max(x, x * alpha) in either operand order; the multiplication
// and alpha go once unused, but stay while something else uses them.
// ALL-LABEL: func.func @leaky_relu
// ALL-SAME: (%[[X:.+]]: tensor<1x8xf32>)
// ALL-NEXT: %[[SHIFT:.+]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// ALL-NEXT: %[[A:.+]] = snn.if %[[X]]
// ALL-NEXT: %[[ALPHA:.+]] = "tosa.const"() <{values = dense<2.000000e-01> : tensor<1x1xf32>}>
// ALL-NEXT: %[[M:.+]] = tosa.mul %[[A]], %[[ALPHA]], %[[SHIFT]]
// ALL-NEXT: %[[B:.+]] = snn.if %[[A]]
// ALL-NEXT: %[[C:.+]] = snn.if %[[B]]
// ALL-NEXT: return %[[C]], %[[M]]
func.func @leaky_relu(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %alpha = "tosa.const"() {values = dense<0.1> : tensor<1x1xf32>} : () -> tensor<1x1xf32>
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %m0 = tosa.mul %x, %alpha, %shift : (tensor<1x8xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<1x8xf32>
  // expected-remark @+1 {{lossy conversion of leaky relu (alpha 0.1) to 'snn.if': the neuron's output is never negative}}
  %0 = tosa.maximum %x, %m0 : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %alpha2 = "tosa.const"() {values = dense<0.2> : tensor<1x1xf32>} : () -> tensor<1x1xf32>
  %m1 = tosa.mul %0, %alpha2, %shift : (tensor<1x8xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<1x8xf32>
  // expected-remark @+1 {{lossy conversion of leaky relu (alpha 0.2) to 'snn.if': the neuron's output is never negative}}
  %1 = tosa.maximum %m1, %0 : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  // alpha 0 is a ReLU: no remark.
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1xf32>} : () -> tensor<1x1xf32>
  %m2 = tosa.mul %zero, %1, %shift : (tensor<1x1xf32>, tensor<1x8xf32>, tensor<1xi8>) -> tensor<1x8xf32>
  %2 = tosa.maximum %m2, %1 : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  return %2, %m1 : tensor<1x8xf32>, tensor<1x8xf32>
}
