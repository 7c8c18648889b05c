r"""Legendre transform and Hamilton's equations of a Lagrangian, as a first-order system in :math:`(X, P)`.

For :math:`L(X, V, t)` the momentum is :math:`P = \partial L/\partial V`; when
this map is affine in :math:`V` with a nonzero scalar slope (damped
Lagrangians, the Bregman Lagrangian with the Euclidean :math:`h`, any
:math:`\tfrac{a(t)}2\|V\|^2 + \langle b, V\rangle - U`) it is inverted,
:math:`V = V(X, P, t)`, and

.. math:: H(X, P, t) = \langle P, V\rangle - L(X, V, t), \qquad
          \dot X = \nabla_P H, \qquad \dot P = -\nabla_X H .

The gradients come from the first variation (:func:`symflow.lagrangian.gradient`),
so the system is dimension-free. A second route checks it: with
:math:`P = \partial L/\partial\dot X`, :math:`\dot X = \nabla_P H` is an
identity and :math:`\dot P + \nabla_X H` is the Euler–Lagrange residual.

API for discretizations: :func:`hamiltonian` gives a :class:`Hamiltonian`
(``expression``, ``position`` :math:`X(t)`, ``momentum`` :math:`P(t)`,
``velocity`` :math:`V(X, P, t)`), :func:`hamilton_equations` gives
:class:`HamiltonEquations` with ``position_rate`` (:math:`dX/dt`) and
``momentum_rate`` (:math:`dP/dt`), vector expressions in ``X(t)``, ``P(t)``, ``t``.

Examples
--------
>>> from symflow.core import X, t
>>> from symflow.lagrangian import damped_lagrangian
>>> H = hamiltonian(damped_lagrangian(t**3))
>>> H.expression
t**3*FValue(X(t)) + Inner(P(t), P(t))/(2*t**3)
>>> eqs = hamilton_equations(H)
>>> eqs.position_rate, eqs.momentum_rate
(P(t)/t**3, -t**3*NablaF(X(t)))
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Basic, Derivative, Eq, Expr, S

from ..core.derivation import Step
from ..core.errors import DegenerateLagrangianError, UnsupportedError
from ..core.normal import expand_vector, normal_scalar, same_vector
from ..core.symbols import P
from ..core.vectors import combine, inner, time_derivative, vector_coefficients
from .calculus import free_vector_atoms, gradient, tidy_scalar, tidy_vector
from .euler import (
    EulerLagrange,
    Lagrangian,
    Notation,
    as_expression,
    euler_lagrange,
)

__all__ = ["EquationSystem", "Hamiltonian", "HamiltonEquations", "hamiltonian", "hamilton_equations",
           "equivalent_to_euler_lagrange"]


#: the momentum trajectory P(t)
_H = Notation("H", "H")



class EquationSystem(Basic):
    r"""Several equations shown side by side (the display of a first-order system).

    Examples
    --------
    >>> from sympy import Symbol
    >>> from symflow.core import latex
    >>> a, b = Symbol("a"), Symbol("b")
    >>> latex(EquationSystem(Eq(a, 1), Eq(b, 2)))
    'a = 1, \\qquad b = 2'
    """

    def _latex(self, printer):
        return r", \qquad ".join(f"{printer._print(e.lhs)} = {printer._print(e.rhs)}" for e in self.args)

    def _sympystr(self, printer):
        return ",   ".join(f"{printer._print(e.lhs)} = {printer._print(e.rhs)}" for e in self.args)


@dataclass(frozen=True)
class Hamiltonian:
    r"""The Legendre transform of a Lagrangian.

    Attributes
    ----------
    expression : Expr
        :math:`H(X, P, t)`, a Gram scalar in ``position`` and ``momentum``.
    lagrangian : Lagrangian
    position, momentum : Expr
        :math:`X(t)` and :math:`P(t)`.
    velocity : Expr
        :math:`V(X, P, t)`, the inverse of the Legendre map.
    momentum_map : Expr
        :math:`\partial L/\partial V` in terms of :math:`X(t)`, :math:`\dot X(t)`.
    steps : tuple of Step
    """

    expression: Expr
    lagrangian: Lagrangian
    position: Expr
    momentum: Expr
    velocity: Expr
    momentum_map: Expr
    steps: tuple

    @property
    def display(self) -> Eq:
        """``H = ...`` for documents."""
        return Eq(_H, self.expression)


@dataclass(frozen=True)
class HamiltonEquations:
    r"""Hamilton's equations :math:`\dot X = \nabla_P H`, :math:`\dot P = -\nabla_X H`.

    Attributes
    ----------
    hamiltonian : Hamiltonian
    position_rate : Expr
        :math:`dX/dt` in terms of :math:`X(t)`, :math:`P(t)`, :math:`t`.
    momentum_rate : Expr
        :math:`dP/dt`.
    steps : tuple of Step
    """

    hamiltonian: Hamiltonian
    position_rate: Expr
    momentum_rate: Expr
    steps: tuple

    @property
    def equations(self) -> tuple:
        r"""``(Eq(dX/dt, ...), Eq(dP/dt, ...))``."""
        time = self.hamiltonian.lagrangian.time
        return (Eq(Derivative(self.hamiltonian.position, time), self.position_rate),
                Eq(Derivative(self.hamiltonian.momentum, time), self.momentum_rate))

    @property
    def display(self) -> EquationSystem:
        """Both equations, for documents."""
        return EquationSystem(*self.equations)


def hamiltonian(lagrangian, *, momentum=P) -> Hamiltonian:
    r"""The Legendre transform :math:`H = \langle P, V\rangle - L` with :math:`P = \partial L/\partial V`.

    Parameters
    ----------
    lagrangian : Lagrangian or Expr
    momentum : vector function
        The name of the momentum trajectory (default :math:`P`).

    Raises
    ------
    DegenerateLagrangianError
        If :math:`\partial L/\partial V` does not depend on :math:`V` (degenerate Legendre transform).
    UnsupportedError
        If the momentum is not affine in the velocity with a scalar slope (e.g. a general :math:`h`).

    Examples
    --------
    >>> from symflow.lagrangian import damped_lagrangian
    >>> from symflow.core import t, c
    >>> from sympy import exp
    >>> hamiltonian(damped_lagrangian(exp(c * t))).velocity
    P(t)*exp(-c*t)
    """
    if not isinstance(lagrangian, Lagrangian):
        lagrangian = Lagrangian(as_expression(lagrangian, "the Lagrangian"))
    L, time = lagrangian.expression, lagrangian.time
    V, X_ = lagrangian.velocity, lagrangian.position
    Pt = momentum(time)
    momentum_map = tidy_vector(gradient(L, V))
    if momentum_map == 0:
        raise DegenerateLagrangianError(
            f"the Lagrangian {L} does not depend on the velocity: its Legendre transform is degenerate")
    coefficients = vector_coefficients(momentum_map)
    slope = coefficients.pop(V, S(0))
    tangled = [a for a in coefficients if a.has(V)] + ([slope] if slope.has(V) else [])
    if tangled:
        raise UnsupportedError(
            f"the momentum ∂L/∂V = {momentum_map} is not affine in the velocity (through "
            f"{', '.join(map(str, tangled))}); symflow inverts affine Legendre maps only "
            "(damped Lagrangians, the Euclidean h)")
    if normal_scalar(slope) == 0:
        raise DegenerateLagrangianError(
            f"the momentum ∂L/∂V = {momentum_map} does not depend on the velocity: the Legendre "
            "transform of this Lagrangian (linear in V) is degenerate")
    velocity = tidy_vector((Pt - combine(coefficients)) / slope)
    H = tidy_scalar(expand_vector(inner(Pt, velocity) - L.xreplace({V: velocity})))
    if free_vector_atoms(H) or H.has(V):
        raise UnsupportedError(f"the Legendre transform of {L} did not eliminate the velocity")
    steps = (
        Step("Lagrangian", "$L(X, V, t)$:", (lagrangian.display,)),
        Step("Legendre map", r"The momentum $P = \partial L/\partial V$, affine in $V$, and its inverse:",
             (Eq(Notation("∂L/∂V", r"\frac{\partial L}{\partial V}"), momentum_map),
              Eq(Notation("V", "V"), velocity))),
        Step("Hamiltonian", r"$H = \langle P, V\rangle - L$ with $V = V(X, P, t)$:", (Eq(_H, H),)),
    )
    return Hamiltonian(H, lagrangian, X_, Pt, velocity, momentum_map, steps)


def hamilton_equations(H: Hamiltonian) -> HamiltonEquations:
    r"""Hamilton's equations :math:`\dot X = \nabla_P H`, :math:`\dot P = -\nabla_X H` (a first-order system).

    Examples
    --------
    >>> from symflow.lagrangian import damped_lagrangian
    >>> from symflow.core import t, r
    >>> eqs = hamilton_equations(hamiltonian(damped_lagrangian(t**r)))
    >>> eqs.position_rate
    P(t)/t**r
    """
    position_rate = tidy_vector(gradient(H.expression, H.momentum))
    momentum_rate = tidy_vector(-gradient(H.expression, H.position))
    time = H.lagrangian.time
    steps = H.steps + (
        Step("Hamilton's equations", "Gradients of H in the momentum and position slots:",
             (Eq(Derivative(H.position, time), position_rate),
              Eq(Derivative(H.momentum, time), momentum_rate))),
    )
    return HamiltonEquations(H, position_rate, momentum_rate, steps)


def equivalent_to_euler_lagrange(eqs: HamiltonEquations, el: EulerLagrange | None = None) -> bool:
    r"""Second route: with :math:`P = \partial L/\partial\dot X`, Hamilton's equations are the Euler–Lagrange equation.

    Checks that :math:`\nabla_P H` is :math:`\dot X` and that
    :math:`\tfrac{d}{dt}\partial L/\partial \dot X + \nabla_X H` is the Euler–Lagrange residual.

    Examples
    --------
    >>> from symflow.lagrangian import damped_lagrangian
    >>> from symflow.core import t
    >>> equivalent_to_euler_lagrange(hamilton_equations(hamiltonian(damped_lagrangian(t**3))))
    True
    """
    H = eqs.hamiltonian
    el = el if el is not None else euler_lagrange(H.lagrangian)
    on_shell = {H.momentum: H.momentum_map}
    time = H.lagrangian.time
    velocity = expand_vector(eqs.position_rate.xreplace(on_shell))
    if not same_vector(velocity, Derivative(H.position, time)):
        return False
    rate = expand_vector(time_derivative(H.momentum_map, time))
    residual = rate - expand_vector(eqs.momentum_rate.xreplace(on_shell))
    return same_vector(residual, el.residual)
