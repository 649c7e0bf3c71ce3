// --snn-tile-batch (after --snn-materialize-time): the time loop of a model
// batch runs once per tile of samples. The inputs the loop reads are sliced
// along their sample dimension and copied, the initial state sliced, the
// body copied with the tile's sample count (the shape operand of a reshape
// rewritten), the decoded results inserted into tensors of the whole batch;
// the final state that nothing reads is not kept.
//
// RUN: snn-opt %s --snn-materialize-time --snn-tile-batch="tile=2" | FileCheck %s
//
// The tile from max-tile-bytes (the loop-carried bytes of one sample: 8
// voltages and 8 sums, 64 bytes in @dense; the largest divisor of the batch
// whose tile fits): 128 or 191 bytes give tiles of 2, 256 bytes of 4, the
// whole batch, which is left alone. min-tiles (the threads) keeps at least
// that many tiles.
// RUN: snn-opt %s --snn-materialize-time --snn-tile-batch="max-tile-bytes=128" | FileCheck %s --check-prefix=BYTES
// RUN: snn-opt %s --snn-materialize-time --snn-tile-batch="max-tile-bytes=191" | FileCheck %s --check-prefix=BYTES
// RUN: snn-opt %s --snn-materialize-time --snn-tile-batch="max-tile-bytes=256" | FileCheck %s --check-prefix=WHOLE
// RUN: snn-opt %s --snn-materialize-time --snn-tile-batch="max-tile-bytes=256 min-tiles=4" | FileCheck %s --check-prefix=MIN
//
// With parallel, the tiles are the iterations of an scf.forall whose
// results are written with tensor.parallel_insert_slice.
// RUN: snn-opt %s --snn-materialize-time --snn-tile-batch="tile=2 parallel" | FileCheck %s --check-prefix=PAR
//
// A tile that does not divide the batch becomes the largest divisor below
// it (3 -> 2 for a batch of 4).
// RUN: snn-opt %s --snn-materialize-time --snn-tile-batch="tile=3" | FileCheck %s
//
// remarks names the op that keeps a loop from being tiled.
// RUN: snn-opt %s --snn-materialize-time --snn-tile-batch="tile=2 remarks" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
//
// Poisson encoding hashes each element's index (linalg.index), which a tile
// would restart: not tiled. Spike statistics (counts per element) are.
// RUN: snn-opt %s --snn-materialize-time="encode=poisson" --snn-tile-batch="tile=2 remarks" -o /dev/null 2>&1 | FileCheck %s --check-prefix=POISSON
// POISSON: remark: snn-tile-batch: the time loop is not tiled: this op ('linalg.generic') may mix the samples
// RUN: snn-opt %s --snn-materialize-time="spike-stats" --snn-tile-batch="tile=2" | FileCheck %s --check-prefix=STATS
//
// decode=trace: the trace (steps, then samples) is written under an scf.if
// on the step; its tile is sliced along dimension 1.
// RUN: snn-opt %s --snn-materialize-time="decode=trace trace-steps=3" --snn-tile-batch="tile=2" | FileCheck %s --check-prefix=TRACE
// TRACE-LABEL: func.func @single(
// TRACE-LABEL: func.func @trace(
// TRACE:         %[[OUT:.+]] = tensor.empty() : tensor<3x4x8xf32>
// TRACE:         scf.for %[[FIRST:.+]] = {{.+}} iter_args(%[[ACC:.+]] = %[[OUT]]) -> (tensor<3x4x8xf32>) {
// TRACE:           %[[LOOP:.+]]:2 = scf.for
// TRACE:             scf.if %{{.+}} -> (tensor<3x2x8xf32>) {
// TRACE-NEXT:          tensor.insert_slice %{{.+}} into %{{.+}}[%{{.+}}, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<2x8xf32> into tensor<3x2x8xf32>
// TRACE:           tensor.insert_slice %[[LOOP]]#1 into %[[ACC]][0, %[[FIRST]], 0] [3, 2, 8] [1, 1, 1] : tensor<3x2x8xf32> into tensor<3x4x8xf32>
// STATS-LABEL: func.func @dense(
// STATS:         scf.for %{{.+}} -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
// STATS:           snn.if_step {{.+}} : tensor<2x8xf32>

// CHECK-LABEL: func.func @dense(
// CHECK-SAME:      %[[X:.+]]: tensor<4x16xf32>
// CHECK:         %[[J:.+]] = tosa.reshape %{{.+}} : (tensor<1x4x8xf32>, !tosa.shape<2>) -> tensor<4x8xf32>
// CHECK:         %[[OUT:.+]] = tensor.empty() : tensor<4x8xf32>
// CHECK:         %[[TILES:.+]] = scf.for %[[FIRST:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %[[OUT]]) -> (tensor<4x8xf32>) {
// CHECK:           %[[JS:.+]] = tensor.extract_slice %[[J]][%[[FIRST]], 0] [2, 8] [1, 1] : tensor<4x8xf32> to tensor<2x8xf32>
// CHECK:           %[[JE:.+]] = tensor.empty() : tensor<2x8xf32>
// CHECK:           %[[JC:.+]] = linalg.copy ins(%[[JS]] : tensor<2x8xf32>) outs(%[[JE]] : tensor<2x8xf32>)
// CHECK:           %[[V0:.+]] = tensor.extract_slice %{{.+}}[%[[FIRST]], 0] [2, 8] [1, 1] : tensor<4x8xf32> to tensor<2x8xf32>
// CHECK:           %[[S0:.+]] = tensor.extract_slice %{{.+}}[%[[FIRST]], 0] [2, 8] [1, 1] : tensor<4x8xf32> to tensor<2x8xf32>
// CHECK:           %[[LOOP:.+]]:2 = scf.for %{{.+}} iter_args(%[[V:.+]] = %[[V0]], %[[S:.+]] = %[[S0]]) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
// CHECK:             %[[SPIKES:.+]], %[[NV:.+]] = snn.if_step %[[JC]], %[[V]], dt %{{.+}} : tensor<2x8xf32>
// CHECK:             %[[SHAPE:.+]] = tosa.const_shape {values = dense<[1, 2, 8]> : tensor<3xindex>}
// CHECK:             tosa.reshape %[[SPIKES]], %[[SHAPE]] : (tensor<2x8xf32>, !tosa.shape<3>) -> tensor<1x2x8xf32>
// CHECK:             scf.yield %[[NV]], %{{.+}} : tensor<2x8xf32>, tensor<2x8xf32>
// CHECK:           }
// CHECK:           %[[INS:.+]] = tensor.insert_slice %[[LOOP]]#1 into %[[ACC]][%[[FIRST]], 0] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<4x8xf32>
// CHECK:           scf.yield %[[INS]] : tensor<4x8xf32>
// CHECK:         }
// CHECK:         linalg.generic {{.*}} ins(%[[TILES]] : tensor<4x8xf32>)

// BYTES-LABEL: func.func @dense(
// BYTES:         scf.for %{{.+}} = %c0{{.*}} to %c4{{.*}} step %c2
// BYTES:         snn.if_step {{.+}} : tensor<2x8xf32>
// WHOLE-LABEL: func.func @dense(
// WHOLE-NOT:     tensor.extract_slice
// WHOLE:         snn.if_step {{.+}} : tensor<4x8xf32>
// MIN-LABEL:   func.func @dense(
// MIN:           scf.for %{{.+}} = %c0{{.*}} to %c4{{.*}} step %c1
// MIN:           snn.if_step {{.+}} : tensor<1x8xf32>

// PAR-LABEL: func.func @dense(
// PAR:         %[[OUT:.+]] = tensor.empty() : tensor<4x8xf32>
// PAR:         %[[TILES:.+]] = scf.forall (%[[FIRST:.+]]) = (0) to (4) step (2) shared_outs(%[[ACC:.+]] = %[[OUT]]) -> (tensor<4x8xf32>) {
// PAR:           %[[LOOP:.+]]:2 = scf.for
// PAR:             snn.if_step {{.+}} : tensor<2x8xf32>
// PAR:           scf.forall.in_parallel {
// PAR-NEXT:        tensor.parallel_insert_slice %[[LOOP]]#1 into %[[ACC]][%[[FIRST]], 0] [2, 8] [1, 1] : tensor<2x8xf32> into tensor<4x8xf32>
// PAR:         linalg.generic {{.*}} ins(%[[TILES]] : tensor<4x8xf32>)
func.func @dense(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x16x8xf32>}> : () -> tensor<1x16x8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s3 = tosa.const_shape {values = dense<[1, 4, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s2 = tosa.const_shape {values = dense<[4, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %o3 = tosa.const_shape {values = dense<[1, 4, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %x, %s3 : (tensor<4x16xf32>, !tosa.shape<3>) -> tensor<1x4x16xf32>
  %m = tosa.matmul %x3, %w, %zp, %zp : (tensor<1x4x16xf32>, tensor<1x16x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32>
  %j = tosa.reshape %m, %s2 : (tensor<1x4x8xf32>, !tosa.shape<2>) -> tensor<4x8xf32>
  %s = snn.if %j : tensor<4x8xf32>
  // Rows of the product: samples in dimension 1, as the ONNX importer's
  // fully connected layers have them.
  %s3b = tosa.reshape %s, %o3 : (tensor<4x8xf32>, !tosa.shape<3>) -> tensor<1x4x8xf32>
  %w2 = "tosa.const"() <{values = dense<0.25> : tensor<1x8x8xf32>}> : () -> tensor<1x8x8xf32>
  %y3 = tosa.matmul %s3b, %w2, %zp, %zp : (tensor<1x4x8xf32>, tensor<1x8x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8xf32>
  %y = tosa.reshape %y3, %s2 : (tensor<1x4x8xf32>, !tosa.shape<2>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// Convolutions, pooling and a broadcast bias keep the samples in dimension
// 0; the pooled spikes are flattened per sample.
// CHECK-LABEL: func.func @conv(
// CHECK:         scf.for %{{.+}} iter_args(%{{.+}} = %{{.+}}) -> (tensor<4x36xf32>) {
// CHECK:           scf.for
// CHECK:             snn.if_step {{.+}} : tensor<2x6x6x4xf32>
// CHECK:             tosa.avg_pool2d {{.+}} -> tensor<2x3x3x4xf32>
// CHECK:             tosa.const_shape {values = dense<[2, 36]> : tensor<2xindex>}
// CHECK:             tosa.reshape {{.+}} -> tensor<2x36xf32>
func.func @conv(%x: tensor<4x6x6x1xf32>) -> tensor<4x36xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<4x3x3x1xf32>}> : () -> tensor<4x3x3x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<4x6x6x1xf32>, tensor<4x3x3x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<4x6x6x4xf32>
  %bias = "tosa.const"() <{values = dense<0.125> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %cb = tosa.add %c, %bias : (tensor<4x6x6x4xf32>, tensor<1x1x1x4xf32>) -> tensor<4x6x6x4xf32>
  %s = snn.if %cb : tensor<4x6x6x4xf32>
  %p = tosa.avg_pool2d %s, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<4x6x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<4x3x3x4xf32>
  %shape = tosa.const_shape {values = dense<[4, 36]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %f = tosa.reshape %p, %shape : (tensor<4x3x3x4xf32>, !tosa.shape<2>) -> tensor<4x36xf32>
  return %f : tensor<4x36xf32>
}

// Not tiled: a reduction over the samples mixes them...
// CHECK-LABEL: func.func @mixed(
// CHECK-NOT:     tensor.extract_slice
// CHECK:         snn.if_step {{.+}} : tensor<4x8xf32>
// REMARK: remark: snn-tile-batch: the time loop is not tiled: this op ('tosa.reduce_sum') may mix the samples
func.func @mixed(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %s = snn.if %x : tensor<4x8xf32>
  %r = tosa.reduce_sum %s {axis = 0 : i32} : (tensor<4x8xf32>) -> tensor<1x8xf32>
  %y = tosa.add %s, %r : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// ... so does a reshape that merges the samples with another dimension...
// CHECK-LABEL: func.func @merged(
// CHECK-NOT:     tensor.extract_slice
// REMARK: remark: snn-tile-batch: the time loop is not tiled: this op ('tosa.reshape') may mix the samples
func.func @merged(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %s = snn.if %x : tensor<4x8xf32>
  %flat = tosa.const_shape {values = dense<32> : tensor<1xindex>} : () -> !tosa.shape<1>
  %r = tosa.reshape %s, %flat : (tensor<4x8xf32>, !tosa.shape<1>) -> tensor<32xf32>
  %shape = tosa.const_shape {values = dense<[4, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %r, %shape : (tensor<32xf32>, !tosa.shape<2>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// ... and an operand the size of the batch that is not a sample dimension
// (a constant per sample added to the current).
// CHECK-LABEL: func.func @per_sample_constant(
// CHECK-NOT:     tensor.extract_slice
// REMARK: remark: snn-tile-batch: the time loop is not tiled: this op ('tosa.add') may mix the samples
func.func @per_sample_constant(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %s = snn.if %x : tensor<4x8xf32>
  %k = "tosa.const"() <{values = dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %y = tosa.add %s, %k : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// A batch of one, and a function without a time loop, are left alone.
// CHECK-LABEL: func.func @single(
// CHECK-NOT:     tensor.extract_slice
func.func @single(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %s = snn.if %x : tensor<1x8xf32>
  return %s : tensor<1x8xf32>
}
// CHECK-LABEL: func.func @ann(
// CHECK-NOT:     scf.for
func.func @ann(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = tosa.clamp %x {max_val = 3.4e38 : f32, min_val = 0.0 : f32} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// tosa.resize keeps the samples in dimension 0 (an upsampling layer).
// CHECK-LABEL: func.func @upsample(
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             tosa.resize {{.+}} : (tensor<2x4x4x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x8x8x2xf32>
func.func @upsample(%x: tensor<4x4x4x2xf32>) -> tensor<4x8x8x2xf32> {
  %s = snn.if %x : tensor<4x4x4x2xf32>
  %scale = tosa.const_shape {values = dense<[2, 1, 2, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<0> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.resize %s, %scale, %offset, %border {mode = NEAREST_NEIGHBOR} : (tensor<4x4x4x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<4x8x8x2xf32>
  return %r : tensor<4x8x8x2xf32>
}

// decode=trace (the TRACE run) on a single population.
// CHECK-LABEL: func.func @trace(
func.func @trace(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %s = snn.if %x : tensor<4x8xf32>
  return %s : tensor<4x8xf32>
}
