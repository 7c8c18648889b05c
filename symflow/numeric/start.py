r"""Integration of a derived ODE that begins at its (possibly singular) start, from the power series there."""
from __future__ import annotations

from math import factorial

import mpmath
import numpy as np
from sympy import (
    Derivative,
    Integer,
    Rational,
    Symbol,
    cancel,
    expand,
    nsimplify,
    sympify,
)

from ..closed_form.series import PowerSeries, ode_parts, truncate
from ..core.errors import ObjectiveError, SeriesError
from ..core.model import ODE
from ..core.symbols import series_variable
from .integration import Trajectory, check_times, integrate, integrate_mp
from .objectives import Objective, specialize
from .system import (
    component_system,
    first_order_system,
    parameter_values,
)

__all__ = ["component_series", "solve_ode"]


def component_series(ode: ODE, objective: Objective, point, *, order: int,
                     parameters: dict | None = None) -> PowerSeries:
    r"""The series of the solution for a concrete objective and :math:`x_0`, with exact coefficients.

    ``coefficients[n]`` is the list of the :math:`d` components of :math:`a_n`.

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.parse import parse_objective
    >>> ser = component_series(continuous_limit(nesterov()).ode, parse_objective("x1**2/2"), [1], order=4)
    >>> [ser.coefficients[n][0] for n in range(5)]
    [1, 0, -1/8, 0, 1/192]
    """
    if not isinstance(objective, Objective):
        raise ObjectiveError("the series needs a symbolic Objective")
    values = parameter_values(ode, parameters)
    d, m = objective.dimension, ode.order
    _, start, pole = ode_parts(ode, values)
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
        polys = [sum((known[j][i] * series_variable ** j for j in known), Integer(0)) + unknowns[i] * series_variable ** n
                 for i in range(d)]
        table = {}
        for i, fn in enumerate(funcs):
            for j in reversed(range(1, m)):
                table[Derivative(fn, (ode.time, j))] = polys[i].diff(series_variable, j)
            table[fn] = polys[i]
        solution = []
        for i in range(d):
            lhs_coeff = expand(polys[i].diff(series_variable, m)).coeff(series_variable, e - pole) if e - pole >= 0 else 0
            other = truncate(series_variable ** pole * rhs[i].xreplace(table).subs(ode.time, start + series_variable), e).get(e, 0)
            residual = expand(lhs_coeff - other)
            alpha = residual.coeff(unknowns[i])
            beta = residual.subs(unknowns[i], 0)
            if residual.free_symbols - {unknowns[i]}:
                raise SeriesError(f"the series recursion is coupled at series_variable**{n}; not supported")
            solution.append(None if alpha == 0 else cancel(-beta / alpha))
        if n in given:
            if any(v is not None and cancel(v - g) != 0 for v, g in zip(solution, given[n])):
                raise SeriesError(f"the initial derivative {n} contradicts the ODE at its start")
            known[n] = given[n]
        elif any(v is None for v in solution):
            raise SeriesError(f"resonance: the coefficient of series_variable**{n} is not determined by the ODE")
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
    >>> from symflow.parse import parse_objective
    >>> from scipy.special import j1
    >>> tr = solve_ode(continuous_limit(nesterov()).ode, parse_objective("x1**2/2"), [1.0], [5.0])
    >>> bool(abs(tr.X[0, 0] - 2 * j1(5.0) / 5.0) < 1e-10)
    True
    """
    values = parameter_values(ode, parameters)
    _, start, pole = ode_parts(ode, values)
    t0 = float(start)
    ts = check_times(times, t0) if dps is None else times
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
