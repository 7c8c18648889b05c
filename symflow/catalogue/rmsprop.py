r"""RMSProp → :math:`\dot X = -\nabla f(X)/(\sqrt V + \varepsilon)`, :math:`\dot V = b(\nabla f(X)\odot\nabla f(X) - V)`.

Source: the method is RMSProp (Tieleman & Hinton, 2012), coordinate-wise. The system and its
regimes are derived here; da Silva & Gazeau, "A general system of differential equations to model
first-order adaptive algorithms", JMLR 21 (2020), derive (by their abstract) a non-autonomous
system of ODEs as the continuous time of adaptive methods; its equations were not retrieved, so the
comparison is with the hand derivation of the same scaling.

Claim: with :math:`t = ks` (:math:`\delta = s`) and :math:`1 - \beta = bs`, RMSProp tends to
:math:`\dot X = -\nabla f(X)/(\sqrt V + \varepsilon)`, :math:`\dot V = b(\nabla f(X)\odot\nabla f(X) - V)`;
with :math:`\beta` fixed, :math:`V` tracks :math:`\nabla f\odot\nabla f` and
:math:`\dot X = -\nabla f(X)/(|\nabla f(X)| + \varepsilon)` (a sign-like flow); with
:math:`1 - \beta = b s^c`, :math:`c > 1`, :math:`V` stays at :math:`v_0` (derived here).

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Derivative, Integer

from ..core import X, grad, t
from ..limit import beta, coordinate_divide, coordinate_sqrt, decay_b, eps, hadamard, ones, state_function
from ..methods import rmsprop
from .kinds.system import system_limit_entry

_X, _V = X(t), state_function("v")(t)
_G = grad(_X)
ENTRY = system_limit_entry(
    "rmsprop", rmsprop,
    title="RMSProp and its system of ODEs",
    source="Tieleman & Hinton (2012), RMSProp; system derived here (da Silva & Gazeau, JMLR 21 (2020), "
           "model adaptive methods by a system of ODEs)",
    claim=r"With $\delta = s$ and $1 - \beta = bs$: $\dot X = -\nabla f(X)/(\sqrt{V} + \varepsilon)$, "
          r"$\dot V = b(\nabla f(X)\odot\nabla f(X) - V)$; with $\beta$ fixed, "
          r"$\dot X = -\nabla f(X)/(|\nabla f(X)| + \varepsilon)$ (sign-like).",
    literature={"X": -coordinate_divide(_G, coordinate_sqrt(_V) + eps * ones),
                "V": decay_b * (hadamard(_G, _G) - _V)},
    regimes={
        "beta fixed": ({beta: Integer(0)},
                       {"X": -coordinate_divide(_G, coordinate_sqrt(hadamard(_G, _G)) + eps * ones),
                        "V": hadamard(_G, _G)}),
        "1 - beta = b s^2": ({beta: Integer(2)},
                             {"X": -coordinate_divide(_G, coordinate_sqrt(_V) + eps * ones), "V": Integer(0)}),
    },
)
