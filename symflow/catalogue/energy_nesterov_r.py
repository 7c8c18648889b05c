r"""The magic constant 3: :math:`E = \tfrac{2t^2}{r-1}(f - f^\star) + (r-1)\|X + \tfrac{t}{r-1}\dot X - x^\star\|^2`.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 5. The ODE
:math:`\ddot X + \tfrac rt\dot X + \nabla f(X) = 0` is the engine's limit of the
generalised scheme with momentum :math:`(k-1)/(k+r-1)`.

Claim: :math:`\dot E \le 0` for every convex :math:`f` on the region :math:`r \ge 3` the engine
finds (the multiplier of :math:`f(X) \ge f^\star` is :math:`2t(r-3)/(r-1)`); then
:math:`f(X(t)) - f^\star \le (r-1)^2\|x_0 - x^\star\|^2/(2t^2)`. SBC's Theorem 5 states this
bound for :math:`r > 3`, together with
:math:`\int_0^\infty t(f(X(t)) - f^\star)\,dt \le (r-1)^2\|x_0 - x^\star\|^2/(2(r-3))`; that the
claim fails for every :math:`r < 3` (necessity) is not proved here, only refuted at
:math:`r = 2` (entry ``energy-nesterov-r2``).

Examples
--------
>>> d = ENTRY.run()
>>> d.status, str(d.result.certificate.region.as_boolean())
('proved', 'r >= 3')
"""
from __future__ import annotations

from sympy import Interval, oo

from ..core import X, grad, norm2, r, t, x0, x_star
from ..limit import continuous_limit
from ..lyapunov import convex, f_gap
from ..methods import nesterov
from .kinds.lyapunov import lyapunov_entry


def _setup():
    ode = continuous_limit(nesterov(r)).ode
    Xt = X(t)
    energy = 2 * t**2 / (r - 1) * f_gap() + (r - 1) * norm2(Xt + t * Xt.diff(t) / (r - 1) - x_star)
    return energy, ode, convex()


ENTRY = lyapunov_entry(
    "energy-nesterov-r", _setup,
    title=r"Generalised Nesterov ODE: the energy and the region $r \ge 3$",
    source="Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 5",
    claim=r"$\dot E \le 0$ for every convex $f$ on the region $r \ge 3$; then "
          r"$f(X(t)) - f^\star \le (r-1)^2\|x_0 - x^\star\|^2/(2t^2)$ (SBC's Thm 5 states it for $r > 3$).",
    region={r: Interval(3, oo)},
    bound=(r - 1)**2 * norm2(x0 - x_star) / (2 * t**2),
    ode_literature=X(t).diff(t, 2) + r / t * X(t).diff(t) + grad(X(t)),
)
