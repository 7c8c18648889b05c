r"""Safe parsing of a user's Lyapunov claim (energy, ODE, function class) from TOML.

The expressions are read with :mod:`ast` and rebuilt from a whitelist, as in
:mod:`symflow.parse.expressions` (whose ``_Builder`` is extended): numbers, declared
scalars, ``+ - * / **``, the vectors ``X``, ``Xdot``, ``Xddot``, ``xstar``,
``x0`` and the functions ``grad(v)``, ``hess(P, v)``, ``f(v)``,
``norm2(v)``, ``inner(u, v)``, ``sqrt(x)``. Nothing reaches ``eval`` or ``sympify``.

A claim file::

    name = "sbc"
    parameters = ["r"]                       # scalar names besides t, s, mu, L, ...
    energy = "t**2*(f(X) - f(xstar)) + 2*norm2(X + t/2*Xdot - xstar)"
    ode = "Xddot = -3/t*Xdot - grad(X)"      # solved for the highest derivative
    class = "convex"                         # convex, strongly-convex, smooth-convex, smooth-strongly-convex
    twice_differentiable = false
    rate = "0"                               # or "best": the largest rate of the family
    start = "0"                              # t0
    initial = ["X = x0", "Xdot = 0"]         # optional, for the rate
    unknowns = ["a", "b"]                    # optional: the energy's coefficients to find
    sample = {mu = "1/4", s = "4"}           # optional: parameter values of the numeric search
    best_rate_by = "region"                  # or "recognition" (how rho* is made exact)

Instead of typing ``ode``, ``ode_from_method = "my_method.toml"`` (relative to the claim file) takes the
ODE from the continuous limit of a method file, at ``order = 0`` (low resolution, the default unless the
file's ``[limit]`` says otherwise) or ``1``, ``2``; the method's parameters become parameters of the
claim, and without ``initial`` the limit's own initial conditions are used when the claim starts where
the limit does. Giving both ``ode`` and ``ode_from_method`` is refused.

A discrete-time claim names a method instead of an ODE (``method`` = a method of
:mod:`symflow.methods` by name, or ``method_file`` = a method file, relative to the claim file) and an
energy :math:`E_k` in its iterates: ``x[k]``, ``x[k+1]``, ``x[k-1]`` (the primary sequence, at the
indices the method's step has), ``xstar``, ``x0``, with ``f(...)``, ``grad(...)``, ``norm2(...)``,
``inner(..., ...)``, ``sqrt(...)``; coefficients may depend on ``k`` and the parameters::

    name = "gd-discrete"
    method = "gradient-descent"              # or method_file = "my_method.toml"
    energy = "k*s*(f(x[k]) - f(xstar)) + norm2(x[k] - xstar)/2"
    class = "smooth-convex"
    rate = "0"                               # rho in E_{k+1} - E_k <= -rho E_k
    rate_form = "current"                    # or "next": E_{k+1} - E_k <= -rho E_{k+1}
    start = "0"                              # k0

It is read into a :class:`DiscreteClaim` (:func:`symflow.lyapunov.certify_step` proves it). For an
inertial proximal method (:math:`x_{k+1} = x_k + \beta_k(x_k - x_{k-1}) - \gamma_k\nabla f(x_{k+1})`),
``energy = "inertial"`` asks for the energy :func:`symflow.lyapunov.inertial_energy` derives from it.

Every name under ``parameters`` is universally quantified (the answer is the region where the claim
holds); every name under ``unknowns`` is existentially quantified (the answer is values that make a
certificate, found by :func:`symflow.lyapunov.synthesize`). A name may not be both; a name that is
neither is refused.

Examples
--------
>>> claim = claim_from_toml('''
... energy = "t*(f(X) - f(xstar)) + norm2(X - xstar)/2"
... ode = "Xdot = -grad(X)"
... class = "convex"
... ''')
>>> claim.ode.order, claim.function_class.name
(1, 'convex')
>>> step = claim_from_toml('''
... method = "gradient-descent"
... energy = "k*s*(f(x[k]) - f(xstar)) + norm2(x[k] - xstar)/2"
... class = "smooth-convex"
... ''')
>>> step.method.name, step.rate_form
('gradient-descent', 'current')
>>> parse_scalar("__import__('os')", {})
Traceback (most recent call last):
...
symflow.core.errors.ParseError: unknown function '__import__' (allowed: f, grad, hess, inner, norm2, sqrt) in "__import__('os')"
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from pathlib import Path

import tomllib
from sympy import Eq, Expr, I, Pow, Rational, S, Subs, Symbol, sqrt

from ..core.adaptive_method import is_adaptive
from ..core.errors import ParseError, SymflowError
from ..core.model import ODE, Method, solve_for_highest
from ..core.symbols import AppliedVector, VectorSymbol, X, k, t, vector_function, x0, x_star
from ..core.vectors import (
    FValue,
    Inner,
    NablaF,
    inner,
    linearize,
    norm2,
    vector_coefficients,
)
from ..lyapunov.derivative import gram_form
from ..lyapunov.discrete import RATE_FORMS, check_energy, point_form
from ..lyapunov.inertial import inertial_energy
from ..limit import continuous_limit
from ..lyapunov.function_classes import FunctionClass, function_class
from ..methods import (
    gradient_descent,
    heavy_ball,
    heavy_ball_momentum,
    nag_c,
    nag_sc,
    nag_sc_one_sequence,
    nesterov,
    nesterov_one_sequence,
    triple_momentum,
)
from .expressions import ExpressionBuilder, parse_error, parse_rational, parse_source, scalar_table
from .method import check_order, read_method

__all__ = ["Claim", "DiscreteClaim", "claim_from_toml", "method_by_name", "parse_scalar", "read_claim"]


_VECTORS = {"X": X(t), "Xdot": X(t).diff(t), "Xddot": X(t).diff(t, 2), "xstar": x_star, "x0": x0}
_ARITY = {"grad": 1, "hess": 2, "f": 1, "norm2": 1, "inner": 2, "sqrt": 1}


class _EnergyBuilder(ExpressionBuilder):
    """The core builder with vectors and the functions of Gram coordinates."""

    def _Name(self, node):
        if node.id in _VECTORS:
            return _VECTORS[node.id]
        if node.id in _ARITY:
            raise parse_error(f"{node.id} is a function: write {node.id}(...)", self.source)
        if node.id not in self.scalars:
            raise parse_error(f"unknown name '{node.id}' (declare it under parameters, for all, or unknowns, there exist)", self.source)
        return self.scalars[node.id]

    def _Call(self, node):
        if not isinstance(node.func, ast.Name):
            raise parse_error("only the functions f, grad, hess, inner, norm2, sqrt may be called", self.source)
        name = node.func.id
        if name not in _ARITY:
            raise parse_error(f"unknown function '{name}' (allowed: {', '.join(sorted(_ARITY))})", self.source)
        if node.keywords or len(node.args) != _ARITY[name]:
            raise parse_error(f"{name} takes exactly {_ARITY[name]} argument(s)", self.source)
        args = [self.build(a) for a in node.args]
        try:
            if name == "sqrt":
                return sqrt(args[0])
            if name == "grad":
                vector_coefficients(args[0])
                return NablaF(args[0])
            if name == "hess":
                return linearize(NablaF(args[0], args[1]))
            if name == "f":
                return FValue(args[0])
            if name == "norm2":
                return norm2(args[0])
            return inner(args[0], args[1])
        except SymflowError as exc:
            raise parse_error(str(exc), self.source) from None


def parse_scalar(source: str, scalars: dict) -> Expr:
    r"""Parse an energy or a vector expression (see the module docstring).

    Examples
    --------
    >>> from symflow.parse import scalar_table
    >>> parse_scalar("norm2(X - xstar)", scalar_table([]))
    Inner(x^star, x^star) - 2*Inner(x^star, X(t)) + Inner(X(t), X(t))
    """
    tree = parse_source(source, "eval")
    return _EnergyBuilder(scalars, {}, source).build(tree)


@dataclass(frozen=True)
class Claim:
    """A user's Lyapunov claim."""

    name: str
    energy: Expr
    ode: ODE
    function_class: FunctionClass
    rate: Expr
    unknowns: tuple = ()
    best_rate: bool = False
    parameters: tuple = ()
    #: the method file the ODE was derived from (``ode_from_method``), with its order; "" when typed
    ode_from_method: str = ""
    #: ``((parameter, exact value), ...)``: where the numeric search of a family samples (``sample``)
    sample: tuple = ()
    #: "region" (kappa* from the exact region in kappa) or "recognition" (kappa* recognised, then certified)
    best_rate_by: str = "region"


def _text(table, key, where, default=None):
    value = table.get(key, default)
    if value is None:
        raise ParseError(f"{where}: missing '{key}'")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ParseError(f"{where}: '{key}' must be a string such as \"t*(f(X) - f(xstar))\"")
    return str(value)


def claim_from_toml(text: str, *, where: str = "claim file", directory=None) -> Claim | DiscreteClaim:
    """Build a :class:`Claim` (or, with ``method`` or ``method_file``, a :class:`DiscreteClaim`) from TOML text.

    See the module docstring. ``directory`` is where a ``method_file`` is looked for (default: the
    current directory).

    Every scalar name is a real number with no other assumption (a parameter
    ``c`` is not taken positive because the engine's ``c`` is): the region of a
    proof states every sign it needs. Only the class constants ``mu`` and ``L``
    of a strongly convex or smooth class are positive, as the class says. The
    start ``t0`` may be symbolic; when it is not known to be nonnegative the
    claim must be rational in ``t``.

    Examples
    --------
    >>> claim = claim_from_toml('''
    ... parameters = ["c"]
    ... energy = "f(X) - f(xstar)"
    ... ode = "Xdot = -c*grad(X)"
    ... ''')
    >>> claim.ode.parameters[0].is_positive is None
    True
    >>> claim_from_toml('''
    ... energy = "f(X) - f(xstar)"
    ... ode = "Xdot = -grad(X)"
    ... initial = ["X = x0", "X = xstar"]
    ... ''')
    Traceback (most recent call last):
    ...
    symflow.core.errors.ParseError: claim file: two initial conditions for X(t0): "X = x0" and "X = xstar"
    """
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"{where}: not valid TOML: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"{where}: not valid TOML ({type(exc).__name__})") from None
    if "method" in table or "method_file" in table:
        return _discrete_claim(table, where, directory)
    allowed = {"name", "parameters", "energy", "ode", "class", "twice_differentiable", "rate", "start", "initial",
               "description", "source", "unknowns", "ode_from_method", "order", "sample", "best_rate_by"}
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ParseError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")
    limit = _method_limit(table, where, directory)
    parameters = table.get("parameters", [])
    if (not isinstance(parameters, list) or any(not isinstance(p, str) for p in parameters)
            or any(p in _VECTORS or p in _ARITY for p in parameters)):
        raise ParseError(f"{where}: 'parameters' must be a list of scalar names (not {parameters!r})")
    unknown_names = table.get("unknowns", [])
    if (not isinstance(unknown_names, list) or any(not isinstance(p, str) for p in unknown_names)
            or any(p in _VECTORS or p in _ARITY for p in unknown_names)):
        raise ParseError(f"{where}: 'unknowns' must be a list of scalar names (not {unknown_names!r})")
    both = sorted(set(parameters) & set(unknown_names))
    if both:
        raise ParseError(f"{where}: {', '.join(both)} cannot be both a parameter (for all) and an unknown "
                         "(there exists)")
    if any(p in ("t", "mu", "L") for p in unknown_names):
        raise ParseError(f"{where}: the time t and the class constants mu, L cannot be unknowns")
    twice = table.get("twice_differentiable", False)
    if not isinstance(twice, bool):
        raise ParseError(f"{where}: 'twice_differentiable' must be true or false")
    name = table.get("class", "convex")
    if not isinstance(name, str):
        raise ParseError(f"{where}: 'class' must be a name such as \"convex\"")
    try:
        cls = function_class(name, twice_differentiable=twice)
    except SymflowError as exc:
        raise ParseError(f"{where}: {exc}") from None
    if limit is not None:  # the method's parameters are parameters of the claim (for all), declared or not
        parameters = list(parameters) + [n for n in (str(q) for q in limit.method.parameters)
                                         if n not in parameters and n not in unknown_names]
    scalars = _real_scalars(scalar_table(list(parameters) + list(unknown_names)), cls)
    scalars.pop("k", None)
    start = _checked(parse_scalar(_text(table, "start", where, "0"), scalars), where, "start")
    if start.has(_T_REAL) or start.has(X(t)) or start.atoms(Inner, FValue):
        raise ParseError(f"{where}: the start t0 must be a number or a parameter expression, not {start}")
    energy = _time(_checked(parse_scalar(_text(table, "energy", where), scalars), where, "energy"), start, where)
    try:
        gram_form(energy)
    except SymflowError as exc:
        raise ParseError(f"{where}: energy: {exc}") from None
    if limit is None:
        ode = _ode(_text(table, "ode", where), scalars, table, start, where)
    else:
        ode = _derived_ode(limit, scalars, table, start, where)
    rate_text = _text(table, "rate", where, "0")
    best = rate_text.strip() == "best"
    rate = S.Zero if best else _checked(parse_scalar(rate_text, scalars), where, "rate")
    if rate.has(X(t)) or rate.has(_T_REAL) or rate.has(t) or rate.atoms(Inner, FValue):
        raise ParseError(f"{where}: the rate must be a constant, not {rate}")
    unknowns = tuple(scalars[n] for n in unknown_names)
    missing = [n for n, u in zip(unknown_names, unknowns) if u not in energy.free_symbols]
    if missing:
        raise ParseError(f"{where}: the unknown(s) {', '.join(missing)} do not occur in the energy")
    inside = [n for n, u in zip(unknown_names, unknowns) if u in ode.rhs.free_symbols or u in rate.free_symbols]
    if inside:
        raise ParseError(f"{where}: the unknown(s) {', '.join(inside)} occur in the ODE or the rate: unknowns "
                         "are the energy's coefficients")
    origin = "" if limit is None else f"{table['ode_from_method']} (order {limit.order})"
    sample = _sample(table, scalars, unknown_names, where)
    by = table.get("best_rate_by", "region")
    if by not in ("region", "recognition"):
        raise ParseError(f"{where}: 'best_rate_by' must be \"region\" or \"recognition\" (not {by!r})")
    return Claim(str(table.get("name", "user-claim")), energy, ode, cls, rate, unknowns, best,
                 tuple(scalars[n] for n in parameters), origin, sample, by)


def _sample(table: dict, scalars: dict, unknown_names, where: str) -> tuple:
    """``sample = {name = "value", ...}``: exact positive rational values of parameters (not unknowns)."""
    given = table.get("sample", {})
    if not isinstance(given, dict):
        raise ParseError(f"{where}: 'sample' must be a table such as {{mu = \"1/4\", s = \"4\"}}")
    out = []
    for name, value in given.items():
        if name in unknown_names or name not in scalars or name in ("t", "k"):
            raise ParseError(f"{where}: sample: {name!r} is not a parameter of the claim")
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ParseError(f"{where}: sample: the value of {name} must be a number such as \"1/4\"")
        try:
            number = parse_scalar(str(value), {})
        except ParseError:
            number = None
        if number is None or not (number.is_Rational and number.is_positive):
            raise ParseError(f"{where}: sample: the value of {name} must be a positive rational number, "
                             f"not {value!r}")
        out.append((scalars[name], number))
    return tuple(out)


def _method_limit(table: dict, where: str, directory):
    """The continuous limit of the method file under ``ode_from_method`` (``None`` without the key).

    ``order`` (default: the method file's ``[limit] order``, else 0) is the resolution of the
    limit; the file's ``time_offset`` and ``exponent`` are used as ``symflow derive --method`` uses them.
    """
    if "ode_from_method" not in table:
        if "order" in table:
            raise ParseError(f"{where}: 'order' is the resolution of an ODE derived from a method file; it "
                             "needs ode_from_method = \"my_method.toml\" (a typed ode has no order to choose)")
        return None
    if "ode" in table:
        raise ParseError(f"{where}: give either 'ode' (typed) or 'ode_from_method' (derived from a method "
                         "file), not both")
    source = table["ode_from_method"]
    if not isinstance(source, str) or not source.strip():
        raise ParseError(f"{where}: 'ode_from_method' must be a path such as \"my_method.toml\"")
    path = Path(source)
    try:
        method, options = read_method(path if path.is_absolute() or directory is None else Path(directory) / path)
    except ParseError as exc:
        raise ParseError(f"{where}: ode_from_method: {exc}") from None
    if is_adaptive(method):
        raise ParseError(f"{where}: ode_from_method: the limit of {method.name!r} is a system of ODEs "
                         "(coordinate-wise operations); a claim needs a single ODE")
    order = table.get("order", options.get("order", 0))
    check_order(order, where=f"{where}: 'order'")
    offset = parse_rational(options.get("time_offset", 0), where=f"{source}: time_offset")
    exponent = options.get("exponent")
    if exponent is not None:
        exponent = parse_rational(exponent, where=f"{source}: exponent")
    try:
        return continuous_limit(method, offset=offset, order=order, exponent=exponent)
    except SymflowError as exc:
        raise ParseError(f"{where}: ode_from_method {source}: {exc}") from None


def _derived_ode(limit, scalars: dict, table: dict, start, where: str) -> ODE:
    r"""The limit's ODE in the claim's scalars (every one real, as typed ones are), with initial conditions.

    The conditions are the claim's ``initial`` when given; otherwise the limit's own, when the claim
    starts where the limit does (:math:`X(t_0) = x_0`, :math:`\dot X(t_0)` from the method's first step).
    """
    derived = limit.ode
    table_of = {sym: scalars[str(sym)] for expr in (derived.rhs, derived.start)
                for sym in S(expr).free_symbols
                if not isinstance(sym, VectorSymbol) and sym not in (t, x_star, x0) and str(sym) in scalars}
    rhs = derived.rhs.xreplace(table_of)
    stray = sorted(str(q) for q in rhs.free_symbols - {t, x_star, x0} if q not in set(scalars.values()))
    if stray:
        raise ParseError(f"{where}: the ODE derived from {table['ode_from_method']} has the symbol(s) "
                         f"{', '.join(stray)}: declare them under parameters")
    if "initial" in table:
        conditions = _initial_conditions(table, scalars, start, derived.order, where)
    elif S(S(derived.start).xreplace(table_of) - start) == 0:
        conditions = tuple(Eq(c.lhs.xreplace(table_of), c.rhs.xreplace(table_of))
                           for c in derived.initial_conditions)
    else:
        conditions = ()
    return ODE(rhs, derived.order, initial_conditions=conditions, start=start,
               parameters=tuple(sorted(rhs.free_symbols - {t, x_star, x0}, key=str)), name=derived.name)


#: the time as the user writes it: a real number (the engine's t is positive; see :func:`_time`)
_T_REAL = Symbol("t", real=True)


def _real_scalars(table: dict, cls) -> dict:
    """Every scalar real with no further assumption, except the positive constants of the class."""
    keep = {x for x in (cls.mu, cls.L) if isinstance(x, Symbol)}
    out = {}
    for key, value in table.items():
        if key == "t":
            out[key] = _T_REAL
        elif value in keep:
            out[key] = value
        else:
            out[key] = Symbol(value.name, real=True) if value.is_positive else value
    return out


def _checked(expr: Expr, where: str, what: str) -> Expr:
    """Refuse complex numbers and huge powers or numbers, which no proof or search can handle."""
    expr = S(expr)
    if expr.has(I) or any(a.is_number and a.is_real is False for a in expr.atoms(Pow)):
        raise ParseError(f"{where}: {what}: complex numbers are not allowed (in {expr})")
    for power in expr.atoms(Pow):
        exponent = power.exp
        if exponent.is_Rational and (abs(exponent.p) > 64 or exponent.q > 64):
            raise ParseError(f"{where}: {what}: the power {power} is too large (exponents up to 64)")
    for number in expr.atoms(Rational):
        if max(abs(number.p), number.q) > 10 ** 60:
            raise ParseError(f"{where}: {what}: a number with more than 60 digits is refused")
    return expr


def _time(expr: Expr, start: Expr, where: str) -> Expr:
    """Replace the user's real t by the engine's time, refusing what its positivity would change."""
    if expr.has(_T_REAL) and not start.is_nonnegative:
        for coefficient in _coefficients(expr):
            if coefficient.has(_T_REAL) and not coefficient.is_rational_function(_T_REAL):
                raise ParseError(f"{where}: with a start t0 = {start} that may be negative, the energy and the "
                                 f"ODE must be rational in t (not {coefficient})")
    return expr.xreplace({_T_REAL: t})


def _coefficients(expr: Expr) -> list:
    """The scalar coefficients of an energy or of a vector expression."""
    try:
        form = gram_form(expr)
        return [S(c) for c in [form.value] + list(form.matrix) + list(form.hessian)]
    except SymflowError:
        pass
    try:
        return [S(c) for c in vector_coefficients(expr).values()]
    except SymflowError:
        return [expr]


def _ode(source: str, scalars, table, start, where) -> ODE:
    tree = parse_source(source, "exec")
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign) or len(tree.body[0].targets) != 1:
        raise ParseError(f'{where}: "{source}" is not one equation such as Xddot = -3/t*Xdot - grad(X)')
    builder = _EnergyBuilder(scalars, {}, source)
    lhs, rhs = builder.build(tree.body[0].targets[0]), builder.build(tree.body[0].value)
    orders = {X(t).diff(t): 1, X(t).diff(t, 2): 2}
    if lhs not in orders:
        raise ParseError(f"{where}: the left side of the ODE must be Xdot or Xddot, not {lhs}")
    order = orders[lhs]
    rhs = _time(_checked(rhs, where, "ode"), start, where)
    try:
        rhs = solve_for_highest(lhs - rhs, lhs)
        conditions = _initial_conditions(table, scalars, start, order, where)
        return ODE(rhs, order, initial_conditions=tuple(conditions), start=start,
                   parameters=tuple(sorted(rhs.free_symbols - {t, x_star, x0}, key=str)))
    except ParseError:
        raise
    except SymflowError as exc:
        raise ParseError(f"{where}: {exc}") from None


def _initial_conditions(table, scalars, start, order, where) -> tuple:
    """The claim's ``initial`` list as equations at ``start`` (at most one for X and one for Xdot)."""
    conditions, seen = [], {}
    initial = table.get("initial", [])
    if not isinstance(initial, list):
        raise ParseError(f"{where}: 'initial' must be a list such as [\"X = x0\", \"Xdot = 0\"]")
    for item in initial:
        if not isinstance(item, str):
            raise ParseError(f"{where}: an initial condition must be a string such as \"X = x0\"")
        key, condition = _initial(item, scalars, start, order, where)
        if key in seen:
            raise ParseError(f'{where}: two initial conditions for {key}: "{seen[key]}" and "{item}"')
        seen[key] = item
        conditions.append(condition)
    return tuple(conditions)


def _initial(source, scalars, start, order, where):
    tree = parse_source(source, "exec")
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign) or len(tree.body[0].targets) != 1:
        raise ParseError(f'{where}: "{source}" is not an initial condition such as X = x0')
    builder = _EnergyBuilder(scalars, {}, source)
    lhs, rhs = builder.build(tree.body[0].targets[0]), builder.build(tree.body[0].value)
    rhs = _checked(rhs, where, "initial condition")
    if rhs.has(X(t)) or rhs.has(_T_REAL) or rhs.has(t):
        raise ParseError(f'{where}: "{source}": an initial value is a constant vector such as x0 or 0')
    try:
        vector_coefficients(rhs)
    except SymflowError:
        raise ParseError(f'{where}: "{source}": X and Xdot are vectors; write a vector such as x0, xstar, '
                         f'2*x0 - xstar or 0, not the scalar {rhs}') from None
    if rhs.atoms(Inner, FValue):
        raise ParseError(f'{where}: "{source}": an initial value is a vector, not the scalar {rhs}')
    if lhs == X(t):
        return "X(t0)", Eq(X(start), rhs)
    if lhs == X(t).diff(t):
        if order < 2:
            raise ParseError(f'{where}: "{source}": a first-order ODE fixes Xdot(t0) itself; give only X = ...')
        return "Xdot(t0)", Eq(Subs(X(t).diff(t), t, start), rhs)
    raise ParseError(f"{where}: an initial condition must set X or Xdot, not {lhs}")


# -------------------------------------------------------------------------------------------------
# discrete time: an energy E_k in a method's iterates
@dataclass(frozen=True)
class DiscreteClaim:
    r"""A user's discrete-time Lyapunov claim: :math:`E_{k+1} - E_k \le -\rho E_k` (or :math:`-\rho E_{k+1}`)
    along ``method`` for every :math:`k \ge k_0` and every function of the class."""

    name: str
    energy: Expr
    method: Method
    function_class: FunctionClass
    rate: Expr
    rate_form: str = "current"
    start: Expr = S.Zero
    parameters: tuple = ()
    unknowns: tuple = ()
    best_rate: bool = False


#: the methods of :mod:`symflow.methods` a claim may name (by their ``Method.name``)
_METHOD_FACTORIES = (gradient_descent, heavy_ball, heavy_ball_momentum, nesterov, nesterov_one_sequence, nag_c,
                     nag_sc, nag_sc_one_sequence, triple_momentum)


def method_by_name(name: str) -> Method:
    """A method of :mod:`symflow.methods` by its name (``"nag-sc"``, ``"gradient-descent"``, ...).

    Raises
    ------
    ParseError
        For a name that is not one of them (the message lists them).

    Examples
    --------
    >>> method_by_name("nag-sc").sequences
    ('x', 'y')
    >>> method_by_name("nag")
    Traceback (most recent call last):
    ...
    symflow.core.errors.ParseError: unknown method 'nag' (known: gradient-descent, heavy-ball, heavy-ball-momentum, nag-c, nag-sc, nag-sc-one-sequence, nesterov, nesterov-one-sequence, triple-momentum; or give method_file = "my_method.toml")
    """
    known = {m.name: m for m in (factory() for factory in _METHOD_FACTORIES)}
    if name not in known:
        raise ParseError(f"unknown method {name!r} (known: {', '.join(sorted(known))}; "
                         'or give method_file = "my_method.toml")')
    return known[name]


class _StepEnergyBuilder(_EnergyBuilder):
    """The energy builder for :math:`E_k`: the method's sequences indexed as ``x[k]``, no trajectory ``X``."""

    def _Name(self, node):
        if node.id in self.sequences:
            raise parse_error(f"the sequence {node.id} needs an index, e.g. {node.id}[k]", self.source)
        if node.id in ("X", "Xdot", "Xddot"):
            raise parse_error(f"{node.id} is continuous time: a discrete energy names iterates such as x[k]",
                              self.source)
        if node.id == "t":
            raise parse_error("t is continuous time: a discrete energy is indexed by k", self.source)
        return super()._Name(node)

    def _Subscript(self, node):
        name = node.value.id if isinstance(node.value, ast.Name) else None
        if name not in self.sequences:
            raise parse_error(f"{self.method} computes no sequence {name or 'there'} (its sequences: "
                              f"{', '.join(self.sequences)})", self.source)
        return ExpressionBuilder._Subscript(self, node)


#: the value of ``energy`` that asks for the energy derived from an inertial proximal method
INERTIAL = "inertial"


def _inertial(method, where: str) -> Expr:
    """The energy :func:`~symflow.lyapunov.inertial_energy` derives from ``method``, or one line of why not."""
    try:
        return inertial_energy(method).energy
    except SymflowError as exc:
        raise ParseError(f'{where}: energy = "{INERTIAL}": {exc}') from None


def _discrete_claim(table: dict, where: str, directory) -> DiscreteClaim:
    """A :class:`DiscreteClaim` from a claim file's table (keys checked, every message in TOML terms)."""
    allowed = {"name", "parameters", "energy", "method", "method_file", "class", "rate", "rate_form", "start",
               "description", "source", "twice_differentiable", "unknowns", "mu", "L"}
    if "ode" in table or "ode_from_method" in table:
        key = "ode" if "ode" in table else "ode_from_method"
        raise ParseError(f"{where}: give either '{key}' (a continuous-time claim) or 'method'/'method_file' (a "
                         "discrete-time claim), not both")
    if "method" in table and "method_file" in table:
        raise ParseError(f"{where}: give either 'method' (a method of symflow by name) or 'method_file', not both")
    if "initial" in table:
        raise ParseError(f"{where}: 'initial' is for continuous-time claims (with 'ode'); a discrete claim "
                         "takes method, energy, class, rate, rate_form, start, unknowns")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ParseError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")
    if "method" in table:
        if not isinstance(table["method"], str):
            raise ParseError(f'{where}: \'method\' must be a name such as "nag-sc"')
        try:
            method = method_by_name(table["method"])
        except ParseError as exc:
            raise ParseError(f"{where}: {exc}") from None
    else:
        if not isinstance(table["method_file"], str):
            raise ParseError(f'{where}: \'method_file\' must be a path such as "my_method.toml"')
        path = Path(table["method_file"])
        method, _ = read_method(path if path.is_absolute() or directory is None else Path(directory) / path)
    if table.get("twice_differentiable", False) is not False:
        raise ParseError(f"{where}: twice_differentiable: a discrete certificate uses the interpolation "
                         "inequalities of f, which say nothing of its Hessian; leave it out")
    parameters = table.get("parameters", [])
    if (not isinstance(parameters, list) or any(not isinstance(p, str) for p in parameters)
            or any(p in _VECTORS or p in _ARITY for p in parameters)):
        raise ParseError(f"{where}: 'parameters' must be a list of scalar names (not {parameters!r})")
    name = table.get("class", "smooth-convex")
    if not isinstance(name, str):
        raise ParseError(f'{where}: \'class\' must be a name such as "smooth-convex"')
    try:
        cls = function_class(name)
    except SymflowError as exc:
        raise ParseError(f"{where}: class: {exc}") from None
    cls = _class_constants(cls, table, where)
    unknown_names = table.get("unknowns", [])
    if (not isinstance(unknown_names, list) or any(not isinstance(p, str) for p in unknown_names)
            or any(p in _VECTORS or p in _ARITY for p in unknown_names)):
        raise ParseError(f"{where}: 'unknowns' must be a list of scalar names (not {unknown_names!r})")
    fixed = {str(p) for p in method.parameters} | {str(method.step_size), "k", "mu", "L"}
    clash = sorted((set(parameters) | fixed) & set(unknown_names))
    if clash:
        raise ParseError(f"{where}: {', '.join(clash)} cannot be unknowns: the index k, the class constants and "
                         "the method's parameters are for all")
    scalars = scalar_table(list(parameters) + [str(p) for p in method.parameters] + list(unknown_names))
    stray = {str(p) for p in method.parameters} - set(scalars)
    if stray:
        raise ParseError(f"{where}: the method's parameters {', '.join(sorted(stray))} are not scalar names")
    sequences = {n: vector_function(n) for n in method.sequences}
    built = {}
    best = _text(table, "rate", where, "0").strip() == "best"
    for key, default in (("energy", None), ("rate", "0"), ("start", "0")):
        if key == "rate" and best:
            built[key] = S.Zero
            continue
        source = " ".join(_text(table, key, where, default).split())  # a multi-line TOML string is one line
        if key == "energy" and source == INERTIAL:
            built[key] = _inertial(method, where)
            continue
        builder = _StepEnergyBuilder(scalars, sequences, source)
        builder.method = f"method {method.name!r}"
        try:
            built[key] = _checked(builder.build(parse_source(source, "eval")), where, key)
        except ParseError as exc:
            if str(exc).startswith(where):
                raise
            raise ParseError(f"{where}: {key}: {exc}") from None
    energy, rate, start = built["energy"], built["rate"], built["start"]
    try:
        check_energy(energy, method)
        point_form(energy)
    except SymflowError as exc:
        raise ParseError(f"{where}: energy: {exc}") from None
    for key, value in (("rate", rate), ("start", start)):
        if value.atoms(Inner, FValue, NablaF) or value.atoms(AppliedVector) or value.has(x_star, x0):
            raise ParseError(f"{where}: {key} must be a scalar (a number or an expression in k and the "
                             f"parameters), not {value}")
    if start.has(k):
        raise ParseError(f"{where}: the start k0 must be a number or a parameter expression, not {start}")
    form = table.get("rate_form", "current")
    if form not in RATE_FORMS:
        raise ParseError(f"{where}: 'rate_form' must be one of {', '.join(RATE_FORMS)} (\"current\": "
                         "E_{k+1} - E_k <= -rate*E_k; \"next\": E_{k+1} - E_k <= -rate*E_{k+1}), not "
                         f"{form!r}")
    unknowns = tuple(scalars[n] for n in unknown_names)
    missing = [n for n, u in zip(unknown_names, unknowns) if u not in energy.free_symbols]
    if missing:
        raise ParseError(f"{where}: the unknown(s) {', '.join(missing)} do not occur in the energy")
    if any(u in rate.free_symbols for u in unknowns):
        raise ParseError(f"{where}: the rate names an unknown: unknowns are the energy's coefficients")
    return DiscreteClaim(str(table.get("name", "user-claim")), energy, method, cls, rate, form, start,
                         tuple(scalars[p] for p in parameters), unknowns, best)


def _class_constants(cls, table: dict, where: str):
    r"""The class with the numbers the file gives for :math:`\mu` and :math:`L` (``mu = "1/4"``, ``L = 1``)."""
    given = {}
    for key, current in (("mu", cls.mu), ("L", cls.L)):
        if key not in table:
            continue
        if current in (S.Zero, S.Infinity):
            raise ParseError(f"{where}: the class {cls.name!r} has no constant {key}")
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ParseError(f"{where}: {key} must be a positive number such as \"1/4\", not {value!r}")
        try:
            number = parse_rational(str(value), where=key)
        except SymflowError as exc:
            raise ParseError(f"{where}: {exc}") from None
        if not number > 0:
            raise ParseError(f"{where}: {key} must be positive, not {value!r}")
        given[key] = number
    if not given:
        return cls
    try:
        return replace(cls, **given)
    except SymflowError as exc:
        raise ParseError(f"{where}: {exc}") from None


def read_claim(path) -> Claim | DiscreteClaim:
    """Read a claim file; a missing or unreadable file is a :class:`~symflow.core.errors.ParseError`.

    A ``method_file`` in it is read relative to the claim file's folder.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read {path}: {exc}") from None
    return claim_from_toml(text, where=str(path), directory=path.parent)
