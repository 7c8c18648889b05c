r"""Numeric suggestions for certificates: the semidefinite program at sample parameter values.

The certificate condition "target :math:`+ \sum_i \lambda_i s_i = -b^\top Q b`, :math:`\lambda \ge 0`,
:math:`Q \succeq 0`" is, at fixed parameter values, a semidefinite feasibility problem in the
multipliers. :func:`vanishing_multipliers` solves it with cvxpy and Clarabel at a few sample points
(minimising :math:`\sum_i \lambda_i`, which drives unneeded multipliers to zero) and reports which
multipliers vanish at every sample where the problem is feasible. That is only a *suggestion*: the
exact certificate is then solved in SymPy with those multipliers set to zero, and only the exact
check (:math:`LDL^\top`, exact region) may say "proved".

Examples
--------
>>> from sympy import Matrix, symbols
>>> a = symbols("a", positive=True)
>>> # target -a*u^2 with one useless inequality u^2 >= 0 (coefficient matrix [[1]]):
>>> vanishing_multipliers(values=[], value_forms=[], matrix=Matrix([[-a]]), forms=[Matrix([[1]])],
...                       samples=[{a: 1.0}, {a: 2.0}])
[0]
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sympy import Matrix, S, lambdify

__all__ = ["vanishing_multipliers", "sample_points"]


def sample_points(symbols, *, count: int = 3, seed: int = 0) -> list:
    r"""Parameter values where claims are usually meant to hold: :math:`L = 1`, :math:`sL`, :math:`\mu/L` in (0, 1).

    Every other symbol gets a value in [2, 9] (indices :math:`k`, frictions :math:`r`, ...).

    Examples
    --------
    >>> from symflow.core import L, s, k
    >>> points = sample_points([L, s, k], count=2)
    >>> all(p[L] == 1.0 and 0 < p[s] < 1 for p in points)
    True
    """
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        point = {}
        for symbol in symbols:
            name = symbol.name
            if name == "L":
                point[symbol] = 1.0
            elif name in ("s", "mu"):
                point[symbol] = float(rng.uniform(0.05, 0.9))
            else:
                point[symbol] = float(rng.integers(2, 10))
        out.append(point)
    return out


def vanishing_multipliers(*, values: Sequence, value_forms: Sequence, matrix: Matrix, forms: Sequence,
                          samples: Sequence, tolerance: float = 1e-7) -> list | None:
    r"""Indices of the multipliers that the numeric SDP sets to zero at every feasible sample.

    Parameters
    ----------
    values : sequence of Expr
        The target's coefficients of the linear coordinates (e.g. each :math:`f(x_j) - f^\star`).
    value_forms : sequence of sequence of Expr
        ``value_forms[i][c]``: inequality ``i``'s coefficient of coordinate ``c``.
    matrix : Matrix
        The target's Gram matrix :math:`M` (the remainder is :math:`Q = -(M + \sum_i\lambda_i M_i)`).
    forms : sequence of Matrix
        The inequalities' Gram matrices :math:`M_i`.
    samples : sequence of dict
        Parameter values.

    Returns
    -------
    list of int or None
        None when the problem is infeasible at every sample (a hint that no certificate exists there).
    """
    import cvxpy as cp  # a numeric dependency, loaded only when a suggestion is asked for

    n, m = matrix.shape[0], len(forms)
    symbols = sorted(set().union(*[S(e).free_symbols for e in list(values) + list(matrix)
                                   + [x for row in value_forms for x in row] + [x for M in forms for x in M]]),
                     key=str)
    evaluate = lambdify(symbols, [list(values), [list(r) for r in value_forms], matrix.tolist(),
                                  [M.tolist() for M in forms]], "numpy")
    zero_everywhere = None
    for sample in samples:
        try:
            v, vf, M, Ms = evaluate(*[sample.get(x, 1.0) for x in symbols])
        except (ZeroDivisionError, ValueError):
            continue
        v, vf = np.array(v, dtype=float), np.array(vf, dtype=float).reshape(m, len(v))
        M, Ms = np.array(M, dtype=float), [np.array(x, dtype=float) for x in Ms]
        if not (np.all(np.isfinite(v)) and np.all(np.isfinite(M)) and all(np.all(np.isfinite(x)) for x in Ms)):
            continue
        lam = cp.Variable(m, nonneg=True)
        Q = cp.Variable((n, n), symmetric=True) if n else None
        constraints = [v[c] + vf[:, c] @ lam == 0 for c in range(len(v))]
        if n:
            constraints += [Q == -(M + sum(lam[i] * Ms[i] for i in range(m))), Q >> 0]
        problem = cp.Problem(cp.Minimize(cp.sum(lam)), constraints)
        try:
            problem.solve(solver=cp.CLARABEL)
        except cp.error.SolverError:
            continue
        if problem.status not in ("optimal", "optimal_inaccurate") or lam.value is None:
            continue
        scale = max(1.0, float(np.max(np.abs(lam.value))))
        zero = {i for i in range(m) if abs(lam.value[i]) <= tolerance * scale}
        zero_everywhere = zero if zero_everywhere is None else zero_everywhere & zero
    return None if zero_everywhere is None else sorted(zero_everywhere)
