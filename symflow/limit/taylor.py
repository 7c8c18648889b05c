r"""The Taylor step of a continuous limit, computed in a one-dimensional model.

A recurrence in :math:`x_k` is expanded under the ansatz :math:`x_{k+j} = X(t + j\delta)`,
:math:`t = (k + c)\delta`. In the one-dimensional model the vector atoms
become commuting symbols: :math:`D_n` stands for :math:`X^{(n)}(t)` and
:math:`G_n` for :math:`f^{(n+1)}(X(t))`, so that
:math:`\nabla f(X + h) = \sum_n G_n h^n / n!`. :mod:`symflow.limit.lift` maps the
result back to :math:`\mathbb{R}^d` with a checked rule.

Truncated series in one or two small variables are dictionaries
``{exponents: coefficient}``, cut to a box of largest exponents.

Examples
--------
>>> from sympy import Integer
>>> from symflow.core import delta
>>> scaling = GridScaling((delta,), (Integer(1),), step=None)
>>> taylor_shift(-1, scaling, (2,)) == {(0,): D(0), (1,): -D(1), (2,): D(2) / 2}
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sympy import Expr, Integer, Pow, Rational, Symbol, expand, factorial, series

from ..core.coordinatewise import CoordinatewiseAtom
from ..core.errors import UnsupportedError
from ..core.limits import check_budget, check_limit
from ..core.symbols import AppliedVector, k, s, sequence_shift, t
from ..core.vectors import NablaF, vector_coefficients

__all__ = ["D", "G", "GridScaling", "coefficient_series", "taylor_shift", "expand_recurrence"]


@lru_cache(maxsize=None)
def D(n: int) -> Symbol:
    r""":math:`X^{(n)}(t)` in the one-dimensional model.

    Examples
    --------
    >>> D(2)
    D2
    """
    return Symbol(f"D{n}")


@lru_cache(maxsize=None)
def G(n: int) -> Symbol:
    r""":math:`f^{(n+1)}(X(t))` in the one-dimensional model (:math:`G_0` is the gradient).

    Examples
    --------
    >>> G(0)
    G0
    """
    return Symbol(f"G{n}")


@dataclass(frozen=True)
class GridScaling:
    r"""How the small variables enter: :math:`\delta = v_0^{e_0}`, :math:`s` = ``step``.

    Parameters
    ----------
    variables : tuple of Symbol
        The expansion variables; the first carries :math:`\delta`.
    delta_powers : tuple
        :math:`\delta = \prod_i v_i^{e_i}`.
    step : Expr or None
        What :math:`s` becomes (``None`` keeps :math:`s`).
    offset : Expr
        The :math:`c` of :math:`t = (k + c)\delta`.
    """

    variables: tuple
    delta_powers: tuple
    step: Expr | None
    offset: Expr = Integer(0)

    @property
    def delta(self) -> Expr:
        r""":math:`\delta` in the expansion variables."""
        out = Integer(1)
        for v, e in zip(self.variables, self.delta_powers):
            out *= v ** e
        return out


def _split_powers(expr: Expr, variables: tuple) -> dict:
    out: dict = {}
    for term in expand(expr).as_ordered_terms() if expr != 0 else []:
        exps = []
        rest = term
        for v in variables:
            coefficient, e = rest.as_coeff_exponent(v)
            if coefficient.has(v) or not e.is_Integer:
                raise UnsupportedError(
                    f"the expansion of a coefficient is not a power series in {v}: {term}")
            exps.append(int(e))
            rest = coefficient
        key = tuple(exps)
        out[key] = out.get(key, Integer(0)) + rest
    return {key: c for key, c in out.items() if c != 0}


@lru_cache(maxsize=4096)
def coefficient_series(expr: Expr, scaling: GridScaling, box: tuple) -> dict:
    r"""Series of a scalar coefficient in the small variables, cut to ``box``.

    :math:`k` is replaced by :math:`t/\delta - c` and :math:`s` by ``scaling.step``.

    Raises
    ------
    UnsupportedError
        If the coefficient is not a (Laurent) power series in the variables,
        e.g. it contains :math:`\log k`.

    Examples
    --------
    >>> from symflow.core import delta
    >>> sc = GridScaling((delta,), (Integer(1),), step=None)
    >>> coefficient_series(3 / (k + 3), sc, (2,)) == {(1,): 3 / t, (2,): -9 / t**2}
    True
    """
    check_budget("expanding a coefficient of the method in the step size")
    value = expr.subs(k, t / scaling.delta - scaling.offset)
    if scaling.step is not None:
        value = value.subs(s, scaling.step)
    pieces = {(): value}
    for i, v in enumerate(scaling.variables):
        nxt = {}
        for key, c in pieces.items():
            if c.has(v):
                try:
                    expansion = series(c, v, 0, box[i] + 1).removeO()
                except Exception as exc:  # SymPy raises many types here
                    raise UnsupportedError(f"cannot expand {expr} in {v}: {exc}") from None
            else:
                expansion = c
            for (e,), part in _split_powers(expansion, (v,)).items():
                if e <= box[i]:
                    nxt[key + (e,)] = nxt.get(key + (e,), Integer(0)) + part
        pieces = nxt
    return {key: c for key, c in pieces.items() if c != 0}


def _within(key, box) -> bool:
    return all(e <= b for e, b in zip(key, box))


def series_add(a: dict, b: dict) -> dict:
    """Sum of two truncated series."""
    out = dict(a)
    for key, c in b.items():
        out[key] = out.get(key, Integer(0)) + c
    return out


def series_mul(a: dict, b: dict, box: tuple) -> dict:
    """Product of two truncated series, cut to ``box``."""
    out: dict = {}
    for ka, ca in a.items():
        check_budget("multiplying Taylor series")
        for kb, cb in b.items():
            key = tuple(x + y for x, y in zip(ka, kb))
            if _within(key, box):
                out[key] = out.get(key, Integer(0)) + expand(ca * cb)
    return {key: c for key, c in out.items() if c != 0}


def _min_exponents(a: dict, width: int) -> tuple:
    if not a:
        return (0,) * width
    return tuple(min(key[i] for key in a) for i in range(width))


def taylor_shift(j: int, scaling: GridScaling, box: tuple) -> dict:
    r""":math:`X(t + j\delta) = \sum_n (j\delta)^n X^{(n)}/n!`, cut to ``box``.

    Examples
    --------
    >>> from symflow.core import delta
    >>> sc = GridScaling((delta,), (Integer(1),), step=None)
    >>> taylor_shift(1, sc, (1,)) == {(0,): D(0), (1,): D(1)}
    True
    """
    out = {}
    n = 0
    while True:
        check_budget("expanding the iterates in Taylor series")
        key = tuple(int(e * n) for e in scaling.delta_powers)
        if not _within(key, box):
            return out
        term = Rational(j) ** n / factorial(n) * D(n) if j or n == 0 else Integer(0)
        if term != 0:
            out[key] = out.get(key, Integer(0)) + term
        n += 1


def _vector_series(atom, sequence: str, scaling: GridScaling, box: tuple) -> dict:
    if isinstance(atom, AppliedVector):
        if atom.func.__name__ != sequence:
            raise UnsupportedError(f"unexpected sequence term {atom}")
        return taylor_shift(sequence_shift(atom), scaling, box)
    if isinstance(atom, NablaF) and not atom.directions:
        return _gradient_series(atom.point, sequence, scaling, box)
    if isinstance(atom, CoordinatewiseAtom):
        raise UnsupportedError(
            f"cannot expand {atom} in the one-dimensional model: a coordinate-wise operation (⊙, a power or "
            "a quotient of vectors) has no unique reading back in R^d from one coordinate; "
            "symflow.limit.system_limit expands it in R^d")
    raise UnsupportedError(f"cannot expand {atom}: only sequence terms and gradients are supported")


def _linear_series(expr: Expr, sequence: str, scaling: GridScaling, box: tuple, *, point: bool) -> dict:
    total: dict = {}
    width = len(box)
    for atom, coefficient in vector_coefficients(expr).items():
        check_budget("expanding the recurrence in Taylor series")
        a = coefficient_series(coefficient, scaling, box)
        low = _min_exponents(a, width)
        if point and any(e < 0 for e in low):
            raise UnsupportedError(
                f"the gradient is evaluated at {expr}, whose coefficient {coefficient} grows "
                "without bound as the step size tends to zero")
        inner_box = tuple(b - min(e, 0) for b, e in zip(box, low))
        v = _vector_series(atom, sequence, scaling, inner_box)
        total = series_add(total, series_mul(a, v, box))
    return {key: c for key, c in total.items() if expand(c) != 0}


def _gradient_series(point: Expr, sequence: str, scaling: GridScaling, box: tuple) -> dict:
    width = len(box)
    p = _linear_series(point, sequence, scaling, box, point=True)
    zero = (0,) * width
    h = dict(p)
    h[zero] = expand(h.get(zero, Integer(0)) - D(0))
    if h[zero] == 0:
        del h[zero]
    else:
        raise UnsupportedError(
            f"the gradient is evaluated at {point}, which does not tend to x_k as the step "
            "size tends to zero; symflow expands gradients about X(t)")
    out = {zero: G(0)}
    power = {zero: Integer(1)}
    n = 1
    while True:
        check_budget(f"expanding the gradient at {point} in a Taylor series")
        power = series_mul(power, h, box)
        if not power:
            return out
        for key, c in power.items():
            out[key] = out.get(key, Integer(0)) + G(n) * c / factorial(n)
        n += 1
        if n > sum(box) + 8:
            raise UnsupportedError(f"the expansion of the gradient at {point} does not terminate")


def expand_recurrence(expression: Expr, sequence: str, scaling: GridScaling, box: tuple) -> dict:
    r"""Expand a recurrence ``expression = 0`` in the one-dimensional model, cut to ``box``.

    Examples
    --------
    >>> from symflow.core import delta, vector_function, grad
    >>> x = vector_function("x")
    >>> sc = GridScaling((delta,), (Integer(1),), step=None)
    >>> expand_recurrence(x(k + 1) - x(k) + s * grad(x(k)), "x", sc, (2,)) == {
    ...     (0,): s * G(0), (1,): D(1), (2,): D(2) / 2}
    True
    """
    for power in expression.atoms(Pow):
        if power.exp.is_Rational:  # x**4096 would expand for minutes inside one SymPy call
            check_limit("exponent", max(abs(power.exp.p), abs(power.exp.q)))
    return _linear_series(expression, sequence, scaling, box, point=False)


def step_root_degree(expressions) -> int:
    r"""The smallest even :math:`N` such that every power of :math:`s` that occurs is a power of :math:`s^{1/N}`.

    Examples
    --------
    >>> from sympy import sqrt
    >>> step_root_degree([sqrt(s) + s, s ** Rational(1, 3)])
    6
    """
    from math import lcm

    n = 2
    for expr in expressions:
        for power in expr.atoms(Pow):
            if power.base == s:
                if not power.exp.is_Rational:
                    raise UnsupportedError(f"the step size enters as {power}; only rational powers are supported")
                n = lcm(n, int(power.exp.q))
    return n
