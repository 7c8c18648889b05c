r"""Integrating first-order systems: SciPy's ``solve_ivp`` and mpmath's Taylor integrator."""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np
from scipy.integrate import solve_ivp
from sympy import (
    sympify,
)

from ..core.errors import (
    IntegrationError,
)
from ..core.limits import check_budget
from .system import FirstOrderSystem

__all__ = ["Trajectory", "integrate", "integrate_mp"]


@dataclass(frozen=True)
class Trajectory:
    r"""States of an integrated system at requested times.

    Attributes
    ----------
    t : ndarray, shape (m,)
    states : ndarray, shape (m, order * d)
    dimension : int
    """

    t: np.ndarray
    states: np.ndarray
    dimension: int

    @property
    def X(self) -> np.ndarray:
        r""":math:`X(t)` at the times, shape ``(m, d)``."""
        return self.states[:, :self.dimension]

    @property
    def V(self) -> np.ndarray:
        r""":math:`\dot X(t)` at the times (second-order ODEs), shape ``(m, d)``."""
        return self.states[:, self.dimension:2 * self.dimension]


def check_times(times, t0: float) -> np.ndarray:
    ts = np.atleast_1d(np.asarray(times, dtype=float))
    if ts.ndim != 1 or not np.all(np.isfinite(ts)):
        raise IntegrationError(f"times must be finite numbers, not {times!r}")
    if np.any(ts < t0) or np.any(np.diff(ts) < 0):
        bad = ts[ts < t0]
        raise IntegrationError(f"time {bad[0] if bad.size else ts} is before the start {t0:g} "
                               "or the times are not increasing")
    return ts


def integrate(system: FirstOrderSystem, t0: float, y0, times, *, rtol: float = 1e-12,
              atol: float = 1e-14, method: str = "DOP853", events=None, bound: float = 1e12) -> Trajectory:
    r"""Integrate ``system`` from the state ``y0`` at ``t0`` and sample it at ``times`` (SciPy).

    Raises
    ------
    IntegrationError
        For a time before ``t0``, a failed step, or a state beyond ``bound`` (blow-up).

    Examples
    --------
    >>> from symflow.core import ODE, X, t, grad
    >>> from symflow.numeric import quadratic, first_order_system
    >>> sys = first_order_system(ODE(-grad(X(t)), 1), quadratic([[1.0]]))
    >>> tr = integrate(sys, 0.0, [1.0], [1.0])
    >>> float(abs(tr.X[0, 0] - np.exp(-1))) < 1e-12
    True
    """
    ts = check_times(times, t0)
    y0 = np.asarray(y0, dtype=float)
    limit = bound * (1.0 + float(np.max(np.abs(y0))))

    def blow_up(tt, y):
        return limit - np.max(np.abs(y))
    blow_up.terminal = True
    all_events = [blow_up] + list(events or [])
    if ts[-1] == t0:
        return Trajectory(ts, np.tile(y0, (ts.size, 1)), system.dimension)
    calls = [0]

    def rhs(tt, y):
        calls[0] += 1
        if calls[0] % 64 == 0:
            check_budget(f"integrating {system.ode.name or 'the ODE'} (at t = {tt:.6g})")
        return system.rhs(tt, y)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            sol = solve_ivp(rhs, (t0, ts[-1]), y0, method=method, t_eval=ts, rtol=rtol, atol=atol,
                            events=all_events)
    except (ValueError, FloatingPointError, ZeroDivisionError, OverflowError, TypeError) as exc:
        raise IntegrationError(f"the integration of {system.ode.name or 'the ODE'} failed: {exc}") from None
    if sol.t_events[0].size:
        raise IntegrationError(f"the solution blew up (|state| > {limit:.3g}) near t = {sol.t_events[0][0]:.6g}")
    if sol.status != 0 or sol.y.shape[1] != ts.size or not np.all(np.isfinite(sol.y)):
        reached = float(np.max(np.abs(sol.y))) if np.size(sol.y) else float("nan")
        hint = "; the solution may blow up" if not reached < 1e6 * (1 + float(np.max(np.abs(y0)))) else ""
        shown = f" (|state| reached {reached:.3g}{hint})" if reached == reached else " (the solution may blow up)"
        raise IntegrationError(f"the integration stopped before t = {ts[-1]:g}: {sol.message}{shown}")
    return Trajectory(ts, sol.y.T.copy(), system.dimension)


def integrate_mp(system: FirstOrderSystem, t0, y0, times, *, dps: int = 40) -> list:
    r"""Integrate a ``modules="mpmath"`` component system with :func:`mpmath.odefun` at ``dps`` digits.

    Returns a list of states (lists of ``mpf``), one per time.

    Examples
    --------
    >>> from symflow.core import ODE, X, t, grad
    >>> from symflow.parse import parse_objective
    >>> from symflow.numeric import component_system
    >>> sys = component_system(ODE(-grad(X(t)), 1), parse_objective("x1**2/2"), modules="mpmath")
    >>> [y] = integrate_mp(sys, 0, [1], [1], dps=30)
    >>> mpmath.nstr(y[0], 25)
    '0.3678794411714423215955238'
    """
    with mpmath.workdps(dps):
        start = mpmath.mpf(sympify(t0, strict=True).evalf(dps + 10)) if not isinstance(t0, (int, float)) else mpmath.mpf(t0)
        state = [mpmath.mpf(sympify(v, strict=True).evalf(dps + 10)) if not isinstance(v, mpmath.mpf) else v for v in y0]
        ts = [mpmath.mpf(sympify(v, strict=True).evalf(dps + 10)) if not isinstance(v, (int, float)) else mpmath.mpf(v)
              for v in times]
        if any(tt < start for tt in ts):
            raise IntegrationError(f"a requested time is before the start {mpmath.nstr(start, 8)}")
        solution = mpmath.odefun(system.rhs, start, state)
        out = []
        for tt in ts:
            check_budget("integrating at high precision")
            value = solution(tt)
            if not all(mpmath.isfinite(v) for v in value):
                raise IntegrationError(f"the high-precision integration failed at t = {mpmath.nstr(tt, 8)}")
            out.append(list(value))
        return out
