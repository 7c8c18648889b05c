r"""Nesterov's generalized scheme in discrete time: SBC's energy with :math:`z_k`, rate :math:`1/(s(k+r-2)^2)`.

Source: Su, Boyd, Candès (2016), JMLR 17, Thm 6 (the generalized scheme, :math:`r > 3`,
:math:`s \le 1/L`), with the proof's variable :math:`z_k = x_k + \frac{k-1}{r-1}(x_k - x_{k-1})`, for which
:math:`z_{k-1} - \frac{s(k+r-2)}{r-1}G_s(y_{k-1}) = z_k`; the energy combines
:math:`(k+r-2)^2(f(x_k) - f^\star)` with :math:`\|z_k - x^\star\|^2`. The coefficients below are this
entry's choice; the engine decides whether they make a certificate, finds the region and derives the
bound.

Method (SBC §2): :math:`x_k = y_{k-1} - s\nabla f(y_{k-1})`,
:math:`y_k = x_k + \frac{k-1}{k+r-1}(x_k - x_{k-1})`, :math:`y_0 = x_0`. Energy

.. math::
    E_k = \frac{2s}{r-1}(k+r-2)^2(f(x_k) - f^\star) + (r-1)\|z_k - x^\star\|^2 .

Claim: :math:`E_{k+1} \le E_k` for every :math:`k \ge 0` and every :math:`L`-smooth convex :math:`f`
(at :math:`k = 0` with :math:`x_{-1} = x_0`, which is the method's own start: it gives
:math:`y_0 = x_0`). The engine finds the region :math:`r \ge 3`, :math:`s \le 1/L` (SBC: :math:`r > 3`
for the theorem, which also bounds a sum; :math:`r = 3` is Nesterov's method) and the bound

.. math::
    f(x_k) - f^\star \le \frac{2(r-2)^2 s(f(x_0) - f^\star) + (r-1)^2\|x_0 - x^\star\|^2}{2s(k+r-2)^2},

whose second term is SBC's constant :math:`(r-1)^2\|x_0 - x^\star\|^2/(2s(k+r-2)^2)`; the first is what
starting the energy at :math:`k = 0` costs (SBC start it at :math:`k = 1`, where one gradient step gives
:math:`E_1 \le (r-1)\|x_0 - x^\star\|^2`).

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.region.text()
('proved', 'r >= 3 & s <= 1/L')
"""
from __future__ import annotations

from sympy import Interval

from ..core import FValue, k, norm2, r, s, x, x_star
from ..lyapunov import smooth_convex
from ..methods import nesterov
from .kinds import step_entry


def sbc_energy():
    r"""The energy :math:`E_k` of the entry, in :math:`x_k`, :math:`x_{k-1}` and :math:`x^\star`.

    Examples
    --------
    >>> sorted(str(a) for a in sbc_energy().atoms(FValue))
    ['FValue(x(k))', 'FValue(x^star)']
    """
    z = x(k) + (k - 1) / (r - 1) * (x(k) - x(k - 1))
    return 2 * s / (r - 1) * (k + r - 2) ** 2 * (FValue(x(k)) - FValue(x_star)) + (r - 1) * norm2(z - x_star)


def _setup():
    return sbc_energy(), nesterov(r), smooth_convex()


ENTRY = step_entry(
    "energy-nesterov-r-discrete", _setup,
    title=r"Nesterov's generalized scheme, discrete time: SBC's energy, rate $1/(s(k+r-2)^2)$",
    source="Su, Boyd, Candès (2016), JMLR 17, Thm 6 and its proof",
    claim=r"$E_{k+1} \le E_k$ for every $L$-smooth convex $f$ and $k \ge 0$, on a region containing "
          r"$r \ge 3$, $0 < sL \le 1$; then $f(x_k) - f^\star = O(\|x_0 - x^\star\|^2/(s(k+r-2)^2))$.",
    step_interval=Interval.Lopen(0, 1),
)
