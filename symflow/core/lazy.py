r"""Package faces whose names load on first use (PEP 562).

A face lists, for each submodule, the names it re-exports; a name is imported
from its submodule the first time it is asked for. ``symflow`` and
``symflow.core`` use this so that the command line starts without SymPy.

Examples
--------
>>> getattr_, dir_ = lazy_face("symflow.core", {"errors": ("SymflowError",)})
>>> getattr_("SymflowError").__name__
'SymflowError'
>>> getattr_("nothing")
Traceback (most recent call last):
    ...
AttributeError: module 'symflow.core' has no attribute 'nothing'
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

__all__ = ["lazy_face"]


def lazy_face(package: str, names: Mapping[str, tuple]) -> tuple[Callable, Callable]:
    r"""``(__getattr__, __dir__)`` for ``package``, re-exporting ``names[submodule]`` from each submodule.

    A submodule listed with no names (``{"methods": ()}``) is itself an attribute of the package.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : mapping
        ``{submodule: (name, ...)}``, submodules relative to ``package``.
    """
    where = {name: submodule for submodule, listed in names.items() for name in listed}
    modules = set(names)

    def __getattr__(name: str):
        if name in where:
            module = importlib.import_module(f"{package}.{where[name]}")
            return getattr(module, name)
        if name in modules:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list:
        return sorted(set(where) | modules)

    return __getattr__, __dir__
