r"""Methods with coordinate-wise operations: :class:`AdaptiveMethod`, a :class:`~symflow.core.Method` whose updates may use :math:`\odot`, :math:`\sqrt{\cdot}` and division by a vector.

The updates are checked as those of any method (sequences, indices, declared symbols, one
gradient step), looking through the coordinate-wise atoms of :mod:`symflow.core.coordinatewise`
to the sequence terms and gradients they are applied to. Auxiliary sequences (:math:`v_k`,
:math:`m_k`) are state, not to be eliminated: the continuous limit of such a method is a system
of ODEs (:mod:`symflow.limit.system`).

Examples
--------
>>> from sympy import Eq
>>> from symflow.core import grad, vector_function, k, s
>>> from symflow.core.coordinatewise import beta, eps, coordinatewise
>>> x, v = vector_function("x"), vector_function("v")
>>> m = AdaptiveMethod("rms", ("x", "v"), (
...     Eq(v(k + 1), coordinatewise(beta * v(k) + (1 - beta) * grad(x(k)) ** 2)),
...     Eq(x(k + 1), coordinatewise(x(k) - s * grad(x(k)) / (v(k + 1) ** Rational(1, 2) + eps)))),
...     parameters=(beta, eps))
>>> m.states
('x', 'v')
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Eq, Integer, Rational

from .coordinatewise import CoordinatewiseAtom, has_coordinatewise, inner_vector_atoms, ones
from .errors import MethodError
from .model import Method
from .symbols import k

__all__ = ["AdaptiveMethod", "is_adaptive"]


def _shadow(expr):
    """``expr`` with every coordinate-wise atom replaced by the sum of the vectors it is applied to (for checking)."""
    def swap(atom):
        return sum(inner_vector_atoms(atom), Integer(0))

    out = expr.replace(lambda e: isinstance(e, CoordinatewiseAtom), swap)
    return out.xreplace({ones: Integer(0)})


@dataclass(frozen=True)
class AdaptiveMethod(Method):
    r"""A method whose updates use coordinate-wise operations; its auxiliary sequences are state variables.

    The parameters are those of :class:`~symflow.core.Method`. Each sequence must have exactly one
    update, written ``y(k + 1) = ...`` (explicit, newest index on the left).

    Raises
    ------
    MethodError
        As :class:`~symflow.core.Method`, and when a sequence has no update of its own.
    """

    def __post_init__(self):
        super().__post_init__()
        defined = [eq.lhs.func.__name__ for eq in self.updates]
        for name in self.sequences:
            if defined.count(name) != 1:
                raise MethodError(
                    f"method {self.name!r}: the sequence {name} needs exactly one update "
                    f"{name}[k+1] = ... (it has {defined.count(name)})")
        for eq in self.updates:
            if eq.lhs.args[0] != k + 1:
                raise MethodError(f"method {self.name!r}: write the update of {eq.lhs.func.__name__} "
                                  f"as {eq.lhs.func.__name__}[k+1] = ...")

    def _check_equation(self, eq, allowed, *, indexed: bool) -> None:
        super()._check_equation(Eq(eq.lhs, _shadow(eq.rhs), evaluate=False), allowed, indexed=indexed)

    @property
    def states(self) -> tuple:
        """The sequences, each modelled by a state variable of the limit (primary first)."""
        return self.sequences


def is_adaptive(method: Method) -> bool:
    """Whether a method's updates use coordinate-wise operations.

    Examples
    --------
    >>> from symflow.methods import gradient_descent
    >>> is_adaptive(gradient_descent())
    False
    """
    return any(has_coordinatewise(eq.rhs) for eq in method.updates)
