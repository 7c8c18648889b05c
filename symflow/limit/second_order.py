r"""The second-order form of a system of ODEs: eliminating the state that is the velocity of the primary one.

When the primary equation of a system reads :math:`\dot X = c\,M` with :math:`c` a nonzero scalar
constant and :math:`M` a state with an equation :math:`\dot M = G(X, M, V, \dots)` of its own, then
:math:`M = \dot X/c` and :math:`\ddot X = c\,G(X, \dot X/c, V, \dots)`: one second-order equation
replaces two first-order ones (the other equations get :math:`M = \dot X/c` too). This is how the
heavy-ball RMSProp system :math:`\dot X = -M`, :math:`\dot M = -aM + \nabla f(X)/(\sqrt V + \varepsilon)`
becomes :math:`\ddot X + a\dot X + \nabla f(X)/(\sqrt V + \varepsilon) = 0` (derived here).

Examples
--------
>>> from sympy import Derivative, Eq
>>> from symflow.core import X, t, grad, text
>>> from symflow.core.ode_system import ODESystem
>>> M = state_function("m")(t)
>>> sysm = ODESystem((Eq(Derivative(X(t), t), -M), Eq(Derivative(M, t), -3 * M + grad(X(t)))))
>>> print(text(second_order_form(sysm).equations[0]))
Ẍ = - 3 Ẋ - ∇f(X)
"""
from __future__ import annotations

from sympy import Derivative, Eq

from ..core.errors import UnsupportedError
from ..core.ode_system import ODESystem
from ..core.vectors import vector_coefficients
from .system import state_function, substitute_states

__all__ = ["second_order_form"]


def second_order_form(system: ODESystem, primary: str = "X") -> ODESystem:
    r"""Eliminate the velocity state :math:`M` of :math:`\dot X = cM`: :math:`\ddot X = c\,\dot M|_{M = \dot X/c}`.

    Parameters
    ----------
    system : ODESystem
        First-order equations, the primary one :math:`\dot X = c\,M`.
    primary : str
        The name of the primary state.

    Raises
    ------
    UnsupportedError
        If the primary equation is not a constant multiple of one other state that has an equation
        of its own (then there is nothing to eliminate).
    """
    X = state_function(primary)(system.time)
    first = Derivative(X, system.time)
    rhs = system.rhs(primary)
    coefficients = vector_coefficients(rhs)
    velocity_names = [name for name in system.states if name != primary]
    if len(coefficients) != 1:
        raise UnsupportedError(f"the equation of {primary} is not a multiple of one state: {primary}' = {rhs}")
    ((atom, c),) = coefficients.items()
    name = getattr(getattr(atom, "func", None), "__name__", None)
    if name not in velocity_names or atom != state_function(name)(system.time) or c.has(system.time):
        raise UnsupportedError(f"the equation of {primary} is not a constant multiple of another state: "
                               f"{primary}' = {rhs}")
    if not any(eq.lhs.expr == atom for eq in system.equations):
        raise UnsupportedError(f"the state {name} has no equation of its own to eliminate it with")
    M = atom
    replace = {M: first / c}
    second = substitute_states(c * system.rhs(name), replace)
    equations = [Eq(Derivative(X, (system.time, 2)), second)]
    for eq in system.equations:
        if eq.lhs.expr in (X, M):
            continue
        equations.append(Eq(eq.lhs, substitute_states(eq.rhs, replace)))
    relations = tuple(Eq(eq.lhs, substitute_states(eq.rhs, replace)) for eq in system.relations)
    initial = tuple(Eq(Derivative(X, system.time).subs(system.time, 0), c * eq.rhs)
                    if eq.lhs == M.subs(system.time, 0) else eq for eq in system.initial_conditions)
    return ODESystem(tuple(equations), relations, initial_conditions=initial, parameters=system.parameters,
                     name=system.name, time=system.time)
