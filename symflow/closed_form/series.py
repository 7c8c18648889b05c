r"""The power series of a derived ODE's solution at its start, and integration that begins there.

For :math:`\ddot X + \tfrac{r}{t}\dot X + \nabla f(X) = 0`, :math:`X(0) = x_0`,
:math:`\dot X(0) = 0` the right-hand side is singular at :math:`t = 0`, so an
integrator cannot start there. Put :math:`X = \sum_n a_n h^n` with
:math:`h = t - t_0`, multiply the equation by :math:`h^p` (:math:`p` the
order of the pole of its coefficients at :math:`t_0`) and match powers of
:math:`h`: at each power the newest coefficient :math:`a_n` enters linearly
with a scalar factor (:math:`n(n-1) + rn` here), which gives it. The
gradient at the series is expanded by Taylor's formula in
:math:`\nabla^{j+1} f(x_0)[h, \dots, h]` (:func:`vector_series`, dimension-free)
or, for a concrete objective, by composing its components
(:func:`component_series`). At a regular start (:math:`p = 0`) the same
recursion is Taylor's series. :func:`solve_ode` evaluates the series at a small
:math:`t_0` and hands over to the integrator (SciPy or mpmath).

Examples
--------
>>> from symflow.limit import continuous_limit
>>> from symflow.methods import nesterov
>>> from symflow.core import r
>>> ser = vector_series(continuous_limit(nesterov(r)).ode, order=4)
>>> ser.coefficients[2]
-NablaF(x_0)/(2*(r + 1))
>>> ser.coefficients[4]
NablaF(x_0, NablaF(x_0))/(8*(r + 1)*(r + 3))
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from math import factorial

from sympy import (
    Expr,
    Integer,
    Poly,
    Symbol,
    cancel,
    expand,
    factor,
    fraction,
    series,
    sympify,
)

from ..core.errors import SeriesError
from ..core.model import ODE
from ..core.symbols import VectorSymbol, series_variable
from ..core.vectors import (
    NablaF,
    combine,
    is_zero_vector,
    linearize,
    vector_coefficients,
)

__all__ = ["PowerSeries", "pole_order", "vector_series"]




@dataclass(frozen=True)
class PowerSeries:
    r"""A truncated series :math:`X(t_0 + h) = \sum_{n \le N} a_n h^n`.

    Attributes
    ----------
    start : Expr
        :math:`t_0`.
    coefficients : dict
        ``{n: a_n}``: vector expressions (dimension-free) or lists of component values.
    pole : int
        The pole order :math:`p` of the ODE's coefficients at :math:`t_0`.
    """

    start: Expr
    coefficients: dict
    pole: int

    @property
    def order(self) -> int:
        """The highest power kept."""
        return max(self.coefficients)

    def expression(self, time: Symbol) -> Expr:
        r"""The dimension-free partial sum as an expression in ``time``."""
        return sum((c * (time - self.start) ** n for n, c in self.coefficients.items()), Integer(0))


def pole_order(coefficient: Expr, time: Symbol, start: Expr) -> int:
    r"""The order of the pole of a rational coefficient at ``start`` (0 if regular).

    Examples
    --------
    >>> from symflow.core import t, s
    >>> pole_order(3 / t + s / t**2, t, 0), pole_order(1 / t, t, 1)
    (2, 0)
    """
    _, den = fraction(cancel(sympify(coefficient)))
    if not den.has(time):
        return 0
    poly, count = Poly(den, time), 0
    root = Poly(time - start, time)
    while True:
        q, rem = poly.div(root)
        if not rem.is_zero:
            return count
        poly, count = q, count + 1


def _laurent(coefficient: Expr, time, start, top: int, pole: int) -> dict:
    """``{power: value}`` of ``h**pole * coefficient(start + h)`` up to ``h**top`` (h = t - t0)."""
    expr = cancel(sympify(coefficient).subs(time, start + series_variable) * series_variable ** pole)
    if expr.is_polynomial(series_variable):
        poly = Poly(expand(expr), series_variable)
        return {m[0]: c for m, c in zip(poly.monoms(), poly.coeffs()) if m[0] <= top}
    expanded = expand(series(expr, series_variable, 0, top + 1).removeO())
    return {j: c for j in range(top + 1) if (c := expanded.coeff(series_variable, j)) != 0}


def ode_parts(ode: ODE, values: dict):
    rhs = vector_coefficients(sympify(ode.rhs).subs(values))
    start = sympify(ode.start).subs(values)
    pole = max((pole_order(c, ode.time, start) for c in rhs.values()), default=0)
    if pole > ode.order:
        raise SeriesError(f"the ODE has a pole of order {pole} at its start {start}, more than its order "
                          f"{ode.order}: an irregular singular point, no power series")
    return rhs, start, pole


def _initial_values(ode: ODE, values: dict) -> dict:
    given = {}
    for ic in ode.initial_conditions:
        j = ode.initial_order(ic)
        given[j] = sympify(ic.rhs).subs(values) / factorial(j)
    return given


def _vector_series_of(expr, ode, X: dict, top: int) -> dict:
    """Truncated series ``{power: vector expression}`` of a vector expression along X."""
    out = {}
    for atom, coefficient in vector_coefficients(expr).items():
        for power, vec in _atom_series(atom, ode, X, top).items():
            out[power] = out.get(power, 0) + coefficient * vec
    return out


def _atom_series(atom, ode, X, top):
    j = ode.derivative_order(atom)
    if j is not None:
        return {n - j: Integer(factorial(n) // factorial(n - j)) * a for n, a in X.items() if j <= n <= top + j}
    if isinstance(atom, VectorSymbol):
        return {0: atom}
    if isinstance(atom, NablaF):
        P = _vector_series_of(atom.point, ode, X, top)
        dirs = [_vector_series_of(v, ode, X, top) for v in atom.directions]
        base, h = P.get(0, 0), {n: v for n, v in P.items() if n > 0}
        out = {}
        for i in range(top + 1):
            slots = [h] * i + dirs
            for powers in product(*[sorted(sl) for sl in slots]):
                total = sum(powers)
                parts = [sl[q] for sl, q in zip(slots, powers)]
                if total > top or (i and min(powers[:i]) < 1) or any(v == 0 for v in parts):
                    continue
                term = linearize(NablaF(base, *parts)) / factorial(i)
                out[total] = out.get(total, 0) + term
            if i and i * min(h, default=top + 1) > top:
                break
        return out
    raise SeriesError(f"cannot expand {atom} in a power series")


def vector_series(ode: ODE, *, order: int, parameters: dict | None = None) -> PowerSeries:
    r"""The dimension-free series of the solution at ``ode.start``, up to :math:`h^{\text{order}}`.

    The coefficients are vector expressions in :math:`x_0`, :math:`\nabla f(x_0)`,
    :math:`\nabla^2 f(x_0)[\cdot]`, ...; the initial conditions the recursion
    also determines are checked against the ODE's.

    Raises
    ------
    SeriesError
        At a resonance (the factor of :math:`a_n` vanishes) or when the ODE's
        initial conditions contradict the recursion.

    Examples
    --------
    >>> from symflow.core import ODE, X, t, x0, grad
    >>> from sympy import Eq
    >>> flow = ODE(-grad(X(t)), 1, (Eq(X(0), x0),))
    >>> vector_series(flow, order=2).coefficients[2]
    NablaF(x_0, NablaF(x_0))/2
    """
    values = dict(parameters or {})
    rhs, start, pole = ode_parts(ode, values)
    m = ode.order
    given = _initial_values(ode, values)
    top = order - m + pole
    laurent = {atom: _laurent(c, ode.time, start, top, pole) for atom, c in rhs.items()}
    known = {}
    for n in range(order + 1):
        if n < m - pole:
            if n not in given:
                raise SeriesError(f"the ODE gives no value for the derivative {n} at its start")
            known[n] = given[n]
            continue
        unknown = VectorSymbol(f"A_{n}")
        X = {**known, n: unknown}
        e = n - m + pole
        residual = 0
        for k_, a in X.items():
            if k_ - m + pole == e:
                residual += Integer(factorial(k_) // factorial(k_ - m)) * a if k_ >= m else 0
        for atom, lau in laurent.items():
            ser = _atom_series(atom, ode, X, e)
            residual -= sum((c * ser.get(e - q, 0) for q, c in lau.items() if q <= e), Integer(0))
        coeffs = vector_coefficients(expand(residual))
        alpha = cancel(coeffs.pop(unknown, 0))
        solution = combine({a: -c / alpha for a, c in coeffs.items()}) if alpha != 0 else None
        if n in given:
            if solution is not None and not is_zero_vector(solution - given[n], simplifier=cancel):
                raise SeriesError(f"the initial value {given[n] * factorial(n)} of derivative {n} "
                                  f"contradicts the ODE, which forces {solution * factorial(n)}")
            known[n] = given[n]
        elif solution is None:
            raise SeriesError(f"resonance: the coefficient of series_variable**{n} is not determined by the ODE")
        else:
            known[n] = combine({a: factor(cancel(c)) for a, c in vector_coefficients(solution).items()})
    return PowerSeries(start, known, pole)


def truncate(expr: Expr, top: int) -> dict:
    expr = expand(expr)
    if expr.is_polynomial(series_variable):
        poly = Poly(expr, series_variable)
        return {mm[0]: c for mm, c in zip(poly.monoms(), poly.coeffs()) if mm[0] <= top}
    expanded = expand(series(expr, series_variable, 0, top + 1).removeO())
    return {j: expanded.coeff(series_variable, j) for j in range(top + 1)}
