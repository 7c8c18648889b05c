r"""Restarting Nesterov's scheme and its ODE (SBC §5; O'Donoghue and Candès 2015).

* :func:`restart_ode`: integrate the derived ODE and restart its clock (time back to the ODE's start,
  velocity to its initial condition) at an integrator event, each segment starting again from its series
  at the singular point. Two rules share the loop:

  - speed restart (:func:`speed_restart_ode`, SBC §5.1): when the speed stops increasing,
    :math:`T = \sup\{t : \tfrac{d}{dt}\|\dot X\|^2 > 0 \text{ on } (0, t)\}`, the event
    :math:`\langle\dot X, \ddot X\rangle = 0`;
  - function restart (:func:`function_restart_ode`): when :math:`f(X(t))` stops decreasing, the event
    :math:`\langle\nabla f(X), \dot X\rangle = 0` crossed upwards. O'Donoghue and Candès (2015), Found.
    Comput. Math. 15, arXiv:1204.3982, §1, restart by resetting the momentum to zero and taking the current
    iterate as the new start, when the objective's values ripple (increase); this continuous form is
    derived here.
* :func:`speed_restart_method` (SBC's Algorithm 1): restart the momentum counter when
  :math:`\|x_k - x_{k-1}\| < \|x_{k-1} - x_{k-2}\|` (after at least ``k_min`` steps).
* :func:`function_restart_method`: restart the counter when :math:`f(x_k) > f(x_{k-1})`.
* :func:`linear_rate`: the fitted slope of :math:`\log(f - f^\star)`, to show the linear rate
  of restarting on strongly convex functions against the plain method.

Examples
--------
>>> import numpy as np
>>> from symflow.numeric import quadratic
>>> f = quadratic(np.diag([1.0, 0.01]))
>>> plain = speed_restart_method(f, [1.0, 1.0], step_size=1.0, iterations=400, restart=False)
>>> fast = speed_restart_method(f, [1.0, 1.0], step_size=1.0, iterations=400)
>>> bool(f.value(fast[-1]) < 1e-6 * f.value(plain[-1]))
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from ..core.errors import IntegrationError, SymflowError
from ..core.limits import check_budget
from ..core.model import ODE
from ..methods import nesterov
from .iterate import simulate_method
from .objectives import Objective, as_numeric
from .start import solve_ode
from .system import first_order_system

__all__ = ["RestartedTrajectory", "RESTART_RULES", "restart_ode", "speed_restart_ode", "function_restart_ode",
           "speed_restart_method", "function_restart_method", "linear_rate"]


@dataclass(frozen=True)
class RestartedTrajectory:
    r"""A restarted ODE solution: samples, the restart times and the points :math:`X` there (``points``)."""

    t: np.ndarray
    X: np.ndarray
    restarts: tuple
    points: tuple = ()


def _speed_event(system, f):
    r""":math:`\langle\dot X, \ddot X\rangle = \tfrac12\tfrac{d}{dt}\|\dot X\|^2`, crossing zero downwards."""
    d = system.dimension

    def event(tt, y):
        return float(np.dot(y[d:], system.rhs(tt, y)[d:]))
    event.direction = -1
    return event


def _function_event(system, f):
    r""":math:`\tfrac{d}{dt}f(X) = \langle\nabla f(X), \dot X\rangle`, crossing zero upwards."""
    d = system.dimension

    def event(tt, y):
        return float(np.dot(f.gradient(y[:d]), y[d:]))
    event.direction = 1
    return event


#: the restart rules of :func:`restart_ode`: the event each one watches
RESTART_RULES = {"speed": _speed_event, "function": _function_event}


def restart_ode(ode: ODE, objective: Objective, x0, horizon: float, *, rule: str = "speed",
                parameters: dict | None = None, samples: int = 400, times=None, min_interval: float = 0.0,
                gradient_floor: float = 1e-9, rtol: float = 1e-10, atol: float = 1e-12) -> RestartedTrajectory:
    r"""Integrate a second-order ODE, restarting its clock whenever ``rule``'s event fires.

    A restart starts the ODE afresh from the current point: its time goes back to the ODE's start
    :math:`t_0` and its velocity to the ODE's own initial condition (:math:`\dot X(0) = 0` for Nesterov's
    ODE), the first step again from its series at a singular start. Two rules, each an integrator event:

    * ``"speed"`` (SBC §5): restart when the speed stops increasing, the event
      :math:`\langle\dot X, \ddot X\rangle = \tfrac12\tfrac{d}{dt}\|\dot X\|^2` crossing zero downwards;
    * ``"function"`` (the continuous analogue of O'Donoghue and Candès' function scheme, derived here):
      restart when :math:`f(X(t))` stops decreasing, the event
      :math:`\tfrac{d}{dt}f(X) = \langle\nabla f(X), \dot X\rangle` crossing zero upwards.

    Global time runs from :math:`t_0`; the solution is sampled at ``samples + 1`` equally spaced times in
    :math:`[t_0, \text{horizon}]`, or at ``times`` when given. Each segment's absolute tolerance is
    ``atol`` scaled by :math:`\|\nabla f\|` at its start relative to :math:`x_0` (the restarted path shrinks
    towards the minimiser). A restart point with :math:`\|\nabla f\| \le` ``gradient_floor``
    :math:`\cdot\|\nabla f(x_0)\|` is taken as stationary and the path stays there (a stationary point's
    solution is constant; below that the integrator's tolerance, not the dynamics, would decide the events).

    Raises
    ------
    SymflowError
        An ODE that is not of second order, or an unknown rule.
    IntegrationError
        A failed integration, or a restart interval shorter than ``min_interval``.

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.parse import parse_objective
    >>> ode = continuous_limit(nesterov()).ode
    >>> f = parse_objective("x1**2/2 + 50*x2**2")
    >>> speed = restart_ode(ode, f, [1.0, 1.0], 1.0, samples=10)
    >>> value = restart_ode(ode, f, [1.0, 1.0], 1.0, rule="function", samples=10)
    >>> bool(0 < speed.restarts[0] < value.restarts[0])   # f decreases while the speed increases
    True
    """
    if rule not in RESTART_RULES:
        raise SymflowError(f"unknown restart rule {rule!r}; one of: {', '.join(RESTART_RULES)}")
    if ode.order != 2:
        raise SymflowError(f"{rule} restart needs a second-order ODE (it resets the velocity), not one of "
                           f"order {ode.order}")
    values = dict(parameters or {})
    system = first_order_system(ode, objective, parameters=values)
    f = as_numeric(objective)
    d, t0 = system.dimension, float(system.start)
    event = RESTART_RULES[rule](system, f)
    event.terminal = True
    grid = np.linspace(t0, horizon, samples + 1) if times is None else np.array(sorted(times), dtype=float)
    origin, point, restarts, points = t0, np.asarray(x0, dtype=float), [], []
    initial = float(np.linalg.norm(f.gradient(point)))
    ts, xs = [], []
    while origin < horizon:
        check_budget(f"restarting the ODE (at t = {origin:.6g})")
        span = horizon - origin
        h = min(1e-3, span / 2)
        scale = float(np.linalg.norm(f.gradient(point))) / initial if initial > 0 else 1.0
        start = solve_ode(ode, objective, point, [t0 + h], parameters=values).states[0]
        sol = solve_ivp(system.rhs, (t0 + h, t0 + span), start, method="DOP853", rtol=rtol,
                        atol=atol * max(scale, 1e-300), events=event, dense_output=True)
        if sol.status == -1:
            raise IntegrationError(f"the restarted integration failed: {sol.message}")
        length = sol.t[-1] - t0
        for g in grid[(grid >= origin) & (grid <= origin + length)]:
            local = t0 + (g - origin)
            state = sol.sol(local) if local >= t0 + h else solve_ode(ode, objective, point, [local],
                                                                     parameters=values).states[0]
            ts.append(g)
            xs.append(state[:d])
        if sol.status != 1:
            break
        if length < min_interval:
            raise IntegrationError(f"a restart interval ({length:.3g}) shorter than min_interval = {min_interval:g}")
        origin += length
        point = sol.y[:d, -1].copy()
        restarts.append(origin)
        points.append(point)
        if initial == 0 or np.linalg.norm(f.gradient(point)) <= gradient_floor * initial:
            for g in grid[grid > origin]:   # stationary to working precision: the path stays
                ts.append(g)
                xs.append(point)
            break
    ts, idx = np.unique(np.array(ts), return_index=True)
    return RestartedTrajectory(ts, np.array(xs)[idx], tuple(restarts), tuple(points))


def speed_restart_ode(ode: ODE, objective: Objective, x0, horizon: float, **options) -> RestartedTrajectory:
    r"""SBC's speed-restarting ODE: :func:`restart_ode` with ``rule="speed"``.

    The restart time is :math:`T = \sup\{t > 0 : \tfrac{d}{dt}\|\dot X(u)\|^2 > 0 \text{ on } (0, t)\}`
    (SBC §5.1); ``options`` are those of :func:`restart_ode`.

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.parse import parse_objective
    >>> ode = continuous_limit(nesterov()).ode
    >>> tr = speed_restart_ode(ode, parse_objective("x1**2/2 + 50*x2**2"), [1.0, 1.0], 1.0, samples=10)
    >>> len(tr.restarts) > 0
    True
    """
    return restart_ode(ode, objective, x0, horizon, rule="speed", **options)


def function_restart_ode(ode: ODE, objective: Objective, x0, horizon: float, **options) -> RestartedTrajectory:
    r"""Restart the ODE's clock whenever :math:`f(X(t))` stops decreasing: :func:`restart_ode`, ``rule="function"``.

    The continuous analogue of O'Donoghue and Candès' function-value restart (derived here): the
    restart time is the first :math:`t` at which :math:`\langle\nabla f(X), \dot X\rangle` crosses zero
    upwards. On :math:`f = \tfrac\lambda2 x^2` (one dimension) :math:`\tfrac{d}{dt}f = \lambda X\dot X`, and
    :math:`X = 2J_1(z)/z` reaches zero (:math:`z = j_{1,1}`) before :math:`\dot X = -2\sqrt\lambda J_2(z)/z`
    does, so the restart lands on the minimiser.

    Examples
    --------
    >>> from scipy.special import jn_zeros
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.parse import parse_objective
    >>> ode = continuous_limit(nesterov()).ode
    >>> tr = function_restart_ode(ode, parse_objective("2*x1**2"), [1.0], 3.0, samples=30)
    >>> bool(abs(tr.restarts[0] - jn_zeros(1, 1)[0] / 2) < 1e-8)
    True
    """
    return restart_ode(ode, objective, x0, horizon, rule="function", **options)


def _run(objective, x0, step_size, iterations, rule, k_min):
    f = as_numeric(objective)

    def check(kk, counter, store):
        if counter < k_min or ("x", kk - 2) not in store:
            return False
        return rule(f, store[("x", kk)], store[("x", kk - 1)], store[("x", kk - 2)])
    return simulate_method(nesterov(), f, x0, step_size=step_size, iterations=iterations,
                           restart=check).primary


def speed_restart_method(objective, x0, *, step_size: float, iterations: int, k_min: int = 10,
                         restart: bool = True) -> np.ndarray:
    r"""SBC's Algorithm 1: Nesterov's scheme restarting the counter when the step length decreases.

    ``restart=False`` gives the plain scheme for comparison. Returns the iterates ``(N + 1, d)``.

    Examples
    --------
    >>> from symflow.numeric import quadratic
    >>> speed_restart_method(quadratic([[1.0]]), [1.0], step_size=0.5, iterations=2).ravel().tolist()
    [1.0, 0.5, 0.25]
    """
    def rule(f, xk, xk1, xk2):
        return restart and np.linalg.norm(xk - xk1) < np.linalg.norm(xk1 - xk2)
    return _run(objective, x0, step_size, iterations, rule, k_min)


def function_restart_method(objective, x0, *, step_size: float, iterations: int, k_min: int = 1) -> np.ndarray:
    r"""Function restart of Nesterov's scheme: restart the counter when :math:`f(x_k) > f(x_{k-1})`.

    Examples
    --------
    >>> from symflow.numeric import quadratic
    >>> xs = function_restart_method(quadratic([[1.0, 0], [0, 0.01]]), [1.0, 1.0], step_size=1.0, iterations=300)
    >>> bool(np.linalg.norm(xs[-1]) < 1e-6)
    True
    """
    def rule(f, xk, xk1, xk2):
        return f.value(xk) > f.value(xk1)
    return _run(objective, x0, step_size, iterations, rule, k_min)


def linear_rate(values, *, floor: float = 1e-13) -> float:
    r"""The fitted slope of :math:`\log(f_k - f^\star)` against :math:`k` (negative: linear convergence).

    Entries at or below ``floor`` (rounding level) are left out.

    Examples
    --------
    >>> round(linear_rate(0.5 ** np.arange(30)), 6) == round(float(np.log(0.5)), 6)
    True
    """
    v = np.asarray(values, dtype=float)
    k = np.arange(v.size)
    keep = v > floor
    if keep.sum() < 3:
        raise SymflowError("fewer than three values above the rounding floor: no rate to fit")
    return float(np.polyfit(k[keep], np.log(v[keep]), 1)[0])
