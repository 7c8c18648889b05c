r"""Method files: a user's method in TOML, read through the ast whitelist of :mod:`symflow.parse.expressions`."""
from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from sympy import Eq

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from ..core.adaptive_method import AdaptiveMethod
from ..core.coordinatewise import ADAPTIVE_SCALARS, coordinatewise
from ..core.errors import LimitExceeded, ParseError, SymflowError, UnsupportedError
from ..core.limits import LIMITS
from ..core.model import Method
from ..core.vectors import vector_coefficients
from ..core.symbols import KNOWN_SCALARS, k, s, vector_function
from .expressions import RESERVED_NAMES, parse_equation, scalar_table

__all__ = ["method_from_toml", "read_method", "check_order"]


def _require(table: Mapping, key: str, kind, where: str):
    if key not in table:
        raise ParseError(f"{where}: missing '{key}'")
    value = table[key]
    if not isinstance(value, kind):
        raise ParseError(f"{where}: '{key}' must be {getattr(kind, '__name__', kind)}")
    return value


def method_from_toml(text: str, *, where: str = "method file") -> Method:
    """Build a :class:`~symflow.core.Method` from TOML text (see the module docstring)."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"{where}: not valid TOML: {exc}") from None
    return _method_from_table(table, where)


def _method_from_table(table: Mapping, where: str) -> Method:
    allowed = {"name", "description", "source", "sequences", "parameters", "start", "updates",
               "initial", "limit"}
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ParseError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")
    names = _require(table, "sequences", list, where)
    if not names or not all(isinstance(n, str) and n.isidentifier() and n not in RESERVED_NAMES for n in names):
        raise ParseError(f"{where}: 'sequences' must list names such as [\"x\", \"y\"]")
    parameters = table.get("parameters", [])
    if not isinstance(parameters, list):
        raise ParseError(f"{where}: 'parameters' must be a list of names")
    clash = set(parameters) & set(names)
    if clash:
        raise ParseError(f"{where}: {', '.join(sorted(clash))} is both a sequence and a parameter")
    scalars = scalar_table(parameters)
    sequences = {n: vector_function(n) for n in names}
    updates = _require(table, "updates", list, where)
    initial = table.get("initial", [])
    if not isinstance(initial, list):
        raise ParseError(f"{where}: 'initial' must be a list of equations")
    start = table.get("start", 0)
    if not isinstance(start, int) or isinstance(start, bool):
        raise ParseError(f"{where}: 'start' must be a whole number")
    for item in updates + initial:
        if not isinstance(item, str):
            raise ParseError(f"{where}: every update must be a string such as \"x[k+1] = x[k] - s*grad(x[k])\"")
    used = {scalars[p] for p in parameters}
    try:
        eqs = tuple(parse_equation(u, sequences, parameters=parameters) for u in updates)
        inits = tuple(parse_equation(u, sequences, parameters=parameters) for u in initial)
        known = set(KNOWN_SCALARS.values()) | set(ADAPTIVE_SCALARS.values())
        known_used = {sym for eq in eqs + inits for sym in eq.free_symbols} & known
        adaptive = [_is_nonlinear(eq.rhs) for eq in eqs]
        if any(adaptive):
            eqs = tuple(Eq(eq.lhs, coordinatewise(eq.rhs)) if nonlinear else eq
                        for eq, nonlinear in zip(eqs, adaptive))
        return (AdaptiveMethod if any(adaptive) else Method)(
            str(table.get("name", "user-method")), tuple(names), eqs,
            parameters=tuple(sorted(used | (known_used - {k, s}), key=str)),
            initial=inits, start=start,
            description=str(table.get("description", "")), source=str(table.get("source", where)),
        )
    except ParseError:
        raise
    except SymflowError as exc:
        raise ParseError(f"{where}: {exc}") from None


def _is_nonlinear(expr) -> bool:
    """Whether vectors are multiplied, raised to powers or added to scalars in ``expr`` (coordinate-wise operations)."""
    try:
        vector_coefficients(expr)
    except UnsupportedError:
        return True
    return False


def check_order(order, where: str = "--order"):
    """``order`` if it is ``None`` or a whole number from 0 to ``LIMITS["order"]``, else a one-line error.

    Examples
    --------
    >>> check_order(1)
    1
    """
    if order is None:
        return None
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        raise ParseError(f"{where} must be a whole number from 0 to {LIMITS['order'].largest}, not {order!r}")
    if order > LIMITS["order"].largest:
        raise LimitExceeded(f"{where} {order} is larger than symflow's limit {LIMITS['order'].largest} "
                            f"({LIMITS['order'].advice})")
    return order


def read_method(path) -> tuple:
    """Read a method file: ``(Method, limit options)``.

    Raises
    ------
    ParseError
        If the file cannot be read or is not a valid method.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read {path}: {exc}") from None
    method = method_from_toml(text, where=str(path))
    table = tomllib.loads(text)
    options = table.get("limit", {})
    if not isinstance(options, dict) or set(options) - {"order", "time_offset", "exponent"}:
        raise ParseError(f"{path}: [limit] may set only order, time_offset and exponent")
    check_order(options.get("order"), where=f"{path}: [limit] order")
    return method, dict(options)
