// Every snn population op, with default and non-default (not float-exact)
// parameters, for round-trip.test.
module {
  func.func @neurons(%arg0: tensor<2x3xf32> {onnx.name = "x"}) -> (tensor<2x3xf32> {onnx.name = "y"}) {
    %0 = snn.lif %arg0 {amplitude = 1.000000e-02 : f64, gain = 2.0332447817197368 : f64, min_voltage = -1.000000e+00 : f64, tau_rc = 5.000000e-02 : f64} : tensor<2x3xf32> loc("lif0")
    %1 = snn.if %0 : tensor<2x3xf32> loc("if0")
    %2 = snn.izhikevich %1 {reset_recovery = 2.000000e+00 : f64, reset_voltage = -5.000000e+01 : f64, tau_recovery = 1.000000e-01 : f64} : tensor<2x3xf32> loc("izh0")
    %3 = snn.lif_rate %2 {bias = 0.33333333333333331 : f64, gain = 3.000000e+00 : f64} : tensor<2x3xf32> loc("rate0")
    %4 = snn.soft_lif_rate %3 {sigma = 5.000000e-01 : f64, tau_ref = 1.000000e-03 : f64} : tensor<2x3xf32> loc("soft0")
    %5 = snn.lowpass %4 {tau = 1.000000e-02 : f64} : tensor<2x3xf32> loc("syn0")
    return %5 : tensor<2x3xf32>
  }
}
