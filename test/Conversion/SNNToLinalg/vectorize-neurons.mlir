// RUN: snn-opt %s --snn-vectorize-neurons --split-input-file | FileCheck %s

// A static tensor: flattened; one chunk of 12 elements (under 1,024), in
// vectors of 8 and a last piece of 4, through four phases: (1) each lane's
// decay stored to a buffer of the chunk: expm1(-dt / tau_rc) where delta
// is dt and -0 / tau_rc where it is 0 (both computed once), elsewhere
// (0 < delta < dt) delta, whose lane appends its index in the chunk to a
// list (snn.compress, then a store of the whole vector); (2) for each
// listed lane, expm1(-delta / tau_rc), in place; (3) the step on vectors,
// the decays read back, the index of each lane that spiked appended to a
// list; (4) for each spike, its current and voltage read back, log1p, the
// new refractory time and the reset, written at its index.

// CHECK-LABEL: func.func @lif_tensor
// CHECK-SAME: (%[[X:.+]]: tensor<2x6xf32>, %[[V:.+]]: tensor<2x6xf32>, %[[R:.+]]: tensor<2x6xf32>, %[[DT:.+]]: f32)
// The buffers, on the stack:
// CHECK: %[[DECAYS:.+]] = memref.alloca() : memref<12xf32>
// CHECK: %[[EI:.+]] = memref.alloca() : memref<12xi32>
// CHECK: %[[SI:.+]] = memref.alloca() : memref<12xi32>
// The decay outside the refractory period and the spike's output, once:
// CHECK: %[[NDT:.+]] = arith.negf %[[DT]] : f32
// CHECK: %[[QDT:.+]] = arith.divf %[[NDT]], %{{.+}} : f32
// CHECK: %[[EDT:.+]] = math.expm1 %[[QDT]] : f32
// The decay where delta is 0, -0 / tau_rc (its own expm1), once:
// CHECK: %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[NZ:.+]] = arith.negf %[[Z]] : f32
// CHECK: %[[EZ:.+]] = arith.divf %[[NZ]], %{{.+}} : f32
// CHECK: %[[AMP:.+]] = arith.constant 0.00999999977 : f32
// CHECK: %[[SPIKE:.+]] = arith.divf %[[AMP]], %[[DT]] : f32
// CHECK: %[[XF:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<2x6xf32> into tensor<12xf32>
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<12xf32>
// CHECK: %[[VF:.+]] = tensor.collapse_shape %[[V]] {{\[\[}}0, 1]]
// CHECK: %[[RF:.+]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1]]
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// Phase 1:
// CHECK: %[[K1:.+]] = scf.for %[[I1:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[K:.+]] = %{{.+}}) -> (index)
// CHECK: %[[R1V:.+]] = vector.transfer_read %[[RF]][%[[I1]]], %{{.+}} {in_bounds = [true]} : tensor<12xf32>, vector<8xf32>
// CHECK-NOT: math.
// CHECK: %[[DTV1:.+]] = vector.broadcast %[[DT]] : f32 to vector<8xf32>
// CHECK: %[[REF1:.+]] = arith.subf %[[R1V]], %[[DTV1]] : vector<8xf32>
// CHECK: %[[DELTA1:.+]] = arith.minimumf
// CHECK: %[[FULL1:.+]] = arith.cmpf oeq, %[[DELTA1]], %[[DTV1]] : vector<8xf32>
// CHECK: %[[NONE1:.+]] = arith.cmpf oeq, %[[DELTA1]], %{{.+}} : vector<8xf32>
// CHECK-NOT: arith.divf
// CHECK: %[[USUAL1:.+]] = arith.ori %[[FULL1]], %[[NONE1]] : vector<8xi1>
// CHECK: %[[PART1:.+]] = arith.xori %[[USUAL1]], %{{.+}} : vector<8xi1>
// CHECK: %[[EDTV:.+]] = vector.broadcast %[[EDT]] : f32 to vector<8xf32>
// CHECK: %[[EZV:.+]] = vector.broadcast %[[EZ]] : f32 to vector<8xf32>
// CHECK: %[[DECAY0:.+]] = arith.select %[[FULL1]], %[[EDTV]], %[[EZV]] : vector<8xi1>, vector<8xf32>
// CHECK: %[[AT1:.+]] = arith.subi %[[I1]], %[[C0]] : index
// CHECK: %[[SLOT:.+]] = arith.select %[[PART1]], %[[DELTA1]], %[[DECAY0]] : vector<8xi1>, vector<8xf32>
// CHECK: vector.store %[[SLOT]], %[[DECAYS]][%[[AT1]]] : memref<12xf32>, vector<8xf32>
// CHECK: %[[LANES1:.+]] = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : vector<8xi32>
// CHECK: %[[AT1I:.+]] = arith.index_cast %[[AT1]] : index to i32
// CHECK: %[[AT1V:.+]] = vector.broadcast %[[AT1I]] : i32 to vector<8xi32>
// CHECK: %[[IDX1:.+]] = arith.addi %[[LANES1]], %[[AT1V]] : vector<8xi32>
// CHECK: %[[PACK1:.+]] = snn.compress %[[IDX1]], %[[PART1]] : vector<8xi32>, vector<8xi1>
// CHECK: vector.store %[[PACK1]], %[[EI]][%[[K]]] : memref<12xi32>, vector<8xi32>
// CHECK: %[[B1:.+]] = vector.bitcast %[[PART1]] : vector<8xi1> to vector<1xi8>
// CHECK: %[[E1:.+]] = vector.extract %[[B1]][0] : i8 from vector<1xi8>
// CHECK: %[[P1:.+]] = math.ctpop %[[E1]] : i8
// CHECK: %[[N1:.+]] = arith.index_castui %[[P1]] : i8 to index
// CHECK: %[[KN:.+]] = arith.addi %[[K]], %[[N1]] : index
// CHECK: scf.yield %[[KN]] : index
// The last piece of phase 1 (4 lanes at 8):
// CHECK: vector.store %{{.+}}, %[[DECAYS]][%{{.+}}] : memref<12xf32>, vector<4xf32>
// CHECK: snn.compress %{{.+}}, %{{.+}} : vector<4xi32>, vector<4xi1>
// CHECK: vector.store %{{.+}}, %[[EI]][%[[K1]]] : memref<12xi32>, vector<4xi32>
// CHECK: %[[KALL:.+]] = arith.addi %[[K1]], %{{.+}} : index
// Phase 2:
// CHECK: scf.for %[[J:.+]] = %{{.+}} to %[[KALL]] step %{{.+}} {
// CHECK: %[[JAT32:.+]] = memref.load %[[EI]][%[[J]]] : memref<12xi32>
// CHECK: %[[JAT:.+]] = arith.index_cast %[[JAT32]] : i32 to index
// CHECK: %[[D2:.+]] = memref.load %[[DECAYS]][%[[JAT]]] : memref<12xf32>
// CHECK: %[[ND2:.+]] = arith.negf %[[D2]] : f32
// CHECK: %[[A:.+]] = arith.divf %[[ND2]], %{{.+}} : f32
// CHECK: %[[EA:.+]] = math.expm1 %[[A]] : f32
// CHECK: memref.store %[[EA]], %[[DECAYS]][%[[JAT]]] : memref<12xf32>
// Phase 3:
// CHECK: %[[P3:.+]]:4 = scf.for %[[I3:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[KS:.+]] = %{{.+}}, %[[O0:.+]] = %[[EMPTY]], %[[V0:.+]] = %[[VF]], %[[R0:.+]] = %[[RF]])
// CHECK: %[[XV:.+]] = vector.transfer_read %[[XF]][%[[I3]]]
// CHECK: %[[VV:.+]] = vector.transfer_read %[[V0]][%[[I3]]]
// CHECK: %[[RV:.+]] = vector.transfer_read %[[R0]][%[[I3]]]
// CHECK-NOT: math.expm1
// CHECK-NOT: snn.compress
// CHECK: %[[GX:.+]] = arith.mulf %{{.+}}, %[[XV]] : vector<8xf32>
// CHECK: %[[J3:.+]] = arith.addf %[[GX]], %{{.+}} : vector<8xf32>
// CHECK: %[[DTV3:.+]] = vector.broadcast %[[DT]] : f32 to vector<8xf32>
// CHECK: %[[REF3:.+]] = arith.subf %[[RV]], %[[DTV3]] : vector<8xf32>
// CHECK: %[[AT3:.+]] = arith.subi %[[I3]], %[[C0]] : index
// CHECK: %[[DECAY:.+]] = vector.load %[[DECAYS]][%[[AT3]]] : memref<12xf32>, vector<8xf32>
// CHECK: %[[JV:.+]] = arith.subf %[[J3]], %[[VV]] : vector<8xf32>
// CHECK: %[[DV:.+]] = arith.mulf %[[JV]], %[[DECAY]] : vector<8xf32>
// CHECK: %[[V1:.+]] = arith.subf %[[VV]], %[[DV]] : vector<8xf32>
// CHECK: %[[SPIKED:.+]] = arith.cmpf ogt, %[[V1]], %{{.+}} : vector<8xf32>
// CHECK: %[[SPIKEV:.+]] = vector.broadcast %[[SPIKE]] : f32 to vector<8xf32>
// CHECK: %[[OUT0:.+]] = arith.select %[[SPIKED]], %[[SPIKEV]], %{{.+}} : vector<8xi1>, vector<8xf32>
// CHECK: %[[STEP:.+]] = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : vector<8xi32>
// CHECK: %[[I32:.+]] = arith.index_cast %[[I3]] : index to i32
// CHECK: %[[BASE:.+]] = vector.broadcast %[[I32]] : i32 to vector<8xi32>
// CHECK: %[[IDX:.+]] = arith.addi %[[STEP]], %[[BASE]] : vector<8xi32>
// CHECK: %[[PACK3:.+]] = snn.compress %[[IDX]], %[[SPIKED]] : vector<8xi32>, vector<8xi1>
// CHECK: vector.store %[[PACK3]], %[[SI]][%[[KS]]] : memref<12xi32>, vector<8xi32>
// CHECK: math.ctpop
// A neuron that spiked keeps its voltage for phase 4:
// CHECK: %[[V2:.+]] = arith.maximumf %[[V1]], %{{.+}} : vector<8xf32>
// CHECK: %[[V3:.+]] = arith.select %[[SPIKED]], %[[V1]], %[[V2]] : vector<8xi1>, vector<8xf32>
// CHECK: %[[OUTW:.+]] = vector.transfer_write %[[OUT0]], %[[O0]][%[[I3]]] {in_bounds = [true]} : vector<8xf32>, tensor<12xf32>
// CHECK: %[[VW:.+]] = vector.transfer_write %[[V3]], %[[V0]][%[[I3]]]
// CHECK: %[[RW:.+]] = vector.transfer_write %[[REF3]], %[[R0]][%[[I3]]]
// The last piece of phase 3, then phase 4:
// CHECK: vector.load %[[DECAYS]][%{{.+}}] : memref<12xf32>, vector<4xf32>
// CHECK: %[[SPIKES:.+]] = arith.addi %[[P3]]#0, %{{.+}} : index
// CHECK: %[[VLAST:.+]] = vector.transfer_write %{{.+}}, %[[P3]]#2[%{{.+}}] {in_bounds = [true]} : vector<4xf32>, tensor<12xf32>
// CHECK: %[[RLAST:.+]] = vector.transfer_write %{{.+}}, %[[P3]]#3[%{{.+}}] {in_bounds = [true]} : vector<4xf32>, tensor<12xf32>
// CHECK: %[[P4:.+]]:2 = scf.for %[[S:.+]] = %{{.+}} to %[[SPIKES]] step %{{.+}} iter_args(%[[VT:.+]] = %[[VLAST]], %[[RT:.+]] = %[[RLAST]]) -> (tensor<12xf32>, tensor<12xf32>)
// CHECK: %[[AT32:.+]] = memref.load %[[SI]][%[[S]]] : memref<12xi32>
// CHECK: %[[AT:.+]] = arith.index_cast %[[AT32]] : i32 to index
// CHECK: %[[XS:.+]] = tensor.extract %[[XF]][%[[AT]]] : tensor<12xf32>
// CHECK: %[[GXS:.+]] = arith.mulf %{{.+}}, %[[XS]] : f32
// CHECK: %[[SJJ:.+]] = arith.addf %[[GXS]], %{{.+}} : f32
// CHECK: %[[SVV:.+]] = tensor.extract %[[VT]][%[[AT]]] : tensor<12xf32>
// CHECK: %[[VM1:.+]] = arith.subf %[[SVV]], %{{.+}} : f32
// CHECK: %[[NVM1:.+]] = arith.negf %[[VM1]] : f32
// CHECK: %[[JM1:.+]] = arith.subf %[[SJJ]], %{{.+}} : f32
// CHECK: %[[OVER:.+]] = arith.divf %[[NVM1]], %[[JM1]] : f32
// CHECK: %[[L:.+]] = math.log1p %[[OVER]] : f32
// CHECK: %[[TL:.+]] = arith.mulf %{{.+}}, %[[L]] : f32
// CHECK: %[[TSPIKE:.+]] = arith.addf %[[DT]], %[[TL]] : f32
// CHECK: %[[NEWR:.+]] = arith.addf %{{.+}}, %[[TSPIKE]] : f32
// CHECK: %[[VI:.+]] = tensor.insert %{{.+}} into %[[VT]][%[[AT]]] : tensor<12xf32>
// CHECK: %[[RI:.+]] = tensor.insert %[[NEWR]] into %[[RT]][%[[AT]]] : tensor<12xf32>
// CHECK: scf.yield %[[VI]], %[[RI]] : tensor<12xf32>, tensor<12xf32>
// CHECK: %[[OUT:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1]] output_shape [2, 6] : tensor<12xf32> into tensor<2x6xf32>
// CHECK: %[[VOUT:.+]] = tensor.expand_shape %[[P4]]#0
// CHECK: %[[ROUT:.+]] = tensor.expand_shape %[[P4]]#1
// CHECK: return %[[OUT]], %[[VOUT]], %[[ROUT]]
func.func @lif_tensor(%x: tensor<2x6xf32>, %v: tensor<2x6xf32>, %r: tensor<2x6xf32>, %dt: f32) -> (tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>) {
  %o, %v1, %r1 = snn.lif_step %x, %v, %r, dt %dt {tau_rc = 0.05 : f64, min_voltage = -0.5 : f64, amplitude = 0.01 : f64, gain = 2.033 : f64, bias = 1.0 : f64} : tensor<2x6xf32>
  return %o, %v1, %r1 : tensor<2x6xf32>, tensor<2x6xf32>, tensor<2x6xf32>
}

// -----

// Dynamic shapes, scalars, populations of more than 2^31 - 1 neurons (the
// spike list holds i32 indices) and other neurons are left to
// --convert-snn-to-linalg.

// CHECK-LABEL: func.func @left_alone
// CHECK: snn.lif_step %{{.+}} : tensor<?xf32>
// CHECK: snn.lif_step %{{.+}} : f32
// CHECK: snn.if_step %{{.+}} : tensor<8xf32>
// CHECK: snn.lif_step %{{.+}} : tensor<2147483648xf32>
// CHECK-NOT: memref.alloca
func.func @left_alone(%x: tensor<?xf32>, %v: tensor<?xf32>, %s: f32, %y: tensor<8xf32>, %big: tensor<2147483648xf32>, %dt: f32) -> (tensor<?xf32>, f32, tensor<8xf32>, tensor<2147483648xf32>) {
  %o, %v1, %r1 = snn.lif_step %x, %v, %v, dt %dt : tensor<?xf32>
  %p, %w1, %q1 = snn.lif_step %s, %s, %s, dt %dt : f32
  %u, %y1 = snn.if_step %y, %y, dt %dt : tensor<8xf32>
  %b, %b1, %b2 = snn.lif_step %big, %big, %big, dt %dt : tensor<2147483648xf32>
  return %o, %p, %u, %b : tensor<?xf32>, f32, tensor<8xf32>, tensor<2147483648xf32>
}
