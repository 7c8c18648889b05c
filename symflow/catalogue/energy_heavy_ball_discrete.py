r"""Heavy ball in discrete time: a Lyapunov function from SDJS's NAG-SC energy, rate :math:`\sqrt{\mu s}/4`.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907 (v3), §3.2, Theorem 4 and Lemma 3.5. Retrieved
(the paper's text): heavy ball :math:`x_{k+1} = x_k + \alpha(x_k - x_{k-1}) - s\nabla f(x_k)` with
:math:`\alpha = \frac{1-\sqrt{\mu s}}{1+\sqrt{\mu s}}`, :math:`x_1 = x_0 - \frac{2s\nabla f(x_0)}{1+\sqrt{\mu s}}`;
Theorem 4 takes the step size :math:`s = \mu/(16L^2)` for :math:`f \in \mathcal S^1_{\mu,L}`; Lemma 3.5
holds for any :math:`s > 0` with a positive term
:math:`\frac s2\big(\frac{1+\sqrt{\mu s}}{1-\sqrt{\mu s}}\big)^2\|\nabla f(x_{k+1})\|^2` on its right, which
a step size :math:`s = O(\mu/L^2)` must absorb; their discrete Lyapunov function (3.10) discretizes the
ODE's (3.3), which is NAG-SC's (2.4) without its :math:`\sqrt s\nabla f(X)` term, and
Lemma 3.2 gives :math:`\dot{\mathcal E} \le -\frac{\sqrt\mu}4\mathcal E` for (3.3). The formula of
(3.10) itself was not retrieved.

Energy (derived here): SDJS's NAG-SC energy (2.6) without its gradient terms, as (3.3) is (2.4)
without :math:`\sqrt s\nabla f(X)`; with :math:`v_k = (x_{k+1} - x_k)/\sqrt s`,

.. math::
    E_k = \frac{1+\sqrt{\mu s}}{1-\sqrt{\mu s}}(f(x_k) - f^\star) + \tfrac14\|v_k\|^2
    + \tfrac14\Big\|v_k + \frac{2\sqrt\mu}{1-\sqrt{\mu s}}(x_{k+1} - x^\star)\Big\|^2 .

Claim (derived here): :math:`E_{k+1} - E_k \le -\frac{\sqrt{\mu s}}4E_{k+1}` for every :math:`k \ge 0` and
:math:`f \in \mathcal S_{\mu,L}` — Lemma 3.2's rate per step of length :math:`\sqrt s` (:math:`t = k\sqrt s`).
The engine finds the exact region of its certificate, in :math:`\sqrt\mu`, :math:`\sqrt s`, :math:`L`;
the tests compare it with SDJS's :math:`s = \mu/(16L^2)` at exact points and show that it stops at
step sizes of order :math:`\mu/L^2`, far below NAG-SC's :math:`1/(4L)`.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from sympy import sqrt

from ..core import FValue, k, mu, norm2, s, x, x_star
from ..lyapunov import smooth_strongly_convex
from ..methods import heavy_ball
from .kinds import step_entry

#: the rate of E(k+1) - E(k) <= -rho E(k+1): SDJS's Lemma 3.2 rate sqrt(mu)/4 per step sqrt(s)
RATE_NEXT = sqrt(mu * s) / 4


def hb_energy():
    r"""The entry's energy :math:`E_k` (SDJS's (2.6) without its gradient terms), in :math:`x_{k+1}`, :math:`x_k`.

    Examples
    --------
    >>> sorted(str(a) for a in hb_energy().atoms(FValue))
    ['FValue(x(k))', 'FValue(x^star)']
    """
    root = sqrt(mu * s)
    v = (x(k + 1) - x(k)) / sqrt(s)
    return ((1 + root) / (1 - root) * (FValue(x(k)) - FValue(x_star)) + norm2(v) / 4
            + norm2(v + 2 * sqrt(mu) / (1 - root) * (x(k + 1) - x_star)) / 4)


def _setup():
    return hb_energy(), heavy_ball(), smooth_strongly_convex()


ENTRY = step_entry(
    "energy-heavy-ball-discrete", _setup,
    title=r"Heavy ball, discrete time: SDJS's NAG-SC energy without its gradient terms, rate $\sqrt{\mu s}/4$",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §3.2, Theorem 4 and Lemma 3.5",
    claim=r"$E_{k+1} - E_k \le -\frac{\sqrt{\mu s}}{4}E_{k+1}$ for every $f \in \mathcal S_{\mu,L}$, on an exact "
          r"region of $(s, \mu, L)$ containing SDJS's step size $s = \mu/(16L^2)$ and of order $\mu/L^2$.",
    rate=RATE_NEXT, rate_form="next",
)
