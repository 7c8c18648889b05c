r"""The damped Lagrangian :math:`t^r(\tfrac12\|\dot X\|^2 - f(X))` → :math:`\ddot X + \tfrac{r}{t}\dot X + \nabla f(X) = 0`.

Source: Wibisono, Wilson, Jordan (2016), arXiv:1603.04245, §2 (damped
Lagrangians); Su, Boyd, Candès (2016), eq. (3), for :math:`r = 3`.

Claim: for symbolic :math:`r` the Euler–Lagrange equation of
:math:`t^r(\tfrac12\|\dot X\|^2 - f(X))` in :math:`\mathbb{R}^d` is
:math:`\ddot X + \tfrac{r}{t}\dot X + \nabla f(X) = 0`; :math:`r = 3` is SBC's ODE.

Examples
--------
>>> all(check.passed for check in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq

from ..core import ODE, Check, Derivation, X, grad, r, t
from ..lagrangian import damped_lagrangian, euler_lagrange
from .checks.planar import planar_check
from .kinds import lagrangian_entry

NAME = "lagrangian-damped-power"
TITLE = "Damped Lagrangian with weight $t^r$"
SOURCE = "Wibisono, Wilson, Jordan (2016), arXiv:1603.04245, §2; Su, Boyd, Candès (2016), eq. (3)"
CLAIM = (r"The Euler–Lagrange equation of $t^r(\frac{1}{2}\|\dot X\|^2 - f(X))$ is "
         r"$\ddot X + \frac{r}{t}\dot X + \nabla f(X) = 0$ for every $r$; $r = 3$ is SBC's ODE.")


def derive() -> Derivation:
    el = euler_lagrange(damped_lagrangian(t**r, name=NAME))
    _X = X(t)
    literature = _X.diff(t, 2) + r / t * _X.diff(t) + grad(_X)
    sbc = _X.diff(t, 2) + 3 / t * _X.diff(t) + grad(_X)
    checks = (
        Check("WWJ §2: the Euler–Lagrange equation", Eq(literature, 0), el.ode.matches(literature)),
        Check("$r = 3$ gives SBC's ODE, eq. (3)", Eq(sbc, 0), ODE(el.ode.rhs.subs(r, 3), 2).matches(sbc)),
        planar_check(el),
    )
    return Derivation(NAME, el.steps, el.ode, title=TITLE, source=SOURCE, claim=CLAIM, checks=checks)


ENTRY = lagrangian_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
