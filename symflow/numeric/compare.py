r"""A method against its ODE on a concrete objective: the largest gap between iterates and trajectory."""
from __future__ import annotations

import numpy as np
from sympy import sympify

from ..core.model import ODE, Method
from .iterate import run_method
from .objectives import as_numeric
from .start import solve_ode

__all__ = ["compare_with_ode"]


def compare_with_ode(method: Method, ode: ODE, objective, x0, *, step_sizes, horizon: float,
                     parameters: dict | None = None, exponent: float = 0.5) -> dict:
    r"""Discrete runs against the derived ODE at the matching times :math:`t_k = k s^{a}` (SBC Thm 2).

    ``ode`` is the method's ODE, e.g. ``continuous_limit(method).ode`` (so never typed by hand);
    it is integrated with :func:`~symflow.numeric.solve_ode` from its singular start: once for all the runs
    and the plotting grid when the ODE does not depend on ``s``, else once per step size and once for the grid.

    Returns
    -------
    dict
        ``{"ode": {"t", "X", "f"}, "runs": [{"s", "t", "x", "f", "error"}, ...]}`` where ``error``
        is :math:`\max_{k \le T/s^a}\|x_k - X(k s^a)\|`.

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.parse import parse_objective
    >>> ode = continuous_limit(nesterov()).ode
    >>> data = compare_with_ode(nesterov(), ode, parse_objective("x1**2/2 + x2**2"), [1, 1],
    ...                         step_sizes=[0.1, 0.01], horizon=3.0)
    >>> data["runs"][1]["error"] < data["runs"][0]["error"]
    True
    """

    f = as_numeric(objective)
    plans = []
    for s in step_sizes:
        n = int(np.floor(horizon / s ** exponent + 1e-9))
        plans.append((s, run_method(method, f, x0, step_size=s, iterations=n, parameters=parameters),
                      np.arange(n + 1) * s ** exponent))
    grid = np.linspace(0.0, horizon, 401)
    if _depends_on_step(ode):   # one integration per step size: the ODE changes with s
        paths = [solve_ode(ode, objective, x0, ts, parameters={**(parameters or {}), "s": s}).X
                 for s, _, ts in plans]
        X = solve_ode(ode, objective, x0, grid, parameters=parameters).X
    else:                       # one integration for every run's times and the plot's grid
        wanted = np.concatenate([ts for _, _, ts in plans] + [grid])
        times, where = np.unique(wanted, return_inverse=True)
        states = solve_ode(ode, objective, x0, times, parameters=parameters).X[np.ravel(where)]
        cuts = np.cumsum([ts.size for _, _, ts in plans])
        *paths, X = np.split(states, cuts)
    runs = [{"s": float(s), "t": ts, "x": xs, "f": np.array([f.value(x) for x in xs]),
             "error": float(np.max(np.linalg.norm(xs - path, axis=1)))}
            for (s, xs, ts), path in zip(plans, paths)]
    return {"ode": {"t": grid, "X": X, "f": np.array([f.value(x) for x in X])}, "runs": runs}


def _depends_on_step(ode: ODE) -> bool:
    """Whether the ODE has the step size ``s`` among its parameters (a high-resolution ODE)."""
    symbols = ode.rhs.free_symbols | sympify(ode.start).free_symbols
    return any(str(symbol) == "s" for symbol in symbols)
