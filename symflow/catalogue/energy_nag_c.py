r"""SDJS's energy for the high-resolution NAG-C ODE: :math:`E = t(t + \tfrac{\sqrt s}2)(f - f^\star) + \tfrac12\|t\dot X + 2(X - x^\star) + t\sqrt s\nabla f(X)\|^2`.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §4 (NAG-C). The ODE
:math:`\ddot X + \tfrac3t\dot X + \sqrt s\nabla^2 f(X)\dot X + (1 + \tfrac{3\sqrt s}{2t})\nabla f(X) = 0`,
:math:`t \ge t_0 = \tfrac32\sqrt s`, is the engine's order-1 limit of NAG-C with
:math:`t = (k + \tfrac32)\sqrt s`.

Claim: :math:`\dot E = (2t + \tfrac{\sqrt s}2)(f - f^\star) - (2t + \sqrt s)\langle\nabla f(X), X - x^\star\rangle
- \sqrt s\,t(t + \tfrac{\sqrt s}2)\|\nabla f(X)\|^2 \le 0` for every convex :math:`f` (the
Hessian terms cancel); with :math:`X(t_0) = x_0`, :math:`\dot X(t_0) = -\sqrt s\nabla f(x_0)`,
:math:`E(t_0) = 3s(f(x_0) - f^\star) + 2\|x_0 - x^\star\|^2`, so
:math:`f(X(t)) - f^\star \le \big(3s(f(x_0) - f^\star) + 2\|x_0 - x^\star\|^2\big)/(t(t + \tfrac{\sqrt s}2))`
(SDJS then use :math:`f(x_0) - f^\star \le \tfrac L2\|x_0 - x^\star\|^2` and :math:`s \le 1/L`).

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from sympy import Rational, sqrt

from ..core import FValue, NablaF, X, grad, norm2, s, t, x0, x_star
from ..limit import continuous_limit
from ..lyapunov import convex, f_gap
from ..methods import nag_c
from .kinds.lyapunov import lyapunov_entry


def _setup():
    limit = continuous_limit(nag_c(), order=1, offset=Rational(3, 2))  # origin: NAG-C at t = (k + 3/2) sqrt(s)
    Xt = X(t)
    energy = (t * (t + sqrt(s) / 2) * f_gap()
              + norm2(t * Xt.diff(t) + 2 * (Xt - x_star) + t * sqrt(s) * grad(Xt)) / 2)
    return energy, limit, convex()


ENTRY = lyapunov_entry(
    "energy-nag-c", _setup,
    title="NAG-C, high-resolution ODE: SDJS energy",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §4",
    claim=r"$\dot E \le 0$ for every convex $f$ and $t \ge \frac{3}{2}\sqrt{s}$; $f(X(t)) - f^\star \le \frac{3s(f(x_0) - f^\star) + 2\|x_0 - x^\star\|^2}{t(t + \sqrt{s}/2)}$.",
    bound=(3 * s * (FValue(x0) - FValue(x_star)) + 2 * norm2(x0 - x_star)) / (t * (t + sqrt(s) / 2)),
    ode_literature=(X(t).diff(t, 2) + 3 / t * X(t).diff(t) + sqrt(s) * NablaF(X(t), X(t).diff(t))
                    + (1 + 3 * sqrt(s) / (2 * t)) * grad(X(t))),
)
