r"""Adam with bias correction → a non-autonomous system in :math:`(X, M, V)`.

Source: Adam is Kingma & Ba (ICLR 2015), Algorithm 1. Barakat & Bianchi, "Convergence and dynamical
behavior of the ADAM algorithm for nonconvex stochastic optimization", SIAM J. Optim. 31 (2021),
arXiv:1810.02263, introduce (abstract) a continuous-time version of Adam in the form of a
non-autonomous ODE, in the constant-stepsize regime. Its equations were not retrieved; the system
below is derived here and compared with the hand derivation.

Claim (derived here): with :math:`\delta = s`, :math:`1 - \beta_1 = as`, :math:`1 - \beta_2 = bs`,
:math:`\dot M = a(\nabla f(X) - M)`, :math:`\dot V = b(\nabla f(X)\odot\nabla f(X) - V)`,
:math:`\dot X = -\dfrac{M/(1 - e^{-at})}{\sqrt{V/(1 - e^{-bt})} + \varepsilon}`: the bias corrections
:math:`1 - \beta_j^{k+1}` tend to :math:`1 - e^{-at}`, :math:`1 - e^{-bt}`. With
:math:`1 - \beta_1 = a\sqrt s` (the scaling that makes heavy-ball RMSProp second order) Adam's
averaged :math:`M` tracks :math:`\nabla f(X)` and the limit stays first order (derived here): Adam is
not a heavy-ball method in this limit.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Integer, Rational, exp

from ..core import X, grad, t
from ..limit import (beta1, beta2, coordinate_divide, coordinate_sqrt, decay_a, decay_b, eps, hadamard, ones,
                     state_function)
from ..methods import adam
from .kinds.system import system_limit_entry

_X, _M, _V = X(t), state_function("m")(t), state_function("v")(t)
_G = grad(_X)
ENTRY = system_limit_entry(
    "adam", adam,
    title="Adam (with bias correction) and its system of ODEs",
    source="Kingma & Ba (ICLR 2015), Algorithm 1; Barakat & Bianchi, SIAM J. Optim. 31 (2021), "
           "arXiv:1810.02263 (a non-autonomous ODE for Adam); system derived here",
    claim=r"With $\delta = s$, $1 - \beta_1 = as$, $1 - \beta_2 = bs$: $\dot M = a(\nabla f(X) - M)$, "
          r"$\dot V = b(\nabla f(X)\odot\nabla f(X) - V)$, "
          r"$\dot X = -\frac{M/(1 - e^{-at})}{\sqrt{V/(1 - e^{-bt})} + \varepsilon}$; with $1 - \beta_1 = a\sqrt{s}$, "
          r"$M = \nabla f(X)$ and the limit stays first order.",
    literature={"X": -coordinate_divide(_M / (1 - exp(-decay_a * t)),
                                        coordinate_sqrt(_V / (1 - exp(-decay_b * t))) + eps * ones),
                "M": decay_a * (_G - _M),
                "V": decay_b * (hadamard(_G, _G) - _V)},
    regimes={
        "1 - beta_1 = a sqrt(s)": (
            {beta1: Rational(1, 2), beta2: Integer(1)},
            {"X": -coordinate_divide(_G, coordinate_sqrt(_V / (1 - exp(-decay_b * t))) + eps * ones),
             "M": _G, "V": decay_b * (hadamard(_G, _G) - _V)}),
    },
)
