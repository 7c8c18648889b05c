r"""A system of first-order vector ODEs: :class:`ODESystem`, the limit of a method with state sequences.

Each state :math:`S_j(t)` (the primary :math:`X`, then :math:`M`, :math:`V`, ...) has one equation
:math:`\dot S_j = F_j(t, S)`, or is fixed by an algebraic relation :math:`S_j = G_j(t, X)` when a
fast variable tracks its target (kept in ``relations``).

Examples
--------
>>> from sympy import Eq, Derivative
>>> from symflow.core import X, t, grad, text
>>> sysm = ODESystem((Eq(Derivative(X(t), t), -grad(X(t))),))
>>> text(sysm.display)
'(Ẋ,) = (- ∇f(X),)'
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Derivative, Eq, Expr, Tuple

from .errors import MethodError
from .normal import same_vector
from .symbols import AppliedVector, t

__all__ = ["ODESystem"]


@dataclass(frozen=True)
class ODESystem:
    r"""Vector ODEs :math:`\dot S_j = F_j`, one per state, and algebraic relations :math:`S_j = G_j`.

    Parameters
    ----------
    equations : tuple of Eq
        ``Eq(Derivative(S(t), t), F)`` (or a higher derivative), primary state first.
    relations : tuple of Eq
        ``Eq(S(t), G)`` for states slaved to the others.
    initial_conditions : tuple of Eq
    parameters : tuple of Symbol
    name : str

    Raises
    ------
    MethodError
        If an equation is not solved for a derivative of a state, or a state has two equations.
    """

    equations: tuple
    relations: tuple = ()
    initial_conditions: tuple = ()
    parameters: tuple = ()
    name: str = ""
    time: Expr = t

    def __post_init__(self):
        for name in ("equations", "relations", "initial_conditions", "parameters"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        seen = []
        for eq in self.equations:
            lhs = eq.lhs
            if not (isinstance(lhs, Derivative) and isinstance(lhs.expr, AppliedVector)):
                raise MethodError(f"an equation of a system must be solved for a derivative of a state, not {lhs}")
            seen.append(lhs.expr.func.__name__)
        for eq in self.relations:
            if not isinstance(eq.lhs, AppliedVector):
                raise MethodError(f"a relation of a system must give a state, not {eq.lhs}")
            seen.append(eq.lhs.func.__name__)
        if len(set(seen)) != len(seen):
            raise MethodError(f"a state of the system has two equations ({', '.join(seen)})")

    @property
    def states(self) -> tuple:
        """The names of the states, in order (equations, then relations)."""
        return tuple(eq.lhs.expr.func.__name__ for eq in self.equations) + \
            tuple(eq.lhs.func.__name__ for eq in self.relations)

    def rhs(self, name: str) -> Expr:
        """The right side of the equation (or relation) of the state ``name``."""
        for eq in self.equations:
            if eq.lhs.expr.func.__name__ == name:
                return eq.rhs
        for eq in self.relations:
            if eq.lhs.func.__name__ == name:
                return eq.rhs
        raise MethodError(f"the system has no state {name!r} (states: {', '.join(self.states)})")

    @property
    def display(self) -> Eq:
        """The system as one equation between tuples, for documents."""
        rows = self.equations + self.relations
        return Eq(Tuple(*[eq.lhs for eq in rows]), Tuple(*[eq.rhs for eq in rows]), evaluate=False)

    def matches(self, expected: dict) -> bool:
        r"""Whether every state's right side equals ``expected[name]`` (normal forms compared).

        Examples
        --------
        >>> from symflow.core import X, t, grad
        >>> ODESystem((Eq(Derivative(X(t), t), -grad(X(t))),)).matches({"X": -grad(X(t))})
        True
        """
        if set(expected) != set(self.states):
            return False
        return all(same_vector(self.rhs(name), value) for name, value in expected.items())
