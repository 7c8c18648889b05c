r"""WWJ's exponential family: :math:`\ddot X + c\dot X + c^2e^{ct}\nabla f(X) = 0`, rate :math:`O(e^{-ct})`.

Source: Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2 (exponential rates).

Claim: :math:`\alpha_t = \log c`, :math:`\beta_t = \gamma_t = ct` satisfy ideal
scaling, and with the Euclidean :math:`h` the Euler–Lagrange equation is
:math:`\ddot X + c\dot X + c^2e^{ct}\nabla f(X) = 0`, i.e.
:math:`\tfrac{d}{dt}(X + \tfrac1c\dot X) = -ce^{ct}\nabla f(X)`.

Examples
--------
>>> all(check.passed for check in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, exp

from ..core import Check, Derivation, X, c, grad, same_vector, t
from ..lagrangian import InverseHessianH, bregman_equation, exponential_scaling
from .checks.planar import planar_check
from .kinds import lagrangian_entry

NAME = "bregman-exponential"
TITLE = "Bregman Lagrangian: the exponential family (c)"
SOURCE = "Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2"
CLAIM = (r"$\alpha_t = \log c$, $\beta_t = \gamma_t = ct$ satisfy ideal scaling and give "
         r"$\ddot X + c\dot X + c^2e^{ct}\nabla f(X) = 0$.")


def derive() -> Derivation:
    b = bregman_equation(exponential_scaling(), h="euclidean")
    _X = X(t)
    V = _X.diff(t)
    literature = _X.diff(t, 2) + c * V + c**2 * exp(c * t) * grad(_X)
    general_h = bregman_equation(exponential_scaling(), h="abstract")
    with_h = _X.diff(t, 2) + c * V + c**2 * exp(c * t) * InverseHessianH(_X + V / c, grad(_X))
    checks = (
        Check(r"WWJ: ideal scaling $\dot\gamma_t = e^{\alpha_t}$ holds", b.ideal.gamma.statement,
              b.ideal.gamma.status == "holds"),
        Check(r"WWJ: ideal scaling $\dot\beta_t \le e^{\alpha_t}$ holds", b.ideal.beta.statement,
              b.ideal.beta.status == "holds"),
        Check("WWJ §2: the exponential family's equation", Eq(literature, 0), b.ode.matches(literature)),
        Check("WWJ §2: the mirror form", Eq(b.mirror.lhs, -c * exp(c * t) * grad(_X)),
              same_vector(b.mirror.rhs, -c * exp(c * t) * grad(_X))),
        Check(r"general $h$: $\ddot X + c\dot X + c^2e^{ct}[\nabla^2 h(X + \dot X/c)]^{-1}\nabla f(X) = 0$",
              Eq(with_h, 0), general_h.ode.matches(with_h)),
        planar_check(b.euler_lagrange),
    )
    return Derivation(NAME, b.steps, b.ode, title=TITLE, source=SOURCE, claim=CLAIM, checks=checks)


ENTRY = lagrangian_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
