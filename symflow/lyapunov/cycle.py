r"""Periodic orbits: a method that cycles on a function of the class has no linear rate there, decided exactly.

A linear-rate claim :math:`\|x_k - x^\star\|^2 \le C(1-\rho)^k\|x_0 - x^\star\|^2` (some :math:`C > 0`,
:math:`0 < \rho \le 1`, every :math:`f` of a class, every start) is refuted by one function of the class
and one start from which the method returns to the same state after :math:`p` steps while
:math:`x_k \ne x^\star`: the distances :math:`\|x_k - x^\star\|^2` then repeat with period :math:`p` and stay
above :math:`m = \min\{\|x_k - x^\star\|^2 : x_k \ne x^\star\} > 0` infinitely often, while the bound tends
to 0. Everything that decides is exact (derived here):

1. the function is one-dimensional and piecewise (:class:`~symflow.lyapunov.PiecewiseFunction`); its
   membership in the class is checked exactly (pieces cover :math:`\mathbb R`, :math:`f` and :math:`f'`
   continuous at the joins, :math:`f(0) = f'(0) = 0`, :math:`\mu \le f'' \le L` piece by piece), so
   :math:`x^\star = 0`;
2. :func:`find_cycles`: for every assignment of pieces to the gradient points of :math:`p` consecutive
   steps, the :math:`p`-periodic sequences satisfying the method's update solve a linear system (the
   pieces are quadratics); a solution is kept when every gradient point lies in its assigned piece;
3. :func:`periodic_orbit`: from the start, the method is run exactly for :math:`p` steps, each gradient
   evaluated on the piece that holds its point (decided exactly), and the state after :math:`p` steps must
   be the start;
4. :meth:`PeriodicOrbit.violation`: the first :math:`k` at which a claimed rate fails on the run;
5. a second route, :func:`numeric_run`: the same method run in floating point by
   :func:`symflow.numeric.simulate_method`, from the start or from a zero-velocity start, follows the cycle.

The method is data (a :class:`~symflow.core.Method` with one sequence and one update whose coefficients
do not depend on :math:`k`); its parameters get exact values.

Examples
--------
>>> from sympy import Dummy, Eq, Interval, Rational, oo, sqrt
>>> from symflow.core import L, Method, grad, k, mu, x
>>> from symflow.lyapunov import PiecewiseFunction, smooth_strongly_convex
>>> hb = Method("heavy-ball-polyak", ("x",), (Eq(x(k + 1), x(k) - 4 / (sqrt(L) + sqrt(mu))**2 * grad(x(k))
...     + ((sqrt(L) - sqrt(mu)) / (sqrt(L) + sqrt(mu)))**2 * (x(k) - x(k - 1))),), parameters=(mu, L))
>>> f = PiecewiseFunction.from_curvature("LRP", Dummy("x", real=True),   # Lessard, Recht, Packard (2016), §4.6
...     ((25, Interval.open(-oo, 1)), (1, Interval.Ropen(1, 2)), (25, Interval(2, oo))))
>>> [e for e, _ in f.pieces]
[25*_x**2/2, _x**2/2 + 24*_x - 12, 25*_x**2/2 - 24*_x + 36]
>>> cycles = find_cycles(hb, f, period=3, values={mu: 1, L: 25})
>>> cycles[0]
(2592/1225, 792/1225, -2208/1225)
>>> orbit = periodic_orbit(hb, f, smooth_strongly_convex(1, 25), cycle_start(hb, cycles[0]), period=3,
...                        values={mu: 1, L: 25})
>>> orbit.in_class, orbit.periodic, orbit.refutes, orbit.pieces
(True, True, True, (2, 0, 0))
>>> orbit.violation(100, Rational(5, 9)).index
6
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from itertools import product

import numpy as np
from sympy import (
    Eq,
    Expr,
    Integer,
    Matrix,
    S,
    Symbol,
    cancel,
    diff,
    expand,
    lambdify,
    radsimp,
)

from ..core.derivation import Check, Step
from ..core.errors import LimitExceeded, MethodError, SymflowError, UnsupportedError
from ..core.limits import check_budget
from ..core.model import Method
from ..core.printing import text
from ..core.symbols import AppliedVector, k, sequence_shift, vector_function
from ..core.vectors import NablaF, vector_coefficients
from ..numeric import NumericObjective, simulate_method
from .function_classes import FunctionClass
from .necessity import PiecewiseFunction

__all__ = [
    "NumericRun",
    "PeriodicOrbit",
    "RateViolation",
    "cycle_start",
    "find_cycles",
    "numeric_run",
    "periodic_orbit",
]

#: the most piece assignments :func:`find_cycles` tries (pieces ** (period × gradient points))
MOST_ASSIGNMENTS = 20_000
#: the most steps :meth:`PeriodicOrbit.violation` looks ahead for a violation
MOST_STEPS = 100_000


@dataclass(frozen=True)
class _Update:
    """The update ``x(k+m) = sum c_j x(k+j) + sum c grad f(sum a_j x(k+j))`` with exact numbers."""

    target: int
    terms: tuple       # ((j, c), ...)
    gradients: tuple   # ((c, ((j, a), ...)), ...)

    @property
    def lowest(self) -> int:
        shifts = [j for j, _ in self.terms] + [j for _, point in self.gradients for j, _ in point]
        return min(shifts + [self.target - 1])


def _values(method: Method, values) -> dict:
    names = {str(p): p for p in (*method.parameters, method.step_size)}
    table = {}
    for key, value in (values or {}).items():
        symbol = names.get(str(key))
        if symbol is None:
            raise MethodError(f"method {method.name!r} has no parameter {key!r} "
                              f"(its parameters: {', '.join(names)})")
        table[symbol] = S(value)
    return table


def _number(expr, method: Method, table: dict, where: str) -> Expr:
    value = radsimp(cancel(S(expr).subs(table)))
    if k in value.free_symbols:
        raise UnsupportedError(f"method {method.name!r}: the coefficient {text(expr)} of {where} depends on k; "
                               "a periodic orbit needs an autonomous method (constant coefficients)")
    if value.free_symbols:
        missing = ", ".join(sorted(map(str, value.free_symbols)))
        raise MethodError(f"method {method.name!r}: give values for {missing} (values={{...}})")
    return value


def _update(method: Method, values) -> _Update:
    if len(method.sequences) != 1 or len(method.updates) != 1:
        raise UnsupportedError(f"method {method.name!r}: a periodic orbit needs one sequence and one update "
                               f"(it has {len(method.sequences)} sequence(s), {len(method.updates)} update(s)); "
                               "write it in one-sequence form")
    table = _values(method, values)
    eq = method.updates[0]
    target = sequence_shift(eq.lhs)
    terms, gradients = {}, []
    for atom, coefficient in vector_coefficients(eq.rhs).items():
        if isinstance(atom, NablaF):
            if atom.directions:
                raise UnsupportedError(f"method {method.name!r} uses {atom}; only gradients are supported")
            point = []
            for term, a in vector_coefficients(atom.point).items():
                if not isinstance(term, AppliedVector):
                    raise UnsupportedError(f"method {method.name!r}: the gradient point {atom.point} is not a "
                                           "combination of the iterates")
                point.append((sequence_shift(term), _number(a, method, table, f"the gradient point {atom.point}")))
            gradients.append((_number(coefficient, method, table, str(atom)), tuple(sorted(point))))
        elif isinstance(atom, AppliedVector):
            j = sequence_shift(atom)
            terms[j] = terms.get(j, S.Zero) + _number(coefficient, method, table, str(atom))
        else:
            raise UnsupportedError(f"method {method.name!r}: the term {atom} is neither an iterate nor a gradient")
    update = _Update(target, tuple(sorted(terms.items())), tuple(gradients))
    if any(j >= target for j, _ in update.terms) or any(j >= target for _, p in update.gradients for j, _ in p):
        raise UnsupportedError(f"method {method.name!r}: the update of {eq.lhs} reads {eq.lhs} or a later term "
                               "(an implicit step)")
    return update


def _is_zero(expr) -> bool:
    expr = radsimp(expand(S(expr)))
    return expr == 0 or expr.is_zero is True


def _piece(function: PiecewiseFunction, point: Expr) -> int:
    index = function.piece_of(point)
    if index is None:
        raise UnsupportedError(f"the piece of {function.name!r} that holds x = {text(point)} is undecided")
    return index


def _slope(function: PiecewiseFunction, index: int, point: Expr) -> Expr:
    x = function.variable
    return diff(function.pieces[index][0], x).subs(x, point)


def find_cycles(method: Method, function: PiecewiseFunction, *, period: int, values: dict | None = None) -> tuple:
    r"""Every :math:`p`-periodic sequence of ``method`` on ``function`` with least period :math:`p`, exactly.

    Each cycle :math:`(u_0, \dots, u_{p-1})` means :math:`x_k = u_{k \bmod p}`; it is rotated so that
    :math:`u_0` is its largest point. The pieces of ``function`` must be quadratics (so that
    :math:`f'` is affine on each), and a singular linear system (a continuum of cycles) is skipped.

    Parameters
    ----------
    method : Method
        One sequence, one update, coefficients free of :math:`k`.
    function : PiecewiseFunction
    period : int
        :math:`p \ge 1`.
    values : dict
        Exact values of the method's parameters (and step size, when it appears).

    Raises
    ------
    LimitExceeded
        When there are more than :data:`MOST_ASSIGNMENTS` piece assignments to try.

    Examples
    --------
    >>> from sympy import Dummy, Eq, Interval, oo
    >>> from symflow.core import Method, grad, k, x
    >>> from symflow.lyapunov import PiecewiseFunction
    >>> f = PiecewiseFunction.from_curvature("LRP", Dummy("x", real=True),
    ...     ((25, Interval.open(-oo, 1)), (1, Interval.Ropen(1, 2)), (25, Interval(2, oo))))
    >>> gd = Method("gd", ("x",), (Eq(x(k + 1), x(k) - 2 * grad(x(k)) / 25),))
    >>> find_cycles(gd, f, period=2)  # gradient descent with step 2/L
    ((1, -1),)
    """
    if not isinstance(period, int) or period < 1:
        raise SymflowError(f"the period must be a whole number >= 1, not {period!r}")
    update = _update(method, values)
    x = function.variable
    affine = []
    for e, _ in function.pieces:
        slope = cancel(diff(e, x))
        if cancel(diff(slope, x, 2)) != 0 or diff(slope, x).free_symbols:
            raise UnsupportedError(f"the pieces of {function.name!r} must be quadratics to solve for cycles")
        affine.append((cancel(diff(slope, x)), cancel(slope.subs(x, 0))))
    points = period * len(update.gradients)
    count = len(function.pieces) ** points
    if count > MOST_ASSIGNMENTS:
        raise LimitExceeded(f"{count} piece assignments for period {period} is more than symflow's limit "
                            f"{MOST_ASSIGNMENTS} (ask for a shorter period)")
    u = [Symbol(f"u{i}") for i in range(period)]

    def combination(pairs, at):
        return sum((c * u[(at + j) % period] for j, c in pairs), S.Zero)

    found = []
    for n, assignment in enumerate(product(range(len(function.pieces)), repeat=points)):
        if n % 64 == 0:
            check_budget(f"searching for cycles of period {period}")
        equations, where = [], []
        pieces = iter(assignment)
        for at in range(period):
            rhs = combination(update.terms, at)
            for c, point in update.gradients:
                piece = next(pieces)
                p = combination(point, at)
                a, b = affine[piece]
                rhs += c * (a * p + b)
                where.append((p, piece))
            equations.append(u[(at + update.target) % period] - rhs)
        A, b = _linear(equations, u)
        if A.det() == 0:
            continue
        solution = A.LUsolve(b)
        table = dict(zip(u, solution))
        if all(function.pieces[piece][1].contains(p.subs(table)) is S.true for p, piece in where):
            cycle = tuple(radsimp(v) for v in solution)
            if _least_period(cycle) == period and not all(_is_zero(v) for v in cycle):
                top = max(range(period), key=lambda i: (float(cycle[i]), -i))
                cycle = cycle[top:] + cycle[:top]
                if cycle not in found:
                    found.append(cycle)
    return tuple(sorted(found, key=lambda c: [float(v) for v in c], reverse=True))


def _linear(equations, unknowns) -> tuple:
    A = Matrix([[expand(e).coeff(v) for v in unknowns] for e in equations])
    b = Matrix([-expand(e).subs({v: 0 for v in unknowns}) for e in equations])
    return A, b


def _least_period(cycle: tuple) -> int:
    p = len(cycle)
    for d in range(1, p + 1):
        if p % d == 0 and all(_is_zero(cycle[i] - cycle[(i + d) % p]) for i in range(p)):
            return d
    return p


def cycle_start(method: Method, cycle: tuple) -> dict:
    r"""The start ``{x(j): u_j}`` that puts ``method`` on ``cycle`` (:math:`x_j = u_{j \bmod p}`), from index 0 back.

    The terms are the ones the first update (at ``k = method.start``) reads.

    Examples
    --------
    >>> from sympy import Eq
    >>> from symflow.core import Method, grad, k, x
    >>> hb = Method("hb", ("x",), (Eq(x(k + 1), x(k) - grad(x(k)) / 9 + 4 * (x(k) - x(k - 1)) / 9),))
    >>> cycle_start(hb, (3, 1, 2))
    {x(-1): 2, x(0): 3}
    """
    x = vector_function(method.primary)
    shifts = {sequence_shift(a) for a in method.updates[0].rhs.atoms(AppliedVector)}
    lowest = method.start + min(shifts | {sequence_shift(method.updates[0].lhs) - 1})
    top = method.start + sequence_shift(method.updates[0].lhs) - 1
    p = len(cycle)
    return {x(j): S(cycle[j % p]) for j in range(lowest, top + 1)}


@dataclass(frozen=True)
class RateViolation:
    r"""The first :math:`k` at which :math:`\|x_k - x^\star\|^2 \le C(1-\rho)^k\|x_0 - x^\star\|^2` fails on a run.

    Attributes
    ----------
    constant, rate : Expr
        :math:`C` and :math:`\rho`.
    index : int
        The first :math:`k \ge 1` with :math:`\|x_k - x^\star\|^2 > C(1-\rho)^k\|x_0 - x^\star\|^2`.
    distance, bound : Expr
        The two sides there, exact.
    """

    constant: Expr
    rate: Expr
    index: int
    distance: Expr
    bound: Expr

    @property
    def display(self) -> Eq:
        """The two sides at the first violation, for documents."""
        return Eq(Symbol(f"|x_{self.index} - x*|^2"), self.distance)

    def describe(self) -> str:
        """One sentence for documents."""
        return (f"the claim |x_k - x*|^2 <= C(1 - rho)^k |x_0 - x*|^2 with C = {text(self.constant)}, "
                f"rho = {text(self.rate)} fails first at k = {self.index}: |x_k - x*|^2 = {text(self.distance)} "
                f"> {text(self.bound)} = C(1 - rho)^k |x_0 - x*|^2 (exact)")


@dataclass(frozen=True)
class PeriodicOrbit:
    r"""A run of a method on a one-dimensional function, exact, that returns to its start after :math:`p` steps.

    Attributes
    ----------
    method : Method
    function : PiecewiseFunction
        Minimised at :math:`x^\star = 0` with :math:`f^\star = 0` (when the membership checks pass).
    function_class : FunctionClass
    values : tuple
        ``((symbol, value), ...)``: the method's parameters.
    period : int
    iterates : tuple
        ``((index, x_index), ...)``: the start and the :math:`p` iterates after it, exact.
    pieces : tuple
        For each step and gradient point, the index of the piece of ``function`` that holds the point.
    membership : tuple of Check
        The exact class checks of ``function``.
    proofs : tuple of Check
        The exact orbit checks: the state after :math:`p` steps is the start; not every iterate is
        :math:`x^\star`.
    steps : tuple of Step
    """

    method: Method
    function: PiecewiseFunction
    function_class: FunctionClass
    values: tuple
    period: int
    iterates: tuple
    pieces: tuple
    membership: tuple
    proofs: tuple
    steps: tuple = field(default=(), repr=False)

    @property
    def in_class(self) -> bool:
        """Whether every exact membership check passed."""
        return all(c.passed for c in self.membership)

    @property
    def periodic(self) -> bool:
        """Whether the state after ``period`` steps is exactly the start."""
        return self.proofs[0].passed

    @property
    def refutes(self) -> bool:
        r"""Whether the orbit refutes every linear rate: in the class, periodic, not at :math:`x^\star`."""
        return self.in_class and all(c.passed for c in self.proofs)

    @property
    def display(self) -> Eq:
        r""":math:`x_{k+p} = x_k`, for documents."""
        x = vector_function(self.method.primary)
        return Eq(x(k + self.period), x(k))

    def iterate(self, index: int) -> Expr:
        r""":math:`x_{index}` of the run, for any :math:`index \ge` the first index of the start (by periodicity).

        Examples
        --------
        >>> from sympy import Dummy, Eq, Interval, oo
        >>> from symflow.core import Method, grad, k, x
        >>> from symflow.lyapunov import PiecewiseFunction, smooth_strongly_convex
        >>> f = PiecewiseFunction.from_curvature("LRP", Dummy("x", real=True),
        ...     ((25, Interval.open(-oo, 1)), (1, Interval.Ropen(1, 2)), (25, Interval(2, oo))))
        >>> hb = Method("hb", ("x",), (Eq(x(k + 1), x(k) - grad(x(k)) / 9 + 4 * (x(k) - x(k - 1)) / 9),))
        >>> orbit = periodic_orbit(hb, f, smooth_strongly_convex(1, 25),
        ...                        cycle_start(hb, find_cycles(hb, f, period=3)[0]), period=3)
        >>> orbit.iterate(30) == orbit.iterate(0)
        True
        """
        if not self.periodic:
            raise SymflowError("the run is not periodic; only its computed iterates are known")
        first = self.iterates[0][0]
        if index < first:
            raise SymflowError(f"the run starts at index {first}")
        table = dict(self.iterates)
        return table[first + (index - first) % self.period] if index not in table else table[index]

    def violation(self, constant, rate) -> RateViolation:
        r"""The first :math:`k \ge 1` at which :math:`\|x_k\|^2 \le C(1-\rho)^k\|x_0\|^2` fails (:math:`x^\star = 0`).

        Decided exactly at every :math:`k` up to the first failure, which exists for every :math:`C > 0`
        and :math:`0 < \rho \le 1` because the run is periodic and not at :math:`x^\star`.

        Raises
        ------
        SymflowError
            When the orbit does not refute (not in the class, not periodic), or :math:`C \le 0`,
            :math:`\rho \notin (0, 1]`.
        LimitExceeded
            When the first failure lies beyond :data:`MOST_STEPS` steps.
        """
        C, rho = S(constant), S(rate)
        if not self.refutes:
            raise SymflowError("this orbit refutes nothing: it is not periodic, or the function is not in the class")
        if C.is_positive is not True or rho.is_positive is not True or (1 - rho).is_nonnegative is not True:
            raise SymflowError(f"a linear rate needs C > 0 and 0 < rho <= 1, not C = {C}, rho = {rho}")
        start = self.iterate(0) ** 2
        smallest = min(float(self.iterate(j) ** 2) for j in range(self.period) if not _is_zero(self.iterate(j)))
        q = float(1 - rho)
        if q > 0 and float(C * start) > smallest:
            ahead = self.period + 2 + math.ceil(math.log(float(C * start) / smallest) / -math.log(q))
        else:
            ahead = self.period + 2
        if ahead > MOST_STEPS:
            raise LimitExceeded(f"the claimed rate first fails after about {ahead} steps, more than symflow's "
                                f"limit {MOST_STEPS} (ask for a larger rho or a smaller C)")
        for index in range(1, ahead + 1):
            if index % 256 == 0:
                check_budget("looking for the first violation of a claimed rate")
            distance = radsimp(expand(self.iterate(index) ** 2))
            bound = radsimp(expand(C * (1 - rho) ** index * start))
            above = (distance - bound).is_positive
            if above is None:
                raise SymflowError(f"undecided: is |x_{index} - x*|^2 = {text(distance)} > {text(bound)}?")
            if above:
                return RateViolation(C, rho, index, distance, bound)
        raise SymflowError(f"no violation found within {ahead} steps (an undecided sign)")

    def describe(self) -> str:
        """One paragraph for documents."""
        x = Symbol("x", real=True)  # display only
        run = ", ".join(f"x_{i} = {text(v)}" for i, v in self.iterates)
        values = ", ".join(f"{s} = {text(v)}" for s, v in self.values)
        return (f"{self.method.name}{f' ({values})' if values else ''} on f = "
                f"{text(self.function.expression.subs(self.function.variable, x))} "
                f"(in the class {self.function_class.describe()}: {'yes' if self.in_class else 'no'}, exact), "
                f"x* = 0: {run}; pieces {list(self.pieces)}; the state after {self.period} steps is the start "
                f"({'exact' if self.periodic else 'it is not'}), so |x_k - x*| does not tend to 0")


def periodic_orbit(method: Method, function: PiecewiseFunction, function_class: FunctionClass, start: dict, *,
                   period: int, values: dict | None = None) -> PeriodicOrbit:
    r"""Run ``method`` exactly on ``function`` from ``start`` for ``period`` steps; check the return and the class.

    Parameters
    ----------
    method : Method
        One sequence, one update, coefficients free of :math:`k`; the first update is at ``method.start``.
    function : PiecewiseFunction
        The candidate, meant to be minimised at :math:`x^\star = 0`.
    function_class : FunctionClass
        With exact numbers for :math:`\mu` and :math:`L`, e.g. ``smooth_strongly_convex(1, 25)``.
    start : dict
        ``{x(j): value}`` for every term the first update reads (see :func:`cycle_start`), exact.
    period : int
    values : dict
        Exact values of the method's parameters.

    Examples
    --------
    >>> from sympy import Dummy, Eq, Interval, oo
    >>> from symflow.core import Method, grad, k, x
    >>> from symflow.lyapunov import PiecewiseFunction, smooth_strongly_convex
    >>> f = PiecewiseFunction.from_curvature("LRP", Dummy("x", real=True),
    ...     ((25, Interval.open(-oo, 1)), (1, Interval.Ropen(1, 2)), (25, Interval(2, oo))))
    >>> from sympy import Rational
    >>> hb = Method("hb", ("x",), (Eq(x(k + 1), x(k) - grad(x(k)) / 9 + 4 * (x(k) - x(k - 1)) / 9),))
    >>> start = {x(-1): Rational(-2208, 1225), x(0): Rational(2592, 1225)}
    >>> orbit = periodic_orbit(hb, f, smooth_strongly_convex(1, 25), start, period=3)
    >>> [v for _, v in orbit.iterates]
    [-2208/1225, 2592/1225, 792/1225, -2208/1225, 2592/1225]
    """
    if not isinstance(period, int) or period < 1:
        raise SymflowError(f"the period must be a whole number >= 1, not {period!r}")
    update = _update(method, values)
    table = tuple(_values(method, values).items())
    seq = vector_function(method.primary)
    first = method.start + update.lowest
    last = method.start + update.target - 1
    needed = [seq(j) for j in range(first, last + 1)]
    missing = [str(t) for t in needed if t not in start]
    if missing:
        raise MethodError(f"method {method.name!r} needs the start value(s) {', '.join(missing)}")
    if not any(t == seq(0) for t in needed):
        raise MethodError(f"method {method.name!r}: the start must contain {seq(0)} (the claim measures from x_0)")
    store = {j: S(start[seq(j)]) for j in range(first, last + 1)}
    pieces = []
    for step in range(period):
        check_budget(f"running {method.name} exactly")
        kk = method.start + step
        value = sum((c * store[kk + j] for j, c in update.terms), S.Zero)
        for c, point in update.gradients:
            p = radsimp(expand(sum((a * store[kk + j] for j, a in point), S.Zero)))
            index = _piece(function, p)
            pieces.append(index)
            value += c * _slope(function, index, p)
        store[kk + update.target] = radsimp(expand(value))
    iterates = tuple(sorted(store.items()))
    window = range(first, last + 1)
    returns = all(_is_zero(store[j + period] - store[j]) for j in window)
    moving = any(radsimp(expand(v)).is_zero is False for _, v in iterates)
    proofs = (
        Check(f"the state after {period} steps is the start: "
              + ", ".join(f"x_{j + period} = x_{j}" for j in window), tuple(store[j] for j in window), returns),
        Check("the run is not at x* = 0", tuple(v for _, v in iterates), moving),
    )
    membership = function.membership(function_class)
    steps = _steps(method, function, function_class, table, period, iterates, pieces, membership, proofs)
    return PeriodicOrbit(method, function, function_class, table, period, iterates, tuple(pieces), membership,
                         proofs, steps)


def _steps(method, function, function_class, values, period, iterates, pieces, membership, proofs) -> tuple:
    x = Symbol("x", real=True)  # display only
    seq = vector_function(method.primary)
    shown = ", ".join(f"{s} = {text(v)}" for s, v in values)
    return (
        Step("Cycle: the function",
             f"A one-dimensional function with x* = 0, f* = 0; its membership in {function_class.describe()} "
             f"is checked exactly: {'; '.join(c.description for c in membership)}.",
             (Eq(Symbol("f(x)"), function.expression.subs(function.variable, x)),)),
        Step("Cycle: the exact run",
             f"{method.name}{f' at {shown}' if shown else ''}, run in exact arithmetic; each gradient is taken on "
             f"the piece that holds its point (pieces {list(pieces)}, decided exactly).",
             tuple(Eq(seq(i), v) for i, v in iterates)),
        Step("Cycle: periodic",
             f"{proofs[0].description}, so x_(k+{period}) = x_k for every k: the distances |x_k - x*| repeat "
             "and do not tend to 0, and no bound C(1 - rho)^k |x_0 - x*|^2 with rho > 0 holds on this run.", ()),
    )


@dataclass(frozen=True)
class NumericRun:
    r"""The second route: the method run in floating point (:func:`symflow.numeric.simulate_method`).

    Attributes
    ----------
    iterates : tuple of float
        :math:`x_0, \dots, x_N`.
    deviation : float
        From the start on the cycle: the largest :math:`|x_k - x^{\rm exact}_k|`; from another start: the
        distance of the last :math:`p` iterates to the exact cycle (best rotation).
    agrees : bool
        ``deviation <= tolerance``.
    start : str
        Where the run started.
    """

    iterates: tuple = field(repr=False)
    deviation: float
    agrees: bool
    start: str

    def describe(self) -> str:
        """One sentence for documents."""
        return (f"numeric run ({self.start}, {len(self.iterates) - 1} steps): deviation from the exact cycle "
                f"{self.deviation:.3g}")


def numeric_run(orbit: PeriodicOrbit, *, iterations: int = 300, x0=None, tolerance: float = 1e-9) -> NumericRun:
    r"""Run ``orbit.method`` in floating point on ``orbit.function`` and compare with the exact cycle.

    With ``x0 = None`` the run starts on the cycle (its start rounded to floats) and every iterate is
    compared with the exact one; with a number ``x0`` it starts at rest, :math:`x_j = x_0` for the earlier
    terms, and its last :math:`p` iterates are compared with the cycle (it should be attracting).

    Examples
    --------
    >>> from sympy import Dummy, Eq, Interval, oo
    >>> from symflow.core import Method, grad, k, x
    >>> from symflow.lyapunov import PiecewiseFunction, smooth_strongly_convex
    >>> f = PiecewiseFunction.from_curvature("LRP", Dummy("x", real=True),
    ...     ((25, Interval.open(-oo, 1)), (1, Interval.Ropen(1, 2)), (25, Interval(2, oo))))
    >>> hb = Method("hb", ("x",), (Eq(x(k + 1), x(k) - grad(x(k)) / 9 + 4 * (x(k) - x(k - 1)) / 9),))
    >>> orbit = periodic_orbit(hb, f, smooth_strongly_convex(1, 25),
    ...                        cycle_start(hb, find_cycles(hb, f, period=3)[0]), period=3)
    >>> numeric_run(orbit).agrees, numeric_run(orbit, x0=3.4, iterations=2000).agrees
    (True, True)
    """
    if not orbit.periodic:
        raise SymflowError("the orbit is not periodic; there is no cycle to compare with")
    method, seq = orbit.method, vector_function(orbit.method.primary)
    earlier = [i for i, _ in orbit.iterates if i < 0]
    if x0 is None:
        x_start = orbit.iterate(0)
        if _is_zero(x_start):
            raise SymflowError("the cycle passes through x* at x_0; start the cycle elsewhere")
        initial = tuple(Eq(seq(i), (orbit.iterate(i) / x_start) * seq(0)) for i in earlier)
        where = "on the cycle"
    else:
        x_start = S(x0)
        initial = tuple(Eq(seq(i), seq(0)) for i in earlier)
        where = f"at rest at x_0 = {x0}"
    variant = replace(method, initial=initial)
    f = _numeric(orbit.function)
    step = dict(orbit.values).get(method.step_size, Integer(1))
    parameters = {str(s): v for s, v in orbit.values if s != method.step_size}
    run = simulate_method(variant, f, [float(x_start)], step_size=float(step), iterations=iterations,
                          parameters=parameters)
    xs = tuple(float(v) for v in run.primary[:, 0])
    exact = [float(orbit.iterate(i)) for i in range(orbit.period)]
    if x0 is None:
        deviation = max(abs(v - exact[i % orbit.period]) for i, v in enumerate(xs))
    else:
        tail = xs[-orbit.period:]
        deviation = min(max(abs(a - exact[(i + r) % orbit.period]) for i, a in enumerate(tail))
                        for r in range(orbit.period))
    deviation = float(deviation) if np.isfinite(deviation) else float("inf")
    return NumericRun(xs, deviation, deviation <= tolerance, where)


def _numeric(function: PiecewiseFunction) -> NumericObjective:
    x = function.variable
    value = lambdify(x, function.expression, "math")
    slope = lambdify(x, function.derivative(1), "math")
    curvature = lambdify(x, function.derivative(2), "math")
    return NumericObjective(
        1, lambda z: float(value(float(z[0]))), lambda z: np.array([float(slope(float(z[0])))]),
        lambda z, w: np.array([float(curvature(float(z[0]))) * float(w[0])]), label=function.name)
