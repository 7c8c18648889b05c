r"""Synthesis: the best rate of SDJS's NAG-SC energy family on the high-resolution ODE.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §3.1 (Lemma 3.1): for the high-resolution NAG-SC ODE
:math:`\ddot X + 2\sqrt\mu\dot X + \sqrt s\nabla^2 f(X)\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0` (the
engine's order-1 limit of NAG-SC) their energy
:math:`(1 + \sqrt{\mu s})(f - f^\star) + \tfrac14\|\dot X\|^2 + \tfrac14\|\dot X + 2\sqrt\mu(X - x^\star) + \sqrt s\nabla f(X)\|^2`
decays at rate :math:`\sqrt\mu/4` (entry ``energy-nag-sc``).

Claim (derived here): with :math:`w = \dot X + \sqrt s\nabla f(X)`, the family
:math:`(1 + \sqrt{\mu s})(f - f^\star) + a\|X - x^\star\|^2 + 2b\langle X - x^\star, w\rangle + c\|w\|^2 + d\|\dot X\|^2`
contains SDJS's energy (:math:`a = \mu`, :math:`b = \sqrt\mu/2`, :math:`c = d = 1/4`). The engine *finds* the
best rate of the family, :math:`\rho^\star = 2\sqrt\mu`, eight times SDJS's, with a member certified exactly on
the region :math:`\mu s \ge 1` of the two parameters; and it proves that no member positive on the ODE's
slowest mode on :math:`\tfrac\mu2\|x - x^\star\|^2` certifies more, for every :math:`\mu` and :math:`s`. The
sample of the numeric search is :math:`\mu = 1/4`, :math:`s = 4` (:math:`\mu s = 1`), inside the region.
The member found holds on :math:`\mu s \ge 1` exactly; the family does a little better than that member
(tests/test_synth_nag_sc.py, derived there): another member, with coefficients in
:math:`\sqrt{h(h^2 + h - 1)}`, :math:`h = \sqrt{\mu s}`, is certified exactly at :math:`\mu s = 25/64`, and below
the golden-ratio threshold :math:`h = (\sqrt5 - 1)/2` the bisection gives less than :math:`2\sqrt\mu` (about
:math:`1.948\sqrt\mu` at :math:`\mu s = 1/4`, the root of a quartic): the family reaches :math:`2\sqrt\mu`
only for large enough steps.

Examples
--------
>>> family, unknowns, ode, function_class = _setup()
>>> unknowns, function_class.twice_differentiable
((a, b, c, d), True)

``ENTRY.run()`` takes about a minute; tests/test_synth_nag_sc.py runs it.
"""
from __future__ import annotations

from sympy import Rational, sqrt, symbols

from ..core import X, grad, inner, mu, norm2, s, t, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import nag_sc
from .kinds.synthesis import synthesis_entry

#: the family's unknown coefficients ("there exist")
a, b, c, d = symbols("a b c d", real=True)


def _setup():
    ode = continuous_limit(nag_sc(), order=1).ode
    e, v = X(t) - x_star, X(t).diff(t)
    w = v + sqrt(s) * grad(X(t))
    family = (1 + sqrt(mu * s)) * f_gap() + a * norm2(e) + 2 * b * inner(e, w) + c * norm2(w) + d * norm2(v)
    return family, (a, b, c, d), ode, strongly_convex(twice_differentiable=True)


ENTRY = synthesis_entry(
    "synth-nag-sc-high-resolution", _setup,
    title=r"Synthesis: SDJS's NAG-SC energy family, best rate $2\sqrt{\mu}$ on $\mu s \ge 1$",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §3.1, Lemma 3.1 (the family and its best rate derived here)",
    claim=r"In the family $(1 + \sqrt{\mu s})(f - f^\star) + a\|X - x^\star\|^2 + 2b\langle X - x^\star, w\rangle "
          r"+ c\|w\|^2 + d\|\dot X\|^2$ with $w = \dot X + \sqrt{s}\nabla f(X)$, which contains SDJS's energy "
          r"(rate $\sqrt{\mu}/4$), the best rate on the high-resolution NAG-SC ODE for twice-differentiable "
          r"$\mu$-strongly convex $f$ is $2\sqrt{\mu}$, attained (by the member found) on $\mu s \ge 1$; no member "
          r"positive on the ODE's slowest mode does better, for any $s$.",
    rate="best",
    sample={mu: Rational(1, 4), s: 4},
    kappa_region=False,
)
