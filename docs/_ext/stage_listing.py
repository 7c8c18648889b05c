"""The modules of a stage, as its docs page lists them (no Sphinx needed: ``tests/test_docs.py`` reads it too)."""
from __future__ import annotations

import importlib
import pkgutil


def stage_modules(package_name: str) -> list[str]:
    """The modules documented on a stage's page: the package first, then its modules in name order.

    Subpackages are included, private modules (``_name``) left out.
    """
    package = importlib.import_module(package_name)
    names = [package_name]
    if hasattr(package, "__path__"):
        found = pkgutil.walk_packages(package.__path__, prefix=f"{package_name}.")
        names += sorted(info.name for info in found
                        if not any(part.startswith("_") for part in info.name.split(".")))
    return names
