r"""SDJS's energy for the high-resolution NAG-SC ODE (with the gradient correction :math:`\sqrt s\nabla^2 f(X)\dot X`).

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §3.1 (Lemma 3.1 and
Theorem 1), with their initial conditions (1.10)–(1.11). The ODE
:math:`\ddot X + 2\sqrt\mu\dot X + \sqrt s\nabla^2 f(X)\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0`
is the engine's order-1 limit of NAG-SC.

Claim: :math:`E = (1 + \sqrt{\mu s})(f - f^\star) + \tfrac14\|\dot X\|^2 + \tfrac14\|\dot X + 2\sqrt\mu(X - x^\star) + \sqrt s\nabla f(X)\|^2`
satisfies :math:`\dot E \le -\tfrac{\sqrt\mu}4 E` for twice-differentiable
:math:`\mu`-strongly convex :math:`f` (:math:`\nabla^2 f \succeq \mu`). SDJS's Lemma 3.1 holds
for every :math:`s > 0` (:math:`s \le 1/L` enters only their Theorem 1); the engine's certificate
needs neither :math:`L` nor a bound on :math:`s` either.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from dataclasses import replace

from sympy import sqrt

from ..core import NablaF, X, grad, mu, norm2, s, t, x_star
from ..limit import continuous_limit
from ..lyapunov import f_gap, strongly_convex
from ..methods import nag_sc
from .checks import sdjs_initial_conditions
from .kinds import lyapunov_entry


def _setup():
    limit = continuous_limit(nag_sc(), order=1)
    limit = replace(limit, ode=replace(limit.ode, initial_conditions=sdjs_initial_conditions()))
    Xt = X(t)
    v = Xt.diff(t)
    energy = ((1 + sqrt(mu * s)) * f_gap() + norm2(v) / 4
              + norm2(v + 2 * sqrt(mu) * (Xt - x_star) + sqrt(s) * grad(Xt)) / 4)
    return energy, limit, strongly_convex(twice_differentiable=True)


ENTRY = lyapunov_entry(
    "energy-nag-sc", _setup,
    title=r"NAG-SC, high-resolution ODE: SDJS energy, rate $\sqrt{\mu}/4$",
    source="Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §3.1",
    claim=r"$\dot E \le -\frac{\sqrt{\mu}}{4} E$ for every twice-differentiable $\mu$-strongly convex $f$.",
    rate=sqrt(mu) / 4,
    ode_literature=(X(t).diff(t, 2) + 2 * sqrt(mu) * X(t).diff(t) + sqrt(s) * NablaF(X(t), X(t).diff(t))
                    + (1 + sqrt(mu * s)) * grad(X(t))),
)
