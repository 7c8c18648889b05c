r"""NAG-SC in discrete time: SDJS's Lyapunov function (2.6) decays at the rate of their Lemma 3.4.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907 (v3), Lemma 3.4 (p. 16) with the discrete
Lyapunov function (2.6); statement retrieved as transcribed in a public formal statement of the lemma
(Lean, namespace ``HighResODE.NAGSC``, citing v3 p. 16), not from the paper's own file.

NAG-SC: :math:`y_{k+1} = x_k - s\nabla f(x_k)`,
:math:`x_{k+1} = y_{k+1} + \frac{1-\sqrt{\mu s}}{1+\sqrt{\mu s}}(y_{k+1} - y_k)`; with
:math:`v_k = (x_{k+1} - x_k)/\sqrt s`, the energy (2.6) is

.. math::
    \mathcal E(k) = \frac{1+\sqrt{\mu s}}{1-\sqrt{\mu s}}(f(x_k) - f^\star) + \tfrac14\|v_k\|^2
    + \tfrac14\Big\|v_k + \frac{2\sqrt\mu}{1-\sqrt{\mu s}}(x_{k+1} - x^\star) + \sqrt s\nabla f(x_k)\Big\|^2
    - \frac{s\|\nabla f(x_k)\|^2}{2(1-\sqrt{\mu s})}.

Claim (SDJS Lemma 3.4): for :math:`f \in \mathcal S^1_{\mu,L}` and :math:`0 < s \le 1/(4L)`,
:math:`\mathcal E(k+1) - \mathcal E(k) \le -\frac{\sqrt{\mu s}}6\mathcal E(k+1)` for every
:math:`k \ge 0`. This "next" form is the same claim as
:math:`\mathcal E(k+1) - \mathcal E(k) \le -\rho'\mathcal E(k)` with
:math:`\rho' = \rho/(1+\rho) = \sqrt{\mu s}/(6 + \sqrt{\mu s})` (both say
:math:`(1+\rho)\mathcal E(k+1) \le \mathcal E(k)`). The entry states SDJS's form to
:func:`~symflow.lyapunov.certify_step` (``rate_form="next"``); the tests prove the other form as a
second route. The engine uses the interpolation inequalities of Taylor, Hendrickx,
Glineur (2017, Thm 4) between :math:`x_{k+1}`, :math:`x_k`, :math:`x^\star` and finds the exact
region where its certificate holds: a conjunction of polynomial inequalities in :math:`\sqrt\mu`,
:math:`\sqrt s`, :math:`L` (with :math:`\mu < L`), compared with SDJS's
:math:`0 < s \le 1/(4L)` at exact points in the tests.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from sympy import sqrt

from ..core import FValue, NablaF, k, mu, norm2, s, x, x_star
from ..lyapunov import smooth_strongly_convex
from ..methods import nag_sc
from .kinds import step_entry

#: SDJS's rate in Lemma 3.4, for E(k+1) - E(k) <= -rho E(k+1)
RATE_NEXT = sqrt(mu * s) / 6


def sdjs_energy():
    r"""SDJS's discrete Lyapunov function (2.6) for NAG-SC, :math:`\mathcal E(k)`.

    Examples
    --------
    >>> sorted(str(a) for a in sdjs_energy().atoms(FValue))
    ['FValue(x(k))', 'FValue(x^star)']
    """
    root = sqrt(mu * s)
    v = (x(k + 1) - x(k)) / sqrt(s)
    return ((1 + root) / (1 - root) * (FValue(x(k)) - FValue(x_star)) + norm2(v) / 4
            + norm2(v + 2 * sqrt(mu) / (1 - root) * (x(k + 1) - x_star) + sqrt(s) * NablaF(x(k))) / 4
            - s * norm2(NablaF(x(k))) / (2 * (1 - root)))


def _setup():
    return sdjs_energy(), nag_sc(), smooth_strongly_convex()


ENTRY = step_entry(
    "energy-nag-sc-discrete", _setup,
    title=r"NAG-SC, discrete time: SDJS's Lyapunov function (2.6), rate $\sqrt{\mu s}/6$",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, Lemma 3.4 and (2.6)",
    claim=r"$\mathcal E(k+1) - \mathcal E(k) \le -\frac{\sqrt{\mu s}}{6}\mathcal E(k+1)$ for every "
          r"$f \in \mathcal S_{\mu,L}$, on an exact region of $(s, \mu, L)$ (SDJS: $0 < s \le 1/(4L)$).",
    rate=RATE_NEXT, rate_form="next",
)
