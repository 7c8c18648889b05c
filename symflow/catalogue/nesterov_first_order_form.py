r"""SBC's first-order form of Nesterov's ODE: :math:`\tfrac{d}{dt}\bigl(X + \tfrac{t}{r-1}\dot X\bigr) = -\tfrac{t}{r-1}\nabla f(X)`.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243 (the equivalent form
:math:`\tfrac{d}{dt}(X + \tfrac t2\dot X) = -\tfrac t2\nabla f(X)` of :math:`\ddot X + \tfrac3t\dot X + \nabla f(X) = 0`);
the version for general :math:`r` is derived here.

Claim: along the engine's limit :math:`\ddot X + \tfrac rt\dot X + \nabla f(X) = 0` of the generalised
scheme, the time derivative of :math:`X + \tfrac{t}{r-1}\dot X` is :math:`-\tfrac{t}{r-1}\nabla f(X)`
for every :math:`r \ne 1`; at :math:`r = 3` this is SBC's form.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, Symbol

from ..core import Check, Derivation, Step, X, grad, r, same_vector, t, time_derivative
from ..limit import continuous_limit
from ..lagrangian import tidy_vector
from ..lyapunov import along
from ..methods import nesterov
from .kinds import identity_entry

NAME = "nesterov-first-order-form"
TITLE = "Nesterov's ODE in first-order form"
SOURCE = "Su, Boyd, Candès (2016), arXiv:1503.01243 (r = 3); general r derived here"
CLAIM = (r"Along $\ddot X + \frac{r}{t}\dot X + \nabla f(X) = 0$: "
         r"$\frac{d}{dt}\left(X + \frac{t}{r-1}\dot X\right) = -\frac{t}{r-1}\nabla f(X)$; "
         r"$r = 3$ gives $\frac{d}{dt}\left(X + \frac{t}{2}\dot X\right) = -\frac{t}{2}\nabla f(X)$.")


def derive() -> Derivation:
    """Differentiate X + t X'/(r - 1) along the derived ODE and compare with the literature."""
    ode = continuous_limit(nesterov(r)).ode
    Xt = X(t)
    quantity = Xt + t / (r - 1) * Xt.diff(t)
    rate = tidy_vector(along(time_derivative(quantity, t), ode))
    literature = -t / (r - 1) * grad(Xt)
    sbc = along(time_derivative(Xt + t / 2 * Xt.diff(t), t), continuous_limit(nesterov()).ode)
    steps = (
        Step("The ODE", "Derived by the engine from the generalised scheme with momentum (k-1)/(k+r-1):",
             (Eq(ode.residual, 0),)),
        Step("Differentiate along the ODE",
             "The chain rule in the vector algebra, then the ODE's right-hand side for the second derivative:",
             (Eq(Symbol("d/dt (X + t X'/(r-1))"), rate),)),
    )
    checks = (
        Check(f"{SOURCE}: d/dt(X + t X'/(r-1)) = -t grad f(X)/(r-1)", Eq(Symbol("rate"), literature),
              same_vector(rate, literature)),
        Check("SBC (2016), r = 3: d/dt(X + t X'/2) = -t grad f(X)/2", Eq(Symbol("rate"), -t / 2 * grad(Xt)),
              same_vector(sbc, -t / 2 * grad(Xt))),
    )
    return Derivation(NAME, steps, _Shown(Eq(Symbol(r"\frac{d}{dt}(X + tX'/(r-1))"), rate)), title=TITLE,
                      source=SOURCE, claim=CLAIM, checks=checks)


class _Shown:
    """The identity, shown by documents through ``display``."""

    def __init__(self, display):
        self.display = display


ENTRY = identity_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
