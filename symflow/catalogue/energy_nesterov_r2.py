r"""A false claim: the :math:`r`-energy at :math:`r = 2` is nonincreasing.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243, §4 (the bound needs :math:`r \ge 3`).

Claim (false): for :math:`\ddot X + \tfrac2t\dot X + \nabla f(X) = 0`,
:math:`E = 2t^2(f - f^\star) + \|X + t\dot X - x^\star\|^2` satisfies :math:`\dot E \le 0`
for every convex :math:`f`. Here :math:`\dot E = 4t(f - f^\star) - 2t\langle\nabla f(X), X - x^\star\rangle`,
which is zero on quadratics but positive where :math:`f` grows slower than quadratically:
the engine finds a log-cosh function and a state with :math:`\dot E > 0`, and the
integrated trajectory from there has :math:`E` increasing.

Examples
--------
>>> ENTRY.run().status
'refuted'
"""
from __future__ import annotations

from ..core import Status, X, norm2, t, x_star
from ..limit import continuous_limit
from ..lyapunov import convex, f_gap
from ..methods import nesterov
from .kinds.lyapunov import lyapunov_entry


def _setup():
    ode = continuous_limit(nesterov(2)).ode
    Xt = X(t)
    return 2 * t**2 * f_gap() + norm2(Xt + t * Xt.diff(t) - x_star), ode, convex()


ENTRY = lyapunov_entry(
    "energy-nesterov-r2", _setup,
    title=r"False claim: the $r$-energy at $r = 2$",
    source="Su, Boyd, Candès (2016), arXiv:1503.01243, §4",
    claim=r"(false) $\dot E \le 0$ for every convex $f$ at $r = 2$.",
    expected=Status.REFUTED,
)
