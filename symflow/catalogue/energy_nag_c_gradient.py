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
:math:`\sqrt s/(4L)`), and integrating it gives a bound below SDJS's Theorem 5. Side by side, the
low-resolution ODE :math:`\ddot X + \tfrac3t\dot X + \nabla f(X) = 0` with SBC's energy gives only
:math:`c(t) = t/L` on the same class, a :math:`t^{-2}` gradient rate (tested in ``tests/test_synthesis.py``).

Examples
--------
>>> d = ENTRY.run()
>>> d.status, all(c.passed for c in d.checks)
('proved', True)
"""
from __future__ import annotations

from sympy import Rational, sqrt

from ..core import L, X, grad, norm2, s, t, x0, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, smooth_convex
from ..methods import nag_c
from .kinds.lyapunov import lyapunov_entry

#: SDJS's start t0 = 3 sqrt(s)/2
START = Rational(3, 2) * sqrt(s)


def _setup():
    ode = continuous_limit(nag_c(), order=1, offset=Rational(3, 2)).ode  # X(t0) = x0, Xdot(t0) = -sqrt(s) grad f(x0)
    Xt = X(t)
    energy = (t * (t + sqrt(s) / 2) * f_gap()
              + norm2(t * Xt.diff(t) + 2 * (Xt - x_star) + t * sqrt(s) * grad(Xt)) / 2)
    return energy, ode, smooth_convex()


ENTRY = lyapunov_entry(
    "energy-nag-c-gradient", _setup,
    title=r"NAG-C, high-resolution ODE: the gradient norm at the inverse-cubic rate",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §4, Lemma 4.1 and Theorem 5",
    claim=r"$\dot E \le -c(t)\|\nabla f(X)\|^2$ with $c(t) \ge \sqrt s t^2 + (\frac1L + \frac s2)t + \frac{\sqrt s}{2L}$ "
          r"for $L$-smooth convex $f$, $t \ge \frac32\sqrt s$; hence $\min_{t_0\le u\le t}\|\nabla f(X(u))\|^2 \le "
          r"\frac{(12 + 9sL)\|x_0 - x^\star\|^2}{2\sqrt s(t^3 - t_0^3)}$.",
    gradient=sqrt(s) * t**2 + (1 / L + s / 2) * t + sqrt(s) / (2 * L),
    gradient_rate=(12 + 9 * s * L) * norm2(x0 - x_star) / (2 * sqrt(s) * (t**3 - START**3)),
)
