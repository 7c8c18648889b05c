r"""Choosing the multipliers of a certificate: exact linear algebra, ranked by a numeric screen.

The unknown multipliers :math:`\lambda_i` enter linearly. Matching the
coefficients of :math:`f - f^\star` and of the Hessian forms gives linear
equations; a vanishing diagonal entry of the remainder :math:`Q(\lambda)`
forces its row to vanish (:func:`propagate`). Multipliers still free are fixed
by extra equations, taken in turn from ":math:`\lambda_i = 0`" and
":math:`Q_{ij} = 0`" (cancel a cross term), smallest sets first
(:func:`candidates`). When a free multiplier enters a principal minor
:math:`m(\lambda)` of :math:`Q` quadratically (or with a higher degree), the
semidefinite choices may sit at a tangency: a double root of :math:`m`, or its
maximum. Both are stationary points, :math:`\partial m/\partial\lambda = 0`
(linear for a quadratic minor), and :func:`tangency_equations` adds them to the
choices (``candidates(..., tangency=True)``). Each fully determined choice is exact; :func:`screen`
only *ranks* them by the fraction of random parameter values and times at
which every :math:`\lambda_i \ge 0` and :math:`Q \succeq 0` numerically. The
proof itself (pivots, region) is then done exactly on the chosen candidate.

Examples
--------
>>> from sympy import Matrix, symbols
>>> a, b = symbols("a b")
>>> values, Q = propagate([a - 1], [a, b], Matrix([[0, a - 1 + b], [a - 1 + b, 1]]))
>>> values[a], values[b]
(1, 0)
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
from sympy import QQ, Dummy, Matrix, Poly, Pow, Rational, S, cancel, count_ops, fraction, gcd, ilcm, lambdify, linsolve, roots
from sympy.polys.matrices import DomainMatrix
from sympy.polys.polyerrors import CoercionFailed, GeneratorsError, PolynomialError

from ..core.rational import polynomial_ring

__all__ = ["propagate", "candidates", "schur_equations", "tangency_equations", "screen", "TANGENCY_SIZE"]

#: the largest stationarity equation (in SymPy operations) that :func:`tangency_equations` proposes
TANGENCY_SIZE = 80


def propagate(equations, unknowns, Q: Matrix, *, constants=(), time=None):
    r"""Solve the linear equations, adding "row of a zero diagonal entry vanishes" until stable.

    ``constants`` are unknowns that may not depend on ``time`` (an energy's coefficients, where the
    multipliers are functions of time): a solution that makes one depend on time is replaced by the
    equations "every coefficient in time vanishes".

    Returns ``(values, Q(values))`` or None when inconsistent; values may still
    contain free unknowns.

    Examples
    --------
    >>> from sympy import Matrix, symbols
    >>> from symflow.core import t
    >>> a, b, lam = symbols("a b lam")
    >>> propagate([lam - 2 * t, lam - a * t - b], [lam, a, b], Matrix([[lam]]), constants=[a, b], time=t)[0]
    {lam: 2*t, a: 2, b: 0}
    """
    forward, back = _radical_free(list(equations) + list(Q))
    if forward:
        found = _propagate([S(e).xreplace(forward) for e in equations], unknowns, Q.xreplace(forward),
                           constants, time)
        if found is None:
            return None
        values, Qs = found
        return {u: S(v).xreplace(back) for u, v in values.items()}, Qs.xreplace(back)
    return _propagate(equations, unknowns, Q, constants, time)


#: one positive root symbol per (symbol, degree), the same in every call (so the fields below are reused)
_ROOTS: dict = {}


def _radical_free(exprs) -> tuple:
    r"""``(forward, back)``: each positive symbol :math:`p` under a fractional power as :math:`P^n`, and back.

    :math:`\sqrt\mu` and :math:`\mu` are two generators with a hidden relation for SymPy's linear solver,
    which then falls back to its slow expression domain; with :math:`\mu = P^2` everything is a rational
    function of :math:`P`. Only symbols with ``positive=True`` are rewritten, so the map is exact.
    """
    denominators: dict = {}
    for e in exprs:
        for power in S(e).atoms(Pow):
            base, exponent = power.base, power.exp
            if base.is_Symbol and base.is_positive is True and exponent.is_Rational and not exponent.is_Integer:
                denominators[base] = ilcm(denominators.get(base, 1), exponent.q)
    forward, back = {}, {}
    for base, n in denominators.items():
        root = _ROOTS.setdefault((base, n), Dummy(f"{base.name}_root", positive=True))
        forward[base] = root ** n
        back[root] = base ** Rational(1, n)
    return forward, back


def _propagate(equations, unknowns, Q, constants, time):
    try:
        return _propagate_in_field(equations, unknowns, Q, constants, time)
    except _OUTSIDE:
        return _propagate_expressions(equations, unknowns, Q, constants, time)


_OUTSIDE = (PolynomialError, CoercionFailed, ValueError, GeneratorsError)


class _Field:
    """One field of rational functions over QQ in the parameters and the unknowns, with cached conversions."""

    def __init__(self, names):
        # the generators in the order SymPy's cancel gives them (core.rational), so results are in its normal form
        self.domain = QQ.frac_field(*polynomial_ring(names).symbols)
        self.K = self.domain.field
        self.index = {g.as_expr(): i for i, g in enumerate(self.K.gens)}
        self.cache: dict = {}

    def element(self, expr):
        expr = S(expr)
        if expr not in self.cache:
            self.cache[expr] = self.K.from_expr(expr)
        return self.cache[expr]

    def linear(self, expr, unknowns):
        """``(coefficients of the unknowns, constant)`` of an affine expression, as field elements."""
        key = ("linear", S(expr), unknowns)
        if key not in self.cache:
            poly = Poly(expr, *unknowns)
            if poly.total_degree() > 1:
                raise PolynomialError("not affine in the unknowns")
            row = [self.K.zero] * (len(unknowns) + 1)
            for powers, coefficient in poly.terms():
                j = powers.index(1) if 1 in powers else len(unknowns)
                row[j] = self.K.from_expr(coefficient)
            self.cache[key] = row
        return self.cache[key]


#: one field per remainder, its unknowns and the symbols of its equations
_FIELDS: dict = {}


def _field_for(names) -> _Field:
    key = frozenset(names)
    if key not in _FIELDS:
        if len(_FIELDS) > 16:
            _FIELDS.clear()
        _FIELDS[key] = _Field(names)
    return _FIELDS[key]


def _propagate_in_field(equations, unknowns, Q, constants, time):
    """:func:`propagate` with the linear algebra in a field of rational functions (no expression-level cancel)."""
    unknowns = tuple(unknowns)
    names = set().union(*[S(e).free_symbols for e in list(equations) + list(Q)]) | set(unknowns)
    if time is not None:
        names.add(time)
    F = _field_for(names)
    K = F.K
    n = Q.shape[0]
    key = ("remainder", tuple(Q), unknowns)
    if key not in F.cache:
        F.cache[key] = [[(m, F.element(c)) for m, c in Poly(q, *unknowns).terms()] for q in Q]
    terms = F.cache[key]
    equations = list(equations)
    constant_set, others = set(constants), set(unknowns) - set(constants)
    for _ in range(len(unknowns) + n + 2 + 4 * len(constants)):
        rows = [F.linear(e, unknowns) for e in equations]
        values = _solve_rows(F, rows, unknowns)
        if values is None:
            return None
        pinned = _time_free_in_field(F, values, unknowns, constant_set, others, time)
        if pinned:
            equations += pinned
            continue
        entries = []
        for monomials in terms:
            total = K.zero
            for powers, coefficient in monomials:
                term = coefficient
                for u, e in zip(unknowns, powers):
                    if e:
                        term = term * values[u] ** e
                total += term
            entries.append(total)
        new = []
        for i in range(n):
            if entries[i * n + i] == 0:
                new += [Q[i, j] for j in range(n) if entries[i * n + j] != 0]
        if not new:
            return ({u: values[u].as_expr() for u in unknowns},
                    Matrix(n, n, [x.as_expr() for x in entries]))
        equations += new
    return None


def _solve_rows(F, rows, unknowns):
    """The general solution of the affine rows over the field: ``{unknown: element}``, free ones as themselves."""
    K = F.K
    m = len(unknowns)
    if not rows:
        return {u: K.from_expr(u) for u in unknowns}
    matrix, pivots = DomainMatrix([list(r) for r in rows], (len(rows), m + 1), F.domain).rref()
    if m in pivots:
        return None
    values = {u: K.from_expr(u) for u in unknowns}
    dense = matrix.to_dense().rep.to_ddm()
    for r, p in enumerate(pivots):
        row = dense[r]
        value = -row[m]
        for j in range(p + 1, m):
            if row[j] != 0 and j not in pivots:
                value -= row[j] * values[unknowns[j]]
        values[unknowns[p]] = value
    return values


def _time_free_in_field(F, values, unknowns, constants, others, time) -> list:
    """:func:`_time_free` for field elements: the coefficients in time of every constant's equation."""
    if time is None:
        return []
    out = []
    t_index = F.index[time]
    other_indices = {F.index[u] for u in others}
    for u in unknowns:
        if u not in constants:
            continue
        value = values[u]
        used = {i for part in (value.numer, value.denom) for monomial in part.monoms()
                for i, e in enumerate(monomial) if e}
        if t_index not in used and not used & other_indices:
            continue
        numerator = (F.element(u) - value).numer
        by_power: dict = {}
        for monomial, coefficient in numerator.terms():
            by_power.setdefault(monomial[t_index], []).append((monomial, coefficient))
        ring = numerator.ring
        for power, part in sorted(by_power.items()):
            poly = ring.from_dict({tuple(0 if i == t_index else e for i, e in enumerate(mon)): c for mon, c in part})
            if poly != 0:
                out.append(poly.as_expr())
    return out


def _propagate_expressions(equations, unknowns, Q, constants, time):
    equations = list(equations)
    for _ in range(len(unknowns) + Q.shape[0] + 2 + 4 * len(constants)):
        if equations:
            solutions = linsolve(equations, unknowns)
            if solutions == S.EmptySet:
                return None
            (values,) = [dict(zip(unknowns, sol)) for sol in solutions]
        else:
            values = dict(zip(unknowns, unknowns))
        pinned = _time_free(values, constants, unknowns, time)
        if pinned:
            equations += pinned
            continue
        Qs = Q.xreplace(values).applyfunc(cancel)
        new = []
        for i in range(Q.shape[0]):
            if Qs[i, i] == 0:
                new += [Q[i, j] for j in range(Q.shape[0]) if Qs[i, j] != 0]
        if not new:
            return {u: cancel(v) for u, v in values.items()}, Qs
        equations += new
    return None


def _time_free(values, constants, unknowns, time) -> list:
    """Equations making every constant unknown independent of time (empty when they already are)."""
    if time is None:
        return []
    out = []
    others = set(unknowns) - set(constants)
    for u in constants:
        value = cancel(values[u])
        if not value.has(time) and not (value.free_symbols & others):
            continue
        numerator = fraction(cancel(u - value))[0]
        try:
            coefficients = Poly(numerator, time).coeffs()
        except PolynomialError:
            continue
        out += [c for c in coefficients if c != 0]
    return out


def candidates(equations, unknowns, Q: Matrix, *, limit: int = 400, constants=(), time=None,
               tangency: bool = False):
    r"""Fully determined multiplier choices (deduplicated), fewest extra equations first.

    The extra equations are ":math:`\lambda_i = 0`" and ":math:`Q_{ij} = 0`". With ``tangency``, only
    the choices that use at least one equation of :func:`tangency_equations` (a double root or a
    maximum of a principal minor, for the unknowns left free by :func:`propagate`) are yielded: the
    choices a first pass without it has not seen.

    Examples
    --------
    >>> from sympy import Matrix, symbols
    >>> a, b = symbols("a b")
    >>> [v for v, _ in candidates([a + b - 2], [a, b], Matrix([[a, 0], [0, 1]]))]
    [{a: 0, b: 2}, {a: 2, b: 0}]

    A remainder that is semidefinite only where its determinant :math:`-(\lambda - 1)^2` has its
    double root, which no linear choice finds:

    >>> lam = symbols("lam")
    >>> [v for v, _ in candidates([], [lam], Matrix([[1, lam], [lam, 2 * lam - 1]]), tangency=True)]
    [{lam: 1}]
    """
    base = propagate(equations, unknowns, Q, constants=constants, time=time)
    if base is None:
        return
    values, Qs = base
    pool = [u for u in unknowns]
    n = Q.shape[0]
    pool += [Q[i, j] for i in range(n) for j in range(i + 1, n)
             if Qs[i, j] != 0 and Qs[i, j].free_symbols & set(unknowns)]
    free = set().union(*[S(v).free_symbols for v in values.values()]) & set(unknowns)
    touching = []
    if tangency:
        touching = [e for e in tangency_equations(Qs, free) if e not in pool]
        if not touching:
            return
        pool = touching + pool
    seen, tried = [], 0
    for size in range(1 if tangency else 0, len(free) + 1):
        for extra in combinations(pool, size):
            if tangency and not set(extra) & set(touching):
                continue
            tried += 1
            if tried > limit:
                return
            found = propagate(list(equations) + list(extra), unknowns, Q, constants=constants, time=time)
            if found is None:
                continue
            values, Qs = found
            if set().union(*[S(v).free_symbols for v in values.values()]) & set(unknowns):
                continue
            key = tuple(values[u] for u in unknowns)
            if key in seen:
                continue
            seen.append(key)
            yield values, Qs


def tangency_equations(Q: Matrix, unknowns, *, largest: int = 3) -> list:
    r"""Equations of the tangencies of the principal minors of ``Q`` in the ``unknowns``.

    For a principal minor :math:`m` (of size 2 up to ``largest``) in which an unknown :math:`\lambda`
    has degree at least 2, :math:`m \ge 0` may hold only where :math:`m` and :math:`\partial m/\partial
    \lambda` vanish together (a double root) or only near the maximum of :math:`m`: both are stationary
    points. The stationarity equations :math:`\partial m/\partial\lambda = 0` that are linear in the
    unknowns are returned (a quadratic minor gives one per unknown); for a minor of higher degree in a
    single unknown, the linear factors :math:`\lambda - r` of its common roots with :math:`\partial
    m/\partial\lambda` and of :math:`\partial m/\partial\lambda` itself when it is at most quadratic.
    The equations only *propose* values: the exact check of the remainder decides. An equation larger
    than :data:`TANGENCY_SIZE` operations is dropped (its remainder could not be checked in time).

    Examples
    --------
    >>> from sympy import Matrix, symbols
    >>> lam, mu = symbols("lam mu", positive=True)
    >>> tangency_equations(Matrix([[mu, lam], [lam, 2 * lam - mu]]), [lam])
    [-2*lam + 2*mu]
    >>> tangency_equations(Matrix([[1, 0], [0, lam]]), [lam])
    []
    """
    Q = Matrix(Q).applyfunc(cancel)
    unknowns = set(unknowns) & Q.free_symbols
    n = Q.shape[0]
    out = []
    for size in range(2, min(n, largest) + 1):
        for rows in combinations(range(n), size):
            block = Q.extract(list(rows), list(rows))
            if not block.free_symbols & unknowns:
                continue
            minor = fraction(cancel(block.det(method="berkowitz")))[0]
            gens = sorted(minor.free_symbols & unknowns, key=str)
            if not gens:
                continue
            try:
                poly = Poly(minor, *gens)
            except PolynomialError:
                continue
            for u in gens:
                if poly.degree(u) < 2:
                    continue
                slope = poly.diff(u)
                if slope.total_degree() <= 1:
                    out.append(slope.as_expr())
                elif len(gens) == 1:
                    out += _root_equations(poly, slope, u)
    unique = []
    for e in out:
        if count_ops(e) > TANGENCY_SIZE:
            continue  # a stationarity equation this large makes the exact check of its remainder intractable
        if e != 0 and not any(cancel(e / f).is_number for f in unique):
            unique.append(e)
    return unique


def _root_equations(poly, slope, u) -> list:
    """``u - r`` for the common roots of a univariate minor and its slope, and the roots of a quadratic slope,
    keeping only roots that bring no new radical (a nested root would make the exact check intractable)."""
    out = []
    known = _radicals(poly.as_expr())
    for p in (gcd(poly, slope), slope if slope.degree() <= 2 else None):
        if p is None or p.degree() < 1:
            continue
        found = roots(p, u)
        out += [u - r for r in found if r.is_real is not False and _radicals(r) <= known]
    return out


def _radicals(expr) -> set:
    """The powers with a non-integer exponent in ``expr`` (the square roots of the parameters, ...)."""
    return {p for p in S(expr).atoms(Pow) if not p.exp.is_Integer}


def schur_equations(Q: Matrix, unknowns) -> list:
    r"""Equations "the row of a vanishing pivot vanishes", one elimination step deeper than :func:`propagate`.

    :func:`propagate` clears the row of a diagonal entry of :math:`Q` that vanishes. A pivot can also
    vanish only after elimination (a rank-one part :math:`vv^\top` leaves a zero Schur complement);
    then that pivot's row of the Schur complement must vanish too. Gaussian elimination runs on pivots
    free of the unknowns (so that the equations stay linear in them); the numerators of the first
    such row, when linear in the unknowns, are returned (empty when there is none).

    Examples
    --------
    >>> from sympy import Matrix, symbols
    >>> a = symbols("a")
    >>> schur_equations(Matrix([[1, 2, 1], [2, 4, a], [1, a, 3]]), [a])
    [a - 2]
    """
    Q = Matrix(Q).applyfunc(cancel)
    unknowns = set(unknowns)
    active = list(range(Q.shape[0]))
    while active:
        active = [i for i in active if any(Q[i, j] != 0 for j in active)]
        for i in active:
            if Q[i, i] == 0:
                numerators = [fraction(cancel(Q[i, j]))[0] for j in active if Q[i, j] != 0]
                try:
                    linear = all(Poly(e, *unknowns).total_degree() <= 1 for e in numerators)
                except PolynomialError:
                    linear = False
                return numerators if linear and unknowns else []
        pivots = [i for i in active if not Q[i, i].free_symbols & unknowns]
        if not pivots:
            return []
        pivot = pivots[0]
        active.remove(pivot)
        for i in active:
            for j in active:
                Q[i, j] = cancel(Q[i, j] - Q[i, pivot] * Q[pivot, j] / Q[pivot, pivot])
    return []


def _samples(symbols, time, start, rng, count):
    points = []
    for _ in range(count):
        point = {x: float(np.exp(rng.uniform(np.log(1e-2), np.log(1e2)))) for x in symbols if x != time}
        points.append(point)
    return points


def screen(conditions, Q: Matrix, *, time, start, count: int = 16, seed: int = 0) -> float:
    r"""Fraction of random (parameters, times) at which all ``conditions >= 0`` and ``Q`` is PSD numerically.

    Only a ranking device: proofs never rely on it.

    Examples
    --------
    >>> from sympy import Matrix, symbols
    >>> from symflow.core import t
    >>> a = symbols("a", positive=True)
    >>> screen([a - 1], Matrix([[t]]), time=t, start=0) > 0.3
    True
    """
    exprs = list(conditions) + list(Q)
    symbols = sorted(set().union(*[S(e).free_symbols for e in exprs]) | set(S(start).free_symbols),
                     key=str)
    params = [x for x in symbols if x != time]
    f_cond = lambdify([time] + params, list(conditions) or [0], "numpy")
    f_q = lambdify([time] + params, Q, "numpy") if Q.shape[0] else None
    f_start = lambdify(params, start, "numpy")
    rng = np.random.default_rng(seed)
    good = 0
    points = _samples(params, time, start, rng, count)
    for point in points:
        values = [point[x] for x in params]
        t0 = float(f_start(*values))
        ok = True
        for dt in (1e-3, 0.3, 1.0, 3.0, 30.0):
            args = [t0 + dt] + values
            with np.errstate(all="ignore"):
                try:
                    c = np.array(f_cond(*args), dtype=float)
                    if np.any(~np.isfinite(c)) or np.any(c < -1e-9 * (1 + np.abs(c).max())):
                        ok = False
                        break
                    if f_q is not None:
                        q = np.array(f_q(*args), dtype=float)
                        if not np.all(np.isfinite(q)):
                            ok = False
                            break
                        if np.linalg.eigvalsh((q + q.T) / 2).min() < -1e-9 * (1 + np.abs(q).max()):
                            ok = False
                            break
                except (ZeroDivisionError, ValueError, TypeError):
                    ok = False
                    break
        good += ok
    return good / count
