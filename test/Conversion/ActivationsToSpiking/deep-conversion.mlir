// The deep-network levers of --convert-activations-to-spiking
// (docs/CONVERSION.md): the conversion-grade IF (if-integration=signed,
// initial-voltage) and max-pool; their errors; and what the emitters and the
// time-stepping pass make of snn.if's initial_voltage.
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking | FileCheck %s --check-prefix=DEFAULT
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="if-integration=rectified initial-voltage=0" | FileCheck %s --check-prefix=RECTIFIED
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="if-integration=rectified" | FileCheck %s --check-prefix=RECTIFIED-V0
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking="if-integration=signed initial-voltage=0.5" | FileCheck %s --check-prefix=SIGNED
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif if-integration=signed" 2>&1 | FileCheck %s --check-prefix=ERR-LIF
// RUN: not snn-opt %s --convert-activations-to-spiking="if-integration=both" 2>&1 | FileCheck %s --check-prefix=ERR-INT
// RUN: not snn-opt %s --convert-activations-to-spiking="initial-voltage=1" 2>&1 | FileCheck %s --check-prefix=ERR-V0
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif initial-voltage=0.5" 2>&1 | FileCheck %s --check-prefix=ERR-V0LIF
// RUN: not snn-opt %s --convert-activations-to-spiking="max-pool=sideways" 2>&1 | FileCheck %s --check-prefix=ERR-POOL
// Emitters and time stepping of the conversion-grade IF (the default):
// RUN: snn-opt %s --split-input-file --convert-activations-to-spiking -o %t.mlir
// RUN: snn-translate --emit-nengo %t.mlir -o %t.py --nengo-weights=%t.npz
// RUN: FileCheck %s --check-prefix=NENGO --input-file=%t.py
// RUN: snn-translate --emit-onnx-snn %t.mlir -o %t.onnx
// RUN: %python %S/../../Target/ONNXSNN/Inputs/print_onnx.py %t.onnx | FileCheck %s --check-prefix=ONNXSNN
// REQUIRES: python-onnx, numpy
// RUN: not snn-translate --emit-nir %t.mlir 2>&1 | FileCheck %s --check-prefix=NIR
// RUN: snn-opt %t.mlir --snn-materialize-time | FileCheck %s --check-prefix=TIME
// RUN: snn-opt %t.mlir --snn-materialize-time=state=external | FileCheck %s --check-prefix=EXTERNAL

// The defaults are the conversion-grade IF (docs/MNIST.md measures it);
// Nengo's SpikingRectifiedLinear from 0, the defaults before issue 11, is
// if-integration=rectified initial-voltage=0 (a plain snn.if).
// DEFAULT-LABEL: func.func @relu
// DEFAULT: snn.if %{{[^ ]*}} {initial_voltage = 5.000000e-01 : f64, rectify = false} : tensor<1x8xf32>
// RECTIFIED-LABEL: func.func @relu
// RECTIFIED: snn.if %{{[^ ]*}} : tensor<1x8xf32>
// RECTIFIED-V0-LABEL: func.func @relu
// RECTIFIED-V0: snn.if %{{[^ ]*}} {initial_voltage = 5.000000e-01 : f64} : tensor<1x8xf32>
// SIGNED-LABEL: func.func @relu
// SIGNED: snn.if %{{.*}} {initial_voltage = 5.000000e-01 : f64, rectify = false} : tensor<1x8xf32>
// ERR-LIF: error: convert-activations-to-spiking: option 'if-integration' does not apply to neuron 'lif'
// ERR-INT: error: convert-activations-to-spiking: unknown if-integration 'both' (expected signed or rectified)
// ERR-V0: error: convert-activations-to-spiking: option 'initial-voltage' must be in [0, 1), got 1
// ERR-V0LIF: error: convert-activations-to-spiking: option 'initial-voltage' does not apply to neuron 'lif'
// ERR-POOL: error: convert-activations-to-spiking: unknown max-pool 'sideways' (expected after-neuron, before-neuron or count)
// NENGO: _SNNIF(amplitude=1.0, rectify=False, reset="subtract", initial_state={"voltage": nengo.dists.Choice([0.5])})
// ONNXSNN: ai.onnx.snn::IF({{.*}}initial_voltage=0.5 rectify=0 reset=subtract}
// NIR: error: {{.*}}'snn.if' op cannot be written to NIR exactly: {{.*}}
// TIME: arith.constant dense<5.000000e-01> : tensor<1x8xf32>
// TIME: snn.if_step
// TIME-NOT: initial_voltage
// With state=external the voltage argument carries its starting value (the
// C header's create and reset set it).
// EXTERNAL: func.func @relu(%{{.+}}: tensor<1x8xf32>, %{{.+}}: tensor<1x8xf32> {snn.initial_value = 5.000000e-01 : f64, snn.state = "{{.+}}/voltage"}, %{{.+}}: i64, %{{.+}}: f32)
func.func @relu(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}
