// Native execution of snn.lif_rate and snn.soft_lif_rate (tensor form)
// through --snn-lower-to-llvm, compared bit for bit with
// scripts/neuron_reference.py; the inputs cover j <= 0, the corner at
// threshold, and SoftLIFRate's three regions (js < -20, between, js > 30).
//
// REQUIRES: numpy
// RUN: snn-opt %s --snn-lower-to-llvm > %t.mlir
// RUN: mlir-runner %t.mlir -e lif_rate -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare lif_rate \
// RUN:     --inputs=-1,0,0.4,0.49,0.5,0.5001,0.51,0.75,1,5,100,10000 \
// RUN:     --param tau_rc=0.05 --param tau_ref=0.001 --param amplitude=0.01 --param gain=2 --param bias=0 \
// RUN: | FileCheck %s --check-prefix=LIF
// RUN: mlir-runner %t.mlir -e soft_lif_rate -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare soft_lif_rate \
// RUN:     --inputs=-1,0,0.4,0.49,0.5,0.5001,0.51,0.75,1,5,100,10000 \
// RUN:     --param sigma=0.02 --param tau_rc=0.05 --param tau_ref=0.001 --param amplitude=0.01 --param gain=2 --param bias=0 \
// RUN: | FileCheck %s --check-prefix=SOFT
// RUN: mlir-runner %t.mlir -e soft_lif_rate_default -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare soft_lif_rate \
// RUN:     --inputs=-1,0,0.4,0.49,0.5,0.5001,0.51,0.75,1,5,100,10000 \
// RUN: | FileCheck %s --check-prefix=SOFT

// LIF: PASS lif_rate: 1 steps x 12 neurons x 1 values, max error 0 ulp
// SOFT: PASS soft_lif_rate: 1 steps x 12 neurons x 1 values, max error 0 ulp

func.func private @printI64(i64)
func.func private @printComma()
func.func private @printNewline()

// Prints every element of %t as the bit pattern of the float, on one line.
func.func @print_all(%t: tensor<12xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 12 : index
  scf.for %i = %c0 to %n step %c1 {
    %e = tensor.extract %t[%i] : tensor<12xf32>
    %b = arith.bitcast %e : f32 to i32
    %w = arith.extui %b : i32 to i64
    func.call @printI64(%w) : (i64) -> ()
    func.call @printComma() : () -> ()
  }
  call @printNewline() : () -> ()
  return
}

func.func @inputs() -> tensor<12xf32> {
  %x = arith.constant dense<[-1.0, 0.0, 0.4, 0.49, 0.5, 0.5001, 0.51, 0.75, 1.0, 5.0, 100.0, 10000.0]> : tensor<12xf32>
  return %x : tensor<12xf32>
}

func.func @lif_rate() {
  %x = call @inputs() : () -> tensor<12xf32>
  %r = snn.lif_rate %x {tau_rc = 0.05 : f64, tau_ref = 0.001 : f64, amplitude = 0.01 : f64, gain = 2.0 : f64} : tensor<12xf32>
  call @print_all(%r) : (tensor<12xf32>) -> ()
  return
}

func.func @soft_lif_rate() {
  %x = call @inputs() : () -> tensor<12xf32>
  %r = snn.soft_lif_rate %x {sigma = 0.02 : f64, tau_rc = 0.05 : f64, tau_ref = 0.001 : f64, amplitude = 0.01 : f64, gain = 2.0 : f64} : tensor<12xf32>
  call @print_all(%r) : (tensor<12xf32>) -> ()
  return
}

func.func @soft_lif_rate_default() {
  %x = call @inputs() : () -> tensor<12xf32>
  %r = snn.soft_lif_rate %x : tensor<12xf32>
  call @print_all(%r) : (tensor<12xf32>) -> ()
  return
}
