// A small spiking network written by hand at IR level 2: two dense layers
// (TOSA) with IF neurons between them, a lowpass synapse, and a rate readout.
// Used by scripts/demo.sh until the ONNX import path is bundled.
func.func @spiking_mlp(%x: tensor<1x4xf32>) -> tensor<1x3xf32> {
  %w1 = arith.constant dense<[[[0.5, -0.25, 1.0, 0.0],
                               [0.25, 0.75, -0.5, 1.0],
                               [-1.0, 0.5, 0.25, 0.5]]]> : tensor<1x3x4xf32>
  %w2 = arith.constant dense<[[[1.0, 0.0, 0.5],
                               [0.0, 1.0, 0.5],
                               [0.5, 0.5, 0.0]]]> : tensor<1x3x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s3 = tosa.const_shape {values = dense<[1, 1, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s2 = tosa.const_shape {values = dense<[1, 3]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %s3b = tosa.const_shape {values = dense<[1, 1, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %perm = tosa.transpose %w1 {perms = array<i32: 0, 2, 1>} : (tensor<1x3x4xf32>) -> tensor<1x4x3xf32>
  %x3 = tosa.reshape %x, %s3 : (tensor<1x4xf32>, !tosa.shape<3>) -> tensor<1x1x4xf32>
  %h3 = tosa.matmul %x3, %perm, %zp, %zp : (tensor<1x1x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  %h = tosa.reshape %h3, %s2 : (tensor<1x1x3xf32>, !tosa.shape<2>) -> tensor<1x3xf32>
  // Spiking ReLU with four times the spikes (Nengo's scale_firing_rates = 4).
  %s = snn.if %h {gain = 4.0 : f64, amplitude = 0.25 : f64} : tensor<1x3xf32>
  %f = snn.lowpass %s {tau = 0.005 : f64} : tensor<1x3xf32>
  %f3 = tosa.reshape %f, %s3b : (tensor<1x3xf32>, !tosa.shape<3>) -> tensor<1x1x3xf32>
  %o3 = tosa.matmul %f3, %w2, %zp, %zp : (tensor<1x1x3xf32>, tensor<1x3x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  %o = tosa.reshape %o3, %s2 : (tensor<1x1x3xf32>, !tosa.shape<2>) -> tensor<1x3xf32>
  %r = snn.lif_rate %o {amplitude = 0.01 : f64} : tensor<1x3xf32>
  return %r : tensor<1x3xf32>
}
