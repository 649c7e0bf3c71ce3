// A network in population form (implicit state), built by
// --snn-lower-to-llvm and snn-translate --mlir-to-llvmir into a shared
// library, called from a JIT-run main with the number of steps and dt as
// run-time arguments. Each decoded output (mean over the steps, or the last
// step through a lowpass) is compared bit for bit with
// scripts/neuron_reference.py; the result that does not depend on a neuron
// comes back unchanged.
//
// REQUIRES: numpy, clang
// RUN: rm -rf %t && split-file %s %t
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm | snn-translate --mlir-to-llvmir -o %t/net.ll
// RUN: clang -shared -fPIC -O1 -Wno-override-module %t/net.ll -o %t/libnet.so -lm
// RUN: snn-opt %t/main.mlir --snn-lower-to-llvm \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%t/libnet.so,%mlir_c_runner_utils > %t/out
// RUN: sed -n 1p %t/out | %python %snn_src_root/scripts/neuron_reference.py compare lif \
// RUN:     --decode mean --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 --param amplitude=0.01 \
// RUN: | FileCheck %s --check-prefix=LIF
// RUN: sed -n 2p %t/out | %python %snn_src_root/scripts/neuron_reference.py compare if \
// RUN:     --decode mean --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 --param gain=10 \
// RUN: | FileCheck %s --check-prefix=IF
// RUN: sed -n 3p %t/out | %python %snn_src_root/scripts/neuron_reference.py compare izhikevich \
// RUN:     --decode mean --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 \
// RUN: | FileCheck %s --check-prefix=IZH
// RUN: sed -n 4p %t/out | %python %snn_src_root/scripts/neuron_reference.py compare lowpass \
// RUN:     --decode mean --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 --param tau=0.05 \
// RUN: | FileCheck %s --check-prefix=LOWPASS
// RUN: sed -n 5p %t/out | FileCheck %s --check-prefix=INVARIANT
//
// Lowpass decoding: the outputs' last step through a lowpass (tau 0.01 s),
// chosen through the pipeline's options.
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="decode=lowpass decode-tau=0.01" \
// RUN: | snn-translate --mlir-to-llvmir -o %t/net-lowpass.ll
// RUN: clang -shared -fPIC -O1 -Wno-override-module %t/net-lowpass.ll -o %t/libnet-lowpass.so -lm
// RUN: snn-opt %t/main.mlir --snn-lower-to-llvm \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%t/libnet-lowpass.so,%mlir_c_runner_utils > %t/out-lowpass
// RUN: sed -n 1p %t/out-lowpass | %python %snn_src_root/scripts/neuron_reference.py compare lif \
// RUN:     --decode lowpass --decode-tau 0.01 --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 --param amplitude=0.01 \
// RUN: | FileCheck %s --check-prefix=LIF-LOWPASS
// RUN: sed -n 2p %t/out-lowpass | %python %snn_src_root/scripts/neuron_reference.py compare if \
// RUN:     --decode lowpass --decode-tau 0.01 --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 --param gain=10 \
// RUN: | FileCheck %s --check-prefix=IF-LOWPASS
//
// Uniform initial voltages (seed 7): the LIF, IF and Izhikevich populations
// take values 0-5, 6-11 and 12-17 of the stream. Here the time stage runs
// first on its own, with its options; the pipeline's finds nothing left.
// RUN: snn-opt %t/net.mlir --snn-materialize-time="initial-voltage=uniform seed=7" --snn-lower-to-llvm \
// RUN: | snn-translate --mlir-to-llvmir -o %t/net-uniform.ll
// RUN: clang -shared -fPIC -O1 -Wno-override-module %t/net-uniform.ll -o %t/libnet-uniform.so -lm
// RUN: snn-opt %t/main.mlir --snn-lower-to-llvm \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%t/libnet-uniform.so,%mlir_c_runner_utils > %t/out-uniform
// RUN: sed -n 1p %t/out-uniform | %python %snn_src_root/scripts/neuron_reference.py compare lif \
// RUN:     --initial-voltage uniform --seed 7 --stream-offset 0 \
// RUN:     --decode mean --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 --param amplitude=0.01 \
// RUN: | FileCheck %s --check-prefix=LIF-UNIFORM
// RUN: sed -n 2p %t/out-uniform | %python %snn_src_root/scripts/neuron_reference.py compare if \
// RUN:     --initial-voltage uniform --seed 7 --stream-offset 6 \
// RUN:     --decode mean --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 --param gain=10 \
// RUN: | FileCheck %s --check-prefix=IF-UNIFORM
// RUN: sed -n 3p %t/out-uniform | %python %snn_src_root/scripts/neuron_reference.py compare izhikevich \
// RUN:     --initial-voltage uniform --seed 7 --stream-offset 12 \
// RUN:     --decode mean --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 \
// RUN: | FileCheck %s --check-prefix=IZH-UNIFORM

// LIF: PASS lif: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded mean 0 0.2 0.62 1.54 3.3 4.56
// IF: PASS if: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded mean 0 10 20 50 200 1000
// IZH: PASS izhikevich: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded mean 250 250 250 250 40 204
// LOWPASS: PASS lowpass: 1 steps x 6 neurons x 1 values, max error 0 ulp
// LIF-LOWPASS: PASS lif: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded lowpass
// IF-LOWPASS: PASS if: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded lowpass
// LIF-UNIFORM: PASS lif: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded mean
// IF-UNIFORM: PASS if: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded mean
// IZH-UNIFORM: PASS izhikevich: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded mean
// The bits of 0, 1.1, 2, 5, 20, 100 (clamped at 50: 1112014848).
// INVARIANT: 0, 1066192077, 1073741824, 1084227584, 1101004800, 1112014848,

//--- net.mlir
func.func @net(%x: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) {
  %lif = snn.lif %x {amplitude = 0.01 : f64} : tensor<6xf32>
  %if = snn.if %x {gain = 10.0 : f64} : tensor<6xf32>
  %izh = snn.izhikevich %x : tensor<6xf32>
  %lowpass = snn.lowpass %x {tau = 0.05 : f64} : tensor<6xf32>
  %clamped = tosa.clamp %x {min_val = 0.0 : f32, max_val = 50.0 : f32} : (tensor<6xf32>) -> tensor<6xf32>
  return %lif, %if, %izh, %lowpass, %clamped : tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
}

//--- main.mlir
func.func private @net(tensor<6xf32>, i64, f32) -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
func.func private @printI64(i64)
func.func private @printComma()
func.func private @printNewline()

// Prints every element of %t as the bit pattern of the float, on one line.
func.func @print_all(%t: tensor<6xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 6 : index
  scf.for %i = %c0 to %n step %c1 {
    %e = tensor.extract %t[%i] : tensor<6xf32>
    %b = arith.bitcast %e : f32 to i32
    %w = arith.extui %b : i32 to i64
    func.call @printI64(%w) : (i64) -> ()
    func.call @printComma() : () -> ()
  }
  call @printNewline() : () -> ()
  return
}

func.func @main() {
  %x = arith.constant dense<[0.0, 1.1, 2.0, 5.0, 20.0, 100.0]> : tensor<6xf32>
  %steps = arith.constant 250 : i64
  %dt = arith.constant 0.002 : f32
  %r:5 = call @net(%x, %steps, %dt) : (tensor<6xf32>, i64, f32) -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
  call @print_all(%r#0) : (tensor<6xf32>) -> ()
  call @print_all(%r#1) : (tensor<6xf32>) -> ()
  call @print_all(%r#2) : (tensor<6xf32>) -> ()
  call @print_all(%r#3) : (tensor<6xf32>) -> ()
  call @print_all(%r#4) : (tensor<6xf32>) -> ()
  return
}
