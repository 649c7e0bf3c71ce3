// The weights file cannot be written: an error, and no module either.
// RUN: rm -f %t.py
// RUN: not snn-translate --emit-nengo %s -o %t.py --nengo-weights=%t.missing/dir/w.npz 2>&1 | FileCheck %s
// RUN: not test -e %t.py
// CHECK: error: cannot write the weights file '{{.*}}.missing/dir/w.npz': {{.+}}

func.func @f(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %0 = snn.if %x : tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
