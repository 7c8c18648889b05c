r"""An ODE as a first-order system in position and velocity: :math:`\dot X = V`, :math:`\dot V = F(t, X, V)`.

:func:`phase_space` splits the right-hand side :math:`F` of a second-order ODE
(or of a first-order one, :math:`\dot X = F(t, X)`) by the role each term
plays for a discretization:

* the *friction* :math:`-a(t)V`: the part linear in :math:`V = \dot X` outside
  gradient evaluations (a semi-implicit scheme takes it at the new velocity,
  which only needs a division);
* the *gradient correction* :math:`c(t)\nabla^2 f(X)V`: the Hessian-driven term,
  which a first-order method can only realise as a difference of gradients;
* the *force* :math:`G(t, X, V)`: everything else (gradients, possibly at
  points that involve :math:`V`, linear terms in :math:`X`, constant vectors).

Terms no Euler scheme defines (third derivatives of f, Hessians at other
points or in other directions) are refused with a message naming them.

Examples
--------
>>> from sympy import sqrt
>>> from symflow.core import ODE, X, t, mu, s, NablaF, grad
>>> Xd = X(t).diff(t)
>>> ode = ODE(-2 * sqrt(mu) * Xd - sqrt(s) * NablaF(X(t), Xd) - (1 + sqrt(mu * s)) * grad(X(t)), 2)
>>> system = phase_space(ode)
>>> system.friction, system.correction
(2*sqrt(mu), -sqrt(s))
>>> system.force
(-sqrt(mu)*sqrt(s) - 1)*NablaF(X(t))
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Derivative, Eq, Expr, Integer

from ..core.errors import UnsupportedError
from ..core.model import ODE
from ..core.symbols import AppliedVector, V
from ..core.vectors import NablaF, combine, vector_coefficients

__all__ = ["PhaseSystem", "phase_space"]


#: the velocity :math:`V(t) = \dot X(t)` of the first-order system


@dataclass(frozen=True)
class PhaseSystem:
    r"""The first-order form of an ODE, split into friction, gradient correction and force.

    For ``order == 2``: :math:`\dot X = V`,
    :math:`\dot V = -a(t)V + c(t)\nabla^2 f(X)V + G(t, X, V)`.
    For ``order == 1``: :math:`\dot X = -a(t)X + G(t, X)` (``friction`` is then
    the coefficient :math:`a` of :math:`X` itself, taken implicitly by the
    implicit scheme; ``correction`` is 0).

    Attributes
    ----------
    ode : ODE
    friction : Expr
        :math:`a(t)`.
    correction : Expr
        :math:`c(t)`, the coefficient of :math:`\nabla^2 f(X)\dot X` (0 when absent).
    force : Expr
        :math:`G`, a vector expression in :math:`X(t)`, :math:`\dot X(t)` and constants.
    """

    ode: ODE
    friction: Expr
    correction: Expr
    force: Expr

    @property
    def order(self) -> int:
        """The order of the ODE (1 or 2)."""
        return self.ode.order

    @property
    def equations(self) -> tuple:
        r"""The system with :math:`V` written out, for display.

        Examples
        --------
        >>> from symflow.core import ODE, X, t, grad
        >>> phase_space(ODE(-3 / t * X(t).diff(t) - grad(X(t)), 2)).equations[0]
        Eq(Derivative(X(t), t), V(t))
        """
        time, x_of_t = self.ode.time, self.ode.trajectory(self.ode.time)
        if self.order == 1:
            return (Eq(x_of_t.diff(time), self.ode.rhs),)
        v_of_t = V(time)
        velocity = {x_of_t.diff(time): v_of_t}
        return (Eq(x_of_t.diff(time), v_of_t),
                Eq(v_of_t.diff(time), self.ode.rhs.xreplace(velocity)))


def phase_space(ode: ODE) -> PhaseSystem:
    r"""Split an ODE of order 1 or 2 into friction, gradient correction and force.

    Parameters
    ----------
    ode : ODE
        Solved for its highest derivative, e.g. the result of
        :func:`symflow.limit.continuous_limit`.

    Returns
    -------
    PhaseSystem

    Raises
    ------
    UnsupportedError
        For an order above 2, or a term an Euler scheme does not define
        (a third derivative of f, a Hessian at a point other than X or in a
        direction other than the velocity, an unknown vector).

    Examples
    --------
    >>> from symflow.core import ODE, X, t, grad
    >>> phase_space(ODE(-grad(X(t)), 1)).force
    -NablaF(X(t))
    """
    if ode.order not in (1, 2):
        raise UnsupportedError(
            f"an Euler scheme needs an ODE of order 1 or 2, not order {ode.order}; "
            "write it as a system first")
    time = ode.time
    position = ode.trajectory(time)
    velocity = position.diff(time)
    friction, correction = Integer(0), Integer(0)
    force: dict = {}
    for atom, coefficient in vector_coefficients(ode.rhs).items():
        if coefficient.has(NablaF) or any(isinstance(a, Derivative) for a in coefficient.atoms(Derivative)):
            raise UnsupportedError(f"the coefficient {coefficient} of {atom} is not a scalar function of t")
        if ode.order == 2 and atom == velocity:
            friction = -coefficient
        elif ode.order == 1 and atom == position:
            friction = -coefficient
        elif isinstance(atom, NablaF) and atom.directions:
            if ode.order == 2 and atom.point == position and atom.directions == (velocity,):
                correction = coefficient
            else:
                raise UnsupportedError(
                    f"the term {atom} is not defined by an Euler scheme of a first-order method: "
                    "only the Hessian action at X along the velocity, Hess f(X) X', becomes a "
                    "difference of gradients")
        elif isinstance(atom, NablaF):
            _check_point(atom.point, ode)
            force[atom] = coefficient
        elif isinstance(atom, Derivative):
            raise UnsupportedError(f"the right-hand side contains {atom}, a derivative of order "
                                   f"{atom.derivative_count} in an ODE of order {ode.order}")
        elif isinstance(atom, AppliedVector) and atom != position:
            raise UnsupportedError(f"unknown trajectory {atom} in the ODE")
        else:
            force[atom] = coefficient
    return PhaseSystem(ode, friction, correction, combine(force))


def _check_point(point: Expr, ode: ODE) -> None:
    """Gradient points may involve X, X' and constant vectors only."""
    allowed = {ode.trajectory(ode.time)}
    if ode.order == 2:
        allowed.add(ode.trajectory(ode.time).diff(ode.time))
    for atom in vector_coefficients(point):
        if isinstance(atom, NablaF) or (isinstance(atom, (AppliedVector, Derivative)) and atom not in allowed):
            raise UnsupportedError(f"the gradient point {point} contains {atom}, which the scheme cannot evaluate")
