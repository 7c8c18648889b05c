r"""``symflow derive NAME`` / ``--method FILE`` / ``--lagrangian FILE``: a method's limit or a Lagrangian's equation.

``--method FILE`` derives the continuous limit of the method in a method file
(:mod:`symflow.parse.method`); ``--lagrangian FILE`` the Euler–Lagrange equation of the Bregman
Lagrangian with the user's :math:`\alpha_t, \beta_t, \gamma_t` and :math:`h`
(:mod:`symflow.parse.lagrangian`), with the ideal-scaling conditions reported.

Examples
--------
>>> from symflow.cli.options import build_parser
>>> run(build_parser().parse_args(["derive", "gradient-descent", "--format", "json"]))  # doctest: +ELLIPSIS
{...
0
"""
from __future__ import annotations

from sympy import Eq, exp

from ..catalogue import get
from ..core.adaptive_method import is_adaptive
from ..core.derivation import Check, Derivation, Step
from ..core.errors import DegenerateLimitError, SymflowError, UnsupportedError
from ..core.symbols import X
from ..core.vectors import grad
from ..documents import render
from ..lagrangian import as_distance, bregman_equation
from ..limit import continuous_limit, system_limit
from ..parse import parse_rational, read_lagrangian, read_method
from ..parse.method import check_order

__all__ = ["run", "user_method", "user_limit", "derive_user_method", "derive_lagrangian"]


def run(args) -> int:
    """Derive and print the limit of a catalogue method or of the user's method file, or a user's Lagrangian."""
    given = [x for x in (args.name, args.method, getattr(args, "lagrangian", None)) if x is not None]
    if len(given) != 1:
        raise SymflowError("give either a catalogue NAME, --method FILE or --lagrangian FILE, exactly one "
                           "(see `symflow derive --help`)")
    if getattr(args, "lagrangian", None) is not None:
        if args.order is not None or args.time_offset is not None:
            raise SymflowError("--order and --time-offset are for method limits, not for --lagrangian FILE")
        print(render(derive_lagrangian(args.lagrangian), args.format), end="")
        return 0
    check_order(args.order)
    offset = None if args.time_offset is None else parse_rational(args.time_offset, where="--time-offset")
    if args.method is not None:
        derivation = derive_user_method(args.method, args.order, offset)
    else:
        derivation = get(args.name).run(order=args.order, offset=offset)
    print(render(derivation, args.format), end="")
    return 0


def user_method(path, order=None, offset=None) -> tuple:
    """``(method, order, offset, exponent)`` of a method file, the command line's values first.

    ``order`` and ``offset`` given on the command line win over the file's ``[limit]`` table;
    ``exponent`` is the file's ``[limit] exponent`` (``None`` when the balance is to find it).
    """
    method, options = read_method(path)
    if order is None:
        order = options.get("order", 0)
    check_order(order, where=f"{path}: [limit] order")
    if offset is None:
        offset = parse_rational(options.get("time_offset", 0), where=f"{path}: time_offset")
    return method, order, offset, options.get("exponent")


def user_limit(path, order=None, offset=None):
    """The :class:`~symflow.limit.ContinuousLimit` of the method in a method file (a single ODE).

    Raises
    ------
    SymflowError
        For a method whose limit is a system of ODEs (coordinate-wise operations).
    """
    method, order, offset, exponent = user_method(path, order, offset)
    if is_adaptive(method):
        raise SymflowError(f"{path}: the limit of {method.name!r} is a system of ODEs (coordinate-wise "
                           "operations); `symflow derive --method` derives it, this command needs a single ODE")
    if exponent is not None:
        exponent = parse_rational(exponent, where=f"{path}: exponent")
    return continuous_limit(method, offset=offset, order=order, exponent=exponent)


def derive_user_method(path, order=None, offset=None) -> Derivation:
    r"""The derivation of the limit of the method in a method file (a single ODE or a system of ODEs).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "gd.toml"
    >>> _ = path.write_text('name = "my-gd"\nsequences = ["x"]\nupdates = ["x[k+1] = x[k] - s*grad(x[k])"]\n')
    >>> derivation = derive_user_method(path)
    >>> derivation.name, derivation.result.equation
    ('my-gd', Eq(Derivative(X(t), t), -NablaF(X(t))))
    """
    method, order, offset, exponent = user_method(path, order, offset)
    if is_adaptive(method):
        return _derive_system(path, method, order, offset, exponent)
    result = user_limit(path, order, offset)
    return Derivation(method.name, result.steps, result.ode, title=method.description,
                      source=method.source)


def derive_lagrangian(path) -> Derivation:
    r"""The Euler–Lagrange equation of the Bregman Lagrangian in a Lagrangian file, with the ideal-scaling report.

    The steps are those of :func:`~symflow.lagrangian.bregman_equation`; the checks are a second
    route (the equation solved under ideal scaling, :math:`\ddot X + (e^{\alpha_t} - \dot\alpha_t)\dot X
    + e^{2\alpha_t + \beta_t}[\nabla^2 h(Z)]^{-1}\nabla f(X) = 0`, :math:`Z = X + e^{-\alpha_t}\dot X`, when
    :math:`\dot\gamma_t = e^{\alpha_t}` holds or is imposed). Whether each ideal-scaling condition holds,
    fails or is undecided is a step of the derivation (and the title says whether both hold).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sbc.toml"
    >>> _ = path.write_text('alpha = "log(2) - log(t)"\nbeta = "2*log(t) + log(1/4)"\ngamma = "2*log(t)"\n')
    >>> d = derive_lagrangian(path)
    >>> [c.passed for c in d.checks], d.title
    ([True], 'Bregman Lagrangian (ideal scaling holds)')
    >>> from symflow.core import X, t, grad
    >>> d.result.matches(X(t).diff(t, 2) + 3 / t * X(t).diff(t) + grad(X(t)))
    True
    """
    spec = read_lagrangian(path)
    b = bregman_equation(spec.scaling, h=spec.h)
    a, beta_t, time = spec.scaling.alpha, spec.scaling.beta, spec.scaling.time
    position = X(time)
    velocity = position.diff(time)
    point = position + exp(-a) * velocity
    ideal_form = (position.diff(time, 2) + (exp(a) - a.diff(time)) * velocity
                  + exp(2 * a + beta_t) * as_distance(spec.h).inverse_hessian(point, grad(position)))
    checks = []
    if b.imposed:
        checks.append(Check(r"second route: under $\dot\gamma_t = e^{\alpha_t}$ the equation is "
                            r"$\ddot X + (e^{\alpha_t} - \dot\alpha_t)\dot X + e^{2\alpha_t + \beta_t}"
                            r"[\nabla^2 h(X + e^{-\alpha_t}\dot X)]^{-1}\nabla f(X) = 0$",
                            Eq(ideal_form, 0), b.ode.matches(ideal_form)))
    if b.ideal.holds:
        words = "ideal scaling holds"
    else:
        words = (f"ideal scaling: γ̇ = e^α {b.ideal.gamma.status}, β̇ ≤ e^α {b.ideal.beta.status}")
    title = f"{spec.description} ({words})" if spec.description else f"Bregman Lagrangian ({words})"
    return b.derivation(spec.name, title=title,
                        source=spec.source, checks=tuple(checks))


def _derive_system(path, method, order, offset, exponent) -> Derivation:
    """The system of ODEs of a method with coordinate-wise operations, at the scaling its balance finds."""
    if order != 0:
        raise SymflowError(f"{path}: the limit of {method.name!r} is a system of ODEs, derived at order 0 only "
                           f"(got order {order}; use --order 0)")
    if exponent is not None:
        raise SymflowError(f"{path}: [limit] exponent is not used for a system of ODEs: the exponents of "
                           "delta = s^a and 1 - beta = b s^c come from the dominant balance (remove it)")
    result = system_limit(method, offset=offset)
    steps = list(result.steps)
    fixed = {w: 0 for w, c in result.decays if c != 0}
    if fixed:
        label = "weights fixed as s -> 0" if len(fixed) > 1 else "weight fixed as s -> 0"
        try:
            other = system_limit(method, decays=fixed, offset=offset, balance=result.balance)
        except (DegenerateLimitError, UnsupportedError) as exc:
            steps.append(Step(f"Regime: {label}", f"With every weight fixed (c = 0) no system is derived: {exc}"))
        else:
            words = ", ".join(f"{w} with c = {c}" for w, c in other.decays)
            steps.append(Step(f"Regime: {label}", f"With {words}: the kinds are "
                              + ", ".join(f"{n}: {kind}" for n, kind in other.kinds.items()) + ".",
                              other.system.equations + other.system.relations))
    return Derivation(method.name, tuple(steps), result.system, title=method.description or method.name,
                      source=method.source)
