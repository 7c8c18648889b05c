r"""Numbers for Gram-coordinate scalars (an energy, a bound) along a trajectory or a run, on a concrete objective.

An energy such as :math:`E = t^2(f(X) - f^\star) + 2\|X + \tfrac t2\dot X - x^\star\|^2` is, once
expanded, a polynomial in values :math:`f(P)` and inner products :math:`\langle u, v\rangle` of vector
atoms (:math:`X(t)`, :math:`\dot X(t)`, :math:`x^\star`, :math:`\nabla f(X)`, ...). :func:`gram_values`
evaluates such an expression at many points at once: each vector atom gets an array of shape
``(n, d)`` (or ``(d,)``, the same at every point), each scalar symbol a number or an array of shape
``(n,)``; gradients and Hessian actions come from the objective. Nothing is proved here: these
numbers are what a plot shows, beside the exact certificate that decides.

Examples
--------
>>> import numpy as np
>>> from symflow.core import X, t, x_star, norm2, grad
>>> from symflow.parse import parse_objective
>>> f = parse_objective("x1**2/2 + x2**2")
>>> path = np.array([[1.0, 1.0], [0.5, 0.0]])
>>> gram_values(t * norm2(X(t) - x_star) + norm2(grad(X(t))), f, {X(t): path, x_star: [0.0, 0.0]},
...             {"t": np.array([1.0, 2.0])}).tolist()
[7.0, 0.75]
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from sympy import Dummy, Expr, S, lambdify

from ..core.errors import UnsupportedError
from ..core.symbols import VectorSymbol
from ..core.vectors import FValue, Inner, NablaF, vector_coefficients
from .objectives import as_numeric, float_constants

__all__ = ["gram_values"]


def gram_values(expr: Expr, objective, vectors: Mapping, scalars: Mapping | None = None) -> np.ndarray:
    r"""The scalar ``expr`` (in :math:`f(P)`, :math:`\langle u, v\rangle` and scalar symbols) at ``n`` points.

    Parameters
    ----------
    expr : Expr
        A Gram-coordinate scalar, e.g. an energy or a rate bound.
    objective : Objective or NumericObjective
        The function :math:`f`; its gradient and Hessian action give :math:`\nabla f(P)` and
        :math:`\nabla^2 f(P)v`.
    vectors : mapping
        ``{vector atom: array}``, each of shape ``(n, d)`` or ``(d,)`` (e.g. ``{X(t): X, X'(t): V,
        x_star: minimiser, x0: start}``).
    scalars : mapping, optional
        ``{symbol or name: number or array of shape (n,)}`` (e.g. ``{"t": times, "r": 3}``).

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    UnsupportedError
        For a vector atom or a scalar symbol without a value, or a derivative tensor of order
        three or more.

    Examples
    --------
    >>> from symflow.core import FValue, x0, x_star, norm2, t
    >>> from symflow.parse import parse_objective
    >>> f = parse_objective("x1**2")
    >>> gram_values((FValue(x0) - FValue(x_star)) / t, f, {x0: [2.0], x_star: [0.0]}, {"t": [1.0, 4.0]}).tolist()
    [4.0, 1.0]
    >>> gram_values(norm2(x0), f, {}, {})
    Traceback (most recent call last):
    ...
    symflow.core.errors.UnsupportedError: no value for the vector x_0 (give it in vectors)
    """
    f = as_numeric(objective)
    expr = S(expr)
    values = {str(key): np.asarray(value, dtype=float) for key, value in (scalars or {}).items()}
    arrays = {atom: np.asarray(value, dtype=float) for atom, value in vectors.items()}
    sizes = {a.shape[0] for a in arrays.values() if a.ndim == 2} | {v.size for v in values.values() if v.ndim == 1}
    if len(sizes) > 1:
        raise UnsupportedError(f"the values have different numbers of points: {sorted(sizes)}")
    n = sizes.pop() if sizes else 1
    evaluator = _Points(f, arrays, values, n)
    nodes = sorted(expr.atoms(Inner, FValue), key=str)
    dummies = [Dummy() for _ in nodes]
    body = float_constants(expr.xreplace(dict(zip(nodes, dummies))))
    free = sorted((s for s in body.free_symbols if s not in dummies), key=str)
    if any(isinstance(s, VectorSymbol) for s in free):
        stray = next(s for s in free if isinstance(s, VectorSymbol))
        raise UnsupportedError(f"the vector {stray} stands outside an inner product or a value of f")
    missing = [str(s) for s in free if str(s) not in values]
    if missing:
        raise UnsupportedError(f"no value for {', '.join(missing)} (give it in scalars)")
    coordinates = [evaluator.node(node) for node in nodes]
    with np.errstate(all="ignore"):
        out = lambdify(dummies + free, body, "numpy")(*coordinates, *[values[str(s)] for s in free])
    return np.broadcast_to(np.asarray(out, dtype=float), (n,)).copy()


class _Points:
    """Vector atoms and scalar coefficients at ``n`` points."""

    def __init__(self, f, vectors: dict, scalars: dict, n: int):
        self.f, self.vectors, self.scalars, self.n = f, vectors, scalars, n
        self.cache: dict = {}

    def scalar(self, expr: Expr) -> np.ndarray:
        expr = float_constants(S(expr))
        free = sorted(expr.free_symbols, key=str)
        missing = [str(s) for s in free if str(s) not in self.scalars]
        if missing:
            raise UnsupportedError(f"no value for {', '.join(missing)} (give it in scalars)")
        with np.errstate(all="ignore"):
            value = lambdify(free, expr, "numpy")(*[self.scalars[str(s)] for s in free])
        return np.broadcast_to(np.asarray(value, dtype=float), (self.n,))

    def vector(self, expr: Expr) -> np.ndarray:
        total = np.zeros((self.n, self.f.dimension))
        for atom, coefficient in vector_coefficients(expr).items():
            total = total + self.scalar(coefficient)[:, None] * self.atom(atom)
        return total

    def atom(self, atom) -> np.ndarray:
        if atom in self.cache:
            return self.cache[atom]
        if atom in self.vectors:
            value = np.broadcast_to(self.vectors[atom], (self.n, self.f.dimension))
        elif isinstance(atom, NablaF) and len(atom.directions) <= 1:
            points = self.vector(atom.point)
            if not atom.directions:
                value = np.array([self.f.gradient(p) for p in points]).reshape(self.n, -1)
            else:
                directions = self.vector(atom.directions[0])
                value = np.array([self.f.hessian_vector(p, v) for p, v in zip(points, directions)])
                value = value.reshape(self.n, -1)
        elif isinstance(atom, NablaF):
            raise UnsupportedError(f"no numeric value for the derivative tensor {atom} (order three or more)")
        else:
            raise UnsupportedError(f"no value for the vector {atom} (give it in vectors)")
        self.cache[atom] = value
        return value

    def node(self, node) -> np.ndarray:
        if isinstance(node, FValue):
            points = self.vector(node.args[0])
            with np.errstate(all="ignore"):
                return np.array([float(self.f.value(p)) for p in points])
        u, v = (self.vector(a) for a in node.args)
        return np.einsum("ij,ij->i", u, v)
