r"""A false claim: the rate-:math:`\sqrt\mu` energy decays at rate :math:`2\sqrt\mu`.

Source: REFERENCE.md §1 (the proved rate is :math:`\sqrt\mu`, entry ``energy-sc-flow``).

Claim (false): :math:`E = f - f^\star + \tfrac12\|\sqrt\mu(X - x^\star) + \dot X\|^2` satisfies
:math:`\dot E \le -2\sqrt\mu E` along :math:`\ddot X + 2\sqrt\mu\dot X + \nabla f(X) = 0`.
On :math:`f = \tfrac\lambda2\|x\|^2` with :math:`\dot X = 0`,
:math:`\dot E + 2\sqrt\mu E = \mu^{3/2}\|X\|^2 > 0`.

Examples
--------
>>> ENTRY.run().status
'refuted'
"""
from sympy import sqrt

from ..function_classes import strongly_convex
from ..limit import continuous_limit
from ..lyapunov import f_gap
from ..methods import heavy_ball
from ..symbols import X, mu, t, x_star
from ..vectors import norm2
from ._lyapunov import lyapunov_entry


def _setup():
    ode = continuous_limit(heavy_ball(), order=0).ode
    Xt = X(t)
    return f_gap() + norm2(sqrt(mu) * (Xt - x_star) + Xt.diff(t)) / 2, ode, strongly_convex()


ENTRY = lyapunov_entry(
    "energy-sc-flow-too-fast", _setup,
    title="False claim: rate 2 sqrt(mu) for the sqrt(mu) energy",
    source="REFERENCE.md §1",
    claim="(false) dE/dt <= -2 sqrt(mu) E for every mu-strongly convex f.",
    rate=2 * sqrt(mu),
    expected="refuted",
)
