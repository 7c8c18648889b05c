r"""``symflow discretize NAME --scheme SCHEME``: turn a catalogue ODE (or your method's limit) back into a method.

The ODE is the result of the catalogue entry ``NAME`` (``--order`` 0 or 1), or
the continuous limit of the method in ``--method FILE``; it is discretized by
:func:`symflow.discretize.discretization` and printed with every step.

Examples
--------
>>> from symflow.cli.options import build_parser
>>> parser = build_parser()
>>> args = parser.parse_args(["discretize", "nag-sc", "--scheme", "symplectic", "--order", "1"])
>>> args.scheme, args.order
('symplectic', 1)
"""
from __future__ import annotations

import ast

from ..catalogue import get
from ..core.errors import SymflowError
from ..core.model import ODE
from ..core.symbols import KNOWN_SCALARS
from ..discretize.schemes import discretization
from ..documents.render import render
from ..limit.continuous import continuous_limit
from ..parse.expressions import RESERVED_NAMES, parse_expression, parse_rational, parse_source
from ..parse.method import read_method

__all__ = ["run"]


def _ode(args):
    if (args.name is None) == (args.method is None):
        raise SymflowError("give either a catalogue NAME or --method FILE (see `symflow discretize --help`)")
    if args.method is not None:
        method, options = read_method(args.method)
        order = args.order if args.order is not None else options.get("order", 0)
        return continuous_limit(method, order=order).ode

    entry = get(args.name)
    options = {"order": args.order} if "order" in entry.options else {}
    if args.order is not None and "order" not in entry.options:
        raise SymflowError(f"catalogue entry {args.name!r} takes no --order")
    result = entry.run(**options).result
    if not isinstance(result, ODE):
        raise SymflowError(f"catalogue entry {args.name!r} does not derive an ODE, so there is nothing "
                           "to discretize")
    return result


def _check_step(text):
    """Read ``--step`` once before any deriving, with every name it uses allowed (a syntax and whitelist check)."""
    if text is None:
        return
    tree = parse_source(text, "eval")
    names = sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)
                    and node.id not in RESERVED_NAMES and node.id not in KNOWN_SCALARS})
    parse_expression(text, {}, parameters=names)


def _step(text, parameters):
    if text is None:
        return None

    names = [str(p) for p in parameters]
    step = parse_expression(text, {}, parameters=names)

    own = {str(p): p for p in parameters}
    return step.xreplace({sym: own[str(sym)] for sym in step.free_symbols
                          if str(sym) in own and str(sym) not in KNOWN_SCALARS})


def run(args) -> int:
    """Discretize and print; bad input raises a :class:`~symflow.core.errors.SymflowError`."""

    if args.order is not None and args.order not in (0, 1):
        raise SymflowError(f"--order must be 0 or 1, not {args.order}")
    offset = parse_rational(args.time_offset, where="--time-offset")
    _check_step(args.step)
    ode = _ode(args)
    step = _step(args.step, ode.parameters)
    derivation = discretization(ode, args.scheme, step=step, offset=offset).derivation
    print(render(derivation, args.format), end="")
    return 0
