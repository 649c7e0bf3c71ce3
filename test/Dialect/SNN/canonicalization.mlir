// Folds of the snn dialect.
// RUN: snn-opt %s --canonicalize --cse --split-input-file | FileCheck %s

// A lowpass with tau = 0 is the identity; with tau > 0 it stays.
// CHECK-LABEL: func.func @lowpass_zero_tau
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NEXT: %[[Y:.+]] = snn.lowpass %[[X]] {tau = 1.000000e-02 : f64}
// CHECK-NEXT: return %[[X]], %[[Y]]
func.func @lowpass_zero_tau(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = snn.lowpass %x {tau = 0.0 : f64} : tensor<4xf32>
  %1 = snn.lowpass %x {tau = 0.01 : f64} : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @lowpass_step_zero_tau
// CHECK-SAME: (%[[X:.+]]: f32, %[[S:.+]]: f32, %[[DT:.+]]: f32)
// CHECK-NEXT: %[[Y:.+]] = snn.lowpass_step %[[X]], %[[S]], dt %[[DT]] : f32
// CHECK-NEXT: return %[[X]], %[[Y]]
func.func @lowpass_step_zero_tau(%x: f32, %s: f32, %dt: f32) -> (f32, f32) {
  %0 = snn.lowpass_step %x, %s, dt %dt {tau = 0.0 : f64} : f32
  %1 = snn.lowpass_step %x, %s, dt %dt : f32
  return %0, %1 : f32, f32
}

// -----

// Rate models of constants are constants: LIFRate(3) = 1 / (0.002 + 0.02 *
// log1p(1 / 2)) = 98.91879 Hz; below threshold, 0.
// CHECK-LABEL: func.func @lif_rate_constant
// CHECK-DAG: %[[A:.+]] = arith.constant dense<98.9187927> : tensor<4xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant 1.14554822 : f32
// CHECK-DAG: %[[C:.+]] = arith.constant dense<0.000000e+00> : tensor<2x2xf32>
// CHECK-NOT: snn.lif_rate
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @lif_rate_constant() -> (tensor<4xf32>, f32, tensor<2x2xf32>) {
  %c3 = arith.constant dense<3.0> : tensor<4xf32>
  %0 = snn.lif_rate %c3 : tensor<4xf32>
  // J = 2 * 1.5 + 0.5 = 3.5
  %s = arith.constant 1.5 : f32
  %1 = snn.lif_rate %s {gain = 2.0 : f64, bias = 0.5 : f64, amplitude = 0.01 : f64} : f32
  %c1 = arith.constant dense<1.0> : tensor<2x2xf32>
  %2 = snn.lif_rate %c1 : tensor<2x2xf32>
  return %0, %1, %2 : tensor<4xf32>, f32, tensor<2x2xf32>
}

// -----

// SoftLIFRate is positive at threshold: SoftLIFRate(1) = 50.3473 Hz.
// CHECK-LABEL: func.func @soft_lif_rate_constant
// CHECK-DAG: %[[A:.+]] = arith.constant dense<50.3472977> : tensor<3xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<0.925719797> : vector<2xf32>
// CHECK: return %[[A]], %[[B]]
func.func @soft_lif_rate_constant() -> (tensor<3xf32>, vector<2xf32>) {
  %c1 = arith.constant dense<1.0> : tensor<3xf32>
  %0 = snn.soft_lif_rate %c1 : tensor<3xf32>
  // js = -50 < -20: the asymptotic branch.
  %c0 = arith.constant dense<0.0> : vector<2xf32>
  %1 = snn.soft_lif_rate %c0 {sigma = 0.02 : f64} : vector<2xf32>
  return %0, %1 : tensor<3xf32>, vector<2xf32>
}

// -----

// Rate ops of non-constant or non-splat inputs are not folded (folding never
// expands a tensor into per-element attributes).
// CHECK-LABEL: func.func @rate_not_folded
// CHECK: snn.lif_rate %{{.+}} : tensor<4xf32>
// CHECK: snn.lif_rate %{{.+}} : tensor<2xf32>
func.func @rate_not_folded(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<2xf32>) {
  %0 = snn.lif_rate %x : tensor<4xf32>
  %c = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %1 = snn.lif_rate %c : tensor<2xf32>
  return %0, %1 : tensor<4xf32>, tensor<2xf32>
}

// -----

// IF neurons driven by J <= 0 never spike.
// CHECK-LABEL: func.func @if_silent
// CHECK-DAG: %[[Z:.+]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[P:.+]] = arith.constant dense<5.000000e-01> : tensor<4xf32>
// CHECK: %[[S:.+]] = snn.if %[[P]] : tensor<4xf32>
// CHECK: return %[[Z]], %[[Z]], %[[S]]
func.func @if_silent() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %neg = arith.constant dense<-0.5> : tensor<4xf32>
  %0 = snn.if %neg : tensor<4xf32>
  // J = 2 * 0.5 - 1 = 0: still silent.
  %pos = arith.constant dense<0.5> : tensor<4xf32>
  %1 = snn.if %pos {gain = 2.0 : f64, bias = -1.0 : f64} : tensor<4xf32>
  %2 = snn.if %pos : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Whatever the integration and the reset, J <= 0 never spikes; J > 0 can.
// CHECK-LABEL: func.func @if_silent_nir
// CHECK-DAG: %[[Z:.+]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[P:.+]] = arith.constant dense<5.000000e-01> : tensor<4xf32>
// CHECK: %[[S:.+]] = snn.if %[[P]] {rectify = false, reset = "zero"} : tensor<4xf32>
// CHECK: return %[[Z]], %[[Z]], %[[S]]
func.func @if_silent_nir() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %neg = arith.constant dense<-0.5> : tensor<4xf32>
  %0 = snn.if %neg {rectify = false} : tensor<4xf32>
  %1 = snn.if %neg {rectify = false, reset = "zero"} : tensor<4xf32>
  %pos = arith.constant dense<0.5> : tensor<4xf32>
  %2 = snn.if %pos {rectify = false, reset = "zero"} : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// LIF neurons driven by J <= 1 never spike; the check covers every element
// of a dense constant.
// CHECK-LABEL: func.func @lif_silent
// CHECK-DAG: %[[Z:.+]] = arith.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-DAG: %[[C:.+]] = arith.constant dense<[2.000000e-01, 1.000000e+00, 5.000000e-01]> : tensor<3xf32>
// CHECK: %[[S:.+]] = snn.lif %[[C]] {bias = 1.000000e+00 : f64} : tensor<3xf32>
// CHECK: return %[[Z]], %[[S]]
func.func @lif_silent() -> (tensor<3xf32>, tensor<3xf32>) {
  %c = arith.constant dense<[0.2, 1.0, 0.5]> : tensor<3xf32>
  %0 = snn.lif %c : tensor<3xf32>
  // With bias 1 the first element gets J = 1.2 > 1: it fires.
  %1 = snn.lif %c {bias = 1.0 : f64} : tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// -----

// Izhikevich neurons fire even at zero input: never folded.
// CHECK-LABEL: func.func @izhikevich_not_folded
// CHECK: snn.izhikevich
func.func @izhikevich_not_folded() -> tensor<2xf32> {
  %c = arith.constant dense<0.0> : tensor<2xf32>
  %0 = snn.izhikevich %c : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Unused population ops are pure and removed.
// CHECK-LABEL: func.func @dead
// CHECK-NOT: snn.
// CHECK: return
func.func @dead(%x: tensor<4xf32>) {
  %0 = snn.lif %x : tensor<4xf32>
  %1 = snn.if %x : tensor<4xf32>
  %2 = snn.lowpass %x : tensor<4xf32>
  return
}

// -----

// A feedback delay whose output nothing reads still keeps its input op (the
// pair is not dead code: the delay's state is written every step), and two
// identical feedback delays are not merged.
// CHECK-LABEL: func.func @feedback_kept
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK: %[[F:.+]] = snn.feedback_delay {steps = 1 : i64}
// CHECK: %[[G:.+]] = snn.feedback_delay {steps = 1 : i64}
// CHECK: snn.feedback_input %[[F]], %[[X]]
// CHECK: snn.feedback_input %[[G]], %[[X]]
// CHECK: return %[[G]]
func.func @feedback_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %f = snn.feedback_delay {steps = 1 : i64} : tensor<4xf32>
  %g = snn.feedback_delay {steps = 1 : i64} : tensor<4xf32>
  snn.feedback_input %f, %x : tensor<4xf32>
  snn.feedback_input %g, %x : tensor<4xf32>
  return %g : tensor<4xf32>
}
