// RUN: snn-opt %s --snn-materialize-time --split-input-file | FileCheck %s
// RUN: snn-opt %s --snn-materialize-time="decode=lowpass decode-tau=0.01" --split-input-file \
// RUN: | FileCheck %s --check-prefix=LOWPASS
// RUN: snn-opt %s --snn-materialize-time="initial-voltage=uniform seed=7" --split-input-file \
// RUN: | FileCheck %s --check-prefix=UNIFORM

// One LIF population: the steps and dt become the last two arguments; the
// state (voltage, refractory time) starts at zero and is carried by the loop;
// the output is the mean over the steps.

// CHECK-LABEL: func.func @lif
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>, %[[STEPS:.+]]: i64, %[[DT:.+]]: f32) -> tensor<4xf32>
// CHECK: %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[C1:.+]] = arith.constant 1 : index
// CHECK: %[[N:.+]] = arith.index_cast %[[STEPS]] : i64 to index
// CHECK: %[[LOOP:.+]]:3 = scf.for %{{.+}} = %[[C0]] to %[[N]] step %[[C1]]
// CHECK-SAME: iter_args(%[[V:.+]] = %[[ZERO]], %[[R:.+]] = %[[ZERO]], %[[SUM:.+]] = %[[ZERO]])
// CHECK: %[[OUT:.+]], %[[V1:.+]], %[[R1:.+]] = snn.lif_step %[[X]], %[[V]], %[[R]], dt %[[DT]] {amplitude = 1.000000e-02 : f64, tau_rc = 5.000000e-02 : f64} : tensor<4xf32>
// CHECK: %[[ACC:.+]] = linalg.generic
// CHECK-SAME: ins(%[[OUT]] : tensor<4xf32>) outs(%[[SUM]] : tensor<4xf32>)
// CHECK: arith.addf
// CHECK: scf.yield %[[V1]], %[[R1]], %[[ACC]]
// CHECK: %[[COUNT:.+]] = arith.sitofp %[[STEPS]] : i64 to f32
// CHECK: %[[MEAN:.+]] = linalg.generic
// CHECK-SAME: ins(%[[LOOP]]#2 : tensor<4xf32>)
// CHECK: ^bb0(%[[S:.+]]: f32, %{{.+}}: f32):
// CHECK: arith.divf %[[S]], %[[COUNT]] : f32
// CHECK: return %[[MEAN]] : tensor<4xf32>
// decode=lowpass: the result goes through snn.lowpass_step in the loop; the
// filter's last state is returned.

// LOWPASS-LABEL: func.func @lif
// LOWPASS-SAME: (%[[X:.+]]: tensor<4xf32>, %[[STEPS:.+]]: i64, %[[DT:.+]]: f32) -> tensor<4xf32>
// LOWPASS: %[[LOOP:.+]]:3 = scf.for {{.*}} iter_args(%[[V:.+]] = %[[ZERO:.+]], %[[R:.+]] = %[[ZERO]], %[[F:.+]] = %[[ZERO]])
// LOWPASS: %[[OUT:.+]], %[[V1:.+]], %[[R1:.+]] = snn.lif_step %[[X]], %[[V]], %[[R]], dt %[[DT]]
// LOWPASS: %[[F1:.+]] = snn.lowpass_step %[[OUT]], %[[F]], dt %[[DT]] {tau = 1.000000e-02 : f64} : tensor<4xf32>
// LOWPASS: scf.yield %[[V1]], %[[R1]], %[[F1]]
// LOWPASS-NOT: arith.divf
// LOWPASS: return %[[LOOP]]#2 : tensor<4xf32>
// initial-voltage=uniform: the voltage starts uniform in [0, 1) (splitmix64
// seeded with 7), the refractory time at 0.

// UNIFORM-LABEL: func.func @lif
// UNIFORM: %[[V0:.+]] = arith.constant dense<[0.389829695, 0.0167882442, 0.90076065, 0.582930267]> : tensor<4xf32>
// UNIFORM: %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// UNIFORM: scf.for {{.*}} iter_args(%{{.+}} = %[[V0]], %{{.+}} = %[[ZERO]], %{{.+}} = %[[ZERO]])
func.func @lif(%x: tensor<4xf32>) -> tensor<4xf32> {
  %s = snn.lif %x {tau_rc = 0.05 : f64, amplitude = 0.01 : f64} : tensor<4xf32>
  return %s : tensor<4xf32>
}

// -----

// A layered network: what does not depend on a neuron (the first layer, the
// constant-current encoding of the input) runs once, before the loop; the
// rest runs every step. Every population's state is carried in order;
// a result that does not depend on a neuron is returned as it is.

// One stream for the function: the LIF voltages take its first four values,
// the Izhikevich voltages the next three; the lowpass state stays at 0.
// UNIFORM-LABEL: func.func @layers
// UNIFORM: arith.constant dense<[{{.+}}, {{.+}}, {{.+}}, {{.+}}]> : tensor<1x4xf32>
// UNIFORM: arith.constant dense<0.000000e+00> : tensor<1x4xf32>
// UNIFORM: arith.constant dense<[{{.+}}, {{.+}}, {{.+}}]> : tensor<1x3xf32>
// UNIFORM: arith.constant dense<0.000000e+00> : tensor<1x3xf32>
// UNIFORM: scf.for

// CHECK-LABEL: func.func @layers
// CHECK-SAME: (%[[X:.+]]: tensor<1x4xf32>, %[[W:.+]]: tensor<1x4x3xf32>, %[[STEPS:.+]]: i64, %[[DT:.+]]: f32) -> (tensor<1x3xf32>, tensor<1x4xf32>)
// CHECK: %[[J:.+]] = tosa.clamp %[[X]]
// CHECK: %[[Z4:.+]] = arith.constant dense<0.000000e+00> : tensor<1x4xf32>
// CHECK: %[[Z3:.+]] = arith.constant dense<0.000000e+00> : tensor<1x3xf32>
// CHECK: %[[LOOP:.+]]:6 = scf.for
// CHECK-SAME: iter_args(%[[V:.+]] = %[[Z4]], %[[R:.+]] = %[[Z4]], %[[F:.+]] = %[[Z4]], %[[IV:.+]] = %[[Z3]], %[[IU:.+]] = %[[Z3]], %[[SUM:.+]] = %[[Z3]])
// CHECK: %[[S:.+]], %[[V1:.+]], %[[R1:.+]] = snn.lif_step %[[J]], %[[V]], %[[R]], dt %[[DT]]
// CHECK: %[[FS:.+]] = snn.lowpass_step %[[S]], %[[F]], dt %[[DT]] {tau = 1.000000e-02 : f64}
// CHECK: tosa.reshape %[[FS]]
// CHECK: tosa.matmul
// CHECK: %[[M:.+]] = tosa.reshape
// CHECK: %[[Y:.+]], %[[NV:.+]], %[[NU:.+]] = snn.izhikevich_step %[[M]], %[[IV]], %[[IU]], dt %[[DT]]
// CHECK: %[[ACC:.+]] = linalg.generic {{.*}} ins(%[[Y]] : tensor<1x3xf32>) outs(%[[SUM]] : tensor<1x3xf32>)
// CHECK: scf.yield %[[V1]], %[[R1]], %[[FS]], %[[NV]], %[[NU]], %[[ACC]]
// CHECK: %[[MEAN:.+]] = linalg.generic {{.*}} ins(%[[LOOP]]#5 :
// CHECK: return %[[MEAN]], %[[J]] : tensor<1x3xf32>, tensor<1x4xf32>
func.func @layers(%x: tensor<1x4xf32>, %w: tensor<1x4x3xf32>) -> (tensor<1x3xf32>, tensor<1x4xf32>) {
  %j = tosa.clamp %x {min_val = 0.0 : f32, max_val = 10.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %s = snn.lif %j : tensor<1x4xf32>
  %f = snn.lowpass %s {tau = 0.01 : f64} : tensor<1x4xf32>
  %sh = tosa.const_shape {values = dense<[1, 1, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s3 = tosa.reshape %f, %sh : (tensor<1x4xf32>, !tosa.shape<3>) -> tensor<1x1x4xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %m = tosa.matmul %s3, %w, %zp, %zp : (tensor<1x1x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  %sh2 = tosa.const_shape {values = dense<[1, 3]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %m2 = tosa.reshape %m, %sh2 : (tensor<1x1x3xf32>, !tosa.shape<2>) -> tensor<1x3xf32>
  %y = snn.izhikevich %m2 : tensor<1x3xf32>
  return %y, %j : tensor<1x3xf32>, tensor<1x4xf32>
}

// -----

// Other element types get dt converted once, before the loop; a scalar
// result is averaged with arith directly.

// CHECK-LABEL: func.func @half
// CHECK-SAME: (%[[X:.+]]: tensor<2xf16>, %[[STEPS:.+]]: i64, %[[DT:.+]]: f32) -> f16
// CHECK: %[[DT16:.+]] = arith.truncf %[[DT]] : f32 to f16
// CHECK: %[[ZS:.+]] = arith.constant 0.000000e+00 : f16
// CHECK: scf.for {{.*}} iter_args(%[[V:.+]] = %{{.+}}, %[[SUM:.+]] = %[[ZS]]) -> (tensor<2xf16>, f16)
// CHECK: %[[OUT:.+]], %{{.+}} = snn.if_step %[[X]], %[[V]], dt %[[DT16]] : tensor<2xf16>
// CHECK: %[[E:.+]] = tensor.extract %[[OUT]]
// CHECK: %[[ACC:.+]] = arith.addf %[[SUM]], %[[E]] : f16
// CHECK: %[[COUNT:.+]] = arith.sitofp %[[STEPS]] : i64 to f16
// CHECK: %[[MEAN:.+]] = arith.divf %{{.+}}, %[[COUNT]] : f16
// CHECK: return %[[MEAN]] : f16
func.func @half(%x: tensor<2xf16>) -> f16 {
  %s = snn.if %x : tensor<2xf16>
  %c0 = arith.constant 0 : index
  %e = tensor.extract %s[%c0] : tensor<2xf16>
  return %e : f16
}

// -----

// Functions without population ops are left alone.

// CHECK-LABEL: func.func @rate_only
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NOT: scf.for
// CHECK: snn.lif_rate %[[X]]
func.func @rate_only(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = snn.lif_rate %x : tensor<4xf32>
  return %r : tensor<4xf32>
}
