r"""Heavy ball → :math:`\ddot X + 2\sqrt\mu\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0`.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.1 (the method and
its low- and high-resolution ODEs).

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

from sympy import Eq, Rational, Subs, sqrt

from ..core import X, grad, mu, s, t, x0
from ..methods import heavy_ball, heavy_ball_momentum
from .kinds.limit import limit_entry

_X = X(t)
ENTRY = limit_entry(
    "heavy-ball", heavy_ball,
    title="Polyak's heavy-ball method",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.1 and §2",
    claim=r"Low resolution $\ddot X + 2\sqrt{\mu}\dot X + \nabla f(X) = 0$; high resolution "
          r"$\ddot X + 2\sqrt{\mu}\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0$ (no Hessian term).",
    literature={
        0: _X.diff(t, 2) + 2 * sqrt(mu) * _X.diff(t) + grad(_X),
        1: _X.diff(t, 2) + 2 * sqrt(mu) * _X.diff(t) + (1 + sqrt(mu * s)) * grad(_X),
    },
    initial={
        0: (Eq(X(0), x0), Eq(Subs(_X.diff(t), t, 0), 0)),
        1: (Eq(X(0), x0), Eq(Subs(_X.diff(t), t, 0), -2 * sqrt(s) * grad(x0))),
    },
    exponent=Rational(1, 2),
    same_as=heavy_ball_momentum,
)
