r"""Nesterov's ODE on a quadratic: the Bessel closed form, derived for symbolic :math:`r`.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243, §3.2 (and §4 for general :math:`r`).

Claim: for :math:`f(x) = \tfrac12\lambda\|x\|^2` the limit ODE
:math:`\ddot X + \tfrac{r}{t}\dot X + \nabla f(X) = 0`, :math:`X(0) = x_0`, :math:`\dot X(0) = 0`
has the solution
:math:`X(t) = x_0\Gamma(\tfrac{r+1}{2})(2/(\sqrt\lambda t))^{(r-1)/2}J_{(r-1)/2}(\sqrt\lambda t)`
(for :math:`r = 3`: :math:`2x_0J_1(\sqrt\lambda t)/(\sqrt\lambda t)`).

The ODE is the derived continuous limit of the generalised scheme, with
:math:`\nabla f(X) = \lambda X`; the solution is derived by :func:`symflow.closed_form.bessel_solution`
and checked by substitution into that derived ODE, by its initial value and by the Frobenius series.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, besselj, cancel, expand_power_base, gamma, powsimp, sqrt

from ..closed_form import bessel_solution, reduce_bessel
from ..core import Check, Derivation, Status, Step, X, grad, lam, r, t, x0_scalar
from ..limit import continuous_limit
from ..methods import nesterov
from .kinds import closed_form_entry

SOURCE = "Su, Boyd, Candès (2016), arXiv:1503.01243, §3.2"


def derive() -> Derivation:
    ode = continuous_limit(nesterov(r)).ode
    quadratic_rhs = ode.rhs.subs(grad(X(t)), lam * X(t))
    sol = bessel_solution()
    residual = (X(t).diff(t, 2) - quadratic_rhs).subs(X(t), sol.expression).doit()
    satisfies = cancel(reduce_bessel(residual, (r - 1) / 2)) == 0
    literature = x0_scalar * gamma((r + 1) / 2) * (2 / (sqrt(lam) * t)) ** ((r - 1) / 2) * besselj((r - 1) / 2, sqrt(lam) * t)
    same = cancel(powsimp(expand_power_base(sol.expression / literature, force=True), force=True)) == 1
    steps = (Step("the ODE", "the derived limit of Nesterov's scheme with momentum (k-1)/(k+r-1), "
                  "with grad f(X) = lambda X", (Eq(X(t).diff(t, 2), quadratic_rhs),)),) + sol.steps
    checks = sol.checks + (
        Check("the closed form satisfies the derived limit ODE (J recurrences, cancel)", 0, satisfies),
        Check(f"{SOURCE}: the Bessel closed form", Eq(X(t), literature), same),
    )
    return Derivation("quadratic-bessel", steps, sol, title="Nesterov's ODE on a quadratic: Bessel functions",
                      source=SOURCE, claim=ENTRY.claim, checks=checks, status=Status.DERIVED)


ENTRY = closed_form_entry(
    "quadratic-bessel", lambda: derive(),
    title="Nesterov's ODE on a quadratic: Bessel functions",
    source=SOURCE,
    claim=r"For $f = \frac12\lambda x^2$: $X(t) = x_0\Gamma(\frac{r+1}{2})(\frac{2}{\sqrt\lambda t})^{(r-1)/2}"
          r"J_{(r-1)/2}(\sqrt\lambda t)$.",
)
