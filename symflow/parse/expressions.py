r"""Safe parsing of user text into symflow objects.

Text is read with Python's :mod:`ast` and rebuilt node by node from a
whitelist: numbers, the names the user declared, ``+ - * / **``, and the
functions ``grad`` and ``sqrt``. Nothing is ever passed to ``eval``, ``exec``
or ``sympify``, so ``__import__('os').system(...)`` is refused, not run.

A method file is TOML::

    name = "my-nesterov"
    description = "Nesterov's method, written by hand"
    sequences = ["x", "y"]          # the first is modelled by X(t)
    parameters = ["r"]              # scalar names besides k and s
    start = 1                       # first k at which the updates hold (default 0)
    updates = [
      "x[k] = y[k-1] - s*grad(y[k-1])",
      "y[k] = x[k] + (k-1)/(k+r-1)*(x[k] - x[k-1])",
    ]
    initial = ["y[0] = x[0]"]

    [limit]                         # optional defaults for `symflow derive --method`
    order = 0
    time_offset = "0"

Examples
--------
>>> from symflow.parse import method_from_toml
>>> m = method_from_toml('''
... name = "gd"
... sequences = ["x"]
... updates = ["x[k+1] = x[k] - s*grad(x[k])"]
... ''')
>>> m.updates[0]
Eq(x(k + 1), -s*NablaF(x(k)) + x(k))
>>> parse_expression("__import__('os').system('true')", {})
Traceback (most recent call last):
...
symflow.core.errors.ParseError: only grad(...) and sqrt(...) may be called in "__import__('os').system('true')"
"""
from __future__ import annotations

import ast
from collections.abc import Mapping
from fractions import Fraction

from sympy import Eq, Expr, Integer, Pow, Rational, Symbol, sqrt

from ..core.coordinatewise import ADAPTIVE_SCALARS
from ..core.errors import ParseError
from ..core.limits import LIMITS
from ..core.symbols import KNOWN_SCALARS, k
from ..core.vectors import grad

__all__ = ["parse_expression", "parse_equation", "parse_rational", "scalar_table", "ExpressionBuilder", "parse_error",
           "parse_source", "RESERVED_NAMES"]


_FUNCTIONS = {"grad": 1, "sqrt": 1}
_MAX_LENGTH = int(LIMITS["source length"].largest)
_MAX_EXPONENT = LIMITS["exponent"].largest
_MAX_DIGITS = int(LIMITS["integer digits"].largest)


RESERVED_NAMES = set(_FUNCTIONS) | {"k"}


def parse_error(message: str, source: str) -> ParseError:
    """A :class:`ParseError` that names the text it is about."""
    return ParseError(f'{message} in "{source}"')


def _too_large(value) -> str | None:
    """Why a built expression is refused for its size (a huge exponent or integer), or ``None``."""
    numbers = [value] if value.is_Rational else []
    for power in value.atoms(Pow):
        exponent = power.exp
        if exponent.is_Number and abs(exponent) > _MAX_EXPONENT:
            return (f"the exponent {exponent} is larger than symflow's limit {_MAX_EXPONENT} "
                    f"({LIMITS['exponent'].advice})")
    numbers += list(value.atoms(Rational))
    for number in numbers:
        if max(abs(number.p), number.q) >= 10 ** _MAX_DIGITS:
            return (f"a number with more than {_MAX_DIGITS} digits is refused "
                    f"({LIMITS['integer digits'].advice})")
    return None


class ExpressionBuilder:
    """Rebuild an ``ast`` tree as a SymPy expression, refusing anything not whitelisted."""

    def __init__(self, scalars: Mapping, sequences: Mapping, source: str):
        self.scalars = scalars
        self.sequences = sequences
        self.source = source

    def build(self, node) -> Expr:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise parse_error(f"'{type(node).__name__}' is not allowed (only numbers, names, + - * / ** "
                        "and grad(...), sqrt(...))", self.source)
        return method(node)

    def _Expression(self, node):
        return self.build(node.body)

    def _Constant(self, node):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise parse_error(f"the constant {value!r} is not a number", self.source)
        if isinstance(value, int):
            if abs(value) >= 10 ** _MAX_DIGITS:
                raise parse_error(f"an integer with more than {_MAX_DIGITS} digits is refused "
                                  f"({LIMITS['integer digits'].advice})", self.source)
            return Integer(value)
        try:
            numerator, denominator = Fraction(repr(value)).as_integer_ratio()
        except (ValueError, OverflowError):
            raise parse_error(f"the constant {value!r} is not a finite number", self.source) from None
        return Rational(numerator, denominator)

    def _Name(self, node):
        name = node.id
        if name in self.sequences:
            raise parse_error(f"the sequence {name} needs an index, e.g. {name}[k]", self.source)
        if name in _FUNCTIONS:
            raise parse_error(f"{name} is a function: write {name}(...)", self.source)
        if name not in self.scalars:
            raise parse_error(f"unknown name '{name}' (declare it under parameters)", self.source)
        return self.scalars[name]

    def _BinOp(self, node):
        left, right = self.build(node.left), self.build(node.right)
        op = type(node.op).__name__
        if op == "Pow":
            if right.is_Number and abs(right) > _MAX_EXPONENT:
                raise parse_error(f"the exponent {right} is larger than symflow's limit {_MAX_EXPONENT} "
                                  f"({LIMITS['exponent'].advice})", self.source)
            if left.is_Number and right.is_Number and abs(left) != 1 and abs(right) * len(str(abs(left))) > 10 * _MAX_DIGITS:
                raise parse_error(f"the power {left}**{right} is too large ({LIMITS['integer digits'].advice})",
                                  self.source)
        if op == "Div" and right == 0:
            raise parse_error("division by zero", self.source)
        if op not in ("Add", "Sub", "Mult", "Div", "Pow"):
            raise parse_error(f"the operator '{op}' is not allowed", self.source)
        result = {"Add": lambda: left + right, "Sub": lambda: left - right, "Mult": lambda: left * right,
                  "Div": lambda: left / right, "Pow": lambda: left ** right}[op]()
        problem = _too_large(result)
        if problem is not None:
            raise parse_error(problem, self.source)
        return result

    def _UnaryOp(self, node):
        operand = self.build(node.operand)
        op = type(node.op).__name__
        if op == "USub":
            return -operand
        if op == "UAdd":
            return operand
        raise parse_error(f"the operator '{op}' is not allowed", self.source)

    def _Call(self, node):
        if not isinstance(node.func, ast.Name):
            raise parse_error("only grad(...) and sqrt(...) may be called", self.source)
        name = node.func.id
        if name not in _FUNCTIONS:
            raise parse_error(f"unknown function '{name}' (allowed: {', '.join(sorted(_FUNCTIONS))})", self.source)
        if node.keywords or len(node.args) != _FUNCTIONS[name]:
            raise parse_error(f"{name} takes exactly one argument", self.source)
        argument = self.build(node.args[0])
        return grad(argument) if name == "grad" else sqrt(argument)

    def _Subscript(self, node):
        if not isinstance(node.value, ast.Name) or node.value.id not in self.sequences:
            shown = node.value.id if isinstance(node.value, ast.Name) else "that"
            raise parse_error(f"'{shown}' is not a sequence (declare it under sequences)", self.source)
        index_node = node.slice
        index = ExpressionBuilder({"k": k}, {}, self.source).build(index_node)
        shift = index - k if index.has(k) else index
        if not shift.is_Integer:
            raise parse_error(f"the index of {node.value.id} must be k plus an integer, or an integer", self.source)
        return self.sequences[node.value.id](index)


def parse_source(source: str, mode: str):
    """The :mod:`ast` of ``source`` (``mode`` "eval" or "exec"), refusing text that is too long or not Python."""
    if not isinstance(source, str):
        raise ParseError(f"expected text, got {type(source).__name__}")
    if len(source) > _MAX_LENGTH:
        raise ParseError(f"an expression longer than {_MAX_LENGTH} characters is refused "
                         f"({LIMITS['source length'].advice})")
    try:
        return ast.parse(source.strip(), mode=mode)
    except SyntaxError as exc:
        message = exc.msg
        if "Maybe you meant '=='" in message or "cannot assign" in message or "assignment" in message:
            message = "write an update as one equation `x[k+1] = ...` and an expression without `=`"
        elif "Perhaps you forgot a comma" in message:
            message = "invalid syntax (an operator such as * may be missing)"
        raise ParseError(f'cannot read "{source}": {message}') from None
    except (ValueError, MemoryError, RecursionError) as exc:
        detail = "an integer literal is too long" if "digits" in str(exc) else "the text is too complex"
        raise ParseError(f'cannot read "{source[:80]}": {detail} ({LIMITS["integer digits"].advice})') from None


def scalar_table(parameters) -> dict:
    table = dict(KNOWN_SCALARS)
    table.update({name: symbol for name, symbol in ADAPTIVE_SCALARS.items() if name not in table})
    for name in parameters:
        if not isinstance(name, str) or not name.isidentifier() or name in RESERVED_NAMES:
            raise ParseError(f"{name!r} cannot be a parameter name")
        table.setdefault(name, Symbol(name, real=True))
    return table


def parse_expression(source: str, sequences: Mapping, *, parameters=()) -> Expr:
    """Parse an expression such as ``"x[k] - s*grad(x[k])"``.

    Parameters
    ----------
    source : str
        The text.
    sequences : mapping
        ``{name: vector function}`` of the sequences that may be indexed.
    parameters : iterable of str
        Extra scalar names.
    """
    tree = parse_source(source, "eval")
    return ExpressionBuilder(scalar_table(parameters), sequences, source).build(tree)


def parse_equation(source: str, sequences: Mapping, *, parameters=()) -> Eq:
    """Parse ``"x[k+1] = expression"`` into an equation.

    Examples
    --------
    >>> from symflow.core import vector_function
    >>> x = vector_function("x")
    >>> parse_equation("x[k+1] = x[k]", {"x": x})
    Eq(x(k + 1), x(k))
    """
    tree = parse_source(source, "exec")
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign) or len(tree.body[0].targets) != 1:
        raise ParseError(f'"{source}" is not one equation of the form x[k+1] = ...')
    statement = tree.body[0]
    builder = ExpressionBuilder(scalar_table(parameters), sequences, source)
    lhs = builder.build(statement.targets[0])
    rhs = builder.build(statement.value)
    return Eq(lhs, rhs, evaluate=False)


def parse_rational(value, *, where: str = "value") -> Rational:
    """A rational number from text such as ``"3/2"`` or ``"0.5"``, or from an int or float.

    Examples
    --------
    >>> parse_rational("3/2")
    3/2
    >>> parse_rational("1e400")
    Traceback (most recent call last):
    ...
    symflow.core.errors.ParseError: value must be a rational number such as 3/2, not '1e400'
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ParseError(f"{where} must be a rational number such as 3/2, not {value!r}")
    try:
        fraction = Fraction(value if not isinstance(value, float) else repr(value))
    except (ValueError, ZeroDivisionError, OverflowError):
        raise ParseError(f"{where} must be a rational number such as 3/2, not {value!r}") from None
    if abs(fraction.numerator) > 10 ** 6 or fraction.denominator > 10 ** 6:
        raise ParseError(f"{where} must be a rational number such as 3/2, not {value!r}")
    return Rational(fraction.numerator, fraction.denominator)
