r"""SDJS's energy for the high-resolution heavy-ball ODE :math:`\ddot X + 2\sqrt\mu\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0`.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §3.1 (Lemma 3.2 and Theorem 2), with
their initial conditions (1.10)–(1.11). The ODE is the engine's order-1 limit of heavy ball.

Claim: :math:`E = (1 + \sqrt{\mu s})(f - f^\star) + \tfrac14\|\dot X\|^2 + \tfrac14\|\dot X + 2\sqrt\mu(X - x^\star)\|^2`
satisfies :math:`\dot E \le -\tfrac{\sqrt\mu}4 E` for :math:`\mu`-strongly convex :math:`f`.
The engine's certificate uses strong convexity only and holds for every step size
:math:`s > 0` (SDJS's :math:`s \le 1/L` enters their discrete analysis and the
bound on :math:`E(0)`, not this inequality).

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from dataclasses import replace

from sympy import sqrt

from ..core import X, grad, mu, norm2, s, t, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import heavy_ball
from .checks import sdjs_initial_conditions
from .kinds import lyapunov_entry


def _setup():
    limit = continuous_limit(heavy_ball(), order=1)
    limit = replace(limit, ode=replace(limit.ode, initial_conditions=sdjs_initial_conditions()))
    Xt = X(t)
    v = Xt.diff(t)
    energy = (1 + sqrt(mu * s)) * f_gap() + norm2(v) / 4 + norm2(v + 2 * sqrt(mu) * (Xt - x_star)) / 4
    return energy, limit, strongly_convex()


ENTRY = lyapunov_entry(
    "energy-heavy-ball", _setup,
    title=r"Heavy ball, high-resolution ODE: SDJS energy, rate $\sqrt{\mu}/4$",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §3.1, Lemma 3.2 and Thm 2",
    claim=r"$\dot E \le -\frac{\sqrt{\mu}}{4} E$ for every $\mu$-strongly convex $f$ and every $s > 0$.",
    rate=sqrt(mu) / 4,
    ode_literature=X(t).diff(t, 2) + 2 * sqrt(mu) * X(t).diff(t) + (1 + sqrt(mu * s)) * grad(X(t)),
)
