r"""NAG-C in discrete time: SDJS's Lyapunov function (4.6), the rate :math:`1/(sk^2)` and the gradient norm.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907 (v3), §4.2: NAG-C (1.5), the phase-space
representation (4.5) with :math:`v_k = (x_{k+1} - x_k)/\sqrt s`, the discrete Lyapunov function (4.6),
Lemma 4.3 and Theorem 6; statements retrieved as transcribed in public formal statements of the paper
(Lean, namespace ``HighResODE.NAGC``, citing v3 pp. 25-27), the words of Theorem 6 from the paper's text.

NAG-C: :math:`y_{k+1} = x_k - s\nabla f(x_k)`, :math:`x_{k+1} = y_{k+1} + \frac{k}{k+3}(y_{k+1} - y_k)`,
:math:`y_0 = x_0`. The energy (4.6) is

.. math::
    \mathcal E(k) = s(k+3)(k+1)(f(x_k) - f^\star)
    + \tfrac12\|(k+1)\sqrt s\,v_k + 2(x_{k+1} - x^\star) + (k+1)s\nabla f(x_k)\|^2 ,

and :math:`(k+1)\sqrt s\,v_k = (k+1)(x_{k+1} - x_k)`, so it is rational in :math:`s`.

SDJS, Lemma 4.3 (p. 25): for :math:`f \in \mathcal F^1_L` and :math:`0 < s \le 1/(3L)`,
:math:`\mathcal E(k+1) - \mathcal E(k) \le -\frac{s^2((k+3)(k-1) - Ls(k+3)(k+1))}2\|\nabla f(x_{k+1})\|^2`
for every :math:`k \ge 0`; Theorem 6: :math:`\min_{0\le i\le k}\|\nabla f(x_i)\|^2 \le
\frac{8568\|x_0 - x^\star\|^2}{s^2(k+1)^3}` and :math:`f(x_k) - f^\star \le
\frac{119\|x_0 - x^\star\|^2}{s(k+1)^2}` (the latter from (4.12), :math:`\mathcal E` nonincreasing from
:math:`k = 2`).

Claim stated to the engine: :math:`\mathcal E(k+1) \le \mathcal E(k)` for every :math:`k \ge 0` and every
:math:`L`-smooth convex :math:`f` (interpolation inequalities of Taylor, Hendrickx, Glineur 2017, Thm 4,
between :math:`x_{k+1}`, :math:`x_k`, :math:`x^\star`). The engine finds the region :math:`s \le 1/L`
(containing SDJS's :math:`s \le 1/(3L)`), the bound :math:`f(x_k) - f^\star \le \mathcal E(0)/(s(k+1)(k+3))`
with :math:`x_1 = x_0 - s\nabla f(x_0)`, and, from the certificate's remainder, the coefficient
:math:`c_k` of :math:`\|\nabla f(x_{k+1})\|^2`: SDJS's plus :math:`s(2k+7)/(2L)` (derived here), which
the entry checks dominates SDJS's for every :math:`k \ge 0`. The tests compare the bounds with
Theorem 6's constants and prove Lemma 4.3 as stated (a second route).

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.region.text()
('proved', 's <= 1/L')
"""
from __future__ import annotations

from sympy import Interval, Rational

from ..core import FValue, L, NablaF, k, norm2, s, x, x_star
from ..lyapunov import smooth_convex
from ..methods import nag_c
from .kinds import step_entry

#: SDJS's coefficient in Lemma 4.3: E(k+1) - E(k) <= -GRADIENT ‖grad f(x_(k+1))‖²
GRADIENT = s ** 2 * ((k + 3) * (k - 1) - L * s * (k + 3) * (k + 1)) / 2


def sdjs_energy():
    r"""SDJS's discrete Lyapunov function (4.6) for NAG-C, :math:`\mathcal E(k)`.

    Examples
    --------
    >>> sorted(str(a) for a in sdjs_energy().atoms(FValue))
    ['FValue(x(k))', 'FValue(x^star)']
    """
    velocity_term = (k + 1) * (x(k + 1) - x(k))   # (k + 1) sqrt(s) v_k
    return (s * (k + 3) * (k + 1) * (FValue(x(k)) - FValue(x_star))
            + norm2(velocity_term + 2 * (x(k + 1) - x_star) + (k + 1) * s * NablaF(x(k))) / 2)


def _setup():
    return sdjs_energy(), nag_c(), smooth_convex()


ENTRY = step_entry(
    "energy-nag-c-discrete", _setup,
    title=r"NAG-C, discrete time: SDJS's Lyapunov function (4.6), rate $1/(sk^2)$ and the gradient norm",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, Lemma 4.3, Theorem 6 and (4.6)",
    claim=r"$\mathcal E(k+1) \le \mathcal E(k)$ for every $L$-smooth convex $f$ and $k \ge 0$, on a region "
          r"containing SDJS's $0 < s \le 1/(3L)$, with $\mathcal E(k+1) - \mathcal E(k) \le -c_k\|\nabla f(x_{k+1})\|^2$, "
          r"$c_k$ at least SDJS's $s^2((k+3)(k-1) - Ls(k+3)(k+1))/2$.",
    step_interval=Interval.Lopen(0, Rational(1, 3)),
    gradient=GRADIENT, gradient_point=x(k + 1),
)
