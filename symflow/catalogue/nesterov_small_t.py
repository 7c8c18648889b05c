r"""Nesterov's ODE near its singular start: :math:`X(t) = x_0 - \tfrac{t^2}{2(r+1)}\nabla f(x_0) + o(t^2)`.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243 (the small-:math:`t` behaviour of the solution,
:math:`r = 3`); the power series for general :math:`r` is derived here.

Claim: the solution of the engine's limit :math:`\ddot X + \tfrac rt\dot X + \nabla f(X) = 0`,
:math:`X(0) = x_0`, :math:`\dot X(0) = 0`, has the dimension-free power series
:math:`x_0 + 0\cdot t - \tfrac{t^2}{2(r+1)}\nabla f(x_0) + 0\cdot t^3 + O(t^4)`: the singular
friction :math:`r/t` is harmless because :math:`\dot X(0) = 0`.

Examples
--------
>>> all(c.passed for c in ENTRY.run().checks)
True
"""
from __future__ import annotations

from sympy import Eq, Symbol, cancel

from ..closed_form import vector_series
from ..core import Check, Derivation, Step, grad, is_zero_vector, r, t, x0
from ..limit import continuous_limit
from ..methods import nesterov
from .kinds import identity_entry

NAME = "nesterov-small-t"
TITLE = "Nesterov's ODE near its singular start: the power series"
SOURCE = "Su, Boyd, Candès (2016), arXiv:1503.01243 (r = 3); general r derived here"
CLAIM = (r"$X(t) = x_0 - \frac{t^2}{2(r+1)}\nabla f(x_0) + O(t^4)$ for "
         r"$\ddot X + \frac{r}{t}\dot X + \nabla f(X) = 0$, $X(0) = x_0$, $\dot X(0) = 0$; "
         r"$r = 3$: $X(t) = x_0 - \frac{t^2}{8}\nabla f(x_0) + O(t^4)$.")


def derive() -> Derivation:
    """The power series of the solution at t = 0, from the ODE's recursion (closed_form.vector_series)."""
    ode = continuous_limit(nesterov(r)).ode
    series = vector_series(ode, order=3)
    shown = sum((series.coefficients[n] * t ** n for n in sorted(series.coefficients)), 0)
    steps = (
        Step("The ODE", "Derived by the engine from the generalised scheme, with its initial conditions:",
             (Eq(ode.residual, 0), *ode.initial_conditions)),
        Step("Power series at t = 0",
             "Put X = sum a_n t^n, multiply by t (the pole of r/t) and match powers: each a_n enters linearly "
             "with the factor n(n - 1 + r):", (Eq(Symbol("X(t)"), shown),)),
    )
    a = series.coefficients
    checks = (
        Check(f"{SOURCE}: X(t) = x_0 - t^2 grad f(x_0)/(2(r + 1)) + O(t^3)", Eq(Symbol("a_2"), -grad(x0) / (2 * (r + 1))),
              a[0] == x0 and is_zero_vector(a[1]) and is_zero_vector(a[2] + grad(x0) / (2 * (r + 1)))),
        Check("no t^3 term: the error is O(t^4)", Eq(Symbol("a_3"), 0), is_zero_vector(a[3])),
        Check("SBC, r = 3: the t^2 coefficient is -grad f(x_0)/8", Eq(Symbol("a_2"), -grad(x0) / 8),
              is_zero_vector(a[2].subs(r, 3) + grad(x0) / 8)
              and cancel((a[2].subs(r, 3) + grad(x0) / 8).coeff(grad(x0))) == 0),
    )
    return Derivation(NAME, steps, _Shown(Eq(Symbol("X(t)"), shown)), title=TITLE, source=SOURCE, claim=CLAIM,
                      checks=checks)


class _Shown:
    """The series, shown by documents through ``display``."""

    def __init__(self, display):
        self.display = display


ENTRY = identity_entry(NAME, derive, title=TITLE, source=SOURCE, claim=CLAIM)
