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
from ..core.derivation import Derivation
from ..core.errors import SymflowError
from ..documents import render
from ..limit import continuous_limit
from ..parse import parse_rational, read_method
from ..parse.method import check_order

__all__ = ["run"]


def run(args) -> int:
    """Derive and print the limit of a catalogue method or of the user's method file."""
    if (args.name is None) == (args.method is None):
        raise SymflowError("give either a catalogue NAME or --method FILE (see `symflow derive --help`)")
    check_order(args.order)
    offset = None if args.time_offset is None else parse_rational(args.time_offset, where="--time-offset")
    if args.method is not None:
        derivation = _derive_user_method(args.method, args.order, offset)
    else:
        derivation = get(args.name).run(order=args.order, offset=offset)
    print(render(derivation, args.format), end="")
    return 0


def _derive_user_method(path, order, offset) -> Derivation:
    method, options = read_method(path)
    if order is None:
        order = options.get("order", 0)
    check_order(order, where=f"{path}: [limit] order")
    if offset is None:
        offset = parse_rational(options.get("time_offset", 0), where=f"{path}: time_offset")
    exponent = options.get("exponent")
    if exponent is not None:
        exponent = parse_rational(exponent, where=f"{path}: exponent")
    result = continuous_limit(method, offset=offset, order=order, exponent=exponent)
    return Derivation(method.name, result.steps, result.ode, title=method.description,
                      source=method.source)
