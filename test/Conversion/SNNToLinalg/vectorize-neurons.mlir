// RUN: snn-opt %s --snn-vectorize-neurons --split-input-file | FileCheck %s

// A static tensor: flattened, a loop over full vectors of 8, then the last
// piece (12 = 8 + 4). The common case on vectors (no libm call), the rare
// lanes (spiked, or 0 < delta < dt) as the bits of a mask, recomputed one by
// one by the scalar equations of --convert-snn-to-linalg.

// CHECK-LABEL: func.func @lif_tensor
// CHECK-SAME: (%[[X:.+]]: tensor<2x6xf32>, %[[V:.+]]: tensor<2x6xf32>, %[[R:.+]]: tensor<2x6xf32>, %[[DT:.+]]: f32)
// The decay outside the refractory period, once:
// CHECK: %[[NDT:.+]] = arith.negf %[[DT]] : f32
// CHECK: %[[QDT:.+]] = arith.divf %[[NDT]], %{{.+}} : f32
// CHECK: %[[EDT:.+]] = math.expm1 %[[QDT]] : f32
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<12xf32>
// CHECK: %[[VF:.+]] = tensor.collapse_shape %[[V]] {{\[\[}}0, 1]] : tensor<2x6xf32> into tensor<12xf32>
// CHECK: %[[RF:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1]]
// CHECK: %[[XF:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]]
// CHECK: %[[LOOP:.+]]:3 = scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[O0:.+]] = %[[EMPTY]], %[[V0:.+]] = %[[VF]], %[[R0:.+]] = %[[RF]])
// CHECK: %[[XV:.+]] = vector.transfer_read %[[XF]][%[[I]]], %{{.+}} {in_bounds = [true]} : tensor<12xf32>, vector<8xf32>
// CHECK: %[[VV:.+]] = vector.transfer_read %[[V0]][%[[I]]]
// CHECK: %[[RV:.+]] = vector.transfer_read %[[R0]][%[[I]]]
// CHECK-NOT: math.
// CHECK: %[[R1:.+]] = arith.subf %[[RV]], %{{.+}} : vector<8xf32>
// CHECK: %[[DELTA:.+]] = arith.minimumf
// CHECK: %[[FULL:.+]] = arith.cmpf oeq, %[[DELTA]], %{{.+}} : vector<8xf32>
// CHECK: %[[NONE:.+]] = arith.cmpf oeq, %[[DELTA]], %{{.+}} : vector<8xf32>
// CHECK: %[[ND:.+]] = arith.negf %[[DELTA]] : vector<8xf32>
// CHECK: %[[Q:.+]] = arith.divf %[[ND]], %{{.+}} : vector<8xf32>
// CHECK: %[[DECAY:.+]] = arith.select %[[FULL]], %{{.+}}, %[[Q]] : vector<8xi1>, vector<8xf32>
// CHECK: %[[V1:.+]] = arith.subf %[[VV]], %{{.+}} : vector<8xf32>
// CHECK: %[[SPIKED:.+]] = arith.cmpf ogt, %[[V1]], %{{.+}} : vector<8xf32>
// CHECK: %[[USUAL:.+]] = arith.ori %[[FULL]], %[[NONE]] : vector<8xi1>
// CHECK: %[[UNUSUAL:.+]] = arith.xori %[[USUAL]], %{{.+}} : vector<8xi1>
// CHECK: %[[RARE:.+]] = arith.ori %[[SPIKED]], %[[UNUSUAL]] : vector<8xi1>
// CHECK: %[[V2:.+]] = arith.maximumf %[[V1]], %{{.+}} : vector<8xf32>
// CHECK: %[[BITS:.+]] = arith.select %[[RARE]], %{{.+}}, %{{.+}} : vector<8xi1>, vector<8xi32>
// CHECK: %[[MASK:.+]] = vector.reduction <or>, %[[BITS]] : vector<8xi32> into i32
// CHECK: %[[W:.+]]:4 = scf.while (%[[M:.+]] = %[[MASK]], %{{.+}} = %{{.+}}, %{{.+}} = %[[V2]], %{{.+}} = %[[R1]])
// CHECK: arith.cmpi ne
// CHECK: } do {
// CHECK: %[[LANE:.+]] = arith.index_cast
// CHECK: vector.extract %[[XV]][%[[LANE]]] : f32 from vector<8xf32>
// CHECK: scf.if
// CHECK: math.expm1 %{{.+}} : f32
// CHECK: scf.if
// CHECK: math.log1p %{{.+}} : f32
// CHECK: vector.insert %{{.+}}, %{{.+}} [%[[LANE]]] : f32 into vector<8xf32>
// CHECK: vector.transfer_write %[[W]]#1, %[[O0]][%[[I]]] {in_bounds = [true]} : vector<8xf32>, tensor<12xf32>
// CHECK: vector.transfer_write %[[W]]#2, %[[V0]][%[[I]]]
// CHECK: vector.transfer_write %[[W]]#3, %[[R0]][%[[I]]]
// The last piece, 4 lanes at 8:
// CHECK: %[[C8:.+]] = arith.constant 8 : index
// CHECK: vector.transfer_read %[[XF]][%[[C8]]], %{{.+}} {in_bounds = [true]} : tensor<12xf32>, vector<4xf32>
// CHECK: vector.reduction <or>, %{{.+}} : vector<4xi32> into i32
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
