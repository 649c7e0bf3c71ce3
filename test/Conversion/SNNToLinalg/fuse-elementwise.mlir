// --snn-fuse-elementwise: a neuron update (new voltage, carried by the time
// loop, and spikes) fused into the synapse filter that reads its spikes,
// although its voltage has another use (the loop's yield): one generic
// computes both, the producer is gone, no spike tensor is left.
// linalg-fuse-elementwise-ops alone leaves them apart. A producer with a use
// before its consumer is not fused.
//
// RUN: snn-opt %s --allow-unregistered-dialect --snn-fuse-elementwise | FileCheck %s
// RUN: snn-opt %s --allow-unregistered-dialect --linalg-fuse-elementwise-ops | FileCheck %s --check-prefix=UPSTREAM

#id = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @neuron_then_synapse(
// CHECK:       scf.for {{.*}} iter_args(%[[V:.+]] = %{{.+}}, %[[S:.+]] = %{{.+}})
// CHECK-NEXT:    %[[F:.+]]:2 = linalg.generic {{.*}} ins(%{{.+}} : tensor<64xf32>) outs(%[[V]], %[[S]] : tensor<64xf32>, tensor<64xf32>)
// CHECK-NEXT:    ^bb0(%[[IN:.+]]: f32, %[[VOLD:.+]]: f32, %[[SOLD:.+]]: f32):
// CHECK-NEXT:      %[[VNEW:.+]] = arith.addf %[[VOLD]], %[[IN]]
// CHECK-NEXT:      %[[FL:.+]] = math.floor %[[VNEW]]
// CHECK-NEXT:      %[[REST:.+]] = arith.subf %[[VNEW]], %[[FL]]
// CHECK-NEXT:      %[[DECAY:.+]] = arith.mulf %[[SOLD]], %{{.+}}
// CHECK-NEXT:      %[[SNEW:.+]] = arith.addf %[[DECAY]], %[[FL]]
// CHECK-NEXT:      linalg.yield %[[REST]], %[[SNEW]]
// CHECK-NOT:     linalg.generic
// CHECK:         scf.yield %[[F]]#0, %[[F]]#1
// UPSTREAM-LABEL: func.func @neuron_then_synapse(
// UPSTREAM-COUNT-2: linalg.generic
func.func @neuron_then_synapse(%i: tensor<64xf32>, %v0: tensor<64xf32>, %s0: tensor<64xf32>, %n: index) -> (tensor<64xf32>, tensor<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %decay = arith.constant 0.5 : f32
  %r:2 = scf.for %t = %c0 to %n step %c1 iter_args(%v = %v0, %s = %s0) -> (tensor<64xf32>, tensor<64xf32>) {
    %e = tensor.empty() : tensor<64xf32>
    %n2:2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%i : tensor<64xf32>) outs(%v, %e : tensor<64xf32>, tensor<64xf32>) {
    ^bb0(%in: f32, %vold: f32, %out: f32):
      %vnew = arith.addf %vold, %in : f32
      %spike = math.floor %vnew : f32
      %rest = arith.subf %vnew, %spike : f32
      linalg.yield %rest, %spike : f32, f32
    } -> (tensor<64xf32>, tensor<64xf32>)
    %syn = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%n2#1 : tensor<64xf32>) outs(%s : tensor<64xf32>) {
    ^bb0(%in: f32, %sold: f32):
      %d = arith.mulf %sold, %decay : f32
      %snew = arith.addf %d, %in : f32
      linalg.yield %snew : f32
    } -> tensor<64xf32>
    scf.yield %n2#0, %syn : tensor<64xf32>, tensor<64xf32>
  }
  return %r#0, %r#1 : tensor<64xf32>, tensor<64xf32>
}

// CHECK-LABEL: func.func @use_before_consumer(
// CHECK-COUNT-2: linalg.generic
func.func @use_before_consumer(%a: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>) {
  %e = tensor.empty() : tensor<64xf32>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = math.floor %in : f32
    linalg.yield %x : f32
  } -> tensor<64xf32>
  %other = "test.use"(%p) : (tensor<64xf32>) -> tensor<64xf32>
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%p : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %y = arith.addf %in, %in : f32
    linalg.yield %y : f32
  } -> tensor<64xf32>
  return %other, %c : tensor<64xf32>, tensor<64xf32>
}
