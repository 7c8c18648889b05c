r"""Restarting Nesterov's scheme and its ODE (SBC §5; O'Donoghue and Candès 2015).

* :func:`speed_restart_ode`: integrate the derived ODE and restart the clock when the
  speed stops increasing, :math:`T = \sup\{t : \tfrac{d}{dt}\|\dot X\|^2 > 0 \text{ on } (0, t)\}`,
  found as an integrator event on :math:`\langle\dot X, \ddot X\rangle`; each segment starts again
  from its series at the singular point.
* :func:`speed_restart_method` (SBC's Algorithm 1): restart the momentum counter when
  :math:`\|x_k - x_{k-1}\| < \|x_{k-1} - x_{k-2}\|` (after at least ``k_min`` steps).
* :func:`function_restart_method` (O'Donoghue–Candès): restart when :math:`f(x_k) > f(x_{k-1})`.
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

__all__ = ["RestartedTrajectory", "speed_restart_ode", "speed_restart_method", "function_restart_method",
           "linear_rate"]


@dataclass(frozen=True)
class RestartedTrajectory:
    r"""A restarted ODE solution: samples and the restart times."""

    t: np.ndarray
    X: np.ndarray
    restarts: tuple


def speed_restart_ode(ode: ODE, objective: Objective, x0, horizon: float, *, parameters: dict | None = None,
                      samples: int = 400, times=None,
                      min_interval: float = 0.0, rtol: float = 1e-10, atol: float = 1e-12) -> RestartedTrajectory:
    r"""SBC's speed-restarting ODE: :math:`\ddot X + \tfrac{r}{t}\dot X + \nabla f(X) = 0` restarted at speed maxima.

    ``ode`` is the derived limit of Nesterov's scheme (``continuous_limit(nesterov()).ode``,
    or with a symbolic friction and ``parameters={"r": ...}``); the event is
    :math:`\langle\dot X, \ddot X\rangle = \tfrac12\tfrac{d}{dt}\|\dot X\|^2` crossing zero downwards.
    The solution is sampled at ``samples + 1`` equally spaced times in :math:`[0, \text{horizon}]`, or at
    ``times`` (in :math:`[0, \text{horizon}]`) when given.

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
    values = dict(parameters or {})
    system = first_order_system(ode, objective, parameters=values)
    d = system.dimension
    grid = np.linspace(0.0, horizon, samples + 1) if times is None else np.array(sorted(times), dtype=float)
    if ode.order != 2:
        raise SymflowError("speed restart needs a second-order ODE (the event is d|Xdot|^2/dt = 0)")
    origin, point, restarts = 0.0, np.asarray(x0, dtype=float), []
    ts, xs = [], []
    while origin < horizon:
        check_budget(f"restarting the ODE (at t = {origin:.6g})")
        local_end = horizon - origin
        h = min(1e-3, local_end / 2)
        start = solve_ode(ode, objective, point, [h], parameters=values).states[0]

        def speed_change(tt, y):
            return float(np.dot(y[d:], system.rhs(tt, y)[d:]))
        speed_change.terminal, speed_change.direction = True, -1
        sol = solve_ivp(system.rhs, (h, local_end), start, method="DOP853", rtol=rtol, atol=atol,
                        events=speed_change, dense_output=True)
        if sol.status == -1:
            raise IntegrationError(f"the restarted integration failed: {sol.message}")
        end = sol.t[-1]
        inside = grid[(grid >= origin) & (grid <= origin + end)]
        for g in inside:
            local = g - origin
            state = sol.sol(local) if local >= h else solve_ode(ode, objective, point, [local],
                                                                parameters=values).states[0]
            ts.append(g)
            xs.append(state[:d])
        if sol.status == 1 and end - 0 >= min_interval:
            origin += end
            point = sol.y[:d, -1].copy()
            restarts.append(origin)
        elif sol.status == 1:
            raise IntegrationError("a restart interval shorter than min_interval")
        else:
            break
    ts, idx = np.unique(np.array(ts), return_index=True)
    return RestartedTrajectory(ts, np.array(xs)[idx], tuple(restarts))


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
    r"""O'Donoghue–Candès restart: restart the counter when :math:`f(x_k) > f(x_{k-1})`.

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
