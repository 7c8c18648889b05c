r"""Building catalogue entries whose ``derive()`` takes no options: kinds "lagrangian",
"discretization", "closed-form" and "identity".

The entry's module holds the derivation and its checks against the literature; the factory only
names the kind, so that :func:`~symflow.catalogue.catalogue_index` can list the entry without
running it.

Examples
--------
>>> e = lagrangian_entry("demo", lambda: None, title="-", source="-", claim="-")
>>> e.kind, e.options, e.variants
('lagrangian', (), ({},))
"""
from __future__ import annotations

from collections.abc import Callable

from .. import Entry

__all__ = ["lagrangian_entry", "discretization_entry", "closed_form_entry", "identity_entry", "refutation_entry",
           "table_entry"]


def _entry(kind: str, name: str, derive: Callable, title: str, source: str, claim: str) -> Entry:
    return Entry(name, title, source, claim, derive, variants=({},), options=(), kind=kind)


def lagrangian_entry(name: str, derive: Callable, *, title: str, source: str, claim: str) -> Entry:
    """An entry of kind "lagrangian": Euler–Lagrange equations, ideal scaling, time dilation, Hamilton."""
    return _entry("lagrangian", name, derive, title, source, claim)


def discretization_entry(name: str, derive: Callable, *, title: str, source: str, claim: str) -> Entry:
    """An entry of kind "discretization": ODEs turned back into methods and matched with the literature."""
    return _entry("discretization", name, derive, title, source, claim)


def closed_form_entry(name: str, derive: Callable, *, title: str, source: str, claim: str) -> Entry:
    """An entry of kind "closed-form": a closed-form solution compared with the derived ODE."""
    return _entry("closed-form", name, derive, title, source, claim)


def identity_entry(name: str, derive: Callable, *, title: str, source: str, claim: str) -> Entry:
    """An entry of kind "identity": an equation that holds along a derived ODE, derived and compared."""
    return _entry("identity", name, derive, title, source, claim)


def refutation_entry(name: str, derive: Callable, *, title: str, source: str, claim: str) -> Entry:
    """An entry of kind "refutation": a claim shown false by an exact object (an orbit, a function, a state)."""
    return _entry("refutation", name, derive, title, source, claim)


def table_entry(name: str, derive: Callable, *, title: str, source: str, claim: str, uses: tuple) -> Entry:
    """An entry of kind "table": the results of the entries it ``uses``, laid side by side and compared."""
    return Entry(name, title, source, claim, derive, variants=({},), options=(), kind="table", uses=tuple(uses))
