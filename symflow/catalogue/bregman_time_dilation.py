r"""Time dilation: :math:`Y_t = X_{\tau(t)}` solves the Bregman equation of :math:`(\alpha\circ\tau + \log\dot\tau, \beta\circ\tau, \gamma\circ\tau)`.

Source: Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2 (time dilation).

Claim: for any increasing :math:`\tau(t)` and any :math:`\alpha, \beta, \gamma, h`,
if :math:`X` solves the Euler–Lagrange equation of the Bregman Lagrangian then
:math:`Y = X\circ\tau` solves the one of the dilated scaling; ideal scaling is
preserved; :math:`\tau = t^{q/p}` maps the polynomial :math:`p`-flow onto the
:math:`q`-flow, so all polynomial rates trace one path at different speeds.
Proved here for a symbolic :math:`\tau` and undefined :math:`\alpha, \beta, \gamma`, :math:`h`.

Examples
--------
>>> all(check.passed for check in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq

from ..core import C, Check, Derivation, Status, X, grad, q, t
from ..lagrangian import Notation, polynomial_dilation, time_dilation
from .kinds import lagrangian_entry

NAME = "bregman-time-dilation"
TITLE = "Time dilation of the Bregman Lagrangian"
SOURCE = "Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2"
CLAIM = (r"If $X$ solves the Euler–Lagrange equation of $(\alpha, \beta, \gamma)$, then "
         r"$Y_t = X_{\tau(t)}$ solves the one of $(\alpha\circ\tau + \log\dot\tau, \beta\circ\tau, "
         r"\gamma\circ\tau)$; ideal scaling is preserved; $\tau = t^{q/p}$ maps the $p$-flow onto the $q$-flow.")


def derive() -> Derivation:
    proof = time_dilation(h="abstract")
    family = polynomial_dilation()
    q_flow = X(t).diff(t, 2) + (q + 1) / t * X(t).diff(t) + C * q ** 2 * t ** (q - 2) * grad(X(t))
    checks = proof.checks + (
        Check("WWJ: the dilated p-family scaling is the q-family scaling (same C)", family.target.display[0],
              family.same_scaling),
        Check("WWJ: its Euler–Lagrange equation is the q-flow", Eq(q_flow, 0), family.ode.matches(q_flow)),
        Check(r"time-dilation theorem for $\tau = t^{q/p}$: $X_p(t^{q/p})$ solves the $q$-flow",
              Eq(Notation("EL_Y", r"\mathrm{EL}_Y"),
                 Notation("τ̇", r"\dot\tau", positive=True) * Notation("EL_X", r"\mathrm{EL}_X")),
              family.theorem.proved),
    )
    return Derivation(NAME, proof.steps + family.steps, proof, title=TITLE, source=SOURCE, claim=CLAIM,
                      checks=checks, status=Status.PROVED if proof.proved else "unknown")


ENTRY = lagrangian_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
