r"""Gradient flow, :math:`\mu`-strongly convex :math:`f`: :math:`E = f(X) - f^\star` decays at rate :math:`2\mu`.

Source: REFERENCE.md §1 (Polyak–Łojasiewicz argument); PEPit example
``gradient_flow_strongly_convex`` (tight rate :math:`2\mu`).

Claim: :math:`\dot E \le -2\mu E` for every :math:`\mu`-strongly convex :math:`f`, and
:math:`2\mu` is the best rate :math:`\rho = \kappa\mu` this energy certifies; so
:math:`f(X(t)) - f^\star \le (f(x_0) - f^\star)e^{-2\mu t}`.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from sympy import exp

from ..function_classes import strongly_convex
from ..limit import continuous_limit
from ..lyapunov import f_gap
from ..methods import gradient_descent
from ..symbols import X, mu, t, x0
from ..vectors import FValue, grad
from ..symbols import x_star
from ._lyapunov import lyapunov_entry


def _setup():
    return f_gap(), continuous_limit(gradient_descent()).ode, strongly_convex()


ENTRY = lyapunov_entry(
    "energy-gradient-flow-sc", _setup,
    title="Gradient flow, strongly convex: energy f - f*, rate 2 mu",
    source="REFERENCE.md §1; PEPit gradient_flow_strongly_convex",
    claim="dE/dt <= -2 mu E for every mu-strongly convex f; 2 mu is the best rate for this energy.",
    rate=2 * mu,
    bound=(FValue(x0) - FValue(x_star)) * exp(-2 * mu * t),
    ode_literature=X(t).diff(t) + grad(X(t)),
    best=(mu, 2 * mu),
)
