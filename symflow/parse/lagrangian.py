r"""Lagrangian files: a user's Bregman Lagrangian (:math:`\alpha_t, \beta_t, \gamma_t` and :math:`h`) in TOML.

The scaling functions are read with :mod:`ast` and rebuilt from a whitelist, as every user text
is (:mod:`symflow.parse.expressions`): numbers, the time ``t``, the declared parameters,
``+ - * / **`` and the functions ``log``, ``exp``, ``sqrt``. Nothing reaches ``eval``, ``exec``
or ``sympify``. A Lagrangian file::

    name = "my-bregman"
    description = "the polynomial family with p = 3"
    parameters = ["C"]              # scalar names besides t (p, C, c, r, mu, L are known)
    alpha = "log(3) - log(t)"       # a scaling function left out is general (an undefined function of t)
    beta = "3*log(t) + log(C)"
    gamma = "3*log(t)"
    h = "euclidean"                 # h = |x|^2/2, or "abstract": a general convex h

The Bregman Lagrangian :math:`e^{\alpha_t + \gamma_t}(D_h(X + e^{-\alpha_t}\dot X, X) - e^{\beta_t}f(X))`
is built by :func:`symflow.lagrangian.bregman_lagrangian` and its Euler–Lagrange equation, the
ideal-scaling report and the mirror form by :func:`symflow.lagrangian.bregman_equation`.

Examples
--------
>>> spec = lagrangian_from_toml('''
... alpha = "log(2) - log(t)"
... beta = "2*log(t) + log(1/4)"
... gamma = "2*log(t)"
... ''')
>>> spec.scaling.gamma, spec.h
(2*log(t), 'euclidean')
>>> lagrangian_from_toml('alpha = "__import__(1)"')
Traceback (most recent call last):
...
symflow.core.errors.ParseError: Lagrangian file: alpha: unknown function '__import__' (allowed: exp, log, sqrt) in "__import__(1)"
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

from sympy import Expr, exp, log, sqrt

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from ..core.errors import ParseError, SymflowError
from ..core.symbols import t
from ..lagrangian import Scaling, alpha, beta, gamma
from .expressions import ExpressionBuilder, parse_error, parse_source, scalar_table

__all__ = ["LagrangianSpec", "lagrangian_from_toml", "read_lagrangian", "DISTANCES"]

#: the distance-generating functions a Lagrangian file may name
DISTANCES = ("euclidean", "abstract")
_FUNCTIONS = {"log": log, "exp": exp, "sqrt": sqrt}
_GENERAL = {"alpha": alpha, "beta": beta, "gamma": gamma}
_KEYS = {"name", "description", "source", "parameters", "alpha", "beta", "gamma", "h"}


@dataclass(frozen=True)
class LagrangianSpec:
    r"""A user's Bregman Lagrangian: its scaling :math:`(\alpha, \beta, \gamma)`, its :math:`h`, and words."""

    name: str
    scaling: Scaling
    h: str
    description: str = ""
    source: str = ""


class _ScalingBuilder(ExpressionBuilder):
    """The core whitelist with the time ``t`` and the functions ``log``, ``exp``, ``sqrt`` (no vectors)."""

    def _Name(self, node):
        if node.id == "t":
            return t
        if node.id in _FUNCTIONS:
            raise parse_error(f"{node.id} is a function: write {node.id}(...)", self.source)
        if node.id not in self.scalars:
            raise parse_error(f"unknown name '{node.id}' (declare it under parameters)", self.source)
        return self.scalars[node.id]

    def _Call(self, node):
        name = getattr(node.func, "id", None) if isinstance(node.func, ast.Name) else None
        if name not in _FUNCTIONS:
            raise parse_error(f"unknown function '{name or 'that'}' (allowed: {', '.join(sorted(_FUNCTIONS))})",
                              self.source)
        if node.keywords or len(node.args) != 1:
            raise parse_error(f"{name} takes exactly one argument", self.source)
        return _FUNCTIONS[name](self.build(node.args[0]))


    def _Subscript(self, node):
        raise parse_error("indexing is not allowed (a scaling function is an expression in t)", self.source)


def _scaling_function(table: dict, key: str, scalars: dict, where: str) -> Expr:
    if key not in table:
        return _GENERAL[key](t)
    text = table[key]
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise ParseError(f'{where}: \'{key}\' must be an expression in t such as "log(2) - log(t)"')
    source = " ".join(str(text).split())
    try:
        return _ScalingBuilder(scalars, {}, source).build(parse_source(source, "eval"))
    except ParseError as exc:
        raise ParseError(f"{where}: {key}: {exc}") from None


def lagrangian_from_toml(text: str, *, where: str = "Lagrangian file") -> LagrangianSpec:
    r"""A :class:`LagrangianSpec` from TOML text (see the module docstring); bad input is a one-line ParseError.

    Examples
    --------
    >>> lagrangian_from_toml('h = "abstract"').scaling.alpha
    alpha(t)
    """
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"{where}: not valid TOML: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"{where}: not valid TOML ({type(exc).__name__})") from None
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ParseError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(_KEYS))})")
    parameters = table.get("parameters", [])
    if not isinstance(parameters, list) or any(not isinstance(n, str) for n in parameters):
        raise ParseError(f"{where}: 'parameters' must be a list of names such as [\"p\", \"C\"]")
    if "t" in parameters or any(n in _FUNCTIONS or n in _GENERAL for n in parameters):
        raise ParseError(f"{where}: t, log, exp, sqrt, alpha, beta, gamma cannot be parameter names")
    try:
        scalars = scalar_table(parameters)
    except ParseError as exc:
        raise ParseError(f"{where}: parameters: {exc}") from None
    scalars.pop("k", None)  # continuous time: no iteration index
    values = {key: _scaling_function(table, key, scalars, where) for key in ("alpha", "beta", "gamma")}
    h = table.get("h", "euclidean")
    if h not in DISTANCES:
        raise ParseError(f"{where}: 'h' must be \"euclidean\" (h = |x|^2/2) or \"abstract\" (a general convex h), "
                         f"not {h!r}")
    name = str(table.get("name", "user-bregman"))
    try:
        scaling = Scaling(values["alpha"], values["beta"], values["gamma"], name=name)
    except SymflowError as exc:
        raise ParseError(f"{where}: {exc}") from None
    return LagrangianSpec(name, scaling, h, str(table.get("description", "")), str(table.get("source", where)))


def read_lagrangian(path) -> LagrangianSpec:
    """Read a Lagrangian file; a missing or unreadable file is a :class:`~symflow.core.errors.ParseError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read {path}: {exc}") from None
    return lagrangian_from_toml(text, where=str(path))
