r"""Gradient flow, convex :math:`f`: :math:`E = t(f(X) - f^\star) + \tfrac12\|X - x^\star\|^2` is nonincreasing.

Source: Su, Boyd, Candès (2016), JMLR 17, p. 7; Moucer, Taylor, Bach (2022), arXiv:2205.12772,
Thm 2.3 (as cited by PEPit's example ``gradient_flow_convex``); the ODE
:math:`\dot X = -\nabla f(X)` is derived by the engine from gradient descent.

Claim: along the flow, :math:`\dot E = (f - f^\star) - \langle\nabla f(X), X - x^\star\rangle - t\|\nabla f(X)\|^2 \le 0`
for every convex :math:`f`, so :math:`f(X(t)) - f^\star \le \|x_0 - x^\star\|^2/(2t)`.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from ..core import X, grad, norm2, t, x0, x_star
from ..limit import continuous_limit
from ..lyapunov import convex, f_gap
from ..methods import gradient_descent
from .kinds.lyapunov import lyapunov_entry


def _setup():
    limit = continuous_limit(gradient_descent())  # the entry's origin: gradient descent at t = ks
    return t * f_gap() + norm2(X(t) - x_star) / 2, limit, convex()


ENTRY = lyapunov_entry(
    "energy-gradient-flow", _setup,
    title=r"Gradient flow: the energy $t(f - f^\star) + \frac12\lVert X - x^\star\rVert^2$",
    source=r"Su, Boyd, Candès (2016), JMLR 17, p. 7; Moucer, Taylor, Bach (2022), arXiv:2205.12772, Thm 2.3",
    claim=r"$\dot E \le 0$ for every convex $f$, hence $f(X(t)) - f^\star \le \|x_0 - x^\star\|^2/(2t)$.",
    bound=norm2(x0 - x_star) / (2 * t),
    ode_literature=X(t).diff(t) + grad(X(t)),
)
