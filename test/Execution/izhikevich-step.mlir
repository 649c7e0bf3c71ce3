// Native execution of snn.izhikevich_step (tensor form) through
// --snn-lower-to-llvm, compared bit for bit with scripts/neuron_reference.py
// over 400 steps for a range of input currents.
//
// REQUIRES: numpy
// RUN: snn-opt %s --snn-lower-to-llvm \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare izhikevich --steps 400 --dt 0.001 \
// RUN:   --inputs=-50,0,2,5,10,15,20,40 --param tau_recovery=0.02 --param coupling=0.25 --param reset_voltage=-55.0 --param reset_recovery=4.0 --param gain=1.0 --param bias=1.0 \
// RUN: | FileCheck %s

// CHECK: PASS izhikevich: 400 steps x 8 neurons x 3 values, max error 0 ulp, spike steps 1 4 7 10 20 27 35 71

func.func private @printI64(i64)
func.func private @printComma()
func.func private @printNewline()

// Prints element %i of %t as the bit pattern of the float, then a comma.
func.func @print_bits(%t: tensor<8xf32>, %i: index) {
  %e = tensor.extract %t[%i] : tensor<8xf32>
  %b = arith.bitcast %e : f32 to i32
  %w = arith.extui %b : i32 to i64
  call @printI64(%w) : (i64) -> ()
  call @printComma() : () -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[-50.0, 0.0, 2.0, 5.0, 10.0, 15.0, 20.0, 40.0]> : tensor<8xf32>
  %zero = arith.constant dense<0.0> : tensor<8xf32>
  %dt = arith.constant 0.001 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 8 : index
  %steps = arith.constant 400 : index
  %final:2 = scf.for %t = %c0 to %steps step %c1 iter_args(%s0 = %zero, %s1 = %zero) -> (tensor<8xf32>, tensor<8xf32>) {
    %out, %n0, %n1 = snn.izhikevich_step %x, %s0, %s1, dt %dt {tau_recovery = 0.02 : f64, coupling = 0.25 : f64, reset_voltage = -55.0 : f64, reset_recovery = 4.0 : f64, gain = 1.0 : f64, bias = 1.0 : f64} : tensor<8xf32>
    scf.for %i = %c0 to %n step %c1 {
      func.call @print_bits(%out, %i) : (tensor<8xf32>, index) -> ()
      func.call @print_bits(%n0, %i) : (tensor<8xf32>, index) -> ()
      func.call @print_bits(%n1, %i) : (tensor<8xf32>, index) -> ()
    }
    func.call @printNewline() : () -> ()
    scf.yield %n0, %n1 : tensor<8xf32>, tensor<8xf32>
  }
  return
}
