r"""Synthesis: the best rate of the quadratic energies of the low-resolution strongly convex flow is :math:`\tfrac43\sqrt\mu`.

Source: Moucer, Taylor, Bach (2022), arXiv:2205.12772, Corollary 2.5, as cited and coded in PEPit's
``accelerated_gradient_flow_strongly_convex`` (``psd=False``): for
:math:`\ddot X + 2\sqrt\mu\dot X + \nabla f(X) = 0` (the engine's limit of heavy ball) and every
:math:`\mu`-strongly convex :math:`f`, the energy
:math:`E = f - f^\star + \tfrac{4\mu}9\|X - x^\star\|^2 + \tfrac43\sqrt\mu\langle X - x^\star, \dot X\rangle + \tfrac12\|\dot X\|^2`
satisfies :math:`\dot E \le -\tfrac43\sqrt\mu E`, tight. (PEPit's docstring prints the off-diagonal
entry of its matrix :math:`P` as :math:`\tfrac43\sqrt\mu`; its code uses the cross term
:math:`2\cdot\tfrac23\sqrt\mu\langle X - x^\star, \dot X\rangle`, i.e. :math:`P_{12} = \tfrac23\sqrt\mu`,
which is what is compared here.)

Claim (derived here): in the family
:math:`E_{a,b,c} = f - f^\star + a\|X - x^\star\|^2 + 2b\langle X - x^\star, \dot X\rangle + c\|\dot X\|^2`
the engine *finds*, from the family alone, the best rate :math:`\rho^\star = \tfrac43\sqrt\mu` and the member
:math:`a = \tfrac{4\mu}9`, :math:`b = \tfrac23\sqrt\mu`, :math:`c = \tfrac12` (the literature's energy), certifies it
exactly for every :math:`\mu > 0`, and shows with an exact dual state that no member of the family certifies
:math:`\rho^\star(1 + 1/50)` at :math:`\mu = 1/4`.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.rate, d.result.values
('proved', 4*sqrt(mu)/3, {a: 4*mu/9, b: 2*sqrt(mu)/3, c: 1/2})
>>> all(check.passed for check in d.checks)
True
"""
from __future__ import annotations

from sympy import sqrt, symbols

from ..core import X, inner, mu, norm2, t, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import heavy_ball
from .kinds.synthesis import synthesis_entry

#: the family's unknown coefficients ("there exist")
a, b, c = symbols("a b c", real=True)


def _setup():
    ode = continuous_limit(heavy_ball(), order=0).ode
    e, v = X(t) - x_star, X(t).diff(t)
    family = f_gap() + a * norm2(e) + 2 * b * inner(e, v) + c * norm2(v)
    return family, (a, b, c), ode, strongly_convex()


ENTRY = synthesis_entry(
    "synth-sc-flow-four-thirds", _setup,
    title=r"Synthesis: the best quadratic energy of the strongly convex flow, rate $\frac43\sqrt{\mu}$",
    source="Moucer, Taylor, Bach (2022), arXiv:2205.12772, Cor. 2.5; PEPit (psd=False)",
    claim=r"In the family $f - f^\star + a\|X - x^\star\|^2 + 2b\langle X - x^\star, \dot X\rangle + c\|\dot X\|^2$ "
          r"the best rate for every $\mu$-strongly convex $f$ is $\frac43\sqrt{\mu}$, attained at "
          r"$a = \frac{4\mu}9$, $b = \frac23\sqrt{\mu}$, $c = \frac12$ (found, not given).",
    rate="best",
    expected_rate=4 * sqrt(mu) / 3,
    expected_energy=(f_gap() + 4 * mu / 9 * norm2(X(t) - x_star) + 4 * sqrt(mu) / 3 * inner(X(t) - x_star, X(t).diff(t))
                     + norm2(X(t).diff(t)) / 2),
    expected_region={},
)
