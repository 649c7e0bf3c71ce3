// Every verifier message of the snn dialect.
// RUN: snn-opt %s --split-input-file --verify-diagnostics

func.func @lif_tau_rc(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif' op parameter 'tau_rc' must be > 0, got 0}}
  %0 = snn.lif %x {tau_rc = 0.0 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lif_tau_ref(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif' op parameter 'tau_ref' must be >= 0, got -0.001}}
  %0 = snn.lif %x {tau_ref = -0.001 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lif_amplitude(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif' op parameter 'amplitude' must be > 0, got -1}}
  %0 = snn.lif %x {amplitude = -1.0 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lif_min_voltage(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif' op parameter 'min_voltage' must be <= 0 or -inf, got 0.5}}
  %0 = snn.lif %x {min_voltage = 0.5 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lif_gain_inf(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif' op parameter 'gain' must be finite, got inf}}
  %0 = snn.lif %x {gain = 0x7FF0000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lif_bias_nan(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif' op parameter 'bias' must be finite, got nan}}
  %0 = snn.lif %x {bias = 0x7FF8000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lif_tau_rc_nan(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif' op parameter 'tau_rc' must be finite, got nan}}
  %0 = snn.lif %x {tau_rc = 0x7FF8000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lif_int(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'snn.lif' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = snn.lif %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @lif_scalar(%x: f32) -> f32 {
  // Population ops are tensors of neurons; scalars are for step and rate ops.
  // expected-error @+1 {{'snn.lif' op operand #0 must be ranked tensor of floating-point values, but got 'f32'}}
  %0 = "snn.lif"(%x) : (f32) -> f32
  return %0 : f32
}

// -----

func.func @lif_result_type(%x: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{'snn.lif' op failed to verify that all of {input, output} have same type}}
  %0 = "snn.lif"(%x) : (tensor<4xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @if_amplitude(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.if' op parameter 'amplitude' must be > 0, got 0}}
  %0 = snn.if %x {amplitude = 0.0 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @if_gain(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.if' op parameter 'gain' must be finite, got -inf}}
  %0 = snn.if %x {gain = 0xFFF0000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @if_bias(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.if' op parameter 'bias' must be finite, got inf}}
  %0 = snn.if %x {bias = 0x7FF0000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @izhikevich_tau_recovery(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.izhikevich' op parameter 'tau_recovery' must be > 0, got -0.02}}
  %0 = snn.izhikevich %x {tau_recovery = -0.02 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @izhikevich_coupling(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.izhikevich' op parameter 'coupling' must be finite, got nan}}
  %0 = snn.izhikevich %x {coupling = 0x7FF8000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @izhikevich_reset_voltage(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.izhikevich' op parameter 'reset_voltage' must be finite, got -inf}}
  %0 = snn.izhikevich %x {reset_voltage = 0xFFF0000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @izhikevich_reset_recovery(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.izhikevich' op parameter 'reset_recovery' must be finite, got inf}}
  %0 = snn.izhikevich %x {reset_recovery = 0x7FF0000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @izhikevich_gain(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.izhikevich' op parameter 'gain' must be finite, got nan}}
  %0 = snn.izhikevich %x {gain = 0x7FF8000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @izhikevich_bias(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.izhikevich' op parameter 'bias' must be finite, got nan}}
  %0 = snn.izhikevich %x {bias = 0x7FF8000000000000 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lif_rate_tau_rc(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif_rate' op parameter 'tau_rc' must be > 0, got -0.02}}
  %0 = snn.lif_rate %x {tau_rc = -0.02 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lif_rate_int(%x: i32) -> i32 {
  // expected-error @+1 {{'snn.lif_rate' op operand #0 must be float or vector/ranked tensor of floats, but got 'i32'}}
  %0 = snn.lif_rate %x : i32
  return %0 : i32
}

// -----

func.func @soft_lif_rate_sigma(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.soft_lif_rate' op parameter 'sigma' must be > 0, got 0}}
  %0 = snn.soft_lif_rate %x {sigma = 0.0 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @soft_lif_rate_tau_ref(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.soft_lif_rate' op parameter 'tau_ref' must be >= 0, got -1}}
  %0 = snn.soft_lif_rate %x {tau_ref = -1.0 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lowpass_tau(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lowpass' op parameter 'tau' must be >= 0, got -0.005}}
  %0 = snn.lowpass %x {tau = -0.005 : f64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @lowpass_step_tau(%x: f32, %s: f32, %dt: f32) -> f32 {
  // expected-error @+1 {{'snn.lowpass_step' op parameter 'tau' must be >= 0, got -1}}
  %0 = snn.lowpass_step %x, %s, dt %dt {tau = -1.0 : f64} : f32
  return %0 : f32
}

// -----

func.func @lif_step_params(%x: f32, %dt: f32) {
  // expected-error @+1 {{'snn.lif_step' op parameter 'min_voltage' must be <= 0 or -inf, got 1}}
  %o, %v, %r = snn.lif_step %x, %x, %x, dt %dt {min_voltage = 1.0 : f64} : f32
  return
}

// -----

func.func @if_step_params(%x: f32, %dt: f32) {
  // expected-error @+1 {{'snn.if_step' op parameter 'amplitude' must be > 0, got -2}}
  %o, %v = snn.if_step %x, %x, dt %dt {amplitude = -2.0 : f64} : f32
  return
}

// -----

func.func @izhikevich_step_params(%x: f32, %dt: f32) {
  // expected-error @+1 {{'snn.izhikevich_step' op parameter 'tau_recovery' must be > 0, got 0}}
  %o, %v, %u = snn.izhikevich_step %x, %x, %x, dt %dt {tau_recovery = 0.0 : f64} : f32
  return
}

// -----

func.func @lif_step_state_shape(%x: tensor<4xf32>, %v: tensor<5xf32>, %dt: f32) {
  // The state has the shape of the input.
  // expected-error @+1 {{'snn.lif_step' op failed to verify that all of {input, voltage, refractory, output, new_voltage, new_refractory} have same type}}
  %0:3 = "snn.lif_step"(%x, %v, %x, %dt) : (tensor<4xf32>, tensor<5xf32>, tensor<4xf32>, f32) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @if_step_state_shape(%x: tensor<4xf32>, %v: tensor<2x2xf32>, %dt: f32) {
  // expected-error @+1 {{'snn.if_step' op failed to verify that all of {input, voltage, output, new_voltage} have same type}}
  %0:2 = "snn.if_step"(%x, %v, %dt) : (tensor<4xf32>, tensor<2x2xf32>, f32) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @izhikevich_step_state_shape(%x: tensor<4xf32>, %u: tensor<4xf16>, %dt: f32) {
  // expected-error @+1 {{'snn.izhikevich_step' op failed to verify that all of {input, voltage, recovery, output, new_voltage, new_recovery} have same type}}
  %0:3 = "snn.izhikevich_step"(%x, %x, %u, %dt) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf16>, f32) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @lowpass_step_state_shape(%x: tensor<4xf32>, %s: tensor<3xf32>, %dt: f32) {
  // expected-error @+1 {{'snn.lowpass_step' op failed to verify that all of {input, state, output} have same type}}
  %0 = "snn.lowpass_step"(%x, %s, %dt) : (tensor<4xf32>, tensor<3xf32>, f32) -> tensor<4xf32>
  return
}

// -----

func.func @step_dt_type(%x: tensor<4xf32>, %dt: f64) {
  // dt is a scalar of the input's element type.
  // expected-error @+1 {{'snn.lif_step' op failed to verify that dt is a scalar of the input's element type}}
  %0:3 = "snn.lif_step"(%x, %x, %x, %dt) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, f64) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @step_dt_tensor(%x: tensor<4xf32>, %dt: tensor<f32>) {
  // expected-error @+1 {{'snn.if_step' op operand #2 must be floating-point, but got 'tensor<f32>'}}
  %0:2 = "snn.if_step"(%x, %x, %dt) : (tensor<4xf32>, tensor<4xf32>, tensor<f32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @lif_min_voltage_inf(%x: tensor<4xf32>) -> tensor<4xf32> {
  // -inf is no bound; +inf is an error.
  %0 = snn.lif %x {min_voltage = 0xFFF0000000000000 : f64} : tensor<4xf32>
  // expected-error @+1 {{'snn.lif' op parameter 'min_voltage' must be <= 0 or -inf, got inf}}
  %1 = snn.lif %0 {min_voltage = 0x7FF0000000000000 : f64} : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

func.func @lif_step_min_voltage_nan(%x: tensor<4xf32>, %dt: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.lif_step' op parameter 'min_voltage' must be <= 0 or -inf, got nan}}
  %o, %v, %r = snn.lif_step %x, %x, %x, dt %dt {min_voltage = 0x7FF8000000000000 : f64} : tensor<4xf32>
  return %o : tensor<4xf32>
}

// -----

func.func @if_reset(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.if' op attribute 'reset' must be "subtract" or "zero", got "none"}}
  %0 = snn.if %x {reset = "none"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @if_step_reset(%x: f32, %dt: f32) -> f32 {
  // expected-error @+1 {{'snn.if_step' op attribute 'reset' must be "subtract" or "zero", got "Zero"}}
  %o, %v = snn.if_step %x, %x, dt %dt {reset = "Zero"} : f32
  return %o : f32
}

// -----

func.func @delay_steps(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.delay' op attribute 'steps' must be >= 1, got 0}}
  %0 = snn.delay %x {steps = 0 : i64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @delay_steps_negative(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.delay' op attribute 'steps' must be >= 1, got -3}}
  %0 = snn.delay %x {steps = -3 : i64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @feedback_steps(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.feedback_delay' op attribute 'steps' must be >= 1, got 0}}
  %0 = snn.feedback_delay {steps = 0 : i64} : tensor<4xf32>
  snn.feedback_input %0, %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @feedback_no_input(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.feedback_delay' op needs exactly one 'snn.feedback_input' giving its input, found 0}}
  %0 = snn.feedback_delay {steps = 1 : i64} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @feedback_two_inputs(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.feedback_delay' op needs exactly one 'snn.feedback_input' giving its input, found 2}}
  %0 = snn.feedback_delay {steps = 1 : i64} : tensor<4xf32>
  snn.feedback_input %0, %x : tensor<4xf32>
  snn.feedback_input %0, %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @feedback_not_a_delay(%x: tensor<4xf32>) {
  // expected-error @+1 {{'snn.feedback_input' op expects the result of an 'snn.feedback_delay' as its first operand}}
  snn.feedback_input %x, %x : tensor<4xf32>
  return
}

// -----

func.func @feedback_self(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'snn.feedback_delay' op is the delayed input of an 'snn.feedback_input', not its delay}}
  %0 = snn.feedback_delay {steps = 1 : i64} : tensor<4xf32>
  snn.feedback_input %0, %0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @feedback_type(%x: tensor<3xf32>) -> tensor<4xf32> {
  %0 = snn.feedback_delay {steps = 1 : i64} : tensor<4xf32>
  // expected-error @+1 {{'snn.feedback_input' op failed to verify that all of {delay, input} have same type}}
  "snn.feedback_input"(%0, %x) : (tensor<4xf32>, tensor<3xf32>) -> ()
  return %0 : tensor<4xf32>
}

// -----

func.func @count_pool_attrs(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{'snn.count_max_pool2d' op expects kernel and stride of 2 values and pad of 4, got 1, 2 and 4}}
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @count_pool_stride(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{'snn.count_max_pool2d' op expects kernel and stride >= 1 and pad >= 0}}
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 0, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @count_pool_pad(%x: tensor<1x4x4x2xf32>) -> tensor<1x3x3x2xf32> {
  // expected-error @+1 {{'snn.count_max_pool2d' op expects every pad below the kernel size}}
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 2, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x3x3x2xf32>
  return %0 : tensor<1x3x3x2xf32>
}

// -----

func.func @count_pool_rank(%x: tensor<4x4x2xf32>) -> tensor<2x2x2xf32> {
  // expected-error @+1 {{'snn.count_max_pool2d' op expects NHWC tensors of rank 4}}
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<4x4x2xf32>) -> tensor<2x2x2xf32>
  return %0 : tensor<2x2x2xf32>
}

// -----

func.func @count_pool_divisible(%x: tensor<1x5x5x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{'snn.count_max_pool2d' op expects the padded input minus the kernel to be a non-negative multiple of the stride}}
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x5x5x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @count_pool_shape(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x3xf32> {
  // expected-error @+1 {{'snn.count_max_pool2d' op expects the output shape 1x2x2x2 of these windows, got 'tensor<1x2x2x3xf32>'}}
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}

// -----

func.func @count_pool_type(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf16> {
  // expected-error @+1 {{'snn.count_max_pool2d' op expects the same element type in and out}}
  %0 = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf16>
  return %0 : tensor<1x2x2x2xf16>
}

// -----

func.func @compress_lanes(%v: vector<8xf32>, %m: vector<4xi1>) -> vector<8xf32> {
  // expected-error @+1 {{'snn.compress' op expects a fixed-length value and mask of as many lanes, got 'vector<8xf32>' and 'vector<4xi1>'}}
  %0 = snn.compress %v, %m : vector<8xf32>, vector<4xi1>
  return %0 : vector<8xf32>
}

// -----

func.func @compress_mask_type(%v: vector<8xf32>, %m: vector<8xi8>) -> vector<8xf32> {
  // expected-error @+1 {{'snn.compress' op operand #1 must be vector of 1-bit signless integer values of ranks 1}}
  %0 = snn.compress %v, %m : vector<8xf32>, vector<8xi8>
  return %0 : vector<8xf32>
}
