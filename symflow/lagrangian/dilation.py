r"""Time dilation of the Bregman Lagrangian (WWJ): all the flows trace one path at different speeds.

Source: Wibisono, Wilson, Jordan (2016), arXiv:1603.04245, §2 ("time dilation").

Claim: for an increasing reparametrisation :math:`\tau(t)`, if :math:`X` solves
the Euler–Lagrange equation of :math:`(\alpha, \beta, \gamma)` then
:math:`Y_t = X_{\tau(t)}` solves the one of

.. math:: \tilde\alpha_t = \alpha_{\tau(t)} + \log\dot\tau(t), \quad
          \tilde\beta_t = \beta_{\tau(t)}, \quad \tilde\gamma_t = \gamma_{\tau(t)},

and ideal scaling is preserved. :func:`time_dilation` *proves* it for a
symbolic :math:`\tau`: it derives both Euler–Lagrange equations with
:func:`~symflow.lagrangian.euler_lagrange`, substitutes :math:`Y = X\circ\tau`
(:math:`\dot Y = \dot\tau\,\dot X(\tau)`,
:math:`\ddot Y = \ddot\tau\,\dot X(\tau) + \dot\tau^2\ddot X(\tau)`), and checks
the identities

.. math:: \mathrm{EL}_Y(t) = \dot\tau\,\mathrm{EL}_X(\tau), \qquad
          \ddot Y - F_Y = \dot\tau^2\big(\ddot X - F_X\big)(\tau), \qquad
          \tilde L\,dt = L\,d\tau,

coefficient by coefficient, with :math:`\tau, \dot\tau > 0, \ddot\tau` as free
symbols. :func:`polynomial_dilation` exhibits :math:`\tau = t^{q/p}` mapping the
:math:`p`-flow onto the :math:`q`-flow.

Examples
--------
>>> proof = time_dilation()
>>> proof.proved
True
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Derivative, Dummy, Eq, Expr, S, log
from sympy.core.function import AppliedUndef, UndefinedFunction

from ..core.derivation import Check, Step
from ..core.errors import LagrangianError, SymflowError, UnsupportedError
from ..core.normal import expand_vector, is_zero_scalar, same_vector
from ..core.symbols import C, X, Y, p, q, t, tau
from .bregman import (
    Scaling,
    ScalingFunction,
    bregman_equation,
    bregman_lagrangian,
    general_scaling,
    ideal_scaling,
    polynomial_scaling,
)
from .calculus import tidy_vector
from .mirror import as_distance
from .euler import Notation, as_expression, euler_lagrange

__all__ = ["reparametrisation", "dilate", "TimeDilation", "time_dilation", "PolynomialDilation",
           "polynomial_dilation"]


#: the reparametrisation tau(t), an undefined increasing function
reparametrisation = UndefinedFunction("tau", bases=(ScalingFunction,))


#: the dilated trajectory Y
_TAU_DOT = Notation("τ̇", r"\dot\tau", positive=True)
_TAU_DDOT = Notation("τ̈", r"\ddot\tau", real=True)


def dilate(scaling: Scaling, tau_of_t: Expr) -> Scaling:
    r"""The scaling :math:`(\alpha\circ\tau + \log\dot\tau, \beta\circ\tau, \gamma\circ\tau)`.

    Raises
    ------
    LagrangianError
        If :math:`\tau` is not a function of :math:`t` (its derivative vanishes).

    Examples
    --------
    >>> from symflow.lagrangian import polynomial_scaling
    >>> dilate(polynomial_scaling(2), t**2).gamma
    2*log(t**2)
    """
    time = scaling.time
    tau_of_t = as_expression(tau_of_t, "the reparametrisation")
    rate = tau_of_t.diff(time)
    if rate == 0:
        raise LagrangianError(f"the reparametrisation tau = {tau_of_t} does not depend on {time}")
    compose = {time: tau_of_t}
    return Scaling(scaling.alpha.subs(compose) + log(rate), scaling.beta.subs(compose),
                   scaling.gamma.subs(compose), name=f"{scaling.name} dilated", time=time)


def _tilde(scaling: Scaling, show) -> tuple:
    names = (("α̃_t", r"\tilde\alpha_t", scaling.alpha), ("β̃_t", r"\tilde\beta_t", scaling.beta),
             ("γ̃_t", r"\tilde\gamma_t", scaling.gamma))
    return tuple(Eq(Notation(a, b), show(v)) for a, b, v in names)


class _Substitution:
    r"""Evaluate X-side expressions at :math:`\tau` and put :math:`Y = X\circ\tau` in Y-side ones.

    For an undefined :math:`\tau(t)`, :math:`\tau, \dot\tau, \ddot\tau` become free symbols;
    for a concrete :math:`\tau(t)` everything is written in :math:`t`, with the
    trajectory atoms :math:`X(\tau), \dot X(\tau), \ddot X(\tau)` kept.
    """

    def __init__(self, tau_of_t: Expr, time):
        self.tau_of_t, self.time = tau_of_t, time
        self.symbolic = isinstance(tau_of_t, AppliedUndef)
        self.rate = tau_of_t.diff(time)
        self.curvature = tau_of_t.diff(time, 2)
        position = X(tau)
        self.atoms = (position, Derivative(position, tau), Derivative(position, (tau, 2)))

    @property
    def dot(self) -> Expr:
        r""":math:`\dot\tau` (a symbol when :math:`\tau` is undefined)."""
        return _TAU_DOT if self.symbolic else self.rate

    def at_tau(self, expr: Expr) -> Expr:
        """An X-side expression at time t, evaluated at the dilated time."""
        expr = S(expr).subs(self.time, tau)
        if not self.symbolic:
            frozen = {a: Dummy() for a in self.atoms}
            expr = expr.xreplace(frozen).subs(tau, self.tau_of_t)
            expr = expr.xreplace({d: a for a, d in frozen.items()})
        return expand_vector(expr)

    def on_shell(self, expr: Expr) -> Expr:
        r"""Put :math:`Y = X\circ\tau` in a Y-side expression."""
        position, velocity, acceleration = self.atoms
        time = self.time
        chain = {Derivative(Y(time), (time, 2)): self.curvature * velocity + self.rate ** 2 * acceleration,
                 Derivative(Y(time), time): self.rate * velocity, Y(time): position}
        expr = S(expr).xreplace(chain)
        if self.symbolic:
            expr = expr.xreplace({self.curvature: _TAU_DDOT, self.rate: _TAU_DOT})
            expr = expr.xreplace({self.tau_of_t: tau})
        return expand_vector(expr)


@dataclass(frozen=True)
class TimeDilation:
    r"""The time-dilation theorem, proved for one scaling and one reparametrisation.

    Attributes
    ----------
    scaling, dilated : Scaling
    tau : Expr
        :math:`\tau(t)`.
    checks : tuple of Check
        The identities of the module docstring and the preserved ideal-scaling slacks.
    steps : tuple of Step
    """

    scaling: Scaling
    dilated: Scaling
    tau: Expr
    checks: tuple
    steps: tuple

    @property
    def proved(self) -> bool:
        """Whether every identity was verified exactly."""
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def display(self) -> Eq:
        """The statement proved, for documents."""
        return Eq(Notation("EL_Y(t)", r"\mathrm{EL}_{Y}(t)"),
                  _TAU_DOT * Notation("EL_X(τ)", r"\mathrm{EL}_{X}(\tau)"))


def time_dilation(scaling: Scaling | None = None, tau_of_t=None, *, h="abstract") -> TimeDilation:
    r"""Prove the time-dilation theorem for ``scaling`` (default: general) and :math:`\tau` (default: symbolic).

    Examples
    --------
    >>> from symflow.lagrangian import exponential_scaling
    >>> time_dilation(exponential_scaling(), t**2, h="euclidean").proved
    True
    """
    scaling = general_scaling() if scaling is None else scaling
    time = scaling.time
    tau_of_t = reparametrisation(time) if tau_of_t is None else as_expression(tau_of_t, "the reparametrisation")
    h = as_distance(h)
    dilated = dilate(scaling, tau_of_t)
    def show(expr):
        if not isinstance(tau_of_t, AppliedUndef):
            return expr
        return expr.xreplace({tau_of_t.diff(time, 2): _TAU_DDOT, tau_of_t.diff(time): _TAU_DOT})

    steps = [Step("dilated scaling", r"$\tilde\alpha = \alpha\circ\tau + \log\dot\tau$, $\tilde\beta = \beta\circ\tau$, $\tilde\gamma = \gamma\circ\tau$:", _tilde(dilated, show))]

    if isinstance(tau_of_t, AppliedUndef) is False and any(
            isinstance(a, AppliedUndef) for n in ("alpha", "beta", "gamma")
            for a in getattr(scaling, n).atoms(AppliedUndef)):
        raise UnsupportedError("with undefined scaling functions, take tau undefined too "
                               "(the theorem for a symbolic tau covers every concrete one)")
    sub = _Substitution(tau_of_t, time)
    dot = sub.dot
    original_L = bregman_lagrangian(scaling, h=h).expression
    dilated_L = bregman_lagrangian(dilated, h=h, trajectory=Y).expression
    action = is_zero_scalar(sub.on_shell(dilated_L) - dot * sub.at_tau(original_L))
    steps.append(Step("action", r"With $Y = X\circ\tau$ the Lagrangians satisfy "
                      r"$\tilde L(Y, \dot Y, t) = \dot\tau L(X, X'(\tau), \tau)$, so $\tilde L\,dt = L\,d\tau$:", (Eq(Notation("L̃", r"\tilde L"), show(dilated_L)),)))

    el_x = euler_lagrange(bregman_lagrangian(scaling, h=h))
    el_y = euler_lagrange(bregman_lagrangian(dilated, h=h, trajectory=Y))
    steps.append(Step("Euler–Lagrange equation of the dilated Lagrangian", "Derived for Y:",
                      (Eq(show(el_y.residual), 0),)))
    residual_y, residual_x = sub.on_shell(el_y.residual), sub.at_tau(el_x.residual)
    same_residual = same_vector(residual_y, dot * residual_x)
    same_ode = same_vector(sub.on_shell(el_y.ode.residual), dot ** 2 * sub.at_tau(el_x.ode.residual))
    steps.append(Step(
        "substitute the dilated trajectory",
        r"$\dot Y = \dot\tau X'(\tau)$, $\ddot Y = \ddot\tau X'(\tau) + \dot\tau^2 X''(\tau)$; the "
        r"residual of the equation of $Y$ becomes $\dot\tau$ times the residual of the equation of $X$ "
        r"at $\tau$ ($\dot\tau > 0$), so $Y$ solves its equation exactly when $X$ does:",
        (Eq(tidy_vector(residual_y), dot * tidy_vector(residual_x), evaluate=False),)))

    ideal_x, ideal_y = ideal_scaling(scaling), ideal_scaling(dilated)
    slacks = [(sub.on_shell(getattr(ideal_y, n).slack), dot * sub.at_tau(getattr(ideal_x, n).slack))
              for n in ("gamma", "beta")]
    preserved = all(is_zero_scalar(a - b) for a, b in slacks)
    steps.append(Step(
        "ideal scaling is preserved",
        r"The slacks scale by $\dot\tau > 0$: $\dot{\tilde\gamma} - e^{\tilde\alpha} = "
        r"\dot\tau(\dot\gamma - e^{\alpha})(\tau)$ and $e^{\tilde\alpha} - \dot{\tilde\beta} = "
        r"\dot\tau(e^{\alpha} - \dot\beta)(\tau)$.",
        tuple(Eq(a, b, evaluate=False) for a, b in slacks)))
    checks = (
        Check(r"WWJ: the action is invariant, $\tilde L\,dt = L\,d\tau$", Eq(dilated_L, dilated_L), action),
        Check(r"WWJ time dilation: $Y = X\circ\tau$ solves the dilated equation",
              Eq(Notation("EL_Y", r"\mathrm{EL}_Y"), _TAU_DOT * Notation("EL_X", r"\mathrm{EL}_X")),
              same_residual),
        Check("second route: the equations solved for the acceleration agree",
              Eq(Notation("Ÿ − F_Y", r"\ddot Y - F_Y"),
                 _TAU_DOT ** 2 * Notation("(Ẍ − F_X)(τ)", r"(\ddot X - F_X)(\tau)")), same_ode),
        Check(r"WWJ: ideal scaling is preserved (the slacks scale by $\dot\tau > 0$)",
              Eq(Notation("γ̃̇ − e^α̃", r"\dot{\tilde\gamma} - e^{\tilde\alpha}"),
                 _TAU_DOT * Notation("(γ̇ − e^α)(τ)", r"(\dot\gamma - e^{\alpha})(\tau)")), preserved),
    )
    return TimeDilation(scaling, dilated, tau_of_t, checks, tuple(steps))


@dataclass(frozen=True)
class PolynomialDilation:
    r""":math:`\tau = t^{q/p}` applied to WWJ's polynomial :math:`p`-family.

    Attributes
    ----------
    dilated, target : Scaling
        The dilated :math:`p`-family scaling and the :math:`q`-family scaling.
    same_scaling : bool
        Whether the two are equal (exactly, coefficient by coefficient).
    theorem : TimeDilation
        The time-dilation theorem for this :math:`\tau`.
    steps : tuple of Step
    ode : ODE
        The Euler–Lagrange equation of the dilated scaling (Euclidean :math:`h`).
    """

    dilated: Scaling
    target: Scaling
    same_scaling: bool
    theorem: TimeDilation
    steps: tuple
    ode: object


def polynomial_dilation(rate=p, target=q, constant=C) -> PolynomialDilation:
    r"""Dilate the polynomial :math:`p`-family scaling by :math:`\tau(t) = t^{q/p}` and compare it with the :math:`q`-family.

    Examples
    --------
    >>> family = polynomial_dilation()
    >>> family.same_scaling, family.theorem.proved
    (True, True)
    """
    rate, target = as_expression(rate, "p"), as_expression(target, "q")
    if rate == target:
        raise SymflowError("choose two different exponents p and q")
    tau_of_t = t ** (target / rate)
    source = polynomial_scaling(rate, constant)
    wanted = polynomial_scaling(target, constant)
    dilated = dilate(source, tau_of_t)
    same = all(is_zero_scalar(getattr(dilated, n) - getattr(wanted, n)) for n in ("alpha", "beta", "gamma"))
    derived = bregman_equation(dilated)
    theorem = time_dilation(source, tau_of_t, h="euclidean")
    steps = (
        Step("reparametrisation", r"$\tau(t) = t^{q/p}$:", (Eq(Notation("τ(t)", r"\tau(t)"), tau_of_t),)),
        Step("dilated scaling", r"$\alpha\circ\tau + \log\dot\tau$, $\beta\circ\tau$, $\gamma\circ\tau$ for the $p$-family:", dilated.display),
        Step("the q-family", r"It is the polynomial scaling with exponent $q$:", wanted.display),
        *derived.steps[1:],
    )
    return PolynomialDilation(dilated, wanted, same, theorem, steps, derived.ode)
