// Native execution of snn.lif_step through --snn-vectorize-neurons at a
// vector width of 32 (wider than 512 bits: the lists are appended to in
// pieces of 16 lanes) on 40 neurons (one vector and a last piece of 8),
// compared bit for bit with scripts/neuron_reference.py over 300 steps.
// Before the pieces, LLVM 22's split of the 32-lane compress crashed this
// at run time (an aligned store at an unaligned offset).
//
// REQUIRES: numpy
// RUN: snn-opt %s --snn-lower-to-llvm="vector-width=32" \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils \
// RUN: | %python %snn_src_root/scripts/neuron_reference.py compare lif --steps 300 --dt 0.001 \
// RUN:     --inputs=-3,0,0.5,0.9,1,1.05,1.5,2,3.3,5,10,40,0.95,1.01,1.1,1.2,1.3,1.4,1.6,1.7,1.8,1.9,2.2,2.5,2.8,3,3.6,4,4.5,6,7,8,12,15,20,25,30,35,-1,0.2 \
// RUN:     --param tau_rc=0.05 --param tau_ref=0.003 --param min_voltage=-0.5 \
// RUN:     --param amplitude=0.01 --param gain=1.5 --param bias=0.25 \
// RUN: | FileCheck %s
// RUN: snn-opt %s --snn-vectorize-neurons="vector-width=32" | FileCheck %s --check-prefix=IR

// CHECK: PASS lif: 300 steps x 40 neurons x 3 values, max error 0 ulp, spike steps 0 0 0 5 6 7 10 14 22 30 47 78 6 6 7 8 9 9 11 12 12 13 15 17 19 20 23 25 28 34 38 41 52 57 64 69 73 76 0 0

// Phase 1 appends the indices of a 32-lane vector in two pieces, the second
// after the first's count:
// IR: %[[M0:.+]] = vector.extract_strided_slice %[[MASK:.+]] {offsets = [0], sizes = [16], strides = [1]} : vector<32xi1> to vector<16xi1>
// IR: %[[I0:.+]] = vector.extract_strided_slice %[[IDX:.+]] {offsets = [0], sizes = [16], strides = [1]} : vector<32xi32> to vector<16xi32>
// IR: %[[C0:.+]] = snn.compress %[[I0]], %[[M0]] : vector<16xi32>, vector<16xi1>
// IR: vector.store %[[C0]], %[[LIST:.+]][%[[AT:.+]]] : memref<40xi32>, vector<16xi32>
// IR: %[[B0:.+]] = vector.bitcast %[[M0]] : vector<16xi1> to vector<1xi16>
// IR: %[[N0:.+]] = math.ctpop
// IR: %[[N0I:.+]] = arith.index_castui %[[N0]] : i16 to index
// IR: %[[AT1:.+]] = arith.addi %[[AT]], %[[N0I]] : index
// IR: %[[M1:.+]] = vector.extract_strided_slice %[[MASK]] {offsets = [16], sizes = [16], strides = [1]} : vector<32xi1> to vector<16xi1>
// IR: %[[I1:.+]] = vector.extract_strided_slice %[[IDX]] {offsets = [16], sizes = [16], strides = [1]} : vector<32xi32> to vector<16xi32>
// IR: %[[C1:.+]] = snn.compress %[[I1]], %[[M1]] : vector<16xi32>, vector<16xi1>
// IR: vector.store %[[C1]], %[[LIST]][%[[AT1]]] : memref<40xi32>, vector<16xi32>
// IR-NOT: snn.compress {{.+}} : vector<32x

func.func private @printI64(i64)
func.func private @printComma()
func.func private @printNewline()

// Prints element %i of %t as the bit pattern of the float.
func.func @print_bits(%t: tensor<40xf32>, %i: index) {
  %e = tensor.extract %t[%i] : tensor<40xf32>
  %b = arith.bitcast %e : f32 to i32
  %w = arith.extui %b : i32 to i64
  call @printI64(%w) : (i64) -> ()
  call @printComma() : () -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[-3.0, 0.0, 0.5, 0.9, 1.0, 1.05, 1.5, 2.0, 3.3, 5.0, 10.0, 40.0, 0.95, 1.01, 1.1, 1.2, 1.3, 1.4, 1.6, 1.7, 1.8, 1.9, 2.2, 2.5, 2.8, 3.0, 3.6, 4.0, 4.5, 6.0, 7.0, 8.0, 12.0, 15.0, 20.0, 25.0, 30.0, 35.0, -1.0, 0.2]> : tensor<40xf32>
  %zero = arith.constant dense<0.0> : tensor<40xf32>
  %dt = arith.constant 1.0e-03 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 40 : index
  %steps = arith.constant 300 : index
  %final:2 = scf.for %t = %c0 to %steps step %c1 iter_args(%v = %zero, %r = %zero) -> (tensor<40xf32>, tensor<40xf32>) {
    %out, %v1, %r1 = snn.lif_step %x, %v, %r, dt %dt {tau_rc = 0.05 : f64, tau_ref = 0.003 : f64, min_voltage = -0.5 : f64, amplitude = 0.01 : f64, gain = 1.5 : f64, bias = 0.25 : f64} : tensor<40xf32>
    scf.for %i = %c0 to %n step %c1 {
      func.call @print_bits(%out, %i) : (tensor<40xf32>, index) -> ()
      func.call @print_bits(%v1, %i) : (tensor<40xf32>, index) -> ()
      func.call @print_bits(%r1, %i) : (tensor<40xf32>, index) -> ()
    }
    func.call @printNewline() : () -> ()
    scf.yield %v1, %r1 : tensor<40xf32>, tensor<40xf32>
  }
  return
}
