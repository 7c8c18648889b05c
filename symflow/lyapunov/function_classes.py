r"""Function classes as sets of valid inequalities in Gram coordinates.

Every fact is an :class:`Inequality` ``slack >= 0`` between the two points
:math:`X` and a minimiser :math:`x^\star` (with :math:`\nabla f(x^\star) = 0`),
written with :math:`F = f(X) - f^\star`, inner products of :math:`X - x^\star`
and :math:`\nabla f(X)`, and, for twice-differentiable classes, Hessian forms
:math:`\langle u, \nabla^2 f(X) u\rangle`.

For :math:`\mu`-strongly convex, :math:`L`-smooth :math:`f` (:math:`0 \le \mu < L \le \infty`)
the two interpolation inequalities (Taylor, Hendrickx, Glineur 2017, Thm 4) are

.. math::
   f_i \ge f_j + \langle g_j, x_i - x_j\rangle + \frac{1}{2(1-\mu/L)}\Big(\tfrac1L\|g_i - g_j\|^2
   + \mu\|x_i - x_j\|^2 - \tfrac{2\mu}{L}\langle g_j - g_i, x_j - x_i\rangle\Big)

with :math:`(i, j) = (x^\star, X)` and :math:`(X, x^\star)`. Convexity is
:math:`\mu = 0, L = \infty`. Co-coercivity is their sum (listed, flagged as implied).

Examples
--------
>>> from symflow.core import L
>>> cls = smooth_convex(L)
>>> [q.name for q in cls.inequalities()]
['interpolation (x*, X)', 'interpolation (X, x*)']
>>> print(cls.inequalities()[1].text)
(f(X) - f⋆) - ‖∇f(X)‖²/(2·L) ≥ 0
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, Integer, S, oo

from ..core.errors import UnsupportedError
from ..core.printing import text
from ..core.symbols import L as _L
from ..core.symbols import X, t, x_star
from ..core.symbols import mu as _mu
from ..core.vectors import FValue, NablaF, grad, inner, linearize, norm2
from .derivative import display

__all__ = ["Inequality", "FunctionClass", "convex", "strongly_convex", "smooth_convex",
           "smooth_strongly_convex", "function_class"]


@dataclass(frozen=True)
class Inequality:
    r"""A valid inequality ``slack >= 0`` for every function of a class.

    Parameters
    ----------
    name : str
        Short name ("interpolation (x*, X)", "Hessian lower bound", ...).
    slack : Expr
        A scalar in Gram coordinates, nonnegative for every function of the class.
    implied : bool
        True when it is a nonnegative combination of the basic inequalities
        (shown for completeness, not used by the certificate search).
    """

    name: str
    slack: Expr
    implied: bool = False

    @property
    def text(self) -> str:
        """The inequality in paper notation."""

        return f"{text(display(self.slack))} ≥ 0"


def _interpolation_bracket(g: Expr, e: Expr, mu: Expr, L: Expr) -> Expr:
    if L == oo:
        return mu * norm2(e) / 2
    return (norm2(g) / L + mu * norm2(e) - 2 * mu / L * inner(g, e)) / (2 * (1 - mu / L))


@dataclass(frozen=True)
class FunctionClass:
    r"""Functions that are :math:`\mu`-strongly convex and :math:`L`-smooth (:math:`\mu = 0`, :math:`L = \infty` allowed).

    Parameters
    ----------
    name : str
        A label ("convex", "L-smooth convex", ...).
    mu : Expr
        Strong convexity modulus (0 for merely convex).
    L : Expr
        Smoothness constant (``oo`` for none).
    twice_differentiable : bool
        Whether :math:`\mu I \preceq \nabla^2 f \preceq L I` may be used.

    Raises
    ------
    UnsupportedError
        For a negative :math:`\mu`, or :math:`L \le \mu`.

    Examples
    --------
    >>> strongly_convex().mu
    mu
    """

    name: str
    mu: Expr = Integer(0)
    L: Expr = oo
    twice_differentiable: bool = False

    def __post_init__(self):
        object.__setattr__(self, "mu", S(self.mu))
        object.__setattr__(self, "L", S(self.L))
        if self.mu.is_negative:
            raise UnsupportedError(f"the strong convexity modulus must be nonnegative, not {self.mu}")
        if self.L != oo and (self.L.is_positive is False or (self.L - self.mu).is_positive is False):
            raise UnsupportedError(f"the smoothness constant L = {self.L} must exceed mu = {self.mu}")

    @property
    def parameters(self) -> set:
        """Symbols the class depends on."""
        return (self.mu.free_symbols | (self.L.free_symbols if self.L != oo else set()))

    def inequalities(self, point: Expr = None, minimizer: Expr = x_star) -> tuple:
        r"""The two interpolation inequalities between ``point`` (default :math:`X(t)`) and ``minimizer``.

        Examples
        --------
        >>> print(convex().inequalities()[0].text)
        -(f(X) - f⋆) + ⟨X - x⋆, ∇f(X)⟩ ≥ 0
        """

        point = X(t) if point is None else point
        g, e = grad(point), point - minimizer
        gap = FValue(point) - FValue(minimizer)
        bracket = _interpolation_bracket(g, e, self.mu, self.L)
        return (Inequality("interpolation (x*, X)", inner(e, g) - gap - bracket),
                Inequality("interpolation (X, x*)", gap - bracket))

    def implied_inequalities(self, point: Expr = None, minimizer: Expr = x_star) -> tuple:
        r"""Consequences shown with the class: co-coercivity / strong monotonicity.

        Examples
        --------
        >>> from symflow.core import L
        >>> print(smooth_convex(L).implied_inequalities()[0].text)
        ⟨X - x⋆, ∇f(X)⟩ - ‖∇f(X)‖²/L ≥ 0
        """
        first, second = self.inequalities(point, minimizer)
        name = "co-coercivity" if self.L != oo else "monotonicity"
        return (Inequality(name, first.slack + second.slack, implied=True),)

    def hessian_inequalities(self, direction: Expr, point: Expr = None) -> tuple:
        r"""For twice-differentiable classes: :math:`\langle u, (\nabla^2 f - \mu)u\rangle \ge 0` and :math:`\langle u, (L - \nabla^2 f)u\rangle \ge 0`.

        Examples
        --------
        >>> Xd = X(t).diff(t)
        >>> print(strongly_convex(twice_differentiable=True).hessian_inequalities(Xd)[0].text)
        -μ·‖Ẋ‖² + ⟨Ẋ, ∇²f(X) Ẋ⟩ ≥ 0
        """
        if not self.twice_differentiable:
            return ()
        point = X(t) if point is None else point
        form = inner(direction, linearize(NablaF(point, direction)))
        out = [Inequality("Hessian lower bound", form - self.mu * norm2(direction))]
        if self.L != oo:
            out.append(Inequality("Hessian upper bound", self.L * norm2(direction) - form))
        return tuple(out)

    def describe(self) -> str:
        """One line for documents.

        Examples
        --------
        >>> convex().describe()
        'convex, differentiable'
        """
        words = [self.name, "twice differentiable" if self.twice_differentiable else "differentiable"]
        return ", ".join(words)


def convex(*, twice_differentiable: bool = False) -> FunctionClass:
    r"""Convex differentiable functions.

    Examples
    --------
    >>> convex().L
    oo
    """
    return FunctionClass("convex", 0, oo, twice_differentiable)


def strongly_convex(mu: Expr = _mu, *, twice_differentiable: bool = False) -> FunctionClass:
    r""":math:`\mu`-strongly convex functions.

    Examples
    --------
    >>> strongly_convex().name
    'mu-strongly convex'
    """
    return FunctionClass("mu-strongly convex", mu, oo, twice_differentiable)


def smooth_convex(L: Expr = _L, *, twice_differentiable: bool = False) -> FunctionClass:
    r"""Convex functions with :math:`L`-Lipschitz gradient.

    Examples
    --------
    >>> smooth_convex().L
    L
    """
    return FunctionClass("L-smooth convex", 0, L, twice_differentiable)


def smooth_strongly_convex(mu: Expr = _mu, L: Expr = _L, *,
                           twice_differentiable: bool = False) -> FunctionClass:
    r""":math:`\mu`-strongly convex functions with :math:`L`-Lipschitz gradient.

    Examples
    --------
    >>> smooth_strongly_convex().name
    'mu-strongly convex, L-smooth'
    """
    return FunctionClass("mu-strongly convex, L-smooth", mu, L, twice_differentiable)


_NAMES = {
    "convex": convex,
    "strongly-convex": strongly_convex,
    "smooth-convex": smooth_convex,
    "smooth-strongly-convex": smooth_strongly_convex,
}


def function_class(name: str, *, twice_differentiable: bool = False) -> FunctionClass:
    r"""A class by name: ``convex``, ``strongly-convex``, ``smooth-convex``, ``smooth-strongly-convex``.

    The canonical symbols :math:`\mu` and :math:`L` are used.

    Raises
    ------
    UnsupportedError
        For an unknown name.

    Examples
    --------
    >>> function_class("smooth-convex", twice_differentiable=True).twice_differentiable
    True
    """
    if name not in _NAMES:
        raise UnsupportedError(f"unknown function class {name!r} (known: {', '.join(_NAMES)})")
    return _NAMES[name](twice_differentiable=twice_differentiable)
