// The encoding, decoding, state and statistics options of
// --snn-materialize-time: the signatures and the loop they build. Their
// numbers are checked by test/Execution/encode-decode.mlir.
// RUN: snn-opt %s --snn-materialize-time="encode=poisson seed=5" | FileCheck %s --check-prefix=POISSON
// RUN: snn-opt %s --snn-materialize-time="state=external decode=count" | FileCheck %s --check-prefix=EXTERNAL
// RUN: snn-opt %s --snn-materialize-time="state=external decode=lowpass" | FileCheck %s --check-prefix=LOWPASS
// RUN: snn-opt %s --snn-materialize-time=spike-stats | FileCheck %s --check-prefix=STATS

func.func @net(%x: tensor<4xf32>, %w: tensor<4xf32>) -> tensor<4xf32> {
  %y = arith.mulf %x, %w : tensor<4xf32>
  %s = snn.lif %y : tensor<4xf32> loc("relu1")
  %t = snn.if %s {amplitude = 0.5 : f64} : tensor<4xf32>
  return %t : tensor<4xf32>
}

// Poisson: both float arguments are encoded at every step, so the product
// moves into the loop; the hash runs on i32.
// POISSON-LABEL: func.func @net(
// POISSON-SAME: %[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4xf32>, %[[N:.*]]: i64, %[[DT:.*]]: f32)
// POISSON: scf.for %[[T:[a-z0-9_]+]] = 
// POISSON: arith.index_cast %[[T]] : index to i32
// POISSON: %[[EX:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4xf32>)
// POISSON: linalg.index 0
// POISSON: arith.shrui
// POISSON: arith.uitofp
// POISSON: arith.cmpf olt
// POISSON: %[[EW:.*]] = linalg.generic {{.*}} ins(%[[W]] : tensor<4xf32>)
// POISSON: arith.mulf %[[EX]], %[[EW]] : tensor<4xf32>
// POISSON: snn.lif_step

// External state: the LIF's voltage and refractory time and the IF's
// voltage come in after the inputs and go out after the results, named after
// the population (or its position).
// EXTERNAL-LABEL: func.func @net(
// EXTERNAL-SAME: %{{.*}}: tensor<4xf32>, %{{.*}}: tensor<4xf32>,
// EXTERNAL-SAME: %[[V:.*]]: tensor<4xf32> {snn.state = "relu1/voltage"},
// EXTERNAL-SAME: %[[R:.*]]: tensor<4xf32> {snn.state = "relu1/refractory_time"},
// EXTERNAL-SAME: %[[V2:.*]]: tensor<4xf32> {snn.state = "population1/voltage"},
// EXTERNAL-SAME: %{{.*}}: i64, %[[DT:.*]]: f32)
// EXTERNAL-SAME: -> (tensor<4xf32>, tensor<4xf32> {snn.state = "relu1/voltage"}, tensor<4xf32> {snn.state = "relu1/refractory_time"}, tensor<4xf32> {snn.state = "population1/voltage"})
// EXTERNAL: %[[L:.*]]:4 = scf.for {{.*}} iter_args(%{{.*}} = %[[V]], %{{.*}} = %[[R]], %{{.*}} = %[[V2]], %{{.*}} = %cst)
// Counting: round(output * dt / amplitude), accumulated.
// EXTERNAL: %[[S:[a-z0-9_]+]], %{{.*}} = snn.if_step
// EXTERNAL: %[[SCALE:.*]] = arith.divf %[[DT]], %{{.*}} : f32
// EXTERNAL: linalg.generic {{.*}} ins(%[[S]] : tensor<4xf32>)
// EXTERNAL: arith.mulf %{{.*}}, %[[SCALE]] : f32
// EXTERNAL: math.roundeven
// EXTERNAL: return %[[L]]#3, %[[L]]#0, %[[L]]#1, %[[L]]#2

// External state with lowpass decoding: the decoding filter is state too.
// LOWPASS-LABEL: func.func @net(
// LOWPASS-SAME: {snn.state = "result0/decode"}, %{{.*}}: i64, %{{.*}}: f32)
// LOWPASS-SAME: tensor<4xf32> {snn.state = "result0/decode"})

// Statistics: per spiking population, spike counts and steps with more than
// one spike, after the results.
// STATS-LABEL: func.func @net(
// STATS-SAME: -> (tensor<4xf32>, tensor<4xf32> {snn.spike_count = "relu1"}, tensor<4xf32> {snn.multi_spike_steps = "relu1"}, tensor<4xf32> {snn.spike_count = "population1"}, tensor<4xf32> {snn.multi_spike_steps = "population1"})
// STATS: arith.cmpf ogt
