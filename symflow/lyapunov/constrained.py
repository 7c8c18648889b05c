r"""Energies along systems with coordinate-wise operations, decided in coordinates under state constraints.

Along an adaptive system such as RMSProp's :math:`\dot X = -\nabla f(X)/(\sqrt V + \varepsilon)`,
:math:`\dot V = b(\nabla f(X)\odot\nabla f(X) - V)`, the derivative of :math:`E = f(X) - f^\star` is
:math:`\langle\nabla f(X), \dot X\rangle = -\langle\nabla f, \nabla f/(\sqrt V + \varepsilon)\rangle`,
which no Gram form decides: its sign depends on the coordinates of :math:`V`. The coordinate-wise
operations act coordinate by coordinate, so an inner product of coordinate-wise expressions is
:math:`\langle A, B\rangle = \sum_i A_i B_i` with every :math:`A_i B_i` the same scalar function
:math:`\varphi` of the :math:`i`-th coordinates (:math:`g_i = \partial_i f(X)`, :math:`V_i`, ...). Hence
(derived here)

* :math:`dE/dt \le 0` for every dimension iff :math:`\varphi \le 0` on the set where the
  coordinates may lie; that set is given by **state constraints** (:math:`V_i \ge 0`), which
  :func:`certify_constrained` carries as assumptions of the coordinate symbols and proves
  forward-invariant;
* :math:`\varphi` is decided term by term: each term a product of factors, each factor's sign
  decided exactly by SymPy from the constraints (:math:`g_i^2 \ge 0`; :math:`\sqrt{V_i} + \varepsilon > 0`
  from :math:`V_i \ge 0`, :math:`\varepsilon > 0`); an undecided factor (SymPy's ``None``) is a failure;
* a constraint :math:`S_i \ge 0` is invariant when :math:`\dot S_i = \alpha + \beta S_i` is affine in
  :math:`S_i` with :math:`\alpha \ge 0` (decided as above) and :math:`S_i(0) \ge 0`: then
  :math:`S_i(t) = e^{\int_0^t\beta}\bigl(S_i(0) + \int_0^t e^{-\int_0^u\beta}\alpha\,du\bigr) \ge 0`
  (variation of constants).

Examples
--------
>>> from sympy import Derivative, Eq
>>> from symflow.core import X, t, grad, FValue, vector_function
>>> from symflow.core.coordinatewise import eps, decay_b, coordinate_divide, coordinate_sqrt, hadamard, ones
>>> from symflow.core.ode_system import ODESystem
>>> V = vector_function("V")(t)
>>> g = grad(X(t))
>>> rms = ODESystem((Eq(Derivative(X(t), t), -coordinate_divide(g, coordinate_sqrt(V) + eps * ones)),
...                  Eq(Derivative(V, t), decay_b * (hadamard(g, g) - V))),
...                 initial_conditions=(Eq(vector_function("V")(0), 0),))
>>> cert = certify_constrained(FValue(X(t)), rms, ("V",))
>>> cert.proved, cert.sign
(True, 'nonpositive')
>>> certify_constrained(FValue(X(t)), rms, ()).proved
False
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Add, Eq, Expr, Integer, Le, Mul, Pow, S, Symbol, cancel, diff, together

from ..core.coordinatewise import CoordPower, Hadamard, ones
from ..core.derivation import Step
from ..core.printing import latex, text
from ..core.errors import UnsupportedError
from ..core.ode_system import ODESystem
from ..core.symbols import AppliedVector, VectorSymbol
from ..core.vectors import FValue, Inner, NablaF, inner, is_vector_atom
from ..core.vectors import time_derivative as chain_rule
from .derivative import substitute_vectors

__all__ = ["ConstrainedCertificate", "coordinate_symbols", "coordinate_reading", "derivative_along_system",
           "decide_sign", "invariant_constraint", "certify_constrained", "state_of"]


def coordinate_symbols(system: ODESystem, constraints=()) -> dict:
    r"""``{vector atom: symbol}``: the :math:`i`-th coordinate of each state, nonnegative where constrained.

    Examples
    --------
    >>> from sympy import Derivative, Eq
    >>> from symflow.core import X, t, vector_function
    >>> V = vector_function("V")(t)
    >>> sysm = ODESystem((Eq(Derivative(X(t), t), -V), Eq(Derivative(V, t), -V)))
    >>> table = coordinate_symbols(sysm, ("V",))
    >>> table[V].is_nonnegative, table[X(t)].is_nonnegative
    (True, None)
    """
    unknown = sorted(set(constraints) - set(system.states))
    if unknown:
        raise UnsupportedError(f"a state constraint names {', '.join(unknown)}, which is not a state of the "
                               f"system (its states: {', '.join(system.states)})")
    out = {}
    for name in system.states:
        state = state_of(name, system)
        if name in constraints:
            out[state] = Symbol(f"{name}_i", nonnegative=True)
        else:
            out[state] = Symbol(f"{name}_i", real=True)
    return out


def state_of(name: str, system: ODESystem) -> Expr:
    """The state ``name`` of the system as a function of its time."""
    for eq in system.equations:
        if eq.lhs.expr.func.__name__ == name:
            return eq.lhs.expr
    for eq in system.relations:
        if eq.lhs.func.__name__ == name:
            return eq.lhs
    raise UnsupportedError(f"the system has no state {name!r}")


def coordinate_reading(expr: Expr, table: dict) -> Expr:
    r"""The :math:`i`-th coordinate of a vector expression, or :math:`\sum_i`-summand of a scalar one.

    :math:`\nabla f(X)` reads :math:`g` (real), a state its symbol of ``table``, :math:`\mathbb 1` reads
    1, :math:`u\odot w` the product, :math:`B^{\odot p}` the power; an inner product
    :math:`\langle A, B\rangle` reads :math:`A_i B_i` (the summand).

    Raises
    ------
    UnsupportedError
        For what is not coordinate-wise: a Hessian, a value of :math:`f`, a vector not in ``table``.

    Examples
    --------
    >>> from symflow.core import X, t, grad
    >>> from symflow.core.coordinatewise import hadamard
    >>> g = grad(X(t))
    >>> coordinate_reading(inner(g, 3 * hadamard(g, g)), {X(t): Symbol("X", real=True)})
    3*g_i**3
    """
    expr = S(expr)
    if isinstance(expr, Inner):
        return coordinate_reading(expr.args[0], table) * coordinate_reading(expr.args[1], table)
    if expr == ones:
        return Integer(1)
    if isinstance(expr, NablaF):
        if expr.directions:
            raise UnsupportedError(f"{expr} (a Hessian) is not a coordinate-wise operation")
        if expr.point not in table:
            raise UnsupportedError(f"the gradient at {expr.point} has no coordinate symbol")
        return Symbol("g_i", real=True)
    if isinstance(expr, Hadamard):
        return Mul(*[coordinate_reading(f, table) for f in expr.args])
    if isinstance(expr, CoordPower):
        return Pow(coordinate_reading(expr.base, table), expr.exponent)
    if isinstance(expr, FValue):
        raise UnsupportedError(f"{expr} is not a sum over coordinates; only inner products of coordinate-wise "
                               "expressions are read in coordinates")
    if is_vector_atom(expr):
        if expr in table:
            return table[expr]
        if isinstance(expr, VectorSymbol):
            return Symbol(f"{expr.name}_i", real=True)
        raise UnsupportedError(f"the vector {expr} has no coordinate symbol")
    if not expr.args:
        return expr
    return expr.func(*[coordinate_reading(a, table) for a in expr.args])


def derivative_along_system(energy: Expr, system: ODESystem) -> Expr:
    r""":math:`dE/dt` along the system: the chain rule, then every :math:`\dot S` replaced by its equation.

    Examples
    --------
    >>> from sympy import Derivative, Eq
    >>> from symflow.core import X, t, grad, FValue
    >>> flow = ODESystem((Eq(Derivative(X(t), t), -grad(X(t))),))
    >>> derivative_along_system(FValue(X(t)), flow)
    -Inner(NablaF(X(t)), NablaF(X(t)))
    """
    rules = {}
    for eq in system.equations:
        if eq.lhs.derivative_count != 1:
            raise UnsupportedError("the energy is differentiated along first-order systems only "
                                   f"(the system has {eq.lhs})")
        rules[eq.lhs] = eq.rhs
    relations = {eq.lhs: eq.rhs for eq in system.relations}
    out = chain_rule(energy, system.time)

    def rule(v):
        return rules.get(v, relations.get(v, v))

    return substitute_vectors(out, rule)


def _factor_sign(factor: Expr) -> str | None:
    if factor.is_positive:
        return "positive"
    if factor.is_negative:
        return "negative"
    if factor.is_nonnegative:
        return "nonnegative"
    if factor.is_nonpositive:
        return "nonpositive"
    return None


def decide_sign(term: Expr) -> tuple:
    r"""``(sign of the term, ((factor, sign), ...))``: each factor's sign decided exactly, then the product's.

    The sign is ``"nonpositive"``, ``"nonnegative"``, ``"zero"`` or ``None`` (undecided: SymPy answers
    ``None`` for some factor, or two terms of opposite signs).

    Examples
    --------
    >>> g, v, e = Symbol("g", real=True), Symbol("V", nonnegative=True), Symbol("e", positive=True)
    >>> decide_sign(-g ** 2 / (v ** S.Half + e))[0]
    'nonpositive'
    >>> decide_sign(-g ** 2 / (Symbol("V", real=True) ** S.Half + e))[0]
    """
    term = together(S(term))
    if term == 0:
        return "zero", ()
    signs = []
    table = []
    for summand in Add.make_args(term):
        negative = False
        undecided = False
        for factor in Mul.make_args(summand):
            sign = _factor_sign(factor)
            table.append((factor, sign))
            if sign is None:
                undecided = True
            elif sign in ("negative", "nonpositive"):
                negative = not negative
        signs.append(None if undecided else ("nonpositive" if negative else "nonnegative"))
    if None in signs or len(set(signs)) != 1:
        return None, tuple(table)
    return signs[0], tuple(table)


def invariant_constraint(system: ODESystem, name: str, table: dict) -> tuple:
    r"""``(proved, alpha, beta)``: whether :math:`S_i \ge 0` is forward-invariant, :math:`\dot S_i = \alpha + \beta S_i`.

    Proved when the coordinate reading of :math:`\dot S` is affine in :math:`S_i`, :math:`\alpha \ge 0`
    is decided (with the other constraints of ``table``) and :math:`S(0) \ge 0` is decided.

    Examples
    --------
    >>> from sympy import Derivative, Eq
    >>> from symflow.core import X, t, grad, vector_function
    >>> from symflow.core.coordinatewise import hadamard
    >>> V = vector_function("V")(t)
    >>> g = grad(X(t))
    >>> sysm = ODESystem((Eq(Derivative(X(t), t), -g), Eq(Derivative(V, t), hadamard(g, g) - 2 * V)),
    ...                  initial_conditions=(Eq(vector_function("V")(0), 0),))
    >>> invariant_constraint(sysm, "V", coordinate_symbols(sysm, ("V",)))
    (True, g_i**2, -2)
    """
    state = state_of(name, system)
    symbol = table[state]
    free = Symbol(f"{name}_free", real=True)  # the constraint may not be used to prove itself
    rate = coordinate_reading(system.rhs(name), {**table, state: free})
    beta = cancel(diff(rate, free))
    if diff(beta, free) != 0:
        return False, None, None
    alpha = cancel(rate - beta * free)
    start = [eq.rhs for eq in system.initial_conditions
             if isinstance(eq.lhs, AppliedVector) and eq.lhs.func.__name__ == name]
    if len(start) != 1:
        return False, alpha, beta
    start_ok = decide_sign(coordinate_reading(start[0], table) if start[0] != 0 else Integer(0))[0] in (
        "nonnegative", "zero")
    alpha_ok = decide_sign(alpha)[0] in ("nonnegative", "zero")
    del symbol
    return bool(start_ok and alpha_ok), alpha, beta


@dataclass(frozen=True)
class ConstrainedCertificate:
    r"""The decision of :math:`dE/dt \le 0` along a system, in coordinates, under state constraints.

    Attributes
    ----------
    energy : Expr
    system : ODESystem
    constraints : tuple of str
        The states constrained coordinate-wise nonnegative.
    derivative : Expr
        :math:`dE/dt` (inner products of coordinate-wise expressions).
    term : Expr
        :math:`\varphi`, with :math:`dE/dt = \sum_i \varphi_i`.
    sign : str or None
        The decided sign of :math:`\varphi`.
    factors : tuple
        ``((factor, sign), ...)`` of the decision.
    invariance : tuple
        ``((state, proved, alpha, beta), ...)``: each constraint's invariance.
    """

    energy: Expr
    system: ODESystem
    constraints: tuple
    derivative: Expr
    term: Expr
    sign: str | None
    factors: tuple
    invariance: tuple

    @property
    def display(self) -> Expr:
        r""":math:`dE/dt \le 0` when proved, else :math:`dE/dt` itself (for documents)."""
        return Le(self.derivative, 0, evaluate=False) if self.proved else self.derivative

    @property
    def proved(self) -> bool:
        """Whether :math:`dE/dt \\le 0` is proved: the term's sign decided and every constraint invariant."""
        return self.sign in ("nonpositive", "zero") and all(row[1] for row in self.invariance)

    def to_dict(self) -> dict:
        """The decision as plain data (for ``symflow verify --format json``).

        Examples
        --------
        >>> from sympy import Derivative, Eq
        >>> from symflow.core import X, t, grad, FValue
        >>> flow = ODESystem((Eq(Derivative(X(t), t), -grad(X(t))),))
        >>> certify_constrained(FValue(X(t)), flow).to_dict()["status"]
        'proved'
        """
        return {"status": "proved" if self.proved else "unknown", "derivative": text(self.derivative),
                "summand": str(self.term), "sign": self.sign, "constraints": list(self.constraints),
                "invariance": [{"state": name, "proved": bool(ok), "alpha": str(alpha), "beta": str(beta)}
                               for name, ok, alpha, beta in self.invariance]}

    @property
    def steps(self) -> tuple:
        """The decision as steps of a derivation."""
        words = {"positive": "> 0", "negative": "< 0", "nonnegative": "\\ge 0", "nonpositive": "\\le 0"}
        constrained = ", ".join(f"${n}_i \\ge 0$" for n in self.constraints) or "none"
        steps = [
            Step("System", "The dynamics.", self.system.equations + self.system.relations),
            Step("Energy", "The energy.", (self.energy,)),
            Step("Derivative", "The chain rule along the system.", (self.derivative,)),
            Step("Coordinates", "Coordinate-wise operations act coordinate by coordinate: "
                 f"$dE/dt = \\sum_i \\varphi_i$ with, in the $i$-th coordinates (state constraints: {constrained}),",
                 (self.term,)),
            Step("Signs", "Each factor's sign, decided exactly from the constraints: " + "; ".join(
                f"${latex(factor)} {words[sign]}$" if sign else f"${latex(factor)}$ undecided"
                for factor, sign in self.factors) + "."),
        ]
        for name, ok, alpha, beta in self.invariance:
            steps.append(Step(f"Invariance of the constraint on {name}",
                              (f"$\\dot {name}_i = \\alpha + \\beta {name}_i$ with $\\alpha \\ge 0$ and "
                               f"${name}(0) \\ge 0$: by variation of constants ${name}_i(t) \\ge 0$ for all $t$."
                               if ok else f"Not proved: $\\dot {name}_i$ is not affine with a nonnegative "
                               "constant part, or the start is not nonnegative."),
                              () if alpha is None else (Eq(Symbol("alpha"), alpha), Eq(Symbol("beta"), beta))))
        verdict = "proved" if self.proved else "not proved"
        steps.append(Step("Result", f"$dE/dt \\le 0$ is {verdict}."))
        return tuple(steps)


def certify_constrained(energy: Expr, system: ODESystem, constraints=()) -> ConstrainedCertificate:
    r"""Decide :math:`dE/dt \le 0` along ``system`` for every dimension, with the states of ``constraints`` coordinate-wise nonnegative.

    Parameters
    ----------
    energy : Expr
        A sum of a function value :math:`f(X)` (whose derivative is :math:`\langle\nabla f(X), \dot X\rangle`)
        and inner products of coordinate-wise expressions.
    system : ODESystem
    constraints : tuple of str
        State names constrained :math:`\ge 0` coordinate-wise (e.g. ``("V",)``); each must be proved
        invariant.

    Raises
    ------
    UnsupportedError
        If :math:`dE/dt` is not a sum of inner products of coordinate-wise expressions.
    """
    constraints = tuple(constraints)
    table = coordinate_symbols(system, constraints)
    derivative = derivative_along_system(energy, system)
    term = cancel(coordinate_reading(derivative, table))
    sign, factors = decide_sign(term)
    invariance = tuple((name,) + invariant_constraint(system, name, table) for name in constraints)
    return ConstrainedCertificate(energy, system, constraints, derivative, term, sign, factors, invariance)
