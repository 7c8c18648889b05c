r"""Gradient flow, :math:`\mu`-strongly convex :math:`f`: :math:`E = f(X) - f^\star` decays at rate :math:`2\mu`.

Source: Scieur, Roulet, Bach, d'Aspremont (NIPS 2017), Prop. 11; Moucer, Taylor, Bach (2022),
arXiv:2205.12772, Thm 2.1 (as cited by PEPit's example ``gradient_flow_strongly_convex``, tight rate :math:`2\mu`).

Claim: :math:`\dot E \le -2\mu E` for every :math:`\mu`-strongly convex :math:`f`, and
:math:`2\mu` is the best rate :math:`\rho = \kappa\mu` this energy certifies; so
:math:`f(X(t)) - f^\star \le (f(x_0) - f^\star)e^{-2\mu t}`.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from sympy import exp

from ..core import FValue, X, grad, mu, t, x0, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import gradient_descent
from .kinds.lyapunov import lyapunov_entry


def _setup():
    return f_gap(), continuous_limit(gradient_descent()), strongly_convex()


ENTRY = lyapunov_entry(
    "energy-gradient-flow-sc", _setup,
    title=r"Gradient flow, strongly convex: the energy $f - f^\star$, rate $2\mu$",
    source=r"Scieur, Roulet, Bach, d'Aspremont (NIPS 2017), Prop. 11; Moucer, Taylor, Bach (2022), arXiv:2205.12772, Thm 2.1",
    claim=r"$\dot E \le -2\mu E$ for every $\mu$-strongly convex $f$; $2\mu$ is the best rate for this energy.",
    rate=2 * mu,
    bound=(FValue(x0) - FValue(x_star)) * exp(-2 * mu * t),
    ode_literature=X(t).diff(t) + grad(X(t)),
    best=(mu, 2 * mu),
)
