// The weights file cannot be written: an error, and no module either.
// RUN: rm -f %t.py
// RUN: not snn-translate --emit-nengo %s -o %t.py --nengo-weights=%t.missing/dir/w.npz 2>&1 | FileCheck %s
// RUN: not test -e %t.py
// CHECK: error: cannot write the weights file '{{.*}}.missing/dir/w.npz': {{.+}}
// The error names the function by its location; the function (with its
// weights, in a real model) is not printed under it.
// CHECK-NOT: see current operation
// Standard output for the module needs a weights path: the same.
// RUN: not snn-translate --emit-nengo %s 2>&1 | FileCheck %s --check-prefix=STDOUT
// STDOUT: error: --emit-nengo writes to standard output: give the weights file with --nengo-weights
// STDOUT-NOT: see current operation

func.func @f(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %0 = snn.if %x : tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
