r"""Concrete objectives in :math:`\mathbb{R}^d`, and derived ODEs specialised to them.

An :class:`Objective` is a SymPy expression in named coordinates; its gradient
and Hessian are derived by SymPy. :func:`specialize` turns a dimension-free
ODE (in :math:`X`, :math:`\nabla f(X)`, :math:`\nabla^2 f(X)\dot X`, ...) into
its component equations for that objective. :func:`parse_objective` reads an
objective from user text through an :mod:`ast` whitelist.

For numbers, :meth:`Objective.numeric` lambdifies the derived gradient and
Hessian into a :class:`NumericObjective`; :func:`quadratic` and
:func:`separable` build one directly from a *vector form* (a matrix), with the
gradient derived once in matrix calculus, so that it stays fast in
:math:`d = 10^3`–:math:`10^4`.

Examples
--------
>>> from sympy import symbols
>>> from symflow.core import X, t, ODE, grad
>>> x1, x2 = symbols("x1 x2", real=True)
>>> f = Objective(x1**2 + 3*x2**2, (x1, x2))
>>> [eq.rhs for eq in specialize(ODE(-grad(X(t)), 1), f)]
[-2*X1(t), -6*X2(t)]
>>> from symflow.parse import parse_objective
>>> parse_objective("0.02*x1**2 + 0.005*x2**2").gradient
(x1/25, x2/100)
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from itertools import product
from typing import Callable

import numpy as np
from sympy import (
    Abs,
    Derivative,
    Eq,
    Expr,
    Float,
    Function,
    Heaviside,
    Integer,
    Matrix,
    MatrixSymbol,
    Max,
    Min,
    Piecewise,
    Rational,
    Subs,
    Symbol,
    ceiling,
    diff,
    exp,
    floor,
    lambdify,
    log,
    sign,
)

from ..core.errors import ObjectiveError, UnsupportedError
from ..core.model import ODE
from ..core.symbols import AppliedVector, VectorSymbol, t
from ..core.vectors import NablaF, vector_coefficients

__all__ = ["float_constants", "coordinates", "Objective", "NumericObjective", "as_numeric", "quadratic", "separable",
           "quartic", "logistic_loss", "log_sum_exp", "components", "specialize"]


_NON_SMOOTH = (Abs, sign, Max, Min, floor, ceiling, Piecewise, Heaviside)


def float_constants(expr: Expr) -> Expr:
    r"""``expr`` with its integers beyond :math:`2^{53}` made floats, so NumPy never sees a Python long.

    Examples
    --------
    >>> from sympy import log, Integer
    >>> float(float_constants(log(Integer(2) ** 64)))
    44.3614195558365
    """
    big = {n: Float(n) for n in expr.atoms(Integer) if abs(n) > 2 ** 53}
    return expr.xreplace(big) if big else expr


def coordinates(dimension: int) -> tuple:
    r"""The coordinate symbols :math:`x_1, \dots, x_d` (real) used by :func:`parse_objective`.

    Examples
    --------
    >>> coordinates(3)
    (x1, x2, x3)
    """
    if not isinstance(dimension, int) or dimension < 1:
        raise ObjectiveError(f"the dimension must be a positive whole number, not {dimension!r}")
    return tuple(Symbol(f"x{i + 1}", real=True) for i in range(dimension))


@dataclass(frozen=True)
class Objective:
    r"""A scalar function :math:`f(x_1, \dots, x_d)` given by a SymPy expression.

    Parameters
    ----------
    expression : Expr
        The function.
    coordinates : tuple of Symbol
        Its variables, in order.

    Raises
    ------
    UnsupportedError
        If the expression depends on symbols that are not coordinates.
    ObjectiveError
        If it is not a smooth real expression (``Abs``, ``Max``, ``I``, ...).

    Examples
    --------
    >>> x1, x2 = coordinates(2)
    >>> f = Objective(x1**4 / 4 + x1 * x2, (x1, x2))
    >>> f.gradient, f.hessian
    ((x1**3 + x2, x1), Matrix([
    [3*x1**2, 1],
    [      1, 0]]))
    """

    expression: Expr
    coordinates: tuple

    def __post_init__(self):
        object.__setattr__(self, "coordinates", tuple(self.coordinates))
        if not self.coordinates:
            raise UnsupportedError("an objective needs at least one coordinate")
        stray = self.expression.free_symbols - set(self.coordinates)
        if stray:
            raise UnsupportedError(f"the objective depends on {sorted(map(str, stray))}, "
                                   "which are not coordinates")
        rough = [type(a).__name__ for a in self.expression.atoms(*_NON_SMOOTH)]
        if rough:
            raise ObjectiveError(f"the objective {self.expression} is not differentiable "
                                 f"(it uses {', '.join(sorted(set(rough)))})")
        if any(n.is_real is False or n.is_finite is False for n in self.expression.atoms()
               if n.is_number):
            raise ObjectiveError(f"the objective {self.expression} is not a finite real function")

    @property
    def dimension(self) -> int:
        """The dimension :math:`d`."""
        return len(self.coordinates)

    def at(self, point) -> dict:
        """Substitution ``{x_i: point_i}``."""
        if len(point) != self.dimension:
            raise ObjectiveError(f"a point of dimension {len(point)} for an objective in dimension {self.dimension}")
        return dict(zip(self.coordinates, point))

    @cached_property
    def gradient(self) -> tuple:
        r""":math:`\nabla f` (derived), one expression per coordinate."""
        return tuple(diff(self.expression, x) for x in self.coordinates)

    @cached_property
    def hessian(self) -> Matrix:
        r""":math:`\nabla^2 f` (derived)."""
        return Matrix([[diff(g, x) for x in self.coordinates] for g in self.gradient])

    @property
    def is_quadratic(self) -> bool:
        """Whether the Hessian is constant (f is a quadratic polynomial)."""
        return all(h.free_symbols == set() for h in self.hessian)

    def derivative_tensor(self, point, directions) -> list:
        r"""Components of :math:`\nabla^{n+1} f(P)[v_1, \dots, v_n]` (a list of length :math:`d`)."""
        values = self.at(point)
        out = []
        for i, xi in enumerate(self.coordinates):
            total = Integer(0)
            for idx in product(range(self.dimension), repeat=len(directions)):
                weight = Integer(1)
                for v, j in zip(directions, idx):
                    weight *= v[j]
                if weight == 0:
                    continue
                total += diff(self.expression, xi, *[self.coordinates[j] for j in idx]) * weight
            out.append(total.subs(values, simultaneous=True))
        return out

    def numeric(self) -> "NumericObjective":
        r"""Lambdify :math:`f`, the derived :math:`\nabla f` and :math:`\nabla^2 f\,v` for NumPy.

        Examples
        --------
        >>> import numpy as np
        >>> from symflow.parse import parse_objective
        >>> f = parse_objective("x1**2 + 3*x2**2").numeric()
        >>> f.gradient(np.array([1.0, 1.0])), f.quadratic[0]
        (array([2., 6.]), array([[2., 0.],
               [0., 6.]]))
        """
        xs, d = self.coordinates, self.dimension
        value = lambdify([xs], float_constants(self.expression), "numpy", cse=True)
        grad_fn = lambdify([xs], [float_constants(g) for g in self.gradient], "numpy", cse=True)
        hess_fn = lambdify([xs], [[float_constants(h) for h in row] for row in self.hessian.tolist()],
                           "numpy", cse=True)

        def as_array(parts, shape):
            return np.array(np.broadcast_arrays(*parts, np.zeros(shape[1:])), dtype=float)[:-1]

        def gradient(x):
            return as_array(grad_fn(x), np.shape(x))

        def hessian_vector(x, v):
            rows = hess_fn(x)
            return as_array([sum(h * v[j] for j, h in enumerate(row)) for row in rows], np.shape(x))

        quad = None
        if self.is_quadratic:
            A = np.array(self.hessian.tolist(), dtype=float)
            quad = (A, -gradient(np.zeros(d)))
        return NumericObjective(d, lambda x: np.asarray(value(x), dtype=float), gradient,
                                hessian_vector, quad, str(self.expression))


@dataclass(frozen=True)
class NumericObjective:
    r"""An objective as NumPy callables (the numeric face of an :class:`Objective` or a vector form).

    Parameters
    ----------
    dimension : int
    value, gradient : callable
        :math:`x \mapsto f(x)` and :math:`x \mapsto \nabla f(x)` (arrays of shape ``(d,)``).
    hessian_vector : callable
        :math:`(x, v) \mapsto \nabla^2 f(x)\,v`.
    quadratic : tuple or None
        ``(A, b)`` when :math:`f = \tfrac12 x^\top A x - b^\top x + \text{const}`.
    label : str

    Examples
    --------
    >>> f = quadratic([[2.0, 0.0], [0.0, 1.0]])
    >>> f.value(np.array([1.0, 2.0])), f.dimension
    (3.0, 2)
    """

    dimension: int
    value: Callable
    gradient: Callable
    hessian_vector: Callable
    quadratic: tuple | None = None
    label: str = ""

    def check_point(self, point) -> np.ndarray:
        """``point`` as a float array of shape ``(d,)``, or an :class:`ObjectiveError` naming the mismatch."""
        try:
            x = np.asarray(point, dtype=float)
        except (TypeError, ValueError):
            raise ObjectiveError(f"the point {point!r} is not a vector of numbers") from None
        if x.shape != (self.dimension,):
            raise ObjectiveError(f"the point {list(np.ravel(x))} has dimension {x.size}, but the objective "
                                 f"{self.label} is in dimension {self.dimension}")
        if not np.all(np.isfinite(x)):
            raise ObjectiveError(f"the point {list(x)} is not finite")
        return x


def as_numeric(objective) -> NumericObjective:
    """An :class:`Objective` lambdified, or a :class:`NumericObjective` as it is.

    Examples
    --------
    >>> from symflow.parse import parse_objective
    >>> as_numeric(parse_objective("x1**2")).dimension
    1
    """
    if isinstance(objective, NumericObjective):
        return objective
    if isinstance(objective, Objective):
        return objective.numeric()
    raise ObjectiveError(f"expected an objective, got {type(objective).__name__}")


def _matrix(A, name: str) -> np.ndarray:
    M = np.asarray(A, dtype=float)
    if M.ndim != 2 or not np.all(np.isfinite(M)):
        raise ObjectiveError(f"{name} must be a finite matrix, got shape {M.shape}")
    return M


def quadratic(A, b=None) -> NumericObjective:
    r""":math:`f(x) = \tfrac12 x^\top A x - b^\top x` in vector form (A is symmetrised).

    :math:`\nabla f = Ax - b` and :math:`\nabla^2 f\,v = Av` are derived with SymPy's
    matrix calculus and lambdified, so each costs one matrix–vector product.

    Examples
    --------
    >>> f = quadratic(np.diag([1.0, 4.0]), [1.0, 0.0])
    >>> f.gradient(np.array([1.0, 1.0]))
    array([0., 4.])
    """
    A = _matrix(A, "A")
    d = A.shape[0]
    if A.shape != (d, d):
        raise ObjectiveError(f"A must be square, got shape {A.shape}")
    A = (A + A.T) / 2
    b = np.zeros(d) if b is None else np.asarray(b, dtype=float).reshape(-1)
    if b.shape != (d,):
        raise ObjectiveError(f"b has dimension {b.size}, A has dimension {d}")
    n = Symbol("d", integer=True, positive=True)
    Am, bm, xm, vm = (MatrixSymbol("A", n, n), MatrixSymbol("b", n, 1), MatrixSymbol("x", n, 1),
                      MatrixSymbol("v", n, 1))
    f = (xm.T * Am * xm / 2 - bm.T * xm)
    g = f.diff(xm).subs(Am.T, Am).doit()
    hv = (g.diff(xm).subs(Am.T, Am) * vm).doit()
    g_fn, hv_fn = lambdify((Am, bm, xm), g, "numpy"), lambdify((Am, vm), hv, "numpy")
    return NumericObjective(d, lambda x: float(x @ (A @ x) / 2 - b @ x), lambda x: g_fn(A, b, x),
                            lambda x, v: hv_fn(A, v), (A, b), f"quadratic in dimension {d}")


def separable(phi: Expr, variable: Symbol, A, c=None) -> NumericObjective:
    r""":math:`f(x) = \sum_i \varphi(a_i^\top x - c_i)` in vector form, with :math:`\varphi'` and :math:`\varphi''` derived.

    :math:`\nabla f = A^\top\varphi'(Ax - c)`, :math:`\nabla^2 f\,v = A^\top(\varphi''(Ax - c)\odot Av)`.

    Examples
    --------
    >>> u = Symbol("u", real=True)
    >>> f = separable(u**4 / 4, u, np.eye(2))
    >>> f.gradient(np.array([1.0, 2.0]))
    array([1., 8.])
    """
    A = _matrix(A, "A")
    c = np.zeros(A.shape[0]) if c is None else np.asarray(c, dtype=float).reshape(-1)
    if c.shape != (A.shape[0],):
        raise ObjectiveError(f"c has length {c.size}, A has {A.shape[0]} rows")
    Objective(phi, (variable,))  # refuses non-smooth phi
    p0, p1, p2 = (lambdify(variable, e, "numpy") for e in (phi, diff(phi, variable), diff(phi, variable, 2)))
    vec = lambda fn, z: np.broadcast_to(fn(z), z.shape)  # noqa: E731 - constant derivatives
    return NumericObjective(
        A.shape[1], lambda x: float(np.sum(vec(p0, A @ x - c))), lambda x: A.T @ vec(p1, A @ x - c),
        lambda x, v: A.T @ (vec(p2, A @ x - c) * (A @ v)), None, f"sum of {phi} over {A.shape[0]} rows")


def quartic(dimension: int) -> Objective:
    r""":math:`f(x) = \tfrac14\sum_i x_i^4`.

    Examples
    --------
    >>> quartic(2).expression
    x1**4/4 + x2**4/4
    """
    return Objective(sum(x ** 4 for x in coordinates(dimension)) / 4, coordinates(dimension))


def logistic_loss(features, labels) -> Objective:
    r""":math:`f(x) = \sum_i \log(1 + e^{-y_i a_i^\top x})` with exact (rational) data.

    Examples
    --------
    >>> logistic_loss([[1, 0]], [1]).expression
    log(1 + exp(-x1))
    """
    rows = [[_exact(v) for v in row] for row in features]
    xs = coordinates(len(rows[0]))
    return Objective(sum(log(1 + exp(-_exact(y) * sum(a * x for a, x in zip(row, xs))))
                         for row, y in zip(rows, labels)), xs)


def log_sum_exp(features, offsets=None) -> Objective:
    r""":math:`f(x) = \log\sum_i e^{a_i^\top x - b_i}` with exact (rational) data.

    Examples
    --------
    >>> log_sum_exp([[1], [-1]]).expression
    log(exp(x1) + exp(-x1))
    """
    rows = [[_exact(v) for v in row] for row in features]
    xs = coordinates(len(rows[0]))
    offsets = offsets or [0] * len(rows)
    return Objective(log(sum(exp(sum(a * x for a, x in zip(row, xs)) - _exact(b))
                             for row, b in zip(rows, offsets))), xs)


def _exact(value) -> Rational:
    try:
        return Rational(*Fraction(repr(value) if isinstance(value, float) else value).as_integer_ratio())
    except (TypeError, ValueError):
        raise ObjectiveError(f"{value!r} is not a number") from None


def _trajectory_components(name: str, dimension: int, time=t):
    return [Function(f"{name}{i + 1}")(time) for i in range(dimension)]


def components(expr: Expr, objective: Objective, *, vectors: dict | None = None) -> list:
    r"""The components of a vector expression for a concrete objective.

    ``X(t)`` becomes ``[X1(t), ..., Xd(t)]``; constant vectors must be given in ``vectors``.
    """
    d = objective.dimension
    vectors = dict(vectors or {})

    def value(atom):
        if atom in vectors:
            return list(vectors[atom])
        if isinstance(atom, AppliedVector):
            return _trajectory_components(atom.func.__name__, d, atom.args[0])
        if isinstance(atom, Derivative) and isinstance(atom.expr, AppliedVector):
            base = _trajectory_components(atom.expr.func.__name__, d, atom.expr.args[0])
            return [Derivative(b, *atom.variable_count).doit() for b in base]
        if isinstance(atom, Subs):
            body = value(atom.expr)
            return [Subs(b, atom.variables, atom.point).doit() for b in body]
        if isinstance(atom, NablaF):
            point = components(atom.point, objective, vectors=vectors)
            directions = [components(v, objective, vectors=vectors) for v in atom.directions]
            return objective.derivative_tensor(point, directions)
        if isinstance(atom, VectorSymbol):
            raise UnsupportedError(f"give a value for the vector {atom}")
        raise UnsupportedError(f"cannot take components of {atom}")

    total = [Integer(0)] * d
    for atom, coefficient in vector_coefficients(expr).items():
        for i, c in enumerate(value(atom)):
            total[i] += coefficient * c
    return total


def specialize(ode: ODE, objective: Objective) -> list:
    r"""The component equations :math:`X_i^{(n)} = F_i` of ``ode`` for ``objective``."""
    lhs = components(ode.highest_derivative, objective)
    rhs = components(ode.rhs, objective)
    return [Eq(a, b) for a, b in zip(lhs, rhs)]
