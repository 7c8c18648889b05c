r"""Symplectic Euler of NAG-SC's high-resolution ODE is NAG-SC; explicit Euler is not.

Source: the identities below reproduce Shi, Du, Jordan, Su (2022), arXiv:1810.08907, phase-space
representation (2.5); Shi, Du, Su, Jordan, "Acceleration via Symplectic Discretization of
High-Resolution Differential Equations", NeurIPS 2019, arXiv:1902.03694, study the three Euler
schemes and prove rates for them (not proved here)
(the three Euler schemes of the high-resolution ODE
:math:`\ddot X + 2\sqrt\mu\dot X + \sqrt s\nabla^2 f(X)\dot X + (1+\sqrt{\mu s})\nabla f(X) = 0`
with step :math:`\sqrt s`).

Claim: put an unknown factor :math:`\theta_i` on each coefficient of the ODE.
The symplectic scheme reproduces NAG-SC exactly with the gradient correction
untouched (:math:`\theta = 1` on :math:`\sqrt s\nabla^2 f(X)\dot X`) and the
friction and gradient both rescaled by :math:`1/(1 - \sqrt{\mu s}) \to 1`.
Explicit Euler reproduces NAG-SC only if the gradient correction is multiplied
by :math:`2/(1 + \sqrt{\mu s}) \to 2` — a different high-resolution ODE — and
implicit Euler never does. Round trip: the high-resolution limit of the
symplectic method keeps :math:`\sqrt s\nabla^2 f(X)\dot X`; that of the
explicit method loses it.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, Symbol, cancel, limit, sqrt

from ..core import (
    Check,
    Derivation,
    NablaF,
    Step,
    X,
    grad,
    mu,
    s,
    t,
    vector_coefficients,
)
from ..discretize import discretize, scheme_match
from ..discretize import factor_of as _factor_of
from ..limit import continuous_limit
from ..methods import nag_sc
from .kinds import discretization_entry

SOURCE = "Shi, Du, Jordan, Su (2022), arXiv:1810.08907, phase-space representation (2.5); Shi, Du, Su, Jordan (NeurIPS 2019), arXiv:1902.03694"
TITLE = "NAG-SC as the symplectic Euler scheme of its high-resolution ODE"
CLAIM = (r"Symplectic Euler (step $\sqrt{s}$) of $\ddot X + 2\sqrt{\mu}\dot X + \sqrt{s}\nabla^2 f(X)\dot X + "
         r"(1 + \sqrt{\mu s})\nabla f(X) = 0$ is NAG-SC once friction and gradient are scaled by "
         r"$1/(1 - \sqrt{\mu s})$, with the gradient correction unchanged; explicit Euler needs the correction "
         r"doubled; implicit never matches.")


def correction_coefficient(ode) -> object:
    r"""The coefficient of :math:`\nabla^2 f(X)\dot X` in an ODE's right-hand side (0 if absent)."""
    Xt = X(t)
    return vector_coefficients(ode.rhs).get(NablaF(Xt, Xt.diff(t)), 0)


def derive() -> Derivation:
    """Match each scheme of the rescaled high-resolution ODE against NAG-SC."""
    limit_result = continuous_limit(nag_sc(), order=1)
    ode = limit_result.ode
    steps = [Step("High-resolution ODE", "Derived by the core from NAG-SC (order 1 in sqrt(s)):",
                  (Eq(ode.residual, 0),))]
    found = {}
    for scheme in ("symplectic", "explicit", "implicit"):
        factors, more = scheme_match(ode, scheme, nag_sc())
        found[scheme] = factors
        steps += more
    Xt = X(t)
    hessian, velocity, gradient = NablaF(Xt, Xt.diff(t)), Xt.diff(t), grad(Xt)
    round_trip = {}
    for scheme in ("symplectic", "explicit"):
        back = continuous_limit(discretize(ode, scheme), order=1).ode
        round_trip[scheme] = back
        steps.append(Step(f"Round trip ({scheme})",
                          f"The high-resolution limit of the {scheme} method, derived by the core:",
                          (Eq(back.residual, 0),)))
    symplectic, explicit = found["symplectic"], found["explicit"]

    def factor_of(factors, atom):
        return _factor_of(ode, factors, atom)

    scale = 1 / (1 - sqrt(mu * s))
    checks = [
        Check("symplectic Euler keeps the gradient correction (theta = 1)", Eq(Symbol("theta_H"), 1),
              symplectic is not None and cancel(factor_of(symplectic, hessian) - 1) == 0),
        Check("symplectic Euler rescales friction and gradient by 1/(1 - sqrt(mu s))", Eq(Symbol("theta"), scale),
              symplectic is not None and all(cancel(factor_of(symplectic, a) - scale) == 0
                                             for a in (velocity, gradient))),
        Check("explicit Euler matches NAG-SC only with the correction scaled by 2/(1 + sqrt(mu s)) -> 2",
              Eq(Symbol("theta_H"), 2 / (1 + sqrt(mu * s))),
              explicit is not None and cancel(factor_of(explicit, hessian) - 2 / (1 + sqrt(mu * s))) == 0
              and limit(factor_of(explicit, hessian), s, 0) == 2),
        Check("implicit Euler matches NAG-SC for no factors", Eq(Symbol("solutions"), 0), found["implicit"] is None),
        Check("round trip: the symplectic method's high-resolution ODE keeps sqrt(s) Hess f(X) X'",
              Eq(Symbol("coefficient"), -sqrt(s)), cancel(correction_coefficient(round_trip["symplectic"]) + sqrt(s)) == 0),
        Check("round trip: the explicit method's high-resolution ODE has no gradient correction",
              Eq(Symbol("coefficient"), 0), correction_coefficient(round_trip["explicit"]) == 0),
        Check("round trip at low resolution: both schemes give back X'' + 2 sqrt(mu) X' + grad f(X) = 0",
              Eq(Xt.diff(t, 2) + 2 * sqrt(mu) * velocity + gradient, 0),
              all(continuous_limit(discretize(ode, sch), order=0).ode.matches(
                  Xt.diff(t, 2) + 2 * sqrt(mu) * velocity + gradient) for sch in ("symplectic", "explicit"))),
    ]
    display_ode = Eq(Xt.diff(t, 2) + scale * 2 * sqrt(mu) * velocity + sqrt(s) * hessian
                     + scale * (1 + sqrt(mu * s)) * gradient, 0)
    return Derivation("discretize-sdsj-nag-sc", tuple(steps), _Shown(display_ode), title=TITLE,
                      source=SOURCE, claim=CLAIM, checks=tuple(checks))


class _Shown:
    """The rescaled ODE whose symplectic Euler scheme is NAG-SC (for documents)."""

    def __init__(self, display):
        self.display = display


ENTRY = discretization_entry("discretize-sdsj-nag-sc", derive, title=TITLE, source=SOURCE, claim=CLAIM)
