// Input of nengo-core-count-max-pool.test and count-max-pool.mlir: IF
// neurons on an NHWC tensor, snn.count_max_pool2d (padded windows), and a
// dense layer on the pooled spikes.
func.func @pool(%x: tensor<1x5x5x2xf32> {onnx.name = "x"}) -> (tensor<1x3xf32> {onnx.name = "y"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s = snn.if %x {amplitude = 0.25 : f64, gain = 300.0 : f64, rectify = false, initial_voltage = 0.5 : f64} : tensor<1x5x5x2xf32> loc("relu")
  %p = snn.count_max_pool2d %s {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 1, 0, 0, 1>} : (tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32> loc("pool")
  %s3 = tosa.const_shape {values = dense<[1, 1, 18]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %f = tosa.reshape %p, %s3 : (tensor<1x3x3x2xf32>, !tosa.shape<3>) -> tensor<1x1x18xf32>
  %w = "tosa.const"() <{values = dense<[[[1.0, -0.5, 0.25], [0.5, 0.75, -1.0], [-0.25, 1.0, 0.5], [0.75, -0.75, 1.0], [1.0, 0.5, -0.5], [-0.5, 0.25, 0.75], [0.25, 1.0, -0.25], [0.5, -1.0, 1.0], [-1.0, 0.5, 0.25], [0.75, 0.25, -0.75], [1.0, -0.25, 0.5], [-0.75, 0.75, 1.0], [0.5, 0.5, -1.0], [-0.25, -0.5, 0.75], [1.0, 0.25, 0.25], [0.25, -0.75, 0.5], [-0.5, 1.0, -0.25], [0.75, 0.5, 1.0]]]> : tensor<1x18x3xf32>}> : () -> tensor<1x18x3xf32> loc("w")
  %m = tosa.matmul %f, %w, %zp, %zp : (tensor<1x1x18xf32>, tensor<1x18x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32> loc("fc")
  %r = tosa.const_shape {values = dense<[1, 3]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %m, %r : (tensor<1x1x3xf32>, !tosa.shape<2>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}
