r"""Parameter regions: where conditions :math:`c(t, \text{params}) \ge 0` hold for every :math:`t \ge t_0`.

A certificate produces conditions (multipliers :math:`\lambda_i \ge 0`, pivots
of the remainder :math:`d_k \ge 0`). :func:`parameter_region` factors each
condition, drops factors whose sign follows from the symbols' assumptions
(or from positive coefficients, :func:`prove_nonnegative`), turns the
dependence on :math:`t` into conditions on the coefficients of a polynomial in
:math:`\tau = t - t_0 \ge 0`, and solves what remains exactly:

* a condition in one parameter with
  :func:`sympy.solvers.inequalities.solve_univariate_inequality`
  (so :math:`(r-3)/(r-1) \ge 0` with :math:`r > 1` gives :math:`r \ge 3`);
* a condition in several positive parameters that depends on them through one
  monomial only (it is *homogeneous*: :math:`1 + sL - s^2L^2 \ge 0` depends on
  :math:`h = sL`, :math:`4L - 3\mu \ge 0` on :math:`q = \mu/L`) is a
  univariate condition in that monomial, solved exactly and written solved for
  one parameter (:math:`s \le (1 + \sqrt5)/(2L)`); conditions on the same
  monomial are intersected;
* any other condition linear, or quadratic with an unambiguous positive root,
  in a positive parameter with a coefficient of known sign is solved for it;
  the rest is kept as a polynomial inequality.

Conditions on monomials of positive parameters (every univariate set of a
positive parameter is one) are decided exactly: in logarithms they are linear,
and Fourier–Motzkin elimination with exact algebraic bounds either proves the
conjunction empty or gives an exact point of it. Polynomial conditions that
depend on at most two independent monomials (two parameters, or three that
enter homogeneously, e.g. through :math:`\mu/L` and :math:`\sqrt{\mu s}`) are
decided by a cylindrical decomposition: exact projection (resultants,
discriminants), exact roots, and exact signs at a point of every cell. A
condition is removed as redundant only when the others with its negation are
proved empty this way. A region is declared non-empty only by an exact point,
never by sampling; beyond these cases its emptiness is left undecided.

Examples
--------
>>> from symflow.core import L, r, s, t
>>> region = parameter_region([2 * t * (r - 3) / (r - 1)], strict=[r - 1])
>>> region.sets
((r, Interval(3, oo)),)
>>> region.as_boolean()
r >= 3
>>> gd = parameter_region([-L**2 * s**2 + 2 * L * s, 1 + L * s - L**2 * s**2])
>>> gd.text()
's <= (1 + sqrt(5))/(2*L)'
>>> gd.is_empty, gd.contains({s: 1, L: 2})
(False, False)
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from itertools import product as _cartesian
from math import floor, gcd
import random

from sympy import (
    And,
    CRootOf,
    Dummy,
    Eq,
    Expr,
    FiniteSet,
    Ge,
    Gt,
    Integer,
    Interval,
    Le,
    Lt,
    Matrix,
    Max,
    Mul,
    Ne,
    Not,
    Or,
    QQ,
    Poly,
    Pow,
    Rational,
    S,
    Set,
    Symbol,
    Union,
    discriminant,
    expand,
    factor_list,
    false,
    fraction,
    ilcm,
    oo,
    real_roots,
    resultant,
    solve_univariate_inequality,
    solveset,
    sqrt,
    together,
    true,
)
from sympy.core.relational import Relational
from sympy.polys.polyutils import _sort_gens
from sympy.polys.rings import PolyRing
from sympy.polys.numberfields import minimal_polynomial
from sympy.polys.polyerrors import NotAlgebraic, PolynomialError

from ..core.errors import UnsupportedError
from ..core.rational import cancelled, factored, ring_fraction
from ..core.limits import check_budget
from ..core.symbols import t as _t

__all__ = ["Region", "parameter_region", "prove_nonnegative", "least_start"]

_POSITIVE = Interval.open(0, oo)
_MAX_COMBINATIONS = 512
_MAX_BOUNDS = 400
_MAX_ZERO_TEST = 300


# ------------------------------------------------------------------------------------------------
# signs of exact numbers and of polynomials

def _exact_sign(value) -> int | None:
    """The sign (-1, 0, 1) of an exact real number, decided exactly; None when it cannot be.

    A nonzero number's sign is read from a numeric value whose error is far below its size; zero
    is proved by the minimal polynomial (algebraic numbers) or by SymPy's ``equals``.
    """
    value = S(value)
    if value.free_symbols:
        for test, sign in ((value.is_positive, 1), (value.is_negative, -1), (value.is_zero, 0)):
            if test:
                return sign
        return None
    if value is S.Infinity:
        return 1
    if value is S.NegativeInfinity:
        return -1
    if value.is_Rational:
        return int(bool(value > 0)) - int(bool(value < 0))
    if value.is_extended_real is False or value.has(S.NaN, S.ComplexInfinity):
        return None
    for digits in (30, 80):
        approx = value.evalf(digits)
        if approx.is_Number and approx.is_real and abs(approx) > S(10) ** (-(digits // 2)):
            return 1 if approx > 0 else -1
    if value.count_ops() > _MAX_ZERO_TEST:
        return None  # too large for an exact zero test
    try:
        if minimal_polynomial(value, Dummy("z")).is_Symbol:
            return 0
    except (NotAlgebraic, NotImplementedError, ValueError, TypeError):
        pass
    if value.equals(0):
        return 0
    return None


def _truth(condition) -> bool | None:
    """The truth value of a closed condition (relations, And, Or, Not), decided exactly."""
    if condition is true or condition is True:
        return True
    if condition is false or condition is False:
        return False
    if isinstance(condition, Relational):
        sign = _exact_sign(condition.lhs - condition.rhs)
        if sign is None:
            return None
        return {"<=": sign <= 0, "<": sign < 0, ">=": sign >= 0, ">": sign > 0, "==": sign == 0,
                "!=": sign != 0}.get(condition.rel_op)
    if isinstance(condition, Not):
        inner = _truth(condition.args[0])
        return None if inner is None else not inner
    if isinstance(condition, (And, Or)):
        values = [_truth(a) for a in condition.args]
        if isinstance(condition, And):
            return False if False in values else (None if None in values else True)
        return True if True in values else (None if None in values else False)
    return None


def _generators(expr) -> list:
    gens = set(expr.free_symbols)
    for p in expr.atoms(Pow):
        if p.exp.is_Rational and not p.exp.is_Integer:
            gens.add(p.base ** (1 / p.exp.q))
        elif not p.exp.is_Integer:
            gens.add(p)
    return sorted(gens, key=str)


def _positive_polynomial(expr) -> bool:
    """All coefficients nonnegative (exact numbers), in generators that are positive."""
    if expr.is_Number:
        return bool(expr >= 0)
    gens = _generators(expr)
    if not all(g.is_positive for g in gens):
        return False
    try:
        poly = Poly(expr, *gens)
    except PolynomialError:
        return False
    return all(c.is_number and c.is_nonnegative for c in poly.coeffs())


def prove_nonnegative(expr: Expr, *, time=_t, start=S.Zero) -> bool:
    r"""True when ``expr >= 0`` is proved for every :math:`t \ge t_0` and every positive value of the symbols.

    Uses SymPy's assumptions, then positive coefficients of numerator and
    denominator (in positive generators such as :math:`\sqrt s`, :math:`t - t_0`).
    False means "not proved", not "false".

    Examples
    --------
    >>> from symflow.core import s, t
    >>> from sympy import sqrt
    >>> prove_nonnegative(t**2 - 3 * sqrt(s) * t / 2, start=3 * sqrt(s) / 2)
    True
    """
    expr = cancelled(S(expr))
    if (start != 0 or not time.is_positive) and expr.has(time):
        # t = t0 + tau with tau > 0: the sign of t itself is never taken from its symbol
        tau = Dummy("tau", positive=True)
        expr = cancelled(expr.subs(time, start + tau))
    return _nonnegative_fraction(expr)


def _nonnegative_fraction(expr) -> bool:
    """:func:`prove_nonnegative` of an expression already cancelled and free of the time."""
    if expr.is_nonnegative:
        return True
    num, den = fraction(expr)
    return ((num.is_nonnegative or _positive_polynomial(num.expand()))
            and (den.is_positive or _positive_polynomial(den.expand())))


def least_start(conditions, *, strict=(), time=_t, domain: dict | None = None) -> Expr | None:
    r"""The least start :math:`t_0 \ge 0` from which every condition holds for all :math:`t \ge t_0`.

    A claim whose conditions (multipliers, pivots, the energy's weight) change sign in :math:`t` holds
    only from the last sign change on: :math:`t_0` is the largest positive zero, in :math:`t`, of a factor
    of odd multiplicity (of any multiplicity for a strict condition). Each condition is factored; a factor
    free of :math:`t` is the region's business, and one positive for :math:`t > 0` (:math:`t^{\alpha - 3}`,
    :math:`t^2 + 1`) never vanishes. The zeros of the others are read exactly: every real root of a
    polynomial in :math:`t` with number coefficients, :math:`-b/a` of :math:`at + b` and
    :math:`\sqrt{-b/a}` of :math:`at^2 + b` with symbolic coefficients. The least start is the largest of
    these: a zero proved below another on ``domain`` is dropped, and what is left is their ``Max``.

    Whether the conditions do hold from there on (the sign at large :math:`t`, the conditions free of
    :math:`t`) is the region's question (:func:`parameter_region` with that start).

    Parameters
    ----------
    conditions, strict : iterable of Expr
        Expressions that must be :math:`\ge 0` (resp. :math:`> 0`) for every :math:`t \ge t_0`.
    domain : dict, optional
        A substitution ``{parameter: expression}`` in positive symbols that covers the parameters meant
        (e.g. :math:`\alpha = 2 + a`, :math:`r = 3\alpha/2 + b`): two zeros are compared there.

    Returns
    -------
    Expr or None
        :math:`t_0` (0 when no condition changes sign), or None when a zero cannot be read exactly.

    Examples
    --------
    >>> from symflow.core import mu, t
    >>> least_start([t**2 * (2 * mu * t**2 - 5), t + 1])
    sqrt(10)/(2*sqrt(mu))
    >>> least_start([2 * mu * t**2 - 5, t - 1])
    Max(1, sqrt(10)/(2*sqrt(mu)))
    >>> least_start([t**2 - 3 * t + 2, t + 1])
    2
    >>> least_start([t**2 + 1])
    0
    """
    zeros = []  # (zero, its square when it is a square root, else None)
    items = [(c, False) for c in conditions] + [(c, True) for c in strict]
    for condition, is_strict in items:
        check_budget("finding the least start")
        condition = cancelled(S(condition))
        if not condition.has(time):
            continue
        for part in fraction(condition):
            _, factors = _factor_list(part)
            for f, multiplicity in factors:
                if not f.has(time) or (multiplicity % 2 == 0 and not is_strict):
                    continue
                if f.is_positive or _sign(f) in (1, -1):
                    continue
                found = _largest_zero(f, time)
                if found is None:
                    return None
                if found[0] is not S.NegativeInfinity and found not in zeros:
                    zeros.append(found)
    kept = []
    for i, z in enumerate(zeros):
        if not any(j != i and _below(z, w, domain) and not (j > i and _below(w, z, domain))
                   for j, w in enumerate(zeros)):
            kept.append(z[0])
    if not any(_below((S.Zero, S.Zero), z, domain) for z in zeros if z[0] in kept):
        kept = [S.Zero] + kept  # no zero is proved positive: the start may be 0
    return Max(*kept)


def _largest_zero(f, time):
    r"""``(zero, square)``: the largest real zero of ``f`` in ``time`` (``-oo`` when none) and, for
    :math:`\sqrt{-b/a}`, its square :math:`-b/a` (else None); None when it cannot be read exactly."""
    try:
        poly = Poly(f, time)
    except PolynomialError:
        return None
    coefficients = poly.all_coeffs()
    if not any(S(c).free_symbols for c in coefficients):
        found = real_roots(poly)
        return (max(found), None) if found else (S.NegativeInfinity, None)
    if poly.degree() == 1:
        a, b = coefficients
        return factored(cancelled(-b / a)), None
    if poly.degree() == 2 and coefficients[1] == 0:
        a, _, b = coefficients
        square = factored(cancelled(-b / a))
        return sqrt(square), square
    return None


def _below(z, w, domain) -> bool:
    r"""Whether zero ``z`` is at most zero ``w`` (pairs ``(zero, square)``), proved for every positive value
    of the symbols after ``domain``'s substitution; square roots are compared by their squares."""
    def proved(expr):
        return prove_nonnegative(cancelled(S(expr).subs(domain or {})))

    if z[1] is not None and w[1] is not None:
        return proved(w[1] - z[1])
    if w[1] is not None:  # 0 <= z <= sqrt(w^2) iff z^2 <= w^2
        return proved(z[0]) and proved(w[1] - z[0]**2)
    if z[1] is not None:  # sqrt(z^2) <= w with w >= 0 iff z^2 <= w^2
        return proved(w[0]) and proved(w[0]**2 - z[1])
    return proved(w[0] - z[0])


def _root_denominators(expr) -> dict:
    r"""``{x: q}``: the positive symbols that appear with rational powers, and their common denominator."""
    found: dict = {}
    for p in S(expr).atoms(Pow):
        if p.base.is_Symbol and p.base.is_positive and p.exp.is_Rational and not p.exp.is_Integer:
            found[p.base] = ilcm(found.get(p.base, 1), p.exp.q)
    return found


#: factorizations already computed (a region's conditions are factored again when it is decided)
_FACTORED: dict = {}


def _factor_list(expr) -> tuple:
    r"""``(number, [(factor, multiplicity), ...])`` of an expression (rational powers of positive symbols allowed).

    A positive symbol :math:`x` met as :math:`x^{p/q}` is factored as a polynomial in
    :math:`y = x^{1/q}`, so that :math:`4L^2\sqrt\mu + 4L^2\mu\sqrt s + \dots` shows its factor
    :math:`1 + \sqrt{\mu s}`.
    """
    expr = S(expr)
    known = _FACTORED.get(expr)
    if known is not None:
        return known
    roots = _root_denominators(expr)
    forward = {x: Dummy(f"{x}_root", positive=True) ** q for x, q in roots.items()}
    back = {y.base: x ** Rational(1, q) for (x, q), y in zip(roots.items(), forward.values())}
    product = factored(S(expr).xreplace(forward)) if forward else factored(expr)
    coefficient, out = S.One, []
    for a in Mul.make_args(product):
        if back:
            a = a.xreplace(back)
        if a.is_Number:
            coefficient *= a
        elif a.is_Pow and a.exp.is_Integer and a.exp > 0:
            out.append((a.base, int(a.exp)))
        else:
            out.append((a, 1))
    if len(_FACTORED) > 4096:
        _FACTORED.clear()
    _FACTORED[expr] = (coefficient, tuple(out))
    return coefficient, list(out)


_SIGNS: dict = {}


def _coefficient_signs(expr) -> tuple:
    """``(all >= 0, all <= 0)`` for the coefficients of ``expr`` in positive generators, as
    :func:`_positive_polynomial` of ``expr`` and of ``-expr`` (one polynomial for both)."""
    if expr.is_Number:
        return bool(expr >= 0), bool(expr <= 0)
    parts = ring_fraction(expr) if all(x.is_positive for x in expr.free_symbols) else None
    if parts is not None and parts[1].is_ground:
        # a polynomial in positive symbols: its coefficients in the ring (rational numbers)
        coefficients = parts[0].coeffs()
        return all(c >= 0 for c in coefficients), all(c <= 0 for c in coefficients)
    gens = _generators(expr)
    if not all(g.is_positive for g in gens):
        return False, False
    try:
        coefficients = Poly(expr, *gens).coeffs()
    except PolynomialError:
        return False, False
    if not all(c.is_number for c in coefficients):
        return False, False
    return all(c.is_nonnegative for c in coefficients), all(c.is_nonpositive for c in coefficients)


def _sign(f) -> int | None:
    if f in _SIGNS:
        return _SIGNS[f]
    # the coefficients first (cheap), then SymPy's assumptions (slow on large sums): a nonzero polynomial
    # with coefficients of one sign in positive generators has that sign, whatever the assumptions say
    nonnegative, nonpositive = _coefficient_signs(f if f.is_Atom else f.expand())
    if nonnegative or f.is_positive:
        known = 1
    elif nonpositive or f.is_negative:
        known = -1
    else:
        known = None
    if len(_SIGNS) > 4096:
        _SIGNS.clear()
    _SIGNS[f] = known
    return known


# ------------------------------------------------------------------------------------------------
# sets of positive reals

def _pieces(st) -> list | None:
    """``[(a, b, left_open, right_open), ...]`` of a finite union of intervals and points (None otherwise)."""
    if st is S.EmptySet:
        return []
    if isinstance(st, Interval):
        return [(st.start, st.end, bool(st.left_open), bool(st.right_open))]
    if isinstance(st, FiniteSet):
        if not all(p.is_extended_real for p in st):
            return None
        return [(p, p, False, False) for p in st]
    if isinstance(st, Union):
        out = []
        for a in st.args:
            part = _pieces(a)
            if part is None:
                return None
            out += part
        return out
    return None


def _power_image(st, d: int):
    r"""The image of a set of positive reals under :math:`w \mapsto w^d` (``d`` a positive integer)."""
    if d == 1:
        return st
    pieces = _pieces(st)
    if pieces is None:
        return None
    parts = [FiniteSet(a**d) if a == b else Interval(a**d, b**d, lo, ro) for a, b, lo, ro in pieces]
    return Union(*parts) if parts else S.EmptySet


#: univariate sets already solved (the same factor recurs in many conditions of one region)
_SOLVED: dict = {}


def _univariate(condition, symbol, strict: bool) -> Set:
    key = (condition, symbol, strict)
    if key in _SOLVED:
        return _SOLVED[key]
    domain = _POSITIVE if symbol.is_positive else S.Reals
    rel = condition > 0 if strict else condition >= 0
    try:
        found = solve_univariate_inequality(rel, symbol, relational=False, domain=domain)
    except (NotImplementedError, PolynomialError, TypeError, ValueError) as exc:
        raise UnsupportedError(f"cannot solve {rel} for {symbol} exactly ({type(exc).__name__})") from None
    if len(_SOLVED) > 4096:
        _SOLVED.clear()
    _SOLVED[key] = found
    return found


# ------------------------------------------------------------------------------------------------
# one condition in several parameters

#: the variable of :func:`_monomial_form` (one symbol, so that :func:`_univariate` finds its sets again)
_W = Dummy("w", positive=True)


def _monomial_form(expr):
    r"""``(key, Q, w, d)`` when ``expr`` is :math:`m\,Q(w)` with :math:`m` a positive monomial and
    :math:`w^d = u = \prod x^{k_x}` one monomial of the positive symbols (``key`` = the pairs
    :math:`(x, k_x)`, integer, primitive, the first nonzero positive); None otherwise.

    >>> from sympy import Symbol
    >>> from symflow.core import L, s
    >>> key, Q, w, d = _monomial_form(1 + L * s - L**2 * s**2)
    >>> key, Q.subs(w, Symbol("h")), d
    (((L, 1), (s, 1)), -h**2 + h + 1, 1)
    """
    symbols = sorted(expr.free_symbols, key=str)
    if len(symbols) < 2 or not all(x.is_positive for x in symbols):
        return None
    roots = _root_denominators(expr)
    ys = [Dummy(f"{x}_root", positive=True) for x in symbols]
    try:
        poly = _product_poly(expr.xreplace({x: y ** roots.get(x, 1) for x, y in zip(symbols, ys)}), ys)
    except PolynomialError:
        return None
    if any(c.free_symbols for c in poly.coeffs()):
        return None
    monoms = [tuple(Rational(e, roots.get(x, 1)) for e, x in zip(m, symbols)) for m in poly.monoms()]
    base = monoms[0]
    differences = [tuple(a - b for a, b in zip(m, base)) for m in monoms]
    direction = next((d for d in differences if any(d)), None)
    if direction is None:
        return None
    common = 1
    for c in direction:
        common = ilcm(common, Rational(c).q)
    integers = [int(c * common) for c in direction]
    divisor = 0
    for c in integers:
        divisor = gcd(divisor, abs(c))
    integers = [c // divisor for c in integers]
    if next(c for c in integers if c) < 0:
        integers = [-c for c in integers]
    pivot = next(i for i, c in enumerate(integers) if c)
    multiples = []
    for d in differences:
        c = d[pivot] / integers[pivot]
        if any(d[i] != c * integers[i] for i in range(len(symbols))):
            return None  # depends on more than one monomial
        multiples.append(c)
    lowest = min(multiples)
    denominator = 1
    for c in multiples:
        denominator = ilcm(denominator, Rational(c - lowest).q)
    w = _W
    Q = sum((coefficient * w ** int((c - lowest) * denominator)
             for coefficient, c in zip(poly.coeffs(), multiples)), S.Zero)
    key = tuple((x, k) for x, k in zip(symbols, integers) if k)
    return key, Q, w, int(denominator)


def _product_poly(expr, gens) -> Poly:
    r"""``Poly(expand(expr), *gens)``, with a product multiplied out factor by factor in the polynomial ring
    (a condition is kept factored; expanding the product as an expression is much slower).

    >>> from symflow.core import L, mu
    >>> _product_poly(-(L - mu)**2 * (L + 2), [L, mu]) == Poly(expand(-(L - mu)**2 * (L + 2)), L, mu)
    True
    """
    gens = list(gens)
    if set(gens) >= expr.free_symbols and all(isinstance(g, Symbol) for g in gens) and len(set(gens)) == len(gens):
        # in the polynomial ring over the generators in this order (no expansion of expressions)
        parts = ring_fraction(expr, PolyRing(tuple(gens), QQ))
        if parts is not None and parts[1].is_ground:
            # the domain Poly() would choose (ZZ for integer coefficients)
            terms = {m: QQ.to_sympy(c) for m, c in parts[0].quo_ground(parts[1].LC).items()}
            return Poly.from_dict(terms, *gens) if terms else Poly(0, *gens)
    if isinstance(expr, Mul):
        out = Poly(1, *gens)
        for a in expr.args:
            out = out * _product_poly(a, gens)
        return out
    if isinstance(expr, Pow) and expr.exp.is_Integer and expr.exp > 0:
        return _product_poly(expr.base, gens) ** int(expr.exp)
    return Poly(expand(expr), *gens)


@dataclass(frozen=True)
class _Degree:
    """The degree of a polynomial in one variable (what :func:`_solved` reads of a ``Poly``)."""

    value: int

    def degree(self) -> int:
        return self.value


def _solved(expr, strict: bool):
    r"""``expr >= 0`` solved for one positive parameter (linear, or quadratic with one positive root), or None."""
    candidates = [v for v in sorted(expr.free_symbols, key=str, reverse=True)
                  if v.is_positive and v not in _root_denominators(expr)]
    try:
        # the degrees in every parameter at once, from one product in the ring
        whole = _product_poly(expr, sorted(expr.free_symbols, key=str))
        candidates = [v for v in candidates if whole.degree(v) in (1, 2)]
    except PolynomialError:
        pass  # not a polynomial in every symbol: each parameter is tried on its own
    parts = ring_fraction(expr)
    ring_poly = parts[0].quo_ground(parts[1].LC) if parts is not None and parts[1].is_ground else None
    for v in candidates:
        if ring_poly is not None:
            # Poly(expr, v).all_coeffs() read off the ring: the coefficients of the powers of v
            x = ring_poly.ring(v)
            degree = ring_poly.degree(x)
            coefficients = [ring_poly.coeff_wrt(x, j).as_expr() for j in range(degree, -1, -1)]
            poly = _Degree(degree)
        else:
            try:
                poly = Poly(expr, v)
            except PolynomialError:
                continue
            coefficients = poly.all_coeffs()
        if poly.degree() == 1:
            a, b = coefficients
            known = _sign(a)
            if known is None:
                continue
            bound = factored(cancelled(-b / a))
            if known > 0:
                return Gt(v, bound) if strict else Ge(v, bound)
            return Lt(v, bound) if strict else Le(v, bound)
        if poly.degree() == 2:
            a, b, c = coefficients
            sa, sc = _sign(a), _sign(c)
            if sa is None or sc is None or sa == sc:
                continue
            # a v^2 + b v + c with a, c of opposite signs: one root <= 0 <= the other
            root = (sa * (-b) + sqrt(factored(expand(b**2 - 4 * a * c)))) / (2 * sa * a)
            if sa < 0:
                return Lt(v, root) if strict else Le(v, root)
            return Gt(v, root) if strict else Ge(v, root)
    return None


def _normalise(expr, strict: bool, factored: tuple | None = None) -> list:
    r"""The items of one condition ``expr >= 0`` (``> 0`` when ``strict``) in the parameters.

    Items: ``("set", x, S)``, ``("monomial", key, S)`` (the monomial of ``key`` lies in ``S``),
    ``("relation", rel, form)`` (``form``: ``(P, op)`` with the relation equivalent to ``P op 0``,
    ``op`` one of ``">="``, ``">"``, ``"!="``, or None), ``("false",)``; an empty list when the
    condition always holds.

    ``factored``, when given, is ``(number, [(factor, multiplicity), ...])`` with ``expr`` their
    product, a polynomial (as :func:`_factor_list` gives them): the condition is then not expanded
    and factored again.
    """
    if factored is not None and len(S(expr).free_symbols) != 1:
        # each factor with the sign factor() gives it in the product (a positive leading coefficient)
        coefficient, factors = factored
        gens = _sort_gens(S(expr).free_symbols)   # the order factor() uses
        signed = []
        for f, k in factors:
            try:
                lead = Poly(f, *gens).LC()
            except PolynomialError:   # a factor in a root of a parameter (sqrt(mu)): its own generators
                lead = Poly(f).LC()
            if lead.is_number and lead < 0:
                f, coefficient = -f, coefficient * (-1) ** k
            signed.append((f, k))
        parts = (((coefficient, signed), False),)
    else:
        expr = cancelled(S(expr))
        if expr.is_number:
            sign = _exact_sign(expr)
            if sign is None:
                return [("relation", expr > 0 if strict else expr >= 0, None)]
            return [] if sign > 0 or (sign == 0 and not strict) else [("false",)]
        if len(expr.free_symbols) == 1 and not fraction(expr)[1].free_symbols:
            (symbol,) = expr.free_symbols
            return [("set", symbol, _univariate(expr, symbol, strict))]
        num, den = fraction(expr)
        parts = ((_factor_list(num), False), (_factor_list(den), True))
    sign, odd, nonzero = 1, [], []
    for (coefficient, factors), is_den in parts:
        if coefficient < 0:
            sign = -sign
        for f, k in factors:
            known = _sign(f)
            if known is not None:
                sign *= known ** k
                continue
            if k % 2:
                odd.append(f)
                if is_den and not strict:
                    nonzero.append(f)
            elif is_den or strict:
                nonzero.append(f)
    items = [] if not odd else [_condition_item(sign * Mul(*odd), strict)]
    if not odd and sign < 0:
        return [("false",)]
    return items + [item for f in nonzero for item in _nonzero_items(f, irreducible=True)]


def _condition_item(product, strict: bool) -> tuple:
    symbols = product.free_symbols
    if len(symbols) == 1:
        (symbol,) = symbols
        return ("set", symbol, _univariate(product, symbol, strict))
    form = _monomial_form(product)
    if form is not None:
        key, Q, w, d = form
        image = _power_image(_univariate(Q, w, strict), d)
        if image is not None:
            return ("monomial", key, image)
    solved = _solved(product, strict)
    form = (product, ">" if strict else ">=")
    if solved is not None:
        return ("relation", solved, form)
    return ("relation", product > 0 if strict else product >= 0, form)


def _nonzero_items(f, irreducible: bool = False) -> list:
    """The items of ``f != 0`` (``irreducible``: ``f`` is already one factor of a factorization)."""
    if irreducible:
        factors = [(f, 1)]
    else:
        f = cancelled(S(f))
        num = fraction(f)[0]
        _, factors = _factor_list(num)
    items = []
    for g, _ in factors:
        if _sign(g) is not None:
            continue
        symbols = g.free_symbols
        if len(symbols) == 1:
            (symbol,) = symbols
            items.append(("set", symbol, _univariate(g**2, symbol, True)))
            continue
        form = _monomial_form(g)
        image = None
        if form is not None:
            key, Q, w, d = form
            image = _power_image(_univariate(Q**2, w, True), d)
        items.append(("monomial", key, image) if image is not None else ("relation", Ne(g, 0), (g, "!=")))
    return items


#: the items of the relations :func:`parameter_region` made from its conditions, so that deciding the region
#: (:attr:`Region.is_empty`, :meth:`Region.witness`) does not normalise them again
_ITEMS: dict = {}


def _remember_items(relation, items: list) -> None:
    if len(_ITEMS) > 4096:
        _ITEMS.clear()
    _ITEMS[relation] = items


def _relation_items(relation) -> list:
    """The items of a relation of a region (as :func:`_normalise` gives them)."""
    known = _ITEMS.get(relation)
    if known is not None:
        return list(known)
    if relation is true:
        return []
    if relation is false:
        return [("false",)]
    if isinstance(relation, (Le, Lt)):
        return _normalise(relation.rhs - relation.lhs, isinstance(relation, Lt))
    if isinstance(relation, (Ge, Gt)):
        return _normalise(relation.lhs - relation.rhs, isinstance(relation, Gt))
    if isinstance(relation, Eq):
        return (_normalise(relation.lhs - relation.rhs, False)
                + _normalise(relation.rhs - relation.lhs, False))
    if isinstance(relation, Ne):
        return _nonzero_items(relation.lhs - relation.rhs)
    return [("relation", relation, None)]


# ------------------------------------------------------------------------------------------------
# writing a condition on a monomial

def _monomial(key) -> Expr:
    return Mul(*[x**k for x, k in key])


def _solve_for(key):
    """The parameter a condition on the monomial of ``key`` is solved for: the last (by name) of power +-1."""
    unit = [x for x, k in key if abs(k) == 1]
    return max(unit or [x for x, _ in key], key=str)


def _bound_relation(key, value, upper: bool, strict: bool):
    r""":math:`u \le` value (``upper``) or :math:`u \ge` value, solved for one parameter."""
    v = _solve_for(key)
    e = dict(key)[v]
    rest = Mul(*[x**k for x, k in key if x != v])
    bound = together((value / rest) ** Rational(1, e))
    if e < 0:
        upper = not upper
    if upper:
        return Lt(v, bound) if strict else Le(v, bound)
    return Gt(v, bound) if strict else Ge(v, bound)


def _render(key, st) -> list | None:
    """A set of values of the monomial of ``key`` as relations solved for one parameter (None: a union)."""
    if st is S.EmptySet:
        return [false]
    pieces = _pieces(st)
    if pieces is None or not pieces:
        return None
    if isinstance(st, FiniteSet) and len(st) == 1:
        (value,) = st
        v = _solve_for(key)
        e = dict(key)[v]
        rest = Mul(*[x**k for x, k in key if x != v])
        return [Eq(v, together((value / rest) ** Rational(1, e)))]
    if isinstance(st, Interval):
        hull, holes = st, S.EmptySet
    else:
        pieces = sorted(pieces, key=lambda piece: float(piece[0]))
        hull = Interval(pieces[0][0], pieces[-1][1], pieces[0][2], pieces[-1][3])
        holes = hull - st
        if holes is not S.EmptySet and not isinstance(holes, FiniteSet):
            return None
    out = []
    if _exact_sign(hull.start) == 1:
        out.append(_bound_relation(key, hull.start, False, bool(hull.left_open)))
    if hull.end is not S.Infinity:
        out.append(_bound_relation(key, hull.end, True, bool(hull.right_open)))
    if holes is not S.EmptySet:
        v = _solve_for(key)
        e = dict(key)[v]
        rest = Mul(*[x**k for x, k in key if x != v])
        out += [Ne(v, together((p / rest) ** Rational(1, e))) for p in sorted(holes, key=float)]
    return out


# ------------------------------------------------------------------------------------------------
# deciding conjunctions of conditions on monomials (Fourier-Motzkin in logarithms)

@dataclass(frozen=True)
class _Bound:
    r""":math:`\prod_i x_i^{e_i} \le B` (``<`` when strict), :math:`x_i > 0`, :math:`B > 0` exact."""

    exponents: tuple
    bound: Expr
    strict: bool


def _bounds(exponents: tuple, piece) -> list:
    a, b, left_open, right_open = piece
    out = []
    if b is not S.Infinity:
        if _exact_sign(b) is not None and _exact_sign(b) <= 0:
            return None  # a monomial is positive
        out.append(_Bound(exponents, S(b), right_open))
    if a is not S.NegativeInfinity and _exact_sign(a) == 1:
        out.append(_Bound(tuple(-e for e in exponents), 1 / S(a), left_open))
    return out


def _combine(p: _Bound, n: _Bound, i: int) -> _Bound:
    a, b = -n.exponents[i], p.exponents[i]
    exponents = [a * x + b * y for x, y in zip(p.exponents, n.exponents)]
    bound = p.bound**a * n.bound**b
    divisor = 0
    for x in exponents:
        divisor = gcd(divisor, abs(x))
    if divisor > 1:
        exponents = [x // divisor for x in exponents]
        bound = bound ** Rational(1, divisor)
    return _Bound(tuple(exponents), bound, p.strict or n.strict)


def _prune(bounds: list) -> list:
    """Keep, for each exponent vector, the tightest bound (when the comparison is decided)."""
    best: dict = {}
    for b in bounds:
        kept = best.setdefault(b.exponents, [])
        for i, c in enumerate(kept):
            sign = _exact_sign(b.bound - c.bound)
            if sign is None:
                continue
            if sign < 0 or (sign == 0 and b.strict and not c.strict):
                kept[i] = b
            break
        else:
            kept.append(b)
    return [b for kept in best.values() for b in kept]


def _eliminate(bounds: list, n: int):
    """``(verdict, stages)``: True/False feasible, None undecided; ``stages[i]`` the system in x_i, ..., x_{n-1}."""
    stages, current = [], _prune(bounds)
    for i in range(n + 1):
        check_budget("deciding a parameter region")
        for b in current:
            if not any(b.exponents):
                sign = _exact_sign(b.bound - 1)
                if sign is None:
                    return None, stages
                if sign < 0 or (sign == 0 and b.strict):
                    return False, stages
        current = [b for b in current if any(b.exponents)]
        if i == n:
            return True, stages
        stages.append(current)
        positive = [b for b in current if b.exponents[i] > 0]
        negative = [b for b in current if b.exponents[i] < 0]
        current = _prune([b for b in current if b.exponents[i] == 0]
                         + [_combine(p, q, i) for p in positive for q in negative])
        if len(current) > _MAX_BOUNDS:
            return None, stages
    return True, stages


def _simplest(a: Fraction, b: Fraction | None) -> Fraction:
    """The rational of smallest denominator (then the smallest) in the open interval (a, b), 0 <= a."""
    n = floor(a) + 1
    if b is None or n < b:
        return Fraction(n)
    m = floor(a)
    inner = _simplest(1 / (b - m), None if a == m else 1 / (a - m))
    return m + 1 / inner


def _rational(value, digits: int = 40) -> Fraction:
    return Fraction(str(Rational(S(value).evalf(digits))))


def _pick(lo, lo_strict, hi, hi_strict):
    """An exact point of the interval from lo to hi (a simple rational when it has interior)."""
    gap = 1 if hi is S.Infinity else _exact_sign(hi - lo)
    if gap is None or gap < 0:
        return None
    if gap == 0:
        return None if lo_strict or hi_strict else lo
    a = _rational(lo)
    b = None if hi is S.Infinity else _rational(hi)
    for _ in range(4):
        if b is not None and b <= a:
            return None
        c = _simplest(max(a, Fraction(0)), b)
        point = Rational(c.numerator, c.denominator)
        if _exact_sign(point - lo) == 1 and (hi is S.Infinity or _exact_sign(hi - point) == 1):
            closed = [e for e, is_open in ((lo, lo_strict), (hi, hi_strict)) if e.is_Rational and not is_open]
            return min([point] + closed, key=lambda x: (x.q, abs(x.p)))
        if b is None:
            a = a + 1
        else:
            a, b = a + (b - a) / 4, b - (b - a) / 4
    return None


def _back_substitute(stages: list, variables: list, solved: dict) -> dict | None:
    """A point of the conjunction, chosen from the last variable to the first (None if one choice fails)."""
    values: dict = {}
    for i in reversed(range(len(variables))):
        check_budget("choosing a point of a parameter region")
        lo, lo_strict, hi, hi_strict = S.Zero, True, S.Infinity, False
        limits = []
        for b in stages[i]:
            e = b.exponents[i]
            if e == 0:
                continue
            rest = Mul(*[values[variables[j]] ** b.exponents[j] for j in range(i + 1, len(variables))])
            limits.append((e > 0, (b.bound / rest) ** Rational(1, e), b.strict))
        for relation in solved.get(variables[i], ()):
            bound = relation.rhs.xreplace(values)
            if not bound.free_symbols:
                limits.append((isinstance(relation, (Le, Lt)), bound, isinstance(relation, (Lt, Gt))))
        for upper, limit, strict in limits:
            if upper:
                sign = 1 if hi is S.Infinity else _exact_sign(hi - limit)
                if sign is None:
                    return None
                if sign > 0 or (sign == 0 and strict):
                    hi, hi_strict = limit, strict or (sign == 0 and hi_strict)
            else:
                sign = _exact_sign(limit - lo)
                if sign is None:
                    return None
                if sign > 0 or (sign == 0 and strict):
                    lo, lo_strict = limit, strict or (sign == 0 and lo_strict)
        value = _pick(lo, lo_strict, hi, hi_strict)
        if value is None:
            return None
        values[variables[i]] = value
    return values


def _too_many(alternatives: list) -> bool:
    """Whether choosing one piece of every union gives more than ``_MAX_COMBINATIONS`` conjunctions to decide."""
    count = 1
    for options in alternatives:
        count *= len(options)
    return count > _MAX_COMBINATIONS


def _decide(groups: dict, solved: dict):
    r"""``(verdict, point)`` for :math:`u_j \in S_j` for every ``(key_j, S_j)`` of ``groups``.

    ``verdict`` is False (proved empty), True (``point`` an exact point of it) or None.
    """
    variables = sorted({x for key in groups for x, _ in key}, key=str)
    variables = [v for v in variables if v in solved] + [v for v in variables if v not in solved]
    if not variables:
        return True, {}
    index = {v: i for i, v in enumerate(variables)}
    alternatives = []
    for key, st in groups.items():
        pieces = _pieces(st)
        if pieces is None:
            return None, None
        exponents = [0] * len(variables)
        for x, k in key:
            exponents[index[x]] = k
        options = [b for b in (_bounds(tuple(exponents), piece) for piece in pieces) if b is not None]
        if not options:
            return False, None
        alternatives.append(options)
    if _too_many(alternatives):
        return None, None
    undecided = False
    for choice in _cartesian(*alternatives):
        check_budget("deciding a parameter region")
        verdict, stages = _eliminate([b for bounds in choice for b in bounds], len(variables))
        if verdict is None:
            undecided = True
        elif verdict:
            point = _back_substitute(stages, variables, solved)
            if point is None:
                point = _back_substitute(stages, variables, {})
            if point is None:
                undecided = True
                continue
            return True, point
    return (None if undecided else False), None


# ------------------------------------------------------------------------------------------------
# deciding polynomial conditions in at most two independent monomials (cylindrical decomposition)

_MAX_PLANE_DEGREE = 10
_MAX_PLANE_FACTORS = 16


def _negation(form) -> list:
    """The forms of the negation of ``P op 0``."""
    P, op = form
    if op == ">=":
        return [(-P, ">")]
    if op == ">":
        return [(-P, ">=")]
    return [(P, ">="), (-P, ">=")]


def _holds(value, op: str) -> bool | None:
    sign = _exact_sign(value)
    if sign is None:
        return None
    return sign >= 0 if op == ">=" else (sign > 0 if op == ">" else sign != 0)


def _piece_forms(key, piece) -> list:
    """The forms of :math:`u \\in` piece for the monomial :math:`u` of ``key``."""
    a, b, left_open, right_open = piece
    u = _monomial(key)
    out = [] if b is S.Infinity else [(b - u, ">" if right_open else ">=")]
    if _exact_sign(a) == 1:
        out.append((u - a, ">" if left_open else ">="))
    return out


def _reduced(forms: list):
    r"""The forms as polynomials in :math:`r \le 2` independent monomials :math:`w_k > 0` of the positive symbols.

    Returns ``(ws, polynomials, lift)`` (``lift`` maps values of the ``ws`` to values of the
    symbols), or None when a form is not polynomial in positive symbols or needs three monomials.
    """
    numerators = []
    for P, op in forms:
        num, den = fraction(cancelled(S(P)))
        sign = _sign(den) if den.free_symbols else _exact_sign(den)
        if not sign:
            return None
        numerators.append((expand(sign * num), op))
    symbols = sorted(set().union(*[n.free_symbols for n, _ in numerators]), key=str)
    if not all(x.is_positive for x in symbols):
        return None
    roots: dict = {}
    for n, _ in numerators:
        for x, q in _root_denominators(n).items():
            roots[x] = ilcm(roots.get(x, 1), q)
    ys = [Dummy(f"{x}_root", positive=True) for x in symbols]
    polys = []
    for n, op in numerators:
        substituted = expand(n.xreplace({x: y ** roots.get(x, 1) for x, y in zip(symbols, ys)}))
        if not substituted.free_symbols:
            polys.append((None, substituted, op))
            continue
        try:
            poly = Poly(substituted, *ys)
        except PolynomialError:
            return None
        if any(c.free_symbols for c in poly.coeffs()):
            return None
        polys.append((poly, None, op))
    differences = []
    for poly, _, _ in polys:
        if poly is not None:
            first = poly.monoms()[0]
            differences += [[a - b for a, b in zip(m, first)] for m in poly.monoms()[1:]]
    basis: list = []
    for d in differences:
        if any(d) and Matrix(basis + [d]).rank() > len(basis):
            basis.append(d)
        if len(basis) > 2:
            return None
    ws = [Dummy(f"w{i}", positive=True) for i in range(len(basis))]
    B = Matrix(basis) if basis else None
    gram_inverse = (B * B.T).inv() if basis else None

    def coordinates(d):
        return list(Matrix([d]) * B.T * gram_inverse) if basis else []

    entries = []
    for poly, constant, op in polys:
        if poly is None:
            entries.append(([], constant, op))
            continue
        first = poly.monoms()[0]
        terms = [(c, coordinates([a - b for a, b in zip(m, first)])) for m, c in zip(poly.monoms(), poly.coeffs())]
        entries.append((terms, None, op))
    scale = [1] * len(basis)
    for terms, _, _ in entries:
        for _, cs in terms:
            for k, c in enumerate(cs):
                scale[k] = ilcm(scale[k], Rational(c).q)
    out = []
    for terms, constant, op in entries:
        if constant is not None:
            out.append((constant, op))
            continue
        lowest = [min(cs[k] for _, cs in terms) for k in range(len(basis))]
        out.append((sum((c * Mul(*[w ** int((cs[k] - lowest[k]) * scale[k]) for k, w in enumerate(ws)])
                         for c, cs in terms), S.Zero), op))
    columns = []
    if basis:
        for j in range(len(ys)):
            if Matrix([[row[i] for i in columns + [j]] for row in basis]).rank() > len(columns):
                columns.append(j)
            if len(columns) == len(basis):
                break
        inverse = Matrix([[row[i] for i in columns] for row in basis]).inv()

    def lift(values: dict) -> dict:
        ys_values = [S.One] * len(ys)
        if basis:
            us = [values[w] ** scale[k] for k, w in enumerate(ws)]
            for position, j in enumerate(columns):
                ys_values[j] = Mul(*[u ** inverse[position, k] for k, u in enumerate(us)])
        return {x: y ** roots.get(x, 1) for x, y in zip(symbols, ys_values)}

    return ws, out, lift


def _algebraic(polys: list):
    """The irrational numbers of the coefficients as symbols ``theta`` with their minimal polynomials."""
    atoms = set()
    for P, _ in polys:
        for c in Poly(P, *sorted(P.free_symbols, key=str)).coeffs() if P.free_symbols else [P]:
            if c.is_Rational:
                continue
            found = c.atoms(CRootOf) | {p for p in c.atoms(Pow) if p.base.is_Rational and p.exp.is_Rational}
            atoms |= found
    thetas = []
    for atom in sorted(atoms, key=str):
        theta = Dummy("theta")
        try:
            thetas.append((atom, theta, minimal_polynomial(atom, theta)))
        except (NotAlgebraic, NotImplementedError, ValueError, TypeError):
            return None
    return thetas


def _norm(expr, thetas):
    for _, theta, m in thetas:
        if expr.has(theta):
            expr = resultant(expr, m, theta)
    return expand(expr)


def _positive_roots(polynomials: list, v):
    """The distinct positive real roots of the product of univariate rational polynomials, increasing."""
    total = Poly(1, v)
    for g in polynomials:
        g = Poly(g, v)
        if g.is_zero:
            return None
        if g.degree() > 0:
            total = total * g
    if total.degree() <= 0:
        return []
    return [root for root in total.sqf_part().real_roots() if _exact_sign(root) == 1]


def _samples(roots: list) -> list | None:
    """A rational point in each interval between 0, the roots and infinity, then the roots."""
    points, low = [], S.Zero
    for high in roots + [S.Infinity]:
        point = _pick(low, True, high, True)
        if point is None:
            return None
        points.append(point)
        low = high
    return points + list(roots)


def _cad(polys: list, ws: list):
    r"""``(verdict, point)`` for polynomial conditions ``[(P, op), ...]`` in one or two positive variables.

    The positive roots of the projection (leading and constant coefficients, discriminants and
    resultants in the last variable, over the rationals: algebraic coefficients are eliminated by
    resultants with their minimal polynomials) cut the first variable into cells; over a point of
    each, the roots of the conditions cut the second. The conditions are evaluated exactly at a
    point of every cell (rational points of the open cells first), so the verdict is exact; None
    when a computation is too large (see ``_MAX_PLANE_DEGREE``) or a sign is undecided.
    """
    for P, op in polys:
        if not P.free_symbols:
            verdict = _holds(P, op)
            if verdict is not True:
                return (False if verdict is False else None), None
    polys = [(P, op) for P, op in polys if P.free_symbols]
    if not polys:
        return True, {w: Integer(1) for w in ws}
    thetas = _algebraic(polys)
    if thetas is None:
        return None, None
    to_theta = {atom: theta for atom, theta, _ in thetas}
    real = {theta: atom for atom, theta, _ in thetas}
    factors: list = []
    for P, _ in polys:
        if Poly(P, *ws).total_degree() > _MAX_PLANE_DEGREE:
            return None, None
        for f, _ in factor_list(P.xreplace(to_theta), *ws, *real)[1]:
            if f.has(*ws) and len(Poly(f, *ws).terms()) > 1 and f not in factors and -f not in factors:
                factors.append(f)
    if len(factors) > _MAX_PLANE_FACTORS:
        return None, None

    def check(values):
        verdicts = [_holds(P.xreplace(values), op) for P, op in polys]
        return False if False in verdicts else (None if None in verdicts else True)

    def cells(point: dict, v):
        """(rational points, roots) of the cells of v over the given values of the other variable."""
        polynomials = []
        for f in factors:
            g = f
            for w, value in point.items():
                if g.has(w):
                    g = expand(g.subs(w, value)) if value.is_Rational else resultant(g, _minimal(value, w), w)
            g = _norm(g, thetas)
            if g == 0:
                exact = Poly(f.xreplace(point).xreplace(real), v)
                if all(_exact_sign(c) == 0 for c in exact.coeffs()):
                    continue  # the factor vanishes on the whole fibre
                return None
            polynomials.append(g)
        if sum(Poly(g, v).degree() for g in polynomials) > _MAX_PLANE_DEGREE**2:
            return None
        roots = _positive_roots(polynomials, v)
        samples = None if roots is None else _samples(roots)
        return None if samples is None else (samples[:len(roots) + 1], roots)

    if len(ws) == 1:
        found = cells({}, ws[0])
        if found is None:
            return None, None
        undecided = False
        for value in found[0] + found[1]:
            check_budget("deciding a parameter region (cells)")
            verdict = check({ws[0]: value})
            if verdict:
                return True, {ws[0]: value}
            undecided = undecided or verdict is None
        return (None if undecided else False), None
    a, b = ws
    projection = []
    for f in factors:
        pf = Poly(f, b)
        if pf.degree() <= 0:
            projection.append(f)
            continue
        projection += [pf.LC(), f.subs(b, 0)]
        if pf.degree() >= 2:
            projection.append(discriminant(f, b))
    lifted = [f for f in factors if f.has(b)]
    for i, f in enumerate(lifted):
        for g in lifted[i + 1:]:
            check_budget("deciding a parameter region (projection)")
            projection.append(resultant(f, g, b))
    projection = [_norm(p, thetas) for p in projection]
    if any(p == 0 for p in projection):
        return None, None
    projection = [p for p in projection if p.has(a)]
    if sum(Poly(p, a).degree() for p in projection) > _MAX_PLANE_DEGREE**2:
        return None, None
    roots = _positive_roots(projection, a)
    samples = None if roots is None else _samples(roots)
    if samples is None:
        return None, None
    undecided = False
    fibres: dict = {}
    seen: set = set()
    # rational points of open cells first (a witness of a full-dimensional region), then every cell
    for stage in (0, 1):
        for value in samples if stage else samples[:len(roots) + 1]:
            if value not in fibres:
                fibres[value] = cells({a: value}, b) if (value.is_Rational
                                                       or _minimal(value, a).degree() <= 12) else None
            found = fibres[value]
            if found is None:
                undecided = True
                continue
            for other in found[0] + (found[1] if stage else []):
                check_budget("deciding a parameter region (cells)")
                if (value, other) in seen:
                    continue  # this point was checked in the first stage
                seen.add((value, other))
                verdict = check({a: value, b: other})
                if verdict:
                    return True, {a: value, b: other}
                undecided = undecided or verdict is None
    return (None if undecided else False), None


def _minimal(value, w) -> Poly:
    """The minimal polynomial of an algebraic number, in ``w``."""
    return Poly(minimal_polynomial(value, w), w)


def _decide_forms(groups: dict, forms: list):
    """``(verdict, point)`` for conditions on monomials and polynomial forms together (exact; None if undecided)."""
    alternatives = []
    for key, st in groups.items():
        pieces = _pieces(st)
        if pieces is None:
            return None, None
        alternatives.append([_piece_forms(key, piece) for piece in pieces])
    if _too_many(alternatives):
        return None, None
    undecided = False
    for choice in _cartesian(*alternatives):
        check_budget("deciding a parameter region")
        reduced = _reduced([f for piece in choice for f in piece] + list(forms))
        if reduced is None:
            return None, None
        ws, polys, lift = reduced
        verdict, point = _cad(polys, ws)
        if verdict:
            return True, lift(point)
        undecided = undecided or verdict is None
    return (None if undecided else False), None


def _in_set(value, st) -> bool | None:
    """Whether an exact number lies in a finite union of intervals and points (None: undecided)."""
    pieces = _pieces(st)
    if pieces is None:
        return None
    undecided = False
    for a, b, left_open, right_open in pieces:
        low = 1 if a is S.NegativeInfinity else _exact_sign(value - a)
        high = 1 if b is S.Infinity else _exact_sign(b - value)
        if low is None or high is None:
            undecided = True
        elif (low > 0 or (low == 0 and not left_open)) and (high > 0 or (high == 0 and not right_open)):
            return True
    return None if undecided else False


def _sampled_point(groups: dict, forms: list, count: int = 96):
    r"""An exact point of the conditions found by sampling, or None (the second route for implications).

    Random rational values of the positive symbols, with each condition on a monomial met by
    solving it for one of its symbols at a value of the monomial drawn from its set (so equalities
    such as :math:`\mu s = 1/3` are hit). Finding a point refutes "empty" exactly: every condition
    is evaluated exactly at it; finding none proves nothing.
    """
    generator = random.Random(0)
    symbols = sorted({x for key in groups for x, _ in key}
                     | set().union(set(), *[S(P).free_symbols for P, _ in forms]), key=str)
    if not all(x.is_positive for x in symbols):
        return None

    def draw():
        return Rational(generator.randint(1, 12), generator.randint(1, 12)) * Rational(2) ** generator.randint(-3, 3)

    for _ in range(count):
        check_budget("checking an implication between conditions")
        point: dict = {}
        for key, st in groups.items():
            pieces = _pieces(st)
            if not pieces:
                break
            a, b, _, _ = pieces[generator.randrange(len(pieces))]
            if a == b:
                u = S(a)
            else:
                low = max(_rational(a), Fraction(0)) if a is not S.NegativeInfinity else Fraction(0)
                high = None if b is S.Infinity else _rational(b)
                if high is None:
                    u = Rational(str(low)) + draw()
                else:
                    w = Fraction(generator.randint(1, 99), 100)
                    u = Rational(str(low + (high - low) * w))
            free = [(x, k) for x, k in key if x not in point]
            if not free:
                continue
            x, k = free[generator.randrange(len(free))]
            for y, j in key:
                if y != x and y not in point:
                    point[y] = draw()
            rest = Mul(*[y**j for y, j in key if y != x]).xreplace(point)
            point[x] = (u / rest) ** Rational(1, k)
        for x in symbols:
            point.setdefault(x, draw())
        verdicts = [_in_set(_monomial(key).xreplace(point), st) for key, st in groups.items()]
        verdicts += [_holds(S(P).xreplace(point), op) for P, op in forms]
        if all(v is True for v in verdicts):
            return point
    return None


# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Region:
    r"""A set of parameter values: a conjunction of exact conditions.

    Attributes
    ----------
    sets : tuple
        ``((symbol, Set), ...)``: exact univariate constraints.
    relations : tuple
        Conditions in several parameters that must all hold: a condition on one
        monomial of positive parameters solved for one of them (``s <= 1/L``,
        ``mu < L``), another solved for one parameter, or a polynomial inequality.
    exact : bool
        False when a condition in :math:`t` was replaced by a sufficient one
        (nonnegative coefficients of a polynomial of degree above one in :math:`t - t_0`, unless only
        the constant and the leading coefficient, which are necessary, depend on the parameters).
    impossible : bool
        True when a condition fails for every parameter value.
    """

    sets: tuple = ()
    relations: tuple = ()
    exact: bool = True
    impossible: bool = False

    @property
    def empty(self) -> bool:
        """True when no parameter value satisfies the region (proved exactly; see :attr:`is_empty`)."""
        return self.is_empty is True

    @cached_property
    def is_empty(self) -> bool | None:
        r"""True (proved empty), False (an exact point was found: :meth:`witness`) or None (undecided).

        Conditions on monomials of positive parameters are decided exactly; other
        relations only by an exact point.

        Examples
        --------
        >>> from symflow.core import L, s
        >>> parameter_region([1 - L * s, L * s - 2]).is_empty
        True
        >>> parameter_region([1 - s, 1 - L, L * s - 2]).is_empty
        True
        >>> parameter_region([1 - s, 1 - L, 1 - 2 * L * s]).is_empty
        False
        """
        if self.impossible or any(st is S.EmptySet for _, st in self.sets):
            return True
        if not self.relations:
            return False
        verdict, _ = self._point
        return verdict

    @cached_property
    def _system(self) -> tuple:
        """``(groups, relations, other sets, impossible)``: the region as conditions on monomials and the rest."""
        groups, relations, others, impossible = {}, [], [], False
        for symbol, st in self.sets:
            if symbol.is_positive and _pieces(st) is not None:
                key = ((symbol, 1),)
                groups[key] = groups.get(key, _POSITIVE) & st
            else:
                others.append((symbol, st))
        for relation in self.relations:
            for item in _relation_items(relation):
                if item[0] == "false":
                    impossible = True
                elif item[0] == "set":
                    key = ((item[1], 1),)
                    if item[1].is_positive and _pieces(item[2]) is not None:
                        groups[key] = groups.get(key, _POSITIVE) & item[2]
                    else:
                        others.append((item[1], item[2]))
                elif item[0] == "monomial":
                    groups[item[1]] = groups.get(item[1], _POSITIVE) & item[2]
                else:
                    relations.append((item[1], item[2]))
        return groups, tuple(relations), tuple(others), impossible

    @cached_property
    def _point(self) -> tuple:
        """``(verdict, point)``: the decision of the region and an exact point of it."""
        groups, relations, others, impossible = self._system
        if impossible:
            return True, None
        solved: dict = {}
        for relation, _ in relations:
            if isinstance(relation, (Le, Lt, Ge, Gt)) and relation.lhs.is_Symbol \
                    and relation.lhs not in relation.rhs.free_symbols:
                solved.setdefault(relation.lhs, []).append(relation)
        verdict, point = _decide(groups, solved)
        if verdict is False:
            return True, None
        base = {**(point or {})}
        for symbol, st in others:
            base.setdefault(symbol, _inside(st))
        if any(v is None for v in base.values()):
            return None, None
        free = set().union(*[S(r).free_symbols for r in self.relations]) | {x for x, _ in self.sets}
        base.update({x: Integer(1) for x in free if x not in base})
        if verdict and self.contains(base) is True:
            return False, base
        found = self._search(base, sorted(free, key=str))
        if found is not None:
            return False, found
        forms = [form for _, form in relations]
        if relations and all(form is not None for form in forms):
            # every relation is polynomial: decided exactly on the cells of the conditions
            exact, cell = _decide_forms(groups, forms)
            if exact is False:
                return True, None
            if exact and self.contains({**base, **cell}) is True:
                return False, {**base, **cell}
        return None, None

    def _search(self, base: dict, free: list) -> dict | None:
        grid = [Rational(1, 4), Rational(1, 2), Integer(1), Rational(3, 4), Integer(2), Rational(1, 10), Integer(4)]
        trials = [base] + [{**base, p: v} for p in free for v in grid]
        trials += [{**base, p: v, q: w} for i, p in enumerate(free) for q in free[i + 1:] for v in grid for w in grid]
        for point in trials:
            check_budget("looking for a point of a parameter region")
            if self.contains(point) is True:
                return point
        return None

    def as_boolean(self):
        """The region as a SymPy boolean (``True`` for every value)."""
        if self.empty:
            return false
        parts = [_relation(sym, st) for sym, st in self.sets
                 if not (sym.is_positive and st == _POSITIVE)]
        parts += list(self.relations)
        return And(*parts) if parts else true

    def text(self) -> str:
        r"""The region as a conjunction of inequalities, one per condition, joined by ``&``.

        Examples
        --------
        >>> from symflow.core import L, mu, s
        >>> parameter_region([4 * L - 3 * mu, 1 - 2 * s * L, s - 1 / (10 * L)]).text()
        'mu <= 4*L/3 & s >= 1/(10*L) & s <= 1/(2*L)'
        """
        if self.empty:
            return "False"
        parts = [_relation(sym, st) for sym, st in self.sets if not (sym.is_positive and st == _POSITIVE)]
        parts += list(self.relations)
        return " & ".join(str(p) for p in parts) if parts else "True"

    def witness(self, parameters=()) -> dict | None:
        r"""An exact point of the region, or None when none was found.

        Conditions on monomials of positive parameters give the point by exact
        Fourier–Motzkin elimination (a simple rational in each open interval); other
        relations are then checked exactly at it, or at points of a small grid of
        rationals. A region is shown non-empty only by such a point, never by
        sampling in floating point. ``parameters`` not in the region are set to 1.

        Examples
        --------
        >>> from symflow.core import L, s, r
        >>> parameter_region([3 - r]).witness()
        {r: 3/2}
        >>> parameter_region([1 - L * s]).witness([L, s])
        {L: 1, s: 1}
        >>> parameter_region([L * s - 2, 3 - L * s, 1 - s]).witness()
        {L: 2, s: 1}
        """
        if self.empty:
            return None
        if not self.relations:
            chosen = {sym: _inside(st) for sym, st in self.sets}
            if any(v is None for v in chosen.values()):
                return None
            point = {**chosen, **{p: Integer(1) for p in parameters if p not in chosen}}
            return point if self.contains(point) is True else self._search(point, sorted(
                set(parameters) - set(chosen), key=str))
        verdict, point = self._point
        if verdict is not False or point is None:
            return None
        return dict(sorted({**point, **{p: Integer(1) for p in parameters if p not in point}}.items(),
                           key=lambda kv: str(kv[0])))

    def contains(self, values: dict) -> bool | None:
        """Whether the given parameter values are in the region, decided exactly (None if undecided).

        Examples
        --------
        >>> from symflow.core import L, s
        >>> from sympy import sqrt
        >>> gd = parameter_region([1 + L * s - L**2 * s**2])
        >>> gd.contains({s: (1 + sqrt(5)) / 2, L: 1}), gd.contains({s: 2, L: 1}), gd.contains({s: 1})
        (True, False, None)
        """
        if self.impossible or any(st is S.EmptySet for _, st in self.sets):
            return False
        verdict = True
        for cond in [st.as_relational(sym) for sym, st in self.sets] + list(self.relations):
            value = _truth(cond.xreplace(values))
            if value is None:
                value = _truth(cond.subs(values))
            if value is False:
                return False
            if value is None:
                verdict = None
        return verdict

    def holds_along(self, substitution: dict, variable, interval: Set, *, scale=()) -> bool:
        r"""Whether the region contains the whole curve ``substitution`` for ``variable`` in ``interval``,
        decided exactly: True only when every condition is proved there.

        After the substitution each condition may still contain the positive symbols of ``scale``, but only
        as a power of them times a function of ``variable`` alone (dimensional homogeneity: a rescaling of
        :math:`\mu, L, 1/s` together); the sign of that function, solved exactly, decides. Anything else
        (another free symbol, an unsolvable condition) is False: not proved.

        Examples
        --------
        The step size :math:`s = 1/(4L)` for every :math:`L \ge \mu`, written with :math:`q = \sqrt{\mu/L}`:

        >>> from sympy import Dummy, Interval, sqrt
        >>> from symflow.core import L, mu, s
        >>> q = Dummy("q", positive=True)
        >>> ray = {L: mu / q**2, s: q**2 / (4 * mu)}
        >>> parameter_region([1 - 4 * L * s, L - mu]).holds_along(ray, q, Interval.Lopen(0, 1), scale=(mu,))
        True
        >>> parameter_region([1 - 8 * L * s]).holds_along(ray, q, Interval.Lopen(0, 1), scale=(mu,))
        False
        >>> parameter_region([1 - sqrt(mu * s) * L / mu]).holds_along(ray, q, Interval.Lopen(0, 1), scale=(mu,))
        False
        """
        if self.empty:
            return False
        ones = {m: 1 for m in scale}
        for condition in [st.as_relational(sym) for sym, st in self.sets] + list(self.relations):
            check_budget("deciding a region along a curve")
            on = condition.subs(substitution)
            if on in (true, false):
                if on == false:
                    return False
                continue
            if isinstance(on, Relational):
                difference = cancelled(on.lhs - on.rhs)
                reduced = cancelled(difference.subs(ones))
                if reduced == 0:  # the condition's two sides agree all along the curve
                    if on.rel_op in ("<=", ">=", "=="):
                        continue
                    return False
                ratio = cancelled(difference / reduced)
                if ratio.free_symbols - set(scale) or ratio.is_positive is not True:
                    return False  # not homogeneous in the scale: not decided here
                if reduced.free_symbols - {variable}:
                    return False
                # the sign of n/d is that of the polynomial n d where d has no root: solved as a polynomial
                numerator, denominator = fraction(together(reduced))
                try:
                    poles = solveset(denominator, variable, S.Reals)
                    if poles.intersect(interval) != S.EmptySet:
                        return False
                except (NotImplementedError, TypeError, ValueError):  # noqa: PERF203 - not proved
                    return False
                on = on.func(expand(numerator * denominator), 0)
            if on.free_symbols - {variable}:
                return False
            try:
                solved = solveset(on, variable, S.Reals)
            except (NotImplementedError, TypeError, ValueError):  # noqa: PERF203 - not proved
                return False
            if not isinstance(solved, Set) or interval.is_subset(solved) is not True:
                return False
        return True


def _inside(st):
    """A rational point of a univariate set (None if none is found)."""
    if st is S.Reals:
        return Integer(1)
    if isinstance(st, FiniteSet):
        return next(iter(st), None)
    if isinstance(st, Union):
        st = st.args[0]
    if isinstance(st, Interval):
        a, b = st.start, st.end
        if a.is_finite and b.is_finite:
            return _rational_near((a + b) / 2)
        if a.is_finite:
            return _rational_near(a) + 1
        if b.is_finite:
            return _rational_near(b) - 1
        return Integer(1)
    return None


def _rational_near(value) -> Rational:
    value = S(value)
    return value if value.is_Rational else Rational(round(float(value) * 10**6), 10**6)


def _relation(symbol, st):
    """``r >= 3`` rather than ``3 <= r`` for half-lines."""
    if isinstance(st, Interval) and st.end == oo and st.start.is_finite:
        return symbol > st.start if st.left_open else symbol >= st.start
    return st.as_relational(symbol)


def parameter_region(conditions, *, strict=(), time=_t, start=S.Zero) -> Region:
    r"""The parameters for which every ``c >= 0`` (and every ``c > 0`` in ``strict``) holds for all :math:`t \ge t_0`.

    Conditions in several parameters are normalised (factored, factors of known sign
    dropped), reduced to one monomial when they are homogeneous, solved for one parameter,
    and removed when the others imply them exactly (see the module docstring).

    Examples
    --------
    >>> from symflow.core import mu, L, s, t
    >>> parameter_region([1 - L * s]).contains({L: 4, s: 1})
    False
    >>> parameter_region([-t]).empty
    True
    >>> parameter_region([L * s * (2 - L * s), 1 + L * s - L**2 * s**2, (L - mu) / (L + mu)**2]).relations
    (mu <= L, s <= (1 + sqrt(5))/(2*L))
    """
    sets: dict = {}
    groups: dict = {}
    relations: list = []
    exact, impossible = True, False
    tau = Dummy("tau", positive=True)
    items = [(c, False) for c in conditions] + [(c, True) for c in strict]
    collected: list = []
    for condition, is_strict in items:
        check_budget("solving the parameter region")
        condition = cancelled(S(condition))
        if condition.has(time):
            # every t >= t0 (t = t0 + tau, tau > 0): the positivity of the time symbol is not used
            condition = cancelled(condition.subs(time, start + tau))
        if condition.is_positive or (not is_strict and _nonnegative_fraction(condition)):
            continue
        num, den = fraction(condition)
        sign, free_factors, tau_factors, den_factors = 1, [], [], []
        for part, is_den in ((num, False), (den, True)):
            coefficient, factors = _factor_list(part)
            if coefficient < 0:
                sign = -sign
            for f, k in factors:
                if k % 2 == 0:
                    if not (f.is_positive or _sign(f) is not None):
                        (den_factors if is_den or is_strict else []).append(f)
                    continue
                known = _sign(f)
                if known is not None:
                    sign *= known
                elif f.has(tau):
                    tau_factors.append(f)
                else:
                    free_factors.append(f)
                    if is_den:
                        den_factors.append(f)
        if condition == 0:
            if is_strict:
                impossible = True
            continue
        if not free_factors and not tau_factors:
            if sign < 0:
                impossible = True
            continue
        if tau_factors:
            # each factor in tau must keep the sign it needs; only one may carry the overall sign
            for i, f in enumerate(tau_factors):
                poly = _polynomial_in(((sign if i == 0 else 1) * f), tau)
                coefficients = poly.all_coeffs()
                # c(tau) >= 0 for every tau > 0 forces the constant (tau -> 0) and the leading (tau -> oo)
                # coefficients to be >= 0: the coefficient conditions are exact when those in between are
                # nonnegative (positive, for c > 0) whatever the parameters
                middle = coefficients[1:-1]
                if poly.degree() > 1 and not all(_sign(c) == 1 or (c == 0 and not is_strict) for c in middle):
                    exact = False
                if len(tau_factors) > 1 or free_factors:
                    exact = False
                for coefficient in coefficients:
                    if _sign(coefficient) == 1 or coefficient == 0:
                        continue
                    if _sign(coefficient) == -1:
                        impossible = True
                        continue
                    collected += _normalise(coefficient, False)
            if free_factors:
                collected += _normalise(Mul(*free_factors), is_strict,
                                        factored=(S.One, [(f, 1) for f in free_factors]))
            continue
        collected += _normalise(sign * Mul(*free_factors), is_strict,
                                factored=(S(sign), [(f, 1) for f in free_factors]))
        for f in den_factors:
            collected += _nonzero_items(f, irreducible=True)
    raw: dict = {}  # relation -> its polynomial form
    for item in collected:
        if item[0] == "false":
            impossible = True
        elif item[0] == "set":
            symbol, st = item[1], item[2]
            sets[symbol] = sets.get(symbol, _POSITIVE if symbol.is_positive else S.Reals) & st
        elif item[0] == "monomial":
            groups[item[1]] = groups.get(item[1], _POSITIVE) & item[2]
        else:
            raw.setdefault(item[1], item[2])
    relations = _relations(sets, groups, raw)
    for relation in relations:
        if relation in raw:
            _remember_items(relation, [("relation", relation, raw[relation])])
    if any(r is false for r in relations):
        impossible, relations = True, [r for r in relations if r is not false]
    return Region(tuple(sorted(sets.items(), key=lambda kv: str(kv[0]))), tuple(relations), exact,
                  impossible)


def _relations(sets: dict, groups: dict, raw: dict) -> list:
    """The relations of a region: conditions on monomials, then the others, minus those the rest imply."""
    units = {((x, 1),): st for x, st in sets.items() if x.is_positive and _pieces(st) is not None}
    kept = dict(sorted(groups.items(), key=lambda kv: str(_monomial(kv[0]))))
    forms = list(raw.values())
    premises = forms if forms and len(forms) <= 6 and all(f is not None for f in forms) else []
    for key in list(kept):
        check_budget("removing implied conditions from a parameter region")
        others = {**units, **{k: v for k, v in kept.items() if k != key}}
        negation = _POSITIVE - kept[key]
        if negation is S.EmptySet:
            del kept[key]
            continue
        if _pieces(negation) is None:
            continue
        merged = {**others}
        merged[key] = merged.get(key, _POSITIVE) & negation
        if ((_decide(merged, {})[0] is False or (premises and _decide_forms(merged, premises)[0] is False))
                and _sampled_point(merged, premises) is None):
            # the others and the negation of this condition are proved empty, and a search for a
            # point of them (a second route) finds none: the condition is implied
            del kept[key]
    rendered = []
    for key, st in kept.items():
        relations = _render(key, st)
        rendered.append(relations if relations is not None else [_union_relation(key, st)])
    out: list = []
    for relations in sorted(rendered, key=lambda rs: str(rs[0])):
        out += [r for r in relations if r not in out]
    units.update(kept)
    polynomial = {r: form for r, form in raw.items() if r not in out}
    for relation in list(polynomial):
        form = polynomial[relation]
        if form is None or len(polynomial) > 6:
            continue
        check_budget("removing implied conditions from a parameter region")
        others = [f for r, f in polynomial.items() if r != relation and f is not None]
        negated = others + _negation(form)
        if _decide_forms(units, negated)[0] is False and _sampled_point(units, negated) is None:
            del polynomial[relation]  # the rest and the negation are empty (and no point is found): implied
    return out + list(polynomial)


def _union_relation(key, st):
    """A union of intervals of a monomial, as one condition ``Or`` of solved relations."""
    parts = []
    for a, b, left_open, right_open in _pieces(st):
        if a == b:
            parts.append(And(*_render(key, FiniteSet(a))))
        else:
            parts.append(And(*_render(key, Interval(a, b, left_open, right_open))))
    return Or(*parts)


def _polynomial_in(expr, tau) -> Poly:
    """``expr`` as a polynomial in ``tau`` (or in ``u = tau**(1/q)`` for rational powers of ``tau``)."""
    try:
        return Poly(expr, tau)
    except PolynomialError:
        pass
    powers = [p for p in expr.atoms(Pow) if p.has(tau)]
    if powers and all(p.base == tau and p.exp.is_Rational for p in powers):
        q = 1
        for p in powers:
            q = q * p.exp.q // gcd(q, p.exp.q)
        u = Dummy("u", positive=True)
        try:
            return Poly(expand(expr.subs(tau, u ** q)), u)
        except PolynomialError:
            pass
    raise UnsupportedError(f"the condition {expr} >= 0 is not polynomial in t - t0")
