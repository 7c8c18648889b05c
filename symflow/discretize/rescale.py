r"""Shared pieces of the ``discretize-*`` catalogue entries: rescaled ODEs and their matches.

Examples
--------
>>> from symflow.limit import continuous_limit
>>> from symflow.methods import heavy_ball
>>> ode = continuous_limit(heavy_ball(), order=1).ode
>>> rescaled, factors = rescalable(ode)
>>> len(factors)
2
"""
from __future__ import annotations

from sympy import Eq, Symbol, Tuple, default_sort_key, limit, oo

from ..core.derivation import Step
from ..core.model import ODE
from ..core.symbols import k, s
from ..core.vectors import combine, vector_coefficients
from .matching import match_methods
from .schemes import discretization, factor_coefficient

__all__ = ["rescalable", "factor_of", "scheme_match", "factor_limit", "tuple_equation"]


def rescalable(ode: ODE) -> tuple:
    r"""The ODE with one unknown factor :math:`\theta_i` on the coefficient of each vector term.

    Returns ``(rescaled ODE, {theta_i: term})``.
    """
    coefficients = vector_coefficients(ode.rhs)
    atoms = sorted(coefficients, key=default_sort_key)
    thetas = tuple(Symbol(f"theta_{i + 1}", positive=True) for i in range(len(atoms)))
    rhs = combine({a: th * coefficients[a] for a, th in zip(atoms, thetas)})
    rescaled = ODE(rhs, ode.order, ode.initial_conditions, ode.start, ode.parameters + thetas,
                   ode.name, time=ode.time)
    return rescaled, dict(zip(thetas, atoms))


def factor_of(ode: ODE, factors: dict, atom):
    """The factor found for the term ``atom`` of ``ode`` (None without a match or a term)."""
    if not factors:
        return None
    _, terms = rescalable(ode)
    for theta, term in terms.items():
        if term == atom:
            return factors.get(theta, theta)
    return None


def scheme_match(ode: ODE, scheme: str, target, *, offset=0) -> tuple:
    r"""``(factors or None, steps)``: the rescaling that makes the scheme's method equal to ``target``."""
    rescaled, terms = rescalable(ode)
    produced = discretization(rescaled, scheme, offset=offset)
    match = match_methods(produced.method, target, tuple(terms))
    steps = [Step(f"{scheme} Euler of the rescaled ODE",
                  f"Every coefficient of the ODE gets an unknown factor theta_i; the {scheme} scheme "
                  "(step sqrt(s)) gives the recurrence:", (Eq(rescaled.residual, 0), produced.display))]
    if not match.matched:
        steps.append(Step(f"{scheme}: no match",
                          f"Matching with {target.name}: {match.reason}.", ()))
        return None, steps
    solution = {th: factor_coefficient(v) for th, v in match.solutions[0].items()}
    shown = tuple(Eq(th, solution.get(th, th)) for th in terms)
    limits = tuple(Eq(Symbol(f"lim {th}"), factor_limit(solution.get(th, th))) for th in terms)
    steps.append(Step(f"{scheme}: the factors",
                      f"Matching every coefficient (and every gradient point) with {target.name} "
                      "and solving with sympy.solve gives the factors, and their limits as s -> 0 "
                      "and k -> oo:",
                      shown + limits))
    return solution, steps


def factor_limit(value):
    r"""The limit of a factor as :math:`s \to 0` and then :math:`k \to \infty`."""
    return limit(limit(value, s, 0), k, oo)


def tuple_equation(lhs, rhs) -> Eq:
    """``(a, b, ...) = (A, B, ...)`` as one SymPy equation, for display."""
    return Eq(Tuple(*lhs), Tuple(*rhs), evaluate=False)
