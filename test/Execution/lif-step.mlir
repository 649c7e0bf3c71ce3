// Native execution of snn.lif_step (tensor form) through --snn-lower-to-llvm,
// compared bit for bit with scripts/neuron_reference.py over 300 steps for a
// range of input currents.
//
// REQUIRES: numpy
// RUN: snn-opt %s --snn-lower-to-llvm \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare lif --steps 300 --dt 0.001 \
// RUN:     --inputs=-3,0,0.5,0.9,1,1.05,1.5,2,3.3,5,10,40 \
// RUN:     --param tau_rc=0.05 --param tau_ref=0.003 --param min_voltage=-0.5 \
// RUN:     --param amplitude=0.01 --param gain=1.5 --param bias=0.25 \
// RUN: | FileCheck %s
//
// The same through --snn-vectorize-neurons at other widths: 3 full vectors
// of 4, and 2 of 5 with a last piece of 2 (lanes that need expm1 or log1p
// in the same vector as lanes that do not):
// RUN: snn-opt %s --snn-lower-to-llvm="vector-width=4" \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare lif --steps 300 --dt 0.001 \
// RUN:     --inputs=-3,0,0.5,0.9,1,1.05,1.5,2,3.3,5,10,40 \
// RUN:     --param tau_rc=0.05 --param tau_ref=0.003 --param min_voltage=-0.5 \
// RUN:     --param amplitude=0.01 --param gain=1.5 --param bias=0.25 \
// RUN: | FileCheck %s
// RUN: snn-opt %s --snn-lower-to-llvm="vector-width=5" \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare lif --steps 300 --dt 0.001 \
// RUN:     --inputs=-3,0,0.5,0.9,1,1.05,1.5,2,3.3,5,10,40 \
// RUN:     --param tau_rc=0.05 --param tau_ref=0.003 --param min_voltage=-0.5 \
// RUN:     --param amplitude=0.01 --param gain=1.5 --param bias=0.25 \
// RUN: | FileCheck %s

// CHECK: PASS lif: 300 steps x 12 neurons x 3 values, max error 0 ulp, spike steps 0 0 0 5 6 7 10 14 22 30 47 78

func.func private @printI64(i64)
func.func private @printComma()
func.func private @printNewline()

// Prints element %i of %t as the bit pattern of the float.
func.func @print_bits(%t: tensor<12xf32>, %i: index) {
  %e = tensor.extract %t[%i] : tensor<12xf32>
  %b = arith.bitcast %e : f32 to i32
  %w = arith.extui %b : i32 to i64
  call @printI64(%w) : (i64) -> ()
  call @printComma() : () -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[-3.0, 0.0, 0.5, 0.9, 1.0, 1.05, 1.5, 2.0, 3.3, 5.0, 10.0, 40.0]> : tensor<12xf32>
  %zero = arith.constant dense<0.0> : tensor<12xf32>
  %dt = arith.constant 1.0e-03 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 12 : index
  %steps = arith.constant 300 : index
  %final:2 = scf.for %t = %c0 to %steps step %c1 iter_args(%v = %zero, %r = %zero) -> (tensor<12xf32>, tensor<12xf32>) {
    %out, %v1, %r1 = snn.lif_step %x, %v, %r, dt %dt {tau_rc = 0.05 : f64, tau_ref = 0.003 : f64, min_voltage = -0.5 : f64, amplitude = 0.01 : f64, gain = 1.5 : f64, bias = 0.25 : f64} : tensor<12xf32>
    scf.for %i = %c0 to %n step %c1 {
      func.call @print_bits(%out, %i) : (tensor<12xf32>, index) -> ()
      func.call @print_bits(%v1, %i) : (tensor<12xf32>, index) -> ()
      func.call @print_bits(%r1, %i) : (tensor<12xf32>, index) -> ()
    }
    func.call @printNewline() : () -> ()
    scf.yield %v1, %r1 : tensor<12xf32>, tensor<12xf32>
  }
  return
}
