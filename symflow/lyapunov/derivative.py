r"""Energies along an ODE: the time derivative and its Gram coordinates.

An *energy* is a scalar expression in the Gram coordinates of
:mod:`symflow.core.vectors`: values :math:`f(X) - f^\star`, inner products such as
:math:`\langle X - x^\star, \dot X\rangle`, norms, and Hessian forms
:math:`\langle \dot X, \nabla^2 f(X)\dot X\rangle`.
:func:`derivative_along` differentiates it along the trajectories of an
:class:`~symflow.core.ODE` (the chain rule of :func:`symflow.core.time_derivative`,
then :math:`\ddot X` replaced by the ODE), and :func:`gram_form` splits the
result into

* a coefficient of :math:`F = f(X) - f^\star`,
* a quadratic form in the vectors :math:`X - x^\star, \dot X, \nabla f(X), \dots`
  (the Gram part), and
* a bilinear form :math:`\langle w, \nabla^2 f(X) u\rangle` in the same vectors (the Hessian part).

Examples
--------
>>> from symflow.core import ODE, X, t, x_star, grad, norm2, FValue
>>> flow = ODE(-grad(X(t)), 1)
>>> E = t * (FValue(X(t)) - FValue(x_star)) + norm2(X(t) - x_star) / 2
>>> dE = derivative_along(E, flow)
>>> form = gram_form(dE)
>>> form.value
1
>>> form.quadratic_form() == -t * norm2(grad(X(t))) - inner(X(t) - x_star, grad(X(t)))
True
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sympy import (
    Add,
    Derivative,
    Expr,
    Function,
    Integer,
    Matrix,
    Mul,
    S,
    cancel,
    expand,
    factor,
)

from ..core.errors import UnsupportedError
from ..core.model import ODE
from ..core.printing import atom_rank
from ..core.readable import Gap
from ..core.symbols import X, t, x_star
from ..core.vectors import (
    FValue,
    Inner,
    NablaF,
    inner,
    is_vector_atom,
    linearize,
)
from ..core.vectors import (
    time_derivative as chain_rule,
)

__all__ = ["Gap", "f_gap", "substitute_vectors", "along", "derivative_along", "GramForm", "gram_form",
           "display"]


def f_gap(point: Expr = None, minimizer: Expr = x_star) -> Expr:
    r"""The scalar :math:`f(P) - f^\star` (``P`` defaults to :math:`X(t)`).

    Examples
    --------
    >>> f_gap()
    -FValue(x^star) + FValue(X(t))
    """
    point = X(t) if point is None else point
    return FValue(point) - FValue(minimizer)


def substitute_vectors(expr: Expr, rule) -> Expr:
    r"""Apply ``rule`` (a function of a vector expression) inside every Gram coordinate, re-expanding.

    Inner products are rebuilt with :func:`~symflow.core.inner`, so a vector
    that becomes zero removes its terms; :class:`NablaF` directions are
    rebuilt linearly, and the rule is applied to points too.

    Examples
    --------
    >>> from symflow.core import x0
    >>> substitute_vectors(Inner(X(t), x0) + Inner(X(t), X(t)), lambda v: v.subs(X(t), 0))
    0
    """
    expr = S(expr)
    if isinstance(expr, Inner):
        u, v = (substitute_vectors(a, rule) for a in expr.args)
        return inner(u, v)
    if isinstance(expr, NablaF):
        point = rule(expr.point)
        directions = [substitute_vectors(d, rule) for d in expr.directions]
        if any(d == 0 for d in directions):
            return Integer(0)
        return linearize(NablaF(point, *directions))
    if isinstance(expr, FValue):
        return FValue(rule(expr.args[0]))
    if is_vector_atom(expr):
        return rule(expr)
    if not expr.args:
        return expr
    return expr.func(*[substitute_vectors(a, rule) for a in expr.args])


def along(expr: Expr, ode: ODE) -> Expr:
    r"""Replace :math:`X^{(n)}` (and higher derivatives) by the ODE's right-hand side.

    Examples
    --------
    >>> from symflow.core import grad
    >>> Xd = X(t).diff(t)
    >>> along(Inner(X(t).diff(t, 2), Xd), ODE(-3 / t * Xd - grad(X(t)), 2))
    -Inner(NablaF(X(t)), Derivative(X(t), t)) - 3*Inner(Derivative(X(t), t), Derivative(X(t), t))/t
    """
    trajectory, time, n = ode.trajectory(ode.time), ode.time, ode.order
    replacements = {n: ode.rhs}

    def value(order: int) -> Expr:
        if order not in replacements:
            replacements[order] = along(chain_rule(value(order - 1), time), ode)
        return replacements[order]

    def rule(v: Expr) -> Expr:
        if isinstance(v, Derivative) and v.expr == trajectory and v.derivative_count >= n:
            return value(v.derivative_count)
        return v.xreplace({d: value(d.derivative_count) for d in v.atoms(Derivative)
                           if d.expr == trajectory and d.derivative_count >= n})

    return expand(substitute_vectors(expr, rule))


def derivative_along(energy: Expr, ode: ODE) -> Expr:
    r"""The derivative :math:`\tfrac{d}{dt}E` along the trajectories of ``ode``, in Gram coordinates.

    Parameters
    ----------
    energy : Expr
        A scalar expression in Gram coordinates (use :func:`~symflow.core.norm2`,
        :func:`~symflow.core.inner`, :class:`~symflow.core.FValue`).
    ode : ODE
        The dynamics; its highest derivative is substituted.

    Examples
    --------
    >>> from symflow.core import grad, norm2
    >>> derivative_along(FValue(X(t)), ODE(-grad(X(t)), 1))
    -Inner(NablaF(X(t)), NablaF(X(t)))
    """
    return along(chain_rule(energy, ode.time), ode)


def _atom_key(atom) -> tuple:
    return atom_rank(atom)


@dataclass(frozen=True)
class GramForm:
    r"""A scalar in coordinates: ``value``·F + Gram quadratic form + Hessian bilinear form.

    Attributes
    ----------
    value : Expr
        The coefficient of :math:`F = f(X) - f^\star`.
    basis : tuple
        The vectors :math:`b_i` (the first is :math:`X - x^\star` when it occurs).
    matrix : Matrix
        Symmetric :math:`M` with Gram part :math:`\sum_{ij} M_{ij}\langle b_i, b_j\rangle`.
    hessian : Matrix
        Symmetric :math:`H` with Hessian part :math:`\sum_{ij} H_{ij}\langle b_i, \nabla^2 f(X) b_j\rangle`.
    point : Expr
        The point :math:`X` at which :math:`f` and its Hessian are taken.
    """

    value: Expr
    basis: tuple
    matrix: Matrix
    hessian: Matrix
    point: Expr = field(default_factory=lambda: X(t))
    minimizer: Expr = x_star

    def in_basis(self, basis: tuple) -> "GramForm":
        """The same form over a larger basis (new rows and columns are zero)."""
        index = [basis.index(b) for b in self.basis]
        n = len(basis)
        M, H = Matrix.zeros(n, n), Matrix.zeros(n, n)
        for a, i in enumerate(index):
            for b, j in enumerate(index):
                M[i, j] = self.matrix[a, b]
                H[i, j] = self.hessian[a, b]
        return GramForm(self.value, tuple(basis), M, H, self.point, self.minimizer)

    def quadratic_form(self) -> Expr:
        r"""The Gram part as an expression :math:`\sum M_{ij}\langle b_i, b_j\rangle`."""
        n = len(self.basis)
        return expand(Add(*[self.matrix[i, j] * inner(self.basis[i], self.basis[j])
                            for i in range(n) for j in range(n)]))

    def hessian_form(self) -> Expr:
        r"""The Hessian part :math:`\sum H_{ij}\langle b_i, \nabla^2 f(X) b_j\rangle`."""
        n = len(self.basis)
        return expand(Add(*[self.hessian[i, j] * inner(self.basis[i], linearize(NablaF(self.point, self.basis[j])))
                            for i in range(n) for j in range(n)]))

    def expression(self) -> Expr:
        """The whole scalar again, in Gram coordinates."""
        return expand(self.value * f_gap(self.point, self.minimizer) + self.quadratic_form()
                      + self.hessian_form())


def _split_term(term):
    """``(coefficient, coordinate)`` of one expanded term; the coordinate is an Inner or FValue."""
    coordinates = [f for f in Mul.make_args(term) if f.has(Inner, FValue)]
    if not coordinates:
        raise UnsupportedError(f"the term {term} holds no f-value, inner product or norm")
    if len(coordinates) != 1 or not isinstance(coordinates[0], (Inner, FValue)):
        raise UnsupportedError(f"the term {term} is not linear in the Gram coordinates")
    return term / coordinates[0], coordinates[0]


def _hessian_direction(a, point):
    if isinstance(a, NablaF) and a.point == point and len(a.directions) == 1:
        return a.directions[0]
    return None


def gram_form(expr: Expr, *, point: Expr = None, minimizer: Expr = x_star) -> GramForm:
    r"""Split a scalar into :math:`F`, the Gram quadratic form and the Hessian form (see :class:`GramForm`).

    :math:`\nabla f(x^\star) = 0` is used; :math:`X` is replaced by
    :math:`(X - x^\star) + x^\star`, and the result must not depend on
    :math:`x^\star` otherwise.

    Raises
    ------
    UnsupportedError
        When the scalar is not of that form (products of inner products,
        values of f at other points, dependence on :math:`x^\star` alone, ...).

    Examples
    --------
    >>> from symflow.core import grad
    >>> g = gram_form(Inner(X(t), grad(X(t))) - Inner(x_star, grad(X(t))))
    >>> g.basis, g.matrix
    ((-x^star + X(t), NablaF(X(t))), Matrix([
    [  0, 1/2],
    [1/2,   0]]))
    """
    point = X(t) if point is None else point
    expr = substitute_vectors(S(expr), lambda v: Integer(0) if v == NablaF(minimizer) else v)
    value = Integer(0)
    gram: dict = {}
    hess: dict = {}
    for term in Add.make_args(expand(linearize(expr))):
        if term == 0:
            continue
        coefficient, coordinate = _split_term(term)
        if isinstance(coordinate, FValue):
            if coordinate.args[0] == point:
                value += coefficient
            elif coordinate.args[0] == minimizer:
                gram.setdefault("fstar", Integer(0))
                gram["fstar"] += coefficient
            else:
                raise UnsupportedError(f"the value {coordinate} of f at another point is not supported")
            continue
        u, v = coordinate.args
        du, dv = _hessian_direction(u, point), _hessian_direction(v, point)
        if du is not None and dv is None:
            key = (v, du)
        elif dv is not None and du is None:
            key = (u, dv)
        else:
            key = None
        if key is not None:
            hess[key] = hess.get(key, Integer(0)) + coefficient
        else:
            gram[(u, v)] = gram.get((u, v), Integer(0)) + coefficient
    if cancel(gram.pop("fstar", Integer(0)) + value) != 0:
        raise UnsupportedError("f(X) and f(x*) must occur as the difference f(X) - f(x*)")
    atoms = set()
    for (u, v) in list(gram) + list(hess):
        atoms |= {u, v}
    for a in atoms:
        if not is_vector_atom(a):
            raise UnsupportedError(f"{a} is not a vector of the Gram coordinates")
    translated = point in atoms or minimizer in atoms
    others = sorted(atoms - {point, minimizer}, key=_atom_key)
    basis = ([point - minimizer] if translated else []) + others
    # atom -> coordinates over (basis..., minimizer)
    extended = basis + [minimizer]
    n = len(extended)

    def coords(a):
        if a == point:
            return (0, n - 1)
        if a == minimizer:
            return (n - 1,)
        return (extended.index(a),)

    def assemble(table):
        entries: dict = {}
        for (u, v), c in table.items():
            half = c / 2
            for i in coords(u):
                for j in coords(v):
                    entries.setdefault((i, j), []).append(half)
                    entries.setdefault((j, i), []).append(half)
        M = Matrix.zeros(n, n)
        for (i, j), terms in entries.items():
            total = Add(*terms)
            M[i, j] = total if total.is_Number else cancel(total)
        return M

    M, H = assemble(gram), assemble(hess)
    if any(M[-1, j] != 0 for j in range(n)) or any(H[-1, j] != 0 for j in range(n)):
        raise UnsupportedError("the expression depends on x* other than through X - x*")
    m = len(basis)
    return GramForm(cancel(value), tuple(basis), M[:m, :m], H[:m, :m], point, minimizer)


def display(expr: Expr, *, point: Expr = None, minimizer: Expr = x_star) -> Expr:
    r"""A scalar rewritten for reading: :math:`F` as one symbol, inner products of :math:`X - x^\star`.

    Falls back to ``expr`` when it is not a :class:`GramForm`.

    Examples
    --------
    >>> from symflow.core import text, grad
    >>> print(text(display(Inner(X(t), grad(X(t))) - Inner(x_star, grad(X(t))))))
    ⟨X - x⋆, ∇f(X)⟩
    """
    try:
        form = gram_form(expr, point=point, minimizer=minimizer)
    except UnsupportedError:
        return expr
    b, n = form.basis, len(form.basis)
    terms = [factor(form.value) * Gap(form.point)] if form.value != 0 else []
    for i in range(n):
        for j in range(i, n):
            c = form.matrix[i, j] * (1 if i == j else 2)
            if c != 0:
                terms.append(factor(c) * Inner(b[i], b[j], evaluate=False))
            h = form.hessian[i, j] * (1 if i == j else 2)
            if h != 0:
                terms.append(factor(h) * Inner(b[i], NablaF(form.point, b[j]), evaluate=False))
    return Add(*terms)
