r"""Synthesis: the best rate of SDJS's energy family for the high-resolution heavy-ball ODE.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §3.1 (Lemma 3.2): for the high-resolution
heavy-ball ODE :math:`\ddot X + 2\sqrt\mu\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0` (the engine's order-1
limit of heavy ball) their energy
:math:`(1 + \sqrt{\mu s})(f - f^\star) + \tfrac14\|\dot X\|^2 + \tfrac14\|\dot X + 2\sqrt\mu(X - x^\star)\|^2`
decays at rate :math:`\sqrt\mu/4` (entry ``energy-heavy-ball``).

Claim (derived here): in the family of all energies
:math:`(1 + \sqrt{\mu s})(f - f^\star) + a\|X - x^\star\|^2 + 2b\langle X - x^\star, \dot X\rangle + c\|\dot X\|^2`
— SDJS's energy is the member :math:`a = \mu`, :math:`b = \sqrt\mu/2`, :math:`c = 1/2` — the engine *finds*
the best rate for every :math:`\mu`-strongly convex :math:`f` and every step size :math:`s > 0`:
:math:`\rho^\star = \tfrac43\sqrt\mu`, five and a third times SDJS's :math:`\sqrt\mu/4`, independent of
:math:`s`, attained at :math:`a = \tfrac{4\mu}9`, :math:`b = \tfrac23\sqrt\mu`, :math:`c = \tfrac12`; an exact dual
state shows that no member certifies :math:`\rho^\star(1 + 1/50)` at :math:`\mu = s = 1/4`. (Smoothness is
not used; the region is every :math:`\mu, s > 0`.)

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.rate, d.result.values
('proved', 4*sqrt(mu)/3, {a: 4*mu/9, b: 2*sqrt(mu)/3, c: 1/2})
"""
from __future__ import annotations

from sympy import sqrt, symbols

from ..core import X, inner, mu, norm2, s, t, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import heavy_ball
from .kinds.synthesis import synthesis_entry

#: the family's unknown coefficients ("there exist")
a, b, c = symbols("a b c", real=True)


def _setup():
    ode = continuous_limit(heavy_ball(), order=1).ode
    e, v = X(t) - x_star, X(t).diff(t)
    family = (1 + sqrt(mu * s)) * f_gap() + a * norm2(e) + 2 * b * inner(e, v) + c * norm2(v)
    return family, (a, b, c), ode, strongly_convex()


ENTRY = synthesis_entry(
    "synth-heavy-ball-high-resolution", _setup,
    title=r"Synthesis: SDJS's heavy-ball energy family, best rate $\frac43\sqrt{\mu}$ for every $s$",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §3.1, Lemma 3.2 (the family and its best rate derived here)",
    claim=r"In the family $(1 + \sqrt{\mu s})(f - f^\star) + a\|X - x^\star\|^2 + 2b\langle X - x^\star, \dot X\rangle "
          r"+ c\|\dot X\|^2$, which contains SDJS's energy (rate $\sqrt{\mu}/4$), the best rate on the "
          r"high-resolution heavy-ball ODE for every $\mu$-strongly convex $f$ and every $s > 0$ is $\frac43\sqrt{\mu}$.",
    rate="best",
)
