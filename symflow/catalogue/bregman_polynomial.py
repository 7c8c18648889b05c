r"""WWJ's polynomial family: :math:`\ddot X + \tfrac{p+1}{t}\dot X + Cp^2t^{p-2}\nabla f(X) = 0`, rate :math:`O(1/t^p)`.

Source: Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2
(polynomial convergence rates); Su, Boyd, Candès (2016), eq. (3).

Claim: :math:`\alpha_t = \log p - \log t`, :math:`\beta_t = p\log t + \log C`,
:math:`\gamma_t = p\log t` satisfy ideal scaling (both with equality), and with
the Euclidean :math:`h` the Euler–Lagrange equation is
:math:`\ddot X + \tfrac{p+1}{t}\dot X + Cp^2t^{p-2}\nabla f(X) = 0`. For
:math:`p = 2`, :math:`C = 1/4` the Bregman Lagrangian is
:math:`\tfrac12 t^3(\tfrac12\|\dot X\|^2 - f(X))` and the equation is SBC's
:math:`\ddot X + \tfrac3t\dot X + \nabla f(X) = 0`.

Examples
--------
>>> all(check.passed for check in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, Rational

from ..core import (
    ODE,
    C,
    Check,
    Derivation,
    FValue,
    X,
    grad,
    is_zero_scalar,
    norm2,
    p,
    same_vector,
    t,
)
from ..lagrangian import (
    InverseHessianH,
    Notation,
    bregman_equation,
    bregman_lagrangian,
    polynomial_scaling,
)
from .checks.planar import planar_check
from .kinds import lagrangian_entry

NAME = "bregman-polynomial"
TITLE = "Bregman Lagrangian: the polynomial family (p, C)"
SOURCE = "Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245, §2; Su, Boyd, Candès (2016), eq. (3)"
CLAIM = (r"$\alpha_t = \log p - \log t$, $\beta_t = p\log t + \log C$, $\gamma_t = p\log t$ satisfy ideal "
         r"scaling, and the equation is $\ddot X + \frac{p+1}{t}\dot X + Cp^2t^{p-2}\nabla f(X) = 0$; "
         r"$p = 2$, $C = 1/4$ gives SBC's ODE and $L = \frac{1}{2} t^3(\frac{1}{2}\|\dot X\|^2 - f(X))$.")


def derive() -> Derivation:
    b = bregman_equation(polynomial_scaling(), h="euclidean")
    _X = X(t)
    V = _X.diff(t)
    literature = _X.diff(t, 2) + (p + 1) / t * V + C * p**2 * t**(p - 2) * grad(_X)
    sbc = _X.diff(t, 2) + 3 / t * V + grad(_X)
    sbc_values = {p: 2, C: Rational(1, 4)}
    instance = bregman_equation(polynomial_scaling(2, Rational(1, 4)))
    lagrangian = bregman_lagrangian(polynomial_scaling(2, Rational(1, 4))).expression
    damped = t**3 / 2 * (norm2(V) / 2 - FValue(_X))
    general_h = bregman_equation(polynomial_scaling(), h="abstract")
    mirror_h = (_X.diff(t, 2) + (p + 1) / t * V
                + C * p**2 * t**(p - 2) * InverseHessianH(_X + t / p * V, grad(_X)))
    checks = (
        Check(r"WWJ: ideal scaling $\dot\gamma_t = e^{\alpha_t}$ holds", b.ideal.gamma.statement,
              b.ideal.gamma.status == "holds"),
        Check(r"WWJ: ideal scaling $\dot\beta_t \le e^{\alpha_t}$ holds (with equality)",
              b.ideal.beta.statement, b.ideal.beta.status == "holds" and b.ideal.beta.slack == 0),
        Check("WWJ §2: the polynomial family's equation", Eq(literature, 0), b.ode.matches(literature)),
        Check(r"$p = 2$, $C = 1/4$ in the derived equation is SBC's ODE", Eq(sbc, 0),
              ODE(b.ode.rhs.subs(sbc_values), 2).matches(sbc)),
        Check(r"second route: derive with $p = 2$, $C = 1/4$ from the start", Eq(sbc, 0),
              instance.ode.matches(sbc)),
        Check(r"$p = 2$, $C = 1/4$: the Bregman Lagrangian is $\frac{1}{2} t^3(\frac{1}{2}\|\dot X\|^2 - f(X))$",
              Eq(Notation("L", "L"), damped), is_zero_scalar(lagrangian - damped)),
        Check("WWJ §2: the mirror form", Eq(b.mirror.lhs, -C * p * t**(p - 1) * grad(_X)),
              same_vector(b.mirror.rhs, -C * p * t**(p - 1) * grad(_X))),
        Check(r"general $h$: $\ddot X + \frac{p+1}{t}\dot X + Cp^2t^{p-2}[\nabla^2 h(X + \frac{t}{p}\dot X)]^{-1}\nabla f(X) = 0$",
              Eq(mirror_h, 0), general_h.ode.matches(mirror_h)),
        planar_check(b.euler_lagrange),
    )
    return Derivation(NAME, b.steps, b.ode, title=TITLE, source=SOURCE, claim=CLAIM, checks=checks)


ENTRY = lagrangian_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
