r"""Extra subcommands of ``symflow``, one module each, found automatically.

A module here defines ``register(subparsers)``, which adds its parser with
``parser.set_defaults(run=function)``; ``function(args)`` returns the exit
status and raises :class:`~symflow.errors.SymflowError` for bad input
(printed as one line, exit status 2).

Examples
--------
>>> isinstance(command_modules(), list)
True
"""
from __future__ import annotations

import importlib
import pkgutil

__all__ = ["command_modules"]


def command_modules() -> list:
    """The modules of this package that define ``register``, sorted by name."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if callable(getattr(module, "register", None)):
            found.append(module)
    return found
