// RUN: snn-opt %s --snn-materialize-time --split-input-file --verify-diagnostics
// RUN: not snn-opt %s --snn-materialize-time=decode=last 2>&1 | FileCheck %s --check-prefix=DECODE
// RUN: not snn-opt %s --snn-materialize-time="decode=lowpass decode-tau=-1" 2>&1 | FileCheck %s --check-prefix=TAU
// RUN: not snn-opt %s --snn-materialize-time=initial-voltage=random 2>&1 | FileCheck %s --check-prefix=VOLTAGE
// RUN: not snn-opt %s --snn-materialize-time=encode=morse 2>&1 | FileCheck %s --check-prefix=ENCODE
// RUN: not snn-opt %s --snn-materialize-time="encode=poisson encode-max-rate=0" 2>&1 | FileCheck %s --check-prefix=RATE
// RUN: not snn-opt %s --snn-materialize-time=state=shared 2>&1 | FileCheck %s --check-prefix=STATE
// RUN: not snn-opt %s --snn-materialize-time="state=external initial-voltage=uniform" 2>&1 | FileCheck %s --check-prefix=EXTERNAL
// RUN: not snn-opt %s --snn-materialize-time=decode=trace 2>&1 | FileCheck %s --check-prefix=TRACE
// RUN: not snn-opt %s --snn-materialize-time="decode=trace trace-steps=-2" 2>&1 | FileCheck %s --check-prefix=TRACE-NEGATIVE

// DECODE: error: unknown decoding 'last': expected 'mean', 'lowpass', 'count' or 'trace'
// VOLTAGE: error: unknown initial voltage 'random': expected 'zero', 'uniform' or a number
// TAU: error: decode-tau must be finite and >= 0, got -1{{.*}}
// ENCODE: error: unknown encoding 'morse': expected 'current' or 'poisson'
// RATE: error: encode-max-rate must be finite and > 0, got 0
// STATE: error: unknown state 'shared': expected 'internal' or 'external'
// EXTERNAL: error: initial-voltage=uniform needs state=internal: with state=external the caller supplies the initial state
// TRACE: error: decode=trace needs trace-steps >= 1, got 0
// TRACE-NEGATIVE: error: decode=trace needs trace-steps >= 1, got -2

func.func @nested(%x: tensor<4xf32>, %c: i1) -> tensor<4xf32> {
  %r = scf.if %c -> tensor<4xf32> {
    // expected-error @+1 {{'snn.lif' inside a nested region is not supported by time materialization}}
    %s = snn.lif %x : tensor<4xf32>
    scf.yield %s : tensor<4xf32>
  } else {
    scf.yield %x : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @dynamic(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'snn.if' needs a static shape for time materialization}}
  %s = snn.if %x : tensor<?xf32>
  return %s : tensor<?xf32>
}

// -----

// expected-error @+1 {{cannot materialize time in a function that has uses: its signature changes}}
func.func @callee(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = snn.lif %x : tensor<4xf32>
  return %s : tensor<4xf32>
}

func.func @caller(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = call @callee(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}

// -----

func.func @not_float(%x: tensor<4xf32>) -> tensor<4xi1> {
  %s = snn.lif %x : tensor<4xf32>
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %spiked = arith.cmpf ogt, %s, %zero : tensor<4xf32>
  // expected-error @+1 {{result #0 depends on neuron state but is not a float or a statically shaped tensor of floats; it cannot be averaged over time}}
  return %spiked : tensor<4xi1>
}

// -----

// expected-error @+1 {{time materialization expects a function with a single block}}
func.func @blocks(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = snn.lif %x : tensor<4xf32>
  cf.br ^bb1(%s : tensor<4xf32>)
^bb1(%y: tensor<4xf32>):
  return %y : tensor<4xf32>
}
