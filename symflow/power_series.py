r"""The power series of a derived ODE's solution at its start, and integration that begins there.

For :math:`\ddot X + \tfrac{r}{t}\dot X + \nabla f(X) = 0`, :math:`X(0) = x_0`,
:math:`\dot X(0) = 0` the right-hand side is singular at :math:`t = 0`, so an
integrator cannot start there. Put :math:`X = \sum_n a_n \tau^n` with
:math:`\tau = t - t_0`, multiply the equation by :math:`\tau^p` (:math:`p` the
order of the pole of its coefficients at :math:`t_0`) and match powers of
:math:`\tau`: at each power the newest coefficient :math:`a_n` enters linearly
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
>>> from symflow.symbols import r
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

import mpmath
import numpy as np
from sympy import (Derivative, Expr, Integer, Poly, Rational, Symbol, cancel, expand, factor,
                   fraction, nsimplify, series, sympify)

from .errors import SymflowError
from .model import ODE
from .numeric import (Trajectory, _check_times, _derivative_order, _initial_order, component_system,
                      first_order_system, integrate, integrate_mp, parameter_values)
from .objective import Objective, ObjectiveError, specialize
from .symbols import VectorSymbol
from .vectors import NablaF, combine, is_zero_vector, linearize, vector_coefficients

__all__ = ["SeriesError", "PowerSeries", "pole_order", "vector_series", "component_series", "solve_ode"]

tau = Symbol("tau")


class SeriesError(SymflowError):
    """The series recursion cannot proceed (a resonance, an irregular singular point, inconsistent data)."""


@dataclass(frozen=True)
class PowerSeries:
    r"""A truncated series :math:`X(t_0 + \tau) = \sum_{n \le N} a_n \tau^n`.

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
    >>> from symflow.symbols import t, s
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
    """``{power: value}`` of ``tau**pole * coefficient(start + tau)`` up to ``tau**top``."""
    expr = cancel(sympify(coefficient).subs(time, start + tau) * tau ** pole)
    if expr.is_polynomial(tau):
        poly = Poly(expand(expr), tau)
        return {m[0]: c for m, c in zip(poly.monoms(), poly.coeffs()) if m[0] <= top}
    expanded = expand(series(expr, tau, 0, top + 1).removeO())
    return {j: c for j in range(top + 1) if (c := expanded.coeff(tau, j)) != 0}


def _ode_parts(ode: ODE, values: dict):
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
        j = _initial_order(ic, ode)
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
    j = _derivative_order(atom, ode)
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
    r"""The dimension-free series of the solution at ``ode.start``, up to :math:`\tau^{\text{order}}`.

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
    >>> from symflow.model import ODE
    >>> from symflow.symbols import X, t, x0
    >>> from symflow.vectors import grad
    >>> from sympy import Eq
    >>> flow = ODE(-grad(X(t)), 1, (Eq(X(0), x0),))
    >>> vector_series(flow, order=2).coefficients[2]
    NablaF(x_0, NablaF(x_0))/2
    """
    values = dict(parameters or {})
    rhs, start, pole = _ode_parts(ode, values)
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
            raise SeriesError(f"resonance: the coefficient of tau**{n} is not determined by the ODE")
        else:
            known[n] = combine({a: factor(cancel(c)) for a, c in vector_coefficients(solution).items()})
    return PowerSeries(start, known, pole)


def _truncate(expr: Expr, top: int) -> dict:
    expr = expand(expr)
    if expr.is_polynomial(tau):
        poly = Poly(expr, tau)
        return {mm[0]: c for mm, c in zip(poly.monoms(), poly.coeffs()) if mm[0] <= top}
    expanded = expand(series(expr, tau, 0, top + 1).removeO())
    return {j: expanded.coeff(tau, j) for j in range(top + 1)}


def component_series(ode: ODE, objective: Objective, point, *, order: int,
                     parameters: dict | None = None) -> PowerSeries:
    r"""The series of the solution for a concrete objective and :math:`x_0`, with exact coefficients.

    ``coefficients[n]`` is the list of the :math:`d` components of :math:`a_n`.

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.objective import parse_objective
    >>> ser = component_series(continuous_limit(nesterov()).ode, parse_objective("x1**2/2"), [1], order=4)
    >>> [ser.coefficients[n][0] for n in range(5)]
    [1, 0, -1/8, 0, 1/192]
    """
    if not isinstance(objective, Objective):
        raise ObjectiveError("the series needs a symbolic Objective")
    values = parameter_values(ode, parameters)
    d, m = objective.dimension, ode.order
    _, start, pole = _ode_parts(ode, values)
    exact_start = component_system(ode, objective, parameters=parameters).initial_state(point)
    given = {j: [v / factorial(j) for v in exact_start[j * d:(j + 1) * d]] for j in range(m)}
    eqs = specialize(ode, objective)
    rhs = [eq.rhs.subs(values) for eq in eqs]
    funcs = [eq.lhs.expr for eq in eqs]
    known = {}
    unknowns = [Symbol(f"_A{i}") for i in range(d)]
    for n in range(order + 1):
        if n < m - pole:
            known[n] = given[n]
            continue
        e = n - m + pole
        polys = [sum((known[j][i] * tau ** j for j in known), Integer(0)) + unknowns[i] * tau ** n
                 for i in range(d)]
        table = {}
        for i, fn in enumerate(funcs):
            for j in reversed(range(1, m)):
                table[Derivative(fn, (ode.time, j))] = polys[i].diff(tau, j)
            table[fn] = polys[i]
        solution = []
        for i in range(d):
            lhs_coeff = expand(polys[i].diff(tau, m)).coeff(tau, e - pole) if e - pole >= 0 else 0
            other = _truncate(tau ** pole * rhs[i].xreplace(table).subs(ode.time, start + tau), e).get(e, 0)
            residual = expand(lhs_coeff - other)
            alpha = residual.coeff(unknowns[i])
            beta = residual.subs(unknowns[i], 0)
            if residual.free_symbols - {unknowns[i]}:
                raise SeriesError(f"the series recursion is coupled at tau**{n}; not supported")
            solution.append(None if alpha == 0 else cancel(-beta / alpha))
        if n in given:
            if any(v is not None and cancel(v - g) != 0 for v, g in zip(solution, given[n])):
                raise SeriesError(f"the initial derivative {n} contradicts the ODE at its start")
            known[n] = given[n]
        elif any(v is None for v in solution):
            raise SeriesError(f"resonance: the coefficient of tau**{n} is not determined by the ODE")
        else:
            known[n] = solution
    return PowerSeries(start, known, pole)


def _series_state(ser: PowerSeries, h, m: int, d: int, number):
    state = []
    for j in range(m):
        for i in range(d):
            state.append(sum(number(c[i]) * (factorial(n) // factorial(n - j)) * h ** (n - j)
                             for n, c in ser.coefficients.items() if n >= j))
    return state


def solve_ode(ode: ODE, objective, x0_value, times, *, parameters: dict | None = None,
              handover: float | None = None, order: int = 12, rtol: float = 1e-12, atol: float = 1e-14,
              dps: int | None = None) -> Trajectory | list:
    r"""Integrate ``ode`` for an objective from :math:`x_0`, starting from its series when it is singular.

    At a regular start the integrator starts there from the initial conditions.
    At a singular start :math:`t_0` the exact series (:func:`component_series`) is
    evaluated at :math:`t_0 + h` and the integrator takes over; :math:`h`
    (``handover``) is halved until the last term of the series is below
    :math:`10^{-17}` (or :math:`10^{-\text{dps}-5}`). Times before :math:`t_0 + h` are
    read from the series.

    Parameters
    ----------
    dps : int, optional
        Integrate with mpmath at this many digits (returns a list of mpmath states).

    Raises
    ------
    IntegrationError
        For a time before the ODE's start, a failed or blown-up integration.

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.objective import parse_objective
    >>> from scipy.special import j1
    >>> tr = solve_ode(continuous_limit(nesterov()).ode, parse_objective("x1**2/2"), [1.0], [5.0])
    >>> bool(abs(tr.X[0, 0] - 2 * j1(5.0) / 5.0) < 1e-10)
    True
    """
    values = parameter_values(ode, parameters)
    _, start, pole = _ode_parts(ode, values)
    t0 = float(start)
    ts = _check_times(times, t0) if dps is None else times
    if dps is None and pole == 0:
        system = first_order_system(ode, objective, parameters=parameters)
        return integrate(system, t0, system.initial_state(x0_value), ts, rtol=rtol, atol=atol)
    if not isinstance(objective, Objective):
        raise ObjectiveError("starting at a singular point needs a symbolic Objective (for its series)")
    point = [nsimplify(v, rational=True) if isinstance(v, float) else sympify(v) for v in x0_value]
    ser = component_series(ode, objective, point, order=order, parameters=parameters)
    d, m = objective.dimension, ode.order
    tol = 1e-17 if dps is None else 10.0 ** (-dps - 5)
    scale = 1 + max(abs(float(v)) for v in point)
    h = handover or 0.1
    last = max(abs(float(c)) for n in (ser.order, ser.order - 1) for c in ser.coefficients[n])
    while last * h ** (ser.order - 1) > tol * scale and h > 1e-8:
        h /= 2
    if dps is not None:
        with mpmath.workdps(dps + 10):
            hh = mpmath.mpf(h)
            y0 = _series_state(ser, hh, m, d, lambda c: mpmath.mpf(sympify(c).evalf(dps + 15)))
        system = component_system(ode, objective, parameters=parameters, modules="mpmath")
        return integrate_mp(system, start + Rational(h), y0, times, dps=dps)
    system = first_order_system(ode, objective, parameters=parameters)
    y0 = np.array(_series_state(ser, h, m, d, float), dtype=float)
    late = ts >= t0 + h
    states = np.empty((ts.size, m * d))
    if late.any():
        states[late] = integrate(system, t0 + h, y0, ts[late], rtol=rtol, atol=atol).states
    for i in np.flatnonzero(~late):
        states[i] = _series_state(ser, ts[i] - t0, m, d, float)
    return Trajectory(ts, states, d)
