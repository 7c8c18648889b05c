r"""The damped Lagrangian :math:`e^{ct}(\tfrac12\|\dot X\|^2 - f(X))` → :math:`\ddot X + c\dot X + \nabla f(X) = 0`.

Source: Wibisono, Wilson, Jordan (2016), arXiv:1603.04245, §2 (damped Lagrangians).

Claim: the Euler–Lagrange equation of :math:`e^{ct}(\tfrac12\|\dot X\|^2 - f(X))`
in :math:`\mathbb{R}^d` is the heavy-ball ODE with constant friction,
:math:`\ddot X + c\dot X + \nabla f(X) = 0`.

Examples
--------
>>> all(check.passed for check in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, exp

from ..core import Check, Derivation, X, c, grad, t
from ..lagrangian import damped_lagrangian, euler_lagrange
from .checks.planar import planar_check
from .kinds import lagrangian_entry

NAME = "lagrangian-damped-exponential"
TITLE = "Damped Lagrangian with weight $e^{ct}$"
SOURCE = "Wibisono, Wilson, Jordan (2016), arXiv:1603.04245, §2"
CLAIM = (r"The Euler–Lagrange equation of $e^{ct}(\frac{1}{2}\|\dot X\|^2 - f(X))$ is "
         r"$\ddot X + c\dot X + \nabla f(X) = 0$.")


def derive() -> Derivation:
    el = euler_lagrange(damped_lagrangian(exp(c * t), name=NAME))
    _X = X(t)
    literature = _X.diff(t, 2) + c * _X.diff(t) + grad(_X)
    checks = (
        Check("WWJ §2: the Euler–Lagrange equation", Eq(literature, 0), el.ode.matches(literature)),
        planar_check(el),
    )
    return Derivation(NAME, el.steps, el.ode, title=TITLE, source=SOURCE, claim=CLAIM, checks=checks)


ENTRY = lagrangian_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
