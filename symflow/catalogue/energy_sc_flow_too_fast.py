r"""A false claim: the rate-:math:`\sqrt\mu` energy decays at rate :math:`2\sqrt\mu`.

Source: derived here (the energy of Wilson, Recht, Jordan (2021), Appendix B, whose proved rate is
:math:`\sqrt\mu`, entry ``energy-sc-flow``).

Claim (false): :math:`E = f - f^\star + \tfrac12\|\sqrt\mu(X - x^\star) + \dot X\|^2` satisfies
:math:`\dot E \le -2\sqrt\mu E` along :math:`\ddot X + 2\sqrt\mu\dot X + \nabla f(X) = 0`.
On :math:`f = \tfrac\lambda2\|x\|^2` with :math:`\dot X = 0`,
:math:`\dot E + 2\sqrt\mu E = \mu^{3/2}\|X\|^2 > 0`.

Examples
--------
>>> ENTRY.run().status
'refuted'
"""
from __future__ import annotations

from sympy import sqrt

from ..core import Status, X, mu, norm2, t, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import heavy_ball
from .kinds.lyapunov import lyapunov_entry


def _setup():
    ode = continuous_limit(heavy_ball(), order=0).ode
    Xt = X(t)
    return f_gap() + norm2(sqrt(mu) * (Xt - x_star) + Xt.diff(t)) / 2, ode, strongly_convex()


ENTRY = lyapunov_entry(
    "energy-sc-flow-too-fast", _setup,
    title=r"False claim: rate $2\sqrt{\mu}$ for the rate-$\sqrt{\mu}$ energy",
    source=r"derived here (the energy of Wilson, Recht, Jordan (2021), App. B, at twice its rate)",
    claim=r"(false) $\dot E \le -2\sqrt{\mu} E$ for every $\mu$-strongly convex $f$.",
    rate=2 * sqrt(mu),
    expected=Status.REFUTED,
)
