// Invalid options of --convert-activations-to-spiking and
// --convert-activations-to-lif are errors (reported on the module), not
// crashes.
// RUN: not snn-opt %s --convert-activations-to-spiking=neuron=foo 2>&1 | FileCheck %s --check-prefix=NEURON
// RUN: not snn-opt %s --convert-activations-to-spiking=activations=relu,gelu 2>&1 | FileCheck %s --check-prefix=ACT
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif tau-rc=0" 2>&1 | FileCheck %s --check-prefix=TAURC
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif tau-ref=-0.001" 2>&1 | FileCheck %s --check-prefix=TAUREF
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif min-voltage=0.5" 2>&1 | FileCheck %s --check-prefix=MINV
// RUN: not snn-opt %s --convert-activations-to-spiking=amplitude=0 2>&1 | FileCheck %s --check-prefix=AMP
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif max-rate=600" 2>&1 | FileCheck %s --check-prefix=MAXRATE
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif-rate tau-ref=0.01 max-rate=100" 2>&1 | FileCheck %s --check-prefix=MAXRATE2
// RUN: not snn-opt %s --convert-activations-to-spiking=max-rate=0 2>&1 | FileCheck %s --check-prefix=MAXRATE0
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif intercept=1" 2>&1 | FileCheck %s --check-prefix=INTERCEPT
// RUN: not snn-opt %s --convert-activations-to-spiking=gain=2 2>&1 | FileCheck %s --check-prefix=GAINONLY
// RUN: not snn-opt %s --convert-activations-to-spiking="gain=2 bias=1 max-rate=50" 2>&1 | FileCheck %s --check-prefix=BOTH
// RUN: not snn-opt %s --convert-activations-to-spiking="gain=inf bias=0" 2>&1 | FileCheck %s --check-prefix=FINITE
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=if tau-rc=0.05" 2>&1 | FileCheck %s --check-prefix=NOTIF
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif sigma=0.5" 2>&1 | FileCheck %s --check-prefix=NOTLIF
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=lif-rate min-voltage=-1" 2>&1 | FileCheck %s --check-prefix=NOTLIFRATE
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=izhikevich max-rate=100" 2>&1 | FileCheck %s --check-prefix=NOTIZH
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=izhikevich amplitude=0.5" 2>&1 | FileCheck %s --check-prefix=NOTIZHAMP
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=if reset-voltage=-50" 2>&1 | FileCheck %s --check-prefix=NOTIZHPARAM
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=izhikevich scale-firing-rates=2" 2>&1 | FileCheck %s --check-prefix=IZHSCALE
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=izhikevich tau-recovery=0" 2>&1 | FileCheck %s --check-prefix=TAUREC
// RUN: not snn-opt %s --convert-activations-to-spiking="neuron=soft-lif-rate sigma=-1" 2>&1 | FileCheck %s --check-prefix=SIGMA
// RUN: not snn-opt %s --convert-activations-to-spiking=scale-firing-rates=0 2>&1 | FileCheck %s --check-prefix=SCALE
// RUN: not snn-opt %s --convert-activations-to-spiking=synapse=-1 2>&1 | FileCheck %s --check-prefix=SYNAPSE
// RUN: not snn-opt %s --convert-activations-to-spiking=tau-rc=abc 2>&1 | FileCheck %s --check-prefix=PARSE
// RUN: not snn-opt %s --convert-activations-to-lif=tau-rc=-1 2>&1 | FileCheck %s --check-prefix=LIFTAURC
// RUN: not snn-opt %s --convert-activations-to-lif="gain=1 bias=0 intercept=0.5" 2>&1 | FileCheck %s --check-prefix=LIFBOTH
// RUN: not snn-opt %s --convert-activations-to-lif=max-rate=1000 2>&1 | FileCheck %s --check-prefix=LIFMAXRATE
// RUN: not snn-opt %s --convert-activations-to-lif=activations=softmax 2>&1 | FileCheck %s --check-prefix=LIFACT

// NEURON: error: convert-activations-to-spiking: unknown neuron 'foo' (expected if, lif, lif-rate, soft-lif-rate or izhikevich)
// ACT: error: convert-activations-to-spiking: unknown activation 'gelu' (expected relu, sigmoid, tanh, leaky-relu or clip)
// TAURC: error: convert-activations-to-spiking: option 'tau-rc' must be > 0, got 0
// TAUREF: error: convert-activations-to-spiking: option 'tau-ref' must be >= 0, got -0.001
// MINV: error: convert-activations-to-spiking: option 'min-voltage' must be <= 0, got 0.5
// AMP: error: convert-activations-to-spiking: option 'amplitude' must be > 0, got 0
// MAXRATE: error: convert-activations-to-spiking: option 'max-rate' must be below 1 / tau-ref = 500 Hz, got 600
// MAXRATE2: error: convert-activations-to-spiking: option 'max-rate' must be below 1 / tau-ref = 100 Hz, got 100
// MAXRATE0: error: convert-activations-to-spiking: option 'max-rate' must be > 0, got 0
// INTERCEPT: error: convert-activations-to-spiking: option 'intercept' must be < 1, got 1
// GAINONLY: error: convert-activations-to-spiking: options 'gain' and 'bias' must be given together
// BOTH: error: convert-activations-to-spiking: give either 'gain' and 'bias' or 'max-rate' and 'intercept', not both
// FINITE: error: convert-activations-to-spiking: option 'gain' must be finite, got inf
// NOTIF: error: convert-activations-to-spiking: option 'tau-rc' does not apply to neuron 'if'
// NOTLIF: error: convert-activations-to-spiking: option 'sigma' does not apply to neuron 'lif'
// NOTLIFRATE: error: convert-activations-to-spiking: option 'min-voltage' does not apply to neuron 'lif-rate'
// NOTIZH: error: convert-activations-to-spiking: option 'max-rate' does not apply to neuron 'izhikevich'
// NOTIZHAMP: error: convert-activations-to-spiking: option 'amplitude' does not apply to neuron 'izhikevich'
// NOTIZHPARAM: error: convert-activations-to-spiking: option 'reset-voltage' does not apply to neuron 'if'
// IZHSCALE: error: convert-activations-to-spiking: option 'scale-firing-rates' needs a neuron with an amplitude, and 'izhikevich' has none
// TAUREC: error: convert-activations-to-spiking: option 'tau-recovery' must be > 0, got 0
// SIGMA: error: convert-activations-to-spiking: option 'sigma' must be > 0, got -1
// SCALE: error: convert-activations-to-spiking: option 'scale-firing-rates' must be > 0, got 0
// SYNAPSE: error: convert-activations-to-spiking: option 'synapse' must be >= 0, got -1
// PARSE: 'abc' value invalid for floating point argument
// LIFTAURC: error: convert-activations-to-lif: option 'tau-rc' must be > 0, got -1
// LIFBOTH: error: convert-activations-to-lif: give either 'gain' and 'bias' or 'max-rate' and 'intercept', not both
// LIFMAXRATE: error: convert-activations-to-lif: option 'max-rate' must be below 1 / tau-ref = 500 Hz, got 1000
// LIFACT: error: convert-activations-to-lif: unknown activation 'softmax'
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
