// --snn-schedule-linalg and --snn-vectorize-contractions do not change a
// result bit. The same random convolutions (13x11 input, 5 output channels,
// stride 2, padding 1), matrix products (7x37 @ 37x19), average and max
// pooling, and spike-like layers (values 0 or 1/dt = 1000, with silent
// regions: a 3x3x3 -> 40-channel convolution, a 50 -> 45 fully connected
// layer) are lowered four ways and run with mlir-runner, which prints every
// result's bits:
//   scalar: the stages of --snn-lower-to-llvm (docs/LOWERING.md) without the
//           two passes (linalg -> scalar loops in the original loop order);
//   dense:  --snn-lower-to-llvm="skip-zeros=false";
//   fast:   --snn-lower-to-llvm (event-driven rows of >= 32 elements);
//   events: --snn-lower-to-llvm="skip-zeros-min-width=1" (every row), the
//           event-driven layers reading lists of their non-zero inputs
//           (conv_spikes, 3 input channels and 3x3 taps, scatters each
//           input's terms, as in `fast`);
//   tests:  the same with a test of each input instead of lists
//           (skip-zeros-lists=false);
//   gather: events without the scatter form (scatter-max-inputs=0): every
//           output gathers the lists of its taps;
//   scatter-unrolled, scatter-taps: events with vectors of 8 (5 per row of
//           40 channels) and 24 accumulators, where an input row adds to
//           the outputs of its 3 kernel columns at once (15 accumulators;
//           one column at a time at the edges), and with 8 accumulators,
//           too few for that: one tap at a time everywhere (whatever the
//           host's vectors);
//   avx2, avx512, narrow: dense, with the register tiles of an AVX2 host
//           (vectors of 8, 12 accumulators), an AVX-512 host (16, 24) and
//           a tiny budget (4, 3: loops over groups of vectors, short last
//           pieces and blocks);
//   split, split-events: dense and events with a weight cache of 64 bytes
//           and at least 2 steps per tile, so that the reductions of the
//           convolutions and products are split (leading loops outside the
//           tiles, the next one in chunks) and the matrix-vector product is
//           streamed by rows (stream-min-bytes=64; with packed weights only
//           when they are not constants);
//   nopack: dense without packed weights (pack-weights=false).
// conv_relu6 (a convolution and a ReLU6) and matmul_add_relu (a product, a
// residual addition and a ReLU) check the elementwise ops that the dense
// tiles apply before their stores (fuse-epilogues), split or not.
// Three functions have constant weights (conv_const: 40 output channels,
// matmul_const, matvec_const), which every lowering but nopack packs for
// its register tiles (a global `..._packed` per weight, the original gone):
// in `narrow` and `split` the groups and their last, narrower pieces differ
// from `dense`'s, and `split` reads the packed weights part by part.
// (fast and events pass skip-zeros-in-loops-only=false: these functions
// have no time loop.)
// compare.py checks the scalar bits against numpy float32 in the same order
// (so the test computes what it should), `dense` against `scalar` bit for
// bit, and `fast` and `events` against `scalar` bit for bit except the sign
// of a zero: skipping `out + 0 * w` keeps `out`, and -0 + (+0) is +0. The
// conv_spikes biases include -0.0 so that this case occurs (those outputs
// are +0 in the scalar code and -0 when event-driven); nothing else may
// differ.
//
// REQUIRES: numpy
// RUN: rm -rf %t && split-file %s %t
// RUN: %python %t/gen.py %t
// RUN: snn-opt %t/net.mlir --pass-pipeline="builtin.module(snn-materialize-time,convert-snn-to-linalg,\
// RUN: func.func(tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith,tosa-to-tensor,convert-elementwise-to-linalg),\
// RUN: canonicalize,linalg-fuse-elementwise-ops,canonicalize,cse,loop-invariant-code-motion,canonicalize,cse,\
// RUN: one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops},\
// RUN: buffer-deallocation-pipeline,convert-bufferization-to-memref,\
// RUN: func.func(convert-linalg-to-loops),expand-strided-metadata,lower-affine,convert-scf-to-cf,math-expand-ops{ops=rsqrt},convert-math-to-libm,snn-emit-c-interface,\
// RUN: convert-vector-to-llvm,finalize-memref-to-llvm,convert-math-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts)" \
// RUN:     -o %t/scalar.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros=false" -o %t/dense.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros-in-loops-only=false" -o %t/fast.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros-in-loops-only=false skip-zeros-min-width=1" -o %t/events.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros-in-loops-only=false skip-zeros-min-width=1 skip-zeros-lists=false" -o %t/tests.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros-in-loops-only=false skip-zeros-min-width=1 scatter-max-inputs=0" -o %t/gather.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros-in-loops-only=false skip-zeros-min-width=1 vector-width=8 max-accumulators=24" -o %t/scatter-unrolled.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros-in-loops-only=false skip-zeros-min-width=1 vector-width=8 max-accumulators=8" -o %t/scatter-taps.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros=false vector-width=8 max-accumulators=12" -o %t/avx2.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros=false vector-width=16 max-accumulators=24" -o %t/avx512.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros=false vector-width=4 max-accumulators=3" -o %t/narrow.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros=false vector-width=4 max-accumulators=3 weight-cache-bytes=64 stream-min-bytes=64 split-min-steps=2" -o %t/split.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros-in-loops-only=false skip-zeros-min-width=1 vector-width=4 max-accumulators=3 weight-cache-bytes=64 stream-min-bytes=64 split-min-steps=2" -o %t/split-events.mlir
// RUN: snn-opt %t/net.mlir --snn-lower-to-llvm="skip-zeros=false pack-weights=false" -o %t/nopack.mlir
//
// The scalar code has no vectors; the others do. The zero tests
// (fcmp une x, 0) are in the layers that build lists of their non-zero
// inputs, nowhere without skip-zeros. A list builder compares whole vectors
// of a row (skipping vectors of zeros) and the columns after the
// last whole vector one by one (none when the row is whole vectors, all
// when it is shorter than one): by default 2 vector and 3 scalar compares,
// with skip-zeros-min-width=1 3 vector and 4 scalar (the counts are the
// same for vectors of 8 and 16 floats; identical list builders are merged
// into one function). With lists off (tests), one scalar test per
// event-driven op (6).
// RUN: FileCheck %s --check-prefix=SCALAR < %t/scalar.mlir
// RUN: FileCheck %s --check-prefix=DENSE < %t/dense.mlir
// RUN: FileCheck %s --check-prefix=FAST < %t/fast.mlir
// RUN: FileCheck %s --check-prefix=EVENTS < %t/events.mlir
// RUN: FileCheck %s --check-prefix=TESTS < %t/tests.mlir
// SCALAR-NOT: vector<
// SCALAR-NOT: llvm.fcmp "une"
// DENSE-NOT: llvm.fcmp "une"
// DENSE: vector<{{8|16}}xf32>
// DENSE-NOT: llvm.fcmp "une"
// FAST-COUNT-5: llvm.fcmp "une"
// FAST-NOT: llvm.fcmp "une"
// EVENTS-COUNT-7: llvm.fcmp "une"
// EVENTS-NOT: llvm.fcmp "une"
// TESTS-COUNT-6: llvm.fcmp "une" {{.*}} : f32
// TESTS-NOT: llvm.fcmp "une"
// RUN: grep -c 'llvm.fcmp "une".*vector<' %t/fast.mlir | FileCheck %s --check-prefix=VEC2
// RUN: grep -c 'llvm.fcmp "une".*vector<' %t/events.mlir | FileCheck %s --check-prefix=VEC3
// VEC2: {{^}}2{{$}}
// VEC3: {{^}}3{{$}}
//
// RUN: mlir-runner %t/scalar.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/scalar.out
// RUN: mlir-runner %t/dense.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/dense.out
// RUN: mlir-runner %t/fast.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/fast.out
// RUN: mlir-runner %t/events.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/events.out
// RUN: mlir-runner %t/tests.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/tests.out
// RUN: mlir-runner %t/gather.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/gather.out
// RUN: mlir-runner %t/scatter-unrolled.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/scatter-unrolled.out
// RUN: mlir-runner %t/scatter-taps.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/scatter-taps.out
// RUN: mlir-runner %t/avx2.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/avx2.out
// RUN: mlir-runner %t/avx512.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/avx512.out
// RUN: mlir-runner %t/narrow.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/narrow.out
// RUN: mlir-runner %t/split.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/split.out
// RUN: mlir-runner %t/split-events.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/split-events.out
// RUN: mlir-runner %t/nopack.mlir -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t/nopack.out
// RUN: %python %t/compare.py %t/inputs.npz %t/scalar.out dense=%t/dense.out \
// RUN:     fast=%t/fast.out:skip events=%t/events.out:skip tests=%t/tests.out:skip \
// RUN:     gather=%t/gather.out:skip scatter-unrolled=%t/scatter-unrolled.out:skip \
// RUN:     scatter-taps=%t/scatter-taps.out:skip avx2=%t/avx2.out \
// RUN:     avx512=%t/avx512.out narrow=%t/narrow.out \
// RUN:     split=%t/split.out split-events=%t/split-events.out:skip \
// RUN:     nopack=%t/nopack.out | FileCheck %s
// The packed globals, with the narrow tiles (vectors of 4, 3 accumulators:
// several groups per row): one per constant weight; none without packing.
// The transposed filter of conv_const goes (nothing else reads it); the
// matrices stay, since main passes the same values to @matmul and @matvec.
// (With AVX-512's tiles, `avx512`, each of these rows is one group, whose
// packed copy would be the same bytes: none is made.)
// RUN: grep -c 'llvm.mlir.global .*_packed' %t/narrow.mlir | FileCheck %s --check-prefix=COUNT3
// RUN: grep -c 'llvm.mlir.global .*_packed' %t/split.mlir | FileCheck %s --check-prefix=COUNT3
// In split-events the three are event-driven (every row is), and their
// tiles read the packed rows of the inputs in their lists.
// RUN: grep -c 'llvm.mlir.global .*_packed' %t/split-events.mlir | FileCheck %s --check-prefix=COUNT3
// RUN: not grep 'llvm.mlir.global .*_packed' %t/nopack.mlir
// RUN: not grep 'llvm.mlir.global .*_packed' %t/avx512.mlir
// RUN: not grep 'llvm.mlir.global .*@__constant_3x3x3x40xf32(' %t/narrow.mlir
// RUN: grep -c 'llvm.mlir.global .*@__constant_3x3x3x40xf32(' %t/nopack.mlir | FileCheck %s --check-prefix=COUNT1
// conv_relu6 and matmul_add_relu: the clamp (and the addition) run in the
// dense tiles before their stores (fuse-epilogues), on vectors: no scalar
// minimum is left; the event-driven ops of split-events keep them as loops
// (one scalar minimum each).
// RUN: not grep 'llvm.intr.minimum.*: (f32, f32)' %t/dense.mlir
// RUN: not grep 'llvm.intr.minimum.*: (f32, f32)' %t/split.mlir
// RUN: not grep 'llvm.intr.minimum.*: (f32, f32)' %t/narrow.mlir
// RUN: grep -c 'llvm.intr.minimum.*: (f32, f32)' %t/split-events.mlir | FileCheck %s --check-prefix=COUNT2
// COUNT3: {{^}}3{{$}}
// COUNT2: {{^}}2{{$}}
// COUNT1: {{^}}1{{$}}
//
// CHECK: scalar conv: 210 values (0 zeros), bits equal numpy
// CHECK: scalar matmul: 133 values (0 zeros), bits equal numpy
// CHECK: scalar avgpool: 210 values (0 zeros), bits equal numpy
// CHECK: scalar maxpool: 210 values (0 zeros), bits equal numpy
// CHECK: scalar conv_spikes: 3240 values ([[ZEROS:[1-9][0-9]*]] zeros), bits equal numpy
// CHECK: scalar fc_spikes: 225 values ({{[1-9][0-9]*}} zeros), bits equal numpy
// CHECK: scalar matmul_spikes: 133 values ({{[0-9]+}} zeros), bits equal numpy
// CHECK: scalar matvec: 70 values (0 zeros), bits equal numpy
// CHECK: scalar conv_const: 1680 values (0 zeros), bits equal numpy
// CHECK: scalar matmul_const: 133 values (0 zeros), bits equal numpy
// CHECK: scalar matvec_const: 70 values (0 zeros), bits equal numpy
// CHECK: scalar conv_relu6: 1680 values ({{[0-9]+}} zeros), bits equal numpy
// CHECK: scalar matmul_add_relu: 133 values ({{[1-9][0-9]*}} zeros), bits equal numpy
// CHECK: dense conv: bit-identical
// CHECK: dense matmul: bit-identical
// CHECK: dense avgpool: bit-identical
// CHECK: dense maxpool: bit-identical
// CHECK: dense conv_spikes: bit-identical
// CHECK: dense fc_spikes: bit-identical
// CHECK: dense matmul_spikes: bit-identical
// CHECK: dense matvec: bit-identical
// CHECK: dense conv_const: bit-identical
// CHECK: dense matmul_const: bit-identical
// CHECK: dense matvec_const: bit-identical
// CHECK: dense conv_relu6: bit-identical
// CHECK: dense matmul_add_relu: bit-identical
// CHECK: fast conv: bit-identical
// CHECK: fast matmul: bit-identical
// CHECK: fast avgpool: bit-identical
// CHECK: fast maxpool: bit-identical
// CHECK: fast conv_spikes: identical but for the sign of [[ZEROS]] zeros
// CHECK: fast fc_spikes: bit-identical
// CHECK: fast matmul_spikes: bit-identical
// CHECK: fast matvec: bit-identical
// CHECK: fast conv_const: bit-identical
// CHECK: fast matmul_const: bit-identical
// CHECK: fast matvec_const: bit-identical
// CHECK: fast conv_relu6: bit-identical
// CHECK: fast matmul_add_relu: bit-identical
// CHECK: events conv: bit-identical
// CHECK: events matmul: bit-identical
// CHECK: events avgpool: bit-identical
// CHECK: events maxpool: bit-identical
// CHECK: events conv_spikes: identical but for the sign of [[ZEROS]] zeros
// CHECK: events fc_spikes: bit-identical
// CHECK: events matmul_spikes: bit-identical
// CHECK: events matvec: bit-identical
// CHECK: events conv_const: bit-identical
// CHECK: events matmul_const: bit-identical
// CHECK: events matvec_const: bit-identical
// CHECK: events conv_relu6: bit-identical
// CHECK: events matmul_add_relu: bit-identical
// CHECK: tests conv: bit-identical
// CHECK: tests matmul: bit-identical
// CHECK: tests avgpool: bit-identical
// CHECK: tests maxpool: bit-identical
// CHECK: tests conv_spikes: identical but for the sign of [[ZEROS]] zeros
// CHECK: tests fc_spikes: bit-identical
// CHECK: tests matmul_spikes: bit-identical
// CHECK: tests matvec: bit-identical
// CHECK: tests conv_const: bit-identical
// CHECK: tests matmul_const: bit-identical
// CHECK: tests matvec_const: bit-identical
// CHECK: tests conv_relu6: bit-identical
// CHECK: tests matmul_add_relu: bit-identical
// CHECK: gather conv: bit-identical
// CHECK: gather matmul: bit-identical
// CHECK: gather avgpool: bit-identical
// CHECK: gather maxpool: bit-identical
// CHECK: gather conv_spikes: identical but for the sign of [[ZEROS]] zeros
// CHECK: gather fc_spikes: bit-identical
// CHECK: gather matmul_spikes: bit-identical
// CHECK: gather matvec: bit-identical
// CHECK: gather conv_const: bit-identical
// CHECK: gather matmul_const: bit-identical
// CHECK: gather matvec_const: bit-identical
// CHECK: gather conv_relu6: bit-identical
// CHECK: gather matmul_add_relu: bit-identical
// CHECK: scatter-unrolled conv: bit-identical
// CHECK: scatter-unrolled matmul: bit-identical
// CHECK: scatter-unrolled avgpool: bit-identical
// CHECK: scatter-unrolled maxpool: bit-identical
// CHECK: scatter-unrolled conv_spikes: identical but for the sign of [[ZEROS]] zeros
// CHECK: scatter-unrolled fc_spikes: bit-identical
// CHECK: scatter-unrolled matmul_spikes: bit-identical
// CHECK: scatter-unrolled matvec: bit-identical
// CHECK: scatter-unrolled conv_const: bit-identical
// CHECK: scatter-unrolled matmul_const: bit-identical
// CHECK: scatter-unrolled matvec_const: bit-identical
// CHECK: scatter-unrolled conv_relu6: bit-identical
// CHECK: scatter-unrolled matmul_add_relu: bit-identical
// CHECK: scatter-taps conv: bit-identical
// CHECK: scatter-taps matmul: bit-identical
// CHECK: scatter-taps avgpool: bit-identical
// CHECK: scatter-taps maxpool: bit-identical
// CHECK: scatter-taps conv_spikes: identical but for the sign of [[ZEROS]] zeros
// CHECK: scatter-taps fc_spikes: bit-identical
// CHECK: scatter-taps matmul_spikes: bit-identical
// CHECK: scatter-taps matvec: bit-identical
// CHECK: scatter-taps conv_const: bit-identical
// CHECK: scatter-taps matmul_const: bit-identical
// CHECK: scatter-taps matvec_const: bit-identical
// CHECK: scatter-taps conv_relu6: bit-identical
// CHECK: scatter-taps matmul_add_relu: bit-identical
// CHECK: avx2 conv: bit-identical
// CHECK: avx2 matmul: bit-identical
// CHECK: avx2 avgpool: bit-identical
// CHECK: avx2 maxpool: bit-identical
// CHECK: avx2 conv_spikes: bit-identical
// CHECK: avx2 fc_spikes: bit-identical
// CHECK: avx2 matmul_spikes: bit-identical
// CHECK: avx2 matvec: bit-identical
// CHECK: avx2 conv_const: bit-identical
// CHECK: avx2 matmul_const: bit-identical
// CHECK: avx2 matvec_const: bit-identical
// CHECK: avx2 conv_relu6: bit-identical
// CHECK: avx2 matmul_add_relu: bit-identical
// CHECK: avx512 conv: bit-identical
// CHECK: avx512 matmul: bit-identical
// CHECK: avx512 avgpool: bit-identical
// CHECK: avx512 maxpool: bit-identical
// CHECK: avx512 conv_spikes: bit-identical
// CHECK: avx512 fc_spikes: bit-identical
// CHECK: avx512 matmul_spikes: bit-identical
// CHECK: avx512 matvec: bit-identical
// CHECK: avx512 conv_const: bit-identical
// CHECK: avx512 matmul_const: bit-identical
// CHECK: avx512 matvec_const: bit-identical
// CHECK: avx512 conv_relu6: bit-identical
// CHECK: avx512 matmul_add_relu: bit-identical
// CHECK: narrow conv: bit-identical
// CHECK: narrow matmul: bit-identical
// CHECK: narrow avgpool: bit-identical
// CHECK: narrow maxpool: bit-identical
// CHECK: narrow conv_spikes: bit-identical
// CHECK: narrow fc_spikes: bit-identical
// CHECK: narrow matmul_spikes: bit-identical
// CHECK: narrow matvec: bit-identical
// CHECK: narrow conv_const: bit-identical
// CHECK: narrow matmul_const: bit-identical
// CHECK: narrow matvec_const: bit-identical
// CHECK: narrow conv_relu6: bit-identical
// CHECK: narrow matmul_add_relu: bit-identical
// CHECK: split conv: bit-identical
// CHECK: split matmul: bit-identical
// CHECK: split avgpool: bit-identical
// CHECK: split maxpool: bit-identical
// CHECK: split conv_spikes: bit-identical
// CHECK: split fc_spikes: bit-identical
// CHECK: split matmul_spikes: bit-identical
// CHECK: split matvec: bit-identical
// CHECK: split conv_const: bit-identical
// CHECK: split matmul_const: bit-identical
// CHECK: split matvec_const: bit-identical
// CHECK: split conv_relu6: bit-identical
// CHECK: split matmul_add_relu: bit-identical
// CHECK: split-events conv: bit-identical
// CHECK: split-events matmul: bit-identical
// CHECK: split-events avgpool: bit-identical
// CHECK: split-events maxpool: bit-identical
// CHECK: split-events conv_spikes: identical but for the sign of [[ZEROS]] zeros
// CHECK: split-events fc_spikes: bit-identical
// CHECK: split-events matmul_spikes: bit-identical
// CHECK: split-events matvec: bit-identical
// CHECK: split-events conv_const: bit-identical
// CHECK: split-events matmul_const: bit-identical
// CHECK: split-events matvec_const: bit-identical
// CHECK: split-events conv_relu6: bit-identical
// CHECK: split-events matmul_add_relu: bit-identical
// CHECK: nopack conv: bit-identical
// CHECK: nopack matmul: bit-identical
// CHECK: nopack avgpool: bit-identical
// CHECK: nopack maxpool: bit-identical
// CHECK: nopack conv_spikes: bit-identical
// CHECK: nopack fc_spikes: bit-identical
// CHECK: nopack matmul_spikes: bit-identical
// CHECK: nopack matvec: bit-identical
// CHECK: nopack conv_const: bit-identical
// CHECK: nopack matmul_const: bit-identical
// CHECK: nopack matvec_const: bit-identical
// CHECK: nopack conv_relu6: bit-identical
// CHECK: nopack matmul_add_relu: bit-identical
// CHECK-NOT: MISMATCH

//--- gen.py
# Writes net.mlir (functions + main with the inputs as constants) and
# inputs.npz (the same inputs, for the numpy reference) into argv[1].
import sys
import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(20240611)
SPIKE = np.float32(1000.0)  # amplitude / dt with dt = 0.001


def spikes(shape, p):
    return np.where(rng.random(shape) < p, SPIKE, np.float32(0)).astype(np.float32)


def normal(shape):
    return rng.standard_normal(shape).astype(np.float32)


x_conv = normal((1, 13, 11, 3))
w_conv = normal((5, 3, 3, 3))
b_conv = normal((5,))
a_mm = normal((1, 7, 37))
b_mm = normal((1, 37, 19))
x_pool = normal((1, 13, 11, 5))
x_cs = spikes((1, 9, 9, 3), 0.3)
x_cs[:, :4] = 0  # silent rows: windows with no spike at all
w_cs = normal((40, 3, 3, 3))
b_cs = normal((40,))
b_cs[::3] = np.float32(-0.0)  # -0 + (+0) is +0: the only case that differs
a_fc = spikes((1, 5, 50), 0.2)
a_fc[:, 1] = 0
b_fc = normal((1, 50, 45))
a_ms = spikes((1, 7, 37), 0.2)
a_mv = normal((1, 1, 96))
b_mv = normal((1, 96, 70))
r_mm = normal((1, 7, 19))
np.savez(f"{out}/inputs.npz", x_conv=x_conv, w_conv=w_conv, b_conv=b_conv,
         a_mm=a_mm, b_mm=b_mm, x_pool=x_pool, x_cs=x_cs, w_cs=w_cs, b_cs=b_cs,
         a_fc=a_fc, b_fc=b_fc, a_ms=a_ms, a_mv=a_mv, b_mv=b_mv, r_mm=r_mm)


def ty(a):
    return "tensor<" + "x".join(map(str, a.shape)) + "xf32>"


def const(a):
    return f'arith.constant dense<"0x{a.astype("<f4").tobytes().hex().upper()}"> : {ty(a)}'


conv_attrs = "acc_type = f32, dilation = array<i64: 1, 1>"
funcs = f"""
func.func @conv(%x: tensor<1x13x11x3xf32>, %w: tensor<5x3x3x3xf32>, %b: tensor<5xf32>) -> tensor<1x7x6x5xf32> {{
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {{{conv_attrs}, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}} : (tensor<1x13x11x3xf32>, tensor<5x3x3x3xf32>, tensor<5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x6x5xf32>
  return %y : tensor<1x7x6x5xf32>
}}
func.func @matmul(%a: tensor<1x7x37xf32>, %b: tensor<1x37x19xf32>) -> tensor<1x7x19xf32> {{
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<1x7x37xf32>, tensor<1x37x19xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x19xf32>
  return %y : tensor<1x7x19xf32>
}}
func.func @avgpool(%x: tensor<1x13x11x5xf32>) -> tensor<1x7x6x5xf32> {{
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.avg_pool2d %x, %zp, %zp {{acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}} : (tensor<1x13x11x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x6x5xf32>
  return %y : tensor<1x7x6x5xf32>
}}
func.func @conv_relu6(%x: tensor<1x13x11x3xf32>, %w: tensor<40x3x3x3xf32>, %b: tensor<40xf32>) -> tensor<1x7x6x40xf32> {{
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {{{conv_attrs}, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}} : (tensor<1x13x11x3xf32>, tensor<40x3x3x3xf32>, tensor<40xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x6x40xf32>
  %z = tosa.clamp %y {{min_val = 0.0 : f32, max_val = 6.0 : f32}} : (tensor<1x7x6x40xf32>) -> tensor<1x7x6x40xf32>
  return %z : tensor<1x7x6x40xf32>
}}
func.func @matmul_add_relu(%a: tensor<1x7x37xf32>, %b: tensor<1x37x19xf32>, %r: tensor<1x7x19xf32>) -> tensor<1x7x19xf32> {{
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<1x7x37xf32>, tensor<1x37x19xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x19xf32>
  %s = tosa.add %y, %r : (tensor<1x7x19xf32>, tensor<1x7x19xf32>) -> tensor<1x7x19xf32>
  %z = tosa.clamp %s {{min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32}} : (tensor<1x7x19xf32>) -> tensor<1x7x19xf32>
  return %z : tensor<1x7x19xf32>
}}
func.func @maxpool(%x: tensor<1x13x11x5xf32>) -> tensor<1x7x6x5xf32> {{
  %y = tosa.max_pool2d %x {{kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}} : (tensor<1x13x11x5xf32>) -> tensor<1x7x6x5xf32>
  return %y : tensor<1x7x6x5xf32>
}}
func.func @conv_spikes(%x: tensor<1x9x9x3xf32>, %w: tensor<40x3x3x3xf32>, %b: tensor<40xf32>) -> tensor<1x9x9x40xf32> {{
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {{{conv_attrs}, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}} : (tensor<1x9x9x3xf32>, tensor<40x3x3x3xf32>, tensor<40xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x40xf32>
  return %y : tensor<1x9x9x40xf32>
}}
func.func @fc_spikes(%a: tensor<1x5x50xf32>, %b: tensor<1x50x45xf32>) -> tensor<1x5x45xf32> {{
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<1x5x50xf32>, tensor<1x50x45xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x45xf32>
  return %y : tensor<1x5x45xf32>
}}
func.func @matvec(%a: tensor<1x1x96xf32>, %b: tensor<1x96x70xf32>) -> tensor<1x1x70xf32> {{
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<1x1x96xf32>, tensor<1x96x70xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x70xf32>
  return %y : tensor<1x1x70xf32>
}}
func.func @conv_const(%x: tensor<1x13x11x3xf32>) -> tensor<1x7x6x40xf32> {{
  %w = {const(w_cs)}
  %b = {const(b_cs)}
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {{{conv_attrs}, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>}} : (tensor<1x13x11x3xf32>, tensor<40x3x3x3xf32>, tensor<40xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x6x40xf32>
  return %y : tensor<1x7x6x40xf32>
}}
func.func @matmul_const(%a: tensor<1x7x37xf32>) -> tensor<1x7x19xf32> {{
  %b = {const(b_mm)}
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<1x7x37xf32>, tensor<1x37x19xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x19xf32>
  return %y : tensor<1x7x19xf32>
}}
func.func @matvec_const(%a: tensor<1x1x96xf32>) -> tensor<1x1x70xf32> {{
  %b = {const(b_mv)}
  %zp = "tosa.const"() {{values = dense<0.0> : tensor<1xf32>}} : () -> tensor<1xf32>
  %y = tosa.matmul %a, %b, %zp, %zp : (tensor<1x1x96xf32>, tensor<1x96x70xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x70xf32>
  return %y : tensor<1x1x70xf32>
}}
func.func private @printI64(i64)
func.func private @printComma()
func.func private @printNewline()
"""

calls = [
    ("conv", [x_conv, w_conv, b_conv], (1, 7, 6, 5)),
    ("matmul", [a_mm, b_mm], (1, 7, 19)),
    ("avgpool", [x_pool], (1, 7, 6, 5)),
    ("maxpool", [x_pool], (1, 7, 6, 5)),
    ("conv_spikes", [x_cs, w_cs, b_cs], (1, 9, 9, 40)),
    ("fc_spikes", [a_fc, b_fc], (1, 5, 45)),
    ("matmul", [a_ms, b_mm], (1, 7, 19)),
    ("matvec", [a_mv, b_mv], (1, 1, 70)),
    ("conv_const", [x_conv], (1, 7, 6, 40)),
    ("matmul_const", [a_mm], (1, 7, 19)),
    ("matvec_const", [a_mv], (1, 1, 70)),
    ("conv_relu6", [x_conv, w_cs, b_cs], (1, 7, 6, 40)),
    ("matmul_add_relu", [a_mm, b_mm, r_mm], (1, 7, 19)),
]
sizes = sorted({int(np.prod(s)) for _, _, s in calls})
for n in sizes:
    funcs += f"""
func.func @print{n}(%t: tensor<{n}xf32>) {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant {n} : index
  scf.for %i = %c0 to %n step %c1 {{
    %e = tensor.extract %t[%i] : tensor<{n}xf32>
    %b = arith.bitcast %e : f32 to i32
    %w = arith.extui %b : i32 to i64
    func.call @printI64(%w) : (i64) -> ()
    func.call @printComma() : () -> ()
  }}
  call @printNewline() : () -> ()
  return
}}
"""
main = "func.func @main() {\n"
for i, (name, args, shape) in enumerate(calls):
    names = []
    for j, a in enumerate(args):
        main += f"  %in{i}_{j} = {const(a)}\n"
        names.append(f"%in{i}_{j}")
    rty = "tensor<" + "x".join(map(str, shape)) + "xf32>"
    n = int(np.prod(shape))
    main += f"  %r{i} = call @{name}({', '.join(names)}) : ({', '.join(ty(a) for a in args)}) -> {rty}\n"
    main += f"  %f{i} = tensor.collapse_shape %r{i} [[{', '.join(str(d) for d in range(len(shape)))}]] : {rty} into tensor<{n}xf32>\n"
    main += f"  call @print{n}(%f{i}) : (tensor<{n}xf32>) -> ()\n"
main += "  return\n}\n"
with open(f"{out}/net.mlir", "w") as f:
    f.write(funcs + main)
//--- compare.py
# Compares the printed result bits of the scalar lowering with a numpy
# float32 evaluation in the same order, and each other lowering with the
# scalar one: dense ones must be bit-identical; with skip-zeros, a value may
# differ only in the sign of a zero (out + 0 * w == out up to that sign).
# Usage: compare.py inputs.npz scalar.out [name=variant.out[:skip]]...
import sys
import numpy as np

f32 = np.float32
inp = np.load(sys.argv[1])


def conv(x, w, b, stride, pad):
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    kh_, kw_ = w.shape[1:3]
    oh = (xp.shape[1] - kh_) // stride + 1
    ow = (xp.shape[2] - kw_) // stride + 1
    out = np.broadcast_to(b, (1, oh, ow, w.shape[0])).astype(f32)
    for kh in range(kh_):
        for kw in range(kw_):
            for c in range(w.shape[3]):
                win = xp[:, kh:kh + stride * oh:stride, kw:kw + stride * ow:stride, c]
                out = out + win[..., None] * w[:, kh, kw, c]
    return out


def matmul(a, b):
    out = np.zeros((1, a.shape[1], b.shape[2]), f32)
    for k in range(a.shape[2]):
        out = out + a[:, :, k, None] * b[:, k, None, :]
    return out


def pool(x, op):
    big = np.finfo(f32).max
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)),
                constant_values=0 if op == "avg" else -big)
    valid = np.pad(np.ones_like(x), ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.zeros((1, 7, 6, x.shape[3]), f32) if op == "avg" else \
        np.full((1, 7, 6, x.shape[3]), -big, f32)
    count = np.zeros_like(out)
    for kh in range(3):
        for kw in range(3):
            win = xp[:, kh:kh + 14:2, kw:kw + 12:2]
            count += valid[:, kh:kh + 14:2, kw:kw + 12:2]
            out = out + win if op == "avg" else np.maximum(out, win)
    return out / count if op == "avg" else out


names = ["conv", "matmul", "avgpool", "maxpool", "conv_spikes", "fc_spikes",
         "matmul_spikes", "matvec", "conv_const", "matmul_const",
         "matvec_const", "conv_relu6", "matmul_add_relu"]
refs = [
    conv(inp["x_conv"], inp["w_conv"], inp["b_conv"], 2, 1),
    matmul(inp["a_mm"], inp["b_mm"]),
    pool(inp["x_pool"], "avg"),
    pool(inp["x_pool"], "max"),
    conv(inp["x_cs"], inp["w_cs"], inp["b_cs"], 1, 1),
    matmul(inp["a_fc"], inp["b_fc"]),
    matmul(inp["a_ms"], inp["b_mm"]),
    matmul(inp["a_mv"], inp["b_mv"]),
    conv(inp["x_conv"], inp["w_cs"], inp["b_cs"], 2, 1),
    matmul(inp["a_mm"], inp["b_mm"]),
    matmul(inp["a_mv"], inp["b_mv"]),
    np.minimum(np.maximum(conv(inp["x_conv"], inp["w_cs"], inp["b_cs"], 2, 1),
                          f32(0)), f32(6)),
    np.maximum(matmul(inp["a_mm"], inp["b_mm"]) + inp["r_mm"], f32(0)),
]


def read(path):
    rows = []
    for line in open(path):
        rows.append(np.array([int(v) for v in line.replace(",", " ").split()],
                             dtype=np.uint32))
    return rows


ok = True
scalar = read(sys.argv[2])
assert len(scalar) == len(names), "expected one line per result"
for name, ref, got in zip(names, refs, scalar):
    want = ref.astype(f32).reshape(-1).view(np.uint32)
    zeros = int(np.count_nonzero((got & 0x7FFFFFFF) == 0))
    same = got.shape == want.shape and np.array_equal(got, want)
    ok &= same
    print(f"scalar {name}: {got.size} values ({zeros} zeros), "
          + ("bits equal numpy" if same else "DIFFERS from numpy"))
for arg in sys.argv[3:]:
    variant, path = arg.split("=")
    skip = path.endswith(":skip")
    rows = read(path.removesuffix(":skip"))
    assert len(rows) == len(names)
    for name, want, got in zip(names, scalar, rows):
        diff = got != want
        zero_sign = diff & ((got & 0x7FFFFFFF) == 0) & ((want & 0x7FFFFFFF) == 0)
        other = int(np.count_nonzero(diff & ~zero_sign))
        signs = int(np.count_nonzero(zero_sign))
        if other or (signs and not skip):
            ok = False
            print(f"{variant} {name}: MISMATCH: {other} values, {signs} zero signs")
        elif signs:
            print(f"{variant} {name}: identical but for the sign of {signs} zeros")
        else:
            print(f"{variant} {name}: bit-identical")
sys.exit(0 if ok else 1)
