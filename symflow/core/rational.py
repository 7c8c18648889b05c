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

from math import gcd as _gcd

from sympy import QQ, Add, Expr, Function, Mul, Pow, Rational, S, Symbol, cancel, factor, together
from sympy.core.mul import _keep_coeff
from sympy.polys.polyerrors import CoercionFailed, PolynomialError
from sympy.polys.polyutils import _sort_gens
from sympy.polys.rings import PolyRing

__all__ = ["FractionSum", "denominator_factors", "fraction_parts", "product_parts", "term_parts", "cancelled", "factored", "polynomial_ring", "ring_fraction"]

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


def ring_fraction(expr: Expr, ring: PolyRing | None = None):
    r"""``(numerator, denominator)`` of ``expr`` as elements of :func:`polynomial_ring` of its free symbols (or of
    ``ring``, whose symbols include them), or None when ``expr`` is not a rational function of them with
    rational coefficients.

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
    if not isinstance(expr, Expr) or not (expr.free_symbols or ring) or not _is_plain(expr):
        return None
    if expr.atoms(Function) or any(not p.exp.is_Integer for p in expr.atoms(Pow)):
        return None  # a root or a function: not in the ring (found before any arithmetic is done)
    if ring is None:
        ring = polynomial_ring(expr.free_symbols)
    elif not expr.free_symbols <= set(ring.symbols):
        return None
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
        # the polynomial terms summed in one dictionary (adding ring elements one by one copies the sum)
        monomials: dict = {}
        fractions = []
        one = ring.one
        for a in expr.args:
            n, d = _fraction(a, ring)
            if d == one:
                for m, c in n.items():
                    monomials[m] = monomials.get(m, 0) + c
            else:
                fractions.append((n, d))
        num, den = ring.from_dict({m: c for m, c in monomials.items() if c}), one
        for n, d in fractions:
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
    r"""``factor(expr)``, each polynomial factored in the polynomial ring when ``expr`` is a rational function of its
    symbols with rational coefficients.

    As ``factor`` does: the expression over one denominator (``together``), then every factor of that product
    (a number, or a polynomial to an integer power) factored on its own, the numbers kept outside.

    Examples
    --------
    >>> from sympy import symbols
    >>> a, b = symbols("a b")
    >>> factored(2 * a**2 - 2 * b**2), factored((a**2 - b**2) / (3 * a * b + 3 * b))
    (2*(a - b)*(a + b), (a - b)*(a + b)/(3*b*(a + 1)))
    """
    expr = S(expr)
    if not isinstance(expr, Expr) or expr.is_Number or not _is_pure(expr):
        return factor(expr)
    coefficient, factors = S.One, []
    for arg in Mul.make_args(together(expr)):
        if arg.is_Number:
            coefficient *= arg
            continue
        base, exponent = arg.as_base_exp() if arg.is_Pow else (arg, S.One)
        if base.is_Number:
            if exponent.is_Number:
                coefficient *= arg
            else:
                factors.append((base, exponent))
            continue
        parts = ring_fraction(base)
        if not exponent.is_Integer or parts is None or not parts[1].is_ground:
            return factor(expr)
        number, irreducible = parts[0].quo_ground(parts[1].LC).factor_list()
        if number != 1:
            coefficient *= QQ.to_sympy(number) ** exponent
        factors += [(f.as_expr(), k * exponent) for f, k in irreducible]
    # as factor() assembles it: the number kept outside the product (never distributed over a sum)
    return _keep_coeff(coefficient, Mul(*[f ** k for f, k in factors]))


def _is_pure(expr) -> bool:
    """Plain symbols, no function, no root: what the polynomial ring holds (its coefficients still checked)."""
    return (_is_plain(expr) and not expr.atoms(Function)
            and all(p.exp.is_Integer for p in expr.atoms(Pow)))


class FractionSum:
    r"""A sum of fractions of a polynomial ring, grouped by factored denominator and reduced only when read.

    A term is a numerator and its denominator as factors with exponents (:func:`denominator_factors`; a
    product of terms adds the exponents, no gcd). :meth:`value` adds the groups in the field of fractions,
    one reduction per distinct denominator, and gives the same canonical element as adding every term in the
    field; :meth:`is_zero` decides zero over the least common multiple of the denominators, with no gcd.

    Examples
    --------
    >>> from sympy import QQ, symbols
    >>> a, b = symbols("a b")
    >>> K = QQ.frac_field(a, b)
    >>> R = K.field.ring
    >>> total = FractionSum(R)
    >>> d = denominator_factors(R(2 * a + 2 * b))
    >>> total.add(R(2 * a), d); total.add(R(2 * b), d); total.add(R(-1), {})
    >>> total.is_zero(), K.to_sympy(total.value(K))
    (True, 0)
    """

    def __init__(self, ring):
        self.ring = ring
        self.groups: dict = {}

    def add(self, numerator, denominator: dict) -> None:
        """Add ``numerator`` over the product of ``{factor: exponent}`` (factors from :func:`denominator_factors`)."""
        if not numerator:
            return
        key = frozenset(denominator.items())
        group = self.groups.get(key)
        self.groups[key] = numerator if group is None else group + numerator

    def _terms(self) -> list:
        return [(dict(key), n) for key, n in self.groups.items() if n]

    def value(self, K):
        """The sum as an element of the field ``K`` of fractions of the ring."""
        total = K.zero
        for factors, numerator in self._terms():
            denominator = self.ring.one
            for f, e in factors.items():
                denominator *= f ** e
            total += K.field.new(numerator, denominator)
        return total

    def is_zero(self) -> bool:
        """Whether the sum is zero: the numerators over the lcm of the denominators, summed."""
        terms = self._terms()
        if len(terms) <= 1:
            return not terms
        return not self.over_lcm()[0]

    def over_lcm(self) -> tuple:
        """``(numerator, denominator)``: the sum over the least common multiple of the denominators (not
        reduced: ``numerator.cancel(denominator)`` reduces it)."""
        terms = self._terms()
        lcm: dict = {}
        for factors, _ in terms:
            for f, e in factors.items():
                lcm[f] = max(lcm.get(f, 0), e)
        total = self.ring.zero
        for factors, numerator in terms:
            cofactor = self.ring.one
            for f, e in lcm.items():
                if e > factors.get(f, 0):
                    cofactor *= f ** (e - factors.get(f, 0))
            total += numerator * cofactor
        denominator = self.ring.one
        for f, e in lcm.items():
            denominator *= f ** e
        return total, denominator


_FACTORS: dict = {}


def denominator_factors(d) -> dict:
    r"""``{factor: exponent}`` of a nonzero ring element ``d`` whose constant is 1: its irreducible factors
    (cached, a denominator recurs in many terms). A constant other than 1 is the caller's to move into the
    numerator (:func:`fraction_parts`).

    Examples
    --------
    >>> from sympy import QQ, symbols
    >>> from sympy.polys.rings import ring
    >>> R, a, b = ring("a b", QQ)
    >>> sorted(denominator_factors(a**2 * b + a**2).items(), key=str)
    [(a, 2), (b + 1, 1)]
    """
    known = _FACTORS.get(d)
    if known is None:
        coefficient, factors = d.factor_list()
        known = dict(factors)
        if coefficient != 1:   # (not for a denominator from fraction_parts) a constant factor of its own
            known[d.ring(coefficient)] = 1
        if len(_FACTORS) > 4096:
            _FACTORS.clear()
        _FACTORS[d] = known
    return known


def fraction_parts(ring, numerator, denominator) -> tuple:
    r"""``(numerator, {factor: exponent})`` of ``numerator/denominator`` (ring elements), the denominator's
    constant moved to the numerator, for :class:`FractionSum`.

    Examples
    --------
    >>> from sympy import QQ
    >>> from sympy.polys.rings import ring
    >>> R, a = ring("a", QQ)
    >>> fraction_parts(R, R(3), 2 * a)
    (3/2, {a: 1})
    """
    coefficient = denominator.LC if denominator.is_ground else _constant(denominator)
    if coefficient != 1:
        numerator, denominator = numerator.quo_ground(coefficient), denominator.quo_ground(coefficient)
    return numerator, ({} if denominator.is_ground else denominator_factors(denominator))


def _constant(d):
    """The constant of ``d`` that leaves a primitive integer polynomial with a positive leading coefficient."""
    numerators, denominators = 0, 1
    for c in d.coeffs():
        numerators = _gcd(numerators, int(c.numerator))
        denominators = denominators * int(c.denominator) // _gcd(denominators, int(c.denominator))
    sign = 1 if d.LC > 0 else -1
    return d.ring.domain.convert(Rational(sign * numerators, denominators))


def term_parts(term, ring) -> tuple | None:
    r"""``(numerator, {factor: exponent})`` of a product ``term`` in ``ring``, its denominator factored base by
    base (a denominator :math:`q(1 - mq)^2(1 + mq)^3` is three small factorizations, each cached, not one of
    the expanded product); None when ``term`` is not a rational function of the ring's symbols.

    Examples
    --------
    >>> from sympy import symbols
    >>> a, b = symbols("a b")
    >>> R = polynomial_ring([a, b])
    >>> term_parts(3 * a / (2 * b**2 * (a + 1)), R)
    (3/2*a, {b: 2, a + 1: 1})
    """
    numerator, factors = ring.one, {}
    for f in Mul.make_args(term):
        if isinstance(f, Pow) and f.exp.is_Integer and f.exp < 0:
            parts = ring_fraction(f.base, ring)
            if parts is None:
                return None
            n, d = parts
            if not n:
                return None
            # (n/d)^(-k) = d^k / n^k: n's factors go to the denominator
            k = int(-f.exp)
            n, scale = fraction_parts(ring, d, n)
            numerator = numerator * n ** k
            for g, e in scale.items():
                factors[g] = factors.get(g, 0) + e * k
        else:
            parts = ring_fraction(f, ring)
            if parts is None:
                return None
            n, d = fraction_parts(ring, *parts)
            numerator = numerator * n
            for g, e in d.items():
                factors[g] = factors.get(g, 0) + e
    return numerator, factors


def product_parts(*parts) -> tuple:
    """The product of :func:`fraction_parts` pairs: numerators multiplied, exponents added."""
    numerator, factors = parts[0][0], dict(parts[0][1])
    for n, d in parts[1:]:
        numerator = numerator * n
        for f, e in d.items():
            factors[f] = factors.get(f, 0) + e
    return numerator, factors
