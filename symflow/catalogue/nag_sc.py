r"""NAG-SC → :math:`\ddot X + 2\sqrt\mu\dot X + \sqrt s\nabla^2 f(X)\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0`.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.2 (the method and its low- and
high-resolution ODEs) and (1.10)–(1.11) (the initial conditions).

Claim: at low resolution NAG-SC and heavy ball share
:math:`\ddot X + 2\sqrt\mu\dot X + \nabla f(X) = 0`; at :math:`O(\sqrt s)` NAG-SC
gains the gradient correction :math:`\sqrt s\nabla^2 f(X)\dot X`, with
:math:`X(0) = x_0`, :math:`\dot X(0) = -2\sqrt s\nabla f(x_0)/(1+\sqrt{\mu s})`
(equal to :math:`-2\sqrt s\nabla f(x_0)` at this order).

Examples
--------
>>> all(c.passed for c in ENTRY.run(order=1).checks)
True
"""
from __future__ import annotations

from sympy import Rational, sqrt

from ..core import NablaF, X, grad, mu, s, t
from ..methods import nag_sc
from .checks import sdjs_initial_conditions
from .kinds import limit_entry

_X = X(t)
ENTRY = limit_entry(
    "nag-sc", nag_sc,
    title="Nesterov's method for strongly convex functions (NAG-SC)",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.2",
    claim=r"High resolution: $\ddot X + 2\sqrt{\mu}\dot X + \sqrt{s}\nabla^2 f(X)\dot X "
          r"+ (1 + \sqrt{\mu s})\nabla f(X) = 0$.",
    literature={
        0: _X.diff(t, 2) + 2 * sqrt(mu) * _X.diff(t) + grad(_X),
        1: _X.diff(t, 2) + 2 * sqrt(mu) * _X.diff(t) + sqrt(s) * NablaF(_X, _X.diff(t))
        + (1 + sqrt(mu * s)) * grad(_X),
    },
    initial_exact=sdjs_initial_conditions(),
    initial_source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, (1.10)–(1.11)",
    exponent=Rational(1, 2),
)
