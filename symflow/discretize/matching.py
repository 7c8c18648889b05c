r"""When are two methods the same recurrence? Coefficient matching with unknown parameters.

Both methods are reduced to one recurrence in their primary sequence
(:func:`~symflow.recurrence.eliminate_auxiliary`), normalised so that the
coefficient of :math:`x_{k+1}` is 1. They are the same method exactly when,
after pairing their gradient evaluations, the gradient points agree as vectors
and every coefficient agrees. :func:`match_methods` writes these equations and
solves them with :func:`sympy.solve` for the unknowns the caller names (the
parameter map between two parametrisations, or rescaling factors of an ODE).

Examples
--------
>>> from sympy import Eq, Symbol
>>> from symflow.methods import gradient_descent
>>> from symflow.core import Method, k, s, vector_function, grad
>>> x = vector_function("x")
>>> eta = Symbol("eta", positive=True)
>>> scaled = Method("scaled-gd", ("x",), (Eq(x(k + 1), x(k) - eta * s * grad(x(k))),), parameters=(eta,))
>>> match_methods(scaled, gradient_descent(), (eta,)).solutions
({eta: 1},)
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from sympy import Expr, Integer, cancel, default_sort_key, fraction, solve, together

from ..core.errors import SymflowError
from ..core.model import Method
from ..core.symbols import k, vector_function
from ..core.vectors import NablaF, vector_coefficients
from ..recurrence.elimination import eliminate_auxiliary

__all__ = ["Match", "normalised_recurrence", "match_methods", "same_method"]


@dataclass(frozen=True)
class Match:
    r"""The outcome of matching two recurrences.

    Attributes
    ----------
    equations : tuple of Expr
        The conditions ``expr = 0`` of the gradient pairing that was solved
        (the first pairing with a solution, else the first pairing).
    solutions : tuple of dict
        ``sympy.solve``'s solutions for the unknowns; empty when none exists.
    reason : str
        Why there is no solution, in words (empty when there is one).
    """

    equations: tuple
    solutions: tuple
    reason: str = ""

    @property
    def matched(self) -> bool:
        """Whether some values of the unknowns make the recurrences equal."""
        return bool(self.solutions)


def normalised_recurrence(method: Method) -> dict:
    r"""``{atom: coefficient}`` of the method's recurrence, divided by the coefficient of :math:`x_{k+1}`.

    The primary sequence is renamed ``x`` so that methods with different names compare.

    Examples
    --------
    >>> from symflow.methods import gradient_descent
    >>> sorted(map(str, normalised_recurrence(gradient_descent())))
    ['NablaF(x(k))', 'x(k + 1)', 'x(k)']
    """
    recurrence = eliminate_auxiliary(method)
    own, x = vector_function(recurrence.sequence), vector_function("x")
    expression = recurrence.expression.replace(
        lambda e: getattr(e, "func", None) == own, lambda e: x(*e.args))
    coefficients = vector_coefficients(expression)
    lead = coefficients.get(x(k + 1))
    if lead is None:
        raise SymflowError(f"method {method.name!r}: the newest iterate x(k+1) appears only inside "
                           "gradients, so the recurrence cannot be normalised")
    return {atom: cancel(c / lead) for atom, c in coefficients.items()}


def _numerator(expr: Expr) -> Expr:
    return fraction(cancel(together(expr)))[0]


def _conditions(a: dict, b: dict, pairing) -> list:
    equations = []
    for g, h in pairing:
        for atom, c in vector_coefficients(g.point - h.point).items():
            equations.append(c)
        equations.append(a[g] - b[h])
    plain = (set(a) | set(b)) - {g for g, _ in pairing} - {h for _, h in pairing}
    for atom in sorted(plain, key=default_sort_key):
        equations.append(a.get(atom, Integer(0)) - b.get(atom, Integer(0)))
    out = []
    for e in equations:
        n = _numerator(e)
        if n.could_extract_minus_sign():
            n = -n
        if n != 0 and n not in out:
            out.append(n)
    return out


def match_methods(method: Method, target: Method, unknowns) -> Match:
    r"""Solve for the ``unknowns`` that make ``method`` and ``target`` the same recurrence.

    Parameters
    ----------
    method, target : Method
    unknowns : sequence of Symbol
        The symbols to solve for (parameters of either method, or rescaling
        factors); every other symbol is a free parameter of the answer.

    Returns
    -------
    Match

    Examples
    --------
    >>> from symflow.methods import heavy_ball, nag_sc
    >>> match_methods(heavy_ball(), nag_sc(), ()).matched
    False
    """
    unknowns = tuple(unknowns)
    a, b = normalised_recurrence(method), normalised_recurrence(target)
    ga = sorted((g for g in a if isinstance(g, NablaF)), key=default_sort_key)
    gb = sorted((g for g in b if isinstance(g, NablaF)), key=default_sort_key)
    if any(g.directions for g in ga + gb):
        raise SymflowError("only gradient evaluations can be matched, not higher derivatives of f")
    if len(ga) != len(gb):
        return Match((), (), f"{method.name} evaluates {len(ga)} gradient(s) per step and "
                             f"{target.name} {len(gb)}: no choice of parameters makes them equal")
    first = None
    for order in permutations(gb):
        equations = _conditions(a, b, list(zip(ga, order)))
        first = first or equations
        if not equations:
            return Match((), ({},))
        if not unknowns:
            continue
        solutions = solve(equations, unknowns, dict=True)
        if solutions:
            return Match(tuple(equations), tuple(solutions))
    return Match(tuple(first or ()), (), "the coefficient equations have no solution"
                 + (f" for {', '.join(map(str, unknowns))}" if unknowns else ""))


def same_method(method: Method, target: Method) -> bool:
    r"""Whether two methods are the same recurrence, with no unknowns.

    Examples
    --------
    >>> from symflow.methods import heavy_ball, heavy_ball_momentum
    >>> same_method(heavy_ball_momentum(), heavy_ball())
    True
    """
    return match_methods(method, target, ()).matched
