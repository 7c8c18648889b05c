r"""Exact semidefiniteness of symbolic matrices: :math:`LDL^\top` with symmetric pivoting, principal minors.

:func:`ldl` writes a symmetric matrix :math:`Q` as :math:`\sum_k d_k\, \ell_k \ell_k^\top`
(rows and columns that vanish identically are dropped, a zero diagonal
entry with a nonzero row means :math:`Q` is not semidefinite for any value
of the symbols). :math:`Q \succeq 0` then holds wherever every :math:`d_k \ge 0`;
by continuity also on the closure of that set. Eigenvalues are never computed.

Examples
--------
>>> from sympy import Matrix, symbols
>>> a = symbols("a", positive=True)
>>> pivots, rows = ldl(Matrix([[1, -a], [-a, a**2]]))
>>> pivots
(1,)
>>> rows
(Matrix([[1, -a]]),)
"""
from __future__ import annotations

from itertools import combinations

from sympy import Add, Expr, Integer, Matrix, cancel, expand, factor

from ..core.errors import NotSemidefinite
from ..core.vectors import norm2

__all__ = ["ldl", "sum_of_squares", "principal_minors", "gram_squares"]


def _zero(x) -> bool:
    return cancel(x) == 0


def ldl(Q: Matrix) -> tuple:
    r"""Pivots :math:`d_k` and rows :math:`\ell_k` with :math:`Q = \sum_k d_k \ell_k^\top \ell_k`.

    Parameters
    ----------
    Q : Matrix
        Symmetric, with symbolic entries.

    Raises
    ------
    NotSemidefinite
        When a diagonal entry is identically zero but its row is not.

    Examples
    --------
    >>> from sympy import Matrix
    >>> ldl(Matrix([[0, 1], [1, 0]]))
    Traceback (most recent call last):
    ...
    symflow.core.errors.NotSemidefinite: diagonal entry 0 is zero but its row is not
    """
    Q = Matrix(Q).applyfunc(cancel)
    n = Q.shape[0]
    active = list(range(n))
    pivots, rows = [], []
    while active:
        for i in list(active):
            if all(_zero(Q[i, j]) for j in active):
                active.remove(i)
        if not active:
            break
        for i in active:
            if _zero(Q[i, i]):
                raise NotSemidefinite(f"diagonal entry {i} is zero but its row is not")
        pivot = active[0]
        d = Q[pivot, pivot]
        row = Matrix.zeros(1, n)
        for j in active:
            row[0, j] = cancel(Q[pivot, j] / d)
        pivots.append(factor(d))
        rows.append(row)
        active.remove(pivot)
        for i in active:
            for j in active:
                Q[i, j] = cancel(Q[i, j] - Q[i, pivot] * Q[pivot, j] / d)
    return tuple(pivots), tuple(rows)


def sum_of_squares(pivots, rows) -> Matrix:
    r"""The matrix :math:`\sum_k d_k \ell_k^\top \ell_k` (to check :func:`ldl` by multiplying back).

    Examples
    --------
    >>> from sympy import Matrix
    >>> Q = Matrix([[2, 1], [1, 3]])
    >>> sum_of_squares(*ldl(Q)) == Q
    True
    """
    n = rows[0].shape[1] if rows else 0
    total = Matrix.zeros(n, n)
    for d, row in zip(pivots, rows):
        total += d * row.T * row
    return total.applyfunc(cancel)


def principal_minors(Q: Matrix) -> list:
    r"""All principal minors of a symmetric matrix (nonnegative iff :math:`Q \succeq 0`).

    Examples
    --------
    >>> from sympy import Matrix
    >>> principal_minors(Matrix([[2, 1], [1, 3]]))
    [2, 3, 5]
    """
    n = Q.shape[0]
    out = []
    for size in range(1, n + 1):
        for idx in combinations(range(n), size):
            out.append(cancel(Q.extract(list(idx), list(idx)).det(method="berkowitz")))
    return out


def gram_squares(pivots, rows, basis) -> Expr:
    r"""The remainder :math:`\sum_k d_k\|\ell_k\|^2` in Gram coordinates, :math:`\ell_k = \sum_j L_{kj} b_j`.

    Examples
    --------
    >>> from sympy import Matrix
    >>> from symflow.core import x0
    >>> gram_squares((2,), (Matrix([[1]]),), (x0,))
    2*Inner(x_0, x_0)
    """
    total = Integer(0)
    for d, row in zip(pivots, rows):
        total += d * norm2(Add(*[row[0, j] * basis[j] for j in range(len(basis))]))
    return expand(total)
