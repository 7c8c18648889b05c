r"""Convergence rates from certificates: :math:`f(X(t)) - f^\star \le E(t_0)e^{-\rho(t - t_0)}/a(t)`.

A proved certificate gives :math:`\dot E \le -\rho E`, so
:math:`E(t) \le E(t_0)e^{-\rho(t-t_0)}`, and the energy bound
:math:`E \ge a(t)(f(X) - f^\star)` turns it into a rate. :math:`E(t_0)` is
evaluated at the ODE's initial conditions (:math:`X(t_0) = x_0`,
:math:`\dot X(t_0) = v_0`).

Examples
--------
>>> from symflow.limit import continuous_limit
>>> from symflow.methods import nesterov
>>> from symflow.core import X, t, x_star, x0, norm2
>>> from symflow.lyapunov import f_gap, convex, certify
>>> from sympy import cancel
>>> ode = continuous_limit(nesterov()).ode
>>> E = t**2 * f_gap() + 2 * norm2(X(t) + t * X(t).diff(t) / 2 - x_star)
>>> bound = rate_bound(certify(E, ode, convex()))
>>> cancel(bound.rhs - 2 * norm2(x0 - x_star) / t**2)
0
"""
from __future__ import annotations

from sympy import Derivative, Eq, Expr, Le, S, Subs, cancel, exp, expand, factor

from ..core.derivation import Status
from ..core.errors import UnsupportedError
from ..core.symbols import x0
from ..core.vectors import vector_coefficients
from .derivative import Gap, display, substitute_vectors

__all__ = ["initial_values", "initial_energy", "rate_bound", "display_bound"]


def initial_energy(energy: Expr, ode) -> Expr:
    r""":math:`E(t_0)` with the ODE's initial conditions substituted.

    Raises
    ------
    UnsupportedError
        When an initial condition of a needed derivative is missing.

    Examples
    --------
    >>> from symflow.core import ODE, X, t, x0, x_star, grad, norm2
    >>> from sympy import Eq
    >>> flow = ODE(-grad(X(t)), 1, initial_conditions=(Eq(X(0), x0),))
    >>> initial_energy(t * norm2(X(t) - x_star), flow)
    0
    """
    time, trajectory, start = ode.time, ode.trajectory(ode.time), ode.start
    values = initial_values(ode)
    derivatives = {d for d in S(energy).atoms(Derivative) if d.expr == trajectory}
    missing = [d for d in derivatives | {trajectory} if d not in values and S(energy).has(d)]
    if missing:
        raise UnsupportedError(f"no initial condition for {missing[0]}")

    def rule(v):
        v = v.xreplace({d: values[d] for d in derivatives if d in values and v.has(d)})
        return v.xreplace({trajectory: values[trajectory]}) if trajectory in values else v

    return cancel(expand(substitute_vectors(energy, rule).subs(time, start)))


def initial_values(ode) -> dict:
    r"""``{X(t): x_0, X'(t): v_0}`` from the ODE's initial conditions, checked.

    Raises
    ------
    UnsupportedError
        When a condition sets a vector to a scalar, is not at :math:`t_0`, sets
        a derivative the ODE itself determines, or contradicts another one.

    Examples
    --------
    >>> from symflow.core import ODE, X, t, x0, x_star, grad
    >>> from sympy import Eq
    >>> initial_values(ODE(-grad(X(t)), 1, initial_conditions=(Eq(X(0), x0),)))
    {X(t): x_0}
    >>> initial_values(ODE(-grad(X(t)), 1, initial_conditions=(Eq(X(0), x0), Eq(X(0), x_star))))
    Traceback (most recent call last):
    ...
    symflow.core.errors.UnsupportedError: contradictory initial conditions: X(0) = x_0 and X(0) = x^star
    """
    time, trajectory, start = ode.time, ode.trajectory(ode.time), ode.start
    values, shown = {}, {}
    for condition in ode.initial_conditions:
        lhs, rhs = condition.lhs, S(condition.rhs)
        if isinstance(lhs, Subs) and lhs.expr.has(trajectory) and tuple(lhs.point) == (start,):
            key = Derivative(trajectory, (time, lhs.expr.derivative_count))
            if lhs.expr.derivative_count >= ode.order:
                raise UnsupportedError(f"the initial condition {lhs} = {rhs} sets a derivative of order "
                                       f"{ode.order} or more, which the ODE itself determines")
        elif lhs == ode.trajectory(start):
            key = trajectory
        else:
            raise UnsupportedError(f"the initial condition {lhs} = {rhs} is not at the start t0 = {start}")
        try:
            vector_coefficients(rhs)
        except UnsupportedError:
            raise UnsupportedError(f"the initial condition {lhs} = {rhs} gives a vector a scalar value") from None
        if key in values and cancel(expand(values[key] - rhs)) != 0:
            raise UnsupportedError(f"contradictory initial conditions: {shown[key]} = {values[key]} and "
                                   f"{lhs} = {rhs}")
        values[key], shown[key] = rhs, lhs
    return values


def rate_bound(certificate) -> Eq:
    r"""The bound :math:`f(X(t)) - f^\star \le E(t_0)e^{-\rho(t - t_0)}/a(t)` as an equation ``Eq(Gap, bound)``.

    Raises
    ------
    UnsupportedError
        When the certificate is not proved. An energy without :math:`f - f^\star` bounds itself:
        :math:`E(t) \le E(t_0)e^{-\rho(t - t_0)}`.
    """
    if certificate.status != Status.PROVED:
        raise UnsupportedError("no rate without a proved certificate")
    weight = certificate.energy_weight
    ode = certificate.ode
    start = initial_energy(certificate.energy, ode)
    decay = exp(-certificate.rate * (ode.time - ode.start)) if certificate.rate != 0 else S.One
    if weight == 0:
        # an energy without f - f*: the bound is on the energy itself, E(t) <= E(t0) e^{-rho (t - t0)}
        return Eq(display(certificate.energy), expand(start * decay))
    bound = expand(start * decay / weight)
    return Eq(Gap(ode.trajectory(ode.time)), bound)


def display_bound(bound: Eq, ode) -> Le:
    r"""The bound written with :math:`x_0 - x^\star` and :math:`f(x_0) - f^\star` (for documents).

    Examples
    --------
    >>> from symflow.core import ODE, X, t, x0, x_star, grad, norm2, text
    >>> print(text(display_bound(Eq(Gap(X(t)), norm2(x0 - x_star) / t), ODE(-grad(X(t)), 1))))
    (f(X) - f⋆) <= ‖x₀ - x⋆‖²/t
    """

    factored = factor(bound.rhs)
    coefficient, rest = factored.as_independent(*[a for a in factored.atoms() if a.has(x0)], as_Add=False)
    return Le(bound.lhs, coefficient * display(rest, point=x0) if rest.has(x0) else bound.rhs)
