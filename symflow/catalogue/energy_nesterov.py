r"""SBC's energy for :math:`\ddot X + \tfrac3t\dot X + \nabla f(X) = 0`: :math:`E = t^2(f - f^\star) + 2\|X + \tfrac t2\dot X - x^\star\|^2`.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243, Theorem 3. The ODE is the
engine's continuous limit of Nesterov's scheme.

Claim: :math:`\dot E = 2t(f - f^\star) - 2t\langle\nabla f(X), X - x^\star\rangle \le 0` for
convex :math:`f`; hence :math:`f(X(t)) - f^\star \le 2\|x_0 - x^\star\|^2/t^2`.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from ..core import X, grad, norm2, t, x0, x_star
from ..limit import continuous_limit
from ..lyapunov import convex, f_gap
from ..methods import nesterov
from .kinds.lyapunov import lyapunov_entry


def _setup():
    limit = continuous_limit(nesterov())  # the entry's origin: Nesterov's scheme at t = k sqrt(s)
    Xt = X(t)
    return t**2 * f_gap() + 2 * norm2(Xt + t * Xt.diff(t) / 2 - x_star), limit, convex()


ENTRY = lyapunov_entry(
    "energy-nesterov", _setup,
    title=r"SBC energy for Nesterov's ODE ($r = 3$)",
    source="Su, Boyd, Candès (2016), arXiv:1503.01243, Theorem 3",
    claim=r"$\dot E \le 0$ for every convex $f$, hence $f(X(t)) - f^\star \le 2\|x_0 - x^\star\|^2/t^2$.",
    bound=2 * norm2(x0 - x_star) / t**2,
    ode_literature=X(t).diff(t, 2) + 3 / t * X(t).diff(t) + grad(X(t)),
)
