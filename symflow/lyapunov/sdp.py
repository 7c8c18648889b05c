r"""Numeric suggestions for certificates: the semidefinite program at sample values.

A certificate condition, continuous or discrete, is one :class:`Condition`: a *target* (the
derivative :math:`\dot E + \rho E`, or the difference :math:`E_{k+1} - E_k + \rho E_k`) written in
Gram coordinates — coefficients of scalar coordinates (:math:`f(X) - f^\star`, Hessian forms, or each
:math:`f(x_j) - f^\star`) and a Gram matrix :math:`M` — together with the function class's
inequalities :math:`s_i \ge 0` in the same coordinates. A certificate is

.. math:: \text{target} + \sum_i \lambda_i s_i = -b^\top Q b, \qquad \lambda \ge 0,\ Q \succeq 0 .

The target may be affine in *unknowns* :math:`\theta` (an energy's coefficients, "there exists");
every other symbol is a *parameter* ("for all") and gets a sample value here. At fixed values this is
a semidefinite feasibility problem in :math:`(\theta, \lambda, Q)`, solved with cvxpy and Clarabel by
:func:`solve_conditions` (several conditions may share :math:`\theta`: one per sample time, or the
energy's own nonnegativity). :func:`largest_rate` bisects on :math:`\rho`, and
:func:`violating_state` solves the dual problem: a Gram matrix and values — a state of some function
of the class — where the target is positive *for every* :math:`\theta` at once.

All of this is a *suggestion*. Exact certificates are solved in SymPy with the structure learned here
(which multipliers vanish, which unknowns are pinned) and only the exact check (:math:`LDL^\top`,
exact region, exact re-expansion) may say "proved"; a dual state is re-checked in exact rationals
before it refutes anything.

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

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sympy import Matrix, S, diff, lambdify

from ..core.limits import check_budget

__all__ = ["Condition", "NumericCondition", "NumericSolution", "solve_conditions", "largest_rate",
           "violating_state", "vanishing_multipliers", "vanishing_at", "sample_points"]


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


@dataclass(frozen=True)
class Condition:
    r"""One certificate condition :math:`\text{target} + \sum_i\lambda_i s_i = -b^\top Qb` in coordinates.

    Attributes
    ----------
    values : tuple of Expr
        The target's coefficient of each scalar coordinate (affine in the unknowns).
    value_forms : tuple of tuple of Expr
        ``value_forms[i][c]``: inequality ``i``'s coefficient of coordinate ``c``.
    matrix : Matrix
        The target's Gram matrix :math:`M` (affine in the unknowns); :math:`Q = -(M + \sum_i\lambda_i M_i)`.
    forms : tuple of Matrix
        The inequalities' Gram matrices :math:`M_i`.
    """

    values: tuple
    value_forms: tuple
    matrix: Matrix
    forms: tuple

    def symbols(self) -> set:
        """Every symbol the condition names."""
        exprs = list(self.values) + list(self.matrix) + [x for row in self.value_forms for x in row]
        exprs += [x for M in self.forms for x in M]
        return set().union(*[S(e).free_symbols for e in exprs])


@dataclass(frozen=True, eq=False)
class NumericCondition:
    r"""A :class:`Condition` already evaluated at its sample point: float arrays, nothing to compile.

    A caller that solves many conditions built from the same pieces (a target plus fixed multiples of
    the inequalities, at a few samples) evaluates the pieces once and combines the arrays.

    Attributes
    ----------
    values : tuple of numpy.ndarray
        The target's coefficients of the scalar coordinates: the constant part, then the part that
        multiplies each unknown.
    matrices : tuple of numpy.ndarray
        The target's Gram matrix (:math:`n \times n`), split the same way.
    value_forms : numpy.ndarray
        ``value_forms[i, c]``: inequality ``i``'s coefficient of coordinate ``c``.
    forms : tuple of numpy.ndarray
        The inequalities' Gram matrices.

    Examples
    --------
    >>> import numpy as np
    >>> c = NumericCondition((np.zeros(0),), (np.array([[-1.0]]),), np.zeros((1, 0)), (np.array([[1.0]]),))
    >>> solution = solve_conditions([(c, None)])
    >>> [round(float(x), 6) for x in solution.multipliers[0]]
    [0.0]
    """

    values: tuple
    matrices: tuple
    value_forms: np.ndarray
    forms: tuple


@dataclass(frozen=True)
class NumericSolution:
    r"""A numeric solution of :func:`solve_conditions`.

    Attributes
    ----------
    unknowns : dict
        ``{theta: float}``.
    multipliers : tuple of numpy.ndarray
        :math:`\lambda` for each condition.
    remainders : tuple of numpy.ndarray
        :math:`Q` for each condition.
    """

    unknowns: dict
    multipliers: tuple
    remainders: tuple

    def vanishing(self, tolerance: float = 1e-6) -> list:
        """Per condition, the indices of the multipliers that are (numerically) zero."""
        out = []
        for lam in self.multipliers:
            scale = max(1.0, float(np.max(np.abs(lam)))) if len(lam) else 1.0
            out.append(sorted(i for i in range(len(lam)) if abs(lam[i]) <= tolerance * scale))
        return out


class _Affine:
    """An array of expressions as ``c0 + sum_j theta_j c_j``, each part lambdified in the other symbols."""

    def __init__(self, exprs: list, unknowns: Sequence, symbols: Sequence):
        self.unknowns = list(unknowns)
        zero = {u: 0 for u in self.unknowns}
        parts = [[S(e).subs(zero) for e in exprs]] + [[diff(e, u) for e in exprs] for u in self.unknowns]
        self.symbols = list(symbols)
        self.functions = [lambdify(self.symbols, part, "numpy") for part in parts]

    def at(self, point: dict):
        args = [point.get(x, 1.0) for x in self.symbols]
        return [np.array(f(*args), dtype=float) for f in self.functions]


def _compiled(condition: Condition, unknowns: Sequence, symbols: Sequence) -> tuple:
    m = len(condition.forms)
    values = _Affine(list(condition.values), unknowns, symbols)
    matrix = _Affine(list(condition.matrix), unknowns, symbols)
    fixed = lambdify(list(symbols), [[list(r) for r in condition.value_forms], [M.tolist() for M in condition.forms]],
                     "numpy")
    return values, matrix, fixed, m


def _evaluate(condition: Condition, compiled: tuple, symbols: Sequence, point: dict) -> tuple | None:
    """``(value parts, matrix parts, value forms, forms)`` as float arrays at ``point``; None if not finite."""
    values, matrix, fixed, m = compiled
    try:
        with np.errstate(all="ignore"):
            v_parts, M_parts = values.at(point), matrix.at(point)
            vf, Ms = fixed(*[point.get(x, 1.0) for x in symbols])
    except (ZeroDivisionError, ValueError, TypeError):
        return None
    n, ncoord = condition.matrix.shape[0], len(condition.values)
    vf = np.array(vf, dtype=float).reshape(m, ncoord)
    Ms = [np.array(x, dtype=float).reshape(n, n) for x in Ms]
    if not all(np.all(np.isfinite(x)) for x in v_parts + M_parts + [vf] + Ms):
        return None
    return v_parts, M_parts, vf, Ms


def _solve(problem) -> bool:
    """Solve a cvxpy problem with Clarabel; False when the solver fails.

    A failure is only a missing suggestion (exact decides), so the solver's warnings are not shown
    (the command line also keeps what the solver's native code writes on a degenerate problem off
    the terminal).
    """
    import cvxpy as cp

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            problem.solve(solver=cp.CLARABEL)
    except (cp.error.SolverError, ValueError, ArithmeticError):
        return False
    return True


def solve_conditions(conditions: Sequence, unknowns: Sequence = (), *, normalization: Sequence = (),
                     objective: str = "multipliers", cache: dict | None = None) -> NumericSolution | None:
    r"""Solve several conditions, each at its own sample point, sharing the unknowns.

    Parameters
    ----------
    conditions : sequence of (Condition, dict)
        Each condition with the numeric values of its symbols (parameters, time, rate); a
        :class:`NumericCondition` is already evaluated (its point is not read).
    unknowns : sequence of Symbol
        :math:`\theta`, shared by every condition.
    normalization : sequence of (Expr, float)
        Extra affine equations ``expr(theta) == value`` (to exclude the zero energy).
    objective : str
        "multipliers" minimises :math:`\sum\lambda` (unneeded multipliers go to zero);
        "feasible" only asks for feasibility; "minimize" and "maximize" give the extremes of
        :math:`\sum\theta` (with one unknown: the ends of its feasible interval; None when unbounded).
    cache : dict, optional
        Compiled conditions, kept by the caller across calls with the same conditions and unknowns.

    Returns
    -------
    NumericSolution or None
        None when the solver finds the problem infeasible (or fails).

    Examples
    --------
    >>> from sympy import Matrix, symbols
    >>> a = symbols("a")
    >>> # a*u^2 - u^2 <= 0 needs a <= 1; with the normalisation a = 1/2:
    >>> c = Condition((), (), Matrix([[a - 1]]), ())
    >>> round(solve_conditions([(c, {})], [a], normalization=[(a, 0.5)]).unknowns[a], 6)
    0.5
    >>> solve_conditions([(c, {})], [a], normalization=[(a, 2.0)]) is None
    True
    """
    import cvxpy as cp  # a numeric dependency, loaded only when a suggestion is asked for

    unknowns = list(unknowns)
    theta = cp.Variable(len(unknowns)) if unknowns else None
    constraints, lams, Qs = [], [], []
    cache = {} if cache is None else cache
    for condition, point in conditions:
        check_budget("setting up the numeric semidefinite program")
        if isinstance(condition, NumericCondition):
            v_parts, M_parts = list(condition.values), list(condition.matrices)
            vf, Ms = condition.value_forms, list(condition.forms)
            if not all(np.all(np.isfinite(x)) for x in v_parts + M_parts + [vf] + Ms):
                return None
            m, n, ncoord = len(Ms), M_parts[0].shape[0], len(v_parts[0])
        else:
            key = id(condition)
            if key not in cache:
                symbols = sorted(condition.symbols() - set(unknowns), key=str)
                cache[key] = (symbols, _compiled(condition, unknowns, symbols))
            symbols, compiled = cache[key]
            m = compiled[3]
            evaluated = _evaluate(condition, compiled, symbols, point)
            if evaluated is None:
                return None
            v_parts, M_parts, vf, Ms = evaluated
            n = condition.matrix.shape[0]
            ncoord = len(condition.values)
        lam = cp.Variable(m, nonneg=True) if m else None
        lams.append(lam)

        def affine(parts, index=None):
            expr = parts[0] if index is None else parts[0][index]
            for j in range(len(unknowns)):
                c = parts[j + 1] if index is None else parts[j + 1][index]
                if np.any(c != 0):
                    expr = expr + theta[j] * c
            return expr

        for c in range(ncoord):
            total = affine(v_parts, c)
            if m:
                total = total + vf[:, c] @ lam
            constraints.append(total == 0)
        if n:
            M = affine([p.reshape(n, n) for p in M_parts])
            if m:
                M = M + sum(lam[i] * Ms[i] for i in range(m))
            Q = cp.Variable((n, n), symmetric=True)
            constraints += [Q == -M, Q >> 0]
            Qs.append(Q)
        else:
            Qs.append(None)
    for expr, value in normalization:
        zero = {u: 0 for u in unknowns}
        constant = float(S(expr).subs(zero))
        coefficients = np.array([float(diff(expr, u)) for u in unknowns])
        constraints.append(constant + coefficients @ theta == value)
    used = [lam for lam in lams if lam is not None]
    if objective in ("minimize", "maximize") and unknowns:
        total = cp.sum(theta)
        goal = cp.Minimize(total) if objective == "minimize" else cp.Maximize(total)
    elif used and objective == "multipliers":
        goal = cp.Minimize(sum(cp.sum(lam) for lam in used))
    else:
        goal = cp.Minimize(0)
    problem = cp.Problem(goal, constraints)
    if not _solve(problem) or problem.status not in ("optimal", "optimal_inaccurate"):
        return None
    values = {u: float(theta.value[j]) for j, u in enumerate(unknowns)} if unknowns else {}
    return NumericSolution(values, tuple(np.array(lam.value) if lam is not None else np.zeros(0) for lam in lams),
                           tuple(np.array(Q.value) if Q is not None else np.zeros((0, 0)) for Q in Qs))


def largest_rate(build, *, low: float = 0.0, high: float = 1.0, tolerance: float = 1e-6,
                 max_steps: int = 80) -> float | None:
    r"""The largest :math:`\rho` with ``build(rho)`` feasible, by bisection.

    ``build(rho)`` returns a :class:`NumericSolution` or None. ``high`` is doubled until infeasible
    (at most 40 times). Returns None when even ``low`` is infeasible.

    Examples
    --------
    >>> from sympy import Matrix, symbols
    >>> rho = symbols("rho")
    >>> c = Condition((), (), Matrix([[rho - 2]]), ())
    >>> round(largest_rate(lambda x: solve_conditions([(c, {rho: x})])), 5)
    2.0
    """
    if build(low) is None:
        return None
    for _ in range(40):
        if build(high) is None:
            break
        low, high = high, 2 * high
    else:
        return float("inf")
    for _ in range(max_steps):
        check_budget("bisecting on the rate")
        if high - low <= tolerance * max(1.0, abs(high)):
            break
        middle = (low + high) / 2
        if build(middle) is None:
            high = middle
        else:
            low = middle
    return low


def violating_state(condition: Condition, unknowns: Sequence, point: dict) -> tuple | None:
    r"""A numeric state where the target is positive for every value of the unknowns.

    The dual of :func:`solve_conditions` for one condition: a Gram matrix :math:`G \succeq 0` of the
    basis and values :math:`y` of the coordinates with every inequality :math:`s_i(G, y) \ge \sigma`, the
    target's coefficient of every unknown zero at :math:`(G, y)`, its constant part
    :math:`\ge \sigma` and :math:`G \succeq \sigma I`, :math:`\operatorname{tr} G = 1`; :math:`\sigma`
    maximised. Returns ``(G, y)`` when :math:`\sigma > 0` (a strictly feasible dual point, which exact
    rounding preserves), else None.

    Examples
    --------
    >>> from sympy import Matrix, symbols
    >>> a = symbols("a")
    >>> # target (1 - a)*u^2 + a*v^2: positive at u = v for every a
    >>> c = Condition((), (), Matrix([[1 - a, 0], [0, a]]), ())
    >>> G, y = violating_state(c, [a], {})
    >>> bool(abs(G[0, 0] - G[1, 1]) < 1e-6)
    True
    """
    import cvxpy as cp

    unknowns = list(unknowns)
    symbols = sorted(condition.symbols() - set(unknowns), key=str)
    compiled = _compiled(condition, unknowns, symbols)
    m = compiled[3]
    evaluated = _evaluate(condition, compiled, symbols, point)
    if evaluated is None:
        return None
    v_parts, M_parts, vf, Ms = evaluated
    n, ncoord = condition.matrix.shape[0], len(condition.values)
    G = cp.Variable((n, n), symmetric=True)
    y = cp.Variable(ncoord) if ncoord else None
    sigma = cp.Variable()

    def pair(vector, M):
        out = cp.sum(cp.multiply(M, G))
        if ncoord:
            out = out + vector @ y
        return out

    constraints = [G >> sigma * np.eye(n), cp.trace(G) == 1, sigma <= 1]
    constraints += [pair(vf[i], Ms[i]) >= sigma for i in range(m)]
    for j in range(len(unknowns)):
        constraints.append(pair(v_parts[j + 1], M_parts[j + 1].reshape(n, n)) == 0)
    constraints.append(pair(v_parts[0], M_parts[0].reshape(n, n)) >= sigma)
    problem = cp.Problem(cp.Maximize(sigma), constraints)
    if not _solve(problem):
        return None
    if problem.status not in ("optimal", "optimal_inaccurate") or sigma.value is None or sigma.value <= 1e-7:
        return None
    return np.array(G.value), (np.array(y.value) if ncoord else np.zeros(0))


def vanishing_multipliers(*, values: Sequence, value_forms: Sequence, matrix: Matrix, forms: Sequence,
                          samples: Sequence, tolerance: float = 1e-7) -> list | None:
    r"""Indices of the multipliers that the numeric SDP sets to zero at every feasible sample.

    Parameters
    ----------
    values, value_forms, matrix, forms
        The fields of a :class:`Condition` without unknowns.
    samples : sequence of dict
        Parameter values.

    Returns
    -------
    list of int or None
        None when the problem is infeasible at every sample (a hint that no certificate exists there).
    """
    condition = Condition(tuple(values), tuple(tuple(r) for r in value_forms), Matrix(matrix), tuple(forms))
    return vanishing_at([(condition, sample) for sample in samples], tolerance=tolerance)


def vanishing_at(conditions: Sequence, *, tolerance: float = 1e-7) -> list | None:
    r"""As :func:`vanishing_multipliers`, for one condition given at each sample: ``[(condition, sample), ...]``
    with a :class:`Condition` (compiled once) or a :class:`NumericCondition` (already evaluated there).

    Examples
    --------
    >>> import numpy as np
    >>> c = NumericCondition((np.zeros(0),), (np.array([[-1.0]]),), np.zeros((1, 0)), (np.array([[1.0]]),))
    >>> vanishing_at([(c, None), (c, None)])
    [0]
    """
    zero_everywhere = None
    cache: dict = {}   # one condition: compiled once for every sample
    for condition, sample in conditions:
        if condition is None:
            continue
        solution = solve_conditions([(condition, sample)], cache=cache)
        if solution is None:
            continue
        zero = set(solution.vanishing(tolerance)[0])
        zero_everywhere = zero if zero_everywhere is None else zero_everywhere & zero
    return None if zero_everywhere is None else sorted(zero_everywhere)
