r"""The continuous limit of a method: ansatz, Taylor expansion, dominant balance, resolution order.

:func:`continuous_limit` puts :math:`x_k = X(t)` with :math:`t = (k + c)\delta`,
expands :math:`X(t \pm j\delta)` and the gradient at shifted points, finds
the exponent :math:`a` of :math:`\delta = s^a` that balances the gradient
against the derivatives of :math:`X` (:mod:`symflow.limit.balance`), and returns the
ODE solved for its highest derivative, truncated after ``order`` powers of
:math:`\sqrt s` (``order=0``: the low-resolution ODE; ``order=1``: the
high-resolution ODE of Shi, Du, Jordan and Su, with the Hessian-driven term).

Higher derivatives that appear in the correction terms are reduced with the
lower-order equation itself (:math:`X^{(n+1)} = \tfrac{d}{dt}F`), which
changes the equation only beyond the order kept.

Examples
--------
>>> from symflow.methods import nesterov
>>> from symflow.core import X, t, grad
>>> lim = continuous_limit(nesterov())
>>> lim.exponent
1/2
>>> lim.ode.matches(X(t).diff(t, 2) + 3 / t * X(t).diff(t) + grad(X(t)))
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from sympy import Add, Derivative, Eq, Expr, Integer, O, Poly, Rational, S, expand

from ..core.derivation import Derivation, Step
from ..core.limits import check_budget, check_limit
from ..core.errors import (
    DegenerateLimitError,
    LiftError,
    MethodError,
    SymflowError,
    UnsupportedError,
)
from ..core.adaptive_method import is_adaptive
from ..core.model import ODE, Method
from ..core.printing import latex as latex_of
from ..core.symbols import AppliedVector, X, delta, k, s, sigma, t, x0
from ..core.vectors import NablaF, combine, vector_coefficients
from ..recurrence.elimination import Recurrence, eliminate_auxiliary
from .balance import Balance, find_balance
from .lift import lift, model_derivative, model_symbols
from .taylor import D, GridScaling, coefficient_series, expand_recurrence, taylor_shift

__all__ = ["ContinuousLimit", "initial_iterates", "continuous_limit"]


@dataclass(frozen=True)
class ContinuousLimit:
    r"""A derived ODE with how it was derived.

    Attributes
    ----------
    method : Method
    ode : ODE
    exponent : Rational
        :math:`a` in :math:`\delta = s^a`.
    order : int
        Powers of :math:`\sqrt s` kept.
    offset : Expr
        :math:`c` in :math:`t = (k + c)\delta`.
    balance : Balance
        The dominant-balance analysis, with the regimes of every :math:`a`.
    steps : tuple of Step
    """

    method: Method
    ode: ODE
    exponent: Rational
    order: int
    offset: Expr
    balance: Balance
    steps: tuple

    @property
    def derivation(self) -> Derivation:
        """The result as a :class:`~symflow.core.Derivation`."""
        return Derivation(self.method.name, self.steps, self.ode, title=self.method.description,
                          source=self.method.source)


def _as_offset(value, what: str = "the time offset c in t = (k + c)*delta") -> Expr:
    """A rational number from a SymPy Rational, an int, a Fraction or a float (text is refused: the engine parses none)."""
    if isinstance(value, str):
        raise UnsupportedError(f"{what} must be a number, not the text {value!r} "
                               "(read text with symflow.parse.parse_rational)")
    if isinstance(value, float) and math.isfinite(value):
        value = Fraction(value).limit_denominator(10**9)  # 1.5 -> 3/2, 0.1 -> 1/10
    if isinstance(value, Fraction):
        value = Rational(value.numerator, value.denominator)
    elif isinstance(value, int) and not isinstance(value, bool):
        value = Integer(value)
    if not getattr(value, "is_Rational", False):
        raise UnsupportedError(f"{what} must be a rational number, not {value!r}")
    return value


@dataclass(frozen=True)
class _Grid:
    """δ = λ^alpha, s = λ^beta, √s = λ^half."""

    alpha: int
    beta: int

    @property
    def half(self) -> int:
        return self.beta // 2

    def scaling(self, offset) -> GridScaling:
        return GridScaling((sigma,), (Integer(self.alpha),), step=sigma ** self.beta, offset=offset)

    def to_step(self, expr: Expr) -> Expr:
        """Replace λ by s^(1/beta)."""
        return expand(expr.subs(sigma, s ** Rational(1, self.beta)))


def _grid(a: Rational, root_degree: int) -> _Grid:
    beta = lcm(root_degree, int(a.q))
    return _Grid(int(a * beta), beta)


def _truncate(expr: Expr, power: int) -> Expr:
    return Add(*[term for term in Add.make_args(expand(expr))
                 if term.as_coeff_exponent(sigma)[1] <= power])


def _by_power(expr: Expr) -> dict:
    out: dict = {}
    for term in Add.make_args(expand(expr)):
        coefficient, e = term.as_coeff_exponent(sigma)
        out[int(e)] = out.get(int(e), Integer(0)) + coefficient
    return out


def _series_of(expr: Expr) -> dict:
    """``{power of λ: coefficient}`` of an expression polynomial in λ."""
    return {p: c for p, c in _by_power(expr).items() if c != 0}


def _series_times(a: dict, b: dict, power: int) -> dict:
    """The product of two truncated series in λ, cut after ``λ^power``."""
    out: dict = {}
    for pa, ca in a.items():
        for pb, cb in b.items():
            if pa + pb <= power:
                out[pa + pb] = out.get(pa + pb, Integer(0)) + ca * cb
    return {p: c for p, c in ((p, expand(c)) for p, c in out.items()) if c != 0}


def _substitute_series(expr: Expr, values: dict, power: int) -> dict:
    """``expr`` (free of λ) with each symbol of ``values`` replaced by its truncated series, cut after ``λ^power``."""
    if power < 0:
        return {}
    symbols = [sym for sym in values if expr.has(sym)]
    if not symbols:
        return {0: expr} if expr != 0 else {}
    powers: dict = {}

    def power_of(sym, e):
        if (sym, e) not in powers:
            powers[(sym, e)] = ({0: Integer(1)} if e == 0
                                else _series_times(power_of(sym, e - 1), values[sym], power))
        return powers[(sym, e)]

    out: dict = {}
    for monomial, coefficient in Poly(expr, *symbols).terms():
        check_budget("substituting the equation into its corrections")
        term = {0: coefficient}
        for sym, e in zip(symbols, monomial):
            if e:
                term = _series_times(term, power_of(sym, e), power)
        for p, c in term.items():
            out[p] = out.get(p, Integer(0)) + c
    return {p: c for p, c in ((p, expand(c)) for p, c in out.items()) if c != 0}


def _solve_for_highest(leading: Expr, corrections: dict, order_power: int):
    """Solve ``leading + Σ λ^i corrections[i] = 0`` for the highest derivative, to λ^order_power.

    The solution is found order by order: after round ``m`` the coefficients of ``λ^0 … λ^m``
    are final, because a correction ``λ^i`` (``i ≥ 1``) needs the solution only to ``λ^(m-i)``.
    Series are kept as ``{power: coefficient}`` so that no term beyond the order is ever formed.
    """
    gens = model_symbols(leading)
    highest = max((g for g in gens if g.name.startswith("D")), key=lambda g: int(g.name[1:]))
    n_star = int(highest.name[1:])
    poly = Poly(leading, *gens)
    idx = gens.index(highest)
    lead = Integer(0)
    for monomial, c in poly.terms():
        if monomial[idx]:
            if sum(monomial) != 1:
                raise UnsupportedError(
                    f"the leading equation {leading} = 0 is implicit in the highest derivative")
            lead += c
    rest = expand(leading - lead * highest)
    solution = _series_of(expand(-rest / lead))
    corrections = {i: e for i, e in corrections.items() if 0 < i <= order_power}
    top = max((int(g.name[1:]) for e in corrections.values() for g in model_symbols(e)
               if g.name.startswith("D")), default=n_star)
    for m in range(1, order_power + 1):
        check_budget(f"solving the corrections of order {m} of the continuous limit")
        derivatives = {D(n_star): solution}
        current = solution
        for n in range(n_star + 1, top + 1):
            check_budget(f"differentiating the equation (derivative {n} of X) for the corrections")
            current_next: dict = {}
            for p, c in current.items():
                for q, v in _substitute_series(model_derivative(c), {highest: solution},
                                               m - 1 - p).items():
                    current_next[p + q] = current_next.get(p + q, Integer(0)) + v
            current = {p: c for p, c in ((p, expand(c)) for p, c in current_next.items()) if c != 0}
            derivatives[D(n)] = current
        total = {0: rest}
        for i, e in corrections.items():
            if i <= m:
                for q, v in _substitute_series(e, derivatives, m - i).items():
                    total[i + q] = total.get(i + q, Integer(0)) + v
        solution = {p: c for p, c in ((p, expand(-c / lead)) for p, c in total.items()) if c != 0}
    rhs = Add(*[sigma ** p * c for p, c in sorted(solution.items())])
    return n_star, rhs


def initial_iterates(method: Method, *, count: int = 2) -> dict:
    r"""The first iterates of a method as vector expressions in :math:`x_0`.

    Examples
    --------
    >>> from symflow.methods import nesterov
    >>> from symflow.core import vector_function
    >>> initial_iterates(nesterov())[vector_function("x")(1)]
    -s*NablaF(x_0) + x_0
    """
    primary = method.sequence(method.primary)
    known = {primary(0): x0}

    def resolve(expr):
        for _ in range(10):
            new = expr.xreplace(known)
            if new == expr:
                break
            expr = new
        return expr

    for eq in method.initial:
        known[eq.lhs] = resolve(eq.rhs)
    for _ in range(3):
        for k_value in range(method.start, method.start + count + 1):
            for eq in method.updates:
                lhs = eq.lhs.subs(k, k_value)
                if lhs in known:
                    continue
                value = resolve(eq.rhs.subs(k, k_value))
                if value.has(S.ComplexInfinity, S.NaN) or value.atoms(AppliedVector):
                    continue
                known[lhs] = value
    return known


def _initial_conditions(method: Method, order_of_ode: int, grid: _Grid, offset, order: int):
    """``(conditions, words, first_step)`` for the ODE's start."""
    t0 = grid.to_step(_truncate(offset * sigma ** grid.alpha, order * grid.half))
    conditions = [Eq(X(t0), x0)]
    if order_of_ode < 2:
        return tuple(conditions), [], None
    x1 = initial_iterates(method).get(method.sequence(method.primary)(1))
    if x1 is None:
        return tuple(conditions), [f"The method does not fix ${method.primary}_1$, so the initial "
                                   "velocity is left free."], None
    velocity = Integer(0)
    for atom, coefficient in vector_coefficients(x1 - x0).items():
        series = coefficient_series(coefficient / sigma ** grid.alpha, grid.scaling(0),
                                    (order * grid.half,))
        if any(key[0] < 0 for key in series):
            raise MethodError(
                f"method {method.name!r}: the first step {method.primary}_1 - x_0 = {x1 - x0} "
                "does not vanish with the step size, so the initial velocity is infinite")
        velocity += sum((c * sigma ** key[0] for key, c in series.items()), Integer(0)) * atom
    conditions.append(Eq(Derivative(X(t), t).subs(t, t0), grid.to_step(velocity)))
    words = [f"$X$ starts at $x_0$; the initial velocity is the forward difference "
             f"$({method.primary}_1 - x_0)/\\delta$, kept to the order of the equation, with the "
             "method's first step:"]
    if order_of_ode > 2:
        words.append("Derivatives of order 2 and more at the start are left free.")
    return tuple(conditions), words, Eq(method.sequence(method.primary)(1), x1)


def continuous_limit(method: Method, *, offset=0, order: int = 0, exponent=None) -> ContinuousLimit:
    r"""Derive the ODE that models ``method`` as the step size tends to zero.

    Parameters
    ----------
    method : Method
        Any method, from :mod:`symflow.methods` or written by the user.
    offset : Rational, optional
        The offset :math:`c` in :math:`t = (k + c)\delta` (default 0).
    order : int, optional
        How many powers of :math:`\sqrt s` to keep: 0 for the low-resolution
        ODE, 1 for the high-resolution ODE.
    exponent : Rational, optional
        Impose :math:`\delta = s^a` instead of finding :math:`a`; a
        degenerate choice raises :class:`~symflow.core.errors.DegenerateLimitError`.

    Returns
    -------
    ContinuousLimit

    Raises
    ------
    DegenerateLimitError, MethodError, UnsupportedError, LiftError
        With a message that names the problem (an error inside SymPy becomes an
        :class:`~symflow.core.errors.UnsupportedError`).
    LimitExceeded
        If ``order`` is above ``LIMITS["order"]`` of :mod:`symflow.core.limits`.
    BudgetExceeded
        If the caller's time budget (:func:`~symflow.core.limits.time_budget`) runs out.

    Examples
    --------
    >>> from symflow.methods import gradient_descent
    >>> continuous_limit(gradient_descent()).ode.equation
    Eq(Derivative(X(t), t), -NablaF(X(t)))
    """
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        raise UnsupportedError(f"order must be a whole number >= 0, not {order!r}")
    check_limit("order", order)
    offset = _as_offset(offset)
    try:
        return _continuous_limit(method, offset, order, exponent)
    except SymflowError:
        raise
    except Exception as exc:  # SymPy raises many types; the user gets one SymflowError that names the input
        raise UnsupportedError(
            f"method {method.name!r}: symflow could not derive the continuous limit at order {order} "
            f"(SymPy stopped with {type(exc).__name__}: {str(exc).strip()[:200] or 'no message'}); "
            "try a lower --order or simpler updates") from exc


def _continuous_limit(method: Method, offset, order: int, exponent) -> ContinuousLimit:
    """The body of :func:`continuous_limit`, with validated options."""
    if is_adaptive(method):
        raise UnsupportedError(
            f"method {method.name!r} uses coordinate-wise operations (products, powers, sqrt or division of "
            "vectors): its sequences are states and its limit is a system of ODEs, which "
            "symflow.limit.system_limit derives; continuous_limit gives one ODE in one sequence only")
    recurrence = eliminate_auxiliary(method)
    balance = find_balance(recurrence, offset=offset)
    a = balance.exponent
    if exponent is not None:
        a = _as_offset(exponent, "the exponent a of delta = s^a")
        kinds = [reg.kind for reg in balance.regimes if reg.low <= a <= reg.high]
        if a <= 0 or "balanced" not in kinds:
            raise DegenerateLimitError(
                f"delta = s^{a} gives a {kinds[0] if kinds else 'meaningless'} limit; "
                f"the balanced exponent is a = {balance.exponent}")
    steps = [Step("Method", method.description or method.name,
                  tuple(method.updates) + tuple(method.initial))]
    steps += list(recurrence.steps)
    grid = _grid(a, balance.root_degree)
    leading_power = int(balance.leading_size(a) * grid.beta)
    top_power = leading_power + order * grid.half
    series = expand_recurrence(recurrence.expression, recurrence.sequence, grid.scaling(offset),
                               (top_power,))
    below = [key[0] for key in series if key[0] < leading_power]
    if below:  # pragma: no cover - guarded by the box analysis
        raise DegenerateLimitError("the expansion has terms below the predicted leading order")
    steps.append(_ansatz_step(recurrence, offset))
    steps.append(_balance_step(balance, a))
    steps.append(_gradient_step(recurrence, grid, offset, order))
    leading = series.get((leading_power,), Integer(0))
    corrections = {key[0] - leading_power: c for key, c in series.items() if key[0] > leading_power}
    steps.append(Step(
        "Leading order",
        f"Dividing by ${_power_text(2 * balance.leading_size(a))}$ and letting $s \\to 0$ "
        "leaves the low-resolution equation.",
        (Eq(lift(leading), 0),)))
    if order:
        shown = Integer(0)
        for i, e in sorted(corrections.items()):
            check_budget("reading the corrections back as vectors")
            shown += grid.to_step(sigma ** i) * _lift_term(e, i, method, grid, order)
        steps.append(Step(
            "Next orders",
            f"Keeping the terms up to relative order ${_power_text(order)}$:",
            (Eq(_grouped(lift(leading) + shown), 0),)))
    n_star, rhs = _solve_for_highest(leading, corrections, order * grid.half)
    lifted = Integer(0)
    for p, c in sorted(_series_of(rhs).items()):
        lifted += grid.to_step(sigma ** p) * _lift_term(c, p, method, grid, order)
    rhs_vector = combine({atom: expand(c) for atom, c in vector_coefficients(lifted).items()})
    conditions, ic_text, first_step = _initial_conditions(method, n_star, grid, offset, order)
    ode = ODE(rhs_vector, n_star, initial_conditions=conditions, start=conditions[0].lhs.args[0],
              parameters=method.parameters, name=method.name)
    solve_text = "Solved for the highest derivative"
    if order:
        solve_text += (f", expanded to relative order ${_power_text(order)}$; higher derivatives in "
                       "the corrections are replaced by derivatives of the equation itself")
    steps.append(Step("Result", solve_text + ".", (ode.equation,)))
    shown_first = (first_step,) if first_step is not None else ()
    steps.append(Step("Initial conditions", " ".join(ic_text) or "$X$ starts at $x_0$.",
                      shown_first + tuple(conditions)))
    return ContinuousLimit(method, ode, a, order, offset, balance, tuple(steps))


def _lift_term(expr: Expr, power: int, method: Method, grid: _Grid, order: int) -> Expr:
    """:func:`lift` of the coefficient of ``λ^power``, refusing with the term's order and what to ask for."""
    try:
        return lift(expr)
    except LiftError as exc:
        size = Rational(power, grid.half)  # in powers of sqrt(s)
        supported = math.ceil(size) - 1
        advice = (f"orders up to {supported} avoid this term: use --order {supported} (order={supported}) "
                  "or lower" if supported >= 0 else "no order of the expansion avoids it")
        raise LiftError(
            f"method {method.name!r} at --order {order}: the term of relative order "
            f"{_power_text_plain(size)} of the continuous limit cannot be read back as a vector "
            f"expression: {exc}. {advice}") from None


def _power_text_plain(size) -> str:
    """``sqrt(s)^n`` as text a user reads in a message: ``1``, ``sqrt(s)``, ``s``, ``s^(3/2)``."""
    e = Rational(size, 2)
    if e == 0:
        return "1"
    if e == Rational(1, 2):
        return "sqrt(s)"
    if e == 1:
        return "s"
    return f"s^{e}" if e.q == 1 else f"s^({e})"


def _power_text(exponent) -> str:
    """:math:`\\sqrt{s}^n` in LaTeX: ``s``, ``s^{3/2}``, ``\\sqrt{s}``, ..."""
    e = Rational(exponent, 2)
    if e == 1:
        return "s"
    if e == Rational(1, 2):
        return "\\sqrt{s}"
    return f"s^{{{e}}}"


def _ansatz_step(recurrence: Recurrence, offset) -> Step:
    shifts = sorted({int(term.args[0] - k) for term in recurrence.terms}, reverse=True)
    scaling = GridScaling((delta,), (Integer(1),), step=None, offset=offset)
    formulas = []
    for j in shifts:
        if j == 0:
            continue
        series = taylor_shift(j, scaling, (3,))
        value = sum((delta ** key[0] * lift(c) for key, c in series.items()), Integer(0))
        term = recurrence.sequence_function(k + j)
        formulas.append(Eq(term, _grouped(value) + O(delta ** 4), evaluate=False))
    matching = "t = k\\delta" if offset == 0 else f"t = (k + {offset})\\delta"
    return Step(
        "Ansatz and Taylor expansion",
        f"Put $x_{{k+j}} = X(t + j\\delta)$ with ${matching}$ and $\\delta = s^a$, and expand about $t$.",
        tuple(formulas))


def _gradient_step(recurrence: Recurrence, grid: _Grid, offset, order: int) -> Step:
    top = (order + 1) * grid.half
    formulas = []
    for g in sorted(recurrence.expression.atoms(NablaF), key=str):
        series = expand_recurrence(g, recurrence.sequence, grid.scaling(offset), (top,))
        value = sum((sigma ** key[0] * lift(c) for key, c in series.items()), Integer(0))
        # unevaluated: comparing the two sides would make SymPy expand the gradient in s
        # (NotImplementedError when s occurs inside the gradient's argument)
        formulas.append(Eq(g, _grouped(grid.to_step(value)) + O(s ** Rational(order + 2, 2)), evaluate=False))
    return Step(
        "Gradients at shifted points",
        "With this scaling the gradients are expanded about X(t); the shifts bring in the "
        "Hessian and higher derivatives of f.",
        tuple(formulas))


def _grouped(expr: Expr) -> Expr:
    """A vector expression with one expanded coefficient per vector atom (for display)."""
    return combine({atom: expand(c) for atom, c in vector_coefficients(expr).items()})


def _balance_step(balance: Balance, a) -> Step:
    lines = []
    for reg in balance.regimes:
        low, high = latex_of(reg.low), latex_of(reg.high)
        where = f"$a = {low}$" if reg.low == reg.high else f"${low} < a < {high}$"
        meaning = {
            "balanced": "the gradient balances the derivatives of $X$: a non-degenerate ODE",
            "vacuous": "the gradient drops out (vacuous: the curve ignores $f$)",
            "static": "only the gradient survives (static: $\\nabla f(X) = 0$)",
            "inconsistent": "$X$ itself survives (the method is not consistent)",
        }[reg.kind]
        lines.append(f"{where}: {meaning}")
    return Step(
        "Dominant balance",
        "A term $\\delta^m s^q$ has size $s^{am + q}$. Comparing sizes: " + "; ".join(lines)
        + f". Hence $\\delta = s^{{{latex_of(a)}}}$.",
        (Eq(delta, s ** a),))
