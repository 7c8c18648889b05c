r"""Legendre transform and Hamilton's equations of the (Euclidean) Bregman Lagrangian.

Source: Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2 and
Appendix (the Bregman Hamiltonian); for the Euclidean :math:`h`, :math:`h^* = h`.

Claim: with :math:`P = \partial\mathcal L/\partial V = e^{\gamma_t - \alpha_t}V`,
the Bregman Hamiltonian is
:math:`H = e^{\alpha_t+\gamma_t}\big(\tfrac12\|e^{-\gamma_t}P\|^2 + e^{\beta_t}f(X)\big)`, and
Hamilton's equations :math:`\dot X = e^{\alpha_t-\gamma_t}P`,
:math:`\dot P = -e^{\alpha_t+\beta_t+\gamma_t}\nabla f(X)` are equivalent to the
Euler–Lagrange equation. For the damped :math:`t^r(\tfrac12\|\dot X\|^2 - f)`:
:math:`H = \tfrac{\|P\|^2}{2t^r} + t^r f(X)`.

Examples
--------
>>> all(check.passed for check in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, exp

from ..core import (
    Check,
    Derivation,
    FValue,
    P,
    Step,
    X,
    grad,
    is_zero_scalar,
    norm2,
    r,
    same_vector,
    t,
)
from ..lagrangian import (
    Notation,
    alpha,
    beta,
    bregman_lagrangian,
    damped_lagrangian,
    equivalent_to_euler_lagrange,
    gamma,
    general_scaling,
    hamilton_equations,
    hamiltonian,
)
from .kinds import lagrangian_entry

NAME = "lagrangian-hamiltonian"
TITLE = "Hamiltonian form of the Bregman and damped Lagrangians"
SOURCE = "Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2 and Appendix"
CLAIM = (r"$H = \frac{1}{2} e^{\alpha_t-\gamma_t}\|P\|^2 + e^{\alpha_t+\beta_t+\gamma_t}f(X)$, "
         r"$\dot X = e^{\alpha_t-\gamma_t}P$, $\dot P = -e^{\alpha_t+\beta_t+\gamma_t}\nabla f(X)$, "
         "equivalent to the Euler–Lagrange equation.")


def derive() -> Derivation:
    a, b, g, _X, _P = alpha(t), beta(t), gamma(t), X(t), P(t)
    eqs = hamilton_equations(hamiltonian(bregman_lagrangian(general_scaling())))
    H = eqs.hamiltonian.expression
    literature = exp(a + g) * (norm2(exp(-g) * _P) / 2 + exp(b) * FValue(_X))
    damped = hamilton_equations(hamiltonian(damped_lagrangian(t**r)))
    damped_H = norm2(_P) / (2 * t**r) + t**r * FValue(_X)
    _H = Notation("H", "H")
    checks = (
        Check("WWJ: the Bregman Hamiltonian (Euclidean h)", Eq(_H, literature), is_zero_scalar(H - literature)),
        Check("Hamilton's equations", eqs.equations,
              same_vector(eqs.position_rate, exp(a - g) * _P)
              and same_vector(eqs.momentum_rate, -exp(a + b + g) * grad(_X))),
        Check(r"second route: with $P = \partial L/\partial\dot X$ they are the Euler–Lagrange equation",
              Eq(_P, eqs.hamiltonian.momentum_map), equivalent_to_euler_lagrange(eqs)),
        Check(r"damped $t^r$: $H = \|P\|^2/(2t^r) + t^r f(X)$", Eq(_H, damped_H),
              is_zero_scalar(damped.hamiltonian.expression - damped_H)),
        Check("damped: Hamilton's equations are the Euler–Lagrange equation", damped.equations,
              equivalent_to_euler_lagrange(damped)),
    )
    steps = eqs.steps + (Step("the damped Lagrangian",
                              r"The same construction for $t^r(\frac{1}{2}\|\dot X\|^2 - f(X))$:",
                              (damped.hamiltonian.display, *damped.equations)),)
    return Derivation(NAME, steps, eqs, title=TITLE, source=SOURCE, claim=CLAIM, checks=checks)


ENTRY = lagrangian_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
