r"""The canonical symbols of symflow and their assumptions.

Every module takes its symbols from here, so that ``Symbol('s', positive=True)``
is one object everywhere (SymPy treats symbols with different assumptions as
different variables).

Examples
--------
>>> from symflow.core import s, t, mu
>>> (s.is_positive, t.is_positive, mu.is_positive)
(True, True, True)
>>> from sympy import sqrt
>>> sqrt(mu * s)
sqrt(mu)*sqrt(s)
"""
from __future__ import annotations

from sympy import Expr, Symbol
from sympy.core.function import AppliedUndef, UndefinedFunction

from .errors import MethodError

__all__ = ["sequence_shift", "VectorSymbol", "AppliedVector", "vector_function", "t", "s", "k", "delta",
           "lam", "mu", "L", "r", "c", "p", "C", "q", "tau", "series_variable", "sigma", "z", "q_s", "rho", "zeta",
           "x0_scalar", "n_index", "beta_h", "alpha_rate", "t_start", "X", "x0", "x_star", "x", "y", "v", "V", "P", "Y", "Z", "KNOWN_SCALARS"]


class VectorSymbol(Symbol):
    r"""A constant vector of :math:`\mathbb{R}^d` (for example :math:`x_0` or :math:`x^\star`).

    It behaves as a commutative SymPy symbol, so that scalar multiples and sums
    simplify as usual; :mod:`symflow.core.vectors` checks that every vector
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


#: the eigenvalue lambda of the Hessian of a quadratic f = lambda x^2/2 (closed forms, quadratics)
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

#: the elapsed time h = t - t0 of a power series at the start t0 of an ODE
series_variable = Symbol("h_series", real=True)

#: the root sigma of the step, s = sigma^N, in which the Taylor step of a limit is expanded
sigma = Symbol("sigma", positive=True)

#: the product z = s lambda of step and eigenvalue (a method on a quadratic)
z = Symbol("z", positive=True)

#: q_s = sqrt(mu s) (a method on a strongly convex quadratic)
q_s = Symbol("q_s", positive=True)

#: the variable rho of a characteristic polynomial (a method on a quadratic)
rho = Symbol("rho")

#: Bessel's argument zeta = sqrt(lambda) t
zeta = Symbol("zeta", positive=True)

#: a scalar starting point x_0 (one coordinate of a closed form)
x0_scalar = Symbol("x0", real=True)

#: a power index n
n_index = Symbol("n", integer=True, nonnegative=True)

#: the coefficient beta of Hessian-driven damping, beta ∇²f(X)Ẋ
beta_h = Symbol("beta", positive=True)

#: the exponent alpha of a polynomial rate t^{-alpha} on strongly convex f (SBC's Theorem 8)
alpha_rate = Symbol("alpha", positive=True)

#: a symbolic start t0 of a claim: the region says from which t0 on it holds
t_start = Symbol("t_0", positive=True)


#: the continuous trajectory X(t), a curve in R^d
X = vector_function("X")


#: the starting point of a method
x0 = VectorSymbol("x_0")


#: a minimiser of f
x_star = VectorSymbol("x^star")

#: the iterate sequences of methods: x_k, y_k, v_k
x = vector_function("x")
y = vector_function("y")
v = vector_function("v")

#: the velocity V = dX/dt of a phase-space system
V = vector_function("V")

#: the momentum P of Hamilton's equations
P = vector_function("P")

#: the time-dilated trajectory Y(t) = X(tau(t))
Y = vector_function("Y")

#: the dual (mirror) trajectory Z(t) of accelerated mirror descent
Z = vector_function("Z")


#: scalar names a user may write in text input, mapped to the canonical symbols
KNOWN_SCALARS = {
    "t": t, "s": s, "k": k, "mu": mu, "L": L, "r": r, "c": c, "p": p, "C": C,
}


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
