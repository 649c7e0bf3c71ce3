# -*- Python -*-
# lit configuration of the snn-mlir regression suite (check-snn).

import os
import subprocess

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "SNN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".textproto", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "README.txt", "lit.cfg.py"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.snn_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%snn_src_root", config.snn_src_root))
config.substitutions.append(("%snn_obj_root", config.snn_obj_root))
config.substitutions.append(("%python", config.host_python))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP", "PYTHONPATH"])
# snn-run's compile cache lives in the build tree during the tests, not in
# the user's ~/.cache (compile-cache.test uses its own directories).
config.environment["SNN_CACHE_DIR"] = os.path.join(config.test_exec_root, "snn-cache")
llvm_config.use_default_substitutions()

# Tools: ours first, then LLVM's (FileCheck, not, count).
tool_dirs = [config.snn_tools_dir, config.llvm_tools_dir]
tools = ["snn-opt", "snn-translate", "snn-run"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Native execution (test/Execution): Debian's mlir-runner JIT, its runtime
# libraries, and clang (feature `clang`) to build a lowered network into a
# shared library.
llvm_config.add_tool_substitutions(["mlir-runner"], [config.llvm_tools_dir])
if os.path.exists(os.path.join(config.llvm_tools_dir, "clang")):
    llvm_config.add_tool_substitutions(["clang"], [config.llvm_tools_dir])
    config.available_features.add("clang")
mlir_lib_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
config.substitutions.append(("%mlir_lib_dir", mlir_lib_dir))
config.substitutions.append(
    ("%mlir_c_runner_utils", os.path.join(mlir_lib_dir, "libmlir_c_runner_utils.so"))
)


# The host's architecture (host-x86_64, host-aarch64, ...), for tests that
# compile for other CPUs of it.
import platform

config.available_features.add("host-" + platform.machine())


# Optional software becomes lit features, as CIRCT does for its simulators.
def python_has(module):
    try:
        return (
            subprocess.run(
                [config.host_python, "-c", "import " + module],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=120,
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


for module, feature in [
    ("numpy", "numpy"),
    ("h5py", "h5py"),
    ("onnx", "python-onnx"),
    ("torch", "torch"),
    ("nengo", "nengo"),
    ("nir", "nir"),
    ("snntorch.import_nir", "snntorch"),
    ("torchvision", "torchvision"),
]:
    if python_has(module):
        config.available_features.add(feature)
