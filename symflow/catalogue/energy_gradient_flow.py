r"""Gradient flow, convex :math:`f`: :math:`E = t(f(X) - f^\star) + \tfrac12\|X - x^\star\|^2` is nonincreasing.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243, §1 / REFERENCE.md §1; the ODE
:math:`\dot X = -\nabla f(X)` is derived by the engine from gradient descent.

Claim: along the flow, :math:`\dot E = (f - f^\star) - \langle\nabla f(X), X - x^\star\rangle - t\|\nabla f(X)\|^2 \le 0`
for every convex :math:`f`, so :math:`f(X(t)) - f^\star \le \|x_0 - x^\star\|^2/(2t)`.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from ..function_classes import convex
from ..limit import continuous_limit
from ..lyapunov import f_gap
from ..methods import gradient_descent
from ..symbols import X, t, x0, x_star
from ..vectors import grad, norm2
from ._lyapunov import lyapunov_entry


def _setup():
    ode = continuous_limit(gradient_descent()).ode
    return t * f_gap() + norm2(X(t) - x_star) / 2, ode, convex()


ENTRY = lyapunov_entry(
    "energy-gradient-flow", _setup,
    title="Gradient flow: energy t(f - f*) + |X - x*|^2/2",
    source="Su, Boyd, Candès (2016), arXiv:1503.01243; REFERENCE.md §1",
    claim="dE/dt <= 0 for every convex f, hence f(X(t)) - f* <= |x0 - x*|^2/(2t).",
    bound=norm2(x0 - x_star) / (2 * t),
    ode_literature=X(t).diff(t) + grad(X(t)),
)
