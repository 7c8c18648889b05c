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

from sympy import Dummy, Eq, Expr, S, cancel, expand, false, solve_univariate_inequality, true

from ...core import Check, Derivation, Status, linearize
from ...core import L as L_symbol
from ...core import s as s_symbol
from ...lyapunov import best_rate, certify_step, verify
from .. import Entry

__all__ = ["lyapunov_entry", "step_entry"]


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


def step_entry(name: str, setup: Callable, *, title: str, source: str, claim: str, rate: Expr = S.Zero,
               bound: Expr | None = None, step_interval=None) -> Entry:
    r"""An :class:`~symflow.catalogue.Entry` proving a discrete claim :math:`E_{k+1} - E_k + \rho E_k \le 0`.

    Parameters
    ----------
    setup : callable
        ``() -> (energy E_k, method, function_class)``.
    bound : Expr, optional
        The literature's bound on :math:`f(x_k) - f^\star`, compared exactly with the one derived.
    step_interval : Interval, optional
        The literature's step sizes, as an interval of :math:`h = sL`: the region found must contain it
        (checked exactly, relation by relation, in :math:`h`).

    Examples
    --------
    >>> from symflow.core import FValue, k, norm2, s, x, x_star
    >>> from symflow.lyapunov import smooth_convex
    >>> from symflow.methods import gradient_descent
    >>> e = step_entry("demo", lambda: (k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2,
    ...                gradient_descent(), smooth_convex()), title="-", source="-", claim="-")
    >>> e.run().status
    'proved'
    """

    def derive() -> Derivation:
        energy, method, function_class = setup()
        cert = certify_step(energy, method, function_class, rate=rate)
        checks = [Check("verdict: proved", S(0), cert.status == Status.PROVED)]
        if cert.status == Status.PROVED:
            checks.append(Check("certificate re-expanded: E_(k+1) - E_k + rho E_k + sum lambda_i s_i "
                                "+ sum d_j |l_j|^2 = 0", S(0), cert.identity() == 0))
        if bound is not None:
            found = cert.bound.rhs if cert.bound is not None else None
            checks.append(Check(f"{source}: rate f(x_k) - f* <= ...", bound,
                                found is not None and cancel(expand(linearize(found - bound))) == 0))
        if step_interval is not None:
            checks.append(Check(f"{source}: the region contains the step sizes sL in {step_interval}",
                                S(0), _contains_steps(cert.region, step_interval)))
        return Derivation(name, cert.steps, cert, title=title, source=source, claim=claim,
                          checks=tuple(checks), status=cert.status)

    return Entry(name, title, source, claim, derive, variants=({},), options=(), kind="lyapunov-discrete")


def _contains_steps(region, interval) -> bool:
    """Whether every step size h = sL of ``interval`` satisfies every condition of ``region`` (exactly).

    Each condition, with s = h/L, must be a power of L times a function of h alone (dimensional
    homogeneity); its sign is then that of the function of h, solved exactly.
    """
    h = Dummy("h", positive=True)
    if region.empty:
        return False
    for condition in [st.as_relational(sym) for sym, st in region.sets] + list(region.relations):
        if condition in (true, false):
            if condition == false:
                return False
            continue
        expr = cancel((condition.lhs - condition.rhs).subs(s_symbol, h / L_symbol))
        reduced = cancel(expr.subs(L_symbol, 1))
        if reduced == 0 or cancel(expr / reduced).free_symbols - {L_symbol}:
            return False  # not homogeneous in L: not decided here
        solved = solve_univariate_inequality(condition.func(reduced, 0), h, relational=False)
        if not interval.is_subset(solved):
            return False
    return True
