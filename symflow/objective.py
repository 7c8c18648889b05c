r"""Concrete objectives in :math:`\mathbb{R}^d`, and derived ODEs specialised to them.

An :class:`Objective` is a SymPy expression in named coordinates; its gradient
and Hessian are derived by SymPy. :func:`specialize` turns a dimension-free
ODE (in :math:`X`, :math:`\nabla f(X)`, :math:`\nabla^2 f(X)\dot X`, ...) into
its component equations for that objective.

Examples
--------
>>> from sympy import symbols
>>> from symflow.symbols import X, t
>>> from symflow.model import ODE
>>> from symflow.vectors import grad
>>> x1, x2 = symbols("x1 x2", real=True)
>>> f = Objective(x1**2 + 3*x2**2, (x1, x2))
>>> [eq.rhs for eq in specialize(ODE(-grad(X(t)), 1), f)]
[-2*X1(t), -6*X2(t)]
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from sympy import Derivative, Eq, Expr, Function, Integer, Subs, diff

from .errors import UnsupportedError
from .model import ODE
from .symbols import AppliedVector, VectorSymbol, t
from .vectors import NablaF, vector_coefficients

__all__ = ["Objective", "specialize", "components"]


@dataclass(frozen=True)
class Objective:
    r"""A scalar function :math:`f(x_1, \dots, x_d)` given by a SymPy expression.

    Parameters
    ----------
    expression : Expr
        The function.
    coordinates : tuple of Symbol
        Its variables, in order.
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

    @property
    def dimension(self) -> int:
        """The dimension :math:`d`."""
        return len(self.coordinates)

    def at(self, point) -> dict:
        """Substitution ``{x_i: point_i}``."""
        if len(point) != self.dimension:
            raise UnsupportedError(f"a point of dimension {len(point)} for an objective in dimension {self.dimension}")
        return dict(zip(self.coordinates, point))

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
