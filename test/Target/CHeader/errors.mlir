// Signatures the C API cannot express are diagnosed, naming the function and
// the argument, result or op.
// RUN: snn-translate --emit-c-header %s --split-input-file --verify-diagnostics
// RUN: not snn-translate --emit-c-header --c-api-function=nope %S/ann.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOPE
// NOPE: error: --c-api-function=nope: no function named 'nope'

// expected-error @+1 {{argument #0 of @f has type 'tensor<4xi32>': the C API supports statically shaped tensors of f32 and the trailing 'num_steps: i64, dt: f32' only}}
func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  return %x : tensor<4xi32>
}

// -----

// expected-error @+1 {{argument #0 of @f has type 'tensor<?x4xf32>'}}
func.func @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}

// -----

// expected-error @+1 {{result #0 of @f has type 'f32': the C API supports statically shaped tensors of f32 only}}
func.func @f(%x: tensor<4xf32>) -> f32 {
  %c = arith.constant 1.0 : f32
  return %c : f32
}

// -----

// expected-error @+1 {{argument #0 of @f has type 'tensor<4xf16>'}}
func.func @f(%x: tensor<4xf16>) -> tensor<4xf16> {
  return %x : tensor<4xf16>
}

// -----

// expected-error @+1 {{the module has 2 public functions with a body (@a, @b); choose one with --c-api-function=<name>}}
module {
  func.func @a(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
  func.func @b(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

// -----

// expected-error @+1 {{no public function with a body to expose}}
module {
  func.func private @a(%x: tensor<4xf32>) -> tensor<4xf32>
}

// -----

// expected-error @+1 {{argument #1 of @f is a data argument after the state arguments (those with 'snn.state')}}
func.func @f(%s: tensor<4xf32> {snn.state = "v"}, %x: tensor<4xf32>, %n: i64, %dt: f32)
    -> (tensor<4xf32>, tensor<4xf32> {snn.state = "v"}) {
  return %x, %s : tensor<4xf32>, tensor<4xf32>
}

// -----

// expected-error @+1 {{@f has state arguments but no trailing 'num_steps: i64, dt: f32'}}
func.func @f(%x: tensor<4xf32>, %s: tensor<4xf32> {snn.state = "v"})
    -> (tensor<4xf32>, tensor<4xf32> {snn.state = "v"}) {
  return %x, %s : tensor<4xf32>, tensor<4xf32>
}

// -----

// expected-error @+1 {{result #1 of @f (state 'u', 'tensor<4xf32>') does not match state argument 'v' ('tensor<4xf32>'): new states must follow the state arguments' order}}
func.func @f(%x: tensor<4xf32>, %s: tensor<4xf32> {snn.state = "v"}, %n: i64, %dt: f32)
    -> (tensor<4xf32>, tensor<4xf32> {snn.state = "u"}) {
  return %x, %s : tensor<4xf32>, tensor<4xf32>
}

// -----

// expected-error @+1 {{@f takes 1 state argument(s) but returns 0 new state(s)}}
func.func @f(%x: tensor<4xf32>, %s: tensor<4xf32> {snn.state = "v"}, %n: i64, %dt: f32)
    -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{result #1 of @f is a data result after the state results (those with 'snn.state')}}
func.func @f(%x: tensor<4xf32>, %s: tensor<4xf32> {snn.state = "v"}, %n: i64, %dt: f32)
    -> (tensor<4xf32> {snn.state = "v"}, tensor<4xf32>) {
  return %s, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

// expected-error @+1 {{function @f.g: the name is not a C identifier, so its C interface _mlir_ciface_f.g cannot be declared in C}}
func.func @"f.g"(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.if' has implicit state: run snn-opt --snn-materialize-time=state=external before --emit-c-header}}
  %s = snn.if %x : tensor<4xf32>
  return %s : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.delay' has implicit state: run snn-opt --snn-materialize-time=state=external before --emit-c-header}}
  %s = snn.delay %x {steps = 2 : i64} : tensor<4xf32>
  return %s : tensor<4xf32>
}
