r"""Synthesis: an energy for the generalised Nesterov ODE, found in a family, and its region :math:`r \ge 3`.

Source: Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 5: for
:math:`\ddot X + \tfrac rt\dot X + \nabla f(X) = 0` (the engine's limit of the scheme with momentum
:math:`(k-1)/(k+r-1)`) and :math:`r > 3`, :math:`\tfrac{2t^2}{r-1}(f - f^\star) + (r-1)\|X + \tfrac t{r-1}\dot X - x^\star\|^2`
is nonincreasing for every convex :math:`f`; divided by :math:`2/(r-1)` it is
:math:`t^2(f - f^\star) + \tfrac{(r-1)^2}2\|x\|^2 + (r-1)t\langle x, \dot X\rangle + \tfrac{t^2}2\|\dot X\|^2`
with :math:`x = X - x^\star`.

Claim (derived here): in the family
:math:`t^2(f - f^\star) + A\|x\|^2 + 2(B_0 + B_1t)\langle x, \dot X\rangle + (C_0 + C_1t + C_2t^2)\|\dot X\|^2`
the engine finds, from the family alone, :math:`A = r - 1`, :math:`B_1 = 1`, :math:`C_2 = \tfrac12` (the other
unknowns 0):

.. math:: E = t^2(f - f^\star) + (r-1)\|x\|^2 + 2t\langle x, \dot X\rangle + \tfrac{t^2}2\|\dot X\|^2,

certified exactly on the region :math:`r \ge 3`. This is *not* SBC's energy rescaled: the two agree at
:math:`r = 3` (compared there) and differ for :math:`r > 3`, where both are members of the family and both are
certified. The quadratic part of the energy found has determinant :math:`t^2(r-3)/2`, so it is nonnegative
exactly for :math:`r \ge 3`; and :math:`\dot E = 2t(f - f^\star - \langle x, \nabla f(X)\rangle) - t(r-3)\|\dot X\|^2`
(below), which is positive at :math:`X = x^\star`, :math:`\dot X \ne 0` for :math:`r < 3`.

Necessity on :math:`r \in (1, 3)`: :func:`~symflow.lyapunov.counterexample_family` searches along rays
:math:`X \to \pm\infty` of one-dimensional test functions and finds no family for the energy found (its
:math:`\dot E` on the Huber function's linear piece, :math:`-t + (3-r)t\dot X^2`, does not grow with :math:`X`); the
family attached is therefore the one for SBC's energy (a member of the same family, certified separately
on :math:`r \ge 3`): the Huber function at :math:`X = 2/(3-r)`, :math:`\dot X = 0` (the documents name it).

Examples
--------
>>> from symflow.core import text
>>> from symflow.lyapunov import derivative_along, display
>>> family, unknowns, ode, function_class = _setup()
>>> d = ENTRY.run()
>>> d.status, d.result.values
('proved', {A: r - 1, B0: 0, B1: 1, C0: 0, C1: 0, C2: 1/2})
>>> str(d.result.certificate.region.as_boolean())
'r >= 3'
>>> print(text(display(derivative_along(d.result.energy, ode))))
t·(-(r - 3)·‖Ẋ‖² + 2·(f(X) - f⋆) - 2·⟨X - x⋆, ∇f(X)⟩)
>>> all(check.passed for check in d.checks)
True
"""
from __future__ import annotations

from sympy import Interval, oo, symbols

from ..core import X, inner, norm2, r, t, x_star
from ..limit import continuous_limit
from ..lyapunov import convex, f_gap
from ..methods import nesterov
from .kinds.synthesis import synthesis_entry

#: the family's unknown coefficients ("there exist"), constants in t
A, B0, B1, C0, C1, C2 = symbols("A B0 B1 C0 C1 C2", real=True)


def _setup():
    ode = continuous_limit(nesterov(r)).ode
    x, v = X(t) - x_star, X(t).diff(t)
    family = t**2 * f_gap() + A * norm2(x) + 2 * (B0 + B1 * t) * inner(x, v) + (C0 + C1 * t + C2 * t**2) * norm2(v)
    return family, (A, B0, B1, C0, C1, C2), ode, convex()


ENTRY = synthesis_entry(
    "synth-nesterov-r", _setup,
    title=r"Synthesis: an energy for the generalised Nesterov ODE, found in a family, region $r \ge 3$",
    source="Su, Boyd, Candès (2016), arXiv:1503.01243, §4, Theorem 5",
    claim=r"In the family $t^2(f - f^\star) + A\|x\|^2 + 2(B_0 + B_1 t)\langle x, \dot X\rangle + (C_0 + C_1 t + C_2 t^2)"
          r"\|\dot X\|^2$ the member $A = r - 1$, $B_1 = 1$, $C_2 = \frac12$ is found and certified on $r \ge 3$ "
          r"(derived here; SBC's energy at $r = 3$); for every $r \in (1, 3)$ SBC's energy has a Huber "
          r"counterexample (derived here).",
    rate=0,
    expected_energy=2 * t**2 / (r - 1) * f_gap() + (r - 1) * norm2(X(t) + t * X(t).diff(t) / (r - 1) - x_star),
    energy_at={r: 3},
    expected_region={r: Interval(3, oo)},
    necessity={r: Interval.open(1, 3)},
    domain={r: Interval.open(1, oo)},
)
