r"""Safe parsing of an objective :math:`f(x_1, \dots, x_d)` typed by a user (ast whitelist)."""
from __future__ import annotations

import re

from sympy import (
    Symbol,
    preorder_traversal,
    atan,
    cos,
    cosh,
    exp,
    log,
    sin,
    sinh,
    sqrt,
    tanh,
)

from ..core.errors import ObjectiveError
from ..core.limits import check_limit
from ..numeric.objectives import Objective, coordinates
from .expressions import ExpressionBuilder, parse_error, parse_source

__all__ = ["parse_objective"]


_FUNCTIONS = {"exp": exp, "log": log, "sqrt": sqrt, "sin": sin, "cos": cos, "tanh": tanh,
              "sinh": sinh, "cosh": cosh, "atan": atan}
_COORDINATE = re.compile(r"x([1-9][0-9]*)$")


class _ObjectiveBuilder(ExpressionBuilder):
    """The :mod:`symflow.parse.expressions` whitelist, with coordinates ``x1, x2, ...`` and smooth functions."""

    def __init__(self, source: str):
        super().__init__({}, {}, source)
        self.used = set()

    def _Name(self, node):
        match = _COORDINATE.match(node.id)
        if match is None:
            raise parse_error(f"unknown name '{node.id}' (write the coordinates as x1, x2, ...)", self.source)
        if len(match.group(1)) > 9:
            check_limit("dimension", 10 ** 9)
        self.used.add(check_limit("dimension", int(match.group(1))))
        return Symbol(node.id, real=True)

    def _Call(self, node):
        name = getattr(node.func, "id", None)
        if name is None:
            raise parse_error(f"only the functions {', '.join(sorted(_FUNCTIONS))} may be called, "
                              "by name, e.g. exp(x1)", self.source)
        if name not in _FUNCTIONS:
            raise parse_error(f"unknown function '{name}' (allowed: {', '.join(sorted(_FUNCTIONS))})", self.source)
        if node.keywords or len(node.args) != 1:
            raise parse_error(f"{name} takes exactly one argument", self.source)
        return _FUNCTIONS[name](self.build(node.args[0]))

    def _Subscript(self, node):
        raise parse_error("indexing is not allowed (write the coordinates as x1, x2, ...)", self.source)


def parse_objective(source: str, *, dimension: int | None = None) -> Objective:
    r"""Read an objective such as ``"0.02*x1**2 + 0.005*x2**2"`` from text, safely.

    Decimal constants are read exactly (``0.02`` is :math:`1/50`). The
    dimension is the highest coordinate index used, unless given.

    Raises
    ------
    ParseError
        For anything outside the whitelist (names other than ``x1, x2, ...``,
        calls other than exp, log, sqrt, sin, cos, tanh, sinh, cosh, atan).
    ObjectiveError
        For a dimension smaller than a coordinate used, or a non-smooth or non-real objective.

    Examples
    --------
    >>> parse_objective("log(1 + exp(-x1)) + x3**2").coordinates
    (x1, x2, x3)
    >>> parse_objective("abs(x1)")
    Traceback (most recent call last):
    ...
    symflow.core.errors.ParseError: unknown function 'abs' (allowed: atan, cos, cosh, exp, log, sin, sinh, sqrt, tanh) in "abs(x1)"
    """
    builder = _ObjectiveBuilder(source)
    expression = builder.build(parse_source(source, "eval"))
    if not builder.used and dimension is None:
        raise ObjectiveError(f'the objective "{source}" uses no coordinate x1, x2, ...')
    highest = max(builder.used, default=1)
    if dimension is not None and (not isinstance(dimension, int) or dimension < highest):
        raise ObjectiveError(f'the objective "{source}" uses x{highest}, more than the dimension {dimension}')
    if dimension is not None:
        check_limit("dimension", dimension)
    for part in preorder_traversal(expression):
        if part.is_number and part.is_extended_real is False:
            raise ObjectiveError(f'the objective "{source}" is not real: {part} is not a real number '
                                 "(e.g. an odd root of a negative number; write -(64**(1/3)) instead)")
    return Objective(expression, coordinates(dimension or highest))
