r"""Symplectic Euler of NAG-C's high-resolution ODE is NAG-C up to a vanishing rescaling; explicit Euler is not.

Source: the high-resolution ODE and its phase-space representation are Shi, Du, Jordan, Su (2022),
arXiv:1810.08907 (§1.2 and (2.5)); Shi, Du, Su, Jordan, "Acceleration via Symplectic
Discretization of High-Resolution Differential Equations", NeurIPS 2019, arXiv:1902.03694, prove
rates for these schemes (not proved here). The matching factors below are derived here
(NAG-C's high-resolution ODE
:math:`\ddot X + \tfrac3t\dot X + \sqrt s\nabla^2 f(X)\dot X + (1 + \tfrac{3\sqrt s}{2t})\nabla f(X) = 0`,
here with :math:`t = (k + 3/2)\sqrt s` in the limit, as in the ``nag-c`` entry).

Claim: with one unknown factor per coefficient, the symplectic scheme (step
:math:`\sqrt s`, grid :math:`t_k = k\sqrt s`) reproduces NAG-C with the friction
and the gradient correction unchanged and the gradient scaled by
:math:`2(k+3)/(2k+3) \to 1`; explicit Euler (grid :math:`t_k = (k+1)\sqrt s`, since
:math:`3/t` is undefined at :math:`t = 0`) needs the gradient correction scaled by
:math:`(2k+3)/(k+3) \to 2`; implicit Euler never matches.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, Rational, Symbol, cancel, limit, oo, sqrt

from ..core import (
    Check,
    Derivation,
    DiscretizationError,
    NablaF,
    Step,
    X,
    grad,
    k,
    s,
    t,
)
from ..discretize import discretize, factor_of, scheme_match
from ..limit import continuous_limit
from ..methods import nag_c
from .kinds import discretization_entry

SOURCE = "Shi, Du, Jordan, Su (2022), arXiv:1810.08907, §1.2 and (2.5); Shi, Du, Su, Jordan (NeurIPS 2019), arXiv:1902.03694"
TITLE = "NAG-C as the symplectic Euler scheme of its high-resolution ODE"
CLAIM = (r"Symplectic Euler (step $\sqrt{s}$, grid $t_k = k\sqrt{s}$) of NAG-C's high-resolution ODE (derived with "
         r"$t = (k + 3/2)\sqrt{s}$) is NAG-C with the gradient scaled by $2(k+3)/(2k+3) \to 1$ and the gradient "
         r"correction unchanged; on the limit's own grid the factor is $(2k+3)/(2k) \to 1$ on friction and "
         r"gradient: the $k$-dependence comes from the grid; explicit Euler needs the correction scaled by "
         r"$(2k+3)/(k+3) \to 2$; implicit Euler never matches.")


def derive() -> Derivation:
    """Match each scheme of the rescaled high-resolution NAG-C ODE against NAG-C."""
    ode = continuous_limit(nag_c(), order=1, offset=Rational(3, 2)).ode
    steps = [Step("High-resolution ODE", "Derived by the core from NAG-C with t = (k + 3/2) sqrt(s):",
                  (Eq(ode.residual, 0),))]
    found = {}
    for scheme, offset in (("symplectic", 0), ("explicit", 1), ("implicit", 0)):
        factors, more = scheme_match(ode, scheme, nag_c(), offset=offset)
        found[scheme] = factors
        steps += more
    matched, more = scheme_match(ode, "symplectic", nag_c(), offset=Rational(3, 2))
    steps += [Step("symplectic on the matched grid", "On the grid t_k = (k + 3/2) sqrt(s) of the limit:",
                   ())] + more[1:]
    try:
        discretize(ode, "explicit")
        refused = False
    except DiscretizationError as exc:
        refused = True
        steps.append(Step("Singular start", f"Explicit Euler on t_k = k sqrt(s) is refused: {exc}.", ()))
    Xt = X(t)
    hessian, velocity, gradient = NablaF(Xt, Xt.diff(t)), Xt.diff(t), grad(Xt)
    sym, exp = found["symplectic"], found["explicit"]
    checks = [
        Check("symplectic Euler keeps the friction 3/t and the gradient correction",
              Eq(Symbol("theta_H"), 1), sym is not None and factor_of(ode, sym, hessian) == 1
              and factor_of(ode, sym, velocity) == 1),
        Check("symplectic Euler scales the gradient by 2(k+3)/(2k+3), which tends to 1",
              Eq(Symbol("theta_g"), 2 * (k + 3) / (2 * k + 3)),
              sym is not None and cancel(factor_of(ode, sym, gradient) - 2 * (k + 3) / (2 * k + 3)) == 0
              and limit(factor_of(ode, sym, gradient), k, oo) == 1),
        Check("explicit Euler needs the gradient correction scaled by (2k+3)/(k+3) -> 2",
              Eq(Symbol("theta_H"), (2 * k + 3) / (k + 3)),
              exp is not None and cancel(factor_of(ode, exp, hessian) - (2 * k + 3) / (k + 3)) == 0
              and limit(factor_of(ode, exp, hessian), k, oo) == 2),
        Check("implicit Euler matches NAG-C for no factors", Eq(Symbol("solutions"), 0),
              found["implicit"] is None),
        Check("derived here: on the grid t_k = (k + 3/2) sqrt(s) of the limit itself, symplectic Euler needs "
              "friction and gradient scaled by (2k+3)/(2k) -> 1 instead: the k-dependence is a grid effect",
              Eq(Symbol("theta_v"), (2 * k + 3) / (2 * k)),
              matched is not None and all(cancel(factor_of(ode, matched, a) - (2 * k + 3) / (2 * k)) == 0
                                          for a in (velocity, gradient))
              and factor_of(ode, matched, hessian) == 1),
        Check("explicit Euler on the grid t_k = k sqrt(s) is refused (3/t at t = 0), not silently shifted",
              Eq(Symbol("error"), True), refused),
    ]
    display = Eq(Xt.diff(t, 2) + 3 / t * velocity + sqrt(s) * hessian
                 + 2 * (k + 3) / (2 * k + 3) * (1 + 3 * sqrt(s) / (2 * t)) * gradient, 0)
    return Derivation("discretize-sdsj-nag-c", tuple(steps), _Shown(display), title=TITLE, source=SOURCE,
                      claim=CLAIM, checks=tuple(checks))


class _Shown:
    """The rescaled ODE (t = (k+1) sqrt(s) at the velocity update) whose symplectic scheme is NAG-C."""

    def __init__(self, display):
        self.display = display


ENTRY = discretization_entry("discretize-sdsj-nag-c", derive, title=TITLE, source=SOURCE, claim=CLAIM)
