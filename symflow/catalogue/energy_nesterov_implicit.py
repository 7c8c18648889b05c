r"""Implicit Euler of Nesterov's ODE: an energy derived from the scheme, rate :math:`1/(sk^2)` for every step.

Source: derived here. Implicit Euler of :math:`\ddot X + \frac3t\dot X + \nabla f(X) = 0` with step
:math:`\sqrt s` and :math:`t_k = (k + 1)\sqrt s` (:func:`symflow.discretize.discretize`, ``offset=1``) is the
inertial proximal method

.. math::
    x_{k+1} = x_k + \frac{k+2}{k+5}(x_k - x_{k-1}) - \frac{s(k+2)}{k+5}\nabla f(x_{k+1}),

whose energy :func:`symflow.lyapunov.inertial_energy` derives from the two coefficients (an estimate
sequence). Compare the ODE's rate :math:`f(X(t)) - f^\star \le 2\|x_0 - x^\star\|^2/t^2` (Su, Boyd, Candès
(2016), JMLR 17, Thm 3; the entry energy-nesterov proves it): the scheme keeps its order, for every step
:math:`s` (a proximal step is not a gradient step, so no :math:`s \le 1/L` is needed).

Claim: the derived :math:`E_k` is nonincreasing for every convex :math:`f` (no smoothness: the gradient at
:math:`x_{k+1}` is the subgradient of the proximal step) and every step :math:`s > 0`, from :math:`k = 0`
with :math:`v_0 = 0`; hence :math:`f(x_k) - f^\star = O(\|x_0 - x^\star\|^2/(sk^2))`.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.region.text()
('proved', 'True')
"""
from __future__ import annotations

from ..discretize import discretize
from ..limit import continuous_limit
from ..methods import nesterov
from .kinds import inertial_step_entry


def implicit_scheme():
    r"""Implicit Euler of Nesterov's ODE, :math:`t_k = (k + 1)\sqrt s`.

    Examples
    --------
    >>> implicit_scheme().name
    'nesterov-implicit'
    """
    return discretize(continuous_limit(nesterov()).ode, "implicit", offset=1)


ENTRY = inertial_step_entry(
    "energy-nesterov-implicit", implicit_scheme,
    title=r"Implicit Euler of Nesterov's ODE, discrete time: an energy derived from the scheme, rate $1/(sk^2)$",
    source="derived here (compare SBC's ODE rate, Su, Boyd, Candès (2016), JMLR 17, Thm 3)",
    claim=r"$E_{k+1} \le E_k$ for every convex $f$ and every $s > 0$, with the energy derived from the "
          r"scheme; then $f(x_k) - f^\star = O(\|x_0 - x^\star\|^2/(sk^2))$, the ODE's $O(1/t^2)$ at "
          r"$t_k = (k + 1)\sqrt s$.",
)
