r"""Nesterov's method with momentum :math:`(k-1)/(k+r-1)` → :math:`\ddot X + \tfrac{r}{t}\dot X + \nabla f(X) = 0`.

Source: Su, Boyd, Candès (2016) §4 ("the magic constant 3").

Claim: for symbolic :math:`r` the generalised scheme tends to
:math:`\ddot X + \tfrac{r}{t}\dot X + \nabla f(X) = 0` with :math:`\delta = \sqrt s`,
:math:`X(0) = x_0`, :math:`\dot X(0) = 0`.

Examples
--------
>>> ENTRY.run(order=0).checks[0].passed
True
"""
from __future__ import annotations

from sympy import Eq, Rational, Subs

from ..core import X, grad, r, t, x0
from ..methods import nesterov, nesterov_one_sequence
from .kinds.limit import limit_entry

_X = X(t)
ENTRY = limit_entry(
    "nesterov-r", lambda: nesterov(r),
    title="Generalised Nesterov scheme, momentum (k-1)/(k+r-1)",
    source="Su, Boyd, Candès (2016), arXiv:1503.01243, §4",
    claim=r"For every $r$ the limit is $\ddot X + \frac{r}{t}\dot X + \nabla f(X) = 0$ with "
          r"$\delta = \sqrt{s}$.",
    literature={0: _X.diff(t, 2) + r / t * _X.diff(t) + grad(_X)},
    initial={0: (Eq(X(0), x0), Eq(Subs(_X.diff(t), t, 0), 0))},
    exponent=Rational(1, 2),
    same_as=lambda: nesterov_one_sequence(r),
)
