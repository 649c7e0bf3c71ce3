// The NIR forms of the neurons in the Nengo emitter: an snn.if without
// rectification or with reset to zero becomes the runtime's _SNNIF (a
// nengo.SpikingRectifiedLinear subclass with those equations, emitted only
// when used); the default snn.if stays nengo.SpikingRectifiedLinear; an
// snn.lif without a voltage floor gets min_voltage=-inf.
//
// RUN: snn-translate --emit-nengo %s -o %t.py --nengo-weights=%t.npz
// RUN: FileCheck %s --input-file=%t.py
// RUN: %python -m py_compile %t.py

// CHECK: class _SNNIF(nengo.SpikingRectifiedLinear):
// CHECK: rectify = nengo.params.BoolParam("rectify")
// CHECK: reset = nengo.params.EnumParam("reset", values=("subtract", "zero"))
// CHECK: def step(self, dt, J, output, voltage):
// CHECK-NEXT: voltage += (np.maximum(J, 0) if self.rectify else J) * dt
// CHECK: # nir: snn.if, 4 neurons (1x4)
// CHECK: neuron_type=_SNNIF(amplitude=0.5, rectify=False, reset="zero", initial_state={"voltage": nengo.dists.Choice([0])}),
// CHECK: # norect: snn.if, 4 neurons (1x4)
// CHECK: neuron_type=_SNNIF(amplitude=1.0, rectify=False, reset="subtract", initial_state={"voltage": nengo.dists.Choice([0])}),
// CHECK: # plain: snn.if, 4 neurons (1x4)
// CHECK: neuron_type=nengo.SpikingRectifiedLinear(amplitude=1.0, initial_state={"voltage": nengo.dists.Choice([0])}),
// CHECK: # nofloor: snn.lif, 4 neurons (1x4)
// CHECK: neuron_type=nengo.LIF(tau_rc=0.02, tau_ref=0.002, min_voltage=-float("inf"), amplitude=1.0,
func.func @net(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = snn.if %x {amplitude = 0.5 : f64, rectify = false, reset = "zero"} : tensor<1x4xf32> loc("nir")
  %1 = snn.if %0 {rectify = false} : tensor<1x4xf32> loc("norect")
  %2 = snn.if %1 : tensor<1x4xf32> loc("plain")
  %3 = snn.lif %2 {min_voltage = 0xFFF0000000000000 : f64} : tensor<1x4xf32> loc("nofloor")
  return %3 : tensor<1x4xf32>
}
