r"""``symflow derive NAME`` / ``symflow derive --method FILE``: the continuous limit of a method, with every step.

Examples
--------
>>> from symflow.cli.options import build_parser
>>> run(build_parser().parse_args(["derive", "gradient-descent", "--format", "json"]))  # doctest: +ELLIPSIS
{...
0
"""
from __future__ import annotations

from ..catalogue import get
from ..core.adaptive_method import is_adaptive
from ..core.derivation import Derivation, Step
from ..core.errors import DegenerateLimitError, SymflowError, UnsupportedError
from ..documents import render
from ..limit import continuous_limit, system_limit
from ..parse import parse_rational, read_method
from ..parse.method import check_order

__all__ = ["run", "user_method", "user_limit", "derive_user_method"]


def run(args) -> int:
    """Derive and print the limit of a catalogue method or of the user's method file."""
    if (args.name is None) == (args.method is None):
        raise SymflowError("give either a catalogue NAME or --method FILE (see `symflow derive --help`)")
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
    """The derivation of the limit of the method in a method file (a single ODE or a system of ODEs).

    Examples
    --------
    >>> derive_user_method("examples/nesterov_by_hand.toml").name
    'nesterov-by-hand'
    """
    method, order, offset, exponent = user_method(path, order, offset)
    if is_adaptive(method):
        return _derive_system(path, method, order, offset, exponent)
    result = user_limit(path, order, offset)
    return Derivation(method.name, result.steps, result.ode, title=method.description,
                      source=method.source)


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
