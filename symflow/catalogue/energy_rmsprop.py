r"""RMSProp's system: :math:`E = f(X)` is nonincreasing, :math:`dE/dt = -\langle\nabla f, \nabla f/(\sqrt V + \varepsilon)\rangle \le 0`, under the state constraint :math:`V \ge 0`.

Source: derived here (the system is the engine's limit of RMSProp, :mod:`symflow.catalogue.rmsprop`;
no published statement of this energy was retrieved).

Claim (derived here): along :math:`\dot X = -\nabla f(X)/(\sqrt V + \varepsilon)`,
:math:`\dot V = b(\nabla f(X)\odot\nabla f(X) - V)`, :math:`V(0) = 0`,
:math:`\tfrac{d}{dt}f(X) = -\sum_i g_i^2/(\sqrt{V_i} + \varepsilon) \le 0` for every :math:`f` and every
dimension, because each :math:`V_i \ge 0` (invariant: :math:`\dot V_i = b g_i^2 - bV_i`, with
:math:`b g_i^2 \ge 0` and :math:`V_i(0) = 0`) and :math:`\varepsilon > 0`. Without the constraint
(:math:`V_i` only real) :math:`\sqrt{V_i}` need not be real and the sign is not decided.

Examples
--------
>>> ENTRY.run().status
'proved'
"""
from __future__ import annotations

from ..core import X, FValue, grad, inner, t
from ..limit import coordinate_divide, coordinate_sqrt, eps, ones, state_function, system_limit
from ..methods import rmsprop
from .kinds.constrained import constrained_energy_entry


def _setup():
    return FValue(X(t)), system_limit(rmsprop()).system


_G = grad(X(t))
ENTRY = constrained_energy_entry(
    "energy-rmsprop", _setup, ("V",),
    title="RMSProp's system: f(X) decreases while V stays nonnegative",
    source="derived here (RMSProp: Tieleman & Hinton, 2012; its system derived by symflow)",
    claim=r"Along $\dot X = -\nabla f(X)/(\sqrt{V} + \varepsilon)$, $\dot V = b(\nabla f(X)\odot\nabla f(X) - V)$, "
          r"$V(0) = 0$: $\frac{d}{dt} f(X) = -\sum_i g_i^2/(\sqrt{V_i} + \varepsilon) \le 0$, since $V \ge 0$ "
          r"is invariant and $\varepsilon > 0$; not proved without the constraint.",
    expected_term=-inner(_G, coordinate_divide(_G, coordinate_sqrt(state_function("v")(t)) + eps * ones)),
)
