r"""Lyapunov synthesis: find an energy's unknown coefficients, and the best rate, in a family.

A *family* is an energy whose coefficients include *unknowns* :math:`\theta` ("there exists": the
answer is values), e.g. :math:`F + a\|X - x^\star\|^2 + 2b\langle X - x^\star, \dot X\rangle + c\|\dot X\|^2`
with unknowns :math:`a, b, c`; every other free symbol (:math:`\mu, L, s, r, \dots`) is a *parameter*
("for all": the answer is a region). Unknowns may be coefficients of an ansatz in :math:`t`
(``a0 + a1*t + a2*t**2``): they are constants, while multipliers may depend on :math:`t`.

Numeric suggests, exact decides (Moucer, Taylor, Bach 2022 search such families numerically;
here the answer is exact):

1. the certificate condition :math:`\dot E + \rho E + \sum_i\lambda_i s_i = -b^\top Qb` and the
   energy's nonnegativity :math:`E = \sum_j\nu_j s_j + b^\top Pb` are written as
   :class:`~symflow.lyapunov.sdp.Condition` s, affine in :math:`\theta` for fixed :math:`\rho`;
2. at sample parameter values (and sample times) cvxpy + Clarabel solve them
   (:func:`~symflow.lyapunov.sdp.solve_conditions`); for ``rate="best"`` a bisection finds the
   largest :math:`\rho` (:func:`~symflow.lyapunov.sdp.largest_rate`), and its dependence on the
   parameters is read off as a monomial (the *dimension* of the rate, e.g. :math:`\sqrt\mu`);
3. exact: the multipliers the SDP sets to zero are set to zero, the coefficient equations are
   solved in SymPy for the multipliers and the unknowns together (:func:`~symflow.lyapunov.propagate`,
   :func:`~symflow.lyapunov.candidates`), with the rate :math:`\kappa\cdot\text{scale}` symbolic;
   each candidate energy is handed to :func:`~symflow.lyapunov.certify`, whose exact region in
   :math:`\kappa` gives the best rate :math:`\kappa^\star` exactly (it must agree with the bisection);
4. above :math:`\rho^\star` the dual SDP (:func:`~symflow.lyapunov.sdp.violating_state`) gives a state —
   a Gram matrix and a value of :math:`f - f^\star`, realisable by a function of the class — where
   :math:`\dot E + \rho E > 0` for *every* member of the family; it is rounded to rationals, projected
   exactly, and re-checked in exact arithmetic before it refutes anything, and the trajectory of the
   found energy from that state is integrated to show the claimed decay fail.

Examples
--------
>>> from sympy import symbols
>>> from symflow.core import ODE, X, t, x_star, grad, norm2, mu
>>> from symflow.lyapunov import f_gap, strongly_convex
>>> a = symbols("a", real=True)
>>> found = synthesize(f_gap() + a * norm2(X(t) - x_star), ODE(-grad(X(t)), 1), strongly_convex(),
...                    unknowns=[a], rate=mu)
>>> found.status, found.certificate.identity()
('proved', 0)
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np
from sympy import (
    Add,
    Dummy,
    Eq,
    Expr,
    Integer,
    Matrix,
    Mul,
    Pow,
    Rational,
    S,
    Symbol,
    cancel,
    diff,
    expand,
    factor,
    lambdify,
    linsolve,
    nsimplify,
    sqrt,
)

from ..core.derivation import Status, Step
from ..core.errors import NotSemidefinite, SymflowError, UnsupportedError
from ..core.limits import check_budget
from ..core.model import ODE, Method
from ..core.printing import text
from ..core.symbols import VectorSymbol, x_star
from ..core.vectors import NablaF, vector_coefficients
from .certificate import Certificate, certify, inequality_form
from .derivative import derivative_along, display, gram_form
from .function_classes import FunctionClass
from .multipliers import candidates, propagate
from .psd import ldl
from .slow_mode import SlowMode, slow_mode
from .sdp import Condition, largest_rate, solve_conditions, violating_state

__all__ = ["Refutation", "Synthesis", "synthesize", "family_condition"]

#: the rate while it is a number of the bisection
_RHO = Symbol("rho_numeric")

#: rational sample values with rational square roots (so sqrt(mu), sqrt(s) stay exact)
SAMPLE_VALUES = {"mu": Rational(1, 4), "L": Integer(1), "s": Rational(1, 4)}


@dataclass(frozen=True)
class Refutation:
    r"""A state where :math:`\dot E + \rho E > 0` for every member of the family, checked exactly.

    Attributes
    ----------
    rate : Expr
        The rate refuted (:math:`\rho^\star + \varepsilon`).
    values : dict
        The parameter values (exact) and the time.
    basis : tuple
        The vectors whose Gram matrix is ``gram``.
    gram : Matrix
        Exact rational Gram matrix (positive definite).
    coordinates : tuple
        Exact values of the scalar coordinates (:math:`f(X) - f^\star`, ...).
    target : Expr
        :math:`\dot E + \rho E` at the state: the same positive number for every member.
    trajectory : tuple
        ``(times, E(t) e^{\rho t})`` along the integrated trajectory of the found energy (increasing),
        or empty when the class is smooth (the state is realisable by Taylor–Hendrickx–Glineur
        interpolation, but no trajectory is integrated).
    kind : str
        "flow" (a dual state), "step" (a one-step state in discrete time), or "mode": the exact slowest
        mode on a quadratic (:func:`~symflow.lyapunov.slow_mode.slow_mode`), which refutes every rate above
        :math:`\rho^\star` for all parameters; then ``target`` is :math:`\rho - 2\sigma` at the sample.
    mode : SlowMode or None
        The mode, for ``kind="mode"``.
    """

    rate: Expr
    values: dict
    basis: tuple
    gram: Matrix
    coordinates: tuple
    target: Expr
    trajectory: tuple = ()
    kind: str = "flow"
    mode: SlowMode = None

    def describe(self) -> str:
        """One sentence for documents."""
        where = ", ".join(f"{k} = {v}" for k, v in self.values.items())
        if self.kind == "mode":
            return (self.mode.describe() + f"; at {where} the rate {text(self.rate)} exceeds "
                    f"{text(self.mode.rate_bound.subs(self.values))} by {text(self.target)}")
        if self.kind == "step":
            return (f"at rate {text(self.rate)} ({where}), the one-step state with Gram matrix "
                    f"{text(self.gram.tolist())} of ({', '.join(text(b) for b in self.basis)}) and function "
                    f"values {text(list(self.coordinates))} satisfies every interpolation inequality (so a "
                    "function of the class realises it: Taylor, Hendrickx, Glineur 2017, Thm 4) and has "
                    f"E_(k+1) - E_k + rho E = {text(self.target)} > 0 for every member of the family (exact)")
        out = (f"at rate {text(self.rate)} ({where}), the state with Gram matrix {text(self.gram.tolist())} of "
               f"({', '.join(text(b) for b in self.basis)}) and f - f* = {text(self.coordinates[0])} has "
               f"dE/dt + rho E = {text(self.target)} > 0 for every member of the family (exact)")
        if self.trajectory:
            times, values = self.trajectory
            out += (f"; along the integrated trajectory of the found energy, E(t)e^(rho t) grows from "
                    f"{values[0]:.6g} to {values[-1]:.6g} on [0, {times[-1]:.3g}]")
        return out


@dataclass(frozen=True)
class Synthesis:
    r"""The outcome of :func:`synthesize`.

    Attributes
    ----------
    family : Expr
        The energy with unknowns.
    unknowns : tuple
    status : Status
        "proved" when an energy of the family is certified exactly at ``rate``.
    values : dict
        ``{unknown: exact value}``.
    energy : Expr or None
        The family at ``values``.
    rate : Expr
        The rate certified (for ``rate="best"``: :math:`\rho^\star`).
    certificate : Certificate or None
        The exact certificate of ``energy`` at ``rate``.
    best : bool
        Whether the rate was searched.
    numeric_rate : float or None
        The bisection's :math:`\rho^\star` at ``sample``.
    sample : dict
        The parameter values of the numeric search.
    refutation : Refutation or None
        No member of the family certifies a rate above :math:`\rho^\star` (checked exactly at ``sample``; or,
        ``kind="mode"``, no member positive on the ODE's slowest mode, for all parameters, the member found
        being positive on it).
    reason : str
        Why the status is "unknown".
    steps : tuple of Step
    method : Method or None
        The method of a discrete-time family.
    """

    family: Expr
    unknowns: tuple
    ode: ODE
    function_class: FunctionClass
    status: Status = Status.UNKNOWN
    values: dict = field(default_factory=dict)
    energy: Expr = None
    rate: Expr = S.Zero
    certificate: Certificate = None
    best: bool = False
    numeric_rate: float = None
    sample: dict = field(default_factory=dict)
    refutation: Refutation = None
    reason: str = ""
    steps: tuple = ()
    method: Method = None

    @property
    def display(self):
        """The result for documents: the energy found (and the rate it is certified for)."""
        if self.energy is None:
            return Symbol("no member found")
        return Eq(Symbol("E" if self.method is None else "E_k"), self.shown_energy)

    @property
    def shown_energy(self):
        """The energy found, as documents show it (Gram coordinates in continuous time)."""
        if self.energy is None:
            return None
        return display(self.energy) if self.method is None else self.energy

    def to_dict(self) -> dict:
        """A JSON-ready summary: status, rate, unknowns' values, energy, certificate, refutation."""
        cert = self.certificate
        out = {
            "status": str(self.status),
            "unknowns": [str(u) for u in self.unknowns],
            "best_rate": self.best,
            "rate": text(self.rate),
            "numeric_rate": self.numeric_rate,
            "sample": {str(k): text(v) for k, v in self.sample.items()},
            "values": {str(u): text(v) for u, v in self.values.items()},
            "energy": text(self.shown_energy) if self.energy is not None else None,
            "region": text(cert.region.as_boolean()) if cert is not None and self.status == Status.PROVED else None,
            "multipliers": ([{"inequality": q.text, "value": text(m)} for q, m in cert.multipliers]
                            if cert is not None else []),
            "remainder": ({"basis": [text(b) for b in cert.basis], "pivots": [text(d) for d in cert.pivots]}
                          if cert is not None else None),
            "reason": self.reason,
        }
        if self.refutation is not None and self.refutation.kind == "mode":
            ref, mode = self.refutation, self.refutation.mode
            out["refutation"] = {
                "kind": "mode", "rate": text(ref.rate), "values": {str(k): text(v) for k, v in ref.values.items()},
                "decay": text(mode.sigma), "rate_bound": text(mode.rate_bound),
                "characteristic_polynomial": text(mode.characteristic),
                "energy_on_mode": text(mode.energy_at_start), "rate_minus_bound": text(ref.target),
            }
        elif self.refutation is not None:
            ref = self.refutation
            out["refutation"] = {
                "rate": text(ref.rate), "values": {str(k): text(v) for k, v in ref.values.items()},
                "basis": [text(b) for b in ref.basis], "gram": [[text(x) for x in row] for row in ref.gram.tolist()],
                "f_gap": text(ref.coordinates[0]), "derivative_plus_rate_times_energy": text(ref.target),
                "trajectory": {"times": list(ref.trajectory[0]), "energy_times_exp": list(ref.trajectory[1])}
                if ref.trajectory else None,
            }
        return out


# -------------------------------------------------------------------------------------------------
def family_condition(target: Expr, function_class: FunctionClass, *, hessian: bool = True) -> tuple:
    r"""``(basis, inequalities, Condition)`` of "target :math:`+ \sum_i\lambda_i s_i = -b^\top Qb`" in Gram coordinates.

    The coordinates are :math:`f(X) - f^\star` and, with ``hessian``, every Hessian form of the basis.

    Examples
    --------
    >>> from symflow.core import X, t, x_star, grad, inner
    >>> from symflow.lyapunov import convex
    >>> basis, inequalities, c = family_condition(-inner(X(t) - x_star, grad(X(t))), convex())
    >>> c.matrix
    Matrix([
    [   0, -1/2],
    [-1/2,    0]])
    """
    form = gram_form(target)
    inequalities = list(function_class.inequalities())
    if hessian:
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
    n = len(basis)
    pairs = [(i, j) for i in range(n) for j in range(i, n)] if hessian else []
    values = (G.value,) + tuple(G.hessian[i, j] for i, j in pairs)
    value_forms = tuple((f.value,) + tuple(f.hessian[i, j] for i, j in pairs) for f in forms)
    condition = Condition(values, value_forms, G.matrix, tuple(f.matrix for f in forms))
    return basis, tuple(inequalities), condition


def _parameters(exprs, unknowns, time) -> list:
    symbols = set().union(*[S(e).free_symbols for e in exprs]) - set(unknowns) - {time, _RHO}
    return sorted((x for x in symbols if not isinstance(x, VectorSymbol)), key=str)


def _base_point(parameters) -> dict:
    return {p: SAMPLE_VALUES.get(p.name, Integer(4)) for p in parameters}


def _times(condition, ode, point) -> list:
    """Sample times t0 + tau (one time when no coefficient depends on t)."""
    start = float(S(ode.start).subs(point))
    if ode.time not in condition.symbols():
        return [start + 1.0]
    return [start + tau for tau in (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)]


def _normalization(family, unknowns, point, time) -> list:
    """When every term carries an unknown, fix the scale: weight of f - f* plus the trace = 1."""
    zero = {u: 0 for u in unknowns}
    if cancel(expand(S(family).xreplace(zero))) != 0:
        return []
    form = gram_form(family)
    size = (form.value + sum(form.matrix[i, i] for i in range(form.matrix.shape[0]))).subs(point)
    return [(size.subs(time, point.get(time, 1.0)), 1.0)]


def _numeric(conditions_at, unknowns, normalization, cache):
    return solve_conditions(conditions_at, unknowns, normalization=normalization, cache=cache)


def _recognise(value: float, tolerance: float = 1e-6) -> Expr | None:
    """A rational or quadratic irrational equal to ``value`` to ``tolerance`` relative (a suggestion, checked later)."""
    if not np.isfinite(value) or value <= 0:
        return None
    fraction = Fraction(value).limit_denominator(60)
    if abs(float(fraction) - value) <= tolerance * value:
        return Rational(fraction.numerator, fraction.denominator)
    guess = nsimplify(value, [sqrt(2), sqrt(3), sqrt(5)], tolerance=tolerance / 10 * value, rational=False)
    if guess.is_number and abs(float(guess) - value) <= tolerance * value and len(str(guess)) < 40:
        return guess
    return None


# -------------------------------------------------------------------------------------------------
def synthesize(family: Expr, ode: ODE, function_class: FunctionClass, *, unknowns, rate=S.Zero,
               parameters=None, refute_above: bool = True, sample: dict | None = None,
               kappa_region: bool = True) -> Synthesis:
    r"""Find values of the unknowns that make ``family`` a Lyapunov function, exactly; or the best rate.

    Parameters
    ----------
    family : Expr
        An energy in Gram coordinates whose coefficients contain the unknowns (affinely).
    ode : ODE
    function_class : FunctionClass
    unknowns : sequence of Symbol
        Existentially quantified: the answer gives their values.
    rate : Expr or "best"
        :math:`\rho` (0: :math:`E` nonincreasing), or "best" for the largest rate of the family.
    parameters : sequence of Symbol, optional
        The universally quantified symbols. When given, a free symbol that is neither a parameter nor
        an unknown is refused.
    refute_above : bool
        For ``rate="best"``: also refute :math:`\rho^\star + \varepsilon` for every member.
    sample : dict, optional
        Exact values of some parameters for the numeric search (and the refutation), replacing the
        defaults :data:`SAMPLE_VALUES` (:math:`\mu = s = 1/4`, :math:`L = 1`, else 4): a rate that holds
        only on part of the parameters needs a sample inside that part. Only the suggestion depends on
        it; the member found is certified for all parameters, and its region is exact.
    kappa_region : bool
        For ``rate="best"``: read :math:`\kappa^\star` off the exact region of a candidate certified with
        :math:`\kappa` symbolic (a decision in :math:`\kappa` and every parameter). With False, the
        bisection's :math:`\kappa` is recognised (a rational or quadratic irrational) and certified exactly
        there; then only the refutation above :math:`\rho^\star` says it is the best. For families whose
        region in :math:`\kappa` and two or more parameters is too large to decide.

    Returns
    -------
    Synthesis

    Raises
    ------
    SymflowError
        For unknowns that are not symbols of the family, or that enter it non-affinely, or free
        symbols of neither kind.

    Examples
    --------
    >>> from sympy import symbols, sqrt
    >>> from symflow.core import ODE, X, t, x_star, grad, norm2, inner, mu
    >>> from symflow.lyapunov import f_gap, strongly_convex
    >>> a, b, c = symbols("a b c", real=True)
    >>> V = X(t).diff(t)
    >>> family = f_gap() + a * norm2(X(t) - x_star) + 2 * b * inner(X(t) - x_star, V) + c * norm2(V)
    >>> found = synthesize(family, ODE(-2 * sqrt(mu) * V - grad(X(t)), 2), strongly_convex(),
    ...                    unknowns=[a, b, c], rate="best")
    >>> found.rate, found.values
    (4*sqrt(mu)/3, {a: 4*mu/9, b: 2*sqrt(mu)/3, c: 1/2})
    >>> found.refutation is not None and found.refutation.target > 0
    True
    """
    unknowns = tuple(unknowns)
    best = isinstance(rate, str)
    if best and rate != "best":
        raise SymflowError(f"rate must be an expression or 'best', not {rate!r}")
    powers = [u for u in unknowns if any(u in a.exp.free_symbols for a in S(family).atoms(Pow)
                                         if a.base == ode.time)]
    if powers:
        return _exponent_search(family, ode, function_class, unknowns, powers, rate, parameters)
    _check_unknowns(family, ode, unknowns, parameters, None if best else S(rate))
    time = ode.time
    steps = [Step("Family", "The energy with unknown coefficients " + ", ".join(map(str, unknowns))
                  + " (there exist); every other symbol is a parameter (for all).", (display(family),)),
             Step("Dynamics", "The trajectories follow the ODE.", (ode.equation,))]
    derivative = derivative_along(family, ode)
    numeric_rate_expr = _RHO if best else S(rate)
    target = expand(derivative + numeric_rate_expr * family)
    basis, inequalities, condition = family_condition(target, function_class)
    has_hessian = any(x != 0 for x in gram_form(family).hessian)
    energy_condition = None if has_hessian else family_condition(-family, function_class, hessian=False)[2]
    parameters_ = _parameters([target, family] + [q.slack for q in inequalities], unknowns, time)
    point = _base_point(parameters_)
    if sample:
        names = {str(p): p for p in parameters_}
        unknown = sorted(str(k) for k in sample if str(k) not in names)
        if unknown:
            raise SymflowError(f"sample value(s) for {', '.join(unknown)}, which are not parameters of the family "
                               f"(its parameters: {', '.join(names) or 'none'})")
        point.update({names[str(k)]: S(v) for k, v in sample.items()})
    times = _times(condition, ode, point)
    normalization = _normalization(family, unknowns, point, time)
    base = dict(family=family, unknowns=unknowns, ode=ode, function_class=function_class, best=best,
                sample=dict(point))

    def conditions_at(rho_value, where):
        fixed = {**{p: float(v) for p, v in where.items()}, _RHO: rho_value}
        out = [(condition, {**fixed, time: tau}) for tau in times]
        if energy_condition is not None:
            out += [(energy_condition, {**fixed, time: tau}) for tau in times]
        return out

    compiled: dict = {}

    def solve(rho_value, where):
        check_budget("solving the family's semidefinite program")
        return _numeric(conditions_at(rho_value, where), unknowns, normalization, compiled)

    scale, numeric_rate = S.One, None
    if best:
        numeric_rate = largest_rate(lambda x: solve(x, point), high=1.0, tolerance=1e-4)
        if numeric_rate is None:
            return _unknown(base, steps, "no member of the family is a Lyapunov function at rate 0 "
                            "(the numeric program is infeasible at the sample values)")
        if numeric_rate == float("inf") or numeric_rate <= 1e-9:
            return _unknown(base, steps, f"the best rate at the sample is {numeric_rate}: nothing to recognise",
                            numeric_rate=numeric_rate)
        if not kappa_region:  # recognition needs the digits: refine the bracket to the solver's accuracy
            numeric_rate = largest_rate(lambda x: solve(x, point), low=0.999 * numeric_rate,
                                        high=1.001 * numeric_rate, tolerance=1e-7) or numeric_rate
        scale = _dimension(lambda x, where: solve(x, where) is not None, point, numeric_rate)
        steps.append(Step("Numeric best rate", f"Bisection on the semidefinite program at {sample_text(point)}: "
                          f"rho* ≈ {numeric_rate:.9g}; its dependence on the parameters is rho* = kappa * "
                          f"{text(scale)} (fitted exponents).", ()))
    suggestion = solve(0.999 * numeric_rate if best else 0.0, point)
    if suggestion is None:
        return _unknown(base, steps, "the numeric program is infeasible at the sample values: no member of "
                        "the family is suggested", numeric_rate=numeric_rate)
    zero = suggestion.vanishing(1e-5)
    kappa = Symbol("kappa", positive=True)
    exact_rate = kappa * scale if best else S(rate)
    found = _exact(family, ode, function_class, unknowns, exact_rate, zero[:len(times)], suggestion,
                   point, kappa if best else None, numeric_rate / float(scale.subs(point)) if best else None,
                   homogeneous=bool(normalization), kappa_region=kappa_region)
    if found is None:
        return _unknown(base, steps, "no exact member of the family was found with the structure the numeric "
                        "solution suggests", numeric_rate=numeric_rate)
    values, certificate = found
    energy = certificate.energy
    steps.append(Step("Exact member", "The multipliers the numeric solution sets to zero are set to zero; the "
                      "coefficient equations are solved exactly for the multipliers and the unknowns; the "
                      "energy found is certified exactly.",
                      tuple(Eq(u, factor(v)) for u, v in values.items())))
    steps += list(certificate.steps)
    refutation = None
    if best and kappa_region:
        steps.append(Step("Best rate", "The exact region of the certificate with rho = kappa * "
                          f"{text(scale)} ends at kappa* = {text(cancel(certificate.rate / scale))}, which the "
                          f"bisection confirms (numerically {numeric_rate:.6g} at {sample_text(point)}).",
                          (Eq(Symbol("rho^star"), certificate.rate),)))
    elif best:
        steps.append(Step("Best rate", f"The bisection's rho* (numerically {numeric_rate:.6g} at "
                          f"{sample_text(point)}) over {text(scale)} is recognised as "
                          f"kappa* = {text(cancel(certificate.rate / scale))}, and the member is certified "
                          "exactly at that rate; that nothing in the family does better is the refutation below.",
                          (Eq(Symbol("rho^star"), certificate.rate),)))
    if best and refute_above:
        refutation = _refute_above(family, ode, function_class, unknowns, certificate.rate, point,
                                   energy, numeric_rate)
        if refutation is None:
            refutation = _mode_above(family, ode, function_class, certificate.rate, point, values)
        if refutation is not None:
            steps.append(Step("Nothing better in the family", refutation.describe() + ".", ()))
    return Synthesis(**base, status=certificate.status, values=values, energy=energy, rate=certificate.rate,
                     certificate=certificate, numeric_rate=numeric_rate, refutation=refutation,
                     reason=certificate.reason, steps=tuple(steps))


#: the exponents tried for an unknown power t**p of the ansatz, in increasing order
EXPONENT_GRID = tuple(Rational(n, 2) for n in range(1, 9))


def _exponent_search(family, ode, function_class, unknowns, powers, rate, parameters) -> Synthesis:
    r"""The largest exponent :math:`p` of an ansatz :math:`t^p` for which the family has a certified member.

    The family is affine in the other unknowns once :math:`p` is a number, so each exponent of
    :data:`EXPONENT_GRID` is a synthesis of its own (numeric suggestion, exact certificate); the answer is
    the largest exponent proved, and the document lists every exponent tried with its verdict. An
    exponent without a member is not refuted (the search is numeric there): the answer says "largest on
    the grid", not "largest".
    """
    if len(powers) > 1:
        raise SymflowError(f"one unknown exponent at a time, not {', '.join(map(str, powers))}")
    (p,) = powers
    rest = tuple(u for u in unknowns if u != p)
    if not rest:
        raise SymflowError(f"the unknown exponent {p} needs at least one unknown coefficient beside it")
    if parameters is not None:
        parameters = tuple(parameters)
    tried, found_best, failures = [], None, 0
    for value in EXPONENT_GRID:
        check_budget("searching the exponent of an ansatz")
        found = synthesize(family.xreplace({p: value}), ode, function_class, unknowns=rest, rate=rate,
                           parameters=parameters, refute_above=False)
        tried.append((value, found.status))
        if found.status == Status.PROVED:
            found_best, failures = (value, found), 0
        elif found_best is not None:
            failures += 1
            if failures == 2:
                break  # two exponents past the last proved one have no member: stop
    rows = tuple(Symbol(f"{p} = {text(v)}: {st}") for v, st in tried)
    search = Step("Exponent search", f"The ansatz's power t^{p}: each exponent of the grid is a synthesis in "
                  f"{', '.join(map(str, rest))}; the answer is the largest exponent proved on the grid "
                  "(an exponent without a member is not refuted).", rows)
    if found_best is None:
        return Synthesis(family, unknowns, ode, function_class, status=Status.UNKNOWN,
                         reason=f"no exponent {p} of the grid has a certified member", steps=(search,))
    value, found = found_best
    return replace(found, family=family, unknowns=unknowns, values={p: value, **found.values},
                   steps=(search,) + tuple(found.steps))


def tidy_coefficient(value: Expr) -> Expr:
    r"""A coefficient in lowest terms, factored; a positive symbol under a square root is written as a square
    first (so that :math:`(\mu^{3/2}\sqrt s + \mu)/(\sqrt{\mu s} + 1)` becomes :math:`\mu`)."""
    value = S(value)
    roots = {p.base for p in value.atoms(Pow) if p.base.is_Symbol and p.base.is_positive
             and p.exp.is_Rational and p.exp.q == 2}
    squares = {x: Dummy(x.name, positive=True) for x in roots}
    value = cancel(expand(value.subs({x: d**2 for x, d in squares.items()})))
    return factor(factor(value).subs({d: sqrt(x) for x, d in squares.items()}))


def _unknown(base, steps, reason, **extra) -> Synthesis:
    return Synthesis(**base, **extra, status=Status.UNKNOWN, reason=reason,
                     steps=tuple(steps + [Step("No member found", reason + ".", ())]))


def sample_text(point) -> str:
    """Parameter values as documents name them: ``mu = 1/4, s = 1/4`` (or "no parameters")."""
    return ", ".join(f"{p} = {v}" for p, v in point.items()) or "no parameters"


def _check_unknowns(family, ode, unknowns, parameters, rate) -> None:
    symbols = S(family).free_symbols
    for u in unknowns:
        if not isinstance(u, Symbol):
            raise SymflowError(f"an unknown must be a symbol, not {u}")
        if u not in symbols:
            raise SymflowError(f"the unknown {u} does not occur in the energy")
        if u in S(ode.rhs).free_symbols or (rate is not None and u in rate.free_symbols):
            raise SymflowError(f"the unknown {u} occurs in the ODE or the rate: unknowns are the energy's "
                               "coefficients")
        if u == ode.time:
            raise SymflowError("the time cannot be an unknown")
    form = gram_form(family)
    for c in [form.value] + list(form.matrix) + list(form.hessian):
        for u in unknowns:
            if diff(c, u, 2) != 0 or any(diff(c, u, v) != 0 for v in unknowns):
                raise SymflowError(f"the unknowns must enter the energy's coefficients affinely (not in {c}); "
                                   "write a product of unknowns as one unknown")
    if parameters is not None:
        extra = (symbols | S(ode.rhs).free_symbols | (rate.free_symbols if rate is not None else set())) \
            - set(unknowns) - set(parameters) - {ode.time}
        extra = {x for x in extra if not isinstance(x, VectorSymbol)}
        if extra:
            raise SymflowError(f"free symbol(s) {', '.join(sorted(map(str, extra)))} are neither parameters (for "
                               "all) nor unknowns (there exist): declare each as one or the other")


_EXPONENTS = (S.Half, S.One, S.Zero, Rational(3, 2), Integer(2), -S.Half, -S.One)


def _dimension(feasible, point, value) -> Expr:
    r"""The monomial in the parameters that carries the rate's dependence on them.

    For each parameter :math:`p`, moved to :math:`	frac32 p`, the exponent :math:`e` is the first of
    1/2, 1, 0, 3/2, 2, -1/2, -1 for which the program is feasible at :math:`(1 - 10^{-3})
ho(	frac32)^e`
    and infeasible at :math:`(1 + 10^{-3})
ho(	frac32)^e` (a suggestion: the exact region decides).
    """
    scale = S.One
    for p, v in point.items():
        moved = {**point, p: v * Rational(3, 2)}
        for exponent in _EXPONENTS:
            guess = value * 1.5 ** float(exponent)
            if feasible(guess * (1 - 1e-3), moved) and not feasible(guess * (1 + 1e-3), moved):
                if exponent != 0:
                    scale *= p ** exponent
                break
    return scale


def _exact(family, ode, function_class, unknowns, rate, zero, suggestion, point, kappa, kappa_numeric, *,
           homogeneous=False, kappa_region=True):
    """An exact member of the family, certified: ``(values, Certificate)`` or None.

    A family whose every term carries an unknown is homogeneous: its scale is fixed by setting the
    unknown of largest numeric size to 1 (or -1, its sign).
    """
    time = ode.time
    target = expand(derivative_along(family, ode) + rate * family)
    basis, inequalities, condition = family_condition(target, function_class)
    lambdas = [Dummy(f"lambda{i}") for i in range(len(inequalities))]
    n = len(basis)
    equations = [v + Add(*[u * forms[c] for u, forms in zip(lambdas, condition.value_forms)])
                 for c, v in enumerate(condition.values)]
    equations = [e for e in (cancel(e) for e in equations) if e != 0]
    Q = -(condition.matrix + sum((u * M for u, M in zip(lambdas, condition.forms)), Matrix.zeros(n, n)))
    vanishing = set(zero[0]) if zero else set()
    for z in zero[1:]:
        vanishing &= set(z)
    suggested = equations + [lambdas[i] for i in sorted(vanishing)]
    unknown_list = lambdas + list(unknowns)
    numeric = np.array([suggestion.unknowns[u] for u in unknowns])
    size = float(np.max(np.abs(numeric))) if len(numeric) else 0.0
    suggested += [u for u, v in zip(unknowns, numeric) if abs(v) <= 1e-6 * size]  # coefficients the SDP sets to 0
    if homogeneous:
        j = int(np.argmax(np.abs(numeric)))
        sign = 1 if numeric[j] > 0 else -1
        numeric = numeric / abs(numeric[j])
        equations = equations + [unknowns[j] - sign]
        suggested = suggested + [unknowns[j] - sign]
    at = {**point, **({kappa: kappa_numeric} if kappa is not None else {})}

    def distance(theta):
        try:
            guess = np.array([float(S(theta[u]).subs(at)) for u in unknowns])
        except (TypeError, ValueError):
            return float("inf")
        return float(np.linalg.norm(guess - numeric)) / (1.0 + float(np.linalg.norm(numeric)))

    def attempt(theta):
        check_budget("certifying a member of the family")
        energy = family.xreplace(theta)
        if kappa is None:
            cert = certify(energy, ode, function_class, rate=rate)
            return ({u: tidy_coefficient(v) for u, v in theta.items()}, cert) if cert.status == Status.PROVED else None
        best = _best_kappa(energy, ode, function_class, rate, kappa, kappa_numeric, kappa_region)
        if best is None:
            return None
        top, cert = best
        return {u: tidy_coefficient(S(v).subs(kappa, top)) for u, v in theta.items()}, cert

    return nearest_member([suggested, equations], unknown_list, Q, unknowns, time, distance,
                          lambda values, _: attempt({u: values[u] for u in unknowns}))


def nearest_member(systems, unknown_list, Q, unknowns, time, distance, attempt):
    r"""The first certified member among the exact candidates of ``systems`` (each a list of equations):
    those within :math:`10^{-2}` of the numeric solution (``distance(theta)``) are tried at once, then the
    four nearest others. ``attempt(values, Q(values))`` returns a certified member or None; candidates whose
    unknowns depend on ``time`` are skipped. When the linear choices give no member, the choices at a
    tangency of the remainder's minors (``candidates(..., tangency=True)``) are tried the same way, the
    four nearest of each system before the next system's choices are listed (listing them is the slow
    part). Shared by continuous and discrete synthesis."""
    seen = set()
    for tangency in (False, True):
        tried, attempted = [], set()
        for equations in systems:
            if tried and tangency:
                # the nearest of the suggested system first: its tangency choices are the slow ones to list
                for _, index, values, Qs in sorted((item for item in tried if item[1] not in attempted),
                                                   key=lambda item: item[:2])[:4]:
                    attempted.add(index)
                    found = attempt(values, Qs)
                    if found is not None:
                        return found
            for count, (values, Qs) in enumerate(candidates(equations, unknown_list, Q, constants=unknowns,
                                                            time=time, limit=200, tangency=tangency)):
                check_budget("solving for an exact member of the family")
                if count >= 40:
                    break
                theta = {u: values[u] for u in unknowns}
                key = tuple(theta.values())
                if key in seen or any(S(v).has(time) for v in theta.values()):
                    continue
                seen.add(key)
                close = distance(theta)
                if close < 1e-2:
                    found = attempt(values, Qs)
                    if found is not None:
                        return found
                    continue
                tried.append((close, len(tried), values, Qs))
        tried.sort(key=lambda item: item[:2])
        for _, _, values, Qs in [item for item in tried if item[1] not in attempted][:4]:
            found = attempt(values, Qs)
            if found is not None:
                return found
    return None


def _best_kappa(energy, ode, function_class, rate, kappa, kappa_numeric, region=True):
    """The exact largest kappa of a candidate (its certificate's region, or recognised), matching the bisection."""
    trial = certify(energy, ode, function_class, rate=rate) if region else None
    sets = dict(trial.region.sets) if trial is not None else {}
    top = None
    if trial is not None and trial.status == Status.PROVED and kappa in sets and sets[kappa].sup.is_finite:
        top = sets[kappa].sup
    else:  # the semidefinite solver's feasibility is good to about 1e-5: recognition alone reads 1e-4
        guess = _recognise(kappa_numeric, 1e-6 if region else 1e-4)
        if guess is None:
            return None
        top = guess
    if abs(float(top) - kappa_numeric) > 1e-3 * max(1.0, kappa_numeric):
        return None
    cert = certify(energy.subs(kappa, top), ode, function_class, rate=factor(rate.subs(kappa, top)))
    if cert.status != Status.PROVED:
        return None
    return top, cert


# -------------------------------------------------------------------------------------------------
def _rational(x: float, denominator: int = 10**6) -> Rational:
    fraction = Fraction(float(x)).limit_denominator(denominator)
    return Rational(fraction.numerator, fraction.denominator)


def _linsolve(equations, symbols) -> dict | None:
    solutions = linsolve(equations, symbols)
    if not solutions:
        return None
    (solution,) = solutions
    if any(v.free_symbols for v in solution):
        return None
    return dict(zip(symbols, solution))


def _mode_above(family, ode, function_class, rho_star, point, values):
    """Every rate above rho* refuted by the exact slowest mode on a quadratic, when rho* is its bound and the
    member found is positive on the mode (for all parameters)."""
    mode = slow_mode(family, ode, function_class)
    if mode is None or cancel(mode.rate_bound - rho_star) != 0:
        return None
    if not mode.positive_on(values):
        return None
    rho = S(rho_star).subs(point) * Rational(51, 50)
    return Refutation(rho, dict(point), (), Matrix(0, 0, []), (), rho - mode.rate_bound.subs(point),
                      kind="mode", mode=mode)


def _refute_above(family, ode, function_class, unknowns, rho_star, point, energy, numeric_rate):
    """A dual state at rho* + epsilon, exact, and the found energy's trajectory from it."""
    rho = S(rho_star).subs(point) * Rational(51, 50)  # rho* + epsilon with epsilon = rho*/50
    target = expand(derivative_along(family, ode) + rho * family)
    basis, inequalities, condition = family_condition(target.subs(point), function_class)
    if len(condition.values) > 1 and any(S(v) != 0 for v in condition.values[1:]):
        return None  # Hessian coordinates: the dual state would need a Hessian too
    start = S(ode.start).subs(point)
    tau = start + 1 if not start.is_number or start >= 0 else Integer(1)
    at = {**point, ode.time: tau}
    condition = Condition(tuple(S(v).subs(at) for v in condition.values),
                          tuple(tuple(S(x).subs(at) for x in row) for row in condition.value_forms),
                          condition.matrix.subs(at), tuple(M.subs(at) for M in condition.forms))
    state = violating_state(condition, unknowns, {})
    if state is None:
        return None
    G, y = state
    exact = exact_state(condition, unknowns, G, y)
    if exact is None:
        return None
    gram, coordinates, value = exact
    trajectory = _trajectory(energy, ode, function_class, basis, gram, coordinates, rho, point, tau)
    return Refutation(rho, {**point, ode.time: tau}, basis, gram, coordinates, value, trajectory)


def _pairing(condition, unknowns, gram, coordinates):
    """The target's parts (constant, coefficient of each unknown) and the inequalities at the state."""
    n = gram.shape[0]

    def pair(values, M):
        return expand(Add(*[v * c for v, c in zip(values, coordinates)])
                      + Add(*[M[i, j] * gram[i, j] for i in range(n) for j in range(n)]))

    zero = {u: 0 for u in unknowns}
    constant = pair([S(v).xreplace(zero) for v in condition.values], condition.matrix.xreplace(zero))
    parts = [pair([diff(v, u) for v in condition.values], condition.matrix.diff(u)) for u in unknowns]
    slacks = [pair(vf, M) for vf, M in zip(condition.value_forms, condition.forms)]
    return constant, parts, slacks


def exact_state(condition, unknowns, G, y):
    """Round the dual state to rationals, project onto 'every unknown's coefficient is 0', check exactly."""
    n = G.shape[0]
    entries = [(i, j) for i in range(n) for j in range(i, n)]
    symbols = [Dummy(f"g{i}{j}") for i, j in entries] + [Dummy(f"y{c}") for c in range(len(y))]
    gram = Matrix(n, n, lambda i, j: symbols[entries.index((min(i, j), max(i, j)))])
    coordinates = symbols[len(entries):]
    _, parts, _ = _pairing(condition, unknowns, gram, coordinates)
    scale = max(abs(float(x)) for x in list(G.flatten()) + list(y)) or 1.0
    values = {z: _rational(v / scale, 1000) for z, v in zip(symbols, [G[i, j] for i, j in entries] + list(y))}
    if parts:
        # the pivot entries of "every unknown's coefficient is 0" solved exactly, the others kept rounded
        A = Matrix([[diff(p, z) for z in symbols] for p in parts])
        pivots = A.rref()[1]
        keep = {z: v for i, (z, v) in enumerate(values.items()) if i not in pivots}
        solved = _linsolve([p.xreplace(keep) for p in parts], [symbols[i] for i in pivots])
        if solved is None:
            return None
        values = {**keep, **solved}
    gram_exact = gram.xreplace(values)
    coordinates_exact = tuple(values[c] for c in coordinates)
    constant, parts, slacks = _pairing(condition, unknowns, gram_exact, coordinates_exact)
    if any(p != 0 for p in parts) or not constant > 0 or any(s < 0 for s in slacks):
        return None
    try:
        pivots, _ = ldl(gram_exact)
    except NotSemidefinite:
        return None
    if any(d < 0 for d in pivots):
        return None
    return gram_exact, coordinates_exact, constant


def _trajectory(energy, ode, function_class, basis, gram, coordinates, rho, point, tau) -> tuple:
    """Integrate the ODE from the dual state with a function of the class that realises it; E e^{rho t}."""
    from scipy.integrate import solve_ivp  # numeric, loaded only for a refutation

    mu, L = function_class.mu, function_class.L
    if L != S.Infinity or ode.order != 2 or len(basis) != 3:
        return ()
    X = ode.trajectory(ode.time)
    V = X.diff(ode.time)
    order = {X - x_star: 0, V: 1, NablaF(X): 2}
    if set(basis) != set(order):
        return ()
    G = np.array(gram.tolist(), dtype=float)
    w, U = np.linalg.eigh(G)
    R = U * np.sqrt(np.clip(w, 0, None))
    vectors = [R[basis.index(b)] for b in sorted(order, key=order.get)]
    x, v, g = vectors
    F = float(coordinates[0])
    m = float(S(mu).subs(point))
    # f(z) = max(m/2 |z|^2, F + <g, z - x> + m/2 |z - x|^2): m-strongly convex, minimiser 0, and the second
    # piece is strictly active at x (the class's inequalities hold strictly there)
    coefficients = vector_coefficients(ode.rhs.subs(point))
    fns = {a: lambdify([ode.time], c, "numpy") for a, c in coefficients.items()}
    Epoint = {**point}
    Ef = lambdify([ode.time, Symbol("F_"), Symbol("xx"), Symbol("xv"), Symbol("vv")],
                  _energy_in(energy.subs(Epoint), X, V), "numpy")

    def grad(z):
        return g + m * (z - x)

    def rhs(time, state):
        z, u = state[:len(x)], state[len(x):]
        acc = np.zeros_like(z)
        for atom, fn in fns.items():
            c = float(fn(time))
            if atom == X:
                acc += c * z
            elif atom == V:
                acc += c * u
            elif atom == NablaF(X):
                acc += c * grad(z)
            elif atom == x_star:
                pass
            else:
                return np.full(2 * len(z), np.nan)
        return np.concatenate([u, acc])

    t0 = float(tau)
    span = 0.05
    sol = solve_ivp(rhs, (t0, t0 + span), np.concatenate([x, v]), rtol=1e-11, atol=1e-13,
                    dense_output=True)
    if not sol.success:
        return ()
    times = np.linspace(t0, t0 + span, 6)
    out = []
    for time in times:
        z, u = sol.sol(time)[:len(x)], sol.sol(time)[len(x):]
        piece = F + g @ (z - x) + m / 2 * (z - x) @ (z - x)
        if piece <= m / 2 * z @ z:
            return ()
        value = float(Ef(time, piece, z @ z, z @ u, u @ u)) * np.exp(float(rho) * (time - t0))
        out.append(value)
    if not all(b > a for a, b in zip(out, out[1:])):
        return ()
    return tuple(times - t0), tuple(out)


def _energy_in(energy, X, V):
    """The energy in the scalars F, |x|^2, <x, v>, |v|^2 (x = X - x*), for the numeric check."""
    form = gram_form(energy)
    F_, xx, xv, vv = Symbol("F_"), Symbol("xx"), Symbol("xv"), Symbol("vv")
    names = {X - x_star: 0, V: 1}
    if any(b not in names for b in form.basis):
        raise UnsupportedError("the energy names vectors other than X - x* and Xdot")
    index = [names[b] for b in form.basis]
    table = [[xx, xv], [xv, vv]]
    quadratic = Add(*[form.matrix[a, b] * table[index[a]][index[b]]
                      for a in range(len(index)) for b in range(len(index))])
    return form.value * F_ + quadratic
