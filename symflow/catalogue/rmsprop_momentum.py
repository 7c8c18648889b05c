r"""Heavy-ball RMSProp → :math:`\ddot X + a\dot X + \nabla f(X)/(\sqrt V + \varepsilon) = 0`, a second-order regime.

Source: the method is RMSProp (Tieleman & Hinton, 2012) with SGD-style momentum on the
preconditioned gradient, :math:`m_{k+1} = \beta_1 m_k + \nabla f(x_k)/(\sqrt{v_{k+1}} + \varepsilon)`,
:math:`x_{k+1} = x_k - s\,m_{k+1}`. The scaling, the system and the regimes are derived here (no
published statement was retrieved).

Claim (derived here): the momentum sums the gradient with weights :math:`\beta_1^j`, so it has an
amplitude :math:`m_k = s^{-p}M(t)`. The balance of every update — :math:`s^{a-p}\dot M`,
:math:`s^{c_1-p}aM` and the drive :math:`\nabla f/(\sqrt V+\varepsilon)` in the update of :math:`m`;
:math:`s^a\dot X` and :math:`s^{1-p}M` in that of :math:`x`; :math:`s^a\dot V`, :math:`s^{c_2}V`,
:math:`s^{c_2}\nabla f^{\odot 2}` in that of :math:`v` — gives :math:`a = p = c_1 = c_2 = 1/2`:
:math:`\delta = \sqrt s`, :math:`1 - \beta_1 = a\sqrt s`, :math:`1 - \beta_2 = b\sqrt s`,
:math:`m_k = M/\sqrt s`, and :math:`\dot X = -M`, :math:`\dot M = -aM + \nabla f(X)/(\sqrt V + \varepsilon)`,
:math:`\dot V = b(\nabla f\odot\nabla f - V)`; eliminating :math:`M`,
:math:`\ddot X + a\dot X + \nabla f(X)/(\sqrt V + \varepsilon) = 0` (heavy-ball-like). With
:math:`\beta_1` fixed (:math:`\delta = s`, no amplitude), :math:`M` tracks its target and the limit is
first order, :math:`\dot X = -\nabla f(X)/((1 - \beta_1)(\sqrt V + \varepsilon))`.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Derivative, Integer

from ..core import X, grad, t
from ..limit import beta1, coordinate_divide, coordinate_sqrt, decay_a, decay_b, eps, hadamard, ones, \
    state_function
from ..methods import rmsprop_momentum
from .kinds.system import system_limit_entry

_X, _M, _V = X(t), state_function("m")(t), state_function("v")(t)
_G = grad(_X)
_P = coordinate_divide(_G, coordinate_sqrt(_V) + eps * ones)
ENTRY = system_limit_entry(
    "rmsprop-momentum", rmsprop_momentum,
    title="Heavy-ball RMSProp and its second-order regime",
    source="Tieleman & Hinton (2012), RMSProp, with SGD-style momentum; scaling, system and regimes derived here",
    claim=r"With $\delta = \sqrt{s}$, $1 - \beta_1 = a\sqrt{s}$, $1 - \beta_2 = b\sqrt{s}$, $m_k = M/\sqrt{s}$: "
          r"$\dot X = -M$, $\dot M = -aM + \nabla f(X)/(\sqrt{V} + \varepsilon)$, "
          r"$\dot V = b(\nabla f(X)\odot\nabla f(X) - V)$, i.e. "
          r"$\ddot X + a\dot X + \nabla f(X)/(\sqrt{V} + \varepsilon) = 0$; with $\beta_1$ fixed, first order.",
    literature={"X": -_M, "M": -decay_a * _M + _P, "V": decay_b * (hadamard(_G, _G) - _V)},
    second_order={"X": -decay_a * Derivative(_X, t) - _P, "V": decay_b * (hadamard(_G, _G) - _V)},
    regimes={
        "beta_1 fixed": (
            {beta1: Integer(0)},
            {"X": -_P / (1 - beta1), "M": _P / (1 - beta1), "V": decay_b * (hadamard(_G, _G) - _V)}),
    },
)
