r"""Nesterov's method (SBC form, r = 3) → :math:`\ddot X + \tfrac{3}{t}\dot X + \nabla f(X) = 0`.

Source: Su, Boyd, Candès, JMLR 17 (2016), arXiv:1503.01243, §2 for the
scheme and the ODE (Theorem 1 for existence).

Claim: with :math:`x_k = X(k\sqrt s)` the scheme
:math:`x_k = y_{k-1} - s\nabla f(y_{k-1})`,
:math:`y_k = x_k + \tfrac{k-1}{k+2}(x_k - x_{k-1})` tends to
:math:`\ddot X + \tfrac{3}{t}\dot X + \nabla f(X) = 0`, :math:`X(0) = x_0`,
:math:`\dot X(0) = 0`; the balance forces :math:`\delta = \sqrt s`, and the
one-sequence form of the method gives the same ODE.

Examples
--------
>>> all(c.passed for c in ENTRY.run(order=0).checks)
True
"""
from __future__ import annotations

from sympy import Eq, Rational, Subs

from ..core import X, grad, t, x0
from ..methods import nesterov, nesterov_one_sequence
from .kinds.limit import limit_entry

_X = X(t)
ENTRY = limit_entry(
    "nesterov", nesterov,
    title="Nesterov's accelerated gradient method (SBC form)",
    source="Su, Boyd, Candès (2016), arXiv:1503.01243, §2",
    claim=r"The limit of Nesterov's scheme with momentum $\frac{k-1}{k+2}$ is "
          r"$\ddot X + \frac{3}{t}\dot X + \nabla f(X) = 0$, $X(0) = x_0$, $\dot X(0) = 0$, "
          r"with $\delta = \sqrt{s}$.",
    literature={0: _X.diff(t, 2) + 3 / t * _X.diff(t) + grad(_X)},
    initial={0: (Eq(X(0), x0), Eq(Subs(_X.diff(t), t, 0), 0))},
    exponent=Rational(1, 2),
    same_as=nesterov_one_sequence,
)
