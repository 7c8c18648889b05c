r"""Low-resolution strongly convex ODE with the non-PSD energy of rate :math:`\tfrac43\sqrt\mu`.

Source: Moucer, Taylor, Bach (2022), arXiv:2205.12772, Corollary 2.5, as coded in
PEPit's ``accelerated_gradient_flow_strongly_convex`` (``psd=False``):
:math:`E = f - f^\star + \tfrac{4\mu}9\|X - x^\star\|^2 + \tfrac43\sqrt\mu\langle X - x^\star, \dot X\rangle + \tfrac12\|\dot X\|^2`,
i.e. :math:`f - f^\star + \tfrac12\|\tfrac{4\sqrt\mu}3(X - x^\star) + \dot X\|^2 - \tfrac{4\mu}9\|X - x^\star\|^2`.

Claim: :math:`\dot E \le -\tfrac43\sqrt\mu E` for every :math:`\mu`-strongly convex :math:`f`.
The quadratic part is indefinite; :math:`E \ge 0` (indeed :math:`E \ge \tfrac19(f - f^\star)`, the best constant)
follows with :math:`f - f^\star \ge \tfrac\mu2\|X - x^\star\|^2`, which the engine uses.

Note: a transcription of this energy as :math:`f - f^\star + \tfrac12\|\tfrac{2\sqrt\mu}3(X - x^\star) + \dot X\|^2 + \tfrac{2\mu}9\|X - x^\star\|^2`,
which has half PEPit's cross term; that version is refuted (entry
``energy-sc-flow-four-thirds-variant``).

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from sympy import sqrt

from ..core import X, grad, inner, mu, norm2, t, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import heavy_ball
from .kinds.lyapunov import lyapunov_entry


def _setup():
    limit = continuous_limit(heavy_ball(), order=0)  # the entry's origin: heavy ball at t = k sqrt(s)
    Xt = X(t)
    e, v = Xt - x_star, Xt.diff(t)
    energy = f_gap() + 4 * mu / 9 * norm2(e) + 4 * sqrt(mu) / 3 * inner(e, v) + norm2(v) / 2
    return energy, limit, strongly_convex()


ENTRY = lyapunov_entry(
    "energy-sc-flow-four-thirds", _setup,
    title=r"Strongly convex accelerated flow, rate $\frac43\sqrt{\mu}$",
    source="Moucer, Taylor, Bach (2022), arXiv:2205.12772, Cor. 2.5; PEPit (psd=False)",
    claim=r"$\dot E \le -\frac43\sqrt{\mu} E$ for every $\mu$-strongly convex $f$.",
    rate=4 * sqrt(mu) / 3,
    ode_literature=X(t).diff(t, 2) + 2 * sqrt(mu) * X(t).diff(t) + grad(X(t)),
)
