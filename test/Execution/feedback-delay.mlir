// A recurrent connection through snn.feedback_delay / snn.feedback_input,
// run natively: s(t) = x + 0.5 * s(t - 2), with s = 0 before the first step,
// so each value holds for two steps and approaches 2x.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[1, 2, 0, -1]], np.float32))"
// RUN: snn-run %s --input %t/x.npy --steps 8 --decode trace --trace-steps 8 --output %t/out.npy --quiet --no-progress
// RUN: %python -c "import numpy as np; [print(' '.join('%%g' %% v for v in row)) for row in np.load('%t/out.npy')[0]]" | FileCheck %s
// CHECK:      1 2 0 -1
// CHECK-NEXT: 1 2 0 -1
// CHECK-NEXT: 1.5 3 0 -1.5
// CHECK-NEXT: 1.5 3 0 -1.5
// CHECK-NEXT: 1.75 3.5 0 -1.75
// CHECK-NEXT: 1.75 3.5 0 -1.75
// CHECK-NEXT: 1.875 3.75 0 -1.875
// CHECK-NEXT: 1.875 3.75 0 -1.875
// CHECK-EMPTY:
func.func @rec(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %fb = snn.feedback_delay {steps = 2 : i64} : tensor<1x4xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x4xf32>}> : () -> tensor<1x4xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %r = tosa.mul %fb, %w, %shift : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1xi8>) -> tensor<1x4xf32>
  %s = tosa.add %x, %r : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  snn.feedback_input %fb, %s : tensor<1x4xf32>
  return %s : tensor<1x4xf32>
}
