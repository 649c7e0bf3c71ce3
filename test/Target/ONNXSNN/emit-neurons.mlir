// RUN: snn-translate --emit-onnx-snn %s -o %t.onnx
// RUN: %python %S/Inputs/print_onnx.py %t.onnx | FileCheck %s
// REQUIRES: python-onnx, numpy

// Every snn op is a node of the domain ai.onnx.snn with all its attributes
// (defaults included) as FLOATs; a parameter that a float cannot carry exactly
// gets a DOUBLE scalar "<name>_f64" too. Names come from the NameLocs and the
// onnx.name attributes.

// CHECK: checker: ok
// CHECK: opset: '' 13
// CHECK: opset: 'ai.onnx.snn' 1
// CHECK: graph: neurons
// CHECK: input: x [2, 3]
// CHECK: node: lif0 ai.onnx.snn::LIF(x) -> lif0_output_0 {tau_rc=0.0500000007 tau_ref=0.00200000009 min_voltage=-1 amplitude=0.00999999978 gain=2.03324485 gain_f64=float64:2.0332447817197368 bias=1}
// CHECK: node: if0 ai.onnx.snn::IF(lif0_output_0) -> if0_output_0 {amplitude=1 gain=1 bias=0 rectify=1 reset=subtract}
// CHECK: node: izh0 ai.onnx.snn::Izhikevich(if0_output_0) -> izh0_output_0 {tau_recovery=0.100000001 coupling=0.200000003 reset_voltage=-50 reset_recovery=2 gain=1 bias=0}
// CHECK: node: rate0 ai.onnx.snn::LIFRate(izh0_output_0) -> rate0_output_0 {tau_rc=0.0199999996 tau_ref=0.00200000009 amplitude=1 gain=3 bias=0.5}
// CHECK: node: soft0 ai.onnx.snn::SoftLIFRate(rate0_output_0) -> soft0_output_0 {sigma=0.5 tau_rc=0.0199999996 tau_ref=0.00100000005 amplitude=1 gain=1 bias=0}
// CHECK: node: syn0 ai.onnx.snn::Lowpass(soft0_output_0) -> y {tau=0.00999999978}
// CHECK: output: y [2, 3]
// CHECK: metadata: ai.onnx.snn.simulation
// CHECK-NEXT:   dt: 0.001
// CHECK-NEXT:   steps: 100

func.func @neurons(%x: tensor<2x3xf32> {onnx.name = "x"}) -> (tensor<2x3xf32> {onnx.name = "y"}) {
  %0 = snn.lif %x {tau_rc = 0.05 : f64, min_voltage = -1.0 : f64, amplitude = 0.01 : f64, gain = 2.0332447817197368 : f64, bias = 1.0 : f64} : tensor<2x3xf32> loc("lif0")
  %1 = snn.if %0 : tensor<2x3xf32> loc("if0")
  %2 = snn.izhikevich %1 {tau_recovery = 0.1 : f64, reset_voltage = -50.0 : f64, reset_recovery = 2.0 : f64} : tensor<2x3xf32> loc("izh0")
  %3 = snn.lif_rate %2 {gain = 3.0 : f64, bias = 0.5 : f64} : tensor<2x3xf32> loc("rate0")
  %4 = snn.soft_lif_rate %3 {sigma = 0.5 : f64, tau_ref = 0.001 : f64} : tensor<2x3xf32> loc("soft0")
  %5 = snn.lowpass %4 {tau = 0.01 : f64} : tensor<2x3xf32> loc("syn0")
  return %5 : tensor<2x3xf32>
}
