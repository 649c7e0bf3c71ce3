// Layers without an activation between them, residual adds, concatenation,
// padding, batch-norm scaling, pooling, slices and reductions.
//
// RUN: snn-translate --emit-nengo %s -o %t.py --nengo-weights=%t.npz
// RUN: FileCheck %s --input-file=%t.py
// RUN: %python -m py_compile %t.py
// RUN: %python %S/Inputs/check_npz.py %t.npz %s

// CHECK-LABEL: def build_network(
// CHECK: x = nengo.Node(

// Padding TensorFlow's "same" cannot express: an explicit zero-padded node.
// CHECK: # conv_a: zero padding (1, 0, 1, 0) (top, bottom, left, right)
// CHECK-NEXT: conv_a_padded = nengo.Node(size_in=18)
// CHECK-NEXT: ix1 = _slice_index((2, 3, 3), (0, 1, 1), (2, 2, 2))
// CHECK-NEXT: nengo.Connection(x, conv_a_padded[ix1], synapse=None)
// CHECK: # a: snn.if, 8 neurons (1x2x2x2)
// CHECK: # conv_a: 2x2 convolution, 2 filters, strides (1, 1)
// CHECK-NEXT: nengo.Connection(
// CHECK-NEXT: conv_a_padded,
// CHECK-NEXT: a.neurons,
// CHECK-NEXT: transform=nengo.Convolution(2, (2, 3, 3), kernel_size=(2, 2), strides=(1, 1), padding="valid", channels_last=False, init=np.transpose(w["wa"], (1, 2, 3, 0))),

// Batch norm after a convolution: the convolution (and its bias) in a node,
// then an element-wise nengo.Dense; the shift is the ensemble's bias.
// CHECK: # conv_b (1x2x2x2), input of the element-wise product of bn, in a passthrough node
// CHECK-NEXT: conv_b = nengo.Node(size_in=8, label="conv_b")
// CHECK: nengo.Connection(nengo.Node((np.tile(np.ravel(w["conv_b_bias"]), 4))[_transpose_index((1, 2, 2, 2), (0, 3, 1, 2))], label="bias"), conv_b, synapse=None)
// CHECK: # b: snn.if, 8 neurons (1x2x2x2)
// CHECK: bias=(np.ravel(w["bn_shift"]))[_broadcast_index((1, 2, 1, 1), (1, 2, 2, 2))],
// CHECK: # bn: element-wise product
// CHECK-NEXT: nengo.Connection(
// CHECK-NEXT: conv_b,
// CHECK-NEXT: b.neurons,
// CHECK-NEXT: transform=nengo.Dense((8, 8), init=np.broadcast_to(w["bn_scale"], (1, 2, 2, 2)).ravel()),

// A residual add: two connections into one population; a subtraction
// scales its second operand by -1.
// CHECK: # res: snn.if, 8 neurons (1x2x2x2)
// CHECK: nengo.Connection(a.neurons, res.neurons, synapse=None)
// CHECK-NEXT: nengo.Connection(b.neurons, res.neurons, transform=-1.0, synapse=None)

// Max pooling: a layer helper (NengoDL layer or Python node).
// CHECK: # mp: 2x2 max pooling has no Nengo object form: a TensorFlow layer in NengoDL, a Python function node in Nengo core
// CHECK-NEXT: mp = _max_pool_layer(res.neurons, (2, 2, 2), False, (2, 2), (1, 1), (0, 1, 0, 1), nengo_dl_layers)

// Concatenation on the channel axis: each input into its slice of a node.
// CHECK: # cat: concatenation on axis 1 (1x4x2x2), each input into its slice of a passthrough node
// CHECK-NEXT: cat = nengo.Node(size_in=16, label="cat")
// CHECK-NEXT: ix{{[0-9]+}} = _slice_index((1, 4, 2, 2), (0, 0, 0, 0), (1, 2, 2, 2))
// CHECK-NEXT: nengo.Connection(mp, cat[ix{{[0-9]+}}], synapse=None)
// CHECK-NEXT: ix{{[0-9]+}} = _slice_index((1, 4, 2, 2), (0, 2, 0, 0), (1, 2, 2, 2))
// CHECK-NEXT: nengo.Connection(a.neurons, cat[ix{{[0-9]+}}], synapse=None)

// Global average pooling as the importer writes it (two sums and a scale):
// sparse transforms, the scale folded in, a node between the two sums.
// CHECK: gap = nengo.Node(size_in=8, label="gap")
// CHECK-NEXT: # gap: sum over axis 2 of 1x4x2x2
// CHECK: transform=_reduce_sum_sparse((1, 4, 2, 2), 2),
// CHECK: # gap: sum over axis 3 of 1x4x1x2
// CHECK: transform=_reduce_sum_sparse((1, 4, 1, 2), 3, scale=0.25),

// A padded average pooling (divisor without the padding): a sparse transform.
// CHECK: # ap: 2x2 average pooling, strides (1, 1), padded (sparse transform)
// CHECK: transform=_avg_pool_sparse((4, 2, 2), (2, 2), (1, 1), (0, 1, 0, 1), False),

// A slice is a gather of the source.
// CHECK: # Output 1 'first' (1x2)
// CHECK-NEXT: first = nengo.Node(size_in=2, label="first")
// CHECK-NEXT: ix{{[0-9]+}} = _slice_index((1, 4), (0, 0), (1, 2))
// CHECK-NEXT: nengo.Connection(gap_out.neurons[ix{{[0-9]+}}], first, synapse=None)
// CHECK: return net, x, [pooled_probe, first_probe]

func.func @layers(%x: tensor<1x2x2x2xf32> {onnx.name = "x"}) -> (tensor<1x4x2x2xf32> {onnx.name = "pooled"}, tensor<1x2xf32> {onnx.name = "first"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %sh = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wa = "tosa.const"() <{values = dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]], [[[-1.0, -2.0], [-3.0, -4.0]], [[-5.0, -6.0], [-7.0, -8.0]]]]> : tensor<2x2x2x2xf32>}> : () -> tensor<2x2x2x2xf32> loc("wa")
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("conv_a")
  %ca = tosa.conv2d %xt, %wa, %zp, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x2x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("conv_a")
  %cat = tosa.transpose %ca {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("conv_a")
  %a = snn.if %cat : tensor<1x2x2x2xf32> loc("a")

  %wb = "tosa.const"() <{values = dense<[[[[0.5, 0.25]]], [[[0.125, -0.5]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32> loc("conv_b.weight")
  %bb = "tosa.const"() <{values = dense<[0.75, -0.75]> : tensor<2xf32>}> : () -> tensor<2xf32> loc("conv_b.bias")
  %at = tosa.transpose %a {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("conv_b")
  %cb = tosa.conv2d %at, %wb, %bb, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("conv_b")
  %cbt = tosa.transpose %cb {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("conv_b")
  %scale = "tosa.const"() <{values = dense<[[[[2.0]], [[0.5]]]]> : tensor<1x2x1x1xf32>}> : () -> tensor<1x2x1x1xf32> loc("bn_scale")
  %shift = "tosa.const"() <{values = dense<[[[[0.1]], [[-0.1]]]]> : tensor<1x2x1x1xf32>}> : () -> tensor<1x2x1x1xf32> loc("bn_shift")
  %bn = tosa.mul %cbt, %scale, %sh : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32> loc("bn")
  %bn2 = tosa.add %bn, %shift : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32> loc("bn")
  %b = snn.if %bn2 : tensor<1x2x2x2xf32> loc("b")

  %sum = tosa.sub %a, %b : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("res")
  %res = snn.if %sum : tensor<1x2x2x2xf32> loc("res")

  %rt = tosa.transpose %res {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("mp")
  %mp = tosa.max_pool2d %rt {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("mp")
  %mpt = tosa.transpose %mp {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("mp")

  %c = tosa.concat %mpt, %a {axis = 1 : i32} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32> loc("cat")

  %r1 = tosa.reduce_sum %c {axis = 2 : i32} : (tensor<1x4x2x2xf32>) -> tensor<1x4x1x2xf32> loc("gap")
  %r2 = tosa.reduce_sum %r1 {axis = 3 : i32} : (tensor<1x4x1x2xf32>) -> tensor<1x4x1x1xf32> loc("gap")
  %q = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %g = tosa.mul %r2, %q, %sh : (tensor<1x4x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x4x1x1xf32> loc("gap")
  %gs = snn.if %g : tensor<1x4x1x1xf32> loc("gap_out")
  %s0 = tosa.const_shape {values = dense<[1, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %flat = tosa.reshape %gs, %s0 : (tensor<1x4x1x1xf32>, !tosa.shape<2>) -> tensor<1x4xf32> loc("flat")
  %st = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %sz = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %first = tosa.slice %flat, %st, %sz : (tensor<1x4xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x2xf32> loc("first")

  %ct = tosa.transpose %c {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x2x2xf32>) -> tensor<1x2x2x4xf32> loc("ap")
  %ap = tosa.avg_pool2d %ct, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32> loc("ap")
  %apt = tosa.transpose %ap {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x4xf32>) -> tensor<1x4x2x2xf32> loc("ap")
  return %apt, %first : tensor<1x4x2x2xf32>, tensor<1x2xf32>
}
