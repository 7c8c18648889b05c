r"""Low-resolution strongly convex ODE :math:`\ddot X + 2\sqrt\mu\dot X + \nabla f(X) = 0`, rate :math:`\sqrt\mu`.

Source: Wilson, Recht, Jordan (2021), JMLR 22(113), Appendix B;
PEPit example ``accelerated_gradient_flow_strongly_convex`` (``psd=True``).
The ODE is the engine's low-resolution limit of the heavy-ball method.

Claim: :math:`E = f - f^\star + \tfrac12\|\sqrt\mu(X - x^\star) + \dot X\|^2` satisfies
:math:`\dot E \le -\sqrt\mu E` for every :math:`\mu`-strongly convex :math:`f`, and
:math:`\sqrt\mu` is the best rate :math:`\kappa\sqrt\mu` this energy certifies.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from sympy import sqrt

from ..core import X, grad, mu, norm2, t, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import heavy_ball
from .kinds.lyapunov import lyapunov_entry


def _setup():
    limit = continuous_limit(heavy_ball(), order=0)  # the entry's origin: heavy ball at t = k sqrt(s)
    Xt = X(t)
    return f_gap() + norm2(sqrt(mu) * (Xt - x_star) + Xt.diff(t)) / 2, limit, strongly_convex()


ENTRY = lyapunov_entry(
    "energy-sc-flow", _setup,
    title=r"Strongly convex accelerated flow, rate $\sqrt{\mu}$",
    source=r"Wilson, Recht, Jordan (2021), JMLR 22, App. B; PEPit example accelerated_gradient_flow_strongly_convex (psd=True)",
    claim=r"$\dot E \le -\sqrt{\mu} E$ for every $\mu$-strongly convex $f$; $\sqrt{\mu}$ is the best rate for this energy.",
    rate=sqrt(mu),
    ode_literature=X(t).diff(t, 2) + 2 * sqrt(mu) * X(t).diff(t) + grad(X(t)),
    best=(sqrt(mu), sqrt(mu)),
)
