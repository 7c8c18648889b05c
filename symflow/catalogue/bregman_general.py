r"""The Bregman Lagrangian for general :math:`\alpha_t, \beta_t, \gamma_t` and a general :math:`h`.

Source: Wibisono, Wilson, Jordan (2016), "A variational perspective on
accelerated methods in optimization", PNAS, arXiv:1603.04245, §2.

Claim: the Euler–Lagrange equation of
:math:`e^{\alpha_t+\gamma_t}(D_h(X + e^{-\alpha_t}V, X) - e^{\beta_t}f(X))` is, in general,

.. math:: \ddot X + (e^{\alpha} - \dot\alpha)\dot X + e^{2\alpha+\beta}[\nabla^2 h(Z)]^{-1}\nabla f(X)
          + e^{\alpha}(\dot\gamma - e^{\alpha})[\nabla^2 h(Z)]^{-1}(\nabla h(Z) - \nabla h(X)) = 0,
          \qquad Z = X + e^{-\alpha}\dot X,

and under ideal scaling (:math:`\dot\gamma = e^{\alpha}`) the last term drops:
:math:`\ddot X + (e^{\alpha} - \dot\alpha)\dot X + e^{2\alpha+\beta}[\nabla^2 h(Z)]^{-1}\nabla f(X) = 0`,
equivalently :math:`\tfrac{d}{dt}\nabla h(Z) = -e^{\alpha+\beta}\nabla f(X)`. For a
separable :math:`h = \sum_i x_i\log x_i`, :math:`[\nabla^2 h(Z)]^{-1}\nabla f(X) = Z\odot\nabla f(X)`.

Examples
--------
>>> all(check.passed for check in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, Matrix, cancel, exp, log

from ..core import Check, Derivation, Step, X, grad, is_zero_scalar, same_vector, t
from ..lagrangian import (
    InverseHessianH,
    NablaH,
    Notation,
    alpha,
    beta,
    bregman_equation,
    gamma,
    general_scaling,
)
from ..numeric import Objective, coordinates
from .checks.planar import (
    coordinate_components,
    planar_check,
    planar_distance,
    planar_objective,
)
from .kinds import lagrangian_entry

NAME = "bregman-general"
TITLE = "Bregman Lagrangian: general scaling and general h"
SOURCE = "Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2"
CLAIM = (r"The Euler–Lagrange equation of the Bregman Lagrangian, in general and under ideal scaling "
         r"$\dot\gamma_t = e^{\alpha_t}$: $\ddot X + (e^{\alpha_t} - \dot\alpha_t)\dot X + "
         r"e^{2\alpha_t+\beta_t}[\nabla^2 h(X + e^{-\alpha_t}\dot X)]^{-1}\nabla f(X) = 0$, i.e. "
         r"$\frac{d}{dt}\nabla h(X + e^{-\alpha_t}\dot X) = -e^{\alpha_t+\beta_t}\nabla f(X)$.")


def _entropy_check(ode) -> Check:
    """Separable h = sum x_i log x_i: the inverse Hessian term is Z * grad f(X), component-wise."""
    x1, x2 = coordinates(2)
    h = Objective(x1 * log(x1) + x2 * log(x2), (x1, x2))
    f = planar_objective()
    a, _X = alpha(t), X(t)
    Z = _X + exp(-a) * _X.diff(t)
    term = InverseHessianH(Z, grad(_X)).expanded()
    found = coordinate_components(term, f, h=h)
    z = coordinate_components(Z, f, h=h)
    g = coordinate_components(grad(_X), f, h=h)
    expected = Matrix([zi * gi for zi, gi in zip(z, g)])
    passed = all(is_zero_scalar(u - v) for u, v in zip(found, expected)) and any(
        atom == term for atom in ode.rhs.atoms(InverseHessianH))
    return Check(r"separable $h = \sum_i x_i\log x_i$: $[\nabla^2 h(Z)]^{-1}\nabla f(X) = Z\odot\nabla f(X)$",
                 Eq(Notation("[∇²h(Z)]⁻¹∇f(X)", r"[\nabla^2 h(Z)]^{-1}\nabla f(X)"),
                    expected.applyfunc(cancel)), passed)


def derive() -> Derivation:
    b = bregman_equation(general_scaling(), h="abstract")
    a, be, g, _X = alpha(t), beta(t), gamma(t), X(t)
    Z = _X + exp(-a) * _X.diff(t)
    ideal = (_X.diff(t, 2) + (exp(a) - a.diff(t)) * _X.diff(t)
             + exp(2 * a + be) * InverseHessianH(Z, grad(_X)))
    general = ideal + exp(a) * (g.diff(t) - exp(a)) * (InverseHessianH(Z, NablaH(Z) - NablaH(_X)))
    mirror = -exp(a + be) * grad(_X)
    h2 = planar_distance()
    checks = (
        Check("WWJ §2: the Euler–Lagrange equation under ideal scaling", Eq(ideal, 0),
              b.ode.matches(ideal)),
        Check(r"the general equation ($\dot\gamma$ free), by hand from WWJ's Lagrangian", Eq(general, 0),
              b.euler_lagrange.ode.matches(general)),
        Check("WWJ §2: the mirror form", Eq(b.mirror.lhs, mirror), same_vector(b.mirror.rhs, mirror)),
        planar_check(b.euler_lagrange, h=h2),
        _entropy_check(b.ode),
    )
    steps = b.steps + (Step(
        "a separable h",
        r"For $h(x) = \sum_i x_i \log x_i$, $\nabla^2 h(Z) = \mathrm{diag}(1/Z_i)$, so "
        r"$[\nabla^2 h(Z)]^{-1}\nabla f(X) = Z\odot\nabla f(X)$ (checked component-wise in $d = 2$).", ()),)
    return Derivation(NAME, steps, b.ode, title=TITLE, source=SOURCE, claim=CLAIM, checks=checks)


ENTRY = lagrangian_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
