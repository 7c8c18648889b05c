r"""``symflow simulate ENERGY-ENTRY --objective EXPR --x0 V [--param K=V] [--plot FILE] [--loglog FILE]``.

For a proved Lyapunov entry (``energy-...``; see ``symflow list``) the engine first derives the
certificate; then its ODE (or, for a discrete entry, its method) runs once on the objective, and the
entry's own energy :math:`E` and the rate bound the certificate proved are evaluated along the run
(:func:`~symflow.numeric.energy_decay`, :func:`~symflow.numeric.method_decay`). :math:`f^\star` and
:math:`x^\star` are found numerically (:func:`~symflow.numeric.minimiser`).

* ``--plot FILE`` draws :math:`E(t)`, :math:`E(t_0)e^{-\rho(t - t_0)}`, :math:`f(X(t)) - f^\star` and the
  proved bound (:func:`~symflow.numeric.energy_figure`);
* ``--loglog FILE`` draws :math:`f - f^\star` against the proved rate on log-log axes
  (:math:`t^{-p}`), or on a semilog axis for a rate :math:`e^{-\rho t}`, for the ODE and for the
  discrete method it is the limit of, at :math:`t_k = (k + c)s^a` for each ``--step-size``
  (:func:`~symflow.numeric.rate_figure`).

Nothing is drawn for an entry without a proved bound, outside the certificate's region, or for an
objective that is visibly not in the certificate's class along the run (its Hessian's eigenvalues
there): each is one line and exit status 2.

Examples
--------
>>> from symflow.cli.options import build_parser
>>> args = build_parser().parse_args(["simulate", "energy-gradient-flow", "--objective", "x1**2/2",
...                                   "--x0", "1", "--t", "2"])
>>> data = decay_data(args)
>>> data["t"], bool(data["gap"][0] <= data["bound"][0])
([2.0], True)
"""
from __future__ import annotations

import csv
import io
import json

import numpy as np
from sympy import S, oo, sympify, true

from ..catalogue import get
from ..core.errors import IntegrationError, SymflowError
from ..core.limits import check_budget, check_limit
from ..core.printing import text
from ..core.symbols import VectorSymbol
from ..core.derivation import Status
from ..documents.files import check_writable, write_atomic
from ..limit import ContinuousLimit, continuous_limit
from ..lyapunov import display_bound
from ..numeric import decay_grid, energy_decay, energy_figure, method_decay, minimiser, rate_figure
from ..numeric.objectives import as_numeric
from ..parse.expressions import parse_rational
from ..parse.objective import parse_objective
from .simulate import DECAY_KINDS

__all__ = ["KINDS", "decay_data", "run"]

#: the catalogue kinds this route draws: proved Lyapunov claims in continuous and in discrete time (``simulate``
#: hands them over without loading this module first, so it keeps the list)
KINDS = DECAY_KINDS

#: the picture formats of ``--plot`` and ``--loglog``, chosen by the file's suffix
FORMATS = ("png", "pdf", "svg")

#: the step sizes of the discrete runs of ``--loglog`` when none are given (and the ODE has no s)
DEFAULT_STEPS = "0.1,0.01"


def _numbers(text_value: str, what: str) -> list:
    parts = [part for part in str(text_value).split(",") if part.strip()]
    check_limit("times" if what == "--t" else "dimension", len(parts))
    try:
        values = [float(part) for part in parts]
    except ValueError:
        raise SymflowError(f"{what} must be numbers separated by commas, not {text_value!r}") from None
    if not values or not all(np.isfinite(values)):
        raise SymflowError(f"{what} must be finite numbers separated by commas, not {text_value!r}")
    return values


def _picture(path, flag: str) -> str | None:
    if path is None:
        return None
    suffix = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    if suffix not in FORMATS:
        raise SymflowError(f"{flag} {path}: the file name must end in {', '.join('.' + s for s in FORMATS)} "
                           "(the format is taken from it)")
    return suffix


def _derivation(args):
    entry = get(args.name)
    if entry.kind not in KINDS:
        raise SymflowError(f"catalogue entry {args.name!r} is not a Lyapunov claim, so it has no energy to plot")
    if args.order is not None:
        raise SymflowError(f"--order: catalogue entry {args.name!r} takes no order (its ODE is fixed by the claim)")
    if getattr(args, "restart", None) is not None:
        raise SymflowError(f"--restart: the certificate of {args.name!r} is about the plain ODE, not a restarted one")
    discrete = entry.kind == "lyapunov-discrete"
    if discrete and args.step_size is None:
        raise SymflowError(f"{args.name!r} is a claim about a method: give its step size with --step-size S")
    derivation = entry.run()
    result = derivation.result
    bound = getattr(result, "bound", None)
    if derivation.status != Status.PROVED or bound is None:
        why = "its claim is not proved" if derivation.status != Status.PROVED else "its certificate gives no rate bound"
        raise SymflowError(f"catalogue entry {args.name!r} has no proved bound to draw ({why}; status: "
                           f"{derivation.status}); choose a proved energy-... entry (see `symflow list`)")
    return derivation, discrete


def _needed(expressions) -> set:
    names = set()
    for expr in expressions:
        names |= {str(sym) for sym in sympify(expr).free_symbols if not isinstance(sym, VectorSymbol)}
    return names


def _values(args, needed: set, fixed=()) -> dict:
    """``{name: Rational}`` from ``--param`` and ``--r``: every needed parameter, no other."""
    given = {}
    for item in args.param:
        if "=" not in item:
            raise SymflowError(f"--param needs NAME=VALUE, not {item!r}")
        key, value = (part.strip() for part in item.split("=", 1))
        given[key] = (parse_rational(value, where=f"--param {key}"), f"--param {key}")
    if args.r is not None:
        given["r"] = (parse_rational(args.r, where="--r"), "--r")
    for key, (_, flag) in given.items():
        if key not in needed or key in fixed:
            known = ", ".join(sorted(needed - set(fixed))) or "none"
            raise SymflowError(f"{flag}: the claim of {args.name!r} has no parameter {key!r} (its parameters: {known})")
    missing = sorted(needed - set(given) - set(fixed))
    if missing:
        raise SymflowError(f"the claim of {args.name!r} needs a value for {', '.join(missing)}: give "
                           + " ".join(f"--param {m}=VALUE" for m in missing))
    return {key: value for key, (value, _) in given.items()}


def _at(expr, values: dict):
    """``expr`` with the parameter values (keyed by name) substituted."""
    expr = S(expr)
    return expr.subs({sym: values[str(sym)] for sym in expr.free_symbols if str(sym) in values})


def _check_region(args, region, values: dict) -> None:
    """The certificate's region at the given values, decided exactly: it must be true."""
    condition = region.as_boolean()
    decided = condition.subs({sym: values[str(sym)] for sym in condition.free_symbols if str(sym) in values})
    if decided is not true:
        shown = ", ".join(f"{k} = {v}" for k, v in sorted(values.items()))
        raise SymflowError(f"{args.name}: the certificate holds where {text(condition)}, which {shown} "
                           "does not satisfy; there is no proved bound to draw there")


def _check_class(args, function_class, objective, points, values: dict) -> None:
    r"""Numeric sanity check: the objective's Hessian eigenvalues at ``points`` lie in :math:`[\mu, L]`."""
    f = as_numeric(objective)
    mu = float(_at(function_class.mu, values))
    L = _at(function_class.L, values)
    L = np.inf if L == oo else float(L)
    eye = np.eye(f.dimension)
    for point in points:
        H = np.array([f.hessian_vector(point, e) for e in eye])
        eig = np.linalg.eigvalsh((H + H.T) / 2)
        where = ", ".join(f"{v:.4g}" for v in point)
        scale = max(1.0, float(np.max(np.abs(eig))))
        if eig[0] < mu - 1e-9 * scale:
            need = f"mu = {mu:g}" if mu else "0 (f is not convex there)"
            raise SymflowError(f"{args.name}: the objective's Hessian has eigenvalue {eig[0]:.4g} < {need} at "
                               f"({where}), so f is not in the certificate's class ({function_class.name}) and "
                               "the proved bound does not apply")
        if eig[-1] > L + 1e-9 * scale:
            raise SymflowError(f"{args.name}: the objective's Hessian has eigenvalue {eig[-1]:.4g} > L = {L:g} at "
                               f"({where}), so f is not in the certificate's class ({function_class.name}) and "
                               "the proved bound does not apply")


def _label(bound_eq, ode, values: dict, prefix: str = "proved bound") -> str:
    """The legend of a bound: the certificate's formula at the parameter values, when it is short."""
    try:
        words = text(display_bound(bound_eq.func(bound_eq.lhs, _at(bound_eq.rhs, values)), ode).rhs)
    except SymflowError:
        words = ""
    return f"{prefix} {words}" if words and len(words) <= 48 else prefix


def _steps(args, ode_has_s: bool, values: dict) -> list:
    if ode_has_s:
        if args.step_size is not None and [float(v) for v in _numbers(args.step_size, "--step-size")] != [float(values["s"])]:
            raise SymflowError(f"--step-size: the ODE of {args.name!r} has the step size s in it, so the method runs "
                               f"at its s = {values['s']} (give --param s=... only)")
        return [float(values["s"])]
    steps = _numbers(args.step_size if args.step_size is not None else DEFAULT_STEPS, "--step-size")
    if any(v <= 0 for v in steps):
        raise SymflowError(f"--step-size must be positive numbers, not {args.step_size!r}")
    return steps


def _title(args, values: dict) -> str:
    shown = "".join(f", {k} = {float(v):g}" for k, v in sorted(values.items()))
    return f"{args.name}\nf = {args.objective}, x0 = ({args.x0}){shown}"


def decay_data(args) -> dict:
    """The numbers of the route: the run at the requested times, and everything the figures draw (``"figures"``)."""
    return _compute(args)


def _compute(args) -> dict:
    times = _numbers(args.t, "--t")
    if min(times) < 0:
        raise SymflowError(f"--t must be times >= 0, not {args.t!r}")
    objective = parse_objective(args.objective)
    x0 = _numbers(args.x0, "--x0")
    if len(x0) != objective.dimension:
        raise SymflowError(f"--x0 has {len(x0)} components but the objective {args.objective!r} is in "
                           f"dimension {objective.dimension} (x1..x{objective.dimension})")
    _picture(args.plot, "--plot")
    _picture(args.loglog, "--loglog")
    derivation, discrete = _derivation(args)
    minimum = minimiser(objective, x0)
    if discrete:
        return _discrete(args, derivation, objective, x0, times, minimum)
    return _continuous(args, derivation, objective, x0, times, minimum)


def _continuous(args, derivation, objective, x0, times, minimum) -> dict:
    result = derivation.result
    cert = result.certificate
    ode = cert.ode
    bound = result.bound.rhs
    needed = _needed([ode.rhs, ode.start, *[c.rhs for c in ode.initial_conditions], cert.energy, bound, cert.rate,
                      cert.region.as_boolean()]) - {str(ode.time)}
    values = _values(args, needed)
    _check_region(args, cert.region, values)
    start = float(_at(ode.start, values))
    horizon = max(times)
    if horizon <= start or min(times) < start:
        raise SymflowError(f"--t: the ODE of {args.name!r} starts at t0 = {start:g}; give times after it")
    grid = decay_grid(start, horizon, times)
    check_budget(f"integrating to t = {horizon:g}")
    run = energy_decay(cert.energy, ode, objective, x0, grid, bound=bound, rate=cert.rate, parameters=values,
                       minimum=minimum)
    _check_class(args, cert.function_class, objective, [*run["X"][::25], run["minimiser"]], values)
    runs = []
    if args.loglog:
        origin = derivation.origin
        if not isinstance(origin, ContinuousLimit) and args.step_size is not None:
            raise SymflowError(f"--step-size: the ODE of {args.name!r} is not derived from a method, so there is no "
                               "discrete method to run beside it (--loglog draws the ODE alone)")
        for step in _steps(args, "s" in needed, values) if isinstance(origin, ContinuousLimit) else ():
            check_budget(f"running {origin.method.name} at s = {step:g}")
            method_values = {k: v for k, v in values.items() if k != "s"}
            piece = method_decay(origin.method, objective, x0, step_size=step, horizon=horizon,
                                 exponent=origin.exponent, offset=origin.offset, parameters=method_values,
                                 minimum=minimum)
            _check_finite(piece, origin.method.name, step)
            piece["label"] = f"{origin.method.name}, s = {step:g}: f(x_k) - f*, t_k = {_time_scale(origin)}"
            runs.append(piece)
    picked = [int(np.searchsorted(grid, t)) for t in times]
    return {"t": [float(t) for t in times], "X": run["X"][picked].tolist(), "f": run["f"][picked].tolist(),
            "E": run["energy"][picked].tolist(), "gap": run["gap"][picked].tolist(),
            "bound": [None if not np.isfinite(v) else float(v) for v in run["bound"][picked]],
            "x_star": run["minimiser"].tolist(), "f_star": run["minimum"],
            "figures": {"run": run, "runs": runs, "values": values, "rate": cert.rate,
                        "bound_label": _label(result.bound, ode, values), "discrete": False}}


def _check_finite(piece: dict, name: str, step: float) -> None:
    """A method's run must stay finite: f(x_k) (and E_k) at every index kept."""
    bad = ~np.isfinite(piece["gap"])
    if piece["energy"] is not None:
        bad |= ~np.isfinite(piece["energy"])
    if bad.any():
        k = int(piece["k"][np.argmax(bad)])
        raise IntegrationError(f"the run of {name} at s = {step:g} is not finite from k = {k} on (f(x_k) = "
                               f"{piece['f'][np.argmax(bad)]:g}): the step size is too large for this objective")


def _time_scale(origin) -> str:
    a, c = origin.exponent, origin.offset
    scale = {S.Half: "√s", S.One: "s"}.get(S(a), f"s^{a}")
    index = "k" if c == 0 else f"(k + {text(c)})"
    return f"{index}·{scale}" if scale != "s" or c != 0 else "k·s"


def _discrete(args, derivation, objective, x0, times, minimum) -> dict:
    cert = derivation.result
    method = cert.method
    steps = _numbers(args.step_size, "--step-size")
    if len(steps) != 1 or steps[0] <= 0:
        raise SymflowError(f"--step-size: {args.name!r} needs one positive step size, not {args.step_size!r}")
    step = steps[0]
    bound = cert.bound.rhs
    needed = _needed([cert.energy, bound, cert.rate, cert.region.as_boolean(), *method.parameters]) - {"k", "s"}
    values = _values(args, needed)
    _check_region(args, cert.region, {**values, "s": parse_rational(args.step_size, where="--step-size")})
    check_budget(f"deriving the continuous limit of {method.name}")
    limit = continuous_limit(method)
    horizon = max(times)
    piece = method_decay(method, objective, x0, step_size=step, horizon=horizon, exponent=limit.exponent,
                         offset=limit.offset, parameters=values, minimum=minimum, energy=cert.energy, bound=bound)
    _check_finite(piece, method.name, step)
    _check_class(args, cert.function_class, objective, [*piece["x"][::25], minimum[0]], values)
    piece["label"] = f"{method.name}, s = {step:g}: f(x_k) - f*, t_k = {_time_scale(limit)}"
    piece["bound_label"] = _label(cert.bound, None, {**values, "s": parse_rational(args.step_size, where="--step-size")},
                                  "proved bound of the method")
    ode_run = None
    if args.loglog:
        ode = limit.ode
        start = float(_at(ode.start, {**values, "s": step}))
        grid = decay_grid(start, horizon)
        ode_values = {k: v for k, v in values.items()
                      if k in _needed([ode.rhs, ode.start, *[c.rhs for c in ode.initial_conditions]])}
        if "s" in _needed([ode.rhs]):
            ode_values["s"] = step
        check_budget(f"integrating to t = {horizon:g}")
        ode_run = energy_decay(S.Zero, ode, objective, x0, grid, parameters=ode_values, minimum=minimum)
    ks = piece["k"]
    picked = [int(np.argmin(np.abs(piece["t"] - t))) for t in times]
    return {"t": [float(piece["t"][i]) for i in picked], "k": [int(ks[i]) for i in picked],
            "X": piece["x"][picked].tolist(), "f": piece["f"][picked].tolist(),
            "E": piece["energy"][picked].tolist(), "gap": piece["gap"][picked].tolist(),
            "bound": [None if not np.isfinite(v) else float(v) for v in piece["bound"][picked]],
            "x_star": minimum[0].tolist(), "f_star": float(minimum[1]),
            "figures": {"piece": piece, "ode": ode_run, "values": {**values, "s": step}, "rate": cert.rate,
                        "discrete": True}}


def _render(data: dict, fmt: str) -> str:
    shown = {key: value for key, value in data.items() if key != "figures"}
    if fmt == "json":
        return json.dumps(shown, indent=2)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    out.write(f"# x* = {shown['x_star']}, f* = {shown['f_star']!r}\n")
    d = len(shown["X"][0])
    head = ["k"] if "k" in shown else []
    writer.writerow([*head, "t", *[f"X{i + 1}" for i in range(d)], "f", "E", "gap", "bound"])
    for i, tt in enumerate(shown["t"]):
        first = [shown["k"][i]] if "k" in shown else []
        writer.writerow([*first, repr(tt), *[repr(v) for v in shown["X"][i]], repr(shown["f"][i]),
                         repr(shown["E"][i]), repr(shown["gap"][i]), repr(shown["bound"][i])])
    return out.getvalue().rstrip("\n")


def figures(args, data: dict) -> dict:
    """``{"plot": Figure, "loglog": Figure}`` for the files asked for."""
    info = data["figures"]
    title = _title(args, info["values"])
    exponential = S(info["rate"]) != 0
    out = {}
    if info["discrete"]:
        piece = info["piece"]
        if args.plot:
            start = piece["energy"][0]
            out["plot"] = energy_figure(piece["k"], piece["energy"], piece["gap"], piece["bound"],
                                        energy_bound=None if exponential else start + 0 * piece["energy"],
                                        title=title, bound_label=piece["bound_label"], discrete=True)
        if args.loglog:
            ode = info["ode"]
            ode_part = {"t": ode["t"][ode["t"] > 0], "gap": ode["gap"][ode["t"] > 0], "bound": None}
            out["loglog"] = rate_figure(ode_part, [piece], exponential=exponential, title=title)
        return out
    run = info["run"]
    later = run["t"] > run["t"][0]
    if args.plot:
        out["plot"] = energy_figure(run["t"], run["energy"], run["gap"], run["bound"],
                                    energy_bound=run["energy_bound"], title=title, bound_label=info["bound_label"])
    if args.loglog:
        ode_part = {"t": run["t"][later], "gap": run["gap"][later], "bound": run["bound"][later]}
        runs = [{**piece, "t": piece["t"][piece["t"] > 0], "gap": piece["gap"][piece["t"] > 0]}
                for piece in info["runs"]]
        out["loglog"] = rate_figure(ode_part, runs, exponential=exponential, title=title,
                                    bound_label=info["bound_label"])
    return out


def run(args) -> int:
    """Run ``symflow simulate`` for a Lyapunov entry."""
    for path, flag in ((args.plot, "--plot"), (args.loglog, "--loglog")):
        if path:
            _picture(path, flag)
            check_writable(path)
    data = _compute(args)
    text_out = _render(data, args.format)
    for key, figure in figures(args, data).items():
        path = getattr(args, key)
        picture = io.BytesIO()
        figure.savefig(picture, format=_picture(path, "--" + key))
        try:
            write_atomic(path, picture.getvalue())
        except OSError as exc:
            raise SymflowError(f"cannot write the plot {path}: {exc}") from None
    print(text_out)
    return 0
