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
from ..core.limits import check_budget
from ..core.symbols import X, t
from ..core.vectors import NablaF
from .taylor import D, G

__all__ = ["model_symbols", "lift", "describe_monomial", "model_derivative"]


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

    Examples
    --------
    >>> lift(G(2) * D(1) ** 2 + G(1) * G(0))
    NablaF(X(t), NablaF(X(t))) + NablaF(X(t), Derivative(X(t), t), Derivative(X(t), t))
    """
    expr = expand(expr)
    if expr == 0:
        return Integer(0)
    gens = model_symbols(expr)
    if not gens:
        raise LiftError(f"{expr} is a scalar, not a vector term")
    terms = []
    for monomial, coefficient in Poly(expr, *gens).terms():
        check_budget("reading the expansion back as vectors")
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
    if not tensors:
        if len(leaves) == 1:
            return leaves[0]
        raise LiftError(
            f"the term {describe_monomial(powers)} is a product of {len(leaves)} vectors, not a vector; "
            "symflow lifts only terms linear in one vector")
    if len(tensors) == 1 and len(leaves) == tensors[0]:
        return NablaF(X(t), *leaves)
    if set(tensors) == {1} and len(leaves) == 1:
        out = leaves[0]
        for _ in tensors:
            out = NablaF(X(t), out)
        return out
    raise LiftError(
        f"the term {describe_monomial(powers)} has no unique meaning for vectors in R^d: it multiplies "
        f"the derivative tensors {', '.join(_tensor_name(n) for n in sorted(tensors))} of f with "
        f"{len(leaves)} vector(s), which commute in the one-dimensional expansion but not in R^d; "
        "symflow reads back only terms with one derivative tensor of f applied to as many vectors as "
        "it takes, or powers of the Hessian applied to one vector")


def _tensor_name(n: int) -> str:
    return "∇²f(X)" if n == 1 else f"∇^{n + 1}f(X)"


def _leaf_name(symbol) -> str:
    kind, n = _NAME.match(symbol.name).groups()
    if kind == "G":
        return "∇f(X)"
    return {"0": "X", "1": "X'", "2": "X''"}.get(n, f"X^({n})")


def describe_monomial(powers: dict) -> str:
    r"""A one-dimensional model monomial ``{symbol: power}`` in the notation of the vector expansion.

    Examples
    --------
    >>> describe_monomial({D(1): 2, G(1): 1, G(2): 1})
    "∇²f(X) ∇^3f(X) [X', X']"
    """
    tensors, leaves = [], []
    for symbol, e in sorted(powers.items(), key=lambda item: (item[0].name[0], int(item[0].name[1:]))):
        if not e:
            continue
        kind, n = _NAME.match(symbol.name).groups()
        if kind == "G" and n != "0":
            tensors += [_tensor_name(int(n))] * e
        else:
            leaves += [_leaf_name(symbol)] * e
    head = " ".join(tensors)
    body = ", ".join(leaves)
    if head and body:
        return f"{head} [{body}]"
    return head or body


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
