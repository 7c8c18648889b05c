r"""Frozen, validated values: :class:`Method`, :class:`ODE`, :class:`Step`, :class:`Derivation`.

Examples
--------
>>> from symflow.methods import gradient_descent
>>> m = gradient_descent()
>>> m.primary, len(m.updates)
('x', 1)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sympy import Derivative, Eq, Expr, Integer, Symbol, cancel, default_sort_key

from .errors import MethodError, UnsupportedError
from .symbols import AppliedVector, X, k, s, t, vector_function
from .vectors import NablaF, is_vector_atom, vector_atoms, vector_coefficients

__all__ = ["Step", "Check", "Derivation", "Method", "ODE", "sequence_shift", "solve_for_highest"]


@dataclass(frozen=True)
class Step:
    r"""One recorded transformation of a derivation.

    Parameters
    ----------
    title : str
        A short name ("Taylor expansion", "dominant balance", ...).
    text : str
        What was done, in words.
    math : tuple
        The formulas that show it (SymPy expressions or equations).

    Examples
    --------
    >>> Step("ansatz", "put x_k = X(t)").title
    'ansatz'
    """

    title: str
    text: str
    math: tuple = ()


@dataclass(frozen=True)
class Check:
    r"""A comparison of a derived result with an independent answer (usually the literature's).

    Parameters
    ----------
    description : str
        What was compared, e.g. "SBC (2016), eq. (3)".
    expected : object
        The independent answer (a SymPy expression or equation).
    passed : bool
        Whether the exact comparison succeeded.

    Examples
    --------
    >>> Check("trivial", 0, True).passed
    True
    """

    description: str
    expected: Any
    passed: bool


@dataclass(frozen=True)
class Derivation:
    r"""A result with the chain of steps that produced it, and the checks made on it.

    Parameters
    ----------
    name : str
        Registry name (catalogue entry) or a user's label.
    steps : tuple of Step
    result : object
        The derived object (an :class:`ODE`, a certificate, ...).
    title, source, claim : str
        Words for documents: what it is, where it comes from, what it states.
    checks : tuple of Check
        Comparisons with the literature or a second route.
    status : str
        "derived", "proved", "refuted" or "unknown".

    Examples
    --------
    >>> d = Derivation("demo", (Step("a", "b"),), result=1)
    >>> [st.title for st in d.steps], d.status
    (['a'], 'derived')
    """

    name: str
    steps: tuple
    result: Any
    title: str = ""
    source: str = ""
    claim: str = ""
    checks: tuple = ()
    status: str = "derived"

    def _repr_markdown_(self) -> str:
        from .document import to_markdown

        return to_markdown([self])


def sequence_shift(term: Expr, index: Symbol = k) -> int:
    r"""The integer j of a sequence term :math:`x_{k+j}` (or the index itself for :math:`x_j`).

    Raises
    ------
    MethodError
        If the index is not ``index + integer`` or an integer.

    Examples
    --------
    >>> x = vector_function("x")
    >>> sequence_shift(x(k - 1))
    -1
    """
    (arg,) = term.args
    j = arg - index if arg.has(index) else arg
    if not getattr(j, "is_Integer", False):
        raise MethodError(f"the index of {term} must be k plus an integer, e.g. x[k+1]")
    return int(j)


@dataclass(frozen=True)
class Method:
    r"""A first-order method written as recurrences between vector sequences.

    Parameters
    ----------
    name : str
        Registry name, e.g. ``"nesterov"``.
    sequences : tuple of str
        The sequences; the first is the one modelled by :math:`X(t)`.
    updates : tuple of Eq
        Equations ``Eq(y(k+m), expression)``; sequences are
        :func:`~symflow.symbols.vector_function` objects applied to ``k + j``,
        and gradients are :class:`~symflow.vectors.NablaF` at affine
        combinations of sequence terms.
    parameters : tuple of Symbol
        Scalar parameters other than ``k`` and the step size.
    step_size : Symbol
        The step size :math:`s`.
    initial : tuple of Eq
        Values fixed at the start, e.g. ``Eq(y(0), x(0))``; ``x(0)`` is
        :math:`x_0`.
    start : int
        The first ``k`` at which the updates hold.
    description, source : str
        Words for documents.

    Raises
    ------
    MethodError
        When the recurrences are malformed (unknown sequence, bad index, no
        gradient evaluation, stray symbols).

    Examples
    --------
    >>> from sympy import Eq
    >>> from symflow.vectors import grad
    >>> x = vector_function("x")
    >>> m = Method("gd", ("x",), (Eq(x(k + 1), x(k) - s * grad(x(k))),))
    >>> m.gradient_points
    (x(k),)
    """

    name: str
    sequences: tuple
    updates: tuple
    parameters: tuple = ()
    step_size: Symbol = s
    initial: tuple = ()
    start: int = 0
    description: str = ""
    source: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sequences", tuple(self.sequences))
        object.__setattr__(self, "updates", tuple(self.updates))
        object.__setattr__(self, "parameters", tuple(self.parameters))
        object.__setattr__(self, "initial", tuple(self.initial))
        if not self.sequences:
            raise MethodError(f"method {self.name!r}: no sequences")
        if len(set(self.sequences)) != len(self.sequences):
            raise MethodError(f"method {self.name!r}: a sequence is named twice")
        if not self.updates:
            raise MethodError(f"method {self.name!r}: no update equations")
        allowed = {k, self.step_size, *self.parameters}
        for eq in self.updates:
            self._check_equation(eq, allowed, indexed=True)
        for eq in self.initial:
            self._check_equation(eq, allowed - {k}, indexed=False)
        if not any(eq.rhs.has(NablaF) for eq in self.updates):
            raise MethodError(
                f"method {self.name!r} has no gradient step: no update evaluates grad(...)")

    def _check_equation(self, eq, allowed, *, indexed: bool) -> None:
        if not isinstance(eq, Eq):
            raise MethodError(f"method {self.name!r}: {eq} is not an equation")
        lhs = eq.lhs
        if not isinstance(lhs, AppliedVector) or lhs.func.__name__ not in self.sequences:
            raise MethodError(
                f"method {self.name!r}: the left side {lhs} must be one of the sequences "
                f"{', '.join(self.sequences)} at an index")
        for atom in vector_atoms(eq.lhs - eq.rhs) | _nested_atoms(eq.rhs):
            if isinstance(atom, AppliedVector):
                if atom.func.__name__ not in self.sequences:
                    raise MethodError(f"method {self.name!r}: unknown sequence {atom.func.__name__}")
                if indexed:
                    sequence_shift(atom)
                elif not atom.args[0].is_Integer:
                    raise MethodError(
                        f"method {self.name!r}: initial values must use fixed indices, not {atom}")
            elif isinstance(atom, NablaF):
                if atom.directions:
                    raise UnsupportedError(
                        f"method {self.name!r}: only gradient evaluations are supported, not {atom}")
            elif not is_vector_atom(atom):
                raise MethodError(f"method {self.name!r}: unexpected term {atom}")
            else:
                raise MethodError(f"method {self.name!r}: unexpected vector {atom} in an update")
        stray = (eq.lhs - eq.rhs).free_symbols - set(allowed)
        if stray:
            names = ", ".join(sorted(str(x) for x in stray))
            raise MethodError(
                f"method {self.name!r}: unknown symbol(s) {names}; declare them as parameters")
        try:
            vector_coefficients(eq.lhs - eq.rhs)
        except UnsupportedError as exc:
            raise MethodError(f"method {self.name!r}: {exc}") from None

    def _repr_latex_(self) -> str:
        from .latex import latex

        rows = r" \\ ".join(latex(eq).replace(" = ", " &= ", 1) for eq in self.updates + self.initial)
        return f"$\\begin{{aligned}} {rows} \\end{{aligned}}$"

    @property
    def primary(self) -> str:
        """The name of the sequence modelled by :math:`X(t)`."""
        return self.sequences[0]

    def sequence(self, name: str):
        """The vector function of a sequence (``x`` in ``x(k+1)``)."""
        if name not in self.sequences:
            raise MethodError(f"method {self.name!r} has no sequence {name!r}")
        return vector_function(name)

    @property
    def gradient_points(self) -> tuple:
        """The points at which the updates evaluate the gradient."""
        points = []
        for eq in self.updates:
            for g in sorted(eq.rhs.atoms(NablaF), key=default_sort_key):
                if g.point not in points:
                    points.append(g.point)
        return tuple(points)


def _nested_atoms(expr) -> set:
    """Vector atoms inside gradient points too."""
    found = set()
    for g in expr.atoms(NablaF):
        found |= vector_atoms(g.point)
    return found


@dataclass(frozen=True)
class ODE:
    r"""An ODE solved for its highest derivative: :math:`X^{(n)} = F(t, X, \dots, X^{(n-1)})`.

    Parameters
    ----------
    rhs : Expr
        The vector expression :math:`F`.
    order : int
        The order :math:`n` of the highest derivative.
    initial_conditions : tuple of Eq
        E.g. ``(Eq(X(0), x_0), Eq(X'(0), 0))``.
    start : Expr
        The initial time :math:`t_0`.
    parameters : tuple of Symbol
        Scalar parameters the equation depends on.
    name : str
        A label.

    Examples
    --------
    >>> from symflow.vectors import grad
    >>> ode = ODE(-grad(X(t)), 1)
    >>> ode.residual
    NablaF(X(t)) + Derivative(X(t), t)
    """

    rhs: Expr
    order: int
    initial_conditions: tuple = ()
    start: Expr = Integer(0)
    parameters: tuple = ()
    name: str = ""
    trajectory: Any = field(default=X, compare=False)
    time: Symbol = t

    def __post_init__(self):
        if self.order < 1:
            raise MethodError("an ODE must have order at least 1")
        object.__setattr__(self, "initial_conditions", tuple(self.initial_conditions))
        object.__setattr__(self, "parameters", tuple(self.parameters))
        vector_coefficients(self.rhs)  # refuses non-linear vector terms

    def _repr_latex_(self) -> str:
        from .latex import latex

        return f"$\\displaystyle {latex(Eq(self.residual, 0))}$"

    @property
    def highest_derivative(self) -> Expr:
        """:math:`X^{(n)}(t)`."""
        return Derivative(self.trajectory(self.time), (self.time, self.order))

    @property
    def equation(self) -> Eq:
        """The equation :math:`X^{(n)} = F`."""
        return Eq(self.highest_derivative, self.rhs)

    @property
    def residual(self) -> Expr:
        """:math:`X^{(n)} - F`, the form that equals zero."""
        return self.highest_derivative - self.rhs

    def matches(self, expression: Expr) -> bool:
        r"""Whether ``expression = 0`` is this ODE (same equation once solved for :math:`X^{(n)}`).

        Coefficients are compared exactly with ``cancel``.

        Examples
        --------
        >>> from symflow.vectors import grad
        >>> ODE(-grad(X(t)), 1).matches(2 * X(t).diff(t) + 2 * grad(X(t)))
        True
        """
        return _same_vector(self.rhs, solve_for_highest(expression, self.highest_derivative))


def solve_for_highest(expression: Expr, highest: Expr) -> Expr:
    r"""Solve a vector equation ``expression = 0`` for the highest derivative.

    Examples
    --------
    >>> from symflow.vectors import grad
    >>> solve_for_highest(2 * X(t).diff(t) + grad(X(t)), X(t).diff(t))
    -NablaF(X(t))/2
    """
    coefficients = vector_coefficients(expression)
    lead = coefficients.pop(highest, 0)
    if lead == 0:
        raise MethodError(f"the equation {expression} = 0 does not contain {highest}")
    return sum((-c / lead * a for a, c in coefficients.items()), Integer(0))


def _same_vector(a: Expr, b: Expr) -> bool:
    ca, cb = vector_coefficients(a), vector_coefficients(b)
    return all(cancel(ca.get(atom, 0) - cb.get(atom, 0)) == 0 for atom in set(ca) | set(cb))
