r"""Rational functions of symbols by ring arithmetic: SymPy's ``cancel`` and ``factor``, same results, faster.

For an expression that is a rational function of its free symbols with rational coefficients (no roots,
no functions), ``cancel`` and ``factor`` end in the polynomial ring over :math:`\mathbb Q` in those
symbols, sorted as SymPy sorts generators; their results depend only on the value and on that ring
(``cancel``: numerator and denominator coprime, with integer coefficients and a positive leading
coefficient of the denominator; ``factor``: the factorisation of the polynomial). On the way there, SymPy
rewrites the expression at the level of expressions (``signsimp``, ``factor_terms``, ``together``, an
expansion to build the polynomials), which is most of the time on large conditions. The functions below
build the polynomials in the ring directly (:meth:`~sympy.polys.rings.PolyRing.from_expr`, no
expansion of expressions) and return exactly what ``cancel`` and ``factor`` return; any other expression
is handed to ``cancel`` and ``factor`` themselves.

Examples
--------
>>> from sympy import symbols, cancel, factor
>>> a, b = symbols("a b", positive=True)
>>> e = (a**2 - b**2) / (2 * a + 2 * b) + a / 3
>>> cancelled(e) == cancel(e), cancelled(e)
(True, 5*a/6 - b/2)
>>> p = a**3 - a * b**2
>>> factored(p) == factor(p), factored(p)
(True, a*(a - b)*(a + b))
"""
from __future__ import annotations

from sympy import QQ, Add, Expr, Mul, Pow, S, Symbol, cancel, factor
from sympy.core.mul import _keep_coeff
from sympy.polys.polyerrors import CoercionFailed, PolynomialError
from sympy.polys.polyutils import _sort_gens
from sympy.polys.rings import PolyRing

__all__ = ["cancelled", "factored", "polynomial_ring", "ring_fraction"]

_RINGS: dict = {}


def polynomial_ring(symbols) -> PolyRing:
    r"""The ring :math:`\mathbb Q[x_1, \dots, x_n]` in ``symbols``, sorted as SymPy sorts generators.

    Examples
    --------
    >>> from sympy import symbols
    >>> a, b = symbols("a b")
    >>> polynomial_ring({b, a}).symbols
    (a, b)
    """
    gens = tuple(_sort_gens(list(symbols)))
    ring = _RINGS.get(gens)
    if ring is None:
        ring = _RINGS[gens] = PolyRing(gens, QQ)
    return ring


def _is_plain(expr) -> bool:
    """Whether every free symbol of ``expr`` is a plain symbol (so that it can be a generator)."""
    return all(isinstance(x, Symbol) for x in expr.free_symbols)


def ring_fraction(expr: Expr):
    r"""``(numerator, denominator)`` of ``expr`` as elements of :func:`polynomial_ring` of its free symbols, or
    None when ``expr`` is not a rational function of them with rational coefficients.

    Sums, products and integer powers are computed in the ring (a sum of fractions over the product of the
    denominators, reduced once at the end by the caller).

    Examples
    --------
    >>> from sympy import symbols
    >>> a, b = symbols("a b")
    >>> ring_fraction(1 / a + 1 / b)
    (a + b, a*b)
    """
    expr = S(expr)
    if not isinstance(expr, Expr) or not expr.free_symbols or not _is_plain(expr):
        return None
    ring = polynomial_ring(expr.free_symbols)
    try:
        return _fraction(expr, ring)
    except (CoercionFailed, PolynomialError, ValueError, TypeError, ZeroDivisionError):
        return None


def _fraction(expr, ring):
    if expr.is_Rational:
        return ring(QQ.convert(expr)), ring.one
    if expr.is_Symbol:
        return ring(expr), ring.one
    if isinstance(expr, Add):
        num, den = ring.zero, ring.one
        for a in expr.args:
            n, d = _fraction(a, ring)
            if d == den:
                num += n
            else:
                num, den = num * d + n * den, den * d
        return num, den
    if isinstance(expr, Mul):
        num, den = ring.one, ring.one
        for a in expr.args:
            n, d = _fraction(a, ring)
            num, den = num * n, den * d
        return num, den
    if isinstance(expr, Pow) and expr.exp.is_Integer:
        n, d = _fraction(expr.base, ring)
        e = int(expr.exp)
        if e < 0:
            if not n:
                raise ZeroDivisionError
            n, d, e = d, n, -e
        return n ** e, d ** e
    raise ValueError(f"{expr} is not a rational function of its symbols")


def cancelled(expr):
    r"""``cancel(expr)``, computed in the polynomial ring when ``expr`` is a rational function of its symbols.

    Examples
    --------
    >>> from sympy import symbols, sqrt
    >>> a = symbols("a", positive=True)
    >>> cancelled((a**2 - 1) / (a - 1)), cancelled((a - 1) / (sqrt(a) - 1))
    (a + 1, (a - 1)/(sqrt(a) - 1))
    """
    expr = S(expr)
    parts = ring_fraction(expr) if isinstance(expr, Expr) and not expr.is_Number else None
    if parts is None:
        return cancel(expr)
    num, den = parts
    if not den:
        return cancel(expr)
    p, q = num.cancel(den)
    return p.as_expr() / q.as_expr()


def factored(expr):
    r"""``factor(expr)``, computed in the polynomial ring when ``expr`` is a polynomial (a sum) in its symbols.

    Examples
    --------
    >>> from sympy import symbols
    >>> a, b = symbols("a b")
    >>> factored(2 * a**2 - 2 * b**2), factored((a + b) / a)
    (2*(a - b)*(a + b), (a + b)/a)
    """
    expr = S(expr)
    if not isinstance(expr, Add):
        return factor(expr)
    parts = ring_fraction(expr)
    if parts is None or parts[1] != parts[1].ring.one:
        return factor(expr)
    coefficient, factors = parts[0].factor_list()
    # as factor() assembles it: the number kept outside the product (never distributed over a sum)
    return _keep_coeff(QQ.to_sympy(coefficient), Mul(*[f.as_expr() ** k for f, k in factors]))
