// Native execution of snn.lowpass_step (tensor form) through
// --snn-lower-to-llvm, driven by x * (t mod 5), compared bit for bit with
// scripts/neuron_reference.py over 200 steps.
//
// REQUIRES: numpy
// RUN: snn-opt %s --snn-lower-to-llvm \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare lowpass --steps 200 --dt 0.001 \
// RUN:   --inputs=-2,0,0.5,1,100 --param tau=0.01 --input-period 5 \
// RUN: | FileCheck %s

// CHECK: PASS lowpass: 200 steps x 5 neurons x 1 values, max error 0 ulp

func.func private @printI64(i64)
func.func private @printComma()
func.func private @printNewline()

// Prints element %i of %t as the bit pattern of the float, then a comma.
func.func @print_bits(%t: tensor<5xf32>, %i: index) {
  %e = tensor.extract %t[%i] : tensor<5xf32>
  %b = arith.bitcast %e : f32 to i32
  %w = arith.extui %b : i32 to i64
  call @printI64(%w) : (i64) -> ()
  call @printComma() : () -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[-2.0, 0.0, 0.5, 1.0, 100.0]> : tensor<5xf32>
  %zero = arith.constant dense<0.0> : tensor<5xf32>
  %dt = arith.constant 0.001 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 5 : index
  %steps = arith.constant 200 : index
  %period = arith.constant 5 : index
  %final = scf.for %t = %c0 to %steps step %c1 iter_args(%s0 = %zero) -> (tensor<5xf32>) {
    // The input at step t is x * (t mod period).
    %k = arith.remui %t, %period : index
    %ki = arith.index_cast %k : index to i64
    %kf = arith.uitofp %ki : i64 to f32
    %ks = tensor.splat %kf : tensor<5xf32>
    %u = arith.mulf %x, %ks : tensor<5xf32>
    %out = snn.lowpass_step %u, %s0, dt %dt {tau = 0.01 : f64} : tensor<5xf32>
    scf.for %i = %c0 to %n step %c1 {
      func.call @print_bits(%out, %i) : (tensor<5xf32>, index) -> ()
    }
    func.call @printNewline() : () -> ()
    scf.yield %out : tensor<5xf32>
  }
  return
}
