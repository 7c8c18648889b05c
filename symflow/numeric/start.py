r"""Integration of a derived ODE that begins at its (possibly singular) start, from the power series there."""
from __future__ import annotations

from dataclasses import replace
from math import factorial

import mpmath
import numpy as np
from sympy import (
    Derivative,
    Eq,
    Integer,
    Rational,
    Subs,
    Symbol,
    cancel,
    expand,
    lambdify,
    nsimplify,
    sympify,
)

from ..closed_form.series import PowerSeries, ode_parts, truncate
from ..core.errors import IntegrationError, ObjectiveError, SeriesError
from ..core.limits import check_budget
from ..core.model import ODE
from ..core.symbols import series_variable
from .integration import Trajectory, check_times, integrate, integrate_mp
from .objectives import Objective, as_numeric, float_constants, specialize
from .system import (
    component_field,
    component_system,
    first_order_system,
    parameter_values,
)

__all__ = ["component_series", "numeric_series", "started_at", "solve_ode"]


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


def _complex_field(ode: ODE, objective: Objective, values: dict):
    """``(t, [X_i^{(j)}]) -> [rhs_i]``: the component right-hand sides, vectorised, complex arguments allowed."""
    state, field = component_field(ode, objective, values, transform=float_constants)
    return lambdify((ode.time, state), field, "numpy", cse=True)


def numeric_series(ode: ODE, objective: Objective, point, *, order: int, parameters: dict | None = None,
                   radius: float = 0.1, points: int = 64) -> PowerSeries:
    r"""The series of the solution at the ODE's start in floating point: :func:`component_series`, numerically.

    The recursion is the same as :func:`component_series`'s; the coefficient of :math:`u^e` of the
    right-hand side along the truncated series is read from its values on the circle
    :math:`|u| = \rho` (``radius``) by the trapezoidal rule (Cauchy's formula), so no symbolic series
    is expanded and the cost does not depend on the objective's form. The coefficients are floats,
    accurate for :math:`|u| \le \rho` to about the rounding error.

    Raises
    ------
    SeriesError
        If the recursion is coupled, resonant, contradicts the initial conditions, or is not finite.

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.parse import parse_objective
    >>> ser = numeric_series(continuous_limit(nesterov()).ode, parse_objective("x1**2/2"), [1.0], order=4)
    >>> [round(float(ser.coefficients[n][0]), 12) + 0.0 for n in range(5)]
    [1.0, 0.0, -0.125, 0.0, 0.005208333333]
    """
    return _series_at(_series_setup(ode, objective, point, parameters), order, radius, points)


def _series_setup(ode, objective, point, parameters, velocity=None):
    if not isinstance(objective, Objective):
        raise ObjectiveError("the series needs a symbolic Objective")
    values = parameter_values(ode, parameters)
    d, m = objective.dimension, ode.order
    _, start, pole = ode_parts(ode, values)
    exact_start = component_system(ode, objective, parameters=parameters).initial_state(point)
    try:
        first = [complex(v) for v in exact_start]
    except (TypeError, ValueError, OverflowError):
        raise SeriesError("the initial values of the ODE are not numbers") from None
    if any(abs(v.imag) > 1e-12 * (1 + abs(v.real)) or not np.isfinite(v.real) for v in first):
        raise SeriesError("the initial values of the ODE are not finite real numbers")
    given = {j: np.array([v.real / factorial(j) for v in first[j * d:(j + 1) * d]]) for j in range(m)}
    if velocity is not None:
        given[1] = np.asarray(velocity, dtype=float)
    field = _complex_field(ode, objective, values)
    return d, m, start, pole, given, field



def _series_at(setup, order: int, radius: float, points: int = 64) -> PowerSeries:
    d, m, start, pole, given, field = setup
    u = radius * np.exp(2j * np.pi * np.arange(points) / points)
    t0 = complex(start)

    def residual(known: dict, e: int) -> np.ndarray:
        derivatives = []
        for j in range(m + 1):
            for i in range(d):
                derivatives.append(sum(c[i] * (factorial(n) // factorial(n - j)) * u ** (n - j)
                                       for n, c in known.items() if n >= j) + 0 * u)
        top = derivatives[m * d:]
        with np.errstate(all="ignore"):
            rhs = field(t0 + u, derivatives[:m * d])
            g = [u ** pole * (top[i] - np.broadcast_to(rhs[i], u.shape)) for i in range(d)]
            size = max(float(np.max(np.abs(gi))) for gi in g)
            return np.array([np.mean(gi * u ** (-e)).real for gi in g]), size

    known = {}
    for n in range(order + 1):
        check_budget("computing the series at the ODE's start")
        if n < m - pole:
            known[n] = given[n]
            continue
        e = n - m + pole
        unit = 1e-4 * radius ** (-n)   # a trial coefficient of size 1e-4 on the circle
        (r0, g0), (r1, g1), (r2, g2) = (residual({**known, n: a * unit * np.ones(d)}, e) for a in (0, 1, 2))
        if not np.all(np.isfinite([*r0, *r1, *r2, g0, g1, g2])):
            raise SeriesError(f"the series at the ODE's start is not finite at u**{n} (the objective "
                              "overflows or is not defined near x0)")
        step = r1 - r0
        noise = 1e-11 * (1 + max(g0, g1, g2)) * radius ** (-e)
        if np.any(np.abs(r2 - r0 - 2 * step) > 1e-8 * np.abs(step) + noise):
            raise SeriesError(f"the series recursion is coupled at u**{n}; not supported")
        with np.errstate(all="ignore"):
            solution = np.where(np.abs(step) > noise, -unit * r0 / np.where(step == 0, 1, step), np.nan)
        if n in given:
            ok = np.isnan(solution) | (np.abs(solution - given[n]) <= 1e-8 * (1 + np.abs(given[n])))
            if not np.all(ok):
                raise SeriesError(f"the initial derivative {n} contradicts the ODE at its start")
            known[n] = given[n]
        elif np.any(np.isnan(solution)):
            raise SeriesError(f"resonance: the coefficient of u**{n} is not determined by the ODE")
        else:
            known[n] = solution
    return PowerSeries(start, {n: [float(v) for v in c] for n, c in known.items()}, pole)


def _series_state(ser: PowerSeries, h, m: int, d: int, number):
    state = []
    for j in range(m):
        for i in range(d):
            state.append(sum(number(c[i]) * (factorial(n) // factorial(n - j)) * h ** (n - j)
                             for n, c in ser.coefficients.items() if n >= j))
    return state


def _velocity(ode: ODE, objective, velocity):
    """The initial velocity as a float array of the objective's dimension, or ``None``."""
    if velocity is None:
        return None
    if ode.order != 2:
        raise IntegrationError(f"an initial velocity is given, but the ODE has order {ode.order}: only a "
                               "second-order ODE takes Xdot(t0) (a first-order ODE fixes it itself)")
    value = np.asarray(velocity, dtype=float)
    d = as_numeric(objective).dimension
    if value.shape != (d,) or not np.all(np.isfinite(value)):
        raise IntegrationError(f"the initial velocity must be {d} finite numbers, not {velocity!r}")
    return value


def started_at(ode: ODE, start) -> ODE:
    r"""The same ODE with its start and its initial conditions moved to :math:`t_0` = ``start``.

    The initial values are kept (:math:`X(t_0) = x_0`, :math:`\dot X(t_0) = \dots`); only where they
    are imposed changes, e.g. to start Nesterov's ODE away from its singular point :math:`t = 0`.

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> later = started_at(continuous_limit(nesterov()).ode, 1)
    >>> later.start, later.initial_conditions[0]
    (1, Eq(X(1), x_0))
    """
    start = sympify(start, strict=True)
    conditions = []
    for condition in ode.initial_conditions:
        j = ode.initial_order(condition)
        if j == 0:
            lhs = ode.trajectory(start)
        else:
            lhs = Subs(Derivative(ode.trajectory(ode.time), (ode.time, j)), ode.time, start)
        conditions.append(Eq(lhs, condition.rhs))
    return replace(ode, start=start, initial_conditions=tuple(conditions))


def solve_ode(ode: ODE, objective, x0_value, times, *, parameters: dict | None = None,
              handover: float | None = None, order: int = 12, rtol: float = 1e-12, atol: float = 1e-14,
              dps: int | None = None, velocity=None) -> Trajectory | list:
    r"""Integrate ``ode`` for an objective from :math:`x_0`, starting from its series when it is singular.

    At a regular start the integrator starts there from the initial conditions.
    At a singular start :math:`t_0` the series is computed in floating point
    (:func:`numeric_series`; with ``dps``, exactly by :func:`component_series`) and
    evaluated at :math:`t_0 + h` and the integrator takes over; :math:`h`
    (``handover``) is halved until the last term of the series is below
    :math:`10^{-17}` (or :math:`10^{-\text{dps}-5}`). Times before :math:`t_0 + h` are
    read from the series.

    Parameters
    ----------
    dps : int, optional
        Integrate with mpmath at this many digits (returns a list of mpmath states).
    velocity : array_like, optional
        :math:`\dot X(t_0)`, in place of the ODE's own condition (a second-order ODE only). At a
        singular start the series must allow it (Nesterov's ODE forces :math:`\dot X(0) = 0`):
        otherwise a :class:`~symflow.core.SeriesError` says the value contradicts the ODE there.

    Raises
    ------
    IntegrationError
        For a time before the ODE's start, a failed or blown-up integration, an initial velocity
        for a first-order ODE.

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
    velocity = _velocity(ode, objective, velocity)
    if velocity is not None and dps is not None:
        raise IntegrationError("an initial velocity is supported in floating point only (leave out dps)")
    if dps is None and pole == 0:
        system = first_order_system(ode, objective, parameters=parameters)
        y0 = system.initial_state(x0_value)
        if velocity is not None:
            y0 = np.concatenate([y0[:system.dimension], velocity])
        return integrate(system, t0, y0, ts, rtol=rtol, atol=atol)
    if not isinstance(objective, Objective):
        raise ObjectiveError("starting at a singular point needs a symbolic Objective (for its series)")
    d, m = objective.dimension, ode.order
    if dps is None:
        setup = _series_setup(ode, objective, x0_value, parameters, velocity)
        scale = 1 + max(abs(float(v)) for v in x0_value)
        radius = max(0.1, handover or 0.0)
        while True:
            ser = _series_at(setup, order, radius)
            h = min(handover or 0.1, radius)
            last = max(abs(c) for n in (ser.order, ser.order - 1) for c in ser.coefficients[n])
            while last * h ** (ser.order - 1) > 1e-17 * scale and h > 1e-8:
                h /= 2
            check = _series_at(setup, order, radius / 2)
            here = np.array(_series_state(ser, h / 2, m, d, float))
            there = np.array(_series_state(check, h / 2, m, d, float))
            if np.max(np.abs(here - there)) <= 1e-12 * scale or radius < 1e-6:
                break
            radius /= 2    # the circle reached past the series' disc of convergence
    else:
        point = [nsimplify(v, rational=True) if isinstance(v, float) else sympify(v) for v in x0_value]
        ser = component_series(ode, objective, point, order=order, parameters=parameters)
        tol = 10.0 ** (-dps - 5)
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
