// A max pooling whose input is a scaled population (here 3 x the neurons'
// output): the pooling layer reads a whole object, so the scaled input is
// materialized first in a passthrough node, connected with the scale.
//
// RUN: snn-translate --emit-nengo %s -o %t.py --nengo-weights=%t.npz
// RUN: FileCheck %s --input-file=%t.py
// RUN: %python -m py_compile %t.py

// CHECK: # mp (2x2x2), input of the max pooling of mp, in a passthrough node
// CHECK-NEXT: mp = nengo.Node(size_in=8, label="mp")
// CHECK-NEXT: nengo.Connection(a.neurons, mp, transform=3.0, synapse=None)
// CHECK: mp_ = _max_pool_layer(mp, (2, 2, 2), True, (2, 2), (1, 1), (0, 1, 0, 1), nengo_dl_layers)
func.func @net(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %a = snn.if %x : tensor<1x2x2x2xf32> loc("a")
  %k = "tosa.const"() <{values = dense<3.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %sh = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %s = tosa.mul %a, %k, %sh : (tensor<1x2x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32> loc("scaled")
  %mp = tosa.max_pool2d %s {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("mp")
  return %mp : tensor<1x2x2x2xf32>
}
