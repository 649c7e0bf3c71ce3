// Round trip of every snn op: custom form, generic form, and re-parse.
// RUN: snn-opt %s | snn-opt | FileCheck %s
// RUN: snn-opt %s --mlir-print-op-generic | snn-opt | FileCheck %s
// RUN: snn-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @population
// CHECK-SAME: (%[[X:.+]]: tensor<1x6x28x28xf32>)
func.func @population(%x: tensor<1x6x28x28xf32>) -> tensor<1x6x28x28xf32> {
  // Defaults are not printed.
  // CHECK: %[[A:.+]] = snn.lif %[[X]] : tensor<1x6x28x28xf32>
  %a = snn.lif %x : tensor<1x6x28x28xf32>
  // Non-default parameters are; explicit defaults are dropped.
  // CHECK: %[[B:.+]] = snn.lif %[[A]] {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.033000e+00 : f64, min_voltage = -1.000000e+00 : f64, tau_rc = 5.000000e-02 : f64, tau_ref = 1.000000e-03 : f64} : tensor<1x6x28x28xf32>
  %b = snn.lif %a {amplitude = 0.01 : f64, gain = 2.033 : f64, bias = 1.0 : f64,
                   min_voltage = -1.0 : f64, tau_rc = 0.05 : f64,
                   tau_ref = 0.001 : f64} : tensor<1x6x28x28xf32>
  // CHECK: %[[C:.+]] = snn.lif %[[B]] : tensor<1x6x28x28xf32>
  %c = snn.lif %b {tau_rc = 0.02 : f64, tau_ref = 0.002 : f64} : tensor<1x6x28x28xf32>
  // CHECK: %[[D:.+]] = snn.if %[[C]] : tensor<1x6x28x28xf32>
  %d = snn.if %c : tensor<1x6x28x28xf32>
  // CHECK: %[[E:.+]] = snn.if %[[D]] {amplitude = 2.500000e-01 : f64, bias = -5.000000e-01 : f64, gain = 4.000000e+00 : f64} : tensor<1x6x28x28xf32>
  %e = snn.if %d {amplitude = 0.25 : f64, gain = 4.0 : f64, bias = -0.5 : f64} : tensor<1x6x28x28xf32>
  // CHECK: %[[F:.+]] = snn.izhikevich %[[E]] : tensor<1x6x28x28xf32>
  %f = snn.izhikevich %e : tensor<1x6x28x28xf32>
  // CHECK: %[[G:.+]] = snn.izhikevich %[[F]] {bias = 1.000000e+01 : f64, coupling = 2.500000e-01 : f64, gain = 2.000000e+00 : f64, reset_recovery = 2.000000e+00 : f64, reset_voltage = -5.500000e+01 : f64, tau_recovery = 1.000000e-01 : f64} : tensor<1x6x28x28xf32>
  %g = snn.izhikevich %f {tau_recovery = 0.1 : f64, coupling = 0.25 : f64,
                          reset_voltage = -55.0 : f64, reset_recovery = 2.0 : f64,
                          gain = 2.0 : f64, bias = 10.0 : f64} : tensor<1x6x28x28xf32>
  // CHECK: %[[H:.+]] = snn.lowpass %[[G]] : tensor<1x6x28x28xf32>
  %h = snn.lowpass %g : tensor<1x6x28x28xf32>
  // CHECK: %[[I:.+]] = snn.lowpass %[[H]] {tau = 1.000000e-02 : f64} : tensor<1x6x28x28xf32>
  %i = snn.lowpass %h {tau = 0.01 : f64} : tensor<1x6x28x28xf32>
  // CHECK: return %[[I]]
  return %i : tensor<1x6x28x28xf32>
}

// CHECK-LABEL: func.func @rates
// CHECK-SAME: (%[[X:.+]]: tensor<8xf32>, %[[S:.+]]: f32, %[[V:.+]]: vector<4xf16>)
func.func @rates(%x: tensor<8xf32>, %s: f32, %v: vector<4xf16>)
    -> (tensor<8xf32>, tensor<8xf32>, f32, vector<4xf16>) {
  // CHECK: snn.lif_rate %[[X]] : tensor<8xf32>
  %a = snn.lif_rate %x : tensor<8xf32>
  // CHECK: snn.soft_lif_rate %[[X]] {amplitude = 1.000000e-02 : f64, sigma = 2.000000e-02 : f64} : tensor<8xf32>
  %b = snn.soft_lif_rate %x {sigma = 0.02 : f64, amplitude = 0.01 : f64} : tensor<8xf32>
  // Rate ops are element-wise mappable: scalars and vectors too.
  // CHECK: snn.lif_rate %[[S]] {tau_rc = 5.000000e-02 : f64} : f32
  %c = snn.lif_rate %s {tau_rc = 0.05 : f64} : f32
  // CHECK: snn.soft_lif_rate %[[V]] : vector<4xf16>
  %d = snn.soft_lif_rate %v : vector<4xf16>
  return %a, %b, %c, %d : tensor<8xf32>, tensor<8xf32>, f32, vector<4xf16>
}

// CHECK-LABEL: func.func @steps
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>, %[[V:.+]]: tensor<2x3xf32>, %[[R:.+]]: tensor<2x3xf32>, %[[DT:.+]]: f32, %[[XS:.+]]: f64, %[[DTS:.+]]: f64)
func.func @steps(%x: tensor<2x3xf32>, %v: tensor<2x3xf32>, %r: tensor<2x3xf32>,
                 %dt: f32, %xs: f64, %dts: f64) {
  // CHECK: snn.lif_step %[[X]], %[[V]], %[[R]], dt %[[DT]] : tensor<2x3xf32>
  %o1, %v1, %r1 = snn.lif_step %x, %v, %r, dt %dt : tensor<2x3xf32>
  // CHECK: snn.lif_step %[[X]], %[[V]], %[[R]], dt %[[DT]] {amplitude = 1.000000e-02 : f64, bias = 1.000000e+00 : f64, gain = 2.000000e+00 : f64, min_voltage = -1.000000e+00 : f64, tau_rc = 5.000000e-02 : f64, tau_ref = 0.000000e+00 : f64} : tensor<2x3xf32>
  %o2, %v2, %r2 = snn.lif_step %x, %v, %r, dt %dt {amplitude = 0.01 : f64, bias = 1.0 : f64, gain = 2.0 : f64, min_voltage = -1.0 : f64, tau_rc = 0.05 : f64, tau_ref = 0.0 : f64} : tensor<2x3xf32>
  // CHECK: snn.if_step %[[X]], %[[V]], dt %[[DT]] {amplitude = 5.000000e-01 : f64} : tensor<2x3xf32>
  %o3, %v3 = snn.if_step %x, %v, dt %dt {amplitude = 0.5 : f64} : tensor<2x3xf32>
  // CHECK: snn.izhikevich_step %[[X]], %[[V]], %[[R]], dt %[[DT]] {reset_voltage = -5.000000e+01 : f64} : tensor<2x3xf32>
  %o4, %v4, %u4 = snn.izhikevich_step %x, %v, %r, dt %dt {reset_voltage = -50.0 : f64} : tensor<2x3xf32>
  // CHECK: snn.lowpass_step %[[X]], %[[V]], dt %[[DT]] {tau = 2.000000e-02 : f64} : tensor<2x3xf32>
  %o5 = snn.lowpass_step %x, %v, dt %dt {tau = 0.02 : f64} : tensor<2x3xf32>
  // Step ops on scalars: dt has the element type.
  // CHECK: snn.lif_step %[[XS]], %[[XS]], %[[XS]], dt %[[DTS]] : f64
  %o6, %v6, %r6 = snn.lif_step %xs, %xs, %xs, dt %dts : f64
  // CHECK: snn.if_step %[[XS]], %[[XS]], dt %[[DTS]] : f64
  %o7, %v7 = snn.if_step %xs, %xs, dt %dts : f64
  // CHECK: snn.izhikevich_step %[[XS]], %[[XS]], %[[XS]], dt %[[DTS]] : f64
  %o8, %v8, %u8 = snn.izhikevich_step %xs, %xs, %xs, dt %dts : f64
  // CHECK: snn.lowpass_step %[[XS]], %[[XS]], dt %[[DTS]] : f64
  %o9 = snn.lowpass_step %xs, %xs, dt %dts : f64
  return
}

// The generic form spells out every parameter, defaults included.
// GENERIC-LABEL: "func.func"
// GENERIC: "snn.lif"(%{{.+}}) <{amplitude = 1.000000e+00 : f64, bias = 0.000000e+00 : f64, gain = 1.000000e+00 : f64, min_voltage = 0.000000e+00 : f64, tau_rc = 2.000000e-02 : f64, tau_ref = 2.000000e-03 : f64}> : (tensor<1x6x28x28xf32>) -> tensor<1x6x28x28xf32>
// GENERIC: "snn.if"(%{{.+}}) <{amplitude = 1.000000e+00 : f64, bias = 0.000000e+00 : f64, gain = 1.000000e+00 : f64, initial_voltage = 0.000000e+00 : f64, rectify = true, reset = "subtract"}>
// GENERIC: "snn.izhikevich"(%{{.+}}) <{bias = 0.000000e+00 : f64, coupling = 2.000000e-01 : f64, gain = 1.000000e+00 : f64, reset_recovery = 8.000000e+00 : f64, reset_voltage = -6.500000e+01 : f64, tau_recovery = 2.000000e-02 : f64}>
// GENERIC: "snn.lowpass"(%{{.+}}) <{tau = 5.000000e-03 : f64}>
// GENERIC: "snn.lif_rate"(%{{.+}}) <{amplitude = 1.000000e+00 : f64, bias = 0.000000e+00 : f64, gain = 1.000000e+00 : f64, tau_rc = 2.000000e-02 : f64, tau_ref = 2.000000e-03 : f64}> : (tensor<8xf32>) -> tensor<8xf32>
// GENERIC: "snn.soft_lif_rate"(%{{.+}}) <{amplitude = 1.000000e-02 : f64, bias = 0.000000e+00 : f64, gain = 1.000000e+00 : f64, sigma = 2.000000e-02 : f64, tau_rc = 2.000000e-02 : f64, tau_ref = 2.000000e-03 : f64}>
// GENERIC: "snn.lif_step"(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) <{{.+}}> : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, f32) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// GENERIC: "snn.if_step"(%{{.+}}, %{{.+}}, %{{.+}}) <{{.+}}> : (tensor<2x3xf32>, tensor<2x3xf32>, f32) -> (tensor<2x3xf32>, tensor<2x3xf32>)
// GENERIC: "snn.izhikevich_step"(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) <{{.+}}> : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, f32) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// GENERIC: "snn.lowpass_step"(%{{.+}}, %{{.+}}, %{{.+}}) <{tau = 2.000000e-02 : f64}> : (tensor<2x3xf32>, tensor<2x3xf32>, f32) -> tensor<2x3xf32>

// The NIR forms: IF without rectification and with reset to zero, LIF
// without a voltage floor (min_voltage = -inf, written and printed as the
// hex float 0xFFF0000000000000), and delays.
// CHECK-LABEL: func.func @nir_forms
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>, %[[S:.+]]: f32, %[[DT:.+]]: f32)
func.func @nir_forms(%x: tensor<4xf32>, %s: f32, %dt: f32)
    -> (tensor<4xf32>, tensor<4xf32>, f32, f32) {
  // CHECK: %[[A:.+]] = snn.if %[[X]] {rectify = false, reset = "zero"} : tensor<4xf32>
  %a = snn.if %x {rectify = false, reset = "zero"} : tensor<4xf32>
  // Explicit defaults are dropped.
  // CHECK: %[[B:.+]] = snn.if %[[A]] {reset = "zero"} : tensor<4xf32>
  %b = snn.if %a {rectify = true, reset = "zero"} : tensor<4xf32>
  // CHECK: %[[C:.+]] = snn.if %[[B]] {rectify = false} : tensor<4xf32>
  %c = snn.if %b {rectify = false, reset = "subtract"} : tensor<4xf32>
  // CHECK: %[[D:.+]] = snn.lif %[[C]] {min_voltage = 0xFFF0000000000000 : f64} : tensor<4xf32>
  %d = snn.lif %c {min_voltage = 0xFFF0000000000000 : f64} : tensor<4xf32>
  // CHECK: %[[E:.+]] = snn.delay %[[D]] {steps = 3 : i64} : tensor<4xf32>
  %e = snn.delay %d {steps = 3 : i64} : tensor<4xf32>
  // CHECK: snn.if_step %[[S]], %[[S]], dt %[[DT]] {amplitude = 2.000000e+00 : f64, rectify = false, reset = "zero"} : f32
  %o1, %v1 = snn.if_step %s, %s, dt %dt {amplitude = 2.0 : f64, rectify = false, reset = "zero"} : f32
  // CHECK: snn.lif_step %[[S]], %[[S]], %[[S]], dt %[[DT]] {min_voltage = 0xFFF0000000000000 : f64} : f32
  %o2, %v2, %r2 = snn.lif_step %s, %s, %s, dt %dt {min_voltage = 0xFFF0000000000000 : f64} : f32
  // CHECK: return %[[C]], %[[E]]
  return %c, %e, %o1, %o2 : tensor<4xf32>, tensor<4xf32>, f32, f32
}

// A recurrent connection: the feedback delay is read before the value it
// delays is computed, and survives canonicalization (its input op writes).
// CHECK-LABEL: func.func @feedback
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
func.func @feedback(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[F:.+]] = snn.feedback_delay {steps = 2 : i64} : tensor<4xf32>
  %f = snn.feedback_delay {steps = 2 : i64} : tensor<4xf32>
  // CHECK: %[[S:.+]] = snn.lif %[[F]] : tensor<4xf32>
  %s = snn.lif %f : tensor<4xf32>
  // CHECK: snn.feedback_input %[[F]], %[[X]] : tensor<4xf32>
  snn.feedback_input %f, %x : tensor<4xf32>
  return %s : tensor<4xf32>
}
// GENERIC: sym_name = "nir_forms"
// GENERIC: "snn.if"(%{{.+}}) <{amplitude = 1.000000e+00 : f64, bias = 0.000000e+00 : f64, gain = 1.000000e+00 : f64, initial_voltage = 0.000000e+00 : f64, rectify = false, reset = "zero"}> : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC: "snn.lif"(%{{.+}}) <{{{.*}}min_voltage = 0xFFF0000000000000 : f64{{.*}}}>
// GENERIC: "snn.delay"(%{{.+}}) <{steps = 3 : i64}> : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC: "snn.if_step"(%{{.+}}, %{{.+}}, %{{.+}}) <{amplitude = 2.000000e+00 : f64, bias = 0.000000e+00 : f64, gain = 1.000000e+00 : f64, rectify = false, reset = "zero"}> : (f32, f32, f32) -> (f32, f32)

// Max pooling of spike counts: NHWC windows as tosa.max_pool2d's.
// CHECK-LABEL: func.func @count_max_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x5x5x3xf32>)
func.func @count_max_pool(%x: tensor<1x5x5x3xf32>) -> tensor<1x3x3x3xf32> {
  // CHECK: %[[P:.+]] = snn.count_max_pool2d %[[X]] {kernel = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x5x5x3xf32>) -> tensor<1x3x3x3xf32>
  %p = snn.count_max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>} : (tensor<1x5x5x3xf32>) -> tensor<1x3x3x3xf32>
  // CHECK: return %[[P]]
  return %p : tensor<1x3x3x3xf32>
}
// GENERIC: "snn.count_max_pool2d"(%{{.+}}) <{kernel = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>}> : (tensor<1x5x5x3xf32>) -> tensor<1x3x3x3xf32>

// The lanes of a vector that a mask marks, packed to its front (a helper of
// --snn-vectorize-neurons).
// CHECK-LABEL: func.func @compress
// CHECK-SAME: (%[[V:.+]]: vector<16xf32>, %[[M:.+]]: vector<16xi1>)
func.func @compress(%v: vector<16xf32>, %m: vector<16xi1>) -> vector<16xf32> {
  // CHECK: %[[P:.+]] = snn.compress %[[V]], %[[M]] : vector<16xf32>, vector<16xi1>
  %p = snn.compress %v, %m : vector<16xf32>, vector<16xi1>
  // CHECK: return %[[P]]
  return %p : vector<16xf32>
}
// GENERIC: "snn.compress"(%{{.+}}, %{{.+}}) : (vector<16xf32>, vector<16xi1>) -> vector<16xf32>
