r"""The energy of an inertial proximal method, derived from its coefficients (an estimate sequence).

A method whose one-sequence recurrence is

.. math::
    x_{k+1} = x_k + \beta_k(x_k - x_{k-1}) - \gamma_k g_{k+1}, \qquad g_{k+1} = \nabla f(x_{k+1}),

(implicit Euler of a damped second-order ODE is one: the gradient is taken at the new point, a proximal
step) has, for a sequence :math:`\tau_k` with :math:`\tau_{k-1} = 1 + \tau_k\beta_k`, the point
:math:`z_k = x_k + (\tau_{k-1} - 1)(x_k - x_{k-1})` that moves by a gradient step alone,
:math:`z_{k+1} = z_k - c_k g_{k+1}` with :math:`c_k = \tau_k\gamma_k`. Convexity at :math:`x_{k+1}` against
:math:`x^\star` and :math:`x_k` then gives, with :math:`A_k = c_k(\tau_k - 1)`,

.. math::
    A_{k+1}(f_{k+1} - f^\star) + \tfrac12\|z_{k+1} - x^\star\|^2 \le
    (A_{k+1} - c_k\tau_k)(f_{k+1} - f^\star) + A_k(f_k - f^\star) + \tfrac12\|z_k - x^\star\|^2 ,

and the weight :math:`w_k` with :math:`w_{k+1}/w_k = c_k\tau_k/A_{k+1}` absorbs the first term:
:math:`w_k(A_k(f_k - f^\star) + \frac12\|z_k - x^\star\|^2)` is nonincreasing when that ratio is at most 1
(when it exceeds 1 for large :math:`k`, the first term is not positive and :math:`w_k = 1`; when that depends
on the parameters, :math:`w_k = 1` is the candidate and the certificate's region says where it holds).
(Derived here, after the estimate sequences of Nesterov's and Güler's proximal methods; the sequence
:math:`\tau_k` is found with a linear ansatz, the weight as a product of rational factors.) The energy is
only a candidate: :func:`symflow.lyapunov.certify_step` decides, exactly, whether it is a Lyapunov function
and on which region.
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Dummy, Expr, Poly, Product, S, cancel, factor, gammasimp, limit, oo, product, solve

from ..core import FValue, Method, NablaF, UnsupportedError, k, norm2, vector_coefficients, vector_function, x_star

from ..recurrence import eliminate_auxiliary


@dataclass(frozen=True)
class InertialEnergy:
    r"""The derived energy and the sequences it is built from.

    Attributes
    ----------
    beta, gamma : Expr
        :math:`\beta_k` and :math:`\gamma_k` of the recurrence.
    tau : Expr
        :math:`\tau_k`, with :math:`\tau_{k-1} = 1 + \tau_k\beta_k`.
    weight : Expr
        :math:`w_k`, normalised to 1 as :math:`k \to \infty` when it has a finite nonzero limit.
    energy : Expr
        :math:`w_k A_k(f(x_k) - f^\star) + \frac{w_k}2\|x_k - x^\star + (\tau_{k-1} - 1)(x_k - x_{k-1})\|^2`.
    """

    beta: Expr
    gamma: Expr
    tau: Expr
    weight: Expr
    energy: Expr


def inertial_coefficients(method: Method) -> tuple:
    r"""``(beta_k, gamma_k)`` of a method whose recurrence is
    :math:`x_{k+1} = x_k + \beta_k(x_k - x_{k-1}) - \gamma_k\nabla f(x_{k+1})`.

    Raises
    ------
    UnsupportedError
        If the recurrence has another form (a gradient at an old point, more iterates).

    Examples
    --------
    >>> from symflow.core import x, s
    >>> from symflow.methods import Method
    >>> from sympy import Eq
    >>> prox = Method("inertial-prox", ("x",), (Eq(x(k + 1), x(k) + k / (k + 3) * (x(k) - x(k - 1))
    ...                                            - s * NablaF(x(k + 1))),), step_size=s)
    >>> inertial_coefficients(prox)
    (k/(k + 3), s)
    """
    recurrence = eliminate_auxiliary(method)
    primary = recurrence.sequence_function
    equation = recurrence.equation
    coefficients = vector_coefficients(equation.lhs - equation.rhs)
    lead = coefficients.pop(primary(k + 1), S.Zero)
    if lead == 0:
        raise UnsupportedError(f"{method.name}: its recurrence does not define {primary(k + 1)}")
    known = {primary(k), primary(k - 1), NablaF(primary(k + 1))}
    extra = set(coefficients) - known
    if extra:
        why = ("it takes a gradient at another point than x_(k+1)" if any(isinstance(a, NablaF) for a in extra)
               else f"its recurrence also names {', '.join(sorted(str(a) for a in extra))}")
        raise UnsupportedError(f"{method.name} is not an inertial proximal method x_(k+1) = x_k + beta_k(x_k - "
                               f"x_(k-1)) - gamma_k grad f(x_(k+1)): {why}")
    beta = cancel(coefficients.get(primary(k - 1), S.Zero) / lead)
    gamma = cancel(coefficients.get(NablaF(primary(k + 1)), S.Zero) / lead)
    if cancel(-coefficients.get(primary(k), S.Zero) / lead - 1 - beta) != 0 or gamma == 0:
        raise UnsupportedError(f"{method.name} is not an inertial proximal method x_(k+1) = x_k + beta_k(x_k - "
                               f"x_(k-1)) - gamma_k grad f(x_(k+1))")
    return beta, gamma


def _tau(beta: Expr) -> Expr:
    r""":math:`\tau_k = ak + b` with :math:`\tau_{k-1} = 1 + \tau_k\beta_k` for every :math:`k`."""
    a, b = Dummy("a"), Dummy("b")
    tau = a * k + b
    numerator = cancel(tau.subs(k, k - 1) - 1 - tau * beta).as_numer_denom()[0]
    equations = Poly(numerator, k).coeffs()
    for solution in solve(equations, [a, b], dict=True):
        found = tau.xreplace(solution)
        if not found.has(a, b) and cancel(found.coeff(k)) != 0:
            return found
    raise UnsupportedError(f"no sequence tau_k = a k + b has tau_(k-1) = 1 + tau_k beta_k for beta_k = {beta}")


def _eventually_above_one(ratio: Expr) -> bool | None:
    """Whether the rational function ``ratio`` of k is at least 1 for every large k (its leading coefficients);
    None when that depends on the parameters."""
    excess = cancel(ratio - 1)
    return True if excess == 0 else _leading_sign(excess)


def _leading_sign(expr: Expr) -> bool | None:
    """Whether the rational function ``expr`` of k is positive for every large k; None when the parameters decide."""
    numerator, denominator = cancel(expr).as_numer_denom()
    if numerator == 0:
        return False
    return (Poly(numerator, k).LC() * Poly(denominator, k).LC()).is_positive


def inertial_energy(method: Method) -> InertialEnergy:
    r"""The energy of the module docstring, derived from the method's :math:`\beta_k` and :math:`\gamma_k`.

    Examples
    --------
    Implicit Euler of Nesterov's ODE (:math:`t_k = (k + 1)\sqrt s`) is
    :math:`x_{k+1} = x_k + \frac{k+2}{k+5}(x_k - x_{k-1}) - \frac{s(k+2)}{k+5}\nabla f(x_{k+1})`:

    >>> from symflow.core import s, x
    >>> from symflow.methods import Method
    >>> from sympy import Eq, factor
    >>> m = Method("implicit", ("x",), (Eq(x(k + 1), x(k) + (k + 2) / (k + 5) * (x(k) - x(k - 1))
    ...                                    - s * (k + 2) / (k + 5) * NablaF(x(k + 1))),), step_size=s)
    >>> e = inertial_energy(m)
    >>> e.tau, factor(e.weight)
    (k/2 + 5/2, (k + 4)/(k + 2))
    """
    beta, gamma = inertial_coefficients(method)
    primary = vector_function(method.sequences[0])  # the sequence the recurrence keeps
    tau = _tau(beta)
    c = cancel(tau * gamma)
    area = cancel(c * (tau - 1))  # A_k
    ratio = factor(cancel(c * tau / area.subs(k, k + 1)))  # w_(k+1)/w_k
    j = Dummy("j", integer=True, nonnegative=True)
    if _eventually_above_one(ratio) is not False:
        # A_(k+1) <= c_k tau_k: the energy decreases unweighted; with the sign open in the parameters, the
        # unweighted energy is the candidate and the certificate's region decides where it holds
        weight = S.One
    else:
        weight = factor(gammasimp(product(ratio.subs(k, j), (j, method.start, k - 1))))
    if weight.has(Product) or not weight.is_rational_function(k):
        raise UnsupportedError(f"the weight of {method.name}'s energy is not a rational function of k: {weight}")
    if weight == 0:  # a factor of the product vanishes: the energy would be 0, a vacuous certificate
        raise UnsupportedError(f"the weight of {method.name}'s energy vanishes (A_(k+1) = 0 at some k): no energy")
    if any(_leading_sign(v) is False for v in (area, weight)):
        raise UnsupportedError(f"the energy derived from {method.name} is not positive for large k "
                               f"(A_k = {area}, w_k = {weight}): no Lyapunov function of this form")
    end = limit(weight, k, oo)
    if end.is_finite and end != 0:
        weight = factor(cancel(weight / end))
    shift = cancel(tau.subs(k, k - 1) - 1)
    z = primary(k) - x_star + shift * (primary(k) - primary(k - 1))
    energy = factor(cancel(weight * area)) * (FValue(primary(k)) - FValue(x_star)) + weight / 2 * norm2(z)
    return InertialEnergy(beta, gamma, tau, weight, energy)
