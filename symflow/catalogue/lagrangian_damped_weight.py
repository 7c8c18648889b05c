r"""A damped Lagrangian with any weight :math:`a(t)` → :math:`\ddot X + \tfrac{\dot a}{a}\dot X + \nabla f(X) = 0`.

Source: Wibisono, Wilson, Jordan (2016), arXiv:1603.04245, §2; the general
weight is the computation behind their :math:`t^r` and :math:`e^{ct}` examples.

Claim: for an undefined positive weight :math:`a(t)`, the Euler–Lagrange
equation of :math:`a(t)(\tfrac12\|\dot X\|^2 - f(X))` is
:math:`\ddot X + \tfrac{\dot a(t)}{a(t)}\dot X + \nabla f(X) = 0`; the friction
is the logarithmic derivative of the weight.

Examples
--------
>>> all(check.passed for check in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, Function

from ..core import Check, Derivation, X, grad, t
from ..lagrangian import damped_lagrangian, euler_lagrange
from .checks.planar import planar_check
from .kinds import lagrangian_entry

NAME = "lagrangian-damped-weight"
TITLE = "Damped Lagrangian with a general weight $a(t)$"
SOURCE = "Wibisono, Wilson, Jordan (2016), arXiv:1603.04245, §2"
CLAIM = (r"The Euler–Lagrange equation of $a(t)(\frac{1}{2}\|\dot X\|^2 - f(X))$ is "
         r"$\ddot X + \frac{\dot a}{a}\dot X + \nabla f(X) = 0$.")


def derive() -> Derivation:
    a = Function("a")(t)
    el = euler_lagrange(damped_lagrangian(a, name=NAME))
    _X = X(t)
    literature = _X.diff(t, 2) + a.diff(t) / a * _X.diff(t) + grad(_X)
    checks = (
        Check("the friction is the logarithmic derivative of the weight", Eq(literature, 0),
              el.ode.matches(literature)),
        planar_check(el),
    )
    return Derivation(NAME, el.steps, el.ode, title=TITLE, source=SOURCE, claim=CLAIM, checks=checks)


ENTRY = lagrangian_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
