r"""A false claim: REFERENCE.md's transcription of the rate-:math:`\tfrac43\sqrt\mu` energy.

Source: REFERENCE.md §1, which writes
:math:`E = f - f^\star + \tfrac12\|\tfrac{2\sqrt\mu}3(X - x^\star) + \dot X\|^2 + \tfrac{2\mu}9\|X - x^\star\|^2`
for :math:`\ddot X + 2\sqrt\mu\dot X + \nabla f(X) = 0`; PEPit's energy has twice this cross term
(entry ``energy-sc-flow-four-thirds``).

Claim (false): :math:`\dot E \le -\tfrac43\sqrt\mu E` for every :math:`\mu`-strongly convex :math:`f`.
Here :math:`\dot E + \tfrac43\sqrt\mu E` contains :math:`+\tfrac{16}{27}\mu^{3/2}\|X - x^\star\|^2` that
nothing can absorb: on a quadratic with :math:`\dot X = 0` it is positive.

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
    e = Xt - x_star
    energy = f_gap() + norm2(2 * sqrt(mu) / 3 * e + Xt.diff(t)) / 2 + 2 * mu / 9 * norm2(e)
    return energy, ode, strongly_convex()


ENTRY = lyapunov_entry(
    "energy-sc-flow-four-thirds-variant", _setup,
    title="False claim: REFERENCE.md's variant of the 4 sqrt(mu)/3 energy",
    source="REFERENCE.md §1 (compare PEPit accelerated_gradient_flow_strongly_convex)",
    claim="(false) dE/dt <= -(4/3) sqrt(mu) E for every mu-strongly convex f.",
    rate=4 * sqrt(mu) / 3,
    expected="refuted",
)
