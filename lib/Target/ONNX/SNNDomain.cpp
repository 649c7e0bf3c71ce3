//===- SNNDomain.cpp - import of the ai.onnx.snn domain ---------*- C++ -*-===//
//
// Part of snn-mlir.
//
// The nodes of the ONNX-SNN domain (docs/ONNX-SNN.md) become snn ops: one
// handler serves every op_type of the domain through the operator table
// shared with the exporter (lib/Target/ONNXSNN/ONNXSNNOps.h). Attributes are
// FLOAT (missing ones take the dialect's defaults); a parameter whose f64
// value a float cannot carry comes with a DOUBLE scalar "<name>_f64". Like
// the importer's elementwise handlers, a node applies to the NHWC twin of its
// input when there is one. The SimulationSettings stored in metadata_props
// become the module attribute `snn.simulation`.
//
//===----------------------------------------------------------------------===//

#include "../ONNXSNN/ONNXSNNOps.h"
#include "ONNXImporter.h"
#include "SNN/Dialect/SNN/SNNDialect.h"
#include "SNN/Target/EmitONNXSNN.h"
#include "llvm/ADT/StringSet.h"

#include "onnx_snn.pb.h"
#include <google/protobuf/text_format.h>

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::onnx_import;

/// Reads parameter `p`: the FLOAT attribute (its shortest decimal as a
/// double) or the default, refined by the exact "<name>_f64" when present.
static FailureOr<double> readParam(ONNXImporter &imp,
                                   const onnx_snn::ParamInfo &p) {
  double value = p.defaultValue;
  if (const onnx::AttributeProto *attr = imp.findAttr(p.name)) {
    if (attr->type() != onnx::AttributeProto::FLOAT)
      return imp.nodeError() << "attribute '" << p.name << "' must be a float";
    value = onnx_snn::floatToDouble(attr->f());
  }
  std::string exactName = std::string(p.name) + onnx_snn::kExactSuffix;
  if (const onnx::AttributeProto *exact = imp.findAttr(exactName)) {
    const onnx::TensorProto &t = exact->t();
    if (exact->type() != onnx::AttributeProto::TENSOR ||
        t.data_type() != onnx::TensorProto::DOUBLE || t.dims_size() != 0 ||
        t.double_data_size() != 1)
      return imp.nodeError() << "attribute '" << exactName
                             << "' must be a scalar double tensor";
    const onnx::AttributeProto *attr = imp.findAttr(p.name);
    if (!attr || float(t.double_data(0)) != attr->f())
      return imp.nodeError() << "attribute '" << exactName
                             << "' does not match attribute '" << p.name << "'";
    value = t.double_data(0);
  }
  if (!onnx_snn::satisfies(value, p.bound))
    return imp.nodeError() << "invalid attribute value " << p.name << " = "
                           << onnx_snn::formatDouble(value) << " (must be "
                           << onnx_snn::describe(p.bound) << ")";
  return value;
}

/// Reads the non-float attribute `e` into `attrs` (unless it is absent and
/// has a default, which stays implicit).
static LogicalResult readExtra(ONNXImporter &imp, const onnx_snn::ExtraInfo &e,
                               SmallVectorImpl<NamedAttribute> &attrs) {
  OpBuilder &builder = imp.getBuilder();
  const onnx::AttributeProto *attr = imp.findAttr(e.name);
  if (!attr) {
    if (e.hasDefault)
      return success();
    return imp.nodeError() << "missing attribute '" << e.name << "'";
  }
  if (e.kind == onnx_snn::ExtraKind::Choice) {
    if (attr->type() != onnx::AttributeProto::STRING)
      return imp.nodeError() << "attribute '" << e.name << "' must be a string";
    StringRef value = attr->s();
    if (!llvm::is_contained(e.choices, value)) {
      InFlightDiagnostic diag = imp.nodeError();
      diag << "invalid attribute value " << e.name << " = \"" << value
           << "\" (must be";
      for (auto [i, choice] : llvm::enumerate(e.choices))
        diag << (i ? " or" : "") << " \"" << choice << "\"";
      return diag << ")";
    }
    if (value != e.defaultString)
      attrs.push_back(
          builder.getNamedAttr(e.name, builder.getStringAttr(value)));
    return success();
  }
  if (attr->type() != onnx::AttributeProto::INT)
    return imp.nodeError() << "attribute '" << e.name << "' must be an int";
  int64_t value = attr->i();
  if (e.kind == onnx_snn::ExtraKind::Bool) {
    if (value != 0 && value != 1)
      return imp.nodeError() << "invalid attribute value " << e.name << " = "
                             << value << " (must be 0 or 1)";
    if (value != e.defaultInt)
      attrs.push_back(
          builder.getNamedAttr(e.name, builder.getBoolAttr(value != 0)));
    return success();
  }
  if (value < 1)
    return imp.nodeError() << "invalid attribute value " << e.name << " = "
                           << value << " (must be >= 1)";
  attrs.push_back(
      builder.getNamedAttr(e.name, builder.getI64IntegerAttr(value)));
  return success();
}

LogicalResult mlir::snn::onnx_import::importSNNDomainNode(ONNXImporter &imp) {
  const onnx::NodeProto &node = imp.getNode();
  const onnx_snn::OpInfo *info = onnx_snn::lookupByOpType(node.op_type());
  if (!info)
    return imp.nodeError() << "unknown operator of the " << kONNXSNNDomain
                           << " domain (known: LIF, IF, Izhikevich, LIFRate, "
                              "SoftLIFRate, Lowpass, Delay)";
  if (imp.getOpset() != kONNXSNNDomainVersion)
    return imp.nodeError() << "unsupported version " << imp.getOpset()
                           << " of the " << kONNXSNNDomain
                           << " domain (supported: " << kONNXSNNDomainVersion
                           << ")";
  if (imp.getNumInputs() != 1 || !imp.hasInput(0))
    return imp.nodeError() << "expects exactly one input, got "
                           << imp.getNumInputs();
  if (node.output_size() != 1 || !imp.hasOutput(0))
    return imp.nodeError() << "expects exactly one output, got "
                           << node.output_size();
  llvm::StringSet<> known;
  for (const onnx_snn::ParamInfo &p : info->params) {
    known.insert(p.name);
    known.insert(std::string(p.name) + onnx_snn::kExactSuffix);
  }
  for (const onnx_snn::ExtraInfo &e : info->extras)
    known.insert(e.name);
  for (const onnx::AttributeProto &attr : node.attribute())
    if (!known.contains(attr.name()))
      return imp.nodeError() << "unknown attribute '" << attr.name() << "'";

  OpBuilder &builder = imp.getBuilder();
  SmallVector<NamedAttribute> attrs;
  for (const onnx_snn::ParamInfo &p : info->params) {
    FailureOr<double> value = readParam(imp, p);
    if (failed(value))
      return failure();
    // Default values stay implicit, as the dialect prints them.
    if (*value != p.defaultValue)
      attrs.push_back(
          builder.getNamedAttr(p.name, builder.getF64FloatAttr(*value)));
  }
  for (const onnx_snn::ExtraInfo &e : info->extras)
    if (failed(readExtra(imp, e, attrs)))
      return failure();
  FailureOr<Value> x = imp.getInput(0);
  if (failed(x))
    return failure();
  auto type = dyn_cast<RankedTensorType>(x->getType());
  if (!type || !isa<FloatType>(type.getElementType()))
    return imp.nodeError() << "unsupported input type " << x->getType()
                           << " (expected a floating-point tensor)";
  imp.getContext()->getOrLoadDialect<SNNDialect>();
  auto build = [&](Value v) -> Value {
    OperationState state(imp.getLoc(), info->opName);
    state.addOperands(v);
    state.addTypes(v.getType());
    state.addAttributes(attrs);
    return builder.create(state)->getResult(0);
  };
  if (!imp.hasNHWC(*x))
    return imp.setOutput(0, build(*x));
  return imp.setOutput(0, imp.fromNHWC(build(imp.getNHWC(*x))));
}

LogicalResult mlir::snn::onnx_import::importSNNSimulationSettings(
    const onnx::ModelProto &model, ModuleOp module) {
  for (const onnx::StringStringEntryProto &entry : model.metadata_props()) {
    if (entry.key() != kONNXSNNSettingsKey)
      continue;
    ::snn::onnx_snn::SimulationSettings settings;
    if (!google::protobuf::TextFormat::ParseFromString(entry.value(),
                                                       &settings))
      return emitError(module.getLoc())
             << "invalid metadata '" << kONNXSNNSettingsKey
             << "': not a SimulationSettings message in protobuf text format";
    if (settings.has_dt() && !(settings.dt() > 0))
      return emitError(module.getLoc())
             << "invalid metadata '" << kONNXSNNSettingsKey
             << "': dt must be positive, got " << settings.dt();
    if (settings.has_steps() && settings.steps() < 1)
      return emitError(module.getLoc())
             << "invalid metadata '" << kONNXSNNSettingsKey
             << "': steps must be positive, got " << settings.steps();
    // Kept as one line of text format: readable in the IR, and what the
    // exporter reads back.
    std::string text;
    google::protobuf::TextFormat::Printer printer;
    printer.SetSingleLineMode(true);
    printer.PrintToString(settings, &text);
    module->setAttr(
        kSimulationSettingsAttr,
        StringAttr::get(module.getContext(), StringRef(text).rtrim()));
  }
  return success();
}
