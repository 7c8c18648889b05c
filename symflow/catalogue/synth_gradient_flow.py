r"""Synthesis: gradient flow, convex :math:`f`: the energy :math:`t(f - f^\star) + \tfrac12\|X - x^\star\|^2`, found.

Source: Su, Boyd, Candès (2016), JMLR 17, p. 7; Moucer, Taylor, Bach (2022), arXiv:2205.12772,
Thm 2.3 (both as cited by PEPit's example ``gradient_flow_convex``): along :math:`\dot X = -\nabla f(X)`
(the engine's limit of gradient descent), :math:`E = t(f(X) - f^\star) + \tfrac12\|X - x^\star\|^2` is
nonincreasing for every convex :math:`f`.

Claim (derived here): in the homogeneous family :math:`E_{a,b} = a\,t(f - f^\star) + b\|X - x^\star\|^2` the
engine finds a nonincreasing member from the family alone; with the largest unknown scaled to 1 it is
:math:`a = 1`, :math:`b = \tfrac12`, the literature's energy, certified exactly.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.values
('proved', {a: 1, b: 1/2})
>>> all(check.passed for check in d.checks)
True
"""
from __future__ import annotations

from sympy import symbols

from ..core import X, norm2, t, x_star
from ..limit import continuous_limit
from ..lyapunov import convex, f_gap
from ..methods import gradient_descent
from .kinds.synthesis import synthesis_entry

#: the family's unknown coefficients ("there exist")
a, b = symbols("a b", real=True)


def _setup():
    ode = continuous_limit(gradient_descent()).ode
    family = a * t * f_gap() + b * norm2(X(t) - x_star)
    return family, (a, b), ode, convex()


ENTRY = synthesis_entry(
    "synth-gradient-flow", _setup,
    title=r"Synthesis: gradient flow, the energy $t(f - f^\star) + \frac12\lVert X - x^\star\rVert^2$ found",
    source=r"Su, Boyd, Candès (2016), JMLR 17, p. 7; Moucer, Taylor, Bach (2022), arXiv:2205.12772, Thm 2.3",
    claim=r"In the family $a\,t(f - f^\star) + b\|X - x^\star\|^2$ a member with $\dot E \le 0$ for every convex $f$ "
          r"is found: $a = 1$, $b = \frac12$ (up to scale; found, not given).",
    rate=0,
    expected_energy=t * f_gap() + norm2(X(t) - x_star) / 2,
    expected_region={},
)
