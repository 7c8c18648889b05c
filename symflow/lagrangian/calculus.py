r"""Calculus on Gram coordinates: first variations, gradients in a vector slot, time derivatives.

A *Gram scalar* is a SymPy expression in the time :math:`t`, scalar parameters
and *Gram atoms*: inner products :class:`~symflow.core.Inner`, values
:class:`~symflow.core.FValue` :math:`f(P)`, and any :class:`ScalarAtom`
(e.g. :math:`h(P)` of :mod:`symflow.lagrangian.mirror`). A Lagrangian
:math:`L(X, \dot X, t)` is one. Nothing here picks a dimension: the gradient
of a Gram scalar :math:`S` in a vector slot :math:`A` is read off the first
variation,

.. math:: \tfrac{d}{d\varepsilon} S(A + \varepsilon\delta)\big|_{\varepsilon=0} = \langle \delta, \nabla_A S\rangle,

using only the symmetry of the derivative tensors
(:math:`\langle \nabla^2 f(P)\delta, v\rangle = \langle \delta, \nabla^2 f(P) v\rangle`).

Both the variation and the total time derivative are *derivations* (linear,
Leibniz); :func:`derive` applies one to any expression by freezing the Gram
atoms and vector atoms as placeholders, differentiating with SymPy, and
applying the chain rule to each placeholder.

Examples
--------
>>> from symflow.core import X, t, FValue, Inner
>>> V = X(t).diff(t)
>>> L = t**3 * (Inner(V, V) / 2 - FValue(X(t)))
>>> gradient(L, V)
t**3*Derivative(X(t), t)
>>> gradient(L, X(t))
-t**3*NablaF(X(t))
"""
from __future__ import annotations

from collections.abc import Callable

from sympy import (
    Add,
    Derivative,
    Dummy,
    Expr,
    Integer,
    S,
    expand,
)

from ..core.errors import UnsupportedError
from ..core.normal import (
    ScalarAtom,
    expand_vector,
    normal_scalar,
)
from ..core.symbols import AppliedVector, VectorSymbol
from ..core.vectors import (
    FValue,
    Inner,
    NablaF,
    VectorAtom,
    combine,
    inner,
    is_vector_atom,
    linearize,
    vector_coefficients,
)

__all__ = ["tidy_scalar", "gram_atoms", "free_vector_atoms", "tidy_vector", "derive", "variation", "gradient"]


def tidy_scalar(expr: Expr) -> Expr:
    r"""A Gram scalar grouped by its monomials in the Gram atoms, each coefficient in normal form.

    Examples
    --------
    >>> from symflow.core import x0, t, FValue, Inner
    >>> tidy_scalar((2 * t**6 * FValue(x0) + Inner(x0, x0)) / (2 * t**3))
    t**3*FValue(x_0) + Inner(x_0, x_0)/(2*t**3)
    """
    atoms = sorted(gram_atoms(expr), key=str)
    frozen = {a: Dummy() for a in atoms}
    groups: dict = {}
    for term in Add.make_args(expand(S(expr).xreplace(frozen))):
        coefficient, monomial = term.as_independent(*frozen.values(), as_Add=False)
        groups[monomial] = groups.get(monomial, Integer(0)) + coefficient
    thaw = {d: a for a, d in frozen.items()}
    return Add(*[normal_scalar(c) * m.xreplace(thaw) for m, c in groups.items()])


def _is_gram(expr) -> bool:
    return isinstance(expr, (Inner, FValue, ScalarAtom))


def gram_atoms(expr: Expr) -> set:
    """The Gram atoms (inner products, :math:`f(P)`, :class:`ScalarAtom`) of an expression.

    Examples
    --------
    >>> from symflow.core import x0
    >>> gram_atoms(2 * Inner(x0, x0) + FValue(x0)) == {Inner(x0, x0), FValue(x0)}
    True
    """
    found: set = set()

    def walk(e):
        if _is_gram(e):
            found.add(e)
        elif not is_vector_atom(e):
            for a in e.args:
                walk(a)

    walk(S(expr))
    return found


def free_vector_atoms(expr: Expr) -> set:
    """Vector atoms that occur outside every Gram atom (none, for a scalar).

    Examples
    --------
    >>> from symflow.core import x0
    >>> free_vector_atoms(Inner(x0, x0) * x0) == {x0}
    True
    """
    found: set = set()

    def walk(e):
        if is_vector_atom(e):
            found.add(e)
        elif not _is_gram(e):
            for a in e.args:
                walk(a)

    walk(S(expr))
    return found


def tidy_vector(vector: Expr) -> Expr:
    r"""A vector expression with its coefficients in normal form (:func:`normal_scalar`).

    Examples
    --------
    >>> from symflow.core import X, t, grad
    >>> from sympy import exp, log
    >>> tidy_vector(exp(2 * log(t)) * grad(X(t)))
    t**2*NablaF(X(t))
    """
    return combine({a: normal_scalar(c) for a, c in vector_coefficients(expand_vector(vector)).items()})


def derive(expr: Expr, on_primitive: Callable[[Expr], Expr], on_explicit: Callable[[Expr], Expr]) -> Expr:
    r"""Apply a derivation to a scalar or vector expression.

    Parameters
    ----------
    on_primitive : callable
        The image of a primitive vector atom (a :class:`~symflow.core.VectorSymbol`,
        :math:`X(t)` or one of its derivatives).
    on_explicit : callable
        The derivative of the expression with every atom frozen (:math:`\partial/\partial t`
        for a time derivative, ``0`` for a variation).

    Examples
    --------
    >>> from symflow.core import X, t
    >>> derive(t * FValue(X(t)), lambda a: a.diff(t), lambda e: e.diff(t))
    t*Inner(NablaF(X(t)), Derivative(X(t), t)) + FValue(X(t))
    """
    expr = S(expr)
    if expr.is_Atom and not isinstance(expr, VectorSymbol):
        return on_explicit(expr)
    gram = sorted(gram_atoms(expr), key=str)
    vectors = sorted(free_vector_atoms(expr), key=str)
    frozen = {a: Dummy() for a in gram + vectors}
    body = expr.xreplace(frozen)
    thaw = {d: a for a, d in frozen.items()}
    total = on_explicit(body)
    for atom in gram + vectors:
        partial = body.diff(frozen[atom])
        if partial == 0:
            continue
        image = _derive_atom(atom, on_primitive, on_explicit)
        if image != 0:
            total += partial * image
    return S(total).xreplace(thaw)


def _derive_atom(atom, on_primitive, on_explicit) -> Expr:
    def d(e):
        return derive(e, on_primitive, on_explicit)

    if isinstance(atom, Inner):
        u, v = atom.args
        return inner(expand_vector(d(u)), v) + inner(u, expand_vector(d(v)))
    if isinstance(atom, FValue):
        (point,) = atom.args
        return inner(NablaF(point), expand_vector(d(point)))
    if isinstance(atom, NablaF):
        dirs = list(atom.directions)
        moved = expand_vector(d(atom.point))
        total = linearize(NablaF(atom.point, moved, *dirs)) if moved != 0 else Integer(0)
        for i, direction in enumerate(dirs):
            image = expand_vector(d(direction))
            if image != 0:
                total += linearize(NablaF(atom.point, *dirs[:i], image, *dirs[i + 1:]))
        return total
    if isinstance(atom, (ScalarAtom, VectorAtom)):
        if not hasattr(atom, "_derive"):
            raise UnsupportedError(f"symflow cannot differentiate {atom}")
        return atom._derive(d)
    if isinstance(atom, (VectorSymbol, AppliedVector)) or (
            isinstance(atom, Derivative) and isinstance(atom.expr, AppliedVector)):
        return on_primitive(atom)
    raise UnsupportedError(f"symflow cannot differentiate {atom}")


def variation(expr: Expr, slot: Expr, direction: Expr) -> Expr:
    r"""The first variation :math:`\tfrac{d}{d\varepsilon} E(\mathrm{slot} + \varepsilon\,\mathrm{direction})|_0`.

    Other primitive vector atoms (in a Lagrangian: :math:`X` and :math:`\dot X`
    are independent slots) and the time are held fixed.

    Examples
    --------
    >>> from symflow.core import X, t, x0
    >>> variation(FValue(X(t)), X(t), x0)
    Inner(x_0, NablaF(X(t)))
    """
    return derive(expr, lambda a: direction if a == slot else Integer(0), lambda e: Integer(0))


def _transpose(u: Expr, v: Expr, delta: Expr) -> Expr:
    """``w`` with ``<u, v> = <delta, w>``, for a vector atom ``u`` linear in ``delta``."""
    if u == delta:
        return v
    if isinstance(u, NablaF):
        dirs = list(u.directions)
        hits = [i for i, x in enumerate(dirs) if x.has(delta)]
        if len(hits) == 1 and not u.point.has(delta):
            i = hits[0]
            return _transpose(dirs[i], NablaF(u.point, *dirs[:i], *dirs[i + 1:], v), delta)
    if isinstance(u, VectorAtom) and hasattr(u, "transpose_slot"):
        inner_slot, w = u.transpose_slot(v, delta)
        return _transpose(inner_slot, w, delta)
    raise UnsupportedError(f"cannot move the variation out of {u}: it is not linear in one slot")


def gradient(expr: Expr, slot: Expr) -> Expr:
    r"""The gradient :math:`\nabla_A S` of a Gram scalar in the vector slot :math:`A`.

    Raises
    ------
    UnsupportedError
        If ``expr`` is not a scalar (a vector occurs outside ``<.,.>``, ``f(.)``, ...).

    Examples
    --------
    >>> from symflow.core import X, t, x0
    >>> gradient(Inner(X(t), x0) ** 2, X(t))
    2*x_0*Inner(x_0, X(t))
    """
    stray = free_vector_atoms(expr)
    if stray:
        raise UnsupportedError(
            f"{expr} is not a scalar: the vector(s) {', '.join(sorted(map(str, stray)))} occur "
            "outside inner products, norms and function values")
    delta = VectorSymbol("delta_var")
    first = expand(expand_vector(variation(expr, slot, delta)))
    slots = sorted((a for a in gram_atoms(first) if a.has(delta)), key=str)
    frozen = {a: Dummy() for a in slots}
    body = first.xreplace(frozen)
    if body.has(delta):
        raise UnsupportedError(f"the variation of {expr} is not linear in the direction")
    thaw = {dm: a for a, dm in frozen.items()}
    total = Integer(0)
    for atom in slots:
        coefficient = body.diff(frozen[atom])
        if coefficient.free_symbols & set(frozen.values()):
            raise UnsupportedError(f"the variation of {expr} is not linear in the direction")
        u, v = atom.args
        if v.has(delta):
            u, v = v, u
        total += coefficient.xreplace(thaw) * _transpose(u, v, delta)
    coefficients = vector_coefficients(expand_vector(total))
    return combine({a: c for a, c in coefficients.items() if c != 0})
