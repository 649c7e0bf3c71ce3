// RUN: snn-opt %s --convert-snn-to-linalg --split-input-file | FileCheck %s

// Tensor form: one parallel linalg.generic with x as its only input; the
// state is read from and written to the outputs (initialized with the old
// state, for in-place updates), the output gets a new tensor. The body follows
// NEURON-SEMANTICS.md's seven LIF steps in order, after J = gain * x + bias.

// CHECK-LABEL: func.func @lif_tensor
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>, %[[V:.+]]: tensor<2x3xf32>, %[[R:.+]]: tensor<2x3xf32>, %[[DT:.+]]: f32)
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<2x3xf32>
// The decay outside the refractory period, expm1(-dt / tau_rc), once:
// CHECK: %[[NDT:.+]] = arith.negf %[[DT]] : f32
// CHECK: %[[TAURC0:.+]] = arith.constant 5.000000e-02 : f32
// CHECK: %[[QDT:.+]] = arith.divf %[[NDT]], %[[TAURC0]] : f32
// CHECK: %[[EDT:.+]] = math.expm1 %[[QDT]] : f32
// CHECK: %[[G:.+]]:3 = linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK-SAME: ins(%[[X]] : tensor<2x3xf32>) outs(%[[EMPTY]], %[[V]], %[[R]] : {{.*}})
// CHECK: ^bb0(%[[IX:.+]]: f32, %{{.+}}: f32, %[[IV:.+]]: f32, %[[IR:.+]]: f32):
// CHECK: %[[GAIN:.+]] = arith.constant 2.033000e+00 : f32
// CHECK: %[[GX:.+]] = arith.mulf %[[GAIN]], %[[IX]] : f32
// CHECK: %[[BIAS:.+]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[J:.+]] = arith.addf %[[GX]], %[[BIAS]] : f32
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[TAURC:.+]] = arith.constant 5.000000e-02 : f32
//      1. r = r - dt
// CHECK: %[[R1:.+]] = arith.subf %[[IR]], %[[DT]] : f32
//      2. delta = clip(dt - r, 0, dt)
// CHECK: %[[DR:.+]] = arith.subf %[[DT]], %[[R1]] : f32
// CHECK: %[[LO:.+]] = arith.maximumf %[[DR]], %[[ZERO]] : f32
// CHECK: %[[DELTA:.+]] = arith.minimumf %[[LO]], %[[DT]] : f32
//      3. v = v - (J - v) * expm1(-delta / tau_rc); expm1 is called only
//         when delta != dt (in the refractory period)
// CHECK: %[[FULL:.+]] = arith.cmpf oeq, %[[DELTA]], %[[DT]] : f32
// CHECK: %[[E:.+]] = scf.if %[[FULL]] -> (f32) {
// CHECK-NEXT: scf.yield %[[EDT]] : f32
// CHECK-NEXT: } else {
// CHECK-NEXT: %[[ND:.+]] = arith.negf %[[DELTA]] : f32
// CHECK-NEXT: %[[Q:.+]] = arith.divf %[[ND]], %[[TAURC]] : f32
// CHECK-NEXT: %[[E1:.+]] = math.expm1 %[[Q]] : f32
// CHECK-NEXT: scf.yield %[[E1]] : f32
// CHECK: %[[JV:.+]] = arith.subf %[[J]], %[[IV]] : f32
// CHECK: %[[P:.+]] = arith.mulf %[[JV]], %[[E]] : f32
// CHECK: %[[V1:.+]] = arith.subf %[[IV]], %[[P]] : f32
//      4. spiked = v > 1; output = spiked ? amplitude / dt : 0
// CHECK: %[[SPIKED:.+]] = arith.cmpf ogt, %[[V1]], %[[ONE]] : f32
// CHECK: %[[AMP:.+]] = arith.constant 0.00999999977 : f32
// CHECK: %[[SPIKE:.+]] = arith.divf %[[AMP]], %[[DT]] : f32
// CHECK: %[[OUT:.+]] = arith.select %[[SPIKED]], %[[SPIKE]], %[[ZERO]] : f32
//      5. t_spike = dt + tau_rc * log1p(-(v - 1) / (J - 1)), computed only
//         for a neuron that spiked (the only one that uses it)
// CHECK: %[[TSPIKE:.+]] = scf.if %[[SPIKED]] -> (f32) {
// CHECK-NEXT: %[[VM1:.+]] = arith.subf %[[V1]], %[[ONE]] : f32
// CHECK-NEXT: %[[NVM1:.+]] = arith.negf %[[VM1]] : f32
// CHECK-NEXT: %[[JM1:.+]] = arith.subf %[[J]], %[[ONE]] : f32
// CHECK-NEXT: %[[RATIO:.+]] = arith.divf %[[NVM1]], %[[JM1]] : f32
// CHECK-NEXT: %[[L:.+]] = math.log1p %[[RATIO]] : f32
// CHECK-NEXT: %[[TL:.+]] = arith.mulf %[[TAURC]], %[[L]] : f32
// CHECK-NEXT: %[[TS:.+]] = arith.addf %[[DT]], %[[TL]] : f32
// CHECK-NEXT: scf.yield %[[TS]] : f32
// CHECK-NEXT: } else {
// CHECK-NEXT: scf.yield %[[ZERO]] : f32
//      6. v = max(v, min_voltage)
// CHECK: %[[MINV:.+]] = arith.constant -5.000000e-01 : f32
// CHECK: %[[V2:.+]] = arith.maximumf %[[V1]], %[[MINV]] : f32
//      7. spiked: v = 0, r = tau_ref + t_spike
// CHECK: %[[V3:.+]] = arith.select %[[SPIKED]], %[[ZERO]], %[[V2]] : f32
// CHECK: %[[TAUREF:.+]] = arith.constant 2.000000e-03 : f32
// CHECK: %[[RNEW:.+]] = arith.addf %[[TAUREF]], %[[TSPIKE]] : f32
// CHECK: %[[R2:.+]] = arith.select %[[SPIKED]], %[[RNEW]], %[[R1]] : f32
// CHECK: linalg.yield %[[OUT]], %[[V3]], %[[R2]] : f32, f32, f32
// CHECK: return %[[G]]#0, %[[G]]#1, %[[G]]#2
func.func @lif_tensor(%x: tensor<2x3xf32>, %v: tensor<2x3xf32>, %r: tensor<2x3xf32>, %dt: f32) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %o, %v1, %r1 = snn.lif_step %x, %v, %r, dt %dt {tau_rc = 0.05 : f64, min_voltage = -0.5 : f64, amplitude = 0.01 : f64, gain = 2.033 : f64, bias = 1.0 : f64} : tensor<2x3xf32>
  return %o, %v1, %r1 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Scalar form: arith/math directly. Default gain and bias are not
// materialized; amplitude * n / dt in that order.

// CHECK-LABEL: func.func @if_scalar
// CHECK-SAME: (%[[X:.+]]: f32, %[[V:.+]]: f32, %[[DT:.+]]: f32)
// CHECK-NOT: linalg.generic
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[JP:.+]] = arith.maximumf %[[X]], %[[ZERO]] : f32
// CHECK: %[[INC:.+]] = arith.mulf %[[JP]], %[[DT]] : f32
// CHECK: %[[V1:.+]] = arith.addf %[[V]], %[[INC]] : f32
// CHECK: %[[N:.+]] = math.floor %[[V1]] : f32
// CHECK: %[[AMP:.+]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[AN:.+]] = arith.mulf %[[AMP]], %[[N]] : f32
// CHECK: %[[OUT:.+]] = arith.divf %[[AN]], %[[DT]] : f32
// CHECK: %[[V2:.+]] = arith.subf %[[V1]], %[[N]] : f32
// CHECK: return %[[OUT]], %[[V2]] : f32, f32
func.func @if_scalar(%x: f32, %v: f32, %dt: f32) -> (f32, f32) {
  %o, %v1 = snn.if_step %x, %v, dt %dt {amplitude = 0.5 : f64} : f32
  return %o, %v1 : f32, f32
}

// -----

// Vector form: constants are splats, dt is broadcast.

// CHECK-LABEL: func.func @izhikevich_vector
// CHECK-SAME: (%[[X:.+]]: vector<4xf32>, %[[V:.+]]: vector<4xf32>, %[[U:.+]]: vector<4xf32>, %[[DT:.+]]: f32)
// CHECK: %[[DTV:.+]] = vector.broadcast %[[DT]] : f32 to vector<4xf32>
// CHECK: %[[THOUSAND:.+]] = arith.constant dense<1.000000e+03> : vector<4xf32>
//      1. J = max(J, -30)
// CHECK: %[[M30:.+]] = arith.constant dense<-3.000000e+01> : vector<4xf32>
// CHECK: %[[J:.+]] = arith.maximumf %[[X]], %[[M30]] : vector<4xf32>
//      2. v = v + (0.04 v^2 + 5 v + 140 - u + J) * 1000 * dt
// CHECK: %[[C004:.+]] = arith.constant dense<4.000000e-02> : vector<4xf32>
// CHECK: %[[VV:.+]] = arith.mulf %[[V]], %[[V]] : vector<4xf32>
// CHECK: %[[A:.+]] = arith.mulf %[[C004]], %[[VV]] : vector<4xf32>
// CHECK: %[[C5:.+]] = arith.constant dense<5.000000e+00> : vector<4xf32>
// CHECK: %[[B:.+]] = arith.mulf %[[C5]], %[[V]] : vector<4xf32>
// CHECK: %[[AB:.+]] = arith.addf %[[A]], %[[B]] : vector<4xf32>
// CHECK: %[[C140:.+]] = arith.constant dense<1.400000e+02> : vector<4xf32>
// CHECK: %[[S1:.+]] = arith.addf %[[AB]], %[[C140]] : vector<4xf32>
// CHECK: %[[S2:.+]] = arith.subf %[[S1]], %[[U]] : vector<4xf32>
// CHECK: %[[DV:.+]] = arith.addf %[[S2]], %[[J]] : vector<4xf32>
// CHECK: %[[DVK:.+]] = arith.mulf %[[DV]], %[[THOUSAND]] : vector<4xf32>
// CHECK: %[[DVT:.+]] = arith.mulf %[[DVK]], %[[DTV]] : vector<4xf32>
// CHECK: %[[V1:.+]] = arith.addf %[[V]], %[[DVT]] : vector<4xf32>
//      3. spiked = v >= 30; output = spiked / dt; spiked: v = c
// CHECK: %[[SPIKED:.+]] = arith.cmpf oge, %[[V1]], %{{.+}} : vector<4xf32>
// CHECK: %[[INV:.+]] = arith.divf %{{.+}}, %[[DTV]] : vector<4xf32>
// CHECK: %[[OUT:.+]] = arith.select %[[SPIKED]], %[[INV]], %{{.+}} : vector<4xi1>, vector<4xf32>
// CHECK: %[[C:.+]] = arith.constant dense<-6.500000e+01> : vector<4xf32>
// CHECK: %[[V2:.+]] = arith.select %[[SPIKED]], %[[C]], %[[V1]]
//      4. u = u + a * (b * v - u) * 1000 * dt; spiked: u = u + d
// CHECK: %[[BV:.+]] = arith.mulf %{{.+}}, %[[V2]] : vector<4xf32>
// CHECK: %[[BVU:.+]] = arith.subf %[[BV]], %[[U]] : vector<4xf32>
// CHECK: %[[DU:.+]] = arith.mulf %{{.+}}, %[[BVU]] : vector<4xf32>
// CHECK: %[[DUK:.+]] = arith.mulf %[[DU]], %[[THOUSAND]] : vector<4xf32>
// CHECK: %[[DUT:.+]] = arith.mulf %[[DUK]], %[[DTV]] : vector<4xf32>
// CHECK: %[[U1:.+]] = arith.addf %[[U]], %[[DUT]] : vector<4xf32>
// CHECK: %[[D:.+]] = arith.constant dense<8.000000e+00> : vector<4xf32>
// CHECK: %[[U1D:.+]] = arith.addf %[[U1]], %[[D]] : vector<4xf32>
// CHECK: %[[U2:.+]] = arith.select %[[SPIKED]], %[[U1D]], %[[U1]]
// CHECK: return %[[OUT]], %[[V2]], %[[U2]]
func.func @izhikevich_vector(%x: vector<4xf32>, %v: vector<4xf32>, %u: vector<4xf32>, %dt: f32) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>) {
  %o, %v1, %u1 = snn.izhikevich_step %x, %v, %u, dt %dt : vector<4xf32>
  return %o, %v1, %u1 : vector<4xf32>, vector<4xf32>, vector<4xf32>
}

// -----

// Dynamic shapes. A lowpass's output is its new state: it is written over
// the old state.

// CHECK-LABEL: func.func @lowpass_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x3xf32>, %[[S:.+]]: tensor<?x3xf32>, %[[DT:.+]]: f32)
// CHECK-NOT: tensor.empty
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<?x3xf32>) outs(%[[S]] : tensor<?x3xf32>)
// CHECK: ^bb0(%[[IU:.+]]: f32, %[[IS:.+]]: f32):
//      a = exp(-dt / tau); x = a * x + (1 - a) * u
// CHECK: %[[NDT:.+]] = arith.negf %[[DT]] : f32
// CHECK: %[[TAU:.+]] = arith.constant 0.00999999977 : f32
// CHECK: %[[Q:.+]] = arith.divf %[[NDT]], %[[TAU]] : f32
// CHECK: %[[A:.+]] = math.exp %[[Q]] : f32
// CHECK: %[[AS:.+]] = arith.mulf %[[A]], %[[IS]] : f32
// CHECK: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[OMA:.+]] = arith.subf %[[ONE]], %[[A]] : f32
// CHECK: %[[BU:.+]] = arith.mulf %[[OMA]], %[[IU]] : f32
// CHECK: %[[Y:.+]] = arith.addf %[[AS]], %[[BU]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @lowpass_dynamic(%x: tensor<?x3xf32>, %s: tensor<?x3xf32>, %dt: f32) -> tensor<?x3xf32> {
  %y = snn.lowpass_step %x, %s, dt %dt {tau = 0.01 : f64} : tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

// Rate models, tensor form: dynamic sizes come from the input.

// CHECK-LABEL: func.func @lif_rate
// CHECK-SAME: (%[[X:.+]]: tensor<?xf32>)
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[DIM:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[DIM]]) : tensor<?xf32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]] : tensor<?xf32>) outs(%[[EMPTY]] : tensor<?xf32>)
// CHECK: ^bb0(%[[IX:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[J:.+]] = arith.subf %[[IX]], %[[ONE]] : f32
// CHECK: %[[INV:.+]] = arith.divf %{{.+}}, %[[J]] : f32
// CHECK: %[[L:.+]] = math.log1p %[[INV]] : f32
// CHECK: %[[TL:.+]] = arith.mulf %{{.+}}, %[[L]] : f32
// CHECK: %[[PERIOD:.+]] = arith.addf %{{.+}}, %[[TL]] : f32
// CHECK: %[[RATE:.+]] = arith.divf %{{.+}}, %[[PERIOD]] : f32
// CHECK: %[[POS:.+]] = arith.cmpf ogt, %[[J]], %[[ZERO]] : f32
// CHECK: %[[R:.+]] = arith.select %[[POS]], %[[RATE]], %[[ZERO]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @lif_rate(%x: tensor<?xf32>) -> tensor<?xf32> {
  %r = snn.lif_rate %x : tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @soft_lif_rate_scalar
// CHECK-SAME: (%[[X:.+]]: f64)
// CHECK: %[[SIGMA:.+]] = arith.constant 2.000000e-02 : f64
// CHECK: %[[J:.+]] = arith.subf %[[X]], %{{.+}} : f64
// CHECK: %[[JS:.+]] = arith.divf %[[J]], %[[SIGMA]] : f64
//      z = sigma * (js > 30 ? js : log1p(exp(js)))
// CHECK: %[[BIG:.+]] = arith.cmpf ogt, %[[JS]], %{{.+}} : f64
// CHECK: %[[E:.+]] = math.exp %[[JS]] : f64
// CHECK: %[[SP:.+]] = math.log1p %[[E]] : f64
// CHECK: %[[SEL:.+]] = arith.select %[[BIG]], %[[JS]], %[[SP]] : f64
// CHECK: %[[Z:.+]] = arith.mulf %[[SIGMA]], %[[SEL]] : f64
//      q = js > -20 ? log1p(1 / z) : -js - log(sigma)
// CHECK: %[[NOTSMALL:.+]] = arith.cmpf ogt, %[[JS]], %{{.+}} : f64
// CHECK: %[[IZ:.+]] = arith.divf %{{.+}}, %[[Z]] : f64
// CHECK: %[[LZ:.+]] = math.log1p %[[IZ]] : f64
// CHECK: %[[NJS:.+]] = arith.negf %[[JS]] : f64
// CHECK: %[[LS:.+]] = math.log %[[SIGMA]] : f64
// CHECK: %[[TAIL:.+]] = arith.subf %[[NJS]], %[[LS]] : f64
// CHECK: %[[Q:.+]] = arith.select %[[NOTSMALL]], %[[LZ]], %[[TAIL]] : f64
//      rate = amplitude / (tau_ref + tau_rc * q)
// CHECK: %[[TQ:.+]] = arith.mulf %{{.+}}, %[[Q]] : f64
// CHECK: %[[PERIOD:.+]] = arith.addf %{{.+}}, %[[TQ]] : f64
// CHECK: %[[RATE:.+]] = arith.divf %{{.+}}, %[[PERIOD]] : f64
// CHECK: return %[[RATE]] : f64
func.func @soft_lif_rate_scalar(%x: f64) -> f64 {
  %r = snn.soft_lif_rate %x {sigma = 0.02 : f64} : f64
  return %r : f64
}

// -----

// IF without rectification: J is integrated as it is and n = max(floor(v), 0).
// CHECK-LABEL: func.func @if_no_rectify
// CHECK-SAME: (%[[X:.+]]: f32, %[[V:.+]]: f32, %[[DT:.+]]: f32)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NOT: arith.maximumf %[[X]]
// CHECK: %[[INC:.+]] = arith.mulf %[[X]], %[[DT]] : f32
// CHECK: %[[V1:.+]] = arith.addf %[[V]], %[[INC]] : f32
// CHECK: %[[F:.+]] = math.floor %[[V1]] : f32
// CHECK: %[[N:.+]] = arith.maximumf %[[F]], %[[ZERO]] : f32
// CHECK: %[[V2:.+]] = arith.subf %[[V1]], %[[N]] : f32
func.func @if_no_rectify(%x: f32, %v: f32, %dt: f32) -> (f32, f32) {
  %o, %v1 = snn.if_step %x, %v, dt %dt {rectify = false} : f32
  return %o, %v1 : f32, f32
}

// -----

// IF with reset to zero: one spike at most, v > 1 resets to 0.
// CHECK-LABEL: func.func @if_reset_zero
// CHECK-SAME: (%[[X:.+]]: f32, %[[V:.+]]: f32, %[[DT:.+]]: f32)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[JP:.+]] = arith.maximumf %[[X]], %[[ZERO]] : f32
// CHECK: %[[INC:.+]] = arith.mulf %[[JP]], %[[DT]] : f32
// CHECK: %[[V1:.+]] = arith.addf %[[V]], %[[INC]] : f32
// CHECK: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[SP:.+]] = arith.cmpf ogt, %[[V1]], %[[ONE]] : f32
// CHECK: %[[AMP:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[H:.+]] = arith.divf %[[AMP]], %[[DT]] : f32
// CHECK: %[[OUT:.+]] = arith.select %[[SP]], %[[H]], %[[ZERO]] : f32
// CHECK: %[[V2:.+]] = arith.select %[[SP]], %[[ZERO]], %[[V1]] : f32
// CHECK: return %[[OUT]], %[[V2]] : f32, f32
func.func @if_reset_zero(%x: f32, %v: f32, %dt: f32) -> (f32, f32) {
  %o, %v1 = snn.if_step %x, %v, dt %dt {amplitude = 2.0 : f64, reset = "zero"} : f32
  return %o, %v1 : f32, f32
}

// -----

// LIF without a floor (min_voltage = -inf): no max with min_voltage.
// CHECK-LABEL: func.func @lif_no_floor
// CHECK: math.expm1
// CHECK: math.log1p
// CHECK-NOT: arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: arith.select
// CHECK: return
func.func @lif_no_floor(%x: f32, %v: f32, %r: f32, %dt: f32) -> (f32, f32, f32) {
  %o, %v1, %r1 = snn.lif_step %x, %v, %r, dt %dt {min_voltage = 0xFFF0000000000000 : f64} : f32
  return %o, %v1, %r1 : f32, f32, f32
}
