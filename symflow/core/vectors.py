r"""Dimension-free vector algebra.

A *vector expression* is a linear combination, with scalar SymPy coefficients,
of *vector atoms*:

* constant vectors (:class:`~symflow.core.VectorSymbol`, e.g. :math:`x_0`, :math:`x^\star`);
* applied vector functions and their time derivatives (:math:`X(t)`, :math:`\dot X(t)`, :math:`x_{k+1}`);
* derivatives of the objective, :class:`NablaF`:
  :math:`\nabla f(P)`, :math:`\nabla^2 f(P)[v]`, :math:`\nabla^3 f(P)[v, w]`, ...

Nothing here assumes a dimension: a product of two vectors is refused, and
inner products are kept as Gram coordinates :class:`Inner`.

Examples
--------
>>> from symflow.core import X, t
>>> Xd = X(t).diff(t)
>>> e = 3 * Xd / t + grad(X(t))
>>> vector_coefficients(e) == {Xd: 3 / t, grad(X(t)): 1}
True
>>> time_derivative(grad(X(t)), t)
NablaF(X(t), Derivative(X(t), t))
"""
from __future__ import annotations

from collections.abc import Mapping

from sympy import (
    Add,
    Derivative,
    Expr,
    Function,
    Integer,
    Mul,
    S,
    default_sort_key,
    expand,
)

from .errors import UnsupportedError
from .symbols import AppliedVector, VectorSymbol

__all__ = ["SymmetricTensor", "NablaF", "FValue", "Inner", "VectorAtom", "grad", "hessian_action",
           "is_vector_atom", "vector_atoms", "vector_coefficients", "combine", "is_zero_vector",
           "linearize", "inner", "norm2", "time_derivative"]


class SymmetricTensor:
    r"""Mixin for derivative tensors :math:`\nabla^{n+1} g(P)[v_1, \dots, v_n]` of a scalar function.

    The arguments are the point :math:`P` and the directions; the tensor is
    symmetric, so the directions are kept sorted.
    """

    @classmethod
    def eval(cls, point, *directions):
        ordered = sorted(directions, key=default_sort_key)
        if list(directions) != ordered:
            return cls(point, *ordered)
        return None

    @property
    def point(self) -> Expr:
        """The point at which the derivative is taken."""
        return self.args[0]

    @property
    def directions(self) -> tuple:
        """The vectors the tensor is applied to (empty for the gradient)."""
        return self.args[1:]

    @property
    def tensor_order(self) -> int:
        """1 for the gradient, 2 for the Hessian, ..."""
        return len(self.args)


class NablaF(SymmetricTensor, Function):
    r"""The derivative tensor :math:`\nabla^{n+1} f(P)[v_1, \dots, v_n]` applied to directions.

    ``NablaF(P)`` is the gradient :math:`\nabla f(P)`, ``NablaF(P, v)`` the
    Hessian action :math:`\nabla^2 f(P)\,v`, and so on. The tensor is symmetric,
    so the directions are kept sorted; it is linear in each direction
    (see :func:`linearize`) and nonlinear in the point ``P``.

    Examples
    --------
    >>> from symflow.core import x0, x_star
    >>> NablaF(x0, x_star, x0) == NablaF(x0, x0, x_star)
    True
    """


class FValue(Function):
    r"""The scalar value :math:`f(P)` of the objective at a point.

    Examples
    --------
    >>> from symflow.core import x_star
    >>> FValue(x_star).args
    (x^star,)
    """

    nargs = 1


class Inner(Function):
    r"""The inner product :math:`\langle u, v\rangle` of two vector atoms (a Gram coordinate).

    Arguments are kept in a canonical order; use :func:`inner` for general
    vector expressions.

    Examples
    --------
    >>> from symflow.core import x0, x_star
    >>> Inner(x_star, x0) == Inner(x0, x_star)
    True
    """

    nargs = 2

    @classmethod
    def eval(cls, u, v):
        if default_sort_key(v) < default_sort_key(u):
            return cls(v, u)
        return None


class VectorAtom(Function):
    r"""Base class of vector-valued atoms defined in other modules (e.g. :math:`\nabla h(P)`).

    A subclass counts as a vector atom for :func:`vector_coefficients` and the
    printers; it keeps itself linear in its vector slots (this module does not
    expand it) and defines its own rules of differentiation.

    Examples
    --------
    >>> class Arrow(VectorAtom):
    ...     nargs = 1
    >>> from symflow.core import x0
    >>> is_vector_atom(Arrow(x0))
    True
    """


def grad(point: Expr) -> NablaF:
    r"""The gradient :math:`\nabla f(P)`.

    Examples
    --------
    >>> from symflow.core import x0
    >>> grad(x0)
    NablaF(x_0)
    """
    return NablaF(point)


def hessian_action(point: Expr, direction: Expr) -> Expr:
    r"""The Hessian action :math:`\nabla^2 f(P)\,v`, expanded linearly in :math:`v`.

    Examples
    --------
    >>> from symflow.core import x0, x_star
    >>> hessian_action(x0, 2 * x_star - x0)
    2*NablaF(x_0, x^star) - NablaF(x_0, x_0)
    """
    return linearize(NablaF(point, direction))


def is_vector_atom(expr) -> bool:
    """True for the atoms of vector expressions (see the module docstring).

    Examples
    --------
    >>> from symflow.core import X, t, x0
    >>> [is_vector_atom(e) for e in (x0, X(t), X(t).diff(t), grad(x0), t)]
    [True, True, True, True, False]
    """
    if isinstance(expr, (VectorSymbol, AppliedVector, NablaF, VectorAtom)):
        return True
    return isinstance(expr, Derivative) and isinstance(expr.expr, AppliedVector)


def vector_atoms(expr: Expr) -> set:
    """The vector atoms that occur in ``expr`` (outside of function arguments too).

    Examples
    --------
    >>> from symflow.core import x0, x_star
    >>> sorted(map(str, vector_atoms(2 * x0 - x_star)))
    ['x^star', 'x_0']
    """
    found = set()

    def walk(e):
        if is_vector_atom(e):
            found.add(e)
            return
        for a in e.args:
            walk(a)

    walk(S(expr))
    return found


def _contains_vector(expr) -> bool:
    if is_vector_atom(expr):
        return True
    if isinstance(expr, (Inner, FValue)):
        return False
    return any(_contains_vector(a) for a in expr.args)


def vector_coefficients(expr: Expr) -> dict:
    r"""Decompose a vector expression into ``{atom: scalar coefficient}``.

    Raises
    ------
    UnsupportedError
        If a term is not a scalar times exactly one vector atom (a product of
        vectors, a vector inside a scalar function, a lone scalar).

    Examples
    --------
    >>> from symflow.core import x0, x_star, mu
    >>> vector_coefficients(mu * (x0 - x_star)) == {x0: mu, x_star: -mu}
    True
    """
    coefficients: dict = {}
    for term in Add.make_args(expand(linearize(expr))):
        if term == 0:
            continue
        atoms = [f for f in Mul.make_args(term) if _contains_vector(f)]
        if len(atoms) != 1 or not is_vector_atom(atoms[0]):
            raise UnsupportedError(
                f"the term {term} is not a scalar multiple of one vector; vector "
                "expressions must be linear combinations of vectors")
        atom = atoms[0]
        coefficients[atom] = coefficients.get(atom, Integer(0)) + term / atom
    return {a: c for a, c in coefficients.items() if c != 0}


def combine(coefficients: Mapping) -> Expr:
    """The vector expression with the given ``{atom: coefficient}``.

    Examples
    --------
    >>> from symflow.core import x0
    >>> combine({x0: 2})
    2*x_0
    """
    return Add(*[c * a for a, c in sorted(coefficients.items(), key=lambda kv: default_sort_key(kv[0]))])


def is_zero_vector(expr: Expr, *, simplifier=None) -> bool:
    """True when every coefficient of a vector expression cancels to zero.

    Coefficients are put over a common denominator with ``cancel``; pass
    ``simplifier`` to try harder (it must return an expression).

    Examples
    --------
    >>> from symflow.core import x0, s
    >>> from sympy import sqrt
    >>> is_zero_vector((sqrt(s) ** 2 - s) * x0)
    True
    """
    from sympy import cancel

    for coefficient in vector_coefficients(expr).values():
        reduced = cancel(coefficient)
        if reduced != 0 and simplifier is not None:
            reduced = simplifier(reduced)
        if reduced != 0:
            return False
    return True


def linearize(expr: Expr) -> Expr:
    r"""Expand :class:`NablaF` and :class:`Inner` linearly in their vector slots.

    Scalar factors are pulled out of directions; the point of :class:`NablaF`
    is left as it is.

    Examples
    --------
    >>> from symflow.core import x0, x_star, t
    >>> linearize(NablaF(x0, t * x_star + x0))
    t*NablaF(x_0, x^star) + NablaF(x_0, x_0)
    """
    expr = S(expr)
    if not expr.args:
        return expr
    if isinstance(expr, NablaF):
        point = expr.point
        return _multilinear(lambda *d: NablaF(point, *d), [linearize(d) for d in expr.directions])
    if isinstance(expr, Inner):
        return _multilinear(Inner, [linearize(a) for a in expr.args])
    if isinstance(expr, (Derivative,)) or is_vector_atom(expr):
        return expr
    return expr.func(*[linearize(a) for a in expr.args])


def _multilinear(build, slots: list) -> Expr:
    if not slots:
        return build()
    expansions = [_linear_terms(slot) for slot in slots]
    total = Integer(0)

    def recurse(i, coefficient, chosen):
        nonlocal total
        if i == len(expansions):
            total += coefficient * build(*chosen)
            return
        for atom, c in expansions[i]:
            recurse(i + 1, coefficient * c, chosen + [atom])

    recurse(0, Integer(1), [])
    return total


def _linear_terms(expr: Expr) -> list:
    terms = []
    for term in Add.make_args(expand(expr)):
        atoms = [f for f in Mul.make_args(term) if _contains_vector(f)]
        if len(atoms) != 1:
            raise UnsupportedError(f"{term} is not a scalar multiple of one vector")
        terms.append((atoms[0], term / atoms[0]))
    return terms


def inner(a: Expr, b: Expr) -> Expr:
    r"""The inner product :math:`\langle a, b\rangle` of two vector expressions, in Gram coordinates.

    Examples
    --------
    >>> from symflow.core import x0, x_star
    >>> inner(x0 - x_star, x0)
    -Inner(x^star, x_0) + Inner(x_0, x_0)
    """
    ca, cb = vector_coefficients(a), vector_coefficients(b)
    return Add(*[u_c * v_c * Inner(u, v) for u, u_c in ca.items() for v, v_c in cb.items()])


def norm2(a: Expr) -> Expr:
    r"""The squared norm :math:`\|a\|^2 = \langle a, a\rangle`.

    Examples
    --------
    >>> from symflow.core import x0
    >>> norm2(3 * x0)
    9*Inner(x_0, x_0)
    """
    return inner(a, a)


def time_derivative(expr: Expr, time) -> Expr:
    r"""Total derivative of a scalar or vector expression along a trajectory.

    The chain rule is applied in the vector algebra:
    :math:`\tfrac{d}{dt}\nabla^{n+1}f(P)[v_1,\dots] = \nabla^{n+2}f(P)[\dot P, v_1, \dots] + \sum_i \nabla^{n+1}f(P)[\dots, \dot v_i, \dots]`,
    :math:`\tfrac{d}{dt} f(P) = \langle \nabla f(P), \dot P\rangle`, and the
    inner product is differentiated by the product rule.

    Examples
    --------
    >>> from symflow.core import X, t
    >>> time_derivative(FValue(X(t)), t)
    Inner(NablaF(X(t)), Derivative(X(t), t))
    """
    expr = S(expr)
    if not _depends(expr, time):
        return Integer(0)
    if isinstance(expr, NablaF):
        point, dirs = expr.point, list(expr.directions)
        total = linearize(NablaF(point, time_derivative(point, time), *dirs))
        for i, d in enumerate(dirs):
            dd = time_derivative(d, time)
            if dd != 0:
                total += linearize(NablaF(point, *dirs[:i], dd, *dirs[i + 1:]))
        return total
    if isinstance(expr, FValue):
        point = expr.args[0]
        return inner(grad(point), time_derivative(point, time))
    if isinstance(expr, Inner):
        u, v = expr.args
        return inner(time_derivative(u, time), v) + inner(u, time_derivative(v, time))
    if isinstance(expr, Add):
        return Add(*[time_derivative(a, time) for a in expr.args])
    if isinstance(expr, Mul):
        factors = expr.args
        return Add(*[
            Mul(*factors[:i], time_derivative(f, time), *factors[i + 1:])
            for i, f in enumerate(factors)
        ])
    if isinstance(expr, VectorAtom) and hasattr(expr, "time_derivative"):
        return expr.time_derivative(time)
    if is_vector_atom(expr):
        return expr.diff(time)
    if any(_contains_vector(a) or isinstance(a, (Inner, FValue)) for a in expr.args):
        raise UnsupportedError(f"cannot differentiate {expr}: a vector inside a scalar function")
    return expr.diff(time)


def _depends(expr, time) -> bool:
    return time in expr.free_symbols
