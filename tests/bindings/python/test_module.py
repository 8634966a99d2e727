# Copyright 2026 The Vigil Authors.
"""Module surface: version, docstrings, and the .pyi stubs in step."""

import ast
import pathlib
import re

import vigil

STUB = pathlib.Path(vigil.__file__).with_name("vigil.pyi")


def public(obj):
    return {n for n in dir(obj) if not n.startswith("_")}


def test_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", vigil.__version__)
    assert vigil.version() == vigil.__version__
    assert vigil.__version__ in vigil.build_info()


def test_docstrings():
    assert vigil.__doc__
    for name in public(vigil):
        obj = getattr(vigil, name)
        if callable(obj):
            assert obj.__doc__, name
            for member in public(obj) if isinstance(obj, type) else ():
                attr = getattr(obj, member)
                if callable(attr) and not isinstance(attr, type):
                    assert attr.__doc__, f"{name}.{member}"


def test_stub_declares_exactly_the_module():
    assert STUB.exists(), "vigil.pyi is not installed next to the module"
    tree = ast.parse(STUB.read_text())
    declared = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            declared[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            declared[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                declared[t.id] = node
    module_names = public(vigil) | {"__version__"}
    stub_names = {n for n in declared if n != "BytesLike"}
    assert stub_names == module_names
    # Class members too.
    for name, node in declared.items():
        if isinstance(node, ast.ClassDef) and not issubclass(
                getattr(vigil, name), BaseException):
            stub_members = {
                n.name for n in node.body
                if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")
            }
            assert stub_members == public(getattr(vigil, name)), name
