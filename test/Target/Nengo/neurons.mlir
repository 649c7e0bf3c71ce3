// Each neuron op becomes one nengo.Ensemble of its neuron type, connected
// through `.neurons`, with the op's gain and bias and a zero initial state;
// the activations left non-spiking become Nengo's rate types.
//
// RUN: snn-translate --emit-nengo %s -o %t.py --nengo-weights=%t.npz
// RUN: FileCheck %s --input-file=%t.py
// RUN: %python -m py_compile %t.py
// RUN: %python %S/Inputs/check_npz.py %t.npz %s

// CHECK: import numpy as np
// CHECK-EMPTY:
// CHECK-NEXT: try:
// CHECK-NEXT: import nengo_dl
// CHECK: # The model has no parameters: weights_path is not read.
// CHECK: # lif: snn.lif, 4 neurons (1x4)
// CHECK: neuron_type=nengo.LIF(tau_rc=0.02, tau_ref=0.002, min_voltage=0.0, amplitude=1.0, initial_state={"voltage": nengo.dists.Choice([0]), "refractory_time": nengo.dists.Choice([0])}),
// CHECK-NEXT: gain=nengo.dists.Choice([2.0332303384]),
// CHECK-NEXT: bias=nengo.dists.Choice([1.0]),
// CHECK: nengo.Connection(x, lif.neurons, synapse=None)
// CHECK: # if: snn.if, 4 neurons (1x4)
// CHECK: neuron_type=nengo.SpikingRectifiedLinear(amplitude=0.25, initial_state={"voltage": nengo.dists.Choice([0])}),
// CHECK-NEXT: gain=nengo.dists.Choice([4.0]),
// CHECK-NEXT: bias=nengo.dists.Choice([-0.5]),
// CHECK: nengo.Connection(lif.neurons, if_.neurons, synapse=None)
// CHECK: # izh: snn.izhikevich, 4 neurons (1x4)
// CHECK: neuron_type=nengo.Izhikevich(tau_recovery=0.1, coupling=0.25, reset_voltage=-55.0, reset_recovery=4.0, initial_state={"voltage": nengo.dists.Choice([0]), "recovery": nengo.dists.Choice([0])}),
// CHECK: nengo.Connection(if_.neurons, izh.neurons, transform=0.5, synapse=None)
// CHECK: # lif_rate: snn.lif_rate, 4 neurons (1x4)
// CHECK: neuron_type=nengo.LIFRate(tau_rc=0.05, tau_ref=0.001, amplitude=0.01),
// CHECK: # soft: snn.soft_lif_rate, 4 neurons (1x4)
// CHECK: neuron_type=nengo_dl.SoftLIFRate(sigma=0.02, tau_rc=0.02, tau_ref=0.002, amplitude=0.01),
// CHECK: # syn: snn.lowpass, tau = 0.005 s: y[t] = a y[t-1] + (1 - a) u[t], a = np.exp(-dt / 0.005)
// CHECK-NEXT: syn = nengo.Node(size_in=4, label="syn")
// CHECK-NEXT: nengo.Connection(soft.neurons, syn, transform=-np.expm1(-dt / 0.005), synapse=None)
// CHECK-NEXT: nengo.Connection(syn, syn, transform=np.exp(-dt / 0.005), synapse=_ONE_STEP_DELAY)
// CHECK: # relu: ReLU (non-spiking), 4 neurons (1x4)
// CHECK: neuron_type=nengo.RectifiedLinear(),
// CHECK: nengo.Connection(syn, relu.neurons, synapse=None)
// CHECK: # sig: sigmoid (non-spiking), 4 neurons (1x4)
// CHECK: neuron_type=nengo.Sigmoid(tau_ref=1.0),
// CHECK: # tanh: tanh (non-spiking), 4 neurons (1x4)
// CHECK: neuron_type=nengo.Tanh(tau_ref=1.0),
// A returned population is probed directly.
// CHECK: # Output 0 'y' (1x4)
// CHECK-NEXT: y_probe = nengo.Probe(tanh.neurons, synapse=None, label="y")

func.func @neurons(%x: tensor<1x4xf32> {onnx.name = "x"}) -> (tensor<1x4xf32> {onnx.name = "y"}) {
  %0 = snn.lif %x {gain = 2.0332303384 : f64, bias = 1.0 : f64} : tensor<1x4xf32> loc("lif")
  %1 = snn.if %0 {amplitude = 0.25 : f64, gain = 4.0 : f64, bias = -0.5 : f64} : tensor<1x4xf32> loc("if")
  %h = "tosa.const"() <{values = dense<0.5> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %sh = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %2 = tosa.mul %1, %h, %sh : (tensor<1x4xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<1x4xf32> loc("half")
  %3 = snn.izhikevich %2 {tau_recovery = 0.1 : f64, coupling = 0.25 : f64, reset_voltage = -55.0 : f64, reset_recovery = 4.0 : f64} : tensor<1x4xf32> loc("izh")
  %4 = snn.lif_rate %3 {tau_rc = 0.05 : f64, tau_ref = 0.001 : f64, amplitude = 0.01 : f64} : tensor<1x4xf32> loc("lif_rate")
  %5 = snn.soft_lif_rate %4 {sigma = 0.02 : f64, amplitude = 0.01 : f64} : tensor<1x4xf32> loc("soft")
  %6 = snn.lowpass %5 : tensor<1x4xf32> loc("syn")
  %7 = tosa.clamp %6 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32> loc("relu")
  %8 = tosa.sigmoid %7 : (tensor<1x4xf32>) -> tensor<1x4xf32> loc("sig")
  %9 = tosa.tanh %8 : (tensor<1x4xf32>) -> tensor<1x4xf32> loc("tanh")
  return %9 : tensor<1x4xf32>
}
