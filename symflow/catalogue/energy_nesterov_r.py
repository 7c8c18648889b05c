r"""The magic constant 3: :math:`E = \tfrac{2t^2}{r-1}(f - f^\star) + (r-1)\|X + \tfrac{t}{r-1}\dot X - x^\star\|^2`.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 5. The ODE
:math:`\ddot X + \tfrac rt\dot X + \nabla f(X) = 0` is the engine's limit of the
generalised scheme with momentum :math:`(k-1)/(k+r-1)`.

Claim: among :math:`r > 1`, :math:`\dot E \le 0` for every convex :math:`f` if and only if
:math:`r \ge 3`.

* Sufficiency: the engine's certificate holds on the region :math:`r \ge 3` (the multiplier of
  :math:`f(X) \ge f^\star` is :math:`2t(r-3)/(r-1)`); then
  :math:`f(X(t)) - f^\star \le (r-1)^2\|x_0 - x^\star\|^2/(2t^2)`. SBC's Theorem 5 states this
  bound for :math:`r > 3`, together with
  :math:`\int_0^\infty t(f(X(t)) - f^\star)\,dt \le (r-1)^2\|x_0 - x^\star\|^2/(2(r-3))`.
* Necessity (derived here, :func:`~symflow.lyapunov.counterexample_family`): here
  :math:`\dot E = \tfrac{2t}{r-1}\big(2(f - f^\star) - (r-1)\langle\nabla f(X), X - x^\star\rangle\big)`;
  for the Huber function (:math:`x^2/2` on :math:`|x| \le 1`, :math:`|x| - 1/2` outside; convex,
  1-smooth, checked exactly) on its piece :math:`X > 1` this is :math:`\tfrac{2t}{r-1}((3-r)X - 1)`,
  and at the state :math:`X = 2/(3-r)`, :math:`\dot X = 0` it is :math:`2t/(r-1) > 0`, for every
  :math:`r \in (1, 3)` and every :math:`t > 0` (decided exactly, not sampled; the integrated
  trajectories at :math:`r = 3/2, 2, 5/2` have :math:`E` increasing).

For :math:`r \le 1` the claim is not about an energy: at :math:`r = 1` the weights
:math:`2t^2/(r-1)` and :math:`t/(r-1)` are undefined, and for :math:`r < 1` the weights
:math:`2t^2/(r-1)` and :math:`r - 1` are negative, so :math:`E` bounds nothing. The region and the
family cover :math:`r > 1` exactly, so "iff :math:`r \ge 3`" is a theorem there, not two samples
(entry ``energy-nesterov-r2`` is the numeric refutation at :math:`r = 2` alone).

Examples
--------
>>> d = ENTRY.run()
>>> d.status, str(d.result.certificate.region.as_boolean())
('proved', 'r >= 3')
>>> [c.passed for c in d.checks if c.description.startswith("necessity")]
[True, True, True]
"""
from __future__ import annotations

from sympy import Interval, oo

from ..core import X, grad, norm2, r, t, x0, x_star
from ..limit import continuous_limit
from ..lyapunov import convex, f_gap
from ..methods import nesterov
from .kinds.lyapunov import lyapunov_entry


def _setup():
    limit = continuous_limit(nesterov(r))  # the entry's origin: the generalised scheme at t = k sqrt(s)
    Xt = X(t)
    energy = 2 * t**2 / (r - 1) * f_gap() + (r - 1) * norm2(Xt + t * Xt.diff(t) / (r - 1) - x_star)
    return energy, limit, convex()


ENTRY = lyapunov_entry(
    "energy-nesterov-r", _setup,
    title=r"Generalised Nesterov ODE: the energy and the region $r \ge 3$",
    source="Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 5",
    claim=r"$\dot E \le 0$ for every convex $f$ if and only if $r \ge 3$ (among $r > 1$): a certificate on "
          r"$r \ge 3$, and for every $r \in (1, 3)$ a Huber function and a state with $\dot E > 0$ (derived "
          r"here); then $f(X(t)) - f^\star \le (r-1)^2\|x_0 - x^\star\|^2/(2t^2)$ (SBC's Thm 5 states it for "
          r"$r > 3$).",
    region={r: Interval(3, oo)},
    bound=(r - 1)**2 * norm2(x0 - x_star) / (2 * t**2),
    ode_literature=X(t).diff(t, 2) + r / t * X(t).diff(t) + grad(X(t)),
    # where the claim fails: r in (1, 3); for r <= 1 the energy's weights are undefined or negative
    necessity={r: Interval.open(1, 3)},
    domain={r: Interval.open(1, oo)},
)
