// RUN: snn-translate --emit-nengo %s --split-input-file --verify-diagnostics --nengo-weights=%t.npz -o %t.py

func.func @log(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @below {{'tosa.log' op has no Nengo equivalent (not supported by --emit-nengo)}}
  %0 = tosa.log %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @matmul(%a: tensor<1x2x3xf32>, %b: tensor<1x3x2xf32>) -> tensor<1x2x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @below {{'tosa.matmul' op multiplies two computed tensors: Nengo connections only apply constant weights}}
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  return %0 : tensor<1x2x2xf32>
}

// -----

func.func @dilation(%x: tensor<1x5x5x1xf32>) -> tensor<1x3x3x1xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @below {{'tosa.conv2d' op has dilations (2, 2), which nengo.Convolution does not support}}
  %0 = tosa.conv2d %x, %w, %b, %b, %b {acc_type = f32, dilation = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x5x5x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x1xf32>
  return %0 : tensor<1x3x3x1xf32>
}

// -----

func.func @weights(%x: tensor<1x5x5x1xf32>, %w: tensor<1x2x2x1xf32>) -> tensor<1x4x4x1xf32> {
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @below {{'tosa.conv2d' op needs constant weights}}
  %0 = tosa.conv2d %x, %w, %b, %b, %b {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x5x5x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

func.func @batch(%x: tensor<2x4x4x1xf32>) -> tensor<2x2x2x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @below {{'tosa.avg_pool2d' op needs a batch of 1 (input 2x4x4x1): Nengo simulates one example per network (batches are NengoDL minibatches)}}
  %0 = tosa.avg_pool2d %x, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<2x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x2x2x1xf32>
  return %0 : tensor<2x2x2x1xf32>
}

// -----

func.func @pad(%x: tensor<1x4xf32>) -> tensor<1x6xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %v = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @below {{'tosa.pad' op pads with a value other than a constant 0, which the Nengo emitter does not support}}
  %0 = tosa.pad %x, %p, %v : (tensor<1x4xf32>, !tosa.shape<4>, tensor<1xf32>) -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}

// -----

// expected-error @below {{'func.func' op argument #0 must be a statically shaped float tensor for Nengo}}
func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}

// -----

// expected-error @below {{'func.func' op has no inputs: a Nengo network needs an input node}}
func.func @noinput() -> tensor<2xf32> {
  %c = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  return %c : tensor<2xf32>
}

// -----

func.func @step(%x: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<4xf32> {
  %dt = arith.constant 0.001 : f32
  // expected-error @below {{'snn.if_step' op has no Nengo equivalent (not supported by --emit-nengo)}}
  %o, %v1 = snn.if_step %x, %v, dt %dt : tensor<4xf32>
  return %o : tensor<4xf32>
}

// -----

// expected-error @below {{several functions to emit for Nengo; choose one with --nengo-entry}}
module {
  func.func @one(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
    return %x : tensor<1x4xf32>
  }
  func.func @two(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
    return %x : tensor<1x4xf32>
  }
}

// -----

// expected-error @below {{no function with a body to emit for Nengo}}
module {
  func.func private @decl(%x: tensor<1x4xf32>) -> tensor<1x4xf32>
}

// -----

func.func @unranked(%x: tensor<1x4xf32>) -> tensor<*xf32> {
  // expected-error @below {{'tosa.tanh' op has a dynamically shaped result, which Nengo cannot hold}}
  %0 = tosa.tanh %x : (tensor<1x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @ints(%x: tensor<1x4xf32>) -> tensor<4xi32> {
  %c = "tosa.const"() <{values = dense<[[1, 2, 3, 4]]> : tensor<1x4xi32>}> : () -> tensor<1x4xi32>
  %s = tosa.const_shape {values = dense<[4]> : tensor<1xindex>} : () -> !tosa.shape<1>
  // expected-error @below {{'tosa.reshape' op has an operand computed by 'tosa.const', which the Nengo emitter cannot express}}
  %0 = tosa.reshape %c, %s : (tensor<1x4xi32>, !tosa.shape<1>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @bf16(%x: tensor<1x2xbf16>) -> tensor<1x2xbf16> {
  // expected-error @below {{'tosa.const' op has a constant of element type 'bf16', which the weights file cannot hold (supported: f16, f32, f64)}}
  %c = "tosa.const"() <{values = dense<[[1.0, 2.0]]> : tensor<1x2xbf16>}> : () -> tensor<1x2xbf16>
  %0 = tosa.add %x, %c : (tensor<1x2xbf16>, tensor<1x2xbf16>) -> tensor<1x2xbf16>
  return %0 : tensor<1x2xbf16>
}

// -----

func.func @elided(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @below {{'tosa.const' op has a resource constant without data (elided?); the weights file needs the values}}
  %c = "tosa.const"() <{values = dense_resource<__elided__> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %0 = tosa.add %x, %c : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

func.func @bias(%x: tensor<1x5x5x1xf32>, %b: tensor<1xf32>) -> tensor<1x4x4x1xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @below {{'tosa.conv2d' op needs a constant bias}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x5x5x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

func.func @batched(%a: tensor<2x1x3xf32>) -> tensor<2x1x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x3x2xf32>}> : () -> tensor<2x3x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @below {{'tosa.matmul' op has a batch of 2 matrix products; the Nengo emitter supports one (fold the batch into the rows)}}
  %0 = tosa.matmul %a, %w, %zp, %zp : (tensor<2x1x3xf32>, tensor<2x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1x2xf32>
  return %0 : tensor<2x1x2xf32>
}

// -----

func.func @scalar(%x: tensor<1xf32>) -> tensor<1xf32> {
  %c = arith.constant 1.0 : f32
  // expected-error @below {{'snn.lif_rate' op on a scalar or vector cannot be emitted for Nengo (expected a tensor)}}
  %0 = snn.lif_rate %c : f32
  return %x : tensor<1xf32>
}

// -----

// expected-error @below {{'func.func' op returns nothing: a Nengo network needs an output to probe}}
func.func @nothing(%x: tensor<1x4xf32>) {
  return
}

// -----

func.func @coupling(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @below {{'snn.izhikevich' op has coupling -0.5 < 0, which nengo.Izhikevich rejects}}
  %0 = snn.izhikevich %x {coupling = -0.5 : f64} : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @delay(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @below {{'snn.delay' op cannot be emitted for Nengo: --emit-nengo has no delay of whole steps (run it natively, or export it to ONNX-SNN)}}
  %0 = snn.delay %x {steps = 2 : i64} : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @feedback(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @below {{'snn.feedback_delay' op cannot be emitted for Nengo: --emit-nengo has no recurrent connection through a delay of whole steps (run it natively, or write it to NIR)}}
  %0 = snn.feedback_delay {steps = 1 : i64} : tensor<1x4xf32>
  %1 = tosa.add %x, %0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  snn.feedback_input %0, %1 : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}
