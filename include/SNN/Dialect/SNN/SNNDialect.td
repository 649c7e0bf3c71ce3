//===- SNNDialect.td - the snn dialect ---------------------*- tablegen -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_DIALECT_SNN_SNNDIALECT_TD
#define SNN_DIALECT_SNN_SNNDIALECT_TD

include "mlir/IR/OpBase.td"

def SNN_Dialect : Dialect {
  let name = "snn";
  let cppNamespace = "::mlir::snn";
  let summary = "Spiking neural networks: neuron, rate and synapse models";
  let description = [{
    The `snn` dialect describes spiking neural networks in the form Nengo
    simulates them. Its ops act on whole tensors: one op is a population of
    neurons, one neuron per tensor element.

    The dialect has two forms of every stateful model:

    * **Population form** (`snn.lif`, `snn.if`, `snn.izhikevich`,
      `snn.lowpass`): the state is implicit. `%s = snn.lif %x` means "a
      population driven by the current `gain * %x + bias` at every time step,
      producing its output at every time step". This is the form the ONNX
      importer, the activation conversions and the Nengo and ONNX-SNN
      emitters use.
    * **Step form** (`snn.lif_step`, `snn.if_step`, `snn.izhikevich_step`,
      `snn.lowpass_step`): a pure function that advances the state by one time
      step `dt`. It takes the state as operands and returns the new state as
      results, so that a time loop (`scf.for` with `iter_args`) can thread it.
      Step ops are element-wise mappable: they apply to scalars, vectors and
      ranked tensors alike, and a tensor step op is the scalar step op applied
      to every element.

    The rate models (`snn.lif_rate`, `snn.soft_lif_rate`) have no state and
    serve both levels. The delays (`snn.delay`, `snn.feedback_delay`) and
    `snn.count_max_pool2d` (max pooling of spike counts) have implicit state
    too but no step op: `--snn-materialize-time` keeps their state in the
    time loop itself.

    The equations are Nengo's (`nengo.LIF`, `nengo.SpikingRectifiedLinear`,
    `nengo.Izhikevich`, `nengo.LIFRate`, `nengo_dl.SoftLIFRate`,
    `nengo.Lowpass`), given in each op's description. Every neuron op receives
    the input `x` and computes its current as Nengo's ensembles do:
    `J = gain * x + bias`. Spiking outputs are `amplitude / dt` on a spike
    step and 0 otherwise, so that a spike train's time average is
    `amplitude * rate`.

    Parameters are `f64` attributes with Nengo's defaults; an attribute equal
    to its default is not printed. Outputs and state are ordinary float
    tensors (no custom types), so that linear layers of other dialects consume
    spike tensors directly.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let hasConstantMaterializer = 1;
}

#endif // SNN_DIALECT_SNN_SNNDIALECT_TD
