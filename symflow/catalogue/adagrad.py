r"""AdaGrad → :math:`\dot X = -\nabla f(X)/\sqrt V`, :math:`\dot V = \nabla f(X)\odot\nabla f(X)`, with :math:`\delta = s^2` and :math:`v_k = V(t)/s^2`.

Source: the method is AdaGrad in its diagonal form (Duchi, Hazan, Singer, JMLR 12 (2011)). The
scaling and the system are derived here: da Silva & Gazeau, JMLR 21 (2020), and Barakat & Bianchi,
SIAM J. Optim. 31 (2021), model adaptive methods by non-autonomous ODEs (by their abstracts, the
only part retrieved), so the comparison is with the hand derivation below, not with their equations.

Claim (derived here): the accumulator :math:`v_{k+1} = v_k + \nabla f(x_k)\odot\nabla f(x_k)` grows
like :math:`k = t/\delta`, so it has an amplitude: :math:`v_k = s^{-p}V(t)`. Its update balances
(:math:`s^{a-p}\dot V` against :math:`\nabla f\odot\nabla f`) iff :math:`p = a`; the update of
:math:`x` balances (:math:`s^a\dot X` against :math:`s\cdot s^{p/2}\nabla f/\sqrt V`) iff
:math:`a = 1 + p/2`; hence :math:`a = p = 2`: :math:`\delta = s^2`, :math:`v_k = V/s^2`, and
:math:`s\nabla f/(\sqrt{v} + \varepsilon) = s^2\nabla f/(\sqrt V + s\varepsilon)`, so
:math:`\varepsilon` drops out at leading order (it would survive only as :math:`\varepsilon' =
s\varepsilon` held fixed). :math:`V(0) = 0`: :math:`V \approx t\,\nabla f(x_0)^{\odot 2}` near
:math:`t = 0` and :math:`\dot X \sim -\operatorname{sign}\nabla f(x_0)/\sqrt t`, integrable.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from ..core import X, grad, t
from ..limit import coordinate_divide, coordinate_sqrt, hadamard, state_function
from ..methods import adagrad
from .kinds.system import system_limit_entry

_X, _V = X(t), state_function("v")(t)
_G = grad(_X)
ENTRY = system_limit_entry(
    "adagrad", adagrad,
    title="AdaGrad and its system of ODEs",
    source="Duchi, Hazan, Singer, JMLR 12 (2011) (the method); scaling and system derived here",
    claim=r"With $\delta = s^2$ and $v_k = V(t)/s^2$: $\dot X = -\nabla f(X)/\sqrt{V}$, "
          r"$\dot V = \nabla f(X)\odot\nabla f(X)$, $V(0) = 0$ ($\varepsilon$ drops out at leading order).",
    literature={"X": -coordinate_divide(_G, coordinate_sqrt(_V)), "V": hadamard(_G, _G)},
)
