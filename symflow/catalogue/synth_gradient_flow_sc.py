r"""Synthesis: gradient flow, :math:`\mu`-strongly convex :math:`f`: the best rate of the family is :math:`2\mu`.

Source: Scieur, Roulet, Bach, d'Aspremont (NIPS 2017), Prop. 11; Moucer, Taylor, Bach (2022),
arXiv:2205.12772, Thm 2.1 (both as cited by PEPit's example ``gradient_flow_strongly_convex``): along
:math:`\dot X = -\nabla f(X)`, :math:`E = f(X) - f^\star` satisfies :math:`\dot E \le -2\mu E`, tight.

Claim (derived here): in the family :math:`E_b = f - f^\star + b\|X - x^\star\|^2` the engine finds the best
rate :math:`\rho^\star = 2\mu`, attained at :math:`b = 0` (the literature's energy), certifies it exactly for
every :math:`\mu > 0`, and shows with an exact dual state that no member certifies :math:`2\mu(1 + 1/50)` at
:math:`\mu = 1/4`. The weight of :math:`f - f^\star` is fixed to 1: in the homogeneous family
:math:`a(f - f^\star) + b\|X - x^\star\|^2` the member :math:`a = b = 0` satisfies every rate, so no state
can refute a rate for all its members.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.rate, d.result.values
('proved', 2*mu, {b: 0})
>>> all(check.passed for check in d.checks)
True
"""
from __future__ import annotations

from sympy import symbols

from ..core import X, mu, norm2, t, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import gradient_descent
from .kinds.synthesis import synthesis_entry

#: the family's unknown coefficient ("there exists")
b = symbols("b", real=True)


def _setup():
    ode = continuous_limit(gradient_descent()).ode
    return f_gap() + b * norm2(X(t) - x_star), (b,), ode, strongly_convex()


ENTRY = synthesis_entry(
    "synth-gradient-flow-sc", _setup,
    title=r"Synthesis: gradient flow, strongly convex, the best rate $2\mu$",
    source=r"Scieur, Roulet, Bach, d'Aspremont (NIPS 2017), Prop. 11; Moucer, Taylor, Bach (2022), arXiv:2205.12772, Thm 2.1",
    claim=r"In the family $f - f^\star + b\|X - x^\star\|^2$ the best rate for every $\mu$-strongly convex $f$ is "
          r"$2\mu$, attained at $b = 0$ (found, not given).",
    rate="best",
    expected_rate=2 * mu,
    expected_energy=f_gap(),
    expected_region={},
)
