// RUN: snn-opt %s --convert-snn-to-linalg --split-input-file --verify-diagnostics

// Population ops have implicit state: they need the time loop first.
func.func @lif(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif' has implicit state and cannot be lowered on its own; run --snn-materialize-time first}}
  %s = snn.lif %x : tensor<4xf32>
  return %s : tensor<4xf32>
}

// -----

func.func @all(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // expected-error @+1 {{'snn.if' has implicit state and cannot be lowered on its own; run --snn-materialize-time first}}
  %a = snn.if %x : tensor<4xf32>
  // expected-error @+1 {{'snn.izhikevich' has implicit state and cannot be lowered on its own; run --snn-materialize-time first}}
  %b = snn.izhikevich %x : tensor<4xf32>
  // expected-error @+1 {{'snn.lowpass' has implicit state and cannot be lowered on its own; run --snn-materialize-time first}}
  %c = snn.lowpass %x {tau = 0.01 : f64} : tensor<4xf32>
  return %a, %b, %c : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
