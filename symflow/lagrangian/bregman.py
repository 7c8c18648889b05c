r"""The Bregman Lagrangian of Wibisono, Wilson and Jordan, its scalings and its Euler–Lagrange equation.

Source: Wibisono, Wilson, Jordan (2016), "A variational perspective on
accelerated methods in optimization", PNAS, arXiv:1603.04245, §2.

.. math::

   \mathcal L(X, V, t) = e^{\alpha_t + \gamma_t}\Big(D_h(X + e^{-\alpha_t}V, X) - e^{\beta_t} f(X)\Big),

for any scaling functions :math:`\alpha_t, \beta_t, \gamma_t` (SymPy expressions
in :math:`t`, or the undefined functions :func:`general_scaling`) and a
distance-generating :math:`h` (:data:`~symflow.lagrangian.EUCLIDEAN` or
:data:`~symflow.lagrangian.ABSTRACT`). The *ideal scaling* conditions are
:math:`\dot\beta_t \le e^{\alpha_t}` and :math:`\dot\gamma_t = e^{\alpha_t}`;
under them the Euler–Lagrange equation is

.. math:: \ddot X + (e^{\alpha_t} - \dot\alpha_t)\dot X + e^{2\alpha_t + \beta_t}\big[\nabla^2 h(X + e^{-\alpha_t}\dot X)\big]^{-1}\nabla f(X) = 0,

equivalently :math:`\tfrac{d}{dt}\nabla h(X + e^{-\alpha_t}\dot X) = -e^{\alpha_t+\beta_t}\nabla f(X)`.
Everything here is derived by :func:`~symflow.lagrangian.euler_lagrange`.

Examples
--------
>>> from symflow.core import X, t, p, C, grad
>>> b = bregman_equation(polynomial_scaling())
>>> b.ideal.holds
True
>>> b.ode.matches(X(t).diff(t, 2) + (p + 1) / t * X(t).diff(t) + C * p**2 * t**(p - 2) * grad(X(t)))
True
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Derivative, Eq, Expr, Ge, S, Symbol, exp, log
from sympy.core.function import AppliedUndef, UndefinedFunction

from ..core.derivation import Derivation, Step, Truth
from ..core.errors import LagrangianError
from ..core.model import ODE
from ..core.normal import expand_vector, normal_scalar
from ..core.printing import PaperTextPrinter, latex
from ..core.symbols import C, X, c, p, t
from ..core.vectors import FValue, combine, time_derivative, vector_coefficients
from .mirror import as_distance
from .euler import (
    EulerLagrange,
    Lagrangian,
    Notation,
    as_expression,
    check_weight,
    euler_lagrange,
)

__all__ = ["ScalingFunction", "alpha", "beta", "gamma", "Scaling", "general_scaling", "polynomial_scaling",
           "exponential_scaling", "Condition", "IdealScaling", "ideal_scaling", "bregman_lagrangian",
           "BregmanEquation", "bregman_equation"]


_GREEK = {"alpha": (r"\alpha", "α"), "beta": (r"\beta", "β"), "gamma": (r"\gamma", "γ"),
          "tau": (r"\tau", "τ")}


class ScalingFunction(AppliedUndef):
    r"""An undefined scaling function applied to a time, printed :math:`\alpha_t` (or :math:`\alpha(\tau)`)."""

    def _latex(self, printer):
        name = _GREEK.get(self.func.__name__, (self.func.__name__,))[0]
        (arg,) = self.args
        return f"{name}_{{{printer._print(arg)}}}" if arg.is_Symbol else \
            rf"{name}\left({printer._print(arg)}\right)"

    def _sympystr(self, printer):
        name = self.func.__name__
        if isinstance(printer, PaperTextPrinter):
            name = _GREEK.get(name, (name, name))[1]
        return f"{name}({printer._print(self.args[0])})"


#: WWJ's scaling functions, undefined: the general Bregman Lagrangian
alpha = UndefinedFunction("alpha", bases=(ScalingFunction,))
beta = UndefinedFunction("beta", bases=(ScalingFunction,))
gamma = UndefinedFunction("gamma", bases=(ScalingFunction,))


@dataclass(frozen=True)
class Scaling:
    r"""The scaling functions :math:`(\alpha_t, \beta_t, \gamma_t)` of a Bregman Lagrangian.

    Raises
    ------
    LagrangianError
        If a function involves the trajectory, :math:`f`, a vector or another variable.

    Examples
    --------
    >>> s = Scaling(log(2) - log(t), 2 * log(t), 2 * log(t))
    >>> s.alpha
    -log(t) + log(2)
    """

    alpha: Expr
    beta: Expr
    gamma: Expr
    name: str = ""
    time: Symbol = t

    def __post_init__(self):
        for label in ("alpha", "beta", "gamma"):
            value = getattr(self, label)
            value = as_expression(value, f"the scaling {label}")
            try:
                check_weight(exp(value), time=self.time)
            except LagrangianError as exc:
                raise LagrangianError(f"the scaling {label} = {value} is not usable: {exc}") from None
            object.__setattr__(self, label, S(value))

    @property
    def display(self) -> tuple:
        """The equations ``alpha = ...``, ``beta = ...``, ``gamma = ...``."""
        return tuple(Eq(Notation(f"{_GREEK[n][1]}_t", _GREEK[n][0] + "_t"), getattr(self, n))
                     for n in ("alpha", "beta", "gamma"))


def general_scaling() -> Scaling:
    r"""Undefined :math:`\alpha_t, \beta_t, \gamma_t`: the Bregman Lagrangian in general.

    Examples
    --------
    >>> general_scaling().alpha
    alpha(t)
    """
    return Scaling(alpha(t), beta(t), gamma(t), name="general")


def polynomial_scaling(rate=p, constant=C) -> Scaling:
    r"""WWJ's polynomial family: :math:`\alpha = \log p - \log t`, :math:`\beta = p\log t + \log C`, :math:`\gamma = p\log t`.

    Examples
    --------
    >>> polynomial_scaling(2).gamma
    2*log(t)
    """
    rate, constant = as_expression(rate, "p"), as_expression(constant, "C")
    return Scaling(log(rate) - log(t), rate * log(t) + log(constant), rate * log(t),
                   name=f"polynomial (p = {rate}, C = {constant})")


def exponential_scaling(rate=c) -> Scaling:
    r"""WWJ's exponential family: :math:`\alpha = \log c`, :math:`\beta = \gamma = ct`.

    Examples
    --------
    >>> exponential_scaling().beta
    c*t
    """
    rate = as_expression(rate, "c")
    return Scaling(log(rate), rate * t, rate * t, name=f"exponential (c = {rate})")


@dataclass(frozen=True)
class Condition:
    r"""One ideal-scaling condition: its statement, its slack, and whether it holds.

    ``status`` is ``"holds"``, ``"fails"`` or ``"unknown"`` (SymPy cannot decide:
    an unknown is never counted as holding).
    """

    statement: Expr
    slack: Expr
    status: Truth


@dataclass(frozen=True)
class IdealScaling:
    r"""The ideal-scaling report: :math:`\dot\gamma_t = e^{\alpha_t}` and :math:`\dot\beta_t \le e^{\alpha_t}`.

    Examples
    --------
    >>> ideal_scaling(polynomial_scaling()).holds
    True
    """

    gamma: Condition
    beta: Condition

    @property
    def holds(self) -> bool:
        """Whether both conditions are proved to hold."""
        return self.gamma.status == Truth.HOLDS and self.beta.status == Truth.HOLDS

    @property
    def step(self) -> Step:
        """The report as a derivation step."""
        words = (rf"$\dot\gamma_t = e^{{\alpha_t}}$: {self.gamma.status} "
                 rf"(slack ${latex(self.gamma.slack)}$); "
                 rf"$\dot\beta_t \le e^{{\alpha_t}}$: {self.beta.status} "
                 rf"(slack ${latex(self.beta.slack)}$).")
        return Step("ideal scaling", words, (self.gamma.statement, self.beta.statement))


def ideal_scaling(scaling: Scaling) -> IdealScaling:
    r"""Check WWJ's ideal-scaling conditions for given :math:`\alpha, \beta, \gamma`.

    Examples
    --------
    >>> report = ideal_scaling(exponential_scaling())
    >>> report.gamma.status, report.beta.status
    ('holds', 'holds')
    >>> ideal_scaling(Scaling(log(2) - log(t), 3 * log(t), 2 * log(t))).beta.status
    'fails'
    """
    time = scaling.time
    e_alpha = normal_scalar(exp(scaling.alpha))
    gamma_rate = scaling.gamma.diff(time)
    beta_rate = scaling.beta.diff(time)
    gamma_slack = normal_scalar(gamma_rate - e_alpha)
    beta_slack = normal_scalar(e_alpha - beta_rate)
    if gamma_slack == 0:
        gamma_status = Truth.HOLDS
    elif gamma_slack.is_zero is False:
        gamma_status = Truth.FAILS
    else:
        gamma_status = Truth.UNKNOWN
    if beta_slack == 0 or beta_slack.is_nonnegative is True:
        beta_status = Truth.HOLDS
    elif beta_slack.is_negative is True:
        beta_status = Truth.FAILS
    else:
        beta_status = Truth.UNKNOWN
    return IdealScaling(Condition(Eq(gamma_rate, e_alpha, evaluate=False), gamma_slack, gamma_status),
                        Condition(Ge(e_alpha, beta_rate, evaluate=False), beta_slack, beta_status))


def bregman_lagrangian(scaling: Scaling, *, h="euclidean", trajectory=X) -> Lagrangian:
    r"""The Bregman Lagrangian :math:`e^{\alpha+\gamma}(D_h(X + e^{-\alpha}V, X) - e^{\beta}f(X))`.

    Examples
    --------
    >>> from symflow.core import is_zero_scalar
    >>> from symflow.core import Inner
    >>> L = bregman_lagrangian(polynomial_scaling(2, S(1) / 4)).expression
    >>> V = X(t).diff(t)
    >>> is_zero_scalar(L - t**3 / 2 * (Inner(V, V) / 2 - FValue(X(t))))
    True
    """
    h = as_distance(h)
    time = scaling.time
    position = trajectory(time)
    velocity = Derivative(position, time)
    point = position + normal_scalar(exp(-scaling.alpha)) * velocity
    weight = normal_scalar(exp(scaling.alpha + scaling.gamma))
    distance = h.divergence(point, position)
    potential = normal_scalar(exp(scaling.beta)) * FValue(position)
    return Lagrangian(weight * (distance - potential), trajectory=trajectory, time=time,
                      name=f"bregman-{scaling.name}" if scaling.name else "bregman")


@dataclass(frozen=True)
class BregmanEquation:
    r"""The Euler–Lagrange equation of a Bregman Lagrangian, with its ideal-scaling and mirror forms.

    Attributes
    ----------
    scaling : Scaling
    h : DistanceGenerating
    euler_lagrange : EulerLagrange
        The general equation (no condition imposed).
    ideal : IdealScaling
        Which ideal-scaling conditions hold.
    ode : ODE
        The equation under ideal scaling when :math:`\dot\gamma = e^{\alpha}` holds or can
        be imposed (an undefined :math:`\gamma`), else the general equation.
    mirror : Eq
        :math:`\tfrac{d}{dt}\nabla h(X + e^{-\alpha}\dot X) = \dots`, derived from the same equation.
    steps : tuple of Step
    """

    scaling: Scaling
    h: object
    euler_lagrange: EulerLagrange
    ideal: IdealScaling
    ode: ODE
    mirror: Eq
    imposed: bool
    steps: tuple

    def derivation(self, name: str = "", **words) -> Derivation:
        """As a :class:`~symflow.core.Derivation` (``title``, ``source``, ``claim``, ``checks`` in ``words``)."""
        return Derivation(name or self.euler_lagrange.lagrangian.name, self.steps, self.ode, **words)


def _impose_ideal(expr: Expr, scaling: Scaling) -> Expr:
    r"""Replace :math:`\dot\gamma` by :math:`e^{\alpha}` when :math:`\gamma` is an undefined function."""
    g = scaling.gamma
    if not isinstance(g, AppliedUndef):
        return expr
    rule = {Derivative(g, scaling.time): exp(scaling.alpha)}
    return combine({a: normal_scalar(cf.xreplace(rule))
                    for a, cf in vector_coefficients(expand_vector(expr)).items()})


def bregman_equation(scaling: Scaling | None = None, *, h="euclidean",
                     trajectory=X) -> BregmanEquation:
    r"""Derive the Euler–Lagrange equation of the Bregman Lagrangian for a scaling and an :math:`h`.

    Parameters
    ----------
    scaling : Scaling, optional
        :math:`(\alpha, \beta, \gamma)`; by default the undefined functions of :func:`general_scaling`.
    h : ``"euclidean"``, ``"abstract"`` or DistanceGenerating

    Examples
    --------
    >>> from symflow.core import c, grad
    >>> b = bregman_equation(exponential_scaling())
    >>> b.ode.matches(X(t).diff(t, 2) + c * X(t).diff(t) + c**2 * exp(c * t) * grad(X(t)))
    True
    """
    scaling = general_scaling() if scaling is None else scaling
    if not isinstance(scaling, Scaling):
        raise LagrangianError(f"expected a Scaling (alpha, beta, gamma), not {scaling!r}")
    h = as_distance(h)
    time = scaling.time
    el = euler_lagrange(bregman_lagrangian(scaling, h=h, trajectory=trajectory))
    report = ideal_scaling(scaling)
    position = trajectory(time)
    point = position + normal_scalar(exp(-scaling.alpha)) * Derivative(position, time)
    steps = [Step("scaling", f"The scaling functions ({scaling.name or 'user'}).", scaling.display),
             *el.steps, report.step]
    imposable = report.gamma.status == Truth.HOLDS or isinstance(scaling.gamma, AppliedUndef)
    ode = el.ode
    if imposable and report.gamma.status != "holds":
        rhs = _impose_ideal(el.ode.rhs, scaling)
        ode = ODE(rhs, 2, parameters=el.ode.parameters, name=el.ode.name, time=time,
                  trajectory=trajectory)
        steps.append(Step("impose ideal scaling", r"Put $\dot\gamma_t = e^{\alpha_t}$ in the general equation:",
                          (ode.equation,)))
    # the mirror form, from the same Euler-Lagrange residual
    gradient_h = h.gradient(point)
    rate = expand_vector(time_derivative(gradient_h, time))
    scaled = expand_vector(el.residual * exp(-scaling.gamma))
    remainder = scaled - rate
    if imposable:
        remainder = _impose_ideal(remainder, scaling)
    remainder = combine({a: normal_scalar(cf) for a, cf in vector_coefficients(expand_vector(remainder)).items()})
    if h.name == "euclidean":
        lhs = Notation("d/dt (X + e^{-α}Ẋ)", r"\frac{d}{dt}\left(X + e^{-\alpha_t}\dot X\right)")
    else:
        lhs = Notation("d/dt ∇h(X + e^{-α}Ẋ)", r"\frac{d}{dt}\nabla h\left(X + e^{-\alpha_t}\dot X\right)")
    mirror = Eq(lhs, -remainder)
    steps.append(Step(
        "mirror form",
        r"The momentum is $e^{\gamma_t}(\nabla h(X + e^{-\alpha_t}\dot X) - \nabla h(X))$; divide the "
        r"Euler–Lagrange equation by $e^{\gamma_t}$ and isolate the derivative of "
        r"$\nabla h(X + e^{-\alpha_t}\dot X)$"
        + (" (under ideal scaling)" if imposable else "") + ":", (Eq(lhs, rate), mirror)))
    return BregmanEquation(scaling, h, el, report, ode, mirror, imposable, tuple(steps))

