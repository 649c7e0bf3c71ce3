// snn.count_max_pool2d (max-pool=count) for Nengo: a node summing its input
// over the steps (a recurrent connection through a one-step delay), the
// max pooling of the sums (_max_pool_layer: a NengoDL layer, or a Python
// function node in Nengo core), and a node taking the difference of the
// pooled sums of this step and the one before (through a one-step delay).
// nengo-core-count-max-pool.test runs it in Nengo core against snn-run.
// RUN: snn-translate --emit-nengo %S/Inputs/count-pool-net.mlir --mlir-print-debuginfo -o %t.py --nengo-weights=%t.npz
// RUN: FileCheck %s --input-file=%t.py
// CHECK: _ONE_STEP_DELAY = nengo.LinearFilter([1], [1], analog=False)
// CHECK: def _max_pool_layer(
// CHECK: # pool: snn.count_max_pool2d, 2x2 max pooling of the running sums c[t] = c[t-1] + x[t]; output m[t] - m[t-1], m = max_pool(c)
// CHECK-NEXT: pool_counts = nengo.Node(size_in=50, label="pool (counts)")
// CHECK-NEXT: nengo.Connection(relu.neurons, pool_counts, synapse=None)
// CHECK-NEXT: nengo.Connection(pool_counts, pool_counts, synapse=_ONE_STEP_DELAY)
// CHECK-NEXT: pool_max_counts = _max_pool_layer(pool_counts, (5, 5, 2), True, (2, 2), (2, 2), (1, 0, 0, 1), nengo_dl_layers)
// CHECK-NEXT: pool = nengo.Node(size_in=18, label="pool")
// CHECK-NEXT: nengo.Connection(pool_max_counts, pool, synapse=None)
// CHECK-NEXT: nengo.Connection(pool_max_counts, pool, transform=-1, synapse=_ONE_STEP_DELAY)
// CHECK: nengo.Connection(
// CHECK-NEXT: pool,
// CHECK-NEXT: y,
