// Names and strings from the ONNX model never reach the generated code
// unescaped: hostile node, input, output and initializer names become plain
// identifiers, escaped string literals and one-line comments.
//
// RUN: snn-translate --emit-nengo %s -o %t.py --nengo-weights=%t.npz
// RUN: FileCheck %s --input-file=%t.py
// RUN: %python -m py_compile %t.py
// RUN: %python %S/Inputs/check_injection.py %t.py
// RUN: %python %S/Inputs/check_npz.py %t.npz %s

// CHECK: # Model: injection.mlir, function evil\n"""
// CHECK: with nengo.Network(label="evil\n\"\"\"") as net:
// CHECK-NEXT: # Input 0 '"); __import__("os").system("echo pwned") #\nimport os' (1x2)
// CHECK-NEXT: import_os_system_echo_pwned_import_os = nengo.Node(
// CHECK: label="\"); __import__(\"os\").system(\"echo pwned\") #\nimport os",
// CHECK: # '''"""\\r\nexec(input())\u2028 x: snn.if, 2 neurons (1x2)
// CHECK-NEXT: exec_input_x = nengo.Ensemble(
// CHECK: label="'''\"\"\"\\\r\nexec(input())\u2028 x",
// Keywords, builtins and the module's own names are not shadowed, and
// names never start with a digit or an underscore.
// CHECK: # class: snn.if
// CHECK-NEXT: class_ = nengo.Ensemble(
// CHECK: # np: snn.if
// CHECK-NEXT: np_ = nengo.Ensemble(
// CHECK: # 2fast: snn.if
// CHECK-NEXT: ens_2fast = nengo.Ensemble(
// CHECK: # __init__: snn.if
// CHECK-NEXT: init = nengo.Ensemble(
// CHECK: # class: snn.if
// CHECK-NEXT: class_2 = nengo.Ensemble(
// CHECK: # Output 0 'x\ny = 1' (1x2)
// CHECK-NEXT: x_y_1 = nengo.Node(size_in=2, label="x\ny = 1")
// CHECK-NEXT: # \n"""\nimport os: dense, 2 -> 2
// CHECK: init=np.reshape(np.reshape(w["os_system_rm_rf_w"], (1, 2, 2)), (2, 2)).T),
// CHECK: x_y_1_probe = nengo.Probe(x_y_1, synapse=None, label="x\ny = 1")

func.func @"evil\0A\22\22\22"(%arg0: tensor<1x2xf32> {onnx.name = "\"); __import__(\"os\").system(\"echo pwned\") #\nimport os"}) -> (tensor<1x2xf32> {onnx.name = "x\ny = 1"}) {
  %0 = snn.if %arg0 : tensor<1x2xf32> loc("'''\"\"\"\\\0D\nexec(input())\E2\80\A8 x")
  %1 = snn.if %0 : tensor<1x2xf32> loc("class")
  %2 = snn.if %1 : tensor<1x2xf32> loc("np")
  %3 = snn.if %2 : tensor<1x2xf32> loc("2fast")
  %4 = snn.if %3 : tensor<1x2xf32> loc("__init__")
  %5 = snn.if %4 : tensor<1x2xf32> loc("class")
  %w = "tosa.const"() <{values = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32> loc("\"]; os.system('rm -rf /'); w[\"")
  %s = tosa.const_shape {values = dense<[1, 1, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %5, %s : (tensor<1x2xf32>, !tosa.shape<3>) -> tensor<1x1x2xf32>
  %w3s = tosa.const_shape {values = dense<[1, 2, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %w3 = tosa.reshape %w, %w3s : (tensor<2x2xf32>, !tosa.shape<3>) -> tensor<1x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %x3, %w3, %zp, %zp : (tensor<1x1x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2xf32> loc("\n\"\"\"\nimport os")
  %s2 = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %m, %s2 : (tensor<1x1x2xf32>, !tosa.shape<2>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
} loc("\"\"\"\nimport os")
