r"""Building catalogue entries for Lyapunov synthesis (kind "lyapunov-synthesis").

An entry names a *family* of energies with unknown coefficients, an ODE, a function class and a
rate (a number, or "best"); ``derive`` runs :func:`symflow.lyapunov.synthesize`, which finds the
coefficients (and the best rate) itself, and then compares what it *derived* with the literature:
the rate, the energy up to a positive scale, the parameter region, and, for a best rate, that no
member of the family certifies :math:`\rho^\star(1 + 1/50)` (an exact dual state). The literature's
values are only ever compared with, never returned.

Examples
--------
>>> from sympy import symbols
>>> from symflow.core import ODE, X, t, x_star, grad, norm2
>>> from symflow.lyapunov import f_gap, convex
>>> a, b = symbols("a b", real=True)
>>> e = synthesis_entry("synth-demo", lambda: (a * t * f_gap() + b * norm2(X(t) - x_star), (a, b),
...                     ODE(-grad(X(t)), 1), convex()), title="-", source="-", claim="-",
...                     expected_energy=2 * t * f_gap() + norm2(X(t) - x_star))
>>> d = e.run()
>>> d.status, d.result.values
('proved', {a: 1, b: 1/2})
>>> [c.passed for c in d.checks]
[True, True, True, True]
"""
from __future__ import annotations

from collections.abc import Callable

from sympy import Dummy, Eq, Expr, Rational, S, Symbol, cancel, linsolve

from ...core import Check, Derivation, Status, Step, SymflowError, text
from ...lyapunov import Synthesis, certify, display, gram_form, synthesize, synthesize_step
from .. import Entry
from .lyapunov import necessity_checks, necessity_domains

__all__ = ["Synthesized", "energy_scale", "step_synthesis_entry", "synthesis_entry"]

#: the refuted rate is rho* (1 + 1/50) at the sample point (see :func:`symflow.lyapunov.synthesize`)
MARGIN = Rational(51, 50)


class Synthesized(Synthesis):
    r"""A :class:`~symflow.lyapunov.Synthesis` that shows, in documents, the energy it found."""

    @property
    def display(self) -> Eq:
        r""":math:`E =` the family at the values found."""
        return Eq(Symbol("E"), display(self.energy) if self.energy is not None else S.Zero)


def _coefficients(expr: Expr, basis: tuple | None = None) -> tuple:
    """``(basis, [coefficient of f - f*, Gram entries, Hessian entries])`` of a scalar in Gram coordinates."""
    form = gram_form(expr)
    if basis is not None:
        form = form.in_basis(basis)
    n = len(form.basis)
    entries = [form.value] + [form.matrix[i, j] for i in range(n) for j in range(i, n)] \
        + [form.hessian[i, j] for i in range(n) for j in range(i, n)]
    return form.basis, entries


def _common(*exprs) -> tuple:
    basis = []
    for e in exprs:
        basis += [b for b in gram_form(e).basis if b not in basis]
    return tuple(basis)


def energy_scale(found: Expr, expected: Expr, *, time: Symbol | None = None) -> Expr | None:
    r"""The positive constant :math:`c` with found :math:`= c\cdot` expected, exactly; None when there is none.

    The energies are compared coefficient by coefficient in Gram coordinates; :math:`c` must be the
    same for every coefficient, free of ``time`` and positive (by the symbols' assumptions).

    Examples
    --------
    >>> from sympy import sqrt
    >>> from symflow.core import X, t, x_star, norm2, mu
    >>> from symflow.lyapunov import f_gap
    >>> energy_scale(2 * f_gap() + mu * norm2(X(t) - x_star), f_gap() + mu / 2 * norm2(X(t) - x_star))
    2
    >>> energy_scale(f_gap() + norm2(X(t) - x_star), f_gap()) is None
    True
    """
    basis = _common(found, expected)
    _, mine = _coefficients(found, basis)
    _, theirs = _coefficients(expected, basis)
    pivot = next((i for i, v in enumerate(theirs) if cancel(v) != 0), None)
    if pivot is None:
        return None
    scale = cancel(mine[pivot] / theirs[pivot])
    if any(cancel(m - scale * e) != 0 for m, e in zip(mine, theirs)):
        return None
    if (time is not None and scale.has(time)) or scale.is_positive is not True:
        return None
    return scale


def _member(family: Expr, unknowns: tuple, expected: Expr) -> dict | None:
    """Values of the unknowns and a scale c with family = c * expected (None when the literature's energy is not in it)."""
    c = Dummy("c")
    basis = _common(family, expected)
    _, mine = _coefficients(family, basis)
    _, theirs = _coefficients(expected, basis)
    solutions = linsolve([cancel(m - c * e) for m, e in zip(mine, theirs)], [*unknowns, c])
    for solution in solutions:
        values = dict(zip([*unknowns, c], solution))
        if cancel(values[c]) != 0:
            return values
    return None


def synthesis_entry(name: str, setup: Callable, *, title: str, source: str, claim: str, rate=S.Zero,
                    expected_rate: Expr | None = None, expected_energy: Expr | None = None,
                    energy_at: dict | None = None, expected_region: dict | None = None,
                    necessity: dict | None = None, domain: dict | None = None, sample: dict | None = None,
                    kappa_region: bool = True) -> Entry:
    r"""An :class:`~symflow.catalogue.Entry` that synthesises an energy in a family and compares it with the literature.

    Parameters
    ----------
    setup : callable
        ``() -> (family, unknowns, ode, function_class)``.
    rate : Expr or "best"
        The rate asked of the family (:func:`~symflow.lyapunov.synthesize`).
    expected_rate : Expr, optional
        The literature's rate, compared exactly with the rate derived.
    expected_energy : Expr, optional
        The literature's energy: the energy derived must be a positive constant times it (at ``energy_at``),
        and it must itself be a member of the family (up to a scale).
    energy_at : dict, optional
        Parameter values at which the energies are compared, when the literature's energy is a
        different member of the family elsewhere (e.g. ``{r: 3}``).
    expected_region : dict, optional
        ``{symbol: Set}``: the literature's parameter region; ``{}`` for "every value of the parameters".
    necessity, domain : dict, optional
        As for :func:`~symflow.catalogue.kinds.lyapunov.lyapunov_entry`: a counterexample family on each
        set of ``necessity``, for the energy found, or, when none is found for it, for the literature's
        energy (then certified on its own, for its region); the documents say which.
    sample, kappa_region : optional
        Passed to :func:`~symflow.lyapunov.synthesize`: the parameter values of the numeric search (a rate
        that holds on part of the parameters needs a sample inside that part), and how :math:`\kappa^\star`
        is made exact.
    """
    best = isinstance(rate, str)
    if best and rate != "best":
        raise SymflowError(f"rate must be an expression or 'best', not {rate!r}")
    if necessity and expected_energy is None and domain is None and expected_region is None:
        raise SymflowError("necessity needs its domain: pass domain={...} or expected_region={...}")
    domains = necessity_domains(necessity, domain, expected_region)

    def derive() -> Derivation:
        family, unknowns, ode, function_class = setup()
        unknowns = tuple(unknowns)
        found = synthesize(family, ode, function_class, unknowns=unknowns, rate=rate, sample=sample,
                           kappa_region=kappa_region)
        found = Synthesized(**{k: getattr(found, k) for k in Synthesis.__dataclass_fields__})
        proved = found.status == Status.PROVED
        cert = found.certificate
        checks = [Check("verdict: proved (a member of the family, certified exactly)", S(0), proved)]
        if proved:
            checks.append(Check("certificate re-expanded: dE/dt + rho E + sum lambda_i s_i + sum d_k |l_k|^2 = 0",
                                S(0), cert.identity() == 0))
        if expected_rate is not None:
            checks.append(Check(f"{source}: the rate", expected_rate,
                                proved and cancel(found.rate - expected_rate) == 0))
        if expected_energy is not None:
            at = energy_at or {}
            scale = energy_scale(found.energy.subs(at), expected_energy.subs(at), time=ode.time) if proved else None
            where = f" at {', '.join(f'{k} = {v}' for k, v in at.items())}" if at else ""
            checks.append(Check(f"{source}: the energy found is a positive multiple of the literature's{where}",
                                display(expected_energy.subs(at)), scale is not None))
            checks.append(Check(f"{source}: the literature's energy is a member of the family (up to a scale)",
                                display(expected_energy), _member(family, unknowns, expected_energy) is not None))
        if expected_region is not None:
            same = proved and dict(cert.region.sets) == dict(expected_region) and not cert.region.relations \
                and not cert.region.impossible
            shown = cert.region.as_boolean() if same else list(expected_region.items()) or S.true
            checks.append(Check(f"{source}: parameter region", shown, same))
        if best:
            ref = found.refutation
            refuted = None if not proved else S(found.rate).subs(found.sample) * MARGIN
            ok = ref is not None and ref.target > 0 and cancel(ref.rate - refuted) == 0
            if ref is not None and ref.kind == "mode":
                ok = ok and cancel(ref.mode.rate_bound - found.rate) == 0 and ref.mode.positive_on(found.values)
                checks.append(Check("no member of the family positive on the slowest mode certifies a rate above "
                                    "rho* (the exact mode on f = mu |x - x*|^2/2, for all parameters; the energy "
                                    "found is positive on it)", ref.mode.rate_bound, ok))
            else:
                checks.append(Check("no member of the family certifies rho*(1 + 1/50) (exact dual state at "
                                    f"{', '.join(f'{k} = {v}' for k, v in found.sample.items()) or 'the sample'})",
                                    refuted if refuted is not None else S(0), ok))
            numeric = found.numeric_rate
            checks.append(Check("second route: the bisection's rho* agrees with the exact rate (1e-3)",
                                found.rate, proved and numeric is not None
                                and abs(numeric - float(S(found.rate).subs(found.sample))) <= 1e-3))
        steps = tuple(found.steps)
        if necessity and proved:
            more_steps, more_checks = necessity_checks(found.energy, ode, function_class, necessity, domains,
                                                       cert.region, rate=found.rate, label="the energy found")
            if not more_checks[0].passed and expected_energy is not None:
                # no family for the energy found: the literature's energy, certified here for its own region
                theirs = certify(expected_energy, ode, function_class, rate=found.rate)
                fallback_steps, more_checks = necessity_checks(
                    expected_energy, ode, function_class, necessity, domains,
                    theirs.region if theirs.status == Status.PROVED else None, rate=found.rate,
                    label="the literature's energy")
                more_steps = more_steps + (Step(
                    "Necessity: the literature's energy",
                    f"No counterexample family was found for the energy found, so the family below is for the "
                    f"literature's energy ({source}), a member of the same family; its own certificate has the "
                    f"region {text(theirs.region.as_boolean())}.", (Eq(Symbol("E"), display(expected_energy)),)),
                ) + fallback_steps
            steps, checks = steps + more_steps, checks + list(more_checks)
        return Derivation(name, steps, found, title=title, source=source, claim=claim,
                          checks=tuple(checks), status=found.status)

    return Entry(name, title, source, claim, derive, variants=({},), options=(), kind="lyapunov-synthesis")


def step_synthesis_entry(name: str, setup: Callable, *, title: str, source: str, claim: str, rate="best",
                         rate_form: str = "current", second_route: Callable | None = None,
                         inside: tuple = (), outside: tuple = ()) -> Entry:
    r"""An entry that synthesises a discrete-time energy along a method (:func:`~symflow.lyapunov.synthesize_step`).

    Parameters
    ----------
    setup : callable
        ``() -> (family, unknowns, method, function_class)``.
    rate : Expr or "best"
    rate_form : str
    second_route : callable, optional
        ``(Synthesis) -> (description, expected, passed)``: the rate (or member) compared with a result
        derived by another route (e.g. the method run on a quadratic of the class).
    inside, outside : tuple of dict
        Parameter points the region found must contain, and must not.
    """

    def derive() -> Derivation:
        family, unknowns, method, function_class = setup()
        found = synthesize_step(family, method, function_class, unknowns=tuple(unknowns), rate=rate,
                                rate_form=rate_form)
        found = Synthesized(**{k: getattr(found, k) for k in Synthesis.__dataclass_fields__})
        proved = found.status == Status.PROVED
        cert = found.certificate
        checks = [Check("verdict: proved (a member of the family, certified exactly)", S(0), proved)]
        if proved:
            checks.append(Check("certificate re-expanded: E_(k+1) - E_k + rho E + sum lambda_i s_i + sum d_k |l_k|^2 "
                                "= 0", S(0), cert.identity() == 0))
            for point in inside:
                checks.append(Check(f"the region contains {text(point)}", S.true, cert.region.contains(point) is True))
            for point in outside:
                checks.append(Check(f"the region does not contain {text(point)}", S.false,
                                    cert.region.contains(point) is False))
        if second_route is not None:
            description, expected, passed = second_route(found) if proved else ("second route", S(0), False)
            checks.append(Check(description, expected, passed))
        if rate == "best":
            ref = found.refutation
            refuted = None if not proved else S(found.rate).subs(found.sample) * MARGIN
            ok = ref is not None and ref.target > 0 and cancel(ref.rate - refuted) == 0
            checks.append(Check("no member of the family certifies rho*(1 + 1/50) (exact one-step state at "
                                f"{', '.join(f'{k} = {v}' for k, v in found.sample.items()) or 'the sample'})",
                                refuted if refuted is not None else S(0), ok))
            numeric = found.numeric_rate
            checks.append(Check("second route: the bisection's rho* agrees with the exact rate (1e-6)",
                                found.rate, proved and numeric is not None
                                and abs(numeric - float(S(found.rate).subs(found.sample))) <= 1e-6))
        return Derivation(name, tuple(found.steps), found, title=title, source=source, claim=claim,
                          checks=tuple(checks), status=found.status)

    return Entry(name, title, source, claim, derive, variants=({},), options=(), kind="lyapunov-synthesis")
