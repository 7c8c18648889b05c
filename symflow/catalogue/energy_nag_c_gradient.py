r"""SDJS's gradient-norm rate for NAG-C: the inverse-cubic rate that the low-resolution ODE cannot see.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §4: Lemma 4.1 (for :math:`f \in \mathcal F^2_L`,
:math:`t \ge t_0 = \tfrac32\sqrt s`, any :math:`s > 0`, the energy
:math:`E = t(t + \tfrac{\sqrt s}2)(f - f^\star) + \tfrac12\|t\dot X + 2(X - x^\star) + t\sqrt s\nabla f(X)\|^2`
satisfies :math:`\dot E \le -[\sqrt s t^2 + (\tfrac1L + \tfrac s2)t + \tfrac{\sqrt s}{2L}]\|\nabla f(X)\|^2`)
and Theorem 5 (:math:`\inf_{t_0 \le u \le t}\|\nabla f(X(u))\|^2 \le (12 + 9sL)\|x_0 - x^\star\|^2/(2\sqrt s(t^3 - t_0^3))`),
with the initial conditions :math:`X(t_0) = x_0`, :math:`\dot X(t_0) = -\sqrt s\nabla f(x_0)`.

Claim (derived here beyond the citation): the engine's certificate on the class of :math:`L`-smooth convex
functions (its interpolation inequalities) gives the coefficient
:math:`c(t) = \sqrt s t^2 + (\tfrac1L + \tfrac s2)t + \tfrac{3\sqrt s}{4L}`, which dominates SDJS's (by
:math:`\sqrt s/(4L)`), and integrating it gives a bound below SDJS's Theorem 5, with the same leading behaviour
:math:`(12 + 9sL)\|x_0 - x^\star\|^2/(2\sqrt s\,t^3)`.

SDJS's Corollary 4.2 could not be retrieved, so no formula is attributed to it here. What the engine proves
in its place (derived here): with :math:`f(x_0) - f^\star \le \tfrac L2\|x_0 - x^\star\|^2`,
:math:`f(X(t)) - f^\star \le (4 + 3sL)\|x_0 - x^\star\|^2/(t(2t + \sqrt s))` and
:math:`\min_{t_0 \le u \le t}\|\nabla f(X(u))\|^2 = O(1/(\sqrt s\,t^3))`. Side by side, the low-resolution ODE
:math:`\ddot X + \tfrac3t\dot X + \nabla f(X) = 0` (the engine's limit of NAG-C at order 0) with SBC's energy
:math:`t^2(f - f^\star) + 2\|X + \tfrac t2\dot X - x^\star\|^2` gives only :math:`c(t) = t/L` on the same class,
hence :math:`\min_{0 \le u \le t}\|\nabla f(X(u))\|^2 \le 4L\|x_0 - x^\star\|^2/t^2`: :math:`t^{-2}`, and no
:math:`t^{-3}` (its :math:`t^3`-scaled bound is unbounded). Both are in the document.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, all(c.passed for c in d.checks)
('proved', True)
"""
from __future__ import annotations

from sympy import Dummy, Eq, Le, Poly, Rational, S, Symbol, cancel, expand, factor, integrate, limit, oo, sqrt

from ..core import Check, FValue, L, Status, Step, X, grad, norm2, s, t, x0, x_star
from ..limit import continuous_limit
from ..lyapunov import Gap, display, f_gap, initial_energy, smooth_convex, verify
from ..methods import nag_c
from .kinds.lyapunov import lyapunov_entry

SOURCE = "Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §4, Lemma 4.1 and Theorem 5"

#: SDJS's start t0 = 3 sqrt(s)/2
START = Rational(3, 2) * sqrt(s)


def _setup():
    ode = continuous_limit(nag_c(), order=1, offset=Rational(3, 2)).ode  # X(t0) = x0, Xdot(t0) = -sqrt(s) grad f(x0)
    Xt = X(t)
    energy = (t * (t + sqrt(s) / 2) * f_gap()
              + norm2(t * Xt.diff(t) + 2 * (Xt - x_star) + t * sqrt(s) * grad(Xt)) / 2)
    return energy, ode, smooth_convex()


def _smooth(expr):
    """``f(x0) - f*`` replaced by its bound ``(L/2)|x0 - x*|^2`` (its coefficient is nonnegative here)."""
    return expand(S(expr).subs(FValue(x0), FValue(x_star) + L / 2 * norm2(x0 - x_star)))


def _gradient_rate(result):
    r"""``(c(t), bound)``: the certificate's :math:`c(t)` and :math:`E(t_0)/\int_{t_0}^t c` with :math:`f(x_0) - f^\star`
    bounded by smoothness (None when the certificate has no such coefficient)."""
    cert = result.certificate
    ode = cert.ode
    found = cert.norm_bound(grad(X(t)))
    if found is None:
        return None, None
    u = Dummy("u", positive=True)
    integral = factor(integrate(found.subs(t, u), (u, ode.start, t)))
    return found, _smooth(initial_energy(cert.energy, ode)) / integral


def _scaled_limit(bound, power):
    r""":math:`\lim_{t\to\infty} t^p` times the bound, over :math:`\|x_0 - x^\star\|^2` (None if it depends on more)."""
    ratio = cancel(expand(bound) / norm2(x0 - x_star).expand())
    return limit(ratio * t**power, t, oo) if not ratio.has(x0) else None


def _low_resolution(energy, ode, result):
    """The function-value bound of the high-resolution ODE, and the low-resolution ODE's gradient rate beside it."""
    steps, checks = [], []
    if result.status != Status.PROVED or result.bound is None:
        return steps, [Check(f"{SOURCE}: a proved certificate", S(0), False)]
    value = factor(display(_smooth(result.bound.rhs), point=x0))
    steps.append(Step("Function value", "E(t) ≤ E(t0), E ≥ a(t)(f(X) - f*) and f(x0) - f* ≤ (L/2)‖x0 - x*‖² "
                      "(derived here):", (Le(Gap(X(t)), value),)))
    scaled = _scaled_limit(_smooth(result.bound.rhs), 2)
    checks.append(Check("the function value decays as t^-2: t^2 (f(X(t)) - f*)/|x0 - x*|^2 tends to 2 + 3sL/2",
                        value, scaled is not None and cancel(scaled - (2 + 3 * s * L / 2)) == 0))
    high, high_bound = _gradient_rate(result)
    lead = _scaled_limit(high_bound, 3) if high_bound is not None else None
    checks.append(Check(f"{SOURCE}: the gradient-norm bound decays as t^-3, with Theorem 5's leading constant "
                        "(12 + 9sL)/(2 sqrt(s))", (12 + 9 * s * L) / (2 * sqrt(s)),
                        lead is not None and cancel(lead - (12 + 9 * s * L) / (2 * sqrt(s))) == 0))
    low_ode = continuous_limit(nag_c(), order=0).ode  # X'' + 3X'/t + grad f = 0, X(0) = x0, X'(0) = 0
    Xt = X(t)
    low = verify(t**2 * f_gap() + 2 * norm2(Xt + t * Xt.diff(t) / 2 - x_star), low_ode, smooth_convex())
    c_low, low_bound = _gradient_rate(low) if low.status == Status.PROVED else (None, None)
    if c_low is None:
        return steps, checks + [Check("low-resolution ODE: a gradient-norm coefficient", S(0), False)]
    steps.append(Step("Low-resolution ODE, side by side", "The same class, the ODE of order 0 and SBC's energy "
                      "t²(f - f*) + 2‖X + t/2 Ẋ - x*‖²: its certificate's coefficient has degree 1 in t, against "
                      "degree 2 above, so its gradient-norm rate is only t⁻²:",
                      (low_ode.equation, Eq(Symbol("c(t)"), c_low),
                       Le(Symbol("min ‖∇f(X(u))‖², 0 ≤ u ≤ t"), factor(display(low_bound, point=x0))))))
    degrees = (Poly(high, t).degree(), Poly(c_low, t).degree())
    checks.append(Check("side by side: c(t) has degree 2 in t on the high-resolution ODE and degree 1 (t/L) on the "
                        "low-resolution one", S(0), degrees == (2, 1) and cancel(c_low - t / L) == 0))
    checks.append(Check("the low-resolution bound is t^-2 (t^2 times it tends to 4L) and not t^-3 (t^3 times it "
                        "is unbounded)", 4 * L, _scaled_limit(low_bound, 2) == 4 * L
                        and _scaled_limit(low_bound, 3) == oo))
    return steps, checks


ENTRY = lyapunov_entry(
    "energy-nag-c-gradient", _setup,
    title=r"NAG-C, high-resolution ODE: the gradient norm at the inverse-cubic rate",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §4, Lemma 4.1 and Theorem 5",
    claim=r"$\dot E \le -c(t)\|\nabla f(X)\|^2$ with $c(t) \ge \sqrt s t^2 + (\frac1L + \frac s2)t + \frac{\sqrt s}{2L}$ "
          r"for $L$-smooth convex $f$, $t \ge \frac32\sqrt s$; hence $\min_{t_0\le u\le t}\|\nabla f(X(u))\|^2 \le "
          r"\frac{(12 + 9sL)\|x_0 - x^\star\|^2}{2\sqrt s(t^3 - t_0^3)}$.",
    gradient=sqrt(s) * t**2 + (1 / L + s / 2) * t + sqrt(s) / (2 * L),
    gradient_rate=(12 + 9 * s * L) * norm2(x0 - x_star) / (2 * sqrt(s) * (t**3 - START**3)),
    related=_low_resolution,
)
