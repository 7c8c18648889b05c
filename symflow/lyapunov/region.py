r"""Parameter regions: where conditions :math:`c(t, \text{params}) \ge 0` hold for every :math:`t \ge t_0`.

A certificate produces conditions (multipliers :math:`\lambda_i \ge 0`, pivots
of the remainder :math:`d_k \ge 0`). :func:`parameter_region` factors each
condition, drops factors whose sign follows from the symbols' assumptions
(or from positive coefficients, :func:`prove_nonnegative`), turns the
dependence on :math:`t` into conditions on the coefficients of a polynomial in
:math:`\tau = t - t_0 \ge 0`, and solves what remains exactly: univariate
conditions with :func:`sympy.solvers.inequalities.solve_univariate_inequality`
(so :math:`(r-3)/(r-1) \ge 0` with :math:`r > 1` gives :math:`r \ge 3`),
others are kept as relations.

Examples
--------
>>> from symflow.core import r, t
>>> region = parameter_region([2 * t * (r - 3) / (r - 1)], strict=[r - 1])
>>> region.sets
((r, Interval(3, oo)),)
>>> region.as_boolean()
r >= 3
"""
from __future__ import annotations

from dataclasses import dataclass
from math import gcd

from sympy import (
    And,
    Dummy,
    Expr,
    FiniteSet,
    Integer,
    Interval,
    Mul,
    Poly,
    Pow,
    Rational,
    S,
    Set,
    Union,
    cancel,
    expand,
    factor,
    false,
    fraction,
    oo,
    solve_univariate_inequality,
    true,
)
from sympy.polys.polyerrors import PolynomialError

from ..core.errors import UnsupportedError
from ..core.limits import check_budget
from ..core.symbols import t as _t

__all__ = ["prove_nonnegative", "Region", "parameter_region"]


def _generators(expr) -> list:
    gens = set(expr.free_symbols)
    for p in expr.atoms(Pow):
        if p.exp.is_Rational and not p.exp.is_Integer:
            gens.add(p.base ** (1 / p.exp.q))
        elif not p.exp.is_Integer:
            gens.add(p)
    return sorted(gens, key=str)


def _positive_polynomial(expr) -> bool:
    """All coefficients positive, in generators that are positive."""
    if expr.is_Number:
        return bool(expr >= 0)
    gens = _generators(expr)
    if not all(g.is_positive for g in gens):
        return False
    try:
        poly = Poly(expr, *gens)
    except PolynomialError:
        return False
    coefficients = poly.coeffs()
    return all(c.is_Number and c >= 0 for c in coefficients)


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
    expr = cancel(S(expr))
    if (start != 0 or not time.is_positive) and expr.has(time):
        # t = t0 + tau with tau > 0: the sign of t itself is never taken from its symbol
        tau = Dummy("tau", positive=True)
        expr = cancel(expr.subs(time, start + tau))
    if expr.is_nonnegative:
        return True
    num, den = fraction(expr)
    return ((num.is_nonnegative or _positive_polynomial(num.expand()))
            and (den.is_positive or _positive_polynomial(den.expand())))


def _factor_list(expr) -> tuple:
    """``(number, [(factor, multiplicity), ...])`` of an expression (square roots allowed)."""
    coefficient, out = S.One, []
    for a in Mul.make_args(factor(expr)):
        if a.is_Number:
            coefficient *= a
        elif a.is_Pow and a.exp.is_Integer and a.exp > 0:
            out.append((a.base, int(a.exp)))
        else:
            out.append((a, 1))
    return coefficient, out


def _sign(f) -> int | None:
    if f.is_positive or _positive_polynomial(f.expand()):
        return 1
    if f.is_negative or _positive_polynomial((-f).expand()):
        return -1
    return None


@dataclass(frozen=True)
class Region:
    r"""A set of parameter values.

    Attributes
    ----------
    sets : tuple
        ``((symbol, Set), ...)``: exact univariate constraints.
    relations : tuple
        Other conditions (relations in several parameters) that must hold.
    exact : bool
        False when a condition in :math:`t` was replaced by a sufficient one
        (nonnegative coefficients of a polynomial of degree above one).
    impossible : bool
        True when a condition fails for every parameter value.
    """

    sets: tuple = ()
    relations: tuple = ()
    exact: bool = True
    impossible: bool = False

    @property
    def empty(self) -> bool:
        """True when no parameter value satisfies the region."""
        return self.impossible or any(st is S.EmptySet for _, st in self.sets)

    def as_boolean(self):
        """The region as a SymPy boolean (``True`` for every value)."""
        if self.empty:
            return false
        parts = [_relation(sym, st) for sym, st in self.sets
                 if not (sym.is_positive and st == Interval.open(0, oo))]
        parts += list(self.relations)
        return And(*parts) if parts else true

    def witness(self, parameters=()) -> dict | None:
        r"""An exact point of the region (rational values), or None when none was found.

        A point is proposed inside every univariate set and, for the symbols of the relations
        and ``parameters``, from a small grid of rationals; :meth:`contains` checks it exactly.
        A region is shown non-empty only by such a witness, never by sampling in floating point.

        Examples
        --------
        >>> from symflow.core import L, s, r
        >>> parameter_region([3 - r]).witness()
        {r: 3/2}
        >>> parameter_region([1 - L * s]).witness([L, s])
        {L: 1, s: 1}
        """
        if self.empty:
            return None
        chosen = {sym: _inside(st) for sym, st in self.sets}
        if any(v is None for v in chosen.values()):
            return None
        free = sorted((set(parameters) | set().union(*[S(r).free_symbols for r in self.relations]))
                      - set(chosen), key=str)
        grid = [Rational(1, 4), Rational(1, 2), Integer(1), Rational(3, 4), Integer(2), Rational(1, 10), Integer(4)]
        base = {**chosen, **{p: Integer(1) for p in free}}
        trials = [base] + [{**base, p: v} for p in free for v in grid]
        trials += [{**base, p: v, q: w} for i, p in enumerate(free) for q in free[i + 1:] for v in grid for w in grid]
        for point in trials:
            if self.contains(point) is True:
                return point
        return None

    def contains(self, values: dict) -> bool | None:
        """Whether the given parameter values are in the region (None if undecided)."""
        if self.empty:
            return False
        verdict = True
        for cond in [st.as_relational(sym) for sym, st in self.sets] + list(self.relations):
            value = cond.subs(values)
            if value == false:
                return False
            if value != true:
                verdict = None
        return verdict


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


def _univariate(condition, symbol, strict: bool) -> Set:
    domain = Interval.open(0, oo) if symbol.is_positive else S.Reals
    rel = condition > 0 if strict else condition >= 0
    try:
        return solve_univariate_inequality(rel, symbol, relational=False, domain=domain)
    except (NotImplementedError, PolynomialError, TypeError, ValueError) as exc:
        raise UnsupportedError(f"cannot solve {rel} for {symbol} exactly ({type(exc).__name__})") from None


def parameter_region(conditions, *, strict=(), time=_t, start=S.Zero) -> Region:
    r"""The parameters for which every ``c >= 0`` (and every ``c > 0`` in ``strict``) holds for all :math:`t \ge t_0`.

    Examples
    --------
    >>> from symflow.core import mu, L, s, t
    >>> parameter_region([1 - L * s]).contains({L: 4, s: 1})
    False
    >>> parameter_region([-t]).empty
    True
    """
    sets: dict = {}
    relations: list = []
    exact, impossible = True, False
    tau = Dummy("tau", positive=True)
    items = [(c, False) for c in conditions] + [(c, True) for c in strict]
    for condition, is_strict in items:
        check_budget("solving the parameter region")
        condition = cancel(S(condition))
        if condition.has(time):
            # every t >= t0 (t = t0 + tau, tau > 0): the positivity of the time symbol is not used
            condition = cancel(condition.subs(time, start + tau))
        if condition.is_positive or (not is_strict and prove_nonnegative(condition, time=time, start=start)):
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
                if poly.degree() > 1:
                    exact = False
                if len(tau_factors) > 1 or free_factors:
                    exact = False
                for coefficient in coefficients:
                    if _sign(coefficient) == 1 or coefficient == 0:
                        continue
                    if _sign(coefficient) == -1:
                        impossible = True
                        continue
                    _add_condition(coefficient, False, sets, relations)
            if free_factors:
                _add_condition(Mul(*free_factors), is_strict, sets, relations)
            continue
        product = sign * Mul(*free_factors)
        _add_condition(product, is_strict, sets, relations)
        for f in den_factors:
            _add_nonzero(f, sets)
    return Region(tuple(sorted(sets.items(), key=lambda kv: str(kv[0]))), tuple(relations), exact,
                  impossible)


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


def _add_nonzero(factor, sets):
    symbols = factor.free_symbols
    if len(symbols) != 1:
        return
    (symbol,) = symbols
    zeros = _univariate(factor ** 2, symbol, True)
    sets[symbol] = sets.get(symbol, Interval.open(0, oo) if symbol.is_positive else S.Reals) & zeros


def _add_condition(product, strict, sets, relations):
    symbols = product.free_symbols
    if not symbols:
        return
    if len(symbols) == 1:
        (symbol,) = symbols
        found = _univariate(product, symbol, strict)
        sets[symbol] = sets.get(symbol, Interval.open(0, oo) if symbol.is_positive else S.Reals) & found
        return
    relations.append(_linear_relation(product, strict))


def _linear_relation(product, strict):
    for symbol in sorted(product.free_symbols, key=str):
        try:
            poly = Poly(product, symbol)
        except PolynomialError:
            continue
        if poly.degree() != 1:
            continue
        a, b = poly.all_coeffs()
        known = _sign(a)
        if known is None:
            continue
        bound = cancel(-b / a)
        if known > 0:
            return symbol > bound if strict else symbol >= bound
        return symbol < bound if strict else symbol <= bound
    return product > 0 if strict else product >= 0
