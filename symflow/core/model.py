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

from sympy import Derivative, Eq, Expr, Integer, Subs, Symbol, default_sort_key

from .errors import IntegrationError, MethodError, UnsupportedError
from .normal import expand_vector, same_vector
from .printing import latex
from .symbols import AppliedVector, X, k, s, sequence_shift, t, vector_function
from .vectors import NablaF, is_vector_atom, vector_atoms, vector_coefficients

__all__ = ["Method", "ODE", "solve_for_highest"]


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
        :func:`~symflow.core.vector_function` objects applied to ``k + j``,
        and gradients are :class:`~symflow.core.NablaF` at affine
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
    >>> from symflow.core import grad
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
    >>> from symflow.core import grad
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

        Both sides are expanded (:func:`~symflow.core.normal.expand_vector`) and compared
        coefficient by coefficient in normal form (:func:`~symflow.core.normal.same_vector`):
        the one equality test of the engine for equations.

        Examples
        --------
        >>> from symflow.core import grad
        >>> ODE(-grad(X(t)), 1).matches(2 * X(t).diff(t) + 2 * grad(X(t)))
        True
        """
        return same_vector(self.rhs, solve_for_highest(expand_vector(expression), self.highest_derivative))

    def derivative_order(self, atom) -> int | None:
        r"""``j`` when ``atom`` is :math:`X^{(j)}(t)` of this ODE's trajectory, else ``None``.

        Examples
        --------
        >>> from symflow.core import grad
        >>> ODE(-grad(X(t)), 1).derivative_order(X(t).diff(t))
        1
        """
        if isinstance(atom, AppliedVector) and atom == self.trajectory(self.time):
            return 0
        if isinstance(atom, Derivative) and atom.expr == self.trajectory(self.time):
            return atom.derivative_count
        return None

    def initial_order(self, condition: Eq) -> int:
        r"""The derivative order ``j`` that the initial condition :math:`X^{(j)}(t_0) = \dots` fixes.

        Examples
        --------
        >>> from symflow.core import grad, x0
        >>> ODE(-grad(X(t)), 1).initial_order(Eq(X(0), x0))
        0
        """
        lhs = condition.lhs
        if isinstance(lhs, Subs):
            lhs = lhs.expr
        elif isinstance(lhs, AppliedVector):
            lhs = lhs.func(self.time)
        j = self.derivative_order(lhs)
        if j is None:
            raise IntegrationError(f"cannot read the initial condition {condition}")
        return j


def solve_for_highest(expression: Expr, highest: Expr) -> Expr:
    r"""Solve a vector equation ``expression = 0`` for the highest derivative.

    Examples
    --------
    >>> from symflow.core import grad
    >>> solve_for_highest(2 * X(t).diff(t) + grad(X(t)), X(t).diff(t))
    -NablaF(X(t))/2
    """
    coefficients = vector_coefficients(expression)
    lead = coefficients.pop(highest, 0)
    if lead == 0:
        raise MethodError(f"the equation {expression} = 0 does not contain {highest}")
    return sum((-c / lead * a for a, c in coefficients.items()), Integer(0))
