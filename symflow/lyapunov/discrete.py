r"""Lyapunov claims in discrete time: the difference :math:`E_{k+1} - E_k` along a method, and its certificate.

The energy :math:`E_k` is a scalar in the iterates: values :math:`f(x_k) - f^\star`, inner products
and norms of :math:`x_k - x^\star`, :math:`x_{k-1} - x^\star`, :math:`\nabla f(x_k)`, with
coefficients that may depend on :math:`k` and on parameters. Along the method,

1. :math:`E_{k+1}` is :math:`E_k` with every index shifted, and the newest iterate
   :math:`x_{k+1}` is replaced, wherever it stands as a vector, by the method's update — but every
   gradient and every function value keeps its own point: :math:`\nabla f(x_{k+1})` is a vector of
   its own and :math:`f(x_{k+1})` a scalar of its own, so the vectors stay dimension-free
   (:func:`difference_along`);
2. the function class is used through its interpolation inequalities between every ordered pair of
   the points the difference names (Taylor, Hendrickx, Glineur 2017, Thm 4; see
   :func:`interpolation_inequalities`);
3. a certificate is :math:`E_{k+1} - E_k + \rho E_k = -\sum_{ij}\lambda_{ij}s_{ij} - b^\top Qb` with
   multipliers :math:`\lambda_{ij} \ge 0` and :math:`Q \succeq 0` for every :math:`k \ge k_0` on an
   exact parameter region (:func:`certify_step`). Numeric suggests: the SDP at sample parameter values
   (:mod:`symflow.lyapunov.sdp`) says which multipliers vanish; exact decides: the others are solved
   exactly in SymPy, the remainder is split by :math:`LDL^\top` and the region is exact. The
   multiplier candidates of continuous time are the fallback.

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

from dataclasses import dataclass, field
from itertools import permutations

from sympy import (
    Add,
    Dummy,
    Eq,
    Expr,
    Integer,
    Le,
    Matrix,
    Mul,
    S,
    Symbol,
    cancel,
    expand,
    factor,
    oo,
)

from ..core.derivation import Status, Step
from ..core.errors import NotSemidefinite, UnsupportedError
from ..core.limits import check_budget
from ..core.model import Method
from ..core.symbols import AppliedVector, k, x0, x_star
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
from .psd import gram_squares, ldl, principal_minors
from .region import Region, parameter_region, prove_nonnegative
from .sdp import sample_points, vanishing_multipliers

__all__ = ["PointForm", "point_form", "difference_along", "interpolation_inequalities", "StepCertificate",
           "certify_step"]


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

    def in_basis(self, basis: tuple) -> "PointForm":
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
    if cancel(fstar + Add(*values.values())) != 0:
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

    M = Matrix.zeros(n, n)
    for (u, v), c in pairs.items():
        M += c * (coords(u) * coords(v).T + coords(v) * coords(u).T) / 2
    M = M.applyfunc(cancel)
    if any(M[-1, j] != 0 for j in range(n)):
        raise UnsupportedError("the scalar depends on x* other than through x_k - x* and f*")
    return PointForm({p: cancel(c) for p, c in values.items() if cancel(c) != 0}, tuple(basis),
                     M[:n - 1, :n - 1])


# -------------------------------------------------------------------------------------------------
def _shift(expr: Expr, index=k) -> Expr:
    return S(expr).subs(index, index + 1)


def _bare(expr: Expr, rule: dict) -> Expr:
    """Substitute iterates where they stand as vectors; gradients and values keep their points."""
    expr = S(expr)
    if isinstance(expr, Inner):
        return inner(*(_bare(a, rule) for a in expr.args))
    if isinstance(expr, (NablaF, FValue)):
        return expr
    if expr in rule:
        return rule[expr]
    if not expr.args:
        return expr
    return expr.func(*[_bare(a, rule) for a in expr.args])


def difference_along(energy: Expr, method: Method, *, index=k) -> tuple:
    r"""``(difference, points)``: :math:`E_{k+1} - E_k` along ``method``, and the points it names.

    The method is first written as one explicit recurrence :math:`x_{k+1} = \Phi` in its primary
    sequence (auxiliary sequences eliminated); :math:`x_{k+1}` is replaced by :math:`\Phi` wherever it
    is a vector, never inside :math:`\nabla f(\cdot)` or :math:`f(\cdot)`.

    Examples
    --------
    >>> from symflow.core import x, k, s, norm2
    >>> from symflow.methods import gradient_descent
    >>> d, points = difference_along(norm2(x(k) - x_star) / 2, gradient_descent())
    >>> sorted(str(p) for p in points)
    ['x(k)', 'x^star']
    """
    recurrence = eliminate_auxiliary(method)
    newest = recurrence.sequence_function(index + 1)
    solved = _solve_newest(recurrence.expression, newest)
    shifted = _shift(energy, index)
    difference = expand(_bare(shifted, {newest: solved}) - S(energy))
    points = {x_star}
    for atom in difference.atoms(FValue, NablaF) | solved.atoms(NablaF):
        points.add(atom.args[0] if isinstance(atom, FValue) else atom.point)
    return difference, points


def _solve_newest(expression: Expr, newest) -> Expr:
    coefficients = vector_coefficients(expression)
    lead = coefficients.pop(newest, 0)
    if lead == 0 or any(newest in a.atoms(AppliedVector) for a in coefficients):
        raise UnsupportedError(f"the method is implicit in {newest}: discrete certificates need an explicit step")
    return Add(*[-c / lead * a for a, c in coefficients.items()])


# -------------------------------------------------------------------------------------------------
def interpolation_inequalities(points, function_class: FunctionClass, *, positions: dict | None = None) -> list:
    r"""The inequalities of Taylor, Hendrickx, Glineur (2017, Thm 4) between every ordered pair of points.

    For :math:`f \in \mathcal S_{\mu,L}` and points :math:`x_i, x_j` with gradients :math:`g_i, g_j`:
    :math:`f_i \ge f_j + \langle g_j, x_i - x_j\rangle + \frac{1}{2(1 - \mu/L)}\bigl(\tfrac1L\|g_i - g_j\|^2
    + \mu\|x_i - x_j\|^2 - \tfrac{2\mu}{L}\langle g_j - g_i, x_j - x_i\rangle\bigr)`;
    :math:`L = \infty` gives (strong) convexity. ``positions`` maps a point to the vector expression
    it stands for (the newest iterate to the method's update); :math:`\nabla f(x^\star) = 0`.

    Examples
    --------
    >>> from symflow.core import x, k, L
    >>> from symflow.lyapunov import smooth_convex
    >>> [q.name for q in interpolation_inequalities([x(k), x_star], smooth_convex(L))]
    ['interpolation (x(k), x^star)', 'interpolation (x^star, x(k))']
    """
    mu, L = function_class.mu, function_class.L
    positions = dict(positions or {})
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
        out.append(Inequality(f"interpolation ({pi}, {pj})", expand(linearize(slack))))
    return out


# -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepCertificate:
    r"""The outcome of :func:`certify_step`: :math:`E_{k+1} - E_k + \rho E_k = -\sum\lambda_i s_i - b^\top Q b`."""

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

    @property
    def display(self) -> Eq:
        r"""The certified identity, for documents."""
        lhs = Symbol("E_(k+1) - E_k") + self.rate * Symbol("E_k")
        if self.status != Status.PROVED:
            return Eq(lhs, self.difference + self.rate * self.energy)
        parts = [-factor(m) * q.slack for q, m in self.multipliers if m != 0]
        for d, row in zip(self.pivots, self.rows):
            parts.append(-factor(d) * SumOfSquares(Add(*[factor(row[0, j]) * self.basis[j]
                                                          for j in range(len(self.basis))])))
        return Eq(lhs, Add(*parts), evaluate=False)

    def identity(self) -> Expr:
        r""":math:`E_{k+1} - E_k + \rho E_k + \sum\lambda_i s_i + \sum_k d_k\|\ell_k\|^2`, expanded: 0 if valid."""
        total = (self.difference + self.rate * self.energy + Add(*[m * q.slack for q, m in self.multipliers])
                 + gram_squares(self.pivots, self.rows, self.basis))
        return point_form(total).expression() if total != 0 else Integer(0)


def _rate_bound(energy: Expr, iterate, start) -> tuple:
    r"""``(a_k, bound)``: :math:`E_k \ge a_k(f(x_k) - f^\star)` when the rest of :math:`E_k` is a semidefinite
    form for every :math:`k \ge k_0`, and :math:`f(x_k) - f^\star \le E_{k_0}/a_k`; ``(0, None)`` otherwise."""
    form = point_form(energy)
    weight = form.values.get(iterate, S.Zero)
    if set(form.values) - {iterate} or not all(prove_nonnegative(m, time=k, start=start)
                                               for m in principal_minors(form.matrix) + [weight]):
        return S.Zero, None
    if start != 0:
        return weight, None
    at_start = S(energy).subs(k, 0).xreplace({iterate.func(0): x0})
    bound = Le(FValue(iterate) - FValue(x_star), cancel(expand(linearize(at_start))) / weight, evaluate=False)
    return weight, bound


def certify_step(energy: Expr, method: Method, function_class: FunctionClass, *, rate: Expr = S.Zero,
                 start: Expr = S.Zero, max_candidates: int = 40) -> StepCertificate:
    r"""An exact certificate of :math:`E_{k+1} - E_k + \rho E_k \le 0` for every :math:`k \ge k_0`.

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

    Returns
    -------
    StepCertificate
        "proved" with the exact parameter region, or "unknown" with a reason.
    """
    rate = S(rate)
    difference, points = difference_along(energy, method)
    recurrence = eliminate_auxiliary(method)
    newest = recurrence.sequence_function(k + 1)
    positions = {newest: _solve_newest(recurrence.expression, newest)}
    target = expand(difference + rate * energy)
    steps = [Step("Energy", "The candidate Lyapunov function in the iterates.", (energy,)),
             Step("Difference along the method",
                  "E_(k+1) - E_k with the update substituted where the newest iterate is a vector; every "
                  "gradient and function value keeps its point.", (Eq(Symbol("E_(k+1) - E_k + rho E_k"), target),))]
    inequalities = interpolation_inequalities(points, function_class, positions=positions)
    forms = [point_form(_bare(q.slack, positions)) for q in inequalities]
    G = point_form(target)
    basis = list(G.basis)
    for f in forms:
        basis += [b for b in f.basis if b not in basis]
    basis = tuple(basis)
    G = G.in_basis(basis)
    forms = [f.in_basis(basis) for f in forms]
    unknowns = [Dummy(f"lambda{i}") for i in range(len(inequalities))]
    value_points = set(G.values).union(*[f.values for f in forms])
    equations = [G.values.get(p, 0) + Add(*[u * f.values.get(p, 0) for u, f in zip(unknowns, forms)])
                 for p in value_points]
    equations = [e for e in (cancel(e) for e in equations) if e != 0]
    n = len(basis)
    Q = -(G.matrix + sum((u * f.matrix for u, f in zip(unknowns, forms)), Matrix.zeros(n, n)))
    base = dict(energy=energy, method=method, function_class=function_class, rate=rate, difference=difference)
    reason = "no multipliers make the remainder semidefinite"
    ranked = []
    # numeric suggests: the multipliers the SDP sets to zero at sample parameter values ...
    order = sorted(value_points, key=str)
    parameters = sorted(target.free_symbols.union(*[q.slack.free_symbols for q in inequalities]) - {k}, key=str)
    zero = vanishing_multipliers(values=[G.values.get(p, 0) for p in order],
                                 value_forms=[[f.values.get(p, 0) for p in order] for f in forms],
                                 matrix=G.matrix, forms=[f.matrix for f in forms],
                                 samples=sample_points([k] + parameters, count=3))
    if zero is not None:
        # ... and exact decides: those multipliers set to zero, the rest solved exactly
        found = propagate(equations + [unknowns[i] for i in zero], unknowns, Q)
        if found is not None and not set().union(*[S(v).free_symbols for v in found[0].values()]) & set(unknowns):
            ranked.append((-1.0, -1, *found))
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
        try:
            pivots, rows = ldl(Qs)
        except NotSemidefinite as exc:
            reason = f"the remainder is indefinite ({exc})"
            continue
        multipliers = tuple((q, values[u]) for q, u in zip(inequalities, unknowns))
        # Q is semidefinite iff every principal minor is nonnegative: polynomial conditions, exact
        conditions = tuple(m for _, m in multipliers) + tuple(m for m in principal_minors(Qs) if m != 0)
        region = parameter_region(conditions, time=k, start=start)
        witness = region.witness(parameters)
        if region.empty or witness is None:
            reason = "the conditions on the multipliers and the remainder hold on no parameter value found"
            continue
        weight, bound = _rate_bound(energy, recurrence.sequence_function(k), start)
        cert = StepCertificate(**base, multipliers=multipliers, basis=basis, remainder=Qs, pivots=pivots,
                               rows=rows, region=region, status=Status.PROVED, weight=weight, bound=bound)
        steps += [Step("Interpolation inequalities",
                       f"Between every pair of the points {', '.join(sorted(map(str, points)))} "
                       "(Taylor, Hendrickx, Glineur 2017, Thm 4).", ()),
                  Step("Multipliers", "Matching the function values exactly; the remainder's LDLᵀ.",
                       tuple(Eq(Symbol(f"λ[{q.name}]"), factor(m)) for q, m in multipliers if m != 0)),
                  Step("Region", "Every multiplier and pivot nonnegative for all k ≥ k0.", (region.as_boolean(),))]
        if bound is not None:
            steps.append(Step("Rate", "E_k is nonincreasing and E_k ≥ a_k (f(x_k) - f*), so f(x_k) - f* ≤ E_(k0)/a_k, "
                              "with E_(k0) at the method's first iterate x_0.", (bound,)))
        return StepCertificate(**{**cert.__dict__, "steps": tuple(steps)})
    return StepCertificate(**base, status=Status.UNKNOWN, reason=reason, steps=tuple(steps))
