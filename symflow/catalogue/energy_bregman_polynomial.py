r"""Bregman energy under ideal scaling, Euclidean polynomial family: :math:`E = \tfrac12\|X + \tfrac tp\dot X - x^\star\|^2 + Ct^p(f - f^\star)`.

Source: Wibisono, Wilson, Jordan (2016), arXiv:1603.04245, §2 (Lyapunov function
:math:`D_h(x^\star, X + e^{-\alpha}\dot X) + e^{\beta}(f(X) - f^\star)` with
:math:`\alpha = \log p - \log t`, :math:`\beta = p\log t + \log C`, :math:`h = \tfrac12\|x\|^2`).
The ODE :math:`\ddot X + \tfrac{p+1}t\dot X + Cp^2t^{p-2}\nabla f(X) = 0` is derived by
:func:`symflow.lagrangian.bregman_equation` from the Bregman Lagrangian.

Claim: :math:`\dot E = Cpt^{p-1}\big((f - f^\star) - \langle\nabla f(X), X - x^\star\rangle\big) \le 0`
for every convex :math:`f` and all :math:`p, C > 0`; with :math:`X(0) = x_0`, :math:`\dot X(0) = 0`,
:math:`f(X(t)) - f^\star \le \|x_0 - x^\star\|^2/(2Ct^p)`.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from dataclasses import replace

from sympy import Eq, Subs

from ..core import C, X, grad, norm2, p, t, x0, x_star
from ..lagrangian import bregman_equation, polynomial_scaling
from ..lyapunov import convex, f_gap
from .kinds.lyapunov import lyapunov_entry


def _setup():
    ode = bregman_equation(polynomial_scaling()).ode
    if not ode.initial_conditions:
        ode = replace(ode, initial_conditions=(Eq(X(0), x0), Eq(Subs(X(t).diff(t), t, 0), 0)))
    Xt = X(t)
    return norm2(Xt + t / p * Xt.diff(t) - x_star) / 2 + C * t**p * f_gap(), ode, convex()


ENTRY = lyapunov_entry(
    "energy-bregman-polynomial", _setup,
    title="Bregman Lyapunov function, Euclidean polynomial family",
    source="Wibisono, Wilson, Jordan (2016), arXiv:1603.04245, §2",
    claim=r"$\dot E \le 0$ for every convex $f$ and all $p, C > 0$; $f(X(t)) - f^\star \le \|x_0 - x^\star\|^2/(2Ct^p)$.",
    bound=norm2(x0 - x_star) / (2 * C * t**p),
    ode_literature=X(t).diff(t, 2) + (p + 1) / t * X(t).diff(t) + C * p**2 * t**(p - 2) * grad(X(t)),
)
