r"""``symflow simulate (NAME | --method FILE | --lagrangian FILE) --objective EXPR --x0 V [--v0 V] [--t0 T] ...``.

Derives the ODE of catalogue entry ``NAME`` (or the continuous limit of the method in a method
file, ``--method FILE``, or the Euler–Lagrange equation of a Bregman Lagrangian file,
``--lagrangian FILE``, started at rest), specialises it to the objective (read safely by
:func:`~symflow.parse.parse_objective`), integrates it from its start (through the power series at a
singular start) and prints :math:`X(t)` and :math:`f(X(t))` at the requested times. ``--v0`` sets
:math:`\dot X(t_0)` and ``--t0`` the start :math:`t_0` (at or after the ODE's own start). With
``--method FILE --step-size S`` the method itself runs on the same objective from the same
:math:`x_0`, its iterate :math:`x_k` placed at :math:`t_k = (k + c)s^a` (the limit's time matching),
and the iterates nearest the requested times are printed too. ``--compare-method --step-size S1,S2,...``
does the same for the method a catalogue entry's ODE is the limit of (or a method file's), at each step
size, and its ``--plot`` is SBC's Figure 1 layout: the paths, and :math:`f - f^\star` against :math:`t`.
``--restart speed|function`` restarts the ODE's clock when the speed stops increasing or when
:math:`f(X(t))` stops decreasing (:func:`~symflow.numeric.restart_ode`) and reports the restart times.
The plot is written atomically: a failure leaves no file behind. A catalogue entry's ODE and limit are
derived once and read back from symflow's cache on later runs (:mod:`symflow.cli.cache`, keyed on
symflow's sources); ``--no-cache`` derives them afresh. Only what the run asks for is loaded: the
Lyapunov engine for an energy entry (:mod:`symflow.cli.decay`), matplotlib for ``--plot``.

Examples
--------
>>> from symflow.cli.options import build_parser
>>> parser = build_parser()
>>> args = parser.parse_args(["simulate", "nesterov", "--objective", "x1**2/2", "--x0", "1", "--t", "1"])
>>> simulate_data(args)["t"]
[1.0]
>>> args = parser.parse_args(["simulate", "nesterov", "--objective", "x1**2/2", "--x0", "1", "--t0", "1",
...                           "--v0", "0", "--t", "1"])
>>> simulate_data(args)["X"]
[[1.0]]
"""
from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import replace

from pathlib import Path

import numpy as np
from sympy import Eq, Rational, Subs, sympify

from ..catalogue import catalogue_index, get
from ..core.errors import IntegrationError, LimitExceeded, ObjectiveError, SeriesError, SymflowError
from ..core.lazy import lazy_face
from ..core.limits import LIMITS, check_budget, check_limit
from ..core.symbols import VectorSymbol, x0 as start_point
from ..core.model import ODE
from ..documents.files import check_writable, write_atomic
from ..lagrangian import InverseHessianH, NablaH
from ..limit import ContinuousLimit
from ..numeric import compare_with_ode, comparison_figure, minimiser, restart_ode, simulate_method
from ..numeric.objectives import as_numeric
from ..numeric.start import solve_ode, started_at
from ..parse.expressions import parse_rational
from ..parse.method import check_order
from ..parse.objective import parse_objective
from .cache import cached_result

__all__ = ["simulate_data", "run", "PLOT_FORMATS", "DECAY_KINDS"]

#: the catalogue kinds drawn by :mod:`symflow.cli.decay` (proved Lyapunov claims, continuous and discrete time)
DECAY_KINDS = ("lyapunov", "lyapunov-discrete")

#: the sibling commands this one hands over to, each loaded only when a run needs it: ``decay`` (and the
#: Lyapunov engine) for an energy entry, ``derive`` (and the parsers of files) for ``--method``/``--lagrangian``
_load_command, _ = lazy_face(__package__, {"decay": (), "derive": ()})

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


def _what(args) -> str:
    """The user's name for the simulated thing: the catalogue entry, the method file or the Lagrangian file."""
    if args.name is not None:
        return repr(args.name)
    if getattr(args, "lagrangian", None) is not None:
        return f"the Lagrangian in {args.lagrangian}"
    return f"the method in {args.method}"


def _ode(args) -> tuple:
    """``(ode, limit)``: the ODE to integrate and, for ``--method FILE``, its continuous limit (else ``None``)."""
    given = [x for x in (args.name, getattr(args, "method", None), getattr(args, "lagrangian", None))
             if x is not None]
    if len(given) != 1:
        raise SymflowError("give either a catalogue NAME, --method FILE or --lagrangian FILE, exactly one "
                           "(see `symflow simulate --help`)")
    check_order(args.order)
    if getattr(args, "lagrangian", None) is not None:
        if args.order is not None:
            raise SymflowError("--order is for method limits, not for --lagrangian FILE")
        derive = _load_command("derive")
        ode = derive.derive_lagrangian(args.lagrangian).result
        if ode.rhs.has(InverseHessianH, NablaH):
            raise SymflowError(f"{args.lagrangian}: h = \"abstract\" leaves [∇²h]⁻¹ symbolic, so the equation "
                               "cannot be integrated; use h = \"euclidean\"")
        if not ode.initial_conditions:  # a Lagrangian states none: start at x0, at rest (--v0, --t0 change it)
            position = ode.trajectory(ode.time)
            ode = replace(ode, initial_conditions=(Eq(ode.trajectory(ode.start), start_point),
                                                   Eq(Subs(position.diff(ode.time), ode.time, ode.start), 0)))
        return ode, None
    if args.method is not None:
        limit = _load_command("derive").user_limit(args.method, args.order)
        return limit.ode, limit
    options = {"order": args.order} if args.order is not None else {}
    result, _ = cached_result(args.name, options, use_cache=not getattr(args, "no_cache", False))
    if not isinstance(result, ODE):
        raise SymflowError(f"catalogue entry {args.name!r} does not derive an ODE, so it cannot be simulated")
    return result, None


def _parameters(args, ode: ODE, method=None) -> dict:
    own = {str(p) for p in ode.rhs.free_symbols | sympify(ode.start).free_symbols
           if not isinstance(p, VectorSymbol)} - {str(ode.time)}
    known = sorted(own | ({str(p) for p in method.parameters} if method is not None else set()))
    values = {}
    for item in args.param:
        if "=" not in item:
            raise SymflowError(f"--param needs NAME=VALUE, not {item!r}")
        key, value = (part.strip() for part in item.split("=", 1))
        if key not in known:
            raise SymflowError(f"--param {key}: the ODE of {_what(args)} has no parameter {key!r} "
                               f"(its parameters: {', '.join(known) or 'none'})")
        values[key] = parse_rational(value, where=f"--param {key}")
    if args.r is not None:
        if "r" not in known:
            raise SymflowError(f"the ODE of {_what(args)} has no parameter r (try nesterov-r)")
        values["r"] = parse_rational(args.r, where="--r")
    return values


def _step_size(args):
    """``--step-size S`` as a positive float (``None`` without it); only with ``--method``."""
    text = getattr(args, "step_size", None)
    if text is None:
        return None
    if args.method is None:
        raise SymflowError("--step-size runs the method itself: give --method FILE, or --compare-method to run "
                           f"the method {_what(args)} is the limit of")
    if args.v0 is not None or args.t0 is not None:
        raise SymflowError("--step-size runs the method from x0 as its own initial values say: leave out "
                           "--v0 and --t0 to compare it with the ODE")
    if getattr(args, "restart", None) is not None:
        raise SymflowError("--step-size and --restart cannot be combined")
    value = parse_rational(text, where="--step-size")
    if value <= 0:
        raise SymflowError(f"--step-size must be a positive number, not {text!r}")
    return value


def _start_value(ode: ODE, values: dict):
    """The ODE's start with the parameters' values (``values`` by name), a number."""
    own = sympify(ode.start).subs({sym: values[str(sym)] for sym in sympify(ode.start).free_symbols
                                   if str(sym) in values})
    if not own.is_number:
        raise SymflowError(f"the ODE's start {ode.start} needs values for its parameters (--param NAME=VALUE)")
    return own


def _started(args, ode: ODE, values: dict) -> ODE:
    """The ODE started at ``--t0`` (checked against the ODE's own start), or as derived."""
    if args.t0 is None:
        return ode
    t0 = parse_rational(args.t0, where="--t0")
    own = _start_value(ode, values)
    if t0 < own:
        raise SymflowError(f"--t0 {args.t0} is before the ODE's start t0 = {own}; give --t0 >= {own}")
    return started_at(ode, t0)


def _velocity(args, ode: ODE, dimension: int):
    """``--v0`` as a list of floats (``None`` without it), checked against the ODE and the dimension."""
    if args.v0 is None:
        return None
    if ode.order != 2:
        raise SymflowError(f"--v0: the ODE of {_what(args)} has order {ode.order}, so it fixes Xdot(t0) itself; "
                           "leave out --v0")
    if getattr(args, "restart", None) is not None:
        raise SymflowError("--v0 cannot be combined with --restart (a restart starts from rest)")
    v0 = _numbers(args.v0, "--v0")
    if len(v0) != dimension:
        raise ObjectiveError(f"--v0 has {len(v0)} components but the objective is in dimension {dimension}")
    return v0


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


def _plot_grid(ode: ODE, times, values: dict) -> np.ndarray:
    return np.linspace(float(_start_value(ode, values)), max(times), 301)


def _simulate(args, curve: bool = False) -> tuple:
    """``(data, curve)``: the data of :func:`simulate_data` and, if asked for, ``{"t", "X", "f"}`` on a plot grid."""
    if getattr(args, "compare_method", False):
        return _compare(args)
    times = _times(args.t)
    objective, x0, f = _objective(args)
    check_order(args.order)
    _plot_format(getattr(args, "plot", None))
    step_size = _step_size(args)
    ode, limit = _ode(args)
    values = _parameters(args, ode, limit.method if limit is not None else None)
    if step_size is not None and "s" in {str(p) for p in ode.rhs.free_symbols} and "s" not in values:
        values["s"] = step_size  # a high-resolution ODE at the step size of the run it is compared with
    ode = _started(args, ode, values)
    velocity = _velocity(args, ode, len(x0))
    grid = _plot_grid(ode, times, values) if curve else np.empty(0)
    rule = getattr(args, "restart", None)
    if rule is not None:
        if min(times) < float(_start_value(ode, values)):
            raise SymflowError(f"--t: {rule} restart integrates from t0 = {ode.start}; give times >= t0")
        restarted = restart_ode(ode, objective, x0, max(times), rule=rule, times=times, parameters=values)
        X = np.array(restarted.X)
        with np.errstate(all="ignore"):
            fx = [f.value(x) for x in X]
        if len(X) != len(times) or not np.all(np.isfinite(X)) or not np.all(np.isfinite(fx)):
            raise IntegrationError("the restarted integration produced non-finite values")
        data = {"t": [float(v) for v in restarted.t], "X": X.tolist(), "f": [float(v) for v in fx],
                "restarts": [float(v) for v in restarted.restarts]}
        path = None
        if curve:
            path = np.array(restart_ode(ode, objective, x0, max(times), rule=rule, times=grid,
                                        parameters=values).X)
        return data, _curve(grid, path, f)
    states = _trajectory(ode, objective, x0, times, values, extra=grid, velocity=velocity)
    X, path = states[:len(times)], states[len(times):]
    with np.errstate(all="ignore"):
        fx = [f.value(x) for x in X]
    if not np.all(np.isfinite(X)) or not np.all(np.isfinite(fx)):
        raise IntegrationError("the integration produced non-finite values")
    data = {"t": times, "X": X.tolist(), "f": [float(v) for v in fx]}
    shown = _curve(grid, path if curve else None, f)
    if step_size is not None:
        data["method"], run = _method_run(limit, objective, x0, times, values, step_size, f)
        if shown is not None:
            shown["runs"] = [run]
    return data, shown


def _method_run(limit, objective, x0, times, values: dict, step_size, f) -> tuple:
    r"""The method itself on the objective: ``(data at the requested times, the whole run for a plot)``.

    Its iterate :math:`x_k` sits at :math:`t_k = (k + c)\delta`, :math:`\delta = s^a` (the limit's
    exponent :math:`a` and time offset :math:`c`); the iterate nearest each requested time is reported.
    """
    delta = float(step_size) ** float(limit.exponent)
    offset = float(limit.offset)
    iterations = max(1, math.ceil(max(times) / delta - offset))
    check_limit("iterations", iterations)
    method = limit.method
    names = {str(p) for p in method.parameters}
    given = {name: float(value) for name, value in values.items() if name in names}
    run = simulate_method(method, objective, x0, step_size=float(step_size), iterations=iterations,
                          parameters=given)
    xs = run.primary
    ts = (np.arange(len(xs)) + offset) * delta
    with np.errstate(all="ignore"):
        fs = np.array([f.value(x) for x in xs])
    ks = [int(min(max(round(tt / delta - offset), 0), iterations)) for tt in times]
    data = {"s": float(step_size), "exponent": str(limit.exponent), "offset": str(limit.offset),
            "k": ks, "t": [float(ts[j]) for j in ks], "x": [xs[j].tolist() for j in ks],
            "f": [float(fs[j]) for j in ks]}
    return data, {"s": float(step_size), "t": ts, "x": xs, "f": fs}


def _curve(grid, path, f) -> dict | None:
    if path is None:
        return None
    with np.errstate(all="ignore"):
        return {"t": grid, "X": path, "f": np.array([f.value(x) for x in path])}


def _limit(args) -> ContinuousLimit:
    """The continuous limit behind ``NAME`` or ``--method FILE``: its method, ODE and time matching."""
    if getattr(args, "lagrangian", None) is not None:
        raise SymflowError("--compare-method runs the method an ODE is the limit of, and a Lagrangian file has "
                           "none: give a catalogue NAME (e.g. nesterov) or --method FILE")
    given = [x for x in (args.name, args.method) if x is not None]
    if len(given) != 1:
        raise SymflowError("give either a catalogue NAME or --method FILE, exactly one (see `symflow simulate --help`)")
    check_order(args.order)
    if args.method is not None:
        return _load_command("derive").user_limit(args.method, args.order)
    options = {"order": args.order} if args.order is not None else {}
    _, origin = cached_result(args.name, options, use_cache=not getattr(args, "no_cache", False))
    if not isinstance(origin, ContinuousLimit):
        methods = ", ".join(name for name, info in catalogue_index().items() if info.kind == "limit")
        raise SymflowError(f"--compare-method: catalogue entry {args.name!r} is not the continuous limit of a method, "
                           f"so there is no method to run beside its ODE (entries that are: {methods})")
    return origin


def _compare_steps(args) -> list:
    """``--step-size S1,S2,...`` for ``--compare-method``, each positive."""
    if args.step_size is None:
        raise SymflowError("--compare-method runs the method at the step sizes of --step-size S1,S2,... "
                           "(e.g. --step-size 1,0.25,0.05 for SBC's Figure 1)")
    steps = _numbers(args.step_size, "--step-size")
    if any(v <= 0 for v in steps):
        raise SymflowError(f"--step-size must be positive numbers, not {args.step_size!r}")
    return steps


def _compare(args) -> tuple:
    r"""``--compare-method``: the method at each step size beside its ODE, at :math:`t_k = (k + c)s^a`.

    Returns ``(data, figure data)``: the requested times with :math:`X(t)`, :math:`f(X(t))` and, per step size,
    the iterate nearest each time; and the ODE on a grid with every run, for :func:`comparison_figure`.
    """
    for flag, value in (("--restart", getattr(args, "restart", None)), ("--v0", args.v0), ("--t0", args.t0)):
        if value is not None:
            raise SymflowError(f"--compare-method runs the method and its ODE from x0 as the limit's initial values "
                               f"say: leave out {flag}")
    times = _times(args.t)
    steps = _compare_steps(args)
    objective, x0, f = _objective(args)
    _plot_format(getattr(args, "plot", None))
    limit = _limit(args)
    ode = limit.ode
    values = _parameters(args, ode, limit.method)
    if "s" in {str(p) for p in ode.rhs.free_symbols | sympify(ode.start).free_symbols} and "s" not in values:
        if len(steps) > 1:
            raise SymflowError(f"--compare-method: the ODE of {_what(args)} has the step size s in it, so each step "
                               "size has its own ODE: give one --step-size (or --param s=... for the ODE shown)")
        values["s"] = parse_rational(str(steps[0]), where="--step-size")
    start = float(_start_value(ode, values))
    if min(times) < start:
        raise SymflowError(f"--t: the ODE of {_what(args)} starts at t0 = {start:g}; give times >= t0")
    horizon = max(times)
    for step in steps:
        check_limit("iterations", math.ceil(horizon / float(step) ** float(limit.exponent)))
    check_budget(f"running {limit.method.name} beside its ODE to t = {horizon:g}")
    with np.errstate(all="ignore"):
        compared = compare_with_ode(limit.method, ode, objective, x0, step_sizes=steps, horizon=horizon,
                                    parameters=values, exponent=limit.exponent, offset=limit.offset, times=times,
                                    samples=300)
    at = compared["at"]
    finite = [at["X"], at["f"], *[run["x"] for run in compared["runs"]], *[run["f"] for run in compared["runs"]]]
    if not all(np.all(np.isfinite(np.asarray(v, dtype=float))) for v in finite):
        raise IntegrationError("the method or its ODE produced non-finite values (a step size too large?)")
    data = {"t": at["t"], "X": at["X"], "f": at["f"],
            "compare": {"method": limit.method.name, "exponent": str(limit.exponent), "offset": str(limit.offset),
                        "runs": [{"s": run["s"], **run["at"], "error": run["error"]} for run in compared["runs"]]}}
    shown = None
    if getattr(args, "plot", None):
        shown = {"ode": compared["ode"], "runs": compared["runs"], "f_star": minimiser(objective, x0)[1],
                 "scale": _time_scale(limit)}
    return data, shown


def _named(method: str, label: str) -> str:
    """The method's name, with the entry's or file's when that differs."""
    return method if method == label else f"{method} ({label})"


def _time_scale(limit: ContinuousLimit) -> str:
    r"""The time matching :math:`t_k = (k + c)s^a` in words, e.g. ``t_k = k sqrt(s)``."""
    a, c = limit.exponent, limit.offset
    power = {Rational(1, 2): "sqrt(s)", 1: "s"}.get(a, f"s^({a})")
    return f"t_k = {'k' if c == 0 else f'(k + {c})'} {power}"


def _trajectory(ode: ODE, objective, x0, times, values, extra=(), velocity=None) -> np.ndarray:
    r""":math:`X` at ``times`` (in the order given) from one integration up to the largest time.

    The solver samples its dense trajectory at every requested time (and at ``extra``, e.g. a plot's
    grid, whose states follow those of ``times``), so several times cost one integration, not one each.
    """
    check_budget(f"integrating to t = {max(times):g}")
    wanted = np.concatenate([np.asarray(times, dtype=float), np.asarray(extra, dtype=float)])
    grid, where = np.unique(wanted, return_inverse=True)
    try:
        states = solve_ode(ode, objective, x0, grid, parameters=values, velocity=velocity).X
    except SeriesError as exc:
        if velocity is None:
            raise
        raise SymflowError(f"--v0: the ODE is singular at its start t0 = {ode.start}, where it fixes Xdot(t0) "
                           f"itself ({exc}); leave out --v0 or start later with --t0") from None
    return np.asarray(states)[np.ravel(where)]


def _render(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    d = len(data["X"][0])
    if data.get("restarts"):
        out.write("# restarts at t = " + ", ".join(repr(v) for v in data["restarts"]) + "\n")
    compared = data.get("compare")
    if compared:   # one row per requested time and step size
        out.write(f"# {compared['method']} beside its ODE, t_k = (k + {compared['offset']}) s^({compared['exponent']})\n")
        writer.writerow(["t", *[f"X{i + 1}" for i in range(d)], "f", "s", "k", "t_k",
                         *[f"x_k{i + 1}" for i in range(d)], "f(x_k)"])
        for j, (tt, x, fx) in enumerate(zip(data["t"], data["X"], data["f"])):
            for one in compared["runs"]:
                writer.writerow([repr(tt), *[repr(v) for v in x], repr(fx), repr(one["s"]), one["k"][j],
                                 repr(one["t"][j]), *[repr(v) for v in one["x"][j]], repr(one["f"][j])])
        return out.getvalue().rstrip("\n")
    run = data.get("method")
    extra = ["k", "t_k", *[f"x_k{i + 1}" for i in range(d)], "f(x_k)"] if run else []
    writer.writerow(["t", *[f"X{i + 1}" for i in range(d)], "f", *extra])
    for j, (tt, x, fx) in enumerate(zip(data["t"], data["X"], data["f"])):
        more = [run["k"][j], repr(run["t"][j]), *[repr(v) for v in run["x"][j]], repr(run["f"][j])] if run else []
        writer.writerow([repr(tt), *[repr(v) for v in x], repr(fx), *more])
    return out.getvalue().rstrip("\n")


def run(args) -> int:
    """Run ``symflow simulate`` (a proved Lyapunov entry goes to :mod:`symflow.cli.decay`)."""
    if args.name is not None and args.method is None and args.lagrangian is None \
            and get(args.name).kind in DECAY_KINDS:
        if getattr(args, "compare_method", False):
            raise SymflowError(f"--compare-method is for an ODE and its method; {args.name!r} is a Lyapunov entry, "
                               "whose --loglog already runs its method at each --step-size")
        return _load_command("decay").run(args)
    if getattr(args, "loglog", None) is not None:
        raise SymflowError(f"--loglog is for proved Lyapunov entries (energy-..., see `symflow list`); "
                           f"{_what(args)} is not one")
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
    label = args.name if args.name is not None else Path(args.method or args.lagrangian).stem
    if "compare" in data:   # SBC's Figure 1 layout: the paths, and f - f* against t
        figure = comparison_figure({"ode": curve["ode"], "runs": curve["runs"]}, f_star=curve["f_star"],
                                   title=f"{_named(data['compare']['method'], label)} beside its ODE, "
                                         f"{curve['scale']}: f = {args.objective}, x0 = ({args.x0})",
                                   marks={"t": data["t"], "f": data["f"]})
    else:
        rule = getattr(args, "restart", None)
        restarted = f" ({rule} restart)" if rule is not None else ""
        figure = comparison_figure({"ode": curve, "runs": curve.get("runs", [])},
                                   title=f"{label}{restarted}: f = {args.objective}, x0 = ({args.x0})",
                                   marks={"t": data["t"], "f": data["f"]})
    picture = io.BytesIO()
    figure.savefig(picture, format=_plot_format(args.plot))
    try:
        write_atomic(args.plot, picture.getvalue())
    except OSError as exc:
        raise SymflowError(f"cannot write the plot {args.plot}: {exc}") from None
