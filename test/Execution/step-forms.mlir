// Native execution of the scalar and vector forms of the step ops through
// --snn-lower-to-llvm, compared bit for bit with scripts/neuron_reference.py
// (the tensor forms have their own tests).
//
// REQUIRES: numpy
// RUN: snn-opt %s --snn-lower-to-llvm > %t.mlir
// RUN: mlir-runner %t.mlir -e scalar_lif -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare lif --steps 200 --inputs=1.5 \
// RUN: | FileCheck %s --check-prefix=SCALAR-LIF
// RUN: mlir-runner %t.mlir -e vector_lif -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare lif --steps 200 --inputs=0.5,1.2,3,25 \
// RUN:     --param tau_rc=0.03 --param amplitude=0.5 \
// RUN: | FileCheck %s --check-prefix=VECTOR-LIF
// RUN: mlir-runner %t.mlir -e vector_izhikevich -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare izhikevich --steps 300 --inputs=0,5,10,20 \
// RUN: | FileCheck %s --check-prefix=VECTOR-IZH

// SCALAR-LIF: PASS lif: 200 steps x 1 neurons x 3 values, max error 0 ulp, spike steps 8
// VECTOR-LIF: PASS lif: 200 steps x 4 neurons x 3 values, max error 0 ulp, spike steps 0 3 14 62
// VECTOR-IZH: PASS izhikevich: 300 steps x 4 neurons x 3 values, max error 0 ulp, spike steps 1 3 6 13

func.func private @printI64(i64)
func.func private @printComma()
func.func private @printNewline()

// Prints %f as the bit pattern of the float, then a comma.
func.func @print_bits(%f: f32) {
  %b = arith.bitcast %f : f32 to i32
  %w = arith.extui %b : i32 to i64
  call @printI64(%w) : (i64) -> ()
  call @printComma() : () -> ()
  return
}

func.func @scalar_lif() {
  %x = arith.constant 1.5 : f32
  %zero = arith.constant 0.0 : f32
  %dt = arith.constant 0.001 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %steps = arith.constant 200 : index
  %final:2 = scf.for %t = %c0 to %steps step %c1 iter_args(%v = %zero, %r = %zero) -> (f32, f32) {
    %out, %v1, %r1 = snn.lif_step %x, %v, %r, dt %dt : f32
    func.call @print_bits(%out) : (f32) -> ()
    func.call @print_bits(%v1) : (f32) -> ()
    func.call @print_bits(%r1) : (f32) -> ()
    func.call @printNewline() : () -> ()
    scf.yield %v1, %r1 : f32, f32
  }
  return
}

// Prints lane %i of each of %a, %b, %c.
func.func @print_lanes(%a: vector<4xf32>, %b: vector<4xf32>, %c: vector<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %ea = vector.extract %a[%i] : f32 from vector<4xf32>
    %eb = vector.extract %b[%i] : f32 from vector<4xf32>
    %ec = vector.extract %c[%i] : f32 from vector<4xf32>
    func.call @print_bits(%ea) : (f32) -> ()
    func.call @print_bits(%eb) : (f32) -> ()
    func.call @print_bits(%ec) : (f32) -> ()
  }
  call @printNewline() : () -> ()
  return
}

func.func @vector_lif() {
  %x = arith.constant dense<[0.5, 1.2, 3.0, 25.0]> : vector<4xf32>
  %zero = arith.constant dense<0.0> : vector<4xf32>
  %dt = arith.constant 0.001 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %steps = arith.constant 200 : index
  %final:2 = scf.for %t = %c0 to %steps step %c1 iter_args(%v = %zero, %r = %zero) -> (vector<4xf32>, vector<4xf32>) {
    %out, %v1, %r1 = snn.lif_step %x, %v, %r, dt %dt {tau_rc = 0.03 : f64, amplitude = 0.5 : f64} : vector<4xf32>
    func.call @print_lanes(%out, %v1, %r1) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> ()
    scf.yield %v1, %r1 : vector<4xf32>, vector<4xf32>
  }
  return
}

func.func @vector_izhikevich() {
  %x = arith.constant dense<[0.0, 5.0, 10.0, 20.0]> : vector<4xf32>
  %zero = arith.constant dense<0.0> : vector<4xf32>
  %dt = arith.constant 0.001 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %steps = arith.constant 300 : index
  %final:2 = scf.for %t = %c0 to %steps step %c1 iter_args(%v = %zero, %u = %zero) -> (vector<4xf32>, vector<4xf32>) {
    %out, %v1, %u1 = snn.izhikevich_step %x, %v, %u, dt %dt : vector<4xf32>
    func.call @print_lanes(%out, %v1, %u1) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> ()
    scf.yield %v1, %u1 : vector<4xf32>, vector<4xf32>
  }
  return
}
