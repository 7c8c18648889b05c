r"""An energy and a rate bound along an integrated trajectory, and :math:`f - f^\star` along a method's run.

:func:`energy_decay` integrates an ODE once on a concrete objective and evaluates, on one time grid,
the energy :math:`E(t)`, the gap :math:`f(X(t)) - f^\star`, a bound on the gap (e.g. the rate a
certificate proved, :math:`f(X(t)) - f^\star \le E(t_0)e^{-\rho(t - t_0)}/a(t)`) and the bound
:math:`E(t_0)e^{-\rho(t - t_0)}` on the energy. :func:`method_decay` runs the discrete method at a
step size and attaches the ansatz's times :math:`t_k = (k + c)s^a` to its iterates, with an energy
:math:`E_k` and a bound in :math:`k` when given. The expressions come from the caller (a certificate);
nothing here proves anything: these are the numbers a plot shows.

Examples
--------
>>> from symflow.core import ODE, X, t, x0, x_star, grad, norm2
>>> from symflow.parse import parse_objective
>>> from sympy import Eq
>>> flow = ODE(-grad(X(t)), 1, initial_conditions=(Eq(X(0), x0),))
>>> run = energy_decay(t * (norm2(X(t)) / 2) + norm2(X(t) - x_star) / 2, flow, parse_objective("x1**2/2"),
...                    [1.0], [0.5, 2.0], bound=norm2(x0 - x_star) / (2 * t))
>>> bool(all(run["gap"][1:] <= run["bound"][1:])), run["minimiser"].tolist()
(True, [0.0])
"""
from __future__ import annotations

import numpy as np
from sympy import Derivative, Expr, S, sympify

from ..core.errors import IntegrationError, UnsupportedError
from ..core.model import ODE, Method
from ..core.symbols import AppliedVector, k, sequence_shift, x0, x_star
from .gram import gram_values
from .iterate import simulate_method
from .minimiser import minimiser
from .objectives import as_numeric
from .start import solve_ode

__all__ = ["energy_decay", "method_decay", "decay_grid"]


def decay_grid(start: float, horizon: float, times=(), *, points: int = 300) -> np.ndarray:
    r"""Times from ``start`` to ``horizon``, even on a linear and on a logarithmic axis, with ``times`` in.

    Examples
    --------
    >>> g = decay_grid(0.0, 10.0, [3.0], points=5)
    >>> float(g[0]), float(g[-1]), 3.0 in g, bool(np.all(np.diff(g) > 0))
    (0.0, 10.0, True, True)
    """
    if not horizon > start:
        raise IntegrationError(f"the horizon {horizon:g} must be after the start t0 = {start:g}")
    first = start if start > 0 else horizon * 1e-3
    return np.unique(np.concatenate([np.linspace(start, horizon, points), np.geomspace(first, horizon, points),
                                     np.asarray(times, dtype=float)]))


def energy_decay(energy: Expr, ode: ODE, objective, x0_value, times, *, bound: Expr | None = None,
                 rate: Expr = S.Zero, parameters: dict | None = None, minimum: tuple | None = None) -> dict:
    r"""Integrate ``ode`` once on ``times`` and evaluate :math:`E`, :math:`f - f^\star` and the bounds there.

    Parameters
    ----------
    energy : Expr
        :math:`E` in Gram coordinates of :math:`X(t)`, :math:`\dot X(t)`, :math:`x^\star`, :math:`t`.
    ode : ODE
    objective : Objective
    x0_value : array_like
    times : array_like
        Increasing times from the ODE's start (e.g. :func:`decay_grid`).
    bound : Expr, optional
        A bound on :math:`f(X(t)) - f^\star` in :math:`x_0`, :math:`x^\star`, :math:`f(x_0)`, :math:`t`, ...
    rate : Expr
        :math:`\rho` of :math:`\dot E \le -\rho E` (for the bound :math:`E(t_0)e^{-\rho(t - t_0)}`).
    parameters : dict, optional
        Values of the parameters (``{"r": 3, "mu": 0.1}``), keyed by name.
    minimum : tuple, optional
        ``(x_star, f_star)``; by default :func:`~symflow.numeric.minimiser` from :math:`x_0`.

    Returns
    -------
    dict
        ``{"t", "X", "V", "f", "gap", "energy", "energy_bound", "bound", "minimiser", "minimum"}``
        (``bound`` is None without one); arrays over ``times``.

    Raises
    ------
    IntegrationError
        When the trajectory, the energy or the bound is not finite where it should be.
    """
    f = as_numeric(objective)
    values = {str(key): value for key, value in (parameters or {}).items()}
    numbers = {key: float(sympify(value)) for key, value in values.items()}
    point = f.check_point(x0_value)
    x_min, f_min = minimum if minimum is not None else minimiser(objective, point)
    ts = np.asarray(times, dtype=float)
    trajectory = solve_ode(ode, objective, point, ts, parameters=values)
    X = np.asarray(trajectory.X)
    V = np.asarray(trajectory.V) if ode.order >= 2 else None
    path = ode.trajectory(ode.time)
    vectors = {path: X, x_star: x_min, x0: point}
    if V is not None:
        vectors[Derivative(path, ode.time)] = V
    elif S(energy).has(Derivative(path, ode.time)):
        raise UnsupportedError("the energy uses the velocity of a first-order ODE; write it with the ODE's "
                               "right-hand side instead")
    scalars = {str(ode.time): ts, **numbers}
    with np.errstate(all="ignore"):
        fx = np.array([float(f.value(x)) for x in X])
    E = gram_values(energy, objective, vectors, scalars)
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(fx)) and np.all(np.isfinite(E))):
        raise IntegrationError("the integration produced non-finite values (the trajectory or its energy)")
    rho = _number(rate, numbers, "the rate")
    energy_bound = E[0] * np.exp(-rho * (ts - ts[0]))
    upper = None
    if bound is not None:
        with np.errstate(all="ignore"):
            upper = gram_values(bound, objective, {x0: point, x_star: x_min}, scalars)
        upper = np.where(np.isfinite(upper), upper, np.nan)
        if not np.any(np.isfinite(upper)):
            raise IntegrationError("the bound is not finite at any time of the run")
    return {"t": ts, "X": X, "V": V, "f": fx, "gap": fx - f_min, "energy": E, "energy_bound": energy_bound,
            "bound": upper, "minimiser": np.asarray(x_min), "minimum": float(f_min)}


def _number(expr, numbers: dict, what: str) -> float:
    """``expr`` at the parameter values (keyed by name) as a float."""
    expr = sympify(expr)
    value = expr.subs({sym: numbers[str(sym)] for sym in expr.free_symbols if str(sym) in numbers})
    if value.free_symbols:
        raise UnsupportedError(f"{what} {expr} needs a value for {', '.join(sorted(map(str, value.free_symbols)))}")
    return float(value)


def method_decay(method: Method, objective, x0_value, *, step_size: float, horizon: float,
                 exponent=S.Half, offset=S.Zero, parameters: dict | None = None, minimum: tuple | None = None,
                 energy: Expr | None = None, bound: Expr | None = None) -> dict:
    r"""Run ``method`` up to the time ``horizon`` of :math:`t_k = (k + c)s^a` and evaluate :math:`f(x_k) - f^\star`.

    Parameters
    ----------
    step_size : float
        :math:`s`.
    exponent, offset
        :math:`a` and :math:`c` of the time scale (e.g. a ``ContinuousLimit``'s).
    energy, bound : Expr, optional
        :math:`E_k` (in the method's sequences at :math:`k + j`) and a bound on :math:`f(x_k) - f^\star`
        (in :math:`k`, :math:`s`, :math:`x_0`, :math:`x^\star`), evaluated where every term they use exists.

    Returns
    -------
    dict
        ``{"s", "k", "t", "x", "f", "gap", "energy", "bound"}`` over the indices kept.

    Examples
    --------
    >>> from symflow.methods import gradient_descent
    >>> from symflow.parse import parse_objective
    >>> run = method_decay(gradient_descent(), parse_objective("x1**2/2"), [1.0], step_size=0.5, horizon=2.0,
    ...                    exponent=1)
    >>> run["t"].tolist(), run["gap"].tolist()
    ([0.0, 0.5, 1.0, 1.5, 2.0], [0.5, 0.125, 0.03125, 0.0078125, 0.001953125])
    """
    f = as_numeric(objective)
    point = f.check_point(x0_value)
    x_min, f_min = minimum if minimum is not None else minimiser(objective, point)
    numbers = {str(key): float(sympify(value)) for key, value in (parameters or {}).items()}
    a, c = float(exponent), float(offset)
    iterations = int(np.floor(horizon / step_size ** a - c + 1e-9))
    if iterations < 1:
        raise IntegrationError(f"the horizon {horizon:g} is shorter than one step (s = {step_size:g})")
    own = {str(p) for p in method.parameters}
    run = simulate_method(method, objective, point, step_size=step_size, iterations=iterations,
                          parameters={key: value for key, value in numbers.items() if key in own})
    xs = run.primary
    ks = np.arange(len(xs))
    shifts = []
    for expr in (energy, bound):
        if expr is not None:
            shifts += [sequence_shift(term) for term in S(expr).atoms(AppliedVector)]
    low, high = -min(shifts + [0]), len(xs) - 1 - max(shifts + [0])
    keep = ks[low:high + 1]
    with np.errstate(all="ignore"):
        fx = np.array([float(f.value(x)) for x in xs[keep]])
    scalars = {str(k): keep.astype(float), "s": step_size, **numbers}
    out = {"s": float(step_size), "k": keep, "t": (keep + c) * step_size ** a, "x": xs[keep], "f": fx,
           "gap": fx - f_min, "energy": None, "bound": None}
    if energy is not None:
        out["energy"] = gram_values(energy, objective, _sequence_vectors(energy, run, keep, x_min, point), scalars)
    if bound is not None:
        with np.errstate(all="ignore"):
            values = gram_values(bound, objective, {x0: point, x_star: x_min}, scalars)
        out["bound"] = np.where(np.isfinite(values), values, np.nan)
    return out


def _sequence_vectors(expr, run, keep, x_min, point) -> dict:
    """``{x(k + j): iterates at keep + j}`` for every sequence term of ``expr``, and x*, x0."""
    vectors = {x_star: x_min, x0: point}
    for term in S(expr).atoms(AppliedVector):
        vectors[term] = run.sequence(term.func.__name__)[keep + sequence_shift(term)]
    return vectors
