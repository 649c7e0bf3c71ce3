//===- SNNInterfaces.td - snn op interfaces ----------------*- tablegen -*-===//
//
// Part of snn-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_DIALECT_SNN_SNNINTERFACES_TD
#define SNN_DIALECT_SNN_SNNINTERFACES_TD

include "mlir/IR/OpBase.td"

def SNN_NeuronOpInterface : OpInterface<"NeuronOpInterface"> {
  let cppNamespace = "::mlir::snn";
  let description = [{
    Implemented by every neuron op of the `snn` dialect, in population and in
    step form, spiking or rate. It gives passes and emitters a uniform view of
    a neuron population: its input, the affine map `J = gain * x + bias` from
    input to current, its output amplitude, whether it spikes, and the names
    of its state variables (empty for rate models).
  }];

  let methods = [
    InterfaceMethod<"Returns the input `x` of the population (before gain "
                    "and bias).",
      "::mlir::Value", "getInput">,
    InterfaceMethod<"Returns the gain of `J = gain * x + bias`.",
      "double", "getGainValue", (ins), [{}],
      [{ return $_op.getGain().convertToDouble(); }]>,
    InterfaceMethod<"Returns the bias of `J = gain * x + bias`.",
      "double", "getBiasValue", (ins), [{}],
      [{ return $_op.getBias().convertToDouble(); }]>,
    InterfaceMethod<"Returns the amplitude that scales the output (1 for "
                    "models without one).",
      "double", "getAmplitudeValue">,
    InterfaceMethod<"Returns true if the model emits spikes (outputs "
                    "`amplitude / dt` or 0), false for rate models.",
      "bool", "isSpiking">,
    InterfaceMethod<"Returns the names of the model's state variables, in "
                    "the order of the step form's state operands.",
      "::llvm::SmallVector<::llvm::StringRef>", "getStateNames">,
  ];
}

#endif // SNN_DIALECT_SNN_SNNINTERFACES_TD
