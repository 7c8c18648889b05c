r"""The slowest exact mode on a quadratic: an upper bound on the rate of every energy of a family.

On :math:`f(x) = \tfrac\mu2\|x - x^\star\|^2`, which lies in every class of :math:`\mu`-strongly convex
functions (smooth or not, twice differentiable), an autonomous ODE of the catalogue becomes linear with
constant coefficients, and :math:`X(t) = x^\star + e^{-\sigma t}x_0` solves it exactly whenever
:math:`\sigma` is a root of its characteristic polynomial :math:`p(\sigma)`. Along such a mode every
quantity of the Gram coordinates (:math:`X - x^\star`, :math:`\dot X`, :math:`\nabla f(X)`,
:math:`\nabla^2 f(X)\dot X`, :math:`f - f^\star`) is :math:`e^{-\sigma t}` (or :math:`e^{-2\sigma t}`) times a
constant, so every energy :math:`E` of a family quadratic in them decays exactly as
:math:`E(t) = E(0)e^{-2\sigma t}`, and

.. math:: \dot E + \rho E = (\rho - 2\sigma)E

along it. For :math:`\rho > 2\sigma` this is positive for every member with :math:`E(0) > 0`: no such
member certifies a rate above :math:`2\sigma`, for every value of the parameters (derived here; the
argument is the one behind lower bounds on quadratics). :func:`slow_mode` finds the real positive root
:math:`\sigma` that is smallest for all parameters, checks the mode exactly (the ODE's residual and the
identity :math:`\dot E = -2\sigma E` along it, for the whole family), and returns :math:`2\sigma`.

Examples
--------
>>> from sympy import sqrt, symbols
>>> from symflow.core import ODE, X, t, x_star, grad, norm2, mu
>>> from symflow.lyapunov import f_gap, strongly_convex
>>> a = symbols("a", real=True)
>>> V = X(t).diff(t)
>>> mode = slow_mode(f_gap() + a * norm2(X(t) - x_star), ODE(-2 * sqrt(mu) * V - grad(X(t)), 2),
...                  strongly_convex())
>>> mode.sigma, mode.rate_bound
(sqrt(mu), 2*sqrt(mu))
>>> mode.energy_at_start
a + mu/2
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Derivative, Dummy, Expr, Poly, S, Symbol, cancel, collect, exp, expand, factor, roots

from ..core.model import ODE
from ..core.printing import text
from ..core.symbols import x_star
from ..core.vectors import FValue, Inner, NablaF, vector_coefficients
from .derivative import derivative_along
from .function_classes import FunctionClass

__all__ = ["SlowMode", "slow_mode"]


@dataclass(frozen=True)
class SlowMode:
    r"""An exact solution :math:`X(t) = x^\star + e^{-\sigma t}x_0` on :math:`f = \tfrac\mu2\|x - x^\star\|^2`.

    Attributes
    ----------
    sigma : Expr
        The decay of :math:`X - x^\star`: the smallest real root of the characteristic polynomial.
    characteristic : Expr
        :math:`p(\sigma)`, whose roots give the modes.
    roots : tuple
        Every root of :math:`p` (the modes; complex ones are listed, not used).
    rate_bound : Expr
        :math:`2\sigma`: no member positive on the mode certifies a larger rate.
    energy_at_start : Expr
        :math:`E(0)` of the family on the mode with :math:`x_0` a unit vector, affine in the unknowns.
    modulus : Expr
        :math:`\mu` of the quadratic.
    """

    sigma: Expr
    characteristic: Expr
    roots: tuple
    rate_bound: Expr
    energy_at_start: Expr
    modulus: Expr

    def positive_on(self, values: dict) -> bool:
        r"""Whether the member at ``values`` of the unknowns is positive on the mode, for all parameters (exact)."""
        return factor(cancel(self.energy_at_start.xreplace(values))).is_positive is True

    def describe(self) -> str:
        """One sentence for documents."""
        mu = self.modulus
        return (f"on f = {text(mu)}‖x - x*‖²/2, which is in the class, X(t) = x* + e^(-{text(self.sigma)} t) x0 "
                f"solves the ODE exactly ({text(self.sigma)} is the smallest root of the characteristic "
                f"polynomial {text(self.characteristic)}); along it every energy of the family is "
                f"E(0) e^(-{text(self.rate_bound)} t), so dE/dt + rho E = (rho - {text(self.rate_bound)}) E > 0 "
                f"for every rho > {text(self.rate_bound)} and every member with E(0) = "
                f"{text(self.energy_at_start)} > 0, for all values of the parameters (exact)")


def _vector(expr: Expr, table: dict, mu: Expr) -> Expr:
    """A vector expression on the mode, in one dimension: ∇f(P) = mu (P - x*), ∇²f(P)[d] = mu d."""
    total = S.Zero
    for atom, coefficient in vector_coefficients(expr).items():
        if atom in table:
            value = table[atom]
        elif isinstance(atom, NablaF):
            if len(atom.directions) > 1:
                return None
            if atom.directions:
                value = mu * _vector(atom.directions[0], table, mu)
            else:
                value = mu * _vector(atom.point, table, mu)
        else:
            return None
        total += coefficient * value
    return total


def _scalar(expr: Expr, table: dict, mu: Expr) -> Expr | None:
    """A Gram-coordinate scalar on the mode (None when an atom has no value there)."""
    expr = S(expr)
    replace = {}
    for atom in expr.atoms(Inner, FValue):
        if isinstance(atom, Inner):
            u, v = (_vector(a, table, mu) for a in atom.args)
            if u is None or v is None:
                return None
            replace[atom] = u * v
        else:
            where = _vector(atom.args[0], table, mu)
            if where is None:
                return None
            replace[atom] = mu * where ** 2 / 2
    return expr.xreplace(replace)


def slow_mode(family: Expr, ode: ODE, function_class: FunctionClass) -> SlowMode | None:
    r"""The slowest exact mode of ``ode`` on :math:`\tfrac\mu2\|x - x^\star\|^2` and the rate bound :math:`2\sigma`.

    Returns None when the class has no positive modulus :math:`\mu`, when the ODE is not autonomous, when
    no real root of the characteristic polynomial is positive and smallest for all parameters (e.g. an
    oscillating mode), or when an atom of the family has no value on the mode.

    Examples
    --------
    >>> from symflow.core import ODE, X, t, x_star, grad, norm2, mu
    >>> from symflow.lyapunov import f_gap, strongly_convex, convex
    >>> slow_mode(f_gap(), ODE(-grad(X(t)), 1), strongly_convex()).rate_bound
    2*mu
    >>> slow_mode(f_gap(), ODE(-grad(X(t)), 1), convex()) is None
    True
    """
    mu = S(function_class.mu)
    if mu.is_positive is not True:
        return None
    time = ode.time
    sigma = Dummy("sigma")
    position = ode.trajectory(time)
    table = {x_star: S.Zero}
    for n in range(ode.order + 1):
        table[position if n == 0 else Derivative(position, (time, n))] = (-sigma) ** n * exp(-sigma * time)
    rhs = _vector(ode.rhs, table, mu)
    if rhs is None:
        return None
    residual = cancel(expand((table[Derivative(position, (time, ode.order))] - rhs) * exp(sigma * time)))
    if residual.has(time):
        return None
    characteristic = Poly(residual, sigma)
    found = roots(characteristic)
    if sum(found.values()) != characteristic.degree():
        return None
    real = [r for r in found if r.is_positive is True]
    if not real:
        return None
    smallest = [r for r in real if all(r == q or (q - r).is_nonnegative is True for q in real)]
    if not smallest:
        return None
    root = smallest[0]
    on_mode = {k: v.subs(sigma, root) for k, v in table.items()}
    energy = _scalar(family, on_mode, mu)
    derivative = _scalar(derivative_along(family, ode), on_mode, mu)
    if energy is None or derivative is None or cancel(expand(derivative + 2 * root * energy)) != 0:
        return None
    start = cancel(expand(energy.subs(time, 0)))
    shown = collect(expand(characteristic.as_expr()), sigma).subs(sigma, Symbol("sigma"))
    return SlowMode(root, shown, tuple(found), 2 * root, start, mu)
