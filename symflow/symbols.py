r"""The canonical symbols of symflow and their assumptions.

Every module takes its symbols from here, so that ``Symbol('s', positive=True)``
is one object everywhere (SymPy treats symbols with different assumptions as
different variables).

Examples
--------
>>> from symflow.symbols import s, t, mu
>>> (s.is_positive, t.is_positive, mu.is_positive)
(True, True, True)
>>> from sympy import sqrt
>>> sqrt(mu * s)
sqrt(mu)*sqrt(s)
"""
from __future__ import annotations

from sympy import Symbol
from sympy.core.function import AppliedUndef, UndefinedFunction

__all__ = [
    "t", "s", "k", "delta", "lam", "mu", "L", "r", "c", "p", "C", "q", "tau",
    "X", "x0", "x_star", "VectorSymbol", "AppliedVector", "vector_function",
    "KNOWN_SCALARS",
]


class VectorSymbol(Symbol):
    r"""A constant vector of :math:`\mathbb{R}^d` (for example :math:`x_0` or :math:`x^\star`).

    It behaves as a commutative SymPy symbol, so that scalar multiples and sums
    simplify as usual; :mod:`symflow.vectors` checks that every vector
    expression stays linear in its vector atoms.

    Examples
    --------
    >>> v = VectorSymbol("v")
    >>> isinstance(2 * v, VectorSymbol), isinstance(v, VectorSymbol)
    (False, True)
    """


class AppliedVector(AppliedUndef):
    r"""A vector-valued function applied to a scalar: a trajectory X(t) or a sequence x(k).

    Create the function with :func:`vector_function`.
    """


def vector_function(name: str) -> UndefinedFunction:
    r"""An undefined vector-valued function of one scalar variable.

    Parameters
    ----------
    name : str
        Its name, for example ``"X"`` for a trajectory or ``"y"`` for a sequence.

    Examples
    --------
    >>> from sympy import Symbol
    >>> Y = vector_function("Y")
    >>> isinstance(Y(Symbol("t")), AppliedVector)
    True
    """
    return UndefinedFunction(name, bases=(AppliedVector,))


#: continuous time
t = Symbol("t", positive=True)
#: step size of a discrete method (SBC's s, the ε of the mission statement)
s = Symbol("s", positive=True)
#: iteration counter
k = Symbol("k", integer=True)
#: time step δ in the ansatz t = (k + c)δ
delta = Symbol("delta", positive=True)
#: the small expansion variable of the continuous limit (a power of δ)
lam = Symbol("lambda", positive=True)
#: strong-convexity modulus
mu = Symbol("mu", positive=True)
#: smoothness constant
L = Symbol("L", positive=True)
#: friction parameter of the generalised Nesterov ODE (SBC's r)
r = Symbol("r", positive=True)
#: constant friction (e^{ct} Lagrangian, exponential families)
c = Symbol("c", positive=True)
#: polynomial rate exponent of the Bregman family (WWJ's p)
p = Symbol("p", positive=True)
#: constant of the polynomial Bregman family (WWJ's C)
C = Symbol("C", positive=True)

#: a second rate exponent (time dilation maps the p-flow of WWJ onto the q-flow)
q = Symbol("q", positive=True)
#: the dilated time tau = tau(t) of a reparametrisation (WWJ's time dilation)
tau = Symbol("tau", positive=True)

#: the continuous trajectory X(t), a curve in R^d
X = vector_function("X")
#: the starting point of a method
x0 = VectorSymbol("x_0")
#: a minimiser of f
x_star = VectorSymbol("x^star")

#: scalar names a user may write in text input, mapped to the canonical symbols
KNOWN_SCALARS = {
    "t": t, "s": s, "k": k, "mu": mu, "L": L, "r": r, "c": c, "p": p, "C": C,
}
