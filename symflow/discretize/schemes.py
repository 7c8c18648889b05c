r"""Discretization: from an ODE back to a first-order method, by Euler schemes.

The ODE is written as the first-order system :math:`\dot X = V`,
:math:`\dot V = -a(t)V + c(t)\nabla^2 f(X)V + G(t, X, V)`
(:mod:`symflow.discretize.phase`) and stepped with time step :math:`h` on the grid
:math:`t_k = (k + c_0)h`. The four schemes differ in where each part is taken:

=============  ======================  ========================  ===================  ===============
scheme         position update         force G at                friction :math:`aV`  V inside G
=============  ======================  ========================  ===================  ===============
explicit       :math:`x_k + hv_k`      :math:`t_k, x_k`          :math:`v_k`          :math:`v_k`
implicit       :math:`x_k + hv_{k+1}`  :math:`t_{k+1}, x_{k+1}`  :math:`v_{k+1}`      :math:`v_{k+1}`
symplectic     :math:`x_k + hv_k`      :math:`t_{k+1}, x_{k+1}`  :math:`v_{k+1}`      :math:`v_k`
symplectic-vx  :math:`x_k + hv_{k+1}`  :math:`t_k, x_k`          :math:`v_{k+1}`      :math:`v_k`
=============  ======================  ========================  ===================  ===============

``symplectic`` (position first) is the scheme of Shi, Du, Su and Jordan
(arXiv:1902.03694); ``symplectic-vx`` (velocity first) is the semi-implicit
Euler scheme of Muehlebach and Jordan (arXiv:1905.07436). Both take the
friction at the new velocity, which only costs a division.

The gradient correction :math:`\nabla^2 f(X)V`, with :math:`V` the velocity
:math:`v_m` the scheme uses, becomes the difference of gradients along the
displacement :math:`x_{j+1} - x_j = hv_m` that the scheme makes:
:math:`(\nabla f(x_{j+1}) - \nabla f(x_j))/h`; with the SDSJ scaling
:math:`h = \sqrt s` the term :math:`\sqrt s\nabla^2 f(X)\dot X` becomes
:math:`(\nabla f(x_{k+1}) - \nabla f(x_k))`. Implicit updates are kept as
implicit equations (a gradient at the new point); :mod:`symflow.discretize.quadratic`
solves them when f is quadratic.

Examples
--------
>>> from symflow.limit import continuous_limit
>>> from symflow.methods import gradient_descent
>>> flow = continuous_limit(gradient_descent()).ode
>>> discretize(flow, "explicit").updates
(Eq(x(k + 1), -s*NablaF(x(k)) + x(k)),)
>>> discretize(flow, "implicit").updates
(Eq(x(k + 1), -s*NablaF(x(k + 1)) + x(k)),)
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import (
    Derivative,
    Eq,
    Expr,
    Integer,
    S,
    Subs,
    Symbol,
    cancel,
    default_sort_key,
    factor,
    sqrt,
)

from ..core.derivation import Derivation, Step
from ..core.errors import DiscretizationError
from ..core.model import ODE, Method
from ..core.symbols import k, s, v, x, x0
from ..core.vectors import NablaF, combine, grad, vector_coefficients
from ..recurrence.elimination import eliminate_auxiliary
from .phase import PhaseSystem, phase_space

__all__ = ["Scheme", "SCHEMES", "Discretization", "factor_coefficient", "discretization", "one_recurrence",
           "discretize"]




@dataclass(frozen=True)
class Scheme:
    r"""Where an Euler scheme evaluates each part of :math:`\dot X = V`, :math:`\dot V = F`.

    Each field is the shift (0 for index :math:`k`, 1 for :math:`k+1`).

    Attributes
    ----------
    name : str
    position_velocity : int
        The :math:`v` in :math:`x_{k+1} = x_k + hv`.
    force : int
        The time and position of :math:`G` and :math:`a`, :math:`c`.
    force_velocity : int
        The velocity inside :math:`G` and in the gradient correction.
    friction_velocity : int
        The velocity of the friction term.
    words : str
    """

    name: str
    position_velocity: int
    force: int
    force_velocity: int
    friction_velocity: int
    words: str

    @property
    def velocity_first(self) -> bool:
        """Whether the velocity is updated before the position."""
        return self.position_velocity == 1 and self.force_velocity == 0


SCHEMES = {
    "explicit": Scheme("explicit", 0, 0, 0, 0,
                       "Explicit Euler: both updates use the old state (t_k, x_k, v_k)."),
    "implicit": Scheme("implicit", 1, 1, 1, 1,
                       "Implicit Euler: both updates use the new state (t_(k+1), x_(k+1), v_(k+1))."),
    "symplectic": Scheme("symplectic", 0, 1, 0, 1,
                         "Symplectic (semi-implicit) Euler, position first: x_(k+1) = x_k + h v_k, then "
                         "the velocity update takes the force at (t_(k+1), x_(k+1)) and the friction "
                         "at the new velocity v_(k+1)."),
    "symplectic-vx": Scheme("symplectic-vx", 1, 0, 0, 1,
                            "Symplectic (semi-implicit) Euler, velocity first: the velocity update takes "
                            "the force at (t_k, x_k, v_k) and the friction at the new velocity v_(k+1); "
                            "then x_(k+1) = x_k + h v_(k+1)."),
    "velocity-first": Scheme("velocity-first", 1, 0, 0, 0,
                             "Semi-implicit Euler, velocity first from the old state: the velocity update "
                             "takes the force and the friction at (t_k, x_k, v_k); then "
                             "x_(k+1) = x_k + h v_(k+1)."),
}
_FIRST_ORDER = ("explicit", "implicit")


@dataclass(frozen=True)
class Discretization:
    r"""A method produced from an ODE, with the steps that produced it.

    Attributes
    ----------
    ode : ODE
    scheme : Scheme
    step : Expr
        The time step :math:`h`.
    offset : Expr
        :math:`c_0` in :math:`t_k = (k + c_0)h`.
    system : PhaseSystem
    method : Method
    steps : tuple of Step
    """

    ode: ODE
    scheme: Scheme
    step: Expr
    offset: Expr
    system: PhaseSystem
    method: Method
    steps: tuple

    @property
    def display(self) -> Eq:
        """The method as one recurrence in :math:`x` (for documents)."""
        return one_recurrence(self.method)

    @property
    def derivation(self) -> Derivation:
        """The discretization as a :class:`~symflow.core.Derivation` (result: this object)."""
        return Derivation(self.method.name, self.steps, self, title=self.method.description,
                          source=self.method.source)


def _as_step(step, order: int) -> Expr:
    if step is None:
        return sqrt(s) if order == 2 else s
    step = S(step)
    if not isinstance(step, Expr) or step.has(k) or step.is_positive is not True:
        why = "it depends on k" if isinstance(step, Expr) and step.has(k) else "it is not positive"
        raise DiscretizationError(f"the step size h = {step} is refused: {why} "
                                  "(give a positive expression such as sqrt(s))")
    return step


def _as_scheme(scheme: str, order: int) -> Scheme:
    if scheme not in SCHEMES:
        raise DiscretizationError(
            f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    if order == 1 and scheme not in _FIRST_ORDER:
        raise DiscretizationError(
            f"the {scheme} scheme needs a second-order ODE (a position and a velocity); "
            f"a first-order ODE takes {' or '.join(_FIRST_ORDER)}")
    return SCHEMES[scheme]


def _defined(coefficient: Expr, where: str, *, first: int = 0) -> None:
    """Refuse coefficients that are singular at the first steps of the grid."""
    for j in range(first, first + 3):
        value = cancel(coefficient.subs(k, j))
        if value.has(S.ComplexInfinity, S.NaN, S.Infinity, S.NegativeInfinity):
            raise DiscretizationError(
                f"{where} is not defined at k = {j} (it becomes {value}); the scheme evaluates the "
                "ODE at a singular time: shift the grid with --time-offset (API: offset=c), t_k = (k + c)h")


def factor_coefficient(c: Expr) -> Expr:
    r"""Factor a coefficient with every positive symbol p written as q**2 (so sqrt(p) = q)."""
    roots = {p: Symbol(f"_{p.name}_root", positive=True) for p in c.free_symbols if p.is_positive}
    back = {q: sqrt(p) for p, q in roots.items()}
    return factor(cancel(S(c).subs({p: q ** 2 for p, q in roots.items()}))).subs(back)


def factor_coefficients(expr: Expr) -> Expr:
    return combine({atom: factor_coefficient(c) for atom, c in vector_coefficients(expr).items()})


def discretization(ode: ODE, scheme: str, *, step=None, offset=0, name: str = "") -> Discretization:
    r"""Discretize ``ode`` with an Euler scheme; the method comes with its steps.

    Parameters
    ----------
    ode : ODE
        Of order 1 or 2, e.g. from :func:`symflow.limit.continuous_limit`.
    scheme : str
        ``"explicit"``, ``"implicit"``, ``"symplectic"`` (position first) or
        ``"symplectic-vx"`` (velocity first); a first-order ODE takes the first two.
    step : Expr, optional
        The time step :math:`h` as a positive expression in :math:`s` and
        parameters; default :math:`\sqrt s` for order 2 and :math:`s` for order 1.
    offset : Rational, optional
        :math:`c_0` in :math:`t_k = (k + c_0)h`.
    name : str, optional
        The method's name (default ``"<ode name>-<scheme>"``).

    Returns
    -------
    Discretization

    Raises
    ------
    DiscretizationError
        Unknown scheme, a scheme the ODE's order does not take, a step that is
        not positive, a coefficient singular on the grid, an implicit friction
        step without solution.
    UnsupportedError
        A term no Euler scheme defines (see :func:`~symflow.discretize.phase`).

    Examples
    --------
    >>> from symflow.core import ODE, X, t, grad
    >>> d = discretization(ODE(-grad(X(t)), 1), "explicit", step=s)
    >>> [st.title for st in d.steps][:2]
    ['ODE', 'First-order system']
    """
    if not isinstance(ode, ODE):
        raise DiscretizationError(f"discretize needs an ODE, not {type(ode).__name__}")
    the_scheme = _as_scheme(scheme, ode.order)
    h = _as_step(step, ode.order)
    given, offset = offset, S(offset) if not isinstance(offset, str) else None
    if offset is None or not offset.is_Rational:
        raise DiscretizationError(f"the time offset must be a rational number, not {given!r}")
    system = phase_space(ode)
    steps = [Step("ODE", "The equation to discretize, solved for its highest derivative.",
                  (Eq(ode.residual, 0),)),
             Step("First-order system", "With the velocity V = X' the ODE is a first-order system.",
                  system.equations)]
    grid = Symbol("h", positive=True)
    steps.append(Step("Scheme", the_scheme.words + f" Time step h = {h}, grid t_k = " + ("k h." if offset == 0 else f"(k + {offset}) h."),
                      (Eq(grid, h),)))
    if ode.order == 1:
        updates, extra = _first_order(system, the_scheme, h, offset)
    else:
        updates, extra = _second_order(system, the_scheme, h, offset)
    steps += extra
    sequences = ("x",) if ode.order == 1 else ("x", "v")
    initial = _initial_values(ode, the_scheme, h, system)
    symbols = set()
    for eq in updates + initial:
        symbols |= (eq.lhs - eq.rhs).free_symbols
    parameters = tuple(sorted(symbols - {k, s}, key=default_sort_key))
    label = name or f"{ode.name or 'ode'}-{the_scheme.name}"
    described = f"{the_scheme.name} Euler discretization of {ode.name or 'the ODE'} with step {h}"
    method = Method(label, sequences, updates, parameters=parameters, initial=initial,
                    description=described[0].upper() + described[1:] + ".",
                    source="symflow.discretize.schemes (schemes of Shi, Du, Su, Jordan, arXiv:1902.03694, "
                           "and Muehlebach, Jordan, arXiv:1905.07436)")
    if initial:
        steps.append(Step("Initial values", "From the ODE's initial velocity (x_0 is the starting point):",
                          initial))
    if ode.order == 2:
        steps.append(Step("One recurrence", "Eliminating the velocity leaves one recurrence in x.",
                          (one_recurrence(method),)))
    return Discretization(ode, the_scheme, h, offset, system, method, tuple(steps))


def one_recurrence(method: Method) -> Eq:
    r"""The method as one recurrence :math:`x_{k+1} = \dots` in its primary sequence, coefficients factored.

    The auxiliary sequences are eliminated with
    :func:`~symflow.recurrence.eliminate_auxiliary`; a gradient at
    :math:`x_{k+1}` (an implicit step) stays on the right.

    Examples
    --------
    >>> from symflow.methods import heavy_ball_momentum
    >>> from symflow.core import v
    >>> one_recurrence(heavy_ball_momentum()).rhs.has(v)
    False
    """
    expression = eliminate_auxiliary(method).expression
    top = method.sequence(method.primary)(k + 1)
    coefficients = vector_coefficients(expression)
    lead = coefficients.pop(top, Integer(0))
    if lead == 0:
        return Eq(factor_coefficients(expression), 0)
    return Eq(top, factor_coefficients(combine({a: -c / lead for a, c in coefficients.items()})))


def discretize(ode: ODE, scheme: str, *, step=None, offset=0, name: str = "") -> Method:
    r"""The method an Euler scheme makes of ``ode`` (see :func:`discretization` for the options).

    Examples
    --------
    >>> from sympy import sqrt
    >>> from symflow.core import ODE, X, t, mu, grad
    >>> ode = ODE(-2 * sqrt(mu) * X(t).diff(t) - grad(X(t)), 2)
    >>> discretize(ode, "symplectic").updates[0]
    Eq(x(k + 1), sqrt(s)*v(k) + x(k))
    """
    return discretization(ode, scheme, step=step, offset=offset, name=name).method


def _substitution(ode: ODE, position: Expr, velocity: Expr, time: Expr):
    t = ode.time
    traj = ode.trajectory(t)

    def apply(expr: Expr) -> Expr:
        return expr.xreplace({traj.diff(t): velocity, traj: position}).subs(t, time)

    return apply


def _first_order(system: PhaseSystem, scheme: Scheme, h: Expr, offset) -> tuple:
    j = scheme.force
    time = (k + j + offset) * h
    at = _substitution(system.ode, x(k + j), None, time)
    friction, force = at(system.friction), at(system.force)
    _defined(friction, "the coefficient of X")
    for atom, c in vector_coefficients(force).items():
        _defined(c, f"the coefficient of {atom}")
    if j == 0:
        update = x(k) + h * (-friction * x(k) + force)
    else:
        denominator = cancel(1 + h * friction)
        _solvable(denominator)
        update = (x(k) + h * force) / denominator
    eq = Eq(x(k + 1), factor_coefficients(update))
    words = ("The new point appears inside the gradient: the update is an implicit equation, "
             "kept as it is." if eq.rhs.has(x(k + 1)) else "The update is explicit.")
    return (eq,), [Step("Update", words, (eq,))]


def _index(name: str, shift: int) -> str:
    return f"{name}_k" if shift == 0 else f"{name}_(k{shift:+d})"


def _solvable(denominator: Expr) -> None:
    if denominator == 0:
        raise DiscretizationError("the implicit step has no solution: the new value drops out of its "
                                  "own equation (1 + h a = 0)")
    _defined(1 / denominator, "the implicit friction step 1/(1 + h a)")


def _second_order(system: PhaseSystem, scheme: Scheme, h: Expr, offset) -> tuple:
    j = scheme.force
    time = (k + j + offset) * h
    at = _substitution(system.ode, x(k + j), v(k + scheme.force_velocity), time)
    friction, correction, force = at(system.friction), at(system.correction), at(system.force)
    _defined(friction, "the friction coefficient")
    _defined(correction, "the coefficient of the gradient correction")
    for atom, c in vector_coefficients(force).items():
        _defined(c, f"the coefficient of {atom}")
    steps = []
    difference = Integer(0)
    if correction != 0:
        first = scheme.force_velocity - scheme.position_velocity
        difference = (grad(x(k + first + 1)) - grad(x(k + first))) / h
        hessian = NablaF(system.ode.trajectory(system.ode.time), system.ode.trajectory(system.ode.time)
                         .diff(system.ode.time))
        steps.append(Step(
            "Gradient correction",
            f"The scheme moves x by h {_index('v', scheme.force_velocity)} from {_index('x', first)} to "
            f"{_index('x', first + 1)}, "
            "so the Hessian along the velocity becomes the difference of gradients along that step.",
            (Eq(hessian, difference),)))
    rest = correction * difference + force
    if scheme.friction_velocity == 0:
        velocity = v(k) + h * (-friction * v(k + scheme.force_velocity) + rest)
    else:
        denominator = cancel(1 + h * friction)
        _solvable(denominator)
        velocity = (v(k) + h * rest) / denominator
    implicit = scheme.position_velocity == 1 and scheme.force_velocity == 1
    if implicit:
        # v_(k+1) = (x_(k+1) - x_k)/h inside the gradients: one implicit equation for x_(k+1)
        velocity = velocity.xreplace({v(k + 1): (x(k + 1) - x(k)) / h})
        x_update = Eq(x(k + 1), factor_coefficients(x(k) + h * velocity))
        v_update = Eq(v(k + 1), factor_coefficients((x(k + 1) - x(k)) / h))
        updates = (x_update, v_update)
    else:
        v_update = Eq(v(k + 1), factor_coefficients(velocity))
        x_update = Eq(x(k + 1), x(k) + h * v(k + scheme.position_velocity))
        updates = (v_update, x_update) if scheme.velocity_first else (x_update, v_update)
    words = ("The friction is linear in the velocity, so taking it at v_(k+1) is solved by a division. "
             if scheme.friction_velocity else "")
    if implicit:
        words += ("With v_(k+1) = (x_(k+1) - x_k)/h the step is one implicit equation for x_(k+1), "
                  "with the gradient at the new point; it is kept as it is.")
    else:
        words += "Each update uses values already computed: the method is explicit."
    steps.append(Step("Updates", words, updates))
    return updates, steps


def _initial_values(ode: ODE, scheme: Scheme, h: Expr, system: PhaseSystem) -> tuple:
    if ode.order == 1:
        return ()
    t = ode.time
    initial = []
    for eq in ode.initial_conditions:
        lhs = eq.lhs
        is_velocity = (isinstance(lhs, Subs) and lhs.expr == ode.trajectory(t).diff(t)) or (
            isinstance(lhs, Derivative) and lhs.derivative_count == 1)
        if is_velocity:
            value = eq.rhs.xreplace({x0: x(0)})
            if any(not (a == x(0) or isinstance(a, NablaF)) for a in vector_coefficients(value)) if value != 0 else False:
                raise DiscretizationError(f"the initial velocity {eq.rhs} must be written in x_0")
            initial.append(Eq(v(0), value))
    if system.correction != 0 and scheme.velocity_first and initial:
        initial.append(Eq(x(-1), x(0) - h * v(0)))
    return tuple(initial)
