r"""Necessity: a counterexample *family*, exact in the parameter, where a claim fails.

A certificate proves :math:`\dot E + \rho E \le 0` for every function of a class on a parameter
region; that the region cannot be enlarged needs, for every parameter value outside it, a function of
the class and a state with :math:`\dot E + \rho E > 0`. :func:`counterexample_family` looks for one
family for a whole set of parameter values, all of it exact (derived here):

1. the test function is one-dimensional and piecewise (:class:`PiecewiseFunction`), built from its
   curvature, e.g. the Huber function :math:`x^2/2` on :math:`|x| \le 1`, :math:`|x| - 1/2` outside;
   its membership in the class is checked exactly (pieces cover :math:`\mathbb R`, :math:`f` and
   :math:`f'` continuous at the joins, :math:`f(0) = f'(0) = 0`, :math:`\mu \le f'' \le L` piece by piece);
2. on an unbounded piece, the Gram-coordinate derivative becomes an exact expression
   :math:`T(X, \dot X, t, \text{parameter})`; a velocity is chosen (:math:`\dot X = 0`, or the vertex
   of :math:`T` in :math:`\dot X`), the leading coefficient along the ray :math:`X \to \pm\infty` must
   be positive for every parameter value, and the state is placed beyond the root of :math:`T` in
   :math:`X`, as an exact expression of the parameter;
3. :math:`T > 0` at that state, and the state on the piece, are decided for *every* value of the set
   (and every :math:`t > t_0` when :math:`t` stays symbolic), factor by factor with
   :func:`sympy.solve_univariate_inequality` — never by sampling;
4. a second route: at a few parameter values of the set, the ODE with that function is integrated
   from the state (SciPy), and :math:`e^{\rho t}E` must increase.

``None`` means no family was found, never that the claim holds.

Examples
--------
>>> from sympy import Interval
>>> from symflow.core import ODE, X, t, r, x_star, grad, norm2
>>> from symflow.lyapunov import f_gap, convex
>>> ode = ODE(-r / t * X(t).diff(t) - grad(X(t)), 2)
>>> E = 2 * t**2 / (r - 1) * f_gap() + (r - 1) * norm2(X(t) + t / (r - 1) * X(t).diff(t) - x_star)
>>> family = counterexample_family(E, ode, convex(), parameter=r, outside=Interval.open(1, 3))
>>> family.function.name, family.position, family.velocity, family.derivative
('huber', 2/(3 - r), 0, 2*t/(r - 1))
>>> family.proved, family.increases
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from sympy import (
    Add,
    Derivative,
    Dummy,
    Eq,
    Expr,
    FiniteSet,
    Function,
    Integer,
    Interval,
    Piecewise,
    Poly,
    Rational,
    S,
    Set,
    Symbol,
    Union,
    cancel,
    diff,
    exp,
    factor,
    factor_list,
    fraction,
    integrate,
    lambdify,
    oo,
    roots,
    solve_univariate_inequality,
)
from sympy.polys.polyerrors import PolynomialError

from ..core.derivation import Check, Step
from ..core.errors import SymflowError, UnsupportedError
from ..core.limits import check_budget
from ..core.model import ODE
from ..core.printing import text
from ..core.symbols import VectorSymbol, x_star
from ..core.vectors import FValue, Inner, NablaF, vector_coefficients
from .derivative import derivative_along, display
from .function_classes import FunctionClass

__all__ = ["CounterexampleFamily", "PiecewiseFunction", "SampleRun", "counterexample_family", "exact_candidates"]

_ERRORS = (ArithmeticError, ValueError, TypeError, NotImplementedError, PolynomialError, SymflowError)


@dataclass(frozen=True)
class PiecewiseFunction:
    r"""A function of one real variable, written exactly piece by piece, meant to be minimised at 0.

    Parameters
    ----------
    name : str
        A label ("huber", "quadratic", ...).
    variable : Symbol
        The real variable :math:`x` of the pieces.
    pieces : tuple
        ``((expression, Interval), ...)`` from left to right.

    Examples
    --------
    >>> from sympy import Dummy, Interval
    >>> x = Dummy("x", real=True)
    >>> f = PiecewiseFunction("quadratic", x, ((x**2 / 2, Interval(-oo, oo)),))
    >>> f.derivative(1).subs(x, 3)
    3
    """

    name: str
    variable: Symbol
    pieces: tuple

    def __post_init__(self):
        pieces = tuple((S(e), st) for e, st in self.pieces)
        if not pieces or not all(isinstance(st, Interval) for _, st in pieces):
            raise UnsupportedError(f"the pieces of {self.name!r} must be (expression, Interval) pairs")
        object.__setattr__(self, "pieces", pieces)

    @classmethod
    def from_curvature(cls, name: str, variable: Symbol, curvature: tuple) -> PiecewiseFunction:
        r"""The function with :math:`f(0) = f'(0) = 0` and the given second derivative, piece by piece.

        Parameters
        ----------
        curvature : tuple
            ``((f'', Interval), ...)`` from left to right; one interval contains 0.

        Examples
        --------
        >>> from sympy import Dummy, Interval
        >>> x = Dummy("x", real=True)
        >>> h = PiecewiseFunction.from_curvature("huber", x, ((0, Interval.open(-oo, -1)),
        ...     (1, Interval(-1, 1)), (0, Interval.open(1, oo))))
        >>> [e for e, _ in h.pieces]
        [-_x - 1/2, _x**2/2, _x - 1/2]
        """
        x = variable
        curvature = tuple((S(c), st) for c, st in curvature)
        centre = [i for i, (_, st) in enumerate(curvature) if st.contains(0) is S.true]
        if len(centre) != 1:
            raise UnsupportedError(f"exactly one piece of {name!r} must contain x = 0")
        k0 = centre[0]
        s = Dummy("s", real=True)
        slopes, values = [S.Zero] * len(curvature), [S.Zero] * len(curvature)

        def extend(i, join, slope, value):
            slopes[i] = slope + integrate(curvature[i][0].subs(x, s), (s, join, x))
            values[i] = value + integrate(slopes[i].subs(x, s), (s, join, x))

        extend(k0, S.Zero, S.Zero, S.Zero)
        for i in range(k0 + 1, len(curvature)):
            a = curvature[i][1].start
            extend(i, a, slopes[i - 1].subs(x, a), values[i - 1].subs(x, a))
        for i in range(k0 - 1, -1, -1):
            b = curvature[i][1].end
            extend(i, b, slopes[i + 1].subs(x, b), values[i + 1].subs(x, b))
        return cls(name, x, tuple((cancel(v), st) for v, (_, st) in zip(values, curvature)))

    @property
    def expression(self) -> Piecewise:
        """The whole function as a SymPy ``Piecewise``."""
        return Piecewise(*[(e, st.as_relational(self.variable)) for e, st in self.pieces])

    def derivative(self, order: int) -> Piecewise:
        """The ``order``-th derivative, piece by piece (at a join, the left piece's value)."""
        return Piecewise(*[(diff(e, self.variable, order), st.as_relational(self.variable))
                           for e, st in self.pieces])

    def piece_of(self, point: Expr) -> int | None:
        """The index of the piece containing a numeric point (None when undecided)."""
        for i, (_, st) in enumerate(self.pieces):
            if st.contains(point) is S.true:
                return i
        return None

    def membership(self, function_class: FunctionClass) -> tuple:
        r"""Exact checks that the function belongs to ``function_class`` and is minimised at 0 with :math:`f^\star = 0`.

        Examples
        --------
        >>> from symflow.lyapunov import convex
        >>> h = exact_candidates(convex())[1]
        >>> [c.passed for c in h.membership(convex())]
        [True, True, True, True, True, True, True]
        """
        x, pieces = self.variable, self.pieces
        checks = [Check("the pieces cover the real line, without overlap", S.Reals,
                        Union(*[st for _, st in pieces]) == S.Reals
                        and all(a[1].intersect(b[1]) == S.EmptySet for a, b in pairwise(pieces)))]
        derivatives = [(e, diff(e, x)) for e, _ in pieces]
        for (left, dleft), (right, dright), (_, st) in zip(derivatives, derivatives[1:], pieces[1:]):
            p = st.start
            checks.append(Check(f"f and f' continuous at x = {p}", Eq(left.subs(x, p), right.subs(x, p)),
                                cancel(left.subs(x, p) - right.subs(x, p)) == 0
                                and cancel(dleft.subs(x, p) - dright.subs(x, p)) == 0))
        centre = self.piece_of(S.Zero)
        value = pieces[centre][0] if centre is not None else None
        checks.append(Check("f(0) = 0 and f'(0) = 0: x* = 0 minimises, f* = 0", S.Zero,
                            value is not None and cancel(value.subs(x, 0)) == 0
                            and cancel(diff(value, x).subs(x, 0)) == 0))
        mu, L = function_class.mu, function_class.L
        for e, st in pieces:
            curvature = cancel(diff(e, x, 2))
            ok = _nonnegative_on(curvature - mu, x, st)
            if L != oo:
                ok = ok and _nonnegative_on(L - curvature, x, st)
            bound = f"{text(mu)} ≤ f'' ≤ {text(L)}" if L != oo else f"f'' ≥ {text(mu)}"
            checks.append(Check(f"{bound} on {_interval_text(st)}", curvature, ok))
        if function_class.twice_differentiable:
            for (_, st), (a, _), (b, _) in zip(pieces[1:], pieces, pieces[1:]):
                p = st.start
                checks.append(Check(f"f'' continuous at x = {p}", S.Zero,
                                    cancel(diff(a, x, 2).subs(x, p) - diff(b, x, 2).subs(x, p)) == 0))
        return tuple(checks)


def _nonnegative_on(expr: Expr, x: Symbol, interval: Set) -> bool:
    """``expr >= 0`` on ``interval`` of ``x``, for every positive value of the other symbols (exactly)."""
    expr = cancel(expr)
    if expr == 0 or expr.is_nonnegative:
        return True
    if expr.free_symbols != {x}:
        return False
    try:
        solved = solve_univariate_inequality(expr >= 0, x, relational=False)
    except _ERRORS:
        return False
    return interval.is_subset(solved) is True


def exact_candidates(function_class: FunctionClass, variable: Symbol | None = None) -> list:
    r"""One-dimensional functions of the class, exact: quadratics and a Huber function (C² if needed).

    With :math:`\bar L = L` (or :math:`\mu + 1` when :math:`L = \infty`): the quadratics of curvature
    :math:`\bar L` and :math:`\mu` (when :math:`\mu \ne 0`), and :math:`f'' = \bar L` on
    :math:`|x| \le 1`, :math:`\mu` outside (Huber's function for :math:`\mu = 0`); for
    twice-differentiable classes the curvature instead falls linearly to :math:`\mu` on
    :math:`1 \le |x| \le 2`.

    Examples
    --------
    >>> from symflow.lyapunov import convex
    >>> [f.name for f in exact_candidates(convex())]
    ['quadratic', 'huber']
    >>> [e for e, _ in exact_candidates(convex())[1].pieces]
    [-_x - 1/2, _x**2/2, _x - 1/2]
    """
    x = Dummy("x", real=True) if variable is None else variable
    mu = function_class.mu
    top = function_class.L if function_class.L != oo else mu + 1
    line = Interval(-oo, oo)
    out = [PiecewiseFunction.from_curvature("quadratic", x, ((top, line),))]
    if mu != 0:
        out.append(PiecewiseFunction.from_curvature("quadratic (mu)", x, ((mu, line),)))
    if function_class.twice_differentiable:
        ramp = ((mu, Interval.open(-oo, -2)), (mu + (top - mu) * (2 + x), Interval.Ropen(-2, -1)),
                (top, Interval(-1, 1)), (mu + (top - mu) * (2 - x), Interval.Lopen(1, 2)),
                (mu, Interval.open(2, oo)))
        out.append(PiecewiseFunction.from_curvature("smoothed huber", x, ramp))
    else:
        out.append(PiecewiseFunction.from_curvature(
            "huber", x, ((mu, Interval.open(-oo, -1)), (top, Interval(-1, 1)), (mu, Interval.open(1, oo)))))
    return out


@dataclass(frozen=True)
class SampleRun:
    r"""The second route at one parameter value: :math:`e^{\rho(t - t_c)}E` along the integrated ODE.

    Attributes
    ----------
    value : Expr
        The parameter value.
    times, energies : tuple
        Times from the state's time :math:`t_c` and :math:`e^{\rho(t - t_c)}E` there.
    increases : bool
        Whether it increases strictly from one time to the next.
    others : tuple
        ``((symbol, value), ...)`` for the other symbols (e.g. :math:`\mu, L`) on this trajectory.
    """

    value: Expr
    times: tuple
    energies: tuple
    increases: bool
    others: tuple = ()


@dataclass(frozen=True)
class CounterexampleFamily:
    r"""For every parameter value of a set: a function of the class and a state with :math:`\dot E + \rho E > 0`.

    Attributes
    ----------
    parameter : Symbol
    outside : Set
        The parameter values the family covers.
    function : PiecewiseFunction
        The function (minimised at :math:`x^\star = 0`, :math:`f^\star = 0`), in one dimension.
    position, velocity : Expr
        :math:`X` and :math:`\dot X` at the state, exact in the parameter (velocity None for a
        first-order ODE).
    time : Expr
        The time of the state: the symbol :math:`t` when the claim holds for every :math:`t > t_0`.
    on_piece : Expr
        :math:`\dot E + \rho E` on the function's piece that holds the state, in :math:`X, \dot X, t`.
    derivative : Expr
        :math:`\dot E + \rho E` at the state.
    proofs : tuple of Check
        The exact decisions: the state on the piece, :math:`\dot E + \rho E > 0`, for every value.
    membership : tuple of Check
        The exact class checks of the function.
    runs : tuple of SampleRun
        The integrated trajectories at sample values.
    rate : Expr
        :math:`\rho`.
    steps : tuple of Step
    """

    parameter: Symbol
    outside: Set
    function: PiecewiseFunction
    position: Expr
    velocity: Expr | None
    time: Expr
    on_piece: Expr
    derivative: Expr
    proofs: tuple
    membership: tuple
    runs: tuple = ()
    rate: Expr = S.Zero
    steps: tuple = field(default=(), repr=False)

    @property
    def proved(self) -> bool:
        """Whether every exact check passed (always, for a family that was returned)."""
        return all(c.passed for c in self.proofs + self.membership)

    @property
    def increases(self) -> bool:
        r"""Whether :math:`e^{\rho t}E` increased on every sampled trajectory (and there was one)."""
        return bool(self.runs) and all(run.increases for run in self.runs)

    def describe(self) -> str:
        """One paragraph for reports."""
        state = f"X = {text(self.position)}"
        if self.velocity is not None:
            state += f", X' = {text(self.velocity)}"
        x = Symbol("x", real=True)  # display only
        runs = ", ".join(f"{self.parameter} = {text(run.value)}: {run.energies[0]:.6g} -> {run.energies[-1]:.6g}"
                         for run in self.runs if run.energies)
        return (f"for every {self.parameter} in {_interval_text(self.outside)}: f = {self.function.name} "
                f"({text(self.function.expression.subs(self.function.variable, x))}), {state}, "
                f"t = {text(self.time)}, x* = 0: dE/dt + rho E = {text(self.derivative)} > 0 (exact); "
                f"e^(rho t) E along the ODE: {runs}")


def counterexample_family(energy: Expr, ode: ODE, function_class: FunctionClass, *, parameter: Symbol,
                          outside: Set, rate: Expr = S.Zero, samples: int = 3,
                          horizon: float = 1e-2) -> CounterexampleFamily | None:
    r"""A counterexample family to :math:`\dot E + \rho E \le 0` for every ``parameter`` value in ``outside``.

    Parameters
    ----------
    energy, ode, function_class
        The claim, as for :func:`~symflow.lyapunov.certify`.
    parameter : Symbol
        The parameter the family is exact in. Other symbols (:math:`\mu, L`, ...) may remain only as
        positive constants "for all" of their values: a sign involving them comes from their assumptions.
    outside : Set
        The parameter values to cover, e.g. ``Interval.open(1, 3)``.
    rate : Expr
        :math:`\rho`.
    samples : int
        How many parameter values of ``outside`` are checked by integration.
    horizon : float
        The length of each integrated trajectory.

    Returns
    -------
    CounterexampleFamily or None
        None when no family was found and proved exactly (which says nothing about the claim).

    Examples
    --------
    >>> from sympy import Interval
    >>> from symflow.core import ODE, X, t, r, x_star, grad, norm2
    >>> from symflow.lyapunov import f_gap, convex
    >>> ode = ODE(-r / t * X(t).diff(t) - grad(X(t)), 2)
    >>> E = 2 * t**2 / (r - 1) * f_gap() + (r - 1) * norm2(X(t) + t / (r - 1) * X(t).diff(t) - x_star)
    >>> counterexample_family(E, ode, convex(), parameter=r, outside=Interval(3, oo)) is None
    True
    """
    if not isinstance(outside, Set) or outside.is_empty is not False or outside.is_subset(S.Reals) is not True:
        raise UnsupportedError(f"outside must be a nonempty set of real values of {parameter}, not {outside}")
    if not isinstance(parameter, Symbol):
        raise UnsupportedError(f"the parameter must be a symbol, not {parameter}")
    time, trajectory = ode.time, ode.trajectory(ode.time)
    velocity = Derivative(trajectory, time)
    target = derivative_along(energy, ode) + S(rate) * energy
    xs, vs = Dummy("X", real=True), Dummy("V", real=True)
    table = {trajectory: xs, velocity: vs, x_star: S.Zero}
    domains = {parameter: outside, time: Interval.open(ode.start, oo)}
    for function in exact_candidates(function_class):
        check_budget("searching for a counterexample family")
        membership = function.membership(function_class)
        if not all(c.passed for c in membership):
            continue
        for direction, index in [(d, i) for d in (1, -1) for i in range(len(function.pieces))]:
            interval = function.pieces[index][1]
            if (interval.end if direction > 0 else interval.start) != direction * oo:
                continue
            try:
                on_piece = cancel(_scalar(target, function, table, trajectory, piece=index))
            except _ERRORS:
                continue
            others = on_piece.free_symbols - {xs, vs, time, parameter}
            if not on_piece.has(xs) or not all(o.is_positive for o in others):
                continue  # other symbols are "for all" positive constants (mu, L), signed by assumption
            found = _ray(on_piece, xs, vs, ode.order, interval, direction, parameter, domains, time,
                         ode.start)
            if found is None:
                continue
            position, speed, time_value, value, proofs = found
            runs = tuple(_run(energy, ode, function, table, trajectory, rate, parameter, position, speed,
                              time_value, value_p, horizon)
                         for value_p in _samples(outside, samples))
            shown = _by_powers(on_piece, xs).subs({xs: trajectory, vs: velocity})
            speed = speed if ode.order >= 2 else None
            steps = _steps(function, parameter, outside, S(rate), shown, direction, position, speed, time_value,
                           ode.start, value, membership, runs, target, trajectory, velocity, index)
            return CounterexampleFamily(parameter, outside, function, position, speed, time_value, shown,
                                        value, proofs, membership, runs, S(rate), steps)
    return None


def _vector(expr: Expr, function: PiecewiseFunction, table: dict, trajectory, piece) -> Expr:
    """A vector expression in one dimension: the atoms of ``table``, ∇f and ∇²f[·] by f' and f''."""
    total = S.Zero
    for atom, coefficient in vector_coefficients(expr).items():
        if atom in table:
            value = table[atom]
        elif isinstance(atom, NablaF):
            value = _value(function, 1 + len(atom.directions), atom.point, table, trajectory, piece)
            for d in atom.directions:
                value = value * _vector(d, function, table, trajectory, piece)
        else:
            raise UnsupportedError(f"no one-dimensional value for {atom}")
        total += coefficient * value
    return total


def _value(function: PiecewiseFunction, order: int, point: Expr, table: dict, trajectory, piece) -> Expr:
    """:math:`f^{(order)}` at a point: on the chosen piece at :math:`X`, at another point on its own piece."""
    x = function.variable
    if point == trajectory and piece is not None:
        return diff(function.pieces[piece][0], x, order).subs(x, table[trajectory])
    where = _vector(point, function, table, trajectory, piece)
    if piece is None:
        return function.derivative(order).subs(x, where)
    if where.free_symbols:
        raise UnsupportedError(f"f at {point} is not on a known piece")
    index = function.piece_of(where)
    if index is None:
        raise UnsupportedError(f"f at {point} is not on a known piece")
    return diff(function.pieces[index][0], x, order).subs(x, where)


def _scalar(expr: Expr, function: PiecewiseFunction, table: dict, trajectory, *, piece=None) -> Expr:
    """A Gram-coordinate scalar in one dimension (``piece=None``: with the whole piecewise function)."""
    expr = S(expr)
    replace = {}
    for atom in expr.atoms(Inner, FValue):
        if isinstance(atom, Inner):
            u, v = (_vector(a, function, table, trajectory, piece) for a in atom.args)
            replace[atom] = u * v
        else:
            replace[atom] = _value(function, 0, atom.args[0], table, trajectory, piece)
    return expr.xreplace(replace)


def _ray(on_piece, xs, vs, order, interval, direction, parameter, domains, time, start):
    """A state on the ray X → direction·∞ of the piece with the value positive on the domains, or None."""
    speeds = [S.Zero] if order >= 2 else [None]
    if order >= 2 and on_piece.has(vs):
        try:
            poly = Poly(fraction(on_piece)[0], vs)
            if poly.degree() == 2 and not fraction(on_piece)[1].has(vs):
                speeds.append(cancel(-poly.coeff_monomial(vs) / (2 * poly.coeff_monomial(vs**2))))
        except _ERRORS:
            pass
    edge = interval.start if direction > 0 else interval.end
    for speed in speeds:
        along_ray = on_piece if speed is None else cancel(on_piece.subs(vs, speed))
        for time_value in (time, start + 1):
            check_budget("searching for a counterexample family")
            here = cancel(along_ray.subs(time, time_value))
            if here.has(vs):
                continue
            num, den = fraction(here)
            if den.has(xs):
                continue
            try:
                poly = Poly(num, xs)
            except _ERRORS:
                continue
            n = poly.degree()
            leading = cancel(poly.LC() * direction**n / den)
            if n < 1 or _sign(leading, domains) != 1:
                continue
            guesses = []
            try:
                zeros = [-poly.coeff_monomial(1) / poly.LC()] if n == 1 else (list(roots(poly)) if n == 2 else [])
            except _ERRORS:
                zeros = []
            for zero in zeros:  # beyond the root of T in X: twice it, one further, or past the piece's edge too
                guesses += [2 * zero, zero + direction]
                guesses += [2 * zero + edge, zero + edge + direction] if edge.is_finite else []
            guesses += [edge + direction, 2 * edge] if edge.is_finite else []
            for guess in guesses:
                position = _tidy(guess)
                inside = (_sign(direction * (position - edge), domains) == 1) if edge.is_finite else True
                if not inside:
                    continue
                value = _tidy(here.subs(xs, position))
                if _sign(value, domains) != 1:
                    continue
                where = _interval_text(domains[parameter])
                proofs = [Check(f"dE/dt + rho E > 0 at the state, for every {parameter} in {where}"
                                + (f" and t > {start}" if time_value == time else f", t = {time_value}"),
                                value, True)]
                if edge.is_finite:
                    proofs.insert(0, Check(f"the state lies inside the piece {_interval_text(interval)} for every "
                                           f"{parameter} in {where}", position, True))
                speed = speed if speed is None else _tidy(speed.subs(xs, position))
                return position, speed, time_value, value, tuple(proofs)
    return None


def _by_powers(expr: Expr, x: Symbol) -> Expr:
    """``expr`` as a sum of factored coefficients times powers of ``x`` (when it is a polynomial in ``x``)."""
    num, den = fraction(cancel(expr))
    try:
        poly = Poly(num, x)
    except _ERRORS:
        return expr
    return Add(*[factor(c / den) * x**k for (k,), c in poly.terms()])


def _tidy(expr: Expr) -> Expr:
    """Factored, with a positive numerator where a sign can move to the denominator: 2/(3 - r), not -2/(r - 3)."""
    num, den = fraction(factor(cancel(expr)))
    if num.could_extract_minus_sign() and den != 1:
        num, den = -num, factor(-den)
    return num / den


def _sign(expr: Expr, domains: dict):
    """+1 or -1 when the sign of ``expr`` is constant and strict on the domains (exactly), else None.

    Each irreducible factor must depend on at most one symbol of ``domains``; its sign there is solved
    with :func:`sympy.solve_univariate_inequality`; other symbols are allowed only in factors whose sign
    follows from their assumptions.
    """
    expr = cancel(S(expr))
    if expr == 0:
        return None
    total = 1
    try:
        for part in fraction(expr):
            coefficient, factors = factor_list(part)
            if coefficient.is_positive is not True:
                if coefficient.is_negative is not True:
                    return None
                total = -total
            for item, multiplicity in factors:
                check_budget("deciding a sign")
                sign = _factor_sign(item, domains)
                if sign is None:
                    return None
                total *= sign**multiplicity
    except _ERRORS:
        return None
    return total


def _factor_sign(item: Expr, domains: dict):
    ranged = item.free_symbols & set(domains)
    if not ranged:
        return 1 if item.is_positive else (-1 if item.is_negative else None)
    if len(ranged) > 1 or item.free_symbols - ranged:
        return None
    symbol = ranged.pop()
    real = Dummy("u", real=True)
    expr = item.subs(symbol, real)
    for sign, relation in ((1, expr > 0), (-1, expr < 0)):
        if domains[symbol].is_subset(solve_univariate_inequality(relation, real, relational=False)) is True:
            return sign
    return None


def _samples(outside: Set, count: int) -> list:
    """A few exact parameter values inside ``outside`` (spread over its intervals)."""
    if isinstance(outside, FiniteSet):
        return list(outside.args[:count])
    if isinstance(outside, Union):
        out = []
        for part in outside.args:
            out += _samples(part, max(1, count // len(outside.args)))
        return out[:count]
    if not isinstance(outside, Interval):
        return []
    a, b = outside.start, outside.end
    if a.is_finite and b.is_finite:
        return [a + (b - a) * Rational(i, count + 1) for i in range(1, count + 1)]
    steps = [Integer(1), Integer(2), Integer(10)][:count]
    if a.is_finite:
        return [a + h for h in steps]
    if b.is_finite:
        return [b - h for h in steps]
    return [Integer(0), Integer(1), Integer(-1)][:count]


#: values of the other "for all" symbols on the sampled trajectories (mu < L)
_SAMPLE_VALUES = {"mu": Rational(1, 2), "L": S(4)}


def _run(energy, ode, function, table, trajectory, rate, parameter, position, speed, time_value, value,
         horizon) -> SampleRun:
    """Integrate the one-dimensional ODE from the state at one parameter value; watch e^(rho t) E."""
    from scipy.integrate import solve_ivp

    time = ode.time
    xs, vs = table[trajectory], table[Derivative(trajectory, time)]
    others = (S(energy).free_symbols | S(ode.rhs).free_symbols | S(rate).free_symbols
              | {a for e, _ in function.pieces for a in e.free_symbols}) - {time, parameter, function.variable}
    fixed = {parameter: value, **{o: _SAMPLE_VALUES.get(o.name, S(2)) for o in others
                                  if not isinstance(o, VectorSymbol)}}
    tc = float(S(time_value).subs(time, ode.start + 1).subs(fixed))
    try:
        rhs = _vector(ode.rhs, function, table, trajectory, None).subs(fixed)
        energy_1d = (_scalar(energy, function, table, trajectory) * exp(S(rate) * (time - tc))).subs(fixed)
        f_rhs = lambdify((time, xs, vs), rhs, "math")
        f_energy = lambdify((time, xs, vs), energy_1d, "math")
        y0 = [float(position.subs(fixed))] + ([float(speed.subs(fixed))] if ode.order >= 2 else [])
        if ode.order >= 2:
            sol = solve_ivp(lambda s, y: [y[1], f_rhs(s, y[0], y[1])], (tc, tc + horizon), y0,
                            rtol=1e-11, atol=1e-13, dense_output=True)
        elif ode.order == 1:
            sol = solve_ivp(lambda s, y: [f_rhs(s, y[0], 0.0)], (tc, tc + horizon), y0,
                            rtol=1e-11, atol=1e-13, dense_output=True)
        else:
            return SampleRun(value, (), (), False)
        times = tuple(float(s) for s in np.linspace(tc, tc + horizon, 6))
        states = [sol.sol(s) for s in times]
        energies = tuple(float(f_energy(s, y[0], y[1] if ode.order >= 2 else 0.0)) for s, y in zip(times, states))
    except _ERRORS:
        return SampleRun(value, (), (), False)
    increases = sol.success and all(np.isfinite(energies)) and all(b > a for a, b in pairwise(energies))
    return SampleRun(value, times, energies, bool(increases),
                     tuple((o, v) for o, v in fixed.items() if o != parameter))


def _interval_text(st: Set) -> str:
    """An interval as (1, 3) or [3, ∞); other sets as SymPy prints them."""
    if not isinstance(st, Interval):
        return str(st)
    left = "(" if st.left_open or st.start == -oo else "["
    right = ")" if st.right_open or st.end == oo else "]"
    ends = ["-∞" if st.start == -oo else text(st.start), "∞" if st.end == oo else text(st.end)]
    return f"{left}{ends[0]}, {ends[1]}{right}"


def _steps(function, parameter, outside, rate, on_piece, direction, position, velocity, time_value, start,
           value, membership, runs, target, trajectory, velocity_atom, piece) -> tuple:
    """The recorded steps of a family, for documents."""
    p, where = parameter, _interval_text(outside)
    x = Symbol("x", real=True)  # display only: the pieces' variable
    ray = "+∞" if direction > 0 else "-∞"
    when = f"every t > {text(start)}" if time_value.free_symbols else f"t = {text(time_value)}"
    shown = ", ".join(f"{p} = {text(run.value)}: {run.energies[0]:.6g} → {run.energies[-1]:.6g}"
                      if run.energies else f"{p} = {text(run.value)}: integration failed" for run in runs)
    lhs = Symbol("dE/dt") + rate * Symbol("E")
    state = (Eq(trajectory, position),) + ((Eq(velocity_atom, velocity),) if velocity is not None else ())
    return (
        Step("Necessity: the test function",
             f"A one-dimensional {function.name} function, minimised at x* = 0 with f* = 0; its membership in "
             f"the class is checked exactly: {'; '.join(c.description for c in membership)}.",
             (Eq(Function("f")(x), function.expression.subs(function.variable, x)),)),
        Step("Necessity: the derivative on a piece",
             f"dE/dt + ρE in one dimension, on the piece {_interval_text(function.pieces[piece][1])} of f, exact "
             f"in X, Ẋ, t and {p}, by powers of X: along the ray X → {ray} the leading term is positive for "
             f"every {p} in {where}.", (Eq(lhs, display(target)), Eq(lhs, on_piece))),
        Step("Necessity: the counterexample family",
             f"For every {p} in {where} and {when}, the state below lies inside that piece and has "
             "dE/dt + ρE > 0, decided exactly factor by factor (SymPy's solve_univariate_inequality on each), "
             "not sampled.", state + (Eq(lhs, value),)),
        Step("Necessity: the trajectories",
             f"Second route: the ODE with this f, integrated (SciPy) from the state; e^(ρt)E increases: {shown}.",
             ()),
    )
