r"""A false claim: the rate-:math:`\tfrac43\sqrt\mu` energy transcribed with half its cross term.

Source: derived here. The energy
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
    e = Xt - x_star
    energy = f_gap() + norm2(2 * sqrt(mu) / 3 * e + Xt.diff(t)) / 2 + 2 * mu / 9 * norm2(e)
    return energy, ode, strongly_convex()


ENTRY = lyapunov_entry(
    "energy-sc-flow-four-thirds-variant", _setup,
    title=r"False claim: the rate-$\frac43\sqrt{\mu}$ energy with half its cross term",
    source=r"derived here (Moucer, Taylor, Bach (2022), arXiv:2205.12772, Cor. 2.5, with half the cross term)",
    claim=r"(false) $\dot E \le -\frac43\sqrt{\mu} E$ for every $\mu$-strongly convex $f$.",
    rate=4 * sqrt(mu) / 3,
    expected=Status.REFUTED,
)
