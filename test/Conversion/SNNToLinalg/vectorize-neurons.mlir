// RUN: snn-opt %s --snn-vectorize-neurons --split-input-file | FileCheck %s

// A static tensor: flattened, a loop over full vectors of 8, then the last
// piece (12 = 8 + 4). The equations on vectors; the two libm calls lane by
// lane, each for the lanes that need it (a loop over the set bits of a
// mask, the i1 vector bitcast to an integer): expm1 where 0 < delta < dt
// (neither dt, whose decay is computed once, nor 0), log1p where the neuron
// spiked.

// CHECK-LABEL: func.func @lif_tensor
// CHECK-SAME: (%[[X:.+]]: tensor<2x6xf32>, %[[V:.+]]: tensor<2x6xf32>, %[[R:.+]]: tensor<2x6xf32>, %[[DT:.+]]: f32)
// The decay outside the refractory period and the spike's output, once:
// CHECK: %[[NDT:.+]] = arith.negf %[[DT]] : f32
// CHECK: %[[QDT:.+]] = arith.divf %[[NDT]], %{{.+}} : f32
// CHECK: %[[EDT:.+]] = math.expm1 %[[QDT]] : f32
// CHECK: %[[AMP:.+]] = arith.constant 0.00999999977 : f32
// CHECK: %[[SPIKE:.+]] = arith.divf %[[AMP]], %[[DT]] : f32
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<12xf32>
// CHECK: %[[VF:.+]] = tensor.collapse_shape %[[V]] {{\[\[}}0, 1]] : tensor<2x6xf32> into tensor<12xf32>
// CHECK: %[[RF:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1]]
// CHECK: %[[XF:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]]
// CHECK: %[[LOOP:.+]]:3 = scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[O0:.+]] = %[[EMPTY]], %[[V0:.+]] = %[[VF]], %[[R0:.+]] = %[[RF]])
// CHECK: %[[XV:.+]] = vector.transfer_read %[[XF]][%[[I]]], %{{.+}} {in_bounds = [true]} : tensor<12xf32>, vector<8xf32>
// CHECK: %[[VV:.+]] = vector.transfer_read %[[V0]][%[[I]]]
// CHECK: %[[RV:.+]] = vector.transfer_read %[[R0]][%[[I]]]
// CHECK: %[[DTV:.+]] = vector.broadcast %[[DT]] : f32 to vector<8xf32>
// CHECK: %[[EDTV:.+]] = vector.broadcast %[[EDT]] : f32 to vector<8xf32>
// CHECK: %[[SPIKEV:.+]] = vector.broadcast %[[SPIKE]] : f32 to vector<8xf32>
// CHECK-NOT: math.
// CHECK: %[[GX:.+]] = arith.mulf %{{.+}}, %[[XV]] : vector<8xf32>
// CHECK: %[[J:.+]] = arith.addf %[[GX]], %{{.+}} : vector<8xf32>
// CHECK: %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : vector<8xf32>
// CHECK: %[[TAU:.+]] = arith.constant dense<5.000000e-02> : vector<8xf32>
// CHECK: %[[R1:.+]] = arith.subf %[[RV]], %[[DTV]] : vector<8xf32>
// CHECK: %[[DELTA:.+]] = arith.minimumf
// CHECK: %[[FULL:.+]] = arith.cmpf oeq, %[[DELTA]], %[[DTV]] : vector<8xf32>
// CHECK: %[[NONE:.+]] = arith.cmpf oeq, %[[DELTA]], %[[ZERO]] : vector<8xf32>
// CHECK: %[[ND:.+]] = arith.negf %[[DELTA]] : vector<8xf32>
// CHECK: %[[Q:.+]] = arith.divf %[[ND]], %[[TAU]] : vector<8xf32>
// CHECK: %[[DECAY0:.+]] = arith.select %[[FULL]], %[[EDTV]], %[[Q]] : vector<8xi1>, vector<8xf32>
// CHECK: %[[USUAL:.+]] = arith.ori %[[FULL]], %[[NONE]] : vector<8xi1>
// CHECK: %[[PARTIAL:.+]] = arith.xori %[[USUAL]], %{{.+}} : vector<8xi1>
// CHECK: %[[EBITS:.+]] = vector.bitcast %[[PARTIAL]] : vector<8xi1> to vector<1xi8>
// CHECK: %[[EBYTE:.+]] = vector.extract %[[EBITS]][0] : i8 from vector<1xi8>
// CHECK: %[[EMASK:.+]] = arith.extui %[[EBYTE]] : i8 to i32
// CHECK: %[[DECAY:.+]]:2 = scf.while (%{{.+}} = %[[EMASK]], %{{.+}} = %[[DECAY0]])
// CHECK: arith.cmpi ne
// CHECK: } do {
// CHECK: %[[ELANE:.+]] = arith.index_cast
// CHECK: %[[EARG:.+]] = vector.extract %[[DECAY0]][%[[ELANE]]] : f32 from vector<8xf32>
// CHECK: %[[E:.+]] = math.expm1 %[[EARG]] : f32
// CHECK: vector.insert %[[E]], %{{.+}} {{\[}}%[[ELANE]]] : f32 into vector<8xf32>
// CHECK: }
// CHECK: %[[JV:.+]] = arith.subf %[[J]], %[[VV]] : vector<8xf32>
// CHECK: %[[DV:.+]] = arith.mulf %[[JV]], %[[DECAY]]#1 : vector<8xf32>
// CHECK: %[[V1:.+]] = arith.subf %[[VV]], %[[DV]] : vector<8xf32>
// CHECK: %[[SPIKED:.+]] = arith.cmpf ogt, %[[V1]], %[[ONE]] : vector<8xf32>
// CHECK: %[[OUT0:.+]] = arith.select %[[SPIKED]], %[[SPIKEV]], %[[ZERO]] : vector<8xi1>, vector<8xf32>
// CHECK: %[[SBITS:.+]] = vector.bitcast %[[SPIKED]] : vector<8xi1> to vector<1xi8>
// CHECK: %[[SBYTE:.+]] = vector.extract %[[SBITS]][0] : i8 from vector<1xi8>
// CHECK: %[[SMASK:.+]] = arith.extui %[[SBYTE]] : i8 to i32
// CHECK: %[[LOGS:.+]]:2 = scf.while (%{{.+}} = %[[SMASK]], %{{.+}} = %[[ZERO]])
// CHECK: } do {
// CHECK: %[[SLANE:.+]] = arith.index_cast
// CHECK: %[[VL:.+]] = vector.extract %[[V1]][%[[SLANE]]] : f32 from vector<8xf32>
// CHECK: %[[JL:.+]] = vector.extract %[[J]][%[[SLANE]]] : f32 from vector<8xf32>
// CHECK: %[[VM1:.+]] = arith.subf %[[VL]], %{{.+}} : f32
// CHECK: %[[NVM1:.+]] = arith.negf %[[VM1]] : f32
// CHECK: %[[JM1:.+]] = arith.subf %[[JL]], %{{.+}} : f32
// CHECK: %[[OVER:.+]] = arith.divf %[[NVM1]], %[[JM1]] : f32
// CHECK: %[[L:.+]] = math.log1p %[[OVER]] : f32
// CHECK: vector.insert %[[L]], %{{.+}} {{\[}}%[[SLANE]]] : f32 into vector<8xf32>
// CHECK: }
// CHECK: %[[TL:.+]] = arith.mulf %[[TAU]], %[[LOGS]]#1 : vector<8xf32>
// CHECK: %[[TSPIKE:.+]] = arith.addf %[[DTV]], %[[TL]] : vector<8xf32>
// CHECK: %[[V2:.+]] = arith.maximumf %[[V1]], %{{.+}} : vector<8xf32>
// CHECK: %[[V3:.+]] = arith.select %[[SPIKED]], %[[ZERO]], %[[V2]] : vector<8xi1>, vector<8xf32>
// CHECK: %[[NEWR:.+]] = arith.addf %{{.+}}, %[[TSPIKE]] : vector<8xf32>
// CHECK: %[[R2:.+]] = arith.select %[[SPIKED]], %[[NEWR]], %[[R1]] : vector<8xi1>, vector<8xf32>
// CHECK: vector.transfer_write %[[OUT0]], %[[O0]][%[[I]]] {in_bounds = [true]} : vector<8xf32>, tensor<12xf32>
// CHECK: vector.transfer_write %[[V3]], %[[V0]][%[[I]]]
// CHECK: vector.transfer_write %[[R2]], %[[R0]][%[[I]]]
// The last piece, 4 lanes at 8:
// CHECK: %[[C8:.+]] = arith.constant 8 : index
// CHECK: vector.transfer_read %[[XF]][%[[C8]]], %{{.+}} {in_bounds = [true]} : tensor<12xf32>, vector<4xf32>
// CHECK: vector.bitcast %{{.+}} : vector<4xi1> to vector<1xi4>
// CHECK: vector.bitcast %{{.+}} : vector<4xi1> to vector<1xi4>
// CHECK: %[[OUT:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1]] output_shape [2, 6] : tensor<12xf32> into tensor<2x6xf32>
// CHECK: %[[VOUT:.+]] = tensor.expand_shape
// CHECK: %[[ROUT:.+]] = tensor.expand_shape
// CHECK: return %[[OUT]], %[[VOUT]], %[[ROUT]]
func.func @lif_tensor(%x: tensor<2x6xf32>, %v: tensor<2x6xf32>, %r: tensor<2x6xf32>, %dt: f32) -> (tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>) {
  %o, %v1, %r1 = snn.lif_step %x, %v, %r, dt %dt {tau_rc = 0.05 : f64, min_voltage = -0.5 : f64, amplitude = 0.01 : f64, gain = 2.033 : f64, bias = 1.0 : f64} : tensor<2x6xf32>
  return %o, %v1, %r1 : tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

// Dynamic shapes, scalars and other neurons are left to
// --convert-snn-to-linalg.

// CHECK-LABEL: func.func @left_alone
// CHECK: snn.lif_step %{{.+}} : tensor<?xf32>
// CHECK: snn.lif_step %{{.+}} : f32
// CHECK: snn.if_step %{{.+}} : tensor<8xf32>
func.func @left_alone(%x: tensor<?xf32>, %v: tensor<?xf32>, %s: f32, %y: tensor<8xf32>, %dt: f32) -> (tensor<?xf32>, f32, tensor<8xf32>) {
  %o, %v1, %r1 = snn.lif_step %x, %v, %v, dt %dt : tensor<?xf32>
  %p, %w1, %q1 = snn.lif_step %s, %s, %s, dt %dt : f32
  %u, %y1 = snn.if_step %y, %y, dt %dt : tensor<8xf32>
  return %o, %p, %u : tensor<?xf32>, f32, tensor<8xf32>
}
