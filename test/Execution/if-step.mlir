// Native execution of snn.if_step (tensor form) through --snn-lower-to-llvm,
// compared bit for bit with scripts/neuron_reference.py over 300 steps; the
// largest currents spike more than once per step.
//
// REQUIRES: numpy
// RUN: snn-opt %s --snn-lower-to-llvm \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare if --steps 300 --dt 0.001 \
// RUN:   --inputs=-1,0,0.3,1,10,99.5,250,999,1000,1500.5,3000 --param amplitude=0.5 --param gain=2.0 --param bias=-0.5 \
// RUN: | FileCheck %s

// CHECK: PASS if: 300 steps x 11 neurons x 2 values, max error 0 ulp, spike steps 0 0 0 0 5 59 149 300 300 300 300, spikes 0 0 0 0 5 59 149 599 599 900 1799

func.func private @printI64(i64)
func.func private @printComma()
func.func private @printNewline()

// Prints element %i of %t as the bit pattern of the float, then a comma.
func.func @print_bits(%t: tensor<11xf32>, %i: index) {
  %e = tensor.extract %t[%i] : tensor<11xf32>
  %b = arith.bitcast %e : f32 to i32
  %w = arith.extui %b : i32 to i64
  call @printI64(%w) : (i64) -> ()
  call @printComma() : () -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[-1.0, 0.0, 0.3, 1.0, 10.0, 99.5, 250.0, 999.0, 1000.0, 1500.5, 3000.0]> : tensor<11xf32>
  %zero = arith.constant dense<0.0> : tensor<11xf32>
  %dt = arith.constant 0.001 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 11 : index
  %steps = arith.constant 300 : index
  %final = scf.for %t = %c0 to %steps step %c1 iter_args(%s0 = %zero) -> (tensor<11xf32>) {
    %out, %n0 = snn.if_step %x, %s0, dt %dt {amplitude = 0.5 : f64, gain = 2.0 : f64, bias = -0.5 : f64} : tensor<11xf32>
    scf.for %i = %c0 to %n step %c1 {
      func.call @print_bits(%out, %i) : (tensor<11xf32>, index) -> ()
      func.call @print_bits(%n0, %i) : (tensor<11xf32>, index) -> ()
    }
    func.call @printNewline() : () -> ()
    scf.yield %n0 : tensor<11xf32>
  }
  return
}
