r"""NAG-C → :math:`\ddot X + \tfrac{3}{t}\dot X + \sqrt s\nabla^2 f(X)\dot X + (1 + \tfrac{3\sqrt s}{2t})\nabla f(X) = 0`.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.1 (the method and
its low- and high-resolution ODEs).

Claim: with :math:`t = (k + 3/2)\sqrt s` NAG-C tends to the high-resolution
ODE above for :math:`t \ge 3\sqrt s/2`, with :math:`X(3\sqrt s/2) = x_0`,
:math:`\dot X(3\sqrt s/2) = -\sqrt s\nabla f(x_0)`; at low resolution it is
SBC's :math:`\ddot X + \tfrac3t\dot X + \nabla f(X) = 0`.

Examples
--------
>>> all(c.passed for c in ENTRY.run(order=1).checks)
True
"""
from __future__ import annotations

from sympy import Eq, Rational, Subs, sqrt

from ..core import NablaF, X, grad, s, t, x0
from ..methods import nag_c
from .kinds.limit import limit_entry

_X = X(t)
_t0 = 3 * sqrt(s) / 2
ENTRY = limit_entry(
    "nag-c", nag_c,
    title="Nesterov's method for convex functions (NAG-C)",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.1 and §2",
    claim=r"With $t = (k + \frac{3}{2})\sqrt{s}$: $\ddot X + \frac{3}{t}\dot X + \sqrt{s}\nabla^2 f(X)\dot X "
          r"+ (1 + \frac{3\sqrt{s}}{2t})\nabla f(X) = 0$ for $t \geq \frac{3\sqrt{s}}{2}$.",
    literature={
        0: _X.diff(t, 2) + 3 / t * _X.diff(t) + grad(_X),
        1: _X.diff(t, 2) + 3 / t * _X.diff(t) + sqrt(s) * NablaF(_X, _X.diff(t))
        + (1 + 3 * sqrt(s) / (2 * t)) * grad(_X),
    },
    initial={
        0: (Eq(X(0), x0), Eq(Subs(_X.diff(t), t, 0), 0)),
        1: (Eq(X(_t0), x0), Eq(Subs(_X.diff(t), t, _t0), -sqrt(s) * grad(x0))),
    },
    offset=Rational(3, 2),
    exponent=Rational(1, 2),
)
