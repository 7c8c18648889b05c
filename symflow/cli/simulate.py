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
import sys

from pathlib import Path

import numpy as np
from sympy import sympify

from ..catalogue import get
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
    r"""Integrate as the command line asks; ``{"t": [...], "X": [[...], ...], "f": [...]}``."""
    times = _times(args.t)
    objective, x0, f = _objective(args)
    check_order(args.order)
    _plot_format(getattr(args, "plot", None))
    ode = _ode(args)
    values = _parameters(args, ode)
    if getattr(args, "restart", None) == "speed":
        if min(times) < float(ode.start):
            raise SymflowError(f"--t: speed restart integrates from t0 = {ode.start}; give times >= t0")
        restarted = speed_restart_ode(ode, objective, x0, max(times), times=times, parameters=values)
        X = np.array(restarted.X)
        with np.errstate(all="ignore"):
            fx = [f.value(x) for x in X]
        if len(X) != len(times) or not np.all(np.isfinite(X)) or not np.all(np.isfinite(fx)):
            raise IntegrationError("the restarted integration produced non-finite values")
        return {"t": [float(v) for v in restarted.t], "X": X.tolist(), "f": [float(v) for v in fx],
                "restarts": [float(v) for v in restarted.restarts]}
    progress = sys.stderr.isatty() and len(times) > 1
    rows = []
    for i, tt in enumerate(times):
        check_budget(f"integrating to t = {tt:g}")
        if progress:
            print(f"\rintegrating to t = {tt:g} [{i + 1}/{len(times)}]", end="", file=sys.stderr, flush=True)
        rows.append(solve_ode(ode, objective, x0, [tt], parameters=values).X[0])
    if progress:
        print(file=sys.stderr)
    X = np.array(rows)
    with np.errstate(all="ignore"):
        fx = [f.value(x) for x in X]
    if not np.all(np.isfinite(X)) or not np.all(np.isfinite(fx)):
        raise IntegrationError("the integration produced non-finite values")
    return {"t": times, "X": X.tolist(), "f": [float(v) for v in fx]}


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
    """Run ``symflow simulate``."""
    if args.plot:
        _plot_format(args.plot)
        check_writable(args.plot)
    data = simulate_data(args)
    text = _render(data, args.format)
    if args.plot:
        _plot(args, data)
    print(text)
    return 0


def _plot(args, data: dict) -> None:
    ode = _ode(args)
    objective, x0, f = _objective(args)
    end = max(data["t"])
    grid = np.linspace(0.0, end, 301) if float(ode.start) == 0 else np.linspace(float(ode.start), end, 301)
    X = solve_ode(ode, objective, x0, grid, parameters=_parameters(args, ode)).X
    figure = comparison_figure({"ode": {"t": grid, "X": X if X.shape[1] > 1 else np.hstack([X, 0 * X]),
                                        "f": np.array([f.value(x) for x in X])}, "runs": []})
    picture = io.BytesIO()
    figure.savefig(picture, format=_plot_format(args.plot))
    try:
        write_atomic(args.plot, picture.getvalue())
    except OSError as exc:
        raise SymflowError(f"cannot write the plot {args.plot}: {exc}") from None
