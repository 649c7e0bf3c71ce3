// Poisson input encoding, spike-count decoding and external state, built by
// --snn-lower-to-llvm into shared libraries and called from a JIT-run main.
// The Poisson spike trains come from a counter-based hash computed at run
// time (docs/LOWERING.md); scripts/neuron_reference.py computes the same
// trains independently, and the decoded outputs must match it bit for bit.
//
// REQUIRES: numpy, clang
// RUN: rm -rf %t && split-file %s %t
// RUN: snn-opt %t/poisson.mlir --snn-lower-to-llvm="encode=poisson seed=3" \
// RUN: | snn-translate --mlir-to-llvmir -o %t/poisson.ll
// RUN: clang -shared -fPIC -O1 -Wno-override-module %t/poisson.ll -o %t/libpoisson.so -lm
// RUN: snn-opt %t/count.mlir --snn-materialize-time="decode=count state=external" --snn-lower-to-llvm \
// RUN: | snn-translate --mlir-to-llvmir -o %t/count.ll
// RUN: clang -shared -fPIC -O1 -Wno-override-module %t/count.ll -o %t/libcount.so -lm
// RUN: snn-opt %t/main.mlir --snn-lower-to-llvm \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%t/libpoisson.so,%t/libcount.so,%mlir_c_runner_utils > %t/out
//
// Poisson-encoded inputs (seed 3, 1000 Hz at |x| = 1, 1000 steps of 1 ms)
// into IF neurons and into a lowpass with tau = 0 (which passes the spike
// trains through, so its mean is the mean of the encoding).
// RUN: sed -n 1p %t/out | %python %snn_src_root/scripts/neuron_reference.py compare if \
// RUN:     --encode poisson --seed 3 --decode mean --steps 1000 --dt 0.001 \
// RUN:     --inputs=0,0.3,0.7,1,-0.5,2 --param gain=1000 --param amplitude=0.001 \
// RUN: | FileCheck %s --check-prefix=POISSON-IF
// RUN: sed -n 2p %t/out | %python %snn_src_root/scripts/neuron_reference.py compare lowpass \
// RUN:     --encode poisson --seed 3 --decode mean --steps 1000 --dt 0.001 \
// RUN:     --inputs=0,0.3,0.7,1,-0.5,2 --param tau=0 \
// RUN: | FileCheck %s --check-prefix=POISSON-TRAIN
// A different seed gives different trains.
// RUN: sed -n 2p %t/out | not %python %snn_src_root/scripts/neuron_reference.py compare lowpass \
// RUN:     --encode poisson --seed 4 --decode mean --steps 1000 --dt 0.001 \
// RUN:     --inputs=0,0.3,0.7,1,-0.5,2 --param tau=0 \
// RUN: | FileCheck %s --check-prefix=OTHER-SEED
//
// Spike counts over 250 steps of 2 ms, from a zero state passed in.
// RUN: sed -n 3p %t/out | %python %snn_src_root/scripts/neuron_reference.py compare if \
// RUN:     --decode count --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 --param gain=10 \
// RUN: | FileCheck %s --check-prefix=COUNT-IF
// RUN: sed -n 4p %t/out | %python %snn_src_root/scripts/neuron_reference.py compare lif \
// RUN:     --decode count --steps 250 --dt 0.002 --inputs=0,1.1,2,5,20,100 --param amplitude=0.01 \
// RUN: | FileCheck %s --check-prefix=COUNT-LIF
//
// External state: 100 steps, then 150 more from the returned state, count
// exactly the spikes of one run of 250 steps.
// RUN: sed -n "3,6p" %t/out | FileCheck %s --check-prefix=CHAIN

// POISSON-IF: PASS if: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded mean 0 0.292 0.685 1 0 1
// POISSON-TRAIN: PASS lowpass: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded mean 0 0.292 0.685 1 -0.512 1
// OTHER-SEED: FAIL lowpass
// COUNT-IF: PASS if: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded count 0 5 10 25 100 500
// COUNT-LIF: PASS lif: 1 steps x 6 neurons x 1 values, max error 0 ulp, decoded count
// CHAIN: {{^}}[[IF:[0-9, ]+]]{{$}}
// CHAIN-NEXT: {{^}}[[LIF:[0-9, ]+]]{{$}}
// CHAIN-NEXT: {{^}}[[IF]]{{$}}
// CHAIN-NEXT: {{^}}[[LIF]]{{$}}

//--- poisson.mlir
func.func @poisson(%x: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %if = snn.if %x {gain = 1000.0 : f64, amplitude = 0.001 : f64} : tensor<6xf32>
  %train = snn.lowpass %x {tau = 0.0 : f64} : tensor<6xf32>
  return %if, %train : tensor<6xf32>, tensor<6xf32>
}

//--- count.mlir
func.func @count(%x: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %if = snn.if %x {gain = 10.0 : f64} : tensor<6xf32>
  %lif = snn.lif %x {amplitude = 0.01 : f64} : tensor<6xf32>
  return %if, %lif : tensor<6xf32>, tensor<6xf32>
}

//--- main.mlir
func.func private @poisson(tensor<6xf32>, i64, f32) -> (tensor<6xf32>, tensor<6xf32>)
// (x, IF voltage, LIF voltage, LIF refractory time, steps, dt) ->
// (IF counts, LIF counts, the three new states)
func.func private @count(tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, i64, f32)
    -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
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
  %x = arith.constant dense<[0.0, 0.3, 0.7, 1.0, -0.5, 2.0]> : tensor<6xf32>
  %steps = arith.constant 1000 : i64
  %dt = arith.constant 0.001 : f32
  %p:2 = call @poisson(%x, %steps, %dt) : (tensor<6xf32>, i64, f32) -> (tensor<6xf32>, tensor<6xf32>)
  call @print_all(%p#0) : (tensor<6xf32>) -> ()
  call @print_all(%p#1) : (tensor<6xf32>) -> ()

  %y = arith.constant dense<[0.0, 1.1, 2.0, 5.0, 20.0, 100.0]> : tensor<6xf32>
  %zero = arith.constant dense<0.0> : tensor<6xf32>
  %dt2 = arith.constant 0.002 : f32
  %s250 = arith.constant 250 : i64
  %s100 = arith.constant 100 : i64
  %s150 = arith.constant 150 : i64
  %c:5 = call @count(%y, %zero, %zero, %zero, %s250, %dt2) : (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, i64, f32)
      -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
  call @print_all(%c#0) : (tensor<6xf32>) -> ()
  call @print_all(%c#1) : (tensor<6xf32>) -> ()
  %a:5 = call @count(%y, %zero, %zero, %zero, %s100, %dt2) : (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, i64, f32)
      -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
  %b:5 = call @count(%y, %a#2, %a#3, %a#4, %s150, %dt2) : (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, i64, f32)
      -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
  %if = arith.addf %a#0, %b#0 : tensor<6xf32>
  %lif = arith.addf %a#1, %b#1 : tensor<6xf32>
  call @print_all(%if) : (tensor<6xf32>) -> ()
  call @print_all(%lif) : (tensor<6xf32>) -> ()
  return
}
