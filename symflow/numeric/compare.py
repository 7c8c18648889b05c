r"""A method against its ODE on a concrete objective: iterates and trajectory at matching times, and the gap."""
from __future__ import annotations

import numpy as np
from sympy import sympify

from ..core.errors import SymflowError
from ..core.model import ODE, Method
from .iterate import run_method
from .objectives import as_numeric
from .start import solve_ode
from .system import parameter_values

__all__ = ["compare_with_ode"]


def compare_with_ode(method: Method, ode: ODE, objective, x0, *, step_sizes, horizon: float,
                     parameters: dict | None = None, exponent=0.5, offset=0, times=(),
                     samples: int = 400) -> dict:
    r"""Discrete runs against the derived ODE at the matching times :math:`t_k = (k + c)s^{a}` (SBC Thm 2).

    ``ode`` is the method's ODE, e.g. ``continuous_limit(method).ode`` (so never typed by hand), and
    ``exponent`` :math:`a` and ``offset`` :math:`c` are its limit's (``limit.exponent``, ``limit.offset``).
    Each run goes up to the last index with :math:`t_k \le` ``horizon``. The ODE is integrated with
    :func:`~symflow.numeric.solve_ode` from its (singular) start: once for all the runs, the plotting grid
    (``samples + 1`` times from its start to ``horizon``) and the requested ``times`` when it does not depend on
    ``s``; else once per step size (at that ``s``) and once for the grid and the times (at ``parameters["s"]``,
    or at the only step size).

    Returns
    -------
    dict
        ``{"ode": {"t", "X", "f"}, "runs": [{"s", "t", "x", "f", "error", "at"}, ...], "at": {"t", "X", "f"}}``:
        the ODE on the grid, each run's iterates and ``error`` :math:`\max_{t_k \le T}\|x_k - X(t_k)\|`, and at
        the requested times the ODE (``"at"``) and each run's iterate nearest to each time
        (``run["at"] = {"k", "t", "x", "f"}``).

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.parse import parse_objective
    >>> ode = continuous_limit(nesterov()).ode
    >>> data = compare_with_ode(nesterov(), ode, parse_objective("x1**2/2 + x2**2"), [1, 1],
    ...                         step_sizes=[0.1, 0.01], horizon=3.0, times=[1.0])
    >>> data["runs"][1]["error"] < data["runs"][0]["error"]
    True
    >>> data["runs"][1]["at"]["k"], data["runs"][1]["at"]["t"]   # t_k = k sqrt(s)
    ([10], [1.0])
    """
    f = as_numeric(objective)
    a, c = float(exponent), float(offset)
    names = {str(p) for p in method.parameters}
    method_values = {key: value for key, value in (parameters or {}).items() if key in names}
    plans = []
    for s in step_sizes:
        delta = float(s) ** a
        n = int(np.floor(horizon / delta - c + 1e-9))
        if n < 0:
            raise SymflowError(f"step size {s:g}: the first iterate sits at t = {c * delta:g}, after the horizon "
                               f"{horizon:g}")
        plans.append((float(s), run_method(method, f, x0, step_size=float(s), iterations=n,
                                           parameters=method_values), (np.arange(n + 1) + c) * delta))
    start = _start(ode, parameters, step_sizes)
    grid = np.linspace(start, horizon, samples + 1)
    asked = np.asarray(times, dtype=float)
    if _depends_on_step(ode):   # one integration per step size: the ODE changes with s
        paths = [solve_ode(ode, objective, x0, ts, parameters={**(parameters or {}), "s": s}).X
                 for s, _, ts in plans]
        shown = {**(parameters or {})}
        shown.setdefault("s", step_sizes[0])
        both = np.concatenate([grid, asked])
        times_, where = np.unique(both, return_inverse=True)
        states = solve_ode(ode, objective, x0, times_, parameters=shown).X[np.ravel(where)]
        X, at = states[:grid.size], states[grid.size:]
    else:                       # one integration for every run's times, the plot's grid and the asked times
        wanted = np.concatenate([ts for _, _, ts in plans] + [grid, asked])
        times_, where = np.unique(wanted, return_inverse=True)
        states = solve_ode(ode, objective, x0, times_, parameters=parameters).X[np.ravel(where)]
        cuts = np.cumsum([ts.size for _, _, ts in plans] + [grid.size])
        *paths, X, at = np.split(states, cuts)
    runs = []
    for (s, xs, ts), path in zip(plans, paths):
        delta = s ** a
        ks = [int(min(max(round(u / delta - c), 0), len(xs) - 1)) for u in asked]
        values = np.array([f.value(x) for x in xs])
        runs.append({"s": s, "t": ts, "x": xs, "f": values,
                     "error": float(np.max(np.linalg.norm(xs - path, axis=1))),
                     "at": {"k": ks, "t": [float(ts[k]) for k in ks], "x": [xs[k].tolist() for k in ks],
                            "f": [float(values[k]) for k in ks]}})
    return {"ode": {"t": grid, "X": X, "f": np.array([f.value(x) for x in X])}, "runs": runs,
            "at": {"t": asked.tolist(), "X": at.tolist(), "f": [float(f.value(x)) for x in at]}}


def _start(ode: ODE, parameters, step_sizes) -> float:
    """The ODE's start as a number (a high-resolution start such as 3*sqrt(s)/2 at the plotted s)."""
    given = {**({"s": step_sizes[0]} if _depends_on_step(ode) else {}), **(parameters or {})}
    return float(sympify(ode.start).subs(parameter_values(ode, given)))


def _depends_on_step(ode: ODE) -> bool:
    """Whether the ODE has the step size ``s`` among its parameters (a high-resolution ODE)."""
    symbols = ode.rhs.free_symbols | sympify(ode.start).free_symbols
    return any(str(symbol) == "s" for symbol in symbols)
