r"""Gradient descent in discrete time: :math:`E_k = ks(f(x_k) - f^\star) + \tfrac12\|x_k - x^\star\|^2` is nonincreasing.

Source: derived here; compared with the textbook bound
:math:`f(x_k) - f^\star \le \|x_0 - x^\star\|^2/(2sk)` for :math:`f \in \mathcal F_{0,L}` and
:math:`0 < s \le 1/L`.

Claim: along :math:`x_{k+1} = x_k - s\nabla f(x_k)`, for every :math:`L`-smooth convex :math:`f` and every
:math:`k \ge 0`, :math:`E_{k+1} \le E_k` on the exact region the engine finds,
:math:`0 < s \le (1 + \sqrt5)/(2L)` in the two parameters :math:`s, L` (it contains :math:`0 < sL \le 1`; on
:math:`f = Lz^2/2` the step :math:`E_1 \le E_0` fails beyond it, so the region is the claim's own); hence
:math:`f(x_k) - f^\star \le \|x_0 - x^\star\|^2/(2sk)`. The certificate uses the interpolation inequalities
of Taylor, Hendrickx, Glineur (2017, Thm 4) between :math:`x_k`, :math:`x_{k+1}` and :math:`x^\star`.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.region.text()
('proved', 's <= (1 + sqrt(5))/(2*L)')
"""
from __future__ import annotations

from sympy import Interval

from ..core import FValue, k, norm2, s, x, x0, x_star
from ..lyapunov import smooth_convex
from ..methods import gradient_descent
from .kinds import step_entry


def _setup():
    energy = k * s * (FValue(x(k)) - FValue(x_star)) + norm2(x(k) - x_star) / 2
    return energy, gradient_descent(), smooth_convex()


ENTRY = step_entry(
    "energy-gradient-descent", _setup,
    title=r"Gradient descent, discrete time: the energy $ks(f(x_k) - f^\star) + \frac12\lVert x_k - x^\star\rVert^2$",
    source="derived here (compare the textbook rate for 0 < s <= 1/L)",
    claim=r"$E_{k+1} \le E_k$ for every $L$-smooth convex $f$ on a region containing $0 < sL \le 1$; "
          r"then $f(x_k) - f^\star \le \|x_0 - x^\star\|^2/(2sk)$.",
    bound=norm2(x0 - x_star) / (2 * k * s),
    step_interval=Interval.Lopen(0, 1),
)
