// RUN: snn-translate --emit-onnx-snn --split-input-file --verify-diagnostics %s -o /dev/null

// Every exporter diagnostic names the op (or function) that cannot be
// written, and nothing is written.

func.func @unsupported(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'tosa.cos' op cannot be exported to ONNX-SNN: unsupported operation}}
  %0 = tosa.cos %x : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @step(%x: tensor<2xf32>, %v: tensor<2xf32>, %r: tensor<2xf32>) -> tensor<2xf32> {
  %dt = arith.constant 1.0e-3 : f32
  // expected-error @+1 {{'snn.lif_step' op cannot be exported: step ops (explicit time, level 3) have no ONNX-SNN form; export the network before time materialization}}
  %o, %nv, %nr = snn.lif_step %x, %v, %r, dt %dt : tensor<2xf32>
  return %o : tensor<2xf32>
}

// -----

// expected-error @+1 {{more than one function; choose one with --onnx-snn-entry}}
module {
  func.func @a(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
  func.func @b(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

// expected-error @+1 {{invalid 'snn.simulation' attribute: expected a SimulationSettings message in protobuf text format}}
module attributes {snn.simulation = "dt: oops"} {
  func.func @a(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

// expected-error @+1 {{'func.func' op cannot be exported: argument #0 has type 'f32'}}
func.func @scalar(%x: f32) -> f32 {
  return %x : f32
}

// -----

func.func @dynamic_weight(%x: tensor<1x4x4x1xf32>, %w: tensor<2x3x3x1xf32>) -> tensor<1x2x2x2xf32> {
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{'tosa.conv2d' op cannot be exported: operand is not a constant}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @elided_weight(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense_resource<__elided__> : tensor<2x3x3x1xf32>}> : () -> tensor<2x3x3x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{'tosa.conv2d' op cannot be exported: constant of type 'tensor<2x3x3x1xf32>' has no readable data}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @zero_point(%x: tensor<1x4x4x1xi8>) -> tensor<1x2x2x2xi32> {
  %w = "tosa.const"() <{values = dense<1> : tensor<2x3x3x1xi8>}> : () -> tensor<2x3x3x1xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<2xi32>}> : () -> tensor<2xi32>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %zp1 = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.conv2d' op cannot be exported: non-zero zero points}}
  %0 = tosa.conv2d %x, %w, %b, %zp1, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi8>, tensor<2x3x3x1xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x2xi32>
  return %0 : tensor<1x2x2x2xi32>
}

// -----

func.func @int_clamp(%x: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error @+1 {{'tosa.clamp' op cannot be exported: only floating-point clamps are supported}}
  %0 = tosa.clamp %x {min_val = 0 : i32, max_val = 6 : i32} : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @pad(%x: tensor<2xf32>, %v: tensor<1xf32>) -> tensor<4xf32> {
  %p = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  // expected-error @+1 {{'tosa.pad' op cannot be exported: padding and pad value must be constants}}
  %0 = tosa.pad %x, %p, %v : (tensor<2xf32>, !tosa.shape<2>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @reduce_max(%x: tensor<2x3xf32>) -> tensor<1x3xf32> {
  // expected-error @+1 {{'tosa.reduce_max' op cannot be exported to ONNX-SNN}}
  %0 = tosa.reduce_max %x {axis = 0 : i32} : (tensor<2x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

func.func @matmul_zero_point(%a: tensor<1x2x3xi8>, %b: tensor<1x3x4xi8>) -> tensor<1x2x4xi32> {
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %zp1 = "tosa.const"() <{values = dense<5> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.matmul' op cannot be exported: non-zero zero points}}
  %0 = tosa.matmul %a, %b, %zp1, %zp : (tensor<1x2x3xi8>, tensor<1x3x4xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x4xi32>
  return %0 : tensor<1x2x4xi32>
}

// -----

// expected-error @+1 {{no function to export}}
module {
}

// -----

func.func @feedback(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @below {{'snn.feedback_delay' op cannot be exported to ONNX-SNN: an ONNX graph is acyclic, so a recurrent connection has no ONNX-SNN form (write it to NIR, or run it natively)}}
  %0 = snn.feedback_delay {steps = 1 : i64} : tensor<1x4xf32>
  %1 = tosa.add %x, %0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  snn.feedback_input %0, %1 : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

func.func @count_max_pool(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @below {{'snn.count_max_pool2d' op cannot be exported to ONNX-SNN: the ai.onnx.snn domain has no max pooling of spike counts (convert with max-pool=after-neuron to export the ANN's MaxPool, or run it natively or in Nengo)}}
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}
