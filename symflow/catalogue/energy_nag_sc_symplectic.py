r"""Symplectic Euler of NAG-SC's high-resolution ODE: SDJS's energy (2.6) proves an accelerated rate.

Source: Shi, Du, Su, Jordan, NeurIPS 2019, arXiv:1902.03694. Retrieved (the abstract): the algorithm
obtained by the symplectic scheme applied to a high-resolution ODE achieves an accelerated rate for
smooth strongly convex functions, while the explicit scheme, the implicit scheme and the low-resolution
ODE fail to accelerate or are impractical. Their theorem and their Lyapunov function for the symplectic
scheme were not retrieved.

What is derived here: the engine's order-1 limit of NAG-SC (entry ``energy-nag-sc``),
:math:`\ddot X + 2\sqrt\mu\dot X + \sqrt s\nabla^2 f(X)\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0`,
discretized by :func:`~symflow.discretize.discretize` with the symplectic Euler scheme and step
:math:`\sqrt s` (position first, the Hessian term as the difference of gradients), is a method in
:math:`x_k`, :math:`v_k`, with :math:`x_{k+1} = x_k + \sqrt s v_k`. SDJS's discrete Lyapunov function (2.6)
for NAG-SC (Shi, Du, Jordan, Su 2022, arXiv:1810.08907, the energy of the entry ``energy-nag-sc-discrete``)
is written in :math:`x_{k+1}`, :math:`x_k` and :math:`\nabla f(x_k)`. The claim, at SDJS's Lemma 3.4 rate for
NAG-SC,

.. math::
    \mathcal E(k+1) - \mathcal E(k) \le -\frac{\sqrt{\mu s}}{6}\mathcal E(k+1)
    \quad\text{for every } f \in \mathcal S_{\mu,L},\ k \ge 0,

is proved with its exact region in :math:`(s, \mu, L)`, and the region contains :math:`s = 1/(8L)` for
every :math:`L > \mu` (checked exactly along that curve): a contraction
:math:`1/(1 + \tfrac16\sqrt{\mu/(8L)})` per step, accelerated. (It does not contain :math:`s = 1/(4L)`,
SDJS's step for NAG-SC, for :math:`L` slightly above :math:`\mu`.) The
same energy along the explicit and the implicit schemes is certified only on regions that lose :math:`s = c/L` as
:math:`L/\mu` grows (``rates-table``).

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from sympy import Rational, sqrt

from ..core import mu, s
from ..discretize import discretize
from ..limit import continuous_limit
from ..lyapunov import smooth_strongly_convex
from ..methods import nag_sc
from .energy_nag_sc_discrete import sdjs_energy
from .kinds import step_entry

#: the rate of E(k+1) - E(k) <= -rho E(k+1): SDJS's Lemma 3.4 rate for NAG-SC
RATE_NEXT = sqrt(mu * s) / 6


def symplectic_scheme():
    """Symplectic Euler (step sqrt(s)) of the engine's high-resolution ODE of NAG-SC.

    Examples
    --------
    >>> [str(u.lhs) for u in symplectic_scheme().updates]
    ['x(k + 1)', 'v(k + 1)']
    """
    return discretize(continuous_limit(nag_sc(), order=1).ode, "symplectic")


def _setup():
    return sdjs_energy(), symplectic_scheme(), smooth_strongly_convex()


ENTRY = step_entry(
    "energy-nag-sc-symplectic", _setup,
    title=r"Symplectic Euler of NAG-SC's high-resolution ODE: SDJS's energy (2.6), rate $\sqrt{\mu s}/6$",
    source="Shi, Du, Su, Jordan (2019), arXiv:1902.03694 (the claim); Shi, Du, Jordan, Su (2022), "
           "arXiv:1810.08907, (2.6) (the energy)",
    claim=r"$\mathcal E(k+1) - \mathcal E(k) \le -\frac{\sqrt{\mu s}}{6}\mathcal E(k+1)$ for every "
          r"$f \in \mathcal S_{\mu,L}$ along the symplectic Euler scheme of the high-resolution ODE, on an exact "
          r"region of $(s, \mu, L)$ that contains $s = 1/(8L)$ for every $L > \mu$ (accelerated).",
    rate=RATE_NEXT, rate_form="next", accelerated_step=Rational(1, 8),
)
