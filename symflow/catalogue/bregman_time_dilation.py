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
from ..model import Derivation
from ..time_dilation import polynomial_dilation, time_dilation
from . import Entry

NAME = "bregman-time-dilation"
TITLE = "Time dilation of the Bregman Lagrangian"
SOURCE = "Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2"
CLAIM = (r"If $X$ solves the Euler–Lagrange equation of $(\alpha, \beta, \gamma)$, then "
         r"$Y_t = X_{\tau(t)}$ solves the one of $(\alpha\circ\tau + \log\dot\tau, \beta\circ\tau, "
         r"\gamma\circ\tau)$; ideal scaling is preserved; $\tau = t^{q/p}$ maps the $p$-flow onto the $q$-flow.")


def derive() -> Derivation:
    proof = time_dilation(h="abstract")
    family = polynomial_dilation()
    return Derivation(NAME, proof.steps + family.steps, proof, title=TITLE, source=SOURCE, claim=CLAIM,
                      checks=proof.checks + family.checks,
                      status="proved" if proof.proved else "unknown")


ENTRY = Entry(NAME, TITLE, SOURCE, CLAIM, derive, variants=({},), options=(), kind="lagrangian")
