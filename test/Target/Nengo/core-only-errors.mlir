// With --nengo-core-only, what needs NengoDL is an error naming the op.
// RUN: snn-translate --emit-nengo %s --split-input-file --verify-diagnostics --nengo-core-only --nengo-weights=%t.npz -o %t.py

func.func @maxpool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  // expected-error @below {{'tosa.max_pool2d' op has no Nengo object form (max pooling is not linear): it needs a nengo_dl.Layer, which --nengo-core-only excludes}}
  %0 = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// -----

func.func @count_maxpool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  // expected-error @below {{'snn.count_max_pool2d' op has no Nengo object form (max pooling is not linear): it needs a nengo_dl.Layer, which --nengo-core-only excludes}}
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// -----

func.func @soft(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @below {{'snn.soft_lif_rate' op needs nengo_dl.SoftLIFRate (NengoDL), which --nengo-core-only excludes}}
  %0 = snn.soft_lif_rate %x : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Everything else is plain Nengo.
func.func @fine(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = snn.lif %x : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
