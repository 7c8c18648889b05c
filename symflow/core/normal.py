r"""Normal forms and equality of scalar and vector expressions: one equality test for the whole engine.

A scalar is put in :func:`normal_scalar` form (``exp`` of sums split, :math:`e^{a\log x} = x^a`,
``cancel``); vectors are compared coefficient by coefficient after :func:`expand_vector`, so
:meth:`symflow.core.ODE.matches` and every check of a derived equation against the literature
use :func:`same_vector`.

Examples
--------
>>> from sympy import exp, log
>>> from symflow.core import X, t
>>> same_vector(exp(log(t)) * X(t), t * X(t))
True
"""
from __future__ import annotations

from functools import lru_cache

from sympy import (
    Add,
    Expr,
    Function,
    Integer,
    S,
    cancel,
    exp,
    expand,
    expand_log,
    fraction,
    log,
    powsimp,
)

from .vectors import (
    Inner,
    NablaF,
    VectorAtom,
    inner,
    is_vector_atom,
    linearize,
    vector_coefficients,
)

__all__ = ["ScalarAtom", "normal_scalar", "is_zero_scalar", "expand_vector", "same_vector"]


class ScalarAtom(Function):
    r"""Base class of scalar atoms of other modules (:math:`h(P)`), with a rule ``_derive(d)``.

    ``_derive(d)`` returns the image of the atom under the derivation ``d``
    (a function of vector expressions).
    """


@lru_cache(maxsize=8192)
def normal_scalar(expr: Expr) -> Expr:
    r"""A normal form of a scalar: ``exp`` of sums split, :math:`e^{a\log x} = x^a`, then ``cancel``.

    Logarithms of positive products are expanded first, so
    :math:`e^{\log p - \log t} = p/t` (and :math:`e^{a\log x} = x^a` is SymPy's definition
    of the power). A negative sign is pulled in front of the fraction.

    Examples
    --------
    >>> from symflow.core import p, t, C
    >>> normal_scalar(exp(2 * (log(p) - log(t)) + p * log(t) + log(C)))
    C*p**2*t**(p - 2)
    """
    expr = expand_log(S(expr))

    def split(e):
        factor, rest = Integer(1), Integer(0)
        for term in Add.make_args(expand(e.args[0])):
            coefficient, logs = term.as_independent(log, as_Add=False)
            if isinstance(logs, log):  # x**a is exp(a log x) by definition
                factor *= logs.args[0] ** coefficient
            else:
                rest += term
        return factor * exp(rest)

    expr = expr.replace(lambda e: isinstance(e, exp), split)
    numerator, denominator = fraction(cancel(expand(expr)))
    if numerator.could_extract_minus_sign():
        return -powsimp(expand(-numerator) / denominator, combine="exp")
    return powsimp(numerator / denominator, combine="exp")


def is_zero_scalar(expr: Expr) -> bool:
    """Whether a scalar reduces to zero in the normal form of :func:`normal_scalar`.

    Examples
    --------
    >>> from symflow.core import t
    >>> is_zero_scalar(exp(log(t)) - t), is_zero_scalar(t)
    (True, False)
    """
    expr = S(expr)
    if expr.has(exp, log):
        return normal_scalar(expr) == 0
    return cancel(expr) == 0 or normal_scalar(expr) == 0


def same_vector(a: Expr, b: Expr) -> bool:
    """Whether two vector expressions have the same coefficients (after :func:`normal_scalar`).

    Examples
    --------
    >>> from symflow.core import X, t
    >>> same_vector(exp(log(t)) * X(t), t * X(t))
    True
    """
    ca, cb = vector_coefficients(expand_vector(a)), vector_coefficients(expand_vector(b))
    return all(is_zero_scalar(ca.get(x, 0) - cb.get(x, 0)) for x in set(ca) | set(cb))


def expand_vector(expr: Expr) -> Expr:
    r"""Expand every derivative tensor and extension atom linearly in its vector slots.

    Atoms of other modules expand through their ``expanded()`` method.

    Examples
    --------
    >>> from symflow.core import x0, t
    >>> expand_vector(NablaF(x0, t * x0 + x0))
    t*NablaF(x_0, x_0) + NablaF(x_0, x_0)
    """
    expr = S(expr)
    if not expr.args:
        return expr
    if isinstance(expr, (VectorAtom, ScalarAtom)) and hasattr(expr, "expanded"):
        return expr.expanded()
    if isinstance(expr, NablaF):
        return linearize(NablaF(expr.point, *[expand_vector(d) for d in expr.directions]))
    if isinstance(expr, Inner):
        return inner(expand_vector(expr.args[0]), expand_vector(expr.args[1]))
    if is_vector_atom(expr):
        return expr
    return expr.func(*[expand_vector(a) for a in expr.args])
