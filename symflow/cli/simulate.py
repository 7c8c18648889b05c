r"""``symflow simulate NAME --objective EXPR --x0 V [--r R] [--t T1,T2,...] [--format json|csv] [--plot FILE]``.

Derives the ODE of catalogue entry ``NAME``, specialises it to the objective
(read safely by :func:`~symflow.parse.parse_objective`), integrates it from
its start (through the power series at a singular start) and prints
:math:`X(t)` and :math:`f(X(t))` at the requested times. The plot is written
atomically: a failure leaves no file behind.

Examples
--------
>>> from symflow.cli.options import build_parser
>>> parser = build_parser()
>>> args = parser.parse_args(["simulate", "nesterov", "--objective", "x1**2/2", "--x0", "1", "--t", "1"])
>>> simulate_data(args)["t"]
[1.0]
"""
from __future__ import annotations

import csv
import io
import json

from pathlib import Path

import numpy as np
from sympy import sympify

from ..catalogue import get
from . import decay
from ..core.errors import IntegrationError, LimitExceeded, ObjectiveError, SymflowError
from ..core.limits import LIMITS, check_budget, check_limit
from ..core.symbols import VectorSymbol
from ..core.model import ODE
from ..documents.files import check_writable, write_atomic
from ..numeric import comparison_figure, speed_restart_ode
from ..numeric.objectives import as_numeric
from ..numeric.start import solve_ode
from ..parse.expressions import parse_rational
from ..parse.method import check_order
from ..parse.objective import parse_objective

__all__ = ["simulate_data", "run", "PLOT_FORMATS"]

#: the picture formats of ``--plot``, chosen by the file's suffix
PLOT_FORMATS = ("png", "pdf", "svg")


def _numbers(text: str, what: str) -> list:
    parts = [part for part in str(text).split(",") if part.strip()]
    check_limit("times" if what == "--t" else "dimension", len(parts))
    try:
        values = [float(part) for part in parts]
    except ValueError:
        raise SymflowError(f"{what} must be numbers separated by commas, not {text!r}") from None
    if not values or not all(np.isfinite(values)):
        raise SymflowError(f"{what} must be finite numbers separated by commas, not {text!r}")
    return values


def _times(text: str) -> list:
    times = _numbers(text, "--t")
    limit = LIMITS["horizon"]
    if max(abs(v) for v in times) > limit.largest:
        raise LimitExceeded(f"--t {max(times, key=abs):g}: {limit.what} is larger than symflow's limit "
                            f"{limit.largest:g} ({limit.advice})")
    return times


def _ode(args) -> ODE:
    check_order(args.order)
    options = {"order": args.order} if args.order is not None else {}
    result = get(args.name).run(**options).result
    if not isinstance(result, ODE):
        raise SymflowError(f"catalogue entry {args.name!r} does not derive an ODE, so it cannot be simulated")
    return result


def _parameters(args, ode: ODE) -> dict:
    known = sorted({str(p) for p in ode.rhs.free_symbols | sympify(ode.start).free_symbols
                    if not isinstance(p, VectorSymbol)} - {str(ode.time)})
    values = {}
    for item in args.param:
        if "=" not in item:
            raise SymflowError(f"--param needs NAME=VALUE, not {item!r}")
        key, value = (part.strip() for part in item.split("=", 1))
        if key not in known:
            raise SymflowError(f"--param {key}: the ODE of {args.name!r} has no parameter {key!r} "
                               f"(its parameters: {', '.join(known) or 'none'})")
        values[key] = parse_rational(value, where=f"--param {key}")
    if args.r is not None:
        if "r" not in known:
            raise SymflowError(f"the ODE of {args.name!r} has no parameter r (try nesterov-r)")
        values["r"] = parse_rational(args.r, where="--r")
    return values


def _objective(args):
    x0 = _numbers(args.x0, "--x0")
    objective = parse_objective(args.objective)
    if len(x0) != objective.dimension:
        raise ObjectiveError(f"--x0 has {len(x0)} components but the objective {args.objective!r} is in "
                             f"dimension {objective.dimension} (x1..x{objective.dimension})")
    f = as_numeric(objective)
    try:
        with np.errstate(all="ignore"):
            finite = np.isfinite(f.value(np.array(x0))) and np.all(np.isfinite(f.gradient(np.array(x0))))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError, FloatingPointError) as exc:
        raise ObjectiveError(f"the objective {args.objective!r} cannot be evaluated in floating point at "
                             f"--x0 {args.x0} ({type(exc).__name__})") from None
    if not finite:
        raise ObjectiveError(f"the objective {args.objective!r} or its gradient is not finite at --x0 {args.x0}")
    return objective, x0, f


def _plot_format(path) -> str | None:
    if path is None:
        return None
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in PLOT_FORMATS:
        raise SymflowError(f"--plot {path}: the file name must end in {', '.join('.' + s for s in PLOT_FORMATS)} "
                           "(the format is taken from it)")
    return suffix


def simulate_data(args) -> dict:
    r"""Integrate as the command line asks; ``{"t": [...], "X": [[...], ...], "f": [...]}``.

    All the times come from one integration up to the largest of them (the solver's dense output
    sampled at each), not one integration per time.
    """
    return _simulate(args)[0]


def _plot_grid(ode: ODE, times) -> np.ndarray:
    return np.linspace(float(ode.start), max(times), 301)


def _simulate(args, curve: bool = False) -> tuple:
    """``(data, curve)``: the data of :func:`simulate_data` and, if asked for, ``{"t", "X", "f"}`` on a plot grid."""
    times = _times(args.t)
    objective, x0, f = _objective(args)
    check_order(args.order)
    _plot_format(getattr(args, "plot", None))
    ode = _ode(args)
    values = _parameters(args, ode)
    grid = _plot_grid(ode, times) if curve else np.empty(0)
    if getattr(args, "restart", None) == "speed":
        if min(times) < float(ode.start):
            raise SymflowError(f"--t: speed restart integrates from t0 = {ode.start}; give times >= t0")
        restarted = speed_restart_ode(ode, objective, x0, max(times), times=times, parameters=values)
        X = np.array(restarted.X)
        with np.errstate(all="ignore"):
            fx = [f.value(x) for x in X]
        if len(X) != len(times) or not np.all(np.isfinite(X)) or not np.all(np.isfinite(fx)):
            raise IntegrationError("the restarted integration produced non-finite values")
        data = {"t": [float(v) for v in restarted.t], "X": X.tolist(), "f": [float(v) for v in fx],
                "restarts": [float(v) for v in restarted.restarts]}
        path = None
        if curve:
            path = np.array(speed_restart_ode(ode, objective, x0, max(times), times=grid, parameters=values).X)
        return data, _curve(grid, path, f)
    states = _trajectory(ode, objective, x0, times, values, extra=grid)
    X, path = states[:len(times)], states[len(times):]
    with np.errstate(all="ignore"):
        fx = [f.value(x) for x in X]
    if not np.all(np.isfinite(X)) or not np.all(np.isfinite(fx)):
        raise IntegrationError("the integration produced non-finite values")
    return {"t": times, "X": X.tolist(), "f": [float(v) for v in fx]}, _curve(grid, path if curve else None, f)


def _curve(grid, path, f) -> dict | None:
    if path is None:
        return None
    with np.errstate(all="ignore"):
        return {"t": grid, "X": path, "f": np.array([f.value(x) for x in path])}


def _trajectory(ode: ODE, objective, x0, times, values, extra=()) -> np.ndarray:
    r""":math:`X` at ``times`` (in the order given) from one integration up to the largest time.

    The solver samples its dense trajectory at every requested time (and at ``extra``, e.g. a plot's
    grid, whose states follow those of ``times``), so several times cost one integration, not one each.
    """
    check_budget(f"integrating to t = {max(times):g}")
    wanted = np.concatenate([np.asarray(times, dtype=float), np.asarray(extra, dtype=float)])
    grid, where = np.unique(wanted, return_inverse=True)
    states = solve_ode(ode, objective, x0, grid, parameters=values).X
    return np.asarray(states)[np.ravel(where)]


def _render(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    d = len(data["X"][0])
    if data.get("restarts"):
        out.write("# restarts at t = " + ", ".join(repr(v) for v in data["restarts"]) + "\n")
    writer.writerow(["t", *[f"X{i + 1}" for i in range(d)], "f"])
    for tt, x, fx in zip(data["t"], data["X"], data["f"]):
        writer.writerow([repr(tt), *[repr(v) for v in x], repr(fx)])
    return out.getvalue().rstrip("\n")


def run(args) -> int:
    """Run ``symflow simulate`` (a proved Lyapunov entry goes to :mod:`symflow.cli.decay`)."""
    if get(args.name).kind in decay.KINDS:
        return decay.run(args)
    for flag, value in (("--loglog", getattr(args, "loglog", None)), ("--step", getattr(args, "step", None))):
        if value is not None:
            raise SymflowError(f"{flag} is for proved Lyapunov entries (energy-..., see `symflow list`); "
                               f"{args.name!r} is not one")
    if args.plot:
        _plot_format(args.plot)
        check_writable(args.plot)
    data, curve = _simulate(args, curve=bool(args.plot))
    text = _render(data, args.format)
    if args.plot:
        _plot(args, data, curve)
    print(text)
    return 0


def _plot(args, data: dict, curve: dict) -> None:
    X = curve["X"]
    restarted = " (speed restart)" if getattr(args, "restart", None) == "speed" else ""
    figure = comparison_figure({"ode": {**curve, "X": X if X.shape[1] > 1 else np.hstack([X, 0 * X])}, "runs": []},
                               title=f"{args.name}{restarted}: f = {args.objective}, x0 = ({args.x0})",
                               marks={"t": data["t"], "f": data["f"]})
    picture = io.BytesIO()
    figure.savefig(picture, format=_plot_format(args.plot))
    try:
        write_atomic(args.plot, picture.getvalue())
    except OSError as exc:
        raise SymflowError(f"cannot write the plot {args.plot}: {exc}") from None
