r"""Run any :class:`~symflow.core.Method` on a concrete objective, from its own update equations.

Each update ``Eq(y(k+m), rhs)`` is taken apart with
:func:`~symflow.core.vector_coefficients` into sequence terms
:math:`c(k, s)\,z_{k+j}` and gradient terms :math:`c(k, s)\,\nabla f(P)` with
:math:`P` an affine combination of sequence terms; the scalar coefficients are
lambdified once, and every iteration is a few NumPy axpy operations plus one
gradient evaluation per gradient term. ``method.initial`` and ``method.start``
are honoured. An update that evaluates the gradient at the point it defines
(an implicit step) is solved as a linear system when the objective is
quadratic and refused otherwise.

Examples
--------
>>> import numpy as np
>>> from symflow.methods import gradient_descent, nesterov
>>> from symflow.numeric import quadratic
>>> f = quadratic(np.diag([1.0, 0.5]))
>>> run_method(gradient_descent(), f, [1.0, 1.0], step_size=0.5, iterations=2)
array([[1.    , 1.    ],
       [0.5   , 0.75  ],
       [0.25  , 0.5625]])
>>> run = simulate_method(nesterov(), f, [1.0, 1.0], step_size=0.5, iterations=3)
>>> run.sequence("y").shape, float(run.times(exponent=0.5)[-1])
((4, 2), 2.121320343559643)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sympy import SympifyError, lambdify, sympify

from ..core.errors import DivergenceError, MethodError
from ..core.limits import check_budget
from ..core.model import Method
from ..core.symbols import AppliedVector, k, sequence_shift
from ..core.vectors import NablaF, vector_coefficients
from .objectives import as_numeric

__all__ = ["compile_method", "DiscreteRun", "simulate_method", "run_method"]


@dataclass(frozen=True)
class _Update:
    target: str
    shift: int
    terms: tuple       # ((name, shift, coefficient(k, s)), ...)
    gradients: tuple   # ((coefficient(k, s), ((name, shift, coefficient(k, s)), ...)), ...)


@dataclass(frozen=True)
class CompiledMethod:
    r"""The updates of a method with numeric coefficients (see :func:`compile_method`)."""

    method: Method
    updates: tuple
    initial: tuple


def _coefficient(expr, step_size, values):
    expr = sympify(expr, strict=True).subs(values)
    stray = expr.free_symbols - {k, step_size}
    if stray:
        raise MethodError(f"give values for the parameter(s) {', '.join(sorted(map(str, stray)))}")
    return lambdify((k, step_size), expr, "math")


def _sequence_terms(expr, step_size, values, where):
    terms = []
    for atom, coefficient in vector_coefficients(expr).items():
        if not isinstance(atom, AppliedVector):
            raise MethodError(f"{where}: {atom} is not a sequence term")
        terms.append((atom.func.__name__, atom.args[0], _coefficient(coefficient, step_size, values)))
    return tuple(terms)


def _split(eq, step_size, values, indexed):
    target = eq.lhs.func.__name__
    shift = sequence_shift(eq.lhs) if indexed else int(eq.lhs.args[0])
    terms, gradients = [], []
    for atom, coefficient in vector_coefficients(eq.rhs).items():
        c = _coefficient(coefficient, step_size, values)
        if isinstance(atom, NablaF):
            point = _sequence_terms(atom.point, step_size, values, f"the gradient point {atom.point}")
            gradients.append((c, point))
        else:
            terms.append((atom.func.__name__, atom.args[0], c))

    def fix(items):
        return tuple((n, int(a - k) if indexed else int(a), c) for n, a, c in items)
    return _Update(target, shift, fix(terms), tuple((c, fix(p)) for c, p in gradients))


@lru_cache(maxsize=64)
def _compile(method: Method, values: tuple) -> CompiledMethod:
    table = dict(values)
    updates = tuple(_split(eq, method.step_size, table, True) for eq in method.updates)
    initial = tuple(_split(eq, method.step_size, table, False) for eq in method.initial)
    return CompiledMethod(method, updates, initial)


def compile_method(method: Method, parameters: dict | None = None) -> CompiledMethod:
    r"""Lambdify the scalar coefficients of a method's updates (cached).

    Parameters
    ----------
    method : Method
    parameters : dict
        Values of ``method.parameters`` (symbols or their names).

    Examples
    --------
    >>> from symflow.methods import nesterov
    >>> [u.target for u in compile_method(nesterov()).updates]
    ['x', 'y']
    """
    if not isinstance(method, Method):
        raise MethodError(f"expected a Method, got {type(method).__name__}")
    names = {str(p): p for p in method.parameters}
    values = {}
    for key, value in (parameters or {}).items():
        symbol = names.get(str(key))
        if symbol is None:
            raise MethodError(f"method {method.name!r} has no parameter {key!r} "
                              f"(its parameters: {', '.join(names) or 'none'})")
        try:
            values[symbol] = sympify(value, strict=True)
        except SympifyError:
            raise MethodError(f"the parameter {key} must be a number, not {value!r}") from None
    missing = [n for n, p in names.items() if p not in values]
    if missing:
        raise MethodError(f"method {method.name!r} needs a value for {', '.join(missing)}")
    return _compile(method, tuple(sorted(values.items(), key=lambda kv: str(kv[0]))))


@dataclass(frozen=True)
class DiscreteRun:
    r"""The iterates of a discrete run.

    Attributes
    ----------
    method : Method
    step_size : float
    iterates : dict
        ``{name: array of shape (iterations + 1, d)}``, row ``j`` the term of index ``j``
        (NaN where the method never defines it).
    """

    method: Method
    step_size: float
    iterates: dict

    @property
    def primary(self) -> np.ndarray:
        """The iterates of the sequence modelled by :math:`X(t)`."""
        return self.iterates[self.method.primary]

    def sequence(self, name: str) -> np.ndarray:
        """The iterates of one sequence."""
        if name not in self.iterates:
            raise MethodError(f"method {self.method.name!r} has no sequence {name!r}")
        return self.iterates[name]

    def times(self, *, exponent: float = 0.5, offset: float = 0.0) -> np.ndarray:
        r"""The times :math:`t_k = (k + c)s^a` that the ansatz attaches to the iterates."""
        return (np.arange(len(self.primary)) + offset) * self.step_size ** exponent


def simulate_method(method: Method, objective, x0, *, step_size: float, iterations: int,
                    parameters: dict | None = None, restart=None) -> DiscreteRun:
    r"""Run ``method`` from :math:`x_0` until the primary sequence has index ``iterations``.

    Parameters
    ----------
    method : Method
    objective : Objective or NumericObjective
    x0 : array_like, shape (d,)
    step_size : float
        :math:`s > 0`.
    iterations : int
        The last index :math:`N` of the primary sequence.
    parameters : dict, optional
        Values of the method's parameters (``{"r": 4}``, ``{"mu": 0.1}``).
    restart : callable, optional
        ``restart(k, counter, store) -> bool``, called after the sweep that used index
        ``k`` and momentum counter ``counter`` (the :math:`k` in the coefficients);
        ``store[(name, index)]`` holds the iterates so far. When it returns true the
        counter restarts at ``method.start`` for the next sweep, while the iterates
        keep their index (SBC's Algorithm 1; see :mod:`symflow.numeric.restart`).

    Raises
    ------
    MethodError
        Missing parameters, an iterate needed before it is defined, an implicit
        step on a non-quadratic objective.
    ObjectiveError
        If :math:`x_0` does not fit the objective.
    DivergenceError
        If an iterate is not finite.

    Examples
    --------
    >>> from symflow.methods import heavy_ball
    >>> from symflow.numeric import quadratic
    >>> run = simulate_method(heavy_ball(), quadratic([[1.0]]), [1.0], step_size=0.01,
    ...                       iterations=500, parameters={"mu": 1})
    >>> bool(abs(run.primary[-1, 0]) < 1e-3)
    True
    """
    f = as_numeric(objective)
    x = f.check_point(x0)
    if not (isinstance(step_size, (int, float)) and np.isfinite(step_size) and step_size > 0):
        raise MethodError(f"the step size must be a positive number, not {step_size!r}")
    if not isinstance(iterations, (int, np.integer)) or iterations < 0:
        raise MethodError(f"iterations must be a whole number >= 0, not {iterations!r}")
    compiled = compile_method(method, parameters)
    s = float(step_size)
    out = {name: np.full((iterations + 1, f.dimension), np.nan) for name in method.sequences}
    store = {(method.primary, 0): x}

    def fetch(name, index, where):
        try:
            return store[(name, index)]
        except KeyError:
            raise MethodError(f"method {method.name!r}: {name}({index}) is needed for {where} but is "
                              f"not defined (give it in the initial values)") from None

    def apply(update, kk, counter, index, where):
        value = np.zeros(f.dimension)
        for name, j, c in update.terms:
            if (name, kk + j) == (update.target, index):
                raise MethodError(f"method {method.name!r}: the update of {where} uses {where} itself")
            value = value + c(counter, s) * fetch(name, kk + j, where)
        implicit = []
        for c, point in update.gradients:
            known, own = np.zeros(f.dimension), 0.0
            for name, j, a in point:
                if (name, kk + j) == (update.target, index):
                    own += a(counter, s)
                else:
                    known = known + a(counter, s) * fetch(name, kk + j, where)
            if own:
                implicit.append((c(counter, s), own, known))
            else:
                value = value + c(counter, s) * f.gradient(known)
        if implicit:
            if f.quadratic is None:
                raise MethodError(f"method {method.name!r} evaluates the gradient at the point {where} "
                                  "defines (an implicit step); this needs a quadratic objective")
            A, b = f.quadratic
            for cg, own, known in implicit:
                value = value + cg * (A @ known - b)
            M = np.eye(f.dimension) - sum(cg * own for cg, own, _ in implicit) * A
            value = np.linalg.solve(M, value)
        return value

    for update in compiled.initial:
        store[(update.target, update.shift)] = apply(update, 0, 0, update.shift,
                                                     f"the initial value {update.target}({update.shift})")
    kk, offset, sweeps = method.start, 0, 0
    with np.errstate(over="ignore", invalid="ignore"):
        while (method.primary, iterations) not in store:
            if sweeps % 256 == 0:
                check_budget(f"running {method.name} (iteration {kk})")
            for update in compiled.updates:
                index = kk + update.shift
                value = apply(update, kk, kk - offset, index, f"{update.target}({index})")
                if not np.all(np.isfinite(value)):
                    raise DivergenceError(f"method {method.name!r} diverged: {update.target}({index}) is "
                                          f"not finite (step size {s})")
                store[(update.target, index)] = value
            if restart is not None and restart(kk, kk - offset, store):
                offset = kk + 1 - method.start
            kk += 1
            sweeps += 1
            if sweeps > iterations + abs(method.start) + 4:
                raise MethodError(f"method {method.name!r} never defines {method.primary}({iterations})")
    for (name, index), value in store.items():
        if 0 <= index <= iterations:
            out[name][index] = value
    return DiscreteRun(method, s, out)


def run_method(method: Method, objective, x0, *, step_size: float, iterations: int,
               parameters: dict | None = None) -> np.ndarray:
    r"""The primary iterates :math:`x_0, \dots, x_N` of ``method``: an array of shape ``(N + 1, d)``.

    See :func:`simulate_method` for the arguments and the other sequences.

    Examples
    --------
    >>> from symflow.methods import nesterov
    >>> from symflow.parse import parse_objective
    >>> xs = run_method(nesterov(), parse_objective("x1**2/2 + x2**2"), [1, 1], step_size=0.1, iterations=2)
    >>> xs.round(4).tolist()
    [[1.0, 1.0], [0.9, 0.8], [0.81, 0.64]]
    """
    return simulate_method(method, objective, x0, step_size=step_size, iterations=iterations,
                           parameters=parameters).primary
