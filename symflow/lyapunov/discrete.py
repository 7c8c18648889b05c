r"""Lyapunov claims in discrete time: the difference :math:`E_{k+1} - E_k` along a method, and its certificate.

The energy :math:`E_k` is a scalar in the iterates: values :math:`f(x_k) - f^\star`, inner products
and norms of :math:`x_{k+1} - x^\star`, :math:`x_k - x^\star`, :math:`x_{k-1} - x^\star`,
:math:`\nabla f(x_k)`, with coefficients that may depend on :math:`k` and on parameters. It may name
the method's state at step :math:`k` (:math:`x_k, \dots, x_{k-m}` for an :math:`(m+1)`-step method)
and the iterate :math:`x_{k+1}` the step computes, nothing else. Along the method,

1. :math:`E_{k+1}` is :math:`E_k` with every index shifted, and the newest iterate is replaced,
   wherever it stands as a vector, by the method's update — but every gradient and every function
   value keeps its own point: :math:`\nabla f(x_{k+1})` is a vector of its own and
   :math:`f(x_{k+1})` a scalar of its own, so the vectors stay dimension-free
   (:func:`difference_along`);
2. the function class is used through its interpolation inequalities between every ordered pair of
   the points the difference names (Taylor, Hendrickx, Glineur 2017, Thm 4; see
   :func:`interpolation_inequalities`);
3. a certificate is :math:`E_{k+1} - E_k + \rho E_k = -\sum_{ij}\lambda_{ij}s_{ij} - b^\top Qb`
   (or :math:`+\rho E_{k+1}`, ``rate_form="next"``) with multipliers :math:`\lambda_{ij} \ge 0` and
   :math:`Q \succeq 0` for every :math:`k \ge k_0` on an exact parameter region (:func:`certify_step`).

Numeric suggests, exact decides. The SDP at sample parameter values (:mod:`symflow.lyapunov.sdp`),
including values near the edge of the class (small :math:`\mu/L`), says which multipliers vanish;
the others are solved exactly from the function values. A multiplier the equations leave free is
*pinned*: its numeric feasible interval at the edge samples, in units of :math:`1` or of the rate
:math:`\rho`, must contain a common rational, and the simplest one is taken (a choice, checked
exactly like every other). The remainder is split by :math:`LDL^\top`; the region is where every
multiplier and every principal minor is nonnegative. Square roots of positive parameters
(:math:`\sqrt{\mu s}`) are computed with :math:`\mu = m^2`, :math:`s = \sigma^2`, so that every
coefficient is rational, and written back at the end. The multiplier candidates of continuous time
are the fallback.

Examples
--------
>>> from symflow.core import FValue, x_star, norm2, s, k, x
>>> from symflow.lyapunov import smooth_convex
>>> from symflow.methods import gradient_descent
>>> energy = k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2
>>> cert = certify_step(energy, gradient_descent(), smooth_convex())
>>> cert.status, cert.identity()
('proved', 0)
>>> from sympy import Rational, sqrt
>>> from symflow.core import L
>>> [cert.region.contains({s: h, L: 1}) for h in (Rational(1, 2), 1, (1 + sqrt(5)) / 2, 2)]
[True, True, True, False]
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from itertools import combinations, permutations

import numpy as np

from sympy import (
    QQ,
    Add,
    Dummy,
    Eq,
    Expr,
    FiniteSet,
    Integer,
    Interval,
    Le,
    Matrix,
    Mul,
    Pow,
    Rational,
    S,
    Symbol,
    Union,
    expand,
    factor_list,
    fraction,
    gcd,
    lambdify,
    oo,
    sqrt,
)
from sympy.core.relational import Relational
from sympy.polys.matrices import DomainMatrix
from sympy.polys.polyerrors import CoercionFailed, GeneratorsError, PolificationFailed

from ..core.derivation import Status, Step
from ..core.errors import NotSemidefinite, SymflowError, UnsupportedError
from ..core.limits import check_budget
from ..core.model import Method
from ..core.printing import text
from ..core.rational import FractionSum, cancelled, denominator_factors, fraction_parts, product_parts, term_parts
from ..core.rational import factored as factored_
from ..core.readable import by_coordinate
from ..core.symbols import AppliedVector, k, sequence_shift, vector_function, x0, x_star
from ..core.vectors import (
    FValue,
    Inner,
    NablaF,
    inner,
    is_vector_atom,
    linearize,
    norm2,
    vector_coefficients,
)
from ..recurrence.elimination import eliminate_auxiliary
from .certificate import SumOfSquares
from .function_classes import FunctionClass, Inequality
from .multipliers import candidates, propagate, screen
from .psd import gram_squares
from .region import Region, parameter_region, prove_nonnegative
from .sdp import Condition, NumericCondition, sample_points, solve_conditions, vanishing_at
from .verification import class_words, rate_words, region_words

__all__ = ["RATE_FORMS", "PointForm", "StepCertificate", "certify_step", "check_energy", "difference_along",
           "point_names",
           "interpolation_inequalities", "point_form"]

#: where the rate multiplies the energy: :math:`\rho E_k` ("current") or :math:`\rho E_{k+1}` ("next")
RATE_FORMS = ("current", "next")

# -------------------------------------------------------------------------------------------------
# Gram coordinates over several points
@dataclass(frozen=True)
class PointForm:
    r"""A scalar in Gram coordinates over several points: :math:`\sum_p v_p (f(p) - f^\star) + b^\top M b`.

    Attributes
    ----------
    values : dict
        ``{point: coefficient of f(point) - f*}``.
    basis : tuple
        The vectors :math:`b_i`: :math:`x_{k+j} - x^\star` for every iterate, then the gradients.
    matrix : Matrix
        Symmetric :math:`M`.
    """

    values: dict
    basis: tuple
    matrix: Matrix

    def in_basis(self, basis: tuple) -> PointForm:
        """The same form over a larger basis (new rows and columns are zero)."""
        index = [basis.index(b) for b in self.basis]
        M = Matrix.zeros(len(basis), len(basis))
        for a, i in enumerate(index):
            for b, j in enumerate(index):
                M[i, j] = self.matrix[a, b]
        return PointForm(dict(self.values), tuple(basis), M)

    def expression(self) -> Expr:
        """The scalar again, in Gram coordinates."""
        n = len(self.basis)
        gram = Add(*[self.matrix[i, j] * inner(self.basis[i], self.basis[j]) for i in range(n) for j in range(n)])
        return expand(Add(*[c * (FValue(p) - FValue(x_star)) for p, c in self.values.items()]) + gram)


def _coordinate(term):
    factors = [f for f in Mul.make_args(term) if f.has(Inner, FValue)]
    if len(factors) != 1 or not isinstance(factors[0], (Inner, FValue)):
        raise UnsupportedError(f"the term {term} is not linear in the Gram coordinates")
    return term / factors[0], factors[0]


def _is_iterate(atom) -> bool:
    return isinstance(atom, AppliedVector)


def _parts(K, expr) -> tuple:
    r"""``(numerator, {factor: exponent})`` of ``expr`` in the polynomial ring of the field ``K``, not reduced (the
    caller adds such parts in a :class:`~symflow.core.rational.FractionSum`). Raises ``CoercionFailed`` when ``expr`` is not in ``K``."""
    ring = K.field.ring
    expr = S(expr)
    if not isinstance(expr, Add):
        parts = term_parts(expr, ring)   # the denominator factored base by base
        if parts is None:
            raise CoercionFailed(f"{expr} is not in {K}")
        return parts
    num, den = expr.as_numer_denom()
    try:
        return fraction_parts(ring, ring.from_expr(num), ring.from_expr(den))
    except ValueError as exc:
        raise CoercionFailed(str(exc)) from None


def _gram_matrix(pairs: dict, coords, n: int) -> Matrix:
    """The symmetric matrix of ``sum c_uv <u, v>`` in the coordinates ``coords``, summed exactly.

    The coefficients are added in the field of rational functions of their symbols (fast and exact);
    a coefficient outside it (a square root, a function) sends the sum to ``cancel``.
    """
    gens = sorted(set().union(*[S(c).free_symbols for c in pairs.values()]), key=str)
    try:
        if not gens:
            raise CoercionFailed("no symbols")  # numbers: summed exactly below
        K = QQ.frac_field(*gens)
        ring = K.field.ring
        # term by term, grouped by denominator: a sum of fractions is never brought to one denominator as an
        # expression, and reduced once per distinct denominator (the same canonical elements of K)
        entries = [[FractionSum(ring) for _ in range(n)] for _ in range(n)]
        for (u, v), c in pairs.items():
            terms = [_parts(K, term) for term in Add.make_args(S(c))]
            cu, cv = coords(u), coords(v)
            for i in range(n):
                for j in range(n):
                    w = cu[i] * cv[j] + cv[i] * cu[j]
                    if w:
                        w = QQ.convert(Rational(w, 2))
                        for num, den in terms:
                            entries[i][j].add(num.mul_ground(w), den)
        return Matrix(n, n, [K.to_sympy(e.value(K)) for row in entries for e in row])
    except (CoercionFailed, GeneratorsError, PolificationFailed, NotImplementedError, ValueError):
        M = Matrix.zeros(n, n)
        for (u, v), c in pairs.items():
            M += c * (coords(u) * coords(v).T + coords(v) * coords(u).T) / 2
        return M.applyfunc(cancelled)


def point_form(expr: Expr, *, minimizer: Expr = x_star) -> PointForm:
    r"""Split a scalar into values at points and a Gram form in :math:`x_{k+j} - x^\star` and gradients.

    :math:`\nabla f(x^\star) = 0` is used, and the scalar must not depend on :math:`x^\star` otherwise.

    Examples
    --------
    >>> from symflow.core import x, k
    >>> form = point_form(Inner(x(k), x(k)) - 2 * Inner(x(k), x_star) + Inner(x_star, x_star))
    >>> form.basis, form.matrix
    ((-x^star + x(k),), Matrix([[1]]))
    """
    expr = expand(linearize(S(expr)))
    values: dict = {}
    pairs: dict = {}
    fstar = Integer(0)
    for term in Add.make_args(expr):
        if term == 0:
            continue
        coefficient, coordinate = _coordinate(term)
        if isinstance(coordinate, FValue):
            point = coordinate.args[0]
            if point == minimizer:
                fstar += coefficient
            else:
                values[point] = values.get(point, Integer(0)) + coefficient
            continue
        u, v = coordinate.args
        if NablaF(minimizer) in (u, v):
            continue
        pairs[(u, v)] = pairs.get((u, v), Integer(0)) + coefficient
    if cancelled(fstar + Add(*values.values())) != 0:
        raise UnsupportedError("function values must occur as differences f(x_k) - f*")
    atoms = {a for pair in pairs for a in pair}
    for a in atoms:
        if not is_vector_atom(a):
            raise UnsupportedError(f"{a} is not a vector of the Gram coordinates")
    iterates = sorted((a for a in atoms if _is_iterate(a)), key=str)
    others = sorted((a for a in atoms if not _is_iterate(a) and a != minimizer), key=str)
    basis = [a - minimizer for a in iterates] + others
    extended = basis + [minimizer]
    n = len(extended)

    def coords(a):
        vec = [Integer(0)] * n
        if a == minimizer:
            vec[-1] = Integer(1)
        elif _is_iterate(a):
            vec[iterates.index(a)], vec[-1] = Integer(1), Integer(1)
        else:
            vec[len(iterates) + others.index(a)] = Integer(1)
        return Matrix(vec)

    M = _gram_matrix(pairs, coords, n)
    if any(M[-1, j] != 0 for j in range(n)):
        raise UnsupportedError("the scalar depends on x* other than through x_k - x* and f*")
    values = {p: cancelled(c) for p, c in values.items()}
    return PointForm({p: c for p, c in values.items() if c != 0}, tuple(basis), M[:n - 1, :n - 1])


# -------------------------------------------------------------------------------------------------
def _shift(expr: Expr, index=k) -> Expr:
    return S(expr).subs(index, index + 1)


def substitute_iterates(expr: Expr, rule: dict) -> Expr:
    """Substitute iterates where they stand as vectors; gradients and values keep their points."""
    expr = S(expr)
    if isinstance(expr, Inner):
        return inner(*(substitute_iterates(a, rule) for a in expr.args))
    if isinstance(expr, (NablaF, FValue)):
        return expr
    if expr in rule:
        return rule[expr]
    if not expr.args:
        return expr
    return expr.func(*[substitute_iterates(a, rule) for a in expr.args])


def _terms(expr: Expr, name: str) -> set:
    return {a for a in S(expr).atoms(AppliedVector) if a.func.__name__ == name}


def check_energy(energy: Expr, method: Method, *, index=k) -> tuple:
    r"""``(lowest, highest)``: the shifts of the primary sequence the energy :math:`E_k` names, checked.

    :math:`E_k` may name the state of the method at step :math:`k` — :math:`x_k, \dots, x_{k-m}` when
    the recurrence reaches back to :math:`x_{k-m}` — and :math:`x_{k+1}`, which the step computes; no
    other sequence and no fixed index.

    Raises
    ------
    UnsupportedError
        For an iterate the method does not have at step :math:`k` (the message names it), an
        auxiliary sequence, or a sequence the method does not compute.

    Examples
    --------
    >>> from symflow.core import x, norm2, NablaF, k
    >>> from symflow.methods import gradient_descent, heavy_ball
    >>> check_energy(norm2(x(k + 1) - x(k)), heavy_ball())
    (0, 1)
    >>> check_energy(norm2(NablaF(x(k - 1))), gradient_descent())
    Traceback (most recent call last):
    ...
    symflow.core.errors.UnsupportedError: the energy names x(k - 1), which method 'gradient-descent' does not have at step k: E_k may name x[k+1] (what the step computes) and x[k] (its state)
    """
    recurrence = eliminate_auxiliary(method)
    name = recurrence.sequence
    lowest = min(sequence_shift(a, index) for a in recurrence.terms)
    allowed = [f"{name}[k{j:+d}]" if j else f"{name}[k]" for j in range(1, lowest - 1, -1)]
    shown = f"{allowed[0]} (what the step computes) and {', '.join(allowed[1:])} (its state)"
    shifts = []
    for atom in sorted(S(energy).atoms(AppliedVector), key=str):
        other = atom.func.__name__
        if other != name:
            if other in method.sequences:
                raise UnsupportedError(f"the energy names {atom} of the auxiliary sequence {other} of method "
                                       f"{method.name!r}: write it in the method's primary sequence {name}")
            raise UnsupportedError(f"the energy names {atom}, but method {method.name!r} computes no sequence "
                                   f"{other} (its sequences: {', '.join(method.sequences)})")
        if not atom.args[0].has(index):
            raise UnsupportedError(f"the energy names {atom} at a fixed index: E_k names iterates relative to "
                                   f"k, such as {name}[k]")
        j = sequence_shift(atom, index)
        if not lowest <= j <= 1:
            raise UnsupportedError(f"the energy names {atom}, which method {method.name!r} does not have at "
                                   f"step k: E_k may name {shown}")
        shifts.append(j)
    return (min(shifts), max(shifts)) if shifts else (0, 0)


@dataclass(frozen=True)
class StepAlong:
    """The data of a step: the newest iterate, its update, :math:`E_{k+1}`, the difference, the points."""

    newest: Expr
    update: Expr
    following: Expr
    difference: Expr
    points: frozenset


def step_along(energy: Expr, method: Method, index=k) -> StepAlong:
    r"""One step of ``method`` applied to :math:`E_k`: the newest iterate, its update, :math:`E_{k+1}`, the
    difference and its points (:func:`difference_along` returns the last two)."""
    _, highest = check_energy(energy, method, index=index)
    recurrence = eliminate_auxiliary(method)
    newest = recurrence.sequence_function(index + highest + 1)
    update = explicit_update(recurrence.expression.subs(index, index + highest), newest)
    following = expand(substitute_iterates(_shift(energy, index), {newest: update}))
    difference = expand(following - S(energy))
    points = {x_star}
    for atom in difference.atoms(FValue, NablaF) | update.atoms(NablaF):
        points.add(atom.args[0] if isinstance(atom, FValue) else atom.point)
    return StepAlong(newest, update, following, difference, frozenset(points))


def difference_along(energy: Expr, method: Method, *, index=k) -> tuple:
    r"""``(difference, points)``: :math:`E_{k+1} - E_k` along ``method``, and the points it names.

    The method is first written as one explicit recurrence :math:`x_{k+1} = \Phi` in its primary
    sequence (auxiliary sequences eliminated). The newest iterate of :math:`E_{k+1}` —
    :math:`x_{k+1}`, or :math:`x_{k+2}` when :math:`E_k` names :math:`x_{k+1}` — is replaced by the
    update wherever it is a vector, never inside :math:`\nabla f(\cdot)` or :math:`f(\cdot)`.

    Examples
    --------
    >>> from symflow.core import x, k, s, norm2
    >>> from symflow.methods import gradient_descent
    >>> d, points = difference_along(norm2(x(k) - x_star) / 2, gradient_descent())
    >>> sorted(str(p) for p in points)
    ['x(k)', 'x^star']
    """
    step = step_along(energy, method, index)
    return step.difference, set(step.points)


def explicit_update(expression: Expr, newest) -> Expr:
    r"""The newest iterate solved from the recurrence ``expression = 0`` (refused when it cannot be).

    A gradient at the newest iterate (an implicit scheme such as :math:`x_{k+1} = x_k - s\nabla f(x_{k+1})`)
    is no obstacle: in Gram coordinates :math:`\nabla f(x_{k+1})` is a vector of its own, so the update is
    explicit in it. The newest iterate must enter linearly and nowhere else.

    Examples
    --------
    >>> from symflow.core import x, k, s, NablaF
    >>> explicit_update(x(k + 1) - x(k) + s * NablaF(x(k + 1)), x(k + 1))
    -s*NablaF(x(k + 1)) + x(k)
    """
    coefficients = vector_coefficients(expression)
    lead = coefficients.pop(newest, 0)
    if lead == 0 or lead.has(newest) or any(newest in a.atoms(AppliedVector) for a in coefficients
                                            if not isinstance(a, NablaF)):
        raise UnsupportedError(f"the method is implicit in {newest}: discrete certificates need an explicit step")
    return Add(*[-c / lead * a for a, c in coefficients.items()])


# -------------------------------------------------------------------------------------------------
# square roots of positive parameters: mu = m**2, s = sigma**2 while computing
def square_roots(exprs) -> dict:
    """``{p: m}`` for every positive symbol ``p`` under a square root, with ``m`` positive and ``p = m**2``."""
    found = set()
    for expr in exprs:
        for power in S(expr).atoms(Pow):
            base, exponent = power.base, power.exp
            if base.is_Symbol and base.is_positive and exponent.is_Rational and exponent.q == 2:
                found.add(base)
    return {p: Dummy(f"sqrt_{p}", positive=True) for p in sorted(found, key=str)}


def _square(st):
    """The image of a set of positive roots under squaring (or None)."""
    if isinstance(st, Interval) and st.start >= 0:
        return Interval(st.start ** 2, st.end ** 2 if st.end != oo else oo, st.left_open, st.right_open)
    if isinstance(st, Union):
        parts = [_square(a) for a in st.args]
        return None if any(p is None for p in parts) else Union(*parts)
    if isinstance(st, FiniteSet):
        return FiniteSet(*[a ** 2 for a in st])
    return None


@dataclass(frozen=True)
class _RootedRegion(Region):
    r"""A region found in the square roots :math:`m = \sqrt p` of positive parameters, written in :math:`p`.

    Its conditions read in :math:`p` (``contains``, ``as_boolean``); its decisions — emptiness and an
    exact point — are those of the region in the roots, where every condition is polynomial.
    """

    rooted: Region = None
    roots: tuple = ()

    @property
    def is_empty(self) -> bool | None:
        return self.rooted.is_empty

    def witness(self, parameters=()) -> dict | None:
        named = dict(self.roots)
        back = {m: p for p, m in self.roots}
        point = self.rooted.witness([named.get(p, p) for p in parameters])
        if point is None:
            return None
        return dict(sorted(((back.get(q, q), v ** 2 if q in back else v) for q, v in point.items()),
                           key=lambda kv: str(kv[0])))


def _region_back(region: Region, roots: dict) -> Region:
    r"""A region in the roots :math:`m = \sqrt p`, written in the parameters :math:`p`."""
    if not roots:
        return region
    back = {m: sqrt(p) for p, m in roots.items()}
    named = {m: p for p, m in roots.items()}
    sets, relations = [], []
    for symbol, st in region.sets:
        if symbol in named:
            image = _square(st)
            if image is None:
                relations.append(st.as_relational(back[symbol]))
            else:
                sets.append((named[symbol], image))
        else:
            sets.append((symbol, st))
    # a relation written back is not decided again (it was not decided in the roots either)
    relations += [r.func(r.lhs.xreplace(back), r.rhs.xreplace(back), evaluate=False) if isinstance(r, Relational)
                  else r.xreplace(back) for r in region.relations]
    return _RootedRegion(tuple(sets), tuple(relations), region.exact, region.impossible, rooted=region,
                         roots=tuple(roots.items()))


# -------------------------------------------------------------------------------------------------
# -------------------------------------------------------------------------------------------------
def point_names(points, method: Method) -> dict:
    r"""``{point: name}`` for the points of a step that are iterates of an auxiliary sequence, e.g. :math:`y_k`.

    After the auxiliary sequences are eliminated a gradient point such as Nesterov's
    :math:`y_k = x_k + \frac{k-1}{k+r-1}(x_k - x_{k-1})` is a combination of iterates; it is named by the
    method's update that defines it (at the same or a neighbouring index), so documents read
    :math:`\nabla f(y_k)`. Points that are no such update keep their expression.

    Examples
    --------
    >>> from symflow.core import x, k, r
    >>> from symflow.methods import nesterov
    >>> y = x(k) + (k - 1) * (x(k) - x(k - 1)) / (k + r - 1)
    >>> point_names([x(k), expand(y)], nesterov(r))[expand(y)]
    'y(k)'
    """
    primary = method.sequences[0]
    definitions = [u for u in method.updates if u.lhs.func.__name__ != primary
                   and not any(a.func.__name__ != primary for a in S(u.rhs).atoms(AppliedVector))]
    names = {}
    for point in points:
        if isinstance(point, AppliedVector) or point == x_star:
            continue
        for update in definitions:
            for shift in (0, -1, 1):
                if cancelled(expand(linearize(point - S(update.rhs).subs(k, k + shift)))) == 0:
                    names[point] = str(update.lhs.subs(k, k + shift))
                    break
            if point in names:
                break
    return names


def interpolation_inequalities(points, function_class: FunctionClass, *, positions: dict | None = None,
                               names: dict | None = None) -> list:
    r"""The inequalities of Taylor, Hendrickx, Glineur (2017, Thm 4) between every ordered pair of points.

    For :math:`f \in \mathcal S_{\mu,L}` and points :math:`x_i, x_j` with gradients :math:`g_i, g_j`:
    :math:`f_i \ge f_j + \langle g_j, x_i - x_j\rangle + \frac{1}{2(1 - \mu/L)}\bigl(\tfrac1L\|g_i - g_j\|^2
    + \mu\|x_i - x_j\|^2 - \tfrac{2\mu}{L}\langle g_j - g_i, x_j - x_i\rangle\bigr)`;
    :math:`L = \infty` gives (strong) convexity. ``positions`` maps a point to the vector expression
    it stands for (the newest iterate to the method's update); :math:`\nabla f(x^\star) = 0`. ``names``
    gives the display name of a point (:func:`point_names`).

    Examples
    --------
    >>> from symflow.core import x, k, L
    >>> from symflow.lyapunov import smooth_convex
    >>> [q.name for q in interpolation_inequalities([x(k), x_star], smooth_convex(L))]
    ['interpolation (x(k), x^star)', 'interpolation (x^star, x(k))']
    """
    mu, L = function_class.mu, function_class.L
    positions = dict(positions or {})
    names = names or {}
    out = []
    for pi, pj in permutations(sorted(points, key=str), 2):
        xi, xj = positions.get(pi, pi), positions.get(pj, pj)
        gi = Integer(0) if pi == x_star else NablaF(pi)
        gj = Integer(0) if pj == x_star else NablaF(pj)
        e, g = xi - xj, gi - gj
        if L == oo:
            bracket = mu * norm2(e) / 2
        else:
            bracket = (norm2(g) / L + mu * norm2(e) - 2 * mu / L * inner(g, e)) / (2 * (1 - mu / L))
        slack = FValue(pi) - FValue(pj) - inner(gj, e) - bracket
        out.append(Inequality(f"interpolation ({names.get(pi, pi)}, {names.get(pj, pj)})", expand(linearize(slack))))
    return out


# -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepCertificate:
    r"""The outcome of :func:`certify_step`: :math:`E_{k+1} - E_k + \rho E = -\sum\lambda_i s_i - b^\top Q b`.

    :math:`E` is :math:`E_k` (``rate_form`` "current") or :math:`E_{k+1}` along the method (``following``,
    ``rate_form`` "next").
    """

    energy: Expr
    method: Method
    function_class: FunctionClass
    rate: Expr
    difference: Expr
    multipliers: tuple = ()
    basis: tuple = ()
    remainder: Matrix = field(default_factory=lambda: Matrix())
    pivots: tuple = ()
    rows: tuple = ()
    region: Region = field(default_factory=Region)
    status: Status = Status.UNKNOWN
    reason: str = ""
    steps: tuple = ()
    weight: Expr = S.Zero
    bound: Expr = None
    rate_form: str = "current"
    following: Expr = S.Zero
    decrease: Expr = S.Zero

    def norm_bound(self, vector: Expr) -> Expr | None:
        r"""The largest :math:`c_k` with :math:`E_{k+1} - E_k + \rho E + D_k \le -c_k\|v\|^2`, read off the remainder.

        The difference is :math:`-\sum\lambda_i s_i - b^\top Qb \le -b^\top Qb`, and
        :math:`b^\top Qb \ge c\|v\|^2` for the Schur complement :math:`c = Q_{vv} - Q_{vR}Q_{RR}^{-1}Q_{Rv}`
        of the rest :math:`R` of the basis (as :meth:`symflow.lyapunov.Certificate.norm_bound` in continuous
        time). None when the certificate is not proved, :math:`v` is not in the basis, or :math:`Q_{RR}` is
        singular.

        Examples
        --------
        >>> from symflow.core import FValue, NablaF, x, x_star, k, s, norm2
        >>> from symflow.lyapunov import smooth_convex
        >>> from symflow.methods import gradient_descent
        >>> cert = certify_step(k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2,
        ...                     gradient_descent(), smooth_convex())
        >>> cert.norm_bound(NablaF(x(k)))
        -s*(L**2*k*s**2 + L**2*s**2 - 2*L*k*s - L*s - 1)/(2*L)
        """
        if self.status != Status.PROVED or vector not in self.basis:
            return None
        roots = square_roots(list(self.remainder))
        square = {p: m ** 2 for p, m in roots.items()}
        back = {m: sqrt(p) for p, m in roots.items()}
        Q = self.remainder.xreplace(square)
        j = self.basis.index(vector)
        rest = [i for i in range(Q.shape[0]) if i != j and any(Q[i, m] != 0 for m in range(Q.shape[0]))]
        K, _ = _field_matrix(Q)
        if not rest or all(cancelled(Q[j, i]) == 0 for i in rest):
            return factored_(cancelled(Q[j, j]).xreplace(back))
        sub = DomainMatrix.from_Matrix(Q.extract(rest, rest)).convert_to(K)
        denominator = sub.det()
        if K.is_zero(denominator):
            return None
        whole = DomainMatrix.from_Matrix(Q.extract(rest + [j], rest + [j])).convert_to(K).det()
        return factored_(K.to_sympy(K.quo(whole, denominator)).xreplace(back))

    @property
    def rated(self) -> Expr:
        r"""The energy the rate multiplies: :math:`E_k`, or :math:`E_{k+1}` along the method."""
        return self.following if self.rate_form == "next" else self.energy

    @cached_property
    def display(self) -> Eq:
        r"""The certified identity, for documents (computed once: every document of the entry shows it)."""
        lhs = Symbol("E_(k+1) - E_k") + self.rate * Symbol("E_(k+1)" if self.rate_form == "next" else "E_k")
        lhs += self.decrease
        if self.status != Status.PROVED:
            return Eq(lhs, self.difference + self.rate * self.rated + self.decrease)
        # multipliers and pivots are stored factored (certify_step factors them once)
        parts = [-m * q.slack for q, m in self.multipliers if m != 0]
        for d, row in zip(self.pivots, self.rows):
            parts.append(-d * SumOfSquares(Add(*[factored_(row[0, j]) * self.basis[j]
                                                          for j in range(len(self.basis))])))
        return Eq(lhs, Add(*parts), evaluate=False)

    def identity(self) -> Expr:
        r""":math:`E_{k+1} - E_k + \rho E + D_k + \sum\lambda_i s_i + \sum_k d_k\|\ell_k\|^2`, expanded: 0 if valid.

        It is compared in Gram coordinates: the values and the matrix of the scalar (with square roots of
        positive parameters written :math:`p = m^2`, a bijection of the positive reals) against the
        matrix :math:`\sum_k d_k \ell_k^\top \ell_k` of the remainder.
        """
        # each piece is a scalar times an expression in Gram coordinates: the expression is split once and
        # scaled in the field of rational functions (linearity of the Gram coordinates)
        scaled = [(S.One, self.difference), (self.rate, self.rated), (S.One, self.decrease)]
        scaled += [(m, q.slack) for q, m in self.multipliers if m != 0]
        scaled = [(S(c), S(e)) for c, e in scaled if S(c) != 0 and S(e) != 0]
        pieces = [c * e for c, e in scaled]
        roots = square_roots([*pieces, *self.pivots, *self.rows])
        square = {p: m ** 2 for p, m in roots.items()}
        back = {m: sqrt(p) for p, m in roots.items()}
        forms = [point_form(e.xreplace(square)) for _, e in scaled]
        if not set().union(*[f.basis for f in forms]) <= set(self.basis):
            total = Add(*pieces) + gram_squares(self.pivots, self.rows, self.basis)
            return point_form(S(total).xreplace(square)).expression().xreplace(back)
        n = len(self.basis)
        parts = [f.in_basis(self.basis) for f in forms]
        scales = [c.xreplace(square) for c, _ in scaled]
        pivots = [S(d).xreplace(square) for d in self.pivots]
        rows = [row.xreplace(square) for row in self.rows]
        exprs = [e for f in parts for e in list(f.matrix) + list(f.values.values())] + pivots + scales
        exprs += [e for row in rows for e in row]
        gens = sorted(set().union(*[S(e).free_symbols for e in exprs]), key=str)
        try:
            if not gens:
                raise CoercionFailed("no symbols")
            # every product and sum in the polynomial ring, grouped by denominator (no gcd); zero is decided
            # over the lcm of the factored denominators, the residual (when not zero) reduced in the field
            K = QQ.frac_field(*gens)
            ring = K.field.ring
            matrix = [[FractionSum(ring) for _ in range(n)] for _ in range(n)]
            values: dict = {}
            for c, f in zip(scales, parts):
                c = _parts(K, c)
                for i in range(n):
                    for j in range(n):
                        if f.matrix[i, j] != 0:
                            matrix[i][j].add(*product_parts(c, _parts(K, f.matrix[i, j])))
                for p, v in f.values.items():
                    values.setdefault(p, FractionSum(ring)).add(*product_parts(c, _parts(K, v)))
            for d, row in zip(pivots, rows):
                d, entries = _parts(K, d), [_parts(K, e) for e in row]
                for i in range(n):
                    for j in range(n):
                        if entries[i][0] and entries[j][0]:
                            matrix[i][j].add(*product_parts(d, entries[i], entries[j]))
        except (CoercionFailed, GeneratorsError, PolificationFailed, NotImplementedError, ValueError):
            # outside the rational functions: expand and cancel
            total = Add(*pieces) + gram_squares(self.pivots, self.rows, self.basis)
            return point_form(S(total).xreplace(square)).expression().xreplace(back)
        values = {p: v.value(K) for p, v in values.items()}
        matrix = [[e.value(K) for e in r] for r in matrix]
        if not any(values.values()) and not any(e for r in matrix for e in r):
            return Integer(0)
        residual = PointForm({p: K.to_sympy(v) for p, v in values.items() if v}, self.basis,
                             Matrix(n, n, [K.to_sympy(e) for r in matrix for e in r]))
        return residual.expression().xreplace(back)


def _nonnegative(expr: Expr, start, sets=()) -> bool:
    r"""``expr >= 0`` proved for every :math:`k \ge k_0` factor by factor (squares such as :math:`(k-1)^2` count).

    ``sets`` are the region's constraints on single parameters: a parameter bounded below,
    :math:`r \ge 3`, is written :math:`r = 3 + u` with :math:`u > 0` first.
    """
    shifted = {}
    for symbol, st in sets:
        if isinstance(st, Interval) and st.end is oo and st.start.is_number and st.start > 0:
            shifted[symbol] = st.start + Dummy(f"{symbol}_above", positive=True)
    expr = S(expr).xreplace(shifted)
    if prove_nonnegative(expr, time=k, start=start):
        return True
    num, den = fraction(cancelled(expr))
    sign, parts = S.One, []
    for part in (num, den):
        coefficient, factors = factor_list(part)
        sign, parts = sign * coefficient, parts + factors
    return bool(sign > 0) and all(e % 2 == 0 or prove_nonnegative(f, time=k, start=start) for f, e in parts)


def _history_is_the_start(method: Method, energy: Expr) -> dict | None:
    r"""``{x_{-j}: x_0}`` when the iterates before :math:`x_0` that :math:`E_0` names may be read as :math:`x_0`.

    That reading is the method's own start exactly when its initial conditions follow from its updates
    with :math:`x_{-j} = x_0` (Nesterov's :math:`y_0 = x_0 + \beta_0(x_0 - x_{-1}) = x_0`; a scheme's
    :math:`v_0 = 0` from :math:`v_{k+1} = (x_{k+1} - x_k)/\sqrt s` at :math:`k = -1`); None otherwise.
    """
    primary = vector_function(method.sequences[0])
    at_zero = S(energy).subs(k, 0)
    history = {a for a in at_zero.atoms(AppliedVector) if a.func == primary and a.args[0].is_Integer
               and a.args[0] < 0}
    rule = {a: primary(0) for a in history}
    if not history:
        return rule  # nothing to read: the start is the method's own initial conditions
    for condition in method.initial:
        update = next((u for u in method.updates if u.lhs.func == condition.lhs.func), None)
        shift = None if update is None else update.lhs.args[0] - k
        if shift is None or not shift.is_Integer:
            return None
        value = S(update.rhs).subs(k, condition.lhs.args[0] - shift)
        value = value.xreplace({a: primary(0) for a in value.atoms(AppliedVector)
                                if a.func == primary and a.args[0].is_Integer and a.args[0] < 0})
        if linearize(expand(value - condition.rhs)) != 0:
            return None
    return rule


def _contraction(rate: Expr, rate_form: str, start, sets=()) -> Expr | None:
    r"""The factor :math:`q` with :math:`E_{k+1} \le qE_k` that a constant rate gives: :math:`1 - \rho`
    ("current", when :math:`1 - \rho \ge 0` is proved on the region) or :math:`1/(1 + \rho)` ("next", when
    :math:`\rho \ge 0` is); None for a zero rate, a rate that depends on :math:`k`, or an unproved sign."""
    rate = S(rate)
    if rate == 0 or rate.has(k):
        return None
    if rate_form == "current":
        return factored_(1 - rate) if _nonnegative(1 - rate, start, sets) else None
    return 1 / (1 + rate) if _nonnegative(rate, start, sets) else None


def _first_iterates(method: Method, highest: int) -> dict:
    r"""``{x_j: value}`` for :math:`1 \le j \le` ``highest``: the method's first iterates in :math:`x_0` and gradients.

    The initial conditions, then the updates at :math:`k = ` ``method.start``, ``method.start + 1``, ... in
    order; a value that names an iterate not known yet is left out (and so is every later one).
    NAG-C's :math:`x_1 = y_1 = x_0 - s\nabla f(x_0)` (its momentum :math:`k/(k+3)` vanishes at
    :math:`k = 0`); heavy ball's :math:`x_1` is its initial condition.
    """
    primary = vector_function(method.sequences[0])
    known = {primary(0): primary(0)}
    known.update({c.lhs: c.rhs for c in method.initial})
    index = method.start
    while any(primary(j) not in known for j in range(1, highest + 1)) and index <= method.start + highest:
        for update in method.updates:
            lhs = update.lhs.subs(k, index)
            if lhs in known:
                continue
            value = expand(linearize(S(update.rhs).subs(k, index)))
            value = expand(value.xreplace({a: known[a] for a in value.atoms(AppliedVector) if a in known}))
            if value.atoms(AppliedVector) - {primary(0)}:
                return _found(known, primary, highest)  # it needs an iterate not known yet
            known[lhs] = value
        index += 1
    return _found(known, primary, highest)


def _found(known: dict, primary, highest: int) -> dict:
    return {a: v for a, v in known.items() if a.func == primary and 1 <= a.args[0] <= highest}


def _rate_bound(energy: Expr, iterate, start, method: Method | None = None, sets=()) -> tuple:
    r"""``(a_k, bound)``: :math:`E_k \ge a_k(f(x_k) - f^\star)` when the rest of :math:`E_k` is a semidefinite
    form for every :math:`k \ge k_0`, and :math:`f(x_k) - f^\star \le E_{k_0}/a_k`; ``(0, None)`` otherwise.

    :math:`E_{k_0}` is taken at :math:`k_0 = 0` with the method's first iterate :math:`x_0` (and the
    iterates before it read as :math:`x_0` when that is the method's own start, see
    :func:`_history_is_the_start`); for another :math:`k_0` no bound is given."""
    form = point_form(energy)
    weight = form.values.get(iterate, S.Zero)
    if set(form.values) - {iterate}:
        return S.Zero, None
    # the minors in the field of rational functions, with square roots of positive parameters p = m**2
    roots = square_roots(list(form.matrix))
    back = {m: sqrt(p) for p, m in roots.items()}
    square = {p: m ** 2 for p, m in roots.items()}
    minors = [S(m).xreplace(back) for m in _principal_minors(form.matrix.xreplace(square))] if form.basis else []
    if not all(_nonnegative(m, start, sets) for m in minors + [weight]):
        return S.Zero, None
    if start != 0:
        return weight, None
    history = _history_is_the_start(method, energy) if method is not None else {}
    if history is None:
        return weight, None
    at_start = S(energy).subs(k, 0).xreplace(history)
    later = sorted({a.args[0] for a in at_start.atoms(AppliedVector) if a.func == iterate.func
                    and a.args[0].is_Integer and a.args[0] > 0})
    if method is not None and later:
        at_start = substitute_iterates(at_start, _first_iterates(method, int(later[-1])))
    at_start = at_start.xreplace({iterate.func(0): x0})
    if any(a != x0 for a in at_start.atoms(AppliedVector) if a.func == iterate.func):
        return weight, None
    bound = Le(FValue(iterate) - FValue(x_star), cancelled(expand(linearize(at_start))) / weight, evaluate=False)
    return weight, bound


# -------------------------------------------------------------------------------------------------
# exact semidefiniteness in the field of rational functions (as :mod:`symflow.lyapunov.psd`, much faster)
def _field_matrix(Q: Matrix) -> tuple:
    """``(K, rows)``: the entries of ``Q`` as elements of a field ``K`` (rational functions of the symbols)."""
    dm = DomainMatrix.from_Matrix(Matrix(Q)).to_field()
    return dm.domain, [list(r) for r in dm.to_list()]


def _field_ldl(Q: Matrix, *, factored: bool = True) -> tuple:
    r"""Pivots and rows of :math:`Q = \sum_k d_k \ell_k^\top \ell_k`, exactly as :func:`symflow.lyapunov.ldl`
    (same order, zero rows dropped, :class:`NotSemidefinite` for a zero diagonal entry with a nonzero row),
    computed in the field of rational functions instead of by ``cancel`` on expressions. ``factored=False``
    leaves the pivots as quotients of expanded polynomials (for a caller that factors them itself)."""
    K, A = _field_matrix(Q)
    n = len(A)
    active = list(range(n))
    pivots, rows = [], []
    while active:
        check_budget("splitting the remainder of a discrete certificate")
        active = [i for i in active if not all(K.is_zero(A[i][j]) for j in active)]
        if not active:
            break
        for i in active:
            if K.is_zero(A[i][i]):
                raise NotSemidefinite(f"diagonal entry {i} is zero but its row is not")
        pivot = active[0]
        d = A[pivot][pivot]
        row = Matrix.zeros(1, n)
        for j in active:
            row[0, j] = K.to_sympy(K.quo(A[pivot][j], d))
        pivots.append(factored_(K.to_sympy(d)) if factored else K.to_sympy(d))
        rows.append(row)
        active.remove(pivot)
        for i in active:
            for j in active:
                A[i][j] = A[i][j] - K.quo(A[i][pivot] * A[pivot][j], d)
    return tuple(pivots), tuple(rows)


def _field_minors(Q: Matrix) -> list:
    """Every principal minor of ``Q`` (as :func:`symflow.lyapunov.principal_minors`), in the field of rational
    functions."""
    K, A = _field_matrix(Q)
    dm = DomainMatrix(A, (len(A), len(A)), K)
    out = []
    for size in range(1, len(A) + 1):
        for index in combinations(range(len(A)), size):
            check_budget("the principal minors of the remainder")
            out.append(K.to_sympy(dm.extract(list(index), list(index)).det()))
    return out


def _principal_minors(Q: Matrix) -> list:
    """Every principal minor of ``Q`` (as :func:`symflow.lyapunov.principal_minors`): each row of ``Q`` is
    brought to polynomials by the lcm of its denominators, the determinants are taken in the polynomial ring
    (fraction-free) and reduced once, to the same elements of the field of rational functions."""
    K, A = _field_matrix(Q)
    if not K.is_FractionField:
        return _field_minors(Q)
    ring = K.get_ring()
    n = len(A)
    scales, rows = _scaled_rows(K, A)
    dm = DomainMatrix(rows, (n, n), ring)
    out = []
    for size in range(1, n + 1):
        for index in combinations(range(n), size):
            check_budget("the principal minors of the remainder")
            det = dm.extract(list(index), list(index)).det()
            scale = ring.one
            for i in index:
                scale *= scales[i]
            out.append(K.to_sympy(K.field.new(det, scale)))
    return out


def _scaled_rows(K, A) -> tuple:
    r"""``(scales, rows)``: row :math:`i` of ``A`` (elements of the fraction field ``K``) times the lcm
    :math:`r_i` of its denominators, as polynomials of ``K.get_ring()``."""
    ring = K.get_ring()
    scales, rows = [], []
    for row in A:
        lcm: dict = {}
        for e in row:
            for f, k in denominator_factors(e.denom).items():
                lcm[f] = max(lcm.get(f, 0), k)
        scale = ring.one
        for f, k in lcm.items():
            scale *= f ** k
        scales.append(scale)
        rows.append([e.numer * ring.exquo(scale, e.denom) if e else ring.zero for e in row])
    return scales, rows


def _ldl(Q: Matrix, *, factored: bool = True) -> tuple:
    r"""As :func:`_field_ldl`, fraction-free: with :math:`N = \operatorname{diag}(r)Q` polynomial (:func:`_scaled_rows`),
    Bareiss's elimination keeps :math:`M_P(i, j) = \det N[P \cup i, P \cup j]` after the pivots :math:`P`
    (exact divisions, no gcd), and the Schur complement of :math:`Q` is
    :math:`S_{ij} = M_P(i, j)/(r_i \det N[P, P])`: the pivot :math:`d = S_{pp}` and the row
    :math:`S_{pj}/S_{pp} = M_P(p, j)/M_P(p, p)` are each reduced once, to the same elements."""
    K, A = _field_matrix(Q)
    if not K.is_FractionField:
        return _field_ldl(Q, factored=factored)
    ring = K.get_ring()
    scales, M = _scaled_rows(K, A)
    n = len(M)
    previous = ring.one   # det N[P, P]
    active = list(range(n))
    pivots, rows = [], []
    while active:
        check_budget("splitting the remainder of a discrete certificate")
        active = [i for i in active if not all(not M[i][j] for j in active)]
        if not active:
            break
        for i in active:
            if not M[i][i]:
                raise NotSemidefinite(f"diagonal entry {i} is zero but its row is not")
        pivot = active[0]
        lead = M[pivot][pivot]
        row = Matrix.zeros(1, n)
        for j in active:
            row[0, j] = K.to_sympy(K.field.new(M[pivot][j], lead))
        d = K.to_sympy(K.field.new(lead, scales[pivot] * previous))
        pivots.append(factored_(d) if factored else d)
        rows.append(row)
        active.remove(pivot)
        for i in active:
            for j in active:
                M[i][j] = ring.exquo(lead * M[i][j] - M[i][pivot] * M[pivot][j], previous)
        previous = lead
    return tuple(pivots), tuple(rows)


# -------------------------------------------------------------------------------------------------
# the search for multipliers
@dataclass(frozen=True)
class _Problem:
    """The certificate condition in Gram coordinates (rational coefficients), ready for numeric and exact work."""

    target: PointForm
    forms: tuple
    order: tuple
    unknowns: tuple
    equations: tuple
    Q: Matrix
    rate: Expr

    @cached_property
    def _evaluator(self):
        """``(symbols, function)``: every piece (the target's and each inequality's values and matrix) as one
        compiled function of the symbols."""
        pieces = [[list(self.target.values.get(p, 0) for p in self.order), self.target.matrix.tolist()]]
        pieces += [[list(f.values.get(p, 0) for p in self.order), f.matrix.tolist()] for f in self.forms]
        symbols = sorted(set().union(*[S(e).free_symbols for piece in pieces for e in piece[0]],
                                     *[S(e).free_symbols for piece in pieces for row in piece[1] for e in row]),
                         key=str)
        return symbols, lambdify(symbols, pieces, "numpy")

    def evaluated(self, sample: dict) -> tuple | None:
        """``[(values, matrix), ...]``: the target's, then each inequality's, as float arrays at ``sample``."""
        symbols, function = self._evaluator
        key = tuple(sorted(((str(x), float(sample.get(x, 1.0))) for x in symbols)))
        cache = self.__dict__.setdefault("_evaluated", {})
        if key not in cache:
            n = self.target.matrix.shape[0]
            try:
                with np.errstate(all="ignore"):
                    raw = function(*[sample.get(x, 1.0) for x in symbols])
                cache[key] = [(np.array(v, dtype=float).reshape(len(self.order)), np.array(M, dtype=float).reshape(n, n))
                              for v, M in raw]
            except (ZeroDivisionError, ValueError, TypeError):
                cache[key] = None
        return cache[key]

    def numeric_condition(self, sample: dict, fixed: dict, active, theta_form=None) -> NumericCondition | None:
        """:meth:`condition` at ``sample``, combined from :meth:`evaluated` (None when a piece is not finite)."""
        pieces = self.evaluated(sample)
        if pieces is None:
            return None
        values, matrix = pieces[0][0].copy(), pieces[0][1].copy()
        for i, value in fixed.items():
            value = S(value)
            number = float(value.xreplace({x: sample.get(x, 1.0) for x in value.free_symbols}))
            if number:
                values += number * pieces[i + 1][0]
                matrix += number * pieces[i + 1][1]
        parts_v, parts_M = [values], [matrix]
        if theta_form is not None:
            parts_v.append(pieces[theta_form + 1][0])
            parts_M.append(pieces[theta_form + 1][1])
        value_forms = np.array([pieces[i + 1][0] for i in active], dtype=float).reshape(len(active), len(self.order))
        return NumericCondition(tuple(parts_v), tuple(parts_M), value_forms,
                                tuple(pieces[i + 1][1] for i in active))

    def condition(self, fixed: dict, active, theta=None, theta_form=None) -> Condition:
        """The SDP condition with multipliers ``fixed`` folded into the target, ``active`` left free (≥ 0),
        and optionally ``theta * form theta_form`` (an unknown of the SDP)."""
        values = [self.target.values.get(p, 0) for p in self.order]
        matrix = self.target.matrix
        for i, value in fixed.items():
            values = [v + value * self.forms[i].values.get(p, 0) for v, p in zip(values, self.order)]
            matrix = matrix + value * self.forms[i].matrix
        if theta is not None:
            values = [v + theta * self.forms[theta_form].values.get(p, 0) for v, p in zip(values, self.order)]
            matrix = matrix + theta * self.forms[theta_form].matrix
        return Condition(tuple(values), tuple(tuple(self.forms[i].values.get(p, 0) for p in self.order)
                                              for i in active),
                         matrix, tuple(self.forms[i].matrix for i in active))


def _edge_samples(parameters, roots: dict) -> list:
    r"""Parameter values near the edge of the usual claims: :math:`L = 1`, :math:`\mu/L` small, two step sizes."""
    grid = {"L": (1.0,), "mu": (1e-4, 1e-2), "s": (0.2, 0.02), "k": (5.0,)}
    points = [{}]
    for p in parameters:
        choices = grid.get(p.name, (3.0,))
        points = [{**point, p: value} for point in points for value in choices]
    return [_rooted_sample(point, roots) for point in points]


def _rooted_sample(point: dict, roots: dict) -> dict:
    return {roots.get(p, p): (value ** 0.5 if p in roots else value) for p, value in point.items()}


def _numeric(solve, *args, **kwargs):
    """A numeric suggestion, or None when the solver fails (a failure is no suggestion, never a verdict).

    The solver may even panic (a ``BaseException``); interrupts, exits and symflow's own errors (the
    budget) go through.
    """
    try:
        return solve(*args, **kwargs)
    except (KeyboardInterrupt, SystemExit, SymflowError):
        raise
    except BaseException:  # noqa: BLE001 - see the docstring
        return None


def _interval(condition, theta, sample, inside: float, cache: dict) -> tuple:
    """The numeric interval of ``theta`` (at least 0) around the feasible value ``inside``: ``(low, high)``.

    Its ends are two SDPs, the least and the largest feasible ``theta``; an end the solver cannot give
    (unbounded above, or a failure) is ``inf`` above and ``inside`` below.
    """
    found = {}
    for side in ("minimize", "maximize"):
        check_budget("pinning a multiplier of a discrete certificate")
        solution = _numeric(solve_conditions, [(condition, sample)], [theta], objective=side, cache=cache)
        found[side] = None if solution is None else solution.unknowns[theta]
    low = inside if found["minimize"] is None else min(max(found["minimize"], 0.0), inside)
    high = float("inf") if found["maximize"] is None else max(found["maximize"], inside)
    return low, high


def _simplest(low: float, high: float, limit: int = 64) -> Rational | None:
    """The rational with the smallest denominator (then numerator) in ``[low, high]``, or None."""
    if low > high:
        return None
    if low <= 0 <= high:
        return Integer(0)
    for q in range(1, limit + 1):
        p = int(-(-low * q // 1))  # ceil
        if p / q <= high:
            return Rational(Fraction(p, q))
    return None


def _pinned(problem: _Problem, zero: list, free: tuple, samples: list) -> dict | None:
    """Exact values for the multipliers ``free``, one at a time: the simplest rational multiple of 1 or of
    the rate inside the numeric feasible interval at every sample (None when there is none)."""
    m = len(problem.forms)
    fixed: dict = {i: S.Zero for i in zero}
    theta = Dummy("theta")
    units = [S.One] + ([problem.rate] if problem.rate.free_symbols else [])
    for index in free:
        active = [i for i in range(m) if i not in fixed and i != index]
        remaining = [i for i in range(m) if i not in fixed]
        windows = {unit: (0.0, float("inf")) for unit in units}   # the common interval, in each unit
        seen = False
        for sample in samples:
            check_budget("pinning a multiplier of a discrete certificate")
            # the conditions at this sample, from the pieces evaluated once per sample
            start = problem.numeric_condition(sample, fixed, remaining)
            condition = problem.numeric_condition(sample, fixed, active, index)
            if start is None or condition is None:
                continue
            solution = _numeric(solve_conditions, [(start, sample)])
            if solution is None:
                continue
            seen = True
            inside = float(solution.multipliers[0][remaining.index(index)])
            a, b = _interval(condition, theta, sample, inside, {})
            for unit, (low, high) in list(windows.items()):
                scale = float(unit.xreplace(sample))
                windows[unit] = (max(low, a / scale), min(high, b / scale)) if scale > 0 else (1.0, 0.0)
            windows = {u: w for u, w in windows.items() if w[0] <= w[1]}
            if not windows:
                return None  # no unit leaves a common interval: stop early
        if not seen:
            return None
        choice = None
        for unit, (low, high) in windows.items():
            c = _simplest(low * (1 + 1e-9), high * (1 - 1e-9) if high != float("inf") else 1e6)
            if c is not None and (choice is None or c.q + abs(c.p) < choice[0].q + abs(choice[0].p)):
                choice = (c, unit)
        if choice is None:
            return None
        fixed[index] = choice[0] * choice[1]
    return fixed


def _suggested(problem: _Problem, samples: list, edge: list, *, limit: int = 8):
    r"""Exact multiplier choices suggested by the numeric SDP: ``(values, Q(values))`` pairs, best first.

    The multipliers the SDP sets to zero at every sample are zero; the value equations then fix the
    others, and those they leave free are pinned (:func:`_pinned`), trying each set of free ones.
    """
    order = problem.order
    m = len(problem.forms)
    # the condition at every sample from the pieces evaluated once per sample (as _pinned reads them): the
    # same arrays as compiling the condition anew
    zero = _numeric(lambda: vanishing_at([(problem.numeric_condition(sample, {}, range(m)), sample)
                                          for sample in samples + edge]))
    if zero is None:
        return
    unknowns = list(problem.unknowns)
    found = propagate(list(problem.equations) + [unknowns[i] for i in zero], unknowns, problem.Q)
    if found is None:
        return
    values, _ = found
    free = {u for v in values.values() for u in S(v).free_symbols} & set(unknowns)
    if not free:
        yield found
        return
    support = [i for i in range(m) if i not in zero]
    tried = 0
    for chosen in combinations(support, len(free)):
        tried += 1
        if tried > limit:
            return
        pins = _pinned(problem, list(zero), chosen, edge)
        if pins is None:
            continue
        result = propagate(list(problem.equations) + [unknowns[i] - v for i, v in pins.items()], unknowns,
                           problem.Q)
        if result is None or {u for v in result[0].values() for u in S(v).free_symbols} & set(unknowns):
            continue
        yield result


def _reaches_small_steps(region: Region, step, parameters) -> bool:
    r"""Whether the region, at a point of it, still holds when the step size is a millionth of that point's.

    A certificate from pinned multipliers can hold only for :math:`\sqrt{\mu s}` bounded below (a pin that
    suits the samples' step sizes but not :math:`s \to 0`); the search prefers one that reaches the small
    steps a discretization is meant for. True when the step size is no parameter of the claim.
    """
    if step not in parameters:
        return True
    point = region.witness(list(parameters))
    if point is None or step not in point:
        return True
    smaller = {**point, step: Rational(point[step]) / 10 ** 6}
    return region.contains(smaller) is True


def _small_step_sample(edge: list, step, roots: dict) -> dict | None:
    """The first edge sample with its step size divided by a million (in the roots' coordinates), or None."""
    if not edge:
        return None
    name = roots.get(step, step)
    if name not in edge[0]:
        return None
    factor_ = 1e-3 if step in roots else 1e-6   # sqrt(s) / 1000 is s / 10**6
    return {**edge[0], name: edge[0][name] * factor_}


def _negative_at(values: dict, unknowns, sample: dict) -> bool:
    """Whether a multiplier is numerically negative at ``sample`` (a failure to evaluate is no verdict)."""
    sample = {p: S(v) for p, v in sample.items()}
    for u in unknowns:
        try:
            value = complex(S(values[u]).xreplace(sample).evalf())
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if abs(value.imag) < 1e-12 and value.real < -1e-9:
            return True
    return False


def _theorem(cert: "StepCertificate", start) -> Step:
    """The proved discrete claim as a paper states it: the class, the method, the region, then the result."""
    newer = "E_(k+1)" if cert.rate_form == "next" else "E_k"
    claim = "E_(k+1) ≤ E_k" if cert.rate == 0 else f"E_(k+1) - E_k ≤ -{rate_words(cert.rate)} {newer}"
    if cert.decrease != 0:
        claim = (f"E_(k+1) - E_k ≤ -({text(cert.decrease)})" if cert.rate == 0
                 else f"{claim} - ({text(cert.decrease)})")
    sentence = (f"Let f be {class_words(cert.function_class)}, with a minimiser x⋆, and let x_k be the iterates "
                f"of {cert.method.name} ({cert.method.description.rstrip('.')}){region_words(cert.region)}. "
                f"Then {claim} for every "
                f"k ≥ {text(start)}")
    math = [Eq(Symbol("E_k"), cert.energy)]
    if cert.bound is not None:
        sentence += ", and hence the bound below"
        math.append(cert.bound)
    return Step("Theorem", sentence + ".", tuple(math))


def _paper_slack(slack: Expr, pi, pj) -> Expr:
    r"""An interpolation inequality's slack between :math:`x_i` and :math:`x_j`, grouped for display as in
    :func:`interpolation_inequalities`: :math:`f(x_i) - f(x_j) - \langle\nabla f(x_j), x_i - x_j\rangle`, then
    the rest (the slack minus that part, so the value is the slack's) over one denominator; for
    :math:`\mathcal S_{\mu,L}`, :math:`-\bigl(\|g_i - g_j\|^2 + L\mu\|x_i - x_j\|^2 - 2\mu\langle g_i - g_j,
    x_i - x_j\rangle\bigr)/(2(L - \mu))`.
    """
    gj = Integer(0) if pj == x_star else NablaF(pj)
    first = expand(linearize(FValue(pi) - FValue(pj) - inner(gj, pi - pj)))
    rest = by_coordinate(expand(linearize(slack - first)))
    terms = Add.make_args(rest)
    denominators = [fraction(cancelled(term.as_independent(Inner, FValue, as_Add=False)[0]))[1] for term in terms]
    common = Integer(1)
    for d in denominators:
        common = cancelled(common * d / gcd(common, d))
    if len(terms) < 2 or common == 1:
        return Add(by_coordinate(first), rest)
    numerator = Add(*[cancelled(-term * common) for term in terms])
    return Add(by_coordinate(first), Mul(-1, numerator, Pow(factored_(common), -1), evaluate=False))


def _inequality_step(cert: "StepCertificate", points, names: dict) -> Step:
    r"""The step that states the interpolation inequalities a proved certificate uses, each after its multiplier.

    The inequalities are those of :func:`interpolation_inequalities` between the step's points as papers
    name them (:math:`x_k, x_{k+1}, y_k, x^\star`: a point that :func:`point_names` names is that
    iterate, defined in the first rows), the newest iterate a point of its own rather than its update,
    shown by :func:`_paper_slack`; they are matched to the certificate's by name. The pairs whose
    multiplier is 0 are counted in the words.
    """
    iterates = {}
    for update in cert.method.updates:
        for shift in (0, -1, 1):
            iterate = update.lhs.subs(k, k + shift)
            iterates.setdefault(str(iterate), iterate)
    shown = {p: iterates.get(names[p], p) if p in names else p for p in points}
    auxiliary = {shown[p] for p in names}

    def rank(p):
        return (p == x_star, p in auxiliary, sequence_shift(p) if isinstance(p, AppliedVector) else 0, str(p))

    pairs = {f"interpolation ({a}, {b})": (a, b) for a in shown.values() for b in shown.values() if a != b}
    used = {q.name: m for q, m in cert.multipliers if m != 0}
    rows = [Eq(shown[p], p) for p in sorted(names, key=lambda p: rank(shown[p]))]
    for q in sorted((q for q in interpolation_inequalities(list(shown.values()), cert.function_class)
                     if q.name in used), key=lambda q: [rank(a) for a in pairs[q.name]]):
        a, b = pairs[q.name]
        rows += [Eq(Symbol(f"λ[({text(a)}, {text(b)})]"), used[q.name]),
                 Relational(_paper_slack(q.slack, a, b), 0, ">=", evaluate=False)]
    unused = len(cert.multipliers) - len(used)
    words = ("Each multiplier λ, found by matching the function values exactly, is followed by its inequality "
             f"(Taylor, Hendrickx, Glineur 2017, Thm 4) between the points "
             f"{', '.join(text(p) for p in sorted(shown.values(), key=rank))}; the remainder is split by LDLᵀ.")
    if unused:
        words += f" The other {unused} ordered pair{'s have' if unused > 1 else ' has'} multiplier 0."
    return Step("Interpolation inequalities", words, tuple(rows))


def certify_step(energy: Expr, method: Method, function_class: FunctionClass, *, rate: Expr = S.Zero,
                 start: Expr = S.Zero, rate_form: str = "current", max_candidates: int = 40,
                 decrease: Expr = S.Zero, multipliers=None) -> StepCertificate:
    r"""An exact certificate of :math:`E_{k+1} - E_k + \rho E + D_k \le 0` for every :math:`k \ge k_0`.

    Parameters
    ----------
    energy : Expr
        :math:`E_k` in the iterates (see the module docstring).
    method : Method
    function_class : FunctionClass
    rate : Expr
        :math:`\rho` (0: :math:`E_k` nonincreasing).
    start : Expr
        :math:`k_0`.
    rate_form : str
        "current": :math:`E_{k+1} - E_k \le -\rho E_k`; "next": :math:`E_{k+1} - E_k \le -\rho E_{k+1}`
        (as SDJS state Lemma 3.4), that is :math:`(1 + \rho)E_{k+1} \le E_k`.
    decrease : Expr
        :math:`D_k` (0 by default), a scalar in Gram coordinates of the step's points that the difference
        must also pay for: :math:`E_{k+1} - E_k \le -c_k\|\nabla f(x_{k+1})\|^2` is
        ``decrease=c_k*norm2(NablaF(x(k + 1)))``. A gradient or value at a point the step does not name
        is an error.
    multipliers : sequence of Expr, optional
        Exact multipliers to try first, one per interpolation inequality in the order of
        :func:`interpolation_inequalities` (as synthesis finds them); checked like every other choice.

    Returns
    -------
    StepCertificate
        "proved" with the exact parameter region, or "unknown" with a reason.

    Examples
    --------
    >>> from symflow.core import FValue, x, x_star, k, s
    >>> from symflow.lyapunov import smooth_strongly_convex
    >>> from symflow.methods import gradient_descent
    >>> from sympy import Rational
    >>> cert = certify_step(FValue(x(k)) - FValue(x_star), gradient_descent(),
    ...                     smooth_strongly_convex(Rational(1, 4), 1), rate=s / 4, rate_form="next")
    >>> cert.status, cert.identity()
    ('proved', 0)
    >>> [cert.region.contains({s: h}) for h in (Rational(1, 2), 1, 3)]
    [True, True, False]
    >>> from symflow.core import NablaF, norm2
    >>> cert = certify_step(FValue(x(k)) - FValue(x_star), gradient_descent(),
    ...                     smooth_strongly_convex(0, 1), decrease=s / 4 * norm2(NablaF(x(k))))
    >>> cert.status, [cert.region.contains({s: h}) for h in (Rational(1, 2), 1, 2)]
    ('proved', [True, True, False])
    """
    if rate_form not in RATE_FORMS:
        raise UnsupportedError(f"rate_form must be one of {', '.join(RATE_FORMS)}, not {rate_form!r}")
    rate = S(rate)
    step = step_along(energy, method)
    rated = step.following if rate_form == "next" else S(energy)
    decrease = S(decrease)
    target = expand(step.difference + rate * rated + expand(linearize(decrease)))
    positions = {step.newest: step.update}
    points = step.points
    for atom in linearize(decrease).atoms(FValue, NablaF):
        point = atom.args[0] if isinstance(atom, FValue) else atom.point
        if point not in points:
            raise UnsupportedError(f"the decrease names {atom}, but the step names only the points "
                                   f"{', '.join(sorted(str(p) for p in points))}")
    rule = "E_(k+1) - E_k + rho E_(k+1)" if rate_form == "next" else "E_(k+1) - E_k + rho E_k"
    rule += " + D_k" if decrease != 0 else ""
    steps = [Step("Energy", "The candidate Lyapunov function in the iterates.", (energy,)),
             Step("Difference along the method",
                  "E_(k+1) - E_k with the update substituted where the newest iterate is a vector; every "
                  "gradient and function value keeps its point.", (Eq(Symbol(rule), by_coordinate(target)),))]
    names = point_names(points, method)
    inequalities = interpolation_inequalities(points, function_class, positions=positions, names=names)
    roots = square_roots([target, rate] + [q.slack for q in inequalities])
    square = {p: m ** 2 for p, m in roots.items()}
    back = {m: sqrt(p) for p, m in roots.items()}
    forms = [point_form(expand(substitute_iterates(q.slack, positions).xreplace(square))) for q in inequalities]
    G = point_form(expand(target.xreplace(square)))
    basis = list(G.basis)
    for f in forms:
        basis += [b for b in f.basis if b not in basis]
    basis = tuple(basis)
    G = G.in_basis(basis)
    forms = [f.in_basis(basis) for f in forms]
    unknowns = [Dummy(f"lambda{i}") for i in range(len(inequalities))]
    value_points = sorted(set(G.values).union(*[f.values for f in forms]), key=str)
    equations = [G.values.get(p, 0) + Add(*[u * f.values.get(p, 0) for u, f in zip(unknowns, forms)])
                 for p in value_points]
    equations = [e for e in (cancelled(e) for e in equations) if e != 0]
    n = len(basis)
    Q = -(G.matrix + sum((u * f.matrix for u, f in zip(unknowns, forms)), Matrix.zeros(n, n)))
    problem = _Problem(G, tuple(forms), tuple(value_points), tuple(unknowns), tuple(equations), Q,
                       rate.xreplace(square))
    base = {"energy": energy, "method": method, "function_class": function_class, "rate": rate,
            "difference": step.difference, "rate_form": rate_form, "following": step.following,
            "decrease": decrease}
    reason = "no multipliers make the remainder semidefinite"
    parameters = sorted(target.free_symbols.union(*[q.slack.free_symbols for q in inequalities]) - {k}, key=str)
    samples = [_rooted_sample(p, roots) for p in sample_points([k] + parameters, count=3)]
    edge = _edge_samples([k] + parameters, roots) if parameters else []
    recurrence_term = eliminate_auxiliary(method).sequence_function(k)

    def exact(values, Qs):
        """A proved certificate, or the reason why not."""
        try:
            pivots, rows = _ldl(Qs)
        except NotSemidefinite as exc:
            return f"the remainder is indefinite ({exc})"
        multipliers = tuple((q, values[u]) for q, u in zip(inequalities, unknowns))
        # Q is semidefinite iff every principal minor is nonnegative: polynomial conditions, exact
        conditions = tuple(m for _, m in multipliers) + tuple(m for m in _principal_minors(Qs) if m != 0)
        region = parameter_region(conditions, time=k, start=start)
        witness = region.witness([roots.get(p, p) for p in parameters])
        if region.empty or witness is None:
            return "the conditions on the multipliers and the remainder hold on no parameter value found"
        sets = _region_back(region, roots).sets
        weight, bound = _rate_bound(energy, recurrence_term, start, method, sets)
        contraction = _contraction(rate, rate_form, start, sets)
        if bound is not None and contraction is not None:
            bound = Le(bound.lhs, bound.rhs * contraction ** (k - start), evaluate=False)
        multipliers = tuple((q, factored_(S(v).xreplace(back))) for q, v in multipliers)
        return StepCertificate(**base, multipliers=multipliers, basis=basis,
                               remainder=Qs.xreplace(back), pivots=tuple(factored_(S(d).xreplace(back)) for d in pivots),
                               rows=tuple(r.xreplace(back) for r in rows), region=_region_back(region, roots),
                               status=Status.PROVED, weight=weight, bound=bound)

    def finish(cert):
        more = [_inequality_step(cert, points, names),
                Step("Region", "Every multiplier and principal minor nonnegative for all k ≥ k0.",
                     (cert.region.as_boolean(),))]
        if cert.bound is not None:
            contraction = _contraction(cert.rate, rate_form, start, cert.region.sets)
            if contraction is None:
                decay, over = "E_k is nonincreasing", "E_(k0)/a_k"
            else:
                decay = (f"E_k ≤ q^(k - k0) E_(k0) with q = {text(contraction)} (the rate is constant and "
                         f"{'1 - rho' if rate_form == 'current' else 'rho'} ≥ 0 on the region)")
                over = "q^(k - k0) E_(k0)/a_k"
            more.append(Step("Rate", f"{decay} and E_k ≥ a_k (f(x_k) - f*), so f(x_k) - f* ≤ {over}, with "
                             "E_(k0) at the method's first iterate x_0.", (cert.bound,)))
        more.append(_theorem(cert, start))
        return replace(cert, steps=tuple(steps + more))

    if multipliers is not None and len(multipliers) == len(unknowns):
        given = {u: S(v).xreplace(square) for u, v in zip(unknowns, multipliers)}
        if all(cancelled(e.xreplace(given)) == 0 for e in equations):
            outcome = exact(given, Q.xreplace(given).applyfunc(cancelled))
            if isinstance(outcome, StepCertificate):
                return finish(outcome)
            reason = outcome
    # numeric suggests: which multipliers vanish, which are pinned; exact decides
    narrow, deferred = None, []   # certificates that stop short of small steps: kept while a better one is sought
    small = _small_step_sample(edge, method.step_size, roots)
    for values, Qs in _suggested(problem, samples, edge):
        check_budget("checking a discrete certificate")
        if small is not None and _negative_at(values, unknowns, small):
            deferred.append((values, Qs))  # numerically short of small steps: decided only if nothing else is
            continue
        outcome = exact(values, Qs)
        if isinstance(outcome, StepCertificate):
            if _reaches_small_steps(outcome.region, method.step_size, parameters):
                return finish(outcome)
            narrow = narrow or outcome
            continue
        reason = outcome
    for values, Qs in deferred:
        if narrow is not None:
            break
        outcome = exact(values, Qs)
        if isinstance(outcome, StepCertificate):
            narrow = outcome
        else:
            reason = outcome
    if narrow is not None:
        return finish(narrow)
    ranked = []
    for count, (values, Qs) in enumerate(candidates(equations, unknowns, Q)):
        check_budget("searching multipliers of a discrete certificate")
        if count >= max_candidates:
            break
        score = screen([values[u] for u in unknowns], Qs, time=k, start=start)
        ranked.append((-score, count, values, Qs))
    ranked.sort(key=lambda item: item[:2])
    for negative_score, _, values, Qs in ranked[:3]:
        if negative_score == 0:
            break  # numerically never valid: not worth an exact check
        outcome = exact(values, Qs)
        if isinstance(outcome, StepCertificate):
            return finish(outcome)
        reason = outcome
    return StepCertificate(**base, status=Status.UNKNOWN, reason=reason, steps=tuple(steps))
