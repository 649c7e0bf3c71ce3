// RUN: snn-translate --emit-onnx-snn %s -o %t.onnx
// RUN: %python %S/Inputs/print_onnx.py %t.onnx | FileCheck %s
// RUN: snn-translate --import-onnx %t.onnx | FileCheck %s --check-prefix=BACK
// REQUIRES: python-onnx, numpy

// The NIR forms in ONNX-SNN: IF's rectify (INT 0/1) and reset (STRING),
// defaults included; Delay with its INT steps; a LIF's min_voltage = -inf
// as a FLOAT. Importing the file gives the same ops back (defaults implicit).

// CHECK: checker: ok
// CHECK: node: if1 ai.onnx.snn::IF(x) -> if1_output_0 {amplitude=0.5 gain=1 bias=0 rectify=0 reset=zero}
// CHECK: node: delay1 ai.onnx.snn::Delay(if1_output_0) -> delay1_output_0 {steps=3}
// CHECK: node: lif1 ai.onnx.snn::LIF(delay1_output_0) -> lif1_output_0 {tau_rc=0.0199999996 tau_ref=0.00200000009 min_voltage=-inf amplitude=1 gain=1 bias=0}
// CHECK: node: if2 ai.onnx.snn::IF(lif1_output_0) -> if2_output_0 {amplitude=1 gain=1 bias=0 rectify=1 reset=subtract}
// CHECK: node: if3 ai.onnx.snn::IF(if2_output_0) -> y {amplitude=1 gain=1 bias=0 rectify=1 reset=zero}

// BACK: %[[A:.+]] = snn.if %{{.+}} {amplitude = 5.000000e-01 : f64, rectify = false, reset = "zero"} : tensor<2x3xf32>
// BACK: %[[B:.+]] = snn.delay %[[A]] {steps = 3 : i64} : tensor<2x3xf32>
// BACK: %[[C:.+]] = snn.lif %[[B]] {min_voltage = 0xFFF0000000000000 : f64} : tensor<2x3xf32>
// BACK: %[[D:.+]] = snn.if %[[C]] : tensor<2x3xf32>
// BACK: snn.if %[[D]] {reset = "zero"} : tensor<2x3xf32>

func.func @nir(%x: tensor<2x3xf32> {onnx.name = "x"}) -> (tensor<2x3xf32> {onnx.name = "y"}) {
  %0 = snn.if %x {rectify = false, reset = "zero", amplitude = 0.5 : f64} : tensor<2x3xf32> loc("if1")
  %1 = snn.delay %0 {steps = 3 : i64} : tensor<2x3xf32> loc("delay1")
  %2 = snn.lif %1 {min_voltage = 0xFFF0000000000000 : f64} : tensor<2x3xf32> loc("lif1")
  %3 = snn.if %2 : tensor<2x3xf32> loc("if2")
  %4 = snn.if %3 {reset = "zero"} : tensor<2x3xf32> loc("if3")
  return %4 : tensor<2x3xf32>
}
