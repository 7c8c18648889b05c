r"""Heavy ball is the symplectic Euler scheme of its high-resolution ODE, which has no gradient correction.

Source: Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.2 and phase-space representation (2.5)
(heavy ball's high-resolution ODE
:math:`\ddot X + 2\sqrt\mu\dot X + (1 + \sqrt{\mu s})\nabla f(X) = 0`).

Claim: heavy ball's high-resolution ODE differs from NAG-SC's by exactly the
gradient correction :math:`\sqrt s\nabla^2 f(X)\dot X`; the symplectic scheme
reproduces heavy ball with friction and gradient scaled by
:math:`1/(1-\sqrt{\mu s})` (as for NAG-SC), and the methods the symplectic
scheme makes of the two ODEs differ by exactly the discretized correction
:math:`-s(\nabla f(x_k) - \nabla f(x_{k-1}))/(1 + 2\sqrt{\mu s})`. Explicit and
implicit Euler reproduce heavy ball for no factors.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, Symbol, cancel, sqrt

from ..core import (
    Check,
    Derivation,
    NablaF,
    Step,
    X,
    combine,
    grad,
    is_zero_vector,
    k,
    mu,
    s,
    t,
    vector_coefficients,
    vector_function,
)
from ..discretize import (
    discretization,
    factor_coefficient,
    factor_of,
    one_recurrence,
    phase_space,
    scheme_match,
)
from ..limit import continuous_limit
from ..methods import heavy_ball, nag_sc
from .kinds import discretization_entry

SOURCE = "Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.2 and phase-space representation (2.5); Shi, Du, Su, Jordan (NeurIPS 2019), arXiv:1902.03694"
TITLE = "Heavy ball: symplectic Euler of a high-resolution ODE without gradient correction"
CLAIM = (r"Heavy ball's high-resolution ODE lacks NAG-SC's $\sqrt{s}\nabla^2 f(X)\dot X$; symplectic Euler of it "
         r"is heavy ball (friction and gradient scaled by $1/(1 - \sqrt{\mu s})$), and the two symplectic methods "
         r"differ by exactly the gradient difference $-s(\nabla f(x_k) - \nabla f(x_{k-1}))/(1 + 2\sqrt{\mu s})$.")


def derive() -> Derivation:
    """Compare the two high-resolution ODEs and their symplectic discretizations."""
    hb = continuous_limit(heavy_ball(), order=1).ode
    nag = continuous_limit(nag_sc(), order=1).ode
    Xt = X(t)
    ode_difference = nag.residual - hb.residual
    steps = [Step("High-resolution ODEs", "Derived by the core from heavy ball and NAG-SC:",
                  (Eq(hb.residual, 0), Eq(nag.residual, 0))),
             Step("Difference of the ODEs", "NAG-SC's equation minus heavy ball's:", (ode_difference,))]
    found = {}
    for scheme in ("symplectic", "explicit", "implicit"):
        factors, more = scheme_match(hb, scheme, heavy_ball())
        found[scheme] = factors
        steps += more
    m_hb = discretization(hb, "symplectic").method
    m_nag = discretization(nag, "symplectic").method
    x = vector_function("x")
    difference = combine({a: factor_coefficient(c) for a, c in
                          vector_coefficients(one_recurrence(m_nag).rhs - one_recurrence(m_hb).rhs).items()})
    expected = -s * (grad(x(k)) - grad(x(k - 1))) / (1 + 2 * sqrt(mu * s))
    steps.append(Step("Difference of the methods",
                      "The symplectic scheme's methods for the two ODEs, as recurrences x_(k+1) = ..., differ by "
                      "Delta = (NAG-SC's right side) - (heavy ball's right side):",
                      (Eq(Symbol("Delta"), difference),)))
    scale = 1 / (1 - sqrt(mu * s))
    sym = found["symplectic"]
    checks = [
        Check("Shi, Du, Jordan, Su (2022), §1.2: heavy ball's high-resolution ODE has no gradient correction",
              Eq(Symbol("c(t)"), 0), phase_space(hb).correction == 0),
        Check("the ODEs differ by exactly sqrt(s) Hess f(X) X'", Eq(ode_difference, sqrt(s) * NablaF(Xt, Xt.diff(t))),
              is_zero_vector(ode_difference - sqrt(s) * NablaF(Xt, Xt.diff(t)))),
        Check("symplectic Euler is heavy ball with friction and gradient scaled by 1/(1 - sqrt(mu s))",
              Eq(Symbol("theta"), scale), sym is not None and all(
                  cancel(factor_of(hb, sym, a) - scale) == 0 for a in (Xt.diff(t), grad(Xt)))),
        Check("explicit and implicit Euler reproduce heavy ball for no factors", Eq(Symbol("solutions"), 0),
              found["explicit"] is None and found["implicit"] is None),
        Check("the two symplectic methods differ by the discretized correction", Eq(Symbol("difference"), expected),
              is_zero_vector(difference - expected)),
    ]
    return Derivation("discretize-heavy-ball", tuple(steps), _Shown(Eq(Symbol("Delta"), difference)),
                      title=TITLE, source=SOURCE, claim=CLAIM, checks=tuple(checks))


class _Shown:
    """The difference of the two methods (for documents)."""

    def __init__(self, display):
        self.display = display


ENTRY = discretization_entry("discretize-heavy-ball", derive, title=TITLE, source=SOURCE, claim=CLAIM)
