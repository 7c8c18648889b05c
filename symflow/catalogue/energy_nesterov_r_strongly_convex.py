r"""The generalised Nesterov ODE on strongly convex functions: the rate :math:`t^{-\alpha}` from a start :math:`t_\alpha`.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 8 (arXiv v2 p. 17), as the project's reference
sheet states it: for :math:`r > 3` and :math:`2 \le \alpha \le 2r/3` there is :math:`C(r, \alpha)` with
:math:`f(X(t)) - f^\star \le C\|x_0 - x^\star\|^2/(\mu^{(\alpha-2)/2}t^\alpha)` for every :math:`\mu`-strongly
convex :math:`f` (:math:`\alpha = 3` needs :math:`r \ge 9/2`), the energy of the proof not being monotone from
:math:`t = 0`. SBC's proof energy could not be retrieved; the energy below is derived here.

The ODE :math:`\ddot X + \tfrac rt\dot X + \nabla f(X) = 0` is the engine's limit of the generalised scheme with
momentum :math:`(k-1)/(k+r-1)` (as in ``energy-nesterov-r``), started at a symbolic :math:`t_0`.

Claim (derived here): with :math:`\lambda = r - \alpha/2`,

.. math::

    E = t^\alpha(f - f^\star) + \tfrac12 t^{\alpha-2}\|\lambda(X - x^\star) + t\dot X\|^2
        - \tfrac{(2r-\alpha)(\alpha-2)}{8}t^{\alpha-2}\|X - x^\star\|^2

satisfies :math:`\dot E \le 0` for every :math:`t \ge t_0` on :math:`\mu`-strongly convex :math:`f` exactly on a
region in :math:`(\alpha, r, \mu, t_0)`. The engine derives the least start
:math:`t_\alpha = \tfrac1{2\sqrt\mu}\sqrt{(2r-\alpha)(\alpha-2)(r+1-\alpha)/(r-\alpha)}`
(:func:`~symflow.lyapunov.least_start`, the last zero in :math:`t` of the remainder's pivot), checks that the region
holds at :math:`t_0 = t_\alpha` for every :math:`2 \le \alpha \le 2r/3`, and that, :math:`t_0` aside, the region is
exactly :math:`2 \le \alpha \le 2r/3`. Then :math:`f(X(t)) - f^\star \le E(t_\alpha)/a(t)` for :math:`t \ge t_\alpha`
with :math:`a(t) = t^{\alpha-2}(t^2 - (2r-\alpha)(\alpha-2)/(4\mu))`, :math:`a(t)/t^\alpha \to 1`: the rate
:math:`t^{-\alpha}`. At :math:`\alpha = 3`, :math:`r = 9/2`, :math:`t_\alpha = \sqrt{10}/(2\sqrt\mu)` and the
certificate started there is proved on every :math:`\mu > 0` (the region is exactly "true"). SBC's constant
:math:`C`, which bounds :math:`E(t_\alpha)` by :math:`\|x_0 - x^\star\|^2` through the convex energy from
:math:`t = 0`, is not derived here.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, all(c.passed for c in d.checks)
('proved', True)
"""
from __future__ import annotations

from dataclasses import replace

from sympy import Dummy, Eq, Function, Ge, Gt, Le, Lt, Max, Rational, S, Symbol, cancel, factor, limit, oo

from ..core import Check, Status, Step, X, alpha_rate, grad, mu, norm2, r, t, t_start, text, x_star
from ..limit import continuous_limit
from ..lyapunov import Gap, certify, f_gap, least_start, prove_nonnegative, strongly_convex
from ..methods import nesterov
from .kinds.lyapunov import lyapunov_entry

SOURCE = "Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 8"

#: SBC's region 2 <= alpha <= 2r/3 as alpha = 2 + a, r = 3 alpha/2 + b with a, b > 0
_a, _b = Dummy("a", positive=True), Dummy("b", positive=True)
SBC_REGION = {alpha_rate: 2 + _a, r: 3 * (2 + _a) / 2 + _b}
#: outside it: r < 3 alpha/2 (any alpha), and alpha < 2 with r >= 3 alpha/2
OUTSIDE = ({r: 3 * alpha_rate / (2 * (1 + _b))},
           {alpha_rate: 2 / (1 + _a), r: 3 / (1 + _a) + _b})
#: display names: the least start and the energy there
_T_ALPHA = Symbol("t_alpha", positive=True)
_E_START = Function("E")(_T_ALPHA)
#: the case of the t^-3 rate
CUBIC = {alpha_rate: 3, r: Rational(9, 2)}


def energy_for(alpha, friction):
    r"""The energy of the claim for the exponent :math:`\alpha` and the friction :math:`r` (derived here).

    At :math:`\alpha = 2`, :math:`r = 3` it is SBC's Theorem 3 energy.

    Examples
    --------
    >>> from symflow.core import text
    >>> print(text(energy_for(2, 3)))
    t^2·(f(X) - f⋆) + 2·‖X + t/2 Ẋ - x⋆‖²
    """
    Xt = X(t)
    lam = friction - S(alpha) / 2
    return (t**alpha * f_gap() + t**(alpha - 2) / 2 * norm2(lam * (Xt - x_star) + t * Xt.diff(t))
            - (2 * friction - alpha) * (alpha - 2) / 8 * t**(alpha - 2) * norm2(Xt - x_star))


def _ode(friction=r):
    limit_ = continuous_limit(nesterov(r))  # the generalised scheme at t = k sqrt(s)
    ode = limit_.ode
    return replace(ode, rhs=ode.rhs.subs(r, friction), start=t_start, initial_conditions=())


def _setup():
    return energy_for(alpha_rate, r), _ode(), strongly_convex()


def _nonnegative_expression(relation):
    """``e`` with the relation equivalent to ``e >= 0`` (``e > 0``), or None for another kind of condition."""
    if isinstance(relation, (Ge, Gt)):
        return relation.lhs - relation.rhs
    if isinstance(relation, (Le, Lt)):
        return relation.rhs - relation.lhs
    return None


def _conditions(region) -> list:
    """The region's conditions as expressions that must be nonnegative (None for one of another form)."""
    return [_nonnegative_expression(st.as_relational(sym)) for sym, st in region.sets] + \
        [_nonnegative_expression(rel) for rel in region.relations]


def _holds_on(expr, substitution) -> bool:
    return expr is not None and prove_nonnegative(cancel(S(expr).subs(substitution)))


def _fails_on(exprs, substitution) -> bool:
    """Some condition is proved negative after the substitution (for every positive value of the symbols)."""
    return any(e is not None and factor(cancel(S(e).subs(substitution))).is_negative for e in exprs)


def _related(energy, ode, result):
    cert = result.certificate
    steps, checks = [], []
    if result.status != Status.PROVED:
        return steps, [Check(f"{SOURCE}: a start t_alpha", S(0), False)]
    start = least_start(cert.conditions, strict=cert.strict, time=ode.time, domain=SBC_REGION)
    decided = start is not None and not start.has(Max)
    steps.append(Step("Least start", "The conditions hold for every t ≥ t0 exactly when t0 is at least the last "
                      "zero in t of a condition that changes sign (the remainder's pivot; the zeros compared on "
                      "2 ≤ α ≤ 2r/3):", (Eq(_T_ALPHA, start),) if start is not None else ()))
    checks.append(Check("the least start t_alpha is read exactly and decided on 2 <= alpha <= 2r/3", start or S(0),
                        decided))
    conditions = _conditions(cert.region)
    at_start = [None if c is None else S(c).subs(t_start, start) for c in conditions] if decided else [None]
    checks.append(Check(f"{SOURCE}: the region holds at t0 = t_alpha for every 2 <= alpha <= 2r/3 "
                        "(alpha = 2 + a, r = 3 alpha/2 + b, a, b > 0)", start or S(0),
                        all(_holds_on(c, SBC_REGION) for c in at_start)))
    free = [c for c in conditions if c is not None and not S(c).has(t_start)]
    checks.append(Check(f"{SOURCE}: t0 aside, the region is 2 <= alpha <= 2r/3: its conditions hold there and one "
                        "fails for r < 3 alpha/2 and for alpha < 2", S(0),
                        None not in conditions and all(_holds_on(c, SBC_REGION) for c in free)
                        and all(_fails_on(free, piece) for piece in OUTSIDE)))
    weight = cert.energy_weight
    ratio = cancel(weight / t**alpha_rate)
    checks.append(Check("the rate: a(t)/t^alpha -> 1 as t -> oo, so f(X(t)) - f* <= E(t_alpha)/a(t) = O(t^-alpha)",
                        S.One, ratio.is_rational_function(t) and limit(ratio, t, oo) == 1))
    steps.append(Step("Rate from the least start", "E(t) ≤ E(t_α) for t ≥ t_α and E ≥ a(t)(f(X) - f*), with",
                      (Eq(Symbol("a(t)"), factor(weight)),
                       Le(Gap(X(t)), _E_START / Symbol("a(t)")))))
    # the t^-3 case: its own least start, and the certificate started there
    cubic_energy, cubic_ode = energy_for(CUBIC[alpha_rate], CUBIC[r]), _ode(CUBIC[r])
    cubic = certify(cubic_energy, cubic_ode, strongly_convex())
    cubic_start = least_start(cubic.conditions, strict=cubic.strict) if cubic.status == Status.PROVED else None
    same = (cubic_start is not None and decided
            and cancel(cubic_start - start.subs(CUBIC)) == 0)
    checks.append(Check("alpha = 3, r = 9/2: the least start of the case is the general t_alpha there",
                        cubic_start or S(0), same))
    started = certify(cubic_energy, replace(cubic_ode, start=cubic_start), strongly_convex()) \
        if cubic_start is not None else None
    proved = started is not None and started.status == Status.PROVED
    checks.append(Check(f"{SOURCE}: alpha = 3, r = 9/2 (t^-3): started at t_alpha the certificate holds for every "
                        "mu > 0 (region exactly true)", S(0),
                        proved and started.region.exact and started.region.as_boolean() == True))  # noqa: E712
    if proved:
        cubic_weight = factor(started.energy_weight)
        steps.append(Step("The case α = 3, r = 9/2", f"From t_α = {text(cubic_start)} the certificate holds for "
                          f"every μ > 0 ({started.region.text()}), and f(X(t)) - f* ≤ E(t_α)/a(t) ~ t⁻³:",
                          (Eq(_T_ALPHA, cubic_start), Eq(Symbol("a(t)"), cubic_weight),
                           Le(Gap(X(t)), _E_START / cubic_weight))))
        checks.append(Check("alpha = 3: a(t)/t^3 -> 1", S.One, limit(cubic_weight / t**3, t, oo) == 1))
    return steps, checks


ENTRY = lyapunov_entry(
    "energy-nesterov-r-strongly-convex", _setup,
    title=r"Generalised Nesterov ODE on strongly convex $f$: the rate $t^{-\alpha}$ from a derived start $t_\alpha$",
    source="Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 8",
    claim=r"For $\mu$-strongly convex $f$ and $2 \le \alpha \le 2r/3$, $\dot E \le 0$ for $t \ge t_\alpha$ with the "
          r"least start $t_\alpha = \frac{1}{2\sqrt\mu}\sqrt{(2r-\alpha)(\alpha-2)(r+1-\alpha)/(r-\alpha)}$ derived "
          r"(energy and start derived here), so $f(X(t)) - f^\star \le E(t_\alpha)/a(t) = O(t^{-\alpha})$; "
          r"$\alpha = 3$, $r = 9/2$ gives $t^{-3}$ (SBC's Thm 8 rate).",
    ode_literature=X(t).diff(t, 2) + r / t * X(t).diff(t) + grad(X(t)),
    related=_related,
)
