r"""Building catalogue entries for Lyapunov claims (kind "lyapunov").

An entry names an energy, an ODE (derived by the engine wherever it can be),
a function class and a rate; ``derive`` runs :func:`symflow.lyapunov.verify`
and compares the outcome with the literature: the status, the parameter
region, the rate bound, the ODE.

Examples
--------
>>> from symflow.core import ODE, X, t, x_star, grad, norm2
>>> from symflow.lyapunov import f_gap, convex
>>> e = lyapunov_entry("energy-demo", lambda: (t * f_gap() + norm2(X(t) - x_star) / 2,
...                    ODE(-grad(X(t)), 1), convex()), title="-", source="-", claim="-")
>>> e.run().status
'proved'
"""
from __future__ import annotations

from collections.abc import Callable

from sympy import Eq, Expr, S, cancel

from ...core import Check, Derivation, Status
from ...lyapunov import best_rate, verify
from .. import Entry

__all__ = ["lyapunov_entry"]


def lyapunov_entry(name: str, setup: Callable, *, title: str, source: str, claim: str, rate: Expr = S.Zero,
                   expected: Status = Status.PROVED, region: dict | None = None, bound: Expr | None = None,
                   ode_literature: Expr | None = None, values: dict | None = None,
                   best: tuple | None = None) -> Entry:
    r"""An :class:`~symflow.catalogue.Entry` verifying a Lyapunov claim.

    Parameters
    ----------
    setup : callable
        ``() -> (energy, ode, function_class)``.
    expected : str
        The literature's verdict, "proved" or "refuted".
    region : dict, optional
        ``{symbol: Set}``: the literature's parameter region.
    bound : Expr, optional
        The literature's bound on :math:`f(X(t)) - f^\star`.
    ode_literature : Expr, optional
        The literature's ODE as ``expression = 0``, compared with the derived one.
    best : tuple, optional
        ``(scale, rho)``: the best rate :math:`\kappa\cdot` scale must be the literature's ``rho``.
    """

    def derive() -> Derivation:
        energy, ode, function_class = setup()
        result = verify(energy, ode, function_class, rate=rate, values=values)
        cert = result.certificate
        checks = [Check(f"verdict: {expected}", S(0), result.status == expected)]
        if result.status == Status.PROVED:
            checks.append(Check("certificate re-expanded: dE/dt + rho E + sum lambda_i s_i + sum d_k |l_k|^2 = 0",
                                S(0), cert.identity() == 0))
        if ode_literature is not None:
            checks.append(Check(f"{source}: the ODE", Eq(ode_literature, 0), ode.matches(ode_literature)))
        if region is not None:
            found = dict(cert.region.sets)
            same = all(found.get(sym) == st for sym, st in region.items()) and not cert.region.relations
            checks.append(Check(f"{source}: parameter region",
                                cert.region.as_boolean() if same else list(region.items()), same))
        if bound is not None:
            ok = result.bound is not None and cancel(result.bound.rhs - bound) == 0
            checks.append(Check(f"{source}: rate f(X(t)) - f* <= ...", bound, ok))
        if best is not None:
            found, _ = best_rate(energy, ode, function_class, scale=best[0])
            checks.append(Check(f"{source}: best rate in the family rho = kappa*{best[0]}", best[1],
                                found is not None and cancel(found - best[1]) == 0))
        if expected == Status.REFUTED:
            c = result.counterexample
            checks.append(Check("counterexample checked on the integrated trajectory (E increases, f in class)",
                                S(0), c is not None and c.increases and c.in_class))
        return Derivation(name, result.steps, result, title=title, source=source, claim=claim,
                          checks=tuple(checks), status=result.status)

    return Entry(name, title, source, claim, derive, variants=({},), options=(), kind="lyapunov")
