r"""Inertial dynamics with Hessian-driven damping: an energy, the :math:`O(1/t^2)` rate and :math:`\int t^2\|\nabla f\|^2 < \infty`.

Source: Attouch, Peypouquet, Redont (2016), "Fast convex optimization via inertial dynamics with Hessian
driven damping", J. Differential Equations, arXiv:1601.07113, abstract: the trajectories of
:math:`\ddot x + \tfrac{\alpha}{t}\dot x + \beta\nabla^2\Phi(x)\dot x + \nabla\Phi(x) = 0`, :math:`\Phi` smooth
convex, satisfy :math:`\Phi(x(t)) - \min\Phi = O(t^{-2})` for :math:`\alpha \ge 3`, :math:`\beta > 0`, "together
with rapid convergence of the gradients to zero". (Attouch, Chbani, Fadili, Riahi (2022), Math. Program.,
arXiv:1907.10536, abstract, discretize these dynamics, the Hessian term read as the time derivative of
:math:`\nabla f(x(t))`.) The paper's energy and start time were not retrieved: the energy below, its
start and every constant are derived here (SBC's :math:`r` plays APR's :math:`\alpha`).

Claim (derived here). With :math:`v = (\alpha - 1)(X - x^\star) + t(\dot X + \beta\nabla f(X))` the Hessian
term cancels, :math:`\dot v = (\beta - t)\nabla f(X)`, and

.. math:: E = \frac{t}{t - (\alpha - 2)\beta}\Big(t(t - \beta)(f(X) - f^\star) + \tfrac12\|v\|^2\Big)

satisfies :math:`\dot E \le -c(t)\|\nabla f(X)\|^2`, :math:`c(t) = \beta t^2(t - \beta)/(t - (\alpha - 2)\beta)
\ge \beta t^2`, for every convex :math:`f` and :math:`t \ge t_0 = (\alpha - 1)\beta`, on the region
:math:`\alpha \ge 3` the engine finds. The factor :math:`t/(t - (\alpha - 2)\beta)` is what makes
:math:`\alpha = 3` work: without it, :math:`\frac{d}{dt}\big(t(t-\beta)(f - f^\star) + \tfrac12\|v\|^2\big)
\le (\alpha - 2)\beta(f - f^\star) + (3 - \alpha)t(f - f^\star)`, positive at :math:`\alpha = 3`. With
:math:`X(t_0) = x_0`, :math:`\dot X(t_0) = -\beta\nabla f(x_0)` (so :math:`v(t_0) = (\alpha - 1)(x_0 - x^\star)`),
:math:`E(t_0) = (\alpha - 1)^2\big((\alpha - 2)\beta^2(f(x_0) - f^\star) + \tfrac{\alpha - 1}2\|x_0 - x^\star\|^2\big)`,
and :math:`E \ge a(t)(f - f^\star)` with :math:`a = t^2(t - \beta)/(t - (\alpha - 2)\beta) \ge t^2`:

.. math:: f(X(t)) - f^\star \le E(t_0)\,\frac{t - (\alpha - 2)\beta}{t^2(t - \beta)} \le \frac{E(t_0)}{t^2},
          \qquad \int_{t_0}^\infty t^2\|\nabla f(X(t))\|^2\,dt \le \frac{E(t_0)}{\beta}.

SDJS's high-resolution ODE of NAG-C (Shi, Du, Jordan, Su (2022), arXiv:1810.08907, abstract: the ODE that shows
NAG-C's inverse-cubic gradient rate; its equation is taken from the engine, entry ``nag-c``, not from the paper) is
contained in the following sense, derived here: the engine's order-1 limit of NAG-C minus this ODE at :math:`\alpha = 3`,
:math:`\beta = \sqrt s` is exactly :math:`\tfrac{3\sqrt s}{2t}\nabla f(X)`, a gradient term and nothing else.
Both are the members :math:`\gamma = 0` and :math:`(\alpha, \beta, \gamma) = (3, \sqrt s, \tfrac32)` of
:math:`\ddot X + \tfrac{\alpha}{t}\dot X + \beta\nabla^2 f(X)\dot X + (1 + \tfrac{\gamma\beta}{t})\nabla f(X) = 0`;
the extra gradient weight is why SDJS's energy (entry ``energy-nag-c``) needs no factor in front.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, str(d.result.certificate.region.as_boolean())
('proved', 'r >= 3')
"""
from __future__ import annotations

from sympy import Derivative, Eq, Interval, Rational, Subs, Symbol, oo, sqrt

from ..core import (
    ODE, Check, FValue, NablaF, Step, X, beta_h, expand_vector, grad, norm2, r, s, same_vector, t, x0, x_star,
)
from ..limit import continuous_limit
from ..lyapunov import convex, f_gap
from ..methods import nag_c
from .kinds.lyapunov import lyapunov_entry

#: the start t0 = (alpha - 1) beta, after the pole t = (alpha - 2) beta of the energy's factor
START = (r - 1) * beta_h


def hessian_damping_ode(alpha=r, beta=beta_h, *, start=START) -> ODE:
    r""":math:`\ddot X = -\tfrac{\alpha}{t}\dot X - \beta\nabla^2 f(X)\dot X - \nabla f(X)`, from :math:`X(t_0) = x_0`,
    :math:`\dot X(t_0) = -\beta\nabla f(x_0)`."""
    Xt = X(t)
    velocity = Xt.diff(t)
    return ODE(-alpha / t * velocity - beta * NablaF(Xt, velocity) - grad(Xt), 2, start=start,
               initial_conditions=(Eq(X(start), x0), Eq(Subs(Derivative(X(t), t), t, start), -beta * grad(x0))))


def _setup():
    ode = hessian_damping_ode()
    Xt = X(t)
    v = (r - 1) * (Xt - x_star) + t * (Xt.diff(t) + beta_h * grad(Xt))
    energy = t / (t - (r - 2) * beta_h) * (t * (t - beta_h) * f_gap() + norm2(v) / 2)
    return energy, ode, convex()


def _nag_c_case(energy, ode, result) -> tuple:
    """SDJS's NAG-C ODE (the engine's limit) against this ODE at alpha = 3, beta = sqrt(s): the difference."""
    sdjs = continuous_limit(nag_c(), order=1, offset=Rational(3, 2)).ode
    here = ode.rhs.subs({r: 3, beta_h: sqrt(s)})
    difference = expand_vector(sdjs.rhs - here)
    expected = -3 * sqrt(s) / (2 * t) * grad(X(t))
    step = Step("The NAG-C high-resolution ODE as a case",
                "SDJS's ODE (the engine's order-1 limit of NAG-C, t = (k + 3/2)√s) minus this ODE at α = 3, "
                "β = √s, both solved for Ẍ: a gradient term alone, so SDJS's ODE is the member "
                "γ = 3/2 of Ẍ + (α/t)Ẋ + β∇²f(X)Ẋ + (1 + γβ/t)∇f(X) = 0 and this entry's is γ = 0.",
                (Eq(Derivative(X(t), (t, 2)), sdjs.rhs), Eq(Symbol("SDJS - (this at α = 3, β = √s)"), difference)))
    check = Check("SDJS NAG-C ODE (the engine's limit) = this ODE at alpha = 3, beta = sqrt(s), plus (3 sqrt(s)/(2t)) grad f(X)",
                  expected, same_vector(difference, expected))
    return (step,), (check,)


#: E(t0) with X(t0) = x0, Xdot(t0) = -beta grad f(x0), t0 = (alpha - 1) beta
INITIAL = (r - 1)**2 * ((r - 2) * beta_h**2 * (FValue(x0) - FValue(x_star)) + (r - 1) / 2 * norm2(x0 - x_star))

ENTRY = lyapunov_entry(
    "energy-hessian-damping", _setup,
    title=r"Hessian-driven damping: the energy, the rate $O(1/t^2)$ and $\int t^2\|\nabla f\|^2 < \infty$",
    source="Attouch, Peypouquet, Redont (2016), J. Differential Equations, arXiv:1601.07113, abstract; "
           "energy, start and constants derived here",
    claim=r"For $\ddot X + \frac{\alpha}{t}\dot X + \beta\nabla^2 f(X)\dot X + \nabla f(X) = 0$ from "
          r"$t_0 = (\alpha-1)\beta$, $E = \frac{t}{t - (\alpha-2)\beta}\big(t(t-\beta)(f - f^\star) + "
          r"\frac12\|(\alpha-1)(X - x^\star) + t(\dot X + \beta\nabla f(X))\|^2\big)$ has "
          r"$\dot E \le -\beta t^2\|\nabla f(X)\|^2$ for every convex $f$ on the engine's region $\alpha \ge 3$ "
          r"(derived here); hence $f(X(t)) - f^\star \le E(t_0)\frac{t - (\alpha-2)\beta}{t^2(t-\beta)} \le "
          r"E(t_0)/t^2$ and $\int_{t_0}^\infty t^2\|\nabla f(X)\|^2dt \le E(t_0)/\beta$. SDJS's NAG-C ODE is "
          r"this ODE at $\alpha = 3$, $\beta = \sqrt s$ plus the gradient term $\frac{3\sqrt s}{2t}\nabla f(X)$.",
    region={r: Interval(3, oo)},
    bound=INITIAL * (t - (r - 2) * beta_h) / (t**2 * (t - beta_h)),
    gradient=beta_h * t**2,
    related=_nag_c_case,
)
