r"""Building catalogue entries for continuous limits of methods.

Examples
--------
>>> from symflow.methods import gradient_descent
>>> from symflow.core import X, t, grad
>>> e = limit_entry("gradient-descent", gradient_descent, title="GD", source="-", claim="-",
...                 literature={0: X(t).diff(t) + grad(X(t))})
>>> e.run(order=0).checks[0].passed
True
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from sympy import Dummy, Eq, Integer, Symbol, cancel, series

from ...core import Check, Derivation, Method, is_zero_vector, s, vector_coefficients
from ...limit import continuous_limit
from .. import Entry

__all__ = ["limit_entry"]


def limit_entry(name: str, method: Callable[[], Method], *, title: str, source: str, claim: str,
                literature: Mapping, initial: Mapping | None = None, initial_exact: tuple = (),
                initial_source: str = "", offset=Integer(0),
                same_as: Callable[[], Method] | None = None, exponent=None) -> Entry:
    r"""An :class:`~symflow.catalogue.Entry` deriving the limit of ``method``.

    Parameters
    ----------
    literature : mapping
        ``{order: expression}``: the literature's ODE as ``expression = 0``,
        for each order shown in the document.
    initial : mapping, optional
        ``{order: (Eq, ...)}``: the literature's initial conditions at that order.
    initial_exact : tuple of Eq, optional
        The literature's initial conditions as published (not truncated); at every order ``n``
        the derived ones must agree with them up to :math:`O(s^{(n+1)/2})`.
    initial_source : str, optional
        Where ``initial_exact`` is stated (paper and equation).
    offset : Rational
        The offset :math:`c` of :math:`t = (k + c)\delta` used by default.
    same_as : callable, optional
        Another formulation of the method whose limit must be the same ODE.
    exponent : Rational, optional
        The literature's scaling :math:`a` in :math:`\delta = s^a`, compared with the one found.
    """
    initial = dict(initial or {})

    def derive(order: int = min(literature), offset=offset) -> Derivation:
        result = continuous_limit(method(), offset=offset, order=order)
        checks = []
        if order in literature:
            checks.append(Check(f"{source}: the ODE", Eq(literature[order], 0),
                                result.ode.matches(literature[order])))
        if order in initial:
            expected = tuple(initial[order])
            checks.append(Check(f"{source}: initial conditions", expected,
                                _same_conditions(result.ode.initial_conditions, expected)))
        if initial_exact:
            checks.append(Check(f"{initial_source}: initial conditions, to $O(s^{{{order + 1}/2}})$",
                                tuple(initial_exact),
                                _agree_to_order(result.ode.initial_conditions, tuple(initial_exact), order)))
        if exponent is not None:
            checks.append(Check(f"{source}: the scaling $\\delta = s^a$", Eq(Symbol("a"), exponent),
                                result.exponent == exponent))
        if same_as is not None:
            other = continuous_limit(same_as(), offset=offset, order=order)
            checks.append(Check(f"second formulation ({other.method.name}) gives the same ODE",
                                other.ode.equation, result.ode.matches(other.ode.residual)))
        return Derivation(name, result.steps, result.ode, title=title, source=source,
                          claim=claim, checks=tuple(checks), origin=result)

    return Entry(name, title, source, claim, derive,
                 variants=tuple({"order": o} for o in sorted(literature)),
                 options=("order", "offset"), kind="limit")


def _same_conditions(found: tuple, expected: tuple) -> bool:
    if len(found) != len(expected):
        return False
    return all(a.lhs == b.lhs and is_zero_vector(a.rhs - b.rhs) for a, b in zip(found, expected))


def _agree_to_order(found: tuple, expected: tuple, order: int) -> bool:
    r"""Same left sides, and right sides equal up to :math:`O(s^{(n+1)/2})` (series in :math:`\sqrt s`)."""
    if len(found) != len(expected) or any(a.lhs != b.lhs for a, b in zip(found, expected)):
        return False
    root = Dummy("sigma", positive=True)
    for a, b in zip(found, expected):
        for coefficient in vector_coefficients(a.rhs - b.rhs).values():
            truncated = series(coefficient.subs(s, root ** 2), root, 0, order + 1).removeO()
            if cancel(truncated) != 0:
                return False
    return True
