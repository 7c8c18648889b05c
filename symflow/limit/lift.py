r"""From the one-dimensional model back to :math:`\mathbb{R}^d`, by a checked rule.

In the model of :mod:`symflow.limit.taylor`, :math:`D_n = X^{(n)}(t)` and
:math:`G_n = f^{(n+1)}(X(t))` commute. A monomial lifts to a vector term when
its reading is unique:

* one vector factor (a :math:`D_n` or :math:`G_0`): that vector;
* one tensor :math:`G_n` (:math:`n \ge 1`) and exactly :math:`n` vector factors:
  :math:`\nabla^{n+1} f(X)[v_1, \dots, v_n]` (the tensor is symmetric);
* :math:`G_1^m` and one vector factor: :math:`(\nabla^2 f(X))^m v`.

Anything else (two tensors of different orders, a product of two vectors, a
lone scalar) has several readings in :math:`\mathbb{R}^d` and is refused with
:class:`~symflow.core.errors.LiftError`.

Examples
--------
>>> from symflow.limit import D, G
>>> lift(D(2) + 3 * D(1) / t + G(0))
NablaF(X(t)) + Derivative(X(t), (t, 2)) + 3*Derivative(X(t), t)/t
>>> lift(G(1) * D(1))
NablaF(X(t), Derivative(X(t), t))
"""
from __future__ import annotations

import re

from sympy import Add, Derivative, Expr, Integer, Poly, expand

from ..core.errors import LiftError
from ..core.symbols import X, t
from ..core.vectors import NablaF
from .taylor import D, G

__all__ = ["model_symbols", "lift", "model_derivative"]


_NAME = re.compile(r"^([DG])(\d+)$")


def model_symbols(expr: Expr) -> list:
    """The :math:`D_n`, :math:`G_n` symbols in ``expr``, sorted.

    Examples
    --------
    >>> model_symbols(D(1) * G(1) + G(0))
    [D1, G0, G1]
    """
    found = [sym for sym in expr.free_symbols if _NAME.match(sym.name)]
    return sorted(found, key=lambda sym: (sym.name[0], int(sym.name[1:])))


def _vector_of(symbol) -> Expr:
    kind, n = _NAME.match(symbol.name).groups()
    n = int(n)
    if kind == "G":
        return NablaF(X(t))
    return X(t) if n == 0 else Derivative(X(t), (t, n))


def lift(expr: Expr) -> Expr:
    r"""Lift a one-dimensional model expression (linear in vectors) to :math:`\mathbb{R}^d`.

    Raises
    ------
    LiftError
        For a monomial without a unique vector reading.
    """
    expr = expand(expr)
    if expr == 0:
        return Integer(0)
    gens = model_symbols(expr)
    if not gens:
        raise LiftError(f"{expr} is a scalar, not a vector term")
    terms = []
    for monomial, coefficient in Poly(expr, *gens).terms():
        terms.append(coefficient * _lift_monomial(dict(zip(gens, monomial))))
    return Add(*terms)


def _lift_monomial(powers: dict) -> Expr:
    leaves, tensors = [], []
    for symbol, e in powers.items():
        if e == 0:
            continue
        kind, n = _NAME.match(symbol.name).groups()
        if kind == "D" or n == "0":
            leaves += [_vector_of(symbol)] * e
        else:
            tensors += [int(n)] * e
    shown = " * ".join(f"{sym}^{e}" if e > 1 else str(sym) for sym, e in powers.items() if e)
    if not tensors:
        if len(leaves) == 1:
            return leaves[0]
        raise LiftError(f"the term {shown} is a product of {len(leaves)} vectors")
    if len(tensors) == 1 and len(leaves) == tensors[0]:
        return NablaF(X(t), *leaves)
    if set(tensors) == {1} and len(leaves) == 1:
        out = leaves[0]
        for _ in tensors:
            out = NablaF(X(t), out)
        return out
    raise LiftError(
        f"the one-dimensional term {shown} has no unique reading in R^d (tensors of orders "
        f"{sorted(n + 1 for n in tensors)} with {len(leaves)} vectors); lower the order")


def model_derivative(expr: Expr, time=t) -> Expr:
    r"""The time derivative along the trajectory in the one-dimensional model.

    :math:`\dot D_n = D_{n+1}` and :math:`\dot G_n = G_{n+1} D_1`.

    Examples
    --------
    >>> model_derivative(G(0) / t)
    D1*G1/t - G0/t**2
    """
    out = expr.diff(time)
    for symbol in model_symbols(expr):
        kind, n = _NAME.match(symbol.name).groups()
        n = int(n)
        velocity = D(n + 1) if kind == "D" else G(n + 1) * D(1)
        out += expr.diff(symbol) * velocity
    return out
