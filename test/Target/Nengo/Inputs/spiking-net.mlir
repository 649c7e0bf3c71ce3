// Input of nengo-core-spiking.test: LIF -> lowpass -> IF, with a folded
// layer bias, simulated by Nengo core and by a numpy transcription of
// docs/NEURON-SEMANTICS.md.
func.func @spiking(%x: tensor<1x4xf32> {onnx.name = "x"}) -> (tensor<1x2xf32> {onnx.name = "y"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s3 = tosa.const_shape {values = dense<[1, 1, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %x, %s3 : (tensor<1x4xf32>, !tosa.shape<3>) -> tensor<1x1x4xf32>
  %w1 = "tosa.const"() <{values = dense<[[[0.5, -0.25, 1.0], [0.75, 0.5, -0.5], [-0.25, 1.0, 0.25], [1.0, 0.125, 0.5]]]> : tensor<1x4x3xf32>}> : () -> tensor<1x4x3xf32> loc("w1")
  %m1 = tosa.matmul %x3, %w1, %zp, %zp : (tensor<1x1x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32> loc("fc1")
  %s2 = tosa.const_shape {values = dense<[1, 3]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %h = tosa.reshape %m1, %s2 : (tensor<1x1x3xf32>, !tosa.shape<2>) -> tensor<1x3xf32>
  %b1 = "tosa.const"() <{values = dense<[[0.1, -0.2, 0.3]]> : tensor<1x3xf32>}> : () -> tensor<1x3xf32> loc("b1")
  %hb = tosa.add %h, %b1 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32> loc("fc1")
  %l = snn.lif %hb {amplitude = 0.01 : f64, gain = 2.0332303384 : f64, bias = 1.0 : f64, min_voltage = -0.5 : f64} : tensor<1x3xf32> loc("lif")
  %f = snn.lowpass %l {tau = 0.01 : f64} : tensor<1x3xf32> loc("syn")
  %t3 = tosa.const_shape {values = dense<[1, 1, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %f3 = tosa.reshape %f, %t3 : (tensor<1x3xf32>, !tosa.shape<3>) -> tensor<1x1x3xf32>
  %w2 = "tosa.const"() <{values = dense<[[[1.0, -1.0], [0.5, 2.0], [-0.75, 1.5]]]> : tensor<1x3x2xf32>}> : () -> tensor<1x3x2xf32> loc("w2")
  %m2 = tosa.matmul %f3, %w2, %zp, %zp : (tensor<1x1x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2xf32> loc("fc2")
  %r2 = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %g = tosa.reshape %m2, %r2 : (tensor<1x1x2xf32>, !tosa.shape<2>) -> tensor<1x2xf32>
  %y = snn.if %g {amplitude = 0.5 : f64, gain = 20.0 : f64, bias = 0.5 : f64} : tensor<1x2xf32> loc("if")
  return %y : tensor<1x2xf32>
}
