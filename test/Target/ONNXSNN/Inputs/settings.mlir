// A small spiking network with simulation settings, for emit-options.test.
module attributes {snn.simulation = "steps: 20 decoding { kind: SPIKE_COUNT }"} {
  func.func @net(%x: tensor<2xf32> {onnx.name = "x"}) -> (tensor<2xf32> {onnx.name = "y"}) {
    %0 = snn.lif %x : tensor<2xf32> loc("lif")
    return %0 : tensor<2xf32>
  }
}
