r"""Derived ODEs as first-order systems for SciPy and mpmath.

An :class:`~symflow.core.ODE` :math:`X^{(n)} = F(t, X, \dots, X^{(n-1)})` becomes
:math:`y' = G(t, y)` with :math:`y = (X, \dot X, \dots, X^{(n-1)})`. Two routes:

* :func:`first_order_system` evaluates the *vector form* of :math:`F`: its scalar
  coefficients are lambdified once, its vector atoms (:math:`X`, :math:`\dot X`,
  :math:`\nabla f(P)`, :math:`\nabla^2 f(P)v`) are evaluated with the objective's
  vectorised gradient and Hessian-vector product, so one call costs what a
  hand-written NumPy right-hand side costs, in any dimension;
* :func:`component_system` specialises the ODE to an :class:`~symflow.numeric.Objective`
  (:func:`~symflow.numeric.specialize`) and lambdifies the component equations,
  for NumPy or for mpmath (high precision, :func:`integrate_mp`).

Examples
--------
>>> import numpy as np
>>> from symflow.limit import continuous_limit
>>> from symflow.methods import nesterov
>>> from symflow.numeric import quadratic
>>> ode = continuous_limit(nesterov()).ode
>>> system = first_order_system(ode, quadratic(np.diag([1.0, 2.0])))
>>> system.rhs(1.0, np.array([1.0, 1.0, 1.0, 0.0]))
array([ 1.,  0., -4., -2.])
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from sympy import (
    Derivative,
    Expr,
    Symbol,
    SympifyError,
    lambdify,
    nsimplify,
    sympify,
)

from ..core.errors import (
    IntegrationError,
    ObjectiveError,
    UnsupportedError,
)
from ..core.model import ODE
from ..core.symbols import VectorSymbol, x0
from ..core.vectors import NablaF, vector_coefficients
from .objectives import NumericObjective, Objective, as_numeric, components, specialize

__all__ = ["parameter_values", "FirstOrderSystem", "first_order_system", "component_field", "component_system"]


def parameter_values(ode: ODE, parameters: dict | None) -> dict:
    r"""``{Symbol: exact value}`` for every scalar symbol of ``ode`` other than :math:`t`.

    Values may be keyed by symbol or by name (``{"r": 3, "s": 0.01}``); decimal
    numbers are read exactly.

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.core import r
    >>> parameter_values(continuous_limit(nesterov(r)).ode, {"r": 4})
    {r: 4}
    """
    needed = {sym for expr in (ode.rhs, ode.start, *[ic.rhs for ic in ode.initial_conditions])
              for sym in sympify(expr, strict=True).free_symbols
              if not isinstance(sym, VectorSymbol)} - {ode.time}
    names = {str(sym): sym for sym in needed}
    values = {}
    for key, value in (parameters or {}).items():
        sym = names.get(str(key))
        if sym is None:
            continue
        try:
            exact = nsimplify(value, rational=True) if isinstance(value, float) else sympify(value, strict=True)
        except (TypeError, ValueError, SyntaxError, SympifyError):
            exact = None
        if exact is None or not exact.is_number or not exact.is_real:
            raise IntegrationError(f"the parameter {key} must be a real number, not {value!r}")
        values[sym] = exact
    missing = sorted(n for n, sym in names.items() if sym not in values)
    if missing:
        raise IntegrationError(f"the ODE {ode.name or ode.equation} needs a value for {', '.join(missing)}")
    return values


@dataclass(frozen=True)
class FirstOrderSystem:
    r"""A first-order system :math:`y' = G(t, y)`, :math:`y = (X, \dots, X^{(n-1)})` stacked.

    Attributes
    ----------
    ode : ODE
    dimension : int
        :math:`d`; the state has ``order * d`` entries.
    start : float
        The ODE's initial time with the parameters substituted.
    rhs : callable
        ``rhs(t, y)``.
    initial_state : callable
        ``initial_state(x0)``: the state at ``start`` from the ODE's initial conditions.
    values : dict
        The parameter values used.
    """

    ode: ODE
    dimension: int
    start: float
    rhs: Callable
    initial_state: Callable
    values: dict

    @property
    def order(self) -> int:
        """The order :math:`n` of the ODE."""
        return self.ode.order


def _vector_evaluator(expr: Expr, ode: ODE, f: NumericObjective, values: dict, constants: dict):
    """A function ``(t, derivatives) -> array`` evaluating a vector expression."""
    constant_parts, timed_parts = [], []
    for atom, coefficient in vector_coefficients(sympify(expr, strict=True).subs(values)).items():
        coefficient = coefficient.subs(values)
        if coefficient.free_symbols - {ode.time}:
            raise IntegrationError(f"the coefficient {coefficient} has unknown symbols")
        evaluator = _atom_evaluator(atom, ode, f, values, constants)
        if ode.time in coefficient.free_symbols:
            timed_parts.append((lambdify(ode.time, coefficient, "math"), evaluator))
        else:
            constant_parts.append((float(coefficient), evaluator))
    if not timed_parts and len(constant_parts) == 1 and constant_parts[0][0] == 1.0:
        return constant_parts[0][1]          # a bare atom: no arithmetic at all

    def evaluate(tt, derivatives):
        total = 0.0
        for scalar, atom in timed_parts:
            total = scalar(tt) * atom(tt, derivatives) + total
        for c, atom in constant_parts:
            total = (atom(tt, derivatives) if c == 1.0 else c * atom(tt, derivatives)) + total
        return total
    return evaluate


def _atom_evaluator(atom, ode, f, values, constants):
    j = ode.derivative_order(atom)
    if j is not None:
        if j >= ode.order:
            raise IntegrationError(f"{atom} is not part of the state of an order-{ode.order} ODE")
        return lambda _t, ds: ds[j]
    if isinstance(atom, VectorSymbol):
        if atom not in constants:
            raise IntegrationError(f"give a value for the vector {atom}")
        value = constants[atom]
        return lambda _t, _ds: value
    if isinstance(atom, NablaF):
        point = _vector_evaluator(atom.point, ode, f, values, constants)
        dirs = [_vector_evaluator(v, ode, f, values, constants) for v in atom.directions]
        if not dirs:
            return lambda tt, ds: f.gradient(point(tt, ds))
        if len(dirs) == 1:
            direction = dirs[0]
            return lambda tt, ds: f.hessian_vector(point(tt, ds), direction(tt, ds))
        raise UnsupportedError(f"{atom} (a third derivative of f) needs the component route: "
                               "use component_system with a symbolic objective")
    raise IntegrationError(f"cannot evaluate {atom} numerically")


def _start(ode: ODE, values: dict) -> float:
    start = sympify(ode.start, strict=True).subs(values)
    if not start.is_number:
        raise IntegrationError(f"the ODE's start {ode.start} has unknown symbols")
    return float(start)


def first_order_system(ode: ODE, objective, *, parameters: dict | None = None) -> FirstOrderSystem:
    r"""The vectorised NumPy first-order system of ``ode`` for an objective (any dimension).

    Parameters
    ----------
    ode : ODE
        A derived ODE in :math:`X(t)`, its derivatives, :math:`\nabla f` and :math:`\nabla^2 f\,v`.
    objective : Objective or NumericObjective
    parameters : dict
        Values of the ODE's scalar symbols (``r``, ``mu``, ``s``, ...).

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nag_sc
    >>> from symflow.numeric import quadratic
    >>> ode = continuous_limit(nag_sc(), order=1).ode
    >>> sys = first_order_system(ode, quadratic([[1.0]]), parameters={"mu": 1, "s": 0.01})
    >>> sys.initial_state([2.0])
    array([ 2. , -0.4])
    """
    f = as_numeric(objective)
    values = parameter_values(ode, parameters)
    d, n = f.dimension, ode.order
    field = _vector_evaluator(ode.rhs, ode, f, values, {})

    if n == 2:
        def rhs(tt, y):
            ds = (y[:d], y[d:])
            top = field(tt, ds)
            return np.concatenate((ds[1], top if np.shape(top) == (d,) else np.broadcast_to(top, (d,))))
    else:
        def rhs(tt, y):
            ds = [y[j * d:(j + 1) * d] for j in range(n)]
            top = field(tt, ds)
            return np.concatenate(ds[1:] + [top if np.shape(top) == (d,) else np.broadcast_to(top, (d,))])

    def initial_state(point):
        x = f.check_point(point)
        state = [None] * n
        for ic in ode.initial_conditions:
            j = ode.initial_order(ic)
            value = _vector_evaluator(ic.rhs, ode, f, values, {x0: x})(0.0, [])
            state[j] = np.broadcast_to(np.asarray(value, dtype=float), (d,))
        missing = [j for j, v in enumerate(state) if v is None]
        if missing:
            raise IntegrationError(f"the ODE gives no initial value for derivative(s) {missing}")
        return np.concatenate(state)

    return FirstOrderSystem(ode, d, _start(ode, values), rhs, initial_state, values)


def component_field(ode: ODE, objective: Objective, values: dict, *, transform=None) -> tuple:
    r"""``(state, field)``: the component right-hand sides in the state symbols ``_y{j}_{i}`` (derivative j, component i).

    ``transform`` is applied to each right-hand side (e.g. to make its constants floats).

    Raises
    ------
    IntegrationError
        When a right-hand side still depends on a symbol other than the time and the state.

    Examples
    --------
    >>> from symflow.core import ODE, X, t, grad
    >>> from symflow.parse import parse_objective
    >>> component_field(ODE(-grad(X(t)), 1), parse_objective("x1**2/2"), {})
    ([_y0_0], [-_y0_0])
    """
    d, n = objective.dimension, ode.order
    eqs = specialize(ode, objective)
    state = [Symbol(f"_y{j}_{i}") for j in range(n) for i in range(d)]
    table = {}
    for i, eq in enumerate(eqs):
        base = eq.lhs.expr
        for j in reversed(range(1, n)):
            table[Derivative(base, (ode.time, j))] = state[j * d + i]
        table[base] = state[i]
    field = [eq.rhs.subs(values).xreplace(table) for eq in eqs]
    if transform is not None:
        field = [transform(e) for e in field]
    stray = set().union(*[e.free_symbols for e in field]) - set(state) - {ode.time}
    if stray:
        raise IntegrationError(f"the specialised ODE still depends on {sorted(map(str, stray))}")
    return state, field


def component_system(ode: ODE, objective: Objective, *, parameters: dict | None = None,
                     modules: str = "numpy") -> FirstOrderSystem:
    r"""The first-order system from the component equations (:func:`~symflow.numeric.specialize`).

    With ``modules="mpmath"`` the right-hand side returns a list of mpmath numbers, and
    ``initial_state`` returns exact SymPy numbers (convert at the working precision).

    Examples
    --------
    >>> from symflow.limit import continuous_limit
    >>> from symflow.methods import nesterov
    >>> from symflow.parse import parse_objective
    >>> sys = component_system(continuous_limit(nesterov()).ode, parse_objective("x1**2/2"))
    >>> sys.rhs(1.0, np.array([1.0, 1.0]))
    array([ 1., -4.])
    >>> from sympy import Rational
    >>> sys.initial_state([Rational(1, 3)])
    [1/3, 0]
    """
    if not isinstance(objective, Objective):
        raise ObjectiveError("the component route needs a symbolic Objective")
    values = parameter_values(ode, parameters)
    d, n = objective.dimension, ode.order
    state, field = component_field(ode, objective, values)
    fn = lambdify((ode.time, state), field, modules, cse=True)
    if modules == "mpmath":
        def rhs(tt, y):
            return list(y[d:]) + list(fn(tt, y))
    else:
        def rhs(tt, y):
            return np.concatenate([y[d:], np.asarray(fn(tt, y), dtype=float)])
    xs = [Symbol(f"_x0_{i}") for i in range(d)]

    def initial_state(point):
        if len(point) != d:
            raise ObjectiveError(f"x0 has dimension {len(point)}, the objective has dimension {d}")
        exact = [nsimplify(v, rational=True) if isinstance(v, float) else sympify(v, strict=True) for v in point]
        out = [None] * (n * d)
        for ic in ode.initial_conditions:
            j = ode.initial_order(ic)
            comps = components(ic.rhs.subs(values), objective, vectors={x0: xs})
            for i, c in enumerate(comps):
                out[j * d + i] = sympify(c, strict=True).subs(dict(zip(xs, exact)))
        if any(v is None for v in out):
            raise IntegrationError("the ODE does not give every initial value")
        return out

    return FirstOrderSystem(ode, d, _start(ode, values), rhs, initial_state, values)
