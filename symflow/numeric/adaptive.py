r"""Numbers for adaptive methods: their derived systems of ODEs integrated, the methods run, the two compared.

The coordinate-wise algebra of :mod:`symflow.core.coordinatewise` is NumPy's elementwise algebra:
a Hadamard product :math:`u\odot w` is ``u * w``, a coordinate-wise power :math:`B^{\odot p}` is
``B ** p`` and :math:`\mathbb 1` is ``1``. So a vector expression of a derived system
(:func:`~symflow.limit.system_limit`) or of a method's update becomes one lambdified NumPy function
of its state vectors and of the gradients it evaluates (each gradient point lambdified the same
way). Scalar coefficients are made safe for floating point first: a ratio of exponentials
:math:`e^{at}/(e^{at} - 1)` (the bias corrections of Adam in the limit) is rewritten exactly as
:math:`-1/\operatorname{expm1}(-at)`, which neither overflows for large :math:`at` nor cancels for
small.

* :func:`adaptive_system` — the lambdified system :math:`\dot S_j = F_j(t, S)` of the derived
  states, with the static states (:math:`V = \nabla f\odot\nabla f` when :math:`\beta` is fixed) as
  functions of the others; :func:`solve_system` integrates it with SciPy. Where the right side is
  :math:`0/0` at :math:`t = 0` (bias corrections with :math:`M(0) = V(0) = 0`), the integration
  starts at a small :math:`\tau` after one explicit Euler step: first the states whose right side
  is finite at :math:`0`, then the others evaluated at :math:`\tau` (an error :math:`O(\tau^2)`).
* :func:`simulate_adaptive` — runs any method given by explicit updates (``y(k + 1) = ...``, as
  every :class:`~symflow.core.adaptive_method.AdaptiveMethod`) from its own update equations.
* :func:`scaled_parameters` — the method's parameters at a step size :math:`s` as the derived
  scaling sets them (:math:`\beta = 1 - bs^c`, read from the limit, never typed here).
* :func:`compare_adaptive` and :func:`fitted_order` — :math:`\max_k\|x_k - X(t_k)\|` over a horizon
  for several :math:`s`, and the slope of :math:`\log` error against :math:`\log s` (the order of
  consistency; first order is a slope near 1).
* :func:`rosenbrock`, :func:`logistic_regression` — two non-quadratic objectives.

Examples
--------
>>> import numpy as np
>>> from symflow.limit import system_limit
>>> from symflow.methods import rmsprop
>>> from symflow.numeric import quadratic
>>> lim = system_limit(rmsprop())
>>> f = quadratic(np.diag([1.0, 4.0]))
>>> sys = adaptive_system(lim, f, parameters={"b": 1, "varepsilon": 1e-8})
>>> sys.states
('x', 'v')
>>> sys.rhs(0.0, np.array([1.0, 1.0, 1.0, 16.0])).round(6)
array([-1., -1.,  0.,  0.])
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from sympy import (
    Expr,
    Integer,
    Mul,
    Pow,
    Symbol,
    SympifyError,
    cancel,
    exp,
    lambdify,
    log,
    sympify,
)
from sympy.codegen.rewriting import expm1_opt, optimize

from ..core.coordinatewise import CoordPower, Hadamard, ones
from ..core.errors import DivergenceError, IntegrationError, MethodError, ObjectiveError, UnsupportedError
from ..core.limits import check_budget
from ..core.model import Method
from ..core.ode_system import ODESystem
from ..core.symbols import AppliedVector, VectorSymbol, k, s, sequence_shift, t, x0
from ..core.vectors import NablaF, vector_coefficients
from .integration import Trajectory, check_times, integrate
from .iterate import DiscreteRun
from .objectives import NumericObjective, Objective, as_numeric, coordinates, separable

__all__ = ["elementwise", "AdaptiveSystem", "adaptive_system", "SystemTrajectory", "solve_system",
           "simulate_adaptive", "scaled_parameters", "compare_adaptive", "fitted_order", "rosenbrock",
           "logistic_regression", "consistency_figure"]


# --------------------------------------------------------------------------- elementwise translation

def _stable(coefficient: Expr) -> Expr:
    r"""A scalar coefficient rewritten for floating point: :math:`e^{u}` with :math:`u > 0` as :math:`1/e^{-u}`, ``expm1``."""
    out = coefficient
    for atom in sorted(coefficient.atoms(exp), key=str):
        u = atom.args[0]
        if u.is_positive:
            placeholder = Symbol("_E", positive=True)
            candidate = cancel(out.xreplace({atom: 1 / placeholder}))
            if not candidate.has(atom):
                out = candidate.xreplace({placeholder: exp(-u)})
    return optimize(out, [expm1_opt]) if out.has(exp) else out


@dataclass(frozen=True)
class _Elementwise:
    """A vector expression as an elementwise scalar expression in argument and gradient symbols."""

    expression: Expr
    gradients: tuple   # ((symbol, elementwise point expression), ...) in the order they must be evaluated


class _Translator:
    def __init__(self, arguments: dict, values: dict):
        self.arguments = arguments   # vector atom -> Symbol
        self.values = values         # scalar Symbol -> number
        self.gradients: list = []
        self.seen: dict = {}

    def vector(self, expr: Expr) -> Expr:
        total = Integer(0)
        for atom, coefficient in vector_coefficients(sympify(expr, strict=True)).items():
            total += _stable(sympify(coefficient).xreplace(self.values)) * self.atom(atom)
        return total

    def atom(self, atom: Expr) -> Expr:
        if atom == ones:
            return Integer(1)
        if atom in self.arguments:
            return self.arguments[atom]
        if isinstance(atom, NablaF):
            if atom.directions:
                raise UnsupportedError(f"{atom}: only gradients (no Hessian actions) are evaluated for "
                                       "adaptive methods")
            point = self.vector(atom.point)
            if point not in self.seen:
                symbol = Symbol(f"_g{len(self.gradients)}")
                self.gradients.append((symbol, point))
                self.seen[point] = symbol
            return self.seen[point]
        if isinstance(atom, Hadamard):
            return Mul(*[self.atom(f) for f in atom.args])
        if isinstance(atom, CoordPower):
            return Pow(self.vector(atom.base), atom.exponent)
        if isinstance(atom, (AppliedVector, VectorSymbol)):
            raise IntegrationError(f"give a value for the vector {atom}")
        raise UnsupportedError(f"cannot evaluate {atom} numerically (only states, gradients and "
                               "coordinate-wise operations on them are)")


def elementwise(expr: Expr, arguments: dict, values: dict | None = None) -> _Elementwise:
    r"""Translate a vector expression into NumPy's elementwise algebra.

    Parameters
    ----------
    expr : Expr
        A linear combination of vector atoms: states or sequence terms, constant vectors,
        :math:`\nabla f(P)`, :class:`~symflow.core.coordinatewise.Hadamard`,
        :class:`~symflow.core.coordinatewise.CoordPower`, :math:`\mathbb 1`.
    arguments : dict
        ``{vector atom: Symbol}`` for the vectors given as arrays.
    values : dict, optional
        ``{Symbol: number}`` for the scalar parameters.

    Returns
    -------
    object with ``expression`` and ``gradients``
        ``gradients`` is a tuple of ``(symbol, point)``: evaluate :math:`\nabla f` at each point in
        order (a point may use earlier gradient symbols), then ``expression``.

    Examples
    --------
    >>> from sympy import Rational, Symbol, exp
    >>> from symflow.core import X, V, t, grad
    >>> from symflow.core.coordinatewise import coordinatewise, eps
    >>> e = elementwise(coordinatewise(-grad(X(t)) / (V(t) ** Rational(1, 2) + eps)),
    ...                 {X(t): Symbol("X"), V(t): Symbol("V")}, {eps: 0})
    >>> e.expression, e.gradients
    (-_g0/sqrt(V), ((_g0, X),))
    >>> from symflow.core.coordinatewise import decay_a
    >>> elementwise(exp(decay_a * t) / (exp(decay_a * t) - 1) * X(t), {X(t): Symbol("X")}, {decay_a: 2}).expression
    -X/expm1(-2*t)
    """
    translator = _Translator(dict(arguments), {sympify(key): sympify(v) for key, v in (values or {}).items()})
    expression = translator.vector(expr)
    return _Elementwise(expression, tuple(translator.gradients))


@dataclass(frozen=True)
class _Compiled:
    """``evaluate(scalars, vectors, gradient)``: an elementwise expression with its gradients, lambdified."""

    points: tuple
    body: Callable
    dimension: int

    def __call__(self, scalars: tuple, vectors: tuple, gradient: Callable) -> np.ndarray:
        grads = []
        for point in self.points:
            grads.append(gradient(np.broadcast_to(point(*scalars, *vectors, *grads), (self.dimension,))))
        value = self.body(*scalars, *vectors, *grads)
        return np.broadcast_to(np.asarray(value, dtype=float), (self.dimension,))


def _compile(expr: Expr, scalars: tuple, arguments: dict, values: dict, dimension: int, where: str) -> _Compiled:
    translated = elementwise(expr, arguments, values)
    symbols = tuple(scalars) + tuple(arguments.values())
    known = set(symbols)
    points = []
    for symbol, point in translated.gradients:
        _check_free(point, known, where)
        points.append(lambdify(symbols + tuple(sym for sym, _ in translated.gradients[:len(points)]),
                               point, "numpy"))
        known.add(symbol)
    _check_free(translated.expression, known, where)
    body = lambdify(symbols + tuple(sym for sym, _ in translated.gradients), translated.expression, "numpy",
                    cse=True)
    return _Compiled(tuple(points), body, dimension)


def _check_free(expr: Expr, known: set, where: str) -> None:
    stray = sorted(str(sym) for sym in sympify(expr).free_symbols - known)
    if stray:
        raise IntegrationError(f"{where} needs a value for {', '.join(stray)}")


def _values(symbols, parameters: dict | None, where: str) -> dict:
    """``{Symbol: sympified value}`` for the symbols named (by symbol or name) in ``parameters``."""
    names = {str(sym): sym for sym in symbols}
    out = {}
    for key, value in (parameters or {}).items():
        sym = names.get(str(key))
        if sym is None:
            continue
        try:
            exact = sympify(value, strict=True)
        except (SympifyError, TypeError):
            exact = None
        if exact is None or not exact.is_number or not exact.is_real:
            raise IntegrationError(f"{where}: the parameter {key} must be a real number, not {value!r}")
        out[sym] = exact
    return out


def _scalar_symbols(exprs) -> set:
    return {sym for e in exprs for sym in sympify(e, strict=True).free_symbols if not isinstance(sym, VectorSymbol)}


def _sequence_key(name: str) -> str:
    return name.lower()


def _initial_vectors(initial: dict | None, dimension: int, names) -> dict:
    out = {}
    for key, value in (initial or {}).items():
        name = _sequence_key(str(key))
        if name not in names:
            raise MethodError(f"an initial value is given for {key!r}, which is not a sequence "
                              f"(sequences: {', '.join(names)})")
        vector = np.broadcast_to(np.asarray(value, dtype=float), (dimension,)).copy()
        if not np.all(np.isfinite(vector)):
            raise ObjectiveError(f"the initial value of {key} is not finite")
        out[name] = vector
    return out


# --------------------------------------------------------------------------- the system of ODEs

@dataclass(frozen=True)
class AdaptiveSystem:
    r"""A derived system of ODEs, lambdified: :math:`y' = G(t, y)`, :math:`y = (S_1, \dots, S_m)` stacked.

    Attributes
    ----------
    ode : ODESystem
        The derived system.
    dimension : int
        :math:`d`; the state has ``len(states) * d`` entries.
    states : tuple of str
        The sequences whose states have an equation (primary first), as lower-case names.
    static : tuple of str
        The sequences whose states follow an algebraic relation.
    rhs : callable
        ``rhs(t, y)``.
    initial_state : callable
        ``initial_state(x0, initial=None)``: :math:`y(0)` from the system's initial conditions, with
        ``initial = {"v": array}`` replacing some.
    relation : callable
        ``relation(name, t, y)``: a static state at a time.
    values : dict
        The parameter values used.
    """

    ode: ODESystem
    dimension: int
    states: tuple
    static: tuple
    rhs: Callable
    initial_state: Callable
    relation: Callable
    values: dict

    def block(self, y, name: str) -> np.ndarray:
        """The entries of the state ``name`` in a stacked vector ``y``."""
        i = self.states.index(_sequence_key(name))
        return y[i * self.dimension:(i + 1) * self.dimension]


def adaptive_system(limit, objective, *, parameters: dict | None = None) -> AdaptiveSystem:
    r"""Lambdify a derived system of ODEs for an objective (the vector form, any dimension).

    Parameters
    ----------
    limit : SystemLimit or ODESystem
        The engine's result (``system_limit(method)``) or its system.
    objective : Objective or NumericObjective
    parameters : dict
        Values of the system's scalar symbols by name or symbol (``{"b": 1, "varepsilon": 1e-8}``).

    Raises
    ------
    IntegrationError
        When a parameter value is missing, or an equation is not of first order.
    UnsupportedError
        For a vector atom that is not a state, a gradient or a coordinate-wise operation on them.

    Examples
    --------
    >>> import numpy as np
    >>> from symflow.limit import system_limit
    >>> from symflow.methods import adam
    >>> from symflow.numeric import quadratic
    >>> sys = adaptive_system(system_limit(adam(False)), quadratic([[2.0]]),
    ...                       parameters={"a": 1, "b": 1, "varepsilon": 0})
    >>> sys.states, sys.initial_state([1.0], {"v": 4.0})
    (('x', 'm', 'v'), array([1., 0., 4.]))
    >>> sys.rhs(0.0, np.array([1.0, 1.0, 4.0]))
    array([-0.5,  1. ,  0. ])
    """
    system = limit if isinstance(limit, ODESystem) else limit.system
    f = as_numeric(objective)
    d = f.dimension
    time = system.time
    exprs = [eq.rhs for eq in system.equations + system.relations + system.initial_conditions]
    values = _values(_scalar_symbols(exprs) - {time}, parameters, f"the system {system.name}")
    states = []
    arguments = {}
    for eq in system.equations:
        if eq.lhs.derivative_count != 1:
            raise IntegrationError(f"the equation of {eq.lhs.expr} is of order {eq.lhs.derivative_count}; "
                                   "write it as first-order equations")
        state = eq.lhs.expr
        states.append(_sequence_key(state.func.__name__))
        arguments[state] = Symbol(f"_{state.func.__name__}")
    where = f"the system {system.name or ''}".rstrip()
    fields = [_compile(eq.rhs, (time,), arguments, values, d, where) for eq in system.equations]
    relations = {_sequence_key(eq.lhs.func.__name__): _compile(eq.rhs, (time,), arguments, values, d, where)
                 for eq in system.relations}
    starts = {}
    for eq in system.initial_conditions:
        name = _sequence_key(eq.lhs.func.__name__)
        if name in states:
            starts[name] = _compile(eq.rhs, (), {x0: Symbol("_x0")}, values, d, f"{where}: the initial value")
    missing = [n for n in states if n not in starts]
    if missing:
        raise IntegrationError(f"{where} gives no initial value for {', '.join(n.upper() for n in missing)}")

    def split(y):
        return tuple(y[i * d:(i + 1) * d] for i in range(len(states)))

    def rhs(tt, y):
        blocks = split(y)
        return np.concatenate([field((tt,), blocks, f.gradient) for field in fields])

    def initial_state(point, initial=None):
        x = f.check_point(point)
        given = _initial_vectors(initial, d, states + list(relations))
        return np.concatenate([given[n] if n in given else starts[n]((), (x,), f.gradient) for n in states])

    def relation(name, tt, y):
        key = _sequence_key(name)
        if key in relations:
            return relations[key]((tt,), split(y), f.gradient)
        if key in states:
            return split(y)[states.index(key)]
        raise IntegrationError(f"{where} has no state {name!r}")

    return AdaptiveSystem(system, d, tuple(states), tuple(relations), rhs, initial_state, relation, values)


@dataclass(frozen=True)
class SystemTrajectory:
    r"""The states of an integrated system at requested times.

    Attributes
    ----------
    t : ndarray, shape (m,)
    states : dict
        ``{sequence name: array of shape (m, d)}``, the static states included.
    primary : str
    """

    t: np.ndarray
    states: dict
    primary: str

    @property
    def X(self) -> np.ndarray:
        r""":math:`X(t)` at the times, shape ``(m, d)``."""
        return self.states[self.primary]


def _start(system: AdaptiveSystem, t0: float, y0: np.ndarray, tau: float) -> tuple:
    """``(t, y)`` to integrate from: ``(t0, y0)``, or one Euler step past a 0/0 at the start."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        slope = system.rhs(t0, y0)
    if np.all(np.isfinite(slope)):
        return t0, y0
    d = system.dimension
    finite = [bool(np.all(np.isfinite(slope[i * d:(i + 1) * d]))) for i in range(len(system.states))]
    if not any(finite):
        raise IntegrationError(f"the right side of {system.ode.name} is not finite at the start t = {t0:g}")
    y = y0.copy()
    for i, ok in enumerate(finite):
        if ok:
            y[i * d:(i + 1) * d] += tau * slope[i * d:(i + 1) * d]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        later = system.rhs(t0 + tau, y)
    for i, ok in enumerate(finite):
        if not ok:
            part = later[i * d:(i + 1) * d]
            if not np.all(np.isfinite(part)):
                raise IntegrationError(f"the right side of {system.ode.name} for {system.states[i].upper()} is "
                                       f"not finite at t = {t0:g} nor just after it")
            y[i * d:(i + 1) * d] = y0[i * d:(i + 1) * d] + tau * part
    return t0 + tau, y


def solve_system(system: AdaptiveSystem, x0, times, *, initial: dict | None = None, rtol: float = 1e-10,
                 atol: float = 1e-12, start_step: float = 1e-9) -> SystemTrajectory:
    r"""Integrate a lambdified system from :math:`t = 0` (SciPy's DOP853) and sample it at ``times``.

    Parameters
    ----------
    system : AdaptiveSystem
    x0 : array_like
    times : array_like
        Increasing times :math:`\ge 0`.
    initial : dict, optional
        ``{"v": array}``: initial values replacing the system's own.
    start_step : float
        :math:`\tau` relative to the last time, used only where the right side is :math:`0/0` at
        :math:`t = 0` (see the module docstring).

    Raises
    ------
    IntegrationError
        For times before 0, a failed step or a blow-up.

    Examples
    --------
    >>> import numpy as np
    >>> from symflow.limit import system_limit
    >>> from symflow.methods import adam
    >>> from symflow.numeric import quadratic
    >>> sys = adaptive_system(system_limit(adam()), quadratic([[1.0]]),
    ...                       parameters={"a": 2, "b": 1, "varepsilon": 0})
    >>> tr = solve_system(sys, [1.0], [0.0, 0.5])
    >>> tr.X.round(4).ravel().tolist(), sorted(tr.states)
    ([1.0, 0.5068], ['m', 'v', 'x'])
    """
    ts = check_times(times, 0.0)
    y0 = system.initial_state(x0, initial)
    tau = start_step * max(float(ts[-1]), 1.0)
    t_start, y_start = _start(system, 0.0, y0, tau) if ts[-1] > 0 else (0.0, y0)
    later = ts >= t_start
    trajectory = integrate(system, t_start, y_start, ts[later], rtol=rtol, atol=atol) if later.any() else \
        Trajectory(ts[:0], np.zeros((0, y0.size)), system.dimension)
    early = ts[~later]
    ramp = (early - 0.0) / (t_start - 0.0) if early.size else early
    ys = np.vstack([y0 + np.outer(ramp, y_start - y0), trajectory.states]) if early.size else trajectory.states
    d = system.dimension
    out = {name: ys[:, i * d:(i + 1) * d] for i, name in enumerate(system.states)}
    for name in system.static:
        out[name] = np.array([system.relation(name, tt, y) for tt, y in zip(ts, ys)])
    return SystemTrajectory(ts, out, system.states[0])


# --------------------------------------------------------------------------- the discrete method

@dataclass(frozen=True)
class _Update:
    target: str
    shift: int
    terms: tuple       # ((name, shift), ...) in the order of the arguments
    evaluate: _Compiled


def _updates(method: Method, values: dict, dimension: int) -> tuple:
    out = []
    for eq in method.updates:
        if not (isinstance(eq.lhs, AppliedVector) and sequence_shift(eq.lhs) >= 0):
            raise MethodError(f"method {method.name!r}: the update {eq} is not explicit")
        atoms = sorted(sympify(eq.rhs).atoms(AppliedVector), key=str)
        arguments = {}
        terms = []
        for atom in atoms:
            j = sequence_shift(atom)
            arguments[atom] = Symbol(f"_{atom.func.__name__}_{j + 64}")
            terms.append((atom.func.__name__, j))
        compiled = _compile(eq.rhs, (k, s), arguments, values, dimension,
                            f"method {method.name!r}: the update of {eq.lhs.func.__name__}")
        out.append(_Update(eq.lhs.func.__name__, sequence_shift(eq.lhs), tuple(terms), compiled))
    return tuple(out)


def simulate_adaptive(method: Method, objective, x0, *, step_size: float, iterations: int,
                      parameters: dict | None = None, initial: dict | None = None) -> DiscreteRun:
    r"""Run a method given by explicit updates (an adaptive method) from its own update equations.

    Parameters
    ----------
    method : Method
        Every update of the form ``y(k + j) = ...`` in terms already known (as an
        :class:`~symflow.core.adaptive_method.AdaptiveMethod`).
    objective : Objective or NumericObjective
    x0 : array_like
    step_size : float
    iterations : int
        The last index :math:`N` of the primary sequence.
    parameters : dict
        Values of the method's parameters by name or symbol (``{"beta": 0.99, "varepsilon": 1e-8}``).
    initial : dict, optional
        ``{"v": array}``: initial values replacing the method's own (``v_0 = 0``).

    Raises
    ------
    MethodError
        A missing parameter, or a term needed before it is defined.
    DivergenceError
        If an iterate is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from symflow.methods import rmsprop
    >>> from symflow.numeric import quadratic
    >>> run = simulate_adaptive(rmsprop(), quadratic([[1.0]]), [1.0], step_size=0.1, iterations=2,
    ...                         parameters={"beta": 0.75, "varepsilon": 0})
    >>> run.primary.ravel().round(4).tolist(), run.sequence("v").ravel().round(4).tolist()
    ([1.0, 0.8, 0.6643], [0.0, 0.25, 0.3475])
    """
    f = as_numeric(objective)
    x = f.check_point(x0)
    if not (isinstance(step_size, (int, float)) and np.isfinite(step_size) and step_size > 0):
        raise MethodError(f"the step size must be a positive number, not {step_size!r}")
    if not isinstance(iterations, (int, np.integer)) or iterations < 0:
        raise MethodError(f"iterations must be a whole number >= 0, not {iterations!r}")
    d = f.dimension
    names = {str(p): p for p in method.parameters}
    unknown = sorted(str(key) for key in (parameters or {}) if str(key) not in names)
    if unknown:
        raise MethodError(f"method {method.name!r} has no parameter {', '.join(unknown)} "
                          f"(its parameters: {', '.join(names) or 'none'})")
    values = _values(method.parameters, parameters, f"method {method.name!r}")
    missing = [n for n, p in names.items() if p not in values]
    if missing:
        raise MethodError(f"method {method.name!r} needs a value for {', '.join(missing)}")
    updates = _updates(method, values, d)
    store = {(method.primary, 0): x}
    given = _initial_vectors(initial, d, method.sequences)
    for eq in method.initial:
        name, index = eq.lhs.func.__name__, int(eq.lhs.args[0])
        if name in given and index == 0:
            continue
        arguments = {}
        for atom in sorted(sympify(eq.rhs).atoms(AppliedVector), key=str):
            arguments[atom] = Symbol(f"_{atom.func.__name__}_{int(atom.args[0])}")
        compiled = _compile(eq.rhs, (), arguments, values, d, f"method {method.name!r}: the initial value of {name}")
        vectors = tuple(store[(a.func.__name__, int(a.args[0]))] for a in arguments)
        store[(name, index)] = compiled((), vectors, f.gradient)
    for name, vector in given.items():
        store[(name, 0)] = vector
    s_value = float(step_size)
    kk = method.start
    sweeps = 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        while (method.primary, iterations) not in store:
            if sweeps % 256 == 0:
                check_budget(f"running {method.name} (iteration {kk})")
            for update in updates:
                index = kk + update.shift
                try:
                    vectors = tuple(store[(name, kk + j)] for name, j in update.terms)
                except KeyError as exc:
                    name, where = exc.args[0]
                    raise MethodError(f"method {method.name!r}: {name}({where}) is needed for "
                                      f"{update.target}({index}) but is not defined (give it in the initial "
                                      "values)") from None
                value = update.evaluate((kk, s_value), vectors, f.gradient)
                if not np.all(np.isfinite(value)):
                    raise DivergenceError(f"method {method.name!r} diverged: {update.target}({index}) is not "
                                          f"finite (step size {s_value})")
                store[(update.target, index)] = np.array(value)
            kk += 1
            sweeps += 1
            if sweeps > iterations + abs(method.start) + 4:
                raise MethodError(f"method {method.name!r} never defines {method.primary}({iterations})")
    out = {name: np.full((iterations + 1, d), np.nan) for name in method.sequences}
    for (name, index), value in store.items():
        if 0 <= index <= iterations:
            out[name][index] = value
    return DiscreteRun(method, s_value, out)


# --------------------------------------------------------------------------- method against system

def scaled_parameters(limit, step_size: float, values: dict | None = None) -> dict:
    r"""The method's parameters at step size :math:`s` under the limit's scaling (:math:`\beta = 1 - bs^c`).

    Parameters
    ----------
    limit : SystemLimit
        The engine's result; its ``weights`` say what each averaging weight becomes.
    step_size : float
    values : dict
        The constants of the scaling and the other parameters by name (``{"b": 1, "varepsilon": 1e-8}``);
        a weight kept fixed (:math:`c = 0`) takes its value from here.

    Examples
    --------
    >>> from symflow.limit import system_limit
    >>> from symflow.methods import rmsprop
    >>> scaled_parameters(system_limit(rmsprop()), 0.01, {"b": 2, "varepsilon": 1e-8})
    {'beta': 0.98, 'varepsilon': 1e-08}
    """
    method = limit.method
    weights = limit.weights
    symbols = set(method.parameters) | _scalar_symbols(weights.values())
    table = _values(symbols - {s}, values, f"method {method.name!r}")
    table[s] = sympify(step_size)
    out = {}
    for p in method.parameters:
        value = sympify(weights.get(p, p)).xreplace(table)
        if not value.is_number:
            raise MethodError(f"method {method.name!r} needs a value for {', '.join(sorted(map(str, value.free_symbols)))}")
        out[str(p)] = float(value)
    return out


def fitted_order(step_sizes, errors) -> float:
    r"""The slope of :math:`\log(\text{error})` against :math:`\log s` (least squares): the order of consistency.

    Examples
    --------
    >>> fitted_order([0.1, 0.05, 0.025], [0.2, 0.1, 0.05])
    1.0
    """
    s_values = np.asarray(step_sizes, dtype=float)
    e_values = np.asarray(errors, dtype=float)
    if s_values.size < 2 or s_values.shape != e_values.shape or np.any(s_values <= 0) or np.any(e_values <= 0):
        raise IntegrationError("a fitted order needs at least two positive step sizes and positive errors")
    slope = np.polyfit(np.log(s_values), np.log(e_values), 1)[0]
    return float(np.round(slope, 12))


def compare_adaptive(limit, objective, x0, *, step_sizes, horizon: float, values: dict | None = None,
                     initial: dict | None = None, rtol: float = 1e-10, atol: float = 1e-12) -> dict:
    r"""Runs of the method against its derived system at the matching times :math:`t_k = (k + c)s^a`.

    The method runs with the parameters the limit's scaling sets at each :math:`s`
    (:func:`scaled_parameters`); the system is integrated once on the union of the grids.

    Parameters
    ----------
    limit : SystemLimit
        ``system_limit(method, ...)``: the method, its system and its scaling.
    objective : Objective or NumericObjective
    x0 : array_like
    step_sizes : sequence of float
    horizon : float
        :math:`T`; the runs stop at the last :math:`k` with :math:`t_k \le T`.
    values : dict
        The system's constants (``a``, ``b``, ``varepsilon``; a fixed ``beta``).
    initial : dict, optional
        ``{"v": array}``: the system's start; the method starts at :math:`s^{-p}` times it for a
        sequence of amplitude :math:`s^{-p}` (AdaGrad's :math:`v_k = V/s^2`), at it otherwise.

    Returns
    -------
    dict
        ``{"ode": {"t", "X", "f"}, "runs": [{"s", "t", "x", "f", "error"}, ...], "order": slope}``
        with ``error`` :math:`= \max_k\|x_k - X(t_k)\|` and ``order`` the :func:`fitted_order`
        (``None`` for a single step size); the format of :func:`~symflow.numeric.comparison_figure`.

    Examples
    --------
    >>> import numpy as np
    >>> from symflow.limit import system_limit
    >>> from symflow.methods import rmsprop
    >>> lim = system_limit(rmsprop())
    >>> data = compare_adaptive(lim, logistic_regression(), [-1.0, -1.0], step_sizes=[0.02, 0.01, 0.005],
    ...                         horizon=1.0, values={"b": 1, "varepsilon": 1e-8}, initial={"v": 1.0})
    >>> round(data["order"], 1)
    1.0
    """
    f = as_numeric(objective)
    if not (isinstance(horizon, (int, float)) and np.isfinite(horizon) and horizon > 0):
        raise IntegrationError(f"the horizon must be a positive number, not {horizon!r}")
    a, c = float(limit.exponent), float(getattr(limit, "offset", 0))
    system = adaptive_system(limit, f, parameters=values)
    grids = []
    for step in step_sizes:
        delta = float(step) ** a
        n = int(np.floor(horizon / delta - c + 1e-9))
        grids.append((float(step), n, (np.arange(n + 1) + c) * delta))
    dense = np.linspace(0.0, horizon, 401)
    union = np.unique(np.concatenate([g[2] for g in grids] + [dense]))
    trajectory = solve_system(system, x0, union, initial=initial, rtol=rtol, atol=atol)
    runs = []
    for step, n, ts in grids:
        run = simulate_adaptive(limit.method, f, x0, step_size=step, iterations=n,
                                parameters=scaled_parameters(limit, step, values),
                                initial=_method_initial(limit, initial, step))
        X = trajectory.X[np.searchsorted(union, ts)]
        xs = run.primary
        runs.append({"s": step, "t": ts, "x": xs, "f": np.array([f.value(p) for p in xs]),
                     "error": float(np.max(np.linalg.norm(xs - X, axis=1)))})
    Xd = trajectory.X[np.searchsorted(union, dense)]
    order = fitted_order([r["s"] for r in runs], [r["error"] for r in runs]) if len(runs) > 1 else None
    return {"ode": {"t": dense, "X": Xd, "f": np.array([f.value(p) for p in Xd])}, "runs": runs, "order": order}


def _method_initial(limit, initial: dict | None, step: float) -> dict | None:
    r"""The method's start for the system's: a sequence of amplitude :math:`s^{-p}` starts at :math:`y_0 = s^{-p}Y(0)`."""
    if initial is None:
        return None
    amplitudes = {name: float(p) for name, p in getattr(limit, "amplitudes", ())}
    return {name: np.asarray(value, dtype=float) * step ** (-amplitudes.get(name, 0.0))
            for name, value in initial.items()}


# --------------------------------------------------------------------------- objectives

def rosenbrock(scale: float = 100) -> Objective:
    r"""Rosenbrock's function :math:`f(x) = (1 - x_1)^2 + \text{scale}\,(x_2 - x_1^2)^2` (minimum 0 at :math:`(1, 1)`).

    Examples
    --------
    >>> rosenbrock().expression
    (1 - x1)**2 + 100*(-x1**2 + x2)**2
    """
    x1, x2 = coordinates(2)
    return Objective((1 - x1) ** 2 + sympify(scale) * (x2 - x1 ** 2) ** 2, (x1, x2))


def logistic_regression(samples: int = 40, dimension: int = 2, *, seed: int = 0,
                        noise: float = 1.0) -> NumericObjective:
    r"""The mean logistic loss :math:`\frac1n\sum_i \log(1 + e^{-y_i a_i^\top x})` on generated data.

    The features :math:`a_i` are standard normal, the labels :math:`y_i = \operatorname{sign}(a_i^\top
    \mathbb 1 + \text{noise}\,\xi_i)` with :math:`\xi_i` standard normal, from a NumPy generator with
    the given seed; with noise the classes overlap, so the minimiser is finite. The loss is built in
    vector form (:func:`~symflow.numeric.separable`), its derivatives derived.

    Examples
    --------
    >>> import numpy as np
    >>> f = logistic_regression(seed=1)
    >>> f.dimension, round(f.value(np.zeros(2)), 6)
    (2, 0.693147)
    """
    if not (isinstance(samples, int) and isinstance(dimension, int) and samples >= 1 and dimension >= 1):
        raise ObjectiveError("samples and dimension must be positive whole numbers")
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((samples, dimension))
    labels = np.sign(features @ np.ones(dimension) + noise * rng.standard_normal(samples))
    labels[labels == 0] = 1.0
    u = Symbol("u", real=True)
    return separable(log(1 + exp(-u)) / samples, u, labels[:, None] * features)


# --------------------------------------------------------------------------- figure

def consistency_figure(results: dict):
    r"""Errors against step sizes on log–log axes, one line per comparison, with the fitted slopes.

    Parameters
    ----------
    results : dict
        ``{label: compare_adaptive(...)}``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> runs = [{"s": 0.1, "error": 0.2}, {"s": 0.05, "error": 0.1}]
    >>> fig = consistency_figure({"test": {"runs": runs, "order": 1.0}})
    >>> fig.axes[0].get_xlabel()
    '$s$'
    """
    from matplotlib.figure import Figure  # loaded on first plot: importing symflow stays quick

    fig = Figure(figsize=(6.5, 4.5))
    ax = fig.subplots()
    for label, data in results.items():
        steps = [r["s"] for r in data["runs"]]
        errors = [r["error"] for r in data["runs"]]
        order = data.get("order")
        ax.loglog(steps, errors, "o-", label=f"{label} (slope {order:.2f})" if order is not None else label)
    ax.set_xlabel("$s$")
    ax.set_ylabel(r"$\max_k \|x_k - X(ks)\|$")
    ax.legend(fontsize="x-small", loc="lower right")
    fig.tight_layout()
    return fig
