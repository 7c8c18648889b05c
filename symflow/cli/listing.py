r"""``symflow list``: every named derivation of the catalogue, read from its modules without running one.

Examples
--------
>>> import argparse
>>> run(argparse.Namespace())  # doctest: +ELLIPSIS
adam ...
0
"""
from __future__ import annotations

from ..catalogue import catalogue_index

__all__ = ["run"]


def run(args) -> int:
    """Print ``name  title  [source]`` for every entry, in alphabetical order."""
    table = catalogue_index()
    width = max(len(name) for name in table)
    for name, entry in table.items():
        print(f"{name:<{width}}  {entry.title}  [{entry.source}]")
    return 0
