r"""Synthesis in discrete time: the best linear rate of gradient descent in a family, found and refuted above.

Source: derived here (the family and its best rate); the interpolation inequalities are those of Taylor,
Hendrickx, Glineur (2017, Thm 4).

Claim (derived here): along gradient descent :math:`x_{k+1} = x_k - s\nabla f(x_k)` on
:math:`f \in \mathcal S_{\mu,L}` at :math:`\mu = 1/4`, :math:`L = 1`, the family
:math:`E_k = f(x_k) - f^\star + a\|x_k - x^\star\|^2` (unknown :math:`a`, "there exists"; the step
:math:`s` "for all") has the best rate :math:`\rho^\star(s)` in :math:`E_{k+1} \le (1 - \rho)E_k`, found by
the engine as an exact function of :math:`s` with the region where it holds. Second route: on the quadratic
:math:`f = \mu x^2/2` of the class, one step of the method multiplies every member by
:math:`(1 - \mu s)^2`, so no member certifies more than :math:`1 - (1 - \mu s)^2`; the engine's
:math:`\rho^\star` must be exactly that, and its region must contain :math:`0 < s \le 2/(L + \mu) = 8/5`
and not :math:`s = 2`.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.rate
('proved', s*(8 - s)/16)
>>> all(check.passed for check in d.checks)
True
"""
from __future__ import annotations

from sympy import Rational, Symbol, cancel, symbols

from ..core import FValue, k, norm2, s, x, x_star
from ..lyapunov import smooth_strongly_convex
from ..methods import gradient_descent
from .kinds.synthesis import step_synthesis_entry

#: the family's unknown coefficient ("there exists")
a = symbols("a", real=True)
#: the class constants of the entry
MU, L_SMOOTH = Rational(1, 4), Rational(1)


def _setup():
    family = FValue(x(k)) - FValue(x_star) + a * norm2(x(k) - x_star)
    return family, (a,), gradient_descent(), smooth_strongly_convex(MU, L_SMOOTH)


def _quadratic(found):
    r"""The method run on :math:`\mu z^2/2` for one step: the factor every member of the family is multiplied by."""
    z = Symbol("z", real=True)
    after = z - s * MU * z
    factor = cancel((MU * after**2 / 2 + a * after**2) / (MU * z**2 / 2 + a * z**2))
    bound = cancel(1 - factor)
    return ("second route: on f = mu x^2/2 one step multiplies every member by (1 - mu s)^2, and rho* is "
            "1 minus that", bound, cancel(found.rate - bound) == 0)


ENTRY = step_synthesis_entry(
    "synth-gradient-descent-sc", _setup,
    title=r"Synthesis in discrete time: gradient descent, strongly convex, the best rate in a family",
    source="derived here; interpolation inequalities of Taylor, Hendrickx, Glineur (2017, Thm 4)",
    claim=r"In the family $f(x_k) - f^\star + a\|x_k - x^\star\|^2$ along gradient descent on "
          r"$\mathcal S_{1/4, 1}$, the best rate of $E_{k+1} \le (1 - \rho)E_k$ is found exactly as a function of "
          r"the step $s$, certified on its region, and refuted above.",
    rate="best",
    second_route=_quadratic,
    inside=({s: Rational(1, 10)}, {s: Rational(8, 5)}),
    outside=({s: 2},),
)
