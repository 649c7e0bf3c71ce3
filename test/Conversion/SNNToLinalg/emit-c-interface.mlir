// RUN: snn-opt %s --snn-emit-c-interface | FileCheck %s

// CHECK-LABEL: func.func @entry
// CHECK-SAME: attributes {llvm.emit_c_interface}
func.func @entry(%x: f32) -> f32 {
  return %x : f32
}

// Private functions and declarations are left alone.
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: llvm.emit_c_interface
func.func private @helper(%x: f32) -> f32 {
  return %x : f32
}

// CHECK-LABEL: func.func private @external
// CHECK-NOT: llvm.emit_c_interface
func.func private @external(f32) -> f32
