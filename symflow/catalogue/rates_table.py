r"""The rates table: each ODE's proved rate, and what each of its discretizations keeps, proved or refuted.

Source: the rows are the catalogue's own derivations (each entry cites its paper) and certificates
derived here; compare Shi, Du, Su, Jordan, NeurIPS 2019, arXiv:1902.03694 (symplectic Euler of the
high-resolution ODE accelerates, explicit Euler of the low-resolution ODE does not) and Wibisono,
Wilson, Jordan, PNAS 2016, arXiv:1603.04245 (the :math:`p = 3` flow's naive discretization is
unstable). Nesterov's lower bound for first-order methods on :math:`L`-smooth convex :math:`f`,
:math:`f(x_k) - f^\star \ge 3L\|x_0 - x^\star\|^2/(32(k+1)^2)` for :math:`k \le (d-1)/2` (Nesterov,
Introductory Lectures on Convex Optimization, 2004, §2.1.2; the statement as restated in public lecture
notes), is the line no proved discrete bound may cross.

Claim. For each ODE — gradient flow, the low- and high-resolution NAG-SC ODEs, Nesterov's ODE,
WWJ's :math:`p = 3` flow — the continuous rate the engine proves, and for each discretization
(explicit, implicit and symplectic Euler, and the method the ODE came from) the discrete rate it
proves with its exact step-size region, its rate per unit of ODE time :math:`t = k s^a` as
:math:`s \to 0`, or the refutation. What is shown on quadratics only (where a quadratic is enough: a
refutation) says so.

Examples
--------
>>> ENTRY.uses[:2]
('energy-gradient-flow-sc', 'energy-nag-sc')
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Eq, Integer, Le, Max, Rational, S, Symbol, cancel, factor, limit, oo, sqrt

from ..core import (C, Check, Derivation, FValue, L, NablaF, Status, Step, X, k, lam, mu, norm2, r, s, t, text,
                    vector_coefficients, x, x0, x_star)

from ..discretize import discretize, quadratic_analysis
from ..limit import continuous_limit
from ..lyapunov import certify, certify_step, smooth_strongly_convex, strongly_convex
from ..methods import gradient_descent, nag_sc, nesterov
from ..recurrence import eliminate_auxiliary
from . import derived
from .energy_nag_sc_discrete import sdjs_energy
from .kinds.lyapunov import contains_accelerated_step
from .discretize_table import wwj_p3_ode
from .kinds import table_entry

TITLE = "The rates table: what each discretization keeps of its ODE's rate, proved or refuted"
SOURCE = ("the catalogue's entries, each with its paper; compare Shi, Du, Su, Jordan (NeurIPS 2019), "
          "arXiv:1902.03694, and Wibisono, Wilson, Jordan (PNAS 2016), arXiv:1603.04245")
CLAIM = (r"Gradient flow's rate $2\mu$ is kept by implicit Euler for every step and, up to the factor "
         r"$L/(\mu + L)$, by explicit Euler for $s \le 2/(\mu + L)$; the methods NAG-SC and Nesterov's keep their ODEs' accelerated rates on exact step "
         r"regions; symplectic Euler of the high-resolution NAG-SC ODE keeps an accelerated rate on "
         r"$\mathcal S_{\mu,L}$ with SDJS's energy for $s = 1/(8L)$ and every $L > \mu$, while the same energy's "
         r"exact regions along explicit and implicit Euler miss $s = 1/(1024L)$ at $L = 10^4\mu$; explicit Euler of the low-resolution ODE loses acceleration (refuted on a quadratic); heavy "
         r"ball with Polyak's tuning has no linear rate on $\mathcal S_{\mu,L}$ (refuted by a cycle); the naive "
         r"discretizations of the $p = 3$ flow, and explicit Euler of Nesterov's ODE, are unstable on every quadratic, "
         r"while implicit Euler of both keeps their rates, $O(1/(sk^2))$ and $O(1/(s^{3/2}k^3))$, for every step on "
         r"every convex $f$ (proved, with energies the engine derives from the schemes).")

#: the entries whose derivations the table reads
USES = ("energy-gradient-flow-sc", "energy-nag-sc", "energy-nag-sc-discrete", "energy-sc-flow",
        "energy-heavy-ball-discrete", "heavy-ball-polyak-cycle", "energy-nesterov", "energy-nesterov-r-discrete",
        "energy-bregman-polynomial", "energy-nag-sc-symplectic", "synth-nag-sc-high-resolution",
        "energy-nesterov-implicit", "energy-wwj-p3-implicit")


@dataclass(frozen=True)
class RatesTable:
    """The table's rows (one tuple of cells per ODE) and the contrast it is about, for documents."""

    rows: tuple
    display: object


def per_unit_time(rate, exponent) -> object:
    r"""The rate per unit of ODE time, :math:`\lim_{s\to0}\rho(s)/s^a` for a method on the time scale :math:`t = ks^a`.

    Examples
    --------
    >>> per_unit_time(mu * s * (2 - mu * s), 1), per_unit_time(sqrt(mu * s) / 6, Rational(1, 2))
    (2*mu, sqrt(mu)/6)
    """
    return limit(cancel(rate / s ** exponent), s, 0, "+")


def frozen_instability(method) -> tuple:
    r"""``(p_k, q_k, margin)`` for ``method`` on :math:`f = \tfrac\lambda2\|x\|^2` (:math:`C = 1/9` if it has
    :math:`C`): the step's polynomial :math:`\rho^2 + p_k\rho + q_k` and :math:`\max(\lim|q_k| - 1,
    \lim(|p_k| - 1 - q_k))` as :math:`k \to \infty`. A positive margin means that from some :math:`k` on no
    frozen step is stable (Schur–Cohn: stable iff :math:`|q| < 1` and :math:`|p| < 1 + q`).

    Examples
    --------
    >>> frozen_instability(gradient_descent())[:2]   # x_(k+1) = (1 - s lambda) x_k: rho + (s lambda - 1)
    (lambda*s - 1, 0)
    """
    recurrence = eliminate_auxiliary(method)
    terms: dict = {}
    for vector, c in vector_coefficients(recurrence.expression).items():
        if isinstance(vector, NablaF):
            vector, c = vector.point, lam * c
        terms[vector] = terms.get(vector, S.Zero) + c
    shifts = {cancel(v.args[0] - k): c.subs(C, Rational(1, 9)) for v, c in terms.items()}
    top = max(shifts)
    lead = shifts[top]
    p_k = cancel(shifts.get(top - 1, S.Zero) / lead)
    q_k = cancel(shifts.get(top - 2, S.Zero) / lead)
    margin = Max(limit(abs(q_k), k, oo) - 1, limit(abs(p_k) - 1 - q_k, k, oo))
    return p_k, q_k, margin


def frozen_words(margin) -> str:
    r"""What a margin of :func:`frozen_instability` says, for the table (decided on :math:`0 < s\lambda \le 1`,
    the steps :math:`s \le 1/L`).

    Examples
    --------
    >>> frozen_words(lam * s), frozen_words(-lam * s / (1 + lam * s)), frozen_words(S.Zero)
    ('unstable on every quadratic from some k on (refuted)', 'frozen steps stable on every quadratic (no rate certified)', 'frozen steps undecided (|q_k| -> 1; no rate certified)')
    """
    values = {margin.xreplace({lam: u / s}) for u in (Rational(1, 100), Rational(1, 2), Integer(1))}
    values = {cancel(v) for v in values}
    if all(v == oo or (v.is_number and v > 0) for v in values):
        return "unstable on every quadratic from some k on (refuted)"
    if all(v.is_number and v < 0 for v in values):
        return "frozen steps stable on every quadratic (no rate certified)"
    return "frozen steps undecided (|q_k| -> 1; no rate certified)"


def _words(region) -> str:
    return "every step" if region.text() == "True" else region.text().replace("**", "^").replace("*", "")


def _gradient_flow_row(rows, steps, checks):
    ode = continuous_limit(gradient_descent()).ode
    flow = derived("energy-gradient-flow-sc").result
    distance = norm2(X(t) - x_star)
    continuous = certify(distance, ode, strongly_convex(), rate=2 * mu)
    explicit = certify_step(norm2(x(k) - x_star), discretize(ode, "explicit"), smooth_strongly_convex(),
                            rate=2 * mu * L * s / (mu + L))
    implicit = certify_step(norm2(x(k) - x_star), discretize(ode, "implicit"), strongly_convex(),
                            rate=2 * mu * s, rate_form="next")
    keep_e, keep_i = per_unit_time(explicit.rate, 1), per_unit_time(implicit.rate, 1)
    rows.append(("gradient flow, μ-strongly convex", f"f − f* and ‖X − x*‖²: e^(−2μt) ({flow.status}, {continuous.status})",
                 f"gradient descent: ‖x_k − x*‖² contracts by 1 − 2μLs/(μ + L), {_words(explicit.region)}; "
                 f"per unit time {keep_e} ({explicit.status})",
                 f"proximal point: 1/(1 + 2μs) per step, {_words(implicit.region)}; per unit time {keep_i} "
                 f"({implicit.status})",
                 "— (first order)", "gradient descent = explicit Euler"))
    steps.append(Step("Gradient flow", "‖X − x*‖² along the flow, and ‖x_k − x*‖² along explicit Euler (gradient "
                      "descent, L-smooth) and implicit Euler (the proximal point method, no smoothness): the "
                      "certified rates and regions.",
                      (Eq(Symbol("rho_explicit"), explicit.rate), explicit.region.as_boolean(),
                       Eq(Symbol("rho_implicit"), implicit.rate))))
    checks.extend([
        Check("gradient flow: f − f* and ‖X − x*‖² decay at 2μ (proved)", 2 * mu,
              flow.status == "proved" and continuous.status == "proved"),
        Check("explicit Euler keeps 2μL/(μ + L) per unit time (2μ as μ/L -> 0), for every s ≤ 2/(μ + L)",
              2 * mu * L / (mu + L), explicit.status == "proved" and cancel(keep_e - 2 * mu * L / (mu + L)) == 0
              and explicit.region.contains({mu: Rational(1, 4), L: 1, s: Rational(8, 5)}) is True
              and explicit.region.contains({mu: Rational(1, 4), L: 1, s: Rational(17, 10)}) is False
              and all(explicit.region.contains({mu: m, L: 1, s: h}) is True
                      for m, h in ((Rational(1, 4), Rational(1, 10**6)), (Rational(1, 10), Rational(1, 2))))),
        Check("implicit Euler keeps 2μ per unit time for every step size", 2 * mu,
              implicit.status == "proved" and implicit.region.text() == "True" and cancel(keep_i - 2 * mu) == 0),
    ])


def _nag_sc_rows(rows, steps, checks):
    high, low = continuous_limit(nag_sc(), order=1), continuous_limit(nag_sc(), order=0)
    analysis = {}
    for order, ode in ((0, low.ode), (1, high.ode)):
        for scheme in ("explicit", "implicit", "symplectic"):
            qa = quadratic_analysis(discretize(ode, scheme))
            analysis[(order, scheme)] = (qa.acceleration_exponent(), qa.largest_z())

    def quadratic(order, scheme):
        e, zmax = analysis[(order, scheme)]
        step = "every step" if zmax == oo else f"sL ≤ {zmax}".replace("q_s", "√(μs)").replace("**", "^")
        kept = "accelerated" if e == Rational(1, 2) else "not accelerated (refuted)"
        return f"on quadratics: 1 − c(μ/L)^{e} at the best step, {kept}"

    sc = derived("energy-nag-sc").result
    method = derived("energy-nag-sc-discrete").result
    keep = per_unit_time(method.rate, high.exponent)
    # beyond quadratics: SDJS's energy (2.6) along the symplectic scheme (entry) and, the contrast, the explicit one
    symplectic = derived("energy-nag-sc-symplectic")
    steps_ok = symplectic.status == "proved" and all(c.passed for c in symplectic.checks)
    far = {mu: 1, L: 10**4, s: Rational(1, 1024 * 10**4)}   # s = 1/(1024 L) at L = 10^4 mu
    other = {scheme: certify_step(sdjs_energy(), discretize(high.ode, scheme), smooth_strongly_convex(),
                                  rate=symplectic.result.rate, rate_form="next") for scheme in ("explicit", "implicit")}
    misses = {scheme: cert.status != "proved" or (cert.region.contains(far) is False
                                                  and not contains_accelerated_step(cert.region, Rational(1, 8)))
              for scheme, cert in other.items()}

    def energy_words(scheme):
        return ("; on S_(μ,L), SDJS's energy at rate √(μs)/6 along it: "
                + ("no certificate" if other[scheme].status != "proved" else "its exact region misses s = 1/(1024L) "
                   "at L = 10⁴μ"))
    family = derived("synth-nag-sc-high-resolution")
    best = (f"; SDJS's energy family: best rate {text(family.result.rate)}, a member on "
            f"{text(family.result.certificate.region.as_boolean()).replace('>=', '≥')}, nothing above it for any s "
            f"({family.status})"
            if family.status == "proved" else "")
    rows.append(("high-resolution NAG-SC ODE, μ-strongly convex", f"rate √μ/4 ({sc.status})" + best,
                 quadratic(1, "explicit") + energy_words("explicit"),
                 quadratic(1, "implicit") + energy_words("implicit"),
                 quadratic(1, "symplectic") + "; on S_(μ,L): (1 + √(μs)/6)E_(k+1) ≤ E_k with SDJS's energy, the "
                 f"region containing s = 1/(8L) for every L > μ: accelerated ({symplectic.status})",
                 f"NAG-SC: (1 + √(μs)/6)E_(k+1) ≤ E_k on an exact region in (s, μ, L); per unit time "
                 f"{keep} ({method.status})"))
    flow = derived("energy-sc-flow").result
    ball = derived("energy-heavy-ball-discrete").result
    cycle = derived("heavy-ball-polyak-cycle")
    rows.append(("low-resolution NAG-SC / heavy-ball ODE, μ-strongly convex", f"rate √μ ({flow.status})",
                 quadratic(0, "explicit"), quadratic(0, "implicit"), quadratic(0, "symplectic"),
                 f"heavy ball: SDJS's energy, rate {ball.rate} for small s ({ball.status}); Polyak's tuning "
                 f"cycles ({cycle.status})"))
    steps.append(Step("NAG-SC's ODEs", "The quadratic analysis of every Euler scheme (iteration matrix on "
                      "f = λ‖x‖²/2, λ ∈ [μ, L]): the exponent e of the contraction 1 − c(μ/L)^e at the best "
                      "stable step; a quadratic is in every class S_(μ,L), so e = 1 refutes an accelerated "
                      "rate for the class, while e = 1/2 shows acceleration on quadratics only.",
                      tuple(Eq(Symbol(f"e_{'high' if o else 'low'}_{sc_}"), analysis[(o, sc_)][0])
                            for o in (0, 1) for sc_ in ("explicit", "implicit", "symplectic"))))
    checks.extend([
        Check("explicit Euler of the low-resolution ODE is not accelerated on quadratics (refuted)",
              1, analysis[(0, "explicit")][0] == 1),
        Check("every other Euler scheme of both ODEs is accelerated on quadratics",
              Rational(1, 2),
              all(analysis[key][0] == Rational(1, 2) for key in analysis if key != (0, "explicit"))),
        Check("NAG-SC keeps an accelerated rate: √μ/6 per unit time (proved), against √μ/4 for its ODE",
              sqrt(mu) / 6, method.status == "proved" and sc.status == "proved"
              and cancel(keep - sqrt(mu) / 6) == 0),
        Check("symplectic Euler of the high-resolution ODE keeps acceleration on S_(μ,L): SDJS's energy decays at "
              "√(μs)/6 with s = 1/(8L) in the region for every L > μ (proved)", sqrt(mu) / 6, steps_ok),
        *(Check(f"the same energy along {scheme} Euler: no certificate at s = 1/(1024L), L = 10⁴μ, nor on s = 1/(8L) "
                f"for every L > μ", Symbol("excluded"), misses[scheme]) for scheme in ("explicit", "implicit")),
        Check("heavy ball with Polyak's tuning: refuted by an exact cycle", Symbol("refuted"),
              cycle.status == Status.REFUTED),
    ])


def _implicit_words(derivation, frozen) -> str:
    r"""The implicit-Euler cell: the proved bound of an entry's derived energy, then what the frozen steps say."""
    cert = derivation.result
    if cert.status != Status.PROVED or cert.bound is None:
        return frozen_words(frozen)
    return (f"f(x_k) − f* ≤ {text(factor(cert.bound.rhs))} on every convex f, {_words(cert.region)} (proximal steps, "
            f"outside the gradient oracle of Nesterov's lower bound), with an energy derived from the scheme "
            f"({cert.status})")


def _implicit_check(derivation, order, label) -> Check:
    r"""The implicit scheme keeps the ODE's order: the proved bound's weight is of degree ``order`` in k."""
    cert = derivation.result
    weight = cert.weight if cert.status == Status.PROVED else S.Zero
    degree = limit(weight.diff(k) * k / weight, k, oo) if weight != 0 else S.Zero
    return Check(f"implicit Euler of {label} keeps its rate: f(x_k) − f* = O(1/k^{order}) for every step on every "
                 f"convex f (proved)", Integer(order), cert.status == Status.PROVED and cert.region.text() == "True"
                 and cert.bound is not None and degree == order)


def _nesterov_row(rows, steps, checks):
    flow = derived("energy-nesterov").result
    method = derived("energy-nesterov-r-discrete").result
    lower = 3 * L * norm2(x0 - x_star) / (32 * (k + 1) ** 2)
    bound = method.bound.rhs if method.bound is not None else None
    at = {r: 3, s: 1 / L}
    # the bound's part in ||x0 - x*||^2 (its f(x0) - f* part is nonnegative): their ratio
    ratio = None if bound is None else cancel(bound.subs(at).subs(FValue(x0), FValue(x_star)) / lower)
    ode = continuous_limit(nesterov()).ode
    frozen = {scheme: frozen_instability(discretize(ode, scheme, offset=1))
              for scheme in ("explicit", "implicit", "symplectic")}
    implicit = derived("energy-nesterov-implicit")
    rows.append(("Nesterov's ODE, convex (L-smooth for the method)", f"2‖x₀ − x*‖²/t² ({flow.status})",
                 frozen_words(frozen["explicit"][2]), _implicit_words(implicit, frozen["implicit"][2]),
                 frozen_words(frozen["symplectic"][2]),
                 f"Nesterov's method (SBC form): f(x_k) − f* ≤ E_0/a_k with a_k = "
                 f"{str(factor(method.weight.subs(r, 3))).replace('**', '^')} at r = 3, on {_words(method.region)} "
                 f"({method.status})"))
    steps.append(Step("Nesterov's ODE and method", "The method's proved bound at r = 3, s = 1/L, against "
                      "Nesterov's lower bound 3L‖x₀ − x*‖²/(32(k + 1)²): their ratio, which must stay ≥ 1.",
                      tuple(e for e in (Le(FValue(x(k)) - FValue(x_star), factor(bound.subs(r, 3)))
                                        if bound is not None else None,
                                        Eq(Symbol("ratio"), ratio) if ratio is not None else None) if e is not None)))
    steps.append(Step("Euler schemes of Nesterov's ODE", "On f = λ‖x‖²/2, t_k = (k + 1)√s: the step's polynomial "
                      "ρ² + p_k ρ + q_k of each scheme and the margin max(lim |q_k| − 1, lim(|p_k| − 1 − q_k)) as "
                      "k → ∞ (positive: no frozen step is stable from some k on).",
                      tuple(Eq(Symbol(f"margin_{scheme}"), m) for scheme, (_, _, m) in frozen.items())))
    checks.append(_implicit_check(implicit, 2, "Nesterov's ODE"))
    checks.append(Check("explicit Euler of Nesterov's ODE is unstable on every quadratic (margin s lambda > 0)",
                        lam * s, cancel(frozen["explicit"][2] - lam * s) == 0))
    checks.append(Check("the proved bound of Nesterov's method stays above the lower bound for every k ≥ 1",
                        Symbol("ratio") >= 1, ratio is not None and flow.status == "proved"
                        and not ratio.free_symbols - {k}
                        and all(ratio.subs(k, j) >= 1 for j in (1, 2, 5, 10, 100))
                        and limit(ratio, k, oo) >= 1))


def _p3_row(rows, steps, checks):
    flow = derived("energy-bregman-polynomial").result
    found = {scheme: frozen_instability(discretize(wwj_p3_ode(), scheme, offset=1))
             for scheme in ("explicit", "implicit", "symplectic")}
    implicit = derived("energy-wwj-p3-implicit")
    rows.append(("WWJ's p = 3 flow, convex", f"O(1/t^3) ({flow.status})", frozen_words(found["explicit"][2]),
                 _implicit_words(implicit, found["implicit"][2]), frozen_words(found["symplectic"][2]), "—"))
    checks.append(_implicit_check(implicit, 3, "the p = 3 flow"))
    steps.append(Step("WWJ's p = 3 flow", "Its explicit, implicit and symplectic Euler schemes (t_k = (k + 1)√s, C = 1/9) "
                      "on f = λ‖x‖²/2: the step's polynomial ρ² + p_k ρ + q_k and the margin max(lim |q_k| − 1, "
                      "lim(|p_k| − 1 − q_k)) as k → ∞: +∞ for the explicit and symplectic schemes (from some k on "
                      "no frozen step is stable), negative for the implicit one.",
                      tuple(e for scheme, (p, q, _) in found.items()
                            for e in (Eq(Symbol(f"p_k_{scheme}"), p), Eq(Symbol(f"q_k_{scheme}"), q)))
                      + tuple(Eq(Symbol(f"margin_{scheme}"), m) for scheme, (_, _, m) in found.items())))
    checks.append(Check("the naive discretizations of the p = 3 flow are unstable on every quadratic, from some k on",
                        oo, flow.status == "proved"
                        and found["explicit"][2] == oo and found["symplectic"][2] == oo))


def derive() -> Derivation:
    """Every row: the continuous certificate, each discretization's certificate or refutation."""
    rows, steps, checks = [], [], []
    _gradient_flow_row(rows, steps, checks)
    _nag_sc_rows(rows, steps, checks)
    _nesterov_row(rows, steps, checks)
    _p3_row(rows, steps, checks)
    header = ("| ODE and class | continuous rate | explicit Euler | implicit Euler | symplectic Euler | the method |\n"
              "|---|---|---|---|---|---|\n")
    body = "\n".join("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows)
    steps.insert(0, Step("Table", "Each cell is a derivation of this run (proved, refuted, or what was "
                         "shown on quadratics):\n\n" + header + body + "\n"))
    status = Status.PROVED if all(c.passed for c in checks) else Status.UNKNOWN
    shown = Eq(Symbol("rate_per_unit_time(NAG-SC)"), per_unit_time(derived("energy-nag-sc-discrete").result.rate,
                                                                    Rational(1, 2)))
    return Derivation("rates-table", tuple(steps), RatesTable(tuple(rows), shown), title=TITLE, source=SOURCE, claim=CLAIM,
                      checks=tuple(checks), status=status)


ENTRY = table_entry("rates-table", derive, title=TITLE, source=SOURCE, claim=CLAIM, uses=USES)
