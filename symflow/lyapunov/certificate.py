r"""Exact Lyapunov certificates: :math:`\dot E + \rho E = -\sum_i \lambda_i s_i - \sum_k d_k\|\ell_k\|^2`.

:func:`certify` differentiates an energy along an ODE (:mod:`symflow.lyapunov.derivative`),
writes :math:`\dot E + \rho E` in Gram coordinates, and looks for multipliers
:math:`\lambda_i` of the function class's inequalities :math:`s_i \ge 0`
(:mod:`symflow.lyapunov.function_classes`) such that the rest is minus a positive
semidefinite quadratic form in the vectors :math:`X - x^\star, \dot X, \nabla f(X), \dots`:

1. the coefficient of :math:`f(X) - f^\star` and of every Hessian form must match
   exactly: linear equations in the :math:`\lambda_i`;
2. a diagonal entry of the remainder that vanishes forces its whole row to
   vanish (else the form is indefinite): more linear equations;
3. multipliers left free are set to zero in turn (smallest support first);
4. the remainder is split as :math:`\sum_k d_k \|\ell_k\|^2` (:func:`symflow.lyapunov.ldl`),
   and the region where every :math:`\lambda_i \ge 0`, :math:`d_k \ge 0` for all
   :math:`t \ge t_0` (and the energy bounds :math:`E \ge a(t)(f - f^\star)` hold)
   is computed exactly (:mod:`symflow.lyapunov.region`).

A certificate whose region is empty is not a proof: the status is then
"unknown" (see :mod:`symflow.lyapunov.counterexample` for counterexamples).

Examples
--------
>>> from symflow.core import ODE, X, t, x_star, grad, norm2
>>> from symflow.lyapunov import f_gap, convex
>>> cert = certify(t * f_gap() + norm2(X(t) - x_star) / 2, ODE(-grad(X(t)), 1), convex())
>>> cert.status, [m for _, m in cert.multipliers]
('proved', [1, 0])
>>> cert.identity()
0
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from sympy import (
    Add,
    Dummy,
    Eq,
    Expr,
    Integer,
    Matrix,
    Poly,
    Rational,
    S,
    Symbol,
    cancel,
    expand,
    factor,
    factor_list,
    fraction,
    roots,
)

from ..core.derivation import Status, Step
from ..core.errors import NotSemidefinite, SymflowError, UnsupportedError
from ..core.limits import check_budget
from ..core.model import ODE
from ..core.printing import text
from ..core.symbols import t as _t
from ..core.vectors import FValue, Inner, linearize, vector_coefficients
from .derivative import derivative_along, display, gram_form
from .function_classes import FunctionClass
from .multipliers import candidates, propagate, schur_equations, screen
from .psd import gram_squares, ldl
from .region import Region, parameter_region, prove_nonnegative

__all__ = ["SumOfSquares", "Certificate", "certify", "best_rate", "regular_interval"]


class SumOfSquares(Expr):
    r"""Display of :math:`d\,\|\ell\|^2` for a vector expression :math:`\ell` (printing only)."""

    def _latex(self, printer):
        return rf"\left\|{printer._print(self.args[0])}\right\|^{{2}}"

    def _sympystr(self, printer):
        return f"‖{printer._print(self.args[0])}‖²"


@dataclass(frozen=True)
class Certificate:
    r"""The outcome of :func:`certify`.

    Attributes
    ----------
    energy, ode, function_class, rate
        The claim :math:`\dot E + \rho E \le 0` along ``ode`` for every function in the class.
    derivative : Expr
        :math:`\dot E` in Gram coordinates.
    multipliers : tuple
        ``((Inequality, lambda), ...)``, :math:`\lambda \ge 0` on the region.
    basis : tuple
        The vectors of the remainder.
    remainder : Matrix
        :math:`Q \succeq 0` on the region; :math:`\dot E + \rho E = -\sum\lambda_i s_i - b^\top Q b`.
    pivots, rows : tuple
        :math:`Q = \sum_k d_k \ell_k^\top\ell_k`.
    energy_weight : Expr
        :math:`a(t)` with :math:`E \ge a(t)(f(X) - f^\star)`.
    conditions, strict : tuple
        Expressions that must be :math:`\ge 0` (resp. :math:`> 0`) for all :math:`t \ge t_0`.
    region : Region
    status : str
        "proved" (non-empty region) or "unknown".
    reason : str
        Why the status is "unknown".
    inequalities : tuple
        The class's inequalities the search used.
    steps : tuple of Step
        Built on first use.
    """

    energy: Expr
    ode: ODE
    function_class: FunctionClass
    rate: Expr
    derivative: Expr
    multipliers: tuple = ()
    basis: tuple = ()
    remainder: Matrix = field(default_factory=lambda: Matrix())
    pivots: tuple = ()
    rows: tuple = ()
    energy_weight: Expr = S.Zero
    conditions: tuple = ()
    strict: tuple = ()
    region: Region = field(default_factory=Region)
    status: Status = Status.UNKNOWN
    reason: str = ""
    inequalities: tuple = ()

    @cached_property
    def steps(self) -> tuple:
        """The derivation for documents: energy, dynamics, derivative, class, multipliers, remainder, region."""
        return _steps(self)

    def norm_bound(self, vector: Expr) -> Expr | None:
        r"""The largest :math:`c` with :math:`\dot E + \rho E \le -c\|v\|^2`, read off the remainder exactly.

        :math:`\dot E + \rho E = -\sum\lambda_i s_i - b^\top Qb \le -b^\top Qb`, and
        :math:`b^\top Qb \ge c\|v\|^2` for the Schur complement :math:`c = Q_{vv} - Q_{vR}Q_{RR}^{-1}Q_{Rv}`
        of the rest :math:`R` of the basis. None when the certificate is not proved, :math:`v` is not in
        the basis, or :math:`Q_{RR}` is singular.

        Examples
        --------
        >>> from symflow.core import ODE, X, t, x_star, grad, norm2
        >>> from symflow.lyapunov import f_gap, smooth_convex
        >>> cert = certify(t * f_gap() + norm2(X(t) - x_star) / 2, ODE(-grad(X(t)), 1), smooth_convex())
        >>> cert.norm_bound(grad(X(t)))
        (2*L*t + 1)/(2*L)
        """
        if self.status != Status.PROVED or vector not in self.basis:
            return None
        j = self.basis.index(vector)
        Q = self.remainder
        rest = [i for i in range(Q.shape[0]) if i != j and any(Q[i, m] != 0 for m in range(Q.shape[0]))]
        if all(cancel(Q[j, i]) == 0 for i in rest):
            return factor(cancel(Q[j, j]))
        QR = Q.extract(rest, rest)
        denominator = cancel(QR.det(method="berkowitz"))
        if denominator == 0:
            return self._last_pivot(j)
        whole = Q.extract(rest + [j], rest + [j])
        return factor(cancel(whole.det(method="berkowitz") / denominator))

    def _last_pivot(self, j: int) -> Expr | None:
        r"""When :math:`Q_{RR}` is singular: the last LDLᵀ pivot, if its row is :math:`v` alone.

        :math:`b^\top Qb = \sum_k d_k(\ell_k b)^2 \ge d_{last}\|v\|^2` when :math:`\ell_{last} = e_v`
        and every :math:`d_k \ge 0` (a proved certificate). None otherwise.
        """
        if not self.rows:
            return None
        last = self.rows[-1]
        if last[0, j] == 1 and all(last[0, i] == 0 for i in range(last.shape[1]) if i != j):
            return factor(cancel(self.pivots[-1]))
        return None

    def squares(self) -> Expr:
        r"""The remainder :math:`\sum_k d_k \|\ell_k\|^2` in Gram coordinates."""
        return gram_squares(self.pivots, self.rows, self.basis)

    def identity(self) -> Expr:
        r""":math:`\dot E + \rho E + \sum\lambda_i s_i + \sum_k d_k\|\ell_k\|^2`, expanded: 0 for a valid certificate."""
        total = self.derivative + self.rate * self.energy
        total += Add(*[m * q.slack for q, m in self.multipliers]) + self.squares()
        return _cancel_coordinates(total)

    @property
    def display(self) -> Eq:
        r"""The certified identity as an equation for documents."""
        lhs = display(self.derivative + self.rate * self.energy)
        if self.status != Status.PROVED:
            return Eq(Symbol("dE/dt") + self.rate * Symbol("E"), lhs)
        parts = [-factor(m) * display(q.slack) for q, m in self.multipliers if m != 0]
        for d, row in zip(self.pivots, self.rows):
            vector = Add(*[factor(row[0, j]) * self.basis[j] for j in range(len(self.basis))])
            parts.append(-d * SumOfSquares(vector))
        return Eq(lhs, Add(*parts))


@lru_cache(maxsize=512)
def inequality_form(slack: Expr):
    """The Gram form of a class inequality's slack (the same few slacks recur: kept once computed)."""
    return gram_form(slack)


def _cancel_coordinates(expr: Expr) -> Expr:
    from sympy import Mul


    grouped: dict = {}
    for term in Add.make_args(expand(linearize(expr))):
        coordinates = [f for f in Mul.make_args(term) if isinstance(f, (Inner, FValue))]
        key = Mul(*coordinates)
        grouped[key] = grouped.get(key, Integer(0)) + term / key
    return Add(*[cancel(c) * k for k, c in grouped.items()])


def _energy_bound(energy: Expr, function_class: FunctionClass, *, time=None, start=S.Zero) -> tuple | None:
    r"""``(a, pivots, theta)``: :math:`E = a F + \theta c\,s_0 + \sum d_k\|\ell_k\|^2` with :math:`s_0 \ge 0`.

    :math:`s_0` is the class's inequality :math:`f(X) - f^\star \ge \dots` and
    :math:`c` the coefficient of :math:`F` in :math:`E`. The smallest :math:`\theta` is solved
    exactly where the determinant of the remainder vanishes (the best constant); when that
    cannot be used, the smallest of 0, 1/2, 3/4, 7/8, 15/16, 1 whose pivots are proved
    nonnegative (so :math:`a = (1 - \theta)c`).
    """
    time = _t if time is None else time
    form = gram_form(energy)
    if any(x != 0 for x in form.hessian):
        return None
    lower = gram_form(function_class.inequalities()[1].slack)
    basis = tuple(list(form.basis) + [b for b in lower.basis if b not in form.basis])
    form, lower = form.in_basis(basis), lower.in_basis(basis)
    fallback = None
    for theta in _theta_candidates(form, lower):
        check_budget("bounding the energy below")
        M = form.matrix - theta * form.value * lower.matrix
        try:
            pivots, _ = ldl(M)
        except NotSemidefinite:
            continue
        weight = cancel((1 - theta) * form.value)
        conditions = tuple(pivots) + ((theta,) if not theta.is_Rational else ())  # theta >= 0 too
        if all(prove_nonnegative(d, time=time, start=start) for d in conditions):
            return weight, conditions, theta
        fallback = fallback or (weight, conditions, theta)
    return fallback


def _theta_candidates(form, lower) -> list:
    r"""The exact smallest :math:`\theta` with :math:`M - \theta c\,M_0 \succeq 0` (where the determinant
    vanishes, when it is linear in :math:`\theta`), then the fixed list 0, 1/2, 3/4, 7/8, 15/16, 1."""
    fixed = [S.Zero, S.Half, Rational(3, 4), Rational(7, 8), Rational(15, 16), S.One]
    theta = Dummy("theta")
    determinant = cancel((form.matrix - theta * form.value * lower.matrix).det(method="berkowitz"))
    numerator = fraction(determinant)[0]
    if not numerator.has(theta) or Poly(numerator, theta).degree() != 1:
        return fixed
    a, b = Poly(numerator, theta).all_coeffs()
    root = cancel(-b / a)
    if root.is_Rational and not 0 < root < 1:
        return fixed
    return [root] + fixed
def certify(energy: Expr, ode: ODE, function_class: FunctionClass, *, rate: Expr = S.Zero,
            max_candidates: int = 40) -> Certificate:
    r"""An exact certificate of :math:`\dot E + \rho E \le 0` along ``ode`` for every ``f`` in the class.

    Parameters
    ----------
    energy : Expr
        The energy in Gram coordinates.
    ode : ODE
    function_class : FunctionClass
    rate : Expr
        :math:`\rho` (0: :math:`E` nonincreasing).
    max_candidates : int
        How many multiplier choices to try before giving up.

    Returns
    -------
    Certificate
        With status "proved" and its region, or "unknown" with a reason.

    Examples
    --------
    >>> from symflow.core import X, t, x_star, mu, grad
    >>> from symflow.lyapunov import f_gap, strongly_convex
    >>> cert = certify(f_gap(), ODE(-grad(X(t)), 1), strongly_convex(), rate=2 * mu)
    >>> cert.status, cert.pivots
    ('proved', (1,))
    """
    rate = S(rate)
    interval = regular_interval(energy, ode)
    derivative = derivative_along(energy, ode)
    target = expand(derivative + rate * energy)
    form = gram_form(target)
    inequalities = list(function_class.inequalities())
    for i, u in enumerate(form.basis):
        if any(form.hessian[i, j] != 0 for j in range(len(form.basis))):
            inequalities += function_class.hessian_inequalities(u)
    forms = [inequality_form(q.slack) for q in inequalities]
    basis = list(form.basis)
    for f in forms:
        basis += [b for b in f.basis if b not in basis]
    basis = tuple(basis)
    G = form.in_basis(basis)
    forms = [f.in_basis(basis) for f in forms]
    unknowns = [Dummy(f"lambda{i}") for i in range(len(inequalities))]
    n = len(basis)
    equations = [G.value + Add(*[u * f.value for u, f in zip(unknowns, forms)])]
    equations += [G.hessian[i, j] + Add(*[u * f.hessian[i, j] for u, f in zip(unknowns, forms)])
                  for i in range(n) for j in range(i, n)]
    equations = [e for e in (cancel(e) for e in equations) if e != 0]
    Q = -(G.matrix + sum((u * f.matrix for u, f in zip(unknowns, forms)), Matrix.zeros(n, n)))
    bound = _energy_bound(energy, function_class, time=ode.time, start=ode.start)
    energy_conditions, energy_strict, weight = [], [], S.Zero
    if bound is None:
        energy_conditions = [S.NegativeOne]
    else:
        # E >= a(t)(f - f*) + (semidefinite form) from the class: a(t) > 0 is needed only when E weighs f - f*
        weight, epivots, _ = bound
        energy_conditions = list(epivots)
        energy_strict = [weight] if weight != 0 else []
        if weight == 0 and all(cancel(p) == 0 for p in epivots):
            energy_conditions = [S.NegativeOne]  # the zero energy proves nothing
    base = dict(energy=energy, ode=ode, function_class=function_class, rate=rate, derivative=derivative,
                energy_weight=weight, inequalities=tuple(inequalities))
    reason = "no multipliers make the remainder semidefinite"
    parameters = sorted(S(target).free_symbols.union(*[S(q.slack).free_symbols for q in inequalities])
                        - {ode.time}, key=str)
    if interval is None:
        return Certificate(**base, status=Status.UNKNOWN, reason=_NOT_RATIONAL)
    split = []
    for count, (values, Qs) in enumerate(candidates(equations, unknowns, Q)):
        check_budget("searching for Lyapunov multipliers")
        if count >= max_candidates:
            break
        try:
            split.append((count, values, Qs, ldl(Qs)))
        except NotSemidefinite as exc:
            reason = f"the remainder is indefinite ({exc})"
    if not split:
        split = _schur_split(equations, unknowns, Q, max_candidates)
    def decide(split, best, reason):
        """The first proved of the three best-ranked candidates (else the first unproved one), and why."""
        # a numeric screen ranks the candidates only when there is a choice
        ranked = []
        for count, values, Qs, factors in split if len(split) > 1 else ():
            lambdas = [values[u] for u in unknowns]
            score = screen(lambdas + energy_conditions + energy_strict, Qs, time=ode.time, start=ode.start)
            ranked.append((-score, count, values, Qs, factors))
        if len(split) == 1:
            ranked = [(0, *split[0])]
        ranked.sort(key=lambda item: item[:2])
        for negative_score, _, values, Qs, (pivots, rows) in ranked[:3]:
            check_budget("checking a Lyapunov certificate")
            multipliers = tuple((q, values[u]) for q, u in zip(inequalities, unknowns))
            conditions = (tuple(m for _, m in multipliers) + tuple(pivots) + tuple(energy_conditions)
                          + tuple(interval))
            try:
                region = parameter_region(conditions, strict=energy_strict, time=ode.time, start=ode.start)
            except UnsupportedError as exc:
                reason = f"the parameter region could not be solved exactly ({exc})"
                continue
            # non-empty by an exact witness, never by numeric evidence
            proved = not region.empty and (not region.relations or region.witness(parameters) is not None)
            candidate = Certificate(**base, multipliers=multipliers, basis=basis, remainder=Qs, pivots=pivots,
                                    rows=rows, conditions=conditions, strict=tuple(energy_strict),
                                    region=region, status=Status.PROVED if proved else Status.UNKNOWN)
            if proved:
                return candidate, reason
            reason = "the conditions on the multipliers and the remainder hold for no parameter value"
            best = best or candidate
        return best, reason

    best, reason = decide(split, None, reason)
    if best is None or best.status != Status.PROVED:
        # the linear choices failed: try the tangencies of the remainder's minors (a double root, a maximum)
        tangent = _tangency_split(equations, unknowns, Q, max_candidates)
        if tangent:
            found, why = decide(tangent, None, reason)
            if found is not None and found.status == Status.PROVED:
                best = found
            elif best is None:
                best, reason = found, why
    if best is None or best.status != Status.PROVED:
        keep = {} if best is None else dict(multipliers=best.multipliers, basis=best.basis,
                                            remainder=best.remainder, pivots=best.pivots, rows=best.rows,
                                            conditions=best.conditions, strict=best.strict,
                                            region=best.region)
        return Certificate(**base, **keep, status=Status.UNKNOWN, reason=reason)
    return best


def _schur_split(equations, unknowns, Q, max_candidates) -> list:
    r"""Candidates whose pivot vanishes only after elimination (a rank-one part of the remainder): the
    row of that Schur complement must vanish too (:func:`~symflow.lyapunov.multipliers.schur_equations`),
    which fixes multipliers the diagonal alone leaves free. Tried only when no other candidate splits."""
    base = propagate(equations, unknowns, Q)
    extra = schur_equations(base[1], unknowns) if base is not None else []
    found = candidates(list(equations) + extra, unknowns, Q) if extra else ()
    return _splits(found, max_candidates, "searching for Lyapunov multipliers")


def _splits(found, max_candidates, what: str) -> list:
    """``(count, values, Q, ldl(Q))`` for the first ``max_candidates`` candidates whose remainder splits."""
    split = []
    for count, (values, Qs) in enumerate(found):
        check_budget(what)
        if count >= max_candidates:
            break
        try:
            split.append((count, values, Qs, ldl(Qs)))
        except NotSemidefinite:
            continue
    return split


def _tangency_split(equations, unknowns, Q, max_candidates) -> list:
    r"""Candidates at a tangency: a free multiplier fixed where a principal minor of the remainder that is
    quadratic in it has its double root or its maximum
    (:func:`~symflow.lyapunov.multipliers.tangency_equations`). Tried only when the linear choices prove
    nothing, so a plain verification pays nothing for them."""
    return _splits(candidates(equations, unknowns, Q, tangency=True), max_candidates,
                   "searching for Lyapunov multipliers at a tangency")


def _steps(cert: Certificate) -> tuple:
    """The derivation of a certificate, for documents (built on first use)."""
    target = expand(cert.derivative + cert.rate * cert.energy)
    steps = [Step("Energy", "The candidate Lyapunov function, in Gram coordinates.", (display(cert.energy),)),
             Step("Dynamics", "The trajectories follow the ODE, solved for its highest derivative.",
                  (cert.ode.equation,)),
             Step("Derivative along the flow",
                  "Chain rule in Gram coordinates, the highest derivative replaced by the ODE"
                  + (f", plus rho E with rho = {cert.rate}" if cert.rate != 0 else "") + ".",
                  (Eq(Symbol("dE/dt") + cert.rate * Symbol("E"), display(target)),)),
             Step("Function class", f"Valid inequalities for {cert.function_class.describe()} f, "
                  "with x* a minimiser.", tuple(display(q.slack) >= 0 for q in cert.inequalities))]
    if cert.status == Status.PROVED:
        return tuple(steps + _proof_steps(cert))
    return tuple(steps + [Step("No certificate", cert.reason + ".",
                               tuple(display(m * q.slack) for q, m in cert.multipliers))])


_NOT_RATIONAL = ("the start t0 may be negative and the claim is not rational in t: symflow proves such claims "
                 "only from a start t0 >= 0")


def _energy_coefficients(energy: Expr) -> list:
    """The scalar coefficients of the energy's Gram form."""
    form = gram_form(energy)
    return [S(c) for c in [form.value] + list(form.matrix) + list(form.hessian) if S(c) != 0]


def regular_interval(energy: Expr, ode: ODE) -> tuple | None:
    r"""Conditions on the parameters for the claim to be regular on :math:`(t_0, \infty)`.

    Every coefficient of the ODE and of the energy is examined: a pole at a time
    :math:`t_p > t_0` is refused, a pole at a symbolic time gives the condition
    :math:`t_0 - t_p \ge 0` (returned, for the region). When :math:`t_0` is not
    known to be nonnegative, the time's positivity cannot be used: the claim must
    then be rational in :math:`t`, else None is returned (no proof is attempted).

    Raises
    ------
    UnsupportedError
        When the ODE or the energy is singular inside :math:`(t_0, \infty)`.

    Examples
    --------
    >>> from symflow.core import X, t, grad
    >>> from symflow.lyapunov import f_gap
    >>> regular_interval(f_gap(), ODE(-3 / t * X(t).diff(t) - grad(X(t)), 2))
    ()
    >>> regular_interval(f_gap(), ODE(-3 / t * X(t).diff(t) - grad(X(t)), 2, start=-1))
    Traceback (most recent call last):
    ...
    symflow.core.errors.UnsupportedError: the ODE is singular at t = 0, inside [t0, oo) with t0 = -1: give a start t0 >= 0
    """
    time, start = ode.time, S(ode.start)
    if start.has(time):
        raise UnsupportedError(f"the start t0 = {start} must not depend on t")
    conditions = []
    nonnegative_start = bool(start.is_nonnegative)
    for where, items in (("ODE", list(vector_coefficients(ode.rhs).values())),
                         ("energy", _energy_coefficients(energy))):
        for coefficient in items:
            check_budget("checking where the claim is regular")
            coefficient = S(coefficient)
            if not coefficient.has(time):
                continue
            if not coefficient.is_rational_function(time):
                if not nonnegative_start:
                    return None
                continue
            for base, _ in factor_list(fraction(cancel(coefficient))[1], time)[1]:
                if not base.has(time):
                    continue
                found = roots(Poly(base, time))
                if sum(found.values()) != Poly(base, time).degree():
                    raise UnsupportedError(f"cannot locate the poles of the {where} (at the zeros of {base})")
                for pole in found:
                    if pole.is_real is False:
                        continue
                    gap = cancel(pole - start)
                    if gap.is_nonpositive:
                        continue
                    if gap.is_positive:
                        raise UnsupportedError(f"the {where} is singular at t = {pole}, inside [t0, oo) with "
                                               f"t0 = {start}: give a start t0 >= {pole}")
                    conditions.append(-gap)
    return tuple(conditions)


def _proof_steps(cert: Certificate) -> list:
    used = [(q, m) for q, m in cert.multipliers]
    steps = [Step("Multipliers", "Matching the coefficients of f(X) - f* and of the Hessian forms, "
                  "and clearing the rows of vanishing diagonal entries.",
                  tuple(Eq(Symbol(f"λ[{q.name}]"), factor(m)) for q, m in used))]
    steps.append(Step("Remainder", "What is left is minus a quadratic form in "
                      + ", ".join(_text(b) for b in cert.basis) + "; LDLᵀ writes it as a sum of squares.",
                      (cert.display,)))
    steps.append(Step("Conditions", "Each multiplier, each pivot, and the energy's weight a(t) must be "
                      "nonnegative for every t ≥ t0 (those not automatic are shown).",
                  tuple(c for c in (factor(c) >= 0 for c in cert.conditions) if c is not S.true)))
    steps.append(Step("Region", "Solved exactly" + ("" if cert.region.exact else
                                                    " (sufficient: positive coefficients in t)") + ".",
                      (cert.region.as_boolean(),)))
    return steps


def _text(expr) -> str:
    return text(expr)


def best_rate(energy: Expr, ode: ODE, function_class: FunctionClass, *, scale: Expr = S.One,
              **options) -> tuple:
    r"""The largest :math:`\rho = \kappa\cdot\text{scale}` with a certificate, and that certificate.

    Returns
    -------
    (rho, Certificate)
        ``rho`` is None when no rate was found.

    Raises
    ------
    SymflowError
        When the set of admissible :math:`\kappa` is unbounded.

    Examples
    --------
    >>> from symflow.core import X, t, mu, grad
    >>> from symflow.lyapunov import f_gap, strongly_convex
    >>> best_rate(f_gap(), ODE(-grad(X(t)), 1), strongly_convex(), scale=mu)[0]
    2*mu
    """
    kappa = Symbol("kappa", positive=True)
    trial = certify(energy, ode, function_class, rate=kappa * scale, **options)
    sets = dict(trial.region.sets)
    if trial.status != Status.PROVED or kappa not in sets:
        return None, trial
    top = sets[kappa].sup
    if top == S.Infinity:
        raise SymflowError("every rate is admissible: the energy must be degenerate")
    rho = factor(top * scale)
    return rho, certify(energy, ode, function_class, rate=rho, **options)
