r"""Euler–Lagrange equations of Lagrangians :math:`L(X, \dot X, t)` in :math:`\mathbb{R}^d`, dimension-free.

A Lagrangian is a Gram scalar (see :mod:`symflow.lagrangian.calculus`) in the position
:math:`X(t)`, the velocity :math:`\dot X(t)` and the time: norms and inner
products (:func:`~symflow.core.norm2`), :math:`f(X)` (:class:`~symflow.core.FValue`),
values of a distance-generating :math:`h` (:mod:`symflow.lagrangian.mirror`). The
gradients :math:`\partial L/\partial\dot X` and :math:`\partial L/\partial X`
are read off the first variation, :math:`\tfrac{d}{dt}\partial L/\partial \dot X`
is taken with the chain rule of the vector algebra, and the Euler–Lagrange
equation :math:`\tfrac{d}{dt}\partial L/\partial \dot X - \partial L/\partial X = 0`
is solved for :math:`\ddot X`: directly when :math:`\ddot X` comes with a
scalar factor, through :math:`[\nabla^2 h(P)]^{-1}` when it comes as
:math:`\nabla^2 h(P)\ddot X`. SymPy's scalar ``euler_equations`` is used only as
the second route, component-wise in :math:`d = 2` (:func:`symflow.catalogue.checks.planar.coordinate_check`).

Examples
--------
>>> from symflow.core import X, t, r, grad
>>> el = euler_lagrange(damped_lagrangian(t**r))
>>> el.ode.matches(X(t).diff(t, 2) + r / t * X(t).diff(t) + grad(X(t)))
True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sympy import Add, Derivative, Eq, Expr, Integer, S, Symbol, SympifyError, sympify
from sympy.core.function import AppliedUndef

from ..core.derivation import Derivation, Step
from ..core.errors import (
    DegenerateLagrangianError,
    LagrangianError,
    NonInvertibleHessianError,
)
from ..core.model import ODE
from ..core.normal import is_zero_scalar
from ..core.printing import latex, text
from ..core.symbols import AppliedVector, X, t
from ..core.vectors import (
    FValue,
    NablaF,
    VectorAtom,
    combine,
    is_vector_atom,
    norm2,
    time_derivative,
    vector_coefficients,
)
from .calculus import free_vector_atoms, gradient, gram_atoms, tidy_vector
from .mirror import InverseHessianH, NablaH

__all__ = ["Notation", "Lagrangian", "EulerLagrange", "euler_lagrange", "as_expression", "check_weight",
           "damped_lagrangian"]


class Notation(Symbol):
    r"""A symbol shown as a formula: ``Notation("dL/dV", r"\frac{\partial L}{\partial \dot X}")``.

    Examples
    --------
    >>> from symflow.core import latex
    >>> latex(Notation("L", "L") + 1)
    'L + 1'
    """

    def __new__(cls, text: str, latex: str, **assumptions):
        obj = Symbol.__new__(cls, text, **assumptions)
        obj._latex_form = latex
        return obj

    def _latex(self, printer):
        return self._latex_form

    def _sympystr(self, printer):
        return self.name


_L = Notation("L", "L")
_P = Notation("∂L/∂Ẋ", r"\frac{\partial L}{\partial \dot X}")
_F = Notation("∂L/∂X", r"\frac{\partial L}{\partial X}")
_DP = Notation("d/dt ∂L/∂Ẋ", r"\frac{d}{dt}\frac{\partial L}{\partial \dot X}")


@dataclass(frozen=True)
class Lagrangian:
    r"""A Lagrangian :math:`L(X, \dot X, t)`: a Gram scalar in :math:`X(t)`, :math:`\dot X(t)` and :math:`t`.

    Raises
    ------
    LagrangianError
        If the expression is not a scalar, or contains :math:`\ddot X` or another trajectory.

    Examples
    --------
    >>> from symflow.core import Inner
    >>> V = X(t).diff(t)
    >>> Lagrangian(Inner(V, V) / 2).velocity
    Derivative(X(t), t)
    """

    expression: Expr
    name: str = ""
    trajectory: Any = X
    time: Symbol = t

    def __post_init__(self):
        expr = self.expression
        if not isinstance(expr, Expr):
            raise LagrangianError(f"a Lagrangian must be a SymPy expression, not {expr!r}")
        stray = free_vector_atoms(expr)
        if stray:
            raise LagrangianError(
                f"the Lagrangian {expr} is not a scalar: the vector(s) "
                f"{', '.join(sorted(map(str, stray)))} occur outside inner products, norms and "
                "function values (write norm2(V) for |V|^2)")
        allowed = {self.position, self.velocity}
        for atom in _all_vector_atoms(expr):
            if isinstance(atom, AppliedVector) and atom != self.position:
                raise LagrangianError(f"the Lagrangian may only involve {self.position}, not {atom}")
            if isinstance(atom, Derivative) and atom not in allowed:
                raise LagrangianError(
                    f"the Lagrangian may depend on the position and the velocity only, not on {atom}")

    @property
    def position(self) -> Expr:
        """:math:`X(t)`."""
        return self.trajectory(self.time)

    @property
    def velocity(self) -> Expr:
        r""":math:`\dot X(t)`, the slot :math:`V` of :math:`L(X, V, t)`."""
        return Derivative(self.position, self.time)

    @property
    def acceleration(self) -> Expr:
        r""":math:`\ddot X(t)`."""
        return Derivative(self.position, (self.time, 2))

    @property
    def display(self) -> Eq:
        """The equation ``L = ...`` for documents."""
        return Eq(_L, self.expression)


def _all_vector_atoms(expr) -> set:
    found = set()

    def walk(e):
        if is_vector_atom(e) and not isinstance(e, (NablaF, VectorAtom)):
            found.add(e)
        for a in e.args:
            walk(a)

    walk(S(expr))
    return found


@dataclass(frozen=True)
class EulerLagrange:
    r"""The Euler–Lagrange equation of a Lagrangian, with how it was derived.

    Examples
    --------
    >>> el = euler_lagrange(damped_lagrangian(t**2))
    >>> el.momentum, el.force
    (t**2*Derivative(X(t), t), -t**2*NablaF(X(t)))

    Attributes
    ----------
    lagrangian : Lagrangian
    momentum : Expr
        :math:`\partial L/\partial \dot X` (a vector expression).
    force : Expr
        :math:`\partial L/\partial X`.
    residual : Expr
        :math:`\tfrac{d}{dt}\partial L/\partial \dot X - \partial L/\partial X` (zero on solutions).
    ode : ODE
        The equation solved for :math:`\ddot X`.
    steps : tuple of Step
    """

    lagrangian: Lagrangian
    momentum: Expr
    force: Expr
    residual: Expr
    ode: ODE
    steps: tuple

    @property
    def derivation(self) -> Derivation:
        """The result as a :class:`~symflow.core.Derivation`."""
        return Derivation(self.lagrangian.name or "euler-lagrange", self.steps, self.ode)



def euler_lagrange(lagrangian, *, name: str = "") -> EulerLagrange:
    r"""The Euler–Lagrange equation :math:`\tfrac{d}{dt}\partial L/\partial\dot X = \partial L/\partial X`, solved for :math:`\ddot X`.

    Parameters
    ----------
    lagrangian : Lagrangian or Expr
        An expression is read as a Lagrangian in :math:`X(t)`, :math:`\dot X(t)`, :math:`t`.
    name : str
        A label for the ODE.

    Raises
    ------
    DegenerateLagrangianError
        If :math:`L` does not depend on the velocity, or the equation has no :math:`\ddot X`.
    NonInvertibleHessianError
        If :math:`\ddot X` comes with an operator the engine cannot invert.

    Examples
    --------
    >>> from symflow.core import c
    >>> from sympy import exp
    >>> euler_lagrange(damped_lagrangian(exp(c * t))).ode.rhs
    -c*Derivative(X(t), t) - NablaF(X(t))
    """
    if not isinstance(lagrangian, Lagrangian):
        lagrangian = Lagrangian(as_expression(lagrangian, "the Lagrangian"), name=name)
    L, time = lagrangian.expression, lagrangian.time
    V, A = lagrangian.velocity, lagrangian.acceleration
    momentum = tidy_vector(gradient(L, V))
    if momentum == 0:
        raise DegenerateLagrangianError(
            f"the Lagrangian {L} does not depend on the velocity {V}: its Legendre transform is "
            "degenerate and the Euler-Lagrange equation has no second derivative")
    force = tidy_vector(gradient(L, lagrangian.position))
    rate = tidy_vector(time_derivative(momentum, time))
    residual = tidy_vector(rate - force)
    rhs, how = _solve_for_acceleration(residual, A, L)
    ode = ODE(rhs, 2, parameters=tuple(sorted(_parameters(L, time), key=str)),
              name=name or lagrangian.name, trajectory=lagrangian.trajectory, time=time)
    steps = (
        Step("Lagrangian", r"$L(X, V, t)$ with $V = \dot X$, a scalar in Gram coordinates (no dimension is chosen).",
             (lagrangian.display,)),
        Step("first variation",
             "The gradients in the velocity and position slots, read off "
             r"$\frac{d}{d\varepsilon} L(X + \varepsilon\delta, V, t) = \langle\delta, \partial L/\partial X\rangle$ and "
             r"$\frac{d}{d\varepsilon} L(X, V + \varepsilon\delta, t) = \langle\delta, \partial L/\partial V\rangle$ "
             "(the derivative tensors of f and h are symmetric).",
             (Eq(_P, momentum), Eq(_F, force))),
        Step("time derivative", "Differentiate the momentum along the trajectory (chain rule).",
             (Eq(_DP, rate),)),
        Step("Euler–Lagrange equation", r"$\frac{d}{dt}\frac{\partial L}{\partial \dot X} - \frac{\partial L}{\partial X} = 0$:", (Eq(residual, 0),)),
        Step("solve for the acceleration", how, (ode.equation,)),
    )
    return EulerLagrange(lagrangian, momentum, force, residual, ode, steps)


def _parameters(expr, time) -> set:
    return {x for x in S(expr).free_symbols if x != time and not x.name.startswith("delta_")}


def _solve_for_acceleration(residual: Expr, A: Expr, L: Expr) -> tuple:
    coefficients = vector_coefficients(residual)
    plain = coefficients.pop(A, Integer(0))
    hessian_terms = {atom: c for atom, c in coefficients.items()
                     if isinstance(atom, NablaH) and atom.directions == (A,)}
    others = [atom for atom in coefficients if atom not in hessian_terms and atom.has(A)]
    tangled = [atom for atom, c in coefficients.items() if c.has(A)] + ([A] if plain.has(A) else [])
    if tangled:
        raise NonInvertibleHessianError(
            f"in the Euler-Lagrange equation of {L} the acceleration also enters through inner "
            f"products (in the coefficients of {', '.join(map(str, tangled))}): the operator in "
            "front of X'' is not a multiple of the identity or of one Hessian of h, and symflow "
            "cannot invert it")
    if others:
        raise NonInvertibleHessianError(
            f"the Euler-Lagrange equation of {L} involves the acceleration through "
            f"{', '.join(map(str, others))}, which symflow cannot invert")
    rest = combine({a: c for a, c in coefficients.items() if a not in hessian_terms})
    if not hessian_terms:
        if is_zero_scalar(plain):
            raise DegenerateLagrangianError(
                f"the Euler-Lagrange equation of {L} contains no acceleration: L is at most "
                "linear in the velocity (degenerate Legendre transform)")
        return tidy_vector(-rest / plain), r"Divide by the coefficient of $\ddot X$."
    if plain != 0 or len(hessian_terms) > 1:
        shown = text(Add(*[c * a for a, c in hessian_terms.items()]) + plain * A)
        raise NonInvertibleHessianError(
            f"in the Euler-Lagrange equation of {L} the acceleration enters as {shown}: symflow "
            "can invert one Hessian of h, but cannot invert this sum of operators")
    ((atom, lead),) = hessian_terms.items()
    solved = InverseHessianH(atom.point, -rest / lead).expanded()
    return tidy_vector(solved), (r"The acceleration enters as $\nabla^2 h(P)\ddot X$ with $P = "
                           + latex(atom.point) + r"$: apply $[\nabla^2 h(P)]^{-1}$ (h is strictly convex).")


def as_expression(value, what: str) -> Expr:
    """A SymPy expression from ``value``; text is refused (parse it first, never ``sympify``).

    Examples
    --------
    >>> as_expression(2, "the weight")
    2
    """
    if isinstance(value, str):
        raise LagrangianError(
            f"{what} must be a SymPy expression, not the text {value!r} (symflow does not evaluate text)")
    try:
        return sympify(value, strict=True)
    except SympifyError:
        raise LagrangianError(f"{what} must be a SymPy expression, not {value!r}") from None


def check_weight(weight, *, time=t) -> Expr:
    r"""Validate a damping weight :math:`a(t)`: a nonzero scalar function of time alone.

    Raises
    ------
    LagrangianError
        If the weight involves the trajectory, :math:`f`, a vector, or a function of another variable.

    Examples
    --------
    >>> check_weight(t**2)
    t**2
    """
    weight = as_expression(weight, "the weight")
    if not isinstance(weight, Expr):
        raise LagrangianError(f"the weight {weight!r} is not a scalar expression")
    if gram_atoms(weight) or free_vector_atoms(weight) or _all_vector_atoms(weight) \
            or weight.has(NablaF, FValue):
        raise LagrangianError(
            f"the weight {weight} is not a function of t alone: it involves the trajectory, "
            "f or a vector")
    for application in weight.atoms(AppliedUndef):
        if not all(a.has(time) for a in application.args):
            raise LagrangianError(
                f"the weight {weight} is not a function of {time} alone: it contains {application}")
    if is_zero_scalar(weight):
        raise LagrangianError("the weight is zero: the Lagrangian vanishes identically")
    return weight


def damped_lagrangian(weight, *, time=t, name: str = "", trajectory=X) -> Lagrangian:
    r"""The damped Lagrangian :math:`a(t)\big(\tfrac12\|\dot X\|^2 - f(X)\big)` (WWJ §2).

    Its Euler–Lagrange equation is :math:`\ddot X + \tfrac{\dot a}{a}\dot X + \nabla f(X) = 0`.

    Examples
    --------
    >>> damped_lagrangian(t**3).expression
    t**3*(-FValue(X(t)) + Inner(Derivative(X(t), t), Derivative(X(t), t))/2)
    """
    weight = check_weight(weight, time=time)
    V = Derivative(trajectory(time), time)
    return Lagrangian(weight * (norm2(V) / 2 - FValue(trajectory(time))), name=name, time=time,
                      trajectory=trajectory)
