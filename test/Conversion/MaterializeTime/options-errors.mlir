// Errors of the encoding and decoding options that depend on the function.
// RUN: snn-opt %s --snn-materialize-time=decode=count --split-input-file --verify-diagnostics

func.func @count_of_current(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = snn.if %x : tensor<4xf32>
  %y = arith.addf %s, %x : tensor<4xf32>
  // expected-error @+1 {{decode=count needs result #0 to be the output of a spiking population (snn.lif, snn.if or snn.izhikevich), but it is produced by 'arith.addf'}}
  return %y : tensor<4xf32>
}

// -----

func.func @count_of_filter(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = snn.lowpass %x : tensor<4xf32>
  // expected-error @+1 {{decode=count needs result #0 to be the output of a spiking population (snn.lif, snn.if or snn.izhikevich), but it is produced by 'snn.lowpass'}}
  return %s : tensor<4xf32>
}
