r"""The Bregman Lagrangian with the Euclidean :math:`h = \tfrac12\|x\|^2`, general :math:`\alpha_t, \beta_t, \gamma_t`.

Source: Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2.

Claim: with :math:`D_h(y, x) = \tfrac12\|y - x\|^2` the Euler–Lagrange equation is
:math:`\ddot X + (\dot\gamma_t - \dot\alpha_t)\dot X + e^{2\alpha_t+\beta_t}\nabla f(X) = 0`;
under ideal scaling :math:`\ddot X + (e^{\alpha_t} - \dot\alpha_t)\dot X + e^{2\alpha_t+\beta_t}\nabla f(X) = 0`,
i.e. :math:`\tfrac{d}{dt}(X + e^{-\alpha_t}\dot X) = -e^{\alpha_t+\beta_t}\nabla f(X)`.

Examples
--------
>>> all(check.passed for check in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, exp

from ..core import Check, Derivation, X, grad, same_vector, t
from ..lagrangian import (
    alpha,
    beta,
    bregman_equation,
    gamma,
    general_scaling,
)
from .checks.planar import planar_check
from .kinds import lagrangian_entry

NAME = "bregman-euclidean"
TITLE = "Bregman Lagrangian with the Euclidean h, general scaling"
SOURCE = "Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2"
CLAIM = (r"With $h = \frac{1}{2}\|x\|^2$: $\ddot X + (\dot\gamma_t - \dot\alpha_t)\dot X + "
         r"e^{2\alpha_t+\beta_t}\nabla f(X) = 0$; under ideal scaling the friction is $e^{\alpha_t} - \dot\alpha_t$.")


def derive() -> Derivation:
    b = bregman_equation(general_scaling(), h="euclidean")
    a, be, g, _X = alpha(t), beta(t), gamma(t), X(t)
    general = _X.diff(t, 2) + (g.diff(t) - a.diff(t)) * _X.diff(t) + exp(2 * a + be) * grad(_X)
    ideal = _X.diff(t, 2) + (exp(a) - a.diff(t)) * _X.diff(t) + exp(2 * a + be) * grad(_X)
    mirror = -exp(a + be) * grad(_X)
    checks = (
        Check("WWJ §2: the Euler–Lagrange equation under ideal scaling", Eq(ideal, 0),
              b.ode.matches(ideal)),
        Check(r"the general equation ($\dot\gamma$ free)", Eq(general, 0),
              b.euler_lagrange.ode.matches(general)),
        Check("WWJ §2: the mirror form", Eq(b.mirror.lhs, mirror), same_vector(b.mirror.rhs, mirror)),
        planar_check(b.euler_lagrange),
    )
    return Derivation(NAME, b.steps, b.ode, title=TITLE, source=SOURCE, claim=CLAIM, checks=checks)


ENTRY = lagrangian_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
