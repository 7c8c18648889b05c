r"""Implicit Euler of WWJ's :math:`p = 3` flow: an energy derived from the scheme, rate :math:`1/(s^{3/2}k^3)`.

Source: derived here. Implicit Euler of :math:`\ddot X + \frac4t\dot X + 9Ct\nabla f(X) = 0`, the ODE
:math:`\ddot X + \frac{p+1}t\dot X + Cp^2t^{p-2}\nabla f(X) = 0` of Wibisono, Wilson, Jordan (2016), PNAS,
arXiv:1603.04245, §2, at :math:`p = 3` (derived by :func:`symflow.lagrangian.bregman_equation`; the entry
energy-bregman-polynomial proves its rate :math:`\|x_0 - x^\star\|^2/(2Ct^3)`), with step
:math:`\sqrt s` and :math:`t_k = (k + 1)\sqrt s` is the inertial proximal method

.. math::
    x_{k+1} = x_k + \frac{k+2}{k+6}(x_k - x_{k-1}) - \frac{9Cs^{3/2}(k+2)^2}{k+6}\nabla f(x_{k+1}),

whose energy :func:`symflow.lyapunov.inertial_energy` derives from the two coefficients. Where the explicit
and symplectic schemes are unstable on every quadratic (the rates table), the implicit one keeps the
flow's order :math:`1/t^3` for every step: proximal steps that grow like :math:`k` do what the gradient steps
cannot. (A proximal step is not a gradient step: Nesterov's lower bound :math:`\propto 1/k^2` for methods that
see only gradients does not bound this scheme, as the step :math:`s` of the proximal point method is not bounded
by :math:`1/L` either.)

Claim: the derived :math:`E_k` is nonincreasing for every convex :math:`f` and every :math:`s, C > 0`, from
:math:`k = 0` with :math:`v_0 = 0`; hence :math:`f(x_k) - f^\star = O(\|x_0 - x^\star\|^2/(Cs^{3/2}k^3))`.

Examples
--------
>>> d = ENTRY.run()
>>> d.status, d.result.region.text()
('proved', 'True')
"""
from __future__ import annotations

from ..discretize import discretize
from .discretize_table import wwj_p3_ode
from .kinds import inertial_step_entry


def implicit_scheme():
    r"""Implicit Euler of WWJ's :math:`p = 3` flow, :math:`t_k = (k + 1)\sqrt s`.

    Examples
    --------
    >>> implicit_scheme().name
    'wwj-p3-implicit'
    """
    return discretize(wwj_p3_ode(), "implicit", offset=1)


ENTRY = inertial_step_entry(
    "energy-wwj-p3-implicit", implicit_scheme,
    title=r"Implicit Euler of WWJ's $p = 3$ flow, discrete time: an energy derived from the scheme, "
          r"rate $1/(s^{3/2}k^3)$",
    source="derived here (compare WWJ's rate O(1/t^3), Wibisono, Wilson, Jordan (2016), PNAS, arXiv:1603.04245)",
    claim=r"$E_{k+1} \le E_k$ for every convex $f$ and every $s, C > 0$, with the energy derived from the "
          r"scheme; then $f(x_k) - f^\star = O(\|x_0 - x^\star\|^2/(Cs^{3/2}k^3))$, the flow's $O(1/t^3)$ at "
          r"$t_k = (k + 1)\sqrt s$.",
)
