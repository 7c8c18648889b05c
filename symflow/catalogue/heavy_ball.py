r"""Heavy ball → :math:`\ddot X + 2\sqrt\mu\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0`.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.2 (the method and its low- and
high-resolution ODEs) and (1.10)–(1.11) (the initial conditions).

Claim: :math:`x_{k+1} = x_k + \alpha(x_k - x_{k-1}) - s\nabla f(x_k)` with
:math:`\alpha = (1-\sqrt{\mu s})/(1+\sqrt{\mu s})` tends to
:math:`\ddot X + 2\sqrt\mu\dot X + \nabla f(X) = 0`; keeping :math:`O(\sqrt s)`
gives :math:`\ddot X + 2\sqrt\mu\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0`,
with no gradient-correction term; the velocity form gives the same ODE.

Examples
--------
>>> all(c.passed for c in ENTRY.run(order=1).checks)
True
"""
from __future__ import annotations

from sympy import Rational, sqrt

from ..core import X, grad, mu, s, t
from ..methods import heavy_ball, heavy_ball_momentum
from .checks import sdjs_initial_conditions
from .kinds import limit_entry

_X = X(t)
ENTRY = limit_entry(
    "heavy-ball", heavy_ball,
    title="Polyak's heavy-ball method",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.2",
    claim=r"Low resolution $\ddot X + 2\sqrt{\mu}\dot X + \nabla f(X) = 0$; high resolution "
          r"$\ddot X + 2\sqrt{\mu}\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0$ (no Hessian term).",
    literature={
        0: _X.diff(t, 2) + 2 * sqrt(mu) * _X.diff(t) + grad(_X),
        1: _X.diff(t, 2) + 2 * sqrt(mu) * _X.diff(t) + (1 + sqrt(mu * s)) * grad(_X),
    },
    initial_exact=sdjs_initial_conditions(),
    initial_source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, (1.10)–(1.11)",
    exponent=Rational(1, 2),
    same_as=heavy_ball_momentum,
)
