r"""Lyapunov synthesis in discrete time: an energy's unknown coefficients, and the best rate, along a method.

The discrete counterpart of :mod:`symflow.lyapunov.synthesis`, on the same numeric core
(:mod:`symflow.lyapunov.sdp`) and the same exact certificate (:func:`~symflow.lyapunov.certify_step`).
A *family* :math:`E_k(\theta)` is an energy in the iterates (see :mod:`symflow.lyapunov.discrete`)
whose coefficients include *unknowns* :math:`\theta` ("there exists": the answer is values); every
other free symbol but :math:`k` is a *parameter* ("for all": the answer is a region).

1. The certificate condition :math:`E_{k+1} - E_k + \rho E + \sum_i\lambda_is_i = -b^\top Qb` over the
   interpolation inequalities of one step, and the energy's nonnegativity
   :math:`E_k = \sum_j\nu_js_j + b^\top Pb` over those between the energy's own points and
   :math:`x^\star`, are :class:`~symflow.lyapunov.sdp.Condition` s affine in :math:`\theta`.
2. At sample parameter values cvxpy + Clarabel solve them; for ``rate="best"`` a bisection gives the
   largest :math:`\rho` at the sample.
3. Exact: the multipliers the SDP sets to zero are set to zero and the coefficient equations are solved
   in SymPy for the multipliers and the unknowns together, with :math:`\rho` a symbol; each
   candidate :math:`E_k(\theta(\rho))` is certified by :func:`~symflow.lyapunov.certify_step` with
   :math:`\rho` symbolic, whose exact region in :math:`(\rho, \text{parameters})` has the best rate on
   its boundary: the factor of a region condition that vanishes at the bisection's value is solved for
   :math:`\rho` exactly, and the branch that matches the bisection is :math:`\rho^\star(\text{parameters})`.
   The member at :math:`\rho^\star` is certified again, exactly, and :math:`\rho^\star` is compared with
   a second bisection at other parameter values (a second route).
4. Above :math:`\rho^\star` the dual SDP gives a state of one step — Gram matrix and function values
   at the step's points, satisfying every interpolation inequality exactly, hence realised by a
   function of the class (Taylor, Hendrickx, Glineur 2017, Thm 4) — where
   :math:`E_{k+1} - E_k + \rho E > 0` for *every* member of the family, rounded to rationals and
   re-checked exactly.

Examples
--------
>>> from sympy import symbols
>>> from symflow.core import FValue, x, x_star, k, norm2, s
>>> from symflow.lyapunov import smooth_convex
>>> from symflow.methods import gradient_descent
>>> b = symbols("b", real=True)
>>> found = synthesize_step(k * s * (FValue(x(k)) - FValue(x_star)) + b * norm2(x(k) - x_star),
...                         gradient_descent(), smooth_convex(), unknowns=[b])
>>> found.status, found.values
('proved', {b: 1/2})
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
from sympy import (
    Add,
    Dummy,
    Eq,
    Expr,
    Integer,
    Matrix,
    Mul,
    Rational,
    S,
    Symbol,
    cancel,
    diff,
    expand,
    factor,
    factor_list,
    resultant,
    solve,
    sqrt,
)

from ..core.derivation import Status, Step
from ..core.errors import SymflowError
from ..core.limits import check_budget
from ..core.model import Method
from ..core.printing import text
from ..core.symbols import AppliedVector, VectorSymbol, k, x_star
from ..core.vectors import FValue, NablaF, linearize
from ..recurrence.elimination import eliminate_auxiliary
from .discrete import (
    RATE_FORMS,
    StepCertificate,
    step_along,
    substitute_iterates,
    explicit_update,
    square_roots,
    certify_step,
    interpolation_inequalities,
    point_form,
    point_names,
)
from .function_classes import FunctionClass
from .multipliers import propagate
from .psd import principal_minors
from .sdp import Condition, largest_rate, solve_conditions, violating_state
from .synthesis import (
    SAMPLE_VALUES,
    Refutation,
    Synthesis,
    exact_state,
    nearest_member,
    sample_text,
    tidy_coefficient,
)

__all__ = ["synthesize_step"]

#: the rate while it is searched: a positive symbol of the exact region
_RATE = Symbol("rho", positive=True)


def _condition(target: Expr, points, function_class: FunctionClass, positions: dict, names: dict,
               square: dict) -> tuple:
    """``(inequalities, Condition)`` of "target + sum lambda_i s_i = -b^T Q b" over the interpolation
    inequalities between ``points`` (square roots of parameters written as their roots, ``square``)."""
    inequalities = interpolation_inequalities(points, function_class, positions=positions, names=names)
    forms = [point_form(expand(substitute_iterates(q.slack, positions).xreplace(square))) for q in inequalities]
    G = point_form(expand(S(target).xreplace(square)))
    basis = list(G.basis)
    for f in forms:
        basis += [b for b in f.basis if b not in basis]
    basis = tuple(basis)
    G = G.in_basis(basis)
    forms = [f.in_basis(basis) for f in forms]
    order = sorted(set(G.values).union(*[f.values for f in forms]), key=str)
    condition = Condition(tuple(G.values.get(p, 0) for p in order),
                          tuple(tuple(f.values.get(p, 0) for p in order) for f in forms),
                          G.matrix, tuple(f.matrix for f in forms))
    return tuple(inequalities), condition, basis


def _energy_points(family: Expr, method: Method) -> tuple:
    r"""``(E_k, its points, positions)``: what :math:`E_k \ge 0` is about; an :math:`x_{k+1}` that
    :math:`E_k` names is the method's update at step :math:`k` (its gradients keep their points)."""
    recurrence = eliminate_auxiliary(method)
    newest = recurrence.sequence_function(k + 1)
    positions = {newest: explicit_update(recurrence.expression, newest)} if S(family).has(newest) else {}
    bare = expand(substitute_iterates(family, positions))
    points = {x_star}
    for atom in bare.atoms(FValue, NablaF):
        points.add(atom.args[0] if isinstance(atom, FValue) else atom.point)
    for update in positions.values():
        points |= {a.point for a in update.atoms(NablaF)}
    return bare, frozenset(points), positions


def _check(family, method, unknowns, parameters, rate) -> None:
    symbols = S(family).free_symbols
    used = set().union(*[S(u.rhs).free_symbols for u in method.updates])
    for u in unknowns:
        if not isinstance(u, Symbol):
            raise SymflowError(f"an unknown must be a symbol, not {u}")
        if u not in symbols:
            raise SymflowError(f"the unknown {u} does not occur in the energy")
        if u in used or (rate is not None and u in rate.free_symbols):
            raise SymflowError(f"the unknown {u} occurs in the method or the rate: unknowns are the energy's "
                               "coefficients")
        if u == k:
            raise SymflowError("the index k cannot be an unknown")
    expanded = expand(family)
    for u in unknowns:
        if diff(expanded, u, 2) != 0 or any(diff(expanded, u, v) != 0 for v in unknowns if v != u):
            raise SymflowError("the unknowns must enter the energy's coefficients affinely; write a product of "
                               "unknowns as one unknown")
    if parameters is not None:
        extra = (symbols | used | (rate.free_symbols if rate is not None else set())) - set(unknowns) \
            - set(parameters) - {k}
        extra = {x for x in extra if not isinstance(x, VectorSymbol)}
        if extra:
            raise SymflowError(f"free symbol(s) {', '.join(sorted(map(str, extra)))} are neither parameters (for "
                               "all) nor unknowns (there exist): declare each as one or the other")


def _indices(condition: Condition, start) -> list:
    """Sample indices k0 + j (one index when no coefficient depends on k)."""
    if k not in condition.symbols():
        return [float(start) + 1.0]
    return [float(start) + j for j in (1.0, 2.0, 4.0, 8.0, 32.0, 128.0)]


def _rooted(point: dict, roots: dict) -> dict:
    """The sample in the roots m = sqrt(p) of the parameters under a square root (exact rationals stay exact)."""
    return {roots.get(p, p): (sqrt(v) if p in roots else v) for p, v in point.items()}


def _boundary(exprs, rho_numeric: float, at: dict) -> list:
    r"""Candidate exact rates :math:`\rho^\star(\text{parameters})`: the roots in :math:`\rho` of the factors of
    ``exprs`` (a candidate's multipliers and the principal minors of its remainder) that vanish at the
    sample ``at`` within :math:`10^{-6}` of the bisection's value, closest first."""
    found = []
    for expr in exprs:
        numerator = S(cancel(expr)).as_numer_denom()[0]
        if not numerator.has(_RATE):
            continue
        for part, _ in factor_list(numerator)[1]:
            if not part.has(_RATE) or _degree(part) > 4:
                continue
            try:
                value = float(part.xreplace(at).subs(_RATE, rho_numeric))
                scale = float(abs(part.xreplace(at).diff(_RATE).subs(_RATE, rho_numeric))) or 1.0
            except (TypeError, ValueError):
                continue
            if abs(value) / scale > 1e-5 * max(1.0, rho_numeric):
                continue
            for root in solve(part, _RATE):
                try:
                    number = complex(S(root).xreplace(at).evalf())
                except (TypeError, ValueError):
                    continue
                gap = abs(number - rho_numeric) / max(1.0, abs(rho_numeric))
                if gap < 1e-5 and all(root != r for _, r in found):
                    found.append((gap, root))
    return [r for _, r in sorted(found, key=lambda item: item[0])]


def _signed(value: Expr) -> Expr:
    r"""A product with a negative sign written with the sign inside a sum: :math:`-s(s - 8)/16` as
    :math:`s(8 - s)/16` (the same expression, read as a positive rate)."""
    value = S(value)
    coefficient, rest = value.as_coeff_Mul()
    if not (coefficient < 0 and rest.is_Mul):
        return value
    factors = list(rest.args)
    for i, f in enumerate(factors):
        if f.is_Add:
            factors[i] = -f
            return Mul(-coefficient, *factors)
    return value


def _degree(part) -> int:
    try:
        return part.as_poly(_RATE).degree()
    except (AttributeError, ValueError):
        return 99


def synthesize_step(family: Expr, method: Method, function_class: FunctionClass, *, unknowns, rate=S.Zero,
                    rate_form: str = "current", start: Expr = S.Zero, parameters=None,
                    refute_above: bool = True) -> Synthesis:
    r"""Find values of the unknowns that make ``family`` a discrete Lyapunov function along ``method``; or
    the best rate of the family.

    Parameters
    ----------
    family : Expr
        :math:`E_k` in the iterates, with the unknowns in its coefficients (affinely).
    method : Method
    function_class : FunctionClass
    unknowns : sequence of Symbol
        Existentially quantified: the answer gives their values.
    rate : Expr or "best"
        :math:`\rho` of the claim in ``rate_form``, or "best" for the largest one of the family.
    rate_form : str
        "current" (:math:`E_{k+1} - E_k \le -\rho E_k`) or "next" (:math:`\le -\rho E_{k+1}`).
    start : Expr
        :math:`k_0`.
    parameters : sequence of Symbol, optional
        The universally quantified symbols; when given, a symbol of neither kind is refused.
    refute_above : bool
        For ``rate="best"``: also refute :math:`\rho^\star(1 + 1/50)` at the sample for every member.

    Returns
    -------
    Synthesis
        With the method in ``method`` and the :class:`StepCertificate` in ``certificate``.

    Raises
    ------
    SymflowError
        For unknowns that are not symbols of the family, enter it non-affinely, or occur in the method,
        and free symbols of neither kind.

    Examples
    --------
    >>> from sympy import symbols
    >>> from symflow.core import FValue, x, x_star, k, norm2
    >>> from symflow.lyapunov import smooth_convex
    >>> from symflow.methods import gradient_descent
    >>> a = symbols("a", real=True)
    >>> synthesize_step(FValue(x(k)) - FValue(x_star), gradient_descent(), smooth_convex(), unknowns=[a])
    Traceback (most recent call last):
    ...
    symflow.core.errors.SymflowError: the unknown a does not occur in the energy
    """
    unknowns = tuple(unknowns)
    best = isinstance(rate, str)
    if best and rate != "best":
        raise SymflowError(f"rate must be an expression or 'best', not {rate!r}")
    if rate_form not in RATE_FORMS:
        raise SymflowError(f"rate_form must be one of {', '.join(RATE_FORMS)}, not {rate_form!r}")
    family, start = S(family), S(start)
    _check(family, method, unknowns, parameters, None if best else S(rate))
    rho = _RATE if best else S(rate)
    step = step_along(family, method)
    rated = step.following if rate_form == "next" else family
    target = expand(step.difference + rho * rated)
    positions = {step.newest: step.update}
    names = point_names(step.points, method)
    bare, energy_points, energy_positions = _energy_points(family, method)
    slacks = [q.slack for q in interpolation_inequalities(step.points, function_class, positions=positions)]
    roots = square_roots([target, bare] + slacks)
    square = {p: m ** 2 for p, m in roots.items()}
    inequalities, condition, basis = _condition(target, step.points, function_class, positions, names, square)
    _, energy_condition, _ = _condition(-bare, energy_points, function_class, energy_positions,
                                        point_names(energy_points, method), square)
    symbols = (set(condition.symbols()) | set(energy_condition.symbols())) - set(unknowns) - {k, _RATE}
    back = {m: p for p, m in roots.items()}
    parameters_ = sorted({back.get(x, x) for x in symbols}, key=str)
    point = {p: SAMPLE_VALUES.get(p.name, Integer(4)) for p in parameters_}
    indices = _indices(condition, start)
    homogeneous = cancel(expand(family.xreplace({u: 0 for u in unknowns}))) == 0
    steps = [Step("Family", "The energy with unknown coefficients " + ", ".join(map(str, unknowns))
                  + " (there exist); every other symbol but k is a parameter (for all).", (family,)),
             Step("Method", f"The iterates follow {method.name} ({method.description.rstrip('.')}).",
                  tuple(method.updates))]
    base = dict(family=family, unknowns=unknowns, ode=None, function_class=function_class, best=best,
                sample=dict(point))
    cache: dict = {}

    def normalization(where):
        if not homogeneous:
            return []
        form = point_form(expand(family.xreplace(square)))
        size = Add(*form.values.values()) + Add(*[form.matrix[i, i] for i in range(form.matrix.shape[0])])
        value = size.xreplace(_rooted(where, roots)).subs(k, indices[0])
        return [(value, 1.0)]

    def solve_at(rho_value, where):
        check_budget("solving the family's semidefinite program")
        fixed = {q: float(v) for q, v in _rooted(where, roots).items()}
        out = [(condition, {**fixed, _RATE: rho_value, k: j}) for j in indices]
        out += [(energy_condition, {**fixed, k: j}) for j in indices]
        return solve_conditions(out, unknowns, normalization=normalization(where), cache=cache)

    numeric_rate = None
    if best:
        numeric_rate = largest_rate(lambda x: solve_at(x, point), high=1.0, tolerance=1e-9)
        if numeric_rate is None:
            return _unknown(base, steps, "no member of the family is a Lyapunov function at rate 0 (the numeric "
                            "program is infeasible at the sample values)")
        if numeric_rate == float("inf") or numeric_rate <= 1e-9:
            return _unknown(base, steps, f"the best rate at the sample is {numeric_rate}: nothing to recognise",
                            numeric_rate=numeric_rate)
        steps.append(Step("Numeric best rate", f"Bisection on the semidefinite program at {sample_text(point)}: "
                          f"rho* ≈ {numeric_rate:.9g}.", ()))
    suggestion = solve_at(0.999 * numeric_rate if best else 0.0, point)
    if suggestion is None:
        return _unknown(base, steps, "the numeric program is infeasible at the sample values: no member of the "
                        "family is suggested", numeric_rate=numeric_rate)
    found = _member(family, method, function_class, unknowns, rho, condition, suggestion, indices, point,
                    roots, numeric_rate, rate_form, start)
    if found is None:
        return _unknown(base, steps, "no exact member of the family was found with the structure the numeric "
                        "solution suggests", numeric_rate=numeric_rate)
    values, cert = found
    steps.append(Step("Exact member", "The multipliers the numeric solution sets to zero are set to zero; the "
                      "coefficient equations are solved exactly for the multipliers and the unknowns; the "
                      "energy found is certified exactly.", tuple(Eq(u, v) for u, v in values.items())))
    steps += list(cert.steps)
    refutation = None
    if best:
        other = {p: v * Rational(3, 2) if p.name in ("mu", "s") else v for p, v in point.items()}
        second = largest_rate(lambda x: solve_at(x, other), high=1.0, tolerance=1e-9) if other != point else None
        agree = "" if second is None else (f"; a second bisection at {sample_text(other)} gives {second:.9g}, and the "
                                           f"exact rho* there is {float(cert.rate.subs(other)):.9g}")
        steps.append(Step("Best rate", "At the best rate the feasible set of the coefficients and multipliers "
                          "that the equations leave free shrinks to a point, where a factor of det Q vanishes with "
                          "its gradient in them; eliminating them leaves a polynomial in rho whose root, exact in "
                          "the parameters, is rho*. The bisection confirms it "
                          f"(numerically {numeric_rate:.9g} at {sample_text(point)}{agree}).",
                          (Eq(Symbol("rho^star"), cert.rate),)))
        if refute_above:
            refutation = _refute(condition, unknowns, cert.rate, point, roots, basis, indices)
            if refutation is not None:
                steps.append(Step("Nothing better in the family", refutation.describe() + ".", ()))
    return Synthesis(**{**base, "ode": None}, method=method, status=cert.status, values=values,
                     energy=cert.energy, rate=cert.rate, certificate=cert, numeric_rate=numeric_rate,
                     refutation=refutation, reason=cert.reason, steps=tuple(steps))


def _unknown(base, steps, reason, **extra) -> Synthesis:
    return Synthesis(**base, **extra, status=Status.UNKNOWN, reason=reason,
                     steps=tuple(steps + [Step("No member found", reason + ".", ())]))


def _member(family, method, function_class, unknowns, rho, condition, suggestion, indices, point, roots,
            numeric_rate, rate_form, start):
    """``(values, StepCertificate)`` of an exact member (at the exact best rate when searched), or None."""
    lambdas = [Dummy(f"lambda{i}") for i in range(len(condition.forms))]
    n = condition.matrix.shape[0]
    equations = [v + Add(*[u * forms[c] for u, forms in zip(lambdas, condition.value_forms)])
                 for c, v in enumerate(condition.values)]
    equations = [e for e in (cancel(e) for e in equations) if e != 0]
    Q = -(condition.matrix + sum((u * M for u, M in zip(lambdas, condition.forms)), Matrix.zeros(n, n)))
    zero = suggestion.vanishing(1e-5)[:len(indices)]
    vanishing = set(zero[0]) if zero else set()
    for z in zero[1:]:
        vanishing &= set(z)
    unknown_list = lambdas + list(unknowns)
    numeric = np.array([suggestion.unknowns[u] for u in unknowns])
    if cancel(expand(family.xreplace({u: 0 for u in unknowns}))) == 0:
        j = int(np.argmax(np.abs(numeric)))
        sign = 1 if numeric[j] > 0 else -1
        numeric = numeric / abs(numeric[j])
        equations = equations + [unknowns[j] - sign]
    suggested = equations + [lambdas[i] for i in sorted(vanishing)]
    back = {m: sqrt(p) for p, m in roots.items()}
    at = {**_rooted(point, roots), k: indices[0], **({_RATE: numeric_rate} if numeric_rate is not None else {})}

    def distance(theta):
        try:
            guess = np.array([float(S(theta[u]).subs(at).subs(k, indices[0])) for u in unknowns])
        except (TypeError, ValueError):
            return float("inf")
        return float(np.linalg.norm(guess - numeric)) / (1.0 + float(np.linalg.norm(numeric)))

    def attempt(values, Qs):
        check_budget("certifying a member of the family")
        theta = {u: values[u] for u in unknowns}
        if numeric_rate is None:
            exact = {u: tidy_coefficient(S(v).xreplace(back)) for u, v in theta.items()}
            cert = certify_step(family.xreplace(exact), method, function_class, rate=rho, rate_form=rate_form,
                                start=start)
            return (exact, cert) if cert.status == Status.PROVED else None
        exprs = [values[u] for u in lambdas] + principal_minors(Qs)
        for top in _boundary(exprs, numeric_rate, _rooted(point, roots) | {k: indices[0]}):
            found = attempt_at({u: S(v).subs(_RATE, top) for u, v in theta.items()}, top)
            if found is not None:
                return found
        return None

    def attempt_at(theta, top, multipliers=None):
        """The member ``theta`` at the exact rate ``top`` (both in the roots), certified (trying the exact
        ``multipliers`` first)."""
        check_budget("certifying a member of the family")
        exact = {u: tidy_coefficient(S(v).xreplace(back)) for u, v in theta.items()}
        hint = None if multipliers is None else [cancel(S(m).xreplace(back)) for m in multipliers]
        cert = certify_step(family.xreplace(exact), method, function_class,
                            rate=_signed(tidy_coefficient(S(top).xreplace(back))),
                            rate_form=rate_form, start=start, multipliers=hint)
        return (exact, cert) if cert.status == Status.PROVED else None

    if numeric_rate is not None:
        found = _tangent(suggested, unknown_list, Q, suggestion, lambdas, attempt_at, at)
        if found is not None:
            return found
    return nearest_member([suggested, equations], unknown_list, Q, unknowns, k, distance, attempt)


def _tangent(equations, unknown_list, Q, suggestion, lambdas, attempt_at, at):
    r"""The member at the best rate when one or two symbols :math:`\varphi` stay free.

    At :math:`\rho^\star` the feasible set in :math:`\varphi` shrinks to a point where a factor
    :math:`p(\varphi, \rho)` of :math:`\det Q` vanishes with its gradient in :math:`\varphi` (the rate is
    stationary along :math:`p = 0`). Eliminating :math:`\varphi` by resultants leaves polynomials in
    :math:`\rho` and the parameters; the root that matches the bisection is :math:`\rho^\star`, and
    :math:`\varphi^\star` is the common root nearest the numeric solution. A suggestion only:
    :func:`~symflow.lyapunov.certify_step` decides.
    """
    base = propagate(equations, unknown_list, Q)
    if base is None:
        return None
    values, Qs = base
    free = sorted(set().union(*[S(v).free_symbols for v in values.values()]) & set(unknown_list), key=str)
    if not 1 <= len(free) <= 2:
        return None
    numeric = {u: float(v) for u, v in suggestion.unknowns.items()}
    numeric.update({u: float(v) for u, v in zip(lambdas, suggestion.multipliers[0])})
    params = {q: v for q, v in at.items() if q != _RATE}
    determinant = principal_minors(Qs)[-1]
    numerator = S(cancel(determinant)).as_numer_denom()[0]
    for part, _ in factor_list(numerator)[1]:
        check_budget("the tangency of the best rate")
        if not part.has(_RATE) or not all(part.has(phi) for phi in free):
            continue
        gradient = [diff(part, phi) for phi in free]
        if len(free) == 1:
            eliminated = [resultant(part, gradient[0], free[0])]
        else:
            first, second = free
            eliminated = [resultant(resultant(part, gradient[0], first), resultant(gradient[0], gradient[1], first),
                                    second)]
        for top in _boundary(eliminated, at[_RATE], params):
            point = _common_root([e.subs(_RATE, top) for e in [part] + gradient], free, numeric, params)
            if point is None:
                continue
            theta = {u: S(values[u]).xreplace(point).subs(_RATE, top) for u in unknown_list if u not in lambdas}
            found = attempt_at(theta, top, [S(values[u]).xreplace(point).subs(_RATE, top) for u in lambdas])
            if found is not None:
                return found
    return None


def _common_root(polynomials, free, numeric, params) -> dict | None:
    """The common root of ``polynomials`` in the symbols ``free`` nearest their numeric values (or None)."""
    point = {}
    for index, phi in enumerate(free):
        rest = free[index + 1:]
        system = [cancel(p.xreplace(point)) for p in polynomials]
        if rest:  # eliminate the later symbols first
            (other,) = rest
            system = [resultant(system[0], system[j], other) for j in range(1, len(system))]
        best = None
        for equation in system:
            if not S(equation).has(phi):
                continue
            for root in solve(equation, phi):
                try:
                    number = complex(S(root).xreplace(params).evalf())
                except (TypeError, ValueError):
                    continue
                if abs(number.imag) > 1e-9:
                    continue
                gap = abs(number.real - numeric.get(phi, 0.0))
                if best is None or gap < best[0]:
                    best = (gap, root)
            if best is not None:
                break
        if best is None:
            return None
        point[phi] = best[1]
    return point


def _refute(condition, unknowns, rho_star, point, roots, basis, indices):
    """A one-step state at rho*(1 + 1/50) where every member's claim fails, exact (or None)."""
    rho = S(rho_star).subs(point) * Rational(51, 50)
    at = {**_rooted(point, roots), _RATE: rho, k: Integer(int(indices[0]))}
    exact_condition = Condition(tuple(S(v).xreplace(at) for v in condition.values),
                                tuple(tuple(S(x).xreplace(at) for x in row) for row in condition.value_forms),
                                condition.matrix.xreplace(at), tuple(M.xreplace(at) for M in condition.forms))
    state = violating_state(exact_condition, unknowns, {})
    if state is None:
        return None
    G, y = state
    exact = exact_state(exact_condition, unknowns, G, y)
    if exact is None:
        return None
    gram, coordinates, value = exact
    back = {m: p for p, m in roots.items()}
    shown = tuple(S(b).xreplace({m: sqrt(p) for p, m in back.items()}) for b in basis)
    return Refutation(rho, {**point, k: at[k]}, shown, gram, coordinates, value, kind="step")
