# ===- check_injection.py - the generated module runs no injected code ---=== #
#
# Usage: check_injection.py MODULE.py
#
# Parses the module emitted from hostile names and checks that its code is
# only what the emitter writes: the expected imports, no call of exec, eval,
# __import__, os.system or input, and no statement outside the functions,
# constants and the __main__ guard.
#
# ===---------------------------------------------------------------------=== #
import ast
import sys

tree = ast.parse(open(sys.argv[1]).read())
allowed_imports = {"argparse", "os", "nengo", "numpy", "nengo_dl", "tensorflow"}
for node in ast.walk(tree):
    if isinstance(node, ast.Import):
        for alias in node.names:
            assert alias.name in allowed_imports, alias.name
    if isinstance(node, ast.ImportFrom):
        sys.exit(f"unexpected from-import {node.module}")
    if isinstance(node, ast.Call):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else (
            f.attr if isinstance(f, ast.Attribute) else "")
        if name in {"exec", "eval", "__import__", "system", "input", "compile"}:
            sys.exit(f"unexpected call of {name} at line {node.lineno}")
for stmt in tree.body:
    ok = isinstance(stmt, (ast.Import, ast.FunctionDef, ast.Assign, ast.Try,
                           ast.If)) or (isinstance(stmt, ast.Expr) and
                                        isinstance(stmt.value, ast.Constant))
    if not ok:
        sys.exit(f"unexpected top-level statement at line {stmt.lineno}")
    if isinstance(stmt, ast.If):
        assert ast.unparse(stmt.test) == "__name__ == '__main__'"
print("no injected code")
